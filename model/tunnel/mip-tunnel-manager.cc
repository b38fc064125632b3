/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mip-tunnel-manager.h"

#include "inner-fragmenter.h"
#include "ip-in-ip-encapsulation.h"
#include "mip-tunnel-l4-protocol.h"
#include "tunnel-path-mtu.h"

#include "ns3/boolean.h"
#include "ns3/gre-header.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/log.h"
#include "ns3/mac48-address.h"
#include "ns3/mip-tunnel-data-header.h"
#include "ns3/nstime.h"
#include "ns3/udp-header.h"
#include "ns3/uinteger.h"

#include <numeric>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MipTunnelManager");

NS_OBJECT_ENSURE_REGISTERED(MipTunnelManager);

std::ostream&
operator<<(std::ostream& os, MipTunnelDrop d)
{
    switch (d)
    {
    case MipTunnelDrop::NO_TUNNEL:
        return os << "no-tunnel";
    case MipTunnelDrop::MALFORMED:
        return os << "malformed";
    case MipTunnelDrop::INGRESS_FILTER:
        return os << "ingress-filter";
    case MipTunnelDrop::TTL_EXPIRED:
        return os << "ttl-expired";
    case MipTunnelDrop::NO_ROUTE:
        return os << "no-route";
    case MipTunnelDrop::NOT_FORWARDED:
        return os << "not-forwarded";
    case MipTunnelDrop::TOO_BIG:
        return os << "too-big";
    case MipTunnelDrop::OWN_SOURCE:
        return os << "own-source";
    case MipTunnelDrop::EXIT_SOURCE:
        return os << "exit-source";
    case MipTunnelDrop::TUNNEL_LOOP:
        return os << "tunnel-loop";
    case MipTunnelDrop::ICMP_IGNORED:
        return os << "icmp-ignored";
    case MipTunnelDrop::ICMP_NO_TUNNEL:
        return os << "icmp-no-tunnel";
    case MipTunnelDrop::ICMP_PORT_UNREACHABLE:
        return os << "icmp-port-unreachable";
    case MipTunnelDrop::ICMP_SOURCE_ROUTE_FAILED:
        return os << "icmp-source-route-failed";
    case MipTunnelDrop::ICMP_REDIRECT:
        return os << "icmp-redirect";
    case MipTunnelDrop::ICMP_SOURCE_QUENCH:
        return os << "icmp-source-quench";
    case MipTunnelDrop::COUNT:
        break;
    }
    return os << "?";
}

