/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "inner-fragmenter.h"

#include "ns3/node.h"

#include <algorithm>

namespace ns3
{

std::vector<Ptr<Packet>>
InnerFragmenter::Fragment(Ptr<const Packet> datagram, const Ipv4Header& header, uint32_t mtu)
{
    std::vector<Ptr<Packet>> fragments;
    if (header.IsDontFragment() || mtu < HEADER_SIZE + 8 ||
        datagram->GetSize() < header.GetSerializedSize())
    {
        return fragments;
    }
    Ptr<Packet> payload = datagram->Copy();
    payload->RemoveAtStart(header.GetSerializedSize());
    uint32_t total = std::min<uint32_t>(payload->GetSize(), header.GetPayloadSize());
    uint32_t chunk = (mtu - HEADER_SIZE) & ~uint32_t(7); // RFC 791: 8-octet blocks
    uint32_t offset = 0;
    do
    {
        uint32_t size = std::min(chunk, total - offset);
        bool last = offset + size >= total;
        Ipv4Header h; // a fresh 20-octet header (the original may have had options)
        h.SetSource(header.GetSource());
        h.SetDestination(header.GetDestination());
        h.SetProtocol(header.GetProtocol());
        h.SetTos(header.GetTos());
        h.SetTtl(header.GetTtl());
        h.SetIdentification(header.GetIdentification());
        h.SetMayFragment();
        h.SetFragmentOffset(header.GetFragmentOffset() + offset);
        if (!last || !header.IsLastFragment())
        {
            h.SetMoreFragments();
        }
        else
        {
            h.SetLastFragment();
        }
        h.SetPayloadSize(size);
        if (Node::ChecksumEnabled())
        {
            h.EnableChecksum();
        }
        Ptr<Packet> fragment = payload->CreateFragment(offset, size);
        fragment->AddHeader(h);
        fragments.push_back(fragment);
        offset += size;
    } while (offset < total);
    return fragments;
}

} // namespace ns3
