"""Handovers of the vehicular scenario (handovers.csv, issue 16 part 3).

handovers.csv has one row per handover and direction: the milestone times (``*_s``: the
last beacon from the old AP, link down, associated, DHCP address, registered with the HA,
return routability, registration with the correspondent router, first datagram on a
direct tunnel again), the phases in ms, the outage and losses, and which uplinks carried
the flow meanwhile.

* :func:`plot_breakdown` (one run): the handover timeline, each handover's phases as a
  stacked bar (ms from the last beacon) per direction, with the outage beside it.
* :func:`plot_sweep` (a sweep over speed and AP spacing): outage, time to the HA
  registration and time to the direct tunnel against the speed, one line per spacing.
"""

import math

from .aggregate import groups
from .figures import plt
from .stats import mean_ci, to_float

# (label, start column, end column, colour): the phases in the order they happen.
PHASES = [
    ("L2 detection (missed beacons)", "onset_s", "link_down_s", "#7f7f7f"),
    ("scan + association", "link_down_s", "link_up_s", "#1f77b4"),
    ("DHCP", "link_up_s", "address_s", "#17becf"),
    ("HA registration", "address_s", "registered_s", "#2ca02c"),
    ("until RR", "registered_s", "rr_start_s", "#dddddd"),
    ("return routability", "rr_start_s", "rr_done_s", "#ff7f0e"),
    ("CR registration", "cr_sent_s", "cr_accepted_s", "#d62728"),
    ("until direct again", "cr_accepted_s", "direct_again_s", "#9467bd"),
]
FLOWS = {"c_to_a": "bus->office (C->A)", "a_to_c": "office->bus (A->C)"}


def _segments(row):
    """[(label, start_s, length_s, colour)] of one row: the phases that happened; when RR
    is absent, the wait from the registration to the direct tunnel is one segment."""
    out = []
    rr = row.get("rr") != "absent"
    for label, a, b, color in PHASES:
        if not rr and a in ("registered_s", "rr_start_s", "cr_sent_s", "cr_accepted_s"):
            continue
        t0, t1 = to_float(row.get(a)), to_float(row.get(b))
        if math.isfinite(t0) and math.isfinite(t1) and t1 >= t0:
            out.append((label, t0, t1 - t0, color))
    if not rr:
        t0 = to_float(row.get("registered_s"))
        t1 = to_float(row.get("direct_again_s"))
        if math.isfinite(t0) and math.isfinite(t1):
            # direct again before the HA registration: no wait segment (make-before-break)
            if t1 > t0:
                out.append(("until direct again", t0, t1 - t0, "#9467bd"))
    return out


def plot_breakdown(writer, run, note=""):
    rows = run.table("handovers")
    if not rows:
        return
    hs = sorted({int(to_float(r["handover"])) for r in rows})
    flows = [f for f in FLOWS if any(r["flow"] == f for r in rows)]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 6.4),
                                      gridspec_kw={"height_ratios": [1, 1.4]})
    seen = set()
    # (a) the run's timeline: each direction a lane, each handover's phases at their times
    for i, f in enumerate(flows):
        for r in rows:
            if r["flow"] != f:
                continue
            for label, t0, dt, color in _segments(r):
                top.broken_barh([(t0, dt)], (i - 0.35, 0.7), color=color,
                                label=label if label not in seen else None)
                seen.add(label)
    top.set_yticks(range(len(flows)))
    top.set_yticklabels([FLOWS[f] for f in flows])
    top.set_xlabel("simulation time (s)")
    top.set_title("Handovers of %s along the road (phases at their times)" % "MR-C")
    top.grid(axis="x", alpha=0.3)
    # (b) stacked bars: ms from the last beacon of the old AP, per handover and direction
    width = 0.38
    for j, f in enumerate(flows):
        for r in rows:
            if r["flow"] != f:
                continue
            x = int(to_float(r["handover"])) + (j - 0.5) * width
            origin = to_float(r.get("onset_s"))
            for label, t0, dt, color in _segments(r):
                bottom.bar(x, dt * 1e3, width * 0.92, bottom=(t0 - origin) * 1e3, color=color,
                           edgecolor="white", linewidth=0.3)
            outage = to_float(r.get("outage_ms"))
            if math.isfinite(outage):
                bottom.plot([x - width / 2, x + width / 2], [outage, outage], color="black",
                            lw=1.2, label="outage" if (j, r["handover"]) == (0, "1") else None)
            bottom.text(x, -40, "CA"[j] + ">" + "AC"[j], ha="center", va="top", fontsize=6)
    bottom.set_xticks(hs)
    bottom.set_xticklabels(["handover %d" % h for h in hs])
    bottom.set_ylabel("ms from the last beacon of the old AP")
    bottom.grid(axis="y", alpha=0.3)
    handles, labels = top.get_legend_handles_labels()
    h2, l2 = bottom.get_legend_handles_labels()
    bottom.legend(handles + h2, labels + l2, fontsize=6, ncol=3, loc="upper right")
    fig.suptitle("Vehicular handovers, breakdown per phase%s" % (" (" + note + ")" if note
                                                                 else ""))
    fig.tight_layout()
    writer.save(fig, "vehicular-handovers", "Vehicular handovers: breakdown per phase",
                "From handovers.csv (HandoverBreakdown): top, each handover's phases at "
                "their simulation times for each direction; bottom, the same as stacked "
                "bars in ms from the last beacon received from the AP being left, two bars "
                "per handover (C>A: the bus's passengers to the office, A>C: back), with "
                "the outage (longest silence at the receiver) as a black line. Phases: L2 "
                "detection (last beacon to link down), scan and association, DHCP, "
                "registration with the HA, then, when the care-of address change was "
                "followed by return routability (RFC 6521 section 8.3), the RR exchange and "
                "the registration with the correspondent router, and the wait until the "
                "first datagram on a direct tunnel again; a handover whose RR is absent "
                "(the direct tunnel moved by other means or stayed on the cellular uplink) "
                "shows one segment from the HA registration to the direct tunnel.")


