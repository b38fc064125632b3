/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The NAT middlebox (Ipv4Nat, NatHelper) with plain UDP, TCP and ICMP traffic: RFC 4787
 * mapping and filtering behaviours, timeouts, port allocation, hairpinning, MaxMappings,
 * reboot, untranslatable protocols, ICMP echo and errors, fragments, and garbage input.
 *
 * Topology (point-to-point links, static routes):
 *
 *   host i (192.168.i+1.1) -- (192.168.i+1.2) NAT (100.64.0.1) -- (100.64.0.2) router
 *   router (198.51.100+j.1) -- (198.51.100+j.2) server j
 *
 * The router has no route to the private networks unless a test adds one.
 */
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/ns3-compat.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"

#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <vector>

using namespace ns3;

namespace
{

/// One received datagram.
struct Rx
{
    Time at;          //!< when
    Ipv4Address from; //!< source address seen
    uint16_t port;    //!< source port seen
    uint32_t size;    //!< payload size
};

/**
 * \ingroup haaro-tests
 * A UDP socket bound to a port that records what it receives (source as seen by the
 * receiver) and can echo it back.
 */
class UdpEndpoint
{
  public:
    /// \param node node \param port local port \param echo echo every datagram back
    UdpEndpoint(Ptr<Node> node, uint16_t port, bool echo = false)
        : m_echo(echo)
    {
        socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
        socket->SetRecvCallback(MakeCallback(&UdpEndpoint::OnRecv, this));
    }

    /// \param at when \param to destination \param size payload size
    void SendAt(Time at, InetSocketAddress to, uint32_t size = 100)
    {
        HaaroSchedule(at, [this, to, size]() { socket->SendTo(Create<Packet>(size), 0, to); });
    }

    /// \param at when \param to computes the destination at send time \param size payload
    void SendAtLazy(Time at, std::function<InetSocketAddress()> to, uint32_t size = 100)
    {
        HaaroSchedule(at, [this, to, size]() { socket->SendTo(Create<Packet>(size), 0, to()); });
    }

    /// \param from a source \return number of datagrams received from it
    uint32_t CountFrom(Ipv4Address from, uint16_t port) const
    {
        uint32_t n = 0;
        for (const auto& r : rx)
        {
            n += (r.from == from && r.port == port) ? 1 : 0;
        }
        return n;
    }

    Ptr<Socket> socket; //!< the socket
    std::vector<Rx> rx; //!< what was received

  private:
    /// \param s socket
    void OnRecv(Ptr<Socket> s)
    {
        Address from;
        Ptr<Packet> p;
        while ((p = s->RecvFrom(from)))
        {
            InetSocketAddress a = InetSocketAddress::ConvertFrom(from);
            rx.push_back({Simulator::Now(), a.GetIpv4(), a.GetPort(), p->GetSize()});
            if (m_echo)
            {
                s->SendTo(Create<Packet>(p->GetSize()), 0, from);
            }
        }
    }

    bool m_echo; //!< echo mode
};

/**
 * \ingroup haaro-tests
 * A minimal ping over a raw ICMP socket: echo requests with a chosen identifier, replies
 * counted by sequence number and their ICMP checksum verified.
 */
class Pinger
{
  public:
    /// \param node node \param to destination \param id echo identifier
    Pinger(Ptr<Node> node, Ipv4Address to, uint16_t id)
        : m_to(to),
          m_id(id)
    {
        m_socket = Socket::CreateSocket(node, Ipv4RawSocketFactory::GetTypeId());
        m_socket->SetAttribute("Protocol", UintegerValue(1));
        m_socket->Bind();
        m_socket->SetRecvCallback(MakeCallback(&Pinger::OnRecv, this));
    }

    /// \param start first request \param count requests \param interval between them
    void Start(Time start, uint16_t count, Time interval)
    {
        for (uint16_t seq = 0; seq < count; ++seq)
        {
            Simulator::Schedule(start + interval * seq, &Pinger::Send, this, seq);
        }
    }

    std::set<uint16_t> replies; //!< sequence numbers answered
    uint32_t badChecksums{0};   //!< replies with a wrong ICMP checksum

  private:
    /// \param seq sequence number
    void Send(uint16_t seq)
    {
        Icmpv4Echo echo;
        echo.SetIdentifier(m_id);
        echo.SetSequenceNumber(seq);
        echo.SetData(Create<Packet>(32));
        Ptr<Packet> p = Create<Packet>();
        p->AddHeader(echo);
        Icmpv4Header h;
        h.SetType(Icmpv4Header::ICMPV4_ECHO);
        h.SetCode(0);
        if (Node::ChecksumEnabled())
        {
            h.EnableChecksum();
        }
        p->AddHeader(h);
        m_socket->SendTo(p, 0, InetSocketAddress(m_to, 0));
    }

    /// \param s socket
    void OnRecv(Ptr<Socket> s)
    {
        Ptr<Packet> p;
        while ((p = s->Recv()))
        {
            Ipv4Header ip;
            p->RemoveHeader(ip);
            if (ip.GetSource() != m_to)
            {
                continue;
            }
            std::vector<uint8_t> raw(p->GetSize());
            p->CopyData(raw.data(), raw.size());
            Icmpv4Header h;
            p->RemoveHeader(h);
            if (h.GetType() != Icmpv4Header::ICMPV4_ECHO_REPLY)
            {
                continue;
            }
            Icmpv4Echo echo;
            p->RemoveHeader(echo);
            if (echo.GetIdentifier() != m_id)
            {
                continue;
            }
            uint32_t sum = 0;
            for (size_t i = 0; i + 1 < raw.size(); i += 2)
            {
                sum += (raw[i] << 8) | raw[i + 1];
            }
            if (raw.size() % 2)
            {
                sum += raw.back() << 8;
            }
            while (sum >> 16)
            {
                sum = (sum & 0xffff) + (sum >> 16);
            }
            badChecksums += (sum == 0xffff) ? 0 : 1;
            replies.insert(echo.GetSequenceNumber());
        }
    }

    Ptr<Socket> m_socket; //!< raw ICMP socket
    Ipv4Address m_to;     //!< destination
    uint16_t m_id;        //!< identifier
};

/**
 * \param e an endpoint \param i index of a received datagram
 * \return the source port of that datagram, or 1 if there is none (the test then fails on
 *         its own assertions instead of throwing inside the simulation)
 */
uint16_t
RxPort(const UdpEndpoint& e, size_t i)
{
    return i < e.rx.size() ? e.rx[i].port : 1;
}

/**
 * \ingroup haaro-tests
 * Inside hosts -- NAT -- router -- servers.
 */
class NatTestNetwork
{
  public:
    /**
     * \param hosts number of inside hosts (one inside link each)
     * \param servers number of outside servers
     * \param natHelper configured helper
     */
    NatTestNetwork(uint32_t hosts, uint32_t servers, const NatHelper& natHelper)
    {
        hostNodes.Create(hosts);
        serverNodes.Create(servers);
        nat = CreateObject<Node>();
        router = CreateObject<Node>();
        InternetStackHelper stack;
        stack.Install(hostNodes);
        stack.Install(serverNodes);
        stack.Install(nat);
        stack.Install(router);

        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("2ms"));
        Ipv4AddressHelper addr;
        Ipv4StaticRoutingHelper sr;

        std::vector<uint32_t> inside;
        for (uint32_t i = 0; i < hosts; ++i)
        {
            NetDeviceContainer d = p2p.Install(hostNodes.Get(i), nat);
            std::ostringstream net;
            net << "192.168." << i + 1 << ".0";
            addr.SetBase(net.str().c_str(), "255.255.255.0");
            Ipv4InterfaceContainer ifs = addr.Assign(d);
            hostAddress.push_back(ifs.GetAddress(0));
            inside.push_back(ifs.Get(1).second);
            sr.GetStaticRouting(hostNodes.Get(i)->GetObject<Ipv4>())
                ->SetDefaultRoute(ifs.GetAddress(1), ifs.Get(0).second);
        }
        {
            NetDeviceContainer d = p2p.Install(nat, router);
            addr.SetBase("100.64.0.0", "255.255.255.0");
            Ipv4InterfaceContainer ifs = addr.Assign(d);
            publicAddress = ifs.GetAddress(0);
            routerAddress = ifs.GetAddress(1);
            outside = ifs.Get(0).second;
            routerToNat = ifs.Get(1).second;
            sr.GetStaticRouting(nat->GetObject<Ipv4>())->SetDefaultRoute(routerAddress, outside);
        }
        for (uint32_t j = 0; j < servers; ++j)
        {
            NetDeviceContainer d = p2p.Install(router, serverNodes.Get(j));
            std::ostringstream net;
            net << "198.51." << 100 + j << ".0";
            addr.SetBase(net.str().c_str(), "255.255.255.0");
            Ipv4InterfaceContainer ifs = addr.Assign(d);
            serverAddress.push_back(ifs.GetAddress(1));
            sr.GetStaticRouting(serverNodes.Get(j)->GetObject<Ipv4>())
                ->SetDefaultRoute(ifs.GetAddress(0), ifs.Get(1).second);
        }
        insideInterfaces = inside;
        natApp = natHelper.Install(nat, inside, outside);
        natApp->AssignStreams(7);
    }