TypeId
MipTunnelManager::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MipTunnelManager")
            .SetParent<Object>()
            .SetGroupName("Haaro")
            .AddConstructor<MipTunnelManager>()
            .AddAttribute("OuterTtl",
                          "TTL of the outer header (RFC 2003: enough to reach the tunnel exit)",
                          UintegerValue(64),
                          MakeUintegerAccessor(&MipTunnelManager::m_outerTtl),
                          MakeUintegerChecker<uint8_t>(1))
            .AddAttribute("InterfaceMtu",
                          "MTU of the tunnel interface: the largest datagram the node's IP "
                          "hands to the tunnel layer unfragmented. Each tunnel then applies its "
                          "own MTU (the care-of link MTU or learned path MTU less its "
                          "encapsulation overhead: RFC 2003 section 5.1, RFC 3519 section 4.8), "
                          "so a smaller value only makes IP fragment before the tunnel choice",
                          UintegerValue(65535),
                          MakeUintegerAccessor(&MipTunnelManager::m_mtu),
                          MakeUintegerChecker<uint16_t>(68))
            .AddAttribute("FragmentAfterEncapsulation",
                          "IP-in-IP and GRE tunnels: send an inner datagram (DF clear) larger "
                          "than the tunnel MTU whole and let IP fragment the outer packet, "
                          "which RFC 3519 section 4.8 allows for IP in IP ('may be done before "
                          "or after encapsulation'). Default: fragment the inner datagram "
                          "before encapsulating, as RFC 2003 section 5.1 recommends. UDP "
                          "tunnels always fragment before (RFC 3519 section 4.8: MUST)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&MipTunnelManager::m_fragmentAfter),
                          MakeBooleanChecker())
            .AddAttribute("PathMtuDiscovery",
                          "Keep the path MTU reported by an ICMP Datagram Too Big about an "
                          "outer packet as tunnel soft state (RFC 2003 section 5.1: 'all "
                          "encapsulator implementations MUST support Path MTU Discovery soft "
                          "state within their tunnels'). ICMP is unauthenticated: false "
                          "ignores it (the tunnel MTU then follows the care-of link only)",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MipTunnelManager::m_pathMtuDiscovery),
                          MakeBooleanChecker())
            .AddAttribute("PathMtuTimeout",
                          "How long a learned tunnel path MTU is kept before the link MTU is "
                          "tried again (RFC 1191 section 6.3: 10 minutes)",
                          TimeValue(Minutes(10)),
                          MakeTimeAccessor(&MipTunnelManager::m_pathMtuTimeout),
                          MakeTimeChecker(Seconds(1)))
            .AddAttribute("IcmpSoftState",
                          "Keep TTL and reachability soft state per tunnel from ICMP Time "
                          "Exceeded and Destination Unreachable (codes 0-2) about outer packets "
                          "and answer later datagrams that violate it with ICMP Destination "
                          "Unreachable, tunnelling them all the same (RFC 2003 sections 4.1, "
                          "4.4 and 5: 'SHOULD maintain'). ICMP is unauthenticated: false "
                          "ignores it",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MipTunnelManager::m_icmpSoftState),
                          MakeBooleanChecker())
            .AddAttribute("SoftStateTimeout",
                          "How long TTL and reachability soft state is kept after the ICMP "
                          "error that set it (RFC 2003 gives none; the RFC 1191 section 6.3 "
                          "10 minutes of the path MTU; every new error about the tunnel "
                          "refreshes it)",
                          TimeValue(Minutes(10)),
                          MakeTimeAccessor(&MipTunnelManager::m_softStateTimeout),
                          MakeTimeChecker(Seconds(1)))
            .AddAttribute("IcmpErrorBurst",
                          "ICMP errors a tunnel's soft state may make the encapsulator send in "
                          "a burst (a token bucket per tunnel; RFC 1812 section 4.3.2.8 asks to "
                          "limit the rate of ICMP errors; Linux's default burst is 6). "
                          "Fragmentation Needed is not limited (as in Linux: path MTU "
                          "discovery must not stall)",
                          UintegerValue(6),
                          MakeUintegerAccessor(&MipTunnelManager::m_icmpErrorBurst),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("IcmpErrorInterval",
                          "One more soft-state ICMP error per tunnel per this interval (Linux's "
                          "icmp_ratelimit default: 1 s)",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MipTunnelManager::m_icmpErrorInterval),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("Tx",
                            "An encapsulated packet was sent (outer packet, tunnel)",
                            MakeTraceSourceAccessor(&MipTunnelManager::m_txTrace),
                            "ns3::MipTunnelManager::PacketTracedCallback")
            .AddTraceSource("Rx",
                            "A decapsulated packet was accepted (inner packet, tunnel)",
                            MakeTraceSourceAccessor(&MipTunnelManager::m_rxTrace),
                            "ns3::MipTunnelManager::PacketTracedCallback")
            .AddTraceSource("Drop",
                            "The tunnel layer dropped a packet (packet, reason)",
                            MakeTraceSourceAccessor(&MipTunnelManager::m_dropTrace),
                            "ns3::MipTunnelManager::DropTracedCallback")
            .AddTraceSource("PathMtu",
                            "A tunnel's path MTU soft state was learned from an ICMP Datagram "
                            "Too Big (tunnel, outer path MTU; RFC 2003 section 5.1)",
                            MakeTraceSourceAccessor(&MipTunnelManager::m_pathMtuTrace),
                            "ns3::MipTunnelManager::PathMtuTracedCallback")
            .AddTraceSource("SoftState",
                            "A tunnel's soft state changed, or a datagram that violates it was "
                            "answered with an ICMP error (or not, rate-limited) (tunnel, event; "
                            "RFC 2003 section 5)",
                            MakeTraceSourceAccessor(&MipTunnelManager::m_softStateTrace),
                            "ns3::MipTunnelManager::SoftStateTracedCallback");
    return tid;
}

