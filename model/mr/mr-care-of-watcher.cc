/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mr-care-of-watcher.h"

#include "ns3/ipv4-routing-table-entry.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MrCareOfWatcher");

MrCareOfWatcher::~MrCareOfWatcher()
{
    Dispose();
}

void
MrCareOfWatcher::Setup(Ptr<Ipv4> ipv4, AcquiredCallback acquired, LostCallback lost)
{
    m_ipv4 = ipv4;
    m_acquired = acquired;
    m_lost = lost;
}

void
MrCareOfWatcher::Watch(uint32_t interface)
{
    m_inUse[interface] = Ipv4Address::GetZero();
    m_checks[interface] = Simulator::ScheduleNow(&MrCareOfWatcher::Check, this, interface);
}

bool
MrCareOfWatcher::IsWatching() const
{
    return !m_inUse.empty();
}

void
MrCareOfWatcher::OnAddress(uint32_t interface, Ipv4InterfaceAddress address, bool added)
{
    auto it = m_inUse.find(interface);
    if (it == m_inUse.end() || address.GetLocal() == Ipv4Address::GetZero())
    {
        return;
    }
    if (!added && address.GetLocal() == it->second)
    {
        NS_LOG_INFO("interface " << interface << ": care-of address " << it->second << " removed");
        it->second = Ipv4Address::GetZero();
        m_lost(interface);
    }
    if (!m_checks[interface].IsRunning())
    {
        m_checks[interface] = Simulator::ScheduleNow(&MrCareOfWatcher::Check, this, interface);
    }
}

void
MrCareOfWatcher::Check(uint32_t interface)
{
    Ipv4Address found = Ipv4Address::GetZero();
    for (uint32_t i = 0; i < m_ipv4->GetNAddresses(interface); ++i)
    {
        Ipv4Address local = m_ipv4->GetAddress(interface, i).GetLocal();
        if (local != Ipv4Address::GetZero())
        {
            found = local;
            break;
        }
    }
    Ipv4Address& inUse = m_inUse[interface];
    if (found == inUse)
    {
        return;
    }
    if (inUse != Ipv4Address::GetZero())
    {
        inUse = Ipv4Address::GetZero();
        m_lost(interface); // replaced by another address
    }
    if (found != Ipv4Address::GetZero())
    {
        inUse = found;
        Ipv4Address gateway = FindGateway(m_ipv4, interface);
        NS_LOG_INFO("interface " << interface << ": care-of address " << found << " via "
                                 << gateway);
        m_acquired(interface, found, gateway);
    }
}

Ipv4Address
MrCareOfWatcher::FindGateway(Ptr<Ipv4> ipv4, uint32_t interface)
{
    Ptr<Ipv4StaticRouting> routing = Ipv4StaticRoutingHelper().GetStaticRouting(ipv4);
    if (!routing)
    {
        return Ipv4Address::GetZero();
    }
    for (uint32_t i = 0; i < routing->GetNRoutes(); ++i)
    {
        Ipv4RoutingTableEntry route = routing->GetRoute(i);
        if (route.IsDefault() && route.IsGateway() && route.GetInterface() == interface)
        {
            return route.GetGateway();
        }
    }
    return Ipv4Address::GetZero();
}

void
MrCareOfWatcher::Dispose()
{
    for (auto& [interface, event] : m_checks)
    {
        event.Cancel();
    }
    m_checks.clear();
    m_acquired = AcquiredCallback();
    m_lost = LostCallback();
    m_ipv4 = nullptr;
}

} // namespace ns3
