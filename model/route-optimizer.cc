/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "route-optimizer.h"

#include "care-of-pair-selector.h"
#include "fatal-range-checker.h"
#include "haaro-extensions.h"
#include "ip-in-ip-encapsulation.h"
#include "mip-icmp-echo.h"
#include "nemo-extensions.h"
#include "prefix-advertisement-extension.h"
#include "return-routability-keys.h"
#include "return-routability-messages.h"
#include "udp-tunnel-extensions.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/icmpv4.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-raw-socket-factory.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

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
                          "below 110 s, at most MAX_UPDATE_RATE = 5 per second)",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&RouteOptimizer::m_keepaliveInterval),
                          MakeTimeChecker(MilliSeconds(200)))
            .AddAttribute("KeepaliveMisses",
                          "Unanswered keepalives before falling back to the HA path",
                          UintegerValue(3),
                          MakeUintegerAccessor(&RouteOptimizer::m_keepaliveMisses),
                          MakeUintegerChecker<uint32_t>(1))
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
            .AddTraceSource("Message",
                            "An RFC 6521 message was sent or received (direction, message, "
                            "source, destination)",
                            MakeTraceSourceAccessor(&RouteOptimizer::m_messageTrace),
                            "ns3::RouteOptimizer::MessageTracedCallback")
            .AddTraceSource("PeerEvent",
                            "Something happened with a peer router (home address, what): "
                            "advertisement, rr-started, krm-established, ro-registration-sent, "
                            "ro-registration-accepted, ro-registration-rejected, tunnel-up, "
                            "fallback, handover, peer-registered, peer-deregistered, solicit",
                            MakeTraceSourceAccessor(&RouteOptimizer::m_peerTrace),
                            "ns3::RouteOptimizer::PeerTracedCallback")
            .AddTraceSource("Setup",
                            "Route optimization with a peer completed (home address, time "
                            "from the trigger to the usable direct tunnel)",
                            MakeTraceSourceAccessor(&RouteOptimizer::m_setupTrace),
                            "ns3::RouteOptimizer::SetupTracedCallback")
            .AddTraceSource("ProtocolDrop",
                            "(Part of) a received packet was not acted on (reason, count, "
                            "source); e.g. extensions after the MC authenticator",
                            MakeTraceSourceAccessor(&RouteOptimizer::m_protocolDropTrace),
                            "ns3::ProtocolDropTracedCallback");
    return tid;
}

RouteOptimizer::RouteOptimizer() = default;

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
    m_homeAddress = homeAddress;
    m_homeAgent = homeAgent;
    m_networks = networks;
    m_tunnels = tunnels;
    m_identification = identification;
    m_config.bindingLifetime = m_bindingLifetime;
    m_config.renewalFraction = m_renewalFraction;
    m_config.retransmission = m_retransmission;
    m_config.maxRetransmissions = m_maxRetransmissions;
    m_config.keepaliveInterval = m_keepaliveInterval;
    m_config.keepaliveMisses = m_keepaliveMisses;
    m_config.holdDown = m_holdDown;
    m_config.grace = m_grace;
    m_config.solicitationWait = m_solicitationWait;
    m_config.unknownPeerSolicitations = m_unknownPeerSolicitations;
    m_config.encapsulation = static_cast<MipEncapsulation>(m_encapsulation);
    m_config.fullMesh = m_fullMesh;
    m_config.spreadPeers = m_spreadPeers;
    m_config.tryOtherPairs = m_tryOtherPairs;
    // Created when the router starts (as before the optimizer could exist earlier), so
    // that the automatic stream indexes of every random variable stay where they were.
    m_random = CreateObject<UniformRandomVariable>();
    if (m_stream >= 0)
    {
        m_random->SetStream(m_stream);
    }
    m_keys.SetRandomStream(m_random);
    m_prover.SetRandom(m_random);
}

void
RouteOptimizer::SetCallbacks(UplinksCallback uplinks, SolicitCallback solicit)
{
    m_uplinks = uplinks;
    // Solicit false: the callback stays set (a request still waits SolicitationWait for
    // the HA) but asks nothing.
    m_solicit = m_solicitPeers || !solicit ? solicit : [](Ipv4Address) {};
}

int64_t
RouteOptimizer::AssignStreams(int64_t stream)
{
    m_stream = stream;
    if (m_random)
    {
        m_random->SetStream(stream);
    }
    return 1;
}

RouteOptimizationCache&
RouteOptimizer::GetCache()
{
    return m_cache;
}

bool
RouteOptimizer::IsBehindNat() const
{
    return m_behindNat;
}

bool
RouteOptimizer::IsDeclined() const
{
    return m_declined;
}

RouteOptimizer::PeerSession&
RouteOptimizer::Session(Ipv4Address a)
{
    return m_sessions[a.Get()];
}

RouteOptimizer::PeerSession*
RouteOptimizer::FindSession(Ipv4Address a)
{
    auto it = m_sessions.find(a.Get());
    return it == m_sessions.end() ? nullptr : &it->second;
}

size_t
RouteOptimizer::GetSessionCount() const
{
    return m_sessions.size();
}

size_t
RouteOptimizer::GetDeferredUnknownCount() const
{
    return m_deferredUnknown.size();
}

std::optional<RoUplink>
RouteOptimizer::ActiveUplink() const
{
    for (const RoUplink& u : m_uplinks())
    {
        if (u.usable)
        {
            return u;
        }
    }
    return std::nullopt;
}

std::optional<RoUplink>
RouteOptimizer::UplinkOf(Ipv4Address careOf) const
{
    for (const RoUplink& u : m_uplinks())
    {
        if (u.careOf == careOf)
        {
            return u;
        }
    }
    return std::nullopt;
}

void
RouteOptimizer::Start()
{
    m_running = true;
    m_homeSocket = Socket::CreateSocket(m_node, UdpSocketFactory::GetTypeId());
    m_homeSocket->Bind(InetSocketAddress(m_homeAddress, MIP_UDP_PORT));
    m_homeSocket->SetRecvCallback(MakeCallback(&RouteOptimizer::HandleRead, this));
    // A direct UDP tunnel follows a new port of the peer only after a proof (OnUnprovenPort).
    m_tunnels->SetEndpointCallback(MakeCallback(&RouteOptimizer::OnUnprovenPort, this));
    // Every care-of address listens on port 434: care-of tests and registration replies
    // (MR role) and UDP tunnel data (both roles) arrive there.
    for (const RoUplink& u : m_uplinks())
    {
        CareOfSocket(u.careOf);
    }
}

Ptr<Socket>
RouteOptimizer::CareOfSocket(Ipv4Address careOf)
{
    Ptr<Socket>& socket = m_careOfSockets[careOf.Get()];
    if (!socket)
    {
        socket = Socket::CreateSocket(m_node, UdpSocketFactory::GetTypeId());
        socket->Bind(InetSocketAddress(careOf, MIP_UDP_PORT));
        if (std::optional<RoUplink> uplink = UplinkOf(careOf))
        {
            socket->BindToNetDevice(uplink->device);
        }
        socket->SetRecvCallback(MakeCallback(&RouteOptimizer::HandleRead, this));
    }
    return socket;
}

void
RouteOptimizer::Stop(bool deregister)
{
    if (deregister)
    {
        m_cache.ForEach([this](RocEntry& entry) {
            if (entry.registeredWithPeer)
            {
                SendRegistration(entry.crHomeAddress, 0);
            }
        });
    }
    m_running = false;
    m_deferredUnknownTimer.Cancel();
    for (auto& [key, s] : m_sessions)
    {
        for (EventId* e : {&s.rrTimer,
                           &s.regTimer,
                           &s.refreshTimer,
                           &s.keepaliveTimer,
                           &s.bindingExpiry,
                           &s.deferredTimer})
        {
            e->Cancel();
        }
        for (EventId& e : s.graceTimers)
        {
            e.Cancel(); // nothing runs on a stopped (or disposed) optimizer
        }
        s.graceTimers.clear();
    }
}

void
RouteOptimizer::HandleRead(Ptr<Socket> socket)
{
    Address from;
    Ptr<Packet> packet;
    while ((packet = socket->RecvFrom(from)))
    {
        InetSocketAddress source = InetSocketAddress::ConvertFrom(from);
        Address local;
        socket->GetSockName(local);
        uint8_t type = 0;
        if (packet->GetSize() > 0)
        {
            packet->CopyData(&type, 1);
        }
        if (type == MIP_TUNNEL_DATA)
        {
            // RFC 3519 tunnel data on port 434: for the tunnel layer.
            m_tunnels->ReceiveUdp(packet,
                                  source.GetIpv4(),
                                  source.GetPort(),
                                  InetSocketAddress::ConvertFrom(local).GetIpv4());
            continue;
        }
        MipBytes bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        Dispatch(bytes,
                 source.GetIpv4(),
                 source.GetPort(),
                 InetSocketAddress::ConvertFrom(local).GetIpv4());
    }
}

