/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TUNNEL_PATH_MTU_H
#define TUNNEL_PATH_MTU_H

#include "mip-tunnel.h"

#include "ns3/ipv4-header.h"
#include "ns3/ipv4.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The MTU rules of a tunnel (RFC 2003 section 5.1): its MTU from the link and the
 * path MTU soft state, how an ICMP Datagram Too Big about an outer packet changes that
 * state, and the ICMP Fragmentation Needed the encapsulator sends to an inner source.
 */
class TunnelPathMtu
{
  public:
    static constexpr uint32_t MIN_MTU = 68;         //!< smallest IPv4 MTU (RFC 791)
    static constexpr uint8_t ICMP_DEST_UNREACH = 3; //!< ICMP type Destination Unreachable
    static constexpr uint8_t ICMP_FRAG_NEEDED = 4;  //!< its code Fragmentation Needed

    /**
     * \param tunnel the tunnel
     * \param linkMtu MTU of the device its outer packets leave on
     * \return the outer path MTU: the link MTU, or the smaller learned one
     */
    static uint32_t PathMtu(Ptr<const MipTunnel> tunnel, uint32_t linkMtu);

    /**
     * \param tunnel the tunnel \param linkMtu MTU of the device its outer packets leave on
     * \return the tunnel MTU: PathMtu() less the encapsulation overhead (0 if none is left)
     */
    static uint32_t TunnelMtu(Ptr<const MipTunnel> tunnel, uint32_t linkMtu);

    /**
     * \brief Applies an ICMP error about an outer packet of the tunnel to its soft state:
     * only a Datagram Too Big (type 3 code 4) whose next-hop MTU is below the current path
     * MTU and not below 68 lowers it (RFC 1191 section 6.1), until now + timeout.
     * \param tunnel the tunnel \param linkMtu its link MTU \param type ICMP type
     * \param code ICMP code \param info next-hop MTU \param timeout how long it is kept
     * \return true if the path MTU changed
     */
    static bool Learn(Ptr<MipTunnel> tunnel,
                      uint32_t linkMtu,
                      uint8_t type,
                      uint8_t code,
                      uint32_t info,
                      Time timeout);

    /**
     * \brief Sends an ICMP Destination Unreachable / Fragmentation Needed with the tunnel
     * MTU to the source of an inner datagram that does not fit (RFC 2003 section 5.1); none
     * about a non-initial fragment or to a broadcast, multicast or unspecified source (RFC
     * 1122 section 3.2.2).
     * \param ipv4 the encapsulator's IPv4 \param inner the datagram's header
     * \param datagram the datagram, starting with that header \param mtu the tunnel MTU
     * \return true if the ICMP was sent
     */
    static bool SendFragmentationNeeded(Ptr<Ipv4> ipv4,
                                        const Ipv4Header& inner,
                                        Ptr<const Packet> datagram,
                                        uint32_t mtu);
};

} // namespace ns3

#endif /* TUNNEL_PATH_MTU_H */
