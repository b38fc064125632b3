/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mobile-router.h"

#include "fatal-range-checker.h"
#include "haaro-extensions.h"
#include "mip-icmp-echo.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/icmpv4.h"
#include "ns3/integer.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MobileRouter");

NS_OBJECT_ENSURE_REGISTERED(MobileRouter);

TypeId
MobileRouter::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MobileRouter")
            .SetParent<Application>()
            .SetGroupName("Haaro")
            .AddConstructor<MobileRouter>()
            .AddAttribute("HomeAddress",
                          "The router's home address (configured on its tunnel interface)",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&MobileRouter::m_homeAddress),
                          MakeIpv4AddressChecker())
            .AddAttribute("HomeAgent",
                          "Address of the Home Agent",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&MobileRouter::m_homeAgent),
                          MakeIpv4AddressChecker())
            .AddAttribute("Spi",
                          "SPI of the MN-HA security association (unless "
                          "SetSecurityAssociation() is used)",
                          UintegerValue(0),
                          MakeUintegerAccessor(&MobileRouter::m_spi),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Key",
                          "Key of the MN-HA security association, in hex (unless "
                          "SetSecurityAssociation() is used)",
                          StringValue(""),
                          MakeStringAccessor(&MobileRouter::m_key),
                          MakeStringChecker())
            .AddAttribute("Lifetime",
                          "Requested registration lifetime (s)",
                          UintegerValue(1800),
                          MakeUintegerAccessor(&MobileRouter::m_lifetime),
                          MakeFatalRangeChecker(MakeUintegerChecker<uint16_t>(1),
                                                "ns3::MobileRouter::Lifetime",
                                                "1 to 65535 s: the 16-bit Lifetime field"))
            .AddAttribute("RenewalFraction",
                          "Re-register after this fraction of the granted lifetime",
                          DoubleValue(0.8),
                          MakeDoubleAccessor(&MobileRouter::m_renewalFraction),
                          MakeDoubleChecker<double>(0.1, 0.99))
            .AddAttribute("UseGre",
                          "Request GRE encapsulation (G bit) instead of IP in IP",
                          BooleanValue(false),
                          MakeBooleanAccessor(&MobileRouter::m_useGre),
                          MakeBooleanChecker())
            .AddAttribute("ReverseTunnel",
                          "Request reverse tunnelling (T bit, RFC 3024; RFC 5177 says SHOULD)",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MobileRouter::m_reverseTunnel),
                          MakeBooleanChecker())
            .AddAttribute("ExplicitMode",
                          "List the mobile network prefixes in requests (RFC 5177 explicit "
                          "mode); false relies on the Home Agent's prefix table (implicit)",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MobileRouter::m_explicitMode),
                          MakeBooleanChecker())
            .AddAttribute("InitialRetransmissionTimeout",
                          "First retransmission timeout (RFC 5944 3.6.3: at least 1 s)",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MobileRouter::m_initialTimeout),
                          MakeTimeChecker(Seconds(1)))
            .AddAttribute("MaxRetransmissionTimeout",
                          "Cap of the doubling retransmission timeout (never above the "
                          "lifetime)",
                          TimeValue(Seconds(16)),
                          MakeTimeAccessor(&MobileRouter::m_maxTimeout),
                          MakeTimeChecker(Seconds(1)))
            .AddAttribute("DenialRetryDelay",
                          "First retry after the Home Agent denied a registration (a code >= "
                          "128 other than 133); it doubles with each further denial (RFC 5944 "
                          "section 3.6.3: at least 1 s, each period at least twice the last)",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MobileRouter::m_denialRetryDelay),
                          MakeTimeChecker(Seconds(1)))
            .AddAttribute("DenialRetryMax",
                          "Cap of the doubling denial retry delay (never above the lifetime, "
                          "RFC 5944 section 3.6.3)",
                          TimeValue(Seconds(64)),
                          MakeTimeAccessor(&MobileRouter::m_denialRetryMax),
                          MakeTimeChecker(Seconds(1)))
            .AddAttribute("IdentificationRandomBits",
                          "Low-order bits of each timestamp Identification drawn at random "
                          "(RFC 5944 section 5.7.1: the bits a clock does not provide SHOULD be "
                          "random; 32: the whole fraction, so that an off-path attacker cannot "
                          "guess the Identification of an outstanding request; 0: the "
                          "nanosecond clock, deterministic but guessable)",
                          UintegerValue(32),
                          MakeUintegerAccessor(&MobileRouter::m_identificationRandomBits),
                          MakeUintegerChecker<uint8_t>(0, 32))
            .AddAttribute("MaxRetransmissions",
                          "Unanswered retransmissions after which the uplink is FAILED",
                          UintegerValue(3),
                          MakeUintegerAccessor(&MobileRouter::m_maxRetransmissions),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("KeepaliveInterval",
                          "Interval of the ICMP echo probes to the Home Agent on each uplink "
                          "(path failure detection; 0 disables)",
                          TimeValue(Seconds(5)),
                          MakeTimeAccessor(&MobileRouter::m_keepaliveInterval),
                          MakeTimeChecker())
            .AddAttribute("KeepaliveMisses",
                          "Consecutive unanswered probes after which the uplink is FAILED",
                          UintegerValue(3),
                          MakeUintegerAccessor(&MobileRouter::m_keepaliveMisses),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute(
                "UdpTunnelling",
                "RFC 3519 NAT traversal: Never (no UDP Tunnel Request), Auto (a "
                "request in every registration; the Home Agent assents when it sees "
                "a NAT; what a router that may be behind a NAT does) or Force (F "
                "set: UDP even without a NAT). Without an assenting UDP Tunnel Reply "
                "the uplink never uses UDP",
                EnumValue(MR_UDP_AUTO),
                MakeEnumAccessor(&MobileRouter::m_udpTunnelling),
                MakeEnumChecker(MR_UDP_NEVER, "Never", MR_UDP_AUTO, "Auto", MR_UDP_FORCE, "Force"))
            .AddAttribute("UdpKeepaliveInterval",
                          "RFC 3519 keepalive interval of UDP tunnels when the Home Agent "
                          "assigns none (its reply says 0): a keepalive is sent when nothing "
                          "was sent to the Home Agent for this long",
                          TimeValue(Seconds(110)),
                          MakeTimeAccessor(&MobileRouter::m_udpKeepaliveInterval),
                          MakeTimeChecker(Seconds(1)))
            .AddAttribute("UdpKeepaliveMinimum",
                          "Shortest keepalive interval: after a lost NAT mapping the interval "
                          "is halved, never below this (RFC 3519 section 4.10: 10 s)",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&MobileRouter::m_udpKeepaliveMinimum),
                          MakeTimeChecker(Seconds(1)))
            .AddAttribute("UdpKeepaliveRetries",
                          "Retries of an unanswered keepalive (after the initial retransmission "
                          "timeout, doubling) before the NAT mapping is taken as lost and the "
                          "uplink registers again",
                          UintegerValue(3),
                          MakeUintegerAccessor(&MobileRouter::m_udpKeepaliveRetries),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("RouteOptimization",
                          "Take part in HAARO (RFC 6521): send the capability extension, "
                          "accept route optimization from other routers and start it",
                          BooleanValue(false),
                          MakeBooleanAccessor(&MobileRouter::m_routeOptimization),
                          MakeBooleanChecker())
            .AddAttribute("AdvertiseNetworks",
                          "The A flag: the Home Agent may tell other routers about this one's "
                          "networks (and this one accepts their route optimization)",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MobileRouter::m_advertise),
                          MakeBooleanChecker())
            .AddAttribute("OutboundOnly",
                          "The O flag: this router can only open outgoing connections (NAT or "
                          "stateful firewall on every uplink)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&MobileRouter::m_outboundOnly),
                          MakeBooleanChecker())
            .AddAttribute("OutboundOnlyWhenNatted",
                          "Set the O flag by itself once the Home Agent reports a NAT (N flag "
                          "of the Route Optimization Reply) on every uplink that registered, "
                          "and register again at once so that the Home Agent advertises this "
                          "router as outbound-only (Info=1; RFC 6521 sections 5.1, 6.1)",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MobileRouter::m_outboundOnlyWhenNatted),
                          MakeBooleanChecker())
            .AddAttribute("RoBindingLifetime",
                          "Lifetime requested from correspondent routers (RFC 6521 leaves it "
                          "open, A8); refreshed at RenewalFraction of it",
                          TimeValue(Seconds(120)),
                          MakeTimeAccessor(&MobileRouter::m_roBindingLifetime),
                          MakeFatalRangeChecker(MakeTimeChecker(Seconds(1), Seconds(65535)),
                                                "ns3::MobileRouter::RoBindingLifetime",
                                                "1 to 65535 s: the 16-bit Lifetime field"))
            .AddAttribute("RoRetransmission",
                          "First retransmission timeout of return routability and of "
                          "registrations with correspondent routers (doubling; A8)",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MobileRouter::m_roRetransmission),
                          MakeTimeChecker(MilliSeconds(100)))
            .AddAttribute("RoMaxRetransmissions",
                          "Retransmissions before falling back to the HA path",
                          UintegerValue(3),
                          MakeUintegerAccessor(&MobileRouter::m_roMaxRetransmissions),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("RoKeepaliveInterval",
                          "ICMP echo in each direct tunnel, both ends (RFC 6521 3.3.4: well "
                          "below 110 s, at most MAX_UPDATE_RATE = 5 per second)",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MobileRouter::m_roKeepaliveInterval),
                          MakeTimeChecker(MilliSeconds(200)))
            .AddAttribute("RoKeepaliveMisses",
                          "Unanswered keepalives before falling back to the HA path",
                          UintegerValue(3),
                          MakeUintegerAccessor(&MobileRouter::m_roKeepaliveMisses),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("RoUnknownPeerSolicitations",
                          "Correspondent role: burst of solicitations (re-registrations at "
                          "the Home Agent with S set, RFC 6521 section 3.3.3) that requests "
                          "from home addresses the HA never advertised may cause; one more "
                          "per solicitation wait. Bounds what made-up home addresses cost",
                          UintegerValue(8),
                          MakeUintegerAccessor(&MobileRouter::m_roUnknownPeerSolicitations),
                          MakeUintegerChecker<uint32_t>(0))
            .AddAttribute("RoGrace",
                          "How long a retired direct tunnel (after a change of care-of "
                          "address pair or a de-registration) still accepts packets",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&MobileRouter::m_roGrace),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("RoSolicitationWait",
                          "Correspondent role: how long a registration whose prefixes the "
                          "Home Agent has not confirmed waits for the answer to the "
                          "solicitation (RFC 6521 section 3.3.3)",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&MobileRouter::m_roSolicitationWait),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("RoHoldDown",
                          "Wait after a failed route optimization before trying again",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&MobileRouter::m_roHoldDown),
                          MakeTimeChecker())
            .AddAttribute("RoFullMesh",
                          "Start route optimization with every advertised router at once "
                          "instead of on demand (RFC 6521 section 3.3.1)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&MobileRouter::m_roFullMesh),
                          MakeBooleanChecker())
            .AddAttribute("RoSpreadPeers",
                          "Use a different care-of address per correspondent router (RFC 6521 "
                          "section 3.3): each new one gets the registered uplink serving the "
                          "fewest; false: all use the active uplink",
                          BooleanValue(false),
                          MakeBooleanAccessor(&MobileRouter::m_roSpreadPeers),
                          MakeBooleanChecker())
            .AddAttribute("RoSolicit",
                          "As correspondent router, solicit the Home Agent (capability "
                          "extension with S, RFC 6521 section 3.3.3) for a router whose "
                          "requested prefixes it has not confirmed yet; false: acknowledge "
                          "them as unauthorized at once",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MobileRouter::m_roSolicit),
                          MakeBooleanChecker())
            .AddAttribute("RoTryOtherPairs",
                          "When the (MR CoA, CR CoA) pair of a direct tunnel stops answering "
                          "keepalives, probe the other pairs (the CR's other care-of addresses, "
                          "then our other registered uplinks) before falling back to the Home "
                          "Agent (RFC 6521 sections 3.3 and 6.1)",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MobileRouter::m_roTryOtherPairs),
                          MakeBooleanChecker())
            .AddAttribute("RoUseGre",
                          "GRE for direct tunnels (takes precedence over RoUseUdp; UDP is still "
                          "used where a NAT makes it mandatory)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&MobileRouter::m_roUseGre),
                          MakeBooleanChecker())
            .AddAttribute("RoUseUdp",
                          "UDP encapsulation (RFC 3519 type-4 tunnel data on port 434, asked "
                          "for with a UDP Tunnel Request extension) for direct tunnels, RFC "
                          "6521's recommendation (section 3.3); the first keepalive must be "
                          "answered before the tunnel carries data. False: IP in IP or GRE "
                          "(RoUseGre), except that UDP is still used when the HA reported a NAT "
                          "or the peer is outbound-only (mandatory)",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MobileRouter::m_roUseUdp),
                          MakeBooleanChecker())
            .AddAttribute("UplinkPolicy",
                          "How traffic is spread over the registered uplinks",
                          EnumValue(MR_UPLINK_PRIMARY_BACKUP),
                          MakeEnumAccessor(&MobileRouter::m_policy),
                          MakeEnumChecker(MR_UPLINK_PRIMARY_BACKUP,
                                          "PrimaryBackup",
                                          MR_UPLINK_PER_FLOW,
                                          "PerFlow"))
            .AddAttribute("ClockOffset",
                          "Error of the router's clock (timestamp Identification)",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&MobileRouter::m_clockOffset),
                          MakeTimeChecker())
            .AddAttribute("RoutingPriority",
                          "Priority of the router's routing protocol in its Ipv4ListRouting",
                          IntegerValue(10),
                          MakeIntegerAccessor(&MobileRouter::m_routingPriority),
                          MakeIntegerChecker<int16_t>())
            .AddAttribute("DeregisterOnStop",
                          "Send lifetime-0 requests when the application stops",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MobileRouter::m_deregisterOnStop),
                          MakeBooleanChecker())
            .AddTraceSource("UplinkState",
                            "An uplink changed state (care-of address, old, new, reason)",
                            MakeTraceSourceAccessor(&MobileRouter::m_stateTrace),
                            "ns3::MobileRouter::UplinkStateTracedCallback")
            .AddTraceSource("Failover",
                            "The active uplink changed (old and new care-of address)",
                            MakeTraceSourceAccessor(&MobileRouter::m_failoverTrace),
                            "ns3::MobileRouter::FailoverTracedCallback")
            .AddTraceSource("RequestSent",
                            "A Registration Request was sent (request, care-of address)",
                            MakeTraceSourceAccessor(&MobileRouter::m_requestTrace),
                            "ns3::MobileRouter::RequestTracedCallback")
            .AddTraceSource("ReplyReceived",
                            "An authenticated Registration Reply arrived (reply, care-of "
                            "address)",
                            MakeTraceSourceAccessor(&MobileRouter::m_replyTrace),
                            "ns3::MobileRouter::ReplyTracedCallback");
    return tid;
}

