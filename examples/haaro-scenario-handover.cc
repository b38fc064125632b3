/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * haaro-scenario-handover (scenario "handover"): RFC 6521 section 8.3, figure F16. MR-C
 * changes its care-of address while NODE-A and NODE-C talk over the direct MR-A <-> MR-C
 * tunnel, and the results are written in the format of doc/results-format.md.
 *
 * MR-A (ISP-1), MR-B (ISP-2) and MR-C (ISP-1, and an ISP-2 link that is down until it
 * attaches there) register at 1, 2 and 3 s; NODE-A and NODE-C exchange probe datagrams
 * from 5 s in both directions and route optimization puts them on the direct tunnel. At
 * --moveAt MR-C's ISP-1 link goes down for good and --attachDelay later its ISP-2 link comes
 * up (break before make with an immediate link-down indication; with
 * --makeBeforeBreak=true the ISP-2 link is up and registered all along instead): MR-C
 * registers its ISP-2 care-of address with the HA, sends C->A traffic via the HA, runs a
 * partial return routability (CoTI only: its home token is still valid), registers the new
 * care-of address with MR-A, and both directions return to the (retargeted) direct tunnel.
 *
 *   ./haaro run haaro-scenario-handover [--duration=20] [--moveAt=10] [--uplinkDelay=10]
 *        [--attachDelay=0.1] [--makeBeforeBreak=false] [--coreDelay=5] [--backendDelay=2]
 *        [--interval=10] [--packetSize=200]
 *        [--roKeepaliveInterval=1] [--roKeepaliveMisses=3] [--gre=false] [--udp=true]
 *        [--staticArp=true] [--pcap=false] [--outDir=results/handover] [--RngRun=1]
 *
 * Metrics (summary.json), per direction (a_to_c_, c_to_a_): the outage (longest silence at
 * the receiver from the move on), the datagrams lost, when traffic went via the HA and when
 * it was back on the direct tunnel (at the sending router and at the receiver), the one-way
 * delay on the direct tunnel before and after the move; for MR-C: link-down detection,
 * failover, the new registration with the HA, the care-of address change towards MR-A,
 * the HoTI/CoTI sent after the move (partial return routability), the re-registration with
 * MR-A and its latency from the move.
 */
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/haaro-scenario-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/ns3-compat.h"

#include <cmath>
#include <iomanip>
#include <iostream>
#include <limits>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("HaaroScenarioHandover");

namespace
{

constexpr uint32_t A = 0; //!< site of MR-A
constexpr uint32_t C = 2; //!< site of MR-C

using scenariostats::NOT_A_NUMBER; //!< "never", "no value"

/// \param e an event or nothing \param origin a time \return seconds from origin, or NaN
double
Since(const std::optional<ScenarioEvent>& e, Time origin)
{
    return e ? (e->at - origin).GetSeconds() : NOT_A_NUMBER;
}

/// \param e an event or nothing \return its time in seconds, NaN for nothing
double
TimeOf(const std::optional<ScenarioEvent>& e)
{
    return e ? e->at.GetSeconds() : NOT_A_NUMBER;
}

} // namespace

