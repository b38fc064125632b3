/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "scenario-event-log.h"

#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

void
ScenarioEventLog::Event(const std::string& node,
                        const std::string& event,
                        const std::string& message,
                        const std::string& src,
                        const std::string& dst,
                        const std::string& detail)
{
    m_events.push_back({Simulator::Now(),
                        Clean(node),
                        Clean(event),
                        Clean(message),
                        Clean(src),
                        Clean(dst),
                        Clean(detail)});
}

const std::vector<ScenarioEvent>&
ScenarioEventLog::GetEvents() const
{
    return m_events;
}

std::optional<ScenarioEvent>
ScenarioEventLog::FindFirst(const std::string& node,
                            const std::string& event,
                            const std::string& message,
                            const std::string& detail,
                            Time after,
                            const std::string& dst) const
{
    for (const ScenarioEvent& e : m_events)
    {
        if (Matches(e, node, event, message, detail, after, dst))
        {
            return e;
        }
    }
    return std::nullopt;
}

uint64_t
ScenarioEventLog::Count(const std::string& node,
                        const std::string& event,
                        const std::string& message,
                        const std::string& detail,
                        Time after,
                        const std::string& dst) const
{
    uint64_t n = 0;
    for (const ScenarioEvent& e : m_events)
    {
        n += Matches(e, node, event, message, detail, after, dst);
    }
    return n;
}

bool
ScenarioEventLog::Matches(const ScenarioEvent& e,
                          const std::string& node,
                          const std::string& event,
                          const std::string& message,
                          const std::string& detail,
                          Time after,
                          const std::string& dst)
{
    return e.at >= after && (node.empty() || e.node == node) &&
           (event.empty() || e.event == event) && (message.empty() || e.message == message) &&
           (detail.empty() || e.detail.find(detail) != std::string::npos) &&
           (dst.empty() || e.dst == dst);
}

std::string
ScenarioEventLog::Clean(const std::string& text)
{
    std::string s = text;
    std::replace_if(
        s.begin(),
        s.end(),
        [](char c) { return c == ',' || c == '\n' || c == '\r' || c == '"'; },
        ' ');
    return s;
}

} // namespace ns3