MobileRouter::MobileRouter() = default;

MobileRouter::~MobileRouter() = default;

void
MobileRouter::AddUplink(Ptr<NetDevice> device, Ipv4Address gateway)
{
    m_uplinkConfig.emplace_back(device, gateway);
}

void
MobileRouter::AddMobileNetwork(Ipv4Address network, uint8_t length)
{
    if (length > MipPrefix::MAX_LENGTH)
    {
        NS_FATAL_ERROR("AddMobileNetwork(" << network << "): prefix length " << unsigned(length)
                                           << " is above 32");
    }
    MipPrefix p{network, length};
    p.network = Ipv4Address(network.Get() & MipPrefix::MaskOf(length));
    m_config.prefixes.push_back(p);
}

void
MobileRouter::SetSecurityAssociation(const MipSecurityAssociation& sa)
{
    m_config.sa = sa;
    m_saSet = true;
}

size_t
MobileRouter::GetNUplinks() const
{
    return m_uplinks.size();
}

Ptr<MrUplink>
MobileRouter::GetUplink(size_t i) const
{
    return m_uplinks.at(i);
}

Ptr<MrUplink>
MobileRouter::GetActiveUplink() const
{
    return m_active;
}

Ptr<MobileRouterRouting>
MobileRouter::GetRouting() const
{
    return m_routing;
}

