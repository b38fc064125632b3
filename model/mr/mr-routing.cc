/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mr-routing.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MrRouting");

NS_OBJECT_ENSURE_REGISTERED(MrRouting);

std::ostream&
operator<<(std::ostream& os, MrRoutingDrop d)
{
    switch (d)
    {
    case MrRoutingDrop::SPOOFED_SOURCE:
        return os << "spoofed-source";
    case MrRoutingDrop::NO_BINDING:
        return os << "no-binding";
    case MrRoutingDrop::NOT_FOR_SITE:
        return os << "not-for-site";
    case MrRoutingDrop::COUNT:
        break;
    }
    return os << "?";
}

TypeId
MrRouting::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MrRouting")
                            .SetParent<TunnelRoutingBase>()
                            .SetGroupName("Haaro")
                            .AddConstructor<MrRouting>()
                            .AddTraceSource("Drop",
                                            "A packet was dropped (packet, IPv4 header, reason)",
                                            MakeTraceSourceAccessor(&MrRouting::m_dropTrace),
                                            "ns3::MrRouting::DropTracedCallback");
    return tid;
}

MrRouting::MrRouting() = default;

MrRouting::~MrRouting() = default;

void
MrRouting::AddUplink(uint32_t interface, Ipv4Address careOf, Ipv4Address gateway)
{
    m_uplinks[interface] = Uplink{careOf, gateway};
}

void
MrRouting::AddMobileNetwork(const MipPrefix& prefix)
{
    m_networks.push_back(prefix);
}

void
MrRouting::RemoveMobileNetwork(const MipPrefix& prefix)
{
    m_networks.erase(std::remove(m_networks.begin(), m_networks.end(), prefix), m_networks.end());
}

const std::vector<MipPrefix>&
MrRouting::GetMobileNetworks() const
{
    return m_networks;
}

void
MrRouting::SetInterfaceCallback(InterfaceCallback cb)
{
    m_interfaceCallback = cb;
}

void
MrRouting::SetTunnelUsableCallback(TunnelUsableCallback cb)
{
    m_tunnelUsable = cb;
}

void
MrRouting::SetAddressCallback(AddressCallback cb)
{
    m_addressCallback = cb;
}

uint64_t
MrRouting::GetDropCount(MrRoutingDrop reason) const
{
    return m_drops.Get(reason);
}

bool
MrRouting::IsInMobileNetworks(Ipv4Address a) const
{
    for (const MipPrefix& p : m_networks)
    {
        if (p.Contains(a))
        {
            return true;
        }
    }
    return false;
}

Ptr<Ipv4Route>
MrRouting::UplinkRoute(uint32_t interface, Ipv4Address destination) const
{
    const Uplink& uplink = m_uplinks.at(interface);
    Ptr<Ipv4Route> route = Create<Ipv4Route>();
    route->SetDestination(destination);
    route->SetSource(uplink.careOf);
    route->SetGateway(destination == uplink.gateway ? Ipv4Address::GetZero() : uplink.gateway);
    route->SetOutputDevice(m_ipv4->GetNetDevice(interface));
    return route;
}

void
MrRouting::Drop(Ptr<const Packet> p, const Ipv4Header& header, MrRoutingDrop reason)
{
    NS_LOG_LOGIC("drop (" << reason << ") " << header.GetSource() << " > "
                          << header.GetDestination());
    m_drops.Add(reason);
    m_dropTrace(p, header, reason);
}

