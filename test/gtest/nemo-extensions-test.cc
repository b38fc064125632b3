/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * NEMOv4 extensions (RFC 5177 section 4): Mobile Network Request (148/0) and Mobile
 * Network Acknowledgement (148/1 explicit, 148/2 implicit). Byte vectors were derived by
 * hand from the RFC layout: Type 0x94, Length, Sub-Type, then the fields in order.
 */
#include "fuzz-util.h"

#include "ns3/mip-auth-extension.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/mip-registration-request.h"
#include "ns3/nemo-extensions.h"
#include "ns3/packet.h"

#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;

namespace
{

const MipBytes KEY = MipFromHex("00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f");

/// Request fixed part: D and T set, lifetime 1800, HoA 10.0.0.1, HA 10.0.0.254,
/// CoA 192.0.2.7, Identification 0x0102030405060708.
const char* REQUEST_FIXED =
    "01 22 07 08 0a 00 00 01 0a 00 00 fe c0 00 02 07 01 02 03 04 05 06 07 08";
/// Reply fixed part: code 0, lifetime 60, HoA 10.0.0.1, HA 10.0.0.254, id 1.
const char* REPLY_FIXED = "03 00 00 3c 0a 00 00 01 0a 00 00 fe 00 00 00 00 00 00 00 01";

MipBytes
Serialize(const MipExtension& e)
{
    MipBytes out;
    MipWireWriter w(out);
    e.Serialize(w);
    return out;
}

/// Parses octets as exactly one extension; nothing if the framing is not that.
std::optional<MipExtension>
ParseOne(const MipBytes& in)
{
    MipExtensionList list;
    MipWireReader r(in);
    if (list.Parse(r) != MipParseError::NONE || list.GetCount() != 1)
    {
        return std::nullopt;
    }
    return list.Get(0);
}

MipRegistrationRequest
SampleRequest()
{
    MipRegistrationRequest rrq;
    rrq.SetFlag(MipRegistrationRequest::FLAG_D, true);
    rrq.SetFlag(MipRegistrationRequest::FLAG_T, true);
    rrq.SetLifetime(1800);
    rrq.SetHomeAddress(Ipv4Address("10.0.0.1"));
    rrq.SetHomeAgent(Ipv4Address("10.0.0.254"));
    rrq.SetCareOfAddress(Ipv4Address("192.0.2.7"));
    rrq.SetIdentification(0x0102030405060708ULL);
    return rrq;
}

MipRegistrationReply
SampleReply()
{
    MipRegistrationReply rrp;
    rrp.SetCode(MIP_REPLY_ACCEPTED);
    rrp.SetLifetime(60);
    rrp.SetHomeAddress(Ipv4Address("10.0.0.1"));
    rrp.SetHomeAgent(Ipv4Address("10.0.0.254"));
    rrp.SetIdentification(1);
    return rrp;
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
        MipAuthExtension::Append(rrq, MipAuthExtension::TYPE_MOBILE_HOME, 256, KEY);
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
    MipAuthExtension::Append(rrq, MipAuthExtension::TYPE_MOBILE_HOME, 256, KEY);

    // The octets up to the authentication extension, by hand.
    MipBytes bytes = rrq.ToBytes();
    MipBytes head(bytes.begin(), bytes.begin() + 24 + 16);
    EXPECT_EQ(MipToHex(head),
              MipToHex(MipFromHex(std::string(REQUEST_FIXED) +
                                  " 94 06 00 10 0a 01 00 00 94 06 00 18 0a 02 03 00")));

    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(rrq);
    MipRegistrationRequest back;
    EXPECT_EQ(p->RemoveHeader(back), rrq.GetSerializedSize());
    auto prefixes = MobileNetworkRequestExtension::FindAll(back);
    ASSERT_EQ(prefixes.size(), 2u);
    EXPECT_EQ(prefixes[0], MobileNetworkRequestExtension(Ipv4Address("10.1.0.0"), 16));
    EXPECT_EQ(prefixes[1], MobileNetworkRequestExtension(Ipv4Address("10.2.3.0"), 24));
    // The NEMO extensions precede, and are covered by, the MN-HA authenticator.
    EXPECT_EQ(MipAuthExtension::Verify(back, MipAuthExtension::TYPE_MOBILE_HOME, 256, KEY),
              MipAuthResult::OK);
}

TEST(NemoInMessages, ReplyCarriesBothAckModes)
{
    MipRegistrationReply rrp = SampleReply();
    rrp.AddExtension(MobileNetworkAckExtension(MobileNetworkAckExtension::SUBTYPE_EXPLICIT,
                                               MOBNET_SUCCESS,
                                               Ipv4Address("10.1.0.0"),
                                               16)
                         .ToExtension());
    rrp.AddExtension(MobileNetworkAckExtension(MobileNetworkAckExtension::SUBTYPE_IMPLICIT,
                                               MOBNET_SUCCESS,
                                               Ipv4Address("10.7.0.0"),
                                               16)
                         .ToExtension());
    EXPECT_EQ(MipToHex(rrp.ToBytes()),
              MipToHex(MipFromHex(std::string(REPLY_FIXED) + " 94 08 01 00 10 00 0a 01 00 00"
                                                             " 94 08 02 00 10 00 0a 07 00 00")));

    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(rrp);
    MipRegistrationReply back;
    EXPECT_EQ(p->RemoveHeader(back), rrp.GetSerializedSize());
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
        EXPECT_EQ(rrq.FromBytes(MipFromHex(std::string(REQUEST_FIXED) + " " + ext)), 0u) << ext;
        EXPECT_EQ(rrq.GetParseError(), MipParseError::MALFORMED_EXTENSION) << ext;
    }
    const char* badAcks[] = {
        "94 07 01 00 10 00 0a 01 00",       // 148/1 with 6 data octets
        "94 09 02 00 10 00 0a 01 00 00 00", // 148/2 with 8 data octets
        "94 02 01 00",                      // 148/1 with 1 data octet
    };
    for (const char* ext : badAcks)
    {
        MipRegistrationReply rrp;
        EXPECT_EQ(rrp.FromBytes(MipFromHex(std::string(REPLY_FIXED) + " " + ext)), 0u) << ext;
        EXPECT_EQ(rrp.GetParseError(), MipParseError::MALFORMED_EXTENSION) << ext;
    }
    // A good one next to a bad one: still rejected as a whole.
    MipRegistrationReply rrp;
    EXPECT_EQ(rrp.FromBytes(MipFromHex(std::string(REPLY_FIXED) +
                                       " 94 08 01 00 10 00 0a 01 00 00 94 03 02 00 10")),
              0u);
    EXPECT_EQ(rrp.GetParseError(), MipParseError::MALFORMED_EXTENSION);
}

