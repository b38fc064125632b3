/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "roc-content-pool.h"

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
    return &*m_contents.insert(content).first;
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
