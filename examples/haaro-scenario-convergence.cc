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
 * The model cannot add a mobile network to a running router (MobileRouter takes its
 * prefixes before it starts), so "prefixes change" is played by the late joins.
 *
 *   ./haaro run haaro-scenario-convergence [--sites=10] [--isps=3] [--uplinks=1]
 *        [--lifetime=60] [--solicit=true] [--joinWindow=20] [--lateJoins=2]
 *        [--lateJoinAt=60] [--uplinkDelay=10] [--interval=100] [--packetSize=100]
 *        [--duration=0 (auto: last join + 2 lifetimes + 10 s)] [--pcap=false]
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
    options.Parse(argc, argv);
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
    Time stop = duration > 0 ? Seconds(duration) : lastStart + Seconds(2.0 * lifetime + 10);
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
