/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipv4-nat.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/icmpv4.h"
#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-route.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/udp-header.h"
#include "ns3/udp-l4-protocol.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Ipv4Nat");

namespace
{

constexpr uint8_t PROTO_ICMP = 1;          //!< ICMP
constexpr uint8_t PROTO_TCP = 6;           //!< TCP
constexpr uint8_t PROTO_UDP = 17;          //!< UDP
constexpr uint8_t TCP_FIN = 0x01;          //!< TCP FIN flag
constexpr uint8_t TCP_SYN = 0x02;          //!< TCP SYN flag
constexpr uint8_t TCP_RST = 0x04;          //!< TCP RST flag
constexpr uint8_t TCP_ACK = 0x10;          //!< TCP ACK flag
constexpr uint8_t ICMP_ECHO_REPLY = 0;     //!< ICMP echo reply
constexpr uint8_t ICMP_DEST_UNREACH = 3;   //!< ICMP destination unreachable
constexpr uint8_t ICMP_ECHO = 8;           //!< ICMP echo request
constexpr uint8_t ICMP_TIME_EXCEEDED = 11; //!< ICMP time exceeded
/// PORT_PRESERVING: ports after a taken inside port tried before the sequential cursor
constexpr uint32_t PRESERVING_NEAR_PROBES = 16;

/// \param b two octets in network order \return their value
uint16_t
ReadBe16(const uint8_t* b)
{
    return static_cast<uint16_t>((b[0] << 8) | b[1]);
}

/// \param b where \param v value written in network order
void
WriteBe16(uint8_t* b, uint16_t v)
{
    b[0] = static_cast<uint8_t>(v >> 8);
    b[1] = static_cast<uint8_t>(v & 0xff);
}

/**
 * Incremental Internet checksum update (RFC 1624, eqn. 3): HC' = ~(~HC + ~m + m').
 */
class ChecksumUpdate
{
  public:
    /// \param checksum the checksum field as it is on the wire (host-order value)
    explicit ChecksumUpdate(uint16_t checksum)
        : m_sum(static_cast<uint16_t>(~checksum))
    {
    }

    /// \param oldWord old 16-bit word \param newWord new 16-bit word
    void Replace16(uint16_t oldWord, uint16_t newWord)
    {
        m_sum += static_cast<uint16_t>(~oldWord);
        m_sum += newWord;
    }

    /// \param oldAddr old address \param newAddr new address
    void Replace32(Ipv4Address oldAddr, Ipv4Address newAddr)
    {
        Replace16(static_cast<uint16_t>(oldAddr.Get() >> 16),
                  static_cast<uint16_t>(newAddr.Get() >> 16));
        Replace16(static_cast<uint16_t>(oldAddr.Get() & 0xffff),
                  static_cast<uint16_t>(newAddr.Get() & 0xffff));
    }

    /// \return the new checksum field value
    uint16_t Get() const
    {
        uint32_t s = m_sum;
        while (s >> 16)
        {
            s = (s & 0xffff) + (s >> 16);
        }
        return static_cast<uint16_t>(~s);
    }

  private:
    uint32_t m_sum; //!< running one's complement sum (unfolded)
};

/// \param v a value \return its two octets swapped (ns-3's ReadU16/WriteU16 are little endian)
uint16_t
Swap16(uint16_t v)
{
    return static_cast<uint16_t>((v >> 8) | (v << 8));
}

/**
 * \param opt the TCP options \param len their length
 * \return true if every option fits in the area with a length that ns-3's TcpHeader reads
 *         without overrunning it
 */
bool
TcpOptionsValid(const uint8_t* opt, uint32_t len)
{
    uint32_t i = 0;
    while (i < len)
    {
        uint8_t kind = opt[i];
        if (kind == 0)
        {
            return true; // END: the rest is padding
        }
        if (kind == 1)
        {
            ++i;
            continue;
        }
        if (i + 1 >= len)
        {
            return false;
        }
        uint8_t size = opt[i + 1];
        if (size < 2 || i + size > len)
        {
            return false;
        }
        switch (kind)
        {
        case 2: // MSS
            if (size != 4)
            {
                return false;
            }
            break;
        case 3: // window scale
            if (size != 3)
            {
                return false;
            }
            break;
        case 4: // SACK permitted
            if (size != 2)
            {
                return false;
            }
            break;
        case 5: // SACK
            if ((size - 2) % 8 != 0)
            {
                return false;
            }
            break;
        case 8: // timestamp
            if (size != 10)
            {
                return false;
            }
            break;
        default:
            break;
        }
        i += size;
    }
    return true;
}

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

/**
 * \ingroup haaro
 * \brief Interface-specific layer-4 protocol that Ipv4Nat registers for UDP, TCP and ICMP
 * on its interfaces (Ipv4::Insert(protocol, interface)): it offers each packet delivered
 * locally on that interface to the NAT, and passes what the NAT does not take to the
 * node's own protocol of the same number.
 */
class Ipv4NatInterceptor : public IpL4Protocol
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::Ipv4NatInterceptor")
                                .SetParent<IpL4Protocol>()
                                .SetGroupName("Haaro")
                                .AddConstructor<Ipv4NatInterceptor>();
        return tid;
    }

    /**
     * \param nat the NAT \param ipv4 the node's IPv4 \param protocol IP protocol number
     */
    void Setup(Ptr<Ipv4Nat> nat, Ptr<Ipv4> ipv4, int protocol)
    {
        m_nat = nat;
        m_ipv4 = ipv4;
        m_protocol = protocol;
    }

    int GetProtocolNumber() const override
    {
        return m_protocol;
    }

    RxStatus Receive(Ptr<Packet> p,
                     const Ipv4Header& header,
                     Ptr<Ipv4Interface> incomingInterface) override
    {
        if (!m_ipv4)
        {
            return RX_ENDPOINT_CLOSED;
        }
        int32_t iif =
            incomingInterface ? m_ipv4->GetInterfaceForDevice(incomingInterface->GetDevice()) : -1;
        if (m_nat && iif >= 0 && m_nat->ReceiveLocal(p, header, static_cast<uint32_t>(iif)))
        {
            return RX_OK;
        }
        Ptr<IpL4Protocol> own = m_ipv4->GetProtocol(m_protocol);
        if (!own || own == this)
        {
            return RX_ENDPOINT_CLOSED;
        }
        return own->Receive(p, header, incomingInterface);
    }

    RxStatus Receive(Ptr<Packet> p,
                     const Ipv6Header& header,
                     Ptr<Ipv6Interface> incomingInterface) override
    {
        return RX_ENDPOINT_CLOSED;
    }

    void SetDownTarget(DownTargetCallback cb) override
    {
        m_downTarget = cb;
    }

    void SetDownTarget6(DownTargetCallback6 cb) override
    {
        m_downTarget6 = cb;
    }

    DownTargetCallback GetDownTarget() const override
    {
        return m_downTarget;
    }

    DownTargetCallback6 GetDownTarget6() const override
    {
        return m_downTarget6;
    }

  protected:
    void DoDispose() override
    {
        m_nat = nullptr;
        m_ipv4 = nullptr;
        IpL4Protocol::DoDispose();
    }

  private:
    Ptr<Ipv4Nat> m_nat;                //!< the NAT
    Ptr<Ipv4> m_ipv4;                  //!< the node's IPv4
    int m_protocol{0};                 //!< protocol number
    DownTargetCallback m_downTarget;   //!< unused
    DownTargetCallback6 m_downTarget6; //!< unused
};

