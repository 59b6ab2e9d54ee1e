#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A plain `make` on a machine that lacks the compiler, a header or dtc stops
# before compiling anything, names what is missing and says how to install it
# (scripts/deps.sh probe), instead of failing on the first "No such file".
# Simulated with a compiler and a dtc that do not exist, in a scratch $O.
# Environment: O (build dir), SRCDIR.
set -eu
SRCDIR=${SRCDIR:-$(pwd)}
O=${O:-build}
scratch=$O/probe-test
rm -rf "$scratch"
fail() { echo "probe: FAIL $*"; exit 1; }

rc=0
make -C "$SRCDIR" --no-print-directory O="$scratch" CC=dtpart-no-such-cc DTC=dtpart-no-such-dtc all > "$O/probe.log" 2>&1 || rc=$?
[ $rc != 0 ] || fail "make succeeded without a compiler"
grep -q "^dtpart: cannot build:" "$O/probe.log" || { cat "$O/probe.log"; fail "no 'dtpart: cannot build' message"; }
grep -q "dtpart-no-such-cc: not found" "$O/probe.log" || fail "the missing compiler is not named"
grep -q "'dtpart-no-such-dtc' (the device-tree compiler) not found" "$O/probe.log" || fail "the missing dtc is not named"
# Every Debian package is there on this machine, so it says to check the variables.
grep -q "^dtpart: every Debian package of the build is installed\|^dtpart: missing Debian packages:" "$O/probe.log" ||
  fail "neither the missing packages nor the variables to check are named"
! grep -q "^  CC \|No such file" "$O/probe.log" || fail "make compiled before the check"
[ ! -e "$scratch/deps-ok" ] || fail "the check passed"
echo "probe: ok a plain make without compiler and dtc stops first: $(grep -c . "$O/probe.log") lines, names both"

# The same check in print-only mode for each package set: exit 0 or 1, never apt-get.
for set in build check deb; do
  rc=0; sh "$SRCDIR/scripts/deps.sh" --print $set > "$O/probe-print.log" 2>&1 || rc=$?
  case $rc in
    0) ;;
    1) grep -q "^dtpart: install them as root: apt-get update && apt-get install -y --no-install-recommends " "$O/probe-print.log" ||
         fail "deps.sh --print $set: no install line" ;;
    *) fail "deps.sh --print $set exited $rc" ;;
  esac
done
echo "probe: ok deps.sh --print build|check|deb say what is missing without installing"
rm -rf "$scratch"
echo "probe: all passed"
