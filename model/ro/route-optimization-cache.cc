/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "route-optimization-cache.h"

#include "ns3/abort.h"
#include "ns3/assert.h"
#include "ns3/log.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RouteOptimizationCache");

namespace
{

/// \param p normalized prefix \return a hash key unique per (network, length)
uint64_t
Key64(const MipPrefix& p)
{
    return (static_cast<uint64_t>(p.network.Get()) << 8) | p.length;
}

/// \param a address \return a/32
MipPrefix
HostPrefix(Ipv4Address a)
{
    return MipPrefix{a, 32};
}

} // namespace

std::ostream&
operator<<(std::ostream& os, RrState s)
{
    switch (s)
    {
    case RrState::INACTIVE:
        return os << "INACTIVE";
    case RrState::IN_PROGRESS:
        return os << "IN_PROGRESS";
    case RrState::ACTIVE:
        return os << "ACTIVE";
    }
    return os << "?";
}

RrRecord&
RocEntry::GetRr(Ipv4Address mrCoa)
{
    return rr[mrCoa.Get()];
}

const RrRecord*
RocEntry::FindRr(Ipv4Address mrCoa) const
{
    auto it = rr.find(mrCoa.Get());
    return it == rr.end() ? nullptr : &it->second;
}

bool
RocEntry::HasPrefix(const MipPrefix& p) const
{
    std::optional<MipPrefix> masked = RocClaimTable::Normalize(p);
    if (!masked)
    {
        return false;
    }
    const MipPrefix& m = *masked;
    return std::any_of(prefixes.begin(), prefixes.end(), [&m](const RocPrefix& r) {
        return r.prefix == m;
    });
}

bool
RocEntry::IsConfirmed(const MipPrefix& p) const
{
    std::optional<MipPrefix> masked = RocClaimTable::Normalize(p);
    if (!masked)
    {
        return false;
    }
    const MipPrefix& m = *masked;
    if (m == HostPrefix(crHomeAddress))
    {
        return true;
    }
    return std::any_of(prefixes.begin(), prefixes.end(), [&m](const RocPrefix& r) {
        return r.valid && r.prefix == m;
    });
}

bool
RocEntry::IsPurgeProtected() const
{
    if (!tunnel)
    {
        return false;
    }
    if (staticKrm.has_value())
    {
        return true;
    }
    return std::any_of(rr.begin(), rr.end(), [](const auto& kv) {
        return kv.second.state == RrState::IN_PROGRESS || kv.second.state == RrState::ACTIVE;
    });
}

bool
RouteOptimizationCache::IsPrivate(const MipPrefix& p)
{
    return RocClaimTable::IsPrivate(p);
}

bool
RouteOptimizationCache::InConflictScope(const MipPrefix& p)
{
    return RocClaimTable::InConflictScope(p);
}

void
RouteOptimizationCache::SetConflictCallback(ConflictCallback callback)
{
    m_claims.SetConflictCallback(callback);
}

bool
RouteOptimizationCache::IsConflicting(const MipPrefix& p) const
{
    std::optional<MipPrefix> m = RocClaimTable::Normalize(p);
    return m && m_claims.IsConflicting(*m);
}

size_t
RouteOptimizationCache::GetConflictingPrefixCount() const
{
    return m_claims.GetConflictingCount();
}

uint64_t
RouteOptimizationCache::GetPrefixConflictCount() const
{
    return m_claims.GetConflictCount();
}

RouteOptimizationCache::Slot*
RouteOptimizationCache::FindSlot(uint32_t key) const
{
    return m_slots.Find(key);
}

const std::vector<RocPrefix>&
RouteOptimizationCache::PrefixesOf(const Slot& s) const
{
    return IsFull(s) ? m_full[s.ref & ~FULL_REF]->prefixes : m_pool->Get(s.ref).prefixes;
}

uint32_t
RouteOptimizationCache::AddFull(std::unique_ptr<RocEntry> entry) const
{
    if (m_freeFull.empty())
    {
        NS_ABORT_MSG_IF(m_full.size() >= FULL_REF, "RouteOptimizationCache: too many entries");
        m_full.push_back(std::move(entry));
        return FULL_REF | static_cast<uint32_t>(m_full.size() - 1);
    }
    uint32_t index = m_freeFull.back();
    m_freeFull.pop_back();
    m_full[index] = std::move(entry);
    return FULL_REF | index;
}

