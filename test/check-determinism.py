#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Determinism check for the haaro scenario programs.

Runs a scenario program twice with the same --RngRun, each time from its own empty
directory with --outDir=out (so that even the outDir parameter is the same), and compares
every output file (summary.json, events.csv, samples.csv, topology.json, the scenario
tables) byte for byte. Fails, printing the first differing line, when they differ or when
the two runs wrote different sets of files.

Then, for information, it runs once more with another --RngRun and reports which files
changed. The random streams drive return routability cookies, Kcr and nonces (not on any
output) and, unless the scenario pre-fills the ARP caches (--staticArp=true, the default),
ns-3's random ARP request jitter; so with the defaults only summary.json (its RngRun
parameter) is expected to change. The timing test (check-timing.py --rng-run) checks that
the protocol timing stays within tolerance for another run number.

Usage: check-determinism.py --exe PATH [--args "..."] [--workdir DIR] [--rng-run N]
Only the Python 3 standard library is used.
"""

import argparse
import os
import shlex
import shutil
import subprocess
import sys


def run(exe, args, workdir, rng_run):
    if os.path.isdir(workdir):
        shutil.rmtree(workdir)
    os.makedirs(workdir)
    cmd = [exe] + args + ["--outDir=out", f"--RngRun={rng_run}"]
    result = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        raise SystemExit(f"FAIL: {' '.join(cmd)} exited with {result.returncode}")
    out = os.path.join(workdir, "out")
    return out, sorted(f for f in os.listdir(out) if not f.endswith(".pcap"))


def first_difference(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        la, lb = fa.read().split(b"\n"), fb.read().split(b"\n")
    for n, (x, y) in enumerate(zip(la, lb), 1):
        if x != y:
            return n, x.decode(errors="replace"), y.decode(errors="replace")
    n = min(len(la), len(lb)) + 1
    return n, "(end of file)" if len(la) < len(lb) else "...", \
        "(end of file)" if len(lb) < len(la) else "..."


def identical(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--exe", required=True)
    parser.add_argument("--args", default="")
    parser.add_argument("--workdir", default=None)
    parser.add_argument("--rng-run", type=int, default=1)
    opts = parser.parse_args()
    exe = os.path.abspath(opts.exe)
    args = shlex.split(opts.args)
    base = opts.workdir or os.path.join(os.path.dirname(exe), "determinism-runs",
                                        os.path.basename(exe))
    out1, files1 = run(exe, args, os.path.join(base, "run-a"), opts.rng_run)
    out2, files2 = run(exe, args, os.path.join(base, "run-b"), opts.rng_run)
    print(f"{os.path.basename(exe)} {' '.join(args)} --RngRun={opts.rng_run}, twice")
    ok = True
    if files1 != files2:
        print(f"FAIL: the runs wrote different files: {files1} vs {files2}")
        ok = False
    for name in sorted(set(files1) & set(files2)):
        a, b = os.path.join(out1, name), os.path.join(out2, name)
        if identical(a, b):
            print(f"  identical: {name} ({os.path.getsize(a)} octets)")
        else:
            n, x, y = first_difference(a, b)
            print(f"FAIL: {name} differs, first at line {n}:\n    run a: {x}\n    run b: {y}")
            ok = False
    other = opts.rng_run + 1
    out3, files3 = run(exe, args, os.path.join(base, f"run-rng{other}"), other)
    changed = [f for f in files3 if f in files1 and not identical(os.path.join(out1, f),
                                                                   os.path.join(out3, f))]
    print(f"  with --RngRun={other}: "
          + (f"changed {', '.join(changed)}" if changed else "no file changed")
          + " (information only)")
    print("OK: byte-for-byte identical outputs" if ok else "FAIL: outputs differ between runs")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
