"""Load the outputs of the scenario programs (doc/results-format.md).

A *run directory* holds summary.json, events.csv, topology.json and optionally samples.csv
and the per-scenario tables (pairs.csv, convergence.csv, nat-matrix.csv, failover.csv).
A *sweep directory* (written by sweep.py) holds one run directory per parameter combination
and run number, each with a params.json, plus runs.csv.

Malformed input never raises: a bad row is skipped and a warning is recorded in
``warnings`` (shown in figures.md).
"""

import csv
import json
import math
import os
import re

EVENT_COLUMNS = ["time_s", "node", "event", "message", "src", "dst", "detail"]
TABLES = ("pairs", "convergence", "nat-matrix", "failover", "prefix-change")
IGNORED_PARAMS = ("RngRun", "RngSeed", "outDir", "pcap")


def parse_detail(text):
    """'a=1;leg=tunnel;solicit' -> ({'a': '1', 'leg': 'tunnel'}, ['solicit'])."""
    info, tags = {}, []
    for part in (text or "").split(";"):
        part = part.strip()
        if not part:
            continue
        if "=" in part:
            k, v = part.split("=", 1)
            info[k.strip()] = v.strip()
        else:
            tags.append(part)
    return info, tags


class Event:
    """One row of events.csv. index is the row number (ties in time keep emission order)."""

    __slots__ = ("time", "node", "event", "message", "src", "dst", "detail", "info", "tags",
                 "index")

    def __init__(self, time, node, event, message, src, dst, detail, index):
        self.time = time
        self.node = node
        self.event = event
        self.message = message
        self.src = src
        self.dst = dst
        self.detail = detail
        self.info, self.tags = parse_detail(detail)
        self.index = index

    @property
    def is_message(self):
        return self.event in ("tx", "rx") and bool(self.message)

    @property
    def leg(self):
        return self.info.get("leg", "")

    @property
    def path(self):
        """'via-ha' / 'direct' for DATA rows ('path=' key or a bare tag), else ''."""
        p = self.info.get("path", "")
        if p:
            return p
        for t in self.tags:
            if t in ("via-ha", "direct"):
                return t
        return ""

    def key(self):
        return (self.time, self.index)

    def __repr__(self):
        return "Event(%.9f %s %s %s %s->%s %s)" % (self.time, self.node, self.event,
                                                   self.message, self.src, self.dst,
                                                   self.detail)


def _to_value(text):
    """A CSV cell: float when numeric (NaN included), else the stripped string."""
    t = text.strip()
    if t == "":
        return ""
    try:
        return float(t)
    except ValueError:
        return t


def read_csv_rows(path, warnings, required=None):
    """Rows of a CSV file with a header as dicts of values (numbers as floats)."""
    rows = []
    try:
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None:
                warnings.append("%s: empty file" % path)
                return rows
            header = [h.strip() for h in header]
            missing = [c for c in (required or []) if c not in header]
            if missing:
                warnings.append("%s: missing columns %s" % (path, ",".join(missing)))
                return rows
            for lineno, rec in enumerate(reader, start=2):
                if not rec or all(not c.strip() for c in rec):
                    continue
                if len(rec) != len(header):
                    warnings.append("%s:%d: %d fields, expected %d (row skipped)" % (
                        path, lineno, len(rec), len(header)))
                    continue
                rows.append({h: _to_value(c) for h, c in zip(header, rec)})
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        warnings.append("%s: %s" % (path, e))
    return rows


def read_json(path, warnings):
    """A JSON file; bare nan/inf (printed by %g) are accepted. None when unreadable."""
    try:
        with open(path) as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        warnings.append("%s: %s" % (path, e))
        return None
    try:
        return json.loads(text)
    except ValueError:
        pass
    fixed = re.sub(r"(?<![\w\"])(-?)(nan|inf|infinity)(?![\w\"])",
                   lambda m: (m.group(1) + ("NaN" if m.group(2).lower() == "nan"
                                            else "Infinity")).replace("-NaN", "NaN"),
                   text, flags=re.IGNORECASE)
    try:
        return json.loads(fixed)
    except ValueError as e:
        warnings.append("%s: not valid JSON (%s)" % (path, e))
        return None


def read_events(path, warnings):
    """events.csv as a list of Event in (time, row) order."""
    events = []
    for i, row in enumerate(read_csv_rows(path, warnings, required=EVENT_COLUMNS)):
        t = row["time_s"]
        if not isinstance(t, float) or not math.isfinite(t):
            warnings.append("%s: row %d: bad time %r (row skipped)" % (path, i + 2, t))
            continue
        events.append(Event(t, str(row["node"]), str(row["event"]), str(row["message"]),
                            str(row["src"]), str(row["dst"]), str(row["detail"]), i))
    events.sort(key=Event.key)
    return events


