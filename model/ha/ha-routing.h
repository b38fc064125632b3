/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef HA_ROUTING_H
#define HA_ROUTING_H

#include "ns3/ipv4-prefix-table.h"
#include "ns3/tunnel-routing-base.h"

#include <optional>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The Home Agent's routes into its tunnel interface: every registered home address
 * (/32) and mobile network prefix, each owned by one mobile node.
 *
 * Installed in the HA's Ipv4ListRouting above static routing. A packet whose destination
 * matches a registered prefix (longest match, a constant number of hash look-ups whatever
 * the number of mobile routers) is routed to the tunnel interface, whatever interface it
 * came in on (traffic between two mobile networks goes in one tunnel and out of another);
 * the Home Agent then picks the binding and tunnel. Anything else is left to the next
 * routing protocol.
 */
class HaRouting : public TunnelRoutingBase
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();

    HaRouting();
    ~HaRouting() override;

    /**
     * \param network prefix \param length its length (above 32: ignored, never aborts)
     * \param owner home address of the mobile node that registered it
     */
    void AddDestination(Ipv4Address network, uint8_t length, Ipv4Address owner);
    /// \param network prefix \param length its length
    void RemoveDestination(Ipv4Address network, uint8_t length);
    /**
     * \param destination an address
     * \return the home address owning the longest registered prefix that contains it
     */
    std::optional<Ipv4Address> Lookup(Ipv4Address destination) const;
    /**
     * \param network prefix \param length its length
     * \return the home address that registered exactly this prefix, if any
     */
    std::optional<Ipv4Address> GetOwner(Ipv4Address network, uint8_t length) const;
    /// \return number of registered destinations
    size_t GetDestinationCount() const;

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
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

  protected:
    void DoDispose() override;

  private:
    Ipv4PrefixTable<Ipv4Address> m_owners; //!< registered prefixes -> home address
};

} // namespace ns3

#endif /* HA_ROUTING_H */
