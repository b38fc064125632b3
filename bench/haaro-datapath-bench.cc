/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Data-path benchmark (issue 14): CPU microseconds per delivered datagram of one UDP flow
 * (--size octets of payload at --rate datagrams/s) from a host of site 1 to a host of
 * site 0 on the virtual-operator topology (2 ISPs, one uplink each), against plain ns-3
 * forwarding over a chain with the same nodes on the path, the same links (CSMA at both
 * ends, point-to-point between) and the same rates, measured in the same process:
 *
 *   via-ha     NEMO, route optimization off: host - MR 1 = ISP 1 - peering - HA (decapsulates
 *              and tunnels again) - peering - ISP 0 = MR 0 - host, IP in IP; plain chain of
 *              9 nodes;
 *   ro-ipip    RFC 6521 direct tunnel, IP in IP (RouteOptimizer Encapsulation IpInIp):
 *              host - MR 1 = ISP 1 - peering - ISP 0 = MR 0 - host; plain chain of 7 nodes;
 *   ro-gre     the same, GRE;
 *   ro-udp     the same, RFC 3519 IP in UDP (type-4 Tunnel Data, port 434);
 *   ro-udp-socket  the same, the tunnel data received the way it was before
 *              MipUdpTunnelL4Protocol (ns-3's UdpL4Protocol, its end-point demultiplexer and
 *              the route optimizer's UDP socket): the endpoints are removed from the routers'
 *              tunnel layers (MipTunnelManager::RemoveUdpEndpoint) before the flow starts.
 *
 * Everything is built for real: the routers register with the Home Agent, and for the ro-*
 * paths the flow triggers return routability and the direct tunnel (the first keepalive
 * answered for UDP) during the warm-up. Then the flow runs for --measure simulated seconds:
 * the process's CPU time (user + system, less disturbed by other programs on the cores than
 * the wall time), the simulator events and the datagrams delivered over that window give
 * the cost per delivered datagram. Each repetition runs every selected path right after its
 * plain chain; the minimum over the repetitions is reported, the ratio of the two
 * minimums, and the median of the ratios of each repetition's pair (the two runs one after
 * the other share the load of the machine). The direct-tunnel column is the share of the delivered
 * datagrams that MR 1 sent through its direct tunnel in the window (1.00 when route optimization
 * carries the flow).
 *
 *   build/bench/haaro-datapath-bench [--rate=20000] [--size=512] [--repeats=9]
 *                                    [--paths=via-ha,ro-ipip,ro-gre,ro-udp,ro-udp-socket]
 */
#include "bench-process.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/haaro-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using haarobench::CpuSeconds;

namespace
{

/// What the benchmark is asked to do.
struct Options
{
    double rate{20000};         //!< datagrams per second
    uint32_t size{512};         //!< UDP payload octets
    double warmup{1.2};         //!< simulated seconds before the measured window
    double measure{1};          //!< simulated seconds measured
    uint32_t repeats{9};        //!< repetitions (the minimum is reported)
    DataRate linkRate{"1Gbps"}; //!< every link's rate (the flow must fit the links)
};

/// One link of a path, in order from the sender.
struct LinkSpec
{
    bool csma;  //!< CSMA (a site LAN), else point-to-point
    Time delay; //!< propagation delay
};

/// One measured window.
struct Sample
{
    uint64_t delivered{0}; //!< datagrams delivered in the window
    uint64_t events{0};    //!< simulator events in the window
    double cpu{0};         //!< CPU seconds of the window
    double direct{-1};     //!< share sent through the direct tunnel (-1: not applicable)

    /// \return CPU microseconds per delivered datagram
    double PerPacket() const
    {
        return delivered ? 1e6 * cpu / delivered : std::numeric_limits<double>::infinity();
    }
};

uint64_t g_delivered = 0; //!< datagrams received by the sink

/// \param socket the sink: drains and counts it
void
OnReceive(Ptr<Socket> socket)
{
    while (socket->Recv())
    {
        g_delivered++;
    }
}

/// The topology's link delays (VirtualOperatorTopologyHelper defaults, as set below).
const Time LAN_DELAY = MicroSeconds(1);
const Time UPLINK_DELAY = MilliSeconds(10);
const Time CORE_DELAY = MilliSeconds(5);
const Time BACKEND_DELAY = MilliSeconds(2);
const uint16_t SINK_PORT = 9000;

/**
 * \brief Installs the sink on `to` and the flow from `from`, starting at 0.5 s (the routers
 * registered by then).
 * \param from sending host \param to receiving host \param address its address
 * \param o options
 */
void
InstallFlow(Ptr<Node> from, Ptr<Node> to, Ipv4Address address, const Options& o)
{
    Ptr<Socket> sink = Socket::CreateSocket(to, UdpSocketFactory::GetTypeId());
    sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), SINK_PORT));
    sink->SetRecvCallback(MakeCallback(&OnReceive));
    UdpClientHelper client(address, SINK_PORT);
    client.SetAttribute("Interval", TimeValue(Seconds(1.0 / o.rate)));
    client.SetAttribute("MaxPackets", UintegerValue(std::numeric_limits<uint32_t>::max()));
    client.SetAttribute("PacketSize", UintegerValue(o.size));
    ApplicationContainer app = client.Install(from);
    app.Start(MilliSeconds(500));
}

