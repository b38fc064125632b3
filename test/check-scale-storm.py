#!/usr/bin/env python3
"""ctest script/scale-storm: the registration storm of haaro-scale-bench, measured on small
runs (N = 20 and 100 routers, a few seconds each).

    check-scale-storm.py BENCH WORKDIR [SCENARIO]

- N = 20, 20 s, lifetime 10 s: storm.csv and summary.csv have their columns; every
  router registered both bindings; the re-registrations (after 8 s) tell every router
  about every other site, so all know all and every flow goes direct by the end; the
  octets of registration messages on the backend link are counted both ways; the same
  parameters give byte-identical CSV files.
- N = 20, 12.5 s, bins of 5 s: the last bin ends at 12.5 s and the bins add up to the
  totals; the datagrams sent, delivered and delivered once at least agree.
- N = 20, 20 s, the default lifetime (1800 s): a router learns only about routers that
  registered before it (advertisements come only in replies), so not all know all and
  some flows stay on the HA path.
- N = 100, 8 s: the default advertisement (about 1,700 octets) makes fragmented replies;
  --maxAdvertisementSize=1400 (one MTU) makes none, and no advertisement is larger;
  --directReceive=false (ns-3's handler scans at the ISP routers) gives byte-identical
  CSVs, and so does --eventCensus, whose events.csv adds up to the events executed;
  cpu.csv has one row per bin and perf.csv's steady state (--steadyFrom) is the
  difference of its rows; its memory census (cache entries, queue disc flows, queued
  packets) is the same in both runs of the same simulation, the flows never decrease (ns-3's
  FqCoDel keeps a flow once made) and the caches hold entries.
- With SCENARIO (haaro-scenario-storm), the first run's parameters: its storm.csv is the
  benchmark's byte for byte and its summary.json metrics are the benchmark's summary.csv
  (--watch=0); with --watch=2 the storm is the same, samples.csv holds the datagrams of the
  10th and the 20th site (via the HA, then direct) and events.csv their routers' events.
"""

import csv
import filecmp
import json
import math
import os
import subprocess
import sys

STORM = ("bin_end_s,reg_octets_in,reg_octets_out,reg_octets_per_s,requests,replies,"
         "reply_fragments,retransmissions,advertisements,adv_octets,adv_max_octets,"
         "ro_signalling_octets,backend_drops,routers_registered,bindings_registered,"
         "routers_knowing_all,cache_prefixes,flows_delivered,flows_direct,flows_via_ha,"
         "ha_tunnelled_datagrams").split(",")
PARAMS = ("n,duration_s,spread_s,traffic_start_s,lifetime_s,max_advertisement_bytes,bin_s,"
          "rng_run").split(",")
METRICS = ("simulator_events,requests,replies,reply_fragments,retransmissions,"
           "registration_bytes,registration_peak_bytes_per_s,ro_signalling_bytes,backend_drops,"
           "advertisements,advertisement_bytes,advertisement_min_bytes,"
           "advertisement_median_bytes,advertisement_p90_bytes,advertisement_max_bytes,"
           "advertisement_max_routers,all_registered_s,all_bindings_registered_s,"
           "all_know_all_s,all_flows_direct_s,ro_fraction_last_bin,sent_packets,"
           "delivered_packets,delivered_unique_packets,ha_tunnelled_packets").split(",")
SUMMARY = PARAMS + METRICS

failures = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


def run(bench, workdir, name, *args):
    out = os.path.join(workdir, name)
    subprocess.run([bench, "--out=" + out, *args], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(out, "storm.csv")) as f:
        storm = list(csv.DictReader(f))
    with open(os.path.join(out, "summary.csv")) as f:
        summary = list(csv.DictReader(f))
    return out, storm, summary


