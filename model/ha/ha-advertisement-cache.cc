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

HaAdvertisementCache::Encoding::Encoding(const PrefixAdvertisementEncodeOptions& options,
                                         std::optional<size_t> skip)
    : skip(skip),
      state(options)
{
}

size_t
HaAdvertisementCache::Encoding::EndBefore(size_t x) const
{
    return x == 0 ? 0 : ends[x - 1];
}

uint32_t
HaAdvertisementCache::Encoding::PrefixesBefore(size_t x) const
{
    return x == 0 ? 0 : prefixes[x - 1];
}

void
HaAdvertisementCache::Encoding::Truncate(size_t p)
{
    if (p < ends.size() || (blocked && p == ends.size()))
    {
        data.resize(EndBefore(p));
        ends.resize(p);
        prefixes.resize(p);
        blocked = false;
        size_t keep = std::min(checkpoints.size(), p / CHECKPOINT_INTERVAL + 1);
        checkpoints.erase(checkpoints.begin() + keep, checkpoints.end());
        stateStale = true;
    }
}

HaAdvertisementCache::HaAdvertisementCache(bool prefixCompression, bool realmCompression)
    : m_options(CacheOptions(prefixCompression, realmCompression)),
      m_base(m_options, std::nullopt)
{
    // before entry 0: an empty extension's state
    m_base.checkpoints.push_back(std::make_shared<PrefixAdvertisementEncoder>(m_base.state));
}

bool
HaAdvertisementCache::Uses(bool prefixCompression, bool realmCompression) const
{
    return m_options.prefixCompression == prefixCompression &&
           m_options.realmCompression == realmCompression;
}

const HaAdvertisementCache::Counters&
HaAdvertisementCache::GetCounters() const
{
    return m_counters;
}

size_t
HaAdvertisementCache::FindListed(uint64_t key) const
{
    return std::lower_bound(m_listed.begin(),
                            m_listed.end(),
                            key,
                            [](const Listed& l, uint64_t k) { return l.key < k; }) -
           m_listed.begin();
}

void
HaAdvertisementCache::Invalidate(uint64_t key)
{
    size_t p = FindListed(key);
    if (p >= m_listed.size())
    {
        return; // past what was listed: nothing kept depends on it
    }
    m_listed.resize(p);
    for (auto it = m_labels.begin(); it != m_labels.end();)
    {
        std::vector<uint32_t>& uses = it->second;
        while (!uses.empty() && uses.back() >= p)
        {
            uses.pop_back();
        }
        it = uses.empty() ? m_labels.erase(it) : std::next(it);
    }
    m_base.Truncate(p);
    // An alternate without a router from p on is without another one now, or at another
    // place: it goes.
    m_alternates.erase(std::remove_if(m_alternates.begin(),
                                      m_alternates.end(),
                                      [p](const Encoding& a) { return *a.skip >= p; }),
                       m_alternates.end());
    for (Encoding& a : m_alternates)
    {
        a.Truncate(p);
    }
}

bool
HaAdvertisementCache::ListUpTo(size_t n)
{
    if (m_listed.size() >= n)
    {
        return true;
    }
    auto it = m_listed.empty() ? m_order->begin() : m_order->upper_bound(m_listed.back().key);
    for (; it != m_order->end() && m_listed.size() < n; ++it)
    {
        auto x = static_cast<uint32_t>(m_listed.size());
        m_listed.push_back(
            {it->first, it->second, !PrefixAdvertisementEncoder::Check(*it->second)});
        for (const auto& prefix : it->second->prefixes)
        {
            std::string_view realm = prefix.realm;
            for (size_t start = 0; start < realm.size();)
            {
                size_t dot = std::min(realm.find('.', start), realm.size());
                std::string_view label = realm.substr(start, dot - start);
                auto uses = m_labels.find(label);
                if (uses == m_labels.end())
                {
                    uses = m_labels.emplace(std::string(label), std::vector<uint32_t>()).first;
                }
                if (uses->second.empty() || uses->second.back() != x)
                {
                    uses->second.push_back(x);
                }
                start = dot + 1;
            }
        }
    }
    return m_listed.size() >= n;
}

bool
HaAdvertisementCache::HasLabel(std::string_view label, size_t from, size_t to) const
{
    auto it = m_labels.find(label);
    if (it == m_labels.end())
    {
        return false;
    }
    auto use = std::lower_bound(it->second.begin(), it->second.end(), from);
    return use != it->second.end() && *use < to;
}

PrefixAdvertisementEncoder
HaAdvertisementCache::StateBefore(const Encoding& e, size_t x) const
{
    size_t c = std::min(x / CHECKPOINT_INTERVAL, e.checkpoints.size() - 1);
    PrefixAdvertisementEncoder state = *e.checkpoints[c];
    MipBytes scratch;
    for (size_t y = c * CHECKPOINT_INTERVAL; y < x; ++y)
    {
        if (e.skip != y)
        {
            state.Append(*m_listed[y].entry, scratch);
            scratch.clear();
        }
    }
    return state;
}

