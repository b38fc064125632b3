/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The route optimization suite (haaro-ro), the basic exchanges: RFC 6521
 * figure F15, the UDP tunnel, peers spread over Home Agents, the correspondent router's
 * checks, unconfirmed prefixes, a legacy peer, fallback and handover.
 */
#include "haaro-ro-test-suite.h"

using namespace ns3;
using namespace ns3::haarotest;

namespace
{

/**
 * \ingroup haaro-tests
 * RFC 6521 figure F15: Node A and Node C talk; MR C (which knows network A) starts route
 * optimization, MR A solicits the HA for network C, and data moves to the direct tunnel in
 * both directions.
 */
class F15TestCase : public TestCase
{
  public:
    F15TestCase()
        : TestCase("F15: route optimization with return routability, message by message")
    {
    }

  private:
    void DoRun() override
    {
        RoScenario s;
        // IP in IP: setup latency T_RR + T_REG of notes 1.8 (UdpTunnelTestCase adds T_KA).
        s.nemo.SetRouteOptimizerAttribute("Encapsulation", StringValue("IpInIp"));
        s.Build();
        // F15 steps 1-2: Node A -> Node C (MR A does not know network C: nothing happens),
        // then Node C -> Node A (MR C knows network A: it starts route optimization).
        s.AddFlow(0, 2, Seconds(5), Seconds(15), MilliSeconds(100), 9001);
        s.AddFlow(2, 0, Seconds(5.05), Seconds(15), MilliSeconds(100), 9002);
        Ptr<HomeAgent> ha = s.network.homeAgent;
        // The HA answers the routers' path probes through their tunnels: not forwarding.
        std::map<uint32_t, uint64_t> probeAnswers;
        ha->TraceConnectWithoutContext(
            "KeepaliveAnswered",
            MakeBoundCallback(
                +[](std::map<uint32_t, uint64_t>* out, Ipv4Address hoa, Ipv4Address, uint16_t) {
                    (*out)[hoa.Get()]++;
                },
                &probeAnswers));
        auto haTx = [&s, ha, &probeAnswers]() {
            uint64_t n = 0;
            for (uint32_t i : {0u, 2u})
            {
                n += ha->GetBindingTable()
                         ->FindBinding(s.topology.sites[i].homeAddress,
                                       s.topology.sites[i].uplinks[0].careOfAddress)
                         ->tunnel->GetTxPackets() -
                     probeAnswers[s.topology.sites[i].homeAddress.Get()];
            }
            return n;
        };
        uint64_t haAt6 = 0;
        HaaroSchedule(Seconds(6), [&]() { haAt6 = haTx(); });
        s.Run(Seconds(15.5));

        // The sequence of RFC 6521 figure F15, message by message (MR A = 0, MR C = 2).
        const std::vector<std::pair<uint32_t, std::string>> steps1To11 = {{2, "tx HoTI"},
                                                                          {2, "tx CoTI"},
                                                                          {0, "rx HoTI"},
                                                                          {0, "tx HoT"},
                                                                          {0, "rx CoTI"},
                                                                          {0, "tx CoT"},
                                                                          {2, "rx HoT"},
                                                                          {2, "rx CoT"},
                                                                          {2, "tx RRQ"},
                                                                          {0, "rx RRQ"},
                                                                          {0, "tx RRP"},
                                                                          {2, "rx RRP"}};
        // Step 12, the mutual registration (RFC 6521 section 3.3.3: RECOMMENDED; attribute
        // MutualRegistration): once MR C's first keepalive came through, MR A runs return
        // routability with MR C and registers with it, the same messages the other way.
        std::vector<std::pair<uint32_t, std::string>> expected = steps1To11;
        for (const auto& [router, what] : steps1To11)
        {
            expected.emplace_back(2 - router, what);
        }
        NS_TEST_ASSERT_MSG_EQ(s.messages.size(), expected.size(), "exactly the F15 messages");
        for (size_t i = 0; i < expected.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(s.messages[i].router, expected[i].first, "message " << i);
            NS_TEST_ASSERT_MSG_EQ(s.messages[i].what, expected[i].second, "message " << i);
        }
        // Step 9: MR A solicited the HA for network C between the RRQ and its reply.
        bool solicited = false;
        for (const auto& e : s.events)
        {
            solicited |= e.router == 0 && e.info.event == RoPeerEvent::SOLICIT &&
                         e.at >= s.messages[9].at && e.at <= s.messages[10].at;
        }
        NS_TEST_ASSERT_MSG_EQ(solicited, true, "MR A solicited network C from the HA");

        // Setup latency against the analytic expectation (protocol notes 1.8): T_RR =
        // 2(dC + dA), T_REG = 2(dC + dA) + 2 dA (MR A solicits the HA), IP in IP: no
        // keepalive gating.
        NS_TEST_ASSERT_MSG_EQ(s.setups.size(), 2u, "set up by MR C, then by MR A (step 12)");
        NS_TEST_ASSERT_MSG_EQ(s.setups[0].first, 2u, "MR C first");
        NS_TEST_ASSERT_MSG_EQ(s.setups[1].first, 0u, "then MR A's own registration");
        double d = RoScenario::ONE_WAY_TO_HA_MS;
        double expectedMs = 4 * (d + d) + 2 * d;
        double measuredMs = s.setups[0].second.GetSeconds() * 1000;
        std::cout << "    F15 setup latency " << measuredMs << " ms (analytic " << expectedMs
                  << " ms)" << std::endl;
        NS_TEST_ASSERT_MSG_EQ_TOL(measuredMs, expectedMs, 3.0, "setup latency");
        // Step 12: T_RR + T_REG, no solicitation (MR C knows network A from the HA).
        double mutualMs = s.setups[1].second.GetSeconds() * 1000;
        std::cout << "    F15 step 12 (MR A's own registration) " << mutualMs << " ms (analytic "
                  << 4 * (d + d) << " ms)" << std::endl;
        NS_TEST_ASSERT_MSG_EQ_TOL(mutualMs, 4 * (d + d), 3.0, "mutual registration latency");

        // Data: via the HA first (3 router hops), then on the direct tunnel (2 hops: MR C,
        // MR A) with the HA no longer forwarding anything for A or C.
        for (uint16_t port : {9001, 9002})
        {
            const auto& flow = s.flows[port];
            // None lost, not even at the switch: the CR sends into the tunnel only after the
            // MR's first keepalive came through it.
            NS_TEST_ASSERT_MSG_EQ(flow.size(), 100u, "no loss on flow " << port);
            NS_TEST_ASSERT_MSG_EQ(unsigned(flow.front().ttl), 61u, "first datagram via the HA");
            NS_TEST_ASSERT_MSG_EQ(unsigned(flow.back().ttl), 62u, "last datagram direct");
            // One-way delays: via the HA 2 x 17 ms of links, direct 2 x 10 ms (uplinks only);
            // the first datagram may also wait for ARP, so take the last of each kind.
            Time viaHa(0);
            for (const auto& a : flow)
            {
                viaHa = a.ttl == 61 ? a.delay : viaHa;
            }
            NS_TEST_ASSERT_MSG_EQ_TOL(viaHa.GetSeconds() * 1000,
                                      2 * RoScenario::ONE_WAY_TO_HA_MS,
                                      1.0,
                                      "delay via the HA");
            NS_TEST_ASSERT_MSG_EQ_TOL(flow.back().delay.GetSeconds() * 1000,
                                      20.0,
                                      1.0,
                                      "direct delay");
        }
        NS_TEST_ASSERT_MSG_EQ(haTx(), haAt6, "the HA forwarded nothing for A or C after RO");
    }
};

/**
 * \ingroup haaro-tests
 * Attacks on the correspondent router: a replayed registration request (133), the same
 * request after its nonces expired (203), and one with a forged authenticator (131,
 * unsigned, nothing else).
 */
class CorrespondentChecksTestCase : public TestCase
{
  public:
    CorrespondentChecksTestCase()
        : TestCase("CR checks: replayed request, expired nonces, forged authenticator")
    {
    }

