/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * RFC 6521 clauses of route optimization that issue 12 made conform, each beside a
 * control run: keepalives that adapt to the perceived latency (section 3.3.4), the CR's
 * reply code to a request that fails authentication and what the MR does with it
 * (section 3.3.3), and a pre-shared KRm (section 3.2, 3.3.3). Overlapping prefixes
 * (section 3.3.2) are unit-tested in test/gtest/route-optimization-cache-test.cc.
 */
#include "haaro-test-fixture.h"

#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/ns3-compat.h"
#include "ns3/test.h"

#include <algorithm>
#include <functional>
#include <sstream>

using namespace ns3;

namespace
{

/// Site indices: MR A (the CR of the flows) and MR C (their MR); B only registers.
constexpr uint32_t A = 0;
constexpr uint32_t C = 2;
/// The flow from a host of site C to one of site A.
constexpr uint16_t PORT = 9002;

/**
 * \ingroup haaro-tests
 * Three single-homed sites A, B, C on two ISPs (A and C on the same one), route
 * optimization on, the routers starting at 1, 2, 3 s; records every route optimization
 * message (keepalives included) and peer event of A and C, with times.
 */
class ConformanceScenario : public HaaroTestScenario
{
  public:
    /// A message or event of router A or C.
    struct Record
    {
        Time at;              //!< when
        uint32_t router;      //!< A or C
        std::string what;     //!< "tx KEEPALIVE", "rx RRP", ... ("" for an event)
        RoPeerEventInfo info; //!< the event (ADVERTISEMENT for a message)
    };

    /// \param uplinkDelay one-way delay of every site's uplink
    explicit ConformanceScenario(Time uplinkDelay = MilliSeconds(10))
    {
        UseTwoIspTopology(3, 1, true, uplinkDelay);
    }

    /// Builds, starts the routers at 1, 2, 3 s and connects the traces of A and C.
    void Build()
    {
        HaaroTestScenario::Build();
        StartRouters({Seconds(1), Seconds(2), Seconds(3)});
        // The stacks' random variables (ARP jitter) too: several runs in one process then
        // draw the same numbers (automatic stream indices keep counting across runs).
        InternetStackHelper().AssignStreams(NodeContainer::GetGlobal(), 1000);
        RouteOptimizerSinks sinks;
        sinks.message = [this](uint32_t router, const std::string& what, Ipv4Address, Ipv4Address) {
            records.push_back({Simulator::Now(),
                               router,
                               what,
                               RoPeerEventInfo(Ipv4Address(), RoPeerEvent::ADVERTISEMENT)});
        };
        sinks.peerEvent = [this](uint32_t router, const RoPeerEventInfo& info) {
            records.push_back({Simulator::Now(), router, "", info});
        };
        WatchRouteOptimizers(sinks, {A, C});
    }

    /// \param router a site \return its route optimizer
    Ptr<RouteOptimizer> Ro(uint32_t router) const
    {
        return network.mobileRouters[router]->GetRouteOptimizer();
    }

    /// \param router A or C \param what a message ("tx RRQ") \return when each was seen
    std::vector<Time> Messages(uint32_t router, const std::string& what) const
    {
        std::vector<Time> at;
        for (const Record& r : records)
        {
            if (r.router == router && r.what == what)
            {
                at.push_back(r.at);
            }
        }
        return at;
    }

    /// \param router A or C \param event a kind \return its events, in order
    std::vector<Record> Events(uint32_t router, RoPeerEvent event) const
    {
        std::vector<Record> out;
        for (const Record& r : records)
        {
            if (r.router == router && r.what.empty() && r.info.event == event)
            {
                out.push_back(r);
            }
        }
        return out;
    }

    /// \param router A or C \param from window start
    /// \return the median spacing of its keepalives sent from `from` on (zero if < 2)
    Time MedianKeepaliveSpacing(uint32_t router, Time from) const
    {
        std::vector<Time> tx = Messages(router, "tx KEEPALIVE");
        std::vector<Time> gaps;
        for (size_t i = 1; i < tx.size(); ++i)
        {
            if (tx[i - 1] >= from)
            {
                gaps.push_back(tx[i] - tx[i - 1]);
            }
        }
        if (gaps.empty())
        {
            return Time(0);
        }
        std::sort(gaps.begin(), gaps.end());
        return gaps[gaps.size() / 2];
    }

