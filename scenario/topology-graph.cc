/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "topology-graph.h"

#include "ns3/abort.h"
#include "ns3/channel.h"
#include "ns3/csma-channel.h"
#include "ns3/csma-net-device.h"
#include "ns3/log.h"
#include "ns3/point-to-point-channel.h"
#include "ns3/point-to-point-net-device.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <limits>
#include <set>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TopologyGraph");

namespace
{

/// Octets a point-to-point device adds to an IPv4 datagram (the PPP header).
constexpr uint32_t PPP_OVERHEAD = 2;
/// Octets of the Ethernet header (DIX, no preamble) and FCS a CSMA device adds.
constexpr uint32_t ETHERNET_OVERHEAD = 14 + 4;
/// Smallest Ethernet payload (shorter ones are padded).
constexpr uint32_t ETHERNET_MIN_PAYLOAD = 46;

/// Edge property of the Boost graph: the arc's weight and its index in the arc list.
struct EdgeProperty
{
    int64_t weight{0}; //!< nanoseconds, or 1 for fewest-hop queries
    uint32_t arc{0};   //!< index into TopologyGraph::GetArcs()
};

/// The graph the queries run on.
using Graph = boost::
    adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property, EdgeProperty>;

} // namespace

uint32_t
TopologyGraph::Path::GetRouterHops() const
{
    return found && links > 0 ? links - 1 : 0;
}

TopologyGraph::TopologyGraph() = default;

void
TopologyGraph::SetPacketSize(uint32_t octets)
{
    m_packetSize = octets;
}

uint32_t
TopologyGraph::GetPacketSize() const
{
    return m_packetSize;
}

void
TopologyGraph::Build(const NodeContainer& nodes)
{
    m_nodes.clear();
    m_index.clear();
    m_transit.clear();
    m_arcs.clear();
    m_skipped = 0;
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        Ptr<Node> node = nodes.Get(i);
        if (m_index.emplace(node->GetId(), m_nodes.size()).second)
        {
            m_nodes.push_back(node);
            m_transit.push_back(true);
        }
    }
    std::set<uint32_t> channels; // channel ids already walked
    for (const Ptr<Node>& node : m_nodes)
    {
        for (uint32_t d = 0; d < node->GetNDevices(); ++d)
        {
            Ptr<NetDevice> device = node->GetDevice(d);
            Ptr<Channel> channel = device->GetChannel();
            if (!channel)
            {
                continue; // loopback, tunnel devices
            }
            if (!channels.insert(channel->GetId()).second)
            {
                continue;
            }
            if (Ptr<PointToPointChannel> p2p = DynamicCast<PointToPointChannel>(channel))
            {
                if (p2p->GetNDevices() != 2)
                {
                    continue; // only one end attached: no link
                }
                TimeValue delay;
                p2p->GetAttribute("Delay", delay);
                for (uint32_t end = 0; end < 2; ++end)
                {
                    Ptr<NetDevice> a = p2p->GetDevice(end);
                    Ptr<NetDevice> b = p2p->GetDevice(1 - end);
                    if (!Contains(a->GetNode()) || !Contains(b->GetNode()))
                    {
                        continue;
                    }
                    DataRateValue rate;
                    a->GetAttribute("DataRate", rate);
                    m_arcs.push_back({IndexOf(a->GetNode()),
                                      IndexOf(b->GetNode()),
                                      a,
                                      b,
                                      delay.Get(),
                                      rate.Get(),
                                      POINT_TO_POINT});
                }
            }
            else if (Ptr<CsmaChannel> csma = DynamicCast<CsmaChannel>(channel))
            {
                TimeValue delay;
                DataRateValue rate;
                csma->GetAttribute("Delay", delay);
                csma->GetAttribute("DataRate", rate);
                for (std::size_t x = 0; x < csma->GetNDevices(); ++x)
                {
                    for (std::size_t y = 0; y < csma->GetNDevices(); ++y)
                    {
                        Ptr<NetDevice> a = csma->GetDevice(x);
                        Ptr<NetDevice> b = csma->GetDevice(y);
                        if (x == y || !Contains(a->GetNode()) || !Contains(b->GetNode()))
                        {
                            continue;
                        }
                        m_arcs.push_back({IndexOf(a->GetNode()),
                                          IndexOf(b->GetNode()),
                                          a,
                                          b,
                                          delay.Get(),
                                          rate.Get(),
                                          CSMA});
                    }
                }
            }
            else
            {
                NS_LOG_WARN("node " << node->GetId() << " device " << d << ": channel "
                                    << channel->GetInstanceTypeId().GetName()
                                    << " is neither point-to-point nor CSMA; skipped");
                m_skipped++;
            }
        }
    }
    NS_LOG_INFO("topology graph: " << m_nodes.size() << " nodes, " << m_arcs.size() << " arcs, "
                                   << m_skipped << " devices skipped");
}

void
TopologyGraph::SetTransit(Ptr<Node> node, bool transit)
{
    m_transit[IndexOf(node)] = transit;
}