  private:
    void DoRun() override
    {
        RoScenario s;
        s.Build();
        s.AddFlow(2, 0, Seconds(5), Seconds(6), MilliSeconds(100), 9002);
        // Capture MR C's request to MR A as it leaves (a node on the path could).
        MipBytes captured;
        std::vector<uint8_t> replyCodes;
        Ptr<Node> mrC = s.topology.sites[2].mobileRouter;
        Ipv4Address hoaA = s.topology.sites[0].homeAddress;
        HaaroSchedule(Seconds(3.5), [&]() {
            s.network.mobileRouters[2]->GetTunnelManager(); // started by then
            Ptr<Ipv4L3Protocol> ipv4 = mrC->GetObject<Ipv4L3Protocol>();
            ipv4->TraceConnectWithoutContext(
                "Tx",
                MakeBoundCallback(
                    +[](MipBytes* out, Ipv4Address a, Ptr<const Packet> p, Ptr<Ipv4>, uint32_t) {
                        Ptr<Packet> copy = p->Copy();
                        Ipv4Header ip;
                        UdpHeader udp;
                        copy->RemoveHeader(ip);
                        if (out->empty() && ip.GetProtocol() == 17 && ip.GetDestination() == a)
                        {
                            copy->RemoveHeader(udp);
                            MipBytes bytes(copy->GetSize());
                            copy->CopyData(bytes.data(), bytes.size());
                            if (MipPeekMessageType(bytes) == MIP_REGISTRATION_REQUEST)
                            {
                                *out = bytes;
                            }
                        }
                    },
                    &captured,
                    hoaA));
        });
        // An attacker replays it from MR C's care-of address (a copy from any other address
        // would already fail authentication: the care-of token is bound to the source), and
        // sends a forged copy.
        const VirtualOperatorUplink& uplinkC = s.topology.sites[2].uplinks[0];
        Ptr<Socket> attacker = Socket::CreateSocket(mrC, UdpSocketFactory::GetTypeId());
        attacker->Bind(InetSocketAddress(uplinkC.careOfAddress, 0));
        attacker->BindToNetDevice(uplinkC.mrDevice);
        attacker->SetRecvCallback(
            MakeFunctorCallback<void, Ptr<Socket>>([&replyCodes](Ptr<Socket> socket) {
                Ptr<Packet> p;
                while ((p = socket->Recv()))
                {
                    MipBytes bytes(p->GetSize());
                    p->CopyData(bytes.data(), bytes.size());
                    MipRegistrationReply rrp;
                    if (rrp.FromBytes(bytes))
                    {
                        replyCodes.push_back(rrp.GetCode());
                    }
                }
            }));
        auto send = [&](MipBytes bytes) {
            attacker->SendTo(Create<Packet>(bytes.data(), bytes.size()),
                             0,
                             InetSocketAddress(hoaA, MIP_UDP_PORT));
        };
        HaaroSchedule(Seconds(10), [&]() { send(captured); }); // replay
        HaaroSchedule(Seconds(11), [&]() {
            MipBytes forged = captured;
            forged.back() ^= 0x01; // authenticator
            send(forged);
        });
        HaaroSchedule(Seconds(300), [&]() { send(captured); }); // nonces expired
        s.Run(Seconds(301));
        NS_TEST_ASSERT_MSG_EQ(captured.empty(), false, "captured the request");
        // Issue 12: the forgery is answered too, with 131 (RFC 6521 section 3.3.3: "an
        // appropriate Registration Reply code is sent"; it was dropped silently before).
        NS_TEST_ASSERT_MSG_EQ(replyCodes.size(),
                              3u,
                              "answers to the replay, the forgery and the stale copy");
        NS_TEST_ASSERT_MSG_EQ(unsigned(replyCodes[0]),
                              unsigned(MIP_REPLY_HA_ID_MISMATCH),
                              "replay refused");
        NS_TEST_ASSERT_MSG_EQ(unsigned(replyCodes[1]),
                              unsigned(MIP_REPLY_HA_MN_AUTH_FAILED),
                              "forgery refused (unsigned 131)");
        NS_TEST_ASSERT_MSG_EQ(unsigned(replyCodes[2]),
                              unsigned(MIP_REPLY_CR_EXPIRED_NONCES),
                              "expired nonces");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 0, RoPeerEvent::REQUEST_UNAUTHENTICATED),
                              1u,
                              "forgery not acted on");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 0, RoPeerEvent::PEER_REGISTERED),
                              1u,
                              "only the genuine registration");
    }
};

