#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Is an output directory one consistent set? Read with dtc/fdtget (libfdt)
and xlcfg-gen (libxlutil), not with dtpart's own model.

usage: check-set.py XLCFG_GEN DIR [=PATH:DOM | +PATH:DOM | -PATH]...
  =PATH:DOM  the plan holds exactly the = entries (device PATH in domain DOM)
  +PATH:DOM  the plan gives PATH to DOM (other devices may be there too)
  -PATH      the plan does not hold PATH

What must hold: no commit journal and no temporaries; every domain of
dtpart.json has domN.dtb, domN.dts and domN.cfg (nothing else is named
domN.*); xen.dtb flags exactly the plan's devices with xen,passthrough;
each partial tree's /passthrough holds exactly its domain's devices with the
host node's reg and interrupts; each xl snippet's device_tree, irqs (SPI+32),
iomem (pages of every reg) and dtdev (devices with iommus in xen.dtb) are
those of its domain's devices. Prints every difference; exit 1 if any.
"""
import json
import os
import re
import subprocess
import sys

problems = []


def bad(msg):
    problems.append(msg)


def run(*argv):
    r = subprocess.run(argv, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (" ".join(argv), r.returncode, r.stderr.strip()))
    return r.stdout


def dts_nodes(dtb):
    """{path: set(property names)} of every node, from dtc's own dts output."""
    nodes, stack = {}, []
    for line in run("dtc", "-q", "-I", "dtb", "-O", "dts", dtb).splitlines():
        line = line.strip()
        if line.endswith("{"):
            name = line[:-1].strip().split(":")[-1].strip()
            path = "/" if name == "/" else (stack[-1].rstrip("/") + "/" + name)
            stack.append(path)
            nodes[path] = set()
        elif line == "};":
            stack.pop()
        elif stack and line.endswith(";"):
            nodes[stack[-1]].add(line.split("=")[0].strip().rstrip(";").strip())
    return nodes


def fdtget_cells(dtb, pairs):
    """One fdtget for many (node, property): a list of cell lists."""
    if not pairs:
        return []
    args = ["fdtget", "-t", "u", dtb]
    for node, prop in pairs:
        args += [node, prop]
    out = run(*args).splitlines()
    return [[int(v) for v in line.split()] for line in out]


def pairs_of(cells, n_addr, n_size):
    """reg cells -> [(address, size)]."""
    out, step = [], n_addr + n_size
    for i in range(0, len(cells) - step + 1, step):
        a = 0
        for c in cells[i:i + n_addr]:
            a = (a << 32) | c
        s = 0
        for c in cells[i + n_addr:i + step]:
            s = (s << 32) | c
        out.append((a, s))
    return out


