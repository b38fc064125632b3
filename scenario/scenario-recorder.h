/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef SCENARIO_RECORDER_H
#define SCENARIO_RECORDER_H

#include "probe-flow.h"
#include "scenario-event-log.h"
#include "scenario-node-names.h"
#include "scenario-results-writer.h"
#include "scenario-trace-connector.h"
#include "scenario-value.h"

#include "ns3/home-agent.h"
#include "ns3/mobile-router.h"
#include "ns3/nemo-network-helper.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/virtual-operator-topology-helper.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Records one scenario run and writes the files of the results contract
 * (doc/results-format.md): summary.json, events.csv, topology.json, samples.csv and
 * scenario tables, into one output directory.
 *
 * - <b>Parameters and metrics</b> are typed (ScenarioValue), kept sorted by key and
 *   printed with %.9g; RngRun and RngSeed are added to the parameters when the files are
 *   written.
 * - <b>Names</b>: nodes get scenario names (HA, MR-A, NODE-A, ISP-1, ...) and a kind (ha,
 *   mr, host, router, nat); every IPv4 address of a named node (and any address added
 *   with AddAddress(), e.g. home addresses) prints as the node's name in events.csv.
 *   AddTopology() names a whole VirtualOperatorTopology.
 * - <b>Events</b>: Event() adds a row at the current simulation time; the Watch*()
 *   methods connect the model's trace sources and turn them into rows (see
 *   doc/results-format.md for the event names). Rows stay in emission order, which is
 *   time order.
 * - <b>Samples</b>: AddProbe() registers a ProbeFlow whose arrivals become samples.csv.
 *
 * Output is deterministic: no wall-clock time, no pointer values, stable order, times
 * printed from integer nanoseconds.
 *
 * The trace sources keep plain pointers to the recorder: it must outlive Simulator::Run()
 * (create it in main() before the simulation, call Write() after it).
 *
 * The recorder is a facade over four parts: ScenarioNodeNames (names), ScenarioEventLog
 * (events.csv rows and queries), ScenarioTraceConnector (trace sources to rows) and
 * ScenarioResultsWriter (the files).
 */
class ScenarioRecorder
{
  public:
    /// Data forwarded by the Home Agent for one site pair in a time window.
    using HaLoad = ScenarioTraceConnector::HaLoad;
    /// A completed route optimization (RouteOptimizer Setup trace).
    using SetupRecord = ScenarioTraceConnector::SetupRecord;

    /**
     * \param scenario scenario name (summary.json "scenario")
     * \param outDir output directory (created when the files are written, or by
     *        EnablePcap())
     */
    ScenarioRecorder(const std::string& scenario, const std::string& outDir);
    ~ScenarioRecorder();

    ScenarioRecorder(const ScenarioRecorder&) = delete;
    ScenarioRecorder& operator=(const ScenarioRecorder&) = delete;

    /// \return the output directory
    const std::string& GetOutDir() const;

    /// \param key parameter name \param value its value (replaces an earlier one)
    void SetParam(const std::string& key, const ScenarioValue& value);
    /// \param key metric name (SI unit suffix) \param value its value
    void SetMetric(const std::string& key, const ScenarioValue& value);

    // ---------------------------------------------------------------- names

    /**
     * \brief Names a node and all its current IPv4 addresses.
     * \param node the node \param name its scenario name
     * \param kind ha, mr, host, router or nat
     */
    void AddNode(Ptr<Node> node, const std::string& name, const std::string& kind);
    /// \param address an address (e.g. a home address) \param name the name to print
    void AddAddress(Ipv4Address address, const std::string& name);
    /**
     * \brief Names every node and address of a virtual-operator topology: HA, PEERING,
     * ISP-1..ISP-K, MR-A, MR-B, ... (home addresses too), NODE-A, NODE-A2, ... (hosts).
     * \param topology the built topology
     */
    void AddTopology(const VirtualOperatorTopology& topology);
    /// \param address an address \return its name, or the dotted address
    std::string NameOf(Ipv4Address address) const;
    /// \param node a node \return its name, or "node-<id>"
    std::string NameOf(Ptr<Node> node) const;
    /// \param site a site index \return its letter(s): A..Z, AA, AB, ...
    static std::string SiteLetter(uint32_t site);
    /// \param site a site index \return "MR-" + SiteLetter(site)
    static std::string MobileRouterName(uint32_t site);
    /// \param site a site index \param host host index \return NODE-A, NODE-A2, NODE-A3...
    static std::string HostName(uint32_t site, uint32_t host = 0);

    // ---------------------------------------------------------------- events

    /**
     * \brief Adds a row to events.csv at the current simulation time.
     * \param node node name \param event tx, rx or a state change
     * \param message message name (empty for state changes)
     * \param src source \param dst destination
     * \param detail `;` separated key=value (commas are replaced by spaces)
     */
    void Event(const std::string& node,
               const std::string& event,
               const std::string& message = "",
               const std::string& src = "",
               const std::string& dst = "",
               const std::string& detail = "");

