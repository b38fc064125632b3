"""Mean and 95 % confidence intervals (Student t) on numbers worked out by hand."""

import math
import unittest

import common  # noqa: F401 (sets sys.path)
from haaro_analysis import aggregate, stats


class FakeRun:
    def __init__(self, values, run):
        self.values = values
        self.run_number = run
        self.params = {}


class StatsTest(unittest.TestCase):
    def test_t_table_values(self):
        self.assertAlmostEqual(stats.t975(1), 12.706)
        self.assertAlmostEqual(stats.t975(4), 2.776)
        self.assertAlmostEqual(stats.t975(30), 2.042)
        # between rows: interpolation in 1/df (exact values 2.030, 2.014, 1.962)
        self.assertAlmostEqual(stats.t975(35), 2.030, delta=0.002)
        self.assertAlmostEqual(stats.t975(45), 2.014, delta=0.002)
        self.assertAlmostEqual(stats.t975(1000), 1.962, delta=0.002)
        self.assertRaises(ValueError, stats.t975, 0)
        # decreasing towards 1.96
        ts = [stats.t975(d) for d in range(1, 400)]
        self.assertTrue(all(a > b for a, b in zip(ts, ts[1:])))
        self.assertGreater(ts[-1], 1.96)

    def test_mean_ci_five_values(self):
        s = stats.mean_ci([1, 2, 3, 4, 5])
        self.assertEqual(s.n, 5)
        self.assertAlmostEqual(s.mean, 3.0)
        self.assertAlmostEqual(s.sd, math.sqrt(2.5))
        # 2.776 * sqrt(2.5) / sqrt(5) = 1.962940...
        self.assertAlmostEqual(s.half, 2.776 * math.sqrt(0.5), places=9)
        self.assertAlmostEqual(s.lo, 3.0 - 1.96294, places=4)
        self.assertAlmostEqual(s.hi, 3.0 + 1.96294, places=4)

    def test_mean_ci_two_values(self):
        s = stats.mean_ci([10.0, 12.0])
        self.assertAlmostEqual(s.mean, 11.0)
        self.assertAlmostEqual(s.half, 12.706)  # sd/sqrt(2) = 1

    def test_nan_and_junk_dropped(self):
        s = stats.mean_ci([1.0, float("nan"), 3.0, None, "x", "5"])
        self.assertEqual(s.n, 3)
        self.assertEqual(s.dropped, 3)
        self.assertAlmostEqual(s.mean, 3.0)

    def test_degenerate(self):
        s = stats.mean_ci([])
        self.assertEqual(s.n, 0)
        self.assertTrue(math.isnan(s.mean))
        s = stats.mean_ci([7.5])
        self.assertEqual((s.n, s.mean), (1, 7.5))
        self.assertTrue(math.isnan(s.half))
        s = stats.mean_ci([2.0, 2.0, 2.0])
        self.assertEqual(s.half, 0.0)

    def test_text(self):
        self.assertEqual(stats.mean_ci([1, 2, 3, 4, 5]).text("{:.2f}", " s"),
                         "3.00 ± 1.96 s (n=5)")

    def test_ecdf_keeps_never_below_one(self):
        xs, ps = stats.ecdf([3.0, float("nan"), 1.0, 2.0], total=4)
        self.assertEqual(xs, [1.0, 2.0, 3.0])
        self.assertEqual(ps, [0.25, 0.5, 0.75])
        xs, ps = stats.ecdf([2.0, 1.0])
        self.assertEqual(ps, [0.5, 1.0])

    def test_ci_over_runs_uses_run_means(self):
        runs = [FakeRun([1.0, 3.0], 1), FakeRun([4.0, 6.0, 8.0], 2), FakeRun([5.0], 3)]
        s, basis = aggregate.over_runs(runs, lambda r: r.values)
        # run means 2, 6, 5: mean 13/3, sd = sqrt(((2-13/3)^2 + (6-13/3)^2 + (5-13/3)^2) / 2)
        sd = math.sqrt(((2 - 13 / 3) ** 2 + (6 - 13 / 3) ** 2 + (5 - 13 / 3) ** 2) / 2)
        self.assertEqual(s.n, 3)
        self.assertAlmostEqual(s.mean, 13 / 3)
        self.assertAlmostEqual(s.half, 4.303 * sd / math.sqrt(3))
        self.assertEqual(basis, "over 3 runs")
        s, basis = aggregate.over_runs(runs[:1], lambda r: r.values, "pairs")
        self.assertEqual((s.n, s.mean), (2, 2.0))
        self.assertAlmostEqual(s.half, 12.706 * math.sqrt(2) / math.sqrt(2))
        self.assertIn("pairs of 1 run", basis)


if __name__ == "__main__":
    unittest.main()
