/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef SCENARIO_TRACE_CONNECTOR_H
#define SCENARIO_TRACE_CONNECTOR_H

#include "scenario-event-log.h"
#include "scenario-node-names.h"

#include "ns3/application.h"
#include "ns3/home-agent.h"
#include "ns3/ipv4.h"
#include "ns3/mobile-router.h"
#include "ns3/nemo-network-helper.h"
#include "ns3/nstime.h"
#include "ns3/ro-peer-event.h"

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Subscribes to the trace sources of Home Agents, mobile routers, their route
 * optimizers and tunnel layers, and turns what they report into rows of a
 * ScenarioEventLog (see doc/results-format.md for the event names), with the names of a
 * ScenarioNodeNames. Also keeps what the scenario programs ask afterwards: the data the
 * Home Agent forwarded per site pair, the completed route optimizations and what each
 * mobile router learned from Prefix Advertisements.
 *
 * The trace sources keep plain pointers to the connector: it must outlive
 * Simulator::Run().
 */
class ScenarioTraceConnector
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
     * \param names the names printed in the rows (read when a trace fires)
     * \param log where the rows go
     */
    ScenarioTraceConnector(const ScenarioNodeNames& names, ScenarioEventLog& log);

    ScenarioTraceConnector(const ScenarioTraceConnector&) = delete;
    ScenarioTraceConnector& operator=(const ScenarioTraceConnector&) = delete;

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
     * mobile router, named ScenarioNodeNames::MobileRouterName() of its site. Set the
     * routers' start times first (see Watch()).
     * \param network a NEMO network
     */
    void Watch(const NemoNetwork& network);

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

  private:
    /// What was learned from advertisements at one router.
    struct Learned
    {
        std::vector<std::string> routers;      //!< in first-advertised order
        std::set<std::string> prefixes;        //!< distinct prefixes (dotted/len)
        std::vector<std::string> firstRouters; //!< advertised in the first accepting reply
        uint32_t firstPrefixes{0};             //!< prefixes advertised in it
        bool registered{false};                //!< an accepting reply arrived
    };

    /// ScenarioEventLog::Event() of the log.
    void Event(const std::string& node,
               const std::string& event,
               const std::string& message = "",
               const std::string& src = "",
               const std::string& dst = "",
               const std::string& detail = "");
    /// \param address an address \return its name (ScenarioNodeNames::NameOf())
    std::string NameOf(Ipv4Address address) const;
    /// \param address an address \return its kind (ScenarioNodeNames::KindOf())
    std::string KindOf(Ipv4Address address) const;

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

    const ScenarioNodeNames& m_names;                  //!< names printed in the rows
    ScenarioEventLog& m_log;                           //!< where the rows go
    std::map<std::string, Learned> m_learned;          //!< per mobile router
    std::vector<SetupRecord> m_setups;                 //!< RO setups
    std::map<std::string, Ipv4Address> m_activeUplink; //!< per mobile router
    std::map<std::string, std::string> m_lastDataPath; //!< "node|dir|src|dst" -> path
    std::map<std::string, std::string> m_uplinkStates; //!< "mr|coa" -> last state
    /// "src|dst" -> (time, outer octets) of data the HA forwarded
    std::map<std::string, std::vector<std::pair<Time, uint32_t>>> m_haLoad;
};

/**
 * \ingroup haaro
 * \brief Runs `connect` once the application has started (its trace sources that
 * StartApplication creates exist then); retries at the start time if called early.
 * \param app the application \param connect returns false while not ready
 * \param attempts attempts left
 */
void ScenarioWhenStarted(Ptr<Application> app, std::function<bool()> connect, int attempts = 4);

} // namespace ns3

#endif /* SCENARIO_TRACE_CONNECTOR_H */
