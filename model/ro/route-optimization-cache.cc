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

/**
 * \param p prefix
 * \return p with the host bits cleared, or nothing for a length above 32 (such a prefix
 * may come from the wire: it is refused, never an abort; issue 10, A7)
 */
std::optional<MipPrefix>
Masked(const MipPrefix& p)
{
    if (p.length > Ipv4PrefixTable<uint32_t>::MAX_LENGTH)
    {
        return std::nullopt;
    }
    return MipPrefix{Ipv4Address(p.network.Get() & Ipv4PrefixTable<uint32_t>::MaskOf(p.length)),
                     p.length};
}

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

/// The look-up table's value for a prefix in conflict: no entry (never a home address).
constexpr uint32_t CONFLICT_OWNER = 0xffffffffu;

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
    std::optional<MipPrefix> masked = Masked(p);
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
    std::optional<MipPrefix> masked = Masked(p);
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

std::optional<MipPrefix>
RouteOptimizationCache::Normalize(const MipPrefix& p)
{
    return Masked(p);
}

RouteOptimizationCache::PrefixKey
RouteOptimizationCache::KeyOf(const MipPrefix& p)
{
    return Key64(p);
}

RouteOptimizationCache::ClaimRecord&
RouteOptimizationCache::AddClaim(const MipPrefix& p, uint32_t owner, uint8_t flags)
{
    ForgetLookup();
    if (m_claimsPerLength[p.length]++ == 0)
    {
        m_claimLengths |= uint64_t{1} << p.length;
    }
    return m_claims.Insert(ClaimRecord{p.network.Get(), owner, 0, p.length, flags});
}

void
RouteOptimizationCache::EraseClaim(PrefixKey key)
{
    ForgetLookup();
    ClaimRecord* r = m_claims.Find(key);
    NS_ASSERT(r != nullptr);
    if (r->flags & ROUTED)
    {
        --m_routed;
        m_conflicting -= IsConflictRoute(*r) ? 1 : 0;
    }
    if (--m_claimsPerLength[r->length] == 0)
    {
        m_claimLengths &= ~(uint64_t{1} << r->length);
    }
    m_multiClaims.erase(key);
    m_claims.Erase(key);
}

bool
RouteOptimizationCache::IsConflictRoute(const ClaimRecord& r)
{
    return (r.flags & ROUTED) && r.routed == CONFLICT_OWNER;
}

void
RouteOptimizationCache::Route(ClaimRecord& r, uint32_t value)
{
    ForgetLookup();
    m_conflicting -= IsConflictRoute(r) ? 1 : 0;
    m_routed += (r.flags & ROUTED) ? 0 : 1;
    r.flags |= ROUTED;
    r.routed = value;
    m_conflicting += IsConflictRoute(r) ? 1 : 0;
}

void
RouteOptimizationCache::Claim(const MipPrefix& p, uint32_t owner)
{
    PrefixKey key = KeyOf(p);
    ClaimRecord* r = m_claims.Find(key);
    if (r != nullptr && (r->flags & MULTI))
    {
        auto& claims = m_multiClaims[key];
        claims.erase(std::remove(claims.begin(), claims.end(), owner), claims.end());
        claims.push_back(owner);
    }
    else if (r != nullptr)
    {
        if (r->owner != owner)
        {
            m_multiClaims.emplace(key, std::vector<uint32_t>{r->owner, owner});
            r->flags |= MULTI;
        }
    }
    else if (IsOwnHost(p, owner))
    {
        return; // implicit: routed through the entry itself (Lookup())
    }
    else if (p.length == Ipv4PrefixTable<uint32_t>::MAX_LENGTH &&
             FindSlot(p.network.Get()) != nullptr)
    {
        // Another router's home address: its implicit claim is the older one.
        m_multiClaims.emplace(key, std::vector<uint32_t>{p.network.Get(), owner});
        AddClaim(p, owner, MULTI);
        m_claimedHosts++; // now explicit
    }
    else
    {
        AddClaim(p, owner, 0);
    }
    if (InConflictScope(p))
    {
        RecheckConflicts(p);
    }
    else
    {
        Route(*m_claims.Find(key), owner); // public: the later claim wins
    }
}

