/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ha-downlink-probe.h"

#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/icmpv4.h"
#include "ns3/node.h"

#include <array>

namespace ns3
{

HaDownlinkProbe::HaDownlinkProbe() = default;

int64_t
HaDownlinkProbe::AssignStreams(int64_t stream)
{
    m_stream = stream;
    Random()->SetStream(stream);
    return 1;
}

Ptr<UniformRandomVariable>
HaDownlinkProbe::Random()
{
    if (!m_random)
    {
        // Created on first use, so that a Home Agent that never probes takes no stream.
        m_random = CreateObject<UniformRandomVariable>();
        if (m_stream >= 0)
        {
            m_random->SetStream(m_stream);
        }
    }
    return m_random;
}

Ptr<Packet>
HaDownlinkProbe::Start(HaBinding& binding,
                       Ipv4Address homeAgent,
                       Ipv4Address homeAddress,
                       Time now,
                       Time interval)
{
    if (binding.probeSentAt >= Time(0) && now - binding.probeSentAt < interval)
    {
        return nullptr; // at most one probe per binding and interval
    }
    uint64_t hi = Random()->GetInteger(0, 0xffffffffU);
    uint64_t lo = Random()->GetInteger(0, 0xffffffffU);
    binding.probeNonce = (hi << 32) | lo;
    binding.probeSequence = ++m_sequence;
    binding.probePending = true;
    binding.probeSentAt = now;

    std::array<uint8_t, NONCE_SIZE> data{};
    for (uint32_t i = 0; i < NONCE_SIZE; ++i)
    {
        data[i] = static_cast<uint8_t>(binding.probeNonce >> (8 * (NONCE_SIZE - 1 - i)));
    }
    Icmpv4Echo echo;
    echo.SetIdentifier(IDENTIFIER);
    echo.SetSequenceNumber(binding.probeSequence);
    echo.SetData(Create<Packet>(data.data(), NONCE_SIZE));
    Icmpv4Header icmp;
    icmp.SetType(Icmpv4Header::ICMPV4_ECHO);
    icmp.SetCode(0);
    if (Node::ChecksumEnabled())
    {
        icmp.EnableChecksum();
    }
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(echo);
    p->AddHeader(icmp);
    Ipv4Header ip;
    ip.SetSource(homeAgent);
    ip.SetDestination(homeAddress);
    ip.SetProtocol(Icmpv4L4Protocol::PROT_NUMBER);
    ip.SetTtl(64);
    ip.SetPayloadSize(p->GetSize());
    if (Node::ChecksumEnabled())
    {
        ip.EnableChecksum();
    }
    p->AddHeader(ip);
    return p;
}

HaDownlinkProbe::Match
HaDownlinkProbe::Check(Ptr<const Packet> packet,
                       const Ipv4Header& inner,
                       Ipv4Address homeAgent,
                       Ipv4Address homeAddress,
                       const HaBinding& binding)
{
    if (inner.GetProtocol() != Icmpv4L4Protocol::PROT_NUMBER ||
        inner.GetDestination() != homeAgent || inner.GetSource() != homeAddress)
    {
        return Match::NOT_A_PROBE_REPLY;
    }
    Ptr<Packet> copy = packet->Copy();
    Ipv4Header ip;
    Icmpv4Header icmp;
    copy->RemoveHeader(ip);
    // ICMP header (4) + identifier and sequence (4) + the nonce
    if (copy->GetSize() < 8 + NONCE_SIZE || copy->RemoveHeader(icmp) == 0 ||
        icmp.GetType() != Icmpv4Header::ICMPV4_ECHO_REPLY)
    {
        return Match::NOT_A_PROBE_REPLY;
    }
    Icmpv4Echo echo;
    copy->RemoveHeader(echo);
    if (echo.GetIdentifier() != IDENTIFIER)
    {
        return Match::NOT_A_PROBE_REPLY;
    }
    if (!binding.probePending || echo.GetSequenceNumber() != binding.probeSequence ||
        echo.GetDataSize() != NONCE_SIZE)
    {
        return Match::STALE_OR_FORGED;
    }
    std::array<uint8_t, NONCE_SIZE> data{};
    echo.GetData(data.data());
    uint64_t nonce = 0;
    for (uint8_t b : data)
    {
        nonce = (nonce << 8) | b;
    }
    return nonce == binding.probeNonce ? Match::ANSWER : Match::STALE_OR_FORGED;
}

} // namespace ns3
