/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * PacketBufferRecycling (issue 14): after Limit(), small packets and IP fragments made
 * after large packets were freed hold about their own octets, not the large blocks that
 * ns-3's Buffer free list would otherwise hand them; the octets are the same.
 */
#include "ns3/ipv4-header.h"
#include "ns3/packet-buffer-recycling.h"
#include "ns3/packet.h"

#include <cstdint>
#include <gtest/gtest.h>
#include <malloc.h>
#include <vector>

using namespace ns3;

namespace
{

constexpr uint32_t LARGE = 65000; //!< a fragmented Registration Reply's size
constexpr int COUNT = 200;        //!< large packets freed, small ones kept

/// \return octets the heap has handed out (small chunks and mmapped ones)
std::size_t
HeapInUse()
{
    struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
}

/// Creates COUNT large packets of real octets and frees them.
void
CreateAndFreeLargePackets()
{
    std::vector<uint8_t> octets(LARGE, 0xab);
    std::vector<Ptr<Packet>> large;
    for (int i = 0; i < COUNT; ++i)
    {
        large.push_back(Create<Packet>(octets.data(), LARGE));
    }
}

} // namespace

TEST(PacketBufferRecyclingTest, SmallPacketsDoNotKeepFreedLargeBlocks)
{
    PacketBufferRecycling::Limit();
    std::size_t before = HeapInUse();
    CreateAndFreeLargePackets();
    std::vector<Ptr<Packet>> small;
    uint8_t payload[100] = {1, 2, 3};
    for (int i = 0; i < COUNT; ++i)
    {
        small.push_back(Create<Packet>(payload, sizeof(payload)));
        Ipv4Header ip;
        ip.SetPayloadSize(sizeof(payload));
        small.back()->AddHeader(ip);
    }
    // Signed: the heap may shrink when earlier tests of the same process left blocks that
    // CreateAndFreeLargePackets() lets go of.
    auto grown = static_cast<int64_t>(HeapInUse()) - static_cast<int64_t>(before);
    // Recycled, the freed blocks would be held here: COUNT x 65 KB = 13 MB. Own octets and
    // the packet objects: well under 2 KiB per packet.
    EXPECT_LT(grown, int64_t{COUNT} * 2048);
    EXPECT_EQ(small.back()->GetSize(), 120u);
    uint8_t first[21];
    small.back()->CopyData(first, sizeof(first));
    EXPECT_EQ(first[0], 0x45); // the IPv4 header's version and length
    EXPECT_EQ(first[20], 1);   // then the payload's first octet
}

TEST(PacketBufferRecyclingTest, FragmentsHoldTheirOwnOctets)
{
    PacketBufferRecycling::Limit();
    std::vector<uint8_t> octets(LARGE);
    for (uint32_t i = 0; i < LARGE; ++i)
    {
        octets[i] = uint8_t(i * 7);
    }
    std::size_t before = HeapInUse();
    CreateAndFreeLargePackets();
    std::vector<Ptr<Packet>> fragments;
    {
        // What Ipv4L3Protocol::DoFragmentation and Ipv4Interface::Send do to a reply: the
        // original is freed once its fragments have their IP headers.
        Ptr<Packet> reply = Create<Packet>(octets.data(), LARGE);
        for (uint32_t offset = 0; offset < LARGE; offset += 1480)
        {
            uint32_t size = std::min<uint32_t>(1480, LARGE - offset);
            Ptr<Packet> fragment = reply->CreateFragment(offset, size);
            Ipv4Header ip;
            ip.SetPayloadSize(size);
            ip.SetFragmentOffset(offset);
            fragment->AddHeader(ip);
            fragments.push_back(fragment);
        }
    }
    auto grown = static_cast<int64_t>(HeapInUse()) - static_cast<int64_t>(before);
    // 44 fragments of up to 1,500 octets: about LARGE in all (recycled, the freed blocks
    // would be kept as well, and each fragment would hold one of them).
    EXPECT_LT(grown, int64_t{2} * LARGE);
    std::vector<uint8_t> back;
    for (const Ptr<Packet>& fragment : fragments)
    {
        Ptr<Packet> copy = fragment->Copy();
        Ipv4Header ip;
        copy->RemoveHeader(ip);
        std::vector<uint8_t> part(copy->GetSize());
        copy->CopyData(part.data(), part.size());
        back.insert(back.end(), part.begin(), part.end());
    }
    EXPECT_EQ(back, octets);
}
