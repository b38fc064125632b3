/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * RouteOptimizationCache (RFC 6521 section 3.1.2, notes 1.5.1 and 1.7.2): entries keyed
 * by CR home address, HoA/32 always valid, longest-prefix match over valid prefixes only,
 * Prefix Advertisement processing (Info=1), the R6 purge protection, ForEach order.
 */
#include "ns3/mip-tunnel.h"
#include "ns3/prefix-advertisement-extension.h"
#include "ns3/route-optimization-cache.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

const Ipv4Address CR1("10.1.0.1");
const Ipv4Address CR2("10.2.0.1");
const Ipv4Address CR3("10.3.0.1");
const Ipv4Address MR_COA("192.0.2.10");

MipPrefix
P(const char* network, uint8_t length)
{
    return MipPrefix{Ipv4Address(network), length};
}

} // namespace

TEST(RouteOptimizationCache, InsertCreatesHomeAddressHostRoute)
{
    RouteOptimizationCache roc;
    EXPECT_EQ(roc.GetSize(), 0u);
    EXPECT_EQ(roc.Find(CR1), nullptr);
    EXPECT_EQ(roc.Lookup(CR1), nullptr);

    RocEntry& e = roc.Insert(CR1);
    EXPECT_EQ(e.crHomeAddress, CR1);
    ASSERT_EQ(e.prefixes.size(), 1u);
    EXPECT_EQ(e.prefixes[0].prefix, P("10.1.0.1", 32));
    EXPECT_TRUE(e.prefixes[0].valid);
    EXPECT_EQ(e.mrCareOf, Ipv4Address::GetZero());
    EXPECT_FALSE(e.outboundOnly);
    EXPECT_FALSE(e.tunnel);
    EXPECT_EQ(roc.GetSize(), 1u);
    EXPECT_EQ(roc.Find(CR1), &e);
    EXPECT_EQ(roc.Lookup(CR1), &e);
    EXPECT_EQ(roc.Lookup(Ipv4Address("10.1.0.2")), nullptr);

    // Inserting again returns the same entry, unchanged.
    e.mrCareOf = MR_COA;
    RocEntry& again = roc.Insert(CR1);
    EXPECT_EQ(&again, &e);
    EXPECT_EQ(again.mrCareOf, MR_COA);
    EXPECT_EQ(roc.GetSize(), 1u);

    // The HoA/32 cannot be invalidated nor removed.
    roc.SetPrefix(CR1, P("10.1.0.1", 32), "r.example", false);
    EXPECT_TRUE(e.IsConfirmed(P("10.1.0.1", 32)));
    EXPECT_EQ(e.prefixes[0].realm, "r.example");
    EXPECT_EQ(roc.Lookup(CR1), &e);
    roc.RemovePrefix(CR1, P("10.1.0.1", 32));
    EXPECT_TRUE(e.HasPrefix(P("10.1.0.1", 32)));
    EXPECT_EQ(roc.Lookup(CR1), &e);

    const RouteOptimizationCache& croc = roc;
    EXPECT_EQ(croc.Find(CR1), &e);
    EXPECT_EQ(croc.Lookup(CR1), &e);
}

TEST(RouteOptimizationCache, LongestMatchOverValidPrefixesOnly)
{
    // Public prefixes (RFC 6521 section 3.3.2: "the standard longest-match rule for
    // routing is in effect"; private ones: OverlappingPrivatePrefixesAreAnError).
    RouteOptimizationCache roc;
    roc.SetPrefix(CR1, P("203.0.0.0", 16), "", true);
    roc.SetPrefix(CR2, P("203.0.5.0", 24), "", true);
    roc.SetPrefix(CR3, P("203.0.5.128", 25), "", false); // not confirmed: not routed
    EXPECT_EQ(roc.GetSize(), 3u);
    EXPECT_EQ(roc.GetRoutedPrefixCount(), 5u); // three /32 plus two valid prefixes

    EXPECT_EQ(roc.Lookup(Ipv4Address("203.0.9.9"))->crHomeAddress, CR1);
    EXPECT_EQ(roc.Lookup(Ipv4Address("203.0.5.1"))->crHomeAddress, CR2);
    EXPECT_EQ(roc.Lookup(Ipv4Address("203.0.5.200"))->crHomeAddress, CR2);
    EXPECT_EQ(roc.Lookup(Ipv4Address("203.1.0.1")), nullptr);
    EXPECT_EQ(roc.Lookup(CR3)->crHomeAddress, CR3);

    // Confirming the /25 routes it; invalidating it again falls back to the /24.
    roc.SetPrefix(CR3, P("203.0.5.128", 25), "", true);
    EXPECT_EQ(roc.Lookup(Ipv4Address("203.0.5.200"))->crHomeAddress, CR3);
    roc.SetPrefix(CR3, P("203.0.5.128", 25), "", false);
    EXPECT_EQ(roc.Lookup(Ipv4Address("203.0.5.200"))->crHomeAddress, CR2);
    EXPECT_TRUE(roc.Find(CR3)->HasPrefix(P("203.0.5.128", 25)));

    // Removing a prefix unroutes it.
    roc.RemovePrefix(CR2, P("203.0.5.0", 24));
    EXPECT_FALSE(roc.Find(CR2)->HasPrefix(P("203.0.5.0", 24)));
    EXPECT_EQ(roc.Lookup(Ipv4Address("203.0.5.1"))->crHomeAddress, CR1);

    // Host bits are ignored.
    roc.SetPrefix(CR2, P("192.168.7.77", 24), "", true);
    EXPECT_TRUE(roc.Find(CR2)->HasPrefix(P("192.168.7.0", 24)));
    EXPECT_TRUE(roc.Find(CR2)->IsConfirmed(P("192.168.7.5", 24)));
    EXPECT_EQ(roc.Lookup(Ipv4Address("192.168.7.1"))->crHomeAddress, CR2);
}

