/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mr-uplink.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/log.h"
#include "ns3/mip-auth-extension.h"
#include "ns3/mip-icmp-echo.h"
#include "ns3/mip-tunnel-manager.h"
#include "ns3/nemo-extensions.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/random-variable-stream.h"
#include "ns3/ro-extensions.h"
#include "ns3/simulator.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/udp-tunnel-extensions.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MrUplink");

NS_OBJECT_ENSURE_REGISTERED(MrUplink);

std::ostream&
operator<<(std::ostream& os, MrUplinkState s)
{
    switch (s)
    {
    case MrUplinkState::DOWN:
        return os << "DOWN";
    case MrUplinkState::REGISTERING:
        return os << "REGISTERING";
    case MrUplinkState::REGISTERED:
        return os << "REGISTERED";
    case MrUplinkState::FAILED:
        return os << "FAILED";
    case MrUplinkState::DENIED:
        return os << "DENIED";
    }
    return os << "?";
}

TypeId
MrUplink::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MrUplink")
            .SetParent<Object>()
            .SetGroupName("Haaro")
            .AddConstructor<MrUplink>()
            .AddAttribute("RenewalFraction",
                          "Re-register after this fraction of the granted lifetime",
                          DoubleValue(0.8),
                          MakeDoubleAccessor(&MrUplink::m_renewalFraction),
                          MakeDoubleChecker<double>(0.1, 0.99))
            .AddAttribute("InitialRetransmissionTimeout",
                          "First retransmission timeout (RFC 5944 3.6.3: at least 1 s)",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MrUplink::m_initialTimeout),
                          MakeTimeChecker(Seconds(1)))
            .AddAttribute("MaxRetransmissionTimeout",
                          "Cap of the doubling retransmission timeout, before "
                          "RetransmissionJitter lengthens it (never above the "
                          "lifetime: RFC 5944 3.6.3 asks that the maximum be no greater "
                          "than the requested Lifetime). While the uplink's binding is "
                          "revoked (DeregisterOnFailure) the cap is also at most "
                          "KeepaliveInterval (at least 1 s; unless that is 0): the requests "
                          "are then the path's probe",
                          TimeValue(Seconds(16)),
                          MakeTimeAccessor(&MrUplink::m_maxTimeout),
                          MakeTimeChecker(Seconds(1)))
            .AddAttribute(
                "RetransmissionJitter",
                "Each registration retransmission timeout is lengthened by a uniform "
                "random fraction in [0, this) of itself, so that routers that started "
                "together do not retransmit together (0: the deterministic doubling; "
                "RFC 5944 section 3.6.3 specifies no randomization, and a lengthening "
                "keeps each period at least twice the previous one below the cap; never above "
                "the lifetime). "
                "Drawn from a stream of its own, created when first used (an "
                "automatically assigned ns-3 stream: the same for the same run, but "
                "not pinned by MobileRouter::AssignStreams)",
                DoubleValue(0),
                MakeDoubleAccessor(&MrUplink::m_retransmissionJitter),
                MakeDoubleChecker<double>(0, 1))
            .AddAttribute("MaxRetransmissions",
                          "Unanswered retransmissions after which the uplink is FAILED",
                          UintegerValue(3),
                          MakeUintegerAccessor(&MrUplink::m_maxRetransmissions),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("DenialRetryDelay",
                          "First retry after the Home Agent denied a registration (a code >= "
                          "128 other than 133); it doubles with each further denial (RFC 5944 "
                          "section 3.6.3: at least 1 s, each period at least twice the last)",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MrUplink::m_denialRetryDelay),
                          MakeTimeChecker(Seconds(1)))
            .AddAttribute("DenialRetryMax",
                          "Cap of the doubling denial retry delay (never above the lifetime, "
                          "RFC 5944 section 3.6.3)",
                          TimeValue(Seconds(64)),
                          MakeTimeAccessor(&MrUplink::m_denialRetryMax),
                          MakeTimeChecker(Seconds(1)))
            .AddAttribute("KeepaliveInterval",
                          "Interval of the ICMP echo probes to the Home Agent through the "
                          "uplink's tunnel (path failure detection; 0 disables)",
                          TimeValue(Seconds(5)),
                          MakeTimeAccessor(&MrUplink::m_keepaliveInterval),
                          MakeTimeChecker())
            .AddAttribute("KeepaliveMisses",
                          "Consecutive unanswered probes (each without an answer for a whole "
                          "KeepaliveInterval) after which the uplink is FAILED, at the next "
                          "probe: a dead path is found KeepaliveMisses to KeepaliveMisses + 1 "
                          "intervals after it died (up to a round trip less if it died while "
                          "an answer was on its way)",
                          UintegerValue(2),
                          MakeUintegerAccessor(&MrUplink::m_keepaliveMisses),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute(
                "UdpTunnelling",
                "RFC 3519 NAT traversal: Never (no UDP Tunnel Request), Auto (a "
                "request in every registration; the Home Agent assents when it sees "
                "a NAT; what a router that may be behind a NAT does) or Force (F "
                "set: UDP even without a NAT). Without an assenting UDP Tunnel Reply "
                "the uplink never uses UDP",
                EnumValue(MR_UDP_AUTO),
                MakeEnumAccessor(&MrUplink::m_udpTunnelling),
                MakeEnumChecker(MR_UDP_NEVER, "Never", MR_UDP_AUTO, "Auto", MR_UDP_FORCE, "Force"))
            .AddAttribute("UdpKeepaliveInterval",
                          "RFC 3519 keepalive interval of UDP tunnels when the Home Agent "
                          "assigns none (its reply says 0): a keepalive is sent when nothing "
                          "was sent to the Home Agent for this long",
                          TimeValue(Seconds(110)),
                          MakeTimeAccessor(&MrUplink::m_udpKeepaliveInterval),
                          MakeTimeChecker(Seconds(1)))
            .AddAttribute("UdpKeepaliveMinimum",
                          "Shortest keepalive interval: after a lost NAT mapping the interval "
                          "is halved, never below this (RFC 3519 section 4.10: 10 s)",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&MrUplink::m_udpKeepaliveMinimum),
                          MakeTimeChecker(Seconds(1)))
            .AddAttribute("UdpKeepaliveRetries",
                          "Retries of an unanswered keepalive (after the initial retransmission "
                          "timeout, doubling) before the NAT mapping is taken as lost and the "
                          "uplink registers again",
                          UintegerValue(3),
                          MakeUintegerAccessor(&MrUplink::m_udpKeepaliveRetries),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("DeregisterOnFailure",
                          "When this uplink fails (FAILED: its path is dead; DOWN: its "
                          "interface) while another uplink is registered, de-register its "
                          "binding through that uplink: Lifetime 0 with this care-of address "
                          "deletes only this binding (RFC 5944 sections 3.6.1.2 and 3.8.2.2, "
                          "a MAY). False: the binding stays until it expires and the Home Agent "
                          "keeps tunnelling to the dead care-of address",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MrUplink::m_deregisterOnFailure),
                          MakeBooleanChecker())
            .AddAttribute("LinkLayerTriggers",
                          "Listen to the device's link changes (read at Start): link down makes "
                          "the uplink DOWN at once (e.g. a Wi-Fi station lost its "
                          "association), link up registers at once; the path probes stay the "
                          "slow detector. False: only the Ipv4 interface state and the probes",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MrUplink::m_linkLayerTriggers),
                          MakeBooleanChecker())
            .AddAttribute("MinRegistrationInterval",
                          "Least time between a registration request and one that an event "
                          "other than the link layer starts (solicitation, prefix change, "
                          "path probe, Identification mismatch, NAT mapping, outbound-only "
                          "update), which waits for it (RFC 5944 section 3.6: \"In the "
                          "absence of link-layer indications, a mobile node MUST NOT attempt "
                          "to register more often than once per second\"). Link up, interface "
                          "up and a new care-of address register at once. Less than 1 s "
                          "deviates from the RFC (0: never wait, the module before this "
                          "attribute)",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MrUplink::m_minRequestInterval),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute(
                "MaxQueuedSolicitations",
                "Solicitations (RFC 6521 sections 3.3.3 and 5.1, one mobile router per request) "
                "that may wait for a request; more are dropped and counted",
                UintegerValue(16),
                MakeUintegerAccessor(&MrUplink::m_maxSolicitations),
                MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("UdpTunnel",
                            "RFC 3519 UDP tunnelling started, was refreshed or stopped (care-of "
                            "address, active, source port, keepalive interval)",
                            MakeTraceSourceAccessor(&MrUplink::m_udpTunnelTrace),
                            "ns3::MrUplink::UdpTunnelTracedCallback")
            .AddTraceSource("KeepaliveSent",
                            "An RFC 3519 keepalive (or a retry) was sent through the UDP tunnel "
                            "(care-of address, echo sequence number)",
                            MakeTraceSourceAccessor(&MrUplink::m_keepaliveSentTrace),
                            "ns3::MrUplink::KeepaliveTracedCallback")
            .AddTraceSource("KeepaliveAnswered",
                            "The Home Agent answered a keepalive (care-of address, echo sequence "
                            "number)",
                            MakeTraceSourceAccessor(&MrUplink::m_keepaliveAnsweredTrace),
                            "ns3::MrUplink::KeepaliveTracedCallback")
            .AddTraceSource("NatMappingLost",
                            "Keepalives went unanswered: the NAT mapping is taken as lost and "
                            "the uplink registers again (care-of address, new keepalive "
                            "interval)",
                            MakeTraceSourceAccessor(&MrUplink::m_mappingLostTrace),
                            "ns3::MrUplink::MappingLostTracedCallback")
            .AddTraceSource("Retransmission",
                            "A Registration Request went unanswered for the retransmission "
                            "timeout and is sent again (care-of address, retransmissions since "
                            "the last reply, timeout that expired; RFC 5944 section 3.6.3)",
                            MakeTraceSourceAccessor(&MrUplink::m_retransmissionTrace),
                            "ns3::MrUplink::RetransmissionTracedCallback")
            .AddTraceSource("ProtocolDrop",
                            "(Part of) a received packet was not acted on (reason, count, "
                            "source); e.g. extensions after the MN-HA authenticator",
                            MakeTraceSourceAccessor(&MrUplink::m_protocolDropTrace),
                            "ns3::ProtocolDropTracedCallback")
            .AddTraceSource("HandoverPhase",
                            "A phase of a handover of this uplink was reached: link down or up "
                            "(L2), care-of address lost or acquired, first registration request "
                            "sent, registration accepted (care-of address, phase)",
                            MakeTraceSourceAccessor(&MrUplink::m_handoverPhaseTrace),
                            "ns3::MrUplink::HandoverPhaseTracedCallback")
            .AddTraceSource("RequestHeld",
                            "A registration request that an event other than the link layer "
                            "started waits until MinRegistrationInterval after the uplink's "
                            "last request (care-of address, delay); requests started "
                            "meanwhile join it",
                            MakeTraceSourceAccessor(&MrUplink::m_requestHeldTrace),
                            "ns3::MrUplink::RequestHeldTracedCallback");
    return tid;
}

