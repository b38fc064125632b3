"""haaro_analysis: figures and parameter sweeps for the haaro ns-3 module's scenario outputs.

The input format is described in doc/results-format.md. Each module has one job:

- results:     load a run directory or a sweep directory (summary.json, events.csv, ...)
- stats:       mean and 95 % confidence interval (Student t), empirical CDFs
- figures:     save a figure as PNG and PDF and keep the figures.md index
- msc:         message sequence charts of RFC 6521 figures F14, F15 and F16 from events.csv
- topology:    the F1-style topology drawing from topology.json
- stretch:     path stretch distributions (pairs.csv)
- convergence: convergence CDFs (convergence.csv)
- prefix_change: convergence after a run-time prefix change (prefix-change.csv)
- nat:         the NAT outcome matrix (nat-matrix.csv)
- failover:    outage per detector (failover.csv) and delay/path timelines (samples.csv)
- sweeps:      metrics of runs.csv against the swept parameters
- frames:      a sweep directory as a pandas DataFrame and an xarray Dataset
- plot:        the `./haaro plot` command line
- sweep:       the `./haaro sweep` command line (local processes or a Dask cluster)

Only the Python standard library, matplotlib and numpy are needed (Dask for --scheduler,
pandas and xarray for frames).
"""
