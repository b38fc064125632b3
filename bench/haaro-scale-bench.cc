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
 *    peer) whether its datagrams went direct: delivered in the bin and none
 *    reverse-tunnelled to the HA;
 *  - DIR/summary.csv: one row: the parameters, the totals, the advertisement sizes (min,
 *    median, 90th percentile, max), the times until every router was registered, every
 *    binding was, every router knew every other site's prefix and every flow went direct
 *    (empty: never within the run), the fraction of flows direct in the last bin;
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
#include "scale-storm-recorder.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <vector>

using namespace ns3;
using haarobench::CpuSeconds;
using haarobench::PeakRssMiB;
using haarobench::Since;

using haarobench::SINK_PORT;
using haarobench::StormOptions;
using haarobench::StormRecorder;

namespace
{

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

/// Runs one size, prints one line and, with --out, writes the CSV files.
void
RunOnce(const StormOptions& o)
{
    uint32_t n = o.n;
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
    VirtualOperatorTopologyHelper topologyHelper;
    topologyHelper.SetNumIsps(3);
    topologyHelper.SetDirectReceive(o.directReceive);
    topologyHelper.AddSites(n, 2);
    VirtualOperatorTopology topology = topologyHelper.Build();
    NemoNetworkHelper nemo;
    nemo.SetHomeAgentAttribute("HaaroEnabled", BooleanValue(true));
    nemo.SetHomeAgentAttribute("MaxAdvertisementSize", UintegerValue(o.maxAdvertisement));
    nemo.SetHomeAgentAttribute("MaxLifetime", UintegerValue(o.lifetime));
    nemo.SetMobileRouterAttribute("Lifetime", UintegerValue(o.lifetime));
    nemo.SetMobileRouterAttribute("RouteOptimization", BooleanValue(true));
    NemoNetwork network = nemo.Install(topology);
    StormRecorder recorder(o, topology, network);
    Ptr<UniformRandomVariable> peers = CreateObject<UniformRandomVariable>();
    peers->SetStream(14);
    for (uint32_t i = 0; i < n; ++i)
    {
        // Registrations spread over [0, spread).
        network.mobileRouters[i]->SetStartTime(MicroSeconds(uint64_t(o.spread * 1e6) * i / n));
        Ptr<Socket> sink =
            Socket::CreateSocket(topology.sites[i].hosts.Get(0), UdpSocketFactory::GetTypeId());
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), SINK_PORT));
        sink->SetRecvCallback(MakeCallback(&StormRecorder::OnReceive, &recorder));
        // One fixed random other site.
        uint32_t peer = (i + 1 + peers->GetInteger(0, n - 2)) % n;
        UdpClientHelper client(topology.sites[peer].hostAddresses[0], SINK_PORT);
        client.SetAttribute("Interval", TimeValue(Seconds(1)));
        client.SetAttribute("MaxPackets", UintegerValue(1000000));
        client.SetAttribute("PacketSize", UintegerValue(100));
        ApplicationContainer app = client.Install(topology.sites[i].hosts.Get(0));
        app.Start(Seconds(o.trafficStart) + MicroSeconds(1000000ull * i / n));
        app.Stop(Seconds(o.duration));
    }
    recorder.Start();
    double build = Since(t0);

    auto t1 = std::chrono::steady_clock::now();
    double phase = std::min(std::max(o.spread, 0.0), o.duration);
    Simulator::Stop(Seconds(phase));
    Simulator::Run();
    double registration = Since(t1);
    Simulator::Stop(Seconds(o.duration - phase));
    Simulator::Run();
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
    haarobench::StormBin total = recorder.GetTotal();
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
                o.duration,
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
    auto [stateAt, state] = recorder.GetLargestState();
    std::printf("largest resident set at a bin end: %.1f MiB at t=%g s, holding %lu ROC entries, "
                "%lu queue disc flows, %lu packets in queue discs\n",
                state.rssMiB,
                stateAt,
                static_cast<unsigned long>(state.rocEntries),
                static_cast<unsigned long>(state.queueDiscFlows),
                static_cast<unsigned long>(state.queuedPackets));
    // The simulator's own work per datagram once the storm is over (the window's CPU time
    // read at bin ends: no event is added for it).
    double steadyFrom = o.steadyFrom >= 0 ? o.steadyFrom : o.trafficStart + 5;
    StormRecorder::Work w = recorder.GetWork(steadyFrom);
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
        recorder.Write(o.out);
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
        recorder.WriteCpu(o.out);
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
    cmd.AddValue("n", "number of Mobile Routers", o.n);
    cmd.AddValue("duration", "simulated time [s] (at least 1)", o.duration);
    cmd.AddValue("spread", "registrations start one after another over this time [s]", o.spread);
    cmd.AddValue("trafficStart",
                 "the sites start sending at this time (within 1 s) [s]",
                 o.trafficStart);
    cmd.AddValue("lifetime",
                 "registration lifetime requested by the routers and granted by the HA [s]",
                 o.lifetime);
    cmd.AddValue("maxAdvertisementSize",
                 "HA MaxAdvertisementSize: largest Prefix Advertisement [octets]",
                 o.maxAdvertisement);
    cmd.AddValue("bin", "width of the time series' bins [s]", o.bin);
    cmd.AddValue("limitBufferRecycling",
                 "keep ns-3's packet buffer free list from giving freed 65 KB replies' blocks "
                 "to small packets (PacketBufferRecycling; the same simulation either way)",
                 o.limitBufferRecycling);
    cmd.AddValue("directReceive",
                 "the ISP routers' point-to-point devices hand IPv4 packets straight to IP "
                 "(VirtualOperatorTopologyHelper::SetDirectReceive; the same simulation either "
                 "way, false is ns-3's O(devices) handler scans per packet)",
                 o.directReceive);
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
    NS_ABORT_MSG_IF(o.duration < 1, "--duration must be at least 1 s");
    NS_ABORT_MSG_IF(o.n < 2, "--n must be at least 2");
    NS_ABORT_MSG_IF(o.bin <= 0, "--bin must be positive");
    NS_ABORT_MSG_IF(o.spread < 0, "--spread must not be negative");
    NS_ABORT_MSG_IF(o.lifetime < 1 || o.lifetime > 65535, "--lifetime: 1 to 65535 s");
    RunOnce(o);
    return 0;
}