    /**
     * \brief Records a Home Agent: registrations (rx RRQ, tx RRP with the advertised
     * routers), bindings (tunnel-up / tunnel-down), drops, and, from the packets on its
     * interfaces, every RRQ, RRP, HoTI, CoTI, HoT and CoT it forwards between mobile
     * routers (leg=tunnel when the packet is inside a Mobile IP tunnel, leg=direct
     * otherwise). Counts the data it forwards per site pair (GetHaLoad()).
     * \param ha the Home Agent \param name its name (usually "HA")
     */
    void Watch(Ptr<HomeAgent> ha, const std::string& name);
    /**
     * \brief Records a mobile router: registrations with the Home Agent (tx RRQ, rx RRP,
     * advertisement), uplink states (registered, uplink-down, uplink-up), failover, and,
     * when route optimization is on, its RouteOptimizer (messages and peer events; rr-done,
     * ro-accepted, ro-rejected, tunnel-up, fallback, coa-change, ro-setup...). Trace
     * sources created when the application starts are connected then.
     * \param mr the mobile router \param name its name
     */
    void Watch(Ptr<MobileRouter> mr, const std::string& name);
    /**
     * \brief Detects, at a mobile router's tunnel layer, the first data packet of each
     * site pair on each path: an event row (tx or rx, message DATA, detail via-ha or
     * direct) whenever the path of a (direction, source, destination) changes, i.e. the
     * first packet via the HA, the first on the direct tunnel, the first via the HA again
     * after a fallback... A path is one tunnel: a direct tunnel retargeted to another
     * care-of address, or the HA tunnel of another uplink, is a new path as well.
     * \param mr the mobile router \param name its name
     */
    void WatchDataPath(Ptr<MobileRouter> mr, const std::string& name);
    /**
     * \brief Watch() of the Home Agent as "HA", then Watch() and WatchDataPath() of each
     * mobile router, named MobileRouterName() of its site. Set the routers' start times
     * first (see Watch()).
     * \param network a NEMO network
     */
    void Watch(const NemoNetwork& network);
    /// \param flow a probe flow whose samples go into samples.csv
    void AddProbe(Ptr<ProbeFlow> flow);

    // ---------------------------------------------------------------- queries

    /// \return the rows recorded so far
    const std::vector<ScenarioEvent>& GetEvents() const;
    /**
     * \param node node name ("" for any) \param event event ("" for any)
     * \param message message ("" for any) \param detail substring of detail ("" for any)
     * \param after earliest time \param dst destination ("" for any)
     * \return the first matching row
     */
    std::optional<ScenarioEvent> FindFirst(const std::string& node,
                                           const std::string& event,
                                           const std::string& message = "",
                                           const std::string& detail = "",
                                           Time after = Time(0),
                                           const std::string& dst = "") const;
    /**
     * \param node as for FindFirst() \param event as for FindFirst()
     * \param message as for FindFirst() \param detail as for FindFirst()
     * \param after as for FindFirst() \param dst as for FindFirst()
     * \return the number of matching rows
     */
    uint64_t Count(const std::string& node,
                   const std::string& event,
                   const std::string& message = "",
                   const std::string& detail = "",
                   Time after = Time(0),
                   const std::string& dst = "") const;
    /**
     * \param src source name \param dst destination name \param from window start
     * \param to window end (exclusive)
     * \return data the watched Home Agent forwarded from src to dst in the window
     */
    HaLoad GetHaLoad(const std::string& src,
                     const std::string& dst,
                     Time from = Time(0),
                     Time to = Time::Max()) const;
    /// \return completed route optimizations, in order
    const std::vector<SetupRecord>& GetSetups() const;
    /**
     * \param mr a watched mobile router's name
     * \return the names of the routers it was told about in Prefix Advertisements (in
     * first-advertised order), and the number of distinct prefixes
     */
    std::pair<std::vector<std::string>, uint32_t> GetLearned(const std::string& mr) const;
    /**
     * \param mr a watched mobile router's name
     * \return what the Home Agent's reply to its first successful registration advertised
     * (nothing if that reply had no advertisement)
     */
    std::pair<std::vector<std::string>, uint32_t> GetFirstLearned(const std::string& mr) const;

    // ---------------------------------------------------------------- output

    /**
     * \brief Declares a scenario table (e.g. failover.csv).
     * \param file file name in the output directory \param header its column names
     */
    void AddTable(const std::string& file, const std::vector<std::string>& header);
    /// \param file a declared table \param row one value per column
    void AddRow(const std::string& file, const std::vector<ScenarioValue>& row);
    /**
     * \brief Writes `<outDir>/<node>-<interface>.pcap` for a point-to-point or CSMA
     * device (promiscuous). Call before Simulator::Run().
     * \param device the device
     */
    void EnablePcap(Ptr<NetDevice> device);

    /// \brief Writes summary.json, events.csv, topology.json, samples.csv (if there are
    /// probes) and the tables into the output directory (created if needed).
    void Write() const;

    /// \return the summary.json text
    std::string SummaryJson() const;
    /// \return the events.csv text
    std::string EventsCsv() const;
    /// \return the topology.json text (the named nodes and the links between them)
    std::string TopologyJson() const;
    /// \return the samples.csv text
    std::string SamplesCsv() const;

  private:
    ScenarioNodeNames m_names;       //!< node and address names
    ScenarioEventLog m_log;          //!< events.csv rows
    ScenarioTraceConnector m_traces; //!< trace sources to rows
    ScenarioResultsWriter m_writer;  //!< the output files
};

/**
 * \ingroup haaro
 * \brief Fills the ARP caches of every site LAN (mobile router and hosts) with permanent
 * entries, so that no datagram waits for ARP. ns-3's ARP delays each request by a random
 * 0-10 ms (ArpL3Protocol::RequestJitter): the only protocol timing that --RngRun would
 * change in the scenario programs. (NeighborCacheHelper's whole-network variant needs IPv6
 * on every node, which the virtual-operator topology does not install.)
 * \param topology a built virtual-operator topology
 */
void PopulateSiteArpCaches(const VirtualOperatorTopology& topology);

} // namespace ns3

#endif /* SCENARIO_RECORDER_H */
