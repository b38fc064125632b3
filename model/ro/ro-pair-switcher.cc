/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ro-pair-switcher.h"

#include "care-of-pair-selector.h"

#include <algorithm>
#include <set>

namespace ns3
{

RoPairSwitcher::RoPairSwitcher(RoContext& context,
                               RoInitiator& initiator,
                               RoDirectTunnelSet& tunnels)
    : m_ctx(context),
      m_initiator(initiator),
      m_tunnels(tunnels)
{
}

std::optional<RoUplink>
RoPairSwitcher::ChooseUplink(Ipv4Address peer) const
{
    return CareOfPairSelector::ChooseUplink(
        m_ctx.cache,
        peer,
        m_ctx.uplinks(),
        m_ctx.config.spreadPeers,
        m_initiator.GetPairCareOf(peer),
        [this](Ipv4Address p) { return m_initiator.IsPending(p); });
}

void
RoPairSwitcher::OnActiveUplinkChanged(Ipv4Address oldCareOf, Ipv4Address newCareOf)
{
    // Break before make (old -> none -> new): the move is from the last care-of address.
    if (oldCareOf != Ipv4Address::GetZero())
    {
        m_lastActiveCareOf = oldCareOf;
    }
    if (newCareOf == Ipv4Address::GetZero() || m_lastActiveCareOf == newCareOf)
    {
        return;
    }
    if (!m_ctx.config.spreadPeers)
    {
        MovePeers(m_lastActiveCareOf);
    }
    m_tunnels.MoveCorrespondentTunnels(m_lastActiveCareOf, newCareOf);
    m_lastActiveCareOf = newCareOf;
}

void
RoPairSwitcher::OnUplinkLost(Ipv4Address careOf)
{
    if (m_ctx.config.spreadPeers)
    {
        MovePeers(careOf);
        if (std::optional<RoUplink> active = m_ctx.ActiveUplink())
        {
            m_tunnels.MoveCorrespondentTunnels(careOf, active->careOf);
        }
    }
}

void
RoPairSwitcher::OnUplinkRegistered(Ipv4Address careOf)
{
    std::optional<RoUplink> uplink = m_ctx.UplinkOf(careOf);
    if (!m_ctx.config.tryOtherPairs || !uplink || !uplink->usable)
    {
        return;
    }
    std::set<uint32_t> peers;
    m_tunnels.AddPeers(peers);
    for (uint32_t key : peers)
    {
        Ipv4Address peer(key);
        RocEntry* entry = m_ctx.cache.Find(peer);
        // Registered with each other (the peer knows our addresses from our reply), with a
        // working tunnel whose pair we choose.
        if (!entry || !entry->tunnel || !entry->tunnelActive || !entry->peerRegistered ||
            !m_ctx.ChoosesPair(*entry))
        {
            continue;
        }
        MipEncapsulation encapsulation = entry->tunnel->GetEncapsulation();
        for (Ipv4Address remote : entry->crCareOfAddresses)
        {
            if (!m_ctx.tunnels->FindTunnel(careOf, remote, encapsulation))
            {
                m_tunnels.AddAlternate(peer, careOf, remote, encapsulation);
            }
        }
        m_tunnels.GetPairProber().ProbeOtherPairs(peer);
    }
}

void
RoPairSwitcher::MovePeers(Ipv4Address oldCareOf)
{
    // A care-of address change invalidates KRm: partial RR (CoTI from the new address) and
    // a new registration with every CR we use (RFC 6521 section 3.3.6).
    m_ctx.cache.ForEach([&](RocEntry& entry) {
        if (!entry.registeredWithPeer || entry.mrCareOf != oldCareOf)
        {
            return;
        }
        entry.mrCareOf = Ipv4Address();
        std::optional<RoUplink> uplink = ChooseUplink(entry.crHomeAddress);
        if (!uplink)
        {
            return;
        }
        HandOver(entry, oldCareOf, uplink->careOf);
    });
}

void
RoPairSwitcher::HandOver(RocEntry& entry, Ipv4Address oldCareOf, Ipv4Address newCareOf)
{
    CareOfPairSelector::MoveBinding(entry, oldCareOf, newCareOf);
    entry.tunnelActive = false;
    m_ctx.peerEvent(RoPeerEventInfo(entry.crHomeAddress, RoPeerEvent::HANDOVER));
    m_initiator.Restart(entry.crHomeAddress);
}

bool
RoPairSwitcher::TryNextPair(Ipv4Address peer)
{
    RocEntry* entry = m_ctx.cache.Find(peer);
    if (!m_ctx.config.tryOtherPairs || !entry || !entry->tunnel || !entry->registeredWithPeer)
    {
        return false;
    }
    CareOfPair failed{entry->mrCareOf, entry->tunnel->GetRemote()};
    CareOfPairSelector::Record(*entry, failed, false);
    // Ours: the care-of address in use first, then the other usable uplinks in order.
    std::optional<CareOfPair> next =
        CareOfPairSelector::Next(*entry,
                                 CareOfPairSelector::OwnCareOfs(failed.mrCareOf, m_ctx.uplinks()));
    if (!next)
    {
        return false; // every pair failed: FallBack forgets the failures for the next try
    }
    RoPeerEventInfo e(peer, RoPeerEvent::PAIR_FAILED);
    e.local = failed.mrCareOf;
    e.remote = failed.crCareOf;
    e.nextLocal = next->mrCareOf;
    e.nextRemote = next->crCareOf;
    m_ctx.peerEvent(e);
    MoveTo(*entry, failed, *next, Ipv4Address::GetZero());
    return true;
}

bool
RoPairSwitcher::MoveToMeasuredPair(Ipv4Address peer, const CareOfPair& next)
{
    RocEntry* entry = m_ctx.cache.Find(peer);
    if (!entry || !entry->tunnel || !entry->registeredWithPeer)
    {
        return false;
    }
    CareOfPair current{entry->mrCareOf, entry->tunnel->GetRemote()};
    std::vector<Ipv4Address> own =
        CareOfPairSelector::OwnCareOfs(current.mrCareOf, m_ctx.uplinks());
    if (std::find(own.begin(), own.end(), next.mrCareOf) == own.end() ||
        CareOfPairSelector::CorrespondentCareOf(*entry, next.mrCareOf, next.crCareOf) !=
            next.crCareOf)
    {
        return false; // our end is no longer usable, or the CR no longer lists its end
    }
    RoPeerEventInfo e(peer, RoPeerEvent::PAIR_MOVED);
    e.local = current.mrCareOf;
    e.remote = current.crCareOf;
    e.nextLocal = next.mrCareOf;
    e.nextRemote = next.crCareOf;
    m_ctx.peerEvent(e);
    Ptr<MipTunnel> left = entry->tunnel;
    MoveTo(*entry, current, next, next.crCareOf);
    if (next.mrCareOf == current.mrCareOf)
    {
        m_tunnels.KeepAsAlternate(peer, left); // still probed, and the CR may still use it
    }
    return true;
}

void
RoPairSwitcher::MoveTo(RocEntry& entry,
                       const CareOfPair& from,
                       const CareOfPair& next,
                       Ipv4Address pinCr)
{
    Ipv4Address peer = entry.crHomeAddress;
    m_tunnels.SetProbing(peer, true);
    m_tunnels.StopKeepalives(peer);
    entry.tunnelActive = false;
    if (next.mrCareOf == from.mrCareOf)
    {
        // Same care-of address of ours: the CR's binding still holds, probe the other
        // address it listed with keepalives in a tunnel to it.
        entry.tunnel = m_tunnels.MakeTunnel(peer,
                                            next.mrCareOf,
                                            next.crCareOf,
                                            entry.tunnel->GetEncapsulation());
        m_tunnels.SetAwaitingFirstKeepalive(peer, true);
        m_tunnels.SendKeepalive(peer);
    }
    else
    {
        // Another care-of address of ours: partial return routability and a registration
        // from it, then the probe (RoInitiator::ProcessReply).
        m_initiator.SetPairCareOf(peer, next.mrCareOf, pinCr);
        m_tunnels.SetAwaitingFirstKeepalive(peer, false);
        HandOver(entry, from.mrCareOf, next.mrCareOf);
    }
}

} // namespace ns3
