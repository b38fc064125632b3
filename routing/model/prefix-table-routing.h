/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PREFIX_TABLE_ROUTING_H
#define PREFIX_TABLE_ROUTING_H

#include "ipv4-prefix-table.h"

#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"

#include <unordered_map>
#include <vector>

namespace ns3
{

class Node;

/**
 * \ingroup haaro
 * \brief Static unicast IPv4 routing with a constant-time longest-prefix match.
 *
 * A drop-in replacement for Ipv4StaticRouting's unicast part on routers that carry
 * thousands of routes or interfaces (the ISP routers and the peering point of
 * VirtualOperatorTopologyHelper). Routes live in an Ipv4PrefixTable: one route per
 * prefix (adding a route for a prefix that is present replaces it), and a look-up costs
 * one hash probe per distinct prefix length in use, independent of the number of routes.
 *
 * - Next hop 0.0.0.0 means "on-link": the packet is sent to its destination on the
 *   route's interface.
 * - Connected routes: with the attribute ConnectedRoutes (default true) each address
 *   configured on an interface adds an on-link route to its subnet (not for /32 or /0
 *   masks), removed with the address. A route added by AddRoute() for the same prefix
 *   replaces it.
 * - Blackhole routes (AddBlackholeRoute()) drop what they match, as a router null-routes
 *   its own aggregate so that traffic for an unreachable part of it is not sent back
 *   along a default route (and loops until its TTL expires).
 * - Routes whose interface is down are ignored while it is down: the look-up falls back
 *   to the next shorter matching prefix. They are kept, and used again when the interface
 *   comes up (unlike Ipv4StaticRouting, which deletes them).
 * - Local delivery: the protocol keeps a hash set of the addresses of the node's up
 *   interfaces (maintained by NotifyAddAddress, NotifyRemoveAddress, NotifyInterfaceUp
 *   and NotifyInterfaceDown), so a packet for any of them is delivered locally through
 *   the local-delivery callback without scanning interfaces. Together with
 *   Ipv4L3Protocol's WeakEsModel=false (which limits Ipv4ListRouting's own check to the
 *   incoming interface) this gives weak-end-system delivery at constant cost.
 * - Multicast and broadcast destinations are left to other protocols (RouteInput returns
 *   false, RouteOutput returns no route), except the subnet broadcast address of the
 *   incoming interface, which is delivered locally.
 *
 * RouteInput() returns false when no route matches, so that the next protocol of an
 * Ipv4ListRouting can try; install with Install(), which adds the protocol to the node's
 * Ipv4ListRouting at a chosen priority.
 */
class PrefixTableRouting : public Ipv4RoutingProtocol
{
  public:
    /// One route of the table.
    struct Route
    {
        Ipv4Address network; //!< destination prefix (host bits cleared)
        uint8_t length{0};   //!< prefix length
        Ipv4Address gateway; //!< next hop, 0.0.0.0 for on-link
        uint32_t interface {
            0
        };                     //!< outgoing Ipv4 interface index
        bool connected{false}; //!< true for a route derived from an interface address
        bool blackhole{false}; //!< true for a discard route (matching packets are dropped)
    };

    /// \return the TypeId
    static TypeId GetTypeId();

    PrefixTableRouting();
    ~PrefixTableRouting() override;

    /**
     * \brief Adds a unicast route, replacing any route for the same prefix.
     * \param prefix destination network (host bits are ignored)
     * \param length prefix length, 0 to 32 (a larger value aborts)
     * \param nextHop gateway address, or 0.0.0.0 for an on-link route
     * \param interface outgoing Ipv4 interface index (must exist once the protocol is
     *        attached to a node)
     */
    void AddRoute(Ipv4Address prefix, uint8_t length, Ipv4Address nextHop, uint32_t interface);

    /**
     * \brief Adds a unicast route given a network mask.
     * \param prefix destination network (host bits are ignored)
     * \param mask network mask (must be contiguous)
     * \param nextHop gateway address, or 0.0.0.0 for an on-link route
     * \param interface outgoing Ipv4 interface index
     */
    void AddRoute(Ipv4Address prefix, Ipv4Mask mask, Ipv4Address nextHop, uint32_t interface);

    /**
     * \brief Adds a discard route, replacing any route for the same prefix: packets that
     * match it (and no longer prefix) are dropped (RouteInput reports
     * Socket::ERROR_NOROUTETOHOST through the error callback; RouteOutput returns no
     * route).
     * \param prefix destination network (host bits are ignored)
     * \param length prefix length, 0 to 32 (a larger value aborts)
     */
    void AddBlackholeRoute(Ipv4Address prefix, uint8_t length);

