/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef ROUTE_OPTIMIZER_H
#define ROUTE_OPTIMIZER_H

#include "ro-config.h"
#include "ro-context.h"
#include "ro-direct-tunnel-set.h"
#include "ro-home-reply-handler.h"
#include "ro-initiator.h"
#include "ro-inside-opening.h"
#include "ro-pair-switcher.h"
#include "ro-peer-event.h"
#include "ro-responder.h"
#include "ro-signalling-sockets.h"
#include "route-optimization-cache.h"

#include "ns3/mip-identification.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/mip-tunnel-manager.h"
#include "ns3/object.h"
#include "ns3/protocol-drop.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <functional>
#include <map>
#include <optional>

namespace ns3
{

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
 * This class is the facade: trace sources, signalling sockets and their dispatch, the
 * choice of care-of address (CareOfPairSelector) and the wiring of its parts, which share a
 * RoContext: RoInitiator (MR role), RoResponder (CR role) and RoDirectTunnelSet (direct
 * tunnels, keepalives, fallback).
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

    /**
     * \param reply an authenticated reply of the Home Agent (49/1, 50/1 are applied)
     * \param careOf the care-of address it answered (its N flag is kept for that uplink)
     */
    void OnHomeReply(const MipRegistrationReply& reply,
                     Ipv4Address careOf = Ipv4Address::GetZero());
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
    /**
     * \brief The router's mobile networks changed at run time: they are what our tunnels
     * accept from now on, and every correspondent router we are registered with gets a
     * new registration listing them (RFC 6521 section 3.3.3: the Mobile Network Request
     * extensions "as if registering in explicit mode"), so that it stops routing a
     * removed prefix to us.
     * \param networks the new prefix set
     */
    void SetNetworks(const std::vector<MipPrefix>& networks);
    /// \param stream first stream (kept, and applied at Setup() if called before)
    /// \return streams used
    int64_t AssignStreams(int64_t stream);

    /// \return the Route Optimization Cache
    RouteOptimizationCache& GetCache();
    /**
     * \param peer the other router of a direct tunnel
     * \return the interval of our keepalives to it now (adapted to their RTT, RFC 6521
     * section 3.3.4, unless KeepaliveAdaptive is false)
     */
    Time GetKeepaliveInterval(Ipv4Address peer) const;
    /// \param peer the other router \return the smoothed RTT of our keepalives (RFC 6298
    /// SRTT; zero before the first answer on the tunnel in use)
    Time GetKeepaliveRtt(Ipv4Address peer) const;
    /// \param reason why (part of) a packet was not acted on \return how often
    uint64_t GetProtocolDropCount(ProtocolDrop reason) const;
    /// \return number of per-peer sessions (timers, replay state) held
    size_t GetSessionCount() const;
    /// \return number of requests of unknown peers waiting for the HA's answer (bounded)
    size_t GetDeferredUnknownCount() const;
    /// \return whether the Home Agent reported a NAT (N flag) on some uplink
    bool IsBehindNat() const;
    /// \param careOf one of our care-of addresses \return whether the Home Agent reported
    /// a NAT (N flag of its last RO Reply) for it
    bool IsBehindNat(Ipv4Address careOf) const;
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
     * TracedCallback signature of the "PeerEvent" trace source: something happened with a
     * peer router.
     * \param info the peer's home address, what happened (RoPeerEvent) and its details
     */
    typedef void (*PeerTracedCallback)(const RoPeerEventInfo& info);
    /**
     * TracedCallback signature of the "PairProbe" trace source (MeasuredRtt overhead).
     * \param peer the other router \param local our end of the pair \param remote its end
     * \param octets the outer datagram's size \param answer true for an answer to a probe
     */
    typedef void (*PairProbeTracedCallback)(Ipv4Address peer,
                                            Ipv4Address local,
                                            Ipv4Address remote,
                                            uint32_t octets,
                                            bool answer);

  protected:
    void DoDispose() override;

  private:
    /// \param peer a peer \return true if any part holds a session for it
    bool HasSession(Ipv4Address peer) const;
    /// \param peer the other router \param probed whether the pair was on trial: its
    /// direct tunnel carried an answered keepalive (Setup trace of our own binding)
    void OnVerified(Ipv4Address peer, bool probed);

