/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nat-mapping-table.h"

#include "ns3/log.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NatMappingTable");

NatMapping*
NatMappingTable::FindByExternal(uint8_t protocol, uint16_t externalPort)
{
    auto it = m_byExternal.find(ExternalKey(protocol, externalPort));
    return it == m_byExternal.end() ? nullptr : &it->second;
}

NatMapping*
NatMappingTable::FindByInside(const NatInsideKey& key)
{
    auto it = m_byInside.find(key);
    if (it == m_byInside.end())
    {
        return nullptr;
    }
    auto m = m_byExternal.find(it->second);
    NS_ASSERT(m != m_byExternal.end());
    return &m->second;
}

NatMapping*
NatMappingTable::Insert(const NatMapping& mapping)
{
    uint32_t ext = ExternalKey(mapping.key.protocol, mapping.externalPort);
    NS_ASSERT_MSG(m_byExternal.find(ext) == m_byExternal.end(), "external port in use");
    NS_ASSERT_MSG(m_byInside.find(mapping.key) == m_byInside.end(), "inside key in use");
    auto res = m_byExternal.emplace(ext, mapping);
    m_byInside.emplace(mapping.key, ext);
    return &res.first->second;
}

void
NatMappingTable::Remove(uint8_t protocol, uint16_t externalPort)
{
    auto it = m_byExternal.find(ExternalKey(protocol, externalPort));
    if (it == m_byExternal.end())
    {
        return;
    }
    m_byInside.erase(it->second.key);
    m_byExternal.erase(it);
}

bool
NatMappingTable::IsExternalPortUsed(uint8_t protocol, uint16_t port) const
{
    return m_byExternal.find(ExternalKey(protocol, port)) != m_byExternal.end();
}

std::optional<uint16_t>
NatMappingTable::FindFreePort(uint8_t protocol,
                              uint32_t from,
                              uint16_t first,
                              uint16_t last,
                              const std::function<bool(uint16_t)>& alsoUsed,
                              uint32_t maxProbes) const
{
    if (first > last)
    {
        std::swap(first, last);
    }
    uint32_t span = uint32_t(last) - first + 1;
    if (from < first || from > last)
    {
        from = first;
    }
    uint32_t offset = from - first;
    uint32_t probes = (maxProbes == 0 || maxProbes > span) ? span : maxProbes;
    for (uint32_t n = 0; n < probes; ++n)
    {
        auto port = static_cast<uint16_t>(first + (offset + n) % span);
        if (!IsExternalPortUsed(protocol, port) && !(alsoUsed && alsoUsed(port)))
        {
            return port;
        }
    }
    return std::nullopt;
}

uint32_t
NatMappingTable::GetSize() const
{
    return static_cast<uint32_t>(m_byExternal.size());
}

uint32_t
NatMappingTable::CountLive(Time now) const
{
    uint32_t n = 0;
    for (const auto& [ext, m] : m_byExternal)
    {
        if (m.expires > now)
        {
            ++n;
        }
    }
    return n;
}

std::vector<std::pair<uint8_t, uint16_t>>
NatMappingTable::CollectExpired(Time now) const
{
    std::vector<std::pair<uint8_t, uint16_t>> out;
    for (const auto& [ext, m] : m_byExternal)
    {
        if (m.expires <= now)
        {
            out.emplace_back(m.key.protocol, m.externalPort);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<const NatMapping*>
NatMappingTable::GetAll() const
{
    std::vector<const NatMapping*> out;
    out.reserve(m_byExternal.size());
    for (const auto& [ext, m] : m_byExternal)
    {
        out.push_back(&m);
    }
    std::sort(out.begin(), out.end(), [](const NatMapping* a, const NatMapping* b) {
        return std::make_pair(a->key.protocol, a->externalPort) <
               std::make_pair(b->key.protocol, b->externalPort);
    });
    return out;
}

void
NatMappingTable::Clear()
{
    m_byExternal.clear();
    m_byInside.clear();
}

void
NatMappingTable::Print(std::ostream& os, Time::Unit unit) const
{
    os << "Proto  Inside                 External  Remote (first)         Expires\n";
    for (const NatMapping* m : GetAll())
    {
        std::ostringstream inside;
        inside << m->GetInsideAddress() << ":" << m->key.insidePort;
        std::ostringstream remote;
        remote << m->firstRemote << ":" << m->firstRemotePort;
        os << std::left << std::setw(7) << unsigned(m->key.protocol) << std::setw(23)
           << inside.str() << std::setw(10) << m->externalPort << std::setw(23) << remote.str()
           << m->expires.As(unit) << "\n";
    }
}

} // namespace ns3
