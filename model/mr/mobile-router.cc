/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mobile-router.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/fatal-range-checker.h"
#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/icmpv4.h"
#include "ns3/integer.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/log.h"
#include "ns3/mip-flow-hash.h"
#include "ns3/mip-icmp-echo.h"
#include "ns3/nemo-extensions.h"
#include "ns3/node.h"
#include "ns3/object-vector.h"
#include "ns3/pointer.h"
#include "ns3/ro-extensions.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>

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
            .AddAttribute("IdentificationRandomBits",
                          "Low-order bits of each timestamp Identification drawn at random "
                          "(RFC 5944 section 5.7.1: the bits a clock does not provide SHOULD be "
                          "random; 32: the whole fraction, so that an off-path attacker cannot "
                          "guess the Identification of an outstanding request; 0: the "
                          "nanosecond clock, deterministic but guessable)",
                          UintegerValue(32),
                          MakeUintegerAccessor(&MobileRouter::m_identificationRandomBits),
                          MakeUintegerChecker<uint8_t>(0, 32))
            .AddAttribute("RouteOptimization",
                          "Take part in HAARO (RFC 6521): send the capability extension, "
                          "accept route optimization from other routers and start it. True "
                          "creates the RouteOptimizer at once (from the optimizer factory)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&MobileRouter::SetRouteOptimization,
                                              &MobileRouter::GetRouteOptimization),
                          MakeBooleanChecker())
            .AddAttribute("RouteOptimizer",
                          "The route optimizer (null unless RouteOptimization): its "
                          "attributes are reachable by Config paths through this one",
                          TypeId::ATTR_GET,
                          PointerValue(),
                          MakePointerAccessor(&MobileRouter::m_optimizer),
                          MakePointerChecker<RouteOptimizer>())
            .AddAttribute("Uplinks",
                          "The uplinks, in AddUplink() (preference) order: their attributes "
                          "are reachable by Config paths through this one",
                          ObjectVectorValue(),
                          MakeObjectVectorAccessor(&MobileRouter::m_uplinks),
                          MakeObjectVectorChecker<MrUplink>())
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
                          "router as outbound-only (Info=1; RFC 6521 sections 5.1, 6.1). "
                          "True because RFC 6521 section 6.1 makes O the statement that the "
                          "router \"is behind a NAT or firewall on all interfaces\" (the HAARO "
                          "slides: the O flag says \"whether MR is behind NAT\", it mandates "
                          "UDP and a tunnel initiated from inside): behind any NAT, full cone "
                          "included, none of its listed care-of addresses can be reached from "
                          "outside and nobody knows its external address. Peers still start "
                          "route optimization towards it (RouteOptimizer "
                          "InitiateTowardsOutboundOnly: it opens the tunnel from inside) and, "
                          "behind a NAT themselves, probe its care-of addresses (NatPairProbing: "
                          "the same NAT). False: peers do not learn that UDP is mandatory (R13, "
                          "section 3.3) and do not wait for the tunnel from inside",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MobileRouter::m_outboundOnlyWhenNatted),
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
            .AddAttribute("PrefixRetryInterval",
                          "Wait before asking again for a prefix the Home Agent answered with "
                          "MOBNET_FWDING_SETUP_FAILED (another router still has it registered, "
                          "e.g. a network moving to this router); doubles with each attempt; "
                          "0: only at the next renewal",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MobileRouter::m_prefixRetryInterval),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("PrefixRetries",
                          "Most re-registrations for a prefix refused with "
                          "MOBNET_FWDING_SETUP_FAILED before the next renewal",
                          UintegerValue(4),
                          MakeUintegerAccessor(&MobileRouter::m_prefixRetries),
                          MakeUintegerChecker<uint32_t>(0, 16))
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
                            "ns3::MobileRouter::ReplyTracedCallback")
            .AddTraceSource("BindingRevocation",
                            "The de-registration of a failed uplink's binding through a "
                            "working uplink (RFC 5944 section 3.8.2.2): failed care-of address, "
                            "care-of address of the uplink used, event, reply code",
                            MakeTraceSourceAccessor(&MobileRouter::m_revocationTrace),
                            "ns3::MobileRouter::RevocationTracedCallback");
    return tid;
}