void
RouteOptimizer::Dispatch(const MipBytes& bytes, Ipv4Address from, uint16_t port, Ipv4Address to)
{
    if (!m_running)
    {
        return;
    }
    std::optional<uint8_t> type = MipPeekMessageType(bytes);
    if (type && ReturnRoutabilityInit::IsInitType(*type) && to == m_homeAddress)
    {
        ReturnRoutabilityInit msg;
        if (msg.FromBytes(bytes) != 0)
        {
            m_messageTrace("rx", msg.IsHomeTestInit() ? "HoTI" : "CoTI", from, to);
            AnswerTestInit(msg, from, port);
            return;
        }
    }
    else if (type && ReturnRoutabilityTest::IsTestType(*type))
    {
        ReturnRoutabilityTest msg;
        if (msg.FromBytes(bytes) != 0)
        {
            m_messageTrace("rx", msg.IsHomeTest() ? "HoT" : "CoT", from, to);
            ProcessTest(msg, to);
            return;
        }
    }
    else if (type == MIP_REGISTRATION_REQUEST && to == m_homeAddress)
    {
        m_messageTrace("rx", "RRQ", from, to);
        ProcessCorrespondentRequest(bytes, from, port);
        return;
    }
    else if (type == MIP_REGISTRATION_REPLY)
    {
        MipRegistrationReply reply;
        if (reply.FromBytes(bytes) != 0)
        {
            m_messageTrace("rx", "RRP", from, to);
            ProcessCorrespondentReply(reply, from);
            return;
        }
    }
    NS_LOG_WARN(m_homeAddress << ": dropping unexpected or malformed message from " << from);
    CountProtocolDrop(ProtocolDrop::MALFORMED, 1, from);
}

void
RouteOptimizer::SendMessage(Ptr<Socket> socket,
                            const Header& h,
                            Ipv4Address to,
                            uint16_t port,
                            const std::string& name)
{
    Address local;
    socket->GetSockName(local);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    socket->SendTo(p, 0, InetSocketAddress(to, port));
    m_messageTrace("tx", name, InetSocketAddress::ConvertFrom(local).GetIpv4(), to);
}

// ---------------------------------------------------------------- MR role

void
RouteOptimizer::StartRouteOptimization(Ipv4Address peer)
{
    RocEntry* entry = m_cache.Find(peer);
    PeerSession& s = Session(peer);
    std::optional<RoUplink> uplink = ChooseUplink(peer);
    if (!m_running || !entry || !uplink || s.pending || s.awaitingFirstKeepalive ||
        Simulator::Now() < s.holdDownUntil || m_declined)
    {
        return;
    }
    if (entry->outboundOnly)
    {
        // Behind a NAT or stateful firewall (Info=1): a tunnel we open towards it cannot get
        // in; that router initiates route optimization itself when it forwards to us
        // (RFC 6521 section 6.1, notes 1.7.11). Two such routers: no route optimization.
        if (!s.outboundOnlyNoted)
        {
            s.outboundOnlyNoted = true;
            m_peerTrace(peer,
                        m_behindNat ? "no-ro (both behind NATs)"
                                    : "no-ro (peer outbound-only: it initiates)");
        }
        return;
    }
    const RrRecord* rr = entry->FindRr(uplink->careOf);
    if (rr && rr->state == RrState::IN_PROGRESS)
    {
        return;
    }
    entry->mrCareOf = uplink->careOf;
    s.rrStarted = Simulator::Now();
    if (entry->staticKrm)
    {
        SendRegistration(peer, static_cast<uint16_t>(m_config.bindingLifetime.GetSeconds()));
        return;
    }
    // Tokens are accepted at least MAX_TOKEN_LIFETIME after they were made: reuse a
    // home token younger than that (partial RR after a move, RFC 6521 section 3.2).
    bool homeValid = rr && !rr->homeToken.empty() &&
                     Simulator::Now() - rr->homeTokenTime <
                         Seconds(ReturnRoutabilityKeys::MAX_TOKEN_LIFETIME - 30);
    StartReturnRoutability(peer, homeValid);
}

void
RouteOptimizer::StartReturnRoutability(Ipv4Address peer, bool partial)
{
    RocEntry& entry = *m_cache.Find(peer);
    RrRecord& rr = entry.GetRr(entry.mrCareOf);
    PeerSession& s = Session(peer);
    rr.state = RrState::IN_PROGRESS;
    // A fresh cookie replaces the record's old one in the index that HoT/CoT are matched by.
    auto renew = [this, peer, coa = entry.mrCareOf](uint64_t& cookie) {
        m_cookies.erase(cookie);
        cookie = (static_cast<uint64_t>(m_random->GetInteger(0, UINT32_MAX)) << 32) |
                 m_random->GetInteger(0, UINT32_MAX);
        m_cookies[cookie] = {peer, coa};
    };
    if (!partial)
    {
        rr.homeToken.clear();
        rr.homeNonceIndex.reset();
        renew(rr.homeCookie);
    }
    rr.careOfToken.clear();
    rr.careOfNonceIndex.reset();
    renew(rr.careOfCookie);
    rr.krm.clear();
    s.partial = partial;
    s.rrAttempts = 0;
    s.rrTimeout = m_config.retransmission;
    m_peerTrace(peer, partial ? "rr-started (care-of test only)" : "rr-started");
    SendTestInits(peer);
}

void
RouteOptimizer::SendTestInits(Ipv4Address peer)
{
    RocEntry& entry = *m_cache.Find(peer);
    RrRecord& rr = entry.GetRr(entry.mrCareOf);
    PeerSession& s = Session(peer);
    if (rr.homeToken.empty())
    {
        // HoTI from the home address: through the reverse tunnel, the HA, the CR's tunnel.
        SendMessage(m_homeSocket,
                    ReturnRoutabilityInit(MIP_HOME_TEST_INIT, rr.homeCookie),
                    peer,
                    MIP_UDP_PORT,
                    "HoTI");
    }
    if (rr.careOfToken.empty())
    {
        // CoTI from the care-of address: natively to the CR's home address (via the HA).
        SendMessage(CareOfSocket(entry.mrCareOf),
                    ReturnRoutabilityInit(MIP_CARE_OF_TEST_INIT, rr.careOfCookie),
                    peer,
                    MIP_UDP_PORT,
                    "CoTI");
    }
    s.rrTimer =
        Simulator::Schedule(s.rrTimeout, &RouteOptimizer::OnReturnRoutabilityTimeout, this, peer);
}

void
RouteOptimizer::OnReturnRoutabilityTimeout(Ipv4Address peer)
{
    PeerSession& s = Session(peer);
    if (++s.rrAttempts > m_config.maxRetransmissions)
    {
        RocEntry& entry = *m_cache.Find(peer);
        entry.GetRr(entry.mrCareOf).state = RrState::INACTIVE;
        FallBack(peer, "return routability timeout");
        return;
    }
    s.rrTimeout = s.rrTimeout * 2;
    SendTestInits(peer);
}

void
RouteOptimizer::ProcessTest(const ReturnRoutabilityTest& msg, Ipv4Address to)
{
    bool home = msg.IsHomeTest();
    // One hash look-up by cookie, whatever the number of routers in the cache.
    RocEntry* match = nullptr;
    RrRecord* record = nullptr;
    auto it = m_cookies.find(msg.GetCookie());
    if (it != m_cookies.end())
    {
        auto [peerHoa, coa] = it->second;
        RocEntry* entry = m_cache.Find(peerHoa);
        RrRecord* rr = entry ? &entry->GetRr(coa) : nullptr;
        if (rr && rr->state == RrState::IN_PROGRESS &&
            (home ? rr->homeCookie : rr->careOfCookie) == msg.GetCookie() &&
            (home ? to == m_homeAddress : coa == to))
        {
            match = entry;
            record = rr;
            m_cookies.erase(it); // each cookie answers one test
        }
    }
    if (!match)
    {
        NS_LOG_WARN(m_homeAddress << ": " << (home ? "HoT" : "CoT") << " matches no cookie");
        return;
    }
    MipBytes token = ReturnRoutabilityKeys::TokenFromU64(msg.GetKeygenToken());
    if (home)
    {
        record->homeToken = token;
        record->homeNonceIndex = msg.GetNonceIndex();
        record->homeTokenTime = Simulator::Now();
    }
    else
    {
        record->careOfToken = token;
        record->careOfNonceIndex = msg.GetNonceIndex();
        record->careOfTokenTime = Simulator::Now();
    }
    if (record->homeToken.empty() || record->careOfToken.empty())
    {
        return;
    }
    Ipv4Address peer = match->crHomeAddress;
    Session(peer).rrTimer.Cancel();
    record->krm = ReturnRoutabilityKeys::RegistrationKey(record->homeToken, record->careOfToken);
    record->state = RrState::ACTIVE;
    m_peerTrace(peer, "krm-established");
    SendRegistration(peer, static_cast<uint16_t>(m_config.bindingLifetime.GetSeconds()));
}

