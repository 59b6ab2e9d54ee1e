#!/bin/sh
# Golden command tests on both shipped boards. Each case runs dtpart like a
# user would, then:
#  - compares every output with tests/golden/BOARD/CASE/: device trees by
#    meaning (the golden .dts compiled back with dtc and decompiled, against
#    the output .dtb decompiled), the xl snippet and the plan as text;
#    the golden .dts files are dtpart's own .dts outputs;
#  - checks the values users depend on against the board facts;
#  - re-runs the last command and requires byte-identical outputs.
# UPDATE_GOLDEN=1 rewrites the golden files instead of comparing.
set -u
cd "${SRCDIR:-.}"
DTPART=${DTPART:-build/dtpart}
DTC=${DTC:-dtc}
export DTPART_BOARDS_DIR=boards   # relative, so paths in outputs are stable
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "golden: FAIL $*"; }

dt() { "$DTC" -q -I dtb -O dts "$1"; }

run_case() { # board case commands...
  board=$1; name=$2; shift 2
  out="$work/$board/$name"
  mkdir -p "$out"
  last=""
  for cmd in "$@"; do
    # shellcheck disable=SC2086
    if ! "$DTPART" -b "$board" -o "$out" --dtb-dir /etc/xen/dtpart $cmd > "$out.log" 2>&1; then
      bad "$board/$name: dtpart $cmd failed:"; cat "$out.log"; return
    fi
    last=$cmd
  done
  # Idempotence: the last command again changes nothing.
  snap="$work/$board/$name.snap"; rm -rf "$snap"; cp -a "$out" "$snap"
  # shellcheck disable=SC2086
  "$DTPART" -b "$board" -o "$out" --dtb-dir /etc/xen/dtpart $last > /dev/null 2>&1
  if diff -r "$snap" "$out" > /dev/null; then ok; else bad "$board/$name: second run changed outputs"; fi
  gold="tests/golden/$board/$name"
  if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
    rm -rf "$gold"; mkdir -p "$gold"
    for f in "$out"/*; do
      case "$f" in
        *.dts|*.cfg|*.json) cp "$f" "$gold/" ;;
      esac
    done
    echo "golden: updated $gold"; return
  fi
  [ -d "$gold" ] || { bad "$board/$name: no golden files (run with UPDATE_GOLDEN=1)"; return; }
  want=$(cd "$gold" && ls | sed 's/\.dts$/.dtb/' | sort)
  have=$(cd "$out" && ls | grep -v '\.dts$' | sort)
  [ "$want" = "$have" ] || { bad "$board/$name: files differ: want [$want] have [$have]"; return; }
  for g in "$gold"/*; do
    b=$(basename "$g")
    case "$b" in
      *.dts)
        "$DTC" -q -I dts -O dtb -o "$work/g.dtb" "$g" || { bad "$board/$name: golden $b does not compile"; continue; }
        if dt "$work/g.dtb" > "$work/g.txt" && dt "$out/${b%.dts}.dtb" > "$work/o.txt" &&
           diff -u "$work/g.txt" "$work/o.txt" > "$work/d.txt"; then ok
        else bad "$board/$name: ${b%.dts}.dtb differs in meaning from the golden tree:"; head -40 "$work/d.txt"; fi ;;
      *)
        if diff -u "$g" "$out/$b" > "$work/d.txt"; then ok
        else bad "$board/$name: $b differs:"; head -40 "$work/d.txt"; fi ;;
    esac
  done
}

# expect FILE PATTERN: a fixed string the output must contain
expect() {
  if grep -qF -- "$2" "$1"; then ok; else bad "$1 lacks: $2"; fi
}
expect_not() {
  if grep -qF -- "$2" "$1"; then bad "$1 must not contain: $2"; else ok; fi
}
prop() { fdtget -t x "$1" "$2" "$3" 2>/dev/null; }
expect_prop() { # dtb node prop value
  v=$(prop "$1" "$2" "$3")
  if [ "$v" = "$4" ]; then ok; else bad "$1 $2 $3 = '$v', want '$4'"; fi
}

for board in zcu102 ultrazed; do
  run_case "$board" uart1 "passthrough serial1 --domain 1"
  run_case "$board" gem3 "passthrough eth0 --domain 1"
  run_case "$board" both "passthrough eth0 --domain 2" "passthrough serial1 --domain 2"
  run_case "$board" two-domains "passthrough gem3 --domain 1" "passthrough ttyPS1 --domain 2"
  run_case "$board" release "passthrough eth0 serial1 --domain 1" "release serial1"
done

# The facts (zynqmp-facts.md) users depend on.
z=$work/zcu102
expect "$z/gem3/dom1.cfg" 'irqs = [ 95 ]'
expect "$z/gem3/dom1.cfg" '"0xff0e0,1"'
expect "$z/gem3/dom1.cfg" '"/axi/ethernet@ff0e0000"'
expect "$z/uart1/dom1.cfg" 'irqs = [ 54 ]'
expect "$z/uart1/dom1.cfg" '"0xff010,1"'
expect_not "$z/uart1/dom1.cfg" 'dtdev'
expect "$z/both/dom2.cfg" 'irqs = [ 54, 95 ]'
expect_prop "$z/gem3/dom1.dtb" /passthrough/ethernet@ff0e0000/mdio/ethernet-phy@c reg c
expect_prop "$z/gem3/dom1.dtb" /passthrough/ethernet@ff0e0000/mdio/ethernet-phy@c ti,rx-internal-delay 8
expect_prop "$z/gem3/dom1.dtb" /passthrough/ethernet@ff0e0000/mdio/ethernet-phy@c ti,tx-internal-delay a
expect_prop "$z/gem3/dom1.dtb" /passthrough/ethernet@ff0e0000 interrupt-parent fde8
expect_prop "$z/gem3/dom1.dtb" /passthrough/ethernet@ff0e0000 reg "0 ff0e0000 0 1000"
expect_prop "$z/uart1/xen.dtb" /axi/serial@ff010000 xen,passthrough ""
v=$(fdtget -t s "$z/two-domains/dom2.dtb" /aliases serial1 2>/dev/null)
if [ "$v" = /passthrough/serial@ff010000 ]; then ok; else bad "dom2 alias serial1 = '$v'"; fi
u=$work/ultrazed
expect_prop "$u/gem3/dom1.dtb" /passthrough/ethernet@ff0e0000/mdio/phy@9 reg 9
expect "$u/gem3/dom1.cfg" 'irqs = [ 95 ]'
# Release: serial1 is back with dom0, eth0 stays with domain 1.
expect_not "$z/release/dom1.cfg" '54'
if fdtget "$z/release/xen.dtb" /axi/serial@ff010000 xen,passthrough > /dev/null 2>&1; then
  bad "release left xen,passthrough on serial1"; else ok; fi
# Only xen,passthrough changes in the host tree.
"$DTC" -q -@ -I dts -O dtb -o "$work/in.dtb" boards/zcu102/zcu102.dts
dt "$work/in.dtb" > "$work/in.txt"; dt "$z/uart1/xen.dtb" > "$work/out.txt"
changed=$(diff "$work/in.txt" "$work/out.txt" | grep '^[<>]' | grep -v 'xen,passthrough' | wc -l)
if [ "$changed" = 0 ]; then ok; else bad "host tree changed beyond xen,passthrough ($changed lines)"; fi

# dtpart smmu: GEM3's stream reaches domain 1's bank (VMID = bank + 1) in the
# simulated MMU-500, dom0's masters dom0's, and the table says so.
"$DTPART" -b zcu102 -o "$z/gem3" smmu > "$work/smmu.txt" 2>&1
if grep -qE '^0x877 +0x0 +/axi/ethernet@ff0e0000 +dom1 +[0-9]+ +1 +2 +translate$' "$work/smmu.txt"; then ok
else bad "dtpart smmu: GEM3 row wrong:"; cat "$work/smmu.txt"; fi
if grep -qE '^0x871 .* dom0 .* 0 +1 +translate$' "$work/smmu.txt"; then ok
else bad "dtpart smmu: SD1 (dom0) row wrong"; fi

# A tree whose masters carry no iommus (older and hand-written trees, and
# upstream since 2023-11; no labels, SMMU disabled, pinctrl, power domains,
# a PHY reset on an I2C expander): board data found from the root
# compatible, GEM3 registered with the SMMU, host-only links dropped. Xen
# faults every stream without a mapping (smmu.c arm_smmu_device_reset), so
# every master that stays with dom0 (SD, QSPI, SATA, USB0, 8 GDMA channels)
# is registered too, from the SoC/board data, and listed by `dtpart smmu`.
up="$work/upstream"
"$DTC" -q -I dts -O dtb -o "$work/upstream.dtb" tests/fixtures/no-iommus-zcu102.dts
if "$DTPART" -H "$work/upstream.dtb" -o "$up" --dtb-dir /etc/xen passthrough eth0 ttyPS1 --domain 1 > "$work/up.log" 2>&1; then ok
else bad "no-iommus tree: passthrough failed:"; cat "$work/up.log"; fi
expect "$work/up.log" "iommus = <&smmu 0x877> (stream ID from the board data)"
expect "$work/up.log" 'enabled /axi/iommu@fd800000'
smmu_ph=$(fdtget -t x "$up/xen.dtb" /axi/iommu@fd800000 phandle 2>/dev/null)
for m in mmc@ff170000:871 spi@ff0f0000:873 usb@ff9d0000/usb@fe200000:860 dma-controller@fd500000:14e8 \
         dma-controller@fd570000:14ef; do
  expect "$work/up.log" "registered dom0's /axi/${m%%:*} with /axi/iommu@fd800000: iommus = <&smmu 0x${m##*:}>"
  expect_prop "$up/xen.dtb" "/axi/${m%%:*}" iommus "$smmu_ph ${m##*:}"
done
expect_prop "$up/xen.dtb" /axi/ahci@fd0c0000 iommus "$smmu_ph 4c0 $smmu_ph 4c1 $smmu_ph 4c2 $smmu_ph 4c3"
# dom0's own masters stay dom0's: no xen,passthrough, no dtdev.
if fdtget "$up/xen.dtb" /axi/mmc@ff170000 xen,passthrough > /dev/null 2>&1; then bad "no-iommus: dom0's SD flagged"; else ok; fi
expect_not "$up/dom1.cfg" 'mmc@ff170000'
"$DTPART" -o "$up" smmu > "$work/up-smmu.txt" 2>&1 || { bad "no-iommus: smmu failed"; cat "$work/up-smmu.txt"; }
for sid in 0x871 0x873 0x860 0x4c3 0x14e8 0x14ef; do
  if grep -qE "^$sid +0x0 +/axi/[^ ]+ +dom0 .* translate\$" "$work/up-smmu.txt"; then ok
  else bad "no-iommus: smmu lacks dom0's $sid:"; cat "$work/up-smmu.txt"; fi
done
"$DTPART" -o "$up" check > "$work/up-check.txt" 2>&1 || { bad "no-iommus: check failed:"; cat "$work/up-check.txt"; }
expect "$work/up-check.txt" 'check: 0 error(s)'
# The replay models Xen's fault: the same xen.dtb with dom0's SD controller
# unregistered again is an error naming it, and so is a guest's device given
# without an IOMMU on an enabled SMMU.
"$DTC" -q -I dtb -O dtb -o "$work/unreg.dtb" "$up/xen.dtb"
fdtput -d "$work/unreg.dtb" /axi/mmc@ff170000 iommus
if "$DTPART" check --host "$work/unreg.dtb" "$up/dom1.cfg" > "$work/unreg.txt" 2>&1; then bad "check: unregistered dom0 master accepted"
else ok; fi
expect "$work/unreg.txt" "ERROR: domain 0: /axi/mmc@ff170000: can master the bus (an SD/MMC controller"
expect "$work/unreg.txt" "Unexpected global fault"
# `dtpart smmu` says the same of that tree: the SD controller's row is
# UNMAPPED, and the command fails.
if "$DTPART" -H "$work/unreg.dtb" -o "$work/unreg-out" smmu > "$work/unreg-smmu.txt" 2>&1; then
  bad "smmu: unregistered dom0 master accepted"; else ok; fi
if grep -qE '^- +- +/axi/mmc@ff170000 +dom0 +UNMAPPED: no stream mapping, its DMA faults' "$work/unreg-smmu.txt"; then ok
else bad "smmu: no UNMAPPED row for dom0's SD:"; cat "$work/unreg-smmu.txt"; fi
expect "$work/unreg-smmu.txt" "1 bus master(s) have no stream mapping on /axi/iommu@fd800000"
"$DTPART" check --host "$up/xen.dtb" "$up/dom1.cfg" > "$work/reg.txt" 2>&1
n_reg=$(sed -n 's/^check: \([0-9]*\) error.*/\1/p' "$work/reg.txt")
n_unreg=$(sed -n 's/^check: \([0-9]*\) error.*/\1/p' "$work/unreg.txt")
if [ -n "$n_reg" ] && [ "$n_unreg" = $((n_reg + 1)) ]; then ok
else bad "check: unregistering dom0's SD gave $n_unreg error(s), want one more than $n_reg"; fi

# Linux 6.1's own ZCU102 tree (as Debian ships it): every PS master carries
# iommus although the SMMU is disabled, so dom0's PS masters are registered
# already; the DisplayPort DMA engine and display carry none. Without their
# stream IDs in the SoC data, passthrough refuses, naming both and the fix,
# and writes nothing; with them, they are registered like any dom0 master.
l6="$work/linux61"
"$DTC" -q -I dts -O dtb -o "$work/linux61.dtb" tests/fixtures/linux61-zcu102.dts
"$DTPART" -H "$work/linux61.dtb" -o "$l6" --dtb-dir /etc/xen passthrough eth0 --domain 1 > "$work/l6.log" 2>&1
rc=$?
if [ "$rc" = 0 ]; then
  expect "$work/l6.log" "registered dom0's /axi/dma-controller@fd4c0000"
  expect "$work/l6.log" "registered dom0's /axi/display@fd4a0000"
elif [ "$rc" = 68 ]; then
  expect "$work/l6.log" "/axi/dma-controller@fd4c0000 (a DMA engine"
  expect "$work/l6.log" "/axi/display@fd4a0000 (a display controller"
  expect "$work/l6.log" 'Unlike Linux, generate a fault when no mapping is found'
  expect "$work/l6.log" "iommus = <&smmu SID>"
  if [ -e "$l6/xen.dtb" ]; then bad "linux61: refused run wrote outputs"; else ok; fi
else bad "linux61: passthrough eth0 exit $rc, want 0 or 68:"; cat "$work/l6.log"; fi
# `show` gives the same answer as passthrough.
"$DTPART" -H "$work/linux61.dtb" -o "$work/l6s" show eth0 > "$work/l6-show.txt" 2>&1
src=$?
if [ "$src" = "$rc" ]; then ok; else bad "linux61: show eth0 exit $src, passthrough $rc:"; cat "$work/l6-show.txt"; fi
[ "$rc" = 68 ] && expect "$work/l6-show.txt" "/axi/dma-controller@fd4c0000 (a DMA engine"
# Its PS masters' own iommus need no edit: only GEM3 is flagged, and the
# SMMU enabled.
expect_not "$work/l6.log" "registered dom0's /axi/mmc@ff170000"
expect_not "$work/l6.log" "registered /axi/ethernet@ff0e0000"
expect "$up/dom1.cfg" 'irqs = [ 54, 95 ]'
expect "$up/dom1.cfg" 'dtdev = [ "/axi/ethernet@ff0e0000" ]'
expect_prop "$up/xen.dtb" /axi/ethernet@ff0e0000 iommus "$smmu_ph 877"
v=$(fdtget -t s "$up/xen.dtb" /axi/iommu@fd800000 status 2>/dev/null)
if [ "$v" = okay ]; then ok; else bad "upstream: SMMU status '$v', want okay"; fi
for p in pinctrl-0 pinctrl-names nvmem-cells power-domains resets assigned-clocks iommus; do
  if fdtget "$up/dom1.dtb" /passthrough/ethernet@ff0e0000 $p > /dev/null 2>&1; then bad "upstream: guest GEM3 keeps $p"; else ok; fi
done
if fdtget "$up/dom1.dtb" /passthrough/ethernet@ff0e0000/mdio/ethernet-phy@c reset-gpios > /dev/null 2>&1; then
  bad "upstream: guest PHY keeps reset-gpios"; else ok; fi
expect_prop "$up/dom1.dtb" /passthrough/ethernet@ff0e0000/mdio/ethernet-phy@c reg c
# The console (stdout-path serial0) is refused; labels do not exist in the blob.
if "$DTPART" -H "$work/upstream.dtb" -o "$up" passthrough serial0 --domain 2 > "$work/up2.log" 2>&1; then
  bad "upstream: console UART accepted"; else expect "$work/up2.log" "stdout-path"; fi
if "$DTPART" -H "$work/upstream.dtb" -o "$up" passthrough gem3 --domain 2 > "$work/up3.log" 2>&1; then
  bad "upstream: label lookup without labels succeeded"; else expect "$work/up3.log" "ethernet0"; fi

# dtpart host: the upstream tree (no Xen properties) becomes a Xen host
# tree: bootargs, cells, dom0's modules sized from the files at
# non-overlapping addresses; twice changes nothing; a later passthrough
# keeps /chosen and lays its dom0less modules around dom0's.
hb="$work/hostboot"
head -c 300000 /dev/zero > "$work/dom0-Image"; head -c 70000 /dev/zero > "$work/dom0-initrd"
if "$DTPART" -H "$work/upstream.dtb" -o "$hb" host --dom0-kernel "$work/dom0-Image" --dom0-ramdisk "$work/dom0-initrd" \
     --dom0-bootargs "root=/dev/ram0 rdinit=/init" > "$work/hb.log" 2>&1; then ok
else bad "host: failed:"; cat "$work/hb.log"; fi
v=$(fdtget -t s "$hb/xen.dtb" /chosen xen,xen-bootargs 2>/dev/null)
if [ "$v" = "console=dtuart dtuart=serial0 dom0_mem=1024M" ]; then ok; else bad "host: xen,xen-bootargs '$v'"; fi
v=$(fdtget -t s "$hb/xen.dtb" /chosen xen,dom0-bootargs 2>/dev/null)
if [ "$v" = "console=hvc0 clk_ignore_unused root=/dev/ram0 rdinit=/init" ]; then ok; else bad "host: xen,dom0-bootargs '$v'"; fi
expect_prop "$hb/xen.dtb" /chosen "#address-cells" 2
expect_prop "$hb/xen.dtb" /chosen/module@48000000 reg "0 48000000 0 493e0"
expect_prop "$hb/xen.dtb" /chosen/module@48200000 reg "0 48200000 0 11170"
v=$(fdtget -t s "$hb/xen.dtb" /chosen/module@48200000 compatible 2>/dev/null)
if [ "$v" = "multiboot,ramdisk multiboot,module" ]; then ok; else bad "host: ramdisk compatible '$v'"; fi
expect "$work/hb.log" "-device loader,file=$work/dom0-Image,addr=0x48000000"
cp "$hb/xen.dtb" "$work/hb1.dtb"
"$DTPART" -o "$hb" host > /dev/null 2>&1 || bad "host: second run failed"
if cmp -s "$work/hb1.dtb" "$hb/xen.dtb"; then ok; else bad "host: second run changed xen.dtb"; fi
head -c 4096 /dev/zero > "$work/domu-Image"
"$DTPART" -o "$hb" passthrough serial1 --domain 1 --dom0less --kernel "$work/domu-Image" > "$work/hb2.log" 2>&1 ||
  { bad "host: passthrough after host failed"; cat "$work/hb2.log"; }
expect_not "$work/hb2.log" "not a Xen host tree yet"
v=$(fdtget -t s "$hb/xen.dtb" /chosen xen,dom0-bootargs 2>/dev/null)
if [ "$v" = "console=hvc0 clk_ignore_unused root=/dev/ram0 rdinit=/init" ]; then ok; else bad "host: passthrough lost dom0-bootargs '$v'"; fi
expect_prop "$hb/xen.dtb" /chosen/module@48000000 reg "0 48000000 0 493e0"
expect_prop "$hb/xen.dtb" /chosen/domU1/module@48400000 reg "0 48400000 0 1000"
"$DTPART" -o "$hb" check > "$work/hb-check.txt" 2>&1 || { bad "host: check failed"; cat "$work/hb-check.txt"; }
expect_not "$work/hb-check.txt" "clk_ignore_unused"
# Xen's console passed through is refused, in either order.
if "$DTPART" -o "$hb" host --xen-bootargs "dtuart=serial1" > "$work/hb3.log" 2>&1; then bad "host: console owned by a guest accepted"
else expect "$work/hb3.log" "Xen's console (dtuart=serial1) but domain 1 owns it"; fi
# Xen's console named with dtuart= is the one passthrough refuses.
"$DTPART" -H "$work/upstream.dtb" -o "$work/hb-uart" host --dom0-kernel "$work/dom0-Image" --xen-bootargs "dtuart=serial1" > /dev/null 2>&1 ||
  bad "host: dtuart=serial1 failed"
if "$DTPART" -o "$work/hb-uart" passthrough serial1 --domain 1 > "$work/hb7.log" 2>&1; then bad "host: Xen's dtuart console passed through"
else expect "$work/hb7.log" "the UART Xen uses as its console (dtpart host --xen-bootargs dtuart=)"; fi
# A tree without /chosen gets one; with no stdout-path Xen's console must be named.
cp "$work/upstream.dtb" "$work/nochosen.dtb"; fdtput -r "$work/nochosen.dtb" /chosen
if "$DTPART" -H "$work/nochosen.dtb" -o "$work/hb-nc" host --dom0-kernel "$work/dom0-Image" > "$work/hb4.log" 2>&1; then
  bad "host: no console accepted"; else expect "$work/hb4.log" "no console for Xen"; fi
if "$DTPART" -H "$work/nochosen.dtb" -o "$work/hb-nc" host --dom0-kernel "$work/dom0-Image" --xen-bootargs "dtuart=serial0" \
     > "$work/hb5.log" 2>&1; then ok; else bad "host: tree without /chosen"; cat "$work/hb5.log"; fi
v=$(fdtget -t s "$work/hb-nc/xen.dtb" /chosen xen,xen-bootargs 2>/dev/null)
if [ "$v" = "console=dtuart dom0_mem=1024M dtuart=serial0" ]; then ok; else bad "host: created /chosen xen,xen-bootargs '$v'"; fi
# check warns about a ZynqMP dom0 without clk_ignore_unused.
fdtput -t s "$work/hb1.dtb" /chosen xen,dom0-bootargs "console=hvc0"
"$DTPART" check --host "$work/hb1.dtb" > "$work/hb6.log" 2>&1
expect "$work/hb6.log" "lacks clk_ignore_unused"
# A tree an ImageBuilder-style script prepared already has dom0's modules
# (the kernel with its own bootargs, the ramdisk) next to Xen's XSM policy,
# and a label and an alias for the kernel: dtpart host replaces the modules
# and says so, keeps the policy, drops the label and alias with the node;
# twice changes nothing; check passes on the result.
ib="$work/imagebuilder.dtb"; cp "$work/upstream.dtb" "$ib"
fdtput -t i "$ib" /chosen '#address-cells' 2 && fdtput -t i "$ib" /chosen '#size-cells' 2 &&
  fdtput -t s "$ib" /chosen xen,xen-bootargs "console=dtuart dtuart=serial0 dom0_mem=2048M sync_console" &&
  fdtput -t s "$ib" /chosen xen,dom0-bootargs "console=hvc0" &&
  fdtput -c "$ib" /chosen/module@48000000 /chosen/module@4a000000 /chosen/module@4c000000 &&
  fdtput -t s "$ib" /chosen/module@48000000 compatible multiboot,kernel multiboot,module &&
  fdtput -t x "$ib" /chosen/module@48000000 reg 0 48000000 0 1000000 &&
  fdtput -t s "$ib" /chosen/module@48000000 bootargs "console=hvc0 root=/dev/mmcblk0p2" &&
  fdtput -t s "$ib" /chosen/module@4a000000 compatible multiboot,ramdisk multiboot,module &&
  fdtput -t x "$ib" /chosen/module@4a000000 reg 0 4a000000 0 800000 &&
  fdtput -t s "$ib" /chosen/module@4c000000 compatible xen,xsm-policy multiboot,module &&
  fdtput -t x "$ib" /chosen/module@4c000000 reg 0 4c000000 0 2000 &&
  fdtput -p -t s "$ib" /__symbols__ dom0_kernel /chosen/module@48000000 &&
  fdtput -t s "$ib" /aliases dom0-kernel /chosen/module@48000000 || bad "imagebuilder: cannot make $ib"
if "$DTPART" -H "$ib" -o "$work/hb-ib" host --dom0-kernel "$work/dom0-Image" --dom0-ramdisk "$work/dom0-initrd" \
     > "$work/hb-ib.log" 2>&1; then ok; else bad "host: ImageBuilder tree refused"; cat "$work/hb-ib.log"; fi
expect "$work/hb-ib.log" 'replacing dom0'"'"'s modules of the input'"'"'s /chosen'
expect "$work/hb-ib.log" '/chosen/module@48000000 (multiboot,kernel, bootargs "console=hvc0 root=/dev/mmcblk0p2")'
expect "$work/hb-ib.log" '/chosen/module@4a000000 (multiboot,ramdisk)'
expect_not "$work/hb-ib.log" '/chosen/module@4c000000 (xen,xsm-policy'
expect "$work/hb-ib.log" "the labels and aliases naming them go too"
expect "$work/hb-ib.log" '/chosen/xen,xen-bootargs "console=dtuart dtuart=serial0 dom0_mem=2048M sync_console" is replaced by'
# By meaning: one kernel and one ramdisk, each sized from its file; the
# policy as it was; nothing names the old kernel.
n_k=0; n_r=0
for m in $(fdtget -l "$work/hb-ib/xen.dtb" /chosen); do
  c=$(fdtget -t s "$work/hb-ib/xen.dtb" "/chosen/$m" compatible)
  r=$(fdtget -t x "$work/hb-ib/xen.dtb" "/chosen/$m" reg)
  case $c in
    "multiboot,kernel multiboot,module") n_k=$((n_k + 1)); [ "${r##* }" = 493e0 ] || bad "imagebuilder: kernel reg $r" ;;
    "multiboot,ramdisk multiboot,module") n_r=$((n_r + 1)); [ "${r##* }" = 11170 ] || bad "imagebuilder: ramdisk reg $r" ;;
    "xen,xsm-policy multiboot,module") [ "$m" = module@4c000000 ] && [ "$r" = "0 4c000000 0 2000" ] || bad "imagebuilder: policy $m <$r>" ;;
    *) bad "imagebuilder: /chosen/$m ($c) left" ;;
  esac