MipTunnelManager::MipTunnelManager() = default;

MipTunnelManager::~MipTunnelManager() = default;

void
MipTunnelManager::Install(Ptr<Node> node, Ipv4Address address, Ipv4Mask mask)
{
    NS_LOG_FUNCTION(this << node << address << mask);
    m_node = node;
    m_ipv4 = node->GetObject<Ipv4L3Protocol>();
    NS_ABORT_MSG_IF(!m_ipv4, "MipTunnelManager needs the Internet stack on node " << node->GetId());

    m_device = CreateObject<VirtualNetDevice>();
    m_device->SetAddress(Mac48Address::Allocate());
    m_device->SetNeedsArp(false);
    m_device->SetSupportsSendFrom(false);
    m_device->SetMtu(m_mtu);
    m_device->SetSendCallback(MakeCallback(&MipTunnelManager::DeviceSend, this));
    node->AddDevice(m_device);
    m_interface = m_ipv4->AddInterface(m_device);
    m_ipv4->AddAddress(m_interface, Ipv4InterfaceAddress(address, mask));
    m_ipv4->SetMetric(m_interface, 1);
    m_ipv4->SetUp(m_interface);

    for (uint8_t protocol : {IpInIpEncapsulation::IPIP_PROTOCOL, IpInIpEncapsulation::GRE_PROTOCOL})
    {
        Ptr<MipTunnelL4Protocol> l4 = Create<MipTunnelL4Protocol>(
            protocol,
            MakeCallback(&MipTunnelManager::Receive, this).Bind(protocol),
            MakeCallback(&MipTunnelManager::ReceiveIcmp, this).Bind(protocol));
        m_ipv4->Insert(l4);
    }
    m_ipv4->TraceConnectWithoutContext("UnicastForward",
                                       MakeCallback(&MipTunnelManager::NoteForwarded, this));
    m_ipv4->TraceConnectWithoutContext("LocalDeliver",
                                       MakeCallback(&MipTunnelManager::NoteLocalDelivery, this));
}

Ptr<VirtualNetDevice>
MipTunnelManager::GetDevice() const
{
    return m_device;
}

uint32_t
MipTunnelManager::GetInterface() const
{
    return m_interface;
}

uint64_t
MipTunnelManager::Key(Ipv4Address local, Ipv4Address remote)
{
    return (static_cast<uint64_t>(remote.Get()) << 32) | local.Get();
}

size_t
MipTunnelManager::UdpKeyHash::operator()(const UdpKey& k) const
{
    uint64_t h = k.addresses ^ (static_cast<uint64_t>(k.port) * 0x9e3779b97f4a7c15ULL);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return static_cast<size_t>(h);
}

Ptr<MipTunnel>
MipTunnelManager::AddUdpTunnel(Ipv4Address local,
                               Ipv4Address remote,
                               uint16_t remotePort,
                               uint16_t localPort)
{
    Ptr<MipTunnel>& slot = m_udpTunnels[UdpKey{Key(local, remote), remotePort}];
    if (!slot)
    {
        slot = Create<MipTunnel>(local, remote, MipEncapsulation::UDP);
        slot->SetRemotePort(remotePort);
        slot->SetLocalPort(localPort);
        slot->SetRemotePortPinned(true);
        m_tunnelCount++;
        NS_LOG_INFO("node " << m_node->GetId() << " tunnel up: " << *slot);
    }
    return slot;
}

Ptr<MipTunnel>
MipTunnelManager::FindUdpTunnel(Ipv4Address local, Ipv4Address remote, uint16_t remotePort) const
{
    auto it = m_udpTunnels.find(UdpKey{Key(local, remote), remotePort});
    return it == m_udpTunnels.end() ? nullptr : it->second;
}

