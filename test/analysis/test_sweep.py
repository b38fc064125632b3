"""./haaro sweep with local processes: one directory per run with params.json, runs.csv,
skipping finished runs, failures, argument errors; a fake scenario program stands in."""

import json
import os
import subprocess
import sys
import unittest

import common

SWEEP = os.path.join(common.ANALYSIS, "sweep.py")

EXPECTED_RUNS_CSV = """run,alpha,mode,RngSeed,delay_ms,lost_packets,never_s,ratio
1,1,a,1,11,1,nan,0.333333333
2,1,a,1,12,0,nan,0.25
1,1,b,1,11,1,nan,0.333333333
2,1,b,1,12,0,nan,0.25
1,2.5,a,1,26,1,nan,0.833333333
2,2.5,a,1,27,0,nan,0.625
1,2.5,b,1,26,1,nan,0.833333333
2,2.5,b,1,27,0,nan,0.625
"""

DIRS = ["alpha=1,mode=a", "alpha=1,mode=b", "alpha=2.5,mode=a", "alpha=2.5,mode=b"]


def sweep(*args, timeout=60):
    return subprocess.run([sys.executable, SWEEP, "fake", "--program=" + common.FAKE]
                          + list(args), capture_output=True, text=True, timeout=timeout)


def read(path):
    with open(path) as f:
        return f.read()


class LocalSweepTest(unittest.TestCase):
    def setUp(self):
        self.out = os.path.join(common.tempdir(self), "sweep")

    def run_grid(self, jobs="2"):
        p = sweep("--alpha=1,2.5", "--mode=a,b", "--runs=2", "--jobs=" + jobs,
                  "--out=" + self.out)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        return p

    def test_grid_directories_params_and_runs_csv(self):
        p = self.run_grid()
        self.assertIn("8 ran, 0 skipped", p.stdout)
        self.assertEqual(sorted(os.listdir(self.out)), sorted(DIRS + ["runs.csv"]))
        for sub in DIRS:
            self.assertEqual(sorted(os.listdir(os.path.join(self.out, sub))),
                             ["run-1", "run-2"])
        d = os.path.join(self.out, "alpha=2.5,mode=b", "run-2")
        params = json.loads(read(os.path.join(d, "params.json")))
        self.assertEqual(params["params"], {"alpha": "2.5", "mode": "b"})
        self.assertEqual(params["run"], 2)
        self.assertEqual(params["scenario"], "fake")
        self.assertEqual(params["args"], ["--RngRun=2", "--alpha=2.5", "--mode=b"])
        # the program really got its arguments, outDir included
        summary = read(os.path.join(d, "summary.json"))
        self.assertIn('"RngRun": 2', summary)
        self.assertIn('"delay_ms": 27', summary)
        self.assertIn("run 2 alpha 2.5 done", read(os.path.join(d, "log.txt")))
        self.assertEqual(read(os.path.join(self.out, "runs.csv")), EXPECTED_RUNS_CSV)

    def test_skips_finished_runs_and_is_deterministic(self):
        self.run_grid()
        first = read(os.path.join(self.out, "runs.csv"))
        redo = os.path.join(self.out, "alpha=1,mode=b", "run-2")
        keep = os.path.join(self.out, "alpha=2.5,mode=a", "run-1")
        os.remove(os.path.join(redo, "summary.json"))
        with open(os.path.join(keep, "log.txt"), "w") as f:
            f.write("sentinel\n")
        p = self.run_grid(jobs="1")
        self.assertIn("7 done already, 1 to run", p.stdout)
        self.assertIn("1 ran, 7 skipped", p.stdout)
        self.assertEqual(read(os.path.join(keep, "log.txt")), "sentinel\n")  # not rerun
        self.assertTrue(os.path.isfile(os.path.join(redo, "summary.json")))
        self.assertEqual(read(os.path.join(self.out, "runs.csv")), first)
        # a third call has nothing to do
        p = self.run_grid()
        self.assertIn("0 to run", p.stdout)
        self.assertEqual(read(os.path.join(self.out, "runs.csv")), first)

    def test_failed_runs_are_reported_and_retried(self):
        p = sweep("--fail=0,1", "--runs=2", "--jobs=2", "--out=" + self.out)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn("2 ran, 0 skipped (done before), 2 failed", p.stdout)
        self.assertIn("exit code 3", p.stdout)
        failed = os.path.join(self.out, "fail=1", "run-1")
        self.assertFalse(os.path.exists(os.path.join(failed, "summary.json")))
        self.assertIn("failing as asked", read(os.path.join(failed, "log.txt")))
        rows = read(os.path.join(self.out, "runs.csv")).splitlines()
        self.assertEqual(len(rows), 3)          # header + the two runs of fail=0
        self.assertTrue(rows[0].startswith("run,fail,"))
        p = sweep("--fail=0,1", "--runs=2", "--out=" + self.out)
        self.assertIn("2 done already, 2 to run", p.stdout)
        self.assertEqual(p.returncode, 1)

    def test_timeout(self):
        p = sweep("--sleep=5", "--runs=1", "--timeout=0.5", "--out=" + self.out)
        self.assertEqual(p.returncode, 1)
        self.assertIn("timed out", p.stdout)

    def test_argument_errors(self):
        for bad in (["--RngRun=3"], ["--alpha="], ["--alpha=1,,2"], ["stray"],
                    ["--alpha=1", "--alpha=2"], ["--runs=0"]):
            p = sweep("--out=" + self.out, *bad)
            self.assertEqual(p.returncode, 2, (bad, p.stdout, p.stderr))
        p = subprocess.run([sys.executable, SWEEP, "fake", "--program=/nonexistent/prog",
                            "--out=" + self.out], capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 2)
        self.assertIn("no executable scenario program", p.stderr)

    def test_dry_run_and_default_program(self):
        env = dict(os.environ, HAARO_BUILD_DIR="/some/build")
        p = subprocess.run([sys.executable, SWEEP, "handover", "--alpha=1,2", "--runs=2",
                            "--dry-run", "--out=" + self.out], capture_output=True, text=True,
                           env=env, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stdout.splitlines()
        self.assertEqual(len(lines), 5)
        self.assertEqual(lines[0], "/some/build/examples/haaro-scenario-handover --RngRun=1 "
                         "--outDir=%s/alpha=1/run-1 --alpha=1" % self.out)
        self.assertFalse(os.path.exists(self.out))

    def test_plot_of_the_sweep(self):
        self.run_grid()
        from haaro_analysis.plot import plot_dir
        index, writer, errors = plot_dir(self.out, formats=("png",))
        self.assertEqual(errors, [])
        names = [e[0] for e in writer.entries]
        self.assertIn("sweep-metrics-vs-alpha", names)
        self.assertIn("sweep-metrics-vs-mode", names)
        common.assert_png(self, os.path.join(self.out, "figures", "sweep-metrics-vs-alpha.png"))


if __name__ == "__main__":
    unittest.main()
