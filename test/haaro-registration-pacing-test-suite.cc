/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * RFC 5944 section 3.6: "In the absence of link-layer indications, a mobile node MUST NOT
 * attempt to register more often than once per second." A mobile router's uplink holds a
 * registration request that an event other than the link layer starts (here: RFC 6521
 * solicitations, an Identification mismatch) until a second after its last request; a
 * request the link layer starts (the interface up again) leaves at once. The requests are
 * read where the Home Agent receives them (its RequestReceived trace: real packets), each
 * case beside a control run with MinRegistrationInterval 0 (no holding), which must show
 * what the pacing prevents.
 */
#include "haaro-test-fixture.h"

#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/haaro-scenario-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"

#include <optional>
#include <vector>

using namespace ns3;

namespace
{

/// A Registration Request from router A's first uplink, as the Home Agent received it.
struct Received
{
    Time at;                            //!< when
    uint16_t lifetime;                  //!< requested lifetime
    std::optional<Ipv4Address> solicit; //!< solicited router (S flag), if any
};

/**
 * \ingroup haaro-tests
 * The virtual operator of the pacing cases, built with the uplinks' MinRegistrationInterval,
 * and the Registration Requests the Home Agent received from one care-of address.
 */
class PacingScenario : public HaaroTestScenario
{
  public:
    /**
     * \param sites sites \param uplinks uplinks per site \param ro route optimization
     * \param interval MinRegistrationInterval of every uplink
     */
    PacingScenario(uint32_t sites, uint32_t uplinks, bool ro, Time interval)
    {
        UseTwoIspTopology(sites, uplinks, ro);
        nemo.SetUplinkAttribute("MinRegistrationInterval", TimeValue(interval));
        Build();
    }

    /// \param careOf records the requests from it (received)
    void WatchRequests(Ipv4Address careOf)
    {
        network.homeAgent->TraceConnectWithoutContext(
            "RequestReceived",
            MakeFunctorCallback<void, const MipRegistrationRequest&, Ipv4Address>(
                [this, careOf](const MipRegistrationRequest& rrq, Ipv4Address) {
                    if (rrq.GetCareOfAddress() != careOf)
                    {
                        return;
                    }
                    std::optional<RoCapabilityExtension> cap = RoCapabilityExtension::Find(rrq);
                    received.push_back({Simulator::Now(),
                                        rrq.GetLifetime(),
                                        cap ? cap->GetSolicitedHomeAddress() : std::nullopt});
                }));
    }

    std::vector<Received> received; //!< the requests from the watched care-of address
};

/**
 * \ingroup haaro-tests
 * Four single-homed sites with route optimization on. At 5 s router A's uplink solicits
 * the prefixes of B, C and D within 40 ms (as a correspondent router would on receiving
 * route optimization registrations from three routers it does not know, RFC 6521 section
 * 3.3.3); at 9 s it solicits B again, at 9.2 s its interface goes down and up and at
 * 9.8 s its device's link (two link-layer indications).
 * - Paced (MinRegistrationInterval 1 s): the Home Agent receives the three solicitations
 *   one per request, in order, each request at least 1 s after the one before, the first
 *   at once; the requests after the interface and after the link come back leave at once
 *   (0.2 and 0.6 s after the one before); the router holds requests (RequestHeld trace).
 * - Control (0 s): the requests follow each other within the round trip, under 1 s.
 */
class SolicitationPacingTestCase : public TestCase
{
  public:
    /// \param interval the uplinks' MinRegistrationInterval (0: the control run)
    explicit SolicitationPacingTestCase(Time interval)
        : TestCase("RFC 5944 3.6: requests an event starts at most one per " +
                   std::to_string(interval.GetMilliSeconds()) +
                   " ms, the link layer's at once (solicitations)"),
          m_interval(interval)
    {
    }

