/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * NEMOv4 extensions (RFC 5177 section 4): Mobile Network Request (148/0) and Mobile
 * Network Acknowledgement (148/1 explicit, 148/2 implicit). Byte vectors were derived by
 * hand from the RFC layout: Type 0x94, Length, Sub-Type, then the fields in order.
 */
#include "wire-test-util.h"

#include "ns3/mip-auth-extension.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/mip-registration-request.h"
#include "ns3/nemo-extensions.h"
#include "ns3/packet.h"

#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;
using namespace haaro_test;

namespace
{

/// \return a successful Mobile Network Acknowledgement (148/1 or 148/2) as a raw extension
MipExtension
SuccessAck(uint8_t subtype, const char* prefix, uint8_t prefixLength)
{
    return MobileNetworkAckExtension(subtype, MOBNET_SUCCESS, Ipv4Address(prefix), prefixLength)
        .ToExtension();
}

} // namespace

TEST(NemoMobileNetworkRequest, ByteVector)
{
    MobileNetworkRequestExtension req(Ipv4Address("10.1.0.0"), 16);
    EXPECT_EQ(MipToHex(Serialize(req.ToExtension())), "94 06 00 10 0a 01 00 00");

    MobileNetworkRequestExtension host(Ipv4Address("192.0.2.77"), 32);
    EXPECT_EQ(MipToHex(Serialize(host.ToExtension())), "94 06 00 20 c0 00 02 4d");

    auto back = MobileNetworkRequestExtension::FromExtension(
        *ParseOne(MipFromHex("94 06 00 18 c6 33 64 00")));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->GetPrefix(), Ipv4Address("198.51.100.0"));
    EXPECT_EQ(back->GetPrefixLength(), 24);
    EXPECT_TRUE(back->IsPrefixLengthValid());
    EXPECT_EQ(back->GetMask(), Ipv4Mask("255.255.255.0"));
}

TEST(NemoMobileNetworkRequest, RoundTripAndAccessors)
{
    MobileNetworkRequestExtension req;
    req.SetPrefix(Ipv4Address("172.16.0.0"));
    req.SetPrefixLength(12);
    auto back = MobileNetworkRequestExtension::FromExtension(req.ToExtension());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, req);
    EXPECT_EQ(back->GetMask(), Ipv4Mask("255.240.0.0"));
    std::ostringstream os;
    os << *back;
    EXPECT_EQ(os.str(), "MobileNetworkRequest 172.16.0.0/12");
}

TEST(NemoMobileNetworkRequest, AnyPrefixLengthIsWellFormed)
{
    // 0 and > 32 must reach the HA so that it can answer MOBNET_INVALID_PREFIX_LEN.
    for (unsigned len : {0u, 33u, 64u, 255u})
    {
        MobileNetworkRequestExtension req(Ipv4Address("10.1.0.0"), static_cast<uint8_t>(len));
        auto back = MobileNetworkRequestExtension::FromExtension(req.ToExtension());
        ASSERT_TRUE(back.has_value()) << len;
        EXPECT_FALSE(back->IsPrefixLengthValid()) << len;
        EXPECT_EQ(back->GetPrefixLength(), len);

        MipRegistrationRequest rrq = SampleRequest();
        rrq.AddExtension(req.ToExtension());
        MipAuthExtension::Append(rrq, MipAuthExtension::TYPE_MOBILE_HOME, 256, MN_HA_KEY);
        MipRegistrationRequest parsed;
        EXPECT_EQ(parsed.FromBytes(rrq.ToBytes()), rrq.GetSerializedSize()) << len;
        ASSERT_EQ(MobileNetworkRequestExtension::FindAll(parsed).size(), 1u);
    }
    for (unsigned len : {1u, 8u, 32u})
    {
        MobileNetworkRequestExtension req(Ipv4Address("10.0.0.0"), static_cast<uint8_t>(len));
        EXPECT_TRUE(req.IsPrefixLengthValid()) << len;
    }
    EXPECT_EQ(MobileNetworkRequestExtension(Ipv4Address(), 0).GetMask(), Ipv4Mask(0u));
    EXPECT_EQ(MobileNetworkRequestExtension(Ipv4Address(), 1).GetMask(), Ipv4Mask("128.0.0.0"));
    EXPECT_EQ(MobileNetworkRequestExtension(Ipv4Address(), 32).GetMask(),
              Ipv4Mask("255.255.255.255"));
}

