/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * RFC 6521 route optimization through real NATs (Ipv4Nat, RFC 4787 behaviours) on the
 * virtual-operator topology: the matrix of NAT types in front of the initiating mobile
 * router (MR C) and of the correspondent router (MR A), NAT mapping timeouts shorter than
 * the keepalive interval, NAT reboots, two routers behind the same NAT.
 */
#include "haaro-test-fixture.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/ns3-compat.h"
#include "ns3/test.h"

#include <optional>
#include <set>

using namespace ns3;

namespace
{

/// NAT types of the matrix (RFC 4787 mapping / filtering; the classic names).
enum NatKind
{
    NAT_NONE,            //!< no NAT
    NAT_FULL_CONE,       //!< EIM / EIF
    NAT_RESTRICTED,      //!< EIM / ADF
    NAT_PORT_RESTRICTED, //!< EIM / APDF
    NAT_SYMMETRIC,       //!< APDM / APDF
};

/// \param k kind \return its name
std::string
NatName(NatKind k)
{
    switch (k)
    {
    case NAT_NONE:
        return "none";
    case NAT_FULL_CONE:
        return "full-cone";
    case NAT_RESTRICTED:
        return "restricted";
    case NAT_PORT_RESTRICTED:
        return "port-restricted";
    case NAT_SYMMETRIC:
        return "symmetric";
    }
    return "?";
}

/**
 * \ingroup haaro-tests
 * Three sites A, B, C (MR 0, 1, 2, starting at 1, 2, 3 s), route optimization on, optional
 * NATs in front of MR A (the CR) and MR C (the initiator), UDP flows Node A <-> Node C.
 *
 * The direct tunnel's encapsulation is IP in IP unless UDP is mandatory (RoUseUdp false),
 * so that the matrix shows R13 at work. The Home Agent grants 10 s to NATed routers
 * (NatMaxLifetime; RFC 3519 suggests at most 60 s), so that a NATed router refreshes, and
 * learns the routers registered after it, before the flows start at 10 s.
 */
class NatRoScenario : public HaaroTestScenario
{
  public:
    /// A route optimizer event.
    struct Event
    {
        Time at;              //!< when
        uint32_t router;      //!< which router
        RoPeerEventInfo info; //!< what happened
    };

    NatRoScenario()
    {
        topologyHelper.SetNumIsps(2);
        topologyHelper.SetDefaultUplink(DataRate("10Mbps"), MilliSeconds(10));
        topologyHelper.SetIspCoreLink(DataRate("1Gbps"), MilliSeconds(5));
        topologyHelper.SetBackendLink(DataRate("1Gbps"), MilliSeconds(2));
        topologyHelper.AddSites(3, 1);
        nemo.SetMobileRouterAttribute("RouteOptimization", BooleanValue(true));
        nemo.SetRouteOptimizerAttribute("Encapsulation", StringValue("IpInIp"));
        nemo.SetHomeAgentAttribute("NatMaxLifetime", UintegerValue(10));
    }

    /**
     * \param site 0 (MR A) or 2 (MR C) \param kind NAT type \param id middlebox id (the
     * same id: the same NAT)
     */
    void SetNat(uint32_t site, NatKind kind, uint32_t id)
    {
        if (kind != NAT_NONE)
        {
            topologyHelper.SetUplinkMiddlebox(site, 0, id);
            m_kinds[id] = kind;
        }
    }

    /// \param name Ipv4Nat attribute for every NAT \param value its value
    void SetNatAttribute(const std::string& name, const AttributeValue& value)
    {
        m_natAttributes.emplace_back(name, value.Copy());
    }

