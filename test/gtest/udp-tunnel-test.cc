/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * RFC 3519 (Mobile IP traversal of NAT devices): UDP Tunnel Request Extension (144/0),
 * UDP Tunnel Reply Extension (44/0) and the MIP Tunnel Data header (message type 4).
 * Byte vectors were derived by hand from the RFC 3519 section 3 layouts.
 */
#include "fuzz-util.h"
#include "wire-test-util.h"

#include "ns3/mip-auth-extension.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/mip-registration-request.h"
#include "ns3/mip-tunnel-data-header.h"
#include "ns3/packet.h"
#include "ns3/udp-tunnel-extensions.h"

#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;
using namespace haaro_test;

// ---------------------------------------------------------------------------------------
// UDP Tunnel Request (144/0)

TEST(UdpTunnelRequest, ByteVectors)
{
    using U = UdpTunnelRequestExtension;
    EXPECT_EQ(MipToHex(Serialize(U(true, U::ENCAP_IP_IN_IP).ToExtension())),
              "90 06 00 00 80 04 00 00");
    EXPECT_EQ(MipToHex(Serialize(U(false, U::ENCAP_GRE).ToExtension())), "90 06 00 00 00 2f 00 00");
    U r(false, U::ENCAP_FROM_FLAGS);
    r.SetRegisteredThroughFa(true);
    EXPECT_EQ(MipToHex(Serialize(r.ToExtension())), "90 06 00 00 40 00 00 00");
    U both(true, U::ENCAP_MINIMAL);
    both.SetRegisteredThroughFa(true);
    EXPECT_EQ(MipToHex(Serialize(both.ToExtension())), "90 06 00 00 c0 37 00 00");

    auto back = U::FromExtension(*ParseOne(MipFromHex("90 06 00 00 c0 37 00 00")));
    ASSERT_TRUE(back.has_value());
    EXPECT_TRUE(back->GetForce());
    EXPECT_TRUE(back->GetRegisteredThroughFa());
    EXPECT_EQ(back->GetEncapsulation(), U::ENCAP_MINIMAL);
    EXPECT_EQ(*back, both);
}

TEST(UdpTunnelRequest, ReservedOneAndTwoAreIgnoredButKept)
{
    MipBytes bytes = MipFromHex("90 06 00 a5 95 04 00 00"); // Reserved 1 0xa5, Reserved 2 0x15
    auto back = UdpTunnelRequestExtension::FromExtension(*ParseOne(bytes));
    ASSERT_TRUE(back.has_value());
    EXPECT_TRUE(back->GetForce());
    EXPECT_FALSE(back->GetRegisteredThroughFa());
    EXPECT_EQ(back->GetReserved1(), 0xa5);
    EXPECT_EQ(back->GetReserved2(), 0x15);
    EXPECT_EQ(back->GetEncapsulation(), 4);
    EXPECT_EQ(Serialize(back->ToExtension()), bytes);
    std::ostringstream os;
    os << *back;
    EXPECT_EQ(os.str(), "UdpTunnelRequest F=1 R=0 encapsulation=4");
}

TEST(UdpTunnelRequest, NonZeroReserved3IsNotUnderstoodButNotRejected)
{
    for (const char* r3 : {"00 01", "80 00", "ff ff"})
    {
        std::string extHex = std::string("90 06 00 00 80 04 ") + r3;
        auto raw = ParseOne(MipFromHex(extHex));
        ASSERT_TRUE(raw.has_value()) << r3; // the framing is fine
        EXPECT_FALSE(UdpTunnelRequestExtension::FromExtension(*raw)) << r3;

        // Type 144 is skippable: the request is accepted, the extension not understood.
        MipRegistrationRequest rrq;
        MipBytes bytes = RequestWith(extHex);
        EXPECT_EQ(rrq.FromBytes(bytes), bytes.size()) << r3;
        EXPECT_FALSE(UdpTunnelRequestExtension::Find(rrq)) << r3;
        EXPECT_TRUE(UdpTunnelRequestExtension::HasNotUnderstood(rrq)) << r3;
        EXPECT_EQ(rrq.ToBytes(), bytes); // kept byte-exact for the authenticator
    }
    MipRegistrationRequest ok;
    ok.AddExtension(UdpTunnelRequestExtension(false, 4).ToExtension());
    EXPECT_FALSE(UdpTunnelRequestExtension::HasNotUnderstood(ok));
}