void
MipTunnelManager::MoveUdpTunnel(Ptr<MipTunnel> tunnel, Ipv4Address remote, uint16_t remotePort)
{
    if (!tunnel->IsRemotePortPinned() ||
        (tunnel->GetRemote() == remote && tunnel->GetRemotePort() == remotePort))
    {
        return;
    }
    auto it = m_udpTunnels.find(
        UdpKey{Key(tunnel->GetLocal(), tunnel->GetRemote()), tunnel->GetRemotePort()});
    if (it != m_udpTunnels.end() && it->second == tunnel)
    {
        m_udpTunnels.erase(it);
        m_tunnelCount--;
    }
    NS_LOG_INFO("node " << m_node->GetId() << " " << *tunnel << ": peer now " << remote << ":"
                        << remotePort);
    tunnel->SetRemote(remote);
    tunnel->SetRemotePort(remotePort);
    Ptr<MipTunnel>& slot = m_udpTunnels[UdpKey{Key(tunnel->GetLocal(), remote), remotePort}];
    if (slot)
    {
        // Another tunnel held this translated address and port: it is stale (the NAT gave the
        // mapping to the peer that just authenticated itself) and keeps only its sending side
        // until its owner moves or removes it.
        NS_LOG_WARN("node " << m_node->GetId() << " " << *slot << " loses its key to the tunnel of "
                            << tunnel->GetHomeAddress());
        m_tunnelCount--;
    }
    m_tunnelCount++;
    slot = tunnel;
}

Ptr<MipTunnel>
MipTunnelManager::AddTunnel(Ipv4Address local, Ipv4Address remote, MipEncapsulation encapsulation)
{
    Ptr<MipTunnel>& slot = m_tunnels[Key(local, remote)][static_cast<size_t>(encapsulation)];
    if (!slot)
    {
        slot = Create<MipTunnel>(local, remote, encapsulation);
        m_tunnelCount++;
        NS_LOG_INFO("node " << m_node->GetId() << " tunnel up: " << *slot);
    }
    return slot;
}

void
MipTunnelManager::RemoveTunnel(Ptr<MipTunnel> tunnel)
{
    if (tunnel->GetEncapsulation() == MipEncapsulation::UDP && tunnel->IsRemotePortPinned())
    {
        auto pinned = m_udpTunnels.find(
            UdpKey{Key(tunnel->GetLocal(), tunnel->GetRemote()), tunnel->GetRemotePort()});
        if (pinned != m_udpTunnels.end() && pinned->second == tunnel)
        {
            NS_LOG_INFO("node " << m_node->GetId() << " tunnel down: " << *tunnel);
            m_udpTunnels.erase(pinned);
            m_tunnelCount--;
        }
        return;
    }
    auto it = m_tunnels.find(Key(tunnel->GetLocal(), tunnel->GetRemote()));
    if (it == m_tunnels.end())
    {
        return;
    }
    Ptr<MipTunnel>& slot = it->second[static_cast<size_t>(tunnel->GetEncapsulation())];
    if (slot == tunnel)
    {
        NS_LOG_INFO("node " << m_node->GetId() << " tunnel down: " << *tunnel);
        slot = nullptr;
        m_tunnelCount--;
    }
    if (!it->second[0] && !it->second[1] && !it->second[2])
    {
        m_tunnels.erase(it);
    }
}

Ptr<MipTunnel>
MipTunnelManager::FindTunnel(Ipv4Address local,
                             Ipv4Address remote,
                             MipEncapsulation encapsulation) const
{
    auto it = m_tunnels.find(Key(local, remote));
    return it == m_tunnels.end() ? nullptr : it->second[static_cast<size_t>(encapsulation)];
}

size_t
MipTunnelManager::GetTunnelCount() const
{
    return m_tunnelCount;
}

void
MipTunnelManager::SetForwardCallback(ForwardCallback cb)
{
    m_forward = cb;
}

