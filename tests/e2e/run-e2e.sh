#!/bin/sh
# End-to-end: real Xen 4.17 (Debian's arm64 build) boots, under QEMU's ZCU102
# model, the host tree and partial trees dtpart writes for the zcu102-qemu
# board, in dom0less mode; the test guest must show its marker and, with a
# UART, its interrupt delivered through the virtual GIC. Then set-ups Xen
# would boot silently into broken guests must be refused by `dtpart check`.
# Environment: O, SRCDIR, DTPART. Prints timings; ends "e2e: N passed, N failed".
set -u
cd "${SRCDIR:-.}" || exit 1
O=${O:-build}
DTPART=${DTPART:-$O/dtpart}
DTC=${DTC:-dtc}
export DTPART_BOARDS_DIR=boards QEMU_AUDIO_DRV=none
work="$O/e2e"
rm -rf "$work/cases"
mkdir -p "$work/cases"
pass=0; fail=0
. tests/e2e/run-qemu.sh
t_start=$(now_ms)
ok() { pass=$((pass + 1)); echo "e2e: PASS $*"; }
bad() { fail=$((fail + 1)); echo "e2e: FAIL $*"; }
# Each boot needs 1-3 s of TCG time on 2 cores; the limit only bounds a hang.
boot_limit=${E2E_BOOT_TIMEOUT:-60}

# The trees come from dtpart's dom0less mode; without it there is nothing to
# boot (the hand-made trees of the first harness are gone).
if ! "$DTPART" passthrough --help 2>&1 | grep -q -- --dom0less; then
  echo "e2e: $DTPART has no 'passthrough --dom0less'; build dtpart from this tree"
  echo "e2e: 0 passed, 1 failed"; exit 1
fi

# Parts: Xen and libfdt (for the guest) from Debian's arm64 packages, cached.
fetch=$(sh tests/e2e/fetch-xen.sh) || { echo "$fetch"; echo "e2e: cannot fetch Xen"; exit 1; }
echo "$fetch" | sed 's/^fetch-xen/e2e: fetch-xen/'
XEN=$(echo "$fetch" | sed -n 's/^fetch-xen: xen //p')
LIBFDT_DEV=$(echo "$fetch" | sed -n 's/^fetch-xen: libfdt //p')
LIBFDT_DEV=${LIBFDT_DEV%/usr/lib/*}
GUEST=$work/guest.bin
sh tests/e2e/guest/build-guest.sh "$LIBFDT_DEV" "$GUEST" 2> "$work/guest-build.log" || {
  cat "$work/guest-build.log"; echo "e2e: cannot build the guest"; exit 1; }
echo "e2e: Xen $(basename "$XEN"), guest $(stat -c %s "$GUEST") bytes, setup $(ms_to_s $(( $(now_ms) - t_start )))s"

# boot NAME DIR PATTERN...: boots DIR/xen.dtb with the modules dtpart listed
# in DIR/dtpart.log, until every PATTERN ("console:text" or "uart1:text") is
# seen (run-qemu.sh says when it gives up earlier).
boot() {
  name=$1; dir=$2; shift 2
  loaders=$(sed -n 's/^    qemu: *//p' "$dir/dtpart.log" | tr '\n' ' ')
  # shellcheck disable=SC2086
  qemu_start "$dir" "$XEN" "$dir/xen.dtb" $loaders
  qemu_wait_markers "$dir" "$boot_limit" "$@"
  qemu_stop
  if [ -z "$QEMU_MISSING" ]; then ok "$name (${QEMU_SECS}s)"
  else bad "$name (${QEMU_SECS}s): missing$QEMU_MISSING"; tail -15 "$dir/console.log"; cat "$dir/uart1.log"; fi
}

# dtpart run for a case: dp DIR ARGS...
dp() {
  d=$1; shift
  "$DTPART" -b zcu102-qemu -o "$d" "$@" > "$d.log" 2>&1 || { cat "$d.log"; return 1; }
  cp "$d.log" "$d/dtpart.log"
}

# 1. UART1 to domU1.
c=$work/cases/uart1
if dp "$c" passthrough serial1 --domain 1 --dom0less --kernel "$GUEST" --bootargs domain=1; then
  boot "UART1 to domU1" "$c" "uart1:DTPART-GUEST domain=1 uart=0xff010000 irq=54" \
    "uart1:DTPART-GUEST IRQ 54 delivered" "uart1:DTPART-GUEST DONE"
