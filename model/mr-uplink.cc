/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mr-uplink.h"

#include "haaro-extensions.h"
#include "mip-auth-extension.h"
#include "mip-icmp-echo.h"
#include "nemo-extensions.h"

#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/icmpv4.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-raw-socket-factory.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/udp-socket-factory.h"
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
    static TypeId tid = TypeId("ns3::MrUplink")
                            .SetParent<Object>()
                            .SetGroupName("Haaro")
                            .AddConstructor<MrUplink>();
    return tid;
}

MrUplink::MrUplink() = default;

MrUplink::~MrUplink() = default;

void
MrUplink::Setup(Ptr<Node> node,
                Ptr<NetDevice> device,
                Ipv4Address careOf,
                Ipv4Address gateway,
                const MrRegistrationConfig* config,
                Ptr<MipTunnel> tunnel)
{
    m_node = node;
    m_device = device;
    m_careOf = careOf;
    m_gateway = gateway;
    m_config = config;
    m_tunnel = tunnel;
    m_probeId = static_cast<uint16_t>(careOf.Get() ^ (careOf.Get() >> 16));
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
MrUplink::Start()
{
    m_running = true;
    if (!m_socket)
    {
        m_socket = Socket::CreateSocket(m_node, UdpSocketFactory::GetTypeId());
        m_socket->Bind(InetSocketAddress(m_careOf, 0));
        m_socket->BindToNetDevice(m_device);
        m_socket->SetRecvCallback(MakeCallback(&MrUplink::HandleReply, this));
    }
    if (!m_icmp && !m_config->keepaliveInterval.IsZero())
    {
        m_icmp = Socket::CreateSocket(m_node, Ipv4RawSocketFactory::GetTypeId());
        m_icmp->SetAttribute("Protocol", UintegerValue(Icmpv4L4Protocol::PROT_NUMBER));
        m_icmp->Bind(InetSocketAddress(m_careOf, 0));
        m_icmp->BindToNetDevice(m_device);
        m_icmp->SetRecvCallback(MakeCallback(&MrUplink::HandleIcmp, this));
    }
    if (m_interfaceUp)
    {
        Register();
    }
}

void
MrUplink::Stop(bool deregister)
{
    if (deregister && m_running &&
        (m_state == MrUplinkState::REGISTERED || m_state == MrUplinkState::FAILED))
    {
        MipRegistrationRequest rrq = MakeRequest(0);
        Ptr<Packet> p = Create<Packet>();
        p->AddHeader(rrq);
        m_socket->SendTo(p, 0, InetSocketAddress(m_config->homeAgent, MIP_UDP_PORT));
        m_requestsSent++;
        if (!m_requestCallback.IsNull())
        {
            m_requestCallback(rrq, m_careOf);
        }
    }
    m_running = false;
    CancelTimers();
}

void
MrUplink::SetInterfaceUp(bool up)
{
    m_interfaceUp = up;
    if (!up)
    {
        CancelTimers();
        SetState(MrUplinkState::DOWN, "interface down");
    }
    else if (m_running)
    {
        Register();
    }
}

void
MrUplink::Register()
{
    if (!m_running || !m_interfaceUp)
    {
        return;
    }
    if (m_state == MrUplinkState::DOWN || m_state == MrUplinkState::DENIED)
    {
        SetState(MrUplinkState::REGISTERING, "registering");
    }
    m_retransmissions = 0;
    m_timeout = m_config->initialTimeout;
    m_retransmitEvent.Cancel();
    SendRequest();
    if (!m_config->keepaliveInterval.IsZero() && !m_keepaliveEvent.IsRunning())
    {
        m_keepaliveEvent =
            Simulator::Schedule(m_config->keepaliveInterval, &MrUplink::SendKeepalive, this);
    }
}

void
MrUplink::Solicit(Ipv4Address homeAddress)
{
    m_solicit = homeAddress;
    Register();
}

MipRegistrationRequest
MrUplink::MakeRequest(uint16_t lifetime)
{
    using R = MipRegistrationRequest;
    MipRegistrationRequest rrq;
    rrq.SetFlag(R::FLAG_S, m_config->simultaneous);
    rrq.SetFlag(R::FLAG_D, true); // co-located care-of address
    rrq.SetFlag(R::FLAG_T, m_config->reverseTunnel);
    rrq.SetFlag(R::FLAG_G, m_config->encapsulation == MipEncapsulation::GRE);
    rrq.SetLifetime(lifetime);
    rrq.SetHomeAddress(m_config->homeAddress);
    rrq.SetHomeAgent(m_config->homeAgent);
    rrq.SetCareOfAddress(m_careOf);
    m_lastIdentification = m_config->identification->Next(Simulator::Now());
    rrq.SetIdentification(m_lastIdentification);
    if (m_config->explicitMode && lifetime > 0)
    {
        for (const MipPrefix& p : m_config->prefixes)
        {
            rrq.AddExtension(MobileNetworkRequestExtension(p.network, p.length).ToExtension());
        }
    }
    if (m_config->routeOptimization && lifetime > 0)
    {
        // RFC 6521 section 5.1, before the MN-HA authentication extension so it is covered.
        RoCapabilityExtension capability;
        capability.SetFlag(RoCapabilityExtension::FLAG_A, m_config->advertise);
        capability.SetFlag(RoCapabilityExtension::FLAG_R, m_config->requestPrefixes);
        capability.SetFlag(RoCapabilityExtension::FLAG_O, m_config->outboundOnly);
        if (m_solicit)
        {
            capability.SetSolicitedHomeAddress(*m_solicit);
        }
        rrq.AddExtension(capability.ToExtension());
    }
    MipAuthExtension::Append(rrq,
                             MipAuthExtension::TYPE_MOBILE_HOME,
                             m_config->sa.GetSpi(),
                             m_config->sa.GetKey());
    return rrq;
}

void
MrUplink::SendRequest()
{
    MipRegistrationRequest rrq = MakeRequest(m_config->lifetime);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(rrq);
    NS_LOG_INFO(m_config->homeAddress << " via " << m_careOf << ": registration request, id 0x"
                                      << std::hex << m_lastIdentification << std::dec);
    m_socket->SendTo(p, 0, InetSocketAddress(m_config->homeAgent, MIP_UDP_PORT));
    m_requestsSent++;
    if (!m_requestCallback.IsNull())
    {
        m_requestCallback(rrq, m_careOf);
    }
    m_retransmitEvent = Simulator::Schedule(m_timeout, &MrUplink::OnTimeout, this);
}

void
MrUplink::OnTimeout()
{
    m_retransmissions++;
    if (m_retransmissions > m_config->maxRetransmissions && m_state != MrUplinkState::FAILED)
    {
        SetState(MrUplinkState::FAILED, "registration timeout");
    }
    // RFC 5944 section 3.6.3: at least 1 s, doubling, never more than the lifetime.
    Time cap = std::min(m_config->maxTimeout, Seconds(m_config->lifetime));
    m_timeout = std::min(m_timeout * 2, cap);
    SendRequest();
}

void
MrUplink::HandleReply(Ptr<Socket> socket)
{
    Ptr<Packet> packet;
    while ((packet = socket->Recv()))
    {
        MipBytes bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        MipRegistrationReply reply;
        if (reply.FromBytes(bytes) == 0 || reply.GetHomeAddress() != m_config->homeAddress)
        {
            m_repliesIgnored++;
            continue;
        }
        if (MipAuthExtension::Verify(reply,
                                     MipAuthExtension::TYPE_MOBILE_HOME,
                                     m_config->sa.GetSpi(),
                                     m_config->sa.GetKey()) != MipAuthResult::OK)
        {
            NS_LOG_WARN(m_careOf << ": reply fails MN-HA authentication, ignored");
            m_repliesIgnored++;
            continue;
        }
        if (!MipIdentificationGenerator::MatchesRequest(reply.GetIdentification(),
                                                        m_lastIdentification))
        {
            m_repliesIgnored++; // for an older request
            continue;
        }
        m_repliesReceived++;
        if (!m_replyCallback.IsNull())
        {
            m_replyCallback(reply, m_careOf);
        }
        ProcessReply(reply);
    }
}

void
MrUplink::ProcessReply(const MipRegistrationReply& reply)
{
    m_retransmitEvent.Cancel();
    m_retransmissions = 0;
    m_timeout = m_config->initialTimeout;
    if (!m_running)
    {
        return; // the answer to a de-registration
    }
    if (MipReplyCodeIsSuccess(reply.GetCode()))
    {
        m_retriedAfterMismatch = false;
        m_solicit.reset();
        m_granted = std::min(reply.GetLifetime(), m_config->lifetime);
        m_probesUnanswered = 0;
        SetState(MrUplinkState::REGISTERED, "registered");
        // The lifetime counts from when the request was sent; renew well before it ends.
        m_renewEvent.Cancel();
        m_renewEvent = Simulator::Schedule(Seconds(m_granted * m_config->renewalFraction),
                                           &MrUplink::Register,
                                           this);
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
            m_retriedAfterMismatch = true;
            SendRequest();
            return;
        }
        m_config->identification->Resynchronize(reply.GetIdentification(), Simulator::Now());
        m_retransmitEvent = Simulator::Schedule(m_timeout, &MrUplink::SendRequest, this);
        return;
    }
    NS_LOG_WARN(m_careOf << ": registration denied: " << MipReplyCodeName(reply.GetCode()));
    SetState(MrUplinkState::DENIED, MipReplyCodeName(reply.GetCode()));
}

