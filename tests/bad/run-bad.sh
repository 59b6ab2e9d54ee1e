#!/bin/sh
# Bad input: every error dtpart documents gets one clear message (which file,
# which node, what is wrong, how to fix), its documented exit code, and no
# output file changes. Each case runs against an output directory that holds
# a good earlier run; its bytes are compared before and after.
set -u
cd "${SRCDIR:-.}"
DTPART=${DTPART:-build/dtpart}
DTC=${DTC:-dtc}
export DTPART_BOARDS_DIR=boards
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0; fail=0
F=tests/fixtures

out="$work/out"
if ! "$DTPART" -b zcu102 -o "$out" passthrough serial1 --domain 1 > /dev/null 2>&1; then
  echo "bad: setup run failed"; exit 1
fi
snapshot() { (cd "$out" && find . -type f | sort | xargs sha256sum); }
before=$(snapshot)

# case NAME EXIT PATTERN ARGS...: dtpart ARGS must exit EXIT, print PATTERN
# (a fixed string) on stderr, and leave the output directory as it was.
case_() {
  name=$1; want_rc=$2; pattern=$3; shift 3
  "$DTPART" -o "$out" "$@" > "$work/stdout" 2> "$work/stderr"
  rc=$?
  msg=$(cat "$work/stderr")
  why=""
  [ "$rc" = "$want_rc" ] || why="exit $rc, want $want_rc"
  grep -qF -- "$pattern" "$work/stderr" || why="$why; message lacks '$pattern'"
  [ "$(snapshot)" = "$before" ] || why="$why; outputs changed"
  ls -a "$out" | grep -q '\.tmp\.' && why="$why; temporary files left"
  if [ -z "$why" ]; then pass=$((pass + 1))
  else fail=$((fail + 1)); echo "bad: FAIL $name: $why"; echo "  stderr: $msg"; fi
}

mkdir -p "$work/in"
head -c 200 "$out/xen.dtb" > "$work/in/truncated.dtb"
printf 'garbage that is no tree' > "$work/in/garbage.dtb"
cp "$out/xen.dtb" "$work/in/badstruct.dtb"
# Corrupt the structure block: overwrite bytes in the middle of the blob.
printf '\377\377\377\377\377\377\377\377' | dd of="$work/in/badstruct.dtb" bs=1 seek=300 conv=notrunc 2>/dev/null
# A blob whose header claims more than the file holds.
cp "$out/xen.dtb" "$work/in/short.dtb"; truncate -s -16 "$work/in/short.dtb"

# Crafted blobs: header fields pointing outside, overlapping blocks, a huge
# property length, a bad string offset, an unknown token, an invalid name.
python3 tests/bad/make-bad-blobs.py "$out/xen.dtb" "$work/in" || { echo "bad: cannot craft blobs"; exit 1; }
for b in struct-past-end strings-overlap-struct rsvmap-inside-struct size-struct-huge prop-length-huge \
         prop-nameoff-bad bad-token; do
  case_ "blob-$b" 65 "$b.dtb" -H "$work/in/$b.dtb" passthrough serial1 --domain 1
