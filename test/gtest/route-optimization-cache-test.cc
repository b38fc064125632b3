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

#include <gtest/gtest.h>
#include <sstream>
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
    RouteOptimizationCache roc;
    roc.SetPrefix(CR1, P("172.16.0.0", 16), "", true);
    roc.SetPrefix(CR2, P("172.16.5.0", 24), "", true);
    roc.SetPrefix(CR3, P("172.16.5.128", 25), "", false); // not confirmed: not routed
    EXPECT_EQ(roc.GetSize(), 3u);
    EXPECT_EQ(roc.GetRoutedPrefixCount(), 5u); // three /32 plus two valid prefixes

    EXPECT_EQ(roc.Lookup(Ipv4Address("172.16.9.9"))->crHomeAddress, CR1);
    EXPECT_EQ(roc.Lookup(Ipv4Address("172.16.5.1"))->crHomeAddress, CR2);
    EXPECT_EQ(roc.Lookup(Ipv4Address("172.16.5.200"))->crHomeAddress, CR2);
    EXPECT_EQ(roc.Lookup(Ipv4Address("172.17.0.1")), nullptr);
    EXPECT_EQ(roc.Lookup(CR3)->crHomeAddress, CR3);

    // Confirming the /25 routes it; invalidating it again falls back to the /24.
    roc.SetPrefix(CR3, P("172.16.5.128", 25), "", true);
    EXPECT_EQ(roc.Lookup(Ipv4Address("172.16.5.200"))->crHomeAddress, CR3);
    roc.SetPrefix(CR3, P("172.16.5.128", 25), "", false);
    EXPECT_EQ(roc.Lookup(Ipv4Address("172.16.5.200"))->crHomeAddress, CR2);
    EXPECT_TRUE(roc.Find(CR3)->HasPrefix(P("172.16.5.128", 25)));

    // Removing a prefix unroutes it.
    roc.RemovePrefix(CR2, P("172.16.5.0", 24));
    EXPECT_FALSE(roc.Find(CR2)->HasPrefix(P("172.16.5.0", 24)));
    EXPECT_EQ(roc.Lookup(Ipv4Address("172.16.5.1"))->crHomeAddress, CR1);

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

TEST(RouteOptimizationCache, LaterValidClaimWins)
{
    RouteOptimizationCache roc;
    roc.SetPrefix(CR1, P("172.30.0.0", 16), "", true);
    roc.SetPrefix(CR2, P("172.30.0.0", 16), "", true);
    EXPECT_EQ(roc.Lookup(Ipv4Address("172.30.1.1"))->crHomeAddress, CR2);
    roc.SetPrefix(CR3, P("172.30.0.0", 16), "", false); // an invalid claim does not win
    EXPECT_EQ(roc.Lookup(Ipv4Address("172.30.1.1"))->crHomeAddress, CR2);
    roc.SetPrefix(CR1, P("172.30.0.0", 16), "", true); // re-confirmed: now the latest
    EXPECT_EQ(roc.Lookup(Ipv4Address("172.30.1.1"))->crHomeAddress, CR1);
    EXPECT_TRUE(roc.Remove(CR1));
    EXPECT_EQ(roc.Lookup(Ipv4Address("172.30.1.1"))->crHomeAddress, CR2);
    roc.RemovePrefix(CR2, P("172.30.0.0", 16));
    EXPECT_EQ(roc.Lookup(Ipv4Address("172.30.1.1")), nullptr);
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
