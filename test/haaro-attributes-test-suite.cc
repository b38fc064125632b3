/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * haaro-attributes: every setting is an attribute of the object that uses it (MobileRouter,
 * MrUplink, RouteOptimizer), with one default; the helpers' factories and the Config paths
 * through MobileRouter's RouteOptimizer and Uplinks attributes reach them before
 * Simulator::Run; and the order in which an accepted Registration Reply reaches the
 * ReplyReceived trace, the route optimizer and the uplink.
 */
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/test.h"

#include <sstream>

using namespace ns3;

namespace
{

/**
 * \ingroup haaro-tests
 * Sites on two ISPs with a NEMO deployment; the routers start one second apart.
 */
class AttributesScenario
{
  public:
    /// \param sites number of sites \param routeOptimization RouteOptimization attribute
    AttributesScenario(uint32_t sites, bool routeOptimization)
        : m_sites(sites)
    {
        topologyHelper.SetNumIsps(2);
        topologyHelper.SetDefaultUplink(DataRate("10Mbps"), MilliSeconds(10));
        topologyHelper.SetIspCoreLink(DataRate("1Gbps"), MilliSeconds(5));
        topologyHelper.SetBackendLink(DataRate("1Gbps"), MilliSeconds(2));
        topologyHelper.AddSites(sites, 1);
        nemo.SetMobileRouterAttribute("RouteOptimization", BooleanValue(routeOptimization));
    }

    ~AttributesScenario()
    {
        Simulator::Destroy();
    }

    /// Builds and installs; router i starts at 1 + i s.
    void Build()
    {
        topology = topologyHelper.Build();
        network = nemo.Install(topology);
        for (uint32_t i = 0; i < m_sites; ++i)
        {
            network.mobileRouters[i]->SetStartTime(Seconds(1 + i));
            network.mobileRouters[i]->AssignStreams(300 + 10 * i);
        }
    }

    /**
     * \param site a site \param rest the path below the router
     * \return the Config path of that site's MobileRouter followed by rest
     */
    std::string RouterPath(uint32_t site, const std::string& rest) const
    {
        std::ostringstream os;
        os << "/NodeList/" << topology.sites[site].mobileRouter->GetId()
           << "/ApplicationList/*/$ns3::MobileRouter/" << rest;
        return os.str();
    }

    /// \param stop when
    void Run(Time stop)
    {
        Simulator::Stop(stop);
        Simulator::Run();
    }

    VirtualOperatorTopologyHelper topologyHelper; //!< topology configuration
    NemoNetworkHelper nemo;                       //!< NEMO configuration
    VirtualOperatorTopology topology;             //!< built topology
    NemoNetwork network;                          //!< applications

  private:
    uint32_t m_sites; //!< number of sites
};

/**
 * \ingroup haaro-tests
 * One default per setting, on the object that uses it: MobileRouter has no Ro* or uplink
 * timer attribute left, RouteOptimizer and MrUplink have them with the defaults that
 * MobileRouter had.
 */
class DefaultsTestCase : public TestCase
{
  public:
    DefaultsTestCase()
        : TestCase("Attributes live on RouteOptimizer and MrUplink, with MobileRouter's old "
                   "defaults")
    {
    }

  private:
    void DoRun() override
    {
        TypeId::AttributeInformation info;
        TypeId router = MobileRouter::GetTypeId();
        for (const char* gone : {"RoUseUdp",
                                 "RoUseGre",
                                 "RoKeepaliveInterval",
                                 "RoBindingLifetime",
                                 "KeepaliveInterval",
                                 "RenewalFraction",
                                 "UdpTunnelling"})
        {
            NS_TEST_ASSERT_MSG_EQ(router.LookupAttributeByName(gone, &info),
                                  false,
                                  "MobileRouter no longer has " << gone);
        }
        Ptr<RouteOptimizer> ro = CreateObject<RouteOptimizer>();
        TimeValue t;
        ro->GetAttribute("BindingLifetime", t);
        NS_TEST_ASSERT_MSG_EQ(t.Get(), Seconds(120), "BindingLifetime");
        ro->GetAttribute("KeepaliveInterval", t);
        NS_TEST_ASSERT_MSG_EQ(t.Get(), Seconds(1), "KeepaliveInterval");
        ro->GetAttribute("Grace", t);
        NS_TEST_ASSERT_MSG_EQ(t.Get(), Seconds(10), "Grace");
        ro->GetAttribute("SolicitationWait", t);
        NS_TEST_ASSERT_MSG_EQ(t.Get(), Seconds(2), "SolicitationWait");
        EnumValue e;
        ro->GetAttribute("Encapsulation", e);
        NS_TEST_ASSERT_MSG_EQ(e.Get(),
                              static_cast<int>(MipEncapsulation::UDP),
                              "direct tunnels are UDP by default (RFC 6521 section 3.3)");
        Ptr<MrUplink> uplink = CreateObject<MrUplink>();
        uplink->GetAttribute("KeepaliveInterval", t);
        NS_TEST_ASSERT_MSG_EQ(t.Get(), Seconds(5), "uplink KeepaliveInterval");
        uplink->GetAttribute("UdpKeepaliveInterval", t);
        NS_TEST_ASSERT_MSG_EQ(t.Get(), Seconds(110), "UdpKeepaliveInterval (RFC 3519)");
        DoubleValue d;
        uplink->GetAttribute("RenewalFraction", d);
        NS_TEST_ASSERT_MSG_EQ(d.Get(), 0.8, "RenewalFraction");
        uplink->GetAttribute("UdpTunnelling", e);
        NS_TEST_ASSERT_MSG_EQ(e.Get(), MR_UDP_AUTO, "UdpTunnelling");
    }
};

/**
 * \ingroup haaro-tests
 * MrUplink attributes: RenewalFraction 0.5 for every uplink through the helper, 0.3 for
 * site 1's uplink through the Config path .../$ns3::MobileRouter/Uplinks/0/RenewalFraction
 * before Simulator::Run; with a 10 s lifetime the routers re-register every 5 s and 3 s
 * (the default 0.8 would give 8 s).
 */
class UplinkAttributesTestCase : public TestCase
{
  public:
    UplinkAttributesTestCase()
        : TestCase("MrUplink attributes through the helper and a Config path")
    {
    }

