/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Timestamp Identification and replay protection (RFC 5944 section 5.7): NTP conversion
 * vectors, the mobile router's generator (monotonicity, resynchronisation after code 133),
 * the home agent's window, and mobility security associations.
 */
#include "ns3/mip-identification.h"
#include "ns3/mip-security-association.h"

#include <gtest/gtest.h>
#include <set>

using namespace ns3;

namespace
{

/// NTP seconds of 2026-01-01T00:00:00Z (hand-computed: 126 years of 365 days + 31 leap days).
constexpr uint32_t EPOCH = 3976214400U; // 0xed003780
/// 10 ms as an NTP fraction: floor(0.01 * 2^32).
constexpr uint32_t TEN_MS_FRACTION = 42949672U; // 0x028f5c28
/// One unit of the NTP fraction (2^-32 s).
constexpr uint64_t UNIT = 1;

uint64_t
SecondsUnits(uint32_t s)
{
    return static_cast<uint64_t>(s) << 32;
}

} // namespace

// ---------------------------------------------------------------------------------------
// MipNtpTime

TEST(MipNtpTime, DefaultEpochIs2026)
{
    EXPECT_EQ(MipNtpTime::DEFAULT_EPOCH_SECONDS, EPOCH);
    EXPECT_EQ(EPOCH, 0xed003780U);
    // 1900-01-01 to 2026-01-01: 126 * 365 + 31 leap days (1904..2024, 1900 is not one).
    EXPECT_EQ(uint64_t{EPOCH}, (126ULL * 365 + 31) * 86400);
}

TEST(MipNtpTime, ToNtpVectors)
{
    EXPECT_EQ(MipNtpTime::ToNtp(Seconds(0)), 0xed00378000000000ULL);
    EXPECT_EQ(MipNtpTime::ToNtp(MilliSeconds(1500)), 0xed00378180000000ULL);
    EXPECT_EQ(MipNtpTime::ToNtp(MilliSeconds(250)), 0xed00378040000000ULL);
    EXPECT_EQ(MipNtpTime::ToNtp(MilliSeconds(10)), 0xed003780028f5c28ULL);
    EXPECT_EQ(MipNtpTime::ToNtp(NanoSeconds(1)), 0xed00378000000004ULL); // floor(4.29)
    EXPECT_EQ(MipNtpTime::ToNtp(Seconds(100)), 0xed0037e400000000ULL);
}

TEST(MipNtpTime, ToNtpWithOffsetAndEpoch)
{
    // A clock 3 s slow reads epoch + 7 s at simulation time 10 s.
    EXPECT_EQ(MipNtpTime::ToNtp(Seconds(10), Seconds(-3)), SecondsUnits(EPOCH + 7));
    // Before the epoch: -0.5 s is (epoch - 1) s + 0.5.
    EXPECT_EQ(MipNtpTime::ToNtp(Seconds(0), (Seconds(0) - MilliSeconds(500))),
              0xed00377f80000000ULL);
    EXPECT_EQ(MipNtpTime::ToNtp(Seconds(2), Seconds(0), 100), SecondsUnits(102));
    // 1970-01-01 (NTP 2208988800) as epoch.
    EXPECT_EQ(MipNtpTime::ToNtp(Seconds(1), Seconds(0), 2208988800U), SecondsUnits(2208988801U));
    // The seconds field wraps (NTP era 1).
    EXPECT_EQ(MipNtpTime::ToNtp(Seconds(1), Seconds(0), 0xffffffffU), 0ULL);
    EXPECT_EQ(MipNtpTime::ToTime(0, Seconds(0), 0xffffffffU), Seconds(1));
}

