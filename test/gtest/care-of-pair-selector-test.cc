/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * CareOfPairSelector (RFC 6521 sections 3.3 and 6.1): the (MR CoA, CR CoA) pair of a direct
 * tunnel in preference order, skipping the pairs that failed, and forgetting failures.
 */
#include "ns3/care-of-pair-selector.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

const Ipv4Address M1("100.64.0.10");
const Ipv4Address M2("100.65.0.10");
const Ipv4Address C1("100.64.0.2");
const Ipv4Address C2("100.65.0.2");

/// \return an entry whose CR listed C1 then C2
RocEntry
Entry()
{
    RocEntry e;
    e.crHomeAddress = Ipv4Address("10.0.0.1");
    e.crCareOfAddresses = {C1, C2};
    return e;
}

} // namespace

TEST(CareOfPairSelector, PreferenceOrderWithoutHistory)
{
    RocEntry e = Entry();
    auto p = CareOfPairSelector::Next(e, {M1, M2});
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->mrCareOf, M1);
    EXPECT_EQ(p->crCareOf, C1);
    EXPECT_EQ(CareOfPairSelector::CorrespondentCareOf(e, M2), C1);
}

TEST(CareOfPairSelector, SkipsFailedPairsCrAddressesFirst)
{
    RocEntry e = Entry();
    CareOfPairSelector::Record(e, {M1, C1}, false);
    auto p = CareOfPairSelector::Next(e, {M1, M2});
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->mrCareOf, M1);
    EXPECT_EQ(p->crCareOf, C2);
    CareOfPairSelector::Record(e, {M1, C2}, false);
    p = CareOfPairSelector::Next(e, {M1, M2});
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->mrCareOf, M2);
    EXPECT_EQ(p->crCareOf, C1);
}

TEST(CareOfPairSelector, WorkingPairsStayCandidates)
{
    RocEntry e = Entry();
    CareOfPairSelector::Record(e, {M1, C1}, true);
    EXPECT_EQ(CareOfPairSelector::CorrespondentCareOf(e, M1), C1);
}

TEST(CareOfPairSelector, AllFailedThenForgotten)
{
    RocEntry e = Entry();
    for (Ipv4Address m : {M1, M2})
    {
        for (Ipv4Address c : {C1, C2})
        {
            CareOfPairSelector::Record(e, {m, c}, false);
        }
    }
    CareOfPairSelector::Record(e, {M2, Ipv4Address("192.0.2.1")}, true);
    EXPECT_FALSE(CareOfPairSelector::Next(e, {M1, M2}).has_value());
    EXPECT_FALSE(CareOfPairSelector::CorrespondentCareOf(e, M1).has_value());
    CareOfPairSelector::ForgetFailures(e);
    EXPECT_EQ(e.natStates.size(), 1u); // the working pair is kept
    auto p = CareOfPairSelector::Next(e, {M1, M2});
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->mrCareOf, M1);
    EXPECT_EQ(p->crCareOf, C1);
}

TEST(CareOfPairSelector, NoAddresses)
{
    RocEntry e = Entry();
    EXPECT_FALSE(CareOfPairSelector::Next(e, {}).has_value());
    e.crCareOfAddresses.clear();
    EXPECT_FALSE(CareOfPairSelector::Next(e, {M1}).has_value());
}

namespace
{

const Ipv4Address PEER_B("10.0.0.2");
const Ipv4Address PEER_C("10.0.0.3");

/// \return two uplinks, M1 (active) and M2, both usable unless told otherwise
std::vector<RoUplink>
Uplinks(bool m1Usable = true, bool m2Usable = true)
{
    return {{M1, nullptr, Ipv4Address("100.64.0.1"), m1Usable},
            {M2, nullptr, Ipv4Address("100.65.0.1"), m2Usable}};
}

/// \return never pending
bool
NonePending(Ipv4Address)
{
    return false;
}

} // namespace

