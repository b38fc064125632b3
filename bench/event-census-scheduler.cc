/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "event-census-scheduler.h"

#include "ns3/event-impl.h"

#include <cstdlib>
#include <cxxabi.h>
#include <memory>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(EventCensusScheduler);

TypeId
EventCensusScheduler::GetTypeId()
{
    static TypeId tid = TypeId("ns3::EventCensusScheduler")
                            .SetParent<MapScheduler>()
                            .SetGroupName("Haaro")
                            .AddConstructor<EventCensusScheduler>();
    return tid;
}

std::map<const std::type_info*, uint64_t>&
EventCensusScheduler::Counts()
{
    static std::map<const std::type_info*, uint64_t> counts;
    return counts;
}

Scheduler::Event
EventCensusScheduler::RemoveNext()
{
    Event ev = MapScheduler::RemoveNext();
    const EventImpl& impl = *ev.impl;
    Counts()[&typeid(impl)]++;
    return ev;
}

namespace
{

/// \param mangled a type_info name \return a short readable kind (see the class text)
std::string
Kind(const char* mangled)
{
    int status = 0;
    std::unique_ptr<char, void (*)(void*)> text(
        abi::__cxa_demangle(mangled, nullptr, nullptr, &status),
        std::free);
    std::string name = (status == 0 && text) ? text.get() : mangled;
    // "ns3::MakeEvent<ARG, ...>(...)::EventMemberImpl1": keep ARG (the function's type).
    const std::string make = "MakeEvent<";
    std::size_t start = name.find(make);
    if (start == std::string::npos)
    {
        return name;
    }
    start += make.size();
    int depth = 0;
    for (std::size_t i = start; i < name.size(); ++i)
    {
        char c = name[i];
        depth += (c == '<' || c == '(') ? 1 : (c == '>' || c == ')') ? -1 : 0;
        if ((c == ',' && depth == 0) || depth < 0)
        {
            return name.substr(start, i - start);
        }
    }
    return name;
}

} // namespace

std::map<std::string, uint64_t>
EventCensusScheduler::GetCensus()
{
    std::map<std::string, uint64_t> census;
    for (const auto& [type, count] : Counts())
    {
        census[Kind(type->name())] += count;
    }
    return census;
}

} // namespace ns3
