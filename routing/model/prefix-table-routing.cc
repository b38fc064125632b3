/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "prefix-table-routing.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4-route.h"
#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PrefixTableRouting");

NS_OBJECT_ENSURE_REGISTERED(PrefixTableRouting);

TypeId
PrefixTableRouting::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::PrefixTableRouting")
            .SetParent<Ipv4RoutingProtocol>()
            .SetGroupName("Haaro")
            .AddConstructor<PrefixTableRouting>()
            .AddAttribute("ConnectedRoutes",
                          "Add an on-link route to the subnet of each interface address.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&PrefixTableRouting::m_connectedRoutes),
                          MakeBooleanChecker());
    return tid;
}

PrefixTableRouting::PrefixTableRouting()
{
    NS_LOG_FUNCTION(this);
}

PrefixTableRouting::~PrefixTableRouting()
{
    NS_LOG_FUNCTION(this);
}

void
PrefixTableRouting::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_ipv4 = nullptr;
    m_table.Clear();
    m_local.clear();
    m_up.clear();
    Ipv4RoutingProtocol::DoDispose();
}

void
PrefixTableRouting::AddRoute(Ipv4Address prefix,
                             uint8_t length,
                             Ipv4Address nextHop,
                             uint32_t interface)
{
    NS_LOG_FUNCTION(this << prefix << +length << nextHop << interface);
    NS_ABORT_MSG_IF(length > 32, "PrefixTableRouting: prefix length " << +length << " > 32");
    NS_ABORT_MSG_IF(m_ipv4 && interface >= m_ipv4->GetNInterfaces(),
                    "PrefixTableRouting: no interface " << interface << " on this node");
    Route route;
    route.network = Ipv4Address(prefix.Get() & Ipv4PrefixTable<Route>::MaskOf(length));
    route.length = length;
    route.gateway = nextHop;
    route.interface = interface;
    route.connected = false;
    m_table.Insert(prefix, length, route);
}

void
PrefixTableRouting::AddRoute(Ipv4Address prefix,
                             Ipv4Mask mask,
                             Ipv4Address nextHop,
                             uint32_t interface)
{
    uint16_t length = mask.GetPrefixLength();
    NS_ABORT_MSG_IF(Ipv4Mask(Ipv4PrefixTable<Route>::MaskOf(length)) != mask,
                    "PrefixTableRouting: mask " << mask << " is not contiguous");
    AddRoute(prefix, static_cast<uint8_t>(length), nextHop, interface);
}

void
PrefixTableRouting::AddBlackholeRoute(Ipv4Address prefix, uint8_t length)
{
    NS_LOG_FUNCTION(this << prefix << +length);
    NS_ABORT_MSG_IF(length > 32, "PrefixTableRouting: prefix length " << +length << " > 32");
    Route route;
    route.network = Ipv4Address(prefix.Get() & Ipv4PrefixTable<Route>::MaskOf(length));
    route.length = length;
    route.gateway = Ipv4Address::GetZero();
    route.blackhole = true;
    m_table.Insert(prefix, length, route);
}

bool
PrefixTableRouting::RemoveRoute(Ipv4Address prefix, uint8_t length)
{
    NS_LOG_FUNCTION(this << prefix << +length);
    NS_ABORT_MSG_IF(length > 32, "PrefixTableRouting: prefix length " << +length << " > 32");
    return m_table.Remove(prefix, length);
}

void
PrefixTableRouting::SetDefaultRoute(Ipv4Address nextHop, uint32_t interface)
{
    AddRoute(Ipv4Address::GetZero(), 0, nextHop, interface);
}

const PrefixTableRouting::Route*
PrefixTableRouting::LookupRoute(Ipv4Address destination) const
{
    return Lookup(destination, nullptr);
}

const PrefixTableRouting::Route*
PrefixTableRouting::GetRoute(Ipv4Address prefix, uint8_t length) const
{
    if (length > 32)
    {
        return nullptr;
    }
    return m_table.LookupExact(prefix, length);
}

uint32_t
PrefixTableRouting::GetNRoutes() const
{
    return static_cast<uint32_t>(m_table.Size());
}

bool
PrefixTableRouting::IsLocalAddress(Ipv4Address address) const
{
    return m_local.find(address.Get()) != m_local.end();
}

uint32_t
PrefixTableRouting::GetNLocalAddresses() const
{
    return static_cast<uint32_t>(m_local.size());
}

