/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ns-3 TestSuite haaro-tunnel-soft-state: the TTL and reachability soft state of RFC 2003
 * section 5 (sections 4.1, 4.4), the ICMP errors it makes the encapsulator send (rate-
 * limited) while the datagrams are still tunnelled, the ICMP errors that are never relayed
 * (sections 4.1-4.3), and forged ICMP that quotes no tunnel, on the chain of
 * haaro-tunnel-chain.h (S - A - R - B - D, A tunnels to B).
 */
#include "haaro-tunnel-chain.h"

using namespace ns3;
using namespace ns3::haaro_tunnel_test;

namespace
{

/// \param events soft-state events \param kind a kind \return how many are of that kind
uint32_t
CountKind(const std::vector<TunnelSoftStateEvent>& events, TunnelSoftStateKind kind)
{
    uint32_t n = 0;
    for (const TunnelSoftStateEvent& e : events)
    {
        n += e.kind == kind;
    }
    return n;
}

/**
 * \ingroup haaro-tests
 * A's outer TTL is too small for the path (A - R - B needs 2): R answers every outer packet
 * with ICMP Time Exceeded. The tunnel learns TTL soft state; every later datagram earns S
 * an ICMP Host Unreachable (RFC 2003 section 4.4) quoting S's datagram, within the rate
 * limit (burst 6), and is tunnelled all the same (section 5). The state ages out. Control:
 * the default outer TTL, no ICMP, every datagram arrives.
 */
class TimeExceededTestCase : public EncapsulationTestCase
{
  public:
    /// \param e encapsulation \param lowTtl OuterTtl 1 (false: the default, control)
    TimeExceededTestCase(MipEncapsulation e, bool lowTtl)
        : EncapsulationTestCase(
              "Time Exceeded inside a " + Name(e) + " tunnel " +
                  (lowTtl ? "becomes TTL soft state: Host Unreachable to the inner source, "
                            "rate-limited, datagrams still tunnelled (RFC 2003 4.4, 5)"
                          : "(control: an outer TTL that reaches the exit)"),
              e),
          m_lowTtl(lowTtl)
    {
    }

