/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Mobile networks that change at run time (issue 16 part 4): a router adds or removes a
 * network and re-registers (RFC 5177 explicit mode), a network moves from one router to
 * another; the Home Agent's routes, the other routers' Route Optimization Caches, the old
 * owner's refusal of traffic for a network it no longer serves and route optimization to
 * the new owner. Three sites A, B, C (MR 0, 1, 2) start at 1, 2 and 3 s (lifetime 1800 s:
 * no renewal inside a run, so what the caches learn comes from the change itself); the
 * movable network 10.254.0.0/24 may be behind MR 1 or MR 2 (MovableNetwork).
 *
 * Determinism per --RngRun is checked on the scenario program, in two processes (ctest
 * determinism/convergence-add-prefix and -move-prefix): within one process ns-3 hands the
 * second run other automatic random streams.
 */
#include "haaro-test-fixture.h"

#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/haaro-scenario-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/test.h"

#include <vector>

using namespace ns3;

namespace
{

/**
 * \ingroup haaro-tests
 * Three sites with route optimization on, the movable network (candidates MR 1 and MR 2)
 * and a flow each way between host A and the movable network's host, one datagram every
 * 10 ms from 4 s to the end.
 */
class PrefixChangeScenario : public HaaroTestScenario
{
  public:
    /// Flow host A -> movable host.
    static constexpr uint16_t TO_MOVABLE = 9101;
    /// Flow movable host -> host A.
    static constexpr uint16_t FROM_MOVABLE = 9102;

    /**
     * \param initialOwner site owning the network when the routers start (none: -1)
     * \param stop end of the run
     */
    PrefixChangeScenario(int initialOwner, Time stop)
        : m_stop(stop)
    {
        UseTwoIspTopology(3, 1, true);
        Build();
        movable.Build(topology, network, MipPrefix{Ipv4Address("10.254.0.0"), 24}, {1, 2});
        if (initialOwner >= 0)
        {
            movable.AttachTo(static_cast<uint32_t>(initialOwner));
        }
        StartRouters({Seconds(1), Seconds(2), Seconds(3)});
        toMovable = Create<ProbeFlow>("A->movable",
                                      topology.sites[0].hosts.Get(0),
                                      movable.GetHost(0),
                                      movable.GetHostAddress(0),
                                      TO_MOVABLE);
        fromMovable = Create<ProbeFlow>("movable->A",
                                        movable.GetHost(0),
                                        topology.sites[0].hosts.Get(0),
                                        topology.sites[0].hostAddresses[0],
                                        FROM_MOVABLE);
        for (const Ptr<ProbeFlow>& f : {toMovable, fromMovable})
        {
            f->SetInterval(MilliSeconds(10));
            f->SetPacketSize(100);
            f->SetHaPathHops(3);
            f->Install(Seconds(4) + MicroSeconds(f == toMovable ? 0 : 500), stop);
        }
    }

    /// \param at when \param site the network moves to that router then
    void MoveAt(Time at, uint32_t site)
    {
        Simulator::Schedule(at, &MovableNetwork::AttachTo, &movable, site);
    }

    /// \param at when \brief the network leaves its owner then
    void DetachAt(Time at)
    {
        Simulator::Schedule(at, &MovableNetwork::Detach, &movable);
    }

    /// \param at when \param out receives the HA's route for the movable host then
    void SampleHaRouteAt(Time at, std::optional<Ipv4Address>* out)
    {
        Simulator::Schedule(at, [this, out]() {
            *out = network.homeAgent->GetRouting()->Lookup(movable.GetHostAddress(0));
        });
    }

    /// \param router a site \param at when \param out receives the home address whose
    /// valid prefix routes the movable host in that router's cache then (0.0.0.0: none)
    void SampleCacheAt(uint32_t router, Time at, Ipv4Address* out)
    {
        Simulator::Schedule(at, [this, router, out]() {
            const RocEntry* e =
                network.mobileRouters[router]->GetRouteOptimizer()->GetCache().Lookup(
                    movable.GetHostAddress(0));
            *out = e ? e->crHomeAddress : Ipv4Address::GetZero();
        });
    }

    /// \param site a router \return its refusals of traffic for networks it does not serve
    uint64_t Refused(uint32_t site) const
    {
        return network.mobileRouters[site]->GetRouteOptimizer()->GetProtocolDropCount(
            ProtocolDrop::NOT_OUR_NETWORK);
    }

    /// \param f a flow \param from window start \param to window end \param direct path
    /// \return arrivals on that path in [from, to)
    static uint64_t On(Ptr<ProbeFlow> f, Time from, Time to, bool direct)
    {
        return f->GetPathStats(direct, from, to).packets;
    }

