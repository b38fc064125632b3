/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * RFC 6521 route optimization between mobile routers, with real packets on the
 * virtual-operator topology: return routability through the HA, the registration with
 * the correspondent router, the direct tunnel, fallback.
 */
#include "haaro-test-fixture.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/ns3-compat.h"
#include "ns3/test.h"

#include <fstream>
#include <functional>
#include <set>

using namespace ns3;

namespace
{

/**
 * \ingroup haaro-tests
 * Three sites A, B, C (MR 0, 1, 2) registering in that order (F14), with route
 * optimization on, and UDP flows between hosts that record arrival time and TTL.
 */
class RoScenario : public HaaroTestScenario
{
  public:
    /// A message seen by a router's route optimizer.
    struct Message
    {
        Time at;          //!< when
        uint32_t router;  //!< which router saw it
        std::string what; //!< "tx HoTI" etc.
        Ipv4Address src;  //!< IP source
        Ipv4Address dst;  //!< IP destination
    };

    /// A peer event of a router's route optimizer.
    struct PeerEvent
    {
        Time at;              //!< when
        uint32_t router;      //!< which router
        RoPeerEventInfo info; //!< what happened
    };

    /// \param uplinks uplinks per site (1 or 2)
    explicit RoScenario(uint32_t uplinks = 1)
    {
        UseTwoIspTopology(3, uplinks, true);
    }

    /// One-way delay MR <-> HA configured on the path (uplink, ISP core, backend).
    static constexpr double ONE_WAY_TO_HA_MS = 10 + 5 + 2;

    /// Builds and installs; the routers start at 1, 2 and 3 s.
    void Build()
    {
        HaaroTestScenario::Build();
        StartRouters({Seconds(1), Seconds(2), Seconds(3)});
        RouteOptimizerSinks sinks;
        sinks.message =
            [this](uint32_t router, const std::string& what, Ipv4Address src, Ipv4Address dst) {
                if (what != "tx KEEPALIVE" && what != "rx KEEPALIVE")
                {
                    messages.push_back({Simulator::Now(), router, what, src, dst});
                }
            };
        sinks.peerEvent = [this](uint32_t router, const RoPeerEventInfo& info) {
            events.push_back({Simulator::Now(), router, info});
        };
        sinks.setup = [this](uint32_t router, Ipv4Address, Time latency) {
            setups.push_back({router, latency});
        };
        WatchRouteOptimizers(sinks);
    }

    /// \param router index \param what text \return index of the first such message, or -1
    int Find(uint32_t router, const std::string& what, size_t from = 0) const
    {
        for (size_t i = from; i < messages.size(); ++i)
        {
            if (messages[i].router == router && messages[i].what == what)
            {
                return static_cast<int>(i);
            }
        }
        return -1;
    }

    std::vector<Message> messages;                 //!< RO messages, in order
    std::vector<PeerEvent> events;                 //!< RO peer events, in order
    std::vector<std::pair<uint32_t, Time>> setups; //!< (router, setup latency)
};

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

/// \return how many peer events of a router match
size_t
CountEvents(const RoScenario& s,
            uint32_t router,
            const std::function<bool(const RoPeerEventInfo&)>& match)
{
    size_t n = 0;
    for (const auto& e : s.events)
    {
        n += e.router == router && match(e.info);
    }
    return n;
}

/// \return how many peer events of a router are of this kind
size_t
CountEvents(const RoScenario& s, uint32_t router, RoPeerEvent event)
{
    return CountEvents(s, router, [event](const RoPeerEventInfo& e) { return e.event == event; });
}

/// \param e an event \return true if it is a fallback after keepalives went unanswered
bool
IsKeepaliveTimeout(const RoPeerEventInfo& e)
{
    return e.event == RoPeerEvent::FALLBACK && (e.reason == RoFallbackReason::KEEPALIVE_TIMEOUT ||
                                                e.reason == RoFallbackReason::AWAITING_PEER_PROBES);
}

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
        VirtualOperatorTopologyHelper::ScheduleUplinkFailure(
            s.topology,
            2,
            0,
            Seconds(10),
            Seconds(0),
            VirtualOperatorTopologyHelper::INTERFACE_DOWN);
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
        VirtualOperatorTopologyHelper::ScheduleUplinkFailure(
            s.topology,
            2,
            0,
            Seconds(6),
            Seconds(0),
            VirtualOperatorTopologyHelper::INTERFACE_DOWN);
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
        VirtualOperatorTopologyHelper::ScheduleUplinkFailure(
            s.topology,
            m_ownSide ? 2 : 0,
            0,
            Seconds(8),
            Seconds(0),
            VirtualOperatorTopologyHelper::PATH_DEAD);
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
        VirtualOperatorTopologyHelper::ScheduleUplinkFailure(
            s.topology,
            0,
            0,
            Seconds(8),
            Seconds(0),
            VirtualOperatorTopologyHelper::PATH_DEAD);
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
        VirtualOperatorTopologyHelper::ScheduleUplinkFailure(
            s.topology,
            0,
            0,
            Seconds(10),
            Seconds(0),
            VirtualOperatorTopologyHelper::INTERFACE_DOWN);
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

/**
 * \ingroup haaro-tests
 * An attacker's packet sender on some node: it hands IPv4 its own forged header (any source
 * address), as a raw socket with the header included would.
 */
class Spoofer
{
  public:
    /// \param node where the attacker sits
    explicit Spoofer(Ptr<Node> node)
        : m_ipv4(node->GetObject<Ipv4L3Protocol>())
    {
    }