/**
 * \ingroup haaro-tests
 * A router claims a prefix the HA never confirmed: the CR asks the HA, then answers
 * MOBNET_UNAUTHORIZED for it and never routes it into the direct tunnel.
 */
class UnconfirmedPrefixTestCase : public TestCase
{
  public:
    UnconfirmedPrefixTestCase()
        : TestCase("a prefix the HA never confirmed is refused by the CR")
    {
    }

  private:
    void DoRun() override
    {
        RoScenario s;
        s.Build();
        s.network.mobileRouters[2]->AddMobileNetwork(Ipv4Address("10.250.0.0"), 24);
        s.AddFlow(2, 0, Seconds(5), Seconds(7), MilliSeconds(100), 9002);
        s.Run(Seconds(7.5));
        RouteOptimizationCache& roc = s.network.mobileRouters[0]->GetRouteOptimizer()->GetCache();
        RocEntry* c = roc.Find(s.topology.sites[2].homeAddress);
        NS_TEST_ASSERT_MSG_NE(c, nullptr, "MR A knows MR C");
        NS_TEST_ASSERT_MSG_EQ(c->peerRegistered, true, "registration accepted");
        NS_TEST_ASSERT_MSG_EQ(c->IsConfirmed(MipPrefix{Ipv4Address("10.250.0.0"), 24}),
                              false,
                              "not confirmed");
        NS_TEST_ASSERT_MSG_EQ(roc.Lookup(Ipv4Address("10.250.0.7")), nullptr, "not routed to MR C");
        NS_TEST_ASSERT_MSG_EQ(roc.Lookup(s.topology.sites[2].hostAddresses[0]),
                              c,
                              "the genuine one is");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 0, RoPeerEvent::SOLICIT), 1u, "asked the HA once");
    }
};

