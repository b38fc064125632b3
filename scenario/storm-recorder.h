/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef STORM_RECORDER_H
#define STORM_RECORDER_H

#include "probe-flow.h"
#include "scenario-value.h"
#include "storm-network.h"

#include "ns3/mip-registration-reply.h"
#include "ns3/packet.h"
#include "ns3/socket.h"

#include <array>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief What one bin of the storm's time series counted (StormRecorder).
 */
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
 * \ingroup haaro
 * \brief The registration storm of a StormNetwork as measured (issue 14 goal 2), from
 * trace sources and the packets on the Home Agent's backend link, never from the
 * configuration; the same for haaro-scale-bench and haaro-scenario-storm.
 *
 * StormCsv(), one row per bin of simulated time (bin_end_s: its end):
 * - reg_octets_in, reg_octets_out, reg_octets_per_s: the IP octets of Registration
 *   Requests and Replies (UDP port 434 to or from the HA, every IP fragment) received and
 *   sent on the backend link, and both per second;
 * - requests, replies: the HA's RequestReceived and ReplySent traces; reply_fragments: IP
 *   fragments of replies sent; retransmissions: requests the routers retransmitted
 *   (MrUplink Retransmission);
 * - advertisements, adv_octets, adv_max_octets: Prefix Advertisements sent (HA
 *   AdvertisementSent), their octets and the largest;
 * - ro_signalling_octets: the IP octets of route optimization signalling the HA relays
 *   (UDP port 434 inside IP in IP), both ways; backend_drops: packets dropped on the
 *   backend link (queue discs and devices of both ends);
 * - routers_registered, bindings_registered: routers with at least one accepted reply, and
 *   the care-of addresses registered so far;
 * - routers_knowing_all: routers whose cache routes every other site's prefix to its owner
 *   (sampled at the bin's end; latched from the first bin end at which it did);
 *   cache_prefixes: the prefixes in all caches (routed, without the home addresses' /32s);
 * - flows_delivered, flows_direct, flows_via_ha: per flow (site -> its peer), whether
 *   datagrams were delivered in the bin, whether none of them came through the HA (fewer
 *   than 3 router hops at the receiver, every sink reading the TTL), whether some did;
 *   ha_tunnelled_datagrams: the sites' datagrams the HA received reverse-tunnelled.
 *
 * Metrics(): the totals, the advertisement sizes and the times until every router was
 * registered, every binding was, every router knew every other site's prefix and every
 * flow went direct (NaN: never within the run, or nothing to measure), the datagrams sent
 * (the UdpClients), delivered (copies included) and delivered once at least.
 */
class StormRecorder
{
  public:
    /// \param storm the network (outlives the recorder)
    explicit StormRecorder(const StormNetwork& storm);
    StormRecorder(const StormRecorder&) = delete;
    StormRecorder& operator=(const StormRecorder&) = delete;

    /**
     * \brief Connects the trace sources and schedules the bin ends (before Simulator::Run,
     * after StormNetwork::InstallTraffic()).
     */
    void Start();
    /// \param socket a sink: drains and counts it per source site
    void OnReceive(Ptr<Socket> socket);
    /**
     * \brief Keeps every datagram of one flow as a ProbeSample (sequence number, delay and
     * hops from its SeqTsHeader and the receiver's TTL; via the HA: 3 hops or more), for
     * samples.csv (after StormNetwork::InstallTraffic(), before Simulator::Run).
     * \param source the sending site
     */
    void WatchFlow(uint32_t source);
    /// \param callback called at every bin end, after the bin is closed (reads, schedules
    /// nothing)
    void SetBinEndCallback(std::function<void()> callback);

    /// \return datagrams delivered to all sinks
    uint64_t GetDelivered() const;
    /// \return the sums over all bins (advMax: the largest advertisement)
    StormBin GetTotal() const;
    /// \return the largest advertisement: octets, routers listed
    std::pair<uint32_t, uint32_t> GetLargest() const;
    /// \return the samples of the watched flows, by flow name (NODE-A->NODE-B)
    const std::map<std::string, std::vector<ProbeSample>>& GetFlowSamples() const;

    /// \return storm.csv (the columns above), byte-identical for the same parameters and
    /// --RngRun
    std::string StormCsv() const;
    /// \return the run's metrics, named as in summary.json (SI unit suffixes)
    std::vector<std::pair<std::string, ScenarioValue>> Metrics() const;

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

    const StormNetwork& m_storm;                  //!< the network
    const StormParams& m_params;                  //!< its parameters
    std::vector<StormBin> m_bins;                 //!< closed bins and the open one (last)
    std::vector<double> m_binEnds;                //!< end of each closed bin (s)
    std::vector<uint32_t> m_registered;           //!< per bin: routers registered
    std::vector<uint32_t> m_bindings;             //!< per bin: bindings registered
    std::vector<uint32_t> m_knowing;              //!< per bin: routers knowing every site
    std::vector<uint64_t> m_cachePrefixes;        //!< per bin: prefixes in all caches
    std::vector<std::array<uint32_t, 3>> m_flows; //!< per bin: delivered, direct, via HA
    std::vector<double> m_firstReply;             //!< per router: first accepted reply (s, <0 none)
    std::vector<std::vector<uint32_t>> m_careOfs; //!< per router: registered care-of addresses
    std::vector<double> m_knowsAll;               //!< per router: when it knew every site (<0)
    std::vector<uint32_t> m_delivered;            //!< per source site: datagrams in this bin
    std::vector<uint32_t> m_viaHa;                //!< per source site: of those, via the HA
    std::vector<std::vector<bool>> m_seen;        //!< per source site: sequence numbers seen
    std::unordered_map<uint32_t, uint32_t> m_siteOfHost;             //!< host address -> site
    std::set<std::tuple<uint32_t, uint32_t, uint16_t>> m_fragmented; //!< signalling datagrams
    std::map<uint32_t, std::string> m_watched;                       //!< source site -> flow
    std::map<std::string, std::vector<ProbeSample>> m_samples;       //!< per watched flow
    std::function<void()> m_binEnd;                                  //!< SetBinEndCallback()
    std::vector<uint32_t> m_advSizes; //!< every advertisement's octets
    uint32_t m_largest{0};            //!< octets of the largest advertisement
    uint32_t m_largestRouters{0};     //!< routers in it
    uint64_t m_totalDelivered{0};     //!< datagrams delivered (copies included)
    uint64_t m_uniqueDelivered{0};    //!< distinct datagrams delivered
    uint32_t m_bindingCount{0};       //!< bindings registered so far
    uint32_t m_routerCount{0};        //!< routers registered so far
    uint32_t m_uplinkCount{0};        //!< bindings there are to register
    double m_allBindings{-1};         //!< when the last of them was registered (s)
};

} // namespace ns3

#endif /* STORM_RECORDER_H */
