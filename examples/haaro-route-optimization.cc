/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * haaro-route-optimization: RFC 6521 route optimization, as in the RFC's example (figures
 * F14 and F15). Three mobile routers A, B and C register with the Home Agent in that order
 * (B learns network A, C learns A and B from the Home Agent's prefix advertisements); then
 * Node A (behind MR A) and Node C (behind MR C) talk. MR C, which knows network A, runs
 * return routability with MR A through the Home Agent, registers with it (MR A first asks
 * the Home Agent about network C), and both send their traffic through a direct MR A <-> MR
 * C tunnel from then on.
 *
 *   ./haaro run haaro-route-optimization [--duration=10] [--udp=true] [--gre=false] [--pcap=false]
 *        [--prefix=haaro-route-optimization] [--RngRun=1]
 *
 * It prints every route optimization message and event, the setup latency and, for both
 * directions, the one-way delay and hop count before and after optimization and what the
 * Home Agent still forwards. With --pcap=true it writes <prefix>-<node>-<device>.pcap for
 * the HA's backend link and for the uplinks of MR A and MR C.
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

NS_LOG_COMPONENT_DEFINE("HaaroRouteOptimization");

namespace
{

const char* NAMES[] = {"MR A", "MR B", "MR C"}; //!< router names as in the RFC

/// What a receiving host measured.
struct Flow
{
    uint32_t packets{0};  //!< received
    Time firstDelay;      //!< one-way delay of the first
    uint32_t firstTtl{0}; //!< its TTL at the receiver
    Time lastDelay;       //!< one-way delay of the last
    uint32_t lastTtl{0};  //!< its TTL
};

/// \param f tally \param socket sink
void
Receive(Flow* f, Ptr<Socket> socket)
{
    Ptr<Packet> p;
    while ((p = socket->Recv()))
    {
        SeqTsHeader seqTs;
        p->RemoveHeader(seqTs);
        SocketIpTtlTag ttl;
        p->RemovePacketTag(ttl);
        Time delay = Simulator::Now() - seqTs.GetTs();
        if (f->packets++ == 0)
        {
            f->firstDelay = delay;
            f->firstTtl = ttl.GetTtl();
        }
        f->lastDelay = delay;
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
    if (message != "KEEPALIVE")
    {
        std::cout << Now() << "  " << NAMES[router] << " " << direction << " " << std::setw(4)
                  << message << "  " << src << " -> " << dst << std::endl;
    }
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

/// \param f flow \param name its name
void
Report(const Flow& f, const std::string& name)
{
    std::cout << "  " << name << ": " << f.packets << " datagrams; first "
              << f.firstDelay.As(Time::MS) << " one-way, TTL " << f.firstTtl << " ("
              << 64 - f.firstTtl << " router hops); last " << f.lastDelay.As(Time::MS) << ", TTL "
              << f.lastTtl << " (" << 64 - f.lastTtl << " hops)" << std::endl;
}

} // namespace

int
main(int argc, char* argv[])
{
    double duration = 10;
    bool gre = false;
    bool udp = true;
    bool pcap = false;
    std::string prefix = "haaro-route-optimization";
    CommandLine cmd(__FILE__);
    cmd.AddValue("duration", "simulated time (s)", duration);
    cmd.AddValue("gre", "GRE instead of IP in IP for all tunnels", gre);
    cmd.AddValue("udp",
                 "UDP (RFC 3519) direct tunnels, RFC 6521's recommendation; false: IP in IP "
                 "(or GRE with --gre)",
                 udp);
    cmd.AddValue("pcap", "write pcap files", pcap);
    cmd.AddValue("prefix", "pcap file name prefix", prefix);
    cmd.Parse(argc, argv);
    if (pcap)
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    }

    VirtualOperatorTopologyHelper topologyHelper;
    topologyHelper.SetNumIsps(2);
    topologyHelper.SetDefaultUplink(DataRate("10Mbps"), MilliSeconds(10));
    topologyHelper.AddSites(3, 1);
    VirtualOperatorTopology topology = topologyHelper.Build();
    VirtualOperatorTopologyHelper::AssignNames(topology);

    NemoNetworkHelper nemo;
    nemo.SetMobileRouterAttribute("RouteOptimization", BooleanValue(true));
    nemo.SetMobileRouterAttribute("UseGre", BooleanValue(gre));
    nemo.SetRouteOptimizerAttribute("Encapsulation",
                                    StringValue(gre   ? "Gre"
                                                : udp ? "Udp"
                                                      : "IpInIp"));
    NemoNetwork network = nemo.Install(topology);
    for (uint32_t i = 0; i < 3; ++i)
    {
        network.mobileRouters[i]->SetStartTime(Seconds(1 + i)); // F14: A, then B, then C
        network.mobileRouters[i]->AssignStreams(10 * i);
        Simulator::Schedule(Seconds(1 + i) + MicroSeconds(1), [&network, i]() {
            Ptr<RouteOptimizer> ro = network.mobileRouters[i]->GetRouteOptimizer();
            ro->TraceConnectWithoutContext("Message", MakeBoundCallback(&OnMessage, i));
            ro->TraceConnectWithoutContext("PeerEvent", MakeBoundCallback(&OnPeer, i));
            ro->TraceConnectWithoutContext("Setup", MakeBoundCallback(&OnSetup, i));
        });
    }

    // F15: Node A -> Node C first (MR A does not know network C), then Node C -> Node A.
    Flow flows[2];
    std::vector<Ptr<Socket>> sinks;
    uint32_t ends[2][2] = {{0, 2}, {2, 0}};
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
        p2p.EnablePcap(prefix, topology.homeAgentDevice, true);
        for (uint32_t i : {0u, 2u})
        {
            p2p.EnablePcap(prefix, topology.sites[i].uplinks[0].mrDevice, true);
        }
    }

    std::cout << "haaro-route-optimization: MR A, B, C register at 1, 2, 3 s; Node A <-> Node C "
                 "from 5 s"
              << std::endl;
    Simulator::Stop(Seconds(duration));
    Simulator::Run();

    std::cout << "\nResults" << std::endl;
    Report(flows[0], "Node A -> Node C");
    Report(flows[1], "Node C -> Node A");
    Ptr<HomeAgent> ha = network.homeAgent;
    std::cout << "  Home Agent: " << ha->GetAdvertisementCount() << " prefix advertisements sent, "
              << ha->GetBindingTable()->GetBindingCount() << " bindings" << std::endl;
    Simulator::Destroy();
    return flows[0].packets > 0 && flows[1].packets > 0 ? 0 : 1;
}
