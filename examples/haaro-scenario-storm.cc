/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * haaro-scenario-storm (scenario "storm"): where HAARO's single Home Agent saturates. The
 * registration storm of bench/haaro-scale-bench (issue 14 goal 2) as a scenario, so that
 * `./haaro sweep storm --n=... --maxAdvertisementSize=... --runs=K` gives every metric with
 * a confidence interval over --RngRun, in the format of doc/results-format.md.
 *
 * The network (StormNetwork): one Home Agent with HAARO on, --n dual-homed mobile routers
 * on 3 ISPs, route optimization on; the routers start one after another over [0, --spread)
 * and request --lifetime s (the HA grants up to it); the HA's Prefix Advertisements are at
 * most --maxAdvertisementSize octets (RFC 6521 section 7: the rest by solicitation). Every
 * site's first host sends one 100-octet datagram per second to the first host of one
 * fixed, randomly chosen other site (which one depends on --RngRun), from --trafficStart
 * on (the sites one after another within 1 s).
 *
 * Measured (StormRecorder, from trace sources and the packets on the HA's backend link):
 * - storm.csv, one row per --bin s: the HA's registration signalling on its backend link
 *   (IP octets both ways and per second, requests, replies, reply fragments, the routers'
 *   retransmissions, advertisements and their sizes, relayed route optimization
 *   signalling, drops), the routers and bindings registered, the routers whose cache
 *   routes every other site's prefix to its owner, and the flows delivered, direct and via
 *   the HA in the bin (the same file as haaro-scale-bench --out, byte for byte);
 * - summary.json metrics: the totals, the advertisement sizes (min, median, 90th
 *   percentile, max), all_registered_s, all_bindings_registered_s, all_know_all_s,
 *   all_flows_direct_s (NaN: never within the run), ro_fraction_last_bin, the peak
 *   signalling rate, the datagrams sent, delivered and delivered once at least;
 * - events.csv: every event of --watch routers, spread over the registration order with
 *   the last one among them (--watch=2, N = 20: MR-J and MR-T): registration,
 *   advertisements, route optimization, first datagrams per path; not the HA's (at
 *   N = 10,000 its rows alone would be some 600,000: its load is in storm.csv);
 *   samples.csv: every datagram of those routers' sites as it arrived, copies included
 *   (flow NODE-J->NODE-X);
 * - topology.json; with --pcap, the captures of the HA and of every uplink (2 N + 1 files:
 *   for small N), pcap-sent.csv and pcap-advertised.csv, and the HA's events in events.csv.
 *
 *   ./haaro run haaro-scenario-storm [--n=100] [--duration=60] [--spread=5]
 *        [--trafficStart=5] [--lifetime=1800] [--maxAdvertisementSize=65535] [--bin=1]
 *        [--watch=2] [--pcap=false] [--outDir=results/storm] [--RngRun=1]
 */
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/haaro-scenario-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("HaaroScenarioStorm");

int
main(int argc, char* argv[])
{
    StormParams p;
    p.duration = 60;
    uint32_t watch = 2;
    bool pcap = false;
    std::string outDir = "results/storm";

    ScenarioOptions options(__FILE__);
    options.Usage("Registration storm: where one Home Agent saturates, N routers and the RFC "
                  "6521 levers (advertisement size, spreading, lifetime).\n\nWrites its results "
                  "into --outDir (doc/results-format.md): storm.csv per bin, summary.json.");
    p.Declare([&options](const std::string& name, const std::string& help, auto& value) {
        options.Add(name, help, value);
    });
    options.Add("watch",
                "number of routers whose events and datagrams are recorded (spread over the "
                "registration order, the last one among them)",
                watch);
    options.AddPcap("write <node>-<device>.pcap files of the HA and every uplink into outDir",
                    pcap);
    options.Add("outDir", "output directory", outDir);
    options.Parse(argc, argv);
    p.Check();
    watch = std::min(watch, p.n);

    ScenarioRecorder rec("storm", outDir);
    options.Record(rec);
    StormNetwork storm(p);
    const VirtualOperatorTopology& topology = storm.GetTopology();
    const NemoNetwork& network = storm.GetNetwork();
    rec.AddTopology(topology);
    StormRecorder recorder(storm);
    storm.InstallTraffic(MakeCallback(&StormRecorder::OnReceive, &recorder));
    recorder.Start();
    for (uint32_t k = 1; k <= watch; ++k)
    {
        // Spread over the registration order, the last router among them: a router hears
        // of those registered before it (RFC 6521 section 3.1), so the first ones know none.
        uint32_t site = uint64_t(k) * p.n / watch - 1;
        std::string name = ScenarioRecorder::MobileRouterName(site);
        rec.Watch(network.mobileRouters[site], name);
        rec.WatchDataPath(network.mobileRouters[site], name);
        recorder.WatchFlow(site);
    }
    if (pcap)
    {
        // The HA's events too: pcap-advertised.csv lists what its replies advertised.
        rec.Watch(network.homeAgent, "HA");
        rec.EnablePcap(topology);
    }

    storm.Run();

    for (const auto& [name, value] : recorder.Metrics())
    {
        rec.SetMetric(name, value);
    }
    for (const auto& [flow, samples] : recorder.GetFlowSamples())
    {
        rec.AddSamples(flow, samples);
    }
    rec.Write();
    std::ofstream(outDir + "/storm.csv", std::ios::binary | std::ios::trunc) << recorder.StormCsv();

    StormBin total = recorder.GetTotal();
    auto [largest, largestRouters] = recorder.GetLargest();
    std::cout << "storm: " << p.n << " routers over " << p.spread << " s, " << p.duration
              << " s simulated, results in " << outDir << "/\n"
              << "  HA: " << total.requests << " requests (" << total.retransmissions
              << " retransmitted), " << total.replies << " replies in " << total.replyFragments
              << " fragments, largest advertisement " << largest << " octets (" << largestRouters
              << " routers), " << total.drops << " packets dropped on its link\n";
    for (const auto& [name, value] : recorder.Metrics())
    {
        if (name.size() > 2 && name.compare(name.size() - 2, 2, "_s") == 0)
        {
            std::cout << "  " << name << " " << value.ToCsv() << "\n";
        }
    }
    std::cout << std::flush;
    Simulator::Destroy();
    return 0;
}
