/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * haaro-scenario-failover (scenario "failover"): a dual-homed mobile router loses its
 * primary uplink and regains it, while it carries traffic via the Home Agent and over a
 * route-optimized direct tunnel; results in the format of doc/results-format.md.
 *
 * MR-A has two uplinks (ISP-1 primary, ISP-2 backup), MR-B (ISP-2) is a legacy NEMOv4
 * router without route optimization, MR-C (ISP-1) does route optimization. They register at
 * 1, 2 and 3 s. From 5 s NODE-A exchanges probe datagrams with NODE-B (always via the HA:
 * "HA traffic") and with NODE-C (on the direct MR-A <-> MR-C tunnel once route
 * optimization is done: "RO traffic"), both directions. At --failAt MR-A's ISP-1 uplink
 * fails for --failFor seconds, detected one of two ways (--detector):
 * - interface-down: the interface goes down, MR-A notices at once;
 * - path-dead: the interface stays up but every packet is lost; MR-A notices after
 *   --keepaliveMisses unanswered ICMP echo probes to the HA, one every
 *   --keepaliveInterval, at the next probe (RO peers notice after --roKeepaliveMisses
 *   unanswered direct-tunnel keepalives, one every --roKeepaliveInterval).
 * MR-A fails over to ISP-2 (HA traffic follows; route optimization moves to the new
 * care-of address) and back when ISP-1 recovers. --failFor=0: no uplink failure.
 * --downlinkPolicy and --uplinkPolicy choose how the HA and the routers use MR-A's two
 * bindings (the HA's DownlinkPolicy and MobileRouter's UplinkPolicy attributes; the
 * per-direction outages are in summary.json: a_to_b_outage_s, b_to_a_outage_s, ...).
 *
 * --haRestartAt (s, 0 = never): the Home Agent restarts then (HomeAgent::Restart(): every
 * binding, tunnel, route and replay state lost). Each router notices when its path probes
 * to the HA go unanswered for a probe interval and registers again; per router the
 * program reports when it was registered again, the outage at its site's receivers and when
 * traffic came back (ha-restart.csv and the ha_restart_* metrics).
 *
 *   ./haaro run haaro-scenario-failover [--detector=path-dead] [--keepaliveInterval=1]
 *        [--keepaliveMisses=2] [--roKeepaliveInterval=1] [--roKeepaliveMisses=3]
 *        [--failAt=10] [--failFor=10] [--haRestartAt=0] [--downlinkPolicy=Duplicate]
 *        [--uplinkPolicy=PrimaryBackup] [--duration=30] [--uplinkDelay=10]
 * [--coreDelay=5]
 *        [--backendDelay=2] [--interval=10] [--packetSize=200] [--gre=false] [--udp=true]
 *        [--staticArp=true] [--pcap=false] [--outDir=results/failover] [--RngRun=1]
 *
 * --delayRiseAt (s, 0 = never) with --delayRiseTo (ms): MR-A's primary uplink gets that
 * one-way delay then (VirtualOperatorTopologyHelper::ScheduleUplinkDelay), e.g. with
 * --failFor=0 --pairPolicy=MeasuredRtt (the RouteOptimizer's PairPolicy, issue 15): the
 * router that chooses the pair (MR-C, the larger home address) finds that the pair through
 * MR-A's backup uplink is now faster and moves the direct tunnel there; the rise_* metrics
 * give when (rise_pair_moved_ms), the RO traffic's mean delay before and after
 * (rise_ro_delay_before_ms over the 2 s before, rise_ro_delay_after_ms over the last 3 s),
 * its longest silence and the datagrams sent from the rise on that never arrived (duplicates
 * and reordering not counted) (rise_outage_ro_s, rise_lost_ro).
 *
 * failover.csv: one row `detector,param_s,outage_ha_s,outage_ro_s,lost_ha,lost_ro`, where
 * param_s is the configured path-dead detection bound keepaliveInterval x (keepaliveMisses
 * + 1) (the path may die just after an answered probe was sent)
 * (the same column for both detectors, so that a sweep plots them side by side), the
 * outages are the longest silences at a receiver (over both directions) that overlap the
 * failure, and the losses the datagrams lost around it (both directions added).
 * summary.json has these and the failback (recovery) numbers, detection and failover
 * times, and when RO traffic was back on a direct tunnel.
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
#include <set>
#include <sstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("HaaroScenarioFailover");

namespace
{

constexpr uint32_t A = 0; //!< site of the dual-homed MR-A
constexpr uint32_t B = 1; //!< site of the legacy MR-B
constexpr uint32_t C = 2; //!< site of MR-C

using scenariostats::NOT_A_NUMBER; //!< "never", "no value"

/// \param e an event or nothing \param origin a time \return milliseconds from origin, or NaN
double
SinceMs(const std::optional<ScenarioEvent>& e, Time origin)
{
    return e ? (e->at - origin).GetSeconds() * 1e3 : NOT_A_NUMBER;
}

/// Outage and losses of two flows (both directions of a pair) around a window.
struct Impact
{
    double outageS{0}; //!< longest silence at either receiver overlapping the window
    uint64_t lost{0};  //!< datagrams lost around the window, both directions
};

/// Outage of a flow around an event, with the time delivery resumed.
struct Recovery
{
    double outageS{0};               //!< longest silence overlapping the window
    double recoveryMs{NOT_A_NUMBER}; //!< first arrival after that silence, from the event
                                     //!< (0 if not interrupted, NaN if never back)
    uint64_t lost{0};                //!< datagrams lost around the window
};

/**
 * \param flow a flow \param event when the fault happened \param to window end
 * \return its longest silence overlapping [event, to] and when that silence ended
 */
Recovery
MeasureRecovery(const Ptr<ProbeFlow>& flow, Time event, Time to)
{
    Recovery r;
    r.lost = flow->GetLostIn(event, to);
    const std::vector<ProbeSample>& samples = flow->GetSamples();
    Time longest(0);
    for (size_t i = 1; i < samples.size(); ++i)
    {
        Time a = samples[i - 1].at;
        Time b = samples[i].at;
        if (a < to && b > event && b - a > longest)
        {
            longest = b - a;
            r.recoveryMs = (b - event).GetSeconds() * 1e3;
        }
    }
    if (!samples.empty() && samples.back().at < to && to - samples.back().at > longest)
    {
        longest = to - std::max(samples.back().at, event);
        r.recoveryMs = NOT_A_NUMBER; // nothing arrived after the last silence
    }
    r.outageS = longest.GetSeconds();
    if (longest <= flow->GetInterval() * 2)
    {
        // No silence beyond the usual spacing (e.g. a direct tunnel, which the HA does not
        // carry): the flow was not interrupted.
        r.outageS = 0;
        r.recoveryMs = 0;
    }
    return r;
}

/// \param flows the two flows \param from window start \param to window end \return impact
Impact
Measure(const std::vector<Ptr<ProbeFlow>>& flows, Time from, Time to)
{
    Impact impact;
    for (const Ptr<ProbeFlow>& f : flows)
    {
        impact.outageS = std::max(impact.outageS, f->GetLongestGap(from, to).GetSeconds());
        impact.lost += f->GetLostIn(from, to);
    }
    return impact;
}

} // namespace

int
main(int argc, char* argv[])
{
    ScenarioCommonParams p; // the parameters every scenario has
    p.duration = 30;
    p.outDir = "results/failover";
    std::string detector = "path-dead";
    double keepaliveInterval = 1;
    uint32_t keepaliveMisses = 2;
    double roKeepaliveInterval = 1;
    uint32_t roKeepaliveMisses = 3;
    double failAt = 10;
    double failFor = 10;
    double haRestartAt = 0;
    std::string downlinkPolicy = "Duplicate";
    std::string uplinkPolicy = "PrimaryBackup";
    std::string pairPolicy = "FirstWorking";
    double delayRiseAt = 0;
    double delayRiseTo = 40;

    ScenarioOptions options(__FILE__);
    options.Usage("A dual-homed mobile router loses and regains its primary uplink: outage and "
                  "losses of HA traffic and of route-optimized traffic per detector and "
                  "policy.\n\nWrites its results into --outDir (doc/results-format.md).");
    options.Add("detector", "how the failure shows: interface-down or path-dead", detector);
    options.Add("keepaliveInterval",
                "MR -> HA probe interval on each uplink [s]",
                keepaliveInterval);
    options.Add("keepaliveMisses",
                "number of unanswered probes after which an uplink is FAILED (MrUplink "
                "KeepaliveMisses)",
                keepaliveMisses);
    options.Add("roKeepaliveInterval",
                "keepalive interval in direct tunnels [s]",
                roKeepaliveInterval);
    options.Add("roKeepaliveMisses",
                "number of unanswered keepalives before the HA path",
                roKeepaliveMisses);
    options.Add("failAt", "when MR-A's primary uplink fails [s] (> 6)", failAt);
    options.Add("failFor", "how long it stays failed [s] (0: no failure)", failFor);
    options.Add("haRestartAt",
                "when the Home Agent restarts, losing all its bindings [s] (> 6; 0: never)",
                haRestartAt);
    options.Add("downlinkPolicy",
                "the HA's DownlinkPolicy: Duplicate (RFC 5944 section 4.2.3), LastActive or "
                "PerFlow",
                downlinkPolicy);
    options.Add("uplinkPolicy",
                "the routers' UplinkPolicy: PrimaryBackup or PerFlow",
                uplinkPolicy);
    p.Declare(options);
    options.Add("pairPolicy",
                "the routers' RouteOptimizer PairPolicy: FirstWorking or MeasuredRtt",
                pairPolicy);
    options.Add("delayRiseAt",
                "when MR-A's primary uplink gets --delayRiseTo of one-way delay [s] (0: never)",
                delayRiseAt);
    options.Add("delayRiseTo", "its one-way delay from --delayRiseAt on [ms]", delayRiseTo);
    options.Parse(argc, argv);
    NS_ABORT_MSG_IF(detector != "interface-down" && detector != "path-dead",
                    "--detector must be interface-down or path-dead");
    NS_ABORT_MSG_IF(failAt <= 6 || failFor < 0 || p.duration <= failAt + failFor + 1,
                    "need 6 < failAt, failFor >= 0, failAt + failFor + 1 < duration");
    NS_ABORT_MSG_IF(haRestartAt != 0 && (haRestartAt <= 6 || p.duration <= haRestartAt + 1),
                    "need 6 < haRestartAt < duration - 1 (or 0: never)");
    NS_ABORT_MSG_IF(delayRiseAt != 0 && (delayRiseAt <= 6 || p.duration <= delayRiseAt + 4),
                    "need 6 < delayRiseAt < duration - 4 (or 0: never)");
    NS_ABORT_MSG_IF(delayRiseTo < 0, "--delayRiseTo must be >= 0");
    NS_ABORT_MSG_IF(keepaliveInterval <= 0 || keepaliveMisses == 0 || roKeepaliveInterval <= 0 ||
                        roKeepaliveMisses == 0 || p.interval <= 0,
                    "timers and counts must be positive");

    ScenarioRecorder rec("failover", p.outDir);
    options.Record(rec);

    VirtualOperatorTopologyHelper topologyHelper;
    topologyHelper.SetNumIsps(2);
    p.Configure(topologyHelper);
    VirtualOperatorTopologyHelper::UplinkConfig isp1 = p.Uplink(0);
    VirtualOperatorTopologyHelper::UplinkConfig isp2 = p.Uplink(1);
    topologyHelper.AddSite({isp1, isp2}); // MR-A, dual-homed
    topologyHelper.AddSite({isp2});       // MR-B, legacy
    topologyHelper.AddSite({isp1});       // MR-C
    VirtualOperatorTopology topology = topologyHelper.Build();
    rec.AddTopology(topology);
    p.Prepare(topology);

    NemoNetworkHelper nemo;
    p.Configure(nemo);
    nemo.SetHomeAgentAttribute("DownlinkPolicy", StringValue(downlinkPolicy));
    nemo.SetMobileRouterAttribute("UplinkPolicy", StringValue(uplinkPolicy));
    nemo.SetUplinkAttribute("KeepaliveInterval", TimeValue(Seconds(keepaliveInterval)));
    nemo.SetUplinkAttribute("KeepaliveMisses", UintegerValue(keepaliveMisses));
    nemo.SetRouteOptimizerAttribute("KeepaliveInterval", TimeValue(Seconds(roKeepaliveInterval)));
    nemo.SetRouteOptimizerAttribute("KeepaliveMisses", UintegerValue(roKeepaliveMisses));
    nemo.SetRouteOptimizerAttribute("PairPolicy", StringValue(pairPolicy));
    NemoNetwork network = nemo.Install(topology);
    network.mobileRouters[B]->SetAttribute("RouteOptimization", BooleanValue(false));
    p.StartRouters(network, rec);

    Time start = Seconds(5);
    Time stop = Seconds(p.duration - 0.5);
    auto flow = [&](const std::string& name, uint32_t from, uint32_t to, uint16_t port) {
        return p.CreateProbe(rec, topology, name, from, to, port);
    };
    std::vector<Ptr<ProbeFlow>> ha = {flow("A->B", A, B, 9001), flow("B->A", B, A, 9002)};
    std::vector<Ptr<ProbeFlow>> ro = {flow("A->C", A, C, 9003), flow("C->A", C, A, 9004)};
    ha[0]->Install(start, stop);
    ro[0]->Install(start + MilliSeconds(20), stop);
    ha[1]->Install(start + MilliSeconds(50), stop);
    ro[1]->Install(start + MilliSeconds(70), stop);

    Time fail = Seconds(failAt);
    Time recover = Seconds(failAt + failFor);
    if (failFor > 0)
    {
        HaaroSchedule(fail, [&rec, detector]() {
            rec.Event("MR-A", "link-failure", "", "", "", "link=ISP-1;mode=" + detector);
        });
        HaaroSchedule(recover,
                      [&rec]() { rec.Event("MR-A", "link-recovery", "", "", "", "link=ISP-1"); });
        VirtualOperatorTopologyHelper::ScheduleUplinkFailure(
            topology,
            A,
            0,
            fail,
            recover - fail,
            detector == "path-dead" ? VirtualOperatorTopologyHelper::PATH_DEAD
                                    : VirtualOperatorTopologyHelper::INTERFACE_DOWN);
    }
    Time rise = Seconds(delayRiseAt);
    if (delayRiseAt > 0)
    {
        HaaroSchedule(rise, [&rec, delayRiseTo]() {
            rec.Event("MR-A",
                      "delay-rise",
                      "",
                      "",
                      "",
                      "link=ISP-1;delay_ms=" + std::to_string(delayRiseTo));
        });
        VirtualOperatorTopologyHelper::ScheduleUplinkDelay(topology,
                                                           A,
                                                           0,
                                                           rise,
                                                           ScenarioMs(delayRiseTo));
    }
    Time restart = Seconds(haRestartAt);
    if (haRestartAt > 0)
    {
        Ptr<HomeAgent> homeAgent = network.homeAgent;
        HaaroSchedule(restart, [&rec, homeAgent]() {
            rec.Event("HA",
                      "ha-restart",
                      "",
                      "",
                      "",
                      "bindings=" +
                          std::to_string(homeAgent->GetBindingTable()->GetBindingCount()));
            homeAgent->Restart();
        });
    }

    if (p.pcap)
    {
        rec.EnablePcap(topology);
    }

    Simulator::Stop(Seconds(p.duration));
    Simulator::Run();

    const std::string mrA = ScenarioRecorder::MobileRouterName(A);
    const std::string mrC = ScenarioRecorder::MobileRouterName(C);
    double paramS = keepaliveInterval * (keepaliveMisses + 1);

    Impact haFail = Measure(ha, fail, recover);
    Impact roFail = Measure(ro, fail, recover);
    Impact haBack = Measure(ha, recover, stop);
    Impact roBack = Measure(ro, recover, stop);
    rec.SetMetric("param_s", paramS);
    rec.SetMetric("outage_ha_s", haFail.outageS);
    rec.SetMetric("outage_ro_s", roFail.outageS);
    rec.SetMetric("lost_ha", haFail.lost);
    rec.SetMetric("lost_ro", roFail.lost);
    rec.SetMetric("failback_outage_ha_s", haBack.outageS);
    rec.SetMetric("failback_outage_ro_s", roBack.outageS);
    rec.SetMetric("failback_lost_ha", haBack.lost);
    rec.SetMetric("failback_lost_ro", roBack.lost);
    rec.SetMetric("mr_a_detect_ms", SinceMs(rec.FindFirst(mrA, "uplink-down", "", "", fail), fail));
    rec.SetMetric("mr_a_failover_ms", SinceMs(rec.FindFirst(mrA, "failover", "", "", fail), fail));
    rec.SetMetric("mr_a_coa_change_ms",
                  SinceMs(rec.FindFirst(mrA, "coa-change", "", "", fail, mrC), fail));
    rec.SetMetric("mr_a_uplink_up_ms",
                  SinceMs(rec.FindFirst(mrA, "uplink-up", "", "", recover), recover));
    rec.SetMetric("mr_a_failback_ms",
                  SinceMs(rec.FindFirst(mrA, "failover", "", "", recover), recover));
    rec.SetMetric("mr_c_fallback_ms", SinceMs(rec.FindFirst(mrC, "fallback", "", "", fail), fail));
    rec.SetMetric("mr_a_fallback_ms", SinceMs(rec.FindFirst(mrA, "fallback", "", "", fail), fail));
    for (const auto& [sender, key] :
         {std::make_pair(mrA, std::string("a_to_c_")), std::make_pair(mrC, std::string("c_to_a_"))})
    {
        rec.SetMetric(key + "via_ha_after_failure_ms",
                      SinceMs(rec.FindFirst(sender, "tx", "DATA", "via-ha", fail, ""), fail));
        rec.SetMetric(key + "direct_after_failure_ms",
                      SinceMs(rec.FindFirst(sender, "tx", "DATA", "direct", fail), fail));
        rec.SetMetric(key + "direct_after_recovery_ms",
                      SinceMs(rec.FindFirst(sender, "tx", "DATA", "direct", recover), recover));
    }
    for (const auto& f : {ha[0], ha[1], ro[0], ro[1]})
    {
        std::string key = f->GetName();
        key = std::string(1, static_cast<char>(std::tolower(key[0]))) + "_to_" +
              static_cast<char>(std::tolower(key.back())) + "_";
        rec.SetMetric(key + "sent_packets", f->GetSent());
        rec.SetMetric(key + "lost_packets", f->GetLost());
        rec.SetMetric(key + "outage_s", f->GetLongestGap(fail, recover).GetSeconds());
    }

    if (delayRiseAt > 0)
    {
        // The move after the rise and what it cost the RO traffic (both directions).
        auto meanDelayMs = [&ro](Time from, Time to) {
            std::vector<double> ms;
            for (const Ptr<ProbeFlow>& f : ro)
            {
                for (const ProbeSample& sample : f->GetSamples())
                {
                    if (sample.at >= from && sample.at < to)
                    {
                        ms.push_back(sample.delay.GetSeconds() * 1e3);
                    }
                }
            }
            return scenariostats::Mean(ms);
        };
        // Datagrams sent from the rise on that never arrived (ProbeFlow::GetLostIn counts
        // sequence jumps in arrival order, so the reordering of a move would count too).
        uint64_t riseLost = 0;
        for (const Ptr<ProbeFlow>& f : ro)
        {
            std::set<uint32_t> seqs;
            for (const ProbeSample& sample : f->GetSamples())
            {
                if (sample.at - sample.delay >= rise)
                {
                    seqs.insert(sample.seq);
                }
            }
            riseLost += seqs.empty() ? 0 : *seqs.rbegin() - *seqs.begin() + 1 - seqs.size();
        }
        Impact riseImpact = Measure(ro, rise, stop);
        std::optional<ScenarioEvent> moved = rec.FindFirst(mrC, "pair-moved", "", "", rise);
        if (!moved)
        {
            moved = rec.FindFirst(mrA, "pair-moved", "", "", rise);
        }
        rec.SetMetric("rise_pair_moved_ms", SinceMs(moved, rise));
        rec.SetMetric("rise_ro_delay_before_ms", meanDelayMs(rise - Seconds(2), rise));
        rec.SetMetric("rise_ro_delay_after_ms", meanDelayMs(stop - Seconds(3), stop));
        rec.SetMetric("rise_outage_ro_s", riseImpact.outageS);
        rec.SetMetric("rise_lost_ro", riseLost);
    }

    rec.AddTable("failover.csv",
                 {"detector", "param_s", "outage_ha_s", "outage_ro_s", "lost_ha", "lost_ro"});
    rec.AddRow("failover.csv",
               {detector, paramS, haFail.outageS, roFail.outageS, haFail.lost, roFail.lost});

    // The Home Agent restart: per router, when it was registered again (first successful
    // reply after the restart) and, over the flows its site receives, the longest silence
    // around the restart and when delivery resumed after it.
    std::ostringstream restartReport;
    restartReport << std::fixed << std::setprecision(3);
    if (haRestartAt > 0)
    {
        rec.SetMetric("ha_restart_s", haRestartAt);
        rec.AddTable("ha-restart.csv",
                     {"mr", "reregister_ms", "outage_s", "recovery_ms", "lost_packets"});

        struct Router
        {
            uint32_t site;                       //!< site index
            std::vector<Ptr<ProbeFlow>> inbound; //!< flows its site receives
        };

        std::vector<Router> routers = {{A, {ha[1], ro[1]}}, {B, {ha[0]}}, {C, {ro[0]}}};
        std::vector<double> reregister;
        double last = 0;
        for (const Router& r : routers)
        {
            std::string name = ScenarioRecorder::MobileRouterName(r.site);
            double ms = SinceMs(rec.FindFirst(name, "rx", "RRP", ";code=0", restart), restart);
            reregister.push_back(ms);
            last = std::isnan(ms) ? p.duration - haRestartAt : std::max(last, ms / 1e3);
        }
        // The window: from the restart until the last router was registered again.
        Time until = std::min(restart + Seconds(last) + MilliSeconds(1), stop);
        for (size_t i = 0; i < routers.size(); ++i)
        {
            std::string name = ScenarioRecorder::MobileRouterName(routers[i].site);
            Recovery worst;
            worst.recoveryMs = 0;
            for (const Ptr<ProbeFlow>& f : routers[i].inbound)
            {
                Recovery one = MeasureRecovery(f, restart, until);
                worst.outageS = std::max(worst.outageS, one.outageS);
                worst.lost += one.lost;
                worst.recoveryMs = std::isnan(one.recoveryMs) || std::isnan(worst.recoveryMs)
                                       ? NOT_A_NUMBER
                                       : std::max(worst.recoveryMs, one.recoveryMs);
            }
            std::string key =
                "ha_restart_" + std::string(1, static_cast<char>(std::tolower(name.back()))) + "_";
            rec.SetMetric(key + "reregister_ms", reregister[i]);
            rec.SetMetric(key + "outage_s", worst.outageS);
            rec.SetMetric(key + "recovery_ms", worst.recoveryMs);
            rec.SetMetric(key + "lost_packets", worst.lost);
            rec.AddRow("ha-restart.csv",
                       {name, reregister[i], worst.outageS, worst.recoveryMs, worst.lost});
            restartReport << "  HA restart at " << haRestartAt << " s: " << name
                          << " registered again after " << reregister[i] << " ms, outage "
                          << worst.outageS << " s, traffic back after " << worst.recoveryMs
                          << " ms, " << worst.lost << " lost\n";
        }
    }
    rec.Write();

    std::ostringstream failureReport;
    failureReport << std::fixed << std::setprecision(3) << "  failure at " << failAt
                  << " s: HA traffic outage " << haFail.outageS << " s, " << haFail.lost
                  << " lost; RO traffic outage " << roFail.outageS << " s, " << roFail.lost
                  << " lost\n"
                  << "  recovery at " << failAt + failFor << " s: HA traffic outage "
                  << haBack.outageS << " s, " << haBack.lost << " lost; RO traffic outage "
                  << roBack.outageS << " s, " << roBack.lost << " lost\n";
    std::cout << std::fixed << std::setprecision(3) << "failover (" << detector << ", probes every "
              << keepaliveInterval << " s, " << keepaliveMisses << " misses), results in "
              << p.outDir << "/\n"
              << (failFor > 0 ? failureReport.str() : std::string()) << restartReport.str()
              << std::flush;

    bool ok = ha[0]->GetReceived() > 0 && ro[0]->GetReceived() > 0;
    Simulator::Destroy();
    return ok ? 0 : 1;
}
