#!/bin/sh
# Installs the Debian packages dtpart needs when they are missing.
#   deps.sh build   what `make` needs
#   deps.sh check   what `make check` needs (adds cmocka, the aarch64 cross
#                   compiler for the freestanding checks, QEMU for e2e boots)
# As root it runs apt-get; otherwise it prints the exact command and fails.
set -eu
BUILD_PKGS="gcc make pkg-config libfdt-dev device-tree-compiler libxen-dev libjansson-dev"
CHECK_PKGS="$BUILD_PKGS libcmocka-dev gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-system-arm ca-certificates clang libclang-rt-14-dev valgrind cpio python3"
case "${1:-build}" in
  build) want=$BUILD_PKGS ;;
  check) want=$CHECK_PKGS ;;
  *) echo "usage: $0 build|check" >&2; exit 2 ;;
esac
missing=""
for p in $want; do
  st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$st" in *" installed") ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "dtpart: missing Debian packages:$missing" >&2
  echo "dtpart: run as root: apt-get update && apt-get install -y$missing" >&2
  exit 1
fi
echo "dtpart: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2
