/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PROTOCOL_DROP_H
#define PROTOCOL_DROP_H

#include "drop-counters.h"

#include "ns3/ipv4-address.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Why a Home Agent, mobile router or correspondent router did not act on (part of)
 * a received packet.
 *
 * The security rule of the module: only authenticated bytes change protocol state.
 * Whatever else arrives is counted under one of these reasons (a typed "Drop" trace source
 * on each application) and dropped, or answered with the RFC's refusal code.
 */
enum class ProtocolDrop : uint8_t
{
    UNAUTHENTICATED_EXTENSIONS, //!< extensions after the verified authenticator: ignored
                                //!< (RFC 5944 section 3.5.2); the message itself is processed
    AUTHENTICATION_FAILED,      //!< the authenticator is missing or does not verify
    MALFORMED,                  //!< not a well-formed message (or not one this receiver takes)
    UNEXPECTED_SOURCE,          //!< a reply from an address no request was sent to
    UNSOLICITED_REPLY,          //!< a reply while no request is outstanding (or a copy)
    IDENTIFICATION_MISMATCH,    //!< a reply whose Identification matches no request
    UNKNOWN_PEER,               //!< a home address that the Home Agent did not vouch for
                                //!< (at the Home Agent: no security association for
                                //!< the home address and SPI, RFC 5944 section 3.8.2.1)
    INVALID_PREFIX,             //!< a prefix that cannot be (e.g. length > 32)
    SPOOFED_INNER_SOURCE,       //!< tunnelled packet whose inner source the peer may not use
    UNAUTHENTICATED_ENDPOINT,   //!< tunnel data from an address or port not yet proven
    UNAUTHENTICATED_REFUSAL,    //!< an unsigned CR refusal (131, 201-203) matching our
                                //!< request: only its code used (RFC 6521 section 3.3.3)
    PREFIX_CONFLICT,            //!< an advertised private prefix overlapping another
                                //!< router's: not routed (RFC 6521 section 3.3.2)
    NOT_OUR_NETWORK,            //!< data on a direct tunnel for a destination outside
                                //!< our networks (a prefix that left us): refused
    COUNT,                      //!< number of reasons
};

/**
 * \param os output stream \param r reason
 * \return os
 */
std::ostream& operator<<(std::ostream& os, ProtocolDrop r);

/**
 * TracedCallback signature of the "ProtocolDrop" trace sources: what was not acted on.
 * \param reason why \param count how many items (e.g. extensions) \param source sender
 */
typedef void (*ProtocolDropTracedCallback)(ProtocolDrop reason, uint64_t count, Ipv4Address source);

/// The "ProtocolDrop" trace source of HomeAgent, MrUplink and RouteOptimizer.
using ProtocolDropTrace = TracedCallback<ProtocolDrop, uint64_t, Ipv4Address>;

/**
 * \ingroup haaro
 * \brief One counter per ProtocolDrop reason, counted with the owner's trace source.
 */
class ProtocolDropCounters : public DropCounters<ProtocolDrop>
{
  public:
    /**
     * \brief Counts and fires the owner's trace source.
     * \param r reason \param n how many \param source sender \param trace the owner's trace
     */
    void Count(ProtocolDrop r, uint64_t n, Ipv4Address source, const ProtocolDropTrace& trace);
};

} // namespace ns3

#endif /* PROTOCOL_DROP_H */
