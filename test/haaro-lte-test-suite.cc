/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ns-3 TestSuite "haaro-lte": an uplink over LTE (ns-3's LteHelper and
 * PointToPointEpcHelper, LteAccessHelper) with the co-located care-of address the EPC
 * assigns (RFC 5944 section 3.6), registered only once the UE is RRC-connected with its
 * default bearer; the same behind a carrier-grade NAT (RFC 3519 UDP tunnelling); radio link
 * failure as the fast failure detector against the path probes; determinism per RngRun.
 */
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/home-agent-helper.h"
#include "ns3/internet-module.h"
#include "ns3/lte-access-helper.h"
#include "ns3/lte-ue-net-device.h"
#include "ns3/mobile-router-helper.h"
#include "ns3/mobility-module.h"
#include "ns3/nemo-network-helper.h"
#include "ns3/network-module.h"
#include "ns3/test.h"
#include "ns3/virtual-operator-topology-helper.h"

#include <sstream>
#include <tuple>
#include <vector>

using namespace ns3;

namespace
{

/// UDP port of the echo server on the correspondent site's host.
constexpr uint16_t ECHO_PORT = 9;

/**
 * \ingroup haaro-tests
 * One run: site 0's mobile router has an LTE UE (LteAccessHelper, one eNB, the PGW on ISP
 * 0, optionally behind a CGN) as its primary uplink and optionally its point-to-point
 * uplink (ISP 1) as the backup; a host on site 0 sends a UDP echo every 100 ms to the host
 * of site 1 (a fixed router on ISP 0).
 */
struct LteRun
{
    // Configuration
    bool cgn{false};           //!< carrier-grade NAT in front of the PGW
    bool backup{false};        //!< the point-to-point uplink as a backup (second uplink)
    bool rrcTriggers{true};    //!< LteAccessHelper::HookUplink (else only the path probes)
    Time moveAwayAt;           //!< when the UE jumps out of coverage (zero: never)
    Time duration{Seconds(4)}; //!< simulated time
    uint32_t rngRun{1};        //!< RngRun

    // Results
    /// (time, care-of address, phase) of the LTE uplink
    std::vector<std::tuple<Time, Ipv4Address, MrHandoverPhase>> phases;
    /// (time, from, to) of the router's active uplink changes
    std::vector<std::tuple<Time, Ipv4Address, Ipv4Address>> failovers;
    std::vector<Time> echoes;                      //!< when echo replies came back
    std::vector<Time> requests;                    //!< LTE uplink's registration requests
    Time connected{Seconds(-1)};                   //!< first DRB set up (RRC trace)
    LteAccess access;                              //!< what the helper built
    Ipv4Address backupCareOf;                      //!< the point-to-point uplink's address
    MrUplinkState finalState{MrUplinkState::DOWN}; //!< the LTE uplink's state at the end
    bool udpActive{false};                         //!< it uses RFC 3519 UDP tunnelling
    Ipv4Address haRequestSource;                   //!< source of the request the HA saw
    bool haHasBinding{false};                      //!< the HA holds a binding for the UE
    uint64_t natTranslations{0};                   //!< packets the CGN rewrote
    uint32_t radioLinkFailures{0};                 //!< RLFs the trigger saw

    /// Builds, runs and records.
    void Run();

    /**
     * \param phase a phase \param after not before this time
     * \return the first time the phase was reached at or after `after` (-1 s: never)
     */
    Time FirstPhase(MrHandoverPhase phase, Time after = Time(0)) const
    {
        for (const auto& [t, coa, p] : phases)
        {
            if (p == phase && t >= after)
            {
                return t;
            }
        }
        return Seconds(-1);
    }

    /// \param after a time \return echo replies received after it
    size_t EchoesAfter(Time after) const
    {
        size_t n = 0;
        for (const Time& t : echoes)
        {
            n += t > after ? 1 : 0;
        }
        return n;
    }

