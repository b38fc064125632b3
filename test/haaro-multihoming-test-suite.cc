/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A multihomed mobile router's simultaneous bindings (issue 12, item 4): the Home Agent's
 * downlink (RFC 5944 section 4.2.3: a copy to each care-of address), the de-registration of
 * a failed care-of address through a working uplink (RFC 5944 sections 3.6.1.2 and
 * 3.8.2.2), and the per-flow choice of both ends (MipFlowHash: symmetric and stable), all
 * with real packets counted at the tunnels.
 */
#include "haaro-test-fixture.h"

#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/ns3-compat.h"
#include "ns3/test.h"

#include <map>

using namespace ns3;

namespace
{

/**
 * \ingroup haaro-tests
 * Datagrams from the first host of one site to the first host of another, one per flow
 * (source port 2000 + i, destination port 9100), each echoed back at once; one flow per
 * 200 ms slot, so that the tunnel counters of the mobile router's uplinks before and after
 * the slot say which uplink carried each direction of the flow.
 */
class FlowPathProbe
{
  public:
    /// Which uplink carried each flow: -1 none, -2 more than one.
    struct Paths
    {
        std::vector<int> up;   //!< router -> Home Agent, per flow
        std::vector<int> down; //!< Home Agent -> router, per flow
    };

    /**
     * \param s the scenario (built) \param site the multihomed router's site
     * \param peer the other site \param flows number of flows
     */
    FlowPathProbe(HaaroTestScenario& s, uint32_t site, uint32_t peer, uint32_t flows)
        : m_s(s),
          m_site(site),
          m_peer(peer),
          m_flows(flows)
    {
        Ptr<Socket> echo = Socket::CreateSocket(s.topology.sites[peer].hosts.Get(0),
                                                UdpSocketFactory::GetTypeId());
        echo->Bind(InetSocketAddress(Ipv4Address::GetAny(), PORT));
        echo->SetRecvCallback(MakeFunctorCallback<void, Ptr<Socket>>([](Ptr<Socket> socket) {
            Address from;
            while (Ptr<Packet> p = socket->RecvFrom(from))
            {
                socket->SendTo(p, 0, from);
            }
        }));
        m_sockets.push_back(echo);
        for (uint32_t f = 0; f < flows; ++f)
        {
            Ptr<Socket> tx = Socket::CreateSocket(s.topology.sites[site].hosts.Get(0),
                                                  UdpSocketFactory::GetTypeId());
            tx->Bind(InetSocketAddress(Ipv4Address::GetAny(), static_cast<uint16_t>(2000 + f)));
            tx->SetRecvCallback(MakeFunctorCallback<void, Ptr<Socket>>([this](Ptr<Socket> socket) {
                while (socket->Recv())
                {
                    m_echoes++;
                }
            }));
            m_sockets.push_back(tx);
        }
    }

    /**
     * \param start the first slot \param paths filled as the slots end
     * \return when the last slot ends
     */
    Time Schedule(Time start, Paths* paths)
    {
        paths->up.assign(m_flows, -1);
        paths->down.assign(m_flows, -1);
        for (uint32_t f = 0; f < m_flows; ++f)
        {
            Time at = start + SLOT * f;
            auto before = std::make_shared<std::vector<std::pair<uint64_t, uint64_t>>>();
            HaaroSchedule(at, [this, f, before]() {
                *before = Counters();
                m_sockets[f + 1]->SendTo(
                    Create<Packet>(100),
                    0,
                    InetSocketAddress(m_s.topology.sites[m_peer].hostAddresses[0], PORT));
            });
            HaaroSchedule(at + SLOT - MilliSeconds(1), [this, f, before, paths]() {
                std::vector<std::pair<uint64_t, uint64_t>> after = Counters();
                for (size_t k = 0; k < after.size(); ++k)
                {
                    if (after[k].first > (*before)[k].first)
                    {
                        paths->up[f] = paths->up[f] == -1 ? static_cast<int>(k) : -2;
                    }
                    if (after[k].second > (*before)[k].second)
                    {
                        paths->down[f] = paths->down[f] == -1 ? static_cast<int>(k) : -2;
                    }
                }
            });
        }
        return start + SLOT * m_flows;
    }

