/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * haaro-nat-traversal: RFC 6521 route optimization through a NAT. MR A and MR B are on
 * public addresses; MR C sits behind a NAT (Ipv4Nat, RFC 4787 behaviour chosen with --nat)
 * on a private care-of address. MR C registers with the Home Agent through the NAT (RFC
 * 3519: UDP Tunnel Request/Reply, the Home Agent sees the NAT and tunnels in UDP to the
 * NAT's public address and port), learns that it is behind a NAT (N flag) and announces
 * itself outbound-only (O flag). When Node C and Node A talk, MR C runs return routability
 * and registers with MR A through the NAT, then opens the UDP direct tunnel with its first
 * keepalive; MR A answers to the NAT's public address and port and the tunnel carries the
 * traffic of both directions.
 *
 *   ./haaro run haaro-nat-traversal [--nat=port-restricted] [--duration=10] [--pcap=false]
 *        [--prefix=haaro-nat-traversal] [--RngRun=1]
 *
 * --nat: full-cone (EIM/EIF), restricted (EIM/ADF), port-restricted (EIM/APDF) or
 * symmetric (APDM/APDF). With --pcap=true it writes <prefix>-inside.pcap (the NAT's inside
 * link, MR C side: private addresses) and <prefix>-outside.pcap (the NAT's outside link:
 * its public address), plus <prefix>-MR-A.pcap (MR A's uplink).
 */
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <iomanip>
#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("HaaroNatTraversal");

namespace
{

const char* NAMES[] = {"MR A", "MR B", "MR C"}; //!< router names as in the RFC

/// What a receiving host measured.
struct Flow
{
    uint32_t packets{0};  //!< received
    uint32_t firstTtl{0}; //!< TTL of the first at the receiver
    uint32_t lastTtl{0};  //!< TTL of the last
};

/// \param f tally \param socket sink
void
Receive(Flow* f, Ptr<Socket> socket)
{
    Ptr<Packet> p;
    while ((p = socket->Recv()))
    {
        SocketIpTtlTag ttl;
        p->RemovePacketTag(ttl);
        if (f->packets++ == 0)
        {
            f->firstTtl = ttl.GetTtl();
        }
        f->lastTtl = ttl.GetTtl();
    }
}

/// \return the current time, printed
std::string
Now()
{
    std::ostringstream os;
    os << std::fixed << std::setprecision(3) << Simulator::Now().GetSeconds() << " s";
    return os.str();
}

/// Message trace.
void
OnMessage(uint32_t router,
          const std::string& direction,
          const std::string& message,
          Ipv4Address src,
          Ipv4Address dst)
{
    std::cout << Now() << "  " << NAMES[router] << " " << direction << " " << std::setw(9)
              << message << "  " << src << " -> " << dst << std::endl;
}

/// Peer event trace.
void
OnPeer(uint32_t router, const RoPeerEventInfo& info)
{
    std::cout << Now() << "  " << NAMES[router] << " [" << info << "] peer " << info.peer
              << std::endl;
}

/// Setup trace.
void
OnSetup(uint32_t router, Ipv4Address peer, Time latency)
{
    std::cout << Now() << "  " << NAMES[router] << " route optimization with " << peer
              << " set up in " << latency.As(Time::MS) << std::endl;
}

/// NAT mapping trace.
void
OnMapping(uint8_t protocol,
          const InetSocketAddress& inside,
          const InetSocketAddress& outside,
          const InetSocketAddress& remote)
{
    std::cout << Now() << "  NAT new mapping (protocol " << unsigned(protocol) << ") "
              << inside.GetIpv4() << ":" << inside.GetPort() << " -> " << outside.GetIpv4() << ":"
              << outside.GetPort() << " (first remote " << remote.GetIpv4() << ":"
              << remote.GetPort() << ")" << std::endl;
}

} // namespace

int
main(int argc, char* argv[])
{
    double duration = 10;
    bool pcap = false;
    std::string natType = "port-restricted";
    std::string prefix = "haaro-nat-traversal";
    CommandLine cmd(__FILE__);
    cmd.AddValue("duration", "simulated time (s)", duration);
    cmd.AddValue("nat", "NAT of MR C: full-cone, restricted, port-restricted, symmetric", natType);
    cmd.AddValue("pcap", "write pcap files on both sides of the NAT", pcap);
    cmd.AddValue("prefix", "pcap file name prefix", prefix);
    cmd.Parse(argc, argv);
    if (pcap)
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    }
    NatHelper natHelper;
    if (!natHelper.SetType(natType))
    {
        std::cerr << "unknown --nat=" << natType << std::endl;
        return 2;
    }

    VirtualOperatorTopologyHelper topologyHelper;
    topologyHelper.SetNumIsps(2);
    topologyHelper.SetDefaultUplink(DataRate("10Mbps"), MilliSeconds(10));
    topologyHelper.AddSites(3, 1);
    topologyHelper.SetUplinkMiddlebox(2, 0, 0); // MR C behind the NAT
    VirtualOperatorTopology topology = topologyHelper.Build();
    VirtualOperatorTopologyHelper::AssignNames(topology);
    const VirtualOperatorMiddlebox& mb = topology.middleboxes.front();
    Ptr<Ipv4Nat> nat = natHelper.Install(mb.node, mb.insideInterfaces, mb.outsideInterface);
    nat->AssignStreams(1000);
    nat->TraceConnectWithoutContext("MappingCreated", MakeCallback(&OnMapping));

    NemoNetworkHelper nemo;
    nemo.SetMobileRouterAttribute("RouteOptimization", BooleanValue(true));
    NemoNetwork network = nemo.Install(topology);
    for (uint32_t i = 0; i < 3; ++i)
    {
        network.mobileRouters[i]->SetStartTime(Seconds(1 + i));
        network.mobileRouters[i]->AssignStreams(10 * i);
        Simulator::Schedule(Seconds(1 + i) + MicroSeconds(1), [&network, i]() {
            Ptr<RouteOptimizer> ro = network.mobileRouters[i]->GetRouteOptimizer();
            ro->TraceConnectWithoutContext("Message", MakeBoundCallback(&OnMessage, i));
            ro->TraceConnectWithoutContext("PeerEvent", MakeBoundCallback(&OnPeer, i));
            ro->TraceConnectWithoutContext("Setup", MakeBoundCallback(&OnSetup, i));
        });
    }

    // Node C -> Node A first (MR C knows network A: it initiates), Node A -> Node C after.
    Flow flows[2];
    std::vector<Ptr<Socket>> sinks;
    uint32_t ends[2][2] = {{2, 0}, {0, 2}};
    for (uint32_t k = 0; k < 2; ++k)
    {
        uint32_t from = ends[k][0];
        uint32_t to = ends[k][1];
        Ptr<Socket> sink =
            Socket::CreateSocket(topology.sites[to].hosts.Get(0), UdpSocketFactory::GetTypeId());
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9000));
        sink->SetIpRecvTtl(true);
        sink->SetRecvCallback(MakeBoundCallback(&Receive, &flows[k]));
        sinks.push_back(sink);
        UdpClientHelper client(topology.sites[to].hostAddresses[0], 9000);
        client.SetAttribute("Interval", TimeValue(MilliSeconds(100)));
        client.SetAttribute("MaxPackets", UintegerValue(1000000));
        client.SetAttribute("PacketSize", UintegerValue(200));
        ApplicationContainer app = client.Install(topology.sites[from].hosts.Get(0));
        app.Start(Seconds(5 + 0.05 * k));
        app.Stop(Seconds(duration - 0.5));
    }

    if (pcap)
    {
        PointToPointHelper p2p;
        // Inside: the NAT's end of MR C's private link; outside: its public link to the ISP.
        p2p.EnablePcap(prefix + "-inside.pcap", topology.sites[2].uplinks[0].ispDevice, true, true);
        p2p.EnablePcap(prefix + "-outside.pcap", mb.outsideDevice, true, true);
        p2p.EnablePcap(prefix + "-MR-A.pcap", topology.sites[0].uplinks[0].mrDevice, true, true);
    }

    std::cout << "haaro-nat-traversal: MR C behind a " << natType << " NAT (public address "
              << mb.publicAddress << ", MR C's care-of address "
              << topology.sites[2].uplinks[0].careOfAddress << "); Node C <-> Node A from 5 s"
              << std::endl;
    Simulator::Stop(Seconds(duration));
    Simulator::Run();

    std::cout << "\nResults" << std::endl;
    const char* names[] = {"Node C -> Node A", "Node A -> Node C"};
    for (uint32_t k = 0; k < 2; ++k)
    {
        std::cout << "  " << names[k] << ": " << flows[k].packets << " datagrams, first "
                  << 64 - flows[k].firstTtl << " router hops, last " << 64 - flows[k].lastTtl
                  << std::endl;
    }
    std::cout << "  NAT: " << nat->GetMappingsCreated() << " mappings, "
              << nat->GetTranslatedPackets() << " packets translated, " << nat->GetTotalDrops()
              << " dropped (" << nat->GetFilteredDrops() << " filtered)" << std::endl;
    RocEntry* entry = network.mobileRouters[2]->GetRouteOptimizer()->GetCache().Find(
        topology.sites[0].homeAddress);
    bool direct = entry && entry->tunnelActive;
    std::cout << "  MR C <-> MR A: " << (direct ? "direct UDP tunnel" : "via the Home Agent")
              << std::endl;
    Simulator::Destroy();
    return flows[0].packets > 0 && flows[1].packets > 0 && direct ? 0 : 1;
}
