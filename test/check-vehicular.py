#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Metrics check of the vehicular scenario (issue 16 part 3).

Runs haaro-scenario-vehicular (default parameters unless --args says otherwise) and checks
its handovers.csv and samples.csv:

  * at least --min-handovers handovers, each with one row per direction (c_to_a, a_to_c);
  * the phases of each handover in order: the last beacon from the old AP before the link
    down, then association, the DHCP address and the Home Agent's acceptance; when return
    routability happened, it started after the address was acquired and ended before the
    registration with the correspondent router was sent, which was accepted afterwards;
  * traffic resumes: each direction receives datagrams after the registration with the HA
    and before the next handover;
  * a direct tunnel is rebuilt: each direction is back on a direct tunnel (not the lost
    care-of address) before the next handover, and the outage stays below --max-outage-ms.

Usage: check-vehicular.py --exe PATH [--args "..."] [--workdir DIR] [--min-handovers N]
Only the Python 3 standard library is used.
"""

import argparse
import csv
import math
import os
import shlex
import shutil
import subprocess
import sys


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def check_row(row, samples, errors):
    tag = "handover %s %s" % (row["handover"], row["flow"])
    order = ["onset_s", "link_down_s", "link_up_s", "address_s", "registered_s"]
    times = [num(row[k]) for k in order]
    for k, t in zip(order, times):
        if math.isnan(t):
            errors.append("%s: %s missing" % (tag, k))
    for (a, ta), (b, tb) in zip(zip(order, times), zip(order[1:], times[1:])):
        if not ta <= tb:
            errors.append("%s: %s (%s) after %s (%s)" % (tag, a, ta, b, tb))
    if row["rr"] != "absent":
        rr = [num(row[k]) for k in ("address_s", "rr_start_s", "rr_done_s", "cr_sent_s",
                                   "cr_accepted_s")]
        if not all(x <= y for x, y in zip(rr, rr[1:])):
            errors.append("%s: return routability / CR registration out of order: %s"
                          % (tag, rr))
    registered = times[-1]
    again = num(row["direct_again_s"])
    if math.isnan(again) or again < times[1]:
        errors.append("%s: no direct tunnel again after the link down" % tag)
    flow = {"c_to_a": "C->A", "a_to_c": "A->C"}[row["flow"]]
    end = num(row["window_end_s"])
    after = [t for t, f in samples if f == flow and registered < t < end]
    if not after:
        errors.append("%s: nothing received between the registration and the next handover"
                      % tag)
    return num(row["outage_ms"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", required=True)
    ap.add_argument("--args", default="")
    ap.add_argument("--workdir", default="vehicular-check")
    ap.add_argument("--min-handovers", type=int, default=3)
    ap.add_argument("--max-outage-ms", type=float, default=2000)
    a = ap.parse_args()
    shutil.rmtree(a.workdir, ignore_errors=True)
    os.makedirs(a.workdir)
    cmd = [os.path.abspath(a.exe), "--outDir=out"] + shlex.split(a.args)
    subprocess.run(cmd, cwd=a.workdir, check=True, stdout=subprocess.DEVNULL)
    out = os.path.join(a.workdir, "out")
    with open(os.path.join(out, "handovers.csv")) as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(out, "samples.csv")) as f:
        samples = [(float(r["time_s"]), r["flow"]) for r in csv.DictReader(f)]
    errors = []
    handovers = sorted({r["handover"] for r in rows}, key=int)
    if len(handovers) < a.min_handovers:
        errors.append("%d handovers, expected at least %d" % (len(handovers), a.min_handovers))
    for h in handovers:
        flows = sorted(r["flow"] for r in rows if r["handover"] == h)
        if flows != ["a_to_c", "c_to_a"]:
            errors.append("handover %s: rows for %s" % (h, flows))
    for row in rows:
        outage = check_row(row, samples, errors)
        if not outage < a.max_outage_ms:
            errors.append("handover %s %s: outage %s ms" % (row["handover"], row["flow"], outage))
    for e in errors:
        print("FAIL: " + e)
    print("%d handovers, %d rows checked: %s" % (len(handovers), len(rows),
                                                 "FAIL" if errors else "ok"))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
