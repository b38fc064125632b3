/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The plain parts of the NAT's mapping lifecycle: the RFC 4787 mapping key and filter, the
 * session timeouts (RFC 4787 REQ-5/6, RFC 5382 REQ-5, RFC 5508 REQ-1), the external port
 * allocator and the fragment-identification translation.
 */
#include "ns3/nat-flow.h"
#include "ns3/nat-fragment-ids.h"
#include "ns3/nat-mapping-table.h"
#include "ns3/nat-port-allocator.h"
#include "ns3/nat-session-policy.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

const Ipv4Address INSIDE("192.168.1.10");
const Ipv4Address REMOTE("203.0.113.5");
const Ipv4Address OTHER("203.0.113.6");

/// the policy of Ipv4Nat's default attributes with \p mapping and \p filtering
NatSessionPolicy
MakePolicy(NatTypes::Behavior mapping, NatTypes::Behavior filtering)
{
    NatSessionPolicy policy;
    policy.mapping = mapping;
    policy.filtering = filtering;
    policy.udpTimeout = Seconds(120);
    policy.tcpEstablishedTimeout = Seconds(7440);
    policy.tcpTransitoryTimeout = Seconds(240);
    policy.icmpTimeout = Seconds(60);
    return policy;
}

/// a mapping of \p protocol for INSIDE:5000 on external port \p port
NatMapping
MakeMapping(uint8_t protocol, uint16_t port)
{
    NatMapping m;
    m.key.protocol = protocol;
    m.key.inside = INSIDE.Get();
    m.key.insidePort = 5000;
    m.externalPort = port;
    return m;
}

} // namespace

TEST(NatSessionPolicy, MappingKeyPerBehavior)
{
    auto key = [](NatTypes::Behavior b) {
        return MakePolicy(b, NatTypes::ENDPOINT_INDEPENDENT)
            .MakeKey(NatFlow::PROTO_UDP, INSIDE, 5000, REMOTE, 53);
    };
    NatInsideKey ei = key(NatTypes::ENDPOINT_INDEPENDENT);
    EXPECT_EQ(ei.remote, 0u);
    EXPECT_EQ(ei.remotePort, 0);
    NatInsideKey ad = key(NatTypes::ADDRESS_DEPENDENT);
    EXPECT_EQ(ad.remote, REMOTE.Get());
    EXPECT_EQ(ad.remotePort, 0);
    NatInsideKey apd = key(NatTypes::ADDRESS_AND_PORT_DEPENDENT);
    EXPECT_EQ(apd.remote, REMOTE.Get());
    EXPECT_EQ(apd.remotePort, 53);
    EXPECT_EQ(apd.inside, INSIDE.Get());
    EXPECT_EQ(apd.insidePort, 5000);
}

TEST(NatSessionPolicy, FilterPerBehavior)
{
    NatMapping m = MakeMapping(NatFlow::PROTO_UDP, 1024);
    NatSessionPolicy any =
        MakePolicy(NatTypes::ENDPOINT_INDEPENDENT, NatTypes::ENDPOINT_INDEPENDENT);
    NatSessionPolicy addr = MakePolicy(NatTypes::ENDPOINT_INDEPENDENT, NatTypes::ADDRESS_DEPENDENT);
    NatSessionPolicy port =
        MakePolicy(NatTypes::ENDPOINT_INDEPENDENT, NatTypes::ADDRESS_AND_PORT_DEPENDENT);
    EXPECT_TRUE(any.FilterAllows(m, REMOTE, 53));
    EXPECT_FALSE(addr.FilterAllows(m, REMOTE, 53));
    port.RefreshOutbound(m, REMOTE, 53, 0, Seconds(1));
    EXPECT_TRUE(addr.FilterAllows(m, REMOTE, 54));
    EXPECT_FALSE(addr.FilterAllows(m, OTHER, 53));
    EXPECT_TRUE(port.FilterAllows(m, REMOTE, 53));
    EXPECT_FALSE(port.FilterAllows(m, REMOTE, 54));
}

TEST(NatSessionPolicy, UdpRefreshedOutboundOnly)
{
    NatSessionPolicy policy =
        MakePolicy(NatTypes::ENDPOINT_INDEPENDENT, NatTypes::ADDRESS_AND_PORT_DEPENDENT);
    NatMapping m = MakeMapping(NatFlow::PROTO_UDP, 1024);
    policy.RefreshOutbound(m, REMOTE, 53, 0, Seconds(10));
    EXPECT_EQ(m.expires, Seconds(130));
    policy.RefreshInbound(m, REMOTE, 53, 0, Seconds(100));
    EXPECT_EQ(m.expires, Seconds(130)) << "RFC 4787 REQ-6: no inbound refresh";
    policy.RefreshOutbound(m, REMOTE, 53, 0, Seconds(100));
    EXPECT_EQ(m.expires, Seconds(220));
}

