/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tunnel-routing-base.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(TunnelRoutingBase);

TypeId
TunnelRoutingBase::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TunnelRoutingBase").SetParent<Ipv4RoutingProtocol>().SetGroupName("Haaro");
    return tid;
}

void
TunnelRoutingBase::SetTunnelInterface(uint32_t interface, Ipv4Address source)
{
    m_tunnelInterface = interface;
    m_source = source;
    m_hasTunnel = true;
}

void
TunnelRoutingBase::NotifyInterfaceUp(uint32_t interface)
{
}

void
TunnelRoutingBase::NotifyInterfaceDown(uint32_t interface)
{
}

void
TunnelRoutingBase::NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
}

void
TunnelRoutingBase::NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
}

void
TunnelRoutingBase::SetIpv4(Ptr<Ipv4> ipv4)
{
    m_ipv4 = ipv4;
}

bool
TunnelRoutingBase::IsTunnelUp() const
{
    return m_hasTunnel && m_ipv4->IsUp(m_tunnelInterface);
}

Ptr<Ipv4Route>
TunnelRoutingBase::TunnelRoute(Ipv4Address destination) const
{
    Ptr<Ipv4Route> route = Create<Ipv4Route>();
    route->SetDestination(destination);
    route->SetSource(m_source);
    route->SetGateway(Ipv4Address::GetZero());
    route->SetOutputDevice(m_ipv4->GetNetDevice(m_tunnelInterface));
    return route;
}

void
TunnelRoutingBase::DoDispose()
{
    m_ipv4 = nullptr;
    Ipv4RoutingProtocol::DoDispose();
}

} // namespace ns3
