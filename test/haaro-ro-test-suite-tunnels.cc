/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The route optimization suite (haaro-ro), the direct tunnels: GRE,
 * return routability retransmission, care-of address pair failover, a moving
 * correspondent router.
 */
#include "haaro-ro-test-suite.h"

using namespace ns3;
using namespace ns3::haarotest;

namespace
{

/**
 * \brief Ipv4L3Protocol Tx trace sink: counts packets of one IP protocol to a destination.
 * \param count the counter \param protocol the protocol \param dst the destination
 * \param p the packet
 */
void
CountProtocol(uint64_t* count,
              uint8_t protocol,
              Ipv4Address dst,
              Ptr<const Packet> p,
              Ptr<Ipv4>,
              uint32_t)
{
    Ipv4Header ip;
    p->PeekHeader(ip);
    if (ip.GetProtocol() == protocol && ip.GetDestination() == dst)
    {
        (*count)++;
    }
}

/**
 * \ingroup haaro-tests
 * F15 with GRE direct tunnels (RoUseGre): data moves to the direct tunnel, which
 * encapsulates in GRE (IP protocol 47). Mixed: only MR C (the MR of the binding) asks for
 * GRE (G flag); MR A, configured for IP in IP, follows the request as CR.
 */
class GreTestCase : public TestCase
{
  public:
    /// \param mixed only MR C is configured for GRE
    explicit GreTestCase(bool mixed)
        : TestCase(mixed ? "F15 with GRE requested by the MR only: the CR follows the G flag"
                         : "F15 with GRE direct tunnels"),
          m_mixed(mixed)
    {
    }

  private:
    void DoRun() override
    {
        RoScenario s;
        s.Build();
        s.network.mobileRouters[2]->GetRouteOptimizer()->SetAttribute("Encapsulation",
                                                                      StringValue("Gre"));
        if (!m_mixed)
        {
            s.network.mobileRouters[0]->GetRouteOptimizer()->SetAttribute("Encapsulation",
                                                                          StringValue("Gre"));
        }
        s.AddFlow(0, 2, Seconds(5), Seconds(15), MilliSeconds(100), 9001);
        s.AddFlow(2, 0, Seconds(5.05), Seconds(15), MilliSeconds(100), 9002);
        Ipv4Address coaA = s.topology.sites[0].uplinks[0].careOfAddress;
        Ipv4Address coaC = s.topology.sites[2].uplinks[0].careOfAddress;
        uint64_t greCtoA = 0;
        uint64_t greAtoC = 0;
        uint64_t ipipCtoA = 0;
        uint64_t ipipAtoC = 0;
        Ptr<Ipv4L3Protocol> ipC = s.topology.sites[2].mobileRouter->GetObject<Ipv4L3Protocol>();
        Ptr<Ipv4L3Protocol> ipA = s.topology.sites[0].mobileRouter->GetObject<Ipv4L3Protocol>();
        ipC->TraceConnectWithoutContext(
            "Tx",
            MakeBoundCallback(&CountProtocol, &greCtoA, uint8_t(47), coaA));
        ipC->TraceConnectWithoutContext(
            "Tx",
            MakeBoundCallback(&CountProtocol, &ipipCtoA, uint8_t(4), coaA));
        ipA->TraceConnectWithoutContext(
            "Tx",
            MakeBoundCallback(&CountProtocol, &greAtoC, uint8_t(47), coaC));
        ipA->TraceConnectWithoutContext(
            "Tx",
            MakeBoundCallback(&CountProtocol, &ipipAtoC, uint8_t(4), coaC));
        s.Run(Seconds(15.5));
        // MR C's, then MR A's own registration (mutual, RFC 6521 section 3.3.3), which asks
        // for the encapsulation of the tunnel MR C set up: GRE whatever A is configured with.
        NS_TEST_ASSERT_MSG_EQ(s.setups.size(), 2u, "route optimization by C, then A's own");
        std::cout << "    GRE" << (m_mixed ? " (requested by the MR only)" : "")
                  << " setup latency " << s.setups[0].second.GetSeconds() * 1000 << " ms"
                  << std::endl;
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 0, RoPeerEvent::FALLBACK), 0u, "no fallback at A");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 2, RoPeerEvent::FALLBACK), 0u, "no fallback at C");
        RocEntry* aAtC = s.network.mobileRouters[2]->GetRouteOptimizer()->GetCache().Find(
            s.topology.sites[0].homeAddress);
        RocEntry* cAtA = s.network.mobileRouters[0]->GetRouteOptimizer()->GetCache().Find(
            s.topology.sites[2].homeAddress);
        NS_TEST_ASSERT_MSG_EQ(aAtC->tunnelActive, true, "C's direct tunnel");
        NS_TEST_ASSERT_MSG_EQ(cAtA->tunnelActive, true, "A's direct tunnel");
        NS_TEST_ASSERT_MSG_NE(aAtC->tunnel, nullptr, "C's direct tunnel");
        NS_TEST_ASSERT_MSG_NE(cAtA->tunnel, nullptr, "A's direct tunnel");
        if (!aAtC->tunnel || !cAtA->tunnel)
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ((aAtC->tunnel->GetEncapsulation() == MipEncapsulation::GRE),
                              true,
                              "C encapsulates in GRE");
        NS_TEST_ASSERT_MSG_EQ((cAtA->tunnel->GetEncapsulation() == MipEncapsulation::GRE),
                              true,
                              "A encapsulates in GRE");
        // Some 100 datagrams each way plus keepalives, all GRE on the wire.
        std::cout << "    GRE packets C->A " << greCtoA << ", A->C " << greAtoC << std::endl;
        NS_TEST_ASSERT_MSG_GT(greCtoA, 80u, "GRE packets from MR C to MR A");
        NS_TEST_ASSERT_MSG_GT(greAtoC, 80u, "GRE packets from MR A to MR C");
        NS_TEST_ASSERT_MSG_EQ(ipipCtoA, 0u, "no IP in IP from MR C to MR A");
        NS_TEST_ASSERT_MSG_EQ(ipipAtoC, 0u, "no IP in IP from MR A to MR C");
        for (uint16_t port : {9001, 9002})
        {
            const auto& flow = s.flows[port];
            // None lost, not even at the switch: the CR sends into the tunnel only after the
            // MR's first keepalive came through it.
            NS_TEST_ASSERT_MSG_EQ(flow.size(), 100u, "no loss on flow " << port);
            NS_TEST_ASSERT_MSG_EQ(unsigned(flow.front().ttl), 61u, "first datagram via the HA");
            NS_TEST_ASSERT_MSG_EQ(unsigned(flow.back().ttl), 62u, "last datagram direct");
        }
    }

    bool m_mixed; //!< only MR C is configured for GRE
};