    /// Builds, installs the NATs and the routers, connects the traces.
    void Build()
    {
        BuildTopology();
        for (const auto& mb : topology.middleboxes)
        {
            uint32_t site = mb.uplinks.front().first;
            uint32_t id = site; // ids used by the tests: the site, or 7 for a shared NAT
            NatKind kind = m_kinds.count(id) ? m_kinds[id] : m_kinds.begin()->second;
            NatHelper helper;
            helper.SetType(NatName(kind));
            for (const auto& [name, value] : m_natAttributes)
            {
                helper.SetAttribute(name, *value);
            }
            Ptr<Ipv4Nat> nat = helper.Install(mb.node, mb.insideInterfaces, mb.outsideInterface);
            nat->AssignStreams(1000 + nats.size());
            for (const auto& [s, u] : mb.uplinks)
            {
                natOf[s] = nat;
            }
            nat->TraceConnectWithoutContext("Translate",
                                            MakeCallback(&NatRoScenario::OnTranslate, this));
            nats.push_back(nat);
        }
        InstallNetwork();
        for (uint32_t i = 0; i < 3; ++i)
        {
            network.mobileRouters[i]->SetStartTime(Seconds(1 + i));
            network.mobileRouters[i]->AssignStreams(100 + 10 * i); // two streams each
            HaaroSchedule(Seconds(1 + i) + MicroSeconds(1), [this, i]() {
                Ptr<RouteOptimizer> optimizer = network.mobileRouters[i]->GetRouteOptimizer();
                optimizer->TraceConnectWithoutContext(
                    "PeerEvent",
                    MakeBoundCallback(&NatRoScenario::OnPeer, this, i));
                optimizer->TraceConnectWithoutContext(
                    "Setup",
                    MakeBoundCallback(&NatRoScenario::OnSetup, this, i));
                optimizer->TraceConnectWithoutContext(
                    "Message",
                    MakeBoundCallback(&NatRoScenario::OnMessage, this, i));
            });
        }
    }

    /**
     * \param from site \param to site \param start first datagram \param stop after the
     * last \param port destination port (also the flow's key)
     */
    void AddFlow(uint32_t from, uint32_t to, Time start, Time stop, uint16_t port)
    {
        HaaroTestScenario::AddFlow(from, to, start, stop, MilliSeconds(100), port);
    }

    /// PeerEvent sink.
    static void OnPeer(NatRoScenario* s, uint32_t router, const RoPeerEventInfo& info)
    {
        s->events.push_back({Simulator::Now(), router, info});
    }

    /// Setup sink.
    static void OnSetup(NatRoScenario* s, uint32_t router, Ipv4Address peer, Time latency)
    {
        s->setups.push_back({router, latency});
    }

    /// Message sink: keepalive bytes are not counted here (see KEEPALIVE in events).
    static void OnMessage(NatRoScenario* s,
                          uint32_t router,
                          const std::string& direction,
                          const std::string& message,
                          Ipv4Address src,
                          Ipv4Address dst)
    {
        if (direction == "tx" && message == "KEEPALIVE")
        {
            s->keepalives[router]++;
        }
    }

    /// NAT Translate sink: external ports used towards each remote address (outbound).
    void OnTranslate(uint8_t protocol,
                     const InetSocketAddress& inside,
                     const InetSocketAddress& outside,
                     const InetSocketAddress& remote,
                     bool outbound)
    {
        if (protocol == 17 && outbound && inside.GetPort() == MIP_UDP_PORT)
        {
            externalPorts[remote.GetIpv4().Get()].insert(outside.GetPort());
        }
    }

    /// \param router index \param peer index \return its cache entry for the peer
    RocEntry* Entry(uint32_t router, uint32_t peer)
    {
        return network.mobileRouters[router]->GetRouteOptimizer()->GetCache().Find(
            topology.sites[peer].homeAddress);
    }

    /**
     * \param router index \param event kind of event
     * \param bothBehindNats for NO_RO only: count only this variant (any if unset)
     * \return how many
     */
    size_t Count(uint32_t router,
                 RoPeerEvent event,
                 std::optional<bool> bothBehindNats = std::nullopt) const
    {
        size_t n = 0;
        for (const auto& e : events)
        {
            n += e.router == router && e.info.event == event &&
                 (!bothBehindNats || e.info.bothBehindNats == *bothBehindNats);
        }
        return n;
    }

