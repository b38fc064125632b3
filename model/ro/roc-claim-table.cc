/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "roc-claim-table.h"

#include "ns3/assert.h"
#include "ns3/log.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RocClaimTable");

std::optional<MipPrefix>
RocClaimTable::Normalize(const MipPrefix& p)
{
    if (p.length > Ipv4PrefixTable<uint32_t>::MAX_LENGTH)
    {
        return std::nullopt;
    }
    return MipPrefix{Ipv4Address(p.network.Get() & Ipv4PrefixTable<uint32_t>::MaskOf(p.length)),
                     p.length};
}

RocClaimTable::PrefixKey
RocClaimTable::KeyOf(const MipPrefix& p)
{
    return (static_cast<PrefixKey>(p.network.Get()) << 8) | p.length;
}

bool
RocClaimTable::IsPrivate(const MipPrefix& p)
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
RocClaimTable::InConflictScope(const MipPrefix& p)
{
    // Host prefixes (the routers' home addresses, RFC 6521 section 3.1.1) are the most
    // specific routes there are and name one router: they follow the longest match.
    return p.length < Ipv4PrefixTable<uint32_t>::MAX_LENGTH && IsPrivate(p);
}

RocClaimTable::ClaimRecord&
RocClaimTable::AddClaim(const MipPrefix& p, uint32_t owner, uint8_t flags)
{
    ++m_routeVersion;
    if (m_claimsPerLength[p.length]++ == 0)
    {
        m_claimLengths |= uint64_t{1} << p.length;
    }
    return m_claims.Insert(ClaimRecord{p.network.Get(), owner, 0, p.length, flags});
}

void
RocClaimTable::EraseClaim(PrefixKey key)
{
    ++m_routeVersion;
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
RocClaimTable::IsConflictRoute(const ClaimRecord& r)
{
    return (r.flags & ROUTED) && r.routed == CONFLICT_OWNER;
}

void
RocClaimTable::Route(ClaimRecord& r, uint32_t value)
{
    ++m_routeVersion;
    m_conflicting -= IsConflictRoute(r) ? 1 : 0;
    m_routed += (r.flags & ROUTED) ? 0 : 1;
    r.flags |= ROUTED;
    r.routed = value;
    m_conflicting += IsConflictRoute(r) ? 1 : 0;
}

void
RocClaimTable::Claim(const MipPrefix& p, uint32_t owner, const EntrySet& entries)
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
        return; // implicit: routed through the entry itself (RouteOptimizationCache::Lookup)
    }
    else if (p.length == Ipv4PrefixTable<uint32_t>::MAX_LENGTH && entries.Contains(p.network.Get()))
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
RocClaimTable::Unclaim(const MipPrefix& p, uint32_t owner, const EntrySet& entries)
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
            m_claimedHosts -= entries.Contains(p.network.Get()) ? 1 : 0;
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
        m_claimedHosts -=
            p.length == Ipv4PrefixTable<uint32_t>::MAX_LENGTH && entries.Contains(p.network.Get())
                ? 1
                : 0;
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

void
RocClaimTable::ClaimEntryHost(uint32_t homeAddress, const EntrySet& entries)
{
    MipPrefix host{Ipv4Address(homeAddress), Ipv4PrefixTable<uint32_t>::MAX_LENGTH};
    m_claimedHosts += IsClaimed(host) ? 1 : 0;
    Claim(host, homeAddress, entries);
}

void
RocClaimTable::ForgetEntryHost(uint32_t homeAddress)
{
    MipPrefix host{Ipv4Address(homeAddress), Ipv4PrefixTable<uint32_t>::MAX_LENGTH};
    m_claimedHosts -= IsClaimed(host) ? 1 : 0;
}

bool
RocClaimTable::IsOwnHost(const MipPrefix& p, uint32_t owner)
{
    return p.length == Ipv4PrefixTable<uint32_t>::MAX_LENGTH && p.network.Get() == owner;
}

std::vector<uint32_t>
RocClaimTable::ClaimsOf(PrefixKey key) const
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

std::vector<uint32_t>
RocClaimTable::ClaimsOf(const MipPrefix& p) const
{
    return ClaimsOf(KeyOf(p));
}

bool
RocClaimTable::IsClaimed(const MipPrefix& p) const
{
    return m_claims.Find(KeyOf(p)) != nullptr;
}

std::vector<MipPrefix>
RocClaimTable::OverlappingPrivateClaims(const MipPrefix& p) const
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
        if (InConflictScope(q) && IsClaimed(q))
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
RocClaimTable::RecheckConflicts(const MipPrefix& p)
{
    for (const MipPrefix& q : OverlappingPrivateClaims(p))
    {
        RefreshPrefix(q);
    }
}

void
RocClaimTable::RefreshPrefix(const MipPrefix& p)
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

bool
RocClaimTable::IsConflicting(const MipPrefix& p) const
{
    const ClaimRecord* r = m_claims.Find(KeyOf(p));
    return r != nullptr && IsConflictRoute(*r);
}

const uint32_t*
RocClaimTable::LongestMatch(uint32_t destination, uint8_t& length) const
{
    for (uint64_t lengths = m_claimLengths; lengths != 0;)
    {
        auto l = static_cast<uint8_t>(63 - __builtin_clzll(lengths));
        lengths &= ~(uint64_t{1} << l);
        PrefixKey key =
            (static_cast<PrefixKey>(destination & Ipv4PrefixTable<uint32_t>::MaskOf(l)) << 8) | l;
        const ClaimRecord* r = m_claims.Find(key);
        if (r != nullptr && (r->flags & ROUTED))
        {
            length = l;
            return &r->routed;
        }
    }
    return nullptr;
}

size_t
RocClaimTable::GetRoutedCount(size_t entries) const
{
    // The home addresses claimed by their routers alone are routed but have no record.
    return m_routed - m_conflicting + (entries - m_claimedHosts);
}

size_t
RocClaimTable::GetConflictingCount() const
{
    return m_conflicting;
}

uint64_t
RocClaimTable::GetConflictCount() const
{
    return m_conflicts;
}

void
RocClaimTable::SetConflictCallback(ConflictCallback callback)
{
    m_conflictCallback = callback;
}

void
RocClaimTable::Flush()
{
    m_claims.Flush();
}

} // namespace ns3