MrUplink::MrUplink()
    : m_access(Create<MrUplinkAccess>(m_handoverPhaseTrace)),
      m_replies(m_protocolDropTrace),
      m_probe(m_keepaliveInterval),
      m_udp({m_udpTunnelling,
             m_udpKeepaliveInterval,
             m_udpKeepaliveMinimum,
             m_udpKeepaliveRetries,
             m_initialTimeout,
             m_maxTimeout},
            {m_udpTunnelTrace, m_keepaliveSentTrace, m_keepaliveAnsweredTrace, m_mappingLostTrace}),
      m_pacer(m_minRequestInterval, m_maxSolicitations)
{
    m_probe.SetCallbacks(MakeCallback(&MrUplink::IsUsable, this),
                         MakeCallback(&MrUplink::GetTunnel, this),
                         MakeCallback(&MrUplink::OnProbeTick, this),
                         MakeCallback(&MrUplink::OnProbeAnswered, this));
    m_udp.SetCallbacks(MakeCallback(&MrUplink::IsUsable, this),
                       MakeCallback(&MrUplink::Register, this),
                       MakeCallback(&MrUplink::InterceptEcho, this));
}

MrUplink::~MrUplink()
{
    m_access->Dispose(); // the device's link change callback may keep it alive
}

void
MrUplink::Setup(Ptr<Node> node,
                Ptr<NetDevice> device,
                Ipv4Address careOf,
                Ipv4Address gateway,
                const MrRegistrationConfig* config,
                Ptr<MipTunnel> tunnel)
{
    m_node = node;
    m_access->SetDevice(device);
    m_config = config;
    SetupAddress(careOf, gateway, tunnel);
}

