/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ns-3 TestSuite "haaro-topology": VirtualOperatorTopologyHelper's address plan and
 * routes, real packets from every MR uplink to the HA and from hosts to their MR, uplink
 * failures (interface down, path dead), PrefixTableRouting forwarding and local
 * delivery, and a 1,000-site build.
 */
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipv4-prefix-table.h"
#include "ns3/network-module.h"
#include "ns3/ns3-compat.h"
#include "ns3/point-to-point-module.h"
#include "ns3/prefix-table-routing.h"
#include "ns3/test.h"
#include "ns3/virtual-operator-topology-helper.h"

#include <map>
#include <set>
#include <sstream>

using namespace ns3;

namespace
{

/// UDP port of the echo server on the HA.
constexpr uint16_t HA_ECHO_PORT = 9;
/// UDP port of the echo servers on the MRs.
constexpr uint16_t MR_ECHO_PORT = 7;

/**
 * \ingroup haaro-tests
 * UDP probes from one source (a socket bound to an address, optionally to a device) to
 * an echo server; records which sequence numbers come back.
 */
class EchoProbe : public SimpleRefCount<EchoProbe>
{
  public:
    /**
     * \param node the sending node
     * \param source address to bind to (when no device is given)
     * \param device device to send through (its route chooses the source), or nullptr
     * \param destination the echo server
     */
    EchoProbe(Ptr<Node> node,
              Ipv4Address source,
              Ptr<NetDevice> device,
              InetSocketAddress destination)
        : m_destination(destination)
    {
        m_socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        if (device)
        {
            // ns-3.37's UdpSocketImpl ignores the bound device when the socket is bound to
            // an address (Ipv4L3Protocol picks the route): bind to any address and the
            // device, so that RouteOutput chooses the device's route and its address.
            m_socket->Bind();
            m_socket->BindToNetDevice(device);
        }
        else
        {
            m_socket->Bind(InetSocketAddress(source, 0));
        }
        m_socket->SetRecvCallback(MakeCallback(&EchoProbe::Receive, this));
    }

    ~EchoProbe()
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    }

    /// \param at time of the probe (relative to now)
    void ScheduleSend(Time at)
    {
        uint32_t seq = m_next++;
        m_sentAt[seq] = Now() + at;
        Simulator::Schedule(at, &EchoProbe::Send, this, seq);
    }

    /// \return send time of each answered probe
    std::set<int64_t> AnsweredSendTimesMs() const
    {
        std::set<int64_t> times;
        for (uint32_t seq : m_answered)
        {
            times.insert(m_sentAt.at(seq).GetMilliSeconds());
        }
        return times;
    }

    /// \return the number of answered probes
    uint32_t GetNAnswered() const
    {
        return static_cast<uint32_t>(m_answered.size());
    }

    /// \param ms a send time in ms \return true if the probe sent then was answered
    bool Answered(int64_t ms) const
    {
        return AnsweredSendTimesMs().count(ms) > 0;
    }

  private:
    /// \param seq the sequence number to send
    void Send(uint32_t seq)
    {
        uint8_t payload[4] = {uint8_t(seq >> 24),
                              uint8_t(seq >> 16),
                              uint8_t(seq >> 8),
                              uint8_t(seq)};
        m_socket->SendTo(Create<Packet>(payload, sizeof(payload)), 0, m_destination);
    }

    /// \param socket the socket with data
    void Receive(Ptr<Socket> socket)
    {
        Ptr<Packet> p;
        while ((p = socket->Recv()))
        {
            if (p->GetSize() != 4)
            {
                continue;
            }
            uint8_t b[4];
            p->CopyData(b, 4);
            m_answered.insert((uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16) |
                              (uint32_t(b[2]) << 8) | b[3]);
        }
    }

    Ptr<Socket> m_socket;              //!< the UDP socket
    InetSocketAddress m_destination;   //!< the echo server
    uint32_t m_next{0};                //!< next sequence number
    std::map<uint32_t, Time> m_sentAt; //!< send time by sequence number
    std::set<uint32_t> m_answered;     //!< answered sequence numbers
};

/// Uplink rate/delay shorthand.
VirtualOperatorTopologyHelper::UplinkConfig
Up(uint32_t isp, const char* rate, Time delay)
{
    VirtualOperatorTopologyHelper::UplinkConfig c;
    c.isp = isp;
    c.dataRate = DataRate(rate);
    c.delay = delay;
    return c;
}

/// The K=3, N=4 test topology with mixed attachments and two hosts per site.
VirtualOperatorTopology
BuildMixed()
{
    VirtualOperatorTopologyHelper helper;
    helper.SetNumIsps(3);
    helper.SetHostsPerSite(2);
    helper.AddSite({Up(0, "10Mbps", MilliSeconds(5)), Up(1, "2Mbps", MilliSeconds(20))});
    helper.AddSite({Up(1, "8Mbps", MilliSeconds(10)), Up(2, "8Mbps", MilliSeconds(15))});
    helper.AddSite({Up(2, "1Mbps", MilliSeconds(30))});
    helper.AddSite({Up(0, "5Mbps", MilliSeconds(5)),
                    Up(1, "5Mbps", MilliSeconds(5)),
                    Up(2, "5Mbps", MilliSeconds(5))});
    return helper.Build();
}

/// \return the address of interface i (first address) of a node
Ipv4InterfaceAddress
AddressOf(Ptr<Node> node, uint32_t interface)
{
    return node->GetObject<Ipv4>()->GetAddress(interface, 0);
}

