/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Issue 11: HaRegistrationDecider::Decide() reads a binding table and the Home Agent's
 * routes and changes nothing, so it is driven here without a simulation (the simulator is
 * only read for the time, 0, and for the expiry events of bindings put into the table):
 * the reply codes of RFC 5944 section 3.8.2 (134, 136, 133, 135, 139), RFC 3024 (138),
 * RFC 3519 (129 through HaUdpTunnelling::Decide(), the UDP lifetime cap), RFC 5177
 * section 6.1 (implicit and explicit acknowledgements, 147, 148), the granted lifetime and
 * duplicates (RFC 5944 section 3.8.2.2).
 */
#include "wire-test-util.h"

#include "ns3/ha-binding-table.h"
#include "ns3/ha-registration-decider.h"
#include "ns3/ha-routing.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/mip-registration-request.h"
#include "ns3/nemo-extensions.h"
#include "ns3/simulator.h"
#include "ns3/udp-tunnel-extensions.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace haaro_test;

namespace
{

const Ipv4Address HOA("10.0.0.1");
const Ipv4Address HA("10.0.0.254");
const Ipv4Address COA("192.168.1.10");
const Ipv4Address COA2("192.168.2.10");
const Ipv4Address NAT("198.51.100.7");
const Ipv4Address OTHER_MR("10.0.0.2");
const uint16_t PORT = 434;

using R = MipRegistrationRequest;

class HaRegistrationDeciderTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        m_bindings = CreateObject<HaBindingTable>();
        m_routing = CreateObject<HaRouting>();
        m_decider.Install(m_bindings, m_routing);
        m_config.prefixes = {{Ipv4Address("10.1.0.0"), 16}};
        m_policy.homeAgent = HA;
        m_policy.maxLifetime = 600;
    }

    void TearDown() override
    {
        m_decider.Dispose();
        m_bindings->Dispose();
        m_routing->Dispose();
        Simulator::Destroy();
    }

    /// \param coa care-of address \return a fresh request (D, T, lifetime 1800, current time)
    MipRegistrationRequest Request(Ipv4Address coa = COA) const
    {
        return MakeRequest(HOA, HA, coa, m_config.replay.ReadClock(Simulator::Now()));
    }

    /**
     * \param rrq the request \param from its source \param port its port
     * \return the decision; the reply goes to m_reply
     */
    HaRegistrationDecision Decide(const MipRegistrationRequest& rrq,
                                  Ipv4Address from = COA,
                                  uint16_t port = PORT)
    {
        m_reply = MipRegistrationReply();
        m_reply.SetIdentification(rrq.GetIdentification());
        return m_decider.Decide(rrq, from, port, m_policy, m_config, m_reply);
    }

    /**
     * \brief Puts an accepted binding into the table (as the Home Agent would).
     * \param rrq its request \param from its source \param port its port
     */
    void Accept(const MipRegistrationRequest& rrq, Ipv4Address from = COA, uint16_t port = PORT)
    {
        HaBinding binding;
        binding.careOfAddress = rrq.GetCareOfAddress();
        binding.requestSource = from;
        binding.requestSourcePort = port;
        binding.identification = rrq.GetIdentification();
        binding.lifetime = 600;
        m_bindings->Update(rrq.GetHomeAddress(), binding, rrq.GetFlag(R::FLAG_S));
        m_config.replay.Accept(rrq.GetIdentification());
    }

    Ptr<HaBindingTable> m_bindings;  //!< binding table
    Ptr<HaRouting> m_routing;        //!< prefix owners
    HaRegistrationDecider m_decider; //!< under test
    HaMobileNodeConfig m_config;     //!< the mobile router's configuration
    HaRegistrationPolicy m_policy;   //!< the Home Agent's policy
    MipRegistrationReply m_reply;    //!< the last reply
};

