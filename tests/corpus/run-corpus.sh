#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every arm64 device tree Debian ships (linux-image-6.1.0-*-arm64, about 576
# DTBs from every vendor): dtpart list, show on every listed device and check
# run under ASan/UBSan on each, and passthrough of its first three devices
# one by one. Zero crashes and zero sanitizer reports; every
# failure a clear message with a documented exit code. On the ZCU102 DTBs,
# GEM3 and UART1 passthrough must succeed with the values of the facts; on
# every ZynqMP tree, every enabled GEM and non-console Cadence UART passes
# through with no --clock (SoC data) and `check` accepts it
# (zynqmp-table.sh prints the table).
# Prints the counts. Environment: O, SRCDIR, DTPART.
set -u
cd "${SRCDIR:-.}"
O=${O:-build}
DTPART=${DTPART:-$O/dtpart}
export DTPART_BOARDS_DIR=boards
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=1"
work="$O/corpus"
rm -rf "$work/runs"; mkdir -p "$work/runs"
pkg=$(sh tests/e2e/fetch-debs.sh --resolve '^linux-image-6\.1\.0-[0-9]+-arm64$')
[ -n "$pkg" ] || { echo "corpus: cannot find Debian's arm64 kernel package"; exit 1; }
sh tests/e2e/fetch-debs.sh "$work/debs" "$pkg" || { echo "corpus: download failed"; exit 1; }
dtbs=$(find "$work/debs/$pkg" -name '*.dtb' | sort)
n_dtbs=0; n_devices=0; n_tried=0; n_written=0; crashes=0; unclear=0; fail=0; pass=0
refusals="$work/refusals.txt"; : > "$refusals"
documented=" 0 64 65 66 67 68 69 73 74 76 "
judge() { # NAME RC STDERR-FILE: crash / sanitizer / undocumented exit / no message
  case "$documented" in *" $2 "*) ;; *) crashes=$((crashes + 1)); echo "corpus: CRASH $1 (exit $2)"; tail -5 "$3"; return ;; esac
  if grep -q "Sanitizer\|runtime error" "$3"; then crashes=$((crashes + 1)); echo "corpus: SANITIZER $1"; grep -m3 "Sanitizer\|runtime error" "$3"; return; fi
  if [ "$2" != 0 ]; then
    if grep -q "^dtpart: error: ..*" "$3"; then
      sed -n 's/^dtpart: error: [^:]*: \(.*\)/\1/p' "$3" | head -1 | sed 's/^\/[^ ]* //; s/[:;(].*//' | cut -c1-70 >> "$refusals"
    else unclear=$((unclear + 1)); echo "corpus: UNCLEAR $1 (exit $2, no message)"; fi
  fi
}
for f in $dtbs; do
  n_dtbs=$((n_dtbs + 1))
  b=$(basename "$f" .dtb)
  "$DTPART" -H "$f" -o "$work/runs/$b" list > "$work/list.txt" 2> "$work/err.txt"
  judge "list $b" $? "$work/err.txt"
  paths=$(awk 'NR > 2 && $1 != "#" {print $1}' "$work/list.txt")
  n=$(echo "$paths" | grep -c .)
  n_devices=$((n_devices + n))
  if [ "$n" -gt 0 ]; then
    # shellcheck disable=SC2086
    "$DTPART" -H "$f" -o "$work/runs/$b" show $paths > /dev/null 2> "$work/err.txt"
    judge "show $b" $? "$work/err.txt"
  fi
  "$DTPART" -H "$f" -o "$work/runs/$b" check --host "$f" > /dev/null 2> "$work/err.txt"
  judge "check $b" $? "$work/err.txt"
  # The first three devices, each passed through on its own: a clear refusal,
  # or outputs that dtc reads back.
  for p in $(echo "$paths" | head -3); do
    out="$work/runs/one"; rm -rf "$out"
    n_tried=$((n_tried + 1))
    "$DTPART" -H "$f" -o "$out" --no-dts passthrough "$p" --domain 1 > /dev/null 2> "$work/err.txt"
    rc=$?
    judge "passthrough $b $p" $rc "$work/err.txt"
    [ $rc = 0 ] || continue
    if dtc -q -I dtb -O dts "$out/xen.dtb" > /dev/null 2>&1 && dtc -q -I dtb -O dts "$out/dom1.dtb" > /dev/null 2>&1; then
      n_written=$((n_written + 1))
    else crashes=$((crashes + 1)); echo "corpus: BAD OUTPUT $b $p: dtc cannot read it back"; fi
  done
done
# ZynqMP boards: ZCU102 has board data, the others the SoC data.
for f in $(echo "$dtbs" | grep '/xilinx/zynqmp-'); do
  b=$(basename "$f" .dtb)
  out="$work/runs/pt-$b"
  "$DTPART" -H "$f" -o "$out" --dtb-dir /etc/xen passthrough eth0 serial1 --domain 1 > "$work/pt.txt" 2> "$work/err.txt"
  rc=$?
  judge "passthrough $b" $rc "$work/err.txt"
  case "$b" in
  zynqmp-zcu102-*)
    if [ $rc = 0 ] && grep -qF 'irqs = [ 54, 95 ]' "$out/dom1.cfg" && grep -qF '"0xff010,1", "0xff0e0,1"' "$out/dom1.cfg" &&
       grep -qF 'dtdev = [ "/axi/ethernet@ff0e0000" ]' "$out/dom1.cfg" &&
       [ "$(fdtget -t x "$out/xen.dtb" /axi/ethernet@ff0e0000 iommus | cut -d' ' -f2)" = 877 ]; then
      pass=$((pass + 1))
    else fail=$((fail + 1)); echo "corpus: FAIL $b: GEM3 + UART1 passthrough (exit $rc)"; cat "$work/err.txt"; fi ;;
  *)
    if [ $rc != 0 ] && grep -q "clock rates\? unknown" "$work/err.txt"; then
      fail=$((fail + 1)); echo "corpus: FAIL $b: a clock rate the ZynqMP SoC data should give"; cat "$work/err.txt"
    else pass=$((pass + 1)); fi ;;
  esac
done
zdir=$(dirname "$(echo "$dtbs" | grep -m1 '/xilinx/zynqmp-zcu102-rev1.0')")
if DTPART="$DTPART" sh tests/corpus/zynqmp-table.sh "$zdir" "$work/zynqmp"; then pass=$((pass + 1))
else fail=$((fail + 1)); echo "corpus: FAIL: a ZynqMP GEM or UART did not pass through without --clock (table above)"; fi
echo "corpus: $n_dtbs DTBs, $n_devices devices listed, $crashes crashes or sanitizer reports, $unclear unclear failures"
echo "corpus: passthrough of each DTB's first three devices: $n_tried tried, $n_written written (read back by dtc), the rest refused with a message"
echo "corpus: refusals by reason:"
sort "$refusals" | uniq -c | sort -rn | head -12
[ $crashes = 0 ] && [ $unclear = 0 ] || fail=$((fail + 1))
echo "corpus: $pass passed, $fail failed"
[ $fail = 0 ]
