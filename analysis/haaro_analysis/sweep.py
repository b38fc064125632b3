"""`./haaro sweep <scenario> --param=v1,v2 ... --runs=N --jobs=J [--scheduler ADDRESS]`.

Runs a scenario program over the cartesian product of the given parameter values, N runs
each (``--RngRun=1..N``), one directory per run::

    <out>/<param>=<v>,<param>=<v>/run-<k>/   params.json, log.txt and the program's outputs

The program is called as ``<program> --RngRun=<k> --outDir=<run dir> --<param>=<v> ...``
from inside the run directory, so runs are reproducible. A run whose summary.json exists is
skipped. At the end <out>/runs.csv gets one row per run directory below <out> (tidy: the
columns ``run``, the parameters, then every scalar metric of summary.json).

Runs go to ``--jobs`` local processes, or with ``--scheduler ADDRESS`` to the workers of a
Dask distributed cluster (Debian's python3-distributed). Dask workers call the same
function; they need the program and the output directory on a path they share with this
machine (same mount point).

This module uses only the standard library (Dask is imported for --scheduler only); its
run function is sent to Dask workers by value, so they need nothing of analysis/.
"""

import argparse
import concurrent.futures
import csv
import io
import itertools
import json
import math
import os
import re
import socket
import subprocess
import sys
import time

RESERVED = ("RngRun", "outDir")


def repo_root():
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def default_program(scenario):
    build = os.environ.get("HAARO_BUILD_DIR") or os.path.join(repo_root(), "build")
    return os.path.join(os.path.abspath(build), "examples", "haaro-scenario-" + scenario)


def _safe(text):
    """A parameter value as a path component (no separators, no leading dot)."""
    s = re.sub(r"[^A-Za-z0-9._+:=@%-]", "_", str(text))
    return s if not s.startswith(".") else "_" + s[1:]


def combo_dir(grid_items):
    """'a=1,b=x' for [(a, '1'), (b, 'x')]; '' for no parameters."""
    return ",".join("%s=%s" % (_safe(k), _safe(v)) for k, v in grid_items)


def make_tasks(scenario, program, grid, runs, out, timeout=None):
    """One task (a dict) per parameter combination and run number, in grid order."""
    names = [n for n, _ in grid]
    tasks = []
    for values in itertools.product(*[vals for _, vals in grid]):
        items = list(zip(names, values))
        sub = combo_dir(items)
        for k in range(1, runs + 1):
            d = os.path.join(out, sub, "run-%d" % k) if sub else os.path.join(out, "run-%d" % k)
            args = ["--RngRun=%d" % k] + ["--%s=%s" % (n, v) for n, v in items]
            tasks.append({
                "scenario": scenario,
                "program": program,
                "dir": d,
                "run": k,
                "params": dict(items),
                "args": args,
                "timeout": timeout,
            })
    return tasks


def _write_atomic(path, text):
    tmp = path + ".tmp-%d" % os.getpid()
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def run_one(task):
    """Run one scenario run in its directory (called locally or on a Dask worker).

    Returns a dict: dir, status ('ok', 'skipped', 'failed'), rc, seconds, host, pid, error.
    """
    d = task["dir"]
    result = {"dir": d, "status": "failed", "rc": None, "seconds": 0.0,
              "host": socket.gethostname(), "pid": os.getpid(), "error": ""}
    summary = os.path.join(d, "summary.json")
    if os.path.isfile(summary):
        result["status"] = "skipped"
        return result
    try:
        os.makedirs(d, exist_ok=True)
        params = {"scenario": task["scenario"], "run": task["run"], "params": task["params"],
                  "args": task["args"], "program": task["program"]}
        _write_atomic(os.path.join(d, "params.json"),
                      json.dumps(params, sort_keys=True, indent=2) + "\n")
    except OSError as e:
        result["error"] = "cannot prepare %s: %s" % (d, e)
        return result
    cmd = [task["program"], task["args"][0], "--outDir=" + d] + task["args"][1:]
    t0 = time.monotonic()
    try:
        with open(os.path.join(d, "log.txt"), "w") as log:
            p = subprocess.run(cmd, cwd=d, stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, timeout=task.get("timeout"))
        result["rc"] = p.returncode
        if p.returncode != 0:
            result["error"] = "exit code %d (see %s)" % (p.returncode,
                                                        os.path.join(d, "log.txt"))
        elif not os.path.isfile(summary):
            result["error"] = "the program wrote no summary.json"
        else:
            result["status"] = "ok"
    except subprocess.TimeoutExpired:
        result["error"] = "timed out after %s s" % task.get("timeout")
    except OSError as e:
        result["error"] = "cannot run %s: %s" % (task["program"], e)
    result["seconds"] = time.monotonic() - t0
    return result


def run_local(tasks, jobs, report):
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as ex:
        futures = [ex.submit(run_one, t) for t in tasks]
        for f in concurrent.futures.as_completed(futures):
            report(f.result())


