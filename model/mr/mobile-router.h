/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MOBILE_ROUTER_H
#define MOBILE_ROUTER_H

#include "mr-binding-revoker.h"
#include "mr-care-of-watcher.h"
#include "mr-reply-follow-up.h"
#include "mr-routing.h"
#include "mr-uplink.h"

#include "ns3/application.h"
#include "ns3/mip-tunnel-manager.h"
#include "ns3/object-factory.h"
#include "ns3/route-optimizer.h"
#include "ns3/traced-callback.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief How a multihomed mobile router spreads its traffic over registered uplinks.
 */
enum MrUplinkPolicy
{
    MR_UPLINK_PRIMARY_BACKUP, //!< the first registered uplink in configuration order (default)
    MR_UPLINK_PER_FLOW,       //!< flows hashed over all registered uplinks (MipFlowHash:
                              //!< symmetric, rendezvous over the care-of addresses)
};

/**
 * \ingroup haaro
 * \brief Mobile IPv4 mobile router (NEMOv4, RFC 5177) with co-located care-of addresses
 * on one or more uplinks.
 *
 * Each uplink (an ISP link with its own address) registers its own binding with the Home
 * Agent (S set when there are several: simultaneous bindings), through that uplink only,
 * and gets its own tunnel to the Home Agent whose packets always leave through it. Site
 * traffic (from the mobile network prefixes) is reverse-tunnelled to the Home Agent over
 * the uplink the policy picks among the registered ones; traffic from the Home Agent is
 * accepted from any of the router's tunnels and delivered into the mobile networks.
 *
 * Failure handling: an uplink whose interface goes down is DOWN at once; one whose path
 * dies while the link stays up is FAILED after unanswered registration retransmissions or
 * keepalive probes (ICMP echo to the Home Agent through the uplink). Traffic fails over to
 * the next registered uplink (the Failover trace reports it) and returns when the uplink
 * registers again. When the active uplink changes, an ICMP echo to the Home Agent is sent
 * through the new tunnel at once so that the Home Agent (policy LastActive) follows. The
 * failed uplink's binding is de-registered through a working uplink (MrBindingRevoker, RFC
 * 5944 section 3.8.2.2; MrUplink attribute DeregisterOnFailure), so that the Home Agent stops
 * tunnelling to it.
 *
 * <b>Configuration: each attribute on the object that uses it.</b> MobileRouter's own
 * attributes say who the router is and what its registrations ask for (the same on every
 * uplink: see MrRegistrationConfig for the rule); the registration timers and path probes
 * of each uplink are attributes of MrUplink, and every timer and choice of route
 * optimization an attribute of RouteOptimizer. Both are created from ObjectFactories that
 * MobileRouterHelper fills (SetUplinkAttribute(), SetRouteOptimizerAttribute()):
 * - an MrUplink per AddUplink() call, at once;
 * - the RouteOptimizer as soon as RouteOptimization is true (when the helper installs the
 *   router: the factory's attributes are set at construction, and
 *   SetRouteOptimizerFactory() creates it again from the helper's factory).
 *
 * So before Simulator::Run they are reachable through Config paths:
 * - `/NodeList/<n>/ApplicationList/<a>/$ns3::MobileRouter/RouteOptimizer/<Attribute>`
 * - `/NodeList/<n>/ApplicationList/<a>/$ns3::MobileRouter/Uplinks/<i>/<Attribute>`
 *
 * The optimizer reads its attributes once, when the router starts; the uplinks read theirs
 * when they use them.
 */