TEST(NemoInMessages, UndefinedSubtypeIsSkipped)
{
    // 148/3 is not defined; type 148 is skippable, so the message is kept as is.
    MipBytes bytes = MipFromHex(std::string(REPLY_FIXED) + " 94 03 03 aa bb");
    MipRegistrationReply rrp;
    EXPECT_EQ(rrp.FromBytes(bytes), bytes.size());
    EXPECT_TRUE(MobileNetworkAckExtension::FindAll(rrp).empty());
    EXPECT_EQ(rrp.ToBytes(), bytes);
}

TEST(NemoFuzz, RequestParserNeverCrashes)
{
    auto parse = [](const MipBytes& in) {
        auto e = ParseOne(in);
        if (!e)
        {
            return false;
        }
        auto req = MobileNetworkRequestExtension::FromExtension(*e);
        if (req)
        {
            EXPECT_EQ(Serialize(req->ToExtension()), in);
        }
        return req.has_value();
    };
    haaro_test::FuzzParser(parse,
                           {MipFromHex("94 06 00 10 0a 01 00 00"),
                            MipFromHex("94 06 00 00 00 00 00 00"),
                            MipFromHex("94 06 00 ff ff ff ff ff")});
}

TEST(NemoFuzz, AckParserNeverCrashes)
{
    auto parse = [](const MipBytes& in) {
        auto e = ParseOne(in);
        if (!e)
        {
            return false;
        }
        auto ack = MobileNetworkAckExtension::FromExtension(*e);
        if (ack)
        {
            EXPECT_EQ(Serialize(ack->ToExtension()), in);
        }
        return ack.has_value();
    };
    haaro_test::FuzzParser(
        parse,
        {MipFromHex("94 08 01 00 10 00 0a 01 00 00"), MipFromHex("94 08 02 02 18 00 c0 a8 05 00")});
}

TEST(NemoFuzz, MessagesWithNemoExtensionsNeverCrash)
{
    MipRegistrationRequest rrq = SampleRequest();
    rrq.AddExtension(MobileNetworkRequestExtension(Ipv4Address("10.1.0.0"), 16).ToExtension());
    MipAuthExtension::Append(rrq, MipAuthExtension::TYPE_MOBILE_HOME, 256, KEY);
    MipRegistrationReply rrp = SampleReply();
    rrp.AddExtension(MobileNetworkAckExtension(MobileNetworkAckExtension::SUBTYPE_EXPLICIT,
                                               MOBNET_SUCCESS,
                                               Ipv4Address("10.1.0.0"),
                                               16)
                         .ToExtension());
    haaro_test::FuzzParser(
        [](const MipBytes& in) {
            MipRegistrationRequest m;
            uint32_t n = m.FromBytes(in);
            if (n != 0)
            {
                EXPECT_EQ(m.ToBytes(), in);
                MobileNetworkRequestExtension::FindAll(m);
            }
            return n != 0;
        },
        {rrq.ToBytes()},
        false);
    haaro_test::FuzzParser(
        [](const MipBytes& in) {
            MipRegistrationReply m;
            uint32_t n = m.FromBytes(in);
            if (n != 0)
            {
                EXPECT_EQ(m.ToBytes(), in);
                MobileNetworkAckExtension::FindAll(m);
            }
            return n != 0;
        },
        {rrp.ToBytes()},
        false);
}
