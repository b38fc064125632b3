"""Convergence CDFs from convergence.csv (the convergence scenario).

convergence.csv has one row per mobile router: when it joined (registered), when it knew
the prefixes of every other router (knows_all_s) and when route optimization to the others
worked (ro_works_s); NaN when that never happened during the run. The CDFs show the time
from joining to each milestone; routers that never got there keep the curve below 1.
"""

import math

from .aggregate import groups, over_runs
from .figures import plt
from .stats import ecdf, to_float

MILESTONES = [("knows_all_s", "knows every other router's prefixes", "#1f77b4"),
              ("ro_works_s", "route optimization works", "#2ca02c")]


def _delays(run, col):
    """Time from join to milestone for each router (NaN when never)."""
    out = []
    for row in run.table("convergence"):
        j, t = to_float(row.get("join_s")), to_float(row.get(col))
        out.append(t - j if math.isfinite(j) and math.isfinite(t) else float("nan"))
    return out


def plot(writer, runs, params):
    runs = [r for r in runs if r.table("convergence")]
    if not runs:
        return
    grouped = groups(runs, params)
    styles = ["-", "--", ":", "-."]
    fig, axes = plt.subplots(1, len(MILESTONES), figsize=(5.2 * len(MILESTONES), 3.6),
                             squeeze=False)
    for ax, (col, name, color) in zip(axes[0], MILESTONES):
        for gi, (key, label, gruns) in enumerate(grouped):
            vals = [v for r in gruns for v in _delays(r, col)]
            never = sum(1 for v in vals if not math.isfinite(v))
            xs, ps = ecdf(vals, total=len(vals))
            if not xs:
                continue
            s, basis = over_runs(gruns, lambda r: _delays(r, col), "routers")
            text = "%s: mean %s" % (label, s.text("{:.3g}", " s"))
            if never:
                text += ", never: %d/%d" % (never, len(vals))
            shade = 0.35 + 0.65 * (gi + 1) / len(grouped)
            ax.step(xs, ps, where="post", color=color, alpha=shade, ls=styles[gi % 4],
                    label=text)
        ax.set_xlabel("time from joining to: %s (s)" % name)
        ax.set_ylabel("fraction of mobile routers")
        ax.set_ylim(0, 1.02)
        ax.grid(alpha=0.3)
        ax.legend(loc="lower right", fontsize=6.5)
        ax.set_title(name)
    fig.suptitle("Convergence after joining (%d run%s)" % (len(runs), "s" if len(runs) > 1
                                                            else ""))
    fig.tight_layout()
    writer.save(fig, "convergence-cdf", "Convergence CDFs",
                "Empirical CDF over mobile routers (convergence.csv, runs pooled per "
                "parameter combination) of the time from a router's registration to the "
                "moment it knew every other router's prefixes (left) and to the moment route "
                "optimization to the others worked (right). Routers that never got there "
                "(NaN) count in the denominator, so the curve stays below 1; the legend gives "
                "their number and the mean with its 95 % Student-t confidence interval over "
                "runs (each run's mean over its routers; over routers for a single run).")
    if params and len(grouped) > 1:
        _vs_param(writer, runs, params)


def _vs_param(writer, runs, params):
    p = params[0]
    others = params[1:]
    fig, ax = plt.subplots(figsize=(5.5, 3.6))
    for col, name, color in MILESTONES:
        for okey, olabel, oruns in groups(runs, others):
            xs, ms, hs = [], [], []
            for key, label, gruns in groups(oruns, [p]):
                s, _ = over_runs(gruns, lambda r: _delays(r, col), "routers")
                if s.n == 0:
                    continue
                xs.append(to_float(key[0]))
                ms.append(s.mean)
                hs.append(s.half if s.half == s.half else 0.0)
            if xs:
                lab = name if not others else "%s (%s)" % (name, olabel)
                ax.errorbar(xs, ms, yerr=hs, color=color, marker="o", capsize=3, label=lab)
    ax.set_xlabel(p)
    ax.set_ylabel("mean time from joining (s)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=6.5)
    ax.set_title("Convergence time against %s" % p)
    fig.tight_layout()
    writer.save(fig, "convergence-vs-%s" % _slug(p), "Convergence time against %s" % p,
                "Mean time from joining to each milestone against the swept parameter %s, "
                "with 95 %% Student-t confidence intervals over runs." % p)


def _slug(s):
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in s)
