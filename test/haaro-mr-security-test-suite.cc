/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The mobile router's side of registration security (issue 10, items 2 and 7): one reply
 * per request (RFC 5944 sections 3.6.2.1 and 5.7), random low-order Identification bits
 * (section 5.7.1), denials retried with back-off (section 3.6.3), and Home Agent state loss
 * noticed through the in-tunnel path probes. Every attack is made of real packets sent by
 * a node on the path (the peering router) with spoofed sources, beside a control run.
 */
#include "haaro-test-fixture.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/ns3-compat.h"
#include "ns3/test.h"

#include <set>

using namespace ns3;

namespace
{

/**
 * \ingroup haaro-tests
 * Two sites (one uplink each) on the virtual-operator topology, a UDP flow host(site 0) ->
 * host(site 1), and a spoofing attacker on the peering router.
 */
class SecurityScenario : public HaaroTestScenario
{
  public:
    SecurityScenario()
    {
        topologyHelper.SetNumIsps(2);
        topologyHelper.AddSites(2, 1);
    }

    /// The flow's destination port.
    static constexpr uint16_t FLOW_PORT = 9000;

    /// \param start first datagram \param stop no datagram after \param interval spacing
    void AddFlow(Time start, Time stop, Time interval)
    {
        HaaroTestScenario::AddFlow(0, 1, start, stop, interval, FLOW_PORT);
    }

    /// \return what the flow's sink received
    std::vector<Arrival> Arrivals() const
    {
        return flows[FLOW_PORT];
    }

    /// \param from window start \param to window end \return arrivals in [from, to)
    size_t ArrivalsIn(Time from, Time to) const
    {
        return HaaroTestScenario::ArrivalsIn(FLOW_PORT, from, to);
    }

    /// \param from window start \param to window end \return the longest silence in it
    Time LongestGap(Time from, Time to) const
    {
        return HaaroTestScenario::LongestGap(FLOW_PORT, from, to);
    }

    /**
     * \brief Sends a UDP datagram with a forged IP source from the peering router (raw
     * socket, IP header included): what an attacker on the path can do.
     * \param src forged source \param sport source port \param dst destination
     * \param dport destination port \param payload UDP payload
     */
    void Spoof(Ipv4Address src, uint16_t sport, Ipv4Address dst, uint16_t dport, MipBytes payload)
    {
        Ptr<Node> attacker = topology.peering;
        Ptr<Ipv4> ipv4 = attacker->GetObject<Ipv4>();
        Ipv4Header lookup;
        lookup.SetDestination(dst);
        lookup.SetProtocol(UdpL4Protocol::PROT_NUMBER);
        Socket::SocketErrno error;
        Ptr<Ipv4Route> route =
            ipv4->GetRoutingProtocol()->RouteOutput(Create<Packet>(), lookup, nullptr, error);
        NS_ABORT_MSG_IF(!route, "no route from the attacker to " << dst);
        Ptr<Socket> raw = Socket::CreateSocket(attacker, Ipv4RawSocketFactory::GetTypeId());
        raw->SetAttribute("Protocol", UintegerValue(UdpL4Protocol::PROT_NUMBER));
        raw->SetAttribute("IpHeaderInclude", BooleanValue(true));
        raw->BindToNetDevice(route->GetOutputDevice()); // any source address may be used then
        Ptr<Packet> p =
            MakeUdpDatagram(src, dst, sport, dport, Create<Packet>(payload.data(), payload.size()));
        raw->SendTo(p, 0, InetSocketAddress(dst, 0));
        m_raw.push_back(raw);
    }

    /// \param site a site \return its care-of address
    Ipv4Address CareOf(uint32_t site) const
    {
        return Coa(site);
    }

