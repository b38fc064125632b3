/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ns-3 TestSuite haaro-tunnel-mtu: the tunnel MTU of each encapsulation, fragmentation
 * before encapsulation (RFC 3519 section 4.8, RFC 2003 section 5.1), ICMP Datagram Too Big
 * to the inner source (RFC 2003 sections 4.1 and 5.1, with the path MTU soft state), and
 * the "MUST NOT tunnel" rules of RFC 2003 section 3.2, with real packets on a small chain:
 *
 *   S (source) --- A (tunnel entry) --- R (router) --- B (tunnel exit) --- D (sink)
 *
 * A tunnels everything for D's network to B (IP in IP, GRE or UDP); the wire between A
 * and R is watched (PhyTxBegin), D counts what arrives (reassembled), S sees the ICMP.
 */
#include "ns3/haaro-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/ns3-compat.h"
#include "ns3/point-to-point-module.h"
#include "ns3/string.h"
#include "ns3/test.h"

#include <functional>
#include <map>
#include <sstream>

using namespace ns3;

namespace
{

/// One outer packet on the wire from A to R.
struct WirePacket
{
    uint32_t outerSize;   //!< outer IPv4 datagram, header included
    bool outerMf;         //!< outer MF
    uint16_t outerOffset; //!< outer fragment offset
    bool hasInner;        //!< the inner header could be read (first outer fragment)
    uint32_t innerSize;   //!< inner datagram (or inner fragment), header included
    bool innerMf;         //!< inner MF
    uint16_t innerOffset; //!< inner fragment offset
};

/// An ICMP Destination Unreachable received by S.
struct IcmpSeen
{
    uint8_t code;    //!< ICMP code
    uint16_t mtu;    //!< next-hop MTU
    uint32_t quoted; //!< quoted datagram's Total Length
};

/**
 * \ingroup haaro-tests
 * The chain S - A - R - B - D with a tunnel from A to B.
 */
class TunnelChain
{
  public:
    /**
     * \param encapsulation the tunnel's encapsulation
     * \param linkMtu MTU of the A-R link (the tunnel entry's care-of link)
     * \param configure sets attributes of A's tunnel layer before it is installed
     */
    TunnelChain(MipEncapsulation encapsulation,
                uint16_t linkMtu,
                std::function<void(Ptr<MipTunnelManager>)> configure = {})
    {
        nodes.Create(5); // S A R B D
        InternetStackHelper internet;
        internet.Install(nodes);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        const char* networks[] = {"10.1.1.0", "10.2.2.0", "10.3.3.0", "10.4.4.0"};
        for (uint32_t i = 0; i < 4; i++)
        {
            NetDeviceContainer d = p2p.Install(nodes.Get(i), nodes.Get(i + 1));
            if (i == 1)
            {
                d.Get(0)->SetMtu(linkMtu);
                d.Get(1)->SetMtu(linkMtu);
                wireDevice = d.Get(0);
            }
            Ipv4AddressHelper a(networks[i], "255.255.255.0");
            links.push_back(a.Assign(d));
        }
        encap = CreateObject<MipTunnelManager>();
        if (configure)
        {
            configure(encap);
        }
        encap->Install(NodeAt(A), Ipv4Address("192.168.100.1"), Ipv4Mask("255.255.255.255"));
        decap = CreateObject<MipTunnelManager>();
        decap->Install(NodeAt(B), Ipv4Address("192.168.100.2"), Ipv4Mask("255.255.255.255"));
        tunnel = encap->AddTunnel(EntryAddress(), ExitAddress(), encapsulation);
        exitTunnel = decap->AddTunnel(ExitAddress(), EntryAddress(), encapsulation);
        encap->SetForwardCallback(MakeCallback(&TunnelChain::Forward, this));

        Ipv4StaticRoutingHelper routing;
        auto table = [&](uint32_t n) { return routing.GetStaticRouting(Ipv4Of(n)); };
        table(S)->SetDefaultRoute(links[0].GetAddress(1), 1);
        table(D)->SetDefaultRoute(links[3].GetAddress(0), 1);
        table(A)->AddNetworkRouteTo("10.4.4.0", "255.255.255.0", encap->GetInterface());
        table(A)->AddNetworkRouteTo("10.3.3.0", "255.255.255.0", links[1].GetAddress(1), 2);
        table(R)->AddNetworkRouteTo("10.1.1.0", "255.255.255.0", links[1].GetAddress(0), 1);
        table(R)->AddNetworkRouteTo("10.4.4.0", "255.255.255.0", links[2].GetAddress(1), 2);
        table(B)->AddNetworkRouteTo("10.2.2.0", "255.255.255.0", links[2].GetAddress(0), 1);
        table(B)->AddNetworkRouteTo("10.1.1.0", "255.255.255.0", links[2].GetAddress(0), 1);

        if (encapsulation == MipEncapsulation::UDP)
        {
            Ptr<Socket> socket = Socket::CreateSocket(NodeAt(B), UdpSocketFactory::GetTypeId());
            socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), MIP_UDP_PORT));
            socket->SetRecvCallback(MakeCallback(&TunnelChain::ReceiveUdp, this));
            sockets.push_back(socket);
        }
        Ptr<Socket> sink = Socket::CreateSocket(NodeAt(D), UdpSocketFactory::GetTypeId());
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        sink->SetRecvCallback(MakeCallback(&TunnelChain::Sink, this));
        sockets.push_back(sink);

        wireDevice->TraceConnectWithoutContext("PhyTxBegin",
                                               MakeCallback(&TunnelChain::OnWire, this));
        Ipv4Of(S)->TraceConnectWithoutContext("LocalDeliver",
                                              MakeCallback(&TunnelChain::OnSourceDeliver, this));
        encap->TraceConnectWithoutContext("Drop", MakeCallback(&TunnelChain::OnDrop, this));
    }

    ~TunnelChain()
    {
        Simulator::Destroy();
    }

    TunnelChain(const TunnelChain&) = delete;
    TunnelChain& operator=(const TunnelChain&) = delete;

    static constexpr uint32_t S = 0; //!< source
    static constexpr uint32_t A = 1; //!< tunnel entry
    static constexpr uint32_t R = 2; //!< router inside the tunnel
    static constexpr uint32_t B = 3; //!< tunnel exit
    static constexpr uint32_t D = 4; //!< sink

    /// \param n node index \return the node
    Ptr<Node> NodeAt(uint32_t n) const
    {
        return nodes.Get(n);
    }

    /// \param n node index \return its IPv4
    Ptr<Ipv4L3Protocol> Ipv4Of(uint32_t n) const
    {
        return nodes.Get(n)->GetObject<Ipv4L3Protocol>();
    }

    /// \return the tunnel entry (A on the A-R link)
    Ipv4Address EntryAddress() const
    {
        return links[1].GetAddress(0);
    }

    /// \return the tunnel exit (B on the R-B link)
    Ipv4Address ExitAddress() const
    {
        return links[2].GetAddress(1);
    }

    /// \return S's address
    Ipv4Address SourceAddress() const
    {
        return links[0].GetAddress(0);
    }

    /// \return D's address
    Ipv4Address SinkAddress() const
    {
        return links[3].GetAddress(1);
    }

    /**
     * \brief Node `from` sends one UDP datagram to D's port 9 through its own IP.
     * \param at when \param size IPv4 datagram size, header included \param df DF bit
     * \param source IP source (a spoofed one when not the node's address)
     * \param from sending node (S unless told) \param port UDP source port
     */
    void SendDatagram(Time at,
                      uint32_t size,
                      bool df,
                      Ipv4Address source,
                      uint32_t from = S,
                      uint16_t port = 5000)
    {
        Simulator::Schedule(at, [this, size, df, source, from, port]() {
            Ptr<Packet> p = Create<Packet>(size - 28);
            UdpHeader udp;
            udp.SetSourcePort(port);
            udp.SetDestinationPort(9);
            p->AddHeader(udp);
            Ipv4Header h;
            h.SetSource(source);
            h.SetDestination(SinkAddress());
            h.SetProtocol(17);
            h.SetTtl(64);
            h.SetIdentification(m_nextId++);
            h.SetPayloadSize(p->GetSize());
            if (df)
            {
                h.SetDontFragment();
            }
            else
            {
                h.SetMayFragment();
            }
            Socket::SocketErrno err;
            Ptr<Ipv4L3Protocol> ipv4 = Ipv4Of(from);
            Ptr<Ipv4Route> route = ipv4->GetRoutingProtocol()->RouteOutput(p, h, nullptr, err);
            ipv4->SendWithHeader(p, h, route);
        });
    }

    /// \param at when \param size datagram size \param df DF bit (from S's own address)
    void SendDatagram(Time at, uint32_t size, bool df)
    {
        SendDatagram(at, size, df, SourceAddress());
    }

    /// \brief R answers every outer packet with DF set larger than `mtu` with an ICMP
    /// Fragmentation Needed (a router inside the tunnel with a smaller next hop).
    /// \param mtu the next-hop MTU it reports
    void EnforceDf(uint16_t mtu)
    {
        m_enforcedMtu = mtu;
        Ipv4Of(R)->TraceConnectWithoutContext("UnicastForward",
                                              MakeCallback(&TunnelChain::OnRouterForward, this));
    }

    NodeContainer nodes;                       //!< S A R B D
    std::vector<Ipv4InterfaceContainer> links; //!< addresses of the four links
    Ptr<NetDevice> wireDevice;                 //!< A's device on the A-R link
    Ptr<MipTunnelManager> encap;               //!< A's tunnel layer
    Ptr<MipTunnelManager> decap;               //!< B's tunnel layer
    Ptr<MipTunnel> tunnel;                     //!< A's tunnel to B
    Ptr<MipTunnel> exitTunnel;                 //!< B's tunnel to A
    std::vector<Ptr<Socket>> sockets;          //!< B's port 434 and D's sink
    std::vector<WirePacket> wire;              //!< outer packets A sent to R
    std::vector<uint32_t> received;            //!< datagram sizes D received (reassembled)
    std::vector<IcmpSeen> icmp;                //!< ICMP Destination Unreachable at S
    std::map<MipTunnelDrop, uint32_t> drops;   //!< A's tunnel drops, from the trace

  private:
    /// A's tunnel choice: everything routed to the tunnel interface goes to B.
    bool Forward(Ptr<Packet> p, const Ipv4Header& header)
    {
        return encap->Send(tunnel, p);
    }

    /// B's port 434.
    void ReceiveUdp(Ptr<Socket> socket)
    {
        Address from;
        while (Ptr<Packet> p = socket->RecvFrom(from))
        {
            InetSocketAddress f = InetSocketAddress::ConvertFrom(from);
            decap->ReceiveUdp(p, f.GetIpv4(), f.GetPort(), ExitAddress(), MIP_UDP_PORT);
        }
    }

    /// D's port 9.
    void Sink(Ptr<Socket> socket)
    {
        while (Ptr<Packet> p = socket->Recv())
        {
            received.push_back(p->GetSize() + 28);
        }
    }

    /// The A-R wire.
    void OnWire(Ptr<const Packet> packet)
    {
        Ptr<Packet> p = packet->Copy();
        PppHeader ppp;
        p->RemoveHeader(ppp);
        Ipv4Header outer;
        p->RemoveHeader(outer);
        WirePacket w{};
        w.outerSize = p->GetSize() + outer.GetSerializedSize();
        w.outerMf = !outer.IsLastFragment();
        w.outerOffset = outer.GetFragmentOffset();
        if (w.outerOffset == 0)
        {
            if (outer.GetProtocol() == 47)
            {
                GreHeader gre;
                p->RemoveHeader(gre);
            }
            else if (outer.GetProtocol() == 17)
            {
                UdpHeader udp;
                p->RemoveHeader(udp);
                MipTunnelDataHeader data;
                p->RemoveHeader(data);
            }
            Ipv4Header inner;
            if (p->GetSize() >= 20 && p->PeekHeader(inner) == 20)
            {
                w.hasInner = true;
                w.innerSize = inner.GetPayloadSize() + 20;
                w.innerMf = !inner.IsLastFragment();
                w.innerOffset = inner.GetFragmentOffset();
            }
        }
        wire.push_back(w);
    }

    /// S's local delivery: ICMP Destination Unreachable.
    void OnSourceDeliver(const Ipv4Header& header, Ptr<const Packet> packet, uint32_t)
    {
        if (header.GetProtocol() != Icmpv4L4Protocol::PROT_NUMBER)
        {
            return;
        }
        Ptr<Packet> p = packet->Copy();
        Icmpv4Header h;
        p->RemoveHeader(h);
        if (h.GetType() != Icmpv4Header::ICMPV4_DEST_UNREACH)
        {
            return;
        }
        Icmpv4DestinationUnreachable unreach;
        p->RemoveHeader(unreach);
        icmp.push_back(IcmpSeen{h.GetCode(),
                                unreach.GetNextHopMtu(),
                                unreach.GetHeader().GetPayloadSize() + 20u});
    }

    /// R forwards: plays a router whose next hop has a smaller MTU and enforces DF.
    void OnRouterForward(const Ipv4Header& header, Ptr<const Packet> p, uint32_t interface)
    {
        if (header.IsDontFragment() && p->GetSize() + 20 > m_enforcedMtu &&
            header.GetSource() == EntryAddress())
        {
            Ptr<Icmpv4L4Protocol> icmp = NodeAt(R)->GetObject<Icmpv4L4Protocol>();
            Ptr<Packet> copy = p->Copy();
            Simulator::ScheduleNow(&Icmpv4L4Protocol::SendDestUnreachFragNeeded,
                                   icmp,
                                   header,
                                   copy,
                                   m_enforcedMtu);
        }
    }

    /// A's tunnel drops.
    void OnDrop(Ptr<const Packet>, MipTunnelDrop reason)
    {
        drops[reason]++;
    }

    uint16_t m_nextId{1};         //!< IPv4 Identification of S's datagrams
    uint16_t m_enforcedMtu{1500}; //!< see EnforceDf
};