TEST(UdpTunnelRequest, WrongLengthRejectsTheWholeMessage)
{
    const char* bad[] = {
        "90 05 00 00 80 04 00",       // 4 data octets
        "90 07 00 00 80 04 00 00 00", // 6 data octets
        "90 01 00",                   // no data
    };
    for (const char* ext : bad)
    {
        MipRegistrationRequest rrq;
        ExpectRejected(rrq, RequestWith(ext), MipParseError::MALFORMED_EXTENSION);
    }
    EXPECT_FALSE(UdpTunnelRequestExtension::FromExtension(
        MipExtension::Short(144, 0, MipFromHex("00 80 04 00"))));
    EXPECT_FALSE(UdpTunnelRequestExtension::FromExtension(
        MipExtension::Short(144, 1, MipFromHex("00 80 04 00 00"))));
    EXPECT_FALSE(UdpTunnelRequestExtension::FromExtension(
        MipExtension::Tlv(144, MipFromHex("00 80 04 00 00"))));
}

TEST(UdpTunnelRequest, InARegistrationRequest)
{
    MipRegistrationRequest rrq = SampleRequest();
    rrq.AddExtension(UdpTunnelRequestExtension(true, 4).ToExtension());
    MipAuthExtension::Append(rrq, MipAuthExtension::TYPE_MOBILE_HOME, 256, MN_HA_KEY);
    MipBytes bytes = rrq.ToBytes();
    MipBytes head(bytes.begin(), bytes.begin() + 24 + 8);
    EXPECT_EQ(MipToHex(head), MipToHex(RequestWith("90 06 00 00 80 04 00 00")));

    MipRegistrationRequest back = ThroughPacket(rrq);
    auto ext = UdpTunnelRequestExtension::Find(back);
    ASSERT_TRUE(ext.has_value());
    EXPECT_TRUE(ext->GetForce());
    EXPECT_EQ(ext->GetEncapsulation(), UdpTunnelRequestExtension::ENCAP_IP_IN_IP);
    EXPECT_EQ(MipAuthExtension::Verify(back, MipAuthExtension::TYPE_MOBILE_HOME, 256, MN_HA_KEY),
              MipAuthResult::OK);
}

// ---------------------------------------------------------------------------------------
// UDP Tunnel Reply (44/0)

TEST(UdpTunnelReply, ByteVectors)
{
    using U = UdpTunnelReplyExtension;
    EXPECT_EQ(MipToHex(Serialize(U(U::ACCEPTED, true, 110).ToExtension())),
              "2c 06 00 00 80 00 00 6e");
    EXPECT_EQ(MipToHex(Serialize(U(U::DECLINED, false, 0).ToExtension())),
              "2c 06 00 40 00 00 00 00");
    EXPECT_EQ(MipToHex(Serialize(U(7, false, 0xabcd).ToExtension())), "2c 06 00 07 00 00 ab cd");

    auto back = U::FromExtension(*ParseOne(MipFromHex("2c 06 00 00 80 00 01 2c")));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->GetReplyCode(), U::ACCEPTED);
    EXPECT_TRUE(back->IsAssent());
    EXPECT_TRUE(back->GetForce());
    EXPECT_EQ(back->GetKeepaliveInterval(), 300);
    EXPECT_EQ(back->GetReserved(), 0);
}

TEST(UdpTunnelReply, AssentAndDeclineRanges)
{
    UdpTunnelReplyExtension r;
    for (unsigned code = 0; code < 256; ++code)
    {
        r.SetReplyCode(static_cast<uint8_t>(code));
        EXPECT_EQ(r.IsAssent(), code <= 63) << code;
    }
    EXPECT_EQ(UdpTunnelReplyExtension::ACCEPTED, 0);
    EXPECT_EQ(UdpTunnelReplyExtension::DECLINED, 64);
}

