/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mr-path-probe.h"

#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/icmpv4.h"
#include "ns3/mip-icmp-echo.h"
#include "ns3/mip-tunnel-manager.h"
#include "ns3/simulator.h"

namespace ns3
{

MrPathProbe::MrPathProbe(const Time& interval)
    : m_interval(interval)
{
}

void
MrPathProbe::Setup(Ipv4Address careOf, Ipv4Address homeAgent)
{
    m_careOf = careOf;
    m_homeAgent = homeAgent;
    m_id = static_cast<uint16_t>(careOf.Get() ^ (careOf.Get() >> 16));
}

void
MrPathProbe::SetCallbacks(Callback<bool> usable,
                          Callback<Ptr<MipTunnel>> tunnel,
                          TickCallback tick,
                          AnsweredCallback answered)
{
    m_usable = usable;
    m_tunnel = tunnel;
    m_tick = tick;
    m_answered = answered;
}

void
MrPathProbe::SetTunnelManager(Ptr<MipTunnelManager> tunnels)
{
    m_tunnels = tunnels;
}

void
MrPathProbe::Dispose()
{
    m_event.Cancel();
    m_tunnels = nullptr;
    m_usable = Callback<bool>();
    m_tunnel = Callback<Ptr<MipTunnel>>();
    m_tick = TickCallback();
    m_answered = AnsweredCallback();
}

uint16_t
MrPathProbe::GetIdentifier() const
{
    return m_id;
}

void
MrPathProbe::Schedule()
{
    if (!m_interval.IsZero() && !m_event.IsRunning())
    {
        m_event = Simulator::Schedule(m_interval, &MrPathProbe::Tick, this);
    }
}

void
MrPathProbe::Cancel()
{
    m_event.Cancel();
}

void
MrPathProbe::ResetUnanswered()
{
    m_unanswered = 0;
}

bool
MrPathProbe::OnEchoReply(uint16_t identifier)
{
    if (identifier != m_id)
    {
        return false;
    }
    // The probes sent before the answered one (a late answer to an earlier probe counts the
    // same: the path works).
    uint32_t missed = m_unanswered > 0 ? m_unanswered - 1 : 0;
    m_unanswered = 0;
    m_answered(missed);
    return true;
}

std::optional<std::pair<uint16_t, uint16_t>>
MrPathProbe::ReadEchoReply(Ptr<Packet> packet,
                           const Ipv4Header& inner,
                           Ipv4Address homeAgent,
                           Ipv4Address careOf)
{
    if (inner.GetProtocol() != Icmpv4L4Protocol::PROT_NUMBER || inner.GetSource() != homeAgent ||
        inner.GetDestination() != careOf)
    {
        return std::nullopt;
    }
    Ptr<Packet> copy = packet->Copy();
    Ipv4Header ip;
    Icmpv4Header icmp;
    Icmpv4Echo echo;
    copy->RemoveHeader(ip);
    if (copy->GetSize() < 8 || copy->RemoveHeader(icmp) == 0 ||
        icmp.GetType() != Icmpv4Header::ICMPV4_ECHO_REPLY)
    {
        return std::nullopt;
    }
    copy->RemoveHeader(echo);
    return std::make_pair(echo.GetIdentifier(), echo.GetSequenceNumber());
}

void
MrPathProbe::Tick()
{
    if (!m_usable() || !m_tunnels || !m_tunnel())
    {
        return;
    }
    // One chain of probes: the owner's tick may call Schedule() when this one has expired.
    m_event.Cancel();
    m_event = Simulator::Schedule(m_interval, &MrPathProbe::Tick, this);
    // Every probe sent since the last answer has had at least a whole interval.
    m_tick(m_unanswered);
    // Inside the tunnel (IP in IP, GRE or UDP: a NAT may not translate bare ICMP), from the
    // care-of address to the Home Agent address: answered only while the binding exists
    // (RFC 2003 section 3: the Home Agent decapsulates only from tunnels it has).
    m_tunnels->Send(m_tunnel(),
                    MipIcmpEcho::MakeDatagram(m_careOf, m_homeAgent, m_id, ++m_sequence));
    ++m_unanswered;
}

} // namespace ns3