/// \param e encapsulation \return its name
std::string
Name(MipEncapsulation e)
{
    std::ostringstream os;
    os << e;
    return os.str();
}

/**
 * \ingroup haaro-tests
 * Each encapsulation has its own tunnel MTU, derived from the care-of link MTU.
 */
class TunnelMtuPerEncapsulationTestCase : public TestCase
{
  public:
    TunnelMtuPerEncapsulationTestCase()
        : TestCase("tunnel MTU per encapsulation, from the care-of link MTU (RFC 2003 5.1, "
                   "RFC 2784, RFC 2890, RFC 3519 4.8)")
    {
    }

  private:
    void DoRun() override
    {
        struct Case
        {
            MipEncapsulation e;
            std::optional<uint32_t> key;
            bool checksum;
            uint32_t overhead;
        };

        for (uint16_t link : {1500, 1400, 9000})
        {
            for (const Case& c : {Case{MipEncapsulation::IP_IN_IP, std::nullopt, false, 20},
                                  Case{MipEncapsulation::GRE, std::nullopt, false, 24},
                                  Case{MipEncapsulation::GRE, 7u, false, 28},
                                  Case{MipEncapsulation::GRE, 7u, true, 32},
                                  Case{MipEncapsulation::UDP, std::nullopt, false, 32}})
            {
                TunnelChain chain(c.e, link);
                chain.tunnel->SetGreOptions(c.key, c.checksum);
                NS_TEST_ASSERT_MSG_EQ(chain.tunnel->GetOverhead(), c.overhead, Name(c.e));
                NS_TEST_ASSERT_MSG_EQ(chain.encap->GetTunnelMtu(chain.tunnel),
                                      link - c.overhead,
                                      Name(c.e) << " on a " << link << "-octet link");
            }
        }
        TunnelChain chain(MipEncapsulation::IP_IN_IP, 1500);
        NS_TEST_ASSERT_MSG_EQ(chain.encap->GetDevice()->GetMtu(),
                              65535,
                              "the tunnel interface itself does not fragment");
        chain.encap->RemoveTunnel(chain.tunnel);
        Ptr<MipTunnel> nowhere = chain.encap->AddTunnel(chain.EntryAddress(),
                                                        Ipv4Address("203.0.113.9"),
                                                        MipEncapsulation::IP_IN_IP);
        NS_TEST_ASSERT_MSG_EQ(chain.encap->GetTunnelMtu(nowhere), 0, "no route: no MTU");
    }
};

