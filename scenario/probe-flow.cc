/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "probe-flow.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/seq-ts-header.h"
#include "ns3/simulator.h"
#include "ns3/udp-client-server-helper.h"
#include "ns3/udp-client.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ProbeFlow");

ProbeFlow::ProbeFlow(const std::string& name,
                     Ptr<Node> source,
                     Ptr<Node> sink,
                     Ipv4Address sinkAddress,
                     uint16_t port)
    : m_name(name),
      m_source(source),
      m_sink(sink),
      m_sinkAddress(sinkAddress),
      m_port(port)
{
}

ProbeFlow::~ProbeFlow()
{
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    }
}

void
ProbeFlow::SetInterval(Time interval)
{
    m_interval = interval;
}

void
ProbeFlow::SetPacketSize(uint32_t size)
{
    m_size = std::max<uint32_t>(size, 12);
}

void
ProbeFlow::SetHaPathHops(uint32_t hops)
{
    m_haPathHops = hops;
}

void
ProbeFlow::SetInitialTtl(uint32_t ttl)
{
    m_initialTtl = ttl;
}

void
ProbeFlow::Install(Time start, Time stop)
{
    m_socket = Socket::CreateSocket(m_sink, UdpSocketFactory::GetTypeId());
    m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port));
    m_socket->SetIpRecvTtl(true);
    m_socket->SetRecvCallback(MakeCallback(&ProbeFlow::Receive, this));
    UdpClientHelper client(m_sinkAddress, m_port);
    client.SetAttribute("Interval", TimeValue(m_interval));
    client.SetAttribute("MaxPackets", UintegerValue(std::numeric_limits<uint32_t>::max()));
    client.SetAttribute("PacketSize", UintegerValue(m_size));
    m_app = client.Install(m_source);
    m_app.Start(start);
    m_app.Stop(stop);
}

std::optional<ProbeSample>
ProbeFlow::SampleOf(Ptr<const Packet> p, uint32_t initialTtl, uint32_t haPathHops)
{
    SeqTsHeader seqTs;
    if (p->GetSize() < seqTs.GetSerializedSize())
    {
        return std::nullopt;
    }
    p->PeekHeader(seqTs);
    SocketIpTtlTag ttl;
    uint32_t hops = 0;
    if (p->PeekPacketTag(ttl) && ttl.GetTtl() <= initialTtl)
    {
        hops = initialTtl - ttl.GetTtl();
    }
    ProbeSample s;
    s.at = Simulator::Now();
    s.seq = seqTs.GetSeq();
    s.delay = s.at - seqTs.GetTs();
    s.hops = hops;
    s.direct = hops < haPathHops;
    return s;
}

void
ProbeFlow::Receive(Ptr<Socket> socket)
{
    Ptr<Packet> p;
    while ((p = socket->Recv()))
    {
        if (std::optional<ProbeSample> s = SampleOf(p, m_initialTtl, m_haPathHops))
        {
            m_samples.push_back(*s);
        }
        else
        {
            NS_LOG_WARN(m_name << ": runt datagram of " << p->GetSize() << " octets ignored");
        }
    }
}

const std::string&
ProbeFlow::GetName() const
{
    return m_name;
}

const std::vector<ProbeSample>&
ProbeFlow::GetSamples() const
{
    return m_samples;
}

Time
ProbeFlow::GetInterval() const
{
    return m_interval;
}

uint64_t
ProbeFlow::GetSent() const
{
    if (m_app.GetN() == 0)
    {
        return 0;
    }
    Ptr<UdpClient> client = DynamicCast<UdpClient>(m_app.Get(0));
    return client ? client->GetTotalTx() / m_size : 0;
}

uint64_t
ProbeFlow::GetReceived() const
{
    return m_samples.size();
}

uint64_t
ProbeFlow::GetLost() const
{
    std::set<uint32_t> distinct;
    uint64_t sent = GetSent();
    for (const ProbeSample& s : m_samples)
    {
        if (s.seq < sent)
        {
            distinct.insert(s.seq);
        }
    }
    return sent - distinct.size();
}

ProbeFlow::PathStats
ProbeFlow::GetPathStats(bool direct, Time from, Time to) const
{
    PathStats stats;
    double sum = 0;
    double hops = 0;
    double nan = std::numeric_limits<double>::quiet_NaN();
    stats.minDelayMs = nan;
    stats.maxDelayMs = nan;
    for (const ProbeSample& s : m_samples)
    {
        if (s.direct != direct || s.at < from || s.at >= to)
        {
            continue;
        }
        double ms = s.delay.GetSeconds() * 1e3;
        sum += ms;
        hops += s.hops;
        stats.minDelayMs = stats.packets == 0 ? ms : std::min(stats.minDelayMs, ms);
        stats.maxDelayMs = stats.packets == 0 ? ms : std::max(stats.maxDelayMs, ms);
        stats.packets++;
    }
    stats.meanDelayMs = stats.packets ? sum / stats.packets : nan;
    stats.meanHops = stats.packets ? hops / stats.packets : nan;
    return stats;
}

std::optional<ProbeSample>
ProbeFlow::FirstOnPath(bool direct, Time after) const
{
    for (const ProbeSample& s : m_samples)
    {
        if (s.direct == direct && s.at >= after)
        {
            return s;
        }
    }
    return std::nullopt;
}

Time
ProbeFlow::GetLongestGap(Time from, Time to) const
{
    Time longest(0);
    for (size_t i = 1; i < m_samples.size(); ++i)
    {
        Time a = m_samples[i - 1].at;
        Time b = m_samples[i].at;
        if (a < to && b > from)
        {
            longest = std::max(longest, b - a);
        }
    }
    if (!m_samples.empty() && m_samples.back().at < to)
    {
        longest = std::max(longest, to - std::max(m_samples.back().at, from));
    }
    return longest;
}

uint64_t
ProbeFlow::GetLostIn(Time from, Time to) const
{
    uint64_t lost = 0;
    if (m_samples.empty())
    {
        return GetSent();
    }
    if (m_samples.front().at > from)
    {
        lost += m_samples.front().seq;
    }
    for (size_t i = 1; i < m_samples.size(); ++i)
    {
        const ProbeSample& a = m_samples[i - 1];
        const ProbeSample& b = m_samples[i];
        if (a.at < to && b.at > from && b.seq > a.seq + 1)
        {
            lost += b.seq - a.seq - 1;
        }
    }
    uint64_t sent = GetSent();
    const ProbeSample& last = m_samples.back();
    if (last.at < to && sent > last.seq + 1ULL)
    {
        lost += sent - last.seq - 1;
    }
    return lost;
}

uint64_t
ProbeFlow::GetLostSentIn(Time from, Time to) const
{
    // The window's sequence numbers: after the last one received that was sent before it,
    // before the first one received that was sent after it (sequence numbers grow with the
    // send time).
    int64_t lo = 0;
    int64_t hi = static_cast<int64_t>(GetSent()) - 1;
    std::set<uint32_t> received;
    for (const ProbeSample& s : m_samples)
    {
        Time sent = s.at - s.delay;
        if (sent < from)
        {
            lo = std::max<int64_t>(lo, s.seq + 1);
        }
        else if (sent >= to)
        {
            hi = std::min<int64_t>(hi, s.seq - 1);
        }
        else
        {
            received.insert(s.seq);
        }
    }
    return hi < lo ? 0 : static_cast<uint64_t>(hi - lo + 1) - received.size();
}

} // namespace ns3
