/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef HAARO_FUZZ_UTIL_H
#define HAARO_FUZZ_UTIL_H

#include "ns3/mip-wire.h"

#include <cstdint>
#include <functional>
#include <gtest/gtest.h>
#include <random>
#include <vector>

namespace haaro_test
{

/**
 * A parser under test: takes octets, returns true if it accepted them. It must never
 * crash, read out of bounds or trip a sanitizer, whatever the input.
 */
using Parser = std::function<bool(const ns3::MipBytes&)>;

/// Inputs of random octets per parser (the issue asks for at least 100,000).
constexpr int RANDOM_INPUTS = 100000;

/**
 * Feeds a parser: every strict prefix of every valid sample (each must be rejected when
 * rejectPrefixes is true), single-octet mutations and random truncations/extensions of
 * the samples, and RANDOM_INPUTS inputs of random octets with a fixed seed.
 * \return the number of inputs that were accepted
 */
inline int
FuzzParser(const Parser& parse,
           const std::vector<ns3::MipBytes>& validSamples,
           bool rejectPrefixes = true,
           uint32_t seed = 6521)
{
    std::mt19937 rng(seed);
    int accepted = 0;
    for (const auto& sample : validSamples)
    {
        EXPECT_TRUE(parse(sample)) << "a valid sample was rejected: " << ns3::MipToHex(sample);
        for (size_t len = 0; len < sample.size(); ++len)
        {
            ns3::MipBytes prefix(sample.begin(), sample.begin() + len);
            bool ok = parse(prefix);
            accepted += ok;
            if (rejectPrefixes)
            {
                EXPECT_FALSE(ok) << "prefix of " << len
                                 << " octets accepted: " << ns3::MipToHex(prefix);
            }
        }
        // Mutations: flip each octet to random values.
        for (size_t i = 0; i < sample.size(); ++i)
        {
            for (int k = 0; k < 8; ++k)
            {
                ns3::MipBytes m = sample;
                m[i] = static_cast<uint8_t>(rng());
                accepted += parse(m);
            }
        }
        // Appended garbage.
        for (int k = 0; k < 64; ++k)
        {
            ns3::MipBytes m = sample;
            size_t extra = 1 + rng() % 16;
            for (size_t j = 0; j < extra; ++j)
            {
                m.push_back(static_cast<uint8_t>(rng()));
            }
            accepted += parse(m);
        }
    }
    std::uniform_int_distribution<size_t> lengthDist(0, 96);
    for (int n = 0; n < RANDOM_INPUTS; ++n)
    {
        ns3::MipBytes input(lengthDist(rng));
        for (auto& b : input)
        {
            b = static_cast<uint8_t>(rng());
        }
        // Give structured parsers a fair chance: often start with a valid sample's head.
        if (!validSamples.empty() && (n % 2) == 0)
        {
            const auto& s = validSamples[n % validSamples.size()];
            size_t keep = std::min(s.size(), input.size()) / 2;
            std::copy(s.begin(), s.begin() + keep, input.begin());
        }
        accepted += parse(input);
    }
    return accepted;
}

} // namespace haaro_test

#endif /* HAARO_FUZZ_UTIL_H */