    /// \param port flow \return distinct sequence numbers received
    size_t Distinct(uint16_t port)
    {
        std::set<uint32_t> seqs;
        for (const auto& a : flows[port])
        {
            seqs.insert(a.seq);
        }
        return seqs.size();
    }

    /// \param port flow \return sequence numbers missing below the highest received
    std::vector<uint32_t> Missing(uint16_t port, uint32_t sent)
    {
        std::set<uint32_t> seqs;
        for (const auto& a : flows[port])
        {
            seqs.insert(a.seq);
        }
        std::vector<uint32_t> out;
        for (uint32_t i = 0; i < sent; ++i)
        {
            if (!seqs.count(i))
            {
                out.push_back(i);
            }
        }
        return out;
    }

    std::vector<Ptr<Ipv4Nat>> nats;                       //!< the NATs
    std::map<uint32_t, Ptr<Ipv4Nat>> natOf;               //!< site -> its NAT
    std::vector<Event> events;                            //!< RO peer events
    std::vector<std::pair<uint32_t, Time>> setups;        //!< (router, latency)
    std::map<uint32_t, uint32_t> keepalives;              //!< RO keepalives sent per router
    std::map<uint32_t, std::set<uint16_t>> externalPorts; //!< remote -> NAT ports from :434

  private:
    std::map<uint32_t, NatKind> m_kinds; //!< middlebox id -> type
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_natAttributes; //!< for every NAT
};

/**
 * \ingroup haaro-tests
 * One cell of the NAT matrix: MR C (site 2) behind `mrNat`, MR A (site 0, the CR) behind
 * `crNat`, Node A <-> Node C both ways from 10 s to 20 s (100 datagrams each way).
 *
 * Predicted before running (RFC 6521 sections 3.3, 6.1; notes 1.7.11; RFC 4787):
 *
 * | MR C \ MR A     | none           | full-cone | restricted | port-restr. | symmetric |
 * |-----------------|----------------|-----------|------------|-------------|-----------|
 * | none            | RO, IP in IP   | RO, UDP, initiated by MR A (the NATed side; MR C  |
 * |                 | (MR C)         | sees A advertised outbound-only, Info=1)          |
 * | full-cone       | RO, UDP (MR C) | no RO: both NATed (O on both), HA path, no loss   |
 * | restricted      | RO, UDP (MR C) |   "                                               |
 * | port-restricted | RO, UDP (MR C) |   "                                               |
 * | symmetric       | RO, UDP (MR C);|   "                                               |
 * |                 | CR learns a    |                                                   |
 * |                 | port != RRQ's  |                                                   |
 *
 * Why: the NATed router (N flag from its HA) sets O, is advertised with Info=1 and is never
 * the target of route optimization; it initiates itself towards a public router: the
 * CoTI, RRQ and the first keepalive leave through its NAT, so the CR's answers match the
 * mapping whatever the filtering; with APDM the keepalive gets another external port than
 * the RRQ (other destination), which the CR learns (C12). Both NATed: nobody may initiate.
 */
class NatMatrixCellTestCase : public TestCase
{
  public:
    /// \param mrNat NAT of MR C \param crNat NAT of MR A
    NatMatrixCellTestCase(NatKind mrNat, NatKind crNat)
        : TestCase("NAT matrix: MR C behind " + NatName(mrNat) + ", MR A behind " + NatName(crNat)),
          m_mrNat(mrNat),
          m_crNat(crNat)
    {
    }

