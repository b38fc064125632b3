/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * haaro-scenario-draft-example (scenario "draft-example"): the example of RFC 6521
 * section 8, figures F14 and F15, measured and written in the results format of
 * doc/results-format.md.
 *
 * Three mobile routers MR-A, MR-B, MR-C (one uplink each; A and C on ISP-1, B on ISP-2)
 * register with the Home Agent at 1, 2 and 3 s (F14: A learns nothing, B learns A, C learns
 * A and B). From 5 s NODE-A (behind MR-A) sends a probe datagram to NODE-C every interval,
 * and from 5.05 s NODE-C to NODE-A (F15: MR-A does not know network C, nothing happens;
 * MR-C, which knows network A, starts route optimization: return routability through the
 * HA, the registration with MR-A, which first solicits the HA for network C, and the
 * direct MR-A <-> MR-C tunnel).
 *
 *   ./haaro run haaro-scenario-draft-example [--duration=10] [--uplinkDelay=10]
 *        [--coreDelay=5] [--backendDelay=2] [--interval=10] [--packetSize=200]
 *        [--gre=false] [--udp=true] [--staticArp=true] [--pcap=false]
 *        [--outDir=results/draft-example]
 *        [--RngRun=1]
 *
 * Metrics (summary.json): what each router learned from the advertisements (at its first
 * registration and in total), registration times, the route optimization setup latency
 * measured from the triggering packet to the first packet on the direct tunnel (and as
 * the RouteOptimizer's Setup trace reports it, and its phases: return routability,
 * registration, UDP keepalive), one-way delay and hop count before (via the HA) and after
 * (direct) in both directions, path stretch (delay via HA / delay direct, both measured),
 * the Home Agent's load for the pair before and after route optimization, and next to
 * them the analytic expectation of the protocol notes section 1.8 computed from the
 * configured link delays (analytic_*).
 */
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/haaro-scenario-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <cmath>
#include <iomanip>
#include <iostream>
#include <limits>
#include <optional>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("HaaroScenarioDraftExample");

namespace
{

constexpr uint32_t A = 0; //!< site of MR-A
constexpr uint32_t B = 1; //!< site of MR-B
constexpr uint32_t C = 2; //!< site of MR-C

using scenariostats::NOT_A_NUMBER; //!< "never", "no value"

/// \param e an event or nothing \return its time in seconds, NOT_A_NUMBER for nothing
double
TimeOf(const std::optional<ScenarioEvent>& e)
{
    return e ? e->at.GetSeconds() : NOT_A_NUMBER;
}

/// \param later a time \param earlier another \return (later - earlier) in ms, NOT_A_NUMBER if one
/// is missing
double
DiffMs(const std::optional<ScenarioEvent>& later, const std::optional<ScenarioEvent>& earlier)
{
    return later && earlier ? (later->at - earlier->at).GetSeconds() * 1e3 : NOT_A_NUMBER;
}

/// \param names a list \return it joined with spaces
std::string
Join(const std::vector<std::string>& names)
{
    std::string out;
    for (const std::string& n : names)
    {
        out += (out.empty() ? "" : " ") + n;
    }
    return out;
}

} // namespace

