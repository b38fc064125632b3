/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef HOME_AGENT_H
#define HOME_AGENT_H

#include "ha-binding-applier.h"
#include "ha-binding-table.h"
#include "ha-downlink.h"
#include "ha-prefix-advertiser.h"
#include "ha-registration-decider.h"
#include "ha-route-optimization-role.h"
#include "ha-routing.h"
#include "ha-udp-tunnelling.h"

#include "ns3/application.h"
#include "ns3/drop-counters.h"
#include "ns3/mip-identification.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/mip-registration-request.h"
#include "ns3/mip-security-association.h"
#include "ns3/mip-tunnel-manager.h"
#include "ns3/prefix-advertisement-extension.h"
#include "ns3/protocol-drop.h"
#include "ns3/ro-extensions.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"
#include "ns3/udp-tunnel-extensions.h"

#include <optional>
#include <string>
#include <unordered_map>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Why the Home Agent dropped a control message.
 */
enum class HaDrop : uint8_t
{
    MALFORMED,     //!< not a well-formed Registration Request (silently discarded)
    NOT_A_REQUEST, //!< another message type on UDP/434
    COUNT,         //!< number of reasons
};

/**
 * \ingroup haaro
 * \brief Mobile IPv4 Home Agent for co-located care-of address mobile nodes and NEMOv4
 * mobile routers (RFC 5944, RFC 3024, RFC 5177).
 *
 * Listens on UDP/434 for Registration Requests and answers each with a Registration Reply:
 * MN-HA authentication (HMAC-MD5, per mobile node security association, indexed by home
 * address and SPI: a request without one is silently discarded; failures: 131),
 * timestamp replay protection (133 with the HA's time for resynchronisation), the Home
 * Agent field (136), reserved bits (134), encapsulation (IP in IP, GRE when G is set and
 * supported; minimal encapsulation: 139), reverse tunnelling (138 when required but T is
 * clear), lifetimes (granted = min(requested, MaxLifetime); 0 de-registers one or all
 * bindings), simultaneous bindings (S; 135 beyond MaxBindings), and NEMO prefixes in
 * explicit mode (Mobile Network Request extensions, each authorised against the mobile
 * router's configured prefixes: MOBNET_INVALID_PREFIX_LEN, MOBNET_UNAUTHORIZED; none left:
 * HA_MOBNET_ERROR 147; not a mobile router: HA_MOBNET_DISALLOWED 148) or implicit mode
 * (the configured prefixes, acknowledged with Implicit Mode Acknowledgements).
 *
 * Accepted bindings get a tunnel (MipTunnelManager) and their home address and prefixes
 * are routed into the tunnel interface (HaRouting). Reverse-tunnelled packets are
 * accepted only from a binding's care-of address and with an inner source that is the home
 * address or inside a registered prefix; other packets are dropped and counted.
 *
 * <b>Home Agent-assisted Route Optimization (RFC 6521, HA role)</b>, when HaaroEnabled is
 * true (the default):
 * - a successful registration whose request carried the Mobile Router Route Optimization
 *   Capability extension (153/1) is answered with a Route Optimization Reply (49/1): O
 *   echoes the request's O, N says the request's IP source differs from its Care-of
 *   Address field (the RFC 3519 NAT test), S echoes the request's S, Code 0;
 * - if the request set R, one Route Optimization Prefix Advertisement (50/1) lists the
 *   other advertisable Mobile Routers (never the requester): home address, Info (1 if that
 *   router set O) and its registered prefixes, each with the router's realm
 *   (AddMobileNode()); it is left out when nobody is advertisable (RFC 6521 section 8.1:
 *   "no networks known yet");
 * - a Mobile Router is advertisable while it has at least one binding and its last
 *   accepted registration (with a non-zero lifetime) carried 153/1 with A=1 (A is the
 *   permission to advertise; A=0 routers are never listed);
 * - solicitation (our reading, RFC 6521 leaves it open: protocol notes 1.7.1 step 5 and
 *   section 10 item 7): when 153/1 has S=1 and names a home address, the advertisement
 *   lists only that router, if it is advertisable (otherwise there is none), and the RO
 *   Reply has S=1. As for any advertisement it is sent only when R is set too;
 * - both extensions go before the MN-HA authentication extension, which covers them;
 * - nothing is ever sent outside Registration Replies (no unsolicited updates, RFC 6521
 *   section 3.1); messages between Mobile Routers (return routability, Registration
 *   Requests to a correspondent router's home address) are forwarded like any other
 *   packet by HaRouting and never processed here.
 *
 * <b>NAT traversal (RFC 3519)</b>, when UdpTunnelling is true (the default). A request whose
 * IP source address differs from its Care-of Address field has crossed a NAT (NatDetected
 * trace source). For a request with a UDP Tunnel Request extension (144) and a non-zero
 * lifetime:
 * - NAT detected, or F set: the Home Agent assents (UDP Tunnel Reply, code 0, F echoed,
 *   Keepalive Interval = UdpKeepaliveInterval) and the binding's tunnel is IP in UDP to the
 *   request's source address and port (type-4 Tunnel Data on port 434 both ways). The
 *   tunnel is port-pinned: only a later authenticated request moves it to another address
 *   or port (a data packet never does; RFC 3519 sections 4.6 and 6.1), and two mobile
 *   routers behind one NAT get two tunnels (same address, different ports);
 * - no NAT and no F: declined with Tunnel Reply code 64; the registration goes on with IP in
 *   IP or GRE as usual;
 * - NAT detected but UdpTunnelling false, or F without a NAT while UdpTunnelling or
 *   AllowForcedUdp is false: the registration is refused with 129 (administratively
 *   prohibited, RFC 3519 section 4.6.1);
 * - Reserved 3 not zero: the extension is "handled as not understood and silently
 *   skipped" (RFC 3519 sections 3.1, 3.1.3), i.e. the request is decided as one without
 *   it; UdpReserved3Refused=true answers 134 instead (section 4.6.1); D clear: 134;
 * - an encapsulation other than IP in IP (4; or 0 with neither M nor G) when the Home
 *   Agent would assent: 142 (ERROR_HA_UDP_ENCAP_UNAVAIL).
 * Lifetime-0 requests ignore the extension. A NAT detected in a registration without a
 * (understood) UDP Tunnel Request is refused with 129: RFC 3519 section 4.6.1 calls its
 * acceptance a mistake ("the mobile node will not be able to receive forward tunnelled
 * data if it is behind a NAT"), and section 4.7 allows UDP only for bindings set up with
 * the request/reply pair; a request sent from the home address or from 0.0.0.0 is exempt,
 * as in section 4.6.1. The granted lifetime of a UDP-tunnelled binding is capped at
 * NatMaxLifetime (RFC 3519 section 5.2: "When using UDP tunnelling"); other bindings keep
 * min(requested, MaxLifetime). The Home Agent's port-434 socket hands Tunnel
 * Data to the tunnel layer, and an ICMP echo request that arrives through a binding's
 * tunnel (UDP: a keepalive, RFC 3519 section 4.9; IP in IP or GRE: a mobile router's path
 * probe) from the binding's care-of address to the Home Agent address is answered with an
 * echo reply through the same tunnel, so only while the binding exists (Restart() loses
 * them all), and does not count as traffic for DownlinkPolicy LastActive (echo requests
 * from the home address, the mobile router's uplink announcements, still do).
 *
 * <b>Downlink with simultaneous bindings (DownlinkPolicy)</b>: by default a copy to each
 * care-of address (Duplicate, RFC 5944 section 4.2.3); PerFlow sends each flow through one
 * binding (MipFlowHash: both directions of a flow hash alike, and only the flows of a
 * binding that goes move), LastActive through the binding of the care-of address the router
 * uses, below. A binding is removed by a lifetime-0 request for its care-of address (RFC 5944
 * section 3.8.2.2), which a mobile router sends through a working uplink for a failed one.
 *
 * <b>Downlink choice (DownlinkPolicy LastActive)</b>: a reverse-tunnelled packet through
 * another binding than the downlink's is delivered (RFC 5944 reverse tunnelling) but only
 * starts a return-reachability probe (HaDownlinkProbe: an echo with a random nonce to the
 * home address through that binding's tunnel); the downlink moves when the answer comes
 * back through that tunnel (issue 10, A11: a spoofed packet from a dead care-of address
 * moves nothing). The mobile router's uplink announcement after a failover triggers it.
 *
 * <b>Duplicates and replays (RFC 5944 sections 3.8.2.2 and 5.7.1)</b>: a request with the
 * Identification of the accepted current registration is a duplicate. From the binding's
 * own source address and port it is answered again (code 0, the remaining lifetime, no
 * Prefix Advertisement) and changes nothing: no binding update, no NAT count, no flags. From
 * any other address or port it is a replay (a timestamp "MUST be greater than all
 * previously accepted timestamps"): 133 to its source, counted (IDENTIFICATION_MISMATCH).
 *
 * The advertisable routers are kept in ordered containers updated when bindings appear
 * or disappear and when a router's flags change, so building an advertisement never scans
 * the binding table: it costs O(number of routers advertised), which is inherent to the
 * protocol (every advertised router is on the wire); with MaxAdvertisementSize it stops as
 * soon as no further router can fit. With HaaroEnabled false the Home Agent is a legacy
 * NEMOv4 Home Agent: 153/1 is skipped (it is skippable) and the replies carry neither
 * 49/1 nor 50/1.
 *
 * <b>Structure.</b> HomeAgent holds the attributes, trace sources and the UDP/434 socket,
 * authenticates requests and dispatches to its parts: HaRegistrationDecider (the reply
 * code, lifetime and acknowledgements), HaBindingApplier (an accepted registration ->
 * bindings, tunnels, routes), HaRouteOptimizationRole (RFC 6521 HA role, with
 * HaPrefixAdvertiser), HaUdpTunnelling (RFC 3519) and HaDownlink (downlink choice and
 * probes).
 */