def main():
    xlcfg_gen, d = sys.argv[1], sys.argv[2]
    exact, has, absent = {}, {}, set()
    for a in sys.argv[3:]:
        if a[0] in "=+":
            p, dom = a[1:].rsplit(":", 1)
            (exact if a[0] == "=" else has)[p] = int(dom)
        elif a[0] == "-":
            absent.add(a[1:])

    names = os.listdir(d)
    for n in names:
        if n == ".dtpart-commit" or ".tmp." in n:
            bad("%s/%s: left from an interrupted commit" % (d, n))
    with open(os.path.join(d, "dtpart.json")) as f:
        plan = json.load(f)
    owner = {}
    for dom in plan["domains"]:
        for dev in dom["devices"]:
            if dev["path"] in owner:
                bad("plan: %s in domains %d and %d" % (dev["path"], owner[dev["path"]], dom["id"]))
            owner[dev["path"]] = dom["id"]
    if exact and owner != exact:
        bad("plan holds %s, want %s" % (sorted(owner.items()), sorted(exact.items())))
    for p, dom in has.items():
        if owner.get(p) != dom:
            bad("plan: %s is in domain %s, want %d" % (p, owner.get(p), dom))
    for p in absent:
        if p in owner:
            bad("plan: %s is still in domain %d" % (p, owner[p]))

    # Files named like a domain's outputs: exactly the plan's domains.
    ids = sorted(dom["id"] for dom in plan["domains"])
    want = {"dom%d.%s" % (i, e) for i in ids for e in ("dtb", "dts", "cfg")}
    have = {n for n in names if re.fullmatch(r"dom[0-9]+\.(dtb|dts|cfg)", n)}
    for n in sorted(want - have):
        bad("%s/%s: missing" % (d, n))
    for n in sorted(have - want):
        bad("%s/%s: no domain of the plan owns it" % (d, n))

    host = os.path.join(d, "xen.dtb")
    nodes = dts_nodes(host)
    flagged = {p for p, props in nodes.items() if "xen,passthrough" in props}
    for p in sorted(flagged - set(owner)):
        bad("xen.dtb: %s has xen,passthrough but no domain of the plan owns it" % p)
    for p in sorted(set(owner) - flagged):
        bad("xen.dtb: %s is in the plan but has no xen,passthrough" % p)
    if problems:
        return
    devs = sorted(owner)
    # The board's devices sit on /axi: 2 address and 2 size cells, ranges 1:1.
    axi = fdtget_cells(host, [("/axi", "#address-cells"), ("/axi", "#size-cells")])
    if axi != [[2], [2]] or "ranges" not in nodes["/axi"]:
        bad("xen.dtb: /axi is not the 2-cell, 1:1 bus this check assumes")
        return
    values = fdtget_cells(host, [(p, prop) for p in devs for prop in ("reg", "interrupts")])
    reg = {p: pairs_of(values[2 * i], 2, 2) for i, p in enumerate(devs)}
    irq = {p: values[2 * i + 1] for i, p in enumerate(devs)}

    for dom in plan["domains"]:
        i = dom["id"]
        mine = sorted(dev["path"] for dev in dom["devices"])
        part = os.path.join(d, "dom%d.dtb" % i)
        pnodes = dts_nodes(part)
        kids = {p.split("/")[-1] for p in pnodes if p.count("/") == 2 and p.startswith("/passthrough/")}
        kids = {k for k in kids if not k.startswith("clocks@")}  # the fixed clocks (partial.c)
        if kids != {p.split("/")[-1] for p in mine}:
            bad("%s: /passthrough holds %s, want the nodes of %s" % (part, sorted(kids), mine))
            continue
        pv = fdtget_cells(part, [("/passthrough/" + p.split("/")[-1], prop)
                                 for p in mine for prop in ("reg", "interrupts")])
        for k, p in enumerate(mine):
            if pairs_of(pv[2 * k], 2, 2) != reg[p] or pv[2 * k + 1] != irq[p]:
                bad("%s: %s has reg/interrupts %s, the host node %s" % (part, p, pv[2 * k:2 * k + 2],
                                                                      [reg[p], irq[p]]))
        cfg = os.path.join(d, "dom%d.cfg" % i)
        x = json.loads(run(xlcfg_gen, "--from", cfg, "--json"))
        b = x.get("b_info", {})
        # Without --dtb-dir, the output directory's path on this machine.
        dtb_dir = plan["dtb_dir"] or os.path.abspath(d)
        if b.get("device_tree") != os.path.join(dtb_dir, "dom%d.dtb" % i):
            bad("%s: device_tree %s, want %s/dom%d.dtb" % (cfg, b.get("device_tree"), dtb_dir, i))
        want_irqs = sorted({irq[p][k + 1] + 32 for p in mine for k in range(0, len(irq[p]), 3)
                            if irq[p][k] == 0})
        if sorted(b.get("irqs", [])) != want_irqs:
            bad("%s: irqs %s, want %s" % (cfg, b.get("irqs"), want_irqs))
        want_io = sorted({(a >> 12, ((a + s + 4095) >> 12) - (a >> 12)) for p in mine for a, s in reg[p]})
        have_io = sorted((m["start"], m["number"]) for m in b.get("iomem", []))
        if have_io != want_io:
            bad("%s: iomem %s, want %s" % (cfg, have_io, want_io))
        want_dt = sorted(p for p in mine if "iommus" in nodes[p])
        have_dt = sorted(v["path"] for v in x.get("dtdevs", []))
        if have_dt != want_dt:
            bad("%s: dtdev %s, want %s" % (cfg, have_dt, want_dt))


if __name__ == "__main__":
    try:
        main()
    except (OSError, ValueError, KeyError, RuntimeError) as e:
        bad("cannot read the set: %s" % e)
    for p in problems:
        print("check-set: " + p)
    sys.exit(1 if problems else 0)
