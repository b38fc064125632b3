/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MR_UPLINK_H
#define MR_UPLINK_H

#include "mr-handover-phase.h"
#include "mr-path-probe.h"
#include "mr-registration-config.h"
#include "mr-reply-filter.h"
#include "mr-request-pacer.h"
#include "mr-udp-tunnel-client.h"
#include "mr-uplink-access.h"

#include "ns3/event-id.h"
#include "ns3/mip-identification.h"
#include "ns3/mip-prefix.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/mip-registration-request.h"
#include "ns3/mip-security-association.h"
#include "ns3/mip-tunnel.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/object.h"
#include "ns3/protocol-drop.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

namespace ns3
{

class MipTunnelManager;

/**
 * \ingroup haaro
 * \brief State of one uplink of a mobile router.
 */
enum class MrUplinkState : uint8_t
{
    DOWN,        //!< interface down
    REGISTERING, //!< request sent, no binding yet
    REGISTERED,  //!< binding accepted and path alive: usable for traffic
    FAILED,      //!< path dead (registration or keepalive timeout); still trying
    DENIED,      //!< the Home Agent refused the registration
};

/**
 * \param os stream \param s state
 * \return os
 */
std::ostream& operator<<(std::ostream& os, MrUplinkState s);

/**
 * \ingroup haaro
 * \brief One uplink (one ISP, one co-located care-of address) of a mobile router, with
 * its own binding at the Home Agent.
 *
 * It registers its care-of address (RFC 5944 co-located operation: D and T set, the
 * request sent from the care-of address through this uplink only), retransmits from the
 * initial timeout doubling up to the cap with a fresh timestamp Identification each time,
 * resynchronises after code 133, re-registers before the binding expires, and watches the
 * path with ICMP echo probes to the Home Agent sent through the uplink's tunnel. The
 * uplink is FAILED after MaxRetransmissions unanswered retransmissions or KeepaliveMisses
 * unanswered probes, DOWN while its interface is down, and REGISTERED again as soon as a
 * registration succeeds.
 *
 * <b>One reply per request (RFC 5944 sections 3.6.2.1 and 5.7).</b> A Registration Reply is
 * acted on only if MrReplyFilter lets it pass: from the Home Agent's address and port 434,
 * authenticated, answering the outstanding request with its Identification; everything
 * else is counted (ProtocolDrop) and dropped, so a replayed reply never reschedules the
 * renewal. The low-order 32 bits of the Identification are random (MobileRouter attribute
 * IdentificationRandomBits). A denial (a code >= 128 other than 133) leaves the uplink
 * DENIED and is retried after DenialRetryDelay, doubling up to DenialRetryMax (and the
 * requested lifetime: RFC 5944 section 3.6.3), until a registration succeeds.
 *
 * <b>Home Agent state loss.</b> The path probes (MrPathProbe) are ICMP echo requests from
 * the care-of address to the Home Agent address inside the uplink's tunnel (IP in IP, GRE
 * or UDP), which the Home Agent answers only through the tunnel of an existing binding (RFC
 * 2003 section 3: a decapsulator accepts only from tunnels it has). When a probe interval
 * passes without an answer the uplink sends a registration request at once (it stays
 * REGISTERED): a Home Agent that lost the binding (e.g. a restart) creates it again within
 * about two probe intervals of losing it; a dead path still makes the uplink FAILED after
 * KeepaliveMisses unanswered probes.
 *
 * <b>NAT traversal (RFC 3519)</b>, in MrUdpTunnelClient. Unless UdpTunnelling is
 * MR_UDP_NEVER, every request with a non-zero lifetime carries a UDP Tunnel Request before
 * the MN-HA authenticator, with D set (T as MobileRouter's ReverseTunnel says: set by
 * default, as RFC 3519 recommends). Only an authenticated reply with an assenting UDP
 * Tunnel Reply switches the uplink's tunnel to IP in UDP, port-pinned to the Home Agent's
 * port 434 with the registration socket's port as its source port; Tunnel Data from the
 * Home Agent arrives on that socket. Keepalives (section 4.9) keep the NAT mapping alive;
 * when they go unanswered the mapping is taken as lost (section 4.10): the uplink registers
 * again at once and shortens the keepalive interval. While UDP tunnelling is in use the
 * path probes are sent through the UDP tunnel too (a NAT may not translate ICMP), and count
 * as traffic to the Home Agent; a path declared dead by them also triggers a
 * re-registration, as the mapping may be what was lost.
 *
 * <b>Configuration.</b> The timers above are attributes of this TypeId (the only defaults;
 * see MrRegistrationConfig for what stays on MobileRouter). MobileRouter creates one
 * MrUplink per MobileRouter::AddUplink() call from an ObjectFactory (filled by
 * MobileRouterHelper::SetUplinkAttribute()), so before Simulator::Run an uplink's
 * attributes can also be set through
 * `/NodeList/<n>/ApplicationList/<a>/$ns3::MobileRouter/Uplinks/<i>/<Attribute>` (i in
 * AddUplink() order) or Config::SetDefault("ns3::MrUplink::<Attribute>", ...). They are
 * read when used, so a change takes effect at the next use.
 *
 * <b>Care-of address learned at run time</b> (RFC 5944 section 3.6, co-located care-of
 * address obtained e.g. by DHCP; MobileRouter::AddDynamicUplink()). Setup() with the
 * care-of address 0.0.0.0 leaves the uplink DOWN and silent until SetCareOf() gives it an
 * address: the registration socket is then bound to it, the probes and the tunnels use it,
 * and the uplink registers at once. ClearCareOf() (the address left the interface) makes the
 * uplink DOWN (the router fails over as for an interface that goes down) and closes the
 * socket. A changed address is a ClearCareOf() and a SetCareOf().
 *
 * <b>Link-layer triggers.</b> With LinkLayerTriggers (the default) the uplink listens to its
 * device's link changes (NetDevice::AddLinkChangeCallback(); a Wi-Fi station reports the
 * loss and the completion of its association): link down makes the uplink DOWN at once,
 * link up registers at once if the uplink has a care-of address. The probes above stay the
 * slow detector of a path that dies behind a link that stays up. The trace source
 * HandoverPhase reports the phases of a handover (MrHandoverPhase).
 */
class MrUplink : public Object
{
  public:
    /// Told of state changes (uplink, old state, new state, reason).
    using StateCallback = Callback<void, Ptr<MrUplink>, MrUplinkState, MrUplinkState, std::string>;
    /// Told of each reply of the Home Agent that accepted a registration (reply, care-of).
    using ReplyAcceptedCallback = Callback<void, const MipRegistrationReply&, Ipv4Address>;