    /// \return echoes received by the senders
    uint32_t GetEchoes() const
    {
        return m_echoes;
    }

  private:
    /// \return (tunnel tx, tunnel rx) of each uplink of the router
    std::vector<std::pair<uint64_t, uint64_t>> Counters() const
    {
        std::vector<std::pair<uint64_t, uint64_t>> out;
        Ptr<MobileRouter> mr = m_s.network.mobileRouters[m_site];
        for (size_t k = 0; k < mr->GetNUplinks(); ++k)
        {
            Ptr<MipTunnel> t = mr->GetUplink(k)->GetTunnel();
            out.emplace_back(t->GetTxPackets(), t->GetRxPackets());
        }
        return out;
    }

    static constexpr uint16_t PORT = 9100;             //!< the echo port
    static inline const Time SLOT = MilliSeconds(200); //!< one flow at a time

    HaaroTestScenario& m_s;             //!< the scenario
    uint32_t m_site;                    //!< the multihomed router's site
    uint32_t m_peer;                    //!< the echoing site
    uint32_t m_flows;                   //!< number of flows
    std::vector<Ptr<Socket>> m_sockets; //!< echo, then one sender per flow
    uint32_t m_echoes{0};               //!< echoes received
};

/**
 * \ingroup haaro-tests
 * Two sites (MR 0 and MR 1) on a number of ISPs, each with its number of uplinks.
 */
class TwoSiteScenario : public HaaroTestScenario
{
  public:
    /// \param isps number of ISPs \param uplinks0 site 0's uplinks \param uplinks1 site 1's
    TwoSiteScenario(uint32_t isps, uint32_t uplinks0, uint32_t uplinks1)
    {
        topologyHelper.SetNumIsps(isps);
        topologyHelper.AddSites(1, uplinks0);
        topologyHelper.AddSites(1, uplinks1);
    }

    /// \param lastActive DownlinkPolicy LastActive at the Home Agent (else its Duplicate
    /// default)
    void UseLastActive(bool lastActive)
    {
        if (lastActive)
        {
            nemo.SetHomeAgentAttribute("DownlinkPolicy", EnumValue(HA_DOWNLINK_LAST_ACTIVE));
        }
    }

    /// Builds with PerFlow at the routers (UplinkPolicy) and at the Home Agent
    /// (DownlinkPolicy) and no path probes (quiet tunnels).
    void BuildPerFlow()
    {
        nemo.SetMobileRouterAttribute("UplinkPolicy", EnumValue(MR_UPLINK_PER_FLOW));
        nemo.SetHomeAgentAttribute("DownlinkPolicy", EnumValue(HA_DOWNLINK_PER_FLOW));
        nemo.SetUplinkAttribute("KeepaliveInterval", TimeValue(Seconds(0)));
        Build();
    }
};

/**
 * \ingroup haaro-tests
 * RFC 5944 section 4.2.3: a Home Agent that accepted simultaneous bindings "tunnels a copy
 * to each care-of address in the mobile node's mobility binding list" (DownlinkPolicy
 * Duplicate, the default): 100 datagrams to site 1, whose router is dual-homed, enter each
 * of its two uplinks' tunnels, and the host receives each datagram twice (IP allows
 * duplication: section 3.6.1.2). Control: LastActive sends them through one binding only.
 */
class DuplicateTestCase : public TestCase
{
  public:
    /// \param duplicate the default policy (true) or the LastActive control
    explicit DuplicateTestCase(bool duplicate)
        : TestCase(duplicate ? "RFC 5944 4.2.3: a copy to each care-of address (default policy)"
                             : "control: DownlinkPolicy LastActive uses one binding"),
          m_duplicate(duplicate)
    {
    }

