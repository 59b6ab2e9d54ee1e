#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The xl flow on real Xen: dom0 (Debian 12's arm64 kernel + an initramfs with
# the Xen toolstack, both from Debian's packages) boots on QEMU's ZCU102 with
# dtpart's host tree, and `xl create` starts the test guest from xl configs
# that xlcfg-gen merged from dtpart's snippets into a small base config, with
# dtpart's partial trees. One boot per Xen version in E2E_XEN_VERSIONS
# (versions.sh: 4.17 with Debian 12's toolstack, 4.20 with Debian 13's), each
# running every case:
#   A  UART1 to domain 1: marker and IRQ 54 on the second serial port
#   B  UART1 + GEM3 MMIO to one domain (QEMU has no SMMU: dtpart's
#      --force-no-iommu output, so no dtdev): GEM module ID read
#   C  irqs = [ 53 ] (Xen's console UART): xl refuses
#   D  a device whose host node has no xen,passthrough (GPIO, IRQ 48): xl refuses
#   E  iomem over guest RAM: xl accepts it silently; dtpart check refuses it
#   L  a Linux guest (Debian 12's kernel, linux/mkinitramfs.sh's initramfs)
#      with M's snippet: B's devices, UART1 placed at guest 0x05010000 with
#      --guest-addr (libxl maps iomem "0xff010,1@0x5010"): Linux finds it
#      there through the partial tree, its console is UART1 (IRQ 54
#      counted), macb probes GEM3 through the mapped MMIO (1:1). GEM3's DMA is not tried: without an
#      IOMMU it would use the guest's addresses as machine addresses, over
#      dom0's or Xen's memory (run-linux.sh shows it with dom0less).
# The host tree is dtpart's from end to end: the zcu102-qemu board's tree
# without /chosen stands for the kernel's DTB, `dtpart passthrough` flags the
# devices and `dtpart host` writes /chosen (Xen's and dom0's command lines,
# dom0's kernel and initramfs as modules) and boot.cmd; QEMU loads what
# dtpart's printed QEMU line names, at dtpart's addresses.
# Environment: O, SRCDIR, DTPART, XLCFG_GEN, E2E_XEN_VERSIONS.
set -u
cd "${SRCDIR:-.}" || exit 1
O=${O:-build}
DTPART=${DTPART:-$O/dtpart}
XLCFG_GEN=${XLCFG_GEN:-$O/xlcfg-gen}
DTC=${DTC:-dtc}
export DTPART_BOARDS_DIR=boards QEMU_AUDIO_DRV=none
work="$O/e2e-xl"
rm -rf "$work/cases" "$work"/xen-*
mkdir -p "$work/cases"
pass=0; fail=0
. tests/e2e/versions.sh
. tests/e2e/needs.sh
. tests/e2e/run-qemu.sh
t_start=$(now_ms)
ok() { pass=$((pass + 1)); echo "xl-e2e: PASS $*"; }
bad() { fail=$((fail + 1)); echo "xl-e2e: FAIL $*"; }
give_up() { echo "xl-e2e: $*"; echo "xl-e2e: $pass passed, $((fail + 1)) failed"; exit 1; }
# dom0 needs about 15 s to its toolstack and 4 s per case under TCG on 2
# cores; the limit only bounds a hang.
boot_limit=${E2E_XL_BOOT_TIMEOUT:-240}

# Tools first, each named with its Debian package, before anything is built.
needs xl-e2e qemu-system-aarch64:qemu-system-arm aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu \
  aarch64-linux-gnu-objcopy:binutils-aarch64-linux-gnu "$DTC:device-tree-compiler" \
  fdtput:device-tree-compiler fdtget:device-tree-compiler awk:mawk cpio:cpio gzip:gzip apt-get:apt dpkg:dpkg ||
  give_up "missing tools (above)"
needs_cross_libc xl-e2e || give_up "cannot build the guest"

