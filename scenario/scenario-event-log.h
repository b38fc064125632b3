/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef SCENARIO_EVENT_LOG_H
#define SCENARIO_EVENT_LOG_H

#include "ns3/nstime.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief One row of events.csv.
 */
struct ScenarioEvent
{
    Time at;             //!< simulation time
    std::string node;    //!< node name
    std::string event;   //!< tx, rx or the state change
    std::string message; //!< message name, empty for state changes
    std::string src;     //!< source (name or dotted address)
    std::string dst;     //!< destination (name or dotted address)
    std::string detail;  //!< `;` separated key=value, no commas
};

/**
 * \ingroup haaro
 * \brief The rows of events.csv, in emission order (which is time order), and the queries
 * the scenario programs and tests ask of them.
 */
class ScenarioEventLog
{
  public:
    /**
     * \brief Adds a row at the current simulation time.
     * \param node node name \param event tx, rx or a state change
     * \param message message name (empty for state changes)
     * \param src source \param dst destination
     * \param detail `;` separated key=value (commas are replaced by spaces)
     */
    void Event(const std::string& node,
               const std::string& event,
               const std::string& message = "",
               const std::string& src = "",
               const std::string& dst = "",
               const std::string& detail = "");

    /// \return the rows recorded so far
    const std::vector<ScenarioEvent>& GetEvents() const;
    /**
     * \param node node name ("" for any) \param event event ("" for any)
     * \param message message ("" for any) \param detail substring of detail ("" for any)
     * \param after earliest time \param dst destination ("" for any)
     * \return the first matching row
     */
    std::optional<ScenarioEvent> FindFirst(const std::string& node,
                                           const std::string& event,
                                           const std::string& message = "",
                                           const std::string& detail = "",
                                           Time after = Time(0),
                                           const std::string& dst = "") const;
    /**
     * \param node as for FindFirst() \param event as for FindFirst()
     * \param message as for FindFirst() \param detail as for FindFirst()
     * \param after as for FindFirst() \param dst as for FindFirst()
     * \return the number of matching rows
     */
    uint64_t Count(const std::string& node,
                   const std::string& event,
                   const std::string& message = "",
                   const std::string& detail = "",
                   Time after = Time(0),
                   const std::string& dst = "") const;

    /// \param text free text \return it with commas, quotes and line breaks replaced by spaces
    static std::string Clean(const std::string& text);

  private:
    /**
     * \param e a row; the rest as for FindFirst()
     * \param node node \param event event \param message message \param detail detail
     * \param after earliest time \param dst destination
     * \return whether the row matches
     */
    static bool Matches(const ScenarioEvent& e,
                        const std::string& node,
                        const std::string& event,
                        const std::string& message,
                        const std::string& detail,
                        Time after,
                        const std::string& dst);

    std::vector<ScenarioEvent> m_events; //!< events.csv rows
};

} // namespace ns3

#endif /* SCENARIO_EVENT_LOG_H */
