/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tunnel-soft-state.h"

#include "tunnel-path-mtu.h"

#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/icmpv4.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

std::ostream&
operator<<(std::ostream& os, TunnelSoftStateKind k)
{
    switch (k)
    {
    case TunnelSoftStateKind::PATH_MTU:
        return os << "path-mtu";
    case TunnelSoftStateKind::TTL:
        return os << "ttl";
    case TunnelSoftStateKind::UNREACHABLE:
        return os << "unreachable";
    case TunnelSoftStateKind::ERROR_SENT:
        return os << "error-sent";
    case TunnelSoftStateKind::ERROR_LIMITED:
        return os << "error-limited";
    case TunnelSoftStateKind::COUNT:
        break;
    }
    return os << "?";
}

TunnelIcmpClass
TunnelSoftState::Classify(uint8_t type, uint8_t code)
{
    switch (type)
    {
    case TunnelPathMtu::ICMP_DEST_UNREACH:
        switch (code)
        {
        case NET_UNREACHABLE:
        case HOST_UNREACHABLE:
        case PROTOCOL_UNREACHABLE:
            return TunnelIcmpClass::UNREACHABLE;
        case PORT_UNREACHABLE:
            return TunnelIcmpClass::PORT_UNREACHABLE;
        case TunnelPathMtu::ICMP_FRAG_NEEDED:
            return TunnelIcmpClass::DATAGRAM_TOO_BIG;
        case SOURCE_ROUTE_FAILED:
            return TunnelIcmpClass::SOURCE_ROUTE_FAILED;
        default:
            return TunnelIcmpClass::OTHER;
        }
    case ICMP_SOURCE_QUENCH:
        return TunnelIcmpClass::SOURCE_QUENCH;
    case ICMP_REDIRECT:
        return TunnelIcmpClass::REDIRECT;
    case ICMP_TIME_EXCEEDED:
        // Code 1 (fragment reassembly time exceeded) comes from the tunnel exit, not from a
        // loop inside the tunnel; it says nothing about the path length.
        return code == 0 ? TunnelIcmpClass::TIME_EXCEEDED : TunnelIcmpClass::OTHER;
    default:
        return TunnelIcmpClass::OTHER;
    }
}

std::optional<TunnelSoftStateEvent>
TunnelSoftState::Learn(Ptr<MipTunnel> tunnel,
                       const TunnelIcmpError& error,
                       uint32_t linkMtu,
                       const TunnelSoftStateConfig& config)
{
    Time now = Simulator::Now();
    switch (Classify(error.type, error.code))
    {
    case TunnelIcmpClass::DATAGRAM_TOO_BIG:
        if (config.pathMtuDiscovery && TunnelPathMtu::Learn(tunnel,
                                                            linkMtu,
                                                            error.type,
                                                            error.code,
                                                            error.info,
                                                            config.pathMtuTimeout))
        {
            return TunnelSoftStateEvent{TunnelSoftStateKind::PATH_MTU,
                                        static_cast<uint16_t>(error.info),
                                        now + config.pathMtuTimeout};
        }
        return std::nullopt;
    case TunnelIcmpClass::UNREACHABLE:
        if (config.icmpSoftState)
        {
            tunnel->SetUnreachable(error.code, now + config.softStateTimeout);
            return TunnelSoftStateEvent{TunnelSoftStateKind::UNREACHABLE,
                                        error.code,
                                        now + config.softStateTimeout};
        }
        return std::nullopt;
    case TunnelIcmpClass::TIME_EXCEEDED:
        if (config.icmpSoftState)
        {
            uint16_t ttl = config.outerTtl + 1;
            tunnel->SetSoftTtl(ttl, now + config.softStateTimeout);
            return TunnelSoftStateEvent{TunnelSoftStateKind::TTL,
                                        ttl,
                                        now + config.softStateTimeout};
        }
        return std::nullopt;
    default:
        return std::nullopt;
    }
}

std::optional<TunnelIcmpError>
TunnelSoftState::Parse(Ptr<const Packet> icmp)
{
    constexpr uint32_t ICMP_HEADER = 8; // type, code, checksum, 4 octets of the message
    uint8_t octets[ICMP_HEADER + 60 + 8];
    uint32_t size = icmp->CopyData(octets, sizeof(octets));
    if (size < ICMP_HEADER + 20 + 8)
    {
        return std::nullopt;
    }
    uint8_t type = octets[0];
    if (!IsErrorType(type))
    {
        return std::nullopt;
    }
    const uint8_t* quotedHeader = octets + ICMP_HEADER;
    uint32_t headerLength = (quotedHeader[0] & 0x0f) * 4u;
    if ((quotedHeader[0] >> 4) != 4 || headerLength < 20 || size < ICMP_HEADER + headerLength + 8)
    {
        return std::nullopt;
    }
    TunnelIcmpError e{};
    e.type = type;
    e.code = octets[1];
    if (type == TunnelPathMtu::ICMP_DEST_UNREACH && e.code == TunnelPathMtu::ICMP_FRAG_NEEDED)
    {
        e.info = static_cast<uint32_t>(octets[6] << 8 | octets[7]);
    }
    e.protocol = quotedHeader[9];
    e.source.Set(static_cast<uint32_t>(quotedHeader[12]) << 24 | quotedHeader[13] << 16 |
                 quotedHeader[14] << 8 | quotedHeader[15]);
    e.destination.Set(static_cast<uint32_t>(quotedHeader[16]) << 24 | quotedHeader[17] << 16 |
                      quotedHeader[18] << 8 | quotedHeader[19]);
    std::copy_n(quotedHeader + headerLength, 8, e.quoted.begin());
    return e;
}