else bad "UART1 to domU1: dtpart failed"; fi

# 2. UART1 + GEM3 to domU1 (QEMU has no SMMU: GEM3 without IOMMU, said so).
c=$work/cases/uart1-gem3
if dp "$c" passthrough serial1 eth0 --domain 1 --dom0less --force-no-iommu --kernel "$GUEST" --bootargs domain=1; then
  grep -q "without an IOMMU" "$c.log" && ok "GEM3 without SMMU is announced" || bad "no --force-no-iommu warning"
  boot "UART1 + GEM3 to domU1" "$c" "uart1:DTPART-GUEST IRQ 54 delivered" \
    "uart1:DTPART-GUEST GEM module id 0x40070106" "uart1:DTPART-GUEST DONE"
else bad "UART1 + GEM3 to domU1: dtpart failed"; fi

# 3. UART1 to domU1 and GEM3 to domU2 (domU2 reports through Xen's console).
c=$work/cases/two-domains
if dp "$c" passthrough serial1 --domain 1 --dom0less --kernel "$GUEST" --bootargs domain=1 &&
   dp "$c" passthrough eth0 --domain 2 --dom0less --force-no-iommu --kernel "$GUEST" --bootargs domain=2; then
  boot "UART1 to domU1, GEM3 to domU2" "$c" "uart1:DTPART-GUEST IRQ 54 delivered" \
    "console:(d2) DTPART-GUEST domain=2 no-uart" "console:(d2) DTPART-GUEST GEM module id 0x40070106"
else bad "two domains: dtpart failed"; fi

# Set-ups Xen 4.17 boots silently into broken guests: each made from case 1's
# good partial tree by one edit, each refused by dtpart check before boot.
good=$work/cases/uart1
"$DTC" -q -I dtb -O dts -o "$work/good.dts" "$good/dom1.dtb"
broken() { # NAME CODE SED-EXPRESSION
  b="$work/cases/broken-$1"
  mkdir -p "$b"
  sed "$3" "$work/good.dts" > "$b/dom1.dts"
  if cmp -s "$b/dom1.dts" "$work/good.dts"; then bad "broken $1: the edit changed nothing"; return; fi
  "$DTC" -q -I dts -O dtb -o "$b/dom1.dtb" "$b/dom1.dts"
  "$DTPART" check --host "$good/xen.dtb" "$b/dom1.dtb" > "$b/check.log" 2>&1
  rc=$?
  if [ $rc = 69 ] && grep -q "$2" "$b/check.log"; then ok "dtpart check refuses $1 (before boot)"
  else bad "dtpart check on $1: exit $rc"; cat "$b/check.log"; fi
}
broken interrupts-differ "interrupts of partial-tree node" 's/interrupts = <0x00 0x16 0x04>/interrupts = <0x00 0x17 0x04>/'
broken reg-not-xen-reg "outside the guest addresses" 's/reg = <0x00 0xff010000 0x00 0x1000>/reg = <0x00 0xff020000 0x00 0x1000>/'
broken container-name "not /passthrough" 's/passthrough {/devices {/'
broken xen-reg-cells "xen,reg of serial@ff010000 has 5 cells" 's/xen,reg = <0x00 0xff010000 0x00 0x1000 0x00 0xff010000>/xen,reg = <0x00 0xff010000 0x1000 0x00 0xff010000>/'
broken phandle-65000 "uses phandle 65000" 's/phandle = <0x01>;/phandle = <0xfde8>;/'

# And Xen really does boot one of them without a word: the guest reads
# IRQ 55 from its tree, Xen routed 54, the interrupt never arrives.
b=$work/cases/broken-interrupts-differ
cp "$good/xen.dtb" "$b/xen.dtb"
sed "s|$good/dom1.dtb|$b/dom1.dtb|" "$good/dtpart.log" > "$b/dtpart.log"
boot "Xen boots the interrupts-differ set-up silently, guest IRQ lost" "$b" \
  "uart1:DTPART-GUEST IRQ 55 NOT delivered"
grep -q "(XEN).*\(error\|Error\|ERROR\)" "$b/console.log" && bad "Xen did complain about broken-interrupts-differ" || true

echo "e2e: total $(ms_to_s $(( $(now_ms) - t_start )))s"
echo "e2e: $pass passed, $fail failed"
[ $fail = 0 ]
