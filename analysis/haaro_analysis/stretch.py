"""Path stretch distributions from pairs.csv (the path-stretch scenario).

pairs.csv has one row per host pair and mode: ``ha`` (through the Home Agent), ``ro``
(route optimized, the uplink pair the protocol chose), ``ro-measured`` (with
``--pairPolicy=MeasuredRtt``: the pair chosen by measured RTT) and ``ro-best-pair`` (route
optimized over the best uplink pair, an oracle configuration), with the measured delay and hop count and those of the
shortest path; stretch = measured / shortest.
"""

from .aggregate import groups, over_runs
from .figures import plt
from .stats import ecdf, to_float

MODE_ORDER = ["ha", "ro", "ro-measured", "ro-best-pair"]
MODE_NAMES = {"ha": "via the HA", "ro": "route optimized", "ro-measured": "RO, MeasuredRtt pair",
              "ro-best-pair": "RO, best uplink pair"}
MODE_COLORS = {"ha": "#d62728", "ro": "#1f77b4", "ro-measured": "#ff7f0e",
               "ro-best-pair": "#2ca02c"}
METRICS = [("delay_stretch", "delay stretch (one-way delay / shortest-path delay)"),
           ("hop_stretch", "hop stretch (router hops / shortest-path hops)")]


def _modes(runs):
    seen = []
    for r in runs:
        for row in r.table("pairs"):
            m = str(row.get("mode", ""))
            if m and m not in seen:
                seen.append(m)
    return [m for m in MODE_ORDER if m in seen] + sorted(m for m in seen if m not in MODE_ORDER)


def plot(writer, runs, params):
    runs = [r for r in runs if r.table("pairs")]
    if not runs:
        return
    modes = _modes(runs)
    grouped = groups(runs, params)
    for col, xlabel in METRICS:
        n = len(grouped)
        ncols = min(n, 3)
        nrows = (n + ncols - 1) // ncols
        fig, axes = plt.subplots(nrows, ncols, figsize=(4.6 * ncols, 3.3 * nrows), squeeze=False)
        for i, (key, label, gruns) in enumerate(grouped):
            ax = axes[i // ncols][i % ncols]
            for mode in modes:
                vals = [to_float(row.get(col)) for r in gruns for row in r.table("pairs")
                        if str(row.get("mode")) == mode]
                xs, ps = ecdf(vals)
                if not xs:
                    continue
                s, basis = over_runs(gruns, lambda r: [row.get(col) for row in r.table("pairs")
                                                       if str(row.get("mode")) == mode],
                                     "pairs")
                ax.step(xs, ps, where="post", color=MODE_COLORS.get(mode),
                        label="%s: mean %s" % (MODE_NAMES.get(mode, mode), s.text("{:.3f}")))
                ax.axvline(s.mean, color=MODE_COLORS.get(mode), lw=0.8, ls="--")
                if s.half == s.half:
                    ax.axvspan(s.lo, s.hi, color=MODE_COLORS.get(mode), alpha=0.12, lw=0)
            ax.axvline(1.0, color="#999999", lw=0.8, ls=":")
            ax.set_xlabel(xlabel)
            ax.set_ylabel("fraction of host pairs")
            ax.set_ylim(0, 1.02)
            ax.set_title("%s (%d run%s)" % (label, len(gruns), "s" if len(gruns) > 1 else ""))
            ax.legend(loc="lower right")
            ax.grid(alpha=0.3)
        for j in range(n, nrows * ncols):
            axes[j // ncols][j % ncols].axis("off")
        fig.suptitle("Path stretch: %s" % col.replace("_", " "))
        fig.tight_layout()
        basis = "over runs (each run's mean over its pairs)" if max(
            len(g[2]) for g in grouped) > 1 else "over the pairs of the single run"
        writer.save(fig, "stretch-%s-cdf" % col.replace("_", "-"),
                    "Path stretch distribution (%s)" % col.replace("_", " "),
                    "Empirical CDF of the %s of every host pair (pairs.csv, all runs pooled), "
                    "one curve per mode: through the Home Agent, route optimized, and route "
                    "optimized over the best uplink pair. Dashed lines: means; shaded bands and "
                    "legend: 95 %% Student-t confidence intervals %s. The dotted line at 1 is "
                    "the shortest path." % (xlabel, basis))
    # means with confidence intervals, per mode and group
    fig, axes = plt.subplots(1, 2, figsize=(9.5, 3.4))
    width = 0.8 / max(len(modes), 1)
    for ax, (col, xlabel) in zip(axes, METRICS):
        for mi, mode in enumerate(modes):
            means, halves = [], []
            for key, label, gruns in grouped:
                s, _ = over_runs(gruns, lambda r: [row.get(col) for row in r.table("pairs")
                                                   if str(row.get("mode")) == mode], "pairs")
                means.append(s.mean)
                halves.append(s.half if s.half == s.half else 0.0)
            xs = [g + (mi - (len(modes) - 1) / 2.0) * width for g in range(len(grouped))]
            ax.bar(xs, means, width=width * 0.9, yerr=halves, capsize=3,
                   color=MODE_COLORS.get(mode, "#888888"), label=MODE_NAMES.get(mode, mode))
        ax.axhline(1.0, color="#999999", lw=0.8, ls=":")
        ax.set_xticks(range(len(grouped)))
        ax.set_xticklabels([g[1] for g in grouped], rotation=20 if len(grouped) > 3 else 0)
        ax.set_ylabel("mean " + col.replace("_", " "))
        ax.grid(axis="y", alpha=0.3)
    axes[0].legend(loc="upper right")
    fig.suptitle("Mean path stretch with 95 % confidence intervals")
    fig.tight_layout()
    writer.save(fig, "stretch-means", "Mean path stretch per mode",
                "Mean delay stretch (left) and hop stretch (right) per mode and parameter "
                "combination, with 95 % Student-t confidence intervals over runs (over host "
                "pairs when there is a single run).")