    /// \brief lets the router reach the private networks through the NAT (a leak)
    void RouteprivateViaNat()
    {
        Ipv4StaticRoutingHelper sr;
        sr.GetStaticRouting(router->GetObject<Ipv4>())
            ->AddNetworkRouteTo("192.168.0.0", "255.255.0.0", publicAddress, routerToNat);
    }

    NodeContainer hostNodes;                //!< inside hosts
    NodeContainer serverNodes;              //!< outside servers
    Ptr<Node> nat;                          //!< NAT node
    Ptr<Node> router;                       //!< router
    Ptr<Ipv4Nat> natApp;                    //!< the NAT
    std::vector<Ipv4Address> hostAddress;   //!< host addresses
    std::vector<Ipv4Address> serverAddress; //!< server addresses
    Ipv4Address publicAddress;              //!< NAT outside address
    Ipv4Address routerAddress;              //!< router address towards the NAT
    std::vector<uint32_t> insideInterfaces; //!< NAT inside interfaces
    uint32_t outside{0};                    //!< NAT outside interface
    uint32_t routerToNat{0};                //!< router interface towards the NAT
};

/// Base class: checksums on during the test, simulator destroyed after it.
class NatTestCase : public TestCase
{
  public:
    /// \param name test name
    explicit NatTestCase(std::string name)
        : TestCase(name)
    {
    }

  protected:
    void DoSetup() override
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
    }

    void DoTeardown() override
    {
        Simulator::Destroy();
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
    }
};

/// \param b behaviour \return its name
std::string
BehaviorName(Ipv4Nat::Behavior b)
{
    switch (b)
    {
    case Ipv4Nat::ENDPOINT_INDEPENDENT:
        return "endpoint-independent";
    case Ipv4Nat::ADDRESS_DEPENDENT:
        return "address-dependent";
    default:
        return "address-and-port-dependent";
    }
}

/**
 * \param nat a NAT \param name one of its mapping trace sources ("MappingCreated",
 * "FilterDrop", ...) \param n incremented at each call
 */
void
CountMappingTrace(Ptr<Ipv4Nat> nat, const std::string& name, uint32_t* n)
{
    nat->TraceConnectWithoutContext(name,
                                    MakeCallback(+[](uint32_t* count,
                                                     uint8_t,
                                                     const InetSocketAddress&,
                                                     const InetSocketAddress&,
                                                     const InetSocketAddress&) {
                                        ++*count;
                                    }).Bind(n));
}

/**
 * \ingroup haaro-tests
 * The mapping and filtering tests (RFC 4787 sections 4.1 and 5): a NAT with one behaviour
 * set (attribute Mapping or Filtering), one inside host whose client uses port 5000, and two
 * servers with the endpoints 0:7 (echoing), 0:8 and 1:7.
 */
class NatBehaviorTestCase : public NatTestCase
{
  protected:
    /// \param attribute "Mapping" or "Filtering" \param b its value
    NatBehaviorTestCase(const std::string& attribute, Ipv4Nat::Behavior b)
        : NatTestCase((attribute == "Mapping" ? "mapping " : "filtering ") + BehaviorName(b)),
          m_attribute(attribute),
          m_behavior(b)
    {
    }

    /// The network and its endpoints.
    struct Network
    {
        /**
         * \param attribute the behaviour attribute \param b its value
         * \param echo endpoints 0:8 and 1:7 echo too
         */
        Network(const std::string& attribute, Ipv4Nat::Behavior b, bool echo)
            : net(1, 2, Helper(attribute, b)),
              client(net.hostNodes.Get(0), 5000),
              s0a(net.serverNodes.Get(0), 7, true),
              s0b(net.serverNodes.Get(0), 8, echo),
              s1(net.serverNodes.Get(1), 7, echo),
              a0(net.serverAddress[0]),
              a1(net.serverAddress[1])
        {
        }

        /// \param attribute the behaviour attribute \param b its value \return the helper
        static NatHelper Helper(const std::string& attribute, Ipv4Nat::Behavior b)
        {
            NatHelper helper;
            helper.SetAttribute(attribute, EnumValue(b));
            return helper;
        }

        NatTestNetwork net; //!< the network
        UdpEndpoint client; //!< inside, port 5000
        UdpEndpoint s0a;    //!< server 0, port 7 (echoes)
        UdpEndpoint s0b;    //!< server 0, port 8
        UdpEndpoint s1;     //!< server 1, port 7
        Ipv4Address a0;     //!< server 0's address
        Ipv4Address a1;     //!< server 1's address
    };

    std::string m_attribute;      //!< Mapping or Filtering
    Ipv4Nat::Behavior m_behavior; //!< its value
};

// -----------------------------------------------------------------------------------------

/**
 * \ingroup haaro-tests
 * Mapping behaviour: the external port that two servers (three remote endpoints) see.
 */
class NatMappingTestCase : public NatBehaviorTestCase
{
  public:
    /// \param b mapping behaviour
    explicit NatMappingTestCase(Ipv4Nat::Behavior b)
        : NatBehaviorTestCase("Mapping", b)
    {
    }

  private:
    void DoRun() override
    {
        Network n(m_attribute, m_behavior, true);
        n.client.SendAt(Seconds(1), InetSocketAddress(n.a0, 7));
        n.client.SendAt(Seconds(1.1), InetSocketAddress(n.a0, 8));
        n.client.SendAt(Seconds(1.2), InetSocketAddress(n.a1, 7));
        n.client.SendAt(Seconds(2), InetSocketAddress(n.a0, 7));
        uint32_t created = 0;
        CountMappingTrace(n.net.natApp, "MappingCreated", &created);
        Simulator::Stop(Seconds(5));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(n.s0a.rx.size(), 2, "server 0 port 7 got both datagrams");
        NS_TEST_ASSERT_MSG_EQ(n.s0b.rx.size(), 1, "server 0 port 8 got its datagram");
        NS_TEST_ASSERT_MSG_EQ(n.s1.rx.size(), 1, "server 1 got its datagram");
        if (n.s0a.rx.size() != 2 || n.s0b.rx.size() != 1 || n.s1.rx.size() != 1)
        {
            return; // (ns-3 test assertions continue after a failure)
        }
        for (const auto* s : {&n.s0a, &n.s0b, &n.s1})
        {
            NS_TEST_ASSERT_MSG_EQ(s->rx[0].from, n.net.publicAddress, "source translated");
        }
        uint16_t p07 = n.s0a.rx[0].port;
        uint16_t p08 = n.s0b.rx[0].port;
        uint16_t p17 = n.s1.rx[0].port;
        NS_TEST_ASSERT_MSG_EQ(n.s0a.rx[1].port, p07, "same remote endpoint, same mapping");
        NS_TEST_ASSERT_MSG_EQ(p07, 5000, "port preserved for the first mapping");
        switch (m_behavior)
        {
        case Ipv4Nat::ENDPOINT_INDEPENDENT:
            NS_TEST_ASSERT_MSG_EQ(p08, p07, "EIM: same port for another remote port");
            NS_TEST_ASSERT_MSG_EQ(p17, p07, "EIM: same port for another remote address");
            NS_TEST_ASSERT_MSG_EQ(created, 1, "one mapping");
            break;
        case Ipv4Nat::ADDRESS_DEPENDENT:
            NS_TEST_ASSERT_MSG_EQ(p08, p07, "ADM: same port for the same remote address");
            NS_TEST_ASSERT_MSG_NE(p17, p07, "ADM: new port for another remote address");
            NS_TEST_ASSERT_MSG_EQ(created, 2, "two mappings");
            break;
        default:
            NS_TEST_ASSERT_MSG_NE(p08, p07, "APDM: new port for another remote port");
            NS_TEST_ASSERT_MSG_NE(p17, p07, "APDM: new port for another remote address");
            NS_TEST_ASSERT_MSG_NE(p17, p08, "APDM: all ports differ");
            NS_TEST_ASSERT_MSG_EQ(created, 3, "three mappings");
            break;
        }
        NS_TEST_ASSERT_MSG_EQ(n.net.natApp->GetMappingCount(), created, "live mappings");
        std::ostringstream table;
        n.net.natApp->PrintRoutingTable(Create<OutputStreamWrapper>(&table));
        NS_TEST_ASSERT_MSG_NE(table.str().find("192.168.1.1:5000"),
                              std::string::npos,
                              "PrintRoutingTable lists the mapping");
        // echoes came back through the NAT with the servers' real endpoints as source
        NS_TEST_ASSERT_MSG_EQ(n.client.rx.size(), 4, "all echoes received (checksums on)");
        NS_TEST_ASSERT_MSG_EQ(n.client.CountFrom(n.a0, 7), 2, "echo from server 0:7");
        NS_TEST_ASSERT_MSG_EQ(n.client.CountFrom(n.a0, 8), 1, "echo from server 0:8");
        NS_TEST_ASSERT_MSG_EQ(n.client.CountFrom(n.a1, 7), 1, "echo from server 1:7");
        NS_TEST_ASSERT_MSG_EQ(n.net.natApp->GetTranslatedPackets(), 8, "8 packets translated");
        NS_TEST_ASSERT_MSG_EQ(n.net.natApp->GetTotalDrops(), 0, "no drop");
    }
};