/**
 * \brief Runs the simulation through the warm-up, then measures the window.
 * \param o options \param directTx reads the direct tunnel's sent packets (may be null)
 * \return the window's sample
 */
Sample
RunWindow(const Options& o, const std::function<uint64_t()>& directTx)
{
    g_delivered = 0;
    Simulator::Stop(Seconds(o.warmup));
    Simulator::Run();
    uint64_t delivered0 = g_delivered;
    uint64_t events0 = Simulator::GetEventCount();
    uint64_t tx0 = directTx ? directTx() : 0;
    double cpu0 = CpuSeconds();
    Simulator::Stop(Seconds(o.measure));
    Simulator::Run();
    Sample s;
    s.cpu = CpuSeconds() - cpu0;
    s.events = Simulator::GetEventCount() - events0;
    s.delivered = g_delivered - delivered0;
    if (directTx && s.delivered)
    {
        s.direct = static_cast<double>(directTx() - tx0) / s.delivered;
    }
    Simulator::Destroy();
    return s;
}

/**
 * \brief Plain ns-3 forwarding: a chain of nodes over the given links, static routes
 * towards the last node, the flow from the first node to the last.
 * \param links the links in order \param o options \return the measured window
 */
Sample
RunPlainChain(const std::vector<LinkSpec>& links, const Options& o)
{
    NodeContainer nodes;
    nodes.Create(links.size() + 1);
    Ipv4StaticRoutingHelper staticRouting;
    Ipv4ListRoutingHelper list;
    list.Add(staticRouting, 0);
    InternetStackHelper stack;
    stack.SetRoutingHelper(list);
    stack.SetIpv6StackInstall(false);
    stack.Install(nodes);
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(o.linkRate));
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(o.linkRate));
    Ipv4AddressHelper addresses;
    std::vector<Ipv4InterfaceContainer> interfaces;
    for (size_t i = 0; i < links.size(); ++i)
    {
        NodeContainer ends(nodes.Get(i), nodes.Get(i + 1));
        NetDeviceContainer devices;
        if (links[i].csma)
        {
            csma.SetChannelAttribute("Delay", TimeValue(links[i].delay));
            devices = csma.Install(ends);
        }
        else
        {
            p2p.SetChannelAttribute("Delay", TimeValue(links[i].delay));
            devices = p2p.Install(ends);
        }
        std::ostringstream net;
        net << "10.1." << i << ".0";
        addresses.SetBase(net.str().c_str(), "255.255.255.0");
        interfaces.push_back(addresses.Assign(devices));
    }
    Ipv4Address destination = interfaces.back().GetAddress(1);
    for (size_t i = 0; i + 1 < links.size(); ++i)
    {
        Ptr<Ipv4> ipv4 = nodes.Get(i)->GetObject<Ipv4>();
        staticRouting.GetStaticRouting(ipv4)->AddHostRouteTo(destination,
                                                             interfaces[i].GetAddress(1),
                                                             interfaces[i].Get(0).second);
    }
    InstallFlow(nodes.Get(0), nodes.Get(links.size()), destination, o);
    return RunWindow(o, nullptr);
}

/// A haaro path.
struct PathSpec
{
    std::string name;               //!< as in --paths
    bool routeOptimization;         //!< RouteOptimization of the routers
    MipEncapsulation encapsulation; //!< of the direct tunnel
    bool socketReceive{false};      //!< UDP tunnel data through ns-3's UDP socket
};

/**
 * \brief Makes the routers' tunnel layers leave their UDP tunnel data to ns-3's UDP and the
 * route optimizer's sockets (the receive path before MipUdpTunnelL4Protocol).
 * \param topology the topology \param network its routers
 */
void
UseSocketReceive(const VirtualOperatorTopology& topology, const NemoNetwork& network)
{
    for (size_t i = 0; i < network.mobileRouters.size(); ++i)
    {
        Ptr<MipTunnelManager> tunnels = network.mobileRouters[i]->GetTunnelManager();
        tunnels->RemoveUdpEndpoint(topology.sites[i].homeAddress, MIP_UDP_PORT);
        for (const VirtualOperatorUplink& uplink : topology.sites[i].uplinks)
        {
            tunnels->RemoveUdpEndpoint(uplink.careOfAddress, MIP_UDP_PORT);
        }
    }
}