  private:
    void DoRun() override
    {
        TwoSiteScenario s(2, 1, 2);
        s.UseLastActive(!m_duplicate);
        s.Build();
        // One datagram first, so that ARP on site 1's LAN is resolved before the flow (an ARP
        // cache queues only 3 packets per unresolved neighbour, and each datagram comes twice).
        s.AddFlow(0, 1, Seconds(2.5), Seconds(2.5) + MilliSeconds(1), MilliSeconds(10), 8999);
        Ptr<ProbeFlow> flow =
            s.AddFlow(0, 1, Seconds(3), Seconds(4) - MilliSeconds(1), MilliSeconds(10), 9000);
        std::vector<uint64_t> before(2);
        std::vector<uint64_t> after(2);
        auto snapshot = [&s](std::vector<uint64_t>* out) {
            for (uint32_t k = 0; k < 2; ++k)
            {
                (*out)[k] = s.Uplink(1, k)->GetTunnel()->GetRxPackets();
            }
        };
        HaaroSchedule(Seconds(3) - MilliSeconds(1), [&]() { snapshot(&before); });
        HaaroSchedule(Seconds(4.5), [&]() { snapshot(&after); });
        s.Run(Seconds(4.6));
        uint64_t rx0 = after[0] - before[0];
        uint64_t rx1 = after[1] - before[1];
        std::cout << "    " << GetName() << ": uplink tunnels received " << rx0 << " and " << rx1
                  << ", host received " << flow->GetReceived() << " of " << flow->GetSent()
                  << std::endl;
        NS_TEST_ASSERT_MSG_EQ(flow->GetSent(), 100u, "100 datagrams sent");
        NS_TEST_ASSERT_MSG_EQ(flow->GetLost(), 0u, "none lost");
        // The path probes (every 5 s) may add an answer per uplink in the window.
        if (m_duplicate)
        {
            NS_TEST_ASSERT_MSG_GT_OR_EQ(rx0, 100u, "a copy of each through uplink 0");
            NS_TEST_ASSERT_MSG_GT_OR_EQ(rx1, 100u, "a copy of each through uplink 1");
            NS_TEST_ASSERT_MSG_EQ(flow->GetReceived(), 200u, "each datagram twice");
        }
        else
        {
            NS_TEST_ASSERT_MSG_GT_OR_EQ(rx0 + rx1, 100u, "each once");
            NS_TEST_ASSERT_MSG_LT_OR_EQ(std::min(rx0, rx1), 2u, "one uplink only");
            NS_TEST_ASSERT_MSG_EQ(flow->GetReceived(), 100u, "each datagram once");
        }
    }

    bool m_duplicate; //!< policy under test
};

/**
 * \ingroup haaro-tests
 * RFC 5944 sections 3.6.1.2 and 3.8.2.2: site 1's router is dual-homed; its primary uplink
 * fails at 4 s (interface down, or path dead: noticed by 1 s path probes) and recovers at
 * 10 s. The router de-registers the failed care-of address through the working uplink: the
 * Home Agent receives a request with Lifetime 0, S set and Care-of Address = the failed one,
 * from the working care-of address, answers it there (code 0), deletes that binding only and
 * counts no NAT; after the repair the binding is back. Control: DeregisterOnFailure false
 * leaves the binding until it expires.
 */
class RevocationTestCase : public TestCase
{
  public:
    /// \param mode how the uplink fails \param deregister the DeregisterOnFailure attribute
    RevocationTestCase(VirtualOperatorTopologyHelper::FailureMode mode, bool deregister)
        : TestCase(std::string(deregister ? "RFC 5944 3.8.2.2: a failed care-of address is "
                                            "de-registered through the working uplink ("
                                          : "control: DeregisterOnFailure false (") +
                   (mode == VirtualOperatorTopologyHelper::INTERFACE_DOWN ? "interface down)"
                                                                          : "path dead)")),
          m_mode(mode),
          m_deregister(deregister)
    {
    }

  private:
    /// A request as the Home Agent received it.
    struct Seen
    {
        Time at;                    //!< when
        MipRegistrationRequest rrq; //!< the request
        Ipv4Address from;           //!< its IP source
    };

    /// A de-registration event at the router.
    struct Event
    {
        Ipv4Address failed;      //!< failed care-of address
        Ipv4Address via;         //!< uplink used
        MrRevocationEvent event; //!< what
        uint8_t code;            //!< reply code
    };