  private:
    void DoRun() override
    {
        NatRoScenario s;
        s.SetNat(2, m_mrNat, 2);
        s.SetNat(0, m_crNat, 0);
        s.Build();
        s.AddFlow(0, 2, Seconds(10), Seconds(19.95), 9001);
        s.AddFlow(2, 0, Seconds(10.05), Seconds(20), 9002);
        Simulator::Stop(Seconds(21));
        Simulator::Run();

        bool natted = m_mrNat != NAT_NONE || m_crNat != NAT_NONE;
        bool expectRo = m_mrNat == NAT_NONE || m_crNat == NAT_NONE;
        uint32_t initiator = m_crNat != NAT_NONE ? 0 : 2;
        RocEntry* a = s.Entry(0, 2);
        RocEntry* c = s.Entry(2, 0);
        NS_TEST_ASSERT_MSG_NE(a, nullptr, "MR A knows MR C");
        NS_TEST_ASSERT_MSG_NE(c, nullptr, "MR C knows MR A");
        bool ro = a->tunnelActive && c->tunnelActive;
        std::string tunnel = !ro                                                      ? "-"
                             : c->tunnel->GetEncapsulation() == MipEncapsulation::UDP ? "udp"
                                                                                      : "ipip";
        std::cout << "    cell " << NatName(m_mrNat) << " / " << NatName(m_crNat) << ": ro=" << ro
                  << " tunnel=" << tunnel;
        for (const auto& [router, latency] : s.setups)
        {
            std::cout << " setup(MR " << (router == 0 ? "A" : "C")
                      << ")=" << latency.GetMilliSeconds() << "ms";
        }
        std::cout << " received " << s.Distinct(9001) << "+" << s.Distinct(9002) << std::endl;

        NS_TEST_ASSERT_MSG_EQ(ro, expectRo, "route optimization as predicted");
        if (expectRo)
        {
            NS_TEST_ASSERT_MSG_EQ(s.setups.size(), 1u, "set up once");
            NS_TEST_ASSERT_MSG_EQ(s.setups.front().first, initiator, "by the predicted router");
            std::string expectedTunnel = natted ? "udp" : "ipip";
            NS_TEST_ASSERT_MSG_EQ(tunnel, expectedTunnel, "tunnel type (R13)");
            NS_TEST_ASSERT_MSG_EQ((a->tunnel->GetEncapsulation() == c->tunnel->GetEncapsulation()),
                                  true,
                                  "both ends agree");
            for (uint16_t port : {9001, 9002})
            {
                NS_TEST_ASSERT_MSG_GT_OR_EQ(s.Distinct(port), 99u, "no loss, flow " << port);
                NS_TEST_ASSERT_MSG_EQ(unsigned(s.flows[port].back().ttl),
                                      62u,
                                      "direct (2 router hops), flow " << port);
            }
            if (m_crNat != NAT_NONE)
            {
                NS_TEST_ASSERT_MSG_GT(s.Count(2, RoPeerEvent::NO_RO, false),
                                      0u,
                                      "MR C left it to the NATed MR A");
            }
            if (m_mrNat == NAT_SYMMETRIC)
            {
                // C12: the RRQ went to MR A's home address, the tunnel to its care-of
                // address: an APDM NAT gave them different external ports, and MR A's
                // tunnel follows the keepalive's port.
                Ipv4Address home = s.topology.sites[0].homeAddress;
                Ipv4Address coa = s.topology.sites[0].uplinks[0].careOfAddress;
                const std::set<uint16_t>& rrqPorts = s.externalPorts[home.Get()];
                const std::set<uint16_t>& tunnelPorts = s.externalPorts[coa.Get()];
                NS_TEST_ASSERT_MSG_EQ(rrqPorts.size(), 1u, "one mapping towards A's home");
                NS_TEST_ASSERT_MSG_EQ(tunnelPorts.size(), 1u, "one mapping towards A's CoA");
                NS_TEST_ASSERT_MSG_NE(*rrqPorts.begin(),
                                      *tunnelPorts.begin(),
                                      "the tunnel's source port differs from the RRQ's");
                NS_TEST_ASSERT_MSG_EQ(a->tunnel->GetRemotePort(),
                                      *tunnelPorts.begin(),
                                      "MR A sends to the tunnel's port (C12)");
            }
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(s.setups.size(), 0u, "no route optimization");
            NS_TEST_ASSERT_MSG_GT(s.Count(0, RoPeerEvent::NO_RO) + s.Count(2, RoPeerEvent::NO_RO),
                                  0u,
                                  "traced");
            for (uint16_t port : {9001, 9002})
            {
                NS_TEST_ASSERT_MSG_EQ(s.Distinct(port), 100u, "no loss via the HA, " << port);
                NS_TEST_ASSERT_MSG_EQ(unsigned(s.flows[port].back().ttl), 61u, "via the HA");
            }
        }
    }