/// One probe per uplink of every site, to the HA's echo server.
std::vector<std::vector<Ptr<EchoProbe>>>
ProbeEveryUplink(const VirtualOperatorTopology& t)
{
    std::vector<std::vector<Ptr<EchoProbe>>> probes(t.sites.size());
    for (uint32_t i = 0; i < t.sites.size(); ++i)
    {
        for (const auto& u : t.sites[i].uplinks)
        {
            probes[i].push_back(
                Create<EchoProbe>(t.sites[i].mobileRouter,
                                  u.careOfAddress,
                                  u.mrDevice,
                                  InetSocketAddress(t.homeAgentAddress, HA_ECHO_PORT)));
        }
    }
    return probes;
}

/**
 * \ingroup haaro-tests
 * The address plan, interfaces and routes of a K=3, N=4 topology.
 */
class AddressPlanTestCase : public TestCase
{
  public:
    AddressPlanTestCase()
        : TestCase("Address plan, interfaces and routes of a K=3, N=4 mixed topology")
    {
    }

  private:
    void DoRun() override
    {
        VirtualOperatorTopology t = BuildMixed();

        NS_TEST_ASSERT_MSG_EQ(t.GetAllNodes().GetN(), 1 + 1 + 3 + 4 + 8, "node count");
        NS_TEST_ASSERT_MSG_EQ(t.homeAgentAddress, Ipv4Address("172.16.0.2"), "HA address");
        NS_TEST_ASSERT_MSG_EQ(t.peeringBackendAddress, Ipv4Address("172.16.0.1"), "backend");
        NS_TEST_ASSERT_MSG_EQ(AddressOf(t.homeAgent, t.homeAgentInterface).GetLocal(),
                              t.homeAgentAddress,
                              "HA address not configured");
        NS_TEST_ASSERT_MSG_EQ(t.homePrefix, Ipv4Address("10.0.0.0"), "home prefix");
        NS_TEST_ASSERT_MSG_EQ(+t.homePrefixLength, 16, "home prefix length");
        NS_TEST_ASSERT_MSG_EQ(t.mnpAggregate, Ipv4Address("10.128.0.0"), "MNP aggregate");
        NS_TEST_ASSERT_MSG_EQ(+t.mnpAggregateLength, 9, "MNP aggregate length");
        NS_TEST_ASSERT_MSG_EQ(t.ispRouters.GetN(), 3, "ISPs");
        for (uint32_t k = 0; k < 3; ++k)
        {
            NS_TEST_ASSERT_MSG_EQ(t.ispCoreAddresses[k], Ipv4Address(0xac100100 + 4 * k + 2), "");
            NS_TEST_ASSERT_MSG_EQ(t.peeringCoreAddresses[k],
                                  Ipv4Address(0xac100100 + 4 * k + 1),
                                  "");
            NS_TEST_ASSERT_MSG_EQ(t.ispAggregates[k], Ipv4Address(0x64400000 + (k << 16)), "");
        }

        // Per ISP, customer links are numbered in site order.
        const char* expected[4][3][2] = {
            {{"100.64.0.2", "100.64.0.1"}, {"100.65.0.2", "100.65.0.1"}, {}},
            {{"100.65.0.6", "100.65.0.5"}, {"100.66.0.2", "100.66.0.1"}, {}},
            {{"100.66.0.6", "100.66.0.5"}, {}, {}},
            {{"100.64.0.6", "100.64.0.5"},
             {"100.65.0.10", "100.65.0.9"},
             {"100.66.0.10", "100.66.0.9"}},
        };
        const uint32_t isps[4][3] = {{0, 1}, {1, 2}, {2}, {0, 1, 2}};
        const uint32_t nUplinks[4] = {2, 2, 1, 3};
        for (uint32_t i = 0; i < 4; ++i)
        {
            const VirtualOperatorSite& s = t.sites[i];
            Ptr<Ipv4> mrIpv4 = s.mobileRouter->GetObject<Ipv4>();
            NS_TEST_ASSERT_MSG_EQ(s.mobileRouter, t.mobileRouters.Get(i), "MR order");
            NS_TEST_ASSERT_MSG_EQ(s.homeAddress, Ipv4Address(0x0a000000 + i + 1), "HoA");
            NS_TEST_ASSERT_MSG_EQ(s.mnpAddress, Ipv4Address(0x0a800000 + (i << 8)), "MNP");
            NS_TEST_ASSERT_MSG_EQ(+s.mnpLength, 24, "MNP length");
            NS_TEST_ASSERT_MSG_EQ(s.lanAddress, Ipv4Address(0x0a800000 + (i << 8) + 1), "LAN");
            NS_TEST_ASSERT_MSG_EQ(s.lanInterface, 1, "LAN is interface 1");
            NS_TEST_ASSERT_MSG_EQ(mrIpv4->GetInterfaceForDevice(s.lanDevice), 1, "LAN device");
            NS_TEST_ASSERT_MSG_EQ(AddressOf(s.mobileRouter, 1).GetLocal(), s.lanAddress, "");
            NS_TEST_ASSERT_MSG_EQ(AddressOf(s.mobileRouter, 1).GetMask(),
                                  Ipv4Mask("255.255.255.0"),
                                  "");
            NS_TEST_ASSERT_MSG_EQ(mrIpv4->GetInterfaceForAddress(s.homeAddress),
                                  -1,
                                  "the HoA must not be configured");
            NS_TEST_ASSERT_MSG_EQ(s.hosts.GetN(), 2, "hosts");
            for (uint32_t h = 0; h < 2; ++h)
            {
                Ipv4Address a(0x0a800000 + (i << 8) + 10 + h);
                NS_TEST_ASSERT_MSG_EQ(s.hostAddresses[h], a, "host address");
                NS_TEST_ASSERT_MSG_EQ(AddressOf(s.hosts.Get(h), 1).GetLocal(), a, "");
                Ptr<Ipv4StaticRouting> hr =
                    Ipv4StaticRoutingHelper().GetStaticRouting(s.hosts.Get(h)->GetObject<Ipv4>());
                NS_TEST_ASSERT_MSG_EQ(hr->GetDefaultRoute().GetGateway(), s.lanAddress, "");
            }
            NS_TEST_ASSERT_MSG_EQ(s.uplinks.size(), nUplinks[i], "uplinks");
            Ptr<Ipv4StaticRouting> mrRouting = Ipv4StaticRoutingHelper().GetStaticRouting(mrIpv4);
            uint32_t defaults = 0;
            for (uint32_t r = 0; r < mrRouting->GetNRoutes(); ++r)
            {
                Ipv4RoutingTableEntry e = mrRouting->GetRoute(r);
                if (e.IsDefault())
                {
                    uint32_t u = mrRouting->GetMetric(r);
                    NS_TEST_ASSERT_MSG_LT(u, s.uplinks.size(), "metric = uplink index");
                    NS_TEST_ASSERT_MSG_EQ(e.GetGateway(), s.uplinks[u].gateway, "");
                    NS_TEST_ASSERT_MSG_EQ(e.GetInterface(), s.uplinks[u].mrInterface, "");
                    ++defaults;
                }
            }
            NS_TEST_ASSERT_MSG_EQ(defaults, nUplinks[i], "one default route per uplink");
            for (uint32_t u = 0; u < nUplinks[i]; ++u)
            {
                const VirtualOperatorUplink& up = s.uplinks[u];
                NS_TEST_ASSERT_MSG_EQ(up.isp, isps[i][u], "ISP");
                NS_TEST_ASSERT_MSG_EQ(up.ispRouter, t.ispRouters.Get(isps[i][u]), "ISP router");
                NS_TEST_ASSERT_MSG_EQ(up.careOfAddress, Ipv4Address(expected[i][u][0]), "CoA");
                NS_TEST_ASSERT_MSG_EQ(up.gateway, Ipv4Address(expected[i][u][1]), "gateway");
                NS_TEST_ASSERT_MSG_EQ(up.mrInterface, 2 + u, "uplink interface");
                NS_TEST_ASSERT_MSG_EQ(AddressOf(s.mobileRouter, up.mrInterface).GetLocal(),
                                      up.careOfAddress,
                                      "");
                NS_TEST_ASSERT_MSG_EQ(AddressOf(s.mobileRouter, up.mrInterface).GetMask(),
                                      Ipv4Mask("255.255.255.252"),
                                      "");
                NS_TEST_ASSERT_MSG_EQ(AddressOf(up.ispRouter, up.ispInterface).GetLocal(),
                                      up.gateway,
                                      "");
                NS_TEST_ASSERT_MSG_EQ(up.mrDevice->GetNode(), s.mobileRouter, "");
                NS_TEST_ASSERT_MSG_EQ(up.ispDevice->GetNode(), up.ispRouter, "");
                DataRateValue rate;
                up.mrDevice->GetAttribute("DataRate", rate);
                NS_TEST_ASSERT_MSG_EQ(rate.Get(), up.dataRate, "uplink rate");
            }
        }
        DataRateValue rate;
        t.sites[0].uplinks[1].ispDevice->GetAttribute("DataRate", rate);
        NS_TEST_ASSERT_MSG_EQ(rate.Get(), DataRate("2Mbps"), "per-uplink rate");

        // Peering point and ISP routes.
        Ptr<PrefixTableRouting> peering = PrefixTableRouting::Find(t.peering);
        NS_TEST_ASSERT_MSG_NE(peering, nullptr, "peering point has PrefixTableRouting");
        for (uint32_t k = 0; k < 3; ++k)
        {
            const PrefixTableRouting::Route* r = peering->GetRoute(t.ispAggregates[k], 16);
            NS_TEST_ASSERT_MSG_NE(r, nullptr, "ISP aggregate route");
            NS_TEST_ASSERT_MSG_EQ(r->gateway, t.ispCoreAddresses[k], "");
            Ptr<PrefixTableRouting> isp = PrefixTableRouting::Find(t.ispRouters.Get(k));
            NS_TEST_ASSERT_MSG_NE(isp, nullptr, "ISP has PrefixTableRouting");
            const PrefixTableRouting::Route* d = isp->GetRoute(Ipv4Address::GetZero(), 0);
            NS_TEST_ASSERT_MSG_NE(d, nullptr, "ISP default route");
            NS_TEST_ASSERT_MSG_EQ(d->gateway, t.peeringCoreAddresses[k], "");
            const PrefixTableRouting::Route* own = isp->GetRoute(t.ispAggregates[k], 16);
            NS_TEST_ASSERT_MSG_NE(own, nullptr, "ISP aggregate blackhole");
            NS_TEST_ASSERT_MSG_EQ(own->blackhole, true, "ISP aggregate blackhole");
            BooleanValue weak;
            t.ispRouters.Get(k)->GetObject<Ipv4L3Protocol>()->GetAttribute("WeakEsModel", weak);
            NS_TEST_ASSERT_MSG_EQ(weak.Get(), false, "WeakEsModel on ISP routers");
        }
        const PrefixTableRouting::Route* home = peering->GetRoute(t.homePrefix, 16);
        NS_TEST_ASSERT_MSG_NE(home, nullptr, "HoA prefix route");
        NS_TEST_ASSERT_MSG_EQ(home->gateway, t.homeAgentAddress, "");
        const PrefixTableRouting::Route* mnp = peering->GetRoute(t.mnpAggregate, 9);
        NS_TEST_ASSERT_MSG_NE(mnp, nullptr, "MNP aggregate route");
        NS_TEST_ASSERT_MSG_EQ(mnp->gateway, t.homeAgentAddress, "");
        // A CoA is on-link at its ISP router.
        const VirtualOperatorUplink& u = t.sites[3].uplinks[2];
        const PrefixTableRouting::Route* onLink =
            PrefixTableRouting::Find(u.ispRouter)->LookupRoute(u.careOfAddress);
        NS_TEST_ASSERT_MSG_NE(onLink, nullptr, "customer link route");
        NS_TEST_ASSERT_MSG_EQ(onLink->gateway, Ipv4Address::GetZero(), "on-link");
        NS_TEST_ASSERT_MSG_EQ(onLink->interface, u.ispInterface, "");
        NS_TEST_ASSERT_MSG_EQ(+onLink->length, 30, "");

        // Address plan functions.
        NS_TEST_ASSERT_MSG_EQ(VirtualOperatorTopologyHelper::GetHomeAddress(255),
                              Ipv4Address("10.0.1.0"),
                              "");
        NS_TEST_ASSERT_MSG_EQ(VirtualOperatorTopologyHelper::GetMnp(300),
                              Ipv4Address("10.129.44.0"),
                              "");
        NS_TEST_ASSERT_MSG_EQ(VirtualOperatorTopologyHelper::GetIspAggregate(2),
                              Ipv4Address("100.66.0.0"),
                              "");

        // Names.
        VirtualOperatorTopologyHelper::AssignNames(t);
        NS_TEST_ASSERT_MSG_EQ(Names::Find<Node>("HA"), t.homeAgent, "");
        NS_TEST_ASSERT_MSG_EQ(Names::Find<Node>("PEERING"), t.peering, "");
        NS_TEST_ASSERT_MSG_EQ(Names::Find<Node>("ISP-2"), t.ispRouters.Get(2), "");
        NS_TEST_ASSERT_MSG_EQ(Names::Find<Node>("MR-3"), t.sites[3].mobileRouter, "");
        NS_TEST_ASSERT_MSG_EQ(Names::Find<Node>("HOST-3-1"), t.sites[3].hosts.Get(1), "");
        Names::Clear();
        Simulator::Destroy();
    }
};

