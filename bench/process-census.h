/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * What haaro-scale-bench's process does and holds at every bin end of the storm (cpu.csv):
 * CPU seconds, events, datagrams, the resident set and the simulated state that grows.
 */
#ifndef HAARO_BENCH_PROCESS_CENSUS_H
#define HAARO_BENCH_PROCESS_CENSUS_H

#include "ns3/haaro-scenario-module.h"
#include "ns3/queue-disc.h"

#include <string>
#include <utility>
#include <vector>

namespace haarobench
{

using namespace ns3;

/**
 * What the process holds at a bin end, read without scheduling anything (cpu.csv): the
 * resident set and counts of the simulated state that grows with the run, so that the
 * memory can be told apart (doc/haaro.rst, "Eighth step": about 4.3 KiB of ns-3 objects per
 * FqCoDel flow, some 40 heap octets per cache entry).
 */
struct StateCensus
{
    double rssMiB{0};           //!< resident set size now (MiB)
    uint64_t rocEntries{0};     //!< entries in all routers' Route Optimization Caches
    uint64_t queueDiscFlows{0}; //!< child queue discs of all root queue discs (FqCoDel flows)
    uint64_t queuedPackets{0};  //!< packets waiting in all root queue discs
};

/// The process at every bin end of a StormRecorder (its bin-end callback).
class ProcessCensus
{
  public:
    /// \param storm the network \param recorder its recorder (both outlive the census)
    ProcessCensus(const StormNetwork& storm, StormRecorder& recorder);
    ProcessCensus(const ProcessCensus&) = delete;
    ProcessCensus& operator=(const ProcessCensus&) = delete;

    /// The simulator's own work between two bin ends (GetWork()).
    struct Work
    {
        double from{0};        //!< first bin end (s)
        double to{0};          //!< last bin end (s)
        double cpu{0};         //!< CPU seconds of the process between them
        uint64_t events{0};    //!< simulator events executed between them
        uint64_t datagrams{0}; //!< datagrams delivered between them
    };

    /**
     * \param from simulated time (s): the work from the first bin end at or after it to
     * the last bin end (the steady state after the storm, if from is after it)
     * \return the work; all zero if fewer than two bin ends are in that window
     */
    Work GetWork(double from) const;
    /// \return the bin end (s) with the largest resident set and what it held then
    /// (0 and an empty census before the first bin end)
    std::pair<double, StateCensus> GetLargestState() const;
    /// \param dir writes cpu.csv there: per bin end the process' CPU seconds, the events
    /// executed and the datagrams delivered so far, and the StateCensus (they differ from
    /// run to run, its counts do not)
    void WriteCpu(const std::string& dir) const;

  private:
    /// At a bin end: reads the process and the simulated state.
    void OnBinEnd();

    const StormNetwork& m_storm;              //!< the network
    const StormRecorder& m_recorder;          //!< its recorder
    std::vector<Ptr<QueueDisc>> m_queueDiscs; //!< every device's root queue disc
    std::vector<double> m_binEnds;            //!< per bin end: its time (s)
    std::vector<double> m_cpu;                //!< per bin end: process CPU seconds
    std::vector<uint64_t> m_events;           //!< per bin end: events executed so far
    std::vector<uint64_t> m_delivered;        //!< per bin end: datagrams delivered so far
    std::vector<StateCensus> m_state;         //!< per bin end: what the memory holds
};

} // namespace haarobench

#endif /* HAARO_BENCH_PROCESS_CENSUS_H */