// -----------------------------------------------------------------------------------------

/**
 * \ingroup haaro-tests
 * Filtering behaviour: which unsolicited packets reach the inside endpoint.
 */
class NatFilteringTestCase : public NatBehaviorTestCase
{
  public:
    /// \param b filtering behaviour
    explicit NatFilteringTestCase(Ipv4Nat::Behavior b)
        : NatBehaviorTestCase("Filtering", b)
    {
    }

  private:
    void DoRun() override
    {
        Network n(m_attribute, m_behavior, false);
        Ipv4Address pub = n.net.publicAddress;
        uint32_t filterTraces = 0;
        CountMappingTrace(n.net.natApp, "FilterDrop", &filterTraces);

        n.client.SendAt(Seconds(1), InetSocketAddress(n.a0, 7));
        auto mapped = [&n, pub]() { return InetSocketAddress(pub, RxPort(n.s0a, 0)); };
        auto unmapped = [&n, pub]() { return InetSocketAddress(pub, RxPort(n.s0a, 0) + 100); };
        n.s0b.SendAtLazy(Seconds(2), mapped);  // same address, other port
        n.s1.SendAtLazy(Seconds(3), mapped);   // other address
        n.s0a.SendAtLazy(Seconds(4), mapped);  // the endpoint the client sent to
        n.s1.SendAtLazy(Seconds(5), unmapped); // a port without mapping
        Simulator::Stop(Seconds(6));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(n.client.CountFrom(n.a0, 7), 2, "echo and later packet from 0:7");
        uint32_t fromS0b = n.client.CountFrom(n.a0, 8);
        uint32_t fromS1 = n.client.CountFrom(n.a1, 7);
        uint64_t filtered = n.net.natApp->GetFilteredDrops();
        switch (m_behavior)
        {
        case Ipv4Nat::ENDPOINT_INDEPENDENT:
            NS_TEST_ASSERT_MSG_EQ(fromS0b, 1, "EIF: other port allowed");
            NS_TEST_ASSERT_MSG_EQ(fromS1, 1, "EIF: other address allowed");
            NS_TEST_ASSERT_MSG_EQ(filtered, 1, "EIF: only the unmapped port is dropped");
            break;
        case Ipv4Nat::ADDRESS_DEPENDENT:
            NS_TEST_ASSERT_MSG_EQ(fromS0b, 1, "ADF: other port of a known address allowed");
            NS_TEST_ASSERT_MSG_EQ(fromS1, 0, "ADF: other address dropped");
            NS_TEST_ASSERT_MSG_EQ(filtered, 2, "ADF: two drops");
            break;
        default:
            NS_TEST_ASSERT_MSG_EQ(fromS0b, 0, "APDF: other port dropped");
            NS_TEST_ASSERT_MSG_EQ(fromS1, 0, "APDF: other address dropped");
            NS_TEST_ASSERT_MSG_EQ(filtered, 3, "APDF: three drops");
            break;
        }
        NS_TEST_ASSERT_MSG_EQ(filterTraces, filtered, "every filtered packet traced");
        NS_TEST_ASSERT_MSG_EQ(n.net.natApp->GetTotalDrops(), filtered, "no other drop");
    }
};

// -----------------------------------------------------------------------------------------

/**
 * \ingroup haaro-tests
 * UDP mapping timeout (120 s), outbound-only refresh, new mapping after expiry.
 */
class NatUdpTimeoutTestCase : public NatTestCase
{
  public:
    NatUdpTimeoutTestCase()
        : NatTestCase("UDP mapping timeout and refresh")
    {
    }

  private:
    void DoRun() override
    {
        NatHelper helper;
        helper.SetAttribute("PortAllocation", EnumValue(Ipv4Nat::PORT_SEQUENTIAL));
        NatTestNetwork net(1, 1, helper);
        UdpEndpoint idle(net.hostNodes.Get(0), 5000);   // sends once
        UdpEndpoint active(net.hostNodes.Get(0), 6000); // sends again at 100 s
        UdpEndpoint server(net.serverNodes.Get(0), 7);
        Ipv4Address a0 = net.serverAddress[0];
        Ipv4Address pub = net.publicAddress;
        idle.SendAt(Seconds(1), InetSocketAddress(a0, 7));
        active.SendAt(Seconds(1.5), InetSocketAddress(a0, 7));
        active.SendAt(Seconds(100), InetSocketAddress(a0, 7));
        // server learns the two external ports from the first two datagrams
        auto toIdle = [&server, pub]() { return InetSocketAddress(pub, RxPort(server, 0)); };
        auto toActive = [&server, pub]() { return InetSocketAddress(pub, RxPort(server, 1)); };
        // inbound traffic does not refresh (RFC 4787 REQ-6, outbound refresh only)
        server.SendAtLazy(Seconds(60), toIdle);              // delivered
        server.SendAtLazy(Seconds(115), toIdle);             // delivered (idle 114 s)
        server.SendAtLazy(Seconds(122), toIdle);             // dropped: expired at 121 s
        server.SendAtLazy(Seconds(200), toActive);           // delivered: refreshed at 100 s
        server.SendAtLazy(Seconds(221), toActive);           // dropped: expired at 220 s
        idle.SendAt(Seconds(130), InetSocketAddress(a0, 7)); // new mapping
        std::vector<Time> expiredAt;
        net.natApp->TraceConnectWithoutContext("MappingExpired",
                                               MakeCallback(+[](std::vector<Time>* v,
                                                                uint8_t,
                                                                const InetSocketAddress&,
                                                                const InetSocketAddress&,
                                                                const InetSocketAddress&) {
                                                   v->push_back(Simulator::Now());
                                               }).Bind(&expiredAt));
        uint32_t countAt50 = 0;
        uint32_t countAt125 = 0;
        HaaroSchedule(Seconds(50), [&]() { countAt50 = net.natApp->GetMappingCount(); });
        HaaroSchedule(Seconds(125), [&]() { countAt125 = net.natApp->GetMappingCount(); });
        Simulator::Stop(Seconds(230));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(countAt50, 2, "two live mappings at 50 s");
        NS_TEST_ASSERT_MSG_EQ(countAt125, 1, "the idle mapping is gone at 125 s");
        NS_TEST_ASSERT_MSG_EQ(idle.rx.size(), 2, "idle mapping: 60 s and 115 s delivered");
        NS_TEST_ASSERT_MSG_EQ(active.rx.size(), 1, "refreshed mapping: 200 s delivered");
        NS_TEST_ASSERT_MSG_EQ(net.natApp->GetFilteredDrops(), 2, "122 s and 221 s dropped");
        NS_TEST_ASSERT_MSG_EQ(server.rx.size(), 4, "server got 4 datagrams");
        NS_TEST_ASSERT_MSG_EQ(expiredAt.size(), 2, "two mappings expired by 230 s");
        if (server.rx.size() != 4 || expiredAt.size() != 2)
        {
            return;
        }
        uint16_t first = server.rx[0].port;
        uint16_t second = server.rx[1].port;
        uint16_t renewed = server.rx[3].port;
        NS_TEST_ASSERT_MSG_EQ(first, 1024, "sequential allocation starts at the range start");
        NS_TEST_ASSERT_MSG_EQ(second, 1025, "then the next port");
        NS_TEST_ASSERT_MSG_EQ(server.rx[2].port, second, "refresh keeps the port");
        NS_TEST_ASSERT_MSG_EQ(renewed, 1026, "the new mapping after expiry has a new port");
        NS_TEST_ASSERT_MSG_EQ(net.natApp->GetMappingsCreated(), 3, "three mappings created");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(expiredAt[0], Seconds(121), "not before 120 s idle");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(expiredAt[0], Seconds(122), "swept within 1 s");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(expiredAt[1], Seconds(220), "refreshed: 120 s after 100 s");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(expiredAt[1], Seconds(221), "swept within 1 s");
    }
};

// -----------------------------------------------------------------------------------------

/**
 * \ingroup haaro-tests
 * TCP through the NAT (RFC 5382): a bulk transfer with checksums on that ends with FINs
 * both ways (transitory timeout, 240 s, after the close), an idle established connection
 * (established timeout, 7440 s) and a SYN answered by a RST (transitory timeout).
 */
class NatTcpTestCase : public NatTestCase
{
  public:
    NatTcpTestCase()
        : NatTestCase("TCP bulk transfer, established and transitory timeouts")
    {
    }

  private:
    /// Last translated segment of a host's connection.
    struct Last
    {
        uint16_t port{0}; //!< inside port
        Time at;          //!< when
    };

    /// \param m per inside address \param proto protocol \param inside inside endpoint
    static void OnTranslate(std::map<Ipv4Address, Last>* m,
                            uint8_t proto,
                            const InetSocketAddress& inside,
                            const InetSocketAddress&,
                            const InetSocketAddress&,
                            bool)
    {
        if (proto == 6)
        {
            (*m)[inside.GetIpv4()] = {inside.GetPort(), Simulator::Now()};
        }
    }

