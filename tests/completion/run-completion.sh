#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Bash completion of dtpart and xlcfg-gen (bash-completion/): each case
# sources the completion under bash, sets COMP_WORDS and COMP_CWORD as bash
# does for a command line, calls the completion function and compares
# COMPREPLY (sorted) with what a user must be offered: commands, options of
# the command being completed, board names, device names of the host tree
# the line names with -H/-b/-o, only the passed-through devices for release.
set -eu
cd "${SRCDIR:-.}"
DTPART=${DTPART:-build/dtpart}
XLCFG_GEN=${XLCFG_GEN:-build/xlcfg-gen}
command -v bash > /dev/null || { echo "completion: FAIL bash is missing (apt-get install bash)"; exit 1; }
export DTPART_BOARDS_DIR="$PWD/boards"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0; fail=0

# A domain for `release`: serial1 passed through in $work/out.
"$DTPART" -o "$work/out" passthrough serial1 --domain 1 > /dev/null

# case NAME FUNCTION EXPECT WORDS...: COMPREPLY, sorted and joined by
# spaces, must equal EXPECT ("+WORD" instead: must contain WORD; "!WORD": must
# not). The last word is the one being completed.
run_case() {
  name=$1; func=$2; want=$3; shift 3
  got=$(bash -c '
    . "$1"; . "$2"; func=$3; shift 3
    COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
    COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    "$func"
    printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " " | sed "s/ *\$//"
  ' sh bash-completion/dtpart bash-completion/xlcfg-gen "$func" "$@" 2> "$work/err") || true
  case $want in
    "+"*) case " $got " in *" ${want#+} "*) r=ok ;; *) r=bad ;; esac ;;
    "!"*) case " $got " in *" ${want#!} "*) r=bad ;; *) r=ok ;; esac ;;
    *) if [ "$got" = "$want" ]; then r=ok; else r=bad; fi ;;
  esac
  if [ $r = ok ]; then pass=$((pass + 1))
  else fail=$((fail + 1)); echo "completion: FAIL $name: [$*] offered [$got], want $want"; cat "$work/err"; fi
}
D=$DTPART
X=$XLCFG_GEN

run_case commands _dtpart "check complete host list passthrough release show smmu" "$D" ""
run_case command-prefix _dtpart "passthrough" "$D" "pa"
run_case options-of-list _dtpart "!--domain" "$D" list "--"
run_case options-of-list-json _dtpart "--json" "$D" list "--j"
run_case options-of-passthrough _dtpart "--dom0less --domain" "$D" passthrough eth0 "--do"
run_case options-of-host _dtpart "--no-dom0 --no-dts" "$D" host "--no-d"
run_case host-no-dom0-not-passthrough _dtpart "!--no-dom0" "$D" passthrough eth0 "--no-"
run_case dom0less-option _dtpart "--dom0less" "$D" passthrough eth0 "--dom0"
run_case wait-option _dtpart "--wait" "$D" "--wa"
run_case boards _dtpart "ultrazed zcu102 zcu102-qemu" "$D" -b ""
run_case board-prefix _dtpart "zcu102 zcu102-qemu" "$D" --board "zc"
run_case board-after-equals _dtpart "zcu102 zcu102-qemu" "$D" --board "=" "zc"
run_case device-alias _dtpart "ethernet0" "$D" show "eth"
run_case device-label _dtpart "gem0 gem1 gem2 gem3" "$D" passthrough "gem"
run_case device-path _dtpart "+/axi/ethernet@ff0e0000" "$D" show "/axi/eth"
run_case no-xen-devices _dtpart "!/axi/interrupt-controller@f9010000" "$D" show "/axi/"
run_case no-console _dtpart "!serial0" "$D" show "ser"
run_case after-domain _dtpart "" "$D" passthrough eth0 --domain ""
# The host tree named on the line: the legacy tree's devices sit on /amba.
run_case host-tree _dtpart "+/amba/ethernet@ff0e0000" "$D" -H tests/fixtures/legacy-amba-zcu102.dts show "/amba/eth"
run_case host-tree-not-board _dtpart "" "$D" -H tests/fixtures/legacy-amba-zcu102.dts show "/axi/eth"
run_case host-after-command _dtpart "+/amba/ethernet@ff0e0000" "$D" show -H tests/fixtures/legacy-amba-zcu102.dts "/amba/eth"
# The plan in -o DIR: release offers only what is passed through there.
run_case release-owned _dtpart "/axi/serial@ff010000 serial1 uart1" "$D" -o "$work/out" release ""
run_case release-owned-equals _dtpart "/axi/serial@ff010000 serial1 uart1" "$D" --output "=" "$work/out" release ""
run_case release-none _dtpart "" "$D" -o "$work/empty" release ""
# A plan made from another tree with a board's data borrowed (-H TREE -b
# BOARD): its devices are the tree's, as every command reads them, not the
# board's own tree's; so are those of -H TREE -b BOARD on the line.
"$DTPART" -H tests/fixtures/legacy-amba-zcu102.dts -b zcu102 -o "$work/borrowed" passthrough serial1 --domain 1 > /dev/null 2>&1
run_case borrowed-release _dtpart "/amba/serial@ff010000 serial1 uart1" "$D" -o "$work/borrowed" release ""
run_case borrowed-show _dtpart "+/amba/ethernet@ff0e0000" "$D" -o "$work/borrowed" show "/amba/eth"
run_case borrowed-not-board _dtpart "" "$D" -o "$work/borrowed" show "/axi/eth"
run_case host-with-board _dtpart "+/amba/ethernet@ff0e0000" "$D" -H tests/fixtures/legacy-amba-zcu102.dts -b zcu102 show "/amba/eth"
run_case output-dir _dtpart "+$work/out" "$D" -o "$work/o"
run_case host-file _dtpart "+tests/fixtures/legacy-amba-zcu102.dts" "$D" -H "tests/fixtures/leg"
# xlcfg-gen: options from its --help, files, and --dtdev paths from dtpart.
run_case xl-options _xlcfg_gen "--merge" "$X" "--mer"
run_case xl-from-file _xlcfg_gen "+tests/fixtures/legacy-amba-zcu102.dts" "$X" --from "tests/fixtures/leg"
run_case xl-dtdev _xlcfg_gen "/axi/ethernet@ff0e0000" "$X" --dtdev "/axi/ethernet@ff0e"
run_case xl-irq _xlcfg_gen "" "$X" --irq ""

# The option words offered are --help's: each option --help lists for
# passthrough is offered after `passthrough --`.
"$DTPART" passthrough --help | sed -n 's/^ \{2,8\}\(-[^ ].*\)$/\1/p' | sed 's/  .*//' | tr ', ' '\n\n' |
  grep '^--' | sort -u > "$work/help-opts"
got=$(bash -c '. bash-completion/dtpart; COMP_WORDS=("$1" passthrough --); COMP_CWORD=2; _dtpart;
  printf "%s\n" "${COMPREPLY[@]}"' sh "$D" | grep '^--' | sort -u)
if [ "$got" = "$(cat "$work/help-opts")" ]; then pass=$((pass + 1))
else fail=$((fail + 1)); echo "completion: FAIL passthrough options differ from --help"; fi

echo "completion: $pass passed, $fail failed"
[ "$fail" = 0 ]
