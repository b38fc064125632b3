/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef HA_UDP_TUNNELLING_H
#define HA_UDP_TUNNELLING_H

#include "ha-binding-table.h"

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/mip-registration-request.h"
#include "ns3/mip-tunnel-manager.h"
#include "ns3/traced-callback.h"
#include "ns3/udp-tunnel-extensions.h"

#include <array>
#include <optional>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The Home Agent's RFC 3519 policy (its attributes UdpTunnelling, AllowForcedUdp,
 * UdpKeepaliveInterval, NatMaxLifetime and UdpReserved3Refused).
 */
struct HaUdpTunnellingSettings
{
    bool enabled{true};            //!< assent to UDP tunnelling at all
    bool allowForced{true};        //!< honour F without a NAT
    uint16_t keepaliveInterval{0}; //!< Keepalive Interval of assenting replies (s)
    uint16_t natMaxLifetime{60};   //!< lifetime cap of UDP-tunnelled bindings (s); 0: none
    /// Refuse a request whose UDP Tunnel Request has Reserved 3 != 0 with 134 (RFC 3519
    /// section 4.6.1) instead of skipping the extension (sections 3.1, 3.1.3; default)
    bool reserved3Refused{false};
};

/**
 * \ingroup haaro
 * \brief What the RFC 3519 part of a Registration Request decided.
 */
struct HaUdpDecision
{
    bool nat{false};       //!< authenticated, and IP source != Care-of Address
    bool requested{false}; //!< carried a UDP Tunnel Request (non-zero lifetime)
    std::optional<UdpTunnelReplyExtension> reply; //!< Tunnel Reply for a success
};

/**
 * \ingroup haaro
 * \brief The Home Agent's side of Mobile IP traversal of NAT devices (RFC 3519).
 *
 * - NAT detection (section 4.6): a request whose IP source address differs from its
 *   Care-of Address field has crossed a NAT (IsNatDetected(), counted and traced by
 *   ReportNat());
 * - the UDP Tunnel Request extension (sections 3.1, 4.6, 4.6.1; Decide()): assent (UDP
 *   Tunnel Reply code 0, F echoed, the configured Keepalive Interval) when a NAT is
 *   detected or F is set; decline (code 64) without NAT and without F; refuse the whole
 *   registration with 129 when the policy forbids it or when a NAT is detected and the
 *   request carries no (understood) UDP Tunnel Request (section 4.6.1: accepting it
 *   leaves a mobile node that "will not be able to receive forward tunnelled data"), and
 *   142 for an inner encapsulation other than IP in IP. An extension with Reserved 3 != 0
 *   is "handled as not understood and silently skipped" (sections 3.1, 3.1.3), unless
 *   UdpReserved3Refused asks for the 134 of section 4.6.1;
 * - the lifetime cap of UDP-tunnelled bindings (section 5.2: "When using UDP tunnelling,
 *   there are some cases where a short lifetime is beneficial"; CapLifetime());
 * - port-pinned IP-in-UDP tunnels to the request's source address and port, moved only
 *   by a later authenticated request (sections 4.6 and 6.1; AddTunnel(), MoveTunnel());
 * - Tunnel Data (type 4) arriving on port 434 (section 3.3; ReceiveData());
 * - keepalives (section 4.9): ICMP echo requests from a binding's care-of address to the
 *   Home Agent through the binding's tunnel are answered through the same tunnel
 *   (AnswerKeepalive(); the mobile routers' path probes on IP in IP and GRE tunnels are
 *   answered the same way).
 *
 * The trace sources are the Home Agent's (NatDetected, UdpTunnelReplySent,
 * KeepaliveReceived, KeepaliveAnswered); this object fires them.
 */
class HaUdpTunnelling
{
  public:
    /// NAT detected: home address, care-of address, source, port, UDP requested
    using NatTrace = TracedCallback<Ipv4Address, Ipv4Address, Ipv4Address, uint16_t, bool>;
    /// UDP Tunnel Reply sent: home address, extension
    using ReplyTrace = TracedCallback<Ipv4Address, const UdpTunnelReplyExtension&>;
    /// keepalive received or answered: home address, remote address, remote port
    using KeepaliveTrace = TracedCallback<Ipv4Address, Ipv4Address, uint16_t>;

    /**
     * \param natTrace fired by ReportNat() \param replyTrace fired by AddReply()
     * \param keepaliveRxTrace fired for each keepalive answered
     * \param keepaliveTxTrace fired when the answer was sent
     *
     * The trace sources must outlive this object (they are the owner's members).
     */
    HaUdpTunnelling(const NatTrace& natTrace,
                    const ReplyTrace& replyTrace,
                    const KeepaliveTrace& keepaliveRxTrace,
                    const KeepaliveTrace& keepaliveTxTrace);

    /**
     * \param tunnels the Home Agent's tunnel layer
     * \param homeAgent the Home Agent address (tunnel endpoint, port 434)
     */
    void Install(Ptr<MipTunnelManager> tunnels, Ipv4Address homeAgent);
    /// \brief Drops the reference to the tunnel layer.
    void Dispose();

    /**
     * \param rrq a Registration Request (co-located care-of address)
     * \param from its IP source address
     * \return true if it crossed a NAT: its source is not its Care-of Address field (RFC
     * 3519 section 4.6)
     */
    static bool IsNatDetected(const MipRegistrationRequest& rrq, Ipv4Address from);

