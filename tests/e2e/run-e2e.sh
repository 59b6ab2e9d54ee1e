#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# End-to-end: real Xen (Debian's arm64 builds: 4.17 from Debian 12, 4.20 from
# Debian 13) boots, under QEMU's ZCU102 model, the host tree and partial trees
# dtpart writes for the zcu102-qemu board, in dom0less mode without dom0: the
# input is the board's tree without /chosen (a Linux tree), `dtpart
# passthrough --dom0less` adds the domains and `dtpart host --no-dom0` writes
# Xen's /chosen and boot.cmd; QEMU loads what dtpart's printed QEMU line
# names, at dtpart's addresses. The test guest
# must show its marker and, with a UART, its interrupt delivered through the
# virtual GIC. Every boot runs once per version in E2E_XEN_VERSIONS
# (versions.sh; "4.17 4.20" by default) and asserts that version's behaviour.
# Set-ups Xen would boot silently into broken guests must be refused by
# `dtpart check`.
# Environment: O, SRCDIR, DTPART, E2E_XEN_VERSIONS, E2E_BOOT_TIMEOUT.
# Prints timings; ends "e2e: N passed, N failed".
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
. tests/e2e/versions.sh
. tests/e2e/needs.sh
. tests/e2e/run-qemu.sh
t_start=$(now_ms)
ok() { pass=$((pass + 1)); echo "e2e: PASS $*"; }
bad() { fail=$((fail + 1)); echo "e2e: FAIL $*"; }
give_up() { echo "e2e: $*"; echo "e2e: $pass passed, $((fail + 1)) failed"; exit 1; }
# Each boot needs 1-3 s of TCG time on 2 cores; the limit only bounds a hang.
boot_limit=${E2E_BOOT_TIMEOUT:-60}

# Tools first, each named with its Debian package, before anything is built.
needs e2e qemu-system-aarch64:qemu-system-arm aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu \
  aarch64-linux-gnu-objcopy:binutils-aarch64-linux-gnu "$DTC:device-tree-compiler" \
  fdtput:device-tree-compiler fdtget:device-tree-compiler awk:mawk apt-get:apt dpkg:dpkg ||
  give_up "missing tools (above)"
needs_cross_libc e2e || give_up "cannot build the guest"

# The trees come from dtpart's dom0less mode; without it there is nothing to
# boot (the hand-made trees of the first harness are gone).
if ! "$DTPART" passthrough --help 2>&1 | grep -q -- --dom0less || ! "$DTPART" host --help 2>&1 | grep -q -- --no-dom0; then
  give_up "$DTPART has no 'passthrough --dom0less' or 'host --no-dom0'; build dtpart from this tree"
fi

# Parts: each Xen and libfdt (for the guest) from Debian's arm64 packages, cached.
# shellcheck disable=SC2086 # one word per version
fetch=$(sh tests/e2e/fetch-xen.sh $E2E_XEN_VERSIONS) || { echo "$fetch"; give_up "cannot fetch Xen"; }
echo "$fetch" | sed 's/^fetch-xen/e2e: fetch-xen/'
LIBFDT_DEV=$(echo "$fetch" | sed -n 's/^fetch-xen: libfdt //p')
LIBFDT_DEV=${LIBFDT_DEV%/usr/lib/*}
GUEST=$work/guest.bin
sh tests/e2e/guest/build-guest.sh "$LIBFDT_DEV" "$GUEST" 2> "$work/guest-build.log" || {
  cat "$work/guest-build.log"; give_up "cannot build the guest"; }
echo "e2e: Xen $E2E_XEN_VERSIONS, guest $(stat -c %s "$GUEST") bytes, setup $(ms_to_s $(( $(now_ms) - t_start )))s"

# The input is a Linux tree, as a kernel build ships it: the zcu102-qemu
# board's tree without /chosen, so nothing Xen needs is in it. With its
# labels (-@, as a kernel built for overlays ships it): the cases name
# devices by label (can1, ttc1, ...).
linux_dtb=$work/linux.dtb
why=$(qemu_linux_tree "$linux_dtb" -@) || give_up "$why"
# boot.cmd's and the QEMU line's paths are relative to the boot directory
# $boot_root, which holds every file: Xen's image (the first version's, a
# copy; each version boots its own with the same tree and modules), the
# guest and the cases.
boot_root=$(cd "$O" && pwd)
first_xv=${E2E_XEN_VERSIONS%% *}
xen_img=$work/xen-$first_xv
cp "$(echo "$fetch" | sed -n "s/^fetch-xen: xen $first_xv //p")" "$xen_img" || give_up "cannot copy Xen $first_xv's image"

# dtpart run for a case: dp DIR ARGS... (on the Linux tree)
dp() {
  d=$1; shift
  "$DTPART" -H "$linux_dtb" -b zcu102-qemu -o "$d" "$@" > "$d.log" 2>&1 || { cat "$d.log"; return 1; }
  cp "$d.log" "$d/dtpart.log"
}
# host_tree DIR: `dtpart host --no-dom0` on DIR's plan: /chosen with Xen's
# command line and no dom0, boot.cmd, and the QEMU line in DIR/host.log. The
# tree has no stdout-path: Xen's console is named.
host_tree() {
  "$DTPART" -o "$1" host --no-dom0 --xen-bootargs "dtuart=serial0 bootscrub=0 loglvl=all guest_loglvl=all" \
    --xen-image "$xen_img" --boot-dir "$boot_root" > "$1.host.log" 2>&1 || { cat "$1.host.log"; return 1; }
  cp "$1.host.log" "$1/host.log"
}
# no_dom0 DIR N: DIR's host tree boots without dom0 (Xen's command line
# without dom0_mem, no xen,dom0-bootargs, no module of dom0 in /chosen) and
# its boot.cmd loads Xen, the tree and the N modules of its domains only.
no_dom0() {
  t=$1/xen.dtb
  a=$(fdtget -t s "$t" /chosen xen,xen-bootargs 2>/dev/null)
  if [ "$a" = "console=dtuart dtuart=serial0 bootscrub=0 loglvl=all guest_loglvl=all" ] &&
     ! fdtget "$t" /chosen xen,dom0-bootargs > /dev/null 2>&1 &&
     ! fdtget -l "$t" /chosen | grep -q '^module' &&
     [ "$(grep -c '^load ' "$1/boot.cmd")" = $(( $2 + 2 )) ]; then ok "${1##*/}: dtpart host --no-dom0 tree and boot.cmd"
  else bad "${1##*/}: not a tree without dom0: xen,xen-bootargs '$a'"; fdtget -l "$t" /chosen; cat "$1/boot.cmd"; fi
}