  private:
    std::vector<Ptr<Socket>> m_raw; //!< the attacker's raw sockets
};

/// Records the Home Agent's replies to one care-of address (bytes, as sent).
struct ReplyCapture
{
    Ipv4Address to;                //!< the care-of address watched
    std::vector<MipBytes> replies; //!< what the HA sent there
    std::vector<Time> sentAt;      //!< when
};

/**
 * \param capture where to record \param reply a reply the HA sends \param to its destination
 */
void
CaptureReply(ReplyCapture* capture, const MipRegistrationReply& reply, Ipv4Address to)
{
    if (to == capture->to)
    {
        capture->replies.push_back(reply.ToBytes());
        capture->sentAt.push_back(Simulator::Now());
    }
}

/// \param out where to record \param r a request the router sent
void
RecordRequest(std::vector<std::pair<Time, uint64_t>>* out,
              const MipRegistrationRequest& r,
              Ipv4Address)
{
    out->emplace_back(Simulator::Now(), r.GetIdentification());
}

/// \param out where to record \param r an accepted reply
void
RecordSuccess(std::vector<Time>* out, const MipRegistrationReply& r, Ipv4Address)
{
    if (MipReplyCodeIsSuccess(r.GetCode()))
    {
        out->push_back(Simulator::Now());
    }
}

/**
 * \ingroup haaro-tests
 * A1: a captured Registration Reply replayed (from the Home Agent's address and port) every
 * 500 ms. Today's router accepted every copy and rescheduled its renewal from "now", so its
 * binding expired at the Home Agent. Now each copy is counted and dropped, the renewals go
 * out on time and every datagram arrives, as in the control run without replays.
 */
class ReplayedReplyTestCase : public TestCase
{
  public:
    /// \param attack replay (true) or control (false)
    explicit ReplayedReplyTestCase(bool attack)
        : TestCase(attack ? "A1: replayed replies are dropped and the renewals still go out"
                          : "A1 control: no replay"),
          m_attack(attack)
    {
    }

  private:
    void DoRun() override
    {
        SecurityScenario s;
        s.nemo.SetMobileRouterAttribute("Lifetime", UintegerValue(10));
        s.Build();
        s.AddFlow(Seconds(2), Seconds(30), MilliSeconds(100));
        ReplyCapture capture{s.CareOf(0), {}, {}};
        s.network.homeAgent->TraceConnectWithoutContext("ReplySent",
                                                        MakeBoundCallback(&CaptureReply, &capture));
        uint32_t replays = 0;
        if (m_attack)
        {
            for (Time t = Seconds(2); t < Seconds(30); t += MilliSeconds(500))
            {
                HaaroSchedule(t, [&s, &capture, &replays]() {
                    s.Spoof(s.topology.homeAgentAddress,
                            MIP_UDP_PORT,
                            s.CareOf(0),
                            s.Uplink(0)->GetLocalPort(),
                            capture.replies.front());
                    replays++;
                });
            }
        }
        s.Run(Seconds(31));

        Ptr<MrUplink> uplink = s.Uplink(0);
        std::cout << "    A1" << (m_attack ? "" : " control") << ": " << replays
                  << " replays, delivered " << s.Arrivals().size() << "/280, requests "
                  << uplink->GetRequestsSent() << std::endl;
        uint64_t dropped = uplink->GetProtocolDropCount(ProtocolDrop::UNSOLICITED_REPLY) +
                           uplink->GetProtocolDropCount(ProtocolDrop::IDENTIFICATION_MISMATCH);
        NS_TEST_ASSERT_MSG_EQ(dropped, replays, "every replayed copy counted and dropped");
        NS_TEST_ASSERT_MSG_EQ(uplink->GetProtocolDropCount(ProtocolDrop::AUTHENTICATION_FAILED),
                              0,
                              "the copies are genuine (they authenticate)");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(uplink->GetRequestsSent(), 4, "renewed at 8, 16 and 24 s");
        NS_TEST_ASSERT_MSG_EQ(uplink->GetRepliesReceived(),
                              uplink->GetRequestsSent(),
                              "one accepted reply per request");
        NS_TEST_ASSERT_MSG_EQ(uplink->GetRepliesIgnored(), replays, "ignored = replays");
        NS_TEST_ASSERT_MSG_NE(
            s.network.homeAgent->GetBindingTable()->Find(s.topology.sites[0].homeAddress),
            nullptr,
            "the binding never expired");
        NS_TEST_ASSERT_MSG_EQ(s.Arrivals().size(), 280, "every datagram delivered (28 s at 10/s)");
        if (m_attack)
        {
            NS_TEST_ASSERT_MSG_EQ(replays, 56, "the attack ran");
        }
    }