/**
 * \ingroup haaro-tests
 * HAARO off at the peer (a legacy router): route optimization times out and traffic stays
 * on the HA path without loss.
 */
class LegacyPeerTestCase : public TestCase
{
  public:
    LegacyPeerTestCase()
        : TestCase("RO refused when HAARO is off at the peer: traffic stays via the HA")
    {
    }

  private:
    void DoRun() override
    {
        RoScenario s;
        s.Build();
        s.network.mobileRouters[0]->SetAttribute("RouteOptimization", BooleanValue(false));
        // MR C is configured with MR A's network and a pre-shared key, so it tries although
        // the HA never advertised MR A.
        HaaroSchedule(Seconds(3.5), [&]() {
            const VirtualOperatorSite& a = s.topology.sites[0];
            s.network.mobileRouters[2]->GetRouteOptimizer()->GetCache().SetPrefix(
                a.homeAddress,
                MipPrefix{a.mnpAddress, a.mnpLength},
                "",
                true);
            s.network.mobileRouters[2]->GetRouteOptimizer()->AddStaticKey(
                s.topology.sites[0].homeAddress,
                MipBytes(20, 0x33));
        });
        s.AddFlow(2, 0, Seconds(5), Seconds(25), MilliSeconds(100), 9002);
        s.Run(Seconds(25.5));
        // Retransmissions after 1, 2, 4 and 8 s: gives up 15 s after the trigger.
        NS_TEST_ASSERT_MSG_GT_OR_EQ(CountEvents(s, 2, RoPeerEvent::FALLBACK),
                                    1u,
                                    "gave up on MR A");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 2, RoPeerEvent::TUNNEL_UP), 0u, "no direct tunnel");
        const auto& flow = s.flows[9002];
        NS_TEST_ASSERT_MSG_GT_OR_EQ(flow.size(), 199u, "no loss");
        NS_TEST_ASSERT_MSG_EQ(unsigned(flow.back().ttl), 61u, "still via the HA");
    }
};

/**
 * \ingroup haaro-tests
 * The CR stops answering keepalives in the direct tunnel: the MR falls back to the HA path
 * within the keepalive timeout, and traffic continues.
 */
class FallbackTestCase : public TestCase
{
  public:
    FallbackTestCase()
        : TestCase("fallback to the HA path when the CR stops answering")
    {
    }

  private:
    void DoRun() override
    {
        RoScenario s;
        s.Build();
        s.AddFlow(2, 0, Seconds(5), Seconds(20), MilliSeconds(50), 9002);
        HaaroSchedule(Seconds(10),
                      [&]() { s.network.mobileRouters[0]->GetRouteOptimizer()->Stop(false); });
        s.Run(Seconds(20.5));
        Time fallback(0);
        for (const auto& e : s.events)
        {
            if (e.router == 2 && e.info.event == RoPeerEvent::FALLBACK &&
                e.info.reason == RoFallbackReason::KEEPALIVE_TIMEOUT)
            {
                fallback = e.at;
            }
        }
        NS_TEST_ASSERT_MSG_GT(fallback, Seconds(10), "fell back after the CR stopped");
        NS_TEST_ASSERT_MSG_LT(fallback, Seconds(14.1), "within keepalive interval x misses (+1)");
        const auto& flow = s.flows[9002];
        NS_TEST_ASSERT_MSG_EQ(unsigned(flow.back().ttl), 61u, "back via the HA");
        NS_TEST_ASSERT_MSG_GT(flow.size(), 280u, "traffic continued (300 sent)");
    }
};