# The trees do not depend on the Xen version: each case's trees are written
# once (for the 4.17 rules unless a case says otherwise) and booted on every
# version. A case that
# cannot be written is not booted; its name goes into $unwritten.
unwritten=""
cases=$work/cases
dp "$cases/uart1" passthrough serial1 --domain 1 --dom0less --kernel "$GUEST" --bootargs domain=1 &&
  host_tree "$cases/uart1" && no_dom0 "$cases/uart1" 2 ||
  { bad "UART1 to domU1: dtpart failed"; unwritten="$unwritten uart1"; }
# UART1 + GEM3, both placed away from 1:1 (--guest-addr): the guest takes
# their addresses from its partial tree (reg), Xen maps them by xen,reg.
if dp "$cases/uart1-gem3" passthrough serial1 eth0 --domain 1 --dom0less --force-no-iommu --kernel "$GUEST" --bootargs domain=1 \
     --guest-addr serial1=0x5010000 --guest-addr eth0=0x3a000000 && host_tree "$cases/uart1-gem3"; then
  grep -q "without an IOMMU" "$cases/uart1-gem3.log" && ok "GEM3 without SMMU is announced" || bad "no --force-no-iommu warning"
else bad "UART1 + GEM3 to domU1: dtpart failed"; unwritten="$unwritten uart1-gem3"; fi
dp "$cases/two-domains" passthrough serial1 --domain 1 --dom0less --kernel "$GUEST" --bootargs domain=1 &&
  dp "$cases/two-domains" passthrough eth0 --domain 2 --dom0less --force-no-iommu --kernel "$GUEST" --bootargs domain=2 &&
  host_tree "$cases/two-domains" && no_dom0 "$cases/two-domains" 4 ||
  { bad "two domains: dtpart failed"; unwritten="$unwritten two-domains"; }
# Xen 4.17 builds a dom0less guest's tree in a fixed 4096-byte buffer
# (DOMU_DTB_SIZE, domain_build.c; grown in 4.18) that must hold the copied
# /passthrough too. Measured: 8 devices (partial tree 3932 bytes, guest tree
# 3971) still fit, 9 (partial tree 4292 bytes, 4251 expected) do not
# (README.md).
dev8="eth0 serial1 i2c1 can1 ttc1 ttc2 ttc3 i2c0"
# shellcheck disable=SC2086 # one word per device
dp "$cases/dev8" passthrough $dev8 --domain 1 --dom0less --force-no-iommu --kernel "$GUEST" --bootargs domain=1 &&
  host_tree "$cases/dev8" ||
  { bad "8 devices: dtpart failed"; unwritten="$unwritten dev8"; }
