/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The route optimization suite (haaro-ro), several peers at once:
 * concurrent requests (C14, R24), deregistration, a full mesh, a network the Home Agent
 * does not advertise.
 */
#include "haaro-ro-test-suite.h"

#include <set>

using namespace ns3;
using namespace ns3::haarotest;

namespace
{

/// \param e an event \return true if it is a fallback after keepalives went unanswered
bool
IsKeepaliveTimeout(const RoPeerEventInfo& e)
{
    return e.event == RoPeerEvent::FALLBACK && (e.reason == RoFallbackReason::KEEPALIVE_TIMEOUT ||
                                                e.reason == RoFallbackReason::AWAITING_PEER_PROBES);
}

/**
 * \brief Ipv4L3Protocol Tx trace sink: keeps the MIP Registration Requests (UDP payload)
 * a router sends to one destination.
 * \param out requests, in order \param dst the destination \param p the packet
 */
void
CaptureRequests(std::vector<MipBytes>* out,
                Ipv4Address dst,
                Ptr<const Packet> p,
                Ptr<Ipv4>,
                uint32_t)
{
    Ptr<Packet> copy = p->Copy();
    Ipv4Header ip;
    UdpHeader udp;
    copy->RemoveHeader(ip);
    if (ip.GetProtocol() != UdpL4Protocol::PROT_NUMBER || ip.GetDestination() != dst)
    {
        return;
    }
    copy->RemoveHeader(udp);
    MipBytes bytes(copy->GetSize());
    copy->CopyData(bytes.data(), bytes.size());
    if (MipPeekMessageType(bytes) == MIP_REGISTRATION_REQUEST)
    {
        out->push_back(bytes);
    }
}

/// \return the number of distinct sequence numbers of a flow that arrived
size_t
DistinctSeqs(const std::vector<RoScenario::Arrival>& flow)
{
    std::set<uint32_t> seqs;
    for (const auto& a : flow)
    {
        seqs.insert(a.seq);
    }
    return seqs.size();
}

/// \return the time of the first event of a router of this kind, or -1 s
Time
FirstEvent(const RoScenario& s, uint32_t router, RoPeerEvent event)
{
    for (const auto& e : s.events)
    {
        if (e.router == router && e.info.event == event)
        {
            return e.at;
        }
    }
    return Seconds(-1);
}

/**
 * \ingroup haaro-tests
 * RFC 6521 section 3.3.3 (C14, R24): MR A and MR C know each other and start route
 * optimization at the same instant. Their requests cross; A, whose home address is smaller,
 * pre-accepts C's with code 2, C accepts A's with code 0, and both end up with an active
 * direct tunnel.
 */
class ConcurrentTestCase : public TestCase
{
  public:
    ConcurrentTestCase()
        : TestCase("concurrent establishment: the smaller home address pre-accepts (code 2)")
    {
    }

