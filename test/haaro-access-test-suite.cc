/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ns-3 TestSuite "haaro-access": uplinks over Wi-Fi with the care-of address learned at run
 * time (ns-3's DhcpClient and DhcpServer, RFC 5944 section 3.6 co-located care-of address),
 * link-layer triggers against the path probes, and a station that moves from an access
 * point of one ISP to one of another (WifiAccessHelper), with the handover's phases recorded
 * (MrUplink trace source HandoverPhase) and end-to-end traffic resuming.
 */
#include "haaro-access-run.h"

#include "ns3/mobility-module.h"
#include "ns3/test.h"
#include "ns3/wifi-access-helper.h"

using namespace ns3;
using namespace ns3::haaro_access_test;

namespace
{

/**
 * \ingroup haaro-tests
 * One run: site 0's mobile router has a Wi-Fi station (WifiAccessHelper, one or two access
 * points on ISPs 0 and 1) and optionally its point-to-point uplink as a backup; a host on
 * site 0 sends a UDP echo every 50 ms to the host of site 1 (a fixed router on ISP 0).
 */
struct AccessRun : public AccessRecord
{
    // Configuration
    bool dhcp{true};            //!< care-of address from DHCP (else static on the station)
    bool secondAp{false};       //!< an AP of ISP 1 at apSpacing metres
    double apSpacing{80};       //!< distance between the APs (m)
    bool backup{false};         //!< the point-to-point uplink as a backup (second uplink)
    bool linkTriggers{true};    //!< MrUplink LinkLayerTriggers
    double speed{0};            //!< station speed along x (m/s)
    Time moveAwayAt;            //!< when the station jumps out of range (zero: never)
    Time duration{Seconds(10)}; //!< simulated time
    uint32_t rngRun{1};         //!< RngRun

    // Results
    std::vector<WifiAccessPoint> aps;              //!< the access points
    Ipv4Address finalCareOf;                       //!< Wi-Fi uplink's care-of address at the end
    MrUplinkState finalState{MrUplinkState::DOWN}; //!< its state at the end
    bool haHasBinding{false};                      //!< the HA holds a binding for finalCareOf

    /// Builds, runs and records.
    void Run();
};

void
AccessRun::Run()
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(rngRun);
    VirtualOperatorTopology t = BuildTopology();
    Ptr<Node> moving = t.sites[0].mobileRouter;

    Ptr<ConstantVelocityMobilityModel> mobility = CreateObject<ConstantVelocityMobilityModel>();
    mobility->SetPosition(Vector(0, 10, 0));
    mobility->SetVelocity(Vector(speed, 0, 0));
    moving->AggregateObject(mobility);
    if (!moveAwayAt.IsZero())
    {
        Simulator::Schedule(moveAwayAt, [mobility]() {
            mobility->SetVelocity(Vector(0, 0, 0));
            mobility->SetPosition(Vector(0, 100000, 0));
        });
    }

    WifiAccessHelper wifi;
    wifi.AddAccessPoint(0, Vector(0, 0, 0));
    if (secondAp)
    {
        wifi.AddAccessPoint(1, Vector(apSpacing, 0, 0));
    }
    wifi.SetStationDhcp(dhcp);
    WifiAccess access = wifi.Install(t, 0);
    aps = access.accessPoints;
    if (!dhcp)
    {
        Ptr<Ipv4> ipv4 = moving->GetObject<Ipv4>();
        int32_t interface = ipv4->AddInterface(access.stationDevice);
        ipv4->AddAddress(interface,
                         Ipv4InterfaceAddress(Ipv4Address(aps[0].address.Get() + 100),
                                              Ipv4Mask("255.255.255.128")));
        ipv4->SetUp(interface);
    }
    WifiAccessHelper::AssignStreams(access, 1000);

    MobileRouterHelper mrHelper(t.homeAgentAddress);
    mrHelper.SetUplinkAttribute("LinkLayerTriggers", BooleanValue(linkTriggers));
    Install(
        t,
        mrHelper,
        [this, &access](Ptr<MobileRouter> mr) {
            if (dhcp)
            {
                mr->AddDynamicUplink(access.stationDevice);
            }
            else
            {
                mr->AddUplink(access.stationDevice, aps[0].address);
            }
        },
        backup,
        MilliSeconds(50));
    Ptr<MrUplink> wifiUplink = routers[0]->GetUplink(0);

    Simulator::Stop(duration);
    Simulator::Run();
    finalCareOf = wifiUplink->GetCareOfAddress();
    finalState = wifiUplink->GetState();
    haHasBinding = ha->GetBindingTable()->FindBinding(t.sites[0].homeAddress, finalCareOf);
    Simulator::Destroy();
}

/// \param a an address \param ap an access point \return a lies in the AP's DHCP pool
bool
InPool(Ipv4Address a, const WifiAccessPoint& ap)
{
    return a.Get() >= ap.poolMin.Get() && a.Get() <= ap.poolMax.Get();
}

/**
 * \ingroup haaro-tests
 * A care-of address acquired by DHCP over Wi-Fi is registered with the Home Agent and
 * carries the site's traffic.
 */
class DhcpCareOfTestCase : public TestCase
{
  public:
    DhcpCareOfTestCase()
        : TestCase("a DHCP-acquired care-of address on Wi-Fi registers and carries traffic")
    {
    }

  private:
    void DoRun() override
    {
        AccessRun run;
        run.duration = Seconds(6);
        run.Run();
        NS_TEST_ASSERT_MSG_EQ(run.finalState, MrUplinkState::REGISTERED, run.Timeline());
        NS_TEST_ASSERT_MSG_EQ(InPool(run.finalCareOf, run.aps[0]), true, run.finalCareOf);
        NS_TEST_ASSERT_MSG_EQ(run.haHasBinding, true, "the HA has no binding for it");
        Time acquired = run.FirstPhase(MrHandoverPhase::ADDRESS_ACQUIRED);
        Time sent = run.FirstPhase(MrHandoverPhase::REGISTRATION_SENT);
        Time registered = run.FirstPhase(MrHandoverPhase::REGISTERED);
        NS_TEST_ASSERT_MSG_GT(acquired, Time(0), run.Timeline());
        NS_TEST_ASSERT_MSG_EQ(sent, acquired, "the request goes at once");
        NS_TEST_ASSERT_MSG_GT(registered, sent, run.Timeline());
        // 100 echoes in 5 s; most of them come back through the Wi-Fi tunnel.
        NS_TEST_ASSERT_MSG_GT(run.echoes.size(), 80, run.Timeline());
    }
};

/**
 * \ingroup haaro-tests
 * The station loses its access point: with link-layer triggers the router fails over to
 * its point-to-point backup as soon as the association is lost; with only the path probes
 * (a static care-of address, LinkLayerTriggers false) it takes KeepaliveMisses unanswered probe
 * intervals.
 */
class LinkTriggerTestCase : public TestCase
{
  public:
    LinkTriggerTestCase()
        : TestCase("link down fails over faster than the path probes")
    {
    }

  private:
    /// \param triggers LinkLayerTriggers \return failover delay after the move
    Time FailoverDelay(bool triggers)
    {
        AccessRun run;
        run.dhcp = false;
        run.backup = true;
        run.linkTriggers = triggers;
        run.moveAwayAt = Seconds(4);
        run.duration = Seconds(25);
        run.Run();
        Time delay = run.FailoverToBackup(run.moveAwayAt);
        NS_TEST_EXPECT_MSG_EQ(delay.IsNegative(), false, "no failover:\n" << run.Timeline());
        // Traffic carries on over the backup.
        NS_TEST_EXPECT_MSG_GT(run.EchoesAfter(run.moveAwayAt + delay + Seconds(1)),
                              0,
                              run.Timeline());
        return delay.IsNegative() ? Seconds(1000) : delay;
    }

    void DoRun() override
    {
        Time l2 = FailoverDelay(true);
        Time probes = FailoverDelay(false);
        // Association loss: MaxMissedBeacons (10) beacon intervals (102.4 ms); probes:
        // KeepaliveMisses (2) unanswered probes, one every 5 s, found at the next one: (10,
        // 15] s after the path died, less at most a round trip, plus the switch.
        std::cout << "    " << GetName() << ": on the backup " << l2.As(Time::MS)
                  << " after leaving the cell with link-layer triggers, " << probes.As(Time::MS)
                  << " with the probes only" << std::endl;
        NS_TEST_ASSERT_MSG_LT(l2, Seconds(2), "L2 trigger " << l2.As(Time::MS));
        NS_TEST_ASSERT_MSG_GT(probes, Seconds(9.5), "probes " << probes.As(Time::MS));
        NS_TEST_ASSERT_MSG_LT(probes, Seconds(15.5), "probes " << probes.As(Time::MS));
        NS_TEST_ASSERT_MSG_LT(l2,
                              probes,
                              "L2 " << l2.As(Time::MS) << " probes " << probes.As(Time::MS));
    }
};

/**
 * \ingroup haaro-tests
 * The station drives from an access point of ISP 0 to one of ISP 1: the care-of address
 * changes, each phase of the handover is recorded in order, the Home Agent holds the new
 * binding and traffic resumes; the same RngRun gives the same timeline.
 */
class MovingHandoverTestCase : public TestCase
{
  public:
    MovingHandoverTestCase()
        : TestCase("a moving station hands over between APs of two ISPs, phases recorded")
    {
    }

  private:
    /// \param rngRun RngRun \return the run
    AccessRun Drive(uint32_t rngRun)
    {
        AccessRun run;
        // The APs cover about 50 m each (log-distance loss, 802.11a beacons at 6 Mb/s,
        // preamble detection above -82 dBm): the station leaves AP 0's cell at x = 49 m
        // (t = 4.9 s), notices after MaxMissedBeacons, finds AP 1 (80 m) and stays in its
        // cell until the end (x = 120 m).
        run.secondAp = true;
        run.apSpacing = 80;
        run.speed = 10;
        run.duration = Seconds(12);
        run.rngRun = rngRun;
        run.Run();
        return run;
    }

    void DoRun() override
    {
        AccessRun run = Drive(1);
        const std::string timeline = run.Timeline();
        NS_TEST_ASSERT_MSG_EQ(run.finalState, MrUplinkState::REGISTERED, timeline);
        NS_TEST_ASSERT_MSG_EQ(InPool(run.finalCareOf, run.aps[1]), true, timeline);
        NS_TEST_ASSERT_MSG_EQ(run.haHasBinding, true, timeline);
        // The handover: link down, address lost, link up (associated with the other AP),
        // address acquired, registration sent, registered - in this order.
        Time down = run.FirstPhase(MrHandoverPhase::LINK_DOWN);
        NS_TEST_ASSERT_MSG_GT(down, Time(0), timeline);
        Time lost = run.FirstPhase(MrHandoverPhase::ADDRESS_LOST, down);
        Time up = run.FirstPhase(MrHandoverPhase::LINK_UP, down);
        Time acquired = run.FirstPhase(MrHandoverPhase::ADDRESS_ACQUIRED, up);
        Time sent = run.FirstPhase(MrHandoverPhase::REGISTRATION_SENT, acquired);
        Time registered = run.FirstPhase(MrHandoverPhase::REGISTERED, sent);
        NS_TEST_ASSERT_MSG_EQ(lost, down, timeline);
        NS_TEST_ASSERT_MSG_GT(up, down, timeline);
        NS_TEST_ASSERT_MSG_GT(acquired, up, timeline);
        NS_TEST_ASSERT_MSG_EQ(sent, acquired, timeline);
        NS_TEST_ASSERT_MSG_GT(registered, sent, timeline);
        // Traffic stopped in between and resumed afterwards.
        NS_TEST_ASSERT_MSG_GT(run.EchoesAfter(registered), 20, timeline);
        // Determinism per RngRun.
        AccessRun again = Drive(1);
        NS_TEST_ASSERT_MSG_EQ(again.Timeline(), timeline, "same RngRun, another timeline");
        NS_TEST_ASSERT_MSG_EQ(again.echoes.size(), run.echoes.size(), "same RngRun");
    }
};

/**
 * \ingroup haaro-tests
 * Access networks: Wi-Fi, DHCP care-of addresses, L2 triggers, movement-driven handovers.
 */
class HaaroAccessTestSuite : public TestSuite
{
  public:
    HaaroAccessTestSuite()
        : TestSuite("haaro-access", UNIT)
    {
        AddTestCase(new DhcpCareOfTestCase, TestCase::QUICK);
        AddTestCase(new LinkTriggerTestCase, TestCase::QUICK);
        AddTestCase(new MovingHandoverTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
HaaroAccessTestSuite g_haaroAccessTestSuite;

} // namespace
