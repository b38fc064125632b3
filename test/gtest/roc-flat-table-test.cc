/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * RocFlatTable (issue 14): the Route Optimization Cache's sorted flat table with records
 * waiting for a merge gives what an ordered map gives, whatever the merges.
 */
#include "ns3/roc-flat-table.h"

#include <gtest/gtest.h>
#include <map>
#include <random>
#include <vector>

using namespace ns3;

namespace
{

/// A record of the test: a key and a value.
struct Record
{
    uint32_t key;   //!< the key
    uint32_t value; //!< the value
};

/// Key of a Record.
struct RecordKey
{
    /// \param r record \return its key
    uint32_t operator()(const Record& r) const
    {
        return r.key;
    }
};

using Table = RocFlatTable<Record, uint32_t, RecordKey>;

/// \param t a table \param low lowest key \param high highest key \return its records
/// in [low, high] as (key, value), in the order ForRange gives them
std::vector<std::pair<uint32_t, uint32_t>>
Range(const Table& t, uint32_t low, uint32_t high)
{
    std::vector<std::pair<uint32_t, uint32_t>> out;
    t.ForRange(low, high, [&out](const Record& r) { out.emplace_back(r.key, r.value); });
    return out;
}

} // namespace

TEST(RocFlatTable, BehavesAsAnOrderedMap)
{
    // Random inserts, erases, changes through Find() and merges, small and large tables
    // (the merge threshold is an eighth of the table, at least 32), against std::map.
    std::mt19937 rng(14);
    for (int round = 0; round < 40; ++round)
    {
        Table table;
        std::map<uint32_t, uint32_t> reference;
        uint32_t keys = round % 2 ? 64 : 4096;
        for (int step = 0; step < 3000; ++step)
        {
            uint32_t key = rng() % keys;
            switch (rng() % 8)
            {
            case 0:
            case 1:
            case 2:
                if (reference.count(key) == 0)
                {
                    EXPECT_EQ(table.Insert(Record{key, key * 3}).value, key * 3);
                    reference[key] = key * 3;
                }
                break;
            case 3:
                EXPECT_EQ(table.Erase(key), reference.erase(key) > 0);
                break;
            case 4:
                if (Record* r = table.Find(key))
                {
                    r->value = step;
                    reference.at(key) = step;
                }
                break;
            case 5:
                if (rng() % 16 == 0)
                {
                    table.Flush();
                    EXPECT_EQ(table.Flat().size(), reference.size());
                }
                break;
            default: {
                uint32_t high = key + rng() % 64;
                auto first = reference.lower_bound(key);
                auto last = reference.upper_bound(high);
                ASSERT_EQ(Range(table, key, high),
                          (std::vector<std::pair<uint32_t, uint32_t>>(first, last)));
                break;
            }
            }
            const Record* r = static_cast<const Table&>(table).Find(key);
            auto it = reference.find(key);
            ASSERT_EQ(r != nullptr, it != reference.end()) << "round " << round << " step " << step;
            ASSERT_TRUE(r == nullptr || (r->key == key && r->value == it->second));
            ASSERT_EQ(table.Size(), reference.size());
        }
        table.Flush();
        ASSERT_EQ(table.Flat().size(), reference.size());
        size_t i = 0;
        for (const auto& [key, value] : reference)
        {
            EXPECT_EQ(table.Flat()[i].key, key);
            EXPECT_EQ(table.Flat()[i].value, value);
            EXPECT_EQ(table.LowerBoundIndex(key), i);
            ++i;
        }
    }
}