  private:
    void DoRun() override
    {
        PacingScenario s(4, 1, true, m_interval);
        Ptr<MobileRouter> a = s.network.mobileRouters[0];
        Ptr<MrUplink> uplink = a->GetUplink(0);
        s.WatchRequests(s.Coa(0));
        uint32_t held = 0;
        uplink->TraceConnectWithoutContext(
            "RequestHeld",
            MakeFunctorCallback<void, Ipv4Address, Time>([&held](Ipv4Address, Time) { held++; }));
        const auto& sites = s.topology.sites;
        for (uint32_t k = 1; k <= 3; ++k)
        {
            HaaroSchedule(Seconds(5) + MilliSeconds(20 * (k - 1)),
                          [uplink, home = sites[k].homeAddress]() { uplink->Solicit(home); });
        }
        HaaroSchedule(Seconds(9),
                      [uplink, home = sites[1].homeAddress]() { uplink->Solicit(home); });
        Ptr<Ipv4> ipv4 = a->GetNode()->GetObject<Ipv4>();
        uint32_t interface = sites[0].uplinks[0].mrInterface;
        HaaroSchedule(Seconds(9.2), [ipv4, interface]() {
            ipv4->SetDown(interface);
            ipv4->SetUp(interface);
        });
        // The other link-layer indication: the device's link (LinkLayerTriggers), down and
        // up at 9.8 s, 0.6 s after the request that followed the interface.
        HaaroSchedule(Seconds(9.8), [uplink]() {
            uplink->SetLinkUp(false);
            uplink->SetLinkUp(true);
        });
        s.Run(Seconds(12));

        // The requests from 5 s on, in order.
        std::vector<Received> after;
        for (const Received& r : s.received)
        {
            if (r.at >= Seconds(5))
            {
                after.push_back(r);
            }
        }
        std::vector<Ipv4Address> solicited;
        for (const Received& r : after)
        {
            if (r.solicit && r.at < Seconds(9) &&
                (solicited.empty() || solicited.back() != *r.solicit))
            {
                solicited.push_back(*r.solicit);
            }
        }
        NS_TEST_ASSERT_MSG_EQ(solicited.size(), 3u, "B, C and D solicited, one per request");
        for (uint32_t k = 0; k < solicited.size() && k < 3; ++k)
        {
            NS_TEST_ASSERT_MSG_EQ(solicited[k], sites[k + 1].homeAddress, "in order");
        }
        NS_TEST_ASSERT_MSG_GT_OR_EQ(after.size(), 5u, "the solicitations and the re-registration");
        NS_TEST_ASSERT_MSG_LT(after.front().at, Seconds(5.1), "the first leaves at once");
        Time shortest = Seconds(100);
        for (size_t i = 1; i < after.size(); ++i)
        {
            if (after[i].at < Seconds(9.1))
            {
                shortest = std::min(shortest, after[i].at - after[i - 1].at);
            }
        }
        // The request after the interface came back, at 9.2 s (plus the one-way delay).
        std::optional<Time> linkUp;
        std::optional<Time> before;
        for (const Received& r : after)
        {
            if (r.at > Seconds(9.2) && r.at < Seconds(9.8) && !linkUp)
            {
                linkUp = r.at;
            }
            else if (r.at <= Seconds(9.2))
            {
                before = r.at;
            }
        }
        NS_TEST_ASSERT_MSG_EQ(linkUp.has_value() && before.has_value(), true, "both requests");
        if (!linkUp || !before)
        {
            return;
        }
        std::clog << "    interval " << m_interval.As(Time::S) << ": " << after.size()
                  << " requests from 5 s, shortest gap before 9.1 s " << shortest.As(Time::MS)
                  << ", held " << held << ", link-layer request "
                  << (*linkUp - *before).As(Time::MS) << " after the one before" << std::endl;
        NS_TEST_ASSERT_MSG_LT(*linkUp, Seconds(9.25), "the link layer's request at once");
        NS_TEST_ASSERT_MSG_LT(*linkUp - *before, Seconds(1), "within a second of the last one");
        std::optional<Time> deviceUp;
        for (const Received& r : after)
        {
            if (r.at > Seconds(9.8) && !deviceUp)
            {
                deviceUp = r.at;
            }
        }
        NS_TEST_ASSERT_MSG_EQ(deviceUp.has_value(), true, "a request after the link came back");
        if (deviceUp)
        {
            NS_TEST_ASSERT_MSG_LT(*deviceUp, Seconds(9.85), "the device link's request at once");
        }
        if (m_interval.IsStrictlyPositive())
        {
            NS_TEST_ASSERT_MSG_GT_OR_EQ(shortest, m_interval, "at most one per interval");
            NS_TEST_ASSERT_MSG_GT(held, 0u, "requests were held");
        }
        else
        {
            NS_TEST_ASSERT_MSG_LT(shortest, Seconds(1), "control: less than 1 s apart");
            NS_TEST_ASSERT_MSG_EQ(held, 0u, "control: nothing held");
        }
    }

