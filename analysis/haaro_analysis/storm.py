"""The registration storm: haaro-scale-bench (`--out=DIR`: storm.csv, summary.csv) and the
storm scenario (haaro-scenario-storm: storm.csv, summary.json; sweeps of it).

`./haaro plot DIR` draws it when DIR holds storm.csv and summary.csv (one benchmark run) or
sub-directories that do (one run per lever, e.g. DIR/n1000-baseline, DIR/n1000-mtu, ...):
the Home Agent's signalling load over time per run, and per run the times until every
router was registered, knew every other site's prefix and every flow went direct. For a
storm scenario run or sweep (plot_results) the same figures, one curve per parameter
combination (its first run) and the times as means with 95 % confidence intervals over
the runs (--RngRun).
`python3 analysis/storm-table.py DIR` prints the benchmark runs' summaries as a
reStructuredText table.
"""

import csv
import math
import os


def _plt():
    """matplotlib's pyplot, configured by .figures (imported only to draw: the table needs
    no matplotlib)."""
    from .figures import plt
    return plt


# summary.csv of haaro-scale-bench before the storm scenario: its names -> the names of
# today's summary.csv and of the scenario's summary.json metrics (old runs still plot).
_RENAMED = {"max_advertisement_octets": "max_advertisement_bytes",
            "events": "simulator_events",
            "reg_octets": "registration_bytes",
            "adv_octets": "advertisement_bytes",
            "adv_min_octets": "advertisement_min_bytes",
            "adv_median_octets": "advertisement_median_bytes",
            "adv_p90_octets": "advertisement_p90_bytes",
            "adv_max_octets": "advertisement_max_bytes",
            "adv_max_routers": "advertisement_max_routers",
            "delivered": "delivered_packets"}

# the storm scenario's parameters (summary.json params) -> the benchmark's summary.csv names
_SCENARIO_PARAMS = {"n": "n", "duration": "duration_s", "spread": "spread_s",
                    "trafficStart": "traffic_start_s", "lifetime": "lifetime_s",
                    "maxAdvertisementSize": "max_advertisement_bytes", "bin": "bin_s",
                    "RngRun": "rng_run"}


class StormRun:
    """One storm run: its bins (storm.csv), its summary (parameters and metrics by the
    benchmark's summary.csv names) and, for the benchmark, perf.csv."""

    def __init__(self, path, label, bins, summary, perf=None):
        self.path = path
        self.label = label
        self.bins = bins
        self.summary = summary
        self.perf = perf or {}

    @classmethod
    def from_bench(cls, path, label):
        """A haaro-scale-bench --out directory."""
        with open(os.path.join(path, "storm.csv")) as f:
            bins = [{k: float(v) for k, v in row.items()} for row in csv.DictReader(f)]
        with open(os.path.join(path, "summary.csv")) as f:
            rows = list(csv.DictReader(f))
        summary = {_RENAMED.get(k, k): v for k, v in (rows[0] if rows else {}).items()}
        perf = {}
        if os.path.isfile(os.path.join(path, "perf.csv")):  # wall, CPU, RSS: not compared
            with open(os.path.join(path, "perf.csv")) as f:
                rows = list(csv.DictReader(f))
            perf = rows[0] if rows else {}
        return cls(path, label, bins, summary, perf)

    @classmethod
    def from_results(cls, run, label):
        """A storm scenario run (results.Run with a storm table)."""
        bins = [{k: float(v) for k, v in row.items()} for row in run.table("storm")]
        summary = dict(run.metrics)
        for param, name in _SCENARIO_PARAMS.items():
            if param in run.params:
                summary[name] = run.params[param]
        return cls(run.path, label, bins, summary)

    def column(self, name):
        return [b[name] for b in self.bins]

    def time(self, key):
        """A summary time in s, or NaN when it never happened within the run."""
        v = self.summary.get(key, "")
        return float(v) if v not in ("", None) else float("nan")


def find_runs(path):
    """The runs in path: path itself, or its sub-directories holding storm.csv (sorted)."""
    if os.path.isfile(os.path.join(path, "storm.csv")) and \
            os.path.isfile(os.path.join(path, "summary.csv")):
        return [StormRun.from_bench(path, os.path.basename(os.path.normpath(path)))]
    runs = []
    for name in sorted(os.listdir(path)):
        sub = os.path.join(path, name)
        if os.path.isfile(os.path.join(sub, "storm.csv")) and \
                os.path.isfile(os.path.join(sub, "summary.csv")):
            runs.append(StormRun.from_bench(sub, name))
    return runs


def is_storm_dir(path):
    return bool(os.path.isdir(path) and find_runs(path))


def _label(run):
    s = run.summary
    return "%s (adv <= %s B, spread %s s, lifetime %s s)" % (
        run.label, s.get("max_advertisement_bytes"), s.get("spread_s"), s.get("lifetime_s"))


