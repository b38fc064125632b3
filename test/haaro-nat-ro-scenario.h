/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The NAT scenario of the haaro-nat-ro and haaro-nat-matrix suites: three sites on the
 * virtual-operator topology, real NATs (Ipv4Nat, RFC 4787 behaviours) in front of MR A
 * (site 0) and MR C (site 2), route optimizer traces collected.
 */
#ifndef HAARO_NAT_RO_SCENARIO_H
#define HAARO_NAT_RO_SCENARIO_H

#include "haaro-test-fixture.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/ns3-compat.h"

#include <optional>
#include <set>

namespace ns3
{
namespace haarotest
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
inline std::string
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

    /// \param uplinks uplinks per site
    explicit NatRoScenario(uint32_t uplinks = 1)
    {
        UseTwoIspTopology(3, uplinks, true);
        nemo.SetRouteOptimizerAttribute("Encapsulation", StringValue("IpInIp"));
        nemo.SetHomeAgentAttribute("NatMaxLifetime", UintegerValue(10));
    }

    /**
     * \param site 0 (MR A) or 2 (MR C) \param kind NAT type \param id middlebox id (the
     * same id: the same NAT) \param uplink which uplink of the site
     */
    void SetNat(uint32_t site, NatKind kind, uint32_t id, uint32_t uplink = 0)
    {
        if (kind != NAT_NONE)
        {
            topologyHelper.SetUplinkMiddlebox(site, uplink, id);
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
        std::vector<Time> starts;
        for (uint32_t i = 0; i < 3; ++i)
        {
            starts.push_back(Seconds(1 + (cFirst ? 2 - i : i)));
        }
        StartRouters(starts);
        RouteOptimizerSinks sinks;
        sinks.peerEvent = [this](uint32_t router, const RoPeerEventInfo& info) {
            events.push_back({Simulator::Now(), router, info});
        };
        sinks.setup = [this](uint32_t router, Ipv4Address, Time latency) {
            setups.push_back({router, latency});
        };
        // keepalive bytes are not counted here (see KEEPALIVE in events)
        sinks.message = [this](uint32_t router, const std::string& what, Ipv4Address, Ipv4Address) {
            if (what == "tx KEEPALIVE")
            {
                keepalives[router]++;
            }
        };
        WatchRouteOptimizers(sinks);
    }

    /**
     * \param from site \param to site \param start first datagram \param stop after the
     * last \param port destination port (also the flow's key)
     */
    void AddFlow(uint32_t from, uint32_t to, Time start, Time stop, uint16_t port)
    {
        HaaroTestScenario::AddFlow(from, to, start, stop, MilliSeconds(100), port);
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

    bool cFirst{false};             //!< MR C joins first (1 s), MR A last (3 s); else the reverse
    std::vector<Ptr<Ipv4Nat>> nats; //!< the NATs
    std::map<uint32_t, Ptr<Ipv4Nat>> natOf;               //!< site -> its NAT
    std::vector<Event> events;                            //!< RO peer events
    std::vector<std::pair<uint32_t, Time>> setups;        //!< (router, latency)
    std::map<uint32_t, uint32_t> keepalives;              //!< RO keepalives sent per router
    std::map<uint32_t, std::set<uint16_t>> externalPorts; //!< remote -> NAT ports from :434

  private:
    std::map<uint32_t, NatKind> m_kinds; //!< middlebox id -> type
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_natAttributes; //!< for every NAT
};

} // namespace haarotest
} // namespace ns3

#endif /* HAARO_NAT_RO_SCENARIO_H */
