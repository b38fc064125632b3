/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * RFC 6521 return routability state and the correspondent router's own registration, with
 * real packets on the virtual-operator topology: RRSTATE and the reuse of KRm while the
 * keygen tokens are valid (section 3.2), partial return routability after a care-of
 * address change (3.3.6), RRSTATE INACTIVE after a 201-203 refusal (3.3.3), the mutual
 * registration of figure F15 step 12 and the concurrent-registration code 2 (3.3.3) on each
 * encapsulation.
 */
#include "haaro-test-fixture.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/ns3-compat.h"
#include "ns3/ppp-header.h"
#include "ns3/test.h"

#include <functional>

using namespace ns3;

namespace
{

/**
 * \ingroup haaro-tests
 * Sites A, B, C (MR 0, 1, 2; home addresses in that order) registering at 1, 2 and 3 s
 * with route optimization on; records every RO message (keepalives included), peer event
 * and Setup of each router.
 */
class RrScenario : public HaaroTestScenario
{
  public:
    /// A message or peer event seen by a router's route optimizer.
    struct Record
    {
        Time at;            //!< when
        uint32_t router{0}; //!< which router
        std::string what;   //!< "tx HoTI" etc. (messages)
        RoPeerEventInfo info{Ipv4Address(), RoPeerEvent::ADVERTISEMENT}; //!< the event (events)
    };

    /// \param uplinks uplinks per site
    explicit RrScenario(uint32_t uplinks = 1)
    {
        UseTwoIspTopology(3, uplinks, true);
    }

    /// Builds and installs; connects the traces when the routers start.
    void Build()
    {
        HaaroTestScenario::Build();
        StartRouters({Seconds(1), Seconds(2), Seconds(3)});
        RouteOptimizerSinks sinks;
        sinks.message = [this](uint32_t router, const std::string& what, Ipv4Address, Ipv4Address) {
            Record r;
            r.at = Simulator::Now();
            r.router = router;
            r.what = what;
            messages.push_back(r);
        };
        sinks.peerEvent = [this](uint32_t router, const RoPeerEventInfo& info) {
            Record r;
            r.at = Simulator::Now();
            r.router = router;
            r.info = info;
            events.push_back(r);
            if (onEvent)
            {
                onEvent(router, info);
            }
        };
        sinks.setup = [this](uint32_t router, Ipv4Address, Time latency) {
            Record r;
            r.at = Simulator::Now();
            r.router = router;
            setups.push_back(r);
            setupLatency.push_back(latency);
        };
        WatchRouteOptimizers(sinks);
    }

    /// \return how many messages `what` a router saw in [from, to)
    size_t Count(uint32_t router, const std::string& what, Time from, Time to) const
    {
        size_t n = 0;
        for (const Record& m : messages)
        {
            n += m.router == router && m.what == what && m.at >= from && m.at < to;
        }
        return n;
    }

    /// \return the times of the messages `what` of a router
    std::vector<Time> Times(uint32_t router, const std::string& what) const
    {
        std::vector<Time> out;
        for (const Record& m : messages)
        {
            if (m.router == router && m.what == what)
            {
                out.push_back(m.at);
            }
        }
        return out;
    }

    /// \return the first event of a kind at a router (-1 s: none)
    Time First(uint32_t router, RoPeerEvent event) const
    {
        for (const Record& e : events)
        {
            if (e.router == router && e.info.event == event)
            {
                return e.at;
            }
        }
        return Seconds(-1);
    }

    /// \return how many events of a kind a router traced
    size_t CountEvents(uint32_t router, RoPeerEvent event) const
    {
        size_t n = 0;
        for (const Record& e : events)
        {
            n += e.router == router && e.info.event == event;
        }
        return n;
    }

    /// \param router a router \param peer a site \return its cache entry of the peer
    RocEntry* Entry(uint32_t router, uint32_t peer)
    {
        return network.mobileRouters[router]->GetRouteOptimizer()->GetCache().Find(Hoa(peer));
    }