    /// \return the flow's datagrams that came through the direct tunnel (TTL 62)
    size_t DirectArrivals() const
    {
        auto f = flows[PORT];
        return std::count_if(f.begin(), f.end(), [](const Arrival& a) { return a.ttl == 62; });
    }

    /// \return every record as text, one a line (time in ns): the run's fingerprint
    std::string Log() const
    {
        std::ostringstream os;
        for (const Record& r : records)
        {
            os << r.at.GetNanoSeconds() << " " << r.router << " " << (r.what.empty() ? "" : r.what);
            if (r.what.empty())
            {
                os << r.info.peer << " " << r.info;
            }
            os << "\n";
        }
        for (const Arrival& a : flows[PORT])
        {
            os << a.at.GetNanoSeconds() << " " << a.seq << " " << unsigned(a.ttl) << "\n";
        }
        return os.str();
    }

    std::vector<Record> records; //!< messages and events of A and C, in order
};

/// \param t a time \return milliseconds
double
Ms(Time t)
{
    return t.GetSeconds() * 1000;
}

/// What one keepalive run measured.
struct KeepaliveRun
{
    Time srtt;           //!< MR C's smoothed keepalive RTT towards A at the end
    Time interval;       //!< MR C's keepalive interval towards A at the end
    Time spacingC;       //!< median spacing of C's keepalives, last 10 s
    Time spacingA;       //!< median spacing of A's keepalives, last 10 s
    size_t direct{0};    //!< datagrams through the direct tunnel
    size_t fallbacks{0}; //!< C's fallbacks
    std::string log;     //!< fingerprint
};

/**
 * \param uplinkDelay one-way uplink delay (the direct path's RTT is 4 x this)
 * \param configure attributes of the run \param stop end of the run (RFC 6298's RTTVAR
 * decays by a quarter per sample: sparse keepalives need a longer run to converge)
 * \return the measurements (spacings over the last 20 s)
 */
KeepaliveRun
RunKeepalives(Time uplinkDelay,
              const std::function<void(ConformanceScenario&)>& configure,
              Time stop = Seconds(40))
{
    ConformanceScenario s(uplinkDelay);
    configure(s);
    s.Build();
    s.AddFlow(C, A, Seconds(5), stop, MilliSeconds(100), PORT);
    s.Run(stop);
    KeepaliveRun r;
    r.srtt = s.Ro(C)->GetKeepaliveRtt(s.Hoa(A));
    r.interval = s.Ro(C)->GetKeepaliveInterval(s.Hoa(A));
    r.spacingC = s.MedianKeepaliveSpacing(C, stop - Seconds(20));
    r.spacingA = s.MedianKeepaliveSpacing(A, stop - Seconds(20));
    r.direct = s.DirectArrivals();
    r.fallbacks = s.Events(C, RoPeerEvent::FALLBACK).size();
    r.log = s.Log();
    return r;
}

/**
 * \ingroup haaro-tests
 * RFC 6521 section 3.3.4: "it is RECOMMENDED ... that considerably shorter periods be
 * used, adapting to the perceived latency as needed. However, the maximum amount of
 * keepalives SHOULD at no point exceed MAX_UPDATE_RATE times per second." On a fast and
 * a slow direct path the keepalives of both ends are sent at 4 RTOs (RFC 6298) of their
 * measured RTT within [KeepaliveMinInterval, KeepaliveMaxInterval]; control:
 * KeepaliveAdaptive false keeps 1 s.
 */
class KeepaliveFollowsRttTestCase : public TestCase
{
  public:
    KeepaliveFollowsRttTestCase()
        : TestCase("RFC 6521 3.3.4: the keepalive interval follows the RTT within the bounds")
    {
    }

