/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MIP_ICMP_ECHO_H
#define MIP_ICMP_ECHO_H

#include "ns3/ipv4-address.h"
#include "ns3/packet.h"

#include <optional>

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
     * \param nonce the 8 octets of data (network byte order); the peer's echo reply returns
     * them, which proves that the reply's sender received the request (return reachability)
     * \return an ICMP echo request with 8 octets of data, without IPv4 header (for a raw
     * socket)
     */
    static Ptr<Packet> MakeRequest(uint16_t identifier, uint16_t sequence, uint64_t nonce = 0);

    /**
     * \param source IPv4 source \param destination IPv4 destination
     * \param identifier echo identifier \param sequence echo sequence number
     * \param nonce the 8 octets of data
     * \return the same with its IPv4 header (TTL 64), ready to be put into a tunnel
     */
    static Ptr<Packet> MakeDatagram(Ipv4Address source,
                                    Ipv4Address destination,
                                    uint16_t identifier,
                                    uint16_t sequence,
                                    uint64_t nonce = 0);

    /**
     * \param source IPv4 source \param destination IPv4 destination
     * \param identifier echo identifier \param sequence echo sequence number
     * \param nonce the 8 octets of data, as the request carried them
     * \return an ICMP echo reply with its IPv4 header (TTL 64), ready to be put into a tunnel
     * (to answer a request on the tunnel it came through, not where routing would send it)
     */
    static Ptr<Packet> MakeReplyDatagram(Ipv4Address source,
                                         Ipv4Address destination,
                                         uint16_t identifier,
                                         uint16_t sequence,
                                         uint64_t nonce);

    /// An ICMP echo request or reply as read from a datagram.
    struct Parsed
    {
        bool reply{false};      //!< echo reply (type 0), else echo request (type 8)
        uint16_t identifier{0}; //!< echo identifier
        uint16_t sequence{0};   //!< echo sequence number
        uint64_t nonce{0};      //!< the first 8 octets of data (0 when shorter)
    };

    /**
     * rief Reads an ICMP echo request or reply without trusting it.
     * \param datagram an IPv4 datagram (IPv4 header first)
     *
eturn the echo, or nullopt if it is not a well-formed ICMP echo or echo reply
     */
    static std::optional<Parsed> Parse(Ptr<const Packet> datagram);

  private:
    /// \param type echo or echo reply \param identifier identifier \param sequence
    /// sequence number \param nonce data \return the ICMP message, without IPv4 header
    static Ptr<Packet> MakeEcho(uint8_t type,
                                uint16_t identifier,
                                uint16_t sequence,
                                uint64_t nonce);
    /// \param p ICMP message \param source source \param destination destination
    /// \return p with its IPv4 header (TTL 64)
    static Ptr<Packet> AddIpv4(Ptr<Packet> p, Ipv4Address source, Ipv4Address destination);
};

} // namespace ns3

#endif /* MIP_ICMP_ECHO_H */