    bool m_attack; //!< replay or control
};

/**
 * \ingroup haaro-tests
 * A reply from a wrong address or port, and a copy of the genuine reply arriving next to
 * it, are counted and dropped: the router acts on one reply per request. Site 1 is the
 * control (nothing sent to it).
 */
class WrongSourceAndDuplicateTestCase : public TestCase
{
  public:
    WrongSourceAndDuplicateTestCase()
        : TestCase("replies from a wrong source are ignored; a duplicate reply counts once")
    {
    }

  private:
    void DoRun() override
    {
        SecurityScenario s;
        s.Build();
        ReplyCapture capture{s.CareOf(0), {}, {}};
        s.network.homeAgent->TraceConnectWithoutContext("ReplySent",
                                                        MakeBoundCallback(&CaptureReply, &capture));
        // A byte-for-byte copy of the first reply, sent by the attacker as the HA sends it:
        // the HA's retransmission pattern (two answers to one request).
        bool copied = false;
        s.network.homeAgent->TraceConnectWithoutContext(
            "ReplySent",
            MakeBoundCallback(
                +[](SecurityScenario* sc,
                    bool* done,
                    const MipRegistrationReply& r,
                    Ipv4Address to) {
                    if (*done || to != sc->CareOf(0))
                    {
                        return;
                    }
                    *done = true;
                    MipBytes bytes = r.ToBytes();
                    uint16_t port = sc->Uplink(0)->GetLocalPort();
                    HaaroScheduleNow([sc, bytes, port]() {
                        sc->Spoof(sc->topology.homeAgentAddress,
                                  MIP_UDP_PORT,
                                  sc->CareOf(0),
                                  port,
                                  bytes);
                    });
                },
                &s,
                &copied));
        HaaroSchedule(Seconds(2), [&s, &capture]() {
            uint16_t port = s.Uplink(0)->GetLocalPort();
            // From the peering router's own address, and from the HA's address but another
            // port: not where the request went.
            s.Spoof(s.topology.peeringBackendAddress,
                    MIP_UDP_PORT,
                    s.CareOf(0),
                    port,
                    capture.replies.front());
            s.Spoof(s.topology.homeAgentAddress, 4340, s.CareOf(0), port, capture.replies.front());
        });
        std::vector<Time> successes;
        s.network.mobileRouters[0]->TraceConnectWithoutContext(
            "ReplyReceived",
            MakeBoundCallback(&RecordSuccess, &successes));
        s.Run(Seconds(3));

        Ptr<MrUplink> uplink = s.Uplink(0);
        NS_TEST_ASSERT_MSG_EQ(copied, true, "the duplicate was sent");
        NS_TEST_ASSERT_MSG_EQ(uplink->GetRequestsSent(), 1, "one request");
        NS_TEST_ASSERT_MSG_EQ(uplink->GetRepliesReceived(), 1, "one reply acted on");
        NS_TEST_ASSERT_MSG_EQ(successes.size(), 1, "one ReplyReceived");
        NS_TEST_ASSERT_MSG_EQ(uplink->GetProtocolDropCount(ProtocolDrop::UNSOLICITED_REPLY),
                              1,
                              "the second copy of the reply");
        NS_TEST_ASSERT_MSG_EQ(uplink->GetProtocolDropCount(ProtocolDrop::UNEXPECTED_SOURCE),
                              2,
                              "wrong address, wrong port");
        NS_TEST_ASSERT_MSG_EQ(uplink->GetRepliesIgnored(), 3, "all three ignored");
        NS_TEST_ASSERT_MSG_EQ((uplink->GetState() == MrUplinkState::REGISTERED), true, "bound");
        // Control: the router nobody attacked.
        Ptr<MrUplink> control = s.Uplink(1);
        NS_TEST_ASSERT_MSG_EQ(control->GetRepliesReceived(), 1, "control: one reply");
        NS_TEST_ASSERT_MSG_EQ(control->GetRepliesIgnored(), 0, "control: nothing ignored");
        NS_TEST_ASSERT_MSG_EQ(control->GetProtocolDropCount(ProtocolDrop::UNSOLICITED_REPLY) +
                                  control->GetProtocolDropCount(ProtocolDrop::UNEXPECTED_SOURCE),
                              0,
                              "control: no drop");
    }
};

/**
 * \ingroup haaro-tests
 * The low-order 32 bits of the Identification are random (RFC 5944 section 5.7.1), from a
 * stream fixed by the run number: they differ from request to request and from one
 * --RngRun to another, the same run gives the same values, and the high-order bits are the
 * clock's seconds.
 */
class IdentificationRandomTestCase : public TestCase
{
  public:
    IdentificationRandomTestCase()
        : TestCase("Identification low bits are random per request and per RngRun")
    {
    }

