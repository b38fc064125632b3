/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Issue 11: the Home Agent's RFC 3519 decisions (HaUdpTunnelling::Decide(), CapLifetime(),
 * IsNatDetected()) are static and pure, so each case of sections 4.6 and 4.6.1 is checked
 * here without a simulation: assent (code 0, F echoed, the configured Keepalive Interval,
 * IP in UDP), decline (64), and the refusals 129 (traversal not allowed; issue 12 item 8:
 * a NAT without a UDP Tunnel Request), 134 (Reserved 3 not zero, only with
 * UdpReserved3Refused: issue 12 item 11 skips the extension by default) and 142 (inner
 * encapsulation other than IP in IP); the lifetime cap of UDP-tunnelled bindings (item 6).
 */
#include "wire-test-util.h"

#include "ns3/ha-udp-tunnelling.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/mip-registration-request.h"
#include "ns3/udp-tunnel-extensions.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace haaro_test;

namespace
{

const Ipv4Address HOA("10.0.0.1");
const Ipv4Address HA("10.0.0.254");
const Ipv4Address COA("192.168.1.10"); // the care-of address (co-located)
const Ipv4Address NAT("198.51.100.7"); // the NAT's public address

using U = UdpTunnelRequestExtension;

/**
 * \param request the UDP Tunnel Request to carry, if any
 * \param lifetime the requested lifetime
 * \return a request from COA with D and T set
 */
MipRegistrationRequest
Request(std::optional<U> request, uint16_t lifetime = 1800)
{
    MipRegistrationRequest rrq = MakeRequest(HOA, HA, COA, 0x0102030405060708ULL);
    rrq.SetLifetime(lifetime);
    if (request)
    {
        rrq.AddExtension(request->ToExtension());
    }
    return rrq;
}

/// The outcome of one HaUdpTunnelling::Decide() call.
struct Outcome
{
    uint8_t code{0};                                            //!< returned code
    HaUdpDecision udp;                                          //!< filled decision
    MipEncapsulation encapsulation{MipEncapsulation::IP_IN_IP}; //!< chosen encapsulation
};

/**
 * \param rrq the request \param from its IP source (NAT test)
 * \param settings the Home Agent's policy
 * \return what Decide() said, with udp.nat set as the decider sets it
 */
Outcome
Decide(const MipRegistrationRequest& rrq,
       Ipv4Address from,
       const HaUdpTunnellingSettings& settings = HaUdpTunnellingSettings())
{
    Outcome o;
    o.udp.nat = HaUdpTunnelling::IsNatDetected(rrq, from);
    o.code = HaUdpTunnelling::Decide(rrq, from, settings, o.udp, o.encapsulation);
    return o;
}

TEST(HaUdpTunnellingTest, NatIsASourceOtherThanTheCareOfAddress)
{
    // RFC 3519 section 4.6: "a mismatch between source IP address and care-of address".
    MipRegistrationRequest rrq = Request(std::nullopt);
    EXPECT_FALSE(HaUdpTunnelling::IsNatDetected(rrq, COA));
    EXPECT_TRUE(HaUdpTunnelling::IsNatDetected(rrq, NAT));
}

TEST(HaUdpTunnellingTest, NatWithRequestIsAssented)
{
    // Section 4.6: NAT detected, request without R, traversal permitted: assenting reply,
    // and the binding is tunnelled in UDP.
    HaUdpTunnellingSettings settings;
    settings.keepaliveInterval = 25;
    Outcome o = Decide(Request(U(false, U::ENCAP_IP_IN_IP)), NAT, settings);
    EXPECT_EQ(o.code, MIP_REPLY_ACCEPTED);
    EXPECT_TRUE(o.udp.nat);
    EXPECT_TRUE(o.udp.requested);
    ASSERT_TRUE(o.udp.reply.has_value());
    EXPECT_EQ(o.udp.reply->GetReplyCode(), UdpTunnelReplyExtension::ACCEPTED);
    EXPECT_FALSE(o.udp.reply->GetForce());
    EXPECT_EQ(o.udp.reply->GetKeepaliveInterval(), 25);
    EXPECT_EQ(o.encapsulation, MipEncapsulation::UDP);
}

TEST(HaUdpTunnellingTest, EncapsulationZeroFollowsTheFlags)
{
    // Encapsulation 0: the inner protocol is what the M and G flags say (IP in IP with
    // neither), so it is assented without them and refused with 142 with either.
    Outcome plain = Decide(Request(U(false, U::ENCAP_FROM_FLAGS)), NAT);
    EXPECT_EQ(plain.code, MIP_REPLY_ACCEPTED);
    EXPECT_EQ(plain.encapsulation, MipEncapsulation::UDP);
    for (auto flag : {MipRegistrationRequest::FLAG_G, MipRegistrationRequest::FLAG_M})
    {
        MipRegistrationRequest rrq = Request(U(false, U::ENCAP_FROM_FLAGS));
        rrq.SetFlag(flag, true);
        Outcome o = Decide(rrq, NAT);
        EXPECT_EQ(o.code, MIP_REPLY_HA_UDP_ENCAP_UNAVAILABLE);
        EXPECT_EQ(o.encapsulation, MipEncapsulation::IP_IN_IP);
    }
}

TEST(HaUdpTunnellingTest, OtherInnerEncapsulationsAre142)
{
    // ERROR_HA_UDP_ENCAP_UNAVAIL: only IP in IP is tunnelled in UDP here.
    for (uint8_t inner : {U::ENCAP_GRE, U::ENCAP_MINIMAL, uint8_t(99)})
    {
        Outcome o = Decide(Request(U(false, inner)), NAT);
        EXPECT_EQ(o.code, MIP_REPLY_HA_UDP_ENCAP_UNAVAILABLE) << unsigned(inner);
        EXPECT_FALSE(o.udp.reply.has_value()) << unsigned(inner);
        EXPECT_EQ(o.encapsulation, MipEncapsulation::IP_IN_IP) << unsigned(inner);
    }
}

TEST(HaUdpTunnellingTest, NoNatNoForceIsDeclined)
{
    // Section 4.6: matching source and care-of address, F clear: "SHOULD respond with a
    // Registration Reply containing a declining UDP Tunnel Reply"; the registration goes
    // on with IP in IP or GRE.
    Outcome o = Decide(Request(U(false, U::ENCAP_IP_IN_IP)), COA);
    EXPECT_EQ(o.code, MIP_REPLY_ACCEPTED);
    EXPECT_TRUE(o.udp.requested);
    ASSERT_TRUE(o.udp.reply.has_value());
    EXPECT_EQ(o.udp.reply->GetReplyCode(), UdpTunnelReplyExtension::DECLINED);
    EXPECT_EQ(o.encapsulation, MipEncapsulation::IP_IN_IP);
}

TEST(HaUdpTunnellingTest, RegisteredThroughAForeignAgentIsDeclined)
{
    // R (co-located care-of address registered through a foreign agent) cannot apply to
    // this Home Agent, which serves co-located care-of addresses only: declined.
    U request(false, U::ENCAP_IP_IN_IP);
    request.SetRegisteredThroughFa(true);
    Outcome o = Decide(Request(request), NAT);
    EXPECT_EQ(o.code, MIP_REPLY_ACCEPTED);
    ASSERT_TRUE(o.udp.reply.has_value());
    EXPECT_EQ(o.udp.reply->GetReplyCode(), UdpTunnelReplyExtension::DECLINED);
    EXPECT_EQ(o.encapsulation, MipEncapsulation::IP_IN_IP);
}

TEST(HaUdpTunnellingTest, ForcedWithoutNatIsAssentedWithFEchoed)
{
    Outcome o = Decide(Request(U(true, U::ENCAP_IP_IN_IP)), COA);
    EXPECT_EQ(o.code, MIP_REPLY_ACCEPTED);
    ASSERT_TRUE(o.udp.reply.has_value());
    EXPECT_EQ(o.udp.reply->GetReplyCode(), UdpTunnelReplyExtension::ACCEPTED);
    EXPECT_TRUE(o.udp.reply->GetForce());
    EXPECT_EQ(o.encapsulation, MipEncapsulation::UDP);
}

TEST(HaUdpTunnellingTest, TraversalNotAllowedIs129)
{
    // Section 4.6.1, "NAT detected by home agent, but traversal not allowed": 129.
    HaUdpTunnellingSettings off;
    off.enabled = false;
    Outcome nat = Decide(Request(U(false, U::ENCAP_IP_IN_IP)), NAT, off);
    EXPECT_EQ(nat.code, MIP_REPLY_HA_PROHIBITED);
    EXPECT_FALSE(nat.udp.reply.has_value());
    EXPECT_EQ(nat.encapsulation, MipEncapsulation::IP_IN_IP);
    // Forced while UDP tunnelling is off altogether: 129 too.
    EXPECT_EQ(Decide(Request(U(true, U::ENCAP_IP_IN_IP)), COA, off).code, MIP_REPLY_HA_PROHIBITED);
    // Without a request: 129 behind a NAT (see NatWithoutARequestIs129), accepted without.
    EXPECT_EQ(Decide(Request(std::nullopt), NAT, off).code, MIP_REPLY_HA_PROHIBITED);
    EXPECT_EQ(Decide(Request(std::nullopt), COA, off).code, MIP_REPLY_ACCEPTED);
}

TEST(HaUdpTunnellingTest, NatWithoutARequestIs129)
{
    // Issue 12 item 8, RFC 3519 section 4.6.1: an HA without support for the extension
    // would "refuse the registration if the IP source address does not match the care-of
    // address, the home address or 0.0.0.0. Even if the HA mistakenly does accept the
    // registration, the mobile node will not be able to receive forward tunnelled data if
    // it is behind a NAT." Refused with 129, as "NAT detected ... traversal not allowed".
    Outcome nat = Decide(Request(std::nullopt), NAT);
    EXPECT_EQ(nat.code, MIP_REPLY_HA_PROHIBITED);
    EXPECT_TRUE(nat.udp.nat);
    EXPECT_FALSE(nat.udp.requested);
    EXPECT_FALSE(nat.udp.reply.has_value());
    // Control: the same request from its care-of address is accepted (nothing to decide).
    Outcome direct = Decide(Request(std::nullopt), COA);
    EXPECT_EQ(direct.code, MIP_REPLY_ACCEPTED);
    EXPECT_FALSE(direct.udp.reply.has_value());
    // The exceptions of section 4.6.1: sent from the home address or from 0.0.0.0.
    EXPECT_EQ(Decide(Request(std::nullopt), HOA).code, MIP_REPLY_ACCEPTED);
    EXPECT_EQ(Decide(Request(std::nullopt), Ipv4Address::GetZero()).code, MIP_REPLY_ACCEPTED);
    // A de-registration tunnels nothing afterwards: accepted from behind the NAT.
    EXPECT_EQ(Decide(Request(std::nullopt, 0), NAT).code, MIP_REPLY_ACCEPTED);
}

TEST(HaUdpTunnellingTest, ForcedButNotAllowedIs129)
{
    // Section 4.6.1, "NAT not detected, 'F' flag set, but home agent does not allow forced
    // use of MIP UDP tunnelling": 129. Behind a NAT the same request is assented.
    HaUdpTunnellingSettings noForce;
    noForce.allowForced = false;
    EXPECT_EQ(Decide(Request(U(true, U::ENCAP_IP_IN_IP)), COA, noForce).code,
              MIP_REPLY_HA_PROHIBITED);
    Outcome nat = Decide(Request(U(true, U::ENCAP_IP_IN_IP)), NAT, noForce);
    EXPECT_EQ(nat.code, MIP_REPLY_ACCEPTED);
    EXPECT_EQ(nat.encapsulation, MipEncapsulation::UDP);
}

TEST(HaUdpTunnellingTest, NonZeroReserved3IsSkipped)
{
    // Issue 12 item 11, RFC 3519 sections 3.1 and 3.1.3: Reserved 3 not zero, the extension
    // "MUST be handled as not understood and silently skipped": the request is decided as
    // one without it. Without a NAT it is accepted with no UDP Tunnel Reply (so the mobile
    // node "MUST NOT use UDP tunnelling", section 3.1.1); behind a NAT that is a NAT
    // without a request: 129 (section 4.6.1).
    const MipBytes notUnderstood = MipFromHex("90 06 00 00 80 04 00 01"); // F set, IP in IP
    MipRegistrationRequest rrq = Request(std::nullopt);
    rrq.AddExtension(*ParseOne(notUnderstood));
    Outcome direct = Decide(rrq, COA);
    EXPECT_EQ(direct.code, MIP_REPLY_ACCEPTED);
    EXPECT_FALSE(direct.udp.requested);
    EXPECT_FALSE(direct.udp.reply.has_value());
    EXPECT_EQ(direct.encapsulation, MipEncapsulation::IP_IN_IP);
    Outcome nat = Decide(rrq, NAT);
    EXPECT_EQ(nat.code, MIP_REPLY_HA_PROHIBITED);
    EXPECT_FALSE(nat.udp.reply.has_value());
    // Control: the same extension with Reserved 3 = 0 is understood (F: assent in UDP).
    MipRegistrationRequest ok = Request(std::nullopt);
    ok.AddExtension(*ParseOne(MipFromHex("90 06 00 00 80 04 00 00")));
    Outcome forced = Decide(ok, COA);
    EXPECT_EQ(forced.code, MIP_REPLY_ACCEPTED);
    ASSERT_TRUE(forced.udp.reply.has_value());
    EXPECT_EQ(forced.encapsulation, MipEncapsulation::UDP);
}

TEST(HaUdpTunnellingTest, NonZeroReserved3Is134OnRequest)
{
    // UdpReserved3Refused: the SHOULD of section 4.6.1 ("poorly formed Request").
    HaUdpTunnellingSettings refuse;
    refuse.reserved3Refused = true;
    MipRegistrationRequest rrq = Request(std::nullopt);
    rrq.AddExtension(*ParseOne(MipFromHex("90 06 00 00 00 04 00 01")));
    Outcome o = Decide(rrq, NAT, refuse);
    EXPECT_EQ(o.code, MIP_REPLY_HA_POORLY_FORMED_REQUEST);
    EXPECT_FALSE(o.udp.reply.has_value());
    EXPECT_EQ(o.encapsulation, MipEncapsulation::IP_IN_IP);
    EXPECT_EQ(Decide(rrq, COA, refuse).code, MIP_REPLY_HA_POORLY_FORMED_REQUEST);
}

TEST(HaUdpTunnellingTest, DeregistrationAndNoRequestIgnoreIt)
{
    // A de-registration ignores the extension (even a malformed one: nothing is tunnelled).
    MipRegistrationRequest dereg = Request(U(true, U::ENCAP_GRE), 0);
    dereg.AddExtension(*ParseOne(MipFromHex("90 06 00 00 00 04 00 01")));
    Outcome o = Decide(dereg, NAT);
    EXPECT_EQ(o.code, MIP_REPLY_ACCEPTED);
    EXPECT_FALSE(o.udp.requested);
    EXPECT_FALSE(o.udp.reply.has_value());
    EXPECT_EQ(o.encapsulation, MipEncapsulation::IP_IN_IP);
    // No request at all, not behind a NAT: nothing decided.
    Outcome none = Decide(Request(std::nullopt), COA);
    EXPECT_EQ(none.code, MIP_REPLY_ACCEPTED);
    EXPECT_FALSE(none.udp.requested);
    EXPECT_FALSE(none.udp.reply.has_value());
}

TEST(HaUdpTunnellingTest, LifetimeIsCappedForUdpTunnelledBindings)
{
    // Issue 12 item 6, RFC 3519 section 5.2: "When using UDP tunnelling, there are some
    // cases where a short lifetime is beneficial"; the cap applies to UDP-tunnelled
    // bindings only (IP in IP and GRE keep their lifetime); 0 means no extra cap.
    HaUdpTunnellingSettings settings;
    settings.natMaxLifetime = 60;
    EXPECT_EQ(HaUdpTunnelling::CapLifetime(1800, MipEncapsulation::UDP, settings), 60);
    EXPECT_EQ(HaUdpTunnelling::CapLifetime(30, MipEncapsulation::UDP, settings), 30);
    EXPECT_EQ(HaUdpTunnelling::CapLifetime(1800, MipEncapsulation::IP_IN_IP, settings), 1800);
    EXPECT_EQ(HaUdpTunnelling::CapLifetime(1800, MipEncapsulation::GRE, settings), 1800);
    settings.natMaxLifetime = 0;
    EXPECT_EQ(HaUdpTunnelling::CapLifetime(1800, MipEncapsulation::UDP, settings), 1800);
}

} // namespace