TEST(CareOfPairSelector, ChooseUplinkActiveWithoutSpreading)
{
    RouteOptimizationCache cache;
    auto u = CareOfPairSelector::ChooseUplink(cache,
                                              PEER_B,
                                              Uplinks(),
                                              false,
                                              Ipv4Address::GetZero(),
                                              NonePending);
    ASSERT_TRUE(u.has_value());
    EXPECT_EQ(u->careOf, M1);
    u = CareOfPairSelector::ChooseUplink(cache,
                                         PEER_B,
                                         Uplinks(false, true),
                                         false,
                                         Ipv4Address::GetZero(),
                                         NonePending);
    ASSERT_TRUE(u.has_value());
    EXPECT_EQ(u->careOf, M2); // the first usable one
    EXPECT_FALSE(CareOfPairSelector::ChooseUplink(cache,
                                                  PEER_B,
                                                  Uplinks(false, false),
                                                  false,
                                                  Ipv4Address::GetZero(),
                                                  NonePending)
                     .has_value());
}

TEST(CareOfPairSelector, ChooseUplinkPinnedByProbingWhileUsable)
{
    RouteOptimizationCache cache;
    auto u = CareOfPairSelector::ChooseUplink(cache, PEER_B, Uplinks(), false, M2, NonePending);
    ASSERT_TRUE(u.has_value());
    EXPECT_EQ(u->careOf, M2);
    u = CareOfPairSelector::ChooseUplink(cache,
                                         PEER_B,
                                         Uplinks(true, false),
                                         false,
                                         M2,
                                         NonePending);
    ASSERT_TRUE(u.has_value());
    EXPECT_EQ(u->careOf, M1); // the pinned one is no longer usable
}

TEST(CareOfPairSelector, ChooseUplinkSpreadsPeersOverLeastLoaded)
{
    RouteOptimizationCache cache;
    RocEntry& c = cache.Insert(PEER_C);
    c.mrCareOf = M1;
    c.registeredWithPeer = true;
    cache.Insert(PEER_B);
    // M1 serves C: B gets M2.
    auto u = CareOfPairSelector::ChooseUplink(cache,
                                              PEER_B,
                                              Uplinks(),
                                              true,
                                              Ipv4Address::GetZero(),
                                              NonePending);
    ASSERT_TRUE(u.has_value());
    EXPECT_EQ(u->careOf, M2);
    // C keeps the one in use.
    u = CareOfPairSelector::ChooseUplink(cache,
                                         PEER_C,
                                         Uplinks(),
                                         true,
                                         Ipv4Address::GetZero(),
                                         NonePending);
    ASSERT_TRUE(u.has_value());
    EXPECT_EQ(u->careOf, M1);
    // A registration still pending counts as load too; ties go to the preference order.
    c.registeredWithPeer = false;
    u = CareOfPairSelector::ChooseUplink(cache,
                                         PEER_B,
                                         Uplinks(),
                                         true,
                                         Ipv4Address::GetZero(),
                                         [](Ipv4Address p) { return p == PEER_C; });
    ASSERT_TRUE(u.has_value());
    EXPECT_EQ(u->careOf, M2);
    u = CareOfPairSelector::ChooseUplink(cache,
                                         PEER_B,
                                         Uplinks(),
                                         true,
                                         Ipv4Address::GetZero(),
                                         NonePending);
    ASSERT_TRUE(u.has_value());
    EXPECT_EQ(u->careOf, M1);
}

TEST(CareOfPairSelector, OwnCareOfsCurrentFirst)
{
    EXPECT_EQ(CareOfPairSelector::OwnCareOfs(M2, Uplinks()), (std::vector<Ipv4Address>{M2, M1}));
    EXPECT_EQ(CareOfPairSelector::OwnCareOfs(M2, Uplinks(true, false)),
              (std::vector<Ipv4Address>{M1}));
    EXPECT_EQ(CareOfPairSelector::OwnCareOfs(Ipv4Address("192.0.2.9"), Uplinks()),
              (std::vector<Ipv4Address>{M1, M2}));
}