TEST(UdpTunnelReply, ReservedKeptAndAccessors)
{
    MipBytes bytes = MipFromHex("2c 06 00 41 7f ff 00 00"); // F clear, Reserved all ones
    auto back = UdpTunnelReplyExtension::FromExtension(*ParseOne(bytes));
    ASSERT_TRUE(back.has_value());
    EXPECT_FALSE(back->GetForce());
    EXPECT_FALSE(back->IsAssent());
    EXPECT_EQ(back->GetReserved(), 0x7fff);
    EXPECT_EQ(back->GetKeepaliveInterval(), UdpTunnelReplyExtension::KEEPALIVE_DEFAULT);
    EXPECT_EQ(Serialize(back->ToExtension()), bytes);

    UdpTunnelReplyExtension r;
    r.SetForce(true);
    r.SetKeepaliveInterval(25);
    auto again = UdpTunnelReplyExtension::FromExtension(r.ToExtension());
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, r);
    std::ostringstream os;
    os << r;
    EXPECT_EQ(os.str(), "UdpTunnelReply code=0 (assent) F=1 keepalive=25s");
}

TEST(UdpTunnelReply, MalformedRejectsTheWholeReply)
{
    const char* bad[] = {
        "2c 05 00 00 80 00 00",       // 4 data octets
        "2c 07 00 00 80 00 00 6e 00", // 6 data octets
    };
    for (const char* ext : bad)
    {
        MipRegistrationReply rrp;
        ExpectRejected(rrp, ReplyWith(ext), MipParseError::MALFORMED_EXTENSION);
    }
    // Type 44 is not skippable: an undefined sub-type is not understood, so rejected.
    MipRegistrationReply rrp;
    ExpectRejected(rrp, ReplyWith("2c 06 01 00 80 00 00 6e"), MipParseError::UNKNOWN_EXTENSION);
}

TEST(UdpTunnelReply, InARegistrationReply)
{
    MipRegistrationReply rrp = SampleReply();
    rrp.AddExtension(
        UdpTunnelReplyExtension(UdpTunnelReplyExtension::ACCEPTED, false, 110).ToExtension());
    EXPECT_EQ(MipToHex(rrp.ToBytes()), MipToHex(ReplyWith("2c 06 00 00 00 00 00 6e")));
    MipRegistrationReply back = ThroughPacket(rrp);
    auto ext = UdpTunnelReplyExtension::Find(back);
    ASSERT_TRUE(ext.has_value());
    EXPECT_TRUE(ext->IsAssent());
    EXPECT_EQ(ext->GetKeepaliveInterval(), 110);
    EXPECT_FALSE(UdpTunnelReplyExtension::Find(SampleReply()));
}

// ---------------------------------------------------------------------------------------
// MIP Tunnel Data header (message type 4)

TEST(MipTunnelData, ByteVectorAndPacketRoundTrip)
{
    MipTunnelDataHeader h(MipTunnelDataHeader::NEXT_HEADER_GRE);
    EXPECT_EQ(MipToHex(h.ToBytes()), "04 2f 00 00");
    EXPECT_EQ(h.GetSerializedSize(), 4u);

    Ptr<Packet> p = Create<Packet>(reinterpret_cast<const uint8_t*>("\x45\x00"), 2);
    p->AddHeader(h);
    EXPECT_EQ(MipToHex(PacketBytes(p)), "04 2f 00 00 45 00");
    MipTunnelDataHeader back;
    EXPECT_EQ(p->RemoveHeader(back), 4u);
    EXPECT_EQ(back.GetNextHeader(), 47);
    EXPECT_EQ(back.GetReserved(), 0);
    EXPECT_EQ(p->GetSize(), 2u);

    MipTunnelDataHeader def;
    EXPECT_EQ(MipToHex(def.ToBytes()), "04 04 00 00"); // default: IP-in-IP
    def.SetNextHeader(MipTunnelDataHeader::NEXT_HEADER_MINIMAL);
    EXPECT_EQ(MipToHex(def.ToBytes()), "04 37 00 00");
    std::ostringstream os;
    def.Print(os);
    EXPECT_EQ(os.str(), "MipTunnelData next-header=55");
    EXPECT_EQ(MipTunnelDataHeader::GetTypeId().GetName(), "ns3::MipTunnelDataHeader");
    EXPECT_EQ(def.GetInstanceTypeId(), MipTunnelDataHeader::GetTypeId());
}

TEST(MipTunnelData, ReservedIsKept)
{
    MipTunnelDataHeader h;
    EXPECT_EQ(h.FromBytes(MipFromHex("04 04 12 34 45")), 4u);
    EXPECT_EQ(h.GetReserved(), 0x1234);
    EXPECT_EQ(MipToHex(h.ToBytes()), "04 04 12 34");
}

