/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Ipv4PrefixTable: longest-prefix match against a brute-force reference on random
 * prefixes and addresses (fixed seed), insert/replace/remove, host-bit masking, /0, /32.
 */
#include "ns3/ipv4-prefix-table.h"

#include <gtest/gtest.h>
#include <map>
#include <random>
#include <set>
#include <tuple>
#include <vector>

using namespace ns3;

namespace
{

/// Brute-force reference: a list of (network, length, value), scanned in full.
struct Reference
{
    std::map<std::pair<uint32_t, uint8_t>, int> prefixes; //!< (network, length) -> value

    void Insert(uint32_t network, uint8_t length, int value)
    {
        prefixes[{network & Ipv4PrefixTable<int>::MaskOf(length), length}] = value;
    }

    bool Remove(uint32_t network, uint8_t length)
    {
        return prefixes.erase({network & Ipv4PrefixTable<int>::MaskOf(length), length}) > 0;
    }

    /// \return (found, value, length) of the longest match
    std::tuple<bool, int, uint8_t> Lookup(uint32_t address) const
    {
        bool found = false;
        int value = 0;
        uint8_t best = 0;
        for (const auto& [key, v] : prefixes)
        {
            if ((address & Ipv4PrefixTable<int>::MaskOf(key.second)) == key.first &&
                (!found || key.second > best))
            {
                found = true;
                best = key.second;
                value = v;
            }
        }
        return {found, value, best};
    }
};

/// Checks one address against the reference.
void
ExpectSame(const Ipv4PrefixTable<int>& table, const Reference& reference, uint32_t address)
{
    auto [found, value, length] = reference.Lookup(address);
    uint8_t matched = 255;
    const int* got = table.Lookup(Ipv4Address(address), &matched);
    ASSERT_EQ(got != nullptr, found) << Ipv4Address(address);
    if (found)
    {
        EXPECT_EQ(*got, value) << Ipv4Address(address);
        EXPECT_EQ(matched, length) << Ipv4Address(address);
    }
}

} // namespace

TEST(Ipv4PrefixTableTest, EmptyTableMatchesNothing)
{
    Ipv4PrefixTable<int> table;
    EXPECT_EQ(table.Size(), 0u);
    EXPECT_TRUE(table.IsEmpty());
    EXPECT_EQ(table.Lookup(Ipv4Address("10.0.0.1")), nullptr);
    EXPECT_EQ(table.LookupExact(Ipv4Address("0.0.0.0"), 0), nullptr);
    EXPECT_FALSE(table.Remove(Ipv4Address("10.0.0.0"), 8));
}

TEST(Ipv4PrefixTableTest, LongestMatchWins)
{
    Ipv4PrefixTable<int> table;
    EXPECT_TRUE(table.Insert(Ipv4Address("10.0.0.0"), 8, 8));
    EXPECT_TRUE(table.Insert(Ipv4Address("10.1.0.0"), 16, 16));
    EXPECT_TRUE(table.Insert(Ipv4Address("10.1.2.0"), 24, 24));
    EXPECT_EQ(*table.Lookup(Ipv4Address("10.1.2.3")), 24);
    EXPECT_EQ(*table.Lookup(Ipv4Address("10.1.3.3")), 16);
    EXPECT_EQ(*table.Lookup(Ipv4Address("10.2.3.3")), 8);
    EXPECT_EQ(table.Lookup(Ipv4Address("11.0.0.0")), nullptr);
    EXPECT_EQ(table.GetLengthsInUse(), (1ull << 8) | (1ull << 16) | (1ull << 24));
}

TEST(Ipv4PrefixTableTest, HostBitsAreMasked)
{
    Ipv4PrefixTable<int> table;
    EXPECT_TRUE(table.Insert(Ipv4Address("192.0.2.77"), 24, 1));
    // Same prefix written differently: a replacement, not a second entry.
    EXPECT_FALSE(table.Insert(Ipv4Address("192.0.2.200"), 24, 2));
    EXPECT_EQ(table.Size(), 1u);
    ASSERT_NE(table.LookupExact(Ipv4Address("192.0.2.0"), 24), nullptr);
    EXPECT_EQ(*table.LookupExact(Ipv4Address("192.0.2.0"), 24), 2);
    bool seen = false;
    table.ForEach([&seen](Ipv4Address prefix, uint8_t length, const int& value) {
        EXPECT_EQ(prefix, Ipv4Address("192.0.2.0"));
        EXPECT_EQ(length, 24);
        EXPECT_EQ(value, 2);
        seen = true;
    });
    EXPECT_TRUE(seen);
    EXPECT_TRUE(table.Remove(Ipv4Address("192.0.2.255"), 24));
    EXPECT_TRUE(table.IsEmpty());
}

TEST(Ipv4PrefixTableTest, DefaultRouteAndHostRoutes)
{
    Ipv4PrefixTable<int> table;
    table.Insert(Ipv4Address("1.2.3.4"), 0, 0); // host bits masked: 0.0.0.0/0
    table.Insert(Ipv4Address("203.0.113.9"), 32, 32);
    table.Insert(Ipv4Address("255.255.255.255"), 32, 33);
    table.Insert(Ipv4Address("0.0.0.0"), 32, 34);
    EXPECT_EQ(table.Size(), 4u);
    EXPECT_EQ(*table.Lookup(Ipv4Address("203.0.113.9")), 32);
    EXPECT_EQ(*table.Lookup(Ipv4Address("203.0.113.8")), 0);
    EXPECT_EQ(*table.Lookup(Ipv4Address("255.255.255.255")), 33);
    EXPECT_EQ(*table.Lookup(Ipv4Address("0.0.0.0")), 34);
    EXPECT_EQ(*table.Lookup(Ipv4Address("0.0.0.1")), 0);
    ASSERT_NE(table.LookupExact(Ipv4Address("0.0.0.0"), 0), nullptr);
    EXPECT_TRUE(table.Remove(Ipv4Address("0.0.0.0"), 0));
    EXPECT_EQ(table.Lookup(Ipv4Address("203.0.113.8")), nullptr);
    EXPECT_EQ(*table.Lookup(Ipv4Address("203.0.113.9")), 32);
}

