#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# xlcfg-gen's command line as users meet it: --version, usage, the exit
# codes its --help documents (dtpart's sysexits set), each error naming
# file:line once, --irq as xl takes an Arm SPI, configs xl refuses (also
# through `dtpart check`, which reads configs with the same library), and
# the README's flow: passthrough, merge, release, merge again, then with the
# output directory moved and two user configs checked together.
set -eu
cd "${SRCDIR:-.}"
O=${O:-build}
DTPART=${DTPART:-$O/dtpart}
XLCFG_GEN=${XLCFG_GEN:-$O/xlcfg-gen}
export DTPART_BOARDS_DIR=boards
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "xlcfg-cli: FAIL $*"; }

# run WANT_RC ARGS...: xlcfg-gen's exit status must be WANT_RC; stdout and
# stderr land in $work/out and $work/err.
run() {
  want=$1; shift
  rc=0
  "$XLCFG_GEN" "$@" > "$work/out" 2> "$work/err" || rc=$?
  if [ "$rc" = "$want" ]; then ok; else bad "xlcfg-gen $*: exit $rc, want $want"; sed 's/^/  /' "$work/err"; fi
}
# has FILE PATTERN [COUNT]: PATTERN (fixed string) occurs in FILE (exactly
# COUNT times when given).
has() {
  n=$(grep -cF -- "$2" "$1" || true)
  if [ "${3:-}" ]; then [ "$n" = "$3" ]; else [ "$n" -gt 0 ]; fi && ok && return 0
  bad "$(basename "$1") lacks '$2'${3:+ $3 time(s)} (found $n)"; sed 's/^/  /' "$1"
}
# once FILE TEXT: TEXT occurs exactly once in FILE (not once per line).
once() {
  n=$(awk -v t="$2" '{ s = $0; while ((i = index(s, t)) > 0) { c++; s = substr(s, i + length(t)) } } END { print c + 0 }' "$1")
  [ "$n" = 1 ] && ok || { bad "'$2' $n times in $(basename "$1")"; sed 's/^/  /' "$1"; }
}

run 0 --version; has "$work/out" "xlcfg-gen "
run 64; has "$work/err" "usage: xlcfg-gen"
run 0 --help; has "$work/out" "Exit status: 0 ok, 64 usage"
run 64 --no-such-option
run 64 --irq 54 stray-argument
run 64 --merge "$work/none.cfg" --json

# --irq: what xl takes for an Arm SPI: decimal, 32..1019.
for v in 32 54 1019; do run 0 --irq "$v"; has "$work/out" "irqs = [ $v ]"; done
for v in 0 20 31 1020 5000; do run 64 --irq "$v"; has "$work/err" "32..1019"; done
for v in 0x36 54junk ""; do run 64 --irq "$v"; has "$work/err" "Invalid argument parsing irq"; done
run 64 --iomem 0xff0e0; has "$work/err" "Invalid argument parsing iomem"
run 64 --dtdev axi/ethernet; has "$work/err" "absolute"

# Configs xl refuses: exit 65, file:line once.
printf 'name = "x"\nmemory = 5\n\nvcpus = = 2\n' > "$work/broken.cfg"
printf 'name = "x"\nirqs = [ 54,\n         0x36 ]\n' > "$work/hex.cfg"
printf 'irqs = [ "54junk" ]\n' > "$work/junk.cfg"
printf 'iomem = [ "0xff0e0,1",\n          "0xff010,1junk" ]\n' > "$work/iomem.cfg"
run 65 --from "$work/broken.cfg"; once "$work/err" "broken.cfg:4:"
run 65 --from "$work/hex.cfg"; once "$work/err" "hex.cfg:3:"; has "$work/err" "Invalid argument parsing irq: 0x36"
run 65 --from "$work/junk.cfg"; once "$work/err" "junk.cfg:1:"; has "$work/err" "Invalid argument parsing irq: 54junk"
run 65 --from "$work/iomem.cfg"; once "$work/err" "iomem.cfg:2:"
cp "$work/broken.cfg" "$work/keep.cfg"
run 65 --merge "$work/broken.cfg" --irq 54; cmp -s "$work/broken.cfg" "$work/keep.cfg" && ok || bad "a refused merge changed the file"
run 66 --from "$work/none.cfg"; once "$work/err" "none.cfg"
run 66 --merge "$work/none.cfg" --irq 54
run 73 --irq 54 -o "$work/no-dir/x.cfg"

# dtpart check reads configs through the same library: the same refusals.
out=$work/dtpart-out
"$DTPART" -b zcu102 -o "$out" passthrough serial1 eth0 --domain 2 > /dev/null
for f in hex:3 junk:1; do
  rc=0
  "$DTPART" -o "$out" check --host "$out/xen.dtb" "$work/${f%:*}.cfg" > /dev/null 2> "$work/err" || rc=$?
  [ "$rc" = 69 ] && ok || bad "dtpart check ${f%:*}.cfg: exit $rc, want 69"
  has "$work/err" "${f%:*}.cfg:${f#*:}:"
  has "$work/err" "Invalid argument parsing irq"
