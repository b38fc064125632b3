/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ha-advertisement-cache.h"

#include <algorithm>

namespace ns3
{

namespace
{

/// \param prefixCompression D=1 \param realmCompression dictionary
/// \return encoder options without a size limit
PrefixAdvertisementEncodeOptions
CacheOptions(bool prefixCompression, bool realmCompression)
{
    PrefixAdvertisementEncodeOptions options;
    options.prefixCompression = prefixCompression;
    options.realmCompression = realmCompression;
    return options;
}

} // namespace

HaAdvertisementCache::HaAdvertisementCache(bool prefixCompression, bool realmCompression)
    : m_options(CacheOptions(prefixCompression, realmCompression)),
      m_state(m_options)
{
    m_checkpoints.push_back(m_state); // before entry 0: an empty extension's state
}

bool
HaAdvertisementCache::Uses(bool prefixCompression, bool realmCompression) const
{
    return m_options.prefixCompression == prefixCompression &&
           m_options.realmCompression == realmCompression;
}

void
HaAdvertisementCache::Invalidate(uint64_t key)
{
    size_t p = std::lower_bound(m_keys.begin(), m_keys.end(), key) - m_keys.begin();
    if (p >= m_keys.size())
    {
        return; // past what was listed: nothing kept depends on it
    }
    m_keys.resize(p);
    m_entries.resize(p);
    if (p < m_ends.size() || (m_blocked && p == m_ends.size()))
    {
        m_data.resize(EndBefore(p));
        m_ends.resize(p);
        m_prefixes.resize(p);
        m_blocked = false;
        size_t keep = std::min(m_checkpoints.size(), p / CHECKPOINT_INTERVAL + 1);
        m_checkpoints.erase(m_checkpoints.begin() + keep, m_checkpoints.end());
        m_stateStale = true;
    }
}

bool
HaAdvertisementCache::ListUpTo(size_t n)
{
    if (m_keys.size() >= n)
    {
        return true;
    }
    auto it = m_keys.empty() ? m_order->begin() : m_order->upper_bound(m_keys.back());
    for (; it != m_order->end() && m_keys.size() < n; ++it)
    {
        m_keys.push_back(it->first);
        m_entries.push_back(it->second);
    }
    return m_keys.size() >= n;
}

size_t
HaAdvertisementCache::EndBefore(size_t x) const
{
    return x == 0 ? 0 : m_ends[x - 1];
}

PrefixAdvertisementEncoder
HaAdvertisementCache::StateBefore(size_t x) const
{
    size_t c = std::min(x / CHECKPOINT_INTERVAL, m_checkpoints.size() - 1);
    PrefixAdvertisementEncoder state = m_checkpoints[c];
    MipBytes scratch;
    for (size_t y = c * CHECKPOINT_INTERVAL; y < x; ++y)
    {
        state.Append(*m_entries[y], scratch);
        scratch.clear();
    }
    return state;
}

bool
HaAdvertisementCache::EncodeNext()
{
    size_t x = m_ends.size();
    if (m_blocked || !ListUpTo(x + 1))
    {
        return false;
    }
    if (m_stateStale)
    {
        m_state = StateBefore(x);
        m_stateStale = false;
    }
    if (x % CHECKPOINT_INTERVAL == 0 && m_checkpoints.size() == x / CHECKPOINT_INTERVAL)
    {
        m_checkpoints.push_back(m_state);
    }
    const AdvertisedMobileRouter& entry = *m_entries[x];
    if (PrefixAdvertisementEncoder::Check(entry))
    {
        m_blocked = true;
        return false;
    }
    m_state.Append(entry, m_data);
    m_ends.push_back(m_data.size());
    m_prefixes.push_back((x == 0 ? 0 : m_prefixes[x - 1]) + entry.prefixes.size());
    return true;
}

void
HaAdvertisementCache::EncodeWhileFitting(int64_t shift, size_t dataLimit)
{
    while ((m_ends.empty() ||
            static_cast<int64_t>(m_ends.back()) + shift <= static_cast<int64_t>(dataLimit)) &&
           EncodeNext())
    {
    }
}

HaAdvertisementCache::Cut
HaAdvertisementCache::Build(const Order& order, std::optional<uint64_t> skip, size_t dataLimit)
{
    m_order = &order;
    Cut cut;
    EncodeWhileFitting(0, dataLimit);
    size_t fit = std::upper_bound(m_ends.begin(), m_ends.end(), dataLimit) - m_ends.begin();
    std::optional<size_t> skipped;
    if (skip)
    {
        auto it = std::lower_bound(m_keys.begin(), m_keys.end(), *skip);
        if (it != m_keys.end() && *it == *skip)
        {
            skipped = it - m_keys.begin();
        }
    }
    if (!skipped || *skipped > fit)
    {
        // The requester is not among the routers that fit: the base as it is, up to the
        // first router that does not fit, or up to one that cannot be encoded.
        cut.encodable = !(fit == m_ends.size() && m_blocked);
        cut.data.assign(m_data.begin(), m_data.begin() + EndBefore(fit));
        cut.entries = fit;
        cut.prefixes = fit == 0 ? 0 : m_prefixes[fit - 1];
        return cut;
    }

    // The base up to the requester, then the entries after it encoded again from the
    // state before it, until that state is the base's state at the same entry.
    size_t i = *skipped;
    size_t head = EndBefore(i);
    PrefixAdvertisementEncoder tail = StateBefore(i);
    tail.Rebase(dataLimit - head);
    std::optional<PrefixAdvertisementEncoder> base; // the base's state, entry by entry
    MipBytes scratch;
    if (i < m_ends.size())
    {
        base = tail;
        base->Append(*m_entries[i], scratch);
    }
    uint32_t tailPrefixes = 0;
    std::optional<size_t> converged; // the entry after which both states are equal
    for (size_t j = i + 1; !converged && ListUpTo(j + 1); ++j)
    {
        const AdvertisedMobileRouter& entry = *m_entries[j];
        PrefixAdvertisementEncoder::Status status = tail.Add(entry);
        if (status == PrefixAdvertisementEncoder::Status::NOT_ENCODABLE)
        {
            cut.encodable = false;
            return cut;
        }
        if (status == PrefixAdvertisementEncoder::Status::FULL)
        {
            break;
        }
        tailPrefixes += entry.prefixes.size();
        while (base && m_ends.size() <= j && EncodeNext())
        {
        }
        if (base && m_ends.size() > j)
        {
            scratch.clear();
            base->Append(entry, scratch);
            if (tail.HasSameState(*base))
            {
                converged = j;
            }
        }
        else
        {
            base.reset(); // the base stops before j: nothing to join
        }
    }
    cut.data.reserve(dataLimit);
    cut.data.assign(m_data.begin(), m_data.begin() + head);
    cut.data.insert(cut.data.end(), tail.GetData().begin(), tail.GetData().end());
    cut.entries = i + tail.GetEntryCount();
    cut.prefixes = (i == 0 ? 0 : m_prefixes[i - 1]) + tailPrefixes;
    if (converged)
    {
        // The rest is the base's, shifted by what the skip changed.
        size_t j = *converged;
        int64_t shift = static_cast<int64_t>(cut.data.size()) - static_cast<int64_t>(m_ends[j]);
        EncodeWhileFitting(shift, dataLimit);
        // cut.data.size() <= dataLimit, so the bound is at least m_ends[j]
        auto bound = static_cast<size_t>(static_cast<int64_t>(dataLimit) - shift);
        size_t k = std::upper_bound(m_ends.begin() + j + 1, m_ends.end(), bound) - m_ends.begin();
        if (k == m_ends.size() && m_blocked)
        {
            cut.encodable = false;
            return cut;
        }
        cut.data.insert(cut.data.end(), m_data.begin() + m_ends[j], m_data.begin() + EndBefore(k));
        cut.entries += k - j - 1;
        cut.prefixes += m_prefixes[k - 1] - m_prefixes[j];
    }
    return cut;
}

} // namespace ns3
