/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MR_UDP_TUNNEL_CLIENT_H
#define MR_UDP_TUNNEL_CLIENT_H

#include "ns3/address.h"
#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/mip-registration-request.h"
#include "ns3/mip-tunnel.h"
#include "ns3/mip-wire.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/traced-callback.h"

namespace ns3
{

class MipTunnelManager;

/**
 * \ingroup haaro
 * \brief When a mobile router's uplink asks for RFC 3519 UDP tunnelling (MrUplink
 * attribute UdpTunnelling).
 */
enum MrUdpTunnelling
{
    MR_UDP_NEVER, //!< never: no UDP Tunnel Request (IP in IP or GRE only)
    MR_UDP_AUTO,  //!< a UDP Tunnel Request (F clear) in every registration; the Home Agent
                  //!< assents when it sees a NAT (default: a router that may be behind a NAT,
                  //!< RFC 3519 section 4.4)
    MR_UDP_FORCE, //!< a UDP Tunnel Request with F set: UDP tunnelling even without a NAT
};

/**
 * \ingroup haaro
 * \brief The mobile node's side of Mobile IP traversal of NAT devices (RFC 3519) for one
 * uplink of a mobile router (a part of MrUplink, which owns the registration).
 *
 * - the UDP Tunnel Request (sections 3.1, 4.4; AddTunnelRequest()): in every request with
 *   a non-zero lifetime unless the mode is MR_UDP_NEVER, F set for MR_UDP_FORCE,
 *   Encapsulation 4 = IP in UDP, before the MN-HA authenticator;
 * - the UDP Tunnel Reply of a successful, authenticated reply (section 4.4;
 *   ApplyReply()): only an assenting one switches the uplink to an IP-in-UDP tunnel,
 *   port-pinned to the Home Agent's port 434 with the registration socket's port as its
 *   source port, so that data, keepalives and requests share one NAT mapping (sections
 *   3.3 and 4.1); anything else goes back to IP in IP or GRE (Deactivate());
 * - Tunnel Data (section 3.3) arriving on the registration socket (ReceiveData());
 * - keepalives (section 4.9): an ICMP echo request from the care-of address to the Home
 *   Agent inside the UDP tunnel, sent when no other packet to the Home Agent (a
 *   registration request, a tunnelled data packet or the previous keepalive) was sent for
 *   the keepalive interval K, the first no earlier than K after the last request; K is the
 *   reply's Keepalive Interval or, when that is 0, UdpKeepaliveInterval. The mobile
 *   router's own path probes (MrPathProbe: echo requests from the care-of address to the
 *   Home Agent, a failure detector that RFC 3519 does not have) do not reset the timer, so
 *   the keepalives, their overhead and their loss detection (section 4.10) are those of
 *   the RFC whatever the probe interval. An unanswered keepalive is retried after
 *   InitialRetransmissionTimeout, doubling up to MaxRetransmissionTimeout;
 * - NAT mapping loss (section 4.10): after UdpKeepaliveRetries unanswered retries the
 *   mapping is taken as lost: the uplink registers again at once (same socket, so same
 *   source port: the NAT makes a new mapping and the Home Agent learns it from the
 *   authenticated request) and K is halved, never below UdpKeepaliveMinimum. K returns to
 *   the assigned value when the interface goes down (OnInterfaceDown()).
 *
 * The attributes and trace sources are MrUplink's (UdpTunnelling, UdpKeepaliveInterval,
 * UdpKeepaliveMinimum, UdpKeepaliveRetries, InitialRetransmissionTimeout,
 * MaxRetransmissionTimeout; UdpTunnel, KeepaliveSent, KeepaliveAnswered, NatMappingLost):
 * this object holds references to them, reads the attributes when it uses them and fires
 * the traces.
 */
class MrUdpTunnelClient
{
  public:
    /// UDP tunnel state: care-of address, active, source port, keepalive interval
    using TunnelTrace = TracedCallback<Ipv4Address, bool, uint16_t, Time>;
    /// keepalive sent or answered: care-of address, echo sequence number
    using KeepaliveTrace = TracedCallback<Ipv4Address, uint16_t>;
    /// NAT mapping lost: care-of address, the keepalive interval from now on
    using MappingLostTrace = TracedCallback<Ipv4Address, Time>;

