/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Registration Request / Reply (RFC 5944 sections 3.3-3.5): byte vectors, flags, round
 * trips through ns-3 packets, MN-HA authentication, and malformed input.
 */
#include "wire-test-util.h"

#include "ns3/mip-auth-extension.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/mip-registration-request.h"
#include "ns3/packet.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace haaro_test;

TEST(MipRegistrationRequest, FixedPartByteVector)
{
    MipRegistrationRequest rrq = SampleRequest();
    EXPECT_EQ(MipToHex(rrq.ToBytes()),
              "01 22 07 08 0a 00 00 01 0a 00 00 fe c0 00 02 07 01 02 03 04 05 06 07 08");
    EXPECT_EQ(rrq.GetSerializedSize(), 24u);
}

TEST(MipRegistrationRequest, EveryFlagHasItsBit)
{
    using R = MipRegistrationRequest;
    const std::pair<R::Flag, uint8_t> bits[] = {{R::FLAG_S, 0x80},
                                                {R::FLAG_B, 0x40},
                                                {R::FLAG_D, 0x20},
                                                {R::FLAG_M, 0x10},
                                                {R::FLAG_G, 0x08},
                                                {R::FLAG_R, 0x04},
                                                {R::FLAG_T, 0x02},
                                                {R::FLAG_X, 0x01}};
    for (auto [flag, octet] : bits)
    {
        R rrq;
        rrq.SetFlag(flag, true);
        EXPECT_EQ(rrq.ToBytes()[1], octet);
        R back;
        ASSERT_EQ(back.FromBytes(rrq.ToBytes()), 24u);
        EXPECT_TRUE(back.GetFlag(flag));
        EXPECT_EQ(back.GetFlags(), octet);
        rrq.SetFlag(flag, false);
        EXPECT_EQ(rrq.ToBytes()[1], 0);
    }
}

TEST(MipRegistrationRequest, AuthenticatedRequestByteVector)
{
    // Vector checked independently with Python's hmac module:
    // HMAC-MD5(00..0f, fixed part | 148/0 extension | 20 14 00 00 01 00).
    MipRegistrationRequest rrq = SampleRequest();
    rrq.AddExtension(MipExtension::Short(148, 0, MipFromHex("10 0a 01 00 00")));
    MipAuthExtension::Append(rrq, MipAuthExtension::TYPE_MOBILE_HOME, 256, MN_HA_KEY);
    EXPECT_EQ(MipToHex(rrq.ToBytes()),
              "01 22 07 08 0a 00 00 01 0a 00 00 fe c0 00 02 07 01 02 03 04 05 06 07 08 "
              "94 06 00 10 0a 01 00 00 "
              "20 14 00 00 01 00 ea a5 08 3c c3 4a fc f3 ed 44 61 21 dc f1 32 28");
    EXPECT_EQ(MipAuthExtension::Verify(rrq, MipAuthExtension::TYPE_MOBILE_HOME, 256, MN_HA_KEY),
              MipAuthResult::OK);
}

TEST(MipRegistrationRequest, AuthenticationFailures)
{
    MipRegistrationRequest rrq = SampleRequest();
    EXPECT_EQ(MipAuthExtension::Verify(rrq, 32, 256, MN_HA_KEY), MipAuthResult::MISSING);
    MipAuthExtension::Append(rrq, 32, 256, MN_HA_KEY);
    EXPECT_EQ(MipAuthExtension::Verify(rrq, 32, 257, MN_HA_KEY), MipAuthResult::BAD_SPI);
    MipBytes wrongKey = MN_HA_KEY;
    wrongKey[0] ^= 1;
    EXPECT_EQ(MipAuthExtension::Verify(rrq, 32, 256, wrongKey), MipAuthResult::MISMATCH);

    // Any change to a covered octet breaks the authenticator; the authenticator octets
    // themselves are what is compared.
    MipBytes bytes = rrq.ToBytes();
    for (size_t i = 0; i < bytes.size(); ++i)
    {
        MipBytes tampered = bytes;
        tampered[i] ^= 0x01;
        MipRegistrationRequest back;
        if (back.FromBytes(tampered) == 0)
        {
            continue; // e.g. the type octet or the extension Length: not even parsed
        }
        EXPECT_NE(MipAuthExtension::Verify(back, 32, 256, MN_HA_KEY), MipAuthResult::OK)
            << "flipping octet " << i << " went unnoticed";
    }
}