TEST(RouteOptimizationCache, InvalidPrefixesAreNotRouted)
{
    RouteOptimizationCache roc;
    roc.SetPrefix(CR1, P("172.20.0.0", 16), "realm.example", false);
    const RocEntry* e = roc.Find(CR1);
    ASSERT_NE(e, nullptr);
    EXPECT_TRUE(e->HasPrefix(P("172.20.0.0", 16)));
    EXPECT_FALSE(e->IsConfirmed(P("172.20.0.0", 16)));
    EXPECT_EQ(roc.Lookup(Ipv4Address("172.20.1.1")), nullptr);
    EXPECT_EQ(roc.GetRoutedPrefixCount(), 1u); // only the HoA
}

TEST(RouteOptimizationCache, IsConfirmed)
{
    RouteOptimizationCache roc;
    RocEntry& e = roc.Insert(CR1);
    EXPECT_TRUE(e.IsConfirmed(P("10.1.0.1", 32)));
    EXPECT_FALSE(e.IsConfirmed(P("10.1.0.0", 24)));
    EXPECT_FALSE(e.HasPrefix(P("10.1.0.0", 24)));
    roc.SetPrefix(CR1, P("10.1.0.0", 24), "", false);
    EXPECT_TRUE(e.HasPrefix(P("10.1.0.0", 24)));
    EXPECT_FALSE(e.IsConfirmed(P("10.1.0.0", 24)));
    roc.SetPrefix(CR1, P("10.1.0.0", 24), "", true);
    EXPECT_TRUE(e.IsConfirmed(P("10.1.0.0", 24)));
    EXPECT_FALSE(e.IsConfirmed(P("10.1.0.0", 23)));
    // Even if the prefix list were edited by hand, the HoA/32 stays confirmed.
    e.prefixes.clear();
    EXPECT_TRUE(e.IsConfirmed(P("10.1.0.1", 32)));
}

TEST(RouteOptimizationCache, RrRecords)
{
    RocEntry e;
    e.crHomeAddress = CR1;
    EXPECT_EQ(e.FindRr(MR_COA), nullptr);
    RrRecord& r = e.GetRr(MR_COA);
    EXPECT_EQ(r.state, RrState::INACTIVE);
    EXPECT_FALSE(r.homeNonceIndex.has_value());
    r.state = RrState::IN_PROGRESS;
    EXPECT_EQ(e.FindRr(MR_COA), &r);
    EXPECT_EQ(e.FindRr(MR_COA)->state, RrState::IN_PROGRESS);
    EXPECT_EQ(&e.GetRr(MR_COA), &r);
    EXPECT_EQ(e.rr.size(), 1u);

    std::ostringstream os;
    os << RrState::INACTIVE << " " << RrState::IN_PROGRESS << " " << RrState::ACTIVE;
    EXPECT_EQ(os.str(), "INACTIVE IN_PROGRESS ACTIVE");
}

