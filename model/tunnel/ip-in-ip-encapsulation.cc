/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ip-in-ip-encapsulation.h"

#include <algorithm>

namespace ns3
{

std::optional<Ipv4Header>
IpInIpEncapsulation::MakeOuterHeader(const Ipv4Header& inner,
                                     uint32_t innerPacketSize,
                                     Ipv4Address entry,
                                     Ipv4Address exit,
                                     uint8_t outerTtl,
                                     uint8_t protocol)
{
    if (inner.GetTtl() == 0 || outerTtl == 0 || innerPacketSize < OUTER_HEADER_SIZE ||
        innerPacketSize > MAX_DATAGRAM_SIZE - OUTER_HEADER_SIZE)
    {
        return std::nullopt;
    }
    Ipv4Header outer;
    outer.SetTos(inner.GetTos());
    if (inner.IsDontFragment())
    {
        outer.SetDontFragment();
    }
    else
    {
        outer.SetMayFragment();
    }
    outer.SetFragmentOffset(0);
    outer.SetLastFragment();
    outer.SetIdentification(0);
    outer.SetTtl(outerTtl);
    outer.SetProtocol(protocol);
    outer.SetPayloadSize(static_cast<uint16_t>(innerPacketSize));
    outer.SetSource(entry);
    outer.SetDestination(exit);
    return outer;
}

bool
IpInIpEncapsulation::DecrementInnerTtlForForwarding(Ipv4Header& inner)
{
    if (inner.GetTtl() <= 1)
    {
        return false;
    }
    inner.SetTtl(inner.GetTtl() - 1);
    return true;
}

bool
IpInIpEncapsulation::MustNotTunnel(const Ipv4Header& inner,
                                   Ipv4Address exit,
                                   const std::vector<Ipv4Address>& ownAddresses)
{
    Ipv4Address source = inner.GetSource();
    return source == exit ||
           std::find(ownAddresses.begin(), ownAddresses.end(), source) != ownAddresses.end();
}

bool
IpInIpEncapsulation::IsRecursive(const Ipv4Header& inner,
                                 Ipv4Address entry,
                                 Ipv4Address exit,
                                 uint8_t protocol)
{
    return inner.GetSource() == entry && inner.GetDestination() == exit &&
           inner.GetProtocol() == protocol;
}

bool
IpInIpEncapsulation::IsDeliverableAfterDecapsulation(const Ipv4Header& inner)
{
    return inner.GetTtl() != 0;
}

} // namespace ns3
