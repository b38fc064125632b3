/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MIP_WIRE_DECODER_H
#define MIP_WIRE_DECODER_H

#include "ns3/ipv4-address.h"
#include "ns3/mip-tunnel.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <optional>
#include <string>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief A Mobile IP message found in a packet on the wire (MipWireDecoder::Decode()).
 */
struct MipWireMessage
{
    std::string name;      //!< RRQ, RRP, HoTI, CoTI, HoT, CoT, MIP-<type>
    uint8_t type{0};       //!< the message type octet
    Ptr<Packet> message;   //!< the message: the whole UDP payload (a copy)
    Ipv4Address src;       //!< (inner) IP source
    Ipv4Address dst;       //!< (inner) IP destination
    bool tunnelled{false}; //!< inside an IP-in-IP, GRE or UDP tunnel
    Ipv4Address outerSrc;  //!< outer source when tunnelled
    Ipv4Address outerDst;  //!< outer destination when tunnelled
};

/**
 * \ingroup haaro
 * \brief Reads what the scenario harness needs from packets seen on the wire: the Mobile IP
 * message (UDP port 434, RFC 5944 section 3) in an IPv4 packet, directly or inside one
 * tunnel (IP-in-IP, GRE or RFC 3519 UDP), and the inner packet of a tunnel packet.
 * Packets are copied, never changed.
 */
class MipWireDecoder
{
  public:
    /**
     * \param packet an IPv4 packet (with its header)
     * \return the Mobile IP message in it, directly or inside one tunnel
     */
    static std::optional<MipWireMessage> Decode(Ptr<const Packet> packet);

    /**
     * \brief Removes a tunnel's encapsulation header(s) that follow the outer IPv4 header
     * (GRE, or UDP + Tunnel Data header).
     * \param p the packet, modified \param encapsulation the tunnel's
     * \return false if the packet is malformed
     */
    static bool StripEncapsulation(Ptr<Packet> p, MipEncapsulation encapsulation);

    /// \param type a Mobile IP message type \return its short name (RRQ, RRP, HoTI, ...)
    static std::string MessageName(uint8_t type);
};

} // namespace ns3

#endif /* MIP_WIRE_DECODER_H */
