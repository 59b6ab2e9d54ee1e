# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
# Checks, before anything is built or booted, that the tools a real-Xen
# suite uses are installed; sourced by the runners, not run by itself.
#
#   needs PREFIX COMMAND:PACKAGE...
#       prints "PREFIX: COMMAND not found (Debian package PACKAGE)" for each
#       COMMAND not on PATH and returns 1 if any is missing
#   needs_cross_libc PREFIX
#       the aarch64 cross compiler must find the C library headers that
#       libfdt's headers include (libc6-dev-arm64-cross, only a Recommends of
#       gcc-aarch64-linux-gnu)
needs() {
  nd_prefix=$1; shift
  nd_rc=0
  for nd in "$@"; do
    command -v "${nd%%:*}" > /dev/null 2>&1 && continue
    echo "$nd_prefix: ${nd%%:*} not found (Debian package ${nd#*:}; install it with apt-get install ${nd#*:})"
    nd_rc=1
  done
  return $nd_rc
}

needs_cross_libc() {
  printf '#include <string.h>\n#include <stdint.h>\n' |
    "${CROSS_COMPILE:-aarch64-linux-gnu-}gcc" -E -x c -o /dev/null - > /dev/null 2>&1 && return 0
  echo "$1: ${CROSS_COMPILE:-aarch64-linux-gnu-}gcc finds no C library headers (string.h) (Debian package libc6-dev-arm64-cross; install it with apt-get install libc6-dev-arm64-cross)"
  return 1
}
