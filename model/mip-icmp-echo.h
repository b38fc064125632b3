/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MIP_ICMP_ECHO_H
#define MIP_ICMP_ECHO_H

#include "ns3/ipv4-address.h"
#include "ns3/packet.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief ICMP echo requests as the protocols use them for keepalives and path probes
 * (RFC 3519 section 3.5 keepalives, RFC 6521 section 3.3.4, the mobile router's uplink
 * probes). Checksums are filled in when ns-3's ChecksumEnabled is set.
 */
class MipIcmpEcho
{
  public:
    /**
     * \param identifier echo identifier \param sequence echo sequence number
     * \return an ICMP echo request with 8 octets of data, without IPv4 header (for a raw
     * socket)
     */
    static Ptr<Packet> MakeRequest(uint16_t identifier, uint16_t sequence);

    /**
     * \param source IPv4 source \param destination IPv4 destination
     * \param identifier echo identifier \param sequence echo sequence number
     * \return the same with its IPv4 header (TTL 64), ready to be put into a tunnel
     */
    static Ptr<Packet> MakeDatagram(Ipv4Address source,
                                    Ipv4Address destination,
                                    uint16_t identifier,
                                    uint16_t sequence);
};

} // namespace ns3

#endif /* MIP_ICMP_ECHO_H */
