"""Sequence charts: tx/rx pairing (relays, retransmissions, messages in flight together),
figure detection on the fixtures and the events.csv loader on bad input."""

import os
import unittest

import common
from haaro_analysis import msc, results

HEADER = "time_s,node,event,message,src,dst,detail\n"


def load_events(testcase, rows):
    d = common.tempdir(testcase)
    path = os.path.join(d, "events.csv")
    with open(path, "w") as f:
        f.write(HEADER + "".join(r + "\n" for r in rows))
    warnings = []
    return results.read_events(path, warnings), warnings


def summary(legs):
    """Legs as comparable tuples: (message, tx node, tx time, rx node, rx time)."""
    out = []
    for g in legs:
        out.append((g.message, g.tx.node if g.tx else None, g.tx.time if g.tx else None,
                    g.rx.node if g.rx else None, g.rx.time if g.rx else None))
    return sorted(out, key=lambda t: [str(x) for x in t])


class PairingTest(unittest.TestCase):
    def test_retransmission_pairs_the_copy_that_arrived(self):
        evs, _ = load_events(self, [
            "1.000000000,MR-C,tx,RRQ,MR-C,MR-A,leg=direct",
            "2.000000000,MR-C,tx,RRQ,MR-C,MR-A,leg=direct",
            "2.020000000,MR-A,rx,RRQ,MR-C,MR-A,leg=direct",
        ])
        self.assertEqual(summary(msc.pair_legs(evs)), [
            ("RRQ", "MR-C", 1.0, None, None),           # first copy lost
            ("RRQ", "MR-C", 2.0, "MR-A", 2.02),
        ])

    def test_duplicates_in_flight_do_not_cross(self):
        evs, _ = load_events(self, [
            "1.000000000,MR-C,tx,KEEPALIVE,MR-C,MR-A,",
            "1.005000000,MR-C,tx,KEEPALIVE,MR-C,MR-A,",
            "1.020000000,MR-A,rx,KEEPALIVE,MR-C,MR-A,",
            "1.025000000,MR-A,rx,KEEPALIVE,MR-C,MR-A,",
        ])
        self.assertEqual(summary(msc.pair_legs(evs)), [
            ("KEEPALIVE", "MR-C", 1.0, "MR-A", 1.02),
            ("KEEPALIVE", "MR-C", 1.005, "MR-A", 1.025),
        ])

    def test_three_copies_middle_one_lost(self):
        evs, _ = load_events(self, [
            "1.0,MR-C,tx,KEEPALIVE,MR-C,MR-A,",
            "1.02,MR-A,rx,KEEPALIVE,MR-C,MR-A,",
            "2.0,MR-C,tx,KEEPALIVE,MR-C,MR-A,",
            "3.0,MR-C,tx,KEEPALIVE,MR-C,MR-A,",
            "3.02,MR-A,rx,KEEPALIVE,MR-C,MR-A,",
        ])
        self.assertEqual(summary(msc.pair_legs(evs)), [
            ("KEEPALIVE", "MR-C", 1.0, "MR-A", 1.02),
            ("KEEPALIVE", "MR-C", 2.0, None, None),
            ("KEEPALIVE", "MR-C", 3.0, "MR-A", 3.02),
        ])

    def test_relayed_by_the_ha(self):
        evs, _ = load_events(self, [
            "1.000000000,MR-C,tx,HoTI,MR-C,MR-A,leg=tunnel",
            "1.000000000,MR-C,tx,CoTI,MR-C,MR-A,leg=direct",
            "1.017000000,HA,rx,HoTI,MR-C,MR-A,leg=tunnel",
            "1.017000000,HA,tx,HoTI,MR-C,MR-A,leg=tunnel",
            "1.017100000,HA,rx,CoTI,MR-C,MR-A,leg=direct",
            "1.017100000,HA,tx,CoTI,MR-C,MR-A,leg=tunnel",
            "1.034000000,MR-A,rx,HoTI,MR-C,MR-A,leg=tunnel",
            "1.034100000,MR-A,rx,CoTI,MR-C,MR-A,leg=tunnel",
        ])
        self.assertEqual(summary(msc.pair_legs(evs)), [
            ("CoTI", "HA", 1.0171, "MR-A", 1.0341),
            ("CoTI", "MR-C", 1.0, "HA", 1.0171),
            ("HoTI", "HA", 1.017, "MR-A", 1.034),
            ("HoTI", "MR-C", 1.0, "HA", 1.017),
        ])

    def test_relayed_retransmission_lost_after_the_ha(self):
        evs, _ = load_events(self, [
            "1.000,MR-C,tx,HoTI,MR-C,MR-A,leg=tunnel",
            "1.017,HA,rx,HoTI,MR-C,MR-A,leg=tunnel",
            "1.017,HA,tx,HoTI,MR-C,MR-A,leg=tunnel",
            "2.000,MR-C,tx,HoTI,MR-C,MR-A,leg=tunnel",
            "2.017,HA,rx,HoTI,MR-C,MR-A,leg=tunnel",
            "2.017,HA,tx,HoTI,MR-C,MR-A,leg=tunnel",
            "2.034,MR-A,rx,HoTI,MR-C,MR-A,leg=tunnel",
        ])
        self.assertEqual(summary(msc.pair_legs(evs)), [
            ("HoTI", "HA", 1.017, None, None),          # lost between HA and MR-A
            ("HoTI", "HA", 2.017, "MR-A", 2.034),
            ("HoTI", "MR-C", 1.0, "HA", 1.017),
            ("HoTI", "MR-C", 2.0, "HA", 2.017),
        ])

    def test_straight_without_ha_rows_and_zero_delay_ties(self):
        evs, _ = load_events(self, [
            "1.0,MR-C,tx,HoTI,MR-C,MR-A,leg=tunnel",
            "1.0,NODE-A,tx,DATA,NODE-A,NODE-C,path=direct",
            "1.0,MR-A,rx,DATA,NODE-A,NODE-C,path=direct",
            "1.034,MR-A,rx,HoTI,MR-C,MR-A,leg=tunnel",
        ])
        self.assertEqual(summary(msc.pair_legs(evs)), [
            ("DATA", "NODE-A", 1.0, "MR-A", 1.0),
            ("HoTI", "MR-C", 1.0, "MR-A", 1.034),
        ])

    def test_rx_without_tx(self):
        evs, _ = load_events(self, ["1.5,MR-A,rx,HoT,MR-C,MR-A,"])
        self.assertEqual(summary(msc.pair_legs(evs)), [("HoT", None, None, "MR-A", 1.5)])

    def test_loader_skips_bad_rows_and_sorts(self):
        evs, warnings = load_events(self, [
            "2.0,MR-A,tx,RRQ,MR-A,HA,leg=direct;S=1;solicit",
            "not-a-time,MR-A,tx,RRQ,MR-A,HA,",
            "1.0,MR-A,registered,,,",                 # 6 fields
            "1.0,MR-A,registered,,,,ha=HA",
            "nan,MR-A,tx,RRQ,MR-A,HA,",
        ])
        self.assertEqual([(e.time, e.event) for e in evs], [(1.0, "registered"), (2.0, "tx")])
        self.assertEqual(evs[1].info, {"leg": "direct", "S": "1"})
        self.assertEqual(evs[1].tags, ["solicit"])
        self.assertEqual(evs[1].leg, "direct")
        self.assertEqual(len(warnings), 3)