    /**
     * \brief Removes the route for a prefix (also a connected one).
     * \param prefix destination network (host bits are ignored)
     * \param length prefix length, 0 to 32
     * \return true if a route was removed
     */
    bool RemoveRoute(Ipv4Address prefix, uint8_t length);

    /**
     * \brief Sets (replaces) the default route 0.0.0.0/0.
     * \param nextHop gateway address
     * \param interface outgoing Ipv4 interface index
     */
    void SetDefaultRoute(Ipv4Address nextHop, uint32_t interface);

    /**
     * \brief Longest-prefix match as the forwarding path does it (routes of interfaces
     * that are down are skipped).
     * \param destination the destination address
     * \return the route, or nullptr if none matches
     */
    const Route* LookupRoute(Ipv4Address destination) const;

    /**
     * \brief The route stored for exactly this prefix (whatever the interface state).
     * \param prefix destination network (host bits are ignored)
     * \param length prefix length
     * \return the route, or nullptr
     */
    const Route* GetRoute(Ipv4Address prefix, uint8_t length) const;

    /// \return the number of routes, connected routes included
    uint32_t GetNRoutes() const;

    /**
     * \param address an address
     * \return true if the address is configured on an up interface of this node
     */
    bool IsLocalAddress(Ipv4Address address) const;

    /// \return the number of distinct addresses of this node's up interfaces
    uint32_t GetNLocalAddresses() const;

    /**
     * \brief Creates a PrefixTableRouting and adds it to a node's Ipv4ListRouting.
     * \param node a node with an Internet stack whose routing protocol is an
     *        Ipv4ListRouting (InternetStackHelper's default); aborts otherwise
     * \param priority the priority in the list (higher is consulted first; static
     *        routing is 0 by default)
     * \return the new protocol
     */
    static Ptr<PrefixTableRouting> Install(Ptr<Node> node, int16_t priority = 10);

    /**
     * \brief Finds the PrefixTableRouting of a node.
     * \param node a node with an Internet stack
     * \return the protocol (the node's routing protocol itself, or the first one in its
     *         Ipv4ListRouting), or nullptr
     */
    static Ptr<PrefixTableRouting> Find(Ptr<Node> node);

    // Inherited from Ipv4RoutingProtocol
    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb,
                    MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb,
                    ErrorCallback ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

  protected:
    void DoDispose() override;

  private:
    /// A local address: how many up interfaces carry it, and one of them.
    struct LocalAddress
    {
        uint32_t count{0}; //!< number of up interfaces with this address
        uint32_t interface {
            0
        }; //!< one interface with this address
    };

    /**
     * \param interface an interface index
     * \return true if the interface is known to be up
     */
    bool IsUp(uint32_t interface) const;

    /**
     * Longest match among the routes of up interfaces, optionally restricted to one
     * output device.
     * \param destination the destination
     * \param oif the required output device, or nullptr
     * \return the route or nullptr
     */
    const Route* Lookup(Ipv4Address destination, Ptr<const NetDevice> oif) const;

    /**
     * \param route a route
     * \param destination the packet's destination
     * \return an Ipv4Route for it
     */
    Ptr<Ipv4Route> MakeRoute(const Route& route, Ipv4Address destination) const;

    /**
     * Adds the addresses of an interface to the local set.
     * \param interface the interface index
     */
    void AddLocalAddresses(uint32_t interface);

    /**
     * Removes the addresses of an interface from the local set.
     * \param interface the interface index
     */
    void RemoveLocalAddresses(uint32_t interface);

    /**
     * \param address an address to add to the local set
     * \param interface the interface carrying it
     */
    void AddLocal(Ipv4Address address, uint32_t interface);

    /**
     * \param address an address to remove from the local set
     * \param interface the interface that carried it
     */
    void RemoveLocal(Ipv4Address address, uint32_t interface);

    /**
     * Adds the connected route of an interface address, if it has one.
     * \param interface the interface index
     * \param address the interface address
     */
    void AddConnectedRoute(uint32_t interface, const Ipv4InterfaceAddress& address);

    Ptr<Ipv4> m_ipv4;                                   //!< the node's IPv4
    Ipv4PrefixTable<Route> m_table;                     //!< the unicast routes
    std::unordered_map<uint32_t, LocalAddress> m_local; //!< addresses of up interfaces
    std::vector<bool> m_up;                             //!< interface state, by index
    bool m_connectedRoutes{true};                       //!< add connected routes
};

} // namespace ns3

#endif /* PREFIX_TABLE_ROUTING_H */