done
if [ "$n_k $n_r" = "1 1" ]; then ok; else bad "imagebuilder: $n_k kernels, $n_r ramdisks in /chosen"; fi
if fdtget "$work/hb-ib/xen.dtb" /__symbols__ dom0_kernel > /dev/null 2>&1 ||
   fdtget "$work/hb-ib/xen.dtb" /aliases dom0-kernel > /dev/null 2>&1; then bad "imagebuilder: a label or alias names the removed kernel"
else ok; fi
expect_not "$work/hb-ib/xen.dts" "module@48000000 {"
cp "$work/hb-ib/xen.dtb" "$work/hb-ib1.dtb"
"$DTPART" -o "$work/hb-ib" host > /dev/null 2>&1 || bad "imagebuilder: second run failed"
if cmp -s "$work/hb-ib1.dtb" "$work/hb-ib/xen.dtb"; then ok; else bad "imagebuilder: second run changed xen.dtb"; fi
"$DTPART" -o "$work/hb-ib" check > "$work/hb-ib-check.txt" 2>&1 && ok || { bad "imagebuilder: check failed"; cat "$work/hb-ib-check.txt"; }

# The U-Boot script: from a boot directory holding every file, boot.cmd
# loads each at an address where it fits: no two overlap (sizes from the
# files), every one inside the host tree's RAM, each module at the address
# its /chosen node names; paths relative to the boot directory; a rerun
# changes nothing (boot.scr included, when mkimage is installed).
bd="$work/bootdir"; mkdir -p "$bd"
cp "$work/dom0-Image" "$work/dom0-initrd" "$work/domu-Image" "$bd/"
head -c 1200000 /dev/zero > "$bd/xen-4.17-arm64"
if "$DTPART" -H "$work/upstream.dtb" -o "$bd/out" host --dom0-kernel "$bd/dom0-Image" --dom0-ramdisk "$bd/dom0-initrd" \
     --xen-image "$bd/xen-4.17-arm64" --boot-dir "$bd" --boot-load tftpb > "$work/bs.log" 2>&1 &&
   "$DTPART" -o "$bd/out" passthrough serial1 --domain 1 --dom0less --kernel "$bd/domu-Image" >> "$work/bs.log" 2>&1; then ok
