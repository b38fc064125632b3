/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * CorrespondentKeys (RFC 6521 sections 3.2.1-3.2.3, notes 1.5.2 and 1.6, C1-C4): Kcr,
 * lazily generated indexed nonces, nonce lifetime, token recipes, reproducibility.
 */
#include "ns3/correspondent-keys.h"
#include "ns3/return-routability-keys.h"

#include <gtest/gtest.h>
#include <set>

using namespace ns3;

namespace
{

const Ipv4Address HOA("10.0.0.1");
const Ipv4Address COA("192.0.2.7");

/// \param stream stream number \return a uniform random variable on that stream
Ptr<UniformRandomVariable>
Stream(int64_t stream)
{
    Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
    rng->SetStream(stream);
    return rng;
}

} // namespace

TEST(CorrespondentKeys, KcrIsSixteenOctetsAndStable)
{
    CorrespondentKeys keys;
    keys.SetRandomStream(Stream(11));
    MipBytes kcr = keys.GetKcr();
    EXPECT_EQ(kcr.size(), ReturnRoutabilityKeys::KCR_SIZE);
    EXPECT_EQ(keys.GetKcr(), kcr);
    keys.MakeHomeToken(HOA, Seconds(1));
    keys.MakeCareOfToken(COA, Seconds(100));
    EXPECT_EQ(keys.GetKcr(), kcr);
    EXPECT_NE(kcr, MipBytes(16, 0));
}

TEST(CorrespondentKeys, TokensFollowTheRecipes)
{
    CorrespondentKeys keys;
    keys.SetRandomStream(Stream(12));
    EXPECT_FALSE(keys.GetCurrentNonceIndex().has_value());
    auto home = keys.MakeHomeToken(HOA, Seconds(5));
    auto careOf = keys.MakeCareOfToken(COA, Seconds(6));
    EXPECT_EQ(home.nonceIndex, 1);
    EXPECT_EQ(careOf.nonceIndex, 1);
    ASSERT_TRUE(keys.GetNonce(1).has_value());
    uint64_t nonce = *keys.GetNonce(1);
    const MipBytes& kcr = keys.GetKcr();
    EXPECT_EQ(home.token, ReturnRoutabilityKeys::HomeKeygenToken(kcr, HOA, nonce));
    EXPECT_EQ(careOf.token, ReturnRoutabilityKeys::CareOfKeygenToken(kcr, COA, nonce));
    EXPECT_EQ(home.token.size(), ReturnRoutabilityKeys::TOKEN_SIZE);
    EXPECT_NE(home.token, careOf.token);

    // Recomputation (no per-MR state).
    EXPECT_EQ(keys.HomeToken(1, HOA, Seconds(100)), home.token);
    EXPECT_EQ(keys.CareOfToken(1, COA, Seconds(100)), careOf.token);
    EXPECT_NE(keys.CareOfToken(1, Ipv4Address("192.0.2.8"), Seconds(100)), careOf.token);
    EXPECT_EQ(*keys.GetNonceFirstUse(1), Seconds(5));
}

TEST(CorrespondentKeys, NewNonceEveryInterval)
{
    CorrespondentKeys keys;
    keys.SetRandomStream(Stream(13));
    EXPECT_EQ(keys.GetNonceInterval(), Seconds(30));
    EXPECT_EQ(keys.MakeHomeToken(HOA, Seconds(0)).nonceIndex, 1);
    EXPECT_EQ(keys.MakeCareOfToken(COA, Seconds(29.999)).nonceIndex, 1);
    EXPECT_EQ(keys.MakeHomeToken(HOA, Seconds(30)).nonceIndex, 2);
    EXPECT_EQ(keys.MakeHomeToken(HOA, Seconds(59)).nonceIndex, 2);
    ASSERT_TRUE(keys.GetNonce(1).has_value());
    ASSERT_TRUE(keys.GetNonce(2).has_value());
    const uint64_t nonce2 = *keys.GetNonce(2);
    EXPECT_NE(*keys.GetNonce(1), nonce2);
    // Nothing happens while idle: the next request gets the next index.
    EXPECT_EQ(keys.MakeHomeToken(HOA, Seconds(1000)).nonceIndex, 3);
    EXPECT_EQ(*keys.GetCurrentNonceIndex(), 3);
    ASSERT_TRUE(keys.GetNonce(3).has_value());
    EXPECT_NE(*keys.GetNonce(3), nonce2);
    // Nonces 1 and 2 were forgotten (older than 240 s at the time nonce 3 was made).
    EXPECT_EQ(keys.GetNonceCount(), 1u);
    EXPECT_FALSE(keys.GetNonce(1).has_value());

    // With continuous use, at most 240/30 + 1 nonces are kept.
    for (int t = 1000; t <= 2000; t += 10)
    {
        keys.MakeHomeToken(HOA, Seconds(t));
        EXPECT_LE(keys.GetNonceCount(), 9u);
    }
    EXPECT_EQ(keys.GetNonceCount(), 9u);

    // A shorter interval is allowed, a longer one would break MAX_TOKEN_LIFETIME.
    keys.SetNonceInterval(Seconds(10));
    EXPECT_EQ(keys.GetNonceInterval(), Seconds(10));
    EXPECT_DEATH(keys.SetNonceInterval(Seconds(31)), "");
}