    /// The owner's attributes this object reads when it uses them (they must outlive it).
    struct Attributes
    {
        const MrUdpTunnelling& mode; //!< UdpTunnelling
        const Time& interval;        //!< UdpKeepaliveInterval (K when the HA assigns 0)
        const Time& minimum;         //!< UdpKeepaliveMinimum
        const uint32_t& retries;     //!< UdpKeepaliveRetries
        const Time& initialTimeout;  //!< InitialRetransmissionTimeout (first retry)
        const Time& maxTimeout;      //!< MaxRetransmissionTimeout (retry cap)
    };

    /// The owner's trace sources this object fires (they must outlive it).
    struct Traces
    {
        const TunnelTrace& tunnel;           //!< UdpTunnel
        const KeepaliveTrace& sent;          //!< KeepaliveSent
        const KeepaliveTrace& answered;      //!< KeepaliveAnswered
        const MappingLostTrace& mappingLost; //!< NatMappingLost
    };

    /**
     * \param attributes the owner's attributes \param traces the owner's trace sources
     */
    MrUdpTunnelClient(const Attributes& attributes, const Traces& traces);
    /// Disconnects from the tunnel layer's Tx trace if Dispose() was not called.
    ~MrUdpTunnelClient();
    MrUdpTunnelClient(const MrUdpTunnelClient&) = delete;            //!< not copyable
    MrUdpTunnelClient& operator=(const MrUdpTunnelClient&) = delete; //!< not copyable

    /**
     * \param careOf the uplink's co-located care-of address (tunnel source)
     * \param homeAgent the Home Agent (tunnel destination, port 434)
     * \param homeAddress the router's home address \param device the uplink device
     * \param gateway its next hop \param keepaliveId ICMP echo identifier of keepalives
     */
    void Setup(Ipv4Address careOf,
               Ipv4Address homeAgent,
               Ipv4Address homeAddress,
               Ptr<NetDevice> device,
               Ipv4Address gateway,
               uint16_t keepaliveId);
    /**
     * \param usable true while the uplink runs and its interface is up (checked when a
     * keepalive timer fires)
     * \param reregister registers again at once (a lost NAT mapping)
     * \param intercept installed on the UDP tunnel: it receives the tunnel's echo replies
     */
    void SetCallbacks(Callback<bool> usable,
                      Callback<void> reregister,
                      MipTunnelInterceptCallback intercept);
    /**
     * \param tunnels the router's tunnel layer (nullptr: no UDP tunnelling)
     * \param localPort the registration socket's port (the UDP tunnel's source port)
     */
    void Start(Ptr<MipTunnelManager> tunnels, uint16_t localPort);
    /// \brief Cancels the keepalive timers and drops the UDP tunnel's intercept callback.
    void Dispose();

    /**
     * \brief Appends a UDP Tunnel Request (RFC 3519 section 4.4) unless the mode is
     * MR_UDP_NEVER, there is no tunnel layer or the request de-registers.
     * \param rrq the request, before its MN-HA authenticator
     * \param lifetime its lifetime
     */
    void AddTunnelRequest(MipRegistrationRequest& rrq, uint16_t lifetime) const;
    /// \brief A registration request was sent now (keepalives count from it).
    void NotifyRequestSent();
    /**
     * \brief Applies the UDP Tunnel Reply of a successful registration: switches the
     * uplink's tunnel to IP in UDP or back, and (re)arms the keepalive timer.
     * \param reply the successful reply (authenticated)
     */
    void ApplyReply(const MipRegistrationReply& reply);
    /// \brief Goes back to the IP-in-IP or GRE tunnel (no UDP tunnelling).
    void Deactivate();
    /**
     * \brief The interface went down: the router may be attached elsewhere when it comes
     * back, so K returns to the assigned value (RFC 3519 section 4.10) and no keepalive is
     * outstanding any more.
     */
    void OnInterfaceDown();
    /// \brief Cancels the keepalive timers.
    void CancelTimers();
    /**
     * \param bytes a datagram received on the registration socket \param packet the same
     * \param from its source address and port
     * \return true if it was RFC 3519 Tunnel Data (section 3.3), given to the tunnel layer
     */
    bool ReceiveData(const MipBytes& bytes, Ptr<Packet> packet, const Address& from);
    /**
     * \param identifier the identifier of an ICMP echo reply from the Home Agent, received
     * through the uplink's tunnel \param sequence its sequence number
     * \return true if it answers a keepalive (consumed)
     */
    bool OnEchoReply(uint16_t identifier, uint16_t sequence);