    /// \param src forged source \param dst destination \param protocol IP protocol
    /// \param payload what follows the IPv4 header
    void Ip(Ipv4Address src, Ipv4Address dst, uint8_t protocol, Ptr<Packet> payload)
    {
        Ipv4Header ip;
        ip.SetSource(src);
        ip.SetDestination(dst);
        ip.SetProtocol(protocol);
        ip.SetTtl(64);
        ip.SetPayloadSize(payload->GetSize());
        Socket::SocketErrno err;
        Ptr<Ipv4Route> route = m_ipv4->GetRoutingProtocol()->RouteOutput(payload, ip, nullptr, err);
        if (route)
        {
            m_ipv4->SendWithHeader(payload, ip, route); // the header as forged
        }
    }

    /// \param src forged source \param sport its port \param dst destination \param dport
    /// its port \param payload the UDP payload
    void Udp(Ipv4Address src, uint16_t sport, Ipv4Address dst, uint16_t dport, Ptr<Packet> payload)
    {
        UdpHeader udp;
        udp.SetSourcePort(sport);
        udp.SetDestinationPort(dport);
        payload->AddHeader(udp);
        Ip(src, dst, 17, payload);
    }

    /// \param src inner source \param dst inner destination \param port UDP destination port
    /// \return an inner IPv4/UDP datagram of 20 octets of data
    static Ptr<Packet> Inner(Ipv4Address src, Ipv4Address dst, uint16_t port)
    {
        Ptr<Packet> p = Create<Packet>(20);
        UdpHeader udp;
        udp.SetSourcePort(5555);
        udp.SetDestinationPort(port);
        p->AddHeader(udp);
        Ipv4Header ip;
        ip.SetSource(src);
        ip.SetDestination(dst);
        ip.SetProtocol(17);
        ip.SetTtl(64);
        ip.SetPayloadSize(p->GetSize());
        p->AddHeader(ip);
        return p;
    }

  private:
    Ptr<Ipv4L3Protocol> m_ipv4; //!< the attacker node's IPv4, which sends any header
};

/// \param node a node \param port UDP port \param count incremented per datagram
/// \return a sink socket on that node
Ptr<Socket>
CountingSink(Ptr<Node> node, uint16_t port, uint32_t* count)
{
    Ptr<Socket> sink = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
    sink->SetRecvCallback(MakeFunctorCallback<void, Ptr<Socket>>([count](Ptr<Socket> socket) {
        while (socket->Recv())
        {
            (*count)++;
        }
    }));
    return sink;
}

/// \return resident set size of this process in octets (Linux), 0 if unknown
uint64_t
ResidentBytes()
{
    std::ifstream statm("/proc/self/statm");
    uint64_t size = 0;
    uint64_t resident = 0;
    statm >> size >> resident;
    return resident * 4096;
}

/**
 * \ingroup haaro-tests
 * A4 and item 4: spoofed RFC 3519 tunnel data "from" MR C's care-of address with source port
 * 40000 every 10 ms to MR A: A's direct UDP tunnel must not follow the port (it only follows
 * a port whose return reachability a nonce echo proved); A->C loses nothing. Control: the
 * same run without the attacker.
 */
class SpoofedTunnelPortTestCase : public TestCase
{
  public:
    /// \param attack with the attacker
    explicit SpoofedTunnelPortTestCase(bool attack)
        : TestCase(attack ? "A4: spoofed UDP tunnel data from another port moves nothing"
                          : "A4 control: the same without the attacker"),
          m_attack(attack)
    {
    }

