/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mip-icmp-echo.h"

#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/icmpv4.h"
#include "ns3/ipv4-header.h"
#include "ns3/node.h"

namespace ns3
{

Ptr<Packet>
MipIcmpEcho::MakeEcho(uint8_t type, uint16_t identifier, uint16_t sequence, uint64_t nonce)
{
    Icmpv4Echo echo;
    echo.SetIdentifier(identifier);
    echo.SetSequenceNumber(sequence);
    uint8_t data[8];
    for (int i = 0; i < 8; ++i)
    {
        data[i] = static_cast<uint8_t>(nonce >> (56 - 8 * i));
    }
    echo.SetData(Create<Packet>(data, sizeof(data)));
    Icmpv4Header icmp;
    icmp.SetType(type);
    icmp.SetCode(0);
    if (Node::ChecksumEnabled())
    {
        icmp.EnableChecksum();
    }
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(echo);
    p->AddHeader(icmp);
    return p;
}

Ptr<Packet>
MipIcmpEcho::MakeRequest(uint16_t identifier, uint16_t sequence, uint64_t nonce)
{
    return MakeEcho(Icmpv4Header::ICMPV4_ECHO, identifier, sequence, nonce);
}

Ptr<Packet>
MipIcmpEcho::AddIpv4(Ptr<Packet> p, Ipv4Address source, Ipv4Address destination)
{
    Ipv4Header ip;
    ip.SetSource(source);
    ip.SetDestination(destination);
    ip.SetProtocol(Icmpv4L4Protocol::PROT_NUMBER);
    ip.SetTtl(64);
    ip.SetPayloadSize(p->GetSize());
    if (Node::ChecksumEnabled())
    {
        ip.EnableChecksum();
    }
    p->AddHeader(ip);
    return p;
}

Ptr<Packet>
MipIcmpEcho::MakeDatagram(Ipv4Address source,
                          Ipv4Address destination,
                          uint16_t identifier,
                          uint16_t sequence,
                          uint64_t nonce)
{
    return AddIpv4(MakeRequest(identifier, sequence, nonce), source, destination);
}

Ptr<Packet>
MipIcmpEcho::MakeReplyDatagram(Ipv4Address source,
                               Ipv4Address destination,
                               uint16_t identifier,
                               uint16_t sequence,
                               uint64_t nonce)
{
    return AddIpv4(MakeEcho(Icmpv4Header::ICMPV4_ECHO_REPLY, identifier, sequence, nonce),
                   source,
                   destination);
}

std::optional<MipIcmpEcho::Parsed>
MipIcmpEcho::Parse(Ptr<const Packet> datagram)
{
    // IPv4 header (IHL checked), ICMP type, code, checksum, identifier, sequence, data.
    uint32_t size = datagram->GetSize();
    if (size < 20 + 8)
    {
        return std::nullopt;
    }
    uint8_t head[60 + 16] = {};
    uint32_t copied = datagram->CopyData(head, std::min<uint32_t>(size, sizeof(head)));
    uint32_t ihl = (head[0] & 0x0f) * 4u;
    if ((head[0] >> 4) != 4 || ihl < 20 || head[9] != 1 || copied < ihl + 8)
    {
        return std::nullopt;
    }
    const uint8_t* icmp = head + ihl;
    if ((icmp[0] != Icmpv4Header::ICMPV4_ECHO && icmp[0] != Icmpv4Header::ICMPV4_ECHO_REPLY) ||
        icmp[1] != 0)
    {
        return std::nullopt;
    }
    Parsed out;
    out.reply = icmp[0] == Icmpv4Header::ICMPV4_ECHO_REPLY;
    out.identifier = static_cast<uint16_t>(icmp[4] << 8 | icmp[5]);
    out.sequence = static_cast<uint16_t>(icmp[6] << 8 | icmp[7]);
    if (copied >= ihl + 16)
    {
        for (uint32_t i = 0; i < 8; ++i)
        {
            out.nonce = out.nonce << 8 | icmp[8 + i];
        }
    }
    return out;
}

} // namespace ns3