/**
 * \ingroup haaro-tests
 * Return routability retransmission (RoRetransmission, notes 1.7.4 item 6): MR A's uplink
 * loses everything for a moment just as MR C sends its HoTI and CoTI; MR C sends them again
 * after 1 s and completes route optimization.
 */
class RrRetransmissionTestCase : public TestCase
{
  public:
    RrRetransmissionTestCase()
        : TestCase("return routability retransmitted after 1 s when HoTI and CoTI are lost")
    {
    }

  private:
    void DoRun() override
    {
        RoScenario s;
        s.nemo.SetRouteOptimizerAttribute("Encapsulation",
                                          StringValue("IpInIp")); // T_RR + T_REG only
        s.Build();
        s.AddFlow(2, 0, Seconds(5), Seconds(10), MilliSeconds(100), 9002);
        // Everything to and from MR A is lost between 5.0 and 5.3 s: MR C's first HoTI and
        // CoTI (sent just after 5 s, at MR A's uplink some 34 ms later) never arrive.
        VirtualOperatorTopologyHelper::ScheduleUplinkFailure(
            s.topology,
            0,
            0,
            Seconds(5),
            MilliSeconds(300),
            VirtualOperatorTopologyHelper::PATH_DEAD);
        s.Run(Seconds(10.5));
        int hoti1 = s.Find(2, "tx HoTI");
        int coti1 = s.Find(2, "tx CoTI");
        NS_TEST_ASSERT_MSG_NE(hoti1, -1, "first HoTI");
        NS_TEST_ASSERT_MSG_NE(coti1, -1, "first CoTI");
        int hoti2 = s.Find(2, "tx HoTI", hoti1 + 1);
        int coti2 = s.Find(2, "tx CoTI", coti1 + 1);
        NS_TEST_ASSERT_MSG_NE(hoti2, -1, "HoTI sent again");
        NS_TEST_ASSERT_MSG_NE(coti2, -1, "CoTI sent again");
        NS_TEST_ASSERT_MSG_EQ(s.Find(2, "tx HoTI", hoti2 + 1), -1, "only once again");
        NS_TEST_ASSERT_MSG_EQ(s.Find(2, "tx CoTI", coti2 + 1), -1, "only once again");
        Time gap = s.messages[hoti2].at - s.messages[hoti1].at;
        std::cout << "    RR retransmission after " << gap.GetSeconds() * 1000 << " ms"
                  << std::endl;
        NS_TEST_ASSERT_MSG_EQ(gap, Seconds(1), "HoTI retransmitted after RoRetransmission");
        NS_TEST_ASSERT_MSG_EQ(s.messages[coti2].at - s.messages[coti1].at,
                              Seconds(1),
                              "CoTI retransmitted after RoRetransmission");
        // MR A saw only the retransmissions.
        NS_TEST_ASSERT_MSG_NE(s.Find(0, "rx HoTI"), -1, "MR A got a HoTI");
        NS_TEST_ASSERT_MSG_GT(s.messages[s.Find(0, "rx HoTI")].at,
                              s.messages[hoti2].at,
                              "the retransmitted one");
        NS_TEST_ASSERT_MSG_EQ(s.Find(0, "rx HoTI", s.Find(0, "rx HoTI") + 1), -1, "only one");
        // MR C's, then MR A's own registration (mutual, RFC 6521 section 3.3.3).
        NS_TEST_ASSERT_MSG_EQ(s.setups.size(), 2u, "route optimization completed, both ways");
        NS_TEST_ASSERT_MSG_EQ(s.setups[0].first, 2u, "at MR C first");
        double d = RoScenario::ONE_WAY_TO_HA_MS;
        double expectedMs = 1000 + 4 * (d + d) + 2 * d; // F15 after one retransmission
        double measuredMs = s.setups[0].second.GetSeconds() * 1000;
        std::cout << "    setup latency with one RR retransmission " << measuredMs
                  << " ms (analytic " << expectedMs << " ms)" << std::endl;
        NS_TEST_ASSERT_MSG_EQ_TOL(measuredMs, expectedMs, 3.0, "setup latency");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 2, RoPeerEvent::FALLBACK), 0u, "no fallback");
        const auto& flow = s.flows[9002];
        NS_TEST_ASSERT_MSG_EQ(unsigned(flow.back().ttl), 62u, "direct in the end");
    }
};

