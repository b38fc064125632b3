/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PROBE_FLOW_H
#define PROBE_FLOW_H

#include "ns3/application-container.h"
#include "ns3/ipv4-address.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"
#include "ns3/socket.h"

#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief One datagram of a ProbeFlow as the receiving host saw it.
 */
struct ProbeSample
{
    Time at;           //!< arrival time
    uint32_t seq{0};   //!< sequence number (SeqTsHeader, from 0)
    Time delay;        //!< one-way delay (arrival - the sender's timestamp)
    uint32_t hops{0};  //!< router hops: initial TTL - TTL at the receiver
    bool direct{true}; //!< fewer hops than the HA path (see ProbeFlow::SetHaPathHops())
};

/**
 * \ingroup haaro
 * \brief A sequenced, timestamped UDP probe flow between two hosts, measured at the
 * receiver.
 *
 * The sender is ns-3's UdpClient (a SeqTsHeader with sequence number and send time in
 * every datagram, one datagram per interval); the receiver is a UDP socket of our own
 * that asks for the IP TTL of each datagram (SocketIpTtlTag). Each arrival becomes a
 * ProbeSample: arrival time, sequence number, one-way delay, router hops (initial TTL
 * minus received TTL) and the path, judged by the hop count: a datagram that crossed at
 * least SetHaPathHops() routers went via the Home Agent, one with fewer went through a
 * direct tunnel. (Inside the virtual-operator network only the mobile routers and the
 * Home Agent decrement the TTL of a tunnelled datagram: 3 hops via the HA, 2 direct.)
 *
 * Losses are gaps in the sequence numbers (and datagrams sent after the last one
 * received). Everything is measured from the packets; nothing is computed from the
 * configuration.
 */
class ProbeFlow : public SimpleRefCount<ProbeFlow>
{
  public:
    /// Delay and hop statistics over a set of samples.
    struct PathStats
    {
        uint64_t packets{0};  //!< samples counted
        double meanDelayMs{}; //!< mean one-way delay (NaN without samples)
        double minDelayMs{};  //!< smallest (NaN without samples)
        double maxDelayMs{};  //!< largest (NaN without samples)
        double meanHops{};    //!< mean hop count (NaN without samples)
    };

    /**
     * \param name flow name (the `flow` column of samples.csv)
     * \param source sending host
     * \param sink receiving host
     * \param sinkAddress the receiver's address
     * \param port UDP destination port
     */
    ProbeFlow(const std::string& name,
              Ptr<Node> source,
              Ptr<Node> sink,
              Ipv4Address sinkAddress,
              uint16_t port);
    ~ProbeFlow();

    /// \param interval time between datagrams (default 10 ms)
    void SetInterval(Time interval);
    /// \param size UDP payload size, at least 12 (the SeqTsHeader; default 200)
    void SetPacketSize(uint32_t size);
    /// \param hops hop count from which a datagram counts as via the HA (default 3)
    void SetHaPathHops(uint32_t hops);
    /// \param ttl the sender's initial TTL (default 64, ns-3's default)
    void SetInitialTtl(uint32_t ttl);

    /**
     * \brief Creates the sender application and the receiving socket.
     * \param start first datagram \param stop the sender stops (no datagram at or after)
     */
    void Install(Time start, Time stop);

    /// \return the flow name
    const std::string& GetName() const;
    /// \return the samples, in arrival order
    const std::vector<ProbeSample>& GetSamples() const;
    /// \return the interval between datagrams
    Time GetInterval() const;
    /// \return datagrams sent so far (from the sender application's byte count)
    uint64_t GetSent() const;
    /// \return datagrams received (duplicates included)
    uint64_t GetReceived() const;
    /// \return datagrams sent and never received (distinct sequence numbers)
    uint64_t GetLost() const;

    /**
     * \param direct statistics of direct (true) or via-HA (false) samples
     * \param from first arrival time counted \param to arrivals before this
     * \return the statistics
     */
    PathStats GetPathStats(bool direct, Time from = Time(0), Time to = Time::Max()) const;
    /**
     * \param direct path wanted \param after earliest arrival time
     * \return the first sample on that path arriving at or after `after`
     */
    std::optional<ProbeSample> FirstOnPath(bool direct, Time after = Time(0)) const;
    /**
     * \brief The longest silence at the receiver that overlaps [from, to]: the largest gap
     * between consecutive arrivals (or from the last arrival to `to` if nothing came
     * after), counting only gaps that intersect the window.
     * \param from window start \param to window end
     * \return the gap (zero without samples)
     */
    Time GetLongestGap(Time from, Time to) const;
    /**
     * \brief Datagrams lost around a window: sequence numbers missing between consecutive
     * arrivals whose gap intersects [from, to] (plus, when the last arrival is before
     * `to`, those sent after it).
     * \param from window start \param to window end
     * \return the count
     */
    uint64_t GetLostIn(Time from, Time to) const;
    /**
     * \brief Datagrams sent in a window that never arrived, robust to reordering and
     * duplicates (unlike GetLostIn(), which counts the sequence numbers skipped between
     * consecutive arrivals): the sequence numbers after the last one received that was sent
     * (SeqTsHeader timestamp) before `from` and before the first one received that was sent
     * at or after `to`, minus the distinct ones received.
     * \param from window start \param to window end (exclusive)
     * \return the count
     */
    uint64_t GetLostSentIn(Time from, Time to) const;

    /**
     * \brief The sample of one received datagram of a UdpClient: its SeqTsHeader and the
     * receiver's SocketIpTtlTag (SetIpRecvTtl) give the sequence number, the one-way delay
     * and the hops (initialTtl - TTL; 0 without the tag); it arrived now.
     * \param p the datagram as received (read, not changed)
     * \param initialTtl the sender's TTL \param haPathHops fewer hops than this is direct
     * \return the sample, or nothing for a datagram shorter than a SeqTsHeader
     */
    static std::optional<ProbeSample> SampleOf(Ptr<const Packet> p,
                                               uint32_t initialTtl,
                                               uint32_t haPathHops);

  private:
    /// \param socket the receiving socket
    void Receive(Ptr<Socket> socket);

    std::string m_name;                 //!< flow name
    Ptr<Node> m_source;                 //!< sending host
    Ptr<Node> m_sink;                   //!< receiving host
    Ipv4Address m_sinkAddress;          //!< its address
    uint16_t m_port;                    //!< UDP port
    Time m_interval{MilliSeconds(10)};  //!< spacing
    uint32_t m_size{200};               //!< payload size
    uint32_t m_haPathHops{3};           //!< via-HA threshold
    uint32_t m_initialTtl{64};          //!< sender's TTL
    ApplicationContainer m_app;         //!< the UdpClient
    Ptr<Socket> m_socket;               //!< the receiver
    std::vector<ProbeSample> m_samples; //!< arrivals
};

} // namespace ns3

#endif /* PROBE_FLOW_H */