class DetectTest(unittest.TestCase):
    def test_draft_example_has_f14_and_f15(self):
        run = results.Run(os.path.join(common.FIXTURES, "draft-example"))
        charts = {c.fig_id: c for c in msc.detect_charts(run)}
        self.assertEqual(sorted(charts), ["f14", "f15"])
        f14, f15 = charts["f14"], charts["f15"]
        self.assertEqual(f14.columns, ["MR-A", "MR-B", "MR-C", "HA"])
        self.assertEqual((f14.t0, f14.t1), (1.0, 3.034))
        self.assertEqual(f15.columns, ["NODE-A", "MR-A", "HA", "MR-C", "NODE-C"])
        self.assertEqual((f15.t0, f15.t1), (5.0, 5.3201))
        legs = msc.pair_legs(run.events)
        shown, states = msc.select(f15, run, legs)
        got = [(g.message, g.tx.node, g.rx.node, msc.leg_style(g, msc.Roles(run)))
               for g in shown if g.message in ("HoTI", "CoT", "KEEPALIVE", "RRP")]
        self.assertEqual(got, [
            ("HoTI", "MR-C", "HA", "tunnel"), ("HoTI", "HA", "MR-A", "tunnel"),
            ("CoT", "MR-A", "HA", "tunnel"), ("CoT", "HA", "MR-C", "plain"),
            ("RRP", "HA", "MR-A", "plain"),
            ("RRP", "MR-A", "HA", "tunnel"), ("RRP", "HA", "MR-C", "plain"),
            ("KEEPALIVE", "MR-C", "MR-A", "ro"), ("KEEPALIVE", "MR-A", "MR-C", "ro"),
        ])
        # the registration chart shows only registrations with the HA
        shown14, _ = msc.select(f14, run, legs)
        self.assertEqual(len(shown14), 6)
        self.assertTrue(all(g.message in ("RRQ", "RRP") for g in shown14))

    def test_handover_has_f16_with_the_lost_keepalive(self):
        run = results.Run(os.path.join(common.FIXTURES, "handover"))
        charts = {c.fig_id: c for c in msc.detect_charts(run)}
        self.assertEqual(sorted(charts), ["f14", "f15", "f16"])
        f16 = charts["f16"]
        self.assertEqual(f16.columns, ["NODE-A", "MR-A", "HA", "MR-C", "NODE-C"])
        self.assertEqual((f16.t0, f16.t1), (9.92, 10.8201))
        shown, states = msc.select(f16, run, msc.pair_legs(run.events))
        lost = [g for g in shown if g.rx is None]
        self.assertEqual([(g.message, g.tx.node, g.tx.time) for g in lost],
                         [("KEEPALIVE", "MR-A", 10.2)])
        self.assertIn("coa-change", [e.event for e in states])
        self.assertIn("uplink-down", [e.event for e in states])
        # partial return routability: CoTI/CoT after the move, no HoTI
        msgs = [g.message for g in shown if g.tx and g.tx.time > 10.5]
        self.assertIn("CoTI", msgs)
        self.assertNotIn("HoTI", msgs)

    def test_no_charts_without_messages(self):
        run = results.Run(os.path.join(common.FIXTURES, "sweep-convergence", "mrs=3", "run-1"))
        self.assertEqual(msc.detect_charts(run), [])


if __name__ == "__main__":
    unittest.main()
