#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The golden command tests again, every dtpart run under valgrind memcheck:
# any invalid read or write, use of uninitialised memory, or definite or
# indirect leak makes that run exit 99, which the golden test reports.
set -u
cd "${SRCDIR:-.}"
O=${O:-build}
command -v valgrind > /dev/null || { echo "valgrind: not installed"; exit 1; }
# valgrind cannot run sanitizer builds: a plain build of the same source.
P=$O/plain
MAKEFLAGS= make --no-print-directory -s O="$P" SAN=0 "$P/dtpart" > /dev/null || exit 1
wrap=$(mktemp)
trap 'rm -f "$wrap"' EXIT
cat > "$wrap" <<EOW
#!/bin/sh
exec valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
  "$(pwd)/$P/dtpart" "\$@"
EOW
chmod +x "$wrap"
DTPART=$wrap sh tests/golden/run-golden.sh > "$P/valgrind-golden.log" 2>&1
rc=$?
grep -E "^golden: FAIL|==[0-9]+==" "$P/valgrind-golden.log" | head -30
tail -1 "$P/valgrind-golden.log" | sed 's/^golden:/valgrind:/'
exit $rc
