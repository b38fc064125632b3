/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NAT_PACKET_REWRITER_H
#define NAT_PACKET_REWRITER_H

#include "nat-flow.h"

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/packet.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Incremental Internet checksum update (RFC 1624 section 3, eqn. 3):
 *
 *     HC' = ~(~HC + ~m + m')
 *
 * where HC is the old checksum, m an old 16-bit field and m' its new value. A correct
 * checksum stays correct without reading the rest of the packet.
 */
class NatChecksumUpdate
{
  public:
    /// \param checksum the checksum field as it is on the wire (host-order value)
    explicit NatChecksumUpdate(uint16_t checksum);

    /// \param oldWord old 16-bit word \param newWord new 16-bit word
    void Replace16(uint16_t oldWord, uint16_t newWord);

    /// \param oldAddr old address \param newAddr new address (two 16-bit words each)
    void Replace32(Ipv4Address oldAddr, Ipv4Address newAddr);

    /// \return the new checksum field value
    uint16_t Get() const;

    /**
     * \brief The new UDP checksum after a change of the pseudo-header addresses and ports.
     *
     * A zero checksum (none, RFC 768) stays zero; a computed zero is sent as 0xffff
     * (RFC 768: "If the computed checksum is zero, it is transmitted as all ones").
     * \param checksum the checksum field as on the wire
     * \param oldSrc old source address \param newSrc new source address
     * \param oldDst old destination address \param newDst new destination address
     * \param oldSrcPort old source port \param newSrcPort new source port
     * \param oldDstPort old destination port \param newDstPort new destination port
     * \return the new checksum field value
     */
    static uint16_t UdpChecksum(uint16_t checksum,
                                Ipv4Address oldSrc,
                                Ipv4Address newSrc,
                                Ipv4Address oldDst,
                                Ipv4Address newDst,
                                uint16_t oldSrcPort,
                                uint16_t newSrcPort,
                                uint16_t oldDstPort,
                                uint16_t newDstPort);

  private:
    uint32_t m_sum; //!< running one's complement sum (unfolded)
};

/**
 * \ingroup haaro
 * \brief The packet rewriting of Ipv4Nat: new ports (ICMP echo: identifier) in the
 * transport header, new addresses and ports in the packet embedded in an ICMP error, and
 * the checksums. Each function returns a rewritten copy and leaves the input untouched; the
 * IP header itself is the caller's (ns-3 computes its checksum when it sends the packet).
 *
 * Checksums: UDP checksums are updated incrementally (RFC 1624), so a correct checksum
 * stays correct and a zero (absent) one stays zero; TCP and ICMP checksums are recomputed
 * when \p checksums is true (the caller passes Node::ChecksumEnabled()), otherwise ns-3
 * writes zero, as its own stacks do.
 */
class NatPacketRewriter
{
  public:
    /**
     * \brief UDP: new ports, checksum updated for the new addresses and ports.
     * \param p the UDP datagram (or its first fragment)
     * \param oldHeader its IP header as received \param newHeader its translated IP header
     * \param srcPort new source port \param dstPort new destination port
     * \return the rewritten copy
     */
    static Ptr<Packet> RewriteUdp(Ptr<const Packet> p,
                                  const Ipv4Header& oldHeader,
                                  const Ipv4Header& newHeader,
                                  uint16_t srcPort,
                                  uint16_t dstPort);

    /**
     * \brief TCP: new ports; checksum recomputed over \p newHeader's addresses.
     * \param p the TCP segment \param newHeader its translated IP header
     * \param srcPort new source port \param dstPort new destination port
     * \param checksums compute the checksum (else ns-3 writes zero)
     * \return the rewritten copy
     */
    static Ptr<Packet> RewriteTcp(Ptr<const Packet> p,
                                  const Ipv4Header& newHeader,
                                  uint16_t srcPort,
                                  uint16_t dstPort,
                                  bool checksums);

    /**
     * \brief ICMP echo request or reply (RFC 5508 section 3.1): new identifier.
     * \param p the ICMP message \param identifier new identifier
     * \param checksums compute the checksum (else ns-3 writes zero)
     * \return the rewritten copy
     */
    static Ptr<Packet> RewriteIcmpQuery(Ptr<const Packet> p, uint16_t identifier, bool checksums);

    /**
     * \brief ICMP error (RFC 5508 REQ-4 a: "Revert the IP and transport headers of the
     * embedded IP packet to their original form, using the matching mapping"): new embedded
     * addresses and ports (ICMP echo: the identifier that changed), the embedded UDP and
     * ICMP checksums updated incrementally, the embedded IP and the outer ICMP checksum
     * recomputed when \p checksums is true.
     * \param p the ICMP error \param flow its parsed view
     * \param innerSrc new embedded source \param innerSrcPort new embedded source port
     * \param innerDst new embedded destination \param innerDstPort new embedded destination port
     * \param checksums compute the checksums (else ns-3 writes zero)
     * \return the rewritten copy
     */
    static Ptr<Packet> RewriteIcmpError(Ptr<const Packet> p,
                                        const NatFlow& flow,
                                        Ipv4Address innerSrc,
                                        uint16_t innerSrcPort,
                                        Ipv4Address innerDst,
                                        uint16_t innerDstPort,
                                        bool checksums);
};

} // namespace ns3

#endif /* NAT_PACKET_REWRITER_H */
