/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "attacker-packet-builder.h"

#include "ns3/boolean.h"
#include "ns3/global-value.h"
#include "ns3/ipv4-header.h"
#include "ns3/mip-message.h"
#include "ns3/mip-tunnel-data-header.h"
#include "ns3/udp-header.h"

namespace ns3
{

namespace
{

/// \return ns-3's global "ChecksumEnabled"
bool
ChecksumsEnabled()
{
    BooleanValue enabled(false);
    GlobalValue::GetValueByNameFailSafe("ChecksumEnabled", enabled);
    return enabled.Get();
}

} // namespace

Ptr<Packet>
AttackerPacketBuilder::BuildIp(Ipv4Address src,
                               Ipv4Address dst,
                               uint8_t protocol,
                               Ptr<const Packet> payload,
                               uint8_t ttl)
{
    Ptr<Packet> p = payload->Copy();
    Ipv4Header ip;
    ip.SetSource(src);
    ip.SetDestination(dst);
    ip.SetProtocol(protocol);
    ip.SetTtl(ttl);
    ip.SetPayloadSize(p->GetSize());
    ip.SetDontFragment();
    if (ChecksumsEnabled())
    {
        ip.EnableChecksum();
    }
    p->AddHeader(ip);
    return p;
}

Ptr<Packet>
AttackerPacketBuilder::BuildUdp(Ipv4Address src,
                                uint16_t srcPort,
                                Ipv4Address dst,
                                uint16_t dstPort,
                                Ptr<const Packet> payload,
                                uint8_t ttl)
{
    Ptr<Packet> p = payload->Copy();
    UdpHeader udp;
    udp.SetSourcePort(srcPort);
    udp.SetDestinationPort(dstPort);
    if (ChecksumsEnabled())
    {
        udp.EnableChecksums();
        udp.InitializeChecksum(src, dst, 17);
    }
    p->AddHeader(udp);
    return BuildIp(src, dst, 17, p, ttl);
}

Ptr<Packet>
AttackerPacketBuilder::BuildUdp(Ipv4Address src,
                                uint16_t srcPort,
                                Ipv4Address dst,
                                uint16_t dstPort,
                                const MipBytes& payload,
                                uint8_t ttl)
{
    return BuildUdp(src,
                    srcPort,
                    dst,
                    dstPort,
                    Create<Packet>(payload.data(), payload.size()),
                    ttl);
}

Ptr<Packet>
AttackerPacketBuilder::BuildIpInIp(Ipv4Address outerSrc,
                                   Ipv4Address outerDst,
                                   Ptr<const Packet> inner,
                                   uint8_t ttl)
{
    return BuildIp(outerSrc, outerDst, 4, inner, ttl);
}

Ptr<Packet>
AttackerPacketBuilder::BuildUdpTunnelData(Ipv4Address outerSrc,
                                          uint16_t srcPort,
                                          Ipv4Address outerDst,
                                          uint16_t dstPort,
                                          Ptr<const Packet> inner,
                                          uint8_t ttl)
{
    Ptr<Packet> p = inner->Copy();
    p->AddHeader(MipTunnelDataHeader(MipTunnelDataHeader::NEXT_HEADER_IP_IN_IP));
    return BuildUdp(outerSrc, srcPort, outerDst, dstPort, p, ttl);
}

MipBytes
AttackerPacketBuilder::ExtensionBytes(const MipExtension& e)
{
    MipBytes out;
    MipWireWriter w(out);
    e.Serialize(w);
    return out;
}

MipBytes
AttackerPacketBuilder::MessageBytes(const MipMessage& message)
{
    return message.ToBytes();
}

MipBytes
AttackerPacketBuilder::Append(const MipBytes& message, const MipBytes& tail)
{
    MipBytes out = message;
    out.insert(out.end(), tail.begin(), tail.end());
    return out;
}

} // namespace ns3