MobileRouter::MobileRouter()
    : m_replyFollowUp(
          {m_prefixRetryInterval, m_prefixRetries, m_outboundOnly, m_outboundOnlyWhenNatted},
          m_config,
          m_uplinks),
      m_revoker(m_revocationTrace)
{
    m_uplinkFactory.SetTypeId(MrUplink::GetTypeId());
    m_optimizerFactory.SetTypeId(RouteOptimizer::GetTypeId());
}

MobileRouter::~MobileRouter() = default;

void
MobileRouter::AddUplink(Ptr<NetDevice> device, Ipv4Address gateway)
{
    m_uplinkConfig.emplace_back(device, gateway);
    m_learnsCareOf.push_back(false);
    m_uplinks.push_back(m_uplinkFactory.Create<MrUplink>());
}

void
MobileRouter::AddDynamicUplink(Ptr<NetDevice> device)
{
    m_uplinkConfig.emplace_back(device, Ipv4Address::GetZero());
    m_learnsCareOf.push_back(true);
    m_uplinks.push_back(m_uplinkFactory.Create<MrUplink>());
}

void
MobileRouter::SetUplinkFactory(const ObjectFactory& factory)
{
    m_uplinkFactory = factory;
}

void
MobileRouter::SetRouteOptimizerFactory(const ObjectFactory& factory)
{
    m_optimizerFactory = factory;
    if (m_routeOptimization)
    {
        m_optimizer = m_optimizerFactory.Create<RouteOptimizer>();
        if (m_stream >= 0)
        {
            m_optimizer->AssignStreams(m_stream);
        }
    }
}

void
MobileRouter::SetRouteOptimization(bool on)
{
    m_routeOptimization = on;
    if (!on)
    {
        m_optimizer = nullptr;
    }
    else if (!m_optimizer)
    {
        m_optimizer = m_optimizerFactory.Create<RouteOptimizer>();
        if (m_stream >= 0)
        {
            m_optimizer->AssignStreams(m_stream);
        }
    }
}

bool
MobileRouter::GetRouteOptimization() const
{
    return m_routeOptimization;
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
    if (std::find(m_config.prefixes.begin(), m_config.prefixes.end(), p) != m_config.prefixes.end())
    {
        return;
    }
    m_config.prefixes.push_back(p);
    if (m_routing)
    {
        m_routing->AddMobileNetwork(p);
        ReregisterNetworks();
    }
}

void
MobileRouter::RemoveMobileNetwork(Ipv4Address network, uint8_t length)
{
    NS_ABORT_MSG_IF(length > MipPrefix::MAX_LENGTH,
                    "RemoveMobileNetwork(" << network << "): prefix length above 32");
    MipPrefix p{Ipv4Address(network.Get() & MipPrefix::MaskOf(length)), length};
    auto it = std::find(m_config.prefixes.begin(), m_config.prefixes.end(), p);
    if (it == m_config.prefixes.end())
    {
        return;
    }
    m_config.prefixes.erase(it);
    if (m_routing)
    {
        m_routing->RemoveMobileNetwork(p);
        ReregisterNetworks();
    }
}

const std::vector<MipPrefix>&
MobileRouter::GetMobileNetworks() const
{
    return m_config.prefixes;
}