MipBytes
RouteOptimizer::KeyFor(Ipv4Address peer, Ipv4Address careOf, bool deregistration) const
{
    const RocEntry* entry = m_cache.Find(peer);
    if (entry->staticKrm)
    {
        return *entry->staticKrm;
    }
    const RrRecord* rr = entry->FindRr(careOf);
    if (!rr || (deregistration && rr->homeToken.empty()))
    {
        return {}; // no key yet (e.g. the Home Test has not arrived)
    }
    return deregistration ? ReturnRoutabilityKeys::DeregistrationKey(rr->homeToken) : rr->krm;
}

void
RouteOptimizer::SendRegistration(Ipv4Address peer, uint16_t lifetime)
{
    RocEntry& entry = *m_cache.Find(peer);
    PeerSession& s = Session(peer);
    const RrRecord* rr = entry.FindRr(entry.mrCareOf);
    MipBytes key = KeyFor(peer, entry.mrCareOf, lifetime == 0);
    if (key.empty())
    {
        return;
    }
    using R = MipRegistrationRequest;
    MipRegistrationRequest rrq;
    rrq.SetFlag(R::FLAG_D, true);
    rrq.SetFlag(R::FLAG_T, true);
    rrq.SetFlag(R::FLAG_G, m_config.encapsulation == MipEncapsulation::GRE);
    rrq.SetLifetime(lifetime);
    rrq.SetHomeAddress(m_homeAddress);
    rrq.SetHomeAgent(m_homeAgent);
    rrq.SetCareOfAddress(entry.mrCareOf);
    rrq.SetIdentification(m_identification->Next(Simulator::Now()));
    if (lifetime > 0)
    {
        for (const MipPrefix& p : m_networks)
        {
            rrq.AddExtension(MobileNetworkRequestExtension(p.network, p.length).ToExtension());
        }
    }
    if (lifetime > 0 && UseUdp(entry))
    {
        // How a CR-directed request asks for UDP is not stated (A7): the RFC 3519 UDP Tunnel
        // Request, forced, IP in UDP.
        rrq.AddExtension(UdpTunnelRequestExtension(true, 4).ToExtension());
    }
    uint16_t homeIndex = entry.staticKrm ? 0 : rr->homeNonceIndex.value_or(0);
    uint16_t careOfIndex = entry.staticKrm || lifetime == 0 ? 0 : rr->careOfNonceIndex.value_or(0);
    McAuthExtension::Append(rrq, homeIndex, careOfIndex, key);
    s.pending = lifetime > 0;
    s.pendingId = rrq.GetIdentification();
    s.pendingLifetime = lifetime;
    s.pendingKey = key; // the reply is checked with this key, whatever changes meanwhile
    s.awaitingReply = true;
    if (s.regAttempts == 0)
    {
        s.regTimeout = m_config.retransmission;
    }
    SendMessage(CareOfSocket(entry.mrCareOf), rrq, peer, MIP_UDP_PORT, "RRQ");
    m_peerTrace(peer, lifetime > 0 ? "ro-registration-sent" : "ro-deregistration-sent");
    if (lifetime > 0)
    {
        s.regTimer =
            Simulator::Schedule(s.regTimeout, &RouteOptimizer::OnRegistrationTimeout, this, peer);
    }
}