void
MipTunnelManager::SetAcceptCallback(AcceptCallback cb)
{
    m_accept = cb;
}

void
MipTunnelManager::SetEndpointCallback(EndpointCallback cb)
{
    m_endpoint = cb;
}

void
MipTunnelManager::SetUnknownSourceCallback(UnknownSourceCallback cb)
{
    m_unknownSource = cb;
}

uint64_t
MipTunnelManager::GetDropCount(MipTunnelDrop reason) const
{
    return m_drops.Get(reason);
}

void
MipTunnelManager::Drop(MipTunnelDrop reason, Ptr<const Packet> p)
{
    NS_LOG_LOGIC("node " << m_node->GetId() << " tunnel drop (" << reason << ") " << p);
    m_drops.Add(reason);
    m_dropTrace(p, reason);
}

bool
MipTunnelManager::PeekIpv4Header(Ptr<const Packet> p, Ipv4Header& header)
{
    if (p->GetSize() < 20)
    {
        return false;
    }
    uint8_t first = 0;
    p->CopyData(&first, 1);
    uint32_t headerLength = (first & 0x0f) * 4u;
    if ((first >> 4) != 4 || headerLength < 20 || headerLength > p->GetSize())
    {
        return false;
    }
    return p->PeekHeader(header) == headerLength;
}

bool
MipTunnelManager::SendToPort(Ptr<MipTunnel> tunnel, Ptr<Packet> packet, uint16_t remotePort)
{
    if (tunnel->GetEncapsulation() != MipEncapsulation::UDP)
    {
        return Send(tunnel, packet);
    }
    uint16_t own = tunnel->GetRemotePort();
    tunnel->SetRemotePort(remotePort);
    bool sent = Send(tunnel, packet);
    tunnel->SetRemotePort(own);
    return sent;
}

Ptr<Ipv4Route>
MipTunnelManager::RouteTo(Ptr<const MipTunnel> tunnel) const
{
    if (Ptr<Ipv4Route> pinned = tunnel->GetEgressRoute())
    {
        return pinned;
    }
    Ipv4Header outer;
    outer.SetSource(tunnel->GetLocal());
    outer.SetDestination(tunnel->GetRemote());
    outer.SetProtocol(tunnel->GetProtocol());
    Socket::SocketErrno err;
    Ptr<Ipv4Route> route = m_ipv4->GetRoutingProtocol()->RouteOutput(nullptr, outer, nullptr, err);
    if (!route || route->GetOutputDevice() == m_device)
    {
        return nullptr; // never into the tunnel interface itself
    }
    return route;
}

uint32_t
MipTunnelManager::GetTunnelMtu(Ptr<const MipTunnel> tunnel) const
{
    Ptr<Ipv4Route> route = RouteTo(tunnel);
    return route ? TunnelPathMtu::TunnelMtu(tunnel, route->GetOutputDevice()->GetMtu()) : 0;
}

namespace
{

/// \param packet a datagram \param header its IPv4 header
/// \return its UDP source port, or 0 if it is not a UDP datagram (or a non-first fragment)
uint16_t
UdpSourcePort(Ptr<const Packet> packet, const Ipv4Header& header)
{
    uint32_t offset = header.GetSerializedSize();
    if (header.GetProtocol() != 17 || header.GetFragmentOffset() != 0 ||
        packet->GetSize() < offset + 2)
    {
        return 0;
    }
    std::vector<uint8_t> head(offset + 2);
    packet->CopyData(head.data(), head.size());
    return static_cast<uint16_t>(head[offset] << 8 | head[offset + 1]);
}

} // namespace