void
MobileRouter::ReregisterNetworks()
{
    NS_LOG_INFO(m_config.homeAddress << ": " << m_config.prefixes.size()
                                     << " mobile networks now, re-registering");
    for (const auto& uplink : m_uplinks)
    {
        MrUplinkState state = uplink->GetState();
        if (state == MrUplinkState::REGISTERED || state == MrUplinkState::REGISTERING ||
            state == MrUplinkState::DENIED)
        {
            Simulator::ScheduleNow(&MrUplink::Register, uplink);
        }
    }
    if (m_optimizer)
    {
        m_optimizer->SetNetworks(m_config.prefixes);
    }
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

Ptr<MrRouting>
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
    m_config.reverseTunnel = m_reverseTunnel;
    m_config.explicitMode = m_explicitMode;
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
    m_routing = CreateObject<MrRouting>();
    list->AddRoutingProtocol(m_routing, m_routingPriority);
    m_routing->SetTunnelInterface(m_tunnels->GetInterface(), m_config.homeAddress);
    for (const MipPrefix& p : m_config.prefixes)
    {
        m_routing->AddMobileNetwork(p);
    }
    m_routing->SetInterfaceCallback(MakeCallback(&MobileRouter::OnInterface, this));
    m_routing->SetTunnelUsableCallback(MakeCallback(&MobileRouter::IsTunnelUsable, this));

    m_careOfWatcher.Setup(ipv4,
                          MakeCallback(&MobileRouter::OnCareOfAcquired, this),
                          MakeCallback(&MobileRouter::OnCareOfLost, this));
    for (size_t i = 0; i < m_uplinkConfig.size(); ++i)
    {
        const auto& [device, gateway] = m_uplinkConfig[i];
        int32_t interface = ipv4->GetInterfaceForDevice(device);
        Ptr<MrUplink> uplink = m_uplinks[i];
        if (m_learnsCareOf[i])
        {
            // The care-of address comes later (OnCareOfAcquired).
            NS_ABORT_MSG_IF(interface < 0,
                            "MobileRouter dynamic uplink device has no Ipv4 interface (e.g. "
                            "DhcpHelper::InstallDhcpClient() adds one)");
            m_routing->AddUplink(interface, Ipv4Address::GetZero(), Ipv4Address::GetZero());
            uplink->Setup(node, device, Ipv4Address::GetZero(), gateway, &m_config, nullptr);
            m_careOfWatcher.Watch(interface);
        }
        else
        {
            NS_ABORT_MSG_IF(interface < 0 || ipv4->GetNAddresses(interface) == 0,
                            "MobileRouter uplink device has no IPv4 address");
            Ipv4Address careOf = ipv4->GetAddress(interface, 0).GetLocal();
            m_routing->AddUplink(interface, careOf, gateway);
            Ptr<MipTunnel> tunnel =
                m_tunnels->AddTunnel(careOf, m_config.homeAgent, m_config.encapsulation);
            tunnel->SetEgress(device, gateway);
            tunnel->SetHomeAddress(m_config.homeAddress);
            uplink->Setup(node, device, careOf, gateway, &m_config, tunnel);
        }
        uplink->SetStateCallback(MakeCallback(&MobileRouter::OnUplinkState, this));
        uplink->SetMessageCallbacks(
            MakeCallback(&TracedCallback<const MipRegistrationRequest&, Ipv4Address>::operator(),
                         &m_requestTrace),
            MakeCallback(&TracedCallback<const MipRegistrationReply&, Ipv4Address>::operator(),
                         &m_replyTrace));
        m_byInterface[interface] = uplink;
    }
    if (m_careOfWatcher.IsWatching())
    {
        m_routing->SetAddressCallback(MakeCallback(&MrCareOfWatcher::OnAddress, &m_careOfWatcher));
    }
    m_revoker.Setup(
        node,
        &m_config,
        &m_uplinks,
        MakeCallback(&TracedCallback<const MipRegistrationRequest&, Ipv4Address>::operator(),
                     &m_requestTrace),
        MakeCallback(&TracedCallback<const MipRegistrationReply&, Ipv4Address>::operator(),
                     &m_replyTrace));
    if (m_optimizer)
    {
        m_optimizer->Setup(node,
                           m_config.homeAddress,
                           m_config.homeAgent,
                           m_config.prefixes,
                           m_tunnels,
                           &m_identification);
        if (m_stream >= 0)
        {
            m_optimizer->AssignStreams(m_stream);
        }
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
                    if (u != m_active && u->HasCareOf())
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
                if (m_active)
                {
                    m_active->Solicit(peer);
                }
            });
        m_optimizer->Start();
    }
    for (const auto& uplink : m_uplinks)
    {
        uplink->SetReplyAcceptedCallback(MakeCallback(&MobileRouter::OnReplyAccepted, this));
    }
    for (const auto& [interface, uplink] : m_byInterface)
    {
        uplink->SetInterfaceUp(ipv4->IsUp(interface));
        uplink->Start();
    }
}

