/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipv4-nat.h"

#include "nat-interceptor.h"
#include "nat-port-allocator.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/ipv4-route.h"
#include "ns3/log.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Ipv4Nat");

namespace
{

/// \param reason a drop reason \return its name
const char*
DropReasonName(Ipv4Nat::DropReason reason)
{
    switch (reason)
    {
    case Ipv4Nat::DROP_UNTRANSLATABLE:
        return "untranslatable";
    case Ipv4Nat::DROP_MALFORMED:
        return "malformed";
    case Ipv4Nat::DROP_FILTERED:
        return "filtered";
    case Ipv4Nat::DROP_REFUSED:
        return "mapping-refused";
    case Ipv4Nat::DROP_HAIRPIN:
        return "hairpin-off";
    case Ipv4Nat::DROP_FRAGMENT:
        return "fragment";
    case Ipv4Nat::DROP_NO_MAPPING:
        return "no-mapping";
    case Ipv4Nat::DROP_TTL:
        return "ttl";
    case Ipv4Nat::DROP_NO_ROUTE:
        return "no-route";
    default:
        return "?";
    }
}

} // namespace

NS_OBJECT_ENSURE_REGISTERED(Ipv4Nat);

TypeId
Ipv4Nat::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::Ipv4Nat")
            .SetParent<Ipv4RoutingProtocol>()
            .SetGroupName("Haaro")
            .AddConstructor<Ipv4Nat>()
            .AddAttribute("Mapping",
                          "Mapping behaviour (RFC 4787 section 4.1).",
                          EnumValue(ENDPOINT_INDEPENDENT),
                          ConfigAccessor<EnumValue, Behavior, &Ipv4Nat::m_mapping>(),
                          MakeEnumChecker(ENDPOINT_INDEPENDENT,
                                          "EndpointIndependent",
                                          ADDRESS_DEPENDENT,
                                          "AddressDependent",
                                          ADDRESS_AND_PORT_DEPENDENT,
                                          "AddressAndPortDependent"))
            .AddAttribute("Filtering",
                          "Filtering behaviour (RFC 4787 section 5).",
                          EnumValue(ADDRESS_AND_PORT_DEPENDENT),
                          ConfigAccessor<EnumValue, Behavior, &Ipv4Nat::m_filtering>(),
                          MakeEnumChecker(ENDPOINT_INDEPENDENT,
                                          "EndpointIndependent",
                                          ADDRESS_DEPENDENT,
                                          "AddressDependent",
                                          ADDRESS_AND_PORT_DEPENDENT,
                                          "AddressAndPortDependent"))
            .AddAttribute("UdpTimeout",
                          "UDP mapping idle timeout (RFC 4787 REQ-5: at least 2 min, "
                          "RECOMMENDED 5 min; 120 s is the minimum).",
                          TimeValue(Seconds(120)),
                          ConfigAccessor<TimeValue, Time, &Ipv4Nat::m_udpTimeout>(),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("TcpEstablishedTimeout",
                          "Idle timeout of an established TCP session (RFC 5382 REQ-5).",
                          TimeValue(Seconds(7440)),
                          ConfigAccessor<TimeValue, Time, &Ipv4Nat::m_tcpEstablishedTimeout>(),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("TcpTransitoryTimeout",
                          "Idle timeout of a TCP session that is opening or closing "
                          "(RFC 5382 REQ-5).",
                          TimeValue(Seconds(240)),
                          ConfigAccessor<TimeValue, Time, &Ipv4Nat::m_tcpTransitoryTimeout>(),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("IcmpTimeout",
                          "ICMP query mapping timeout (RFC 5508 REQ-1: 60 s).",
                          TimeValue(Seconds(60)),
                          ConfigAccessor<TimeValue, Time, &Ipv4Nat::m_icmpTimeout>(),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("PortAllocation",
                          "How the external port of a new mapping is chosen.",
                          EnumValue(PORT_PRESERVING),
                          ConfigAccessor<EnumValue, PortAllocation, &Ipv4Nat::m_portAllocation>(),
                          MakeEnumChecker(PORT_PRESERVING,
                                          "Preserving",
                                          PORT_SEQUENTIAL,
                                          "Sequential",
                                          PORT_RANDOM,
                                          "Random"))
            .AddAttribute("PortRangeStart",
                          "First external port (and ICMP identifier) the NAT allocates.",
                          UintegerValue(1024),
                          ConfigAccessor<UintegerValue, uint16_t, &Ipv4Nat::m_portRangeStart>(),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("PortRangeEnd",
                          "Last external port (and ICMP identifier) the NAT allocates.",
                          UintegerValue(65535),
                          ConfigAccessor<UintegerValue, uint16_t, &Ipv4Nat::m_portRangeEnd>(),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Hairpinning",
                          "Translate inside-to-public-address packets back inside "
                          "(RFC 4787 REQ-9).",
                          BooleanValue(true),
                          ConfigAccessor<BooleanValue, bool, &Ipv4Nat::m_hairpinning>(),
                          MakeBooleanChecker())
            .AddAttribute("MaxMappings",
                          "Maximum number of mappings (0 = unlimited); new ones are refused "
                          "beyond it.",
                          UintegerValue(0),
                          ConfigAccessor<UintegerValue, uint32_t, &Ipv4Nat::m_maxMappings>(),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("FilterInboundToInside",
                          "Drop packets from the outside addressed to inside addresses "
                          "(not to the public address).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&Ipv4Nat::m_filterInboundToInside),
                          MakeBooleanChecker())
            .AddAttribute("SweepInterval",
                          "Period of the sweep that removes expired mappings.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&Ipv4Nat::m_sweepInterval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("FragmentTimeout",
                          "Lifetime of the IP-identification translation of outbound "
                          "fragments.",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&Ipv4Nat::m_fragmentTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("MappingCreated",
                            "A mapping was created.",
                            MakeTraceSourceAccessor(&Ipv4Nat::m_mappingCreatedTrace),
                            "ns3::Ipv4Nat::MappingTracedCallback")
            .AddTraceSource("MappingExpired",
                            "A mapping timed out.",
                            MakeTraceSourceAccessor(&Ipv4Nat::m_mappingExpiredTrace),
                            "ns3::Ipv4Nat::MappingTracedCallback")
            .AddTraceSource("MappingRefused",
                            "A new mapping was refused (MaxMappings or no free port).",
                            MakeTraceSourceAccessor(&Ipv4Nat::m_mappingRefusedTrace),
                            "ns3::Ipv4Nat::MappingTracedCallback")
            .AddTraceSource("FilterDrop",
                            "An inbound packet had no allowed mapping.",
                            MakeTraceSourceAccessor(&Ipv4Nat::m_filterDropTrace),
                            "ns3::Ipv4Nat::MappingTracedCallback")
            .AddTraceSource("Translate",
                            "A packet was translated.",
                            MakeTraceSourceAccessor(&Ipv4Nat::m_translateTrace),
                            "ns3::Ipv4Nat::TranslateTracedCallback")
            .AddTraceSource("Drop",
                            "A packet was dropped (any reason).",
                            MakeTraceSourceAccessor(&Ipv4Nat::m_dropTrace),
                            "ns3::Ipv4Nat::DropTracedCallback");
    return tid;
}

Ipv4Nat::Ipv4Nat()
    : m_rng(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
    m_mappings.SetRandomVariable(m_rng);
    m_mappings.SetCallbacks(MakeCallback(&Ipv4Nat::MappingCreated, this),
                            MakeCallback(&Ipv4Nat::MappingExpired, this),
                            MakeCallback(&Ipv4Nat::MappingRefused, this));
    m_mappings.SetPortInUseCallback(MakeCallback(&Ipv4Nat::LocalPortInUse, this));
    m_translator.SetMappings(&m_mappings);
    m_translator.SetCallbacks(MakeCallback(&Ipv4Nat::Drop, this),
                              MakeCallback(&Ipv4Nat::FilterDrop, this),
                              MakeCallback(&Ipv4Nat::TraceTranslate, this),
                              MakeCallback(&Ipv4Nat::ForwardInward, this),
                              MakeCallback(&Ipv4Nat::FragmentId, this),
                              MakeCallback(&Ipv4Nat::LocalPortInUse, this));
}

Ipv4Nat::~Ipv4Nat()
{
    NS_LOG_FUNCTION(this);
}

void
Ipv4Nat::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_sweepEvent.Cancel();
    m_mappings.Clear();
    m_mappings.SetRandomVariable(nullptr);
    m_fragmentIds.Clear();
    m_ipv4 = nullptr;
    m_rng = nullptr;
    Ipv4RoutingProtocol::DoDispose();
}

// ---------------------------------------------------------------------------------------
// configuration

void
Ipv4Nat::SetInsideInterface(uint32_t ifIndex)
{
    NS_LOG_FUNCTION(this << ifIndex);
    NS_ABORT_MSG_IF(m_hasOutside && ifIndex == m_outside,
                    "Ipv4Nat: interface " << ifIndex << " is already the outside interface");
    m_inside.insert(ifIndex);
    InstallInterceptors(ifIndex);
}

void
Ipv4Nat::SetOutsideInterface(uint32_t ifIndex)
{
    NS_LOG_FUNCTION(this << ifIndex);
    NS_ABORT_MSG_IF(m_inside.count(ifIndex), "Ipv4Nat: interface " << ifIndex << " is inside");
    m_outside = ifIndex;
    m_hasOutside = true;
    InstallInterceptors(ifIndex);
    UpdatePublicAddress();
}

void
Ipv4Nat::InstallInterceptors(uint32_t ifIndex)
{
    if (!m_ipv4 || m_intercepted.count(ifIndex))
    {
        return;
    }
    NS_ABORT_MSG_IF(ifIndex >= m_ipv4->GetNInterfaces(), "Ipv4Nat: no IPv4 interface " << ifIndex);
    for (int protocol : {NatFlow::PROTO_ICMP, NatFlow::PROTO_TCP, NatFlow::PROTO_UDP})
    {
        Ptr<Ipv4NatInterceptor> interceptor = CreateObject<Ipv4NatInterceptor>();
        interceptor->Setup(MakeCallback(&Ipv4Nat::ReceiveLocal, Ptr<Ipv4Nat>(this)),
                           m_ipv4,
                           protocol);
        m_ipv4->Insert(interceptor, ifIndex);
    }
    m_intercepted.insert(ifIndex);
}

bool
Ipv4Nat::IsInside(uint32_t iif) const
{
    return m_inside.count(iif) != 0;
}

bool
Ipv4Nat::IsOutside(uint32_t iif) const
{
    return m_hasOutside && iif == m_outside;
}

Ipv4Address
Ipv4Nat::GetPublicAddress() const
{
    return m_publicAddress;
}

void
Ipv4Nat::UpdatePublicAddress()
{
    if (!m_ipv4 || !m_hasOutside || m_outside >= m_ipv4->GetNInterfaces() ||
        m_ipv4->GetNAddresses(m_outside) == 0)
    {
        m_publicAddress = Ipv4Address::GetZero();
    }
    else
    {
        m_publicAddress = m_ipv4->GetAddress(m_outside, 0).GetLocal();
    }
}

const NatConfig&
Ipv4Nat::GetConfig() const
{
    return m_config;
}

void
Ipv4Nat::UpdateConfig()
{
    NatConfig config;
    config.policy.mapping = m_mapping;
    config.policy.filtering = m_filtering;
    config.policy.udpTimeout = m_udpTimeout;
    config.policy.tcpEstablishedTimeout = m_tcpEstablishedTimeout;
    config.policy.tcpTransitoryTimeout = m_tcpTransitoryTimeout;
    config.policy.icmpTimeout = m_icmpTimeout;
    config.portAllocation = m_portAllocation;
    config.portRangeStart = m_portRangeStart;
    config.portRangeEnd = m_portRangeEnd;
    config.maxMappings = m_maxMappings;
    config.hairpinning = m_hairpinning;
    m_config = config;
}

int64_t
Ipv4Nat::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

void
Ipv4Nat::Reboot()
{
    NS_LOG_FUNCTION(this);
    NS_LOG_INFO("NAT reboot: " << m_mappings.GetTable().GetSize() << " mappings dropped");
    m_mappings.Clear();
    m_fragmentIds.Clear();
    m_sweepEvent.Cancel();
}

// ---------------------------------------------------------------------------------------
// counters

uint32_t
Ipv4Nat::GetMappingCount() const
{
    return m_mappings.GetTable().CountLive(Simulator::Now());
}

uint64_t
Ipv4Nat::GetMappingsCreated() const
{
    return m_mappings.GetCreated();
}

uint64_t
Ipv4Nat::GetMappingsExpired() const
{
    return m_mappings.GetExpired();
}

uint64_t
Ipv4Nat::GetMappingsRefused() const
{
    return m_mappings.GetRefused();
}

uint64_t
Ipv4Nat::GetFilteredDrops() const
{
    return m_drops[DROP_FILTERED];
}

uint64_t
Ipv4Nat::GetTranslatedPackets() const
{
    return m_translated;
}

uint64_t
Ipv4Nat::GetUntranslatableDrops() const
{
    return m_drops[DROP_UNTRANSLATABLE];
}

uint64_t
Ipv4Nat::GetMalformedDrops() const
{
    return m_drops[DROP_MALFORMED];
}

uint64_t
Ipv4Nat::GetDrops(DropReason reason) const
{
    return reason < DROP_REASON_COUNT ? m_drops[reason] : 0;
}

uint64_t
Ipv4Nat::GetTotalDrops() const
{
    uint64_t n = 0;
    for (uint64_t d : m_drops)
    {
        n += d;
    }
    return n;
}

int32_t
Ipv4Nat::LookupExternalPort(uint8_t protocol,
                            Ipv4Address inside,
                            uint16_t insidePort,
                            Ipv4Address remote,
                            uint16_t remotePort)
{
    NatMapping* m = m_mappings.FindLiveByInside(
        GetConfig().policy.MakeKey(protocol, inside, insidePort, remote, remotePort),
        Simulator::Now());
    return m ? m->externalPort : -1;
}

// ---------------------------------------------------------------------------------------
// Ipv4RoutingProtocol

Ptr<Ipv4Route>
Ipv4Nat::RouteOutput(Ptr<Packet> p,
                     const Ipv4Header& header,
                     Ptr<NetDevice> oif,
                     Socket::SocketErrno& sockerr)
{
    // The NAT does not route the node's own packets: the next protocol of the list does.
    sockerr = Socket::ERROR_NOROUTETOHOST;
    return nullptr;
}

bool
Ipv4Nat::RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb,
                    MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb,
                    ErrorCallback ecb)
{
    NS_LOG_FUNCTION(this << p << header << idev);
    if (!m_ipv4 || !m_hasOutside)
    {
        return false;
    }
    int32_t iifSigned = m_ipv4->GetInterfaceForDevice(idev);
    if (iifSigned < 0)
    {
        return false;
    }
    auto iif = static_cast<uint32_t>(iifSigned);
    bool fromInside = IsInside(iif);
    bool fromOutside = IsOutside(iif);
    if (!fromInside && !fromOutside)
    {
        return false;
    }
    Ipv4Address dst = header.GetDestination();
    if (dst.IsMulticast() || dst.IsBroadcast())
    {
        return false;
    }
    Ipv4Address publicAddress = GetPublicAddress();
    if (dst == publicAddress && !lcb.IsNull())
    {
        // Only reached when Ipv4ListRouting did not take it as local (WeakEsModel=false and
        // the packet came in on an inside interface): deliver it locally, where the
        // interface-specific protocols do the inbound/hairpin work on the reassembled packet.
        lcb(p, header, iif);
        return true;
    }
    if (m_ipv4->IsDestinationAddress(dst, iif) || !m_ipv4->IsForwarding(iif))
    {
        return false; // local, or forwarding disabled: the next protocols decide
    }

    Socket::SocketErrno err = Socket::ERROR_NOTERROR;
    Ptr<Ipv4Route> route =
        m_ipv4->GetRoutingProtocol()->RouteOutput(p->Copy(), header, nullptr, err);
    if (!route || !route->GetOutputDevice())
    {
        return false;
    }
    int32_t oif = m_ipv4->GetInterfaceForDevice(route->GetOutputDevice());
    if (fromOutside)
    {
        if (m_filterInboundToInside && oif >= 0 && IsInside(static_cast<uint32_t>(oif)))
        {
            FilterDrop(header,
                       p,
                       nullptr,
                       InetSocketAddress(dst, 0),
                       0,
                       "from outside to an inside address");
            return true;
        }
        return false;
    }
    if (oif < 0 || !IsOutside(static_cast<uint32_t>(oif)))
    {
        return false; // does not cross inside -> outside
    }
    if (header.GetTtl() <= 1)
    {
        return false; // the forwarding path sends Time Exceeded to the inside source
    }
    if (publicAddress == Ipv4Address::GetZero())
    {
        Drop(header, p, DROP_NO_ROUTE, "the outside interface has no address");
        return true;
    }
    Ptr<Packet> out;
    Ipv4Header outHeader;
    if (m_translator.TranslateOutbound(GetConfig(),
                                       publicAddress,
                                       Simulator::Now(),
                                       p,
                                       header,
                                       out,
                                       outHeader))
    {
        ++m_translated;
        ucb(route, out, outHeader);
    }
    return true;
}

void
Ipv4Nat::NotifyInterfaceUp(uint32_t interface)
{
}

void
Ipv4Nat::NotifyInterfaceDown(uint32_t interface)
{
}

void
Ipv4Nat::NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    UpdatePublicAddress();
}

void
Ipv4Nat::NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    UpdatePublicAddress();
}

void
Ipv4Nat::SetIpv4(Ptr<Ipv4> ipv4)
{
    NS_LOG_FUNCTION(this << ipv4);
    m_ipv4 = ipv4;
    for (uint32_t i : m_inside)
    {
        InstallInterceptors(i);
    }
    if (m_hasOutside)
    {
        InstallInterceptors(m_outside);
    }
    UpdatePublicAddress();
}

void
Ipv4Nat::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    std::ostream& os = *stream->GetStream();
    os << "Ipv4Nat: public " << GetPublicAddress() << ", " << m_mappings.GetTable().GetSize()
       << " mappings, Time: " << Simulator::Now().As(unit) << "\n";
    m_mappings.GetTable().Print(os, unit);
}

// ---------------------------------------------------------------------------------------
// inbound

bool
Ipv4Nat::ReceiveLocal(Ptr<Packet> packet, const Ipv4Header& header, uint32_t iif)
{
    NS_LOG_FUNCTION(this << packet << header << iif);
    if (!m_ipv4 || !m_hasOutside || !packet)
    {
        return false;
    }
    Ipv4Address publicAddress = GetPublicAddress();
    if (header.GetDestination() != publicAddress || publicAddress == Ipv4Address::GetZero())
    {
        return false;
    }
    uint8_t protocol = header.GetProtocol();
    if (protocol != NatFlow::PROTO_UDP && protocol != NatFlow::PROTO_TCP &&
        protocol != NatFlow::PROTO_ICMP)
    {
        return false;
    }
    bool fromInside = IsInside(iif);
    if (!fromInside && !IsOutside(iif))
    {
        return false;
    }
    return m_translator.TranslateToPublic(GetConfig(),
                                          publicAddress,
                                          Simulator::Now(),
                                          packet,
                                          header,
                                          fromInside);
}

void
Ipv4Nat::ForwardInward(Ptr<Packet> p,
                       Ipv4Header header,
                       const Ipv4Header& original,
                       Ptr<const Packet> originalPacket)
{
    if (original.GetTtl() <= 1)
    {
        Drop(original, originalPacket, DROP_TTL, "TTL expired");
        Ptr<Icmpv4L4Protocol> icmp =
            DynamicCast<Icmpv4L4Protocol>(m_ipv4->GetProtocol(NatFlow::PROTO_ICMP));
        if (icmp)
        {
            icmp->SendTimeExceededTtl(original, originalPacket, false);
        }
        return;
    }
    header.SetTtl(original.GetTtl() - 1);
    header.SetPayloadSize(p->GetSize());
    header.SetFragmentOffset(0); // reassembled by the node before it reached the NAT
    header.SetLastFragment();
    Socket::SocketErrno err = Socket::ERROR_NOTERROR;
    Ptr<Ipv4Route> route = m_ipv4->GetRoutingProtocol()->RouteOutput(p, header, nullptr, err);
    int32_t oif = route && route->GetOutputDevice()
                      ? m_ipv4->GetInterfaceForDevice(route->GetOutputDevice())
                      : -1;
    if (oif < 0 || IsOutside(static_cast<uint32_t>(oif)))
    {
        Drop(original, originalPacket, DROP_NO_ROUTE, "no inside route to the inside host");
        return;
    }
    ++m_translated;
    m_ipv4->SendWithHeader(p, header, route);
}

// ---------------------------------------------------------------------------------------
// mappings and fragments

bool
Ipv4Nat::LocalPortInUse(uint8_t protocol, uint16_t port) const
{
    return NatPortAllocator::NodePortInUse(m_ipv4, GetPublicAddress(), protocol, port);
}

void
Ipv4Nat::Sweep()
{
    Time now = Simulator::Now();
    m_mappings.ExpireAll(now);
    m_fragmentIds.Expire(now, m_fragmentTimeout);
    if (m_mappings.GetTable().GetSize() > 0 || !m_fragmentIds.IsEmpty())
    {
        m_sweepEvent = Simulator::Schedule(m_sweepInterval, &Ipv4Nat::Sweep, this);
    }
}

void
Ipv4Nat::ScheduleSweep()
{
    if (!m_sweepEvent.IsRunning())
    {
        m_sweepEvent = Simulator::Schedule(m_sweepInterval, &Ipv4Nat::Sweep, this);
    }
}

uint16_t
Ipv4Nat::FragmentId(const Ipv4Header& header)
{
    bool isNew = false;
    uint16_t id = m_fragmentIds.Translate(header, Simulator::Now(), isNew);
    if (isNew)
    {
        ScheduleSweep();
    }
    return id;
}

// ---------------------------------------------------------------------------------------
// drops and traces

void
Ipv4Nat::Drop(const Ipv4Header& header, Ptr<const Packet> p, DropReason reason, const char* why)
{
    ++m_drops[reason];
    NS_LOG_WARN("Ipv4Nat drop (" << DropReasonName(reason) << "): " << why << "; "
                                 << header.GetSource() << " -> " << header.GetDestination()
                                 << " proto " << unsigned(header.GetProtocol()) << ", "
                                 << (p ? p->GetSize() : 0) << " octets");
    m_dropTrace(header, p, reason);
}

void
Ipv4Nat::FilterDrop(const Ipv4Header& header,
                    Ptr<const Packet> p,
                    const NatMapping* m,
                    const InetSocketAddress& outside,
                    uint16_t remotePort,
                    const char* why)
{
    Drop(header, p, DROP_FILTERED, why);
    InetSocketAddress inside = m ? InetSocketAddress(m->GetInsideAddress(), m->key.insidePort)
                                 : InetSocketAddress(Ipv4Address::GetZero(), 0);
    m_filterDropTrace(header.GetProtocol(),
                      inside,
                      outside,
                      InetSocketAddress(header.GetSource(), remotePort));
}

void
Ipv4Nat::TraceMapping(MappingTrace& trace, const NatMapping& m)
{
    trace(m.key.protocol,
          InetSocketAddress(m.GetInsideAddress(), m.key.insidePort),
          InetSocketAddress(GetPublicAddress(), m.externalPort),
          InetSocketAddress(m.firstRemote, m.firstRemotePort));
}

void
Ipv4Nat::MappingCreated(const NatMapping& m)
{
    TraceMapping(m_mappingCreatedTrace, m);
    ScheduleSweep();
}

void
Ipv4Nat::MappingExpired(const NatMapping& m)
{
    TraceMapping(m_mappingExpiredTrace, m);
}

void
Ipv4Nat::MappingRefused(uint8_t protocol,
                        Ipv4Address inside,
                        uint16_t insidePort,
                        Ipv4Address remote,
                        uint16_t remotePort)
{
    m_mappingRefusedTrace(protocol,
                          InetSocketAddress(inside, insidePort),
                          InetSocketAddress(GetPublicAddress(), 0),
                          InetSocketAddress(remote, remotePort));
}

void
Ipv4Nat::TraceTranslate(const NatMapping& m, Ipv4Address remote, uint16_t remotePort, bool outbound)
{
    if (m_translateTrace.IsEmpty())
    {
        return;
    }
    m_translateTrace(m.key.protocol,
                     InetSocketAddress(m.GetInsideAddress(), m.key.insidePort),
                     InetSocketAddress(GetPublicAddress(), m.externalPort),
                     InetSocketAddress(remote, remotePort),
                     outbound);
}

} // namespace ns3