  private:
    void DoRun() override
    {
        RoScenario s;
        s.nemo.SetRouteOptimizerAttribute("Encapsulation", StringValue("Udp"));
        s.Build();
        s.AddFlow(2, 0, Seconds(5), Seconds(20), MilliSeconds(100), 9002);
        s.AddFlow(0, 2, Seconds(6), Seconds(15.95), MilliSeconds(100), 9001);
        Spoofer spoofer(s.topology.ispRouters.Get(1));
        Ipv4Address coaA = s.topology.sites[0].uplinks[0].careOfAddress;
        Ipv4Address coaC = s.topology.sites[2].uplinks[0].careOfAddress;
        uint32_t injected = 0;
        Ptr<Socket> sink = CountingSink(s.topology.sites[0].hosts.Get(0), 7777, &injected);
        uint32_t sent = 0;
        if (m_attack)
        {
            for (Time t = Seconds(6); t < Seconds(16); t += MilliSeconds(10))
            {
                HaaroSchedule(t, [&]() {
                    Ptr<Packet> p = Spoofer::Inner(s.topology.sites[2].hostAddresses[0],
                                                   s.topology.sites[0].hostAddresses[0],
                                                   7777);
                    p->AddHeader(MipTunnelDataHeader(MipTunnelDataHeader::NEXT_HEADER_IP_IN_IP));
                    spoofer.Udp(coaC, 40000, coaA, MIP_UDP_PORT, p);
                    sent++;
                });
            }
        }
        s.Run(Seconds(20));
        Ptr<RouteOptimizer> ro = s.network.mobileRouters[0]->GetRouteOptimizer();
        RocEntry* c = ro->GetCache().Find(s.topology.sites[2].homeAddress);
        NS_TEST_ASSERT_MSG_NE(c, nullptr, "A knows C");
        NS_TEST_ASSERT_MSG_EQ(c->tunnelActive, true, "route optimized");
        NS_TEST_ASSERT_MSG_EQ(c->tunnel->GetEncapsulation(), MipEncapsulation::UDP, "UDP");
        NS_TEST_ASSERT_MSG_EQ(c->tunnel->GetRemotePort(), MIP_UDP_PORT, "A sends to C's port");
        uint32_t delivered = s.flows[9001].size();
        uint64_t unproven = ro->GetProtocolDropCount(ProtocolDrop::UNAUTHENTICATED_ENDPOINT);
        size_t challenges = CountEvents(s, 0, RoPeerEvent::ENDPOINT_CHALLENGED);
        std::cout << "    A4 " << (m_attack ? "attack" : "control") << ": A->C " << delivered
                  << "/100, spoofed " << sent << " (unproven " << unproven << ", challenges "
                  << challenges << ", delivered to host A " << injected << ")" << std::endl;
        NS_TEST_ASSERT_MSG_EQ(delivered, 100u, "A->C loses nothing");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 0, RoPeerEvent::PORT_PROVEN), 0u, "no port proven");
        if (m_attack)
        {
            NS_TEST_ASSERT_MSG_EQ(sent, 1000u, "attack sent");
            NS_TEST_ASSERT_MSG_EQ(unproven, uint64_t(sent), "every spoofed datagram counted");
            // One challenge of port 40000 per 200 ms at most (RFC 6521 MAX_UPDATE_RATE).
            NS_TEST_ASSERT_MSG_GT(challenges, 0u, "the port was challenged");
            NS_TEST_ASSERT_MSG_LT_OR_EQ(challenges, 51u, "rate-limited challenges");
            // Data is delivered without moving anything (ingress filtered: C's site).
            NS_TEST_ASSERT_MSG_EQ(injected, sent, "data delivered, nothing moved");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(unproven, 0u, "nothing unproven");
            NS_TEST_ASSERT_MSG_EQ(challenges, 0u, "nothing challenged");
        }
        sink->Close();
    }

    bool m_attack; //!< with the attacker
};

/**
 * \ingroup haaro-tests
 * A6: a packet with a site-B inner source sent through C's direct (IP-in-IP) tunnel to A is
 * dropped and counted; the control packet with a site-C source is delivered.
 */
class SpoofedInnerSourceTestCase : public TestCase
{
  public:
    SpoofedInnerSourceTestCase()
        : TestCase("A6: ingress filtering on direct tunnels (inner source of another site)")
    {
    }

