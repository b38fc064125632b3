/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * HAARO scale benchmark (issue 14): one Home Agent, N dual-homed Mobile Routers on 3
 * ISPs, route optimization on; the registrations are spread over 0-5 s and every site
 * sends one 100-octet datagram per second to one fixed, randomly chosen other site (from
 * t = 5-6 s on). For each N it prints the wall time of the registration phase (until
 * simulated t = 5 s) and of the whole run, the peak RSS (getrusage), the simulator events,
 * the Route Optimization Cache entries over all routers at the end, the largest Prefix
 * Advertisement, the Registration Requests and Replies the HA saw and sent, and the wall
 * time and RSS per router. The CPU time (user + system, whole process) is printed too:
 * it is less disturbed than the wall time when other programs share the cores.
 *
 *   build/bench/haaro-scale-bench [--n=100] [--duration=300] [--RngRun=1]
 *
 * One N per process, so that the peak RSS is that run's.
 */
#include "bench-process.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <chrono>
#include <cstdio>

using namespace ns3;
using haarobench::CpuSeconds;
using haarobench::PeakRssMiB;
using haarobench::Since;

namespace
{

/// What the sinks and the Home Agent's trace sources counted.
struct HaCounts
{
    uint64_t delivered{0};      //!< datagrams received by all sinks
    uint64_t requests{0};       //!< well-formed Registration Requests received
    uint64_t replies{0};        //!< Registration Replies sent
    uint64_t advertisements{0}; //!< Prefix Advertisements sent
    uint64_t advOctets{0};      //!< their octets
    uint32_t largestOctets{0};  //!< the largest one, in octets
    uint32_t largestRouters{0}; //!< the Mobile Router entries in the largest one
};

HaCounts g_ha; //!< counts of the current run

/// \param socket a sink: drains and counts it
void
OnReceive(Ptr<Socket> socket)
{
    while (socket->Recv())
    {
        g_ha.delivered++;
    }
}

/// RequestReceived sink.
void
OnRequest(const MipRegistrationRequest&, Ipv4Address)
{
    g_ha.requests++;
}

/// ReplySent sink.
void
OnReply(const MipRegistrationReply&, Ipv4Address)
{
    g_ha.replies++;
}

/// AdvertisementSent sink.
void
OnAdvertisement(Ipv4Address, uint32_t routers, uint32_t, uint32_t octets)
{
    g_ha.advertisements++;
    g_ha.advOctets += octets;
    if (octets > g_ha.largestOctets)
    {
        g_ha.largestOctets = octets;
        g_ha.largestRouters = routers;
    }
}

/// Runs one size and prints one line.
void
RunOnce(uint32_t n, double duration)
{
    g_ha = HaCounts();
    auto t0 = std::chrono::steady_clock::now();
    VirtualOperatorTopologyHelper topologyHelper;
    topologyHelper.SetNumIsps(3);
    topologyHelper.AddSites(n, 2);
    VirtualOperatorTopology topology = topologyHelper.Build();
    NemoNetworkHelper nemo;
    nemo.SetHomeAgentAttribute("HaaroEnabled", BooleanValue(true));
    nemo.SetMobileRouterAttribute("RouteOptimization", BooleanValue(true));
    NemoNetwork network = nemo.Install(topology);
    Ptr<UniformRandomVariable> peers = CreateObject<UniformRandomVariable>();
    peers->SetStream(14);
    for (uint32_t i = 0; i < n; ++i)
    {
        // Registrations spread over the first 5 seconds.
        network.mobileRouters[i]->SetStartTime(MicroSeconds(5000000ull * i / n));
        Ptr<Socket> sink =
            Socket::CreateSocket(topology.sites[i].hosts.Get(0), UdpSocketFactory::GetTypeId());
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9000));
        sink->SetRecvCallback(MakeCallback(&OnReceive));
        // One fixed random other site.
        uint32_t peer = (i + 1 + peers->GetInteger(0, n - 2)) % n;
        UdpClientHelper client(topology.sites[peer].hostAddresses[0], 9000);
        client.SetAttribute("Interval", TimeValue(Seconds(1)));
        client.SetAttribute("MaxPackets", UintegerValue(1000000));
        client.SetAttribute("PacketSize", UintegerValue(100));
        ApplicationContainer app = client.Install(topology.sites[i].hosts.Get(0));
        app.Start(Seconds(5) + MicroSeconds(1000000ull * i / n));
        app.Stop(Seconds(duration));
    }
    Ptr<HomeAgent> ha = network.homeAgent;
    ha->TraceConnectWithoutContext("RequestReceived", MakeCallback(&OnRequest));
    ha->TraceConnectWithoutContext("ReplySent", MakeCallback(&OnReply));
    ha->TraceConnectWithoutContext("AdvertisementSent", MakeCallback(&OnAdvertisement));
    double build = Since(t0);

    auto t1 = std::chrono::steady_clock::now();
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    double registration = Since(t1);
    Simulator::Stop(Seconds(duration - 5));
    Simulator::Run();
    double run = Since(t1);
    uint64_t events = Simulator::GetEventCount();
    uint64_t rocEntries = 0;
    for (const Ptr<MobileRouter>& mr : network.mobileRouters)
    {
        if (Ptr<RouteOptimizer> ro = mr->GetRouteOptimizer())
        {
            rocEntries += ro->GetCache().GetSize();
        }
    }
    double rss = PeakRssMiB();
    double cpu = CpuSeconds();
    std::printf("N %u: build %.2f s, registration phase (to t=5 s) %.2f s, simulate %.0f s in "
                "%.2f s wall (CPU %.2f s), %lu events (%.0f/s), %lu datagrams delivered, peak RSS "
                "%.1f MiB; ROC entries %lu; "
                "HA requests %lu, replies %lu, advertisements %lu (%.1f MB), largest %u octets "
                "(%u routers); per router: %.2f ms wall, %.1f KiB RSS\n",
                n,
                build,
                registration,
                duration,
                run,
                cpu,
                static_cast<unsigned long>(events),
                events / run,
                static_cast<unsigned long>(g_ha.delivered),
                rss,
                static_cast<unsigned long>(rocEntries),
                static_cast<unsigned long>(g_ha.requests),
                static_cast<unsigned long>(g_ha.replies),
                static_cast<unsigned long>(g_ha.advertisements),
                g_ha.advOctets / 1e6,
                g_ha.largestOctets,
                g_ha.largestRouters,
                1e3 * (build + run) / n,
                rss * 1024 / n);
    std::fflush(stdout);
    Simulator::Destroy();
}

} // namespace

int
main(int argc, char* argv[])
{
    double duration = 300;
    uint32_t n = 100;
    CommandLine cmd(__FILE__);
    cmd.AddValue("n", "number of Mobile Routers", n);
    cmd.AddValue("duration", "simulated seconds (at least 5)", duration);
    cmd.Parse(argc, argv);
    NS_ABORT_MSG_IF(duration < 5, "--duration must be at least 5 s");
    NS_ABORT_MSG_IF(n < 2, "--n must be at least 2");
    RunOnce(n, duration);
    return 0;
}