void
MrUplink::SetupAddress(Ipv4Address careOf, Ipv4Address gateway, Ptr<MipTunnel> tunnel)
{
    m_access->SetAddress(careOf, gateway, tunnel);
    m_replies.Setup(careOf, m_config->homeAddress, m_config->homeAgent, &m_config->sa);
    m_probe.Setup(careOf, m_config->homeAgent);
    m_udp.Setup(careOf,
                m_config->homeAgent,
                m_config->homeAddress,
                GetDevice(),
                gateway,
                static_cast<uint16_t>(m_probe.GetIdentifier() + 1));
}

void
MrUplink::SetStateCallback(StateCallback cb)
{
    m_stateCallback = cb;
}

void
MrUplink::SetMessageCallbacks(Callback<void, const MipRegistrationRequest&, Ipv4Address> request,
                              Callback<void, const MipRegistrationReply&, Ipv4Address> reply)
{
    m_requestCallback = request;
    m_replyCallback = reply;
}

void
MrUplink::SetReplyAcceptedCallback(ReplyAcceptedCallback cb)
{
    m_replyAcceptedCallback = cb;
}

void
MrUplink::Start()
{
    m_running = true;
    if (!m_tunnels)
    {
        // The router's tunnel layer, aggregated to the node (needed for UDP tunnelling).
        m_tunnels = m_node->GetObject<MipTunnelManager>();
    }
    if (m_linkLayerTriggers)
    {
        m_access->WatchLink(MakeCallback(&MrUplink::OnLinkChange, this));
    }
    if (HasCareOf())
    {
        OpenSocket();
    }
    m_probe.SetTunnelManager(m_tunnels);
    if (m_denialDelay.IsZero())
    {
        m_denialDelay = m_denialRetryDelay;
    }
    if (m_interfaceUp)
    {
        Register(); // at once, unless a restart follows the de-registration of Stop(true)
    }
}

