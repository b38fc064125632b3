/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef RO_DIRECT_TUNNEL_SET_H
#define RO_DIRECT_TUNNEL_SET_H

#include "ro-context.h"
#include "ro-pair-prober.h"
#include "ro-rtt-estimator.h"

#include "ns3/endpoint-prover.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-header.h"

#include <array>
#include <functional>
#include <map>
#include <set>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The direct MR-MR tunnels of one router's route optimization (RFC 6521 sections
 * 3.3.4, 3.3.6 and 6.1), in both roles: for each peer the tunnel in use, the tunnels of the
 * other (local, remote) pairs it may probe on (alternates), the retired tunnel kept for the
 * grace period, the keepalives (ICMP echo between the home addresses inside the tunnel),
 * the return reachability proofs of new tunnel ends (EndpointProver), the NAT mapping
 * check, and the fallback to the Home Agent path.
 *
 * Every timer is an EventId held here and cancelled by Stop().
 */
class RoDirectTunnelSet
{
  public:
    /// Asks for the next (MR CoA, CR CoA) pair to be tried; false when none is left.
    using TryNextPairCallback = std::function<bool(Ipv4Address peer)>;
    /// Tells the MR role that the route optimization with a peer fell back (its timers).
    using FallingBackCallback = std::function<void(Ipv4Address peer)>;
    /// The first keepalive came through a tunnel: (peer, whether the pair was on trial).
    using VerifiedCallback = std::function<void(Ipv4Address peer, bool probed)>;

    /// \param context what the parts of the optimizer share
    explicit RoDirectTunnelSet(RoContext& context);

    /// \param tryNextPair pair choice \param fallingBack MR role \param verified setup
    void SetCallbacks(TryNextPairCallback tryNextPair,
                      FallingBackCallback fallingBack,
                      VerifiedCallback verified);
    /// Moves the tunnel to a pair measured faster (MeasuredRtt); false if it cannot.
    using MovePairCallback = RoPairProber::MovePairCallback;
    /// \param movePair the pair switcher's measured move
    void SetMovePairCallback(MovePairCallback movePair);
    /// \param random the stream of the endpoint challenges' (and pair probes') nonces
    void SetRandom(Ptr<UniformRandomVariable> random);
    /// \return the pair probes of the MeasuredRtt policy
    RoPairProber& GetPairProber();
    /**
     * \brief A measured move with the same care-of address of ours: the tunnel left stays
     * an alternate (it keeps being probed, and the peer may still use it).
     * \param peer the other router \param tunnel the tunnel left
     */
    void KeepAsAlternate(Ipv4Address peer, Ptr<MipTunnel> tunnel);

    /**
     * \param peer the other router \param local our CoA \param remote its CoA
     * \param encapsulation the encapsulation (the one the MR of the binding asked for)
     * \return the direct tunnel (the previous one of the peer is retired)
     */
    Ptr<MipTunnel> MakeTunnel(Ipv4Address peer,
                              Ipv4Address local,
                              Ipv4Address remote,
                              MipEncapsulation encapsulation);
    /**
     * \brief Tunnels for the other (local, remote) pairs with a peer, so that a keepalive
     * arriving on one of them (probing, or the peer after it moved) is accepted and followed:
     * as CR from each of our usable care-of addresses to the MR's; as MR from ours to each
     * address of the CR's Care-of Address extension.
     * \param peer the other router \param locals our addresses \param remotes its addresses
     * \param encapsulation the binding's
     */
    void MakeAlternateTunnels(Ipv4Address peer,
                              const std::vector<Ipv4Address>& locals,
                              const std::vector<Ipv4Address>& remotes,
                              MipEncapsulation encapsulation);
    /**
     * \brief One more alternate tunnel with a peer.
     * \param peer the other router \param local a usable care-of address of ours
     * \param remote an address of the peer \param encapsulation the binding's
     */
    void AddAlternate(Ipv4Address peer,
                      Ipv4Address local,
                      Ipv4Address remote,
                      MipEncapsulation encapsulation);
    /**
     * \brief Stops using the direct tunnel (back to the HA path): retires it, forgets the
     * failed pairs and, unless the peer is registered with us, its alternates.
     * \param peer the other router \param reason why
     */
    void FallBack(Ipv4Address peer, RoFallbackReason reason);
    /**
     * \brief CR role: our care-of address changed: move our end of the direct tunnels that
     * used the old one and announce it with a keepalive (the MR follows).
     * \param oldCareOf previous address \param newCareOf new address
     */
    void MoveCorrespondentTunnels(Ipv4Address oldCareOf, Ipv4Address newCareOf);

