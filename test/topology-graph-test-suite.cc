/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ns-3 TestSuite "haaro-topology-graph": TopologyGraph on small hand-built topologies with
 * known answers (shortest delay, fewest hops, transit and avoided devices, delays read
 * from the channels, transmission times), a real datagram whose measured one-way delay
 * and TTL match the computed path, and the virtual-operator topology's host-to-host
 * shortest path.
 */
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/ns3-compat.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"
#include "ns3/topology-graph.h"
#include "ns3/virtual-operator-topology-helper.h"

using namespace ns3;

namespace
{

/// \param ms milliseconds \return the time
Time
Ms(double ms)
{
    return MicroSeconds(static_cast<int64_t>(ms * 1000));
}

/**
 * \ingroup haaro-tests
 * A diamond with a long direct link:
 * \verbatim
        +-- B --+          A-B 5 ms, B-D 5 ms
        |       |          A-C 2 ms, C-D 2 ms
        A -- C -- D        A-D 20 ms (direct)
        |_______________|
   \endverbatim
 * Shortest delay A->D is A-C-D (4 ms, 2 links), fewest hops is A-D (1 link, 20 ms);
 * C not transit: A-B-D (10 ms); C allowed again by the query: A-C-D; A's device towards
 * C avoided: A-B-D; the A-C delay raised to 9 ms on the channel: A-B-D.
 */
class KnownAnswerTestCase : public TestCase
{
  public:
    KnownAnswerTestCase()
        : TestCase("shortest delay and fewest hops on a hand topology")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer n;
        n.Create(4); // A B C D
        Ptr<Node> a = n.Get(0);
        Ptr<Node> b = n.Get(1);
        Ptr<Node> c = n.Get(2);
        Ptr<Node> d = n.Get(3);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
        auto link = [&p2p](Ptr<Node> x, Ptr<Node> y, double ms) {
            p2p.SetChannelAttribute("Delay", TimeValue(Ms(ms)));
            return p2p.Install(x, y);
        };
        link(a, b, 5);
        link(b, d, 5);
        NetDeviceContainer ac = link(a, c, 2);
        link(c, d, 2);
        link(a, d, 20);

        TopologyGraph g;
        g.Build(n);
        NS_TEST_ASSERT_MSG_EQ(g.GetNNodes(), 4, "four nodes");
        NS_TEST_ASSERT_MSG_EQ(g.GetArcs().size(), 10, "five links, two arcs each");
        NS_TEST_ASSERT_MSG_EQ(g.GetSkippedDevices(), 0, "nothing skipped");

        TopologyGraph::Path p = g.ShortestDelay(a, d);
        NS_TEST_ASSERT_MSG_EQ(p.found, true, "path found");
        NS_TEST_ASSERT_MSG_EQ(p.delay, Ms(4), "A-C-D");
        NS_TEST_ASSERT_MSG_EQ(p.links, 2, "two links");
        NS_TEST_ASSERT_MSG_EQ(p.GetRouterHops(), 1, "one router (C)");
        NS_TEST_ASSERT_MSG_EQ(p.nodes.size(), 3, "three nodes");
        NS_TEST_ASSERT_MSG_EQ(p.nodes[1], c, "via C");

        TopologyGraph::Path h = g.FewestHops(a, d);
        NS_TEST_ASSERT_MSG_EQ(h.links, 1, "direct link");
        NS_TEST_ASSERT_MSG_EQ(h.delay, Ms(20), "its delay");
        NS_TEST_ASSERT_MSG_EQ(h.GetRouterHops(), 0, "no router");

        g.SetTransit(c, false);
        p = g.ShortestDelay(a, d);
        NS_TEST_ASSERT_MSG_EQ(p.delay, Ms(10), "C may not carry transit: A-B-D");
        NS_TEST_ASSERT_MSG_EQ(p.nodes[1], b, "via B");
        TopologyGraph::Path toC = g.ShortestDelay(a, c);
        NS_TEST_ASSERT_MSG_EQ(toC.delay, Ms(2), "C can still be the destination");
        TopologyGraph::Constraints allowC;
        allowC.transit = {c};
        NS_TEST_ASSERT_MSG_EQ(g.ShortestDelay(a, d, allowC).delay, Ms(4), "query allows C");
        g.SetTransit(c, true);

        TopologyGraph::Constraints avoid;
        avoid.avoid = {ac.Get(0)};
        p = g.ShortestDelay(a, d, avoid);
        NS_TEST_ASSERT_MSG_EQ(p.delay, Ms(10), "A-C avoided: A-B-D");
        p = g.ShortestDelay(d, a, avoid);
        NS_TEST_ASSERT_MSG_EQ(p.delay, Ms(10), "both directions of A-C avoided");