  private:
    /// \param run RngRun \return the Identifications of site 0's requests over 30 s
    static std::vector<uint64_t> Requests(uint64_t run)
    {
        uint64_t saved = RngSeedManager::GetRun();
        RngSeedManager::SetRun(run);
        std::vector<std::pair<Time, uint64_t>> sent;
        {
            SecurityScenario s;
            s.nemo.SetMobileRouterAttribute("Lifetime", UintegerValue(10));
            s.Build();
            // Fixed streams (automatic ones go on counting across simulations in a process).
            s.network.mobileRouters[0]->AssignStreams(0);
            s.network.mobileRouters[1]->AssignStreams(10);
            s.network.mobileRouters[0]->TraceConnectWithoutContext(
                "RequestSent",
                MakeBoundCallback(&RecordRequest, &sent));
            s.Run(Seconds(30));
        }
        RngSeedManager::SetRun(saved);
        std::vector<uint64_t> ids;
        for (const auto& [at, id] : sent)
        {
            // The seconds are the clock's: the Home Agent's window check still works.
            NS_ABORT_MSG_IF(MipNtpTime::GetSeconds(id) !=
                                MipNtpTime::GetSeconds(MipNtpTime::ToNtp(at)),
                            "high-order bits are not the clock's seconds");
            ids.push_back(id);
        }
        return ids;
    }

    void DoRun() override
    {
        std::vector<uint64_t> run1 = Requests(1);
        std::vector<uint64_t> again = Requests(1);
        std::vector<uint64_t> run2 = Requests(2);
        NS_TEST_ASSERT_MSG_GT_OR_EQ(run1.size(), 4, "requests at 0, 8, 16 and 24 s");
        NS_TEST_ASSERT_MSG_EQ((run1 == again), true, "same run, same Identifications");
        std::set<uint32_t> low;
        for (size_t i = 0; i < run1.size(); ++i)
        {
            low.insert(MipIdentificationGenerator::LowBits(run1[i]));
            NS_TEST_ASSERT_MSG_NE(MipIdentificationGenerator::LowBits(run1[i]),
                                  MipNtpTime::GetFraction(MipNtpTime::ToNtp(Seconds(8 * i))),
                                  "not the clock's fraction");
        }
        NS_TEST_ASSERT_MSG_EQ(low.size(), run1.size(), "different low bits in every request");
        NS_TEST_ASSERT_MSG_EQ(run1.size(), run2.size(), "same protocol timing in both runs");
        for (size_t i = 0; i < std::min(run1.size(), run2.size()); ++i)
        {
            NS_TEST_ASSERT_MSG_NE(MipIdentificationGenerator::LowBits(run1[i]),
                                  MipIdentificationGenerator::LowBits(run2[i]),
                                  "another RngRun, other low bits (request " << i << ")");
        }
    }
};

/**
 * \ingroup haaro-tests
 * A10: at the instant router 0 sends its first request, an attacker next to the Home Agent
 * sends one in its name (spoofed care-of address and port) with the Identification it
 * guesses and a made-up key. The Home Agent answers it with a 131 that it signs with the
 * router's real key, and that 131 reaches the router before the real answer. With random
 * low-order bits the guess is wrong and the 131 is dropped; with the clock's bits
 * (IdentificationRandomBits 0, the vulnerable control) the guess is right, the router is
 * DENIED, and the retry after a denial (1 s) registers it again.
 */
class GuessedIdentificationTestCase : public TestCase
{
  public:
    /// \param randomBits IdentificationRandomBits (32: protected, 0: the guessable clock)
    explicit GuessedIdentificationTestCase(uint8_t randomBits)
        : TestCase(randomBits ? "A10: a 131 for a guessed Identification is dropped"
                              : "A10 control: with clock bits the forged 131 is accepted, "
                                "then the denial is retried after 1 s"),
          m_randomBits(randomBits)
    {
    }

