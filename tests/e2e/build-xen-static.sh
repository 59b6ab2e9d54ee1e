#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds, once, a Xen 4.17 hypervisor with static memory (CONFIG_STATIC_MEMORY,
# which `direct-map` needs; it depends on CONFIG_UNSUPPORTED): Debian's
# builds lack it, and QEMU's ZCU102 has no SMMU, so a guest driving GEM3's
# DMA needs its RAM at the machine addresses it sees (direct-map,
# docs/misc/arm/passthrough-noiommu.txt).
#   build-xen-static.sh   -> prints "build-xen-static: xen PATH" and
#                            "build-xen-static: config PATH"
# From the same Debian 12 source package version as the binary
# xen-hypervisor-4.17-arm64 (fetch-debs.sh --source: private deb-src entry),
# unpacked without Debian's patches (dpkg-source -x --skip-patches), with
# that binary package's boot/xen-4.17-arm64.config plus CONFIG_UNSUPPORTED=y
# and CONFIG_STATIC_MEMORY=y, cross-built with aarch64-linux-gnu- (needs
# make, flex, bison, python3, dpkg-dev). The result is kept in
# ${DTPART_CACHE:-$HOME/.cache/dtpart}/xen-static/4.17-VERSION/ (xen and
# its .config); a second run only prints the paths.
# Debian 13's Xen 4.20 source is listed but not served by the archive here
# (404 for its files): a static-memory Xen is built for 4.17 only.
set -eu
here=$(dirname "$0")
cache=${DTPART_CACHE:-$HOME/.cache/dtpart}
CROSS_COMPILE=${CROSS_COMPILE:-aarch64-linux-gnu-}
sh "$here/fetch-debs.sh" "$cache/e2e/bookworm" xen-hypervisor-4.17-arm64 > /dev/null
deb=$(ls "$cache/debs/bookworm/xen-hypervisor-4.17-arm64_"*.deb | sort -V | tail -1)
version=$(dpkg-deb -f "$deb" Version)
out=$cache/xen-static/4.17-$version
if [ ! -f "$out/xen" ] || [ ! -f "$out/config" ]; then
  missing=""
  for t in make:make flex:flex bison:bison python3:python3 dpkg-source:dpkg-dev "${CROSS_COMPILE}gcc:gcc-aarch64-linux-gnu"; do
    command -v "${t%%:*}" > /dev/null || missing="$missing ${t#*:}"
  done
  [ -z "$missing" ] || { echo "build-xen-static: missing tools; install with apt-get install$missing" >&2; exit 1; }
  work=$cache/xen-static/build
  rm -rf "$work"
  mkdir -p "$work"
  sh "$here/fetch-debs.sh" --source "$work/src" "xen=$version"
  cfg=$cache/e2e/bookworm/xen-hypervisor-4.17-arm64/boot/xen-4.17-arm64.config
  [ -f "$cfg" ] || { echo "build-xen-static: $cfg is missing; remove $cache/e2e/bookworm/xen-hypervisor-4.17-arm64 and run again" >&2; exit 1; }
  { cat "$cfg"; echo CONFIG_UNSUPPORTED=y; echo CONFIG_STATIC_MEMORY=y; } > "$work/src/xen/.config"
  # Run from `make check`, MAKEFLAGS carries the project's O=build/san:
  # Xen's make would take it for an out-of-tree build ("The source tree is
  # not clean"), so the build gets none of the caller's make variables.
  mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u O \
           make -C "$work/src/xen" XEN_TARGET_ARCH=arm64 CROSS_COMPILE="$CROSS_COMPILE" "$@"; }
  t0=$(date +%s)
  mk olddefconfig > "$work/build.log" 2>&1 && mk -j2 >> "$work/build.log" 2>&1 ||
    { tail -30 "$work/build.log" >&2; echo "build-xen-static: the build failed (log: $work/build.log)" >&2; exit 1; }
  grep -qx CONFIG_STATIC_MEMORY=y "$work/src/xen/.config" ||
    { echo "build-xen-static: olddefconfig dropped CONFIG_STATIC_MEMORY (see $work/src/xen/.config)" >&2; exit 1; }
  mkdir -p "$out.tmp"
  cp "$work/src/xen/xen" "$out.tmp/xen"
  cp "$work/src/xen/.config" "$out.tmp/config"
  rm -rf "$out"; mv "$out.tmp" "$out"
  rm -rf "$work"
  echo "build-xen-static: built Xen $version with static memory in $(( $(date +%s) - t0 ))s into $out" >&2
fi
echo "build-xen-static: xen $out/xen"
echo "build-xen-static: config $out/config"
