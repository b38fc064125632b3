/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NAT_SESSION_POLICY_H
#define NAT_SESSION_POLICY_H

#include "nat-mapping-table.h"
#include "nat-types.h"

#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The RFC 4787 / RFC 5382 / RFC 5508 rules that decide which mapping a packet uses,
 * which inbound packets a mapping lets in and how long it lives. Plain and deterministic:
 * the current time is a parameter, nothing is scheduled or drawn.
 *
 * - Mapping (RFC 4787 section 4.1): the inside key of a flow ignores the remote endpoint
 *   (endpoint-independent), or keeps its address (address-dependent), or its address and
 *   port (address-and-port-dependent).
 * - Filtering (RFC 4787 section 5): endpoint-independent (any remote), address-dependent
 *   (only remote addresses the mapping sent to), address-and-port-dependent (only those
 *   remote address:port pairs).
 * - Timeouts: a mapping lives until its last session times out. UDP (RFC 4787 REQ-5) and
 *   ICMP (RFC 5508 REQ-1) sessions are refreshed by outbound packets only (RFC 4787 REQ-6:
 *   "The NAT mapping Refresh Direction MUST have a 'NAT Outbound refresh behavior' of
 *   'True'"; inbound refresh is optional and not done). TCP sessions are refreshed both
 *   ways and use the established or the transitory idle timeout (RFC 5382 REQ-5).
 */
struct NatSessionPolicy
{
    /// RFC 4787 mapping and filtering behaviours
    using Behavior = NatTypes::Behavior;

    Behavior mapping{NatTypes::ENDPOINT_INDEPENDENT};         //!< mapping behaviour
    Behavior filtering{NatTypes::ADDRESS_AND_PORT_DEPENDENT}; //!< filtering behaviour
    Time udpTimeout;                                          //!< UDP mapping timeout
    Time tcpEstablishedTimeout;                               //!< TCP established idle timeout
    Time tcpTransitoryTimeout;                                //!< TCP transitory idle timeout
    Time icmpTimeout;                                         //!< ICMP query timeout

    /**
     * \brief The inside key of a flow under the mapping behaviour (RFC 4787 section 4.1:
     * "Endpoint-Independent Mapping: The NAT reuses the port mapping for subsequent packets
     * sent from the same internal IP address and port (X:x) to any external IP address and
     * port").
     * \param protocol IP protocol
     * \param inside inside address \param insidePort inside port (ICMP: identifier)
     * \param remote remote address \param remotePort remote port
     * \return the key, with the fields the behaviour ignores zero
     */
    NatInsideKey MakeKey(uint8_t protocol,
                         Ipv4Address inside,
                         uint16_t insidePort,
                         Ipv4Address remote,
                         uint16_t remotePort) const;

    /**
     * \brief The filtering behaviour (RFC 4787 section 5).
     * \param m a mapping \param remote remote address \param remotePort remote port
     * \return true if \p remote:\p remotePort may send to \p m
     */
    bool FilterAllows(const NatMapping& m, Ipv4Address remote, uint16_t remotePort) const;

    /**
     * \brief The idle timeout of a session: UDP (RFC 4787 REQ-5), ICMP query (RFC 5508
     * REQ-1), TCP established or transitory (RFC 5382 REQ-5: "the value of the 'established
     * connection idle-timeout' MUST NOT be less than 2 hours 4 minutes. The value of the
     * 'transitory connection idle-timeout' MUST NOT be less than 4 minutes").
     * \param m the mapping \param s one of its sessions \return the timeout
     */
    Time SessionTimeout(const NatMapping& m, const NatSession& s) const;

    /**
     * \brief Recomputes a mapping's expiry from its sessions (at least \p now).
     * \param m the mapping \param now current time
     */
    void RecomputeExpiry(NatMapping& m, Time now) const;

    /**
     * \brief Records an outbound packet in a session (creating it): refresh and TCP state
     * (a SYN without ACK starts a new connection on the session's endpoints).
     * \param m the mapping \param remote remote address \param remotePort remote port (ICMP 0)
     * \param tcpFlags TCP flags (0 otherwise) \param now current time
     */
    void RefreshOutbound(NatMapping& m,
                         Ipv4Address remote,
                         uint16_t remotePort,
                         uint8_t tcpFlags,
                         Time now) const;

    /**
     * \brief Records an inbound packet in an existing session: TCP state and refresh only
     * (RFC 4787 REQ-6 a: inbound refresh is optional; it is not done for UDP and ICMP).
     * \param m the mapping \param remote remote address \param remotePort remote port
     * \param tcpFlags TCP flags \param now current time
     */
    void RefreshInbound(NatMapping& m,
                        Ipv4Address remote,
                        uint16_t remotePort,
                        uint8_t tcpFlags,
                        Time now) const;

  private:
    /**
     * \brief Common end of a refresh: the session was active at \p now.
     * \param m the mapping \param s the session \param wasEstablished the session's TCP
     * state before the packet \param now current time
     */
    void Touch(NatMapping& m, NatSession& s, bool wasEstablished, Time now) const;
};

} // namespace ns3

#endif /* NAT_SESSION_POLICY_H */
