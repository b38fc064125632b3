"""./haaro plot on the fixture directories: every expected figure exists as a valid PNG and
PDF, figures.md lists them, output is reproducible, bad input does not crash."""

import os
import re
import subprocess
import sys
import unittest

import common
from haaro_analysis import aggregate, results, storm
from haaro_analysis.plot import plot_dir

EXPECTED = {
    "draft-example": ["msc-f14", "msc-f15", "topology-f1"],
    "handover": ["msc-f14", "msc-f15", "msc-f16", "topology-f1", "timeline"],
    "sweep-path-stretch": ["msc-f14", "topology-f1", "stretch-delay-stretch-cdf",
                           "stretch-hop-stretch-cdf", "stretch-means"],
    "sweep-convergence": ["convergence-cdf", "convergence-vs-mrs", "sweep-metrics-vs-mrs"],
    "nat-traversal": ["msc-f14", "topology-f1", "nat-matrix"],
    "sweep-failover": ["msc-f14", "topology-f1", "timeline", "failover-outage"],
    "storm": ["storm-load", "storm-times"],
    "vehicular": ["msc-f14", "msc-f15", "msc-f16", "topology-f1", "timeline",
                  "vehicular-handovers"],
}


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def read_text(path):
    with open(path) as f:
        return f.read()


def produced(figdir):
    return sorted({f.rsplit(".", 1)[0] for f in os.listdir(figdir)
                   if f.endswith(".png") or f.endswith(".pdf")})


