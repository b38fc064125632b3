/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Issue 10, item 8 (row G): configuration errors of the Home Agent and the mobile router
 * are clear fatal errors naming the value (prefix length above 32, overlapping mobile
 * networks of two routers at one Home Agent, a lifetime that does not fit its 16-bit
 * field), and prefix arithmetic on lengths that arrive in packets never shifts by 32 or
 * more (MipPrefix, HaPrefixOwners).
 */
#include "ns3/config.h"
#include "ns3/ha-binding-table.h"
#include "ns3/home-agent.h"
#include "ns3/mobile-router.h"
#include "ns3/nemo-network-helper.h"
#include "ns3/nstime.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

const Ipv4Address HOA_A("192.168.0.10");
const Ipv4Address HOA_B("192.168.0.11");

/// \param hoa a home address \return its helper-derived security association
MipSecurityAssociation
Sa(Ipv4Address hoa)
{
    return NemoNetworkHelper::MakeSecurityAssociation(hoa == HOA_A ? 0 : 1, hoa);
}

TEST(MipPrefixTest, MaskNeverShiftsBy32OrMore)
{
    EXPECT_EQ(MipPrefix::MaskOf(0), 0u);
    EXPECT_EQ(MipPrefix::MaskOf(1), 0x80000000u);
    EXPECT_EQ(MipPrefix::MaskOf(24), 0xffffff00u);
    EXPECT_EQ(MipPrefix::MaskOf(32), 0xffffffffu);
    EXPECT_EQ(MipPrefix::MaskOf(33), 0xffffffffu);
    EXPECT_EQ(MipPrefix::MaskOf(255), 0xffffffffu);
}

TEST(MipPrefixTest, InvalidPrefixContainsAndOverlapsNothing)
{
    MipPrefix bad{Ipv4Address("10.1.0.0"), 33};
    EXPECT_FALSE(bad.IsValid());
    EXPECT_FALSE(bad.Contains(Ipv4Address("10.1.0.0")));
    EXPECT_FALSE(bad.Overlaps(MipPrefix{Ipv4Address("10.0.0.0"), 8}));
    MipPrefix p{Ipv4Address("10.1.0.0"), 16};
    EXPECT_TRUE(p.IsValid());
    EXPECT_TRUE(p.Contains(Ipv4Address("10.1.255.1")));
    EXPECT_FALSE(p.Contains(Ipv4Address("10.2.0.1")));
    EXPECT_TRUE(p.Overlaps(MipPrefix{Ipv4Address("10.1.2.0"), 24}));
    EXPECT_TRUE((MipPrefix{Ipv4Address("10.0.0.0"), 8}.Overlaps(p)));
    EXPECT_FALSE(p.Overlaps(MipPrefix{Ipv4Address("10.2.0.0"), 16}));
    EXPECT_TRUE((MipPrefix{Ipv4Address("0.0.0.0"), 0}.Contains(Ipv4Address("1.2.3.4"))));
}

TEST(HaPrefixOwnersTest, FindsContainingContainedAndEqualPrefixesOfOthers)
{
    HaPrefixOwners owners;
    owners.Add({Ipv4Address("10.1.0.0"), 16}, HOA_A);
    owners.Add({Ipv4Address("10.3.4.0"), 24}, HOA_A);
    // Control: disjoint prefixes and the owner's own prefixes are no overlap.
    EXPECT_FALSE(owners.FindOverlap({Ipv4Address("10.2.0.0"), 16}, HOA_B).has_value());
    EXPECT_FALSE(owners.FindOverlap({Ipv4Address("10.1.2.0"), 24}, HOA_A).has_value());
    EXPECT_FALSE(owners.FindOverlap({Ipv4Address("10.3.5.0"), 24}, HOA_B).has_value());
    // Inside A's /16, equal to it, containing A's /24 (not at its start).
    auto inside = owners.FindOverlap({Ipv4Address("10.1.2.0"), 24}, HOA_B);
    ASSERT_TRUE(inside.has_value());
    EXPECT_EQ(inside->first, (MipPrefix{Ipv4Address("10.1.0.0"), 16}));
    EXPECT_EQ(inside->second, HOA_A);
    EXPECT_TRUE(owners.FindOverlap({Ipv4Address("10.1.0.0"), 16}, HOA_B).has_value());
    auto around = owners.FindOverlap({Ipv4Address("10.3.0.0"), 16}, HOA_B);
    ASSERT_TRUE(around.has_value());
    EXPECT_EQ(around->first, (MipPrefix{Ipv4Address("10.3.4.0"), 24}));
    EXPECT_TRUE(owners.FindOverlap({Ipv4Address("0.0.0.0"), 0}, HOA_B).has_value());
    owners.RemoveOwner(HOA_A);
    EXPECT_FALSE(owners.FindOverlap({Ipv4Address("0.0.0.0"), 0}, HOA_B).has_value());
}

