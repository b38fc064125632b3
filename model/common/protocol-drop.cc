/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "protocol-drop.h"

namespace ns3
{

std::ostream&
operator<<(std::ostream& os, ProtocolDrop r)
{
    switch (r)
    {
    case ProtocolDrop::UNAUTHENTICATED_EXTENSIONS:
        return os << "unauthenticated-extensions";
    case ProtocolDrop::AUTHENTICATION_FAILED:
        return os << "authentication-failed";
    case ProtocolDrop::MALFORMED:
        return os << "malformed";
    case ProtocolDrop::UNEXPECTED_SOURCE:
        return os << "unexpected-source";
    case ProtocolDrop::UNSOLICITED_REPLY:
        return os << "unsolicited-reply";
    case ProtocolDrop::IDENTIFICATION_MISMATCH:
        return os << "identification-mismatch";
    case ProtocolDrop::UNKNOWN_PEER:
        return os << "unknown-peer";
    case ProtocolDrop::INVALID_PREFIX:
        return os << "invalid-prefix";
    case ProtocolDrop::SPOOFED_INNER_SOURCE:
        return os << "spoofed-inner-source";
    case ProtocolDrop::UNAUTHENTICATED_ENDPOINT:
        return os << "unauthenticated-endpoint";
    case ProtocolDrop::UNAUTHENTICATED_REFUSAL:
        return os << "unauthenticated-refusal";
    case ProtocolDrop::PREFIX_CONFLICT:
        return os << "prefix-conflict";
    case ProtocolDrop::NOT_OUR_NETWORK:
        return os << "not-our-network";
    case ProtocolDrop::COUNT:
        break;
    }
    return os << "drop(" << unsigned(r) << ")";
}

void
ProtocolDropCounters::Count(ProtocolDrop r,
                            uint64_t n,
                            Ipv4Address source,
                            const ProtocolDropTrace& trace)
{
    Add(r, n);
    trace(r, n, source);
}

} // namespace ns3
