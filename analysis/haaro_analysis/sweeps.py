"""Scalar metrics of a sweep (runs.csv / summary.json) against the swept parameters."""

import math

from .aggregate import groups
from .figures import plt
from .stats import mean_ci, to_float

MAX_PANELS = 12


def _numeric_metrics(runs):
    names = []
    for r in runs:
        for k, v in sorted(r.metrics.items()):
            if k in names:
                continue
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                names.append(k)
    # keep the metrics that change between runs (constant ones say nothing here)
    out, constant = [], []
    for k in sorted(names):
        vals = {to_float(r.metrics.get(k)) for r in runs}
        vals = {v for v in vals if math.isfinite(v)}
        if len(vals) > 1:
            out.append(k)
        elif vals:
            constant.append(k)
    return out, constant


def plot(writer, runs, params):
    """One figure per swept parameter: each metric's mean and 95 % CI against it."""
    if not params or len(runs) < 2:
        return
    metrics, constant = _numeric_metrics(runs)
    if not metrics:
        writer.note("no metric of summary.json changes between the runs: no sweep figure")
        return
    shown = metrics[:MAX_PANELS]
    for p in params:
        others = [q for q in params if q != p]
        ncols = min(3, len(shown))
        nrows = (len(shown) + ncols - 1) // ncols
        fig, axes = plt.subplots(nrows, ncols, figsize=(3.6 * ncols, 2.7 * nrows),
                                 squeeze=False)
        numeric_x = all(math.isfinite(to_float(r.params.get(p))) for r in runs)
        cats = [k[0] for k, _, _ in groups(runs, [p])]
        for i, m in enumerate(shown):
            ax = axes[i // ncols][i % ncols]
            for okey, olabel, oruns in groups(runs, others):
                xs, ms, hs = [], [], []
                for key, label, gruns in groups(oruns, [p]):
                    s = mean_ci([r.metrics.get(m) for r in gruns])
                    if s.n == 0:
                        continue
                    xs.append(to_float(key[0]) if numeric_x else cats.index(key[0]))
                    ms.append(s.mean)
                    hs.append(s.half if s.half == s.half else 0.0)
                if xs:
                    ax.errorbar(xs, ms, yerr=hs, marker="o", ms=3.5, capsize=3,
                                label=olabel if others else None)
            if not numeric_x:
                ax.set_xticks(range(len(cats)))
                ax.set_xticklabels([str(c) for c in cats], fontsize=6)
            ax.set_title(m, fontsize=7.5)
            ax.set_xlabel(p)
            ax.grid(alpha=0.3)
            if others and i == 0:
                ax.legend(fontsize=6)
        for j in range(len(shown), nrows * ncols):
            axes[j // ncols][j % ncols].axis("off")
        fig.suptitle("Metrics against %s (mean and 95 %% CI over runs)" % p)
        fig.tight_layout()
        desc = ("Every numeric metric of summary.json (the columns of runs.csv) against the "
                "swept parameter %s: mean over the runs (RngRun 1..N) of each parameter "
                "combination with its 95 %% Student-t confidence interval%s."
                % (p, "; one line per combination of the other parameters" if others else ""))
        if len(metrics) > len(shown):
            desc += " The first %d of the %d metrics that vary (alphabetical) are shown." % (
                len(shown), len(metrics))
        if constant:
            desc += " %d metrics are the same in every run and are not drawn." % len(constant)
        writer.save(fig, "sweep-metrics-vs-%s" % "".join(c if c.isalnum() or c in "-_"
                                                         else "-" for c in p),
                    "Sweep: metrics against %s" % p, desc)