    Time m_interval; //!< MinRegistrationInterval
};

/**
 * \ingroup haaro-tests
 * The retry after an Identification mismatch (RFC 5944 section 5.7, code 133) whose
 * high-order 32 bits show the clocks agree: a request that arrived after a later one. At
 * 5 s router A's first uplink re-registers over a path made 30 ms longer, and 1 ms later
 * its second uplink, whose request (a later Identification) reaches the Home Agent first:
 * the first uplink's is refused with 133. Its retry leaves 1 s after the refused request
 * (control: one round trip after it).
 */
class MismatchRetryPacingTestCase : public TestCase
{
  public:
    /// \param interval the uplinks' MinRegistrationInterval (0: the control run)
    explicit MismatchRetryPacingTestCase(Time interval)
        : TestCase("RFC 5944 3.6: the retry after an Identification mismatch waits " +
                   std::to_string(interval.GetMilliSeconds()) + " ms after the refused request"),
          m_interval(interval)
    {
    }

  private:
    void DoRun() override
    {
        PacingScenario s(2, 2, false, m_interval);
        Ptr<MobileRouter> a = s.network.mobileRouters[0];
        Ipv4Address careOf = s.Coa(0, 0);
        s.WatchRequests(careOf);
        std::vector<std::pair<Time, uint8_t>> replies; // at the router: time, code
        a->TraceConnectWithoutContext(
            "ReplyReceived",
            MakeFunctorCallback<void, const MipRegistrationReply&, Ipv4Address>(
                [&replies, careOf](const MipRegistrationReply& rrp, Ipv4Address c) {
                    if (c == careOf)
                    {
                        replies.emplace_back(Simulator::Now(), rrp.GetCode());
                    }
                }));
        HaaroSchedule(Seconds(5), [&s]() {
            // The second uplink's request leaves 1 ms after the first's, with a later
            // Identification, and arrives first: the first uplink's is stale on arrival.
            Ptr<PointToPointChannel> ch = DynamicCast<PointToPointChannel>(
                s.topology.sites[0].uplinks[0].mrDevice->GetChannel());
            ch->SetAttribute("Delay", TimeValue(MilliSeconds(40)));
            s.network.mobileRouters[0]->GetUplink(0)->Register();
            HaaroSchedule(MilliSeconds(1),
                          [&s]() { s.network.mobileRouters[0]->GetUplink(1)->Register(); });
        });
        s.Run(Seconds(10));
        std::optional<Time> refusedRequest;
        std::optional<Time> retry;
        for (const Received& r : s.received)
        {
            if (r.at >= Seconds(5) && !refusedRequest)
            {
                refusedRequest = r.at;
            }
            else if (refusedRequest && !retry)
            {
                retry = r.at;
            }
        }
        bool refused = false;
        for (const auto& [at, code] : replies)
        {
            refused |= at > Seconds(5) && code == MIP_REPLY_HA_ID_MISMATCH;
        }
        NS_TEST_ASSERT_MSG_EQ(refused, true, "the first uplink's request refused with 133");
        NS_TEST_ASSERT_MSG_EQ(refusedRequest.has_value() && retry.has_value(), true, "a retry");
        if (!refusedRequest || !retry)
        {
            return;
        }
        Time gap = *retry - *refusedRequest;
        std::clog << "    interval " << m_interval.As(Time::S) << ": retry " << gap.As(Time::MS)
                  << " after the refused request" << std::endl;
        if (m_interval.IsStrictlyPositive())
        {
            NS_TEST_ASSERT_MSG_EQ_TOL(gap, m_interval, MicroSeconds(1), "a second after it");
        }
        else
        {
            NS_TEST_ASSERT_MSG_LT(gap, MilliSeconds(200), "control: one round trip after it");
        }
    }

    Time m_interval; //!< MinRegistrationInterval
};

/**
 * \ingroup haaro-tests
 * \brief RFC 5944 section 3.6's once per second for registrations not started by the
 * link layer (MrRequestPacer).
 */
class HaaroRegistrationPacingTestSuite : public TestSuite
{
  public:
    HaaroRegistrationPacingTestSuite()
        : TestSuite("haaro-registration-pacing", UNIT)
    {
        AddTestCase(new SolicitationPacingTestCase(Seconds(1)), TestCase::QUICK);
        AddTestCase(new SolicitationPacingTestCase(Seconds(0)), TestCase::QUICK);
        AddTestCase(new MismatchRetryPacingTestCase(Seconds(1)), TestCase::QUICK);
        AddTestCase(new MismatchRetryPacingTestCase(Seconds(0)), TestCase::QUICK);
    }
};

/// The suite's instance.
HaaroRegistrationPacingTestSuite g_haaroRegistrationPacingTestSuite;

} // namespace