Ptr<PrefixTableRouting>
PrefixTableRouting::Install(Ptr<Node> node, int16_t priority)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    NS_ABORT_MSG_IF(!ipv4, "PrefixTableRouting::Install: node has no Internet stack");
    Ptr<Ipv4ListRouting> list = DynamicCast<Ipv4ListRouting>(ipv4->GetRoutingProtocol());
    NS_ABORT_MSG_IF(!list,
                    "PrefixTableRouting::Install: the node's routing protocol is not an "
                    "Ipv4ListRouting");
    Ptr<PrefixTableRouting> routing = CreateObject<PrefixTableRouting>();
    list->AddRoutingProtocol(routing, priority);
    return routing;
}

Ptr<PrefixTableRouting>
PrefixTableRouting::Find(Ptr<Node> node)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    if (!ipv4)
    {
        return nullptr;
    }
    Ptr<Ipv4RoutingProtocol> protocol = ipv4->GetRoutingProtocol();
    Ptr<PrefixTableRouting> routing = DynamicCast<PrefixTableRouting>(protocol);
    if (routing)
    {
        return routing;
    }
    Ptr<Ipv4ListRouting> list = DynamicCast<Ipv4ListRouting>(protocol);
    if (!list)
    {
        return nullptr;
    }
    for (uint32_t i = 0; i < list->GetNRoutingProtocols(); ++i)
    {
        int16_t priority;
        routing = DynamicCast<PrefixTableRouting>(list->GetRoutingProtocol(i, priority));
        if (routing)
        {
            return routing;
        }
    }
    return nullptr;
}

bool
PrefixTableRouting::IsUp(uint32_t interface) const
{
    return interface < m_up.size() && m_up[interface];
}

const PrefixTableRouting::Route*
PrefixTableRouting::Lookup(Ipv4Address destination, Ptr<const NetDevice> oif) const
{
    if (!m_ipv4)
    {
        return nullptr;
    }
    auto accept = [this, &oif](const Route& route) {
        if (route.blackhole)
        {
            return true;
        }
        if (!IsUp(route.interface))
        {
            return false;
        }
        return !oif || m_ipv4->GetNetDevice(route.interface) == oif;
    };
    return m_table.LookupIf(destination, accept);
}

Ptr<Ipv4Route>
PrefixTableRouting::MakeRoute(const Route& route, Ipv4Address destination) const
{
    Ptr<Ipv4Route> rt = Create<Ipv4Route>();
    rt->SetDestination(destination);
    rt->SetGateway(route.gateway);
    rt->SetOutputDevice(m_ipv4->GetNetDevice(route.interface));
    rt->SetSource(m_ipv4->SourceAddressSelection(route.interface, destination));
    return rt;
}

Ptr<Ipv4Route>
PrefixTableRouting::RouteOutput(Ptr<Packet> p,
                                const Ipv4Header& header,
                                Ptr<NetDevice> oif,
                                Socket::SocketErrno& sockerr)
{
    NS_LOG_FUNCTION(this << p << header << oif);
    Ipv4Address destination = header.GetDestination();
    sockerr = Socket::ERROR_NOROUTETOHOST;
    if (!m_ipv4 || destination.IsMulticast() || destination.IsBroadcast())
    {
        return nullptr;
    }
    auto local = m_local.find(destination.Get());
    if (local != m_local.end())
    {
        // To one of our own addresses: through the interface that carries it, where
        // Ipv4Interface::Send loops it back.
        uint32_t interface = local->second.interface;
        if (oif && m_ipv4->GetNetDevice(interface) != oif)
        {
            return nullptr;
        }
        Ptr<Ipv4Route> rt = Create<Ipv4Route>();
        rt->SetDestination(destination);
        rt->SetGateway(Ipv4Address::GetZero());
        rt->SetOutputDevice(m_ipv4->GetNetDevice(interface));
        rt->SetSource(destination);
        sockerr = Socket::ERROR_NOTERROR;
        return rt;
    }
    const Route* route = Lookup(destination, oif);
    if (route == nullptr || route->blackhole)
    {
        NS_LOG_LOGIC("No route to " << destination);
        return nullptr;
    }
    sockerr = Socket::ERROR_NOTERROR;
    return MakeRoute(*route, destination);
}

