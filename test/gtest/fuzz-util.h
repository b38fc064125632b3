/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef HAARO_FUZZ_UTIL_H
#define HAARO_FUZZ_UTIL_H

#include "fuzz-mutator.h"

#include "ns3/mip-wire.h"

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <gtest/gtest.h>
#include <random>
#include <vector>

#if defined(__has_include)
#if __has_include(<sanitizer/common_interface_defs.h>) &&                                          \
    (defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_UNDEFINED__))
#include <sanitizer/common_interface_defs.h>
#define HAARO_FUZZ_DEATH_CALLBACK 1
#endif
#endif

namespace haaro_test
{

/**
 * A parser under test: takes octets, returns true if it accepted them. It must never
 * crash, read out of bounds or trip a sanitizer, whatever the input.
 */
using Parser = std::function<bool(const ns3::MipBytes&)>;

/// Short inputs (0-96 octets) of random octets per parser in the CI run.
constexpr int RANDOM_INPUTS = 100000;
/// Long inputs (97-65,535 octets, log-uniform, plus EdgeLengths()) per parser in the CI run.
constexpr int LONG_INPUTS = 64;
/// Structure-aware mutations per valid sample in the CI run (parsers of extension chains).
constexpr int STRUCTURED_INPUTS = 1500;
/// Samples longer than this get sampled prefixes and mutations, not one per octet.
constexpr size_t BIG_SAMPLE = 2048;

/**
 * \param n inputs for a sample of at most BIG_SAMPLE octets
 * \param sampleSize the sample's size
 * \return n, scaled down in proportion for a longer sample (at least 8): the octets
 * parsed per long sample stay about the same (a quarter of a short sample's), whatever its
 * size, so that the CI run stays fast
 */
inline uint64_t
Scaled(uint64_t n, size_t sampleSize)
{
    if (sampleSize <= BIG_SAMPLE)
    {
        return n;
    }
    return std::max<uint64_t>(std::min<uint64_t>(n, 8), n * (BIG_SAMPLE / 4) / sampleSize);
}

/// FuzzParser's chainOffset when the input is not an extension chain.
constexpr size_t NO_CHAIN = SIZE_MAX;

/**
 * \brief What the fuzzer is feeding right now, printed (hex, with the seed) when the
 * process dies (sanitizer report, abort, segmentation fault) or a check fails.
 */
struct FuzzCurrent
{
    const ns3::MipBytes* input{nullptr}; //!< the input being parsed
    uint64_t seed{0};                    //!< the seed of the FuzzParser call

    /// \return the one instance
    static FuzzCurrent& Get()
    {
        static FuzzCurrent c;
        return c;
    }

    /// Prints the current input and seed to stderr.
    static void Print()
    {
        const FuzzCurrent& c = Get();
        if (c.input == nullptr)
        {
            return;
        }
        std::fprintf(stderr,
                     "\nhaaro fuzz: failing input (%zu octets), fuzzer seed %llu, "
                     "HAARO_FUZZ_SEED=%llu:\n",
                     c.input->size(),
                     static_cast<unsigned long long>(c.seed),
                     static_cast<unsigned long long>(FuzzSettings::Get().seed));
        for (size_t i = 0; i < c.input->size(); ++i)
        {
            std::fprintf(stderr, "%02x%s", (*c.input)[i], (i % 32 == 31) ? "\n" : " ");
        }
        std::fprintf(stderr, "\n");
    }

    /// Installs the death hooks once (sanitizer death callback, SIGABRT, SIGSEGV).
    static void InstallHooks()
    {
        static bool installed = false;
        if (installed)
        {
            return;
        }
        installed = true;
#ifdef HAARO_FUZZ_DEATH_CALLBACK
        __sanitizer_set_death_callback(&FuzzCurrent::Print);
#endif
        for (int sig : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE})
        {
            struct sigaction sa = {};
            sa.sa_handler = [](int s) {
                Print();
                std::signal(s, SIG_DFL);
                std::raise(s);
            };
            sigaction(sig, &sa, nullptr);
        }
    }
};

/**
 * \brief Runs one input, remembering it for the death hooks; on the first check that
 * fails inside the parser callback, prints the input (hex) and adds a failure naming the
 * seed.
 */
class FuzzRunner
{
  public:
    /// \param parse the parser \param seed the seed in use
    FuzzRunner(const Parser& parse, uint64_t seed)
        : m_parse(parse),
          m_reported(false)
    {
        FuzzCurrent::InstallHooks();
        FuzzCurrent::Get().seed = seed;
    }

    ~FuzzRunner()
    {
        FuzzCurrent::Get().input = nullptr;
    }

    /// \param input octets \return what the parser returned
    bool operator()(const ns3::MipBytes& input)
    {
        FuzzCurrent::Get().input = &input;
        int before = Parts();
        bool ok = m_parse(input);
        if (!m_reported && Parts() != before) // a check failed inside the parser's callback
        {
            m_reported = true;
            FuzzCurrent::Print();
            ADD_FAILURE() << "the failure above came with the input printed on stderr (fuzzer seed "
                          << FuzzCurrent::Get().seed
                          << ", HAARO_FUZZ_SEED=" << FuzzSettings::Get().seed << ")";
        }
        FuzzCurrent::Get().input = nullptr;
        return ok;
    }

  private:
    /// \return the number of results (failures) the current test recorded so far
    static int Parts()
    {
        const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
        return info ? info->result()->total_part_count() : 0;
    }

    const Parser& m_parse; //!< the parser
    bool m_reported;       //!< a failure was reported already
};