    /// \return true while the Home Agent's last reply assented to UDP tunnelling
    bool IsActive() const;
    /// \return the IP-in-UDP tunnel while UDP tunnelling is in use, else nullptr
    Ptr<MipTunnel> GetTunnel() const;
    /// \return the UDP source port of the registration socket (0 before Start())
    uint16_t GetLocalPort() const;
    /// \return the keepalive interval in use (assigned, possibly shortened)
    Time GetKeepaliveInterval() const;
    /// \return keepalives sent (retries included)
    uint32_t GetKeepalivesSent() const;
    /// \return keepalives answered
    uint32_t GetKeepalivesAnswered() const;
    /// \return times the NAT mapping was taken as lost (unanswered keepalives)
    uint32_t GetNatMappingLosses() const;

  private:
    /**
     * \return when a packet the keepalive timer counts was last sent to the Home Agent: a
     * request, a data packet through the UDP tunnel or a keepalive (RFC 3519 section 4.9)
     */
    Time GetLastSentToHomeAgent() const;
    /**
     * \brief MipTunnelManager "Tx" sink: notes when a data packet left through the UDP
     * tunnel; echo requests from the care-of address to the Home Agent (keepalives and
     * path probes) are not data.
     * \param packet the encapsulated packet (UDP header first) \param tunnel its tunnel
     */
    void OnTunnelTx(Ptr<const Packet> packet, Ptr<const MipTunnel> tunnel);
    /// \brief Disconnects OnTunnelTx() from the tunnel layer, if connected.
    void DisconnectTx();
    /// \brief Schedules the keepalive check K after the last thing sent to the Home Agent.
    void ScheduleKeepalive();
    /// \brief Sends a keepalive if nothing was sent for K, else waits.
    void CheckKeepalive();
    /// \brief Sends a keepalive (or a retry) and arms its retry timer.
    void SendKeepalive();
    /// \brief Retry timer of an unanswered keepalive.
    void OnKeepaliveTimeout();

    Attributes m_attributes;                //!< the owner's attributes
    Traces m_traces;                        //!< the owner's trace sources
    Ipv4Address m_careOf;                   //!< care-of address
    Ipv4Address m_homeAgent;                //!< the Home Agent
    Ipv4Address m_homeAddress;              //!< the router's home address
    Ptr<NetDevice> m_device;                //!< uplink device
    Ipv4Address m_gateway;                  //!< next hop
    Ptr<MipTunnelManager> m_tunnels;        //!< the router's tunnel layer
    uint16_t m_localPort{0};                //!< registration socket's port
    Ptr<MipTunnel> m_udpTunnel;             //!< the IP-in-UDP tunnel, while in use
    Callback<bool> m_usable;                //!< the uplink runs and its interface is up
    Callback<void> m_reregister;            //!< registers again at once
    MipTunnelInterceptCallback m_intercept; //!< for the UDP tunnel's echo replies
    Time m_lastRequestSent{-1};             //!< when the last request was sent
    Time m_lastDataSent{-1};                //!< last data packet through the UDP tunnel
    Time m_lastKeepaliveSent{-1};           //!< when the last keepalive was sent
    bool m_txConnected{false};              //!< OnTunnelTx connected to m_tunnels
    Time m_assignedKeepalive;               //!< K from the last assenting reply
    Time m_shortenedKeepalive;              //!< K after mapping losses (0: none)
    EventId m_keepaliveEvent;               //!< next keepalive check
    EventId m_retryEvent;                   //!< retry of an unanswered keepalive
    Time m_retryTimeout;                    //!< current retry timeout
    uint32_t m_retries{0};                  //!< retries of the outstanding keepalive
    bool m_outstanding{false};              //!< a keepalive awaits its answer
    uint16_t m_keepaliveId{0};              //!< ICMP echo identifier of keepalives
    uint16_t m_keepaliveSequence{0};        //!< last keepalive sequence number
    uint32_t m_keepalivesSent{0};           //!< counter
    uint32_t m_keepalivesAnswered{0};       //!< counter
    uint32_t m_natMappingLosses{0};         //!< counter
};

} // namespace ns3

#endif /* MR_UDP_TUNNEL_CLIENT_H */