    /**
     * \brief Evaluates the UDP Tunnel Request extension of an authenticated request (RFC
     * 3519 sections 3.1, 3.1.3, 4.6, 4.6.1). A de-registration ignores it (nothing is
     * tunnelled after it).
     * \param rrq the request \param from its IP source address
     * \param settings the Home Agent's policy
     * \param udp its nat field is read; requested and reply are filled
     * \param encapsulation set to UDP when the Home Agent assents
     * \return 0, or the code refusing the registration (129, 134 or 142)
     */
    static uint8_t Decide(const MipRegistrationRequest& rrq,
                          Ipv4Address from,
                          const HaUdpTunnellingSettings& settings,
                          HaUdpDecision& udp,
                          MipEncapsulation& encapsulation);
    /**
     * \param granted the lifetime granted otherwise
     * \param encapsulation the encapsulation of the binding
     * \param settings the policy
     * \return the lifetime capped at NatMaxLifetime for a UDP-tunnelled binding (RFC 3519
     * section 5.2: "When using UDP tunnelling, there are some cases where a short lifetime
     * is beneficial": a lost NAT mapping, or an undetected move behind another NAT, is
     * repaired by the next registration); other bindings keep their lifetime
     */
    static uint16_t CapLifetime(uint16_t granted,
                                MipEncapsulation encapsulation,
                                const HaUdpTunnellingSettings& settings);

    /**
     * \brief Counts and traces a detected NAT (nothing when udp.nat is false).
     * \param rrq the request \param from its source \param port its source port
     * \param udp the decision
     */
    void ReportNat(const MipRegistrationRequest& rrq,
                   Ipv4Address from,
                   uint16_t port,
                   const HaUdpDecision& udp);
    /**
     * \brief Adds the decided UDP Tunnel Reply (if any) to a successful reply; it goes
     * before the MN-HA authenticator, which covers it (RFC 3519 section 3.2).
     * \param rrq the request \param udp the decision \param reply the reply
     */
    void AddReply(const MipRegistrationRequest& rrq,
                  const HaUdpDecision& udp,
                  MipRegistrationReply& reply);

    /**
     * \param binding a binding with UDP encapsulation
     * \return its IP-in-UDP tunnel to the effective care-of address, the request's source
     * address and port (port-pinned)
     */
    Ptr<MipTunnel> AddTunnel(const HaBinding& binding) const;
    /**
     * \brief RFC 3519 section 4.6: the latest authenticated request says where the mobile
     * node's NAT mapping is now (a rebooted NAT or a new mapping after an idle timeout may
     * translate to another address or port). Data packets never move the tunnel.
     * \param tunnel the binding's UDP tunnel \param from the request's source
     * \param port its source port
     */
    void MoveTunnel(Ptr<MipTunnel> tunnel, Ipv4Address from, uint16_t port) const;
    /**
     * \brief Tunnel Data (RFC 3519 section 3.3) arrived on the Home Agent's port 434: for
     * the tunnel layer, which checks the address and port against the binding's tunnel.
     * \param packet the UDP payload \param source its source \param port its source port
     */
    void ReceiveData(Ptr<Packet> packet, Ipv4Address source, uint16_t port) const;
    /**
     * \brief Answers a keepalive (RFC 3519 section 4.9) or a path probe: an ICMP echo
     * request from the binding's care-of address to the Home Agent, received through the
     * binding's tunnel, gets an echo reply (same identifier, sequence number and data)
     * through the same tunnel.
     * \param tunnel the tunnel it came through \param packet the inner datagram
     * \param inner its IPv4 header \param binding the binding of that tunnel, or nullptr
     * \return true if it was such an echo request (consumed)
     */
    bool AnswerKeepalive(Ptr<MipTunnel> tunnel,
                         Ptr<Packet> packet,
                         const Ipv4Header& inner,
                         const HaBinding* binding);

    /// \return Registration Requests whose IP source was not their care-of address
    uint64_t GetNatDetectedCount() const;
    /// \param code a UDP Tunnel Reply code \return UDP Tunnel Replies sent with it
    uint64_t GetReplyCount(uint8_t code) const;
    /// \return keepalives received
    uint64_t GetKeepalivesReceived() const;
    /// \return keepalives answered through their tunnel
    uint64_t GetKeepalivesAnswered() const;

  private:
    /**
     * \brief Evaluates a UDP Tunnel Request that is present and well formed.
     * \param request the extension \param rrq the request \param settings the policy
     * \param udp gets the Tunnel Reply \param encapsulation set to UDP on assent
     * \return 0, or the code refusing the registration (129 or 142)
     */
    static uint8_t DecideRequest(const UdpTunnelRequestExtension& request,
                                 const MipRegistrationRequest& rrq,
                                 const HaUdpTunnellingSettings& settings,
                                 HaUdpDecision& udp,
                                 MipEncapsulation& encapsulation);
    const NatTrace& m_natTrace;               //!< the owner's NatDetected
    const ReplyTrace& m_replyTrace;           //!< the owner's UdpTunnelReplySent
    const KeepaliveTrace& m_keepaliveRxTrace; //!< the owner's KeepaliveReceived
    const KeepaliveTrace& m_keepaliveTxTrace; //!< the owner's KeepaliveAnswered
    Ptr<MipTunnelManager> m_tunnels;          //!< tunnel layer
    Ipv4Address m_homeAgent;                  //!< the Home Agent address
    uint64_t m_natDetected{0};                //!< requests that crossed a NAT
    std::array<uint64_t, 256> m_replies{};    //!< UDP Tunnel Replies per code
    uint64_t m_keepalivesReceived{0};         //!< keepalives received
    uint64_t m_keepalivesAnswered{0};         //!< keepalives answered
};

} // namespace ns3

#endif /* HA_UDP_TUNNELLING_H */
