/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPV4_PREFIX_TABLE_H
#define IPV4_PREFIX_TABLE_H

#include "ns3/abort.h"
#include "ns3/ipv4-address.h"

#include <array>
#include <cstdint>
#include <unordered_map>
#include <utility>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Longest-prefix-match table over IPv4 prefixes with a constant-time look-up.
 *
 * \tparam T the value stored with each prefix (copyable or movable).
 *
 * The table holds one hash map per prefix length (0 to 32), keyed by the masked network
 * address, and a bit mask of the lengths that currently hold at least one prefix.
 * Lookup() probes only the lengths in use, longest first, so a look-up costs at most
 * one hash probe per distinct prefix length in use (at most 33), whatever the number
 * of prefixes. Insert(), Remove() and LookupExact() cost one hash operation.
 *
 * Host bits of inserted prefixes are cleared: 10.1.2.3/24 is stored, found and
 * reported as 10.1.2.0/24. A length above 32 is a programming error and aborts.
 *
 * The table is not thread-safe (nor is the rest of an ns-3 simulation).
 */
template <class T>
class Ipv4PrefixTable
{
  public:
    /// Highest prefix length.
    static constexpr uint8_t MAX_LENGTH = 32;

    /**
     * \brief The network mask of a prefix length, in host byte order.
     * \param length prefix length, 0 to 32
     * \return the mask (0 for length 0, 0xffffffff for length 32)
     */
    static constexpr uint32_t MaskOf(uint8_t length)
    {
        return length == 0 ? 0u : (0xffffffffu << (32 - length));
    }

    /**
     * \brief Inserts a prefix, or replaces the value of a prefix already present.
     * \param prefix the network (host bits are ignored)
     * \param length the prefix length, 0 to 32
     * \param value the value to store
     * \return true if the prefix was new, false if its value was replaced
     */
    bool Insert(Ipv4Address prefix, uint8_t length, T value)
    {
        CheckLength(length);
        auto& map = m_byLength[length];
        uint32_t key = prefix.Get() & MaskOf(length);
        auto it = map.find(key);
        if (it != map.end())
        {
            it->second = std::move(value);
            return false;
        }
        map.emplace(key, std::move(value));
        m_lengthsInUse |= Bit(length);
        ++m_size;
        return true;
    }

    /**
     * \brief Removes a prefix.
     * \param prefix the network (host bits are ignored)
     * \param length the prefix length, 0 to 32
     * \return true if the prefix was present
     */
    bool Remove(Ipv4Address prefix, uint8_t length)
    {
        CheckLength(length);
        auto& map = m_byLength[length];
        if (map.erase(prefix.Get() & MaskOf(length)) == 0)
        {
            return false;
        }
        --m_size;
        if (map.empty())
        {
            m_lengthsInUse &= ~Bit(length);
        }
        return true;
    }

    /**
     * \brief Longest-prefix match.
     * \param address the address to look up
     * \param matchedLength if not null, receives the length of the matching prefix
     * \return the value of the longest prefix that contains the address, or nullptr
     */
    T* Lookup(Ipv4Address address, uint8_t* matchedLength = nullptr)
    {
        return LookupIf(
            address,
            [](const T&) { return true; },
            matchedLength);
    }

    /**
     * \brief Longest-prefix match (const version).
     * \param address the address to look up
     * \param matchedLength if not null, receives the length of the matching prefix
     * \return the value of the longest prefix that contains the address, or nullptr
     */
    const T* Lookup(Ipv4Address address, uint8_t* matchedLength = nullptr) const
    {
        return const_cast<Ipv4PrefixTable*>(this)->Lookup(address, matchedLength);
    }