    /// \return the phases and failovers as text, one per line
    std::string Timeline() const
    {
        std::ostringstream os;
        os << "connected " << connected.As(Time::MS) << "\n";
        for (const auto& [t, coa, p] : phases)
        {
            os << t.As(Time::MS) << " " << coa << " " << p << "\n";
        }
        for (const auto& [t, from, to] : failovers)
        {
            os << t.As(Time::MS) << " failover " << from << " -> " << to << "\n";
        }
        os << "echoes " << echoes.size() << "\n";
        return os.str();
    }
};

void
LteRun::Run()
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(rngRun);
    VirtualOperatorTopologyHelper topologyHelper;
    topologyHelper.SetNumIsps(2);
    VirtualOperatorTopologyHelper::UplinkConfig isp1;
    isp1.isp = 1;
    VirtualOperatorTopologyHelper::UplinkConfig isp0;
    isp0.isp = 0;
    topologyHelper.AddSite({isp1}); // site 0: the LTE router (its backup uplink on ISP 1)
    topologyHelper.AddSite({isp0}); // site 1: the correspondent
    VirtualOperatorTopology t = topologyHelper.Build();
    Ptr<Node> moving = t.sites[0].mobileRouter;

    LteAccessHelper lte;
    lte.AddEnb(Vector(0, 0, 0));
    lte.SetIsp(0);
    lte.SetCarrierGradeNat(cgn);
    lte.SetUePosition(Vector(100, 0, 0));
    access = lte.Install(t, 0);
    LteAccessHelper::AssignStreams(access, 1000);
    if (!moveAwayAt.IsZero())
    {
        Ptr<MobilityModel> mobility = moving->GetObject<MobilityModel>();
        Simulator::Schedule(moveAwayAt,
                            [mobility]() { mobility->SetPosition(Vector(1e6, 0, 0)); });
    }

    HomeAgentHelper haHelper;
    Ptr<HomeAgent> ha = haHelper.Install(t.homeAgent, t.homeAgentAddress);
    MobileRouterHelper mrHelper(t.homeAgentAddress);
    // Without the RRC triggers only the probes (LteNetDevice's own link state means nothing).
    mrHelper.SetUplinkAttribute("LinkLayerTriggers", BooleanValue(rrcTriggers));
    std::vector<Ptr<MobileRouter>> routers;
    for (uint32_t i = 0; i < t.sites.size(); ++i)
    {
        const VirtualOperatorSite& site = t.sites[i];
        MipSecurityAssociation sa = NemoNetworkHelper::MakeSecurityAssociation(i, site.homeAddress);
        std::vector<MipPrefix> networks = {{site.mnpAddress, site.mnpLength}};
        HomeAgentHelper::AddMobileRouter(ha,
                                         site.homeAddress,
                                         sa,
                                         networks,
                                         NemoNetworkHelper::GetSiteRealm(i));
        std::vector<MobileRouterUplink> uplinks;
        if (i == 1)
        {
            uplinks.push_back({site.uplinks[0].mrDevice, site.uplinks[0].gateway});
        }
        Ptr<MobileRouter> mr =
            mrHelper.Install(site.mobileRouter, site.homeAddress, sa, uplinks, networks);
        if (i == 0)
        {
            // The LTE uplink first: the primary; the point-to-point one the backup.
            mr->AddDynamicUplink(access.ueDevice);
            if (backup)
            {
                mr->AddUplink(site.uplinks[0].mrDevice, site.uplinks[0].gateway);
                backupCareOf = site.uplinks[0].careOfAddress;
            }
        }
        mr->AssignStreams(10 * i);
        routers.push_back(mr);
    }
    Ptr<MrUplink> lteUplink = routers[0]->GetUplink(0);
    Ptr<LteUplinkTrigger> trigger;
    if (rrcTriggers)
    {
        trigger = LteAccessHelper::HookUplink(access, lteUplink);
    }
    InternetStackHelper().AssignStreams(NodeContainer::GetGlobal(), 5000);
    ha->AssignStreams(6000);
    lteUplink->TraceConnectWithoutContext(
        "HandoverPhase",
        MakeCallback(+[](LteRun* run, Ipv4Address coa, MrHandoverPhase phase) {
            run->phases.emplace_back(Simulator::Now(), coa, phase);
        }).Bind(this));
    routers[0]->TraceConnectWithoutContext(
        "Failover",
        MakeCallback(+[](LteRun* run, Ipv4Address from, Ipv4Address to) {
            run->failovers.emplace_back(Simulator::Now(), from, to);
        }).Bind(this));
    routers[0]->TraceConnectWithoutContext(
        "RequestSent",
        MakeCallback(+[](LteRun* run, const MipRegistrationRequest& rrq, Ipv4Address coa) {
            if (coa == run->access.ueAddress)
            {
                run->requests.push_back(Simulator::Now());
            }
        }).Bind(this));
    DynamicCast<LteUeNetDevice>(access.ueDevice)
        ->GetRrc()
        ->TraceConnectWithoutContext(
            "DrbCreated",
            MakeCallback(+[](LteRun* run, uint64_t, uint16_t, uint16_t, uint8_t) {
                if (run->connected.IsNegative())
                {
                    run->connected = Simulator::Now();
                }
            }).Bind(this));