  private:
    void DoRun() override
    {
        RoScenario s;
        s.Build();
        // MR A registers at 1 s with a 10 s lifetime: its renewal (at 9 s) brings the
        // advertisement of B and C, so that both A and C know each other's networks.
        s.network.mobileRouters[0]->SetAttribute("Lifetime", UintegerValue(10));
        s.AddFlow(0, 2, Seconds(12), Seconds(20), MilliSeconds(100), 9001);
        s.AddFlow(2, 0, Seconds(12), Seconds(20), MilliSeconds(100), 9002);
        s.Run(Seconds(20.5));
        Ipv4Address hoaA = s.topology.sites[0].homeAddress;
        Ipv4Address hoaC = s.topology.sites[2].homeAddress;
        NS_TEST_ASSERT_MSG_LT(hoaA.Get(), hoaC.Get(), "A has the smaller home address");
        RouteOptimizer& roA = *s.network.mobileRouters[0]->GetRouteOptimizer();
        RouteOptimizer& roC = *s.network.mobileRouters[2]->GetRouteOptimizer();
        NS_TEST_ASSERT_MSG_NE(roA.GetCache().Find(hoaC), nullptr, "MR A learned MR C");

        // Both started return routability (no solicitation needed) at the same time.
        Time rrA = FirstEvent(s, 0, RoPeerEvent::RR_STARTED);
        Time rrC = FirstEvent(s, 2, RoPeerEvent::RR_STARTED);
        NS_TEST_ASSERT_MSG_GT_OR_EQ(rrA, Seconds(12), "MR A started RO with the flow");
        NS_TEST_ASSERT_MSG_LT(Abs(rrA - rrC), MilliSeconds(10), "both at once");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 0, RoPeerEvent::SOLICIT), 0u, "no solicitation");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 2, RoPeerEvent::SOLICIT), 0u, "no solicitation");
        // The requests crossed: each router received the other's while its own was pending.
        int txA = s.Find(0, "tx RRQ");
        int rxA = s.Find(0, "rx RRQ");
        int rrpA = s.Find(0, "rx RRP");
        NS_TEST_ASSERT_MSG_NE(txA, -1, "MR A sent a request");
        NS_TEST_ASSERT_MSG_NE(rxA, -1, "MR A received one");
        NS_TEST_ASSERT_MSG_NE(rrpA, -1, "MR A got a reply");
        NS_TEST_ASSERT_MSG_LT(txA, rxA, "A's own request was pending when C's arrived");
        NS_TEST_ASSERT_MSG_LT(rxA, rrpA, "A's own request was pending when C's arrived");

        // A (smaller) answered code 2, C (larger) code 0.
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 2, RoPeerEvent::REGISTRATION_PRE_ACCEPTED),
                              1u,
                              "MR A pre-accepted MR C's request (code 2)");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 0, RoPeerEvent::REGISTRATION_PRE_ACCEPTED),
                              0u,
                              "MR C did not answer code 2");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 0, RoPeerEvent::REGISTRATION_ACCEPTED),
                              1u,
                              "MR C accepted MR A's request (code 0)");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 0, RoPeerEvent::PEER_REGISTERED),
                              1u,
                              "C registered with A");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 2, RoPeerEvent::PEER_REGISTERED),
                              1u,
                              "A registered with C");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 0, RoPeerEvent::FALLBACK), 0u, "no fallback at A");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 2, RoPeerEvent::FALLBACK), 0u, "no fallback at C");

        // Both have an active direct tunnel, the same pair of care-of addresses.
        RocEntry* cAtA = roA.GetCache().Find(hoaC);
        RocEntry* aAtC = roC.GetCache().Find(hoaA);
        NS_TEST_ASSERT_MSG_NE(aAtC, nullptr, "MR C knows MR A");
        NS_TEST_ASSERT_MSG_EQ(cAtA->tunnelActive, true, "A's direct tunnel active");
        NS_TEST_ASSERT_MSG_EQ(aAtC->tunnelActive, true, "C's direct tunnel active");
        NS_TEST_ASSERT_MSG_EQ(cAtA->registeredWithPeer, true, "A registered with C");
        NS_TEST_ASSERT_MSG_EQ(aAtC->registeredWithPeer, true, "C registered with A");
        NS_TEST_ASSERT_MSG_EQ(cAtA->tunnel->GetRemote(),
                              s.topology.sites[2].uplinks[0].careOfAddress,
                              "A tunnels to C's care-of address");
        NS_TEST_ASSERT_MSG_EQ(aAtC->tunnel->GetRemote(),
                              s.topology.sites[0].uplinks[0].careOfAddress,
                              "C tunnels to A's care-of address");
        NS_TEST_ASSERT_MSG_EQ(s.network.mobileRouters[0]->GetTunnelManager()->GetTunnelCount(),
                              2u,
                              "A: the HA tunnel and one direct tunnel");
        NS_TEST_ASSERT_MSG_EQ(s.network.mobileRouters[2]->GetTunnelManager()->GetTunnelCount(),
                              2u,
                              "C: the HA tunnel and one direct tunnel");
        NS_TEST_ASSERT_MSG_EQ(s.setups.size(), 2u, "one setup at each router");
        for (const auto& [router, latency] : s.setups)
        {
            std::cout << "    concurrent: setup latency at MR " << router << " "
                      << latency.GetSeconds() * 1000 << " ms" << std::endl;
            NS_TEST_ASSERT_MSG_LT(latency, MilliSeconds(300), "quick setup");
        }
        for (uint16_t port : {9001, 9002})
        {
            const auto& flow = s.flows[port];
            NS_TEST_ASSERT_MSG_GT_OR_EQ(flow.size(), 79u, "no loss on flow " << port);
            NS_TEST_ASSERT_MSG_EQ(DistinctSeqs(flow), flow.size(), "no duplicate " << port);
            NS_TEST_ASSERT_MSG_EQ(flow.back().seq + 1, flow.size(), "no gap, flow " << port);
            NS_TEST_ASSERT_MSG_EQ(unsigned(flow.front().ttl), 61u, "first via the HA");
            NS_TEST_ASSERT_MSG_EQ(unsigned(flow.back().ttl), 62u, "last direct, " << port);
        }
    }
};

