/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * haaro-scenario-vehicular (scenario "vehicular", issue 16 part 3): a bus whose mobile
 * router hands over between Wi-Fi hotspots of two ISPs along the road while its passenger
 * network talks to a fixed enterprise site with route optimization (RFC 6521 section 8.3,
 * figure F16, over a real access network), each handover broken into its phases.
 *
 * Sites: MR-A, the enterprise site the bus talks to, and MR-B, both multihomed on wired
 * ISPs; MR-C, the bus (its mobile network is the passenger LAN), with a Wi-Fi station
 * (WifiAccessHelper: DHCP care-of address, the primary uplink) and an always-on cellular
 * uplink (the backup): with --cellular=lte (the default) an LTE UE (LteAccessHelper: one eNB
 * by the road, the PGW behind a fourth ISP, ISP-4, the care-of address from the EPC); with
 * --cellular=wired a point-to-point stand-in to ISP-4 with --cellularDelay and a static
 * care-of address.
 * Hotspots stand every --apSpacing metres along the road (x axis; the road runs
 * --roadOffset metres beside them), on ISP-1 and ISP-2 alternately. The bus waits at its
 * stop by the first hotspot until --departAt and then drives at --speed. NODE-A and
 * NODE-C (the bus) exchange probe datagrams (sequence number and timestamp in the payload, every
 * --interval) from 5 s in both directions; losses and outages are measured at the
 * receivers.
 *
 *   ./haaro run haaro-scenario-vehicular [--duration=24] [--speed=25] [--apSpacing=100]
 *        [--departAt=6] [--roadOffset=10] [--cellular=lte] [--cellularDelay=30]
 *        [--uplinkDelay=10] [--coreDelay=5] [--backendDelay=2] [--interval=10]
 *        [--packetSize=200] [--gre=false] [--udp=true] [--staticArp=true] [--pcap=false]
 *        [--outDir=results/vehicular] [--RngRun=1]
 *
 * Outputs (doc/results-format.md): summary.json, events.csv, samples.csv, topology.json
 * and handovers.csv (HandoverBreakdown: one row per handover and direction, the phases in
 * ms, the outage and losses, which uplink carried the traffic meanwhile; uplink0 is the
 * Wi-Fi uplink, uplink1 the cellular one).
 */
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/haaro-scenario-module.h"
#include "ns3/internet-module.h"
#include "ns3/mobility-module.h"
#include "ns3/network-module.h"
#include "ns3/ns3-compat.h"
#include "ns3/wifi-module.h"

#include <cmath>
#include <iomanip>
#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("HaaroScenarioVehicular");

namespace
{

constexpr uint32_t OFFICE = 0;   //!< site of MR-A, the enterprise site the bus talks to
constexpr uint32_t BUS = 2;      //!< site of MR-C, the bus
constexpr uint32_t CELLULAR = 3; //!< ISP index of the cellular operator (ISP-4)
constexpr double FLOWS_AT = 5;   //!< the probe flows start [s]

} // namespace

