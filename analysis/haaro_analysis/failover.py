"""Failover outages (failover.csv) and delay/path timelines (samples.csv + events.csv).

failover.csv has one row per detector setting: the failure detector (``detector``), its
parameter (``param_s``: probe interval, keepalive period, ...) and the measured outage and
lost packets on the path through the HA and on the route-optimized path.

The timeline shows every received datagram of samples.csv (one-way delay against time,
coloured by path), the datagrams lost (gaps in seq) and the state changes of events.csv
(uplink down/up, failover, fallback, care-of address change, tunnels) as vertical lines.
"""

import math

from .aggregate import groups
from .figures import plt
from .stats import mean_ci, to_float

PATH_COLORS = {"via-ha": "#d62728", "direct": "#1f77b4"}
TIMELINE_EVENTS = {
    "uplink-down": "#d62728", "uplink-up": "#2ca02c", "failover": "#ff7f0e",
    "fallback": "#8c564b", "coa-change": "#9467bd", "tunnel-up": "#17becf",
    "tunnel-down": "#7f7f7f", "ro-accepted": "#1f77b4", "ro-rejected": "#e377c2",
}
MAX_EVENT_LINES = 40


def plot_outages(writer, runs, params):
    runs = [r for r in runs if r.table("failover")]
    if not runs:
        return
    rows = [(r, row) for r in runs for row in r.table("failover")]
    detectors = sorted({str(row.get("detector")) for _, row in rows})
    series = [("outage_ha_s", "lost_ha", "via the HA", "-"),
              ("outage_ro_s", "lost_ro", "route optimized", "--")]
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
    for gi, (gkey, glabel, gruns) in enumerate(groups(runs, params)):
        for di, det in enumerate(detectors):
            color = colors[(di + gi * len(detectors)) % len(colors)]
            for ax, idx in ((axes[0], 0), (axes[1], 1)):
                for out_col, lost_col, pname, ls in series:
                    col = out_col if idx == 0 else lost_col
                    by_param = {}
                    for r in gruns:
                        for row in r.table("failover"):
                            if str(row.get("detector")) != det:
                                continue
                            by_param.setdefault(to_float(row.get("param_s")), []).append(
                                to_float(row.get(col)))
                    xs = sorted(p for p in by_param if math.isfinite(p))
                    if not xs:
                        continue
                    ss = [mean_ci(by_param[x]) for x in xs]
                    label = "%s, %s" % (det, pname)
                    if len(params) and len(groups(runs, params)) > 1:
                        label += " (%s)" % glabel
                    ax.errorbar(xs, [s.mean for s in ss],
                                yerr=[s.half if s.half == s.half else 0.0 for s in ss],
                                color=color, ls=ls, marker="o", ms=3.5, capsize=3, label=label)
    axes[0].set_ylabel("outage (s)")
    axes[1].set_ylabel("lost packets")
    for ax in axes:
        ax.set_xlabel("detector parameter param_s (s)")
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=6.5)
    fig.suptitle("Failover: outage and loss per failure detector (%d run%s)" % (
        len(runs), "s" if len(runs) > 1 else ""))
    fig.tight_layout()
    writer.save(fig, "failover-outage", "Failover outage per detector",
                "From failover.csv: the outage (left) and the packets lost (right) after an "
                "uplink failure, against the failure detector's parameter, for traffic "
                "through the Home Agent (solid) and route-optimized traffic (dashed), one "
                "colour per detector. Points: means over runs; bars: 95 % Student-t "
                "confidence intervals over runs (none with a single run).")


def _lost(samples):
    """(flow, seq) gaps: list of (flow, seq, estimated time) for datagrams never received."""
    by_flow = {}
    for s in samples:
        by_flow.setdefault(str(s.get("flow")), []).append(s)
    lost = []
    for flow, rows in by_flow.items():
        rows = sorted(rows, key=lambda s: to_float(s.get("seq")))
        for a, b in zip(rows, rows[1:]):
            sa, sb = to_float(a.get("seq")), to_float(b.get("seq"))
            ta, tb = to_float(a.get("time_s")), to_float(b.get("time_s"))
            if not (math.isfinite(sa) and math.isfinite(sb)) or sb - sa <= 1:
                continue
            n = int(sb - sa) - 1
            for k in range(1, n + 1):
                lost.append((flow, int(sa) + k, ta + (tb - ta) * k / (n + 1)))
    return lost


