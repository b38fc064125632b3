/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef ROUTE_OPTIMIZER_H
#define ROUTE_OPTIMIZER_H

#include "correspondent-keys.h"
#include "endpoint-prover.h"
#include "mip-identification.h"
#include "mip-registration-reply.h"
#include "mip-registration-request.h"
#include "mip-tunnel-manager.h"
#include "protocol-drop.h"
#include "return-routability-messages.h"
#include "route-optimization-cache.h"

#include "ns3/event-id.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <functional>
#include <map>
#include <unordered_map>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief One uplink as the route optimizer sees it: care-of address, device, next hop and
 * whether it is registered with the Home Agent (usable).
 */
struct RoUplink
{
    Ipv4Address careOf;    //!< the uplink's address
    Ptr<NetDevice> device; //!< its device
    Ipv4Address gateway;   //!< its next hop
    bool usable{false};    //!< registered with the Home Agent
};

/**
 * \ingroup haaro
 * \brief Timers and choices of route optimization, as RouteOptimizer::Setup() reads them
 * from the RouteOptimizer's attributes (the field of the same name without prefix). An
 * internal snapshot: it has no defaults of its own, the attributes have the only ones.
 *
 * RFC 6521 leaves the MR-CR binding lifetime, its refresh and the return routability
 * retransmission unspecified (ambiguity A8); these are this model's readings.
 */
struct RoConfig
{
    Time bindingLifetime;          //!< BindingLifetime: requested from correspondent routers
    double renewalFraction{};      //!< RenewalFraction: refresh after this part of it
    Time retransmission;           //!< Retransmission: first RR/registration timeout
    uint32_t maxRetransmissions{}; //!< MaxRetransmissions: then fall back to the HA path
    Time keepaliveInterval;        //!< KeepaliveInterval: ICMP echo in the direct tunnel
    uint32_t keepaliveMisses{};    //!< KeepaliveMisses: unanswered before falling back
    Time holdDown;                 //!< HoldDown: wait after a failure before trying again
    Time grace;                    //!< Grace: old tunnel kept after a change
    Time solicitationWait;         //!< SolicitationWait: how long a CR waits for the HA
    /// UnknownPeerSolicitations: solicitations for home addresses the HA never advertised
    /// to us: at most this many at once (a burst), refilled one per solicitationWait (A8:
    /// an attacker's requests cannot make the CR re-register at its HA more often)
    uint32_t unknownPeerSolicitations{};
    MipEncapsulation encapsulation{}; //!< Encapsulation: of direct tunnels
    bool fullMesh{};                  //!< FullMesh: every advertised router at once
    bool spreadPeers{};               //!< SpreadPeers: a care-of address per CR
    bool tryOtherPairs{};             //!< TryOtherPairs: probe the other pairs first
};

/**
 * \ingroup haaro
 * \brief RFC 6521 route optimization of one mobile router, in both roles: as MR it runs
 * return routability with a correspondent router (CR) through the Home Agent, registers
 * with it and tunnels directly to it; as CR it answers HoTI/CoTI statelessly, checks and
 * accepts registrations and tunnels back.
 *
 * Signalling is addressed to home addresses and so always crosses the Home Agent: HoTI,
 * HoT, and everything sent from the home address go through the reverse tunnel; CoTI and
 * registration requests are sent from a care-of address natively to the CR's home address.
 * Only data between the mobile networks (and the keepalives) use the direct tunnel.
 *
 * <b>Configuration.</b> Every timer and choice of route optimization is an attribute of
 * this TypeId (BindingLifetime, Retransmission, Encapsulation, ...: the only defaults).
 * MobileRouter creates its optimizer from an ObjectFactory (filled by
 * MobileRouterHelper::SetRouteOptimizerAttribute()) as soon as its RouteOptimization
 * attribute is true, i.e. when the helper installs it, so that before Simulator::Run the
 * attributes can also be set through
 * `/NodeList/<n>/ApplicationList/<a>/$ns3::MobileRouter/RouteOptimizer/<Attribute>`
 * (or Config::SetDefault("ns3::RouteOptimizer::<Attribute>", ...)). They are read once,
 * when the router starts (Setup()).
 */
