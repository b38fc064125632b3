/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef INNER_FRAGMENTER_H
#define INNER_FRAGMENTER_H

#include "ns3/ipv4-header.h"
#include "ns3/packet.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Fragments an inner IPv4 datagram before it is encapsulated, so that every outer
 * packet fits the tunnel's path (RFC 3519 section 4.8: "the fragmentation MUST be done
 * prior to the encapsulation"; RFC 2003 section 5.1: "it is much better to fragment the
 * original datagram when encapsulating, than to allow the encapsulated datagram to be
 * fragmented").
 *
 * The fragments follow RFC 791 section 3.2: each is a datagram of its own with the
 * original Identification, Protocol, addresses, TOS and TTL; every fragment but the last
 * carries a multiple of 8 payload octets and MF; offsets add to the original offset (a
 * datagram that is already a fragment is fragmented further, the last piece keeping its MF).
 * Inner IP options are not copied (ns-3's Ipv4Header carries none).
 */
class InnerFragmenter
{
  public:
    static constexpr uint32_t HEADER_SIZE = 20; //!< IPv4 header of every fragment

    /**
     * \param datagram the inner datagram, starting with its IPv4 header
     * \param header that header (as read from the datagram)
     * \param mtu the largest fragment, header included (the tunnel MTU)
     * \return the fragments, each starting with its IPv4 header, in offset order; empty if
     * the datagram must not or cannot be fragmented (DF set, or mtu below 28 octets)
     */
    static std::vector<Ptr<Packet>> Fragment(Ptr<const Packet> datagram,
                                             const Ipv4Header& header,
                                             uint32_t mtu);
};

} // namespace ns3

#endif /* INNER_FRAGMENTER_H */
