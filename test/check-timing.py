#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Protocol-timing regression check for the haaro scenario programs.

Runs a scenario program (examples/haaro-scenario-<name>), extracts the KEY protocol events
from its events.csv (registrations, advertisements, return routability done, route
optimization accepted, the first data packet on each path, fallbacks, failovers, care-of
address changes, ...) and compares them with a golden file test/golden/<name>.timing:

  * the same events must appear in the same order (an event that appears, disappears or
    changes order fails, with a readable diff);
  * each time may move by at most the tolerance (default 1 ms absolute: the simulation is
    deterministic, so only real protocol-timing changes move an event by more; sub-ms
    changes such as a few octets more on a 10 Mb/s link, 0.8 us per octet, pass).

Golden file format (plain text; '#' lines are the header):

  # scenario: draft-example           the program is haaro-scenario-<scenario>
  # args: --duration=8                the arguments it is run with
  # tolerance_ms: 1                   optional, overrides --tolerance-ms
  # key-events: nat-mapping,...       optional, added to the default key events
  <time_s> <node> <event> <message|-> <peer|-> <qualifier|->

Usage:
  check-timing.py --exe PATH --golden FILE [--workdir DIR] [--rng-run N]
  check-timing.py --exe PATH --golden FILE --regold [--args "..."] [--scenario NAME]