    /// \param s socket \brief sends 1000 bytes once connected, then stays idle (no close)
    static void OnConnected(Ptr<Socket> s)
    {
        s->Send(Create<Packet>(1000));
    }

    void DoRun() override
    {
        NatHelper helper;
        NatTestNetwork net(3, 1, helper);
        Ptr<Ipv4Nat> nat = net.natApp;
        const uint32_t bytes = 200000;
        PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), 9));
        ApplicationContainer sink = sinkHelper.Install(net.serverNodes.Get(0));
        // host 0: bulk transfer, closed by both sides when done
        BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(net.serverAddress[0], 9));
        bulk.SetAttribute("MaxBytes", UintegerValue(bytes));
        bulk.Install(net.hostNodes.Get(0)).Start(Seconds(1));
        // host 1: a connection that stays open and idle
        Ptr<Socket> idle =
            Socket::CreateSocket(net.hostNodes.Get(1), TcpSocketFactory::GetTypeId());
        idle->SetConnectCallback(MakeCallback(&OnConnected), MakeNullCallback<void, Ptr<Socket>>());
        HaaroSchedule(Seconds(1),
                      [=]() { idle->Connect(InetSocketAddress(net.serverAddress[0], 9)); });
        // host 2: a closed port; the server answers the SYN with a RST
        Ptr<Socket> refused =
            Socket::CreateSocket(net.hostNodes.Get(2), TcpSocketFactory::GetTypeId());
        HaaroSchedule(Seconds(1),
                      [=]() { refused->Connect(InetSocketAddress(net.serverAddress[0], 10)); });

        std::map<Ipv4Address, Last> last;
        nat->TraceConnectWithoutContext("Translate", MakeBoundCallback(&OnTranslate, &last));
        // probes: is the mapping of host h alive at (its last segment + offset)?
        std::map<std::pair<uint32_t, int>, bool> alive;
        auto probe = [&](uint32_t h, Time offset, int tag) {
            HaaroSchedule(Seconds(100), [&, h, offset, tag]() {
                auto it = last.find(net.hostAddress[h]);
                Last l = it == last.end() ? Last{0, Seconds(100)} : it->second;
                HaaroSchedule(l.at + offset - Simulator::Now(), [&, h, l, tag]() {
                    alive[{h, tag}] = nat->LookupExternalPort(6, net.hostAddress[h], l.port) >= 0;
                });
            });
        };
        const Time transitory = Seconds(240);
        const Time established = Seconds(7440);
        probe(0, transitory - Seconds(2), 0);
        probe(0, transitory + Seconds(2), 1);
        probe(1, established - Seconds(2), 0);
        probe(1, established + Seconds(2), 1);
        probe(2, transitory - Seconds(2), 0);
        probe(2, transitory + Seconds(2), 1);
        uint32_t at200 = 0;
        HaaroSchedule(Seconds(200), [&]() { at200 = nat->GetMappingCount(); });
        Simulator::Stop(Seconds(8000));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(DynamicCast<PacketSink>(sink.Get(0))->GetTotalRx(),
                              bytes + 1000,
                              "every byte arrived through the NAT with checksums on");
        NS_TEST_ASSERT_MSG_EQ(last.size(), 3, "three TCP flows translated");
        NS_TEST_ASSERT_MSG_LT(last[net.hostAddress[0]].at, Seconds(10), "transfer ended");
        // ns-3's RST for a SYN acknowledges seq instead of seq+1, which its own SYN_SENT
        // ignores: the client retransmits its SYN (1, 4, 10, 22, 46, 94 s), each SYN
        // restarting the transitory timer
        NS_TEST_ASSERT_MSG_LT(last[net.hostAddress[2]].at, Seconds(100), "gave up by 100 s");
        NS_TEST_ASSERT_MSG_EQ(at200, 3, "all three mappings alive at 200 s");
        NS_TEST_ASSERT_MSG_EQ(alive[std::make_pair(0u, 0)], true, "closed: alive before 240 s");
        NS_TEST_ASSERT_MSG_EQ(alive[std::make_pair(0u, 1)], false, "closed: gone after 240 s");
        NS_TEST_ASSERT_MSG_EQ(alive[std::make_pair(1u, 0)], true, "idle: alive before 7440 s");
        NS_TEST_ASSERT_MSG_EQ(alive[std::make_pair(1u, 1)], false, "idle: gone after 7440 s");
        NS_TEST_ASSERT_MSG_EQ(alive[std::make_pair(2u, 0)], true, "reset: alive before 240 s");
        NS_TEST_ASSERT_MSG_EQ(alive[std::make_pair(2u, 1)], false, "reset: gone after 240 s");
        NS_TEST_ASSERT_MSG_EQ(nat->GetMappingsExpired(), 3, "three expiries");
        NS_TEST_ASSERT_MSG_EQ(nat->GetTotalDrops(), 0, "no drop");
    }
};

// -----------------------------------------------------------------------------------------

/**
 * \ingroup haaro-tests
 * ICMP: echo from two hosts with the same identifier, pings to the NAT itself, and ICMP
 * errors (port unreachable, time exceeded) translated back to the UDP socket.
 */
class NatIcmpTestCase : public NatTestCase
{
  public:
    NatIcmpTestCase()
        : NatTestCase("ICMP echo and ICMP errors")
    {
    }

  private:
    /// An ICMP error seen by a UDP socket.
    struct IcmpEvent
    {
        Ipv4Address source; //!< ICMP source
        uint8_t type;       //!< type
        uint8_t code;       //!< code
    };

    /// \param v where \param src source \param ttl ttl \param type type \param code code
    /// \param info info
    static void OnIcmp(std::vector<IcmpEvent>* v,
                       Ipv4Address src,
                       uint8_t ttl,
                       uint8_t type,
                       uint8_t code,
                       uint32_t info)
    {
        v->push_back({src, type, code});
    }

    /// An ICMP error as the inside host received it (raw socket).
    struct RawError
    {
        uint8_t type;          //!< ICMP type
        Ipv4Address innerSrc;  //!< embedded source
        Ipv4Address innerDst;  //!< embedded destination
        uint16_t innerSrcPort; //!< embedded source port
        bool icmpChecksumOk;   //!< ICMP checksum verifies
        bool innerChecksumOk;  //!< embedded IP header checksum verifies
    };

    /// \param b octets \param n length \return true if their Internet checksum verifies
    static bool SumOk(const uint8_t* b, size_t n)
    {
        uint32_t sum = 0;
        for (size_t k = 0; k + 1 < n; k += 2)
        {
            sum += (b[k] << 8) | b[k + 1];
        }
        if (n % 2)
        {
            sum += b[n - 1] << 8;
        }
        while (sum >> 16)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return sum == 0xffff;
    }

    /// \param v where \param s raw ICMP socket
    static void OnRawIcmp(std::vector<RawError>* v, Ptr<Socket> s)
    {
        Ptr<Packet> p;
        while ((p = s->Recv()))
        {
            Ipv4Header ip;
            p->RemoveHeader(ip);
            std::vector<uint8_t> b(p->GetSize());
            p->CopyData(b.data(), b.size());
            if (b.size() < 36 || (b[0] != 3 && b[0] != 11))
            {
                continue;
            }
            auto addr = [&b](size_t o) {
                return Ipv4Address((uint32_t(b[o]) << 24) | (uint32_t(b[o + 1]) << 16) |
                                   (uint32_t(b[o + 2]) << 8) | b[o + 3]);
            };
            v->push_back({b[0],
                          addr(20),
                          addr(24),
                          static_cast<uint16_t>((b[28] << 8) | b[29]),
                          SumOk(b.data(), b.size()),
                          SumOk(b.data() + 8, 20)});
        }
    }