int
main(int argc, char* argv[])
{
    ScenarioCommonParams p;
    p.duration = 24;
    p.outDir = "results/vehicular";
    double speed = 25;
    double apSpacing = 100;
    double departAt = 6;
    double roadOffset = 10;
    std::string cellular = "lte";
    double cellularDelay = 30;
    uint32_t missedBeacons = 3;

    ScenarioOptions options(__FILE__);
    options.Usage("Issue 16 / RFC 6521 section 8.3 over Wi-Fi: a bus hands over between "
                  "hotspots of two ISPs (cellular backup) while its passengers talk to an "
                  "enterprise site; every handover broken into its phases.\n\nWrites its "
                  "results into --outDir (doc/results-format.md), handovers.csv among them.");
    p.Declare(options);
    options.Add("speed", "bus speed once it leaves its stop [m/s]", speed);
    options.Add("apSpacing", "distance between two hotspots along the road [m]", apSpacing);
    options.Add("departAt", "the bus leaves its stop by the first hotspot [s]", departAt);
    options.Add("roadOffset", "distance between the road and the line of hotspots [m]", roadOffset);
    options.Add("cellular",
                "the always-on uplink: lte (LteAccessHelper: one eNB by the road, the PGW "
                "behind ISP-4) or wired (a point-to-point stand-in to ISP-4)",
                cellular);
    options.Add("cellularDelay",
                "one-way delay of the wired cellular stand-in [ms]",
                cellularDelay);
    options.Add("missedBeacons",
                "number of missed beacons after which the station declares its AP lost "
                "(StaWifiMac MaxMissedBeacons; ns-3's default is 10)",
                missedBeacons);
    options.Parse(argc, argv);
    NS_ABORT_MSG_IF(cellular != "wired" && cellular != "lte", "--cellular: lte or wired");
    NS_ABORT_MSG_IF(speed < 0 || apSpacing <= 0 || roadOffset < 0 || cellularDelay < 0,
                    "speed, apSpacing, roadOffset and cellularDelay must not be negative");
    NS_ABORT_MSG_IF(departAt < FLOWS_AT || p.duration <= departAt + 1,
                    "need 5 <= departAt < duration - 1 (the flows start at 5 s)");

    ScenarioRecorder rec("vehicular", p.outDir);
    options.Record(rec);

    // ---- the network: ISP-1..3 wired, ISP-4 the cellular operator
    VirtualOperatorTopologyHelper topologyHelper;
    topologyHelper.SetNumIsps(4);
    p.Configure(topologyHelper);
    VirtualOperatorTopologyHelper::UplinkConfig cell{CELLULAR,
                                                     DataRate("10Mbps"),
                                                     ScenarioMs(cellularDelay)};
    topologyHelper.AddSite({p.Uplink(0), p.Uplink(2)}); // MR-A: enterprise
    topologyHelper.AddSite({p.Uplink(1), p.Uplink(2)}); // MR-B: enterprise
    topologyHelper.AddSite({cell});                     // MR-C: the bus
    VirtualOperatorTopology topology = topologyHelper.Build();
    rec.AddTopology(topology);
    p.Prepare(topology);

    // ---- the road: hotspots on ISP-1 and ISP-2 alternately, enough for the whole ride
    Ptr<ConstantVelocityMobilityModel> bus = CreateObject<ConstantVelocityMobilityModel>();
    bus->SetPosition(Vector(0, roadOffset, 0));
    topology.sites[BUS].mobileRouter->AggregateObject(bus);
    HaaroSchedule(Seconds(departAt), [bus, speed]() { bus->SetVelocity(Vector(speed, 0, 0)); });
    const double road = speed * (p.duration - departAt);
    auto hotspots = static_cast<uint32_t>(std::ceil(road / apSpacing)) + 2;
    NS_ABORT_MSG_IF(hotspots > 64, "more than 64 hotspots: shorten the ride");
    WifiAccessHelper wifi;
    for (uint32_t k = 0; k < hotspots; ++k)
    {
        wifi.AddAccessPoint(k % 2, Vector(k * apSpacing, 0, 0));
    }
    WifiAccess access = wifi.Install(topology, BUS);
    DynamicCast<WifiNetDevice>(access.stationDevice)
        ->GetMac()
        ->SetAttribute("MaxMissedBeacons", UintegerValue(missedBeacons));
    std::vector<Ptr<NetDevice>> apDevices;
    for (uint32_t k = 0; k < hotspots; ++k)
    {
        rec.AddNode(access.accessPoints[k].node, "AP-" + std::to_string(k + 1), "router");
        apDevices.push_back(access.accessPoints[k].apDevice);
    }

    NemoNetworkHelper nemo;
    p.Configure(nemo);
    nemo.AddDynamicUplink(BUS, access.stationDevice); // Wi-Fi first: the primary
    LteAccess lte;
    if (cellular == "lte")
    {
        // One eNB by the middle of the road, its PGW behind ISP-4; the UE shares the bus's
        // mobility model. The wired stand-in stays cabled but unused.
        LteAccessHelper lteHelper;
        lteHelper.AddEnb(Vector(road / 2, -50, 30));
        lteHelper.SetIsp(CELLULAR);
        lte = lteHelper.Install(topology, BUS);
        rec.AddNode(lte.pgw, "PGW", "router");
        // the EPC's address is the bus's care-of address: name it so (as HandoverBreakdown
        // names the Wi-Fi ones), so that the charts see MR-C's messages sent from it
        rec.AddAddress(lte.ueAddress, ScenarioRecorder::MobileRouterName(BUS));
        nemo.AddDynamicUplink(BUS, lte.ueDevice);
        nemo.SkipTopologyUplinks(BUS);
    }
    NemoNetwork network = nemo.Install(topology);
    Ptr<LteUplinkTrigger> lteTrigger;
    if (lte.ueDevice)
    {
        lteTrigger = LteAccessHelper::HookUplink(lte, network.mobileRouters[BUS]->GetUplink(1));
        LteAccessHelper::AssignStreams(lte, 2000);
    }
    p.StartRouters(network, rec);
    // Every random variable on a fixed stream (ARP's jitter on the Wi-Fi links among them).
    WifiAccessHelper::AssignStreams(access, 1000);
    InternetStackHelper().AssignStreams(NodeContainer::GetGlobal(), 5000);

    HandoverBreakdown breakdown(rec,
                                network.mobileRouters[BUS],
                                ScenarioRecorder::MobileRouterName(BUS),
                                0,
                                ScenarioRecorder::MobileRouterName(OFFICE));
    breakdown.WatchStation(access.stationDevice, apDevices);
    breakdown.SetUplinkNames({"wifi", "cellular"});

    Time start = Seconds(FLOWS_AT);
    Time stop = Seconds(p.duration - 0.5);
    Ptr<ProbeFlow> cToA = p.CreateProbe(rec, topology, "C->A", BUS, OFFICE, 9001);
    Ptr<ProbeFlow> aToC = p.CreateProbe(rec, topology, "A->C", OFFICE, BUS, 9002);
    cToA->Install(start, stop);
    aToC->Install(start + MilliSeconds(5), stop);
    breakdown.AddFlow(cToA,
                      "c_to_a",
                      topology.sites[BUS].hostAddresses[0],
                      topology.sites[OFFICE].hostAddresses[0]);
    breakdown.AddFlow(aToC,
                      "a_to_c",
                      topology.sites[OFFICE].hostAddresses[0],
                      topology.sites[BUS].hostAddresses[0]);

    if (p.pcap)
    {
        rec.EnablePcap(topology);
        rec.EnablePcap(access.stationDevice);
    }

    Simulator::Stop(Seconds(p.duration));
    Simulator::Run();

    std::vector<HandoverBreakdown::Handover> handovers = breakdown.GetHandovers(stop);
    breakdown.Write(stop);
    for (const Ptr<ProbeFlow>& f : {cToA, aToC})
    {
        std::string key = f == cToA ? "c_to_a_" : "a_to_c_";
        rec.SetMetric(key + "sent_packets", f->GetSent());
        rec.SetMetric(key + "received_packets", f->GetReceived());
        rec.SetMetric(key + "lost_packets", f->GetLost());
    }
    rec.Write();

    std::cout << "vehicular (issue 16, RFC 6521 F16 over Wi-Fi), results in " << p.outDir << "/\n";
    std::cout << std::fixed << std::setprecision(1);
    for (uint32_t k = 0; k < handovers.size(); ++k)
    {
        const auto& h = handovers[k];
        std::cout << "  handover " << k + 1 << ": " << h.fromAp << " -> "
                  << (h.toAp.empty() ? "none" : h.toAp) << ", link down at "
                  << h.linkDown.GetSeconds() << " s, registered with the HA "
                  << (h.registered ? (*h.registered - h.linkDown).GetSeconds() * 1e3 : NAN)
                  << " ms later\n";
    }
    std::cout << "  the breakdown per phase and direction: " << p.outDir << "/handovers.csv\n";
    std::cout << std::flush;
    bool ok = !handovers.empty();
    Simulator::Destroy();
    return ok ? 0 : 1;
}
