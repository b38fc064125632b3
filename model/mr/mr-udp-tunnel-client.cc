/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mr-udp-tunnel-client.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/mip-icmp-echo.h"
#include "ns3/mip-message.h"
#include "ns3/mip-tunnel-data-header.h"
#include "ns3/mip-tunnel-manager.h"
#include "ns3/simulator.h"
#include "ns3/udp-tunnel-extensions.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MrUdpTunnelClient");

MrUdpTunnelClient::MrUdpTunnelClient(const Attributes& attributes, const Traces& traces)
    : m_attributes(attributes),
      m_traces(traces)
{
}

MrUdpTunnelClient::~MrUdpTunnelClient()
{
    DisconnectTx();
}

void
MrUdpTunnelClient::DisconnectTx()
{
    if (m_tunnels && m_txConnected)
    {
        m_tunnels->TraceDisconnectWithoutContext(
            "Tx",
            MakeCallback(&MrUdpTunnelClient::OnTunnelTx, this));
    }
    m_txConnected = false;
}

void
MrUdpTunnelClient::Setup(Ipv4Address careOf,
                         Ipv4Address homeAgent,
                         Ipv4Address homeAddress,
                         Ptr<NetDevice> device,
                         Ipv4Address gateway,
                         uint16_t keepaliveId)
{
    m_careOf = careOf;
    m_homeAgent = homeAgent;
    m_homeAddress = homeAddress;
    m_device = device;
    m_gateway = gateway;
    m_keepaliveId = keepaliveId;
}

void
MrUdpTunnelClient::SetCallbacks(Callback<bool> usable,
                                Callback<void> reregister,
                                MipTunnelInterceptCallback intercept)
{
    m_usable = usable;
    m_reregister = reregister;
    m_intercept = intercept;
}

void
MrUdpTunnelClient::Start(Ptr<MipTunnelManager> tunnels, uint16_t localPort)
{
    if (m_tunnels != tunnels)
    {
        DisconnectTx();
    }
    m_tunnels = tunnels;
    m_localPort = localPort;
    if (m_tunnels && !m_txConnected)
    {
        m_txConnected = m_tunnels->TraceConnectWithoutContext(
            "Tx",
            MakeCallback(&MrUdpTunnelClient::OnTunnelTx, this));
    }
}

void
MrUdpTunnelClient::Dispose()
{
    CancelTimers();
    if (m_udpTunnel)
    {
        m_udpTunnel->SetInterceptCallback(MipTunnelInterceptCallback());
    }
    DisconnectTx();
    m_udpTunnel = nullptr;
    m_tunnels = nullptr;
    m_device = nullptr;
    m_usable = Callback<bool>();
    m_reregister = Callback<void>();
    m_intercept = MipTunnelInterceptCallback();
}

void
MrUdpTunnelClient::AddTunnelRequest(MipRegistrationRequest& rrq, uint16_t lifetime) const
{
    // RFC 3519 section 4.4: "MUST place this Extension before the Mobile-Home
    // Authentication Extension"; in every registration (not in de-registrations), with D
    // set (MUST) and T (SHOULD: MobileRouter's ReverseTunnel, true by default).
    if (lifetime == 0 || m_attributes.mode == MR_UDP_NEVER || !m_tunnels)
    {
        return;
    }
    rrq.AddExtension(UdpTunnelRequestExtension(m_attributes.mode == MR_UDP_FORCE,
                                               UdpTunnelRequestExtension::ENCAP_IP_IN_IP)
                         .ToExtension());
}

void
MrUdpTunnelClient::NotifyRequestSent()
{
    m_lastRequestSent = Simulator::Now();
}