/**
 * \ingroup haaro-tests
 * 1500-octet datagrams (DF clear) cross the tunnel: the inner datagram is fragmented
 * before encapsulation, every outer packet fits the link, none is fragmented.
 */
class FullSizeDatagramsTestCase : public TestCase
{
  public:
    /// \param e encapsulation \param fragmentAfter FragmentAfterEncapsulation (control)
    FullSizeDatagramsTestCase(MipEncapsulation e, bool fragmentAfter)
        : TestCase("1500-octet datagrams cross a " + Name(e) + " tunnel, fragmented " +
                   (fragmentAfter ? "after (control: FragmentAfterEncapsulation)"
                                  : "before encapsulation (RFC 3519 4.8, RFC 2003 5.1)")),
          m_e(e),
          m_after(fragmentAfter)
    {
    }

  private:
    void DoRun() override
    {
        bool after = m_after;
        TunnelChain chain(m_e, 1500, [after](Ptr<MipTunnelManager> m) {
            m->SetAttribute("FragmentAfterEncapsulation", BooleanValue(after));
        });
        const uint32_t n = 5;
        for (uint32_t i = 0; i < n; i++)
        {
            chain.SendDatagram(MilliSeconds(100 + 10 * i), 1500, false);
            chain.SendDatagram(MilliSeconds(105 + 10 * i), 1000, false); // fits: control
        }
        Simulator::Stop(Seconds(1));
        Simulator::Run();

        uint32_t big = 0;
        uint32_t small = 0;
        for (uint32_t size : chain.received)
        {
            big += size == 1500;
            small += size == 1000;
        }
        NS_TEST_ASSERT_MSG_EQ(big, n, "every 1500-octet datagram arrives");
        NS_TEST_ASSERT_MSG_EQ(small, n, "every 1000-octet datagram arrives");

        uint32_t overhead = chain.tunnel->GetOverhead();
        uint32_t mtu = 1500 - overhead;
        uint32_t firstInner = 20 + ((mtu - 20) & ~7u); // 8-octet blocks (RFC 791)
        uint32_t outerFragments = 0;
        uint32_t innerFragments = 0;
        uint32_t largest = 0;
        for (const WirePacket& w : chain.wire)
        {
            largest = std::max(largest, w.outerSize);
            outerFragments += w.outerMf || w.outerOffset != 0;
            innerFragments += w.hasInner && (w.innerMf || w.innerOffset != 0);
        }
        if (m_after)
        {
            NS_TEST_ASSERT_MSG_EQ(outerFragments, 2 * n, "control: the outer packets are split");
            NS_TEST_ASSERT_MSG_EQ(innerFragments, 0, "control: inner datagrams whole");
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(chain.wire.size(), 3 * n, "two outer packets per big datagram");
        NS_TEST_ASSERT_MSG_EQ(outerFragments, 0, "no outer packet is fragmented (MF 0, off 0)");
        NS_TEST_ASSERT_MSG_EQ(innerFragments, 2 * n, "the inner datagrams are fragmented");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(largest, 1500u, "every outer packet fits the link MTU");
        for (uint32_t i = 0; i < chain.wire.size(); i += 3)
        {
            const WirePacket& first = chain.wire[i];
            const WirePacket& second = chain.wire[i + 1];
            const WirePacket& whole = chain.wire[i + 2];
            NS_TEST_ASSERT_MSG_EQ(first.innerSize, firstInner, "first inner fragment");
            NS_TEST_ASSERT_MSG_EQ(first.outerSize, firstInner + overhead, "its outer packet");
            NS_TEST_ASSERT_MSG_EQ(first.innerMf, true, "MF on the first inner fragment");
            NS_TEST_ASSERT_MSG_EQ(second.innerOffset, firstInner - 20, "second one's offset");
            NS_TEST_ASSERT_MSG_EQ(second.innerSize, 20 + 1480 - (firstInner - 20), "its size");
            NS_TEST_ASSERT_MSG_EQ(second.innerMf, false, "last inner fragment");
            NS_TEST_ASSERT_MSG_EQ(whole.outerSize, 1000 + overhead, "1000 octets sent whole");
        }
        NS_TEST_ASSERT_MSG_EQ(chain.encap->GetDropCount(MipTunnelDrop::TOO_BIG), 0, "no drop");
    }

    MipEncapsulation m_e; //!< encapsulation
    bool m_after;         //!< FragmentAfterEncapsulation
};

/**
 * \ingroup haaro-tests
 * A datagram with DF set larger than the tunnel MTU is answered with an ICMP
 * Fragmentation Needed carrying the tunnel MTU; one of exactly the tunnel MTU passes.
 */
class DontFragmentTestCase : public TestCase
{
  public:
    /// \param e encapsulation
    explicit DontFragmentTestCase(MipEncapsulation e)
        : TestCase("DF set and too big for a " + Name(e) +
                   " tunnel: ICMP Fragmentation Needed with the tunnel MTU (RFC 2003 4.1, 5.1)"),
          m_e(e)
    {
    }

