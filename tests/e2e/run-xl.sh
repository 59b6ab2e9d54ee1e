#!/bin/sh
# The xl flow on real Xen: dom0 (Debian's arm64 kernel + an initramfs with
# the Xen toolstack, both from Debian's packages) boots on QEMU's ZCU102 with
# dtpart's host tree, and `xl create` starts the test guest from xl configs
# that xlcfg-gen merged from dtpart's snippets into a small base config, with
# dtpart's partial trees. Cases in one boot:
#   A  UART1 to domain 1: marker and IRQ 54 on the second serial port
#   B  UART1 + GEM3 MMIO to one domain (QEMU has no SMMU: dtpart's
#      --force-no-iommu output, so no dtdev): GEM module ID read
#   C  irqs += [ 53 ] (Xen's console UART): xl refuses
#   D  a device whose host node has no xen,passthrough (GPIO, IRQ 48): xl refuses
#   E  iomem over guest RAM: xl accepts it silently; dtpart check refuses it
# The host tree gets the dom0 modules from this test (fdtput), not from dtpart.
set -u
cd "${SRCDIR:-.}" || exit 1
O=${O:-build}
DTPART=${DTPART:-$O/dtpart}
XLCFG_GEN=${XLCFG_GEN:-$O/xlcfg-gen}
DTC=${DTC:-dtc}
export DTPART_BOARDS_DIR=boards QEMU_AUDIO_DRV=none
work="$O/e2e-xl"
rm -rf "$work/cases" "$work/root"
mkdir -p "$work/cases"
pass=0; fail=0
. tests/e2e/run-qemu.sh
t_start=$(date +%s)
ok() { pass=$((pass + 1)); echo "xl-e2e: PASS $*"; }
bad() { fail=$((fail + 1)); echo "xl-e2e: FAIL $*"; }

kpkg=$(sh tests/e2e/fetch-debs.sh --resolve '^linux-image-6\.1\.0-[0-9]+-arm64$')
pkgs="xen-hypervisor-4.17-arm64 libfdt-dev $kpkg busybox-static xen-utils-4.17 libxenmisc4.17 libxenstore4
  libxencall1 libxenevtchn1 libxenforeignmemory1 libxengnttab1 libxentoollog1 libxentoolcore1
  libxenhypfs1 libxendevicemodel1 xen-utils-common xenstore-utils libc6 libgcc-s1 libyajl2 libfdt1
  libuuid1 zlib1g"
debs="$O/e2e/debs"
# shellcheck disable=SC2086
sh tests/e2e/fetch-debs.sh "$debs" $pkgs || { echo "xl-e2e: cannot fetch packages"; exit 1; }
XEN=$debs/xen-hypervisor-4.17-arm64/boot/xen-4.17-arm64
KERNEL=$(ls "$debs/$kpkg"/boot/vmlinuz-*)
GUEST=$work/guest.bin
sh tests/e2e/guest/build-guest.sh "$debs/libfdt-dev" "$GUEST" 2> /dev/null || { echo "xl-e2e: guest build failed"; exit 1; }

# dtpart's outputs: A = UART1; B = UART1 + GEM3 without IOMMU. B's host tree
# flags both and serves every case.
c=$work/cases
"$DTPART" -b zcu102-qemu -o "$c/A" --dtb-dir /cases/A passthrough serial1 --domain 1 > "$c/A.log" 2>&1 || { cat "$c/A.log"; exit 1; }
"$DTPART" -b zcu102-qemu -o "$c/B" --dtb-dir /cases/B --force-no-iommu passthrough serial1 eth0 --domain 1 > "$c/B.log" 2>&1 || { cat "$c/B.log"; exit 1; }
grep -q "without an IOMMU" "$c/B.log" && ok "B says GEM3 goes without IOMMU" || bad "B: no IOMMU warning"
grep -q dtdev "$c/B/dom1.cfg" && bad "B: dtdev without an SMMU" || ok "B: no dtdev (no SMMU in the emulator)"
base() { printf 'name = "xl-%s"\nkernel = "/guest.bin"\nmemory = 128\nvcpus = 1\nextra = "domain=1 case=%s"\n' "$1" "$1"; }
for x in A B; do
  base "$x" > "$c/$x.cfg"
  "$XLCFG_GEN" --merge "$c/$x.cfg" --from "$c/$x/dom1.cfg" > /dev/null || bad "xlcfg-gen merge $x"
done
base C > "$c/C.cfg"; "$XLCFG_GEN" --merge "$c/C.cfg" --from "$c/A/dom1.cfg" --irq 53 > /dev/null
base D > "$c/D.cfg"; "$XLCFG_GEN" --merge "$c/D.cfg" --device-tree /cases/A/dom1.dtb --irq 48 --iomem 0xff0a0,1 > /dev/null
base E > "$c/E.cfg"; "$XLCFG_GEN" --merge "$c/E.cfg" --from "$c/A/dom1.cfg" > /dev/null
sed -i 's|"0xff010,1"|"0xff010,1@0x40000"|' "$c/E.cfg"
host=$c/host.dtb
cp "$c/B/xen.dtb" "$host"

# dom0's initramfs from the packages.
root=$work/root
mkdir -p "$root/lib/modules/xen" "$root/cases/A" "$root/cases/B"
for p in $pkgs; do
  case "$p" in xen-hypervisor-*|libfdt-dev|linux-image-*) continue ;; esac
  cp -a "$debs/$p/." "$root/"
done
rm -rf "$root/usr/share/doc" "$root/usr/share/man" "$root/usr/share/locale" "$root/usr/lib/aarch64-linux-gnu/gconv"
find "$debs/$kpkg/lib/modules" -name 'xen-privcmd.ko' -o -name 'xenfs.ko' -o -name 'xen-evtchn.ko' \
  -o -name 'xen-gntdev.ko' -o -name 'xen-gntalloc.ko' | xargs -I{} cp {} "$root/lib/modules/xen/"