class RouteOptimizer : public Object
{
  public:
    /// The mobile router's current uplinks.
    using UplinksCallback = std::function<std::vector<RoUplink>()>;
    /// Asks the Home Agent for one router's prefixes (a registration with S).
    using SolicitCallback = std::function<void(Ipv4Address)>;

    /// \return the TypeId
    static TypeId GetTypeId();

    RouteOptimizer();
    ~RouteOptimizer() override;

    /**
     * \param node the router \param homeAddress its home address
     * \param homeAgent its Home Agent \param networks its mobile network prefixes
     * \param tunnels its tunnel layer \param identification its timestamp source
     *
     * Reads the attributes (timers and choices) into the RoConfig used from then on: an
     * attribute set after Setup() has no effect. Creates the random variable (cookies, Kcr,
     * nonces) here, not in the constructor, so that creating the optimizer before the
     * router starts draws no stream index earlier than the router's start.
     */
    void Setup(Ptr<Node> node,
               Ipv4Address homeAddress,
               Ipv4Address homeAgent,
               const std::vector<MipPrefix>& networks,
               Ptr<MipTunnelManager> tunnels,
               MipIdentificationGenerator* identification);
    /**
     * \param uplinks gives the current uplinks
     * \param solicit solicits the Home Agent (replaced by a no-op when the Solicit attribute
     * is false: a request of an unconfirmed router then waits SolicitationWait in vain)
     */
    void SetCallbacks(UplinksCallback uplinks, SolicitCallback solicit);
    /// Opens the signalling sockets.
    void Start();
    /// \param deregister send lifetime-0 requests to every CR registered with
    void Stop(bool deregister);

    /// \param reply an authenticated reply of the Home Agent (49/1, 50/1 are applied)
    void OnHomeReply(const MipRegistrationReply& reply);
    /**
     * \brief The tunnel for a packet that routing sent to the tunnel interface: the direct
     * tunnel of its destination's CR when one is usable; starts route optimization when it
     * is the trigger packet (RFC 6521 section 3.3.1), which itself still goes via the HA.
     * \param packet the packet \param header its IPv4 header
     * \return the direct tunnel, or nullptr (use the Home Agent tunnel)
     */
    Ptr<MipTunnel> SelectTunnel(Ptr<const Packet> packet, const Ipv4Header& header);
    /**
     * \param tunnel a tunnel that is not to the Home Agent \param inner inner header
     * \return true if it is a direct tunnel of ours and the inner packet is for our
     * networks or home address
     */
    bool Accept(Ptr<MipTunnel> tunnel, const Ipv4Header& inner);
    /// \param oldCareOf previous active care-of address \param newCareOf new one
    void OnActiveUplinkChanged(Ipv4Address oldCareOf, Ipv4Address newCareOf);
    /// \param careOf an uplink that stopped being usable (matters with spreadPeers)
    void OnUplinkLost(Ipv4Address careOf);
    /**
     * \brief Provisions a KRm statically (RFC 6521 section 3.2: return routability skipped).
     * \param peer the CR's home address \param krm the key
     */
    void AddStaticKey(Ipv4Address peer, const MipBytes& krm);
    /// \param peer start route optimization with this CR now
    void StartRouteOptimization(Ipv4Address peer);
    /// \param stream first stream (kept, and applied at Setup() if called before)
    /// \return streams used
    int64_t AssignStreams(int64_t stream);

    /// \return the Route Optimization Cache
    RouteOptimizationCache& GetCache();
    /// \param reason why (part of) a packet was not acted on \return how often
    uint64_t GetProtocolDropCount(ProtocolDrop reason) const;
    /// \return number of per-peer sessions (timers, replay state) held
    size_t GetSessionCount() const;
    /// \return number of requests of unknown peers waiting for the HA's answer (bounded)
    size_t GetDeferredUnknownCount() const;
    /// \return whether the Home Agent reported a NAT (N flag of the last RO Reply)
    bool IsBehindNat() const;
    /// \return whether the Home Agent declined route optimization (RO Reply code >= 16)
    bool IsDeclined() const;

