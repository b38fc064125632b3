/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Tunnel MTU rules: fragmentation of the inner datagram before encapsulation (RFC 791
 * section 3.2, RFC 3519 section 4.8), the encapsulation overheads, the path MTU soft state
 * rule (RFC 2003 section 5.1, RFC 1191 section 6.1) and the tunnel loop check (RFC 2003
 * section 3.2).
 */
#include "ns3/inner-fragmenter.h"
#include "ns3/ip-in-ip-encapsulation.h"
#include "ns3/ipv4-header.h"
#include "ns3/mip-tunnel.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tunnel-path-mtu.h"
#include "ns3/tunnel-soft-state.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

/// \param payload octets after the header \param df DF bit \return a datagram and its header
std::pair<Ptr<Packet>, Ipv4Header>
Datagram(uint32_t payload, bool df)
{
    std::vector<uint8_t> bytes(payload);
    for (uint32_t i = 0; i < payload; i++)
    {
        bytes[i] = static_cast<uint8_t>(i * 7 + 3);
    }
    Ptr<Packet> p = Create<Packet>(bytes.data(), payload);
    Ipv4Header h;
    h.SetSource(Ipv4Address("10.1.1.1"));
    h.SetDestination(Ipv4Address("10.4.4.2"));
    h.SetProtocol(17);
    h.SetTtl(63);
    h.SetTos(0x28);
    h.SetIdentification(4242);
    h.SetPayloadSize(payload);
    if (df)
    {
        h.SetDontFragment();
    }
    else
    {
        h.SetMayFragment();
    }
    p->AddHeader(h);
    return {p, h};
}

/// \param p a packet \return its octets
std::vector<uint8_t>
Bytes(Ptr<const Packet> p)
{
    std::vector<uint8_t> b(p->GetSize());
    p->CopyData(b.data(), b.size());
    return b;
}

} // namespace

TEST(InnerFragmenter, FullSizeDatagramIntoUdpTunnelMtu)
{
    auto [p, h] = Datagram(1480, false); // a 1500-octet datagram
    std::vector<Ptr<Packet>> f = InnerFragmenter::Fragment(p, h, 1468);
    ASSERT_EQ(f.size(), 2u);
    EXPECT_EQ(f[0]->GetSize(), 1468u); // 20 + 1448 (181 blocks of 8)
    EXPECT_EQ(f[1]->GetSize(), 52u);   // 20 + 32
    std::vector<uint8_t> rebuilt;
    std::vector<uint8_t> original = Bytes(p);
    for (size_t i = 0; i < f.size(); i++)
    {
        Ipv4Header fh;
        f[i]->PeekHeader(fh);
        EXPECT_EQ(fh.GetIdentification(), 4242);
        EXPECT_EQ(fh.GetSource(), h.GetSource());
        EXPECT_EQ(fh.GetDestination(), h.GetDestination());
        EXPECT_EQ(fh.GetProtocol(), 17);
        EXPECT_EQ(fh.GetTtl(), 63);
        EXPECT_EQ(fh.GetTos(), 0x28);
        EXPECT_EQ(fh.IsLastFragment(), i + 1 == f.size());
        EXPECT_EQ(fh.GetFragmentOffset(), i == 0 ? 0 : 1448);
        EXPECT_EQ(fh.GetPayloadSize() + 20u, f[i]->GetSize());
        std::vector<uint8_t> b = Bytes(f[i]);
        rebuilt.insert(rebuilt.end(), b.begin() + 20, b.end());
    }
    EXPECT_EQ(rebuilt, std::vector<uint8_t>(original.begin() + 20, original.end()));
}

TEST(InnerFragmenter, RefragmentsAFragmentKeepingItsOffsetAndMf)
{
    auto [p, h] = Datagram(1000, false);
    h.SetFragmentOffset(800);
    h.SetMoreFragments(); // a middle fragment of a larger datagram
    std::vector<Ptr<Packet>> f = InnerFragmenter::Fragment(p, h, 500);
    ASSERT_EQ(f.size(), 3u); // 480 + 480 + 40
    for (size_t i = 0; i < f.size(); i++)
    {
        Ipv4Header fh;
        f[i]->PeekHeader(fh);
        EXPECT_EQ(fh.GetFragmentOffset(), 800 + 480 * i);
        EXPECT_FALSE(fh.IsLastFragment()) << "every piece keeps MF, the last one too";
    }
}