  private:
    void DoRun() override
    {
        AttributesScenario s(2, false);
        s.nemo.SetMobileRouterAttribute("Lifetime", UintegerValue(10));
        s.nemo.SetUplinkAttribute("RenewalFraction", DoubleValue(0.5));
        s.Build();
        NS_TEST_ASSERT_MSG_EQ(s.network.mobileRouters[1]->GetNUplinks(),
                              1,
                              "the uplink exists once the helper installed the router");
        Config::Set(s.RouterPath(1, "Uplinks/0/RenewalFraction"), DoubleValue(0.3));
        DoubleValue d;
        s.network.mobileRouters[0]->GetUplink(0)->GetAttribute("RenewalFraction", d);
        NS_TEST_ASSERT_MSG_EQ(d.Get(), 0.5, "the helper's value");
        s.network.mobileRouters[1]->GetUplink(0)->GetAttribute("RenewalFraction", d);
        NS_TEST_ASSERT_MSG_EQ(d.Get(), 0.3, "the Config path's value");
        s.Run(Seconds(30));
        // Router 0 from 1 s: requests at 1, ~6, ~11, ~16, ~21, ~26 s. Router 1 from 2 s:
        // every ~3 s, 10 requests by 30 s.
        uint32_t helperRequests = s.network.mobileRouters[0]->GetUplink(0)->GetRequestsSent();
        uint32_t configRequests = s.network.mobileRouters[1]->GetUplink(0)->GetRequestsSent();
        NS_TEST_ASSERT_MSG_EQ(helperRequests, 6, "renewal every 5 s (0.5 of 10 s)");
        NS_TEST_ASSERT_MSG_EQ(configRequests, 10, "renewal every 3 s (0.3 of 10 s)");
    }
};

/**
 * \ingroup haaro-tests
 * RouteOptimizer attributes: FullMesh for every router through the helper; site 2's
 * optimizer set back to false through the Config path
 * .../$ns3::MobileRouter/RouteOptimizer/FullMesh before Simulator::Run (and its
 * KeepaliveInterval, read back). Sites 0, 1, 2 start at 1, 2, 3 s; without traffic only
 * FullMesh starts route optimization, so router 2 has registered with router 0 (the
 * initiator's RocEntry::registeredWithPeer) only when its FullMesh is true.
 */
class OptimizerAttributesTestCase : public TestCase
{
  public:
    /// \param override set site 2's FullMesh to false through the Config path
    explicit OptimizerAttributesTestCase(bool override)
        : TestCase(override ? "RouteOptimizer attributes: a Config path overrides the helper"
                            : "RouteOptimizer attributes: the helper's value (control)"),
          m_override(override)
    {
    }

  private:
    void DoRun() override
    {
        AttributesScenario s(3, true);
        s.nemo.SetRouteOptimizerAttribute("FullMesh", BooleanValue(true));
        s.Build();
        NS_TEST_ASSERT_MSG_NE(s.network.mobileRouters[2]->GetRouteOptimizer(),
                              nullptr,
                              "the optimizer exists once the helper installed the router");
        if (m_override)
        {
            Config::Set(s.RouterPath(2, "RouteOptimizer/FullMesh"), BooleanValue(false));
            Config::Set(s.RouterPath(2, "RouteOptimizer/KeepaliveInterval"),
                        TimeValue(MilliSeconds(500)));
            TimeValue t;
            s.network.mobileRouters[2]->GetRouteOptimizer()->GetAttribute("KeepaliveInterval", t);
            NS_TEST_ASSERT_MSG_EQ(t.Get(), MilliSeconds(500), "set through the Config path");
        }
        s.Run(Seconds(6));
        Ipv4Address hoa0 = s.topology.sites[0].homeAddress;
        Ipv4Address hoa1 = s.topology.sites[1].homeAddress;
        const RocEntry* oneToZero =
            s.network.mobileRouters[1]->GetRouteOptimizer()->GetCache().Find(hoa0);
        const RocEntry* twoToZero =
            s.network.mobileRouters[2]->GetRouteOptimizer()->GetCache().Find(hoa0);
        const RocEntry* twoToOne =
            s.network.mobileRouters[2]->GetRouteOptimizer()->GetCache().Find(hoa1);
        NS_TEST_ASSERT_MSG_EQ(oneToZero && oneToZero->registeredWithPeer,
                              true,
                              "router 1 (FullMesh from the helper) registered with router 0");
        NS_TEST_ASSERT_MSG_EQ(twoToZero && twoToZero->registeredWithPeer,
                              !m_override,
                              "router 2 registered with router 0 iff its FullMesh is true");
        NS_TEST_ASSERT_MSG_EQ(twoToOne && twoToOne->registeredWithPeer,
                              !m_override,
                              "router 2 registered with router 1 iff its FullMesh is true");
    }

