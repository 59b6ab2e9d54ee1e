#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# One output directory shared by several dtpart runs at once, as make -j,
# Yocto or two people would share it. Eight passthroughs at once all succeed
# and the set holds all eight; a mix of passthrough, release, check, smmu,
# list and show all succeed (readers never see a half-committed set); writers
# killed with kill -9 during their commits lose nothing another run reported
# done, and one more run leaves a consistent set; a run that cannot get the
# directory in time exits 75 and changes nothing. "Consistent" is judged by
# check-set.py, which reads the outputs with dtc/fdtget and xlcfg-gen
# (libxlutil), and then by `dtpart check`.
# Environment: O, DTPART, XLCFG_GEN; CONCURRENCY_SEED repeats a run's kills.
set -eu
cd "${SRCDIR:-.}"
O=${O:-build}
DTPART=${DTPART:-$O/dtpart}
XLCFG_GEN=${XLCFG_GEN:-$O/xlcfg-gen}
export DTPART_BOARDS_DIR=boards
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0; fail=0
seed=${CONCURRENCY_SEED:-$(date +%s)}

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "concurrency: FAIL $*"; }

# ZCU102 devices that pass through on the shipped board, NAME:PATH.
devices="serial1:/axi/serial@ff010000 eth0:/axi/ethernet@ff0e0000 i2c0:/axi/i2c@ff020000
i2c1:/axi/i2c@ff030000 can1:/axi/can@ff070000 gpio:/axi/gpio@ff0a0000 mmc0:/axi/mmc@ff170000
ttc0:/axi/timer@ff110000 ttc1:/axi/timer@ff120000 ttc2:/axi/timer@ff130000
ttc3:/axi/timer@ff140000 sata:/axi/ahci@fd0c0000 qspi:/axi/spi@ff0f0000"
n_devices=13
path_of() { for e in $devices; do if [ "${e%%:*}" = "$1" ]; then echo "${e#*:}"; fi; done; }
name_at() { i=0; for e in $devices; do if [ $i = "$1" ]; then echo "${e%%:*}"; fi; i=$((i + 1)); done; }

# consistent NAME DIR [=PATH:DOM | +PATH:DOM | -PATH]...
consistent() {
  what=$1; dir=$2; shift 2
  if ! python3 tests/concurrency/check-set.py "$XLCFG_GEN" "$dir" "$@" > "$work/set.log" 2>&1; then
    bad "$what: the set is not consistent (seed $seed):"; sed 's/^/  /' "$work/set.log"; return 0
  fi
  if ! "$DTPART" -o "$dir" check > "$work/check.log" 2>&1; then
    bad "$what: dtpart check refuses the set:"; sed 's/^/  /' "$work/check.log"; return 0
  fi
  ok
}