void
MrUplink::OpenSocket()
{
    if (!m_socket)
    {
        m_socket = Socket::CreateSocket(m_node, UdpSocketFactory::GetTypeId());
        m_socket->Bind(InetSocketAddress(GetCareOfAddress(), 0));
        m_socket->BindToNetDevice(GetDevice());
        m_socket->SetRecvCallback(MakeCallback(&MrUplink::HandleReply, this));
    }
    Address local;
    m_socket->GetSockName(local);
    m_udp.Start(m_tunnels, InetSocketAddress::ConvertFrom(local).GetPort());
    if (Ptr<MipTunnel> tunnel = m_access->GetIpTunnel())
    {
        // The Home Agent answers our path probes through this tunnel (or the UDP one).
        tunnel->SetInterceptCallback(MakeCallback(&MrUplink::InterceptEcho, this));
    }
}

bool
MrUplink::HasCareOf() const
{
    return m_access->HasCareOf();
}

void
MrUplink::SetCareOf(Ipv4Address careOf, Ipv4Address gateway, Ptr<MipTunnel> tunnel)
{
    NS_ABORT_MSG_IF(HasCareOf(), "MrUplink::SetCareOf: the uplink has " << GetCareOfAddress());
    SetupAddress(careOf, gateway, tunnel);
    NS_LOG_INFO(m_config->homeAddress << " uplink: care-of address " << careOf << " via "
                                      << gateway);
    m_access->NotifyPhase(MrHandoverPhase::ADDRESS_ACQUIRED);
    if (m_running)
    {
        OpenSocket();
        RegisterNow(); // a new care-of address: the attachment changed
    }
}

Ptr<MipTunnel>
MrUplink::ClearCareOf()
{
    if (!HasCareOf())
    {
        return nullptr;
    }
    m_access->NotifyPhase(MrHandoverPhase::ADDRESS_LOST);
    m_bindingRevoked = false; // the next care-of address begins afresh
    CancelTimers();
    m_udp.OnInterfaceDown();
    m_udp.Deactivate();                                       // its tunnel used the old address
    SetState(MrUplinkState::DOWN, "care-of address removed"); // callbacks see the old address
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
        m_socket = nullptr;
    }
    return m_access->ClearAddress();
}

void
MrUplink::OnLinkChange(bool up)
{
    if (!m_running)
    {
        return;
    }
    if (!up)
    {
        CancelTimers();
        m_udp.OnInterfaceDown(); // attached elsewhere, perhaps, when it comes back
        SetState(MrUplinkState::DOWN, "link down");
        return;
    }
    RegisterNow(); // at once, if the uplink has a care-of address (else when it gets one)
}

void
MrUplink::SetLinkUp(bool up)
{
    m_access->SetLinkUp(up);
}

void
MrUplink::Stop(bool deregister)
{
    if (deregister && m_running &&
        (m_state == MrUplinkState::REGISTERED || m_state == MrUplinkState::FAILED))
    {
        Transmit(0); // its reply is accepted (and ignored: we are stopping)
    }
    m_running = false;
    m_bindingRevoked = false; // a restart begins afresh
    CancelTimers();
}

bool
MrUplink::IsUdpTunnelActive() const
{
    return m_udp.IsActive();
}

uint16_t
MrUplink::GetLocalPort() const
{
    return m_udp.GetLocalPort();
}

Time
MrUplink::GetUdpKeepaliveInterval() const
{
    return m_udp.GetKeepaliveInterval();
}

uint32_t
MrUplink::GetUdpKeepalivesSent() const
{
    return m_udp.GetKeepalivesSent();
}

