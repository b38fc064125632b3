/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nat-packet-rewriter.h"

#include "ns3/icmpv4.h"
#include "ns3/tcp-header.h"
#include "ns3/udp-header.h"

namespace ns3
{

namespace
{

/// \param v a value \return its two octets swapped (ns-3's ReadU16/WriteU16 are little endian)
uint16_t
Swap16(uint16_t v)
{
    return static_cast<uint16_t>((v >> 8) | (v << 8));
}

} // namespace

NatChecksumUpdate::NatChecksumUpdate(uint16_t checksum)
    : m_sum(static_cast<uint16_t>(~checksum))
{
}

void
NatChecksumUpdate::Replace16(uint16_t oldWord, uint16_t newWord)
{
    m_sum += static_cast<uint16_t>(~oldWord);
    m_sum += newWord;
}

void
NatChecksumUpdate::Replace32(Ipv4Address oldAddr, Ipv4Address newAddr)
{
    Replace16(static_cast<uint16_t>(oldAddr.Get() >> 16),
              static_cast<uint16_t>(newAddr.Get() >> 16));
    Replace16(static_cast<uint16_t>(oldAddr.Get() & 0xffff),
              static_cast<uint16_t>(newAddr.Get() & 0xffff));
}

uint16_t
NatChecksumUpdate::Get() const
{
    uint32_t s = m_sum;
    while (s >> 16)
    {
        s = (s & 0xffff) + (s >> 16);
    }
    return static_cast<uint16_t>(~s);
}

uint16_t
NatChecksumUpdate::UdpChecksum(uint16_t checksum,
                               Ipv4Address oldSrc,
                               Ipv4Address newSrc,
                               Ipv4Address oldDst,
                               Ipv4Address newDst,
                               uint16_t oldSrcPort,
                               uint16_t newSrcPort,
                               uint16_t oldDstPort,
                               uint16_t newDstPort)
{
    if (checksum == 0)
    {
        return 0;
    }
    NatChecksumUpdate update(checksum);
    update.Replace32(oldSrc, newSrc);
    update.Replace32(oldDst, newDst);
    update.Replace16(oldSrcPort, newSrcPort);
    update.Replace16(oldDstPort, newDstPort);
    uint16_t c = update.Get();
    return c == 0 ? 0xffff : c;
}

Ptr<Packet>
NatPacketRewriter::RewriteUdp(Ptr<const Packet> p,
                              const Ipv4Header& oldHeader,
                              const Ipv4Header& newHeader,
                              uint16_t srcPort,
                              uint16_t dstPort)
{
    Ptr<Packet> q = p->Copy();
    uint8_t raw[8];
    q->CopyData(raw, 8);
    uint16_t oldSrcPort = NatReadBe16(raw);
    uint16_t oldDstPort = NatReadBe16(raw + 2);
    uint16_t length = NatReadBe16(raw + 4);
    uint16_t checksum = NatReadBe16(raw + 6);
    UdpHeader udp;
    q->RemoveHeader(udp);
    udp.SetSourcePort(srcPort);
    udp.SetDestinationPort(dstPort);
    udp.ForcePayloadSize(length); // UdpHeader writes this as the length field
    if (checksum != 0)
    {
        udp.ForceChecksum(Swap16(NatChecksumUpdate::UdpChecksum(checksum,
                                                                oldHeader.GetSource(),
                                                                newHeader.GetSource(),
                                                                oldHeader.GetDestination(),
                                                                newHeader.GetDestination(),
                                                                oldSrcPort,
                                                                srcPort,
                                                                oldDstPort,
                                                                dstPort)));
    }
    q->AddHeader(udp);
    return q;
}

Ptr<Packet>
NatPacketRewriter::RewriteTcp(Ptr<const Packet> p,
                              const Ipv4Header& newHeader,
                              uint16_t srcPort,
                              uint16_t dstPort,
                              bool checksums)
{
    Ptr<Packet> q = p->Copy();
    TcpHeader tcp;
    q->RemoveHeader(tcp);
    tcp.SetSourcePort(srcPort);
    tcp.SetDestinationPort(dstPort);
    if (checksums)
    {
        tcp.EnableChecksums();
        tcp.InitializeChecksum(newHeader.GetSource(),
                               newHeader.GetDestination(),
                               NatFlow::PROTO_TCP);
    }
    q->AddHeader(tcp);
    return q;
}

Ptr<Packet>
NatPacketRewriter::RewriteIcmpQuery(Ptr<const Packet> p, uint16_t identifier, bool checksums)
{
    Ptr<Packet> q = p->Copy();
    Icmpv4Header icmp;
    q->RemoveHeader(icmp);
    Icmpv4Echo echo;
    q->RemoveHeader(echo);
    echo.SetIdentifier(identifier);
    q->AddHeader(echo);
    if (checksums)
    {
        icmp.EnableChecksum();
    }
    q->AddHeader(icmp);
    return q;
}

Ptr<Packet>
NatPacketRewriter::RewriteIcmpError(Ptr<const Packet> p,
                                    const NatFlow& flow,
                                    Ipv4Address innerSrc,
                                    uint16_t innerSrcPort,
                                    Ipv4Address innerDst,
                                    uint16_t innerDstPort,
                                    bool checksums)
{
    Ptr<Packet> q = p->Copy();
    Icmpv4Header icmp;
    q->RemoveHeader(icmp);
    Ipv4Header inner;
    uint8_t data[8];
    Icmpv4DestinationUnreachable unreachable;
    Icmpv4TimeExceeded exceeded;
    bool isUnreachable = flow.icmpType == NatFlow::ICMP_DEST_UNREACH;
    if (isUnreachable)
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
    if (checksums)
    {
        inner.EnableChecksum();
    }
    if (flow.innerProtocol == NatFlow::PROTO_UDP || flow.innerProtocol == NatFlow::PROTO_TCP)
    {
        NatWriteBe16(data, innerSrcPort);
        NatWriteBe16(data + 2, innerDstPort);
        if (flow.innerProtocol == NatFlow::PROTO_UDP)
        {
            // the TCP checksum is beyond the 8 octets: only UDP's can be kept correct
            NatWriteBe16(data + 6,
                         NatChecksumUpdate::UdpChecksum(NatReadBe16(data + 6),
                                                        oldSrc,
                                                        innerSrc,
                                                        oldDst,
                                                        innerDst,
                                                        flow.innerSrcPort,
                                                        innerSrcPort,
                                                        flow.innerDstPort,
                                                        innerDstPort));
        }
    }
    else if (flow.innerQuery)
    {
        // the identifier is the one that changed (source side inbound, destination outbound)
        uint16_t id = innerSrcPort != flow.innerSrcPort ? innerSrcPort : innerDstPort;
        uint16_t checksum = NatReadBe16(data + 2);
        NatWriteBe16(data + 4, id);
        if (checksum != 0)
        {
            NatChecksumUpdate update(checksum);
            update.Replace16(flow.innerSrcPort, id);
            NatWriteBe16(data + 2, update.Get());
        }
    }
    Ptr<Packet> dataPacket = Create<Packet>(data, 8);
    if (isUnreachable)
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
    if (checksums)
    {
        icmp.EnableChecksum();
    }
    q->AddHeader(icmp);
    return q;
}

} // namespace ns3
