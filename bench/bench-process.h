/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * What the benchmarks read of their own process: peak memory, CPU and wall time.
 */
#ifndef HAARO_BENCH_PROCESS_H
#define HAARO_BENCH_PROCESS_H

#include <chrono>
#include <cstdio>
#include <sys/resource.h>
#include <unistd.h>

namespace haarobench
{

/// \return peak resident set size of this process in MiB
inline double
PeakRssMiB()
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

/// \return resident set size of this process now in MiB (/proc/self/statm; 0 if unreadable)
inline double
CurrentRssMiB()
{
    unsigned long size = 0;
    unsigned long resident = 0;
    std::FILE* f = std::fopen("/proc/self/statm", "r");
    if (f == nullptr)
    {
        return 0;
    }
    int fields = std::fscanf(f, "%lu %lu", &size, &resident);
    std::fclose(f);
    long page = sysconf(_SC_PAGESIZE);
    if (fields != 2 || page <= 0)
    {
        return 0;
    }
    return static_cast<double>(resident) * static_cast<double>(page) / (1024.0 * 1024.0);
}

/// \return user + system CPU seconds of this process (less disturbed than the wall time
/// when other programs share the cores)
inline double
CpuSeconds()
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/// \param start a moment \return wall-clock seconds since it
inline double
Since(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace haarobench

#endif /* HAARO_BENCH_PROCESS_H */