TEST(RouteOptimizationCache, ApplyAdvertisementFromWire)
{
    PrefixAdvertisementExtension sent;
    sent.AddMobileRouter(CR1);
    sent.AddPrefix(Ipv4Address("172.16.1.0"), 24, "one.example");
    sent.AddPrefix(Ipv4Address("172.16.2.0"), 24, "one.example");
    sent.AddMobileRouter(CR2, AdvertisedMobileRouter::INFO_OUTBOUND_ONLY);
    sent.AddPrefix(Ipv4Address("172.16.3.0"), 24, "");
    sent.AddMobileRouter(CR3); // HoA only
    auto decoded = PrefixAdvertisementExtension::FromExtension(sent.ToExtension());
    ASSERT_TRUE(decoded.has_value());
    ASSERT_EQ(*decoded, sent);

    RouteOptimizationCache roc;
    // CR2 had NAT states and an invalid prefix before; the advertisement confirms it.
    RocEntry& cr2 = roc.Insert(CR2);
    cr2.natStates[{MR_COA.Get(), Ipv4Address("198.51.100.1").Get()}] = true;
    roc.SetPrefix(CR2, P("172.16.3.0", 24), "", false);

    std::vector<Ipv4Address> listed = roc.ApplyAdvertisement(*decoded);
    EXPECT_EQ(listed, (std::vector<Ipv4Address>{CR1, CR2, CR3}));
    EXPECT_EQ(roc.GetSize(), 3u);

    const RocEntry* cr1 = roc.Find(CR1);
    ASSERT_NE(cr1, nullptr);
    EXPECT_FALSE(cr1->outboundOnly);
    ASSERT_EQ(cr1->prefixes.size(), 3u);
    EXPECT_EQ(cr1->prefixes[1].prefix, P("172.16.1.0", 24));
    EXPECT_EQ(cr1->prefixes[1].realm, "one.example");
    EXPECT_TRUE(cr1->prefixes[1].valid);
    EXPECT_EQ(cr1->prefixes[2].prefix, P("172.16.2.0", 24));
    EXPECT_TRUE(cr1->IsConfirmed(P("172.16.2.0", 24)));

    EXPECT_TRUE(cr2.outboundOnly);
    EXPECT_TRUE(cr2.IsConfirmed(P("172.16.3.0", 24)));
    ASSERT_EQ(cr2.natStates.size(), 1u);
    EXPECT_FALSE(cr2.natStates.begin()->second);

    const RocEntry* cr3 = roc.Find(CR3);
    ASSERT_NE(cr3, nullptr);
    EXPECT_EQ(cr3->prefixes.size(), 1u);

    EXPECT_EQ(roc.Lookup(Ipv4Address("172.16.1.9"))->crHomeAddress, CR1);
    EXPECT_EQ(roc.Lookup(Ipv4Address("172.16.2.9"))->crHomeAddress, CR1);
    EXPECT_EQ(roc.Lookup(Ipv4Address("172.16.3.9"))->crHomeAddress, CR2);
    EXPECT_EQ(roc.Lookup(CR3)->crHomeAddress, CR3);
    EXPECT_EQ(roc.Lookup(Ipv4Address("172.16.4.9")), nullptr);

    // A later advertisement without Info=1 clears outboundOnly; absent prefixes are kept.
    PrefixAdvertisementExtension later;
    later.AddMobileRouter(CR2);
    std::vector<Ipv4Address> listed2 = roc.ApplyAdvertisement(later);
    EXPECT_EQ(listed2, (std::vector<Ipv4Address>{CR2}));
    EXPECT_FALSE(cr2.outboundOnly);
    EXPECT_TRUE(cr2.IsConfirmed(P("172.16.3.0", 24)));
}

TEST(RouteOptimizationCache, LaterValidClaimWinsForPublicPrefixes)
{
    // A public prefix claimed by two routers (before issue 12 the rule for every prefix;
    // a private one is now a conflict: OverlappingPrivatePrefixesAreAnError).
    RouteOptimizationCache roc;
    roc.SetPrefix(CR1, P("203.30.0.0", 16), "", true);
    roc.SetPrefix(CR2, P("203.30.0.0", 16), "", true);
    EXPECT_EQ(roc.Lookup(Ipv4Address("203.30.1.1"))->crHomeAddress, CR2);
    roc.SetPrefix(CR3, P("203.30.0.0", 16), "", false); // an invalid claim does not win
    EXPECT_EQ(roc.Lookup(Ipv4Address("203.30.1.1"))->crHomeAddress, CR2);
    roc.SetPrefix(CR1, P("203.30.0.0", 16), "", true); // re-confirmed: now the latest
    EXPECT_EQ(roc.Lookup(Ipv4Address("203.30.1.1"))->crHomeAddress, CR1);
    EXPECT_TRUE(roc.Remove(CR1));
    EXPECT_EQ(roc.Lookup(Ipv4Address("203.30.1.1"))->crHomeAddress, CR2);
    roc.RemovePrefix(CR2, P("203.30.0.0", 16));
    EXPECT_EQ(roc.Lookup(Ipv4Address("203.30.1.1")), nullptr);
}