    void DoRun() override
    {
        HaaroTestScenario s;
        s.topologyHelper.SetNumIsps(2);
        s.topologyHelper.AddSites(2, 2);
        s.nemo.SetUplinkAttribute("KeepaliveInterval", TimeValue(Seconds(1)));
        s.nemo.SetUplinkAttribute("DeregisterOnFailure", BooleanValue(m_deregister));
        s.Build();
        VirtualOperatorTopologyHelper::ScheduleUplinkFailure(s.topology,
                                                             1,
                                                             0,
                                                             Seconds(4),
                                                             Seconds(6),
                                                             m_mode);
        Ptr<HomeAgent> ha = s.network.homeAgent;
        std::vector<Seen> seen;
        ha->TraceConnectWithoutContext(
            "RequestReceived",
            MakeBoundCallback(
                +[](std::vector<Seen>* out, const MipRegistrationRequest& rrq, Ipv4Address from) {
                    out->push_back({Simulator::Now(), rrq, from});
                },
                &seen));
        std::vector<Event> events;
        s.network.mobileRouters[1]->TraceConnectWithoutContext(
            "BindingRevocation",
            MakeBoundCallback(
                +[](std::vector<Event>* out,
                    Ipv4Address failed,
                    Ipv4Address via,
                    MrRevocationEvent e,
                    uint8_t code) {
                    out->push_back({failed, via, e, code});
                },
                &events));
        std::vector<Ipv4Address> deregistered;
        ha->GetBindingTable()->TraceConnectWithoutContext(
            "BindingDeregistered",
            MakeBoundCallback(
                +[](std::vector<Ipv4Address>* out, Ipv4Address hoa, Ipv4Address coa, uint16_t) {
                    out->push_back(coa);
                },
                &deregistered));
        size_t duringFailure = 0;
        HaaroSchedule(Seconds(9.5), [&]() {
            duringFailure = ha->GetBindingTable()->Find(s.Hoa(1))->bindings.size();
        });
        s.Run(Seconds(12));

        Ipv4Address failed = s.Coa(1, 0);
        Ipv4Address working = s.Coa(1, 1);
        const HaMobileNodeRecord* record = ha->GetBindingTable()->Find(s.Hoa(1));
        std::cout << "    " << GetName() << ": " << events.size()
                  << " revocation events, bindings during the failure " << duringFailure
                  << ", after the repair " << record->bindings.size() << std::endl;
        NS_TEST_ASSERT_MSG_EQ(ha->GetNatDetectedCount(), 0u, "no NAT seen");
        NS_TEST_ASSERT_MSG_EQ(record->bindings.size(), 2u, "both bindings after the repair");
        if (!m_deregister)
        {
            NS_TEST_ASSERT_MSG_EQ(events.size(), 0u, "nothing sent");
            NS_TEST_ASSERT_MSG_EQ(duringFailure, 2u, "the dead binding stays");
            NS_TEST_ASSERT_MSG_EQ(deregistered.size(), 0u, "nothing de-registered");
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(events.size(), 2u, "one request, one answer");
        NS_TEST_ASSERT_MSG_EQ(events[0].event, MrRevocationEvent::SENT, "sent");
        NS_TEST_ASSERT_MSG_EQ(events[0].failed, failed, "for the failed care-of address");
        NS_TEST_ASSERT_MSG_EQ(events[0].via, working, "through the working uplink");
        NS_TEST_ASSERT_MSG_EQ(events[1].event, MrRevocationEvent::ACCEPTED, "accepted");
        NS_TEST_ASSERT_MSG_EQ(unsigned(events[1].code), 0u, "code 0");
        size_t lifetimeZero = 0;
        for (const Seen& r : seen)
        {
            if (r.rrq.GetLifetime() != 0)
            {
                continue;
            }
            lifetimeZero++;
            NS_TEST_ASSERT_MSG_EQ(r.rrq.GetCareOfAddress(), failed, "Care-of Address field");
            NS_TEST_ASSERT_MSG_EQ(r.from, working, "sent from the working care-of address");
            NS_TEST_ASSERT_MSG_EQ(r.rrq.GetFlag(MipRegistrationRequest::FLAG_S), true, "S set");
            NS_TEST_ASSERT_MSG_GT(r.at, Seconds(4), "after the failure");
        }
        NS_TEST_ASSERT_MSG_EQ(lifetimeZero, 1u, "one de-registration reached the Home Agent");
        NS_TEST_ASSERT_MSG_EQ(deregistered.size(), 1u, "one binding deleted");
        NS_TEST_ASSERT_MSG_EQ(deregistered[0], failed, "the failed one");
        NS_TEST_ASSERT_MSG_EQ(duringFailure, 1u, "the binding set shrank");
        NS_TEST_ASSERT_MSG_EQ(s.network.mobileRouters[1]->GetBindingRevoker().GetAccepted(),
                              1u,
                              "counted");
    }

    VirtualOperatorTopologyHelper::FailureMode m_mode; //!< failure kind
    bool m_deregister;                                 //!< DeregisterOnFailure
};

/**
 * \ingroup haaro-tests
 * RFC 5944 section 3.6.3 on a revoked binding: site 1's primary uplink path dies at 4 s
 * for 60 s. The uplink goes FAILED, its binding is de-registered through the working uplink,
 * and from then on its registration requests are its only probe of the path (the Home Agent
 * answers probes only through a binding's tunnel). Every request the failed uplink sends,
 * up to the one that registers it again, is at least 1 s after the one before ("MUST NOT be
 * less than 1 second"); each period is at least twice the previous one up to the cap
 * (MaxRetransmissionTimeout, after the revocation the probe interval); and the uplink
 * registers again within about a probe interval of the repair. Variants: the default 5 s
 * probes; 4 misses (the revocation comes when the next retransmission is 16 s away, so it is
 * brought forward); 1 s probes; a 40 s lifetime (the renewal falls due during the failure).
 * Before the fix a request per probe interval went out beside the doubling
 * retransmissions, one of them 76 us after another, and a renewal restarted the doubling.
 */
class RevokedUplinkRequestsTestCase : public TestCase
{
  public:
    /**
     * \param interval KeepaliveInterval \param misses KeepaliveMisses
     * \param lifetime the router's requested Lifetime (s)
     */
    RevokedUplinkRequestsTestCase(Time interval, uint32_t misses, uint16_t lifetime)
        : TestCase("RFC 5944 3.6.3: a revoked uplink's requests are one doubling sequence, at "
                   "least 1 s apart, capped at the probe interval (" +
                   std::to_string(interval.GetMilliSeconds()) + " ms probes, " +
                   std::to_string(misses) + " misses, lifetime " + std::to_string(lifetime) +
                   " s)"),
          m_interval(interval),
          m_misses(misses),
          m_lifetime(lifetime)
    {
    }