# spawn LOG ARGS...: dtpart ARGS in the background; "pid:log" joins $jobs.
jobs=""
spawn() { log=$1; shift; "$DTPART" "$@" > "$log" 2>&1 & jobs="$jobs $!:$log"; }
# reap NAME: every spawned run exits 0.
reap() {
  for j in $jobs; do
    rc=0; wait "${j%%:*}" || rc=$?
    if [ $rc = 0 ]; then ok; else bad "$1: exit $rc: $(head -c 800 "${j#*:}")"; fi
  done
  jobs=""
}

# 1. Eight passthroughs of different devices to different domains at once,
# into a directory none of them finds (they create it together), beside two
# runs that are refused (the LPD watchdog for its clock, an unknown device):
# a refused run that made the directory removes it again, under the others.
dir="$work/new/nested/out"
n=0; want=""
"$DTPART" -o "$dir" passthrough lpd_watchdog --domain 20 > "$work/a-wdt.log" 2>&1 & refused="$!:68"
for d in serial1 eth0 i2c0 i2c1 can1 gpio mmc0 ttc0; do
  n=$((n + 1))
  spawn "$work/a$n.log" -o "$dir" passthrough "$d" --domain $n
  want="$want =$(path_of "$d"):$n"
done
"$DTPART" -o "$dir" passthrough eth9 --domain 21 > "$work/a-eth9.log" 2>&1 & refused="$refused $!:67"
reap "8 passthroughs at once"
for r in $refused; do
  rc=0; wait "${r%%:*}" || rc=$?
  if [ $rc = "${r#*:}" ]; then ok; else bad "refused run beside 8 passthroughs: exit $rc, want ${r#*:}"; fi
done
# shellcheck disable=SC2086
consistent "8 passthroughs at once" "$dir" $want

# 2. Writers and readers mixed: three releases, three passthroughs (one
# extends a domain), three checks, two smmu, list and show, all at once.
for d in serial1 i2c1 gpio; do spawn "$work/b-rel-$d.log" -o "$dir" release "$d"; done
spawn "$work/b1.log" -o "$dir" passthrough ttc1 --domain 9
spawn "$work/b2.log" -o "$dir" passthrough sata --domain 10
spawn "$work/b3.log" -o "$dir" passthrough qspi --domain 2
for k in 1 2 3; do spawn "$work/b-check$k.log" -o "$dir" check; done
for k in 1 2; do spawn "$work/b-smmu$k.log" -o "$dir" smmu; done
spawn "$work/b-list.log" -o "$dir" list
spawn "$work/b-show.log" -o "$dir" show eth0
reap "mixed writers and readers"
consistent "mixed writers and readers" "$dir" "=$(path_of eth0):2" "=$(path_of qspi):2" \
  "=$(path_of i2c0):3" "=$(path_of can1):5" "=$(path_of mmc0):7" "=$(path_of ttc0):8" \
  "=$(path_of ttc1):9" "=$(path_of sata):10"

# The same device to two domains at once: one wins, the other is refused
# (exit 68, the device is owned) on the state the winner left.
"$DTPART" -o "$dir" passthrough ttc2 --domain 13 > "$work/d13.log" 2>&1 & p13=$!
"$DTPART" -o "$dir" passthrough ttc2 --domain 14 > "$work/d14.log" 2>&1 & p14=$!
r13=0; wait $p13 || r13=$?
r14=0; wait $p14 || r14=$?
case "$r13 $r14" in
  "0 68") consistent "one device to two domains at once" "$dir" "+$(path_of ttc2):13" ;;
  "68 0") consistent "one device to two domains at once" "$dir" "+$(path_of ttc2):14" ;;
  *) bad "one device to two domains at once: exits $r13 and $r14, want 0 and 68:" \
       "$(cat "$work/d13.log" "$work/d14.log")" ;;
esac