int
main(int argc, char* argv[])
{
    ScenarioCommonParams p; // the parameters every scenario has
    p.duration = 20;
    p.outDir = "results/handover";
    double moveAt = 10;
    double attachDelay = 0.1;
    bool makeBeforeBreak = false;
    double roKeepaliveInterval = 1;
    uint32_t roKeepaliveMisses = 3;

    ScenarioOptions options(__FILE__);
    options.Usage("RFC 6521 section 8.3 (F16): MR-C changes its care-of address during "
                  "route-optimized traffic: outage, losses and recovery per direction.\n\nWrites "
                  "its results into --outDir (doc/results-format.md).");
    p.Declare(options);
    options.Add("moveAt", "when MR-C loses its ISP-1 link for good [s] (> 6)", moveAt);
    options.Add("attachDelay",
                "break before make: MR-C's ISP-2 link comes up this long after the move [s]",
                attachDelay);
    options.Add("makeBeforeBreak",
                "MR-C's ISP-2 link is up (and registered) from the start instead",
                makeBeforeBreak);
    options.Add("roKeepaliveInterval",
                "keepalive interval in direct tunnels [s]",
                roKeepaliveInterval);
    options.Add("roKeepaliveMisses",
                "number of unanswered keepalives before the HA path",
                roKeepaliveMisses);
    options.Parse(argc, argv);
    NS_ABORT_MSG_IF(moveAt <= 6 || p.duration <= moveAt + 1,
                    "need 6 < moveAt < duration - 1 (the flows start at 5 s)");
    NS_ABORT_MSG_IF(attachDelay < 0, "attachDelay must be >= 0");
    NS_ABORT_MSG_IF(p.interval <= 0 || roKeepaliveInterval <= 0 || roKeepaliveMisses == 0,
                    "interval, roKeepaliveInterval and roKeepaliveMisses must be positive");

    ScenarioRecorder rec("handover", p.outDir);
    options.Record(rec);

    VirtualOperatorTopologyHelper topologyHelper;
    topologyHelper.SetNumIsps(2);
    p.Configure(topologyHelper);
    VirtualOperatorTopologyHelper::UplinkConfig isp1 = p.Uplink(0);
    VirtualOperatorTopologyHelper::UplinkConfig isp2 = p.Uplink(1);
    topologyHelper.AddSite({isp1});       // MR-A
    topologyHelper.AddSite({isp2});       // MR-B
    topologyHelper.AddSite({isp1, isp2}); // MR-C: moves from ISP-1 to ISP-2
    VirtualOperatorTopology topology = topologyHelper.Build();
    rec.AddTopology(topology);
    p.Prepare(topology);

    NemoNetworkHelper nemo;
    p.Configure(nemo);
    nemo.SetRouteOptimizerAttribute("KeepaliveInterval", TimeValue(Seconds(roKeepaliveInterval)));
    nemo.SetRouteOptimizerAttribute("KeepaliveMisses", UintegerValue(roKeepaliveMisses));
    NemoNetwork network = nemo.Install(topology);
    p.StartRouters(network, rec);

    Time start = Seconds(5);
    Time stop = Seconds(p.duration - 0.5);
    Time move = Seconds(moveAt);
    Ptr<ProbeFlow> aToC = p.CreateProbe(rec, topology, "A->C", A, C, 9001);
    Ptr<ProbeFlow> cToA = p.CreateProbe(rec, topology, "C->A", C, A, 9002);
    aToC->Install(start, stop);
    cToA->Install(start + MilliSeconds(50), stop);

    HaaroSchedule(move, [&rec]() { rec.Event("MR-C", "move", "", "", "", "from=ISP-1;to=ISP-2"); });
    // The move: the ISP-1 link goes down for good (MR-C sees the interface go down).
    VirtualOperatorTopologyHelper::ScheduleUplinkFailure(
        topology,
        C,
        0,
        move,
        Seconds(0),
        VirtualOperatorTopologyHelper::INTERFACE_DOWN);
    if (!makeBeforeBreak)
    {
        // Break before make (F16): the ISP-2 link is down until MR-C attaches there.
        VirtualOperatorTopologyHelper::ScheduleUplinkFailure(
            topology,
            C,
            1,
            MilliSeconds(500),
            move + Seconds(attachDelay) - MilliSeconds(500),
            VirtualOperatorTopologyHelper::INTERFACE_DOWN);
    }

    if (p.pcap)
    {
        rec.EnablePcap(topology);
    }

    Simulator::Stop(Seconds(p.duration));
    Simulator::Run();

    const std::string mrA = ScenarioRecorder::MobileRouterName(A);
    const std::string mrC = ScenarioRecorder::MobileRouterName(C);
    Time end = stop; // the senders stop here

    // ---- MR-C's handover, step by step (F16)
    auto down = rec.FindFirst(mrC, "uplink-down", "", "", move);
    auto failover = rec.FindFirst(mrC, "failover", "", "", move);
    auto reRegistered = rec.FindFirst(mrC, "registered", "", "", move);
    auto coaChange = rec.FindFirst(mrC, "coa-change", "", "", move, mrA);
    auto rrDone = rec.FindFirst(mrC, "rr-done", "", "", move, mrA);
    auto accepted = rec.FindFirst(mrC, "ro-accepted", "", "role=mr", move, mrA);
    auto setup = rec.FindFirst(mrC, "ro-setup", "", "", move, mrA);
    rec.SetMetric("move_s", moveAt);
    rec.SetMetric("mr_c_link_down_detected_ms", Since(down, move) * 1e3);
    rec.SetMetric("mr_c_failover_ms", Since(failover, move) * 1e3);
    rec.SetMetric("mr_c_reregistered_ms", Since(reRegistered, move) * 1e3);
    rec.SetMetric("mr_c_coa_change_ms", Since(coaChange, move) * 1e3);
    rec.SetMetric("mr_c_rr_done_ms", Since(rrDone, move) * 1e3);
    rec.SetMetric("mr_c_ro_accepted_ms", Since(accepted, move) * 1e3);
    rec.SetMetric("mr_c_hoti_after_move", rec.Count(mrC, "tx", "HoTI", "", move));
    rec.SetMetric("mr_c_coti_after_move", rec.Count(mrC, "tx", "CoTI", "", move));
    rec.SetMetric("mr_c_rrq_to_a_after_move", rec.Count(mrC, "tx", "RRQ", "", move, mrA));
    rec.SetMetric("mr_a_fallbacks_after_move", rec.Count(mrA, "fallback", "", "", move));
    rec.SetMetric("mr_a_retargeted_ms",
                  Since(rec.FindFirst(mrA, "tunnel-up", "", "", move, mrC), move) * 1e3);
    double traceLatency = NOT_A_NUMBER;
    for (const auto& s : rec.GetSetups())
    {
        if (s.node == mrC && s.peer == mrA && s.at >= move)
        {
            traceLatency = s.latency.GetSeconds() * 1e3;
            break;
        }
    }
    rec.SetMetric("handover_ro_setup_trace_latency_ms", traceLatency);
    rec.SetMetric("handover_ro_setup_ms", Since(setup, move) * 1e3);

    // ---- each direction: outage, losses, when via the HA, when direct again
    struct Direction
    {
        Ptr<ProbeFlow> flow;
        std::string key;
        std::string sender;
    };

    for (const Direction& d : {Direction{aToC, "a_to_c_", mrA}, Direction{cToA, "c_to_a_", mrC}})
    {
        // At the sending router: the first datagram on a new path (the HA tunnel of the
        // new uplink, the retargeted direct tunnel). At the receiver: the first datagram
        // sent after the move that arrived via the HA, and directly.
        auto viaHa = rec.FindFirst(d.sender, "tx", "DATA", "via-ha", move);
        auto direct = rec.FindFirst(d.sender, "tx", "DATA", "direct", move);
        std::optional<ProbeSample> firstDirect;
        std::optional<ProbeSample> firstViaHa;
        for (const ProbeSample& s : d.flow->GetSamples())
        {
            if (s.at - s.delay < move)
            {
                continue;
            }
            std::optional<ProbeSample>& slot = s.direct ? firstDirect : firstViaHa;
            if (!slot)
            {
                slot = s;
            }
        }
        ProbeFlow::PathStats before = d.flow->GetPathStats(true, start + Seconds(1), move);
        ProbeFlow::PathStats after =
            d.flow->GetPathStats(true, firstDirect ? firstDirect->at : end, end);
        rec.SetMetric(d.key + "outage_s", d.flow->GetLongestGap(move, end).GetSeconds());
        rec.SetMetric(d.key + "lost_packets", d.flow->GetLostIn(move, end));
        rec.SetMetric(d.key + "lost_total_packets", d.flow->GetLost());
        rec.SetMetric(d.key + "sent_packets", d.flow->GetSent());
        rec.SetMetric(d.key + "received_packets", d.flow->GetReceived());
        rec.SetMetric(d.key + "via_ha_after_move_ms", Since(viaHa, move) * 1e3);
        rec.SetMetric(d.key + "direct_again_ms", Since(direct, move) * 1e3);
        rec.SetMetric(d.key + "first_via_ha_arrival_ms",
                      firstViaHa ? (firstViaHa->at - move).GetSeconds() * 1e3 : NOT_A_NUMBER);
        rec.SetMetric(d.key + "first_direct_arrival_ms",
                      firstDirect ? (firstDirect->at - move).GetSeconds() * 1e3 : NOT_A_NUMBER);
        rec.SetMetric(d.key + "delay_direct_before_ms", before.meanDelayMs);
        rec.SetMetric(d.key + "delay_direct_after_ms", after.meanDelayMs);
        rec.SetMetric(d.key + "via_ha_packets_after_move",
                      d.flow->GetPathStats(false, move).packets);
    }
    rec.SetMetric("mr_c_first_direct_after_move_s",
                  TimeOf(rec.FindFirst(mrC, "tx", "DATA", "direct", move)));

    rec.Write();

    auto ms = [](double v) {
        std::ostringstream os;
        os << std::fixed << std::setprecision(1) << v << " ms";
        return os.str();
    };
    std::cout << "handover (RFC 6521 F16), results in " << p.outDir << "/\n"
              << "  MR-C moves at " << moveAt << " s: failover +" << ms(Since(failover, move) * 1e3)
              << ", registered again +" << ms(Since(reRegistered, move) * 1e3)
              << ", partial RR (HoTI " << rec.Count(mrC, "tx", "HoTI", "", move) << ", CoTI "
              << rec.Count(mrC, "tx", "CoTI", "", move) << "), MR-A accepted +"
              << ms(Since(accepted, move) * 1e3) << "\n";
    for (const Direction& d : {Direction{aToC, "A->C", mrA}, Direction{cToA, "C->A", mrC}})
    {
        std::cout << "  " << d.key << ": outage "
                  << ms(d.flow->GetLongestGap(move, end).GetSeconds() * 1e3) << ", "
                  << d.flow->GetLostIn(move, end) << " lost, direct again +"
                  << ms(Since(rec.FindFirst(d.sender, "tx", "DATA", "direct", move), move) * 1e3)
                  << "\n";
    }
    std::cout << std::flush;

    bool ok = rec.FindFirst(mrC, "tx", "DATA", "direct", move) &&
              rec.FindFirst(mrA, "tx", "DATA", "direct", move);
    Simulator::Destroy();
    return ok ? 0 : 1;
}