  private:
    void DoRun() override
    {
        bool lowTtl = m_lowTtl;
        TunnelChain chain(m_e, 1500, [lowTtl](Ptr<MipTunnelManager> m) {
            if (lowTtl)
            {
                m->SetAttribute("OuterTtl", UintegerValue(1));
            }
            m->SetAttribute("SoftStateTimeout", TimeValue(Seconds(2)));
        });
        const uint32_t n = 10;
        for (uint32_t i = 0; i < n; i++)
        {
            chain.SendDatagram(MilliSeconds(100 + 10 * i), 200, false);
        }
        uint16_t during = 0;
        uint16_t later = 0;
        HaaroSchedule(Seconds(1), [&]() { during = chain.tunnel->GetSoftTtl(); });
        HaaroSchedule(Seconds(3), [&]() { later = chain.tunnel->GetSoftTtl(); });
        Simulator::Stop(Seconds(4));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(chain.wire.size(), n, "every datagram is tunnelled");
        if (!m_lowTtl)
        {
            NS_TEST_ASSERT_MSG_EQ(chain.received.size(), n, "control: all arrive");
            NS_TEST_ASSERT_MSG_EQ(chain.icmp.size(), 0, "control: no ICMP to the source");
            NS_TEST_ASSERT_MSG_EQ(chain.softState.size(), 0, "control: no soft state");
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(chain.received.size(), 0, "every outer packet expires at R");
        NS_TEST_ASSERT_MSG_EQ(CountKind(chain.softState, TunnelSoftStateKind::TTL),
                              n,
                              "each Time Exceeded (re)sets the TTL soft state");
        NS_TEST_ASSERT_MSG_EQ(chain.softState[0].value, 2, "path longer than outer TTL 1");
        NS_TEST_ASSERT_MSG_EQ(during, 2, "TTL soft state while the errors come");
        NS_TEST_ASSERT_MSG_EQ(later, 0, "forgotten after SoftStateTimeout");
        // The first datagram left before the first Time Exceeded came back; the 9 others
        // violate the state: 6 answered (the burst), 3 withheld by the rate limit.
        NS_TEST_ASSERT_MSG_EQ(chain.icmp.size(), 6, "Host Unreachable within the burst");
        for (const IcmpSeen& seen : chain.icmp)
        {
            NS_TEST_ASSERT_MSG_EQ(+seen.code, 1, "Host Unreachable (type 3 code 1)");
            NS_TEST_ASSERT_MSG_EQ(seen.quoted, 200, "quotes S's datagram, not the outer one");
        }
        NS_TEST_ASSERT_MSG_EQ(chain.encap->GetSoftStateCount(TunnelSoftStateKind::ERROR_SENT),
                              6,
                              "counted as sent");
        NS_TEST_ASSERT_MSG_EQ(chain.encap->GetSoftStateCount(TunnelSoftStateKind::ERROR_LIMITED),
                              3,
                              "counted as rate-limited");
    }

    bool m_lowTtl; //!< OuterTtl 1
};

/**
 * \ingroup haaro-tests
 * R loses its route to the tunnel exit and answers A's outer packets with ICMP Destination
 * Unreachable (code 0, 1 or 2). The tunnel learns reachability soft state; later datagrams
 * earn S a Destination Unreachable, Host Unreachable only for a received code 1 (D is not
 * on A's networks: RFC 2003 section 4.1 "the Code field MUST be set to 0"), and are
 * tunnelled all the same. Control: IcmpSoftState false.
 */
class UnreachableTestCase : public EncapsulationTestCase
{
  public:
    /// \param e encapsulation \param code code R sends \param softState IcmpSoftState
    UnreachableTestCase(MipEncapsulation e, uint8_t code, bool softState)
        : EncapsulationTestCase("Destination Unreachable code " + std::to_string(code) +
                                    " inside a " + Name(e) + " tunnel " +
                                    (softState ? "becomes reachability soft state (RFC 2003 4.1, 5)"
                                               : "is ignored with IcmpSoftState false (control)"),
                                e),
          m_code(code),
          m_softState(softState)
    {
    }

  private:
    void DoRun() override
    {
        bool softState = m_softState;
        TunnelChain chain(m_e, 1500, [softState](Ptr<MipTunnelManager> m) {
            m->SetAttribute("IcmpSoftState", BooleanValue(softState));
        });
        chain.AnswerRouteErrors(m_code);
        chain.SendDatagram(MilliSeconds(100), 200, false); // control: the path works
        HaaroSchedule(MilliSeconds(500), [&chain]() {
            Ptr<Ipv4L3Protocol> r = chain.Ipv4Of(TunnelChain::R);
            r->SetDown(r->GetInterfaceForAddress(chain.links[2].GetAddress(0)));
        });
        for (uint32_t i = 0; i < 4; i++)
        {
            chain.SendDatagram(MilliSeconds(1000 + 100 * i), 200, false);
        }
        Simulator::Stop(Seconds(2));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(chain.wire.size(), 5, "every datagram is tunnelled");
        NS_TEST_ASSERT_MSG_EQ(chain.received.size(), 1, "only the one before the failure");
        if (!m_softState)
        {
            NS_TEST_ASSERT_MSG_EQ(chain.icmp.size(), 0, "control: no ICMP to the source");
            NS_TEST_ASSERT_MSG_EQ(chain.encap->GetDropCount(MipTunnelDrop::ICMP_IGNORED),
                                  4,
                                  "control: each error counted as ignored");
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(CountKind(chain.softState, TunnelSoftStateKind::UNREACHABLE),
                              4,
                              "each error (re)sets the reachability soft state");
        NS_TEST_ASSERT_MSG_EQ(chain.softState[0].value, m_code, "the code received");
        NS_TEST_ASSERT_MSG_EQ(chain.icmp.size(), 3, "the three later datagrams answered");
        uint8_t expected = m_code == 1 ? 1 : 0;
        for (const IcmpSeen& seen : chain.icmp)
        {
            NS_TEST_ASSERT_MSG_EQ(+seen.code, +expected, "code 1 relayed, 0 and 2 become 0");
            NS_TEST_ASSERT_MSG_EQ(seen.quoted, 200, "quotes S's datagram");
        }
    }

    uint8_t m_code;   //!< the code R sends
    bool m_softState; //!< IcmpSoftState
};

/**
 * \ingroup haaro-tests
 * ICMP errors that RFC 2003 section 4 forbids relaying (Port Unreachable, Source Route
 * Failed, Redirect, Source Quench) about a real outer packet of the tunnel: each counted
 * under its own reason, no soft state, nothing to S, the datagrams keep flowing. Control:
 * a Host Unreachable with the same quote does set soft state.
 */
class NeverRelayedTestCase : public EncapsulationTestCase
{
  public:
    /// \param e encapsulation
    explicit NeverRelayedTestCase(MipEncapsulation e)
        : EncapsulationTestCase(
              "Port Unreachable, Source Route Failed, Redirect, Source Quench about a " + Name(e) +
                  " tunnel: counted, never relayed (RFC 2003 4.1-4.3)",
              e)
    {
    }