int
main(int argc, char* argv[])
{
    ScenarioCommonParams p; // the parameters every scenario has
    p.outDir = "results/draft-example";
    ScenarioOptions options(__FILE__);
    options.Usage("RFC 6521 section 8 (F14 + F15): three mobile routers learn each other's "
                  "prefixes from the Home Agent and MR-C sets up route optimization with "
                  "MR-A.\n\nWrites its results into --outDir (doc/results-format.md).");
    p.Declare(options);
    options.Parse(argc, argv);
    NS_ABORT_MSG_IF(p.duration < 7, "--duration must be at least 7 s (the flows start at 5 s)");
    NS_ABORT_MSG_IF(p.interval <= 0 || p.uplinkDelay < 0 || p.coreDelay < 0 || p.backendDelay < 0,
                    "delays must be >= 0 and the interval > 0");

    ScenarioRecorder rec("draft-example", p.outDir);
    options.Record(rec);

    // Topology: two ISPs, round robin: A -> ISP-1, B -> ISP-2, C -> ISP-1.
    VirtualOperatorTopologyHelper topologyHelper;
    topologyHelper.SetNumIsps(2);
    p.Configure(topologyHelper);
    topologyHelper.AddSites(3, 1);
    VirtualOperatorTopology topology = topologyHelper.Build();
    rec.AddTopology(topology);
    p.Prepare(topology);

    NemoNetworkHelper nemo;
    p.Configure(nemo);
    NemoNetwork network = nemo.Install(topology);
    p.StartRouters(network, rec); // F14: A, then B, then C

    // F15: NODE-A -> NODE-C first (MR-A does not know network C), then NODE-C -> NODE-A.
    const std::string nodeA = ScenarioRecorder::HostName(A);
    const std::string nodeC = ScenarioRecorder::HostName(C);
    Time start = Seconds(5);
    Time stop = Seconds(p.duration - 0.5);
    Ptr<ProbeFlow> aToC = p.CreateProbe(rec, topology, "A->C", A, C, 9001);
    Ptr<ProbeFlow> cToA = p.CreateProbe(rec, topology, "C->A", C, A, 9002);
    aToC->Install(start, stop);
    cToA->Install(start + MilliSeconds(50), stop);

    if (p.pcap)
    {
        rec.EnablePcap(topology);
    }

    Simulator::Stop(Seconds(p.duration));
    Simulator::Run();

    // ---- what each router learned from the Home Agent (F14)
    for (uint32_t i = 0; i < 3; ++i)
    {
        std::string mr = ScenarioRecorder::MobileRouterName(i);
        std::string key = "mr_" + ScenarioRecorder::SiteLetter(i) + "_";
        std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) {
            return static_cast<char>(std::tolower(c));
        });
        auto [firstRouters, firstPrefixes] = rec.GetFirstLearned(mr);
        auto [routers, prefixes] = rec.GetLearned(mr);
        rec.SetMetric(key + "registered_s", TimeOf(rec.FindFirst(mr, "registered")));
        rec.SetMetric(key + "learned_at_registration", Join(firstRouters));
        rec.SetMetric(key + "learned_routers_at_registration", firstRouters.size());
        rec.SetMetric(key + "learned_prefixes_at_registration", firstPrefixes);
        rec.SetMetric(key + "learned", Join(routers));
        rec.SetMetric(key + "learned_routers", routers.size());
        rec.SetMetric(key + "learned_prefixes", prefixes);
        rec.SetMetric(key + "roc_entries",
                      network.mobileRouters[i]->GetRouteOptimizer()->GetCache().GetSize());
    }

    // ---- route optimization setup (F15), measured
    const std::string mrA = ScenarioRecorder::MobileRouterName(A);
    const std::string mrC = ScenarioRecorder::MobileRouterName(C);
    auto trigger = rec.FindFirst(mrC, "rr-started", "", "", Time(0), mrA);
    auto firstViaHaCA = rec.FindFirst(mrC, "tx", "DATA", "via-ha");
    auto firstDirectCA = rec.FindFirst(mrC, "tx", "DATA", "direct");
    auto firstDirectAC = rec.FindFirst(mrA, "tx", "DATA", "direct");
    auto rrDone = rec.FindFirst(mrC, "rr-done", "", "", Time(0), mrA);
    auto solicit = rec.FindFirst(mrA, "solicit");
    auto accepted = rec.FindFirst(mrC, "ro-accepted", "", "role=mr", Time(0), mrA);
    auto verified = rec.FindFirst(mrC, "tunnel-verified", "", "", Time(0), mrA);
    rec.SetMetric("ro_trigger_s", TimeOf(trigger));
    rec.SetMetric("ro_first_triggering_packet_s", TimeOf(firstViaHaCA));
    rec.SetMetric("ro_first_direct_c_to_a_s", TimeOf(firstDirectCA));
    rec.SetMetric("ro_first_direct_a_to_c_s", TimeOf(firstDirectAC));
    rec.SetMetric("ro_setup_latency_ms", DiffMs(firstDirectCA, firstViaHaCA));
    rec.SetMetric("ro_setup_latency_a_to_c_ms", DiffMs(firstDirectAC, firstViaHaCA));
    rec.SetMetric("ro_rr_ms", DiffMs(rrDone, trigger));
    rec.SetMetric("ro_registration_ms", DiffMs(accepted, rrDone));
    rec.SetMetric("ro_solicitation_s", TimeOf(solicit));
    rec.SetMetric("ro_keepalive_ms", p.udp ? DiffMs(verified, accepted) : 0.0);
    double traceLatency = NOT_A_NUMBER;
    for (const auto& s : rec.GetSetups())
    {
        if (s.node == mrC && s.peer == mrA)
        {
            traceLatency = s.latency.GetSeconds() * 1e3;
            break;
        }
    }
    rec.SetMetric("ro_setup_trace_latency_ms", traceLatency);
    rec.SetMetric("ro_setups", rec.GetSetups().size());
    uint64_t signalling = 0;
    for (const char* m : {"HoTI", "CoTI", "HoT", "CoT"})
    {
        signalling += rec.Count(mrA, "tx", m) + rec.Count(mrC, "tx", m);
    }
    // Registration requests and replies between the routers (not with the HA).
    signalling += rec.Count(mrA, "tx", "RRQ", "", Time(0), mrC) +
                  rec.Count(mrC, "tx", "RRQ", "", Time(0), mrA) +
                  rec.Count(mrA, "tx", "RRP", "", Time(0), mrC) +
                  rec.Count(mrC, "tx", "RRP", "", Time(0), mrA);
    rec.SetMetric("ro_signalling_messages", signalling);
    rec.SetMetric("ro_keepalives_sent",
                  rec.Count(mrA, "tx", "KEEPALIVE") + rec.Count(mrC, "tx", "KEEPALIVE"));

    // ---- delay, hops, stretch before (via the HA) and after (direct), both directions
    for (const auto& [f, key] : {std::make_pair(aToC, std::string("a_to_c_")),
                                 std::make_pair(cToA, std::string("c_to_a_"))})
    {
        ProbeFlow::PathStats viaHa = f->GetPathStats(false);
        ProbeFlow::PathStats direct = f->GetPathStats(true);
        rec.SetMetric(key + "sent_packets", f->GetSent());
        rec.SetMetric(key + "received_packets", f->GetReceived());
        rec.SetMetric(key + "lost_packets", f->GetLost());
        rec.SetMetric(key + "via_ha_packets", viaHa.packets);
        rec.SetMetric(key + "direct_packets", direct.packets);
        rec.SetMetric(key + "delay_via_ha_ms", viaHa.meanDelayMs);
        rec.SetMetric(key + "delay_direct_ms", direct.meanDelayMs);
        rec.SetMetric(key + "hops_via_ha", viaHa.meanHops);
        rec.SetMetric(key + "hops_direct", direct.meanHops);
        rec.SetMetric(key + "delay_stretch", viaHa.meanDelayMs / direct.meanDelayMs);
        rec.SetMetric(key + "hop_stretch", viaHa.meanHops / direct.meanHops);
    }

    // ---- Home Agent load for the pair (data it tunnelled), before and after the switch.
    // Each direction is measured over its own windows: from its flow's first datagram to its
    // own first direct datagram, then to the end. One window for the pair (first datagram of
    // either flow to the later switch) would mix in the time when one direction was already
    // direct, and its rate would move with the setup latencies instead of the load.
    Time end = Seconds(p.duration);

    struct DirectionLoad
    {
        ScenarioRecorder::HaLoad before; //!< tunnelled by the HA before the switch
        ScenarioRecorder::HaLoad after;  //!< tunnelled by the HA after it
        double beforeS;                  //!< length of the before window
        double afterS;                   //!< length of the after window
    };

    auto directionLoad = [&](const std::string& src,
                             const std::string& dst,
                             Time flowStart,
                             const std::optional<ScenarioEvent>& firstDirect) {
        Time switchedAt = firstDirect ? std::min(firstDirect->at, end) : end;
        return DirectionLoad{rec.GetHaLoad(src, dst, flowStart, switchedAt),
                             rec.GetHaLoad(src, dst, switchedAt, end),
                             (switchedAt - flowStart).GetSeconds(),
                             (end - switchedAt).GetSeconds()};
    };
    auto rate = [](double amount, double seconds) {
        return seconds > 0 ? amount / seconds : NOT_A_NUMBER;
    };
    DirectionLoad loadAC = directionLoad(nodeA, nodeC, start, firstDirectAC);
    DirectionLoad loadCA = directionLoad(nodeC, nodeA, start + MilliSeconds(50), firstDirectCA);
    Time switched = Time::Max();
    if (firstDirectAC && firstDirectCA)
    {
        switched = std::max(firstDirectAC->at, firstDirectCA->at);
    }
    rec.SetMetric("ro_switched_s", switched == Time::Max() ? NOT_A_NUMBER : switched.GetSeconds());
    for (const auto& [load, key] : {std::make_pair(&loadAC, std::string("a_to_c_")),
                                    std::make_pair(&loadCA, std::string("c_to_a_"))})
    {
        rec.SetMetric("ha_load_before_ro_" + key + "pps",
                      rate(load->before.packets, load->beforeS));
        rec.SetMetric("ha_load_after_ro_" + key + "pps", rate(load->after.packets, load->afterS));
    }
    rec.SetMetric("ha_load_before_ro_packets", loadAC.before.packets + loadCA.before.packets);
    rec.SetMetric("ha_load_before_ro_bytes", loadAC.before.bytes + loadCA.before.bytes);
    rec.SetMetric("ha_load_before_ro_pps",
                  rate(loadAC.before.packets, loadAC.beforeS) +
                      rate(loadCA.before.packets, loadCA.beforeS));
    rec.SetMetric("ha_load_before_ro_bps",
                  8.0 * (rate(loadAC.before.bytes, loadAC.beforeS) +
                         rate(loadCA.before.bytes, loadCA.beforeS)));
    rec.SetMetric("ha_load_after_ro_packets", loadAC.after.packets + loadCA.after.packets);
    rec.SetMetric("ha_load_after_ro_bytes", loadAC.after.bytes + loadCA.after.bytes);
    rec.SetMetric("ha_load_after_ro_pps",
                  rate(loadAC.after.packets, loadAC.afterS) +
                      rate(loadCA.after.packets, loadCA.afterS));
    rec.SetMetric(
        "ha_load_after_ro_bps",
        8.0 * (rate(loadAC.after.bytes, loadAC.afterS) + rate(loadCA.after.bytes, loadCA.afterS)));
    rec.SetMetric("ha_advertisements", network.homeAgent->GetAdvertisementCount());
    rec.SetMetric("ha_advertisement_bytes", network.homeAgent->GetAdvertisementOctets());
    rec.SetMetric("ha_bindings", network.homeAgent->GetBindingTable()->GetBindingCount());

    // ---- the analytic expectation (protocol notes 1.8), from the configured delays
    // (propagation only: transmission and processing times are not included).
    bool sameIsp = topology.sites[A].uplinks[0].isp == topology.sites[C].uplinks[0].isp;
    double dAHa = p.uplinkDelay + p.coreDelay + p.backendDelay;
    double dCHa = dAHa;
    double dAC = 2 * p.uplinkDelay + (sameIsp ? 0 : 2 * p.coreDelay);
    double tRr = 2 * (dCHa + dAHa);
    double tReg = 2 * (dCHa + dAHa) + 2 * dAHa; // MR-A solicits the HA for network C
    double tKa = p.udp ? 2 * dAC : 0;
    rec.SetMetric("analytic_d_a_ha_ms", dAHa);
    rec.SetMetric("analytic_d_c_ha_ms", dCHa);
    rec.SetMetric("analytic_d_a_c_ms", dAC);
    rec.SetMetric("analytic_rr_ms", tRr);
    rec.SetMetric("analytic_registration_ms", tReg);
    rec.SetMetric("analytic_keepalive_ms", tKa);
    rec.SetMetric("analytic_setup_ms", tRr + tReg + tKa);
    rec.SetMetric("analytic_delay_via_ha_ms", dAHa + dCHa);
    rec.SetMetric("analytic_delay_direct_ms", dAC);
    rec.SetMetric("analytic_delay_stretch", (dAHa + dCHa) / dAC);
    rec.SetMetric("analytic_hops_via_ha", 3);
    rec.SetMetric("analytic_hops_direct", 2);

    rec.Write();

    auto ms = [](double v) {
        std::ostringstream os;
        os << std::fixed << std::setprecision(2) << v << " ms";
        return os.str();
    };
    ProbeFlow::PathStats caVia = cToA->GetPathStats(false);
    ProbeFlow::PathStats caDirect = cToA->GetPathStats(true);
    std::cout << "draft-example (RFC 6521 F14 + F15), results in " << p.outDir << "/\n"
              << "  learned at registration: MR-A {" << Join(rec.GetFirstLearned(mrA).first)
              << "}, MR-B {" << Join(rec.GetFirstLearned("MR-B").first) << "}, MR-C {"
              << Join(rec.GetFirstLearned(mrC).first) << "}\n"
              << "  RO setup C->A: " << ms(DiffMs(firstDirectCA, firstViaHaCA))
              << " trigger to first direct packet (Setup trace " << ms(traceLatency)
              << "; analytic " << ms(tRr + tReg + tKa) << ")\n"
              << "  C->A delay via HA " << ms(caVia.meanDelayMs) << " (" << caVia.meanHops
              << " hops), direct " << ms(caDirect.meanDelayMs) << " (" << caDirect.meanHops
              << " hops), stretch " << caVia.meanDelayMs / caDirect.meanDelayMs << "\n"
              << "  HA load for the pair: " << loadAC.before.packets + loadCA.before.packets
              << " packets before RO ("
              << rate(loadAC.before.packets, loadAC.beforeS) +
                     rate(loadCA.before.packets, loadCA.beforeS)
              << " packets/s), " << loadAC.after.packets + loadCA.after.packets << " after ("
              << rate(loadAC.after.packets, loadAC.afterS) +
                     rate(loadCA.after.packets, loadCA.afterS)
              << " packets/s)" << std::endl;

    bool ok = firstDirectCA && firstDirectAC && caDirect.packets > 0;
    Simulator::Destroy();
    return ok ? 0 : 1;
}