void
RouteOptimizer::OnRegistrationTimeout(Ipv4Address peer)
{
    PeerSession& s = Session(peer);
    if (++s.regAttempts > m_config.maxRetransmissions)
    {
        s.pending = false;
        s.regAttempts = 0;
        // RFC 6521 section 3.3.6: no reply from the CR: delete the routes to its networks.
        FallBack(peer, "no reply from the correspondent router");
        return;
    }
    s.regTimeout = s.regTimeout * 2;
    SendRegistration(peer, s.pendingLifetime);
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
RouteOptimizer::ProcessCorrespondentReply(MipRegistrationReply& reply, Ipv4Address from)
{
    Ipv4Address peer = from;
    // Nothing is allocated for a source we sent no request to (A5): look up, never create.
    RocEntry* entry = m_cache.Find(peer);
    PeerSession* session = entry ? FindSession(peer) : nullptr;
    if (!session || reply.GetHomeAddress() != m_homeAddress)
    {
        NS_LOG_WARN(m_homeAddress << ": reply from " << from << " matches no request");
        CountProtocolDrop(ProtocolDrop::UNSOLICITED_REPLY, 1, from);
        return;
    }
    PeerSession& s = *session;
    if (!s.awaitingReply)
    {
        // No request outstanding (never sent, or already answered): a copy or a forgery.
        CountProtocolDrop(ProtocolDrop::UNSOLICITED_REPLY, 1, from);
        return;
    }
    uint8_t code = reply.GetCode();
    if (!reply.AnswersRequest(s.pendingId)) // RFC 5944 sections 3.6.2.1, 5.7.1
    {
        NS_LOG_WARN(m_homeAddress << ": reply from " << from << " matches no request");
        CountProtocolDrop(ProtocolDrop::IDENTIFICATION_MISMATCH, 1, from);
        return;
    }
    bool nonceError =
        code >= MIP_REPLY_CR_EXPIRED_HOME_NONCE && code <= MIP_REPLY_CR_EXPIRED_NONCES;
    // On success reply holds only what the MC authenticator covers (RFC 5944 section
    // 3.5.2): a Care-of Address or UDP Tunnel Reply extension appended after it is ignored.
    // The key the request was signed with: recomputing it now could give another (the
    // active uplink may have changed) or none (no tokens), and an empty key is no key.
    size_t unauthenticated = 0;
    bool authentic =
        !s.pendingKey.empty() &&
        McAuthExtension::Authenticate(reply, s.pendingKey, &unauthenticated) == McAuthResult::OK;
    if (!authentic && !nonceError)
    {
        NS_LOG_WARN(m_homeAddress << ": reply from " << from << " fails authentication");
        CountProtocolDrop(ProtocolDrop::AUTHENTICATION_FAILED, 1, from);
        return;
    }
    if (!authentic)
    {
        // RFC 6521 section 3.3.3: a CR whose nonces expired cannot compute KRm, so 201-203
        // come unauthenticated; only the code is used (RR runs again), nothing else.
        reply.GetExtensions().Clear();
    }
    if (unauthenticated > 0)
    {
        CountProtocolDrop(ProtocolDrop::UNAUTHENTICATED_EXTENSIONS, unauthenticated, from);
    }
    s.awaitingReply = false; // the first matching reply closes the request
    s.regTimer.Cancel();
    s.regAttempts = 0;
    bool wasPending = s.pending;
    s.pending = false;
    if (!wasPending)
    {
        return; // the answer to a de-registration
    }
    if (nonceError)
    {
        // RFC 6521 section 3.2: the tokens expired: RRSTATE INACTIVE, run RR again.
        RrRecord& rr = entry->GetRr(entry->mrCareOf);
        rr.state = RrState::INACTIVE;
        bool homeExpired = code != MIP_REPLY_CR_EXPIRED_CARE_OF_NONCE;
        m_peerTrace(peer, "ro-registration-rejected (" + MipReplyCodeName(code) + ")");
        StartReturnRoutability(peer, !homeExpired);
        return;
    }
    if (!MipReplyCodeIsSuccess(code))
    {
        m_peerTrace(peer, "ro-registration-rejected (" + MipReplyCodeName(code) + ")");
        FallBack(peer, "registration refused");
        return;
    }
    m_peerTrace(peer,
                code == MIP_REPLY_CONCURRENT_REGISTRATION ? "ro-registration-pre-accepted"
                                                          : "ro-registration-accepted");
    std::optional<CareOfAddressExtension> coas = CareOfAddressExtension::Find(reply);
    if (coas && !coas->GetCareOfAddresses().empty())
    {
        entry->crCareOfAddresses = coas->GetCareOfAddresses();
    }
    if (entry->crCareOfAddresses.empty())
    {
        FallBack(peer, "no care-of address from the correspondent router");
        return;
    }
    bool wasRegistered = entry->registeredWithPeer;
    entry->registeredWithPeer = true;
    MipEncapsulation encapsulation =
        UseUdp(*entry) ? MipEncapsulation::UDP : m_config.encapsulation;
    if (encapsulation == MipEncapsulation::UDP)
    {
        std::optional<UdpTunnelReplyExtension> udp = UdpTunnelReplyExtension::Find(reply);
        encapsulation = udp && udp->IsAssent() ? MipEncapsulation::UDP : MipEncapsulation::IP_IN_IP;
    }
    Ipv4Address crCareOf = CareOfPairSelector::CorrespondentCareOf(*entry, entry->mrCareOf)
                               .value_or(entry->crCareOfAddresses.front());
    entry->tunnel = MakeTunnel(peer, entry->mrCareOf, crCareOf, encapsulation);
    // The CR's other addresses: it may send from one of them after it moved.
    MakeAlternateTunnels(peer, {entry->mrCareOf}, entry->crCareOfAddresses, encapsulation);
    if ((encapsulation == MipEncapsulation::UDP || s.probing) && !entry->tunnelActive)
    {
        // RFC 6521 section 3.3.4: send the first keepalive now; the UDP tunnel carries no
        // traffic until it is answered (Accept activates it). The same for a pair on trial
        // after another pair failed (section 6.1).
        s.awaitingFirstKeepalive = true;
        s.keepaliveUnanswered = 0;
        s.keepaliveTimer.Cancel();
        SendKeepalive(peer);
    }
    // Code 2: success, but wait for the peer's own registration (RFC 6521 section 3.3.3).
    else if (code == MIP_REPLY_ACCEPTED || entry->peerRegistered)
    {
        bool wasActive = entry->tunnelActive;
        entry->tunnelActive = true;
        // The tunnel may already be active because the peer registered with us (CR role,
        // e.g. concurrent establishment): our own route optimization completes now anyway.
        if (!wasActive || !wasRegistered)
        {
            m_setupTrace(peer, Simulator::Now() - s.rrStarted);
        }
        if (!m_config.keepaliveInterval.IsZero())
        {
            // The first keepalive at once: it tells the CR that our end exists.
            s.keepaliveTimer.Cancel();
            s.keepaliveUnanswered = 0;
            SendKeepalive(peer);
        }
    }
    s.refreshTimer.Cancel();
    s.refreshTimer = Simulator::Schedule(Seconds(reply.GetLifetime() * m_config.renewalFraction),
                                         &RouteOptimizer::StartRouteOptimization,
                                         this,
                                         peer);
}

// ---------------------------------------------------------------- CR role

void
RouteOptimizer::AnswerTestInit(const ReturnRoutabilityInit& msg, Ipv4Address from, uint16_t port)
{
    // Stateless (RFC 6521 section 3.2): the token is bound to the address the init came
    // from, as seen here (the home address for HoTI, the possibly translated care-of
    // address for CoTI).
    Time now = Simulator::Now();
    bool home = msg.IsHomeTestInit();
    CorrespondentKeys::Token token =
        home ? m_keys.MakeHomeToken(from, now) : m_keys.MakeCareOfToken(from, now);
    ReturnRoutabilityTest reply(home ? MIP_HOME_TEST : MIP_CARE_OF_TEST,
                                token.nonceIndex,
                                msg.GetCookie(),
                                ReturnRoutabilityKeys::TokenToU64(token.token));
    SendMessage(m_homeSocket, reply, from, port, home ? "HoT" : "CoT");
}

void
RouteOptimizer::ProcessCorrespondentRequest(const MipBytes& bytes,
                                            Ipv4Address from,
                                            uint16_t port,
                                            bool mayDefer)
{
    MipRegistrationRequest rrq;
    std::optional<McAuthExtension> auth;
    if (rrq.FromBytes(bytes) == 0 || !(auth = McAuthExtension::Find(rrq)))
    {
        NS_LOG_WARN(m_homeAddress << ": dropping malformed or non-RO request from " << from);
        return;
    }
    Ipv4Address peer = rrq.GetHomeAddress();
    bool deregistration = rrq.GetLifetime() == 0;
    Time now = Simulator::Now();
    MipRegistrationReply reply;
    reply.SetHomeAddress(peer);
    reply.SetHomeAgent(rrq.GetHomeAgent());
    reply.SetIdentification(rrq.GetIdentification());
    auto send = [&](uint8_t code, const MipBytes& key) {
        reply.SetCode(code);
        if (!key.empty())
        {
            McAuthExtension::Append(reply,
                                    auth->GetHomeNonceIndex(),
                                    auth->GetCareOfNonceIndex(),
                                    key);
        }
        SendMessage(m_homeSocket, reply, from, port, "RRP");
    };

    // The key: statically provisioned, or rebuilt from Kcr, the nonce indices, the home
    // address and the address the request came from (RFC 6521 sections 3.2, 3.3.3).
    MipBytes key;
    RocEntry* known = m_cache.Find(peer);
    if (known && known->staticKrm)
    {
        key = *known->staticKrm;
    }
    else
    {
        bool homeOk = m_keys.CheckNonce(auth->GetHomeNonceIndex(), now) ==
                      CorrespondentKeys::NonceStatus::VALID;
        bool careOfOk = deregistration || m_keys.CheckNonce(auth->GetCareOfNonceIndex(), now) ==
                                              CorrespondentKeys::NonceStatus::VALID;
        if (!homeOk || !careOfOk)
        {
            return send(!homeOk && !careOfOk ? MIP_REPLY_CR_EXPIRED_NONCES
                        : !homeOk            ? MIP_REPLY_CR_EXPIRED_HOME_NONCE
                                             : MIP_REPLY_CR_EXPIRED_CARE_OF_NONCE,
                        {});
        }
        MipBytes homeToken = *m_keys.HomeToken(auth->GetHomeNonceIndex(), peer, now);
        key = deregistration ? ReturnRoutabilityKeys::DeregistrationKey(homeToken)
                             : ReturnRoutabilityKeys::RegistrationKey(
                                   homeToken,
                                   *m_keys.CareOfToken(auth->GetCareOfNonceIndex(), from, now));
    }
    // On success rrq holds only what the MC authenticator covers (RFC 5944 section 3.5.2,
    // RFC 6521 section 5.3): Mobile Network Requests appended after it are not seen.
    size_t unauthenticated = 0;
    if (McAuthExtension::Authenticate(rrq, key, &unauthenticated) != McAuthResult::OK)
    {
        CountProtocolDrop(ProtocolDrop::AUTHENTICATION_FAILED, 1, from);
        NS_LOG_WARN(m_homeAddress << ": RO request of " << peer << " from " << from
                                  << " fails authentication (nonce indices "
                                  << auth->GetHomeNonceIndex() << ", "
                                  << auth->GetCareOfNonceIndex() << ")");
        m_peerTrace(peer, "ro-request-unauthenticated");
        return;
    }
    if (unauthenticated > 0)
    {
        CountProtocolDrop(ProtocolDrop::UNAUTHENTICATED_EXTENSIONS, unauthenticated, from);
    }
    std::vector<MobileNetworkRequestExtension> requests =
        MobileNetworkRequestExtension::FindAll(rrq);
    // One acknowledgement per requested prefix (RFC 5177 section 3.2): a length of 0 or
    // more than 32 gets MOBNET_INVALID_PREFIX_LEN and is never looked up (A7); the others
    // MOBNET_SUCCESS when confirmed for the peer by the HA, else MOBNET_UNAUTHORIZED.
    auto acknowledge = [&](const RocEntry* confirmedBy) {
        for (const auto& r : requests)
        {
            uint8_t status = MOBNET_UNAUTHORIZED;
            if (!r.IsPrefixLengthValid())
            {
                status = MOBNET_INVALID_PREFIX_LEN;
                CountProtocolDrop(ProtocolDrop::INVALID_PREFIX, 1, from);
            }
            else if (confirmedBy &&
                     confirmedBy->IsConfirmed(MipPrefix{r.GetPrefix(), r.GetPrefixLength()}))
            {
                status = MOBNET_SUCCESS;
            }
            reply.AddExtension(
                MobileNetworkAckExtension(MobileNetworkAckExtension::SUBTYPE_EXPLICIT,
                                          status,
                                          r.GetPrefix(),
                                          r.GetPrefixLength())
                    .ToExtension());
        }
    };
    if (!known)
    {
        // RFC 6521 section 3.3.3: the CR checks that the MR exists in its cache; a home
        // address its HA never advertised may be solicited (a bounded number of times, A8),
        // otherwise the registration is "rejected completely" (administratively prohibited,
        // every prefix MOBNET_UNAUTHORIZED): no cache entry, session or tunnel for it.
        if (deregistration)
        {
            return send(MIP_REPLY_ACCEPTED, key); // nothing bound, nothing to remove
        }
        if (mayDefer && m_solicit && m_deferredUnknown.count(peer.Get()) == 0 &&
            TakeUnknownSolicitation(peer))
        {
            m_deferredUnknown[peer.Get()] = DeferredUnknown{bytes, from, port};
            m_peerTrace(peer, "solicit");
            m_solicit(peer);
            if (!m_deferredUnknownTimer.IsRunning())
            {
                m_deferredUnknownTimer =
                    Simulator::Schedule(m_config.solicitationWait,
                                        &RouteOptimizer::ProcessDeferredUnknown,
                                        this);
            }
            return;
        }
        CountProtocolDrop(ProtocolDrop::UNKNOWN_PEER, 1, from);
        NS_LOG_WARN(m_homeAddress << ": RO request of " << peer
                                  << ", a home address our HA never advertised, refused");
        acknowledge(nullptr);
        return send(MIP_REPLY_HA_PROHIBITED, key);
    }
    PeerSession& s = Session(peer);
    if (s.replay.Check(rrq.GetIdentification(), now) != MipReplayResult::ACCEPT)
    {
        reply.SetIdentification(s.replay.MakeMismatchIdentification(rrq.GetIdentification(), now));
        m_peerTrace(peer, "ro-request-replayed");
        return send(MIP_REPLY_HA_ID_MISMATCH, key);
    }
    RocEntry& entry = *known;
    if (deregistration)
    {
        s.replay.Accept(rrq.GetIdentification());
        entry.peerRegistered = false;
        s.bindingExpiry.Cancel();
        m_peerTrace(peer, "peer-deregistered");
        FallBack(peer, "peer de-registered");
        return send(MIP_REPLY_ACCEPTED, key);
    }
    // Prefixes must have been confirmed by the HA (RFC 6521 section 3.3.3); if not, ask
    // the HA once (S flag) and decide when its answer is in.
    bool unconfirmed = false;
    for (const auto& r : requests)
    {
        unconfirmed |= r.IsPrefixLengthValid() &&
                       !entry.IsConfirmed(MipPrefix{r.GetPrefix(), r.GetPrefixLength()});
    }
    if (unconfirmed && mayDefer && !s.awaitingSolicitation && s.deferredRequest.empty() &&
        m_solicit)
    {
        s.awaitingSolicitation = true;
        s.deferredRequest = bytes;
        s.deferredSource = from;
        s.deferredPort = port;
        m_peerTrace(peer, "solicit");
        m_solicit(peer);
        s.deferredTimer = Simulator::Schedule(m_config.solicitationWait, [this, peer]() {
            PeerSession& session = Session(peer);
            session.awaitingSolicitation = false;
            MipBytes request = session.deferredRequest;
            session.deferredRequest.clear();
            ProcessCorrespondentRequest(request,
                                        session.deferredSource,
                                        session.deferredPort,
                                        false);
        });
        return;
    }
    s.replay.Accept(rrq.GetIdentification());
    std::optional<RoUplink> uplink = ActiveUplink();
    if (!uplink)
    {
        return send(MIP_REPLY_HA_INSUFFICIENT_RESOURCES, key);
    }
    acknowledge(&entry);
    // Concurrent establishment: the smaller home address pre-accepts with code 2.
    uint8_t code = s.pending && m_homeAddress.Get() < peer.Get() ? MIP_REPLY_CONCURRENT_REGISTRATION
                                                                 : MIP_REPLY_ACCEPTED;
    // Tunnel back to the address the request came from (RFC 6521 section 6.1).
    entry.crCareOfAddresses = {from};
    if (entry.mrCareOf == Ipv4Address() || !UplinkOf(entry.mrCareOf))
    {
        entry.mrCareOf = uplink->careOf;
    }
    // The MR chose the encapsulation (G flag, RFC 5944 section 3.1): use the same one, or
    // each end would drop what the other sends.
    std::optional<UdpTunnelRequestExtension> udp = UdpTunnelRequestExtension::Find(rrq);
    MipEncapsulation encapsulation = udp ? MipEncapsulation::UDP
                                     : rrq.GetFlag(MipRegistrationRequest::FLAG_G)
                                         ? MipEncapsulation::GRE
                                         : MipEncapsulation::IP_IN_IP;
    Ptr<MipTunnel> previous = entry.tunnel;
    entry.tunnel = MakeTunnel(peer, entry.mrCareOf, from, encapsulation);
    if (encapsulation == MipEncapsulation::UDP && entry.tunnel != previous &&
        entry.tunnel->GetRxPackets() == 0)
    {
        // A new UDP tunnel starts at the port the authenticated request came from (the MR's
        // NAT mapping towards our home address); a mapping-dependent NAT gives the tunnel
        // another port, which the MR's keepalive shows and our challenge proves.
        entry.tunnel->SetRemotePort(port);
    }
    std::vector<Ipv4Address> remotes = {from};
    if (rrq.GetCareOfAddress() != from && rrq.GetCareOfAddress() != Ipv4Address::GetZero())
    {
        // Translated on the way (a NAT): the MR may reach us directly from its own care-of
        // address, e.g. both of us behind the same NAT (RFC 6521 section 6.1, notes 1.7.11);
        // its probe there is accepted and followed (Accept).
        remotes.push_back(rrq.GetCareOfAddress());
    }
    MakeAlternateTunnels(peer, UsableCareOfs(), remotes, encapsulation);
    if (udp)
    {
        reply.AddExtension(UdpTunnelReplyExtension(0, udp->GetForce(), 0).ToExtension());
    }
    // The tunnel carries our traffic once the MR's first keepalive (sent when it gets the
    // reply) arrived through it: with UDP because the path may cross a NAT (the MR
    // initiates, RFC 6521 section 3.3.4), otherwise so that nothing reaches the MR before
    // its end of the tunnel exists.
    if (entry.tunnel != previous)
    {
        entry.tunnelActive = false;
    }
    s.awaitingFirstKeepalive = !entry.tunnelActive;
    bool first = !entry.peerRegistered;
    entry.peerRegistered = true;
    if (first)
    {
        m_peerTrace(peer, "peer-registered");
    }
    uint16_t granted =
        std::min<uint16_t>(rrq.GetLifetime(),
                           static_cast<uint16_t>(m_config.bindingLifetime.GetSeconds()));
    reply.SetLifetime(granted);
    s.bindingExpiry.Cancel();
    s.bindingExpiry =
        Simulator::Schedule(Seconds(granted), &RouteOptimizer::OnPeerBindingExpired, this, peer);
    std::vector<Ipv4Address> coas = {entry.mrCareOf};
    for (const RoUplink& u : m_uplinks())
    {
        if (u.usable && u.careOf != entry.mrCareOf)
        {
            coas.push_back(u.careOf);
        }
    }
    reply.AddExtension(CareOfAddressExtension(coas).ToExtension());
    if (!s.keepaliveTimer.IsRunning() && !m_config.keepaliveInterval.IsZero())
    {
        s.keepaliveUnanswered = 0;
        s.keepaliveTimer = Simulator::Schedule(KeepaliveInterval(peer),
                                               &RouteOptimizer::SendKeepalive,
                                               this,
                                               peer);
    }
    send(code, key);
}

void
RouteOptimizer::OnPeerBindingExpired(Ipv4Address peer)
{
    RocEntry* entry = m_cache.Find(peer);
    if (!entry)
    {
        return;
    }
    entry->peerRegistered = false;
    if (!entry->registeredWithPeer)
    {
        FallBack(peer, "peer binding expired");
    }
}

// ---------------------------------------------------------------- data path

Ptr<MipTunnel>
RouteOptimizer::MakeTunnel(Ipv4Address peer,
                           Ipv4Address local,
                           Ipv4Address remote,
                           MipEncapsulation encapsulation)
{
    RocEntry& entry = *m_cache.Find(peer);
    Ptr<MipTunnel> tunnel = m_tunnels->AddTunnel(local, remote, encapsulation);
    if (std::optional<RoUplink> uplink = UplinkOf(local))
    {
        tunnel->SetEgress(uplink->device, uplink->gateway);
    }
    tunnel->SetHomeAddress(peer);
    HookTunnel(tunnel);
    if (entry.tunnel && entry.tunnel != tunnel)
    {
        RetireTunnel(peer, entry.tunnel);
    }
    if (entry.tunnel != tunnel)
    {
        std::ostringstream os;
        os << "tunnel-up " << local << " <-> " << remote;
        m_peerTrace(peer, os.str());
    }
    return tunnel;
}

void
RouteOptimizer::RetireTunnel(Ipv4Address peer, Ptr<MipTunnel> tunnel)
{
    PeerSession& s = Session(peer);
    s.oldTunnel = tunnel;
    s.graceTimers.erase(std::remove_if(s.graceTimers.begin(),
                                       s.graceTimers.end(),
                                       [](const EventId& e) { return !e.IsRunning(); }),
                        s.graceTimers.end());
    s.graceTimers.push_back(Simulator::Schedule(m_config.grace, [this, peer, tunnel]() {
        RocEntry* entry = m_cache.Find(peer);
        const std::vector<Ptr<MipTunnel>>& alternates = Session(peer).alternates;
        if (!entry || (entry->tunnel != tunnel &&
                       std::find(alternates.begin(), alternates.end(), tunnel) == alternates.end()))
        {
            m_tunnels->RemoveTunnel(tunnel);
            m_prover.Forget(tunnel);
        }
        if (Session(peer).oldTunnel == tunnel)
        {
            Session(peer).oldTunnel = nullptr;
        }
    }));
}

void
RouteOptimizer::FallBack(Ipv4Address peer, const std::string& reason)
{
    RocEntry* entry = m_cache.Find(peer);
    PeerSession& s = Session(peer);
    s.keepaliveTimer.Cancel();
    s.refreshTimer.Cancel();
    s.rrTimer.Cancel();
    s.holdDownUntil = Simulator::Now() + m_config.holdDown;
    s.awaitingFirstKeepalive = false;
    s.probing = false;
    s.pairCareOf = Ipv4Address::GetZero();
    if (!entry)
    {
        return;
    }
    CareOfPairSelector::ForgetFailures(*entry);
    if (!entry->peerRegistered)
    {
        RemoveAlternateTunnels(peer);
    }
    for (auto& [coa, rr] : entry->rr)
    {
        if (rr.state == RrState::IN_PROGRESS)
        {
            rr.state = RrState::INACTIVE;
        }
    }
    bool wasActive = entry->tunnelActive;
    entry->tunnelActive = false;
    entry->registeredWithPeer = false;
    if (entry->tunnel)
    {
        RetireTunnel(peer, entry->tunnel);
        entry->tunnel = nullptr;
    }
    NS_LOG_INFO(m_homeAddress << ": back to the HA path for " << peer << " (" << reason << ")");
    if (wasActive || reason.find("timeout") != std::string::npos ||
        reason.find("no reply") != std::string::npos)
    {
        m_peerTrace(peer, "fallback (" + reason + ")");
    }
}

void
RouteOptimizer::SendKeepalive(Ipv4Address peer)
{
    RocEntry* entry = m_cache.Find(peer);
    PeerSession& s = Session(peer);
    if (!m_running || !entry || !entry->tunnel ||
        (!entry->tunnelActive && !s.awaitingFirstKeepalive))
    {
        return;
    }
    if (s.keepaliveUnanswered >= m_config.keepaliveMisses)
    {
        if (ChoosesPair(*entry))
        {
            if (!TryNextPair(peer))
            {
                FallBack(peer, "keepalive timeout");
            }
            return;
        }
        if (m_config.tryOtherPairs && entry->peerRegistered)
        {
            // The MR of this binding chooses the pair: send via the HA meanwhile and take
            // the pair of the next keepalive it sends us (Accept).
            entry->tunnelActive = false;
            s.awaitingFirstKeepalive = true;
            m_peerTrace(peer, "fallback (keepalive timeout; awaiting the peer's probes)");
            return;
        }
        FallBack(peer, "keepalive timeout");
        return;
    }
    // ICMP echo from home address to home address inside the direct tunnel; the peer's
    // reply comes back through its direct tunnel too (SelectTunnel).
    Ptr<Packet> p = MipIcmpEcho::MakeDatagram(m_homeAddress,
                                              peer,
                                              static_cast<uint16_t>(peer.Get()),
                                              ++s.keepaliveSequence);
    CheckNatMapping(peer);
    s.keepaliveUnanswered++;
    m_tunnels->Send(entry->tunnel, p);
    m_messageTrace("tx", "KEEPALIVE", m_homeAddress, peer);
    s.keepaliveTimer =
        Simulator::Schedule(KeepaliveInterval(peer), &RouteOptimizer::SendKeepalive, this, peer);
}

Time
RouteOptimizer::KeepaliveInterval(Ipv4Address peer)
{
    PeerSession& s = Session(peer);
    return s.keepaliveInterval.IsZero() ? m_config.keepaliveInterval : s.keepaliveInterval;
}

void
RouteOptimizer::CheckNatMapping(Ipv4Address peer)
{
    RocEntry* entry = m_cache.Find(peer);
    PeerSession& s = Session(peer);
    if (!m_behindNat || !entry || !entry->tunnelActive || !entry->tunnel ||
        entry->tunnel->GetEncapsulation() != MipEncapsulation::UDP || s.keepaliveUnanswered > 0)
    {
        return;
    }
    Time interval = KeepaliveInterval(peer);
    Time minimum = MilliSeconds(200);
    if (interval <= minimum ||
        Simulator::Now() - s.lastPeerKeepalive <= m_config.keepaliveInterval * 2 + interval)
    {
        return;
    }
    s.keepaliveInterval = std::max(minimum, interval / 2);
    s.lastPeerKeepalive = Simulator::Now();
    std::ostringstream os;
    os << "nat-keepalive-shortened " << s.keepaliveInterval.GetMilliSeconds() << " ms";
    m_peerTrace(peer, os.str());
}

Ptr<MipTunnel>
RouteOptimizer::SelectTunnel(Ptr<const Packet> packet, const Ipv4Header& header)
{
    if (!m_running)
    {
        return nullptr;
    }
    bool fromSite = false;
    for (const MipPrefix& p : m_networks)
    {
        fromSite = fromSite || p.Contains(header.GetSource());
    }
    bool keepalive = header.GetSource() == m_homeAddress &&
                     header.GetProtocol() == Icmpv4L4Protocol::PROT_NUMBER;
    if (!fromSite && !keepalive)
    {
        return nullptr; // signalling from the home address always goes via the HA
    }
    RocEntry* entry = m_cache.Lookup(header.GetDestination());
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
            Session(entry->crHomeAddress).lastPeerKeepalive = Simulator::Now();
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
        Simulator::ScheduleNow(&RouteOptimizer::StartRouteOptimization, this, entry->crHomeAddress);
    }
    return nullptr;
}

