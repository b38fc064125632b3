/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef HA_ADVERTISEMENT_CACHE_H
#define HA_ADVERTISEMENT_CACHE_H

#include "ns3/mip-wire.h"
#include "ns3/prefix-advertisement-encoder.h"
#include "ns3/prefix-advertisement-extension.h"

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The Home Agent's Prefix Advertisement kept between replies (issue 14): the
 * advertisable routers of one priority order, encoded once, from which the advertisement
 * for each requester is cut.
 *
 * The "base" is the encoding of the whole order (nobody skipped), written entry by entry
 * as far as replies need it, with the end offset of every entry and the compression state
 * (prefix master, realm dictionary: PrefixAdvertisementEncoder) saved before every
 * CHECKPOINT_INTERVAL-th entry. A reply lists every router but the requester, so up to
 * the requester its octets are the base's; from there the entries are encoded again from
 * the saved state, without the requester, and compared state by state with the base:
 * once both encoders are in the same state the remaining octets are the base's again
 * (shifted), and the size limit cuts them at an entry boundary. So a reply costs the
 * entries around the requester plus copying octets, not one encoding per entry.
 *
 * The octets are exactly those of encoding the order without the requester entry by
 * entry with a PrefixAdvertisementEncoder (HaPrefixAdvertiser's reference; the unit test
 * compares both on random sequences of changes). The owner calls Invalidate() before or
 * after changing an entry, inserting or removing one: what follows that place is written
 * again when next needed. The cache keeps pointers to the entries of the order.
 */
class HaAdvertisementCache
{
  public:
    /// The advertisable routers in priority order: sort key (rank or home address) ->
    /// entry. The entries must stay where they are until Invalidate() is called for them.
    using Order = std::map<uint64_t, const AdvertisedMobileRouter*>;

    /// One advertisement's content.
    struct Cut
    {
        MipBytes data;        //!< the extension's data octets
        uint32_t entries{0};  //!< Mobile Router entries in it
        uint32_t prefixes{0}; //!< prefixes in it
        bool encodable{true}; //!< false: an entry to list cannot be encoded (nothing sent)
    };

    /// Entries between two saved compression states.
    static constexpr size_t CHECKPOINT_INTERVAL = 32;

    /**
     * \param prefixCompression send prefixes with D=1 where that saves octets
     * \param realmCompression use the realm dictionary
     */
    HaAdvertisementCache(bool prefixCompression, bool realmCompression);

    /// \param prefixCompression D=1 \param realmCompression dictionary
    /// \return true if the cache encodes with these choices
    bool Uses(bool prefixCompression, bool realmCompression) const;

    /**
     * \brief The entry at this key was inserted, changed or removed: everything from there
     * on is encoded again when next needed.
     * \param key its sort key
     */
    void Invalidate(uint64_t key);

    /**
     * \param order the advertisable routers in priority order (the same one at every call)
     * \param skip the sort key of the router not to list (the requester), if any
     * \param dataLimit most data octets
     * \return the routers of the order but skip, in order, up to the first that does not
     * fit; not encodable if a router before that cannot be encoded
     */
    Cut Build(const Order& order, std::optional<uint64_t> skip, size_t dataLimit);

  private:
    /**
     * \param n entries wanted
     * \return true if the order has at least n entries (listed into m_keys/m_entries)
     */
    bool ListUpTo(size_t n);
    /// \return true if one more entry was encoded into the base (false: the order is
    /// exhausted, or the next entry cannot be encoded: m_blocked)
    bool EncodeNext();
    /**
     * \brief Encodes base entries while they all fit after a shift.
     * \param shift octets added to every base offset \param dataLimit most data octets
     */
    void EncodeWhileFitting(int64_t shift, size_t dataLimit);

    /// \param x an entry index, at most the number encoded
    /// \return the compression state before entry x (a saved state and the entries after)
    PrefixAdvertisementEncoder StateBefore(size_t x) const;
    /// \param x an entry index \return the data octets of the entries before x
    size_t EndBefore(size_t x) const;

    const Order* m_order{nullptr};                        //!< the order of the current Build()
    PrefixAdvertisementEncodeOptions m_options;           //!< compression choices (no limit)
    std::vector<uint64_t> m_keys;                         //!< the order's first keys
    std::vector<const AdvertisedMobileRouter*> m_entries; //!< their entries
    MipBytes m_data;                                      //!< base octets of the encoded entries
    std::vector<size_t> m_ends;                           //!< end offset of each encoded entry
    std::vector<uint32_t> m_prefixes;                     //!< prefixes up to each encoded entry
    bool m_blocked{false}; //!< the entry after the encoded ones cannot be encoded
    /// compression state before entry i * CHECKPOINT_INTERVAL
    std::vector<PrefixAdvertisementEncoder> m_checkpoints;
    PrefixAdvertisementEncoder m_state; //!< state after the encoded entries
    bool m_stateStale{false};           //!< m_state must be recomputed (Invalidate())
};

} // namespace ns3

#endif /* HA_ADVERTISEMENT_CACHE_H */
