#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Cross-compiles the e2e guest: build-guest.sh LIBFDT_DEV_DIR OUT.bin
set -eu
here=$(dirname "$0")
fdtdev=$1; out=$2
CROSS=${CROSS_COMPILE:-aarch64-linux-gnu-}
flags="-O2 -ffreestanding -nostdlib -fno-stack-protector -mstrict-align -mgeneral-regs-only -fno-pie -no-pie -static"
"${CROSS}gcc" $flags -I"$fdtdev/usr/include" -T "$here/guest.ld" -o "$out.elf" \
  "$here/start.S" "$here/guest.c" "$here/libc.c" "$fdtdev/usr/lib/aarch64-linux-gnu/libfdt.a"
"${CROSS}objcopy" -O binary "$out.elf" "$out"
