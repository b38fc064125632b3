/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef RO_PEER_EVENT_H
#define RO_PEER_EVENT_H

#include "ns3/ipv4-address.h"
#include "ns3/mip-prefix.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <ostream>
#include <string>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief What happened with a peer router in RFC 6521 route optimization: the values of
 * the RouteOptimizer's "PeerEvent" trace source (RoPeerEventInfo::event).
 *
 * Printed (operator<<) as the words of the event log, e.g. "tunnel-up".
 */
enum class RoPeerEvent : uint8_t
{
    ADVERTISEMENT,             //!< "advertisement": the HA advertised the peer (RFC 6521 4.2)
    RO_DECLINED_BY_HA,         //!< "ro-declined-by-ha": RO Reply code >= 16 (peer: the HA)
    RO_ALLOWED_BY_HA,          //!< "ro-allowed-by-ha": no longer declined (peer: the HA)
    NO_RO,                     //!< "no-ro": the peer is outbound-only (section 6.1)
    RR_STARTED,                //!< "rr-started": return routability started (section 3.2)
    KRM_ESTABLISHED,           //!< "krm-established": both tokens in, KRm computed
    REGISTRATION_SENT,         //!< "ro-registration-sent": request to the CR (section 3.3.2)
    DEREGISTRATION_SENT,       //!< "ro-deregistration-sent": lifetime-0 request to the CR
    REGISTRATION_ACCEPTED,     //!< "ro-registration-accepted": the CR accepted (code 0/1)
    REGISTRATION_PRE_ACCEPTED, //!< "ro-registration-pre-accepted": code 2 (section 3.3.3)
    REGISTRATION_REJECTED,     //!< "ro-registration-rejected": the CR refused (code)
    REQUEST_UNAUTHENTICATED,   //!< "ro-request-unauthenticated": CR role, MC auth failed
    REQUEST_REPLAYED,          //!< "ro-request-replayed": CR role, Identification replayed
    SOLICIT,                   //!< "solicit": CR role, asked the HA for the peer's prefixes
    PEER_REGISTERED,           //!< "peer-registered": CR role, the MR registered with us
    PEER_DEREGISTERED,         //!< "peer-deregistered": CR role, the MR de-registered
    TUNNEL_UP,                 //!< "tunnel-up": a new direct tunnel (local, remote)
    FALLBACK,                  //!< "fallback": back to the HA path (reason)
    HANDOVER,                  //!< "handover": binding moved to another CoA (section 3.3.6)
    NAT_KEEPALIVE_SHORTENED,   //!< "nat-keepalive-shortened": interval halved (interval)
    PAIR_VERIFIED,             //!< "pair-verified": a keepalive was answered on the pair
    UDP_TUNNEL_VERIFIED,       //!< "udp-tunnel-verified": the first keepalive came through
    ENDPOINT_CHALLENGED,       //!< "endpoint-challenged": nonce sent (local, remote, port)
    PAIR_SWITCHED,             //!< "pair-switched": the peer's pair proven (local, remote)
    PORT_PROVEN,               //!< "port-proven": the tunnel follows (remote, ports)
    CR_MOVED,                  //!< "cr-moved": CR role, our end moved (local -> nextLocal)
    PAIR_FAILED,               //!< "pair-failed": (local, remote) failed, next tried
    /// "awaiting-inside-opening": MR role, registered with an outbound-only CR (Info=1)
    /// from a public care-of address: it opens the UDP tunnel from inside (section 6.1)
    INSIDE_OPENING_AWAITED,
    /// "inside-opening-proven": the CR's translated end (remote, port) answered the nonce we
    /// sent to its home address: the tunnel goes there (section 6.1)
    INSIDE_OPENING_PROVEN,
    KEEPALIVE_ADAPTED, //!< "keepalive-adapted": interval follows the RTT (interval, rtt)
    PREFIX_CONFLICT,   //!< "prefix-conflict": overlapping private prefix (prefix)
    /// "pair-moved": MeasuredRtt, (local, remote) left for the faster (nextLocal, nextRemote)
    PAIR_MOVED,
};

/**
 * \ingroup haaro
 * \brief Why a router went back to the Home Agent path with a peer (RoPeerEvent::FALLBACK).
 */