  private:
    void DoRun() override
    {
        auto defaults = [](ConformanceScenario&) {};
        auto slowMax = [](ConformanceScenario& s) {
            s.nemo.SetRouteOptimizerAttribute("KeepaliveMaxInterval", TimeValue(Seconds(4)));
        };
        auto fixed = [](ConformanceScenario& s) {
            s.nemo.SetRouteOptimizerAttribute("KeepaliveAdaptive", BooleanValue(false));
        };

        struct Case
        {
            const char* name;
            Time uplink;
            std::function<void(ConformanceScenario&)> configure;
            double minMs;
            double maxMs;
            bool adaptive;
            Time stop;
        };

        const Case cases[] = {
            {"fast path (RTT 120 ms)", MilliSeconds(30), defaults, 200, 1000, true, Seconds(40)},
            {"slow path (RTT 600 ms)", MilliSeconds(150), defaults, 200, 1000, true, Seconds(40)},
            {"slow path, max 4 s", MilliSeconds(150), slowMax, 200, 4000, true, Seconds(150)},
            {"fast path, fixed (control)", MilliSeconds(30), fixed, 0, 0, false, Seconds(40)},
            {"slow path, fixed (control)", MilliSeconds(150), fixed, 0, 0, false, Seconds(40)}};
        for (const Case& c : cases)
        {
            KeepaliveRun r = RunKeepalives(c.uplink, c.configure, c.stop);
            double rttMs = 4 * Ms(c.uplink); // the direct path: two uplinks, both ways
            std::cout << "    " << c.name << ": srtt " << Ms(r.srtt) << " ms, interval "
                      << Ms(r.interval) << " ms, keepalives every " << Ms(r.spacingC)
                      << " ms (C) / " << Ms(r.spacingA) << " ms (A), direct " << r.direct
                      << std::endl;
            NS_TEST_ASSERT_MSG_EQ_TOL(Ms(r.srtt), rttMs, 3.0, c.name << ": SRTT is the path's RTT");
            NS_TEST_ASSERT_MSG_EQ(r.fallbacks, 0u, c.name << ": no false failure");
            NS_TEST_ASSERT_MSG_GT(r.direct, 300u, c.name << ": the direct tunnel carried the flow");
            double expectedMs =
                c.adaptive ? std::clamp(4 * (Ms(r.srtt) + 1), c.minMs, c.maxMs) : 1000.0;
            // 2 %: queueing behind the flow's datagrams leaves a little RTTVAR.
            NS_TEST_ASSERT_MSG_EQ_TOL(Ms(r.interval),
                                      expectedMs,
                                      0.02 * expectedMs,
                                      c.name << ": interval");
            // What was actually sent, by both ends (each measures its own keepalives).
            NS_TEST_ASSERT_MSG_EQ_TOL(Ms(r.spacingC),
                                      expectedMs,
                                      0.02 * expectedMs,
                                      c.name << ": C's keepalives");
            NS_TEST_ASSERT_MSG_EQ_TOL(Ms(r.spacingA),
                                      expectedMs,
                                      0.05 * expectedMs,
                                      c.name << ": A's keepalives");
        }
    }
};

/**
 * \ingroup haaro-tests
 * Failure detection stays bounded with adaptive keepalives: the CR stops answering at
 * 20 s; the MR falls back within (KeepaliveMisses + 1) intervals, faster than with the
 * fixed 1 s (control), and never later than (KeepaliveMisses + 1) x KeepaliveMaxInterval.
 */
class KeepaliveFailureBoundTestCase : public TestCase
{
  public:
    KeepaliveFailureBoundTestCase()
        : TestCase("RFC 6521 3.3.4: a path failure is still found within misses x interval")
    {
    }

  private:
    void DoRun() override
    {
        Time detection[2];
        Time interval[2];
        for (bool adaptive : {true, false})
        {
            ConformanceScenario s(MilliSeconds(30));
            s.nemo.SetRouteOptimizerAttribute("KeepaliveAdaptive", BooleanValue(adaptive));
            s.Build();
            s.AddFlow(C, A, Seconds(5), Seconds(30), MilliSeconds(50), PORT);
            HaaroSchedule(Seconds(20), [&s, &interval, adaptive]() {
                interval[adaptive] = s.Ro(C)->GetKeepaliveInterval(s.Hoa(A));
                s.Ro(A)->Stop(false); // the CR stops answering through the tunnel
            });
            s.Run(Seconds(30));
            std::vector<ConformanceScenario::Record> fallbacks = s.Events(C, RoPeerEvent::FALLBACK);
            NS_TEST_ASSERT_MSG_EQ(fallbacks.size(), 1u, "one fallback");
            NS_TEST_ASSERT_MSG_EQ(fallbacks[0].info.reason,
                                  RoFallbackReason::KEEPALIVE_TIMEOUT,
                                  "keepalive timeout");
            detection[adaptive] = fallbacks[0].at - Seconds(20);
            std::cout << "    " << (adaptive ? "adaptive" : "fixed 1 s (control)") << ": interval "
                      << Ms(interval[adaptive]) << " ms, failure found after "
                      << Ms(detection[adaptive]) << " ms" << std::endl;
            NS_TEST_ASSERT_MSG_GT(detection[adaptive],
                                  interval[adaptive] * 2 - MilliSeconds(5),
                                  "not before KeepaliveMisses keepalives went unanswered");
            NS_TEST_ASSERT_MSG_LT_OR_EQ(detection[adaptive],
                                        interval[adaptive] * 4 + MilliSeconds(120),
                                        "within (misses + 1) intervals (+ an RTT)");
            NS_TEST_ASSERT_MSG_LT_OR_EQ(detection[adaptive],
                                        Seconds(4) + MilliSeconds(120),
                                        "within (misses + 1) x KeepaliveMaxInterval");
            auto flow = s.flows[PORT];
            NS_TEST_ASSERT_MSG_EQ(unsigned(flow.back().ttl), 61u, "back via the HA");
        }
        NS_TEST_ASSERT_MSG_LT(detection[true], detection[false], "faster than the fixed 1 s");
    }
};

/**
 * \ingroup haaro-tests
 * The adaptive keepalives are deterministic: the same run twice gives the same messages,
 * events and arrivals to the nanosecond; another uplink delay gives another run.
 */
class KeepaliveDeterminismTestCase : public TestCase
{
  public:
    KeepaliveDeterminismTestCase()
        : TestCase("adaptive keepalives are deterministic")
    {
    }