TEST_F(HaRegistrationDeciderTest, AcceptsWithTheGrantedLifetimeAndImplicitPrefixes)
{
    HaRegistrationDecision d = Decide(Request());
    EXPECT_EQ(m_reply.GetCode(), MIP_REPLY_ACCEPTED);
    // RFC 5944 section 3.8.2: the Lifetime is reduced to a permissible value.
    EXPECT_EQ(m_reply.GetLifetime(), 600);
    EXPECT_EQ(d.encapsulation, MipEncapsulation::IP_IN_IP);
    EXPECT_FALSE(d.duplicate);
    EXPECT_FALSE(d.replayed);
    EXPECT_FALSE(d.udp.nat);
    // RFC 5177 implicit mode: the configured prefixes, each acknowledged.
    ASSERT_EQ(d.prefixes.size(), 1u);
    EXPECT_EQ(d.prefixes[0], (MipPrefix{Ipv4Address("10.1.0.0"), 16}));
    auto acks = MobileNetworkAckExtension::FindAll(m_reply);
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_EQ(acks[0].GetSubtype(), MobileNetworkAckExtension::SUBTYPE_IMPLICIT);
    EXPECT_EQ(acks[0].GetCode(), MOBNET_SUCCESS);

    MipRegistrationRequest shortLived = Request();
    shortLived.SetLifetime(30);
    Decide(shortLived);
    EXPECT_EQ(m_reply.GetLifetime(), 30); // never more than requested
}

TEST_F(HaRegistrationDeciderTest, ReservedBitsAndMissingDAre134)
{
    for (auto flag : {R::FLAG_R, R::FLAG_X})
    {
        MipRegistrationRequest rrq = Request();
        rrq.SetFlag(flag, true);
        Decide(rrq);
        EXPECT_EQ(m_reply.GetCode(), MIP_REPLY_HA_POORLY_FORMED_REQUEST);
        EXPECT_EQ(m_reply.GetLifetime(), 0);
    }
    MipRegistrationRequest noD = Request();
    noD.SetFlag(R::FLAG_D, false); // not a co-located care-of address
    Decide(noD);
    EXPECT_EQ(m_reply.GetCode(), MIP_REPLY_HA_POORLY_FORMED_REQUEST);
}

TEST_F(HaRegistrationDeciderTest, AnotherHomeAgentFieldIs136)
{
    MipRegistrationRequest rrq = Request();
    rrq.SetHomeAgent(Ipv4Address("10.0.0.253"));
    Decide(rrq);
    EXPECT_EQ(m_reply.GetCode(), MIP_REPLY_HA_UNKNOWN_HA_ADDRESS);
}

TEST_F(HaRegistrationDeciderTest, StaleTimestampIs133WithTheHomeAgentsTime)
{
    // RFC 5944 section 5.7: outside the replay window; the reply's Identification carries
    // the Home Agent's time for resynchronisation.
    MipRegistrationRequest rrq = Request();
    rrq.SetIdentification(rrq.GetIdentification() - (uint64_t{60} << 32));
    HaRegistrationDecision d = Decide(rrq, NAT);
    EXPECT_EQ(m_reply.GetCode(), MIP_REPLY_HA_ID_MISMATCH);
    EXPECT_TRUE(d.replayed);
    EXPECT_FALSE(d.udp.nat); // a replay says nothing about the path
    EXPECT_NE(m_reply.GetIdentification(), rrq.GetIdentification());
}

TEST_F(HaRegistrationDeciderTest, ReverseTunnelRequiredWithoutTIs138)
{
    m_policy.reverseTunnelRequired = true;
    MipRegistrationRequest rrq = Request();
    rrq.SetFlag(R::FLAG_T, false);
    Decide(rrq);
    EXPECT_EQ(m_reply.GetCode(), MIP_REPLY_HA_REVERSE_TUNNEL_MANDATORY);
    Decide(Request());
    EXPECT_EQ(m_reply.GetCode(), MIP_REPLY_ACCEPTED);
}

