/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "process-census.h"

#include "bench-process.h"

#include "ns3/haaro-module.h"
#include "ns3/network-module.h"
#include "ns3/traffic-control-module.h"

#include <algorithm>
#include <cstdio>
#include <fstream>

namespace haarobench
{

ProcessCensus::ProcessCensus(const StormNetwork& storm, StormRecorder& recorder)
    : m_storm(storm),
      m_recorder(recorder)
{
    for (NodeList::Iterator node = NodeList::Begin(); node != NodeList::End(); ++node)
    {
        Ptr<TrafficControlLayer> tc = (*node)->GetObject<TrafficControlLayer>();
        for (uint32_t d = 0; tc && d < (*node)->GetNDevices(); ++d)
        {
            if (Ptr<QueueDisc> qd = tc->GetRootQueueDiscOnDevice((*node)->GetDevice(d)))
            {
                m_queueDiscs.push_back(qd);
            }
        }
    }
    recorder.SetBinEndCallback([this]() { OnBinEnd(); });
}

void
ProcessCensus::OnBinEnd()
{
    m_binEnds.push_back(Simulator::Now().GetSeconds());
    m_cpu.push_back(CpuSeconds());
    m_events.push_back(Simulator::GetEventCount());
    m_delivered.push_back(m_recorder.GetDelivered());
    StateCensus state;
    for (const Ptr<MobileRouter>& mr : m_storm.GetNetwork().mobileRouters)
    {
        if (Ptr<RouteOptimizer> ro = mr->GetRouteOptimizer())
        {
            state.rocEntries += ro->GetCache().GetSize();
        }
    }
    for (const Ptr<QueueDisc>& qd : m_queueDiscs)
    {
        state.queueDiscFlows += qd->GetNQueueDiscClasses();
        state.queuedPackets += qd->GetNPackets();
    }
    state.rssMiB = CurrentRssMiB();
    m_state.push_back(state);
}

ProcessCensus::Work
ProcessCensus::GetWork(double from) const
{
    Work w;
    auto first = std::lower_bound(m_binEnds.begin(), m_binEnds.end(), from - 1e-9);
    if (m_binEnds.end() - first < 2)
    {
        return w;
    }
    std::size_t a = first - m_binEnds.begin();
    std::size_t b = m_binEnds.size() - 1;
    w.from = m_binEnds[a];
    w.to = m_binEnds[b];
    w.cpu = m_cpu[b] - m_cpu[a];
    w.events = m_events[b] - m_events[a];
    w.datagrams = m_delivered[b] - m_delivered[a];
    return w;
}

void
ProcessCensus::WriteCpu(const std::string& dir) const
{
    std::ofstream cpu(dir + "/cpu.csv");
    cpu << "bin_end_s,cpu_s,events,delivered,rss_mib,roc_entries,queue_disc_flows,"
           "queued_packets\n";
    for (std::size_t k = 0; k < m_binEnds.size(); ++k)
    {
        const StateCensus& state = m_state[k];
        char line[192];
        std::snprintf(line,
                      sizeof(line),
                      "%.3f,%.3f,%lu,%lu,%.1f,%lu,%lu,%lu\n",
                      m_binEnds[k],
                      m_cpu[k],
                      static_cast<unsigned long>(m_events[k]),
                      static_cast<unsigned long>(m_delivered[k]),
                      state.rssMiB,
                      static_cast<unsigned long>(state.rocEntries),
                      static_cast<unsigned long>(state.queueDiscFlows),
                      static_cast<unsigned long>(state.queuedPackets));
        cpu << line;
    }
}

std::pair<double, StateCensus>
ProcessCensus::GetLargestState() const
{
    auto largest = std::max_element(
        m_state.begin(),
        m_state.end(),
        [](const StateCensus& a, const StateCensus& b) { return a.rssMiB < b.rssMiB; });
    if (largest == m_state.end())
    {
        return {0, StateCensus()};
    }
    return {m_binEnds[largest - m_state.begin()], *largest};
}

} // namespace haarobench