bool
RouteOptimizer::Accept(Ptr<MipTunnel> tunnel, const Ipv4Header& inner)
{
    Ipv4Address peer = tunnel->GetHomeAddress();
    RocEntry* entry = m_cache.Find(peer);
    if (!entry)
    {
        return false;
    }
    PeerSession& session = Session(peer);
    auto alternate = std::find(session.alternates.begin(), session.alternates.end(), tunnel);
    bool isAlternate = alternate != session.alternates.end() && entry->tunnel != tunnel;
    if (entry->tunnel != tunnel && session.oldTunnel != tunnel && !isAlternate)
    {
        return false;
    }
    Ipv4Address dst = inner.GetDestination();
    bool ours = dst == m_homeAddress;
    for (const MipPrefix& p : m_networks)
    {
        ours = ours || p.Contains(dst);
    }
    if (!ours)
    {
        return false;
    }
    // Ingress filtering on direct tunnels (A6): the inner source is the peer's home address
    // or in a prefix the HA confirmed for it (the only ones it may register with us or we
    // route to it); anything else through this tunnel is spoofed.
    if (!SourceAllowed(*entry, inner.GetSource()))
    {
        CountProtocolDrop(ProtocolDrop::SPOOFED_INNER_SOURCE, 1, inner.GetSource());
        return false;
    }
    if (dst == m_homeAddress && inner.GetSource() == peer && !isAlternate)
    {
        // A keepalive or its answer from the peer on the tunnel in use: the direct path
        // works. (On an alternate pair nothing changes before a proof: InterceptKeepalive.)
        OnPeerKeepalive(peer, tunnel);
    }
    return true;
}

