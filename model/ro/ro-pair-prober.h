/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef RO_PAIR_PROBER_H
#define RO_PAIR_PROBER_H

#include "care-of-pair-selector.h"
#include "ro-context.h"
#include "ro-rtt-estimator.h"

#include "ns3/event-id.h"
#include "ns3/mip-icmp-echo.h"
#include "ns3/mip-tunnel.h"

#include <functional>
#include <map>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The pair probes of the MeasuredRtt pair policy (RoPairPolicy): the round-trip time
 * of the (MR CoA, CR CoA) pairs not in use, measured with ICMP echoes through their direct
 * tunnels (RFC 6521 section 3.3.4 keepalives, "adapting to the perceived latency"), so that
 * the end that chooses the pair can move to a faster one (CareOfPairSelector::MeasuredBest).
 *
 * A probe is an echo request between the home addresses inside the tunnel of a candidate
 * pair, with identifier ProbeIdentifier(receiver) (the one's complement of the keepalive's,
 * so that the receiver tells it from a keepalive) and 8 octets of fresh random nonce. The
 * receiver answers it on the same tunnel (not the one in use, where routing would send a
 * reply), so that the sample is the RTT of that pair in both directions; it changes no
 * state there (no challenge, no pair switch). A sample is taken only from an answer that
 * returns the nonce of the last probe on that pair (return reachability: an answer cannot
 * be made up off the path), and a pair whose last KeepaliveMisses probes went unanswered
 * has its samples forgotten. Moving to the chosen pair is not done here: it goes through
 * the registration and endpoint proof of any pair switch (RoPairSwitcher).
 *
 * Rate: one probe per peer per PairProbeInterval (the probe timer, ProbeOtherPairs(), never
 * sooner than that after the last probe, NextProbeAt()); candidates in turn (round robin).
 * Probes count with the keepalives against RFC 6521's MAX_UPDATE_RATE (section 3.3.4: "the
 * maximum amount of keepalives SHOULD at no point exceed MAX_UPDATE_RATE times per
 * second"): PairProbeInterval is at least 250 ms (at most 4 probes in any second), and while
 * a peer's other pairs are probed its keepalives are spaced at least KeepaliveFloor(), so
 * that the probes and keepalives in any second are at most MAX_UPDATE_RATE.
 * The candidates, the pair in use and the move come from the owner (RoDirectTunnelSet) by
 * callbacks.
 */
class RoPairProber
{
  public:
    /**
     * A probe or its answer was sent (the overhead of the policy): the peer, our end and its
     * end of the pair, the octets of the outer datagram (encapsulation included), and
     * whether it was an answer.
     */
    using TraceCallback = std::function<void(Ipv4Address peer,
                                             Ipv4Address local,
                                             Ipv4Address remote,
                                             uint32_t octets,
                                             bool answer)>;
    /// The tunnels of the other pairs with a peer that may be probed now (none: no probing).
    using CandidatesCallback = std::function<std::vector<Ptr<MipTunnel>>(Ipv4Address peer)>;
    /// The pair in use with a peer, with the SRTT and sample count of its keepalives.
    using CurrentPairCallback = std::function<CareOfPairRtt(Ipv4Address peer)>;
    /// Moves the tunnel to a pair measured faster (MeasuredRtt); false if it cannot.
    using MovePairCallback = std::function<bool(Ipv4Address peer, const CareOfPair& pair)>;

    /// \param context what the parts of the optimizer share
    explicit RoPairProber(RoContext& context);

    /// \param random the stream of the nonces
    void SetRandom(Ptr<UniformRandomVariable> random);
    /// \param trace called for every probe and answer sent
    void SetTrace(TraceCallback trace);
    /// \param candidates the pairs to probe \param current the pair in use
    void SetCallbacks(CandidatesCallback candidates, CurrentPairCallback current);
    /// \param movePair the pair switcher's measured move
    void SetMovePairCallback(MovePairCallback movePair);

    /**
     * \brief The probe timer: MeasuredRtt, the end that chooses the pair, with a working
     * tunnel: a probe of another pair now and every PairProbeInterval while there are other
     * pairs (started by a keepalive, never sooner than PairProbeInterval after the last).
     * \param peer the other router
     */
    void ProbeOtherPairs(Ipv4Address peer);
    /// \param peer the other router: compares the pairs' SRTTs and moves the tunnel to a
    /// faster one (CareOfPairSelector::MeasuredBest), at most once per hold-down, once every
    /// other pair has been measured (or stopped answering)
    void EvaluatePairs(Ipv4Address peer);
    /// \param peer the other router: stops its probe timer
    void StopProbing(Ipv4Address peer);
    /// Stops every probe timer.
    void Stop();

