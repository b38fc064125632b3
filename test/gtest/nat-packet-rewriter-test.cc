/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * NAT packet parsing (NatFlow) and rewriting (NatPacketRewriter, NatChecksumUpdate),
 * byte for byte. The UDP and ICMP vectors were computed independently with Python
 * (RFC 1071 over the pseudo-header and the datagram); the ICMP error case checks the
 * checksums against the RFC 1071 reference below.
 */
#include "wire-test-util.h"

#include "ns3/icmpv4.h"
#include "ns3/ipv4-header.h"
#include "ns3/nat-flow.h"
#include "ns3/nat-packet-rewriter.h"
#include "ns3/packet.h"

#include <gtest/gtest.h>

using namespace ns3;
using haaro_test::MakePacket;
using haaro_test::PacketBytes;

namespace
{

const Ipv4Address INSIDE("192.168.1.10");
const Ipv4Address PUBLIC("198.51.100.1");
const Ipv4Address REMOTE("203.0.113.5");

/// UDP 192.168.1.10:5000 -> 203.0.113.5:53, payload de ad be ef, correct checksum
const char* UDP_INSIDE = "13 88 00 35 00 0c 50 c3 de ad be ef";
/// the same after translation to 198.51.100.1:1024
const char* UDP_PUBLIC = "04 00 00 35 00 0c f7 c8 de ad be ef";
/// ICMP echo request, identifier 0x1234, sequence 1, payload de ad be ef
const char* ECHO_INSIDE = "08 00 48 2d 12 34 00 01 de ad be ef";
/// the same with identifier 0x0400
const char* ECHO_PUBLIC = "08 00 56 61 04 00 00 01 de ad be ef";

/// RFC 1071 written independently of the code under test (big-endian words, zero pad).
uint16_t
ReferenceSum(const MipBytes& b)
{
    uint64_t sum = 0;
    for (size_t i = 0; i < b.size(); i += 2)
    {
        sum += static_cast<uint16_t>((b[i] << 8) | (i + 1 < b.size() ? b[i + 1] : 0));
    }
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<uint16_t>(sum);
}

/// \return an IP header of protocol \p protocol from \p src to \p dst
Ipv4Header
MakeIpHeader(Ipv4Address src, Ipv4Address dst, uint8_t protocol, uint16_t payloadSize)
{
    Ipv4Header h;
    h.SetSource(src);
    h.SetDestination(dst);
    h.SetProtocol(protocol);
    h.SetPayloadSize(payloadSize);
    h.SetTtl(64);
    return h;
}

} // namespace

TEST(NatChecksumUpdate, Rfc1624Example)
{
    // RFC 1624 section 4: HC = 0xDD2F, m = 0x5555, m' = 0x3285 -> HC' = 0x0000 (eqn. 3)
    NatChecksumUpdate update(0xDD2F);
    update.Replace16(0x5555, 0x3285);
    EXPECT_EQ(update.Get(), 0x0000);
}

TEST(NatChecksumUpdate, UdpZeroStaysZeroAndComputedZeroIsAllOnes)
{
    EXPECT_EQ(NatChecksumUpdate::UdpChecksum(0, INSIDE, PUBLIC, REMOTE, REMOTE, 1, 2, 3, 3), 0);
    EXPECT_EQ(NatChecksumUpdate::UdpChecksum(0xDD2F,
                                             REMOTE,
                                             REMOTE,
                                             REMOTE,
                                             REMOTE,
                                             0x5555,
                                             0x3285,
                                             7,
                                             7),
              0xffff);
}

TEST(NatPacketRewriter, UdpOutboundByteExact)
{
    MipBytes in = MipFromHex(UDP_INSIDE);
    Ptr<Packet> p = MakePacket(in);
    Ipv4Header oldHeader = MakeIpHeader(INSIDE, REMOTE, NatFlow::PROTO_UDP, 12);
    Ipv4Header newHeader = oldHeader;
    newHeader.SetSource(PUBLIC);
    Ptr<Packet> q = NatPacketRewriter::RewriteUdp(p, oldHeader, newHeader, 1024, 53);
    EXPECT_EQ(MipToHex(PacketBytes(q)), MipToHex(MipFromHex(UDP_PUBLIC)));
    EXPECT_EQ(MipToHex(PacketBytes(p)), MipToHex(in)) << "the input is not modified";
    // and back (inbound): the original datagram again
    Ptr<Packet> back = NatPacketRewriter::RewriteUdp(q, newHeader, oldHeader, 5000, 53);
    EXPECT_EQ(MipToHex(PacketBytes(back)), MipToHex(in));
}