TEST(MipNtpTime, ToTimeVectorsAndRoundTrip)
{
    EXPECT_EQ(MipNtpTime::ToTime(0xed00378180000000ULL), MilliSeconds(1500));
    EXPECT_EQ(MipNtpTime::ToTime(0xed00377f80000000ULL), (Seconds(0) - MilliSeconds(500)));
    EXPECT_EQ(MipNtpTime::ToTime(0xed00378000000004ULL), NanoSeconds(1));
    // A fraction that is not on a nanosecond is rounded up: 1 unit -> 1 ns.
    EXPECT_EQ(MipNtpTime::ToTime(0xed00378000000001ULL), NanoSeconds(1));
    // The reader's offset is subtracted: a clock 2 s fast reads epoch + 3 s at 1 s.
    EXPECT_EQ(MipNtpTime::ToTime(SecondsUnits(EPOCH + 3), Seconds(2)), Seconds(1));

    const Time samples[] = {Seconds(0),
                            NanoSeconds(1),
                            NanoSeconds(999999999),
                            MilliSeconds(123456789),
                            Seconds(0) - NanoSeconds(1),
                            Seconds(-86400) - NanoSeconds(7),
                            NanoSeconds(1234567890123LL)};
    for (const Time& t : samples)
    {
        EXPECT_EQ(MipNtpTime::ToTime(MipNtpTime::ToNtp(t)), t) << t;
        EXPECT_EQ(MipNtpTime::ToTime(MipNtpTime::ToNtp(t, Seconds(-60)), Seconds(-60)), t) << t;
    }
}

TEST(MipNtpTime, FieldsDifferenceAndOrder)
{
    const uint64_t ts = 0x0102030405060708ULL;
    EXPECT_EQ(MipNtpTime::GetSeconds(ts), 0x01020304U);
    EXPECT_EQ(MipNtpTime::GetFraction(ts), 0x05060708U);
    EXPECT_EQ(MipNtpTime::Compose(0x01020304U, 0x05060708U), ts);

    EXPECT_EQ(MipNtpTime::Difference(MipNtpTime::Compose(10, 0x80000000U), SecondsUnits(7)),
              MilliSeconds(3500));
    EXPECT_EQ(MipNtpTime::Difference(SecondsUnits(7), MipNtpTime::Compose(10, 0x80000000U)),
              MilliSeconds(-3500));
    EXPECT_EQ(MipNtpTime::Difference(MipNtpTime::Compose(0, TEN_MS_FRACTION), 0),
              MilliSeconds(10) - NanoSeconds(1)); // the fraction is just below 10 ms

    EXPECT_TRUE(MipNtpTime::IsLater(ts + 1, ts));
    EXPECT_FALSE(MipNtpTime::IsLater(ts, ts));
    EXPECT_FALSE(MipNtpTime::IsLater(ts, ts + 1));
    // Across the era boundary: second 0 of era 1 is later than the last second of era 0.
    EXPECT_TRUE(MipNtpTime::IsLater(MipNtpTime::Compose(0, 5), SecondsUnits(0xffffffffU)));
}

// ---------------------------------------------------------------------------------------
// MipIdentificationGenerator

TEST(MipIdentificationGenerator, NextReadsTheClock)
{
    MipIdentificationGenerator gen;
    EXPECT_FALSE(gen.GetLast().has_value());
    EXPECT_EQ(gen.Next(MilliSeconds(1500)), 0xed00378180000000ULL);
    EXPECT_EQ(gen.Next(Seconds(100)), 0xed0037e400000000ULL);
    EXPECT_EQ(*gen.GetLast(), 0xed0037e400000000ULL);

    MipIdentificationGenerator slow(Seconds(-3));
    EXPECT_EQ(slow.Next(Seconds(10)), SecondsUnits(EPOCH + 7));
    EXPECT_EQ(slow.ReadClock(Seconds(10)), SecondsUnits(EPOCH + 7));
    EXPECT_EQ(slow.GetClockOffset(), Seconds(-3));
    EXPECT_EQ(slow.GetEpochSeconds(), EPOCH);
}

TEST(MipIdentificationGenerator, MonotonicAtTheSameTime)
{
    MipIdentificationGenerator gen;
    const uint64_t first = gen.Next(Seconds(5));
    EXPECT_EQ(first, SecondsUnits(EPOCH + 5));
    for (uint64_t i = 1; i <= 1000; ++i)
    {
        ASSERT_EQ(gen.Next(Seconds(5)), first + i * UNIT);
    }
    // Once the clock passes the incremented values, it is used again.
    EXPECT_EQ(gen.Next(MilliSeconds(5010)), SecondsUnits(EPOCH + 5) + TEN_MS_FRACTION);
}

