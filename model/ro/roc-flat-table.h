/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef ROC_FLAT_TABLE_H
#define ROC_FLAT_TABLE_H

#include <algorithm>
#include <cstddef>
#include <map>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief A sorted table of records with unique keys, compact in memory (issue 14): the
 * records are one vector sorted by key (no node, no pointer per record), and the records
 * inserted since the last merge wait in a small ordered map that Flush() merges into the
 * vector in one linear pass.
 *
 * Find() is a binary search of the vector (and, while records wait, a look-up in the
 * map); Insert() costs a map insertion, and merges the waiting records into the vector
 * once they exceed an eighth of it (at least 32), so that inserting many records costs
 * amortized linear time, never one vector shift per record. Erase() shifts the vector
 * (linear: erasing is rare in the Route Optimization Cache). The vector is reallocated to
 * its exact size at each merge. A search first looks at every 32nd key (kept in a vector of
 * their own, a thirty-second of the records), then within one block of 32 records.
 *
 * Pointers returned by Find() and Insert() are valid until the next Insert(), Erase() or
 * Flush().
 *
 * \tparam T the record (copyable); it holds its own key
 * \tparam Key the key type (ordered with operator<)
 * \tparam KeyOf a callable Key(const T&) giving a record's key
 */
template <class T, class Key, class KeyOf>
class RocFlatTable
{
  public:
    /**
     * \param key a key
     * \return its record, or nullptr
     */
    T* Find(const Key& key)
    {
        auto it = LowerBound(key);
        if (it != m_flat.end() && !(key < KeyOf()(*it)))
        {
            return &*it;
        }
        if (m_pending.empty())
        {
            return nullptr;
        }
        auto p = m_pending.find(key);
        return p == m_pending.end() ? nullptr : &p->second;
    }

    /**
     * \param key a key
     * \return its record, or nullptr
     */
    const T* Find(const Key& key) const
    {
        return const_cast<RocFlatTable*>(this)->Find(key);
    }

    /**
     * \brief Adds a record whose key is not in the table yet.
     * \param record the record
     * \return the table's copy
     */
    T& Insert(const T& record)
    {
        if (m_pending.size() >= std::max<size_t>(MIN_PENDING, m_flat.size() / 8))
        {
            Flush();
        }
        return m_pending.emplace(KeyOf()(record), record).first->second;
    }

    /**
     * \param key a key
     * \return true if its record was there (and is removed)
     */
    bool Erase(const Key& key)
    {
        auto it = LowerBound(key);
        if (it != m_flat.end() && !(key < KeyOf()(*it)))
        {
            m_flat.erase(it);
            Sample();
            return true;
        }
        return m_pending.erase(key) > 0;
    }

    /// \brief Merges the waiting records into the sorted vector (exactly sized).
    void Flush()
    {
        if (m_pending.empty())
        {
            return;
        }
        std::vector<T> merged;
        merged.reserve(m_flat.size() + m_pending.size());
        auto a = m_flat.begin();
        for (auto& kv : m_pending)
        {
            while (a != m_flat.end() && KeyOf()(*a) < kv.first)
            {
                merged.push_back(*a++);
            }
            merged.push_back(kv.second);
        }
        merged.insert(merged.end(), a, m_flat.end());
        m_flat.swap(merged);
        m_pending.clear();
        Sample();
    }

    /// \return the number of records
    size_t Size() const
    {
        return m_flat.size() + m_pending.size();
    }

    /**
     * \brief Calls f(const T&) on every record whose key is in [low, high], in key order.
     * f must not change the table.
     * \tparam F callable void(const T&)
     * \param low lowest key \param high highest key \param f the function
     */
    template <class F>
    void ForRange(const Key& low, const Key& high, F f) const
    {
        auto a = const_cast<RocFlatTable*>(this)->LowerBound(low);
        auto p = m_pending.lower_bound(low);
        while (true)
        {
            bool flatIn = a != m_flat.end() && !(high < KeyOf()(*a));
            bool pendingIn = p != m_pending.end() && !(high < p->first);
            if (!flatIn && !pendingIn)
            {
                return;
            }
            if (flatIn && (!pendingIn || KeyOf()(*a) < p->first))
            {
                f(static_cast<const T&>(*a++));
            }
            else
            {
                f(static_cast<const T&>(p->second));
                ++p;
            }
        }
    }

    /**
     * \brief The records in key order, once merged: call Flush() first.
     * \return the sorted vector
     */
    std::vector<T>& Flat()
    {
        return m_flat;
    }

    /**
     * \param key a key
     * \return the index in Flat() of the first record whose key is not below key
     */
    size_t LowerBoundIndex(const Key& key)
    {
        return LowerBound(key) - m_flat.begin();
    }

  private:
    /// Records that wait before a merge is worth it.
    static constexpr size_t MIN_PENDING = 32;

    /// Records per sample of the key index.
    static constexpr size_t BLOCK = 32;

    /// \brief Rebuilds m_samples from m_flat.
    void Sample()
    {
        m_samples.clear();
        m_samples.reserve((m_flat.size() + BLOCK - 1) / BLOCK);
        for (size_t i = 0; i < m_flat.size(); i += BLOCK)
        {
            m_samples.push_back(KeyOf()(m_flat[i]));
        }
    }

    /// \param key a key \return the first record of m_flat not below it: a binary search
    /// of the sampled keys (small, usually in the processor's cache), then of one block
    typename std::vector<T>::iterator LowerBound(const Key& key)
    {
        // Samples below key: the first record not below it comes after their last block's
        // first record and no later than the next block's first one.
        size_t below =
            std::lower_bound(m_samples.begin(), m_samples.end(), key) - m_samples.begin();
        if (below == 0)
        {
            return m_flat.begin();
        }
        auto first = m_flat.begin() + (below - 1) * BLOCK + 1;
        auto last = m_flat.begin() + std::min(below * BLOCK, m_flat.size());
        return std::lower_bound(first, last, key, [](const T& r, const Key& k) {
            return KeyOf()(r) < k;
        });
    }

    std::vector<T> m_flat;      //!< the merged records, sorted by key
    std::vector<Key> m_samples; //!< the key of every BLOCK-th record of m_flat
    std::map<Key, T> m_pending; //!< records inserted since the last merge
};

} // namespace ns3

#endif /* ROC_FLAT_TABLE_H */
