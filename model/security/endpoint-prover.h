/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef ENDPOINT_PROVER_H
#define ENDPOINT_PROVER_H

#include "ns3/mip-tunnel.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"

#include <array>
#include <cstdint>
#include <optional>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Return-reachability proofs for direct tunnel ends (RFC 6521 section 3.3.4
 * keepalives, used as RFC 3519-style echo tests): before a direct tunnel follows a peer to
 * another remote port (a NAT rebooted or re-mapped) or to another (MR CoA, CR CoA) pair, an
 * ICMP echo carrying an unpredictable 64-bit nonce is sent there, and only an echo reply
 * returning that nonce from there moves the tunnel. A packet that merely claims to come from
 * the new end (any off-path node can send one) moves nothing.
 *
 * The state is a fixed table of Slots challenges for the whole router, whatever the number of
 * peers or of spoofed ends: a (tunnel, port) is challenged at most once per retry interval,
 * and a new challenge takes the oldest slot only once that slot is older than the retry
 * interval, so a flood of spoofed ends costs at most Slots echoes per retry interval and no
 * memory. Nonces come from a RandomVariableStream (deterministic per run).
 */
class EndpointProver
{
  public:
    /// Number of challenges that can be outstanding at once.
    static constexpr size_t SLOTS = 8;

    /// \param random the stream the nonces are drawn from
    void SetRandom(Ptr<UniformRandomVariable> random);
    /**
     * \param retry least time between two challenges of one end (RFC 6521's MAX_UPDATE_RATE
     * of 5 per second: 200 ms) \param lifetime how long a challenge may be answered
     */
    void SetTimes(Time retry, Time lifetime);

    /**
     * \brief Asks for a challenge of the end (tunnel, port).
     * \param tunnel the tunnel \param port the remote port to prove (the tunnel's own for an
     * IP-in-IP or GRE tunnel) \param now the time
     * \return the nonce to send now, or nullopt when rate-limited (a challenge of this end is
     * recent or every slot is)
     */
    std::optional<uint64_t> Challenge(Ptr<MipTunnel> tunnel, uint16_t port, Time now);
    /**
     * \brief An echo reply arrived on (tunnel, port) carrying nonce.
     * \param tunnel the tunnel \param port the port it came from \param nonce its data
     * \param now the time
     * \return true if it answers an outstanding challenge of exactly that end (the challenge
     * is then used up)
     */
    bool Answer(Ptr<MipTunnel> tunnel, uint16_t port, uint64_t nonce, Time now);
    /// \param tunnel forget its challenges (it was removed)
    void Forget(Ptr<MipTunnel> tunnel);
    /// \return number of challenges that can still be answered at now
    size_t GetOutstanding(Time now) const;

  private:
    /// One outstanding challenge.
    struct Slot
    {
        Ptr<MipTunnel> tunnel; //!< where it was sent
        uint16_t port{0};      //!< to which remote port
        uint64_t nonce{0};     //!< what it carried (0: free slot)
        Time sent;             //!< when
    };

    Ptr<UniformRandomVariable> m_random; //!< nonces
    Time m_retry{MilliSeconds(200)};     //!< see SetTimes
    Time m_lifetime{Seconds(3)};         //!< see SetTimes
    std::array<Slot, SLOTS> m_slots{};   //!< the challenges
};

} // namespace ns3

#endif /* ENDPOINT_PROVER_H */
