/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TUNNEL_ROUTING_BASE_H
#define TUNNEL_ROUTING_BASE_H

#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief What the Home Agent's and the mobile router's routing protocols share: they send
 * some traffic to the node's tunnel interface (MipTunnelManager), where the owner picks
 * the tunnel. Interface and address notifications are ignored unless a subclass needs them.
 */
class TunnelRoutingBase : public Ipv4RoutingProtocol
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();

    /**
     * \param interface IPv4 interface index of the tunnel interface
     * \param source source address of packets the node itself sends into tunnels
     */
    void SetTunnelInterface(uint32_t interface, Ipv4Address source);

    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void SetIpv4(Ptr<Ipv4> ipv4) override;

  protected:
    void DoDispose() override;

    /// \return true once SetTunnelInterface was called and that interface is up
    bool IsTunnelUp() const;
    /// \param destination destination \return a route into the tunnel interface
    Ptr<Ipv4Route> TunnelRoute(Ipv4Address destination) const;

    Ptr<Ipv4> m_ipv4;              //!< the node's IPv4
    uint32_t m_tunnelInterface{0}; //!< tunnel interface index
    bool m_hasTunnel{false};       //!< SetTunnelInterface was called
    Ipv4Address m_source;          //!< source of the node's own tunnelled packets
};

} // namespace ns3

#endif /* TUNNEL_ROUTING_BASE_H */
