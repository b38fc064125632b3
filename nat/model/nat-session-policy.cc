/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nat-session-policy.h"

#include "nat-flow.h"

#include <algorithm>

namespace ns3
{

NatInsideKey
NatSessionPolicy::MakeKey(uint8_t protocol,
                          Ipv4Address inside,
                          uint16_t insidePort,
                          Ipv4Address remote,
                          uint16_t remotePort) const
{
    NatInsideKey key;
    key.protocol = protocol;
    key.inside = inside.Get();
    key.insidePort = insidePort;
    if (mapping != NatTypes::ENDPOINT_INDEPENDENT)
    {
        key.remote = remote.Get();
    }
    if (mapping == NatTypes::ADDRESS_AND_PORT_DEPENDENT)
    {
        key.remotePort = remotePort;
    }
    return key;
}

bool
NatSessionPolicy::FilterAllows(const NatMapping& m, Ipv4Address remote, uint16_t remotePort) const
{
    switch (filtering)
    {
    case NatTypes::ENDPOINT_INDEPENDENT:
        return true;
    case NatTypes::ADDRESS_DEPENDENT:
        return m.remoteAddresses.find(remote.Get()) != m.remoteAddresses.end();
    case NatTypes::ADDRESS_AND_PORT_DEPENDENT:
    default:
        return m.sessions.find(NatMapping::SessionKey(remote, remotePort)) != m.sessions.end();
    }
}

Time
NatSessionPolicy::SessionTimeout(const NatMapping& m, const NatSession& s) const
{
    switch (m.key.protocol)
    {
    case NatFlow::PROTO_TCP:
        return s.IsTcpEstablished() ? tcpEstablishedTimeout : tcpTransitoryTimeout;
    case NatFlow::PROTO_ICMP:
        return icmpTimeout;
    default:
        return udpTimeout;
    }
}

void
NatSessionPolicy::RecomputeExpiry(NatMapping& m, Time now) const
{
    Time expires = now;
    for (const auto& [key, s] : m.sessions)
    {
        expires = std::max(expires, s.lastActivity + SessionTimeout(m, s));
    }
    m.expires = expires;
}

void
NatSessionPolicy::Touch(NatMapping& m, NatSession& s, bool wasEstablished, Time now) const
{
    s.lastActivity = now;
    if (wasEstablished && !s.IsTcpEstablished())
    {
        // the session left the established phase: its timeout shrank
        RecomputeExpiry(m, now);
    }
    else
    {
        m.expires = std::max(m.expires, s.lastActivity + SessionTimeout(m, s));
    }
}

void
NatSessionPolicy::RefreshOutbound(NatMapping& m,
                                  Ipv4Address remote,
                                  uint16_t remotePort,
                                  uint8_t tcpFlags,
                                  Time now) const
{
    auto [it, inserted] = m.sessions.try_emplace(NatMapping::SessionKey(remote, remotePort));
    if (inserted)
    {
        ++m.remoteAddresses[remote.Get()];
    }
    NatSession& s = it->second;
    bool wasEstablished = s.IsTcpEstablished();
    if (m.key.protocol == NatFlow::PROTO_TCP)
    {
        if ((tcpFlags & NatFlow::TCP_SYN) && !(tcpFlags & NatFlow::TCP_ACK))
        {
            s = NatSession(); // a new connection on this session's endpoints
        }
        if (tcpFlags & NatFlow::TCP_RST)
        {
            s.reset = true;
        }
        if (tcpFlags & NatFlow::TCP_FIN)
        {
            s.finOutbound = true;
        }
    }
    s.seenOutbound = true;
    Touch(m, s, wasEstablished, now);
}

void
NatSessionPolicy::RefreshInbound(NatMapping& m,
                                 Ipv4Address remote,
                                 uint16_t remotePort,
                                 uint8_t tcpFlags,
                                 Time now) const
{
    if (m.key.protocol != NatFlow::PROTO_TCP)
    {
        return; // UDP and ICMP: outbound refresh only
    }
    auto it = m.sessions.find(NatMapping::SessionKey(remote, remotePort));
    if (it == m.sessions.end())
    {
        return;
    }
    NatSession& s = it->second;
    bool wasEstablished = s.IsTcpEstablished();
    if (tcpFlags & NatFlow::TCP_RST)
    {
        s.reset = true;
    }
    if (tcpFlags & NatFlow::TCP_FIN)
    {
        s.finInbound = true;
    }
    s.seenInbound = true;
    Touch(m, s, wasEstablished, now);
}

} // namespace ns3