  private:
    void DoRun() override
    {
        auto none = [](ConformanceScenario&) {};
        KeepaliveRun first = RunKeepalives(MilliSeconds(30), none);
        KeepaliveRun second = RunKeepalives(MilliSeconds(30), none);
        KeepaliveRun other = RunKeepalives(MilliSeconds(31), none);
        NS_TEST_ASSERT_MSG_EQ(first.log.empty(), false, "recorded");
        NS_TEST_ASSERT_MSG_EQ((first.log == second.log), true, "identical runs");
        NS_TEST_ASSERT_MSG_EQ((first.log == other.log), false, "the log sees a change");
    }
};

/// What a run with pre-shared keys measured.
struct StaticKeyRun
{
    size_t testInits{0};                                //!< HoTI and CoTI sent by A and C
    std::vector<Time> requests;                         //!< C's registration requests to A
    std::vector<Time> errorReplies;                     //!< A's replies
    std::vector<ConformanceScenario::Record> rejected;  //!< C's REGISTRATION_REJECTED
    std::vector<ConformanceScenario::Record> fallbacks; //!< C's FALLBACK
    size_t accepted{0};                                 //!< C's REGISTRATION_ACCEPTED
    size_t direct{0};                                   //!< datagrams through the direct tunnel
    size_t delivered{0};                                //!< datagrams delivered
    uint8_t lastTtl{0};                                 //!< TTL of the last datagram
    uint64_t unauthenticatedRefusals{0};                //!< C's UNAUTHENTICATED_REFUSAL count
    uint64_t authFailures{0};                           //!< A's AUTHENTICATION_FAILED count
};

/**
 * \param keyA KRm provisioned at A for C \param keyC KRm provisioned at C for A
 * \param errorReplies A's CrErrorReplies \param stop end of the run
 * \return the measurements (the flow C -> A starts at 5 s)
 */
StaticKeyRun
RunStaticKeys(const MipBytes& keyA, const MipBytes& keyC, uint32_t errorReplies, Time stop)
{
    ConformanceScenario s;
    s.nemo.SetRouteOptimizerAttribute("CrErrorReplies", UintegerValue(errorReplies));
    s.Build();
    // RFC 6521 section 3.3.3: "either the RR procedure must have been performed ..., or
    // the KRm must be pre-shared between the MR and the CR".
    HaaroSchedule(Seconds(3.5), [&]() {
        s.Ro(A)->AddStaticKey(s.Hoa(C), keyA);
        s.Ro(C)->AddStaticKey(s.Hoa(A), keyC);
    });
    s.AddFlow(C, A, Seconds(5), stop, MilliSeconds(100), PORT);
    s.Run(stop);
    StaticKeyRun r;
    for (uint32_t router : {A, C})
    {
        r.testInits += s.Messages(router, "tx HoTI").size() + s.Messages(router, "tx CoTI").size();
    }
    r.requests = s.Messages(C, "tx RRQ");
    r.errorReplies = s.Messages(A, "tx RRP");
    r.rejected = s.Events(C, RoPeerEvent::REGISTRATION_REJECTED);
    r.fallbacks = s.Events(C, RoPeerEvent::FALLBACK);
    r.accepted = s.Events(C, RoPeerEvent::REGISTRATION_ACCEPTED).size();
    r.direct = s.DirectArrivals();
    auto flow = s.flows[PORT];
    r.delivered = flow.size();
    r.lastTtl = flow.empty() ? 0 : flow.back().ttl;
    r.unauthenticatedRefusals =
        s.Ro(C)->GetProtocolDropCount(ProtocolDrop::UNAUTHENTICATED_REFUSAL);
    r.authFailures = s.Ro(A)->GetProtocolDropCount(ProtocolDrop::AUTHENTICATION_FAILED);
    return r;
}

/**
 * \ingroup haaro-tests
 * RFC 6521 section 3.2 / 3.3.3 with a pre-shared KRm (RouteOptimizer::AddStaticKey): no
 * HoTI/CoTI at all, the registration succeeds and the direct tunnel carries the traffic;
 * control: a wrong key at one end is refused and the traffic stays on the HA path.
 */
class StaticKeyTestCase : public TestCase
{
  public:
    StaticKeyTestCase()
        : TestCase("RFC 6521 3.2: a pre-shared KRm skips return routability (control: wrong key)")
    {
    }