MipTunnelDrop
MipTunnelManager::MustNotTunnel(Ptr<const Packet> packet,
                                const Ipv4Header& inner,
                                Ptr<const MipTunnel> tunnel) const
{
    if (m_origin == Origin::DIRECT)
    {
        return MipTunnelDrop::COUNT; // the owner's own choice (keepalives, probes)
    }
    if (IpInIpEncapsulation::IsRecursive(inner,
                                         tunnel->GetLocal(),
                                         tunnel->GetRemote(),
                                         tunnel->GetProtocol()))
    {
        return MipTunnelDrop::TUNNEL_LOOP;
    }
    if (m_origin == Origin::FORWARDED)
    {
        // IpInIpEncapsulation::MustNotTunnel() with the node's addresses looked up in place
        // (GetInterfaceForAddress() scans the same interfaces) instead of copied per datagram.
        if (inner.GetSource() != tunnel->GetRemote())
        {
            return m_ipv4->GetInterfaceForAddress(inner.GetSource()) >= 0
                       ? MipTunnelDrop::OWN_SOURCE
                       : MipTunnelDrop::COUNT;
        }
        // A UDP tunnel's exit is an address and a port (RFC 3519): behind one NAT, several
        // peers share the address, so a datagram from that address comes from this tunnel's
        // exit only if it is UDP from the tunnel's remote port.
        if (tunnel->GetEncapsulation() != MipEncapsulation::UDP ||
            UdpSourcePort(packet, inner) == tunnel->GetRemotePort())
        {
            return MipTunnelDrop::EXIT_SOURCE;
        }
    }
    return MipTunnelDrop::COUNT;
}

bool
MipTunnelManager::Send(Ptr<MipTunnel> tunnel, Ptr<Packet> packet)
{
    Ipv4Header inner;
    if (!PeekIpv4Header(packet, inner))
    {
        Drop(MipTunnelDrop::MALFORMED, packet);
        return false;
    }
    return Send(tunnel, packet, inner);
}

bool
MipTunnelManager::Send(Ptr<MipTunnel> tunnel, Ptr<Packet> packet, const Ipv4Header& inner)
{
    if (MipTunnelDrop reason = MustNotTunnel(packet, inner, tunnel); reason != MipTunnelDrop::COUNT)
    {
        NS_LOG_INFO("node " << m_node->GetId() << " " << *tunnel << ": must not tunnel "
                            << inner.GetSource() << " -> " << inner.GetDestination() << " ("
                            << reason << ", RFC 2003 section 3.2)");
        Drop(reason, packet);
        return false;
    }
    Ptr<Ipv4Route> route = RouteTo(tunnel);
    if (!route)
    {
        Drop(MipTunnelDrop::NO_ROUTE, packet);
        return false;
    }
    uint32_t mtu = TunnelPathMtu::TunnelMtu(tunnel, route->GetOutputDevice()->GetMtu());
    bool whole = packet->GetSize() <= mtu ||
                 (m_fragmentAfter && tunnel->GetEncapsulation() != MipEncapsulation::UDP &&
                  !inner.IsDontFragment());
    if (!whole && inner.IsDontFragment())
    {
        // RFC 2003 sections 4.1 and 5.1: the sender learns the tunnel MTU (the path MTU less
        // the encapsulating headers) from the encapsulator's Datagram Too Big.
        NS_LOG_INFO("node " << m_node->GetId() << " " << *tunnel << ": " << packet->GetSize()
                            << " octets with DF > tunnel MTU " << mtu);
        Drop(MipTunnelDrop::TOO_BIG, packet);
        TunnelPathMtu::SendFragmentationNeeded(m_ipv4, inner, packet, mtu);
        return false;
    }
    if (m_origin != Origin::DIRECT)
    {
        CheckSoftState(tunnel, inner, packet);
    }
    if (whole)
    {
        return Encapsulate(tunnel, packet, inner, route);
    }
    std::vector<Ptr<Packet>> fragments = InnerFragmenter::Fragment(packet, inner, mtu);
    if (fragments.empty())
    {
        Drop(MipTunnelDrop::TOO_BIG, packet); // tunnel MTU below 28 octets
        return false;
    }
    bool sent = true;
    for (Ptr<Packet>& fragment : fragments)
    {
        Ipv4Header header;
        fragment->PeekHeader(header);
        sent = Encapsulate(tunnel, fragment, header, route) && sent;
    }
    return sent;
}