  private:
    void DoRun() override
    {
        TunnelChain chain(m_e, 1500);
        Ipv4Header outer = chain.QuotedOuter(chain.tunnel->GetProtocol(), chain.ExitAddress());
        std::array<uint8_t, 8> quoted{0x01, 0xb2, 0x01, 0xb2, 0, 0xb4, 0, 0}; // 434 -> 434
        uint32_t r = TunnelChain::R;
        chain.SendIcmp(MilliSeconds(100), r, 3, 3, 0, outer, quoted);
        chain.SendIcmp(MilliSeconds(110), r, 3, 5, 0, outer, quoted);
        chain.SendIcmp(MilliSeconds(120), r, 5, 1, 0, outer, quoted);
        chain.SendIcmp(MilliSeconds(130), r, 4, 0, 0, outer, quoted);
        chain.SendDatagram(MilliSeconds(200), 200, false);
        chain.SendIcmp(MilliSeconds(300), r, 3, 1, 0, outer, quoted); // control
        chain.SendDatagram(MilliSeconds(400), 200, false);
        Simulator::Stop(Seconds(1));
        Simulator::Run();

        for (MipTunnelDrop reason : {MipTunnelDrop::ICMP_PORT_UNREACHABLE,
                                     MipTunnelDrop::ICMP_SOURCE_ROUTE_FAILED,
                                     MipTunnelDrop::ICMP_REDIRECT,
                                     MipTunnelDrop::ICMP_SOURCE_QUENCH})
        {
            NS_TEST_ASSERT_MSG_EQ(chain.encap->GetDropCount(reason), 1, "counted: " << reason);
        }
        NS_TEST_ASSERT_MSG_EQ(chain.encap->GetDropCount(MipTunnelDrop::ICMP_NO_TUNNEL),
                              0,
                              "they quote the tunnel");
        NS_TEST_ASSERT_MSG_EQ(chain.softState.size(), 2, "only the control's state and error");
        NS_TEST_ASSERT_MSG_EQ(+static_cast<uint8_t>(chain.softState[0].kind),
                              +static_cast<uint8_t>(TunnelSoftStateKind::UNREACHABLE),
                              "control: Host Unreachable sets reachability");
        NS_TEST_ASSERT_MSG_EQ(chain.icmp.size(), 1, "only the datagram after the control");
        NS_TEST_ASSERT_MSG_EQ(chain.received.size(), 2, "both datagrams arrive");
    }
};

/**
 * \ingroup haaro-tests
 * Forged ICMP Datagram Too Big (next-hop MTU 1000) from S whose quote matches no tunnel of
 * A: another exit address, another protocol, for UDP other ports. Nothing changes; each is
 * counted ICMP_NO_TUNNEL. Control: the same ICMP quoting the tunnel lowers its MTU.
 */
class ForgedIcmpTestCase : public EncapsulationTestCase
{
  public:
    /// \param e encapsulation (IP in IP or UDP)
    explicit ForgedIcmpTestCase(MipEncapsulation e)
        : EncapsulationTestCase(
              "forged ICMP quoting no " + Name(e) +
                  " tunnel changes nothing, counted (control: the tunnel's quote)",
              e)
    {
    }

