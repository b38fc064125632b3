/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mip-wire-decoder.h"

#include "ns3/gre-header.h"
#include "ns3/ipv4-header.h"
#include "ns3/mip-message.h"
#include "ns3/mip-tunnel-data-header.h"
#include "ns3/mip-tunnel-manager.h"
#include "ns3/udp-header.h"

namespace ns3
{

namespace
{

/**
 * \brief Finds a Mobile IP message (UDP port 434, not tunnel data) at the start of an
 * IPv4 packet.
 * \param p the packet (consumed) \param ip receives its IPv4 header
 * \param tunnelProtocol receives 4 or 47 (or 17 for UDP tunnel data) when the packet is
 * a tunnel packet instead; p then starts with the inner IPv4 header
 * \return the message type, if it is a Mobile IP message
 */
std::optional<uint8_t>
ParseIp(Ptr<Packet> p, Ipv4Header& ip, uint8_t& tunnelProtocol)
{
    tunnelProtocol = 0;
    if (!MipTunnelManager::PeekIpv4Header(p, ip) || ip.GetFragmentOffset() != 0 ||
        !ip.IsLastFragment())
    {
        return std::nullopt;
    }
    p->RemoveHeader(ip);
    uint8_t protocol = ip.GetProtocol();
    if (protocol == 4)
    {
        tunnelProtocol = 4;
        return std::nullopt;
    }
    if (protocol == GreHeader::IP_PROTOCOL)
    {
        if (MipWireDecoder::StripEncapsulation(p, MipEncapsulation::GRE))
        {
            tunnelProtocol = GreHeader::IP_PROTOCOL;
        }
        return std::nullopt;
    }
    if (protocol != 17 || p->GetSize() < 9)
    {
        return std::nullopt;
    }
    UdpHeader udp;
    p->RemoveHeader(udp);
    if (udp.GetDestinationPort() != MIP_UDP_PORT && udp.GetSourcePort() != MIP_UDP_PORT)
    {
        return std::nullopt;
    }
    uint8_t type = 0;
    p->CopyData(&type, 1);
    if (type == MipTunnelDataHeader::TYPE)
    {
        MipTunnelDataHeader data;
        if (p->PeekHeader(data) != 0)
        {
            p->RemoveHeader(data);
            tunnelProtocol = 17;
        }
        return std::nullopt;
    }
    return type;
}

} // namespace

std::string
MipWireDecoder::MessageName(uint8_t type)
{
    switch (type)
    {
    case MIP_REGISTRATION_REQUEST:
        return "RRQ";
    case MIP_REGISTRATION_REPLY:
        return "RRP";
    case MIP_HOME_TEST_INIT:
        return "HoTI";
    case MIP_CARE_OF_TEST_INIT:
        return "CoTI";
    case MIP_HOME_TEST:
        return "HoT";
    case MIP_CARE_OF_TEST:
        return "CoT";
    default:
        return "MIP-" + std::to_string(type);
    }
}

bool
MipWireDecoder::StripEncapsulation(Ptr<Packet> p, MipEncapsulation encapsulation)
{
    if (encapsulation == MipEncapsulation::GRE)
    {
        GreHeader gre;
        if (p->GetSize() < GreHeader::BASE_SIZE || p->PeekHeader(gre) == 0)
        {
            return false;
        }
        p->RemoveHeader(gre);
    }
    else if (encapsulation == MipEncapsulation::UDP)
    {
        UdpHeader udp;
        MipTunnelDataHeader data;
        if (p->GetSize() < 8 + MipTunnelDataHeader::SIZE)
        {
            return false;
        }
        p->RemoveHeader(udp);
        if (p->PeekHeader(data) == 0)
        {
            return false;
        }
        p->RemoveHeader(data);
    }
    return true;
}

std::optional<MipWireMessage>
MipWireDecoder::Decode(Ptr<const Packet> packet)
{
    Ptr<Packet> p = packet->Copy();
    Ipv4Header outer;
    uint8_t tunnel = 0;
    std::optional<uint8_t> type = ParseIp(p, outer, tunnel);
    MipWireMessage m;
    if (type)
    {
        m.name = MessageName(*type);
        m.type = *type;
        m.message = p;
        m.src = outer.GetSource();
        m.dst = outer.GetDestination();
        return m;
    }
    if (tunnel == 0)
    {
        return std::nullopt;
    }
    Ipv4Header inner;
    uint8_t innerTunnel = 0;
    type = ParseIp(p, inner, innerTunnel);
    if (!type)
    {
        return std::nullopt;
    }
    m.name = MessageName(*type);
    m.type = *type;
    m.message = p;
    m.src = inner.GetSource();
    m.dst = inner.GetDestination();
    m.tunnelled = true;
    m.outerSrc = outer.GetSource();
    m.outerDst = outer.GetDestination();
    return m;
}

} // namespace ns3