void
MrUplink::SendKeepalive()
{
    if (!m_running || !m_interfaceUp || !m_icmp)
    {
        return;
    }
    if (m_probeSequence > 0 && ++m_probesUnanswered >= m_config->keepaliveMisses &&
        m_state == MrUplinkState::REGISTERED)
    {
        SetState(MrUplinkState::FAILED, "keepalive timeout");
    }
    Ptr<Packet> p = MipIcmpEcho::MakeRequest(m_probeId, ++m_probeSequence);
    m_icmp->SendTo(p, 0, InetSocketAddress(m_config->homeAgent, 0));
    m_keepaliveEvent =
        Simulator::Schedule(m_config->keepaliveInterval, &MrUplink::SendKeepalive, this);
}

void
MrUplink::HandleIcmp(Ptr<Socket> socket)
{
    Ptr<Packet> packet;
    while ((packet = socket->Recv()))
    {
        Ipv4Header ip;
        Icmpv4Header icmp;
        Icmpv4Echo echo;
        if (packet->GetSize() < 28 || packet->RemoveHeader(ip) == 0 ||
            ip.GetSource() != m_config->homeAgent || packet->RemoveHeader(icmp) == 0 ||
            icmp.GetType() != Icmpv4Header::ICMPV4_ECHO_REPLY || packet->GetSize() < 4)
        {
            continue;
        }
        packet->RemoveHeader(echo);
        if (echo.GetIdentifier() != m_probeId)
        {
            continue;
        }
        m_probesUnanswered = 0;
        if (m_state == MrUplinkState::FAILED && m_running)
        {
            Register(); // the path is back: register at once rather than at the next retry
        }
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
    NS_LOG_INFO(m_config->homeAddress << " uplink " << m_careOf << ": " << old << " -> " << s
                                      << " (" << reason << ")");
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
    m_keepaliveEvent.Cancel();
}

MrUplinkState
MrUplink::GetState() const
{
    return m_state;
}

Ipv4Address
MrUplink::GetCareOfAddress() const
{
    return m_careOf;
}

Ptr<NetDevice>
MrUplink::GetDevice() const
{
    return m_device;
}

Ipv4Address
MrUplink::GetGateway() const
{
    return m_gateway;
}

Ptr<MipTunnel>
MrUplink::GetTunnel() const
{
    return m_tunnel;
}

uint16_t
MrUplink::GetGrantedLifetime() const
{
    return m_granted;
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
    return m_repliesIgnored;
}

void
MrUplink::DoDispose()
{
    CancelTimers();
    m_socket = nullptr;
    m_icmp = nullptr;
    m_node = nullptr;
    m_device = nullptr;
    m_tunnel = nullptr;
    m_stateCallback = StateCallback();
    Object::DoDispose();
}

} // namespace ns3
