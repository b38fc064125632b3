/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "care-of-pair-selector.h"

#include <algorithm>

namespace ns3
{

namespace
{

/// \param e entry \param m ours \param c theirs \return true if the pair is known to fail
bool
Failed(const RocEntry& e, Ipv4Address m, Ipv4Address c)
{
    auto it = e.natStates.find({m.Get(), c.Get()});
    return it != e.natStates.end() && !it->second;
}

} // namespace

std::optional<Ipv4Address>
CareOfPairSelector::CorrespondentCareOf(const RocEntry& entry,
                                        Ipv4Address mrCareOf,
                                        Ipv4Address preferred)
{
    if (preferred != Ipv4Address::GetZero() && !Failed(entry, mrCareOf, preferred) &&
        std::find(entry.crCareOfAddresses.begin(), entry.crCareOfAddresses.end(), preferred) !=
            entry.crCareOfAddresses.end())
    {
        return preferred;
    }
    for (Ipv4Address c : entry.crCareOfAddresses)
    {
        if (!Failed(entry, mrCareOf, c))
        {
            return c;
        }
    }
    return std::nullopt;
}

std::optional<CareOfPair>
CareOfPairSelector::Next(const RocEntry& entry, const std::vector<Ipv4Address>& ownCareOfs)
{
    for (Ipv4Address m : ownCareOfs)
    {
        if (std::optional<Ipv4Address> c = CorrespondentCareOf(entry, m))
        {
            return CareOfPair{m, *c};
        }
    }
    return std::nullopt;
}

std::optional<CareOfPair>
CareOfPairSelector::MeasuredBest(const CareOfPairRtt& current,
                                 const std::vector<CareOfPairRtt>& candidates,
                                 const RoConfig& config)
{
    uint32_t needed = std::max<uint32_t>(1, config.pairProbeSamples);
    if (current.samples < needed)
    {
        return std::nullopt;
    }
    const CareOfPairRtt* best = nullptr;
    for (const CareOfPairRtt& c : candidates)
    {
        if (c.samples >= needed && !(c.pair == current.pair) && (!best || c.srtt < best->srtt))
        {
            best = &c;
        }
    }
    if (!best)
    {
        return std::nullopt;
    }
    Time gain = current.srtt - best->srtt;
    // Positive first: ns-3.37's Time::GetSeconds() of a negative time shifts a negative
    // value (undefined behaviour that UBSan reports), and a gain <= 0 never moves anyway.
    bool enough = gain.IsStrictlyPositive() && gain >= config.pairSwitchMinGain &&
                  gain.GetSeconds() > config.pairSwitchMargin * current.srtt.GetSeconds();
    return enough ? std::optional<CareOfPair>(best->pair) : std::nullopt;
}

void
CareOfPairSelector::Record(RocEntry& entry, const CareOfPair& pair, bool works)
{
    entry.natStates[{pair.mrCareOf.Get(), pair.crCareOf.Get()}] = works;
}

void
CareOfPairSelector::ForgetFailures(RocEntry& entry)
{
    for (auto it = entry.natStates.begin(); it != entry.natStates.end();)
    {
        it = it->second ? std::next(it) : entry.natStates.erase(it);
    }
}

std::optional<RoUplink>
CareOfPairSelector::ChooseUplink(const RouteOptimizationCache& cache,
                                 Ipv4Address peer,
                                 const std::vector<RoUplink>& uplinks,
                                 bool spreadPeers,
                                 Ipv4Address pinned,
                                 const IsPendingFunction& pending)
{
    // A care-of address chosen by pair probing (TryNextPair) wins while it is usable.
    if (pinned != Ipv4Address::GetZero())
    {
        for (const RoUplink& u : uplinks)
        {
            if (u.careOf == pinned)
            {
                if (u.usable)
                {
                    return u;
                }
                break;
            }
        }
    }
    if (!spreadPeers)
    {
        for (const RoUplink& u : uplinks)
        {
            if (u.usable)
            {
                return u;
            }
        }
        return std::nullopt;
    }
    // A care-of address per CR (RFC 6521 section 3.3, R19): keep the one in use while it
    // works, otherwise the usable uplink serving the fewest CRs (ties: preference order).
    const RocEntry* entry = cache.Find(peer);
    std::optional<RoUplink> best;
    size_t bestLoad = SIZE_MAX;
    for (const RoUplink& u : uplinks)
    {
        if (!u.usable)
        {
            continue;
        }
        if (entry && entry->mrCareOf == u.careOf)
        {
            return u;
        }
        size_t load = 0;
        cache.ForEach([&](const RocEntry& e) {
            const RrRecord* rr = e.FindRr(u.careOf);
            bool starting = rr && rr->state == RrState::IN_PROGRESS;
            load += e.mrCareOf == u.careOf && e.crHomeAddress != peer &&
                    (e.registeredWithPeer || pending(e.crHomeAddress) || starting);
        });
        if (load < bestLoad)
        {
            best = u;
            bestLoad = load;
        }
    }
    return best;
}

std::vector<Ipv4Address>
CareOfPairSelector::OwnCareOfs(Ipv4Address current, const std::vector<RoUplink>& uplinks)
{
    std::vector<Ipv4Address> own;
    for (const RoUplink& u : uplinks)
    {
        if (u.careOf == current)
        {
            if (u.usable)
            {
                own.push_back(current);
            }
            break;
        }
    }
    for (const RoUplink& u : uplinks)
    {
        if (u.usable && u.careOf != current)
        {
            own.push_back(u.careOf);
        }
    }
    return own;
}

void
CareOfPairSelector::MoveBinding(RocEntry& entry, Ipv4Address oldCareOf, Ipv4Address newCareOf)
{
    entry.mrCareOf = newCareOf;
    RrRecord oldRr = entry.GetRr(oldCareOf);
    RrRecord& rr = entry.GetRr(newCareOf);
    rr.homeToken = oldRr.homeToken;
    rr.homeNonceIndex = oldRr.homeNonceIndex;
    rr.homeTokenTime = oldRr.homeTokenTime;
    rr.homeCookie = oldRr.homeCookie;
}

} // namespace ns3
