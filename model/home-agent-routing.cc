/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "home-agent-routing.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/simulator.h"

#include <iomanip>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HomeAgentRouting");

NS_OBJECT_ENSURE_REGISTERED(HomeAgentRouting);

TypeId
HomeAgentRouting::GetTypeId()
{
    static TypeId tid = TypeId("ns3::HomeAgentRouting")
                            .SetParent<Ipv4RoutingProtocol>()
                            .SetGroupName("Haaro")
                            .AddConstructor<HomeAgentRouting>();
    return tid;
}

HomeAgentRouting::HomeAgentRouting() = default;

HomeAgentRouting::~HomeAgentRouting() = default;

void
HomeAgentRouting::SetTunnelInterface(uint32_t interface, Ipv4Address source)
{
    m_interface = interface;
    m_source = source;
    m_hasInterface = true;
}

void
HomeAgentRouting::AddDestination(Ipv4Address network, uint8_t length, Ipv4Address owner)
{
    m_owners.Insert(network, length, owner);
}

void
HomeAgentRouting::RemoveDestination(Ipv4Address network, uint8_t length)
{
    m_owners.Remove(network, length);
}

std::optional<Ipv4Address>
HomeAgentRouting::Lookup(Ipv4Address destination) const
{
    const Ipv4Address* owner = m_owners.Lookup(destination);
    if (!owner)
    {
        return std::nullopt;
    }
    return *owner;
}

std::optional<Ipv4Address>
HomeAgentRouting::GetOwner(Ipv4Address network, uint8_t length) const
{
    const Ipv4Address* owner =
        const_cast<Ipv4PrefixTable<Ipv4Address>&>(m_owners).LookupExact(network, length);
    if (!owner)
    {
        return std::nullopt;
    }
    return *owner;
}

size_t
HomeAgentRouting::GetDestinationCount() const
{
    return m_owners.Size();
}

Ptr<Ipv4Route>
HomeAgentRouting::MakeRoute(Ipv4Address destination, Ipv4Address source) const
{
    Ptr<Ipv4Route> route = Create<Ipv4Route>();
    route->SetDestination(destination);
    route->SetSource(source);
    route->SetGateway(Ipv4Address::GetZero());
    route->SetOutputDevice(m_ipv4->GetNetDevice(m_interface));
    return route;
}

Ptr<Ipv4Route>
HomeAgentRouting::RouteOutput(Ptr<Packet> p,
                              const Ipv4Header& header,
                              Ptr<NetDevice> oif,
                              Socket::SocketErrno& sockerr)
{
    if (!m_hasInterface || !m_ipv4->IsUp(m_interface) || !m_owners.Lookup(header.GetDestination()))
    {
        return nullptr; // not ours: the next protocol decides (sockerr untouched)
    }
    if (oif && oif != m_ipv4->GetNetDevice(m_interface))
    {
        return nullptr;
    }
    sockerr = Socket::ERROR_NOTERROR;
    return MakeRoute(header.GetDestination(), m_source);
}

bool
HomeAgentRouting::RouteInput(Ptr<const Packet> p,
                             const Ipv4Header& header,
                             Ptr<const NetDevice> idev,
                             UnicastForwardCallback ucb,
                             MulticastForwardCallback mcb,
                             LocalDeliverCallback lcb,
                             ErrorCallback ecb)
{
    if (!m_hasInterface || !m_ipv4->IsUp(m_interface) || header.GetDestination().IsMulticast() ||
        !m_owners.Lookup(header.GetDestination()))
    {
        return false;
    }
    NS_LOG_LOGIC("to tunnel interface: " << header.GetSource() << " > " << header.GetDestination());
    ucb(MakeRoute(header.GetDestination(), m_source), p, header);
    return true;
}

void
HomeAgentRouting::NotifyInterfaceUp(uint32_t interface)
{
}

void
HomeAgentRouting::NotifyInterfaceDown(uint32_t interface)
{
}

void
HomeAgentRouting::NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
}

void
HomeAgentRouting::NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
}

void
HomeAgentRouting::SetIpv4(Ptr<Ipv4> ipv4)
{
    m_ipv4 = ipv4;
}

void
HomeAgentRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    std::ostream* os = stream->GetStream();
    *os << "Node: " << m_ipv4->GetObject<Node>()->GetId() << ", Time: " << Now().As(unit)
        << ", HomeAgentRouting: " << m_owners.Size() << " registered destinations via interface "
        << m_interface << std::endl;
    m_owners.ForEach([os](Ipv4Address network, uint8_t length, const Ipv4Address& owner) {
        *os << "  " << network << "/" << unsigned(length) << " -> mobile node " << owner
            << std::endl;
    });
}

void
HomeAgentRouting::DoDispose()
{
    m_ipv4 = nullptr;
    m_owners.Clear();
    Ipv4RoutingProtocol::DoDispose();
}

} // namespace ns3
