/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef SCENARIO_RECORDER_H
#define SCENARIO_RECORDER_H

#include "nemo-network-helper.h"
#include "probe-flow.h"
#include "virtual-operator-topology-helper.h"

#include "ns3/home-agent.h"
#include "ns3/mobile-router.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/ro-peer-event.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief A typed value of summary.json or of a scenario table: string, double, integer or
 * boolean. Doubles print with %.9g (NaN and infinities as NaN, Infinity, -Infinity, which
 * Python's json and csv modules read), so two runs compare byte for byte.
 */
class ScenarioValue
{
  public:
    /// Kind of value.
    enum Kind
    {
        STRING, //!< a string
        DOUBLE, //!< a double
        INT,    //!< a 64-bit integer
        BOOL,   //!< a boolean
    };

    /// \param v a string
    ScenarioValue(const std::string& v);
    /// \param v a string
    ScenarioValue(const char* v);
    /// \param v a double
    ScenarioValue(double v);
    /// \param v a boolean
    ScenarioValue(bool v);

    /// \param v an integer (any integral type but bool)
    template <typename T,
              typename = std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>>
    ScenarioValue(T v)
        : m_kind(INT),
          m_int(static_cast<int64_t>(v))
    {
    }

    /// \return the kind
    Kind GetKind() const;
    /// \return the value as a JSON token (strings quoted and escaped)
    std::string ToJson() const;
    /// \return the value as a CSV field (strings without commas, quotes or newlines)
    std::string ToCsv() const;

    /// \param v a double \return it printed with %.9g (NaN, Infinity, -Infinity)
    static std::string FormatDouble(double v);

  private:
    Kind m_kind{STRING};  //!< kind
    std::string m_string; //!< STRING value
    double m_double{0};   //!< DOUBLE value
    int64_t m_int{0};     //!< INT value
    bool m_bool{false};   //!< BOOL value
};

/**
 * \ingroup haaro
 * \brief One row of events.csv.
 */
struct ScenarioEvent
{
    Time at;             //!< simulation time
    std::string node;    //!< node name
    std::string event;   //!< tx, rx or the state change
    std::string message; //!< message name, empty for state changes
    std::string src;     //!< source (name or dotted address)
    std::string dst;     //!< destination (name or dotted address)
    std::string detail;  //!< `;` separated key=value, no commas
};

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
 */
class ScenarioRecorder
{
  public:
    /// Data forwarded by the Home Agent for one site pair in a time window.
    struct HaLoad
    {
        uint64_t packets{0}; //!< data packets the HA sent into tunnels
        uint64_t bytes{0};   //!< their octets on the wire (outer IPv4 header included)
    };

    /// A completed route optimization (RouteOptimizer Setup trace).
    struct SetupRecord
    {
        Time at;          //!< when
        std::string node; //!< the mobile router (MR role)
        std::string peer; //!< the correspondent router
        Time latency;     //!< trigger to usable direct tunnel, as the model measured it
    };

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
    /// A named node.
    struct NamedNode
    {
        Ptr<Node> node;   //!< the node
        std::string name; //!< its name
        std::string kind; //!< ha, mr, host, router, nat
    };

    /// What was learned from advertisements at one router.
    struct Learned
    {
        std::vector<std::string> routers;      //!< in first-advertised order
        std::set<std::string> prefixes;        //!< distinct prefixes (dotted/len)
        std::vector<std::string> firstRouters; //!< advertised in the first accepting reply
        uint32_t firstPrefixes{0};             //!< prefixes advertised in it
        bool registered{false};                //!< an accepting reply arrived
    };

    /**
     * \brief Runs `connect` once the application has started (its trace sources that
     * StartApplication creates exist then); retries at the start time if called early.
     * \param app the application \param connect returns false while not ready
     * \param attempts attempts left
     */
    void WhenStarted(Ptr<Application> app, std::function<bool()> connect, int attempts = 4);
    /// \param address an address \return the kind of the node owning it ("" if unknown)
    std::string KindOf(Ipv4Address address) const;
    /// \param text free text \return it with commas and line breaks replaced by spaces
    static std::string Clean(const std::string& text);
    /// \param t a time \return seconds with 9 decimals, from integer nanoseconds
    static std::string FormatTime(Time t);

    // Trace sinks: the leading std::string arguments are bound when connecting (the
    // watched object's name and, for bindings, what happened).

    /// HomeAgent RequestReceived.
    void OnHaRequest(std::string ha, const MipRegistrationRequest& rrq, Ipv4Address from);
    /// HomeAgent ReplySent.
    void OnHaReply(std::string ha, const MipRegistrationReply& reply, Ipv4Address to);
    /// HomeAgent Drop.
    void OnHaDrop(std::string ha, Ptr<const Packet> p, Ipv4Address from);
    /// HaBindingTable BindingAdded, BindingDeregistered, BindingExpired, BindingReplaced.
    void OnHaBinding(std::string ha,
                     std::string what,
                     Ipv4Address homeAddress,
                     Ipv4Address careOf,
                     uint16_t lifetime);
    /// Ipv4L3Protocol Tx and Rx of the HA node: messages between routers it forwards.
    void OnHaWire(std::string ha,
                  HomeAgent* agent,
                  bool tx,
                  Ptr<const Packet> p,
                  Ptr<Ipv4> ipv4,
                  uint32_t interface);
    /// The HA's MipTunnelManager Tx: data it forwards (GetHaLoad()).
    void OnHaTunnelTx(std::string ha, Ptr<const Packet> p, Ptr<const MipTunnel> tunnel);
    /// MobileRouter RequestSent.
    void OnMrRequest(std::string mr, const MipRegistrationRequest& rrq, Ipv4Address careOf);
    /// MobileRouter ReplyReceived (and the advertisement in it).
    void OnMrReply(std::string mr, const MipRegistrationReply& reply, Ipv4Address careOf);
    /// MobileRouter UplinkState.
    void OnMrUplinkState(std::string mr,
                         Ipv4Address careOf,
                         MrUplinkState oldState,
                         MrUplinkState newState,
                         const std::string& reason);
    /// MobileRouter Failover.
    void OnMrFailover(std::string mr, Ipv4Address from, Ipv4Address to);
    /// RouteOptimizer Message.
    void OnRoMessage(std::string mr,
                     Ipv4Address homeAddress,
                     const std::string& direction,
                     const std::string& message,
                     Ipv4Address src,
                     Ipv4Address dst);
    /// RouteOptimizer PeerEvent.
    void OnRoPeer(std::string mr, const RoPeerEventInfo& info);
    /// RouteOptimizer Setup.
    void OnRoSetup(std::string mr, Ipv4Address peer, Time latency);
    /// A mobile router's MipTunnelManager Tx (tx = true) and Rx: DATA rows.
    void OnDataPath(std::string mr,
                    Ipv4Address homeAgent,
                    Ipv4Address homeAddress,
                    bool tx,
                    Ptr<const Packet> p,
                    Ptr<const MipTunnel> tunnel);

    std::string m_scenario;                            //!< scenario name
    std::string m_outDir;                              //!< output directory
    std::map<std::string, ScenarioValue> m_params;     //!< parameters
    std::map<std::string, ScenarioValue> m_metrics;    //!< metrics
    std::vector<NamedNode> m_nodes;                    //!< in naming order
    std::map<uint32_t, size_t> m_nodeIndex;            //!< node id -> m_nodes index
    std::map<uint32_t, std::string> m_addressNames;    //!< address -> name
    std::map<uint32_t, std::string> m_addressKinds;    //!< address -> kind
    std::vector<ScenarioEvent> m_events;               //!< events.csv rows
    std::vector<Ptr<ProbeFlow>> m_probes;              //!< samples.csv flows
    std::map<std::string, Learned> m_learned;          //!< per mobile router
    std::vector<SetupRecord> m_setups;                 //!< RO setups
    std::map<std::string, Ipv4Address> m_activeUplink; //!< per mobile router
    std::map<std::string, std::string> m_lastDataPath; //!< "node|dir|src|dst" -> path
    std::map<std::string, std::string> m_uplinkStates; //!< "mr|coa" -> last state
    /// "src|dst" -> (time, outer octets) of data the HA forwarded
    std::map<std::string, std::vector<std::pair<Time, uint32_t>>> m_haLoad;
    std::vector<std::string> m_tableOrder;                                      //!< tables in order
    std::map<std::string, std::vector<std::string>> m_tableHeaders;             //!< per table
    std::map<std::string, std::vector<std::vector<ScenarioValue>>> m_tableRows; //!< rows
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