    /// \param peer the other router: keepalive timer (also sends the first at once)
    void SendKeepalive(Ipv4Address peer);
    /// \param peer the other router: the tunnel carries nothing until a keepalive is
    /// answered through it (RFC 6521 section 3.3.4); the first keepalive goes now
    void StartFirstKeepalive(Ipv4Address peer);
    /// \param peer the other router: a keepalive now, then every interval
    void KeepaliveNow(Ipv4Address peer);
    /// \param peer the other router: starts the keepalive timer unless running (or off)
    void EnsureKeepalives(Ipv4Address peer);
    /// \param peer the other router: stops the keepalive timer and forgets the misses
    void StopKeepalives(Ipv4Address peer);
    /// \param peer the other router \param awaiting whether the tunnel awaits its first
    /// answered keepalive before it carries data
    void SetAwaitingFirstKeepalive(Ipv4Address peer, bool awaiting);
    /// \param peer the other router \return whether its tunnel awaits its first keepalive
    bool IsAwaitingFirstKeepalive(Ipv4Address peer) const;
    /// \param peer the other router \param probing a (MR CoA, CR CoA) pair is on trial
    void SetProbing(Ipv4Address peer, bool probing);
    /// \param peer the other router \return whether a pair is on trial
    bool IsProbing(Ipv4Address peer) const;
    /// \param peer the other router: we answer its keepalive now (its side works)
    void NotePeerKeepalive(Ipv4Address peer);

    /**
     * \param tunnel a tunnel that is not to the Home Agent \param inner inner header
     * \return true if it is a direct tunnel of ours and the inner packet is for our
     * networks or home address (ingress filtered)
     */
    bool Accept(Ptr<MipTunnel> tunnel, const Ipv4Header& inner);
    /**
     * \brief A datagram on a port-learning UDP tunnel from another port (the tunnel layer's
     * endpoint callback): the answer to our challenge of that port moves the tunnel there;
     * anything else is counted (UNAUTHENTICATED_ENDPOINT) and makes us challenge the port.
     * Data is still delivered (ingress filtered): the outer port is no more authenticated
     * than the outer address, which anyone can spoof together with the current port, and a
     * NATed peer's traffic must not be lost while the proof is under way; keepalives are not
     * (their answer would go to the old port, and they must not count as liveness).
     * \param tunnel the tunnel \param port the source port \param p inner packet
     * \return true if consumed
     */
    bool OnUnprovenPort(Ptr<MipTunnel> tunnel, uint16_t port, Ptr<Packet> p);

    /// \param peer the other router \return the interval of its keepalives now (the
    /// adapted one, RFC 6521 section 3.3.4, or the fixed one; shortened behind a NAT; while
    /// other pairs are probed, at least RoPairProber::KeepaliveFloor())
    Time GetKeepaliveInterval(Ipv4Address peer) const;
    /// \param peer the other router \return the round-trip time of its keepalives
    /// (smoothed, RFC 6298), or nullptr if no session
    const RoRttEstimator* GetKeepaliveRtt(Ipv4Address peer) const;

    /// \param peer the other router \return true if a session is held for it
    bool HasSession(Ipv4Address peer) const;
    /// \param peers adds the home addresses of the peers a session is held for
    void AddPeers(std::set<uint32_t>& peers) const;
    /// Cancels every timer (nothing runs on a stopped or disposed optimizer).
    void Stop();
    /// Forgets every session (and the tunnels they hold).
    void Clear();

  private:
    /// What is kept per peer about its direct tunnels.
    struct Session
    {
        EventId keepaliveTimer;             //!< keepalives
        uint16_t keepaliveSequence{0};      //!< last keepalive sent
        uint32_t keepaliveUnanswered{0};    //!< consecutive unanswered
        bool awaitingFirstKeepalive{false}; //!< the tunnel is not verified yet
        bool probing{false};                //!< a new (MR CoA, CR CoA) pair is on trial
        Ptr<MipTunnel> oldTunnel;           //!< kept for the grace period
        std::vector<EventId> graceTimers;   //!< removals of retired tunnels (cancellable)
        Time lastPeerKeepalive;             //!< when we last answered a keepalive of the peer
        Time keepaliveInterval{0}; //!< shortened interval behind a NAT (0: the configured one)
        RoRttEstimator rtt;        //!< round-trip time of our keepalives on the tunnel in use
        /// (sequence, when sent) of our last keepalives, by sequence modulo the size
        std::array<std::pair<uint16_t, Time>, 8> sent{};
        Time tracedInterval; //!< the adapted interval last reported (KEEPALIVE_ADAPTED)
        /// tunnels from our other care-of addresses to the peer's, on which it may probe
        std::vector<Ptr<MipTunnel>> alternates;
    };

