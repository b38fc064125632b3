/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The registration storm of haaro-scale-bench as measured (issue 14 goal 2): the time
 * series and the summary that --out writes (see haaro-scale-bench.cc for the columns).
 */
#ifndef HAARO_BENCH_SCALE_STORM_RECORDER_H
#define HAARO_BENCH_SCALE_STORM_RECORDER_H

#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/network-module.h"
#include "ns3/queue-disc.h"

#include <array>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace haarobench
{

using namespace ns3;

constexpr uint16_t SINK_PORT = 9000; //!< the sites' datagram sink port

/// The run's parameters (the command line).
struct StormOptions
{
    uint32_t n{100};                  //!< Mobile Routers
    double duration{300};             //!< simulated seconds
    double spread{5};                 //!< registrations start over [0, spread) s
    double trafficStart{5};           //!< first datagram (s)
    uint32_t lifetime{1800};          //!< requested (and granted) registration lifetime (s)
    uint32_t maxAdvertisement{65535}; //!< HA MaxAdvertisementSize (octets)
    double bin{1};                    //!< bin of the time series (s)
    bool limitBufferRecycling{true};  //!< PacketBufferRecycling::Limit() before the run
    double steadyFrom{-1};            //!< steady-state window from (s; <0: trafficStart + 5)
    bool directReceive{true};         //!< VirtualOperatorTopologyHelper::SetDirectReceive
    bool eventCensus{false};          //!< count the events by kind (EventCensusScheduler)
    std::string out;                  //!< output directory ("" = none)
};

/// What one bin of the time series counted (StormRecorder).
struct StormBin
{
    uint64_t regOctetsIn{0};        //!< IP octets of registration messages to the HA
    uint64_t regOctetsOut{0};       //!< IP octets of registration messages from the HA
    uint64_t requests{0};           //!< Registration Requests the HA received (trace)
    uint64_t replies{0};            //!< Registration Replies the HA sent (trace)
    uint64_t replyFragments{0};     //!< IP fragments of replies sent on the backend link
    uint64_t retransmissions{0};    //!< requests retransmitted by the routers
    uint64_t advertisements{0};     //!< Prefix Advertisements sent
    uint64_t advOctets{0};          //!< their octets
    uint32_t advMax{0};             //!< the largest, octets
    uint64_t roSignallingOctets{0}; //!< IP octets of relayed RO signalling, both ways
    uint64_t drops{0};              //!< packets dropped on the backend link
    uint64_t haTunnelled{0};        //!< sites' datagrams reverse-tunnelled to the HA
};

/**
 * What the process holds at a bin end, read without scheduling anything (cpu.csv): the
 * resident set and counts of the simulated state that grows with the run, so that the
 * memory can be told apart (doc/haaro.rst, "Eighth step": about 4.3 KiB of ns-3 objects per
 * FqCoDel flow, some 40 heap octets per cache entry).
 */
struct StateCensus
{
    double rssMiB{0};           //!< resident set size now (MiB)
    uint64_t rocEntries{0};     //!< entries in all routers' Route Optimization Caches
    uint64_t queueDiscFlows{0}; //!< child queue discs of all root queue discs (FqCoDel flows)
    uint64_t queuedPackets{0};  //!< packets waiting in all root queue discs
};

/// The storm as measured: the time series and the per-router state behind it.
class StormRecorder
{
  public:
    /// \param options parameters \param topology the network \param network its routers
    StormRecorder(const StormOptions& options,
                  const VirtualOperatorTopology& topology,
                  const NemoNetwork& network);
    /// Connects the trace sources and schedules the bin ends (before Simulator::Run).
    void Start();
    /// \param socket a sink: drains and counts it per source site
    void OnReceive(Ptr<Socket> socket);
    /// \return datagrams delivered to all sinks
    uint64_t GetDelivered() const;
    /// \return the sums over all bins (advMax: the largest advertisement)
    StormBin GetTotal() const;
    /// \return the largest advertisement: octets, routers listed
    std::pair<uint32_t, uint32_t> GetLargest() const;
    /// \return the bin end (s) with the largest resident set and what it held then
    /// (0 and an empty census before the first bin end)
    std::pair<double, StateCensus> GetLargestState() const;
    /// \param dir writes storm.csv and summary.csv there
    void Write(const std::string& dir) const;
    /// \param dir writes cpu.csv there: per bin end the process' CPU seconds, the events
    /// executed and the datagrams delivered so far (they differ from run to run)
    void WriteCpu(const std::string& dir) const;

    /// The simulator's own work between two bin ends (StormRecorder::GetWork).
    struct Work
    {
        double from{0};        //!< first bin end (s)
        double to{0};          //!< last bin end (s)
        double cpu{0};         //!< CPU seconds of the process between them
        uint64_t events{0};    //!< simulator events executed between them
        uint64_t datagrams{0}; //!< datagrams delivered between them
    };

    /**
     * \param from simulated time (s): the work from the first bin end at or after it to
     * the last bin end (the steady state after the storm, if from is after it)
     * \return the work; all zero if fewer than two bin ends are in that window
     */
    Work GetWork(double from) const;

  private:
    /// \param out sent (else received) \param packet with its IP header \param interface
    void OnIp(bool out, Ptr<const Packet> packet, uint32_t interface);
    /// \param router index \param reply authenticated reply \param careOf the uplink
    void OnMrReply(uint32_t router, const MipRegistrationReply& reply, Ipv4Address careOf);
    /// Closes the current bin (scheduled at its end).
    void CloseBin();
    /// \param router index \return true if its cache routes every other site's prefix to it
    bool KnowsEverySite(uint32_t router);
    /// \return the current bin
    StormBin& Current();

    /**
     * A trace sink that counts one event in a field of the current bin.
     * \tparam Field the counter \tparam Args the trace source's arguments (ignored)
     * \param r the recorder
     */
    template <uint64_t StormBin::*Field, typename... Args>
    static void Count(StormRecorder* r, Args...)
    {
        (r->Current().*Field)++;
    }

    StormOptions m_options;                       //!< parameters
    const VirtualOperatorTopology& m_topo;        //!< the network
    const NemoNetwork& m_network;                 //!< its routers
    std::vector<StormBin> m_bins;                 //!< closed bins and the open one (last)
    std::vector<double> m_binEnds;                //!< end of each closed bin (s)
    std::vector<uint32_t> m_registered;           //!< per bin: routers registered
    std::vector<uint32_t> m_bindings;             //!< per bin: bindings registered
    std::vector<uint32_t> m_knowing;              //!< per bin: routers knowing every site
    std::vector<uint64_t> m_cachePrefixes;        //!< per bin: prefixes in all caches
    std::vector<std::array<uint32_t, 3>> m_flows; //!< per bin: delivered, direct, via HA
    std::vector<double> m_cpu;                    //!< per bin end: process CPU seconds
    std::vector<uint64_t> m_events;               //!< per bin end: events executed so far
    std::vector<uint64_t> m_deliveredSoFar;       //!< per bin end: datagrams delivered so far
    std::vector<StateCensus> m_state;             //!< per bin end: what the memory holds
    std::vector<Ptr<QueueDisc>> m_queueDiscs;     //!< every device's root queue disc
    std::vector<double> m_firstReply;             //!< per router: first accepted reply (s, <0 none)
    std::vector<std::vector<uint32_t>> m_careOfs; //!< per router: registered care-of addresses
    std::vector<double> m_knowsAll;               //!< per router: when it knew every site (<0)
    std::vector<uint32_t> m_delivered;            //!< per source site: datagrams in this bin
    std::vector<uint32_t> m_viaHa;                //!< per source site: tunnelled to the HA
    std::unordered_map<uint32_t, uint32_t> m_siteOfHost;             //!< host address -> site
    std::set<std::tuple<uint32_t, uint32_t, uint16_t>> m_fragmented; //!< signalling datagrams
    std::vector<uint32_t> m_advSizes; //!< every advertisement's octets
    uint32_t m_largest{0};            //!< octets of the largest advertisement
    uint32_t m_largestRouters{0};     //!< routers in it
    uint64_t m_totalDelivered{0};     //!< datagrams delivered
    uint32_t m_bindingCount{0};       //!< bindings registered so far
    uint32_t m_routerCount{0};        //!< routers registered so far
    uint32_t m_uplinkCount{0};        //!< bindings there are to register
    double m_allBindings{-1};         //!< when the last of them was registered (s)
};
} // namespace haarobench

#endif /* HAARO_BENCH_SCALE_STORM_RECORDER_H */