def plot_load(writer, runs):
    sizes = sorted({int(float(r.summary.get("n", 0))) for r in runs})
    fig, grid = _plt().subplots(4, len(sizes), figsize=(4.2 * len(sizes) + 1.5, 9.0),
                                sharex="col", sharey="row", squeeze=False)
    for col, size in enumerate(sizes):
        axes = grid[:, col]
        for run in [r for r in runs if int(float(r.summary.get("n", 0))) == size]:
            t = run.column("bin_end_s")
            n = float(size) or 1
            line, = axes[0].plot(t, [v / 1e3 for v in run.column("reg_octets_per_s")],
                                 drawstyle="steps-pre", lw=1, label=_label(run))
            c = line.get_color()
            axes[1].plot(t, run.column("replies"), drawstyle="steps-pre", lw=1, color=c)
            axes[1].plot(t, run.column("retransmissions"), drawstyle="steps-pre", lw=1,
                         color=c, ls=":")
            axes[2].plot(t, [v / 1e3 for v in run.column("adv_max_octets")],
                         drawstyle="steps-pre", lw=1, color=c)
            axes[3].plot(t, [v / n for v in run.column("routers_knowing_all")], lw=1, color=c)
            axes[3].plot(t, [v / n for v in run.column("flows_direct")], lw=1, color=c,
                         ls="--")
        axes[0].set_title("N = %d routers" % size)
        axes[0].legend(loc="upper right", fontsize=5)
        axes[3].set_xlabel("simulated time [s]")
        for ax in axes:
            ax.grid(alpha=0.3)
    axes = grid[:, 0]
    axes[0].set_ylabel("registration signalling\non the HA backend [kB/s]")
    axes[0].set_yscale("symlog", linthresh=1)
    axes[1].set_ylabel("replies per bin (solid),\nretransmitted requests (dotted)")
    axes[2].set_ylabel("largest advertisement\nin the bin [kB]")
    axes[3].set_ylabel("fraction: routers knowing\nevery site (solid), flows\ndirect (dashed)")
    axes[3].set_ylim(-0.02, 1.02)
    fig.suptitle("HAARO registration storm: the Home Agent's signalling load over time")
    writer.save(fig, "storm-load", "Registration storm: HA signalling load over time",
                "From storm.csv of each run (haaro-scale-bench --out), one bin per row: the IP "
                "octets per second of Registration Requests and Replies (UDP port 434, every "
                "fragment) on the HA's backend link, both directions; replies sent and "
                "requests retransmitted by the routers per bin; the largest Prefix "
                "Advertisement of the bin; the fraction of routers whose cache routes every "
                "other site's prefix to its owner (sampled at the bin's end) and of flows "
                "whose datagrams all went direct in the bin (none reverse-tunnelled to the HA).")


MILESTONES = [("all_registered_s", "all registered"),
              ("all_know_all_s", "all know every site"),
              ("all_flows_direct_s", "all flows direct")]


def plot_times(writer, runs):
    fig, ax = _plt().subplots(figsize=(7.5, 0.5 + 0.45 * len(runs) * len(MILESTONES) / 2))
    height = 0.8 / len(MILESTONES)
    colors = ["#1f77b4", "#2ca02c", "#d62728"]
    for i, run in enumerate(runs):
        duration = float(run.summary.get("duration_s", 0))
        for k, (key, name) in enumerate(MILESTONES):
            y = i + k * height
            v = run.time(key)
            if math.isfinite(v):
                ax.barh(y, v, height, color=colors[k])
                ax.text(v, y, " %.1f s" % v, va="center", fontsize=6)
            else:
                ax.barh(y, duration, height, color=colors[k], alpha=0.15, hatch="//")
                ax.text(duration, y, " never (run: %g s)" % duration, va="center", fontsize=6)
    ax.set_yticks([i + 0.4 - height / 2 for i in range(len(runs))])
    ax.set_yticklabels(["%s\nRO %.0f %% of flows at the end" %
                        (r.label, 100 * float(r.summary.get("ro_fraction_last_bin", 0)))
                        for r in runs])
    ax.invert_yaxis()
    ax.set_xlabel("simulated time [s] (from the first registration)")
    handles = [_plt().Rectangle((0, 0), 1, 1, color=c) for c in colors]
    handles.append(_plt().Rectangle((0, 0), 1, 1, facecolor="white", edgecolor="black",
                                    hatch="//"))
    ax.legend(handles, [name for _, name in MILESTONES] + ["never within the run"],
              loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4, fontsize=6)
    ax.grid(axis="x", alpha=0.3)
    fig.suptitle("Time until every router is registered, knows every site, and every flow "
                 "goes direct")
    writer.save(fig, "storm-times", "Registration storm: time to converge per lever",
                "From summary.csv of each run: the time of the last router's first accepted "
                "registration, of the last router to know every other site's prefix (its "
                "cache, sampled at bin ends) and of the first bin in which every flow went "
                "direct; hatched = never within the run. The label gives the fraction of "
                "flows direct in the last bin.")