uint32_t
TopologyGraph::GetNNodes() const
{
    return m_nodes.size();
}

Ptr<Node>
TopologyGraph::GetNode(uint32_t index) const
{
    return m_nodes.at(index);
}

bool
TopologyGraph::Contains(Ptr<Node> node) const
{
    return node && m_index.find(node->GetId()) != m_index.end();
}

const std::vector<TopologyGraph::Arc>&
TopologyGraph::GetArcs() const
{
    return m_arcs;
}

uint32_t
TopologyGraph::GetSkippedDevices() const
{
    return m_skipped;
}

Time
TopologyGraph::GetWeight(const Arc& arc) const
{
    if (m_packetSize == 0 || arc.rate.GetBitRate() == 0)
    {
        return arc.delay;
    }
    uint32_t frame = arc.kind == POINT_TO_POINT
                         ? m_packetSize + PPP_OVERHEAD
                         : std::max(m_packetSize, ETHERNET_MIN_PAYLOAD) + ETHERNET_OVERHEAD;
    return arc.delay + arc.rate.CalculateBytesTxTime(frame);
}

Time
TopologyGraph::GetDeviceWeight(Ptr<NetDevice> device) const
{
    for (const Arc& arc : m_arcs)
    {
        if (arc.fromDevice == device)
        {
            return GetWeight(arc);
        }
    }
    return Time::Max();
}

uint32_t
TopologyGraph::IndexOf(Ptr<Node> node) const
{
    auto it = node ? m_index.find(node->GetId()) : m_index.end();
    NS_ABORT_MSG_IF(it == m_index.end(), "TopologyGraph: node not in the graph");
    return it->second;
}

TopologyGraph::Path
TopologyGraph::ShortestDelay(Ptr<Node> from, Ptr<Node> to, const Constraints& constraints) const
{
    return Query(from, to, constraints, false);
}

TopologyGraph::Path
TopologyGraph::FewestHops(Ptr<Node> from, Ptr<Node> to, const Constraints& constraints) const
{
    return Query(from, to, constraints, true);
}

TopologyGraph::Path
TopologyGraph::Query(Ptr<Node> from,
                     Ptr<Node> to,
                     const Constraints& constraints,
                     bool unitWeights) const
{
    uint32_t source = IndexOf(from);
    uint32_t target = IndexOf(to);
    std::vector<bool> transit = m_transit;
    for (const Ptr<Node>& n : constraints.transit)
    {
        transit[IndexOf(n)] = true;
    }
    std::set<NetDevice*> avoid;
    for (const Ptr<NetDevice>& d : constraints.avoid)
    {
        avoid.insert(PeekPointer(d));
    }
    // A node that is not transit can only start or end a path: drop the arcs leaving it
    // (except from the source) and entering it (except into the destination).
    Graph g(m_nodes.size());
    for (uint32_t i = 0; i < m_arcs.size(); ++i)
    {
        const Arc& arc = m_arcs[i];
        if ((!transit[arc.from] && arc.from != source) || (!transit[arc.to] && arc.to != target) ||
            avoid.count(PeekPointer(arc.fromDevice)) || avoid.count(PeekPointer(arc.toDevice)))
        {
            continue;
        }
        int64_t weight = unitWeights ? 1 : GetWeight(arc).GetNanoSeconds();
        boost::add_edge(arc.from, arc.to, EdgeProperty{weight, i}, g);
    }
    std::vector<Graph::vertex_descriptor> predecessor(m_nodes.size());
    std::vector<int64_t> distance(m_nodes.size());
    boost::dijkstra_shortest_paths(g,
                                   source,
                                   boost::predecessor_map(predecessor.data())
                                       .distance_map(distance.data())
                                       .weight_map(boost::get(&EdgeProperty::weight, g))
                                       .distance_inf(std::numeric_limits<int64_t>::max()));

    Path path;
    if (distance[target] == std::numeric_limits<int64_t>::max())
    {
        return path;
    }
    path.found = true;
    path.delay = Time(0);
    std::vector<uint32_t> reversed{target};
    for (uint32_t v = target; v != source; v = predecessor[v])
    {
        uint32_t u = predecessor[v];
        // The arc u -> v that the search used: the lightest usable one (parallel arcs
        // between two nodes are possible, e.g. two links; unit weights do not tell them
        // apart, the delay does).
        int64_t best = std::numeric_limits<int64_t>::max();
        Time weight;
        auto [begin, end] = boost::out_edges(u, g);
        for (auto e = begin; e != end; ++e)
        {
            if (boost::target(*e, g) != v)
            {
                continue;
            }
            Time w = GetWeight(m_arcs[g[*e].arc]);
            if (g[*e].weight < best || (g[*e].weight == best && w < weight))
            {
                best = g[*e].weight;
                weight = w;
            }
        }
        path.delay += weight;
        path.links++;
        reversed.push_back(u);
    }
    for (auto it = reversed.rbegin(); it != reversed.rend(); ++it)
    {
        path.nodes.push_back(m_nodes[*it]);
    }
    return path;
}

} // namespace ns3