/**
 * \ingroup haaro-tests
 * RFC 6521 section 3.3.6 (R20, C15): MR C stops (DeregisterOnStop): it sends a
 * lifetime-0 request to MR A, authenticated with SHA1(home keygen token); MR A accepts it,
 * stops routing into the direct tunnel and removes the tunnel after the grace period.
 */
class DeregistrationTestCase : public TestCase
{
  public:
    DeregistrationTestCase()
        : TestCase("de-registration with every known CR when the MR stops")
    {
    }

  private:
    void DoRun() override
    {
        RoScenario s;
        s.Build();
        s.AddFlow(0, 2, Seconds(5), Seconds(9), MilliSeconds(100), 9001);
        s.AddFlow(2, 0, Seconds(5.05), Seconds(9), MilliSeconds(100), 9002);
        s.network.mobileRouters[2]->SetAttribute("DeregisterOnStop", BooleanValue(true));
        s.network.mobileRouters[2]->SetStopTime(Seconds(10));
        Ipv4Address hoaA = s.topology.sites[0].homeAddress;
        Ipv4Address hoaC = s.topology.sites[2].homeAddress;
        Ipv4Address coaC = s.topology.sites[2].uplinks[0].careOfAddress;
        std::vector<MipBytes> requests;
        s.topology.sites[2].mobileRouter->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
            "Tx",
            MakeBoundCallback(&CaptureRequests, &requests, hoaA));
        Ptr<MobileRouter> mrA = s.network.mobileRouters[0];
        bool activeBefore = false;
        size_t tunnelsBefore = 0;
        size_t tunnelsInGrace = 0;
        size_t tunnelsAfter = 0;
        HaaroSchedule(Seconds(9.9), [&]() {
            activeBefore = mrA->GetRouteOptimizer()->GetCache().Find(hoaC)->tunnelActive;
            tunnelsBefore = mrA->GetTunnelManager()->GetTunnelCount();
        });
        HaaroSchedule(Seconds(15),
                      [&]() { tunnelsInGrace = mrA->GetTunnelManager()->GetTunnelCount(); });
        HaaroSchedule(Seconds(20.5),
                      [&]() { tunnelsAfter = mrA->GetTunnelManager()->GetTunnelCount(); });
        s.Run(Seconds(21));

        NS_TEST_ASSERT_MSG_EQ(activeBefore, true, "RO between A and C was up");
        NS_TEST_ASSERT_MSG_EQ(tunnelsBefore, 2u, "A: HA tunnel and the direct tunnel");
        // MR C's de-registration, sent to MR A's home address from its care-of address.
        int dereg = -1;
        for (size_t i = 0; i < s.events.size(); ++i)
        {
            if (s.events[i].router == 2 &&
                s.events[i].info.event == RoPeerEvent::DEREGISTRATION_SENT)
            {
                dereg = static_cast<int>(i);
            }
        }
        NS_TEST_ASSERT_MSG_NE(dereg, -1, "MR C de-registered from MR A");
        NS_TEST_ASSERT_MSG_EQ(s.events[dereg].at, Seconds(10), "when it stopped");
        NS_TEST_ASSERT_MSG_EQ(requests.empty(), false, "captured MR C's requests to MR A");
        MipRegistrationRequest rrq;
        NS_TEST_ASSERT_MSG_NE(rrq.FromBytes(requests.back()), 0u, "the last one parses");
        NS_TEST_ASSERT_MSG_EQ(rrq.GetLifetime(), 0, "lifetime 0");
        NS_TEST_ASSERT_MSG_EQ(rrq.GetHomeAddress(), hoaC, "MR C's home address");
        NS_TEST_ASSERT_MSG_EQ(rrq.GetCareOfAddress(), coaC, "from MR C's care-of address");
        std::optional<McAuthExtension> auth = McAuthExtension::Find(rrq);
        NS_TEST_ASSERT_MSG_EQ(auth.has_value(), true, "Mobile-Correspondent Authentication");
        NS_TEST_ASSERT_MSG_EQ(auth->GetCareOfNonceIndex(), 0, "care-of nonce index unused");
        const RrRecord* rr =
            s.network.mobileRouters[2]->GetRouteOptimizer()->GetCache().Find(hoaA)->FindRr(coaC);
        NS_TEST_ASSERT_MSG_NE(rr, nullptr, "MR C's return routability record");
        NS_TEST_ASSERT_MSG_EQ((McAuthExtension::Verify(rrq,
                                                       ReturnRoutabilityKeys::DeregistrationKey(
                                                           rr->homeToken)) == McAuthResult::OK),
                              true,
                              "authenticated with KRm = SHA1(home keygen token)");
        NS_TEST_ASSERT_MSG_EQ((McAuthExtension::Verify(rrq, rr->krm) == McAuthResult::OK),
                              false,
                              "not with the registration KRm");
        NS_TEST_ASSERT_MSG_EQ(MobileNetworkRequestExtension::FindAll(rrq).size(),
                              0u,
                              "no prefixes in a de-registration");