Ptr<MipTunnelManager>
MobileRouter::GetTunnelManager() const
{
    return m_tunnels;
}

Ipv4Address
MobileRouter::GetHomeAddress() const
{
    return m_homeAddress;
}

Ptr<RouteOptimizer>
MobileRouter::GetRouteOptimizer() const
{
    return m_optimizer;
}

int64_t
MobileRouter::AssignStreams(int64_t stream)
{
    m_stream = stream;
    if (m_optimizer)
    {
        m_optimizer->AssignStreams(stream);
    }
    // stream + 1: the random low-order bits of the Identification (set up at start).
    if (m_config.identification)
    {
        m_identification.AssignStreams(stream + 1);
    }
    return 2;
}

void
MobileRouter::StartApplication()
{
    Ptr<Node> node = GetNode();
    Ptr<Ipv4L3Protocol> ipv4 = node->GetObject<Ipv4L3Protocol>();
    NS_ABORT_MSG_IF(!ipv4, "MobileRouter needs the Internet stack");
    m_config.homeAddress = m_homeAddress;
    m_config.homeAgent = m_homeAgent;
    m_config.lifetime = m_lifetime;
    m_config.renewalFraction = m_renewalFraction;
    m_config.reverseTunnel = m_reverseTunnel;
    m_config.explicitMode = m_explicitMode;
    m_config.initialTimeout = m_initialTimeout;
    m_config.maxTimeout = m_maxTimeout;
    m_config.maxRetransmissions = m_maxRetransmissions;
    m_config.denialRetryDelay = m_denialRetryDelay;
    m_config.denialRetryMax = m_denialRetryMax;
    m_config.keepaliveInterval = m_keepaliveInterval;
    m_config.keepaliveMisses = m_keepaliveMisses;
    m_config.udpTunnelling = m_udpTunnelling;
    m_config.udpKeepaliveInterval = m_udpKeepaliveInterval;
    m_config.udpKeepaliveMinimum = m_udpKeepaliveMinimum;
    m_config.udpKeepaliveRetries = m_udpKeepaliveRetries;
    m_config.routeOptimization = m_routeOptimization;
    m_config.advertise = m_advertise;
    m_config.requestPrefixes = true;
    m_config.outboundOnly = m_outboundOnly;
    NS_ABORT_MSG_IF(m_homeAddress == Ipv4Address::GetAny() || m_homeAgent == Ipv4Address::GetAny(),
                    "MobileRouter needs HomeAddress and HomeAgent");
    NS_ABORT_MSG_IF(m_uplinkConfig.empty(), "MobileRouter needs at least one uplink");
    if (!m_saSet)
    {
        m_config.sa = MipSecurityAssociation(m_spi, MipFromHex(m_key));
    }
    NS_ABORT_MSG_IF(!m_config.sa.IsValid(),
                    "MobileRouter " << m_config.homeAddress << ": invalid security association: "
                                    << m_config.sa.Validate());
    m_config.encapsulation = m_useGre ? MipEncapsulation::GRE : MipEncapsulation::IP_IN_IP;
    m_config.simultaneous = m_uplinkConfig.size() > 1;
    m_identification = MipIdentificationGenerator(m_clockOffset);
    m_identification.SetRandomLowBits(m_identificationRandomBits);
    if (m_stream >= 0)
    {
        m_identification.AssignStreams(m_stream + 1);
    }
    m_config.identification = &m_identification;

    m_tunnels = CreateObject<MipTunnelManager>();
    node->AggregateObject(m_tunnels);
    m_tunnels->Install(node, m_config.homeAddress, Ipv4Mask::GetOnes());
    m_tunnels->SetForwardCallback(MakeCallback(&MobileRouter::Forward, this));
    m_tunnels->SetAcceptCallback(MakeCallback(&MobileRouter::Accept, this));

    Ptr<Ipv4ListRouting> list = DynamicCast<Ipv4ListRouting>(ipv4->GetRoutingProtocol());
    NS_ABORT_MSG_IF(!list, "MobileRouter needs an Ipv4ListRouting (InternetStackHelper's default)");
    m_routing = CreateObject<MobileRouterRouting>();
    list->AddRoutingProtocol(m_routing, m_routingPriority);
    m_routing->SetTunnelInterface(m_tunnels->GetInterface(), m_config.homeAddress);
    for (const MipPrefix& p : m_config.prefixes)
    {
        m_routing->AddMobileNetwork(p);
    }
    m_routing->SetInterfaceCallback(MakeCallback(&MobileRouter::OnInterface, this));
    m_routing->SetTunnelUsableCallback(MakeCallback(&MobileRouter::IsTunnelUsable, this));

    for (const auto& [device, gateway] : m_uplinkConfig)
    {
        int32_t interface = ipv4->GetInterfaceForDevice(device);
        NS_ABORT_MSG_IF(interface < 0 || ipv4->GetNAddresses(interface) == 0,
                        "MobileRouter uplink device has no IPv4 address");
        Ipv4Address careOf = ipv4->GetAddress(interface, 0).GetLocal();
        m_routing->AddUplink(interface, careOf, gateway);
        Ptr<MipTunnel> tunnel =
            m_tunnels->AddTunnel(careOf, m_config.homeAgent, m_config.encapsulation);
        tunnel->SetEgress(device, gateway);
        tunnel->SetHomeAddress(m_config.homeAddress);
        Ptr<MrUplink> uplink = CreateObject<MrUplink>();
        uplink->Setup(node, device, careOf, gateway, &m_config, tunnel);
        uplink->SetStateCallback(MakeCallback(&MobileRouter::OnUplinkState, this));
        uplink->SetMessageCallbacks(
            MakeCallback(&TracedCallback<const MipRegistrationRequest&, Ipv4Address>::operator(),
                         &m_requestTrace),
            MakeCallback(&TracedCallback<const MipRegistrationReply&, Ipv4Address>::operator(),
                         &m_replyTrace));
        m_uplinks.push_back(uplink);
        m_byInterface[interface] = uplink;
    }
    if (m_routeOptimization)
    {
        m_roConfig.bindingLifetime = m_roBindingLifetime;
        m_roConfig.retransmission = m_roRetransmission;
        m_roConfig.maxRetransmissions = m_roMaxRetransmissions;
        m_roConfig.keepaliveInterval = m_roKeepaliveInterval;
        m_roConfig.keepaliveMisses = m_roKeepaliveMisses;
        m_roConfig.holdDown = m_roHoldDown;
        m_roConfig.grace = m_roGrace;
        m_roConfig.solicitationWait = m_roSolicitationWait;
        m_roConfig.unknownPeerSolicitations = m_roUnknownPeerSolicitations;
        m_roConfig.fullMesh = m_roFullMesh;
        m_roConfig.spreadPeers = m_roSpreadPeers;
        m_roConfig.tryOtherPairs = m_roTryOtherPairs;
        m_roConfig.encapsulation = m_roUseGre   ? MipEncapsulation::GRE
                                   : m_roUseUdp ? MipEncapsulation::UDP
                                                : MipEncapsulation::IP_IN_IP;
        m_optimizer = CreateObject<RouteOptimizer>();
        if (m_stream >= 0)
        {
            m_optimizer->AssignStreams(m_stream);
        }
        m_optimizer->Setup(node,
                           m_config.homeAddress,
                           m_config.homeAgent,
                           m_config.prefixes,
                           m_tunnels,
                           &m_identification,
                           m_roConfig);
        m_optimizer->SetCallbacks(
            [this]() {
                std::vector<RoUplink> out;
                if (m_active)
                {
                    out.push_back({m_active->GetCareOfAddress(),
                                   m_active->GetDevice(),
                                   m_active->GetGateway(),
                                   true});
                }
                for (const auto& u : m_uplinks)
                {
                    if (u != m_active)
                    {
                        out.push_back({u->GetCareOfAddress(),
                                       u->GetDevice(),
                                       u->GetGateway(),
                                       u->GetState() == MrUplinkState::REGISTERED});
                    }
                }
                return out;
            },
            [this](Ipv4Address peer) {
                if (m_active && m_roSolicit)
                {
                    m_active->Solicit(peer);
                }
            });
        m_optimizer->Start();
        m_replyTrace.ConnectWithoutContext(MakeCallback(&MobileRouter::OnHomeReply, this));
    }
    for (const auto& [interface, uplink] : m_byInterface)
    {
        uplink->SetInterfaceUp(ipv4->IsUp(interface));
        uplink->Start();
    }
}

