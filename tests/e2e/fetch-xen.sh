#!/bin/sh
# Fetches what the dom0less e2e suite needs from Debian's arm64 archive, once:
#   xen-hypervisor-4.17-arm64  the hypervisor QEMU boots (boot/xen-4.17-arm64)
#   libfdt-dev (arm64)         libfdt.a, linked into the bare-metal guest
# Downloads go through fetch-debs.sh (private apt configuration: /etc/apt and
# the machine's architectures stay untouched); the packages are unpacked with
# dpkg -x into ${DTPART_CACHE:-$HOME/.cache/dtpart}/e2e/<package>/. A second
# run finds them there and does nothing. Prints the paths it provides.
set -eu
here=$(dirname "$0")
dest=${DTPART_CACHE:-$HOME/.cache/dtpart}/e2e
fetched=""
for p in xen-hypervisor-4.17-arm64 libfdt-dev; do
  [ -d "$dest/$p" ] || fetched="$fetched $p"
done
if [ -n "$fetched" ]; then
  # shellcheck disable=SC2086 # one word per package
  sh "$here/fetch-debs.sh" "$dest" $fetched
  echo "fetch-xen: fetched and unpacked$fetched into $dest"
else
  echo "fetch-xen: cached in $dest"
fi
xen=$dest/xen-hypervisor-4.17-arm64/boot/xen-4.17-arm64
libfdt=$dest/libfdt-dev/usr/lib/aarch64-linux-gnu/libfdt.a
for f in "$xen" "$libfdt"; do
  [ -f "$f" ] || { echo "fetch-xen: $f is missing; remove $dest and run again" >&2; exit 1; }
done
echo "fetch-xen: xen $xen"
echo "fetch-xen: libfdt $libfdt"