TEST(RouteOptimizationCache, RemoveRefusedWhileRrInProgressWithTunnel)
{
    RouteOptimizationCache roc;
    RocEntry& e = roc.Insert(CR1);
    roc.SetPrefix(CR1, P("172.16.1.0", 24), "", true);
    e.GetRr(MR_COA).state = RrState::IN_PROGRESS;
    e.tunnel = Create<MipTunnel>(MR_COA, Ipv4Address("198.51.100.1"), MipEncapsulation::IP_IN_IP);
    EXPECT_TRUE(e.IsPurgeProtected());
    EXPECT_FALSE(roc.Remove(CR1));
    ASSERT_NE(roc.Find(CR1), nullptr);
    EXPECT_EQ(roc.Lookup(Ipv4Address("172.16.1.1")), &e);

    e.GetRr(MR_COA).state = RrState::ACTIVE;
    EXPECT_FALSE(roc.Remove(CR1));

    // Without a tunnel the entry may go.
    e.tunnel = nullptr;
    EXPECT_FALSE(e.IsPurgeProtected());
    e.tunnel = Create<MipTunnel>(MR_COA, Ipv4Address("198.51.100.1"), MipEncapsulation::GRE);
    e.GetRr(MR_COA).state = RrState::INACTIVE;
    EXPECT_FALSE(e.IsPurgeProtected());
    // A pre-shared KRm means RRSTATE permanently ACTIVE.
    e.staticKrm = MipBytes(20, 0xaa);
    EXPECT_TRUE(e.IsPurgeProtected());
    EXPECT_FALSE(roc.Remove(CR1));

    // force overrides.
    EXPECT_TRUE(roc.Remove(CR1, true));
    EXPECT_EQ(roc.Find(CR1), nullptr);
    EXPECT_EQ(roc.GetSize(), 0u);
    EXPECT_EQ(roc.Lookup(Ipv4Address("172.16.1.1")), nullptr);
    EXPECT_EQ(roc.Lookup(CR1), nullptr);
    EXPECT_EQ(roc.GetRoutedPrefixCount(), 0u);
    EXPECT_FALSE(roc.Remove(CR1, true));

    // IN_PROGRESS without a tunnel: removable.
    RocEntry& e2 = roc.Insert(CR2);
    e2.GetRr(MR_COA).state = RrState::IN_PROGRESS;
    EXPECT_TRUE(roc.Remove(CR2));
}

TEST(RouteOptimizationCache, ForEachInHomeAddressOrder)
{
    RouteOptimizationCache roc;
    const std::vector<Ipv4Address> inserted{Ipv4Address("10.9.0.1"),
                                            Ipv4Address("10.0.0.200"),
                                            Ipv4Address("192.168.0.1"),
                                            Ipv4Address("10.0.0.3"),
                                            Ipv4Address("172.16.0.1")};
    for (const auto& a : inserted)
    {
        roc.Insert(a);
    }
    std::vector<Ipv4Address> seen;
    roc.ForEach([&seen](RocEntry& e) { seen.push_back(e.crHomeAddress); });
    EXPECT_EQ(seen,
              (std::vector<Ipv4Address>{Ipv4Address("10.0.0.3"),
                                        Ipv4Address("10.0.0.200"),
                                        Ipv4Address("10.9.0.1"),
                                        Ipv4Address("172.16.0.1"),
                                        Ipv4Address("192.168.0.1")}));

    // Const version, same order.
    std::vector<Ipv4Address> seenConst;
    const RouteOptimizationCache& croc = roc;
    croc.ForEach([&seenConst](const RocEntry& e) { seenConst.push_back(e.crHomeAddress); });
    EXPECT_EQ(seenConst, seen);

    // The visited entry may remove itself.
    roc.ForEach([&roc](RocEntry& e) {
        if (e.crHomeAddress.Get() < Ipv4Address("172.0.0.0").Get())
        {
            roc.Remove(e.crHomeAddress);
        }
    });
    EXPECT_EQ(roc.GetSize(), 2u);
    EXPECT_NE(roc.Find(Ipv4Address("172.16.0.1")), nullptr);
    EXPECT_NE(roc.Find(Ipv4Address("192.168.0.1")), nullptr);
}

// ---------------------------------------------------------------- issue 10: A7 and item 10