    std::vector<Record> messages;                                  //!< RO messages, in order
    std::vector<Record> events;                                    //!< peer events, in order
    std::vector<Record> setups;                                    //!< Setup traces (at, router)
    std::vector<Time> setupLatency;                                //!< their latencies
    std::function<void(uint32_t, const RoPeerEventInfo&)> onEvent; //!< optional hook
};

/**
 * \ingroup haaro-tests
 * RFC 6521 section 3.2: "The RR procedure SHOULD be initiated when the Route Optimization
 * Cache's RRSTATE field for the desired CoA with the target CR is INACTIVE". MR C keeps
 * its binding with MR A (lifetime 120 s, refreshed every 96 s): the refreshes at 96 and
 * 192 s after the first registration reuse KRm (an RRQ, no HoTI/CoTI) and MR A accepts
 * them (its nonces live MAX_NONCE_LIFETIME, 240 s, section 3.2.3); the refresh after
 * MAX_TOKEN_LIFETIME (210 s) runs return routability again. Control
 * (MaxTokenLifetime = 0): return routability before every registration.
 */
class TokenReuseTestCase : public TestCase
{
  public:
    /// \param reuse default MaxTokenLifetime (210 s), else 0 (the control run)
    explicit TokenReuseTestCase(bool reuse)
        : TestCase(reuse ? "RRSTATE: refreshes reuse KRm while the tokens are valid, RR again "
                           "after MAX_TOKEN_LIFETIME"
                         : "RRSTATE control: MaxTokenLifetime 0 runs RR before every refresh"),
          m_reuse(reuse)
    {
    }

  private:
    void DoRun() override
    {
        RrScenario s;
        s.nemo.SetRouteOptimizerAttribute("MutualRegistration", BooleanValue(false));
        if (!m_reuse)
        {
            s.nemo.SetRouteOptimizerAttribute("MaxTokenLifetime", TimeValue(Seconds(0)));
        }
        s.Build();
        s.AddFlow(2, 0, Seconds(5), Seconds(320), Seconds(1), 9002);
        s.Run(Seconds(320));
        std::vector<Time> rrq = s.Times(2, "tx RRQ");
        std::vector<Time> hoti = s.Times(2, "tx HoTI");
        std::vector<Time> coti = s.Times(2, "tx CoTI");
        NS_TEST_ASSERT_MSG_EQ(rrq.size(), 4u, "registration at ~5 s and refreshes at +96 s");
        Time t0 = rrq[0];
        for (size_t i = 1; i < rrq.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ_TOL(rrq[i].GetSeconds() - t0.GetSeconds(),
                                      96.0 * i,
                                      0.5,
                                      "refresh " << i << " at RenewalFraction of 120 s");
        }
        NS_TEST_ASSERT_MSG_EQ(s.CountEvents(2, RoPeerEvent::REGISTRATION_REJECTED),
                              0u,
                              "every registration accepted");
        NS_TEST_ASSERT_MSG_EQ(s.CountEvents(2, RoPeerEvent::FALLBACK), 0u, "no fallback");
        NS_TEST_ASSERT_MSG_EQ(s.CountEvents(2, RoPeerEvent::REGISTRATION_ACCEPTED),
                              4u,
                              "four accepted");
        if (m_reuse)
        {
            // RR at the first registration and at the refresh after 210 s only.
            NS_TEST_ASSERT_MSG_EQ(hoti.size(), 2u, "HoTI at ~5 s and at the third refresh");
            NS_TEST_ASSERT_MSG_EQ(coti.size(), 2u, "CoTI at ~5 s and at the third refresh");
            NS_TEST_ASSERT_MSG_LT(hoti[0], t0, "first RR before the first registration");
            NS_TEST_ASSERT_MSG_EQ(s.Count(2, "tx HoTI", t0, rrq[3] - Seconds(1)),
                                  0u,
                                  "no HoTI at the refreshes at +96 s and +192 s");
            NS_TEST_ASSERT_MSG_EQ(s.Count(2, "tx CoTI", t0, rrq[3] - Seconds(1)),
                                  0u,
                                  "no CoTI at the refreshes at +96 s and +192 s");
            NS_TEST_ASSERT_MSG_GT(hoti[1] - hoti[0],
                                  Seconds(ReturnRoutabilityKeys::MAX_TOKEN_LIFETIME),
                                  "RR again only after MAX_TOKEN_LIFETIME");
            NS_TEST_ASSERT_MSG_LT(rrq[3] - hoti[1], Seconds(1), "for the third refresh");
            NS_TEST_ASSERT_MSG_EQ(s.CountEvents(2, RoPeerEvent::RR_STARTED), 2u, "two RR rounds");
            RocEntry* a = s.Entry(2, 0);
            const RrRecord* rr = a->FindRr(s.Coa(2));
            NS_TEST_ASSERT_MSG_NE(rr, nullptr, "RRSTATE of (MR A, our CoA)");
            NS_TEST_ASSERT_MSG_EQ((rr->state == RrState::ACTIVE), true, "ACTIVE");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(hoti.size(), 4u, "a HoTI before every registration");
            NS_TEST_ASSERT_MSG_EQ(coti.size(), 4u, "a CoTI before every registration");
        }
        NS_TEST_ASSERT_MSG_EQ(unsigned(s.flows[9002].back().ttl), 62u, "direct to the end");
    }