  private:
    void DoRun() override
    {
        StaticKeyRun ok = RunStaticKeys(MipBytes(20, 0x5a), MipBytes(20, 0x5a), 8, Seconds(15));
        std::cout << "    shared key: " << ok.testInits << " HoTI/CoTI, " << ok.requests.size()
                  << " RRQ, " << ok.direct << "/" << ok.delivered << " direct" << std::endl;
        NS_TEST_ASSERT_MSG_EQ(ok.testInits, 0u, "no return routability at all");
        NS_TEST_ASSERT_MSG_EQ(ok.accepted, 1u, "registration accepted");
        NS_TEST_ASSERT_MSG_EQ(ok.rejected.size(), 0u, "nothing refused");
        NS_TEST_ASSERT_MSG_GT(ok.direct, 80u, "the direct tunnel carries the flow");
        NS_TEST_ASSERT_MSG_EQ(unsigned(ok.lastTtl), 62u, "last datagram direct");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(ok.delivered, 99u, "no loss");

        StaticKeyRun wrong = RunStaticKeys(MipBytes(20, 0x5a), MipBytes(20, 0xa5), 8, Seconds(15));
        std::cout << "    wrong key: " << wrong.testInits << " HoTI/CoTI, " << wrong.requests.size()
                  << " RRQ, " << wrong.rejected.size() << " refused, " << wrong.direct << "/"
                  << wrong.delivered << " direct" << std::endl;
        NS_TEST_ASSERT_MSG_EQ(wrong.testInits, 0u, "no return routability either");
        NS_TEST_ASSERT_MSG_EQ(wrong.accepted, 0u, "not accepted");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(wrong.rejected.size(), 1u, "refused");
        NS_TEST_ASSERT_MSG_EQ(wrong.direct, 0u, "no direct traffic");
        NS_TEST_ASSERT_MSG_EQ(unsigned(wrong.lastTtl), 61u, "via the HA");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(wrong.delivered, 99u, "no loss");
    }
};

/**
 * \ingroup haaro-tests
 * RFC 6521 section 3.3.3: "If the check fails, an appropriate Registration Reply code is
 * sent": a request whose authenticator the CR cannot verify gets 131 (unsigned: the CR
 * shares no key with its sender), and the MR, whose first registration it is, gives up at
 * once instead of retransmitting (1 + 2 + 4 + 8 s). Control: CrErrorReplies 0 (the CR
 * silent, as before issue 12).
 */
class AuthenticationFailureReplyTestCase : public TestCase
{
  public:
    AuthenticationFailureReplyTestCase()
        : TestCase("RFC 6521 3.3.3: 131 to a request failing authentication; the MR falls "
                   "back within a round trip (control: silent CR, 15 s)")
    {
    }