uint32_t
MrUplink::GetUdpKeepalivesAnswered() const
{
    return m_udp.GetKeepalivesAnswered();
}

uint32_t
MrUplink::GetNatMappingLosses() const
{
    return m_udp.GetNatMappingLosses();
}

void
MrUplink::SetInterfaceUp(bool up)
{
    bool cameUp = up && !m_interfaceUp;
    m_interfaceUp = up;
    if (!up)
    {
        CancelTimers();
        m_udp.OnInterfaceDown(); // the router may be attached elsewhere when it comes back
        SetState(MrUplinkState::DOWN, "interface down");
    }
    else if (m_running && cameUp)
    {
        RegisterNow(); // a link-layer indication: at once
    }
    else if (m_running)
    {
        Register(); // told again that it is up (ns-3 notifies SetUp of an up interface)
    }
}

void
MrUplink::Register()
{
    if (IsUsable() && !HoldRequest(MakeCallback(&MrUplink::Register, this)))
    {
        RegisterNow();
    }
}

bool
MrUplink::HoldRequest(Callback<void> send)
{
    Time delay = m_pacer.GetDelay();
    bool joined = m_pacer.IsHolding();
    if (!m_pacer.Defer(send))
    {
        return false;
    }
    if (!joined)
    {
        NS_LOG_INFO(m_config->homeAddress << " uplink " << GetCareOfAddress()
                                          << ": registration held for " << delay.As(Time::MS));
        m_requestHeldTrace(GetCareOfAddress(), delay);
    }
    return true;
}

void
MrUplink::RegisterNow()
{
    if (!IsUsable())
    {
        return;
    }
    if (m_state == MrUplinkState::DOWN || m_state == MrUplinkState::DENIED)
    {
        SetState(MrUplinkState::REGISTERING, "registering");
    }
    // This registration supersedes a pending renewal (an accepted reply schedules the next
    // one): a renewal firing later, while this one goes unanswered, would restart its
    // doubling sequence at InitialRetransmissionTimeout (RFC 5944 section 3.6.3).
    m_renewEvent.Cancel();
    RestartRetransmissions();
    m_denialRetryEvent.Cancel();
    SendRequest();
    m_probe.Schedule();
}

void
MrUplink::Solicit(Ipv4Address homeAddress)
{
    if (!m_pacer.AddSolicitation(homeAddress))
    {
        NS_LOG_WARN(m_config->homeAddress << " uplink " << GetCareOfAddress() << ": "
                                          << m_maxSolicitations
                                          << " solicitations waiting: dropped " << homeAddress);
        return;
    }
    Register();
}

void
MrUplink::Transmit(uint16_t lifetime)
{
    std::optional<Ipv4Address> solicit;
    if (lifetime > 0)
    {
        solicit = m_pacer.TakeSolicitationForRequest();
    }
    MipRegistrationRequest rrq = m_config->MakeRequest(GetCareOfAddress(), lifetime, solicit);
    m_udp.AddTunnelRequest(rrq, lifetime); // RFC 3519 section 4.4, before the authenticator
    m_config->Authenticate(rrq);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(rrq);
    NS_LOG_INFO(m_config->homeAddress << " via " << GetCareOfAddress() << ": registration request, "
                                      << "lifetime " << lifetime << ", id 0x" << std::hex
                                      << rrq.GetIdentification() << std::dec);
    m_socket->SendTo(p, 0, InetSocketAddress(m_config->homeAgent, MIP_UDP_PORT));
    m_requestsSent++;
    m_pacer.NotifySent();
    m_replies.Expect(rrq.GetIdentification());
    if (!m_requestCallback.IsNull())
    {
        m_requestCallback(rrq, GetCareOfAddress());
    }
}

void
MrUplink::SendRequest()
{
    m_udp.NotifyRequestSent(); // keepalives count from now (RFC 3519 section 4.9)
    Transmit(m_config->lifetime);
    m_access->NotifyPhase(MrHandoverPhase::REGISTRATION_SENT);
    m_retransmitIsResend = false;
    m_retransmitEvent = Simulator::Schedule(m_timeout, &MrUplink::OnTimeout, this);
}

void
MrUplink::RestartRetransmissions()
{
    m_retransmitEvent.Cancel();
    m_retransmissions = 0;
    m_timeout = Jittered(m_initialTimeout);
}

Time
MrUplink::Jittered(Time timeout)
{
    if (m_retransmissionJitter <= 0)
    {
        return timeout; // no draw: the same runs as without the attribute
    }
    if (!m_jitter)
    {
        m_jitter = CreateObject<UniformRandomVariable>();
    }
    return std::min(timeout + timeout * m_jitter->GetValue(0, m_retransmissionJitter),
                    MaxRetransmissionPeriod());
}

