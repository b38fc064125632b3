/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Scale benchmark of VirtualOperatorTopologyHelper: for each N given on the command
 * line (default 100 300 1000 3000) builds K ISPs and N dual-homed sites, then simulates
 * 1 s in which every MR sends one UDP echo request to the HA (from its first uplink).
 * Prints the build time, the number of nodes, the wall time of the simulated second,
 * the number of answered requests, and the process's maximum resident set size so far
 * (getrusage; it never decreases, so give the sizes in increasing order).
 *
 * Usage: haaro-topology-bench [--isps=K] [--uplinks=M] [--hosts=H] [--direct=0|1]
 *                             [--qdisc=0|1] [N ...]
 */
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/virtual-operator-topology-helper.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/resource.h>
#include <vector>

using namespace ns3;

namespace
{

/// \return the process's maximum resident set size in MiB
double
MaxRssMiB()
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0; // kilobytes on Linux
}

/// \return seconds since an arbitrary epoch
double
WallSeconds()
{
    using Clock = std::chrono::steady_clock;
    return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
}

/// Replies received by the echo clients.
uint32_t g_replies = 0;

/// Counts one reply.
void
CountReply(Ptr<const Packet>)
{
    ++g_replies;
}

} // namespace

int
main(int argc, char** argv)
{
    uint32_t isps = 3;
    uint32_t uplinks = 2;
    uint32_t hosts = 1;
    bool direct = true;
    bool qdisc = true;
    std::vector<uint32_t> sizes;
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        auto value = [&arg]() {
            return std::strtoul(arg.substr(arg.find('=') + 1).c_str(), nullptr, 10);
        };
        if (arg == "--help")
        {
            std::printf("haaro-topology-bench [--isps=K] [--uplinks=M] [--hosts=H] "
                        "[--direct=0|1] [--qdisc=0|1] [N ...]\n\n"
                        "Scale benchmark of VirtualOperatorTopologyHelper: build time, nodes, "
                        "wall time of one simulated second and peak RSS for N dual-homed "
                        "sites.\n\n"
                        "    --isps     number of ISPs [default: 3]\n"
                        "    --uplinks  number of uplinks per site [default: 2]\n"
                        "    --hosts    number of hosts per site [default: 1]\n"
                        "    N          number of sites, one run each [default: 100 300 1000 "
                        "3000]\n");
            return 0;
        }
        if (arg.rfind("--isps=", 0) == 0)
        {
            isps = value();
        }
        else if (arg.rfind("--uplinks=", 0) == 0)
        {
            uplinks = value();
        }
        else if (arg.rfind("--hosts=", 0) == 0)
        {
            hosts = value();
        }
        else if (arg.rfind("--direct=", 0) == 0)
        {
            direct = value() != 0;
        }
        else if (arg.rfind("--qdisc=", 0) == 0)
        {
            qdisc = value() != 0;
        }
        else if (!arg.empty() && arg[0] != '-')
        {
            sizes.push_back(std::strtoul(arg.c_str(), nullptr, 10));
        }
        else
        {
            std::fprintf(stderr,
                         "usage: %s [--isps=K] [--uplinks=M] [--hosts=H] [--direct=0|1] "
                         "[--qdisc=0|1] [N ...]\n",
                         argv[0]);
            return 2;
        }
    }
    if (sizes.empty())
    {
        sizes = {100, 300, 1000, 3000};
    }

    std::printf("# K=%u, %u uplinks per site, %u hosts per site, direct receive %s, queue "
                "discs %s\n",
                isps,
                uplinks,
                hosts,
                direct ? "on" : "off",
                qdisc ? "on" : "off");
    std::printf("%8s %8s %10s %12s %9s %12s\n",
                "N",
                "nodes",
                "build_s",
                "sim_1s_wall_s",
                "replies",
                "maxrss_MiB");
    for (uint32_t n : sizes)
    {
        double t0 = WallSeconds();
        VirtualOperatorTopologyHelper helper;
        helper.SetNumIsps(isps);
        helper.SetHostsPerSite(hosts);
        helper.SetDirectReceive(direct);
        helper.SetQueueDiscs(qdisc);
        helper.AddSites(n, uplinks);
        VirtualOperatorTopology t = helper.Build();
        double t1 = WallSeconds();
        uint32_t nodes = NodeList::GetNNodes();

        UdpEchoServerHelper server(9);
        server.Install(t.homeAgent).Start(Seconds(0));
        UdpEchoClientHelper client(t.homeAgentAddress, 9);
        client.SetAttribute("MaxPackets", UintegerValue(1));
        client.SetAttribute("PacketSize", UintegerValue(64));
        ApplicationContainer clients = client.Install(t.mobileRouters);
        for (uint32_t i = 0; i < clients.GetN(); ++i)
        {
            // Spread the requests over [0, 0.9) s so that every answer arrives within 1 s.
            clients.Get(i)->SetStartTime(Seconds(0.9 * i / n));
            clients.Get(i)->TraceConnectWithoutContext("Rx", MakeCallback(&CountReply));
        }
        g_replies = 0;
        Simulator::Stop(Seconds(1));
        double t2 = WallSeconds();
        Simulator::Run();
        double t3 = WallSeconds();
        std::printf("%8u %8u %10.3f %12.3f %9u %12.1f\n",
                    n,
                    nodes,
                    t1 - t0,
                    t3 - t2,
                    g_replies,
                    MaxRssMiB());
        std::fflush(stdout);
        Simulator::Destroy();
    }
    return 0;
}
