#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the Linux test guest's initramfs (gzip'd newc cpio) from Debian
# arm64 packages unpacked with dpkg -x:
#   mkinitramfs.sh BUSYBOX-STATIC-DIR KERNEL-PACKAGE-DIR OUT
# busybox-static's /bin/busybox, init.sh as /init, udhcpc.sh, and the
# kernel's modules libphy fixed_phy fwnode_mdio of_mdio phylink macb (macb
# and the PHY layer are modules in Debian's 6.1 kernel; xuartps is built in).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bb=$1; kdir=$2
out=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
r=$out.root
rm -rf "$r"
mkdir -p "$r/bin" "$r/lib/modules" "$r/proc" "$r/sys" "$r/dev"
cp "$bb/bin/busybox" "$r/bin/busybox"
ln -s busybox "$r/bin/sh"
cp "$here/init.sh" "$r/init"; cp "$here/udhcpc.sh" "$r/udhcpc.sh"
chmod +x "$r/init" "$r/udhcpc.sh"
for m in libphy fixed_phy fwnode_mdio of_mdio phylink macb; do
  f=$(find "$kdir/lib/modules" -name "$m.ko" | head -1)
  [ -n "$f" ] || { echo "mkinitramfs: $m.ko is not in $kdir/lib/modules" >&2; exit 1; }
  cp "$f" "$r/lib/modules/"
done
(cd "$r" && find . | cpio -o -H newc 2> /dev/null | gzip -1 > "$out.tmp") && mv "$out.tmp" "$out"
rm -rf "$r"