  private:
    /// What the failed uplink did.
    struct Record
    {
        Ipv4Address careOf;     //!< the failed uplink's care-of address
        std::vector<Time> at;   //!< its requests with a non-zero lifetime
        Time revokedAt{};       //!< when its de-registration was accepted (0: never)
        Time registeredAgain{}; //!< first accepted reply there after the failure (0: none)
    };

    static void OnRequest(Record* r, const MipRegistrationRequest& rrq, Ipv4Address careOf)
    {
        if (careOf == r->careOf && rrq.GetLifetime() != 0)
        {
            r->at.push_back(Simulator::Now());
        }
    }

    static void OnReply(Record* r, const MipRegistrationReply& reply, Ipv4Address careOf)
    {
        if (careOf == r->careOf && MipReplyCodeIsSuccess(reply.GetCode()) &&
            !r->revokedAt.IsZero() && r->registeredAgain.IsZero())
        {
            r->registeredAgain = Simulator::Now();
        }
    }

    static void OnRevocation(Record* r,
                             Ipv4Address failed,
                             Ipv4Address,
                             MrRevocationEvent e,
                             uint8_t)
    {
        if (failed == r->careOf && e == MrRevocationEvent::ACCEPTED)
        {
            r->revokedAt = Simulator::Now();
        }
    }

