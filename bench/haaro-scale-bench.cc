/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * HAARO scale benchmark (issue 14): one Home Agent, N dual-homed Mobile Routers on 3
 * ISPs, route optimization on; the registrations are spread over [0, spread) and every
 * site sends one 100-octet datagram per second to one fixed, randomly chosen other site
 * (from trafficStart on, the sites one after another within 1 s).
 *
 * It prints one line: the wall and CPU time of the registration phase and of the whole
 * run, the peak RSS (getrusage), the simulator events, the Route Optimization Cache
 * entries over all routers at the end, the largest Prefix Advertisement, the Registration
 * Requests and Replies of the HA and the costs per router.
 *
 * With --out=DIR it also writes the registration storm as measured (issue 14 goal 2), from
 * trace sources and the packets on the HA's backend link, never from the configuration:
 *  - DIR/storm.csv: one row per bin (--bin) of simulated time (bin_end_s = its end):
 *    the IP octets of Registration Requests and Replies (UDP port 434, to or from the HA,
 *    every IP fragment) received and sent on the backend link, the requests and replies
 *    (HA traces), the IP fragments of replies sent, the requests the routers
 *    retransmitted (MrUplink trace Retransmission), the advertisements with their octets
 *    and the largest, the IP octets of route optimization signalling the HA relays (UDP
 *    port 434 inside IP in IP), the packets dropped on the backend link (queue discs and
 *    devices of both ends), the routers registered (at least one accepted reply) and the
 *    bindings registered so far, the routers whose cache routes every other site's
 *    prefix to its owner (sampled at the bin's end; latched: a router counts from the
 *    first bin end at which it did, even if its cache later loses a site), the prefixes
 *    in all caches (routed, without the home addresses' /32s), and per flow (site -> its
 *    peer) whether its datagrams went direct: delivered in the bin and none through the HA
 *    (3 router hops or more at the receiver); the last bin ends with the run;
 *  - DIR/summary.csv: one row: the parameters, then the metrics of haaro-scenario-storm's
 *    summary.json (StormRecorder::Metrics(), doc/results-format.md): the totals, the
 *    advertisement sizes (min, median, 90th percentile, max), the times until every
 *    router was registered, every binding was, every router knew every other site's
 *    prefix and every flow went direct (NaN: never within the run), the fraction of flows
 *    direct in the last bin, the datagrams sent, delivered and delivered once at least;
 *  - DIR/perf.csv: wall time, CPU time, peak RSS and the steady state (--steadyFrom to the
 *    end: CPU seconds, events and datagrams delivered, events and CPU microseconds per
 *    datagram, CPU microseconds per event);
 *  - DIR/events.csv (with --eventCensus): the events executed by kind (the class and
 *    signature of the function an event calls), most frequent first, with their share;
 *  - DIR/cpu.csv: per bin end the process' CPU seconds, the events executed and the
 *    datagrams delivered so far, and what the memory holds: the resident set (MiB), the
 *    entries of all Route Optimization Caches, the flows of all root queue discs (each
 *    ns-3 FqCoDel flow is a CoDel queue disc with its queue, about 4 KiB) and the packets
 *    waiting in them (read in the bin-end event: no event is added for them). perf.csv and
 *    cpu.csv differ from run to run (the counts of cpu.csv do not); storm.csv and
 *    summary.csv are byte-identical for the same parameters and --RngRun.
 *
 *   build/bench/haaro-scale-bench [--n=100] [--duration=300] [--out=DIR] [--RngRun=1] ...
 *
 * One N per process, so that the peak RSS is that run's.
 */
#include "bench-process.h"
#include "event-census-scheduler.h"
#include "process-census.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/haaro-scenario-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <vector>

using namespace ns3;
using haarobench::CpuSeconds;
using haarobench::PeakRssMiB;
using haarobench::Since;

using haarobench::ProcessCensus;