TEST(CareOfPairSelector, MoveBindingKeepsTheHomeToken)
{
    RocEntry e = Entry();
    e.mrCareOf = M1;
    RrRecord& old = e.GetRr(M1);
    old.homeToken = {1, 2, 3, 4, 5, 6, 7, 8};
    old.homeNonceIndex = 7;
    old.homeCookie = 42;
    old.careOfToken = {9, 9, 9, 9, 9, 9, 9, 9};
    CareOfPairSelector::MoveBinding(e, M1, M2);
    EXPECT_EQ(e.mrCareOf, M2);
    const RrRecord* moved = e.FindRr(M2);
    ASSERT_NE(moved, nullptr);
    EXPECT_EQ(moved->homeToken, old.homeToken);
    EXPECT_EQ(moved->homeNonceIndex, std::optional<uint16_t>(7));
    EXPECT_EQ(moved->homeCookie, 42u);
    EXPECT_TRUE(moved->careOfToken.empty()); // the care-of test runs again
}

namespace
{

/// \return the MeasuredRtt margins: 10 % and 2 ms, two samples
RoConfig
Margins()
{
    RoConfig c;
    c.pairProbeSamples = 2;
    c.pairSwitchMargin = 0.1;
    c.pairSwitchMinGain = MilliSeconds(2);
    return c;
}

} // namespace

TEST(CareOfPairSelector, MeasuredBestTakesTheFastestBeyondTheMargin)
{
    CareOfPairRtt current{{M1, C1}, MilliSeconds(80), 5};
    std::vector<CareOfPairRtt> others{{{M1, C2}, MilliSeconds(66), 2},
                                      {{M2, C2}, MilliSeconds(14), 2},
                                      {{M2, C1}, MilliSeconds(68), 3}};
    auto p = CareOfPairSelector::MeasuredBest(current, others, Margins());
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->mrCareOf, M2);
    EXPECT_EQ(p->crCareOf, C2);
}

TEST(CareOfPairSelector, MeasuredBestHysteresisAndSamples)
{
    RoConfig c = Margins();
    CareOfPairRtt current{{M1, C1}, MilliSeconds(40), 5};
    // 2.5 % better: within the margin.
    EXPECT_FALSE(CareOfPairSelector::MeasuredBest(current, {{{M2, C2}, MilliSeconds(39), 9}}, c));
    // 15 % better, but only 1.5 ms: below the absolute gain.
    CareOfPairRtt small{{M1, C1}, MilliSeconds(10), 5};
    EXPECT_FALSE(CareOfPairSelector::MeasuredBest(small, {{{M2, C2}, MicroSeconds(8500), 9}}, c));
    // Much better, but a single sample.
    EXPECT_FALSE(CareOfPairSelector::MeasuredBest(current, {{{M2, C2}, MilliSeconds(5), 1}}, c));
    // The pair in use without enough samples: no comparison.
    CareOfPairRtt fresh{{M1, C1}, MilliSeconds(40), 1};
    EXPECT_FALSE(CareOfPairSelector::MeasuredBest(fresh, {{{M2, C2}, MilliSeconds(5), 4}}, c));
    // The pair in use among the candidates is never "better than itself".
    EXPECT_FALSE(CareOfPairSelector::MeasuredBest(current, {{{M1, C1}, MilliSeconds(5), 4}}, c));
    EXPECT_TRUE(CareOfPairSelector::MeasuredBest(current, {{{M2, C2}, MilliSeconds(30), 2}}, c));
}

TEST(CareOfPairSelector, PreferredCorrespondentCareOf)
{
    RocEntry e = Entry();
    EXPECT_EQ(CareOfPairSelector::CorrespondentCareOf(e, M2, C2), C2);
    CareOfPairSelector::Record(e, {M2, C2}, false);
    EXPECT_EQ(CareOfPairSelector::CorrespondentCareOf(e, M2, C2), C1); // failed: not taken
    EXPECT_EQ(CareOfPairSelector::CorrespondentCareOf(e, M2, Ipv4Address("192.0.2.1")), C1);
}