void
MobileRouter::OnHomeReply(const MipRegistrationReply& reply, Ipv4Address careOf)
{
    if (m_optimizer && MipReplyCodeIsSuccess(reply.GetCode()))
    {
        m_optimizer->OnHomeReply(reply);
        UpdateOutboundOnly(reply, careOf);
    }
}

void
MobileRouter::UpdateOutboundOnly(const MipRegistrationReply& reply, Ipv4Address careOf)
{
    std::optional<RoReplyExtension> ro = RoReplyExtension::Find(reply);
    if (!ro || reply.GetLifetime() == 0)
    {
        return;
    }
    m_natted[careOf.Get()] = ro->GetFlag(RoReplyExtension::FLAG_N);
    bool everyUplinkNatted = !m_natted.empty();
    for (const auto& [coa, natted] : m_natted)
    {
        everyUplinkNatted = everyUplinkNatted && natted;
    }
    bool outboundOnly = m_outboundOnly || (m_outboundOnlyWhenNatted && everyUplinkNatted);
    if (outboundOnly == m_config.outboundOnly)
    {
        return;
    }
    NS_LOG_INFO(m_config.homeAddress << ": O flag " << (outboundOnly ? "set" : "cleared")
                                     << " (NAT reported by the Home Agent via " << careOf << ")");
    m_config.outboundOnly = outboundOnly;
    for (const auto& uplink : m_uplinks)
    {
        if (uplink->GetCareOfAddress() == careOf)
        {
            // The Home Agent advertises the O flag it last saw: tell it now.
            Simulator::ScheduleNow(&MrUplink::Register, uplink);
        }
    }
}

