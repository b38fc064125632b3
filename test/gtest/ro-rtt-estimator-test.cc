/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * RoRttEstimator: RFC 6298 section 2 smoothing of the keepalive round-trip time and the
 * keepalive interval RFC 6521 section 3.3.4 asks to adapt to it; RoTokenBucket, which
 * bounds what unauthenticated packets can make the correspondent router send.
 */
#include "ns3/ro-config.h"
#include "ns3/ro-rtt-estimator.h"
#include "ns3/ro-token-bucket.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

/// \return the keepalive settings of RouteOptimizer's defaults
RoConfig
Defaults()
{
    RoConfig c;
    c.keepaliveInterval = Seconds(1);
    c.keepaliveAdaptive = true;
    c.keepaliveMinInterval = MilliSeconds(200);
    c.keepaliveMaxInterval = Seconds(1);
    c.keepaliveRtoMultiple = 4;
    return c;
}

/// \param t a time \return it in milliseconds
double
Ms(Time t)
{
    return t.GetSeconds() * 1000;
}

} // namespace

TEST(RoRttEstimator, FirstAndSecondSampleAsRfc6298)
{
    RoRttEstimator e;
    EXPECT_FALSE(e.HasSample());
    EXPECT_EQ(e.GetRto(), Time(0));
    // RFC 6298 2.2: SRTT <- R, RTTVAR <- R/2, RTO <- SRTT + max(G, K*RTTVAR) = 3R.
    e.AddSample(MilliSeconds(100));
    EXPECT_TRUE(e.HasSample());
    EXPECT_NEAR(Ms(e.GetSrtt()), 100, 1e-6);
    EXPECT_NEAR(Ms(e.GetRttvar()), 50, 1e-6);
    EXPECT_NEAR(Ms(e.GetRto()), 300, 1e-6);
    // RFC 6298 2.3: RTTVAR <- 3/4 RTTVAR + 1/4 |SRTT - R'| (old SRTT), SRTT <- 7/8 SRTT + 1/8 R'.
    e.AddSample(MilliSeconds(200));
    EXPECT_NEAR(Ms(e.GetRttvar()), 0.75 * 50 + 0.25 * 100, 1e-6);
    EXPECT_NEAR(Ms(e.GetSrtt()), 0.875 * 100 + 0.125 * 200, 1e-6);
    EXPECT_NEAR(Ms(e.GetRto()), 112.5 + 4 * 62.5, 1e-6);
    e.Reset();
    EXPECT_FALSE(e.HasSample());
    EXPECT_EQ(e.GetSrtt(), Time(0));
}

TEST(RoRttEstimator, GranularityFloorsTheVarianceTerm)
{
    // A constant-delay path: RTTVAR decays towards 0, RTO towards SRTT + G.
    RoRttEstimator e;
    for (int i = 0; i < 200; ++i)
    {
        e.AddSample(MilliSeconds(40));
    }
    EXPECT_NEAR(Ms(e.GetSrtt()), 40, 1e-6);
    EXPECT_LT(Ms(e.GetRttvar()), 1e-3);
    EXPECT_NEAR(Ms(e.GetRto()), 40 + Ms(RoRttEstimator::Granularity()), 1e-6);
}

TEST(RoRttEstimator, IntervalIsFixedUntilTheFirstSampleOrWhenNotAdaptive)
{
    RoConfig c = Defaults();
    RoRttEstimator e;
    EXPECT_EQ(e.GetKeepaliveInterval(c), Seconds(1));
    e.AddSample(MilliSeconds(30));
    c.keepaliveAdaptive = false;
    EXPECT_EQ(e.GetKeepaliveInterval(c), Seconds(1));
    c.keepaliveInterval = Seconds(3);
    EXPECT_EQ(e.GetKeepaliveInterval(c), Seconds(3));
}

TEST(RoRttEstimator, IntervalFollowsTheRttWithinTheBounds)
{
    RoConfig c = Defaults();
    auto converged = [&c](Time rtt) {
        RoRttEstimator e;
        for (int i = 0; i < 200; ++i)
        {
            e.AddSample(rtt);
        }
        return e.GetKeepaliveInterval(c);
    };
    // Fast path: 4 x (10 + 1) ms = 44 ms, below MAX_UPDATE_RATE's 200 ms.
    EXPECT_EQ(converged(MilliSeconds(10)), MilliSeconds(200));
    // Medium: 4 x (120 + 1) ms.
    EXPECT_EQ(converged(MilliSeconds(120)), MilliSeconds(484));
    // Slow: clamped to the maximum; with a larger maximum it follows.
    EXPECT_EQ(converged(MilliSeconds(600)), Seconds(1));
    c.keepaliveMaxInterval = Seconds(5);
    EXPECT_EQ(converged(MilliSeconds(600)), MilliSeconds(2404));
    // Another multiple.
    c.keepaliveRtoMultiple = 2;
    EXPECT_EQ(converged(MilliSeconds(600)), MilliSeconds(1202));
    // Min = max pins the interval (another way to keep it fixed).
    c.keepaliveMinInterval = c.keepaliveMaxInterval = MilliSeconds(700);
    EXPECT_EQ(converged(MilliSeconds(10)), MilliSeconds(700));
    EXPECT_EQ(converged(MilliSeconds(900)), MilliSeconds(700));
}

TEST(RoRttEstimator, OneOutlierMovesTheIntervalUpNotToTheOutlier)
{
    RoConfig c = Defaults();
    c.keepaliveMaxInterval = Seconds(10);
    RoRttEstimator e;
    for (int i = 0; i < 100; ++i)
    {
        e.AddSample(MilliSeconds(100));
    }
    Time before = e.GetKeepaliveInterval(c);
    e.AddSample(MilliSeconds(1000));
    Time after = e.GetKeepaliveInterval(c);
    EXPECT_GT(after, before);
    // SRTT 212.5 ms, RTTVAR 225 ms: RTO 1112.5 ms, x4.
    EXPECT_EQ(after, MicroSeconds(4450000));
}

TEST(RoTokenBucket, BurstThenOnePerInterval)
{
    RoTokenBucket b;
    Time t = Seconds(10);
    for (int i = 0; i < 3; ++i)
    {
        EXPECT_TRUE(b.Take(3, MilliSeconds(100), t)) << i;
    }
    EXPECT_FALSE(b.Take(3, MilliSeconds(100), t));
    EXPECT_FALSE(b.Take(3, MilliSeconds(100), t + MilliSeconds(99)));
    EXPECT_TRUE(b.Take(3, MilliSeconds(100), t + MilliSeconds(101)));
    EXPECT_FALSE(b.Take(3, MilliSeconds(100), t + MilliSeconds(150)));
    // Never more than the burst, however long it was idle.
    Time later = t + Seconds(100);
    for (int i = 0; i < 3; ++i)
    {
        EXPECT_TRUE(b.Take(3, MilliSeconds(100), later)) << i;
    }
    EXPECT_FALSE(b.Take(3, MilliSeconds(100), later));
}

TEST(RoTokenBucket, ZeroCapacityOrNoRefill)
{
    RoTokenBucket none;
    EXPECT_FALSE(none.Take(0, MilliSeconds(100), Seconds(1)));
    EXPECT_FALSE(none.Take(0, MilliSeconds(100), Seconds(100)));
    RoTokenBucket once;
    EXPECT_TRUE(once.Take(1, Time(0), Seconds(1)));
    EXPECT_FALSE(once.Take(1, Time(0), Seconds(1000)));
}