        // MR A accepted it and took MR C's routes away; the tunnel goes after the grace.
        Time deregAtA = FirstEvent(s, 0, RoPeerEvent::PEER_DEREGISTERED);
        NS_TEST_ASSERT_MSG_GT(deregAtA, Seconds(10), "MR A accepted the de-registration");
        NS_TEST_ASSERT_MSG_LT(deregAtA, Seconds(10.1), "at once");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 0, RoPeerEvent::REQUEST_UNAUTHENTICATED),
                              0u,
                              "authentic");
        std::cout << "    de-registration reached MR A after "
                  << (deregAtA - Seconds(10)).GetSeconds() * 1000 << " ms" << std::endl;
        RocEntry* c = mrA->GetRouteOptimizer()->GetCache().Find(hoaC);
        NS_TEST_ASSERT_MSG_EQ(c->tunnelActive, false, "no longer routed into the tunnel");
        NS_TEST_ASSERT_MSG_EQ(c->peerRegistered, false, "MR C no longer registered");
        NS_TEST_ASSERT_MSG_EQ(c->tunnel, nullptr, "no direct tunnel for MR C");
        NS_TEST_ASSERT_MSG_EQ(tunnelsInGrace, 2u, "tunnel kept during the grace period");
        NS_TEST_ASSERT_MSG_EQ(tunnelsAfter, 1u, "tunnel removed after the grace period");
        NS_TEST_ASSERT_MSG_EQ(
            mrA->GetTunnelManager()->FindTunnel(s.topology.sites[0].uplinks[0].careOfAddress,
                                                coaC,
                                                MipEncapsulation::IP_IN_IP),
            nullptr,
            "the direct tunnel is gone");
        // MR A's keepalives towards MR C stopped with the de-registration.
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 0, IsKeepaliveTimeout), 0u, "no keepalive timeout");
    }
};

/**
 * \ingroup haaro-tests
 * RFC 6521 section 3.3.1 (full mesh): without any data, MR C, which learns A and B when it
 * registers, sets up direct tunnels with both.
 */
class FullMeshTestCase : public TestCase
{
  public:
    FullMeshTestCase()
        : TestCase("full mesh: direct tunnels with every advertised router without data")
    {
    }

  private:
    void DoRun() override
    {
        RoScenario s;
        s.nemo.SetRouteOptimizerAttribute("FullMesh", BooleanValue(true));
        s.Build();
        s.Run(Seconds(8));
        std::vector<Time> atC;
        for (const auto& [router, latency] : s.setups)
        {
            if (router == 2)
            {
                atC.push_back(latency);
                std::cout << "    full mesh: MR C setup latency " << latency.GetSeconds() * 1000
                          << " ms" << std::endl;
            }
        }
        NS_TEST_ASSERT_MSG_EQ(atC.size(), 2u, "MR C set up RO with A and B");
        Time firstRr = FirstEvent(s, 2, RoPeerEvent::RR_STARTED);
        NS_TEST_ASSERT_MSG_GT(firstRr, Seconds(3), "after C's registration");
        NS_TEST_ASSERT_MSG_LT(firstRr, Seconds(3.2), "right after C's registration");
        RouteOptimizer& roC = *s.network.mobileRouters[2]->GetRouteOptimizer();
        for (uint32_t peer : {0u, 1u})
        {
            RocEntry* e = roC.GetCache().Find(s.topology.sites[peer].homeAddress);
            NS_TEST_ASSERT_MSG_NE(e, nullptr, "MR C knows site " << peer);
            NS_TEST_ASSERT_MSG_EQ(e->tunnelActive, true, "direct tunnel to site " << peer);
            NS_TEST_ASSERT_MSG_EQ(e->registeredWithPeer, true, "registered with " << peer);
            NS_TEST_ASSERT_MSG_EQ(e->tunnel->GetRemote(),
                                  s.topology.sites[peer].uplinks[0].careOfAddress,
                                  "to its care-of address");
        }
        for (uint32_t i = 0; i < 3; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(s.network.mobileRouters[i]->GetTunnelManager()->GetTunnelCount(),
                                  3u,
                                  "MR " << i << ": the HA tunnel and two direct tunnels");
            NS_TEST_ASSERT_MSG_EQ(CountEvents(s, i, RoPeerEvent::FALLBACK),
                                  0u,
                                  "no fallback at " << i);
        }
        // Every pair registered both ways: B with A when it learned A (2 s), C with A and B;
        // A and B, learning the initiator's networks from the HA (solicitation), set up
        // route optimization in return.
        for (uint32_t i = 0; i < 3; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(CountEvents(s, i, RoPeerEvent::PEER_REGISTERED),
                                  2u,
                                  "both others registered with MR " << i);
        }
        NS_TEST_ASSERT_MSG_EQ(s.setups.size(), 6u, "each router's RO with each other router");
    }
};

