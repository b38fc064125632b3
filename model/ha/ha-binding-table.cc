/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ha-binding-table.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HaBindingTable");

NS_OBJECT_ENSURE_REGISTERED(HaBindingTable);

std::optional<std::pair<MipPrefix, Ipv4Address>>
HaPrefixOwners::FindOverlap(const MipPrefix& prefix, Ipv4Address owner) const
{
    if (!prefix.IsValid())
    {
        return std::nullopt;
    }
    uint32_t network = prefix.network.Get() & MipPrefix::MaskOf(prefix.length);
    // Prefixes that contain it (or equal it): one per length up to its own.
    for (uint8_t l = 0; l <= prefix.length; ++l)
    {
        auto it = m_prefixes.find({network & MipPrefix::MaskOf(l), l});
        if (it != m_prefixes.end() && it->second != owner.Get())
        {
            return std::make_pair(MipPrefix{Ipv4Address(it->first.first), l},
                                  Ipv4Address(it->second));
        }
    }
    // Prefixes inside it: their networks lie in [network, last address].
    uint32_t last = network | ~MipPrefix::MaskOf(prefix.length);
    for (auto it = m_prefixes.lower_bound({network, 0});
         it != m_prefixes.end() && it->first.first <= last;
         ++it)
    {
        if (it->first.second > prefix.length && it->second != owner.Get())
        {
            return std::make_pair(MipPrefix{Ipv4Address(it->first.first), it->first.second},
                                  Ipv4Address(it->second));
        }
    }
    return std::nullopt;
}

void
HaPrefixOwners::Add(const MipPrefix& prefix, Ipv4Address owner)
{
    if (prefix.IsValid())
    {
        m_prefixes[{prefix.network.Get() & MipPrefix::MaskOf(prefix.length), prefix.length}] =
            owner.Get();
    }
}

void
HaPrefixOwners::RemoveOwner(Ipv4Address owner)
{
    for (auto it = m_prefixes.begin(); it != m_prefixes.end();)
    {
        it = it->second == owner.Get() ? m_prefixes.erase(it) : std::next(it);
    }
}

void
HaPrefixOwners::Declare(Ipv4Address owner, const std::vector<MipPrefix>& prefixes)
{
    for (const MipPrefix& p : prefixes)
    {
        if (!p.IsValid())
        {
            NS_FATAL_ERROR("AddMobileNode(" << owner << "): prefix length " << unsigned(p.length)
                                            << " of " << p.network << " is above 32");
        }
        if (auto overlap = FindOverlap(p, owner))
        {
            // Our choice for overlapping mobile networks of two routers (issue 10, item 8):
            // a configuration error, since the Home Agent authorises a router's prefixes
            // only inside its configured ones (so registrations can never overlap).
            NS_FATAL_ERROR("AddMobileNode(" << owner << "): mobile network " << p << " overlaps "
                                            << overlap->first << " of " << overlap->second);
        }
    }
    RemoveOwner(owner);
    for (const MipPrefix& p : prefixes)
    {
        Add(p, owner);
    }
}

bool
HaMobileNodeRecord::IsFromMobileNetwork(Ipv4Address source) const
{
    bool allowed = source == homeAddress;
    for (const MipPrefix& p : prefixes)
    {
        allowed = allowed || p.Contains(source);
    }
    return allowed;
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

HaBinding*
HaBindingTable::FindBinding(Ipv4Address homeAddress, Ptr<const MipTunnel> tunnel)
{
    HaMobileNodeRecord* record = Find(homeAddress);
    for (size_t i = 0; record && i < record->bindings.size(); ++i)
    {
        if (record->bindings[i].tunnel == tunnel)
        {
            return &record->bindings[i];
        }
    }
    return nullptr;
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
            binding.probeSequence = existing.probeSequence;
            binding.probeNonce = existing.probeNonce;
            binding.probePending = existing.probePending;
            binding.probeSentAt = existing.probeSentAt;
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