/**
 * \ingroup haaro-tests
 * RFC 6521 figure F16: MR C moves (its primary uplink fails, the backup takes over with
 * another care-of address) while talking to MR A: partial return routability (CoTI only),
 * a new registration, the tunnel retargeted, direct traffic again.
 */
class HandoverTestCase : public TestCase
{
  public:
    HandoverTestCase()
        : TestCase("F16: handover with partial return routability")
    {
    }

  private:
    void DoRun() override
    {
        RoScenario s(2);
        s.Build();
        s.AddFlow(0, 2, Seconds(5), Seconds(20), MilliSeconds(20), 9001);
        s.AddFlow(2, 0, Seconds(5.01), Seconds(20), MilliSeconds(20), 9002);
        s.FailUplink(2, 0, Seconds(10), VirtualOperatorTopologyHelper::INTERFACE_DOWN);
        s.Run(Seconds(20.5));
        size_t afterMove = 0;
        while (afterMove < s.messages.size() && s.messages[afterMove].at < Seconds(10))
        {
            afterMove++;
        }
        NS_TEST_ASSERT_MSG_EQ(s.Find(2, "tx HoTI", afterMove),
                              -1,
                              "no HoTI after the move: the home token is still valid");
        NS_TEST_ASSERT_MSG_NE(s.Find(2, "tx CoTI", afterMove),
                              -1,
                              "CoTI from the new care-of address");
        NS_TEST_ASSERT_MSG_NE(s.Find(2, "rx RRP", afterMove), -1, "re-registered with MR A");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 2, RoPeerEvent::HANDOVER), 1u, "one handover");
        Ipv4Address newCoa = s.topology.sites[2].uplinks[1].careOfAddress;
        RocEntry* c = s.network.mobileRouters[0]->GetRouteOptimizer()->GetCache().Find(
            s.topology.sites[2].homeAddress);
        NS_TEST_ASSERT_MSG_EQ(c->tunnel->GetRemote(), newCoa, "MR A retargeted its tunnel");
        for (uint16_t port : {9001, 9002})
        {
            const auto& flow = s.flows[port];
            NS_TEST_ASSERT_MSG_EQ(unsigned(flow.back().ttl), 62u, "direct again, flow " << port);
            Time outage(0);
            for (size_t i = 1; i < flow.size(); ++i)
            {
                outage = std::max(outage, flow[i].at - flow[i - 1].at);
            }
            std::cout << "    F16 flow " << port << ": longest gap " << outage.As(Time::MS)
                      << std::endl;
            NS_TEST_ASSERT_MSG_LT(outage, Seconds(1), "short outage, flow " << port);
        }
    }
};

/**
 * \ingroup haaro-tests
 * F15 with UDP direct tunnels (RFC 3519 encapsulation, RFC 6521's recommended default):
 * the tunnel carries data only after the first keepalive was answered, so the setup takes
 * one more direct round trip.
 */
class UdpTunnelTestCase : public TestCase
{
  public:
    UdpTunnelTestCase()
        : TestCase("F15 with UDP direct tunnels, gated by the first keepalive")
    {
    }

  private:
    void DoRun() override
    {
        RoScenario s;
        s.nemo.SetRouteOptimizerAttribute("Encapsulation", StringValue("Udp"));
        s.Build();
        s.AddFlow(0, 2, Seconds(5), Seconds(10), MilliSeconds(100), 9001);
        s.AddFlow(2, 0, Seconds(5.05), Seconds(10), MilliSeconds(100), 9002);
        s.Run(Seconds(10.5));
        // MR C, then MR A's own registration (F15 step 12, RFC 6521 section 3.3.3).
        NS_TEST_ASSERT_MSG_EQ(s.setups.size(), 2u, "set up by MR C, then by MR A");
        NS_TEST_ASSERT_MSG_EQ(s.setups[0].first, 2u, "MR C first");
        double d = RoScenario::ONE_WAY_TO_HA_MS;
        double expectedMs = 4 * (d + d) + 2 * d + 2 * 10 * 2; // + one direct round trip (T_KA)
        double measuredMs = s.setups[0].second.GetSeconds() * 1000;
        std::cout << "    UDP setup latency " << measuredMs << " ms (analytic " << expectedMs
                  << " ms)" << std::endl;
        NS_TEST_ASSERT_MSG_EQ_TOL(measuredMs, expectedMs, 3.0, "setup latency incl. the keepalive");
        for (uint32_t router : {0u, 2u})
        {
            uint32_t peer = 2 - router;
            RocEntry* e = s.network.mobileRouters[router]->GetRouteOptimizer()->GetCache().Find(
                s.topology.sites[peer].homeAddress);
            NS_TEST_ASSERT_MSG_EQ(e->tunnelActive, true, "tunnel verified at router " << router);
            NS_TEST_ASSERT_MSG_EQ((e->tunnel->GetEncapsulation() == MipEncapsulation::UDP),
                                  true,
                                  "UDP");
            NS_TEST_ASSERT_MSG_GT(e->tunnel->GetRxPackets(), 40u, "data received through it");
        }
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 2, RoPeerEvent::UDP_TUNNEL_VERIFIED),
                              1u,
                              "MR C verified the path");
        for (uint16_t port : {9001, 9002})
        {
            NS_TEST_ASSERT_MSG_EQ(unsigned(s.flows[port].back().ttl), 62u, "direct, flow " << port);
            NS_TEST_ASSERT_MSG_GT_OR_EQ(s.flows[port].size(), 49u, "no loss, flow " << port);
        }
    }
};

