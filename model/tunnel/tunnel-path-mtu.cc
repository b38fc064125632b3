/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tunnel-path-mtu.h"

#include "tunnel-soft-state.h"

#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

uint32_t
TunnelPathMtu::PathMtu(Ptr<const MipTunnel> tunnel, uint32_t linkMtu)
{
    uint16_t learned = tunnel->GetPathMtu(); // RFC 2003 section 5.1 soft state
    return learned != 0 ? std::min<uint32_t>(learned, linkMtu) : linkMtu;
}

uint32_t
TunnelPathMtu::TunnelMtu(Ptr<const MipTunnel> tunnel, uint32_t linkMtu)
{
    uint32_t pathMtu = PathMtu(tunnel, linkMtu);
    uint32_t overhead = tunnel->GetOverhead();
    return pathMtu > overhead ? pathMtu - overhead : 0;
}

bool
TunnelPathMtu::Learn(Ptr<MipTunnel> tunnel,
                     uint32_t linkMtu,
                     uint8_t type,
                     uint8_t code,
                     uint32_t info,
                     Time timeout)
{
    if (type != ICMP_DEST_UNREACH || code != ICMP_FRAG_NEEDED || info < MIN_MTU ||
        info >= PathMtu(tunnel, linkMtu))
    {
        return false;
    }
    tunnel->SetPathMtu(static_cast<uint16_t>(info), Simulator::Now() + timeout);
    return true;
}

bool
TunnelPathMtu::SendFragmentationNeeded(Ptr<Ipv4> ipv4,
                                       const Ipv4Header& inner,
                                       Ptr<const Packet> datagram,
                                       uint32_t mtu)
{
    Ptr<Icmpv4L4Protocol> icmp =
        DynamicCast<Icmpv4L4Protocol>(ipv4->GetProtocol(Icmpv4L4Protocol::PROT_NUMBER));
    if (!icmp || !TunnelSoftState::MayAnswer(inner, datagram))
    {
        return false;
    }
    Ptr<Packet> quoted = datagram->Copy();
    quoted->RemoveAtStart(inner.GetSerializedSize());
    icmp->SendDestUnreachFragNeeded(inner, quoted, static_cast<uint16_t>(mtu));
    return true;
}

} // namespace ns3