# Debian 12's kernel is dom0's for every version; the guest links Debian 12's libfdt.
kpkg=$(sh tests/e2e/fetch-debs.sh --resolve '^linux-image-6\.1\.0-[0-9]+-arm64$')
[ -n "$kpkg" ] || give_up "no linux-image-6.1.0-*-arm64 in Debian 12's arm64 lists"
debs="$O/e2e/debs"
sh tests/e2e/fetch-debs.sh "$debs/bookworm" "$kpkg" libfdt-dev busybox-static || give_up "cannot fetch $kpkg, libfdt-dev and busybox-static"
KERNEL=$(ls "$debs/bookworm/$kpkg"/boot/vmlinuz-*)
GUEST=$work/guest.bin
sh tests/e2e/guest/build-guest.sh "$debs/bookworm/libfdt-dev" "$GUEST" 2> "$work/guest-build.log" ||
  { cat "$work/guest-build.log"; give_up "guest build failed"; }
LINUX_INITRD=$work/linux-initrd.gz
sh tests/e2e/linux/mkinitramfs.sh "$debs/bookworm/busybox-static" "$debs/bookworm/$kpkg" "$LINUX_INITRD" ||
  give_up "cannot build the Linux guest's initramfs"

# The input is a Linux tree, as a kernel build ships it: the zcu102-qemu
# board's tree compiled without labels (-@) and without /chosen, so nothing
# Xen needs is in it. dtpart's outputs: A = UART1; B = UART1 + GEM3 without
# IOMMU. B's host tree flags both; `dtpart host` turns it into the tree each
# version boots with (below).
c=$work/cases
linux_dtb=$c/linux.dtb
why=$(qemu_linux_tree "$linux_dtb") || give_up "$why"
"$DTPART" -H "$linux_dtb" -b zcu102-qemu -o "$c/A" --dtb-dir /cases/A passthrough serial1 --domain 1 > "$c/A.log" 2>&1 || { cat "$c/A.log"; give_up "dtpart A failed"; }
"$DTPART" -H "$linux_dtb" -b zcu102-qemu -o "$c/B" --dtb-dir /cases/B --force-no-iommu passthrough serial1 eth0 --domain 1 > "$c/B.log" 2>&1 || { cat "$c/B.log"; give_up "dtpart B failed"; }
# M: B's devices with UART1 at a guest address that is not its host one.
"$DTPART" -H "$linux_dtb" -b zcu102-qemu -o "$c/M" --dtb-dir /cases/M --force-no-iommu --guest-addr serial1=0x5010000 \
  passthrough serial1 eth0 --domain 1 > "$c/M.log" 2>&1 || { cat "$c/M.log"; give_up "dtpart M failed"; }
grep -q 'iomem = \[ "0xff010,1@0x5010", "0xff0e0,1" \]' "$c/M/dom1.cfg" && ok "M: iomem maps UART1 at guest 0x5010000" ||
  { bad "M: iomem is not moved"; grep iomem "$c/M/dom1.cfg"; }
grep -q "without an IOMMU" "$c/B.log" && ok "B says GEM3 goes without IOMMU" || bad "B: no IOMMU warning"
grep -q dtdev "$c/B/dom1.cfg" && bad "B: dtdev without an SMMU" || ok "B: no dtdev (no SMMU in the emulator)"
base() { printf 'name = "xl-%s"\nkernel = "/guest.bin"\nmemory = 128\nvcpus = 1\nextra = "domain=1 case=%s"\n' "$1" "$1"; }
for x in A B; do
  base "$x" > "$c/$x.cfg"
  "$XLCFG_GEN" --merge "$c/$x.cfg" --from "$c/$x/dom1.cfg" > /dev/null || bad "xlcfg-gen merge $x"
