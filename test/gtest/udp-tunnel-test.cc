/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * RFC 3519 (Mobile IP traversal of NAT devices): UDP Tunnel Request Extension (144/0),
 * UDP Tunnel Reply Extension (44/0) and the MIP Tunnel Data header (message type 4).
 * Byte vectors were derived by hand from the RFC 3519 section 3 layouts.
 */
#include "fuzz-util.h"

#include "ns3/mip-auth-extension.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/mip-registration-request.h"
#include "ns3/mip-tunnel-data-header.h"
#include "ns3/packet.h"
#include "ns3/udp-tunnel-extensions.h"

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
    rrp.SetLifetime(60);
    rrp.SetHomeAddress(Ipv4Address("10.0.0.1"));
    rrp.SetHomeAgent(Ipv4Address("10.0.0.254"));
    rrp.SetIdentification(1);
    return rrp;
}

MipBytes
PacketBytes(Ptr<const Packet> p)
{
    MipBytes out(p->GetSize());
    p->CopyData(out.data(), out.size());
    return out;
}

} // namespace

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
        MipBytes ext = MipFromHex(std::string("90 06 00 00 80 04 ") + r3);
        auto raw = ParseOne(ext);
        ASSERT_TRUE(raw.has_value()) << r3; // the framing is fine
        EXPECT_FALSE(UdpTunnelRequestExtension::FromExtension(*raw)) << r3;

        // Type 144 is skippable: the request is accepted, the extension not understood.
        MipRegistrationRequest rrq;
        MipBytes bytes = MipFromHex(REQUEST_FIXED);
        bytes.insert(bytes.end(), ext.begin(), ext.end());
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
        EXPECT_EQ(rrq.FromBytes(MipFromHex(std::string(REQUEST_FIXED) + " " + ext)), 0u) << ext;
        EXPECT_EQ(rrq.GetParseError(), MipParseError::MALFORMED_EXTENSION) << ext;
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
    MipAuthExtension::Append(rrq, MipAuthExtension::TYPE_MOBILE_HOME, 256, KEY);
    MipBytes bytes = rrq.ToBytes();
    MipBytes head(bytes.begin(), bytes.begin() + 24 + 8);
    EXPECT_EQ(MipToHex(head),
              MipToHex(MipFromHex(std::string(REQUEST_FIXED) + " 90 06 00 00 80 04 00 00")));

    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(rrq);
    MipRegistrationRequest back;
    EXPECT_EQ(p->RemoveHeader(back), rrq.GetSerializedSize());
    auto ext = UdpTunnelRequestExtension::Find(back);
    ASSERT_TRUE(ext.has_value());
    EXPECT_TRUE(ext->GetForce());
    EXPECT_EQ(ext->GetEncapsulation(), UdpTunnelRequestExtension::ENCAP_IP_IN_IP);
    EXPECT_EQ(MipAuthExtension::Verify(back, MipAuthExtension::TYPE_MOBILE_HOME, 256, KEY),
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
        EXPECT_EQ(rrp.FromBytes(MipFromHex(std::string(REPLY_FIXED) + " " + ext)), 0u) << ext;
        EXPECT_EQ(rrp.GetParseError(), MipParseError::MALFORMED_EXTENSION) << ext;
    }
    // Type 44 is not skippable: an undefined sub-type is not understood, so rejected.
    MipRegistrationReply rrp;
    EXPECT_EQ(rrp.FromBytes(MipFromHex(std::string(REPLY_FIXED) + " 2c 06 01 00 80 00 00 6e")), 0u);
    EXPECT_EQ(rrp.GetParseError(), MipParseError::UNKNOWN_EXTENSION);
}

TEST(UdpTunnelReply, InARegistrationReply)
{
    MipRegistrationReply rrp = SampleReply();
    rrp.AddExtension(
        UdpTunnelReplyExtension(UdpTunnelReplyExtension::ACCEPTED, false, 110).ToExtension());
    EXPECT_EQ(MipToHex(rrp.ToBytes()),
              MipToHex(MipFromHex(std::string(REPLY_FIXED) + " 2c 06 00 00 00 00 00 6e")));
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(rrp);
    MipRegistrationReply back;
    EXPECT_EQ(p->RemoveHeader(back), rrp.GetSerializedSize());
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

    // Through ns-3 buffers: a 3-octet packet and a packet of another type.
    Ptr<Packet> shortPacket = Create<Packet>(reinterpret_cast<const uint8_t*>("\x04\x04\x00"), 3);
    EXPECT_EQ(shortPacket->RemoveHeader(h), 0u);
    EXPECT_EQ(shortPacket->GetSize(), 3u);
    Ptr<Packet> empty = Create<Packet>();
    EXPECT_EQ(empty->RemoveHeader(h), 0u);
    Ptr<Packet> wrongType =
        Create<Packet>(reinterpret_cast<const uint8_t*>("\x18\x04\x00\x00\x00"), 5);
    EXPECT_EQ(wrongType->RemoveHeader(h), 0u);
    EXPECT_EQ(wrongType->GetSize(), 5u);
}

// ---------------------------------------------------------------------------------------
// Fuzzing

TEST(UdpTunnelFuzz, RequestParserNeverCrashes)
{
    haaro_test::FuzzParser(
        [](const MipBytes& in) {
            auto e = ParseOne(in);
            auto req = e ? UdpTunnelRequestExtension::FromExtension(*e) : std::nullopt;
            if (req)
            {
                EXPECT_EQ(Serialize(req->ToExtension()), in);
            }
            return req.has_value();
        },
        {MipFromHex("90 06 00 00 80 04 00 00"), MipFromHex("90 06 00 ff ff 2f 00 00")});
}

TEST(UdpTunnelFuzz, ReplyParserNeverCrashes)
{
    haaro_test::FuzzParser(
        [](const MipBytes& in) {
            auto e = ParseOne(in);
            auto rep = e ? UdpTunnelReplyExtension::FromExtension(*e) : std::nullopt;
            if (rep)
            {
                EXPECT_EQ(Serialize(rep->ToExtension()), in);
            }
            return rep.has_value();
        },
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
            Ptr<Packet> p = in.empty() ? Create<Packet>() : Create<Packet>(in.data(), in.size());
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
    MipAuthExtension::Append(rrq, MipAuthExtension::TYPE_MOBILE_HOME, 256, KEY);
    MipRegistrationReply rrp = SampleReply();
    rrp.AddExtension(UdpTunnelReplyExtension(0, true, 110).ToExtension());
    MipAuthExtension::Append(rrp, MipAuthExtension::TYPE_MOBILE_HOME, 256, KEY);
    haaro_test::FuzzParser(
        [](const MipBytes& in) {
            MipRegistrationRequest m;
            uint32_t n = m.FromBytes(in);
            if (n != 0)
            {
                EXPECT_EQ(m.ToBytes(), in);
                UdpTunnelRequestExtension::Find(m);
                UdpTunnelRequestExtension::HasNotUnderstood(m);
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
                UdpTunnelReplyExtension::Find(m);
            }
            return n != 0;
        },
        {rrp.ToBytes()},
        false);
}
