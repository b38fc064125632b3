/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * haaro-nemo-basic: NEMOv4 on the virtual-operator network (RFC 6521 figure F1) without
 * route optimization. Every mobile router registers each of its uplinks with the Home
 * Agent; a host behind MR 0 sends UDP datagrams to a host behind MR 1, and they travel
 * MR 0 => HA => MR 1 in IP-in-IP (or GRE) tunnels. Optionally MR 0's primary uplink fails
 * for a while, and the program reports the failover and the outage.
 *
 *   ./haaro run haaro-nemo-basic [--sites=2] [--isps=2] [--uplinks=2] [--gre=false]
 *        [--duration=20] [--failAt=0] [--failFor=5] [--pathDead=false] [--pcap=false]
 *        [--prefix=haaro-nemo-basic] [--outDir=] [--RngRun=1]
 *
 * With --pcap=true it writes <prefix>-<node>-<device>.pcap for the HA's backend link and
 * for every uplink of MR 0 and MR 1 (tshark decodes the registrations with their Mobile
 * Network Request/Acknowledgement extensions, and the tunnelled datagrams as IP in IP or
 * GRE), and the record of what was sent into them, <prefix>-pcap-sent.csv and
 * <prefix>-pcap-advertised.csv (CaptureRecord), into outDir (default: the current
 * directory).
 */
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/haaro-scenario-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <filesystem>
#include <iomanip>
#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("HaaroNemoBasic");

namespace
{

/// What the receiving host measured.
struct Reception
{
    uint32_t packets{0}; //!< datagrams received
    Time last;           //!< arrival of the previous one
    Time longestGap;     //!< longest gap between arrivals
    uint32_t ttl{0};     //!< IP TTL of the last one
};

/// \param r tally \param socket the sink
void
Receive(Reception* r, Ptr<Socket> socket)
{
    Ptr<Packet> p;
    while ((p = socket->Recv()))
    {
        SocketIpTtlTag ttl;
        if (p->RemovePacketTag(ttl))
        {
            r->ttl = ttl.GetTtl();
        }
        if (r->packets > 0)
        {
            r->longestGap = std::max(r->longestGap, Simulator::Now() - r->last);
        }
        r->last = Simulator::Now();
        r->packets++;
    }
}

/// Prints an uplink state change.
void
PrintState(uint32_t mr,
           Ipv4Address careOf,
           MrUplinkState oldState,
           MrUplinkState newState,
           const std::string& reason)
{
    std::cout << std::fixed << std::setprecision(3) << Simulator::Now().GetSeconds() << " s  MR "
              << mr << " uplink " << careOf << ": " << oldState << " -> " << newState << " ("
              << reason << ")" << std::endl;
}

/// Prints a failover.
void
PrintFailover(uint32_t mr, Ipv4Address from, Ipv4Address to)
{
    std::cout << std::fixed << std::setprecision(3) << Simulator::Now().GetSeconds() << " s  MR "
              << mr << " traffic now on uplink " << to << " (was " << from << ")" << std::endl;
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t sites = 2;
    uint32_t isps = 2;
    uint32_t uplinks = 2;
    bool gre = false;
    double duration = 20;
    double failAt = 0;
    double failFor = 5;
    bool pathDead = false;
    bool pcap = false;
    std::string prefix = "haaro-nemo-basic";
    std::string outDir;

    CommandLine cmd(__FILE__);
    cmd.Usage("NEMOv4 without route optimization: multihomed mobile routers register with the "
              "Home Agent, site-to-site traffic goes through its tunnels; optionally MR 0's "
              "primary uplink fails.");
    cmd.AddValue("sites", "number of sites (mobile routers), at least 2", sites);
    cmd.AddValue("isps", "number of ISPs", isps);
    cmd.AddValue("uplinks",
                 "number of uplinks per mobile router (ISPs chosen round robin)",
                 uplinks);
    cmd.AddValue("gre", "GRE tunnels instead of IP in IP", gre);
    cmd.AddValue("duration", "simulated time [s]", duration);
    cmd.AddValue("failAt", "when MR 0's primary uplink fails [s] (0: never)", failAt);
    cmd.AddValue("failFor", "how long it stays failed [s]", failFor);
    cmd.AddValue("pathDead", "fail the path but keep the interface up", pathDead);
    cmd.AddValue("pcap", "write pcap files", pcap);
    cmd.AddValue("prefix", "pcap file name prefix", prefix);
    cmd.AddValue("outDir", "directory of the pcap files (default: the current one)", outDir);
    cmd.Parse(argc, argv);
    NS_ABORT_MSG_IF(sites < 2 || uplinks < 1 || uplinks > isps,
                    "need sites >= 2, 1 <= uplinks <= isps");

    if (pcap)
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    }