bool
MipTunnelManager::Encapsulate(Ptr<MipTunnel> tunnel,
                              Ptr<Packet> packet,
                              const Ipv4Header& inner,
                              Ptr<Ipv4Route> route)
{
    uint32_t innerSize = packet->GetSize();
    if (tunnel->GetEncapsulation() == MipEncapsulation::GRE)
    {
        GreHeader gre = tunnel->MakeGreHeader();
        packet->AddHeader(gre);
        innerSize += gre.GetSerializedSize();
    }
    else if (tunnel->GetEncapsulation() == MipEncapsulation::UDP)
    {
        // RFC 3519 section 3.3: UDP (to the peer's port, 434 unless learned), then the
        // Tunnel Data header (type 4, Next Header 4), then the inner datagram.
        packet->AddHeader(MipTunnelDataHeader(MipTunnelDataHeader::NEXT_HEADER_IP_IN_IP));
        UdpHeader udp;
        udp.SetSourcePort(tunnel->GetLocalPort());
        udp.SetDestinationPort(tunnel->GetRemotePort());
        if (Node::ChecksumEnabled())
        {
            udp.EnableChecksums();
            udp.InitializeChecksum(tunnel->GetLocal(), tunnel->GetRemote(), 17);
        }
        packet->AddHeader(udp);
        innerSize += MipTunnelDataHeader::SIZE + udp.GetSerializedSize();
    }
    std::optional<Ipv4Header> outer = IpInIpEncapsulation::MakeOuterHeader(inner,
                                                                           innerSize,
                                                                           tunnel->GetLocal(),
                                                                           tunnel->GetRemote(),
                                                                           m_outerTtl,
                                                                           tunnel->GetProtocol());
    if (!outer)
    {
        Drop(MipTunnelDrop::TTL_EXPIRED, packet);
        return false;
    }
    outer->SetIdentification(m_nextIdentification++);
    tunnel->CountTx(packet->GetSize() + outer->GetSerializedSize());
    m_txTrace(packet, tunnel);
    m_ipv4->SendWithHeader(packet, *outer, route);
    return true;
}

void
MipTunnelManager::NoteForwarded(const Ipv4Header& header, Ptr<const Packet> p, uint32_t interface)
{
    m_forwarding = interface == m_interface;
    m_forwardedUid = p->GetUid();
}

uint64_t
MipTunnelManager::TotalDrops() const
{
    return m_drops.GetTotal();
}

bool
MipTunnelManager::DeviceSend(Ptr<Packet> packet,
                             const Address& src,
                             const Address& dst,
                             uint16_t proto)
{
    bool forwarded = m_forwarding && packet->GetUid() == m_forwardedUid;
    m_forwarding = false;
    Ipv4Header header;
    if (proto != Ipv4L3Protocol::PROT_NUMBER || !PeekIpv4Header(packet, header))
    {
        Drop(MipTunnelDrop::MALFORMED, packet);
        return false;
    }
    uint64_t dropsBefore = TotalDrops();
    m_origin = forwarded ? Origin::FORWARDED : Origin::ROUTED;
    bool sent = !m_forward.IsNull() && m_forward(packet, header); // it calls Send(..., header)
    m_origin = Origin::DIRECT;
    if (!sent && TotalDrops() == dropsBefore)
    {
        Drop(MipTunnelDrop::NOT_FORWARDED, packet);
    }
    return sent;
}