RocEntry&
RouteOptimizationCache::Materialize(Slot& s) const
{
    if (!IsFull(s))
    {
        const RocKnownRouter& known = m_pool->Get(s.ref);
        auto e = std::make_unique<RocEntry>();
        e->crHomeAddress = Ipv4Address(s.key);
        e->prefixes = known.prefixes;
        e->outboundOnly = known.outboundOnly;
        s.ref = AddFull(std::move(e));
    }
    return *m_full[s.ref & ~FULL_REF];
}

bool
RouteOptimizationCache::IsPlain(const RocEntry& e)
{
    // Every member of RocEntry but crHomeAddress, prefixes and outboundOnly (which the
    // interned content holds) must be checked here: a new member must be added below.
    static_assert(sizeof(void*) != 8 || sizeof(RocEntry) == 224,
                  "RocEntry changed: update RouteOptimizationCache::IsPlain");
    return e.crCareOfAddresses.empty() && e.mrCareOf == Ipv4Address::GetZero() &&
           e.natStates.empty() && e.rr.empty() && !e.staticKrm.has_value() && !e.tunnel &&
           !e.tunnelActive && !e.registeredWithPeer && !e.peerRegistered && e.lastUsed.IsZero();
}

void
RouteOptimizationCache::Dematerialize(Slot& s)
{
    if (!IsFull(s))
    {
        return;
    }
    uint32_t index = s.ref & ~FULL_REF;
    std::unique_ptr<RocEntry>& e = m_full[index];
    if (!IsPlain(*e))
    {
        return;
    }
    ForgetLookup(); // it may be the last look-up's entry
    RocKnownRouter content;
    content.prefixes = std::move(e->prefixes);
    content.outboundOnly = e->outboundOnly;
    s.ref = InternRef(content);
    e.reset();
    m_freeFull.push_back(index);
}

uint32_t
RouteOptimizationCache::InternRef(const RocKnownRouter& content)
{
    uint32_t id = m_pool->InternId(content);
    NS_ABORT_MSG_IF(id & FULL_REF, "RouteOptimizationCache: too many distinct contents");
    return id;
}

void
RouteOptimizationCache::SetContentPool(std::shared_ptr<RocContentPool> pool)
{
    NS_ASSERT(pool);
    m_slots.Flush();
    for (Slot& s : m_slots.Flat())
    {
        if (!IsFull(s))
        {
            uint32_t id = pool->InternId(m_pool->Get(s.ref));
            NS_ABORT_MSG_IF(id & FULL_REF, "RouteOptimizationCache: too many distinct contents");
            s.ref = id;
        }
    }
    m_pool = pool;
}

size_t
RouteOptimizationCache::GetMaterializedCount() const
{
    return m_full.size() - m_freeFull.size();
}

RocEntry&
RouteOptimizationCache::Insert(Ipv4Address crHomeAddress)
{
    uint32_t key = crHomeAddress.Get();
    if (Slot* s = FindSlot(key))
    {
        return Materialize(*s);
    }
    NS_LOG_FUNCTION(this << crHomeAddress);
    auto e = std::make_unique<RocEntry>();
    RocEntry& entry = *e;
    entry.crHomeAddress = crHomeAddress;
    entry.prefixes.push_back(RocPrefix{HostPrefix(crHomeAddress), "", true});
    ForgetLookup();
    m_slots.Insert(Slot{key, AddFull(std::move(e))});
    m_claims.ClaimEntryHost(key, Entries());
    return entry;
}

RocEntry*
RouteOptimizationCache::Find(Ipv4Address crHomeAddress)
{
    Slot* s = FindSlot(crHomeAddress.Get());
    return s == nullptr ? nullptr : &Materialize(*s);
}

const RocEntry*
RouteOptimizationCache::Find(Ipv4Address crHomeAddress) const
{
    Slot* s = FindSlot(crHomeAddress.Get());
    return s == nullptr ? nullptr : &Materialize(*s);
}

std::vector<RocPrefix>
RouteOptimizationCache::GetPrefixes(Ipv4Address crHomeAddress) const
{
    const Slot* s = FindSlot(crHomeAddress.Get());
    if (s == nullptr)
    {
        return {};
    }
    return PrefixesOf(*s);
}

std::vector<Ipv4Address>
RouteOptimizationCache::GetClaimants(const MipPrefix& p) const
{
    std::vector<Ipv4Address> out;
    if (std::optional<MipPrefix> m = RocClaimTable::Normalize(p))
    {
        for (uint32_t owner : m_claims.ClaimsOf(*m))
        {
            out.emplace_back(owner);
        }
    }
    return out;
}

