/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "virtual-operator-partition.h"

#include "ns3/abort.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/point-to-point-channel.h"
#include "ns3/point-to-point-net-device.h"

#include <set>

namespace ns3
{

uint32_t
VirtualOperatorPartition::GetBackboneRank()
{
    return 0;
}

uint32_t
VirtualOperatorPartition::GetIspRank(uint32_t isp, uint32_t systemCount)
{
    return systemCount <= 1 ? GetBackboneRank() : 1 + isp % (systemCount - 1);
}

std::vector<VirtualOperatorPartition::CrossRankLink>
VirtualOperatorPartition::GetCrossRankLinks(const NodeContainer& nodes)
{
    std::vector<CrossRankLink> links;
    std::set<uint32_t> seen; // channel ids
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        Ptr<Node> node = nodes.Get(i);
        for (uint32_t d = 0; d < node->GetNDevices(); ++d)
        {
            Ptr<Channel> channel = node->GetDevice(d)->GetChannel();
            if (!channel || !seen.insert(channel->GetId()).second)
            {
                continue;
            }
            CrossRankLink link;
            link.channel = channel;
            link.rankA = channel->GetDevice(0)->GetNode()->GetSystemId();
            link.rankB = link.rankA;
            for (std::size_t e = 1; e < channel->GetNDevices(); ++e)
            {
                uint32_t rank = channel->GetDevice(e)->GetNode()->GetSystemId();
                if (rank != link.rankA)
                {
                    link.rankB = rank;
                }
            }
            if (link.rankB == link.rankA)
            {
                continue;
            }
            TimeValue delay;
            channel->GetAttributeFailSafe("Delay", delay);
            link.delay = delay.Get();
            link.pointToPoint = DynamicCast<PointToPointChannel>(channel) != nullptr;
            links.push_back(link);
        }
    }
    return links;
}

Time
VirtualOperatorPartition::GetLookahead(const NodeContainer& nodes)
{
    Time lookahead = Time::Max();
    for (const CrossRankLink& link : GetCrossRankLinks(nodes))
    {
        NS_ABORT_MSG_UNLESS(link.pointToPoint,
                            "channel " << link.channel->GetId() << " between ranks " << link.rankA
                                       << " and " << link.rankB
                                       << " is not point-to-point: ns-3's MPI cannot split it");
        lookahead = std::min(lookahead, link.delay);
    }
    return lookahead;
}

} // namespace ns3
