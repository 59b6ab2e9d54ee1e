#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs each fuzzer for FUZZ_SECONDS on a corpus under $O/fuzz/corpus-NAME,
# seeded from every board and fixture tree (compiled with dtc), the bad-input
# catalogue's crafted blobs, Debian's real DTBs when the corpus test has
# fetched them, and the crash regressions in tests/fuzz/regressions/. Prints
# CPU time, coverage and corpus size per fuzzer; fails on any crash or on an
# input that runs longer than FUZZ_TIMEOUT seconds, a hang (the input is kept).
set -u
O=${O:-build}
secs=${FUZZ_SECONDS:-60}
DTC=${DTC:-dtc}
seeds="$O/fuzz/seeds"
mkdir -p "$seeds"
for d in boards/*/*.dts tests/fixtures/*.dts; do
  [ -f "$d" ] || continue
  "$DTC" -q -@ -I dts -O dtb -o "$seeds/$(basename "$d" .dts).dtb" "$d" 2>/dev/null || true
done
[ -d tests/fuzz/regressions ] && cp tests/fuzz/regressions/* "$seeds/" 2>/dev/null
# The bad-input catalogue's crafted blobs, from the ZCU102 tree.
if [ -f "$seeds/zcu102.dtb" ] && command -v python3 > /dev/null; then
  python3 tests/bad/make-bad-blobs.py "$seeds/zcu102.dtb" "$seeds" 2>/dev/null || true
fi
# Real trees, when `make check-corpus` has fetched Debian's: every ZynqMP one
# and every eighth of the rest.
for d in "$O/corpus/debs" "$O/san/corpus/debs" build/san/corpus/debs; do
  [ -d "$d" ] || continue
  find "$d" -name '*.dtb' | sort | awk '/zynqmp/ || NR % 8 == 0' | while read -r f; do
    cp "$f" "$seeds/real-$(basename "$f")"
  done
  break
done
export LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp"
rc=0
for f in "$@"; do
  name=$(basename "$f")
  corpus="$O/fuzz/corpus-$name"
  mkdir -p "$corpus"
  log="$O/fuzz/log-$name.txt"
  start=$(date +%s)
  extra=""
  case "$name" in fuzz_xlcfg) extra="tests/fuzz/seeds-xlcfg tests/fuzz/regressions-xlcfg" ;; esac
  # shellcheck disable=SC2086
  if "$f" -max_total_time="$secs" -timeout="${FUZZ_TIMEOUT:-10}" -print_final_stats=1 -artifact_prefix="$O/fuzz/$name-" "$corpus" "$seeds" $extra > "$log" 2>&1; then
    st=ok
  else
    st=CRASH; rc=1
  fi
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}')
  echo "fuzz: $name $st after $(( $(date +%s) - start ))s, $cov, ${execs:-?} runs, corpus $(ls "$corpus" | wc -l)"
  [ "$st" = ok ] || tail -30 "$log"
done
exit $rc
