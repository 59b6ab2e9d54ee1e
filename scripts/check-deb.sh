#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `make check-deb`: builds the Debian package as a distribution would
# (dpkg-buildpackage -us -uc -b) from a copy of the source in $O/deb that
# holds only the files git tracks or would track (never build/, dtpart-out/
# or the test caches), runs lintian on it (no errors allowed), installs it
# with apt-get (root), and runs the installed /usr/bin/dtpart: `list` and
# `passthrough eth0 --domain 2 -o DIR` (tests/install/smoke-installed.sh).
# A dtpart package that was not installed before is removed again at the end.
# Environment: O (build dir). Needs the packages of `scripts/deps.sh deb`.
set -eu
O=${O:-build}
src=$(pwd)
work=$src/$O/deb
fail() { echo "check-deb: FAIL $*"; exit 1; }

rm -rf "$work"; mkdir -p "$work/dtpart"
if git -C "$src" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
  git -C "$src" ls-files -z --cached --others --exclude-standard |
    tar -C "$src" --null --ignore-failed-read -T - -cf - | tar -C "$work/dtpart" -xf -
else
  tar -C "$src" --exclude=./.git --exclude="./$O" --exclude=./build --exclude=./dtpart-out -cf - . |
    tar -C "$work/dtpart" -xf -
fi
echo "check-deb: dpkg-buildpackage -us -uc -b in $work/dtpart (log: $work/build.log)"
(cd "$work/dtpart" && dpkg-buildpackage -us -uc -b) > "$work/build.log" 2>&1 ||
  { tail -30 "$work/build.log"; fail "dpkg-buildpackage"; }
deb=$(ls "$work"/dtpart_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "no dtpart_*.deb in $work"
echo "check-deb: built $(basename "$deb"): $(dpkg-deb -c "$deb" | wc -l) entries"
dpkg-deb -c "$deb" | awk '{print $6}' > "$work/contents.txt"
for f in ./usr/bin/dtpart ./usr/bin/xlcfg-gen ./usr/share/man/man1/dtpart.1.gz ./usr/share/man/man1/xlcfg-gen.1.gz \
         ./usr/share/dtpart/boards/zcu102/board.json ./usr/share/dtpart/boards/zcu102/zcu102.dts \
         ./usr/share/dtpart/boards/zynqmp/zynqmp-soc.dtsi ./usr/share/dtpart/boards/ultrazed/board.json \
         ./usr/share/doc/dtpart/copyright; do
  grep -qx "$f" "$work/contents.txt" || fail "the package lacks $f"
done
grep -q "^./usr/share/doc/dtpart/README.md" "$work/contents.txt" || fail "the package lacks README.md"
for c in dtpart xlcfg-gen; do
  if [ -f "$src/bash-completion/$c" ]; then
    grep -qx "./usr/share/bash-completion/completions/$c" "$work/contents.txt" || fail "the package lacks the bash completion for $c"
  fi
done
echo "check-deb: ok the package holds both tools, their man pages, the board data, README and copyright"

changes=$(ls "$work"/dtpart_*.changes | head -1)
lintian --info "$changes" > "$work/lintian.txt" 2>&1 || true
sed 's/^/check-deb:   /' "$work/lintian.txt" | grep -v "running with root privileges" || true
if grep -q "^E: " "$work/lintian.txt"; then fail "lintian reports errors"; fi
echo "check-deb: ok lintian: $(grep -c '^E: ' "$work/lintian.txt") errors, $(grep -c '^W: ' "$work/lintian.txt") warnings"

[ "$(id -u)" = 0 ] || fail "installing the package needs root (the package is built: $deb)"
was_installed=no
case "$(dpkg-query -W -f='${Status}' dtpart 2>/dev/null || true)" in *" installed") was_installed=yes ;; esac
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" > "$work/install.log" 2>&1 ||
  { tail -20 "$work/install.log"; fail "apt-get install $deb"; }
[ $was_installed = yes ] || trap 'dpkg -r dtpart > /dev/null 2>&1 || true' EXIT
echo "check-deb: ok installed with apt-get: $(dpkg-query -W -f='${Package} ${Version} ${Status}' dtpart)"
run=$(mktemp -d "${TMPDIR:-/tmp}/dtpart-deb.XXXXXX")
sh tests/install/smoke-installed.sh /usr/bin /usr/share/dtpart/boards "$run" || { rm -rf "$run"; fail "the installed package"; }
rm -rf "$run"
echo "check-deb: all passed"
