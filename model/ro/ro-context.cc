/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ro-context.h"

namespace ns3
{

std::optional<RoUplink>
RoContext::UplinkOf(Ipv4Address careOf) const
{
    for (const RoUplink& u : uplinks())
    {
        if (u.careOf == careOf)
        {
            return u;
        }
    }
    return std::nullopt;
}

std::optional<RoUplink>
RoContext::ActiveUplink() const
{
    for (const RoUplink& u : uplinks())
    {
        if (u.usable)
        {
            return u;
        }
    }
    return std::nullopt;
}

std::vector<Ipv4Address>
RoContext::UsableCareOfs() const
{
    std::vector<Ipv4Address> out;
    for (const RoUplink& u : uplinks())
    {
        if (u.usable)
        {
            out.push_back(u.careOf);
        }
    }
    return out;
}

bool
RoContext::IsNatted(Ipv4Address careOf) const
{
    auto it = natByCareOf.find(careOf.Get());
    return it != natByCareOf.end() && it->second;
}

std::vector<Ipv4Address>
RoContext::CareOfsPublicFirst() const
{
    std::vector<Ipv4Address> out;
    for (bool natted : {false, true})
    {
        for (const RoUplink& u : uplinks())
        {
            if (u.usable && IsNatted(u.careOf) == natted)
            {
                out.push_back(u.careOf);
            }
        }
    }
    return out;
}

bool
RoContext::IsOurs(Ipv4Address address) const
{
    bool ours = address == homeAddress;
    for (const MipPrefix& p : networks)
    {
        ours = ours || p.Contains(address);
    }
    return ours;
}

bool
RoContext::UseUdp(const RocEntry& entry) const
{
    // RFC 6521 section 3.3 (R13): UDP when a NAT or firewall is on either side (the HA's N
    // flag for the care-of address we use with the peer, section 3.1.2; Info=1 for the
    // peer); otherwise the configured encapsulation.
    return config.encapsulation == MipEncapsulation::UDP || IsNatted(entry.mrCareOf) ||
           entry.outboundOnly;
}

bool
RoContext::ChoosesPair(const RocEntry& entry) const
{
    return entry.registeredWithPeer &&
           (!entry.peerRegistered || homeAddress.Get() > entry.crHomeAddress.Get());
}

void
RoContext::Trace(Ipv4Address peer, RoPeerEvent event) const
{
    peerEvent(RoPeerEventInfo(peer, event));
}

} // namespace ns3
