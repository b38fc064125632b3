/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * RocClaimTable, the claims and routes of the Route Optimization Cache on their own: the
 * later-claim rule for public prefixes, the overlap rule for private prefixes (RFC 6521
 * section 3.3.2), the implicit claim of a home address and the route version that tells the
 * cache when a remembered look-up is stale. The cache's own tests
 * (route-optimization-cache-test.cc) check the same rules through RouteOptimizationCache.
 */
#include "ns3/roc-claim-table.h"

#include <gtest/gtest.h>
#include <set>
#include <utility>
#include <vector>

using namespace ns3;

namespace
{

/// The home addresses of a cache's entries, as a set.
class Entries final : public RocClaimTable::EntrySet
{
  public:
    bool Contains(uint32_t homeAddress) const override
    {
        return homes.count(homeAddress) > 0;
    }

    std::set<uint32_t> homes; //!< the entries
};

MipPrefix
P(const char* network, uint8_t length)
{
    return MipPrefix{Ipv4Address(network), length};
}

uint32_t
A(const char* address)
{
    return Ipv4Address(address).Get();
}

/// \return the route of the longest match of destination (0: none), and its length
std::pair<uint32_t, int>
Match(const RocClaimTable& t, const char* destination)
{
    uint8_t length = 0;
    const uint32_t* route = t.LongestMatch(A(destination), length);
    return route == nullptr ? std::make_pair(0u, -1) : std::make_pair(*route, int{length});
}

} // namespace

TEST(RocClaimTable, LaterPublicClaimWinsAndEveryRouteChangeIsVersioned)
{
    Entries entries;
    RocClaimTable t;
    uint64_t v0 = t.GetRouteVersion();
    t.Claim(P("203.30.0.0", 16), A("10.1.0.1"), entries);
    EXPECT_NE(t.GetRouteVersion(), v0);
    EXPECT_EQ(Match(t, "203.30.1.1"), std::make_pair(A("10.1.0.1"), 16));
    t.Claim(P("203.30.0.0", 16), A("10.2.0.1"), entries);
    EXPECT_EQ(Match(t, "203.30.1.1"), std::make_pair(A("10.2.0.1"), 16));
    EXPECT_EQ(t.ClaimsOf(P("203.30.0.0", 16)),
              (std::vector<uint32_t>{A("10.1.0.1"), A("10.2.0.1")}));
    uint64_t v1 = t.GetRouteVersion();
    t.Unclaim(P("203.30.0.0", 16), A("10.2.0.1"), entries); // the earlier claim takes over
    EXPECT_NE(t.GetRouteVersion(), v1);
    EXPECT_EQ(Match(t, "203.30.1.1"), std::make_pair(A("10.1.0.1"), 16));
    uint64_t v2 = t.GetRouteVersion();
    t.Unclaim(P("203.30.0.0", 16), A("10.9.0.1"), entries);   // not a claimant: routes kept
    t.Unclaim(P("198.51.100.0", 24), A("10.1.0.1"), entries); // not claimed: nothing
    EXPECT_EQ(Match(t, "203.30.1.1"), std::make_pair(A("10.1.0.1"), 16));
    t.Unclaim(P("203.30.0.0", 16), A("10.1.0.1"), entries);
    EXPECT_NE(t.GetRouteVersion(), v2);
    EXPECT_EQ(Match(t, "203.30.1.1").second, -1);
    EXPECT_FALSE(t.IsClaimed(P("203.30.0.0", 16)));
    EXPECT_EQ(t.GetRoutedCount(0), 0u);
}

TEST(RocClaimTable, OverlappingPrivateClaimsConflictOnceUntilOneGoesAway)
{
    Entries entries;
    RocClaimTable t;
    std::vector<std::pair<uint32_t, MipPrefix>> reported;
    t.SetConflictCallback([&reported](Ipv4Address owner, const MipPrefix& p) {
        reported.emplace_back(owner.Get(), p);
    });
    t.Claim(P("192.168.0.0", 16), A("10.1.0.1"), entries);
    t.Claim(P("192.168.7.0", 24), A("10.1.0.1"), entries); // the same router: no conflict
    EXPECT_EQ(t.GetConflictingCount(), 0u);
    t.Claim(P("192.168.7.128", 25), A("10.2.0.1"), entries); // inside both, another router
    EXPECT_TRUE(t.IsConflicting(P("192.168.0.0", 16)));
    EXPECT_TRUE(t.IsConflicting(P("192.168.7.0", 24)));
    EXPECT_TRUE(t.IsConflicting(P("192.168.7.128", 25)));
    EXPECT_EQ(t.GetConflictingCount(), 3u);
    EXPECT_EQ(t.GetConflictCount(), 3u);
    EXPECT_EQ(reported.size(), 3u);
    EXPECT_EQ(Match(t, "192.168.7.200"), std::make_pair(RocClaimTable::CONFLICT_OWNER, 25));
    EXPECT_EQ(t.GetRoutedCount(0), 0u); // a prefix in conflict routes to no entry
    t.Claim(P("192.168.7.128", 25), A("10.2.0.1"), entries); // still in conflict: not again
    EXPECT_EQ(t.GetConflictCount(), 3u);
    t.Unclaim(P("192.168.7.128", 25), A("10.2.0.1"), entries);
    EXPECT_EQ(t.GetConflictingCount(), 0u);
    EXPECT_EQ(Match(t, "192.168.7.200"), std::make_pair(A("10.1.0.1"), 24));
    EXPECT_EQ(t.GetRoutedCount(0), 2u);
}

TEST(RocClaimTable, HomeAddressIsClaimedImplicitlyByItsRouterAlone)
{
    Entries entries;
    RocClaimTable t;
    entries.homes.insert(A("10.1.0.1"));
    t.ClaimEntryHost(A("10.1.0.1"), entries);
    EXPECT_FALSE(t.IsClaimed(P("10.1.0.1", 32))); // no record: the cache routes it
    EXPECT_EQ(t.GetRoutedCount(1), 1u);
    // Another router claims that home address: a record, the home address's router first.
    t.Claim(P("10.1.0.1", 32), A("10.2.0.1"), entries);
    EXPECT_EQ(t.ClaimsOf(P("10.1.0.1", 32)), (std::vector<uint32_t>{A("10.1.0.1"), A("10.2.0.1")}));
    EXPECT_EQ(Match(t, "10.1.0.1"), std::make_pair(A("10.2.0.1"), 32));
    EXPECT_EQ(t.GetRoutedCount(1), 1u); // counted once
    // It goes away: back to the implicit claim, no record.
    t.Unclaim(P("10.1.0.1", 32), A("10.2.0.1"), entries);
    EXPECT_FALSE(t.IsClaimed(P("10.1.0.1", 32)));
    EXPECT_EQ(t.GetRoutedCount(1), 1u);
    // A claim of a /32 that is no entry's home address is an ordinary claim.
    t.Claim(P("10.3.0.1", 32), A("10.2.0.1"), entries);
    EXPECT_EQ(t.ClaimsOf(P("10.3.0.1", 32)), (std::vector<uint32_t>{A("10.2.0.1")}));
    EXPECT_EQ(t.GetRoutedCount(1), 2u);
    t.ForgetEntryHost(A("10.1.0.1"));
    entries.homes.erase(A("10.1.0.1"));
    EXPECT_EQ(t.GetRoutedCount(0), 1u);
}