TEST(RouteOptimizationCache, PrefixLongerThan32IsRefusedNotAborted)
{
    // A /33 may come from the wire (a Mobile Network Request at a CR, A7): refused and
    // counted, nothing created, nothing routed; never an abort.
    RouteOptimizationCache roc;
    EXPECT_FALSE(roc.SetPrefix(CR1, P("172.16.0.0", 33), "", true));
    EXPECT_EQ(roc.GetSize(), 0u);
    EXPECT_EQ(roc.GetRoutedPrefixCount(), 0u);
    EXPECT_EQ(roc.GetInvalidPrefixCount(), 1u);

    RocEntry& e = roc.Insert(CR1);
    EXPECT_TRUE(roc.SetPrefix(CR1, P("172.16.0.0", 16), "", true));
    EXPECT_FALSE(roc.SetPrefix(CR1, P("172.16.0.0", 255), "", false));
    roc.RemovePrefix(CR1, P("172.16.0.0", 40));
    EXPECT_EQ(roc.GetInvalidPrefixCount(), 3u);
    EXPECT_EQ(e.prefixes.size(), 2u);
    EXPECT_FALSE(e.HasPrefix(P("172.16.0.0", 33)));
    EXPECT_FALSE(e.IsConfirmed(P("172.16.0.0", 33)));
    EXPECT_FALSE(e.IsConfirmed(P("10.1.0.1", 33))); // not even the HoA
    EXPECT_TRUE(e.IsConfirmed(P("172.16.0.0", 16)));
    EXPECT_EQ(roc.Lookup(Ipv4Address("172.16.9.9")), &e);

    // In an advertisement (the wire parser refuses PLen > 32, a constructed one may not):
    // the /33 is skipped, the prefixes around it are applied.
    PrefixAdvertisementExtension adv;
    adv.AddMobileRouter(CR2);
    adv.AddPrefix(Ipv4Address("172.17.1.0"), 24);
    adv.AddPrefix(Ipv4Address("172.17.2.0"), 33);
    adv.AddPrefix(Ipv4Address("172.17.3.0"), 24);
    EXPECT_EQ(roc.ApplyAdvertisement(adv), (std::vector<Ipv4Address>{CR2}));
    EXPECT_EQ(roc.GetInvalidPrefixCount(), 4u);
    const RocEntry* cr2 = roc.Find(CR2);
    ASSERT_NE(cr2, nullptr);
    ASSERT_EQ(cr2->prefixes.size(), 3u);
    EXPECT_EQ(cr2->prefixes[1].prefix, P("172.17.1.0", 24));
    EXPECT_EQ(cr2->prefixes[2].prefix, P("172.17.3.0", 24));
    EXPECT_EQ(roc.Lookup(Ipv4Address("172.17.3.3")), cr2);
    EXPECT_EQ(roc.Lookup(Ipv4Address("172.17.2.3")), nullptr);
}

TEST(RouteOptimizationCache, ApplyAdvertisementDuplicatesAndHostBits)
{
    RouteOptimizationCache roc;
    roc.SetPrefix(CR1, P("172.16.1.0", 24), "old.example", false);
    PrefixAdvertisementExtension adv;
    adv.AddMobileRouter(CR1);
    adv.AddPrefix(Ipv4Address("172.16.1.77"), 24, "a.example"); // host bits: same prefix
    adv.AddPrefix(Ipv4Address("172.16.2.0"), 24, "b.example");
    adv.AddPrefix(Ipv4Address("172.16.2.0"), 24, "c.example");            // twice: last realm wins
    adv.AddPrefix(CR1, 32, "hoa.example");                                // the HoA/32: realm only
    adv.AddMobileRouter(CR1, AdvertisedMobileRouter::INFO_OUTBOUND_ONLY); // listed again
    adv.AddPrefix(Ipv4Address("172.16.3.0"), 24);
    EXPECT_EQ(roc.ApplyAdvertisement(adv), (std::vector<Ipv4Address>{CR1}));
    const RocEntry* e = roc.Find(CR1);
    ASSERT_NE(e, nullptr);
    ASSERT_EQ(e->prefixes.size(), 4u);
    EXPECT_EQ(e->prefixes[0].prefix, P("10.1.0.1", 32));
    EXPECT_EQ(e->prefixes[0].realm, "hoa.example");
    EXPECT_TRUE(e->prefixes[0].valid);
    EXPECT_EQ(e->prefixes[1].prefix, P("172.16.1.0", 24));
    EXPECT_EQ(e->prefixes[1].realm, "a.example");
    EXPECT_TRUE(e->prefixes[1].valid);
    EXPECT_EQ(e->prefixes[2].realm, "c.example");
    EXPECT_EQ(e->prefixes[3].prefix, P("172.16.3.0", 24));
    EXPECT_TRUE(e->outboundOnly); // the last listing decides
    EXPECT_EQ(roc.GetRoutedPrefixCount(), 4u);
    EXPECT_EQ(roc.GetInvalidPrefixCount(), 0u);
}

namespace
{

/// The pre-issue-10 ApplyAdvertisement, one SetPrefix per prefix: the reference behaviour.
std::vector<Ipv4Address>
ApplyBySetPrefix(RouteOptimizationCache& roc, const PrefixAdvertisementExtension& adv)
{
    std::vector<Ipv4Address> listed;
    for (const AdvertisedMobileRouter& mr : adv.GetEntries())
    {
        RocEntry& e = roc.Insert(mr.homeAddress);
        for (const AdvertisedPrefix& ap : mr.prefixes)
        {
            roc.SetPrefix(mr.homeAddress, MipPrefix{ap.prefix, ap.prefixLength}, ap.realm, true);
        }
        e.outboundOnly = (mr.info == AdvertisedMobileRouter::INFO_OUTBOUND_ONLY);
        if (e.outboundOnly)
        {
            for (auto& kv : e.natStates)
            {
                kv.second = false;
            }
        }
        if (std::find(listed.begin(), listed.end(), mr.homeAddress) == listed.end())
        {
            listed.push_back(mr.homeAddress);
        }
    }
    return listed;
}

/// \return a text dump of everything observable in a cache
std::string
Dump(const RouteOptimizationCache& roc)
{
    std::ostringstream os;
    roc.ForEach([&os](const RocEntry& e) {
        os << e.crHomeAddress << (e.outboundOnly ? " O" : " -");
        for (const RocPrefix& p : e.prefixes)
        {
            os << " " << p.prefix << ":" << p.realm << ":" << p.valid;
        }
        for (const auto& kv : e.natStates)
        {
            os << " nat" << kv.second;
        }
        os << "\n";
    });
    os << "routed " << roc.GetRoutedPrefixCount() << " invalid " << roc.GetInvalidPrefixCount();
    for (uint32_t a = 0; a < 64; ++a)
    {
        // Addresses in and around the prefix pool of the test below.
        const RocEntry* e = roc.Lookup(Ipv4Address(0xac100000u + (a << 6) + a));
        os << " " << (e ? e->crHomeAddress : Ipv4Address::GetZero());
    }
    return os.str();
}

} // namespace