TEST(MipIdentificationGenerator, MonotonicWhenTheClockJumpsBack)
{
    MipIdentificationGenerator gen;
    const uint64_t x = gen.Next(Seconds(10));
    EXPECT_EQ(x, SecondsUnits(EPOCH + 10));
    gen.SetClockOffset(Seconds(-30)); // the clock now reads simulation time - 30 s
    EXPECT_EQ(gen.Next(Seconds(11)), x + 1);
    EXPECT_EQ(gen.Next(Seconds(39)), x + 2);
    // At 41.01 s the clock reads 11.01 s, later than x + 2 again.
    EXPECT_EQ(gen.Next(MilliSeconds(41010)), SecondsUnits(EPOCH + 11) + TEN_MS_FRACTION);
}

TEST(MipIdentificationGenerator, RandomLowBitsAreReproducibleAndMonotonic)
{
    MipIdentificationGenerator a;
    MipIdentificationGenerator b;
    a.SetRandomLowBits(16);
    b.SetRandomLowBits(16);
    EXPECT_EQ(a.GetRandomLowBits(), 16);
    EXPECT_EQ(a.AssignStreams(42), 1);
    EXPECT_EQ(b.AssignStreams(42), 1);
    std::set<uint32_t> low;
    uint64_t previous = 0;
    for (int i = 0; i < 200; ++i)
    {
        Time now = MilliSeconds(1000 + i); // 1 ms = 4294967 units > 2^16
        uint64_t id = a.Next(now);
        ASSERT_EQ(id, b.Next(now)) << i;
        ASSERT_EQ(id >> 16, MipNtpTime::ToNtp(now) >> 16) << i;
        ASSERT_TRUE(i == 0 || MipNtpTime::IsLater(id, previous)) << i;
        low.insert(static_cast<uint32_t>(id & 0xffff));
        previous = id;
    }
    EXPECT_GT(low.size(), 150u); // random, not a constant
    // Many requests at one instant still increase strictly.
    for (int i = 0; i < 100; ++i)
    {
        uint64_t id = a.Next(MilliSeconds(1199));
        ASSERT_TRUE(MipNtpTime::IsLater(id, previous)) << i;
        previous = id;
    }
}

TEST(MipIdentificationGenerator, AllThirtyTwoLowBitsRandom)
{
    // RFC 5944 section 5.7.1: the fraction bits a clock does not provide SHOULD be random;
    // with all 32 random an off-path attacker cannot guess an outstanding Identification.
    MipIdentificationGenerator gen;
    gen.SetRandomLowBits(32);
    EXPECT_EQ(gen.AssignStreams(7), 1);
    std::set<uint32_t> low;
    uint64_t highHalf = 0;
    uint64_t previous = 0;
    for (int i = 0; i < 1000; ++i)
    {
        Time now = Seconds(1 + i);
        uint64_t id = gen.Next(now);
        ASSERT_EQ(MipNtpTime::GetSeconds(id), MipNtpTime::GetSeconds(MipNtpTime::ToNtp(now))) << i;
        ASSERT_TRUE(i == 0 || MipNtpTime::IsLater(id, previous)) << i;
        low.insert(MipIdentificationGenerator::LowBits(id));
        highHalf += (MipIdentificationGenerator::LowBits(id) >> 31) & 1;
        previous = id;
    }
    EXPECT_EQ(low.size(), 1000u); // no repeats
    EXPECT_GT(highHalf, 430u);    // the top fraction bit is set about half the time
    EXPECT_LT(highHalf, 570u);
    EXPECT_EQ(low.count(0), 0u); // not the clock's fraction at whole seconds
}

