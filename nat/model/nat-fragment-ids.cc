/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nat-fragment-ids.h"

#include <iterator>

namespace ns3
{

uint16_t
NatFragmentIds::Translate(const Ipv4Header& header, Time now, bool& isNew)
{
    uint64_t pair = (uint64_t(header.GetSource().Get()) << 32) | header.GetDestination().Get();
    uint32_t key = (uint32_t(header.GetProtocol()) << 16) | header.GetIdentification();
    auto& ids = m_ids[pair];
    auto it = ids.find(key);
    isNew = it == ids.end();
    if (isNew)
    {
        it = ids.emplace(key, Entry{m_nextId++, now}).first;
    }
    it->second.lastSeen = now;
    return it->second.id;
}

void
NatFragmentIds::Expire(Time now, Time timeout)
{
    for (auto pair = m_ids.begin(); pair != m_ids.end();)
    {
        auto& ids = pair->second;
        for (auto it = ids.begin(); it != ids.end();)
        {
            it = it->second.lastSeen + timeout <= now ? ids.erase(it) : std::next(it);
        }
        pair = ids.empty() ? m_ids.erase(pair) : std::next(pair);
    }
}

bool
NatFragmentIds::IsEmpty() const
{
    return m_ids.empty();
}

void
NatFragmentIds::Clear()
{
    m_ids.clear();
}

} // namespace ns3