    /**
     * TracedCallback signature for protocol messages.
     * \param direction "tx" or "rx" \param message HoTI, CoTI, HoT, CoT, RRQ, RRP or
     * KEEPALIVE \param src IP source \param dst IP destination
     */
    typedef void (*MessageTracedCallback)(const std::string& direction,
                                          const std::string& message,
                                          Ipv4Address src,
                                          Ipv4Address dst);
    /**
     * TracedCallback signature for state changes with a peer.
     * \param peer the other router's home address \param detail what happened
     */
    typedef void (*PeerTracedCallback)(Ipv4Address peer, const std::string& detail);

  protected:
    void DoDispose() override;

  private:
    /// What this router keeps per peer besides the cache entry (timers, replay state).
    struct PeerSession
    {
        // MR role
        EventId rrTimer;                    //!< return routability retransmission
        uint32_t rrAttempts{0};             //!< RR tries
        Time rrTimeout;                     //!< current RR timeout
        Time rrStarted;                     //!< when RR (or the whole RO) started
        bool partial{false};                //!< only CoTI this time
        EventId regTimer;                   //!< registration retransmission
        uint32_t regAttempts{0};            //!< registration tries
        Time regTimeout;                    //!< current registration timeout
        uint64_t pendingId{0};              //!< Identification of the outstanding request
        bool pending{false};                //!< a request to this CR is outstanding
        uint16_t pendingLifetime{0};        //!< its lifetime
        MipBytes pendingKey;                //!< the key it was signed with (its reply's)
        bool awaitingReply{false};          //!< a request is outstanding (one reply each)
        EventId refreshTimer;               //!< binding refresh
        Time holdDownUntil;                 //!< no new attempt before
        EventId keepaliveTimer;             //!< keepalives
        uint16_t keepaliveSequence{0};      //!< last keepalive sent
        uint32_t keepaliveUnanswered{0};    //!< consecutive unanswered
        bool awaitingFirstKeepalive{false}; //!< UDP tunnel not verified yet
        Ptr<MipTunnel> oldTunnel;           //!< kept for the grace period
        std::vector<EventId> graceTimers;   //!< removals of retired tunnels (cancellable)
        Ipv4Address pairCareOf{Ipv4Address::GetZero()}; //!< our CoA chosen by pair probing
        bool probing{false};                            //!< a new (MR CoA, CR CoA) pair is on trial
        bool outboundOnlyNoted{false};                  //!< "no-ro (outbound-only)" traced once
        Time lastPeerKeepalive;    //!< when we last answered a keepalive of the peer
        Time keepaliveInterval{0}; //!< shortened interval behind a NAT (0: the configured one)
        // CR role
        MipReplayProtector replay;        //!< timestamps of this peer's requests
        EventId bindingExpiry;            //!< this peer's registration with us
        bool awaitingSolicitation{false}; //!< a request waits for the HA's prefixes
        MipBytes deferredRequest;         //!< that request
        Ipv4Address deferredSource;       //!< its source
        uint16_t deferredPort{0};         //!< its source port
        EventId deferredTimer;            //!< gives up waiting
        /// tunnels from our other care-of addresses to the MR's, on which it may probe
        std::vector<Ptr<MipTunnel>> alternates;
    };

    /// \param a peer \return its session (created when absent: only for known peers)
    PeerSession& Session(Ipv4Address a);
    /// \param a peer \return its session, or nullptr (never creates one)
    PeerSession* FindSession(Ipv4Address a);
    /// \return the uplink to use for route optimization now (active), if any
    std::optional<RoUplink> ActiveUplink() const;
    /// \param peer a CR \return the uplink (our care-of address) to use with it
    std::optional<RoUplink> ChooseUplink(Ipv4Address peer) const;
    /// \param oldCareOf redo route optimization from another care-of address for every CR
    /// registered through this one
    void MovePeers(Ipv4Address oldCareOf);
    /// \param careOf a care-of address \return its uplink, if any
    std::optional<RoUplink> UplinkOf(Ipv4Address careOf) const;

    // sockets
    /// \param socket a signalling socket
    void HandleRead(Ptr<Socket> socket);
    /// \param bytes message \param from source \param port source port \param to local address
    void Dispatch(const MipBytes& bytes, Ipv4Address from, uint16_t port, Ipv4Address to);
    /// \param socket where from \param h header \param to destination \param port its port
    /// \param name for the trace
    void SendMessage(Ptr<Socket> socket,
                     const Header& h,
                     Ipv4Address to,
                     uint16_t port,
                     const std::string& name);
    /// \param careOf an uplink address \return the signalling socket bound to it
    Ptr<Socket> CareOfSocket(Ipv4Address careOf);

