#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dom0's /init for the xl flow test: bring up the Xen toolstack, create the
# test domains with xl from dtpart's (merged) configs, report, power off.
# Every line the test reads starts with XLTEST and goes to dom0's console
# (hvc0), which Xen prints on the first serial port.
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
export LD_LIBRARY_PATH=/usr/lib/aarch64-linux-gnu:/lib/aarch64-linux-gnu
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /proc/xen /var/run/xen /run/xen /var/lib/xen /var/log/xen /var/lib/xenstored /tmp
mount -t devpts devpts /dev/pts
for m in xen-privcmd xenfs xen-evtchn xen-gntdev xen-gntalloc; do insmod /lib/modules/xen/$m.ko; done
mount -t xenfs xenfs /proc/xen
# Debian's /usr/sbin/xl is a wrapper script: call the version's binaries.
B=$(ls -d /usr/lib/xen-*/bin | head -1)
$B/xenstored --pid-file /var/run/xen/xenstored.pid
$B/xen-init-dom0
$B/xenconsoled --pid-file=/var/run/xen/xenconsoled.pid
echo "XLTEST dom0 ready (${B%/bin})"
# gone N: waits up to N half-seconds (counted on in $t) until xl lists dom0
# alone, then one more second: Xen frees a dead domain's IRQs in an RCU
# callback, after the domain has left the list.
gone() {
  n=0
  while [ "$($B/xl list | wc -l)" -gt 2 ]; do
    [ $n -ge "$1" ] && return 1
    sleep 0.5; n=$((n + 1)); t=$((t + 1))
  done
  sleep 1
}
for c in $(cat /cases/order); do
  echo "XLTEST $c: xl create"
  s0=$(date +%s)
  { $B/xl create /cases/$c.cfg 2>&1; echo "rc $?" > /tmp/rc; } | sed "s/^/XLTEST $c: xl: /"
  echo "XLTEST $c: exit $(cut -d' ' -f2 /tmp/rc)"
  $B/xl list | sed "s/^/XLTEST $c: list: /"
  # The test guest powers itself off after its last line (xl then destroys
  # it); one still there after 3 s (a Linux guest: /cases/$c.wait, in
  # half-seconds) is destroyed. The next case starts when only dom0 is
  # left: a dying domain still holds its IRQs.
  t=0
  gone "$(cat /cases/$c.wait 2>/dev/null || echo 6)" || { $B/xl destroy "xl-$c" > /dev/null 2>&1; gone 8; }
  echo "XLTEST $c: ended after $((t / 2)) s, $(( $(date +%s) - s0 )) s from xl create"
done
echo "XLTEST DONE"
poweroff -f
