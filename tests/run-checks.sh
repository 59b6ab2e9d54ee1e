#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs every unit test binary and every check script given on the command
# line (binaries first, then `--`, then scripts), prints each result, and ends
# with the one summary line CI reads: "N passed, N failed".
# Environment: O (build dir of this run), DTC.
set -u
pass=0; fail=0; failed=""
phase=bin
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$(pwd)/tests/lsan.supp}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
for t in "$@"; do
  if [ "$t" = "--" ]; then phase=script; continue; fi
  start=$(date +%s)
  if [ "$phase" = bin ]; then "$t"; rc=$?; else sh "$t"; rc=$?; fi
  secs=$(( $(date +%s) - start ))
  if [ $rc -eq 0 ]; then pass=$((pass + 1)); echo "check: PASS $t (${secs}s)"
  else fail=$((fail + 1)); failed="$failed $t"; echo "check: FAIL $t (rc $rc, ${secs}s)"; fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "checks: $pass passed, $fail failed"
[ $fail -eq 0 ]