else bad "boot script: runs failed:"; cat "$work/bs.log"; fi
expect "$bd/out/boot.cmd" "tftpb 0x48000000 dom0-Image"
expect "$work/bs.log" "-device loader,file=out/dom1.dtb,addr="
python3 - "$bd" <<'PY' && ok || bad "boot script: addresses (above)"
import os, re, subprocess, sys
bd = sys.argv[1]
lines = open(os.path.join(bd, "out/boot.cmd")).read().splitlines()
loads = [l.split() for l in lines if l.startswith("tftpb ")]
assert len(loads) == 6, loads
spans = []
for _, addr, rel in loads:
    assert not rel.startswith("/"), rel
    size = os.path.getsize(os.path.join(bd, rel))
    spans.append((int(addr, 16), int(addr, 16) + size, rel))
spans.sort()
for a, b in zip(spans, spans[1:]):
    assert a[1] <= b[0], "overlap: %s %s" % (a, b)
dtb = os.path.join(bd, "out/xen.dtb")
def cells(node, prop):
    out = subprocess.run(["fdtget", "-t", "x", dtb, node, prop], capture_output=True, text=True, check=True).stdout
    return [int(x, 16) for x in out.split()]
ram, mem = [], cells("/memory", "reg")
for i in range(0, len(mem), 4):
    ram.append(((mem[i] << 32) | mem[i + 1], (mem[i + 2] << 32) | mem[i + 3]))
