/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ns-3 TestSuite "haaro-lte": an uplink over LTE (ns-3's LteHelper and
 * PointToPointEpcHelper, LteAccessHelper) with the co-located care-of address the EPC
 * assigns (RFC 5944 section 3.6), registered only once the UE is RRC-connected with its
 * default bearer; the same behind a carrier-grade NAT (RFC 3519 UDP tunnelling); radio link
 * failure as the fast failure detector against the path probes; determinism per RngRun.
 */
#include "haaro-access-run.h"

#include "ns3/lte-access-helper.h"
#include "ns3/lte-ue-net-device.h"
#include "ns3/mobility-module.h"
#include "ns3/test.h"

using namespace ns3;
using namespace ns3::haaro_access_test;

namespace
{

/**
 * \ingroup haaro-tests
 * One run: site 0's mobile router has an LTE UE (LteAccessHelper, one eNB, the PGW on ISP
 * 0, optionally behind a CGN) as its primary uplink and optionally its point-to-point
 * uplink (ISP 1) as the backup; a host on site 0 sends a UDP echo every 100 ms to the host
 * of site 1 (a fixed router on ISP 0).
 */
struct LteRun : public AccessRecord
{
    // Configuration
    bool cgn{false};           //!< carrier-grade NAT in front of the PGW
    bool backup{false};        //!< the point-to-point uplink as a backup (second uplink)
    bool rrcTriggers{true};    //!< LteAccessHelper::HookUplink (else only the path probes)
    Time moveAwayAt;           //!< when the UE jumps out of coverage (zero: never)
    Time comeBackAt;           //!< when it comes back (zero: never)
    Time duration{Seconds(4)}; //!< simulated time
    uint32_t rngRun{1};        //!< RngRun

    // Results
    std::vector<Time> requests;                    //!< LTE uplink's registration requests
    Time connected{Seconds(-1)};                   //!< first DRB set up (RRC trace)
    LteAccess access;                              //!< what the helper built
    MrUplinkState finalState{MrUplinkState::DOWN}; //!< the LTE uplink's state at the end
    bool udpActive{false};                         //!< it uses RFC 3519 UDP tunnelling
    Ipv4Address haRequestSource;                   //!< source of the request the HA saw
    bool haHasBinding{false};                      //!< the HA holds a binding for the UE
    uint64_t natTranslations{0};                   //!< packets the CGN rewrote
    uint32_t radioLinkFailures{0};                 //!< RLFs the trigger saw

    /// Builds, runs and records.
    void Run();

    /// \return the RRC connection, phases, failovers and echoes as text
    std::string Report() const
    {
        std::ostringstream os;
        os << "connected " << connected.As(Time::MS) << "\n"
           << Timeline() << "echoes " << echoes.size() << "\n";
        return os.str();
    }
};

void
LteRun::Run()
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(rngRun);
    VirtualOperatorTopology t = BuildTopology();
    Ptr<Node> moving = t.sites[0].mobileRouter;

    LteAccessHelper lte;
    lte.AddEnb(Vector(0, 0, 0));
    lte.SetIsp(0);
    lte.SetCarrierGradeNat(cgn);
    lte.SetUePosition(Vector(100, 0, 0));
    access = lte.Install(t, 0);
    LteAccessHelper::AssignStreams(access, 1000);
    Ptr<MobilityModel> mobility = moving->GetObject<MobilityModel>();
    for (const auto& [at, x] : {std::make_pair(moveAwayAt, 1e6), std::make_pair(comeBackAt, 100.0)})
    {
        if (!at.IsZero())
        {
            Simulator::Schedule(at,
                                [mobility, x = x]() { mobility->SetPosition(Vector(x, 0, 0)); });
        }
    }

    MobileRouterHelper mrHelper(t.homeAgentAddress);
    // Without the RRC triggers only the probes (LteNetDevice's own link state means nothing).
    mrHelper.SetUplinkAttribute("LinkLayerTriggers", BooleanValue(rrcTriggers));
    Install(
        t,
        mrHelper,
        [this](Ptr<MobileRouter> mr) { mr->AddDynamicUplink(access.ueDevice); },
        backup,
        MilliSeconds(100));
    Ptr<MrUplink> lteUplink = routers[0]->GetUplink(0);
    Ptr<LteUplinkTrigger> trigger;
    if (rrcTriggers)
    {
        trigger = LteAccessHelper::HookUplink(access, lteUplink);
    }
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