/**
 * \ingroup haaro-tests
 * The HA answers from every uplink; hosts reach their MR.
 */
class ConnectivityTestCase : public TestCase
{
  public:
    ConnectivityTestCase()
        : TestCase("The HA answers from every MR uplink; hosts reach their MR's LAN address")
    {
    }

  private:
    void DoRun() override
    {
        VirtualOperatorTopology t = BuildMixed();
        UdpEchoServerHelper haEcho(HA_ECHO_PORT);
        haEcho.Install(t.homeAgent).Start(Seconds(0));
        UdpEchoServerHelper mrEcho(MR_ECHO_PORT);
        mrEcho.Install(t.mobileRouters).Start(Seconds(0));

        auto probes = ProbeEveryUplink(t);
        std::vector<Ptr<EchoProbe>> hostProbes;
        for (auto& site : probes)
        {
            for (auto& p : site)
            {
                p->ScheduleSend(Seconds(1));
                p->ScheduleSend(Seconds(2));
            }
        }
        for (const auto& s : t.sites)
        {
            for (uint32_t h = 0; h < s.hosts.GetN(); ++h)
            {
                hostProbes.push_back(
                    Create<EchoProbe>(s.hosts.Get(h),
                                      s.hostAddresses[h],
                                      nullptr,
                                      InetSocketAddress(s.lanAddress, MR_ECHO_PORT)));
                hostProbes.back()->ScheduleSend(Seconds(1));
            }
        }
        Simulator::Stop(Seconds(4));
        Simulator::Run();
        for (uint32_t i = 0; i < probes.size(); ++i)
        {
            for (uint32_t u = 0; u < probes[i].size(); ++u)
            {
                NS_TEST_EXPECT_MSG_EQ(probes[i][u]->GetNAnswered(),
                                      2,
                                      "HA did not answer site " << i << " uplink " << u);
            }
        }
        for (const auto& p : hostProbes)
        {
            NS_TEST_EXPECT_MSG_EQ(p->GetNAnswered(), 1, "a host did not reach its MR");
        }
        probes.clear();
        hostProbes.clear();
        Simulator::Destroy();
    }
};