    // MR role
    /// \param peer CR \param partial only CoTI
    void StartReturnRoutability(Ipv4Address peer, bool partial);
    /// \param peer CR: (re)sends HoTI and/or CoTI
    void SendTestInits(Ipv4Address peer);
    /// \param peer CR
    void OnReturnRoutabilityTimeout(Ipv4Address peer);
    /// \param msg HoT or CoT \param to where it arrived
    void ProcessTest(const ReturnRoutabilityTest& msg, Ipv4Address to);
    /// \param peer CR \param lifetime requested lifetime (0: de-register)
    void SendRegistration(Ipv4Address peer, uint16_t lifetime);
    /// \param peer CR
    void OnRegistrationTimeout(Ipv4Address peer);
    /// \param reply the CR's reply \param from its source
    void ProcessCorrespondentReply(MipRegistrationReply& reply, Ipv4Address from);
    /// \param reason why \param count how many items \param source sender
    void CountProtocolDrop(ProtocolDrop reason, uint64_t count, Ipv4Address source);
    /// \param peer CR \param krm the key \param careOf our CoA \return the key to use
    MipBytes KeyFor(Ipv4Address peer, Ipv4Address careOf, bool deregistration) const;

    // CR role
    /// \param msg HoTI or CoTI \param from source \param port source port
    void AnswerTestInit(const ReturnRoutabilityInit& msg, Ipv4Address from, uint16_t port);
    /**
     * \param bytes request \param from source \param port source port
     * \param mayDefer false when re-processing a request that already waited for the HA
     */
    void ProcessCorrespondentRequest(const MipBytes& bytes,
                                     Ipv4Address from,
                                     uint16_t port,
                                     bool mayDefer = true);
    /// \param peer a home address the HA never advertised \return true if a solicitation
    /// may be sent for it now (token bucket, RoConfig::unknownPeerSolicitations)
    bool TakeUnknownSolicitation(Ipv4Address peer);
    /// Re-processes the requests of unknown peers that waited for the HA (answer or timeout).
    void ProcessDeferredUnknown();
    /// \param peer MR whose binding with us expired
    void OnPeerBindingExpired(Ipv4Address peer);