TEST(NemoMobileNetworkRequest, FromExtensionRejectsOtherShapes)
{
    MipBytes five = MipFromHex("10 0a 01 00 00");
    EXPECT_TRUE(MobileNetworkRequestExtension::FromExtension(MipExtension::Short(148, 0, five)));
    // Wrong Length (data 4 or 6 octets).
    EXPECT_FALSE(MobileNetworkRequestExtension::FromExtension(
        MipExtension::Short(148, 0, MipFromHex("10 0a 01 00"))));
    EXPECT_FALSE(MobileNetworkRequestExtension::FromExtension(
        MipExtension::Short(148, 0, MipFromHex("10 0a 01 00 00 00"))));
    // Other sub-type, type or format.
    EXPECT_FALSE(MobileNetworkRequestExtension::FromExtension(MipExtension::Short(148, 1, five)));
    EXPECT_FALSE(MobileNetworkRequestExtension::FromExtension(MipExtension::Short(149, 0, five)));
    EXPECT_FALSE(MobileNetworkRequestExtension::FromExtension(MipExtension::Tlv(148, five)));
    EXPECT_FALSE(MobileNetworkRequestExtension::FromExtension(MipExtension::Long(148, 0, five)));
}

TEST(NemoMobileNetworkAck, ByteVectors)
{
    MobileNetworkAckExtension ack(MobileNetworkAckExtension::SUBTYPE_EXPLICIT,
                                  MOBNET_SUCCESS,
                                  Ipv4Address("10.1.0.0"),
                                  16);
    EXPECT_EQ(MipToHex(Serialize(ack.ToExtension())), "94 08 01 00 10 00 0a 01 00 00");

    MobileNetworkAckExtension implicit(MobileNetworkAckExtension::SUBTYPE_IMPLICIT,
                                       MOBNET_UNAUTHORIZED,
                                       Ipv4Address("192.168.5.0"),
                                       24);
    EXPECT_EQ(MipToHex(Serialize(implicit.ToExtension())), "94 08 02 02 18 00 c0 a8 05 00");

    auto back =
        MobileNetworkAckExtension::FromExtension(*ParseOne(MipFromHex("94 08 01 03 1c 00 c0 00 "
                                                                      "02 00")));
    ASSERT_TRUE(back.has_value());
    EXPECT_TRUE(back->IsExplicitMode());
    EXPECT_EQ(back->GetCode(), MOBNET_FWDING_SETUP_FAILED);
    EXPECT_FALSE(back->IsSuccess());
    EXPECT_EQ(back->GetPrefixLength(), 28);
    EXPECT_EQ(back->GetPrefix(), Ipv4Address("192.0.2.0"));
    EXPECT_EQ(back->GetReserved(), 0);
}

TEST(NemoMobileNetworkAck, RoundTripReservedAndUnnamedCodes)
{
    // Reserved octet 0x5a and code 200 are kept: the extension re-serializes unchanged.
    MipBytes bytes = MipFromHex("94 08 02 c8 21 5a 0a 01 02 03");
    auto back = MobileNetworkAckExtension::FromExtension(*ParseOne(bytes));
    ASSERT_TRUE(back.has_value());
    EXPECT_FALSE(back->IsExplicitMode());
    EXPECT_EQ(back->GetSubtype(), MobileNetworkAckExtension::SUBTYPE_IMPLICIT);
    EXPECT_EQ(back->GetCode(), 200);
    EXPECT_EQ(back->GetPrefixLength(), 33);
    EXPECT_EQ(back->GetReserved(), 0x5a);
    EXPECT_EQ(Serialize(back->ToExtension()), bytes);

    MobileNetworkAckExtension ack;
    ack.SetSubtype(MobileNetworkAckExtension::SUBTYPE_IMPLICIT);
    ack.SetCode(MOBNET_INVALID_PREFIX_LEN);
    ack.SetPrefix(Ipv4Address("10.9.0.0"));
    ack.SetPrefixLength(0);
    auto again = MobileNetworkAckExtension::FromExtension(ack.ToExtension());
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, ack);
    std::ostringstream os;
    os << ack;
    EXPECT_EQ(os.str(), "MobileNetworkAck implicit 10.9.0.0/0 MOBNET_INVALID_PREFIX_LEN");
}