    bool m_reuse; //!< MaxTokenLifetime default, or 0
};

/**
 * \ingroup haaro-tests
 * RFC 6521 sections 3.2 and 3.3.6: after a care-of address change MR C sends a CoTI only
 * (the home token is still valid), and its next refresh from the new address reuses the
 * new KRm (no HoTI, no CoTI).
 */
class CareOfChangeTestCase : public TestCase
{
  public:
    CareOfChangeTestCase()
        : TestCase("RRSTATE: a care-of address change needs a CoTI only, the next refresh none")
    {
    }

  private:
    void DoRun() override
    {
        RrScenario s(2);
        s.nemo.SetRouteOptimizerAttribute("MutualRegistration", BooleanValue(false));
        s.Build();
        s.AddFlow(2, 0, Seconds(5), Seconds(130), MilliSeconds(500), 9002);
        VirtualOperatorTopologyHelper::ScheduleUplinkFailure(
            s.topology,
            2,
            0,
            Seconds(20),
            Seconds(0),
            VirtualOperatorTopologyHelper::INTERFACE_DOWN);
        s.Run(Seconds(130));
        NS_TEST_ASSERT_MSG_EQ(s.CountEvents(2, RoPeerEvent::HANDOVER), 1u, "one handover");
        NS_TEST_ASSERT_MSG_EQ(s.Count(2, "tx HoTI", Seconds(20), Seconds(130)),
                              0u,
                              "no HoTI after the move");
        NS_TEST_ASSERT_MSG_EQ(s.Count(2, "tx CoTI", Seconds(20), Seconds(22)),
                              1u,
                              "one CoTI from the new care-of address");
        std::vector<Time> rrq = s.Times(2, "tx RRQ");
        NS_TEST_ASSERT_MSG_EQ(rrq.size(), 3u, "registration, re-registration, refresh");
        NS_TEST_ASSERT_MSG_GT(rrq[2], Seconds(110), "the refresh, 96 s after the move");
        NS_TEST_ASSERT_MSG_EQ(s.Count(2, "tx CoTI", Seconds(22), Seconds(130)),
                              0u,
                              "the refresh reuses the new KRm");
        NS_TEST_ASSERT_MSG_EQ(s.CountEvents(2, RoPeerEvent::REGISTRATION_ACCEPTED),
                              3u,
                              "all accepted");
        const RrRecord* rr = s.Entry(2, 0)->FindRr(s.Coa(2, 1));
        NS_TEST_ASSERT_MSG_NE(rr, nullptr, "RRSTATE of the new care-of address");
        NS_TEST_ASSERT_MSG_EQ((rr->state == RrState::ACTIVE), true, "ACTIVE");
        NS_TEST_ASSERT_MSG_EQ(unsigned(s.flows[9002].back().ttl), 62u, "direct at the end");
    }
};

/**
 * \ingroup haaro-tests
 * RFC 6521 sections 3.2 and 3.3.3: a reply 201 (home nonce expired), 202 (care-of) or 203
 * (both) to a refresh sets RRSTATE INACTIVE; MR C obtains the token(s) the code names
 * again (201: HoTI, 202: CoTI, 203: both) and registers. The refusal is the one a CR
 * sends that cannot rebuild KRm (unauthenticated); it is sent from MR A's home address
 * (through MR A's reverse tunnel) with the Identification of MR C's refresh.
 */
class RefusalTestCase : public TestCase
{
  public:
    /// \param code 201, 202 or 203
    explicit RefusalTestCase(uint8_t code)
        : TestCase("RRSTATE: a refusal " + std::to_string(code) +
                   " sets INACTIVE and RR obtains the named token(s)"),
          m_code(code)
    {
    }

