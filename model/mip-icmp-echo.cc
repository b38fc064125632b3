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
MipIcmpEcho::MakeRequest(uint16_t identifier, uint16_t sequence)
{
    Icmpv4Echo echo;
    echo.SetIdentifier(identifier);
    echo.SetSequenceNumber(sequence);
    echo.SetData(Create<Packet>(8));
    Icmpv4Header icmp;
    icmp.SetType(Icmpv4Header::ICMPV4_ECHO);
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
MipIcmpEcho::MakeDatagram(Ipv4Address source,
                          Ipv4Address destination,
                          uint16_t identifier,
                          uint16_t sequence)
{
    Ptr<Packet> p = MakeRequest(identifier, sequence);
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

} // namespace ns3
