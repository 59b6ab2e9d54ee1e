#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Atomic replacement, proven: writing fails part-way (a full disk on the Nth
# file write, a failing rename, the process killed between two renames) and
# the output directory must hold either the complete old set or, once the
# next run has rolled the journal forward, the complete new set; never a mix
# and never a temporary file left behind.
set -u
cd "${SRCDIR:-.}"
O=${O:-build}
DTPART=${DTPART:-$O/dtpart}
export DTPART_BOARDS_DIR=boards
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shim="$work/failshim.so"
cc -shared -fPIC -O2 -o "$shim" tests/atomic/failshim.c -ldl || exit 1
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0:detect_leaks=0"
pass=0; fail=0
sum() { (cd "$1" && find . -type f | sort | xargs sha256sum); }
temps() { find "$1" -name '.*tmp*' -o -name '.dtpart-commit*' | grep -c . ; }

# Reference sets: OLD = UART1 to domain 1; NEW = OLD + GEM3 to domain 1.
# device_tree names the target's directory (kept in the plan), so that the
# sets compare byte for byte wherever they are copied.
"$DTPART" -o "$work/old" --dtb-dir /etc/xen/dtpart passthrough serial1 --domain 1 > /dev/null 2>&1
cp -a "$work/old" "$work/new"
"$DTPART" -o "$work/new" passthrough eth0 --domain 1 > /dev/null 2>&1
old=$(sum "$work/old"); new=$(sum "$work/new")
[ "$old" != "$new" ] || { echo "atomic: reference sets are equal"; exit 1; }

attempt() { # NAME VAR N EXPECT(old|new-after-recovery)
  d="$work/case"; rm -rf "$d"; cp -a "$work/old" "$d"
  env "$2=$3" LD_PRELOAD="$shim" "$DTPART" -o "$d" passthrough eth0 --domain 1 > /dev/null 2> "$work/err"
  rc=$?
  if [ "$4" = old ]; then
    if [ $rc -ne 0 ] && [ "$(sum "$d")" = "$old" ] && [ "$(temps "$d")" = 0 ]; then pass=$((pass + 1))
    else fail=$((fail + 1)); echo "atomic: FAIL $1: rc $rc, outputs $( [ "$(sum "$d")" = "$old" ] && echo old || echo CHANGED), temps $(temps "$d")"; cat "$work/err"; fi
  else
    # Killed after the journal: the next run (any command) completes it.
    "$DTPART" -o "$d" list > /dev/null 2>&1
    state=mixed
    [ "$(sum "$d")" = "$new" ] && state=new
    [ "$(sum "$d")" = "$old" ] && state=old
    if [ $rc -ne 0 ] && [ "$state" != mixed ] && [ "$(temps "$d")" = 0 ]; then pass=$((pass + 1))
    else fail=$((fail + 1)); echo "atomic: FAIL $1: rc $rc, outputs $state after recovery, temps $(temps "$d")"; fi
  fi
}

for n in 1 2 3 4 5; do attempt "full disk at file write $n" SHIM_FAIL_WRITE "$n" old; done
# The .dts copies are made and written on a second thread while the first
# writes the rest: a failure on either leaves the old set.
for f in xen.dts dom1.dts xen.dtb dom1.cfg; do attempt "full disk writing $f" SHIM_FAIL_WRITE_TO ".$f.tmp" old; done
attempt "journal rename fails" SHIM_FAIL_RENAME 1 old
for n in 1 2 3 4 5 6; do attempt "killed at rename $n" SHIM_KILL_RENAME "$n" recover; done
echo "atomic: $pass passed, $fail failed"
[ $fail = 0 ]
