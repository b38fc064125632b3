"""Convergence after a run-time prefix change (prefix-change.csv of the convergence scenario
with --event=add-prefix or --event=move-prefix).

prefix-change.csv has one row per router other than the network's owners: when its Route
Optimization Cache routed the network to the new owner (knows_owner_s), when route
optimization to it worked (ro_works_s, first datagram on a direct tunnel) and how many of its
datagrams sent after the event were lost. One figure per event: the mean time after the event
against the registration lifetime, one line per --solicit value, with 95 % confidence
intervals over runs.
"""

import math

from .aggregate import groups, over_runs
from .figures import plt
from .stats import to_float

PANELS = [("knows_owner_s", "cache routes it to the new owner (s after the event)", True),
          ("ro_works_s", "RO to the new owner works (s after the event)", True),
          ("lost", "datagrams lost per router after the event", False)]
COLORS = {"true": "#2ca02c", "false": "#d62728"}


def _values(run, col, relative):
    at = to_float(run.metrics.get("event_at_s"))
    out = []
    for row in run.table("prefix-change"):
        v = to_float(row.get(col))
        out.append(v - at if relative else v)
    return out


def plot(writer, runs, params):
    runs = [r for r in runs if r.table("prefix-change")]
    for ekey, _, eruns in groups(runs, ["event"]):
        event = str(ekey[0])
        fig, axes = plt.subplots(1, len(PANELS), figsize=(4.6 * len(PANELS), 3.5),
                                 squeeze=False)
        for ax, (col, name, relative) in zip(axes[0], PANELS):
            for skey, _, sruns in groups(eruns, ["solicit"]):
                xs, ms, hs, nevers = [], [], [], 0
                for lkey, _, lruns in groups(sruns, ["lifetime"]):
                    vals = [v for r in lruns for v in _values(r, col, relative)]
                    nevers += sum(1 for v in vals if not math.isfinite(v))
                    s, _ = over_runs(lruns, lambda r: _values(r, col, relative), "routers")
                    if s.n == 0:
                        continue
                    xs.append(to_float(lkey[0]))
                    ms.append(s.mean)
                    hs.append(s.half if s.half == s.half else 0.0)
                if xs:
                    sol = str(skey[0]).lower()
                    label = "solicit %s" % sol + (" (never: %d)" % nevers if nevers else "")
                    ax.errorbar(xs, ms, yerr=hs, marker="o", capsize=3, label=label,
                                color=COLORS.get(sol))
            ax.set_xlabel("registration lifetime (s)")
            ax.set_title(name, fontsize=8)
            ax.grid(alpha=0.3)
            ax.legend(fontsize=6.5)
        fig.suptitle("%s: convergence after the change (%d run%s)"
                     % (event, len(eruns), "s" if len(eruns) > 1 else ""))
        fig.tight_layout()
        writer.save(fig, "prefix-change-%s" % event, "Convergence after %s" % event,
                    "Mean over the other routers (prefix-change.csv) of the time from the "
                    "prefix change to the moment a router's Route Optimization Cache routes "
                    "the network to its new owner (left) and to the first datagram on a "
                    "direct tunnel to it (middle), and of the datagrams sent after the change "
                    "and lost (right), against --lifetime, per --solicit, with 95 %% "
                    "Student-t confidence intervals over runs.")