TEST(NatPacketRewriter, UdpWithoutChecksumKeepsZero)
{
    Ptr<Packet> p = MakePacket(MipFromHex("13 88 00 35 00 0c 00 00 de ad be ef"));
    Ipv4Header oldHeader = MakeIpHeader(INSIDE, REMOTE, NatFlow::PROTO_UDP, 12);
    Ipv4Header newHeader = oldHeader;
    newHeader.SetSource(PUBLIC);
    Ptr<Packet> q = NatPacketRewriter::RewriteUdp(p, oldHeader, newHeader, 1024, 53);
    EXPECT_EQ(MipToHex(PacketBytes(q)),
              MipToHex(MipFromHex("04 00 00 35 00 0c 00 00 de ad be ef")));
}

TEST(NatPacketRewriter, IcmpQueryByteExact)
{
    Ptr<Packet> p = MakePacket(MipFromHex(ECHO_INSIDE));
    Ptr<Packet> q = NatPacketRewriter::RewriteIcmpQuery(p, 0x0400, true);
    EXPECT_EQ(MipToHex(PacketBytes(q)), MipToHex(MipFromHex(ECHO_PUBLIC)));
    Ptr<Packet> noSum = NatPacketRewriter::RewriteIcmpQuery(p, 0x0400, false);
    EXPECT_EQ(MipToHex(PacketBytes(noSum)),
              MipToHex(MipFromHex("08 00 00 00 04 00 00 01 de ad be ef")));
}

TEST(NatPacketRewriter, TcpPortsAndChecksum)
{
    // 20-octet TCP header, 1234 -> 80, seq 1, ack 0, SYN, window 65535, no payload
    MipBytes in = MipFromHex("04 d2 00 50 00 00 00 01 00 00 00 00 50 02 ff ff 00 00 00 00");
    Ipv4Header newHeader = MakeIpHeader(PUBLIC, REMOTE, NatFlow::PROTO_TCP, 20);
    Ptr<Packet> q = NatPacketRewriter::RewriteTcp(MakePacket(in), newHeader, 1024, 80, false);
    EXPECT_EQ(MipToHex(PacketBytes(q)),
              MipToHex(MipFromHex("04 00 00 50 00 00 00 01 00 00 00 00 50 02 ff ff 00 00 00 00")));
    Ptr<Packet> s = NatPacketRewriter::RewriteTcp(MakePacket(in), newHeader, 1024, 80, true);
    MipBytes pseudo = MipFromHex("c6 33 64 01 cb 00 71 05 00 06 00 14");
    MipBytes all = pseudo;
    MipBytes tcp = PacketBytes(s);
    all.insert(all.end(), tcp.begin(), tcp.end());
    EXPECT_EQ(ReferenceSum(all), 0xffff) << MipToHex(tcp);
}