  private:
    void DoRun() override
    {
        TunnelChain chain(m_e, 1500);
        uint32_t mtu = chain.encap->GetTunnelMtu(chain.tunnel);
        chain.SendDatagram(MilliSeconds(100), 1500, true);
        chain.SendDatagram(MilliSeconds(200), mtu + 1, true);
        chain.SendDatagram(MilliSeconds(300), mtu, true); // fits exactly: control
        Simulator::Stop(Seconds(1));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(chain.icmp.size(), 2, "one ICMP per oversize datagram");
        for (const IcmpSeen& seen : chain.icmp)
        {
            NS_TEST_ASSERT_MSG_EQ(+seen.code,
                                  +Icmpv4DestinationUnreachable::ICMPV4_FRAG_NEEDED,
                                  "Fragmentation Needed");
            NS_TEST_ASSERT_MSG_EQ(seen.mtu, mtu, "next-hop MTU = the tunnel MTU");
        }
        NS_TEST_ASSERT_MSG_EQ(chain.icmp[0].quoted, 1500, "quotes the datagram");
        NS_TEST_ASSERT_MSG_EQ(chain.encap->GetDropCount(MipTunnelDrop::TOO_BIG), 2, "counted");
        NS_TEST_ASSERT_MSG_EQ(chain.drops[MipTunnelDrop::TOO_BIG], 2, "traced");
        NS_TEST_ASSERT_MSG_EQ(chain.wire.size(), 1, "only the fitting datagram is sent");
        NS_TEST_ASSERT_MSG_EQ(chain.wire[0].outerSize, 1500, "as one full-size outer packet");
        NS_TEST_ASSERT_MSG_EQ(chain.received.size(), 1, "and arrives");
        NS_TEST_ASSERT_MSG_EQ(chain.received[0], mtu, "whole");
    }

