/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef ROC_CONTENT_POOL_H
#define ROC_CONTENT_POOL_H

#include "ns3/mip-prefix.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief One network prefix reachable via a Correspondent Router, with its realm and
 * Prefix_Valid flag.
 */
struct RocPrefix
{
    MipPrefix prefix;  //!< the prefix (host bits zero)
    std::string realm; //!< its realm (empty: none)
    bool valid{false}; //!< Prefix_Valid: ownership confirmed by the Home Agent

    /// \param o other \return true if prefix, realm and valid are equal
    bool operator==(const RocPrefix& o) const;
};

/**
 * \ingroup haaro
 * \brief What Prefix Advertisements alone made of one Route Optimization Cache entry: its
 * prefixes (the router's home address /32 first) and the Info bit. Immutable once
 * interned; shared by every cache whose entry for that router has the same content.
 */
struct RocKnownRouter
{
    std::vector<RocPrefix> prefixes; //!< as RocEntry::prefixes
    bool outboundOnly{false};        //!< as RocEntry::outboundOnly

    /// \param o other \return true if the prefixes (in order) and the Info bit are equal
    bool operator==(const RocKnownRouter& o) const;
};

/**
 * \ingroup haaro
 * \brief An interning pool of RocKnownRouter contents (a flyweight, issue 14): every
 * distinct content is stored once, whatever the number of Route Optimization Caches that
 * hold an entry with that content; a cache keeps a pointer to it instead of a copy.
 *
 * Contents are compared by value (a hash, then operator==), so a cache's results never
 * depend on which pool it uses or whether another cache interned the same content first.
 * Interned contents live as long as the pool (it never shrinks: it holds the distinct
 * contents seen, not one per cache entry). Each content has a 32-bit id (InternId(), Get()),
 * so that a cache entry refers to it in 4 octets instead of a pointer's 8. A cache keeps
 * its pool alive (shared ownership). Not thread-safe, like the ns-3 simulator it serves.
 */
class RocContentPool
{
  public:
    /**
     * \param content a content
     * \return the pool's copy of an equal content (added when absent); valid as long as
     * the pool lives
     */
    const RocKnownRouter* Intern(const RocKnownRouter& content);

    /**
     * \param content a content
     * \return the id of the pool's copy of an equal content (added when absent)
     */
    uint32_t InternId(const RocKnownRouter& content);

    /**
     * \param id an id returned by InternId() of this pool
     * \return its content, valid as long as the pool lives
     */
    const RocKnownRouter& Get(uint32_t id) const
    {
        return m_contents[id];
    }

    /// \return the number of distinct contents held
    size_t GetSize() const;

    /**
     * \return the process-wide pool that every RouteOptimizationCache uses unless it is
     * given another one (RouteOptimizationCache::SetContentPool): routers of one process
     * share the contents they have in common
     */
    static std::shared_ptr<RocContentPool> GetDefault();

  private:
    /// Hash of a content: its prefixes (network, length, realm, valid) and Info bit.
    struct Hash
    {
        /// \param c content \return its hash
        size_t operator()(const RocKnownRouter& c) const;
    };

    std::deque<RocKnownRouter> m_contents;             //!< by id; stable addresses
    std::unordered_multimap<size_t, uint32_t> m_index; //!< content hash -> ids
};

} // namespace ns3

#endif /* ROC_CONTENT_POOL_H */
