/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ha-binding-applier.h"

#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HaBindingApplier");

HaBindingApplier::HaBindingApplier(HaUdpTunnelling& udp)
    : m_udp(udp)
{
}

void
HaBindingApplier::Install(Ptr<HaBindingTable> bindings,
                          Ptr<MipTunnelManager> tunnels,
                          Ptr<HaRouting> routing,
                          Ipv4Address homeAgent,
                          MipTunnelInterceptCallback intercept)
{
    m_bindings = bindings;
    m_tunnels = tunnels;
    m_routing = routing;
    m_homeAgent = homeAgent;
    m_intercept = intercept;
}

void
HaBindingApplier::Dispose()
{
    m_bindings = nullptr;
    m_tunnels = nullptr;
    m_routing = nullptr;
    m_intercept = MipTunnelInterceptCallback();
}

void
HaBindingApplier::Apply(const MipRegistrationRequest& rrq,
                        Ipv4Address from,
                        uint16_t port,
                        uint16_t granted,
                        const std::vector<MipPrefix>& prefixes,
                        MipEncapsulation encapsulation,
                        bool simultaneousBindings)
{
    Ipv4Address hoa = rrq.GetHomeAddress();
    Ipv4Address coa = rrq.GetCareOfAddress();
    if (rrq.GetLifetime() == 0)
    {
        // RFC 5944 section 3.6.1.2: lifetime zero with "the care-of address for this
        // binding" deletes that binding; with the home address (returning home) it
        // "deregisters all care-of addresses".
        if (coa == hoa)
        {
            m_bindings->RemoveAll(hoa, HaBindingRemoval::DEREGISTERED);
        }
        else
        {
            m_bindings->Remove(hoa, coa, HaBindingRemoval::DEREGISTERED);
        }
        return;
    }
    const HaBinding* existing = m_bindings->FindBinding(hoa, coa);
    if (existing && existing->identification == rrq.GetIdentification())
    {
        return; // duplicate: nothing changes
    }
    HaBinding binding;
    binding.careOfAddress = coa;
    binding.requestSource = from;
    binding.requestSourcePort = port;
    binding.natDetected = HaUdpTunnelling::IsNatDetected(rrq, from);
    binding.identification = rrq.GetIdentification();
    binding.lifetime = granted;
    binding.encapsulation = encapsulation;
    if (existing && existing->tunnel && existing->encapsulation != encapsulation)
    {
        // The encapsulation changed: a new tunnel replaces the old one.
        m_tunnels->RemoveTunnel(existing->tunnel);
        binding.tunnel = MakeTunnel(hoa, binding);
    }
    else if (existing && existing->tunnel && encapsulation == MipEncapsulation::UDP)
    {
        // RFC 3519 section 4.6: the latest authenticated request moves it.
        m_udp.MoveTunnel(existing->tunnel, from, port);
    }
    bool simultaneous = rrq.GetFlag(MipRegistrationRequest::FLAG_S) && simultaneousBindings;
    m_bindings->Update(hoa, binding, simultaneous);
    UpdatePrefixRoutes(hoa, prefixes);
}

void
HaBindingApplier::UpdatePrefixRoutes(Ipv4Address homeAddress,
                                     const std::vector<MipPrefix>& prefixes)
{
    HaMobileNodeRecord* record = m_bindings->Find(homeAddress);
    if (!record)
    {
        return;
    }
    for (const MipPrefix& old : record->prefixes)
    {
        if (std::find(prefixes.begin(), prefixes.end(), old) == prefixes.end())
        {
            // Dropped from the refresh: stop forwarding it (RFC 5177 section 6.1).
            m_routing->RemoveDestination(old.network, old.length);
        }
    }
    for (const MipPrefix& p : prefixes)
    {
        m_routing->AddDestination(p.network, p.length, homeAddress);
    }
    m_bindings->SetPrefixes(homeAddress, prefixes);
}

Ptr<MipTunnel>
HaBindingApplier::MakeTunnel(Ipv4Address homeAddress, const HaBinding& binding)
{
    Ptr<MipTunnel> tunnel =
        binding.encapsulation == MipEncapsulation::UDP
            ? m_udp.AddTunnel(binding)
            : m_tunnels->AddTunnel(m_homeAgent, binding.careOfAddress, binding.encapsulation);
    // Answers to the HA's downlink probes (HaDownlinkProbe), and the mobile routers' path
    // probes and RFC 3519 section 4.9 keepalives, arrive inside a binding's tunnel and are
    // answered through it: only while the binding exists, so a router whose binding is gone
    // (expired, or lost in a restart) learns it.
    tunnel->SetInterceptCallback(m_intercept);
    tunnel->SetHomeAddress(homeAddress);
    return tunnel;
}

void
HaBindingApplier::OnBindingAdded(Ipv4Address homeAddress, const HaBinding& binding)
{
    Ptr<MipTunnel> tunnel = binding.tunnel;
    if (!tunnel)
    {
        tunnel = MakeTunnel(homeAddress, binding);
        m_bindings->SetTunnel(homeAddress, binding.careOfAddress, tunnel);
    }
    // RFC 5177 section 6.1 steps 3 and 4: a tunnel to the Mobile Router, routes into it.
    m_routing->AddDestination(homeAddress, 32, homeAddress);
}

void
HaBindingApplier::OnBindingRemoved(Ipv4Address homeAddress, const HaBinding& binding)
{
    if (binding.tunnel)
    {
        binding.tunnel->SetInterceptCallback(MipTunnelInterceptCallback());
        m_tunnels->RemoveTunnel(binding.tunnel);
    }
    const HaMobileNodeRecord* record = m_bindings->Find(homeAddress);
    if (!record || record->bindings.empty())
    {
        // RFC 5177 section 6.7: the Home Agent "tears down the bi-directional tunnel and
        // stops forwarding any packets to/from the Mobile Router".
        m_routing->RemoveDestination(homeAddress, 32);
        if (record)
        {
            for (const MipPrefix& p : record->prefixes)
            {
                m_routing->RemoveDestination(p.network, p.length);
            }
        }
    }
}

} // namespace ns3