done
# C and D hold no IRQ of A's or B's: their refusal must not depend on how
# soon Xen frees the IRQs of the domain before (after it leaves xl's list).
base C > "$c/C.cfg"; "$XLCFG_GEN" --merge "$c/C.cfg" --device-tree /cases/A/dom1.dtb --irq 53 > /dev/null
base D > "$c/D.cfg"; "$XLCFG_GEN" --merge "$c/D.cfg" --device-tree /cases/A/dom1.dtb --irq 48 --iomem 0xff0a0,1 > /dev/null
base E > "$c/E.cfg"; "$XLCFG_GEN" --merge "$c/E.cfg" --from "$c/A/dom1.cfg" > /dev/null
sed -i 's|"0xff010,1"|"0xff010,1@0x40000"|' "$c/E.cfg"
# L: M's snippet for a Linux guest; its console is ttyPS1 (the partial
# tree's /aliases keeps the host's serial1 name). Up to 20 s to power off.
printf 'name = "xl-L"\nkernel = "/linux/Image"\nramdisk = "/linux/initrd.gz"\nmemory = 256\nvcpus = 1\nextra = "console=ttyPS1 rdinit=/init dtpart.case=xl-L dtpart.net=probe"\n' > "$c/L.cfg"
"$XLCFG_GEN" --merge "$c/L.cfg" --from "$c/M/dom1.cfg" > /dev/null || bad "xlcfg-gen merge L"
echo 40 > "$c/L.wait"

# initramfs VERSION ROOT OUT: dom0's initramfs with Xen VERSION's toolstack
# from its Debian suite, the kernel's Xen modules, the test guest and cases.
initramfs() {
  suite=$(xen_suite "$1") || return 1
  pkgs=$(xen_dom0_packages "$1")
  # shellcheck disable=SC2086 # one word per package
  sh tests/e2e/fetch-debs.sh --suite "$suite" "$debs/$suite" $pkgs || { echo "xl-e2e: cannot fetch Xen $1's toolstack"; return 1; }
  r=$2
  mkdir -p "$r/lib/modules/xen" "$r/cases/A" "$r/cases/B" "$r/cases/M" "$r/bin" "$r/linux"
  out=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
  for p in $pkgs; do cp -a "$debs/$suite/$p/." "$r/"; done
  rm -rf "$r/usr/share/doc" "$r/usr/share/man" "$r/usr/share/locale" "$r/usr/lib/aarch64-linux-gnu/gconv"
  # Debian 13's packages install under /usr only (merged /usr): the ELF
  # loader path and busybox's /bin are links there.
  [ -e "$r/lib/ld-linux-aarch64.so.1" ] || ln -s ../usr/lib/ld-linux-aarch64.so.1 "$r/lib/ld-linux-aarch64.so.1"
  [ -e "$r/lib/aarch64-linux-gnu" ] || ln -s ../usr/lib/aarch64-linux-gnu "$r/lib/aarch64-linux-gnu"
  [ -e "$r/bin/busybox" ] || ln -s ../usr/bin/busybox "$r/bin/busybox"
  ln -sf busybox "$r/bin/sh"
  find "$debs/bookworm/$kpkg/lib/modules" \( -name 'xen-privcmd.ko' -o -name 'xenfs.ko' -o -name 'xen-evtchn.ko' \
    -o -name 'xen-gntdev.ko' -o -name 'xen-gntalloc.ko' \) -exec cp {} "$r/lib/modules/xen/" \;
  cp tests/e2e/xl/init.sh "$r/init"; chmod +x "$r/init"
  cp "$GUEST" "$r/guest.bin"
  for x in A B C D E L; do cp "$c/$x.cfg" "$r/cases/"; done
  cp "$c/L.wait" "$r/cases/"
  cp "$c/A/dom1.dtb" "$r/cases/A/"; cp "$c/B/dom1.dtb" "$r/cases/B/"; cp "$c/M/dom1.dtb" "$r/cases/M/"
  cp "$KERNEL" "$r/linux/Image"; cp "$LINUX_INITRD" "$r/linux/initrd.gz"
  echo "A B C D E L" > "$r/cases/order"
  (cd "$r" && find . | cpio -o -H newc > "$out.cpio" 2> "$out.cpio.log") ||
    { cat "$out.cpio.log"; echo "xl-e2e: cpio failed"; return 1; }
  # An initramfs without /init or xl only panics dom0: refuse it here.
  cpio -it < "$out.cpio" > "$out.list" 2> /dev/null
  for f in init "usr/lib/xen-$1/bin/xl" bin/busybox lib/ld-linux-aarch64.so.1 lib/modules/xen/xenfs.ko; do
    grep -qx -e "$f" -e "./$f" "$out.list" || { echo "xl-e2e: the initramfs $out.cpio has no /$f"; return 1; }
  done
  gzip -1 -c "$out.cpio" > "$out" && rm -f "$out.cpio"
}