    VirtualOperatorTopologyHelper topologyHelper;
    topologyHelper.SetNumIsps(isps);
    topologyHelper.AddSites(sites, uplinks);
    VirtualOperatorTopology topology = topologyHelper.Build();
    VirtualOperatorTopologyHelper::AssignNames(topology);

    NemoNetworkHelper nemo;
    nemo.SetMobileRouterAttribute("UseGre", BooleanValue(gre));
    NemoNetwork network = nemo.Install(topology);
    for (uint32_t i = 0; i < 2; ++i)
    {
        network.mobileRouters[i]->TraceConnectWithoutContext("UplinkState",
                                                             MakeBoundCallback(&PrintState, i));
        network.mobileRouters[i]->TraceConnectWithoutContext("Failover",
                                                             MakeBoundCallback(&PrintFailover, i));
    }

    // One datagram every 10 ms from a host of site 0 to a host of site 1.
    Reception reception;
    Ptr<Socket> sink =
        Socket::CreateSocket(topology.sites[1].hosts.Get(0), UdpSocketFactory::GetTypeId());
    sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9000));
    sink->SetIpRecvTtl(true);
    sink->SetRecvCallback(MakeBoundCallback(&Receive, &reception));
    UdpClientHelper client(topology.sites[1].hostAddresses[0], 9000);
    client.SetAttribute("Interval", TimeValue(MilliSeconds(10)));
    client.SetAttribute("MaxPackets", UintegerValue(1000000));
    client.SetAttribute("PacketSize", UintegerValue(200));
    ApplicationContainer sender = client.Install(topology.sites[0].hosts.Get(0));
    sender.Start(Seconds(1));
    sender.Stop(Seconds(duration - 0.5));

    if (failAt > 0)
    {
        VirtualOperatorTopologyHelper::ScheduleUplinkFailure(
            topology,
            0,
            0,
            Seconds(failAt),
            Seconds(failFor),
            pathDead ? VirtualOperatorTopologyHelper::PATH_DEAD
                     : VirtualOperatorTopologyHelper::INTERFACE_DOWN);
    }

    CaptureRecord record; // what is sent into the captures
    if (pcap)
    {
        PointToPointHelper p2p;
        std::vector<Ptr<NetDevice>> captured{topology.homeAgentDevice};
        for (uint32_t i = 0; i < 2; ++i)
        {
            for (const auto& uplink : topology.sites[i].uplinks)
            {
                captured.push_back(uplink.mrDevice);
            }
        }
        if (!outDir.empty())
        {
            std::filesystem::create_directories(outDir);
        }
        for (Ptr<NetDevice> device : captured)
        {
            p2p.EnablePcap(outDir.empty() ? prefix : outDir + "/" + prefix, device, true);
            record.WatchDevice(device,
                               Names::FindName(device->GetNode()),
                               PcapHelper().GetFilenameFromDevice(prefix, device));
        }
        record.WatchAdvertisements(network.homeAgent);
    }

    Simulator::Stop(Seconds(duration));
    Simulator::Run();
    record.Write(outDir, prefix + "-");

    Ptr<HomeAgent> ha = network.homeAgent;
    uint32_t sent = DynamicCast<UdpClient>(sender.Get(0))->GetTotalTx() / 200;
    std::cout << "\nhaaro-nemo-basic: " << sites << " mobile routers, " << uplinks
              << " uplink(s) each, " << (gre ? "GRE" : "IP-in-IP") << " tunnels" << std::endl;
    std::cout << "  HA bindings: " << ha->GetBindingTable()->GetBindingCount() << " for "
              << ha->GetBindingTable()->GetMobileNodeCount() << " mobile routers; replies sent "
              << ha->GetReplyCount(MIP_REPLY_ACCEPTED) << " accepted" << std::endl;
    std::cout << "  host 0 -> host 1: " << sent << " datagrams sent, " << reception.packets
              << " received, TTL " << reception.ttl
              << " at the receiver (64 - 3 hops: MR 0, HA, MR 1)" << std::endl;
    std::cout << "  longest gap between arrivals: " << reception.longestGap.As(Time::MS)
              << std::endl;
    Simulator::Destroy();
    return reception.packets > 0 ? 0 : 1;
}