TEST(NemoMobileNetworkAck, CodeNames)
{
    EXPECT_EQ(MobileNetworkAckCodeName(0), "success");
    EXPECT_EQ(MobileNetworkAckCodeName(1), "MOBNET_INVALID_PREFIX_LEN");
    EXPECT_EQ(MobileNetworkAckCodeName(2), "MOBNET_UNAUTHORIZED");
    EXPECT_EQ(MobileNetworkAckCodeName(3), "MOBNET_FWDING_SETUP_FAILED");
    EXPECT_EQ(MobileNetworkAckCodeName(4), "unassigned (4)");
    EXPECT_EQ(static_cast<int>(MOBNET_SUCCESS), 0);
    EXPECT_EQ(static_cast<int>(MOBNET_INVALID_PREFIX_LEN), 1);
    EXPECT_EQ(static_cast<int>(MOBNET_UNAUTHORIZED), 2);
    EXPECT_EQ(static_cast<int>(MOBNET_FWDING_SETUP_FAILED), 3);
}

TEST(NemoMobileNetworkAck, FromExtensionRejectsOtherShapes)
{
    MipBytes seven = MipFromHex("00 10 00 0a 01 00 00");
    EXPECT_TRUE(MobileNetworkAckExtension::FromExtension(MipExtension::Short(148, 1, seven)));
    EXPECT_TRUE(MobileNetworkAckExtension::FromExtension(MipExtension::Short(148, 2, seven)));
    EXPECT_FALSE(MobileNetworkAckExtension::FromExtension(MipExtension::Short(148, 0, seven)));
    EXPECT_FALSE(MobileNetworkAckExtension::FromExtension(MipExtension::Short(148, 3, seven)));
    EXPECT_FALSE(MobileNetworkAckExtension::FromExtension(
        MipExtension::Short(148, 1, MipFromHex("00 10 00 0a 01 00"))));
    EXPECT_FALSE(MobileNetworkAckExtension::FromExtension(
        MipExtension::Short(148, 1, MipFromHex("00 10 00 0a 01 00 00 00"))));
    EXPECT_FALSE(MobileNetworkAckExtension::FromExtension(MipExtension::Tlv(148, seven)));
}

TEST(NemoInMessages, RequestCarriesPrefixesAndSurvivesAPacket)
{
    MipRegistrationRequest rrq = SampleRequest();
    rrq.AddExtension(MobileNetworkRequestExtension(Ipv4Address("10.1.0.0"), 16).ToExtension());
    rrq.AddExtension(MobileNetworkRequestExtension(Ipv4Address("10.2.3.0"), 24).ToExtension());
    MipAuthExtension::Append(rrq, MipAuthExtension::TYPE_MOBILE_HOME, 256, MN_HA_KEY);

    // The octets up to the authentication extension, by hand.
    MipBytes bytes = rrq.ToBytes();
    MipBytes head(bytes.begin(), bytes.begin() + 24 + 16);
    EXPECT_EQ(MipToHex(head),
              MipToHex(RequestWith("94 06 00 10 0a 01 00 00 94 06 00 18 0a 02 03 00")));

    MipRegistrationRequest back = ThroughPacket(rrq);
    auto prefixes = MobileNetworkRequestExtension::FindAll(back);
    ASSERT_EQ(prefixes.size(), 2u);
    EXPECT_EQ(prefixes[0], MobileNetworkRequestExtension(Ipv4Address("10.1.0.0"), 16));
    EXPECT_EQ(prefixes[1], MobileNetworkRequestExtension(Ipv4Address("10.2.3.0"), 24));
    // The NEMO extensions precede, and are covered by, the MN-HA authenticator.
    EXPECT_EQ(MipAuthExtension::Verify(back, MipAuthExtension::TYPE_MOBILE_HOME, 256, MN_HA_KEY),
              MipAuthResult::OK);
}

