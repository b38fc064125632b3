/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * RocContentPool and the Route Optimization Cache's shared storage (issue 14): an entry
 * that only advertisements have shaped is a pointer to interned content; everything
 * observable is the same as when every entry is a full RocEntry, whoever shares the pool.
 */
#include "ns3/prefix-advertisement-extension.h"
#include "ns3/roc-content-pool.h"
#include "ns3/route-optimization-cache.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// Home addresses of the routers of the random test: two private, one public.
const Ipv4Address HOMES[] = {Ipv4Address("10.1.0.1"),
                             Ipv4Address("10.2.0.1"),
                             Ipv4Address("192.0.2.1"),
                             Ipv4Address("198.51.100.1")};

/// \param rng generator \return a prefix in a small pool (private and public, overlapping)
MipPrefix
RandomPrefix(std::mt19937& rng)
{
    if (rng() % 8 == 0)
    {
        return MipPrefix{HOMES[rng() % 4], 32}; // a router's home address
    }
    uint32_t base = rng() % 2 ? 0xac100000u : 0xc6336400u; // 172.16/12 or 198.51.100/24
    return MipPrefix{Ipv4Address(base + (rng() % 1024)), uint8_t(22 + rng() % 12)};
}

/// \param rng generator \return a random advertisement of the routers of HOMES
PrefixAdvertisementExtension
RandomAdvertisement(std::mt19937& rng)
{
    PrefixAdvertisementExtension adv;
    for (int m = 1 + rng() % 4; m > 0; --m)
    {
        adv.AddMobileRouter(HOMES[rng() % 4],
                            rng() % 3 == 0 ? AdvertisedMobileRouter::INFO_OUTBOUND_ONLY
                                           : AdvertisedMobileRouter::INFO_NORMAL);
        for (int n = rng() % 6; n > 0; --n)
        {
            MipPrefix p = RandomPrefix(rng);
            adv.AddPrefix(p.network, p.length, rng() % 2 ? "a.example" : "");
        }
    }
    return adv;
}

/// \param roc a cache \return its routed prefixes counted from their definition: every
/// valid prefix and every entry's home address /32, each once, without those in conflict
size_t
RoutedByDefinition(const RouteOptimizationCache& roc)
{
    std::set<std::pair<uint32_t, uint8_t>> routed;
    roc.ForEach([&routed](const RocEntry& e) {
        routed.emplace(e.crHomeAddress.Get(), MipPrefix::MAX_LENGTH);
        for (const RocPrefix& p : e.prefixes)
        {
            if (p.valid)
            {
                routed.emplace(p.prefix.network.Get() & MipPrefix::MaskOf(p.prefix.length),
                               p.prefix.length);
            }
        }
    });
    return routed.size() - roc.GetConflictingPrefixCount();
}

/// \param roc a cache \return what ForEach (which materializes nothing) and the counters show
std::string
State(const RouteOptimizationCache& roc)
{
    // GetRoutedPrefixCount() keeps a count of the explicitly claimed home addresses.
    EXPECT_EQ(roc.GetRoutedPrefixCount(), RoutedByDefinition(roc));
    std::ostringstream os;
    roc.ForEach([&os](const RocEntry& e) {
        os << e.crHomeAddress << (e.outboundOnly ? "+" : "-") << e.mrCareOf;
        for (const RocPrefix& p : e.prefixes)
        {
            os << " " << p.prefix << " " << p.realm << p.valid;
        }
        os << ";";
    });
    os << roc.GetSize() << " " << roc.GetRoutedPrefixCount() << " "
       << roc.GetConflictingPrefixCount() << " " << roc.GetPrefixConflictCount() << " "
       << roc.GetInvalidPrefixCount();
    return os.str();
}

} // namespace

TEST(RocContentPool, InternsEqualContentOnce)
{
    RocContentPool pool;
    RocKnownRouter a;
    a.prefixes.push_back(RocPrefix{MipPrefix{Ipv4Address("10.1.0.1"), 32}, "", true});
    RocKnownRouter b = a;
    const RocKnownRouter* pa = pool.Intern(a);
    EXPECT_EQ(pool.Intern(b), pa);
    EXPECT_EQ(*pa, a);
    b.outboundOnly = true;
    EXPECT_NE(pool.Intern(b), pa);
    b = a;
    b.prefixes[0].realm = "r.example";
    EXPECT_NE(pool.Intern(b), pa);
    EXPECT_EQ(pool.GetSize(), 3u);
}