    /// \return the TypeId
    static TypeId GetTypeId();

    MrUplink();
    ~MrUplink() override;

    /**
     * \param node the router \param device uplink device \param careOf its address
     * \param gateway next hop \param config shared configuration (must outlive the uplink)
     * \param tunnel the tunnel to the Home Agent through this uplink
     */
    void Setup(Ptr<Node> node,
               Ptr<NetDevice> device,
               Ipv4Address careOf,
               Ipv4Address gateway,
               const MrRegistrationConfig* config,
               Ptr<MipTunnel> tunnel);
    /// \param cb told of state changes
    void SetStateCallback(StateCallback cb);
    /**
     * \param request told of each request sent \param reply told of each valid reply
     */
    void SetMessageCallbacks(Callback<void, const MipRegistrationRequest&, Ipv4Address> request,
                             Callback<void, const MipRegistrationReply&, Ipv4Address> reply);
    /**
     * \brief Sets who learns that the Home Agent accepted a registration (a success code,
     * RFC 5944 section 3.4: 0 or 1), e.g. the router's route optimizer, which reads the RFC
     * 6521 extensions of the reply.
     *
     * Order guarantee, for each reply that passed the checks above (from the Home Agent's
     * port 434, authenticated, answering the outstanding request): first the reply hook of
     * SetMessageCallbacks() (MobileRouter's ReplyReceived trace), then this callback (only
     * for a success code), then the uplink applies the reply (granted lifetime, UDP tunnel,
     * state REGISTERED and the state callback, renewal timer). So the callback sees the
     * uplink as it was while the request was outstanding (not yet REGISTERED by this
     * reply), and whatever it schedules for now runs after the uplink's update. It is also
     * called for the answer to a de-registration while the uplink is stopping.
     * \param cb the callback (null: nobody)
     */
    void SetReplyAcceptedCallback(ReplyAcceptedCallback cb);