TEST_F(HaRegistrationDeciderTest, EncapsulationGreOr139)
{
    MipRegistrationRequest gre = Request();
    gre.SetFlag(R::FLAG_G, true);
    EXPECT_EQ(Decide(gre).encapsulation, MipEncapsulation::GRE);
    EXPECT_EQ(m_reply.GetCode(), MIP_REPLY_ACCEPTED);
    m_policy.greSupported = false;
    Decide(gre);
    EXPECT_EQ(m_reply.GetCode(), MIP_REPLY_HA_ENCAP_UNAVAILABLE);
    MipRegistrationRequest minimal = Request();
    minimal.SetFlag(R::FLAG_M, true);
    Decide(minimal);
    EXPECT_EQ(m_reply.GetCode(), MIP_REPLY_HA_ENCAP_UNAVAILABLE);
}

TEST_F(HaRegistrationDeciderTest, UdpTunnellingDecidesEncapsulationAndLifetime)
{
    // RFC 3519: behind a NAT the request is assented (IP in UDP, lifetime capped at
    // NatMaxLifetime, section 5.2); with UDP tunnelling off it is refused with 129.
    MipRegistrationRequest rrq = Request();
    rrq.AddExtension(UdpTunnelRequestExtension(false, 4).ToExtension());
    HaRegistrationDecision d = Decide(rrq, NAT);
    EXPECT_EQ(m_reply.GetCode(), MIP_REPLY_ACCEPTED);
    EXPECT_TRUE(d.udp.nat);
    EXPECT_EQ(d.encapsulation, MipEncapsulation::UDP);
    ASSERT_TRUE(d.udp.reply.has_value());
    EXPECT_EQ(d.udp.reply->GetReplyCode(), UdpTunnelReplyExtension::ACCEPTED);
    EXPECT_EQ(m_reply.GetLifetime(), 60);
    // Forced UDP without a NAT is capped too (issue 12 item 6: the cap is for UDP
    // tunnelling, section 5.2, not for a NAT); a declined request (IP in IP) is not.
    MipRegistrationRequest forced = Request();
    forced.AddExtension(UdpTunnelRequestExtension(true, 4).ToExtension());
    d = Decide(forced, COA);
    EXPECT_EQ(d.encapsulation, MipEncapsulation::UDP);
    EXPECT_EQ(m_reply.GetLifetime(), 60);
    MipRegistrationRequest declined = Request();
    declined.AddExtension(UdpTunnelRequestExtension(false, 4).ToExtension());
    d = Decide(declined, COA);
    EXPECT_EQ(d.encapsulation, MipEncapsulation::IP_IN_IP);
    EXPECT_EQ(m_reply.GetLifetime(), 600);
    m_policy.udp.enabled = false;
    Decide(rrq, NAT);
    EXPECT_EQ(m_reply.GetCode(), MIP_REPLY_HA_PROHIBITED);
    EXPECT_EQ(m_reply.GetLifetime(), 0);
}

TEST_F(HaRegistrationDeciderTest, ExplicitPrefixesAreAuthorisedOneByOne)
{
    MipRegistrationRequest rrq = Request();
    rrq.AddExtension(
        MobileNetworkRequestExtension(Ipv4Address("10.1.2.0"), 24).ToExtension()); // inside
    rrq.AddExtension(
        MobileNetworkRequestExtension(Ipv4Address("10.9.0.0"), 16).ToExtension()); // outside
    rrq.AddExtension(
        MobileNetworkRequestExtension(Ipv4Address("10.1.3.0"), 33).ToExtension()); // invalid
    HaRegistrationDecision d = Decide(rrq);
    EXPECT_EQ(m_reply.GetCode(), MIP_REPLY_ACCEPTED);
    ASSERT_EQ(d.prefixes.size(), 1u);
    EXPECT_EQ(d.prefixes[0], (MipPrefix{Ipv4Address("10.1.2.0"), 24}));
    auto acks = MobileNetworkAckExtension::FindAll(m_reply);
    ASSERT_EQ(acks.size(), 3u);
    EXPECT_EQ(acks[0].GetSubtype(), MobileNetworkAckExtension::SUBTYPE_EXPLICIT);
    EXPECT_EQ(acks[0].GetCode(), MOBNET_SUCCESS);
    EXPECT_EQ(acks[1].GetCode(), MOBNET_UNAUTHORIZED);
    EXPECT_EQ(acks[2].GetCode(), MOBNET_INVALID_PREFIX_LEN);
}

