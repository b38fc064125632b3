"""haaro_analysis.frames: a sweep directory as a pandas DataFrame and an xarray Dataset, on
the fixtures and on a two-parameter sweep that sweep.py runs with the fake scenario.
Exits 77 (skipped) without Debian's python3-pandas and python3-xarray."""

import math
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import common

try:
    import pandas as pd
    import xarray  # noqa: F401
except ImportError:
    print("SKIP: pandas or xarray is missing (apt-get install python3-pandas python3-xarray)")
    sys.exit(77)

from haaro_analysis.frames import runs_dataset, runs_frame, swept_params  # noqa: E402

SWEEP = os.path.join(common.ANALYSIS, "sweep.py")


def fixture(name):
    return os.path.join(common.FIXTURES, name)


class FixtureFrameTest(unittest.TestCase):
    def test_path_stretch_frame_equals_runs_csv(self):
        d = fixture("sweep-path-stretch")
        frame = runs_frame(d)
        csv = pd.read_csv(os.path.join(d, "runs.csv"))
        self.assertEqual(list(frame.columns), list(csv.columns) + ["dir"])
        pd.testing.assert_frame_equal(frame.drop(columns="dir"), csv)
        self.assertEqual(list(frame["dir"]), ["mrs=4/run-1", "mrs=4/run-2", "mrs=4/run-3"])
        self.assertEqual(frame["mrs"].dtype.kind, "i")  # "4" in params.json, 4 in summary
        self.assertEqual(frame.attrs["swept"], ["mrs"])

    def test_convergence_without_runs_csv(self):
        d = fixture("sweep-convergence")
        self.assertFalse(os.path.exists(os.path.join(d, "runs.csv")))
        frame = runs_frame(d)
        self.assertEqual(len(frame), 4)
        self.assertEqual(list(zip(frame["mrs"], frame["run"])), [(3, 1), (3, 2), (6, 1), (6, 2)])
        row = frame[(frame["mrs"] == 6) & (frame["run"] == 2)].iloc[0]
        self.assertEqual(row["knows_all_mean_s"], 22.534)
        self.assertEqual(row["never_converged"], 1)
        self.assertEqual(row["duration"], 120)

    def test_convergence_dataset(self):
        ds = runs_dataset(fixture("sweep-convergence"))
        self.assertEqual(dict(ds.sizes), {"mrs": 2, "run": 2})
        self.assertEqual(list(ds["mrs"].values), [3, 6])
        self.assertEqual(float(ds["knows_all_mean_s"].sel(mrs=6, run=2)), 22.534)
        frame = runs_frame(fixture("sweep-convergence"))
        means = frame.groupby("mrs")["ro_works_mean_s"].mean()
        for mrs in (3, 6):
            self.assertAlmostEqual(float(ds["ro_works_mean_s"].mean("run").sel(mrs=mrs)),
                                   means[mrs])

    def test_no_grid_means_run_is_the_only_dimension(self):
        d = fixture("sweep-failover")  # params.json has no swept parameter
        self.assertEqual(swept_params(d), [])
        ds = runs_dataset(d)
        self.assertEqual(dict(ds.sizes), {"run": 2})
        self.assertEqual(list(ds["outage_s"].values), [0.65, 0.65])

    def test_empty_directory_is_an_error(self):
        with self.assertRaises(ValueError):
            runs_frame(common.tempdir(self))


class TwoParameterSweepTest(unittest.TestCase):
    """A real sweep.py run over --alpha=1,2.5 --mode=a,b, 2 runs each (fake scenario)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="haaro-analysis-test-")
        cls.out = os.path.join(cls.tmp, "sweep")
        p = subprocess.run([sys.executable, SWEEP, "fake", "--program=" + common.FAKE,
                            "--alpha=1,2.5", "--mode=a,b", "--runs=2", "--jobs=2",
                            "--out=" + cls.out], capture_output=True, text=True, timeout=120)
        assert p.returncode == 0, p.stdout + p.stderr

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, True)

    def test_frame_types_and_values(self):
        frame = runs_frame(self.out)
        self.assertEqual(len(frame), 8)
        self.assertEqual(frame.attrs["swept"], ["alpha", "mode"])
        self.assertEqual(frame["alpha"].dtype.kind, "f")   # 1 and "2.5" -> 1.0, 2.5
        self.assertEqual(sorted(set(frame["mode"])), ["a", "b"])
        self.assertTrue(frame["never_s"].isna().all())  # the program's nan stays NaN
        # the fake's metrics: delay_ms = 10 alpha + run
        for _, r in frame.iterrows():
            self.assertEqual(r["delay_ms"], 10 * r["alpha"] + r["run"])
        csv = pd.read_csv(os.path.join(self.out, "runs.csv"))
        pd.testing.assert_frame_equal(frame.drop(columns="dir"), csv, check_dtype=False)

    def test_dataset_dimensions_and_selection(self):
        ds = runs_dataset(self.out)
        self.assertEqual(ds["delay_ms"].dims, ("alpha", "mode", "run"))
        self.assertEqual(dict(ds.sizes), {"alpha": 2, "mode": 2, "run": 2})
        self.assertEqual(float(ds["delay_ms"].sel(alpha=2.5, mode="b", run=2)), 27.0)
        self.assertEqual(list(ds["delay_ms"].mean("run").sel(mode="a").values), [11.5, 26.5])
        self.assertEqual(str(ds["dir"].sel(alpha=1.0, mode="b", run=1).values),
                         os.path.join("alpha=1,mode=b", "run-1"))

    def test_missing_run_is_nan_and_duplicates_are_refused(self):
        tmp = common.tempdir(self)
        out = os.path.join(tmp, "sweep")
        shutil.copytree(self.out, out)
        os.remove(os.path.join(out, "alpha=2.5,mode=a", "run-2", "summary.json"))
        ds = runs_dataset(out)
        self.assertEqual(len(runs_frame(out)), 7)
        self.assertTrue(math.isnan(float(ds["delay_ms"].sel(alpha=2.5, mode="a", run=2))))
        self.assertEqual(float(ds["delay_ms"].sel(alpha=2.5, mode="a", run=1)), 26.0)
        # a copy of a run directory: two runs with the same parameters and RngRun
        shutil.copytree(os.path.join(out, "alpha=1,mode=a", "run-1"),
                        os.path.join(out, "alpha=1,mode=a", "run-1-copy"))
        with self.assertRaisesRegex(ValueError, "run-1-copy"):
            runs_dataset(out)


if __name__ == "__main__":
    unittest.main()