class MobileRouter : public Application
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();

    MobileRouter();
    ~MobileRouter() override;

    /**
     * \brief Adds an uplink (before the application starts); its first IPv4 address is the
     * care-of address. The order is the primary/backup preference.
     * \param device the uplink device \param gateway the ISP's next hop on it
     */
    void AddUplink(Ptr<NetDevice> device, Ipv4Address gateway);
    /**
     * \brief Adds an uplink whose care-of address is learned at run time (before the
     * application starts): whatever address the device's Ipv4 interface gets, e.g. from
     * ns-3's DhcpClient (DhcpHelper::InstallDhcpClient()) or the EPC, with the next hop of
     * Ipv4StaticRouting's default route through it (MrCareOfWatcher). Address added: the
     * uplink registers it; removed: the uplink is DOWN (traffic fails over to another
     * registered uplink); changed: both. The device must have an Ipv4 interface when the
     * router starts. The order of AddUplink() and AddDynamicUplink() calls is the
     * primary/backup preference.
     * \param device the uplink device (any NetDevice: Wi-Fi, CSMA, LTE, ...)
     */
    void AddDynamicUplink(Ptr<NetDevice> device);
    /**
     * \brief Adds a mobile network behind the router (host bits cleared; a prefix already
     * served changes nothing). Before the router starts it is simply configured; while it
     * runs (RFC 5177 explicit mode) the router re-registers at once on every uplink that is
     * registered or registering, with the new prefix set, and with every correspondent
     * router it is registered with (RFC 6521 section 3.3.3: "as if registering in explicit
     * mode"). The Home Agent routes the prefix once it acknowledges it (MOBNET_SUCCESS).
     * \param network prefix \param length its length (above 32: fatal)
     */
    void AddMobileNetwork(Ipv4Address network, uint8_t length);
    /**
     * \brief Removes a mobile network at run time (the network left the router): the
     * router stops serving it (its tunnels no longer accept traffic for it) and re-registers
     * as in AddMobileNetwork(); the Home Agent deletes the prefix missing from the refresh
     * and stops forwarding it (RFC 5177 section 6.3). Nothing happens for a prefix not served.
     * \param network prefix \param length its length
     */
    void RemoveMobileNetwork(Ipv4Address network, uint8_t length);
    /// \return the mobile network prefixes served now
    const std::vector<MipPrefix>& GetMobileNetworks() const;
    /// \param sa the MN-HA security association shared with the Home Agent
    void SetSecurityAssociation(const MipSecurityAssociation& sa);
    /**
     * \brief Sets the factory of the uplinks (type ns3::MrUplink and its attributes); it
     * applies to the uplinks added afterwards (call it before AddUplink()).
     * \param factory the factory
     */
    void SetUplinkFactory(const ObjectFactory& factory);
    /**
     * \brief Sets the factory of the route optimizer (type ns3::RouteOptimizer and its
     * attributes); when RouteOptimization is true the optimizer is created again from it at
     * once. Call it before the router starts.
     * \param factory the factory
     */
    void SetRouteOptimizerFactory(const ObjectFactory& factory);

    /// \return number of uplinks (added so far)
    size_t GetNUplinks() const;
    /// \param i index \return uplink i
    Ptr<MrUplink> GetUplink(size_t i) const;
    /// \return the uplink carrying new traffic now (primary/backup), or nullptr
    Ptr<MrUplink> GetActiveUplink() const;
    /// \return the routing protocol
    Ptr<MrRouting> GetRouting() const;
    /// \return the tunnel layer
    Ptr<MipTunnelManager> GetTunnelManager() const;
    /// \return the home address
    Ipv4Address GetHomeAddress() const;
    /// \return the de-registration of failed uplinks' bindings (counters)
    const MrBindingRevoker& GetBindingRevoker() const;
    /// \return the route optimizer (nullptr unless RouteOptimization is true; it exists
    /// from the moment RouteOptimization is set, and starts with the router)
    Ptr<RouteOptimizer> GetRouteOptimizer() const;
    /**
     * \brief Assigns random streams: stream to the route optimizer (return routability
     * cookies, Kcr, nonces), stream + 1 to the random low-order bits of the timestamp
     * Identifications (IdentificationRandomBits).
     * \param stream first stream \return number of streams used (2)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * TracedCallback signature for uplink state changes.
     * \param careOf the uplink's care-of address \param oldState old \param newState new
     * \param reason why
     */
    typedef void (*UplinkStateTracedCallback)(Ipv4Address careOf,
                                              MrUplinkState oldState,
                                              MrUplinkState newState,
                                              const std::string& reason);
    /**
     * TracedCallback signature for failovers.
     * \param from care-of address of the previous active uplink (0.0.0.0 if none)
     * \param to care-of address of the new one (0.0.0.0 if none)
     */
    typedef void (*FailoverTracedCallback)(Ipv4Address from, Ipv4Address to);
    /**
     * TracedCallback signature for requests sent.
     * \param request the request \param careOf the uplink it was sent on
     */
    typedef void (*RequestTracedCallback)(const MipRegistrationRequest& request,
                                          Ipv4Address careOf);
    /**
     * TracedCallback signature for replies received.
     * \param reply the reply \param careOf the uplink it arrived on
     */
    typedef void (*ReplyTracedCallback)(const MipRegistrationReply& reply, Ipv4Address careOf);
    /**
     * TracedCallback signature for the de-registration of a failed uplink's binding.
     * \param failed the failed care-of address \param via the uplink used
     * \param event what happened \param code the reply's code (ACCEPTED, REFUSED)
     */
    typedef void (*RevocationTracedCallback)(Ipv4Address failed,
                                             Ipv4Address via,
                                             MrRevocationEvent event,
                                             uint8_t code);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// Uplink state hook.
    void OnUplinkState(Ptr<MrUplink> uplink,
                       MrUplinkState oldState,
                       MrUplinkState newState,
                       std::string reason);
    /// \param interface uplink interface \param up its new state
    void OnInterface(uint32_t interface, bool up);
    /// Recomputes the active uplink; announces a change.
    void UpdateActiveUplink();
    /// \return true if some uplink is registered
    bool IsTunnelUsable() const;
    /// Forward callback of the tunnel layer: picks the uplink.
    bool Forward(Ptr<Packet> packet, const Ipv4Header& header);
    /**
     * \brief UplinkPolicy PerFlow: the uplink of a packet's flow (MipFlowHash).
     * \param packet the packet \param header its IPv4 header
     * \return a registered uplink (one exists: the active one)
     */
    Ptr<MrUplink> ChooseForFlow(Ptr<const Packet> packet, const Ipv4Header& header) const;
    /// Accept callback of the tunnel layer.
    bool Accept(Ptr<MipTunnel> tunnel, const Ipv4Header& inner, const Ipv4Header& outer);
    /**
     * \brief ReplyAccepted callback of every uplink (with route optimization): the Home
     * Agent accepted a registration. Runs after the ReplyReceived trace and before the
     * uplink applies the reply (MrUplink::SetReplyAcceptedCallback()).
     * \param reply an authenticated Home Agent reply \param careOf the uplink it came on
     */
    void OnReplyAccepted(const MipRegistrationReply& reply, Ipv4Address careOf);
    /// \param on the RouteOptimization attribute: creates or drops the optimizer
    void SetRouteOptimization(bool on);
    /// \return the RouteOptimization attribute
    bool GetRouteOptimization() const;
    /// \param uplink sends an ICMP echo to the Home Agent through its tunnel
    void AnnounceUplink(Ptr<MrUplink> uplink);
    /**
     * \brief MrCareOfWatcher: a dynamic uplink got a care-of address; its routes and tunnel
     * follow and it registers.
     * \param interface its interface \param careOf the address \param gateway its next hop
     */
    void OnCareOfAcquired(uint32_t interface, Ipv4Address careOf, Ipv4Address gateway);
    /// \param interface a dynamic uplink's interface whose care-of address left it
    void OnCareOfLost(uint32_t interface);
    /// The prefix set changed at run time: re-register with the Home Agent on every
    /// uplink that is registered, registering or denied (a FAILED one sends the new set
    /// with its next attempt), and with the correspondent routers.
    void ReregisterNetworks();

    Ipv4Address m_homeAddress;                         //!< HomeAddress attribute
    Ipv4Address m_homeAgent;                           //!< HomeAgent attribute
    uint16_t m_lifetime{1800};                         //!< Lifetime attribute
    bool m_reverseTunnel{true};                        //!< ReverseTunnel attribute
    bool m_explicitMode{true};                         //!< ExplicitMode attribute
    uint8_t m_identificationRandomBits{32};            //!< IdentificationRandomBits attribute
    bool m_routeOptimization{false};                   //!< RouteOptimization attribute
    bool m_advertise{true};                            //!< AdvertiseNetworks attribute (A flag)
    bool m_outboundOnly{false};                        //!< OutboundOnly attribute (O flag)
    bool m_outboundOnlyWhenNatted{true};               //!< OutboundOnlyWhenNatted attribute
    ObjectFactory m_uplinkFactory;                     //!< creates the uplinks (MrUplink)
    ObjectFactory m_optimizerFactory;                  //!< creates the route optimizer
    Ptr<RouteOptimizer> m_optimizer;                   //!< RFC 6521 roles (when RouteOptimization)
    int64_t m_stream{-1};                              //!< AssignStreams() value
    MrRegistrationConfig m_config;                     //!< what the uplinks share (filled at start)
    MipIdentificationGenerator m_identification;       //!< timestamp Identification source
    Time m_clockOffset;                                //!< ClockOffset attribute
    MrUplinkPolicy m_policy{MR_UPLINK_PRIMARY_BACKUP}; //!< UplinkPolicy attribute
    bool m_useGre{false};                              //!< UseGre attribute
    std::string m_key;                                 //!< Key attribute (hex)
    uint32_t m_spi{0};                                 //!< Spi attribute
    bool m_saSet{false};                               //!< SetSecurityAssociation was called
    int16_t m_routingPriority{10};                     //!< RoutingPriority attribute
    bool m_deregisterOnStop{true};                     //!< DeregisterOnStop attribute
    std::vector<std::pair<Ptr<NetDevice>, Ipv4Address>> m_uplinkConfig; //!< before start
    std::vector<bool> m_learnsCareOf;                //!< per uplink: AddDynamicUplink()
    MrCareOfWatcher m_careOfWatcher;                 //!< care-of addresses of the dynamic uplinks
    std::vector<Ptr<MrUplink>> m_uplinks;            //!< in preference order
    std::map<uint32_t, Ptr<MrUplink>> m_byInterface; //!< by IPv4 interface index
    Ptr<MrUplink> m_active;                          //!< active uplink (primary/backup)
    Ptr<MipTunnelManager> m_tunnels;                 //!< tunnel layer
    Ptr<MrRouting> m_routing;                        //!< route table
    uint16_t m_announceSequence{0};                  //!< ICMP echo sequence of announcements
    Time m_prefixRetryInterval;                      //!< PrefixRetryInterval attribute
    uint32_t m_prefixRetries{4};                     //!< PrefixRetries attribute
    MrReplyFollowUp m_replyFollowUp;                 //!< prefix retries, the O flag

    TracedCallback<Ipv4Address, MrUplinkState, MrUplinkState, const std::string&>
        m_stateTrace;                                         //!< uplink states
    TracedCallback<Ipv4Address, Ipv4Address> m_failoverTrace; //!< active uplink changes
    TracedCallback<const MipRegistrationRequest&, Ipv4Address> m_requestTrace; //!< requests
    TracedCallback<const MipRegistrationReply&, Ipv4Address> m_replyTrace;     //!< replies
    MrBindingRevoker::Trace m_revocationTrace; //!< de-registrations of failed uplinks
    MrBindingRevoker m_revoker; //!< de-registers failed uplinks' bindings (after the traces)
};

} // namespace ns3

#endif /* MOBILE_ROUTER_H */
