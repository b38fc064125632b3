/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef HOME_AGENT_H
#define HOME_AGENT_H

#include "ha-binding-table.h"
#include "home-agent-routing.h"
#include "mip-identification.h"
#include "mip-registration-reply.h"
#include "mip-registration-request.h"
#include "mip-security-association.h"
#include "mip-tunnel-manager.h"

#include "ns3/application.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <unordered_map>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief How the Home Agent spreads traffic for a mobile node over its simultaneous
 * bindings (one per uplink of a multihomed mobile router).
 */
enum HaDownlinkPolicy
{
    HA_DOWNLINK_LAST_ACTIVE, //!< to the care-of address of the latest reverse-tunnelled
                             //!< packet (follows the mobile router's uplink choice; default)
    HA_DOWNLINK_PER_FLOW,    //!< one binding per flow (hash of addresses, protocol, ports)
    HA_DOWNLINK_DUPLICATE,   //!< a copy to every binding (RFC 5944 section 4.2.3)
};

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
 * MN-HA authentication (HMAC-MD5, per mobile node security association; failures: 131),
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
 * are routed into the tunnel interface (HomeAgentRouting). Reverse-tunnelled packets are
 * accepted only from a binding's care-of address and with an inner source that is the home
 * address or inside a registered prefix; other packets are dropped and counted.
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
     */
    void AddMobileNode(Ipv4Address homeAddress,
                       const MipSecurityAssociation& sa,
                       const std::vector<MipPrefix>& prefixes,
                       bool mobileRouter = true);

    /// \return the binding table
    Ptr<HaBindingTable> GetBindingTable() const;
    /// \return the tunnel layer
    Ptr<MipTunnelManager> GetTunnelManager() const;
    /// \return the routing protocol that routes registered prefixes into tunnels
    Ptr<HomeAgentRouting> GetRouting() const;
    /// \return the Home Agent address (the HomeAgentAddress attribute)
    Ipv4Address GetAddress() const;
    /// \param reason drop reason \return messages dropped for it
    uint64_t GetDropCount(HaDrop reason) const;
    /// \param code a reply code \return replies sent with it
    uint64_t GetReplyCount(uint8_t code) const;

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

  protected:
    void DoDispose() override;

  private:
    /// Configuration and replay state of one mobile node.
    struct MobileNodeConfig
    {
        MipSecurityAssociation sa;       //!< security association
        std::vector<MipPrefix> prefixes; //!< authorised prefixes
        bool mobileRouter{true};         //!< may register prefixes
        MipReplayProtector replay;       //!< timestamp check
    };

    void StartApplication() override;
    void StopApplication() override;

    /// \param socket the UDP/434 socket
    void HandleRead(Ptr<Socket> socket);
    /// \param bytes UDP payload \param from source address \param port source port
    void ProcessRequest(const MipBytes& bytes, Ipv4Address from, uint16_t port);
    /**
     * \brief Checks a request and fills the reply (code, lifetime, acknowledgements).
     * \param rrq the request \param from its IP source \param config the node's configuration
     * \param reply the reply to fill
     * \param prefixes receives the prefixes to register when the request is accepted
     * \param encapsulation receives the chosen encapsulation
     */
    void Decide(const MipRegistrationRequest& rrq,
                Ipv4Address from,
                MobileNodeConfig& config,
                MipRegistrationReply& reply,
                std::vector<MipPrefix>& prefixes,
                MipEncapsulation& encapsulation);
    /**
     * \brief Evaluates the NEMO part of a request (RFC 5177 section 6.1).
     * \param rrq the request \param config configuration \param reply gets the acks
     * \param prefixes receives the accepted prefixes
     * \return the reply code: 0, 147 or 148
     */
    uint8_t DecidePrefixes(const MipRegistrationRequest& rrq,
                           const MobileNodeConfig& config,
                           MipRegistrationReply& reply,
                           std::vector<MipPrefix>& prefixes) const;
    /// \brief Applies an accepted registration to bindings, tunnels and routes.
    void Apply(const MipRegistrationRequest& rrq,
               Ipv4Address from,
               uint16_t granted,
               const std::vector<MipPrefix>& prefixes,
               MipEncapsulation encapsulation);
    /// \param reply the reply \param config security association to sign it with (or none)
    /// \param to destination \param port destination port
    void SendReply(MipRegistrationReply& reply,
                   const MobileNodeConfig* config,
                   Ipv4Address to,
                   uint16_t port);

    /// \param homeAddress owner \param binding new binding
    void OnBindingAdded(Ipv4Address homeAddress, const HaBinding& binding);
    /// \param homeAddress owner \param binding removed binding \param reason why
    void OnBindingRemoved(Ipv4Address homeAddress,
                          const HaBinding& binding,
                          HaBindingRemoval reason);
    /// \param homeAddress owner \param prefixes new set (routes updated accordingly)
    void UpdatePrefixRoutes(Ipv4Address homeAddress, const std::vector<MipPrefix>& prefixes);

    /// Forward callback of the tunnel layer: picks the binding(s) and sends.
    bool Forward(Ptr<Packet> packet, const Ipv4Header& header);
    /// Accept callback of the tunnel layer: reverse-tunnel ingress check (RFC 5177 6.5).
    bool Accept(Ptr<MipTunnel> tunnel, const Ipv4Header& inner, const Ipv4Header& outer);

    Ipv4Address m_address;               //!< HomeAgentAddress attribute
    Ipv4Address m_tunnelAddress;         //!< TunnelInterfaceAddress attribute
    uint16_t m_maxLifetime{1800};        //!< MaxLifetime attribute (s)
    uint32_t m_maxBindings{8};           //!< MaxBindings attribute
    bool m_simultaneousBindings{true};   //!< SimultaneousBindings attribute
    bool m_greSupported{true};           //!< GreSupported attribute
    bool m_reverseTunnelRequired{false}; //!< ReverseTunnelRequired attribute
    HaDownlinkPolicy m_downlinkPolicy{HA_DOWNLINK_LAST_ACTIVE}; //!< DownlinkPolicy
    int16_t m_routingPriority{10};                                    //!< RoutingPriority attribute
    Time m_clockOffset;                                               //!< ClockOffset attribute

    Ptr<Socket> m_socket;                                               //!< UDP/434
    Ptr<HaBindingTable> m_bindings;                                     //!< binding table
    Ptr<MipTunnelManager> m_tunnels;                                    //!< tunnel layer
    Ptr<HomeAgentRouting> m_routing;                                    //!< routes into tunnels
    std::unordered_map<uint32_t, MobileNodeConfig> m_mobileNodes;       //!< by home address
    std::array<uint64_t, static_cast<size_t>(HaDrop::COUNT)> m_drops{}; //!< per reason
    std::array<uint64_t, 256> m_replies{};                              //!< per reply code

    TracedCallback<const MipRegistrationRequest&, Ipv4Address> m_requestTrace; //!< request in
    TracedCallback<const MipRegistrationReply&, Ipv4Address> m_replyTrace;     //!< reply out
    TracedCallback<Ptr<const Packet>, Ipv4Address> m_dropTrace; //!< control message dropped
};

} // namespace ns3

#endif /* HOME_AGENT_H */