  private:
    void DoRun() override
    {
        RrScenario s;
        s.nemo.SetRouteOptimizerAttribute("MutualRegistration", BooleanValue(false));
        s.Build();
        s.AddFlow(2, 0, Seconds(5), Seconds(110), MilliSeconds(500), 9002);
        Ptr<Node> mrA = s.topology.sites[0].mobileRouter;
        Ptr<Node> mrC = s.topology.sites[2].mobileRouter;
        Ipv4Address hoaA = s.Hoa(0);
        Ipv4Address hoaC = s.Hoa(2);
        Ipv4Address coaC = s.Coa(2);
        Ptr<Socket> refuser;
        uint8_t code = m_code;
        bool refused = false;
        // The refresh (~101 s): answered at once with the refusal, which overtakes MR A's
        // own reply.
        HaaroSchedule(Seconds(50), [&]() {
            refuser = Socket::CreateSocket(mrA, UdpSocketFactory::GetTypeId());
            refuser->Bind(InetSocketAddress(hoaA, 0));
            mrC->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
                "Tx",
                MakeFunctorCallback<void, Ptr<const Packet>, Ptr<Ipv4>, uint32_t>(
                    [&, code](Ptr<const Packet> p, Ptr<Ipv4>, uint32_t) {
                        Ptr<Packet> copy = p->Copy();
                        Ipv4Header ip;
                        UdpHeader udp;
                        copy->RemoveHeader(ip);
                        if (refused || ip.GetProtocol() != UdpL4Protocol::PROT_NUMBER ||
                            ip.GetDestination() != hoaA || Simulator::Now() < Seconds(90))
                        {
                            return;
                        }
                        copy->RemoveHeader(udp);
                        MipBytes bytes(copy->GetSize());
                        copy->CopyData(bytes.data(), bytes.size());
                        MipRegistrationRequest rrq;
                        if (MipPeekMessageType(bytes) != MIP_REGISTRATION_REQUEST ||
                            rrq.FromBytes(bytes) == 0)
                        {
                            return;
                        }
                        MipRegistrationReply reply;
                        reply.SetCode(code);
                        reply.SetHomeAddress(hoaC);
                        reply.SetHomeAgent(rrq.GetHomeAgent());
                        reply.SetIdentification(rrq.GetIdentification());
                        MipBytes out = reply.ToBytes();
                        refused = true;
                        refuser->SendTo(Create<Packet>(out.data(), out.size()),
                                        0,
                                        InetSocketAddress(coaC, MIP_UDP_PORT));
                    }));
        });
        s.Run(Seconds(110));
        Time rejected = s.First(2, RoPeerEvent::REGISTRATION_REJECTED);
        NS_TEST_ASSERT_MSG_GT(rejected, Seconds(90), "the refresh was refused");
        bool home = m_code != MIP_REPLY_CR_EXPIRED_CARE_OF_NONCE;
        bool careOf = m_code != MIP_REPLY_CR_EXPIRED_HOME_NONCE;
        NS_TEST_ASSERT_MSG_EQ(s.Count(2, "tx HoTI", Seconds(6), rejected), 0u, "none before");
        NS_TEST_ASSERT_MSG_EQ(s.Count(2, "tx CoTI", Seconds(6), rejected), 0u, "none before");
        NS_TEST_ASSERT_MSG_EQ(s.Count(2, "tx HoTI", rejected, Seconds(110)),
                              (home ? 1u : 0u),
                              "HoTI iff the home nonce expired");
        NS_TEST_ASSERT_MSG_EQ(s.Count(2, "tx CoTI", rejected, Seconds(110)),
                              (careOf ? 1u : 0u),
                              "CoTI iff the care-of nonce expired");
        NS_TEST_ASSERT_MSG_EQ(s.Count(2, "tx RRQ", rejected, Seconds(110)),
                              1u,
                              "registered again after RR");
        NS_TEST_ASSERT_MSG_EQ(s.CountEvents(2, RoPeerEvent::REGISTRATION_ACCEPTED),
                              2u,
                              "the first registration and the one after RR");
        NS_TEST_ASSERT_MSG_EQ(s.CountEvents(2, RoPeerEvent::FALLBACK), 0u, "no fallback");
        NS_TEST_ASSERT_MSG_EQ(unsigned(s.flows[9002].back().ttl), 62u, "direct at the end");
        refuser->Close();
    }