/**
 * \ingroup haaro-tests
 * INTERFACE_DOWN and PATH_DEAD stop traffic on the failed uplink during the failure
 * only; other uplinks are not affected.
 */
class UplinkFailureTestCase : public TestCase
{
  public:
    UplinkFailureTestCase()
        : TestCase("Uplink failures (interface down, path dead) stop traffic only while they last")
    {
    }

  private:
    void DoRun() override
    {
        VirtualOperatorTopology t = BuildMixed();
        UdpEchoServerHelper haEcho(HA_ECHO_PORT);
        haEcho.Install(t.homeAgent).Start(Seconds(0));

        using H = VirtualOperatorTopologyHelper;
        H::ScheduleUplinkFailure(t, 0, 1, Seconds(2), Seconds(2), H::INTERFACE_DOWN);
        H::ScheduleUplinkFailure(t, 1, 0, Seconds(2), Seconds(2), H::PATH_DEAD);
        H::ScheduleUplinkFailure(t, 3, 2, Seconds(2), Seconds(0), H::INTERFACE_DOWN);
        H::ScheduleUplinkFailure(t, 2, 0, Seconds(2), Seconds(0), H::PATH_DEAD);

        auto probes = ProbeEveryUplink(t);
        std::vector<int64_t> times;
        for (int64_t ms = 1250; ms <= 6250; ms += 500)
        {
            times.push_back(ms);
        }
        for (auto& site : probes)
        {
            for (auto& p : site)
            {
                for (int64_t ms : times)
                {
                    p->ScheduleSend(MilliSeconds(ms));
                }
            }
        }
        // State checks in the middle of the failure and after it.
        bool downDuring = false;
        bool upAfter = false;
        bool routeBack = false;
        Ptr<Ipv4> mr0 = t.sites[0].mobileRouter->GetObject<Ipv4>();
        uint32_t if01 = t.sites[0].uplinks[1].mrInterface;
        HaaroSchedule(Seconds(3), [&]() { downDuring = !mr0->IsUp(if01); });
        HaaroSchedule(Seconds(5), [&]() {
            upAfter = mr0->IsUp(if01);
            Ptr<Ipv4StaticRouting> r = Ipv4StaticRoutingHelper().GetStaticRouting(mr0);
            for (uint32_t i = 0; i < r->GetNRoutes(); ++i)
            {
                routeBack |= r->GetRoute(i).IsDefault() && r->GetRoute(i).GetInterface() == if01;
            }
        });
        Simulator::Stop(Seconds(8));
        Simulator::Run();

        NS_TEST_EXPECT_MSG_EQ(downDuring, true, "interface not down during the failure");
        NS_TEST_EXPECT_MSG_EQ(upAfter, true, "interface not up after the failure");
        NS_TEST_EXPECT_MSG_EQ(routeBack, true, "MR default route via the uplink not restored");

        // (site, uplink) -> failure window [from, to) in ms; to < 0: never recovers.
        std::map<std::pair<uint32_t, uint32_t>, std::pair<int64_t, int64_t>> failed = {
            {{0, 1}, {2000, 4000}},
            {{1, 0}, {2000, 4000}},
            {{3, 2}, {2000, -1}},
            {{2, 0}, {2000, -1}},
        };
        for (uint32_t i = 0; i < probes.size(); ++i)
        {
            for (uint32_t u = 0; u < probes[i].size(); ++u)
            {
                auto f = failed.find({i, u});
                for (int64_t ms : times)
                {
                    bool expected = true;
                    if (f != failed.end())
                    {
                        int64_t from = f->second.first;
                        int64_t to = f->second.second;
                        expected = ms < from || (to >= 0 && ms >= to);
                    }
                    NS_TEST_EXPECT_MSG_EQ(probes[i][u]->Answered(ms),
                                          expected,
                                          "site " << i << " uplink " << u << " probe at " << ms
                                                  << " ms");
                }
            }
        }
        probes.clear();
        Simulator::Destroy();
    }
};