std::optional<uint8_t>
TunnelSoftState::ErrorFor(Ptr<const MipTunnel> tunnel,
                          const Ipv4Header& inner,
                          uint8_t outerTtl,
                          bool onLink)
{
    if (std::optional<uint8_t> received = tunnel->GetUnreachable())
    {
        // Section 4.1: Host Unreachable is relayed; for Network and Protocol Unreachable the
        // code is 0 or 1, and 1 only if the original destination is on the encapsulator's
        // network ("Otherwise ... the Code field MUST be set to 0").
        return *received == HOST_UNREACHABLE || onLink ? HOST_UNREACHABLE : NET_UNREACHABLE;
    }
    uint16_t softTtl = tunnel->GetSoftTtl();
    if (softTtl != 0 && std::min(inner.GetTtl(), outerTtl) < softTtl)
    {
        return HOST_UNREACHABLE; // section 4.4: Time Exceeded is reported as Host Unreachable
    }
    return std::nullopt;
}

bool
TunnelSoftState::IsOnLink(Ptr<Ipv4> ipv4, Ipv4Address destination)
{
    for (uint32_t i = 0; i < ipv4->GetNInterfaces(); i++)
    {
        for (uint32_t j = 0; j < ipv4->GetNAddresses(i); j++)
        {
            Ipv4InterfaceAddress a = ipv4->GetAddress(i, j);
            Ipv4Mask mask = a.GetMask();
            if (mask != Ipv4Mask::GetOnes() && !a.GetLocal().IsLocalhost() &&
                a.GetLocal().CombineMask(mask) == destination.CombineMask(mask))
            {
                return true;
            }
        }
    }
    return false;
}

bool
TunnelSoftState::MayAnswer(const Ipv4Header& inner, Ptr<const Packet> datagram)
{
    Ipv4Address source = inner.GetSource();
    if (inner.GetFragmentOffset() != 0 || source.IsBroadcast() || source.IsMulticast() ||
        source.IsAny())
    {
        return false;
    }
    if (inner.GetProtocol() != Icmpv4L4Protocol::PROT_NUMBER)
    {
        return true;
    }
    uint8_t head[61];
    uint32_t size = datagram->CopyData(head, sizeof(head));
    uint32_t offset = inner.GetSerializedSize();
    return size > offset && !IsErrorType(head[offset]); // queries (echo, ...) only
}

bool
TunnelSoftState::IsErrorType(uint8_t type)
{
    return type == TunnelPathMtu::ICMP_DEST_UNREACH || type == ICMP_SOURCE_QUENCH ||
           type == ICMP_REDIRECT || type == ICMP_TIME_EXCEEDED || type == ICMP_PARAMETER_PROBLEM;
}

bool
TunnelSoftState::SendUnreachable(Ptr<Ipv4> ipv4,
                                 const Ipv4Header& inner,
                                 Ptr<const Packet> datagram,
                                 uint8_t code)
{
    Ptr<Packet> quoted = datagram->Copy();
    quoted->RemoveAtStart(inner.GetSerializedSize());
    Ptr<Packet> p = Create<Packet>();
    Icmpv4DestinationUnreachable unreach;
    unreach.SetNextHopMtu(0);
    unreach.SetHeader(inner);
    unreach.SetData(quoted);
    p->AddHeader(unreach);
    Icmpv4Header icmp;
    icmp.SetType(Icmpv4Header::ICMPV4_DEST_UNREACH);
    icmp.SetCode(code);
    if (Node::ChecksumEnabled())
    {
        icmp.EnableChecksum();
    }
    p->AddHeader(icmp);
    Ipv4Header header;
    header.SetDestination(inner.GetSource());
    header.SetProtocol(Icmpv4L4Protocol::PROT_NUMBER);
    Socket::SocketErrno err;
    Ptr<Ipv4Route> route = ipv4->GetRoutingProtocol()->RouteOutput(p, header, nullptr, err);
    if (!route)
    {
        return false;
    }
    ipv4->Send(p, route->GetSource(), inner.GetSource(), Icmpv4L4Protocol::PROT_NUMBER, route);
    return true;
}

} // namespace ns3