TEST(NemoInMessages, ReplyCarriesBothAckModes)
{
    MipRegistrationReply rrp = SampleReply();
    rrp.AddExtension(SuccessAck(MobileNetworkAckExtension::SUBTYPE_EXPLICIT, "10.1.0.0", 16));
    rrp.AddExtension(SuccessAck(MobileNetworkAckExtension::SUBTYPE_IMPLICIT, "10.7.0.0", 16));
    EXPECT_EQ(MipToHex(rrp.ToBytes()),
              MipToHex(ReplyWith("94 08 01 00 10 00 0a 01 00 00"
                                 " 94 08 02 00 10 00 0a 07 00 00")));

    MipRegistrationReply back = ThroughPacket(rrp);
    auto acks = MobileNetworkAckExtension::FindAll(back);
    ASSERT_EQ(acks.size(), 2u);
    EXPECT_TRUE(acks[0].IsExplicitMode());
    EXPECT_FALSE(acks[1].IsExplicitMode());
    EXPECT_EQ(acks[1].GetPrefix(), Ipv4Address("10.7.0.0"));
}

TEST(NemoInMessages, WrongLengthRejectsTheWholeMessage)
{
    const char* bad[] = {
        "94 05 00 10 0a 01 00",       // 148/0 with 4 data octets
        "94 07 00 10 0a 01 00 00 00", // 148/0 with 6 data octets
    };
    for (const char* ext : bad)
    {
        MipRegistrationRequest rrq;
        ExpectRejected(rrq, RequestWith(ext), MipParseError::MALFORMED_EXTENSION);
    }
    const char* badAcks[] = {
        "94 07 01 00 10 00 0a 01 00",       // 148/1 with 6 data octets
        "94 09 02 00 10 00 0a 01 00 00 00", // 148/2 with 8 data octets
        "94 02 01 00",                      // 148/1 with 1 data octet
    };
    for (const char* ext : badAcks)
    {
        MipRegistrationReply rrp;
        ExpectRejected(rrp, ReplyWith(ext), MipParseError::MALFORMED_EXTENSION);
    }
    // A good one next to a bad one: still rejected as a whole.
    MipRegistrationReply rrp;
    ExpectRejected(rrp,
                   ReplyWith("94 08 01 00 10 00 0a 01 00 00 94 03 02 00 10"),
                   MipParseError::MALFORMED_EXTENSION);
}

TEST(NemoInMessages, UndefinedSubtypeIsSkipped)
{
    // 148/3 is not defined; type 148 is skippable, so the message is kept as is.
    MipBytes bytes = ReplyWith("94 03 03 aa bb");
    MipRegistrationReply rrp;
    EXPECT_EQ(rrp.FromBytes(bytes), bytes.size());
    EXPECT_TRUE(MobileNetworkAckExtension::FindAll(rrp).empty());
    EXPECT_EQ(rrp.ToBytes(), bytes);
}

TEST(NemoFuzz, RequestParserNeverCrashes)
{
    FuzzExtensionParser<MobileNetworkRequestExtension>({MipFromHex("94 06 00 10 0a 01 00 00"),
                                                        MipFromHex("94 06 00 00 00 00 00 00"),
                                                        MipFromHex("94 06 00 ff ff ff ff ff")});
}

TEST(NemoFuzz, AckParserNeverCrashes)
{
    FuzzExtensionParser<MobileNetworkAckExtension>(
        {MipFromHex("94 08 01 00 10 00 0a 01 00 00"), MipFromHex("94 08 02 02 18 00 c0 a8 05 00")});
}

TEST(NemoFuzz, MessagesWithNemoExtensionsNeverCrash)
{
    MipRegistrationRequest rrq = SampleRequest();
    rrq.AddExtension(MobileNetworkRequestExtension(Ipv4Address("10.1.0.0"), 16).ToExtension());
    MipAuthExtension::Append(rrq, MipAuthExtension::TYPE_MOBILE_HOME, 256, MN_HA_KEY);
    MipRegistrationReply rrp = SampleReply();
    rrp.AddExtension(SuccessAck(MobileNetworkAckExtension::SUBTYPE_EXPLICIT, "10.1.0.0", 16));
    FuzzMessageParser<MipRegistrationRequest>({rrq.ToBytes()}, [](const MipRegistrationRequest& m) {
        MobileNetworkRequestExtension::FindAll(m);
    });
    FuzzMessageParser<MipRegistrationReply>({rrp.ToBytes()}, [](const MipRegistrationReply& m) {
        MobileNetworkAckExtension::FindAll(m);
    });
}
