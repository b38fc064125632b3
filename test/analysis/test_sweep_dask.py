"""./haaro sweep --scheduler: a real Dask scheduler and two workers on 127.0.0.1 (started
here as separate processes and torn down even on failure) run a small sweep; the result
must equal the local one and both workers must have run scenario programs.
Exits 77 (skipped) without Debian's python3-distributed."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import common

try:
    import distributed  # noqa: F401
    from dask.distributed import Client
except ImportError:
    print("SKIP: Dask's distributed package is missing (apt-get install python3-distributed)")
    sys.exit(77)

SWEEP = os.path.join(common.ANALYSIS, "sweep.py")
DEADLINE_S = 45


def _stop(proc):
    """Terminate one process group that this test started (by its id), then kill it."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)


class DaskSweepTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.t0 = time.monotonic()
        cls.tmp = tempfile.mkdtemp(prefix="haaro-dask-test-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)
        cls.logs = []
        sched_file = os.path.join(cls.tmp, "scheduler.json")
        cls.scheduler = cls._start("scheduler", [
            "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
            "--no-dashboard", "--scheduler-file", sched_file])
        while not os.path.isfile(sched_file):
            cls._check_alive(cls.scheduler, "scheduler")
            cls._check_deadline("the scheduler to start")
            time.sleep(0.2)
        time.sleep(0.2)  # the file is written in one go, but be safe
        with open(sched_file) as f:
            cls.address = json.load(f)["address"]
        cls.workers = []
        for i in (1, 2):
            cls.workers.append(cls._start("worker%d" % i, [
                "-m", "distributed.cli.dask_worker", "--scheduler-file", sched_file,
                "--host", "127.0.0.1", "--nthreads", "1", "--no-nanny", "--no-dashboard",
                "--death-timeout", "30", "--local-directory",
                os.path.join(cls.tmp, "worker%d" % i)]))
        client = Client(cls.address, timeout=20)
        try:
            while len(client.scheduler_info()["workers"]) < 2:
                for i, w in enumerate(cls.workers):
                    cls._check_alive(w, "worker%d" % (i + 1))
                cls._check_deadline("two workers to connect")
                time.sleep(0.2)
        finally:
            client.close()

    @classmethod
    def _start(cls, name, args):
        log = open(os.path.join(cls.tmp, name + ".log"), "w")
        cls.addClassCleanup(log.close)
        cls.logs.append(log.name)
        proc = subprocess.Popen([sys.executable] + args, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        cls.addClassCleanup(_stop, proc)
        return proc

    @classmethod
    def _check_alive(cls, proc, name):
        if proc.poll() is not None:
            raise RuntimeError("%s exited with %s:\n%s" % (name, proc.returncode,
                                                          cls._log_text()))

    @classmethod
    def _check_deadline(cls, what):
        if time.monotonic() - cls.t0 > DEADLINE_S:
            raise RuntimeError("timed out waiting for %s:\n%s" % (what, cls._log_text()))

    @classmethod
    def _log_text(cls):
        out = []
        for p in cls.logs:
            with open(p) as f:
                out.append("--- %s\n%s" % (os.path.basename(p), f.read()[-2000:]))
        return "\n".join(out)

    def sweep(self, out, *extra):
        remaining = max(5.0, DEADLINE_S + 10 - (time.monotonic() - self.t0))
        return subprocess.run([sys.executable, SWEEP, "fake", "--program=" + common.FAKE,
                               "--alpha=1,2", "--runs=3", "--sleep=0.3", "--out=" + out]
                              + list(extra), capture_output=True, text=True, timeout=remaining)

    def test_sweep_through_two_workers(self):
        out = os.path.join(self.tmp, "dask")
        p = self.sweep(out, "--scheduler", self.address)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr + self._log_text())
        self.assertIn("on Dask scheduler %s" % self.address, p.stdout)
        self.assertIn("6 ran, 0 skipped", p.stdout)
        # every run was started by one of the two worker processes, and both took part
        parents = set()
        for a in ("1", "2"):
            for k in (1, 2, 3):
                d = os.path.join(out, "alpha=%s,sleep=0.3" % a, "run-%d" % k)
                self.assertTrue(os.path.isfile(os.path.join(d, "summary.json")), d)
                self.assertTrue(os.path.isfile(os.path.join(d, "params.json")), d)
                with open(os.path.join(d, "runner.txt")) as f:
                    parents.add(int(f.read()))
        self.assertEqual(parents, {w.pid for w in self.workers})
        # same runs.csv as a local sweep
        local = os.path.join(self.tmp, "local")
        q = self.sweep(local, "--jobs=2")
        self.assertEqual(q.returncode, 0, q.stdout + q.stderr)
        with open(os.path.join(out, "runs.csv")) as f1, \
                open(os.path.join(local, "runs.csv")) as f2:
            self.assertEqual(f1.read(), f2.read())
        # finished runs are not sent to the cluster again
        r = self.sweep(out, "--scheduler", self.address)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("6 done already, 0 to run", r.stdout)
        self.assertLess(time.monotonic() - self.t0, 60)


if __name__ == "__main__":
    unittest.main()