TEST(MipTunnelData, RejectsShortInputAndOtherTypes)
{
    MipTunnelDataHeader h;
    EXPECT_EQ(h.FromBytes(MipFromHex("")), 0u);
    EXPECT_EQ(h.FromBytes(MipFromHex("04")), 0u);
    EXPECT_EQ(h.FromBytes(MipFromHex("04 04 00")), 0u);
    EXPECT_EQ(h.FromBytes(MipFromHex("03 04 00 00")), 0u);
    EXPECT_EQ(h.FromBytes(MipFromHex("01 04 00 00")), 0u);

    // Through ns-3 buffers: a 3-octet packet and a packet of another type. PeekHeader, as
    // the tunnel layer does before it removes anything: Packet::RemoveHeader of a header
    // that does not deserialize violates ns-3's contract (an assertion in ns-3's packet
    // metadata in debug builds).
    Ptr<Packet> shortPacket = Create<Packet>(reinterpret_cast<const uint8_t*>("\x04\x04\x00"), 3);
    EXPECT_EQ(shortPacket->PeekHeader(h), 0u);
    EXPECT_EQ(shortPacket->GetSize(), 3u);
    Ptr<Packet> empty = Create<Packet>();
    EXPECT_EQ(empty->PeekHeader(h), 0u);
    Ptr<Packet> wrongType =
        Create<Packet>(reinterpret_cast<const uint8_t*>("\x18\x04\x00\x00\x00"), 5);
    EXPECT_EQ(wrongType->PeekHeader(h), 0u);
    EXPECT_EQ(wrongType->GetSize(), 5u);
}

// ---------------------------------------------------------------------------------------
// Fuzzing

TEST(UdpTunnelFuzz, RequestParserNeverCrashes)
{
    FuzzExtensionParser<UdpTunnelRequestExtension>(
        {MipFromHex("90 06 00 00 80 04 00 00"), MipFromHex("90 06 00 ff ff 2f 00 00")});
}

TEST(UdpTunnelFuzz, ReplyParserNeverCrashes)
{
    FuzzExtensionParser<UdpTunnelReplyExtension>(
        {MipFromHex("2c 06 00 00 80 00 00 6e"), MipFromHex("2c 06 00 40 7f ff ff ff")});
}

TEST(UdpTunnelFuzz, TunnelDataParserNeverCrashes)
{
    // FromBytes parses the first four octets; what follows is the tunnelled packet, so a
    // valid sample with more octets after it is still valid (rejectPrefixes checks the
    // strict prefixes of the 4-octet samples only).
    haaro_test::FuzzParser(
        [](const MipBytes& in) {
            MipTunnelDataHeader h;
            uint32_t n = h.FromBytes(in);
            if (n != 0)
            {
                EXPECT_EQ(n, 4u);
                EXPECT_EQ(h.ToBytes(), MipBytes(in.begin(), in.begin() + 4));
            }
            // The same input through an ns-3 buffer gives the same answer.
            Ptr<Packet> p = MakePacket(in);
            MipTunnelDataHeader viaPacket;
            EXPECT_EQ(p->PeekHeader(viaPacket), n);
            return n != 0;
        },
        {MipFromHex("04 04 00 00"), MipFromHex("04 2f 00 00"), MipFromHex("04 37 ff ff")});
}

TEST(UdpTunnelFuzz, MessagesWithTunnelExtensionsNeverCrash)
{
    MipRegistrationRequest rrq = SampleRequest();
    rrq.AddExtension(UdpTunnelRequestExtension(true, 4).ToExtension());
    MipAuthExtension::Append(rrq, MipAuthExtension::TYPE_MOBILE_HOME, 256, MN_HA_KEY);
    MipRegistrationReply rrp = SampleReply();
    rrp.AddExtension(UdpTunnelReplyExtension(0, true, 110).ToExtension());
    MipAuthExtension::Append(rrp, MipAuthExtension::TYPE_MOBILE_HOME, 256, MN_HA_KEY);
    FuzzMessageParser<MipRegistrationRequest>({rrq.ToBytes()}, [](const MipRegistrationRequest& m) {
        UdpTunnelRequestExtension::Find(m);
        UdpTunnelRequestExtension::HasNotUnderstood(m);
    });
    FuzzMessageParser<MipRegistrationReply>({rrp.ToBytes()}, [](const MipRegistrationReply& m) {
        UdpTunnelReplyExtension::Find(m);
    });
}
