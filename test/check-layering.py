#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks haaro's include graph: no include upward through the layers, no cycle.

The layers (doc/haaro.rst, "Source layout"), lowest first:

    model/common < model/wire < model/tunnel < model/security
                 < model/ha, model/ro < model/mr < helper < scenario

A file may include files of its own folder and of any lower layer; model/ha and model/ro
are siblings and include neither each other, and model/mr does not include model/ha. nat/ (the NAT model) and routing/ (generic
longest-prefix routing) include no Mobile IP file; the Mobile IP layers may use routing/.
Headers are included as "ns3/<file>.h" (or "<file>.h" in the same folder), so each
include is resolved by its base name among the module's own headers.

Usage: check-layering.py [ROOT] [--dot FILE] (ROOT: the module's source folder).
Prints the folder graph with the number of includes per arrow and exits 1 on a violation.
"""
import os
import re
import sys

RANK = {
    "model/common": 0,
    "model/wire": 1,
    "model/tunnel": 2,
    "model/security": 3,
    "model/ha": 4,
    "model/ro": 4,
    "model/mr": 5,
    "helper": 6,
    "scenario": 7,
}
INDEPENDENT = {"nat/model", "nat/helper", "routing/model"}
# Arrows the ranks would allow but the design does not: the mobile router does not use the
# Home Agent's code (what both need, e.g. MipPrefix, is in model/wire).
FORBIDDEN = {("model/mr", "model/ha")}
SOURCE_DIRS = ("model", "helper", "nat", "routing", "scenario")


def folder_of(root, path):
    rel = os.path.relpath(os.path.dirname(path), root)
    return rel.replace(os.sep, "/")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    root = os.path.abspath(args[0] if args else os.path.join(os.path.dirname(__file__), ".."))
    dot = sys.argv[sys.argv.index("--dot") + 1] if "--dot" in sys.argv else None
    files = []
    for top in SOURCE_DIRS:
        for d, _, names in os.walk(os.path.join(root, top)):
            if "/test" in d[len(root):]:
                continue
            files += [os.path.join(d, n) for n in names if n.endswith((".h", ".cc"))]
    header_folder = {os.path.basename(f): folder_of(root, f) for f in files
                     if f.endswith(".h")}
    include = re.compile(r'^#include "(?:ns3/)?([\w.-]+\.h)"', re.M)
    arrows = {}  # (from folder, to folder) -> count
    file_edges = {}  # header/source -> set of headers
    bad = []
    for f in sorted(files):
        src = folder_of(root, f)
        with open(f, encoding="utf-8") as fh:
            text = fh.read()
        for h in include.findall(text):
            dst = header_folder.get(h)
            if dst is None:
                continue  # ns-3's own or the standard library
            file_edges.setdefault(os.path.basename(f), set()).add(h)
            if dst == src:
                continue
            arrows[(src, dst)] = arrows.get((src, dst), 0) + 1
            if src in INDEPENDENT:
                ok = dst in INDEPENDENT and src.split("/")[0] == dst.split("/")[0] \
                    or (src == "nat/helper" and dst == "nat/model")
            elif dst in INDEPENDENT:
                ok = dst == "routing/model" or src in ("helper", "scenario")
            else:
                ok = RANK.get(src, 99) > RANK.get(dst, 99) and (src, dst) not in FORBIDDEN
            if not ok:
                bad.append("%s -> %s (%s includes %s)" % (src, dst, os.path.relpath(f, root),
                                                           h))
    # cycles between files (a header graph is a DAG unless something is wrong)
    state = {}

    def visit(node, stack):
        state[node] = 1
        for nxt in sorted(file_edges.get(node, ())):
            if nxt == node:
                continue
            if state.get(nxt) == 1:
                bad.append("cycle: " + " -> ".join(stack + [node, nxt]))
            elif state.get(nxt) is None:
                visit(nxt, stack + [node])
        state[node] = 2

    for node in sorted(file_edges):
        if node.endswith(".h") and node not in state:
            visit(node, [])
    for (src, dst), n in sorted(arrows.items(), key=lambda kv: (RANK.get(kv[0][0], 9), kv[0])):
        print("%-16s -> %-16s %3d" % (src, dst, n))
    if dot:
        with open(dot, "w") as fh:
            fh.write("digraph haaro {\n  rankdir=BT;\n")
            for (src, dst), n in sorted(arrows.items()):
                fh.write('  "%s" -> "%s" [label=%d];\n' % (src, dst, n))
            fh.write("}\n")
    for b in bad:
        print("VIOLATION: " + b)
    print("%d files, %d folder arrows, %d violations" % (len(files), len(arrows), len(bad)))
    return 1 if bad else 0


sys.exit(main())
