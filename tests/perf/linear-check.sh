#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Regression guard against quadratic behaviour, without timing anything:
# callgrind counts the instructions dtpart executes for `list`, for
# `passthrough eth0 serial1` as users run it (xen.dts and dom1.dts written
# too) and with --no-dts, and for `check` of eight domains on synthetic
# trees of N and 10N nodes (bench's generator). Linear code grows about 10x;
# a per-node libfdt lookup would grow about 100x. Fails above 13x.
set -u
cd "${SRCDIR:-.}"
O=${O:-build}
export DTPART_BOARDS_DIR=boards
command -v valgrind > /dev/null || { echo "perf: valgrind missing"; exit 1; }
# valgrind cannot run sanitizer builds: use a plain build of the same source.
P=$O/plain
MAKEFLAGS= make --no-print-directory -s O="$P" SAN=0 "$P/dtpart" "$P/bench/gentree" > /dev/null || exit 1
DTPART=$P/dtpart
O=$P
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
small=${PERF_SMALL:-1000}; big=$((small * 10))
"$O/bench/gentree" "$small" "$work/s.dtb" && "$O/bench/gentree" "$big" "$work/b.dtb" || exit 1
ir() { # prints the instruction count of a dtpart run
  rm -rf "$work/out"
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$DTPART" "$@" > /dev/null 2>&1
  awk '/^summary:/ {print $2}' "$work/cg.out"
}
# Eight xl domains of a UART and GEM3 each, for `check` (they collide on
# purpose: the replay's whole path runs, its exit is ignored).
cfgs=""
for d in 1 2 3 4 5 6 7 8; do
  printf 'memory = 256\nirqs = [ %d, 95 ]\niomem = [ "0x%x,1", "0xff0e0,1" ]\n' \
    $((53 + d)) $((0xff000 + d * 0x10)) > "$work/dom$d.cfg"
  cfgs="$cfgs $work/dom$d.cfg"
done
fail=0; pass=0
for cmd in "list" "-o $work/out passthrough eth0 serial1 --domain 1" \
    "-o $work/out --no-dts passthrough eth0 serial1 --domain 1" "check$cfgs"; do
  # shellcheck disable=SC2086
  a=$(ir -H "$work/s.dtb" $cmd); b=$(ir -H "$work/b.dtb" $cmd)
  ratio=$(awk "BEGIN{printf \"%.2f\", $b / $a}")
  if awk "BEGIN{exit !($b / $a <= 13)}"; then
    pass=$((pass + 1)); echo "perf: dtpart $(echo "$cmd" | sed "s|$work/||g" | cut -c1-40)...: ${small} -> ${big} nodes: $a -> $b instructions, x$ratio"
  else
    fail=$((fail + 1)); echo "perf: FAIL dtpart $cmd grows x$ratio for 10x nodes (quadratic?)"
  fi
done
echo "perf: $pass passed, $fail failed"
[ $fail = 0 ]
