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
#include <memory>
#include <optional>
#include <string>
#include <string_view>
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
 * the requester its octets are the base's. From there the entries are encoded again from
 * the saved state, without the requester, until the remaining octets are known to be
 * those of an encoding kept already (shifted), which are then copied up to the size limit:
 * the two compression states are equivalent for the entries still to be copied, i.e. the
 * same prefix master, and realm dictionaries that differ only in strings those entries
 * never look up (PrefixAdvertisementEncoder::HasEquivalentState, with an index of the
 * labels of the order's realms). The states are compared at every entry up to the next
 * checkpoint with the base, then at checkpoints with every kept encoding.
 *
 * Why more than the base: with one realm per router (NemoNetworkHelper's
 * site-N.example.com) each router adds one label to the dictionary, so without the
 * requester every later string lands one index earlier than in the base, and the
 * dictionary wraps (after 128 strings) one router later: the octets around every wrap
 * differ from the base's for good. They are the same, however, for every requester that
 * added as many strings. So up to MAX_ALTERNATES encodings without one router
 * ("alternates": the encodings of requesters that joined none kept) are kept as well,
 * the least recently used one replaced; a requester whose encoding joins one copies it.
 *
 * The octets are exactly those of encoding the order without the requester entry by
 * entry with a PrefixAdvertisementEncoder (HaPrefixAdvertiser's reference; the unit test
 * compares both on random sequences of changes). The owner calls Invalidate() before or
 * after changing an entry, inserting or removing one: what follows that place is written
 * again when next needed (an alternate without a router from there on is dropped). The
 * cache keeps pointers to the entries of the order.
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

    /// What the replies cost so far (for tests and measurements).
    struct Counters
    {
        uint64_t cuts{0};     //!< Build() calls
        uint64_t encoded{0};  //!< entries encoded (base, alternates and reply tails)
        uint64_t copied{0};   //!< entries of cuts copied from a kept encoding
        uint64_t compared{0}; //!< compression states compared
    };

    /// Entries between two saved compression states.
    static constexpr size_t CHECKPOINT_INTERVAL = 32;
    /// Encodings without one router kept besides the base.
    static constexpr size_t MAX_ALTERNATES = 4;

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

    /// \return what the replies cost so far
    const Counters& GetCounters() const;

  private:
    /// The order's first entries encoded, without one of them (the skipped one) or all.
    struct Encoding
    {
        /// \param options compression choices (no limit) \param skip the entry left out
        Encoding(const PrefixAdvertisementEncodeOptions& options, std::optional<size_t> skip);

        std::optional<size_t> skip;     //!< index of the entry left out, if any
        MipBytes data;                  //!< octets of the encoded entries
        std::vector<size_t> ends;       //!< end offset of each encoded entry
        std::vector<uint32_t> prefixes; //!< prefixes up to each encoded entry
        bool blocked{false};            //!< the entry after the encoded ones cannot be encoded
        /// compression state before entry i * CHECKPOINT_INTERVAL (shared between encodings)
        std::vector<std::shared_ptr<const PrefixAdvertisementEncoder>> checkpoints;
        PrefixAdvertisementEncoder state; //!< state after the encoded entries
        bool stateStale{false};           //!< state must be recomputed (Truncate())
        uint64_t used{0};                 //!< the cut that last used it (alternates)

        /// \param x an entry index, at most the number encoded
        /// \return the data octets of the entries before x
        size_t EndBefore(size_t x) const;
        /// \param x an entry index, at most the number encoded \return prefixes before x
        uint32_t PrefixesBefore(size_t x) const;
        /// \param p forget every entry from index p on
        void Truncate(size_t p);
    };

    /**
     * \param n entries wanted
     * \return true if the order has at least n entries (listed into m_listed)
     */
    bool ListUpTo(size_t n);
    /// \param e an encoding \return true if one more entry was encoded into e (false: the
    /// order is exhausted, or the next entry cannot be encoded: blocked)
    bool EncodeNext(Encoding& e);
    /**
     * \brief Encodes entries into e while they all fit after a shift.
     * \param e an encoding \param shift octets added to its offsets
     * \param dataLimit most data octets
     */
    void EncodeWhileFitting(Encoding& e, int64_t shift, size_t dataLimit);
    /// \param e an encoding \param x an entry index, at most the number encoded
    /// \return the compression state before entry x (a saved state and the entries after)
    PrefixAdvertisementEncoder StateBefore(const Encoding& e, size_t x) const;
    /**
     * \param e an encoding \param dataLimit most data octets
     * \return e up to its first entry that does not fit
     */
    Cut CutOf(const Encoding& e, size_t dataLimit) const;
    /**
     * \brief Tries to finish the cut of tail from another encoding.
     * \param tail the requester's encoding, x entries encoded
     * \param x an entry index after the requester's
     * \param other an encoding that leaves out no entry from x on, x entries encoded
     * \param otherState its compression state before x
     * \param dataLimit most data octets
     * \return tail's octets before x and other's from x up to the first entry that does
     * not fit, if both states are equivalent for those entries
     */
    std::optional<Cut> Join(const Encoding& tail,
                            size_t x,
                            Encoding& other,
                            const PrefixAdvertisementEncoder& otherState,
                            size_t dataLimit);
    /**
     * \param i the requester's index (listed, within the base's fit)
     * \param dataLimit most data octets
     * \return its cut: an alternate's, or encoded from i on until it joins a kept
     * encoding (an encoding that joins none is kept as an alternate)
     */
    Cut BuildWithout(size_t i, size_t dataLimit);
    /// \param key a key of the order \return the index of the first listed entry whose key is
    /// not less (the number listed if none)
    size_t FindListed(uint64_t key) const;
    /// \param label a label \param from first entry index \param to one past the last
    /// \return true if a realm of an entry in [from, to) has this label
    bool HasLabel(std::string_view label, size_t from, size_t to) const;

    const Order* m_order{nullptr};              //!< the order of the current Build()
    PrefixAdvertisementEncodeOptions m_options; //!< compression choices (no limit)

    /// One entry of the order, listed (in the order's sequence) when a reply first needs it.
    struct Listed
    {
        uint64_t key;                        //!< its key in the order
        const AdvertisedMobileRouter* entry; //!< the entry
        /// PrefixAdvertisementEncoder::Check found nothing (checked once when listed, not per
        /// reply: a changed entry is listed again after Invalidate)
        bool encodable;
    };

    std::vector<Listed> m_listed; //!< the order's first entries
    /// label -> indices of the listed entries whose realms have it, ascending
    std::map<std::string, std::vector<uint32_t>, std::less<>> m_labels;
    Encoding m_base;                    //!< the whole order
    std::vector<Encoding> m_alternates; //!< kept encodings without one router
    Counters m_counters;                //!< what the replies cost
};

} // namespace ns3

#endif /* HA_ADVERTISEMENT_CACHE_H */
