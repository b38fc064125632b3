/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "home-agent.h"

#include "ha-request-gate.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/fatal-range-checker.h"
#include "ns3/inet-socket-address.h"
#include "ns3/integer.h"
#include "ns3/ip-in-ip-encapsulation.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/log.h"
#include "ns3/mip-auth-extension.h"
#include "ns3/prefix-advertisement-extension.h"
#include "ns3/realm-codec.h"
#include "ns3/simulator.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HomeAgent");

NS_OBJECT_ENSURE_REGISTERED(HomeAgent);

TypeId
HomeAgent::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::HomeAgent")
            .SetParent<Application>()
            .SetGroupName("Haaro")
            .AddConstructor<HomeAgent>()
            .AddAttribute("HomeAgentAddress",
                          "The Home Agent address: where requests go and what their Home Agent "
                          "field must say (0.0.0.0: the node's first non-loopback address)",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&HomeAgent::m_address),
                          MakeIpv4AddressChecker())
            .AddAttribute("TunnelInterfaceAddress",
                          "Address of the tunnel interface (a /32; must not be used elsewhere)",
                          Ipv4AddressValue("169.254.0.1"),
                          MakeIpv4AddressAccessor(&HomeAgent::m_tunnelAddress),
                          MakeIpv4AddressChecker())
            .AddAttribute("MaxLifetime",
                          "Longest registration lifetime granted (s); a request for more is "
                          "granted this much (RFC 5944 section 3.8.3)",
                          UintegerValue(1800),
                          MakeUintegerAccessor(&HomeAgent::m_maxLifetime),
                          MakeFatalRangeChecker(MakeUintegerChecker<uint16_t>(1),
                                                "ns3::HomeAgent::MaxLifetime",
                                                "1 to 65535 s: the 16-bit Lifetime field"))
            .AddAttribute("SimultaneousBindings",
                          "Honour the S bit (keep one binding per care-of address); when false "
                          "S requests are accepted with code 1 and replace older bindings",
                          BooleanValue(true),
                          MakeBooleanAccessor(&HomeAgent::m_simultaneousBindings),
                          MakeBooleanChecker())
            .AddAttribute("MaxBindings",
                          "Most simultaneous bindings per mobile node (code 135 beyond)",
                          UintegerValue(8),
                          MakeUintegerAccessor(&HomeAgent::m_maxBindings),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("GreSupported",
                          "Offer GRE encapsulation when a request sets G (else code 139)",
                          BooleanValue(true),
                          MakeBooleanAccessor(&HomeAgent::m_greSupported),
                          MakeBooleanChecker())
            .AddAttribute("ReverseTunnelRequired",
                          "Refuse requests without the T bit (code 138, RFC 3024)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&HomeAgent::m_reverseTunnelRequired),
                          MakeBooleanChecker())
            .AddAttribute("DownlinkPolicy",
                          "How traffic for a mobile node is spread over its simultaneous "
                          "bindings: Duplicate (default) tunnels a copy to each care-of "
                          "address, as RFC 5944 sections 3.6.1.2 and 4.2.3 say of a Home "
                          "Agent that accepts the S bit; LastActive (one binding: the one "
                          "whose care-of address last answered a reachability probe) and "
                          "PerFlow (one binding per flow: symmetric rendezvous hash over the "
                          "care-of addresses, the mobile router's UplinkPolicy PerFlow "
                          "choice) are deviations that save the copies",
                          EnumValue(HA_DOWNLINK_DUPLICATE),
                          MakeEnumAccessor(&HomeAgent::m_downlinkPolicy),
                          MakeEnumChecker(HA_DOWNLINK_LAST_ACTIVE,
                                          "LastActive",
                                          HA_DOWNLINK_PER_FLOW,
                                          "PerFlow",
                                          HA_DOWNLINK_DUPLICATE,
                                          "Duplicate"))
            .AddAttribute("RoutingPriority",
                          "Priority of the HA's routing protocol in the node's Ipv4ListRouting",
                          IntegerValue(10),
                          MakeIntegerAccessor(&HomeAgent::m_routingPriority),
                          MakeIntegerChecker<int16_t>())
            .AddAttribute("ClockOffset",
                          "Error of the Home Agent's clock (for the timestamp replay check)",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&HomeAgent::m_clockOffset),
                          MakeTimeChecker())
            .AddAttribute("HaaroEnabled",
                          "Home Agent-assisted Route Optimization (RFC 6521): answer the "
                          "capability extension (153/1) with a Route Optimization Reply (49/1) "
                          "and, when asked, a Prefix Advertisement (50/1). When false the Home "
                          "Agent is a legacy NEMOv4 one: 153/1 is skipped and ignored",
                          BooleanValue(true),
                          MakeBooleanAccessor(&HomeAgent::m_haaroEnabled),
                          MakeBooleanChecker())
            .AddAttribute("DeclineRouteOptimization",
                          "Answer every capability extension with RO Reply code 16 (declined): "
                          "no prefix advertisements, nobody advertised (HAARO signalling kept, "
                          "route optimization off by operator policy; per router: "
                          "SetRouteOptimizationDeclined)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&HomeAgent::m_declineRouteOptimization),
                          MakeBooleanChecker())
            .AddAttribute("AdvertisementOrder",
                          "Order (= priority, RFC 6521 section 5.5) of the Mobile Routers in a "
                          "Prefix Advertisement: Registration (the order in which they first "
                          "registered with A=1) or HomeAddress (ascending)",
                          EnumValue(HA_ADVERTISE_REGISTRATION_ORDER),
                          MakeEnumAccessor(&HomeAgent::m_advertisementOrder),
                          MakeEnumChecker(HA_ADVERTISE_REGISTRATION_ORDER,
                                          "Registration",
                                          HA_ADVERTISE_HOME_ADDRESS_ORDER,
                                          "HomeAddress"))
            .AddAttribute("PrefixCompression",
                          "Send advertised prefixes delta-compressed (D=1) where that saves "
                          "octets (RFC 6521 section 4.1)",
                          BooleanValue(true),
                          MakeBooleanAccessor(&HomeAgent::m_prefixCompression),
                          MakeBooleanChecker())
            .AddAttribute("RealmCompression",
                          "Compress advertised realms with the dictionary scheme (RFC 6521 "
                          "section 4.2)",
                          BooleanValue(true),
                          MakeBooleanAccessor(&HomeAgent::m_realmCompression),
                          MakeBooleanChecker())
            .AddAttribute(
                "MaxAdvertisementSize",
                "Largest Prefix Advertisement extension, in octets including its "
                "4-octet header; the list stops before the first Mobile Router that "
                "would not fit entirely (and never exceeds what fits in the reply's "
                "UDP datagram)",
                UintegerValue(65535),
                MakeUintegerAccessor(&HomeAgent::m_maxAdvertisementSize),
                MakeUintegerChecker<uint32_t>(PrefixAdvertisementExtension::HEADER_SIZE,
                                              PrefixAdvertisementExtension::HEADER_SIZE +
                                                  PrefixAdvertisementExtension::MAX_DATA_SIZE))
            .AddAttribute("UdpTunnelling",
                          "Allow RFC 3519 UDP tunnelling: assent to UDP Tunnel Requests from "
                          "behind a NAT (and forced ones, see AllowForcedUdp). When false, a "
                          "request for it from behind a NAT or with F set is refused with 129",
                          BooleanValue(true),
                          MakeBooleanAccessor(&HomeAgent::m_udpTunnelling),
                          MakeBooleanChecker())
            .AddAttribute("AllowForcedUdp",
                          "Honour the F (force) flag of UDP Tunnel Requests when no NAT is "
                          "detected; when false such requests are refused with 129",
                          BooleanValue(true),
                          MakeBooleanAccessor(&HomeAgent::m_allowForcedUdp),
                          MakeBooleanChecker())
            .AddAttribute("UdpKeepaliveInterval",
                          "Keepalive Interval put in assenting UDP Tunnel Replies (s); 0 lets "
                          "the mobile node use its configured default (RFC 3519 section 3.2)",
                          UintegerValue(0),
                          MakeUintegerAccessor(&HomeAgent::m_udpKeepaliveInterval),
                          MakeFatalRangeChecker(MakeUintegerChecker<uint16_t>(),
                                                "ns3::HomeAgent::UdpKeepaliveInterval",
                                                "0 to 65535 s: the 16-bit Keepalive Interval "
                                                "field"))
            .AddAttribute("NatMaxLifetime",
                          "Longest lifetime granted to a binding that uses UDP tunnelling (s; "
                          "RFC 3519 section 5.2 suggests 60 s \"when using UDP tunnelling\"); "
                          "0 = no extra cap. Other bindings get min(requested, MaxLifetime)",
                          UintegerValue(60),
                          MakeUintegerAccessor(&HomeAgent::m_natMaxLifetime),
                          MakeFatalRangeChecker(MakeUintegerChecker<uint16_t>(),
                                                "ns3::HomeAgent::NatMaxLifetime",
                                                "0 to 65535 s: the 16-bit Lifetime field"))
            .AddAttribute("UdpReserved3Refused",
                          "Refuse a request whose UDP Tunnel Request has Reserved 3 != 0 with "
                          "134 (RFC 3519 section 4.6.1, a SHOULD). Default false: the "
                          "extension is \"handled as not understood and silently skipped\" "
                          "(sections 3.1 and 3.1.3, a MUST) and the request is decided as one "
                          "without it",
                          BooleanValue(false),
                          MakeBooleanAccessor(&HomeAgent::m_udpReserved3Refused),
                          MakeBooleanChecker())
            .AddAttribute("DownlinkProbeInterval",
                          "DownlinkPolicy LastActive: least time between two reachability "
                          "probes (echo with a random nonce) through one binding; the downlink "
                          "moves to a binding only when its probe is answered through it",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&HomeAgent::m_downlinkProbeInterval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddTraceSource("RequestReceived",
                            "A well-formed Registration Request arrived (request, source)",
                            MakeTraceSourceAccessor(&HomeAgent::m_requestTrace),
                            "ns3::HomeAgent::RequestTracedCallback")
            .AddTraceSource("ReplySent",
                            "A Registration Reply was sent (reply, destination)",
                            MakeTraceSourceAccessor(&HomeAgent::m_replyTrace),
                            "ns3::HomeAgent::ReplyTracedCallback")
            .AddTraceSource("Drop",
                            "A control message was dropped without reply (packet, source)",
                            MakeTraceSourceAccessor(&HomeAgent::m_dropTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("ProtocolDrop",
                            "(Part of) a received packet was not acted on (reason, count, "
                            "source); e.g. extensions after the MN-HA authenticator",
                            MakeTraceSourceAccessor(&HomeAgent::m_protocolDropTrace),
                            "ns3::ProtocolDropTracedCallback")
            .AddTraceSource("RoReplySent",
                            "A Route Optimization Reply (49/1) was added to a Registration "
                            "Reply (mobile router's home address, extension)",
                            MakeTraceSourceAccessor(&HomeAgent::m_roReplyTrace),
                            "ns3::HomeAgent::RoReplyTracedCallback")
            .AddTraceSource("AdvertisementSent",
                            "A Prefix Advertisement (50/1) was added to a Registration Reply "
                            "(requester's home address, Mobile Router entries, prefixes, "
                            "octets of the extension)",
                            MakeTraceSourceAccessor(&HomeAgent::m_advertisementTrace),
                            "ns3::HomeAgent::AdvertisementTracedCallback")
            .AddTraceSource("NatDetected",
                            "A well-formed, authenticated Registration Request came from an IP "
                            "address other than its care-of address (home address, care-of "
                            "address, source address, source port, UDP tunnelling requested)",
                            MakeTraceSourceAccessor(&HomeAgent::m_natTrace),
                            "ns3::HomeAgent::NatDetectedTracedCallback")
            .AddTraceSource("UdpTunnelReplySent",
                            "A UDP Tunnel Reply (44) was added to a Registration Reply (home "
                            "address, extension with its code)",
                            MakeTraceSourceAccessor(&HomeAgent::m_udpReplyTrace),
                            "ns3::HomeAgent::UdpTunnelReplyTracedCallback")
            .AddTraceSource("DownlinkMoved",
                            "DownlinkPolicy LastActive: the downlink of a mobile node moved "
                            "after its reachability probe was answered (home address, old and "
                            "new care-of address)",
                            MakeTraceSourceAccessor(&HomeAgent::m_downlinkTrace),
                            "ns3::HomeAgent::DownlinkTracedCallback")
            .AddTraceSource("KeepaliveReceived",
                            "An RFC 3519 keepalive arrived through a UDP tunnel (home address, "
                            "tunnel's remote address and port)",
                            MakeTraceSourceAccessor(&HomeAgent::m_keepaliveRxTrace),
                            "ns3::HomeAgent::KeepaliveTracedCallback")
            .AddTraceSource("KeepaliveAnswered",
                            "A keepalive was answered through its UDP tunnel (home address, "
                            "tunnel's remote address and port)",
                            MakeTraceSourceAccessor(&HomeAgent::m_keepaliveTxTrace),
                            "ns3::HomeAgent::KeepaliveTracedCallback");
    return tid;
}

HomeAgent::HomeAgent()
    : m_downlink(m_downlinkTrace),
      m_bindings(CreateObject<HaBindingTable>()),
      m_ro(m_mobileNodes, m_roReplyTrace, m_advertisementTrace),
      m_udp(m_natTrace, m_udpReplyTrace, m_keepaliveRxTrace, m_keepaliveTxTrace),
      m_applier(m_udp)
{
    m_ro.Install(m_bindings);
}

HomeAgent::~HomeAgent() = default;

void
HomeAgent::AddMobileNode(Ipv4Address homeAddress,
                         const MipSecurityAssociation& sa,
                         const std::vector<MipPrefix>& prefixes,
                         bool mobileRouter,
                         const std::string& realm)
{
    NS_ABORT_MSG_IF(!sa.IsValid(),
                    "invalid security association for " << homeAddress << ": " << sa.Validate());
    NS_ABORT_MSG_IF(!RealmCodec::IsValidRealm(realm),
                    "realm \"" << realm << "\" of " << homeAddress << " cannot be advertised");
    m_prefixOwners.Declare(homeAddress, prefixes);
    HaMobileNodeConfig config;
    config.sa = sa;
    config.prefixes = prefixes;
    config.mobileRouter = mobileRouter;
    config.replay = MipReplayProtector(sa.GetReplayTolerance(), m_clockOffset);
    config.realm = realm;
    // Re-declared: what its registrations established stays (its flags and its place in
    // the advertisement order: m_ro keeps them).
    m_mobileNodes[homeAddress.Get()] = std::move(config);
    m_ro.UpdateAdvertisable(homeAddress, GetRoSettings());
}

void
HomeAgent::AuthorizeMobileNetwork(Ipv4Address homeAddress, const MipPrefix& prefix)
{
    auto it = m_mobileNodes.find(homeAddress.Get());
    NS_ABORT_MSG_IF(it == m_mobileNodes.end(),
                    "AuthorizeMobileNetwork: " << homeAddress << " is not declared");
    NS_ABORT_MSG_IF(prefix.length > MipPrefix::MAX_LENGTH,
                    "AuthorizeMobileNetwork(" << homeAddress << "): prefix length above 32");
    MipPrefix p{Ipv4Address(prefix.network.Get() & MipPrefix::MaskOf(prefix.length)),
                prefix.length};
    std::vector<MipPrefix>& allowed = it->second.prefixes;
    if (std::find(allowed.begin(), allowed.end(), p) == allowed.end())
    {
        allowed.push_back(p);
    }
}

Ptr<HaBindingTable>
HomeAgent::GetBindingTable() const
{
    return m_bindings;
}

Ptr<MipTunnelManager>
HomeAgent::GetTunnelManager() const
{
    return m_tunnels;
}

Ptr<HaRouting>
HomeAgent::GetRouting() const
{
    return m_routing;
}

Ipv4Address
HomeAgent::GetAddress() const
{
    return m_address;
}

uint64_t
HomeAgent::GetDropCount(HaDrop reason) const
{
    return m_drops.Get(reason);
}

uint64_t
HomeAgent::GetProtocolDropCount(ProtocolDrop reason) const
{
    return m_protocolDrops.Get(reason);
}

uint64_t
HomeAgent::GetReplyCount(uint8_t code) const
{
    return m_replies[code];
}

uint64_t
HomeAgent::GetDownlinkProbeCount() const
{
    return m_downlink.GetProbeCount();
}

uint64_t
HomeAgent::GetDownlinkMoveCount() const
{
    return m_downlink.GetMoveCount();
}

int64_t
HomeAgent::AssignStreams(int64_t stream)
{
    return m_downlink.AssignStreams(stream);
}

uint64_t
HomeAgent::GetRoReplyCount() const
{
    return m_ro.GetRoReplyCount();
}

uint64_t
HomeAgent::GetAdvertisementCount() const
{
    return m_ro.GetAdvertisementCount();
}

uint64_t
HomeAgent::GetAdvertisementOctets() const
{
    return m_ro.GetAdvertisementOctets();
}

uint64_t
HomeAgent::GetNatDetectedCount() const
{
    return m_udp.GetNatDetectedCount();
}

uint64_t
HomeAgent::GetUdpTunnelReplyCount(uint8_t code) const
{
    return m_udp.GetReplyCount(code);
}

uint64_t
HomeAgent::GetKeepalivesReceived() const
{
    return m_udp.GetKeepalivesReceived();
}

uint64_t
HomeAgent::GetKeepalivesAnswered() const
{
    return m_udp.GetKeepalivesAnswered();
}

std::optional<RoCapabilityExtension>
HomeAgent::GetRoCapability(Ipv4Address homeAddress) const
{
    return m_ro.GetCapability(homeAddress);
}

bool
HomeAgent::IsAdvertisable(Ipv4Address homeAddress) const
{
    return m_ro.IsAdvertisable(homeAddress);
}

void
HomeAgent::SetRouteOptimizationDeclined(Ipv4Address homeAddress, bool declined)
{
    m_ro.SetDeclined(homeAddress, declined, GetRoSettings());
}

bool
HomeAgent::IsRouteOptimizationDeclined(Ipv4Address homeAddress) const
{
    return m_ro.IsDeclined(homeAddress, GetRoSettings());
}

std::vector<Ipv4Address>
HomeAgent::GetAdvertisableMobileRouters() const
{
    return m_ro.GetAdvertisable(m_advertisementOrder);
}

HaRouteOptimizationSettings
HomeAgent::GetRoSettings() const
{
    HaRouteOptimizationSettings settings;
    settings.enabled = m_haaroEnabled;
    settings.declineAll = m_declineRouteOptimization;
    settings.advertisement.order = m_advertisementOrder;
    settings.advertisement.prefixCompression = m_prefixCompression;
    settings.advertisement.realmCompression = m_realmCompression;
    settings.advertisement.maxSize = m_maxAdvertisementSize;
    return settings;
}

HaRegistrationPolicy
HomeAgent::GetRegistrationPolicy() const
{
    HaRegistrationPolicy policy;
    policy.homeAgent = m_address;
    policy.maxLifetime = m_maxLifetime;
    policy.maxBindings = m_maxBindings;
    policy.simultaneousBindings = m_simultaneousBindings;
    policy.greSupported = m_greSupported;
    policy.reverseTunnelRequired = m_reverseTunnelRequired;
    policy.udp = GetUdpSettings();
    return policy;
}

HaUdpTunnellingSettings
HomeAgent::GetUdpSettings() const
{
    HaUdpTunnellingSettings settings;
    settings.enabled = m_udpTunnelling;
    settings.allowForced = m_allowForcedUdp;
    settings.keepaliveInterval = m_udpKeepaliveInterval;
    settings.natMaxLifetime = m_natMaxLifetime;
    settings.reserved3Refused = m_udpReserved3Refused;
    return settings;
}

void
HomeAgent::StartApplication()
{
    Ptr<Node> node = GetNode();
    Ptr<Ipv4L3Protocol> ipv4 = node->GetObject<Ipv4L3Protocol>();
    NS_ABORT_MSG_IF(!ipv4, "HomeAgent needs the Internet stack");
    if (m_address == Ipv4Address::GetAny())
    {
        for (uint32_t i = 1; i < ipv4->GetNInterfaces() && m_address == Ipv4Address::GetAny(); ++i)
        {
            if (ipv4->GetNAddresses(i) > 0)
            {
                m_address = ipv4->GetAddress(i, 0).GetLocal();
            }
        }
    }
    NS_ABORT_MSG_IF(ipv4->GetInterfaceForAddress(m_address) < 0,
                    "HomeAgentAddress " << m_address << " is not an address of node "
                                        << node->GetId());

    m_tunnels = node->GetObject<MipTunnelManager>();
    if (!m_tunnels)
    {
        m_tunnels = CreateObject<MipTunnelManager>();
        node->AggregateObject(m_tunnels);
        m_tunnels->Install(node, m_tunnelAddress, Ipv4Mask::GetOnes());
    }
    m_tunnels->SetForwardCallback(MakeCallback(&HomeAgent::Forward, this));
    m_tunnels->SetAcceptCallback(MakeCallback(&HomeAgent::Accept, this));
    m_udp.Install(m_tunnels, m_address);
    m_downlink.Install(m_tunnels, m_address);

    Ptr<Ipv4ListRouting> list = DynamicCast<Ipv4ListRouting>(ipv4->GetRoutingProtocol());
    NS_ABORT_MSG_IF(!list, "HomeAgent needs an Ipv4ListRouting (InternetStackHelper's default)");
    m_routing = CreateObject<HaRouting>();
    list->AddRoutingProtocol(m_routing, m_routingPriority);
    m_routing->SetTunnelInterface(m_tunnels->GetInterface(), m_address);
    m_decider.Install(m_bindings, m_routing);
    m_applier.Install(m_bindings,
                      m_tunnels,
                      m_routing,
                      m_address,
                      MakeCallback(&HomeAgent::InterceptTunnelled, this));

    m_bindings->SetCallbacks(MakeCallback(&HomeAgent::OnBindingAdded, this),
                             MakeCallback(&HomeAgent::OnBindingRemoved, this));

    m_socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    m_socket->Bind(InetSocketAddress(m_address, MIP_UDP_PORT));
    m_socket->SetRecvCallback(MakeCallback(&HomeAgent::HandleRead, this));
    NS_LOG_INFO("Home Agent " << m_address << " on node " << node->GetId() << " serving "
                              << m_mobileNodes.size() << " mobile nodes");
}

void
HomeAgent::StopApplication()
{
    if (m_socket)
    {
        m_socket->Close();
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    }
}

void
HomeAgent::HandleRead(Ptr<Socket> socket)
{
    Address from;
    Ptr<Packet> packet;
    while ((packet = socket->RecvFrom(from)))
    {
        InetSocketAddress source = InetSocketAddress::ConvertFrom(from);
        MipBytes bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        std::optional<uint8_t> type = MipPeekMessageType(bytes);
        if (type == MIP_TUNNEL_DATA)
        {
            m_udp.ReceiveData(packet, source.GetIpv4(), source.GetPort());
            continue;
        }
        if (type != MIP_REGISTRATION_REQUEST)
        {
            NS_LOG_LOGIC("not a Registration Request from " << source.GetIpv4());
            m_drops.Add(HaDrop::NOT_A_REQUEST);
            m_dropTrace(packet, source.GetIpv4());
            continue;
        }
        ProcessRequest(bytes, source.GetIpv4(), source.GetPort());
    }
}

void
HomeAgent::ProcessRequest(const MipBytes& bytes, Ipv4Address from, uint16_t port)
{
    MipRegistrationRequest rrq;
    if (rrq.FromBytes(bytes) == 0)
    {
        // Not even the fixed part and extension framing could be read: silently discarded
        // (RFC 5944 section 1.8 for unknown non-skippable extensions).
        NS_LOG_WARN("dropping malformed Registration Request from " << from << ": "
                                                                    << rrq.GetParseError());
        m_drops.Add(HaDrop::MALFORMED);
        m_dropTrace(Create<Packet>(bytes.data(), bytes.size()), from);
        return;
    }
    m_requestTrace(rrq, from);

    MipRegistrationReply reply;
    reply.SetHomeAddress(rrq.GetHomeAddress());
    reply.SetHomeAgent(m_address);
    reply.SetIdentification(rrq.GetIdentification());

    HaRequestGate::Result gate = HaRequestGate::Check(rrq, m_mobileNodes);
    if (gate.verdict != HaRequestGate::Verdict::ACCEPT)
    {
        CountProtocolDrop(gate.drop, 1, from);
        if (gate.verdict == HaRequestGate::Verdict::REPLY_AUTH_FAILED)
        {
            reply.SetCode(MIP_REPLY_HA_MN_AUTH_FAILED);
            reply.SetLifetime(0);
            SendReply(reply, gate.config, from, port);
        }
        return;
    }
    if (gate.unauthenticated > 0)
    {
        CountProtocolDrop(ProtocolDrop::UNAUTHENTICATED_EXTENSIONS, gate.unauthenticated, from);
    }
    HaMobileNodeConfig& config = *gate.config;
    HaRegistrationDecision decision =
        m_decider.Decide(rrq, from, port, GetRegistrationPolicy(), config, reply);
    if (decision.replayed)
    {
        CountProtocolDrop(ProtocolDrop::IDENTIFICATION_MISMATCH, 1, from);
    }
    bool duplicate = decision.duplicate;
    if (!duplicate)
    {
        m_udp.ReportNat(rrq, from, port, decision.udp);
    }
    if (MipReplyCodeIsSuccess(reply.GetCode()))
    {
        const HaRouteOptimizationSettings ro = GetRoSettings();
        if (!duplicate)
        {
            // A duplicate (RFC 5944 section 3.8.2.2) is answered but changes nothing: not
            // the binding (its source, port, lifetime), not the flags.
            config.replay.Accept(rrq.GetIdentification());
            // The flags first, so that the binding callbacks of Apply() already see them.
            m_ro.RecordCapability(rrq, ro);
            m_applier.Apply(rrq,
                            from,
                            port,
                            reply.GetLifetime(),
                            decision.prefixes,
                            decision.encapsulation,
                            m_simultaneousBindings);
            // A refresh may only have changed flags.
            m_ro.UpdateAdvertisable(rrq.GetHomeAddress(), ro);
        }
        // Before the MN-HA authenticator (and before any advertisement, whose room is
        // computed from the reply's size).
        m_udp.AddReply(rrq, decision.udp, reply);
        m_ro.AddToReply(rrq, from, reply, !duplicate, ro);
    }
    SendReply(reply, &config, from, port); // appends the MN-HA authenticator last
}

void
HomeAgent::CountProtocolDrop(ProtocolDrop reason, uint64_t count, Ipv4Address source)
{
    m_protocolDrops.Count(reason, count, source, m_protocolDropTrace);
}

void
HomeAgent::SendReply(MipRegistrationReply& reply,
                     const HaMobileNodeConfig* config,
                     Ipv4Address to,
                     uint16_t port)
{
    if (config)
    {
        MipAuthExtension::Append(reply,
                                 MipAuthExtension::TYPE_MOBILE_HOME,
                                 config->sa.GetSpi(),
                                 config->sa.GetKey());
    }
    NS_LOG_INFO("reply to " << reply.GetHomeAddress() << " at " << to << ": code "
                            << unsigned(reply.GetCode()) << " ("
                            << MipReplyCodeName(reply.GetCode()) << "), lifetime "
                            << reply.GetLifetime());
    m_replies[reply.GetCode()]++;
    m_replyTrace(reply, to);
    Ptr<Packet> packet = Create<Packet>();
    packet->AddHeader(reply);
    m_socket->SendTo(packet, 0, InetSocketAddress(to, port));
}

bool
HomeAgent::InterceptTunnelled(Ptr<MipTunnel> tunnel, Ptr<Packet> packet, const Ipv4Header& inner)
{
    Ipv4Address hoa = tunnel->GetHomeAddress();
    HaBinding* b = m_bindings->FindBinding(hoa, tunnel);
    switch (b ? m_downlink.CheckAnswer(hoa, *m_bindings->Find(hoa), *b, packet, inner)
              : HaDownlinkProbe::Match::NOT_A_PROBE_REPLY)
    {
    case HaDownlinkProbe::Match::ANSWER:
        return true;
    case HaDownlinkProbe::Match::STALE_OR_FORGED:
        CountProtocolDrop(ProtocolDrop::UNAUTHENTICATED_ENDPOINT, 1, inner.GetSource());
        return true;
    case HaDownlinkProbe::Match::NOT_A_PROBE_REPLY:
        break;
    }
    // Keepalives and path probes, on every encapsulation.
    return m_udp.AnswerKeepalive(tunnel, packet, inner, b);
}

void
HomeAgent::OnBindingAdded(Ipv4Address homeAddress, const HaBinding& binding)
{
    m_applier.OnBindingAdded(homeAddress, binding);
    m_ro.UpdateAdvertisable(homeAddress, GetRoSettings());
}

void
HomeAgent::OnBindingRemoved(Ipv4Address homeAddress,
                            const HaBinding& binding,
                            HaBindingRemoval reason)
{
    m_applier.OnBindingRemoved(homeAddress, binding);
    // Advertisable only while it has a binding.
    m_ro.UpdateAdvertisable(homeAddress, GetRoSettings());
}

bool
HomeAgent::Forward(Ptr<Packet> packet, const Ipv4Header& header)
{
    std::optional<Ipv4Address> owner = m_routing->Lookup(header.GetDestination());
    HaMobileNodeRecord* record = owner ? m_bindings->Find(*owner) : nullptr;
    if (!record || record->bindings.empty())
    {
        return false;
    }
    return m_downlink.Forward(*record, packet, header, m_downlinkPolicy);
}

bool
HomeAgent::Accept(Ptr<MipTunnel> tunnel, const Ipv4Header& inner, const Ipv4Header& outer)
{
    Ipv4Address owner = tunnel->GetHomeAddress();
    HaMobileNodeRecord* record = m_bindings->Find(owner);
    if (!record)
    {
        return false;
    }
    // Outer source = a binding's care-of address: guaranteed by the tunnel look-up, since
    // a tunnel exists exactly while its binding does. Inner source: the home address or
    // inside a registered mobile network prefix (RFC 5177 section 6.5, RFC 3024 4.3.2).
    if (!record->IsFromMobileNetwork(inner.GetSource()))
    {
        NS_LOG_WARN("reverse-tunnelled packet from "
                    << inner.GetSource() << " via " << outer.GetSource() << " is not from " << owner
                    << " or its networks: dropped");
        return false;
    }
    // Delivered; with LastActive it may only start a reachability probe (HaDownlink).
    m_downlink.OnReverseTunnelled(*record, tunnel, m_downlinkPolicy, m_downlinkProbeInterval);
    return true;
}

void
HomeAgent::Restart()
{
    NS_LOG_INFO("Home Agent " << m_address << " restarts: " << m_bindings->GetBindingCount()
                              << " bindings lost");
    // What a rebooted Home Agent loses with its memory: every binding (and with it its
    // tunnel and its home address and prefix routes, OnBindingRemoved), the replay state
    // (RFC 5944 section 5.7: the last accepted Identification), the HAARO flags and the
    // advertisement order. Its configuration (AddMobileNode, attributes, operator policy)
    // and its statistics stay. The bindings disappear silently, as on expiry: no message
    // tells the routers, which notice through their unanswered probes (MrUplink).
    for (auto& [address, config] : m_mobileNodes)
    {
        m_bindings->RemoveAll(Ipv4Address(address), HaBindingRemoval::EXPIRED);
    }
    for (auto& [address, config] : m_mobileNodes)
    {
        config.replay.Reset();
    }
    m_ro.Restart();
}

void
HomeAgent::DoDispose()
{
    m_socket = nullptr;
    m_bindings->Dispose();
    m_bindings = nullptr;
    m_tunnels = nullptr;
    m_routing = nullptr;
    m_mobileNodes.clear();
    m_ro.Dispose();
    m_applier.Dispose();
    m_udp.Dispose();
    m_downlink.Dispose();
    m_decider.Dispose();
    Application::DoDispose();
}

} // namespace ns3