bool
HaAdvertisementCache::EncodeNext(Encoding& e)
{
    size_t x = e.ends.size();
    if (e.blocked || !ListUpTo(x + 1))
    {
        return false;
    }
    if (e.stateStale)
    {
        e.state = StateBefore(e, x);
        e.stateStale = false;
    }
    if (x % CHECKPOINT_INTERVAL == 0 && e.checkpoints.size() == x / CHECKPOINT_INTERVAL)
    {
        e.checkpoints.push_back(std::make_shared<PrefixAdvertisementEncoder>(e.state));
    }
    if (e.skip == x)
    {
        e.ends.push_back(e.EndBefore(x));
        e.prefixes.push_back(e.PrefixesBefore(x));
        return true;
    }
    const AdvertisedMobileRouter& entry = *m_listed[x].entry;
    if (!m_listed[x].encodable)
    {
        e.blocked = true;
        return false;
    }
    e.state.Append(entry, e.data);
    e.ends.push_back(e.data.size());
    e.prefixes.push_back(e.PrefixesBefore(x) + entry.prefixes.size());
    m_counters.encoded++;
    return true;
}

void
HaAdvertisementCache::EncodeWhileFitting(Encoding& e, int64_t shift, size_t dataLimit)
{
    while ((e.ends.empty() ||
            static_cast<int64_t>(e.ends.back()) + shift <= static_cast<int64_t>(dataLimit)) &&
           EncodeNext(e))
    {
    }
}

HaAdvertisementCache::Cut
HaAdvertisementCache::CutOf(const Encoding& e, size_t dataLimit) const
{
    Cut cut;
    size_t fit = std::upper_bound(e.ends.begin(), e.ends.end(), dataLimit) - e.ends.begin();
    if (fit == e.ends.size() && e.blocked)
    {
        cut.encodable = false; // the first entry that does not fit cannot be encoded
        return cut;
    }
    cut.data.assign(e.data.begin(), e.data.begin() + e.EndBefore(fit));
    // a skipped entry ends where the one before it does: it is never the first to not fit
    cut.entries = fit - (e.skip && *e.skip < fit ? 1 : 0);
    cut.prefixes = e.PrefixesBefore(fit);
    return cut;
}

HaAdvertisementCache::Cut
HaAdvertisementCache::Build(const Order& order, std::optional<uint64_t> skip, size_t dataLimit)
{
    m_order = &order;
    m_counters.cuts++;
    EncodeWhileFitting(m_base, 0, dataLimit);
    size_t fit =
        std::upper_bound(m_base.ends.begin(), m_base.ends.end(), dataLimit) - m_base.ends.begin();
    if (skip)
    {
        size_t i = FindListed(*skip);
        if (i < m_listed.size() && m_listed[i].key == *skip && i <= fit)
        {
            return BuildWithout(i, dataLimit);
        }
    }
    // The requester is not among the routers that fit: the base as it is, up to the first
    // router that does not fit, or up to one that cannot be encoded.
    Cut cut = CutOf(m_base, dataLimit);
    m_counters.copied += cut.entries;
    return cut;
}

std::optional<HaAdvertisementCache::Cut>
HaAdvertisementCache::Join(const Encoding& tail,
                           size_t x,
                           Encoding& other,
                           const PrefixAdvertisementEncoder& otherState,
                           size_t dataLimit)
{
    m_counters.compared++;
    int64_t shift =
        static_cast<int64_t>(tail.EndBefore(x)) - static_cast<int64_t>(other.EndBefore(x));
    EncodeWhileFitting(other, shift, dataLimit);
    // tail.EndBefore(x) <= dataLimit, so the bound is at least other.EndBefore(x)
    auto bound = static_cast<size_t>(static_cast<int64_t>(dataLimit) - shift);
    size_t k =
        std::upper_bound(other.ends.begin() + x, other.ends.end(), bound) - other.ends.begin();
    // The entries [x, k) look up only strings that begin with one of their labels.
    auto mayBeLookedUp = [this, x, k](std::string_view s) {
        return HasLabel(s.substr(0, s.find('.')), x, k);
    };
    if (!tail.state.HasEquivalentState(otherState, mayBeLookedUp))
    {
        return std::nullopt;
    }
    Cut cut;
    if (k == other.ends.size() && other.blocked)
    {
        cut.encodable = false; // the tail reaches the same entry, all before it fitting
        return cut;
    }
    cut.data.reserve(tail.EndBefore(x) + other.EndBefore(k) - other.EndBefore(x));
    cut.data.assign(tail.data.begin(), tail.data.begin() + tail.EndBefore(x));
    cut.data.insert(cut.data.end(),
                    other.data.begin() + other.EndBefore(x),
                    other.data.begin() + other.EndBefore(k));
    cut.entries = x - (tail.skip && *tail.skip < x ? 1 : 0) + (k - x);
    cut.prefixes = tail.PrefixesBefore(x) + other.PrefixesBefore(k) - other.PrefixesBefore(x);
    return cut;
}