    /// \param peer the other router \return its session (created when absent)
    Session& Get(Ipv4Address peer);
    /// \param peer the other router \return its session, or nullptr
    const Session* Find(Ipv4Address peer) const;
    /// \param peer the other router \param tunnel retired tunnel: removed after the grace
    void RetireTunnel(Ipv4Address peer, Ptr<MipTunnel> tunnel);
    /// \param peer removes its alternate tunnels (except the one in use)
    void RemoveAlternateTunnels(Ipv4Address peer);
    /// \param tunnel one of our direct tunnels: hooks our keepalive interception on it
    void HookTunnel(Ptr<MipTunnel> tunnel);
    /// \param peer the other router \return its keepalive interval now
    Time KeepaliveInterval(Ipv4Address peer);
    /// \param s a session \return its keepalive interval before the NAT shortening: the
    /// configured one, or the one adapted to the RTT (RoRttEstimator)
    Time BaseKeepaliveInterval(const Session& s) const;
    /**
     * \brief An echo reply to one of our keepalives came back through the tunnel in use:
     * one RTT sample (RFC 6298), the interval follows (RFC 6521 section 3.3.4).
     * \param peer the other router \param sequence the reply's sequence number
     */
    void OnKeepaliveAnswered(Ipv4Address peer, uint16_t sequence);
    /**
     * \param peer the other router
     * \return MeasuredRtt, the end that chooses the pair, with a working tunnel: the
     * tunnels of the other pairs (from a usable care-of address of ours to one the peer
     * listed); otherwise none
     */
    std::vector<Ptr<MipTunnel>> PairCandidates(Ipv4Address peer) const;
    /// \param peer the other router (with a direct tunnel) \return the pair in use, with
    /// the SRTT and sample count of its keepalives
    CareOfPairRtt CurrentPair(Ipv4Address peer);
    /// \param s a session: the tunnel's path changed, forget its RTT samples
    static void ResetRtt(Session& s);
    /**
     * \brief Behind a NAT, the peer's keepalives stopped arriving although ours are
     * answered: our NAT mapping times out between our keepalives (its timeout is shorter
     * than the interval) and filters what the peer sends in between. Halve the interval
     * (not below 200 ms, RFC 6521's MAX_UPDATE_RATE of 5 per second; RFC 3519 section 4.10
     * does the same for the Home Agent path).
     * \param peer the other router
     */
    void CheckNatMapping(Ipv4Address peer);
    /**
     * \brief Decapsulated packets of our direct tunnels, before the ingress filter: an echo
     * reply that returns the nonce of our challenge through that tunnel proves it (an
     * alternate pair is switched to); a peer's keepalive on an alternate pair only gets a
     * challenge there (RFC 6521 section 6.1 probing, moved only on proof).
     * \param tunnel the tunnel \param p inner packet \param inner its header
     * \return true if consumed
     */
    bool InterceptKeepalive(Ptr<MipTunnel> tunnel, Ptr<Packet> p, const Ipv4Header& inner);
    /// \param peer the other router \param tunnel a keepalive or its answer arrived on it
    /// from its proven end: the path works (activates a tunnel awaiting its first keepalive)
    void OnPeerKeepalive(Ipv4Address peer, Ptr<MipTunnel> tunnel);
    /// \param tunnel its end answered our challenge: follow it (switch to it if alternate)
    void OnProven(Ptr<MipTunnel> tunnel);
    /**
     * \brief Sends a return reachability challenge (an echo carrying a nonce) through a
     * tunnel, to another remote port when given; rate-limited by the prover.
     * \param tunnel the tunnel \param port the remote port to prove
     */
    void Challenge(Ptr<MipTunnel> tunnel, uint16_t port);
    /**
     * \param entry the peer's entry \param source an inner source address
     * \return true if it is the peer's home address or in one of its HA-confirmed prefixes
     * (ingress filtering on direct tunnels); a prefix in conflict with another router's
     * (RFC 6521 section 3.3.2) allows nothing
     */
    bool SourceAllowed(const RocEntry& entry, Ipv4Address source) const;
    /// \param s a session \param tunnel a tunnel \return true if it is one of its alternates
    static bool IsAlternate(const Session& s, Ptr<MipTunnel> tunnel);

    RoContext& m_ctx;                       //!< shared with the other parts
    std::map<uint32_t, Session> m_sessions; //!< by peer home address
    EndpointProver m_prover;                //!< challenges of new tunnel ends
    TryNextPairCallback m_tryNextPair;      //!< pair choice
    FallingBackCallback m_fallingBack;      //!< MR role's timers
    VerifiedCallback m_verified;            //!< Setup trace
    RoPairProber m_pairProber;              //!< MeasuredRtt probes
};

} // namespace ns3

#endif /* RO_DIRECT_TUNNEL_SET_H */