TEST(MipIdentificationGenerator, RandomLowBitsDependOnTheStream)
{
    auto first = [](int64_t stream) {
        MipIdentificationGenerator gen;
        gen.SetRandomLowBits(32);
        gen.AssignStreams(stream);
        return gen.Next(Seconds(1));
    };
    EXPECT_EQ(first(3), first(3)); // reproducible
    EXPECT_NE(MipIdentificationGenerator::LowBits(first(3)),
              MipIdentificationGenerator::LowBits(first(4)));
}

TEST(MipIdentificationGenerator, SameInstantStaysRandomAndIncreasing)
{
    // Several uplinks register at one instant: each value is greater than the previous one
    // and still random (uniform over the rest of the second), not previous + 1; when the
    // second is used up the values go on in the next one.
    MipIdentificationGenerator gen;
    gen.SetRandomLowBits(32);
    gen.AssignStreams(11);
    uint64_t previous = gen.Next(Seconds(5));
    int plusOne = 0;
    for (int i = 0; i < 300; ++i)
    {
        uint64_t id = gen.Next(Seconds(5));
        ASSERT_TRUE(MipNtpTime::IsLater(id, previous)) << i;
        ASSERT_LE(MipNtpTime::Difference(id, MipNtpTime::ToNtp(Seconds(5))), Seconds(20)) << i;
        plusOne += id == previous + 1;
        previous = id;
    }
    // previous + 1 only near the end of a second (about one draw in 20): each value is
    // uniform over what is left of it, so the room halves on average with every draw.
    EXPECT_LT(plusOne, 30);
    // The floor's second: values above it, below its end, random.
    MipIdentificationGenerator three;
    three.SetRandomLowBits(32);
    three.AssignStreams(12);
    uint64_t a = three.Next(Seconds(9));
    uint64_t b = three.Next(Seconds(9));
    uint64_t c = three.Next(Seconds(9));
    EXPECT_TRUE(MipNtpTime::IsLater(b, a));
    EXPECT_TRUE(MipNtpTime::IsLater(c, b));
    EXPECT_NE(b, a + 1);
}

TEST(MipIdentificationGenerator, ResynchronisesWithRandomBits)
{
    MipIdentificationGenerator mr(Seconds(-60));
    mr.SetRandomLowBits(32);
    mr.AssignStreams(5);
    MipReplayProtector ha;
    uint64_t request = mr.Next(Seconds(100));
    ASSERT_EQ(ha.Check(request, Seconds(100)), MipReplayResult::REJECT_OUT_OF_WINDOW);
    uint64_t reply = ha.MakeMismatchIdentification(request, Seconds(100));
    ASSERT_TRUE(mr.Resynchronize(reply, Seconds(100)));
    uint64_t retry = mr.Next(Seconds(101));
    EXPECT_EQ(ha.Check(retry, Seconds(101)), MipReplayResult::ACCEPT);
    EXPECT_NE(MipIdentificationGenerator::LowBits(retry),
              MipIdentificationGenerator::LowBits(request));
}

TEST(MipIdentificationGenerator, LowBitsAndReplyMatching)
{
    EXPECT_EQ(MipIdentificationGenerator::LowBits(0x0102030405060708ULL), 0x05060708U);
    EXPECT_TRUE(
        MipIdentificationGenerator::MatchesRequest(0xaaaaaaaa05060708ULL, 0x0102030405060708ULL));
    EXPECT_FALSE(
        MipIdentificationGenerator::MatchesRequest(0x0102030405060709ULL, 0x0102030405060708ULL));
}

