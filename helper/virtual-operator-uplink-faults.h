/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VIRTUAL_OPERATOR_UPLINK_FAULTS_H
#define VIRTUAL_OPERATOR_UPLINK_FAULTS_H

#include "virtual-operator-topology-helper.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Scheduled faults of one uplink of a VirtualOperatorTopology: failures
 * (interfaces down, or a dead path) and delay changes. What
 * VirtualOperatorTopologyHelper::ScheduleUplinkFailure() and ScheduleUplinkDelay() do;
 * deterministic, draws no random numbers.
 */
class VirtualOperatorUplinkFaults
{
  public:
    /**
     * \brief Schedules the failure of one uplink (see
     * VirtualOperatorTopologyHelper::ScheduleUplinkFailure()).
     * \param topology the topology
     * \param site site index
     * \param uplink uplink index within the site
     * \param at when the failure starts, relative to now
     * \param duration how long it lasts; zero or negative: the link never recovers
     * \param mode how the link breaks
     */
    static void ScheduleFailure(const VirtualOperatorTopology& topology,
                                uint32_t site,
                                uint32_t uplink,
                                Time at,
                                Time duration,
                                VirtualOperatorTopologyHelper::FailureMode mode);

    /**
     * \brief Schedules a change of one uplink's one-way propagation delay (see
     * VirtualOperatorTopologyHelper::ScheduleUplinkDelay()).
     * \param topology the topology \param site site index \param uplink uplink index
     * \param at when, relative to now
     * \param delay the new one-way delay
     */
    static void ScheduleDelay(const VirtualOperatorTopology& topology,
                              uint32_t site,
                              uint32_t uplink,
                              Time at,
                              Time delay);
};

} // namespace ns3

#endif /* VIRTUAL_OPERATOR_UPLINK_FAULTS_H */