namespace
{

/// The command line: the storm and what the benchmark does around it.
struct StormOptions
{
    StormParams storm;               //!< the network and the bins
    bool limitBufferRecycling{true}; //!< PacketBufferRecycling::Limit() before the run
    double steadyFrom{-1};           //!< steady-state window from (s; <0: trafficStart + 5)
    bool eventCensus{false};         //!< count the events by kind (EventCensusScheduler)
    std::string out;                 //!< output directory ("" = none)
};

/**
 * Writes the events by kind (EventCensusScheduler), most frequent first: kind, events, share
 * of all events executed.
 * \param path the CSV file \param total the events executed (Simulator::GetEventCount)
 */
void
WriteEventCensus(const std::string& path, uint64_t total)
{
    std::vector<std::pair<uint64_t, std::string>> kinds;
    for (const auto& [kind, count] : EventCensusScheduler::GetCensus())
    {
        kinds.emplace_back(count, kind);
    }
    std::sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::ofstream csv(path);
    csv << "kind,events,share\n";
    for (const auto& [count, kind] : kinds)
    {
        char share[32];
        std::snprintf(share, sizeof(share), "%.4f", total > 0 ? double(count) / total : 0.0);
        csv << '"' << kind << "\"," << count << ',' << share << '\n';
    }
    std::printf("wrote %s (%zu kinds of event)\n", path.c_str(), kinds.size());
}

/// \param dir a directory to create (and its parents) \return false if it cannot be made
bool
MakeDirectories(const std::string& dir)
{
    for (std::size_t slash = dir.find('/', 1); true; slash = dir.find('/', slash + 1))
    {
        std::string part = dir.substr(0, slash);
        if (mkdir(part.c_str(), 0777) != 0 && errno != EEXIST)
        {
            return false;
        }
        if (slash == std::string::npos)
        {
            return true;
        }
    }
}

/**
 * Writes storm.csv (StormRecorder::StormCsv()) and summary.csv: the parameters, then the
 * metrics (StormRecorder::Metrics(), the names of haaro-scenario-storm's summary.json).
 * \param o the parameters \param recorder the storm as measured
 */
void
WriteStorm(const StormOptions& o, const StormRecorder& recorder)
{
    std::ofstream(o.out + "/storm.csv") << recorder.StormCsv();
    UintegerValue run;
    GlobalValue::GetValueByName("RngRun", run);
    std::ostringstream header;
    std::ostringstream values;
    header << "n,duration_s,spread_s,traffic_start_s,lifetime_s,max_advertisement_bytes,bin_s,"
              "rng_run";
    values << o.storm.n << ',' << ScenarioValue::FormatDouble(o.storm.duration) << ','
           << ScenarioValue::FormatDouble(o.storm.spread) << ','
           << ScenarioValue::FormatDouble(o.storm.trafficStart) << ',' << o.storm.lifetime << ','
           << o.storm.maxAdvertisement << ',' << ScenarioValue::FormatDouble(o.storm.bin) << ','
           << run.Get();
    for (const auto& [name, value] : recorder.Metrics())
    {
        header << ',' << name;
        values << ',' << value.ToCsv();
    }
    std::ofstream(o.out + "/summary.csv") << header.str() << '\n' << values.str() << '\n';
}

/// Runs one size, prints one line and, with --out, writes the CSV files.
void
RunOnce(const StormOptions& o)
{
    uint32_t n = o.storm.n;
    auto t0 = std::chrono::steady_clock::now();
    if (o.eventCensus)
    {
        // Before the first event is scheduled (the simulator is made then).
        GlobalValue::Bind("SchedulerType", TypeIdValue(EventCensusScheduler::GetTypeId()));
    }
    if (o.limitBufferRecycling)
    {
        PacketBufferRecycling::Limit();
    }
    StormNetwork storm(o.storm);
    const NemoNetwork& network = storm.GetNetwork();
    StormRecorder recorder(storm);
    storm.InstallTraffic(MakeCallback(&StormRecorder::OnReceive, &recorder));
    recorder.Start();
    ProcessCensus census(storm, recorder);
    double build = Since(t0);

    auto t1 = std::chrono::steady_clock::now();
    double phase = std::min(std::max(o.storm.spread, 0.0), o.storm.duration);
    double registration = 0;
    storm.Run([&registration, t1]() { registration = Since(t1); });
    double run = Since(t1);
    uint64_t events = Simulator::GetEventCount();
    uint64_t rocEntries = 0;
    for (const Ptr<MobileRouter>& mr : network.mobileRouters)
    {
        if (Ptr<RouteOptimizer> ro = mr->GetRouteOptimizer())
        {
            rocEntries += ro->GetCache().GetSize();
        }
    }
    double rss = PeakRssMiB();
    double cpu = CpuSeconds();
    StormBin total = recorder.GetTotal();
    auto [largest, largestRouters] = recorder.GetLargest();
    std::printf("N %u: build %.2f s, registration phase (to t=%g s) %.2f s, simulate %g s in "
                "%.2f s wall (CPU %.2f s), %lu events (%.0f/s), %lu datagrams delivered, peak RSS "
                "%.1f MiB; ROC entries %lu; "
                "HA requests %lu, replies %lu, advertisements %lu (%.1f MB), largest %u octets "
                "(%u routers); per router: %.2f ms wall, %.1f KiB RSS\n",
                n,
                build,
                phase,
                registration,
                o.storm.duration,
                run,
                cpu,
                static_cast<unsigned long>(events),
                events / run,
                static_cast<unsigned long>(recorder.GetDelivered()),
                rss,
                static_cast<unsigned long>(rocEntries),
                static_cast<unsigned long>(total.requests),
                static_cast<unsigned long>(total.replies),
                static_cast<unsigned long>(total.advertisements),
                total.advOctets / 1e6,
                largest,
                largestRouters,
                1e3 * (build + run) / n,
                rss * 1024 / n);
    auto [stateAt, state] = census.GetLargestState();
    std::printf("largest resident set at a bin end: %.1f MiB at t=%g s, holding %lu ROC entries, "
                "%lu queue disc flows, %lu packets in queue discs\n",
                state.rssMiB,
                stateAt,
                static_cast<unsigned long>(state.rocEntries),
                static_cast<unsigned long>(state.queueDiscFlows),
                static_cast<unsigned long>(state.queuedPackets));
    // The simulator's own work per datagram once the storm is over (the window's CPU time
    // read at bin ends: no event is added for it).
    double steadyFrom = o.steadyFrom >= 0 ? o.steadyFrom : o.storm.trafficStart + 5;
    ProcessCensus::Work w = census.GetWork(steadyFrom);
    double usPerDatagram = w.datagrams > 0 ? 1e6 * w.cpu / w.datagrams : 0;
    double eventsPerDatagram = w.datagrams > 0 ? double(w.events) / w.datagrams : 0;
    double usPerEvent = w.events > 0 ? 1e6 * w.cpu / w.events : 0;
    if (w.events > 0)
    {
        std::printf("steady state %g-%g s: %.2f CPU s, %lu events, %lu datagrams delivered: "
                    "%.1f events and %.1f CPU us per datagram, %.2f CPU us per event\n",
                    w.from,
                    w.to,
                    w.cpu,
                    static_cast<unsigned long>(w.events),
                    static_cast<unsigned long>(w.datagrams),
                    eventsPerDatagram,
                    usPerDatagram,
                    usPerEvent);
    }
    std::fflush(stdout);
    if (!o.out.empty())
    {
        NS_ABORT_MSG_UNLESS(MakeDirectories(o.out), "cannot create " << o.out);
        WriteStorm(o, recorder);
        std::ofstream perf(o.out + "/perf.csv");
        perf << "n,build_wall_s,registration_phase_wall_s,run_wall_s,cpu_s,peak_rss_mib,events,"
                "events_per_wall_s,steady_from_s,steady_to_s,steady_cpu_s,steady_events,"
                "steady_datagrams,steady_events_per_datagram,steady_cpu_us_per_datagram,"
                "steady_cpu_us_per_event\n";
        char line[512];
        std::snprintf(line,
                      sizeof(line),
                      "%u,%.3f,%.3f,%.3f,%.3f,%.1f,%lu,%.0f,%g,%g,%.3f,%lu,%lu,%.2f,%.2f,%.3f\n",
                      n,
                      build,
                      registration,
                      run,
                      cpu,
                      rss,
                      static_cast<unsigned long>(events),
                      events / run,
                      w.from,
                      w.to,
                      w.cpu,
                      static_cast<unsigned long>(w.events),
                      static_cast<unsigned long>(w.datagrams),
                      eventsPerDatagram,
                      usPerDatagram,
                      usPerEvent);
        perf << line;
        census.WriteCpu(o.out);
        std::printf("wrote %s/storm.csv, summary.csv, perf.csv, cpu.csv\n", o.out.c_str());
        if (o.eventCensus)
        {
            WriteEventCensus(o.out + "/events.csv", events);
        }
    }
    Simulator::Destroy();
}

} // namespace