bool
RouteOptimizationCache::SetPrefix(Ipv4Address crHomeAddress,
                                  const MipPrefix& p,
                                  const std::string& realm,
                                  bool valid)
{
    NS_LOG_FUNCTION(this << crHomeAddress << p << realm << valid);
    std::optional<MipPrefix> m = RocClaimTable::Normalize(p);
    if (!m)
    {
        CountInvalidPrefix(p);
        return false;
    }
    RocEntry& e = Insert(crHomeAddress);
    auto it = std::find_if(e.prefixes.begin(), e.prefixes.end(), [&m](const RocPrefix& r) {
        return r.prefix == *m;
    });
    Update(crHomeAddress, e.prefixes, *m, it == e.prefixes.end() ? nullptr : &*it, realm, valid);
    return true;
}

void
RouteOptimizationCache::Update(Ipv4Address owner,
                               std::vector<RocPrefix>& prefixes,
                               const MipPrefix& m,
                               RocPrefix* existing,
                               const std::string& realm,
                               bool valid)
{
    if (m == HostPrefix(owner))
    {
        valid = true; // the CR's own /32 needs only return routability
    }
    if (existing == nullptr)
    {
        prefixes.push_back(RocPrefix{m, realm, valid});
    }
    else
    {
        bool wasValid = existing->valid;
        existing->realm = realm;
        existing->valid = valid;
        if (wasValid && !valid)
        {
            m_claims.Unclaim(m, owner.Get(), Entries());
        }
    }
    if (valid)
    {
        m_claims.Claim(m, owner.Get(), Entries());
    }
}

void
RouteOptimizationCache::CountInvalidPrefix(const MipPrefix& p)
{
    ++m_invalidPrefixes;
    NS_LOG_WARN("RouteOptimizationCache: prefix " << p.network << "/" << +p.length
                                                  << " refused (length above 32)");
}

uint64_t
RouteOptimizationCache::GetInvalidPrefixCount() const
{
    return m_invalidPrefixes;
}

void
RouteOptimizationCache::RemovePrefix(Ipv4Address crHomeAddress, const MipPrefix& p)
{
    NS_LOG_FUNCTION(this << crHomeAddress << p);
    RocEntry* e = Find(crHomeAddress);
    if (e == nullptr)
    {
        return;
    }
    std::optional<MipPrefix> m = RocClaimTable::Normalize(p);
    if (!m)
    {
        CountInvalidPrefix(p);
        return;
    }
    if (*m == HostPrefix(crHomeAddress))
    {
        return;
    }
    auto it = std::find_if(e->prefixes.begin(), e->prefixes.end(), [&m](const RocPrefix& r) {
        return r.prefix == *m;
    });
    if (it == e->prefixes.end())
    {
        return;
    }
    if (it->valid)
    {
        m_claims.Unclaim(*m, crHomeAddress.Get(), Entries());
    }
    e->prefixes.erase(it);
}

RocEntry*
RouteOptimizationCache::Lookup(Ipv4Address destination)
{
    if (!m_lastLookup.valid || m_lastLookup.destination != destination.Get() ||
        m_lastLookup.routes != m_claims.GetRouteVersion())
    {
        RocEntry* entry = FindRoute(destination);
        m_lastLookup = LastLookup{destination.Get(), entry, m_claims.GetRouteVersion(), true};
    }
    return m_lastLookup.entry;
}

RocEntry*
RouteOptimizationCache::FindRoute(Ipv4Address destination)
{
    uint8_t length = 0;
    const uint32_t* owner = m_claims.LongestMatch(destination.Get(), length);
    if (owner == nullptr || length < Ipv4PrefixTable<uint32_t>::MAX_LENGTH)
    {
        // A home address claimed by its router alone has no claim record (RocClaimTable).
        if (Slot* s = FindSlot(destination.Get()))
        {
            return &Materialize(*s);
        }
    }
    if (owner == nullptr || *owner == RocClaimTable::CONFLICT_OWNER)
    {
        return nullptr;
    }
    Slot* s = FindSlot(*owner);
    NS_ASSERT_MSG(s != nullptr, "routed prefix without entry");
    return &Materialize(*s);
}

const RocEntry*
RouteOptimizationCache::Lookup(Ipv4Address destination) const
{
    return const_cast<RouteOptimizationCache*>(this)->Lookup(destination);
}