# host_tree XEN DIR: `dtpart host` on a copy of B's outputs in DIR/B, with
# this version's initramfs (DIR/initrd.gz) and Xen: /chosen with Xen's and
# dom0's command lines and dom0's modules, and boot.cmd, whose paths are
# relative to the boot directory $boot_root (Xen, the kernel, the initramfs
# and the tree all lie under it). dom0_max_vcpus=1: one vCPU boots faster
# under TCG. The tree has no stdout-path: Xen's console is named.
boot_root=$(cd "$O" && pwd)
host_tree() {
  rm -rf "$2/B"; cp -r "$c/B" "$2/B"
  "$DTPART" -o "$2/B" host --dom0-kernel "$KERNEL" --dom0-ramdisk "$2/initrd.gz" --dom0-mem 512M \
    --xen-bootargs "dtuart=serial0 dom0_max_vcpus=1 bootscrub=0 loglvl=all guest_loglvl=all" \
    --dom0-bootargs "earlycon=xenboot rdinit=/init" --xen-image "$1" --boot-dir "$boot_root" > "$2/host.log" 2>&1 ||
    { cat "$2/host.log"; return 1; }
}


# dom0_dead DIR: true (and prints why) once dom0 or Xen has died: waiting on
# would only run into the limit.
dom0_dead() {
  for pat in 'Kernel panic' 'Unable to mount root fs' 'Panic on CPU' 'Attempted to kill init'; do
    grep -qF "$pat" "$1/console.log" 2>/dev/null || continue
    echo "xl-e2e: dom0 or Xen died: $(grep -m1 -F "$pat" "$1/console.log")"
    return 0
  done
  return 1
}