    UdpEchoServerHelper server(ECHO_PORT);
    server.Install(t.sites[1].hosts.Get(0)).Start(Seconds(0));
    UdpEchoClientHelper client(t.sites[1].hostAddresses[0], ECHO_PORT);
    client.SetAttribute("MaxPackets", UintegerValue(1000000));
    client.SetAttribute("Interval", TimeValue(MilliSeconds(100)));
    client.SetAttribute("PacketSize", UintegerValue(100));
    ApplicationContainer clientApp = client.Install(t.sites[0].hosts.Get(0));
    clientApp.Start(Seconds(1));
    clientApp.Get(0)->TraceConnectWithoutContext(
        "Rx",
        MakeCallback(+[](LteRun* run, Ptr<const Packet>) {
            run->echoes.push_back(Simulator::Now());
        }).Bind(this));

    Simulator::Stop(duration);
    Simulator::Run();
    finalState = lteUplink->GetState();
    udpActive = lteUplink->IsUdpTunnelActive();
    const HaBinding* binding = ha->GetBindingTable()->FindBinding(t.sites[0].homeAddress,
                                                                  access.ueAddress);
    haHasBinding = binding != nullptr;
    haRequestSource = binding ? binding->requestSource : Ipv4Address();
    natTranslations = access.nat ? access.nat->GetTranslatedPackets() : 0;
    radioLinkFailures = trigger ? trigger->GetRadioLinkFailures() : 0;
    Simulator::Destroy();
}

/**
 * \ingroup haaro-tests
 * The care-of address the EPC assigned is registered once the UE is RRC-connected with its
 * default bearer (not before), and the site's traffic flows through the LTE tunnel.
 */
class LteCareOfTestCase : public TestCase
{
  public:
    LteCareOfTestCase()
        : TestCase("an LTE care-of address registers after RRC connection and carries traffic")
    {
    }

  private:
    void DoRun() override
    {
        LteRun run;
        run.Run();
        const std::string timeline = run.Timeline();
        NS_TEST_ASSERT_MSG_EQ(run.finalState, MrUplinkState::REGISTERED, timeline);
        NS_TEST_ASSERT_MSG_EQ(run.haHasBinding, true, timeline);
        NS_TEST_ASSERT_MSG_EQ(run.haRequestSource, run.access.ueAddress, "no NAT on the path");
        NS_TEST_ASSERT_MSG_EQ(run.udpActive, false, "no NAT, no UDP tunnelling");
        NS_TEST_ASSERT_MSG_GT(run.connected, Time(0), timeline);
        NS_TEST_ASSERT_MSG_EQ(run.requests.empty(), false, timeline);
        // Nothing is sent before the bearer is up; the first request goes at once then.
        NS_TEST_ASSERT_MSG_EQ(run.requests.front(), run.connected, timeline);
        NS_TEST_ASSERT_MSG_EQ(run.FirstPhase(MrHandoverPhase::LINK_UP), run.connected, timeline);
        // The first request is answered (no retransmission after 1 s).
        NS_TEST_ASSERT_MSG_LT(run.FirstPhase(MrHandoverPhase::REGISTERED),
                              run.connected + MilliSeconds(500),
                              timeline);
        // 30 echoes in 3 s; nearly all come back through the LTE tunnel.
        NS_TEST_ASSERT_MSG_GT(run.echoes.size(), 25, timeline);
    }
};

/**
 * \ingroup haaro-tests
 * Behind the carrier-grade NAT the router registers with RFC 3519 UDP tunnelling: the
 * Home Agent sees the NAT's public address as the request's source, the NAT rewrites real
 * packets, and traffic flows through the UDP tunnel.
 */
