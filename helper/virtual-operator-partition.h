/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VIRTUAL_OPERATOR_PARTITION_H
#define VIRTUAL_OPERATOR_PARTITION_H

#include "ns3/channel.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief How VirtualOperatorTopologyHelper splits its network over the ranks of ns-3's
 * distributed (MPI) simulator, and the check that the split is one ns-3 can run.
 *
 * ns-3's MPI engine gives each node to the rank of its SystemId and exchanges packets
 * between ranks only over point-to-point links; the smallest delay of such a link is
 * the lookahead, the simulated time every rank may run ahead without hearing from the
 * others. The split follows the ISPs (issue 14, goal 5):
 * - rank 0: the Home Agent and the peering point (the backbone);
 * - with R ranks (R >= 2), ISP k's router on rank 1 + (k mod (R - 1)); R = K + 1 gives
 *   each ISP its own rank;
 * - each site (its Mobile Router, the hosts of its CSMA LAN) on the rank of the ISP of
 *   its first (primary) uplink; a middlebox on the rank of the ISP it is attached to.
 * The links that cross ranks are then the ISP core links (peering point - ISP router),
 * the customer links of every uplink but the primary one when its ISP is on another
 * rank, and the inside links of middleboxes on another rank than the site: all
 * point-to-point. With R = 1 (the default) every node is on rank 0, as without MPI.
 */
class VirtualOperatorPartition
{
  public:
    /// A channel whose devices are on more than one rank.
    struct CrossRankLink
    {
        Ptr<Channel> channel;     //!< the channel
        uint32_t rankA{0};        //!< the rank of its first device's node
        uint32_t rankB{0};        //!< another rank among its devices' nodes
        Time delay;               //!< its propagation delay (attribute Delay)
        bool pointToPoint{false}; //!< a PointToPointChannel (what MPI can split)
    };

    /// \return the rank of the Home Agent and the peering point
    static uint32_t GetBackboneRank();
    /**
     * \param isp an ISP index \param systemCount the number of ranks (1 or more)
     * \return the rank of its router (and of the sites whose primary uplink is on it)
     */
    static uint32_t GetIspRank(uint32_t isp, uint32_t systemCount);

    /**
     * \param nodes the nodes of a topology (VirtualOperatorTopology::GetAllNodes())
     * \return every channel between them whose devices are on more than one rank
     */
    static std::vector<CrossRankLink> GetCrossRankLinks(const NodeContainer& nodes);
    /**
     * \param nodes the nodes of a topology
     * \return the lookahead of ns-3's MPI engine for them: the smallest delay of a link
     * between ranks (Time::Max() when no link crosses ranks); aborts if a link between
     * ranks is not point-to-point (the MPI engine could not split it)
     */
    static Time GetLookahead(const NodeContainer& nodes);
};

} // namespace ns3

#endif /* VIRTUAL_OPERATOR_PARTITION_H */