TEST(InnerFragmenter, NeverFragmentsWithDontFragmentOrATinyMtu)
{
    auto [p, h] = Datagram(1480, true);
    EXPECT_TRUE(InnerFragmenter::Fragment(p, h, 1468).empty());
    auto [q, g] = Datagram(100, false);
    EXPECT_TRUE(InnerFragmenter::Fragment(q, g, 27).empty());
    EXPECT_EQ(InnerFragmenter::Fragment(q, g, 28).size(), 13u); // 8 octets each
}

TEST(TunnelMtu, OverheadPerEncapsulation)
{
    Ipv4Address a("192.0.2.1");
    Ipv4Address b("198.51.100.2");
    EXPECT_EQ(Create<MipTunnel>(a, b, MipEncapsulation::IP_IN_IP)->GetOverhead(), 20u);
    EXPECT_EQ(Create<MipTunnel>(a, b, MipEncapsulation::UDP)->GetOverhead(), 32u);
    Ptr<MipTunnel> gre = Create<MipTunnel>(a, b, MipEncapsulation::GRE);
    EXPECT_EQ(gre->GetOverhead(), 24u);
    gre->SetGreOptions(1, false);
    EXPECT_EQ(gre->GetOverhead(), 28u);
    gre->SetGreOptions(1, true);
    EXPECT_EQ(gre->GetOverhead(), 32u);
    EXPECT_EQ(TunnelPathMtu::TunnelMtu(gre, 1500), 1468u);
    EXPECT_EQ(TunnelPathMtu::TunnelMtu(gre, 30), 0u);
}

TEST(TunnelMtu, SoftStateOnlyLowersAndExpires)
{
    Ptr<MipTunnel> t = Create<MipTunnel>(Ipv4Address("192.0.2.1"),
                                         Ipv4Address("198.51.100.2"),
                                         MipEncapsulation::IP_IN_IP);
    EXPECT_FALSE(TunnelPathMtu::Learn(t, 1500, 3, 1, 1400, Seconds(600))); // not code 4
    EXPECT_FALSE(TunnelPathMtu::Learn(t, 1500, 11, 4, 1400, Seconds(600)));
    EXPECT_FALSE(TunnelPathMtu::Learn(t, 1500, 3, 4, 1500, Seconds(600))); // no decrease
    EXPECT_FALSE(TunnelPathMtu::Learn(t, 1500, 3, 4, 67, Seconds(600)));   // below 68
    EXPECT_FALSE(TunnelPathMtu::Learn(t, 1500, 3, 4, 0, Seconds(600)));    // RFC 1191 "0"
    EXPECT_TRUE(TunnelPathMtu::Learn(t, 1500, 3, 4, 1400, Seconds(600)));
    EXPECT_EQ(TunnelPathMtu::TunnelMtu(t, 1500), 1380u);
    EXPECT_FALSE(TunnelPathMtu::Learn(t, 1500, 3, 4, 1450, Seconds(600))); // never raises
    EXPECT_TRUE(TunnelPathMtu::Learn(t, 1500, 3, 4, 68, Seconds(600)));
    EXPECT_EQ(TunnelPathMtu::PathMtu(t, 1500), 68u);
    EXPECT_EQ(TunnelPathMtu::PathMtu(t, 60), 60u); // the link wins when smaller
    Simulator::Stop(Seconds(601));
    Simulator::Run();
    EXPECT_EQ(TunnelPathMtu::PathMtu(t, 1500), 1500u) << "forgotten after the timeout";
    Simulator::Destroy();
}

