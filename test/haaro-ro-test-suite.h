/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The route optimization suite (haaro-ro, haaro-ro-test-suite.cc) in several files by topic
 * (haaro-ro-test-suite-*.cc): the scenario they share and the test cases of each file.
 */
#ifndef HAARO_RO_TEST_SUITE_H
#define HAARO_RO_TEST_SUITE_H

#include "haaro-test-fixture.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/ns3-compat.h"
#include "ns3/test.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace haarotest
{

/**
 * \ingroup haaro-tests
 * Three sites A, B, C (MR 0, 1, 2) registering in that order (F14), with route
 * optimization on, and UDP flows between hosts that record arrival time and TTL.
 */
class RoScenario : public HaaroTestScenario
{
  public:
    /// A message seen by a router's route optimizer.
    struct Message
    {
        Time at;          //!< when
        uint32_t router;  //!< which router saw it
        std::string what; //!< "tx HoTI" etc.
        Ipv4Address src;  //!< IP source
        Ipv4Address dst;  //!< IP destination
    };

    /// A peer event of a router's route optimizer.
    struct PeerEvent
    {
        Time at;              //!< when
        uint32_t router;      //!< which router
        RoPeerEventInfo info; //!< what happened
    };

    /// \param uplinks uplinks per site (1 or 2)
    explicit RoScenario(uint32_t uplinks = 1)
    {
        UseTwoIspTopology(3, uplinks, true);
    }

    /// One-way delay MR <-> HA configured on the path (uplink, ISP core, backend).
    static constexpr double ONE_WAY_TO_HA_MS = 10 + 5 + 2;

    /**
     * Breaks one uplink of a site for good (VirtualOperatorTopologyHelper::
     * ScheduleUplinkFailure, never restored).
     * \param site index \param uplink index \param at when \param mode how
     */
    void FailUplink(uint32_t site,
                    uint32_t uplink,
                    Time at,
                    VirtualOperatorTopologyHelper::FailureMode mode)
    {
        VirtualOperatorTopologyHelper::ScheduleUplinkFailure(topology,
                                                             site,
                                                             uplink,
                                                             at,
                                                             Seconds(0),
                                                             mode);
    }

    /// Builds and installs; the routers start at 1, 2 and 3 s.
    void Build()
    {
        HaaroTestScenario::Build();
        StartRouters({Seconds(1), Seconds(2), Seconds(3)});
        RouteOptimizerSinks sinks;
        sinks.message =
            [this](uint32_t router, const std::string& what, Ipv4Address src, Ipv4Address dst) {
                if (what != "tx KEEPALIVE" && what != "rx KEEPALIVE")
                {
                    messages.push_back({Simulator::Now(), router, what, src, dst});
                }
            };
        sinks.peerEvent = [this](uint32_t router, const RoPeerEventInfo& info) {
            events.push_back({Simulator::Now(), router, info});
        };
        sinks.setup = [this](uint32_t router, Ipv4Address, Time latency) {
            setups.push_back({router, latency});
        };
        WatchRouteOptimizers(sinks);
    }

    /// \param router index \param what text \return index of the first such message, or -1
    int Find(uint32_t router, const std::string& what, size_t from = 0) const
    {
        for (size_t i = from; i < messages.size(); ++i)
        {
            if (messages[i].router == router && messages[i].what == what)
            {
                return static_cast<int>(i);
            }
        }
        return -1;
    }

    std::vector<Message> messages;                 //!< RO messages, in order
    std::vector<PeerEvent> events;                 //!< RO peer events, in order
    std::vector<std::pair<uint32_t, Time>> setups; //!< (router, setup latency)
};

/// \return how many peer events of a router match
inline size_t
CountEvents(const RoScenario& s,
            uint32_t router,
            const std::function<bool(const RoPeerEventInfo&)>& match)
{
    size_t n = 0;
    for (const auto& e : s.events)
    {
        n += e.router == router && match(e.info);
    }
    return n;
}

/// \return how many peer events of a router are of this kind
inline size_t
CountEvents(const RoScenario& s, uint32_t router, RoPeerEvent event)
{
    return CountEvents(s, router, [event](const RoPeerEventInfo& e) { return e.event == event; });
}

/// \return the test cases of haaro-ro-test-suite-basics.cc, in the suite's order (the
/// suite owns them)
std::vector<TestCase*> RoBasicsTestCases();

/// \return the test cases of haaro-ro-test-suite-peers.cc, in the suite's order (the
/// suite owns them)
std::vector<TestCase*> RoPeersTestCases();

/// \return the test cases of haaro-ro-test-suite-tunnels.cc, in the suite's order (the
/// suite owns them)
std::vector<TestCase*> RoTunnelsTestCases();

/// \return the test cases of haaro-ro-test-suite-attacks.cc, in the suite's order (the
/// suite owns them)
std::vector<TestCase*> RoAttacksTestCases();

} // namespace haarotest
} // namespace ns3

#endif /* HAARO_RO_TEST_SUITE_H */
