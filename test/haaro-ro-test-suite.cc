/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * RFC 6521 route optimization between mobile routers, with real packets on the
 * virtual-operator topology: return routability through the HA, the registration with
 * the correspondent router, the direct tunnel, fallback.
 */
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/test.h"

using namespace ns3;

namespace
{

/**
 * \ingroup haaro-tests
 * Three sites A, B, C (MR 0, 1, 2) registering in that order (F14), with route
 * optimization on, and UDP flows between hosts that record arrival time and TTL.
 */
class RoScenario
{
  public:
    /// A datagram as received.
    struct Arrival
    {
        Time at;      //!< when
        uint32_t seq; //!< sequence number
        uint8_t ttl;  //!< TTL at the receiver
        Time delay;   //!< one-way delay
    };

    /// A message seen by a router's route optimizer.
    struct Message
    {
        Time at;          //!< when
        uint32_t router;  //!< which router saw it
        std::string what; //!< "tx HoTI" etc.
    };

    /// \param uplinks uplinks per site (1 or 2)
    explicit RoScenario(uint32_t uplinks = 1)
    {
        topologyHelper.SetNumIsps(2);
        topologyHelper.SetDefaultUplink(DataRate("10Mbps"), MilliSeconds(10));
        topologyHelper.SetIspCoreLink(DataRate("1Gbps"), MilliSeconds(5));
        topologyHelper.SetBackendLink(DataRate("1Gbps"), MilliSeconds(2));
        topologyHelper.AddSites(3, uplinks);
        nemo.SetMobileRouterAttribute("RouteOptimization", BooleanValue(true));
    }

    /// One-way delay MR <-> HA configured on the path (uplink, ISP core, backend).
    static constexpr double ONE_WAY_TO_HA_MS = 10 + 5 + 2;

    ~RoScenario()
    {
        Simulator::Destroy();
    }

    /// Builds and installs; the routers start at 1, 2 and 3 s.
    void Build()
    {
        topology = topologyHelper.Build();
        network = nemo.Install(topology);
        for (uint32_t i = 0; i < 3; ++i)
        {
            network.mobileRouters[i]->SetStartTime(Seconds(1 + i));
            network.mobileRouters[i]->AssignStreams(100 + i);
        }
        for (uint32_t i = 0; i < 3; ++i)
        {
            Ptr<RouteOptimizer> ro;
            Simulator::Schedule(Seconds(1 + i) + MicroSeconds(1), [this, i]() {
                Ptr<RouteOptimizer> optimizer = network.mobileRouters[i]->GetRouteOptimizer();
                if (!optimizer)
                {
                    return; // route optimization off on this router
                }
                optimizer->TraceConnectWithoutContext(
                    "Message",
                    MakeBoundCallback(&RoScenario::OnMessage, this, i));
                optimizer->TraceConnectWithoutContext(
                    "PeerEvent",
                    MakeBoundCallback(&RoScenario::OnPeer, this, i));
                optimizer->TraceConnectWithoutContext(
                    "Setup",
                    MakeBoundCallback(&RoScenario::OnSetup, this, i));
            });
        }
    }

    /**
     * \brief A UDP flow from the first host of site `from` to that of site `to`.
     * \param from site \param to site \param start first datagram \param stop last
     * \param interval spacing \param port destination port
     */
    void AddFlow(uint32_t from, uint32_t to, Time start, Time stop, Time interval, uint16_t port)
    {
        Ptr<Socket> sink =
            Socket::CreateSocket(topology.sites[to].hosts.Get(0), UdpSocketFactory::GetTypeId());
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
        sink->SetIpRecvTtl(true);
        sink->SetRecvCallback(MakeBoundCallback(&RoScenario::Receive, &flows[port]));
        m_sinks.push_back(sink);
        UdpClientHelper client(topology.sites[to].hostAddresses[0], port);
        client.SetAttribute("Interval", TimeValue(interval));
        client.SetAttribute("MaxPackets", UintegerValue(1000000));
        client.SetAttribute("PacketSize", UintegerValue(100));
        ApplicationContainer app = client.Install(topology.sites[from].hosts.Get(0));
        app.Start(start);
        app.Stop(stop);
    }