    /// Starts registering (if the interface is up and the uplink has a care-of address).
    void Start();
    /**
     * \brief A care-of address was learned at run time (added to the interface): the
     * uplink uses it from now on and registers at once (if started and up). The uplink must
     * have none (ClearCareOf() first).
     * \param careOf the address \param gateway the next hop on the device (0.0.0.0: none,
     * on-link) \param tunnel the tunnel to the Home Agent from that address
     */
    void SetCareOf(Ipv4Address careOf, Ipv4Address gateway, Ptr<MipTunnel> tunnel);
    /**
     * \brief The care-of address left the interface: the uplink is DOWN (its state callback
     * still sees the old address) and then has none.
     * \return the tunnel that the old address used (nullptr if none), for its owner to remove
     */
    Ptr<MipTunnel> ClearCareOf();
    /// \return true once the uplink has a care-of address (always for a static one)
    bool HasCareOf() const;
    /// \param deregister send a lifetime-0 request first
    void Stop(bool deregister);
    /// \param up the interface went up (true) or down (false)
    void SetInterfaceUp(bool up);
    /**
     * \brief A link-layer trigger from outside the device, for devices that report no link
     * changes themselves (ns-3's LteNetDevice is always up; LteUplinkTrigger drives it from
     * the RRC traces). From the first call the uplink follows these calls instead of the
     * device's link state (LinkLayerTriggers): down makes the uplink DOWN at once, up
     * registers at once if it has a care-of address. A call before Start() sets the state
     * the uplink starts with.
     * \param up the link is up (true) or down (false)
     */
    void SetLinkUp(bool up);
    /**
     * \brief Registers again (e.g. after recovering, for a prefix change): now, or, if the
     * uplink's last request left less than MinRegistrationInterval ago, then (RFC 5944
     * section 3.6; MrRequestPacer). For registrations the link layer starts (link or
     * interface up, a new care-of address) the uplink registers at once.
     */
    void Register();
    /**
     * \brief Registers again (as Register()), soliciting the prefixes of one mobile router
     * (RFC 6521 sections 3.3.3 and 5.1: S flag and its home address in the capability
     * extension; one
     * per request: solicitations of several routers wait in a queue of at most
     * MaxQueuedSolicitations, each request carrying the first until a reply accepts it).
     * \param homeAddress the mobile router whose prefixes are wanted
     */
    void Solicit(Ipv4Address homeAddress);