/**
 * \ingroup haaro-tests
 * A care-of address per correspondent router (RoSpreadPeers): a dual-homed MR C in full
 * mesh uses one uplink with MR A and the other with MR B; when one uplink fails, the router
 * it served moves to the other one.
 */
class SpreadPeersTestCase : public TestCase
{
  public:
    SpreadPeersTestCase()
        : TestCase("a care-of address per correspondent router, moved when its uplink fails")
    {
    }

  private:
    void DoRun() override
    {
        RoScenario s(2);
        s.nemo.SetRouteOptimizerAttribute("SpreadPeers", BooleanValue(true));
        s.Build();
        // C talks to A and to B once both of its uplinks are registered.
        s.AddFlow(2, 0, Seconds(5), Seconds(9), MilliSeconds(50), 9001);
        s.AddFlow(2, 1, Seconds(5.01), Seconds(9), MilliSeconds(50), 9002);
        RouteOptimizationCache* roc = nullptr;
        Ipv4Address coaA;
        Ipv4Address coaB;
        HaaroSchedule(Seconds(5.9), [&]() {
            roc = &s.network.mobileRouters[2]->GetRouteOptimizer()->GetCache();
            coaA = roc->Find(s.topology.sites[0].homeAddress)->mrCareOf;
            coaB = roc->Find(s.topology.sites[1].homeAddress)->mrCareOf;
        });
        // MR C's first uplink fails at 6 s (interface down).
        s.FailUplink(2, 0, Seconds(6), VirtualOperatorTopologyHelper::INTERFACE_DOWN);
        s.Run(Seconds(9));
        const VirtualOperatorSite& c = s.topology.sites[2];
        NS_TEST_ASSERT_MSG_NE(coaA, coaB, "A and B are served through different uplinks");
        NS_TEST_ASSERT_MSG_EQ(
            (coaA == c.uplinks[0].careOfAddress || coaA == c.uplinks[1].careOfAddress),
            true,
            "a CoA of C");
        NS_TEST_ASSERT_MSG_EQ(
            (coaB == c.uplinks[0].careOfAddress || coaB == c.uplinks[1].careOfAddress),
            true,
            "a CoA of C");
        for (uint32_t peer : {0u, 1u})
        {
            RocEntry* e = roc->Find(s.topology.sites[peer].homeAddress);
            NS_TEST_ASSERT_MSG_EQ(e->mrCareOf,
                                  c.uplinks[1].careOfAddress,
                                  "on the surviving uplink, peer " << peer);
            NS_TEST_ASSERT_MSG_EQ(e->tunnelActive, true, "direct again, peer " << peer);
        }
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 2, RoPeerEvent::HANDOVER),
                              1u,
                              "only the router on the failed uplink moved");
    }
};

} // namespace

std::vector<TestCase*>
ns3::haarotest::RoBasicsTestCases()
{
    std::vector<TestCase*> cases;
    cases.push_back(new F15TestCase);
    cases.push_back(new UdpTunnelTestCase);
    cases.push_back(new SpreadPeersTestCase);
    cases.push_back(new CorrespondentChecksTestCase);
    cases.push_back(new UnconfirmedPrefixTestCase);
    cases.push_back(new LegacyPeerTestCase);
    cases.push_back(new FallbackTestCase);
    cases.push_back(new HandoverTestCase);
    return cases;
}