  private:
    void DoRun() override
    {
        const MipBytes keyA(20, 0x5a);
        const MipBytes keyC(20, 0xa5); // not A's: every request of C fails authentication
        StaticKeyRun answered = RunStaticKeys(keyA, keyC, 8, Seconds(25));
        StaticKeyRun silent = RunStaticKeys(keyA, keyC, 0, Seconds(25));
        NS_TEST_ASSERT_MSG_GT_OR_EQ(answered.requests.size(), 1u, "C registered");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(answered.rejected.size(), 1u, "C was refused");
        Time answeredAfter = answered.rejected[0].at - answered.requests[0];
        std::cout << "    131 answered: refused " << Ms(answeredAfter) << " ms after the "
                  << "request; " << answered.requests.size() << " requests in 20 s ("
                  << answered.rejected.size() << " refusals, hold-down 10 s)" << std::endl;
        NS_TEST_ASSERT_MSG_EQ(unsigned(answered.rejected[0].info.code),
                              unsigned(MIP_REPLY_HA_MN_AUTH_FAILED),
                              "code 131");
        NS_TEST_ASSERT_MSG_EQ(answered.rejected[0].info.authenticated, false, "unsigned");
        // One round trip C -> A's home address (via the HA) and back: 4 x 17 ms of links.
        NS_TEST_ASSERT_MSG_LT(answeredAfter, MilliSeconds(100), "within about one RTT");
        NS_TEST_ASSERT_MSG_EQ(answered.requests.size(),
                              answered.rejected.size(),
                              "each attempt ends with its first request");
        NS_TEST_ASSERT_MSG_EQ(answered.errorReplies.size(), answered.requests.size(), "131 each");
        NS_TEST_ASSERT_MSG_EQ(answered.unauthenticatedRefusals,
                              answered.rejected.size(),
                              "each unsigned refusal counted");
        NS_TEST_ASSERT_MSG_EQ(answered.authFailures, answered.requests.size(), "counted at A");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(answered.delivered, 199u, "no loss (HA path)");

        // Control: nothing answers; C retransmits and gives up 1 + 2 + 4 + 8 s later.
        NS_TEST_ASSERT_MSG_EQ(silent.rejected.size(), 0u, "no refusal");
        NS_TEST_ASSERT_MSG_EQ(silent.errorReplies.size(), 0u, "silent CR");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(silent.fallbacks.size(), 1u, "gave up");
        Time silentAfter = silent.fallbacks[0].at - silent.requests[0];
        std::cout << "    silent CR (control): gave up " << Ms(silentAfter) << " ms after the "
                  << "request; " << silent.requests.size() << " requests" << std::endl;
        NS_TEST_ASSERT_MSG_EQ(silent.fallbacks[0].info.reason,
                              RoFallbackReason::NO_REPLY,
                              "no reply");
        NS_TEST_ASSERT_MSG_EQ_TOL(silentAfter.GetSeconds(), 15.0, 0.01, "after 1 + 2 + 4 + 8 s");
        NS_TEST_ASSERT_MSG_EQ(silent.requests.size(), 4u, "three retransmissions");
    }
};

/**
 * \ingroup haaro-tests
 * Only authenticated bytes change state: an attacker who sees MR C's binding refreshes
 * (BindingLifetime 10 s) answers each at once with a forged, unsigned 131 from A's home
 * address carrying the request's Identification. The binding stays (the unsigned refusal
 * is believed only for a registration not yet established); control: no attacker.
 */
class ForgedRefusalTestCase : public TestCase
{
  public:
    ForgedRefusalTestCase()
        : TestCase("a forged 131 against an established binding changes nothing (control: "
                   "no attacker)")
    {
    }