class LteCgnTestCase : public TestCase
{
  public:
    LteCgnTestCase()
        : TestCase("behind a carrier-grade NAT the LTE uplink registers with UDP tunnelling")
    {
    }

  private:
    void DoRun() override
    {
        LteRun run;
        run.cgn = true;
        run.Run();
        const std::string timeline = run.Timeline();
        NS_TEST_ASSERT_MSG_EQ(run.finalState, MrUplinkState::REGISTERED, timeline);
        NS_TEST_ASSERT_MSG_EQ(run.haHasBinding, true, timeline);
        NS_TEST_ASSERT_MSG_EQ(run.haRequestSource, run.access.publicAddress, timeline);
        NS_TEST_ASSERT_MSG_NE(run.access.publicAddress, run.access.ueAddress, timeline);
        NS_TEST_ASSERT_MSG_EQ(run.udpActive, true, timeline);
        NS_TEST_ASSERT_MSG_GT(run.natTranslations, 50, timeline);
        NS_TEST_ASSERT_MSG_GT(run.echoes.size(), 25, timeline);
    }
};

/**
 * \ingroup haaro-tests
 * The UE leaves the eNB's coverage: with the RRC triggers the radio link failure makes the
 * LTE uplink DOWN and the router fails over to its point-to-point backup; with only the
 * path probes it takes KeepaliveMisses probe intervals. Same RngRun, same timeline.
 */
class LteRadioLinkFailureTestCase : public TestCase
{
  public:
    LteRadioLinkFailureTestCase()
        : TestCase("radio link failure fails over faster than the path probes")
    {
    }

  private:
    /// \param triggers RRC triggers \param timeline set to the run's timeline
    /// \return failover delay after the move
    Time FailoverDelay(bool triggers, std::string& timeline)
    {
        LteRun run;
        run.backup = true;
        run.rrcTriggers = triggers;
        run.moveAwayAt = Seconds(3);
        run.duration = Seconds(triggers ? 8 : 22);
        run.Run();
        timeline = run.Timeline();
        if (triggers)
        {
            NS_TEST_EXPECT_MSG_GT(run.radioLinkFailures, 0, timeline);
        }
        for (const auto& [t, from, to] : run.failovers)
        {
            if (t >= run.moveAwayAt && to == run.backupCareOf)
            {
                NS_TEST_EXPECT_MSG_GT(run.EchoesAfter(t + Seconds(1)), 0, timeline);
                return t - run.moveAwayAt;
            }
        }
        NS_TEST_EXPECT_MSG_EQ(true, false, "no failover:\n" << timeline);
        return Seconds(1000);
    }

    void DoRun() override
    {
        std::string timeline;
        std::string again;
        Time rlf = FailoverDelay(true, timeline);
        NS_TEST_ASSERT_MSG_EQ(FailoverDelay(true, again).GetTimeStep(),
                              rlf.GetTimeStep(),
                              "same RngRun");
        NS_TEST_ASSERT_MSG_EQ(again, timeline, "same RngRun, another timeline");
        std::string probeTimeline;
        Time probes = FailoverDelay(false, probeTimeline);
        NS_TEST_ASSERT_MSG_LT(rlf, Seconds(3), "RLF trigger " << rlf.As(Time::MS) << timeline);
        NS_TEST_ASSERT_MSG_GT(probes, Seconds(5), "probes " << probes.As(Time::MS));
        NS_TEST_ASSERT_MSG_LT(rlf,
                              probes,
                              "RLF " << rlf.As(Time::MS) << " probes " << probes.As(Time::MS));
    }
};

/**
 * \ingroup haaro-tests
 * LTE access: EPC care-of addresses, a carrier-grade NAT, radio link failure triggers.
 */
class HaaroLteTestSuite : public TestSuite
{
  public:
    HaaroLteTestSuite()
        : TestSuite("haaro-lte", UNIT)
    {
        AddTestCase(new LteCareOfTestCase, TestCase::QUICK);
        AddTestCase(new LteCgnTestCase, TestCase::QUICK);
        AddTestCase(new LteRadioLinkFailureTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
HaaroLteTestSuite g_haaroLteTestSuite;

} // namespace
