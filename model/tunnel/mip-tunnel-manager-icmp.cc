/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * MipTunnelManager, part 2: ICMP errors about outer packets and the tunnel soft state of
 * RFC 2003 section 5 (the rules themselves are TunnelSoftState and TunnelPathMtu). Part 1,
 * mip-tunnel-manager.cc, sends and receives tunnelled packets.
 */
#include "ip-in-ip-encapsulation.h"
#include "mip-tunnel-manager.h"
#include "tunnel-path-mtu.h"
#include "tunnel-soft-state.h"

#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/ipv4-route.h"
#include "ns3/log.h"
#include "ns3/mip-message.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MipTunnelManagerIcmp");

Ptr<MipTunnel>
MipTunnelManager::FindQuotedTunnel(uint8_t protocol,
                                   Ipv4Address source,
                                   Ipv4Address destination,
                                   const uint8_t* quoted) const
{
    if (protocol == IpInIpEncapsulation::IPIP_PROTOCOL)
    {
        return FindTunnel(source, destination, MipEncapsulation::IP_IN_IP);
    }
    if (protocol == IpInIpEncapsulation::GRE_PROTOCOL)
    {
        return FindTunnel(source, destination, MipEncapsulation::GRE);
    }
    if (protocol != MipEncapsulationProtocol(MipEncapsulation::UDP))
    {
        return nullptr;
    }
    // The quoted UDP header: our port, the peer's port (RFC 3519 tunnels are told apart by
    // the peer's port behind a NAT; ours must be the one the tunnel sends from).
    auto localPort = static_cast<uint16_t>(quoted[0] << 8 | quoted[1]);
    auto remotePort = static_cast<uint16_t>(quoted[2] << 8 | quoted[3]);
    Ptr<MipTunnel> tunnel = FindUdpTunnel(source, destination, remotePort);
    if (!tunnel)
    {
        tunnel = FindTunnel(source, destination, MipEncapsulation::UDP);
    }
    if (!tunnel || tunnel->GetLocalPort() != localPort || tunnel->GetRemotePort() != remotePort)
    {
        return nullptr;
    }
    return tunnel;
}

void
MipTunnelManager::NoteLocalDelivery(const Ipv4Header& header,
                                    Ptr<const Packet> p,
                                    uint32_t interface)
{
    if (header.GetProtocol() != Icmpv4L4Protocol::PROT_NUMBER)
    {
        return;
    }
    std::optional<TunnelIcmpError> e = TunnelSoftState::Parse(p);
    if (!e)
    {
        return;
    }
    // ns-3's ICMP hands Destination Unreachable and Time Exceeded about protocols 4 and 47
    // to their handlers (MipTunnelL4Protocol), and nothing else to anyone: take the rest.
    bool handled = (e->protocol == IpInIpEncapsulation::IPIP_PROTOCOL ||
                    e->protocol == IpInIpEncapsulation::GRE_PROTOCOL) &&
                   (e->type == TunnelPathMtu::ICMP_DEST_UNREACH ||
                    e->type == TunnelSoftState::ICMP_TIME_EXCEEDED);
    // About UDP: what reached port 434 (the HA's and MR's Mobile IP port, where their UDP
    // tunnels start) or a UDP tunnel of ours; the node's other UDP traffic is not ours.
    bool udp = e->protocol == MipEncapsulationProtocol(MipEncapsulation::UDP) &&
               ((e->quoted[0] << 8 | e->quoted[1]) == MIP_UDP_PORT ||
                FindQuotedTunnel(e->protocol, e->source, e->destination, e->quoted.data()));
    if (!handled && (udp || e->protocol == IpInIpEncapsulation::IPIP_PROTOCOL ||
                     e->protocol == IpInIpEncapsulation::GRE_PROTOCOL))
    {
        ReceiveIcmp(e->protocol,
                    e->type,
                    e->code,
                    e->info,
                    e->source,
                    e->destination,
                    e->quoted.data());
    }
}