    void DoRun() override
    {
        const Time failAt = Seconds(4);
        const Time failFor = Seconds(60);
        HaaroTestScenario s;
        s.topologyHelper.SetNumIsps(2);
        s.topologyHelper.AddSites(2, 2);
        s.nemo.SetUplinkAttribute("KeepaliveInterval", TimeValue(m_interval));
        s.nemo.SetUplinkAttribute("KeepaliveMisses", UintegerValue(m_misses));
        s.nemo.SetMobileRouterAttribute("Lifetime", UintegerValue(m_lifetime));
        s.Build();
        VirtualOperatorTopologyHelper::ScheduleUplinkFailure(
            s.topology,
            1,
            0,
            failAt,
            failFor,
            VirtualOperatorTopologyHelper::PATH_DEAD);
        Ptr<MobileRouter> mr = s.network.mobileRouters[1];
        TimeValue maxTimeout;
        mr->GetUplink(0)->GetAttribute("MaxRetransmissionTimeout", maxTimeout);
        const Time revokedCap = std::max(m_interval, Seconds(1));
        Record r;
        r.careOf = s.Coa(1, 0);
        mr->TraceConnectWithoutContext("RequestSent", MakeBoundCallback(&OnRequest, &r));
        mr->TraceConnectWithoutContext("ReplyReceived", MakeBoundCallback(&OnReply, &r));
        mr->TraceConnectWithoutContext("BindingRevocation", MakeBoundCallback(&OnRevocation, &r));
        s.Run(failAt + failFor + Seconds(10));

        NS_TEST_ASSERT_MSG_GT(r.revokedAt, failAt, "the binding revoked");
        NS_TEST_ASSERT_MSG_GT(r.registeredAgain, failAt + failFor, "registered again");
        std::vector<Time> sequence; // from the failure to the request that registered again
        for (const Time& t : r.at)
        {
            if (t > failAt && t <= r.registeredAgain)
            {
                sequence.push_back(t);
            }
        }
        std::cout << "    " << GetName() << ": " << sequence.size() << " requests, revoked at "
                  << r.revokedAt.As(Time::S) << ", registered again "
                  << (r.registeredAgain - failAt - failFor).As(Time::MS) << " after the repair"
                  << std::endl;
        NS_TEST_ASSERT_MSG_GT(sequence.size(), 5u, "requests went on while the path was dead");
        for (size_t k = 1; k < sequence.size(); ++k)
        {
            Time gap = sequence[k] - sequence[k - 1];
            bool revoked = sequence[k] > r.revokedAt;
            Time cap = revoked ? revokedCap : maxTimeout.Get();
            NS_TEST_ASSERT_MSG_GT_OR_EQ(gap, Seconds(1), "request " << k << " at least 1 s later");
            NS_TEST_ASSERT_MSG_LT_OR_EQ(sequence[k] - std::max(sequence[k - 1], r.revokedAt),
                                        cap + MilliSeconds(1),
                                        "request " << k << " capped");
            if (k >= 2)
            {
                Time previous = sequence[k - 1] - sequence[k - 2];
                NS_TEST_ASSERT_MSG_GT_OR_EQ(gap + MilliSeconds(1),
                                            std::min(previous * 2, cap),
                                            "period " << k << " doubles up to the cap");
            }
        }
        NS_TEST_ASSERT_MSG_LT_OR_EQ(r.registeredAgain,
                                    failAt + failFor + revokedCap + Seconds(1),
                                    "within about a probe interval of the repair");
    }

    Time m_interval;     //!< KeepaliveInterval
    uint32_t m_misses;   //!< KeepaliveMisses
    uint16_t m_lifetime; //!< the router's Lifetime (s)
};

/**
 * \ingroup haaro-tests
 * Symmetric per-flow choice: site 0's router is dual-homed, UplinkPolicy PerFlow at the
 * router and DownlinkPolicy PerFlow at the Home Agent; 24 flows, each one datagram out and
 * its echo back. Each flow's two directions cross the same uplink (MipFlowHash over the
 * sorted endpoints and the care-of addresses), and both uplinks carry flows.
 */
class SymmetricFlowsTestCase : public TestCase
{
  public:
    SymmetricFlowsTestCase()
        : TestCase("per-flow: both directions of each of 24 flows on one uplink")
    {
    }

