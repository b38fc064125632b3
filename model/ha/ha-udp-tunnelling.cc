/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ha-udp-tunnelling.h"

#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/icmpv4.h"
#include "ns3/log.h"
#include "ns3/node.h"

#include <algorithm>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HaUdpTunnelling");

namespace
{

/**
 * \param source the Home Agent address
 * \param request the IPv4 header of the echo request
 * \param echo the echo request (identifier, sequence number, data)
 * \return the echo reply datagram (same identifier, sequence number and data) from source
 * to the request's source, TTL 64, checksums when ns-3's ChecksumEnabled is set
 */
Ptr<Packet>
MakeEchoReply(Ipv4Address source, const Ipv4Header& request, const Icmpv4Echo& echo)
{
    std::vector<uint8_t> data(echo.GetDataSize());
    echo.GetData(data.data());
    Icmpv4Echo answer;
    answer.SetIdentifier(echo.GetIdentifier());
    answer.SetSequenceNumber(echo.GetSequenceNumber());
    answer.SetData(data.empty() ? Create<Packet>()
                                : Create<Packet>(data.data(), static_cast<uint32_t>(data.size())));
    Icmpv4Header header;
    header.SetType(Icmpv4Header::ICMPV4_ECHO_REPLY);
    header.SetCode(0);
    if (Node::ChecksumEnabled())
    {
        header.EnableChecksum();
    }
    Ptr<Packet> reply = Create<Packet>();
    reply->AddHeader(answer);
    reply->AddHeader(header);
    Ipv4Header ip;
    ip.SetSource(source);
    ip.SetDestination(request.GetSource());
    ip.SetProtocol(Icmpv4L4Protocol::PROT_NUMBER);
    ip.SetTtl(64);
    ip.SetPayloadSize(reply->GetSize());
    if (Node::ChecksumEnabled())
    {
        ip.EnableChecksum();
    }
    reply->AddHeader(ip);
    return reply;
}

} // namespace

HaUdpTunnelling::HaUdpTunnelling(const NatTrace& natTrace,
                                 const ReplyTrace& replyTrace,
                                 const KeepaliveTrace& keepaliveRxTrace,
                                 const KeepaliveTrace& keepaliveTxTrace)
    : m_natTrace(natTrace),
      m_replyTrace(replyTrace),
      m_keepaliveRxTrace(keepaliveRxTrace),
      m_keepaliveTxTrace(keepaliveTxTrace)
{
}

void
HaUdpTunnelling::Install(Ptr<MipTunnelManager> tunnels, Ipv4Address homeAgent)
{
    m_tunnels = tunnels;
    m_homeAgent = homeAgent;
}

void
HaUdpTunnelling::Dispose()
{
    m_tunnels = nullptr;
}

bool
HaUdpTunnelling::IsNatDetected(const MipRegistrationRequest& rrq, Ipv4Address from)
{
    // Co-located care-of addresses only: the request is sent from the care-of address, so
    // any other source is a translation on the way.
    return from != rrq.GetCareOfAddress();
}