    uint8_t m_code; //!< the refusal
};

/**
 * \ingroup haaro-tests
 * RFC 6521 section 3.3.3 ("it is RECOMMENDED that time be given for the CR to perform its
 * own, explicit registration"; figure F15 step 12): after MR C registered with MR A and
 * its first keepalive came through, MR A runs return routability with MR C and registers
 * with it, so each holds a binding with the other. MutualRegistration = false: only MR C
 * is registered.
 */
class MutualRegistrationTestCase : public TestCase
{
  public:
    /// \param mutual the MutualRegistration attribute
    explicit MutualRegistrationTestCase(bool mutual)
        : TestCase(mutual ? "mutual registration: the CR registers with the MR (F15 step 12)"
                          : "mutual registration off: only the MR is registered"),
          m_mutual(mutual)
    {
    }

  private:
    void DoRun() override
    {
        RrScenario s;
        s.nemo.SetRouteOptimizerAttribute("MutualRegistration", BooleanValue(m_mutual));
        s.Build();
        s.AddFlow(2, 0, Seconds(5), Seconds(10), MilliSeconds(100), 9002);
        s.AddFlow(0, 2, Seconds(5), Seconds(10), MilliSeconds(100), 9001);
        s.Run(Seconds(10));
        RocEntry* cAtA = s.Entry(0, 2);
        RocEntry* aAtC = s.Entry(2, 0);
        NS_TEST_ASSERT_MSG_EQ(aAtC->registeredWithPeer, true, "C registered with A");
        NS_TEST_ASSERT_MSG_EQ(cAtA->peerRegistered, true, "A holds C's binding");
        NS_TEST_ASSERT_MSG_EQ(cAtA->registeredWithPeer, m_mutual, "A registered with C");
        NS_TEST_ASSERT_MSG_EQ(aAtC->peerRegistered, m_mutual, "C holds A's binding");
        NS_TEST_ASSERT_MSG_EQ(s.Count(0, "tx HoTI", Seconds(0), Seconds(10)),
                              (m_mutual ? 1u : 0u),
                              "MR A's return routability");
        NS_TEST_ASSERT_MSG_EQ(s.Count(0, "tx RRQ", Seconds(0), Seconds(10)),
                              (m_mutual ? 1u : 0u),
                              "MR A's registration with MR C");
        NS_TEST_ASSERT_MSG_EQ(s.CountEvents(2, RoPeerEvent::PEER_REGISTERED),
                              (m_mutual ? 1u : 0u),
                              "MR C accepted it");
        NS_TEST_ASSERT_MSG_EQ(s.setups.size(), (m_mutual ? 2u : 1u), "Setup at C (and A)");
        if (m_mutual && s.setups.size() == 2)
        {
            // MR A starts once MR C's first keepalive (UDP) came through.
            Time verified = s.First(0, RoPeerEvent::UDP_TUNNEL_VERIFIED);
            NS_TEST_ASSERT_MSG_GT(verified, Seconds(5), "A verified C's tunnel");
            NS_TEST_ASSERT_MSG_GT_OR_EQ(s.Times(0, "tx HoTI")[0], verified, "then A's RR");
            NS_TEST_ASSERT_MSG_EQ(s.setups[1].router, 0u, "A's own Setup second");
            std::cout << "    mutual registration: Setup at C " << s.setupLatency[0].As(Time::MS)
                      << ", at A " << s.setupLatency[1].As(Time::MS) << std::endl;
        }
        // One tunnel per pair at each end, used both ways; nothing fell back.
        for (uint32_t r : {0u, 2u})
        {
            NS_TEST_ASSERT_MSG_EQ(s.network.mobileRouters[r]->GetTunnelManager()->GetTunnelCount(),
                                  2u,
                                  "the HA tunnel and one direct tunnel at " << r);
            NS_TEST_ASSERT_MSG_EQ(s.CountEvents(r, RoPeerEvent::FALLBACK), 0u, "no fallback");
        }
        for (uint16_t port : {9001, 9002})
        {
            NS_TEST_ASSERT_MSG_EQ(unsigned(s.flows[port].back().ttl), 62u, "direct " << port);
            NS_TEST_ASSERT_MSG_GT_OR_EQ(s.flows[port].size(), 49u, "no loss " << port);
        }
    }