  private:
    void DoRun() override
    {
        TwoSiteScenario s(2, 2, 1);
        s.BuildPerFlow();
        const uint32_t n = 24;
        FlowPathProbe probe(s, 0, 1, n);
        FlowPathProbe::Paths paths;
        Time end = probe.Schedule(Seconds(3), &paths);
        s.Run(end + Seconds(0.1));
        std::map<int, int> perUplink;
        for (uint32_t f = 0; f < n; ++f)
        {
            NS_TEST_ASSERT_MSG_GT_OR_EQ(paths.up[f], 0, "flow " << f << " left on one uplink");
            NS_TEST_EXPECT_MSG_EQ(paths.down[f],
                                  paths.up[f],
                                  "flow " << f << " came back on the uplink it left on");
            perUplink[paths.up[f]]++;
        }
        std::cout << "    " << GetName() << ": " << perUplink[0] << " flows on uplink 0, "
                  << perUplink[1] << " on uplink 1" << std::endl;
        NS_TEST_ASSERT_MSG_EQ(probe.GetEchoes(), n, "every echo arrived");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(perUplink[0], 4, "uplink 0 carries flows");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(perUplink[1], 4, "uplink 1 carries flows");
    }
};

/**
 * \ingroup haaro-tests
 * Stable per-flow choice: site 0's router has three uplinks (PerFlow at both ends); 30
 * flows are placed, then uplink 2's interface goes down; the router de-registers it through
 * another uplink (the Home Agent's binding set shrinks to two) and the flows are measured
 * again. The flows of uplinks 0 and 1 stay where they were, both directions; only uplink
 * 2's flows move, and each of them moves both directions to one surviving uplink.
 */
class StableFlowsTestCase : public TestCase
{
  public:
    StableFlowsTestCase()
        : TestCase("per-flow: after one uplink of three fails only its flows move")
    {
    }

  private:
    void DoRun() override
    {
        TwoSiteScenario s(3, 3, 1);
        s.BuildPerFlow();
        const uint32_t n = 30;
        FlowPathProbe probe(s, 0, 1, n);
        FlowPathProbe::Paths before;
        FlowPathProbe::Paths after;
        Time failAt = probe.Schedule(Seconds(3), &before) + Seconds(0.5);
        VirtualOperatorTopologyHelper::ScheduleUplinkFailure(
            s.topology,
            0,
            2,
            failAt,
            Seconds(0),
            VirtualOperatorTopologyHelper::INTERFACE_DOWN);
        size_t bindings = 0;
        HaaroSchedule(failAt + Seconds(0.5), [&]() {
            bindings = s.network.homeAgent->GetBindingTable()->Find(s.Hoa(0))->bindings.size();
        });
        Time end = probe.Schedule(failAt + Seconds(1), &after);
        s.Run(end + Seconds(0.1));
        NS_TEST_ASSERT_MSG_EQ(bindings, 2u, "the failed care-of address was de-registered");
        std::map<int, int> onFailed;
        uint32_t kept = 0;
        for (uint32_t f = 0; f < n; ++f)
        {
            NS_TEST_ASSERT_MSG_GT_OR_EQ(before.up[f], 0, "flow " << f << " placed");
            NS_TEST_EXPECT_MSG_EQ(before.down[f], before.up[f], "flow " << f << " symmetric");
            NS_TEST_EXPECT_MSG_EQ(after.down[f], after.up[f], "flow " << f << " symmetric after");
            if (before.up[f] != 2)
            {
                NS_TEST_EXPECT_MSG_EQ(after.up[f], before.up[f], "flow " << f << " stays");
                kept++;
            }
            else
            {
                NS_TEST_EXPECT_MSG_NE(after.up[f], 2, "flow " << f << " left the failed uplink");
                onFailed[after.up[f]]++;
            }
        }
        std::cout << "    " << GetName() << ": " << kept << " flows kept their uplink, "
                  << onFailed[0] << " + " << onFailed[1] << " moved from uplink 2" << std::endl;
        NS_TEST_ASSERT_MSG_EQ(probe.GetEchoes(), 2 * n, "every echo arrived");
        NS_TEST_ASSERT_MSG_LT(kept, n, "uplink 2 carried flows before");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(kept, 10u, "uplinks 0 and 1 carried flows");
    }
};

/**
 * \ingroup haaro-tests
 * Route optimization towards a dual-homed router under the default Duplicate downlink: its
 * HA delivers a copy of every datagram for it through each binding, RFC 6521 registration
 * requests of a correspondent included. Site 0 (two uplinks) registers first, so it must
 * solicit site 1's prefixes when site 1's request arrives (RFC 6521 section 3.3.3) and
 * defers the request; the second copy of it must not be answered on its own (before, it got
 * 129 and route optimization failed). Site 1's route optimization is accepted, never
 * rejected, and completes (Setup trace). Control: the same with LastActive.
 */
class RouteOptimizationCopiesTestCase : public TestCase
{
  public:
    /// \param duplicate the default policy (true) or the LastActive control
    explicit RouteOptimizationCopiesTestCase(bool duplicate)
        : TestCase(duplicate ? "RFC 5944 3.6.1.2: a copy of a deferred RO request is answered "
                               "once (Duplicate)"
                             : "control: RO towards a dual-homed router with LastActive"),
          m_duplicate(duplicate)
    {
    }