    /**
     * \brief The Home Agent deleted this uplink's binding at the router's request
     * (MrBindingRevoker) while the uplink is not registered. The Home Agent answers probes
     * only through a binding's tunnel, so no probe would show that the path is back: from
     * now until a registration succeeds, the registration requests are the probe, their
     * retransmission timeout doubling up to KeepaliveInterval instead of
     * MaxRetransmissionTimeout (one sequence, at least 1 s apart: RFC 5944 section 3.6.3).
     */
    void NotifyBindingRevoked();
    /// \return current state
    MrUplinkState GetState() const;
    /// \return the care-of address
    Ipv4Address GetCareOfAddress() const;
    /// \return the device
    Ptr<NetDevice> GetDevice() const;
    /// \return the next hop
    Ipv4Address GetGateway() const;
    /// \return the tunnel to the Home Agent
    Ptr<MipTunnel> GetTunnel() const;
    /// \return the DeregisterOnFailure attribute (MrBindingRevoker reads it)
    bool GetDeregisterOnFailure() const;
    /// \return granted lifetime of the current binding (s)
    uint16_t GetGrantedLifetime() const;
    /// \return requests sent
    uint32_t GetRequestsSent() const;
    /// \return valid replies received
    uint32_t GetRepliesReceived() const;
    /// \return replies ignored (bad authenticator, wrong Identification or source,
    /// unsolicited or duplicate, malformed)
    uint32_t GetRepliesIgnored() const;
    /// \param reason why (part of) a reply was not acted on \return how often
    uint64_t GetProtocolDropCount(ProtocolDrop reason) const;

    /// \return true while the Home Agent's last reply assented to UDP tunnelling
    bool IsUdpTunnelActive() const;
    /// \return registration requests held back to keep them MinRegistrationInterval apart
    uint64_t GetRequestsHeld() const;
    /// \return solicitations dropped because MaxQueuedSolicitations were waiting
    uint64_t GetSolicitationsDropped() const;
    /// \return the UDP source port of the registration socket (0 before Start())
    uint16_t GetLocalPort() const;
    /// \return the keepalive interval in use (assigned, possibly shortened)
    Time GetUdpKeepaliveInterval() const;
    /// \return RFC 3519 keepalives sent (retries included)
    uint32_t GetUdpKeepalivesSent() const;
    /// \return RFC 3519 keepalives answered
    uint32_t GetUdpKeepalivesAnswered() const;
    /// \return times the NAT mapping was taken as lost (unanswered keepalives)
    uint32_t GetNatMappingLosses() const;

    /**
     * TracedCallback signature for UDP tunnel state changes.
     * \param careOf the uplink \param active UDP tunnelling in use
     * \param localPort source port \param interval keepalive interval (zero if inactive)
     */
    typedef void (*UdpTunnelTracedCallback)(Ipv4Address careOf,
                                            bool active,
                                            uint16_t localPort,
                                            Time interval);
    /**
     * TracedCallback signature for keepalives.
     * \param careOf the uplink \param sequence echo sequence number
     */
    typedef void (*KeepaliveTracedCallback)(Ipv4Address careOf, uint16_t sequence);
    /**
     * TracedCallback signature for a lost NAT mapping.
     * \param careOf the uplink \param interval the keepalive interval from now on
     */
    typedef void (*MappingLostTracedCallback)(Ipv4Address careOf, Time interval);
    /**
     * TracedCallback signature for a retransmitted Registration Request.
     * \param careOf the uplink \param retransmissions retransmissions since the last reply,
     * this one included \param timeout the retransmission timeout that expired
     */
    typedef void (*RetransmissionTracedCallback)(Ipv4Address careOf,
                                                 uint32_t retransmissions,
                                                 Time timeout);
    /**
     * TracedCallback signature for handover phases.
     * \param careOf the uplink's care-of address (0.0.0.0 while it has none)
     * \param phase the phase reached
     */
    typedef void (*HandoverPhaseTracedCallback)(Ipv4Address careOf, MrHandoverPhase phase);
    /**
     * TracedCallback signature for a registration request held back (RFC 5944 section
     * 3.6: at most one per second in the absence of link-layer indications).
     * \param careOf the uplink \param delay until it may leave
     */
    typedef void (*RequestHeldTracedCallback)(Ipv4Address careOf, Time delay);

  protected:
    void DoDispose() override;

