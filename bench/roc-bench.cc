/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Cost of RouteOptimizationCache::ApplyAdvertisement (RFC 6521 section 3.1.1) in the
 * number of prefixes of one advertised Mobile Router (issue 10, item 10). A pure
 * data-structure benchmark: for n and 2n prefixes it prints the time per prefix of
 * applying the advertisement to an empty cache ("first") and applying it again ("again",
 * every prefix already listed), and the ratio of the per-prefix times of 2n and n. A
 * linear (or n log n) implementation gives a ratio near 1; a quadratic one near 2.
 *
 *   build/bench/haaro-roc-bench [N] [REPEATS]     (default: 5461 15; 10,922 octet-lean
 *                                                  prefixes is about what one 65,535-octet
 *                                                  extension 50 can carry)
 */
#include "ns3/prefix-advertisement-extension.h"
#include "ns3/route-optimization-cache.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace ns3;

namespace
{

/// \param n number of prefixes \return one Mobile Router with n distinct /30 prefixes
PrefixAdvertisementExtension
MakeAdvertisement(uint32_t n)
{
    PrefixAdvertisementExtension adv;
    adv.AddMobileRouter(Ipv4Address("10.255.0.1"));
    for (uint32_t i = 0; i < n; ++i)
    {
        adv.AddPrefix(Ipv4Address(0xac000000u + (i << 2)), 30, "");
    }
    return adv;
}

/// Per-prefix times in nanoseconds, best of the repeats.
struct Result
{
    double first{1e300}; //!< empty cache
    double again{1e300}; //!< every prefix already present
};

/// \param n prefixes \param repeats runs (the best one counts) \return the times
Result
Measure(uint32_t n, int repeats)
{
    using Clock = std::chrono::steady_clock;
    PrefixAdvertisementExtension adv = MakeAdvertisement(n);
    Result r;
    for (int k = 0; k < repeats; ++k)
    {
        RouteOptimizationCache roc;
        auto t0 = Clock::now();
        roc.ApplyAdvertisement(adv);
        auto t1 = Clock::now();
        roc.ApplyAdvertisement(adv);
        auto t2 = Clock::now();
        if (roc.GetRoutedPrefixCount() != n + 1)
        {
            std::fprintf(stderr,
                         "unexpected routed prefix count %zu\n",
                         roc.GetRoutedPrefixCount());
            std::exit(1);
        }
        r.first = std::min(r.first, std::chrono::duration<double, std::nano>(t1 - t0).count() / n);
        r.again = std::min(r.again, std::chrono::duration<double, std::nano>(t2 - t1).count() / n);
    }
    return r;
}

} // namespace

int
main(int argc, char** argv)
{
    if (argc > 1 && std::string(argv[1]) == "--help")
    {
        std::printf("haaro-roc-bench [N] [REPEATS]\n\n"
                    "Benchmark of RouteOptimizationCache::ApplyAdvertisement: time per prefix "
                    "for N and 2N prefixes of one router (a ratio near 1 is linear).\n\n"
                    "    N        number of prefixes [default: 5461]\n"
                    "    REPEATS  number of repetitions, the best is kept [default: 15]\n");
        return 0;
    }
    uint32_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 5461;
    int repeats = argc > 2 ? std::atoi(argv[2]) : 15;
    // Interleaved, best of the repeats: the machine's load hits both sizes alike.
    Result a;
    Result b;
    for (int k = 0; k < repeats; ++k)
    {
        Result ra = Measure(n, 1);
        Result rb = Measure(2 * n, 1);
        a.first = std::min(a.first, ra.first);
        a.again = std::min(a.again, ra.again);
        b.first = std::min(b.first, rb.first);
        b.again = std::min(b.again, rb.again);
    }
    std::printf("RouteOptimizationCache::ApplyAdvertisement, one Mobile Router, best of %d\n",
                repeats);
    std::printf("%-8s %14s %14s\n", "prefixes", "first ns/pfx", "again ns/pfx");
    std::printf("%-8u %14.1f %14.1f\n", n, a.first, a.again);
    std::printf("%-8u %14.1f %14.1f\n", 2 * n, b.first, b.again);
    std::printf("ratio 2n/n per prefix: first %.2f, again %.2f (linear: ~1, quadratic: ~2)\n",
                b.first / a.first,
                b.again / a.again);
    return 0;
}
