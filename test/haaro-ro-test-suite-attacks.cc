/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The route optimization suite (haaro-ro), attacks and abuse: spoofed
 * tunnel data (port and inner source), reply floods, invalid prefixes, unknown peers.
 */
#include "haaro-ro-test-suite.h"

#include <fstream>

using namespace ns3;
using namespace ns3::haarotest;

namespace
{

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
        return MakeUdpDatagram(src, dst, 5555, port);
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
        // The HA tunnel, C's and, if its route optimization with A went through, B's (a
        // legitimate router: the attacker's datagrams from its site start it); none to an
        // attacker's home address. Since the registrations are held 1 s apart (RFC 5944
        // section 3.6.3), A's solicitation of B waits behind the attackers' and can succeed
        // within the run, where a later solicitation used to replace an earlier one.
        size_t peerTunnels = 0;
        for (uint32_t site : {1u, 2u})
        {
            const RocEntry* e = ro->GetCache().Find(s.topology.sites[site].homeAddress);
            peerTunnels += e && e->tunnelActive ? 1 : 0;
        }
        std::cout << "    A8 direct tunnels to B and C: " << peerTunnels << std::endl;
        NS_TEST_ASSERT_MSG_EQ(s.network.mobileRouters[0]->GetTunnelManager()->GetTunnelCount(),
                              1u + peerTunnels,
                              "the HA tunnel and those to B and C only");
        NS_TEST_ASSERT_MSG_EQ(peerTunnels, (m_count > 0 ? 2u : 1u), "C's; B's when it solicits");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(solicits, 1u + 8u, "bounded solicitations");
        NS_TEST_ASSERT_MSG_EQ(s.flows[9002].back().ttl, 62u, "C->A route optimized");
        for (Client& c : clients)
        {
            c.socket->Close();
        }
    }

    uint32_t m_count; //!< attacking home addresses
};

} // namespace

std::vector<TestCase*>
ns3::haarotest::RoAttacksTestCases()
{
    std::vector<TestCase*> cases;
    cases.push_back(new SpoofedTunnelPortTestCase(false));
    cases.push_back(new SpoofedTunnelPortTestCase(true));
    cases.push_back(new SpoofedInnerSourceTestCase);
    cases.push_back(new ReplyFloodTestCase(0));
    cases.push_back(new ReplyFloodTestCase(20000));
    cases.push_back(new InvalidPrefixTestCase(false));
    cases.push_back(new InvalidPrefixTestCase(true));
    cases.push_back(new UnknownPeersTestCase(0));
    cases.push_back(new UnknownPeersTestCase(50));
    return cases;
}
