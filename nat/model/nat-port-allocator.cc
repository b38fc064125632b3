/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nat-port-allocator.h"

#include "nat-flow.h"

#include "ns3/tcp-l4-protocol.h"
#include "ns3/udp-l4-protocol.h"

#include <algorithm>

namespace ns3
{

namespace
{

/**
 * \param l4 the node's UDP or TCP \param addresses the addresses to try \param port the port
 * \return true if an endpoint on one of \p addresses and \p port cannot be allocated
 */
template <class L4>
bool
EndpointTaken(Ptr<L4> l4, const Ipv4Address (&addresses)[2], uint16_t port)
{
    if (!l4)
    {
        return false;
    }
    for (const Ipv4Address& a : addresses)
    {
        Ipv4EndPoint* ep = l4->Allocate(nullptr, a, port);
        if (!ep)
        {
            return true;
        }
        l4->DeAllocate(ep);
    }
    return false;
}

} // namespace

std::optional<uint16_t>
NatPortAllocator::Allocate(const NatMappingTable& table,
                           Mode mode,
                           uint16_t rangeStart,
                           uint16_t rangeEnd,
                           uint8_t protocol,
                           uint16_t insidePort,
                           const std::function<bool(uint16_t)>& localUse,
                           Ptr<UniformRandomVariable> rng)
{
    uint16_t first = std::min(rangeStart, rangeEnd);
    uint16_t last = std::max(rangeStart, rangeEnd);
    switch (mode)
    {
    case NatTypes::PORT_PRESERVING:
        // RFC 4787 section 4.2.1: "Some NATs attempt to preserve the port number used
        // internally when assigning a mapping to an external IP address and port"
        if ((insidePort != 0 || protocol == NatFlow::PROTO_ICMP) &&
            !table.IsExternalPortUsed(protocol, insidePort) && !(localUse && localUse(insidePort)))
        {
            return insidePort;
        }
        {
            // a nearby port (bounded search), else the sequential cursor: a crowded
            // neighbourhood must not make every allocation a long scan
            std::optional<uint16_t> near = table.FindFreePort(protocol,
                                                              uint32_t(insidePort) + 1,
                                                              first,
                                                              last,
                                                              localUse,
                                                              PRESERVING_NEAR_PROBES);
            if (near)
            {
                return near;
            }
        }
        [[fallthrough]];
    case NatTypes::PORT_SEQUENTIAL: {
        std::optional<uint16_t> port =
            table.FindFreePort(protocol, m_nextPort[protocol], first, last, localUse);
        if (port)
        {
            m_nextPort[protocol] = uint32_t(*port) + 1;
        }
        return port;
    }
    case NatTypes::PORT_RANDOM:
    default:
        return table.FindFreePort(protocol, rng->GetInteger(first, last), first, last, localUse);
    }
}

void
NatPortAllocator::Reset()
{
    m_nextPort.fill(0);
}

bool
NatPortAllocator::NodePortInUse(Ptr<Ipv4> ipv4,
                                Ipv4Address publicAddress,
                                uint8_t protocol,
                                uint16_t port)
{
    if (!ipv4)
    {
        return false;
    }
    const Ipv4Address addresses[2] = {publicAddress, Ipv4Address::GetAny()};
    if (protocol == NatFlow::PROTO_UDP)
    {
        return EndpointTaken(DynamicCast<UdpL4Protocol>(ipv4->GetProtocol(protocol)),
                             addresses,
                             port);
    }
    if (protocol == NatFlow::PROTO_TCP)
    {
        return EndpointTaken(DynamicCast<TcpL4Protocol>(ipv4->GetProtocol(protocol)),
                             addresses,
                             port);
    }
    return false;
}

} // namespace ns3