  private:
    void DoRun() override
    {
        TunnelChain chain(m_e, 1500);
        uint8_t protocol = chain.tunnel->GetProtocol();
        uint8_t other = m_e == MipEncapsulation::UDP ? 4 : 47;
        std::array<uint8_t, 8> ports{0x01, 0xb2, 0x01, 0xb2, 0, 0xb4, 0, 0};     // 434 -> 434
        std::array<uint8_t, 8> wrongPort{0x01, 0xb2, 0x11, 0x5c, 0, 0xb4, 0, 0}; // -> 4444
        uint32_t s = TunnelChain::S;
        Ipv4Address elsewhere("10.3.3.77");
        uint32_t before = chain.encap->GetTunnelMtu(chain.tunnel);
        chain.SendIcmp(MilliSeconds(100),
                       s,
                       3,
                       4,
                       1000,
                       chain.QuotedOuter(protocol, elsewhere),
                       ports);
        chain.SendIcmp(MilliSeconds(110),
                       s,
                       3,
                       4,
                       1000,
                       chain.QuotedOuter(other, chain.ExitAddress()),
                       ports);
        uint32_t forged = 2;
        if (m_e == MipEncapsulation::UDP)
        {
            chain.SendIcmp(MilliSeconds(120),
                           s,
                           3,
                           4,
                           1000,
                           chain.QuotedOuter(protocol, chain.ExitAddress()),
                           wrongPort);
            forged = 3;
        }
        uint32_t during = 0;
        Simulator::Schedule(MilliSeconds(200),
                            [&]() { during = chain.encap->GetTunnelMtu(chain.tunnel); });
        chain.SendIcmp(MilliSeconds(300),
                       s,
                       3,
                       4,
                       1000,
                       chain.QuotedOuter(protocol, chain.ExitAddress()),
                       ports); // control
        Simulator::Stop(Seconds(1));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(during, before, "the forged ones change nothing");
        NS_TEST_ASSERT_MSG_EQ(chain.encap->GetDropCount(MipTunnelDrop::ICMP_NO_TUNNEL),
                              forged,
                              "each counted");
        NS_TEST_ASSERT_MSG_EQ(chain.softState.size(), 1, "only the control changes state");
        NS_TEST_ASSERT_MSG_EQ(chain.encap->GetTunnelMtu(chain.tunnel),
                              1000 - chain.tunnel->GetOverhead(),
                              "control: the tunnel's quote lowers its MTU");
    }
};

/**
 * \ingroup haaro-tests
 * The tunnel soft-state suite.
 */
class HaaroTunnelSoftStateTestSuite : public TestSuite
{
  public:
    HaaroTunnelSoftStateTestSuite()
        : TestSuite("haaro-tunnel-soft-state", UNIT)
    {
        for (MipEncapsulation e : {MipEncapsulation::IP_IN_IP, MipEncapsulation::UDP})
        {
            AddTestCase(new TimeExceededTestCase(e, true), TestCase::QUICK);
            AddTestCase(new ForgedIcmpTestCase(e), TestCase::QUICK);
            AddTestCase(new NeverRelayedTestCase(e), TestCase::QUICK);
        }
        AddTestCase(new TimeExceededTestCase(MipEncapsulation::GRE, true), TestCase::QUICK);
        AddTestCase(new TimeExceededTestCase(MipEncapsulation::IP_IN_IP, false), TestCase::QUICK);
        for (uint8_t code : {0, 1, 2})
        {
            AddTestCase(new UnreachableTestCase(MipEncapsulation::IP_IN_IP, code, true),
                        TestCase::QUICK);
        }
        AddTestCase(new UnreachableTestCase(MipEncapsulation::UDP, 0, true), TestCase::QUICK);
        AddTestCase(new UnreachableTestCase(MipEncapsulation::IP_IN_IP, 0, false), TestCase::QUICK);
    }
};

/// The suite's instance.
HaaroTunnelSoftStateTestSuite g_haaroTunnelSoftStateTestSuite;

} // namespace
