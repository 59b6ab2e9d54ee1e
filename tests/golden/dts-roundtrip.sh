#!/bin/sh
# Every .dts dtpart writes compiles back with `dtc -I dts -O dtb` to the tree
# of the .dtb beside it (both decompiled by dtc and compared as text), and
# dtc says nothing about the .dts that it does not also say about the .dtb
# itself (the writer adds no warning: no "cell N is not a phandle
# reference"). On the shipped boards and the fixtures the partial trees
# compile without any warning (their fixed clocks sit in a container that
# satisfies dtc's simple_bus_reg, partial.c); the only warning left is the
# host tree's own, named here:
#  - gpios_property on /__symbols__:gpio: dtc -@ records the label "gpio"
#    (Linux's name for the ZynqMP GPIO controller) as a property named
#    "gpio", which dtc's own check then takes for a GPIO list.
# Cases: the golden commands on both boards, dom0less, the upstream-shaped
# and legacy fixtures, and a sample of Debian's arm64 DTBs when the corpus
# package is at hand (DTS_CORPUS_SAMPLE, default 40; 0 skips).
set -u
cd "${SRCDIR:-.}"
O=${O:-build}
DTPART=${DTPART:-$O/dtpart}
DTC=${DTC:-dtc}
export DTPART_BOARDS_DIR=boards
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0; fail=0; n_dts=0
bad() { fail=$((fail + 1)); echo "dts: FAIL $*"; }
known='^Warning \(gpios_property\): /__symbols__:gpio: property size \([0-9]*\) is invalid, expected multiple of 4$'
warnings() { sed -n 's/^.*\(Warning\|ERROR\) (/\1 (/p' "$1" | sort -u; }

# check_dir DIR strict|loose [HOST-WARNINGS DEVICE]: every .dts in DIR
# against its .dtb. A partial tree (domN.dts) has no warning at all, in
# either mode, but those HOST-WARNINGS (the input tree's, from dtc) has for
# DEVICE's own nodes, which dtpart copies as they are (a Debian tree's
# interrupt controller without #address-cells, say): what dtpart generates
# itself (/passthrough, the clock container, node names) must satisfy dtc.
check_dir() {
  for s in "$1"/*.dts; do
    [ -f "$s" ] || continue
    b=${s%.dts}; n_dts=$((n_dts + 1))
    if ! "$DTC" -I dts -O dtb -o "$work/back.dtb" "$s" 2> "$work/src.err"; then
      bad "$s does not compile:"; head -5 "$work/src.err"; continue
    fi
    "$DTC" -I dtb -O dtb -o /dev/null "$b.dtb" 2> "$work/blob.err"
    "$DTC" -q -I dtb -O dts "$b.dtb" > "$work/a.txt"
    "$DTC" -q -I dtb -O dts "$work/back.dtb" > "$work/b.txt"
    if diff -u "$work/a.txt" "$work/b.txt" > "$work/d.txt"; then pass=$((pass + 1))
    else bad "$s compiles to another tree than $b.dtb:"; head -20 "$work/d.txt"; fi
    # A phandle no node carries cannot be a reference: dtc's "not a
    # phandle reference" for it goes with the tree's own "Could not get
    # phandle node" for the same cell.
    warnings "$work/src.err" | sed 's/: cell \([0-9]*\) is not a phandle reference$/: Could not get phandle node for (cell \1)/' |
      sort -u > "$work/ws"
    warnings "$work/blob.err" > "$work/wb"
    extra=$(comm -23 "$work/ws" "$work/wb")
    if [ -z "$extra" ]; then pass=$((pass + 1)); else bad "$s: dtc warns beyond the tree's own warnings:"; echo "$extra" | head -5; fi
    if [ "$2" = strict ]; then
      left=$(grep -Ev "$known" "$work/ws")
      if [ -z "$left" ]; then pass=$((pass + 1)); else bad "$s: dtc warns:"; echo "$left" | head -5; fi
    fi
    case ${s##*/} in dom*.dts)
      if [ $# -ge 4 ]; then
        sed "s#^\([A-Za-z]* ([a-z_]*): \)/passthrough/[^/:]*#\1$4#" "$work/ws" | sort -u | comm -23 - "$3" > "$work/wp"
      else cp "$work/ws" "$work/wp"; fi
      if [ -s "$work/wp" ]; then bad "$s: dtc warns about the partial tree (a copied node by its host path):"; head -5 "$work/wp"
      else pass=$((pass + 1)); fi ;;
    esac
  done
}

run() { # DIR ARGS...: dtpart ARGS with outputs in DIR
  d=$1; shift
  if "$DTPART" -o "$d" "$@" > "$work/run.log" 2>&1; then return 0; fi
  bad "dtpart $*:"; tail -3 "$work/run.log"; return 1
}