bool
PrefixTableRouting::RouteInput(Ptr<const Packet> p,
                               const Ipv4Header& header,
                               Ptr<const NetDevice> idev,
                               UnicastForwardCallback ucb,
                               MulticastForwardCallback mcb,
                               LocalDeliverCallback lcb,
                               ErrorCallback ecb)
{
    NS_LOG_FUNCTION(this << p << header << idev);
    if (!m_ipv4)
    {
        return false;
    }
    Ipv4Address destination = header.GetDestination();
    if (destination.IsMulticast() || destination.IsBroadcast())
    {
        return false; // left to the multicast-capable protocols
    }
    int32_t iif = m_ipv4->GetInterfaceForDevice(idev);
    if (iif < 0)
    {
        return false;
    }

    bool local = m_local.find(destination.Get()) != m_local.end();
    if (!local)
    {
        // The incoming interface's subnet broadcast (usually one address to check).
        for (uint32_t i = 0; i < m_ipv4->GetNAddresses(iif); ++i)
        {
            Ipv4InterfaceAddress a = m_ipv4->GetAddress(iif, i);
            if (a.GetMask() != Ipv4Mask::GetOnes() && destination == a.GetBroadcast())
            {
                local = true;
                break;
            }
        }
    }
    if (local)
    {
        if (lcb.IsNull())
        {
            return false;
        }
        NS_LOG_LOGIC("Local delivery to " << destination);
        lcb(p, header, iif);
        return true;
    }

    if (!m_ipv4->IsForwarding(iif))
    {
        NS_LOG_LOGIC("Forwarding disabled on interface " << iif);
        ecb(p, header, Socket::ERROR_NOROUTETOHOST);
        return true;
    }
    const Route* route = Lookup(destination, nullptr);
    if (route == nullptr)
    {
        NS_LOG_LOGIC("No route to " << destination << ", next protocol");
        return false;
    }
    if (route->blackhole)
    {
        NS_LOG_LOGIC("Blackhole route " << route->network << "/" << +route->length);
        ecb(p, header, Socket::ERROR_NOROUTETOHOST);
        return true;
    }
    ucb(MakeRoute(*route, destination), p, header);
    return true;
}

void
PrefixTableRouting::AddLocal(Ipv4Address address, uint32_t interface)
{
    if (address == Ipv4Address::GetZero() || address == Ipv4Address())
    {
        return;
    }
    LocalAddress& entry = m_local[address.Get()];
    if (entry.count == 0)
    {
        entry.interface = interface;
    }
    ++entry.count;
}

void
PrefixTableRouting::RemoveLocal(Ipv4Address address, uint32_t interface)
{
    auto it = m_local.find(address.Get());
    if (it == m_local.end())
    {
        return;
    }
    if (--it->second.count == 0)
    {
        m_local.erase(it);
        return;
    }
    if (it->second.interface == interface && m_ipv4)
    {
        // Another up interface still carries the address: find it (configuration time
        // only, and only for addresses configured on several interfaces).
        for (uint32_t i = 0; i < m_ipv4->GetNInterfaces(); ++i)
        {
            if (i == interface || !IsUp(i))
            {
                continue;
            }
            for (uint32_t j = 0; j < m_ipv4->GetNAddresses(i); ++j)
            {
                if (m_ipv4->GetAddress(i, j).GetLocal() == address)
                {
                    it->second.interface = i;
                    return;
                }
            }
        }
    }
}

void
PrefixTableRouting::AddLocalAddresses(uint32_t interface)
{
    for (uint32_t j = 0; j < m_ipv4->GetNAddresses(interface); ++j)
    {
        AddLocal(m_ipv4->GetAddress(interface, j).GetLocal(), interface);
    }
}

void
PrefixTableRouting::RemoveLocalAddresses(uint32_t interface)
{
    for (uint32_t j = 0; j < m_ipv4->GetNAddresses(interface); ++j)
    {
        RemoveLocal(m_ipv4->GetAddress(interface, j).GetLocal(), interface);
    }
}

void
PrefixTableRouting::AddConnectedRoute(uint32_t interface, const Ipv4InterfaceAddress& address)
{
    if (!m_connectedRoutes)
    {
        return;
    }
    Ipv4Mask mask = address.GetMask();
    Ipv4Address local = address.GetLocal();
    if (local == Ipv4Address() || local == Ipv4Address::GetZero() || mask == Ipv4Mask() ||
        mask == Ipv4Mask::GetOnes() || mask == Ipv4Mask::GetZero())
    {
        return;
    }
    uint8_t length = static_cast<uint8_t>(mask.GetPrefixLength());
    if (m_table.LookupExact(local, length) != nullptr)
    {
        return; // an explicit route (or another interface's subnet) takes precedence
    }
    Route route;
    route.network = local.CombineMask(mask);
    route.length = length;
    route.gateway = Ipv4Address::GetZero();
    route.interface = interface;
    route.connected = true;
    m_table.Insert(route.network, length, route);
}

void
PrefixTableRouting::NotifyInterfaceUp(uint32_t interface)
{
    NS_LOG_FUNCTION(this << interface);
    if (interface >= m_up.size())
    {
        m_up.resize(interface + 1, false);
    }
    if (m_up[interface])
    {
        return;
    }
    m_up[interface] = true;
    if (m_ipv4)
    {
        AddLocalAddresses(interface);
    }
}