  private:
    void DoRun() override
    {
        RoScenario s;
        s.Build();
        s.AddFlow(2, 0, Seconds(5), Seconds(9), MilliSeconds(100), 9002);
        Spoofer spoofer(s.topology.ispRouters.Get(1));
        Ipv4Address coaA = s.topology.sites[0].uplinks[0].careOfAddress;
        Ipv4Address coaC = s.topology.sites[2].uplinks[0].careOfAddress;
        uint32_t fromB = 0;
        uint32_t fromC = 0;
        Ptr<Socket> sinkB = CountingSink(s.topology.sites[0].hosts.Get(0), 7001, &fromB);
        Ptr<Socket> sinkC = CountingSink(s.topology.sites[0].hosts.Get(0), 7002, &fromC);
        for (uint32_t i = 0; i < 10; ++i)
        {
            HaaroSchedule(Seconds(7) + MilliSeconds(10 * i), [&]() {
                Ipv4Address hostA = s.topology.sites[0].hostAddresses[0];
                // In the direct tunnel as it is (its encapsulation, C's proven port).
                RocEntry* c = s.network.mobileRouters[0]->GetRouteOptimizer()->GetCache().Find(
                    s.topology.sites[2].homeAddress);
                for (auto [source, port] :
                     {std::make_pair(s.topology.sites[1].hostAddresses[0], uint16_t(7001)),
                      std::make_pair(s.topology.sites[2].hostAddresses[0], uint16_t(7002))})
                {
                    Ptr<Packet> inner = Spoofer::Inner(source, hostA, port);
                    if (c->tunnel->GetEncapsulation() == MipEncapsulation::UDP)
                    {
                        inner->AddHeader(
                            MipTunnelDataHeader(MipTunnelDataHeader::NEXT_HEADER_IP_IN_IP));
                        spoofer.Udp(coaC, c->tunnel->GetRemotePort(), coaA, MIP_UDP_PORT, inner);
                    }
                    else
                    {
                        spoofer.Ip(coaC, coaA, c->tunnel->GetProtocol(), inner);
                    }
                }
            });
        }
        s.Run(Seconds(9));
        Ptr<RouteOptimizer> ro = s.network.mobileRouters[0]->GetRouteOptimizer();
        RocEntry* c = ro->GetCache().Find(s.topology.sites[2].homeAddress);
        NS_TEST_ASSERT_MSG_EQ(c && c->tunnelActive, true, "A <-> C route optimized");
        std::cout << "    A6: site-B source via C's tunnel delivered " << fromB
                  << "/10, site-C source (control) " << fromC << "/10, counted "
                  << ro->GetProtocolDropCount(ProtocolDrop::SPOOFED_INNER_SOURCE) << std::endl;
        NS_TEST_ASSERT_MSG_EQ(fromC, 10u, "control: C's own source delivered");
        NS_TEST_ASSERT_MSG_EQ(fromB, 0u, "site B's source refused");
        NS_TEST_ASSERT_MSG_EQ(ro->GetProtocolDropCount(ProtocolDrop::SPOOFED_INNER_SOURCE),
                              10u,
                              "counted");
        sinkB->Close();
        sinkC->Close();
    }
};

/**
 * \ingroup haaro-tests
 * A5: many 20-octet Registration Replies from distinct spoofed sources to MR A's care-of
 * address allocate nothing (no session per source); control: the same scenario without them.
 */
class ReplyFloodTestCase : public TestCase
{
  public:
    /// \param count spoofed replies (0: control)
    explicit ReplyFloodTestCase(uint32_t count)
        : TestCase(count ? "A5: a flood of unsolicited replies allocates nothing"
                         : "A5 control: the same without the flood"),
          m_count(count)
    {
    }