    MipEncapsulation m_e; //!< encapsulation
};

/**
 * \ingroup haaro-tests
 * A router inside the tunnel reports a smaller path MTU for an outer packet (ICMP
 * Fragmentation Needed to the encapsulator): it becomes tunnel soft state, the next
 * oversize datagram gets an ICMP with the smaller tunnel MTU, and the state expires.
 */
class PathMtuSoftStateTestCase : public TestCase
{
  public:
    /// \param e encapsulation \param discovery PathMtuDiscovery (false: control)
    PathMtuSoftStateTestCase(MipEncapsulation e, bool discovery)
        : TestCase("ICMP Datagram Too Big from inside a " + Name(e) + " tunnel " +
                   (discovery ? "becomes tunnel MTU soft state (RFC 2003 5, 5.1)"
                              : "is ignored with PathMtuDiscovery false (control)")),
          m_e(e),
          m_discovery(discovery)
    {
    }

  private:
    void DoRun() override
    {
        bool discovery = m_discovery;
        TunnelChain chain(m_e, 1500, [discovery](Ptr<MipTunnelManager> m) {
            m->SetAttribute("PathMtuDiscovery", BooleanValue(discovery));
            m->SetAttribute("PathMtuTimeout", TimeValue(Seconds(10)));
        });
        std::vector<uint16_t> learned;
        chain.encap->TraceConnectWithoutContext(
            "PathMtu",
            MakeFunctorCallback<void, Ptr<const MipTunnel>, uint16_t>(
                [&learned](Ptr<const MipTunnel>, uint16_t mtu) { learned.push_back(mtu); }));
        chain.EnforceDf(1400);
        uint32_t overhead = chain.tunnel->GetOverhead();
        uint32_t mtu = 1500 - overhead;
        chain.SendDatagram(MilliSeconds(100), mtu, true); // fits the link, not the path
        chain.SendDatagram(MilliSeconds(200), mtu, true); // now too big for the tunnel
        chain.SendDatagram(MilliSeconds(300), 1500, false);
        uint32_t during = 0;
        uint32_t later = 0;
        Simulator::Schedule(Seconds(1),
                            [&]() { during = chain.encap->GetTunnelMtu(chain.tunnel); });
        Simulator::Schedule(Seconds(11),
                            [&]() { later = chain.encap->GetTunnelMtu(chain.tunnel); });
        Simulator::Stop(Seconds(12));
        Simulator::Run();

        if (!m_discovery)
        {
            NS_TEST_ASSERT_MSG_EQ(learned.size(), 0, "control: nothing learned");
            NS_TEST_ASSERT_MSG_EQ(chain.encap->GetDropCount(MipTunnelDrop::ICMP_IGNORED),
                                  2,
                                  "control: both ICMPs counted as ignored");
            NS_TEST_ASSERT_MSG_EQ(during, mtu, "control: the tunnel MTU stays");
            NS_TEST_ASSERT_MSG_EQ(chain.icmp.size(), 0, "control: no ICMP to the source");
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(learned.size(), 1, "one path MTU learned");
        NS_TEST_ASSERT_MSG_EQ(learned[0], 1400, "the router's next-hop MTU");
        NS_TEST_ASSERT_MSG_EQ(during, 1400 - overhead, "tunnel MTU = path MTU - overhead");
        NS_TEST_ASSERT_MSG_EQ(later, mtu, "forgotten after PathMtuTimeout");
        NS_TEST_ASSERT_MSG_EQ(chain.icmp.size(), 1, "the second datagram is answered");
        NS_TEST_ASSERT_MSG_EQ(chain.icmp[0].mtu, 1400 - overhead, "with the tunnel MTU");
        uint32_t largest = 0;
        for (size_t i = 1; i < chain.wire.size(); i++)
        {
            largest = std::max(largest, chain.wire[i].outerSize);
            NS_TEST_ASSERT_MSG_EQ(chain.wire[i].outerMf, false, "outer never fragmented");
        }
        NS_TEST_ASSERT_MSG_LT_OR_EQ(largest, 1400u, "later outer packets fit the path");
        NS_TEST_ASSERT_MSG_EQ(chain.received.size(), 2, "the first DF and the big DF-clear one");
    }

    MipEncapsulation m_e; //!< encapsulation
    bool m_discovery;     //!< PathMtuDiscovery
};

/**
 * \ingroup haaro-tests
 * RFC 2003 section 3.2: a forwarded datagram whose source is the encapsulator's own address
 * or the tunnel exit is not tunnelled; nor a datagram that is an outer packet of the same
 * tunnel; each is counted. Controls: S's datagram and A's own datagram are tunnelled.
 */
class MustNotTunnelTestCase : public TestCase
{
  public:
    MustNotTunnelTestCase()
        : TestCase("MUST NOT tunnel: own source, exit source, tunnel loop (RFC 2003 3.2)")
    {
    }

