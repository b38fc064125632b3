/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef SCENARIO_RECORDER_H
#define SCENARIO_RECORDER_H

#include "capture-record.h"
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
 * The recorder is a facade over five parts: ScenarioNodeNames (names), ScenarioEventLog
 * (events.csv rows and queries), ScenarioTraceConnector (trace sources to rows),
 * ScenarioResultsWriter (the files) and, once a capture is enabled, CaptureRecord (what was
 * sent into the captures: pcap-sent.csv, pcap-advertised.csv).
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
     * ScenarioEventLog::Event(): a row of events.csv at the current simulation time
     * \param node node \param event event \param message message \param src source
     * \param dst destination \param detail `;` separated key=value
     */
    void Event(const std::string& node,
               const std::string& event,
               const std::string& message = "",
               const std::string& src = "",
               const std::string& dst = "",
               const std::string& detail = "");

    /// ScenarioTraceConnector::Watch(Ptr<HomeAgent>, const std::string&)
    /// \param ha the Home Agent \param name its name (usually "HA")
    void Watch(Ptr<HomeAgent> ha, const std::string& name);
    /// ScenarioTraceConnector::Watch(Ptr<MobileRouter>, const std::string&)
    /// \param mr the mobile router \param name its name
    void Watch(Ptr<MobileRouter> mr, const std::string& name);
    /// ScenarioTraceConnector::WatchDataPath()
    /// \param mr the mobile router \param name its name
    void WatchDataPath(Ptr<MobileRouter> mr, const std::string& name);
    /// ScenarioTraceConnector::Watch(const NemoNetwork&)
    /// \param network a NEMO network
    void Watch(const NemoNetwork& network);
    /// \param flow a probe flow whose samples go into samples.csv
    void AddProbe(Ptr<ProbeFlow> flow);
    /// ScenarioResultsWriter::AddSamples() \param flow its name \param samples they
    void AddSamples(const std::string& flow, const std::vector<ProbeSample>& samples);
    /// Not for a temporary: the writer keeps a pointer to the samples.
    void AddSamples(const std::string& flow, std::vector<ProbeSample>&& samples) = delete;

    // ---------------------------------------------------------------- queries

    /// \return the rows recorded so far
    const std::vector<ScenarioEvent>& GetEvents() const;
    /**
     * ScenarioEventLog::FindFirst()
     * \param node node \param event event \param message message \param detail detail
     * \param after earliest time \param dst destination \return the first matching row
     */
    std::optional<ScenarioEvent> FindFirst(const std::string& node,
                                           const std::string& event,
                                           const std::string& message = "",
                                           const std::string& detail = "",
                                           Time after = Time(0),
                                           const std::string& dst = "") const;
    /**
     * ScenarioEventLog::Count()
     * \param node node \param event event \param message message \param detail detail
     * \param after earliest time \param dst destination \return the number of matching rows
     */
    uint64_t Count(const std::string& node,
                   const std::string& event,
                   const std::string& message = "",
                   const std::string& detail = "",
                   Time after = Time(0),
                   const std::string& dst = "") const;
    /// ScenarioTraceConnector::GetHaLoad()
    /// \param src source \param dst destination \param from start \param to end \return the load
    HaLoad GetHaLoad(const std::string& src,
                     const std::string& dst,
                     Time from = Time(0),
                     Time to = Time::Max()) const;
    /// \return completed route optimizations, in order
    const std::vector<SetupRecord>& GetSetups() const;
    /// ScenarioTraceConnector::GetLearned() \param mr a router's name \return what it learned
    std::pair<std::vector<std::string>, uint32_t> GetLearned(const std::string& mr) const;
    /// ScenarioTraceConnector::GetFirstLearned() \param mr a router's name
    /// \return what its first successful registration's reply advertised
    std::pair<std::vector<std::string>, uint32_t> GetFirstLearned(const std::string& mr) const;

    // ---------------------------------------------------------------- output

    /// ScenarioResultsWriter::AddTable() \param file file name \param header column names
    void AddTable(const std::string& file, const std::vector<std::string>& header);
    /// \param file a declared table \param row one value per column
    void AddRow(const std::string& file, const std::vector<ScenarioValue>& row);
    /**
     * \brief ScenarioResultsWriter::EnablePcap() (before Simulator::Run()), and the
     * CaptureRecord of what the device's node sends out of it.
     * \param device the device
     */
    void EnablePcap(Ptr<NetDevice> device);
    /**
     * \brief EnablePcap() for the Home Agent's device, every uplink of every mobile router
     * and the outside device of every NAT (the inside one is the router's uplink).
     * \param topology a built virtual-operator topology
     */
    void EnablePcap(const VirtualOperatorTopology& topology);

    /// ScenarioResultsWriter::Write() and CaptureRecord::Write(): all the files, into the
    /// output directory
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
    CaptureRecord m_capture;         //!< what was sent into the captures
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
