/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "route-optimizer.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/fatal-range-checker.h"
#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/icmpv4.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/return-routability-keys.h"
#include "ns3/return-routability-messages.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <set>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RouteOptimizer");

NS_OBJECT_ENSURE_REGISTERED(RouteOptimizer);

TypeId
RouteOptimizer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RouteOptimizer")
            .SetParent<Object>()
            .SetGroupName("Haaro")
            .AddConstructor<RouteOptimizer>()
            .AddAttribute("BindingLifetime",
                          "Lifetime requested from correspondent routers (RFC 6521 leaves it "
                          "open, A8); refreshed at RenewalFraction of it",
                          TimeValue(Seconds(120)),
                          MakeTimeAccessor(&RouteOptimizer::m_bindingLifetime),
                          MakeFatalRangeChecker(MakeTimeChecker(Seconds(1), Seconds(65535)),
                                                "ns3::RouteOptimizer::BindingLifetime",
                                                "1 to 65535 s: the 16-bit Lifetime field"))
            .AddAttribute("RenewalFraction",
                          "Refresh a binding with a correspondent router after this fraction "
                          "of the granted lifetime (A8)",
                          DoubleValue(0.8),
                          MakeDoubleAccessor(&RouteOptimizer::m_renewalFraction),
                          MakeDoubleChecker<double>(0.1, 0.99))
            .AddAttribute("Retransmission",
                          "First retransmission timeout of return routability and of "
                          "registrations with correspondent routers (doubling; A8)",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&RouteOptimizer::m_retransmission),
                          MakeTimeChecker(MilliSeconds(100)))
            .AddAttribute("MaxRetransmissions",
                          "Retransmissions before falling back to the HA path",
                          UintegerValue(3),
                          MakeUintegerAccessor(&RouteOptimizer::m_maxRetransmissions),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("KeepaliveInterval",
                          "ICMP echo in each direct tunnel, both ends (RFC 6521 3.3.4: well "
                          "below 110 s, at most MAX_UPDATE_RATE = 5 per second): the interval "
                          "until the first keepalive is answered, and always when "
                          "KeepaliveAdaptive is false",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&RouteOptimizer::m_keepaliveInterval),
                          MakeTimeChecker(MilliSeconds(200)))
            .AddAttribute("KeepaliveMisses",
                          "Unanswered keepalives before falling back to the HA path (a "
                          "failure is found within KeepaliveMisses + 1 intervals, at most "
                          "KeepaliveMaxInterval each)",
                          UintegerValue(3),
                          MakeUintegerAccessor(&RouteOptimizer::m_keepaliveMisses),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("KeepaliveAdaptive",
                          "The keepalive interval follows the measured round-trip time of "
                          "the keepalives (RFC 6521 section 3.3.4: \"adapting to the "
                          "perceived latency\", RECOMMENDED): KeepaliveRtoMultiple times the "
                          "RFC 6298 RTO, within [KeepaliveMinInterval, KeepaliveMaxInterval]; "
                          "false: always KeepaliveInterval",
                          BooleanValue(true),
                          MakeBooleanAccessor(&RouteOptimizer::m_keepaliveAdaptive),
                          MakeBooleanChecker())
            .AddAttribute("KeepaliveMinInterval",
                          "Shortest adapted keepalive interval (RFC 6521 sections 3.3.4 and 9: "
                          "at most MAX_UPDATE_RATE = 5 keepalives per second)",
                          TimeValue(MilliSeconds(200)),
                          MakeTimeAccessor(&RouteOptimizer::m_keepaliveMinInterval),
                          MakeTimeChecker(MilliSeconds(200)))
            .AddAttribute("KeepaliveMaxInterval",
                          "Longest adapted keepalive interval: bounds failure detection to "
                          "(KeepaliveMisses + 1) x this on any path (RFC 6521 section 3.3.4: "
                          "\"fast response in case of path failures\"); at least "
                          "KeepaliveMinInterval",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&RouteOptimizer::m_keepaliveMaxInterval),
                          MakeTimeChecker(MilliSeconds(200)))
            .AddAttribute("KeepaliveRtoMultiple",
                          "Adapted keepalive interval in RFC 6298 retransmission timeouts "
                          "(SRTT + max(G, 4 RTTVAR)) of the keepalives: at 1 a keepalive is "
                          "due about when the previous one's answer is",
                          DoubleValue(4),
                          MakeDoubleAccessor(&RouteOptimizer::m_keepaliveRtoMultiple),
                          MakeDoubleChecker<double>(1, 1000))
            .AddAttribute("CrErrorReplies",
                          "Correspondent role: burst of unauthenticated error replies (131 to "
                          "a request that fails authentication, 201-203 for expired nonces; "
                          "RFC 6521 section 3.3.3: \"an appropriate Registration Reply code is "
                          "sent\"); one more per CrErrorReplyInterval, so that forged requests "
                          "cannot use the CR as a reflector. 0: never answered (silently "
                          "discarded)",
                          UintegerValue(8),
                          MakeUintegerAccessor(&RouteOptimizer::m_crErrorReplies),
                          MakeUintegerChecker<uint32_t>(0))
            .AddAttribute("CrErrorReplyInterval",
                          "Correspondent role: refill of the CrErrorReplies bucket (one more "
                          "error reply per this interval)",
                          TimeValue(MilliSeconds(100)),
                          MakeTimeAccessor(&RouteOptimizer::m_crErrorReplyInterval),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("UnknownPeerSolicitations",
                          "Correspondent role: burst of solicitations (re-registrations at "
                          "the Home Agent with S set, RFC 6521 section 3.3.3) that requests "
                          "from home addresses the HA never advertised may cause; one more "
                          "per solicitation wait. Bounds what made-up home addresses cost",
                          UintegerValue(8),
                          MakeUintegerAccessor(&RouteOptimizer::m_unknownPeerSolicitations),
                          MakeUintegerChecker<uint32_t>(0))
            .AddAttribute("Grace",
                          "How long a retired direct tunnel (after a change of care-of "
                          "address pair or a de-registration) still accepts packets",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&RouteOptimizer::m_grace),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("SolicitationWait",
                          "Correspondent role: how long a registration whose prefixes the "
                          "Home Agent has not confirmed waits for the answer to the "
                          "solicitation (RFC 6521 section 3.3.3)",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&RouteOptimizer::m_solicitationWait),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("HoldDown",
                          "Wait after a failed route optimization before trying again",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&RouteOptimizer::m_holdDown),
                          MakeTimeChecker())
            .AddAttribute("FullMesh",
                          "Start route optimization with every advertised router at once "
                          "instead of on demand (RFC 6521 section 3.3.1)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&RouteOptimizer::m_fullMesh),
                          MakeBooleanChecker())
            .AddAttribute("SpreadPeers",
                          "Use a different care-of address per correspondent router (RFC 6521 "
                          "section 3.3): each new one gets the registered uplink serving the "
                          "fewest; false: all use the active uplink",
                          BooleanValue(false),
                          MakeBooleanAccessor(&RouteOptimizer::m_spreadPeers),
                          MakeBooleanChecker())
            .AddAttribute("Solicit",
                          "As correspondent router, solicit the Home Agent (capability "
                          "extension with S, RFC 6521 section 3.3.3) for a router whose "
                          "requested prefixes it has not confirmed yet; false: no "
                          "solicitation is sent, the request still waits SolicitationWait (a "
                          "regular re-registration may confirm the prefixes meanwhile) and is "
                          "then answered with what is confirmed",
                          BooleanValue(true),
                          MakeBooleanAccessor(&RouteOptimizer::m_solicitPeers),
                          MakeBooleanChecker())
            .AddAttribute("TryOtherPairs",
                          "When the (MR CoA, CR CoA) pair of a direct tunnel stops answering "
                          "keepalives, probe the other pairs (the CR's other care-of addresses, "
                          "then our other registered uplinks) before falling back to the Home "
                          "Agent (RFC 6521 sections 3.3 and 6.1)",
                          BooleanValue(true),
                          MakeBooleanAccessor(&RouteOptimizer::m_tryOtherPairs),
                          MakeBooleanChecker())
            .AddAttribute(
                "MaxTokenLifetime",
                "How long the keygen tokens of a return routability round (and the "
                "KRm made from them) are reused for registrations with a "
                "correspondent router, counted from the Test Init that obtained "
                "them: RFC 6521 section 3.2 initiates return routability only when "
                "RRSTATE is INACTIVE, and section 9 sets MAX_TOKEN_LIFETIME to 210 "
                "s. 0: return routability before every registration",
                TimeValue(Seconds(ReturnRoutabilityKeys::MAX_TOKEN_LIFETIME)),
                MakeTimeAccessor(&RouteOptimizer::m_maxTokenLifetime),
                MakeTimeChecker(Seconds(0), Seconds(ReturnRoutabilityKeys::MAX_TOKEN_LIFETIME)))
            .AddAttribute("MutualRegistration",
                          "As correspondent router, perform our own, explicit registration "
                          "(return routability and a Registration Request) with a mobile "
                          "router whose registration we accepted, once its first keepalive "
                          "came through the direct tunnel, so that each router holds a "
                          "binding with the other (RFC 6521 section 3.3.3: RECOMMENDED; "
                          "figure F15 step 12). Not done towards or from a router behind a "
                          "NAT (its tunnel was opened from inside). false: only the router "
                          "that started route optimization is registered",
                          BooleanValue(true),
                          MakeBooleanAccessor(&RouteOptimizer::m_mutualRegistration),
                          MakeBooleanChecker())
            .AddAttribute("InitiateTowardsOutboundOnly",
                          "Start route optimization (return routability and the registration, "
                          "through the Home Agents) towards a router advertised outbound-only "
                          "(Info=1, e.g. behind a NAT); it opens the UDP tunnel from inside, "
                          "whose translated end is learnt by a nonce sent to its home address "
                          "(RFC 6521 sections 3.2 and 6.1: the CR receives signalling via its "
                          "HA; HAARO slides: \"Signaling can still be initiated from "
                          "outside!\"). false: leave it to that router (it initiates only when "
                          "it has traffic for us)",
                          BooleanValue(true),
                          MakeBooleanAccessor(&RouteOptimizer::m_initiateTowardsOutboundOnly),
                          MakeBooleanChecker())
            .AddAttribute("NatPairProbing",
                          "Behind a NAT ourselves (N flag), also initiate towards an "
                          "outbound-only router and probe its listed care-of addresses: only a "
                          "router behind the same NAT answers (RFC 6521 section 6.1, MAY). A "
                          "care-of address of ours from which no pair answered is recorded "
                          "and not tried again (separate NATs: no route optimization, section "
                          "3.3.4). false: never initiate when both are behind NATs",
                          BooleanValue(true),
                          MakeBooleanAccessor(&RouteOptimizer::m_natPairProbing),
                          MakeBooleanChecker())
            .AddAttribute("Encapsulation",
                          "Encapsulation of direct tunnels: Udp (RFC 3519 type-4 tunnel data on "
                          "port 434, asked for with a UDP Tunnel Request extension; RFC 6521's "
                          "recommendation, section 3.3; the first keepalive must be answered "
                          "before the tunnel carries data), IpInIp or Gre. UDP is used anyway "
                          "when the HA reported a NAT or the peer is outbound-only (mandatory)",
                          EnumValue(static_cast<int>(MipEncapsulation::UDP)),
                          MakeEnumAccessor(&RouteOptimizer::m_encapsulation),
                          MakeEnumChecker(static_cast<int>(MipEncapsulation::UDP),
                                          "Udp",
                                          static_cast<int>(MipEncapsulation::IP_IN_IP),
                                          "IpInIp",
                                          static_cast<int>(MipEncapsulation::GRE),
                                          "Gre"))
            .AddAttribute("PairPolicy",
                          "Which working (MR CoA, CR CoA) pair the end that chooses it uses: "
                          "FirstWorking (the first that answers, until it fails) or "
                          "MeasuredRtt (the other pairs are probed with nonce-carrying echoes "
                          "through their tunnels, and the tunnel moves to one whose smoothed "
                          "RTT is lower by PairSwitchMargin and PairSwitchMinGain, at most "
                          "once per PairHoldDown, by the registration and proof of any pair "
                          "switch; RFC 6521 sections 3.3 and 3.3.4)",
                          EnumValue(static_cast<int>(RoPairPolicy::FIRST_WORKING)),
                          MakeEnumAccessor(&RouteOptimizer::m_pairPolicy),
                          MakeEnumChecker(static_cast<int>(RoPairPolicy::FIRST_WORKING),
                                          "FirstWorking",
                                          static_cast<int>(RoPairPolicy::MEASURED_RTT),
                                          "MeasuredRtt"))
            .AddAttribute("PairProbeInterval",
                          "MeasuredRtt: at most one probe of another pair per peer per this "
                          "interval (sent with a keepalive; the pairs in turn); at least 250 ms, "
                          "and the keepalives are spaced so that in the steady state both stay "
                          "within MAX_UPDATE_RATE = 5 per second (RFC 6521 section 3.3.4; not "
                          "bounded during set-up and moves)",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&RouteOptimizer::m_pairProbeInterval),
                          MakeTimeChecker(MilliSeconds(250)))
            .AddAttribute("PairProbeSamples",
                          "MeasuredRtt: RTT samples a pair (and the one in use) needs before "
                          "it is compared",
                          UintegerValue(2),
                          MakeUintegerAccessor(&RouteOptimizer::m_pairProbeSamples),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("PairSwitchMargin",
                          "MeasuredRtt hysteresis: move only to a pair whose SRTT is lower than "
                          "the one in use by more than this fraction of it",
                          DoubleValue(0.1),
                          MakeDoubleAccessor(&RouteOptimizer::m_pairSwitchMargin),
                          MakeDoubleChecker<double>(0, 1))
            .AddAttribute("PairSwitchMinGain",
                          "MeasuredRtt hysteresis: and by at least this much",
                          TimeValue(MilliSeconds(2)),
                          MakeTimeAccessor(&RouteOptimizer::m_pairSwitchMinGain),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("PairHoldDown",
                          "MeasuredRtt: at most one measured move per peer per this interval",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&RouteOptimizer::m_pairHoldDown),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("Message",
                            "An RFC 6521 message was sent or received (direction, message, "
                            "source, destination)",
                            MakeTraceSourceAccessor(&RouteOptimizer::m_messageTrace),
                            "ns3::RouteOptimizer::MessageTracedCallback")
            .AddTraceSource("PeerEvent",
                            "Something happened with a peer router (RoPeerEventInfo: its home "
                            "address, the RoPeerEvent and the event's typed details)",
                            MakeTraceSourceAccessor(&RouteOptimizer::m_peerTrace),
                            "ns3::RouteOptimizer::PeerTracedCallback")
            .AddTraceSource("Setup",
                            "Route optimization with a peer completed (home address, time "
                            "from the trigger to the usable direct tunnel)",
                            MakeTraceSourceAccessor(&RouteOptimizer::m_setupTrace),
                            "ns3::RouteOptimizer::SetupTracedCallback")
            .AddTraceSource("PairProbe",
                            "MeasuredRtt: a pair probe or its answer was sent (peer, our end, "
                            "its end, octets of the outer datagram, whether an answer): the "
                            "signalling overhead of the policy",
                            MakeTraceSourceAccessor(&RouteOptimizer::m_pairProbeTrace),
                            "ns3::RouteOptimizer::PairProbeTracedCallback")
            .AddTraceSource("ProtocolDrop",
                            "(Part of) a received packet was not acted on (reason, count, "
                            "source); e.g. extensions after the MC authenticator",
                            MakeTraceSourceAccessor(&RouteOptimizer::m_protocolDropTrace),
                            "ns3::ProtocolDropTracedCallback");
    return tid;
}

RouteOptimizer::RouteOptimizer()
    : m_tunnelSet(m_ctx),
      m_initiator(m_ctx, m_tunnelSet),
      m_responder(m_ctx, m_tunnelSet),
      m_pairSwitcher(m_ctx, m_initiator, m_tunnelSet),
      m_insideOpening(m_ctx, m_tunnelSet),
      m_sockets(m_ctx),
      m_homeReply(m_ctx, m_initiator, m_responder, m_pairSwitcher)
{
    // The parts' outputs: signalling through our sockets, our trace sources and counters.
    m_ctx.send = [this](Ipv4Address local,
                        const Header& h,
                        Ipv4Address to,
                        uint16_t port,
                        const std::string& name) {
        m_messageTrace("tx", name, m_sockets.Send(local, h, to, port), to);
    };
    m_sockets.SetReceiveCallback(
        [this](const MipBytes& bytes, Ipv4Address from, uint16_t port, Ipv4Address to) {
            Dispatch(bytes, from, port, to);
        });
    m_ctx.message = [this](const std::string& direction,
                           const std::string& name,
                           Ipv4Address src,
                           Ipv4Address dst) { m_messageTrace(direction, name, src, dst); };
    m_ctx.peerEvent = [this](const RoPeerEventInfo& info) { m_peerTrace(info); };
    m_ctx.setup = [this](Ipv4Address peer, Time latency) { m_setupTrace(peer, latency); };
    m_ctx.drop = [this](ProtocolDrop reason, uint64_t count, Ipv4Address source) {
        CountProtocolDrop(reason, count, source);
    };
    // The parts' narrow links to each other.
    m_tunnelSet.SetCallbacks([this](Ipv4Address peer) { return m_pairSwitcher.TryNextPair(peer); },
                             [this](Ipv4Address peer) {
                                 m_initiator.OnFallBack(peer);
                                 m_insideOpening.Forget(peer);
                             },
                             [this](Ipv4Address peer, bool probed) { OnVerified(peer, probed); });
    m_tunnelSet.SetMovePairCallback([this](Ipv4Address peer, const CareOfPair& pair) {
        return m_pairSwitcher.MoveToMeasuredPair(peer, pair);
    });
    m_tunnelSet.GetPairProber().SetTrace(
        [this](Ipv4Address peer, Ipv4Address local, Ipv4Address remote, uint32_t octets, bool a) {
            m_pairProbeTrace(peer, local, remote, octets, a);
        });
    m_initiator.SetCallbacks([this](Ipv4Address peer) { return m_pairSwitcher.ChooseUplink(peer); },
                             [this](Ipv4Address peer) { return HasSession(peer); });
    m_initiator.SetInsideOpening(&m_insideOpening);
    m_insideOpening.SetSendHome([this](Ptr<Packet> icmp, Ipv4Address peer) {
        // Routed by the node: via the Home Agent (no active direct tunnel for the peer).
        m_node->GetObject<Ipv4>()->Send(icmp,
                                        m_ctx.homeAddress,
                                        peer,
                                        Icmpv4L4Protocol::PROT_NUMBER,
                                        nullptr);
    });
    // RFC 6521 section 3.3.2: overlapping private prefixes of two routers are an error.
    m_ctx.cache.SetConflictCallback([this](Ipv4Address owner, const MipPrefix& prefix) {
        CountProtocolDrop(ProtocolDrop::PREFIX_CONFLICT, 1, m_ctx.homeAgent);
        RoPeerEventInfo e(owner, RoPeerEvent::PREFIX_CONFLICT);
        e.prefix = prefix;
        m_peerTrace(e);
    });
}

RouteOptimizer::~RouteOptimizer() = default;

void
RouteOptimizer::Setup(Ptr<Node> node,
                      Ipv4Address homeAddress,
                      Ipv4Address homeAgent,
                      const std::vector<MipPrefix>& networks,
                      Ptr<MipTunnelManager> tunnels,
                      MipIdentificationGenerator* identification)
{
    m_node = node;
    m_ctx.homeAddress = homeAddress;
    m_ctx.homeAgent = homeAgent;
    m_ctx.networks = networks;
    m_ctx.tunnels = tunnels;
    m_ctx.identification = identification;
    m_ctx.config.bindingLifetime = m_bindingLifetime;
    m_ctx.config.renewalFraction = m_renewalFraction;
    m_ctx.config.retransmission = m_retransmission;
    m_ctx.config.maxRetransmissions = m_maxRetransmissions;
    m_ctx.config.keepaliveInterval = m_keepaliveInterval;
    m_ctx.config.keepaliveMisses = m_keepaliveMisses;
    if (m_keepaliveMaxInterval < m_keepaliveMinInterval)
    {
        NS_FATAL_ERROR("ns3::RouteOptimizer::KeepaliveMaxInterval ("
                       << m_keepaliveMaxInterval.As(Time::MS) << ") is below KeepaliveMinInterval ("
                       << m_keepaliveMinInterval.As(Time::MS) << ")");
    }
    m_ctx.config.keepaliveAdaptive = m_keepaliveAdaptive;
    m_ctx.config.keepaliveMinInterval = m_keepaliveMinInterval;
    m_ctx.config.keepaliveMaxInterval = m_keepaliveMaxInterval;
    m_ctx.config.keepaliveRtoMultiple = m_keepaliveRtoMultiple;
    m_ctx.config.crErrorReplies = m_crErrorReplies;
    m_ctx.config.crErrorReplyInterval = m_crErrorReplyInterval;
    m_ctx.config.holdDown = m_holdDown;
    m_ctx.config.grace = m_grace;
    m_ctx.config.solicitationWait = m_solicitationWait;
    m_ctx.config.unknownPeerSolicitations = m_unknownPeerSolicitations;
    m_ctx.config.encapsulation = static_cast<MipEncapsulation>(m_encapsulation);
    m_ctx.config.fullMesh = m_fullMesh;
    m_ctx.config.spreadPeers = m_spreadPeers;
    m_ctx.config.tryOtherPairs = m_tryOtherPairs;
    m_ctx.config.maxTokenLifetime = m_maxTokenLifetime;
    m_ctx.config.mutualRegistration = m_mutualRegistration;
    m_ctx.config.initiateTowardsOutboundOnly = m_initiateTowardsOutboundOnly;
    m_ctx.config.natPairProbing = m_natPairProbing;
    m_ctx.config.pairPolicy = static_cast<RoPairPolicy>(m_pairPolicy);
    m_ctx.config.pairProbeInterval = m_pairProbeInterval;
    m_ctx.config.pairProbeSamples = m_pairProbeSamples;
    m_ctx.config.pairSwitchMargin = m_pairSwitchMargin;
    m_ctx.config.pairSwitchMinGain = m_pairSwitchMinGain;
    m_ctx.config.pairHoldDown = m_pairHoldDown;
    // Created when the router starts (as before the optimizer could exist earlier), so
    // that the automatic stream indexes of every random variable stay where they were.
    m_ctx.random = CreateObject<UniformRandomVariable>();
    if (m_stream >= 0)
    {
        m_ctx.random->SetStream(m_stream);
    }
    m_responder.SetRandom(m_ctx.random);
    m_tunnelSet.SetRandom(m_ctx.random);
    m_insideOpening.SetRandom(m_ctx.random);
}

void
RouteOptimizer::SetCallbacks(UplinksCallback uplinks, SolicitCallback solicit)
{
    m_ctx.uplinks = uplinks;
    m_responder.SetCallbacks([this](Ipv4Address peer) { return m_initiator.IsPending(peer); },
                             // Solicit false: the callback stays set (a request still
                             // waits SolicitationWait for the HA) but asks nothing.
                             m_solicitPeers || !solicit ? solicit : [](Ipv4Address) {});
}

int64_t
RouteOptimizer::AssignStreams(int64_t stream)
{
    m_stream = stream;
    if (m_ctx.random)
    {
        m_ctx.random->SetStream(stream);
    }
    return 1;
}

RouteOptimizationCache&
RouteOptimizer::GetCache()
{
    return m_ctx.cache;
}

Time
RouteOptimizer::GetKeepaliveInterval(Ipv4Address peer) const
{
    return m_tunnelSet.GetKeepaliveInterval(peer);
}

Time
RouteOptimizer::GetKeepaliveRtt(Ipv4Address peer) const
{
    const RoRttEstimator* rtt = m_tunnelSet.GetKeepaliveRtt(peer);
    return rtt ? rtt->GetSrtt() : Time(0);
}

bool
RouteOptimizer::IsBehindNat() const
{
    return m_ctx.behindNat;
}

bool
RouteOptimizer::IsBehindNat(Ipv4Address careOf) const
{
    return m_ctx.IsNatted(careOf);
}

bool
RouteOptimizer::IsDeclined() const
{
    return m_ctx.declined;
}

bool
RouteOptimizer::HasSession(Ipv4Address peer) const
{
    return m_initiator.HasSession(peer) || m_responder.HasSession(peer) ||
           m_tunnelSet.HasSession(peer);
}

size_t
RouteOptimizer::GetSessionCount() const
{
    std::set<uint32_t> peers;
    m_initiator.AddPeers(peers);
    m_responder.AddPeers(peers);
    m_tunnelSet.AddPeers(peers);
    return peers.size();
}

size_t
RouteOptimizer::GetDeferredUnknownCount() const
{
    return m_responder.GetDeferredUnknownCount();
}

uint64_t
RouteOptimizer::GetProtocolDropCount(ProtocolDrop reason) const
{
    return m_protocolDrops.Get(reason);
}

void
RouteOptimizer::CountProtocolDrop(ProtocolDrop reason, uint64_t count, Ipv4Address source)
{
    m_protocolDrops.Count(reason, count, source, m_protocolDropTrace);
}

void
RouteOptimizer::AddStaticKey(Ipv4Address peer, const MipBytes& krm)
{
    m_ctx.cache.Insert(peer).staticKrm = krm;
}

// ---------------------------------------------------------------- life cycle and sockets

void
RouteOptimizer::Start()
{
    m_ctx.running = true;
    m_sockets.OpenHome(m_node);
    // A direct UDP tunnel follows a new port of the peer only after a proof (OnUnprovenPort).
    m_ctx.tunnels->SetEndpointCallback(
        MakeCallback(&RoDirectTunnelSet::OnUnprovenPort, &m_tunnelSet));
    // Tunnel data from an unknown source: a NATed peer opening its tunnel from inside.
    m_ctx.tunnels->SetUnknownSourceCallback(
        MakeCallback(&RoInsideOpening::OnUnknownSource, &m_insideOpening));
    // Every care-of address listens on port 434: care-of tests and registration replies
    // (MR role) and UDP tunnel data (both roles) arrive there.
    for (const RoUplink& u : m_ctx.uplinks())
    {
        m_sockets.CareOf(u.careOf);
    }
}

void
RouteOptimizer::Stop(bool deregister)
{
    if (deregister)
    {
        m_initiator.DeregisterAll();
    }
    m_ctx.running = false;
    // Nothing runs on a stopped (or disposed) optimizer.
    m_responder.Stop();
    m_initiator.Stop();
    m_tunnelSet.Stop();
    m_insideOpening.Stop();
}

void
RouteOptimizer::DoDispose()
{
    Stop(false);
    m_sockets.Clear();
    m_ctx.tunnels = nullptr;
    m_node = nullptr;
    m_initiator.Clear();
    m_responder.Clear();
    m_tunnelSet.Clear();
    m_insideOpening.Clear();
    Object::DoDispose();
}

void
RouteOptimizer::Dispatch(const MipBytes& bytes, Ipv4Address from, uint16_t port, Ipv4Address to)
{
    if (!m_ctx.running)
    {
        return;
    }
    std::optional<uint8_t> type = MipPeekMessageType(bytes);
    if (type && ReturnRoutabilityInit::IsInitType(*type) && to == m_ctx.homeAddress)
    {
        ReturnRoutabilityInit msg;
        if (msg.FromBytes(bytes) != 0)
        {
            m_messageTrace("rx", msg.IsHomeTestInit() ? "HoTI" : "CoTI", from, to);
            m_responder.AnswerTestInit(msg, from, port);
            return;
        }
    }
    else if (type && ReturnRoutabilityTest::IsTestType(*type))
    {
        ReturnRoutabilityTest msg;
        if (msg.FromBytes(bytes) != 0)
        {
            m_messageTrace("rx", msg.IsHomeTest() ? "HoT" : "CoT", from, to);
            m_initiator.ProcessTest(msg, to);
            return;
        }
    }
    else if (type == MIP_REGISTRATION_REQUEST && to == m_ctx.homeAddress)
    {
        m_messageTrace("rx", "RRQ", from, to);
        m_responder.ProcessRequest(bytes, from, port);
        return;
    }
    else if (type == MIP_REGISTRATION_REPLY)
    {
        MipRegistrationReply reply;
        if (reply.FromBytes(bytes) != 0)
        {
            m_messageTrace("rx", "RRP", from, to);
            m_initiator.ProcessReply(reply, from);
            return;
        }
    }
    NS_LOG_WARN(m_ctx.homeAddress << ": dropping unexpected or malformed message from " << from);
    CountProtocolDrop(ProtocolDrop::MALFORMED, 1, from);
}

// ---------------------------------------------------------------- public API

void
RouteOptimizer::StartRouteOptimization(Ipv4Address peer)
{
    m_initiator.StartRouteOptimization(peer);
}

Ptr<MipTunnel>
RouteOptimizer::SelectTunnel(Ptr<const Packet> packet, const Ipv4Header& header)
{
    if (!m_ctx.running)
    {
        return nullptr;
    }
    bool fromSite = false;
    for (const MipPrefix& p : m_ctx.networks)
    {
        fromSite = fromSite || p.Contains(header.GetSource());
    }
    bool keepalive = header.GetSource() == m_ctx.homeAddress &&
                     header.GetProtocol() == Icmpv4L4Protocol::PROT_NUMBER;
    if (!fromSite && !keepalive)
    {
        return nullptr; // signalling from the home address always goes via the HA
    }
    RocEntry* entry = m_ctx.cache.Lookup(header.GetDestination());
    if (!entry)
    {
        return nullptr;
    }
    if (keepalive && entry->crHomeAddress == header.GetDestination() && entry->tunnel)
    {
        Icmpv4Header icmp;
        Ptr<Packet> copy = packet->Copy();
        Ipv4Header ip;
        copy->RemoveHeader(ip);
        if (copy->GetSize() >= 8 && copy->PeekHeader(icmp) &&
            icmp.GetType() == Icmpv4Header::ICMPV4_ECHO_REPLY)
        {
            m_tunnelSet.NotePeerKeepalive(entry->crHomeAddress);
            return entry->tunnel; // answering the peer's keepalive through the direct tunnel
        }
    }
    if (entry->tunnelActive && entry->tunnel)
    {
        entry->lastUsed = Simulator::Now();
        return entry->tunnel;
    }
    if (fromSite)
    {
        // The trigger (RFC 6521 section 3.3.1): this packet still goes via the HA.
        Simulator::ScheduleNow(&RoInitiator::StartRouteOptimization,
                               &m_initiator,
                               entry->crHomeAddress);
    }
    return nullptr;
}

bool
RouteOptimizer::Accept(Ptr<MipTunnel> tunnel, const Ipv4Header& inner)
{
    if (m_tunnelSet.Accept(tunnel, inner))
    {
        return true;
    }
    if (!m_ctx.IsOurs(inner.GetDestination()) && m_ctx.cache.Find(tunnel->GetHomeAddress()))
    {
        // A peer still routes a prefix to us that we do not serve (e.g. it moved to another
        // router): refused, counted (RFC 6521 section 6.5's black-holing case).
        CountProtocolDrop(ProtocolDrop::NOT_OUR_NETWORK, 1, inner.GetSource());
    }
    return false;
}

void
RouteOptimizer::SetNetworks(const std::vector<MipPrefix>& networks)
{
    m_ctx.networks = networks;
    m_initiator.ReregisterAll();
}

void
RouteOptimizer::OnHomeReply(const MipRegistrationReply& reply, Ipv4Address careOf)
{
    m_homeReply.OnHomeReply(reply, careOf);
}

void
RouteOptimizer::OnActiveUplinkChanged(Ipv4Address oldCareOf, Ipv4Address newCareOf)
{
    m_pairSwitcher.OnActiveUplinkChanged(oldCareOf, newCareOf);
}

void
RouteOptimizer::OnUplinkLost(Ipv4Address careOf)
{
    m_pairSwitcher.OnUplinkLost(careOf);
}

void
RouteOptimizer::OnVerified(Ipv4Address peer, bool probed)
{
    RocEntry* entry = m_ctx.cache.Find(peer);
    // Only for our own registration that waited for this tunnel (not when the peer's move
    // or its registration with us re-verified it).
    bool pending = m_initiator.TakeSetupPending(peer);
    if (entry && entry->registeredWithPeer && !probed && pending)
    {
        m_setupTrace(peer, Simulator::Now() - m_initiator.GetStarted(peer));
    }
    // The MR's first keepalive came through: as CR, our own registration (F15 step 12).
    m_initiator.OnPeerVerified(peer);
}

} // namespace ns3