void
RouteOptimizer::OnPeerKeepalive(Ipv4Address peer, Ptr<MipTunnel> tunnel)
{
    RocEntry* entry = m_cache.Find(peer);
    if (!entry)
    {
        return;
    }
    PeerSession& s = Session(peer);
    s.keepaliveUnanswered = 0;
    if (s.awaitingFirstKeepalive && entry->tunnel == tunnel)
    {
        bool probed = s.probing;
        s.awaitingFirstKeepalive = false;
        s.probing = false;
        entry->tunnelActive = true;
        s.lastPeerKeepalive = Simulator::Now();
        CareOfPairSelector::Record(*entry, {tunnel->GetLocal(), tunnel->GetRemote()}, true);
        m_peerTrace(peer,
                    probed || tunnel->GetEncapsulation() != MipEncapsulation::UDP
                        ? "pair-verified"
                        : "udp-tunnel-verified");
        if (entry->registeredWithPeer && !probed)
        {
            m_setupTrace(peer, Simulator::Now() - s.rrStarted);
        }
        if (!s.keepaliveTimer.IsRunning() && !m_config.keepaliveInterval.IsZero())
        {
            s.keepaliveTimer = Simulator::Schedule(KeepaliveInterval(peer),
                                                   &RouteOptimizer::SendKeepalive,
                                                   this,
                                                   peer);
        }
    }
}

bool
RouteOptimizer::SourceAllowed(const RocEntry& entry, Ipv4Address source) const
{
    if (source == entry.crHomeAddress)
    {
        return true;
    }
    return std::any_of(entry.prefixes.begin(), entry.prefixes.end(), [source](const RocPrefix& p) {
        return p.valid && p.prefix.Contains(source);
    });
}

void
RouteOptimizer::HookTunnel(Ptr<MipTunnel> tunnel)
{
    tunnel->SetInterceptCallback(MakeCallback(&RouteOptimizer::InterceptKeepalive, this));
}

void
RouteOptimizer::Challenge(Ptr<MipTunnel> tunnel, uint16_t port)
{
    Ipv4Address peer = tunnel->GetHomeAddress();
    std::optional<uint64_t> nonce = m_prover.Challenge(tunnel, port, Simulator::Now());
    if (!nonce || !m_cache.Find(peer))
    {
        return;
    }
    PeerSession& s = Session(peer);
    Ptr<Packet> p = MipIcmpEcho::MakeDatagram(m_homeAddress,
                                              peer,
                                              static_cast<uint16_t>(peer.Get()),
                                              ++s.keepaliveSequence,
                                              *nonce);
    m_tunnels->SendToPort(tunnel, p, port);
    m_messageTrace("tx", "KEEPALIVE", m_homeAddress, peer);
    std::ostringstream os;
    os << "endpoint-challenged " << tunnel->GetLocal() << " <-> " << tunnel->GetRemote() << ":"
       << port;
    m_peerTrace(peer, os.str());
}