class PlotFixturesTest(unittest.TestCase):
    def check(self, name):
        tmp = common.tempdir(self)
        d = common.fixture_copy(name, tmp)
        index, writer, errors = plot_dir(d)
        self.assertEqual(errors, [])
        figdir = os.path.join(d, "figures")
        self.assertEqual(produced(figdir), sorted(EXPECTED[name]))
        with open(os.path.join(figdir, "figures.md")) as f:
            md = f.read()
        for fig in EXPECTED[name]:
            common.assert_png(self, os.path.join(figdir, fig + ".png"))
            common.assert_pdf(self, os.path.join(figdir, fig + ".pdf"))
            self.assertIn("](%s.png)" % fig, md)
            self.assertIn("[%s.pdf](%s.pdf)" % (fig, fig), md)
        # one section per figure, each with a description
        self.assertEqual(len(re.findall(r"^## (?!Notes)", md, re.M)), len(EXPECTED[name]))
        return d, md

    def test_draft_example(self):
        d, md = self.check("draft-example")
        self.assertIn("F14", md)
        self.assertIn("F15", md)

    def test_handover(self):
        d, md = self.check("handover")
        self.assertIn("handover of MR-C", md)

    def test_vehicular(self):
        # haaro-scenario-vehicular --duration=11 --interval=50: one Wi-Fi handover
        d, md = self.check("vehicular")
        self.assertIn("handover of MR-C", md)
        self.assertIn("breakdown per phase", md)

    def test_vehicular_segments(self):
        from haaro_analysis import vehicular
        row = {"onset_s": "1", "link_down_s": "1.3", "link_up_s": "1.4", "address_s": "1.41",
               "registered_s": "1.44", "rr": "absent", "rr_start_s": "NaN",
               "rr_done_s": "NaN", "cr_sent_s": "NaN", "cr_accepted_s": "NaN",
               "direct_again_s": "1.5"}
        labels = [s[0] for s in vehicular._segments(row)]
        self.assertEqual(labels, ["L2 detection (missed beacons)", "scan + association",
                                  "DHCP", "HA registration", "until direct again"])
        row.update({"rr": "partial", "rr_start_s": "1.44", "rr_done_s": "1.49",
                    "cr_sent_s": "1.49", "cr_accepted_s": "1.54", "direct_again_s": "1.55"})
        labels = [s[0] for s in vehicular._segments(row)]
        self.assertEqual(labels[4:], ["until RR", "return routability", "CR registration",
                                      "until direct again"])

    def test_path_stretch_sweep(self):
        d, md = self.check("sweep-path-stretch")
        self.assertIn("95 %", md)
        # the per-run means computed from pairs.csv agree with the runs' own summaries
        sweep = results.Sweep(d)
        self.assertEqual(len(sweep.runs), 3)
        s, basis = aggregate.over_runs(
            sweep.runs, lambda r: [row["delay_stretch"] for row in r.table("pairs")
                                   if row["mode"] == "ha"])
        expect = [r["delay_stretch_ha_mean"] for r in sweep.runs_csv]
        self.assertEqual(basis, "over 3 runs")
        self.assertAlmostEqual(s.mean, sum(expect) / 3, places=5)

    def test_convergence_sweep(self):
        d, md = self.check("sweep-convergence")
        self.assertEqual(results.Sweep(d).varying_params(), ["mrs"])

    def test_nat_matrix(self):
        self.check("nat-traversal")

    def test_failover_sweep(self):
        d, md = self.check("sweep-failover")
        # sequence charts, topology and timeline of a sweep come from its first run
        self.assertIn("Drawn from the sweep's run run-1", md)
        self.assertIn("samples.csv and events.csv of run run-1", md)

    def test_storm(self):
        # haaro-scale-bench --out directories (N = 20, with and without renewals)
        d, md = self.check("storm")
        self.assertIn("Registration storm", md)
        lines = storm.table(d)
        self.assertEqual(len(lines), 6)  # rule, header, rule, two runs, rule
        self.assertIn("never", lines[3])  # n20-default: early routers never learn later ones
        self.assertIn("100 %", lines[4])  # n20-lifetime10: every flow direct at the end

    def test_reproducible_bytes(self):
        tmp = common.tempdir(self)
        d = common.fixture_copy("handover", tmp)
        plot_dir(d)
        figdir = os.path.join(d, "figures")
        first = {f: read_bytes(os.path.join(figdir, f)) for f in os.listdir(figdir)}
        plot_dir(d)
        second = {f: read_bytes(os.path.join(figdir, f)) for f in os.listdir(figdir)}
        self.assertEqual(sorted(first), sorted(second))
        for f in first:
            self.assertEqual(first[f], second[f], f + " differs between two plots")

    def test_command_line(self):
        tmp = common.tempdir(self)
        d = common.fixture_copy("draft-example", tmp)
        p = subprocess.run([sys.executable, os.path.join(common.ANALYSIS, "plot.py"), d,
                            "--formats=png"], capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("wrote 3 figures", p.stdout)
        self.assertEqual(sorted(os.listdir(os.path.join(d, "figures"))),
                         ["figures.md", "msc-f14.png", "msc-f15.png", "topology-f1.png"])
        p = subprocess.run([sys.executable, os.path.join(common.ANALYSIS, "plot.py"),
                            os.path.join(tmp, "nope")], capture_output=True, text=True)
        self.assertNotEqual(p.returncode, 0)


class BadInputTest(unittest.TestCase):
    def write(self, d, name, text):
        with open(os.path.join(d, name), "w") as f:
            f.write(text)

    def test_garbage_does_not_crash(self):
        d = common.tempdir(self)
        # bare nan in JSON (as %g prints it), broken CSV rows, tables with missing columns
        self.write(d, "summary.json",
                   '{"scenario": "x", "params": {"RngRun": 1}, "metrics": {"a_s": nan}}')
        self.write(d, "events.csv", "time_s,node,event,message,src,dst,detail\n"
                   "x,MR-A,tx,RRQ,MR-A,HA,\n1.0,MR-A,tx\n\x00\x01garbage\n"
                   "1.0,MR-A,tx,RRQ,MR-A,HA,leg=direct\n")
        self.write(d, "topology.json", '{"nodes": "oops"}')
        self.write(d, "pairs.csv", "run,mode\n1,ha\n")
        self.write(d, "convergence.csv", "mr,join_s\nMR-A,abc\n")
        self.write(d, "nat-matrix.csv", "mr_nat,cr_nat,ro\nnone,none,maybe\n")
        self.write(d, "failover.csv", "detector,param_s\n")
        self.write(d, "samples.csv", "time_s,flow\n1,a\n")
        index, writer, errors = plot_dir(d)
        self.assertEqual(errors, [])
        md = read_text(index)
        self.assertIn("## Notes", md)
        self.assertIn("bad time", md)
        self.assertIn("missing columns", md)
        for name, _, _, files in writer.entries:
            for f in files:
                self.assertTrue(os.path.getsize(os.path.join(d, "figures", f)) > 0)

    def test_prefix_change_sweep(self):
        # two runs of --event=move-prefix (lifetimes 30 and 60): one figure, no error
        root = common.tempdir(self)
        for lifetime, knows in ((30, "40.2"), (60, "nan")):
            d = os.path.join(root, "lifetime=%d" % lifetime, "run-1")
            os.makedirs(d)
            self.write(d, "summary.json",
                       '{"scenario": "convergence", "params": {"RngRun": 1, "event": '
                       '"move-prefix", "solicit": true, "lifetime": %d}, "metrics": '
                       '{"event_at_s": 40}}' % lifetime)
            self.write(d, "prefix-change.csv",
                       "mr,knows_owner_s,forgot_old_s,ro_works_s,ro_back_s,lost\n"
                       "MR-C,%s,40.03,40.3,40.3,2\nMR-D,41.0,40.03,41.2,41.2,0\n" % knows)
        index, writer, errors = plot_dir(root)
        self.assertEqual(errors, [])
        figdir = os.path.join(root, "figures")
        self.assertIn("prefix-change-move-prefix", produced(figdir))
        common.assert_png(self, os.path.join(figdir, "prefix-change-move-prefix.png"))

    def test_empty_directory(self):
        d = common.tempdir(self)
        index, writer, errors = plot_dir(d)
        self.assertEqual((errors, writer.entries), ([], []))
        self.assertIn("No figure could be drawn", read_text(index))


if __name__ == "__main__":
    unittest.main()