    bool m_mutual; //!< attribute value
};

/**
 * \ingroup haaro-tests
 * Drops the first Registration Request from one care-of address that arrives at a
 * router's uplink (tunnelled by the HA): PPP | IPv4 (4) | IPv4 (UDP) | UDP 434 | type 1.
 */
class DropFirstRequest : public ErrorModel
{
  public:
    /// \param from the inner source to match
    explicit DropFirstRequest(Ipv4Address from)
        : m_from(from)
    {
    }

  private:
    bool DoCorrupt(Ptr<Packet> p) override
    {
        if (m_dropped)
        {
            return false;
        }
        Ptr<Packet> copy = p->Copy();
        PppHeader ppp;
        Ipv4Header outer;
        Ipv4Header inner;
        UdpHeader udp;
        copy->RemoveHeader(ppp);
        copy->RemoveHeader(outer);
        if (outer.GetProtocol() != 4)
        {
            return false;
        }
        copy->RemoveHeader(inner);
        if (inner.GetProtocol() != UdpL4Protocol::PROT_NUMBER || inner.GetSource() != m_from)
        {
            return false;
        }
        copy->RemoveHeader(udp);
        uint8_t type = 0;
        copy->CopyData(&type, 1);
        m_dropped = udp.GetDestinationPort() == MIP_UDP_PORT && type == MIP_REGISTRATION_REQUEST;
        return m_dropped;
    }

    void DoReset() override
    {
    }

    Ipv4Address m_from;    //!< inner source
    bool m_dropped{false}; //!< done
};

/**
 * \ingroup haaro-tests
 * RFC 6521 section 3.3.3, code 2: MR A and MR C start route optimization at once; MR A's
 * first request is lost on its way to MR C, so MR C's request reaches MR A while A's is
 * pending and A (smaller home address) answers code 2. MR C "SHOULD consider the
 * registration a success but only act on it once the peer has completed its own
 * registration": no tunnel traffic, no keepalive from C before it accepted A's
 * retransmitted request; then the direct tunnel works both ways. For IP in IP, GRE and
 * UDP direct tunnels.
 */
class ConcurrentCode2TestCase : public TestCase
{
  public:
    /// \param encapsulation of the direct tunnels ("IpInIp", "Gre", "Udp")
    explicit ConcurrentCode2TestCase(const std::string& encapsulation)
        : TestCase("code 2 honoured (" + encapsulation +
                   "): nothing into the tunnel before the peer's own registration"),
          m_encapsulation(encapsulation)
    {
    }