  private:
    void DoRun() override
    {
        RoScenario s;
        s.Build();
        s.AddFlow(2, 0, Seconds(5), Seconds(6), MilliSeconds(100), 9002);
        Spoofer spoofer(s.topology.ispRouters.Get(1));
        Ipv4Address coaA = s.topology.sites[0].uplinks[0].careOfAddress;
        Ipv4Address hoaA = s.topology.sites[0].homeAddress;
        Ptr<RouteOptimizer> ro;
        size_t sessionsBefore = 0;
        uint64_t rssBefore = 0;
        HaaroSchedule(Seconds(7), [&]() {
            ro = s.network.mobileRouters[0]->GetRouteOptimizer();
            sessionsBefore = ro->GetSessionCount();
            rssBefore = ResidentBytes();
        });
        const uint32_t perMs = 20;
        for (uint32_t i = 0; i < m_count; ++i)
        {
            HaaroSchedule(Seconds(7) + MicroSeconds(1) + MicroSeconds(1000 / perMs) * i, [&, i]() {
                MipRegistrationReply rrp;
                rrp.SetCode(MIP_REPLY_ACCEPTED);
                rrp.SetHomeAddress(hoaA);
                rrp.SetIdentification(i);
                Ptr<Packet> p = Create<Packet>();
                p->AddHeader(rrp);
                spoofer.Udp(Ipv4Address(0xC6120000u + i + 1), MIP_UDP_PORT, coaA, MIP_UDP_PORT, p);
            });
        }
        Time end = Seconds(8) + MilliSeconds(m_count / perMs);
        size_t sessionsAfter = 0;
        uint64_t rssAfter = 0;
        HaaroSchedule(end, [&]() {
            sessionsAfter = ro->GetSessionCount();
            rssAfter = ResidentBytes();
        });
        s.Run(end + MilliSeconds(1));
        uint64_t unsolicited = ro->GetProtocolDropCount(ProtocolDrop::UNSOLICITED_REPLY);
        std::cout << "    A5 " << m_count << " spoofed replies: sessions " << sessionsBefore
                  << " -> " << sessionsAfter << ", unsolicited counted " << unsolicited << ", RSS "
                  << rssBefore << " -> " << rssAfter << " octets" << std::endl;
        NS_TEST_ASSERT_MSG_EQ(sessionsAfter, sessionsBefore, "no session per spoofed source");
        NS_TEST_ASSERT_MSG_EQ(unsolicited, uint64_t(m_count), "every reply counted");
        NS_TEST_ASSERT_MSG_EQ(ro->GetCache().Find(Ipv4Address(0xC6120001u)), nullptr, "no entry");
    }

    uint32_t m_count; //!< spoofed replies
};

/**
 * \ingroup haaro-tests
 * A7 and A9 at the CR: a router A holds a key for (statically provisioned) and whose prefix
 * 10.250.0.0/24 its HA confirmed registers that prefix, site B's prefix (A9: not confirmed
 * for it) and a /33 (A7) in one request: code 0, acknowledgements SUCCESS, UNAUTHORIZED and
 * INVALID_PREFIX_LEN; site B stays routed to MR B; nothing aborts. Control: only the /24.
 */
class InvalidPrefixTestCase : public TestCase
{
  public:
    /// \param attack add site B's prefix and the /33
    explicit InvalidPrefixTestCase(bool attack)
        : TestCase(attack
                       ? "A7 and A9: a 33-bit prefix and another site prefix in a CR registration"
                       : "A7 and A9 control: only the router own prefix"),
          m_attack(attack)
    {
    }

