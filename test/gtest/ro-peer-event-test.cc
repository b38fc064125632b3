/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * RoPeerEventInfo: the typed "PeerEvent" of the route optimizer prints the event log's
 * text (operator<<), which scenario outputs and examples depend on byte for byte.
 */
#include "ns3/ro-peer-event.h"

#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;

namespace
{

const Ipv4Address PEER("10.0.0.3");
const Ipv4Address LOCAL("100.64.0.10");
const Ipv4Address REMOTE("100.65.0.2");

/// \param info an event \return its text
std::string
Text(const RoPeerEventInfo& info)
{
    std::ostringstream os;
    os << info;
    return os.str();
}

} // namespace

TEST(RoPeerEvent, PlainEvents)
{
    EXPECT_EQ(Text(RoPeerEventInfo(PEER, RoPeerEvent::KRM_ESTABLISHED)), "krm-established");
    EXPECT_EQ(Text(RoPeerEventInfo(PEER, RoPeerEvent::REGISTRATION_PRE_ACCEPTED)),
              "ro-registration-pre-accepted");
    EXPECT_EQ(Text(RoPeerEventInfo(PEER, RoPeerEvent::SOLICIT)), "solicit");
    EXPECT_EQ(Text(RoPeerEventInfo(PEER, RoPeerEvent::RO_DECLINED_BY_HA)), "ro-declined-by-ha");
    EXPECT_EQ(Text(RoPeerEventInfo(PEER, RoPeerEvent::RR_STARTED)), "rr-started");
}

TEST(RoPeerEvent, Details)
{
    RoPeerEventInfo rr(PEER, RoPeerEvent::RR_STARTED);
    rr.partial = true;
    EXPECT_EQ(Text(rr), "rr-started (care-of test only)");
    RoPeerEventInfo noRo(PEER, RoPeerEvent::NO_RO);
    EXPECT_EQ(Text(noRo), "no-ro (peer outbound-only: it initiates)");
    noRo.bothBehindNats = true;
    EXPECT_EQ(Text(noRo), "no-ro (both behind NATs)");
    RoPeerEventInfo rejected(PEER, RoPeerEvent::REGISTRATION_REJECTED);
    rejected.code = 203;
    EXPECT_EQ(Text(rejected), "ro-registration-rejected (CR: expired nonces)");
    RoPeerEventInfo up(PEER, RoPeerEvent::TUNNEL_UP);
    up.local = LOCAL;
    up.remote = REMOTE;
    EXPECT_EQ(Text(up), "tunnel-up 100.64.0.10 <-> 100.65.0.2");
    RoPeerEventInfo challenged(PEER, RoPeerEvent::ENDPOINT_CHALLENGED);
    challenged.local = LOCAL;
    challenged.remote = REMOTE;
    challenged.port = 4321;
    EXPECT_EQ(Text(challenged), "endpoint-challenged 100.64.0.10 <-> 100.65.0.2:4321");
    RoPeerEventInfo proven(PEER, RoPeerEvent::PORT_PROVEN);
    proven.remote = REMOTE;
    proven.previousPort = 434;
    proven.port = 4321;
    EXPECT_EQ(Text(proven), "port-proven 100.65.0.2:434 -> 4321");
    RoPeerEventInfo failed(PEER, RoPeerEvent::PAIR_FAILED);
    failed.local = LOCAL;
    failed.remote = REMOTE;
    failed.nextLocal = REMOTE;
    failed.nextRemote = LOCAL;
    EXPECT_EQ(Text(failed),
              "pair-failed 100.64.0.10 <-> 100.65.0.2; trying 100.65.0.2 <-> 100.64.0.10");
    RoPeerEventInfo opened(PEER, RoPeerEvent::INSIDE_OPENING_PROVEN);
    opened.remote = REMOTE;
    opened.port = 1024;
    EXPECT_EQ(Text(opened), "inside-opening-proven 100.65.0.2:1024");
    EXPECT_EQ(Text(RoPeerEventInfo(PEER, RoPeerEvent::INSIDE_OPENING_AWAITED)),
              "awaiting-inside-opening");
    RoPeerEventInfo moved(PEER, RoPeerEvent::CR_MOVED);
    moved.local = LOCAL;
    moved.nextLocal = REMOTE;
    EXPECT_EQ(Text(moved), "cr-moved 100.64.0.10 -> 100.65.0.2");
    RoPeerEventInfo shortened(PEER, RoPeerEvent::NAT_KEEPALIVE_SHORTENED);
    shortened.interval = MilliSeconds(500);
    EXPECT_EQ(Text(shortened), "nat-keepalive-shortened 500 ms");
}

TEST(RoPeerEvent, FallbackReasons)
{
    RoPeerEventInfo e(PEER, RoPeerEvent::FALLBACK);
    e.reason = RoFallbackReason::KEEPALIVE_TIMEOUT;
    EXPECT_EQ(Text(e), "fallback (keepalive timeout)");
    e.reason = RoFallbackReason::AWAITING_PEER_PROBES;
    EXPECT_EQ(Text(e), "fallback (keepalive timeout; awaiting the peer's probes)");
    e.reason = RoFallbackReason::NO_INSIDE_OPENING;
    EXPECT_EQ(Text(e), "fallback (the outbound-only correspondent router opened no tunnel)");
    EXPECT_TRUE(RoFallbackReasonIsFailure(RoFallbackReason::NO_INSIDE_OPENING));
    EXPECT_TRUE(RoFallbackReasonIsFailure(RoFallbackReason::RR_TIMEOUT));
    EXPECT_TRUE(RoFallbackReasonIsFailure(RoFallbackReason::NO_REPLY));
    EXPECT_FALSE(RoFallbackReasonIsFailure(RoFallbackReason::REGISTRATION_REFUSED));
    EXPECT_FALSE(RoFallbackReasonIsFailure(RoFallbackReason::PEER_DEREGISTERED));
}