done
case_ blob-prop-length-self 65 "points back at itself" -H "$work/in/prop-length-self.dtb" passthrough serial1 --domain 1
# The same blob as a partial tree given to check: refused as invalid, not
# handed to libfdt's check (which never returns on it).
printf 'device_tree = "%s"\nirqs = [ 54 ]\n' "$work/in/prop-length-self.dtb" > "$work/in/self.cfg"
case_ partial-prop-length-self 69 "Xen would refuse" check --host "$out/xen.dtb" "$work/in/self.cfg"
if grep -qF "the partial device tree is not a valid blob" "$work/stdout"; then pass=$((pass + 1))
else fail=$((fail + 1)); echo "bad: FAIL partial-prop-length-self: no finding for the invalid partial tree"; fi
# A board file whose GIC line count is not a number.
mkdir -p "$work/boards/zcu102" && cp boards/zcu102/* "$work/boards/zcu102/"
sed -i 's/"gic_lines": 192/"gic_lines": "many"/' "$work/boards/zcu102/board.json"
DTPART_BOARDS_DIR="$work/boards"
case_ board-gic-lines 65 '"gic_lines" must be an integer' -b zcu102 passthrough serial1 --domain 1
DTPART_BOARDS_DIR=boards
case_ blob-version-16 65 "older than 17" -H "$work/in/version-16-old.dtb" passthrough serial1 --domain 1
case_ blob-node-name 65 "invalid name" -H "$work/in/node-name-space.dtb" passthrough serial1 --domain 1
# Bad xl configs given to dtpart check: named with their line.
printf 'name = "g"\nirqs = [ 54,\nmemory = = 3\n' > "$work/in/syntax.cfg"
case_ xl-syntax 69 "syntax.cfg:" check --host "$out/xen.dtb" "$work/in/syntax.cfg"
printf 'name = "g"\n\niomem = [ "0xff010" ]\n' > "$work/in/iomem.cfg"
case_ xl-bad-iomem 69 "iomem.cfg:3" check --host "$out/xen.dtb" "$work/in/iomem.cfg"
printf 'irqs = [ "x54" ]\n' > "$work/in/irq.cfg"
case_ xl-bad-irq 69 "Invalid argument parsing irq" check --host "$out/xen.dtb" "$work/in/irq.cfg"

case_ missing-host       66 "cannot open"            -H "$work/in/nothere.dtb" list
case_ truncated-blob     65 "truncated"              -H "$work/in/truncated.dtb" passthrough serial1 --domain 1
case_ short-blob         65 "truncated device tree blob" -H "$work/in/short.dtb" passthrough serial1 --domain 1
case_ corrupt-struct     65 "badstruct.dtb"          -H "$work/in/badstruct.dtb" passthrough serial1 --domain 1
case_ not-a-tree         65 "dtc rejected"           -H "$work/in/garbage.dtb" passthrough serial1 --domain 1
case_ dts-syntax         65 "syntax error"           -H $F/bad-syntax.dts list
case_ unknown-device     67 "no device named 'eth9'" passthrough eth9 --domain 1
case_ ambiguous-device   67 "names"                  passthrough ethernet --domain 1
case_ no-domain          64 "--domain N is required" passthrough eth0
case_ domain-zero        64 "dom0"                   passthrough eth0 --domain 0
case_ bad-domain         64 "not a number"           passthrough eth0 --domain x
case_ unknown-command    64 "unknown command"        frobnicate
case_ unknown-board      68 "no board named"         -b nosuchboard list
case_ console-uart       68 "console"                passthrough serial0 --domain 2
case_ gic                68 "GIC"                    passthrough /axi/interrupt-controller@f9010000 --domain 2
case_ smmu               68 "SMMU"                   passthrough /axi/iommu@fd800000 --domain 2
case_ owned-elsewhere    68 "release"                passthrough serial1 --domain 2
case_ disabled-device    68 "disabled"               passthrough /axi/ethernet@ff0b0000 --domain 2
case_ bad-clock-arg      64 "NAME=HZ"                passthrough eth0 --domain 1 --clock pclk
case_ clock-not-found    64 "has a clock named"               passthrough eth0 --domain 1 --clock nosuch=5
case_ release-not-owned  68 "dom0 owns it"           release eth0
case_ reg-cells          65 "not a multiple"         -H $F/bad-reg-cells.dts passthrough /axi/serial@ff010000 --domain 1
case_ no-interrupts      65 "no \`interrupts\`"      -H $F/bad-no-interrupts.dts passthrough /axi/serial@ff010000 --domain 1
case_ irq-not-gic        65 "not to the GIC"         -H $F/bad-irq-not-gic.dts passthrough /axi/serial@ff010000 --domain 1
case_ untranslatable     65 "cannot be translated"   -H $F/bad-untranslatable.dts passthrough /bus/serial@ff010000 --domain 1
case_ interrupt-cells    65 "not a multiple of the GIC" -H $F/bad-interrupt-cells.dts passthrough /axi/serial@ff010000 --domain 1
case_ dangling-parent    65 "points to no node"      -H $F/bad-dangling-parent.dts passthrough /axi/serial@ff010000 --domain 1
case_ address-cells      65 "#address-cells = <5>"   -H $F/bad-addr-cells.dts passthrough /axi/sub/serial@ff010000 --domain 1
case_ unknown-clock      68 "--clock"                -H $F/bad-unknown-clock.dts passthrough /axi/serial@ff010000 --domain 1
case_ ranges-gap         65 "not covered"            -H $F/bad-ranges-gap.dts passthrough /axi/serial@ff010000 --domain 1
# Bus masters with no stream ID (GENET-, FEC- and PL-DMA-shaped): refused
# without --sid or --force-no-iommu, the class named.
case_ dma-genet          68 'an Ethernet controller (compatible "brcm,bcm2711-genet-v5")' -H $F/bad-dma-no-sid.dts passthrough /axi/ethernet@7d580000 --domain 1
case_ dma-fec            68 'an Ethernet controller (compatible "fsl,imx8mm-fec")' -H $F/bad-dma-no-sid.dts passthrough /axi/ethernet@30be0000 --domain 1
case_ dma-pl-axi-dma     68 'a DMA engine (compatible "xlnx,axi-dma-1.00.a")' -H $F/bad-dma-no-sid.dts passthrough /axi/dma@a0000000 --domain 1
# With --sid the PL DMA is protected, but enabling the SMMU leaves dom0's
# two Ethernets without a mapping: refused, both named.
case_ dma-dom0-unmapped  68 '/axi/ethernet@7d580000 (an Ethernet controller' -H $F/bad-dma-no-sid.dts passthrough /axi/dma@a0000000 --sid 0x880 --domain 1

# Unwritable output: the output "directory" is a file.
touch "$work/plainfile"
"$DTPART" -o "$work/plainfile" passthrough serial1 --domain 1 > /dev/null 2> "$work/stderr"
rc=$?
if [ $rc = 73 ] && grep -qF "plainfile" "$work/stderr" && [ ! -s "$work/plainfile" ]; then pass=$((pass + 1))
else fail=$((fail + 1)); echo "bad: FAIL unwritable-output: exit $rc: $(cat "$work/stderr")"; fi

# A corrupt state file: refused, named, nothing else touched.
cp "$out/dtpart.json" "$work/state.bak"
printf '{ "format": 1, "domains": [ ' > "$out/dtpart.json"
before=$(snapshot)
case_ corrupt-state 74 "dtpart.json" passthrough eth0 --domain 1
cp "$work/state.bak" "$out/dtpart.json"

# A refused first run leaves no output directory behind (nor the parents it made).
"$DTPART" -o "$work/fresh/out" passthrough eth9 --domain 1 > /dev/null 2>&1
rc=$?
if [ $rc = 67 ] && [ ! -e "$work/fresh" ]; then pass=$((pass + 1))
else fail=$((fail + 1)); echo "bad: FAIL fresh-dir-refused: exit $rc, $(ls -aR "$work/fresh" 2>&1 | tr '\n' ' ')"; fi

# A plan with fields or values this dtpart does not know (a hand edit, a newer
# dtpart): refused like a corrupt one, the field named, nothing touched.
sed 's/"mode": "xl"/"mode": "hvm"/' "$work/state.bak" > "$out/dtpart.json"
before=$(snapshot)
case_ state-unknown-mode 74 'domains[0] (id 1): "mode" must be "xl" or "dom0less", not "hvm"' passthrough eth0 --domain 1
case_ state-unknown-mode-check 74 'dtpart.json' check
sed 's/"format": 1,/"format": 1, "colour": 3,/' "$work/state.bak" > "$out/dtpart.json"
before=$(snapshot)
case_ state-unknown-field 74 'unknown field "colour"' release serial1
sed 's/"path": "\/axi\/serial@ff010000"/&, "pinned": true/' "$work/state.bak" > "$out/dtpart.json"
before=$(snapshot)
case_ state-unknown-device-field 74 'devices[0]: unknown field "pinned"' list
cp "$work/state.bak" "$out/dtpart.json"

# Files named like a domain's outputs that the plan does not account for:
# check names each one and the rm that removes them (exit 69).
cp "$out/dom1.cfg" "$out/dom7.cfg"; cp "$out/dom1.dtb" "$out/dom7.dtb"
before=$(snapshot)
case_ stray-domain-files 69 "rm -- $out/dom7.cfg $out/dom7.dtb" check
grep -qF "$out/dom7.cfg: domain 7 is not in $out/dtpart.json" "$work/stderr" && pass=$((pass + 1)) ||
  { fail=$((fail + 1)); echo "bad: FAIL stray-domain-files: dom7.cfg not named: $(cat "$work/stderr")"; }
rm "$out/dom7.cfg" "$out/dom7.dtb"
# An xl config next to a dom0less domain: Xen starts it from /chosen already.
d0l="$work/dom0less"
printf 'kernel' > "$work/kernel.bin"
"$DTPART" -b zcu102-qemu -o "$d0l" passthrough serial1 --domain 1 --dom0less --kernel "$work/kernel.bin" > /dev/null 2>&1 ||
  { fail=$((fail + 1)); echo "bad: FAIL dom0less setup run"; }
printf 'irqs = [ 54 ]\n' > "$d0l/dom1.cfg"
saved_out=$out; out=$d0l; before=$(snapshot)
case_ stray-dom0less-cfg 69 "domain 1 is a dom0less domain" check
out=$saved_out; before=$(snapshot)

# Another run holds the directory: --wait 0 gives up at once with exit 75,
# naming the directory; nothing read or changed.
mkfifo "$work/go"
flock -x "$out/.dtpart-lock" sh -c ': > "$1"; read -r _ < "$2"' sh "$work/held" "$work/go" &
holder=$!
n=0; while [ ! -e "$work/held" ] && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
case_ busy-writer 75 "$out: another run is using this output directory (pid $holder" --wait 0 passthrough eth0 --domain 1
case_ busy-reader 75 "$out: another run is using this output directory" --wait 0 check
echo > "$work/go"; wait "$holder"
case_ bad-wait 64 "--wait -3: want whole seconds" --wait -3 list

echo "bad: $pass passed, $fail failed"
[ "$fail" = 0 ]