    void DoRun() override
    {
        NatHelper helper;
        // sequential allocation: external ports and identifiers differ from the inside ones
        helper.SetAttribute("PortAllocation", EnumValue(Ipv4Nat::PORT_SEQUENTIAL));
        NatTestNetwork net(2, 2, helper);
        Pinger p0(net.hostNodes.Get(0), net.serverAddress[0], 0);
        Pinger p1(net.hostNodes.Get(1), net.serverAddress[0], 0); // same identifier
        Pinger p2(net.hostNodes.Get(0), net.publicAddress, 0);    // the NAT itself
        Pinger p3(net.serverNodes.Get(1), net.publicAddress, 0);  // from the outside
        for (Pinger* p : {&p0, &p1, &p2, &p3})
        {
            p->Start(Seconds(1), 5, Seconds(1));
        }

        std::vector<IcmpEvent> unreachable;
        std::vector<IcmpEvent> exceeded;
        UdpEndpoint u1(net.hostNodes.Get(0), 5001);
        u1.socket->SetAttribute("IcmpCallback",
                                CallbackValue(MakeBoundCallback(&OnIcmp, &unreachable)));
        u1.SendAt(Seconds(2), InetSocketAddress(net.serverAddress[0], 999)); // closed port
        UdpEndpoint u2(net.hostNodes.Get(0), 5002);
        u2.socket->SetAttribute("IcmpCallback",
                                CallbackValue(MakeBoundCallback(&OnIcmp, &exceeded)));
        u2.socket->SetIpTtl(2); // NAT -> 1, router -> 0: Time Exceeded from the router
        u2.SendAt(Seconds(2), InetSocketAddress(net.serverAddress[1], 7));
        std::vector<RawError> rawErrors;
        Ptr<Socket> raw =
            Socket::CreateSocket(net.hostNodes.Get(0), Ipv4RawSocketFactory::GetTypeId());
        raw->SetAttribute("Protocol", UintegerValue(1));
        raw->Bind();
        raw->SetRecvCallback(MakeBoundCallback(&OnRawIcmp, &rawErrors));
        Simulator::Stop(Seconds(7));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(rawErrors.size(), 2, "two ICMP errors reached host 0");
        for (const auto& e : rawErrors)
        {
            NS_TEST_ASSERT_MSG_EQ(e.innerSrc, net.hostAddress[0], "embedded source translated");
            NS_TEST_ASSERT_MSG_EQ(e.innerSrcPort,
                                  (e.type == 3 ? 5001 : 5002),
                                  "embedded source port translated");
            NS_TEST_ASSERT_MSG_EQ(e.icmpChecksumOk, true, "ICMP checksum valid");
            NS_TEST_ASSERT_MSG_EQ(e.innerChecksumOk, true, "embedded IP checksum valid");
        }

        NS_TEST_ASSERT_MSG_EQ(p0.replies.size(), 5, "host 0 pings through the NAT");
        NS_TEST_ASSERT_MSG_EQ(p1.replies.size(), 5, "host 1 pings through the NAT (same id 0)");
        NS_TEST_ASSERT_MSG_EQ(p2.replies.size(), 5, "host pings the NAT's public address");
        NS_TEST_ASSERT_MSG_EQ(p3.replies.size(), 5, "outside pings the NAT's public address");
        for (Pinger* p : {&p0, &p1, &p2, &p3})
        {
            NS_TEST_ASSERT_MSG_EQ(p->badChecksums, 0, "ICMP checksums valid");
        }
        int32_t id0 = net.natApp->LookupExternalPort(1, net.hostAddress[0], 0);
        int32_t id1 = net.natApp->LookupExternalPort(1, net.hostAddress[1], 0);
        NS_TEST_ASSERT_MSG_NE(id0, -1, "ICMP mapping of host 0");
        NS_TEST_ASSERT_MSG_NE(id1, -1, "ICMP mapping of host 1");
        NS_TEST_ASSERT_MSG_NE(id0, id1, "different external identifiers");

        NS_TEST_ASSERT_MSG_EQ(unreachable.size(), 1, "port unreachable reached the socket");
        if (!unreachable.empty())
        {
            NS_TEST_ASSERT_MSG_EQ(unreachable[0].source, net.serverAddress[0], "from server");
            NS_TEST_ASSERT_MSG_EQ(unsigned(unreachable[0].type), 3, "destination unreachable");
            NS_TEST_ASSERT_MSG_EQ(unsigned(unreachable[0].code), 3, "port unreachable");
        }
        NS_TEST_ASSERT_MSG_EQ(exceeded.size(), 1, "time exceeded reached the socket");
        if (!exceeded.empty())
        {
            NS_TEST_ASSERT_MSG_EQ(exceeded[0].source, net.routerAddress, "from the router");
            NS_TEST_ASSERT_MSG_EQ(unsigned(exceeded[0].type), 11, "time exceeded");
        }
        NS_TEST_ASSERT_MSG_EQ(net.natApp->GetTotalDrops(), 0, "no drop");
    }
};

// -----------------------------------------------------------------------------------------

/**
 * \ingroup haaro-tests
 * Hairpinning on and off (RFC 4787 REQ-9).
 */
class NatHairpinTestCase : public NatTestCase
{
  public:
    /// \param on Hairpinning attribute
    explicit NatHairpinTestCase(bool on)
        : NatTestCase(std::string("hairpinning ") + (on ? "on" : "off")),
          m_on(on)
    {
    }

  private:
    void DoRun() override
    {
        NatHelper helper;
        helper.SetAttribute("Hairpinning", BooleanValue(m_on));
        helper.SetAttribute("Filtering", EnumValue(Ipv4Nat::ENDPOINT_INDEPENDENT));
        NatTestNetwork net(2, 1, helper);
        UdpEndpoint a(net.hostNodes.Get(0), 5000);
        UdpEndpoint b(net.hostNodes.Get(1), 6000, true);
        UdpEndpoint server(net.serverNodes.Get(0), 7);
        Ipv4Address pub = net.publicAddress;
        b.SendAt(Seconds(1), InetSocketAddress(net.serverAddress[0], 7));   // B's mapping
        a.SendAt(Seconds(1.5), InetSocketAddress(net.serverAddress[0], 7)); // A's mapping
        a.SendAtLazy(Seconds(2),
                     [&server, pub]() { return InetSocketAddress(pub, RxPort(server, 0)); });
        Simulator::Stop(Seconds(4));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(server.rx.size(), 2, "both mappings made");
        if (server.rx.size() != 2)
        {
            return;
        }
        uint16_t extB = server.rx[0].port;
        uint16_t extA = server.rx[1].port;
        if (m_on)
        {
            NS_TEST_ASSERT_MSG_EQ(b.rx.size(), 1, "B got A's packet through the hairpin");
            if (!b.rx.empty())
            {
                NS_TEST_ASSERT_MSG_EQ(b.rx[0].from, pub, "source is the public address");
                NS_TEST_ASSERT_MSG_EQ(b.rx[0].port, extA, "source port is A's mapped port");
            }
            NS_TEST_ASSERT_MSG_EQ(a.CountFrom(pub, extB), 1, "A got B's echo from B's mapping");
            NS_TEST_ASSERT_MSG_EQ(net.natApp->GetTotalDrops(), 0, "no drop");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(b.rx.size(), 0, "nothing reached B");
            NS_TEST_ASSERT_MSG_EQ(net.natApp->GetDrops(Ipv4Nat::DROP_HAIRPIN), 1, "counted");
        }
    }

    bool m_on; //!< hairpinning
};

// -----------------------------------------------------------------------------------------

/**
 * \ingroup haaro-tests
 * Port allocation: preserving, sequential, random (reproducible), range exhaustion.
 */
class NatPortAllocationTestCase : public NatTestCase
{
  public:
    NatPortAllocationTestCase()
        : NatTestCase("port allocation modes")
    {
    }

  private:
    /**
     * Two hosts send from port 5000 (and host 0 also from 5001) to one server.
     * \param mode allocation \param rangeStart first port \param rangeEnd last port
     * \param refused [out] refused mappings
     * \return the external ports the server saw, in sending order
     */
    std::vector<uint16_t> Run(Ipv4Nat::PortAllocation mode,
                              uint16_t rangeStart,
                              uint16_t rangeEnd,
                              uint64_t* refused)
    {
        NatHelper helper;
        helper.SetAttribute("PortAllocation", EnumValue(mode));
        helper.SetAttribute("PortRangeStart", UintegerValue(rangeStart));
        helper.SetAttribute("PortRangeEnd", UintegerValue(rangeEnd));
        NatTestNetwork net(2, 1, helper);
        UdpEndpoint h0(net.hostNodes.Get(0), 5000);
        UdpEndpoint h1(net.hostNodes.Get(1), 5000);
        UdpEndpoint h0b(net.hostNodes.Get(0), 5001);
        UdpEndpoint server(net.serverNodes.Get(0), 7);
        InetSocketAddress to(net.serverAddress[0], 7);
        h0.SendAt(Seconds(1), to);
        h1.SendAt(Seconds(1.1), to);
        h0b.SendAt(Seconds(1.2), to);
        Simulator::Stop(Seconds(3));
        Simulator::Run();
        std::vector<uint16_t> ports;
        for (const auto& r : server.rx)
        {
            ports.push_back(r.port);
        }
        *refused = net.natApp->GetMappingsRefused();
        Simulator::Destroy();
        return ports;
    }