        // The graph reads the channel: a changed Delay attribute is followed.
        ac.Get(0)->GetChannel()->SetAttribute("Delay", TimeValue(Ms(9)));
        g.Build(n);
        p = g.ShortestDelay(a, d);
        NS_TEST_ASSERT_MSG_EQ(p.delay, Ms(10), "A-C now 9 ms: A-B-D");
        NS_TEST_ASSERT_MSG_EQ(p.nodes[1], b, "via B");

        // Transmission time of a 1000-octet datagram at 10 Mb/s: 1002 octets with PPP.
        g.SetPacketSize(1000);
        p = g.ShortestDelay(a, d);
        Time tx = DataRate("10Mbps").CalculateBytesTxTime(1002);
        NS_TEST_ASSERT_MSG_EQ(p.delay, Ms(10) + tx + tx, "delay plus two transmissions");

        // Unreachable.
        NodeContainer lone;
        lone.Create(1);
        NodeContainer all(n, lone);
        g.Build(all);
        NS_TEST_ASSERT_MSG_EQ(g.ShortestDelay(a, lone.Get(0)).found, false, "no path");
        NS_TEST_ASSERT_MSG_EQ(g.FewestHops(a, lone.Get(0)).GetRouterHops(), 0, "no hops");
        // Links to nodes outside the graph are ignored.
        NodeContainer abc(a, b, c);
        g.Build(abc);
        NS_TEST_ASSERT_MSG_EQ(g.GetArcs().size(), 4, "A-B and A-C only");
        Simulator::Destroy();
    }
};

/**
 * \ingroup haaro-tests
 * A real datagram: host H1 on a CSMA LAN with router R1, R1 - R2 point-to-point (10 Mb/s,
 * 7 ms), R2 - H2 point-to-point (2 Mb/s, 3 ms). The one-way delay of a 300-octet UDP
 * payload (328-octet datagram) measured at H2 equals TopologyGraph's shortest delay with
 * SetPacketSize(328) to the nanosecond, and the TTL went down by its router hops (2).
 */
class MeasuredPathTestCase : public TestCase
{
  public:
    MeasuredPathTestCase()
        : TestCase("computed shortest delay equals a measured datagram's delay")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer n;
        n.Create(4); // H1 R1 R2 H2
        InternetStackHelper stack;
        stack.Install(n);
        CsmaHelper csma;
        csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
        csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(3)));
        NetDeviceContainer lan = csma.Install(NodeContainer(n.Get(0), n.Get(1)));
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
        p2p.SetChannelAttribute("Delay", TimeValue(MilliSeconds(7)));
        NetDeviceContainer core = p2p.Install(n.Get(1), n.Get(2));
        p2p.SetDeviceAttribute("DataRate", StringValue("2Mbps"));
        p2p.SetChannelAttribute("Delay", TimeValue(MilliSeconds(3)));
        NetDeviceContainer edge = p2p.Install(n.Get(2), n.Get(3));
        Ipv4AddressHelper address;
        address.SetBase("10.1.1.0", "255.255.255.0");
        address.Assign(lan);
        address.SetBase("10.1.2.0", "255.255.255.0");
        address.Assign(core);
        address.SetBase("10.1.3.0", "255.255.255.0");
        Ipv4InterfaceContainer edgeIf = address.Assign(edge);
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();

        Ptr<Socket> sink = Socket::CreateSocket(n.Get(3), UdpSocketFactory::GetTypeId());
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 5000));
        sink->SetIpRecvTtl(true);
        std::vector<std::pair<Time, uint8_t>> arrivals;
        sink->SetRecvCallback(MakeBoundCallback(
            +[](std::vector<std::pair<Time, uint8_t>>* out, Ptr<Socket> s) {
                Ptr<Packet> p;
                while ((p = s->Recv()))
                {
                    SocketIpTtlTag ttl;
                    p->RemovePacketTag(ttl);
                    out->emplace_back(Simulator::Now(), ttl.GetTtl());
                }
            },
            &arrivals));
        Ptr<Socket> source = Socket::CreateSocket(n.Get(0), UdpSocketFactory::GetTypeId());
        source->Connect(InetSocketAddress(edgeIf.GetAddress(1), 5000));
        // The first datagram waits for ARP on the LAN; the second is measured.
        auto send = [source](uint32_t size) {
            return [source, size]() { source->Send(Create<Packet>(size)); };
        };
        HaaroSchedule(Seconds(1), send(300));
        HaaroSchedule(Seconds(2), send(300));
        HaaroSchedule(Seconds(3), send(4)); // an Ethernet frame padded to 64 octets
        Simulator::Stop(Seconds(4));
        Simulator::Run();

        TopologyGraph g;
        g.SetPacketSize(300 + 8 + 20);
        g.Build(n);
        TopologyGraph::Path p = g.ShortestDelay(n.Get(0), n.Get(3));
        NS_TEST_ASSERT_MSG_EQ(arrivals.size(), 3, "all datagrams arrive");
        NS_TEST_ASSERT_MSG_EQ(p.links, 3, "three links");
        NS_TEST_ASSERT_MSG_EQ(p.GetRouterHops(), 2, "two routers");
        Time measured = arrivals[1].first - Seconds(2);
        NS_TEST_ASSERT_MSG_EQ(measured, p.delay, "measured delay = computed delay");
        NS_TEST_ASSERT_MSG_EQ(64u - arrivals[1].second, p.GetRouterHops(), "TTL");
        g.SetPacketSize(4 + 8 + 20);
        NS_TEST_ASSERT_MSG_EQ(arrivals[2].first - Seconds(3),
                              g.ShortestDelay(n.Get(0), n.Get(3)).delay,
                              "a short datagram: padded on the LAN");
        Simulator::Destroy();
    }
};