TEST(RocContentPool, ContentOnlyEntriesBehaveAsFullEntries)
{
    // The same random operations on a cache whose advertised entries stay interned
    // content and on one whose entries are all full RocEntry objects (each listed router
    // is looked up before and after the advertisement) give the same observable state at
    // each step.
    std::mt19937 rng(14);
    auto pool = std::make_shared<RocContentPool>();
    for (int round = 0; round < 200; ++round)
    {
        RouteOptimizationCache shared;
        shared.SetContentPool(pool);
        RouteOptimizationCache full;
        for (int step = 0; step < 12; ++step)
        {
            Ipv4Address home = HOMES[rng() % 4];
            MipPrefix p = RandomPrefix(rng);
            switch (rng() % 6)
            {
            case 0:
            case 1: {
                PrefixAdvertisementExtension adv = RandomAdvertisement(rng);
                auto materialize = [&full, &adv]() {
                    for (const AdvertisedMobileRouter& mr : adv.GetEntries())
                    {
                        full.Find(mr.homeAddress);
                    }
                };
                materialize();
                EXPECT_EQ(shared.ApplyAdvertisement(adv), full.ApplyAdvertisement(adv));
                materialize();
                break;
            }
            case 2: {
                bool force = rng() % 2;
                EXPECT_EQ(shared.Remove(home, force), full.Remove(home, force));
                break;
            }
            case 3:
                shared.RemovePrefix(home, p);
                full.RemovePrefix(home, p);
                break;
            case 4: {
                bool valid = rng() % 2;
                EXPECT_EQ(shared.SetPrefix(home, p, "s.example", valid),
                          full.SetPrefix(home, p, "s.example", valid));
                break;
            }
            default: {
                // A ForEach that changes one entry (it stays materialized) and leaves the
                // others as they were (back to content).
                Ipv4Address changed = HOMES[rng() % 4];
                auto mark = [changed](RocEntry& e) {
                    if (e.crHomeAddress == changed)
                    {
                        e.mrCareOf = Ipv4Address("192.0.2.200");
                    }
                };
                shared.ForEach(mark);
                full.ForEach(mark);
                break;
            }
            }
            ASSERT_EQ(State(shared), State(full)) << "round " << round << " step " << step;
            EXPECT_EQ(shared.IsConflicting(p), full.IsConflicting(p));
        }
        for (uint32_t a = 0; a < 1024; a += 7)
        {
            for (uint32_t base : {0xac100000u, 0xc6336400u})
            {
                const RocEntry* s = shared.Lookup(Ipv4Address(base + a));
                const RocEntry* f = full.Lookup(Ipv4Address(base + a));
                ASSERT_EQ(s == nullptr, f == nullptr);
                EXPECT_TRUE(s == nullptr || s->crHomeAddress == f->crHomeAddress);
            }
        }
        EXPECT_EQ(State(shared), State(full));
    }
}

