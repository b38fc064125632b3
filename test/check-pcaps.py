#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Every pcap clean (issue 13): runs each example and scenario program with --pcap and short
durations, one after the other, and reads every capture with tshark and the module's
Wireshark dissector (wireshark/haaro.lua). Fails unless, for every program:

  * no frame is malformed (`_ws.malformed`) and no expert item has severity error;
  * every RFC 6521 message type (24-27) and extension (153, 49, 50; type/subtype) that the
    run sent appears decoded under haaro.* in the capture of the device it was sent out of,
    and the captures show none that the run did not send;
  * the Prefix Advertisements decoded from the captures (haaro.pa.router -> haaro.pa.prefix
    with haaro.pa.prefix_len and haaro.pa.realm, each advertisement in its order) are
    exactly the advertisements the Home Agent sent in that run, and each one's
    haaro.pa.routers / haaro.pa.prefixes counts match its tree.

What the run sent is the run's own record, written next to the pcaps with --pcap
(scenario/capture-record.h): <prefix>pcap-sent.csv (every Mobile IP message a node sent out
of a captured device, with its extensions, read by the module's own parsers) and
<prefix>pcap-advertised.csv (every Prefix Advertisement from the Home Agent's ReplySent
trace, expanded). For the lead it also counts the malformed frames and expert errors over
all pcaps without the dissector (tshark's built-in Mobile IP dissector) and with it.

Exit code 77 (ctest: skipped) when tshark, mergecap or the dissector is missing.

Usage: check-pcaps.py --exe PATH [--exe PATH ...] [--plugin haaro.lua] [--workdir DIR]
Each program is recognised by its file name. Only the Python 3 standard library is used.
"""

import argparse
import csv
import glob
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

SKIP = 77

# Short runs of every program (the smoke runs of examples/CMakeLists.txt, shorter where
# that still exercises registration, prefix advertisement and route optimization), some
# with a second set of arguments: route optimization in UDP (the default), IP in IP and GRE
# tunnels, and behind a port-restricted and a symmetric NAT.
RUNS = {
    "haaro-wire-gallery": [["--prefix=wire"]],
    "haaro-nemo-basic": [["--duration=6", "--pcap=true", "--prefix=nemo"],
                         ["--duration=6", "--pcap=true", "--prefix=nemo", "--gre=true"]],
    "haaro-scenario-draft-example": [["--duration=7", "--pcap=true"],
                                     ["--duration=7", "--pcap=true", "--udp=false"],
                                     ["--duration=7", "--pcap=true", "--gre=true"]],
    "haaro-scenario-handover": [["--duration=14", "--pcap=true"]],
    "haaro-scenario-failover": [["--failAt=7", "--failFor=3", "--duration=12", "--pcap=true"]],
    "haaro-scenario-path-stretch": [["--sites=4", "--pairs=2", "--duration=5", "--warmup=4",
                                     "--pcap=true"]],
    "haaro-scenario-convergence": [["--sites=4", "--lifetime=10", "--joinWindow=3",
                                    "--lateJoins=1", "--lateJoinAt=6", "--duration=20",
                                    "--pcap=true"]],
    "haaro-scenario-nat-traversal": [["--duration=13", "--pcap=true"],
                                     ["--duration=13", "--pcap=true", "--mrNat=symmetric"]],
    "haaro-scenario-storm": [["--n=6", "--duration=10", "--lifetime=6", "--pcap=true"]],
}

RFC6521_TYPES = {24, 25, 26, 27}
RFC6521_EXTENSIONS = {153, 49, 50}
ERROR = 0x800000  # _ws.expert.severity of PI_ERROR
BAD = "_ws.malformed || _ws.expert.severity >= %d" % ERROR
SELECT = "haaro.msg_type || haaro.ext.type || " + BAD


def tshark(args, plugin=None):
    cmd = ["tshark", "-n"]
    if plugin:
        cmd += ["-X", "lua_script:" + plugin]
    r = subprocess.run(cmd + args, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit("FAIL: %s exited with %d:\n%s" % (" ".join(cmd + args), r.returncode,
                                                          r.stderr))
    return r.stdout


def read_csv(pattern, outdir):
    files = glob.glob(os.path.join(outdir, pattern))
    if len(files) != 1:
        raise SystemExit("FAIL: want one %s in %s, found %s (was --pcap on?)" %
                         (pattern, outdir, files))
    with open(files[0], newline="") as f:
        return list(csv.DictReader(f))


def fields(element, name):
    """Every field called name at or below element, in document order."""
    return [f for f in element.iter("field") if f.get("name") == name]


def show(field):
    s = field.get("show", "")
    return s[1:-1] if len(s) >= 2 and s[0] == s[-1] == '"' else s


def advertisement(pa):
    """The expanded content of one haaro.pa tree: [(router, prefix, len, realm)] in order."""
    rows = []
    for router in fields(pa, "haaro.pa.router"):
        prefixes = fields(router, "haaro.pa.prefix")
        if not prefixes:
            rows.append((show(router), "", "", ""))
        for p in prefixes:
            length = fields(p, "haaro.pa.prefix_len")
            realm = fields(p, "haaro.pa.realm")
            rows.append((show(router), show(p), show(length[0]) if length else "?",
                         show(realm[0]) if realm else ""))
    return tuple(rows)


class Decoded:
    """What tshark with the dissector decoded in the merged captures of one run."""

    def __init__(self, pdml, files):
        self.types = {f: set() for f in files}       # file -> message types
        self.extensions = {f: set() for f in files}  # file -> "type/subtype"
        self.ads = set()
        self.bad = []     # (file, merged frame number, why)
        self.errors = []  # dissector-internal inconsistencies
        for packet in ET.fromstring(pdml).iter("packet"):
            iface = fields(packet, "frame.interface_id")
            number = fields(packet, "frame.number")
            f = files[int(show(iface[0]).split()[0])] if iface else "?"
            n = show(number[0]) if number else "?"
            if fields(packet, "_ws.malformed") or any(
                    p.get("name") == "_ws.malformed" for p in packet.iter("proto")):
                self.bad.append((f, n, "malformed"))
            for sev in fields(packet, "_ws.expert.severity"):
                if int(sev.get("value", "0"), 16) >= ERROR:
                    msg = fields(packet, "_ws.expert.message")
                    self.bad.append((f, n, "expert error: " +
                                     "; ".join(show(m) for m in msg)))
            for t in fields(packet, "haaro.msg_type"):
                self.types.setdefault(f, set()).add(int(show(t), 0))
            for parent in packet.iter():  # an extension's type and sub-type are siblings
                kids = list(parent)
                ts = [int(show(k), 0) for k in kids if k.get("name") == "haaro.ext.type"]
                ss = [int(show(k), 0) for k in kids if k.get("name") == "haaro.ext.subtype"]
                if not ts or not set(ts) & RFC6521_EXTENSIONS:
                    continue  # (other extensions the dissector shows: TLVs such as 32)
                if len(ts) != len(ss):
                    self.errors.append("%s frame %s: %d haaro.ext.type but %d haaro.ext.subtype"
                                       % (f, n, len(ts), len(ss)))
                for t, s in zip(ts, ss):
                    self.extensions.setdefault(f, set()).add("%d/%d" % (t, s))
            for pa in fields(packet, "haaro.pa"):
                ad = advertisement(pa)
                self.ads.add(ad)
                for name, want in (("haaro.pa.routers", len(fields(pa, "haaro.pa.router"))),
                                   ("haaro.pa.prefixes", len(fields(pa, "haaro.pa.prefix")))):
                    got = fields(pa, name)
                    if not got or int(show(got[0]).split()[0]) != want:
                        self.errors.append("%s frame %s: %s %s, the tree has %d" % (
                            f, n, name, show(got[0]) if got else "missing", want))


def count_bad(merged, plugin=None):
    out = tshark(["-r", merged, "-Y", "_ws.malformed", "-T", "fields", "-e", "frame.number"],
                 plugin)
    malformed = len(out.split())
    out = tshark(["-r", merged, "-Y", "_ws.expert.severity >= %d" % ERROR, "-T", "fields",
                  "-e", "frame.number"], plugin)
    return malformed, len(out.split())


def explain(outdir, pcap, plugin):
    """The original frame numbers of the bad frames of one file, and tshark -V of the first."""
    path = os.path.join(outdir, pcap)
    numbers = tshark(["-r", path, "-Y", BAD, "-T", "fields", "-e", "frame.number"],
                     plugin).split()
    text = "  %s: frames %s\n" % (pcap, " ".join(numbers[:20]))
    if numbers:
        v = tshark(["-r", path, "-Y", "frame.number == " + numbers[0], "-V"], plugin)
        text += "    tshark -V of frame %s (last 40 lines):\n" % numbers[0]
        text += "".join("      " + l + "\n" for l in v.splitlines()[-40:])
    return text


def check_run(name, exe, args, workdir, plugin, totals):
    outdir = os.path.join(workdir, name)
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    cmd = [exe] + args + ["--outDir=" + outdir]
    start = time.time()
    r = subprocess.run(cmd, cwd=outdir, capture_output=True, text=True)
    if r.returncode != 0:
        sys.stdout.write(r.stdout + r.stderr)
        return ["%s exited with %d" % (" ".join(cmd), r.returncode)]
    print("%s: %s" % (name, " ".join(args)))
    elapsed = time.time() - start
    pcaps = sorted(os.path.basename(p) for p in glob.glob(os.path.join(outdir, "*.pcap")))
    if not pcaps:
        return ["%s wrote no pcap" % name]
    sent = read_csv("*pcap-sent.csv", outdir)
    advertised = read_csv("*pcap-advertised.csv", outdir)

    merged = os.path.join(outdir, "all.pcapng")
    m = subprocess.run(["mergecap", "-F", "pcapng", "-I", "none", "-w", merged] +
                       [os.path.join(outdir, p) for p in pcaps], capture_output=True, text=True)
    if m.returncode != 0:
        return ["mergecap failed: " + m.stderr]
    frames = len(tshark(["-r", merged, "-T", "fields", "-e", "frame.number"]).split())
    before = count_bad(merged)
    decoded = Decoded(tshark(["-r", merged, "-Y", SELECT, "-T", "pdml"], plugin), pcaps)
    after = (sum(1 for b in decoded.bad if b[2] == "malformed"),
             sum(1 for b in decoded.bad if b[2] != "malformed"))

    failures = []
    if decoded.bad:
        failures.append("%d bad frames with the dissector:\n%s" % (len(decoded.bad), "".join(
            explain(outdir, p, plugin) for p in sorted({b[0] for b in decoded.bad})[:3])))
    failures += decoded.errors

    # (a) what each device's node sent, decoded in that device's capture
    sent_types, sent_ext = {}, {}
    for row in sent:
        t = int(row["type"])
        if t in RFC6521_TYPES:
            sent_types.setdefault(row["pcap"], set()).add(t)
        for e in row["extensions"].split():
            if "/" in e and int(e.split("/")[0]) in RFC6521_EXTENSIONS:
                sent_ext.setdefault(row["pcap"], set()).add(e)
    for pcap in pcaps:
        for what, s, d in (("message types", sent_types, decoded.types),
                           ("extensions", sent_ext, decoded.extensions)):
            missing = s.get(pcap, set()) - d.get(pcap, set())
            if missing:
                failures.append("%s: RFC 6521 %s sent but not decoded under haaro.*: %s" %
                                (pcap, what, sorted(missing)))
    all_sent = set().union(*sent_types.values(), *sent_ext.values())
    all_decoded = set().union(*decoded.types.values(), *decoded.extensions.values())
    if all_decoded - all_sent:
        failures.append("decoded under haaro.* but never sent: %s" %
                        sorted(map(str, all_decoded - all_sent)))

    # (b) the advertisements: what the Home Agent sent, as decoded from the captures
    ads = {}
    for row in advertised:
        ads.setdefault(row["reply"], []).append(
            (row["router"], row["prefix"], row["prefix_len"], row["realm"]))
    recorded = {tuple(v) for v in ads.values()}
    for ad in sorted(recorded - decoded.ads):
        failures.append("advertised but not decoded: %s" % (ad,))
    for ad in sorted(decoded.ads - recorded):
        failures.append("decoded but never advertised: %s" % (ad,))

    print("%-30s %5.1fs %3d pcaps %6d frames | malformed %d -> %d, expert errors %d -> %d | "
          "sent %s | %d advertisements (%d distinct)" % (
              name, elapsed, len(pcaps), frames, before[0], after[0], before[1], after[1],
              " ".join(sorted(map(str, all_sent))) or "-", len(ads), len(recorded)))
    for i, v in enumerate((len(pcaps), frames) + before + after):
        totals[i] += v
    os.remove(merged)
    return ["%s: %s" % (name, f) for f in failures]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--exe", action="append", required=True, help="a program (repeat)")
    ap.add_argument("--plugin", default=os.path.join(here, "..", "wireshark", "haaro.lua"))
    ap.add_argument("--workdir", default="pcap-runs")
    a = ap.parse_args()
    for tool in ("tshark", "mergecap"):
        if not shutil.which(tool):
            print("%s not installed: pcap check skipped" % tool)
            return SKIP
    if not os.path.isfile(a.plugin):
        print("no dissector at %s: pcap check skipped" % a.plugin)
        return SKIP
    plugin = os.path.abspath(a.plugin)
    workdir = os.path.abspath(a.workdir)
    failures = []
    totals = [0] * 6
    for exe in a.exe:
        exe = os.path.abspath(exe)
        name = os.path.basename(exe)
        if name not in RUNS:
            failures.append("unknown program " + exe)
            continue
        for i, args in enumerate(RUNS[name]):
            run = name if i == 0 else "%s-%d" % (name, i + 1)
            failures += check_run(run, exe, args, workdir, plugin, totals)
    print("all: %d pcaps, %d frames; without the dissector %d malformed, %d expert errors; "
          "with it %d malformed, %d expert errors" % tuple(totals))
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