def check_scenario(scenario, workdir, bench_out, bench_summary, args):
    """haaro-scenario-storm with the benchmark's parameters: the same storm.csv, byte for
    byte, and the same metrics; watching routers (events, samples) changes no simulated
    packet."""
    runs = {}
    for watch in (0, 2):
        out = os.path.join(workdir, "scenario-watch%d" % watch)
        subprocess.run([scenario, "--outDir=" + out, "--watch=%d" % watch, *args], check=True,
                       stdout=subprocess.DEVNULL)
        with open(os.path.join(out, "summary.json")) as f:
            runs[watch] = (out, json.load(f))
    for watch, (out, summary) in runs.items():
        check(filecmp.cmp(os.path.join(bench_out, "storm.csv"), os.path.join(out, "storm.csv"),
                          shallow=False),
              "scenario --watch=%d: storm.csv is the benchmark's, byte for byte" % watch)
    out, summary = runs[0]
    metrics = summary["metrics"]
    check(sorted(metrics) == sorted(METRICS) and
          all(_same(metrics[k], bench_summary[k]) for k in METRICS),
          "scenario --watch=0: summary.json has the benchmark's metrics, the same values")
    check(summary["params"]["n"] == 20 and summary["params"]["lifetime"] == 10,
          "scenario: its parameters in summary.json")
    out, summary = runs[2]
    with open(os.path.join(out, "samples.csv")) as f:
        samples = list(csv.DictReader(f))
    flows = sorted({r["flow"] for r in samples})
    check(len(flows) == 2 and flows[0].startswith("NODE-J->") and flows[1].startswith("NODE-T->")
          and {r["path"] for r in samples} == {"via-ha", "direct"},
          "scenario --watch=2: samples.csv holds the datagrams of NODE-J's and NODE-T's flows "
          "(the 10th and the last to register), first via the HA, then direct")
    with open(os.path.join(out, "events.csv")) as f:
        nodes = {r["node"] for r in csv.DictReader(f)}
    check(nodes == {"MR-J", "MR-T"}, "scenario --watch=2: events.csv holds MR-J's and MR-T's")


def _same(a, b):
    """A summary.json value and a summary.csv cell are the same number."""
    try:
        x, y = float(a), float(b)
    except (TypeError, ValueError):
        return str(a) == b
    return x == y or (math.isnan(x) and math.isnan(y))