TEST(HomeAgentConfigTest, DisjointAndRedeclaredPrefixesAreAccepted)
{
    Ptr<HomeAgent> ha = CreateObject<HomeAgent>();
    ha->AddMobileNode(HOA_A, Sa(HOA_A), {{Ipv4Address("10.1.0.0"), 16}});
    ha->AddMobileNode(HOA_B, Sa(HOA_B), {{Ipv4Address("10.2.0.0"), 16}});
    // A declared again with a sub-prefix of its own old one, then B takes A's old space.
    ha->AddMobileNode(HOA_A, Sa(HOA_A), {{Ipv4Address("10.1.0.0"), 24}});
    ha->AddMobileNode(HOA_B, Sa(HOA_B), {{Ipv4Address("10.1.128.0"), 17}});
    SUCCEED();
}

TEST(HomeAgentConfigDeathTest, PrefixLengthAbove32)
{
    Ptr<HomeAgent> ha = CreateObject<HomeAgent>();
    EXPECT_DEATH(ha->AddMobileNode(HOA_A, Sa(HOA_A), {{Ipv4Address("10.1.0.0"), 33}}),
                 "prefix length 33 of 10.1.0.0 is above 32");
}

TEST(HomeAgentConfigDeathTest, OverlappingPrefixesOfTwoRouters)
{
    Ptr<HomeAgent> ha = CreateObject<HomeAgent>();
    ha->AddMobileNode(HOA_A, Sa(HOA_A), {{Ipv4Address("10.1.0.0"), 16}});
    EXPECT_DEATH(ha->AddMobileNode(HOA_B, Sa(HOA_B), {{Ipv4Address("10.1.2.0"), 24}}),
                 "mobile network 10.1.2.0/24 overlaps 10.1.0.0/16 of 192.168.0.10");
    EXPECT_DEATH(ha->AddMobileNode(HOA_B, Sa(HOA_B), {{Ipv4Address("10.0.0.0"), 8}}),
                 "mobile network 10.0.0.0/8 overlaps 10.1.0.0/16 of 192.168.0.10");
}

TEST(HomeAgentConfigDeathTest, LifetimesAbove65535)
{
    Ptr<HomeAgent> ha = CreateObject<HomeAgent>();
    ha->SetAttribute("MaxLifetime", UintegerValue(65535)); // control: the largest that fits
    EXPECT_DEATH(ha->SetAttribute("MaxLifetime", UintegerValue(70000)),
                 "MaxLifetime = 70000 is out of range");
    EXPECT_DEATH(ha->SetAttribute("NatMaxLifetime", UintegerValue(65536)),
                 "NatMaxLifetime = 65536 is out of range");
    EXPECT_DEATH(ha->SetAttribute("UdpKeepaliveInterval", UintegerValue(100000)),
                 "UdpKeepaliveInterval = 100000 is out of range");
}

TEST(MobileRouterConfigDeathTest, PrefixLengthAbove32)
{
    Ptr<MobileRouter> mr = CreateObject<MobileRouter>();
    mr->AddMobileNetwork(Ipv4Address("10.1.0.0"), 32); // control
    EXPECT_DEATH(mr->AddMobileNetwork(Ipv4Address("10.1.0.0"), 33), "prefix length 33 is above 32");
}

TEST(MobileRouterConfigDeathTest, LifetimesAbove65535)
{
    Ptr<MobileRouter> mr = CreateObject<MobileRouter>();
    Ptr<RouteOptimizer> ro = CreateObject<RouteOptimizer>();
    ro->SetAttribute("BindingLifetime", TimeValue(Seconds(65535))); // control
    EXPECT_DEATH(ro->SetAttribute("BindingLifetime", TimeValue(Seconds(70000))),
                 "BindingLifetime = \\+70000s is out of range");
    EXPECT_DEATH(mr->SetAttribute("Lifetime", UintegerValue(65536)),
                 "Lifetime = 65536 is out of range");
    EXPECT_DEATH(Config::SetDefault("ns3::RouteOptimizer::BindingLifetime", StringValue("100000s")),
                 "BindingLifetime = \\+100000s is out of range");
}

} // namespace