void
RouteOptimizationCache::Unclaim(const MipPrefix& p, uint32_t owner)
{
    PrefixKey key = KeyOf(p);
    ClaimRecord* r = m_claims.Find(key);
    if (r == nullptr)
    {
        return; // not claimed, or the implicit claim of a home address
    }
    std::optional<uint32_t> latest; // the most recent remaining claim
    if (r->flags & MULTI)
    {
        auto& claims = m_multiClaims[key];
        claims.erase(std::remove(claims.begin(), claims.end(), owner), claims.end());
        latest = claims.back();
        if (claims.size() == 1 && IsOwnHost(p, claims.front()))
        {
            // Back to the implicit claim of the home address by its router.
            EraseClaim(key);
            m_claimedHosts -= FindSlot(p.network.Get()) != nullptr ? 1 : 0;
            return;
        }
        if (claims.size() == 1)
        {
            r->owner = claims.front();
            r->flags &= ~MULTI;
            m_multiClaims.erase(key);
        }
    }
    else if (r->owner == owner)
    {
        EraseClaim(key); // and its route
        m_claimedHosts -= IsEntryHost(p) ? 1 : 0;
    }
    else
    {
        latest = r->owner;
    }
    bool isPrivate = InConflictScope(p);
    if (latest && !isPrivate)
    {
        Route(*r, *latest);
    }
    if (isPrivate)
    {
        RecheckConflicts(p); // p and the prefixes it overlapped may be free of conflict now
    }
}

bool
RouteOptimizationCache::IsOwnHost(const MipPrefix& p, uint32_t owner)
{
    return p.length == Ipv4PrefixTable<uint32_t>::MAX_LENGTH && p.network.Get() == owner;
}

std::vector<uint32_t>
RouteOptimizationCache::ClaimsOf(PrefixKey key) const
{
    const ClaimRecord* r = m_claims.Find(key);
    if (r == nullptr)
    {
        return {};
    }
    if (r->flags & MULTI)
    {
        return m_multiClaims.at(key);
    }
    return std::vector<uint32_t>{r->owner};
}

bool
RouteOptimizationCache::IsEntryHost(const MipPrefix& p) const
{
    return p.length == Ipv4PrefixTable<uint32_t>::MAX_LENGTH && FindSlot(p.network.Get());
}

bool
RouteOptimizationCache::IsClaimed(PrefixKey key) const
{
    return m_claims.Find(key) != nullptr;
}

bool
RouteOptimizationCache::IsPrivate(const MipPrefix& p)
{
    // RFC 1918 section 3.
    static const std::pair<uint32_t, uint8_t> blocks[] = {{0x0a000000u, 8},
                                                          {0xac100000u, 12},
                                                          {0xc0a80000u, 16}};
    if (p.length > Ipv4PrefixTable<uint32_t>::MAX_LENGTH)
    {
        return false;
    }
    return std::any_of(std::begin(blocks), std::end(blocks), [&p](const auto& b) {
        return p.length >= b.second &&
               (p.network.Get() & Ipv4PrefixTable<uint32_t>::MaskOf(b.second)) == b.first;
    });
}

bool
RouteOptimizationCache::InConflictScope(const MipPrefix& p)
{
    // Host prefixes (the routers' home addresses, RFC 6521 section 3.1.1) are the most
    // specific routes there are and name one router: they follow the longest match.
    return p.length < Ipv4PrefixTable<uint32_t>::MAX_LENGTH && IsPrivate(p);
}

std::vector<MipPrefix>
RouteOptimizationCache::OverlappingPrivateClaims(const MipPrefix& p) const
{
    std::vector<MipPrefix> overlapping;
    // The ones containing p (and p itself): one search per shorter length in use.
    for (uint8_t length = 0; length <= p.length; ++length)
    {
        if ((m_claimLengths & (uint64_t{1} << length)) == 0)
        {
            continue;
        }
        MipPrefix q{Ipv4Address(p.network.Get() & Ipv4PrefixTable<uint32_t>::MaskOf(length)),
                    length};
        if (InConflictScope(q) && IsClaimed(KeyOf(q)))
        {
            overlapping.push_back(q);
        }
    }
    // The ones inside p: a contiguous range of the sorted claims.
    uint32_t last = p.network.Get() | ~Ipv4PrefixTable<uint32_t>::MaskOf(p.length);
    m_claims.ForRange(KeyOf(p), (PrefixKey{last} << 8) | 0xff, [&](const ClaimRecord& r) {
        MipPrefix q{Ipv4Address(r.network), r.length};
        if (r.length > p.length && InConflictScope(q))
        {
            overlapping.push_back(q);
        }
    });
    return overlapping;
}

void
RouteOptimizationCache::RecheckConflicts(const MipPrefix& p)
{
    for (const MipPrefix& q : OverlappingPrivateClaims(p))
    {
        RefreshPrefix(q);
    }
}