/**
 * \ingroup haaro-tests
 * Multihomed routers and care-of address pairs (RFC 6521 sections 3.3 and 6.1): MR C talks
 * to MR A, both dual-homed, over the pair (C's first CoA, A's first CoA). At 8 s the path
 * of one first uplink dies (interfaces up, every packet lost): A's (`ownSide` false) or C's
 * (true). MR C's keepalives fail; instead of falling back to the Home Agent it probes the
 * next pair: A's second CoA from the Care-of Address extension (enough when A's uplink
 * failed), then its own second CoA with partial return routability and a new registration.
 * Traffic in both directions is direct again long before the routers' own failure
 * detection (10 s) would move their Home Agent registrations.
 */
class PairFailoverTestCase : public TestCase
{
  public:
    /// \param ownSide the MR's (C's) uplink fails, otherwise the CR's (A's)
    explicit PairFailoverTestCase(bool ownSide)
        : TestCase(ownSide ? "a failed pair: the MR moves to its other care-of address"
                           : "a failed pair: the MR probes the CR's other care-of address"),
          m_ownSide(ownSide)
    {
    }

  private:
    void DoRun() override
    {
        RoScenario s(2);
        s.Build();
        s.AddFlow(2, 0, Seconds(5), Seconds(20), MilliSeconds(50), 9001);
        s.AddFlow(0, 2, Seconds(5.02), Seconds(20), MilliSeconds(50), 9002);
        s.FailUplink(m_ownSide ? 2 : 0, 0, Seconds(8), VirtualOperatorTopologyHelper::PATH_DEAD);
        s.Run(Seconds(20));
        const VirtualOperatorSite& a = s.topology.sites[0];
        const VirtualOperatorSite& c = s.topology.sites[2];
        Time verified(0);
        for (const auto& e : s.events)
        {
            if (e.router == 2 && e.info.event == RoPeerEvent::PAIR_VERIFIED && verified.IsZero())
            {
                verified = e.at;
            }
        }
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 2, RoPeerEvent::PAIR_FAILED),
                              (m_ownSide ? 2u : 1u),
                              "pairs given up before one worked");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 2, RoPeerEvent::HANDOVER),
                              (m_ownSide ? 1u : 0u),
                              "own care-of address changed only when ours failed");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 2, RoPeerEvent::FALLBACK),
                              0u,
                              "never back to the HA path");
        // Found by the keepalives: 3 unanswered ones. Issue 12: their interval adapts to
        // the RTT (RFC 6521 section 3.3.4; here 40 ms, hence the 200 ms floor) instead of
        // the fixed 1 s, so the failure is found 0.6-0.8 s after 8 s, no longer after 10 s.
        NS_TEST_ASSERT_MSG_GT(verified, Seconds(8.5), "found by keepalives");
        NS_TEST_ASSERT_MSG_LT(verified, Seconds(m_ownSide ? 16 : 13), "before the 10 s detectors");
        RocEntry* e =
            s.network.mobileRouters[2]->GetRouteOptimizer()->GetCache().Find(a.homeAddress);
        NS_TEST_ASSERT_MSG_EQ(e->tunnelActive, true, "direct again");
        NS_TEST_ASSERT_MSG_EQ(e->tunnel->GetLocal(),
                              c.uplinks[m_ownSide ? 1 : 0].careOfAddress,
                              "MR end of the new pair");
        NS_TEST_ASSERT_MSG_EQ(e->tunnel->GetRemote(),
                              a.uplinks[m_ownSide ? 0 : 1].careOfAddress,
                              "CR end of the new pair");
        NS_TEST_ASSERT_MSG_EQ(
            e->natStates.at({c.uplinks[0].careOfAddress.Get(), a.uplinks[0].careOfAddress.Get()}),
            false,
            "the failed pair is recorded");
        for (uint16_t port : {9001, 9002})
        {
            const auto& flow = s.flows[port];
            Time longestGap(0);
            size_t late = 0;
            for (size_t i = 1; i < flow.size(); ++i)
            {
                longestGap = std::max(longestGap, flow[i].at - flow[i - 1].at);
                if (flow[i].at > verified + Seconds(0.5))
                {
                    late++;
                    NS_TEST_ASSERT_MSG_EQ(unsigned(flow[i].ttl), 62u, "direct, port " << port);
                }
            }
            std::clog << "pair failover (" << (m_ownSide ? "MR side" : "CR side") << "), port "
                      << port << ": longest gap " << longestGap.As(Time::MS) << ", verified at "
                      << verified.As(Time::S) << std::endl;
            NS_TEST_ASSERT_MSG_LT(longestGap, Seconds(m_ownSide ? 7.5 : 4.5), "outage");
            double expected = (Seconds(20) - verified - Seconds(0.6)).GetSeconds() / 0.05;
            NS_TEST_ASSERT_MSG_GT(double(late), expected - 3, "no loss once switched");
        }
    }

    bool m_ownSide; //!< which router's uplink fails
};

