/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ha-downlink.h"

#include "ns3/log.h"
#include "ns3/mip-flow-hash.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HaDownlink");

HaDownlink::HaDownlink(const MoveTrace& moveTrace)
    : m_moveTrace(moveTrace)
{
}

void
HaDownlink::Install(Ptr<MipTunnelManager> tunnels, Ipv4Address homeAgent)
{
    m_tunnels = tunnels;
    m_homeAgent = homeAgent;
}

void
HaDownlink::Dispose()
{
    m_tunnels = nullptr;
}

int64_t
HaDownlink::AssignStreams(int64_t stream)
{
    return m_probe.AssignStreams(stream);
}

bool
HaDownlink::Forward(HaMobileNodeRecord& record,
                    Ptr<Packet> packet,
                    const Ipv4Header& header,
                    HaDownlinkPolicy policy)
{
    std::vector<HaBinding>& bindings = record.bindings;
    switch (policy)
    {
    case HA_DOWNLINK_DUPLICATE:
        // RFC 5944 section 4.2.3: "it tunnels a copy to each care-of address in the mobile
        // node's mobility binding list".
        for (size_t i = 1; i < bindings.size(); ++i)
        {
            m_tunnels->Send(bindings[i].tunnel, packet->Copy(), header);
        }
        return m_tunnels->Send(bindings[0].tunnel, packet, header);
    case HA_DOWNLINK_PER_FLOW:
        return m_tunnels->Send(bindings[ChooseForFlow(record, packet, header)].tunnel,
                               packet,
                               header);
    case HA_DOWNLINK_LAST_ACTIVE:
        for (const HaBinding& b : bindings)
        {
            if (b.careOfAddress == record.lastActiveCareOf)
            {
                return m_tunnels->Send(b.tunnel, packet, header);
            }
        }
        return m_tunnels->Send(bindings.back().tunnel, packet, header);
    }
    return false;
}

size_t
HaDownlink::ChooseForFlow(const HaMobileNodeRecord& record,
                          Ptr<const Packet> packet,
                          const Ipv4Header& header)
{
    // The mobile router's uplink choice (UplinkPolicy PerFlow) uses the same symmetric,
    // rendezvous hash over its registered care-of addresses: both directions of a flow
    // take one uplink, and a binding that goes moves only its own flows.
    std::vector<Ipv4Address> careOf;
    careOf.reserve(record.bindings.size());
    for (const HaBinding& b : record.bindings)
    {
        careOf.push_back(b.careOfAddress);
    }
    return MipFlowHash::Choose(MipFlowHash::Symmetric(packet, header), careOf);
}

void
HaDownlink::OnReverseTunnelled(HaMobileNodeRecord& record,
                               Ptr<const MipTunnel> tunnel,
                               HaDownlinkPolicy policy,
                               Time interval)
{
    if (policy != HA_DOWNLINK_LAST_ACTIVE)
    {
        return;
    }
    // The binding this tunnel serves (its outer source is the NAT's address, not the care-of
    // address, when the binding uses RFC 3519 UDP tunnelling).
    for (HaBinding& b : record.bindings)
    {
        if (b.tunnel == tunnel && b.careOfAddress != record.lastActiveCareOf)
        {
            Probe(record.homeAddress, b, interval);
        }
    }
}

void
HaDownlink::Probe(Ipv4Address homeAddress, HaBinding& binding, Time interval)
{
    Ptr<Packet> probe =
        m_probe.Start(binding, m_homeAgent, homeAddress, Simulator::Now(), interval);
    if (probe && binding.tunnel && m_tunnels->Send(binding.tunnel, probe))
    {
        NS_LOG_INFO("downlink probe " << binding.probeSequence << " to " << homeAddress << " via "
                                      << binding.careOfAddress);
        m_probes++;
    }
}

HaDownlinkProbe::Match
HaDownlink::CheckAnswer(Ipv4Address homeAddress,
                        HaMobileNodeRecord& record,
                        HaBinding& binding,
                        Ptr<const Packet> packet,
                        const Ipv4Header& inner)
{
    HaDownlinkProbe::Match match =
        HaDownlinkProbe::Check(packet, inner, m_homeAgent, homeAddress, binding);
    if (match != HaDownlinkProbe::Match::ANSWER)
    {
        return match;
    }
    binding.probePending = false;
    Ipv4Address careOf = binding.careOfAddress;
    if (record.lastActiveCareOf == careOf)
    {
        return match;
    }
    Ipv4Address old = record.lastActiveCareOf;
    NS_LOG_INFO("downlink of " << homeAddress << ": " << old << " -> " << careOf
                               << " (probe answered)");
    record.lastActiveCareOf = careOf;
    m_moves++;
    m_moveTrace(homeAddress, old, careOf);
    return match;
}

uint64_t
HaDownlink::GetProbeCount() const
{
    return m_probes;
}

uint64_t
HaDownlink::GetMoveCount() const
{
    return m_moves;
}

} // namespace ns3
