#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
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
# The output directory is the truth: a file of it checked without --host
# is compared with DIR/xen.dtb (not the board's original tree) and passes.
if ! "$DTPART" -o "$out" check "$out/dom1.cfg" > "$work/check.txt" 2>&1 || ! grep -qF "checking against $out/xen.dtb" "$work/check.txt"; then
  echo "bad: FAIL check-file-on-outputs: dom1.cfg fails against the outputs' xen.dtb"; cat "$work/check.txt"; exit 1
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
case_ blob-prop-length-self 65 "has length 0xfffffff4, which runs past the structure block" -H "$work/in/prop-length-self.dtb" passthrough serial1 --domain 1
# The same blob as a partial tree given to check: refused as invalid, not
# handed to libfdt's check (which never returns on it).
printf 'device_tree = "%s"\nirqs = [ 54 ]\n' "$work/in/prop-length-self.dtb" > "$work/in/self.cfg"
case_ partial-prop-length-self 69 "Xen would refuse" check --host "$out/xen.dtb" "$work/in/self.cfg"
if grep -qF "the partial device tree is not a valid blob" "$work/stdout"; then pass=$((pass + 1))
else fail=$((fail + 1)); echo "bad: FAIL partial-prop-length-self: no finding for the invalid partial tree"; fi
# Commands that read a directory's state refuse one without a plan unless a
# tree is named (they used to answer for the default board).
for c in smmu "release eth0"; do
  # shellcheck disable=SC2086
  "$DTPART" -o "$work/noplan" $c > /dev/null 2> "$work/stderr"; rc=$?
  if [ $rc = 74 ] && grep -qF "has no plan" "$work/stderr" && [ ! -e "$work/noplan/dtpart.json" ]; then pass=$((pass + 1))
  else fail=$((fail + 1)); echo "bad: FAIL no-plan-$c: exit $rc"; cat "$work/stderr"; fi