done

# The README's flow on a hand-written config under version control.
guest=$work/guest.cfg
printf '# guest2\nname = "guest2"\nmemory = 512\nirqs = [ 68 ]   # my own\n' > "$guest"
cp "$guest" "$work/hand.cfg"
run 0 --merge "$guest" --from "$out/dom2.cfg"
has "$work/out" "updated"
has "$guest" "# xlcfg-gen: begin"
"$XLCFG_GEN" --from "$work/hand.cfg" --from "$out/dom2.cfg" > "$work/want"
"$XLCFG_GEN" --from "$guest" > "$work/got"
cmp -s "$work/want" "$work/got" && ok || { bad "merged config is not hand + snippet"; diff "$work/want" "$work/got" || true; }
run 0 --merge "$guest" --from "$out/dom2.cfg"; has "$work/out" "already in step"
head -n 4 "$guest" | cmp -s - "$work/hand.cfg" && ok || bad "the user's lines changed"

# Release GEM3: its irq, page and dtdev go; UART1's entries and irq 68 stay.
"$DTPART" -o "$out" release eth0 > /dev/null
run 0 --merge "$guest" --from "$out/dom2.cfg"
has "$work/out" "removed: irqs = [ 95 ]" 1
has "$work/out" "removed: iomem = [ \"0xff0e0,1\" ]" 1
has "$work/out" "removed: dtdev = [ \"/axi/ethernet@ff0e0000\" ]" 1
has "$work/out" "added:" 0
"$XLCFG_GEN" --from "$work/hand.cfg" --from "$out/dom2.cfg" > "$work/want"
"$XLCFG_GEN" --from "$guest" > "$work/got"
cmp -s "$work/want" "$work/got" && ok || { bad "after release: not hand + snippet"; diff "$work/want" "$work/got" || true; }
has "$work/got" "irqs = [ 68, 54 ]" 1
head -n 4 "$guest" | cmp -s - "$work/hand.cfg" && ok || bad "the user's lines changed after release"

# A hand-written irq the plan gave the domain: after the release, the
# merge refuses it with its line (exit 68) and leaves the file alone.
printf 'name = "guest3"\nirqs = [ 54 ]   # UART1, by hand\n' > "$guest"
run 0 --merge "$guest" --from "$out/dom2.cfg"
cp "$guest" "$work/keep.cfg"
"$DTPART" -o "$out" passthrough eth0 --domain 2 > /dev/null
"$DTPART" -o "$out" release serial1 > /dev/null
run 68 --merge "$guest" --from "$out/dom2.cfg"
once "$work/err" "guest.cfg:2:"; has "$work/err" "irq 54 was written by hand"
cmp -s "$guest" "$work/keep.cfg" && ok || bad "a refused merge changed the file"

# The user takes the line out as told; the merge goes through.
sed -i '2d' "$guest"
run 0 --merge "$guest" --from "$out/dom2.cfg"
has "$work/out" "added: irqs = [ 95 ]"

# The domain's last device released: dtpart removes dom2.cfg; a merge
# without a snippet takes out what earlier merges added.
"$DTPART" -o "$out" release eth0 > /dev/null
run 66 --merge "$guest" --from "$out/dom2.cfg"; has "$work/err" "with no snippet"
run 0 --merge "$guest"
printf 'name = "guest3"\n' | cmp -s - "$guest" && ok || bad "merge with no snippet left: $(cat "$guest")"