TEST(RocContentPool, RoutersShareWhatTheyLearnedAlike)
{
    // K caches receive the same advertisement of R routers: the pool holds contents per
    // router, not per cache and router, and no entry is materialized until used.
    const uint32_t routers = 100;
    const uint32_t caches = 20;
    PrefixAdvertisementExtension adv;
    for (uint32_t r = 0; r < routers; ++r)
    {
        adv.AddMobileRouter(Ipv4Address(0x0a000001u + r));
        adv.AddPrefix(Ipv4Address(0x0a800000u + (r << 8)), 24);
    }
    auto pool = std::make_shared<RocContentPool>();
    std::vector<RouteOptimizationCache> rocs(caches);
    for (RouteOptimizationCache& roc : rocs)
    {
        roc.SetContentPool(pool);
        roc.ApplyAdvertisement(adv);
        roc.ApplyAdvertisement(adv); // a renewal with the same content
        EXPECT_EQ(roc.GetSize(), routers);
        EXPECT_EQ(roc.GetMaterializedCount(), 0u);
        EXPECT_EQ(roc.GetRoutedPrefixCount(), 2 * routers);
    }
    // Per router: its advertised content, and the /32-only content of a new entry.
    EXPECT_EQ(pool->GetSize(), 2 * routers);
    RouteOptimizationCache& roc = rocs.front();
    const RocEntry* e = roc.Lookup(Ipv4Address("10.128.5.9"));
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->crHomeAddress, Ipv4Address("10.0.0.6"));
    EXPECT_EQ(e->prefixes.size(), 2u);
    EXPECT_EQ(roc.GetMaterializedCount(), 1u);
    EXPECT_EQ(roc.Find(Ipv4Address("10.0.0.6")), e);
    // A ForEach that changes nothing leaves the entries as content.
    roc.ForEach([](RocEntry&) {});
    EXPECT_EQ(roc.GetMaterializedCount(), 1u);
    EXPECT_EQ(State(roc), State(rocs.back()));
}

TEST(RocContentPool, HomeAddressClaimedByAnotherRouter)
{
    // A home address /32 is routed through its entry while only its router claims it
    // (nothing stored); another router's valid claim of it is the later one and wins, and
    // the claims go back and forth as in any other prefix.
    const Ipv4Address h("192.0.2.1");
    const Ipv4Address y("192.0.2.2");
    const MipPrefix hostH{h, 32};
    RouteOptimizationCache roc;
    roc.Insert(h);
    roc.Insert(y);
    EXPECT_EQ(roc.GetRoutedPrefixCount(), 2u);
    EXPECT_EQ(roc.Lookup(h)->crHomeAddress, h);
    roc.SetPrefix(y, hostH, "", true);
    EXPECT_EQ(roc.Lookup(h)->crHomeAddress, y);
    EXPECT_EQ(roc.GetRoutedPrefixCount(), 2u);
    roc.RemovePrefix(y, hostH);
    EXPECT_EQ(roc.Lookup(h)->crHomeAddress, h);
    roc.SetPrefix(y, hostH, "", true);
    EXPECT_TRUE(roc.Remove(h));
    EXPECT_EQ(roc.Lookup(h)->crHomeAddress, y);
    EXPECT_EQ(roc.GetRoutedPrefixCount(), 2u);
    roc.Insert(h);
    EXPECT_EQ(roc.Lookup(h)->crHomeAddress, h);
    EXPECT_TRUE(roc.Remove(y));
    EXPECT_EQ(roc.Lookup(h)->crHomeAddress, h);
    EXPECT_EQ(roc.Lookup(y), nullptr);
    EXPECT_EQ(roc.GetRoutedPrefixCount(), 1u);
    // Claimed by y before h exists, then by h: h's claim is the later one.
    roc.SetPrefix(y, MipPrefix{Ipv4Address("192.0.2.9"), 32}, "", true);
    roc.Insert(Ipv4Address("192.0.2.9"));
    EXPECT_EQ(roc.Lookup(Ipv4Address("192.0.2.9"))->crHomeAddress, Ipv4Address("192.0.2.9"));
    EXPECT_TRUE(roc.Remove(Ipv4Address("192.0.2.9")));
    EXPECT_EQ(roc.Lookup(Ipv4Address("192.0.2.9"))->crHomeAddress, y);
}