TEST(IpInIp, RecursiveEncapsulationIsALoop)
{
    Ipv4Header inner;
    inner.SetSource(Ipv4Address("192.0.2.1"));
    inner.SetDestination(Ipv4Address("198.51.100.2"));
    inner.SetProtocol(4);
    Ipv4Address entry("192.0.2.1");
    Ipv4Address exit("198.51.100.2");
    EXPECT_TRUE(IpInIpEncapsulation::IsRecursive(inner, entry, exit, 4));
    EXPECT_FALSE(IpInIpEncapsulation::IsRecursive(inner, entry, exit, 47));
    EXPECT_FALSE(IpInIpEncapsulation::IsRecursive(inner, exit, entry, 4));
    inner.SetSource(Ipv4Address("10.0.0.1")); // a keepalive from the home address
    EXPECT_FALSE(IpInIpEncapsulation::IsRecursive(inner, entry, exit, 4));
}

TEST(TunnelSoftState, ClassifiesEveryIcmpError)
{
    using C = TunnelIcmpClass;
    EXPECT_EQ(TunnelSoftState::Classify(3, 0), C::UNREACHABLE);
    EXPECT_EQ(TunnelSoftState::Classify(3, 1), C::UNREACHABLE);
    EXPECT_EQ(TunnelSoftState::Classify(3, 2), C::UNREACHABLE);
    EXPECT_EQ(TunnelSoftState::Classify(3, 3), C::PORT_UNREACHABLE);
    EXPECT_EQ(TunnelSoftState::Classify(3, 4), C::DATAGRAM_TOO_BIG);
    EXPECT_EQ(TunnelSoftState::Classify(3, 5), C::SOURCE_ROUTE_FAILED);
    EXPECT_EQ(TunnelSoftState::Classify(3, 13), C::OTHER);
    EXPECT_EQ(TunnelSoftState::Classify(4, 0), C::SOURCE_QUENCH);
    EXPECT_EQ(TunnelSoftState::Classify(5, 1), C::REDIRECT);
    EXPECT_EQ(TunnelSoftState::Classify(11, 0), C::TIME_EXCEEDED);
    EXPECT_EQ(TunnelSoftState::Classify(11, 1), C::OTHER) << "reassembly: at the exit";
    EXPECT_EQ(TunnelSoftState::Classify(12, 0), C::OTHER);
    EXPECT_EQ(TunnelSoftState::Classify(0, 0), C::OTHER);

    // An ICMP Fragmentation Needed (MTU 1400) quoting a UDP outer header 434 -> 4500.
    std::vector<uint8_t> icmp = {
        3,    4,    0,    0,    0, 0,   0x05, 0x78, // type, code, MTU 1400
        0x45, 0,    0,    200,  0, 0,   0x40, 0,    1,   17,
        0,    0,    192,  0,    2, 1,   198,  51,   100, 2, // quoted outer header
        0x01, 0xb2, 0x11, 0x94, 0, 180, 0,    0};           // quoted UDP
    std::optional<TunnelIcmpError> e =
        TunnelSoftState::Parse(Create<Packet>(icmp.data(), icmp.size()));
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->type, 3);
    EXPECT_EQ(e->code, 4);
    EXPECT_EQ(e->info, 1400u);
    EXPECT_EQ(e->protocol, 17);
    EXPECT_EQ(e->source, Ipv4Address("192.0.2.1"));
    EXPECT_EQ(e->destination, Ipv4Address("198.51.100.2"));
    EXPECT_EQ(e->quoted[2] << 8 | e->quoted[3], 4500);
    icmp.resize(icmp.size() - 1); // 7 quoted octets: too short
    EXPECT_FALSE(TunnelSoftState::Parse(Create<Packet>(icmp.data(), icmp.size())).has_value());
    icmp = {8, 0, 0, 0, 0, 1, 0, 1}; // an echo request quotes nothing
    icmp.resize(36);
    EXPECT_FALSE(TunnelSoftState::Parse(Create<Packet>(icmp.data(), icmp.size())).has_value());
}