TEST(CorrespondentKeys, NonceLifetime)
{
    CorrespondentKeys keys;
    keys.SetRandomStream(Stream(14));
    const Time first = Seconds(10);
    auto home = keys.MakeHomeToken(HOA, first);
    uint16_t idx = home.nonceIndex;
    const Time maxNonce = Seconds(ReturnRoutabilityKeys::MAX_NONCE_LIFETIME);
    EXPECT_EQ(keys.CheckNonce(idx, first), CorrespondentKeys::NonceStatus::VALID);
    EXPECT_EQ(keys.CheckNonce(idx, first + maxNonce), CorrespondentKeys::NonceStatus::VALID);
    EXPECT_EQ(keys.CheckNonce(idx, first + maxNonce + NanoSeconds(1)),
              CorrespondentKeys::NonceStatus::EXPIRED);
    EXPECT_EQ(keys.HomeToken(idx, HOA, first + maxNonce), home.token);
    EXPECT_FALSE(keys.HomeToken(idx, HOA, first + maxNonce + NanoSeconds(1)).has_value());
    EXPECT_FALSE(keys.CareOfToken(idx, COA, first + maxNonce + NanoSeconds(1)).has_value());

    // Token made 29 s after the nonce's first use: still accepted MAX_TOKEN_LIFETIME later.
    auto late = keys.MakeCareOfToken(COA, first + Seconds(29));
    EXPECT_EQ(late.nonceIndex, idx);
    const Time made = first + Seconds(29);
    const Time maxToken = Seconds(ReturnRoutabilityKeys::MAX_TOKEN_LIFETIME);
    EXPECT_EQ(keys.CheckNonce(idx, made + maxToken), CorrespondentKeys::NonceStatus::VALID);
    EXPECT_EQ(keys.CareOfToken(idx, COA, made + maxToken), late.token);

    // Still valid after newer nonces were generated, as long as within 240 s.
    for (int t = 40; t <= 250; t += 30)
    {
        keys.MakeHomeToken(HOA, Seconds(t));
    }
    EXPECT_NE(*keys.GetCurrentNonceIndex(), idx);
    EXPECT_EQ(keys.CheckNonce(idx, Seconds(250)), CorrespondentKeys::NonceStatus::VALID);
    EXPECT_EQ(keys.HomeToken(idx, HOA, Seconds(250)), home.token);
}

TEST(CorrespondentKeys, UnknownOrZeroIndexExpired)
{
    CorrespondentKeys keys;
    keys.SetRandomStream(Stream(15));
    EXPECT_EQ(keys.CheckNonce(1, Seconds(0)), CorrespondentKeys::NonceStatus::EXPIRED);
    EXPECT_FALSE(keys.HomeToken(1, HOA, Seconds(0)).has_value());
    keys.MakeHomeToken(HOA, Seconds(0));
    EXPECT_EQ(keys.CheckNonce(0, Seconds(0)), CorrespondentKeys::NonceStatus::EXPIRED);
    EXPECT_EQ(keys.CheckNonce(2, Seconds(0)), CorrespondentKeys::NonceStatus::EXPIRED);
    EXPECT_EQ(keys.CheckNonce(65535, Seconds(0)), CorrespondentKeys::NonceStatus::EXPIRED);
    EXPECT_FALSE(keys.HomeToken(0, HOA, Seconds(0)).has_value());
    EXPECT_FALSE(keys.CareOfToken(7, COA, Seconds(0)).has_value());
    EXPECT_FALSE(keys.GetNonce(0).has_value());
}

TEST(CorrespondentKeys, SameStreamSameKeys)
{
    auto run = [](int64_t stream) {
        CorrespondentKeys keys;
        keys.SetRandomStream(Stream(stream));
        std::vector<uint64_t> nonces;
        for (int t = 0; t < 300; t += 30)
        {
            keys.MakeHomeToken(HOA, Seconds(t));
            nonces.push_back(*keys.GetNonce(*keys.GetCurrentNonceIndex()));
        }
        return std::make_pair(keys.GetKcr(), nonces);
    };
    auto a = run(21);
    // Unrelated draws on other streams in between change nothing.
    Ptr<UniformRandomVariable> other = Stream(99);
    for (int i = 0; i < 10; ++i)
    {
        other->GetValue();
    }
    auto b = run(21);
    EXPECT_EQ(a, b);
    std::set<uint64_t> distinct(a.second.begin(), a.second.end());
    EXPECT_EQ(distinct.size(), a.second.size());

    auto c = run(22);
    EXPECT_NE(a.first, c.first);
    EXPECT_NE(a.second, c.second);
}

TEST(CorrespondentKeys, RandomnessFromTheGivenStreamOnly)
{
    // The keys draw from the stream they are given: afterwards it is further along than
    // a fresh stream with the same number.
    Ptr<UniformRandomVariable> used = Stream(31);
    Ptr<UniformRandomVariable> fresh = Stream(31);
    CorrespondentKeys keys;
    keys.SetRandomStream(used);
    keys.GetKcr();
    keys.MakeHomeToken(HOA, Seconds(0));
    EXPECT_NE(used->GetValue(), fresh->GetValue());

    // Keys without a stream of their own (default variable) take nothing from stream 32,
    // and keys given stream 32 produce what a fresh stream 32 produces.
    Ptr<UniformRandomVariable> shared = Stream(32);
    CorrespondentKeys reference;
    reference.SetRandomStream(Stream(32));
    EXPECT_EQ(CorrespondentKeys().GetKcr().size(), ReturnRoutabilityKeys::KCR_SIZE);
    CorrespondentKeys k2;
    k2.SetRandomStream(shared);
    EXPECT_EQ(k2.GetKcr(), reference.GetKcr());
    EXPECT_EQ(k2.MakeHomeToken(HOA, Seconds(0)).token,
              reference.MakeHomeToken(HOA, Seconds(0)).token);
}
