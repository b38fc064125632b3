/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ns-3 TestSuite "haaro-partition" (issue 14, goal 5): VirtualOperatorTopologyHelper's
 * split of the network over the ranks of ns-3's distributed (MPI) simulator. Debian's
 * ns-3 has no MPI, so the simulation itself is not run on several ranks here: the test
 * checks the assignment (every node's SystemId), that every link between ranks is
 * point-to-point with the expected lookahead, that the site LANs stay inside one rank,
 * and that one rank (the default) changes nothing.
 */
#include "ns3/core-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"
#include "ns3/virtual-operator-partition.h"
#include "ns3/virtual-operator-topology-helper.h"

#include <set>

using namespace ns3;

namespace
{

/**
 * \param ranks ranks to split over \param middlebox put a middlebox on a secondary uplink
 * \return a topology of 3 ISPs and 12 dual-homed sites (site 5 on ISPs 2 and 0 with a
 * 3 ms secondary uplink)
 */
VirtualOperatorTopology
Build(uint32_t ranks, bool middlebox)
{
    VirtualOperatorTopologyHelper helper;
    helper.SetNumIsps(3);
    helper.SetSystemCount(ranks);
    helper.AddSites(5, 2);
    VirtualOperatorTopologyHelper::UplinkConfig primary;
    primary.isp = 2;
    VirtualOperatorTopologyHelper::UplinkConfig secondary;
    secondary.isp = 0;
    secondary.delay = MilliSeconds(3);
    helper.AddSite({primary, secondary});
    helper.AddSites(6, 2);
    if (middlebox)
    {
        helper.SetUplinkMiddlebox(7, 1, 0); // site 7: ISPs 1 and 2, the second behind it
    }
    return helper.Build();
}

/**
 * \ingroup haaro-tests
 * Every node's SystemId follows the ISPs; every link between ranks is point-to-point.
 */
class PartitionTestCase : public TestCase
{
  public:
    PartitionTestCase()
        : TestCase("SystemIds follow the ISPs; only point-to-point links cross ranks")
    {
    }

  private:
    void DoRun() override
    {
        for (uint32_t ranks : {2u, 3u, 4u})
        {
            VirtualOperatorTopology t = Build(ranks, false);
            auto ispRank = [ranks](uint32_t isp) {
                return ranks == 2 ? 1u : 1 + isp % (ranks - 1);
            };
            NS_TEST_ASSERT_MSG_EQ(t.homeAgent->GetSystemId(), 0, "HA on rank 0");
            NS_TEST_ASSERT_MSG_EQ(t.peering->GetSystemId(), 0, "peering point on rank 0");
            for (uint32_t isp = 0; isp < 3; ++isp)
            {
                NS_TEST_ASSERT_MSG_EQ(t.ispRouters.Get(isp)->GetSystemId(),
                                      ispRank(isp),
                                      "ISP " << isp << " with " << ranks << " ranks");
            }
            std::set<uint32_t> used;
            for (uint32_t i = 0; i < t.sites.size(); ++i)
            {
                const VirtualOperatorSite& site = t.sites[i];
                uint32_t rank = ispRank(site.uplinks[0].isp);
                used.insert(rank);
                NS_TEST_ASSERT_MSG_EQ(site.mobileRouter->GetSystemId(), rank, "site " << i);
                for (uint32_t h = 0; h < site.hosts.GetN(); ++h)
                {
                    NS_TEST_ASSERT_MSG_EQ(site.hosts.Get(h)->GetSystemId(),
                                          rank,
                                          "host of site " << i << " with its router");
                }
            }
            NS_TEST_ASSERT_MSG_EQ(used.size(), std::min(3u, ranks - 1), "every ISP rank used");

            // Links between ranks: the ISP core links (5 ms) and the secondary customer
            // links on another rank (10 ms, site 5's 3 ms); never a CSMA LAN.
            std::vector<VirtualOperatorPartition::CrossRankLink> links =
                VirtualOperatorPartition::GetCrossRankLinks(t.GetAllNodes());
            uint32_t secondaries = 0;
            for (const VirtualOperatorSite& site : t.sites)
            {
                for (uint32_t u = 1; u < site.uplinks.size(); ++u)
                {
                    secondaries += ispRank(site.uplinks[u].isp) != ispRank(site.uplinks[0].isp);
                }
            }
            NS_TEST_ASSERT_MSG_EQ(links.size(), 3 + secondaries, "core and secondary links");
            for (const auto& link : links)
            {
                NS_TEST_ASSERT_MSG_EQ(link.pointToPoint, true, "only point-to-point");
                bool isP2p = DynamicCast<PointToPointChannel>(link.channel) != nullptr;
                NS_TEST_ASSERT_MSG_EQ(isP2p, true, "a PointToPointChannel");
                NS_TEST_ASSERT_MSG_NE(link.rankA, link.rankB, "between ranks");
            }
            // with 4 ranks site 5's 3 ms secondary uplink (ISP 0) leaves its rank (ISP 2's)
            Time lookahead = ranks == 4 ? MilliSeconds(3) : MilliSeconds(5);
            NS_TEST_ASSERT_MSG_EQ(VirtualOperatorPartition::GetLookahead(t.GetAllNodes()),
                                  lookahead,
                                  "lookahead with " << ranks << " ranks");
            Simulator::Destroy();
        }
    }
};

/**
 * \ingroup haaro-tests
 * One rank (the default) gives every node SystemId 0 and no link crosses ranks; a
 * middlebox goes to its ISP's rank.
 */
class OneRankTestCase : public TestCase
{
  public:
    OneRankTestCase()
        : TestCase("One rank: every SystemId 0; a middlebox on its ISP's rank")
    {
    }

  private:
    void DoRun() override
    {
        VirtualOperatorTopology t = Build(1, true);
        NodeContainer all = t.GetAllNodes();
        for (uint32_t i = 0; i < all.GetN(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(all.Get(i)->GetSystemId(), 0, "node " << i);
        }
        NS_TEST_ASSERT_MSG_EQ(VirtualOperatorPartition::GetCrossRankLinks(all).size(),
                              0,
                              "no link between ranks");
        NS_TEST_ASSERT_MSG_EQ(VirtualOperatorPartition::GetLookahead(all), Time::Max(), "none");
        Simulator::Destroy();

        t = Build(4, true);
        NS_TEST_ASSERT_MSG_EQ(t.middleboxes.size(), 1, "one middlebox");
        NS_TEST_ASSERT_MSG_EQ(t.middleboxes[0].node->GetSystemId(),
                              1 + t.middleboxes[0].isp % 3,
                              "the middlebox with its ISP");
        for (const auto& link : VirtualOperatorPartition::GetCrossRankLinks(t.GetAllNodes()))
        {
            NS_TEST_ASSERT_MSG_EQ(link.pointToPoint, true, "only point-to-point");
        }
        Simulator::Destroy();
    }
};

/**
 * \ingroup haaro-tests
 * The suite.
 */
class VirtualOperatorPartitionTestSuite : public TestSuite
{
  public:
    VirtualOperatorPartitionTestSuite()
        : TestSuite("haaro-partition", UNIT)
    {
        AddTestCase(new PartitionTestCase, TestCase::QUICK);
        AddTestCase(new OneRankTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
VirtualOperatorPartitionTestSuite g_virtualOperatorPartitionTestSuite;

} // namespace