TEST(TunnelSoftState, ErrorCodeForADatagram)
{
    Ptr<MipTunnel> t = Create<MipTunnel>(Ipv4Address("192.0.2.1"),
                                         Ipv4Address("198.51.100.2"),
                                         MipEncapsulation::UDP);
    auto [p, inner] = Datagram(100, false);
    TunnelSoftStateConfig config{true, true, Seconds(600), Seconds(10), 64};
    EXPECT_FALSE(TunnelSoftState::ErrorFor(t, inner, 64, false).has_value()) << "no state";

    TunnelIcmpError timeExceeded{11, 0, 0, 17, t->GetLocal(), t->GetRemote(), {}};
    std::optional<TunnelSoftStateEvent> e = TunnelSoftState::Learn(t, timeExceeded, 1500, config);
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->kind, TunnelSoftStateKind::TTL);
    EXPECT_EQ(e->value, 65) << "longer than the outer TTL 64";
    EXPECT_EQ(TunnelSoftState::ErrorFor(t, inner, 64, false), 1) << "Host Unreachable (4.4)";
    EXPECT_EQ(TunnelSoftState::ErrorFor(t, inner, 255, false), 1)
        << "outer TTL raised above the path length, but inner TTL 63 < 65 (section 5)";
    Ipv4Header longLived = inner;
    longLived.SetTtl(100);
    EXPECT_FALSE(TunnelSoftState::ErrorFor(t, longLived, 255, false).has_value())
        << "both TTLs reach the exit";

    Ptr<MipTunnel> u = Create<MipTunnel>(Ipv4Address("192.0.2.1"),
                                         Ipv4Address("198.51.100.3"),
                                         MipEncapsulation::IP_IN_IP);
    TunnelIcmpError net{3, 0, 0, 4, u->GetLocal(), u->GetRemote(), {}};
    ASSERT_TRUE(TunnelSoftState::Learn(u, net, 1500, config).has_value());
    EXPECT_EQ(TunnelSoftState::ErrorFor(u, inner, 64, false), 0) << "off our network: 0";
    EXPECT_EQ(TunnelSoftState::ErrorFor(u, inner, 64, true), 1) << "on it: may be 1";
    TunnelIcmpError host{3, 1, 0, 4, u->GetLocal(), u->GetRemote(), {}};
    ASSERT_TRUE(TunnelSoftState::Learn(u, host, 1500, config).has_value());
    EXPECT_EQ(TunnelSoftState::ErrorFor(u, inner, 64, false), 1) << "Host Unreachable relayed";

    TunnelSoftStateConfig off{true, false, Seconds(600), Seconds(10), 64};
    Ptr<MipTunnel> v = Create<MipTunnel>(Ipv4Address("192.0.2.1"),
                                         Ipv4Address("198.51.100.4"),
                                         MipEncapsulation::GRE);
    EXPECT_FALSE(TunnelSoftState::Learn(v, net, 1500, off).has_value()) << "IcmpSoftState off";
    TunnelIcmpError quench{4, 0, 0, 47, v->GetLocal(), v->GetRemote(), {}};
    EXPECT_FALSE(TunnelSoftState::Learn(v, quench, 1500, config).has_value());
    EXPECT_FALSE(TunnelSoftState::ErrorFor(v, inner, 64, false).has_value());

    // RFC 1122 section 3.2.2: no ICMP error about an ICMP error, a non-initial fragment.
    EXPECT_TRUE(TunnelSoftState::MayAnswer(inner, p));
    for (uint8_t type : {0, 3, 8, 11})
    {
        Ptr<Packet> icmp = Create<Packet>(std::vector<uint8_t>(36, type).data(), 36);
        Ipv4Header h = inner;
        h.SetProtocol(1);
        h.SetPayloadSize(36);
        icmp->AddHeader(h);
        EXPECT_EQ(TunnelSoftState::MayAnswer(h, icmp), type == 0 || type == 8) << +type;
    }
    Ipv4Header later = inner;
    later.SetFragmentOffset(1480);
    EXPECT_FALSE(TunnelSoftState::MayAnswer(later, p));

    Simulator::Stop(Seconds(11));
    Simulator::Run();
    EXPECT_FALSE(TunnelSoftState::ErrorFor(t, inner, 64, false).has_value()) << "aged out";
    EXPECT_FALSE(TunnelSoftState::ErrorFor(u, inner, 64, false).has_value()) << "aged out";
    Simulator::Destroy();
}