    void DoRun() override
    {
        uint64_t refused = 0;
        std::vector<uint16_t> p = Run(Ipv4Nat::PORT_PRESERVING, 1024, 65535, &refused);
        NS_TEST_ASSERT_MSG_EQ(p.size(), 3, "preserving: three mappings");
        p.resize(3);
        NS_TEST_ASSERT_MSG_EQ(p[0], 5000, "preserving: inside port kept");
        NS_TEST_ASSERT_MSG_EQ(p[1], 5001, "preserving: taken, next free port");
        NS_TEST_ASSERT_MSG_EQ(p[2], 5002, "preserving: 5001 taken by host 1, next free");

        p = Run(Ipv4Nat::PORT_SEQUENTIAL, 20000, 30000, &refused);
        NS_TEST_ASSERT_MSG_EQ(p.size(), 3, "sequential: three mappings");
        p.resize(3);
        NS_TEST_ASSERT_MSG_EQ(p[0], 20000, "sequential: range start");
        NS_TEST_ASSERT_MSG_EQ(p[1], 20001, "sequential: next");
        NS_TEST_ASSERT_MSG_EQ(p[2], 20002, "sequential: next");

        std::vector<uint16_t> r1 = Run(Ipv4Nat::PORT_RANDOM, 1024, 65535, &refused);
        std::vector<uint16_t> r2 = Run(Ipv4Nat::PORT_RANDOM, 1024, 65535, &refused);
        NS_TEST_ASSERT_MSG_EQ(r1.size(), 3, "random: three mappings");
        NS_TEST_ASSERT_MSG_EQ((r1 == r2), true, "random: same streams, same ports");
        std::set<uint16_t> distinct(r1.begin(), r1.end());
        NS_TEST_ASSERT_MSG_EQ(distinct.size(), 3, "random: distinct ports");
        NS_TEST_ASSERT_MSG_EQ((r1 != std::vector<uint16_t>{5000, 5001, 5002}),
                              true,
                              "random: not the preserved ports");
        for (uint16_t port : r1)
        {
            NS_TEST_ASSERT_MSG_GT_OR_EQ(port, 1024, "random: in range");
        }
        RngSeedManager::SetRun(2);
        std::vector<uint16_t> r3 = Run(Ipv4Nat::PORT_RANDOM, 1024, 65535, &refused);
        NS_TEST_ASSERT_MSG_EQ((r1 != r3), true, "random: another run, other ports");

        p = Run(Ipv4Nat::PORT_SEQUENTIAL, 40000, 40001, &refused);
        NS_TEST_ASSERT_MSG_EQ(p.size(), 2, "a two-port range holds two mappings");
        NS_TEST_ASSERT_MSG_EQ(refused, 1, "the third is refused");
    }
};

// -----------------------------------------------------------------------------------------

/**
 * \ingroup haaro-tests
 * MaxMappings: the mapping beyond the limit is refused until one expires.
 */
class NatMaxMappingsTestCase : public NatTestCase
{
  public:
    NatMaxMappingsTestCase()
        : NatTestCase("MaxMappings refusal")
    {
    }

  private:
    void DoRun() override
    {
        NatHelper helper;
        helper.SetAttribute("MaxMappings", UintegerValue(2));
        helper.SetAttribute("UdpTimeout", TimeValue(Seconds(10)));
        NatTestNetwork net(1, 1, helper);
        UdpEndpoint c0(net.hostNodes.Get(0), 5000);
        UdpEndpoint c1(net.hostNodes.Get(0), 5001);
        UdpEndpoint c2(net.hostNodes.Get(0), 5002);
        UdpEndpoint server(net.serverNodes.Get(0), 7);
        InetSocketAddress to(net.serverAddress[0], 7);
        c0.SendAt(Seconds(1), to);
        c1.SendAt(Seconds(1.1), to);
        c2.SendAt(Seconds(1.2), to); // refused
        c2.SendAt(Seconds(20), to);  // accepted: the others expired at 11 s
        uint32_t refusedTraces = 0;
        CountMappingTrace(net.natApp, "MappingRefused", &refusedTraces);
        uint32_t at5 = 0;
        HaaroSchedule(Seconds(5), [&]() { at5 = net.natApp->GetMappingCount(); });
        Simulator::Stop(Seconds(22));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(at5, 2, "two mappings");
        NS_TEST_ASSERT_MSG_EQ(net.natApp->GetMappingsRefused(), 1, "one refused");
        NS_TEST_ASSERT_MSG_EQ(refusedTraces, 1, "refusal traced");
        NS_TEST_ASSERT_MSG_EQ(net.natApp->GetDrops(Ipv4Nat::DROP_REFUSED), 1, "packet dropped");
        NS_TEST_ASSERT_MSG_EQ(server.rx.size(), 3, "server: 2 + 1 after expiry");
        if (server.rx.size() < 3)
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ((server.rx.at(2).at > Seconds(19)),
                              true,
                              "the refused one is absent");
    }
};

// -----------------------------------------------------------------------------------------

/**
 * \ingroup haaro-tests
 * An attribute changed during the run takes effect at the next packet (Ipv4Nat rebuilds the
 * NatConfig it translates with): MaxMappings set to 1 while one mapping lives refuses a
 * second one; set back to 0 (unlimited) the same flow gets its mapping.
 */
class NatAttributeChangeTestCase : public NatTestCase
{
  public:
    NatAttributeChangeTestCase()
        : NatTestCase("attribute changed during the run (MaxMappings)")
    {
    }

  private:
    void DoRun() override
    {
        NatTestNetwork net(1, 1, NatHelper());
        Ptr<Ipv4Nat> nat = net.natApp;
        auto setMaxMappings = [nat](Time at, uint32_t n) {
            HaaroSchedule(at, [nat, n]() { nat->SetAttribute("MaxMappings", UintegerValue(n)); });
        };
        UdpEndpoint server(net.serverNodes.Get(0), 7);
        UdpEndpoint first(net.hostNodes.Get(0), 5000);
        UdpEndpoint second(net.hostNodes.Get(0), 5001);
        first.SendAt(Seconds(1), InetSocketAddress(net.serverAddress[0], 7));
        setMaxMappings(Seconds(2), 1);
        second.SendAt(Seconds(3), InetSocketAddress(net.serverAddress[0], 7)); // refused
        setMaxMappings(Seconds(4), 0);
        second.SendAt(Seconds(5), InetSocketAddress(net.serverAddress[0], 7)); // accepted
        Simulator::Stop(Seconds(6));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(nat->GetMappingsRefused(), 1, "refused while MaxMappings was 1");
        NS_TEST_ASSERT_MSG_EQ(nat->GetMappingCount(), 2, "accepted once unlimited again");
        NS_TEST_ASSERT_MSG_EQ(server.rx.size(), 2, "the first and the last datagram arrived");
    }
};

// -----------------------------------------------------------------------------------------

/**
 * \ingroup haaro-tests
 * Reboot: inbound packets of an existing flow are dropped, the next outbound packet makes a
 * new mapping.
 */
class NatRebootTestCase : public NatTestCase
{
  public:
    NatRebootTestCase()
        : NatTestCase("NAT reboot")
    {
    }

  private:
    void DoRun() override
    {
        NatHelper helper;
        NatTestNetwork net(1, 1, helper);
        UdpEndpoint client(net.hostNodes.Get(0), 5000);
        UdpEndpoint server(net.serverNodes.Get(0), 7, true);
        Ipv4Address pub = net.publicAddress;
        client.SendAt(Seconds(1), InetSocketAddress(net.serverAddress[0], 7));
        Simulator::Schedule(Seconds(5), &Ipv4Nat::Reboot, net.natApp);
        server.SendAtLazy(Seconds(6),
                          [&server, pub]() { return InetSocketAddress(pub, RxPort(server, 0)); });
        client.SendAt(Seconds(7), InetSocketAddress(net.serverAddress[0], 7));
        uint32_t at5 = 99;
        HaaroSchedule(Seconds(5.5), [&]() { at5 = net.natApp->GetMappingCount(); });
        Simulator::Stop(Seconds(9));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(at5, 0, "no mapping after the reboot");
        NS_TEST_ASSERT_MSG_EQ(client.rx.size(), 2, "first and last echoes only");
        NS_TEST_ASSERT_MSG_EQ(net.natApp->GetFilteredDrops(), 1, "inbound after reboot dropped");
        NS_TEST_ASSERT_MSG_EQ(net.natApp->GetMappingsCreated(), 2, "new mapping after reboot");
        NS_TEST_ASSERT_MSG_EQ(net.natApp->GetMappingsExpired(), 0, "a reboot is not an expiry");
    }
};

// -----------------------------------------------------------------------------------------

/**
 * \ingroup haaro-tests
 * Protocols without ports (IP-in-IP 4, GRE 47) are not translated: dropped outbound, but
 * they pass between inside interfaces; traffic to inside addresses from outside is dropped;
 * inside-to-inside UDP and the NAT node's own UDP socket work untranslated.
 */
class NatPassThroughTestCase : public NatTestCase
{
  public:
    NatPassThroughTestCase()
        : NatTestCase("untranslatable protocols, inside traffic, NAT's own sockets")
    {
    }

  private:
    /// \param n counter \param s socket
    static void CountRaw(uint32_t* n, Ptr<Socket> s)
    {
        while (s->Recv())
        {
            ++*n;
        }
    }

    /// \param node node \param protocol IP protocol \param counter receive counter
    /// \return a raw socket
    static Ptr<Socket> Raw(Ptr<Node> node, uint8_t protocol, uint32_t* counter)
    {
        Ptr<Socket> s = Socket::CreateSocket(node, Ipv4RawSocketFactory::GetTypeId());
        s->SetAttribute("Protocol", UintegerValue(protocol));
        s->Bind();
        s->SetRecvCallback(MakeBoundCallback(&CountRaw, counter));
        return s;
    }

