#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Fetches what the dom0less e2e suite needs from Debian's arm64 archive, once:
#   fetch-xen.sh VERSION...
#   xen-hypervisor-VERSION-arm64  each hypervisor QEMU boots (boot/xen-VERSION-arm64),
#                                 from the suite versions.sh names (4.17: bookworm,
#                                 4.20: trixie)
#   libfdt-dev (arm64, bookworm)  libfdt.a, linked into the bare-metal guest
# Downloads go through fetch-debs.sh (private apt configuration: /etc/apt and
# the machine's architectures stay untouched); the packages are unpacked with
# dpkg -x into ${DTPART_CACHE:-$HOME/.cache/dtpart}/e2e/SUITE/PACKAGE/. A
# second run finds them there and does nothing. Prints the paths it provides:
#   fetch-xen: xen VERSION PATH     (one line per VERSION)
#   fetch-xen: libfdt PATH
set -eu
here=$(dirname "$0")
. "$here/versions.sh"
[ $# -gt 0 ] || set -- $E2E_XEN_VERSIONS
dest=${DTPART_CACHE:-$HOME/.cache/dtpart}/e2e
# get SUITE PACKAGE: unpacked into $dest/SUITE/PACKAGE unless there already.
get() {
  [ -d "$dest/$1/$2" ] && return 0
  sh "$here/fetch-debs.sh" --suite "$1" "$dest/$1" "$2" || exit 1
  echo "fetch-xen: fetched and unpacked $2 ($1) into $dest/$1" >&2
}
for v in "$@"; do
  suite=$(xen_suite "$v") || exit 1
  get "$suite" "xen-hypervisor-$v-arm64"
  xen=$dest/$suite/xen-hypervisor-$v-arm64/boot/xen-$v-arm64
  [ -f "$xen" ] || { echo "fetch-xen: $xen is missing; remove $dest/$suite and run again" >&2; exit 1; }
  echo "fetch-xen: xen $v $xen"
done
get bookworm libfdt-dev
libfdt=$dest/bookworm/libfdt-dev/usr/lib/aarch64-linux-gnu/libfdt.a
[ -f "$libfdt" ] || { echo "fetch-xen: $libfdt is missing; remove $dest/bookworm and run again" >&2; exit 1; }
echo "fetch-xen: libfdt $libfdt"