for board in zcu102 ultrazed; do
  o="$work/$board"
  run "$o/uart1" -b "$board" passthrough serial1 --domain 1 && check_dir "$o/uart1" strict
  run "$o/two" -b "$board" passthrough gem3 --domain 1 &&
    run "$o/two" -b "$board" passthrough ttyPS1 --domain 2 && check_dir "$o/two" strict
  echo kernel > "$work/Image"
  run "$o/dl" -b "$board" passthrough eth0 serial1 --domain 1 --dom0less --kernel "$work/Image" &&
    check_dir "$o/dl" strict
done
"$DTC" -q -I dts -O dtb -o "$work/upstream.dtb" tests/fixtures/no-iommus-zcu102.dts
run "$work/up" -H "$work/upstream.dtb" passthrough eth0 ttyPS1 --domain 1 && check_dir "$work/up" strict
# A device behind a bus that translates (unit address 1000 on the bus,
# 0xe0001000 for the CPU): its guest node is named by its guest reg, as dtc
# wants of a child of the simple-bus /passthrough.
cat > "$work/bus.dts" << 'EOF'
/dts-v1/;
/ {
	compatible = "test,board";
	#address-cells = <2>;
	#size-cells = <2>;
	interrupt-parent = <&gic>;
	clk: clock-100m { compatible = "fixed-clock"; #clock-cells = <0>; clock-frequency = <100000000>; };
	gic: interrupt-controller@f9010000 {
		compatible = "arm,gic-400"; #interrupt-cells = <3>; #address-cells = <0>; interrupt-controller;
		reg = <0 0xf9010000 0 0x10000>, <0 0xf9020000 0 0x20000>;
	};
	bus@e0000000 {
		compatible = "simple-bus"; #address-cells = <1>; #size-cells = <1>;
		ranges = <0 0 0xe0000000 0x100000>;
		serial@1000 {
			compatible = "arm,pl011", "arm,primecell"; reg = <0x1000 0x1000>; interrupts = <0 10 4>;
			clocks = <&clk>, <&clk>; clock-names = "uartclk", "apb_pclk";
		};
	};
};
EOF
"$DTC" -q -I dts -O dtb -o "$work/bus.dtb" "$work/bus.dts"
if run "$work/bus" -H "$work/bus.dtb" passthrough /bus@e0000000/serial@1000 --domain 1; then
  check_dir "$work/bus" strict
  if fdtget -l "$work/bus/dom1.dtb" /passthrough | grep -qx 'serial@e0001000'; then pass=$((pass + 1))
  else bad "bus: the guest node is not /passthrough/serial@e0001000"; fi
fi
# The legacy fixture is an old tree with warnings of its own (amba without
# unit address, mmu-masters iommus): only "nothing beyond the tree's own".
"$DTC" -q -I dts -O dtb -o "$work/legacy.dtb" tests/fixtures/legacy-amba-zcu102.dts
run "$work/lg" -H "$work/legacy.dtb" passthrough eth0 serial1 --domain 1 && check_dir "$work/lg" loose

# Debian's DTBs: those the corpus run unpacked, else a sample from the
# cached kernel package; the first device of each that dtpart writes.
sample=${DTS_CORPUS_SAMPLE:-40}
dtbs=""
if [ "$sample" -gt 0 ]; then
  dtbs=$(find "$O/corpus/debs" -name '*.dtb' 2> /dev/null | sort)
  if [ -z "$dtbs" ]; then
    deb=$(ls "${DTPART_CACHE:-$HOME/.cache/dtpart}"/debs/linux-image-*-arm64_*.deb 2> /dev/null | tail -1)
    if [ -n "$deb" ]; then
      mkdir -p "$work/deb"
      dpkg-deb --fsys-tarfile "$deb" | (cd "$work/deb" && tar -x --wildcards '*.dtb') 2> /dev/null
      dtbs=$(find "$work/deb" -name '*.dtb' | sort)
    fi
  fi
fi
n_corpus=0
if [ -n "$dtbs" ]; then
  total=$(echo "$dtbs" | wc -l); step=$(( (total + sample - 1) / sample ))
  i=0
  for f in $dtbs; do
    i=$((i + 1)); [ $(( (i - 1) % step )) = 0 ] || continue
    d="$work/c/$(basename "$f" .dtb)"
    for dev in $("$DTPART" -H "$f" list 2> /dev/null | awk 'NR > 2 {print $1}' | head -3); do
      if "$DTPART" -H "$f" -o "$d" passthrough "$dev" --domain 1 > /dev/null 2>&1; then
        "$DTC" -I dtb -O dtb -o /dev/null "$f" 2> "$work/host.err"
        warnings "$work/host.err" > "$work/host.w"
        check_dir "$d" loose "$work/host.w" "$dev"; n_corpus=$((n_corpus + 1)); break
      fi
    done
  done
  echo "dts: Debian sample: $n_corpus of $(( (total + step - 1) / step )) DTBs written and checked"
else
  echo "dts: no Debian DTBs at hand (make check-corpus fetches them): sample skipped"
fi
echo "dts: $n_dts .dts files, $pass passed, $fail failed"
[ "$fail" = 0 ]