# The flow with the output directory moved (copied to the target, built in
# a Yocto work directory) and two user configs checked together.
# dcheck ARGS...: dtpart's exit status in $rc, stdout and stderr in $work/out, $work/err.
dcheck() { rc=0; "$DTPART" "$@" > "$work/out" 2> "$work/err" || rc=$?; }
bo=$work/build/dtpart-out
mkdir -p "$work/build"
dcheck -b zcu102 -o "$bo" passthrough serial1 --domain 1 --name web
has "$work/err" "no --dtb-dir given" 1
has "$bo/dom1.cfg" "device_tree = \"$bo/dom1.dtb\""
dcheck -o "$bo" passthrough eth0 --domain 2 --name guest2
has "$work/err" "no --dtb-dir given" 1
printf 'name = "web"\nmemory = 256\n' > "$work/web.cfg"
printf '# kept in git\nname = "guest2"\nmemory = 512\n' > "$work/guest2.cfg"
run 0 --merge "$work/web.cfg" --from "$bo/dom1.cfg"
run 0 --merge "$work/guest2.cfg" --from "$bo/dom2.cfg"
# On the target: configs and partial trees side by side, the build gone.
tgt=$work/target
mkdir "$tgt"
cp "$work/web.cfg" "$work/guest2.cfg" "$bo/dom1.dtb" "$bo/dom2.dtb" "$tgt/"
mv "$work/build" "$work/moved"
bo=$work/moved/dtpart-out
dcheck -o "$bo" check
[ "$rc" = 0 ] && ok || { bad "check of the moved outputs: exit $rc"; sed 's/^/  /' "$work/out" "$work/err"; }
has "$work/err" "$bo/dom2.cfg: device_tree \"$work/build/dtpart-out/dom2.dtb\" does not exist here (the directory moved" 1
dcheck -o "$bo" check --host "$bo/xen.dtb" "$tgt/web.cfg" "$tgt/guest2.cfg"
[ "$rc" = 0 ] && ok || { bad "check on the target: exit $rc"; sed 's/^/  /' "$work/out" "$work/err"; }
has "$work/err" "does not exist here; checking $tgt/dom1.dtb, next to the config" 1
has "$work/err" "does not exist here; checking $tgt/dom2.dtb, next to the config" 1
has "$work/out" "in 2 domain(s)"
# The next run in the moved directory writes its path, and says so.
dcheck -o "$bo" passthrough eth0 --domain 2
has "$work/err" "no --dtb-dir given" 1
has "$bo/dom1.cfg" "device_tree = \"$bo/dom1.dtb\""
has "$bo/dom2.cfg" "device_tree = \"$bo/dom2.dtb\""
# --dtb-dir once: kept in the plan, no warning from then on; the merge
# follows the snippet's new device_tree.
dcheck -o "$bo" --dtb-dir /etc/xen/dtpart passthrough eth0 --domain 2
has "$work/err" "no --dtb-dir given" 0
dcheck -o "$bo" passthrough serial1 --domain 1
has "$work/err" "no --dtb-dir given" 0
has "$bo/dom1.cfg" 'device_tree = "/etc/xen/dtpart/dom1.dtb"'
run 0 --merge "$work/guest2.cfg" --from "$bo/dom2.cfg"
has "$work/guest2.cfg" 'device_tree = "/etc/xen/dtpart/dom2.dtb"'
run 0 --merge "$work/web.cfg" --from "$bo/dom1.cfg"
# UART1 back to dom0: domain 1 (web) is gone with it. Both user configs
# checked with guest2's partial tree (paired through its device_tree): each
# finding names its config and domain; the fix for web.cfg's stale entries
# is the merge; guest2.cfg is fine.
dcheck -o "$bo" release serial1
dcheck -o "$bo" check --host "$bo/xen.dtb" "$work/web.cfg" "$work/guest2.cfg" "$bo/dom2.dtb"
[ "$rc" = 69 ] && ok || { bad "check after release: exit $rc, want 69"; sed 's/^/  /' "$work/out" "$work/err"; }
has "$work/err" "partial tree but no xl config" 0
has "$work/out" "ERROR: $work/web.cfg (domain 1): /axi/serial@ff010000: IRQ 54 of /axi/serial@ff010000 stays with dom0" 1
has "$work/out" "ERROR: $work/web.cfg (domain 1): /axi/serial@ff010000: iomem \"0xff010,1\" maps the registers" 1
has "$work/out" "fix: remove 54 from irqs in the domain's xl config: \`xlcfg-gen --merge CONFIG --from dom1.cfg\` does (\`--merge CONFIG\` alone once the domain has no device left)" 1
has "$work/out" "add xen,passthrough" 0
has "$work/out" "ERROR: $work/guest2.cfg" 0
has "$work/err" "checked as" 0
# As the fix says: the domain is gone, so --merge alone; then both pass.
run 0 --merge "$work/web.cfg"
dcheck -o "$bo" check --host "$bo/xen.dtb" "$work/web.cfg" "$work/guest2.cfg" "$bo/dom2.dtb"
[ "$rc" = 0 ] && ok || { bad "check after the merge: exit $rc"; sed 's/^/  /' "$work/out" "$work/err"; }
has "$work/out" "0 error(s)"

# The file a symbolic link names is replaced, with its permissions.
printf 'name = "g"\n' > "$work/real.cfg"; chmod 600 "$work/real.cfg"
ln -s real.cfg "$work/link.cfg"
run 0 --merge "$work/link.cfg" --irq 54
[ -L "$work/link.cfg" ] && ok || bad "the link was replaced by a file"
has "$work/real.cfg" "irqs = [ 54 ]"
[ "$(stat -c %a "$work/real.cfg")" = 600 ] && ok || bad "permissions not kept: $(stat -c %a "$work/real.cfg")"
run 0 --irq 54 -o "$work/new.cfg"; has "$work/new.cfg" "irqs = [ 54 ]"
ls "$work" | grep -q 'xlcfg-gen\.' && bad "temporary files left" || ok

echo "xlcfg-cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
