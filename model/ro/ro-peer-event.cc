/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ro-peer-event.h"

#include "ns3/mip-registration-reply.h"

#include <sstream>

namespace ns3
{

RoPeerEventInfo::RoPeerEventInfo(Ipv4Address peer, RoPeerEvent event)
    : peer(peer),
      event(event)
{
}

std::string
RoPeerEventName(RoPeerEvent event)
{
    switch (event)
    {
    case RoPeerEvent::ADVERTISEMENT:
        return "advertisement";
    case RoPeerEvent::RO_DECLINED_BY_HA:
        return "ro-declined-by-ha";
    case RoPeerEvent::RO_ALLOWED_BY_HA:
        return "ro-allowed-by-ha";
    case RoPeerEvent::NO_RO:
        return "no-ro";
    case RoPeerEvent::RR_STARTED:
        return "rr-started";
    case RoPeerEvent::KRM_ESTABLISHED:
        return "krm-established";
    case RoPeerEvent::REGISTRATION_SENT:
        return "ro-registration-sent";
    case RoPeerEvent::DEREGISTRATION_SENT:
        return "ro-deregistration-sent";
    case RoPeerEvent::REGISTRATION_ACCEPTED:
        return "ro-registration-accepted";
    case RoPeerEvent::REGISTRATION_PRE_ACCEPTED:
        return "ro-registration-pre-accepted";
    case RoPeerEvent::REGISTRATION_REJECTED:
        return "ro-registration-rejected";
    case RoPeerEvent::REQUEST_UNAUTHENTICATED:
        return "ro-request-unauthenticated";
    case RoPeerEvent::REQUEST_REPLAYED:
        return "ro-request-replayed";
    case RoPeerEvent::SOLICIT:
        return "solicit";
    case RoPeerEvent::PEER_REGISTERED:
        return "peer-registered";
    case RoPeerEvent::PEER_DEREGISTERED:
        return "peer-deregistered";
    case RoPeerEvent::TUNNEL_UP:
        return "tunnel-up";
    case RoPeerEvent::FALLBACK:
        return "fallback";
    case RoPeerEvent::HANDOVER:
        return "handover";
    case RoPeerEvent::NAT_KEEPALIVE_SHORTENED:
        return "nat-keepalive-shortened";
    case RoPeerEvent::PAIR_VERIFIED:
        return "pair-verified";
    case RoPeerEvent::UDP_TUNNEL_VERIFIED:
        return "udp-tunnel-verified";
    case RoPeerEvent::ENDPOINT_CHALLENGED:
        return "endpoint-challenged";
    case RoPeerEvent::PAIR_SWITCHED:
        return "pair-switched";
    case RoPeerEvent::PORT_PROVEN:
        return "port-proven";
    case RoPeerEvent::CR_MOVED:
        return "cr-moved";
    case RoPeerEvent::PAIR_FAILED:
        return "pair-failed";
    case RoPeerEvent::INSIDE_OPENING_AWAITED:
        return "awaiting-inside-opening";
    case RoPeerEvent::INSIDE_OPENING_PROVEN:
        return "inside-opening-proven";
    case RoPeerEvent::KEEPALIVE_ADAPTED:
        return "keepalive-adapted";
    case RoPeerEvent::PREFIX_CONFLICT:
        return "prefix-conflict";
    case RoPeerEvent::PAIR_MOVED:
        return "pair-moved";
    }
    return "unknown";
}

std::string
RoFallbackReasonText(RoFallbackReason reason)
{
    switch (reason)
    {
    case RoFallbackReason::NONE:
        return "";
    case RoFallbackReason::RR_TIMEOUT:
        return "return routability timeout";
    case RoFallbackReason::NO_REPLY:
        return "no reply from the correspondent router";
    case RoFallbackReason::REGISTRATION_REFUSED:
        return "registration refused";
    case RoFallbackReason::NO_CARE_OF_ADDRESS:
        return "no care-of address from the correspondent router";
    case RoFallbackReason::PEER_DEREGISTERED:
        return "peer de-registered";
    case RoFallbackReason::PEER_BINDING_EXPIRED:
        return "peer binding expired";
    case RoFallbackReason::KEEPALIVE_TIMEOUT:
        return "keepalive timeout";
    case RoFallbackReason::AWAITING_PEER_PROBES:
        return "keepalive timeout; awaiting the peer's probes";
    case RoFallbackReason::NO_INSIDE_OPENING:
        return "the outbound-only correspondent router opened no tunnel";
    }
    return "";
}

bool
RoFallbackReasonIsFailure(RoFallbackReason reason)
{
    return reason == RoFallbackReason::RR_TIMEOUT || reason == RoFallbackReason::NO_REPLY ||
           reason == RoFallbackReason::KEEPALIVE_TIMEOUT ||
           reason == RoFallbackReason::AWAITING_PEER_PROBES ||
           reason == RoFallbackReason::NO_INSIDE_OPENING;
}

std::string
RoPeerEventInfo::Detail() const
{
    std::ostringstream os;
    switch (event)
    {
    case RoPeerEvent::NO_RO:
        os << (bothBehindNats ? "(both behind NATs)" : "(peer outbound-only: it initiates)");
        break;
    case RoPeerEvent::INSIDE_OPENING_PROVEN:
        os << remote << ":" << port;
        break;
    case RoPeerEvent::RR_STARTED:
        os << (partial ? "(care-of test only)" : "");
        break;
    case RoPeerEvent::REGISTRATION_REJECTED:
        os << "(" << MipReplyCodeName(code) << (authenticated ? "" : ", unauthenticated") << ")";
        break;
    case RoPeerEvent::KEEPALIVE_ADAPTED:
        os << interval.GetMilliSeconds() << " ms (srtt " << rtt.GetMicroSeconds() / 1000.0
           << " ms)";
        break;
    case RoPeerEvent::PREFIX_CONFLICT:
        os << prefix;
        break;
    case RoPeerEvent::TUNNEL_UP:
    case RoPeerEvent::PAIR_SWITCHED:
        os << local << " <-> " << remote;
        break;
    case RoPeerEvent::FALLBACK:
        os << "(" << reason << ")";
        break;
    case RoPeerEvent::NAT_KEEPALIVE_SHORTENED:
        os << interval.GetMilliSeconds() << " ms";
        break;
    case RoPeerEvent::ENDPOINT_CHALLENGED:
        os << local << " <-> " << remote << ":" << port;
        break;
    case RoPeerEvent::PORT_PROVEN:
        os << remote << ":" << previousPort << " -> " << port;
        break;
    case RoPeerEvent::CR_MOVED:
        os << local << " -> " << nextLocal;
        break;
    case RoPeerEvent::PAIR_FAILED:
        os << local << " <-> " << remote << "; trying " << nextLocal << " <-> " << nextRemote;
        break;
    case RoPeerEvent::PAIR_MOVED:
        os << local << " <-> " << remote << "; faster: " << nextLocal << " <-> " << nextRemote;
        break;
    default:
        break;
    }
    return os.str();
}

std::ostream&
operator<<(std::ostream& os, RoPeerEvent event)
{
    return os << RoPeerEventName(event);
}

std::ostream&
operator<<(std::ostream& os, RoFallbackReason reason)
{
    return os << RoFallbackReasonText(reason);
}

std::ostream&
operator<<(std::ostream& os, const RoPeerEventInfo& info)
{
    std::string detail = info.Detail();
    os << info.event;
    if (!detail.empty())
    {
        os << " " << detail;
    }
    return os;
}

} // namespace ns3