void
RouteOptimizer::OnProven(Ptr<MipTunnel> tunnel)
{
    Ipv4Address peer = tunnel->GetHomeAddress();
    RocEntry* entry = m_cache.Find(peer);
    if (!entry)
    {
        return;
    }
    PeerSession& s = Session(peer);
    auto alternate = std::find(s.alternates.begin(), s.alternates.end(), tunnel);
    if (alternate != s.alternates.end() && entry->tunnel != tunnel)
    {
        // The peer probes another pair (RFC 6521 section 6.1) or moved its end, and it
        // answered our nonce there: send on that pair from now on.
        std::ostringstream os;
        os << "pair-switched " << tunnel->GetLocal() << " <-> " << tunnel->GetRemote();
        m_peerTrace(peer, os.str());
        *alternate = entry->tunnel;
        entry->tunnel = tunnel;
        s.awaitingFirstKeepalive = s.awaitingFirstKeepalive || !entry->tunnelActive;
    }
    if (entry->tunnel == tunnel)
    {
        OnPeerKeepalive(peer, tunnel);
    }
}

bool
RouteOptimizer::InterceptKeepalive(Ptr<MipTunnel> tunnel, Ptr<Packet> p, const Ipv4Header& inner)
{
    Ipv4Address peer = tunnel->GetHomeAddress();
    if (!m_running || inner.GetSource() != peer || inner.GetDestination() != m_homeAddress ||
        inner.GetProtocol() != Icmpv4L4Protocol::PROT_NUMBER)
    {
        return false;
    }
    RocEntry* entry = m_cache.Find(peer);
    std::optional<MipIcmpEcho::Parsed> echo = MipIcmpEcho::Parse(p);
    if (!entry || !echo)
    {
        return false;
    }
    if (echo->reply &&
        m_prover.Answer(tunnel, tunnel->GetRemotePort(), echo->nonce, Simulator::Now()))
    {
        OnProven(tunnel);
        return true; // the answer to our own challenge
    }
    PeerSession& s = Session(peer);
    bool isAlternate =
        entry->tunnel != tunnel &&
        std::find(s.alternates.begin(), s.alternates.end(), tunnel) != s.alternates.end();
    if (isAlternate)
    {
        // The peer seems to use another pair: prove that end before following it.
        Challenge(tunnel, tunnel->GetRemotePort());
    }
    return false;
}

bool
RouteOptimizer::OnUnprovenPort(Ptr<MipTunnel> tunnel, uint16_t port, Ptr<Packet> p)
{
    Ipv4Address peer = tunnel->GetHomeAddress();
    RocEntry* entry = m_running ? m_cache.Find(peer) : nullptr;
    Ipv4Header inner;
    bool keepalive = entry && MipTunnelManager::PeekIpv4Header(p, inner) &&
                     inner.GetSource() == peer && inner.GetDestination() == m_homeAddress &&
                     inner.GetProtocol() == Icmpv4L4Protocol::PROT_NUMBER;
    if (keepalive)
    {
        std::optional<MipIcmpEcho::Parsed> echo = MipIcmpEcho::Parse(p);
        if (echo && echo->reply && m_prover.Answer(tunnel, port, echo->nonce, Simulator::Now()))
        {
            // Return reachability of the new port is proven (the peer's NAT mapping changed,
            // RFC 6521 section 6.1): the tunnel follows.
            std::ostringstream os;
            os << "port-proven " << tunnel->GetRemote() << ":" << tunnel->GetRemotePort() << " -> "
               << port;
            m_peerTrace(peer, os.str());
            tunnel->SetRemotePort(port);
            OnProven(tunnel);
            return true;
        }
    }
    CountProtocolDrop(ProtocolDrop::UNAUTHENTICATED_ENDPOINT, 1, tunnel->GetRemote());
    if (entry)
    {
        Challenge(tunnel, port);
    }
    return keepalive;
}

void
RouteOptimizer::OnHomeReply(const MipRegistrationReply& reply)
{
    if (std::optional<RoReplyExtension> ro = RoReplyExtension::Find(reply))
    {
        m_behindNat = ro->GetFlag(RoReplyExtension::FLAG_N);
        // Codes 16-31 decline (RFC 6521 section 5.2): no route optimization started by us.
        bool declined = ro->GetCode() >= RoReplyExtension::CODE_DECLINED_UNSPECIFIED;
        if (declined != m_declined)
        {
            m_declined = declined;
            m_peerTrace(m_homeAgent, declined ? "ro-declined-by-ha" : "ro-allowed-by-ha");
        }
    }
    if (std::optional<PrefixAdvertisementExtension> adv = PrefixAdvertisementExtension::Find(reply))
    {
        std::vector<Ipv4Address> listed = m_cache.ApplyAdvertisement(*adv);
        for (Ipv4Address peer : listed)
        {
            m_peerTrace(peer, "advertisement");
            if (m_config.fullMesh)
            {
                Simulator::ScheduleNow(&RouteOptimizer::StartRouteOptimization, this, peer);
            }
        }
    }
    // Requests that waited for the HA's confirmation of their prefixes.
    for (auto& [key, s] : m_sessions)
    {
        if (s.awaitingSolicitation && !s.deferredRequest.empty())
        {
            s.deferredTimer.Cancel();
            s.awaitingSolicitation = false;
            MipBytes request = s.deferredRequest;
            Ipv4Address source = s.deferredSource;
            uint16_t port = s.deferredPort;
            s.deferredRequest.clear();
            Simulator::ScheduleNow([this, request, source, port]() {
                ProcessCorrespondentRequest(request, source, port, false);
            });
        }
    }
    if (!m_deferredUnknown.empty())
    {
        Simulator::ScheduleNow(&RouteOptimizer::ProcessDeferredUnknown, this);
    }
}

bool
RouteOptimizer::TakeUnknownSolicitation(Ipv4Address peer)
{
    // A token bucket: a burst of unknownPeerSolicitations, one more per solicitationWait.
    double capacity = m_config.unknownPeerSolicitations;
    Time now = Simulator::Now();
    if (m_unknownTokens < 0)
    {
        m_unknownTokens = capacity;
        m_unknownTokensAt = now;
    }
    if (m_config.solicitationWait.IsStrictlyPositive())
    {
        m_unknownTokens = std::min(capacity,
                                   m_unknownTokens + (now - m_unknownTokensAt).GetSeconds() /
                                                         m_config.solicitationWait.GetSeconds());
    }
    m_unknownTokensAt = now;
    if (m_unknownTokens < 1 || m_deferredUnknown.size() >= m_config.unknownPeerSolicitations)
    {
        return false;
    }
    m_unknownTokens -= 1;
    return true;
}

void
RouteOptimizer::ProcessDeferredUnknown()
{
    m_deferredUnknownTimer.Cancel();
    std::map<uint32_t, DeferredUnknown> waiting;
    waiting.swap(m_deferredUnknown);
    for (const auto& [key, d] : waiting)
    {
        // Known now if the HA's answer advertised it; otherwise refused (no re-solicitation).
        ProcessCorrespondentRequest(d.request, d.from, d.port, false);
    }
}

std::optional<RoUplink>
RouteOptimizer::ChooseUplink(Ipv4Address peer) const
{
    // A care-of address chosen by pair probing (TryNextPair) wins while it is usable.
    auto session = m_sessions.find(peer.Get());
    if (session != m_sessions.end() && session->second.pairCareOf != Ipv4Address::GetZero())
    {
        std::optional<RoUplink> pinned = UplinkOf(session->second.pairCareOf);
        if (pinned && pinned->usable)
        {
            return pinned;
        }
    }
    if (!m_config.spreadPeers)
    {
        return ActiveUplink();
    }
    // A care-of address per CR (RFC 6521 section 3.3, R19): keep the one in use while it
    // works, otherwise the usable uplink serving the fewest CRs (ties: preference order).
    const RocEntry* entry = m_cache.Find(peer);
    std::vector<RoUplink> uplinks = m_uplinks();
    std::optional<RoUplink> best;
    size_t bestLoad = SIZE_MAX;
    for (const RoUplink& u : uplinks)
    {
        if (!u.usable)
        {
            continue;
        }
        if (entry && entry->mrCareOf == u.careOf)
        {
            return u;
        }
        size_t load = 0;
        m_cache.ForEach([&](const RocEntry& e) {
            auto session = m_sessions.find(e.crHomeAddress.Get());
            bool pending = session != m_sessions.end() && session->second.pending;
            const RrRecord* rr = e.FindRr(u.careOf);
            bool starting = rr && rr->state == RrState::IN_PROGRESS;
            load += e.mrCareOf == u.careOf && e.crHomeAddress != peer &&
                    (e.registeredWithPeer || pending || starting);
        });
        if (load < bestLoad)
        {
            best = u;
            bestLoad = load;
        }
    }
    return best;
}

void
RouteOptimizer::OnActiveUplinkChanged(Ipv4Address oldCareOf, Ipv4Address newCareOf)
{
    // Break before make (old -> none -> new): the move is from the last care-of address.
    if (oldCareOf != Ipv4Address::GetZero())
    {
        m_lastActiveCareOf = oldCareOf;
    }
    if (newCareOf == Ipv4Address::GetZero() || m_lastActiveCareOf == newCareOf)
    {
        return;
    }
    if (!m_config.spreadPeers)
    {
        MovePeers(m_lastActiveCareOf);
    }
    MoveCorrespondentTunnels(m_lastActiveCareOf, newCareOf);
    m_lastActiveCareOf = newCareOf;
}