uint8_t
HaUdpTunnelling::Decide(const MipRegistrationRequest& rrq,
                        Ipv4Address from,
                        const HaUdpTunnellingSettings& settings,
                        HaUdpDecision& udp,
                        MipEncapsulation& encapsulation)
{
    if (rrq.GetLifetime() == 0)
    {
        return MIP_REPLY_ACCEPTED; // a de-registration ignores it (nothing is tunnelled)
    }
    if (UdpTunnelRequestExtension::HasNotUnderstood(rrq))
    {
        // RFC 3519 sections 3.1 and 3.1.3: Reserved 3 "MUST be verified as 0 on receipt;
        // otherwise the extension must be handled as not understood and silently skipped"
        // (Find() skips it). Section 4.6.1 lists 134 for the same case (a SHOULD): on
        // request (UdpReserved3Refused).
        if (settings.reserved3Refused)
        {
            NS_LOG_WARN("UDP Tunnel Request of " << rrq.GetHomeAddress()
                                                 << " has Reserved 3 != 0: 134");
            return MIP_REPLY_HA_POORLY_FORMED_REQUEST;
        }
        NS_LOG_INFO("UDP Tunnel Request of " << rrq.GetHomeAddress()
                                             << " has Reserved 3 != 0: skipped");
    }
    std::optional<UdpTunnelRequestExtension> request = UdpTunnelRequestExtension::Find(rrq);
    udp.requested = request.has_value();
    if (!request)
    {
        // RFC 3519 section 4.6.1: a Home Agent that does not support the extension would
        // "refuse the registration if the IP source address does not match the care-of
        // address, the home address or 0.0.0.0. Even if the HA mistakenly does accept the
        // registration, the mobile node will not be able to receive forward tunnelled data
        // if it is behind a NAT." This one supports it and answers as for "NAT detected by
        // home agent, but traversal not allowed": 129.
        if (udp.nat && from != rrq.GetHomeAddress() && from != Ipv4Address::GetZero())
        {
            NS_LOG_WARN("NAT detected for " << rrq.GetHomeAddress() << " (request from " << from
                                            << ") without a UDP Tunnel Request: 129");
            return MIP_REPLY_HA_PROHIBITED;
        }
        return MIP_REPLY_ACCEPTED;
    }
    return DecideRequest(*request, rrq, settings, udp, encapsulation);
}

uint8_t
HaUdpTunnelling::DecideRequest(const UdpTunnelRequestExtension& request,
                               const MipRegistrationRequest& rrq,
                               const HaUdpTunnellingSettings& settings,
                               HaUdpDecision& udp,
                               MipEncapsulation& encapsulation)
{
    using R = MipRegistrationRequest;
    bool force = request.GetForce();
    if (request.GetRegisteredThroughFa() || (!udp.nat && !force))
    {
        // No NAT and not forced: the Home Agent SHOULD decline (RFC 3519 section 4.6); the
        // registration goes on with IP in IP or GRE. R (registration through a foreign
        // agent) cannot apply: this Home Agent serves co-located care-of addresses only.
        udp.reply = UdpTunnelReplyExtension(UdpTunnelReplyExtension::DECLINED, false, 0);
        return MIP_REPLY_ACCEPTED;
    }
    if (!settings.enabled || (!udp.nat && !settings.allowForced))
    {
        NS_LOG_WARN("UDP tunnelling for " << rrq.GetHomeAddress()
                                          << (udp.nat ? " (NAT detected)" : " (forced)")
                                          << " not allowed: 129");
        return MIP_REPLY_HA_PROHIBITED; // RFC 3519 section 4.6.1
    }
    uint8_t inner = request.GetEncapsulation();
    if (inner == UdpTunnelRequestExtension::ENCAP_FROM_FLAGS)
    {
        inner = rrq.GetFlag(R::FLAG_G)   ? UdpTunnelRequestExtension::ENCAP_GRE
                : rrq.GetFlag(R::FLAG_M) ? UdpTunnelRequestExtension::ENCAP_MINIMAL
                                         : UdpTunnelRequestExtension::ENCAP_IP_IN_IP;
    }
    if (inner != UdpTunnelRequestExtension::ENCAP_IP_IN_IP)
    {
        NS_LOG_WARN("UDP tunnelling of " << rrq.GetHomeAddress() << " with inner protocol "
                                         << unsigned(inner) << " unavailable: 142");
        return MIP_REPLY_HA_UDP_ENCAP_UNAVAILABLE;
    }
    udp.reply = UdpTunnelReplyExtension(UdpTunnelReplyExtension::ACCEPTED,
                                        force,
                                        settings.keepaliveInterval);
    encapsulation = MipEncapsulation::UDP;
    return MIP_REPLY_ACCEPTED;
}

uint16_t
HaUdpTunnelling::CapLifetime(uint16_t granted,
                             MipEncapsulation encapsulation,
                             const HaUdpTunnellingSettings& settings)
{
    if (encapsulation == MipEncapsulation::UDP && settings.natMaxLifetime > 0)
    {
        return std::min(granted, settings.natMaxLifetime);
    }
    return granted;
}

