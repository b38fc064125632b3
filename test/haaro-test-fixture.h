/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The fixture the ns-3 TestSuites share: a NEMO network on the virtual-operator topology
 * with measured UDP flows between site hosts (ProbeFlow).
 */
#ifndef HAARO_TEST_FIXTURE_H
#define HAARO_TEST_FIXTURE_H

#include "ns3/ha-binding-table.h"
#include "ns3/mr-uplink.h"
#include "ns3/nemo-network-helper.h"
#include "ns3/nstime.h"
#include "ns3/probe-flow.h"
#include "ns3/ro-peer-event.h"
#include "ns3/virtual-operator-topology-helper.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro-tests
 * \brief A NEMO deployment on a virtual-operator topology (configure topologyHelper and
 * nemo, then Build()) with UDP flows between the first hosts of two sites, each a
 * ProbeFlow of 100-octet datagrams keyed by its destination port. The suites derive their
 * scenarios from it and add the traces they watch. The destructor ends the simulation.
 */
class HaaroTestScenario
{
  public:
    /// A datagram as received.
    struct Arrival
    {
        Time at;      //!< when
        uint32_t seq; //!< sequence number
        uint8_t ttl;  //!< IP TTL at the receiver
        Time delay;   //!< one-way delay
    };

    /// The arrivals of the flows, by destination port: flows[port].
    class Flows
    {
      public:
        /// \param scenario the scenario whose flows are read
        explicit Flows(const HaaroTestScenario& scenario);
        /// \param port a flow's destination port \return its arrivals, in order
        std::vector<Arrival> operator[](uint16_t port) const;

      private:
        const HaaroTestScenario& m_scenario; //!< the scenario
    };

    HaaroTestScenario();
    virtual ~HaaroTestScenario();

    HaaroTestScenario(const HaaroTestScenario&) = delete;
    HaaroTestScenario& operator=(const HaaroTestScenario&) = delete;

    /**
     * \brief Configures the topology most suites use: two ISPs, 10 Mb/s uplinks, 1 Gb/s ISP
     * cores (5 ms) and backend (2 ms), route optimization on or off.
     * \param sites number of sites \param uplinks uplinks per site
     * \param routeOptimization the routers' RouteOptimization attribute
     * \param uplinkDelay the uplinks' one-way delay
     */
    void UseTwoIspTopology(uint32_t sites,
                           uint32_t uplinks,
                           bool routeOptimization,
                           Time uplinkDelay = MilliSeconds(10));
    /// \brief Builds the topology (BuildTopology()) and installs the Home Agent and the
    /// mobile routers (InstallNetwork()).
    void Build();
    /// Builds the topology only (e.g. to install NATs on its middleboxes before the routers).
    void BuildTopology();
    /// Installs the Home Agent and the mobile routers on the built topology.
    void InstallNetwork();
    /**
     * \param starts start time of each mobile router (missing ones keep theirs)
     */
    void SetStartTimes(const std::vector<Time>& starts);
    /**
     * \brief Starts router i at starts[i] (SetStartTimes()) and assigns its random variables
     * the streams from firstStream + 10 i (two each), so that a suite's runs draw the same
     * numbers whatever ran before.
     * \param starts start time of each mobile router \param firstStream the first router's
     */
    void StartRouters(const std::vector<Time>& starts, int64_t firstStream = 100);

    /// The sinks of the route optimizer trace sources WatchRouteOptimizers() connects, each
    /// told which router (its site index) traced; empty ones are not connected.
    struct RouteOptimizerSinks
    {
        /// "Message": router, direction and message ("tx HoTI", "rx KEEPALIVE", ...), IP
        /// source and destination
        std::function<void(uint32_t, const std::string&, Ipv4Address, Ipv4Address)> message;
        /// "PeerEvent": router, event
        std::function<void(uint32_t, const RoPeerEventInfo&)> peerEvent;
        /// "Setup": router, peer home address, time from the trigger to the usable tunnel
        std::function<void(uint32_t, Ipv4Address, Time)> setup;
    };

    /**
     * \brief Connects the sinks to the route optimizers of the routers 1 us after each
     * router's start time as given to SetStartTimes() or StartRouters() (a route optimizer
     * exists once its router has started; a router without one, route optimization off, is
     * skipped).
     * \param sinks the sinks \param routers the site indices of the routers (empty: every
     * router whose start time was set)
     */
    void WatchRouteOptimizers(const RouteOptimizerSinks& sinks,
                              const std::vector<uint32_t>& routers = {});

    /**
     * \brief A UDP flow (ProbeFlow) from the first host of site `from` to that of site `to`,
     * one 100-octet datagram every interval.
     * \param from sending site \param to receiving site \param start first datagram
     * \param stop the sender stops \param interval spacing \param port destination port (the
     * flow's key)
     * \return the flow
     */
    Ptr<ProbeFlow> AddFlow(uint32_t from,
                           uint32_t to,
                           Time start,
                           Time stop,
                           Time interval,
                           uint16_t port);
    /// \param port a flow's port \return the flow
    Ptr<ProbeFlow> GetFlow(uint16_t port) const;
    /**
     * \param port a flow's port \param from window start \param to window end
     * \return the longest silence in [from, to] (window ends included)
     */
    Time LongestGap(uint16_t port, Time from, Time to) const;
    /**
     * \param port a flow's port \param from start of the window \param to its end
     * \param threshold shortest gap reported
     * \return the gaps between consecutive arrivals (window ends included) longer than the
     * threshold, as (last arrival before, first arrival after)
     */
    std::vector<std::pair<Time, Time>> Gaps(uint16_t port,
                                            Time from,
                                            Time to,
                                            Time threshold) const;
    /// \param port a flow's port \param from window start \param to window end
    /// \return arrivals in [from, to)
    size_t ArrivalsIn(uint16_t port, Time from, Time to) const;

    /// \param site a site index \return its home address
    Ipv4Address Hoa(uint32_t site) const;
    /// \param site a site index \param uplink an uplink index \return its care-of address
    Ipv4Address Coa(uint32_t site, uint32_t uplink = 0) const;
    /// \param site a site index \param uplink an uplink index \return the router's uplink
    Ptr<MrUplink> Uplink(uint32_t site, uint32_t uplink = 0) const;
    /// \param site a site index \return the Home Agent's binding for its first uplink
    const HaBinding* Binding(uint32_t site) const;

    /// \param stop when the simulation ends \brief runs the simulation
    void Run(Time stop);

    VirtualOperatorTopologyHelper topologyHelper; //!< topology configuration
    NemoNetworkHelper nemo;                       //!< NEMO configuration
    VirtualOperatorTopology topology;             //!< built topology
    NemoNetwork network;                          //!< installed applications
    Flows flows;                                  //!< arrivals per flow port

  private:
    std::map<uint16_t, Ptr<ProbeFlow>> m_flows; //!< by destination port
    std::vector<Time> m_startTimes;             //!< of the routers, as set
};

/**
 * \ingroup haaro-tests
 * \param src source \param dst destination \param sport UDP source port \param dport UDP
 * destination port \param payload the UDP payload (nullptr: 20 zero octets); the headers are
 * added to it, and it is the packet returned
 * \return an IPv4/UDP datagram (TTL 64), as a host or an attacker would put it into a
 * tunnel or forge it
 */
Ptr<Packet> MakeUdpDatagram(Ipv4Address src,
                            Ipv4Address dst,
                            uint16_t sport,
                            uint16_t dport,
                            Ptr<Packet> payload = nullptr);

} // namespace ns3

#endif /* HAARO_TEST_FIXTURE_H */