  private:
    void DoRun() override
    {
        SecurityScenario s;
        s.nemo.SetMobileRouterAttribute("IdentificationRandomBits", UintegerValue(m_randomBits));
        s.Build();
        Ptr<MobileRouter> mr = s.network.mobileRouters[0];
        mr->SetStartTime(Seconds(1));
        s.AddFlow(Seconds(2), Seconds(10), MilliSeconds(50));
        const VirtualOperatorSite& site = s.topology.sites[0];
        HaaroSchedule(Seconds(1) + NanoSeconds(1), [&s, &site]() {
            MipRegistrationRequest rrq;
            rrq.SetFlag(MipRegistrationRequest::FLAG_D, true);
            rrq.SetFlag(MipRegistrationRequest::FLAG_T, true);
            rrq.SetLifetime(1800);
            rrq.SetHomeAddress(site.homeAddress);
            rrq.SetHomeAgent(s.topology.homeAgentAddress);
            rrq.SetCareOfAddress(s.CareOf(0));
            // The router's clock at its start (1 s): fraction 0.
            rrq.SetIdentification(MipNtpTime::ToNtp(Seconds(1)));
            MipSecurityAssociation sa =
                NemoNetworkHelper::MakeSecurityAssociation(0, site.homeAddress);
            MipBytes key(sa.GetKey().size(), 0x5a); // made up
            MipAuthExtension::Append(rrq, MipAuthExtension::TYPE_MOBILE_HOME, sa.GetSpi(), key);
            s.Spoof(s.CareOf(0),
                    s.Uplink(0)->GetLocalPort(),
                    s.topology.homeAgentAddress,
                    MIP_UDP_PORT,
                    rrq.ToBytes());
        });
        std::vector<std::pair<Time, MrUplinkState>> states;
        mr->TraceConnectWithoutContext(
            "UplinkState",
            MakeBoundCallback(
                +[](std::vector<std::pair<Time, MrUplinkState>>* out,
                    Ipv4Address,
                    MrUplinkState,
                    MrUplinkState state,
                    const std::string&) { out->emplace_back(Simulator::Now(), state); },
                &states));
        s.Run(Seconds(11));

        Ptr<MrUplink> uplink = s.Uplink(0);
        NS_TEST_ASSERT_MSG_GT_OR_EQ(s.network.homeAgent->GetReplyCount(MIP_REPLY_HA_MN_AUTH_FAILED),
                                    1,
                                    "the HA signed a 131 for the forged request");
        bool denied = false;
        Time registeredAgain = Seconds(100);
        for (const auto& [at, state] : states)
        {
            denied = denied || state == MrUplinkState::DENIED;
            if (denied && state == MrUplinkState::REGISTERED && registeredAgain > at)
            {
                registeredAgain = at;
            }
        }
        std::cout << "    A10 (random bits " << unsigned(m_randomBits) << "): denied " << denied
                  << ", delivered " << s.Arrivals().size() << "/160" << std::endl;
        NS_TEST_ASSERT_MSG_EQ((uplink->GetState() == MrUplinkState::REGISTERED),
                              true,
                              "registered in the end");
        if (m_randomBits > 0)
        {
            NS_TEST_ASSERT_MSG_EQ(denied, false, "never DENIED");
            NS_TEST_ASSERT_MSG_EQ(
                uplink->GetProtocolDropCount(ProtocolDrop::IDENTIFICATION_MISMATCH),
                1,
                "the forged 131 answers no request of ours");
            NS_TEST_ASSERT_MSG_EQ(s.Arrivals().size(), 160, "every datagram (8 s at 20/s)");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(denied, true, "the guessable Identification lets the 131 in");
            NS_TEST_ASSERT_MSG_EQ(uplink->GetProtocolDropCount(ProtocolDrop::UNSOLICITED_REPLY),
                                  1,
                                  "the real answer came second and was dropped");
            NS_TEST_ASSERT_MSG_LT(registeredAgain,
                                  Seconds(2.2),
                                  "the denial is retried after DenialRetryDelay (1 s)");
            NS_TEST_ASSERT_MSG_GT_OR_EQ(s.Arrivals().size(), 156, "at most a few datagrams lost");
        }
    }

    uint8_t m_randomBits; //!< IdentificationRandomBits
};

/**
 * \ingroup haaro-tests
 * A denied registration (147: the Home Agent has another prefix for router 1) is retried
 * after 1 s, 2 s, 4 s, 8 s, then every 8 s (DenialRetryMax), staying DENIED; once the
 * operator fixes the configuration the next retry registers. Router 0 is the control.
 */
class DenialBackoffTestCase : public TestCase
{
  public:
    DenialBackoffTestCase()
        : TestCase("a denial is retried with exponential back-off up to the cap")
    {
    }