void
RouteOptimizer::MoveCorrespondentTunnels(Ipv4Address oldCareOf, Ipv4Address newCareOf)
{
    // As CR we hold no binding at the MR: move our end of the tunnel ourselves and tell the
    // MR with a keepalive from the new address (the MR keeps tunnels to every address our
    // Care-of Address extension listed, and follows, see Accept).
    m_cache.ForEach([&](RocEntry& entry) {
        Ipv4Address peer = entry.crHomeAddress;
        std::optional<RoUplink> uplink = UplinkOf(newCareOf);
        if (!entry.peerRegistered || ChoosesPair(entry) || !entry.tunnel || !uplink ||
            entry.tunnel->GetLocal() != oldCareOf)
        {
            return;
        }
        PeerSession& s = Session(peer);
        Ptr<MipTunnel> tunnel = m_tunnels->AddTunnel(newCareOf,
                                                     entry.tunnel->GetRemote(),
                                                     entry.tunnel->GetEncapsulation());
        tunnel->SetEgress(uplink->device, uplink->gateway);
        tunnel->SetHomeAddress(peer);
        HookTunnel(tunnel);
        std::replace(s.alternates.begin(), s.alternates.end(), tunnel, entry.tunnel);
        entry.tunnel = tunnel;
        entry.mrCareOf = newCareOf;
        entry.tunnelActive = false;
        s.awaitingFirstKeepalive = true;
        s.keepaliveTimer.Cancel();
        s.keepaliveUnanswered = 0;
        std::ostringstream os;
        os << "cr-moved " << oldCareOf << " -> " << newCareOf;
        m_peerTrace(peer, os.str());
        SendKeepalive(peer);
    });
}

void
RouteOptimizer::OnUplinkLost(Ipv4Address careOf)
{
    if (m_config.spreadPeers)
    {
        MovePeers(careOf);
        if (std::optional<RoUplink> active = ActiveUplink())
        {
            MoveCorrespondentTunnels(careOf, active->careOf);
        }
    }
}

void
RouteOptimizer::MovePeers(Ipv4Address oldCareOf)
{
    // A care-of address change invalidates KRm: partial RR (CoTI from the new address) and
    // a new registration with every CR we use (RFC 6521 section 3.3.6).
    m_cache.ForEach([&](RocEntry& entry) {
        if (!entry.registeredWithPeer || entry.mrCareOf != oldCareOf)
        {
            return;
        }
        entry.mrCareOf = Ipv4Address();
        std::optional<RoUplink> uplink = ChooseUplink(entry.crHomeAddress);
        if (!uplink)
        {
            return;
        }
        HandOver(entry, oldCareOf, uplink->careOf);
    });
}

void
RouteOptimizer::HandOver(RocEntry& entry, Ipv4Address oldCareOf, Ipv4Address newCareOf)
{
    entry.mrCareOf = newCareOf;
    RrRecord oldRr = entry.GetRr(oldCareOf);
    RrRecord& rr = entry.GetRr(newCareOf);
    rr.homeToken = oldRr.homeToken;
    rr.homeNonceIndex = oldRr.homeNonceIndex;
    rr.homeTokenTime = oldRr.homeTokenTime;
    rr.homeCookie = oldRr.homeCookie;
    entry.tunnelActive = false;
    m_peerTrace(entry.crHomeAddress, "handover");
    Ipv4Address peer = entry.crHomeAddress;
    PeerSession& s = Session(peer);
    s.pending = false;
    s.regTimer.Cancel();
    s.holdDownUntil = Time(0);
    Simulator::ScheduleNow(&RouteOptimizer::StartRouteOptimization, this, peer);
}

bool
RouteOptimizer::UseUdp(const RocEntry& entry) const
{
    // RFC 6521 section 3.3 (R13): UDP when a NAT or firewall is on either side (the HA's N
    // flag for us, Info=1 for the peer); otherwise the configured encapsulation.
    return m_config.encapsulation == MipEncapsulation::UDP || m_behindNat || entry.outboundOnly;
}

bool
RouteOptimizer::ChoosesPair(const RocEntry& entry) const
{
    return entry.registeredWithPeer &&
           (!entry.peerRegistered || m_homeAddress.Get() > entry.crHomeAddress.Get());
}

bool
RouteOptimizer::TryNextPair(Ipv4Address peer)
{
    RocEntry* entry = m_cache.Find(peer);
    if (!m_config.tryOtherPairs || !entry || !entry->tunnel || !entry->registeredWithPeer)
    {
        return false;
    }
    PeerSession& s = Session(peer);
    CareOfPair failed{entry->mrCareOf, entry->tunnel->GetRemote()};
    CareOfPairSelector::Record(*entry, failed, false);
    // Ours: the care-of address in use first, then the other usable uplinks in order.
    std::vector<Ipv4Address> own;
    std::optional<RoUplink> current = UplinkOf(failed.mrCareOf);
    if (current && current->usable)
    {
        own.push_back(failed.mrCareOf);
    }
    for (const RoUplink& u : m_uplinks())
    {
        if (u.usable && u.careOf != failed.mrCareOf)
        {
            own.push_back(u.careOf);
        }
    }
    std::optional<CareOfPair> next = CareOfPairSelector::Next(*entry, own);
    if (!next)
    {
        return false; // every pair failed: FallBack forgets the failures for the next try
    }
    std::ostringstream os;
    os << "pair-failed " << failed.mrCareOf << " <-> " << failed.crCareOf << "; trying "
       << next->mrCareOf << " <-> " << next->crCareOf;
    m_peerTrace(peer, os.str());
    s.probing = true;
    s.keepaliveTimer.Cancel();
    s.keepaliveUnanswered = 0;
    entry->tunnelActive = false;
    if (next->mrCareOf == failed.mrCareOf)
    {
        // Same care-of address of ours: the CR's binding still holds, probe the other
        // address it listed with keepalives in a tunnel to it.
        entry->tunnel =
            MakeTunnel(peer, next->mrCareOf, next->crCareOf, entry->tunnel->GetEncapsulation());
        s.awaitingFirstKeepalive = true;
        SendKeepalive(peer);
    }
    else
    {
        // Another care-of address of ours: partial return routability and a registration
        // from it, then the probe (ProcessCorrespondentReply).
        s.pairCareOf = next->mrCareOf;
        s.awaitingFirstKeepalive = false;
        HandOver(*entry, failed.mrCareOf, next->mrCareOf);
    }
    return true;
}

std::vector<Ipv4Address>
RouteOptimizer::UsableCareOfs() const
{
    std::vector<Ipv4Address> out;
    for (const RoUplink& u : m_uplinks())
    {
        if (u.usable)
        {
            out.push_back(u.careOf);
        }
    }
    return out;
}

void
RouteOptimizer::MakeAlternateTunnels(Ipv4Address peer,
                                     const std::vector<Ipv4Address>& locals,
                                     const std::vector<Ipv4Address>& remotes,
                                     MipEncapsulation encapsulation)
{
    RemoveAlternateTunnels(peer);
    if (!m_config.tryOtherPairs)
    {
        return;
    }
    RocEntry& entry = *m_cache.Find(peer);
    PeerSession& s = Session(peer);
    for (Ipv4Address local : locals)
    {
        std::optional<RoUplink> uplink = UplinkOf(local);
        for (Ipv4Address remote : remotes)
        {
            if (!uplink || (entry.tunnel && entry.tunnel->GetLocal() == local &&
                            entry.tunnel->GetRemote() == remote))
            {
                continue;
            }
            Ptr<MipTunnel> tunnel = m_tunnels->AddTunnel(local, remote, encapsulation);
            tunnel->SetEgress(uplink->device, uplink->gateway);
            tunnel->SetHomeAddress(peer);
            HookTunnel(tunnel);
            s.alternates.push_back(tunnel);
        }
    }
}

void
RouteOptimizer::RemoveAlternateTunnels(Ipv4Address peer)
{
    RocEntry* entry = m_cache.Find(peer);
    PeerSession& s = Session(peer);
    for (const Ptr<MipTunnel>& tunnel : s.alternates)
    {
        if ((!entry || tunnel != entry->tunnel) && tunnel != s.oldTunnel)
        {
            m_tunnels->RemoveTunnel(tunnel);
            m_prover.Forget(tunnel);
        }
    }
    s.alternates.clear();
}

void
RouteOptimizer::AddStaticKey(Ipv4Address peer, const MipBytes& krm)
{
    m_cache.Insert(peer).staticKrm = krm;
}

void
RouteOptimizer::DoDispose()
{
    Stop(false);
    m_homeSocket = nullptr;
    m_careOfSockets.clear();
    m_tunnels = nullptr;
    m_node = nullptr;
    m_sessions.clear();
    Object::DoDispose();
}

} // namespace ns3