void
MobileRouter::StopApplication()
{
    if (m_optimizer)
    {
        m_optimizer->Stop(m_deregisterOnStop);
    }
    for (const auto& uplink : m_uplinks)
    {
        uplink->Stop(m_deregisterOnStop);
    }
}

void
MobileRouter::OnUplinkState(Ptr<MrUplink> uplink,
                            MrUplinkState oldState,
                            MrUplinkState newState,
                            std::string reason)
{
    m_stateTrace(uplink->GetCareOfAddress(), oldState, newState, reason);
    UpdateActiveUplink();
    if (m_optimizer && oldState == MrUplinkState::REGISTERED && newState != oldState)
    {
        m_optimizer->OnUplinkLost(uplink->GetCareOfAddress());
    }
}

void
MobileRouter::OnInterface(uint32_t interface, bool up)
{
    auto it = m_byInterface.find(interface);
    if (it != m_byInterface.end())
    {
        it->second->SetInterfaceUp(up);
    }
}

void
MobileRouter::UpdateActiveUplink()
{
    Ptr<MrUplink> active;
    for (const auto& uplink : m_uplinks)
    {
        if (uplink->GetState() == MrUplinkState::REGISTERED)
        {
            active = uplink;
            break;
        }
    }
    if (active == m_active)
    {
        return;
    }
    Ipv4Address from = m_active ? m_active->GetCareOfAddress() : Ipv4Address::GetZero();
    Ipv4Address to = active ? active->GetCareOfAddress() : Ipv4Address::GetZero();
    NS_LOG_INFO(m_config.homeAddress << " active uplink " << from << " -> " << to);
    m_active = active;
    m_failoverTrace(from, to);
    if (m_optimizer)
    {
        m_optimizer->OnActiveUplinkChanged(from, to);
    }
    if (active)
    {
        AnnounceUplink(active);
    }
}