class Run:
    """One run directory."""

    def __init__(self, path, warnings=None):
        self.path = os.path.abspath(path)
        self.warnings = warnings if warnings is not None else []
        self._events = None
        self._samples = None
        self._tables = {}
        self._topology = False
        self.summary = self._json("summary.json") or {}
        self.params_file = self._json("params.json") if self.has("params.json") else None
        self.params = dict(self.summary.get("params") or {})
        self.metrics = dict(self.summary.get("metrics") or {})
        if self.params_file:
            for k, v in (self.params_file.get("params") or {}).items():
                self.params.setdefault(k, v)

    def has(self, name):
        return os.path.isfile(os.path.join(self.path, name))

    def _json(self, name):
        p = os.path.join(self.path, name)
        if not os.path.isfile(p):
            return None
        d = read_json(p, self.warnings)
        if d is not None and not isinstance(d, dict):
            self.warnings.append("%s: expected a JSON object" % p)
            return None
        return d

    @property
    def scenario(self):
        s = self.summary.get("scenario")
        if not s and self.params_file:
            s = self.params_file.get("scenario")
        return str(s or os.path.basename(self.path))

    @property
    def run_number(self):
        """RngRun of this run (from summary.json or params.json), else 1."""
        v = self.params.get("RngRun")
        try:
            return int(float(v))
        except (TypeError, ValueError):
            return 1

    @property
    def events(self):
        if self._events is None:
            self._events = (read_events(os.path.join(self.path, "events.csv"), self.warnings)
                            if self.has("events.csv") else [])
        return self._events

    @property
    def topology(self):
        if self._topology is False:
            t = self._json("topology.json") if self.has("topology.json") else None
            if t is not None and not isinstance(t.get("nodes"), list):
                self.warnings.append("%s/topology.json: no node list" % self.path)
                t = None
            self._topology = t
        return self._topology

    @property
    def samples(self):
        if self._samples is None:
            self._samples = (read_csv_rows(os.path.join(self.path, "samples.csv"), self.warnings,
                                           required=["time_s", "flow", "seq", "delay_ms", "path"])
                             if self.has("samples.csv") else [])
        return self._samples

    def table(self, name):
        """Rows of <name>.csv ([] when the run has none)."""
        if name not in self._tables:
            p = os.path.join(self.path, name + ".csv")
            self._tables[name] = read_csv_rows(p, self.warnings) if os.path.isfile(p) else []
        return self._tables[name]

    def node_kinds(self):
        """name -> kind from topology.json, completed with guesses from the names in events."""
        kinds = {}
        topo = self.topology
        if topo:
            for n in topo.get("nodes", []):
                if isinstance(n, dict) and "name" in n:
                    kinds[str(n["name"])] = str(n.get("kind", ""))
        for e in self.events:
            for name in (e.node, e.src, e.dst):
                if name and name not in kinds:
                    kinds[name] = guess_kind(name)
        return kinds


def guess_kind(name):
    """Kind of a node from its scenario name (HA, MR-x, NODE-x, NAT-x, ISP-x) or ''."""
    n = name.upper()
    if n == "HA" or n.startswith("HA-"):
        return "ha"
    if n.startswith("MR"):
        return "mr"
    if n.startswith("NODE") or n.startswith("HOST") or n.startswith("CN"):
        return "host"
    if n.startswith("NAT"):
        return "nat"
    if re.match(r"^\d+\.\d+\.\d+\.\d+$", name):
        return "address"
    return "router" if name else ""


def is_run_dir(path):
    return os.path.isfile(os.path.join(path, "summary.json"))


def find_run_dirs(root):
    """Every run directory below root (root itself excluded), sorted by path."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "figures")
        if "summary.json" in filenames and os.path.abspath(dirpath) != os.path.abspath(root):
            found.append(dirpath)
            dirnames[:] = []
    return sorted(found, key=_natural_key)


def _natural_key(s):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", s)]


class Sweep:
    """A directory of run directories (sweep.py's output or any tree of runs)."""

    def __init__(self, path):
        self.path = os.path.abspath(path)
        self.warnings = []
        self.runs = [Run(d, self.warnings) for d in find_run_dirs(self.path)]
        rc = os.path.join(self.path, "runs.csv")
        self.runs_csv = read_csv_rows(rc, self.warnings) if os.path.isfile(rc) else []

    @property
    def scenario(self):
        names = sorted({r.scenario for r in self.runs})
        return ",".join(names) if names else os.path.basename(self.path)

    def varying_params(self):
        """Parameters (not RngRun/RngSeed) whose value differs between runs, in sweep order."""
        order, values = [], {}
        for r in self.runs:
            grid = list(((r.params_file or {}).get("params") or {}).keys())
            for k in grid + sorted(r.params):
                if k in IGNORED_PARAMS:
                    continue
                if k not in values:
                    order.append(k)
                    values[k] = set()
        for r in self.runs:
            for k in order:
                values[k].add(json.dumps(r.params.get(k), sort_keys=True))
        return [k for k in order if len(values[k]) > 1]

    def group_key(self, run, params=None):
        """The values of the varying parameters of a run, as a tuple."""
        params = self.varying_params() if params is None else params
        return tuple(run.params.get(k) for k in params)

    def representative(self):
        """The run whose sequence charts and timelines stand for the sweep (the first)."""
        return self.runs[0] if self.runs else None


def load(path):
    """A Run for a run directory, else a Sweep."""
    if is_run_dir(path):
        return Run(path)
    return Sweep(path)


def group_label(params, key):
    return ", ".join("%s=%s" % (p, _fmt(v)) for p, v in zip(params, key)) or "all runs"


def _fmt(v):
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def sort_value(v):
    """Sort key that orders numbers numerically and before strings."""
    if isinstance(v, bool):
        return (0, float(v), "")
    if isinstance(v, (int, float)):
        return (0, float(v), "")
    try:
        return (0, float(str(v)), "")
    except (TypeError, ValueError):
        return (1, 0.0, str(v))
