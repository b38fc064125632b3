/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NAT_FLOW_H
#define NAT_FLOW_H

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/packet.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The transport-level view of a packet that Ipv4Nat translates: the ports (ICMP echo:
 * identifier), the TCP flags, the ICMP type, and for an ICMP error the embedded packet's
 * addresses and ports (RFC 5508 section 3: an ICMP error carries the IP header and the first
 * 8 octets of the packet that caused it).
 */
struct NatFlow
{
    static constexpr uint8_t PROTO_ICMP = 1;          //!< IP protocol ICMP
    static constexpr uint8_t PROTO_TCP = 6;           //!< IP protocol TCP
    static constexpr uint8_t PROTO_UDP = 17;          //!< IP protocol UDP
    static constexpr uint8_t TCP_FIN = 0x01;          //!< TCP FIN flag
    static constexpr uint8_t TCP_SYN = 0x02;          //!< TCP SYN flag
    static constexpr uint8_t TCP_RST = 0x04;          //!< TCP RST flag
    static constexpr uint8_t TCP_ACK = 0x10;          //!< TCP ACK flag
    static constexpr uint8_t ICMP_ECHO_REPLY = 0;     //!< ICMP echo reply
    static constexpr uint8_t ICMP_DEST_UNREACH = 3;   //!< ICMP destination unreachable
    static constexpr uint8_t ICMP_ECHO = 8;           //!< ICMP echo request
    static constexpr uint8_t ICMP_TIME_EXCEEDED = 11; //!< ICMP time exceeded

    uint8_t protocol{0};           //!< IP protocol
    uint16_t srcPort{0};           //!< source port (ICMP query: identifier)
    uint16_t dstPort{0};           //!< destination port (ICMP query: identifier)
    uint8_t tcpFlags{0};           //!< TCP flags
    uint8_t icmpType{0};           //!< ICMP type
    bool icmpQuery{false};         //!< ICMP echo request or reply
    bool icmpError{false};         //!< ICMP destination unreachable or time exceeded
    uint8_t innerProtocol{0};      //!< ICMP error: embedded IP protocol
    Ipv4Address innerSrc;          //!< ICMP error: embedded source address
    Ipv4Address innerDst;          //!< ICMP error: embedded destination address
    uint16_t innerSrcPort{0};      //!< ICMP error: embedded source port / identifier
    uint16_t innerDstPort{0};      //!< ICMP error: embedded destination port / identifier
    bool innerQuery{false};        //!< ICMP error: the embedded packet is an ICMP echo
    bool innerTranslatable{false}; //!< ICMP error: embedded UDP, TCP or ICMP echo, first fragment

    /**
     * \brief Parses and validates the transport header of a packet.
     *
     * UDP: the length field must cover the datagram (\p whole) or exceed the first
     * fragment (not \p whole). TCP: the data offset and the options must be what ns-3's
     * TcpHeader reads and writes back unchanged. ICMP: echo request/reply give the
     * identifier; destination unreachable and time exceeded must embed an IPv4 header
     * without options and 8 octets (RFC 5508 REQ-3 b: options are not traversed, such
     * errors are refused as malformed). Other protocols and ICMP types parse as valid with
     * no ports.
     *
     * \param p packet (transport header first)
     * \param header its IP header
     * \param whole true if \p p holds the whole datagram (not only a first fragment)
     * \param flow [out] result
     * \return false if the header is truncated or inconsistent
     */
    static bool Parse(Ptr<const Packet> p, const Ipv4Header& header, bool whole, NatFlow& flow);

    /**
     * \param opt the TCP options \param len their length
     * \return true if every option fits in the area with a length that ns-3's TcpHeader
     *         reads without overrunning it
     */
    static bool TcpOptionsValid(const uint8_t* opt, uint32_t len);
};

/// \param b two octets in network order \return their value
inline uint16_t
NatReadBe16(const uint8_t* b)
{
    return static_cast<uint16_t>((b[0] << 8) | b[1]);
}

/// \param b where \param v value written in network order
inline void
NatWriteBe16(uint8_t* b, uint16_t v)
{
    b[0] = static_cast<uint8_t>(v >> 8);
    b[1] = static_cast<uint8_t>(v & 0xff);
}

} // namespace ns3

#endif /* NAT_FLOW_H */
