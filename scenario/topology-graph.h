/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TOPOLOGY_GRAPH_H
#define TOPOLOGY_GRAPH_H

#include "ns3/data-rate.h"
#include "ns3/net-device.h"
#include "ns3/node-container.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The links of an ns-3 topology as a weighted directed graph (Boost.Graph), with
 * shortest-delay and fewest-hop paths between nodes.
 *
 * Build() walks the devices of the given nodes and their channels, as ns-3 built them:
 * - a PointToPointChannel joins its two devices: one arc per direction, whose delay is the
 *   channel's Delay attribute and whose rate is the sending device's DataRate attribute;
 * - a CsmaChannel joins every device on it to every other one (Delay and DataRate of the
 *   channel);
 * - devices without a channel (loopback, tunnel devices) are no links; devices on another
 *   kind of channel are skipped and counted (GetSkippedDevices()). Links to nodes outside
 *   the container are ignored.
 *
 * Nothing is taken from configuration constants: change a channel's Delay attribute and
 * the graph (built after the change) follows.
 *
 * <b>Weight of an arc</b>: its propagation delay plus, when SetPacketSize() gave a size,
 * the transmission time of an IPv4 datagram of that size framed as the device frames it
 * (PPP: 2 octets; Ethernet DIX: 14 header + 4 FCS octets, payload padded to 46), at the
 * arc's rate (DataRate::CalculateBytesTxTime(), as the devices compute it). With a size,
 * the shortest delay is the one-way delay an unencapsulated datagram of that size would
 * have on an idle network; without (0, the default), it is the propagation delay only.
 *
 * <b>Transit</b>: a node marked with SetTransit(node, false) (say a customer site's router
 * or a host, which forward nobody else's traffic) may be the first or last node of a path
 * but never an intermediate one, unless a query lists it in Constraints::transit. A query
 * can also avoid devices (their arcs in both directions are unusable), e.g. all uplinks of
 * a multihomed router but one.
 *
 * Paths: ShortestDelay() is Dijkstra over the arc weights (integer nanoseconds; among
 * equally short paths Boost's order decides), FewestHops() is Dijkstra over unit weights
 * (breadth-first). Both report the delay and link count of the path they found.
 */
class TopologyGraph
{
  public:
    /// The kind of link an arc comes from.
    enum LinkKind
    {
        POINT_TO_POINT, //!< a PointToPointChannel
        CSMA,           //!< a CsmaChannel
    };

    /// One direction of a link.
    struct Arc
    {
        uint32_t from{0};              //!< index of the sending node
        uint32_t to{0};                //!< index of the receiving node
        Ptr<NetDevice> fromDevice;     //!< the sending device
        Ptr<NetDevice> toDevice;       //!< the receiving device
        Time delay;                    //!< propagation delay (the channel's Delay attribute)
        DataRate rate;                 //!< the sender's (p2p) or the channel's (CSMA) rate
        LinkKind kind{POINT_TO_POINT}; //!< what it comes from
    };

    /// What a path may use.
    struct Constraints
    {
        /// nodes that may be intermediate nodes of this path even if SetTransit() forbade it
        std::vector<Ptr<Node>> transit;
        /// devices whose arcs (both directions) this path must not use
        std::vector<Ptr<NetDevice>> avoid;
    };

    /// A path found by a query.
    struct Path
    {
        bool found{false};            //!< false: no path (the other fields are empty)
        Time delay;                   //!< sum of the arc weights
        uint32_t links{0};            //!< arcs on the path
        std::vector<Ptr<Node>> nodes; //!< from the source to the destination

        /// \return the nodes strictly between the two ends (links - 1; 0 without a path)
        uint32_t GetRouterHops() const;
    };

    TopologyGraph();

    /**
     * \param octets size of the IPv4 datagram whose transmission time is added to each
     * arc's weight (0: propagation delay only, the default)
     */
    void SetPacketSize(uint32_t octets);
    /// \return the packet size of the arc weights
    uint32_t GetPacketSize() const;

    /**
     * \brief Forgets any earlier graph and builds it from the nodes' devices and channels.
     * \param nodes the nodes of the graph (links to other nodes are ignored)
     */
    void Build(const NodeContainer& nodes);

    /**
     * \param node a node of the graph
     * \param transit false: it may only be the first or last node of a path (default true)
     */
    void SetTransit(Ptr<Node> node, bool transit);

    /// \return the number of nodes
    uint32_t GetNNodes() const;
    /// \param index a node index \return that node
    Ptr<Node> GetNode(uint32_t index) const;
    /// \param node a node \return true if it is in the graph
    bool Contains(Ptr<Node> node) const;
    /// \return the arcs (two per point-to-point link, n(n-1) per CSMA segment of n devices)
    const std::vector<Arc>& GetArcs() const;
    /// \return devices skipped because their channel is neither point-to-point nor CSMA
    uint32_t GetSkippedDevices() const;
    /// \param arc an arc \return its weight: delay plus the transmission time (see class)
    Time GetWeight(const Arc& arc) const;
    /**
     * \param device a device of the graph
     * \return the weight of its outgoing arc (the first, for CSMA), or Time::Max() when the
     * device has none
     */
    Time GetDeviceWeight(Ptr<NetDevice> device) const;

    /**
     * \param from source node \param to destination node \param constraints what it may use
     * \return the path of least total weight
     */
    Path ShortestDelay(Ptr<Node> from, Ptr<Node> to, const Constraints& constraints = {}) const;
    /**
     * \param from source node \param to destination node \param constraints what it may use
     * \return a path with the fewest links (its delay is reported too)
     */
    Path FewestHops(Ptr<Node> from, Ptr<Node> to, const Constraints& constraints = {}) const;

  private:
    /**
     * \param from source \param to destination \param constraints the query's constraints
     * \param unitWeights count links instead of summing weights
     * \return the path
     */
    Path Query(Ptr<Node> from,
               Ptr<Node> to,
               const Constraints& constraints,
               bool unitWeights) const;
    /// \param node a node \return its index (aborts if it is not in the graph)
    uint32_t IndexOf(Ptr<Node> node) const;

    uint32_t m_packetSize{0};             //!< datagram size of the arc weights
    std::vector<Ptr<Node>> m_nodes;       //!< by index
    std::map<uint32_t, uint32_t> m_index; //!< node id -> index
    std::vector<bool> m_transit;          //!< by index
    std::vector<Arc> m_arcs;              //!< all arcs
    uint32_t m_skipped{0};                //!< devices on unsupported channels
};

} // namespace ns3

#endif /* TOPOLOGY_GRAPH_H */