Time
MrUplink::MaxRetransmissionPeriod() const
{
    return Seconds(m_config->lifetime); // RFC 5944 section 3.6.3's maximum
}

Time
MrUplink::RetransmissionCap() const
{
    Time cap = std::min(m_maxTimeout, MaxRetransmissionPeriod());
    if (m_bindingRevoked && m_keepaliveInterval.IsStrictlyPositive())
    {
        cap = std::min(cap, std::max(m_keepaliveInterval, Seconds(1)));
    }
    return cap;
}

void
MrUplink::OnTimeout()
{
    m_retransmissions++;
    m_retransmissionTrace(GetCareOfAddress(), m_retransmissions, m_timeout);
    if (m_retransmissions > m_maxRetransmissions && m_state != MrUplinkState::FAILED)
    {
        SetState(MrUplinkState::FAILED, "registration timeout");
    }
    // RFC 5944 section 3.6.3: at least 1 s, doubling, never more than the lifetime. The
    // jitter lengthens the period after the doubling: the next one doubles this one.
    m_timeout = Jittered(std::min(m_timeout * 2, RetransmissionCap()));
    SendRequest();
}

void
MrUplink::HandleReply(Ptr<Socket> socket)
{
    Ptr<Packet> packet;
    Address from;
    while ((packet = socket->RecvFrom(from)))
    {
        MipBytes bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        if (m_udp.ReceiveData(bytes, packet, from))
        {
            continue; // RFC 3519 Tunnel Data from the Home Agent
        }
        std::optional<MipRegistrationReply> reply = m_replies.Check(bytes, from);
        if (!reply)
        {
            continue; // not the answer to the outstanding request (counted)
        }
        m_repliesReceived++;
        if (!m_replyCallback.IsNull())
        {
            m_replyCallback(*reply, GetCareOfAddress());
        }
        // The documented order (SetReplyAcceptedCallback): after the reply hook, before this
        // uplink applies the reply.
        if (!m_replyAcceptedCallback.IsNull() && MipReplyCodeIsSuccess(reply->GetCode()))
        {
            m_replyAcceptedCallback(*reply, GetCareOfAddress());
        }
        ProcessReply(*reply);
    }
}

void
MrUplink::ProcessReply(const MipRegistrationReply& reply)
{
    RestartRetransmissions();
    if (!m_running)
    {
        return; // the answer to a de-registration
    }
    if (MipReplyCodeIsSuccess(reply.GetCode()))
    {
        m_retriedAfterMismatch = false;
        m_bindingRevoked = false;
        m_denialDelay = m_denialRetryDelay;
        m_denialRetryEvent.Cancel();
        bool solicitationsWaiting = m_pacer.OnSuccessfulReply();
        m_granted = std::min(reply.GetLifetime(), m_config->lifetime);
        m_probe.ResetUnanswered();
        m_udp.ApplyReply(reply);
        m_access->NotifyPhase(MrHandoverPhase::REGISTERED);
        SetState(MrUplinkState::REGISTERED, "registered");
        // The lifetime counts from when the request was sent; renew well before it ends.
        m_renewEvent.Cancel();
        m_renewEvent =
            Simulator::Schedule(Seconds(m_granted * m_renewalFraction), &MrUplink::Register, this);
        if (solicitationsWaiting)
        {
            Register(); // the next one (held: its request follows this one's by a second)
        }
        return;
    }
    if (reply.GetCode() == MIP_REPLY_HA_ID_MISMATCH)
    {
        // RFC 5944 section 5.7. The high 32 bits carry the Home Agent's time. If our clock
        // agrees with it (within 3 s, below any sensible tolerance), the request was
        // refused for arriving after a later one (another uplink's, on a faster path): a
        // fresh Identification is larger than both, so retry at once. Otherwise take the
        // Home Agent's time and retry after the retransmission delay, so that the clock
        // has moved past the refused value.
        uint32_t haSeconds = MipNtpTime::GetSeconds(reply.GetIdentification());
        uint32_t ourSeconds =
            MipNtpTime::GetSeconds(m_config->identification->ReadClock(Simulator::Now()));
        int64_t skew = static_cast<int32_t>(ourSeconds - haSeconds);
        if (std::abs(skew) < 3 && !m_retriedAfterMismatch)
        {
            // As soon as section 3.6 allows: a second after the refused request.
            m_retriedAfterMismatch = true;
            if (!HoldRequest(MakeCallback(&MrUplink::SendRequest, this)))
            {
                SendRequest();
            }
            return;
        }
        m_config->identification->Resynchronize(reply.GetIdentification(), Simulator::Now());
        m_retransmitIsResend = true;
        m_retransmitEvent = Simulator::Schedule(m_timeout, &MrUplink::SendRequest, this);
        return;
    }
    // RFC 5944 section 3.6.2.3: the denial is logged and the uplink is DENIED (unusable).
    // It is not left there until some old timer fires: the registration is tried again
    // after denialRetryDelay, doubling up to denialRetryMax and never more than the
    // requested lifetime (section 3.6.3: at least 1 s apart, each period at least twice
    // the previous one, at most the lifetime), so that a transient refusal (resources,
    // a forged or misrouted reply, an operator who fixes the configuration) heals.
    Time cap = std::min(m_denialRetryMax, Seconds(std::max<uint16_t>(m_config->lifetime, 1)));
    Time delay = std::min(m_denialDelay, cap);
    NS_LOG_WARN(GetCareOfAddress() << ": registration denied: " << MipReplyCodeName(reply.GetCode())
                                   << "; retry in " << delay.As(Time::S));
    m_udp.Deactivate();    // no binding, so no UDP tunnel either
    m_renewEvent.Cancel(); // the retry below re-registers
    m_denialRetryEvent.Cancel();
    m_denialRetryEvent = Simulator::Schedule(delay, &MrUplink::RetryAfterDenial, this);
    m_denialDelay = std::min(delay * 2, cap);
    SetState(MrUplinkState::DENIED, MipReplyCodeName(reply.GetCode()));
}