    /// \param out arrivals \param socket sink
    static void Receive(std::vector<Arrival>* out, Ptr<Socket> socket)
    {
        Ptr<Packet> p;
        while ((p = socket->Recv()))
        {
            SeqTsHeader seqTs;
            p->RemoveHeader(seqTs);
            SocketIpTtlTag ttl;
            p->RemovePacketTag(ttl);
            out->push_back(
                {Simulator::Now(), seqTs.GetSeq(), ttl.GetTtl(), Simulator::Now() - seqTs.GetTs()});
        }
    }

    /// Message trace sink.
    static void OnMessage(RoScenario* s,
                          uint32_t router,
                          const std::string& direction,
                          const std::string& message,
                          Ipv4Address src,
                          Ipv4Address dst)
    {
        if (message != "KEEPALIVE")
        {
            s->messages.push_back({Simulator::Now(), router, direction + " " + message});
        }
    }

    /// PeerEvent trace sink.
    static void OnPeer(RoScenario* s, uint32_t router, Ipv4Address peer, const std::string& what)
    {
        s->events.push_back({Simulator::Now(), router, what});
    }

    /// Setup trace sink.
    static void OnSetup(RoScenario* s, uint32_t router, Ipv4Address peer, Time latency)
    {
        s->setups.push_back({router, latency});
    }