TEST(Ipv4PrefixTableTest, InsertReplaceRemove)
{
    Ipv4PrefixTable<int> table;
    EXPECT_TRUE(table.Insert(Ipv4Address("10.0.0.0"), 16, 1));
    EXPECT_FALSE(table.Insert(Ipv4Address("10.0.0.0"), 16, 2));
    EXPECT_TRUE(table.Insert(Ipv4Address("10.0.0.0"), 17, 3)); // other length: new
    EXPECT_EQ(table.Size(), 2u);
    EXPECT_EQ(*table.Lookup(Ipv4Address("10.0.200.1")), 2);
    EXPECT_EQ(*table.Lookup(Ipv4Address("10.0.1.1")), 3);
    *table.Lookup(Ipv4Address("10.0.1.1")) = 4; // values are writable in place
    EXPECT_EQ(*table.LookupExact(Ipv4Address("10.0.0.0"), 17), 4);
    EXPECT_TRUE(table.Remove(Ipv4Address("10.0.0.0"), 17));
    EXPECT_FALSE(table.Remove(Ipv4Address("10.0.0.0"), 17));
    EXPECT_EQ(*table.Lookup(Ipv4Address("10.0.1.1")), 2);
    EXPECT_EQ(table.GetLengthsInUse(), 1ull << 16);
    table.Clear();
    EXPECT_EQ(table.Size(), 0u);
    EXPECT_EQ(table.GetLengthsInUse(), 0u);
    EXPECT_EQ(table.Lookup(Ipv4Address("10.0.1.1")), nullptr);
}

TEST(Ipv4PrefixTableTest, LookupIfFallsBackToShorterPrefix)
{
    Ipv4PrefixTable<int> table;
    table.Insert(Ipv4Address("0.0.0.0"), 0, 0);
    table.Insert(Ipv4Address("10.0.0.0"), 8, 8);
    table.Insert(Ipv4Address("10.1.0.0"), 16, 16);
    uint8_t length = 0;
    const int* odd = table.LookupIf(
        Ipv4Address("10.1.1.1"),
        [](const int& v) { return v != 16; },
        &length);
    ASSERT_NE(odd, nullptr);
    EXPECT_EQ(*odd, 8);
    EXPECT_EQ(length, 8);
    EXPECT_EQ(*table.LookupIf(Ipv4Address("10.1.1.1"), [](const int& v) { return v == 0; }), 0);
    EXPECT_EQ(table.LookupIf(Ipv4Address("10.1.1.1"), [](const int&) { return false; }), nullptr);
}

TEST(Ipv4PrefixTableTest, RandomPrefixesMatchBruteForce)
{
    std::mt19937 rng(20240521);
    // Prefixes drawn around a few base addresses so that they nest and overlap.
    std::vector<uint32_t> bases;
    for (int i = 0; i < 16; ++i)
    {
        bases.push_back(rng());
    }
    auto near = [&]() {
        uint32_t base = bases[rng() % bases.size()];
        int flip = rng() % 33; // flip some low bits
        uint32_t noise = flip == 32 ? rng() : (rng() & ((1u << flip) - 1));
        return base ^ noise;
    };

    Ipv4PrefixTable<int> table;
    Reference reference;
    for (int i = 0; i < 4000; ++i)
    {
        uint8_t length = static_cast<uint8_t>(rng() % 33);
        uint32_t network = near();
        table.Insert(Ipv4Address(network), length, i);
        reference.Insert(network, length, i);
    }
    ASSERT_EQ(table.Size(), reference.prefixes.size());
    for (int i = 0; i < 5000; ++i)
    {
        ExpectSame(table, reference, (i % 5 == 0) ? rng() : near());
    }

    // Remove about half, replace some, and check again.
    std::vector<std::pair<uint32_t, uint8_t>> keys;
    for (const auto& entry : reference.prefixes)
    {
        keys.push_back(entry.first);
    }
    for (std::size_t i = 0; i < keys.size(); ++i)
    {
        if (rng() % 2 == 0)
        {
            EXPECT_TRUE(table.Remove(Ipv4Address(keys[i].first), keys[i].second));
            EXPECT_TRUE(reference.Remove(keys[i].first, keys[i].second));
        }
        else if (rng() % 4 == 0)
        {
            EXPECT_FALSE(table.Insert(Ipv4Address(keys[i].first), keys[i].second, -1));
            reference.Insert(keys[i].first, keys[i].second, -1);
        }
    }
    ASSERT_EQ(table.Size(), reference.prefixes.size());
    for (int i = 0; i < 5000; ++i)
    {
        ExpectSame(table, reference, (i % 5 == 0) ? rng() : near());
    }

    // ForEach visits exactly the reference's prefixes, longest first.
    std::set<std::pair<uint32_t, uint8_t>> visited;
    int lastLength = 33;
    table.ForEach([&](Ipv4Address prefix, uint8_t length, const int& value) {
        EXPECT_LE(length, lastLength);
        lastLength = length;
        auto key = std::make_pair(prefix.Get(), length);
        EXPECT_TRUE(visited.insert(key).second);
        auto it = reference.prefixes.find(key);
        ASSERT_NE(it, reference.prefixes.end());
        EXPECT_EQ(it->second, value);
    });
    EXPECT_EQ(visited.size(), reference.prefixes.size());
}