void
MrUdpTunnelClient::ApplyReply(const MipRegistrationReply& reply)
{
    std::optional<UdpTunnelReplyExtension> udp = UdpTunnelReplyExtension::Find(reply);
    // RFC 3519 section 4.4: without an assenting Tunnel Reply the mobile node "MUST NOT use
    // UDP tunnelling" (a reply to a request without 144 never assents).
    if (!udp || !udp->IsAssent() || m_attributes.mode == MR_UDP_NEVER || !m_tunnels ||
        reply.GetLifetime() == 0)
    {
        Deactivate();
        return;
    }
    Time assigned = udp->GetKeepaliveInterval() != UdpTunnelReplyExtension::KEEPALIVE_DEFAULT
                        ? Seconds(udp->GetKeepaliveInterval())
                        : m_attributes.interval;
    bool wasActive = IsActive();
    m_assignedKeepalive = assigned;
    if (!m_udpTunnel)
    {
        // Sections 4.4 and 4.9: data and keepalives use "the same UDP source port as was
        // used for the most recent registration request".
        m_udpTunnel = m_tunnels->AddUdpTunnel(m_careOf, m_homeAgent, MIP_UDP_PORT, m_localPort);
        m_udpTunnel->SetEgress(m_device, m_gateway);
        m_udpTunnel->SetHomeAddress(m_homeAddress);
        m_udpTunnel->SetInterceptCallback(m_intercept);
    }
    // The reply came back through the NAT mapping of our port: the mapping is alive.
    m_outstanding = false;
    m_retries = 0;
    m_retryEvent.Cancel();
    if (!wasActive)
    {
        NS_LOG_INFO(m_homeAddress << " uplink " << m_careOf << ": UDP tunnelling from port "
                                  << m_localPort << ", keepalive every "
                                  << GetKeepaliveInterval().As(Time::S));
    }
    m_traces.tunnel(m_careOf, true, m_localPort, GetKeepaliveInterval());
    ScheduleKeepalive();
}

void
MrUdpTunnelClient::Deactivate()
{
    m_keepaliveEvent.Cancel();
    m_retryEvent.Cancel();
    m_outstanding = false;
    if (!m_udpTunnel)
    {
        return;
    }
    NS_LOG_INFO(m_homeAddress << " uplink " << m_careOf << ": UDP tunnelling stops");
    m_udpTunnel->SetInterceptCallback(MipTunnelInterceptCallback());
    m_tunnels->RemoveTunnel(m_udpTunnel);
    m_udpTunnel = nullptr;
    m_traces.tunnel(m_careOf, false, m_localPort, Time(0));
}

void
MrUdpTunnelClient::OnInterfaceDown()
{
    // RFC 3519 section 4.10: "If the MN moves and still finds itself behind a NAT, it
    // SHOULD return to its original keepalive interval".
    m_shortenedKeepalive = Time(0);
    m_outstanding = false;
}

void
MrUdpTunnelClient::CancelTimers()
{
    m_keepaliveEvent.Cancel();
    m_retryEvent.Cancel();
}

bool
MrUdpTunnelClient::ReceiveData(const MipBytes& bytes, Ptr<Packet> packet, const Address& from)
{
    if (MipPeekMessageType(bytes) != MIP_TUNNEL_DATA || !m_tunnels)
    {
        return false;
    }
    // RFC 3519 Tunnel Data from the Home Agent, to the port our requests came from.
    InetSocketAddress source = InetSocketAddress::ConvertFrom(from);
    m_tunnels->ReceiveUdp(packet, source.GetIpv4(), source.GetPort(), m_careOf, m_localPort);
    return true;
}

bool
MrUdpTunnelClient::OnEchoReply(uint16_t identifier, uint16_t sequence)
{
    if (identifier != m_keepaliveId)
    {
        return false;
    }
    if (m_outstanding)
    {
        m_outstanding = false;
        m_retries = 0;
        m_retryEvent.Cancel();
        m_keepalivesAnswered++;
        m_traces.answered(m_careOf, sequence);
        ScheduleKeepalive();
    }
    return true;
}

bool
MrUdpTunnelClient::IsActive() const
{
    return m_udpTunnel != nullptr;
}

Ptr<MipTunnel>
MrUdpTunnelClient::GetTunnel() const
{
    return m_udpTunnel;
}

uint16_t
MrUdpTunnelClient::GetLocalPort() const
{
    return m_localPort;
}

Time
MrUdpTunnelClient::GetKeepaliveInterval() const
{
    if (!m_shortenedKeepalive.IsZero())
    {
        return std::min(m_shortenedKeepalive, m_assignedKeepalive);
    }
    return m_assignedKeepalive;
}

uint32_t
MrUdpTunnelClient::GetKeepalivesSent() const
{
    return m_keepalivesSent;
}

uint32_t
MrUdpTunnelClient::GetKeepalivesAnswered() const
{
    return m_keepalivesAnswered;
}

uint32_t
MrUdpTunnelClient::GetNatMappingLosses() const
{
    return m_natMappingLosses;
}

Time
MrUdpTunnelClient::GetLastSentToHomeAgent() const
{
    // RFC 3519 section 4.9: "if no other packet to the HA has been sent in K seconds". Our
    // reading: the packets of the protocol (registration requests, the tunnelled data and
    // the keepalives themselves); the model's path probes are not counted, or with their
    // 5 s default no keepalive would ever be sent (issue 12, item 10).
    return std::max({m_lastRequestSent, m_lastDataSent, m_lastKeepaliveSent});
}

