/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Scale benchmark of NEMOv4 on one Home Agent: N dual-homed mobile routers register,
 * and every site sends one datagram per second to the next site (through the HA).
 * For each N it prints the wall-clock time to build, to simulate, the simulator events,
 * the registrations and datagrams the HA handled, and the process's peak RSS.
 *
 *   build/bench/haaro-nemo-scale-bench [N ...]      (default: 100 300 1000)
 *
 * The per-packet and per-registration work at the HA is a constant number of hash
 * look-ups, so the simulation time per datagram should not grow with N; the numbers below
 * show whether it does.
 */
#include "bench-process.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <chrono>
#include <cstdio>
#include <string>

using namespace ns3;
using haarobench::PeakRssMiB;
using haarobench::Since;

namespace
{

uint64_t g_received = 0; //!< datagrams received by all sinks

/// \param socket a sink
void
Count(Ptr<Socket> socket)
{
    while (socket->Recv())
    {
        g_received++;
    }
}

/// Runs one size.
void
RunOnce(uint32_t n, double seconds)
{
    g_received = 0;
    auto t0 = std::chrono::steady_clock::now();
    VirtualOperatorTopologyHelper topologyHelper;
    topologyHelper.SetNumIsps(3);
    topologyHelper.AddSites(n, 2);
    VirtualOperatorTopology topology = topologyHelper.Build();
    NemoNetworkHelper nemo;
    NemoNetwork network = nemo.Install(topology);
    for (uint32_t i = 0; i < n; ++i)
    {
        // Registrations spread over the first second.
        network.mobileRouters[i]->SetStartTime(MicroSeconds(1000000ull * i / n));
        Ptr<Socket> sink =
            Socket::CreateSocket(topology.sites[i].hosts.Get(0), UdpSocketFactory::GetTypeId());
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9000));
        sink->SetRecvCallback(MakeCallback(&Count));
        UdpClientHelper client(topology.sites[(i + 1) % n].hostAddresses[0], 9000);
        client.SetAttribute("Interval", TimeValue(Seconds(1)));
        client.SetAttribute("MaxPackets", UintegerValue(1000000));
        client.SetAttribute("PacketSize", UintegerValue(100));
        ApplicationContainer app = client.Install(topology.sites[i].hosts.Get(0));
        app.Start(Seconds(2) + MicroSeconds(1000000ull * i / n));
        app.Stop(Seconds(seconds));
    }
    double build = Since(t0);
    auto t1 = std::chrono::steady_clock::now();
    Simulator::Stop(Seconds(seconds));
    Simulator::Run();
    double run = Since(t1);
    uint64_t events = Simulator::GetEventCount();
    Ptr<HomeAgent> ha = network.homeAgent;
    std::printf("%6u MRs: build %6.2f s, simulate %6.1f s %7.2f s, %9lu events, "
                "%5lu bindings, %7lu datagrams delivered (%.1f us wall per datagram), "
                "peak RSS %7.1f MiB\n",
                n,
                build,
                seconds,
                run,
                static_cast<unsigned long>(events),
                static_cast<unsigned long>(ha->GetBindingTable()->GetBindingCount()),
                static_cast<unsigned long>(g_received),
                g_received ? 1e6 * run / g_received : 0.0,
                PeakRssMiB());
    std::fflush(stdout);
    Simulator::Destroy();
}

} // namespace

int
main(int argc, char* argv[])
{
    std::vector<uint32_t> sizes;
    for (int i = 1; i < argc; ++i)
    {
        if (std::string(argv[i]) == "--help")
        {
            std::printf("haaro-nemo-scale-bench [N ...]\n\n"
                        "Scale benchmark: N dual-homed mobile routers on one Home Agent, one "
                        "datagram per second per site through the HA; wall-clock time, events "
                        "and peak RSS per N.\n\n"
                        "    N  number of mobile routers, one run each [default: 100 300 1000]\n");
            return 0;
        }
        sizes.push_back(std::stoul(argv[i]));
    }
    if (sizes.empty())
    {
        sizes = {100, 300, 1000};
    }
    for (uint32_t n : sizes)
    {
        RunOnce(n, 12.0);
    }
    return 0;
}
