/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * haaro-scenario-convergence (scenario "convergence"): mobile routers join over time; since
 * the Home Agent sends prefix information only in Registration Replies (RFC 6521 section
 * 3.1), how long until every router knows every network, and until route optimization
 * works, as a function of the registration lifetime and of solicitation; results in the
 * format of doc/results-format.md.
 *
 * Topology: the virtual operator with --isps ISPs and --sites sites, each mobile router
 * with --uplinks uplinks (random distinct ISPs, --uplinkDelay ms each). The routers join
 * (start, then register with the Home Agent, requesting --lifetime s) at random times in
 * [1, 1 + --joinWindow] s, except --lateJoins of them (chosen at random) that join at
 * --lateJoinAt s (within one second): the network changes after the others have settled.
 * Every router re-registers at 80 % of the granted lifetime (MobileRouter RenewalFraction)
 * and only then hears about routers that joined after its last registration.
 *
 * Traffic: site i and its designated peer, site (i + 1) mod N, exchange probe datagrams
 * (both directions, one every --interval ms) from one second after the later of the two
 * joined. Route optimization is on demand (RFC 6521 section 3.3.1): the router that knows
 * the other's network starts it.
 *
 * --solicit=true (the model's behaviour): a correspondent router that receives a route
 * optimization registration for prefixes the Home Agent has not confirmed to it solicits
 * the Home Agent (a registration with S and the other router's home address) and decides
 * when the answer is in. --solicit=false removes that (MobileRouter attribute RoSolicit):
 * the correspondent router decides with what it knows, so the prefixes
 * are refused (MOBNET_UNAUTHORIZED) until its own next re-registration brings them.
 *
 * Measured (convergence.csv, one row per router: mr,join_s,knows_all_s,ro_works_s; NaN
 * when never):
 * - join_s: the router's first accepted registration (its registered event);
 * - knows_all_s: the first moment its Route Optimization Cache holds, as confirmed by the
 *   Home Agent (Prefix_Valid), the mobile network prefix of every other router that joined
 *   during the run; the cache is read after each Registration Reply the router processes
 *   (the only way the Home Agent's information arrives);
 * - ro_works_s: the arrival of the first datagram from its host to its designated peer's
 *   host on a direct tunnel (ProbeFlow, hop count).
 * summary.json: mean, median and maximum of (knows_all_s - join_s) and (ro_works_s -
 * join_s), when the whole network knew everything (all_know_all_s) and how long after the
 * last join that was, counts of solicitations, registrations and advertisement octets.
 *
 * --event=join (the default) is the above. --event=add-prefix and --event=move-prefix
 * change a prefix at run time instead (issue 16 part 4): a movable network 10.254.0.0/24
 * with one host (MovableNetwork) is, at --eventAt s, added to the router of one site
 * (add-prefix), or moved from it to the router of another (move-prefix; it was there from
 * the start); the routers re-register at once with their new prefix sets (MobileRouter
 * AddMobileNetwork / RemoveMobileNetwork, RFC 5177 explicit mode). Every other site's host
 * exchanges probe datagrams with the movable host (both directions, every --interval ms,
 * from one second after the pair joined; add-prefix: from --eventAt). Measured
 * (prefix-change.csv, one row per other router: mr,knows_owner_s,forgot_old_s,ro_works_s,
 * ro_back_s,lost; NaN when never): when its Route Optimization Cache routes the movable
 * network to its new owner (read after each Registration Reply and each route
 * optimization message it handles), when it stopped routing it to the old one, the first
 * datagram on a direct tunnel to and from the movable host after the event, and its
 * datagrams to it sent after the event and lost. summary.json adds the same as means and
 * maxima, the old owner's refusals (ProtocolDrop not-our-network) and when the new owner's
 * re-registration was accepted. The two events leave the join outputs byte-identical.
 *
 *   ./haaro run haaro-scenario-convergence [--sites=10] [--isps=3] [--uplinks=1]
 *        [--lifetime=60] [--solicit=true] [--joinWindow=20] [--lateJoins=2]
 *        [--lateJoinAt=60] [--uplinkDelay=10] [--interval=100] [--packetSize=100]
 *        [--duration=0 (auto: last join or event + 2 lifetimes + 10 s)] [--pcap=false]
 *        [--event=join|add-prefix|move-prefix] [--eventAt=40]
 *        [--outDir=results/convergence] [--RngRun=1]
 *
 * Exit code 1 when some router never knew every network.
 */
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/haaro-scenario-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <memory>
#include <set>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("HaaroScenarioConvergence");

using scenariostats::CountNaN;
using scenariostats::Max;
using scenariostats::Mean;
using scenariostats::Quantile;

namespace
{

using scenariostats::NOT_A_NUMBER; //!< "never", "no value"

/**
 * What every router's Route Optimization Cache confirms, read after each Registration
 * Reply it processed: per router, the moments its set of known (confirmed) networks
 * changed, and that set.
 */
class KnowledgeTracker
{
  public:
    /**
     * \param topology the topology (home addresses and prefixes of every site)
     * \param routers the routers, index = site
     */
    KnowledgeTracker(const VirtualOperatorTopology& topology,
                     const std::vector<Ptr<MobileRouter>>& routers)
        : m_topology(topology),
          m_routers(routers),
          m_history(routers.size())
    {
        for (uint32_t i = 0; i < routers.size(); ++i)
        {
            routers[i]->TraceConnectWithoutContext(
                "ReplyReceived",
                MakeCallback(&KnowledgeTracker::OnReply, this).Bind(i));
        }
    }

    /**
     * \param site a router
     * \param networks the sites whose networks count
     * \return the first moment it knew all of them (except its own), if ever
     */
    std::optional<Time> KnewAll(uint32_t site, const std::set<uint32_t>& networks) const
    {
        for (const auto& [at, known] : m_history[site])
        {
            bool all = true;
            for (uint32_t j : networks)
            {
                all &= j == site || known.count(j) > 0;
            }
            if (all)
            {
                return at;
            }
        }
        return std::nullopt;
    }

    /// \param site a router \return the number of networks it knew at the end
    uint32_t KnownAtEnd(uint32_t site) const
    {
        return m_history[site].empty() ? 0 : m_history[site].back().second.size();
    }

  private:
    /// ReplyReceived trace sink: the cache is read once the reply has been processed
    void OnReply(uint32_t site, const MipRegistrationReply& reply, Ipv4Address)
    {
        if (MipReplyCodeIsSuccess(reply.GetCode()))
        {
            // The RouteOptimizer handles the reply after every ReplyReceived sink (the
            // uplink's ReplyAccepted callback): read the cache when this event is over.
            Simulator::ScheduleNow(&KnowledgeTracker::Check, this, site);
        }
    }

    /// \param site reads that router's cache
    void Check(uint32_t site)
    {
        Ptr<RouteOptimizer> ro = m_routers[site]->GetRouteOptimizer();
        if (!ro)
        {
            return;
        }
        std::set<uint32_t> known;
        for (uint32_t j = 0; j < m_topology.sites.size(); ++j)
        {
            const VirtualOperatorSite& s = m_topology.sites[j];
            const RocEntry* e = ro->GetCache().Find(s.homeAddress);
            if (j != site && e && e->IsConfirmed(MipPrefix{s.mnpAddress, s.mnpLength}))
            {
                known.insert(j);
            }
        }
        auto& history = m_history[site];
        if (history.empty() || history.back().second != known)
        {
            history.emplace_back(Simulator::Now(), known);
        }
    }

    const VirtualOperatorTopology& m_topology; //!< the topology
    std::vector<Ptr<MobileRouter>> m_routers;  //!< by site
    /// per site: (time, networks confirmed then), whenever the set changed
    std::vector<std::vector<std::pair<Time, std::set<uint32_t>>>> m_history;
};

/**
 * --event=add-prefix and --event=move-prefix: the movable network, the flows between it and
 * every other site, and what every other router's Route Optimization Cache says about it
 * after the event (read after each Registration Reply and route optimization message).
 */
class PrefixChangeRun
{
  public:
    /**
     * \param topology the topology \param network the NEMO network
     * \param move move-prefix (else add-prefix) \param first the site that adds the
     * network, or its first owner \param second the site it moves to \param at when
     */
    PrefixChangeRun(const VirtualOperatorTopology& topology,
                    const NemoNetwork& network,
                    bool move,
                    uint32_t first,
                    uint32_t second,
                    Time at)
        : m_topology(topology),
          m_network(network),
          m_at(at),
          m_newOwner(move ? second : first)
    {
        std::vector<uint32_t> candidates{first};
        if (move)
        {
            m_oldOwner = first;
            candidates.push_back(second);
        }
        m_movable.Build(topology, network, MipPrefix{Ipv4Address("10.254.0.0"), 24}, candidates);
        if (move)
        {
            m_movable.AttachTo(first);
        }
        Simulator::Schedule(at, &MovableNetwork::AttachTo, &m_movable, m_newOwner);
        uint32_t n = topology.sites.size();
        m_knows.assign(n, NOT_A_NUMBER);
        m_forgot.assign(n, NOT_A_NUMBER);
        for (uint32_t r = 0; r < n; ++r)
        {
            Ptr<MobileRouter> mr = network.mobileRouters[r];
            mr->TraceConnectWithoutContext("ReplyReceived",
                                           MakeCallback(&PrefixChangeRun::OnReply, this).Bind(r));
            if (!IsOwner(r) && mr->GetRouteOptimizer())
            {
                mr->GetRouteOptimizer()->TraceConnectWithoutContext(
                    "Message",
                    MakeCallback(&PrefixChangeRun::OnMessage, this).Bind(r));
            }
        }
    }

    /**
     * \brief Probe flows between every other site's first host and the movable host.
     * \param rec the recorder \param start the routers' start times \param stop the end
     * \param interval datagram spacing \param size datagram payload
     */
    void AddFlows(ScenarioRecorder& rec,
                  const std::vector<Time>& start,
                  Time stop,
                  Time interval,
                  uint32_t size)
    {
        m_to.resize(start.size());
        m_from.resize(start.size());
        for (uint32_t r = 0; r < start.size(); ++r)
        {
            if (IsOwner(r))
            {
                continue;
            }
            Time begin = std::max(start[r], start[m_newOwner]) + Seconds(1);
            begin = m_oldOwner ? std::max(begin, start[*m_oldOwner] + Seconds(1))
                               : std::max(begin, m_at);
            std::string host = ScenarioRecorder::HostName(r);
            Ptr<Node> site = m_topology.sites[r].hosts.Get(0);
            m_to[r] = Create<ProbeFlow>(host + "->MOVABLE",
                                        site,
                                        m_movable.GetHost(0),
                                        m_movable.GetHostAddress(0),
                                        30000 + 2 * r);
            m_from[r] = Create<ProbeFlow>("MOVABLE->" + host,
                                          m_movable.GetHost(0),
                                          site,
                                          m_topology.sites[r].hostAddresses[0],
                                          30001 + 2 * r);
            for (const Ptr<ProbeFlow>& f : {m_to[r], m_from[r]})
            {
                f->SetInterval(interval);
                f->SetPacketSize(size);
                f->SetHaPathHops(3);
                f->Install(begin + MicroSeconds(f == m_to[r] ? 0 : 500), stop);
                rec.AddProbe(f);
            }
        }
    }

    /**
     * \brief prefix-change.csv and the metrics.
     * \param rec the recorder \param stop the end of the run
     */
    void Report(ScenarioRecorder& rec, Time stop) const
    {
        rec.AddTable("prefix-change.csv",
                     {"mr", "knows_owner_s", "forgot_old_s", "ro_works_s", "ro_back_s", "lost"});
        std::vector<double> knows;
        std::vector<double> forgot;
        std::vector<double> roTo;
        std::vector<double> roFrom;
        uint64_t lost = 0;
        double at = m_at.GetSeconds();
        for (uint32_t r = 0; r < m_to.size(); ++r)
        {
            if (IsOwner(r))
            {
                continue;
            }
            auto firstDirect = [this](Ptr<ProbeFlow> f) {
                std::optional<ProbeSample> d = f->FirstOnPath(true, m_at);
                return d ? d->at.GetSeconds() : NOT_A_NUMBER;
            };
            double to = firstDirect(m_to[r]);
            double from = firstDirect(m_from[r]);
            uint64_t lostHere = m_to[r]->GetLostIn(m_at, stop);
            rec.AddRow("prefix-change.csv",
                       {ScenarioRecorder::MobileRouterName(r),
                        m_knows[r],
                        m_forgot[r],
                        to,
                        from,
                        lostHere});
            knows.push_back(m_knows[r] - at);
            forgot.push_back(m_forgot[r] - at);
            roTo.push_back(to - at);
            roFrom.push_back(from - at);
            lost += lostHere;
        }
        rec.SetMetric("event_at_s", at);
        rec.SetMetric("new_owner", ScenarioRecorder::MobileRouterName(m_newOwner));
        rec.SetMetric("new_owner_registered_after_event_s", m_registered - at);
        rec.SetMetric("knows_new_owner_after_event_mean_s", Mean(knows));
        rec.SetMetric("knows_new_owner_after_event_max_s", Max(knows));
        rec.SetMetric("knows_new_owner_never", CountNaN(knows));
        if (m_oldOwner)
        {
            rec.SetMetric("old_owner", ScenarioRecorder::MobileRouterName(*m_oldOwner));
            rec.SetMetric("forgot_old_owner_after_event_max_s", Max(forgot));
            rec.SetMetric("forgot_old_owner_never", CountNaN(forgot));
            rec.SetMetric(
                "refused_by_old_owner",
                m_network.mobileRouters[*m_oldOwner]->GetRouteOptimizer()->GetProtocolDropCount(
                    ProtocolDrop::NOT_OUR_NETWORK));
        }
        rec.SetMetric("ro_to_new_owner_after_event_mean_s", Mean(roTo));
        rec.SetMetric("ro_to_new_owner_after_event_max_s", Max(roTo));
        rec.SetMetric("ro_to_new_owner_never", CountNaN(roTo));
        rec.SetMetric("ro_from_new_owner_after_event_mean_s", Mean(roFrom));
        rec.SetMetric("lost_after_event", lost);
        std::cout << "  event at " << at << " s: every other router routes the network to "
                  << ScenarioRecorder::MobileRouterName(m_newOwner) << " after (max) " << Max(knows)
                  << " s (never: " << CountNaN(knows) << "); RO to it works after mean "
                  << Mean(roTo) << " s, max " << Max(roTo) << " s; " << lost << " datagrams lost"
                  << std::endl;
    }

  private:
    /// \param r a site \return true if its router is the old or the new owner
    bool IsOwner(uint32_t r) const
    {
        return r == m_newOwner || (m_oldOwner && r == *m_oldOwner);
    }

    /// ReplyReceived of router r: the new owner's accepted re-registration, anyone's cache
    void OnReply(uint32_t r, const MipRegistrationReply& reply, Ipv4Address)
    {
        if (Simulator::Now() >= m_at && MipReplyCodeIsSuccess(reply.GetCode()))
        {
            if (r == m_newOwner && std::isnan(m_registered))
            {
                m_registered = Simulator::Now().GetSeconds();
            }
            // read the cache once the route optimizer has processed the reply
            Simulator::ScheduleNow(&PrefixChangeRun::Check, this, r);
        }
    }

    /// Message of router r's route optimizer
    void OnMessage(uint32_t r, const std::string&, const std::string&, Ipv4Address, Ipv4Address)
    {
        if (Simulator::Now() >= m_at)
        {
            Simulator::ScheduleNow(&PrefixChangeRun::Check, this, r);
        }
    }

    /// \param r reads router r's cache
    void Check(uint32_t r)
    {
        if (IsOwner(r))
        {
            return;
        }
        const RocEntry* e = m_network.mobileRouters[r]->GetRouteOptimizer()->GetCache().Lookup(
            m_movable.GetHostAddress(0));
        Ipv4Address via = e ? e->crHomeAddress : Ipv4Address::GetZero();
        double now = Simulator::Now().GetSeconds();
        if (std::isnan(m_knows[r]) && via == m_topology.sites[m_newOwner].homeAddress)
        {
            m_knows[r] = now;
        }
        if (m_oldOwner && std::isnan(m_forgot[r]) &&
            via != m_topology.sites[*m_oldOwner].homeAddress)
        {
            m_forgot[r] = now;
        }
    }

    const VirtualOperatorTopology& m_topology; //!< the topology
    const NemoNetwork& m_network;              //!< the routers
    Time m_at;                                 //!< the event
    uint32_t m_newOwner;                       //!< who has the network after it
    std::optional<uint32_t> m_oldOwner;        //!< who had it before (move-prefix)
    MovableNetwork m_movable;                  //!< the network
    std::vector<double> m_knows;               //!< per router: routes it to the new owner
    std::vector<double> m_forgot;              //!< per router: no longer to the old one
    double m_registered{NOT_A_NUMBER};         //!< new owner's first accepted reply after
    std::vector<Ptr<ProbeFlow>> m_to;          //!< per router: its host -> movable host
    std::vector<Ptr<ProbeFlow>> m_from;        //!< per router: movable host -> its host
};

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t sites = 10;
    uint32_t isps = 3;
    uint32_t uplinks = 1;
    uint32_t lifetime = 60;
    bool solicit = true;
    double joinWindow = 20;
    uint32_t lateJoins = 2;
    double lateJoinAt = 60;
    double uplinkDelay = 10;
    double interval = 100;
    uint32_t packetSize = 100;
    double duration = 0;
    bool pcap = false;
    std::string outDir = "results/convergence";

    ScenarioOptions options(__FILE__);
    options.Usage("Mobile routers join over time: when each knows every other router's prefixes "
                  "and when route optimization to its peer works, against --lifetime and "
                  "--solicit.\n\nWrites its results into --outDir (doc/results-format.md).");
    options.Add("sites", "number of sites (mobile routers), at least 2", sites);
    options.Add("isps", "number of ISPs (1 to 64)", isps);
    options.Add("uplinks",
                "number of uplinks per mobile router (1 to isps), to distinct random ISPs",
                uplinks);
    options.Add("lifetime", "registration lifetime the routers request [s] (1 to 65535)", lifetime);
    options.Add("solicit",
                "correspondent routers solicit the HA (S flag) for unconfirmed prefixes",
                solicit);
    options.Add("joinWindow",
                "the routers join at random in 1 s + [0, joinWindow] [s]",
                joinWindow);
    options.Add("lateJoins",
                "number of routers (chosen at random) that join at lateJoinAt instead",
                lateJoins);
    options.Add("lateJoinAt", "when the late routers join [s] (after the join window)", lateJoinAt);
    options.Add("uplinkDelay", "one-way delay of every uplink [ms]", uplinkDelay);
    options.Add("interval", "probe datagram interval, each direction [ms]", interval);
    options.Add("packetSize", "probe datagram UDP payload [octets] (>= 12)", packetSize);
    options.Add("duration", "simulated time [s] (0: last join + 2 lifetimes + 10 s)", duration);
    options.AddPcap("write <node>-<device>.pcap files of the HA and every uplink into outDir",
                    pcap);
    options.Add("outDir", "output directory", outDir);
    std::string event = "join";
    double eventAt = 40;
    auto eventRun = [&event]() { return event != "join"; };
    options.AddRecordedIf("event",
                          "what changes: join (late joins), add-prefix (a router adds a mobile "
                          "network at eventAt) or move-prefix (a network moves from one router "
                          "to another at eventAt)",
                          event,
                          eventRun);
    options.AddRecordedIf("eventAt",
                          "when the prefix changes (add-prefix, move-prefix) [s]",
                          eventAt,
                          eventRun);
    options.Parse(argc, argv);
    NS_ABORT_MSG_IF(event != "join" && event != "add-prefix" && event != "move-prefix",
                    "--event must be join, add-prefix or move-prefix");
    NS_ABORT_MSG_IF(eventRun() && (sites < 3 || lateJoins > sites - 2 || eventAt <= 1),
                    "--event=" << event << " needs --sites >= 3, --lateJoins <= sites - 2 "
                               << "and --eventAt > 1");
    NS_ABORT_MSG_IF(sites < 2, "--sites must be at least 2");
    NS_ABORT_MSG_IF(isps < 1 || isps > 64, "--isps must be 1 to 64");
    NS_ABORT_MSG_IF(uplinks < 1 || uplinks > isps, "--uplinks must be 1 to --isps");
    NS_ABORT_MSG_IF(lifetime < 1 || lifetime > 65535, "--lifetime must be 1 to 65535 s");
    NS_ABORT_MSG_IF(lateJoins >= sites, "--lateJoins must be below --sites");
    NS_ABORT_MSG_IF(joinWindow < 0 || (lateJoins > 0 && lateJoinAt <= 1 + joinWindow),
                    "need --joinWindow >= 0 and --lateJoinAt > 1 + --joinWindow");
    NS_ABORT_MSG_IF(interval <= 0 || uplinkDelay < 0, "need --interval > 0, --uplinkDelay >= 0");

    ScenarioRecorder rec("convergence", outDir);
    options.Record(rec);

    // ---- join times: one random stream, the run number selects the substream
    Ptr<UniformRandomVariable> u = CreateObject<UniformRandomVariable>();
    u->SetStream(1);
    std::vector<uint32_t> order(sites);
    for (uint32_t s = 0; s < sites; ++s)
    {
        order[s] = s;
    }
    for (uint32_t k = sites - 1; k > 0; --k)
    {
        std::swap(order[k], order[u->GetInteger(0, k)]);
    }
    std::vector<Time> start(sites);
    for (uint32_t k = 0; k < sites; ++k)
    {
        bool late = k >= sites - lateJoins;
        double at = late ? lateJoinAt + u->GetValue(0, 1) : 1 + u->GetValue(0, joinWindow);
        start[order[k]] = ScenarioMs(at * 1e3);
    }
    Time lastStart = *std::max_element(start.begin(), start.end());
    Time lastChange = eventRun() ? std::max(lastStart, Seconds(eventAt)) : lastStart;
    Time stop = duration > 0 ? Seconds(duration) : lastChange + Seconds(2.0 * lifetime + 10);
    rec.SetMetric("duration_s", stop.GetSeconds());

    // ---- topology and NEMO
    VirtualOperatorTopologyHelper helper;
    helper.SetNumIsps(isps);
    helper.SetDefaultUplink(DataRate("10Mbps"), ScenarioMs(uplinkDelay));
    helper.AddSites(sites, uplinks, VirtualOperatorTopologyHelper::RANDOM);
    helper.AssignStreams(2);
    VirtualOperatorTopology topology = helper.Build();
    rec.AddTopology(topology);
    PopulateSiteArpCaches(topology);

    NemoNetworkHelper nemo;
    nemo.SetMobileRouterAttribute("RouteOptimization", BooleanValue(true));
    nemo.SetMobileRouterAttribute("Lifetime", UintegerValue(lifetime));
    nemo.SetRouteOptimizerAttribute("Solicit", BooleanValue(solicit));
    NemoNetwork network = nemo.Install(topology);
    rec.Watch(network.homeAgent, "HA");
    for (uint32_t s = 0; s < sites; ++s)
    {
        Ptr<MobileRouter> mr = network.mobileRouters[s];
        mr->SetStartTime(start[s]);
        mr->AssignStreams(1000 + 10 * s);
        rec.Watch(mr, ScenarioRecorder::MobileRouterName(s));
        rec.WatchDataPath(mr, ScenarioRecorder::MobileRouterName(s));
    }
    KnowledgeTracker knowledge(topology, network.mobileRouters);

    // ---- traffic: each site with its designated peer (next site), both directions
    std::vector<Ptr<ProbeFlow>> designated(sites);
    uint16_t port = 20000;
    for (uint32_t s = 0; s < sites; ++s)
    {
        uint32_t peer = (s + 1) % sites;
        if (sites == 2 && s == 1)
        {
            break; // one pair only
        }
        Time begin = std::max(start[s], start[peer]) + Seconds(1);
        for (uint32_t dir = 0; dir < 2; ++dir)
        {
            uint32_t from = dir == 0 ? s : peer;
            uint32_t to = dir == 0 ? peer : s;
            Ptr<ProbeFlow> f = Create<ProbeFlow>(ScenarioRecorder::HostName(from) + "->" +
                                                     ScenarioRecorder::HostName(to),
                                                 topology.sites[from].hosts.Get(0),
                                                 topology.sites[to].hosts.Get(0),
                                                 topology.sites[to].hostAddresses[0],
                                                 port++);
            f->SetInterval(ScenarioMs(interval));
            f->SetPacketSize(packetSize);
            f->SetHaPathHops(3);
            f->Install(begin + MicroSeconds(500 * dir), stop);
            rec.AddProbe(f);
            if (dir == 0)
            {
                designated[s] = f;
            }
            else if (sites == 2)
            {
                designated[peer] = f;
            }
        }
    }
    std::unique_ptr<PrefixChangeRun> change;
    if (eventRun())
    {
        // The two earliest in the random order join in the window (at most sites - 2 late).
        change = std::make_unique<PrefixChangeRun>(topology,
                                                   network,
                                                   event == "move-prefix",
                                                   order[0],
                                                   order[1],
                                                   Seconds(eventAt));
        change->AddFlows(rec, start, stop, ScenarioMs(interval), packetSize);
    }
    if (pcap)
    {
        rec.EnablePcap(topology);
    }

    Simulator::Stop(stop);
    Simulator::Run();

    // ---- convergence.csv
    std::set<uint32_t> joined;
    std::vector<double> joins(sites, NOT_A_NUMBER);
    for (uint32_t s = 0; s < sites; ++s)
    {
        if (auto e = rec.FindFirst(ScenarioRecorder::MobileRouterName(s), "registered"))
        {
            joined.insert(s);
            joins[s] = e->at.GetSeconds();
        }
    }
    rec.AddTable("convergence.csv", {"mr", "join_s", "knows_all_s", "ro_works_s"});
    std::vector<double> knowsAll(sites, NOT_A_NUMBER);
    std::vector<double> roWorks(sites, NOT_A_NUMBER);
    std::vector<double> knowsLag(sites, NOT_A_NUMBER);
    std::vector<double> roLag(sites, NOT_A_NUMBER);
    for (uint32_t s = 0; s < sites; ++s)
    {
        if (std::optional<Time> t = knowledge.KnewAll(s, joined); t && joined.count(s))
        {
            knowsAll[s] = t->GetSeconds();
            knowsLag[s] = knowsAll[s] - joins[s];
        }
        if (std::optional<ProbeSample> d = designated[s]->FirstOnPath(true))
        {
            roWorks[s] = d->at.GetSeconds();
            roLag[s] = roWorks[s] - joins[s];
        }
        rec.AddRow("convergence.csv",
                   {ScenarioRecorder::MobileRouterName(s), joins[s], knowsAll[s], roWorks[s]});
    }

    // ---- metrics
    double lastJoin = Max(joins);
    double allKnowAll = CountNaN(knowsAll) > 0 ? NOT_A_NUMBER : Max(knowsAll);
    rec.SetMetric("routers_joined", joined.size());
    rec.SetMetric("last_join_s", lastJoin);
    rec.SetMetric("knows_all_after_join_mean_s", Mean(knowsLag));
    rec.SetMetric("knows_all_after_join_median_s", Quantile(knowsLag, 0.5));
    rec.SetMetric("knows_all_after_join_max_s", Max(knowsLag));
    rec.SetMetric("knows_all_never", CountNaN(knowsAll));
    rec.SetMetric("all_know_all_s", allKnowAll);
    rec.SetMetric("all_know_all_after_last_join_s", allKnowAll - lastJoin);
    rec.SetMetric("ro_works_after_join_mean_s", Mean(roLag));
    rec.SetMetric("ro_works_after_join_median_s", Quantile(roLag, 0.5));
    rec.SetMetric("ro_works_after_join_max_s", Max(roLag));
    rec.SetMetric("ro_works_never", CountNaN(roWorks));
    std::vector<double> roAfterBoth(sites, NOT_A_NUMBER); // from when both ends had joined
    for (uint32_t s = 0; s < sites; ++s)
    {
        roAfterBoth[s] = roWorks[s] - std::max(joins[s], joins[(s + 1) % sites]);
    }
    rec.SetMetric("ro_works_after_pair_joined_mean_s", Mean(roAfterBoth));
    rec.SetMetric("ro_works_after_pair_joined_max_s", Max(roAfterBoth));
    // A correspondent router refuses a router its HA never advertised to it (RFC 6521
    // section 3.3.3, reading A8), so route optimization can work only once each end of the
    // pair knows the other from a Registration Reply: split the wait into that part (the
    // re-registration cadence, or solicitation) and the protocol's own part after it.
    std::vector<double> knowEachOther(sites, NOT_A_NUMBER); // after the pair joined
    std::vector<double> roAfterKnown(sites, NOT_A_NUMBER);
    for (uint32_t s = 0; s < sites; ++s)
    {
        uint32_t peer = (s + 1) % sites;
        std::optional<Time> sKnows = knowledge.KnewAll(s, {peer});
        std::optional<Time> peerKnows = knowledge.KnewAll(peer, {s});
        if (sKnows && peerKnows && joined.count(s) && joined.count(peer))
        {
            double both = std::max(sKnows->GetSeconds(), peerKnows->GetSeconds());
            knowEachOther[s] = both - std::max(joins[s], joins[peer]);
            roAfterKnown[s] = roWorks[s] - both;
        }
    }
    rec.SetMetric("pair_knows_each_other_after_pair_joined_mean_s", Mean(knowEachOther));
    rec.SetMetric("ro_works_after_pair_knows_each_other_mean_s", Mean(roAfterKnown));
    rec.SetMetric("ro_works_after_pair_knows_each_other_max_s", Max(roAfterKnown));
    // From the first datagram of the designated flow (via the HA) to the first direct one.
    std::vector<double> roSetup(sites, NOT_A_NUMBER);
    for (uint32_t s = 0; s < sites; ++s)
    {
        const std::vector<ProbeSample>& samples = designated[s]->GetSamples();
        if (!samples.empty() && !std::isnan(roWorks[s]))
        {
            roSetup[s] = roWorks[s] - samples.front().at.GetSeconds();
        }
    }
    rec.SetMetric("ro_setup_after_first_datagram_mean_s", Mean(roSetup));
    rec.SetMetric("ro_setup_after_first_datagram_max_s", Max(roSetup));
    rec.SetMetric("solicitations", rec.Count("", "solicit"));
    rec.SetMetric("solicited_requests", rec.Count("", "tx", "RRQ", "solicit="));
    rec.SetMetric("ro_rejected", rec.Count("", "ro-rejected"));
    rec.SetMetric("ro_setups", rec.GetSetups().size());
    rec.SetMetric("ha_requests", rec.Count("HA", "rx", "RRQ"));
    rec.SetMetric("ha_advertisements", network.homeAgent->GetAdvertisementCount());
    rec.SetMetric("ha_advertisement_bytes", network.homeAgent->GetAdvertisementOctets());
    uint64_t lost = 0;
    for (const Ptr<ProbeFlow>& f : designated)
    {
        lost += f->GetLost();
    }
    rec.SetMetric("designated_lost_packets", lost);
    if (change)
    {
        change->Report(rec, stop);
    }
    rec.Write();

    std::cout << "convergence: " << sites << " routers (" << lateJoins << " late at " << lateJoinAt
              << " s), lifetime " << lifetime << " s, solicit " << (solicit ? "on" : "off") << ", "
              << stop.GetSeconds() << " s simulated, results in " << outDir << "/\n"
              << "  knows every network, after joining: mean " << Mean(knowsLag) << " s, max "
              << Max(knowsLag) << " s (never: " << CountNaN(knowsAll) << ")\n"
              << "  whole network knows everything " << allKnowAll - lastJoin
              << " s after the last join\n"
              << "  RO to the designated peer works, after joining: mean " << Mean(roLag)
              << " s, max " << Max(roLag) << " s (never: " << CountNaN(roWorks) << ")\n"
              << "  after the pair joined: mean " << Mean(roAfterBoth)
              << " s = " << Mean(knowEachOther) << " s until both ends know each other + "
              << Mean(roAfterKnown) << " s of route optimization" << std::endl;
    bool ok = CountNaN(knowsAll) == 0;
    Simulator::Destroy();
    return ok ? 0 : 1;
}
