/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * DropCounters: the per-reason drop counters of MrRouting, MipTunnelManager, HomeAgent and
 * (through ProtocolDropCounters) every application's ProtocolDrop counts.
 */
#include "ns3/drop-counters.h"
#include "ns3/mip-tunnel-manager.h"
#include "ns3/mr-routing.h"
#include "ns3/protocol-drop.h"

#include <gtest/gtest.h>
#include <vector>

using namespace ns3;

namespace
{

/// A plain enumeration without COUNT: N is given.
enum Colour
{
    RED,
    GREEN,
    BLUE,
};

/// \param os stream \param c colour \return os
std::ostream&
operator<<(std::ostream& os, Colour c)
{
    return os << (c == RED ? "red" : c == GREEN ? "green" : "blue");
}

} // namespace

TEST(DropCounters, CountsPerReasonAndTotal)
{
    DropCounters<MrRoutingDrop> c;
    EXPECT_EQ(c.GetTotal(), 0u);
    EXPECT_EQ(c.ToString(), "");
    c.Add(MrRoutingDrop::NO_BINDING);
    c.Add(MrRoutingDrop::NO_BINDING);
    c.Add(MrRoutingDrop::SPOOFED_SOURCE, 5);
    EXPECT_EQ(c.Get(MrRoutingDrop::SPOOFED_SOURCE), 5u);
    EXPECT_EQ(c.Get(MrRoutingDrop::NO_BINDING), 2u);
    EXPECT_EQ(c.Get(MrRoutingDrop::NOT_FOR_SITE), 0u);
    EXPECT_EQ(c.GetTotal(), 7u);
}

TEST(DropCounters, OutOfRangeIsNeitherCountedNorRead)
{
    DropCounters<MipTunnelDrop> c;
    c.Add(MipTunnelDrop::COUNT, 3);
    c.Add(static_cast<MipTunnelDrop>(200));
    EXPECT_EQ(c.GetTotal(), 0u);
    EXPECT_EQ(c.Get(MipTunnelDrop::COUNT), 0u);
}

TEST(DropCounters, ToStringUsesTheEnumerationsNames)
{
    DropCounters<ProtocolDrop> c;
    c.Add(ProtocolDrop::PREFIX_CONFLICT, 2);
    c.Add(ProtocolDrop::AUTHENTICATION_FAILED);
    // enumeration order, zero counts left out
    EXPECT_EQ(c.ToString(), "authentication-failed=1 prefix-conflict=2");

    DropCounters<Colour, 3> colours;
    colours.Add(BLUE);
    colours.Add(RED, 4);
    colours.Add(static_cast<Colour>(3)); // beyond N
    EXPECT_EQ(colours.ToString(), "red=4 blue=1");
    EXPECT_EQ(colours.GetTotal(), 5u);
}

TEST(DropCounters, ProtocolDropCountersCountAndTrace)
{
    ProtocolDropCounters c;
    ProtocolDropTrace trace;
    std::vector<std::pair<ProtocolDrop, uint64_t>> seen;
    trace.ConnectWithoutContext(MakeBoundCallback(
        +[](std::vector<std::pair<ProtocolDrop, uint64_t>>* out,
            ProtocolDrop r,
            uint64_t n,
            Ipv4Address) { out->emplace_back(r, n); },
        &seen));
    c.Count(ProtocolDrop::MALFORMED, 3, Ipv4Address("10.0.0.1"), trace);
    c.Count(ProtocolDrop::UNKNOWN_PEER, 1, Ipv4Address("10.0.0.2"), trace);
    EXPECT_EQ(c.Get(ProtocolDrop::MALFORMED), 3u);
    EXPECT_EQ(c.Get(ProtocolDrop::UNKNOWN_PEER), 1u);
    EXPECT_EQ(c.GetTotal(), 4u);
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].first, ProtocolDrop::MALFORMED);
    EXPECT_EQ(seen[0].second, 3u);
    EXPECT_EQ(seen[1].first, ProtocolDrop::UNKNOWN_PEER);
}