for s, e, rel in spans:
    assert any(s >= b and e <= b + l for b, l in ram), "%s outside RAM %s" % (rel, ram)
boot = [l for l in lines if l.startswith("booti ")][0].split()
by_rel = {rel: s for s, e, rel in spans}
assert int(boot[1], 16) == by_rel["xen-4.17-arm64"] and int(boot[3], 16) == by_rel["out/xen.dtb"], boot
for s, e, rel in spans:
    if rel in ("xen-4.17-arm64", "out/xen.dtb"):
        continue
    node = "/chosen/module@%x" % s if rel.startswith("dom0-") else "/chosen/domU1/module@%x" % s
    reg = cells(node, "reg")
    assert ((reg[0] << 32) | reg[1], (reg[2] << 32) | reg[3]) == (s, e - s), (node, reg, s, e)
PY
cp -a "$bd/out" "$work/bs-snap"
"$DTPART" -o "$bd/out" passthrough serial1 --domain 1 > /dev/null 2>&1
if diff -r "$work/bs-snap" "$bd/out" > /dev/null; then ok; else bad "boot script: a rerun changed the outputs"; fi
if command -v mkimage > /dev/null; then
  if [ -s "$bd/out/boot.scr" ]; then ok; else bad "boot script: mkimage installed but no boot.scr"; fi
fi
# A file outside the boot directory is refused.
if "$DTPART" -o "$bd/out" host --dom0-kernel "$work/dom0-Image" > "$work/bs2.log" 2>&1; then bad "boot script: file outside --boot-dir accepted"
else expect "$work/bs2.log" "not inside the boot directory"; fi
# --imagebuilder: the same set-up as an ImageBuilder configuration (read
# by bash, as uboot-script-gen reads it): every file relative to the boot
# directory, the command lines of xen.dtb's /chosen, the dom0less domain
# with its partial tree, memory and command line; its DEVICE_TREE is the
# host tree without what ImageBuilder writes into /chosen itself. Kept by
# later runs; a rerun changes nothing.
if "$DTPART" -o "$bd/out" host --imagebuilder --dom0-bootargs 'root=/dev/mmcblk0p2 x="$HOME"' > "$work/ib.log" 2>&1 &&
   "$DTPART" -o "$bd/out" passthrough serial1 --domain 1 --memory 384 --bootargs "console=ttyPS1" >> "$work/ib.log" 2>&1; then ok
