#!/bin/busybox sh
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
B=/usr/lib/xen-4.17/bin
$B/xenstored --pid-file /var/run/xen/xenstored.pid
$B/xen-init-dom0
$B/xenconsoled --pid-file=/var/run/xen/xenconsoled.pid
echo "XLTEST dom0 ready"
for c in $(cat /cases/order); do
  echo "XLTEST $c: xl create"
  { $B/xl create /cases/$c.cfg 2>&1; echo "rc $?" > /tmp/rc; } | sed "s/^/XLTEST $c: xl: /"
  echo "XLTEST $c: exit $(cut -d' ' -f2 /tmp/rc)"
  sleep 3
  $B/xl list | sed "s/^/XLTEST $c: list: /"
  $B/xl destroy "xl-$c" > /dev/null 2>&1
  sleep 1
done
echo "XLTEST DONE"
poweroff -f