    NatKind m_mrNat; //!< NAT of MR C
    NatKind m_crNat; //!< NAT of MR A
};

/**
 * \ingroup haaro-tests
 * The NAT's UDP mapping timeout (2 s) is shorter than the RO keepalive interval (3 s) and
 * than the MR-HA keepalive interval (110 s): once MR C (behind the NAT) stops sending data,
 * its mapping dies between its keepalives and MR A's datagrams into the direct tunnel are
 * filtered (the tunnel breaks). MR C notices that MR A's keepalives no longer arrive while
 * its own are answered and halves its keepalive interval until the mapping survives: the
 * tunnel recovers without falling back. Measured: the loss and the recovery time.
 */
class NatTimeoutTestCase : public TestCase
{
  public:
    NatTimeoutTestCase()
        : TestCase("NAT mapping timeout below the keepalive intervals: the tunnel breaks and "
                   "recovers")
    {
    }

  private:
    void DoRun() override
    {
        NatRoScenario s;
        s.SetNat(2, NAT_PORT_RESTRICTED, 2);
        s.SetNatAttribute("UdpTimeout", TimeValue(Seconds(2)));
        s.SetNatAttribute("SweepInterval", TimeValue(MilliSeconds(100)));
        s.nemo.SetRouteOptimizerAttribute("KeepaliveInterval", TimeValue(Seconds(3)));
        // A fixed interval (issue 12: by default it adapts to the RTT, here ~4 x 40 ms,
        // and the mapping would never time out): the subject is the NAT shortening.
        s.nemo.SetRouteOptimizerAttribute("KeepaliveAdaptive", BooleanValue(false));
        // The Home Agent path also crosses the NAT: keep its mapping alive by registering
        // more often than it times out would not do (60 s at most, RFC 3519), so the HA
        // path is not what carries the data here: the direct tunnel is.
        s.Build();
        s.AddFlow(0, 2, Seconds(10), Seconds(49.95), 9001); // A -> C: 400 datagrams
        s.AddFlow(2, 0, Seconds(10.05), Seconds(15), 9002); // C -> A: then silent
        Simulator::Stop(Seconds(51));
        Simulator::Run();

        std::vector<uint32_t> missing = s.Missing(9001, 400);
        NS_TEST_ASSERT_MSG_EQ(s.setups.size(), 1u, "route optimization set up");
        NS_TEST_ASSERT_MSG_GT(missing.size(), 0u, "the tunnel broke (datagrams filtered)");
        NS_TEST_ASSERT_MSG_GT(s.natOf[2]->GetFilteredDrops(), 0u, "by the NAT's filter");
        NS_TEST_ASSERT_MSG_GT(s.Count(2, RoPeerEvent::NAT_KEEPALIVE_SHORTENED), 0u, "MR C adapted");
        // Before 15 s: the HA path into MR C (its MR-HA mapping died long before, its
        // RFC 3519 keepalive comes every 110 s) until the direct tunnel is up; from 15 s:
        // the direct tunnel.
        size_t haPathLosses = 0;
        Time firstLoss = Time::Max();
        for (uint32_t seq : missing)
        {
            Time sent = Seconds(10) + MilliSeconds(100) * seq;
            haPathLosses += sent < Seconds(15);
            firstLoss = sent >= Seconds(15) ? std::min(firstLoss, sent) : firstLoss;
        }
        Time lastLoss = Seconds(10) + MilliSeconds(100) * missing.back();
        std::cout << "    timeout 2 s < keepalive 3 s: " << haPathLosses
                  << " lost before the direct tunnel (HA path), " << missing.size() - haPathLosses
                  << " in the direct tunnel between " << firstLoss.GetSeconds() << " s and "
                  << lastLoss.GetSeconds() << " s (recovered "
                  << (lastLoss - firstLoss).GetSeconds() << " s after the first loss); "
                  << s.Count(2, RoPeerEvent::NAT_KEEPALIVE_SHORTENED) << " shortening(s)"
                  << std::endl;
        NS_TEST_ASSERT_MSG_GT(missing.size(), haPathLosses, "the direct tunnel broke");
        NS_TEST_ASSERT_MSG_LT(lastLoss, Seconds(35), "recovered well before the end");
        RocEntry* c = s.Entry(2, 0);
        NS_TEST_ASSERT_MSG_EQ(c->tunnelActive, true, "still route optimized");
        NS_TEST_ASSERT_MSG_EQ(unsigned(s.flows[9001].back().ttl), 62u, "direct at the end");
    }
};

/**
 * \ingroup haaro-tests
 * The NAT in front of MR C reboots (all mappings lost) while the route-optimized flows
 * run; the NAT allocates random external ports, so the direct tunnel continues on a new
 * mapping with another port, which MR A learns from the next datagram. Measured: the loss
 * and the recovery time.
 */
class NatRebootTestCase : public TestCase
{
  public:
    NatRebootTestCase()
        : TestCase("NAT reboot: the direct tunnel continues on a new mapping")
    {
    }

