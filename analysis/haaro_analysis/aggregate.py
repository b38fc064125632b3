"""Grouping runs by their swept parameters and summarising a quantity over runs."""

import math

from .results import group_label, sort_value
from .stats import mean_ci, to_float


def groups(runs, params):
    """[(key, label, [runs])] ordered by parameter values (numbers numerically)."""
    by = {}
    for r in runs:
        key = tuple(r.params.get(p) for p in params)
        by.setdefault(key, []).append(r)
    keys = sorted(by, key=lambda k: [sort_value(v) for v in k])
    return [(k, group_label(params, k), sorted(by[k], key=lambda r: r.run_number))
            for k in keys]


def over_runs(runs, values_of_run, unit="samples"):
    """Mean and 95 % CI of a quantity.

    With two runs or more, each run contributes the mean of its values and the interval is
    over runs (the replications); with one run the interval is over that run's values, and
    the basis says so. Returns (Summary, basis text).
    """
    per_run = []
    pooled = []
    for r in runs:
        vals = [v for v in (to_float(x) for x in values_of_run(r)) if math.isfinite(v)]
        pooled += vals
        if vals:
            per_run.append(sum(vals) / len(vals))
    if len(runs) >= 2:
        return mean_ci(per_run), "over %d runs" % len(per_run)
    return mean_ci(pooled), "over the %s of 1 run" % unit


def numeric_column(rows, col):
    return [to_float(r.get(col)) for r in rows]
