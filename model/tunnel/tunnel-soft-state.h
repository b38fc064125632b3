/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TUNNEL_SOFT_STATE_H
#define TUNNEL_SOFT_STATE_H

#include "mip-tunnel.h"

#include "ns3/ipv4-header.h"
#include "ns3/ipv4.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"

#include <array>
#include <optional>
#include <ostream>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief A change of a tunnel's soft state (RFC 2003 section 5), or an ICMP error that the
 * soft state made the encapsulator send.
 */
enum class TunnelSoftStateKind : uint8_t
{
    PATH_MTU,      //!< ICMP Datagram Too Big: the path MTU (section 5.1)
    TTL,           //!< ICMP Time Exceeded: the path is longer than the outer TTL (4.4, 5)
    UNREACHABLE,   //!< ICMP Destination Unreachable code 0, 1 or 2: the end (4.1, 5)
    ERROR_SENT,    //!< a datagram violated the soft state: Destination Unreachable sent to
                   //!< its source, the datagram tunnelled all the same (section 5)
    ERROR_LIMITED, //!< the same, but the rate limit withheld the ICMP error
    COUNT,         //!< number of kinds
};

/**
 * \param os stream \param k kind
 * \return os
 */
std::ostream& operator<<(std::ostream& os, TunnelSoftStateKind k);

/**
 * \ingroup haaro
 * \brief One soft-state event of a tunnel (the SoftState trace source).
 */
struct TunnelSoftStateEvent
{
    TunnelSoftStateKind kind; //!< what happened
    /// PATH_MTU: the outer path MTU; TTL: the soft-state TTL; UNREACHABLE: the ICMP code
    /// received; ERROR_SENT, ERROR_LIMITED: the ICMP code sent (or withheld)
    uint16_t value;
    Time expires; //!< when learned state is forgotten (zero for the ERROR kinds)
};

/**
 * \ingroup haaro
 * \brief What RFC 2003 section 4 makes of an ICMP error about an outer packet.
 */
enum class TunnelIcmpClass : uint8_t
{
    DATAGRAM_TOO_BIG,    //!< type 3 code 4: path MTU soft state (4.1, 5.1)
    UNREACHABLE,         //!< type 3 code 0, 1, 2: reachability soft state (4.1, 5)
    TIME_EXCEEDED,       //!< type 11 code 0: TTL soft state, reported as Host Unreachable (4.4)
    PORT_UNREACHABLE,    //!< type 3 code 3: "MUST NOT be relayed" (4.1)
    SOURCE_ROUTE_FAILED, //!< type 3 code 5: "MUST NOT be relayed" (4.1)
    REDIRECT,            //!< type 5: "MUST NOT ... relay" (4.3)
    SOURCE_QUENCH,       //!< type 4: "SHOULD NOT relay" (4.2)
    OTHER,               //!< anything else (Parameter Problem, reassembly time exceeded, ...)
};

/**
 * \ingroup haaro
 * \brief An ICMP error message read from its octets: the ICMP header and the quoted outer
 * header with the 8 octets after it (RFC 792).
 */
struct TunnelIcmpError
{
    uint8_t type;                  //!< ICMP type
    uint8_t code;                  //!< ICMP code
    uint32_t info;                 //!< next-hop MTU of a type 3 code 4 (RFC 1191), else 0
    uint8_t protocol;              //!< quoted header's protocol
    Ipv4Address source;            //!< quoted header's source
    Ipv4Address destination;       //!< quoted header's destination
    std::array<uint8_t, 8> quoted; //!< the 8 octets after the quoted header
};

/**
 * \ingroup haaro
 * \brief The tunnel layer's soft-state settings (MipTunnelManager attributes).
 */
struct TunnelSoftStateConfig
{
    bool pathMtuDiscovery; //!< learn the path MTU from Datagram Too Big
    bool icmpSoftState;    //!< learn TTL and reachability from Time Exceeded, Unreachable
    Time pathMtuTimeout;   //!< how long a learned path MTU is kept
    Time softStateTimeout; //!< how long TTL and reachability state are kept
    uint8_t outerTtl;      //!< the outer TTL the tunnels send with
};

/**
 * \ingroup haaro
 * \brief The TTL and reachability soft state of a tunnel (RFC 2003 section 5; the MTU part
 * is TunnelPathMtu): how ICMP errors about outer packets change it, and which ICMP error a
 * later datagram that violates it earns its source (the datagram is tunnelled all the same).
 */