    void DoRun() override
    {
        NatHelper helper;
        NatTestNetwork net(2, 1, helper);
        net.RouteprivateViaNat();
        uint32_t serverIpip = 0;
        uint32_t serverGre = 0;
        uint32_t host1Ipip = 0;
        uint32_t unused = 0;
        Raw(net.serverNodes.Get(0), 4, &serverIpip);
        Raw(net.serverNodes.Get(0), 47, &serverGre);
        Raw(net.hostNodes.Get(1), 4, &host1Ipip);
        Ptr<Socket> ipip = Raw(net.hostNodes.Get(0), 4, &unused);
        Ptr<Socket> gre = Raw(net.hostNodes.Get(0), 47, &unused);
        InetSocketAddress server(net.serverAddress[0], 0);
        InetSocketAddress host1(net.hostAddress[1], 0);
        HaaroSchedule(Seconds(1), [=]() { ipip->SendTo(Create<Packet>(60), 0, server); });
        HaaroSchedule(Seconds(1.1), [=]() { gre->SendTo(Create<Packet>(60), 0, server); });
        HaaroSchedule(Seconds(1.2), [=]() { ipip->SendTo(Create<Packet>(60), 0, host1); });

        UdpEndpoint h0(net.hostNodes.Get(0), 5000);
        UdpEndpoint h1(net.hostNodes.Get(1), 6000);
        UdpEndpoint natOwn(net.nat, 7000, true); // a socket on the NAT node itself
        UdpEndpoint s0(net.serverNodes.Get(0), 7);
        h0.SendAt(Seconds(2), InetSocketAddress(net.hostAddress[1], 6000));
        s0.SendAt(Seconds(2), InetSocketAddress(net.publicAddress, 7000));
        s0.SendAt(Seconds(2.5), InetSocketAddress(net.hostAddress[0], 5000)); // to inside
        Simulator::Stop(Seconds(4));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(serverIpip, 0, "IP-in-IP not translated");
        NS_TEST_ASSERT_MSG_EQ(serverGre, 0, "GRE not translated");
        NS_TEST_ASSERT_MSG_EQ(net.natApp->GetUntranslatableDrops(), 2, "both counted");
        NS_TEST_ASSERT_MSG_EQ(host1Ipip, 1, "IP-in-IP between inside interfaces passes");
        NS_TEST_ASSERT_MSG_EQ(h1.rx.size(), 1, "inside-to-inside UDP passes");
        if (!h1.rx.empty())
        {
            NS_TEST_ASSERT_MSG_EQ(h1.rx[0].from, net.hostAddress[0], "untranslated source");
        }
        NS_TEST_ASSERT_MSG_EQ(natOwn.rx.size(), 1, "the NAT's own socket got the datagram");
        NS_TEST_ASSERT_MSG_EQ(s0.CountFrom(net.publicAddress, 7000), 1, "and answered");
        NS_TEST_ASSERT_MSG_EQ(h0.rx.size(), 0, "outside to inside address dropped");
        NS_TEST_ASSERT_MSG_EQ(net.natApp->GetFilteredDrops(), 1, "and counted as filtered");
        NS_TEST_ASSERT_MSG_EQ(net.natApp->GetTranslatedPackets(), 0, "nothing translated");
    }
};

// -----------------------------------------------------------------------------------------

/**
 * \ingroup haaro-tests
 * Fragmented UDP datagrams from two inside hosts with colliding IP identifications, both
 * ways, checksums on.
 */
class NatFragmentTestCase : public NatTestCase
{
  public:
    NatFragmentTestCase()
        : NatTestCase("fragmented UDP through the NAT")
    {
    }

  private:
    void DoRun() override
    {
        NatHelper helper;
        NatTestNetwork net(2, 1, helper);
        UdpEndpoint h0(net.hostNodes.Get(0), 5000);
        UdpEndpoint h1(net.hostNodes.Get(1), 5000);
        UdpEndpoint server(net.serverNodes.Get(0), 7, true);
        InetSocketAddress to(net.serverAddress[0], 7);
        for (uint32_t i = 0; i < 5; ++i)
        {
            h0.SendAt(Seconds(1 + i), to, 3000);
            h1.SendAt(Seconds(1 + i), to, 3000);
        }
        Simulator::Stop(Seconds(8));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(server.rx.size(), 10, "server reassembled all 10 datagrams");
        for (const auto& r : server.rx)
        {
            NS_TEST_ASSERT_MSG_EQ(r.size, 3000, "whole datagram");
        }
        NS_TEST_ASSERT_MSG_EQ(h0.rx.size(), 5, "host 0 got its 5 echoes");
        NS_TEST_ASSERT_MSG_EQ(h1.rx.size(), 5, "host 1 got its 5 echoes");
        NS_TEST_ASSERT_MSG_EQ(net.natApp->GetTotalDrops(), 0, "no drop");
    }
};

// -----------------------------------------------------------------------------------------

/**
 * \ingroup haaro-tests
 * Direct calls: checksums of translated UDP (whole and fragmented) and TCP verified
 * against a full recomputation, and truncated or random packets fed to RouteInput and to
 * the inbound path (no crash, every packet counted).
 */
class NatMalformedTestCase : public NatTestCase
{
  public:
    NatMalformedTestCase()
        : NatTestCase("checksums and malformed or garbage packets")
    {
    }

  private:
    /// \param forwarded where \param route route \param p packet \param h header
    static void OnForward(std::vector<std::pair<Ipv4Header, Ptr<Packet>>>* forwarded,
                          Ptr<Ipv4Route> route,
                          Ptr<const Packet> p,
                          const Ipv4Header& h)
    {
        forwarded->emplace_back(h, p->Copy());
    }

    /// \param n counter
    static void OnOther(uint32_t* n, Ptr<const Packet>, const Ipv4Header&, uint32_t)
    {
        ++*n;
    }

    void DoRun() override
    {
        NatHelper helper;
        NatTestNetwork net(1, 1, helper);
        // the stack must be initialized (it is once the simulation runs) to send replies
        Simulator::Schedule(Seconds(1), &NatMalformedTestCase::Body, this, &net);
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(m_done, true, "all checks ran");
    }