    /**
     * \brief Longest-prefix match among the prefixes whose value satisfies a predicate.
     *
     * The prefixes that contain the address are tried longest first; the first one
     * whose value satisfies the predicate is returned. Used, for instance, to skip the
     * routes of an interface that is down and fall back to a shorter prefix.
     *
     * \tparam Predicate a callable bool(const T&)
     * \param address the address to look up
     * \param accept the predicate
     * \param matchedLength if not null, receives the length of the matching prefix
     * \return the accepted value of the longest matching prefix, or nullptr
     */
    template <class Predicate>
    T* LookupIf(Ipv4Address address, Predicate accept, uint8_t* matchedLength = nullptr)
    {
        uint32_t addr = address.Get();
        uint64_t lengths = m_lengthsInUse;
        while (lengths != 0)
        {
            uint8_t length = static_cast<uint8_t>(63 - __builtin_clzll(lengths));
            lengths &= ~Bit(length);
            auto& map = m_byLength[length];
            auto it = map.find(addr & MaskOf(length));
            if (it != map.end() && accept(static_cast<const T&>(it->second)))
            {
                if (matchedLength != nullptr)
                {
                    *matchedLength = length;
                }
                return &it->second;
            }
        }
        return nullptr;
    }

    /**
     * \brief Longest-prefix match with a predicate (const version).
     * \tparam Predicate a callable bool(const T&)
     * \param address the address to look up
     * \param accept the predicate
     * \param matchedLength if not null, receives the length of the matching prefix
     * \return the accepted value of the longest matching prefix, or nullptr
     */
    template <class Predicate>
    const T* LookupIf(Ipv4Address address, Predicate accept, uint8_t* matchedLength = nullptr) const
    {
        return const_cast<Ipv4PrefixTable*>(this)->LookupIf(address, accept, matchedLength);
    }

    /**
     * \brief Exact match of a prefix.
     * \param prefix the network (host bits are ignored)
     * \param length the prefix length, 0 to 32
     * \return the value stored for exactly this prefix, or nullptr
     */
    T* LookupExact(Ipv4Address prefix, uint8_t length)
    {
        CheckLength(length);
        auto& map = m_byLength[length];
        auto it = map.find(prefix.Get() & MaskOf(length));
        return it == map.end() ? nullptr : &it->second;
    }

    /**
     * \brief Exact match of a prefix (const version).
     * \param prefix the network (host bits are ignored)
     * \param length the prefix length, 0 to 32
     * \return the value stored for exactly this prefix, or nullptr
     */
    const T* LookupExact(Ipv4Address prefix, uint8_t length) const
    {
        return const_cast<Ipv4PrefixTable*>(this)->LookupExact(prefix, length);
    }

    /// \return the number of prefixes in the table
    std::size_t Size() const
    {
        return m_size;
    }

    /// \return true if the table holds no prefix
    bool IsEmpty() const
    {
        return m_size == 0;
    }

    /// \return a bit mask with bit L set when at least one prefix of length L is present
    uint64_t GetLengthsInUse() const
    {
        return m_lengthsInUse;
    }

    /// \brief Removes every prefix.
    void Clear()
    {
        for (auto& map : m_byLength)
        {
            map.clear();
        }
        m_lengthsInUse = 0;
        m_size = 0;
    }

    /**
     * \brief Calls a function for each prefix, longest prefixes first (the order within
     * one length is unspecified). The function must not insert or remove prefixes.
     * \tparam Function a callable void(Ipv4Address prefix, uint8_t length, const T& value)
     * \param f the function
     */
    template <class Function>
    void ForEach(Function f) const
    {
        for (int length = MAX_LENGTH; length >= 0; --length)
        {
            for (const auto& entry : m_byLength[length])
            {
                f(Ipv4Address(entry.first), static_cast<uint8_t>(length), entry.second);
            }
        }
    }

  private:
    /**
     * \param length a prefix length
     * \return the bit of that length in m_lengthsInUse
     */
    static constexpr uint64_t Bit(uint8_t length)
    {
        return uint64_t{1} << length;
    }

    /**
     * Aborts on a prefix length above 32 (a programming error).
     * \param length the prefix length
     */
    static void CheckLength(uint8_t length)
    {
        NS_ABORT_MSG_IF(length > MAX_LENGTH,
                        "Ipv4PrefixTable: prefix length " << +length << " > 32");
    }

    std::array<std::unordered_map<uint32_t, T>, MAX_LENGTH + 1> m_byLength; //!< one map per length
    uint64_t m_lengthsInUse{0}; //!< bit L set when m_byLength[L] is not empty
    std::size_t m_size{0};      //!< number of prefixes
};

} // namespace ns3

#endif /* IPV4_PREFIX_TABLE_H */