echo "xl-e2e: Xen $E2E_XEN_VERSIONS, dom0 kernel $kpkg, setup $(ms_to_s $(( $(now_ms) - t_start )))s"
for xv in $E2E_XEN_VERSIONS; do
  t_version=$(now_ms)
  v=$work/xen-$xv
  mkdir -p "$v"
  suite=$(xen_suite "$xv") || { bad "Xen $xv: not known"; continue; }
  sh tests/e2e/fetch-debs.sh --suite "$suite" "$debs/$suite" "xen-hypervisor-$xv-arm64" ||
    { bad "Xen $xv: cannot fetch xen-hypervisor-$xv-arm64"; continue; }
  xen=$debs/$suite/xen-hypervisor-$xv-arm64/boot/xen-$xv-arm64
  initramfs "$xv" "$v/root" "$v/initrd.gz" || { bad "Xen $xv: no initramfs"; continue; }
  host_tree "$xen" "$v" || { bad "Xen $xv: dtpart host failed"; continue; }
  hdtb=$v/B/xen.dtb
  # QEMU loads what dtpart printed: Xen and dtpart's tree, dom0's kernel and
  # initramfs at the addresses of the tree's /chosen modules, each module's
  # reg the file's size.
  # shellcheck disable=SC2046 # one word a line, no spaces in the paths
  set -- $(qemu_line "$v/host.log" "$boot_root")
  if [ "${1:-} ${3:-}" = "-kernel -dtb" ] && cmp -s "$2" "$xen" && cmp -s "$4" "$hdtb"; then
    ok "Xen $xv: dtpart host's QEMU line boots Xen with its tree"
  else bad "Xen $xv: dtpart host's QEMU line: $*"; cat "$v/host.log"; continue; fi
  mods=0
  for w in "$@"; do
    case $w in loader,file=*) ;; *) continue ;; esac
    f=${w#loader,file=}; f=${f%%,*}; a=${w#*,addr=0x}; a=${a%%,*}
    reg=$(fdtget -t x "$hdtb" "/chosen/module@$a" reg 2>/dev/null)
    if [ "$reg" = "$(printf '0 %s 0 %x' "$a" "$(stat -L -c %s "$f")")" ]; then mods=$((mods + 1))
    else bad "Xen $xv: $f loads at 0x$a, /chosen/module@$a has reg <$reg>"; fi
  done
  [ $mods = 2 ] && ok "Xen $xv: dom0's kernel and initramfs load where /chosen says, sized from the files" ||
    bad "Xen $xv: $mods of dom0's 2 modules as /chosen names them"
  b=$(fdtget -t s "$hdtb" /chosen xen,dom0-bootargs 2>/dev/null)
  [ "$b" = "console=hvc0 clk_ignore_unused earlycon=xenboot rdinit=/init" ] &&
    ok "Xen $xv: dom0's command line from dtpart host" || bad "Xen $xv: xen,dom0-bootargs '$b'"
  # dtpart check before boot, on the host tree that boots (with dom0's
  # modules: dom0 owns the devices not flagged xen,passthrough): A and B
  # pass, C, D and E are refused.
  chk() { "$DTPART" check --host "$hdtb" "$c/$1.cfg" "$c/$2/dom1.dtb" > "$v/check-$1.log" 2>&1; echo $?; }
  [ "$(chk A A)" = 0 ] && ok "Xen $xv: dtpart check passes A" || { bad "Xen $xv: dtpart check A"; cat "$v/check-A.log"; }
  [ "$(chk B B)" = 0 ] && ok "Xen $xv: dtpart check passes B" || { bad "Xen $xv: dtpart check B"; cat "$v/check-B.log"; }
  [ "$(chk L M)" = 0 ] && ok "Xen $xv: dtpart check passes L (UART1 moved)" || { bad "Xen $xv: dtpart check L"; cat "$v/check-L.log"; }
  [ "$(chk C A)" = 69 ] && grep -q "IRQ 53 is already used by Xen" "$v/check-C.log" && ok "Xen $xv: dtpart check refuses C (irq Xen keeps)" || { bad "Xen $xv: dtpart check C"; cat "$v/check-C.log"; }
  [ "$(chk D A)" = 69 ] && grep -q "IRQ 48 is already used by domain 0\|stays with dom0" "$v/check-D.log" && ok "Xen $xv: dtpart check refuses D (no xen,passthrough)" || { bad "Xen $xv: dtpart check D"; cat "$v/check-D.log"; }
  [ "$(chk E A)" = 69 ] && grep -q "guest RAM" "$v/check-E.log" && ok "Xen $xv: dtpart check refuses E (iomem over guest RAM)" || { bad "Xen $xv: dtpart check E"; cat "$v/check-E.log"; }
  echo "xl-e2e: Xen $xv: initramfs $(( $(stat -c %s "$v/initrd.gz") / 1024 )) KiB, built in $(ms_to_s $(( $(now_ms) - t_version )))s"
  # No rng-seed: without one, dom0's Linux initialises its crng from jitter
  # about 7 s into its boot and the first xl create waits for it (A takes
  # 7 s instead of 2 s), but the boot's time stays within its noise. A seed
  # is the boot loader's to add on each boot, not a file's to repeat.
  xen_img=$2; boot_dtb=$4; shift 4
  qemu_start "$v" "$xen_img" "$boot_dtb" "$@"
  # Only the toolstack script's last line ends this boot (guests print DONE
  # after each case), so the wait is this runner's own.
  t_dom0=""
  while [ $(( $(now_ms) - QEMU_T0 )) -lt $(( boot_limit * 1000 )) ] && ! grep -q "XLTEST DONE" "$v/console.log" 2>/dev/null; do
    kill -0 "$QEMU_PID" 2>/dev/null || break
    dom0_dead "$v" && break
    [ -z "$t_dom0" ] && grep -q "XLTEST dom0 ready" "$v/console.log" 2>/dev/null && t_dom0=$(ms_to_s $(( $(now_ms) - QEMU_T0 )))
    sleep 0.5
  done
  qemu_stop
  echo "xl-e2e: Xen $xv: dom0's toolstack up after ${t_dom0:-never}s, six xl create cases done after ${QEMU_SECS}s"
  con=$v/console.log; u1=$v/uart1.log
  failed_before=$fail
  expect() { # NAME FILE TEXT
    if grep -qF -- "$3" "$2"; then ok "Xen $xv: $1"; else bad "Xen $xv: $1: '$3' not in $(basename "$2")"; fi
  }
  expect "dom0 up with the toolstack" "$con" "XLTEST dom0 ready (/usr/lib/xen-$xv)"
  expect "A: xl create succeeds" "$con" "XLTEST A: exit 0"
  expect "A: guest marker on UART1" "$u1" "DTPART-GUEST domain=1 case=A uart=0xff010000 irq=54"
  expect "A: IRQ 54 delivered" "$u1" "DTPART-GUEST IRQ 54 delivered"
  expect "B: xl create succeeds" "$con" "XLTEST B: exit 0"
  expect "B: guest marker on UART1" "$u1" "DTPART-GUEST domain=1 case=B uart=0xff010000 irq=54"
  expect "B: GEM3 module ID read" "$u1" "DTPART-GUEST GEM module id 0x40070106"
  expect "C: xl refuses the console's IRQ" "$con" "failed give domain access to irq 53: Operation not permitted"
  expect "D: xl refuses an IRQ dom0 owns" "$con" "IRQ 48 is already used by domain 0"
  expect "E: xl accepts iomem over guest RAM without a word" "$con" "XLTEST E: exit 0"
  expect "L: xl create succeeds (Linux guest)" "$con" "XLTEST L: exit 0"
  expect "L: Linux's console on UART1" "$u1" "DTPART-GUEST linux"
  # Xen's PV console comes first in the list; /dev/console, listed last,
  # is the UART.
  if tr -d '\r' < "$u1" | grep -qE 'case=xl-L console=.*ttyPS1$'; then ok "Xen $xv: L: Linux's /dev/console is ttyPS1"; else bad "Xen $xv: L: /dev/console is not ttyPS1"; fi
  expect "L: Linux binds xuartps at guest 0x5010000" "$u1" "5010000.serial: ttyPS1 at MMIO 0x5010000"
  expect "L: the UART's range in Linux's /proc/iomem" "$u1" "DTPART-GUEST iomem: 05010000-05010fff : xuartps"
  expect "L: macb probes GEM3" "$u1" "DTPART-GUEST eth0 probed by macb at ff0e0000.ethernet"
  if grep -qE 'irq count xuartps [1-9]' "$u1"; then ok "Xen $xv: L: IRQ 54 counted on xuartps"; else bad "Xen $xv: L: no xuartps interrupt counted"; fi
  if sed -n '/case=xl-L/,$p' "$u1" | grep -q 'DTPART-GUEST DONE'; then ok "Xen $xv: L: the Linux guest ran to its end"; else bad "Xen $xv: L: the Linux guest did not finish"; fi
  echo "xl-e2e: Xen $xv: the Linux guest: $(grep -o '[0-9]* s from xl create' "$con" | tail -1) to its power-off (dom0's clock)"
  expect "all cases ran" "$con" "XLTEST DONE"
  [ $fail = "$failed_before" ] || { echo "--- Xen $xv console (last 40 lines)"; tail -40 "$con"; }
  echo "xl-e2e: Xen $xv: $(ms_to_s $(( $(now_ms) - t_version )))s"
done
echo "xl-e2e: total $(ms_to_s $(( $(now_ms) - t_start )))s"
echo "xl-e2e: $pass passed, $fail failed"
[ $fail = 0 ]