TEST(NatPacketRewriter, IcmpErrorAboutUdpInbound)
{
    // Port unreachable from REMOTE about the translated datagram PUBLIC:1024 -> REMOTE:53
    Ipv4Header innerHeader = MakeIpHeader(PUBLIC, REMOTE, NatFlow::PROTO_UDP, 12);
    Icmpv4DestinationUnreachable unreachable;
    unreachable.SetHeader(innerHeader);
    unreachable.SetData(MakePacket(MipFromHex(UDP_PUBLIC)));
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(unreachable);
    Icmpv4Header icmp;
    icmp.SetType(Icmpv4Header::ICMPV4_DEST_UNREACH);
    icmp.SetCode(Icmpv4DestinationUnreachable::ICMPV4_PORT_UNREACHABLE);
    icmp.EnableChecksum();
    p->AddHeader(icmp);

    NatFlow flow;
    ASSERT_TRUE(NatFlow::Parse(p, MakeIpHeader(REMOTE, PUBLIC, 1, p->GetSize()), true, flow));
    EXPECT_TRUE(flow.icmpError);
    EXPECT_TRUE(flow.innerTranslatable);
    EXPECT_EQ(flow.innerProtocol, NatFlow::PROTO_UDP);
    EXPECT_EQ(flow.innerSrc, PUBLIC);
    EXPECT_EQ(flow.innerDst, REMOTE);
    EXPECT_EQ(flow.innerSrcPort, 1024);
    EXPECT_EQ(flow.innerDstPort, 53);

    // RFC 5508 REQ-4 a: the embedded packet reverts to its inside form
    Ptr<Packet> q = NatPacketRewriter::RewriteIcmpError(p, flow, INSIDE, 5000, REMOTE, 53, true);
    MipBytes out = PacketBytes(q);
    ASSERT_EQ(out.size(), 8u + 20u + 8u);
    EXPECT_EQ(ReferenceSum(out), 0xffff) << "ICMP checksum: " << MipToHex(out);
    MipBytes ip(out.begin() + 8, out.begin() + 28);
    EXPECT_EQ(ReferenceSum(ip), 0xffff) << "embedded IP checksum: " << MipToHex(ip);
    EXPECT_EQ(MipToHex(MipBytes(ip.begin() + 12, ip.end())),
              MipToHex(MipFromHex("c0 a8 01 0a cb 00 71 05")));
    EXPECT_EQ(MipToHex(MipBytes(out.begin() + 28, out.end())),
              MipToHex(MipFromHex("13 88 00 35 00 0c 50 c3")))
        << "ports and UDP checksum of the original datagram";
}

TEST(NatFlow, UdpLengthRules)
{
    Ipv4Header h = MakeIpHeader(INSIDE, REMOTE, NatFlow::PROTO_UDP, 12);
    NatFlow flow;
    EXPECT_TRUE(NatFlow::Parse(MakePacket(MipFromHex(UDP_INSIDE)), h, true, flow));
    EXPECT_EQ(flow.srcPort, 5000);
    EXPECT_EQ(flow.dstPort, 53);
    // a first fragment must announce more than it holds
    EXPECT_FALSE(NatFlow::Parse(MakePacket(MipFromHex(UDP_INSIDE)), h, false, flow));
    EXPECT_TRUE(NatFlow::Parse(MakePacket(MipFromHex("13 88 00 35 00 20 50 c3 de ad be ef")),
                               h,
                               false,
                               flow));
    // longer than the datagram, shorter than a header, truncated
    EXPECT_FALSE(NatFlow::Parse(MakePacket(MipFromHex("13 88 00 35 00 20 50 c3 de ad be ef")),
                                h,
                                true,
                                flow));
    EXPECT_FALSE(NatFlow::Parse(MakePacket(MipFromHex("13 88 00 35 00 07 50 c3 de ad be ef")),
                                h,
                                true,
                                flow));
    EXPECT_FALSE(NatFlow::Parse(MakePacket(MipFromHex("13 88 00 35 00 0c 50")), h, true, flow));
}

TEST(NatFlow, IcmpEcho)
{
    NatFlow flow;
    ASSERT_TRUE(NatFlow::Parse(MakePacket(MipFromHex(ECHO_INSIDE)),
                               MakeIpHeader(INSIDE, REMOTE, NatFlow::PROTO_ICMP, 12),
                               true,
                               flow));
    EXPECT_TRUE(flow.icmpQuery);
    EXPECT_FALSE(flow.icmpError);
    EXPECT_EQ(flow.icmpType, NatFlow::ICMP_ECHO);
    EXPECT_EQ(flow.srcPort, 0x1234);
    EXPECT_EQ(flow.dstPort, 0x1234);
}

TEST(NatFlow, TcpOptions)
{
    EXPECT_TRUE(NatFlow::TcpOptionsValid(MipFromHex("02 04 05 b4").data(), 4));
    EXPECT_TRUE(NatFlow::TcpOptionsValid(MipFromHex("01 01 00 ff").data(), 4));
    EXPECT_FALSE(NatFlow::TcpOptionsValid(MipFromHex("02 03 05 b4").data(), 4)) << "MSS size";
    EXPECT_FALSE(NatFlow::TcpOptionsValid(MipFromHex("08 0a 00 00").data(), 4)) << "overrun";
    EXPECT_FALSE(NatFlow::TcpOptionsValid(MipFromHex("01 01 01 05").data(), 4)) << "no length";
}
