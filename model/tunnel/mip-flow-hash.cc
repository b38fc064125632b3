/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mip-flow-hash.h"

#include "ns3/abort.h"

#include <utility>

namespace ns3
{

namespace
{

/// \param h a value \return it mixed so that every input bit affects every output bit
/// (the SplitMix64 finaliser)
uint64_t
Mix(uint64_t h)
{
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h;
}

/// IP protocol numbers whose first four payload octets are the two ports.
constexpr uint8_t PROTOCOL_TCP = 6;
constexpr uint8_t PROTOCOL_UDP = 17;

} // namespace

uint64_t
MipFlowHash::Symmetric(Ptr<const Packet> packet, const Ipv4Header& header)
{
    uint16_t sourcePort = 0;
    uint16_t destinationPort = 0;
    uint32_t offset = header.GetSerializedSize();
    bool fragment = header.GetFragmentOffset() != 0 || !header.IsLastFragment();
    if ((header.GetProtocol() == PROTOCOL_TCP || header.GetProtocol() == PROTOCOL_UDP) &&
        !fragment && packet->GetSize() >= offset + 4)
    {
        std::vector<uint8_t> head(offset + 4);
        packet->CopyData(head.data(), head.size()); // IPv4 header, then the two ports
        sourcePort = static_cast<uint16_t>(head[offset] << 8 | head[offset + 1]);
        destinationPort = static_cast<uint16_t>(head[offset + 2] << 8 | head[offset + 3]);
    }
    // The endpoints in a fixed order, whatever the direction.
    std::pair<uint32_t, uint16_t> a{header.GetSource().Get(), sourcePort};
    std::pair<uint32_t, uint16_t> b{header.GetDestination().Get(), destinationPort};
    if (b < a)
    {
        std::swap(a, b);
    }
    uint64_t addresses = static_cast<uint64_t>(a.first) << 32 | b.first;
    uint64_t rest = static_cast<uint64_t>(a.second) << 32 | static_cast<uint64_t>(b.second) << 16 |
                    header.GetProtocol();
    return Mix(Mix(addresses) ^ rest);
}

uint64_t
MipFlowHash::Weight(uint64_t flow, Ipv4Address candidate)
{
    return Mix(flow ^ Mix(candidate.Get()));
}

size_t
MipFlowHash::Choose(uint64_t flow, const std::vector<Ipv4Address>& candidates)
{
    NS_ABORT_MSG_IF(candidates.empty(), "MipFlowHash::Choose needs a candidate");
    size_t best = 0;
    uint64_t bestWeight = Weight(flow, candidates[0]);
    for (size_t i = 1; i < candidates.size(); ++i)
    {
        uint64_t w = Weight(flow, candidates[i]);
        if (w > bestWeight || (w == bestWeight && candidates[i] < candidates[best]))
        {
            best = i;
            bestWeight = w;
        }
    }
    return best;
}

} // namespace ns3
