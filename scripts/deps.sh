#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The Debian packages dtpart needs, named one by one: nothing may arrive only
# through a Recommends (packages are installed with --no-install-recommends,
# as on a minimal Debian 12).
#   deps.sh build     what `make` needs
#   deps.sh check     what `make check` needs: adds cmocka, the aarch64 cross
#                     compiler and its C library for the freestanding checks
#                     and the e2e guest, QEMU, cpio and the arm64 .deb
#                     fetches of the e2e and corpus tests, clang's libFuzzer,
#                     valgrind, python3
#   deps.sh deb       what `make check-deb` needs: the build set plus
#                     debhelper, dpkg-dev, build-essential and lintian
#   deps.sh --print SET   only say what is missing and how to install it
#   deps.sh probe     the check `make` runs before compiling: does the
#                     compiler find the headers (CC, CPPFLAGS, CFLAGS and
#                     XEN_CFLAGS from the environment) and is $DTC there?
#                     When not, which Debian packages are missing.
# As root it runs apt-get; otherwise it prints the exact command and fails.
# Exit: 0 all there (or installed), 1 missing, 2 usage.
set -eu
BUILD_PKGS="gcc libc6-dev make pkg-config libfdt-dev device-tree-compiler libxen-dev libjansson-dev"
CHECK_PKGS="$BUILD_PKGS libcmocka-dev gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu
  libc6-dev-arm64-cross qemu-system-arm ca-certificates clang libclang-rt-14-dev valgrind
  cpio gzip python3 flex bison dpkg-dev u-boot-tools"
DEB_PKGS="$BUILD_PKGS build-essential debhelper dpkg-dev lintian"

print_only=no
if [ "${1:-}" = --print ]; then print_only=yes; shift; fi

# missing SET-OF-PACKAGES: prints the names dpkg does not have installed.
missing() {
  out=""
  for p in "$@"; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$st" in *" installed") ;; *) out="$out $p" ;; esac
  done
  echo "$out"
}

# tell MISSING SET: how to install them, on stderr.
tell() {
  echo "dtpart: missing Debian packages:$1" >&2
  echo "dtpart: install them as root: apt-get update && apt-get install -y --no-install-recommends$1" >&2
  echo "dtpart:   (or as root: sh scripts/deps.sh $2, which \`make demo\`, \`make check\` and \`make check-deb\` run)" >&2
}

if [ "${1:-}" = probe ]; then
  err=$(mktemp)
  trap 'rm -f "$err"' EXIT
  ok=yes
  # One preprocessor run over every header the build includes from outside.
  # shellcheck disable=SC2086
  printf '#include <stdint.h>\n#include <libfdt.h>\n#include <jansson.h>\n#include <libxl.h>\n#include <libxlutil.h>\n' |
    ${CC:-cc} ${CPPFLAGS:-} ${XEN_CFLAGS:-} ${CFLAGS:-} -E -x c -o /dev/null - 2> "$err" || ok=no
  command -v "${DTC:-dtc}" > /dev/null 2>&1 || { ok=no; echo "'${DTC:-dtc}' (the device-tree compiler) not found" >> "$err"; }
  [ $ok = yes ] && exit 0
  echo "dtpart: cannot build:" >&2
  grep -m 3 -i "error\|not found" "$err" | sed 's/^.*deps\.sh: [0-9]*: //; s/^/dtpart:   /' >&2 || true
  if command -v dpkg-query > /dev/null 2>&1; then
    m=$(missing $BUILD_PKGS)
    if [ -n "$m" ]; then tell "$m" build; exit 1; fi
    echo "dtpart: every Debian package of the build is installed ($BUILD_PKGS); check CC, CPPFLAGS, CFLAGS, PKG_CONFIG and DTC" >&2
  else
    echo "dtpart: needed: a C11 compiler and C library headers, libfdt, jansson, Xen's libxenlight and libxlutil (headers and libraries), dtc, pkg-config" >&2
  fi
  exit 1
fi

case "${1:-build}" in
  build) want=$BUILD_PKGS ;;
  check) want=$CHECK_PKGS ;;
  deb) want=$DEB_PKGS ;;
  *) echo "usage: $0 [--print] build|check|deb | probe" >&2; exit 2 ;;
esac
# shellcheck disable=SC2086
m=$(missing $want)
[ -z "$m" ] && exit 0
if [ $print_only = yes ] || [ "$(id -u)" != 0 ]; then
  tell "$m" "$1"
  exit 1
fi
echo "dtpart: installing:$m" >&2
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
# shellcheck disable=SC2086
if apt-get update -qq > "$log" 2>&1 && apt-get install -y -qq --no-install-recommends $m >> "$log" 2>&1; then
  echo "dtpart: installed $(grep -c '^Setting up ' "$log") packages" >&2
  rm -f "$log"
else
  tail -20 "$log" >&2
  echo "dtpart: apt-get failed (full log: $log)" >&2
  exit 1
fi