/**
 * \ingroup haaro-tests
 * PrefixTableRouting on a router R in A - R - B - C: forwards (R's static routing has no
 * route to C's network), delivers locally to an address of another interface (with
 * WeakEsModel=false only PrefixTableRouting's local set can), skips the routes of a down
 * interface, and follows the RouteInput/RouteOutput contract.
 */
class PrefixTableRoutingTestCase : public TestCase
{
  public:
    PrefixTableRoutingTestCase()
        : TestCase("PrefixTableRouting forwards, delivers locally, skips down interfaces")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes;
        nodes.Create(4);
        Ptr<Node> a = nodes.Get(0);
        Ptr<Node> r = nodes.Get(1);
        Ptr<Node> b = nodes.Get(2);
        Ptr<Node> c = nodes.Get(3);
        InternetStackHelper stack;
        stack.SetIpv6StackInstall(false);
        Ipv4StaticRoutingHelper staticHelper;
        Ipv4ListRoutingHelper list;
        list.Add(staticHelper, 0);
        stack.SetRoutingHelper(list);
        stack.Install(nodes);
        Ptr<PrefixTableRouting> ptr = PrefixTableRouting::Install(r, 10);
        r->GetObject<Ipv4L3Protocol>()->SetAttribute("WeakEsModel", BooleanValue(false));

        PointToPointHelper p2p;
        Ipv4AddressHelper addr;
        addr.SetBase("10.1.0.0", "255.255.255.0");
        Ipv4InterfaceContainer ar = addr.Assign(p2p.Install(a, r));
        addr.SetBase("10.3.0.0", "255.255.255.0");
        NetDeviceContainer rbDevices = p2p.Install(r, b);
        Ipv4InterfaceContainer rb = addr.Assign(rbDevices);
        addr.SetBase("10.2.0.0", "255.255.255.0");
        Ipv4InterfaceContainer bc = addr.Assign(p2p.Install(b, c));

        staticHelper.GetStaticRouting(a->GetObject<Ipv4>())->SetDefaultRoute(ar.GetAddress(1), 1);
        staticHelper.GetStaticRouting(b->GetObject<Ipv4>())->SetDefaultRoute(rb.GetAddress(0), 1);
        staticHelper.GetStaticRouting(c->GetObject<Ipv4>())->SetDefaultRoute(bc.GetAddress(0), 1);
        uint32_t rToB = r->GetObject<Ipv4>()->GetInterfaceForDevice(rbDevices.Get(0));
        ptr->AddRoute(Ipv4Address("10.2.0.77"), 24, rb.GetAddress(1), rToB); // host bits

