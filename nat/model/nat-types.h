/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NAT_TYPES_H
#define NAT_TYPES_H

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The enumerations of the NAT model, shared by its parts. Ipv4Nat derives from this
 * struct, so they are spelled Ipv4Nat::ENDPOINT_INDEPENDENT, Ipv4Nat::PORT_RANDOM,
 * Ipv4Nat::DROP_HAIRPIN ... in attributes, traces and tests.
 */
struct NatTypes
{
    /// RFC 4787 mapping (section 4.1) and filtering (section 5) behaviours.
    enum Behavior
    {
        ENDPOINT_INDEPENDENT,      //!< depends on the inside endpoint only
        ADDRESS_DEPENDENT,         //!< also on the remote address
        ADDRESS_AND_PORT_DEPENDENT //!< also on the remote address and port
    };

    /// External port choice for a new mapping (RFC 4787 section 4.2.1).
    enum PortAllocation
    {
        PORT_PRESERVING, //!< the inside port if free, else the next free one
        PORT_SEQUENTIAL, //!< the next port of the range after the last one given
        PORT_RANDOM      //!< a random port of the range (next free one if taken)
    };

    /// Why a packet was dropped.
    enum DropReason
    {
        DROP_UNTRANSLATABLE = 0, //!< protocol (or ICMP type) without ports/identifiers
        DROP_MALFORMED,          //!< truncated or inconsistent transport header
        DROP_FILTERED,           //!< inbound without an allowed mapping
        DROP_REFUSED,            //!< a new mapping was refused (MaxMappings or no port)
        DROP_HAIRPIN,            //!< hairpinning is off
        DROP_FRAGMENT,           //!< a fragment that cannot be translated (TCP, ICMP)
        DROP_NO_MAPPING,         //!< outbound ICMP error about a flow without mapping
        DROP_TTL,                //!< TTL expired on an inbound translated packet
        DROP_NO_ROUTE,           //!< no route to the inside host
        DROP_REASON_COUNT        //!< number of reasons (not a reason)
    };
};

} // namespace ns3

#endif /* NAT_TYPES_H */
