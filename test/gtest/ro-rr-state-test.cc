/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * RoRrState (RFC 6521 section 3.2): which keygen tokens a registration needs, RRSTATE
 * transitions, MAX_TOKEN_LIFETIME counted from the Test Init, refusals 201-203.
 */
#include "ns3/mip-registration-reply.h"
#include "ns3/ro-rr-state.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

const Time LIFETIME = Seconds(210);

/// \return a record with both tokens obtained by a round that started at `at`
RrRecord
Active(Time at)
{
    RrRecord rr;
    RoRrState::Begin(rr, RrNeed::BOTH);
    rr.homeToken = MipBytes(8, 0x11);
    rr.careOfToken = MipBytes(8, 0x22);
    rr.homeNonceIndex = 3;
    rr.careOfNonceIndex = 3;
    rr.homeTokenTime = at;
    rr.careOfTokenTime = at;
    RoRrState::Complete(rr);
    return rr;
}

} // namespace

TEST(RoRrState, NoRecordNeedsBoth)
{
    EXPECT_EQ(RoRrState::Need(nullptr, Seconds(1), LIFETIME), RrNeed::BOTH);
    RrRecord fresh;
    EXPECT_EQ(fresh.state, RrState::INACTIVE);
    EXPECT_EQ(RoRrState::Need(&fresh, Seconds(1), LIFETIME), RrNeed::BOTH);
}

TEST(RoRrState, ReusedUntilMaxTokenLifetime)
{
    RrRecord rr = Active(Seconds(5));
    EXPECT_EQ(rr.state, RrState::ACTIVE);
    EXPECT_EQ(rr.krm.size(), 20u);
    EXPECT_EQ(RoRrState::Need(&rr, Seconds(5 + 96), LIFETIME), RrNeed::NONE);
    EXPECT_EQ(RoRrState::Need(&rr, Seconds(5 + 192), LIFETIME), RrNeed::NONE);
    EXPECT_EQ(RoRrState::Need(&rr, Seconds(5) + LIFETIME - NanoSeconds(1), LIFETIME), RrNeed::NONE);
    EXPECT_EQ(RoRrState::Need(&rr, Seconds(5) + LIFETIME, LIFETIME), RrNeed::BOTH);
    // Lifetime 0: never reused.
    EXPECT_EQ(RoRrState::Need(&rr, Seconds(5), Seconds(0)), RrNeed::BOTH);
}

TEST(RoRrState, OnlyTheExpiredToken)
{
    RrRecord rr = Active(Seconds(5));
    rr.careOfTokenTime = Seconds(100); // partial RR after a move
    EXPECT_EQ(RoRrState::Need(&rr, Seconds(250), LIFETIME), RrNeed::HOME);
    rr.careOfToken.clear(); // a new care-of address: its record has the home token only
    EXPECT_EQ(RoRrState::Need(&rr, Seconds(50), LIFETIME), RrNeed::CARE_OF);
}

TEST(RoRrState, BeginKeepsWhatTheRoundDoesNotObtain)
{
    RrRecord rr = Active(Seconds(5));
    RoRrState::Begin(rr, RrNeed::CARE_OF);
    EXPECT_EQ(rr.state, RrState::IN_PROGRESS);
    EXPECT_FALSE(rr.homeToken.empty());
    EXPECT_TRUE(rr.careOfToken.empty());
    EXPECT_FALSE(rr.careOfNonceIndex.has_value());
    EXPECT_TRUE(rr.krm.empty());
}

TEST(RoRrState, RefusalSetsInactiveAndForgetsTheNamedTokens)
{
    for (uint8_t code : {MIP_REPLY_CR_EXPIRED_HOME_NONCE,
                         MIP_REPLY_CR_EXPIRED_CARE_OF_NONCE,
                         MIP_REPLY_CR_EXPIRED_NONCES})
    {
        RrRecord rr = Active(Seconds(5));
        RoRrState::Refused(rr, code);
        EXPECT_EQ(rr.state, RrState::INACTIVE) << int(code);
        EXPECT_TRUE(rr.krm.empty());
        RrNeed expected = code == MIP_REPLY_CR_EXPIRED_HOME_NONCE      ? RrNeed::HOME
                          : code == MIP_REPLY_CR_EXPIRED_CARE_OF_NONCE ? RrNeed::CARE_OF
                                                                       : RrNeed::BOTH;
        EXPECT_EQ(RoRrState::Need(&rr, Seconds(10), LIFETIME), expected) << int(code);
    }
    RrRecord rr = Active(Seconds(5));
    RoRrState::Invalidate(rr);
    EXPECT_EQ(RoRrState::Need(&rr, Seconds(10), LIFETIME), RrNeed::BOTH);
}
