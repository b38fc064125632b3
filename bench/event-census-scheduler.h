/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef HAARO_EVENT_CENSUS_SCHEDULER_H
#define HAARO_EVENT_CENSUS_SCHEDULER_H

#include "ns3/map-scheduler.h"

#include <cstdint>
#include <map>
#include <string>
#include <typeinfo>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief ns-3's MapScheduler that also counts the events it hands to the simulator, by
 * kind: what a simulation spends its events on (haaro-scale-bench --eventCensus).
 *
 * The kind of an event is the type of its EventImpl: for an event made by
 * Simulator::Schedule of a member function, the member function pointer's type (class and
 * signature, e.g. "void (ns3::PointToPointNetDevice::*)(ns3::Ptr<ns3::Packet>)"), the
 * finest that ns-3.37's events keep. Events are counted when RemoveNext() returns them,
 * as DefaultSimulatorImpl counts them (cancelled ones included), so the counts add up to
 * Simulator::GetEventCount(). The order of the events is MapScheduler's, i.e. the
 * simulation is the same event for event (select it with the global value SchedulerType
 * before the first event is scheduled).
 */
class EventCensusScheduler : public MapScheduler
{
  public:
    /// \return the object TypeId
    static TypeId GetTypeId();

    /// \return the next event, counted by its kind
    Event RemoveNext() override;

    /// \return the events counted so far by every EventCensusScheduler of the process, by
    /// kind (readable, see the class text)
    static std::map<std::string, uint64_t> GetCensus();

  private:
    /// The counts by the type of the event implementation (type_info names are unique).
    static std::map<const std::type_info*, uint64_t>& Counts();
};

} // namespace ns3

#endif
