/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The encoder's indexed realm dictionary (issue 14) answers Find() as the 128-entry scan
 * does, through wraps and repeated strings; the streaming Prefix Advertisement encoder
 * writes what Encode() writes.
 */
#include "ns3/prefix-advertisement-encoder.h"
#include "ns3/prefix-advertisement-extension.h"
#include "ns3/realm-codec.h"

#include <gtest/gtest.h>
#include <random>

using namespace ns3;

TEST(RealmDictionaryIndex, FindAgreesWithTheScanThroughWraps)
{
    std::mt19937 rng(14);
    RealmDictionary indexed(true);
    RealmDictionary scanned(false);
    for (int round = 0; round < 3; ++round)
    {
        // Few distinct strings, many more additions than 128: repeats and wraps.
        for (int i = 0; i < 1000; ++i)
        {
            std::string s = "s" + std::to_string(rng() % 150);
            ASSERT_EQ(indexed.Add(s), scanned.Add(s));
            std::string probe = "s" + std::to_string(rng() % 160);
            ASSERT_EQ(indexed.Find(probe), scanned.Find(probe)) << probe << " after " << i;
            ASSERT_EQ(indexed.Find(s), scanned.Find(s)) << s;
        }
        for (int v = 0; v < 160; ++v)
        {
            std::string probe = "s" + std::to_string(v);
            ASSERT_EQ(indexed.Find(probe), scanned.Find(probe)) << probe;
        }
        indexed.Clear();
        scanned.Clear();
        EXPECT_EQ(indexed.Find("s1"), std::nullopt);
    }
}

TEST(RealmDictionaryIndex, OverwrittenEntryLeavesTheOtherCopies)
{
    RealmDictionary d(true);
    d.Add("x"); // entry 0
    for (int i = 1; i < 128; ++i)
    {
        d.Add(i == 5 ? "x" : "f" + std::to_string(i));
    }
    EXPECT_EQ(d.Find("x"), std::optional<uint8_t>(0));
    d.Add("y"); // overwrites entry 0
    EXPECT_EQ(d.Find("x"), std::optional<uint8_t>(5));
    EXPECT_EQ(d.Find("y"), std::optional<uint8_t>(0));
}

TEST(RealmDictionaryIndex, StreamingEncoderWritesWhatEncodeWrites)
{
    std::mt19937 rng(1401);
    const char* domains[] = {"example.com", "example.org", "foo.example.com", ""};
    for (int trial = 0; trial < 20; ++trial)
    {
        PrefixAdvertisementExtension adv;
        for (int i = 0; i < 400; ++i)
        {
            adv.AddMobileRouter(Ipv4Address(0x0a000000 + rng() % 5000), rng() % 2);
            for (uint32_t k = rng() % 3; k > 0; --k)
            {
                std::string domain = domains[rng() % 4];
                std::string realm =
                    domain.empty() ? "" : "s" + std::to_string(rng() % 300) + "." + domain;
                adv.AddPrefix(Ipv4Address(0xc0a80000 + (rng() % 4096) * 256), 24, realm);
            }
        }
        PrefixAdvertisementEncodeOptions options;
        options.maxSize = 200 + rng() % 4000;
        options.prefixCompression = rng() % 2;
        options.realmCompression = rng() % 4 != 0;
        PrefixAdvertisementEncodeResult whole = adv.Encode(options);
        ASSERT_TRUE(whole.ok);
        PrefixAdvertisementEncoder encoder(options);
        size_t added = 0;
        for (const AdvertisedMobileRouter& entry : adv.GetEntries())
        {
            if (encoder.Add(entry) != PrefixAdvertisementEncoder::Status::ADDED)
            {
                break;
            }
            ++added;
        }
        EXPECT_EQ(added, whole.entriesIncluded);
        MipExtension streamed = encoder.Finish();
        EXPECT_EQ(streamed.data, whole.extension.data);
        EXPECT_LE(streamed.GetSerializedSize(), *options.maxSize);
        // What was left out would not have fitted: one more entry overflows.
        if (whole.entriesIncluded < adv.GetEntryCount())
        {
            PrefixAdvertisementExtension more(std::vector<AdvertisedMobileRouter>(
                adv.GetEntries().begin(),
                adv.GetEntries().begin() + whole.entriesIncluded + 1));
            PrefixAdvertisementEncodeOptions unlimited = options;
            unlimited.maxSize.reset();
            EXPECT_GT(more.Encode(unlimited).extension.GetSerializedSize(), *options.maxSize);
        }
        // And it decodes to the entries it says it holds.
        auto decoded = PrefixAdvertisementExtension::FromExtension(streamed);
        ASSERT_TRUE(decoded.has_value());
        EXPECT_EQ(decoded->GetEntries(),
                  std::vector<AdvertisedMobileRouter>(adv.GetEntries().begin(),
                                                      adv.GetEntries().begin() + added));
    }
}