int
main(int argc, char* argv[])
{
    StormOptions o;
    CommandLine cmd(__FILE__);
    cmd.Usage("HAARO at operator scale: 1 HA, N dual-homed routers, the registration storm "
              "measured (wall, CPU, RSS; with --out: storm.csv per bin, summary.csv, perf.csv).");
    o.storm.Declare([&cmd](const std::string& name, const std::string& help, auto& value) {
        cmd.AddValue(name, help, value);
    });
    cmd.AddValue("limitBufferRecycling",
                 "keep ns-3's packet buffer free list from giving freed 65 KB replies' blocks "
                 "to small packets (PacketBufferRecycling; the same simulation either way)",
                 o.limitBufferRecycling);
    cmd.AddValue("directReceive",
                 "the ISP routers' point-to-point devices hand IPv4 packets straight to IP "
                 "(VirtualOperatorTopologyHelper::SetDirectReceive; the same simulation either "
                 "way, false is ns-3's O(devices) handler scans per packet)",
                 o.storm.directReceive);
    cmd.AddValue("steadyFrom",
                 "the steady state (per-datagram CPU and events) is measured from the first "
                 "bin end at or after this time to the end [s] (default: trafficStart + 5)",
                 o.steadyFrom);
    cmd.AddValue("eventCensus",
                 "count the events by kind (EventCensusScheduler, ns-3's MapScheduler counting: "
                 "the same simulation) and write events.csv with --out",
                 o.eventCensus);
    cmd.AddValue("out", "directory for storm.csv, summary.csv and perf.csv (none if empty)", o.out);
    cmd.Parse(argc, argv);
    o.storm.Check();
    RunOnce(o);
    return 0;
}