TEST(NatSessionPolicy, TcpEstablishedAndClosing)
{
    NatSessionPolicy policy =
        MakePolicy(NatTypes::ENDPOINT_INDEPENDENT, NatTypes::ADDRESS_AND_PORT_DEPENDENT);
    NatMapping m = MakeMapping(NatFlow::PROTO_TCP, 1024);
    policy.RefreshOutbound(m, REMOTE, 80, NatFlow::TCP_SYN, Seconds(0));
    EXPECT_EQ(m.expires, Seconds(240)) << "transitory";
    policy.RefreshInbound(m, REMOTE, 80, NatFlow::TCP_SYN | NatFlow::TCP_ACK, Seconds(1));
    EXPECT_EQ(m.expires, Seconds(7441)) << "established";
    policy.RefreshOutbound(m, REMOTE, 80, NatFlow::TCP_RST, Seconds(2));
    EXPECT_EQ(m.expires, Seconds(242)) << "a RST ends the established phase: recomputed";
}

TEST(NatSessionPolicy, IcmpTimeout)
{
    NatSessionPolicy policy =
        MakePolicy(NatTypes::ENDPOINT_INDEPENDENT, NatTypes::ADDRESS_AND_PORT_DEPENDENT);
    NatMapping m = MakeMapping(NatFlow::PROTO_ICMP, 1024);
    policy.RefreshOutbound(m, REMOTE, 0, 0, Seconds(5));
    EXPECT_EQ(m.expires, Seconds(65));
}

TEST(NatPortAllocator, PreservingThenNearThenSequential)
{
    NatMappingTable table;
    NatPortAllocator allocator;
    auto allocate = [&](uint16_t insidePort) {
        std::optional<uint16_t> port = allocator.Allocate(table,
                                                          NatTypes::PORT_PRESERVING,
                                                          1024,
                                                          65535,
                                                          NatFlow::PROTO_UDP,
                                                          insidePort,
                                                          {},
                                                          nullptr);
        if (port)
        {
            NatMapping m = MakeMapping(NatFlow::PROTO_UDP, *port);
            m.key.insidePort = insidePort;
            m.key.remotePort = static_cast<uint16_t>(table.GetSize()); // distinct keys
            table.Insert(m);
        }
        return port;
    };
    EXPECT_EQ(allocate(5000), 5000);
    EXPECT_EQ(allocate(5000), 5001) << "the next free port after the inside port";
    for (uint16_t p = 5002; p <= 5017; ++p)
    {
        EXPECT_EQ(allocate(p), p);
    }
    // 5001..5017 taken: the 16 ports after 5000 are all in use, so the sequential cursor
    EXPECT_EQ(allocate(5000), 1024);
    EXPECT_EQ(allocate(0), 1025) << "port 0 is never preserved";
}

TEST(NatPortAllocator, SequentialWrapsAndRefuses)
{
    NatMappingTable table;
    NatPortAllocator allocator;
    auto allocate = [&]() {
        std::optional<uint16_t> port = allocator.Allocate(table,
                                                          NatTypes::PORT_SEQUENTIAL,
                                                          40001,
                                                          40000,
                                                          NatFlow::PROTO_UDP,
                                                          7,
                                                          {},
                                                          nullptr);
        if (port)
        {
            NatMapping m = MakeMapping(NatFlow::PROTO_UDP, *port);
            m.key.remotePort = *port;
            table.Insert(m);
        }
        return port;
    };
    EXPECT_EQ(allocate(), 40000);
    EXPECT_EQ(allocate(), 40001);
    EXPECT_FALSE(allocate().has_value()) << "range exhausted";
    table.Remove(NatFlow::PROTO_UDP, 40000);
    EXPECT_EQ(allocate(), 40000) << "the cursor wraps";
    allocator.Reset();
    table.Clear();
    EXPECT_EQ(allocate(), 40000);
}

TEST(NatPortAllocator, LocalUseIsAvoided)
{
    NatMappingTable table;
    NatPortAllocator allocator;
    std::optional<uint16_t> port = allocator.Allocate(
        table,
        NatTypes::PORT_PRESERVING,
        1024,
        65535,
        NatFlow::PROTO_UDP,
        5000,
        [](uint16_t p) { return p == 5000 || p == 5001; },
        nullptr);
    EXPECT_EQ(port, 5002);
    EXPECT_FALSE(NatPortAllocator::NodePortInUse(nullptr, INSIDE, NatFlow::PROTO_UDP, 5000));
}

TEST(NatFragmentIds, OneIdentificationPerDatagramUntilIdle)
{
    NatFragmentIds ids;
    Ipv4Header a;
    a.SetSource(INSIDE);
    a.SetDestination(REMOTE);
    a.SetProtocol(NatFlow::PROTO_UDP);
    a.SetIdentification(77);
    Ipv4Header b = a;
    b.SetSource(Ipv4Address("192.168.1.11"));
    bool isNew = false;
    EXPECT_EQ(ids.Translate(a, Seconds(1), isNew), 0);
    EXPECT_TRUE(isNew);
    EXPECT_EQ(ids.Translate(b, Seconds(1), isNew), 1) << "same id from another host";
    EXPECT_TRUE(isNew);
    EXPECT_EQ(ids.Translate(a, Seconds(2), isNew), 0);
    EXPECT_FALSE(isNew);
    ids.Expire(Seconds(31), Seconds(30));
    EXPECT_FALSE(ids.IsEmpty()) << "a was seen at 2 s";
    ids.Expire(Seconds(32), Seconds(30));
    EXPECT_TRUE(ids.IsEmpty());
    EXPECT_EQ(ids.Translate(a, Seconds(40), isNew), 2) << "the counter goes on";
}