        // Connected routes (10.1.0.0/24, 10.3.0.0/24, 127.0.0.0/8) plus ours.
        NS_TEST_ASSERT_MSG_EQ(ptr->GetNRoutes(), 4, "routes");
        NS_TEST_ASSERT_MSG_EQ(ptr->IsLocalAddress(rb.GetAddress(0)), true, "local set");
        NS_TEST_ASSERT_MSG_EQ(ptr->IsLocalAddress(ar.GetAddress(1)), true, "local set");
        NS_TEST_ASSERT_MSG_EQ(ptr->IsLocalAddress(bc.GetAddress(1)), false, "local set");
        const PrefixTableRouting::Route* toC = ptr->LookupRoute(bc.GetAddress(1));
        NS_TEST_ASSERT_MSG_NE(toC, nullptr, "route to C");
        NS_TEST_ASSERT_MSG_EQ(toC->network, Ipv4Address("10.2.0.0"), "host bits masked");
        NS_TEST_ASSERT_MSG_EQ(toC->gateway, rb.GetAddress(1), "");

        // Real packets: A -> C (forwarded by R) and A -> R's B-side address (local).
        UdpEchoServerHelper echo(HA_ECHO_PORT);
        echo.Install(c).Start(Seconds(0));
        echo.Install(r).Start(Seconds(0));
        Ptr<EchoProbe> toCProbe =
            Create<EchoProbe>(a,
                              ar.GetAddress(0),
                              nullptr,
                              InetSocketAddress(bc.GetAddress(1), HA_ECHO_PORT));
        Ptr<EchoProbe> toRProbe =
            Create<EchoProbe>(a,
                              ar.GetAddress(0),
                              nullptr,
                              InetSocketAddress(rb.GetAddress(0), HA_ECHO_PORT));
        toCProbe->ScheduleSend(Seconds(1));
        toRProbe->ScheduleSend(Seconds(1));
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(toCProbe->GetNAnswered(), 1, "A -> C not forwarded by R");
        NS_TEST_EXPECT_MSG_EQ(toRProbe->GetNAnswered(), 1, "R did not deliver locally");

        // Direct RouteInput calls.
        Ipv4Header header;
        header.SetSource(ar.GetAddress(0));
        Ptr<Packet> packet = Create<Packet>(8);
        Ptr<NetDevice> fromA = r->GetObject<Ipv4>()->GetNetDevice(1);
        int local = 0;
        int forwarded = 0;
        int errors = 0;
        Ptr<Ipv4Route> lastRoute;
        Ipv4RoutingProtocol::UnicastForwardCallback ucb =
            MakeFunctorCallback<void, Ptr<Ipv4Route>, Ptr<const Packet>, const Ipv4Header&>(
                [&](Ptr<Ipv4Route> route, Ptr<const Packet>, const Ipv4Header&) {
                    ++forwarded;
                    lastRoute = route;
                });
        Ipv4RoutingProtocol::MulticastForwardCallback mcb =
            MakeFunctorCallback<void,
                                Ptr<Ipv4MulticastRoute>,
                                Ptr<const Packet>,
                                const Ipv4Header&>(
                [](Ptr<Ipv4MulticastRoute>, Ptr<const Packet>, const Ipv4Header&) {});
        Ipv4RoutingProtocol::LocalDeliverCallback lcb =
            MakeFunctorCallback<void, Ptr<const Packet>, const Ipv4Header&, uint32_t>(
                [&](Ptr<const Packet>, const Ipv4Header&, uint32_t) { ++local; });
        Ipv4RoutingProtocol::ErrorCallback ecb =
            MakeFunctorCallback<void, Ptr<const Packet>, const Ipv4Header&, Socket::SocketErrno>(
                [&](Ptr<const Packet>, const Ipv4Header&, Socket::SocketErrno) { ++errors; });

        header.SetDestination(rb.GetAddress(0));
        NS_TEST_EXPECT_MSG_EQ(ptr->RouteInput(packet, header, fromA, ucb, mcb, lcb, ecb), true, "");
        NS_TEST_EXPECT_MSG_EQ(local, 1, "local delivery");
        header.SetDestination(Ipv4Address("10.2.0.9"));
        NS_TEST_EXPECT_MSG_EQ(ptr->RouteInput(packet, header, fromA, ucb, mcb, lcb, ecb), true, "");
        NS_TEST_EXPECT_MSG_EQ(forwarded, 1, "forwarding");
        NS_TEST_EXPECT_MSG_EQ(lastRoute->GetGateway(), rb.GetAddress(1), "next hop");
        NS_TEST_EXPECT_MSG_EQ(lastRoute->GetOutputDevice(), rbDevices.Get(0), "device");
        header.SetDestination(Ipv4Address("203.0.113.1"));
        NS_TEST_EXPECT_MSG_EQ(ptr->RouteInput(packet, header, fromA, ucb, mcb, lcb, ecb),
                              false,
                              "no route: the next protocol must get a chance");
        header.SetDestination(Ipv4Address("255.255.255.255"));
        NS_TEST_EXPECT_MSG_EQ(ptr->RouteInput(packet, header, fromA, ucb, mcb, lcb, ecb),
                              false,
                              "broadcast is left to other protocols");

        // RouteOutput, with and without a matching output device.
        Socket::SocketErrno err;
        header.SetDestination(Ipv4Address("10.2.0.9"));
        Ptr<Ipv4Route> out = ptr->RouteOutput(packet, header, nullptr, err);
        NS_TEST_EXPECT_MSG_NE(out, nullptr, "RouteOutput");
        NS_TEST_EXPECT_MSG_EQ(out->GetSource(), rb.GetAddress(0), "source selection");
        NS_TEST_EXPECT_MSG_EQ(err, Socket::ERROR_NOTERROR, "");
        out = ptr->RouteOutput(packet, header, fromA, err);
        NS_TEST_EXPECT_MSG_EQ(out, nullptr, "RouteOutput bound to the wrong device");
        NS_TEST_EXPECT_MSG_EQ(err, Socket::ERROR_NOROUTETOHOST, "");

