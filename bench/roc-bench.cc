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
 * Then the memory of K caches (K Mobile Routers) that received the same advertisement of
 * R routers with one /24 each (issue 14): heap octets in use per cache entry (glibc
 * mallinfo2), with the process-wide content pool shared by the K caches and with a pool
 * of its own per cache (nothing shared), and the time per entry of applying it. Last, the
 * time of a Lookup() (the route optimizer's per-datagram look-up) in a cache of R routers:
 * of a different random host of the routers' prefixes each time, and of the same one again.
 *
 *   build/bench/haaro-roc-bench [N] [REPEATS] [K] [R]
 *       (default: 5461 15 200 1000; 10,922 octet-lean prefixes is about what one
 *       65,535-octet extension 50 can carry)
 */
#include "ns3/prefix-advertisement-extension.h"
#include "ns3/route-optimization-cache.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <malloc.h>
#include <memory>
#include <string>
#include <vector>

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

/// \return heap octets in use (glibc)
double
HeapInUse()
{
    return static_cast<double>(mallinfo2().uordblks);
}

/// \param k caches \param r advertised routers \param share one pool for all caches
/// \return heap octets per cache entry and nanoseconds per entry of applying
std::pair<double, double>
MeasureMemory(uint32_t k, uint32_t r, bool share)
{
    PrefixAdvertisementExtension adv;
    for (uint32_t i = 0; i < r; ++i)
    {
        adv.AddMobileRouter(Ipv4Address(0x0a000001u + i));
        adv.AddPrefix(Ipv4Address(0x0a800000u + (i << 8)), 24);
    }
    double before = HeapInUse();
    auto t0 = std::chrono::steady_clock::now();
    std::vector<RouteOptimizationCache> caches(k);
    auto shared = std::make_shared<RocContentPool>();
    for (RouteOptimizationCache& roc : caches)
    {
        roc.SetContentPool(share ? shared : std::make_shared<RocContentPool>());
        roc.ApplyAdvertisement(adv);
    }
    double ns =
        std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
    double entries = static_cast<double>(k) * r;
    return {(HeapInUse() - before) / entries, ns / entries};
}

/// \param r advertised routers \return nanoseconds per Lookup() of random destinations
/// and of one destination again and again
std::pair<double, double>
MeasureLookup(uint32_t r)
{
    PrefixAdvertisementExtension adv;
    for (uint32_t i = 0; i < r; ++i)
    {
        adv.AddMobileRouter(Ipv4Address(0x0a000001u + i));
        adv.AddPrefix(Ipv4Address(0x0a800000u + (i << 8)), 24);
    }
    RouteOptimizationCache roc;
    roc.ApplyAdvertisement(adv);
    std::vector<Ipv4Address> random;
    uint32_t x = 14;
    for (int i = 0; i < 200000; ++i)
    {
        x = x * 1664525u + 1013904223u; // a fixed sequence (LCG)
        random.emplace_back(0x0a800000u + (((x >> 8) % r) << 8) + 1 + (x & 0x7f));
    }
    std::vector<Ipv4Address> same(random.size(), random.front());
    size_t found = 0;
    auto time = [&roc, &found](const std::vector<Ipv4Address>& destinations) {
        auto t0 = std::chrono::steady_clock::now();
        for (Ipv4Address d : destinations)
        {
            found += roc.Lookup(d) != nullptr ? 1 : 0;
        }
        return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0)
                   .count() /
               destinations.size();
    };
    double randomNs = 1e300;
    double sameNs = 1e300;
    for (int k = 0; k < 5; ++k)
    {
        randomNs = std::min(randomNs, time(random));
        sameNs = std::min(sameNs, time(same));
    }
    if (found != 10 * random.size())
    {
        std::fprintf(stderr, "a destination was not found\n");
        std::exit(1);
    }
    return {randomNs, sameNs};
}

} // namespace

int
main(int argc, char** argv)
{
    if (argc > 1 && std::string(argv[1]) == "--help")
    {
        std::printf("haaro-roc-bench [N] [REPEATS] [K] [R]\n\n"
                    "Benchmark of RouteOptimizationCache::ApplyAdvertisement: time per prefix "
                    "for N and 2N prefixes of one router (a ratio near 1 is linear); then "
                    "heap octets per entry of K caches that received the same advertisement "
                    "of R routers, with a shared content pool and without; time of a "
                    "Lookup() in a cache of R routers.\n\n"
                    "    N        number of prefixes [default: 5461]\n"
                    "    REPEATS  number of repetitions, the best is kept [default: 15]\n"
                    "    K        caches [default: 200]\n"
                    "    R        advertised routers, one /24 each [default: 1000]\n");
        return 0;
    }
    uint32_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 5461;
    int repeats = argc > 2 ? std::atoi(argv[2]) : 15;
    uint32_t k = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 200;
    uint32_t r = argc > 4 ? std::strtoul(argv[4], nullptr, 10) : 1000;
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
    auto [sharedOctets, sharedNs] = MeasureMemory(k, r, true);
    auto [ownOctets, ownNs] = MeasureMemory(k, r, false);
    std::printf("%u caches x %u advertised routers (one /24 each): heap octets per entry "
                "%.1f with one shared content pool, %.1f with a pool per cache; "
                "ApplyAdvertisement %.1f / %.1f ns per entry\n",
                k,
                r,
                sharedOctets,
                ownOctets,
                sharedNs,
                ownNs);
    auto [randomNs, sameNs] = MeasureLookup(r);
    std::printf("Lookup() in a cache of %u routers: %.1f ns for a random destination, %.1f ns "
                "for the same destination again\n",
                r,
                randomNs,
                sameNs);
    return 0;
}