    /// \param bytes message \param from source \param port source port \param to local address
    void Dispatch(const MipBytes& bytes, Ipv4Address from, uint16_t port, Ipv4Address to);
    /// \param reason why \param count how many items \param source sender
    void CountProtocolDrop(ProtocolDrop reason, uint64_t count, Ipv4Address source);

    Ptr<Node> m_node;                //!< the router
    RoContext m_ctx;                 //!< what the parts share (settings, cache, outputs)
    RoDirectTunnelSet m_tunnelSet;   //!< direct tunnels, keepalives, fallback
    RoInitiator m_initiator;         //!< MR role
    RoResponder m_responder;         //!< CR role
    RoPairSwitcher m_pairSwitcher;   //!< care-of address pair moves
    RoInsideOpening m_insideOpening; //!< tunnels opened from inside by NATed peers
    RoSignallingSockets m_sockets;   //!< port 434 on the home and care-of addresses
    RoHomeReplyHandler m_homeReply;  //!< what our Home Agent's replies tell us

    TracedCallback<const std::string&, const std::string&, Ipv4Address, Ipv4Address>
        m_messageTrace;                                 //!< messages
    TracedCallback<const RoPeerEventInfo&> m_peerTrace; //!< state changes with peers
    ProtocolDropCounters m_protocolDrops;               //!< not acted on, per reason
    /// (part of) a packet not acted on: reason, count, source
    ProtocolDropTrace m_protocolDropTrace;
    TracedCallback<Ipv4Address, Time> m_setupTrace; //!< RO set up (peer, latency)
    /// pair probes and answers sent (peer, local, remote, octets, answer)
    TracedCallback<Ipv4Address, Ipv4Address, Ipv4Address, uint32_t, bool> m_pairProbeTrace;
    int64_t m_stream{-1}; //!< AssignStreams() value (-1: none)

    // Attributes (copied into the context's RoConfig by Setup()).
    Time m_bindingLifetime;                //!< BindingLifetime attribute
    double m_renewalFraction{};            //!< RenewalFraction attribute
    Time m_retransmission;                 //!< Retransmission attribute
    uint32_t m_maxRetransmissions{};       //!< MaxRetransmissions attribute
    Time m_keepaliveInterval;              //!< KeepaliveInterval attribute
    uint32_t m_keepaliveMisses{};          //!< KeepaliveMisses attribute
    bool m_keepaliveAdaptive{};            //!< KeepaliveAdaptive attribute
    Time m_keepaliveMinInterval;           //!< KeepaliveMinInterval attribute
    Time m_keepaliveMaxInterval;           //!< KeepaliveMaxInterval attribute
    double m_keepaliveRtoMultiple{};       //!< KeepaliveRtoMultiple attribute
    uint32_t m_crErrorReplies{};           //!< CrErrorReplies attribute
    Time m_crErrorReplyInterval;           //!< CrErrorReplyInterval attribute
    Time m_holdDown;                       //!< HoldDown attribute
    Time m_grace;                          //!< Grace attribute
    Time m_solicitationWait;               //!< SolicitationWait attribute
    uint32_t m_unknownPeerSolicitations{}; //!< UnknownPeerSolicitations attribute
    /// Encapsulation attribute: a MipEncapsulation (ns-3.37's EnumValue holds an int)
    int m_encapsulation{};
    bool m_fullMesh{};                    //!< FullMesh attribute
    bool m_spreadPeers{};                 //!< SpreadPeers attribute
    bool m_tryOtherPairs{};               //!< TryOtherPairs attribute
    bool m_solicitPeers{};                //!< Solicit attribute
    Time m_maxTokenLifetime;              //!< MaxTokenLifetime attribute
    bool m_mutualRegistration{};          //!< MutualRegistration attribute
    bool m_initiateTowardsOutboundOnly{}; //!< InitiateTowardsOutboundOnly attribute
    bool m_natPairProbing{};              //!< NatPairProbing attribute
    int m_pairPolicy{};                   //!< PairPolicy attribute (a RoPairPolicy)
    Time m_pairProbeInterval;             //!< PairProbeInterval attribute
    uint32_t m_pairProbeSamples{};        //!< PairProbeSamples attribute
    double m_pairSwitchMargin{};          //!< PairSwitchMargin attribute
    Time m_pairSwitchMinGain;             //!< PairSwitchMinGain attribute
    Time m_pairHoldDown;                  //!< PairHoldDown attribute
};

} // namespace ns3

#endif /* ROUTE_OPTIMIZER_H */