TEST(RouteOptimizationCache, ApplyAdvertisementMatchesOneSetPrefixPerPrefix)
{
    // Random advertisements (overlapping prefixes across routers, repeats, host bits,
    // routers listed twice, prior invalid and valid claims) give exactly the state the
    // straightforward one-SetPrefix-per-prefix processing gives.
    std::mt19937 rng(6521);
    const Ipv4Address routers[] = {CR1, CR2, CR3};
    for (int round = 0; round < 300; ++round)
    {
        RouteOptimizationCache fast;
        RouteOptimizationCache reference;
        for (int k = 0; k < 3; ++k)
        {
            // Prior state, identical in both.
            for (int j = 0; j < 6; ++j)
            {
                Ipv4Address owner = routers[rng() % 3];
                MipPrefix p{Ipv4Address(0xac100000u + (rng() % 4096)), uint8_t(20 + rng() % 13)};
                bool valid = rng() % 2;
                fast.SetPrefix(owner, p, "pre", valid);
                reference.SetPrefix(owner, p, "pre", valid);
                if (rng() % 4 == 0)
                {
                    fast.Find(owner)->natStates[{1, 2}] = true;
                    reference.Find(owner)->natStates[{1, 2}] = true;
                }
            }
            PrefixAdvertisementExtension adv;
            int mrs = 1 + rng() % 4;
            for (int m = 0; m < mrs; ++m)
            {
                adv.AddMobileRouter(routers[rng() % 3],
                                    rng() % 3 == 0 ? AdvertisedMobileRouter::INFO_OUTBOUND_ONLY
                                                   : AdvertisedMobileRouter::INFO_NORMAL);
                int n = rng() % 12;
                for (int j = 0; j < n; ++j)
                {
                    uint8_t len = rng() % 10 == 0 ? 33 : uint8_t(20 + rng() % 13);
                    adv.AddPrefix(Ipv4Address(0xac100000u + (rng() % 4096)),
                                  len,
                                  rng() % 2 ? "x" : "y");
                }
            }
            EXPECT_EQ(fast.ApplyAdvertisement(adv), ApplyBySetPrefix(reference, adv));
            ASSERT_EQ(Dump(fast), Dump(reference)) << "round " << round << " step " << k;
        }
    }
}

TEST(RouteOptimizationCache, ApplyAdvertisementOfTenThousandPrefixes)
{
    // As many prefixes as one extension 50 can carry (correctness only: the cost is in
    // bench/roc-bench.cc, haaro-roc-bench).
    PrefixAdvertisementExtension adv;
    adv.AddMobileRouter(CR1);
    const uint32_t n = 10922;
    for (uint32_t i = 0; i < n; ++i)
    {
        adv.AddPrefix(Ipv4Address(0xac000000u + (i << 2)), 30);
    }
    RouteOptimizationCache roc;
    roc.ApplyAdvertisement(adv);
    roc.ApplyAdvertisement(adv);
    EXPECT_EQ(roc.Find(CR1)->prefixes.size(), n + 1);
    EXPECT_EQ(roc.GetRoutedPrefixCount(), n + 1);
    EXPECT_EQ(roc.Lookup(Ipv4Address(0xac000000u + ((n - 1) << 2) + 3))->crHomeAddress, CR1);
}

namespace
{

/// The conflicts a cache reported, as (owner, prefix) text.
struct ConflictLog
{
    /// \param roc the cache to watch
    explicit ConflictLog(RouteOptimizationCache& roc)
    {
        roc.SetConflictCallback([this](Ipv4Address owner, const MipPrefix& p) {
            std::ostringstream os;
            os << owner << " " << p;
            reported.push_back(os.str());
        });
    }

    std::vector<std::string> reported; //!< in order
};

} // namespace