    // tunnels and data
    /// \param peer the other router \param local our CoA \param remote its CoA
    /// \param encapsulation the encapsulation (the one the MR of the binding asked for)
    /// \return the direct tunnel
    Ptr<MipTunnel> MakeTunnel(Ipv4Address peer,
                              Ipv4Address local,
                              Ipv4Address remote,
                              MipEncapsulation encapsulation);
    /// \param peer the other router \param reason why: stop using the direct tunnel
    void FallBack(Ipv4Address peer, const std::string& reason);
    /// \param peer the other router: keepalive timer
    void SendKeepalive(Ipv4Address peer);
    /**
     * \brief Decapsulated packets of our direct tunnels, before the ingress filter: an echo
     * reply that returns the nonce of our challenge through that tunnel proves it (an
     * alternate pair is switched to); a peer's keepalive on an alternate pair only gets a
     * challenge there (RFC 6521 section 6.1 probing, moved only on proof).
     * \param tunnel the tunnel \param p inner packet \param inner its header
     * \return true if consumed
     */
    bool InterceptKeepalive(Ptr<MipTunnel> tunnel, Ptr<Packet> p, const Ipv4Header& inner);
    /// \param peer the other router \param tunnel a keepalive or its answer arrived on it
    /// from its proven end: the path works (activates a tunnel awaiting its first keepalive)
    void OnPeerKeepalive(Ipv4Address peer, Ptr<MipTunnel> tunnel);
    /// \param tunnel its end answered our challenge: follow it (switch to it if alternate)
    void OnProven(Ptr<MipTunnel> tunnel);
    /**
     * \brief A datagram on a port-learning UDP tunnel from another port (the tunnel layer's
     * endpoint callback): the answer to our challenge of that port moves the tunnel there;
     * anything else is counted (UNAUTHENTICATED_ENDPOINT) and makes us challenge the port.
     * Data is still delivered (ingress filtered): the outer port is no more authenticated
     * than the outer address, which anyone can spoof together with the current port, and a
     * NATed peer's traffic must not be lost while the proof is under way; keepalives are not
     * (their answer would go to the old port, and they must not count as liveness).
     * \param tunnel the tunnel \param port the source port \param p inner packet
     * \return true if consumed
     */
    bool OnUnprovenPort(Ptr<MipTunnel> tunnel, uint16_t port, Ptr<Packet> p);
    /**
     * \brief Sends a return reachability challenge (an echo carrying a nonce) through a
     * tunnel, to another remote port when given; rate-limited by the prover.
     * \param tunnel the tunnel \param port the remote port to prove
     */
    void Challenge(Ptr<MipTunnel> tunnel, uint16_t port);
    /// \param tunnel one of our direct tunnels: hooks our keepalive interception on it
    void HookTunnel(Ptr<MipTunnel> tunnel);
    /**
     * \param entry the peer's entry \param source an inner source address
     * \return true if it is the peer's home address or in one of its HA-confirmed prefixes
     * (ingress filtering on direct tunnels)
     */
    bool SourceAllowed(const RocEntry& entry, Ipv4Address source) const;
    /// \param peer the other router \return its keepalive interval now
    Time KeepaliveInterval(Ipv4Address peer);
    /**
     * \brief Behind a NAT, the peer's keepalives stopped arriving although ours are
     * answered: our NAT mapping times out between our keepalives (its timeout is shorter
     * than the interval) and filters what the peer sends in between. Halve the interval
     * (not below 200 ms, RFC 6521's MAX_UPDATE_RATE of 5 per second; RFC 3519 section 4.10
     * does the same for the Home Agent path).
     * \param peer the other router
     */
    void CheckNatMapping(Ipv4Address peer);
    /**
     * \brief The pair of the direct tunnel failed: try the next (MR CoA, CR CoA) pair
     * (RFC 6521 section 3.3 R19, section 6.1) before falling back to the HA path.
     * \param peer the correspondent router
     * \return false when no untried pair is left
     */
    bool TryNextPair(Ipv4Address peer);
    /**
     * \param entry a peer's cache entry
     * \return true if this end chooses the pair (the MR of the binding; of two routers
     * registered with each other, the one with the larger home address)
     */
    bool ChoosesPair(const RocEntry& entry) const;
    /// \param entry a peer's entry \return true if the direct tunnel must use UDP (R13)
    bool UseUdp(const RocEntry& entry) const;
    /**
     * \brief Tunnels for the other (local, remote) pairs with a peer, so that a keepalive
     * arriving on one of them (probing, or the peer after it moved) is accepted and followed:
     * as CR from each of our usable care-of addresses to the MR's; as MR from ours to each
     * address of the CR's Care-of Address extension.
     * \param peer the other router \param locals our addresses \param remotes its addresses
     * \param encapsulation the binding's
     */
    void MakeAlternateTunnels(Ipv4Address peer,
                              const std::vector<Ipv4Address>& locals,
                              const std::vector<Ipv4Address>& remotes,
                              MipEncapsulation encapsulation);
    /// \return our usable care-of addresses, in uplink order
    std::vector<Ipv4Address> UsableCareOfs() const;
    /**
     * \brief CR role: our care-of address changed: move our end of the direct tunnels that
     * used the old one and announce it with a keepalive (the MR follows).
     * \param oldCareOf previous address \param newCareOf new address
     */
    void MoveCorrespondentTunnels(Ipv4Address oldCareOf, Ipv4Address newCareOf);
    /// \param peer removes its alternate tunnels (except the one in use)
    void RemoveAlternateTunnels(Ipv4Address peer);
    /**
     * \brief Moves a binding with a CR to another care-of address of ours: partial return
     * routability (CoTI only) and a new registration (RFC 6521 section 3.3.6).
     * \param entry the CR's entry \param oldCareOf the CoA in use \param newCareOf the new one
     */
    void HandOver(RocEntry& entry, Ipv4Address oldCareOf, Ipv4Address newCareOf);
    /// \param peer the other router \param tunnel retired tunnel: removed after the grace
    void RetireTunnel(Ipv4Address peer, Ptr<MipTunnel> tunnel);