std::vector<Ipv4Address>
RouteOptimizationCache::ApplyAdvertisement(const PrefixAdvertisementExtension& adv)
{
    NS_LOG_FUNCTION(this << adv);
    std::vector<Ipv4Address> listed;
    std::unordered_set<uint32_t> seen;
    // Index of the entry's prefixes by (network, length), built once per listed router:
    // each advertised prefix then costs a hash look-up instead of a scan of the list, so
    // the whole advertisement is linear in its prefixes (issue 10, item 10). Indices, not
    // pointers: push_back may move the vector.
    std::unordered_map<uint64_t, size_t> index;
    RocKnownRouter content; // the new content of an entry that is not materialized
    for (const AdvertisedMobileRouter& mr : adv.GetEntries())
    {
        uint32_t key = mr.homeAddress.Get();
        RocEntry* full = nullptr;
        if (Slot* s = FindSlot(key); s == nullptr)
        {
            // As Insert(), held as content from the start (issue 14).
            content.prefixes.assign(1, RocPrefix{HostPrefix(mr.homeAddress), "", true});
            content.outboundOnly = false;
            ForgetLookup();
            m_slots.Insert(Slot{key, InternRef(content)});
            m_claims.ClaimEntryHost(key, Entries());
        }
        else if (!IsFull(*s))
        {
            content = m_pool->Get(s->ref);
        }
        else
        {
            // Stable while the prefixes are claimed (a conflict callback may use the cache).
            full = m_full[s->ref & ~FULL_REF].get();
        }
        std::vector<RocPrefix>& prefixes = full ? full->prefixes : content.prefixes;
        index.clear();
        index.reserve(prefixes.size() + mr.prefixes.size());
        for (size_t j = 0; j < prefixes.size(); ++j)
        {
            index.emplace(Key64(prefixes[j].prefix), j);
        }
        for (const AdvertisedPrefix& ap : mr.prefixes)
        {
            MipPrefix p{ap.prefix, ap.prefixLength};
            std::optional<MipPrefix> m = RocClaimTable::Normalize(p);
            if (!m)
            {
                CountInvalidPrefix(p); // the other prefixes are unaffected
                continue;
            }
            auto [it, inserted] = index.try_emplace(Key64(*m), prefixes.size());
            Update(mr.homeAddress,
                   prefixes,
                   *m,
                   inserted ? nullptr : &prefixes[it->second],
                   ap.realm,
                   true);
        }
        bool outboundOnly = (mr.info == AdvertisedMobileRouter::INFO_OUTBOUND_ONLY);
        Slot* s = FindSlot(key);
        if (full == nullptr && s != nullptr && IsFull(*s))
        {
            full = m_full[s->ref & ~FULL_REF].get(); // materialized meanwhile (a callback)
            full->prefixes = content.prefixes;
        }
        if (full != nullptr)
        {
            full->outboundOnly = outboundOnly;
            if (outboundOnly)
            {
                for (auto& kv : full->natStates)
                {
                    kv.second = false;
                }
            }
        }
        else if (s != nullptr)
        {
            content.outboundOnly = outboundOnly;
            if (!(m_pool->Get(s->ref) == content))
            {
                s->ref = InternRef(content);
            }
        }
        if (seen.insert(key).second)
        {
            listed.push_back(mr.homeAddress);
        }
    }
    // Merge what the advertisement added (one linear pass each).
    m_slots.Flush();
    m_claims.Flush();
    return listed;
}

bool
RouteOptimizationCache::Remove(Ipv4Address crHomeAddress, bool force)
{
    NS_LOG_FUNCTION(this << crHomeAddress << force);
    uint32_t key = crHomeAddress.Get();
    Slot* s = FindSlot(key);
    if (s == nullptr)
    {
        return false;
    }
    if (!force && IsFull(*s) && m_full[s->ref & ~FULL_REF]->IsPurgeProtected())
    {
        NS_LOG_LOGIC("entry " << crHomeAddress << " is protected (RR state and tunnel)");
        return false;
    }
    std::vector<MipPrefix> claimed;
    for (const RocPrefix& p : PrefixesOf(*s))
    {
        if (p.valid)
        {
            claimed.push_back(p.prefix);
        }
    }
    for (const MipPrefix& p : claimed)
    {
        m_claims.Unclaim(p, key, Entries());
    }
    m_claims.ForgetEntryHost(key);
    s = FindSlot(key);
    NS_ASSERT_MSG(s != nullptr, "entry removed while its prefixes were unclaimed");
    if (IsFull(*s))
    {
        m_full[s->ref & ~FULL_REF].reset();
        m_freeFull.push_back(s->ref & ~FULL_REF);
    }
    ForgetLookup();
    m_slots.Erase(key);
    return true;
}

size_t
RouteOptimizationCache::GetSize() const
{
    return m_slots.Size();
}

size_t
RouteOptimizationCache::GetRoutedPrefixCount() const
{
    return m_claims.GetRoutedCount(m_slots.Size());
}

} // namespace ns3