  private:
    /**
     * \brief Builds, authenticates and sends a request, which is then the outstanding one.
     * \param lifetime requested lifetime (0 de-registers)
     */
    void Transmit(uint16_t lifetime);
    /// Sends a request and arms the retransmission timer.
    void SendRequest();
    /// \brief Cancels the retransmission timer; the next request starts from the initial
    /// timeout (RFC 5944 section 3.6.3).
    void RestartRetransmissions();
    /**
     * \param timeout a retransmission timeout
     * \return it lengthened by the RetransmissionJitter fraction (itself when that is 0)
     */
    Time Jittered(Time timeout);
    /// \return the longest retransmission period: the requested lifetime (RFC 5944 section
    /// 3.6.3: "no greater than the requested Lifetime")
    Time MaxRetransmissionPeriod() const;
    /// \return the cap of the doubling: MaxRetransmissionTimeout, at most the lifetime, and
    /// while the binding is revoked at most KeepaliveInterval (at least 1 s; not when 0)
    Time RetransmissionCap() const;
    /// Retransmission timeout.
    void OnTimeout();
    /// \param socket registration socket
    void HandleReply(Ptr<Socket> socket);
    /// \param reply a reply that matched and authenticated
    void ProcessReply(const MipRegistrationReply& reply);
    /**
     * \brief What an unanswered path probe means for the registration (MrPathProbe's tick,
     * before the probe is sent).
     * \param missed probes sent since the last answer (each unanswered for at least a whole
     * interval)
     */
    void OnProbeTick(uint32_t missed);
    /**
     * \brief A path probe was answered (through the uplink's tunnel).
     * \param missed probes sent since the previous answer, less the answered one
     */
    void OnProbeAnswered(uint32_t missed);
    /// \brief Retries a denied registration (exponential back-off, RFC 5944 3.6.3).
    void RetryAfterDenial();
    /// \return true while the uplink runs, its interface and link are up and it has an address
    bool IsUsable() const;
    /// Creates the registration socket, bound to the care-of address, and starts the parts.
    void OpenSocket();
    /**
     * \brief Takes an address (0.0.0.0: none yet) and sets the parts up with it.
     * \param careOf care-of address \param gateway next hop \param tunnel its tunnel
     */
    void SetupAddress(Ipv4Address careOf, Ipv4Address gateway, Ptr<MipTunnel> tunnel);
    /// \param up the link went up or down (MrUplinkAccess)
    void OnLinkChange(bool up);
    /// Intercept callback of the uplink's tunnels: answers to keepalives and probes.
    bool InterceptEcho(Ptr<MipTunnel> tunnel, Ptr<Packet> packet, const Ipv4Header& inner);
    /// \param s new state \param reason why
    void SetState(MrUplinkState s, const std::string& reason);
    /// Cancels every timer.
    void CancelTimers();
    /// Registers at once: the link layer started it (or Register() found no reason to wait).
    void RegisterNow();
    /**
     * \param send sends the request (Register, or SendRequest for a retry that keeps the
     * retransmission sequence)
     * \return true if an event-started request is held back (traced; send is called
     * then, or it joined one held already), false: send it now
     */
    bool HoldRequest(Callback<void> send);

