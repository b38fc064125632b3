"""A sweep directory as a pandas DataFrame and as an xarray Dataset.

``runs_frame(DIR)`` has one row per run directory below DIR (what ``./haaro sweep`` writes,
or any tree of run directories) and the columns of runs.csv: ``run`` (the RngRun), every
parameter (the swept ones first), every scalar metric of summary.json (nested metrics
flattened as ``a.b``; a metric named like a parameter is ``metric.<name>``), and ``dir``,
the run directory relative to DIR. The values are read from the run directories, not from
runs.csv, so a sweep still running or one without runs.csv loads too. Columns are typed:
a column whose values are all numbers (or numeric text, as params.json stores the grid
values) is numeric, true/false stay booleans, anything else is text; NaN stays NaN.

``runs_dataset(DIR)`` is the same data as an xarray Dataset, the form SEM (the ns-3
simulation execution manager) gives its users: the dimensions are the swept parameters
and ``run``, every other column is a data variable over them (missing combinations are
NaN), so ``ds["outage_s"].mean("run")`` averages over the replications and
``ds.sel(detector="path-dead")`` picks a parameter value.

``swept_params(DIR)`` names the swept parameters: those of the sweep's grid (params.json
of each run), else the parameters whose value differs between runs.

Needs pandas (Debian: python3-pandas) and, for runs_dataset, xarray (python3-xarray).
"""

import math
import os

import pandas as pd

from .results import IGNORED_PARAMS, Sweep, sort_value
from .sweep import metric_column, run_records

KEY_PARAMS = ("RngRun", "outDir")  # what is not a parameter column (RngRun is "run")


def _typed(values):
    """A column's values as numbers when all of them are numbers or numeric text (booleans
    stay booleans), as ints when those numbers are all integral, else unchanged."""
    present = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    if not present or any(isinstance(v, bool) for v in present):
        return values
    try:
        numbers = [None if v is None else float(v) for v in values]
    except (TypeError, ValueError):
        return values
    if all(n is None or (math.isfinite(n) and n.is_integer()) for n in numbers):
        return [None if n is None else int(n) for n in numbers]
    return [math.nan if n is None else n for n in numbers]


def swept_params(path):
    """The swept parameters of a sweep directory, in grid order."""
    grid, _, _, _ = run_records(path)
    if grid:
        return grid
    return [p for p in Sweep(path).varying_params() if p not in IGNORED_PARAMS]


def runs_frame(path):
    """One row per run directory below path: run, parameters, metrics, dir (see above)."""
    grid, params, metrics, records = run_records(path)
    if not records:
        raise ValueError("%s: no run directory (a directory with summary.json) below it" % path)
    params = [p for p in params if p not in KEY_PARAMS]
    columns = {"run": _typed([r for _, r, _, _ in records])}
    for p in params:
        columns[p] = _typed([pv.get(p) for _, _, pv, _ in records])
    for m in metrics:
        columns[metric_column(m, params)] = _typed([mv.get(m) for _, _, _, mv in records])
    columns["dir"] = [os.path.relpath(d, path) for d, _, _, _ in records]
    frame = pd.DataFrame(columns)
    swept = grid or swept_params(path)
    order = sorted(range(len(frame)), key=lambda i: [sort_value(frame[c].iloc[i])
                                                     for c in swept + ["run"]])
    frame = frame.iloc[order].reset_index(drop=True)
    frame.attrs["swept"] = list(swept)
    frame.attrs["params"] = list(params)
    frame.attrs["metrics"] = [metric_column(m, params) for m in metrics]
    frame.attrs["path"] = os.path.abspath(path)
    return frame


def runs_dataset(path):
    """The runs of a sweep directory as an xarray Dataset over (swept parameters..., run)."""
    import xarray as xr

    frame = runs_frame(path)
    dims = frame.attrs["swept"] + ["run"]
    duplicated = frame.duplicated(subset=dims, keep=False)
    if duplicated.any():
        raise ValueError("%s: runs %s have the same %s: no (parameters, run) grid" % (
            path, ", ".join(frame.loc[duplicated, "dir"]), ", ".join(dims)))
    ds = xr.Dataset.from_dataframe(frame.set_index(dims))
    ds.attrs["path"] = frame.attrs["path"]
    ds.attrs["swept"] = ",".join(frame.attrs["swept"])
    return ds