/**
 * \ingroup haaro-tests
 * The virtual-operator topology: two sites on different ISPs, uplinks of 4 and 9 ms, core
 * links 5 ms, LAN 1 us. With the mobile routers and hosts not transit, the host-to-host
 * shortest path is LAN, uplink, core, core, uplink, LAN (6 links, 5 routers); a third site
 * attached to both ISPs with 1 ms uplinks would be a shortcut (2 ms < 10 ms of core) if
 * its router carried transit.
 */
class VirtualOperatorPathTestCase : public TestCase
{
  public:
    VirtualOperatorPathTestCase()
        : TestCase("host-to-host shortest path in the virtual-operator topology")
    {
    }

  private:
    void DoRun() override
    {
        VirtualOperatorTopologyHelper helper;
        helper.SetNumIsps(2);
        helper.SetIspCoreLink(DataRate("1Gbps"), MilliSeconds(5));
        helper.SetSiteLan(DataRate("100Mbps"), MicroSeconds(1));
        helper.AddSite({{0, DataRate("10Mbps"), MilliSeconds(4)}});
        helper.AddSite({{1, DataRate("10Mbps"), MilliSeconds(9)}});
        helper.AddSite(
            {{0, DataRate("10Mbps"), MilliSeconds(1)}, {1, DataRate("10Mbps"), MilliSeconds(1)}});
        VirtualOperatorTopology t = helper.Build();
        TopologyGraph g;
        g.Build(t.GetAllNodes());
        Ptr<Node> h0 = t.sites[0].hosts.Get(0);
        Ptr<Node> h1 = t.sites[1].hosts.Get(0);
        Time lan = MicroSeconds(1);

        TopologyGraph::Path any = g.ShortestDelay(h0, h1);
        NS_TEST_ASSERT_MSG_EQ(any.delay,
                              lan + MilliSeconds(4 + 1 + 1 + 9) + lan,
                              "everything transit: through site 2's router");
        for (const VirtualOperatorSite& site : t.sites)
        {
            g.SetTransit(site.mobileRouter, false);
            for (uint32_t h = 0; h < site.hosts.GetN(); ++h)
            {
                g.SetTransit(site.hosts.Get(h), false);
            }
        }
        TopologyGraph::Constraints ends;
        ends.transit = {t.sites[0].mobileRouter, t.sites[1].mobileRouter};
        TopologyGraph::Path p = g.ShortestDelay(h0, h1, ends);
        NS_TEST_ASSERT_MSG_EQ(p.found, true, "path");
        NS_TEST_ASSERT_MSG_EQ(p.delay, lan + MilliSeconds(4 + 5 + 5 + 9) + lan, "via the peering");
        NS_TEST_ASSERT_MSG_EQ(p.GetRouterHops(), 5, "MR, ISP, peering, ISP, MR");
        NS_TEST_ASSERT_MSG_EQ(g.FewestHops(h0, h1, ends).GetRouterHops(), 5, "fewest hops");
        NS_TEST_ASSERT_MSG_EQ(g.ShortestDelay(h0, h1).found,
                              false,
                              "without the query's transit the MRs block the way");
        // The weight of an uplink as the graph reads it.
        NS_TEST_ASSERT_MSG_EQ(g.GetDeviceWeight(t.sites[1].uplinks[0].mrDevice),
                              MilliSeconds(9),
                              "uplink delay from the channel");
        Simulator::Destroy();
    }
};

/**
 * \ingroup haaro-tests
 * The topology graph suite.
 */
class TopologyGraphTestSuite : public TestSuite
{
  public:
    TopologyGraphTestSuite()
        : TestSuite("haaro-topology-graph", UNIT)
    {
        AddTestCase(new KnownAnswerTestCase, TestCase::QUICK);
        AddTestCase(new MeasuredPathTestCase, TestCase::QUICK);
        AddTestCase(new VirtualOperatorPathTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
TopologyGraphTestSuite g_topologyGraphTestSuite;

} // namespace
