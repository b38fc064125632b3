/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef STORM_NETWORK_H
#define STORM_NETWORK_H

#include "ns3/application-container.h"
#include "ns3/callback.h"
#include "ns3/nemo-network-helper.h"
#include "ns3/socket.h"
#include "ns3/virtual-operator-topology-helper.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The parameters of the registration storm (issue 14): the network StormNetwork
 * builds and the bins StormRecorder measures. haaro-scale-bench and haaro-scenario-storm
 * take them from their command lines.
 */
struct StormParams
{
    uint32_t n{100};                  //!< Mobile Routers (sites)
    double duration{300};             //!< simulated seconds
    double spread{5};                 //!< registrations start over [0, spread) s
    double trafficStart{5};           //!< first datagram (s)
    uint32_t lifetime{1800};          //!< requested (and granted) registration lifetime (s)
    uint32_t maxAdvertisement{65535}; //!< HA MaxAdvertisementSize (octets)
    double bin{1};                    //!< bin of the time series (s)
    bool directReceive{true};         //!< VirtualOperatorTopologyHelper::SetDirectReceive

    /// Aborts with a message naming the command-line option when a value is out of range.
    void Check() const;

    /**
     * \brief Declares the parameters (but directReceive) as command-line options, with the
     * same names and help in haaro-scale-bench and haaro-scenario-storm.
     * \tparam Add callable as add(name, help, value), value a reference to the field
     * \param add declares one option (CommandLine::AddValue, ScenarioOptions::Add)
     */
    template <typename Add>
    void Declare(Add add)
    {
        add("n", "number of mobile routers (sites, at least 2)", n);
        add("duration", "simulated time [s] (at least 1)", duration);
        add("spread", "the routers start one after another over this time [s]", spread);
        add("trafficStart", "the sites start sending at this time (within 1 s) [s]", trafficStart);
        add("lifetime",
            "registration lifetime requested by the routers and granted by the HA [s]",
            lifetime);
        add("maxAdvertisementSize",
            "HA MaxAdvertisementSize: largest Prefix Advertisement [octets]",
            maxAdvertisement);
        add("bin", "width of the time series' bins (storm.csv) [s]", bin);
    }
};

/**
 * \ingroup haaro
 * \brief The network of the registration storm: one Home Agent with HAARO on, n
 * dual-homed Mobile Routers on 3 ISPs requesting the lifetime, route optimization on; the
 * routers start one after another over [0, spread); every site's first host sends one
 * 100-octet datagram per second (UdpClient: sequence number and time stamp) to the first
 * host of one fixed, randomly chosen other site (stream 14 of --RngRun), from trafficStart
 * on (the sites one after another within 1 s).
 */
class StormNetwork
{
  public:
    /// The UDP port of every site's datagram sink.
    static constexpr uint16_t SINK_PORT = 9000;
    /// The UDP payload of every datagram (octets, its SeqTsHeader included).
    static constexpr uint32_t DATAGRAM_SIZE = 100;

    /// \param params the storm: builds the topology and installs NEMO (nothing scheduled)
    explicit StormNetwork(const StormParams& params);

    /**
     * \brief Staggers the routers' starts and installs the sinks and the senders.
     * \param receive every sink's receive callback (a sink socket bound to SINK_PORT on the
     * first host of each site, receiving the TTL: SocketIpTtlTag)
     */
    void InstallTraffic(Callback<void, Ptr<Socket>> receive);

    /**
     * \brief Runs the simulation in two steps: the registration phase (to the end of the
     * spread, at most the duration), then the rest. The simulator stops at the end of each
     * (ns-3 runs the stop event after the events of that instant scheduled before it), so
     * every program that runs the storm through here executes the same events.
     * \param phaseEnd called between the two steps (e.g. to time the phase)
     */
    void Run(const std::function<void()>& phaseEnd = {}) const;

    /// \return the parameters
    const StormParams& GetParams() const;
    /// \return the topology
    const VirtualOperatorTopology& GetTopology() const;
    /// \return the Home Agent and the routers (index = site)
    const NemoNetwork& GetNetwork() const;
    /// \param site a site (after InstallTraffic()) \return the site it sends to
    uint32_t GetPeer(uint32_t site) const;
    /// \param site a site (after InstallTraffic()) \return its sink socket
    Ptr<Socket> GetSink(uint32_t site) const;
    /// \return the datagrams the sites' UdpClients sent so far
    uint64_t GetSentDatagrams() const;

  private:
    StormParams m_params;               //!< parameters
    VirtualOperatorTopology m_topology; //!< the network
    NemoNetwork m_network;              //!< its Home Agent and routers
    std::vector<uint32_t> m_peers;      //!< per site: the site it sends to
    std::vector<Ptr<Socket>> m_sinks;   //!< per site: its sink
    ApplicationContainer m_clients;     //!< the senders
};

} // namespace ns3

#endif /* STORM_NETWORK_H */