/**
 * \ingroup haaro-tests
 * The correspondent router waits for the MR's probes, then follows a proven pair (RFC 6521
 * sections 3.3.4 and 6.1): MR C sends to MR A over a direct tunnel, both dual-homed. At 8 s
 * the path of A's first uplink dies (interfaces up, every packet lost). A, the CR of C's
 * binding, notices first (3 unanswered keepalives; C is given 8): it does not choose pairs,
 * so it sends via the Home Agent meanwhile (FALLBACK, AWAITING_PEER_PROBES) and keeps its
 * alternates. C then moves to A's second care-of address; A challenges that pair with a
 * nonce and follows when C answers it (PAIR_SWITCHED), and the datagrams are direct again.
 * (The same pair switch after a full fall-back, with no tunnel in use, put a null tunnel
 * among the alternates in the N = 10,000 registration storm: RoDirectTunnelSet::OnProven.)
 */
class CrFollowsProvenPairTestCase : public TestCase
{
  public:
    CrFollowsProvenPairTestCase()
        : TestCase("the CR waits for the MR's probes and follows a proven pair")
    {
    }

  private:
    void DoRun() override
    {
        RoScenario s(2);
        s.Build();
        s.AddFlow(2, 0, Seconds(5), Seconds(20), MilliSeconds(50), 9001);
        s.network.mobileRouters[2]->GetRouteOptimizer()->SetAttribute("KeepaliveMisses",
                                                                      UintegerValue(8));
        s.FailUplink(0, 0, Seconds(8), VirtualOperatorTopologyHelper::PATH_DEAD);
        s.Run(Seconds(20));
        Time waiting(0);
        Time switched(0);
        for (const auto& e : s.events)
        {
            if (e.router == 0 && e.info.event == RoPeerEvent::FALLBACK)
            {
                NS_TEST_ASSERT_MSG_EQ(e.info.reason,
                                      RoFallbackReason::AWAITING_PEER_PROBES,
                                      "A waits for C's probes");
                waiting = e.at;
            }
            if (e.router == 0 && e.info.event == RoPeerEvent::PAIR_SWITCHED)
            {
                switched = e.at;
                NS_TEST_ASSERT_MSG_EQ(e.info.local,
                                      s.topology.sites[0].uplinks[1].careOfAddress,
                                      "A's end of the new pair");
            }
        }
        NS_TEST_ASSERT_MSG_GT(waiting, Seconds(8), "A noticed");
        NS_TEST_ASSERT_MSG_GT(switched, waiting, "A followed afterwards");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 2, RoPeerEvent::FALLBACK), 0u, "C never fell back");
        const auto& flow = s.flows[9001];
        NS_TEST_ASSERT_MSG_EQ(flow.empty(), false, "delivered");
        NS_TEST_ASSERT_MSG_GT(flow.back().at, Seconds(19), "delivered until the end");
        NS_TEST_ASSERT_MSG_EQ(unsigned(flow.back().ttl), 62u, "direct at the end");
    }
};