/**
 * Feeds a parser: every strict prefix of every valid sample (each must be rejected when
 * rejectPrefixes is true), single-octet mutations and random truncations/extensions of
 * the samples, RANDOM_INPUTS inputs of 0-96 random octets, LONG_INPUTS inputs of 97 to
 * 65,535 octets (random, or a sample's head followed by random or repeated octets), and,
 * when the samples are extension chains after chainOffset octets, STRUCTURED_INPUTS
 * structure-aware mutations per sample (MutateStructured). The seed is fixed (seed, mixed
 * with HAARO_FUZZ_SEED when set); HAARO_FUZZ_INPUTS=N (./haaro fuzz) makes it about N
 * inputs in all.
 * \return the number of inputs that were accepted
 */
inline int
FuzzParser(const Parser& parse,
           const std::vector<ns3::MipBytes>& validSamples,
           bool rejectPrefixes = true,
           uint32_t seed = 6521,
           size_t chainOffset = NO_CHAIN)
{
    const FuzzSettings& settings = FuzzSettings::Get();
    const uint64_t effectiveSeed = settings.Mix(seed);
    FuzzRng rng(effectiveSeed);
    FuzzRunner run(parse, effectiveSeed);
    int accepted = 0;
    for (const auto& sample : validSamples)
    {
        EXPECT_TRUE(run(sample)) << "a valid sample was rejected: " << ns3::MipToHex(sample);
        // Long samples (large advertisements): a few hundred prefixes and mutations, not
        // one per octet, or the CI run would be quadratic in the sample.
        const bool big = sample.size() > BIG_SAMPLE;
        for (size_t k = 0; k < (big ? Scaled(BIG_SAMPLE / 4, sample.size()) : sample.size()); ++k)
        {
            size_t len = big ? rng() % sample.size() : k;
            ns3::MipBytes prefix(sample.begin(), sample.begin() + len);
            bool ok = run(prefix);
            accepted += ok;
            if (rejectPrefixes)
            {
                EXPECT_FALSE(ok) << "prefix of " << len
                                 << " octets accepted: " << ns3::MipToHex(prefix);
            }
        }
        // Mutations: flip each octet to random values.
        for (size_t j = 0; j < (big ? Scaled(BIG_SAMPLE / 4, sample.size()) : sample.size()); ++j)
        {
            size_t i = big ? rng() % sample.size() : j;
            for (int k = 0; k < 8; ++k)
            {
                ns3::MipBytes m = sample;
                m[i] = static_cast<uint8_t>(rng());
                accepted += run(m);
            }
        }
        // Appended garbage.
        for (size_t k = 0; k < Scaled(64, sample.size()); ++k)
        {
            ns3::MipBytes m = sample;
            size_t extra = 1 + rng() % 16;
            for (size_t j = 0; j < extra; ++j)
            {
                m.push_back(static_cast<uint8_t>(rng()));
            }
            accepted += run(m);
        }
    }

    // How many of each kind: the CI numbers, or about N in all for a long run.
    uint64_t shortInputs = RANDOM_INPUTS;
    uint64_t longInputs = LONG_INPUTS;
    uint64_t structured = STRUCTURED_INPUTS;
    bool chains = chainOffset != NO_CHAIN && !validSamples.empty();
    if (settings.inputs > 0)
    {
        uint64_t n = settings.inputs;
        longInputs = std::max<uint64_t>(LONG_INPUTS, n / 50);
        structured = chains ? std::max<uint64_t>(1, n / 4 / validSamples.size()) : 0;
        uint64_t used = longInputs + structured * (chains ? validSamples.size() : 0);
        shortInputs = n > used ? n - used : 0;
    }

    std::uniform_int_distribution<size_t> lengthDist(0, 96);
    for (uint64_t n = 0; n < shortInputs; ++n)
    {
        ns3::MipBytes input = RandomBytes(rng, lengthDist(rng));
        // Give structured parsers a fair chance: often start with a valid sample's head.
        if (!validSamples.empty() && (n % 2) == 0)
        {
            const auto& s = validSamples[n % validSamples.size()];
            size_t keep = std::min(s.size(), input.size()) / 2;
            std::copy(s.begin(), s.begin() + keep, input.begin());
        }
        accepted += run(input);
    }

    // Long inputs: the edge lengths once each, then log-uniform lengths up to 65,535.
    const std::vector<size_t>& edges = EdgeLengths();
    for (uint64_t n = 0; n < longInputs + edges.size(); ++n)
    {
        size_t len = n < edges.size() ? edges[n] : SpreadLength(rng, 97, MAX_FUZZ_INPUT);
        ns3::MipBytes input = RandomBytes(rng, len);
        if (!validSamples.empty() && rng() % 2 == 0)
        {
            // A valid sample's head (its fixed part and first extensions), then random or
            // repeated octets.
            const auto& s = validSamples[rng() % validSamples.size()];
            size_t keep = std::min(s.size(), len);
            std::copy(s.begin(), s.begin() + keep, input.begin());
            if (rng() % 2 == 0 && !s.empty())
            {
                for (size_t i = keep; i < len; ++i)
                {
                    input[i] = s[i % s.size()];
                }
            }
        }
        accepted += run(input);
    }

    // Structure-aware mutations of the valid samples' extension chains.
    if (chains)
    {
        for (const auto& sample : validSamples)
        {
            for (uint64_t n = 0; n < Scaled(structured, sample.size()); ++n)
            {
                accepted += run(MutateStructured(rng, sample, chainOffset));
            }
        }
    }
    return accepted;
}

} // namespace haaro_test

#endif /* HAARO_FUZZ_UTIL_H */
