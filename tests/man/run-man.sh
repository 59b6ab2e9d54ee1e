#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The man pages against what the tools say they take: every command, every
# option, every exit status and every environment variable that `--help`
# (and `dtpart COMMAND --help`) lists must be in the tool's man page. Both
# sides are read as they are: options are parsed from the --help output, the
# man page from its roff source. The check itself is checked: a man page with
# one option, one command and one exit status taken out must fail it.
set -eu
cd "${SRCDIR:-.}"
DTPART=${DTPART:-build/dtpart}
XLCFG_GEN=${XLCFG_GEN:-build/xlcfg-gen}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "man: FAIL $*"; }

# roff source -> text: font escapes gone, \- as -, one SH section per call.
plain() { sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/\\&//g' -e 's/\\(em/--/g' "$1"; }
section() { # file "NAME": the lines of .SH NAME up to the next .SH
  plain "$1" | awk -v s=".SH $2" '$0 == s || $0 == s "\"" { on = 1; next } /^\.SH / { on = 0 } on'
}

# Options of a help text: the lines indented like an option list, the words
# starting with - before the two spaces that start the help.
help_options() {
  sed -n 's/^ \{2,8\}\(-[^ ].*\)$/\1/p' "$1" | sed 's/  .*//' | tr ', ' '\n\n' | grep -E '^--?[A-Za-z0-9]' | sed 's/=.*//' | sort -u
}
# Commands: the first word of each line of the "Commands:" paragraph.
help_commands() {
  awk '/^Commands:/ { on = 1; next } /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }' "$1" | sort -u
}
# Exit statuses: the numbers of the "Exit status:" paragraph.
help_exits() {
  awk '/^Exit status:/ { on = 1 } /^$/ { on = 0 } on' "$1" | grep -oE '(^|[ ,:])[0-9]{1,3} [a-z]' | grep -oE '[0-9]+' | sort -un
}
# Environment variables: the first word of each line of "Environment:".
help_env() {
  awk '/^Environment:/ { on = 1; next } /^$/ { on = 0 } on && /^  [A-Z]/ { print $1 }' "$1" | sort -u
}

# check_page TOOL HELP MAN: prints one line per thing HELP lists and MAN lacks.
check_page() {
  tool=$1; help=$2; man=$3
  plain "$man" > "$work/man.txt"
  for o in $(help_options "$help"); do
    grep -qE -- "(^|[^A-Za-z0-9-])$o([^A-Za-z0-9-]|\$)" "$work/man.txt" || echo "$tool: option $o"
  done
  for c in $(help_commands "$help"); do
    grep -qE "^\.(B|BI|BR|TP|SS) +\"?$c([ \"]|\$)" "$work/man.txt" || echo "$tool: command $c"
  done
  section "$man" "EXIT STATUS" > "$work/exit.txt"
  for e in $(help_exits "$help"); do
    grep -qE "(^|[^0-9])$e([^0-9]|\$)" "$work/exit.txt" || echo "$tool: exit status $e"
  done
  section "$man" "ENVIRONMENT" > "$work/env.txt"
  for v in $(help_env "$help"); do
    grep -qF "$v" "$work/env.txt" || echo "$tool: environment variable $v"
  done
}

# What each tool's --help says: dtpart's main help and every command's.
"$DTPART" --help > "$work/dtpart.help"
[ -s "$work/dtpart.help" ] || bad "dtpart --help printed nothing"
for c in $(help_commands "$work/dtpart.help"); do
  if "$DTPART" "$c" --help > "$work/cmd.help"; then
    cat "$work/cmd.help" >> "$work/dtpart.help"
  else
    bad "dtpart $c --help failed"
  fi
done
"$XLCFG_GEN" --help > "$work/xlcfg-gen.help" 2>&1 || true
[ -s "$work/xlcfg-gen.help" ] || bad "xlcfg-gen --help printed nothing"

# Help fits a terminal.
if awk 'length > 80 { print "  " $0; n++ } END { exit n > 0 }' "$work/dtpart.help"; then pass=$((pass + 1))
else bad "dtpart help lines longer than 80 columns (above)"; fi

# The parsers find what is there (else an empty list would pass anything).
n=$(help_options "$work/dtpart.help" | wc -l)
if [ "$n" -ge 20 ]; then ok; else bad "parsed only $n options from dtpart --help"; fi
for c in list show passthrough release smmu check; do
  if help_commands "$work/dtpart.help" | grep -qx "$c"; then ok; else bad "parsed no command $c from dtpart --help"; fi
done
if help_exits "$work/dtpart.help" | grep -qx 64; then ok; else bad "parsed no exit status 64 from dtpart --help"; fi
if help_env "$work/dtpart.help" | grep -qx DTPART_BOARDS_DIR; then ok; else bad "dtpart --help lacks DTPART_BOARDS_DIR"; fi
n=$(help_options "$work/xlcfg-gen.help" | wc -l)
if [ "$n" -ge 5 ]; then ok; else bad "parsed only $n options from xlcfg-gen --help"; fi

for tool in dtpart xlcfg-gen; do
  check_page "$tool" "$work/$tool.help" "man/$tool.1" > "$work/missing"
  if [ -s "$work/missing" ]; then
    bad "man/$tool.1 lacks what --help lists:"; sed 's/^/  /' "$work/missing"
  else ok; fi
done

# The check fails when the page lacks an option, a command or an exit status.
grep -v -e 'sid' -e '^\.B smmu' -e '^\.B 74' man/dtpart.1 > "$work/cut.1"
check_page dtpart "$work/dtpart.help" "$work/cut.1" > "$work/missing"
for want in "option --sid" "command smmu" "exit status 74"; do
  if grep -qx "dtpart: $want" "$work/missing"; then ok; else bad "a page without $want passes the check"; fi
done

echo "man: $pass passed, $fail failed"
[ "$fail" = 0 ]