    /// \param netPtr the network
    void Body(NatTestNetwork* netPtr)
    {
        NatTestNetwork& net = *netPtr;
        Ptr<Ipv4Nat> nat = net.natApp;
        Ptr<Ipv4L3Protocol> l3 = net.nat->GetObject<Ipv4L3Protocol>();
        Ptr<NetDevice> insideDev = l3->GetNetDevice(net.insideInterfaces[0]);
        Ipv4Address host = net.hostAddress[0];
        Ipv4Address server = net.serverAddress[0];
        Ipv4Address pub = net.publicAddress;

        std::vector<std::pair<Ipv4Header, Ptr<Packet>>> forwarded;
        uint32_t local = 0;
        auto ucb = MakeBoundCallback(&OnForward, &forwarded);
        auto mcb =
            MakeNullCallback<void, Ptr<Ipv4MulticastRoute>, Ptr<const Packet>, const Ipv4Header&>();
        auto lcb = MakeBoundCallback(&OnOther, &local);
        auto ecb =
            MakeNullCallback<void, Ptr<const Packet>, const Ipv4Header&, Socket::SocketErrno>();

        auto header = [&](uint8_t proto, uint32_t payload, Ipv4Address src, Ipv4Address dst) {
            Ipv4Header h;
            h.SetSource(src);
            h.SetDestination(dst);
            h.SetProtocol(proto);
            h.SetTtl(64);
            h.SetPayloadSize(payload);
            return h;
        };
        auto feed = [&](Ptr<Packet> p, Ipv4Header h) {
            return nat->RouteInput(p, h, insideDev, ucb, mcb, lcb, ecb);
        };

        // 1. whole UDP datagram: the incrementally updated checksum equals a recomputed one
        {
            Ptr<Packet> p = Create<Packet>(333);
            UdpHeader udp;
            udp.SetSourcePort(5000);
            udp.SetDestinationPort(7);
            udp.EnableChecksums();
            udp.InitializeChecksum(host, server, 17);
            p->AddHeader(udp);
            NS_TEST_ASSERT_MSG_EQ(feed(p, header(17, p->GetSize(), host, server)), true, "taken");
            NS_TEST_ASSERT_MSG_EQ(forwarded.size(), 1, "forwarded");
            if (forwarded.size() != 1)
            {
                return;
            }
            Ptr<Packet> q = forwarded.back().second->Copy();
            NS_TEST_ASSERT_MSG_EQ(forwarded.back().first.GetSource(), pub, "source = public");
            UdpHeader check;
            check.EnableChecksums();
            check.InitializeChecksum(pub, server, 17);
            q->RemoveHeader(check);
            NS_TEST_ASSERT_MSG_EQ(check.IsChecksumOk(), true, "UDP checksum valid after NAT");
            NS_TEST_ASSERT_MSG_EQ(check.GetSourcePort(), 5000, "port preserved");
        }
        // 2. fragmented UDP datagram: first fragment updated incrementally, ids rewritten
        {
            Ptr<Packet> p = Create<Packet>(2992);
            UdpHeader udp;
            udp.SetSourcePort(5001);
            udp.SetDestinationPort(7);
            udp.EnableChecksums();
            udp.InitializeChecksum(host, server, 17);
            p->AddHeader(udp);
            Ptr<Packet> f1 = p->CreateFragment(0, 1480);
            Ptr<Packet> f2 = p->CreateFragment(1480, p->GetSize() - 1480);
            Ipv4Header h1 = header(17, f1->GetSize(), host, server);
            h1.SetIdentification(77);
            h1.SetMoreFragments();
            Ipv4Header h2 = header(17, f2->GetSize(), host, server);
            h2.SetIdentification(77);
            h2.SetFragmentOffset(1480);
            h2.SetLastFragment();
            size_t before = forwarded.size();
            feed(f1, h1);
            feed(f2, h2);
            NS_TEST_ASSERT_MSG_EQ(forwarded.size(), before + 2, "both fragments forwarded");
            if (forwarded.size() != before + 2)
            {
                return;
            }
            const auto& o1 = forwarded[before];
            const auto& o2 = forwarded[before + 1];
            NS_TEST_ASSERT_MSG_EQ(o1.first.GetIdentification(),
                                  o2.first.GetIdentification(),
                                  "same translated identification");
            NS_TEST_ASSERT_MSG_EQ(o2.first.GetSource(), pub, "second fragment source = public");
            Ptr<Packet> whole = o1.second->Copy();
            whole->AddAtEnd(o2.second);
            UdpHeader check;
            check.EnableChecksums();
            check.InitializeChecksum(pub, server, 17);
            whole->RemoveHeader(check);
            NS_TEST_ASSERT_MSG_EQ(check.IsChecksumOk(), true, "reassembled checksum valid");
        }
        // 3. TCP segment: checksum recomputed
        {
            Ptr<Packet> p = Create<Packet>(100);
            TcpHeader tcp;
            tcp.SetSourcePort(4000);
            tcp.SetDestinationPort(80);
            tcp.SetFlags(TcpHeader::SYN);
            tcp.EnableChecksums();
            tcp.InitializeChecksum(host, server, 6);
            p->AddHeader(tcp);
            size_t before = forwarded.size();
            feed(p, header(6, p->GetSize(), host, server));
            NS_TEST_ASSERT_MSG_EQ(forwarded.size(), before + 1, "TCP forwarded");
            if (forwarded.size() != before + 1)
            {
                return;
            }
            Ptr<Packet> q = forwarded.back().second->Copy();
            TcpHeader check;
            check.EnableChecksums();
            check.InitializeChecksum(pub, server, 6);
            q->RemoveHeader(check);
            NS_TEST_ASSERT_MSG_EQ(check.IsChecksumOk(), true, "TCP checksum valid after NAT");
        }

        // 4. truncated and inconsistent headers, outbound
        uint64_t malformedBefore = nat->GetMalformedDrops();
        size_t forwardedBefore = forwarded.size();
        auto bytes = [](std::vector<uint8_t> v) { return Create<Packet>(v.data(), v.size()); };
        std::vector<std::pair<uint8_t, Ptr<Packet>>> bad = {
            {17, bytes({0x13, 0x88})},                           // 2 octets of UDP
            {17, bytes({0x13, 0x88, 0, 7, 0, 4, 0, 0})},         // UDP length 4
            {17, bytes({0x13, 0x88, 0, 7, 0, 200, 0, 0, 1, 2})}, // length > datagram
            {6, bytes({0x0f, 0xa0, 0, 80, 0, 0, 0, 0, 0, 0})},   // 10 octets of TCP
            {6, bytes({0x0f, 0xa0, 0, 80, 0, 0, 0, 0, 0, 0, 0, 0, 0xf0, 2, 0, 0, 0, 0, 0, 0})},
            {6, bytes({0x0f, 0xa0, 0, 80, 0, 0, 0, 0, 0, 0,  0, 0,
                       0x60, 2,    0, 0,  0, 0, 0, 0, 5, 40, 0, 0})}, // SACK overruns
            {6, bytes({0x0f, 0xa0, 0, 80, 0, 0, 0, 0, 0, 0, 0, 0,
                       0x60, 2,    0, 0,  0, 0, 0, 0, 2, 3, 0, 0})}, // MSS of length 3
            {1, bytes({8, 0, 0})},                                   // 3 octets of ICMP
            {1, bytes({3, 3, 0, 0, 0, 0, 0, 0, 0x45, 0, 0, 20})},    // error, truncated
            {1, bytes({3, 3, 0, 0, 0, 0, 0, 0, 0x46, 0, 0, 20, 0, 0, 0, 0, 64, 17,
                       0, 0, 1, 2, 3, 4, 5, 6, 7,    8, 0, 0,  0, 0, 0, 0, 0,  0})}, // inner IHL 6
        };
        for (auto& [proto, p] : bad)
        {
            bool taken = feed(p, header(proto, p->GetSize(), host, server));
            NS_TEST_ASSERT_MSG_EQ(taken, true, "consumed");
        }
        NS_TEST_ASSERT_MSG_EQ(nat->GetMalformedDrops() - malformedBefore,
                              bad.size(),
                              "every malformed packet counted");
        NS_TEST_ASSERT_MSG_EQ(forwarded.size(), forwardedBefore, "none forwarded");

        // 5. the same garbage inbound to the public address, through the interface-specific
        // protocols the NAT registered on the outside interface
        Ptr<Ipv4Interface> outsideIf = l3->GetInterface(net.outside);
        malformedBefore = nat->GetMalformedDrops();
        for (auto& [proto, p] : bad)
        {
            Ptr<IpL4Protocol> l4 = l3->GetProtocol(proto, net.outside);
            NS_TEST_ASSERT_MSG_NE(l4, nullptr, "interceptor registered");
            l4->Receive(p->Copy(), header(proto, p->GetSize(), server, pub), outsideIf);
        }
        NS_TEST_ASSERT_MSG_EQ(nat->GetMalformedDrops() - malformedBefore,
                              bad.size(),
                              "every malformed inbound packet counted");

        // 6. random garbage both ways: no crash, every outbound packet accounted for
        std::mt19937 rng(12345);
        uint64_t dropsBefore = nat->GetTotalDrops();
        forwardedBefore = forwarded.size();
        const uint32_t n = 2000;
        const uint8_t protos[] = {1, 6, 17, 4, 47};
        for (uint32_t i = 0; i < n; ++i)
        {
            std::vector<uint8_t> v(rng() % 80);
            for (auto& b : v)
            {
                b = static_cast<uint8_t>(rng());
            }
            uint8_t proto = protos[rng() % 5];
            Ipv4Header h = header(proto, v.size(), host, server);
            if (rng() % 4 == 0)
            {
                h.SetMoreFragments();
            }
            bool taken = feed(bytes(v), h);
            NS_TEST_ASSERT_MSG_EQ(taken, true, "every crossing packet is consumed");
            Ptr<IpL4Protocol> l4 = l3->GetProtocol(proto, net.outside);
            if (l4 && proto != 4 && proto != 47)
            {
                Ipv4Header in = header(proto, v.size(), server, pub);
                l4->Receive(bytes(v), in, outsideIf);
            }
        }
        uint64_t outboundAccounted = (forwarded.size() - forwardedBefore);
        uint64_t drops = nat->GetTotalDrops() - dropsBefore;
        NS_TEST_ASSERT_MSG_GT_OR_EQ(outboundAccounted + drops, n, "all outbound accounted");
        NS_TEST_ASSERT_MSG_GT(nat->GetMalformedDrops(), 0, "malformed ones seen");
        NS_TEST_ASSERT_MSG_EQ(local, 0, "nothing delivered locally");
        m_done = true;
    }

    bool m_done{false}; //!< Body() reached its end
};

/**
 * \ingroup haaro-tests
 * The NAT test suite.
 */
class NatTestSuite : public TestSuite
{
  public:
    NatTestSuite()
        : TestSuite("haaro-nat", UNIT)
    {
        for (auto b : {Ipv4Nat::ENDPOINT_INDEPENDENT,
                       Ipv4Nat::ADDRESS_DEPENDENT,
                       Ipv4Nat::ADDRESS_AND_PORT_DEPENDENT})
        {
            AddTestCase(new NatMappingTestCase(b), TestCase::QUICK);
            AddTestCase(new NatFilteringTestCase(b), TestCase::QUICK);
        }
        AddTestCase(new NatUdpTimeoutTestCase, TestCase::QUICK);
        AddTestCase(new NatTcpTestCase, TestCase::QUICK);
        AddTestCase(new NatIcmpTestCase, TestCase::QUICK);
        AddTestCase(new NatHairpinTestCase(true), TestCase::QUICK);
        AddTestCase(new NatHairpinTestCase(false), TestCase::QUICK);
        AddTestCase(new NatPortAllocationTestCase, TestCase::QUICK);
        AddTestCase(new NatMaxMappingsTestCase, TestCase::QUICK);
        AddTestCase(new NatAttributeChangeTestCase, TestCase::QUICK);
        AddTestCase(new NatRebootTestCase, TestCase::QUICK);
        AddTestCase(new NatPassThroughTestCase, TestCase::QUICK);
        AddTestCase(new NatFragmentTestCase, TestCase::QUICK);
        AddTestCase(new NatMalformedTestCase, TestCase::QUICK);
    }
};

/// the suite
NatTestSuite g_natTestSuite;

} // namespace