done
# SoC data whose GIC line count is not a number.
mkdir -p "$work/boards/zcu102" "$work/boards/zynqmp" && cp boards/zcu102/* "$work/boards/zcu102/" &&
  cp boards/zynqmp/* "$work/boards/zynqmp/"
sed -i 's/"gic_lines": 192/"gic_lines": "many"/' "$work/boards/zynqmp/soc.json"
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

# Files given to check whose domains cannot be told apart: refused with the
# way to say it (FILE:N), nothing written.
printf 'name = "twin"\nirqs = [ 54 ]\n' > "$work/in/twin-a.cfg"
cp "$work/in/twin-a.cfg" "$work/in/twin-b.cfg"
case_ check-same-domain 64 "twin-b.cfg are both domain 2 (as given; as given): give each its domain as FILE:N" \
  check --host "$out/xen.dtb" "$work/in/twin-a.cfg:2" "$work/in/twin-b.cfg:2"
plan_name=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["domains"][0]["name"])' "$out/dtpart.json")
printf 'name = "%s"\n' "$plan_name" > "$work/in/named-a.cfg"; cp "$work/in/named-a.cfg" "$work/in/named-b.cfg"
case_ check-same-name 64 "are both domain 1 (from its name in the plan; from its name in the plan)" \
  check --host "$out/xen.dtb" "$work/in/named-a.cfg" "$work/in/named-b.cfg"
case_ check-domain-several 64 "with 2, give each its own as FILE:N" \
  check --host "$out/xen.dtb" --domain 2 "$work/in/twin-a.cfg" "$work/in/twin-b.cfg"
case_ check-domain-twice 64 "two domain IDs for one config" \
  check --host "$out/xen.dtb" --domain 2 "$work/in/twin-a.cfg:3"
case_ check-domain-no-config 64 "--domain N names the domain of the xl config given to check" check --domain 1
case_ check-domain-zero 64 "domain 0: want a guest domain ID, 1..32767" check --host "$out/xen.dtb" "$work/in/twin-a.cfg:0"
printf 'device_tree = "/t/a/dom1.dtb"\n' > "$work/in/pa.cfg"; printf 'device_tree = "/t/b/dom1.dtb"\n' > "$work/in/pb.cfg"
cp "$out/dom1.dtb" "$work/in/dom1.dtb"
case_ check-partial-two-configs 64 "dom1.dtb: the device_tree of several configs given ends in dom1.dtb" \
  check --host "$out/xen.dtb" "$work/in/pa.cfg:1" "$work/in/pb.cfg:2" "$work/in/dom1.dtb"
cp "$out/dom1.dtb" "$work/in/lonely.dtb"
case_ check-partial-unpaired 69 "lonely.dtb: no xl config given names this partial tree in device_tree" \
  check --host "$out/xen.dtb" "$work/in/lonely.dtb"
case_ check-partial-two 64 "two partial trees for domain 1" \
  check --host "$out/xen.dtb" "$work/in/pa.cfg:1" "$work/in/dom1.dtb" "$work/in/lonely.dtb:1"

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
case_ guest-addr-form     64 "want DEVICE=ADDR"       passthrough serial1 --domain 1 --guest-addr serial1
case_ guest-addr-value    64 "is not an address"      passthrough serial1 --domain 1 --guest-addr serial1=0xzz
case_ guest-addr-zero     64 "is not an address"      passthrough serial1 --domain 1 --guest-addr serial1=0
case_ guest-addr-other    64 "is not a device of domain 1" passthrough serial1 --domain 1 --guest-addr eth0=0x5000000
case_ guest-addr-offset   64 "offset in its 4 KiB page" passthrough serial1 --domain 1 --guest-addr serial1=0x5000010
case_ guest-addr-ram      64 "guest RAM bank 0"       passthrough serial1 --domain 1 --guest-addr serial1=0x40000000
case_ guest-addr-gic      64 "guest GIC"              passthrough serial1 --domain 1 --guest-addr serial1=0x3001000
case_ guest-addr-40bit    64 "40-bit"                 passthrough serial1 --domain 1 --guest-addr serial1=0x10000000000
# Above a 128 MiB xl guest's RAM, in the extended region Xen 4.17's libxl
# advertises over device mappings: a place dtpart is given avoids it.
case_ guest-addr-ext-region 64 "extended region (which Xen before 4.21 advertises" passthrough serial1 --domain 1 --guest-addr serial1=0x80010000
case_ mac-form            64 "want DEVICE=MAC"        passthrough serial1 --domain 1 --mac serial1
case_ mac-value           64 "not a MAC address"      passthrough serial1 --domain 1 --mac serial1=02:00:00:12:34
case_ mac-multicast       64 "multicast"              passthrough serial1 --domain 1 --mac serial1=01:00:5e:00:00:01
case_ mac-zero            64 "all zeros"              passthrough serial1 --domain 1 --mac serial1=00:00:00:00:00:00
case_ memory-too-big      64 "between 16 and 1043456" passthrough serial1 --domain 1 --memory 1043457
case_ host-no-kernel      64 "needs --dom0-kernel"    host
case_ host-kernel-missing 66 "--dom0-kernel"          host --dom0-kernel /nonexistent/Image
case_ host-dom0-mem       64 "--dom0-mem 1T"          host --dom0-kernel /dev/null --dom0-mem 1T
case_ host-device-arg     64 "host takes no DEVICE"   host serial1 --dom0-kernel /dev/null
case_ host-dtb-dir-relative 64 "--dtb-dir rel/dtbs: want the absolute directory" host --dom0-kernel /dev/null --dtb-dir rel/dtbs
# dom0's modules in the input are replaced (tests/golden), but a /chosen in
# 1 + 1 cells with a child that stays (an XSM policy) would be misread once
# dtpart host sets 2 + 2.
cc="$work/in/chosen-cells.dtb"
cp "$out/xen.dtb" "$cc"
fdtput -t i "$cc" /chosen '#address-cells' 1 && fdtput -t i "$cc" /chosen '#size-cells' 1 &&
  fdtput -c "$cc" /chosen/xsm@60000000 && fdtput -t s "$cc" /chosen/xsm@60000000 compatible xen,xsm-policy multiboot,module &&
  fdtput -t x "$cc" /chosen/xsm@60000000 reg 60000000 1000 || { echo "bad: cannot make $cc"; exit 1; }
case_ host-chosen-cells   65 "/chosen/xsm@60000000: its reg is in /chosen's #address-cells = <1>" \
  --rebase -H "$cc" host --dom0-kernel "$F/../../README.md"
case_ host-option-elsewhere 64 "--dom0-kernel means nothing to \`passthrough\`" passthrough serial1 --domain 1 --dom0-kernel /dev/null
case_ host-boot-load      64 "--boot-load"            host --dom0-kernel /dev/null --boot-load "tftpb; reset"
case_ host-xen-image      66 "--xen-image"            host --dom0-kernel /dev/null --xen-image /nonexistent/xen
case_ host-boot-dir       66 "--boot-dir"             host --dom0-kernel /dev/null --boot-dir /nonexistent/dir
case_ release-not-owned  68 "dom0 owns it"           release eth0
case_ reg-cells          65 "not a multiple"         -H $F/bad-reg-cells.dts --rebase passthrough /axi/serial@ff010000 --domain 1
case_ no-interrupts      65 "no \`interrupts\`"      -H $F/bad-no-interrupts.dts --rebase passthrough /axi/serial@ff010000 --domain 1
case_ irq-not-gic        65 "not to the GIC"         -H $F/bad-irq-not-gic.dts --rebase passthrough /axi/serial@ff010000 --domain 1
case_ untranslatable     65 "cannot be translated"   -H $F/bad-untranslatable.dts --rebase passthrough /bus/serial@ff010000 --domain 1
case_ interrupt-cells    65 "not a multiple of the GIC" -H $F/bad-interrupt-cells.dts --rebase passthrough /axi/serial@ff010000 --domain 1
case_ dangling-parent    65 "points to no node"      -H $F/bad-dangling-parent.dts --rebase passthrough /axi/serial@ff010000 --domain 1
case_ address-cells      65 "#address-cells = <5>"   -H $F/bad-addr-cells.dts --rebase passthrough /axi/sub/serial@ff010000 --domain 1
case_ unknown-clock      68 "2 clock rates unknown: /axi/serial@ff010000: uart_clk (firmware clock wdt), pclk (firmware clock lpd_wdt)"                -H $F/bad-unknown-clock.dts --rebase passthrough /axi/serial@ff010000 --domain 1
# Unsupported is not invalid: valid trees dtpart cannot handle exit 76.
case_ gicv3-4-cells      76 "unsupported: its GIC /interrupt-controller@fee00000 has #interrupt-cells = <4>" -H $F/unsupported-gicv3-ppi-partitions.dts --rebase show /serial@ff180000
case_ gicv3-list         76 "unsupported: its GIC"   -H $F/unsupported-gicv3-ppi-partitions.dts --rebase list
case_ ipmmu              76 "unsupported: \`iommus\` refers to /soc/iommu@e67b0000 (renesas,ipmmu-r8a774a1)" -H $F/unsupported-ipmmu.dts --rebase passthrough /soc/ethernet@e6800000 --domain 1
# An alias of a node without reg names the class's devices and their state;
# glue names the controller to pass; Xen's own devices are refused (68).
case_ alias-no-reg       67 "/axi/serial@ff010000: disabled" -H $F/zynqmp-alias-glue-hog.dts --rebase passthrough serial1 --domain 1
case_ glue-node          68 "pass its controller /axi/usb@ff9d0000/usb@fe200000 (okay) instead; the glue's resets, power-domains stay with dom0" -H $F/zynqmp-alias-glue-hog.dts --rebase passthrough usb0 --domain 1
case_ xen-timer          68 "/timer: the architectural timer Xen drives: refused" passthrough /timer --domain 1
case_ xen-timer-show     68 "/timer: the architectural timer Xen drives: refused" show timer
# The plan belongs to the tree it was made from.
case_ other-host         68 "was made from"          -H $F/no-iommus-zcu102.dts passthrough eth0 --domain 1
# clk_summary: not a copy of it.
printf 'hello\n' > "$work/in/not-summary.txt"
case_ clock-summary-bad  65 'no "clock ... rate" header' --clock-summary "$work/in/not-summary.txt" passthrough eth0 --domain 1
case_ ranges-gap         65 "not covered"            -H $F/bad-ranges-gap.dts --rebase passthrough /axi/serial@ff010000 --domain 1
# Bus masters with no stream ID (GENET-, FEC- and PL-DMA-shaped): refused
# without --sid or --force-no-iommu, the class named.
case_ dma-genet          68 'an Ethernet controller (compatible "brcm,bcm2711-genet-v5")' -H $F/bad-dma-no-sid.dts --rebase passthrough /axi/ethernet@7d580000 --domain 1
case_ dma-fec            68 'an Ethernet controller (compatible "fsl,imx8mm-fec")' -H $F/bad-dma-no-sid.dts --rebase passthrough /axi/ethernet@30be0000 --domain 1
case_ dma-pl-axi-dma     68 'a DMA engine (compatible "xlnx,axi-dma-1.00.a")' -H $F/bad-dma-no-sid.dts --rebase passthrough /axi/dma@a0000000 --domain 1
# With --sid the PL DMA is protected, but enabling the SMMU leaves dom0's
# two Ethernets without a mapping: refused, both named.
case_ dma-dom0-unmapped  68 '/axi/ethernet@7d580000 (an Ethernet controller' -H $F/bad-dma-no-sid.dts --rebase passthrough /axi/dma@a0000000 --sid 0x880 --domain 1

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
sed 's/"format": 1,/"format": 1, "xen": "5.0",/' "$work/state.bak" > "$out/dtpart.json"
before=$(snapshot)
case_ state-unknown-xen 74 '"xen" is "5.0", not a Xen version dtpart models (4.16 to 4.22)' check
sed 's|"format": 1,|"format": 1, "host_boot": { "kernel": "/boot/Image", "imagebuilder": "yes" },|' "$work/state.bak" > "$out/dtpart.json"
before=$(snapshot)
case_ state-imagebuilder-not-bool 74 '"imagebuilder" must be true or false' list
sed 's|"format": 1,|"format": 1, "host_boot": { "kernel": "/boot/Image", "no_dom0": true },|' "$work/state.bak" > "$out/dtpart.json"
before=$(snapshot)
case_ state-no-dom0-with-kernel 74 '"kernel" must be null with "no_dom0": true' list
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

# dtpart host --no-dom0 (a boot without dom0): refused with an xl domain (xl
# runs in dom0), with no dom0less domain (nothing would run), with dom0's
# options, and for an input domain wanting Xenstore (Xen 4.17 on); kept by
# later runs, which are refused the same way.
case_ host-no-dom0-xl 68 "domain 1 is an xl domain, but the plan boots Xen without dom0" host --no-dom0
case_ host-no-dom0-kernel 64 "--no-dom0 boots Xen without dom0, so --dom0-kernel has nothing to set" \
  host --no-dom0 --dom0-kernel "$work/kernel.bin"
saved_out=$out; out=$work/no-domains; mkdir -p "$out"; : > "$out/.dtpart-lock"; before=$(snapshot)
case_ host-no-dom0-empty 68 "has no dom0less domain: Xen would have nothing to run" -b zcu102-qemu host --no-dom0
out=$d0l
"$DTPART" -o "$d0l" host --no-dom0 > /dev/null 2>&1 || { fail=$((fail + 1)); echo "bad: FAIL host --no-dom0 setup run"; }
before=$(snapshot)
case_ host-no-dom0-ramdisk 64 "--dom0-ramdisk: the plan in $d0l/dtpart.json boots Xen without dom0" host --dom0-ramdisk "$work/kernel.bin"
case_ no-dom0-xl-later 68 "domain 2 is an xl domain, but the plan boots Xen without dom0" passthrough i2c0 --domain 2
case_ no-dom0-release-last 68 "has no dom0less domain" release serial1
"$DTC" -q -@ -I dts -O dtb -o "$work/in/enhanced.dtb" boards/zcu102/zcu102-qemu.dts &&
  fdtput -c "$work/in/enhanced.dtb" /chosen/dom9 &&
  fdtput -t s "$work/in/enhanced.dtb" /chosen/dom9 compatible xen,domain &&
  fdtput -t s "$work/in/enhanced.dtb" /chosen/dom9 xen,enhanced enabled || { fail=$((fail + 1)); echo "bad: FAIL enhanced.dtb"; }
for xv in 4.16 4.17; do
  out=$work/enhanced-$xv
  "$DTPART" -H "$work/in/enhanced.dtb" -b zcu102-qemu -o "$out" --xen $xv passthrough serial1 --domain 1 --dom0less \
    --kernel "$work/kernel.bin" > /dev/null 2>&1 || { fail=$((fail + 1)); echo "bad: FAIL enhanced $xv setup run"; }
done
before=$(snapshot)
case_ no-dom0-enhanced-417 68 "/chosen/dom9 has xen,enhanced = \"enabled\", which wants dom0's Xenstore: Xen 4.17" host --no-dom0
grep -qF "5eedfe7728" "$work/stderr" && pass=$((pass + 1)) ||
  { fail=$((fail + 1)); echo "bad: FAIL no-dom0-enhanced-417: Xen's commit not named: $(cat "$work/stderr")"; }
# Xen 4.16 knows no xen,enhanced: the boot is fine.
if "$DTPART" -o "$work/enhanced-4.16" host --no-dom0 > /dev/null 2>&1; then pass=$((pass + 1))
else fail=$((fail + 1)); echo "bad: FAIL no-dom0-enhanced-416: refused for Xen 4.16"; fi
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
case_ bad-xen-old 64 "--xen 4.15: want a Xen version from 4.16 to 4.22" --xen 4.15 check
case_ bad-xen-text 64 "--xen four: want a Xen version" passthrough eth0 --domain 1 --xen four
# Direct-map and static memory (dom0less DMA without an SMMU): bad banks,
# an xl domain, a Xen build without static memory, a .config that is not there.
head -c 65536 /dev/zero > "$work/in/kernel"
: > "$work/in/empty"
# An empty image has no place in memory: named as such (it once came out
# as libfdt's "a node it adds exists already", with the out-of-memory code).
case_ dom0less-kernel-empty 66 "--kernel $work/in/empty is empty" passthrough i2c1 --domain 3 --dom0less --kernel "$work/in/empty"
case_ host-kernel-empty     66 "dom0's kernel $work/in/empty is empty" host --dom0-kernel "$work/in/empty"
echo "# CONFIG_STATIC_MEMORY is not set" > "$work/in/nostatic.config"
case_ static-mem-form    64 "--static-mem 0x1000: want ADDR,SIZE, both page-aligned" passthrough i2c1 --domain 3 --dom0less --kernel "$work/in/kernel" --static-mem 0x1000
case_ direct-map-xl      64 "--direct-map and --static-mem are for dom0less domains" passthrough i2c0 --domain 3 --direct-map
case_ direct-map-nostatic 68 "lacks CONFIG_STATIC_MEMORY=y, which direct-map needs" passthrough i2c1 --domain 3 --dom0less --kernel "$work/in/kernel" --direct-map --xen-config "$work/in/nostatic.config"
case_ xen-config-missing 66 "--xen-config $work/in/none.config: No such file" passthrough i2c1 --domain 3 --dom0less --kernel "$work/in/kernel" --direct-map --xen-config "$work/in/none.config"

echo "bad: $pass passed, $fail failed"
[ "$fail" = 0 ]
