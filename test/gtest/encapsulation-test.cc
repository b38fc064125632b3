/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * GRE (RFC 2784 + RFC 2890) and IP in IP (RFC 2003). Checksums in the byte vectors were
 * computed by hand (16-bit one's complement sums, shown next to each vector) and
 * re-checked with an independent Python implementation of RFC 1071.
 */
#include "fuzz-util.h"
#include "wire-test-util.h"

#include "ns3/gre-header.h"
#include "ns3/ip-in-ip-encapsulation.h"
#include "ns3/ipv4-header.h"
#include "ns3/packet.h"

#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;
using haaro_test::MakePacket;
using haaro_test::PacketBytes;

namespace
{

/// The payload the GRE vectors carry: five octets, so the checksum has an odd tail.
const MipBytes PAYLOAD = MipFromHex("de ad be ef 01");

/// RFC 1071 written independently of the code under test (big-endian words, zero pad).
uint16_t
ReferenceChecksum(const MipBytes& b)
{
    uint64_t sum = 0;
    for (size_t i = 0; i < b.size(); i += 2)
    {
        uint16_t word = static_cast<uint16_t>(b[i] << 8);
        if (i + 1 < b.size())
        {
            word |= b[i + 1];
        }
        sum += word;
    }
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<uint16_t>(~sum);
}

/// Adds the header to a packet holding the payload; checks the octets; removes it again.
void
CheckGreVector(const GreHeader& h, const std::string& expectedHeaderHex)
{
    Ptr<Packet> p = MakePacket(PAYLOAD);
    p->AddHeader(h);
    MipBytes expected = MipFromHex(expectedHeaderHex);
    expected.insert(expected.end(), PAYLOAD.begin(), PAYLOAD.end());
    EXPECT_EQ(MipToHex(PacketBytes(p)), MipToHex(expected));
    EXPECT_EQ(MipToHex(h.ToBytes(PAYLOAD)), MipToHex(expected));

    GreHeader back;
    EXPECT_EQ(p->RemoveHeader(back), h.GetSerializedSize());
    EXPECT_EQ(back.GetProtocolType(), h.GetProtocolType());
    EXPECT_EQ(back.IsChecksumPresent(), h.IsChecksumPresent());
    EXPECT_TRUE(back.IsChecksumOk());
    EXPECT_EQ(back.IsKeyPresent(), h.IsKeyPresent());
    EXPECT_EQ(back.GetKey(), h.GetKey());
    EXPECT_EQ(back.IsSequenceNumberPresent(), h.IsSequenceNumberPresent());
    EXPECT_EQ(back.GetSequenceNumber(), h.GetSequenceNumber());
    EXPECT_EQ(PacketBytes(p), PAYLOAD);
}

/// \return the octets of an outer header with its checksum, as it goes on the wire
MipBytes
OuterHeaderBytes(Ipv4Header outer)
{
    outer.EnableChecksum();
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(outer);
    return PacketBytes(p);
}

Ipv4Header
SampleInner()
{
    Ipv4Header inner;
    inner.SetSource(Ipv4Address("10.1.0.5"));
    inner.SetDestination(Ipv4Address("10.2.0.9"));
    inner.SetTos(0xb8);
    inner.SetDontFragment();
    inner.SetTtl(64);
    inner.SetProtocol(17);
    inner.SetPayloadSize(100);
    return inner;
}

} // namespace

// ---------------------------------------------------------------------------------------
// GRE

TEST(GreHeader, PlainHeader)
{
    GreHeader h;
    EXPECT_EQ(h.GetSerializedSize(), 4u);
    EXPECT_EQ(h.GetProtocolType(), GreHeader::PROTOCOL_IPV4);
    CheckGreVector(h, "00 00 08 00");
}

TEST(GreHeader, ChecksumHeader)
{
    // Sum of 8000 0800 0000 0000 dead beef 0100 = 0x2269c -> folded 0x269e -> ~ 0xd961.
    GreHeader h;
    h.EnableChecksum();
    EXPECT_EQ(h.GetSerializedSize(), 8u);
    CheckGreVector(h, "80 00 08 00 d9 61 00 00");

    GreHeader back;
    MipBytes bytes = MipFromHex("80 00 08 00 d9 61 00 00 de ad be ef 01");
    EXPECT_EQ(back.FromBytes(bytes), 8u);
    EXPECT_EQ(back.GetChecksum(), 0xd961);
    EXPECT_TRUE(back.IsChecksumOk());
    EXPECT_EQ(ReferenceChecksum(bytes), 0); // the whole packet sums to 0xffff
}

TEST(GreHeader, KeyHeader)
{
    GreHeader h;
    h.SetKey(0x01020304);
    EXPECT_EQ(h.GetSerializedSize(), 8u);
    CheckGreVector(h, "20 00 08 00 01 02 03 04");
}

TEST(GreHeader, SequenceHeader)
{
    GreHeader h;
    h.SetSequenceNumber(42);
    EXPECT_EQ(h.GetSerializedSize(), 8u);
    CheckGreVector(h, "10 00 08 00 00 00 00 2a");
}

TEST(GreHeader, ChecksumKeySequenceHeader)
{
    // Sum of b000 0800 0000 0000 0102 0304 0000 002a dead beef 0100 = 0x25acc
    // -> folded 0x5ace -> ~ 0xa531.
    GreHeader h;
    h.EnableChecksum();
    h.SetKey(0x01020304);
    h.SetSequenceNumber(42);
    EXPECT_EQ(h.GetSerializedSize(), 16u);
    CheckGreVector(h, "b0 00 08 00 a5 31 00 00 01 02 03 04 00 00 00 2a");
}

TEST(GreHeader, EvenPayloadAndOtherProtocolType)
{
    // 8000 0800 + 4500 001c 0000 4000 4011 = 0x14d2d -> 0x4d2e -> ~ 0xb2d1.
    MipBytes payload = MipFromHex("45 00 00 1c 00 00 40 00 40 11");
    GreHeader h;
    h.EnableChecksum();
    EXPECT_EQ(MipToHex(h.ToBytes(payload)),
              "80 00 08 00 b2 d1 00 00 45 00 00 1c 00 00 40 00 40 11");

    GreHeader other(0x86dd);
    EXPECT_EQ(MipToHex(other.ToBytes({})), "00 00 86 dd");
    other.SetProtocolType(0x6558);
    EXPECT_EQ(MipToHex(other.ToBytes({})), "00 00 65 58");
}

TEST(GreHeader, FlagsCanBeCleared)
{
    GreHeader h;
    h.EnableChecksum();
    h.SetKey(7);
    h.SetSequenceNumber(8);
    h.DisableChecksum();
    h.RemoveKey();
    h.RemoveSequenceNumber();
    EXPECT_FALSE(h.IsChecksumPresent());
    EXPECT_FALSE(h.IsKeyPresent());
    EXPECT_FALSE(h.IsSequenceNumberPresent());
    EXPECT_EQ(h.GetKey(), 0u);
    EXPECT_EQ(h.GetSequenceNumber(), 0u);
    EXPECT_EQ(MipToHex(h.ToBytes({})), "00 00 08 00");
    EXPECT_EQ(GreHeader::GetTypeId().GetName(), "ns3::GreHeader");
    EXPECT_EQ(h.GetInstanceTypeId(), GreHeader::GetTypeId());
}

TEST(GreHeader, RejectsVersionAndRfc1701Bits)
{
    GreHeader h;
    for (uint8_t ver = 1; ver < 8; ++ver)
    {
        MipBytes bytes = MipFromHex("00 00 08 00 45");
        bytes[1] = ver;
        EXPECT_EQ(h.FromBytes(bytes), 0u) << "Ver " << unsigned(ver);
    }
    // Bit 1 (R, routing present), bit 4 (s, strict source route), bit 5 (Recur MSB).
    for (uint8_t first : {0x40, 0x08, 0x04, 0x4c, 0xc0, 0x28})
    {
        MipBytes bytes = MipFromHex("00 00 08 00 00 00 00 00 00 00 00 00 00 00 00 00");
        bytes[0] = first;
        EXPECT_EQ(h.FromBytes(bytes), 0u) << "first octet " << MipToHex({first});
    }
    // Through an ns-3 packet: nothing is removed.
    Ptr<Packet> p = MakePacket(MipFromHex("00 01 08 00 de ad"));
    EXPECT_EQ(p->RemoveHeader(h), 0u);
    EXPECT_EQ(p->GetSize(), 6u);
}

TEST(GreHeader, Bits6To12AreIgnoredOnReceipt)
{
    // Bits 6 and 7 are the low bits of octet 0, bits 8-12 the high bits of octet 1.
    for (const char* hex : {"02 00 08 00 aa", "01 00 08 00 aa", "00 f8 08 00 aa", "03 f8 08 00"})
    {
        GreHeader h;
        MipBytes bytes = MipFromHex(hex);
        EXPECT_EQ(h.FromBytes(bytes), 4u) << hex;
        EXPECT_EQ(h.GetProtocolType(), 0x0800);
        // Kept as received: the header re-serializes unchanged.
        MipBytes payload(bytes.begin() + 4, bytes.end());
        EXPECT_EQ(h.ToBytes(payload), bytes) << hex;
    }
    GreHeader all;
    all.FromBytes(MipFromHex("03 f8 08 00"));
    EXPECT_EQ(all.GetReserved0(), 0x7f);
}

TEST(GreHeader, TruncatedHeadersAreDropped)
{
    MipBytes full = MipFromHex("b0 00 08 00 a5 31 00 00 01 02 03 04 00 00 00 2a");
    for (size_t len = 0; len < full.size(); ++len)
    {
        GreHeader h;
        EXPECT_EQ(h.FromBytes(MipBytes(full.begin(), full.begin() + len)), 0u) << len;
    }
    for (const char* hex : {"80 00 08 00 ff ff 00", "20 00 08 00 01 02 03", "10 00 08 00"})
    {
        GreHeader h;
        EXPECT_EQ(h.FromBytes(MipFromHex(hex)), 0u) << hex;
        Ptr<Packet> p = MakePacket(MipFromHex(hex));
        EXPECT_EQ(p->RemoveHeader(h), 0u) << hex;
    }
}

TEST(GreHeader, ChecksumMismatchIsDetected)
{
    MipBytes good = MipFromHex("80 00 08 00 d9 61 00 00 de ad be ef 01");
    for (size_t i = 0; i < good.size(); ++i)
    {
        if (i < 2)
        {
            continue; // changing the flags changes the header layout
        }
        MipBytes bad = good;
        bad[i] ^= 0x10;
        GreHeader h;
        ASSERT_EQ(h.FromBytes(bad), 8u) << i;
        EXPECT_FALSE(h.IsChecksumOk()) << "octet " << i;
    }
    // Through a packet: the header is removed, the verdict is the caller's.
    MipBytes bad = good;
    bad[12] = 0x02;
    Ptr<Packet> p = MakePacket(bad);
    GreHeader h;
    EXPECT_EQ(p->RemoveHeader(h), 8u);
    EXPECT_FALSE(h.IsChecksumOk());
    std::ostringstream os;
    h.Print(os);
    EXPECT_EQ(os.str(), "GRE protocol=0x800 checksum=0xd961 (bad)");
    // Without C there is nothing to check.
    GreHeader plain;
    EXPECT_EQ(plain.FromBytes(MipFromHex("00 00 08 00 00")), 4u);
    EXPECT_TRUE(plain.IsChecksumOk());
}

TEST(GreHeader, ChecksumOverLargePayload)
{
    // More than 65535 octets: the checksum is summed in chunks.
    MipBytes payload(70001);
    for (size_t i = 0; i < payload.size(); ++i)
    {
        payload[i] = static_cast<uint8_t>(i * 7 + 3);
    }
    GreHeader h;
    h.EnableChecksum();
    h.SetKey(0xcafef00d);
    Ptr<Packet> p = MakePacket(payload);
    p->AddHeader(h);
    MipBytes bytes = PacketBytes(p);
    EXPECT_EQ(ReferenceChecksum(bytes), 0);
    MipBytes zeroed = bytes;
    zeroed[4] = zeroed[5] = 0;
    GreHeader back;
    EXPECT_EQ(p->RemoveHeader(back), 12u);
    EXPECT_TRUE(back.IsChecksumOk());
    EXPECT_EQ(back.GetChecksum(), ReferenceChecksum(zeroed));
    EXPECT_EQ(back.GetKey(), 0xcafef00du);
}

TEST(GreHeader, SequenceNumberOrdering)
{
    // RFC 2890 2.2: start at 2^32-1; in sequence when 1..2^31 ahead (mod 2^32).
    EXPECT_TRUE(GreHeader::IsInSequence(0, GreHeader::INITIAL_LAST_SEQUENCE));
    EXPECT_TRUE(GreHeader::IsInSequence(6, 5));
    EXPECT_TRUE(GreHeader::IsInSequence(100, 5));
    EXPECT_FALSE(GreHeader::IsInSequence(5, 5));
    EXPECT_FALSE(GreHeader::IsInSequence(4, 5));
    EXPECT_TRUE(GreHeader::IsInSequence(3, 0xfffffffe)); // wraps
    EXPECT_TRUE(GreHeader::IsInSequence(5 + 0x80000000u, 5));
    EXPECT_FALSE(GreHeader::IsInSequence(5 + 0x80000001u, 5)); // 2^31-1 behind
    EXPECT_FALSE(GreHeader::IsInSequence(5 - 0x7fffffffu, 5));
}

TEST(GreHeader, ParserNeverCrashes)
{
    std::vector<MipBytes> samples = {
        MipFromHex("00 00 08 00 de ad be ef 01"),
        MipFromHex("80 00 08 00 d9 61 00 00 de ad be ef 01"),
        MipFromHex("20 00 08 00 01 02 03 04 de ad be ef 01"),
        MipFromHex("10 00 08 00 00 00 00 2a de ad be ef 01"),
        MipFromHex("b0 00 08 00 a5 31 00 00 01 02 03 04 00 00 00 2a de ad be ef 01"),
    };
    int accepted = haaro_test::FuzzParser(
        [](const MipBytes& in) {
            GreHeader h;
            uint32_t n = h.FromBytes(in);
            if (n == 0)
            {
                return false;
            }
            EXPECT_EQ(n, h.GetSerializedSize());
            EXPECT_LE(n, in.size());
            EXPECT_EQ(in[1] & 0x07, 0);
            EXPECT_EQ(in[0] & 0x4c, 0);
            MipBytes payload(in.begin() + n, in.end());
            MipBytes again = h.ToBytes(payload);
            if (!h.IsChecksumPresent())
            {
                EXPECT_EQ(again, in);
            }
            else
            {
                GreHeader re;
                EXPECT_EQ(re.FromBytes(again), n);
                EXPECT_TRUE(re.IsChecksumOk());
            }
            return true;
        },
        samples,
        /* rejectPrefixes= */ false); // a GRE packet with a shorter payload is still valid
    EXPECT_GT(accepted, 0);
}

// ---------------------------------------------------------------------------------------
// IP in IP

TEST(IpInIp, OuterHeaderFieldsAndOctets)
{
    Ipv4Header inner = SampleInner(); // 20 + 100 octets
    auto outer = IpInIpEncapsulation::MakeOuterHeader(inner,
                                                      120,
                                                      Ipv4Address("192.0.2.1"),
                                                      Ipv4Address("198.51.100.2"),
                                                      255);
    ASSERT_TRUE(outer.has_value());
    EXPECT_EQ(outer->GetTos(), 0xb8);
    EXPECT_TRUE(outer->IsDontFragment());
    EXPECT_TRUE(outer->IsLastFragment());
    EXPECT_EQ(outer->GetFragmentOffset(), 0);
    EXPECT_EQ(outer->GetTtl(), 255);
    EXPECT_EQ(outer->GetProtocol(), IpInIpEncapsulation::IPIP_PROTOCOL);
    EXPECT_EQ(outer->GetPayloadSize(), 120);
    EXPECT_EQ(outer->GetSource(), Ipv4Address("192.0.2.1"));
    EXPECT_EQ(outer->GetDestination(), Ipv4Address("198.51.100.2"));
    EXPECT_EQ(outer->GetSerializedSize(), IpInIpEncapsulation::OUTER_HEADER_SIZE);
    EXPECT_EQ(inner.GetTtl(), 64); // the inner header is not touched

    // Version/IHL 45, TOS b8, Total Length 140 = 0x8c, Id 0, DF (40 00), TTL ff,
    // Protocol 4, checksum: 45b8+008c+0000+4000+ff04+0000+c000+0201+c633+6402 = 0x3717e
    // -> 0x7181 -> ~ 0x8e7e.
    MipBytes octets = OuterHeaderBytes(*outer);
    EXPECT_EQ(MipToHex(octets), "45 b8 00 8c 00 00 40 00 ff 04 8e 7e c0 00 02 01 c6 33 64 02");
    EXPECT_EQ(ReferenceChecksum(octets), 0);
}

TEST(IpInIp, NoDfAndGreProtocol)
{
    Ipv4Header inner;
    inner.SetSource(Ipv4Address("10.0.0.1"));
    inner.SetDestination(Ipv4Address("10.9.9.9"));
    inner.SetTtl(5);
    inner.SetTos(0x03); // ECN bits are part of TOS and are copied too
    inner.SetMayFragment();
    inner.SetPayloadSize(20);
    auto outer = IpInIpEncapsulation::MakeOuterHeader(inner,
                                                      40,
                                                      Ipv4Address("10.0.0.1"),
                                                      Ipv4Address("10.0.0.2"),
                                                      64);
    ASSERT_TRUE(outer.has_value());
    EXPECT_FALSE(outer->IsDontFragment());
    EXPECT_EQ(outer->GetTos(), 0x03);
    outer->SetTos(0); // the vector below was computed for TOS 0
    // 4500+003c+0000+0000+4004+0000+0a00+0001+0a00+0002 = 0x9943 -> ~ 0x66bc.
    EXPECT_EQ(MipToHex(OuterHeaderBytes(*outer)),
              "45 00 00 3c 00 00 00 00 40 04 66 bc 0a 00 00 01 0a 00 00 02");

    auto gre = IpInIpEncapsulation::MakeOuterHeader(inner,
                                                    44,
                                                    Ipv4Address("10.0.0.1"),
                                                    Ipv4Address("10.0.0.2"),
                                                    64,
                                                    IpInIpEncapsulation::GRE_PROTOCOL);
    ASSERT_TRUE(gre.has_value());
    EXPECT_EQ(gre->GetProtocol(), 47);
    EXPECT_EQ(gre->GetPayloadSize(), 44);
}

TEST(IpInIp, RefusesTtlZeroAndImpossibleSizes)
{
    Ipv4Header inner = SampleInner();
    Ipv4Address a("192.0.2.1");
    Ipv4Address b("192.0.2.2");
    inner.SetTtl(0);
    EXPECT_FALSE(IpInIpEncapsulation::MakeOuterHeader(inner, 120, a, b, 64));
    inner.SetTtl(1);
    EXPECT_TRUE(IpInIpEncapsulation::MakeOuterHeader(inner, 120, a, b, 64));
    EXPECT_FALSE(IpInIpEncapsulation::MakeOuterHeader(inner, 120, a, b, 0)); // outer TTL 0
    EXPECT_FALSE(IpInIpEncapsulation::MakeOuterHeader(inner, 19, a, b, 64));
    EXPECT_TRUE(IpInIpEncapsulation::MakeOuterHeader(inner, 20, a, b, 64));
    EXPECT_TRUE(IpInIpEncapsulation::MakeOuterHeader(inner, 65515, a, b, 64));
    EXPECT_FALSE(IpInIpEncapsulation::MakeOuterHeader(inner, 65516, a, b, 64));
}

TEST(IpInIp, InnerTtlDecrement)
{
    Ipv4Header inner = SampleInner();
    EXPECT_TRUE(IpInIpEncapsulation::DecrementInnerTtlForForwarding(inner));
    EXPECT_EQ(inner.GetTtl(), 63);
    inner.SetTtl(2);
    EXPECT_TRUE(IpInIpEncapsulation::DecrementInnerTtlForForwarding(inner));
    EXPECT_EQ(inner.GetTtl(), 1);
    EXPECT_FALSE(IpInIpEncapsulation::DecrementInnerTtlForForwarding(inner)); // would be 0
    EXPECT_EQ(inner.GetTtl(), 1);
    inner.SetTtl(0);
    EXPECT_FALSE(IpInIpEncapsulation::DecrementInnerTtlForForwarding(inner));
    EXPECT_EQ(inner.GetTtl(), 0);
    EXPECT_FALSE(IpInIpEncapsulation::IsDeliverableAfterDecapsulation(inner));
    inner.SetTtl(1);
    EXPECT_TRUE(IpInIpEncapsulation::IsDeliverableAfterDecapsulation(inner));
}

TEST(IpInIp, LoopPrevention)
{
    Ipv4Header inner = SampleInner(); // source 10.1.0.5
    std::vector<Ipv4Address> own = {Ipv4Address("192.0.2.1"), Ipv4Address("10.1.0.1")};
    EXPECT_FALSE(IpInIpEncapsulation::MustNotTunnel(inner, Ipv4Address("198.51.100.2"), own));
    EXPECT_TRUE(IpInIpEncapsulation::MustNotTunnel(inner, Ipv4Address("10.1.0.5"), own));
    own.emplace_back("10.1.0.5");
    EXPECT_TRUE(IpInIpEncapsulation::MustNotTunnel(inner, Ipv4Address("198.51.100.2"), own));
}

TEST(IpInIp, EncapsulateAndDecapsulateThroughAPacket)
{
    Ipv4Header inner = SampleInner();
    inner.EnableChecksum();
    Ptr<Packet> p = Create<Packet>(100);
    p->AddHeader(inner);
    ASSERT_TRUE(IpInIpEncapsulation::DecrementInnerTtlForForwarding(inner));
    // The decremented header replaces the one in the packet (as a forwarding router does).
    Ipv4Header old;
    p->RemoveHeader(old);
    p->AddHeader(inner);
    auto outer = IpInIpEncapsulation::MakeOuterHeader(inner,
                                                      p->GetSize(),
                                                      Ipv4Address("192.0.2.1"),
                                                      Ipv4Address("198.51.100.2"),
                                                      64);
    ASSERT_TRUE(outer.has_value());
    outer->EnableChecksum();
    p->AddHeader(*outer);
    EXPECT_EQ(p->GetSize(), 140u);

    Ipv4Header outerBack;
    outerBack.EnableChecksum();
    EXPECT_EQ(p->RemoveHeader(outerBack), 20u);
    EXPECT_TRUE(outerBack.IsChecksumOk());
    EXPECT_EQ(outerBack.GetProtocol(), 4);
    EXPECT_EQ(outerBack.GetPayloadSize(), p->GetSize());
    Ipv4Header innerBack;
    innerBack.EnableChecksum();
    EXPECT_EQ(p->RemoveHeader(innerBack), 20u);
    EXPECT_TRUE(innerBack.IsChecksumOk());
    EXPECT_EQ(innerBack.GetTtl(), 63);
    EXPECT_EQ(innerBack.GetSource(), Ipv4Address("10.1.0.5"));
    EXPECT_TRUE(IpInIpEncapsulation::IsDeliverableAfterDecapsulation(innerBack));
    EXPECT_EQ(p->GetSize(), 100u);
}