  private:
    void DoRun() override
    {
        TwoSiteScenario s(2, 2, 1);
        s.nemo.SetMobileRouterAttribute("RouteOptimization", BooleanValue(true));
        s.UseLastActive(!m_duplicate);
        s.Build();
        s.SetStartTimes({Seconds(1), Seconds(3)});
        s.AddFlow(1, 0, Seconds(5), Seconds(8), MilliSeconds(10), 9000);
        std::map<RoPeerEvent, uint32_t> events;
        uint32_t setups = 0;
        HaaroTestScenario::RouteOptimizerSinks sinks;
        sinks.peerEvent = [&events](uint32_t, const RoPeerEventInfo& e) { events[e.event]++; };
        sinks.setup = [&setups](uint32_t, Ipv4Address, Time) { setups++; };
        s.WatchRouteOptimizers(sinks, {1});
        s.Run(Seconds(8.5));
        std::cout << "    " << GetName() << ": accepted "
                  << events[RoPeerEvent::REGISTRATION_ACCEPTED] << ", rejected "
                  << events[RoPeerEvent::REGISTRATION_REJECTED] << ", setups " << setups
                  << std::endl;
        NS_TEST_ASSERT_MSG_EQ(events[RoPeerEvent::REGISTRATION_REJECTED], 0u, "never refused");
        NS_TEST_ASSERT_MSG_EQ(events[RoPeerEvent::REGISTRATION_ACCEPTED], 1u, "accepted once");
        NS_TEST_ASSERT_MSG_EQ(setups, 1u, "route optimization set up");
    }

    bool m_duplicate; //!< policy under test
};

/**
 * \ingroup haaro-tests
 * The multihoming suite.
 */
class HaaroMultihomingTestSuite : public TestSuite
{
  public:
    HaaroMultihomingTestSuite()
        : TestSuite("haaro-multihoming", UNIT)
    {
        AddTestCase(new DuplicateTestCase(true), TestCase::QUICK);
        AddTestCase(new DuplicateTestCase(false), TestCase::QUICK);
        for (auto mode : {VirtualOperatorTopologyHelper::INTERFACE_DOWN,
                          VirtualOperatorTopologyHelper::PATH_DEAD})
        {
            AddTestCase(new RevocationTestCase(mode, true), TestCase::QUICK);
        }
        AddTestCase(new RevocationTestCase(VirtualOperatorTopologyHelper::PATH_DEAD, false),
                    TestCase::QUICK);
        AddTestCase(new RevokedUplinkRequestsTestCase(Seconds(5), 2, 1800), TestCase::QUICK);
        AddTestCase(new RevokedUplinkRequestsTestCase(Seconds(5), 4, 1800), TestCase::QUICK);
        AddTestCase(new RevokedUplinkRequestsTestCase(Seconds(1), 2, 1800), TestCase::QUICK);
        AddTestCase(new RevokedUplinkRequestsTestCase(Seconds(5), 2, 40), TestCase::QUICK);
        AddTestCase(new SymmetricFlowsTestCase, TestCase::QUICK);
        AddTestCase(new StableFlowsTestCase, TestCase::QUICK);
        AddTestCase(new RouteOptimizationCopiesTestCase(true), TestCase::QUICK);
        AddTestCase(new RouteOptimizationCopiesTestCase(false), TestCase::QUICK);
    }
};

/// The suite's registration.
static HaaroMultihomingTestSuite g_haaroMultihomingTestSuite;

} // namespace