SWEEP_METRICS = [
    ("outage (ms)", ("mean_c_to_a_outage_ms", "mean_a_to_c_outage_ms")),
    ("link down to HA registration (ms)", ("mean_ha_handover_ms",)),
    ("link down to direct tunnel again (ms)",
     ("mean_c_to_a_direct_again_ms", "mean_a_to_c_direct_again_ms")),
    ("datagrams lost per handover", ("mean_c_to_a_lost_packets", "mean_a_to_c_lost_packets")),
]


def plot_sweep(writer, runs, params):
    """Speed x AP spacing: the handover metrics against the speed, a line per spacing."""
    runs = [r for r in runs if r.scenario == "vehicular"]
    if "speed" not in params or len(runs) < 2:
        return
    others = [p for p in params if p != "speed"]
    fig, axes = plt.subplots(1, len(SWEEP_METRICS), figsize=(3.4 * len(SWEEP_METRICS), 3.2))
    styles = ["-", "--"]
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for ax, (name, keys) in zip(axes, SWEEP_METRICS):
        for gi, (okey, olabel, oruns) in enumerate(groups(runs, others)):
            for ki, key in enumerate(keys):
                xs, ms, hs = [], [], []
                for skey, _, sruns in groups(oruns, ["speed"]):
                    s = mean_ci([r.metrics.get(key) for r in sruns])
                    if s.n == 0:
                        continue
                    xs.append(to_float(skey[0]))
                    ms.append(s.mean)
                    hs.append(s.half if s.half == s.half else 0.0)
                if xs:
                    label = olabel if others else ""
                    if len(keys) > 1:
                        label += (" " if label else "") + ("C->A", "A->C")[ki]
                    ax.errorbar(xs, ms, yerr=hs, marker="o", ms=3, capsize=2, ls=styles[ki],
                                color=colors[gi % len(colors)], label=label or None)
        ax.set_xlabel("speed (m/s)")
        ax.set_title(name, fontsize=8)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=6)
    fig.suptitle("Vehicular sweep: speed x AP spacing (mean over handovers, 95 % CI over runs)")
    fig.tight_layout()
    writer.save(fig, "vehicular-sweep", "Vehicular sweep: handover metrics against speed",
                "Each run's mean over its handovers (summary.json of haaro-scenario-vehicular) "
                "against the bus speed, one line per %s (and per direction where the metric "
                "has one; solid C->A, dashed A->C): the outage at the receiver, the time from "
                "the link down to the Home Agent's acceptance of the new care-of address, the "
                "time from the link down to the first datagram on a direct tunnel again, and "
                "the datagrams lost per handover; error bars: 95 %% Student-t interval over "
                "the runs (RngRun) of a combination." % (", ".join(others) or "run"))