  private:
    void DoRun() override
    {
        RoScenario s;
        s.Build();
        const VirtualOperatorSite& siteB = s.topology.sites[1];
        Ptr<Node> attackerNode = siteB.hosts.Get(0);
        Ipv4Address x = siteB.hostAddresses[0];
        Ipv4Address hoaA = s.topology.sites[0].homeAddress;
        MipBytes key(16, 0x5a);
        MipPrefix own{Ipv4Address("10.250.0.0"), 24};
        HaaroSchedule(Seconds(4), [&]() {
            Ptr<RouteOptimizer> ro = s.network.mobileRouters[0]->GetRouteOptimizer();
            ro->AddStaticKey(x, key);
            ro->GetCache().SetPrefix(x, own, "", true); // as if A's HA had confirmed it
        });
        std::vector<MobileNetworkAckExtension> acks;
        int code = -1;
        Ptr<Socket> socket = Socket::CreateSocket(attackerNode, UdpSocketFactory::GetTypeId());
        socket->Bind(InetSocketAddress(x, 6000));
        socket->SetRecvCallback(MakeFunctorCallback<void, Ptr<Socket>>([&](Ptr<Socket> sk) {
            Ptr<Packet> p;
            while ((p = sk->Recv()))
            {
                MipBytes bytes(p->GetSize());
                p->CopyData(bytes.data(), bytes.size());
                MipRegistrationReply rrp;
                if (rrp.FromBytes(bytes))
                {
                    code = rrp.GetCode();
                    acks = MobileNetworkAckExtension::FindAll(rrp);
                }
            }
        }));
        HaaroSchedule(Seconds(5), [&]() {
            MipRegistrationRequest rrq;
            rrq.SetFlag(MipRegistrationRequest::FLAG_D, true);
            rrq.SetFlag(MipRegistrationRequest::FLAG_T, true);
            rrq.SetLifetime(60);
            rrq.SetHomeAddress(x);
            rrq.SetHomeAgent(s.topology.homeAgentAddress);
            rrq.SetCareOfAddress(x);
            rrq.SetIdentification(MipNtpTime::ToNtp(Simulator::Now()));
            rrq.AddExtension(MobileNetworkRequestExtension(own.network, own.length).ToExtension());
            if (m_attack)
            {
                rrq.AddExtension(
                    MobileNetworkRequestExtension(siteB.mnpAddress, siteB.mnpLength).ToExtension());
                rrq.AddExtension(
                    MobileNetworkRequestExtension(Ipv4Address("10.251.0.0"), 33).ToExtension());
            }
            McAuthExtension::Append(rrq, 0, 0, key);
            Ptr<Packet> p = Create<Packet>();
            p->AddHeader(rrq);
            socket->SendTo(p, 0, InetSocketAddress(hoaA, MIP_UDP_PORT));
        });
        s.Run(Seconds(7));
        Ptr<RouteOptimizer> ro = s.network.mobileRouters[0]->GetRouteOptimizer();
        NS_TEST_ASSERT_MSG_EQ(code, int(MIP_REPLY_ACCEPTED), "registration accepted");
        NS_TEST_ASSERT_MSG_EQ(acks.size(), (m_attack ? 3u : 1u), "one ack per prefix");
        if (acks.size() >= 1)
        {
            NS_TEST_ASSERT_MSG_EQ(unsigned(acks[0].GetCode()), unsigned(MOBNET_SUCCESS), "own");
        }
        if (m_attack && acks.size() == 3)
        {
            NS_TEST_ASSERT_MSG_EQ(unsigned(acks[1].GetCode()),
                                  unsigned(MOBNET_UNAUTHORIZED),
                                  "A9: site B's prefix refused");
            NS_TEST_ASSERT_MSG_EQ(unsigned(acks[2].GetCode()),
                                  unsigned(MOBNET_INVALID_PREFIX_LEN),
                                  "A7: the /33");
            NS_TEST_ASSERT_MSG_EQ(ro->GetProtocolDropCount(ProtocolDrop::INVALID_PREFIX),
                                  1u,
                                  "counted");
        }
        RocEntry* b = ro->GetCache().Find(siteB.homeAddress);
        NS_TEST_ASSERT_MSG_EQ(ro->GetCache().Lookup(Ipv4Address(siteB.mnpAddress.Get() + 200)),
                              b,
                              "site B still routed to MR B");
        NS_TEST_ASSERT_MSG_EQ(ro->GetCache().Lookup(Ipv4Address("10.250.0.9")),
                              ro->GetCache().Find(x),
                              "the router's own prefix routed to it");
        socket->Close();
    }

    bool m_attack; //!< with the invalid and the foreign prefix
};

/**
 * \ingroup haaro-tests
 * A8: 50 home addresses that the HA never advertised (extra addresses of a host on site B,
 * which can receive HoT and CoT there) run return routability with MR A and register: all
 * are refused (administratively prohibited, MOBNET_UNAUTHORIZED), with no cache entry,
 * session or tunnel, and MR A solicits its HA at most RoConfig::unknownPeerSolicitations
 * times. Control: the same scenario without the attacker (C's registration works in both).
 */
class UnknownPeersTestCase : public TestCase
{
  public:
    /// \param count attacking home addresses (0: control)
    explicit UnknownPeersTestCase(uint32_t count)
        : TestCase(count ? "A8: registrations of never-advertised home addresses are refused"
                         : "A8 control: the same without the attacker"),
          m_count(count)
    {
    }

  private:
    /// One attacking home address and its return routability state.
    struct Client
    {
        Ipv4Address address;     //!< home (and care-of) address
        Ptr<Socket> socket;      //!< bound to it
        uint64_t homeToken{0};   //!< from HoT
        uint64_t careOfToken{0}; //!< from CoT
        uint16_t homeIndex{0};   //!< from HoT
        uint16_t careOfIndex{0}; //!< from CoT
        bool registered{false};  //!< request sent
        int code{-1};            //!< reply code
    };