void
PrefixTableRouting::NotifyInterfaceDown(uint32_t interface)
{
    NS_LOG_FUNCTION(this << interface);
    if (!IsUp(interface))
    {
        return;
    }
    m_up[interface] = false;
    if (m_ipv4)
    {
        RemoveLocalAddresses(interface);
    }
}

void
PrefixTableRouting::NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    NS_LOG_FUNCTION(this << interface << address);
    if (!m_ipv4)
    {
        return;
    }
    AddConnectedRoute(interface, address);
    if (IsUp(interface))
    {
        AddLocal(address.GetLocal(), interface);
    }
}

void
PrefixTableRouting::NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    NS_LOG_FUNCTION(this << interface << address);
    if (!m_ipv4)
    {
        return;
    }
    if (IsUp(interface))
    {
        RemoveLocal(address.GetLocal(), interface);
    }
    Ipv4Mask mask = address.GetMask();
    if (mask != Ipv4Mask::GetOnes() && mask != Ipv4Mask::GetZero())
    {
        uint8_t length = static_cast<uint8_t>(mask.GetPrefixLength());
        const Route* route = m_table.LookupExact(address.GetLocal(), length);
        if (route != nullptr && route->connected && route->interface == interface)
        {
            m_table.Remove(address.GetLocal(), length);
        }
    }
}

void
PrefixTableRouting::SetIpv4(Ptr<Ipv4> ipv4)
{
    NS_LOG_FUNCTION(this << ipv4);
    NS_ABORT_MSG_IF(m_ipv4, "PrefixTableRouting::SetIpv4: already attached to a node");
    m_ipv4 = ipv4;
    m_up.assign(m_ipv4->GetNInterfaces(), false);
    m_local.clear();
    for (uint32_t i = 0; i < m_ipv4->GetNInterfaces(); ++i)
    {
        for (uint32_t j = 0; j < m_ipv4->GetNAddresses(i); ++j)
        {
            AddConnectedRoute(i, m_ipv4->GetAddress(i, j));
        }
        if (m_ipv4->IsUp(i))
        {
            NotifyInterfaceUp(i);
        }
    }
}

void
PrefixTableRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    std::ostream* os = stream->GetStream();
    std::ios oldState(nullptr);
    oldState.copyfmt(*os);
    *os << std::resetiosflags(std::ios::adjustfield) << std::setiosflags(std::ios::left);

    Ptr<Node> node = m_ipv4 ? m_ipv4->GetObject<Node>() : nullptr;
    *os << "Node: " << (node ? node->GetId() : 0) << ", Time: " << Now().As(unit)
        << ", Local time: " << (node ? node->GetLocalTime() : Now()).As(unit)
        << ", PrefixTableRouting table (" << m_table.Size() << " routes, " << m_local.size()
        << " local addresses)" << std::endl;

    std::vector<Route> routes;
    routes.reserve(m_table.Size());
    m_table.ForEach([&routes](Ipv4Address, uint8_t, const Route& r) { routes.push_back(r); });
    std::sort(routes.begin(), routes.end(), [](const Route& a, const Route& b) {
        if (a.length != b.length)
        {
            return a.length > b.length;
        }
        return a.network.Get() < b.network.Get();
    });
    if (!routes.empty())
    {
        *os << "Destination         Gateway         Flags Iface" << std::endl;
        for (const Route& r : routes)
        {
            std::ostringstream dest;
            std::ostringstream gw;
            std::ostringstream flags;
            dest << r.network << "/" << +r.length;
            gw << r.gateway;
            flags << (r.blackhole || IsUp(r.interface) ? "U" : "-");
            if (r.blackhole)
            {
                flags << "B";
            }
            if (r.gateway != Ipv4Address::GetZero())
            {
                flags << "G";
            }
            if (r.connected)
            {
                flags << "C";
            }
            *os << std::setw(20) << dest.str() << std::setw(16) << gw.str() << std::setw(6)
                << flags.str();
            std::string name;
            if (r.blackhole)
            {
                name = "-";
            }
            else if (m_ipv4 && r.interface < m_ipv4->GetNInterfaces())
            {
                name = Names::FindName(m_ipv4->GetNetDevice(r.interface));
            }
            if (!name.empty())
            {
                *os << name;
            }
            else
            {
                *os << r.interface;
            }
            *os << std::endl;
        }
    }
    *os << std::endl;
    (*os).copyfmt(oldState);
}

} // namespace ns3