void
MrUplink::RetryAfterDenial()
{
    if (!IsUsable() || m_state != MrUplinkState::DENIED)
    {
        return;
    }
    // The state stays DENIED until a reply says otherwise.
    RestartRetransmissions();
    SendRequest();
}

bool
MrUplink::IsUsable() const
{
    return m_running && m_interfaceUp && m_access->IsLinkUp() && HasCareOf();
}

bool
MrUplink::InterceptEcho(Ptr<MipTunnel> tunnel, Ptr<Packet> packet, const Ipv4Header& inner)
{
    auto echo = MrPathProbe::ReadEchoReply(packet, inner, m_config->homeAgent, GetCareOfAddress());
    return echo &&
           (m_udp.OnEchoReply(echo->first, echo->second) || m_probe.OnEchoReply(echo->first));
}

void
MrUplink::NotifyBindingRevoked()
{
    if (m_state == MrUplinkState::REGISTERED)
    {
        return;
    }
    // The Home Agent answers probes only through a binding's tunnel, and this one was
    // de-registered: a probe can no longer tell that the path is back, so the registration
    // requests are the probe. Their timeout doubles up to one probe interval
    // (RetransmissionCap), so the uplink registers again within about an interval of the
    // repair; a pending retransmission due later than that is brought forward. One sequence
    // of requests: each period at least twice the previous one up to the cap, each at least
    // 1 s after the one before (RFC 5944 section 3.6.3; before, a request per probe interval
    // beside the retransmissions could follow one within microseconds). A registration that
    // an event starts (Register()) waits for the same second (MrRequestPacer).
    m_bindingRevoked = true;
    Time cap = RetransmissionCap();
    if (m_retransmitEvent.IsRunning() && Simulator::GetDelayLeft(m_retransmitEvent) > cap)
    {
        // The same action sooner: a timeout (counted and traced as one), or the resend
        // after a clock mismatch.
        m_retransmitEvent.Cancel();
        m_timeout = Jittered(cap);
        m_retransmitEvent = Simulator::Schedule(m_timeout,
                                                m_retransmitIsResend ? &MrUplink::SendRequest
                                                                     : &MrUplink::OnTimeout,
                                                this);
    }
}

void
MrUplink::OnProbeTick(uint32_t missed)
{
    if (missed >= m_keepaliveMisses && m_state == MrUplinkState::REGISTERED)
    {
        SetState(MrUplinkState::FAILED, "keepalive timeout");
        if (IsUdpTunnelActive())
        {
            // Behind a NAT the lost thing may be the mapping (RFC 3519 section 4.10): a
            // request makes a new one and tells the Home Agent about it.
            Register();
        }
    }
    if (missed >= 1 && !m_replies.IsOutstanding() && !m_retransmitEvent.IsRunning() &&
        !m_denialRetryEvent.IsRunning() &&
        (m_state == MrUplinkState::REGISTERED || m_state == MrUplinkState::FAILED))
    {
        // A whole interval without an answer: the path or the binding may be gone. The Home
        // Agent answers probes only through a binding's tunnel, so a Home Agent that lost
        // our binding (a restart) never does; a registration request at once recreates the
        // binding if the path works (as RFC 3519 section 4.10 re-registers when two-way
        // keepalives stop being answered), and costs one request/reply pair if only a probe
        // was lost. A dead path still makes the uplink FAILED after KeepaliveMisses.
        NS_LOG_INFO(m_config->homeAddress << " uplink " << GetCareOfAddress()
                                          << ": probe unanswered, registering again");
        Register();
    }
}

