/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ha-downlink-probe.h"

#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/icmpv4.h"
#include "ns3/mip-icmp-echo.h"
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

    return MipIcmpEcho::MakeDatagram(homeAgent,
                                     homeAddress,
                                     IDENTIFIER,
                                     binding.probeSequence,
                                     binding.probeNonce);
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
    // The IPv4 header, ICMP type, identifier, sequence and the 8-octet nonce.
    std::optional<MipIcmpEcho::Parsed> echo = MipIcmpEcho::Parse(packet);
    if (!echo || !echo->reply || echo->identifier != IDENTIFIER)
    {
        return Match::NOT_A_PROBE_REPLY;
    }
    if (!binding.probePending || echo->sequence != binding.probeSequence ||
        packet->GetSize() < inner.GetSerializedSize() + 8 + NONCE_SIZE)
    {
        return Match::STALE_OR_FORGED;
    }
    uint64_t nonce = echo->nonce;
    return nonce == binding.probeNonce ? Match::ANSWER : Match::STALE_OR_FORGED;
}

} // namespace ns3