class TunnelSoftState
{
  public:
    static constexpr uint8_t ICMP_SOURCE_QUENCH = 4;      //!< ICMP type Source Quench
    static constexpr uint8_t ICMP_REDIRECT = 5;           //!< ICMP type Redirect
    static constexpr uint8_t ICMP_TIME_EXCEEDED = 11;     //!< ICMP type Time Exceeded
    static constexpr uint8_t ICMP_PARAMETER_PROBLEM = 12; //!< ICMP type Parameter Problem
    static constexpr uint8_t NET_UNREACHABLE = 0;         //!< Destination Unreachable codes
    static constexpr uint8_t HOST_UNREACHABLE = 1;        //!< Host Unreachable
    static constexpr uint8_t PROTOCOL_UNREACHABLE = 2;    //!< Protocol Unreachable
    static constexpr uint8_t PORT_UNREACHABLE = 3;        //!< Port Unreachable
    static constexpr uint8_t SOURCE_ROUTE_FAILED = 5;     //!< Source Route Failed

    /// \param type ICMP type \param code ICMP code \return its RFC 2003 section 4 class
    static TunnelIcmpClass Classify(uint8_t type, uint8_t code);

    /**
     * \brief Applies an ICMP error about an outer packet of the tunnel to its soft state:
     * a Datagram Too Big lowers the path MTU (TunnelPathMtu::Learn); a Destination
     * Unreachable code 0, 1 or 2 marks the end unreachable; a Time Exceeded sets the TTL
     * soft state to the outer TTL + 1 (the path is longer than the outer TTL that ran out;
     * the quoted TTL is what was left of it, so it says nothing more). Every other class
     * changes nothing.
     * \param tunnel the tunnel \param error the ICMP error \param linkMtu the MTU of the
     * link its outer packets leave on \param config the settings
     * \return the change, or nothing if the state did not change
     */
    static std::optional<TunnelSoftStateEvent> Learn(Ptr<MipTunnel> tunnel,
                                                     const TunnelIcmpError& error,
                                                     uint32_t linkMtu,
                                                     const TunnelSoftStateConfig& config);

    /// \param type an ICMP type \return true for the error messages (3, 4, 5, 11, 12)
    static bool IsErrorType(uint8_t type);

    /**
     * \brief Reads an ICMP error message (Destination Unreachable, Source Quench, Redirect,
     * Time Exceeded, Parameter Problem: the types that quote a datagram).
     * \param icmp the ICMP message, starting with its type octet
     * \return the message, or nothing if it is not such a message or too short
     */
    static std::optional<TunnelIcmpError> Parse(Ptr<const Packet> icmp);

    /**
     * \brief Which ICMP Destination Unreachable code a datagram that is about to enter the
     * tunnel earns (RFC 2003 section 5): reachability first (a received code 1 is relayed
     * as 1; codes 0 and 2 become 1 when the datagram's destination is on one of the
     * encapsulator's networks, else 0, section 4.1), then TTL (a datagram whose TTL, or the
     * outer TTL that carries it, is below the soft-state TTL: Host Unreachable, section 4.4).
     * \param tunnel the tunnel \param inner the datagram's header
     * \param outerTtl the outer TTL the tunnel sends with
     * \param onLink true if the destination is on one of the encapsulator's networks
     * \return the code, or nothing if the datagram violates no soft state
     */
    static std::optional<uint8_t> ErrorFor(Ptr<const MipTunnel> tunnel,
                                           const Ipv4Header& inner,
                                           uint8_t outerTtl,
                                           bool onLink);

    /**
     * \param ipv4 a node's IPv4 \param destination an address
     * \return true if it is in the subnet of one of the node's addresses (not /32, not
     * loopback): "on the same network as the encapsulator" (RFC 2003 section 4.1)
     */
    static bool IsOnLink(Ptr<Ipv4> ipv4, Ipv4Address destination);

    /**
     * \param inner a datagram's header \param datagram the datagram, starting with it
     * \return true if an ICMP error about it may be sent: not a non-initial fragment, not
     * from a broadcast, multicast or unspecified source, not itself an ICMP error message
     * (RFC 1122 section 3.2.2)
     */
    static bool MayAnswer(const Ipv4Header& inner, Ptr<const Packet> datagram);

    /**
     * \brief Sends an ICMP Destination Unreachable with a code to the source of a datagram,
     * quoting its header and first 8 payload octets, from the address routing picks.
     * \param ipv4 the encapsulator's IPv4 \param inner the datagram's header
     * \param datagram the datagram, starting with that header \param code the ICMP code
     * \return true if it was handed to IPv4
     */
    static bool SendUnreachable(Ptr<Ipv4> ipv4,
                                const Ipv4Header& inner,
                                Ptr<const Packet> datagram,
                                uint8_t code);
};

} // namespace ns3

#endif /* TUNNEL_SOFT_STATE_H */