void
MipTunnelManager::ReceiveIcmp(uint8_t protocol,
                              uint8_t type,
                              uint8_t code,
                              uint32_t info,
                              Ipv4Address outerSource,
                              Ipv4Address outerDestination,
                              const uint8_t* payload)
{
    Ptr<Packet> quoted = Create<Packet>(payload, 8);
    Ptr<MipTunnel> tunnel = FindQuotedTunnel(protocol, outerSource, outerDestination, payload);
    if (!tunnel)
    {
        Drop(MipTunnelDrop::ICMP_NO_TUNNEL, quoted);
        return;
    }
    switch (TunnelSoftState::Classify(type, code))
    {
    case TunnelIcmpClass::PORT_UNREACHABLE:
        Drop(MipTunnelDrop::ICMP_PORT_UNREACHABLE, quoted);
        return;
    case TunnelIcmpClass::SOURCE_ROUTE_FAILED:
        Drop(MipTunnelDrop::ICMP_SOURCE_ROUTE_FAILED, quoted);
        return;
    case TunnelIcmpClass::REDIRECT:
        Drop(MipTunnelDrop::ICMP_REDIRECT, quoted);
        return;
    case TunnelIcmpClass::SOURCE_QUENCH:
        Drop(MipTunnelDrop::ICMP_SOURCE_QUENCH, quoted);
        return;
    default:
        break;
    }
    TunnelIcmpError error{type, code, info, protocol, outerSource, outerDestination, {}};
    TunnelSoftStateConfig config{m_pathMtuDiscovery,
                                 m_icmpSoftState,
                                 m_pathMtuTimeout,
                                 m_softStateTimeout,
                                 m_outerTtl};
    Ptr<Ipv4Route> route = RouteTo(tunnel);
    std::optional<TunnelSoftStateEvent> event =
        route ? TunnelSoftState::Learn(tunnel, error, route->GetOutputDevice()->GetMtu(), config)
              : std::nullopt;
    if (!event)
    {
        Drop(MipTunnelDrop::ICMP_IGNORED, quoted);
        return;
    }
    NS_LOG_INFO("node " << m_node->GetId() << " " << *tunnel << ": soft state " << event->kind
                        << " " << event->value);
    if (event->kind == TunnelSoftStateKind::PATH_MTU)
    {
        m_pathMtuTrace(tunnel, event->value);
    }
    NoteSoftState(tunnel, *event);
}

void
MipTunnelManager::CheckSoftState(Ptr<MipTunnel> tunnel,
                                 const Ipv4Header& inner,
                                 Ptr<const Packet> packet)
{
    if (!tunnel->GetUnreachable() && tunnel->GetSoftTtl() == 0)
    {
        return; // no reachability or TTL soft state (a healthy tunnel): nothing to answer
    }
    std::optional<uint8_t> code =
        TunnelSoftState::ErrorFor(tunnel,
                                  inner,
                                  m_outerTtl,
                                  TunnelSoftState::IsOnLink(m_ipv4, inner.GetDestination()));
    if (!code || !TunnelSoftState::MayAnswer(inner, packet))
    {
        return;
    }
    bool sent = tunnel->TakeIcmpErrorToken(m_icmpErrorBurst, m_icmpErrorInterval) &&
                TunnelSoftState::SendUnreachable(m_ipv4, inner, packet, *code);
    NoteSoftState(tunnel,
                  TunnelSoftStateEvent{sent ? TunnelSoftStateKind::ERROR_SENT
                                            : TunnelSoftStateKind::ERROR_LIMITED,
                                       *code,
                                       Time()});
}

void
MipTunnelManager::NoteSoftState(Ptr<const MipTunnel> tunnel, const TunnelSoftStateEvent& event)
{
    m_softState.Add(event.kind);
    m_softStateTrace(tunnel, event);
}

uint64_t
MipTunnelManager::GetSoftStateCount(TunnelSoftStateKind kind) const
{
    return m_softState.Get(kind);
}

} // namespace ns3