void
MipTunnelManager::Receive(uint8_t protocol, Ptr<Packet> p, const Ipv4Header& outer)
{
    MipEncapsulation encapsulation = protocol == IpInIpEncapsulation::GRE_PROTOCOL
                                         ? MipEncapsulation::GRE
                                         : MipEncapsulation::IP_IN_IP;
    GreHeader gre;
    if (encapsulation == MipEncapsulation::GRE)
    {
        if (p->PeekHeader(gre) == 0 || !gre.IsChecksumOk() ||
            gre.GetProtocolType() != GreHeader::PROTOCOL_IPV4)
        {
            Drop(MipTunnelDrop::MALFORMED, p);
            return;
        }
        p->RemoveHeader(gre);
    }
    Ptr<MipTunnel> tunnel = FindTunnel(outer.GetDestination(), outer.GetSource(), encapsulation);
    std::optional<uint32_t> key = tunnel ? tunnel->GetGreKey() : std::nullopt;
    if (!tunnel ||
        (encapsulation == MipEncapsulation::GRE &&
         (gre.IsKeyPresent() ? std::optional<uint32_t>(gre.GetKey()) : std::nullopt) != key))
    {
        Drop(MipTunnelDrop::NO_TUNNEL, p); // RFC 2890 section 2.1: the Key names the tunnel
        return;
    }
    Deliver(tunnel, p, outer);
}

void
MipTunnelManager::ReceiveUdpData(Ptr<Packet> payload,
                                 Ipv4Address from,
                                 uint16_t fromPort,
                                 Ipv4Address to,
                                 uint16_t toPort)
{
    Ptr<MipTunnel> tunnel = FindUdpTunnel(to, from, fromPort);
    if (tunnel)
    {
        if (toPort != 0 && toPort != tunnel->GetLocalPort())
        {
            Drop(MipTunnelDrop::NO_TUNNEL, payload); // not the port this tunnel uses
            return;
        }
    }
    else
    {
        tunnel = FindTunnel(to, from, MipEncapsulation::UDP);
    }
    if (!tunnel)
    {
        if (m_unknownSource.IsNull() || !m_unknownSource(to, from, fromPort, payload))
        {
            Drop(MipTunnelDrop::NO_TUNNEL, payload);
        }
        return;
    }
    if (!tunnel->IsRemotePortPinned() && tunnel->GetRemotePort() != fromPort)
    {
        // Not proven: the owner may challenge the port; only its proof moves the tunnel.
        NS_LOG_INFO("node " << m_node->GetId() << " " << *tunnel << ": datagram from port "
                            << fromPort << ", not proven");
        if (!m_endpoint.IsNull() && m_endpoint(tunnel, fromPort, payload))
        {
            return;
        }
    }
    Ipv4Header outer;
    outer.SetSource(from);
    outer.SetDestination(to);
    outer.SetProtocol(17);
    Deliver(tunnel, payload, outer);
}

void
MipTunnelManager::Deliver(Ptr<MipTunnel> tunnel, Ptr<Packet> p, const Ipv4Header& outer)
{
    Ipv4Header inner;
    if (!PeekIpv4Header(p, inner) || !IpInIpEncapsulation::IsDeliverableAfterDecapsulation(inner))
    {
        Drop(MipTunnelDrop::MALFORMED, p);
        return;
    }
    MipTunnelInterceptCallback intercept = tunnel->GetInterceptCallback();
    if (!intercept.IsNull() && intercept(tunnel, p, inner))
    {
        return; // consumed by the tunnel's owner (e.g. a keepalive)
    }
    if (!m_accept.IsNull() && !m_accept(tunnel, inner, outer))
    {
        Drop(MipTunnelDrop::INGRESS_FILTER, p);
        return;
    }
    tunnel->CountRx(p->GetSize());
    m_rxTrace(p, tunnel);
    m_device->Receive(p,
                      Ipv4L3Protocol::PROT_NUMBER,
                      m_device->GetAddress(),
                      m_device->GetAddress(),
                      NetDevice::PACKET_HOST);
}

void
MipTunnelManager::DoDispose()
{
    m_forward = ForwardCallback();
    m_accept = AcceptCallback();
    m_endpoint = EndpointCallback();
    m_unknownSource = UnknownSourceCallback();
    if (m_udpReceiver)
    {
        m_udpReceiver->Dispose(); // a plain pass-through to UDP from now on
        m_udpReceiver = nullptr;
    }
    m_tunnels.clear();
    m_udpTunnels.clear();
    m_device = nullptr;
    m_ipv4 = nullptr;
    m_node = nullptr;
    Object::DoDispose();
}

} // namespace ns3