void
HaUdpTunnelling::ReportNat(const MipRegistrationRequest& rrq,
                           Ipv4Address from,
                           uint16_t port,
                           const HaUdpDecision& udp)
{
    if (!udp.nat)
    {
        return;
    }
    NS_LOG_INFO("NAT detected for " << rrq.GetHomeAddress() << ": care-of address "
                                    << rrq.GetCareOfAddress() << ", request from " << from << ":"
                                    << port);
    m_natDetected++;
    m_natTrace(rrq.GetHomeAddress(), rrq.GetCareOfAddress(), from, port, udp.requested);
}

void
HaUdpTunnelling::AddReply(const MipRegistrationRequest& rrq,
                          const HaUdpDecision& udp,
                          MipRegistrationReply& reply)
{
    if (!udp.reply)
    {
        return;
    }
    reply.AddExtension(udp.reply->ToExtension());
    m_replies[udp.reply->GetReplyCode()]++;
    m_replyTrace(rrq.GetHomeAddress(), *udp.reply);
}

Ptr<MipTunnel>
HaUdpTunnelling::AddTunnel(const HaBinding& binding) const
{
    // To the effective care-of address: the request's source address and port.
    return m_tunnels->AddUdpTunnel(m_homeAgent,
                                   binding.requestSource,
                                   binding.requestSourcePort,
                                   MIP_UDP_PORT);
}

void
HaUdpTunnelling::MoveTunnel(Ptr<MipTunnel> tunnel, Ipv4Address from, uint16_t port) const
{
    m_tunnels->MoveUdpTunnel(tunnel, from, port);
}

void
HaUdpTunnelling::ReceiveData(Ptr<Packet> packet, Ipv4Address source, uint16_t port) const
{
    m_tunnels->ReceiveUdp(packet, source, port, m_homeAgent, MIP_UDP_PORT);
}

bool
HaUdpTunnelling::AnswerKeepalive(Ptr<MipTunnel> tunnel,
                                 Ptr<Packet> packet,
                                 const Ipv4Header& inner,
                                 const HaBinding* binding)
{
    if (inner.GetProtocol() != Icmpv4L4Protocol::PROT_NUMBER ||
        inner.GetDestination() != m_homeAgent)
    {
        return false;
    }
    // A keepalive comes from the binding's care-of address (inside the tunnel, so the NAT
    // never changes it); echo requests from the home address are ordinary traffic.
    if (!binding || inner.GetSource() != binding->careOfAddress)
    {
        return false;
    }
    Ptr<Packet> copy = packet->Copy();
    Ipv4Header ip;
    Icmpv4Header icmp;
    copy->RemoveHeader(ip);
    if (copy->GetSize() < 8 || copy->RemoveHeader(icmp) == 0 ||
        icmp.GetType() != Icmpv4Header::ICMPV4_ECHO)
    {
        return false;
    }
    Icmpv4Echo request;
    copy->RemoveHeader(request);
    Ipv4Address hoa = tunnel->GetHomeAddress();
    m_keepalivesReceived++;
    m_keepaliveRxTrace(hoa, tunnel->GetRemote(), tunnel->GetRemotePort());

    // The answer goes from the Home Agent address to the care-of address, through the same
    // tunnel.
    if (m_tunnels->Send(tunnel, MakeEchoReply(m_homeAgent, inner, request)))
    {
        m_keepalivesAnswered++;
        m_keepaliveTxTrace(hoa, tunnel->GetRemote(), tunnel->GetRemotePort());
    }
    return true;
}

uint64_t
HaUdpTunnelling::GetNatDetectedCount() const
{
    return m_natDetected;
}

uint64_t
HaUdpTunnelling::GetReplyCount(uint8_t code) const
{
    return m_replies[code];
}

uint64_t
HaUdpTunnelling::GetKeepalivesReceived() const
{
    return m_keepalivesReceived;
}

uint64_t
HaUdpTunnelling::GetKeepalivesAnswered() const
{
    return m_keepalivesAnswered;
}

} // namespace ns3