def main():
    bench, workdir = sys.argv[1], sys.argv[2]
    scenario = sys.argv[3] if len(sys.argv) > 3 else None
    os.makedirs(workdir, exist_ok=True)
    small = ["--n=20", "--duration=20"]
    out, storm, summary = run(bench, workdir, "renewing", *small, "--lifetime=10")
    check(list(storm[0].keys()) == STORM, "storm.csv columns")
    check(len(summary) == 1 and list(summary[0].keys()) == SUMMARY, "summary.csv columns")
    check(len(storm) == 20 and float(storm[-1]["bin_end_s"]) == 20.0, "20 bins of 1 s")
    last, s = storm[-1], summary[0]
    check(int(last["routers_registered"]) == 20 and int(last["bindings_registered"]) == 40,
          "every router registered both uplinks")
    check(float(s["all_registered_s"]) < 5.5,
          "all registered within the 5 s spread (+ round trips)")
    check(int(last["routers_knowing_all"]) == 20 and s["all_know_all_s"] != "NaN",
          "every router's cache routes every other site's prefix to its owner")
    check(int(last["flows_direct"]) == 20 and float(s["ro_fraction_last_bin"]) == 1.0,
          "every flow goes direct in the last bin")
    check(sum(int(r["reg_octets_in"]) for r in storm) > 0 and
          sum(int(r["reg_octets_out"]) for r in storm) > 0,
          "registration octets counted in both directions on the backend link")
    check(sum(int(r["requests"]) for r in storm) == int(s["requests"]) > 40,
          "requests: initial and renewals")
    sent, unique = int(s["sent_packets"]), int(s["delivered_unique_packets"])
    check(sent == 20 * 15 and sent - 20 <= unique <= sent <= int(s["delivered_packets"]),
          "datagrams: 15 per site sent (5-19 s), each delivered once at least but those in "
          "flight at the end, copies counted apart")
    _, partial, psum = run(bench, workdir, "partial-bin", "--n=20", "--duration=12.5",
                           "--bin=5")
    check([r["bin_end_s"] for r in partial] == ["5.000", "10.000", "12.500"] and
          sum(int(r["requests"]) for r in partial) == int(psum[0]["requests"]),
          "--duration not a multiple of --bin: the last bin ends with the run, every "
          "request in a bin")
    again, _, _ = run(bench, workdir, "renewing-again", *small, "--lifetime=10")
    check(all(filecmp.cmp(os.path.join(out, f), os.path.join(again, f), shallow=False)
              for f in ("storm.csv", "summary.csv")), "same parameters: byte-identical CSVs")

    _, storm, summary = run(bench, workdir, "no-renewal", *small)
    check(int(storm[-1]["routers_registered"]) == 20, "default lifetime: all registered")
    check(summary[0]["all_know_all_s"] == "NaN" and int(storm[-1]["routers_knowing_all"]) < 20,
          "default lifetime: early routers never learn about later ones")
    check(int(storm[-1]["flows_via_ha"]) > 0, "default lifetime: some flows stay on the HA")

    sized = ["--n=100", "--duration=8"]
    big_out, _, big = run(bench, workdir, "large-adv", *sized, "--steadyFrom=4")
    scan_out, _, _ = run(bench, workdir, "large-adv-scan", *sized, "--directReceive=false")
    check(all(filecmp.cmp(os.path.join(big_out, f), os.path.join(scan_out, f), shallow=False)
              for f in ("storm.csv", "summary.csv")),
          "the ISP routers' direct receive changes no simulated octet or event")
    with open(os.path.join(big_out, "perf.csv")) as f:
        perf = list(csv.DictReader(f))[0]
    with open(os.path.join(big_out, "cpu.csv")) as f:
        cpu = list(csv.DictReader(f))
    check(len(cpu) == 8 and all(float(a["cpu_s"]) <= float(b["cpu_s"]) and
                                int(a["events"]) < int(b["events"]) and
                                int(a["delivered"]) <= int(b["delivered"])
                                for a, b in zip(cpu, cpu[1:])),
          "cpu.csv: one row per bin, CPU, events and datagrams never decrease")
    census = ("roc_entries", "queue_disc_flows", "queued_packets")
    with open(os.path.join(scan_out, "cpu.csv")) as f:
        scan_cpu = list(csv.DictReader(f))
    check([[r[c] for c in census] for r in cpu] == [[r[c] for c in census] for r in scan_cpu]
          and all(float(r["rss_mib"]) > 0 for r in cpu)
          and all(int(a["queue_disc_flows"]) <= int(b["queue_disc_flows"])
                  for a, b in zip(cpu, cpu[1:]))
          and int(cpu[0]["queue_disc_flows"]) > 0
          and int(cpu[-1]["roc_entries"]) > 0,
          "cpu.csv: the memory census is the same simulation's in both runs, flows never "
          "decrease, the caches hold entries")
    check(perf["steady_from_s"] == "4" and perf["steady_to_s"] == "8" and
          int(perf["steady_events"]) == int(cpu[7]["events"]) - int(cpu[3]["events"]) > 0 and
          int(perf["steady_datagrams"]) ==
          int(cpu[7]["delivered"]) - int(cpu[3]["delivered"]) > 0,
          "perf.csv: the steady state (--steadyFrom=4) is the bins from 4 s to the end")
    census_out, _, _ = run(bench, workdir, "census", *sized, "--eventCensus")
    check(all(filecmp.cmp(os.path.join(big_out, f), os.path.join(census_out, f), shallow=False)
              for f in ("storm.csv", "summary.csv")),
          "--eventCensus changes no simulated octet or event")
    with open(os.path.join(census_out, "events.csv")) as f:
        kinds = list(csv.DictReader(f))
    with open(os.path.join(census_out, "perf.csv")) as f:
        census_events = int(list(csv.DictReader(f))[0]["events"])
    check(sum(int(k["events"]) for k in kinds) == census_events and
          any("PointToPointNetDevice" in k["kind"] for k in kinds[:2]) and
          any("RoDirectTunnelSet" in k["kind"] for k in kinds),
          "events.csv: the kinds add up to the events executed (point-to-point first, the "
          "direct tunnels' keepalive timers among them)")
    _, _, mtu = run(bench, workdir, "mtu-adv", *sized, "--maxAdvertisementSize=1400")
    check(int(big[0]["reply_fragments"]) > 0 and int(big[0]["advertisement_max_bytes"]) > 1400,
          "65535: the largest replies are fragmented")
    check(int(mtu[0]["reply_fragments"]) == 0 and int(mtu[0]["advertisement_max_bytes"]) <= 1400,
          "1400: no fragment, no advertisement above 1400 octets")
    if scenario:
        check_scenario(scenario, workdir, out, s, small + ["--lifetime=10"])
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
