"""Mean and 95 % confidence interval with Student's t, without scipy.

The two-sided 97.5 % quantiles of Student's t distribution below are the usual table
values; between table rows the quantile is interpolated linearly in 1/df, and beyond
df = 120 it approaches the normal quantile 1.960.
"""

import math
import statistics

# t_{0.975, df}
_T975 = {
    1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
    9: 2.262, 10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120,
    17: 2.110, 18: 2.101, 19: 2.093, 20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064,
    25: 2.060, 26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045, 30: 2.042, 40: 2.021, 50: 2.009,
    60: 2.000, 80: 1.990, 100: 1.984, 120: 1.980,
}
_Z975 = 1.960


def t975(df):
    """Two-sided 95 % quantile t_{0.975, df} of Student's t distribution (df >= 1)."""
    if df < 1:
        raise ValueError("degrees of freedom must be >= 1")
    if df in _T975:
        return _T975[df]
    keys = sorted(_T975)
    if df > keys[-1]:
        lo_df, lo_t, hi_inv, hi_t = keys[-1], _T975[keys[-1]], 0.0, _Z975
        # interpolate in 1/df between df=120 and infinity
        x0, x1 = 1.0 / lo_df, hi_inv
        x = 1.0 / df
        return hi_t + (lo_t - hi_t) * (x - x1) / (x0 - x1)
    lo = max(k for k in keys if k < df)
    hi = min(k for k in keys if k > df)
    x0, x1, x = 1.0 / lo, 1.0 / hi, 1.0 / df
    return _T975[hi] + (_T975[lo] - _T975[hi]) * (x - x1) / (x0 - x1)


def is_number(v):
    """True for an int or float that is finite (not NaN, not infinite); bools are not numbers."""
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


class Summary:
    """Mean and 95 % confidence interval of a sample.

    n counts the finite values used; dropped counts the NaN/None values left out.
    half is the half width of the interval (NaN when n < 2); lo/hi its bounds.
    """

    __slots__ = ("mean", "half", "n", "dropped", "sd")

    def __init__(self, mean, half, n, dropped, sd):
        self.mean = mean
        self.half = half
        self.n = n
        self.dropped = dropped
        self.sd = sd

    @property
    def lo(self):
        return self.mean - self.half

    @property
    def hi(self):
        return self.mean + self.half

    def text(self, fmt="{:.3g}", unit=""):
        """'mean ± half unit (n=..)' for legends."""
        if self.n == 0:
            return "no data"
        if math.isnan(self.half):
            return (fmt + "{} (n=1)").format(self.mean, unit)
        return (fmt + " ± " + fmt + "{} (n={})").format(self.mean, self.half, unit, self.n)

    def __repr__(self):
        return "Summary(mean=%r, half=%r, n=%d, dropped=%d)" % (
            self.mean, self.half, self.n, self.dropped)


def mean_ci(values):
    """Mean and 95 % Student-t confidence interval of the finite numbers in values."""
    values = list(values)
    xs = [x for x in (to_float(v) for v in values) if math.isfinite(x)]
    dropped = len(values) - len(xs)
    n = len(xs)
    if n == 0:
        return Summary(float("nan"), float("nan"), 0, dropped, float("nan"))
    m = statistics.fmean(xs)
    if n == 1:
        return Summary(m, float("nan"), 1, dropped, float("nan"))
    sd = statistics.stdev(xs)
    return Summary(m, t975(n - 1) * sd / math.sqrt(n), n, dropped, sd)


def ecdf(values, total=None):
    """Empirical CDF of the finite values: (xs, ps) for a step plot.

    total (>= number of finite values) normalises the probabilities, so that values that
    never happened (NaN: "never converged") keep the curve below 1.
    """
    xs = sorted(x for x in (to_float(v) for v in values) if math.isfinite(x))
    n = total if total is not None else len(xs)
    if n == 0:
        return [], []
    return xs, [(i + 1) / n for i in range(len(xs))]


def to_float(v):
    """float(v) for numbers and numeric strings ('nan' included), else NaN."""
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, (int, float)):
        return float(v)
    try:
        return float(str(v).strip())
    except (TypeError, ValueError):
        return float("nan")
