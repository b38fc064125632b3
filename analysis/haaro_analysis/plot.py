"""`./haaro plot <dir>`: draw every figure that a run or sweep directory's files allow.

Writes <dir>/figures/<name>.png and .pdf and <dir>/figures/figures.md (what each figure
shows). Sequence charts, the topology and the timeline come from one run (for a sweep, the
first run directory, named in the figure titles); the statistical figures use every run.
"""

import argparse
import os
import sys
import traceback

from . import (convergence, failover, msc, nat, prefix_change, results, storm, stretch, sweeps,
               topology, vehicular)
from .figures import FigureWriter


def _guard(writer, what, errors, fn, *args):
    try:
        fn(*args)
    except Exception:  # a bug, not bad input: report it, draw the rest, fail at the end
        traceback.print_exc()
        errors.append(what)
        writer.note("%s: failed with an internal error (see the plot command's output)" % what)


def _charts(writer, run, note):
    legs = msc.pair_legs(run.events)
    specs = msc.detect_charts(run)
    if run.events and not specs:
        writer.note("events.csv of %s holds no registration, return routability or "
                    "handover exchange: no sequence chart" % (note or "the run"))
    for spec in specs:
        fig = msc.draw_chart(run, spec, legs, source_note=note)
        writer.save(fig, "msc-" + spec.fig_id, spec.title, spec.description + _from(note),
                    tight=False)


def _from(note):
    return " Drawn from the sweep's %s (the first run directory)." % note if note else ""


# F1 is drawn for networks up to this size (the storm scenario's thousands of routers
# would take minutes and show nothing).
MAX_TOPOLOGY_NODES = 400


def _topology(writer, run, note):
    topo = run.topology
    if not topo:
        return
    if len(topo["nodes"]) > MAX_TOPOLOGY_NODES:
        writer.note("F1 (topology) not drawn: %d nodes, more than %d would not be readable"
                    % (len(topo["nodes"]), MAX_TOPOLOGY_NODES))
        return
    title = "F1: network of the %s scenario" % run.scenario
    if note:
        title += " (" + note + ")"
    fig = topology.draw_topology(topo, title)
    if fig is None:
        return
    writer.save(fig, "topology-f1", "F1: topology",
                "The simulated network from topology.json, drawn like RFC 6521 figure F1 "
                "(the virtual operator): the Home Agent on top, then every node on the layer "
                "of its hop distance from the HA (peering point, ISPs, NATs, mobile routers, "
                "hosts); links styled by kind and labelled with their one-way delay. %s.%s"
                % (topology.describe(topo), _from(note)))


def plot_dir(path, formats=("png", "pdf")):
    """Draw everything for path; returns (figures.md path, number of internal errors)."""
    writer = FigureWriter(os.path.join(path, "figures"), path, formats)
    errors = []
    if storm.is_storm_dir(path):  # haaro-scale-bench --out (one run, or one per lever)
        _guard(writer, "registration storm", errors, storm.plot, writer, path)
        return writer.write_index(), writer, errors
    data = results.load(path)
    if isinstance(data, results.Run):
        runs, params, rep, note = [data], [], data, ""
    else:
        runs, params, rep = data.runs, data.varying_params(), data.representative()
        note = ("run %s" % os.path.relpath(rep.path, data.path)) if rep else ""
        if not runs:
            writer.note("no run directory (with a summary.json) below %s" % path)
    if rep is not None:
        _guard(writer, "sequence charts", errors, _charts, writer, rep, note)
        _guard(writer, "topology", errors, _topology, writer, rep, note)
        _guard(writer, "timeline", errors, failover.plot_timeline, writer, rep, "timeline",
               note)
        _guard(writer, "vehicular handovers", errors, vehicular.plot_breakdown, writer, rep,
               note)
    _guard(writer, "path stretch", errors, stretch.plot, writer, runs, params)
    _guard(writer, "convergence", errors, convergence.plot, writer, runs, params)
    _guard(writer, "prefix change", errors, prefix_change.plot, writer, runs, params)
    _guard(writer, "NAT matrix", errors, nat.plot, writer, runs, params)
    _guard(writer, "failover", errors, failover.plot_outages, writer, runs, params)
    _guard(writer, "vehicular sweep", errors, vehicular.plot_sweep, writer, runs, params)
    _guard(writer, "registration storm", errors, storm.plot_results, writer, runs, params)
    _guard(writer, "sweep metrics", errors, sweeps.plot, writer, runs, params)
    warnings = data.warnings if data is not None else []
    for w in warnings[:50]:
        writer.note("input: " + w)
    if len(warnings) > 50:
        writer.note("input: %d more warnings" % (len(warnings) - 50))
    return writer.write_index(), writer, errors


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="./haaro plot",
        description="Draw the figures of a scenario run directory or a sweep directory "
                    "into <dir>/figures/ (PNG and PDF) with a figures.md index.")
    ap.add_argument("dir", help="a run directory (with summary.json), a sweep directory, or "
                                "haaro-scale-bench --out directories (storm.csv)")
    ap.add_argument("--formats", default="png,pdf",
                    help="comma-separated output formats (default: png,pdf)")
    args = ap.parse_args(argv)
    if not os.path.isdir(args.dir):
        ap.error("no such directory: %s" % args.dir)
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    index, writer, errors = plot_dir(args.dir, formats)
    for name, title, _, files in writer.entries:
        print("%-34s %s" % (name, title))
    print("wrote %d figures and %s" % (len(writer.entries), index))
    for n in writer.notes:
        print("note: " + n, file=sys.stderr)
    return 1 if errors else 0