TEST(RouteOptimizationCache, OverlappingPrivatePrefixesAreAnError)
{
    // RFC 6521 section 3.3.2: "overlapping private addresses SHOULD be considered an error
    // situation": no route optimization towards either prefix (Lookup finds nothing: the
    // traffic stays on the HA path), reported once, the other prefixes unaffected.
    RouteOptimizationCache roc;
    ConflictLog log(roc);
    roc.SetPrefix(CR1, P("10.128.1.0", 24), "", true);
    roc.SetPrefix(CR1, P("10.128.2.0", 24), "", true);
    EXPECT_EQ(roc.Lookup(Ipv4Address("10.128.1.200"))->crHomeAddress, CR1);
    EXPECT_EQ(roc.GetPrefixConflictCount(), 0u);

    roc.SetPrefix(CR2, P("10.128.1.0", 25), "", true); // inside CR1's /24
    EXPECT_TRUE(roc.IsConflicting(P("10.128.1.0", 24)));
    EXPECT_TRUE(roc.IsConflicting(P("10.128.1.0", 25)));
    EXPECT_FALSE(roc.IsConflicting(P("10.128.2.0", 24)));
    EXPECT_EQ(roc.Lookup(Ipv4Address("10.128.1.5")), nullptr);
    EXPECT_EQ(roc.Lookup(Ipv4Address("10.128.1.200")), nullptr); // not the later claim either
    EXPECT_EQ(roc.Lookup(Ipv4Address("10.128.2.9"))->crHomeAddress, CR1);
    EXPECT_EQ(roc.Lookup(CR1)->crHomeAddress, CR1);
    EXPECT_EQ(roc.Lookup(CR2)->crHomeAddress, CR2);
    EXPECT_EQ(roc.GetConflictingPrefixCount(), 2u);
    EXPECT_EQ(roc.GetPrefixConflictCount(), 2u);
    EXPECT_EQ(log.reported,
              (std::vector<std::string>{"10.1.0.1 10.128.1.0/24", "10.2.0.1 10.128.1.0/25"}));
    EXPECT_EQ(roc.GetRoutedPrefixCount(), 3u); // two /32 and 10.128.2.0/24
    // Still listed and confirmed (the HA said so); only not routed.
    EXPECT_TRUE(roc.Find(CR2)->IsConfirmed(P("10.128.1.0", 25)));

    // Confirming again reports nothing new.
    roc.SetPrefix(CR2, P("10.128.1.0", 25), "", true);
    EXPECT_EQ(roc.GetPrefixConflictCount(), 2u);

    // The conflict ends with one of the claims: the other is routed again.
    roc.RemovePrefix(CR2, P("10.128.1.0", 25));
    EXPECT_FALSE(roc.IsConflicting(P("10.128.1.0", 24)));
    EXPECT_EQ(roc.GetConflictingPrefixCount(), 0u);
    EXPECT_EQ(roc.Lookup(Ipv4Address("10.128.1.5"))->crHomeAddress, CR1);
    EXPECT_EQ(roc.GetRoutedPrefixCount(), 4u);
}

TEST(RouteOptimizationCache, SamePrivatePrefixOfTwoRoutersIsAnErrorNotTheLaterClaim)
{
    RouteOptimizationCache roc;
    ConflictLog log(roc);
    roc.SetPrefix(CR1, P("192.168.10.0", 24), "", true);
    roc.SetPrefix(CR2, P("192.168.10.0", 24), "", true);
    EXPECT_EQ(roc.Lookup(Ipv4Address("192.168.10.1")), nullptr);
    EXPECT_EQ(log.reported.size(), 2u);
    // Withdrawn by CR1 (no longer valid): CR2's alone, routed.
    roc.SetPrefix(CR1, P("192.168.10.0", 24), "", false);
    EXPECT_EQ(roc.Lookup(Ipv4Address("192.168.10.1"))->crHomeAddress, CR2);
    // CR2's entry removed, CR1 confirms again: CR1's.
    EXPECT_TRUE(roc.Remove(CR2));
    roc.SetPrefix(CR1, P("192.168.10.0", 24), "", true);
    EXPECT_EQ(roc.Lookup(Ipv4Address("192.168.10.1"))->crHomeAddress, CR1);
    EXPECT_EQ(log.reported.size(), 2u);
}

