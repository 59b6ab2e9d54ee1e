#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs dtpart on the shipped ZCU102 board: GEM3 (eth0) and UART1 (serial1) to
# domain 2, in ./dtpart-out, and shows what it wrote.
set -eu
DTPART=${1:-build/dtpart}
rm -rf dtpart-out
echo "== dtpart list (ZCU102, the default board)"
"$DTPART" list
echo
echo "== dtpart passthrough eth0 --domain 2"
"$DTPART" passthrough eth0 --domain 2
echo
echo "== dtpart passthrough serial1 --domain 2"
"$DTPART" passthrough serial1 --domain 2
echo
echo "== dtpart-out/dom2.dts (partial device tree for the guest)"
cat dtpart-out/dom2.dts
echo
echo "== host tree (dtpart-out/xen.dtb): the nodes that got xen,passthrough"
awk '/{$/ { node = $1 } /xen,passthrough;/ { print "  " node }' dtpart-out/xen.dts
echo
echo "== dtpart check (replays Xen's domain build on these outputs)"
"$DTPART" check
