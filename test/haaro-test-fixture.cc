/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "haaro-test-fixture.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/ipv4-header.h"
#include "ns3/ns3-compat.h"
#include "ns3/route-optimizer.h"
#include "ns3/simulator.h"
#include "ns3/udp-header.h"
#include "ns3/udp-l4-protocol.h"

#include <algorithm>

namespace ns3
{

namespace
{
/// The initial TTL of the flows' datagrams (ns-3's default; ProbeFlow's too).
constexpr uint32_t FLOW_INITIAL_TTL = 64;
/// The size of the flows' datagrams.
constexpr uint32_t FLOW_PACKET_SIZE = 100;
} // namespace

HaaroTestScenario::Flows::Flows(const HaaroTestScenario& scenario)
    : m_scenario(scenario)
{
}

std::vector<HaaroTestScenario::Arrival>
HaaroTestScenario::Flows::operator[](uint16_t port) const
{
    std::vector<Arrival> out;
    auto it = m_scenario.m_flows.find(port);
    if (it == m_scenario.m_flows.end())
    {
        return out;
    }
    for (const ProbeSample& s : it->second->GetSamples())
    {
        out.push_back({s.at, s.seq, static_cast<uint8_t>(FLOW_INITIAL_TTL - s.hops), s.delay});
    }
    return out;
}

HaaroTestScenario::HaaroTestScenario()
    : flows(*this)
{
}

HaaroTestScenario::~HaaroTestScenario()
{
    m_flows.clear(); // the flows' sockets stop calling back before the simulation goes
    Simulator::Destroy();
}

void
HaaroTestScenario::UseTwoIspTopology(uint32_t sites,
                                     uint32_t uplinks,
                                     bool routeOptimization,
                                     Time uplinkDelay)
{
    topologyHelper.SetNumIsps(2);
    topologyHelper.SetDefaultUplink(DataRate("10Mbps"), uplinkDelay);
    topologyHelper.SetIspCoreLink(DataRate("1Gbps"), MilliSeconds(5));
    topologyHelper.SetBackendLink(DataRate("1Gbps"), MilliSeconds(2));
    topologyHelper.AddSites(sites, uplinks);
    nemo.SetMobileRouterAttribute("RouteOptimization", BooleanValue(routeOptimization));
}

void
HaaroTestScenario::Build()
{
    BuildTopology();
    InstallNetwork();
}

void
HaaroTestScenario::BuildTopology()
{
    topology = topologyHelper.Build();
}

void
HaaroTestScenario::InstallNetwork()
{
    network = nemo.Install(topology);
}

void
HaaroTestScenario::SetStartTimes(const std::vector<Time>& starts)
{
    m_startTimes.resize(std::max(m_startTimes.size(), starts.size()));
    for (size_t i = 0; i < starts.size(); ++i)
    {
        network.mobileRouters[i]->SetStartTime(starts[i]);
        m_startTimes[i] = starts[i];
    }
}

void
HaaroTestScenario::StartRouters(const std::vector<Time>& starts, int64_t firstStream)
{
    SetStartTimes(starts);
    for (size_t i = 0; i < starts.size(); ++i)
    {
        network.mobileRouters[i]->AssignStreams(firstStream + 10 * i);
    }
}

void
HaaroTestScenario::WatchRouteOptimizers(const RouteOptimizerSinks& sinks,
                                        const std::vector<uint32_t>& routers)
{
    std::vector<uint32_t> watched = routers;
    if (watched.empty())
    {
        for (uint32_t i = 0; i < m_startTimes.size(); ++i)
        {
            watched.push_back(i);
        }
    }
    for (uint32_t i : watched)
    {
        NS_ABORT_MSG_IF(i >= m_startTimes.size(), "router " << i << ": no start time set");
        HaaroSchedule(m_startTimes[i] + MicroSeconds(1), [this, sinks, i]() {
            Ptr<RouteOptimizer> ro = network.mobileRouters[i]->GetRouteOptimizer();
            if (!ro)
            {
                return; // route optimization off on this router
            }
            if (sinks.message)
            {
                ro->TraceConnectWithoutContext(
                    "Message",
                    MakeFunctorCallback<void,
                                        const std::string&,
                                        const std::string&,
                                        Ipv4Address,
                                        Ipv4Address>([sinks, i](const std::string& direction,
                                                                const std::string& message,
                                                                Ipv4Address src,
                                                                Ipv4Address dst) {
                        sinks.message(i, direction + " " + message, src, dst);
                    }));
            }
            if (sinks.peerEvent)
            {
                ro->TraceConnectWithoutContext(
                    "PeerEvent",
                    MakeFunctorCallback<void, const RoPeerEventInfo&>(
                        [sinks, i](const RoPeerEventInfo& info) { sinks.peerEvent(i, info); }));
            }
            if (sinks.setup)
            {
                ro->TraceConnectWithoutContext("Setup",
                                               MakeFunctorCallback<void, Ipv4Address, Time>(
                                                   [sinks, i](Ipv4Address peer, Time latency) {
                                                       sinks.setup(i, peer, latency);
                                                   }));
            }
        });
    }
}

Ptr<ProbeFlow>
HaaroTestScenario::AddFlow(uint32_t from,
                           uint32_t to,
                           Time start,
                           Time stop,
                           Time interval,
                           uint16_t port)
{
    NS_ABORT_MSG_IF(m_flows.count(port), "two flows to port " << port);
    Ptr<ProbeFlow> flow = Create<ProbeFlow>("flow-" + std::to_string(port),
                                            topology.sites[from].hosts.Get(0),
                                            topology.sites[to].hosts.Get(0),
                                            topology.sites[to].hostAddresses[0],
                                            port);
    flow->SetInterval(interval);
    flow->SetPacketSize(FLOW_PACKET_SIZE);
    flow->SetInitialTtl(FLOW_INITIAL_TTL);
    flow->Install(start, stop);
    m_flows[port] = flow;
    return flow;
}

Ptr<ProbeFlow>
HaaroTestScenario::GetFlow(uint16_t port) const
{
    auto it = m_flows.find(port);
    return it != m_flows.end() ? it->second : nullptr;
}

Time
HaaroTestScenario::LongestGap(uint16_t port, Time from, Time to) const
{
    Time gap(0);
    Time last = from;
    for (const Arrival& a : flows[port])
    {
        if (a.at < from || a.at > to)
        {
            continue;
        }
        gap = std::max(gap, a.at - last);
        last = a.at;
    }
    return std::max(gap, to - last);
}

std::vector<std::pair<Time, Time>>
HaaroTestScenario::Gaps(uint16_t port, Time from, Time to, Time threshold) const
{
    std::vector<std::pair<Time, Time>> out;
    Time last = from;
    for (const Arrival& a : flows[port])
    {
        if (a.at < from || a.at > to)
        {
            continue;
        }
        if (a.at - last > threshold)
        {
            out.emplace_back(last, a.at);
        }
        last = a.at;
    }
    if (to - last > threshold)
    {
        out.emplace_back(last, to);
    }
    return out;
}

size_t
HaaroTestScenario::ArrivalsIn(uint16_t port, Time from, Time to) const
{
    std::vector<Arrival> arrivals = flows[port];
    return std::count_if(arrivals.begin(), arrivals.end(), [from, to](const Arrival& a) {
        return a.at >= from && a.at < to;
    });
}

Ipv4Address
HaaroTestScenario::Hoa(uint32_t site) const
{
    return topology.sites[site].homeAddress;
}

Ipv4Address
HaaroTestScenario::Coa(uint32_t site, uint32_t uplink) const
{
    return topology.sites[site].uplinks[uplink].careOfAddress;
}

Ptr<MrUplink>
HaaroTestScenario::Uplink(uint32_t site, uint32_t uplink) const
{
    return network.mobileRouters[site]->GetUplink(uplink);
}

const HaBinding*
HaaroTestScenario::Binding(uint32_t site) const
{
    return network.homeAgent->GetBindingTable()->FindBinding(Hoa(site), Coa(site));
}

void
HaaroTestScenario::Run(Time stop)
{
    Simulator::Stop(stop);
    Simulator::Run();
}

Ptr<Packet>
MakeUdpDatagram(Ipv4Address src,
                Ipv4Address dst,
                uint16_t sport,
                uint16_t dport,
                Ptr<Packet> payload)
{
    Ptr<Packet> p = payload ? payload : Create<Packet>(20);
    UdpHeader udp;
    udp.SetSourcePort(sport);
    udp.SetDestinationPort(dport);
    p->AddHeader(udp);
    Ipv4Header ip;
    ip.SetSource(src);
    ip.SetDestination(dst);
    ip.SetProtocol(UdpL4Protocol::PROT_NUMBER);
    ip.SetTtl(64);
    ip.SetPayloadSize(p->GetSize());
    p->AddHeader(ip);
    return p;
}

} // namespace ns3
