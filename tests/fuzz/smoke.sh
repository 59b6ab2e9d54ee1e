#!/bin/sh
# make check: a short fuzzing run of every harness (FUZZ_SECONDS, default 10),
# plus every crash regression input replayed.
set -eu
cd "${SRCDIR:-.}"
O=${O:-build}
make --no-print-directory -s O="$O" fuzzers > /dev/null
FUZZ_SECONDS=${FUZZ_SECONDS:-10} O="$O" sh tests/fuzz/run-fuzz.sh $(find "$O/fuzz" -maxdepth 1 -type f -name "fuzz_*" -perm -u+x)