# Nine devices: dtpart's replay (--xen 4.17, the default) refuses them before
# anything is written, naming the 4096-byte buffer; written for 4.20, then
# booted on real 4.17 below to show that Xen fails exactly as the model says.
# shellcheck disable=SC2086
if "$DTPART" -H "$linux_dtb" -b zcu102-qemu -o "$cases/dev9-417" passthrough $dev8 gpio --domain 1 --dom0less --force-no-iommu \
     --kernel "$GUEST" --bootargs domain=1 > "$cases/dev9-417.log" 2>&1; then
  bad "9 devices: dtpart wrote them under Xen 4.17's rules"
else
  grep -q "over its 4096-byte buffer" "$cases/dev9-417.log" ||
    bad "9 devices: dtpart's refusal does not name 4.17's 4096-byte buffer"
fi
# shellcheck disable=SC2086
dp "$cases/dev9" passthrough $dev8 gpio --domain 1 --dom0less --force-no-iommu --kernel "$GUEST" --bootargs domain=1 --xen 4.20 &&
  host_tree "$cases/dev9" ||
  { bad "9 devices: dtpart failed for 4.20"; unwritten="$unwritten dev9"; }
"$DTPART" -o "$cases/dev9" check --xen 4.17 > "$cases/dev9-check-417.log" 2>&1 &&
  bad "9 devices: dtpart check --xen 4.17 accepted them"
grep -q "Could not set up domain domU1" "$cases/dev9-check-417.log" ||
  bad "9 devices: check --xen 4.17 does not quote Xen's panic"

# Set-ups broken by one edit of case 1's good partial tree; dtpart check
# must refuse each before boot. Xen 4.17 boots all of them without a word but
# a wrong xen,path (a message, and a broken guest); from 4.18 on, that one is
# fatal (shown below by booting it).
good=$cases/uart1
"$DTC" -q -I dtb -O dts -o "$work/good.dts" "$good/dom1.dtb"
broken() { # NAME CODE SED-EXPRESSION
  b="$cases/broken-$1"
  mkdir -p "$b"
  sed "$3" "$work/good.dts" > "$b/dom1.dts"
  if cmp -s "$b/dom1.dts" "$work/good.dts"; then bad "broken $1: the edit changed nothing"; return; fi
  "$DTC" -q -I dts -O dtb -o "$b/dom1.dtb" "$b/dom1.dts"
  "$DTPART" check --host "$good/xen.dtb" "$b/dom1.dtb" > "$b/check.log" 2>&1
  rc=$?
  if [ $rc = 69 ] && grep -q "$2" "$b/check.log"; then ok "dtpart check refuses $1 (before boot)"
  else bad "dtpart check on $1: exit $rc"; cat "$b/check.log"; fi
  # Bootable as it stands: case 1's host tree and modules, this partial
  # tree, at the addresses of case 1's QEMU line.
  cp "$good/xen.dtb" "$b/xen.dtb"
  sed "s|/cases/uart1/|/cases/broken-$1/|g" "$good/host.log" > "$b/host.log"
}
broken interrupts-differ "interrupts of partial-tree node" 's/interrupts = <0x00 0x16 0x04>/interrupts = <0x00 0x17 0x04>/'
broken reg-not-xen-reg "outside the guest addresses" 's/reg = <0x00 0xff010000 0x00 0x1000>/reg = <0x00 0xff020000 0x00 0x1000>/'
broken container-name "not /passthrough" 's/passthrough {/devices {/'
broken xen-reg-cells "xen,reg of serial@ff010000 has 5 cells" 's/xen,reg = <0x00 0xff010000 0x00 0x1000 0x00 0xff010000>/xen,reg = <0x00 0xff010000 0x1000 0x00 0xff010000>/'
broken phandle-65000 "uses phandle 65000" 's/phandle = <0x01>;/phandle = <0xfde8>;/'
broken xen-path "xen,path" 's|xen,path = "/axi/serial@ff010000"|xen,path = "/axi/serial@ff010800"|'
setup_end=$(now_ms)

