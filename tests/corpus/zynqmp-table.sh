#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every ZynqMP tree of a directory of DTBs (Linux 6.1's, as run-corpus.sh
# fetches them): each enabled Cadence UART that is not Xen's console and each
# enabled GEM, passed through on its own with no --clock, must be written and
# accepted by `dtpart check`. Prints one line per device (tree, device,
# result) and fails when any is not "ok". Usage: zynqmp-table.sh DTB-DIR WORK
# Environment: DTPART.
set -u
dir=$1; work=$2
DTPART=${DTPART:-build/dtpart}
mkdir -p "$work"
ok=0; bad=0
printf '%-48s %-30s %s\n' TREE DEVICE RESULT
for f in $(find "$dir" -name 'zynqmp-*.dtb' -o -name '*k26*.dtb' -o -name 'avnet-ultra96*.dtb' | sort); do
  b=$(basename "$f" .dtb)
  "$DTPART" -H "$f" -o "$work/list-$b" --json list > "$work/list.json" 2> /dev/null || continue
  # Enabled GEMs and Cadence UARTs that Xen does not keep.
  devs=$(python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
for d in j.get("devices", []):
    c = d.get("compatible") or ""
    if ("-gem" in c or "cdns,gem" in c or "cdns,uart" in c or "zynqmp-uart" in c) and d.get("status") != "disabled" \
       and not d.get("xen_role"):
        print(d["path"])' "$work/list.json")
  for p in $devs; do
    out="$work/run-$b"; rm -rf "$out"
    with=""
    # A GEM whose PHY sits on another GEM's MDIO bus goes with that GEM:
    # the guest needs the bus (ZC1751 dc4 puts all four PHYs on GEM0's).
    if ! "$DTPART" -H "$f" -o "$out" --no-dts passthrough "$p" --domain 1 > "$work/out.txt" 2> "$work/err.txt"; then
      with=$(sed -n 's/.*`phy-handle` refers to \(\/[^ ]*\)\/ethernet-phy@[0-9a-f]*, outside the device.*/\1/p' "$work/err.txt" | head -1)
    fi
    rm -rf "$out"
    # shellcheck disable=SC2086
    if "$DTPART" -H "$f" -o "$out" --no-dts passthrough "$p" $with --domain 1 > "$work/out.txt" 2> "$work/err.txt"; then
      if "$DTPART" -o "$out" check > "$work/check.txt" 2>&1; then res=ok${with:+ (with $with, whose MDIO bus has its PHY)}
      else res="check failed: $(grep -m1 'error' "$work/check.txt")"; fi
    else res="refused: $(grep -m1 '^dtpart: error' "$work/err.txt" | cut -c1-160)"; fi
    printf '%-48s %-30s %s\n' "$b" "$p" "$res"
    if [ "${res%% *}" = ok ]; then ok=$((ok + 1)); else bad=$((bad + 1)); fi
  done
done
echo "zynqmp: $ok devices passed through and checked, $bad failed"
[ "$bad" = 0 ]