    /// Runs the simulation.
    void Run(Time stop)
    {
        Simulator::Stop(stop);
        Simulator::Run();
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

    VirtualOperatorTopologyHelper topologyHelper;   //!< topology configuration
    NemoNetworkHelper nemo;                         //!< NEMO configuration
    VirtualOperatorTopology topology;               //!< built topology
    NemoNetwork network;                            //!< applications
    std::map<uint16_t, std::vector<Arrival>> flows; //!< arrivals per destination port
    std::vector<Message> messages;                  //!< RO messages, in order
    std::vector<Message> events;                    //!< RO peer events, in order
    std::vector<std::pair<uint32_t, Time>> setups;  //!< (router, setup latency)

  private:
    std::vector<Ptr<Socket>> m_sinks; //!< sinks
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
        s.Build();
        // F15 steps 1-2: Node A -> Node C (MR A does not know network C: nothing happens),
        // then Node C -> Node A (MR C knows network A: it starts route optimization).
        s.AddFlow(0, 2, Seconds(5), Seconds(15), MilliSeconds(100), 9001);
        s.AddFlow(2, 0, Seconds(5.05), Seconds(15), MilliSeconds(100), 9002);
        Ptr<HomeAgent> ha = s.network.homeAgent;
        auto haTx = [&s, ha]() {
            uint64_t n = 0;
            for (uint32_t i : {0u, 2u})
            {
                n += ha->GetBindingTable()
                         ->FindBinding(s.topology.sites[i].homeAddress,
                                       s.topology.sites[i].uplinks[0].careOfAddress)
                         ->tunnel->GetTxPackets();
            }
            return n;
        };
        uint64_t haAt6 = 0;
        Simulator::Schedule(Seconds(6), [&]() { haAt6 = haTx(); });
        s.Run(Seconds(15.5));

        // The sequence of RFC 6521 figure F15, message by message (MR A = 0, MR C = 2).
        const std::vector<std::pair<uint32_t, std::string>> expected = {{2, "tx HoTI"},
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
            solicited |= e.router == 0 && e.what == "solicit" && e.at >= s.messages[9].at &&
                         e.at <= s.messages[10].at;
        }
        NS_TEST_ASSERT_MSG_EQ(solicited, true, "MR A solicited network C from the HA");

        // Setup latency against the analytic expectation (protocol notes 1.8): T_RR =
        // 2(dC + dA), T_REG = 2(dC + dA) + 2 dA (MR A solicits the HA), IP in IP: no
        // keepalive gating.
        NS_TEST_ASSERT_MSG_EQ(s.setups.size(), 1u, "one route optimization, set up by MR C");
        double d = RoScenario::ONE_WAY_TO_HA_MS;
        double expectedMs = 4 * (d + d) + 2 * d;
        double measuredMs = s.setups[0].second.GetSeconds() * 1000;
        std::cout << "    F15 setup latency " << measuredMs << " ms (analytic " << expectedMs
                  << " ms)" << std::endl;
        NS_TEST_ASSERT_MSG_EQ_TOL(measuredMs, expectedMs, 3.0, "setup latency");

        // Data: via the HA first (3 router hops), then on the direct tunnel (2 hops: MR C,
        // MR A) with the HA no longer forwarding anything for A or C.
        for (uint16_t port : {9001, 9002})
        {
            const auto& flow = s.flows[port];
            NS_TEST_ASSERT_MSG_GT_OR_EQ(flow.size(), 99u, "no loss on flow " << port);
            NS_TEST_ASSERT_MSG_EQ(unsigned(flow.front().ttl), 61u, "first datagram via the HA");
            NS_TEST_ASSERT_MSG_EQ(unsigned(flow.back().ttl), 62u, "last datagram direct");
            NS_TEST_ASSERT_MSG_LT(flow.back().delay + MilliSeconds(25),
                                  flow.front().delay,
                                  "shorter path");
        }
        NS_TEST_ASSERT_MSG_EQ(haTx(), haAt6, "the HA forwarded nothing for A or C after RO");
    }
};

/// \return how many peer events of a router contain the text
size_t
CountEvents(const RoScenario& s, uint32_t router, const std::string& text)
{
    size_t n = 0;
    for (const auto& e : s.events)
    {
        n += e.router == router && e.what.find(text) != std::string::npos;
    }
    return n;
}

/**
 * \ingroup haaro-tests
 * Attacks on the correspondent router: a replayed registration request (133), the same
 * request after its nonces expired (203), and one with a forged authenticator (dropped).
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
        Simulator::Schedule(Seconds(3.5), [&]() {
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
        attacker->SetRecvCallback([&replyCodes](Ptr<Socket> socket) {
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
        });
        auto send = [&](MipBytes bytes) {
            attacker->SendTo(Create<Packet>(bytes.data(), bytes.size()),
                             0,
                             InetSocketAddress(hoaA, MIP_UDP_PORT));
        };
        Simulator::Schedule(Seconds(10), [&]() { send(captured); }); // replay
        Simulator::Schedule(Seconds(11), [&]() {
            MipBytes forged = captured;
            forged.back() ^= 0x01; // authenticator
            send(forged);
        });
        Simulator::Schedule(Seconds(300), [&]() { send(captured); }); // nonces expired
        s.Run(Seconds(301));
        NS_TEST_ASSERT_MSG_EQ(captured.empty(), false, "captured the request");
        NS_TEST_ASSERT_MSG_EQ(replyCodes.size(),
                              2u,
                              "answers to the replay and to the stale copy, none to the forgery");
        NS_TEST_ASSERT_MSG_EQ(unsigned(replyCodes[0]),
                              unsigned(MIP_REPLY_HA_ID_MISMATCH),
                              "replay refused");
        NS_TEST_ASSERT_MSG_EQ(unsigned(replyCodes[1]),
                              unsigned(MIP_REPLY_CR_EXPIRED_NONCES),
                              "expired nonces");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 0, "ro-request-unauthenticated"),
                              1u,
                              "forgery dropped");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 0, "peer-registered"),
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
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 0, "solicit"), 1u, "asked the HA once");
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
        Simulator::Schedule(Seconds(3.5), [&]() {
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
        NS_TEST_ASSERT_MSG_GT_OR_EQ(CountEvents(s, 2, "fallback"), 1u, "gave up on MR A");
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 2, "tunnel-up"), 0u, "no direct tunnel");
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
        Simulator::Schedule(Seconds(10), [&]() {
            s.network.mobileRouters[0]->GetRouteOptimizer()->Stop(false);
        });
        s.Run(Seconds(20.5));
        Time fallback(0);
        for (const auto& e : s.events)
        {
            if (e.router == 2 && e.what.find("fallback (keepalive timeout)") != std::string::npos)
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
        NS_TEST_ASSERT_MSG_EQ(CountEvents(s, 2, "handover"), 1u, "one handover");
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
 * The route optimization suite.
 */
class RoTestSuite : public TestSuite
{
  public:
    RoTestSuite()
        : TestSuite("haaro-ro", UNIT)
    {
        AddTestCase(new F15TestCase, TestCase::QUICK);
        AddTestCase(new CorrespondentChecksTestCase, TestCase::QUICK);
        AddTestCase(new UnconfirmedPrefixTestCase, TestCase::QUICK);
        AddTestCase(new LegacyPeerTestCase, TestCase::QUICK);
        AddTestCase(new FallbackTestCase, TestCase::QUICK);
        AddTestCase(new HandoverTestCase, TestCase::QUICK);
    }
};

RoTestSuite g_roTestSuite;

} // namespace