    void DoRun() override
    {
        RoScenario s;
        s.Build();
        s.AddFlow(2, 0, Seconds(5), Seconds(12), MilliSeconds(100), 9002);
        const VirtualOperatorSite& siteB = s.topology.sites[1];
        Ptr<Node> host = siteB.hosts.Get(0);
        Ptr<Ipv4> ipv4 = host->GetObject<Ipv4>();
        uint32_t interface = ipv4->GetInterfaceForAddress(siteB.hostAddresses[0]);
        Ipv4Address hoaA = s.topology.sites[0].homeAddress;
        std::vector<Client> clients(m_count);
        auto send = [&](Client& c, const Header& h) {
            Ptr<Packet> p = Create<Packet>();
            p->AddHeader(h);
            c.socket->SendTo(p, 0, InetSocketAddress(hoaA, MIP_UDP_PORT));
        };
        for (uint32_t i = 0; i < m_count; ++i)
        {
            Client& c = clients[i];
            c.address = Ipv4Address(siteB.mnpAddress.Get() + 100 + i);
            ipv4->AddAddress(interface, Ipv4InterfaceAddress(c.address, Ipv4Mask("/24")));
            c.socket = Socket::CreateSocket(host, UdpSocketFactory::GetTypeId());
            c.socket->Bind(InetSocketAddress(c.address, 7000));
            c.socket->SetRecvCallback(MakeFunctorCallback<void, Ptr<Socket>>([&,
                                                                              i](Ptr<Socket> sk) {
                Client& me = clients[i];
                Ptr<Packet> p;
                while ((p = sk->Recv()))
                {
                    MipBytes bytes(p->GetSize());
                    p->CopyData(bytes.data(), bytes.size());
                    ReturnRoutabilityTest test;
                    MipRegistrationReply rrp;
                    std::optional<uint8_t> type = MipPeekMessageType(bytes);
                    if (type && ReturnRoutabilityTest::IsTestType(*type) && test.FromBytes(bytes))
                    {
                        (test.IsHomeTest() ? me.homeToken : me.careOfToken) = test.GetKeygenToken();
                        (test.IsHomeTest() ? me.homeIndex : me.careOfIndex) = test.GetNonceIndex();
                    }
                    else if (type == MIP_REGISTRATION_REPLY && rrp.FromBytes(bytes))
                    {
                        me.code = rrp.GetCode();
                    }
                    if (me.homeIndex && me.careOfIndex && !me.registered)
                    {
                        me.registered = true;
                        MipRegistrationRequest rrq;
                        rrq.SetFlag(MipRegistrationRequest::FLAG_D, true);
                        rrq.SetFlag(MipRegistrationRequest::FLAG_T, true);
                        rrq.SetLifetime(60);
                        rrq.SetHomeAddress(me.address);
                        rrq.SetHomeAgent(s.topology.homeAgentAddress);
                        rrq.SetCareOfAddress(me.address);
                        rrq.SetIdentification(MipNtpTime::ToNtp(Simulator::Now()));
                        rrq.AddExtension(
                            MobileNetworkRequestExtension(Ipv4Address("10.252.0.0"), 24)
                                .ToExtension());
                        McAuthExtension::Append(
                            rrq,
                            me.homeIndex,
                            me.careOfIndex,
                            ReturnRoutabilityKeys::RegistrationKey(me.homeToken, me.careOfToken));
                        send(me, rrq);
                    }
                }
            }));
            HaaroSchedule(Seconds(6) + MilliSeconds(10 * i), [&, i]() {
                send(clients[i], ReturnRoutabilityInit(MIP_HOME_TEST_INIT, 1000 + i));
                send(clients[i], ReturnRoutabilityInit(MIP_CARE_OF_TEST_INIT, 2000 + i));
            });
        }
        std::map<uint32_t, uint32_t> dropsBySource;
        HaaroSchedule(Seconds(4), [&]() {
            s.network.mobileRouters[0]->GetRouteOptimizer()->TraceConnectWithoutContext(
                "ProtocolDrop",
                MakeBoundCallback(
                    +[](std::map<uint32_t, uint32_t>* m, ProtocolDrop r, uint64_t, Ipv4Address a) {
                        if (r == ProtocolDrop::UNKNOWN_PEER)
                        {
                            (*m)[a.Get()]++;
                        }
                    },
                    &dropsBySource));
        });
        s.Run(Seconds(12));
        Ptr<RouteOptimizer> ro = s.network.mobileRouters[0]->GetRouteOptimizer();
        size_t entries = 0;
        ro->GetCache().ForEach([&entries](const RocEntry&) { entries++; });
        uint32_t refused = 0;
        uint32_t registered = 0;
        for (const Client& c : clients)
        {
            refused += c.code == MIP_REPLY_HA_PROHIBITED;
            registered += c.registered;
        }
        size_t solicits = CountEvents(s, 0, RoPeerEvent::SOLICIT);
        std::cout << "    A8 " << m_count << " unknown home addresses: registered " << registered
                  << ", refused " << refused << "; MR A: cache entries " << entries << ", sessions "
                  << ro->GetSessionCount() << ", tunnels "
                  << s.network.mobileRouters[0]->GetTunnelManager()->GetTunnelCount()
                  << ", solicitations " << solicits << ", unknown-peer drops "
                  << ro->GetProtocolDropCount(ProtocolDrop::UNKNOWN_PEER) << std::endl;
        NS_TEST_ASSERT_MSG_EQ(registered, m_count, "every attacker completed RR");
        NS_TEST_ASSERT_MSG_EQ(refused, m_count, "every attacker refused");
        uint32_t attackerDrops = 0;
        for (const Client& c : clients)
        {
            attackerDrops += dropsBySource[c.address.Get()];
        }
        NS_TEST_ASSERT_MSG_EQ(attackerDrops, m_count, "each attacker counted once");
        // MR B itself (the attacker's packets from site B to A's home address trigger its route
        // optimization with A) may find the solicitation budget spent: refused once, it
        // retries after its hold-down. That is the price of the bound.
        NS_TEST_ASSERT_MSG_LT_OR_EQ(ro->GetProtocolDropCount(ProtocolDrop::UNKNOWN_PEER),
                                    uint64_t(m_count) + 1,
                                    "nobody else but MR B");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(entries, 2u, "A's cache: at most B and C");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(ro->GetSessionCount(), 2u, "sessions only for B and C");
        NS_TEST_ASSERT_MSG_EQ(s.network.mobileRouters[0]->GetTunnelManager()->GetTunnelCount(),
                              2u,
                              "the HA tunnel and the one to C");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(solicits, 1u + 8u, "bounded solicitations");
        NS_TEST_ASSERT_MSG_EQ(s.flows[9002].back().ttl, 62u, "C->A route optimized");
        for (Client& c : clients)
        {
            c.socket->Close();
        }
    }