TEST(MipIdentificationResync, SlowRouterIsRejectedThenResynchronises)
{
    MipIdentificationGenerator mr(Seconds(-60)); // clock 60 s slow
    MipReplayProtector ha;
    const Time t = Seconds(100);

    const uint64_t request = mr.Next(t);
    EXPECT_EQ(request, SecondsUnits(EPOCH + 40));
    EXPECT_EQ(ha.Check(request, t), MipReplayResult::REJECT_OUT_OF_WINDOW);

    const uint64_t reply = ha.MakeMismatchIdentification(request, t);
    EXPECT_EQ(reply, SecondsUnits(EPOCH + 100) | MipIdentificationGenerator::LowBits(request));
    ASSERT_TRUE(MipIdentificationGenerator::MatchesRequest(reply, request));

    // Reply received 10 ms later; next request 10 ms after that.
    ASSERT_TRUE(mr.Resynchronize(reply, t + MilliSeconds(10)));
    EXPECT_EQ(mr.GetClockOffset(), (Seconds(0) - MilliSeconds(10)));
    const uint64_t next = mr.Next(t + MilliSeconds(20));
    EXPECT_EQ(next, SecondsUnits(EPOCH + 100) + TEN_MS_FRACTION);
    EXPECT_EQ(ha.Check(next, t + MilliSeconds(20)), MipReplayResult::ACCEPT);
}

TEST(MipIdentificationResync, FastRouterIsRejectedThenResynchronises)
{
    MipIdentificationGenerator mr(Seconds(60)); // clock 60 s fast
    MipReplayProtector ha;
    const Time t = Seconds(100);

    const uint64_t request = mr.Next(t);
    EXPECT_EQ(request, SecondsUnits(EPOCH + 160));
    EXPECT_EQ(ha.Check(request, t), MipReplayResult::REJECT_OUT_OF_WINDOW);

    const uint64_t reply = ha.MakeMismatchIdentification(request, t);
    ASSERT_TRUE(mr.Resynchronize(reply, t + MilliSeconds(10)));
    const uint64_t next = mr.Next(t + MilliSeconds(20));
    // Below the rejected request: the home agent's clock wins.
    EXPECT_EQ(next, SecondsUnits(EPOCH + 100) + TEN_MS_FRACTION);
    EXPECT_EQ(ha.Check(next, t + MilliSeconds(20)), MipReplayResult::ACCEPT);
    ha.Accept(next);
    // Monotonic again afterwards.
    EXPECT_EQ(mr.Next(t + MilliSeconds(20)), next + 1);
    EXPECT_EQ(ha.Check(next + 1, t + MilliSeconds(20)), MipReplayResult::ACCEPT);
}

TEST(MipIdentificationResync, IgnoresRepliesThatDoNotMatch)
{
    MipIdentificationGenerator mr(Seconds(-60));
    EXPECT_FALSE(mr.Resynchronize(SecondsUnits(EPOCH + 100), Seconds(100))); // no request yet
    const uint64_t request = mr.Next(MilliSeconds(100500));                  // fraction 0x80000000
    EXPECT_FALSE(mr.Resynchronize(SecondsUnits(EPOCH + 100) | 0x7fffffffU, Seconds(100)));
    EXPECT_EQ(mr.GetClockOffset(), Seconds(-60));
    EXPECT_EQ(mr.Next(MilliSeconds(100500)), request + 1);
}

// ---------------------------------------------------------------------------------------
// MipReplayProtector

TEST(MipReplayProtector, WindowEdgesInBothDirections)
{
    const Time now = Seconds(1000);
    MipReplayProtector ha;
    EXPECT_EQ(ha.GetTolerance(), Seconds(7));
    const uint64_t clock = ha.ReadClock(now);
    EXPECT_EQ(clock, SecondsUnits(EPOCH + 1000));
    const uint64_t seven = SecondsUnits(7);

    EXPECT_EQ(ha.Check(clock, now), MipReplayResult::ACCEPT);
    EXPECT_EQ(ha.Check(clock + seven, now), MipReplayResult::ACCEPT);
    EXPECT_EQ(ha.Check(clock + seven + 1, now), MipReplayResult::REJECT_OUT_OF_WINDOW);
    EXPECT_EQ(ha.Check(clock - seven, now), MipReplayResult::ACCEPT);
    EXPECT_EQ(ha.Check(clock - seven - 1, now), MipReplayResult::REJECT_OUT_OF_WINDOW);
    EXPECT_EQ(ha.Check(clock + SecondsUnits(60), now), MipReplayResult::REJECT_OUT_OF_WINDOW);
    EXPECT_EQ(ha.Check(clock - SecondsUnits(60), now), MipReplayResult::REJECT_OUT_OF_WINDOW);

    ha.SetTolerance(Seconds(4));
    EXPECT_EQ(ha.Check(clock + SecondsUnits(5), now), MipReplayResult::REJECT_OUT_OF_WINDOW);
    EXPECT_EQ(ha.Check(clock - SecondsUnits(4), now), MipReplayResult::ACCEPT);
}