# 3. kill -9 during commits. Each round toggles eight devices at once
# (release if owned, else passthrough to domain k), kills three of the runs
# at a random moment, and one more run dies inside its commit (after its
# journal, part of its renames done: the failure shim). A run that exited 0
# must be in the final set; a killed one may be or not. Then one more run dies
# the same way, alone: its change is decided and must be in the set after
# one more run completes it, by a reader in odd rounds, a writer in even ones.
shim="$work/failshim.so"
cc -shared -fPIC -O2 -o "$shim" tests/atomic/failshim.c -ldl
owned() { grep -qF "\"path\": \"$1\"" "$dir/dtpart.json"; }
for round in 1 2 3 4; do
  plan=$(awk -v s="$seed" -v r="$round" 'BEGIN { srand(s * 7 + r)
    printf "%.2f", 0.02 + rand() * 0.25
    n = 0; while (n < 4) { v = int(rand() * 8) + 1; if (!(v in seen)) { seen[v] = 1; printf " %d", v; n++ } } }')
  delay=${plan%% *}; set -- ${plan#* }
  victims="$1 $2 $3"; shimmed=$4
  want=""; ops=""
  for k in 1 2 3 4 5 6 7 8; do
    d=$(name_at $(( (round * 3 + k) % n_devices ))); p=$(path_of "$d")
    if owned "$p"; then op="release $d"; done_mark="-$p"
    else op="passthrough $d --domain $k"; done_mark="+$p:$k"; fi
    log="$work/c$round-$k.log"
    if [ "$k" = "$shimmed" ]; then
      # shellcheck disable=SC2086
      env SHIM_KILL_RENAME=3 LD_PRELOAD="$shim" \
        ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0:detect_leaks=0" \
        "$DTPART" -o "$dir" $op > "$log" 2>&1 &
    else
      # shellcheck disable=SC2086
      "$DTPART" -o "$dir" $op > "$log" 2>&1 &
    fi
    ops="$ops $!:$k:$done_mark"
  done
  spawn "$work/c$round-check.log" -o "$dir" check
  sleep "$delay"
  for v in $victims; do
    for o in $ops; do
      rest=${o#*:}
      if [ "${rest%%:*}" = "$v" ]; then kill -9 "${o%%:*}" 2> /dev/null || true; fi
    done
  done
  for o in $ops; do
    rest=${o#*:}; k=${rest%%:*}; mark=${rest#*:}
    rc=0; wait "${o%%:*}" || rc=$?
    case $rc in
      0) want="$want $mark"; ok ;;
      137) ok ;;
      *) bad "kill round $round: run $k exit $rc (seed $seed): $(head -c 800 "$work/c$round-$k.log")" ;;
    esac
  done
  for j in $jobs; do
    rc=0; wait "${j%%:*}" || rc=$?
    [ $rc = 0 ] || bad "kill round $round: a check running beside the writers: exit $rc: $(head -c 800 "${j#*:}")"
  done
  jobs=""
  # A reader completes what the round's dead left (the shim counts the
  # renames of a completion too, so the next run must find none to do).
  if "$DTPART" -o "$dir" list > "$work/c$round-list.log" 2>&1 && [ ! -e "$dir/.dtpart-commit" ]; then ok
  else bad "kill round $round: list after the round: $(cat "$work/c$round-list.log")"; fi
  # The last run of the round dies after its journal: its change is
  # decided, so the next run must complete it.
  d=$(name_at $(( (round * 3 + 9) % n_devices ))); p=$(path_of "$d")
  if owned "$p"; then op="release $d"; mark="-$p"; else op="passthrough $d --domain 12"; mark="+$p:12"; fi
  rc=0
  # shellcheck disable=SC2086
  env SHIM_KILL_RENAME=3 LD_PRELOAD="$shim" \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0:detect_leaks=0" \
    "$DTPART" -o "$dir" $op > "$work/c$round-last.log" 2>&1 || rc=$?
  if [ $rc = 137 ] && [ -e "$dir/.dtpart-commit" ]; then want="$want $mark"; ok
  else bad "kill round $round: $op dying in its commit: exit $rc, journal $(ls -a "$dir" | grep -c dtpart-commit)"; fi
  if [ $((round % 2)) = 1 ]; then
    "$DTPART" -o "$dir" smmu > "$work/c$round-after.log" 2>&1 || bad "kill round $round: smmu after: $(cat "$work/c$round-after.log")"
  else
    d=$(name_at $(( (round * 3 + 10) % n_devices ))); p=$(path_of "$d")
    if owned "$p"; then op="release $d"; mark="-$p"; else op="passthrough $d --domain 12"; mark="+$p:12"; fi
    # shellcheck disable=SC2086
    if "$DTPART" -o "$dir" $op > "$work/c$round-after.log" 2>&1; then want="$want $mark"
    else bad "kill round $round: $op after: $(cat "$work/c$round-after.log")"; fi
  fi
  # shellcheck disable=SC2086
  consistent "kill round $round" "$dir" $want
done

# 4. Bounded waiting: while another process holds DIR, --wait 0 and --wait 1
# give up with exit 75, name DIR and the holder, and change nothing; a run
# waiting longer than the holder gets the directory.
p=$(path_of ttc3)
if owned "$p"; then op="release ttc3"; mark="-$p"; else op="passthrough ttc3 --domain 11"; mark="+$p:11"; fi
sum() { (cd "$dir" && find . -type f | sort | xargs sha256sum); }
before=$(sum)
# The holder keeps the lock until a line is written to the fifo.
mkfifo "$work/go"
flock -x "$dir/.dtpart-lock" sh -c ': > "$1"; read -r _ < "$2"' sh "$work/held" "$work/go" &
holder=$!
n=0; while [ ! -e "$work/held" ] && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
for w in 0 1; do
  for cmd in "$op" "check"; do
    rc=0
    # shellcheck disable=SC2086
    "$DTPART" -o "$dir" --wait $w $cmd > /dev/null 2> "$work/busy.log" || rc=$?
    if [ $rc = 75 ] && grep -qF "$dir: another run is using" "$work/busy.log" &&
       grep -qF "pid $holder (flock" "$work/busy.log" && [ "$(sum)" = "$before" ]; then ok
    else bad "--wait $w $cmd while held: exit $rc, want 75: $(cat "$work/busy.log")"; fi
  done
done
# shellcheck disable=SC2086
"$DTPART" -o "$dir" --wait 20 $op > "$work/late.log" 2>&1 &
late=$!
sleep 0.3
echo > "$work/go"
wait $holder || true
rc=0; wait $late || rc=$?
if [ $rc = 0 ] && grep -qF "waiting for $dir: pid $holder" "$work/late.log"; then ok
else bad "--wait 20 $op, the holder gone after 0.3 s: exit $rc: $(cat "$work/late.log")"; fi
consistent "after waiting" "$dir" "$mark"

echo "concurrency: $pass passed, $fail failed"
[ $fail = 0 ]
