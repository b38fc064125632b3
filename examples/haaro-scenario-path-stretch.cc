/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * haaro-scenario-path-stretch (scenario "path-stretch"): how much longer than the shortest
 * path in the topology site-to-site traffic travels, through the Home Agent, route
 * optimized, and route optimized over the best care-of address pair; results in the
 * format of doc/results-format.md.
 *
 * Topology: the virtual operator (VirtualOperatorTopologyHelper) with --isps ISP routers
 * and --sites sites; each site's mobile router has --uplinks uplinks to distinct ISPs
 * drawn at random, each with its own one-way delay drawn uniformly from
 * [--uplinkDelayMin, --uplinkDelayMax] ms (10 Mb/s); core links --coreDelay, backend
 * --backendDelay (1 Gb/s). --pairs disjoint site pairs are drawn at random. Everything
 * random comes from one stream seeded by --RngRun, so the three modes below see the same
 * topology and pairs, and another --RngRun gives another topology.
 *
 * For each pair, the hosts exchange probe datagrams (ProbeFlow, both directions, one every
 * --interval ms, --packetSize octets of UDP payload) from 2 s. The mobile routers register
 * at 0.5 s + 10 ms x site. Three simulations, one per mode, each on a freshly built
 * network (Simulator::Destroy between them):
 * - ha: RouteOptimization false: everything goes through the Home Agent;
 * - ro: RouteOptimization true, the model's own care-of address choice (both routers use
 *   their active uplink, the first one configured);
 * - ro-best-pair: RouteOptimization true with, for each router, the uplink of the best
 *   (MR CoA, CR CoA) pair configured first. The model has no policy that picks the pair
 *   of lowest delay by itself (RoSpreadPeers balances load, RoTryOtherPairs only moves
 *   after a failure), so this mode is an ORACLE CONFIGURATION: the best pair of each site
 *   pair is the uplink pair whose path (host, that uplink, ISPs, the other uplink, host)
 *   has the least delay in the topology graph (TopologyGraph, read from the channels of
 *   the ha run), and each router's primary uplink is set to its side of it. The pairs are
 *   disjoint, so every router has exactly one peer and one best uplink.
 * - ro-measured (only with --pairPolicy=MeasuredRtt): as ro, with the RouteOptimizer's
 *   PairPolicy MeasuredRtt (issue 15): the router that chooses the pair probes the other
 *   (MR CoA, CR CoA) pairs every --pairProbeInterval ms and moves to the one of lowest
 *   smoothed RTT; no configuration of the best pair. Its summary rows sit beside the oracle's.
 *   The route-optimized modes then also report ro*_oracle_pair_fraction (flows whose sender's
 *   direct tunnel is the oracle's pair at the end), ro*_converge_s_median / _max (for those,
 *   when the tunnel last changed, from the flows' start at 2 s) and
 *   ro*_probe_bytes_per_pair_hour (octets of the pair probes and their answers sent in the
 *   window, outer datagrams, per site pair and hour).
 *
 * What is measured, per host pair and direction, over the datagrams that arrive in
 * [--warmup, --duration) (after route optimization has converged):
 * - delay_ms: mean one-way delay at the receiving host (ProbeFlow, SeqTs timestamps);
 * - hops: mean router hops: the number of IPv4 forwarding decisions (Ipv4L3Protocol
 *   UnicastForward traces on every node) the datagram went through, the tunnel legs
 *   included (packet uid; ns-3 keeps it through encapsulation). The inner TTL (samples.csv
 *   `hops`) only sees the tunnel end points: 3 via the HA, 2 direct;
 * - shortest_delay_ms / shortest_hops: the shortest path between the two hosts in the
 *   topology graph (Boost.Graph over the real links: propagation delay from each channel
 *   plus the transmission time of the probe datagram at each link's rate) where customer
 *   sites carry no transit (only the two routers of the pair may forward), and the fewest
 *   router hops on any such path;
 * - delay_stretch = delay_ms / shortest_delay_ms, hop_stretch = hops / shortest_hops.
 *
 *   ./haaro run haaro-scenario-path-stretch [--isps=3] [--sites=20] [--uplinks=2]
 *        [--pairs=10] [--uplinkDelayMin=2] [--uplinkDelayMax=20] [--coreDelay=5]
 *        [--backendDelay=2] [--duration=10] [--warmup=5] [--interval=20]
 *        [--packetSize=200] [--downlinkPolicy=LastActive] [--pairPolicy=FirstWorking]
 *        [--pairProbeInterval=250] [--pcap=false]
 *        [--outDir=results/path-stretch] [--RngRun=1]
 *
 * --downlinkPolicy sets the Home Agent's DownlinkPolicy. The scenario measures the path of
 * each datagram, so it uses one binding per datagram (LastActive) unless told otherwise; with
 * the module's default Duplicate (RFC 5944 section 4.2.3) a datagram via the HA reaches the
 * site once per live binding, the delay is that of the first copy, and the router-hop metric
 * is not defined (it follows a packet's uid, which the copies share): hops are NaN then.
 *
 * Output (outDir): summary.json (per mode: mean, median and 95th percentile of both
 * stretches, delays, the share of datagrams on a direct tunnel, losses), pairs.csv (one
 * row per mode, pair and direction), topology.json, and events.csv / samples.csv of the
 * ro run; events-ha.csv, samples-ha.csv, events-ro-best-pair.csv and
 * samples-ro-best-pair.csv hold those of the two other runs. With --pcap the ro run writes
 * the captures of the HA and of every uplink (ScenarioRecorder::EnablePcap()).
 *
 * Exit code 1 when a flow received nothing in the window or a route-optimized flow
 * received no datagram on a direct tunnel there.
 */
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/haaro-scenario-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/ns3-compat.h"
#include "ns3/seq-ts-header.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("HaaroScenarioPathStretch");

using scenariostats::Mean;
using scenariostats::Quantile;

namespace
{

using scenariostats::NOT_A_NUMBER; //!< "never", "no value"

/// First UDP port of the probe flows (pair k: 20000 + 2k forward, +1 reverse).
constexpr uint16_t FIRST_PORT = 20000;

/// The command line.
struct Options
{
    uint32_t isps{3};                           //!< K
    uint32_t sites{20};                         //!< N
    uint32_t uplinks{2};                        //!< m per router
    uint32_t pairs{10};                         //!< site pairs
    double uplinkDelayMin{2};                   //!< ms
    double uplinkDelayMax{20};                  //!< ms
    double coreDelay{5};                        //!< ms
    double backendDelay{2};                     //!< ms
    double duration{10};                        //!< s
    double warmup{5};                           //!< s: measurement window starts
    double interval{20};                        //!< ms
    uint32_t packetSize{200};                   //!< UDP payload octets
    std::string downlinkPolicy{"LastActive"};   //!< the HA's DownlinkPolicy
    std::string pairPolicy{"FirstWorking"};     //!< ro-measured run too if MeasuredRtt
    double pairProbeInterval{250};              //!< ms: RouteOptimizer PairProbeInterval
    bool pcap{false};                           //!< captures of the ro run
    std::string outDir{"results/path-stretch"}; //!< output directory
};

/// The random draw shared by the three modes.
struct Plan
{
    /// per site, its uplinks in the default (configuration) order
    std::vector<std::vector<VirtualOperatorTopologyHelper::UplinkConfig>> uplinks;
    std::vector<std::pair<uint32_t, uint32_t>> pairs; //!< (site, site), disjoint
};

/// One measured flow (a pair in one direction).
struct FlowResult
{
    std::string src;              //!< sending host name
    std::string dst;              //!< receiving host name
    double delayMs{NOT_A_NUMBER}; //!< mean one-way delay in the window
    double hops{NOT_A_NUMBER};    //!< mean router hops in the window
    double ttlHops{NOT_A_NUMBER}; //!< mean inner-TTL hops in the window
    double shortestDelayMs{0};    //!< from the topology graph
    uint32_t shortestHops{0};     //!< fewest router hops in the topology graph
    uint64_t samples{0};          //!< datagrams received in the window
    uint64_t direct{0};           //!< of which on a direct tunnel
    uint64_t lost{0};             //!< datagrams lost over the whole run
    uint64_t sent{0};             //!< datagrams sent
};

/// What one mode's run produced.
struct ModeResult
{
    std::string mode;                 //!< ha, ro, ro-best-pair
    std::vector<FlowResult> flows;    //!< in pair order, forward then reverse
    std::vector<uint32_t> bestUplink; //!< per site: the oracle's uplink (index in the plan)
    uint32_t bestDiffers{0};          //!< pairs whose best pair is not (first, first)
    std::string eventsCsv;            //!< the run's events.csv
    std::string samplesCsv;           //!< the run's samples.csv
    uint64_t haDataPackets{0};        //!< data packets the HA tunnelled in the window
    uint64_t roSetups{0};             //!< completed route optimizations
    /// flows whose sender's direct tunnel is the oracle's pair at the end of the run
    uint32_t onOraclePair{0};
    /// per flow on the oracle's pair: when its sender's tunnel last changed, from 2 s [s]
    std::vector<double> convergeS;
    uint64_t probeOctets{0}; //!< pair probes and answers in the window (MeasuredRtt)
};

/**
 * The pair choice of the route-optimized modes: when each router's direct tunnel last
 * changed (tunnel-up, pair-switched) and the octets of the MeasuredRtt pair probes (and
 * their answers) sent in the window, from the RouteOptimizer's PeerEvent and PairProbe
 * trace sources.
 */
class PairWatch
{
  public:
    /// \param ro a router's optimizer \param site its site \param from window start
    /// \param to window end
    void Watch(Ptr<RouteOptimizer> ro, uint32_t site, Time from, Time to)
    {
        ro->TraceConnectWithoutContext("PeerEvent",
                                       MakeFunctorCallback<void, const RoPeerEventInfo&>(
                                           [this, site](const RoPeerEventInfo& e) {
                                               if (e.event == RoPeerEvent::TUNNEL_UP ||
                                                   e.event == RoPeerEvent::PAIR_SWITCHED)
                                               {
                                                   lastChange[site] = Simulator::Now();
                                               }
                                           }));
        ro->TraceConnectWithoutContext(
            "PairProbe",
            MakeFunctorCallback<void, Ipv4Address, Ipv4Address, Ipv4Address, uint32_t, bool>(
                [this, from, to](Ipv4Address, Ipv4Address, Ipv4Address, uint32_t octets, bool) {
                    Time now = Simulator::Now();
                    probeOctets += now >= from && now < to ? octets : 0;
                }));
    }

    std::map<uint32_t, Time> lastChange; //!< per site: last change of its direct tunnel
    uint64_t probeOctets{0};             //!< probe octets in the window
};

/**
 * Counts, per packet (uid), the IPv4 forwarding decisions taken on it anywhere, and reads
 * the count when a probe datagram is delivered to a host: the router hops it travelled,
 * tunnel legs included (encapsulation keeps the packet and its uid).
 */
class HopCounter
{
  public:
    /// \param node a router: its forwarding decisions are counted
    void WatchRouter(Ptr<Node> node)
    {
        node->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
            "UnicastForward",
            MakeCallback(&HopCounter::Forward, this));
    }

    /// \param node a host: probe datagrams delivered to it are looked up
    void WatchHost(Ptr<Node> node)
    {
        node->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
            "LocalDeliver",
            MakeCallback(&HopCounter::Deliver, this));
    }

    /// \param port the flow's UDP port \param seq a sequence number
    /// \return the router hops of that datagram, if it arrived
    std::optional<uint32_t> Get(uint16_t port, uint32_t seq) const
    {
        auto it = m_hops.find({port, seq});
        if (it == m_hops.end())
        {
            return std::nullopt;
        }
        return it->second;
    }

  private:
    /// UnicastForward trace sink
    void Forward(const Ipv4Header&, Ptr<const Packet> p, uint32_t)
    {
        m_forwards[p->GetUid()]++;
    }

    /// LocalDeliver trace sink: the packet starts with the UDP header
    void Deliver(const Ipv4Header& ip, Ptr<const Packet> p, uint32_t)
    {
        auto it = m_forwards.find(p->GetUid());
        uint32_t forwards = it == m_forwards.end() ? 0 : it->second;
        if (it != m_forwards.end())
        {
            m_forwards.erase(it);
        }
        UdpHeader udp;
        SeqTsHeader seqTs;
        if (ip.GetProtocol() != UdpL4Protocol::PROT_NUMBER ||
            p->GetSize() < udp.GetSerializedSize() + seqTs.GetSerializedSize())
        {
            return;
        }
        Ptr<Packet> copy = p->Copy();
        copy->RemoveHeader(udp);
        if (udp.GetDestinationPort() < FIRST_PORT)
        {
            return;
        }
        copy->RemoveHeader(seqTs);
        m_hops[{udp.GetDestinationPort(), seqTs.GetSeq()}] = forwards;
    }

    std::unordered_map<uint64_t, uint32_t> m_forwards;        //!< uid -> forwarding decisions
    std::map<std::pair<uint16_t, uint32_t>, uint32_t> m_hops; //!< (port, seq) -> hops
};

/// \param mode a mode name \return it as a metric key prefix (ro-best-pair -> ro_best_pair_)
std::string
Key(const std::string& mode)
{
    std::string k = mode;
    std::replace(k.begin(), k.end(), '-', '_');
    return k + "_";
}

/**
 * \param o the options
 * \return the random topology and pairs: ISPs and delays of every uplink, disjoint pairs
 */
Plan
MakePlan(const Options& o)
{
    Ptr<UniformRandomVariable> u = CreateObject<UniformRandomVariable>();
    u->SetStream(1); // the run number (--RngRun) selects the substream
    Plan plan;
    for (uint32_t s = 0; s < o.sites; ++s)
    {
        std::vector<uint32_t> isps(o.isps);
        for (uint32_t k = 0; k < o.isps; ++k)
        {
            isps[k] = k;
        }
        for (uint32_t k = o.isps - 1; k > 0; --k) // Fisher-Yates
        {
            std::swap(isps[k], isps[u->GetInteger(0, k)]);
        }
        std::vector<VirtualOperatorTopologyHelper::UplinkConfig> uplinks;
        for (uint32_t j = 0; j < o.uplinks; ++j)
        {
            double ms = u->GetValue(o.uplinkDelayMin, o.uplinkDelayMax);
            uplinks.push_back({isps[j], DataRate("10Mbps"), ScenarioMs(ms)});
        }
        plan.uplinks.push_back(uplinks);
    }
    std::vector<uint32_t> sites(o.sites);
    for (uint32_t s = 0; s < o.sites; ++s)
    {
        sites[s] = s;
    }
    for (uint32_t k = o.sites - 1; k > 0; --k)
    {
        std::swap(sites[k], sites[u->GetInteger(0, k)]);
    }
    for (uint32_t p = 0; p < o.pairs; ++p)
    {
        plan.pairs.emplace_back(sites[2 * p], sites[2 * p + 1]);
    }
    return plan;
}

/**
 * \brief Builds the network, runs one mode, measures; calls `finish` before
 * Simulator::Destroy() (while the nodes exist) with the run's recorder.
 * \param o options \param plan the random draw \param mode ha, ro or ro-best-pair
 * \param primary per site, the index (in the plan) of the uplink to configure first
 * \param finish called with the recorder and the result before the simulation is destroyed
 * \return the result
 */
ModeResult
RunMode(const Options& o,
        const Plan& plan,
        const std::string& mode,
        const std::vector<uint32_t>& primary,
        std::function<void(ScenarioRecorder&, ModeResult&)> finish)
{
    ModeResult result;
    result.mode = mode;
    ScenarioRecorder rec("path-stretch", o.outDir);

    VirtualOperatorTopologyHelper helper;
    helper.SetNumIsps(o.isps);
    helper.SetIspCoreLink(DataRate("1Gbps"), ScenarioMs(o.coreDelay));
    helper.SetBackendLink(DataRate("1Gbps"), ScenarioMs(o.backendDelay));
    helper.SetHostsPerSite(1);
    // order[s][j] = index in the plan of the site's j-th configured uplink
    std::vector<std::vector<uint32_t>> order(o.sites);
    for (uint32_t s = 0; s < o.sites; ++s)
    {
        order[s].push_back(primary[s]);
        for (uint32_t j = 0; j < o.uplinks; ++j)
        {
            if (j != primary[s])
            {
                order[s].push_back(j);
            }
        }
        std::vector<VirtualOperatorTopologyHelper::UplinkConfig> uplinks;
        for (uint32_t j : order[s])
        {
            uplinks.push_back(plan.uplinks[s][j]);
        }
        helper.AddSite(uplinks);
    }
    VirtualOperatorTopology topology = helper.Build();
    rec.AddTopology(topology);
    PopulateSiteArpCaches(topology); // ARP's random jitter would be the only other randomness

    NemoNetworkHelper nemo;
    nemo.SetMobileRouterAttribute("RouteOptimization", BooleanValue(mode != "ha"));
    nemo.SetHomeAgentAttribute("DownlinkPolicy", StringValue(o.downlinkPolicy));
    bool measured = mode == "ro-measured";
    if (measured)
    {
        nemo.SetRouteOptimizerAttribute("PairPolicy", StringValue("MeasuredRtt"));
        nemo.SetRouteOptimizerAttribute("PairProbeInterval",
                                        TimeValue(ScenarioMs(o.pairProbeInterval)));
    }
    NemoNetwork network = nemo.Install(topology);
    rec.Watch(network.homeAgent, "HA");
    PairWatch pairs;
    for (uint32_t s = 0; s < o.sites; ++s)
    {
        Ptr<MobileRouter> mr = network.mobileRouters[s];
        mr->SetStartTime(MilliSeconds(500 + 10 * s));
        mr->AssignStreams(1000 + 10 * s);
        rec.Watch(mr, ScenarioRecorder::MobileRouterName(s));
        rec.WatchDataPath(mr, ScenarioRecorder::MobileRouterName(s));
        if (Ptr<RouteOptimizer> ro = mr->GetRouteOptimizer())
        {
            pairs.Watch(ro, s, Seconds(o.warmup), Seconds(o.duration));
        }
    }

    // ---- the shortest paths (and, for the oracle, the best uplink pair), from the graph
    TopologyGraph graph;
    graph.SetPacketSize(o.packetSize + 8 + 20); // the probe's IPv4 datagram
    graph.Build(topology.GetAllNodes());
    for (const VirtualOperatorSite& site : topology.sites)
    {
        graph.SetTransit(site.mobileRouter, false); // customer sites carry no transit
        graph.SetTransit(site.hosts.Get(0), false);
    }
    result.bestUplink.assign(o.sites, 0);
    for (const auto& [a, b] : plan.pairs)
    {
        const VirtualOperatorSite& sa = topology.sites[a];
        const VirtualOperatorSite& sb = topology.sites[b];
        Time best = Time::Max();
        for (uint32_t i = 0; i < o.uplinks; ++i)
        {
            for (uint32_t j = 0; j < o.uplinks; ++j)
            {
                TopologyGraph::Constraints c;
                c.transit = {sa.mobileRouter, sb.mobileRouter};
                for (uint32_t x = 0; x < o.uplinks; ++x)
                {
                    if (x != i)
                    {
                        c.avoid.push_back(sa.uplinks[x].mrDevice);
                    }
                    if (x != j)
                    {
                        c.avoid.push_back(sb.uplinks[x].mrDevice);
                    }
                }
                TopologyGraph::Path p = graph.ShortestDelay(sa.hosts.Get(0), sb.hosts.Get(0), c);
                if (p.found && p.delay < best)
                {
                    best = p.delay;
                    result.bestUplink[a] = order[a][i];
                    result.bestUplink[b] = order[b][j];
                }
            }
        }
        if (result.bestUplink[a] != order[a][0] || result.bestUplink[b] != order[b][0])
        {
            result.bestDiffers++;
        }
    }

    // ---- probe flows, both directions per pair, and the hop counter
    HopCounter hops;
    for (const VirtualOperatorSite& site : topology.sites)
    {
        hops.WatchRouter(site.mobileRouter);
        hops.WatchHost(site.hosts.Get(0));
    }
    hops.WatchRouter(topology.homeAgent);
    hops.WatchRouter(topology.peering);
    for (uint32_t k = 0; k < topology.ispRouters.GetN(); ++k)
    {
        hops.WatchRouter(topology.ispRouters.Get(k));
    }

    struct Flow
    {
        Ptr<ProbeFlow> probe; //!< the flow
        uint32_t from;        //!< sending site
        uint32_t to;          //!< receiving site
        uint16_t port;        //!< its port
    };

    std::vector<Flow> flows;
    for (uint32_t k = 0; k < plan.pairs.size(); ++k)
    {
        auto [a, b] = plan.pairs[k];
        for (uint32_t dir = 0; dir < 2; ++dir)
        {
            uint32_t from = dir == 0 ? a : b;
            uint32_t to = dir == 0 ? b : a;
            auto port = static_cast<uint16_t>(FIRST_PORT + 2 * k + dir);
            Ptr<ProbeFlow> f = Create<ProbeFlow>(ScenarioRecorder::HostName(from) + "->" +
                                                     ScenarioRecorder::HostName(to),
                                                 topology.sites[from].hosts.Get(0),
                                                 topology.sites[to].hosts.Get(0),
                                                 topology.sites[to].hostAddresses[0],
                                                 port);
            f->SetInterval(ScenarioMs(o.interval));
            f->SetPacketSize(o.packetSize);
            f->SetHaPathHops(3); // inner TTL: MR, HA, MR via the HA; MR, MR direct
            f->Install(Seconds(2) + MicroSeconds(1000 * k + 500 * dir), Seconds(o.duration));
            rec.AddProbe(f);
            flows.push_back({f, from, to, port});
        }
    }
    if (o.pcap && mode == "ro")
    {
        rec.EnablePcap(topology);
    }

    Simulator::Stop(Seconds(o.duration));
    Simulator::Run();

    // ---- measurements over the window
    Time from = Seconds(o.warmup);
    Time to = Seconds(o.duration);
    for (const Flow& f : flows)
    {
        FlowResult r;
        r.src = ScenarioRecorder::HostName(f.from);
        r.dst = ScenarioRecorder::HostName(f.to);
        TopologyGraph::Constraints ends;
        ends.transit = {topology.sites[f.from].mobileRouter, topology.sites[f.to].mobileRouter};
        Ptr<Node> src = topology.sites[f.from].hosts.Get(0);
        Ptr<Node> dst = topology.sites[f.to].hosts.Get(0);
        r.shortestDelayMs = graph.ShortestDelay(src, dst, ends).delay.GetSeconds() * 1e3;
        r.shortestHops = graph.FewestHops(src, dst, ends).GetRouterHops();
        std::vector<double> delays;
        std::vector<double> routerHops;
        std::vector<double> ttlHops;
        for (const ProbeSample& s : f.probe->GetSamples())
        {
            if (s.at < from || s.at >= to)
            {
                continue;
            }
            r.samples++;
            r.direct += s.direct ? 1 : 0;
            delays.push_back(s.delay.GetSeconds() * 1e3);
            ttlHops.push_back(s.hops);
            std::optional<uint32_t> h = hops.Get(f.port, s.seq);
            if (h && o.downlinkPolicy != "Duplicate") // copies share the uid: not defined
            {
                routerHops.push_back(*h);
            }
        }
        r.delayMs = Mean(delays);
        r.hops = Mean(routerHops);
        r.ttlHops = Mean(ttlHops);
        r.sent = f.probe->GetSent();
        r.lost = f.probe->GetLost();
        result.flows.push_back(r);
        result.haDataPackets +=
            rec.GetHaLoad(r.src, r.dst, from, to).packets; // what the HA still carried
    }
    // ---- the pair each sender ends on, against the oracle's
    for (const Flow& f : flows)
    {
        Ptr<RouteOptimizer> ro = network.mobileRouters[f.from]->GetRouteOptimizer();
        const RocEntry* e = ro ? ro->GetCache().Find(topology.sites[f.to].homeAddress) : nullptr;
        auto coa = [&](uint32_t site) {
            for (uint32_t j = 0; j < o.uplinks; ++j)
            {
                if (order[site][j] == result.bestUplink[site])
                {
                    return topology.sites[site].uplinks[j].careOfAddress;
                }
            }
            return Ipv4Address();
        };
        if (e && e->tunnel && e->tunnelActive && e->tunnel->GetLocal() == coa(f.from) &&
            e->tunnel->GetRemote() == coa(f.to))
        {
            result.onOraclePair++;
            result.convergeS.push_back((pairs.lastChange[f.from] - Seconds(2)).GetSeconds());
        }
    }
    result.probeOctets = pairs.probeOctets;
    result.roSetups = rec.GetSetups().size();
    result.eventsCsv = rec.EventsCsv();
    result.samplesCsv = rec.SamplesCsv();
    if (finish)
    {
        finish(rec, result);
    }
    Simulator::Destroy();
    return result;
}

/// \param path a file \param text its content
void
WriteFile(const std::string& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    NS_ABORT_MSG_IF(!out, "cannot write " << path);
    out << text;
}

} // namespace

int
main(int argc, char* argv[])
{
    Options o;
    ScenarioOptions options(__FILE__);
    options.Usage("Path stretch of site-to-site traffic via the Home Agent, route optimized and "
                  "over the best care-of address pair, on random virtual-operator "
                  "topologies.\n\nWrites its results into --outDir (doc/results-format.md).");
    options.Add("isps", "number of ISPs K (1 to 64)", o.isps);
    options.Add("sites", "number of sites (mobile routers) N", o.sites);
    options.Add("uplinks",
                "number of uplinks per mobile router m (1 to K), to distinct random ISPs",
                o.uplinks);
    options.Add("pairs", "number of random disjoint site pairs (at most sites/2)", o.pairs);
    options.Add("uplinkDelayMin", "smallest uplink one-way delay [ms]", o.uplinkDelayMin);
    options.Add("uplinkDelayMax", "largest uplink one-way delay [ms]", o.uplinkDelayMax);
    options.Add("coreDelay", "one-way delay ISP router <-> peering point [ms]", o.coreDelay);
    options.Add("backendDelay", "one-way delay peering point <-> HA [ms]", o.backendDelay);
    options.Add("duration", "simulated time of each mode [s]", o.duration);
    options.Add("warmup", "start of the measurement window [s] (the flows start at 2 s)", o.warmup);
    options.Add("interval", "probe datagram interval, each direction [ms]", o.interval);
    options.Add("packetSize", "probe datagram UDP payload [octets] (>= 12)", o.packetSize);
    options.Add("downlinkPolicy",
                "the Home Agent's DownlinkPolicy: LastActive (one path per datagram), PerFlow "
                "or Duplicate (a copy per binding; router hops are then not defined)",
                o.downlinkPolicy);
    options.Add("pairPolicy",
                "FirstWorking (today's ro run only) or MeasuredRtt (also an ro-measured run: "
                "RouteOptimizer PairPolicy MeasuredRtt, the pair chosen by measured RTT)",
                o.pairPolicy);
    options.Add("pairProbeInterval",
                "the ro-measured run's PairProbeInterval (one probe of another pair per peer "
                "per interval) [ms]",
                o.pairProbeInterval);
    options.AddPcap("write <node>-<device>.pcap files of the ro run into outDir", o.pcap);
    options.Add("outDir", "output directory", o.outDir);
    options.Parse(argc, argv);
    NS_ABORT_MSG_IF(o.isps < 1 || o.isps > 64, "--isps must be 1 to 64");
    NS_ABORT_MSG_IF(o.uplinks < 1 || o.uplinks > o.isps, "--uplinks must be 1 to --isps");
    NS_ABORT_MSG_IF(o.sites < 2, "--sites must be at least 2");
    NS_ABORT_MSG_IF(o.pairs < 1 || 2 * o.pairs > o.sites,
                    "--pairs must be 1 to sites/2 (disjoint pairs: each router has one peer, "
                    "so the oracle can configure its best uplink)");
    NS_ABORT_MSG_IF(o.uplinkDelayMin < 0 || o.uplinkDelayMax < o.uplinkDelayMin,
                    "need 0 <= --uplinkDelayMin <= --uplinkDelayMax");
    NS_ABORT_MSG_IF(o.coreDelay < 0 || o.backendDelay < 0, "delays must be >= 0");
    NS_ABORT_MSG_IF(o.interval <= 0, "--interval must be > 0");
    NS_ABORT_MSG_IF(o.pairPolicy != "FirstWorking" && o.pairPolicy != "MeasuredRtt",
                    "--pairPolicy must be FirstWorking or MeasuredRtt");
    NS_ABORT_MSG_IF(o.pairProbeInterval < 250, "--pairProbeInterval must be >= 250 ms");
    NS_ABORT_MSG_IF(o.warmup < 2 || o.duration <= o.warmup,
                    "need 2 <= --warmup < --duration (the flows start at 2 s)");
    std::filesystem::create_directories(o.outDir);

    Plan plan = MakePlan(o);
    std::vector<uint32_t> first(o.sites, 0);
    ModeResult ha = RunMode(o, plan, "ha", first, nullptr);
    ModeResult best = RunMode(o, plan, "ro-best-pair", ha.bestUplink, nullptr);
    std::optional<ModeResult> measured;
    if (o.pairPolicy == "MeasuredRtt")
    {
        measured = RunMode(o, plan, "ro-measured", first, nullptr);
    }

    bool ok = true;
    auto finish = [&](ScenarioRecorder& rec, ModeResult& ro) {
        options.Record(rec);
        rec.AddTable("pairs.csv",
                     {"run",
                      "src",
                      "dst",
                      "mode",
                      "delay_ms",
                      "hops",
                      "shortest_delay_ms",
                      "shortest_hops",
                      "delay_stretch",
                      "hop_stretch"});
        uint64_t run = RngSeedManager::GetRun();
        std::vector<ModeResult*> all{&ha, &ro, &best};
        if (measured)
        {
            all.insert(all.begin() + 2, &*measured);
        }
        for (ModeResult* m : all)
        {
            std::vector<double> delayStretch;
            std::vector<double> hopStretch;
            std::vector<double> delays;
            std::vector<double> shortest;
            std::vector<double> ttl;
            uint64_t samples = 0;
            uint64_t direct = 0;
            uint64_t lost = 0;
            uint64_t sent = 0;
            uint32_t noDirect = 0;
            for (const FlowResult& f : m->flows)
            {
                double ds = f.delayMs / f.shortestDelayMs;
                double hs = f.shortestHops ? f.hops / f.shortestHops : NOT_A_NUMBER;
                rec.AddRow("pairs.csv",
                           {run,
                            f.src,
                            f.dst,
                            m->mode,
                            f.delayMs,
                            f.hops,
                            f.shortestDelayMs,
                            f.shortestHops,
                            ds,
                            hs});
                delayStretch.push_back(ds);
                hopStretch.push_back(hs);
                delays.push_back(f.delayMs);
                shortest.push_back(f.shortestDelayMs);
                ttl.push_back(f.ttlHops);
                samples += f.samples;
                direct += f.direct;
                lost += f.lost;
                sent += f.sent;
                noDirect += f.direct == 0 ? 1 : 0;
                ok &= f.samples > 0 && (m->mode == "ha" || f.direct > 0);
            }
            std::string k = Key(m->mode);
            rec.SetMetric(k + "delay_stretch_mean", Mean(delayStretch));
            rec.SetMetric(k + "delay_stretch_median", Quantile(delayStretch, 0.5));
            rec.SetMetric(k + "delay_stretch_p95", Quantile(delayStretch, 0.95));
            rec.SetMetric(k + "hop_stretch_mean", Mean(hopStretch));
            rec.SetMetric(k + "hop_stretch_median", Quantile(hopStretch, 0.5));
            rec.SetMetric(k + "hop_stretch_p95", Quantile(hopStretch, 0.95));
            rec.SetMetric(k + "delay_ms_mean", Mean(delays));
            rec.SetMetric(k + "delay_ms_median", Quantile(delays, 0.5));
            rec.SetMetric(k + "ttl_hops_mean", Mean(ttl));
            rec.SetMetric(k + "window_packets", samples);
            rec.SetMetric(k + "direct_fraction",
                          samples ? static_cast<double>(direct) / samples : NOT_A_NUMBER);
            rec.SetMetric(k + "flows_without_direct", noDirect);
            rec.SetMetric(k + "sent_packets", sent);
            rec.SetMetric(k + "lost_packets", lost);
            rec.SetMetric(k + "ha_window_data_packets", m->haDataPackets);
            rec.SetMetric(k + "ro_setups", m->roSetups);
            if (measured && m != &ha)
            {
                // The pair choice (issue 15): on the oracle's pair at the end, how long it
                // took from the flows' start, what the probes cost per site pair and hour.
                rec.SetMetric(k + "oracle_pair_fraction",
                              m->flows.empty()
                                  ? NOT_A_NUMBER
                                  : static_cast<double>(m->onOraclePair) / m->flows.size());
                rec.SetMetric(k + "converge_s_median", Quantile(m->convergeS, 0.5));
                rec.SetMetric(k + "converge_s_max", Quantile(m->convergeS, 1));
                rec.SetMetric(k + "probe_bytes_per_pair_hour",
                              m->probeOctets * 3600.0 / (o.duration - o.warmup) / o.pairs);
            }
            if (m == &ha)
            {
                rec.SetMetric("shortest_delay_ms_mean", Mean(shortest));
                rec.SetMetric("shortest_delay_ms_median", Quantile(shortest, 0.5));
            }
        }
        rec.SetMetric("best_pair_differs_pairs", ha.bestDiffers);
        rec.SetMetric("flows", ro.flows.size());
        rec.Write();
        WriteFile(o.outDir + "/events-ha.csv", ha.eventsCsv);
        WriteFile(o.outDir + "/samples-ha.csv", ha.samplesCsv);
        WriteFile(o.outDir + "/events-ro-best-pair.csv", best.eventsCsv);
        WriteFile(o.outDir + "/samples-ro-best-pair.csv", best.samplesCsv);
        if (measured)
        {
            WriteFile(o.outDir + "/events-ro-measured.csv", measured->eventsCsv);
            WriteFile(o.outDir + "/samples-ro-measured.csv", measured->samplesCsv);
        }
    };
    ModeResult ro = RunMode(o, plan, "ro", first, finish);

    std::cout << "path-stretch: " << o.sites << " sites, " << o.isps << " ISPs, " << o.uplinks
              << " uplinks each, " << o.pairs << " pairs (both directions), results in " << o.outDir
              << "/\n";
    std::vector<ModeResult*> printed{&ha, &ro, &best};
    if (measured)
    {
        printed.insert(printed.begin() + 2, &*measured);
    }
    for (ModeResult* m : printed)
    {
        std::vector<double> ds;
        std::vector<double> hs;
        for (const FlowResult& f : m->flows)
        {
            ds.push_back(f.delayMs / f.shortestDelayMs);
            hs.push_back(f.shortestHops ? f.hops / f.shortestHops : NOT_A_NUMBER);
        }
        std::cout << "  " << m->mode << ": delay stretch median " << Quantile(ds, 0.5) << " (mean "
                  << Mean(ds) << ", p95 " << Quantile(ds, 0.95) << "), hop stretch median "
                  << Quantile(hs, 0.5) << "\n";
    }
    std::cout << "  best pair differs from the default for " << ha.bestDiffers << " of " << o.pairs
              << " pairs" << std::endl;
    return ok ? 0 : 1;
}