    Ptr<Node> m_node;                              //!< the router
    const MrRegistrationConfig* m_config{nullptr}; //!< shared configuration
    Ptr<MipTunnelManager> m_tunnels;               //!< the router's tunnel layer
    Ptr<Socket> m_socket;                          //!< registration socket (bound to care-of)
    MrUplinkState m_state{MrUplinkState::DOWN};    //!< state
    bool m_interfaceUp{true};                      //!< interface state
    bool m_running{false};                         //!< between Start and Stop
    Time m_denialDelay;                            //!< next retry delay after a denial
    EventId m_denialRetryEvent;                    //!< retry of a denied registration
    uint32_t m_retransmissions{0};                 //!< since the last reply
    bool m_retriedAfterMismatch{false};            //!< immediate retry after 133 used
    bool m_bindingRevoked{false};     //!< its binding revoked since its last registration
    bool m_retransmitIsResend{false}; //!< m_retransmitEvent resends (clock mismatch), no timeout
    Time m_timeout;                   //!< current retransmission timeout
    uint16_t m_granted{0};            //!< granted lifetime
    EventId m_retransmitEvent;        //!< retransmission timer
    EventId m_renewEvent;             //!< re-registration timer
    uint32_t m_requestsSent{0};       //!< counter
    uint32_t m_repliesReceived{0};    //!< counter
    MrUdpTunnelClient::TunnelTrace m_udpTunnelTrace;            //!< UDP on/off
    MrUdpTunnelClient::KeepaliveTrace m_keepaliveSentTrace;     //!< keepalive sent
    MrUdpTunnelClient::KeepaliveTrace m_keepaliveAnsweredTrace; //!< answered
    MrUdpTunnelClient::MappingLostTrace m_mappingLostTrace;     //!< mapping lost
    /// a request retransmitted after its timeout: care-of address, count, timeout
    TracedCallback<Ipv4Address, uint32_t, Time> m_retransmissionTrace;
    /// (part of) a packet not acted on: reason, count, source
    ProtocolDropTrace m_protocolDropTrace;
    /// handover phases: care-of address, phase
    TracedCallback<Ipv4Address, MrHandoverPhase> m_handoverPhaseTrace;
    /// requests held back: care-of address, delay
    TracedCallback<Ipv4Address, Time> m_requestHeldTrace;
    StateCallback m_stateCallback;                                                //!< owner's hook
    Callback<void, const MipRegistrationRequest&, Ipv4Address> m_requestCallback; //!< hook
    Callback<void, const MipRegistrationReply&, Ipv4Address> m_replyCallback;     //!< hook
    ReplyAcceptedCallback m_replyAcceptedCallback; //!< told of accepted registrations

    // Attributes
    double m_renewalFraction{};          //!< RenewalFraction attribute
    Time m_initialTimeout;               //!< InitialRetransmissionTimeout attribute
    Time m_maxTimeout;                   //!< MaxRetransmissionTimeout attribute
    uint32_t m_maxRetransmissions{};     //!< MaxRetransmissions attribute
    double m_retransmissionJitter{};     //!< RetransmissionJitter attribute
    Ptr<UniformRandomVariable> m_jitter; //!< its draws (created when first needed)
    Time m_denialRetryDelay;             //!< DenialRetryDelay attribute
    Time m_denialRetryMax;               //!< DenialRetryMax attribute
    Time m_keepaliveInterval;            //!< KeepaliveInterval attribute
    uint32_t m_keepaliveMisses{};        //!< KeepaliveMisses attribute
    MrUdpTunnelling m_udpTunnelling{};   //!< UdpTunnelling attribute
    Time m_udpKeepaliveInterval;         //!< UdpKeepaliveInterval attribute
    Time m_udpKeepaliveMinimum;          //!< UdpKeepaliveMinimum attribute
    uint32_t m_udpKeepaliveRetries{};    //!< UdpKeepaliveRetries attribute
    bool m_deregisterOnFailure{true};    //!< DeregisterOnFailure attribute
    bool m_linkLayerTriggers{true};      //!< LinkLayerTriggers attribute
    Time m_minRequestInterval;           //!< MinRegistrationInterval attribute
    uint32_t m_maxSolicitations{};       //!< MaxQueuedSolicitations attribute

    // Parts (they read the attributes above when they use them)
    Ptr<MrUplinkAccess> m_access; //!< device, link state, care-of address, handover phases
    MrReplyFilter m_replies;      //!< one reply per request (RFC 5944 3.6.2.1, 5.7)
    MrPathProbe m_probe;          //!< path probes through the uplink's tunnel
    MrUdpTunnelClient m_udp;      //!< RFC 3519 UDP tunnelling, keepalives, NAT mapping loss
    MrRequestPacer m_pacer;       //!< event-started requests 1 s apart; solicitations waiting
};

} // namespace ns3

#endif /* MR_UPLINK_H */