/**
 * \brief The haaro path: two sites on two ISPs (one uplink each), the Home Agent, the flow
 * from site 1's host to site 0's.
 * \param path the path \param o options \return the measured window
 */
Sample
RunHaaro(const PathSpec& path, const Options& o)
{
    VirtualOperatorTopologyHelper topologyHelper;
    topologyHelper.SetNumIsps(2);
    topologyHelper.SetDefaultUplink(o.linkRate, UPLINK_DELAY);
    topologyHelper.SetIspCoreLink(o.linkRate, CORE_DELAY);
    topologyHelper.SetBackendLink(o.linkRate, BACKEND_DELAY);
    topologyHelper.SetSiteLan(o.linkRate, LAN_DELAY);
    topologyHelper.SetDirectReceive(false); // ns-3's own receive path, as in the plain chain
    topologyHelper.AddSites(2, 1);
    VirtualOperatorTopology topology = topologyHelper.Build();
    NemoNetworkHelper nemo;
    nemo.SetHomeAgentAttribute("HaaroEnabled", BooleanValue(path.routeOptimization));
    nemo.SetMobileRouterAttribute("RouteOptimization", BooleanValue(path.routeOptimization));
    nemo.SetRouteOptimizerAttribute("Encapsulation",
                                    EnumValue(static_cast<int>(path.encapsulation)));
    NemoNetwork network = nemo.Install(topology);
    // MR 1 registers after MR 0, so the Home Agent's reply tells it MR 0's prefix: its flow
    // to site 0 triggers route optimization at once (RFC 6521 section 3.3.1).
    network.mobileRouters[0]->SetStartTime(Seconds(0));
    network.mobileRouters[1]->SetStartTime(MilliSeconds(100));
    InstallFlow(topology.sites[1].hosts.Get(0),
                topology.sites[0].hosts.Get(0),
                topology.sites[0].hostAddresses[0],
                o);
    if (path.socketReceive)
    {
        // The route optimizers registered their endpoints when they started (0 and 0.1 s).
        Simulator::Schedule(MilliSeconds(450), &UseSocketReceive, topology, network);
    }
    std::function<uint64_t()> directTx;
    if (path.routeOptimization)
    {
        Ptr<MobileRouter> mr = network.mobileRouters[1];
        Ipv4Address peer = topology.sites[0].homeAddress;
        directTx = [mr, peer]() -> uint64_t {
            Ptr<RouteOptimizer> ro = mr->GetRouteOptimizer();
            const RocEntry* entry = ro ? ro->GetCache().Find(peer) : nullptr;
            return entry && entry->tunnel ? entry->tunnel->GetTxPackets() : 0;
        };
    }
    return RunWindow(o, directTx);
}

/// \param links a path's links \return how many nodes forward on it
std::string
Describe(const std::vector<LinkSpec>& links)
{
    std::ostringstream os;
    os << links.size() + 1 << " nodes";
    return os.str();
}

/// The minimum over the repetitions of one path and of its plain chain.
struct Result
{
    Sample haaro;              //!< the fastest haaro window
    Sample plain;              //!< the fastest plain window
    std::vector<double> pairs; //!< haaro / plain of each repetition (run one after the other)

    /// \return the median of the per-repetition ratios
    double MedianPairRatio() const
    {
        std::vector<double> sorted = pairs;
        std::sort(sorted.begin(), sorted.end());
        size_t n = sorted.size();
        return n == 0 ? 0 : (n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2);
    }
};

/// \param best the best so far \param s a new sample: kept if cheaper per packet
void
KeepBest(Sample& best, const Sample& s)
{
    if (best.delivered == 0 || s.PerPacket() < best.PerPacket())
    {
        best = s;
    }
}

/// \param s a sample \param label its name
void
PrintLine(const Sample& s, const std::string& label)
{
    std::printf("  %-22s %9lu delivered %6.2f events/pkt %7.3f us/pkt",
                label.c_str(),
                static_cast<unsigned long>(s.delivered),
                s.delivered ? static_cast<double>(s.events) / s.delivered : 0.0,
                s.PerPacket());
    if (s.direct >= 0)
    {
        std::printf("  direct tunnel %.2f", s.direct);
    }
    std::printf("\n");
}

} // namespace