def plot(writer, path):
    runs = find_runs(path)
    if not runs:
        return
    plot_load(writer, runs)
    plot_times(writer, runs)


def plot_results(writer, runs, params):
    """The storm scenario (runs with storm.csv and summary.json): the load over time of
    each parameter combination's first run, and the times to converge with their 95 %
    confidence intervals over the runs of each combination."""
    from .aggregate import groups
    from .stats import mean_ci
    runs = [r for r in runs if r.table("storm")]
    if not runs:
        return
    grouped = groups(runs, params)
    plot_load(writer, [StormRun.from_results(g[0], label or "run %d" % g[0].run_number)
                       for _, label, g in grouped])
    fig, axes = _plt().subplots(1, len(MILESTONES), figsize=(4.6 * len(MILESTONES),
                                                             1.2 + 0.35 * len(grouped)),
                                squeeze=False)
    for ax, (key, name) in zip(axes[0], MILESTONES):
        right = 0
        for i, (_, label, gruns) in enumerate(grouped):
            values = [StormRun.from_results(r, "").time(key) for r in gruns]
            s = mean_ci(values)
            never = sum(1 for v in values if not math.isfinite(v))
            if s.n:
                ax.barh(i, s.mean, 0.6, color="#1f77b4",
                        xerr=None if math.isnan(s.half) else s.half, capsize=3)
            text = s.text("{:.3g}", " s") if s.n else "no run got there"
            if never:
                text += ", never in %d of %d runs" % (never, len(values))
            end = s.mean + (0 if math.isnan(s.half) else s.half) if s.n else 0
            right = max(right, end)
            ax.text(end, i, " " + text, fontsize=6, va="center")
        ax.set_xlim(0, 1.6 * right if right > 0 else 1)  # room for the labels
        ax.set_yticks(range(len(grouped)))
        ax.set_yticklabels([label or "all runs" for _, label, _ in grouped], fontsize=6)
        ax.invert_yaxis()
        ax.set_xlabel("simulated time [s]")
        ax.set_title(name, fontsize=9)
        ax.grid(axis="x", alpha=0.3)
    fig.suptitle("Registration storm: time until every router is registered, knows every "
                 "site, and every flow goes direct (%d runs)" % len(runs), fontsize=9)
    fig.tight_layout()
    writer.save(fig, "storm-times-ci", "Registration storm: time to converge, with 95 % CIs",
                "From summary.json of each storm scenario run (all_registered_s, "
                "all_know_all_s, all_flows_direct_s): per parameter combination the mean "
                "over its runs (--RngRun: another choice of peers and other protocol timing) "
                "with its 95 % Student-t confidence interval; runs in which the milestone "
                "never happened within the run are counted in the label and left out of the "
                "mean.")


def _fmt(v, digits=1, missing="never"):
    if v in ("", None):
        return missing
    x = float(v)
    if not math.isfinite(x):
        return missing
    return ("{:,.%df}" % digits).format(x) if digits else "{:,}".format(int(round(x)))


def table(path):
    """The runs' summaries as a reStructuredText simple table (lines)."""
    cols = [("run", lambda s, r: r.label),
            ("N", lambda s, r: _fmt(s["n"], 0)),
            ("requests", lambda s, r: _fmt(s["requests"], 0)),
            ("retransm.", lambda s, r: _fmt(s["retransmissions"], 0)),
            ("reply frags", lambda s, r: _fmt(s["reply_fragments"], 0)),
            ("reg. MB", lambda s, r: _fmt(float(s["registration_bytes"]) / 1e6, 1)),
            ("peak kB/s", lambda s, r: _fmt(max(r.column("reg_octets_per_s")) / 1e3, 0)),
            ("adv. B min/med/p90/max", lambda s, r: "/".join(
                _fmt(s[k], 0) for k in ("advertisement_min_bytes", "advertisement_median_bytes",
                                        "advertisement_p90_bytes", "advertisement_max_bytes"))),
            ("all reg. s", lambda s, r: _fmt(s["all_registered_s"], 2)),
            ("all know s", lambda s, r: _fmt(s["all_know_all_s"], 0)),
            ("RO flows", lambda s, r: "%.0f %%" % (100 * float(s["ro_fraction_last_bin"]))),
            ("CPU s", lambda s, r: _fmt(r.perf.get("cpu_s", ""), 0, "-")),
            ("RSS MiB", lambda s, r: _fmt(r.perf.get("peak_rss_mib", ""), 0, "-"))]
    rows = [[c[0] for c in cols]]
    for run in find_runs(path):
        rows.append([fn(run.summary, run) for _, fn in cols])
    widths = [max(len(r[i]) for r in rows) for i in range(len(cols))]
    rule = "  ".join("=" * w for w in widths)
    out = [rule, "  ".join(v.ljust(w) for v, w in zip(rows[0], widths)), rule]
    out += ["  ".join(v.ljust(w) for v, w in zip(r, widths)) for r in rows[1:]]
    out.append(rule)
    return [line.rstrip() for line in out]