void
MrUplink::OnProbeAnswered(uint32_t missed)
{
    // The path is back after the probes had found it dead (missed >= KeepaliveMisses: as
    // many unanswered probes as make a registered uplink FAILED): register at once rather
    // than at the next retry. An answer that ends no such outage says only that
    // the path and the Home Agent's binding work: an uplink FAILED by unanswered
    // registration requests (their replies lost, e.g. large replies dropped in a congested
    // backend) goes on retransmitting with the doubling timeout. Restarting the sequence at
    // InitialRetransmissionTimeout on each answered probe would defeat RFC 5944 section
    // 3.6.3 ("Each successive retransmission timeout period SHOULD be at least twice the
    // previous period"), and at scale it kept a Home Agent's backend saturated by retries.
    // A single lost probe is not enough: under congestion probes are lost too, and at
    // N = 5,000 (registrations over 1 s) restarting after one lost probe sent 2,441
    // requests in one second. The price: when the requests time out before the probes
    // declare the path dead (KeepaliveMisses x KeepaliveInterval above the 15 s of
    // four timeouts; not with the defaults), the recovery waits for the next retransmission.
    if (m_state == MrUplinkState::FAILED && m_running && missed >= m_keepaliveMisses)
    {
        Register();
    }
}

void
MrUplink::SetState(MrUplinkState s, const std::string& reason)
{
    if (s == m_state)
    {
        return;
    }
    MrUplinkState old = m_state;
    m_state = s;
    NS_LOG_INFO(m_config->homeAddress << " uplink " << GetCareOfAddress() << ": " << old << " -> "
                                      << s << " (" << reason << ")");
    if (!m_stateCallback.IsNull())
    {
        m_stateCallback(this, old, s, reason);
    }
}

void
MrUplink::CancelTimers()
{
    m_retransmitEvent.Cancel();
    m_renewEvent.Cancel();
    m_probe.Cancel();
    m_udp.CancelTimers();
    m_denialRetryEvent.Cancel();
    m_pacer.Cancel();
    // The uplink went down or stops: the router solicits through its active uplink, which
    // asks again if it still needs to (RouteOptimizer); nothing waits here for a return.
    m_pacer.ClearSolicitations();
}

MrUplinkState
MrUplink::GetState() const
{
    return m_state;
}

Ipv4Address
MrUplink::GetCareOfAddress() const
{
    return m_access->GetCareOf();
}

Ptr<NetDevice>
MrUplink::GetDevice() const
{
    return m_access->GetDevice();
}

Ipv4Address
MrUplink::GetGateway() const
{
    return m_access->GetGateway();
}

Ptr<MipTunnel>
MrUplink::GetTunnel() const
{
    return m_udp.IsActive() ? m_udp.GetTunnel() : m_access->GetIpTunnel();
}

bool
MrUplink::GetDeregisterOnFailure() const
{
    return m_deregisterOnFailure;
}

uint16_t
MrUplink::GetGrantedLifetime() const
{
    return m_granted;
}

uint64_t
MrUplink::GetRequestsHeld() const
{
    return m_pacer.GetHeld();
}

uint64_t
MrUplink::GetSolicitationsDropped() const
{
    return m_pacer.GetSolicitationsDropped();
}

uint32_t
MrUplink::GetRequestsSent() const
{
    return m_requestsSent;
}

uint32_t
MrUplink::GetRepliesReceived() const
{
    return m_repliesReceived;
}

uint32_t
MrUplink::GetRepliesIgnored() const
{
    return m_replies.GetIgnored();
}

uint64_t
MrUplink::GetProtocolDropCount(ProtocolDrop reason) const
{
    return m_replies.GetDropCount(reason);
}

void
MrUplink::DoDispose()
{
    m_running = false; // a late Register() (an event of another part) does nothing
    CancelTimers();
    m_udp.Dispose();
    m_probe.Dispose();
    m_access->Dispose();
    m_socket = nullptr;
    m_node = nullptr;
    m_tunnels = nullptr;
    m_stateCallback = StateCallback();
    m_replyAcceptedCallback = ReplyAcceptedCallback();
    Object::DoDispose();
}

} // namespace ns3