Ptr<Ipv4Route>
MrRouting::RouteOutput(Ptr<Packet> p,
                       const Ipv4Header& header,
                       Ptr<NetDevice> oif,
                       Socket::SocketErrno& sockerr)
{
    if (oif)
    {
        int32_t interface = m_ipv4->GetInterfaceForDevice(oif);
        auto it = interface >= 0 ? m_uplinks.find(interface) : m_uplinks.end();
        if (it != m_uplinks.end() && it->second.careOf == Ipv4Address::GetZero())
        {
            return nullptr; // an uplink without an address yet (e.g. DHCP): static routing
        }
        if (it != m_uplinks.end())
        {
            sockerr = Socket::ERROR_NOTERROR;
            return m_ipv4->IsUp(interface) ? UplinkRoute(interface, header.GetDestination())
                                           : nullptr;
        }
        return nullptr;
    }
    for (const auto& [interface, uplink] : m_uplinks)
    {
        if (header.GetSource() == uplink.careOf && uplink.careOf != Ipv4Address::GetZero())
        {
            sockerr = Socket::ERROR_NOTERROR;
            return m_ipv4->IsUp(interface) ? UplinkRoute(interface, header.GetDestination())
                                           : nullptr;
        }
    }
    if (!m_hasTunnel || IsInMobileNetworks(header.GetDestination()))
    {
        return nullptr; // the site: static routing's connected routes
    }
    bool fromHome = header.GetSource() == m_source || header.GetSource().IsAny() ||
                    header.GetSource() == Ipv4Address();
    if (fromHome && !m_tunnelUsable.IsNull() && m_tunnelUsable())
    {
        sockerr = Socket::ERROR_NOTERROR;
        return TunnelRoute(header.GetDestination());
    }
    return nullptr;
}

bool
MrRouting::RouteInput(Ptr<const Packet> p,
                      const Ipv4Header& header,
                      Ptr<const NetDevice> idev,
                      UnicastForwardCallback ucb,
                      MulticastForwardCallback mcb,
                      LocalDeliverCallback lcb,
                      ErrorCallback ecb)
{
    if (!m_hasTunnel || header.GetDestination().IsMulticast() ||
        header.GetDestination().IsBroadcast())
    {
        return false;
    }
    int32_t iif = m_ipv4->GetInterfaceForDevice(idev);
    if (iif < 0 || m_uplinks.count(iif))
    {
        return false; // native traffic from an ISP: not ours to handle
    }
    if (static_cast<uint32_t>(iif) == m_tunnelInterface)
    {
        if (IsInMobileNetworks(header.GetDestination()))
        {
            return false; // static routing delivers it on the LAN
        }
        Drop(p, header, MrRoutingDrop::NOT_FOR_SITE);
        return true;
    }
    // From the site: anti-spoofing first (RFC 5177 section 6.5).
    if (!IsInMobileNetworks(header.GetSource()) ||
        m_ipv4->GetInterfaceForAddress(header.GetSource()) >= 0)
    {
        Drop(p, header, MrRoutingDrop::SPOOFED_SOURCE);
        return true;
    }
    if (IsInMobileNetworks(header.GetDestination()))
    {
        return false;
    }
    if (m_tunnelUsable.IsNull() || !m_tunnelUsable())
    {
        Drop(p, header, MrRoutingDrop::NO_BINDING);
        return true;
    }
    ucb(TunnelRoute(header.GetDestination()), p, header);
    return true;
}

void
MrRouting::NotifyInterfaceUp(uint32_t interface)
{
    if (m_uplinks.count(interface) && !m_interfaceCallback.IsNull())
    {
        m_interfaceCallback(interface, true);
    }
}

void
MrRouting::NotifyInterfaceDown(uint32_t interface)
{
    if (m_uplinks.count(interface) && !m_interfaceCallback.IsNull())
    {
        m_interfaceCallback(interface, false);
    }
}

void
MrRouting::NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    if (!m_addressCallback.IsNull())
    {
        m_addressCallback(interface, address, true);
    }
}

void
MrRouting::NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    if (!m_addressCallback.IsNull())
    {
        m_addressCallback(interface, address, false);
    }
}

void
MrRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    std::ostream* os = stream->GetStream();
    *os << "Node: " << m_ipv4->GetObject<Node>()->GetId() << ", Time: " << Now().As(unit)
        << ", MrRouting (home address " << m_source << ")" << std::endl;
    for (const auto& [interface, uplink] : m_uplinks)
    {
        *os << "  uplink if " << interface << ": care-of " << uplink.careOf << " via "
            << uplink.gateway << (m_ipv4->IsUp(interface) ? "" : " (down)") << std::endl;
    }
    for (const MipPrefix& p : m_networks)
    {
        *os << "  mobile network " << p << " (site); everything else via tunnel interface "
            << m_tunnelInterface << std::endl;
    }
}

void
MrRouting::DoDispose()
{
    m_interfaceCallback = InterfaceCallback();
    m_tunnelUsable = TunnelUsableCallback();
    m_addressCallback = AddressCallback();
    TunnelRoutingBase::DoDispose();
}

} // namespace ns3