    /// RFC 6521 section 9: keepalives (and, in our reading, pair probes) per second and peer
    static constexpr uint32_t MAX_UPDATE_RATE = 5;

    /// \param receiver the home address a probe is sent to \return its echo identifier
    static uint16_t ProbeIdentifier(Ipv4Address receiver);
    /// \return the least keepalive interval while other pairs are probed: the probes of one
    /// second (at most ceil(1 s / PairProbeInterval)) and the keepalives together at most
    /// MAX_UPDATE_RATE
    Time KeepaliveFloor() const;

    /**
     * \brief Chooser role: sends one probe through the next candidate tunnel (in turn).
     * \param peer the other router \param candidates tunnels of the other pairs with it
     */
    void Probe(Ipv4Address peer, const std::vector<Ptr<MipTunnel>>& candidates);
    /// \param peer the other router \return the earliest time of its next probe (the last
    /// one's plus PairProbeInterval; the past if none was sent)
    Time NextProbeAt(Ipv4Address peer) const;

    /// What Intercept() did with an echo.
    enum class Outcome
    {
        NOT_A_PROBE, //!< not a probe or its answer: for the keepalive logic
        ANSWERED,    //!< a probe of the peer, answered on its tunnel
        SAMPLED,     //!< the answer to our last probe on that pair: one RTT sample
        IGNORED,     //!< a probe answer that is not for our last probe (dropped)
    };

    /**
     * \param tunnel the tunnel it came through \param echo the parsed echo (from the peer's
     * home address to ours)
     * \return what was done
     */
    Outcome Intercept(Ptr<MipTunnel> tunnel, const MipIcmpEcho::Parsed& echo);

    /// \param peer the other router \return the pairs measured (the in-use one excluded by
    /// the caller), with their SRTT and sample count
    std::vector<CareOfPairRtt> Measured(Ipv4Address peer) const;
    /**
     * \param peer the other router \param candidates tunnels of the other pairs with it
     * \return whether each has PairProbeSamples samples or stopped answering
     */
    bool Complete(Ipv4Address peer, const std::vector<Ptr<MipTunnel>>& candidates) const;
    /// \param peer the other router \return whether its PairHoldDown since the last move is over
    bool MayMove(Ipv4Address peer) const;
    /**
     * \brief A measured move starts: the hold-down starts and the pair left keeps what was
     * measured of it (its keepalives' SRTT) as a candidate.
     * \param peer the other router \param left the pair in use until now
     */
    void OnMoved(Ipv4Address peer, const CareOfPairRtt& left);
    /// \param peer the other router: forget its probes (the route optimization ended)
    void Forget(Ipv4Address peer);
    /// Forgets everything.
    void Clear();

  private:
    /// The probe state of one pair.
    struct PairState
    {
        RoRttEstimator rtt;     //!< its samples
        uint16_t sequence{0};   //!< of the last probe
        uint64_t nonce{0};      //!< of the last probe (0: none outstanding)
        Time sent;              //!< when the last probe went
        uint32_t unanswered{0}; //!< consecutive unanswered probes
        CareOfPair pair;        //!< the pair
    };

    /// The probe state of one peer.
    struct PeerState
    {
        std::map<std::pair<uint32_t, uint32_t>, PairState> pairs; //!< by (local, remote)
        size_t next{0};                                           //!< round robin
        uint16_t sequence{0};                                     //!< last probe sent
        Time lastProbe{Time::Min()};                              //!< when
        Time lastMove{Time::Min()};                               //!< last measured move
    };

    /// \param tunnel a tunnel \param p its inner datagram \param peer the peer
    /// \param answer whether it is an answer: sends it and traces it
    void Send(Ptr<MipTunnel> tunnel, Ptr<Packet> p, Ipv4Address peer, bool answer);

    RoContext& m_ctx;                      //!< shared with the other parts
    Ptr<UniformRandomVariable> m_random;   //!< nonces
    TraceCallback m_trace;                 //!< overhead
    CandidatesCallback m_candidates;       //!< the pairs to probe
    CurrentPairCallback m_current;         //!< the pair in use
    MovePairCallback m_movePair;           //!< measured moves
    std::map<uint32_t, PeerState> m_peers; //!< by peer home address
    std::map<uint32_t, EventId> m_timers;  //!< probe timers, by peer home address
};

} // namespace ns3

#endif /* RO_PAIR_PROBER_H */