    uint32_t m_count; //!< attacking home addresses
};

/**
 * \ingroup haaro-tests
 * The route optimization suite.
 */
class RoTestSuite : public TestSuite
{
  public:
    RoTestSuite()
        : TestSuite("haaro-ro", UNIT)
    {
        AddTestCase(new F15TestCase, TestCase::QUICK);
        AddTestCase(new UdpTunnelTestCase, TestCase::QUICK);
        AddTestCase(new SpreadPeersTestCase, TestCase::QUICK);
        AddTestCase(new CorrespondentChecksTestCase, TestCase::QUICK);
        AddTestCase(new UnconfirmedPrefixTestCase, TestCase::QUICK);
        AddTestCase(new LegacyPeerTestCase, TestCase::QUICK);
        AddTestCase(new FallbackTestCase, TestCase::QUICK);
        AddTestCase(new HandoverTestCase, TestCase::QUICK);
        AddTestCase(new ConcurrentTestCase, TestCase::QUICK);
        AddTestCase(new DeregistrationTestCase, TestCase::QUICK);
        AddTestCase(new FullMeshTestCase, TestCase::QUICK);
        AddTestCase(new NotAdvertisedTestCase, TestCase::QUICK);
        AddTestCase(new GreTestCase(false), TestCase::QUICK);
        AddTestCase(new GreTestCase(true), TestCase::QUICK);
        AddTestCase(new RrRetransmissionTestCase, TestCase::QUICK);
        AddTestCase(new PairFailoverTestCase(false), TestCase::QUICK);
        AddTestCase(new PairFailoverTestCase(true), TestCase::QUICK);
        AddTestCase(new CrFollowsProvenPairTestCase(), TestCase::QUICK);
        AddTestCase(new CorrespondentMoveTestCase, TestCase::QUICK);
        AddTestCase(new SpoofedTunnelPortTestCase(false), TestCase::QUICK);
        AddTestCase(new SpoofedTunnelPortTestCase(true), TestCase::QUICK);
        AddTestCase(new SpoofedInnerSourceTestCase, TestCase::QUICK);
        AddTestCase(new ReplyFloodTestCase(0), TestCase::QUICK);
        AddTestCase(new ReplyFloodTestCase(20000), TestCase::QUICK);
        AddTestCase(new InvalidPrefixTestCase(false), TestCase::QUICK);
        AddTestCase(new InvalidPrefixTestCase(true), TestCase::QUICK);
        AddTestCase(new UnknownPeersTestCase(0), TestCase::QUICK);
        AddTestCase(new UnknownPeersTestCase(50), TestCase::QUICK);
    }
};

RoTestSuite g_roTestSuite;

} // namespace