  private:
    void DoRun() override
    {
        size_t direct[2];
        size_t fallbacks[2];
        size_t refusals[2];
        uint64_t dropped[2];
        uint32_t forged = 0;
        for (bool attack : {false, true})
        {
            ConformanceScenario s;
            s.nemo.SetRouteOptimizerAttribute("BindingLifetime", TimeValue(Seconds(10)));
            s.Build();
            s.AddFlow(C, A, Seconds(5), Seconds(40), MilliSeconds(50), PORT);
            Ptr<Attacker> attacker =
                AttackerHelper::AttachToIsp(s.topology, 0, Ipv4Address("100.64.200.0"));
            if (attack)
            {
                // What an on-path observer learns: each request C sends to A's home address.
                HaaroSchedule(Seconds(3.5), [&s, attacker, &forged]() {
                    Ipv4Address hoaA = s.Hoa(A);
                    Ipv4Address coaC = s.Coa(C);
                    Ptr<RouteOptimizer> roC = s.Ro(C);
                    auto onTx = [hoaA, coaC, roC, attacker, &forged](Ptr<const Packet> p,
                                                                     Ptr<Ipv4>,
                                                                     uint32_t) {
                        Ptr<Packet> copy = p->Copy();
                        Ipv4Header ip;
                        UdpHeader udp;
                        copy->RemoveHeader(ip);
                        if (ip.GetProtocol() != UdpL4Protocol::PROT_NUMBER ||
                            ip.GetDestination() != hoaA)
                        {
                            return;
                        }
                        copy->RemoveHeader(udp);
                        MipBytes bytes(copy->GetSize());
                        copy->CopyData(bytes.data(), bytes.size());
                        MipRegistrationRequest rrq;
                        const RocEntry* entry = roC->GetCache().Find(hoaA);
                        if (MipPeekMessageType(bytes) != MIP_REGISTRATION_REQUEST ||
                            rrq.FromBytes(bytes) == 0 || !entry || !entry->registeredWithPeer)
                        {
                            return; // only refreshes of the established binding
                        }
                        MipRegistrationReply fake;
                        fake.SetCode(MIP_REPLY_HA_MN_AUTH_FAILED);
                        fake.SetHomeAddress(rrq.GetHomeAddress());
                        fake.SetHomeAgent(rrq.GetHomeAgent());
                        fake.SetIdentification(rrq.GetIdentification());
                        attacker->SendUdp(hoaA,
                                          MIP_UDP_PORT,
                                          coaC,
                                          udp.GetSourcePort(),
                                          fake.ToBytes());
                        forged++;
                    };
                    s.topology.sites[C]
                        .mobileRouter->GetObject<Ipv4L3Protocol>()
                        ->TraceConnectWithoutContext(
                            "Tx",
                            MakeFunctorCallback<void, Ptr<const Packet>, Ptr<Ipv4>, uint32_t>(
                                onTx));
                });
            }
            s.Run(Seconds(40));
            direct[attack] = s.DirectArrivals();
            fallbacks[attack] = s.Events(C, RoPeerEvent::FALLBACK).size();
            refusals[attack] = s.Events(C, RoPeerEvent::REGISTRATION_REJECTED).size();
            dropped[attack] = s.Ro(C)->GetProtocolDropCount(ProtocolDrop::AUTHENTICATION_FAILED);
            NS_TEST_ASSERT_MSG_EQ(s.Ro(C)->GetCache().Find(s.Hoa(A))->registeredWithPeer,
                                  true,
                                  "still registered with A");
        }
        std::cout << "    forged 131: " << forged << " sent; direct " << direct[true] << " ("
                  << direct[false] << "), fallbacks " << fallbacks[true] << " (" << fallbacks[false]
                  << "), counted " << dropped[true] << std::endl;
        NS_TEST_ASSERT_MSG_GT_OR_EQ(forged, 3u, "one forgery per refresh");
        NS_TEST_ASSERT_MSG_EQ(refusals[true], 0u, "no refusal believed");
        NS_TEST_ASSERT_MSG_EQ(fallbacks[true], fallbacks[false], "no fallback");
        NS_TEST_ASSERT_MSG_EQ(direct[true], direct[false], "the same direct traffic");
        NS_TEST_ASSERT_MSG_EQ(dropped[true] - dropped[false], uint64_t(forged), "each counted");
    }
};

/**
 * \ingroup haaro-tests
 * Row C17 (RFC 5944 section 4.2.3 applied to MR-CR bindings, notes A8): MR C registered
 * with CR A (lifetime 10 s, no mutual registration, so A holds only C's binding) stops at
 * 20 s without de-registering (its route optimizer stops; its tunnel, routes and the HA
 * path stay, and its kernel still answers A's keepalives). A's keepalive misses are set
 * far beyond the run, so only the binding's lifetime can end the direct tunnel: A falls
 * back (PEER_BINDING_EXPIRED) within 10 s of C's last refresh, and A's traffic to site C
 * (from 20.5 s) goes through the HA. Control: C keeps refreshing; no expiry, A's traffic
 * goes direct.
 */
class PeerBindingExpiryTestCase : public TestCase
{
  public:
    PeerBindingExpiryTestCase()
        : TestCase("C17: the CR's binding of a silent MR expires, traffic back via the HA "
                   "(control: refreshed)")
    {
    }