    /// runs to the end
    void Run()
    {
        HaaroTestScenario::Run(m_stop);
    }

    MovableNetwork movable;     //!< the network that changes owner
    Ptr<ProbeFlow> toMovable;   //!< host A -> movable host
    Ptr<ProbeFlow> fromMovable; //!< movable host -> host A

  private:
    Time m_stop; //!< end of the run
};

/**
 * \ingroup haaro-tests
 * MR B adds the network at 10 s: it re-registers at once (explicit mode), the HA routes the
 * prefix from its reply on, traffic to it flows via the HA, then on the direct tunnel
 * once MR A's cache knows it (MR B's registration with MR A makes MR A solicit the HA).
 */
class AddPrefixTestCase : public TestCase
{
  public:
    AddPrefixTestCase()
        : TestCase("add-prefix: re-registration, reachable via the HA, then directly")
    {
    }

  private:
    void DoRun() override
    {
        PrefixChangeScenario s(-1, Seconds(16));
        s.MoveAt(Seconds(10), 1);
        std::optional<Ipv4Address> before;
        std::optional<Ipv4Address> after;
        s.SampleHaRouteAt(Seconds(9.9), &before);
        s.SampleHaRouteAt(Seconds(10.2), &after);
        Ipv4Address cacheBefore;
        Ipv4Address cacheAfter;
        s.SampleCacheAt(0, Seconds(9.9), &cacheBefore);
        s.SampleCacheAt(0, Seconds(15.9), &cacheAfter);
        uint64_t requestsBefore = 0;
        Simulator::Schedule(Seconds(9.99), [&s, &requestsBefore]() {
            requestsBefore = s.Uplink(1)->GetRequestsSent();
        });
        s.Run();
        NS_TEST_ASSERT_MSG_EQ(before.has_value(), false, "no route before the add");
        NS_TEST_ASSERT_MSG_EQ(after.value_or(Ipv4Address()), s.Hoa(1), "HA routes it to MR B");
        NS_TEST_ASSERT_MSG_GT(s.Uplink(1)->GetRequestsSent(),
                              requestsBefore,
                              "the add re-registers at once");
        NS_TEST_ASSERT_MSG_EQ(s.toMovable->GetPathStats(true, Seconds(4), Seconds(10)).packets +
                                  s.toMovable->GetPathStats(false, Seconds(4), Seconds(10)).packets,
                              0,
                              "nothing reaches a network nobody serves");
        NS_TEST_ASSERT_MSG_GT(
            PrefixChangeScenario::On(s.toMovable, Seconds(10), Seconds(11), false),
            0,
            "reachable via the HA right after the re-registration");
        std::optional<ProbeSample> direct = s.toMovable->FirstOnPath(true, Seconds(10));
        NS_TEST_ASSERT_MSG_EQ(direct.has_value(), true, "then on the direct tunnel");
        NS_TEST_ASSERT_MSG_LT(direct->at, Seconds(12), "within two seconds");
        NS_TEST_ASSERT_MSG_EQ(cacheBefore, Ipv4Address::GetZero(), "MR A knew nothing before");
        NS_TEST_ASSERT_MSG_EQ(cacheAfter, s.Hoa(1), "MR A's cache has it at MR B");
    }
};

/**
 * \ingroup haaro-tests
 * MR B removes the network at 10 s: its re-registration leaves the prefix out, the HA
 * deletes it and stops forwarding it (RFC 5177 section 6.3), and MR A's cache (which had it
 * from the route optimization) drops it when MR B re-registers with MR A without it.
 */
class RemovePrefixTestCase : public TestCase
{
  public:
    RemovePrefixTestCase()
        : TestCase("remove-prefix: the HA stops routing it, MR A's cache forgets it")
    {
    }