void
MrUdpTunnelClient::OnTunnelTx(Ptr<const Packet> packet, Ptr<const MipTunnel> tunnel)
{
    if (!m_udpTunnel || PeekPointer(tunnel) != PeekPointer(m_udpTunnel))
    {
        return;
    }
    // UDP header (8), Tunnel Data header, then the inner IPv4 header: protocol at octet 9,
    // source at 12, destination at 16.
    constexpr uint32_t INNER = 8 + MipTunnelDataHeader::SIZE;
    uint8_t head[INNER + 20];
    if (packet->GetSize() >= sizeof(head))
    {
        packet->CopyData(head, sizeof(head));
        const uint8_t* ip = head + INNER;
        auto address = [ip](uint32_t at) {
            return Ipv4Address(static_cast<uint32_t>(ip[at]) << 24 | ip[at + 1] << 16 |
                               ip[at + 2] << 8 | ip[at + 3]);
        };
        if (ip[9] == 1 && address(12) == m_careOf && address(16) == m_homeAgent)
        {
            return; // a keepalive (counted when sent) or a path probe (not counted)
        }
    }
    m_lastDataSent = Simulator::Now();
}

void
MrUdpTunnelClient::ScheduleKeepalive()
{
    m_keepaliveEvent.Cancel();
    if (!IsActive() || m_outstanding)
    {
        return;
    }
    Time due = GetLastSentToHomeAgent() + GetKeepaliveInterval();
    m_keepaliveEvent = Simulator::Schedule(std::max(Time(0), due - Simulator::Now()),
                                           &MrUdpTunnelClient::CheckKeepalive,
                                           this);
}

void
MrUdpTunnelClient::CheckKeepalive()
{
    if (!m_usable() || !IsActive() || m_outstanding)
    {
        return;
    }
    // RFC 3519 section 4.9: "MUST send a keepalive packet if no other packet to the HA has
    // been sent in K seconds"; the first "at the earliest K seconds after the registration
    // request was sent".
    if (Simulator::Now() - GetLastSentToHomeAgent() < GetKeepaliveInterval())
    {
        ScheduleKeepalive();
        return;
    }
    m_outstanding = true;
    m_retries = 0;
    m_retryTimeout = m_attributes.initialTimeout;
    SendKeepalive();
}

void
MrUdpTunnelClient::SendKeepalive()
{
    // RFC 3519 section 4.9: "a properly UDP encapsulated ICMP echo request directed to the
    // home agent", from the registration socket's port.
    Ptr<Packet> p =
        MipIcmpEcho::MakeDatagram(m_careOf, m_homeAgent, m_keepaliveId, ++m_keepaliveSequence);
    m_keepalivesSent++;
    m_lastKeepaliveSent = Simulator::Now();
    NS_LOG_LOGIC(m_careOf << ": keepalive " << m_keepaliveSequence << " to the Home Agent");
    m_traces.sent(m_careOf, m_keepaliveSequence);
    m_tunnels->Send(m_udpTunnel, p);
    m_retryEvent =
        Simulator::Schedule(m_retryTimeout, &MrUdpTunnelClient::OnKeepaliveTimeout, this);
}

void
MrUdpTunnelClient::OnKeepaliveTimeout()
{
    if (!m_usable() || !IsActive() || !m_outstanding)
    {
        return;
    }
    if (m_retries < m_attributes.retries)
    {
        m_retries++;
        m_retryTimeout = std::min(m_retryTimeout * 2, m_attributes.maxTimeout);
        SendKeepalive();
        return;
    }
    // RFC 3519 section 4.10: no reply "even after a number of retransmissions" while on the
    // same link: the NAT mapping is gone. The mobile node "SHOULD re-register" (a new
    // mapping, which the Home Agent learns from the request) and "MAY use a shorter
    // keepalive interval", but "MUST NOT use a keepalive less than 10 seconds"
    // (UdpKeepaliveMinimum).
    m_outstanding = false;
    m_natMappingLosses++;
    Time shorter = std::max(m_attributes.minimum, GetKeepaliveInterval() / 2);
    m_shortenedKeepalive = shorter;
    NS_LOG_WARN(m_homeAddress << " uplink " << m_careOf
                              << ": keepalives unanswered, NAT mapping lost; keepalive "
                              << "interval now " << GetKeepaliveInterval().As(Time::S));
    m_traces.mappingLost(m_careOf, GetKeepaliveInterval());
    m_reregister();
}

} // namespace ns3
