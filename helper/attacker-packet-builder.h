/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Forged IPv4 packets for the Attacker application: any source address and port, UDP,
 * IP in IP (RFC 2003) and RFC 3519 type-4 UDP tunnel data, and raw extension octets.
 */
#ifndef ATTACKER_PACKET_BUILDER_H
#define ATTACKER_PACKET_BUILDER_H

#include "ns3/ipv4-address.h"
#include "ns3/mip-extension.h"
#include "ns3/mip-wire.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"

namespace ns3
{

class MipMessage;

/**
 * \ingroup haaro
 * \brief Builds complete IPv4 packets (IPv4 header included) with whatever source the
 * caller names, for Attacker::Inject().
 *
 * Nothing here checks that the addresses belong to the sender: that is the point. The IPv4
 * and UDP checksums are computed when ns-3's global "ChecksumEnabled" is true (as a
 * real attacker would), so forged packets are not dropped for a bad checksum.
 */
class AttackerPacketBuilder
{
  public:
    /// Default TTL of forged packets (ns-3's default for locally sent packets).
    static constexpr uint8_t DEFAULT_TTL = 64;

    /**
     * \brief An IPv4 packet around a payload.
     * \param src source (forged or not) \param dst destination
     * \param protocol IPv4 protocol number \param payload the payload (copied)
     * \param ttl TTL
     * \return the IPv4 packet
     */
    static Ptr<Packet> BuildIp(Ipv4Address src,
                               Ipv4Address dst,
                               uint8_t protocol,
                               Ptr<const Packet> payload,
                               uint8_t ttl = DEFAULT_TTL);

    /**
     * \brief An IPv4/UDP packet.
     * \param src source address \param srcPort source port
     * \param dst destination address \param dstPort destination port
     * \param payload UDP payload (copied) \param ttl TTL
     * \return the IPv4 packet
     */
    static Ptr<Packet> BuildUdp(Ipv4Address src,
                                uint16_t srcPort,
                                Ipv4Address dst,
                                uint16_t dstPort,
                                Ptr<const Packet> payload,
                                uint8_t ttl = DEFAULT_TTL);

    /**
     * \brief An IPv4/UDP packet whose payload is given as octets (e.g. a Mobile IP message).
     * \param src source address \param srcPort source port
     * \param dst destination address \param dstPort destination port
     * \param payload UDP payload \param ttl TTL
     * \return the IPv4 packet
     */
    static Ptr<Packet> BuildUdp(Ipv4Address src,
                                uint16_t srcPort,
                                Ipv4Address dst,
                                uint16_t dstPort,
                                const MipBytes& payload,
                                uint8_t ttl = DEFAULT_TTL);

    /**
     * \brief IP in IP (RFC 2003, protocol 4): an outer IPv4 header around a complete inner
     * IPv4 packet.
     * \param outerSrc outer source \param outerDst outer destination
     * \param inner the inner IPv4 packet (with its header) \param ttl outer TTL
     * \return the outer IPv4 packet
     */
    static Ptr<Packet> BuildIpInIp(Ipv4Address outerSrc,
                                   Ipv4Address outerDst,
                                   Ptr<const Packet> inner,
                                   uint8_t ttl = DEFAULT_TTL);

    /**
     * \brief RFC 3519 UDP tunnel data: UDP, the 4-octet type-4 header (Next Header 4), the
     * inner IPv4 packet.
     * \param outerSrc outer source \param srcPort UDP source port
     * \param outerDst outer destination \param dstPort UDP destination port (434)
     * \param inner the inner IPv4 packet (with its header) \param ttl outer TTL
     * \return the outer IPv4 packet
     */
    static Ptr<Packet> BuildUdpTunnelData(Ipv4Address outerSrc,
                                          uint16_t srcPort,
                                          Ipv4Address outerDst,
                                          uint16_t dstPort,
                                          Ptr<const Packet> inner,
                                          uint8_t ttl = DEFAULT_TTL);

    /**
     * \brief The octets of one extension as on the wire (header and data).
     * \param e the extension
     * \return its octets
     */
    static MipBytes ExtensionBytes(const MipExtension& e);

    /**
     * \param message a Mobile IP message \return its octets
     */
    static MipBytes MessageBytes(const MipMessage& message);

    /**
     * \brief Appends raw octets to a message, after whatever it ends with (e.g. after the
     * authenticator of a captured Registration Reply).
     * \param message the message octets \param tail octets to append
     * \return message followed by tail
     */
    static MipBytes Append(const MipBytes& message, const MipBytes& tail);
};

} // namespace ns3

#endif /* ATTACKER_PACKET_BUILDER_H */
