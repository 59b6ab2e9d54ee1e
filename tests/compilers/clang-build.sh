#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The whole tree (tools, libraries, unit tests, benchmarks) builds with
# clang as well as gcc, with the same warnings and -Werror: a warning either
# compiler gives fails make check. The gcc build is the one make check runs.
set -eu
cd "${SRCDIR:-.}"
command -v clang > /dev/null || { echo "clang-build: clang is missing (Debian package clang)"; exit 1; }
out=${O:-build}/clang
tests=$(ls tests/*/test_*.c | sed "s|tests/\(.*\)\.c|$out/tests/\1|")
if make --no-print-directory -s O="$out" CC=clang CFLAGS="-O1 -g" all $tests \
     "$out/bench/gentree" "$out/bench/floor" "$out/bench/peakrss" > "$out.log" 2>&1; then
  echo "clang-build: $(clang --version | head -1): tools, libraries, unit tests and benchmarks build with no warning"
else
  cat "$out.log"; echo "clang-build: FAILED (above)"; exit 1
fi