else bad "imagebuilder: runs failed"; cat "$work/ib.log"; fi
if command -v bash > /dev/null; then
  ib_xen=$(fdtget -t s "$bd/out/xen.dtb" /chosen xen,xen-bootargs 2>/dev/null)
  ib_dom0=$(fdtget -t s "$bd/out/xen.dtb" /chosen xen,dom0-bootargs 2>/dev/null)
  # shellcheck disable=SC2016 # expanded by bash
  if (cd "$bd" && IB_XEN="$ib_xen" IB_DOM0="$ib_dom0" bash -c '
      set -eu; . out/imagebuilder.cfg
      for f in "$DEVICE_TREE" "$XEN" "$DOM0_KERNEL" "$DOM0_RAMDISK" "${DOMU_KERNEL[0]}" "${DOMU_PASSTHROUGH_DTB[0]}"; do
        case $f in /*) echo "absolute: $f"; exit 1 ;; esac; [ -f "$f" ] || { echo "missing: $f"; exit 1; }
      done
      [ "$DEVICE_TREE $XEN $DOM0_KERNEL $DOM0_RAMDISK" = "out/imagebuilder.dtb xen-4.17-arm64 dom0-Image dom0-initrd" ]
      [ "$XEN_CMD" = "$IB_XEN" ] && [ "$DOM0_CMD" = "$IB_DOM0" ] && [ "${DOM0_CMD##* }" = "x=\"\$HOME\"" ]
      [ "$NUM_DOMUS ${DOMU_KERNEL[0]} ${DOMU_PASSTHROUGH_DTB[0]}" = "1 domu-Image out/dom1.dtb" ]
      [ "${DOMU_MEM[0]} ${DOMU_VCPUS[0]} ${DOMU_CMD[0]}" = "384 1 console=ttyPS1" ]
      [ $((MEMORY_START)) -eq 0 ] && [ $((MEMORY_END)) -eq $((0x80000000)) ]') > "$work/ib-cfg.log" 2>&1
  then ok; else bad "imagebuilder: imagebuilder.cfg (above)"; cat "$work/ib-cfg.log" "$bd/out/imagebuilder.cfg"; fi
fi
ibd="$bd/out/imagebuilder.dtb"
v=$(fdtget -l "$ibd" /chosen 2>&1; fdtget -p "$ibd" /chosen 2>&1 | grep -x 'xen,.*')
if [ -z "$v" ]; then ok; else bad "imagebuilder: dtpart's /chosen entries left in imagebuilder.dtb: $v"; fi
expect_prop "$ibd" /axi/serial@ff010000 xen,passthrough ""
v=$(fdtget -t s "$ibd" /chosen stdout-path 2>/dev/null)
if [ "$v" = "serial0:115200n8" ]; then ok; else bad "imagebuilder: the input's /chosen/stdout-path lost: '$v'"; fi
cp -a "$bd/out" "$work/ib-snap"
"$DTPART" -o "$bd/out" passthrough serial1 --domain 1 > /dev/null 2>&1
if diff -r "$work/ib-snap" "$bd/out" > /dev/null; then ok; else bad "imagebuilder: a rerun changed the outputs"; fi
expect "$bd/out/dtpart.json" '"imagebuilder": true'
rm "$bd/out/imagebuilder.cfg"
"$DTPART" -o "$bd/out" passthrough serial1 --domain 1 > /dev/null 2>&1
if cmp -s "$work/ib-snap/imagebuilder.cfg" "$bd/out/imagebuilder.cfg"; then ok; else bad "imagebuilder: a later run does not write it"; fi
if "$DTPART" -H "$work/upstream.dtb" -o "$work/ib-noxen" host --dom0-kernel "$work/dom0-Image" --imagebuilder > "$work/ib2.log" 2>&1
then bad "imagebuilder: accepted without --xen-image"; else expect "$work/ib2.log" "--imagebuilder needs Xen's image"; fi

# dtpart host --no-dom0: Xen boots the dom0less domains alone. From a tree
# without /chosen: refused while the plan has no dom0less domain (nothing
# would run; nothing written); passthrough --dom0less creates /chosen for
# the domain; host --no-dom0 then writes xen,xen-bootargs without dom0_mem,
# no xen,dom0-bootargs, no dom0 module; boot.cmd and the QEMU line load Xen,
# the tree and the domain's modules only; imagebuilder.cfg has no DOM0_*.
# Kept: a rerun and a later passthrough change nothing; --dom0-kernel
# brings dom0 back.
nd="$work/nodom0"; mkdir -p "$nd"
cp "$work/nochosen.dtb" "$nd/linux.dtb"; cp "$work/domu-Image" "$nd/"
head -c 1200000 /dev/zero > "$nd/xen-4.20-arm64"
if "$DTPART" -H "$nd/linux.dtb" -o "$nd/out" host --no-dom0 > "$work/nd1.log" 2>&1; then bad "no-dom0: accepted with no domain"
else expect "$work/nd1.log" "has no dom0less domain: Xen would have nothing to run"; fi
[ -e "$nd/out/xen.dtb" ] && bad "no-dom0: refused run wrote xen.dtb"
if "$DTPART" -H "$nd/linux.dtb" -o "$nd/out" --xen 4.20 passthrough serial1 --domain 1 --dom0less --kernel "$nd/domu-Image" \
     --bootargs "console=ttyPS1" > "$work/nd2.log" 2>&1; then ok
else bad "no-dom0: passthrough --dom0less on a tree without /chosen failed"; cat "$work/nd2.log"; fi
expect "$work/nd2.log" "dtpart host --no-dom0"
expect_prop "$nd/out/xen.dtb" /chosen "#address-cells" 2
v=$(fdtget -t s "$nd/out/xen.dtb" /chosen/domU1 compatible 2>/dev/null)
if [ "$v" = "xen,domain" ]; then ok; else bad "no-dom0: /chosen/domU1 compatible '$v'"; fi
if "$DTPART" -o "$nd/out" host --no-dom0 --xen-bootargs "dtuart=serial0 sync_console" --xen-image "$nd/xen-4.20-arm64" \
     --boot-dir "$nd" --imagebuilder > "$work/nd3.log" 2>&1; then ok
else bad "no-dom0: host --no-dom0 failed"; cat "$work/nd3.log"; fi
v=$(fdtget -t s "$nd/out/xen.dtb" /chosen xen,xen-bootargs 2>/dev/null)
if [ "$v" = "console=dtuart dtuart=serial0 sync_console" ]; then ok; else bad "no-dom0: xen,xen-bootargs '$v'"; fi
if fdtget "$nd/out/xen.dtb" /chosen xen,dom0-bootargs > /dev/null 2>&1; then bad "no-dom0: xen,dom0-bootargs written"; else ok; fi
v=$(fdtget -l "$nd/out/xen.dtb" /chosen | tr '\n' ' ')
if [ "$v" = "domU1 " ]; then ok; else bad "no-dom0: /chosen's children '$v' (want domU1 alone)"; fi
expect_prop "$nd/out/xen.dtb" /chosen/domU1/module@48000000 reg "0 48000000 0 1000"
v=$(grep -c '^load ' "$nd/out/boot.cmd")
if [ "$v" = 4 ]; then ok; else bad "no-dom0: boot.cmd loads $v files (want Xen, xen.dtb, kernel, dom1.dtb)"; cat "$nd/out/boot.cmd"; fi
for f in xen-4.20-arm64 out/xen.dtb domu-Image out/dom1.dtb; do
  grep -q "^load .* 0x[0-9a-f]* $f\$" "$nd/out/boot.cmd" && ok || bad "no-dom0: boot.cmd does not load $f"
done
expect "$nd/out/boot.cmd" "booti 0x"
expect "$work/nd3.log" "qemu (from that directory): -kernel xen-4.20-arm64 -dtb out/xen.dtb"
v=$(grep -c -- "-device loader" "$work/nd3.log")
if [ "$v" = 2 ]; then ok; else bad "no-dom0: the QEMU line has $v loaders (want 2)"; fi
expect "$nd/out/dtpart.json" '"no_dom0": true'
expect "$nd/out/dtpart.json" '"kernel": null'
expect_not "$nd/out/imagebuilder.cfg" "DOM0_"
expect "$nd/out/imagebuilder.cfg" 'XEN_CMD="console=dtuart dtuart=serial0 sync_console"'
expect "$nd/out/imagebuilder.cfg" 'DOMU_KERNEL[0]="domu-Image"'
"$DTPART" -o "$nd/out" check > "$work/nd-check.txt" 2>&1 && ok || { bad "no-dom0: check failed"; cat "$work/nd-check.txt"; }
cp -a "$nd/out" "$work/nd-snap"
"$DTPART" -o "$nd/out" host > /dev/null 2>&1 || bad "no-dom0: rerun of host failed"
"$DTPART" -o "$nd/out" passthrough serial1 --domain 1 > /dev/null 2>&1 || bad "no-dom0: later passthrough failed"
if diff -r "$work/nd-snap" "$nd/out" > /dev/null; then ok; else bad "no-dom0: a rerun changed the outputs"; fi
# Back to dom0: its modules and command line return, no_dom0 goes.
cp "$work/dom0-Image" "$nd/"
if "$DTPART" -o "$nd/out" host --dom0-kernel "$nd/dom0-Image" > "$work/nd4.log" 2>&1; then ok
else bad "no-dom0: --dom0-kernel after --no-dom0 failed"; cat "$work/nd4.log"; fi
v=$(fdtget -t s "$nd/out/xen.dtb" /chosen xen,xen-bootargs 2>/dev/null)
if [ "$v" = "console=dtuart dom0_mem=1024M dtuart=serial0 sync_console" ]; then ok; else bad "no-dom0: back to dom0: xen,xen-bootargs '$v'"; fi
expect_prop "$nd/out/xen.dtb" /chosen/module@48000000 reg "0 48000000 0 493e0"
expect_not "$nd/out/dtpart.json" '"no_dom0"'
# A direct-map domain: the bank dtpart chooses starts right above the
# modules, and boot.cmd loads Xen and its tree past it, never into the
# guest's RAM (the QEMU line loads the modules only).
dmb="$work/dm-boot"; mkdir -p "$dmb"
cp "$work/nochosen.dtb" "$dmb/linux.dtb"; cp "$work/domu-Image" "$dmb/"
head -c 1200000 /dev/zero > "$dmb/xen-4.17-arm64"
if "$DTPART" -H "$dmb/linux.dtb" -o "$dmb/out" passthrough serial1 --domain 1 --dom0less --direct-map --memory 64 \
     --kernel "$dmb/domu-Image" > "$work/dmb1.log" 2>&1 &&
   "$DTPART" -o "$dmb/out" host --no-dom0 --xen-bootargs "dtuart=serial0" --xen-image "$dmb/xen-4.17-arm64" \
     --boot-dir "$dmb" > "$work/dmb2.log" 2>&1; then ok
else bad "direct-map boot script: runs failed"; cat "$work/dmb1.log" "$work/dmb2.log"; fi
# shellcheck disable=SC2046 # one word per cell
set -- $(fdtget -t x "$dmb/out/xen.dtb" /chosen/domU1 xen,static-mem 2>/dev/null) 0 0 0 0
bank_lo=$(( 0x$2 )); bank_hi=$(( 0x$2 + 0x$4 ))
dtb_at=$(sed -n 's|^load .* \(0x[0-9a-f]*\) out/xen.dtb$|\1|p' "$dmb/out/boot.cmd")
xen_at=$(sed -n 's|^load .* \(0x[0-9a-f]*\) xen-4.17-arm64$|\1|p' "$dmb/out/boot.cmd")
if [ "$bank_hi" -gt "$bank_lo" ] && [ -n "$dtb_at" ] && [ -n "$xen_at" ] && [ $(( dtb_at )) -ge "$bank_hi" ] &&
   [ $(( xen_at )) -ge "$bank_hi" ]; then ok
else bad "direct-map boot script: xen.dtb at '$dtb_at', Xen at '$xen_at', bank $bank_lo..$bank_hi"; cat "$dmb/out/boot.cmd"; fi
"$DTPART" -o "$dmb/out" check > "$work/dmb-check.txt" 2>&1 && ok || { bad "direct-map boot script: check failed"; cat "$work/dmb-check.txt"; }
# An input /chosen with dom0's modules and command line (the ImageBuilder
# tree above): --no-dom0 removes them, says so, keeps Xen's XSM policy.
if "$DTPART" -H "$ib" -o "$work/nd-ib" passthrough serial1 --domain 1 --dom0less --kernel "$work/domu-Image" > /dev/null 2>&1 &&
   "$DTPART" -o "$work/nd-ib" host --no-dom0 > "$work/nd5.log" 2>&1; then ok
else bad "no-dom0: ImageBuilder tree refused"; cat "$work/nd5.log"; fi
expect "$work/nd5.log" "removing dom0's modules of the input's /chosen"
expect "$work/nd5.log" '/chosen/xen,dom0-bootargs "console=hvc0" is removed'
v=$(fdtget -l "$work/nd-ib/xen.dtb" /chosen | sort | tr '\n' ' ')
if [ "$v" = "domU1 module@4c000000 " ]; then ok; else bad "no-dom0: ImageBuilder tree's /chosen children '$v'"; fi
if fdtget "$work/nd-ib/xen.dtb" /chosen xen,dom0-bootargs > /dev/null 2>&1; then bad "no-dom0: input's xen,dom0-bootargs kept"; else ok; fi
v=$(fdtget -t s "$work/nd-ib/xen.dtb" /chosen xen,xen-bootargs 2>/dev/null)
if [ "$v" = "console=dtuart dtuart=serial0" ]; then ok; else bad "no-dom0: ImageBuilder tree's xen,xen-bootargs '$v'"; fi

# One answer on a tree whose SMMU is disabled: show (before and after),
# passthrough, smmu and check all say GEM3 is registered with the SMMU,
# which passthrough enables, and gets a dtdev.
ag="$work/agree"
"$DTPART" -H "$work/upstream.dtb" -o "$ag" show eth0 > "$work/ag-show1.txt" 2>&1 || bad "agree: show eth0 failed"
"$DTPART" -H "$work/upstream.dtb" -o "$ag" --dtb-dir /etc/xen passthrough eth0 --domain 1 > "$work/ag-pt.txt" 2>&1 ||
  { bad "agree: passthrough eth0 failed:"; cat "$work/ag-pt.txt"; }
"$DTPART" -o "$ag" show eth0 > "$work/ag-show2.txt" 2>&1 || bad "agree: show eth0 after passthrough failed"
for f in "$work/ag-show1.txt" "$work/ag-show2.txt"; do
  expect "$f" 'dtdev = [ "/axi/ethernet@ff0e0000" ]'
  expect "$f" '/axi/iommu@fd800000 is disabled in the host tree: passthrough enables it'
  expect "$f" 'registered with /axi/iommu@fd800000: iommus, stream ID 0x877'
  expect_not "$f" 'no dtdev'
done
expect "$work/ag-pt.txt" 'enabled /axi/iommu@fd800000'
expect "$work/ag-pt.txt" 'iommus = <&smmu 0x877>'
expect "$ag/dom1.cfg" 'dtdev = [ "/axi/ethernet@ff0e0000" ]'
"$DTPART" -o "$ag" smmu > "$work/ag-smmu.txt" 2>&1 || bad "agree: smmu failed"
if grep -qE '^0x877 +0x0 +/axi/ethernet@ff0e0000 +dom1 .* translate$' "$work/ag-smmu.txt"; then ok
else bad "agree: smmu table lacks GEM3 in dom1:"; cat "$work/ag-smmu.txt"; fi
if "$DTPART" -o "$ag" check > "$work/ag-check.txt" 2>&1; then ok
else bad "agree: check failed:"; cat "$work/ag-check.txt"; fi
expect "$work/ag-check.txt" 'check: 0 error(s)'

# Bus masters without a stream ID (tests/fixtures/bad-dma-no-sid.dts):
# --force-no-iommu gives the GENET-shaped one with its warning and no
# dtdev; a device of unknown class is given with a warning saying what was
# assumed.
dm="$work/dma"
if "$DTPART" -H tests/fixtures/bad-dma-no-sid.dts -o "$dm" --dtb-dir /etc/xen passthrough /axi/ethernet@7d580000 --force-no-iommu --domain 1 > "$work/dm.log" 2>&1; then ok
else bad "dma: --force-no-iommu refused:"; cat "$work/dm.log"; fi
expect "$work/dm.log" 'is given without an IOMMU (--force-no-iommu): the guest can DMA anywhere in memory'
expect_not "$dm/dom1.cfg" 'dtdev'
if "$DTPART" -H tests/fixtures/bad-dma-no-sid.dts -o "$work/dm2" --dtb-dir /etc/xen passthrough /axi/mystery@a0010000 --domain 1 > "$work/dm2.log" 2>&1; then ok
else bad "dma: unknown class refused:"; cat "$work/dm2.log"; fi
expect "$work/dm2.log" 'dtpart does not know its class (compatible "vendor,mystery-ip-1.0"'
expect "$work/dm2.log" 'assumed it does not master the bus'

# An older tree with the legacy binding: amba bus with 1-cell sizes, GIC on
# amba_apu, mmu-masters on the SMMU. GEM3 must be added to mmu-masters (Xen
# ignores iommus when mmu-masters exists), GEM0 keeps its legacy stream.
lg="$work/legacy"
"$DTC" -q -I dts -O dtb -o "$work/legacy.dtb" tests/fixtures/legacy-amba-zcu102.dts
if "$DTPART" -H "$work/legacy.dtb" -o "$lg" --dtb-dir /etc/xen passthrough eth0 serial1 --domain 1 > "$work/lg.log" 2>&1; then ok
else bad "legacy tree: passthrough failed:"; cat "$work/lg.log"; fi
expect "$work/lg.log" "mmu-masters entry, stream ID 0x877"
expect "$lg/dom1.cfg" 'dtdev = [ "/amba/ethernet@ff0e0000" ]'
expect "$lg/dom1.cfg" 'iomem = [ "0xff010,1", "0xff0e0,1" ]'
v=$(fdtget -t x "$lg/xen.dtb" /amba/smmu@fd800000 mmu-masters 2>/dev/null | awk '{print $2, $4, $6}')
if [ "$v" = "874 877 871" ]; then ok; else bad "legacy: mmu-masters SIDs '$v', want '874 877 871' (GEM0, GEM3, dom0's SD)"; fi
expect "$work/lg.log" "registered dom0's /amba/mmc@ff170000 with /amba/smmu@fd800000: mmu-masters entry, stream ID 0x871"
expect_prop "$lg/xen.dtb" /amba/mmc@ff170000 "#stream-id-cells" 1
if fdtget "$lg/xen.dtb" /amba/ethernet@ff0e0000 iommus > /dev/null 2>&1; then bad "legacy: iommus added next to mmu-masters"; else ok; fi
"$DTPART" -o "$lg" smmu > "$work/lgsmmu.txt" 2>&1
if grep -qE '^0x874 .* dom0 ' "$work/lgsmmu.txt" && grep -qE '^0x871 .* dom0 ' "$work/lgsmmu.txt" &&
   grep -qE '^0x877 .* dom1 .* translate$' "$work/lgsmmu.txt"; then ok
else bad "legacy: smmu table"; cat "$work/lgsmmu.txt"; fi
expect_prop "$lg/dom1.dtb" /passthrough/ethernet@ff0e0000 reg "0 ff0e0000 0 1000"

# Placement: a device whose 1:1 address lies in guest RAM moves below RAM
# bank 0 (xl: iomem @GFN; the partial tree's reg and unit address follow),
# --guest-addr fixes the place, and the check agrees with what was written.
pl="$work/place"
if "$DTPART" -b zcu102 -o "$pl" --dtb-dir /etc/xen passthrough serial1 eth0 --domain 1 --memory 3500 \
     --guest-addr eth0=0x3a000000 > "$work/pl.log" 2>&1; then ok
else bad "placement: passthrough failed:"; cat "$work/pl.log"; fi
expect "$pl/dom1.cfg" 'iomem = [ "0xff010,1@0x5000", "0xff0e0,1@0x3a000" ]'
expect_prop "$pl/dom1.dtb" /passthrough/serial@5000000 reg "0 5000000 0 1000"
expect_prop "$pl/dom1.dtb" /passthrough/ethernet@3a000000 reg "0 3a000000 0 1000"
v=$(fdtget -t s "$pl/dom1.dtb" /aliases serial1 2>/dev/null)
if [ "$v" = /passthrough/serial@5000000 ]; then ok; else bad "placement: alias serial1 = '$v'"; fi
expect "$work/pl.log" "placed at guest address 0x5000000"
expect "$work/pl.log" "its 1:1 guest address 0xff010000 lies in guest RAM bank 0 (0x40000000 size 0xc0000000)"
expect "$pl/dtpart.json" '"guest_addr": "0x3a000000"'
expect "$pl/dtpart.json" '"memory_kib": 3584000'
# A later run keeps both choices; the check finds nothing.
"$DTPART" -b zcu102 -o "$pl" passthrough serial1 --domain 1 > /dev/null 2>&1 || bad "placement: rerun failed"
expect "$pl/dom1.cfg" '"0xff0e0,1@0x3a000"'
if "$DTPART" -o "$pl" check > "$work/pl-check.txt" 2>&1; then ok; else bad "placement: check failed:"; cat "$work/pl-check.txt"; fi
# The check catches a reg that iomem does not map: @GFN dropped by hand.
sed -e 's/@0x5000//' -e "s|/etc/xen|$pl|" "$pl/dom1.cfg" > "$work/pl-bad.cfg"
if "$DTPART" check --host "$pl/xen.dtb" "$work/pl-bad.cfg" > "$work/pl-bad.txt" 2>&1; then bad "placement: check missed reg vs iomem"
else expect "$work/pl-bad.txt" "lies in no guest range of iomem"; fi
# A 256 MiB guest keeps its devices 1:1; dom0less over 3 GiB uses bank 1
# and places the UART the same way, in xen,reg and reg.
expect "$z/uart1/dom1.cfg" '"0xff010,1"'
head -c 4096 /dev/zero > "$work/kernel4g"
pd="$work/place-d0l"
if "$DTPART" -b zcu102-qemu -o "$pd" passthrough serial1 --domain 1 --dom0less --kernel "$work/kernel4g" \
     --memory 4096 > "$work/pd.log" 2>&1; then ok
else bad "placement dom0less 4 GiB: passthrough failed:"; cat "$work/pd.log"; fi
expect_prop "$pd/dom1.dtb" /passthrough/serial@5000000 xen,reg "0 ff010000 0 1000 0 5000000"
expect_prop "$pd/xen.dtb" /chosen/domU1 memory "0 400000"
# Extended regions: libxl 4.16-4.20 advertises the rest of RAM bank 0 over
# the devices. They stay 1:1 (as Xen 4.21, which leaves their ranges out),
# and passthrough says so for the version the plan targets; a place given
# inside the region is refused (tests/bad) on 4.17 and kept on 4.21.
ex="$work/ext"
"$DTPART" -b zcu102 -o "$ex" --dtb-dir /etc/xen passthrough serial1 eth0 --domain 1 > "$work/ex.log" 2>&1 ||
  { bad "ext regions: passthrough failed:"; cat "$work/ex.log"; }
expect "$ex/dom1.cfg" 'iomem = [ "0xff010,1", "0xff0e0,1" ]'
expect "$work/ex.log" "domain 1: /axi/serial@ff010000, /axi/ethernet@ff0e0000 stay 1:1, inside the extended region 0x48000000-0xffffffff that Xen 4.17's libxl advertises"
if "$DTPART" -o "$ex" check > "$work/ex-check.txt" 2>&1; then
  expect "$work/ex-check.txt" "lies in the extended region 0x48000000-0xffffffff that Xen 4.17 advertises"
else bad "ext regions: check failed:"; cat "$work/ex-check.txt"; fi
"$DTPART" -b zcu102 -o "$ex" passthrough serial1 --domain 1 --xen 4.21 --guest-addr serial1=0x80010000 > "$work/ex21.log" 2>&1 ||
  { bad "ext regions: --xen 4.21 with a place above RAM failed:"; cat "$work/ex21.log"; }
expect "$ex/dom1.cfg" 'iomem = [ "0xff010,1@0x80010", "0xff0e0,1" ]'
expect_not "$work/ex21.log" "extended region"
expect "$ex/dtpart.json" '"xen": "4.21"'
if "$DTPART" -o "$ex" check > "$work/ex21-check.txt" 2>&1; then
  expect "$work/ex21-check.txt" "0 error(s), 0 warning(s) in 1 domain(s), Xen 4.21 rules"
else bad "ext regions: check on 4.21 failed:"; cat "$work/ex21-check.txt"; fi
"$DTPART" -b zcu102-qemu -o "$work/ex-d0l" passthrough serial1 --domain 1 --dom0less --kernel "$work/kernel4g" \
  > "$work/ex-d0l.log" 2>&1 || { bad "ext regions: dom0less failed:"; cat "$work/ex-d0l.log"; }
expect_not "$work/ex-d0l.log" "extended region"
# --mac writes local-mac-address; the upstream tree's nvmem MAC is replaced
# by a derived, locally administered one (02 bit set, the same every run).
m=$(fdtget -t bx "$up/dom1.dtb" /passthrough/ethernet@ff0e0000 local-mac-address 2>/dev/null)
case "$m" in "") bad "upstream: no derived local-mac-address" ;;
  *) b0=$(echo "$m" | awk '{print $1}'); if [ $((0x$b0 & 3)) = 2 ]; then ok; else bad "upstream: MAC $m not locally administered unicast"; fi ;; esac
expect "$work/up.log" "derived from the board, domain 1 and the device"
"$DTPART" -b zcu102 -o "$pl" passthrough eth0 --domain 1 --mac eth0=02:00:00:12:34:56 > /dev/null 2>&1 || bad "--mac failed"
expect_prop "$pl/dom1.dtb" /passthrough/ethernet@3a000000 local-mac-address "2 0 0 12 34 56"
expect "$pl/dtpart.json" '"mac": "02:00:00:12:34:56"'

# A plan written before dtpart stopped keeping the output directory's own
# path as dtb_dir holds it as if given with --dtb-dir. In a copy of that
# directory, device_tree still names the original: passthrough and check say
# so, and --dtb-dir auto returns to the directory's own path.
fa="$work/frozen-a"; fb="$work/frozen-b"
"$DTPART" -b zcu102 -o "$fa" --dtb-dir "$fa" passthrough serial1 --domain 1 > /dev/null 2> "$work/fa.err" || bad "frozen: first run failed"
expect_not "$work/fa.err" "another dtpart output directory"
cp -a "$fa" "$fb"
"$DTPART" -o "$fb" passthrough serial1 --domain 1 > /dev/null 2> "$work/fb.err" || bad "frozen: run in the copy failed"
expect "$work/fb.err" "$fb/dtpart.json keeps dtb_dir $fa, another dtpart output directory on this machine"
expect "$fb/dom1.cfg" "device_tree = \"$fa/dom1.dtb\""
"$DTPART" -o "$fb" check > /dev/null 2> "$work/fb-check.err" || bad "frozen: check failed"
expect "$work/fb-check.err" "$fb/dom1.cfg: device_tree names $fa/dom1.dtb, in another dtpart output directory"
"$DTPART" -o "$fb" passthrough serial1 --domain 1 --dtb-dir auto > /dev/null 2> "$work/fb2.err" || bad "frozen: --dtb-dir auto failed"
expect "$fb/dom1.cfg" "device_tree = \"$fb/dom1.dtb\""
expect "$fb/dtpart.json" '"dtb_dir": null'
expect_not "$work/fb2.err" "another dtpart output directory"
"$DTPART" -o "$fa" check > /dev/null 2> "$work/fa-check.err" || bad "frozen: check of the original failed"
expect_not "$work/fa-check.err" "another dtpart output directory"

# More domains than any fixed table: `check` replays all 70 (each with an IRQ
# no device has, so each gets exactly one finding).
zd="$work/z70"; mkdir -p "$zd"
for d in $(seq 1 70); do printf 'memory = 256\nirqs = [ %d ]\n' $((100 + d)) > "$zd/dom$d.cfg"; done
"$DTPART" check --json --host boards/zcu102/zcu102.dts "$zd"/dom*.cfg > "$work/z70.json" 2> /dev/null
expect "$work/z70.json" '"domains": 70'
expect "$work/z70.json" '"errors": 70'

# check names each domain by its config: FILE:N, else its name in the plan,
# else domN from its device_tree, else the lowest ID free in both (said);
# every finding names its file; entries of a device dom0 keeps get the fix
# that removes them (xlcfg-gen --merge), not "add xen,passthrough".
nm="$work/names"
"$DTPART" -b zcu102 -o "$nm" --dtb-dir /etc/xen/dtpart passthrough eth0 --domain 2 --name guest2 > /dev/null 2>&1 &&
"$DTPART" -o "$nm" passthrough serial1 --domain 3 --name web > /dev/null 2>&1 || bad "names: passthrough failed"
printf 'name = "guest2"\nmemory = 512\nirqs = [ 95, 49 ]\n' > "$work/mine.cfg"      # 49: I2C0, dom0's
printf 'memory = 256\nirqs = [ 50 ]\n' > "$work/anon.cfg"                          # 50: I2C1, dom0's
printf 'name = "x"\ndevice_tree = "/etc/xen/dtpart/dom3.dtb"\niomem = [ "0xff020,1" ]\n' > "$work/bydt.cfg"
"$DTPART" -o "$nm" check --json --host "$nm/xen.dtb" "$work/mine.cfg" "$work/anon.cfg" "$work/bydt.cfg" "$nm/dom3.dtb" \
  > "$work/names.json" 2> "$work/names.err"
[ $? = 69 ] && ok || bad "names: check exit, want 69"
expect "$work/names.err" "anon.cfg: checked as domain 1: it sets no name"
expect_not "$work/names.err" "mine.cfg: checked"
expect_not "$work/names.err" "bydt.cfg: checked"
python3 - "$work" "$work/names.json" <<'PY' && ok || bad "names: findings not labelled by config"
import json, sys
work, path = sys.argv[1:3]
f = json.load(open(path))["findings"]
by = lambda code: [(x["file"], x["domain"], x["problem"], x["fix"]) for x in f if x["code"] == code]
irq = by("irq-dom0")
assert (work + "/mine.cfg", 2) in [(a, b) for a, b, _, _ in irq], irq
assert (work + "/anon.cfg", 1) in [(a, b) for a, b, _, _ in irq], irq
for _, _, _, fix in irq:
    assert fix.startswith("remove 49 from irqs") or fix.startswith("remove 50 from irqs"), fix
    assert "xlcfg-gen --merge CONFIG --from dom" in fix and "xen,passthrough" not in fix, fix
io = by("iomem-shared")
assert [(a, b) for a, b, _, _ in io] == [(work + "/bydt.cfg", 3)], io
assert 'remove "0xff020,1" from iomem' in io[0][3], io
assert len(f) == sum(1 for x in f if x["file"]), "a finding without its file"
PY
"$DTPART" -o "$nm" check --host "$nm/xen.dtb" "$work/anon.cfg:7" "$work/mine.cfg" > "$work/names.txt" 2> "$work/names.err"
expect "$work/names.txt" "ERROR: $work/anon.cfg (domain 7): /axi/i2c@ff030000: IRQ 50"
expect "$work/names.txt" "ERROR: $work/mine.cfg (domain 2): /axi/i2c@ff020000: IRQ 49"
expect_not "$work/names.err" "checked as"

# --json of every command that prints something, compared by meaning with
# tests/golden/json/NAME.json (parsed; the temporary directory written as
# WORK, the source tree as SRC), with the exit status each must give. UPDATE_GOLDEN=1 rewrites them.
jd="$work/json"
json_case() { # name want-exit dtpart-args...
  name=$1; want=$2; shift 2
  "$DTPART" "$@" > "$work/$name.json" 2> "$work/$name.err"
  rc=$?
  [ "$rc" = "$want" ] || { bad "json $name: exit $rc, want $want:"; cat "$work/$name.err"; return; }
  python3 - "$work" "$work/$name.json" "tests/golden/json/$name.json" "${UPDATE_GOLDEN:-0}" <<'PY' || bad "json $name: see above"
import json, os, sys
work, out, gold, update = sys.argv[1:5]
text = open(out).read()
try:
    have = json.loads(text.replace(work, "WORK").replace(os.getcwd() + "/", "SRC/"))
except ValueError as e:
    sys.exit("golden: json output of %s is not JSON: %s" % (out, e))
if update == "1":
    with open(gold, "w") as f:
        json.dump(have, f, indent=2, sort_keys=True)
        f.write("\n")
    print("golden: updated " + gold)
    sys.exit(0)
want = json.load(open(gold))
if have != want:
    import difflib
    a = json.dumps(want, indent=2, sort_keys=True).splitlines()
    b = json.dumps(have, indent=2, sort_keys=True).splitlines()
    print("\n".join(list(difflib.unified_diff(a, b, gold, out, lineterm=""))[:40]))
    sys.exit(1)
PY
  ok
}
mkdir -p tests/golden/json
# An output directory of their own: ./dtpart-out (the default) may hold a
# user's plan, e.g. after `make demo`.
json_case list 0 -b zcu102 -o "$work/json-empty" list --json
json_case show 68 -b zcu102 -o "$work/json-empty" show eth0 serial0 nosuch --json
json_case smmu-before 0 -b zcu102 -o "$jd" smmu --json
json_case passthrough 0 -b zcu102 -o "$jd" --dtb-dir /etc/xen/dtpart passthrough eth0 serial1 --domain 1 --json
json_case passthrough-again 0 -o "$jd" passthrough eth0 --domain 1 --json
json_case smmu 0 -o "$jd" smmu --json
json_case check 0 -o "$jd" check --json
json_case release 0 -o "$jd" release serial1 --json
json_case passthrough-upstream 0 -H "$work/upstream.dtb" -o "$work/json-up" --dtb-dir /etc/xen passthrough eth0 --domain 1 --json
head -c 1000000 /dev/zero > "$work/Image"
json_case dom0less 0 -b zcu102-qemu -o "$work/json-d0l" passthrough serial1 --domain 1 --dom0less --kernel "$work/Image" --json
json_case host 0 -H "$work/upstream.dtb" -o "$work/json-host" host --dom0-kernel "$work/Image" --json
# A device the outputs' xen.dtb hides from dom0 (xen,passthrough) that no
# domain of the plan owns: no guest gets it either. A warning naming the
# node and the file (a user's tree may flag it for an xl domain set up
# elsewhere), in the text and in --json; the plan's own devices raise none.
un="$work/json-unowned"
"$DTPART" -b zcu102 -o "$un" --dtb-dir /etc/xen/dtpart passthrough eth0 --domain 1 > /dev/null 2>&1 || bad "unowned: passthrough failed"
"$DTPART" -o "$un" check > "$work/unowned-before.txt" 2>&1 || bad "unowned: check before failed"
expect_not "$work/unowned-before.txt" "no domain of"
fdtput "$un/xen.dtb" /axi/i2c@ff020000 xen,passthrough
json_case check-unowned 0 -o "$un" check --json
"$DTPART" -o "$un" check > "$work/unowned.txt" 2>&1 || bad "unowned: check exit $?, want 0 (a warning)"
expect "$work/unowned.txt" "warning: $un/xen.dtb (domain 0): /axi/i2c@ff020000: carries xen,passthrough, but no domain of $un/dtpart.json owns it"
expect "$work/unowned.txt" "fix: give it to a domain with dtpart passthrough, or remove the property"
expect_not "$work/unowned.txt" "/axi/ethernet@ff0e0000: carries xen,passthrough"
# A direct-mapped dom0less guest with its static bank given and one rate
# given by --clock, the other taken from the board data.
d0ls="-b zcu102-qemu passthrough serial1 --domain 1 --dom0less --kernel $work/Image --static-mem 0x10000000,0x10000000 --clock uart_clk=100000000"
# shellcheck disable=SC2086
json_case dom0less-static 0 -o "$work/json-d0ls" $d0ls --json
# The JSON says all the text says: every "clock rates assumed" item (rate and
# source) and the direct-map bank, for the same runs as text.
# shellcheck disable=SC2086
"$DTPART" -o "$work/text-d0ls" $d0ls > "$work/text-d0ls.txt" 2> /dev/null || bad "dom0less-static as text failed"
"$DTPART" -b zcu102 -o "$work/text-pt" --dtb-dir /etc/xen/dtpart passthrough eth0 serial1 --domain 1 \
  > "$work/text-pt.txt" 2> /dev/null || bad "passthrough as text failed"
python3 - "$work/text-pt.txt" "$work/passthrough.json" "$work/text-d0ls.txt" "$work/dom0less-static.json" <<'PY' && ok || bad "json: lacks what the text says"
import json, re, sys
for text, js in zip(sys.argv[1::2], sys.argv[2::2]):
    t, j = open(text).read(), json.load(open(js))
    said = set()
    for path, items in re.findall(r"^clock rates assumed for (\S+): (.*)$", t, re.M):
        for name, rate, src in re.findall(r"(\w+)=(\d+) Hz \(([^)]*)\)", items):
            said.add((path, name, int(rate), src))
    assert said, text
    carried = {(d["path"], c["name"], c["guest_rate_hz"], c["from"])
               for d in j["clock_rates"] for c in d["clocks"] if c["assumed"]}
    assert said == carried, (said, carried)
    for d in j["clock_rates"]:
        for c in d["clocks"]:
            assert c["assumed"] == (c["source"] in ("board", "soc", "clk_summary")), c
    for a, b in re.findall(r"RAM at machine (0x[0-9a-f]+)-(0x[0-9a-f]+) \(xen,static-mem\)", t):
        sm = [d["static_mem"] for d in j["dom0less"] if "static_mem" in d]
        assert [(int(x["address"], 16), int(x["size"], 16)) for x in sm] == [(int(a, 16), int(b, 16) - int(a, 16) + 1)], sm
j = json.load(open(sys.argv[4]))
assert j["dom0less"][0]["static_mem"]["source"] == "option", j["dom0less"]
assert {c["name"]: c["source"] for c in j["clock_rates"][0]["clocks"]} == {"uart_clk": "option", "pclk": "board"}, j
PY
# What users read in them: lists are arrays; Xen's own devices say why.
python3 - "$work/list.json" "$work/passthrough.json" <<'PY' && ok || bad "json: list/passthrough content"
import json, sys
l = json.load(open(sys.argv[1]))
devs = {d["path"]: d for d in l["devices"]}
assert all(isinstance(d["aliases"], list) and isinstance(d["labels"], list) for d in devs.values())
assert devs["/axi/ethernet@ff0e0000"]["aliases"] == ["ethernet0"], devs["/axi/ethernet@ff0e0000"]
assert devs["/axi/ethernet@ff0e0000"]["labels"] == ["gem3"]
for p in ("/axi/interrupt-controller@f9010000", "/axi/iommu@fd800000", "/axi/serial@ff000000"):
    assert devs[p]["owner"] == "xen" and devs[p]["xen_role"], devs[p]
assert devs["/axi/serial@ff010000"]["xen_role"] is None
p = json.load(open(sys.argv[2]))
assert [d["path"] for d in p["devices"]] == ["/axi/ethernet@ff0e0000", "/axi/serial@ff010000"]
assert "irqs = [ 54, 95 ]" in p["xl_snippet"]["text"]
PY
# --json where it means nothing is a usage error, as is any option the
# command does not take (the option table says which), and a bad --wait.
usage_error() { # message dtpart-args...
  msg=$1; shift
  "$DTPART" "$@" > /dev/null 2> "$work/usage.err"
  rc=$?
  if [ "$rc" = 64 ]; then expect "$work/usage.err" "$msg"; else bad "dtpart $*: exit $rc, want 64"; fi
}
usage_error "--json means nothing to \`complete\`" complete boards --json
usage_error "--domain means nothing to \`list\`" list --domain 1
usage_error "--dom0less means nothing to \`release\`" release serial1 --dom0less
usage_error "--wait x: want whole seconds" --wait x list

# `list` as text: one header that does not call Xen's devices passable, a
# column saying which Xen keeps and why, every column aligned.
"$DTPART" -b zcu102 -o "$work/json-empty" list > "$work/list.txt"
expect_not "$work/list.txt" "every device that can be passed through"
expect "$work/list.txt" "kept by Xen"
python3 - "$work/list.txt" <<'PY' && ok || bad "list: columns not aligned"
import sys
lines = open(sys.argv[1]).read().splitlines()
head, rows = lines[1], lines[2:]
cols = [head.index(h) for h in ("ALIASES", "LABELS", "MMIO", "IRQS(SPI->ID)", "SIDS", "OWNER", "XEN KEEPS IT AS")]
for r in rows:
    for c in cols:
        assert r[c - 2:c] == "  " and r[c] != " ", (c, r)
kept = [r for r in rows if r.split()[-1] != "-"]
assert len(kept) == 3 and all("xen" in r for r in kept), kept
PY

# No count is capped: a device with 20 clocks takes 20 --clock overrides and
# 12 --sid stream IDs, all of them in the plan, the host tree's iommus and the
# partial tree; 17 stream IDs, more than Xen's MAX_MASTER_STREAMIDS (16), are
# refused with Xen's limit named, and nothing is written.
many="$work/many"
mkdir -p "$many"
{
  printf '/include/ "%s/boards/zcu102/zcu102.dts"\n' "$PWD"
  printf '/ {\n\tmany_fixed: clock-many { compatible = "fixed-clock"; #clock-cells = <0>; clock-frequency = <50000000>; };\n};\n'
  printf '&axi {\n\tmany@a0000000 {\n\t\tcompatible = "test,many-clocks";\n\t\treg = <0x0 0xa0000000 0x0 0x1000>;\n'
  printf '\t\tinterrupt-parent = <&gic>;\n\t\tinterrupts = <0 89 4>;\n\t\tclocks ='
  i=0; while [ $i -lt 20 ]; do printf '%s <&many_fixed>' "$([ $i = 0 ] || echo ,)"; i=$((i + 1)); done
  printf ';\n\t\tclock-names ='
  i=0; while [ $i -lt 20 ]; do printf '%s "c%02d"' "$([ $i = 0 ] || echo ,)" $i; i=$((i + 1)); done
  printf ';\n\t};\n};\n'
} > "$many/many.dts"
clocks=""; sids=""
i=0; while [ $i -lt 20 ]; do clocks="$clocks --clock c$(printf %02d $i)=$((1000000 + i))"; i=$((i + 1)); done
i=0; while [ $i -lt 12 ]; do sids="$sids --sid $((0x900 + i))"; i=$((i + 1)); done
# shellcheck disable=SC2086
if "$DTPART" -H "$many/many.dts" -o "$many/out" --dtb-dir /etc/xen passthrough /axi/many@a0000000 --domain 1 \
     $clocks $sids > "$many/log" 2>&1; then ok
else bad "20 --clock, 12 --sid: passthrough failed:"; cat "$many/log"; fi
python3 - "$many/out/dtpart.json" <<'PY' && ok || bad "20 --clock, 12 --sid: the plan lost some"
import json, sys
dev = json.load(open(sys.argv[1]))["domains"][0]["devices"][0]
assert dev["clock_overrides"] == {"c%02d" % i: 1000000 + i for i in range(20)}, dev
assert dev["stream_ids"] == ["0x%x" % (0x900 + i) for i in range(12)], dev
PY
v=$(fdtget -t x "$many/out/xen.dtb" /axi/many@a0000000 iommus 2>/dev/null | wc -w)
if [ "$v" = 24 ]; then ok; else bad "12 --sid: iommus has $v cells, want 24"; fi
v=$(fdtget -t x "$many/out/dom1.dtb" /passthrough/many@a0000000 clocks 2>/dev/null | wc -w)
if [ "$v" = 20 ]; then ok; else bad "20 clocks: the partial tree's clocks has $v cells, want 20"; fi
sids="$sids --sid 0x90c --sid 0x90d --sid 0x90e --sid 0x90f --sid 0x910"
before_many=$(cd "$many/out" && find . -type f | sort | xargs sha256sum)
# shellcheck disable=SC2086
"$DTPART" -H "$many/many.dts" -o "$many/out" passthrough /axi/many@a0000000 --domain 1 $sids > /dev/null 2> "$many/err"
rc=$?
if [ "$rc" != 0 ] && grep -qF "17 stream IDs" "$many/err" && grep -qF "MAX_MASTER_STREAMIDS" "$many/err"; then ok
else bad "17 --sid: exit $rc, want a refusal naming Xen's MAX_MASTER_STREAMIDS:"; cat "$many/err"; fi
if [ "$(cd "$many/out" && find . -type f | sort | xargs sha256sum)" = "$before_many" ]; then ok
else bad "17 --sid: the refused run changed the outputs"; fi

echo "golden: $pass passed, $fail failed"
[ "$fail" = 0 ]
