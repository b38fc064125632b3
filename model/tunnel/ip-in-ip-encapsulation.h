/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IP_IN_IP_ENCAPSULATION_H
#define IP_IN_IP_ENCAPSULATION_H

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-header.h"

#include <optional>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The header rules of IP in IP encapsulation (RFC 2003), for the tunnel devices.
 *
 * \verbatim
    +---------------------------+
    |      Outer IP Header      |  Version 4, IHL 5, TOS copied from the inner header,
    +---------------------------+  Total Length = 20 + inner datagram, DF copied (if set),
    |      Inner IP Header      |  TTL for the tunnel, Protocol 4 (or 47 for GRE, whose
    +---------------------------+  header then sits between the two IP headers), Source =
    |        IP Payload         |  tunnel entry, Destination = tunnel exit, no options
    +---------------------------+
   \endverbatim
 *
 * The rules applied (RFC 2003 section 3.1 unless noted):
 * - TOS is copied from the inner header (ECN bits included).
 * - DF is set in the outer header if it is set in the inner one; otherwise the outer
 *   header may be fragmented (RFC 2003 allows DF there too; we leave it clear).
 * - Total Length counts the outer header and the whole inner datagram; the fragment
 *   offset is 0 and MF is clear; inner IP options are not copied (ns-3's Ipv4Header has
 *   none anyway).
 * - Identification is left 0: the sender (e.g. Ipv4L3Protocol) sets it.
 * - When tunnelling is part of forwarding, the inner TTL is decremented first
 *   (DecrementInnerTtlForForwarding()); a datagram whose inner TTL is, or would become,
 *   0 is never encapsulated (the caller should send ICMP Time Exceeded).
 * - The decapsulator does not change the inner TTL, but discards an inner datagram whose
 *   TTL is 0 (IsDeliverableAfterDecapsulation()).
 * - Section 3.2: a router must not tunnel a forwarded datagram whose source is one of its
 *   own addresses or the tunnel exit (MustNotTunnel()); nor does any node encapsulate a
 *   datagram into the very tunnel that datagram is an outer packet of (IsRecursive()).
 */
class IpInIpEncapsulation
{
  public:
    static constexpr uint8_t IPIP_PROTOCOL = 4;          //!< IP protocol of IP in IP (RFC 2003)
    static constexpr uint8_t GRE_PROTOCOL = 47;          //!< IP protocol of GRE (RFC 2784)
    static constexpr uint8_t MINIMAL_PROTOCOL = 55;      //!< minimal encapsulation (RFC 2004)
    static constexpr uint32_t OUTER_HEADER_SIZE = 20;    //!< octets added by IP in IP
    static constexpr uint32_t MAX_DATAGRAM_SIZE = 65535; //!< largest IPv4 Total Length

    /**
     * \brief Builds the outer header for an inner datagram (RFC 2003 section 3.1).
     * \param inner the inner datagram's header (TTL already decremented if forwarding)
     * \param innerPacketSize octets of the inner datagram: its header and payload (for
     * GRE, also the GRE header)
     * \param entry tunnel entry point (outer source)
     * \param exit tunnel exit point (outer destination)
     * \param outerTtl TTL enough to reach the tunnel exit
     * \param protocol outer Protocol (IPIP_PROTOCOL, or GRE_PROTOCOL when a GRE header
     * follows)
     * \return the outer header, or nothing (do not send) when the inner TTL is 0, the
     * outer TTL is 0, innerPacketSize is smaller than an IPv4 header, or the result would
     * exceed MAX_DATAGRAM_SIZE octets
     */
    static std::optional<Ipv4Header> MakeOuterHeader(const Ipv4Header& inner,
                                                     uint32_t innerPacketSize,
                                                     Ipv4Address entry,
                                                     Ipv4Address exit,
                                                     uint8_t outerTtl,
                                                     uint8_t protocol = IPIP_PROTOCOL);

    /**
     * \brief Decrements the inner TTL when the datagram is tunnelled as part of being
     * forwarded (RFC 2003 section 3.1).
     * \param inner the inner header; left unchanged when the function returns false
     * \return false if the datagram must be dropped (TTL 0 or 1: it would reach 0)
     */
    static bool DecrementInnerTtlForForwarding(Ipv4Header& inner);

    /**
     * \brief Loop prevention of RFC 2003 section 3.2, for a datagram being forwarded
     * (received from another node). It does not apply to datagrams the node originates
     * itself, e.g. a mobile router reverse-tunnelling packets sent from its home address.
     * \param inner the datagram to tunnel
     * \param exit the tunnel exit point
     * \param ownAddresses every address of the encapsulating node's interfaces
     * \return true if the datagram must not be tunnelled (and should be discarded): its
     * source is the tunnel exit or one of the node's own addresses
     */
    static bool MustNotTunnel(const Ipv4Header& inner,
                              Ipv4Address exit,
                              const std::vector<Ipv4Address>& ownAddresses);

    /**
     * \brief A routing loop inside the tunnel (RFC 2003 section 3.2): the datagram is itself
     * an outer packet of this tunnel (from its entry to its exit, with its protocol), so
     * encapsulating it would send it into the same tunnel again, without end.
     * \param inner the datagram to tunnel
     * \param entry the tunnel entry point \param exit the tunnel exit point
     * \param protocol the tunnel's outer protocol (4, 47 or 17)
     * \return true if the datagram must not be tunnelled
     */
    static bool IsRecursive(const Ipv4Header& inner,
                            Ipv4Address entry,
                            Ipv4Address exit,
                            uint8_t protocol);

    /**
     * \param inner header of a decapsulated datagram
     * \return false if it must be discarded (inner TTL 0, RFC 2003 section 3.1)
     */
    static bool IsDeliverableAfterDecapsulation(const Ipv4Header& inner);
};

} // namespace ns3

#endif /* IP_IN_IP_ENCAPSULATION_H */