  private:
    void DoRun() override
    {
        PrefixChangeScenario s(1, Seconds(13));
        s.DetachAt(Seconds(10));
        std::optional<Ipv4Address> before;
        std::optional<Ipv4Address> after;
        s.SampleHaRouteAt(Seconds(9.9), &before);
        s.SampleHaRouteAt(Seconds(10.2), &after);
        Ipv4Address cacheBefore;
        Ipv4Address cacheAfter;
        s.SampleCacheAt(0, Seconds(9.9), &cacheBefore);
        s.SampleCacheAt(0, Seconds(12.9), &cacheAfter);
        s.Run();
        NS_TEST_ASSERT_MSG_EQ(before.value_or(Ipv4Address()), s.Hoa(1), "routed to MR B before");
        NS_TEST_ASSERT_MSG_EQ(after.has_value(), false, "not routed after the removal");
        NS_TEST_ASSERT_MSG_EQ(cacheBefore, s.Hoa(1), "MR A routed it directly to MR B");
        NS_TEST_ASSERT_MSG_EQ(cacheAfter, Ipv4Address::GetZero(), "and forgot it");
        NS_TEST_ASSERT_MSG_GT(PrefixChangeScenario::On(s.toMovable, Seconds(8), Seconds(10), true),
                              0,
                              "direct before");
        NS_TEST_ASSERT_MSG_EQ(
            s.toMovable->GetPathStats(true, Seconds(10.5), Seconds(13)).packets +
                s.toMovable->GetPathStats(false, Seconds(10.5), Seconds(13)).packets,
            0,
            "nothing after");
    }
};

/**
 * \ingroup haaro-tests
 * The network moves from MR B to MR C at 10 s (control: it stays). MR A had it on its
 * direct tunnel to MR B: MR B refuses what still arrives for it there (NOT_OUR_NETWORK),
 * re-registers with MR A without it (MR A falls back to the HA for it), and MR A's cache
 * learns MR C as the owner from MR C's registration (a solicitation of the HA); traffic
 * then flows on the direct tunnel to MR C.
 */
class MovePrefixTestCase : public TestCase
{
  public:
    /// \param move false: the control run (no move)
    explicit MovePrefixTestCase(bool move)
        : TestCase(move ? "move-prefix: refused by the old owner, reachable via the new one"
                        : "move-prefix control: no move, no refusal"),
          m_move(move)
    {
    }

  private:
    void DoRun() override
    {
        PrefixChangeScenario s(1, Seconds(16));
        if (m_move)
        {
            s.MoveAt(Seconds(10), 2);
        }
        Ipv4Address cacheBefore;
        Ipv4Address cacheAfter;
        s.SampleCacheAt(0, Seconds(9.9), &cacheBefore);
        s.SampleCacheAt(0, Seconds(15.9), &cacheAfter);
        std::optional<Ipv4Address> haAfter;
        s.SampleHaRouteAt(Seconds(10.2), &haAfter);
        s.Run();
        Ipv4Address owner = m_move ? s.Hoa(2) : s.Hoa(1);
        NS_TEST_ASSERT_MSG_EQ(cacheBefore, s.Hoa(1), "MR A routes it to MR B before");
        NS_TEST_ASSERT_MSG_EQ(haAfter.value_or(Ipv4Address()), owner, "the HA's route");
        NS_TEST_ASSERT_MSG_EQ(cacheAfter, owner, "MR A's cache at the end");
        NS_TEST_ASSERT_MSG_GT(PrefixChangeScenario::On(s.toMovable, Seconds(8), Seconds(10), true),
                              0,
                              "direct before");
        NS_TEST_ASSERT_MSG_GT(PrefixChangeScenario::On(s.toMovable, Seconds(14), Seconds(16), true),
                              150,
                              "direct at the end (to the owner)");
        NS_TEST_ASSERT_MSG_GT(
            PrefixChangeScenario::On(s.fromMovable, Seconds(14), Seconds(16), true),
            150,
            "and back");
        if (m_move)
        {
            NS_TEST_ASSERT_MSG_GT(s.Refused(1), 0, "the old owner refuses the moved network");
            NS_TEST_ASSERT_MSG_GT(
                PrefixChangeScenario::On(s.toMovable, Seconds(10), Seconds(12), false),
                0,
                "meanwhile via the HA");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(s.Refused(1), 0, "nothing refused without a move");
            NS_TEST_ASSERT_MSG_EQ(s.toMovable->GetLostIn(Seconds(4), Seconds(15.5)),
                                  0,
                                  "nothing lost without a move");
        }
        NS_TEST_ASSERT_MSG_EQ(s.Refused(0) + s.Refused(2), 0, "nobody else refuses anything");
    }

    bool m_move; //!< move, or the control
};

/**
 * \ingroup haaro-tests
 * Run-time prefix changes (issue 16 part 4).
 */
class HaaroPrefixChangeTestSuite : public TestSuite
{
  public:
    HaaroPrefixChangeTestSuite()
        : TestSuite("haaro-prefix-change", UNIT)
    {
        AddTestCase(new AddPrefixTestCase(), TestCase::QUICK);
        AddTestCase(new RemovePrefixTestCase(), TestCase::QUICK);
        AddTestCase(new MovePrefixTestCase(true), TestCase::QUICK);
        AddTestCase(new MovePrefixTestCase(false), TestCase::QUICK);
    }
};

/// the suite's instance
HaaroPrefixChangeTestSuite g_haaroPrefixChangeTestSuite;

} // namespace
