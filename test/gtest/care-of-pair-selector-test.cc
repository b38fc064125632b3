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
