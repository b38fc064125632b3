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
#include "haaro-tunnel-chain.h"

using namespace ns3;
using namespace ns3::haaro_tunnel_test;

namespace
{

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
class FullSizeDatagramsTestCase : public EncapsulationTestCase
{
  public:
    /// \param e encapsulation \param fragmentAfter FragmentAfterEncapsulation (control)
    FullSizeDatagramsTestCase(MipEncapsulation e, bool fragmentAfter)
        : EncapsulationTestCase("1500-octet datagrams cross a " + Name(e) + " tunnel, fragmented " +
                                    (fragmentAfter
                                         ? "after (control: FragmentAfterEncapsulation)"
                                         : "before encapsulation (RFC 3519 4.8, RFC 2003 5.1)"),
                                e),
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

    bool m_after; //!< FragmentAfterEncapsulation
};

/**
 * \ingroup haaro-tests
 * A datagram with DF set larger than the tunnel MTU is answered with an ICMP
 * Fragmentation Needed carrying the tunnel MTU; one of exactly the tunnel MTU passes.
 */
class DontFragmentTestCase : public EncapsulationTestCase
{
  public:
    /// \param e encapsulation
    explicit DontFragmentTestCase(MipEncapsulation e)
        : EncapsulationTestCase(
              "DF set and too big for a " + Name(e) +
                  " tunnel: ICMP Fragmentation Needed with the tunnel MTU (RFC 2003 4.1, 5.1)",
              e)
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
};

/**
 * \ingroup haaro-tests
 * A router inside the tunnel reports a smaller path MTU for an outer packet (ICMP
 * Fragmentation Needed to the encapsulator): it becomes tunnel soft state, the next
 * oversize datagram gets an ICMP with the smaller tunnel MTU, and the state expires.
 */
class PathMtuSoftStateTestCase : public EncapsulationTestCase
{
  public:
    /// \param e encapsulation \param discovery PathMtuDiscovery (false: control)
    PathMtuSoftStateTestCase(MipEncapsulation e, bool discovery)
        : EncapsulationTestCase("ICMP Datagram Too Big from inside a " + Name(e) + " tunnel " +
                                    (discovery
                                         ? "becomes tunnel MTU soft state (RFC 2003 5, 5.1)"
                                         : "is ignored with PathMtuDiscovery false (control)"),
                                e),
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

    bool m_discovery; //!< PathMtuDiscovery
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
        HaaroSchedule(MilliSeconds(600), [&chain]() {
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
 * \brief MipUdpTunnelL4Protocol: the tunnel data of a registered endpoint reaches the tunnel
 * layer without the socket; the same data on another device, UDP that is not tunnel data and
 * tunnel data after the endpoint is removed go to the socket as before.
 */
class UdpEndpointTestCase : public TestCase
{
  public:
    UdpEndpointTestCase()
        : TestCase("UDP tunnel endpoint: tunnel data in front of UDP, the rest to the socket")
    {
    }

  private:
    void DoRun() override
    {
        TunnelChain chain(MipEncapsulation::UDP, 1500);
        Ptr<NetDevice> towardsD = chain.NodeAt(TunnelChain::B)->GetDevice(2); // B-D link
        Ipv4Address exit = chain.ExitAddress();
        // 1: the socket way. 2: the endpoint. 3: an endpoint bound to another device.
        // 4: removed again.
        chain.SendDatagram(MilliSeconds(100), 200, false, chain.SourceAddress());
        HaaroSchedule(MilliSeconds(150), [&chain, exit]() {
            chain.decap->AddUdpEndpoint(exit, MIP_UDP_PORT, nullptr, MIP_UDP_PORT);
        });
        chain.SendDatagram(MilliSeconds(200), 200, false, chain.SourceAddress());
        chain.SendDatagram(MilliSeconds(210), 300, false, chain.SourceAddress());
        HaaroSchedule(MilliSeconds(250), [&chain, exit, towardsD]() {
            chain.decap->AddUdpEndpoint(exit, MIP_UDP_PORT, towardsD, MIP_UDP_PORT);
        });
        chain.SendDatagram(MilliSeconds(300), 200, false, chain.SourceAddress());
        HaaroSchedule(MilliSeconds(350), [&chain, exit]() {
            chain.decap->AddUdpEndpoint(exit, MIP_UDP_PORT, nullptr, MIP_UDP_PORT);
            chain.decap->RemoveUdpEndpoint(exit, MIP_UDP_PORT);
        });
        chain.SendDatagram(MilliSeconds(400), 200, false, chain.SourceAddress());
        // Not tunnel data (a message of type 1) to the endpoint: the socket's.
        HaaroSchedule(MilliSeconds(450), [&chain, exit]() {
            chain.decap->AddUdpEndpoint(exit, MIP_UDP_PORT, nullptr, MIP_UDP_PORT);
            Ptr<Socket> s =
                Socket::CreateSocket(chain.NodeAt(TunnelChain::R), UdpSocketFactory::GetTypeId());
            s->Bind();
            uint8_t registration[24] = {1};
            s->SendTo(registration, sizeof registration, 0, InetSocketAddress(exit, MIP_UDP_PORT));
        });
        Simulator::Stop(Seconds(1));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(chain.received.size(), 5, "every tunnelled datagram delivered");
        NS_TEST_ASSERT_MSG_EQ(chain.received[1], 200, "the inner datagram, whole");
        NS_TEST_ASSERT_MSG_EQ(chain.received[2], 300, "the inner datagram, whole");
        NS_TEST_ASSERT_MSG_EQ(chain.exitTunnel->GetRxPackets(), 5, "all through the tunnel");
        NS_TEST_ASSERT_MSG_EQ(chain.socketReads,
                              4,
                              "before, another device, removed, not tunnel data");
        NS_TEST_ASSERT_MSG_EQ(chain.decap->GetDropCount(MipTunnelDrop::MALFORMED),
                              1,
                              "the type-1 message reached ReceiveUdp() through the socket");
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
        for (MipEncapsulation e :
             {MipEncapsulation::IP_IN_IP, MipEncapsulation::GRE, MipEncapsulation::UDP})
        {
            AddTestCase(new PathMtuSoftStateTestCase(e, true), TestCase::QUICK);
            AddTestCase(new PathMtuSoftStateTestCase(e, false), TestCase::QUICK);
        }
        AddTestCase(new MustNotTunnelTestCase, TestCase::QUICK);
        AddTestCase(new MustNotTunnelUdpTestCase, TestCase::QUICK);
        AddTestCase(new GreKeyTestCase, TestCase::QUICK);
        AddTestCase(new UdpEndpointTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
HaaroTunnelMtuTestSuite g_haaroTunnelMtuTestSuite;

} // namespace