  private:
    void DoRun() override
    {
        TunnelChain chain(MipEncapsulation::IP_IN_IP, 1500);
        Ipv4Address aOnS = chain.links[0].GetAddress(1);
        chain.SendDatagram(MilliSeconds(100), 200, false);                       // control
        chain.SendDatagram(MilliSeconds(200), 200, false, aOnS);                 // own
        chain.SendDatagram(MilliSeconds(300), 200, false, chain.EntryAddress()); // own
        chain.SendDatagram(MilliSeconds(400), 200, false, chain.ExitAddress());  // exit
        chain.SendDatagram(MilliSeconds(500), 200, false, aOnS, TunnelChain::A); // A's own
        // A's host route to the exit through the tunnel interface (a misconfiguration) with
        // the tunnel pinned to its link: A's own protocol-4 packet to B is routed into the
        // tunnel whose outer packet it looks like.
        chain.tunnel->SetEgress(chain.wireDevice, chain.links[1].GetAddress(1));
        Simulator::Schedule(MilliSeconds(600), [&chain]() {
            Ipv4StaticRoutingHelper routing;
            routing.GetStaticRouting(chain.Ipv4Of(TunnelChain::A))
                ->AddHostRouteTo(chain.ExitAddress(), chain.encap->GetInterface(), 0);
            Ptr<Packet> p = Create<Packet>(100);
            Ipv4Header inner;
            inner.SetSource(Ipv4Address("10.9.9.9"));
            inner.SetDestination(chain.ExitAddress());
            inner.SetProtocol(17);
            inner.SetTtl(64);
            inner.SetPayloadSize(100);
            p->AddHeader(inner);
            chain.Ipv4Of(TunnelChain::A)
                ->Send(p, chain.EntryAddress(), chain.ExitAddress(), 4, nullptr);
        });
        Simulator::Stop(Seconds(1));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(chain.encap->GetDropCount(MipTunnelDrop::OWN_SOURCE), 2, "own");
        NS_TEST_ASSERT_MSG_EQ(chain.encap->GetDropCount(MipTunnelDrop::EXIT_SOURCE), 1, "exit");
        NS_TEST_ASSERT_MSG_EQ(chain.encap->GetDropCount(MipTunnelDrop::TUNNEL_LOOP), 1, "loop");
        NS_TEST_ASSERT_MSG_EQ(chain.drops[MipTunnelDrop::OWN_SOURCE], 2, "traced");
        NS_TEST_ASSERT_MSG_EQ(chain.encap->GetDropCount(MipTunnelDrop::NOT_FORWARDED),
                              0,
                              "counted once, under the RFC 2003 reason");
        NS_TEST_ASSERT_MSG_EQ(chain.wire.size(), 2, "only the two controls are tunnelled");
        NS_TEST_ASSERT_MSG_EQ(chain.received.size(), 2, "and arrive");
    }
};

/**
 * \ingroup haaro-tests
 * The exit of a UDP tunnel is an address and a port (RFC 3519; peers behind one NAT share
 * the address): a forwarded datagram from the exit's address is not tunnelled only when it
 * is UDP from the tunnel's remote port.
 */
class MustNotTunnelUdpTestCase : public TestCase
{
  public:
    MustNotTunnelUdpTestCase()
        : TestCase("MUST NOT tunnel, UDP tunnel: the exit is the address and the port")
    {
    }

