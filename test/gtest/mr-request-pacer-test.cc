/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * MrRequestPacer: event-started registration requests at most one per interval (RFC 5944
 * section 3.6), joined while one is held; the solicitation queue (RFC 6521 section 5.1: one
 * solicited router per request), bounded, popped only by the reply to a request that
 * carried its head.
 */
#include "ns3/mr-request-pacer.h"
#include "ns3/ns3-compat.h"
#include "ns3/simulator.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

/// A pacer with a 1 s interval and room for 2 solicitations, on a fresh simulator.
class MrRequestPacerTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        Simulator::Destroy();
    }

    Time m_interval{Seconds(1)};               //!< MinRegistrationInterval
    uint32_t m_max{2};                         //!< MaxQueuedSolicitations
    MrRequestPacer m_pacer{m_interval, m_max}; //!< under test
};

TEST_F(MrRequestPacerTest, FirstRequestLeavesAtOnceLaterOnesAreHeldAndJoined)
{
    EXPECT_EQ(m_pacer.GetDelay(), Time(0)) << "no request yet";
    std::vector<Time> sent;
    auto send = [this, &sent]() {
        sent.push_back(Simulator::Now());
        m_pacer.NotifySent();
    };
    HaaroSchedule(Seconds(2), [this, send]() {
        EXPECT_FALSE(m_pacer.Defer(MakeFunctorCallback<void>(send)));
        send();
    });
    HaaroSchedule(Seconds(2.3), [this, send]() {
        EXPECT_TRUE(m_pacer.Defer(MakeFunctorCallback<void>(send))) << "0.3 s after one";
        EXPECT_EQ(m_pacer.GetDelay(), MilliSeconds(700));
    });
    HaaroSchedule(Seconds(2.5), [this, send]() {
        EXPECT_TRUE(m_pacer.Defer(MakeFunctorCallback<void>(send))) << "joins the held one";
    });
    Simulator::Run();
    ASSERT_EQ(sent.size(), 2u) << "the two held requests leave as one";
    EXPECT_EQ(sent[1], Seconds(3)) << "a second after the first";
    EXPECT_EQ(m_pacer.GetHeld(), 1u);
}

TEST_F(MrRequestPacerTest, ARequestLeavingMeanwhileReplacesTheHeldOne)
{
    uint32_t heldSends = 0;
    HaaroSchedule(Seconds(1), [this]() { m_pacer.NotifySent(); });
    HaaroSchedule(Seconds(1.2), [this, &heldSends]() {
        EXPECT_TRUE(m_pacer.Defer(MakeFunctorCallback<void>([&heldSends]() { heldSends++; })));
    });
    // A retransmission or a link-layer registration leaves at 1.5 s.
    HaaroSchedule(Seconds(1.5), [this]() { m_pacer.NotifySent(); });
    Simulator::Run();
    EXPECT_EQ(heldSends, 0u) << "the request that left was the one held";
    EXPECT_FALSE(m_pacer.IsHolding());
}

TEST_F(MrRequestPacerTest, SolicitationsQueueBoundedOnePerRequest)
{
    Ipv4Address b("10.0.0.2");
    Ipv4Address c("10.0.0.3");
    Ipv4Address d("10.0.0.4");
    EXPECT_TRUE(m_pacer.AddSolicitation(b));
    EXPECT_TRUE(m_pacer.AddSolicitation(b)) << "already waiting: not twice";
    EXPECT_TRUE(m_pacer.AddSolicitation(c));
    EXPECT_FALSE(m_pacer.AddSolicitation(d)) << "the queue holds 2";
    EXPECT_EQ(m_pacer.GetSolicitationsDropped(), 1u);
    EXPECT_EQ(m_pacer.TakeSolicitationForRequest(), b);
    EXPECT_EQ(m_pacer.TakeSolicitationForRequest(), b) << "a retransmission carries it again";
    EXPECT_TRUE(m_pacer.OnSuccessfulReply()) << "c waits";
    EXPECT_EQ(m_pacer.TakeSolicitationForRequest(), c);
    EXPECT_FALSE(m_pacer.OnSuccessfulReply()) << "none waits";
    EXPECT_EQ(m_pacer.TakeSolicitationForRequest(), std::nullopt);
}

TEST_F(MrRequestPacerTest, AReplyToARequestWithoutItDoesNotPopTheSolicitation)
{
    Ipv4Address b("10.0.0.2");
    EXPECT_EQ(m_pacer.TakeSolicitationForRequest(), std::nullopt) << "a request without S";
    EXPECT_TRUE(m_pacer.AddSolicitation(b)); // while that request is unanswered
    EXPECT_TRUE(m_pacer.OnSuccessfulReply()) << "its reply leaves b waiting";
    EXPECT_EQ(m_pacer.TakeSolicitationForRequest(), b);
    m_pacer.ClearSolicitations();
    EXPECT_EQ(m_pacer.TakeSolicitationForRequest(), std::nullopt) << "cleared";
}

} // namespace