bool
MobileRouter::IsTunnelUsable() const
{
    return m_active != nullptr;
}

bool
MobileRouter::Forward(Ptr<Packet> packet, const Ipv4Header& header)
{
    if (!m_active)
    {
        return false;
    }
    if (m_optimizer)
    {
        if (Ptr<MipTunnel> direct = m_optimizer->SelectTunnel(packet, header))
        {
            return m_tunnels->Send(direct, packet);
        }
    }
    Ptr<MrUplink> uplink = m_active;
    if (m_policy == MR_UPLINK_PER_FLOW)
    {
        std::vector<Ptr<MrUplink>> registered;
        for (const auto& u : m_uplinks)
        {
            if (u->GetState() == MrUplinkState::REGISTERED)
            {
                registered.push_back(u);
            }
        }
        uplink = registered[MipTunnelManager::FlowHash(packet, header) % registered.size()];
    }
    return m_tunnels->Send(uplink->GetTunnel(), packet);
}

bool
MobileRouter::Accept(Ptr<MipTunnel> tunnel, const Ipv4Header& inner, const Ipv4Header& outer)
{
    if (tunnel->GetRemote() != m_config.homeAgent)
    {
        return m_optimizer && m_optimizer->Accept(tunnel, inner);
    }
    return inner.GetDestination() == m_config.homeAddress ||
           m_routing->IsInMobileNetworks(inner.GetDestination());
}

void
MobileRouter::AnnounceUplink(Ptr<MrUplink> uplink)
{
    // An ICMP echo to the Home Agent from the home address, through the new uplink's
    // tunnel: the Home Agent learns at once which care-of address the router now uses.
    Ptr<Packet> p = MipIcmpEcho::MakeDatagram(m_config.homeAddress,
                                              m_config.homeAgent,
                                              static_cast<uint16_t>(m_config.homeAddress.Get()),
                                              ++m_announceSequence);
    m_tunnels->Send(uplink->GetTunnel(), p);
}

void
MobileRouter::DoDispose()
{
    for (const auto& uplink : m_uplinks)
    {
        uplink->Dispose();
    }
    m_uplinks.clear();
    m_byInterface.clear();
    if (m_optimizer)
    {
        m_optimizer->Dispose();
        m_optimizer = nullptr;
    }
    m_active = nullptr;
    m_tunnels = nullptr;
    m_routing = nullptr;
    Application::DoDispose();
}

} // namespace ns3
