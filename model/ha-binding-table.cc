/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ha-binding-table.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HaBindingTable");

NS_OBJECT_ENSURE_REGISTERED(HaBindingTable);

bool
MipPrefix::Contains(Ipv4Address a) const
{
    return Ipv4Mask(length == 0 ? 0u : (0xffffffffu << (32 - length))).IsMatch(a, network);
}

bool
MipPrefix::operator==(const MipPrefix& o) const
{
    return network == o.network && length == o.length;
}

std::ostream&
operator<<(std::ostream& os, const MipPrefix& p)
{
    return os << p.network << "/" << unsigned(p.length);
}

std::ostream&
operator<<(std::ostream& os, HaBindingRemoval r)
{
    switch (r)
    {
    case HaBindingRemoval::DEREGISTERED:
        return os << "deregistered";
    case HaBindingRemoval::EXPIRED:
        return os << "expired";
    case HaBindingRemoval::REPLACED:
        return os << "replaced";
    }
    return os << "?";
}

TypeId
HaBindingTable::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::HaBindingTable")
            .SetParent<Object>()
            .SetGroupName("Haaro")
            .AddConstructor<HaBindingTable>()
            .AddTraceSource("BindingAdded",
                            "A new binding (home address, care-of address, lifetime)",
                            MakeTraceSourceAccessor(&HaBindingTable::m_addedTrace),
                            "ns3::HaBindingTable::BindingTracedCallback")
            .AddTraceSource("BindingRefreshed",
                            "A binding was re-registered (home address, care-of address, "
                            "lifetime)",
                            MakeTraceSourceAccessor(&HaBindingTable::m_refreshedTrace),
                            "ns3::HaBindingTable::BindingTracedCallback")
            .AddTraceSource("BindingDeregistered",
                            "A binding was removed by a lifetime-0 request",
                            MakeTraceSourceAccessor(&HaBindingTable::m_deregisteredTrace),
                            "ns3::HaBindingTable::BindingTracedCallback")
            .AddTraceSource("BindingExpired",
                            "A binding's lifetime ran out",
                            MakeTraceSourceAccessor(&HaBindingTable::m_expiredTrace),
                            "ns3::HaBindingTable::BindingTracedCallback")
            .AddTraceSource("BindingReplaced",
                            "A binding was replaced by a request without the S bit",
                            MakeTraceSourceAccessor(&HaBindingTable::m_replacedTrace),
                            "ns3::HaBindingTable::BindingTracedCallback");
    return tid;
}

HaBindingTable::HaBindingTable() = default;

HaBindingTable::~HaBindingTable() = default;

void
HaBindingTable::SetCallbacks(AddedCallback added, RemovedCallback removed)
{
    m_added = added;
    m_removed = removed;
}

HaMobileNodeRecord*
HaBindingTable::Find(Ipv4Address homeAddress)
{
    auto it = m_records.find(homeAddress.Get());
    return it == m_records.end() ? nullptr : &it->second;
}

const HaMobileNodeRecord*
HaBindingTable::Find(Ipv4Address homeAddress) const
{
    auto it = m_records.find(homeAddress.Get());
    return it == m_records.end() ? nullptr : &it->second;
}

const HaBinding*
HaBindingTable::FindBinding(Ipv4Address homeAddress, Ipv4Address careOf) const
{
    const HaMobileNodeRecord* record = Find(homeAddress);
    if (!record)
    {
        return nullptr;
    }
    for (const auto& b : record->bindings)
    {
        if (b.careOfAddress == careOf)
        {
            return &b;
        }
    }
    return nullptr;
}

bool
HaBindingTable::Update(Ipv4Address homeAddress, HaBinding binding, bool simultaneous)
{
    HaMobileNodeRecord& record = m_records[homeAddress.Get()];
    record.homeAddress = homeAddress;
    if (!simultaneous)
    {
        for (size_t i = record.bindings.size(); i-- > 0;)
        {
            if (record.bindings[i].careOfAddress != binding.careOfAddress)
            {
                RemoveAt(record, i, HaBindingRemoval::REPLACED);
            }
        }
    }
    binding.registeredAt = Simulator::Now();
    binding.expiresAt = Simulator::Now() + Seconds(binding.lifetime);
    binding.expiry = Simulator::Schedule(Seconds(binding.lifetime),
                                         &HaBindingTable::Expire,
                                         this,
                                         homeAddress,
                                         binding.careOfAddress);
    for (auto& existing : record.bindings)
    {
        if (existing.careOfAddress == binding.careOfAddress)
        {
            existing.expiry.Cancel();
            if (!binding.tunnel)
            {
                binding.tunnel = existing.tunnel;
            }
            existing = binding;
            NS_LOG_INFO(homeAddress << " binding to " << binding.careOfAddress << " refreshed for "
                                    << binding.lifetime << " s");
            m_refreshedTrace(homeAddress, binding.careOfAddress, binding.lifetime);
            return false;
        }
    }
    record.bindings.push_back(binding);
    m_bindingCount++;
    if (record.lastActiveCareOf == Ipv4Address())
    {
        record.lastActiveCareOf = binding.careOfAddress;
    }
    NS_LOG_INFO(homeAddress << " new binding to " << binding.careOfAddress << " for "
                            << binding.lifetime << " s");
    m_addedTrace(homeAddress, binding.careOfAddress, binding.lifetime);
    if (!m_added.IsNull())
    {
        m_added(homeAddress, record.bindings.back());
    }
    return true;
}