TEST(MipReplayProtector, HomeAgentClockOffset)
{
    MipReplayProtector ha(Seconds(7), Seconds(-20)); // the HA's clock is 20 s slow
    EXPECT_EQ(ha.GetClockOffset(), Seconds(-20));
    EXPECT_EQ(ha.Check(SecondsUnits(EPOCH + 80), Seconds(100)), MipReplayResult::ACCEPT);
    EXPECT_EQ(ha.Check(SecondsUnits(EPOCH + 100), Seconds(100)),
              MipReplayResult::REJECT_OUT_OF_WINDOW);
}

TEST(MipReplayProtector, NotIncreasingAndDuplicate)
{
    const Time now = Seconds(50);
    MipReplayProtector ha;
    const uint64_t id = ha.ReadClock(now) + 12345;
    EXPECT_FALSE(ha.GetLastAccepted().has_value());
    EXPECT_FALSE(ha.IsDuplicateOfLastAccepted(id));

    // Check() records nothing.
    EXPECT_EQ(ha.Check(id, now), MipReplayResult::ACCEPT);
    EXPECT_EQ(ha.Check(id, now), MipReplayResult::ACCEPT);
    ha.Accept(id);
    EXPECT_EQ(*ha.GetLastAccepted(), id);

    EXPECT_EQ(ha.Check(id, now), MipReplayResult::REJECT_NOT_INCREASING);
    EXPECT_TRUE(ha.IsDuplicateOfLastAccepted(id));
    EXPECT_EQ(ha.Check(id - 1, now), MipReplayResult::REJECT_NOT_INCREASING);
    EXPECT_FALSE(ha.IsDuplicateOfLastAccepted(id - 1));
    EXPECT_EQ(ha.Check(id + 1, now), MipReplayResult::ACCEPT);
    EXPECT_FALSE(ha.IsDuplicateOfLastAccepted(id + 1));
    // A replay older than the window is reported as out of window (checked first).
    EXPECT_EQ(ha.Check(id, now + Seconds(8)), MipReplayResult::REJECT_OUT_OF_WINDOW);

    // Accept() keeps the greatest value.
    ha.Accept(id + 10);
    ha.Accept(id + 5);
    EXPECT_EQ(*ha.GetLastAccepted(), id + 10);

    ha.Reset();
    EXPECT_FALSE(ha.GetLastAccepted().has_value());
    EXPECT_EQ(ha.Check(id, now), MipReplayResult::ACCEPT);
}

TEST(MipReplayProtector, MismatchIdentificationLayout)
{
    MipReplayProtector ha;
    EXPECT_EQ(ha.MakeMismatchIdentification(0x0102030405060708ULL, MilliSeconds(100750)),
              0xed0037e405060708ULL);
    ha.SetClockOffset(Seconds(-1));
    EXPECT_EQ(ha.MakeMismatchIdentification(0x0102030405060708ULL, MilliSeconds(100750)),
              0xed0037e305060708ULL);
}

TEST(MipReplayProtector, ResultNames)
{
    EXPECT_STREQ(MipReplayResultToString(MipReplayResult::ACCEPT), "ACCEPT");
    EXPECT_STREQ(MipReplayResultToString(MipReplayResult::REJECT_OUT_OF_WINDOW),
                 "REJECT_OUT_OF_WINDOW");
    EXPECT_STREQ(MipReplayResultToString(MipReplayResult::REJECT_NOT_INCREASING),
                 "REJECT_NOT_INCREASING");
}

// ---------------------------------------------------------------------------------------
// MipSecurityAssociation

