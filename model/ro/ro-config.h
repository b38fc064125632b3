/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef RO_CONFIG_H
#define RO_CONFIG_H

#include "ns3/ipv4-address.h"
#include "ns3/mip-tunnel.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief One uplink as the route optimizer sees it: care-of address, device, next hop and
 * whether it is registered with the Home Agent (usable).
 */
struct RoUplink
{
    Ipv4Address careOf;    //!< the uplink's address
    Ptr<NetDevice> device; //!< its device
    Ipv4Address gateway;   //!< its next hop
    bool usable{false};    //!< registered with the Home Agent
};

/**
 * \ingroup haaro
 * \brief How the end that chooses the (MR CoA, CR CoA) pair of a direct tunnel picks it
 * among the working ones (RouteOptimizer's PairPolicy attribute).
 */
enum class RoPairPolicy : uint8_t
{
    FIRST_WORKING, //!< "FirstWorking": the first pair that answers, kept until it fails
    /// "MeasuredRtt": the other pairs are probed with authenticated echoes and the tunnel
    /// moves to a pair whose smoothed RTT is lower by the switch margin (RFC 6521 3.3.4)
    MEASURED_RTT,
};

/**
 * \ingroup haaro
 * \brief Timers and choices of route optimization, as RouteOptimizer::Setup() reads them
 * from the RouteOptimizer's attributes (the field of the same name without prefix). An
 * internal snapshot: it has no defaults of its own, the attributes have the only ones.
 *
 * RFC 6521 leaves the MR-CR binding lifetime, its refresh and the return routability
 * retransmission unspecified (ambiguity A8); these are this model's readings.
 */
struct RoConfig
{
    Time bindingLifetime;          //!< BindingLifetime: requested from correspondent routers
    double renewalFraction{};      //!< RenewalFraction: refresh after this part of it
    Time retransmission;           //!< Retransmission: first RR/registration timeout
    uint32_t maxRetransmissions{}; //!< MaxRetransmissions: then fall back to the HA path
    /// KeepaliveInterval: ICMP echo in the direct tunnel (fixed, or before an RTT sample)
    Time keepaliveInterval;
    uint32_t keepaliveMisses{}; //!< KeepaliveMisses: unanswered before falling back
    /// KeepaliveAdaptive: the interval follows the keepalives' RTT (RFC 6521 3.3.4)
    bool keepaliveAdaptive{};
    Time keepaliveMinInterval;     //!< KeepaliveMinInterval: lower bound of the adapted interval
    Time keepaliveMaxInterval;     //!< KeepaliveMaxInterval: upper bound of the adapted interval
    double keepaliveRtoMultiple{}; //!< KeepaliveRtoMultiple: adapted interval in RFC 6298 RTOs
    /// CrErrorReplies: burst of unauthenticated error replies (131) of the CR role
    uint32_t crErrorReplies{};
    Time crErrorReplyInterval; //!< CrErrorReplyInterval: one more error reply per interval
    Time holdDown;             //!< HoldDown: wait after a failure before trying again
    Time grace;                //!< Grace: old tunnel kept after a change
    Time solicitationWait;     //!< SolicitationWait: how long a CR waits for the HA
    /// UnknownPeerSolicitations: solicitations for home addresses the HA never advertised
    /// to us: at most this many at once (a burst), refilled one per solicitationWait (A8:
    /// an attacker's requests cannot make the CR re-register at its HA more often)
    uint32_t unknownPeerSolicitations{};
    MipEncapsulation encapsulation{}; //!< Encapsulation: of direct tunnels
    bool fullMesh{};                  //!< FullMesh: every advertised router at once
    bool spreadPeers{};               //!< SpreadPeers: a care-of address per CR
    bool tryOtherPairs{};             //!< TryOtherPairs: probe the other pairs first
    /// MaxTokenLifetime: keygen tokens (and KRm) are reused for this long after the Test
    /// Init that obtained them (RFC 6521 sections 3.2 and 9)
    Time maxTokenLifetime;
    /// MutualRegistration: as CR, register with an MR that registered with us (RFC 6521
    /// section 3.3.3, figure F15 step 12)
    bool mutualRegistration{};
    /// InitiateTowardsOutboundOnly: start route optimization towards an outbound-only
    /// router (Info=1), which opens the tunnel from inside (RFC 6521 sections 3.2, 6.1)
    bool initiateTowardsOutboundOnly{};
    /// NatPairProbing: behind a NAT ourselves, probe an outbound-only router's listed
    /// care-of addresses once per care-of address of ours (same NAT, section 6.1)
    bool natPairProbing{};
    RoPairPolicy pairPolicy{}; //!< PairPolicy: which working pair to use
    /// PairProbeInterval: at most one probe of another pair per peer per interval
    Time pairProbeInterval;
    uint32_t pairProbeSamples{}; //!< PairProbeSamples: RTT samples before a pair is compared
    double pairSwitchMargin{};   //!< PairSwitchMargin: SRTT lower by this fraction to move
    Time pairSwitchMinGain;      //!< PairSwitchMinGain: and by at least this much
    Time pairHoldDown;           //!< PairHoldDown: at most one measured move per interval
};

} // namespace ns3

#endif /* RO_CONFIG_H */