  private:
    void DoRun() override
    {
        NatRoScenario s;
        s.SetNat(2, NAT_PORT_RESTRICTED, 2);
        s.SetNatAttribute("PortAllocation", EnumValue(Ipv4Nat::PORT_RANDOM));
        s.Build();
        s.AddFlow(0, 2, Seconds(10), Seconds(19.95), 9001);
        s.AddFlow(2, 0, Seconds(10.05), Seconds(20), 9002);
        uint16_t before = 0;
        HaaroSchedule(Seconds(14.02), [&s, &before]() {
            before = s.Entry(0, 2)->tunnel->GetRemotePort();
            s.natOf[2]->Reboot();
        });
        Simulator::Stop(Seconds(21));
        Simulator::Run();

        RocEntry* a = s.Entry(0, 2);
        NS_TEST_ASSERT_MSG_EQ(a->tunnelActive, true, "still route optimized");
        NS_TEST_ASSERT_MSG_NE(a->tunnel->GetRemotePort(), before, "on a new external port");
        std::vector<uint32_t> missing = s.Missing(9001, 100);
        std::vector<uint32_t> missingUp = s.Missing(9002, 100);
        Time recovery(0);
        if (!missing.empty())
        {
            recovery = Seconds(10) + MilliSeconds(100) * (missing.back() + 1) - Seconds(14.02);
        }
        std::cout << "    NAT reboot at 14.02 s: A->C lost " << missing.size() << ", C->A lost "
                  << missingUp.size() << "; A->C recovered " << recovery.GetMilliSeconds()
                  << " ms after the reboot" << std::endl;
        NS_TEST_ASSERT_MSG_LT_OR_EQ(missing.size(), 2u, "at most the datagrams in flight");
        NS_TEST_ASSERT_MSG_EQ(missingUp.size(), 0u, "outbound never lost");
        NS_TEST_ASSERT_MSG_EQ(unsigned(s.flows[9001].back().ttl), 62u, "direct at the end");
    }
};

/**
 * \ingroup haaro-tests
 * MR A and MR C behind the same NAT (one middlebox, hairpinning on or off).
 *
 * Predicted: with OutboundOnlyWhenNatted (default) both are outbound-only: no route
 * optimization, no loss via the HA, whatever the hairpinning. Without it MR C initiates:
 * MR A learns MR C's own care-of address from the (translated) request, MR C probes MR A's
 * listed (private) care-of address, the keepalive crosses the NAT inside to inside (no
 * translation, no hairpinning needed) and MR A follows that pair.
 */
class SameNatTestCase : public TestCase
{
  public:
    /// \param hairpinning NAT attribute \param outboundOnly OutboundOnlyWhenNatted
    SameNatTestCase(bool hairpinning, bool outboundOnly)
        : TestCase(std::string("two routers behind the same NAT, hairpinning ") +
                   (hairpinning ? "on" : "off") +
                   (outboundOnly ? ", O flag when NATed" : ", no O flag")),
          m_hairpinning(hairpinning),
          m_outboundOnly(outboundOnly)
    {
    }

