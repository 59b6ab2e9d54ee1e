#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# iommu/ and hypervisor/ must link into a hypervisor: compile them for
# aarch64 with -ffreestanding -nostdlib, link them together, and fail on any
# symbol they need from outside (memset, printf, malloc...).
set -eu
CROSS=${CROSS_COMPILE:-aarch64-linux-gnu-}
srcs=${FREESTANDING_SRCS:-}
if [ -z "$srcs" ]; then echo "freestanding: no sources listed"; exit 1; fi
out="${O:-build}/freestanding"
mkdir -p "$out"
objs=""
for s in $srcs; do
  o="$out/$(echo "$s" | tr / _).o"
  "${CROSS}gcc" -std=c11 -ffreestanding -nostdlib -fno-builtin -O2 -Wall -Wextra -Werror -Wshadow \
    -Wwrite-strings -Wformat=2 -Wmissing-prototypes -Wstrict-prototypes -Ihypervisor/src \
    -Iiommu/include -Ihypervisor/include -c "$s" -o "$o"
  objs="$objs $o"
done
# shellcheck disable=SC2086
"${CROSS}ld" -r -o "$out/all.o" $objs
undef=$("${CROSS}nm" -u "$out/all.o" || true)
if [ -n "$undef" ]; then
  echo "freestanding: undefined symbols (the libraries must not need libc):"
  echo "$undef"
  exit 1
fi
echo "freestanding: $(echo $srcs | wc -w) sources build for aarch64 with -ffreestanding -nostdlib, no external symbols"