def run_dask(tasks, address, report, connect_timeout=30):
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise SystemExit("--scheduler needs Dask's distributed package "
                         "(Debian: apt-get install python3-distributed)")
    try:
        import cloudpickle
        # workers do not have analysis/ on their path: send this module's code by value
        if __name__ != "__main__":
            cloudpickle.register_pickle_by_value(sys.modules[__name__])
    except (ImportError, AttributeError, ValueError):
        pass
    client = Client(address, timeout=connect_timeout)
    try:
        futures = [client.submit(run_one, t, pure=False) for t in tasks]
        for f in as_completed(futures):
            try:
                report(f.result())
            except Exception as e:  # a worker died or the task could not run
                report({"dir": "?", "status": "failed", "rc": None, "seconds": 0.0,
                        "host": "?", "pid": 0, "error": "dask: %s" % e})
    finally:
        client.close()


# ---------------------------------------------------------------- runs.csv

def _flatten(prefix, value, out):
    if isinstance(value, dict):
        for k in sorted(value):
            _flatten("%s.%s" % (prefix, k) if prefix else str(k), value[k], out)
    elif isinstance(value, (list, tuple)):
        return
    else:
        out[prefix] = value


def _cell(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    return str(v)


def _load_json(path):
    """JSON that may contain bare nan/inf (as printed by %g)."""
    with open(path) as f:
        text = f.read()
    try:
        return json.loads(text)
    except ValueError:
        fixed = re.sub(r"(?<![\w\"])(-?)(nan|infinity|inf)(?![\w\"])",
                       lambda m: "NaN" if m.group(2).lower() == "nan"
                       else m.group(1) + "Infinity", text, flags=re.IGNORECASE)
        return json.loads(fixed)


def _sort_key(v):
    try:
        return (0, float(v), "")
    except (TypeError, ValueError):
        return (1, 0.0, str(v))


def collect_runs(out):
    """[(run dir, params.json dict, summary.json dict)] for every finished run below out."""
    found = []
    for dirpath, dirnames, filenames in os.walk(out):
        dirnames.sort()
        if "summary.json" in filenames and os.path.abspath(dirpath) != os.path.abspath(out):
            try:
                summary = _load_json(os.path.join(dirpath, "summary.json"))
            except (OSError, ValueError) as e:
                print("sweep: skipping %s: unreadable summary.json (%s)" % (dirpath, e),
                      file=sys.stderr)
                continue
            params = {}
            if "params.json" in filenames:
                try:
                    params = _load_json(os.path.join(dirpath, "params.json"))
                except (OSError, ValueError):
                    params = {}
            if isinstance(summary, dict):
                found.append((dirpath, params if isinstance(params, dict) else {}, summary))
            dirnames[:] = []
    return found


def run_records(out, grid_names=()):
    """Every finished run below out with its typed values, the form runs.csv and the data
    frames (frames.py) are made from: (grid, params, metrics, records), where grid lists
    the swept parameters (grid_names first, then those of params.json), params every
    parameter column (the swept ones first, then the others sorted), metrics the flattened
    metric names (sorted) and records one (run dir, run, {param: value}, {metric: value})
    per run directory. The program's own (typed) parameter values win over params.json's."""
    runs = collect_runs(out)
    grid_cols = list(grid_names)
    for _, pj, _ in runs:
        for k in (pj.get("params") or {}):
            if k not in grid_cols and k not in RESERVED:
                grid_cols.append(k)
    other_params, metric_names = set(), set()
    records = []
    for d, pj, sj in runs:
        params = {}
        for k, v in (pj.get("params") or {}).items():
            params[k] = v
        for k, v in (sj.get("params") or {}).items():
            if isinstance(v, (dict, list)):
                continue
            params[k] = v  # the program's own (typed) value wins
        metrics = {}
        _flatten("", sj.get("metrics") or {}, metrics)
        run = params.get("RngRun", pj.get("run"))
        for k in params:
            if k not in grid_cols and k not in RESERVED:
                other_params.add(k)
        metric_names.update(metrics)
        records.append((d, run, params, metrics))
    return grid_cols, grid_cols + sorted(other_params), sorted(metric_names), records


def metric_column(name, param_cols):
    """The column of a metric: its name, or 'metric.<name>' when a parameter (or run) has it."""
    return "metric." + name if name in param_cols or name == "run" else name


def runs_table(out, grid_names=()):
    """The header and rows of runs.csv for every finished run below out."""
    grid_cols, param_cols, metric_cols, records = run_records(out, grid_names)
    header = ["run"] + param_cols + [metric_column(m, param_cols) for m in metric_cols]
    rows = []
    for _, run, params, metrics in records:
        rows.append([_cell(run)] + [_cell(params.get(p)) for p in param_cols]
                    + [_cell(metrics.get(m)) for m in metric_cols])
    ncols = len(grid_cols)
    rows.sort(key=lambda r: [_sort_key(c) for c in r[1:1 + ncols]] + [_sort_key(r[0])])
    return header, rows


def write_runs_csv(out, grid_names=()):
    header, rows = runs_table(out, grid_names)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path = os.path.join(out, "runs.csv")
    _write_atomic(path, buf.getvalue())
    return path, len(rows)


# ---------------------------------------------------------------- command line

def parse(argv):
    ap = argparse.ArgumentParser(
        prog="./haaro sweep", allow_abbrev=False,
        description="Run a scenario over a parameter grid, N runs each, in parallel; one "
                    "directory per run; skips finished runs; writes <out>/runs.csv.",
        epilog="Every other --NAME=V1,V2,... is a scenario parameter to sweep (the cartesian "
               "product of all of them is run).")
    ap.add_argument("scenario", help="scenario name (haaro-scenario-<name>), e.g. handover")
    ap.add_argument("--runs", type=int, default=1, help="runs per combination: RngRun=1..N")
    ap.add_argument("--jobs", type=int,
                    default=int(os.environ.get("HAARO_JOBS") or os.cpu_count() or 1),
                    help="local parallel runs (default: HAARO_JOBS or the number of cores)")
    ap.add_argument("--scheduler", metavar="ADDRESS",
                    help="run on this Dask scheduler (tcp://host:port) instead of locally")
    ap.add_argument("--out", help="output directory (default: results/sweep-<scenario>)")
    ap.add_argument("--program", help="scenario binary (default: "
                    "$HAARO_BUILD_DIR/examples/haaro-scenario-<scenario>)")
    ap.add_argument("--timeout", type=float, default=None, help="seconds allowed per run")
    ap.add_argument("--dry-run", action="store_true", help="print the commands, run nothing")
    args, rest = ap.parse_known_args(argv)
    grid = []
    for a in rest:
        m = re.match(r"^--([A-Za-z_][\w.:-]*)=(.*)$", a)
        if not m:
            ap.error("unexpected argument %r (scenario parameters are --NAME=V1,V2,...)" % a)
        name, values = m.group(1), [v for v in m.group(2).split(",")]
        if name in RESERVED:
            ap.error("--%s is set by the sweep itself" % name)
        if any(n == name for n, _ in grid):
            ap.error("parameter --%s given twice" % name)
        if not values or any(v == "" for v in values):
            ap.error("empty value in --%s" % name)
        grid.append((name, values))
    if args.runs < 1:
        ap.error("--runs must be >= 1")
    if args.scenario.startswith("haaro-scenario-"):
        args.scenario = args.scenario[len("haaro-scenario-"):]
    return args, grid


def main(argv=None):
    args, grid = parse(sys.argv[1:] if argv is None else argv)
    out = os.path.abspath(args.out or os.path.join("results", "sweep-" + args.scenario))
    program = os.path.abspath(args.program or default_program(args.scenario))
    tasks = make_tasks(args.scenario, program, grid, args.runs, out, args.timeout)
    todo = [t for t in tasks if not os.path.isfile(os.path.join(t["dir"], "summary.json"))]
    skipped = len(tasks) - len(todo)
    if args.dry_run:
        for t in todo:
            print(" ".join([program, t["args"][0], "--outDir=" + t["dir"]] + t["args"][1:]))
        print("%d runs, %d to do, %d done already" % (len(tasks), len(todo), skipped))
        return 0
    if todo and not os.access(program, os.X_OK):
        print("sweep: no executable scenario program %s (build it with ./haaro build, or "
              "give --program)" % program, file=sys.stderr)
        return 2
    os.makedirs(out, exist_ok=True)
    where = ("Dask scheduler %s" % args.scheduler) if args.scheduler else (
        "%d local job%s" % (args.jobs, "s" if args.jobs != 1 else ""))
    print("sweep %s: %d runs (%d parameter combination(s) x %d), %d done already, %d to run on %s"
          % (args.scenario, len(tasks), len(tasks) // args.runs, args.runs, skipped,
             len(todo), where), flush=True)
    results = []

    def report(r):
        results.append(r)
        rel = os.path.relpath(r["dir"], out) if r["dir"] != "?" else "?"
        line = "[%d/%d] %-7s %s (%.1f s, %s)" % (len(results), len(todo), r["status"], rel,
                                                 r["seconds"], r["host"])
        if r["error"]:
            line += ": " + r["error"]
        print(line, flush=True)

    if todo:
        if args.scheduler:
            run_dask(todo, args.scheduler, report)
        else:
            run_local(todo, args.jobs, report)
    failed = [r for r in results if r["status"] == "failed"]
    path, nrows = write_runs_csv(out, [n for n, _ in grid])
    print("%d ran, %d skipped (done before), %d failed; %s: %d runs" % (
        sum(1 for r in results if r["status"] == "ok"),
        skipped + sum(1 for r in results if r["status"] == "skipped"), len(failed), path,
        nrows))
    return 1 if failed else 0