TEST(RocContentPool, ValidateAgreesWithDecode)
{
    // Message parsing checks extension 50 with Validate() (nothing built) and the router
    // decodes it once: both must accept and refuse the same octets, for the same reason.
    PrefixAdvertisementExtension adv;
    adv.AddMobileRouter(Ipv4Address("10.0.0.1"));
    adv.AddPrefix(Ipv4Address("10.128.1.0"), 24, "a.example");
    adv.AddPrefix(Ipv4Address("10.128.2.0"), 24, "b.a.example");
    adv.AddMobileRouter(Ipv4Address("10.0.0.2"), AdvertisedMobileRouter::INFO_OUTBOUND_ONLY);
    adv.AddPrefix(Ipv4Address("10.128.3.0"), 24, "a.example");
    const MipExtension good = adv.ToExtension();
    std::mt19937 rng(50);
    int refused = 0;
    for (int i = 0; i < 5000; ++i)
    {
        MipExtension e = good;
        for (int flips = 1 + rng() % 3; flips > 0; --flips)
        {
            e.data[rng() % e.data.size()] ^= uint8_t(1u << (rng() % 8));
        }
        if (rng() % 4 == 0)
        {
            e.data.resize(rng() % e.data.size());
        }
        PrefixAdvertisementDecodeResult decoded = PrefixAdvertisementExtension::Decode(e);
        ASSERT_EQ(PrefixAdvertisementExtension::Validate(e), decoded.error) << "input " << i;
        ASSERT_EQ(decoded.extension.has_value(), decoded.error == PrefixAdvertisementError::NONE);
        refused += decoded.error != PrefixAdvertisementError::NONE;
    }
    EXPECT_GT(refused, 100); // the mutations reach the error paths
    EXPECT_EQ(PrefixAdvertisementExtension::Validate(good), PrefixAdvertisementError::NONE);
}

namespace
{

/// \param roc a cache \param d a destination \return the home address of the entry that
/// Lookup(d) must return by definition (0.0.0.0: none): the owner of the longest valid
/// prefix containing d among every entry's prefixes and home address /32, none when that
/// prefix is in conflict, its latest claim when several routers claim it
Ipv4Address
RouteByDefinition(const RouteOptimizationCache& roc, Ipv4Address d)
{
    std::optional<MipPrefix> best;
    auto consider = [&best, d](const MipPrefix& p) {
        uint32_t mask = MipPrefix::MaskOf(p.length);
        if ((d.Get() & mask) == (p.network.Get() & mask) && (!best || p.length > best->length))
        {
            best = MipPrefix{Ipv4Address(p.network.Get() & mask), p.length};
        }
    };
    roc.ForEach([&consider](const RocEntry& e) {
        consider(MipPrefix{e.crHomeAddress, MipPrefix::MAX_LENGTH});
        for (const RocPrefix& p : e.prefixes)
        {
            if (p.valid)
            {
                consider(p.prefix);
            }
        }
    });
    if (!best || roc.IsConflicting(*best))
    {
        return Ipv4Address::GetZero();
    }
    std::vector<Ipv4Address> claims = roc.GetClaimants(*best);
    return claims.empty() ? best->network : claims.back(); // empty: a home address alone
}

} // namespace

TEST(RocContentPool, LookupFollowsTheDefinitionAfterEveryChange)
{
    // The cache remembers its last look-up: after every change, looking the same
    // destinations up again (the remembered one first) gives the route by definition.
    std::mt19937 rng(1409);
    for (int round = 0; round < 100; ++round)
    {
        RouteOptimizationCache roc;
        std::vector<Ipv4Address> destinations(std::begin(HOMES), std::end(HOMES));
        for (int i = 0; i < 12; ++i)
        {
            MipPrefix p = RandomPrefix(rng);
            destinations.emplace_back(p.network.Get() + rng() % 4);
        }
        for (int step = 0; step < 16; ++step)
        {
            Ipv4Address home = HOMES[rng() % 4];
            MipPrefix p = RandomPrefix(rng);
            switch (rng() % 5)
            {
            case 0:
            case 1:
                roc.ApplyAdvertisement(RandomAdvertisement(rng));
                break;
            case 2:
                roc.Remove(home, rng() % 2);
                break;
            case 3:
                roc.RemovePrefix(home, p);
                break;
            default:
                roc.SetPrefix(home, p, "", rng() % 2);
                break;
            }
            for (int again = 0; again < 2; ++again)
            {
                for (Ipv4Address d : destinations)
                {
                    const RocEntry* e = roc.Lookup(d);
                    ASSERT_EQ(e != nullptr ? e->crHomeAddress : Ipv4Address::GetZero(),
                              RouteByDefinition(roc, d))
                        << "round " << round << " step " << step << " destination " << d;
                }
                std::reverse(destinations.begin(), destinations.end());
            }
        }
    }
}