  private:
    void DoRun() override
    {
        TunnelChain chain(MipEncapsulation::UDP, 1500);
        Ipv4Address exit = chain.ExitAddress();
        chain.SendDatagram(MilliSeconds(100), 200, false, exit, TunnelChain::S, 5000);
        chain.SendDatagram(MilliSeconds(200), 200, false, exit, TunnelChain::S, MIP_UDP_PORT);
        Simulator::Stop(Seconds(1));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(chain.encap->GetDropCount(MipTunnelDrop::EXIT_SOURCE),
                              1,
                              "only the one from the exit's port");
        NS_TEST_ASSERT_MSG_EQ(chain.received.size(), 1, "another peer behind the exit's NAT");
    }
};

/**
 * \ingroup haaro-tests
 * A GRE tunnel with a Key: the GRE header grows by 4 octets (the tunnel MTU shrinks by 4),
 * full-size datagrams still fit, and the exit drops GRE packets without the right Key.
 */
class GreKeyTestCase : public TestCase
{
  public:
    GreKeyTestCase()
        : TestCase("GRE Key (RFC 2890 2.1): 4 more octets of overhead, full-size datagrams fit")
    {
    }

  private:
    void DoRun() override
    {
        TunnelChain chain(MipEncapsulation::GRE, 1500);
        chain.tunnel->SetGreOptions(42, true);
        chain.exitTunnel->SetGreOptions(42, true);
        chain.SendDatagram(MilliSeconds(100), 1500, false);
        Simulator::Schedule(MilliSeconds(150),
                            [&chain]() { chain.exitTunnel->SetGreOptions(43, true); });
        chain.SendDatagram(MilliSeconds(200), 1000, false); // wrong key at the exit
        Simulator::Stop(Seconds(1));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(chain.encap->GetTunnelMtu(chain.tunnel), 1468, "1500 - 20 - 12");
        NS_TEST_ASSERT_MSG_EQ(chain.received.size(), 1, "the keyed datagram arrives");
        NS_TEST_ASSERT_MSG_EQ(chain.received[0], 1500, "reassembled");
        for (const WirePacket& w : chain.wire)
        {
            NS_TEST_ASSERT_MSG_LT_OR_EQ(w.outerSize, 1500u, "fits");
            NS_TEST_ASSERT_MSG_EQ(w.outerMf, false, "outer not fragmented");
        }
        NS_TEST_ASSERT_MSG_EQ(chain.decap->GetDropCount(MipTunnelDrop::NO_TUNNEL),
                              1,
                              "wrong key: not this tunnel");
    }
};

/**
 * \ingroup haaro-tests
 * The tunnel MTU suite.
 */
class HaaroTunnelMtuTestSuite : public TestSuite
{
  public:
    HaaroTunnelMtuTestSuite()
        : TestSuite("haaro-tunnel-mtu", UNIT)
    {
        AddTestCase(new TunnelMtuPerEncapsulationTestCase, TestCase::QUICK);
        for (MipEncapsulation e :
             {MipEncapsulation::IP_IN_IP, MipEncapsulation::GRE, MipEncapsulation::UDP})
        {
            AddTestCase(new FullSizeDatagramsTestCase(e, false), TestCase::QUICK);
            AddTestCase(new DontFragmentTestCase(e), TestCase::QUICK);
        }
        AddTestCase(new FullSizeDatagramsTestCase(MipEncapsulation::IP_IN_IP, true),
                    TestCase::QUICK);
        AddTestCase(new FullSizeDatagramsTestCase(MipEncapsulation::GRE, true), TestCase::QUICK);
        for (MipEncapsulation e : {MipEncapsulation::IP_IN_IP, MipEncapsulation::GRE})
        {
            AddTestCase(new PathMtuSoftStateTestCase(e, true), TestCase::QUICK);
            AddTestCase(new PathMtuSoftStateTestCase(e, false), TestCase::QUICK);
        }
        AddTestCase(new MustNotTunnelTestCase, TestCase::QUICK);
        AddTestCase(new MustNotTunnelUdpTestCase, TestCase::QUICK);
        AddTestCase(new GreKeyTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
HaaroTunnelMtuTestSuite g_haaroTunnelMtuTestSuite;

} // namespace