  private:
    void DoRun() override
    {
        NatRoScenario s;
        s.SetNat(0, NAT_PORT_RESTRICTED, 7);
        s.SetNat(2, NAT_PORT_RESTRICTED, 7);
        s.SetNatAttribute("Hairpinning", BooleanValue(m_hairpinning));
        s.nemo.SetMobileRouterAttribute("OutboundOnlyWhenNatted", BooleanValue(m_outboundOnly));
        s.Build();
        NS_TEST_ASSERT_MSG_EQ(s.nats.size(), 1u, "one NAT");
        s.AddFlow(0, 2, Seconds(10), Seconds(19.95), 9001);
        s.AddFlow(2, 0, Seconds(10.05), Seconds(20), 9002);
        Simulator::Stop(Seconds(21));
        Simulator::Run();
        RocEntry* a = s.Entry(0, 2);
        RocEntry* c = s.Entry(2, 0);
        bool ro = a && c && a->tunnelActive && c->tunnelActive;
        std::cout << "    same NAT, hairpinning " << m_hairpinning << ", O " << m_outboundOnly
                  << ": ro=" << ro << " received " << s.Distinct(9001) << "+" << s.Distinct(9002)
                  << " hairpin drops " << s.nats[0]->GetDrops(Ipv4Nat::DROP_HAIRPIN) << std::endl;
        if (m_outboundOnly)
        {
            NS_TEST_ASSERT_MSG_EQ(ro, false, "no route optimization between NATed routers");
            NS_TEST_ASSERT_MSG_EQ(s.setups.size(), 0u, "none set up");
            for (uint16_t port : {9001, 9002})
            {
                NS_TEST_ASSERT_MSG_EQ(s.Distinct(port), 100u, "no loss via the HA");
            }
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(ro, true, "route optimized inside the NAT");
            NS_TEST_ASSERT_MSG_EQ(c->tunnel->GetRemote(),
                                  s.topology.sites[0].uplinks[0].careOfAddress,
                                  "MR C -> MR A's private care-of address");
            NS_TEST_ASSERT_MSG_EQ(a->tunnel->GetRemote(),
                                  s.topology.sites[2].uplinks[0].careOfAddress,
                                  "MR A followed MR C's private care-of address");
            for (uint16_t port : {9001, 9002})
            {
                NS_TEST_ASSERT_MSG_GT_OR_EQ(s.Distinct(port), 99u, "no loss");
                NS_TEST_ASSERT_MSG_EQ(unsigned(s.flows[port].back().ttl), 62u, "direct");
            }
        }
    }

    bool m_hairpinning;  //!< NAT hairpinning
    bool m_outboundOnly; //!< OutboundOnlyWhenNatted
};

/**
 * \ingroup haaro-tests
 * The haaro-nat-ro suite.
 */
class NatRoTestSuite : public TestSuite
{
  public:
    NatRoTestSuite()
        : TestSuite("haaro-nat-ro", UNIT)
    {
        const NatKind kinds[] = {NAT_NONE,
                                 NAT_FULL_CONE,
                                 NAT_RESTRICTED,
                                 NAT_PORT_RESTRICTED,
                                 NAT_SYMMETRIC};
        for (NatKind mr : kinds)
        {
            for (NatKind cr : kinds)
            {
                AddTestCase(new NatMatrixCellTestCase(mr, cr), TestCase::QUICK);
            }
        }
        AddTestCase(new NatTimeoutTestCase, TestCase::QUICK);
        AddTestCase(new NatRebootTestCase, TestCase::QUICK);
        for (bool hairpinning : {true, false})
        {
            for (bool outboundOnly : {true, false})
            {
                AddTestCase(new SameNatTestCase(hairpinning, outboundOnly), TestCase::QUICK);
            }
        }
    }
};

/// The suite's instance.
NatRoTestSuite g_natRoTestSuite;

} // namespace