    bool m_override; //!< Config path used
};

/**
 * \ingroup haaro-tests
 * The order of an accepted Registration Reply (MrUplink::SetReplyAcceptedCallback): the
 * ReplyReceived trace first, then the route optimizer (ReplyAccepted), then the uplink's
 * own update. Router 1's first reply advertises router 0: in the trace sink neither the
 * optimizer (no cache entry) nor the uplink (REGISTERING) has seen it; in an event
 * scheduled for now from there, both have.
 */
class ReplyOrderTestCase : public TestCase
{
  public:
    ReplyOrderTestCase()
        : TestCase("An accepted reply: ReplyReceived, then the optimizer, then the uplink")
    {
    }

  private:
    /// What was seen at one moment.
    struct Seen
    {
        bool known{false};                               //!< router 0 in router 1's cache
        MrUplinkState state{MrUplinkState::REGISTERING}; //!< router 1's uplink
    };

    /// What the trace sink looks at and records.
    struct Probe
    {
        Ptr<MobileRouter> router; //!< router 1
        Ipv4Address peer;         //!< router 0's home address
        std::vector<Seen> inSink; //!< seen in the ReplyReceived sink
        std::vector<Seen> after;  //!< seen in the event scheduled for now from there

        /// \return what router 1's optimizer and uplink know now
        Seen Look() const
        {
            return Seen{router->GetRouteOptimizer()->GetCache().Find(peer) != nullptr,
                        router->GetUplink(0)->GetState()};
        }

        /// Records what is known after the reply's event.
        static void After(Probe* probe)
        {
            probe->after.push_back(probe->Look());
        }

        /// ReplyReceived sink. \param probe this \param reply the reply
        static void OnReply(Probe* probe, const MipRegistrationReply& reply, Ipv4Address)
        {
            if (MipReplyCodeIsSuccess(reply.GetCode()) && probe->inSink.empty())
            {
                probe->inSink.push_back(probe->Look());
                Simulator::ScheduleNow(&Probe::After, probe);
            }
        }
    };

    void DoRun() override
    {
        AttributesScenario s(2, true);
        s.Build();
        Probe probe;
        probe.router = s.network.mobileRouters[1];
        probe.peer = s.topology.sites[0].homeAddress;
        probe.router->TraceConnectWithoutContext("ReplyReceived",
                                                 MakeBoundCallback(&Probe::OnReply, &probe));
        s.Run(Seconds(3));
        NS_TEST_ASSERT_MSG_EQ(probe.inSink.size(), 1, "router 1's first accepted reply");
        NS_TEST_ASSERT_MSG_EQ(probe.after.size(), 1, "and the event after it");
        NS_TEST_ASSERT_MSG_EQ(probe.inSink[0].known, false, "the optimizer runs after the trace");
        NS_TEST_ASSERT_MSG_EQ(probe.inSink[0].state,
                              MrUplinkState::REGISTERING,
                              "the uplink updates after the trace");
        NS_TEST_ASSERT_MSG_EQ(probe.after[0].known, true, "the optimizer learned router 0");
        NS_TEST_ASSERT_MSG_EQ(probe.after[0].state, MrUplinkState::REGISTERED, "the uplink too");
    }
};

/**
 * \ingroup haaro-tests
 * The attributes suite.
 */
class AttributesTestSuite : public TestSuite
{
  public:
    AttributesTestSuite()
        : TestSuite("haaro-attributes", UNIT)
    {
        AddTestCase(new DefaultsTestCase(), TestCase::QUICK);
        AddTestCase(new UplinkAttributesTestCase(), TestCase::QUICK);
        AddTestCase(new OptimizerAttributesTestCase(false), TestCase::QUICK);
        AddTestCase(new OptimizerAttributesTestCase(true), TestCase::QUICK);
        AddTestCase(new ReplyOrderTestCase(), TestCase::QUICK);
    }
};

/// The suite's instance.
AttributesTestSuite g_attributesTestSuite;

} // namespace