Exit status 0 when the run matches the golden file (or it was rewritten), 1 otherwise.
Only the Python 3 standard library is used.
"""

import argparse
import csv
import difflib
import os
import shlex
import shutil
import subprocess
import sys

# State events that are part of the protocol timing (see doc/results-format.md).
DEFAULT_KEY_EVENTS = [
    "registered",
    "registration-denied",
    "advertisement",
    "solicit",
    "rr-done",
    "ro-accepted",
    "ro-rejected",
    "ro-setup",
    "tunnel-verified",
    "fallback",
    "failover",
    "coa-change",
    "uplink-down",
    "uplink-up",
    "nat-mapping",
    "move",
    "link-failure",
    "link-recovery",
]
DEFAULT_TOLERANCE_MS = 1.0


def parse_header(path):
    """Returns the header fields of a golden file (scenario, args, tolerance_ms, key-events)."""
    header = {}
    if not os.path.exists(path):
        return header
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                continue
            body = line[1:].strip()
            if ":" in body:
                key, value = body.split(":", 1)
                header[key.strip()] = value.strip()
    return header


def read_golden(path):
    """Returns the golden events as a list of (time_s, identity tuple)."""
    events = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            fields = line.split()
            if len(fields) != 6:
                raise SystemExit(f"{path}:{number}: expected 6 fields, got: {line}")
            events.append((float(fields[0]), tuple(fields[1:])))
    return events


def field(value):
    """A golden-file field: no spaces, '-' when empty."""
    value = (value or "").strip()
    return value.replace(" ", "+") if value else "-"


def detail_value(detail, key):
    """The value of key=... in a ';' separated detail column, or ''."""
    for part in detail.split(";"):
        if part.startswith(key + "="):
            return part[len(key) + 1 :]
    return ""


def key_events(events_csv, key_names):
    """Extracts the key events of an events.csv as (time_s, identity) pairs, in file order."""
    out = []
    with open(events_csv, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            event, message, detail = row["event"], row["message"], row["detail"]
            if message == "DATA":
                if event != "tx":
                    continue  # the sending router's view: the first packet on each path
                identity = (row["node"], "tx", "DATA", f'{row["src"]}>{row["dst"]}', detail)
            elif not message and event in key_names:
                qualifier = ""
                if event == "advertisement":
                    qualifier = detail_value(detail, "learned")
                elif event == "ro-accepted":
                    qualifier = detail_value(detail, "role")
                elif event in ("uplink-down", "uplink-up"):
                    qualifier = detail_value(detail, "state")
                elif event == "failover":
                    qualifier = "to=" + detail_value(detail, "to")
                # The other party: the destination column, or the source when the
                # destination is the node itself (an advertisement comes from the HA).
                peer = row["dst"] if row["dst"] != row["node"] else row["src"]
                identity = (row["node"], event, "-", peer, qualifier)
            else:
                continue
            out.append((float(row["time_s"]), tuple(field(x) for x in identity)))
    return out


def line_of(time_s, identity):
    return f"{time_s:.9f} " + " ".join(identity)


def run_scenario(exe, args, workdir, rng_run):
    """Runs the program in a fresh workdir with --outDir=out; returns the events.csv path."""
    if os.path.isdir(workdir):
        shutil.rmtree(workdir)
    os.makedirs(workdir)
    cmd = [exe] + args + ["--outDir=out"]
    if rng_run is not None:
        cmd.append(f"--RngRun={rng_run}")
    result = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        raise SystemExit(f"FAIL: {' '.join(cmd)} exited with {result.returncode}")
    return os.path.join(workdir, "out", "events.csv")


def write_golden(path, scenario, args, tolerance_ms, extra_keys, events):
    with open(path, "w", encoding="utf-8") as f:
        f.write("# haaro protocol-timing golden file, checked by test/check-timing.py;\n")
        f.write("# rewrite it on purpose with ./haaro regold (and review the diff).\n")
        f.write(f"# scenario: {scenario}\n")
        f.write(f"# args: {' '.join(args)}\n")
        f.write(f"# tolerance_ms: {tolerance_ms:g}\n")
        if extra_keys:
            f.write(f"# key-events: {','.join(extra_keys)}\n")
        f.write("# time_s node event message peer qualifier\n")
        for time_s, identity in events:
            f.write(line_of(time_s, identity) + "\n")


def compare(golden, current, tolerance_ms, golden_path):
    """Prints a readable report; returns True when current matches golden."""
    g_ids = [" ".join(identity) for _, identity in golden]
    c_ids = [" ".join(identity) for _, identity in current]
    if g_ids != c_ids:
        print(f"FAIL: the key events differ from {golden_path} "
              "(an event appeared, disappeared or changed order):")
        g_lines = [line_of(t, i) for t, i in golden]
        c_lines = [line_of(t, i) for t, i in current]
        matcher = difflib.SequenceMatcher(a=g_ids, b=c_ids, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            for line in g_lines[i1:i2]:
                print(f"  - {line}")
            for line in c_lines[j1:j2]:
                print(f"  + {line}")
        print("  (- golden, + this run)")
        return False
    worst = 0.0
    moved = []
    for (g_t, identity), (c_t, _) in zip(golden, current):
        delta_ms = (c_t - g_t) * 1e3
        worst = max(worst, abs(delta_ms))
        if abs(delta_ms) > tolerance_ms:
            moved.append((g_t, c_t, delta_ms, identity))
    if moved:
        print(f"FAIL: {len(moved)} of {len(golden)} key events moved by more than "
              f"{tolerance_ms:g} ms:")
        for g_t, c_t, delta_ms, identity in moved:
            print(f"  {' '.join(identity)}: {g_t:.9f} -> {c_t:.9f} ({delta_ms:+.3f} ms)")
        return False
    print(f"OK: {len(golden)} key events in the same order, largest time difference "
          f"{worst:.6f} ms (tolerance {tolerance_ms:g} ms)")
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--exe", required=True, help="the scenario program")
    parser.add_argument("--golden", required=True, help="test/golden/<scenario>.timing")
    parser.add_argument("--workdir", help="where to run (default: a directory next to the exe)")
    parser.add_argument("--rng-run", type=int, default=None, help="--RngRun for the run")
    parser.add_argument("--tolerance-ms", type=float, default=None,
                        help=f"allowed time difference (default {DEFAULT_TOLERANCE_MS:g} ms)")
    parser.add_argument("--regold", action="store_true", help="rewrite the golden file")
    parser.add_argument("--args", default=None,
                        help="scenario arguments (regold; default: the golden file's)")
    parser.add_argument("--scenario", default=None, help="scenario name (regold)")
    opts = parser.parse_args()

    header = parse_header(opts.golden)
    scenario = opts.scenario or header.get("scenario") or \
        os.path.splitext(os.path.basename(opts.golden))[0]
    args = shlex.split(opts.args if opts.args is not None else header.get("args", ""))
    tolerance_ms = opts.tolerance_ms if opts.tolerance_ms is not None else \
        float(header.get("tolerance_ms", DEFAULT_TOLERANCE_MS))
    extra_keys = [k for k in header.get("key-events", "").split(",") if k]
    key_names = set(DEFAULT_KEY_EVENTS) | set(extra_keys)
    workdir = opts.workdir or os.path.join(os.path.dirname(os.path.abspath(opts.exe)),
                                           "timing-runs", scenario)
    if opts.rng_run is not None:
        workdir += f"-run{opts.rng_run}"

    events_csv = run_scenario(os.path.abspath(opts.exe), args, workdir, opts.rng_run)
    current = key_events(events_csv, key_names)
    if opts.regold:
        os.makedirs(os.path.dirname(os.path.abspath(opts.golden)), exist_ok=True)
        old = read_golden(opts.golden) if os.path.exists(opts.golden) else None
        write_golden(opts.golden, scenario, args, tolerance_ms, extra_keys, current)
        if old is not None and [i for _, i in old] == [i for _, i in current] and all(
                abs(a[0] - b[0]) * 1e3 <= tolerance_ms for a, b in zip(old, current)):
            print(f"regold {opts.golden}: {len(current)} key events, unchanged within "
                  f"{tolerance_ms:g} ms")
        else:
            print(f"regold {opts.golden}: {len(current)} key events written "
                  f"({'new file' if old is None else 'CHANGED: review the diff'})")
        return 0
    if not os.path.exists(opts.golden):
        print(f"FAIL: no golden file {opts.golden} (create it with ./haaro regold)")
        return 1
    print(f"{scenario}: {' '.join([os.path.basename(opts.exe)] + args)}"
          + (f" --RngRun={opts.rng_run}" if opts.rng_run is not None else ""))
    return 0 if compare(read_golden(opts.golden), current, tolerance_ms, opts.golden) else 1


if __name__ == "__main__":
    sys.exit(main())