void
RouteOptimizationCache::RefreshPrefix(const MipPrefix& p)
{
    std::vector<uint32_t> owners = ClaimsOf(KeyOf(p));
    if (owners.empty())
    {
        return;
    }
    // Two routers claim p itself, or one claims p and another an overlapping private prefix.
    bool conflict = owners.size() > 1;
    for (const MipPrefix& q : conflict ? std::vector<MipPrefix>{} : OverlappingPrivateClaims(p))
    {
        std::vector<uint32_t> others = ClaimsOf(KeyOf(q));
        conflict = conflict || std::any_of(others.begin(), others.end(), [&owners](uint32_t o) {
                       return o != owners.front();
                   });
    }
    ClaimRecord& r = *m_claims.Find(KeyOf(p));
    if (!conflict)
    {
        Route(r, owners.back());
        return;
    }
    // RFC 6521 section 3.3.2: an error situation: no route optimization towards it.
    bool wasConflicting = IsConflictRoute(r);
    Route(r, CONFLICT_OWNER);
    if (!wasConflicting)
    {
        for (uint32_t owner : owners)
        {
            ++m_conflicts;
            NS_LOG_WARN("RouteOptimizationCache: private prefix "
                        << p << " of " << Ipv4Address(owner) << " overlaps another router's");
            if (m_conflictCallback)
            {
                m_conflictCallback(Ipv4Address(owner), p);
            }
        }
    }
}

void
RouteOptimizationCache::SetConflictCallback(ConflictCallback callback)
{
    m_conflictCallback = callback;
}

bool
RouteOptimizationCache::IsConflicting(const MipPrefix& p) const
{
    std::optional<MipPrefix> m = Normalize(p);
    const ClaimRecord* r = m ? m_claims.Find(KeyOf(*m)) : nullptr;
    return r != nullptr && IsConflictRoute(*r);
}

size_t
RouteOptimizationCache::GetConflictingPrefixCount() const
{
    return m_conflicting;
}

uint64_t
RouteOptimizationCache::GetPrefixConflictCount() const
{
    return m_conflicts;
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
    MipPrefix host = HostPrefix(crHomeAddress);
    entry.prefixes.push_back(RocPrefix{host, "", true});
    ForgetLookup();
    m_slots.Insert(Slot{key, AddFull(std::move(e))});
    m_claimedHosts += IsClaimed(KeyOf(host)) ? 1 : 0;
    Claim(host, key);
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
    if (std::optional<MipPrefix> m = Normalize(p))
    {
        for (uint32_t owner : ClaimsOf(KeyOf(*m)))
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
    std::optional<MipPrefix> m = Normalize(p);
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
            Unclaim(m, owner.Get());
        }
    }
    if (valid)
    {
        Claim(m, owner.Get());
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
    std::optional<MipPrefix> m = Normalize(p);
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
        Unclaim(*m, crHomeAddress.Get());
    }
    e->prefixes.erase(it);
}

const uint32_t*
RouteOptimizationCache::LongestMatch(Ipv4Address destination, uint8_t& length) const
{
    uint32_t addr = destination.Get();
    for (uint64_t lengths = m_claimLengths; lengths != 0;)
    {
        auto l = static_cast<uint8_t>(63 - __builtin_clzll(lengths));
        lengths &= ~(uint64_t{1} << l);
        PrefixKey key =
            (static_cast<PrefixKey>(addr & Ipv4PrefixTable<uint32_t>::MaskOf(l)) << 8) | l;
        const ClaimRecord* r = m_claims.Find(key);
        if (r != nullptr && (r->flags & ROUTED))
        {
            length = l;
            return &r->routed;
        }
    }
    return nullptr;
}

RocEntry*
RouteOptimizationCache::Lookup(Ipv4Address destination)
{
    if (!m_lastLookup.valid || m_lastLookup.destination != destination.Get())
    {
        m_lastLookup = LastLookup{destination.Get(), FindRoute(destination), true};
    }
    return m_lastLookup.entry;
}

RocEntry*
RouteOptimizationCache::FindRoute(Ipv4Address destination)
{
    uint8_t length = 0;
    const uint32_t* owner = LongestMatch(destination, length);
    if (owner == nullptr || length < Ipv4PrefixTable<uint32_t>::MAX_LENGTH)
    {
        // A home address claimed by its router alone has no claim record (Claim()).
        if (Slot* s = FindSlot(destination.Get()))
        {
            return &Materialize(*s);
        }
    }
    if (owner == nullptr || *owner == CONFLICT_OWNER)
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
            MipPrefix host = HostPrefix(mr.homeAddress);
            content.prefixes.assign(1, RocPrefix{host, "", true});
            content.outboundOnly = false;
            ForgetLookup();
            m_slots.Insert(Slot{key, InternRef(content)});
            m_claimedHosts += IsClaimed(KeyOf(host)) ? 1 : 0;
            Claim(host, key);
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
            std::optional<MipPrefix> m = Normalize(p);
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
        Unclaim(p, key);
    }
    m_claimedHosts -= IsClaimed(KeyOf(HostPrefix(crHomeAddress))) ? 1 : 0;
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
    // The home addresses claimed by their routers alone are routed but have no record.
    return m_routed - m_conflicting + (m_slots.Size() - m_claimedHosts);
}

} // namespace ns3