void
HaBindingTable::SetTunnel(Ipv4Address homeAddress, Ipv4Address careOf, Ptr<MipTunnel> tunnel)
{
    HaMobileNodeRecord* record = Find(homeAddress);
    if (!record)
    {
        return;
    }
    for (auto& b : record->bindings)
    {
        if (b.careOfAddress == careOf)
        {
            b.tunnel = tunnel;
        }
    }
}

void
HaBindingTable::SetPrefixes(Ipv4Address homeAddress, std::vector<MipPrefix> prefixes)
{
    HaMobileNodeRecord* record = Find(homeAddress);
    if (record)
    {
        record->prefixes = std::move(prefixes);
    }
}

bool
HaBindingTable::Remove(Ipv4Address homeAddress, Ipv4Address careOf, HaBindingRemoval reason)
{
    HaMobileNodeRecord* record = Find(homeAddress);
    if (!record)
    {
        return false;
    }
    for (size_t i = 0; i < record->bindings.size(); ++i)
    {
        if (record->bindings[i].careOfAddress == careOf)
        {
            RemoveAt(*record, i, reason);
            if (record->bindings.empty())
            {
                m_records.erase(homeAddress.Get());
            }
            return true;
        }
    }
    return false;
}

size_t
HaBindingTable::RemoveAll(Ipv4Address homeAddress, HaBindingRemoval reason)
{
    HaMobileNodeRecord* record = Find(homeAddress);
    if (!record)
    {
        return 0;
    }
    size_t n = record->bindings.size();
    while (!record->bindings.empty())
    {
        RemoveAt(*record, record->bindings.size() - 1, reason);
    }
    m_records.erase(homeAddress.Get());
    return n;
}

void
HaBindingTable::RemoveAt(HaMobileNodeRecord& record, size_t index, HaBindingRemoval reason)
{
    HaBinding binding = record.bindings[index];
    binding.expiry.Cancel();
    record.bindings.erase(record.bindings.begin() + index);
    m_bindingCount--;
    if (record.lastActiveCareOf == binding.careOfAddress)
    {
        record.lastActiveCareOf =
            record.bindings.empty() ? Ipv4Address() : record.bindings.back().careOfAddress;
    }
    NS_LOG_INFO(record.homeAddress << " binding to " << binding.careOfAddress << " removed ("
                                   << reason << ")");
    switch (reason)
    {
    case HaBindingRemoval::DEREGISTERED:
        m_deregisteredTrace(record.homeAddress, binding.careOfAddress, 0);
        break;
    case HaBindingRemoval::EXPIRED:
        m_expiredTrace(record.homeAddress, binding.careOfAddress, 0);
        break;
    case HaBindingRemoval::REPLACED:
        m_replacedTrace(record.homeAddress, binding.careOfAddress, 0);
        break;
    }
    if (!m_removed.IsNull())
    {
        m_removed(record.homeAddress, binding, reason);
    }
}

void
HaBindingTable::Expire(Ipv4Address homeAddress, Ipv4Address careOf)
{
    Remove(homeAddress, careOf, HaBindingRemoval::EXPIRED);
}

size_t
HaBindingTable::GetMobileNodeCount() const
{
    return m_records.size();
}

size_t
HaBindingTable::GetBindingCount() const
{
    return m_bindingCount;
}

void
HaBindingTable::DoDispose()
{
    for (auto& [key, record] : m_records)
    {
        for (auto& b : record.bindings)
        {
            b.expiry.Cancel();
        }
    }
    m_records.clear();
    m_added = AddedCallback();
    m_removed = RemovedCallback();
    Object::DoDispose();
}

} // namespace ns3