TEST_F(HaRegistrationDeciderTest, NoPrefixLeftIs147AndPlainMobileNodeIs148)
{
    MipRegistrationRequest rrq = Request();
    rrq.AddExtension(MobileNetworkRequestExtension(Ipv4Address("10.9.0.0"), 16).ToExtension());
    Decide(rrq);
    EXPECT_EQ(m_reply.GetCode(), MIP_REPLY_HA_MOBNET_ERROR);
    m_config.mobileRouter = false;
    Decide(rrq);
    EXPECT_EQ(m_reply.GetCode(), MIP_REPLY_HA_MOBNET_DISALLOWED);
    // A plain mobile node without Mobile Network Requests is accepted (implicit mode).
    m_config.prefixes.clear();
    Decide(Request());
    EXPECT_EQ(m_reply.GetCode(), MIP_REPLY_ACCEPTED);
}

TEST_F(HaRegistrationDeciderTest, PrefixRoutedToAnotherRouterFailsForwardingSetup)
{
    m_routing->AddDestination(Ipv4Address("10.1.0.0"), 16, OTHER_MR);
    HaRegistrationDecision d = Decide(Request());
    auto acks = MobileNetworkAckExtension::FindAll(m_reply);
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_EQ(acks[0].GetCode(), MOBNET_FWDING_SETUP_FAILED);
    EXPECT_TRUE(d.prefixes.empty());
    EXPECT_EQ(m_reply.GetCode(), MIP_REPLY_ACCEPTED); // implicit mode: not an error
}

TEST_F(HaRegistrationDeciderTest, SimultaneousBindingsLimitAndCode1)
{
    m_policy.maxBindings = 1;
    MipRegistrationRequest first = Request(COA);
    first.SetFlag(R::FLAG_S, true);
    Accept(first);
    MipRegistrationRequest second = Request(COA2);
    second.SetFlag(R::FLAG_S, true);
    second.SetIdentification(first.GetIdentification() + 1);
    Decide(second, COA2);
    EXPECT_EQ(m_reply.GetCode(), MIP_REPLY_HA_TOO_MANY_BINDINGS);
    // S not honoured: accepted with code 1 (the new binding replaces the old one).
    m_policy.simultaneousBindings = false;
    Decide(second, COA2);
    EXPECT_EQ(m_reply.GetCode(), MIP_REPLY_ACCEPTED_NO_SIMULTANEOUS);
}

TEST_F(HaRegistrationDeciderTest, DuplicateFromTheBindingsSourceOnlyIsAnsweredAgain)
{
    // RFC 5944 section 3.8.2.2: a duplicate does not extend the lifetime; a copy from
    // another address or port is a replay (133).
    MipRegistrationRequest rrq = Request();
    Accept(rrq);
    HaRegistrationDecision d = Decide(rrq);
    EXPECT_TRUE(d.duplicate);
    EXPECT_EQ(m_reply.GetCode(), MIP_REPLY_ACCEPTED);
    EXPECT_EQ(m_reply.GetLifetime(), 600); // what is left of the granted 600 s
    HaRegistrationDecision other = Decide(rrq, COA, PORT + 1);
    EXPECT_FALSE(other.duplicate);
    EXPECT_TRUE(other.replayed);
    EXPECT_EQ(m_reply.GetCode(), MIP_REPLY_HA_ID_MISMATCH);
}

TEST_F(HaRegistrationDeciderTest, DeregistrationIsAcceptedWithoutAcknowledgements)
{
    MipRegistrationRequest rrq = Request();
    rrq.SetLifetime(0);
    HaRegistrationDecision d = Decide(rrq);
    EXPECT_EQ(m_reply.GetCode(), MIP_REPLY_ACCEPTED);
    EXPECT_EQ(m_reply.GetLifetime(), 0);
    EXPECT_TRUE(d.prefixes.empty());
    EXPECT_TRUE(MobileNetworkAckExtension::FindAll(m_reply).empty());
}

} // namespace
