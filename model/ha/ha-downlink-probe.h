/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef HA_DOWNLINK_PROBE_H
#define HA_DOWNLINK_PROBE_H

#include "ha-binding-table.h"

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/random-variable-stream.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The Home Agent's return-reachability check before its downlink (DownlinkPolicy
 * LastActive) moves to another binding of a multihomed mobile router (issue 10, A11).
 *
 * A reverse-tunnelled packet proves nothing about its outer source: an attacker can send
 * IP in IP from any registered care-of address, e.g. a dead backup one. So a packet that
 * arrives through a binding other than the downlink's only triggers a probe: an ICMP echo
 * request from the Home Agent to the home address, sent through that binding's tunnel,
 * carrying an unpredictable 64-bit nonce (an ns-3 RandomVariableStream, see
 * AssignStreams()). The mobile router's stack answers it (it is addressed to its home
 * address) and reverse-tunnels the echo reply through the uplink it is using. The downlink
 * moves only when that reply comes back through the probed tunnel with the probe's
 * identifier, sequence number and nonce: the care-of address received the probe, and the
 * router sends through it. One probe per binding is outstanding at a time and a new one
 * is sent at most every probe interval, so spoofed packets cost at most one 36-octet probe
 * per binding and interval, and no state beyond the binding's.
 *
 * The state lives in the HaBinding (probeSequence, probeNonce, probePending, probeSentAt).
 */
class HaDownlinkProbe
{
  public:
    /// ICMP echo identifier of the probes.
    static constexpr uint16_t IDENTIFIER = 0x4841; // "HA"
    /// Octets of echo data: the nonce.
    static constexpr uint32_t NONCE_SIZE = 8;

    /// What an echo reply is to a binding's probe.
    enum class Match : uint8_t
    {
        NOT_A_PROBE_REPLY, //!< not an echo reply with the probes' identifier: not ours
        ANSWER,            //!< the answer to the binding's outstanding probe
        STALE_OR_FORGED,   //!< our identifier, but no probe outstanding or wrong sequence/nonce
    };

    HaDownlinkProbe();

    /**
     * \param stream first stream index \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Starts a probe through a binding unless one was sent less than interval ago.
     * \param binding the binding (its probe state is updated)
     * \param homeAgent the Home Agent address (IPv4 source)
     * \param homeAddress the home address (IPv4 destination)
     * \param now the current time \param interval the least time between two probes
     * \return the IPv4 datagram to send through the binding's tunnel, or nullptr
     */
    Ptr<Packet> Start(HaBinding& binding,
                      Ipv4Address homeAgent,
                      Ipv4Address homeAddress,
                      Time now,
                      Time interval);

    /**
     * \param packet a decapsulated datagram (starting with its IPv4 header)
     * \param inner that header
     * \param homeAgent the Home Agent address \param homeAddress the binding's home address
     * \param binding the binding whose tunnel it came through
     * \return what it is to the binding's probe
     */
    static Match Check(Ptr<const Packet> packet,
                       const Ipv4Header& inner,
                       Ipv4Address homeAgent,
                       Ipv4Address homeAddress,
                       const HaBinding& binding);

  private:
    /// \return the random variable, created on first use
    Ptr<UniformRandomVariable> Random();

    Ptr<UniformRandomVariable> m_random; //!< source of the nonces
    int64_t m_stream{-1};                //!< AssignStreams() value
    uint16_t m_sequence{0};              //!< last sequence number used
};

} // namespace ns3

#endif /* HA_DOWNLINK_PROBE_H */