    Ptr<Node> m_node;                                      //!< the router
    Ipv4Address m_homeAddress;                             //!< its home address
    Ipv4Address m_homeAgent;                               //!< its Home Agent
    std::vector<MipPrefix> m_networks;                     //!< its mobile networks
    Ptr<MipTunnelManager> m_tunnels;                       //!< its tunnel layer
    MipIdentificationGenerator* m_identification{nullptr}; //!< its timestamps
    RoConfig m_config;                                     //!< timers (Setup: attributes)
    UplinksCallback m_uplinks;                             //!< its uplinks
    SolicitCallback m_solicit;                             //!< asks the HA
    Ptr<UniformRandomVariable> m_random;                   //!< cookies, Kcr, nonces
    RouteOptimizationCache m_cache;                        //!< the ROC
    CorrespondentKeys m_keys;                              //!< Kcr and nonces (CR role)
    std::map<uint32_t, PeerSession> m_sessions;            //!< by peer home address
    EndpointProver m_prover;                               //!< challenges of new tunnel ends

    /// A registration of a home address the HA never advertised, waiting for its answer.
    struct DeferredUnknown
    {
        MipBytes request; //!< the request
        Ipv4Address from; //!< its source
        uint16_t port{0}; //!< its source port
    };

    /// at most RoConfig::unknownPeerSolicitations, by peer home address
    std::map<uint32_t, DeferredUnknown> m_deferredUnknown;
    EventId m_deferredUnknownTimer; //!< gives up waiting for the HA
    double m_unknownTokens{-1};     //!< token bucket of unknown-peer solicitations (-1: full)
    Time m_unknownTokensAt;         //!< when it was last refilled
    /// outstanding HoTI/CoTI cookies -> (peer home address, our care-of address)
    std::unordered_map<uint64_t, std::pair<Ipv4Address, Ipv4Address>> m_cookies;
    Ptr<Socket> m_homeSocket;                               //!< bound to the home address, port 434
    std::map<uint32_t, Ptr<Socket>> m_careOfSockets;        //!< bound to each CoA, port 434
    bool m_behindNat{false};                                //!< N flag from the Home Agent
    bool m_declined{false};                                 //!< the Home Agent declined (code 16)
    Ipv4Address m_lastActiveCareOf{Ipv4Address::GetZero()}; //!< last non-zero active CoA
    bool m_running{false};                                  //!< between Start and Stop

    TracedCallback<const std::string&, const std::string&, Ipv4Address, Ipv4Address>
        m_messageTrace;                                          //!< messages
    TracedCallback<Ipv4Address, const std::string&> m_peerTrace; //!< state changes
    ProtocolDropCounters m_protocolDrops;                        //!< not acted on, per reason
    /// (part of) a packet not acted on: reason, count, source
    ProtocolDropTrace m_protocolDropTrace;
    TracedCallback<Ipv4Address, Time> m_setupTrace; //!< RO set up (peer, latency)
    int64_t m_stream{-1};                           //!< AssignStreams() value (-1: none)

    // Attributes (copied into m_config by Setup()).
    Time m_bindingLifetime;                //!< BindingLifetime attribute
    double m_renewalFraction{};            //!< RenewalFraction attribute
    Time m_retransmission;                 //!< Retransmission attribute
    uint32_t m_maxRetransmissions{};       //!< MaxRetransmissions attribute
    Time m_keepaliveInterval;              //!< KeepaliveInterval attribute
    uint32_t m_keepaliveMisses{};          //!< KeepaliveMisses attribute
    Time m_holdDown;                       //!< HoldDown attribute
    Time m_grace;                          //!< Grace attribute
    Time m_solicitationWait;               //!< SolicitationWait attribute
    uint32_t m_unknownPeerSolicitations{}; //!< UnknownPeerSolicitations attribute
    /// Encapsulation attribute: a MipEncapsulation (ns-3.37's EnumValue holds an int)
    int m_encapsulation{};
    bool m_fullMesh{};      //!< FullMesh attribute
    bool m_spreadPeers{};   //!< SpreadPeers attribute
    bool m_tryOtherPairs{}; //!< TryOtherPairs attribute
    bool m_solicitPeers{};  //!< Solicit attribute
};

} // namespace ns3

#endif /* ROUTE_OPTIMIZER_H */