        // A down interface: its routes are skipped (fall back to a default), its
        // addresses are no longer local; everything returns when it comes up.
        ptr->SetDefaultRoute(ar.GetAddress(0), 1);
        r->GetObject<Ipv4>()->SetDown(rToB);
        const PrefixTableRouting::Route* fallback = ptr->LookupRoute(Ipv4Address("10.2.0.9"));
        NS_TEST_EXPECT_MSG_NE(fallback, nullptr, "fallback");
        NS_TEST_EXPECT_MSG_EQ(+fallback->length, 0, "falls back to the default route");
        NS_TEST_EXPECT_MSG_EQ(ptr->IsLocalAddress(rb.GetAddress(0)), false, "down: not local");
        NS_TEST_EXPECT_MSG_EQ(ptr->GetNRoutes(), 5, "routes are kept while down");
        r->GetObject<Ipv4>()->SetUp(rToB);
        NS_TEST_EXPECT_MSG_EQ(+ptr->LookupRoute(Ipv4Address("10.2.0.9"))->length, 24, "back");
        NS_TEST_EXPECT_MSG_EQ(ptr->IsLocalAddress(rb.GetAddress(0)), true, "up: local");

        // A blackhole route drops through the error callback and hides the default.
        ptr->AddBlackholeRoute(Ipv4Address("10.2.0.0"), 16);
        r->GetObject<Ipv4>()->SetDown(rToB);
        header.SetDestination(Ipv4Address("10.2.0.9"));
        NS_TEST_EXPECT_MSG_EQ(ptr->RouteInput(packet, header, fromA, ucb, mcb, lcb, ecb),
                              true,
                              "blackhole");
        NS_TEST_EXPECT_MSG_EQ(errors, 1, "blackhole reports through the error callback");
        NS_TEST_EXPECT_MSG_EQ(forwarded, 1, "blackhole must not forward");
        NS_TEST_EXPECT_MSG_EQ(ptr->RouteOutput(packet, header, nullptr, err), nullptr, "");
        r->GetObject<Ipv4>()->SetUp(rToB);
        NS_TEST_EXPECT_MSG_EQ(+ptr->LookupRoute(Ipv4Address("10.2.0.9"))->length, 24, "");
        NS_TEST_EXPECT_MSG_EQ(ptr->RemoveRoute(Ipv4Address("10.2.0.0"), 16), true, "");

        // Address removal removes the connected route and the local address.
        Ipv4Address removed = rb.GetAddress(0);
        r->GetObject<Ipv4>()->RemoveAddress(rToB, 0);
        NS_TEST_EXPECT_MSG_EQ(ptr->IsLocalAddress(removed), false, "removed");
        NS_TEST_EXPECT_MSG_EQ(ptr->GetRoute(Ipv4Address("10.3.0.0"), 24), nullptr, "");
        NS_TEST_EXPECT_MSG_EQ(ptr->RemoveRoute(Ipv4Address("10.2.0.0"), 24), true, "");
        NS_TEST_EXPECT_MSG_EQ(ptr->RemoveRoute(Ipv4Address("10.2.0.0"), 24), false, "");

        std::ostringstream os;
        ptr->PrintRoutingTable(Create<OutputStreamWrapper>(&os));
        NS_TEST_EXPECT_MSG_NE(os.str().find("0.0.0.0/0"), std::string::npos, os.str());
        NS_TEST_EXPECT_MSG_NE(os.str().find("10.1.0.0/24"), std::string::npos, os.str());
        Simulator::Destroy();
    }
};

/**
 * \ingroup haaro-tests
 * N=1,000 dual-homed sites, K=3: node and route counts, and one probe from site 999
 * through ISP 2.
 */
class ScaleTestCase : public TestCase
{
  public:
    ScaleTestCase()
        : TestCase("N=1000, K=3, dual-homed: counts and one probe through ISP 2 from site 999")
    {
    }