cp tests/e2e/xl/init.sh "$root/init"; chmod +x "$root/init"
mkdir -p "$root/bin"; ln -sf busybox "$root/bin/sh"
cp "$GUEST" "$root/guest.bin"
for x in A B C D E; do cp "$c/$x.cfg" "$root/cases/"; done
cp "$c/A/dom1.dtb" "$root/cases/A/"; cp "$c/B/dom1.dtb" "$root/cases/B/"
echo "A B C D E" > "$root/cases/order"
(cd "$root" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$work/initrd.gz"

# The dom0 modules and arguments go into dtpart's host tree here.
ksize=$(stat -L -c %s "$KERNEL"); rsize=$(stat -L -c %s "$work/initrd.gz")
fdtput -t i "$host" /chosen '#address-cells' 2
fdtput -t i "$host" /chosen '#size-cells' 2
fdtput -c "$host" /chosen/module@49000000 /chosen/module@4c000000
fdtput -t s "$host" /chosen/module@49000000 compatible multiboot,kernel multiboot,module
fdtput -t x "$host" /chosen/module@49000000 reg 0 49000000 0 "$(printf %x "$ksize")"
fdtput -t s "$host" /chosen/module@4c000000 compatible multiboot,ramdisk multiboot,module
fdtput -t x "$host" /chosen/module@4c000000 reg 0 4c000000 0 "$(printf %x "$rsize")"
fdtput -t s "$host" /chosen xen,dom0-bootargs "console=hvc0 earlycon=xenboot rdinit=/init"
fdtput -t s "$host" /chosen xen,xen-bootargs "console=dtuart dtuart=serial0 dom0_mem=512M bootscrub=0 loglvl=all guest_loglvl=all"
fdtput -t x "$host" /chosen rng-seed $(od -An -tx4 -N64 /dev/urandom)

# dtpart check before boot, on the host tree that boots: A and B pass,
# C, D and E are refused.
chk() { "$DTPART" check --host "$host" "$c/$1.cfg" "$c/$2/dom1.dtb" > "$c/check-$1.log" 2>&1; echo $?; }
[ "$(chk A A)" = 0 ] && ok "dtpart check passes A" || { bad "dtpart check A"; cat "$c/check-A.log"; }
[ "$(chk B B)" = 0 ] && ok "dtpart check passes B" || { bad "dtpart check B"; cat "$c/check-B.log"; }
[ "$(chk C A)" = 69 ] && grep -q "IRQ 53 is already used by Xen" "$c/check-C.log" && ok "dtpart check refuses C (irq Xen keeps)" || bad "dtpart check C"
[ "$(chk D A)" = 69 ] && grep -q "IRQ 48 is already used by domain 0\|stays with dom0" "$c/check-D.log" && ok "dtpart check refuses D (no xen,passthrough)" || bad "dtpart check D"
[ "$(chk E A)" = 69 ] && grep -q "guest RAM" "$c/check-E.log" && ok "dtpart check refuses E (iomem over guest RAM)" || { bad "dtpart check E"; cat "$c/check-E.log"; }

echo "xl-e2e: dom0 kernel $(( ksize / 1048576 )) MiB, initramfs $(( rsize / 1024 )) KiB, setup $(( $(date +%s) - t_start ))s"
qemu_start "$work" "$XEN" "$host" \
  -device loader,file="$KERNEL",addr=0x49000000,force-raw=on \
  -device loader,file="$work/initrd.gz",addr=0x4c000000,force-raw=on
# Only the toolstack script's last line ends this boot (guests print DONE
# after each case), so the wait is this runner's own.
while [ $(( $(now_ms) - QEMU_T0 )) -lt 240000 ] && ! grep -q "XLTEST DONE" "$work/console.log" 2>/dev/null; do
  kill -0 "$QEMU_PID" 2>/dev/null || break
  sleep 1
done
qemu_stop
echo "xl-e2e: boot and five xl create cases took ${QEMU_SECS}s"
con=$work/console.log; u1=$work/uart1.log
expect() { # NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then ok "$1"; else bad "$1: '$3' not in $(basename "$2")"; fi
}
expect "dom0 up with the toolstack" "$con" "XLTEST dom0 ready"
expect "A: xl create succeeds" "$con" "XLTEST A: exit 0"
expect "A: guest marker on UART1" "$u1" "DTPART-GUEST domain=1 case=A uart=0xff010000 irq=54"
expect "A: IRQ 54 delivered" "$u1" "DTPART-GUEST IRQ 54 delivered"
expect "B: xl create succeeds" "$con" "XLTEST B: exit 0"
expect "B: guest marker on UART1" "$u1" "DTPART-GUEST domain=1 case=B uart=0xff010000 irq=54"
expect "B: GEM3 module ID read" "$u1" "DTPART-GUEST GEM module id 0x40070106"
expect "C: xl refuses the console's IRQ" "$con" "failed give domain access to irq 53: Operation not permitted"
expect "D: xl refuses an IRQ dom0 owns" "$con" "IRQ 48 is already used by domain 0"
expect "E: xl accepts iomem over guest RAM without a word" "$con" "XLTEST E: exit 0"
expect "all cases ran" "$con" "XLTEST DONE"
[ $fail = 0 ] || { echo "--- console (last 40 lines)"; tail -40 "$con"; }
echo "xl-e2e: total $(( $(date +%s) - t_start ))s"
echo "xl-e2e: $pass passed, $fail failed"
[ $fail = 0 ]