/**
 * \ingroup haaro-tests
 * RFC 6521 section 3.1 (A flag): MR A registers with AdvertiseNetworks=false; the HA never
 * advertises it, so no router starts route optimization towards it, even with traffic,
 * and that traffic still flows via the HA.
 */
class NotAdvertisedTestCase : public TestCase
{
  public:
    NotAdvertisedTestCase()
        : TestCase("a router registered with A=0 is never a route optimization target")
    {
    }

  private:
    void DoRun() override
    {
        RoScenario s;
        s.Build();
        s.network.mobileRouters[0]->SetAttribute("AdvertiseNetworks", BooleanValue(false));
        // MR B and MR C renew at 10 and 11 s: those advertisements leave MR A out too.
        s.network.mobileRouters[1]->SetAttribute("Lifetime", UintegerValue(10));
        s.network.mobileRouters[2]->SetAttribute("Lifetime", UintegerValue(10));
        s.AddFlow(2, 0, Seconds(5), Seconds(14), MilliSeconds(100), 9002);
        s.AddFlow(1, 0, Seconds(5), Seconds(14), MilliSeconds(100), 9003);
        s.AddFlow(0, 2, Seconds(5.05), Seconds(14), MilliSeconds(100), 9001);
        s.Run(Seconds(14.5));
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 2, RoPeerEvent::ADVERTISEMENT),
                              2u,
                              "MR C: B at 3 and 11 s");
        Ipv4Address hoaA = s.topology.sites[0].homeAddress;
        for (uint32_t i : {1u, 2u})
        {
            RouteOptimizer& ro = *s.network.mobileRouters[i]->GetRouteOptimizer();
            NS_TEST_ASSERT_MSG_EQ(ro.GetCache().Find(hoaA), nullptr, "MR " << i << ": no A");
            NS_TEST_ASSERT_MSG_EQ(ro.GetCache().Lookup(s.topology.sites[0].hostAddresses[0]),
                                  nullptr,
                                  "MR " << i << ": network A not in the ROC");
        }
        // MR C did learn MR B (the HA still advertises the others).
        NS_TEST_ASSERT_MSG_NE(s.network.mobileRouters[2]->GetRouteOptimizer()->GetCache().Find(
                                  s.topology.sites[1].homeAddress),
                              nullptr,
                              "MR C knows MR B");
        size_t toA = 0;
        for (const auto& m : s.messages)
        {
            toA += m.dst == hoaA && m.what.rfind("tx ", 0) == 0;
        }
        NS_TEST_ASSERT_MSG_EQ(toA, 0u, "no HoTI, CoTI or RRQ sent to MR A");
        NS_TEST_ASSERT_MSG_EQ(s.Find(1, "tx HoTI"), -1, "MR B started nothing");
        NS_TEST_ASSERT_MSG_EQ(s.Find(2, "tx HoTI"), -1, "MR C started nothing");
        NS_TEST_ASSERT_MSG_EQ(s.setups.size(), 0u, "no route optimization");
        for (uint16_t port : {9001, 9002, 9003})
        {
            const auto& flow = s.flows[port];
            NS_TEST_ASSERT_MSG_GT_OR_EQ(flow.size(), 89u, "no loss on flow " << port);
            for (const auto& a : flow)
            {
                NS_TEST_ASSERT_MSG_EQ(unsigned(a.ttl), 61u, "via the HA, flow " << port);
            }
        }
        for (uint32_t i = 0; i < 3; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(s.network.mobileRouters[i]->GetTunnelManager()->GetTunnelCount(),
                                  1u,
                                  "MR " << i << ": only the HA tunnel");
        }
    }
};

} // namespace

std::vector<TestCase*>
ns3::haarotest::RoPeersTestCases()
{
    std::vector<TestCase*> cases;
    cases.push_back(new ConcurrentTestCase);
    cases.push_back(new DeregistrationTestCase);
    cases.push_back(new FullMeshTestCase);
    cases.push_back(new NotAdvertisedTestCase);
    return cases;
}