  private:
    void DoRun() override
    {
        for (bool silent : {false, true})
        {
            ConformanceScenario s;
            s.nemo.SetRouteOptimizerAttribute("BindingLifetime", TimeValue(Seconds(10)));
            s.nemo.SetRouteOptimizerAttribute("MutualRegistration", BooleanValue(false));
            s.nemo.SetRouteOptimizerAttribute("KeepaliveMisses", UintegerValue(1000));
            s.Build();
            s.AddFlow(C, A, Seconds(5), Seconds(45), MilliSeconds(100), PORT);
            // A's own traffic to site C only once C fell silent: A stays the CR (with
            // traffic of its own from the start, A would register with C too, RFC 6521
            // section 3.3.3's concurrent registration, and keep the tunnel on expiry).
            s.AddFlow(A, C, Seconds(20.5), Seconds(45), MilliSeconds(100), PORT + 1);
            if (silent)
            {
                HaaroSchedule(Seconds(20), [&s]() { s.Ro(C)->Stop(false); });
            }
            s.Run(Seconds(45));
            std::vector<Time> requests = s.Messages(C, "tx RRQ");
            Time lastRefresh(0);
            for (Time at : requests)
            {
                lastRefresh = at < Seconds(20) ? at : lastRefresh;
            }
            std::vector<ConformanceScenario::Record> expiries;
            for (const ConformanceScenario::Record& r : s.Events(A, RoPeerEvent::FALLBACK))
            {
                if (r.info.reason == RoFallbackReason::PEER_BINDING_EXPIRED)
                {
                    expiries.push_back(r);
                }
            }
            size_t direct = 0;
            for (const auto& a : s.flows[PORT])
            {
                direct += a.at < Seconds(20) && a.ttl == 62;
            }
            size_t late = 0;
            size_t lateViaHa = 0;
            for (const auto& a : s.flows[PORT + 1])
            {
                late += a.at >= Seconds(35);
                lateViaHa += a.at >= Seconds(35) && a.ttl == 61;
            }
            std::cout << "    " << (silent ? "silent MR" : "control") << ": " << expiries.size()
                      << " expiry fallback(s)"
                      << (expiries.empty() ? std::string()
                                           : " at " + std::to_string(expiries[0].at.GetSeconds()))
                      << " s, last refresh before 20 s at " << lastRefresh.GetSeconds()
                      << " s; C -> A " << direct << " direct before 20 s; A -> C " << late
                      << " after 35 s (" << lateViaHa << " via the HA)" << std::endl;
            NS_TEST_ASSERT_MSG_GT(direct, 100u, "route optimized before");
            NS_TEST_ASSERT_MSG_GT_OR_EQ(late, 95u, "A -> C keeps flowing at the end");
            if (!silent)
            {
                NS_TEST_ASSERT_MSG_EQ(expiries.size(), 0u, "control: refreshed, no expiry");
                NS_TEST_ASSERT_MSG_EQ(lateViaHa, 0u, "control: still direct");
                continue;
            }
            NS_TEST_ASSERT_MSG_EQ(expiries.size(), 1u, "the binding expires at the CR");
            NS_TEST_ASSERT_MSG_GT(expiries[0].at, Seconds(20), "after C fell silent");
            NS_TEST_ASSERT_MSG_LT_OR_EQ(expiries[0].at,
                                        lastRefresh + Seconds(10) + MilliSeconds(100),
                                        "at the granted lifetime after C's last request");
            NS_TEST_ASSERT_MSG_EQ(lateViaHa, late, "A -> C through the HA again");
        }
    }
};

/**
 * \ingroup haaro-tests
 * The route optimization conformance suite (issue 12, RFC 6521 sections 3.2, 3.3.3, 3.3.4).
 */
class RoConformanceTestSuite : public TestSuite
{
  public:
    RoConformanceTestSuite()
        : TestSuite("haaro-ro-conformance", UNIT)
    {
        AddTestCase(new KeepaliveFollowsRttTestCase, TestCase::QUICK);
        AddTestCase(new KeepaliveFailureBoundTestCase, TestCase::QUICK);
        AddTestCase(new KeepaliveDeterminismTestCase, TestCase::QUICK);
        AddTestCase(new StaticKeyTestCase, TestCase::QUICK);
        AddTestCase(new AuthenticationFailureReplyTestCase, TestCase::QUICK);
        AddTestCase(new ForgedRefusalTestCase, TestCase::QUICK);
        AddTestCase(new PeerBindingExpiryTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
RoConformanceTestSuite g_roConformanceTestSuite;

} // namespace