    Simulator::Stop(duration);
    Simulator::Run();
    finalState = lteUplink->GetState();
    udpActive = lteUplink->IsUdpTunnelActive();
    const HaBinding* binding =
        ha->GetBindingTable()->FindBinding(t.sites[0].homeAddress, access.ueAddress);
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
        const std::string timeline = run.Report();
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
        const std::string timeline = run.Report();
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
 * path probes it takes KeepaliveMisses (2) unanswered probes, 10 to 15 s with probes every
 * 5 s. Same RngRun, same timeline.
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
        timeline = run.Report();
        if (triggers)
        {
            NS_TEST_EXPECT_MSG_GT(run.radioLinkFailures, 0, timeline);
        }
        Time delay = run.FailoverToBackup(run.moveAwayAt);
        NS_TEST_EXPECT_MSG_EQ(delay.IsNegative(), false, "no failover:\n" << timeline);
        // Traffic carries on over the backup.
        NS_TEST_EXPECT_MSG_GT(run.EchoesAfter(run.moveAwayAt + delay + Seconds(1)), 0, timeline);
        return delay.IsNegative() ? Seconds(1000) : delay;
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
        std::cout << "    " << GetName() << ": on the backup " << rlf.As(Time::MS)
                  << " after leaving coverage with the RRC triggers, " << probes.As(Time::MS)
                  << " with the probes only" << std::endl;
        NS_TEST_ASSERT_MSG_LT(rlf, Seconds(3), "RLF trigger " << rlf.As(Time::MS) << timeline);
        // Two unanswered probes (KeepaliveMisses), found at the next one: (10, 15] s after
        // the path died, less at most a round trip, plus the switch.
        NS_TEST_ASSERT_MSG_GT(probes, Seconds(9.5), "probes " << probes.As(Time::MS));
        NS_TEST_ASSERT_MSG_LT(probes, Seconds(15.5), "probes " << probes.As(Time::MS));
        NS_TEST_ASSERT_MSG_LT(rlf,
                              probes,
                              "RLF " << rlf.As(Time::MS) << " probes " << probes.As(Time::MS));
    }
};

/**
 * \ingroup haaro-tests
 * The UE leaves coverage and comes back: radio link failure (LINK_DOWN), the router on its
 * backup, then the UE reconnects (cell search, random access, default bearer: LINK_UP), the
 * LTE uplink registers again at once and the router returns to it.
 */
class LteReconnectTestCase : public TestCase
{
  public:
    LteReconnectTestCase()
        : TestCase("after a radio link failure the UE reconnects and the uplink re-registers")
    {
    }

  private:
    void DoRun() override
    {
        LteRun run;
        run.backup = true;
        run.moveAwayAt = Seconds(3);
        run.comeBackAt = Seconds(7);
        run.duration = Seconds(12);
        run.Run();
        const std::string timeline = run.Report();
        Time down = run.FirstPhase(MrHandoverPhase::LINK_DOWN, run.moveAwayAt);
        Time up = run.FirstPhase(MrHandoverPhase::LINK_UP, run.comeBackAt);
        Time sent = run.FirstPhase(MrHandoverPhase::REGISTRATION_SENT, up);
        Time registered = run.FirstPhase(MrHandoverPhase::REGISTERED, up);
        NS_TEST_ASSERT_MSG_GT(down, run.moveAwayAt, timeline);
        NS_TEST_ASSERT_MSG_LT(down, run.comeBackAt, timeline);
        NS_TEST_ASSERT_MSG_GT(up, run.comeBackAt, timeline);
        NS_TEST_ASSERT_MSG_EQ(sent, up, timeline);
        NS_TEST_ASSERT_MSG_GT(registered, sent, timeline);
        NS_TEST_ASSERT_MSG_EQ(run.finalState, MrUplinkState::REGISTERED, timeline);
        // Back on the LTE uplink (the primary) after the re-registration.
        const auto& [last, from, to] = run.failovers.back();
        NS_TEST_ASSERT_MSG_EQ(to, run.access.ueAddress, timeline);
        NS_TEST_ASSERT_MSG_EQ(last, registered, timeline);
        NS_TEST_ASSERT_MSG_GT(run.EchoesAfter(registered), 30, timeline);
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
        AddTestCase(new LteReconnectTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
HaaroLteTestSuite g_haaroLteTestSuite;

} // namespace