# boot NAME CASE PATTERN...: boots Xen $xv with the tree and modules of the
# QEMU line `dtpart host` printed for CASE (its host.log), until every
# PATTERN ("console:text" or "uart1:text") is seen (run-qemu.sh says when it
# gives up earlier). The logs go to CASE/xen-$xv/.
boot() {
  name="Xen $xv: $1"; dir=$cases/$2; shift 2
  case " $unwritten " in *" ${dir##*/} "*) return 0 ;; esac
  logs=$dir/xen-$xv
  mkdir -p "$logs"
  words=$(qemu_line "$dir/host.log" "$boot_root")
  w1=$(echo "$words" | sed -n 1p); kernel=$(echo "$words" | sed -n 2p)
  w3=$(echo "$words" | sed -n 3p); tree=$(echo "$words" | sed -n 4p)
  loaders=$(echo "$words" | sed -n '5,$p' | tr '\n' ' ')
  if [ "$w1 $w3" != "-kernel -dtb" ] || ! cmp -s "$kernel" "$xen_img" || ! cmp -s "$tree" "$dir/xen.dtb"; then
    bad "$name: dtpart host's QEMU line: $(echo "$words" | tr '\n' ' ')"; return 0
  fi
  # shellcheck disable=SC2086 # one word per QEMU argument
  qemu_start "$logs" "$xen" "$tree" $loaders
  qemu_wait_markers "$logs" "$boot_limit" "$@"
  qemu_stop
  if [ -z "$QEMU_MISSING" ]; then ok "$name (${QEMU_SECS}s)"
  else bad "$name (${QEMU_SECS}s): missing$QEMU_MISSING"; tail -15 "$logs/console.log"; cat "$logs/uart1.log"; fi
}

for xv in $E2E_XEN_VERSIONS; do
  t_version=$(now_ms)
  xen=$(echo "$fetch" | sed -n "s/^fetch-xen: xen $xv //p")
  # No dom0 kernel module: Xen boots in dom0less-only mode.
  boot "UART1 to domU1, no dom0" uart1 "console:(XEN) Xen dom0less mode detected" \
    "uart1:DTPART-GUEST domain=1 uart=0xff010000 irq=54" \
    "uart1:DTPART-GUEST IRQ 54 delivered" "uart1:DTPART-GUEST DONE"
  boot "UART1 + GEM3 to domU1 at guest 0x5010000 and 0x3a000000" uart1-gem3 \
    "uart1:DTPART-GUEST domain=1 uart=0x5010000 irq=54" "uart1:DTPART-GUEST IRQ 54 delivered" \
    "uart1:DTPART-GUEST GEM module id 0x40070106" "uart1:DTPART-GUEST DONE"
  # domU2 has no UART: it reports through Xen's console.
  boot "UART1 to domU1, GEM3 to domU2" two-domains "uart1:DTPART-GUEST IRQ 54 delivered" \
    "console:(d2) DTPART-GUEST domain=2 no-uart" "console:(d2) DTPART-GUEST GEM module id 0x40070106"
  # The sizes in the names: should dtpart's trees grow or shrink, a failure
  # here says by how much (README.md has the measured table).
  boot "8 devices to domU1 (partial tree $(stat -c %s "$cases/dev8/dom1.dtb") bytes, guest tree within 4 KiB)" dev8 "uart1:DTPART-GUEST IRQ 54 delivered" \
    "uart1:DTPART-GUEST GEM module id 0x40070106" "uart1:DTPART-GUEST DONE"
  # Xen boots this one without a word: the guest reads IRQ 55 from its tree,
  # Xen routed 54, the interrupt never arrives.
  boot "interrupts-differ set-up boots silently, guest IRQ lost" broken-interrupts-differ \
    "uart1:DTPART-GUEST IRQ 55 NOT delivered"
  grep -q "(XEN).*\(error\|Error\|ERROR\)" "$cases/broken-interrupts-differ/xen-$xv/console.log" &&
    bad "Xen $xv: Xen did complain about broken-interrupts-differ"
  case $xv in
    4.17)
      boot "9 devices (partial tree $(stat -c %s "$cases/dev9/dom1.dtb") bytes): the guest tree overflows DOMU_DTB_SIZE" dev9 \
        "console:(XEN) Device tree generation failed (-3)." "console:(XEN) Could not set up domain domU1"
      # 4.17 assigns nothing for the wrong path and boots the guest anyway.
      boot "wrong xen,path: logged, guest boots without its IRQ" broken-xen-path \
        "console:(XEN) Couldn't find node /axi/serial@ff010800 in host_dt!" \
        "console:(XEN) Failed to assign device to d1" "uart1:DTPART-GUEST IRQ 54 NOT delivered" ;;
    *)
      boot "9 devices (partial tree $(stat -c %s "$cases/dev9/dom1.dtb") bytes) boot: no 4 KiB limit since 4.18" dev9 "uart1:DTPART-GUEST IRQ 54 delivered" \
        "uart1:DTPART-GUEST GEM module id 0x40070106" "uart1:DTPART-GUEST DONE"
      boot "wrong xen,path is fatal (since 4.18)" broken-xen-path \
        "console:(XEN) Could not set up domain domU1 (rc = -22)" ;;
  esac
  echo "e2e: Xen $xv: $(ms_to_s $(( $(now_ms) - t_version )))s"
done

echo "e2e: total $(ms_to_s $(( $(now_ms) - t_start )))s (setup and dtpart check $(ms_to_s $(( setup_end - t_start )))s)"
echo "e2e: $pass passed, $fail failed"
[ $fail = 0 ]