TEST(MipRegistrationRequest, ExtensionsAfterTheAuthenticatorAreNotCovered)
{
    MipRegistrationRequest rrq = SampleRequest();
    MipAuthExtension::Append(rrq, 32, 300, MN_HA_KEY);
    rrq.AddExtension(MipExtension::Tlv(33, MipFromHex("00 00 01 00 11 22"))); // MN-FA, after
    EXPECT_EQ(MipAuthExtension::Verify(rrq, 32, 300, MN_HA_KEY), MipAuthResult::OK);
}

TEST(MipRegistrationRequest, AuthenticateKeepsOnlyTheCoveredExtensions)
{
    // RFC 5944 section 3.5.2: the authenticator marks the end of the authenticated data.
    MipRegistrationRequest rrq = SampleRequest();
    rrq.AddExtension(MipExtension::Short(153, 1, MipFromHex("a0 00"))); // covered
    MipAuthExtension::Append(rrq, 32, 300, MN_HA_KEY);
    rrq.AddExtension(MipExtension::Short(153, 1, MipFromHex("e0 00"))); // appended after
    rrq.AddExtension(MipExtension::Tlv(200, MipFromHex("01 02")));
    ASSERT_EQ(rrq.GetExtensions().GetCount(), 4u);

    MipRegistrationRequest wrongKey = rrq;
    size_t removed = 99;
    EXPECT_EQ(MipAuthExtension::Authenticate(wrongKey, 32, 300, MipBytes(16, 1), &removed),
              MipAuthResult::MISMATCH);
    EXPECT_EQ(removed, 0u);
    EXPECT_EQ(wrongKey.GetExtensions().GetCount(), 4u); // untouched on failure

    EXPECT_EQ(MipAuthExtension::Authenticate(rrq, 32, 300, MN_HA_KEY, &removed), MipAuthResult::OK);
    EXPECT_EQ(removed, 2u);
    ASSERT_EQ(rrq.GetExtensions().GetCount(), 2u);
    EXPECT_TRUE(rrq.GetExtensions().Get(0).Is(153, 1));
    EXPECT_EQ(MipToHex(rrq.GetExtensions().Get(0).data), "a0 00");
    EXPECT_TRUE(rrq.GetExtensions().Get(1).Is(32, 0));
    // Still verifies: nothing that was covered changed.
    EXPECT_EQ(MipAuthExtension::Verify(rrq, 32, 300, MN_HA_KEY), MipAuthResult::OK);
}

TEST(MipRegistrationRequest, RoundTripThroughAnNs3Packet)
{
    MipRegistrationRequest rrq = SampleRequest();
    rrq.AddExtension(MipExtension::Short(148, 0, MipFromHex("18 0a 01 02 00")));
    MipAuthExtension::Append(rrq, 32, 256, MN_HA_KEY);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(rrq);
    EXPECT_EQ(p->GetSize(), rrq.GetSerializedSize());
    MipRegistrationRequest back;
    EXPECT_EQ(p->RemoveHeader(back), rrq.GetSerializedSize());
    EXPECT_EQ(back.ToBytes(), rrq.ToBytes());
    EXPECT_EQ(back.GetCareOfAddress(), Ipv4Address("192.0.2.7"));
    EXPECT_EQ(back.GetIdentification(), 0x0102030405060708ULL);
    EXPECT_EQ(back.GetExtensions().GetCount(), 2u);
    EXPECT_EQ(p->GetSize(), 0u);
}

