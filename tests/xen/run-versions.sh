#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The Xen version a set-up is checked for (--xen, kept in the plan) and the
# domain IDs Xen gives, from the command line:
#  - nine devices in one dom0less domain overflow the 4096-byte guest tree of
#    Xen 4.17 (real Xen 4.17 panics on exactly this set-up: tests/e2e) and fit
#    from 4.18 on; eight fit on both;
#  - the version is kept in dtpart.json and used by later checks;
#  - dom0less domains boot as domids 1..N in /chosen order, xl ones after;
#  - the QEMU board has no SMMU: a DMA master needs --force-no-iommu.
set -u
cd "${SRCDIR:-.}"
DTPART=${DTPART:-build/dtpart}
export DTPART_BOARDS_DIR=boards
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "xen-versions: FAIL $*"; }
head -c 65536 /dev/zero > "$work/kernel"
dp() { "$DTPART" -b zcu102-qemu "$@" > "$work/out" 2>&1; }
# JSON on stdout alone
dj() { "$DTPART" -b zcu102-qemu "$@" > "$work/out" 2> /dev/null; }
eight="eth0 serial1 i2c1 can1 ttc1 ttc2 ttc3 i2c0"

# 9 devices: refused before anything is written under 4.17's rules.
if dp -o "$work/d9" passthrough $eight gpio --domain 1 --dom0less --kernel "$work/kernel" \
     --force-no-iommu --bootargs domain=1; then bad "9 devices written under 4.17's rules"
else
  grep -q "the device tree Xen 4.17 builds for domU1 comes to 4[1-9][0-9][0-9] bytes" "$work/out" &&
    grep -q "over its 4096-byte buffer" "$work/out" && grep -q "Could not set up domain domU1" "$work/out" &&
    [ ! -e "$work/d9/xen.dtb" ] && ok || { bad "9 devices: refusal"; cat "$work/out"; }
fi
# ... written for 4.20, which keeps the version; check agrees, and 4.17 does not.
dp -o "$work/d9" passthrough $eight gpio --domain 1 --dom0less --kernel "$work/kernel" \
   --force-no-iommu --bootargs domain=1 --xen 4.20 && ok || { bad "9 devices for 4.20"; cat "$work/out"; }
grep -q '"xen": "4.20"' "$work/d9/dtpart.json" && ok || bad "plan lacks the version"
dp -o "$work/d9" check && grep -q "Xen 4.20 rules" "$work/out" && ok || { bad "check by the plan's 4.20"; cat "$work/out"; }
if dp -o "$work/d9" check --xen 4.17; then bad "check --xen 4.17 passed 9 devices"
else grep -q "comes to 4[1-9][0-9][0-9] bytes" "$work/out" && ok || bad "check --xen 4.17: message"; fi
dj -o "$work/d9" check --json --xen 4.17
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); f=[x for x in d["findings"] if x["code"]=="domu-tree-size"]; sys.exit(0 if d["xen"]=="4.17" and len(f)==1 else 1)' "$work/out" 2>/dev/null &&
  ok || bad "check --json: version and finding"
# 8 devices fit on 4.17 (real Xen 4.17 builds a 4056-byte tree for them).
dp -o "$work/d8" passthrough $eight --domain 1 --dom0less --kernel "$work/kernel" \
   --force-no-iommu --bootargs domain=1 && ok || { bad "8 devices under 4.17"; cat "$work/out"; }

# Domain IDs: a dom0less domain 3 alone boots as domid 1; an xl domain 1 then
# shares its number with it and the checks number it 2.
dp -o "$work/ids" passthrough serial1 --domain 3 --dom0less --kernel "$work/kernel" &&
  grep -q "domain 3 boots as domid 1" "$work/out" && ok || { bad "dom0less domid warning"; cat "$work/out"; }
dp -o "$work/ids" passthrough i2c0 --domain 1 && grep -q "xl domain 1 shares its number with a dom0less domain.*the checks call it domain 2" "$work/out" &&
  ok || { bad "xl domid warning"; cat "$work/out"; }
dj -o "$work/ids" check --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); m={x["domain"]: x["domid"] for x in d["domids"]}; sys.exit(0 if m=={1: 2, 3: 1} else 1)' "$work/out" 2>/dev/null &&
  ok || { bad "check: domids"; cat "$work/out"; }
# Domains 1..N: no renumbering, no warning.
dp -o "$work/ids2" passthrough serial1 --domain 1 --dom0less --kernel "$work/kernel" &&
  ! grep -q "boots as domid" "$work/out" && ok || bad "domain 1 warned"

# QEMU's ZCU102 has no SMMU: never enabled, a DMA master needs --force-no-iommu.
if dp -o "$work/q" passthrough eth0 --domain 1; then bad "GEM3 given on zcu102-qemu without --force-no-iommu"
else grep -q "has no SMMU" "$work/out" && ok || { bad "zcu102-qemu refusal"; cat "$work/out"; }; fi
dp -o "$work/q" passthrough eth0 --domain 1 --force-no-iommu && ok || bad "zcu102-qemu --force-no-iommu"
dtc -q -I dtb -O dts "$work/q/xen.dtb" 2>/dev/null | grep -q "iommu@fd800000\|iommus" &&
  bad "zcu102-qemu's host tree has an SMMU" || ok

echo "xen-versions: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