  private:
    void DoRun() override
    {
        SecurityScenario s;
        s.nemo.SetUplinkAttribute("DenialRetryMax", TimeValue(Seconds(8)));
        s.Build();
        const VirtualOperatorSite& site1 = s.topology.sites[1];
        Ptr<HomeAgent> ha = s.network.homeAgent;
        MipSecurityAssociation sa =
            NemoNetworkHelper::MakeSecurityAssociation(1, site1.homeAddress);
        ha->AddMobileNode(site1.homeAddress, sa, {{Ipv4Address("10.201.0.0"), 24}});
        HaaroSchedule(Seconds(25), [ha, &site1, sa]() {
            ha->AddMobileNode(site1.homeAddress, sa, {{site1.mnpAddress, 24}});
        });
        std::vector<std::pair<Time, uint64_t>> sent;
        s.network.mobileRouters[1]->TraceConnectWithoutContext(
            "RequestSent",
            MakeBoundCallback(&RecordRequest, &sent));
        s.Run(Seconds(35));

        // Requests at 0, then after each 147 (an RTT later): +1, +2, +4, +8, +8, +8 s; the
        // one after 25 s succeeds.
        std::vector<double> expected = {1, 2, 4, 8, 8, 8};
        NS_TEST_ASSERT_MSG_EQ(sent.size(), expected.size() + 1, "requests sent");
        for (size_t i = 0; i + 1 < sent.size() && i < expected.size(); ++i)
        {
            double gap = (sent[i + 1].first - sent[i].first).GetSeconds();
            NS_TEST_ASSERT_MSG_EQ_TOL(gap, expected[i], 0.2, "retry " << i + 1);
        }
        NS_TEST_ASSERT_MSG_GT_OR_EQ(ha->GetReplyCount(MIP_REPLY_HA_MOBNET_ERROR), 6, "147s");
        NS_TEST_ASSERT_MSG_EQ((s.Uplink(1)->GetState() == MrUplinkState::REGISTERED),
                              true,
                              "registered once the configuration is fixed");
        NS_TEST_ASSERT_MSG_NE(ha->GetBindingTable()->Find(site1.homeAddress), nullptr, "bound");
        NS_TEST_ASSERT_MSG_EQ(s.Uplink(0)->GetRequestsSent(), 1, "control: one request");
    }
};

/**
 * \ingroup haaro-tests
 * F1: the Home Agent restarts at 5 s (HomeAgent::Restart(): every binding, tunnel, route
 * and replay state lost). The routers' probes (one per second, inside the tunnel) go
 * unanswered; each router registers again within 3 probe intervals and the traffic
 * resumes. Control: no restart, no extra registration, no gap.
 */
class HaRestartTestCase : public TestCase
{
  public:
    /**
     * \param restart restart the HA (true) or control (false)
     * \param udp RFC 3519 UDP tunnels (UdpTunnelling Force) instead of IP in IP
     */
    HaRestartTestCase(bool restart, bool udp)
        : TestCase(std::string(restart ? "F1: after an HA restart every MR re-registers within "
                                         "3 probe intervals and traffic resumes"
                                       : "F1 control: no restart, no re-registration") +
                   (udp ? " (UDP tunnels)" : "")),
          m_restart(restart),
          m_udp(udp)
    {
    }

