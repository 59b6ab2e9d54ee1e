#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# SoC and board data without a download: a ZynqMP tree no board data knows
# gets every GEM and UART rate from the ZynqMP SoC data (and says so); a
# copy of dom0's clk_summary (--clock-summary) wins over it; -H TREE -b BOARD
# borrows the board's rates; the partial tree's fixed clocks carry them.
# Environment: SRCDIR, DTPART.
set -u
cd "${SRCDIR:-.}"
DTPART=${DTPART:-build/dtpart}
DTC=${DTC:-dtc}
export DTPART_BOARDS_DIR=boards
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0; fail=0
F=tests/fixtures
T=$F/zynqmp-soc-only.dts
devs="/axi/ethernet@ff0e0000 /axi/serial@ff010000"

# case NAME PATTERN... -- ARGS: passthrough must succeed, print each PATTERN
# on stdout, and write each rate (Hz) of a pattern "NAME=HZ Hz" into dom1.dtb.
case_() {
  name=$1; shift
  pats=""
  while [ "$1" != "--" ]; do pats="$pats
$1"; shift; done
  shift
  out="$work/$name"
  # shellcheck disable=SC2086
  if ! "$DTPART" -o "$out" --no-dts "$@" passthrough $devs --domain 1 --force-no-iommu > "$work/stdout" 2> "$work/stderr"; then
    fail=$((fail + 1)); echo "soc-data: FAIL $name: refused"; cat "$work/stderr"; return
  fi
  why=""
  tree=$("$DTC" -q -I dtb -O dts "$out/dom1.dtb")
  echo "$pats" | while IFS= read -r p; do
    [ -n "$p" ] || continue
    grep -qF -- "$p" "$work/stdout" || echo "stdout lacks '$p'"
    hz=$(echo "$p" | sed -n 's/.*=\([0-9]*\) Hz.*/\1/p')
    [ -z "$hz" ] || echo "$tree" | grep -q "clock-frequency = <$(printf '0x%x' "$hz")>" || echo "dom1.dtb has no fixed clock of $hz Hz"
  done > "$work/why"
  why=$(cat "$work/why")
  if [ -z "$why" ]; then pass=$((pass + 1))
  else fail=$((fail + 1)); echo "soc-data: FAIL $name: $why"; cat "$work/stdout"; fi
}

case_ soc-defaults "hclk=124987511 Hz (the zynqmp SoC default)" "tsu_clk=249975021 Hz (the zynqmp SoC default)" \
  "uart_clk=99990005 Hz (the zynqmp SoC default)" -- -H "$T"
case_ clk-summary "hclk=124998750 Hz (clk_summary" "tsu_clk=249997500 Hz (clk_summary" \
  "uart_clk=99999000 Hz (clk_summary" -- -H "$T" --clock-summary "$F/clk_summary-zcu102.txt"
case_ borrowed-board "hclk=124999000 Hz (board data 'ultrazed')" "uart_clk=99999000 Hz (board data 'ultrazed')" -- -H "$T" -b ultrazed
# The borrowed board stays with the plan: a later run with no -H or -b
# gives its rates again, on the plan's tree.
if "$DTPART" -o "$work/borrowed-board" --no-dts release /axi/serial@ff010000 > /dev/null 2> "$work/stderr" &&
   "$DTPART" -o "$work/borrowed-board" --no-dts passthrough /axi/serial@ff010000 --domain 2 > "$work/stdout" 2>> "$work/stderr" &&
   grep -qF "uart_clk=99999000 Hz (board data 'ultrazed')" "$work/stdout"; then pass=$((pass + 1))
else fail=$((fail + 1)); echo "soc-data: FAIL borrowed-board-kept: a later run lost the borrowed board data"; cat "$work/stdout" "$work/stderr"; fi
case_ option-wins "uart_clk=99990005 Hz (the zynqmp SoC default)" -- -H "$T" --clock hclk=125000000
if grep -qF "hclk=" "$work/stdout"; then fail=$((fail + 1)); echo "soc-data: FAIL option-wins: a --clock rate reported as assumed"
else pass=$((pass + 1)); fi

# The SoC data gives the stream IDs of masters the tree registers with no
# SMMU (the upstream-shaped ZCU102: board data for its rates, SoC data for
# its stream IDs).
if "$DTPART" -H "$F/no-iommus-zcu102.dts" -o "$work/sid" show eth0 2> /dev/null | grep -q 'stream id   0x877 from'; then pass=$((pass + 1))
else fail=$((fail + 1)); echo "soc-data: FAIL gem3-sid: GEM3 lacks stream ID 0x877 from the SoC data"; fi

# Valid trees once called malformed: a gpio-hog's `gpios = <0 0>` has no
# phandle; the I2C bus passes through with its hog copied as it is.
if "$DTPART" -H "$F/zynqmp-alias-glue-hog.dts" -o "$work/hog" passthrough i2c0 --domain 1 > /dev/null 2> "$work/stderr" &&
   "$DTC" -q -I dtb -O dts "$work/hog/dom1.dtb" | grep -q 'gpios = <0x00 0x00>'; then pass=$((pass + 1))
else fail=$((fail + 1)); echo "soc-data: FAIL gpio-hog: I2C0 with a gpio-hog not passed through"; cat "$work/stderr"; fi

echo "soc-data: $pass passed, $fail failed"
[ "$fail" = 0 ]
