#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /init of the Linux test guest (run-linux.sh; run-xl.sh's case L). Every
# line the tests read starts with DTPART-GUEST and goes to the console, the
# passed-through UART1 (QEMU's second serial port). The kernel command line
# says what to try: dtpart.case=NAME, dtpart.net=none|probe|dhcp
#   probe  load the PHY layer and macb; report the probe and the PHY
#   dhcp   the same, then bring eth0 up, ask QEMU's user network for a lease
#          (udhcpc) and ping its gateway 10.0.2.2 three times
# and ends with DTPART-GUEST DONE and a power-off (PSCI SYSTEM_OFF).
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
say() { echo "DTPART-GUEST $*"; }
net=none; name=unnamed
for a in $(cat /proc/cmdline); do
  case $a in dtpart.net=*) net=${a#*=} ;; dtpart.case=*) name=${a#*=} ;; esac
done
say "linux $(uname -r) case=$name console=$(cat /sys/class/tty/console/active 2>/dev/null)"
# Where the console's UART is: its platform device is named by the guest
# address of its reg (ff010000.serial 1:1; another address when dtpart
# placed it elsewhere), and /proc/iomem shows the range its driver holds
# (xuartps).
say "ttyPS1 at $(basename "$(readlink /sys/class/tty/ttyPS1/device 2>/dev/null)")"
grep -E "serial|xuartps" /proc/iomem | sed 's/^ */DTPART-GUEST iomem: /'
if [ "$net" != none ]; then
  # The order matters: each needs the symbols of those before it.
  for m in libphy fixed_phy fwnode_mdio of_mdio phylink macb; do
    insmod "/lib/modules/$m.ko" || say "insmod $m failed"
  done
  if [ -e /sys/class/net/eth0/device/driver ]; then
    say "eth0 probed by $(basename "$(readlink /sys/class/net/eth0/device/driver)") at $(basename "$(readlink /sys/class/net/eth0/device)")"
  else
    say "eth0 not probed"
  fi
fi
if [ "$net" = dhcp ]; then
  ip link set eth0 up
  # The PHY attaches when the interface opens (macb_open).
  for p in /sys/class/net/eth0/phydev /sys/class/mdio_bus/*/*/driver; do
    [ -e "$p" ] && say "phy $(basename "$(readlink -f "${p%/driver}")") driver $(basename "$(readlink "${p%/driver}/driver")")" && break
  done
  if udhcpc -i eth0 -f -q -n -t 4 -T 1 -A 1 -s /udhcpc.sh; then
    ping -c 3 -W 2 10.0.2.2 2>&1 | sed 's/^/DTPART-GUEST ping: /'
  else
    say "no lease"
  fi
fi
# A command's output: the interrupt lines of the passed-through devices.
grep -E 'xuartps|ff0e0000|eth0' /proc/interrupts | sed 's/^/DTPART-GUEST interrupts: /'
awk '/xuartps/ {print "DTPART-GUEST irq count xuartps " $2}' /proc/interrupts
say DONE
sync
poweroff -f
