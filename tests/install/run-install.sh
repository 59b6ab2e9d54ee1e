#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `make install` as a distribution runs it: into a DESTDIR, with a PREFIX that
# is not the default, from the build in $O. The installed tools then run from
# outside the source tree (the staging directory is under /tmp, the working
# directory too, DTPART_BOARDS_DIR unset), so the board data can only come
# from the installed DATADIR: smoke-installed.sh runs `dtpart list` and a
# passthrough and checks them. Then the installed prefix is moved as a whole
# (the data is found relative to the executable), its board data is hidden
# (dtpart must fail naming the installed place, not find the source tree's),
# and `make uninstall` must leave no file behind.
# Environment: O (build dir), SRCDIR.
set -eu
SRCDIR=${SRCDIR:-$(pwd)}
O=${O:-build}
prefix=/opt/dtpart-test
stage=$(mktemp -d "${TMPDIR:-/tmp}/dtpart-install.XXXXXX")
trap 'rm -rf "$stage"' EXIT
fail() { echo "install: FAIL $*"; exit 1; }

make -C "$SRCDIR" --no-print-directory -s O="$O" PREFIX=$prefix DESTDIR="$stage/dest" install > "$stage/install.log" 2>&1 ||
  { tail -20 "$stage/install.log"; fail "make install PREFIX=$prefix DESTDIR=..."; }
root=$stage/dest$prefix
for f in bin/dtpart bin/xlcfg-gen share/man/man1/dtpart.1 share/man/man1/xlcfg-gen.1 \
         share/dtpart/boards/zcu102/board.json share/dtpart/boards/zcu102/zcu102.dts \
         share/dtpart/boards/zcu102/xen.dtb share/dtpart/boards/zynqmp/zynqmp-soc.dtsi \
         share/dtpart/boards/ultrazed/board.json; do
  [ -f "$root/$f" ] || fail "make install did not install $prefix/$f"
done
for c in dtpart xlcfg-gen; do
  if [ -f "$SRCDIR/bash-completion/$c" ]; then
    [ -f "$root/share/bash-completion/completions/$c" ] || fail "bash completion for $c not installed"
  fi
done
echo "install: ok make install PREFIX=$prefix DESTDIR=$stage/dest"

mkdir "$stage/work1"
sh "$SRCDIR/tests/install/smoke-installed.sh" "$root/bin" "$root/share/dtpart/boards" "$stage/work1" ||
  fail "the installed tools"

# Moved as a whole: still finds its data.
mv "$root" "$stage/moved"
mkdir "$stage/work2"
sh "$SRCDIR/tests/install/smoke-installed.sh" "$stage/moved/bin" "$stage/moved/share/dtpart/boards" "$stage/work2" > "$stage/moved.log" ||
  { cat "$stage/moved.log"; fail "the installed tree moved to another place"; }
echo "install: ok the installed tree moved elsewhere still finds its board data"

# Board data hidden: a clear error naming the installed place.
mv "$stage/moved/share/dtpart/boards" "$stage/hidden"
rc=0
(cd "$stage" && env -u DTPART_BOARDS_DIR "$stage/moved/bin/dtpart" list > /dev/null 2> "$stage/err.txt") || rc=$?
[ $rc = 68 ] || fail "without board data: want exit 68, got $rc"
grep -q "no board data in $stage/moved/bin/../share/dtpart/boards" "$stage/err.txt" ||
  fail "without board data the message does not name the installed place: $(cat "$stage/err.txt")"
# DTPART_BOARDS_DIR names another place.
(cd "$stage" && DTPART_BOARDS_DIR="$stage/hidden" "$stage/moved/bin/dtpart" list > "$stage/list.txt" 2>&1) ||
  fail "DTPART_BOARDS_DIR=$stage/hidden dtpart list: $(cat "$stage/list.txt")"
grep -q "^# host $stage/hidden/zcu102/zcu102.dts" "$stage/list.txt" || fail "DTPART_BOARDS_DIR not used"
echo "install: ok without its data: exit 68 naming the place; DTPART_BOARDS_DIR overrides"

mv "$stage/hidden" "$stage/moved/share/dtpart/boards"
mv "$stage/moved" "$root"
make -C "$SRCDIR" --no-print-directory -s O="$O" PREFIX=$prefix DESTDIR="$stage/dest" uninstall > "$stage/uninstall.log" 2>&1 ||
  { cat "$stage/uninstall.log"; fail "make uninstall"; }
left=$(find "$stage/dest" -type f)
[ -z "$left" ] || fail "make uninstall left: $left"
echo "install: ok make uninstall removes every installed file"
echo "install: all passed"