int
main(int argc, char* argv[])
{
    Options o;
    std::string paths = "via-ha,ro-ipip,ro-gre,ro-udp,ro-udp-socket";
    std::string linkRate = "1Gbps";
    bool plain = true;
    CommandLine cmd(__FILE__);
    cmd.Usage("Data-path benchmark: CPU us per delivered datagram via the HA and over RFC 6521 "
              "direct tunnels (IP in IP, GRE, UDP), each against plain ns-3 forwarding over a "
              "chain with the same nodes and links, in one process (the minimum of --repeats).");
    cmd.AddValue("rate", "offered load [datagrams/s]", o.rate);
    cmd.AddValue("size", "UDP payload of each datagram [octets]", o.size);
    cmd.AddValue("warmup", "simulated time before the measured window [s] (at least 1)", o.warmup);
    cmd.AddValue("measure", "simulated time measured [s]", o.measure);
    cmd.AddValue("repeats", "repetitions; the minimum is reported (count)", o.repeats);
    cmd.AddValue("linkRate", "rate of every link [bit/s, e.g. 1Gbps]", linkRate);
    cmd.AddValue("paths", "comma-separated: via-ha, ro-ipip, ro-gre, ro-udp, ro-udp-socket", paths);
    cmd.AddValue("plain",
                 "run the plain chains too (false: the haaro paths only, to profile)",
                 plain);
    cmd.Parse(argc, argv);
    NS_ABORT_MSG_IF(o.warmup < 1, "--warmup must be at least 1 s (registration and RO)");
    NS_ABORT_MSG_IF(o.rate <= 0 || o.measure <= 0 || o.repeats == 0, "invalid arguments");
    o.linkRate = DataRate(linkRate);

    const std::vector<LinkSpec> viaHa = {{true, LAN_DELAY},
                                         {false, UPLINK_DELAY},
                                         {false, CORE_DELAY},
                                         {false, BACKEND_DELAY},
                                         {false, BACKEND_DELAY},
                                         {false, CORE_DELAY},
                                         {false, UPLINK_DELAY},
                                         {true, LAN_DELAY}};
    const std::vector<LinkSpec> direct = {{true, LAN_DELAY},
                                          {false, UPLINK_DELAY},
                                          {false, CORE_DELAY},
                                          {false, CORE_DELAY},
                                          {false, UPLINK_DELAY},
                                          {true, LAN_DELAY}};
    std::vector<std::pair<PathSpec, const std::vector<LinkSpec>*>> selected;
    for (const auto& [spec, links] : std::vector<std::pair<PathSpec, const std::vector<LinkSpec>*>>{
             {{"via-ha", false, MipEncapsulation::IP_IN_IP}, &viaHa},
             {{"ro-ipip", true, MipEncapsulation::IP_IN_IP}, &direct},
             {{"ro-gre", true, MipEncapsulation::GRE}, &direct},
             {{"ro-udp", true, MipEncapsulation::UDP}, &direct},
             {{"ro-udp-socket", true, MipEncapsulation::UDP, true}, &direct}})
    {
        if (("," + paths + ",").find("," + spec.name + ",") != std::string::npos)
        {
            selected.emplace_back(spec, links);
        }
    }
    NS_ABORT_MSG_IF(selected.empty(), "--paths selects nothing");

    std::printf("haaro data path: %.0f datagrams/s of %u octets, %.1f s measured after %.1f s, "
                "links %s, minimum of %u repetitions\n",
                o.rate,
                o.size,
                o.measure,
                o.warmup,
                linkRate.c_str(),
                o.repeats);
    std::vector<Result> results(selected.size());
    for (uint32_t r = 0; r < o.repeats; ++r)
    {
        for (size_t i = 0; i < selected.size(); ++i)
        {
            Sample base;
            if (plain)
            {
                base = RunPlainChain(*selected[i].second, o);
                KeepBest(results[i].plain, base);
            }
            Sample s = RunHaaro(selected[i].first, o);
            KeepBest(results[i].haaro, s);
            if (plain)
            {
                results[i].pairs.push_back(s.PerPacket() / base.PerPacket());
            }
        }
    }
    for (size_t i = 0; i < selected.size(); ++i)
    {
        const Result& res = results[i];
        std::printf("%s (%s on the path)\n",
                    selected[i].first.name.c_str(),
                    Describe(*selected[i].second).c_str());
        if (plain)
        {
            PrintLine(res.plain, "plain chain");
        }
        PrintLine(res.haaro, selected[i].first.name);
        if (plain)
        {
            std::printf("  ratio %.2fx (of the minimums; median of the %zu paired runs %.2fx)\n",
                        res.haaro.PerPacket() / res.plain.PerPacket(),
                        res.pairs.size(),
                        res.MedianPairRatio());
        }
    }
    return 0;
}