TEST(RouteOptimizationCache, OverlapsWithinOneRouterOrPublicFollowLongestMatch)
{
    RouteOptimizationCache roc;
    ConflictLog log(roc);
    // One router's own private prefixes may nest.
    roc.SetPrefix(CR1, P("172.20.0.0", 16), "", true);
    roc.SetPrefix(CR1, P("172.20.5.0", 24), "", true);
    // The RFC's own example, public: 192.0.2.128/25 and 192.0.2.128/29 of two routers.
    roc.SetPrefix(CR2, P("192.0.2.128", 25), "", true);
    roc.SetPrefix(CR3, P("192.0.2.128", 29), "", true);
    // A public default route (an Internet gateway, RFC 6521 section 3.1.1) over private
    // prefixes of others: not private address space, so no conflict.
    roc.SetPrefix(CR3, P("0.0.0.0", 0), "", true);
    EXPECT_TRUE(log.reported.empty());
    EXPECT_EQ(roc.Lookup(Ipv4Address("172.20.5.1"))->crHomeAddress, CR1);
    EXPECT_EQ(roc.Lookup(Ipv4Address("192.0.2.130"))->crHomeAddress, CR3);
    EXPECT_EQ(roc.Lookup(Ipv4Address("192.0.2.200"))->crHomeAddress, CR2);
    EXPECT_EQ(roc.Lookup(Ipv4Address("8.8.8.8"))->crHomeAddress, CR3);
    // Two routers' private prefixes conflict: a destination there stays on the HA path,
    // it does not fall through to the default route either.
    roc.SetPrefix(CR2, P("172.20.5.0", 24), "", true);
    EXPECT_EQ(roc.Lookup(Ipv4Address("172.20.5.1")), nullptr);
    EXPECT_EQ(roc.Lookup(Ipv4Address("172.20.9.1")), nullptr); // CR1's /16 conflicts too
    EXPECT_EQ(roc.Lookup(Ipv4Address("8.8.8.8"))->crHomeAddress, CR3);
    EXPECT_EQ(log.reported.size(), 3u); // CR1's /16 and /24, CR2's /24
}

TEST(RouteOptimizationCache, PrivateAggregateOfOneRouterConflictsWithOthersPrefixes)
{
    // "Any aggregation for routes in private address space SHOULD be conducted only at
    // the HA" (RFC 6521 section 3.3.2): a router advertised with 10.0.0.0/8 overlaps the
    // other routers' prefixes; home addresses (host prefixes) keep the longest match.
    PrefixAdvertisementExtension adv;
    adv.AddMobileRouter(CR1);
    adv.AddPrefix(Ipv4Address("10.200.1.0"), 24, "");
    adv.AddMobileRouter(CR3);
    adv.AddPrefix(Ipv4Address("10.0.0.0"), 8, "");
    RouteOptimizationCache roc;
    ConflictLog log(roc);
    roc.ApplyAdvertisement(adv);
    EXPECT_TRUE(roc.IsConflicting(P("10.0.0.0", 8)));
    EXPECT_TRUE(roc.IsConflicting(P("10.200.1.0", 24)));
    EXPECT_FALSE(roc.IsConflicting(P("10.1.0.1", 32)));
    EXPECT_FALSE(roc.IsConflicting(P("10.3.0.1", 32)));
    EXPECT_EQ(roc.Lookup(CR1)->crHomeAddress, CR1);
    EXPECT_EQ(roc.Lookup(CR3)->crHomeAddress, CR3);
    EXPECT_EQ(roc.Lookup(Ipv4Address("10.200.1.1")), nullptr);
    EXPECT_EQ(roc.Lookup(Ipv4Address("10.99.0.1")), nullptr);
    EXPECT_EQ(log.reported.size(), 2u);
    // The HA corrects it (the router removed): everything of CR1 is routed again.
    EXPECT_TRUE(roc.Remove(CR3));
    EXPECT_EQ(roc.GetConflictingPrefixCount(), 0u);
    EXPECT_EQ(roc.Lookup(CR1)->crHomeAddress, CR1);
    EXPECT_EQ(roc.Lookup(Ipv4Address("10.200.1.1"))->crHomeAddress, CR1);
}

TEST(RouteOptimizationCache, IsPrivateIsRfc1918)
{
    EXPECT_TRUE(RouteOptimizationCache::IsPrivate(P("10.0.0.0", 8)));
    EXPECT_TRUE(RouteOptimizationCache::IsPrivate(P("10.255.255.255", 32)));
    EXPECT_TRUE(RouteOptimizationCache::IsPrivate(P("172.16.0.0", 12)));
    EXPECT_TRUE(RouteOptimizationCache::IsPrivate(P("172.31.1.0", 24)));
    EXPECT_TRUE(RouteOptimizationCache::IsPrivate(P("192.168.0.0", 16)));
    EXPECT_FALSE(RouteOptimizationCache::IsPrivate(P("10.0.0.0", 7)));
    EXPECT_FALSE(RouteOptimizationCache::IsPrivate(P("172.32.0.0", 16)));
    EXPECT_FALSE(RouteOptimizationCache::IsPrivate(P("172.16.0.0", 11)));
    EXPECT_FALSE(RouteOptimizationCache::IsPrivate(P("192.0.2.0", 24)));
    EXPECT_FALSE(RouteOptimizationCache::IsPrivate(P("0.0.0.0", 0)));
    EXPECT_FALSE(RouteOptimizationCache::IsPrivate(P("10.0.0.0", 33)));
}