TEST(MipSecurityAssociation, DefaultsAndValidation)
{
    MipSecurityAssociation def;
    EXPECT_EQ(def.GetSpi(), 0u);
    EXPECT_EQ(def.GetReplayMode(), MipReplayMode::TIMESTAMP);
    EXPECT_EQ(def.GetReplayTolerance(), Seconds(7));
    EXPECT_EQ(def.Validate(), "SPI 0 is reserved (0-255)");
    EXPECT_FALSE(def.IsValid());

    const MipBytes key(MipSecurityAssociation::HMAC_MD5_KEY_LENGTH, 0x0b);
    MipSecurityAssociation sa(255, key);
    EXPECT_EQ(sa.Validate(), "SPI 255 is reserved (0-255)");
    sa.SetSpi(256);
    EXPECT_EQ(sa.Validate(), "");
    EXPECT_TRUE(sa.IsValid());
    EXPECT_EQ(sa.GetKey().size(), 16u);

    sa.SetKey(MipBytes{});
    EXPECT_EQ(sa.Validate(), "empty key");
    sa.SetKey(MipBytes{1, 2, 3, 4, 5}); // any non-empty length
    EXPECT_TRUE(sa.IsValid());

    sa.SetReplayMode(MipReplayMode::NONCE);
    EXPECT_EQ(sa.Validate(), "nonce-based replay protection is not supported");
    sa.SetReplayMode(MipReplayMode::TIMESTAMP);

    sa.SetReplayTolerance(Seconds(-1));
    EXPECT_EQ(sa.Validate(), "negative replay tolerance");
    sa.SetReplayTolerance(Seconds(10));
    EXPECT_EQ(sa.GetReplayTolerance(), Seconds(10));
    EXPECT_TRUE(sa.IsValid());
}

TEST(MipSecurityAssociationTable, AddFindRemove)
{
    MipSecurityAssociationTable table;
    const MipBytes key(16, 0x01);
    const Ipv4Address a("10.0.0.1");
    const Ipv4Address b("10.0.0.2");

    EXPECT_EQ(table.Find(a), nullptr);
    EXPECT_TRUE(table.Add(a, MipSecurityAssociation(1000, key)));
    EXPECT_FALSE(table.Add(a, MipSecurityAssociation(1001, key))); // already there
    EXPECT_FALSE(table.Add(b, MipSecurityAssociation(7, key)));    // reserved SPI
    EXPECT_EQ(table.GetN(), 1u);
    ASSERT_NE(table.Find(a), nullptr);
    EXPECT_EQ(table.Find(a)->GetSpi(), 1000u);
    EXPECT_EQ(table.Find(b), nullptr);

    EXPECT_TRUE(table.Add(b, MipSecurityAssociation(2000, MipBytes{9})));
    EXPECT_EQ(table.Find(b)->GetSpi(), 2000u);
    EXPECT_EQ(table.Find(b)->GetKey(), MipBytes{9});
    EXPECT_TRUE(table.Remove(a));
    EXPECT_FALSE(table.Remove(a));
    EXPECT_EQ(table.Find(a), nullptr);
    EXPECT_EQ(table.GetN(), 1u);
    table.Clear();
    EXPECT_EQ(table.GetN(), 0u);
}

TEST(MipSecurityAssociationTable, ManyHomeAddresses)
{
    MipSecurityAssociationTable table;
    const MipBytes key(16, 0x02);
    for (uint32_t i = 0; i < 2000; ++i)
    {
        ASSERT_TRUE(table.Add(Ipv4Address(0x0a000000U + i), MipSecurityAssociation(256 + i, key)));
    }
    EXPECT_EQ(table.GetN(), 2000u);
    for (uint32_t i = 0; i < 2000; i += 37)
    {
        const MipSecurityAssociation* sa = table.Find(Ipv4Address(0x0a000000U + i));
        ASSERT_NE(sa, nullptr);
        EXPECT_EQ(sa->GetSpi(), 256 + i);
    }
    EXPECT_EQ(table.Find(Ipv4Address(0x0a000000U + 2000)), nullptr);
}