void
MobileRouter::OnReplyAccepted(const MipRegistrationReply& reply, Ipv4Address careOf)
{
    m_replyFollowUp.RetryRefusedPrefixes(reply, careOf);
    if (m_optimizer)
    {
        m_optimizer->OnHomeReply(reply, careOf);
        m_replyFollowUp.UpdateOutboundOnly(reply, careOf);
    }
}

void
MobileRouter::StopApplication()
{
    if (m_optimizer)
    {
        m_optimizer->Stop(m_deregisterOnStop);
    }
    m_revoker.Stop();
    m_replyFollowUp.Stop();
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
    m_revoker.OnUplinkState(uplink, oldState, newState);
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
            return m_tunnels->Send(direct, packet, header);
        }
    }
    Ptr<MrUplink> uplink =
        m_policy == MR_UPLINK_PER_FLOW ? ChooseForFlow(packet, header) : m_active;
    return m_tunnels->Send(uplink->GetTunnel(), packet, header);
}

Ptr<MrUplink>
MobileRouter::ChooseForFlow(Ptr<const Packet> packet, const Ipv4Header& header) const
{
    // The same symmetric, rendezvous hash as the Home Agent's DownlinkPolicy PerFlow, over
    // the registered care-of addresses: both directions of a flow take one uplink, and an
    // uplink that fails moves only its own flows.
    std::vector<Ptr<MrUplink>> registered;
    std::vector<Ipv4Address> careOf;
    for (const auto& u : m_uplinks)
    {
        if (u->GetState() == MrUplinkState::REGISTERED)
        {
            registered.push_back(u);
            careOf.push_back(u->GetCareOfAddress());
        }
    }
    return registered[MipFlowHash::Choose(MipFlowHash::Symmetric(packet, header), careOf)];
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
MobileRouter::OnCareOfAcquired(uint32_t interface, Ipv4Address careOf, Ipv4Address gateway)
{
    Ptr<MrUplink> uplink = m_byInterface.at(interface);
    m_routing->AddUplink(interface, careOf, gateway);
    Ptr<MipTunnel> tunnel =
        m_tunnels->AddTunnel(careOf, m_config.homeAgent, m_config.encapsulation);
    tunnel->SetEgress(uplink->GetDevice(), gateway);
    tunnel->SetHomeAddress(m_config.homeAddress);
    uplink->SetCareOf(careOf, gateway, tunnel); // registers at once
}

void
MobileRouter::OnCareOfLost(uint32_t interface)
{
    Ptr<MrUplink> uplink = m_byInterface.at(interface);
    Ipv4Address careOf = uplink->GetCareOfAddress();
    Ptr<MipTunnel> tunnel = uplink->ClearCareOf(); // DOWN: the router fails over
    m_routing->AddUplink(interface, Ipv4Address::GetZero(), Ipv4Address::GetZero());
    if (tunnel)
    {
        m_tunnels->RemoveTunnel(tunnel);
    }
    m_replyFollowUp.ForgetCareOf(careOf);
}

const MrBindingRevoker&
MobileRouter::GetBindingRevoker() const
{
    return m_revoker;
}

void
MobileRouter::DoDispose()
{
    m_careOfWatcher.Dispose();
    m_revoker.Dispose();
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
