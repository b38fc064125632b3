/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ha-routing.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/simulator.h"

#include <iomanip>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HaRouting");

NS_OBJECT_ENSURE_REGISTERED(HaRouting);

TypeId
HaRouting::GetTypeId()
{
    static TypeId tid = TypeId("ns3::HaRouting")
                            .SetParent<TunnelRoutingBase>()
                            .SetGroupName("Haaro")
                            .AddConstructor<HaRouting>();
    return tid;
}

HaRouting::HaRouting() = default;

HaRouting::~HaRouting() = default;

void
HaRouting::AddDestination(Ipv4Address network, uint8_t length, Ipv4Address owner)
{
    if (length > Ipv4PrefixTable<Ipv4Address>::MAX_LENGTH)
    {
        NS_LOG_WARN("prefix length " << unsigned(length) << " of " << network << " ignored");
        return; // never a shift by 32 or more; the Home Agent refuses such prefixes anyway
    }
    m_owners.Insert(network, length, owner);
}

void
HaRouting::RemoveDestination(Ipv4Address network, uint8_t length)
{
    if (length > Ipv4PrefixTable<Ipv4Address>::MAX_LENGTH)
    {
        return;
    }
    m_owners.Remove(network, length);
}

std::optional<Ipv4Address>
HaRouting::Lookup(Ipv4Address destination) const
{
    const Ipv4Address* owner = m_owners.Lookup(destination);
    if (!owner)
    {
        return std::nullopt;
    }
    return *owner;
}

std::optional<Ipv4Address>
HaRouting::GetOwner(Ipv4Address network, uint8_t length) const
{
    if (length > Ipv4PrefixTable<Ipv4Address>::MAX_LENGTH)
    {
        return std::nullopt;
    }
    const Ipv4Address* owner =
        const_cast<Ipv4PrefixTable<Ipv4Address>&>(m_owners).LookupExact(network, length);
    if (!owner)
    {
        return std::nullopt;
    }
    return *owner;
}

size_t
HaRouting::GetDestinationCount() const
{
    return m_owners.Size();
}

Ptr<Ipv4Route>
HaRouting::RouteOutput(Ptr<Packet> p,
                       const Ipv4Header& header,
                       Ptr<NetDevice> oif,
                       Socket::SocketErrno& sockerr)
{
    if (!IsTunnelUp() || !m_owners.Lookup(header.GetDestination()))
    {
        return nullptr; // not ours: the next protocol decides (sockerr untouched)
    }
    if (oif && oif != m_ipv4->GetNetDevice(m_tunnelInterface))
    {
        return nullptr;
    }
    sockerr = Socket::ERROR_NOTERROR;
    return TunnelRoute(header.GetDestination());
}

bool
HaRouting::RouteInput(Ptr<const Packet> p,
                      const Ipv4Header& header,
                      Ptr<const NetDevice> idev,
                      UnicastForwardCallback ucb,
                      MulticastForwardCallback mcb,
                      LocalDeliverCallback lcb,
                      ErrorCallback ecb)
{
    if (!IsTunnelUp() || header.GetDestination().IsMulticast() ||
        !m_owners.Lookup(header.GetDestination()))
    {
        return false;
    }
    NS_LOG_LOGIC("to tunnel interface: " << header.GetSource() << " > " << header.GetDestination());
    ucb(TunnelRoute(header.GetDestination()), p, header);
    return true;
}

void
HaRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    std::ostream* os = stream->GetStream();
    *os << "Node: " << m_ipv4->GetObject<Node>()->GetId() << ", Time: " << Now().As(unit)
        << ", HaRouting: " << m_owners.Size() << " registered destinations via interface "
        << m_tunnelInterface << std::endl;
    m_owners.ForEach([os](Ipv4Address network, uint8_t length, const Ipv4Address& owner) {
        *os << "  " << network << "/" << unsigned(length) << " -> mobile node " << owner
            << std::endl;
    });
}

void
HaRouting::DoDispose()
{
    m_owners.Clear();
    TunnelRoutingBase::DoDispose();
}

} // namespace ns3