  private:
    void DoRun() override
    {
        SecurityScenario s;
        s.nemo.SetUplinkAttribute("KeepaliveInterval", TimeValue(Seconds(1)));
        if (m_udp)
        {
            s.nemo.SetUplinkAttribute("UdpTunnelling", EnumValue(MR_UDP_FORCE));
        }
        s.Build();
        s.AddFlow(Seconds(2), Seconds(15), MilliSeconds(20));
        Time restartAt = Seconds(5);
        Ptr<HomeAgent> ha = s.network.homeAgent;
        if (m_restart)
        {
            Simulator::Schedule(restartAt, &HomeAgent::Restart, ha);
        }
        std::vector<std::vector<Time>> successes(2);
        for (uint32_t i = 0; i < 2; ++i)
        {
            s.network.mobileRouters[i]->TraceConnectWithoutContext(
                "ReplyReceived",
                MakeBoundCallback(&RecordSuccess, &successes[i]));
        }
        size_t bindingsAfter = 0;
        size_t routesAfter = 0;
        HaaroSchedule(restartAt + MilliSeconds(1), [&]() {
            bindingsAfter = ha->GetBindingTable()->GetBindingCount();
            routesAfter = ha->GetRouting()->GetDestinationCount();
        });
        s.Run(Seconds(16));

        Time probe = Seconds(1);
        for (uint32_t i = 0; i < 2; ++i)
        {
            std::vector<Time> after;
            std::copy_if(successes[i].begin(),
                         successes[i].end(),
                         std::back_inserter(after),
                         [restartAt](Time t) { return t > restartAt; });
            if (m_restart)
            {
                std::cout << "    F1: MR " << i << " registered again after "
                          << (after.empty() ? -1.0 : (after.front() - restartAt).GetSeconds())
                          << " s" << std::endl;
                NS_TEST_ASSERT_MSG_EQ(after.empty(), false, "MR " << i << " registered again");
                if (!after.empty())
                {
                    NS_TEST_ASSERT_MSG_LT_OR_EQ(after.front() - restartAt,
                                                probe * 3,
                                                "MR " << i << " within 3 probe intervals");
                }
            }
            else
            {
                NS_TEST_ASSERT_MSG_EQ(after.size(), 0, "control: MR " << i << " not again");
            }
        }
        NS_TEST_ASSERT_MSG_EQ(ha->GetBindingTable()->GetBindingCount(), 2, "both bound at the end");
        NS_TEST_ASSERT_MSG_EQ(s.Uplink(0)->IsUdpTunnelActive(), m_udp, "tunnel kind");
        Time gap = s.LongestGap(restartAt, Seconds(15));
        std::cout << "    F1" << (m_restart ? "" : " control") << ": longest gap "
                  << gap.GetSeconds() << " s, delivered " << s.Arrivals().size() << "/650"
                  << std::endl;
        if (m_restart)
        {
            NS_TEST_ASSERT_MSG_EQ(bindingsAfter, 0, "the restart lost every binding");
            NS_TEST_ASSERT_MSG_EQ(routesAfter, 0, "and every route");
            NS_TEST_ASSERT_MSG_LT_OR_EQ(gap, probe * 3, "outage within 3 probe intervals");
            NS_TEST_ASSERT_MSG_GT(gap, MilliSeconds(500), "there was an outage");
            // After recovery every datagram arrives again (50/s from 9 s to 15 s).
            NS_TEST_ASSERT_MSG_GT_OR_EQ(s.ArrivalsIn(Seconds(9), Seconds(15)),
                                        299,
                                        "traffic resumed");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(bindingsAfter, 2, "control: bindings kept");
            NS_TEST_ASSERT_MSG_LT(gap, MilliSeconds(100), "control: no outage");
            NS_TEST_ASSERT_MSG_EQ(s.Uplink(0)->GetRequestsSent(), 1, "control: one request");
        }
    }

    bool m_restart; //!< restart or control
    bool m_udp;     //!< UDP tunnels
};

/**
 * \ingroup haaro-tests
 * The mobile router's registration security suite.
 */
class MrSecurityTestSuite : public TestSuite
{
  public:
    MrSecurityTestSuite()
        : TestSuite("haaro-mr-security", UNIT)
    {
        AddTestCase(new ReplayedReplyTestCase(true), TestCase::QUICK);
        AddTestCase(new ReplayedReplyTestCase(false), TestCase::QUICK);
        AddTestCase(new WrongSourceAndDuplicateTestCase, TestCase::QUICK);
        AddTestCase(new IdentificationRandomTestCase, TestCase::QUICK);
        AddTestCase(new GuessedIdentificationTestCase(32), TestCase::QUICK);
        AddTestCase(new GuessedIdentificationTestCase(0), TestCase::QUICK);
        AddTestCase(new DenialBackoffTestCase, TestCase::QUICK);
        for (bool udp : {false, true})
        {
            AddTestCase(new HaRestartTestCase(true, udp), TestCase::QUICK);
            AddTestCase(new HaRestartTestCase(false, udp), TestCase::QUICK);
        }
    }
};

MrSecurityTestSuite g_mrSecurityTestSuite; //!< registered with the test runner

} // namespace
