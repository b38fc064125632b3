/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Structure-aware input generation for the fuzzers (issue 10, item 9), free of GoogleTest
 * so that the ns-3 fuzz suite (test/haaro-fuzz-test-suite.cc) uses the same mutations:
 * random octets of any length up to 65,535, and mutations of valid Mobile IP extension
 * chains (types, sub-types and Length fields changed, extensions duplicated, inflated,
 * dropped, swapped, inserted) up to 64 KB.
 */
#ifndef HAARO_FUZZ_MUTATOR_H
#define HAARO_FUZZ_MUTATOR_H

#include "ns3/mip-extension.h"
#include "ns3/mip-wire.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace haaro_test
{

/// Largest input the fuzzers build: a UDP payload / a 16-bit Length.
constexpr size_t MAX_FUZZ_INPUT = 65535;

/// Random engine of the fuzzers (64-bit Mersenne Twister: fast on long inputs).
using FuzzRng = std::mt19937_64;

/**
 * \brief Settings of an opt-in long run (./haaro fuzz): HAARO_FUZZ_INPUTS (inputs per
 * parser or entry point; 0 or unset: the short CI run) and HAARO_FUZZ_SEED (mixed into
 * every fuzzer's fixed seed; unset: 0, the CI seeds).
 */
struct FuzzSettings
{
    uint64_t inputs{0}; //!< requested inputs per parser (0: CI defaults)
    uint64_t seed{0};   //!< global seed

    /// \return the settings from the environment (read once)
    static const FuzzSettings& Get()
    {
        static const FuzzSettings s = []() {
            FuzzSettings r;
            if (const char* v = std::getenv("HAARO_FUZZ_INPUTS"))
            {
                r.inputs = std::strtoull(v, nullptr, 10);
            }
            if (const char* v = std::getenv("HAARO_FUZZ_SEED"))
            {
                r.seed = std::strtoull(v, nullptr, 10);
            }
            return r;
        }();
        return s;
    }

    /// \param local a fuzzer's own fixed seed \return the seed it uses in this run
    uint64_t Mix(uint64_t local) const
    {
        return seed == 0 ? local : local ^ (seed * 0x9e3779b97f4a7c15ULL);
    }
};

/// \param rng engine \param out filled with random octets
inline void
FillRandom(FuzzRng& rng, uint8_t* out, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
    {
        uint64_t v = rng();
        std::copy(reinterpret_cast<const uint8_t*>(&v),
                  reinterpret_cast<const uint8_t*>(&v) + 8,
                  out + i);
    }
    for (; i < n; ++i)
    {
        out[i] = static_cast<uint8_t>(rng());
    }
}

/// \param rng engine \param n length \return n random octets
inline ns3::MipBytes
RandomBytes(FuzzRng& rng, size_t n)
{
    ns3::MipBytes b(n);
    FillRandom(rng, b.data(), n);
    return b;
}

/**
 * \param rng engine
 * \param lo shortest
 * \param hi longest (at most MAX_FUZZ_INPUT)
 * \return a length spread evenly over the orders of magnitude in [lo, hi] (log-uniform)
 */
inline size_t
SpreadLength(FuzzRng& rng, size_t lo, size_t hi)
{
    std::uniform_real_distribution<double> d(std::log(double(lo)), std::log(double(hi) + 1));
    return std::min(hi, std::max(lo, static_cast<size_t>(std::exp(d(rng)))));
}

/// Lengths every long-input phase tries once: around the 8- and 16-bit Length limits.
inline const std::vector<size_t>&
EdgeLengths()
{
    static const std::vector<size_t> v =
        {97, 127, 128, 253, 254, 255, 256, 257, 1500, 4096, 16384, 32767, 32768, 65534, 65535};
    return v;
}

/**
 * \param rng engine
 * \return an extension type worth trying: one this module knows (all formats), a
 * neighbour of one, or any octet
 */
inline uint8_t
InterestingType(FuzzRng& rng)
{
    static const uint8_t known[] =
        {0, 32, 33, 34, 44, 48, 49, 50, 130, 144, 148, 153, 31, 51, 127, 128, 255};
    return rng() % 4 == 0 ? static_cast<uint8_t>(rng()) : known[rng() % sizeof(known)];
}

/// \param format layout \return the most data octets its Length can describe
inline size_t
MaxData(ns3::MipExtensionFormat format)
{
    switch (format)
    {
    case ns3::MipExtensionFormat::PAD:
        return 0;
    case ns3::MipExtensionFormat::TLV:
        return 255;
    case ns3::MipExtensionFormat::SHORT:
        return 254;
    case ns3::MipExtensionFormat::LONG:
        return 65535;
    }
    return 0;
}

/**
 * \brief Parses a valid extension chain (as the message parser would).
 * \param bytes octets \param offset where the chain starts
 * \param out the extensions \return false if the octets are not a valid chain
 */
inline bool
ParseChain(const ns3::MipBytes& bytes, size_t offset, std::vector<ns3::MipExtension>& out)
{
    if (offset > bytes.size())
    {
        return false;
    }
    ns3::MipWireReader r(bytes.data() + offset, bytes.size() - offset);
    ns3::MipExtensionList list;
    if (list.Parse(r) != ns3::MipParseError::NONE)
    {
        return false;
    }
    out = list.GetAll();
    return true;
}

/**
 * \brief Mutates a list of extensions, keeping each one framed as its format says (so a
 * sender can still sign the result): 1-4 of retype, new sub-type, inflate or shrink the
 * data (up to the format's limit), random data, duplicate (up to hundreds of copies),
 * drop, swap, insert a random one. The serialized chain stays within budget octets.
 * \param rng engine \param exts the extensions \param budget most octets of the chain
 */
inline void
MutateExtensions(FuzzRng& rng, std::vector<ns3::MipExtension>& exts, size_t budget)
{
    using ns3::MipExtension;
    using ns3::MipExtensionFormat;
    auto size = [&exts]() {
        size_t n = 0;
        for (const auto& e : exts)
        {
            n += e.GetSerializedSize();
        }
        return n;
    };
    int ops = 1 + rng() % 4;
    for (int k = 0; k < ops; ++k)
    {
        uint32_t op = rng() % 9;
        if (exts.empty() || op == 8)
        {
            // Insert a random extension of a known (or random) type.
            uint8_t type = InterestingType(rng);
            MipExtensionFormat f =
                ns3::MipExtensionRegistry::GetFormat(type).value_or(MipExtensionFormat::TLV);
            size_t n =
                f == MipExtensionFormat::PAD ? 0 : rng() % (std::min<size_t>(MaxData(f), 300) + 1);
            MipExtension e{type, static_cast<uint8_t>(rng() % 5), f, RandomBytes(rng, n)};
            exts.insert(exts.begin() + rng() % (exts.size() + 1), e);
            continue;
        }
        MipExtension& e = exts[rng() % exts.size()];
        switch (op)
        {
        case 0: // retype, keeping the data (the format follows the new type)
            e.type = InterestingType(rng);
            e.format =
                ns3::MipExtensionRegistry::GetFormat(e.type).value_or(MipExtensionFormat::TLV);
            if (e.data.size() > MaxData(e.format))
            {
                e.data.resize(MaxData(e.format));
            }
            break;
        case 1: // another sub-type
            e.subtype =
                rng() % 3 == 0 ? static_cast<uint8_t>(rng()) : static_cast<uint8_t>(rng() % 5);
            break;
        case 2: { // inflate: repeat the data, or random octets, up to the format's limit
            size_t limit = MaxData(e.format);
            if (limit == 0)
            {
                break;
            }
            size_t n = SpreadLength(rng, 1, limit);
            ns3::MipBytes old = e.data;
            e.data.resize(n);
            if (!old.empty() && rng() % 2)
            {
                for (size_t i = old.size(); i < n; ++i)
                {
                    e.data[i] = old[i % old.size()];
                }
            }
            else
            {
                FillRandom(rng,
                           e.data.data() + std::min(old.size(), n),
                           n - std::min(old.size(), n));
            }
            break;
        }
        case 3: // shrink
            if (!e.data.empty())
            {
                e.data.resize(rng() % e.data.size());
            }
            break;
        case 4: // flip octets of the data
            for (int j = 0; j < 4 && !e.data.empty(); ++j)
            {
                e.data[rng() % e.data.size()] ^= static_cast<uint8_t>(1 + rng() % 255);
            }
            break;
        case 5: { // duplicate
            MipExtension copy = e;
            size_t copies = rng() % 2 ? 1 : SpreadLength(rng, 1, 2000);
            size_t each = std::max<size_t>(1, copy.GetSerializedSize());
            copies = std::min(copies, (budget - std::min(budget, size())) / each);
            exts.insert(exts.begin() + rng() % (exts.size() + 1), copies, copy);
            break;
        }
        case 6: // drop
            exts.erase(exts.begin() + rng() % exts.size());
            break;
        case 7: // swap
            std::swap(e, exts[rng() % exts.size()]);
            break;
        }
    }
    // Stay within the budget: drop from the end.
    while (!exts.empty() && size() > budget)
    {
        exts.pop_back();
    }
}

/**
 * \brief Serializes extensions, then perhaps corrupts one Length field (0, +-1, the
 * format's maximum, random) or cuts the chain: framing errors a parser must survive.
 * \param rng engine \param exts extensions \param corrupt whether to corrupt the framing
 * \return the octets
 */
inline ns3::MipBytes
SerializeChain(FuzzRng& rng, const std::vector<ns3::MipExtension>& exts, bool corrupt)
{
    ns3::MipBytes out;
    std::vector<size_t> lengthAt; // offset of each extension's Length field
    std::vector<bool> wide;       // 16-bit Length
    {
        ns3::MipWireWriter w(out);
        for (const auto& e : exts)
        {
            size_t start = out.size();
            e.Serialize(w);
            if (e.format == ns3::MipExtensionFormat::TLV ||
                e.format == ns3::MipExtensionFormat::SHORT)
            {
                lengthAt.push_back(start + 1);
                wide.push_back(false);
            }
            else if (e.format == ns3::MipExtensionFormat::LONG)
            {
                lengthAt.push_back(start + 2);
                wide.push_back(true);
            }
        }
    }
    if (corrupt && !lengthAt.empty() && rng() % 4 != 0)
    {
        size_t i = rng() % lengthAt.size();
        size_t at = lengthAt[i];
        uint32_t old = wide[i] ? (out[at] << 8 | out[at + 1]) : out[at];
        uint32_t max = wide[i] ? 0xffff : 0xff;
        uint32_t v = 0;
        switch (rng() % 5)
        {
        case 0:
            v = 0;
            break;
        case 1:
            v = old + 1;
            break;
        case 2:
            v = old - 1;
            break;
        case 3:
            v = max;
            break;
        default:
            v = static_cast<uint32_t>(rng());
            break;
        }
        v &= max;
        if (wide[i])
        {
            out[at] = static_cast<uint8_t>(v >> 8);
            out[at + 1] = static_cast<uint8_t>(v);
        }
        else
        {
            out[at] = static_cast<uint8_t>(v);
        }
    }
    else if (corrupt && !out.empty())
    {
        out.resize(rng() % out.size()); // cut anywhere
    }
    return out;
}

/**
 * \brief A structure-aware mutation of a valid message: its fixed part (the first
 * chainOffset octets, a few octets perhaps flipped) and its extension chain mutated
 * (MutateExtensions), half of the time with a corrupted Length or a cut.
 * \param rng engine \param sample a valid input \param chainOffset where its chain starts
 * \return the mutated input (at most MAX_FUZZ_INPUT octets), or the sample with random
 * octets flipped if the sample is not a valid chain after chainOffset
 */
inline ns3::MipBytes
MutateStructured(FuzzRng& rng, const ns3::MipBytes& sample, size_t chainOffset)
{
    std::vector<ns3::MipExtension> exts;
    if (!ParseChain(sample, chainOffset, exts))
    {
        ns3::MipBytes m = sample;
        for (int j = 0; j < 3 && !m.empty(); ++j)
        {
            m[rng() % m.size()] = static_cast<uint8_t>(rng());
        }
        return m;
    }
    ns3::MipBytes out(sample.begin(), sample.begin() + chainOffset);
    if (chainOffset > 0 && rng() % 4 == 0)
    {
        out[rng() % chainOffset] ^= static_cast<uint8_t>(1 + rng() % 255);
    }
    MutateExtensions(rng, exts, MAX_FUZZ_INPUT - chainOffset);
    ns3::MipBytes chain = SerializeChain(rng, exts, rng() % 2 == 0);
    out.insert(out.end(), chain.begin(), chain.end());
    if (out.size() > MAX_FUZZ_INPUT)
    {
        out.resize(MAX_FUZZ_INPUT);
    }
    return out;
}

} // namespace haaro_test

#endif /* HAARO_FUZZ_MUTATOR_H */
