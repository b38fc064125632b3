/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef RO_INSIDE_OPENING_H
#define RO_INSIDE_OPENING_H

#include "ro-context.h"
#include "ro-direct-tunnel-set.h"

#include "ns3/endpoint-prover.h"
#include "ns3/event-id.h"

#include <functional>
#include <map>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Route optimization towards a router behind a NAT, whose direct UDP tunnel is opened
 * from inside (RFC 6521 sections 3.2 and 6.1; IETF 70 HAARO slides: the O flag "requires
 * that UDP tunnel is initiated from inside - Signaling can still be initiated from
 * outside!").
 *
 * Signalling reaches a NATed correspondent router (CR) through its Home Agent, addressed to
 * its home address (section 3.2: "it receives these messages via the reverse tunnel to the
 * CR's HoA"), so a public mobile router (MR) runs return routability and registers with it
 * as with any other. But the CR's care-of addresses are behind its NAT and the MR cannot
 * reach them, nor does anybody tell it the NAT's external address and port. So:
 * - CR role (CorrespondentOpens()): a CR behind a NAT (N flag from its Home Agent) that
 *   accepts a UDP registration from an untranslated MR sends the first keepalive itself,
 *   through its NAT, and so creates the mapping (the tunnel is opened from inside).
 * - MR role: the MR learns the CR's translated address and port from an authenticated
 *   exchange, never from the datagram alone: a keepalive (or anything) arriving from an
 *   unknown source (OnUnknownSource) only makes it send a nonce (EndpointProver) in an ICMP
 *   echo to the CR's *home address*, i.e. through both Home Agents like a HoTI; the CR's
 *   echo reply goes through its direct tunnel (RouteOptimizer::SelectTunnel) and so leaves
 *   its NAT from the mapping. Only that reply, returning the nonce, moves the MR's tunnel
 *   end there (INSIDE_OPENING_PROVEN); the first keepalive of the MR through it then
 *   activates both ends (section 3.3.4). An off-path node that forges the CR's keepalive
 *   from its own address never sees the nonce (it goes to the CR's home address).
 *   With an outbound-only CR (Info=1) the MR sends no keepalive to the CR's unreachable
 *   care-of addresses: it challenges at once (Await) and falls back (NO_INSIDE_OPENING)
 *   when no proof came within KeepaliveMisses + 1 keepalive intervals.
 */
class RoInsideOpening
{
  public:
    /// Sends an IPv4 datagram (ICMP, without IPv4 header) from our home address to a peer's
    /// home address through the node's routing (so via the Home Agent while no direct
    /// tunnel is active).
    using SendHomeCallback = std::function<void(Ptr<Packet> icmp, Ipv4Address peer)>;

    /// \param context shared state \param tunnels the direct tunnels
    RoInsideOpening(RoContext& context, RoDirectTunnelSet& tunnels);

    /// \param sendHome sends through the node's routing
    void SetSendHome(SendHomeCallback sendHome);
    /// \param random the stream of the nonces
    void SetRandom(Ptr<UniformRandomVariable> random);

    /**
     * \brief CR role: whether we open the direct tunnel from inside.
     * \param context our state \param local our end of the tunnel
     * \param from source of the accepted request
     * \param requestedCareOf the care-of address the request names \param udp whether it
     * asked for UDP tunnelling
     * \return true when our end is behind a NAT and the MR is not (its request came from
     * the care-of address it names): our first keepalive opens the NAT mapping
     */
    static bool CorrespondentOpens(const RoContext& context,
                                   Ipv4Address local,
                                   Ipv4Address from,
                                   Ipv4Address requestedCareOf,
                                   bool udp);
    /**
     * \brief CR role: where the direct tunnel of an accepted request goes back to.
     * \param context our state \param local our end of the tunnel
     * \param from source of the request \param requestedCareOf the care-of address it names
     * \return from (RFC 6521 section 6.1), except when both of us are behind NATs (we are,
     * and the request was translated): then the MR's own care-of address, which only a
     * router behind the same NAT reaches (section 6.1). The translated address would only
     * be reached by hole punching through a full-cone NAT, which sections 3.3.4 and 6.1
     * leave out of scope: separate NATs get no route optimization.
     */
    static Ipv4Address TunnelBackTo(const RoContext& context,
                                    Ipv4Address local,
                                    Ipv4Address from,
                                    Ipv4Address requestedCareOf);
    /**
     * \param entry a CR's entry
     * \return true when the CR is outbound-only (Info=1) and we are not behind a NAT: it
     * opens the tunnel from inside, our keepalives could not reach it
     */
    bool PeerOpens(const RocEntry& entry) const;
    /// \param peer MR role, registered with this outbound-only CR: challenge its home
    /// address now and wait for the proof of its translated end
    void Await(Ipv4Address peer);
    /// \param peer the route optimization with it fell back: stop waiting
    void Forget(Ipv4Address peer);

    /**
     * \brief Tunnel data from a source no tunnel knows (MipTunnelManager callback).
     * \param local our address it came to \param from its source \param port its source
     * port \param p the inner datagram
     * \return true if consumed (a peer that may open from inside: challenged, or proven)
     */
    bool OnUnknownSource(Ipv4Address local, Ipv4Address from, uint16_t port, Ptr<Packet> p);

    /// Cancels every timer.
    void Stop();
    /// Forgets every peer.
    void Clear();

  private:
    /// \param peer send it a nonce through its home address (rate-limited by the prover)
    void Challenge(Ipv4Address peer);
    /// \param peer no proof came in time
    void OnTimeout(Ipv4Address peer);
    /// \param entry the peer's entry \param local our address the datagram came to
    /// \return true if the peer may be opening its tunnel from inside towards us
    bool MayOpen(const RocEntry& entry, Ipv4Address local) const;

    RoContext& m_ctx;                      //!< shared with the other parts
    RoDirectTunnelSet& m_tunnels;          //!< the direct tunnels
    EndpointProver m_prover;               //!< nonces (anchored at the placeholder tunnel)
    std::map<uint32_t, EventId> m_waiting; //!< outbound-only peers awaited, by home address
    SendHomeCallback m_sendHome;           //!< through the node's routing
    uint16_t m_sequence{0};                //!< echo sequence numbers
};

} // namespace ns3

#endif /* RO_INSIDE_OPENING_H */
