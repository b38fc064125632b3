/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * MipFlowHash (issue 12, item 4): the per-flow path choice of the Home Agent's downlink and
 * of the mobile router's uplinks is symmetric (a flow's two directions hash alike), stable
 * (removing a path moves only its flows), spread over the paths and deterministic.
 */
#include "ns3/mip-flow-hash.h"
#include "ns3/udp-header.h"

#include <gtest/gtest.h>
#include <map>

using namespace ns3;

namespace
{

/// \return a UDP datagram (IPv4 header first) and its header
std::pair<Ptr<Packet>, Ipv4Header>
Datagram(Ipv4Address src, uint16_t sport, Ipv4Address dst, uint16_t dport, uint8_t protocol = 17)
{
    Ptr<Packet> p = Create<Packet>(40);
    UdpHeader udp;
    udp.SetSourcePort(sport);
    udp.SetDestinationPort(dport);
    p->AddHeader(udp);
    Ipv4Header ip;
    ip.SetSource(src);
    ip.SetDestination(dst);
    ip.SetProtocol(protocol);
    ip.SetPayloadSize(p->GetSize());
    p->AddHeader(ip);
    return {p, ip};
}

/// \param h a datagram \return its flow hash
uint64_t
FlowOf(const std::pair<Ptr<Packet>, Ipv4Header>& h)
{
    return MipFlowHash::Symmetric(h.first, h.second);
}

const std::vector<Ipv4Address> THREE = {Ipv4Address("100.64.0.2"),
                                        Ipv4Address("100.65.0.2"),
                                        Ipv4Address("100.66.0.2")};

} // namespace

TEST(MipFlowHash, BothDirectionsHashAlike)
{
    Ipv4Address a("10.1.0.2");
    Ipv4Address b("10.2.0.2");
    for (uint16_t port = 1000; port < 1200; ++port)
    {
        uint64_t forward = FlowOf(Datagram(a, port, b, 9000));
        uint64_t backward = FlowOf(Datagram(b, 9000, a, port));
        EXPECT_EQ(forward, backward) << "port " << port;
        EXPECT_EQ(MipFlowHash::Choose(forward, THREE), MipFlowHash::Choose(backward, THREE));
    }
}

TEST(MipFlowHash, DistinguishesFlows)
{
    Ipv4Address a("10.1.0.2");
    Ipv4Address b("10.2.0.2");
    EXPECT_NE(FlowOf(Datagram(a, 1000, b, 9000)), FlowOf(Datagram(a, 1001, b, 9000)));
    EXPECT_NE(FlowOf(Datagram(a, 1000, b, 9000)), FlowOf(Datagram(a, 9000, b, 1000)))
        << "the ports belong to their addresses";
    EXPECT_NE(FlowOf(Datagram(a, 1000, b, 9000, 17)), FlowOf(Datagram(a, 1000, b, 9000, 6)));
}

TEST(MipFlowHash, FragmentsOfADatagramHashAlike)
{
    auto first = Datagram(Ipv4Address("10.1.0.2"), 1000, Ipv4Address("10.2.0.2"), 9000);
    first.second.SetMoreFragments();
    Ptr<Packet> later = Create<Packet>(100);
    Ipv4Header h = first.second;
    h.SetFragmentOffset(1480);
    h.SetLastFragment();
    later->AddHeader(h);
    EXPECT_EQ(MipFlowHash::Symmetric(first.first, first.second), MipFlowHash::Symmetric(later, h));
}

TEST(MipFlowHash, RemovingAPathMovesOnlyItsFlows)
{
    std::vector<Ipv4Address> two = {THREE[0], THREE[1]};
    std::map<size_t, int> spread;
    int moved = 0;
    for (uint16_t port = 1000; port < 1600; ++port)
    {
        uint64_t flow =
            FlowOf(Datagram(Ipv4Address("10.1.0.2"), port, Ipv4Address("10.2.0.2"), 53));
        size_t before = MipFlowHash::Choose(flow, THREE);
        size_t after = MipFlowHash::Choose(flow, two);
        spread[before]++;
        if (before != 2)
        {
            EXPECT_EQ(after, before) << "a flow of a surviving path moved (port " << port << ")";
        }
        else
        {
            moved++;
        }
        // The order of the candidates does not matter, only their addresses.
        std::vector<Ipv4Address> reversed(THREE.rbegin(), THREE.rend());
        EXPECT_EQ(THREE[before], reversed[MipFlowHash::Choose(flow, reversed)]);
    }
    // 600 flows over three paths: each gets a fair share (binomial, sd ~ 12).
    for (size_t i = 0; i < 3; ++i)
    {
        EXPECT_GT(spread[i], 140) << "path " << i;
        EXPECT_LT(spread[i], 260) << "path " << i;
    }
    EXPECT_EQ(moved, spread[2]);
}

TEST(MipFlowHash, Deterministic)
{
    // Fixed values: a change of the function changes which uplink a flow takes in every
    // scenario, so it must be deliberate.
    uint64_t flow = FlowOf(Datagram(Ipv4Address("10.1.0.2"), 1000, Ipv4Address("10.2.0.2"), 9000));
    EXPECT_EQ(flow, 0x0ca9eff79a70e5c2ULL);
    EXPECT_EQ(MipFlowHash::Choose(flow, THREE), 2u);
}