/**
 * \ingroup haaro-tests
 * A correspondent router that moves (RFC 6521 leaves it out; our reading): MR A, the CR of
 * MR C's binding, loses its first uplink (interface down) at 10 s. It moves its end of the
 * direct tunnel to its second care-of address and announces it with a keepalive; MR C,
 * which keeps tunnels to every address A listed, follows. Direct traffic resumes within
 * a few round trips instead of after C's keepalive timeout (3 s) and pair probing.
 */
class CorrespondentMoveTestCase : public TestCase
{
  public:
    CorrespondentMoveTestCase()
        : TestCase("the CR moves its tunnel end itself and the MR follows")
    {
    }

  private:
    void DoRun() override
    {
        RoScenario s(2);
        s.Build();
        s.AddFlow(2, 0, Seconds(5), Seconds(14), MilliSeconds(20), 9001);
        s.AddFlow(0, 2, Seconds(5.01), Seconds(14), MilliSeconds(20), 9002);
        s.FailUplink(0, 0, Seconds(10), VirtualOperatorTopologyHelper::INTERFACE_DOWN);
        s.Run(Seconds(14));
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 0, RoPeerEvent::CR_MOVED), 1u, "A moved its end");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 2, RoPeerEvent::PAIR_SWITCHED), 1u, "C followed");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 2, RoPeerEvent::FALLBACK), 0u, "C never fell back");
        RocEntry* e = s.network.mobileRouters[2]->GetRouteOptimizer()->GetCache().Find(
            s.topology.sites[0].homeAddress);
        NS_TEST_ASSERT_MSG_EQ(e->tunnel->GetRemote(),
                              s.topology.sites[0].uplinks[1].careOfAddress,
                              "C's tunnel ends at A's second address");
        for (uint16_t port : {9001, 9002})
        {
            const auto& flow = s.flows[port];
            Time longestGap(0);
            for (size_t i = 1; i < flow.size(); ++i)
            {
                longestGap = std::max(longestGap, flow[i].at - flow[i - 1].at);
            }
            std::clog << "CR move, port " << port << ": longest gap " << longestGap.As(Time::MS)
                      << std::endl;
            NS_TEST_ASSERT_MSG_LT(longestGap, MilliSeconds(300), "outage, port " << port);
            NS_TEST_ASSERT_MSG_EQ(unsigned(flow.back().ttl), 62u, "direct again, port " << port);
        }
    }
};

} // namespace

std::vector<TestCase*>
ns3::haarotest::RoTunnelsTestCases()
{
    std::vector<TestCase*> cases;
    cases.push_back(new GreTestCase(false));
    cases.push_back(new GreTestCase(true));
    cases.push_back(new RrRetransmissionTestCase);
    cases.push_back(new PairFailoverTestCase(false));
    cases.push_back(new PairFailoverTestCase(true));
    cases.push_back(new CrFollowsProvenPairTestCase);
    cases.push_back(new CorrespondentMoveTestCase);
    return cases;
}