  private:
    void DoRun() override
    {
        VirtualOperatorTopologyHelper helper;
        helper.SetNumIsps(3);
        helper.AddSites(999, 2, VirtualOperatorTopologyHelper::ROUND_ROBIN);
        helper.AddSite({Up(2, "10Mbps", MilliSeconds(10)), Up(0, "10Mbps", MilliSeconds(10))});
        VirtualOperatorTopology t = helper.Build();

        NS_TEST_ASSERT_MSG_EQ(t.sites.size(), 1000, "sites");
        NS_TEST_ASSERT_MSG_EQ(t.GetAllNodes().GetN(), 1 + 1 + 3 + 1000 + 1000, "nodes");
        uint32_t uplinks = 0;
        std::vector<uint32_t> perIsp(3, 0);
        for (const auto& s : t.sites)
        {
            NS_TEST_ASSERT_MSG_EQ(s.uplinks.size(), 2, "dual-homed");
            NS_TEST_ASSERT_MSG_NE(s.uplinks[0].isp, s.uplinks[1].isp, "two different ISPs");
            uplinks += 2;
            ++perIsp[s.uplinks[0].isp];
            ++perIsp[s.uplinks[1].isp];
        }
        NS_TEST_ASSERT_MSG_EQ(uplinks, 2000, "");
        uint32_t ispRoutes = 0;
        for (uint32_t k = 0; k < 3; ++k)
        {
            Ptr<PrefixTableRouting> r = PrefixTableRouting::Find(t.ispRouters.Get(k));
            // customer /30s + core /30 + 127/8 + default + aggregate blackhole
            NS_TEST_ASSERT_MSG_EQ(r->GetNRoutes(), perIsp[k] + 4, "ISP " << k << " routes");
            NS_TEST_ASSERT_MSG_EQ(r->GetNLocalAddresses(), perIsp[k] + 2, "ISP local addresses");
            ispRoutes += r->GetNRoutes();
        }
        NS_TEST_ASSERT_MSG_EQ(ispRoutes, 2000 + 12, "");
        // 3 aggregates + HoA + MNP + backend /30 + 3 core /30 + 127/8
        NS_TEST_ASSERT_MSG_EQ(PrefixTableRouting::Find(t.peering)->GetNRoutes(), 10, "peering");

        const VirtualOperatorSite& s = t.sites[999];
        const VirtualOperatorUplink& u = s.uplinks[0];
        NS_TEST_ASSERT_MSG_EQ(u.isp, 2, "");
        Ipv4Address base(0x64420000 + 4 * (perIsp[2] - 1));
        NS_TEST_ASSERT_MSG_EQ(u.careOfAddress, Ipv4Address(base.Get() + 2), "last ISP-2 CoA");
        NS_TEST_ASSERT_MSG_EQ(s.mnpAddress, Ipv4Address("10.131.231.0"), "MNP of site 999");
        NS_TEST_ASSERT_MSG_EQ(s.homeAddress, Ipv4Address("10.0.3.232"), "HoA of site 999");

        UdpEchoServerHelper echo(HA_ECHO_PORT);
        echo.Install(t.homeAgent).Start(Seconds(0));
        Ptr<EchoProbe> probe =
            Create<EchoProbe>(s.mobileRouter,
                              u.careOfAddress,
                              u.mrDevice,
                              InetSocketAddress(t.homeAgentAddress, HA_ECHO_PORT));
        probe->ScheduleSend(Seconds(1));
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(probe->GetNAnswered(), 1, "no answer through ISP 2");
        probe = nullptr;
        Simulator::Destroy();
    }
};

/**
 * \ingroup haaro-tests
 * AddSites() with the RANDOM policy: m distinct ISPs per site, in range, reproducible
 * with AssignStreams(); ROUND_ROBIN: ISPs (i + j) mod K.
 */
class AttachmentPolicyTestCase : public TestCase
{
  public:
    AttachmentPolicyTestCase()
        : TestCase("Random (seeded, stream-assignable) and round-robin ISP attachment")
    {
    }

  private:
    /// \param stream the stream \return the ISPs of each site of a random build
    static std::vector<std::vector<uint32_t>> RandomIsps(int64_t stream)
    {
        VirtualOperatorTopologyHelper helper;
        helper.SetNumIsps(5);
        helper.SetHostsPerSite(0);
        helper.AddSites(40, 3, VirtualOperatorTopologyHelper::RANDOM);
        helper.AssignStreams(stream);
        VirtualOperatorTopology t = helper.Build();
        std::vector<std::vector<uint32_t>> isps;
        for (const auto& s : t.sites)
        {
            isps.emplace_back();
            for (const auto& u : s.uplinks)
            {
                isps.back().push_back(u.isp);
            }
        }
        Simulator::Destroy();
        return isps;
    }

    void DoRun() override
    {
        auto a = RandomIsps(7);
        auto b = RandomIsps(7);
        auto c = RandomIsps(8);
        NS_TEST_ASSERT_MSG_EQ((a == b), true, "same stream, same attachments");
        NS_TEST_EXPECT_MSG_EQ((a == c), false, "another stream, other attachments");
        std::set<uint32_t> used;
        for (const auto& site : a)
        {
            NS_TEST_ASSERT_MSG_EQ(site.size(), 3, "m uplinks");
            std::set<uint32_t> distinct(site.begin(), site.end());
            NS_TEST_ASSERT_MSG_EQ(distinct.size(), 3, "distinct ISPs");
            NS_TEST_ASSERT_MSG_LT(*distinct.rbegin(), 5, "ISP in range");
            used.insert(site.begin(), site.end());
        }
        NS_TEST_EXPECT_MSG_EQ(used.size(), 5, "every ISP gets customers");

        VirtualOperatorTopologyHelper helper;
        helper.SetNumIsps(3);
        helper.SetHostsPerSite(0);
        helper.AddSites(4, 2);
        VirtualOperatorTopology t = helper.Build();
        for (uint32_t i = 0; i < 4; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(t.sites[i].hosts.GetN(), 0, "no hosts");
            for (uint32_t j = 0; j < 2; ++j)
            {
                NS_TEST_ASSERT_MSG_EQ(t.sites[i].uplinks[j].isp, (i + j) % 3, "round robin");
            }
        }
        Simulator::Destroy();
    }
};

/**
 * \ingroup haaro-tests
 * The haaro topology suite.
 */
class VirtualOperatorTopologyTestSuite : public TestSuite
{
  public:
    VirtualOperatorTopologyTestSuite()
        : TestSuite("haaro-topology", UNIT)
    {
        AddTestCase(new AddressPlanTestCase, TestCase::QUICK);
        AddTestCase(new ConnectivityTestCase, TestCase::QUICK);
        AddTestCase(new UplinkFailureTestCase, TestCase::QUICK);
        AddTestCase(new PrefixTableRoutingTestCase, TestCase::QUICK);
        AddTestCase(new AttachmentPolicyTestCase, TestCase::QUICK);
        AddTestCase(new ScaleTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
VirtualOperatorTopologyTestSuite g_virtualOperatorTopologyTestSuite;

} // namespace