def plot_timeline(writer, run, name="timeline", note=""):
    """Delay and path of every datagram against time, with the run's state changes."""
    samples = run.samples
    if not samples:
        return
    flows = sorted({str(s.get("flow")) for s in samples})
    fig, axes = plt.subplots(len(flows), 1, figsize=(10, 2.3 * len(flows) + 0.8),
                             sharex=True, squeeze=False)
    lost = _lost(samples)
    t_all = [to_float(s.get("time_s")) for s in samples]
    finite = [t for t in t_all if math.isfinite(t)]
    if not finite:
        plt.close(fig)
        return
    x0, x1 = min(finite) - 0.2, max(finite) + 0.2
    events = [e for e in run.events if e.event in TIMELINE_EVENTS and x0 <= e.time <= x1]
    shown_events = events[:MAX_EVENT_LINES]
    for ax, flow in zip(axes[:, 0], flows):
        rows = [s for s in samples if str(s.get("flow")) == flow]
        for path in sorted({str(s.get("path")) for s in rows}):
            pr = [s for s in rows if str(s.get("path")) == path]
            ax.plot([to_float(s.get("time_s")) for s in pr],
                    [to_float(s.get("delay_ms")) for s in pr], ls="none", marker=".", ms=3,
                    color=PATH_COLORS.get(path, "#555555"), label="received, path %s" % path)
        fl = [x for x in lost if x[0] == flow]
        if fl:
            ymin = min(to_float(s.get("delay_ms")) for s in rows)
            ax.plot([x[2] for x in fl], [ymin * 0.85] * len(fl), ls="none", marker="x",
                    ms=4, color="black", label="lost (gap in seq): %d" % len(fl))
        for e in shown_events:
            ax.axvline(e.time, color=TIMELINE_EVENTS[e.event], lw=0.9, ls="--", alpha=0.8)
        ax.set_ylabel("one-way delay (ms)")
        ax.set_title("flow %s" % flow, fontsize=8, loc="left")
        ax.grid(alpha=0.3)
        ax.legend(loc="upper right", fontsize=6.5)
    # label the lines on top; events closer than 2 % of the time axis share one label
    top = axes[0, 0]
    clusters = []
    for e in shown_events:
        if clusters and e.time - clusters[-1][-1].time <= 0.02 * (x1 - x0):
            clusters[-1].append(e)
        else:
            clusters.append([e])
    for cl in clusters:
        names = []
        for e in cl:
            n = "%s %s" % (e.node, e.event)
            if n not in names:
                names.append(n)
        text = ", ".join(names[:2]) + (" +%d" % (len(names) - 2) if len(names) > 2 else "")
        top.annotate(text, xy=(cl[0].time, 1.0), xycoords=("data", "axes fraction"),
                     rotation=90, fontsize=5.5, ha="right", va="bottom",
                     color=TIMELINE_EVENTS[cl[0].event], annotation_clip=False)
    axes[-1, 0].set_xlabel("simulation time (s)")
    axes[-1, 0].set_xlim(x0, x1)
    title = "Delay and path of every datagram (%s)" % run.scenario
    if note:
        title += ", " + note
    fig.suptitle(title, y=1.0)
    fig.tight_layout()
    desc = ("From samples.csv and events.csv of %s: every received application datagram "
            "(one-way delay against its arrival time, red through the Home Agent, blue on "
            "the direct route-optimized path), the datagrams lost (gaps in the sequence "
            "numbers, drawn at their interpolated time) and the state changes (uplink "
            "down/up, failover, fallback, care-of address change, tunnel up/down, RO "
            "accepted) as dashed vertical lines. The width of a gap is the outage."
            % (note or "this run"))
    if len(events) > MAX_EVENT_LINES:
        desc += " Only the first %d of %d state changes are marked." % (MAX_EVENT_LINES,
                                                                       len(events))
    writer.save(fig, name, "Timeline: delay, path and losses", desc)