TEST(MipRegistrationRequest, RejectsOtherTypesAndTruncation)
{
    MipBytes bytes = SampleRequest().ToBytes();
    MipRegistrationRequest rrq;
    bytes[0] = 3;
    ExpectRejected(rrq, bytes, MipParseError::BAD_TYPE);
    bytes[0] = 1;
    bytes.pop_back();
    ExpectRejected(rrq, bytes, MipParseError::TRUNCATED);
}

TEST(MipRegistrationRequest, MalformedInputNeverCrashes)
{
    MipRegistrationRequest a = SampleRequest();
    MipRegistrationRequest b = SampleRequest();
    b.AddExtension(MipExtension::Short(148, 0, MipFromHex("10 0a 01 00 00")));
    b.AddExtension(MipExtension::Pad());
    MipAuthExtension::Append(b, 32, 256, MN_HA_KEY);
    // A prefix that cuts between extensions is valid, so prefixes may be accepted.
    FuzzMessageParser<MipRegistrationRequest>({a.ToBytes(), b.ToBytes()});
}

TEST(MipRegistrationReply, ByteVectorAndCodes)
{
    MipRegistrationReply rrp = MakeReply(MIP_REPLY_HA_ID_MISMATCH,
                                         0,
                                         Ipv4Address("10.0.0.1"),
                                         Ipv4Address("10.0.0.254"),
                                         0xdeadbeef00000001ULL);
    EXPECT_EQ(MipToHex(rrp.ToBytes()),
              "03 85 00 00 0a 00 00 01 0a 00 00 fe de ad be ef 00 00 00 01");
    MipRegistrationReply back;
    ASSERT_EQ(back.FromBytes(rrp.ToBytes()), 20u);
    EXPECT_EQ(back.GetCode(), 133);
    EXPECT_EQ(back.GetIdentification(), 0xdeadbeef00000001ULL);

    EXPECT_EQ(MipReplyCodeName(131), "HA: mobile node failed authentication");
    EXPECT_EQ(MipReplyCodeName(142),
              "HA: UDP encapsulation unavailable (ERROR_HA_UDP_ENCAP_UNAVAIL)");
    EXPECT_EQ(MipReplyCodeName(147), "HA: HA_MOBNET_ERROR");
    EXPECT_EQ(MipReplyCodeName(2), "concurrent registration (pre-accept)");
    EXPECT_EQ(MipReplyCodeName(203), "CR: expired nonces");
    EXPECT_EQ(MipReplyCodeName(250), "unassigned (250)");
    EXPECT_TRUE(MipReplyCodeIsSuccess(MIP_REPLY_CONCURRENT_REGISTRATION));
    EXPECT_FALSE(MipReplyCodeIsSuccess(MIP_REPLY_HA_MN_AUTH_FAILED));
}

TEST(MipRegistrationReply, MalformedInputNeverCrashes)
{
    MipRegistrationReply rrp;
    rrp.SetHomeAddress(Ipv4Address("10.0.0.1"));
    MipAuthExtension::Append(rrp, 32, 256, MN_HA_KEY);
    FuzzMessageParser<MipRegistrationReply>({rrp.ToBytes()});
}

TEST(MipRegistrationReply, AnswersOnlyItsRequest)
{
    // RFC 5944 sections 3.6.2.1 and 5.7.1: the whole Identification is copied, except in a
    // 133, whose high-order 32 bits carry the Home Agent's time.
    const uint64_t request = 0xebfe'0000'1234'5678ULL;
    MipRegistrationReply reply;
    reply.SetCode(MIP_REPLY_ACCEPTED);
    reply.SetIdentification(request);
    EXPECT_TRUE(reply.AnswersRequest(request));
    reply.SetIdentification(0xebfe'0001'1234'5678ULL); // other seconds, same low bits
    EXPECT_FALSE(reply.AnswersRequest(request));
    reply.SetCode(MIP_REPLY_HA_ID_MISMATCH);
    EXPECT_TRUE(reply.AnswersRequest(request));
    reply.SetIdentification(0xebfe'0001'1234'5679ULL);
    EXPECT_FALSE(reply.AnswersRequest(request));
}