HaAdvertisementCache::Cut
HaAdvertisementCache::BuildWithout(size_t i, size_t dataLimit)
{
    for (Encoding& a : m_alternates)
    {
        if (a.skip == i)
        {
            a.used = m_counters.cuts;
            uint64_t encoded = m_counters.encoded;
            EncodeWhileFitting(a, 0, dataLimit);
            Cut cut = CutOf(a, dataLimit);
            m_counters.copied +=
                cut.entries - std::min<uint64_t>(cut.entries, m_counters.encoded - encoded);
            return cut;
        }
    }

    // The base up to the requester, then the entries after it encoded again from the state
    // before it, until that state is equivalent to a kept encoding's at the same entry.
    Encoding tail(m_options, i);
    tail.data.assign(m_base.data.begin(), m_base.data.begin() + m_base.EndBefore(i));
    tail.ends.assign(m_base.ends.begin(), m_base.ends.begin() + i);
    tail.prefixes.assign(m_base.prefixes.begin(), m_base.prefixes.begin() + i);
    tail.checkpoints.assign(m_base.checkpoints.begin(),
                            m_base.checkpoints.begin() +
                                std::min(m_base.checkpoints.size(), i / CHECKPOINT_INTERVAL + 1));
    tail.state = StateBefore(m_base, i);
    // The base's state entry by entry up to the next checkpoint (where a skip changes only
    // the prefix master, the states join right after the requester).
    std::optional<PrefixAdvertisementEncoder> baseState = tail.state;
    size_t parallelEnd = (i / CHECKPOINT_INTERVAL + 1) * CHECKPOINT_INTERVAL;
    uint64_t encoded = m_counters.encoded;
    MipBytes scratch;
    while ((tail.ends.empty() || tail.ends.back() <= dataLimit) && EncodeNext(tail))
    {
        size_t x = tail.ends.size(); // entries encoded: the states compared are before x
        if (tail.ends.back() > dataLimit)
        {
            break; // the cut ends before entry x - 1: nothing to join
        }
        if (baseState)
        {
            const AdvertisedMobileRouter& entry = *m_listed[x - 1].entry;
            if (x > parallelEnd || !m_listed[x - 1].encodable)
            {
                baseState.reset();
            }
            else
            {
                baseState->Append(entry, scratch);
                scratch.clear();
                while (m_base.ends.size() < x && EncodeNext(m_base))
                {
                }
                if (m_base.ends.size() < x)
                {
                    baseState.reset(); // the base stops before x: nothing to join
                }
            }
        }
        std::optional<Cut> joined;
        if (baseState)
        {
            joined = Join(tail, x, m_base, *baseState, dataLimit);
        }
        if (!joined && x % CHECKPOINT_INTERVAL == 0)
        {
            // At a checkpoint: the base (if not compared above) and every alternate
            // without a router before x.
            std::vector<Encoding*> others;
            if (!baseState)
            {
                others.push_back(&m_base);
            }
            for (Encoding& a : m_alternates)
            {
                if (*a.skip < x)
                {
                    others.push_back(&a);
                }
            }
            for (Encoding* other : others)
            {
                while (other->ends.size() < x && EncodeNext(*other))
                {
                }
                if (other->ends.size() == x && other->checkpoints.size() <= x / CHECKPOINT_INTERVAL)
                {
                    EncodeNext(*other); // saves the state before x
                }
                if (other->ends.size() < x || other->checkpoints.size() <= x / CHECKPOINT_INTERVAL)
                {
                    continue;
                }
                joined =
                    Join(tail, x, *other, *other->checkpoints[x / CHECKPOINT_INTERVAL], dataLimit);
                if (joined)
                {
                    other->used = m_counters.cuts;
                    break;
                }
            }
        }
        if (joined)
        {
            uint64_t own = m_counters.encoded - encoded;
            m_counters.copied += joined->entries - std::min<uint64_t>(joined->entries, own);
            return *joined;
        }
    }

    // Joined none: this encoding is kept as an alternate (in place of the least recently
    // used one), for the requesters whose encodings will join it.
    Cut cut = CutOf(tail, dataLimit);
    m_counters.copied += i; // the base's octets before the requester
    tail.used = m_counters.cuts;
    if (m_alternates.size() < MAX_ALTERNATES)
    {
        m_alternates.push_back(std::move(tail));
    }
    else
    {
        *std::min_element(m_alternates.begin(),
                          m_alternates.end(),
                          [](const Encoding& a, const Encoding& b) { return a.used < b.used; }) =
            std::move(tail);
    }
    return cut;
}

} // namespace ns3