enum class RoFallbackReason : uint8_t
{
    NONE,                 //!< not a fallback
    RR_TIMEOUT,           //!< "return routability timeout"
    NO_REPLY,             //!< "no reply from the correspondent router" (section 3.3.6)
    REGISTRATION_REFUSED, //!< "registration refused"
    NO_CARE_OF_ADDRESS,   //!< "no care-of address from the correspondent router"
    PEER_DEREGISTERED,    //!< "peer de-registered"
    PEER_BINDING_EXPIRED, //!< "peer binding expired"
    KEEPALIVE_TIMEOUT,    //!< "keepalive timeout"
    AWAITING_PEER_PROBES, //!< "keepalive timeout; awaiting the peer's probes" (binding kept)
    NO_INSIDE_OPENING,    //!< "the outbound-only correspondent router opened no tunnel"
};

/**
 * \ingroup haaro
 * \brief One event of the "PeerEvent" trace source of RouteOptimizer: the peer, what
 * happened and the typed details the event has (the other fields keep their defaults).
 *
 * operator<< prints it as the event log's text, e.g. "tunnel-up 10.1.0.2 <-> 10.3.0.2"
 * (without the peer).
 */
struct RoPeerEventInfo
{
    /// \param peer the other router's home address \param event what happened
    RoPeerEventInfo(Ipv4Address peer, RoPeerEvent event);

    Ipv4Address peer;  //!< the other router's home address (the HA for *_BY_HA)
    RoPeerEvent event; //!< what happened
    /// RR_STARTED: care-of test only (partial return routability, RFC 6521 section 3.2)
    bool partial{false};
    /// NO_RO: we are behind a NAT as well (separate NATs: RFC 6521 section 3.3.4); else
    /// InitiateTowardsOutboundOnly is false and the peer initiates
    bool bothBehindNats{false};
    /// REGISTRATION_ACCEPTED, REGISTRATION_PRE_ACCEPTED, REGISTRATION_REJECTED: reply code
    uint8_t code{0};
    RoFallbackReason reason{RoFallbackReason::NONE}; //!< FALLBACK: why
    /// TUNNEL_UP, ENDPOINT_CHALLENGED, PAIR_SWITCHED, PAIR_FAILED, PAIR_MOVED: our end;
    /// CR_MOVED: old CoA
    Ipv4Address local;
    /// TUNNEL_UP, ENDPOINT_CHALLENGED, PAIR_SWITCHED, PAIR_FAILED, PAIR_MOVED, PORT_PROVEN,
    /// INSIDE_OPENING_PROVEN: peer's end
    Ipv4Address remote;
    /// PAIR_FAILED, PAIR_MOVED: our end of the pair tried next; CR_MOVED: new CoA
    Ipv4Address nextLocal;
    Ipv4Address nextRemote; //!< PAIR_FAILED, PAIR_MOVED: the peer's end of the pair tried next
    /// ENDPOINT_CHALLENGED: challenged port; PORT_PROVEN, INSIDE_OPENING_PROVEN: new port
    uint16_t port{0};
    uint16_t previousPort{0}; //!< PORT_PROVEN: the port the tunnel used before
    /// NAT_KEEPALIVE_SHORTENED, KEEPALIVE_ADAPTED: the new keepalive interval
    Time interval;
    Time rtt; //!< KEEPALIVE_ADAPTED: the smoothed round-trip time of the keepalives (SRTT)
    /// REGISTRATION_REJECTED: false when the reply was not authenticated (a CR's 131 or
    /// 201-203, which it cannot sign; used only for a registration not yet established)
    bool authenticated{true};
    MipPrefix prefix; //!< PREFIX_CONFLICT: the peer's prefix that overlaps another router's

    /// \return the text after the event's name ("" if none), e.g. "(keepalive timeout)"
    std::string Detail() const;
};

/// \param event an event \return its name in the event log, e.g. "tunnel-up"
std::string RoPeerEventName(RoPeerEvent event);
/// \param reason a fallback reason \return its text, e.g. "keepalive timeout"
std::string RoFallbackReasonText(RoFallbackReason reason);
/**
 * \param reason a fallback reason
 * \return true if it is a failure of the direct path worth reporting even when no tunnel
 * was active (a timeout, or no reply of the correspondent router)
 */
bool RoFallbackReasonIsFailure(RoFallbackReason reason);

/// \param os stream \param event event \return os (the event's name)
std::ostream& operator<<(std::ostream& os, RoPeerEvent event);
/// \param os stream \param reason reason \return os (its text)
std::ostream& operator<<(std::ostream& os, RoFallbackReason reason);
/// \param os stream \param info event \return os (name and detail, e.g. "rr-started")
std::ostream& operator<<(std::ostream& os, const RoPeerEventInfo& info);

} // namespace ns3

#endif /* RO_PEER_EVENT_H */
