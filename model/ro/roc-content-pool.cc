/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "roc-content-pool.h"

#include "ns3/abort.h"

#include <functional>

namespace ns3
{

namespace
{

/// \param seed running hash \param v value to mix in \return the new hash
size_t
Mix(size_t seed, size_t v)
{
    return seed ^ (v + 0x9e3779b97f4a7c15ull + (seed << 6) + (seed >> 2));
}

} // namespace

bool
RocPrefix::operator==(const RocPrefix& o) const
{
    return prefix == o.prefix && realm == o.realm && valid == o.valid;
}

bool
RocKnownRouter::operator==(const RocKnownRouter& o) const
{
    return outboundOnly == o.outboundOnly && prefixes == o.prefixes;
}

size_t
RocContentPool::Hash::operator()(const RocKnownRouter& c) const
{
    size_t h = c.outboundOnly ? 1 : 0;
    for (const RocPrefix& p : c.prefixes)
    {
        h = Mix(h, (static_cast<size_t>(p.prefix.network.Get()) << 8) | p.prefix.length);
        h = Mix(h, std::hash<std::string>()(p.realm) ^ (p.valid ? 1 : 0));
    }
    return h;
}

const RocKnownRouter*
RocContentPool::Intern(const RocKnownRouter& content)
{
    return &m_contents[InternId(content)];
}

uint32_t
RocContentPool::InternId(const RocKnownRouter& content)
{
    size_t hash = Hash()(content);
    auto [first, last] = m_index.equal_range(hash);
    for (auto it = first; it != last; ++it)
    {
        if (m_contents[it->second] == content)
        {
            return it->second;
        }
    }
    NS_ABORT_MSG_IF(m_contents.size() >= UINT32_MAX, "RocContentPool: too many contents");
    auto id = static_cast<uint32_t>(m_contents.size());
    m_contents.push_back(content);
    m_index.emplace(hash, id);
    return id;
}

size_t
RocContentPool::GetSize() const
{
    return m_contents.size();
}

std::shared_ptr<RocContentPool>
RocContentPool::GetDefault()
{
    static std::shared_ptr<RocContentPool> pool = std::make_shared<RocContentPool>();
    return pool;
}

} // namespace ns3
