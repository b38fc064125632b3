/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "care-of-pair-selector.h"

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
CareOfPairSelector::CorrespondentCareOf(const RocEntry& entry, Ipv4Address mrCareOf)
{
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

} // namespace ns3
