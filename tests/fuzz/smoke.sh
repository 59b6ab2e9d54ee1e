#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# make check: a short fuzzing run of every harness (FUZZ_SECONDS, default 10),
# plus every crash regression input replayed.
set -eu
cd "${SRCDIR:-.}"
O=${O:-build}
make --no-print-directory -s O="$O" fuzzers > /dev/null
# Named, not found: a harness that failed to build must fail the check.
FUZZ_SECONDS=${FUZZ_SECONDS:-10} O="$O" sh tests/fuzz/run-fuzz.sh "$O/fuzz/fuzz_tree" "$O/fuzz/fuzz_check" \
  "$O/fuzz/fuzz_xlcfg"