class HomeAgent : public Application
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();

    HomeAgent();
    ~HomeAgent() override;

    /**
     * \brief Declares a mobile node (or mobile router) this Home Agent serves.
     * \param homeAddress its home address
     * \param sa its mobility security association (SPI, key, replay tolerance)
     * \param prefixes mobile network prefixes it may register (explicit mode) and that are
     * registered for it when it sends none (implicit mode)
     * \param mobileRouter false for a plain mobile node: requests for prefixes are then
     * refused with HA_MOBNET_DISALLOWED
     * \param realm NAI-style realm advertised with each of its prefixes in Route
     * Optimization Prefix Advertisements (RFC 6521 section 5.5); empty (the default) for
     * none; aborts if RealmCodec::IsValidRealm() refuses it
     *
     * Declaring a home address again replaces its configuration (and replay state) but
     * keeps its bindings and its place in the advertisement order.
     *
     * Configuration errors are fatal (NS_FATAL_ERROR naming the value): a prefix length
     * above 32, and a prefix that overlaps (contains, equals or lies inside) a prefix of
     * another mobile node. Overlapping mobile networks of two routers are refused here, at
     * configuration time, rather than at registration: since a router may register only
     * prefixes inside its configured ones, two registrations can then never overlap
     * (MOBNET_FWDING_SETUP_FAILED still answers a prefix another router registered, e.g.
     * after a re-declaration).
     */
    void AddMobileNode(Ipv4Address homeAddress,
                       const MipSecurityAssociation& sa,
                       const std::vector<MipPrefix>& prefixes,
                       bool mobileRouter = true,
                       const std::string& realm = "");
    /**
     * \brief Adds a prefix to the Prefix Table entries of a declared mobile router (RFC
     * 5177 section 6.2.2: the table pairs home addresses with prefixes, and nothing keeps
     * two home addresses from being paired with one prefix): a network that may be added at
     * run time, or that may move between routers. Unlike AddMobileNode(), a prefix that
     * another router may register too is allowed; the Home Agent still routes each prefix
     * to one router at a time: while one router has it registered, another router's
     * request for it is answered MOBNET_FWDING_SETUP_FAILED (RFC 5177 section 6.6) and the
     * prefix goes to that router only after the first one's registration no longer lists it
     * (or its binding ends). Aborts for an undeclared home address or a length above 32.
     * \param homeAddress a mobile router declared with AddMobileNode()
     * \param prefix the prefix it may register from now on
     */
    void AuthorizeMobileNetwork(Ipv4Address homeAddress, const MipPrefix& prefix);

    /**
     * \brief The Home Agent restarts (a reboot, or a fault that wipes its state): it loses
     * every binding with its tunnel and routes, the replay state, the route optimization
     * flags and the advertisement order, and keeps its configuration (AddMobileNode(),
     * attributes) and counters. Nothing is sent: the mobile routers find out from their
     * unanswered path probes and register again (MrUplink).
     */
    void Restart();

    /// \return the binding table
    Ptr<HaBindingTable> GetBindingTable() const;
    /// \return the tunnel layer
    Ptr<MipTunnelManager> GetTunnelManager() const;
    /// \return the routing protocol that routes registered prefixes into tunnels
    Ptr<HaRouting> GetRouting() const;
    /// \return the Home Agent address (the HomeAgentAddress attribute)
    Ipv4Address GetAddress() const;
    /// \param reason drop reason \return messages dropped for it
    uint64_t GetDropCount(HaDrop reason) const;
    /// \param reason why (part of) a packet was not acted on \return how often
    uint64_t GetProtocolDropCount(ProtocolDrop reason) const;
    /// \param code a reply code \return replies sent with it
    uint64_t GetReplyCount(uint8_t code) const;
    /// \return downlink reachability probes sent (DownlinkPolicy LastActive)
    uint64_t GetDownlinkProbeCount() const;
    /// \return times the downlink of a mobile node moved after an answered probe
    uint64_t GetDownlinkMoveCount() const;
    /**
     * \param stream first stream index for the probe nonces
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /// \return Route Optimization Reply extensions (49/1) sent
    uint64_t GetRoReplyCount() const;
    /// \return Route Optimization Prefix Advertisement extensions (50/1) sent
    uint64_t GetAdvertisementCount() const;
    /// \return octets of all Prefix Advertisement extensions sent (headers included)
    uint64_t GetAdvertisementOctets() const;

    /// \return Registration Requests whose IP source was not their care-of address
    uint64_t GetNatDetectedCount() const;
    /// \param code a UDP Tunnel Reply code \return UDP Tunnel Replies sent with it
    uint64_t GetUdpTunnelReplyCount(uint8_t code) const;
    /// \return keepalives (ICMP echo requests through UDP tunnels) received
    uint64_t GetKeepalivesReceived() const;
    /// \return keepalives answered through their tunnel
    uint64_t GetKeepalivesAnswered() const;

    /**
     * \param homeAddress a mobile node's home address
     * \return the A, R and O flags of its last accepted registration with a non-zero
     * lifetime if that carried the capability extension (153/1) and HaaroEnabled was true
     * then; nothing otherwise (the solicitation, S and its address, is never kept)
     */
    std::optional<RoCapabilityExtension> GetRoCapability(Ipv4Address homeAddress) const;
    /**
     * \param homeAddress a home address
     * \return true if the router may currently appear in advertisements to others
     */
    bool IsAdvertisable(Ipv4Address homeAddress) const;
    /**
     * \brief Operator policy: decline route optimization for one router (RFC 6521 section
     * 5.2, RO Reply code 16). Its next registration gets code 16 and no advertisement, and
     * it is no longer advertised to others.
     * \param homeAddress the router's home address \param declined decline (or allow again)
     */
    void SetRouteOptimizationDeclined(Ipv4Address homeAddress, bool declined);
    /// \param homeAddress a home address \return true if route optimization is declined for it
    bool IsRouteOptimizationDeclined(Ipv4Address homeAddress) const;
    /**
     * \return the advertisable routers' home addresses in the current AdvertisementOrder;
     * O(number advertisable), no binding table scan
     */
    std::vector<Ipv4Address> GetAdvertisableMobileRouters() const;

    /**
     * TracedCallback signature for registration messages.
     * \param message the request or reply
     * \param peer the mobile node's address (source of the request / destination of the reply)
     */
    typedef void (*RequestTracedCallback)(const MipRegistrationRequest& message, Ipv4Address peer);
    /**
     * TracedCallback signature for replies.
     * \param message the reply \param peer its destination
     */
    typedef void (*ReplyTracedCallback)(const MipRegistrationReply& message, Ipv4Address peer);
    /**
     * TracedCallback signature for Route Optimization Replies.
     * \param homeAddress the mobile router it is sent to
     * \param extension the 49/1 extension (flags and code)
     */
    typedef void (*RoReplyTracedCallback)(Ipv4Address homeAddress,
                                          const RoReplyExtension& extension);
    /**
     * TracedCallback signature for Prefix Advertisements.
     * \param homeAddress the requesting mobile router (the reply's destination)
     * \param mobileRouters Mobile Router entries in the extension
     * \param prefixes prefixes in the extension (over all entries)
     * \param octets octets of the extension on the wire (4-octet header included)
     */
    typedef void (*AdvertisementTracedCallback)(Ipv4Address homeAddress,
                                                uint32_t mobileRouters,
                                                uint32_t prefixes,
                                                uint32_t octets);
    /**
     * TracedCallback signature for NAT detection.
     * \param homeAddress the requester \param careOf the request's Care-of Address field
     * \param source the request's IP source \param port its UDP source port
     * \param requested true if the request carried a UDP Tunnel Request
     */
    typedef void (*NatDetectedTracedCallback)(Ipv4Address homeAddress,
                                              Ipv4Address careOf,
                                              Ipv4Address source,
                                              uint16_t port,
                                              bool requested);
    /**
     * TracedCallback signature for UDP Tunnel Replies.
     * \param homeAddress the reply's destination mobile node
     * \param extension the 44/0 extension (code, F, keepalive interval)
     */
    typedef void (*UdpTunnelReplyTracedCallback)(Ipv4Address homeAddress,
                                                 const UdpTunnelReplyExtension& extension);
    /**
     * TracedCallback signature for downlink moves.
     * \param homeAddress the mobile node \param from the old care-of address
     * \param to the new one
     */
    typedef void (*DownlinkTracedCallback)(Ipv4Address homeAddress,
                                           Ipv4Address from,
                                           Ipv4Address to);
    /**
     * TracedCallback signature for keepalives.
     * \param homeAddress the mobile node \param address the tunnel's remote address
     * \param port the tunnel's remote port
     */
    typedef void (*KeepaliveTracedCallback)(Ipv4Address homeAddress,
                                            Ipv4Address address,
                                            uint16_t port);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// \param socket the UDP/434 socket
    void HandleRead(Ptr<Socket> socket);
    /// \param bytes UDP payload \param from source address \param port source port
    void ProcessRequest(const MipBytes& bytes, Ipv4Address from, uint16_t port);

    /// \param reply the reply \param config security association to sign it with (or none)
    /// \param to destination \param port destination port
    void SendReply(MipRegistrationReply& reply,
                   const HaMobileNodeConfig* config,
                   Ipv4Address to,
                   uint16_t port);

    /// Intercept callback of every binding tunnel: answers to downlink probes, then
    /// keepalives and path probes (HaUdpTunnelling::AnswerKeepalive()).
    bool InterceptTunnelled(Ptr<MipTunnel> tunnel, Ptr<Packet> packet, const Ipv4Header& inner);

    /// Binding table callback: tunnel and routes (HaBindingApplier), then advertisability.
    /// \param homeAddress owner \param binding new binding
    void OnBindingAdded(Ipv4Address homeAddress, const HaBinding& binding);
    /// Binding table callback: tunnel and routes (HaBindingApplier), then advertisability.
    /// \param homeAddress owner \param binding removed binding \param reason why
    void OnBindingRemoved(Ipv4Address homeAddress,
                          const HaBinding& binding,
                          HaBindingRemoval reason);

    /**
     * \brief Counts and traces what was not acted on.
     * \param reason why \param count how many items \param source sender
     */
    void CountProtocolDrop(ProtocolDrop reason, uint64_t count, Ipv4Address source);

    /// \return the RFC 6521 attributes, as the route optimization role takes them
    HaRouteOptimizationSettings GetRoSettings() const;
    /// \return the registration attributes, as the decider takes them
    HaRegistrationPolicy GetRegistrationPolicy() const;
    /// \return the RFC 3519 attributes, as the UDP tunnelling part takes them
    HaUdpTunnellingSettings GetUdpSettings() const;

    /// Forward callback of the tunnel layer: picks the binding(s) and sends.
    bool Forward(Ptr<Packet> packet, const Ipv4Header& header);
    /// Accept callback of the tunnel layer: reverse-tunnel ingress check (RFC 5177 6.5).
    bool Accept(Ptr<MipTunnel> tunnel, const Ipv4Header& inner, const Ipv4Header& outer);

    Ipv4Address m_address;                                    //!< HomeAgentAddress attribute
    Ipv4Address m_tunnelAddress;                              //!< TunnelInterfaceAddress attribute
    uint16_t m_maxLifetime{1800};                             //!< MaxLifetime attribute (s)
    uint32_t m_maxBindings{8};                                //!< MaxBindings attribute
    bool m_simultaneousBindings{true};                        //!< SimultaneousBindings attribute
    bool m_greSupported{true};                                //!< GreSupported attribute
    bool m_reverseTunnelRequired{false};                      //!< ReverseTunnelRequired attribute
    HaDownlinkPolicy m_downlinkPolicy{HA_DOWNLINK_DUPLICATE}; //!< DownlinkPolicy
    int16_t m_routingPriority{10};                            //!< RoutingPriority attribute
    Time m_clockOffset;                                       //!< ClockOffset attribute
    bool m_haaroEnabled{true};                                //!< HaaroEnabled attribute
    bool m_declineRouteOptimization{false}; //!< DeclineRouteOptimization attribute
    HaAdvertisementOrder m_advertisementOrder{HA_ADVERTISE_REGISTRATION_ORDER}; //!< attribute
    bool m_prefixCompression{true};           //!< PrefixCompression attribute
    bool m_realmCompression{true};            //!< RealmCompression attribute
    uint32_t m_maxAdvertisementSize{65535};   //!< MaxAdvertisementSize attribute (octets)
    bool m_udpTunnelling{true};               //!< UdpTunnelling attribute
    bool m_allowForcedUdp{true};              //!< AllowForcedUdp attribute
    uint16_t m_udpKeepaliveInterval{0};       //!< UdpKeepaliveInterval attribute (s)
    uint16_t m_natMaxLifetime{60};            //!< NatMaxLifetime attribute (s)
    bool m_udpReserved3Refused{false};        //!< UdpReserved3Refused attribute
    Time m_downlinkProbeInterval{Seconds(1)}; //!< DownlinkProbeInterval attribute
    HaPrefixOwners m_prefixOwners;            //!< configured prefixes of every mobile node
    /// downlink moved: home address, old care-of address, new one
    TracedCallback<Ipv4Address, Ipv4Address, Ipv4Address> m_downlinkTrace;
    HaDownlink m_downlink; //!< downlink choice and probes (fires m_downlinkTrace)

    Ptr<Socket> m_socket;                  //!< UDP/434
    Ptr<HaBindingTable> m_bindings;        //!< binding table
    Ptr<MipTunnelManager> m_tunnels;       //!< tunnel layer
    Ptr<HaRouting> m_routing;              //!< routes into tunnels
    HaRegistrationDecider m_decider;       //!< checks requests (reads bindings and routes)
    HaMobileNodes m_mobileNodes;           //!< by home address
    DropCounters<HaDrop> m_drops;          //!< per reason
    std::array<uint64_t, 256> m_replies{}; //!< per reply code

    TracedCallback<const MipRegistrationRequest&, Ipv4Address> m_requestTrace; //!< request in
    TracedCallback<const MipRegistrationReply&, Ipv4Address> m_replyTrace;     //!< reply out
    TracedCallback<Ptr<const Packet>, Ipv4Address> m_dropTrace; //!< control message dropped
    ProtocolDropCounters m_protocolDrops;                       //!< not acted on, per reason
    /// (part of) a packet not acted on: reason, count, source
    ProtocolDropTrace m_protocolDropTrace;
    TracedCallback<Ipv4Address, const RoReplyExtension&> m_roReplyTrace; //!< 49/1 sent
    /// 50/1 sent: requester, entries, prefixes, octets
    TracedCallback<Ipv4Address, uint32_t, uint32_t, uint32_t> m_advertisementTrace;
    /// NAT detected: home address, care-of address, source, port, UDP requested
    TracedCallback<Ipv4Address, Ipv4Address, Ipv4Address, uint16_t, bool> m_natTrace;
    /// UDP Tunnel Reply sent: home address, extension
    TracedCallback<Ipv4Address, const UdpTunnelReplyExtension&> m_udpReplyTrace;
    /// keepalive received: home address, remote address, remote port
    TracedCallback<Ipv4Address, Ipv4Address, uint16_t> m_keepaliveRxTrace;
    /// keepalive answered: home address, remote address, remote port
    TracedCallback<Ipv4Address, Ipv4Address, uint16_t> m_keepaliveTxTrace;
    /// RFC 6521 HA role: flags, advertisable and declined sets, RO Reply and Prefix
    /// Advertisement (fires m_roReplyTrace and m_advertisementTrace, reads m_mobileNodes,
    /// so it is declared after them)
    HaRouteOptimizationRole m_ro;
    /// RFC 3519: NAT detection, UDP Tunnel Replies, UDP tunnels, keepalives (fires the four
    /// trace sources above, so it is declared after them)
    HaUdpTunnelling m_udp;
    /// accepted registrations -> bindings, tunnels, routes (uses m_udp: declared after it)
    HaBindingApplier m_applier;
};

} // namespace ns3

#endif /* HOME_AGENT_H */