  private:
    void DoRun() override
    {
        RrScenario s;
        s.nemo.SetRouteOptimizerAttribute("Encapsulation", StringValue(m_encapsulation));
        s.Build();
        // MR A re-registers at 9 s (lifetime 10 s) and learns MR C: both know each other.
        s.network.mobileRouters[0]->SetAttribute("Lifetime", UintegerValue(10));
        s.AddFlow(0, 2, Seconds(12), Seconds(20), MilliSeconds(100), 9001);
        s.AddFlow(2, 0, Seconds(12), Seconds(20), MilliSeconds(100), 9002);
        Ptr<NetDevice> uplinkC = s.topology.sites[2].uplinks[0].mrDevice;
        uplinkC->SetAttribute("ReceiveErrorModel",
                              PointerValue(CreateObject<DropFirstRequest>(s.Coa(0))));
        // What MR C has sent into its direct tunnel when it got code 2.
        uint64_t txAtCode2 = 0;
        bool tunnelAtCode2 = true;
        s.onEvent = [&](uint32_t router, const RoPeerEventInfo& info) {
            if (router == 2 && info.event == RoPeerEvent::REGISTRATION_PRE_ACCEPTED)
            {
                RocEntry* a = s.Entry(2, 0);
                tunnelAtCode2 = a->tunnel != nullptr;
                txAtCode2 = a->tunnel ? a->tunnel->GetTxPackets() : 0;
            }
        };
        s.Run(Seconds(20.5));
        Time code2 = s.First(2, RoPeerEvent::REGISTRATION_PRE_ACCEPTED);
        Time peerDone = s.First(2, RoPeerEvent::PEER_REGISTERED);
        NS_TEST_ASSERT_MSG_GT(code2, Seconds(12), "MR C got code 2");
        NS_TEST_ASSERT_MSG_GT(peerDone, code2, "before MR A's registration was accepted");
        NS_TEST_ASSERT_MSG_EQ(tunnelAtCode2, false, "no tunnel at C on code 2");
        NS_TEST_ASSERT_MSG_EQ(txAtCode2, 0u, "nothing sent into it");
        NS_TEST_ASSERT_MSG_EQ(s.Count(2, "tx KEEPALIVE", Seconds(0), peerDone),
                              0u,
                              "no keepalive from C before A's own registration");
        NS_TEST_ASSERT_MSG_EQ(s.Count(2, "tx RRQ", code2, peerDone),
                              0u,
                              "no new registration while waiting (data is no trigger)");
        NS_TEST_ASSERT_MSG_EQ(s.CountEvents(0, RoPeerEvent::REGISTRATION_ACCEPTED),
                              1u,
                              "A's retransmitted request accepted (code 0)");
        RocEntry* cAtA = s.Entry(0, 2);
        RocEntry* aAtC = s.Entry(2, 0);
        for (RocEntry* e : {cAtA, aAtC})
        {
            NS_TEST_ASSERT_MSG_EQ(e->tunnelActive, true, "direct tunnel active");
            NS_TEST_ASSERT_MSG_EQ(e->registeredWithPeer && e->peerRegistered,
                                  true,
                                  "registered both ways");
        }
        NS_TEST_ASSERT_MSG_EQ(s.setups.size(), 2u, "one Setup at each router");
        for (uint32_t r : {0u, 2u})
        {
            NS_TEST_ASSERT_MSG_EQ(s.CountEvents(r, RoPeerEvent::FALLBACK), 0u, "no fallback");
        }
        for (uint16_t port : {9001, 9002})
        {
            NS_TEST_ASSERT_MSG_EQ(unsigned(s.flows[port].back().ttl), 62u, "direct " << port);
        }
    }

    std::string m_encapsulation; //!< attribute value
};

/**
 * \ingroup haaro-tests
 * Return routability state and the correspondent router's own registration.
 */
class RoRrTestSuite : public TestSuite
{
  public:
    RoRrTestSuite()
        : TestSuite("haaro-ro-rr", UNIT)
    {
        AddTestCase(new TokenReuseTestCase(true), TestCase::QUICK);
        AddTestCase(new TokenReuseTestCase(false), TestCase::QUICK);
        AddTestCase(new CareOfChangeTestCase, TestCase::QUICK);
        for (uint8_t code : {MIP_REPLY_CR_EXPIRED_HOME_NONCE,
                             MIP_REPLY_CR_EXPIRED_CARE_OF_NONCE,
                             MIP_REPLY_CR_EXPIRED_NONCES})
        {
            AddTestCase(new RefusalTestCase(code), TestCase::QUICK);
        }
        AddTestCase(new MutualRegistrationTestCase(true), TestCase::QUICK);
        AddTestCase(new MutualRegistrationTestCase(false), TestCase::QUICK);
        for (const char* e : {"IpInIp", "Gre", "Udp"})
        {
            AddTestCase(new ConcurrentCode2TestCase(e), TestCase::QUICK);
        }
    }
};

/// The suite's instance.
RoRrTestSuite g_roRrTestSuite;

} // namespace