NS_OBJECT_ENSURE_REGISTERED(Ipv4NatInterceptor);
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
                          MakeEnumAccessor(&Ipv4Nat::m_mapping),
                          MakeEnumChecker(ENDPOINT_INDEPENDENT,
                                          "EndpointIndependent",
                                          ADDRESS_DEPENDENT,
                                          "AddressDependent",
                                          ADDRESS_AND_PORT_DEPENDENT,
                                          "AddressAndPortDependent"))
            .AddAttribute("Filtering",
                          "Filtering behaviour (RFC 4787 section 5).",
                          EnumValue(ADDRESS_AND_PORT_DEPENDENT),
                          MakeEnumAccessor(&Ipv4Nat::m_filtering),
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
                          MakeTimeAccessor(&Ipv4Nat::m_udpTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("TcpEstablishedTimeout",
                          "Idle timeout of an established TCP session (RFC 5382 REQ-5).",
                          TimeValue(Seconds(7440)),
                          MakeTimeAccessor(&Ipv4Nat::m_tcpEstablishedTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("TcpTransitoryTimeout",
                          "Idle timeout of a TCP session that is opening or closing "
                          "(RFC 5382 REQ-5).",
                          TimeValue(Seconds(240)),
                          MakeTimeAccessor(&Ipv4Nat::m_tcpTransitoryTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("IcmpTimeout",
                          "ICMP query mapping timeout (RFC 5508 REQ-1: 60 s).",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&Ipv4Nat::m_icmpTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("PortAllocation",
                          "How the external port of a new mapping is chosen.",
                          EnumValue(PORT_PRESERVING),
                          MakeEnumAccessor(&Ipv4Nat::m_portAllocation),
                          MakeEnumChecker(PORT_PRESERVING,
                                          "Preserving",
                                          PORT_SEQUENTIAL,
                                          "Sequential",
                                          PORT_RANDOM,
                                          "Random"))
            .AddAttribute("PortRangeStart",
                          "First external port (and ICMP identifier) the NAT allocates.",
                          UintegerValue(1024),
                          MakeUintegerAccessor(&Ipv4Nat::m_portRangeStart),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("PortRangeEnd",
                          "Last external port (and ICMP identifier) the NAT allocates.",
                          UintegerValue(65535),
                          MakeUintegerAccessor(&Ipv4Nat::m_portRangeEnd),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Hairpinning",
                          "Translate inside-to-public-address packets back inside "
                          "(RFC 4787 REQ-9).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&Ipv4Nat::m_hairpinning),
                          MakeBooleanChecker())
            .AddAttribute("MaxMappings",
                          "Maximum number of mappings (0 = unlimited); new ones are refused "
                          "beyond it.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&Ipv4Nat::m_maxMappings),
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
    m_table.Clear();
    m_fragmentIds.clear();
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
    for (int protocol : {PROTO_ICMP, PROTO_TCP, PROTO_UDP})
    {
        Ptr<Ipv4NatInterceptor> interceptor = CreateObject<Ipv4NatInterceptor>();
        interceptor->Setup(this, m_ipv4, protocol);
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
    NS_LOG_INFO("NAT reboot: " << m_table.GetSize() << " mappings dropped");
    m_table.Clear();
    m_fragmentIds.clear();
    m_nextPort.fill(0);
    m_sweepEvent.Cancel();
}

// ---------------------------------------------------------------------------------------
// counters

uint32_t
Ipv4Nat::GetMappingCount() const
{
    return m_table.CountLive(Simulator::Now());
}

uint64_t
Ipv4Nat::GetMappingsCreated() const
{
    return m_created;
}

uint64_t
Ipv4Nat::GetMappingsExpired() const
{
    return m_expired;
}

uint64_t
Ipv4Nat::GetMappingsRefused() const
{
    return m_refused;
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
    NatMapping* m = FindLiveByInside(MakeKey(protocol, inside, insidePort, remote, remotePort));
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
    if (TranslateOutbound(p, header, out, outHeader))
    {
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
    os << "Ipv4Nat: public " << GetPublicAddress() << ", " << m_table.GetSize()
       << " mappings, Time: " << Simulator::Now().As(unit) << "\n";
    os << "Proto  Inside                 External  Remote (first)         Expires\n";
    for (const NatMapping* m : m_table.GetAll())
    {
        std::ostringstream inside;
        inside << m->GetInsideAddress() << ":" << m->key.insidePort;
        std::ostringstream remote;
        remote << m->firstRemote << ":" << m->firstRemotePort;
        os << std::left << std::setw(7) << unsigned(m->key.protocol) << std::setw(23)
           << inside.str() << std::setw(10) << m->externalPort << std::setw(23) << remote.str()
           << m->expires.As(unit) << "\n";
    }
}

// ---------------------------------------------------------------------------------------
// parsing

bool
Ipv4Nat::ParseFlow(Ptr<const Packet> p, const Ipv4Header& header, bool whole, Flow& flow) const
{
    flow = Flow();
    flow.protocol = header.GetProtocol();
    uint32_t size = p->GetSize();
    uint8_t buf[60];
    uint32_t n = p->CopyData(buf, std::min<uint32_t>(size, sizeof(buf)));
    switch (flow.protocol)
    {
    case PROTO_UDP: {
        if (n < 8)
        {
            return false;
        }
        uint16_t len = ReadBe16(buf + 4);
        if (len < 8 || (whole && len > size) || (!whole && len <= size))
        {
            return false;
        }
        flow.srcPort = ReadBe16(buf);
        flow.dstPort = ReadBe16(buf + 2);
        return true;
    }
    case PROTO_TCP: {
        if (n < 20)
        {
            return false;
        }
        uint32_t headerLength = (buf[12] >> 4) * 4;
        if (headerLength < 20 || headerLength > size || headerLength > n)
        {
            return false;
        }
        if (!TcpOptionsValid(buf + 20, headerLength - 20))
        {
            return false;
        }
        TcpHeader tcp;
        p->PeekHeader(tcp);
        if (tcp.GetSerializedSize() != headerLength)
        {
            return false; // ns-3 would not write these options back unchanged
        }
        flow.srcPort = ReadBe16(buf);
        flow.dstPort = ReadBe16(buf + 2);
        flow.tcpFlags = buf[13];
        return true;
    }
    case PROTO_ICMP: {
        if (n < 8)
        {
            return false;
        }
        flow.icmpType = buf[0];
        if (flow.icmpType == ICMP_ECHO || flow.icmpType == ICMP_ECHO_REPLY)
        {
            flow.icmpQuery = true;
            flow.srcPort = ReadBe16(buf + 4);
            flow.dstPort = flow.srcPort;
            return true;
        }
        if (flow.icmpType == ICMP_DEST_UNREACH || flow.icmpType == ICMP_TIME_EXCEEDED)
        {
            flow.icmpError = true;
            // 8 octets of ICMP header + embedded IPv4 header (no options) + 8 octets
            if (n < 36)
            {
                return false;
            }
            const uint8_t* ip = buf + 8;
            if ((ip[0] >> 4) != 4 || (ip[0] & 0x0f) != 5)
            {
                return false;
            }
            flow.innerProtocol = ip[9];
            flow.innerSrc = Ipv4Address((uint32_t(ip[12]) << 24) | (uint32_t(ip[13]) << 16) |
                                        (uint32_t(ip[14]) << 8) | ip[15]);
            flow.innerDst = Ipv4Address((uint32_t(ip[16]) << 24) | (uint32_t(ip[17]) << 16) |
                                        (uint32_t(ip[18]) << 8) | ip[19]);
            uint16_t fragmentOffset = ReadBe16(ip + 6) & 0x1fff;
            const uint8_t* l4 = buf + 28;
            if (fragmentOffset == 0)
            {
                if (flow.innerProtocol == PROTO_UDP || flow.innerProtocol == PROTO_TCP)
                {
                    flow.innerSrcPort = ReadBe16(l4);
                    flow.innerDstPort = ReadBe16(l4 + 2);
                    flow.innerTranslatable = true;
                }
                else if (flow.innerProtocol == PROTO_ICMP &&
                         (l4[0] == ICMP_ECHO || l4[0] == ICMP_ECHO_REPLY))
                {
                    flow.innerQuery = true;
                    flow.innerSrcPort = ReadBe16(l4 + 4);
                    flow.innerDstPort = flow.innerSrcPort;
                    flow.innerTranslatable = true;
                }
            }
        }
        return true;
    }
    default:
        return true;
    }
}

// ---------------------------------------------------------------------------------------
// outbound

bool
Ipv4Nat::TranslateOutbound(Ptr<const Packet> p,
                           const Ipv4Header& header,
                           Ptr<Packet>& out,
                           Ipv4Header& outHeader)
{
    uint8_t protocol = header.GetProtocol();
    if (protocol != PROTO_UDP && protocol != PROTO_TCP && protocol != PROTO_ICMP)
    {
        Drop(header, p, DROP_UNTRANSLATABLE, "protocol without ports");
        return false;
    }
    Ipv4Address publicAddress = GetPublicAddress();
    bool firstFragment = header.GetFragmentOffset() == 0;
    bool moreFragments = !header.IsLastFragment();
    if (!firstFragment || moreFragments)
    {
        if (protocol != PROTO_UDP)
        {
            Drop(header, p, DROP_FRAGMENT, "fragmented TCP/ICMP");
            return false;
        }
        if (!firstFragment)
        {
            // no transport header: only the source address and the identification change
            outHeader = header;
            outHeader.SetSource(publicAddress);
            outHeader.SetIdentification(FragmentId(header));
            out = p->Copy();
            ++m_translated;
            return true;
        }
    }
    Flow flow;
    if (!ParseFlow(p, header, !moreFragments, flow))
    {
        Drop(header, p, DROP_MALFORMED, "truncated or inconsistent transport header");
        return false;
    }
    if (protocol == PROTO_ICMP)
    {
        if (flow.icmpError)
        {
            return TranslateOutboundIcmpError(p, header, flow, out, outHeader);
        }
        if (flow.icmpType != ICMP_ECHO)
        {
            Drop(header, p, DROP_UNTRANSLATABLE, "ICMP type not translated outbound");
            return false;
        }
    }
    Ipv4Address remote = header.GetDestination();
    uint16_t remotePort = protocol == PROTO_ICMP ? 0 : flow.dstPort;
    NatMapping* m =
        GetOrCreateMapping(protocol, header.GetSource(), flow.srcPort, remote, remotePort);
    if (!m)
    {
        Drop(header, p, DROP_REFUSED, "no mapping could be created");
        return false;
    }
    RefreshOutbound(*m, remote, remotePort, flow.tcpFlags);
    outHeader = header;
    outHeader.SetSource(publicAddress);
    if (moreFragments)
    {
        outHeader.SetIdentification(FragmentId(header));
    }
    switch (protocol)
    {
    case PROTO_UDP:
        out = RewriteUdp(p, header, outHeader, m->externalPort, flow.dstPort);
        break;
    case PROTO_TCP:
        out = RewriteTcp(p, outHeader, m->externalPort, flow.dstPort);
        break;
    default:
        out = RewriteIcmpQuery(p, m->externalPort);
        break;
    }
    TraceTranslate(*m, remote, remotePort, true);
    ++m_translated;
    return true;
}

bool
Ipv4Nat::TranslateOutboundIcmpError(Ptr<const Packet> p,
                                    const Ipv4Header& header,
                                    const Flow& flow,
                                    Ptr<Packet>& out,
                                    Ipv4Header& outHeader)
{
    // The embedded packet went from a remote endpoint to an inside endpoint.
    if (!flow.innerTranslatable)
    {
        Drop(header, p, DROP_UNTRANSLATABLE, "ICMP error about an untranslatable packet");
        return false;
    }
    uint16_t insidePort = flow.innerDstPort;
    uint16_t remotePort = flow.innerQuery ? 0 : flow.innerSrcPort;
    NatMapping* m = FindLiveByInside(
        MakeKey(flow.innerProtocol, flow.innerDst, insidePort, flow.innerSrc, remotePort));
    if (!m)
    {
        Drop(header, p, DROP_NO_MAPPING, "outbound ICMP error without mapping");
        return false;
    }
    Ipv4Address publicAddress = GetPublicAddress();
    outHeader = header;
    outHeader.SetSource(publicAddress);
    out =
        RewriteIcmpError(p, flow, flow.innerSrc, flow.innerSrcPort, publicAddress, m->externalPort);
    TraceTranslate(*m, flow.innerSrc, remotePort, true);
    ++m_translated;
    return true;
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
    return HandleToPublic(packet, header, iif);
}

bool
Ipv4Nat::HandleToPublic(Ptr<const Packet> p, const Ipv4Header& header, uint32_t iif)
{
    uint8_t protocol = header.GetProtocol();
    if (protocol != PROTO_UDP && protocol != PROTO_TCP && protocol != PROTO_ICMP)
    {
        return false;
    }
    bool fromInside = IsInside(iif);
    if (!fromInside && !IsOutside(iif))
    {
        return false;
    }
    if (fromInside && protocol == PROTO_ICMP)
    {
        return false; // ICMP from the inside to the public address is for the NAT itself
    }
    Flow flow;
    if (!ParseFlow(p, header, true, flow))
    {
        Drop(header, p, DROP_MALFORMED, "truncated or inconsistent transport header");
        return true;
    }
    Ipv4Address publicAddress = GetPublicAddress();
    Ipv4Address remote = header.GetSource();

    if (protocol == PROTO_ICMP)
    {
        if (flow.icmpQuery && flow.icmpType == ICMP_ECHO_REPLY)
        {
            NatMapping* m = FindLiveByExternal(PROTO_ICMP, flow.srcPort);
            if (!m)
            {
                return false; // a reply to the NAT node's own ping
            }
            if (!FilterAllows(*m, remote, 0))
            {
                FilterDrop(header,
                           p,
                           m,
                           InetSocketAddress(publicAddress, flow.srcPort),
                           0,
                           "echo reply not allowed by the filter");
                return true;
            }
            Ipv4Header outHeader = header;
            outHeader.SetDestination(m->GetInsideAddress());
            Ptr<Packet> out = RewriteIcmpQuery(p, m->key.insidePort);
            TraceTranslate(*m, remote, 0, false);
            ForwardInward(out, outHeader, header, p);
            return true;
        }
        if (flow.icmpError)
        {
            // The embedded packet is one the NAT sent out: source = public address.
            if (!flow.innerTranslatable || flow.innerSrc != publicAddress)
            {
                return false;
            }
            NatMapping* m = FindLiveByExternal(flow.innerProtocol, flow.innerSrcPort);
            if (!m)
            {
                return false; // about the NAT node's own traffic
            }
            // RFC 5508: only errors about traffic the mapping sent to that destination
            if (m->remoteAddresses.find(flow.innerDst.Get()) == m->remoteAddresses.end())
            {
                FilterDrop(header,
                           p,
                           m,
                           InetSocketAddress(publicAddress, flow.innerSrcPort),
                           0,
                           "ICMP error about a destination the mapping never sent to");
                return true;
            }
            Ipv4Header outHeader = header;
            outHeader.SetDestination(m->GetInsideAddress());
            Ptr<Packet> out =
                RewriteIcmpError(p,
                                 flow,
                                 m->GetInsideAddress(),
                                 m->key.insidePort,
                                 flow.innerDst,
                                 flow.innerQuery ? m->key.insidePort : flow.innerDstPort);
            TraceTranslate(*m, flow.innerDst, flow.innerQuery ? 0 : flow.innerDstPort, false);
            ForwardInward(out, outHeader, header, p);
            return true;
        }
        return false; // echo requests and other ICMP: for the NAT node itself
    }

    // UDP and TCP
    NatMapping* m = FindLiveByExternal(protocol, flow.dstPort);
    if (!m)
    {
        if (LocalPortInUse(protocol, flow.dstPort))
        {
            return false; // the NAT node's own socket
        }
        FilterDrop(header,
                   p,
                   nullptr,
                   InetSocketAddress(publicAddress, flow.dstPort),
                   flow.srcPort,
                   "no mapping for the external port");
        return true;
    }
    Ipv4Header outHeader = header;
    outHeader.SetDestination(m->GetInsideAddress());
    uint16_t srcPort = flow.srcPort;
    if (fromInside)
    {
        if (!m_hairpinning)
        {
            Drop(header, p, DROP_HAIRPIN, "hairpinning is off");
            return true;
        }
        // outbound half: the sender's own mapping towards public:port (RFC 4787 REQ-9)
        NatMapping* a =
            GetOrCreateMapping(protocol, remote, flow.srcPort, publicAddress, flow.dstPort);
        if (!a)
        {
            Drop(header, p, DROP_REFUSED, "no mapping could be created (hairpin)");
            return true;
        }
        RefreshOutbound(*a, publicAddress, flow.dstPort, flow.tcpFlags);
        remote = publicAddress;
        srcPort = a->externalPort;
        outHeader.SetSource(publicAddress);
        TraceTranslate(*a, publicAddress, flow.dstPort, true);
    }
    if (!FilterAllows(*m, remote, srcPort))
    {
        FilterDrop(header,
                   p,
                   m,
                   InetSocketAddress(publicAddress, flow.dstPort),
                   srcPort,
                   "not allowed by the filter");
        return true;
    }
    RefreshInbound(*m, remote, srcPort, flow.tcpFlags);
    Ptr<Packet> out = protocol == PROTO_UDP
                          ? RewriteUdp(p, header, outHeader, srcPort, m->key.insidePort)
                          : RewriteTcp(p, outHeader, srcPort, m->key.insidePort);
    TraceTranslate(*m, remote, srcPort, false);
    ForwardInward(out, outHeader, header, p);
    return true;
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
        Ptr<Icmpv4L4Protocol> icmp = DynamicCast<Icmpv4L4Protocol>(m_ipv4->GetProtocol(PROTO_ICMP));
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
// mappings

NatInsideKey
Ipv4Nat::MakeKey(uint8_t protocol,
                 Ipv4Address inside,
                 uint16_t insidePort,
                 Ipv4Address remote,
                 uint16_t remotePort) const
{
    NatInsideKey key;
    key.protocol = protocol;
    key.inside = inside.Get();
    key.insidePort = insidePort;
    if (m_mapping != ENDPOINT_INDEPENDENT)
    {
        key.remote = remote.Get();
    }
    if (m_mapping == ADDRESS_AND_PORT_DEPENDENT)
    {
        key.remotePort = remotePort;
    }
    return key;
}

NatMapping*
Ipv4Nat::FindLiveByExternal(uint8_t protocol, uint16_t externalPort)
{
    NatMapping* m = m_table.FindByExternal(protocol, externalPort);
    if (m && m->expires <= Simulator::Now())
    {
        ExpireMapping(protocol, externalPort);
        return nullptr;
    }
    return m;
}

NatMapping*
Ipv4Nat::FindLiveByInside(const NatInsideKey& key)
{
    NatMapping* m = m_table.FindByInside(key);
    if (m && m->expires <= Simulator::Now())
    {
        ExpireMapping(m->key.protocol, m->externalPort);
        return nullptr;
    }
    return m;
}

NatMapping*
Ipv4Nat::GetOrCreateMapping(uint8_t protocol,
                            Ipv4Address inside,
                            uint16_t insidePort,
                            Ipv4Address remote,
                            uint16_t remotePort)
{
    NatInsideKey key = MakeKey(protocol, inside, insidePort, remote, remotePort);
    NatMapping* m = FindLiveByInside(key);
    if (m)
    {
        return m;
    }
    Ipv4Address publicAddress = GetPublicAddress();
    if (m_maxMappings != 0 && m_table.GetSize() >= m_maxMappings)
    {
        for (const auto& [proto, port] : m_table.CollectExpired(Simulator::Now()))
        {
            ExpireMapping(proto, port);
        }
    }
    std::optional<uint16_t> port;
    if (m_maxMappings == 0 || m_table.GetSize() < m_maxMappings)
    {
        port = AllocatePort(protocol, insidePort);
    }
    if (!port)
    {
        ++m_refused;
        NS_LOG_WARN("Ipv4Nat: mapping refused for "
                    << unsigned(protocol) << " " << inside << ":" << insidePort << " -> " << remote
                    << ":" << remotePort << " (" << m_table.GetSize() << " mappings)");
        m_mappingRefusedTrace(protocol,
                              InetSocketAddress(inside, insidePort),
                              InetSocketAddress(publicAddress, 0),
                              InetSocketAddress(remote, remotePort));
        return nullptr;
    }
    NatMapping mapping;
    mapping.key = key;
    mapping.externalPort = *port;
    mapping.firstRemote = remote;
    mapping.firstRemotePort = remotePort;
    mapping.created = Simulator::Now();
    mapping.expires = Simulator::Now();
    m = m_table.Insert(mapping);
    ++m_created;
    NS_LOG_INFO("Ipv4Nat: new mapping " << unsigned(protocol) << " " << inside << ":" << insidePort
                                        << " <-> " << publicAddress << ":" << *port);
    TraceMapping(m_mappingCreatedTrace, *m);
    ScheduleSweep();
    return m;
}

std::optional<uint16_t>
Ipv4Nat::AllocatePort(uint8_t protocol, uint16_t insidePort)
{
    uint16_t first = std::min(m_portRangeStart, m_portRangeEnd);
    uint16_t last = std::max(m_portRangeStart, m_portRangeEnd);
    std::function<bool(uint16_t)> localUse;
    if (protocol != PROTO_ICMP)
    {
        localUse = [this, protocol](uint16_t port) { return LocalPortInUse(protocol, port); };
    }
    switch (m_portAllocation)
    {
    case PORT_PRESERVING:
        if ((insidePort != 0 || protocol == PROTO_ICMP) &&
            !m_table.IsExternalPortUsed(protocol, insidePort) &&
            !(localUse && localUse(insidePort)))
        {
            return insidePort;
        }
        {
            // a nearby port (bounded search), else the sequential cursor: a crowded
            // neighbourhood must not make every allocation a long scan
            std::optional<uint16_t> near = m_table.FindFreePort(protocol,
                                                                uint32_t(insidePort) + 1,
                                                                first,
                                                                last,
                                                                localUse,
                                                                PRESERVING_NEAR_PROBES);
            if (near)
            {
                return near;
            }
        }
        [[fallthrough]];
    case PORT_SEQUENTIAL: {
        std::optional<uint16_t> port =
            m_table.FindFreePort(protocol, m_nextPort[protocol], first, last, localUse);
        if (port)
        {
            m_nextPort[protocol] = uint32_t(*port) + 1;
        }
        return port;
    }
    case PORT_RANDOM:
    default:
        return m_table.FindFreePort(protocol,
                                    m_rng->GetInteger(first, last),
                                    first,
                                    last,
                                    localUse);
    }
}

bool
Ipv4Nat::LocalPortInUse(uint8_t protocol, uint16_t port) const
{
    if (!m_ipv4)
    {
        return false;
    }
    Ipv4Address addresses[2] = {GetPublicAddress(), Ipv4Address::GetAny()};
    if (protocol == PROTO_UDP)
    {
        Ptr<UdpL4Protocol> udp = DynamicCast<UdpL4Protocol>(m_ipv4->GetProtocol(PROTO_UDP));
        if (!udp)
        {
            return false;
        }
        for (const Ipv4Address& a : addresses)
        {
            Ipv4EndPoint* ep = udp->Allocate(nullptr, a, port);
            if (!ep)
            {
                return true;
            }
            udp->DeAllocate(ep);
        }
    }
    else if (protocol == PROTO_TCP)
    {
        Ptr<TcpL4Protocol> tcp = DynamicCast<TcpL4Protocol>(m_ipv4->GetProtocol(PROTO_TCP));
        if (!tcp)
        {
            return false;
        }
        for (const Ipv4Address& a : addresses)
        {
            Ipv4EndPoint* ep = tcp->Allocate(nullptr, a, port);
            if (!ep)
            {
                return true;
            }
            tcp->DeAllocate(ep);
        }
    }
    return false;
}

Time
Ipv4Nat::SessionTimeout(const NatMapping& m, const NatSession& s) const
{
    switch (m.key.protocol)
    {
    case PROTO_TCP:
        return s.IsTcpEstablished() ? m_tcpEstablishedTimeout : m_tcpTransitoryTimeout;
    case PROTO_ICMP:
        return m_icmpTimeout;
    default:
        return m_udpTimeout;
    }
}

void
Ipv4Nat::RecomputeExpiry(NatMapping& m) const
{
    Time expires = Simulator::Now();
    for (const auto& [key, s] : m.sessions)
    {
        expires = std::max(expires, s.lastActivity + SessionTimeout(m, s));
    }
    m.expires = expires;
}

void
Ipv4Nat::RefreshOutbound(NatMapping& m, Ipv4Address remote, uint16_t remotePort, uint8_t tcpFlags)
{
    auto [it, inserted] = m.sessions.try_emplace(NatMapping::SessionKey(remote, remotePort));
    if (inserted)
    {
        ++m.remoteAddresses[remote.Get()];
    }
    NatSession& s = it->second;
    bool wasEstablished = s.IsTcpEstablished();
    if (m.key.protocol == PROTO_TCP)
    {
        if ((tcpFlags & TCP_SYN) && !(tcpFlags & TCP_ACK))
        {
            s = NatSession(); // a new connection on this session's endpoints
        }
        if (tcpFlags & TCP_RST)
        {
            s.reset = true;
        }
        if (tcpFlags & TCP_FIN)
        {
            s.finOutbound = true;
        }
    }
    s.seenOutbound = true;
    s.lastActivity = Simulator::Now();
    if (wasEstablished && !s.IsTcpEstablished())
    {
        RecomputeExpiry(m);
    }
    else
    {
        m.expires = std::max(m.expires, s.lastActivity + SessionTimeout(m, s));
    }
}

void
Ipv4Nat::RefreshInbound(NatMapping& m, Ipv4Address remote, uint16_t remotePort, uint8_t tcpFlags)
{
    if (m.key.protocol != PROTO_TCP)
    {
        return; // UDP and ICMP: outbound refresh only
    }
    auto it = m.sessions.find(NatMapping::SessionKey(remote, remotePort));
    if (it == m.sessions.end())
    {
        return;
    }
    NatSession& s = it->second;
    bool wasEstablished = s.IsTcpEstablished();
    if (tcpFlags & TCP_RST)
    {
        s.reset = true;
    }
    if (tcpFlags & TCP_FIN)
    {
        s.finInbound = true;
    }
    s.seenInbound = true;
    s.lastActivity = Simulator::Now();
    if (wasEstablished && !s.IsTcpEstablished())
    {
        RecomputeExpiry(m);
    }
    else
    {
        m.expires = std::max(m.expires, s.lastActivity + SessionTimeout(m, s));
    }
}

bool
Ipv4Nat::FilterAllows(const NatMapping& m, Ipv4Address remote, uint16_t remotePort) const
{
    switch (m_filtering)
    {
    case ENDPOINT_INDEPENDENT:
        return true;
    case ADDRESS_DEPENDENT:
        return m.remoteAddresses.find(remote.Get()) != m.remoteAddresses.end();
    case ADDRESS_AND_PORT_DEPENDENT:
    default:
        return m.sessions.find(NatMapping::SessionKey(remote, remotePort)) != m.sessions.end();
    }
}

void
Ipv4Nat::ExpireMapping(uint8_t protocol, uint16_t externalPort)
{
    NatMapping* m = m_table.FindByExternal(protocol, externalPort);
    if (!m)
    {
        return;
    }
    ++m_expired;
    NS_LOG_INFO("Ipv4Nat: mapping expired " << unsigned(protocol) << " " << m->GetInsideAddress()
                                            << ":" << m->key.insidePort << " <-> " << externalPort);
    TraceMapping(m_mappingExpiredTrace, *m);
    m_table.Remove(protocol, externalPort);
}

void
Ipv4Nat::Sweep()
{
    Time now = Simulator::Now();
    for (const auto& [protocol, port] : m_table.CollectExpired(now))
    {
        ExpireMapping(protocol, port);
    }
    for (auto pair = m_fragmentIds.begin(); pair != m_fragmentIds.end();)
    {
        auto& ids = pair->second;
        for (auto it = ids.begin(); it != ids.end();)
        {
            it = it->second.lastSeen + m_fragmentTimeout <= now ? ids.erase(it) : std::next(it);
        }
        pair = ids.empty() ? m_fragmentIds.erase(pair) : std::next(pair);
    }
    if (m_table.GetSize() > 0 || !m_fragmentIds.empty())
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
    uint64_t pair = (uint64_t(header.GetSource().Get()) << 32) | header.GetDestination().Get();
    uint32_t key = (uint32_t(header.GetProtocol()) << 16) | header.GetIdentification();
    auto& ids = m_fragmentIds[pair];
    auto it = ids.find(key);
    if (it == ids.end())
    {
        it = ids.emplace(key, FragmentEntry{m_nextFragmentId++, Simulator::Now()}).first;
        ScheduleSweep();
    }
    it->second.lastSeen = Simulator::Now();
    return it->second.id;
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
Ipv4Nat::TraceMapping(TracedCallback<uint8_t,
                                     const InetSocketAddress&,
                                     const InetSocketAddress&,
                                     const InetSocketAddress&>& trace,
                      const NatMapping& m)
{
    trace(m.key.protocol,
          InetSocketAddress(m.GetInsideAddress(), m.key.insidePort),
          InetSocketAddress(GetPublicAddress(), m.externalPort),
          InetSocketAddress(m.firstRemote, m.firstRemotePort));
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

// ---------------------------------------------------------------------------------------
// rewriting

Ptr<Packet>
Ipv4Nat::RewriteUdp(Ptr<const Packet> p,
                    const Ipv4Header& oldHeader,
                    const Ipv4Header& newHeader,
                    uint16_t srcPort,
                    uint16_t dstPort)
{
    Ptr<Packet> q = p->Copy();
    uint8_t raw[8];
    q->CopyData(raw, 8);
    uint16_t oldSrcPort = ReadBe16(raw);
    uint16_t oldDstPort = ReadBe16(raw + 2);
    uint16_t length = ReadBe16(raw + 4);
    uint16_t checksum = ReadBe16(raw + 6);
    UdpHeader udp;
    q->RemoveHeader(udp);
    udp.SetSourcePort(srcPort);
    udp.SetDestinationPort(dstPort);
    udp.ForcePayloadSize(length); // UdpHeader writes this as the length field
    if (checksum != 0)
    {
        ChecksumUpdate update(checksum);
        update.Replace32(oldHeader.GetSource(), newHeader.GetSource());
        update.Replace32(oldHeader.GetDestination(), newHeader.GetDestination());
        update.Replace16(oldSrcPort, srcPort);
        update.Replace16(oldDstPort, dstPort);
        uint16_t c = update.Get();
        udp.ForceChecksum(Swap16(c == 0 ? 0xffff : c));
    }
    q->AddHeader(udp);
    return q;
}

Ptr<Packet>
Ipv4Nat::RewriteTcp(Ptr<const Packet> p,
                    const Ipv4Header& newHeader,
                    uint16_t srcPort,
                    uint16_t dstPort)
{
    Ptr<Packet> q = p->Copy();
    TcpHeader tcp;
    q->RemoveHeader(tcp);
    tcp.SetSourcePort(srcPort);
    tcp.SetDestinationPort(dstPort);
    if (Node::ChecksumEnabled())
    {
        tcp.EnableChecksums();
        tcp.InitializeChecksum(newHeader.GetSource(), newHeader.GetDestination(), PROTO_TCP);
    }
    q->AddHeader(tcp);
    return q;
}

Ptr<Packet>
Ipv4Nat::RewriteIcmpQuery(Ptr<const Packet> p, uint16_t identifier)
{
    Ptr<Packet> q = p->Copy();
    Icmpv4Header icmp;
    q->RemoveHeader(icmp);
    Icmpv4Echo echo;
    q->RemoveHeader(echo);
    echo.SetIdentifier(identifier);
    q->AddHeader(echo);
    if (Node::ChecksumEnabled())
    {
        icmp.EnableChecksum();
    }
    q->AddHeader(icmp);
    return q;
}

Ptr<Packet>
Ipv4Nat::RewriteIcmpError(Ptr<const Packet> p,
                          const Flow& flow,
                          Ipv4Address innerSrc,
                          uint16_t innerSrcPort,
                          Ipv4Address innerDst,
                          uint16_t innerDstPort)
{
    Ptr<Packet> q = p->Copy();
    Icmpv4Header icmp;
    q->RemoveHeader(icmp);
    Ipv4Header inner;
    uint8_t data[8];
    Icmpv4DestinationUnreachable unreachable;
    Icmpv4TimeExceeded exceeded;
    if (flow.icmpType == ICMP_DEST_UNREACH)
    {
        q->RemoveHeader(unreachable);
        inner = unreachable.GetHeader();
        unreachable.GetData(data);
    }
    else
    {
        q->RemoveHeader(exceeded);
        inner = exceeded.GetHeader();
        exceeded.GetData(data);
    }
    Ipv4Address oldSrc = inner.GetSource();
    Ipv4Address oldDst = inner.GetDestination();
    inner.SetSource(innerSrc);
    inner.SetDestination(innerDst);
    if (Node::ChecksumEnabled())
    {
        inner.EnableChecksum();
    }
    if (flow.innerProtocol == PROTO_UDP)
    {
        WriteBe16(data, innerSrcPort);
        WriteBe16(data + 2, innerDstPort);
        uint16_t checksum = ReadBe16(data + 6);
        if (checksum != 0)
        {
            ChecksumUpdate update(checksum);
            update.Replace32(oldSrc, innerSrc);
            update.Replace32(oldDst, innerDst);
            update.Replace16(flow.innerSrcPort, innerSrcPort);
            update.Replace16(flow.innerDstPort, innerDstPort);
            uint16_t c = update.Get();
            WriteBe16(data + 6, c == 0 ? 0xffff : c);
        }
    }
    else if (flow.innerProtocol == PROTO_TCP)
    {
        WriteBe16(data, innerSrcPort);
        WriteBe16(data + 2, innerDstPort);
    }
    else if (flow.innerQuery)
    {
        // the identifier is the one that changed (source side inbound, destination outbound)
        uint16_t id = innerSrcPort != flow.innerSrcPort ? innerSrcPort : innerDstPort;
        uint16_t checksum = ReadBe16(data + 2);
        WriteBe16(data + 4, id);
        if (checksum != 0)
        {
            ChecksumUpdate update(checksum);
            update.Replace16(flow.innerSrcPort, id);
            WriteBe16(data + 2, update.Get());
        }
    }
    Ptr<Packet> dataPacket = Create<Packet>(data, 8);
    if (flow.icmpType == ICMP_DEST_UNREACH)
    {
        unreachable.SetHeader(inner);
        unreachable.SetData(dataPacket);
        q->AddHeader(unreachable);
    }
    else
    {
        exceeded.SetHeader(inner);
        exceeded.SetData(dataPacket);
        q->AddHeader(exceeded);
    }
    if (Node::ChecksumEnabled())
    {
        icmp.EnableChecksum();
    }
    q->AddHeader(icmp);
    return q;
}

} // namespace ns3
