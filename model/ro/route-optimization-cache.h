/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef ROUTE_OPTIMIZATION_CACHE_H
#define ROUTE_OPTIMIZATION_CACHE_H

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-prefix-table.h"
#include "ns3/mip-prefix.h"
#include "ns3/mip-tunnel.h"
#include "ns3/mip-wire.h"
#include "ns3/nstime.h"
#include "ns3/prefix-advertisement-extension.h"
#include "ns3/ptr.h"
#include "ns3/roc-claim-table.h"
#include "ns3/roc-content-pool.h"
#include "ns3/roc-flat-table.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Return routability state RRSTATE of one (CR-HoA, MR-CoA) pair (RFC 6521 section
 * 3.1.2).
 */
enum class RrState : uint8_t
{
    INACTIVE,    //!< return routability must complete before route-optimized traffic
    IN_PROGRESS, //!< HoTI / CoTI sent, waiting for HoT / CoT
    ACTIVE,      //!< both keygen tokens received, KRm available
};

/**
 * \param os stream \param s state
 * \return os
 */
std::ostream& operator<<(std::ostream& os, RrState s);

/**
 * \ingroup haaro
 * \brief Return routability state for one (CR-HoA, MR-CoA) pair, Mobile Router side (RFC
 * 6521 section 3.2; notes 1.7.4).
 */
struct RrRecord
{
    RrState state{RrState::INACTIVE};         //!< RRSTATE
    uint64_t homeCookie{0};                   //!< cookie of the last HoTI sent
    uint64_t careOfCookie{0};                 //!< cookie of the last CoTI sent
    std::optional<uint16_t> homeNonceIndex;   //!< from the HoT
    std::optional<uint16_t> careOfNonceIndex; //!< from the CoT
    MipBytes homeToken;                       //!< home keygen token (8 octets when present)
    MipBytes careOfToken;                     //!< care-of keygen token (8 octets when present)
    Time homeTokenTime;   //!< when the HoTI that obtained the home keygen token was first sent
    Time careOfTokenTime; //!< when the CoTI that obtained the care-of keygen token was first sent
    MipBytes krm;         //!< KRm, derived when both tokens are there
};

/**
 * \ingroup haaro
 * \brief Route Optimization Cache entry: what a router knows about one Correspondent
 * Router (RFC 6521 section 3.1.2; notes 1.5.1).
 */
struct RocEntry
{
    Ipv4Address crHomeAddress; //!< CR-HoA, the key
    /// CR-CoAs from the CR's Care-of Address extension, priority order.
    std::vector<Ipv4Address> crCareOfAddresses;
    /// Our care-of address used with this CR (0.0.0.0: not chosen yet).
    Ipv4Address mrCareOf{Ipv4Address::GetZero()};
    /// Prefixes reachable via this CR; always contains crHomeAddress/32 with valid=true.
    std::vector<RocPrefix> prefixes;
    bool outboundOnly{false}; //!< Info=1 in the Home Agent's advertisement
    /// NAT states: (MR-CoA, CR-CoA) -> true when a UDP tunnel can be set up over the pair.
    std::map<std::pair<uint32_t, uint32_t>, bool> natStates;
    /// Return routability records by MR-CoA (Ipv4Address::Get()).
    std::map<uint32_t, RrRecord> rr;
    /// Pre-shared KRm: return routability is skipped, nonce indices are sent as 0.
    std::optional<MipBytes> staticKrm;
    Ptr<MipTunnel> tunnel;          //!< direct MR <-> CR tunnel, if any
    bool tunnelActive{false};       //!< the tunnel is usable for traffic
    bool registeredWithPeer{false}; //!< our Registration Request to this CR was accepted
    bool peerRegistered{false};     //!< the CR registered with us (CR role)
    Time lastUsed;                  //!< last time the entry was used

    /**
     * \param mrCoa our care-of address
     * \return its return routability record, created INACTIVE when absent
     */
    RrRecord& GetRr(Ipv4Address mrCoa);
    /**
     * \param mrCoa our care-of address
     * \return its return routability record, or nullptr
     */
    const RrRecord* FindRr(Ipv4Address mrCoa) const;
    /**
     * \param p prefix (host bits ignored)
     * \return true if it is listed, valid or not (false for a length above 32)
     */
    bool HasPrefix(const MipPrefix& p) const;
    /**
     * \param p prefix (host bits ignored)
     * \return true if it is listed with valid=true; always true for crHomeAddress/32;
     * false for a length above 32
     */
    bool IsConfirmed(const MipPrefix& p) const;
    /**
     * \return true if the entry must not be purged (RFC 6521 section 3.1.2, R6): a tunnel
     * exists and some return routability record is IN_PROGRESS or ACTIVE, or a pre-shared
     * KRm is configured (RRSTATE permanently ACTIVE)
     */
    bool IsPurgeProtected() const;
};

/**
 * \ingroup haaro
 * \brief The Route Optimization Cache (RFC 6521 section 3.1.2): one entry per known
 * Correspondent Router, keyed by its home address, plus a longest-prefix-match table of
 * the valid (HA-confirmed) prefixes.
 *
 * Entries are kept ordered by home address (numerically), so ForEach() visits them in a
 * deterministic order. References and pointers to entries stay valid until that entry is
 * removed.
 *
 * Storage (issue 14): an entry that only Prefix Advertisements have shaped is held as a
 * pointer to its immutable content (prefixes and Info bit, a RocKnownRouter) interned in a
 * RocContentPool shared by every cache (by default the process-wide one), so N routers
 * that learned the same router hold one copy of its prefixes, not N. Such an entry is
 * *materialized* into a full RocEntry (with the same content) the first time Insert(),
 * Find(), Lookup(), SetPrefix() or RemovePrefix() returns or changes it, and stays so
 * until removed; ForEach() materializes an entry only while its function runs, unless the
 * function changes it. Results never depend on whether an entry is materialized or on
 * what the pool holds. The entries are a vector sorted by home address (8 octets per
 * entry: the home address and a 32-bit reference to the content or the full entry; Find()
 * is a binary search), and the valid claims of the prefixes, with their routes, are one
 * vector of 16-octet records sorted by prefix (a RocFlatTable: records inserted since the
 * last merge wait in a small ordered map, merged in one pass at the end of
 * ApplyAdvertisement() or when they grow). A home address /32 claimed by its router alone
 * costs nothing (it is routed through the entry itself).
 *
 * Lookup() is a longest-prefix match: one binary search of the claims per prefix length
 * in use (at most 33), then a binary search of the entries. Every entry's crHomeAddress/32
 * is valid and routed. Prefixes with valid=false are listed in their entry but never
 * routed.
 *
 * Overlapping prefixes of two routers (RFC 6521 section 3.3.2: "If two prefixes overlap
 * each other, e.g., 192.0.2.128/25 and 192.0.2.128/29, the standard longest-match rule for
 * routing is in effect. However, overlapping private addresses SHOULD be considered an
 * error situation."):
 * - *private* prefixes (entirely inside an RFC 1918 block, shorter than /32) that overlap
 *   such a prefix of another router (equal, containing or contained) are an error (host
 *   prefixes, the routers' home addresses, follow the longest match): each such prefix is
 *   in conflict (IsConflicting()), the conflict is reported once when it arises
 *   (SetConflictCallback(), GetPrefixConflictCount()), and a destination whose longest
 *   match is a conflicting prefix finds no entry (Lookup() returns nullptr: the traffic
 *   stays on the Home Agent path). The conflict ends when one of the claims goes away.
 * - other overlapping prefixes follow the longest match; a public prefix claimed (valid)
 *   by two entries is routed to the later valid claim (SetPrefix(..., valid=true) on an
 *   already valid prefix counts as a new claim); when it goes away (RemovePrefix,
 *   SetPrefix with valid=false, Remove), the most recent remaining valid claim takes over.
 */
class RouteOptimizationCache
{
  public:
    /**
     * \param crHomeAddress the Correspondent Router's home address
     * \return the entry, created with crHomeAddress/32 (valid) when absent
     */
    RocEntry& Insert(Ipv4Address crHomeAddress);
    /**
     * \param crHomeAddress the Correspondent Router's home address
     * \return its entry, or nullptr
     */
    RocEntry* Find(Ipv4Address crHomeAddress);
    /**
     * \param crHomeAddress the Correspondent Router's home address
     * \return its entry, or nullptr
     */
    const RocEntry* Find(Ipv4Address crHomeAddress) const;

    /**
     * \brief Adds or updates a prefix of an entry (creating the entry when absent); routes
     * it in the look-up table when valid, unroutes it when no longer valid.
     *
     * The entry's own crHomeAddress/32 stays valid whatever valid says (only its realm
     * is updated). Host bits of p are cleared. A length above 32 (which may come from the
     * wire) is refused: nothing changes, not even the entry's creation, and it is counted
     * (GetInvalidPrefixCount()).
     *
     * \param crHomeAddress the Correspondent Router's home address
     * \param p the prefix
     * \param realm its realm (empty: none)
     * \param valid Prefix_Valid
     * \return false if p was refused (length above 32)
     */
    bool SetPrefix(Ipv4Address crHomeAddress,
                   const MipPrefix& p,
                   const std::string& realm,
                   bool valid);
    /**
     * \brief Removes a prefix from an entry (and from the look-up table). Nothing happens
     * for an unknown entry or prefix, or for the entry's own crHomeAddress/32; a length
     * above 32 is counted (GetInvalidPrefixCount()) and ignored.
     * \param crHomeAddress the Correspondent Router's home address
     * \param p the prefix (host bits ignored)
     */
    void RemovePrefix(Ipv4Address crHomeAddress, const MipPrefix& p);

    /**
     * \param crHomeAddress the Correspondent Router's home address
     * \return a copy of its listed prefixes (empty if unknown); reading them does not
     * materialize the entry
     */
    std::vector<RocPrefix> GetPrefixes(Ipv4Address crHomeAddress) const;
    /**
     * \param p a prefix (host bits ignored; a length above 32 has none)
     * \return the home addresses of the entries that list p as valid, oldest claim first
     */
    std::vector<Ipv4Address> GetClaimants(const MipPrefix& p) const;

    /**
     * \param destination an address
     * \return the entry owning the longest valid prefix containing it, or nullptr
     */
    RocEntry* Lookup(Ipv4Address destination);
    /**
     * \param destination an address
     * \return the entry owning the longest valid prefix containing it, or nullptr
     */
    const RocEntry* Lookup(Ipv4Address destination) const;

    /**
     * \brief Processes a Prefix Advertisement (RFC 6521 section 3.1.1; notes 1.7.2).
     *
     * For each advertised Mobile Router: its home address is inserted (as /32) and each
     * of its prefixes is set with its realm and valid=true (information from the trusted
     * Home Agent). outboundOnly is set to (Info == 1); Info=1 also sets all of that
     * entry's NAT states to false. Prefixes listed earlier but absent now are kept (the
     * Home Agent may truncate the list). The caller skips its own home address, if
     * listed, before or after the call. A prefix longer than 32 (the wire parser refuses
     * them; a constructed advertisement may hold one) is skipped and counted
     * (GetInvalidPrefixCount()); the other prefixes are applied. Cost: linear in the
     * advertised prefixes plus the prefixes already listed for the advertised routers
     * (hash look-ups; the claim bookkeeping adds a log factor), plus one merge of the new
     * entries and claims into the sorted tables (linear in the cache's size).
     *
     * \param adv the advertisement
     * \return the home addresses it listed, in order, each once
     */
    std::vector<Ipv4Address> ApplyAdvertisement(const PrefixAdvertisementExtension& adv);

    /**
     * \brief Removes an entry and unroutes its prefixes.
     * \param crHomeAddress the Correspondent Router's home address
     * \param force remove even if RocEntry::IsPurgeProtected() (R6)
     * \return true if removed; false if absent or refused because protected
     */
    bool Remove(Ipv4Address crHomeAddress, bool force = false);

    /// \return the number of entries
    size_t GetSize() const;

    /// \return the number of routed prefixes (valid prefixes, each once); constant time
    size_t GetRoutedPrefixCount() const;

    /**
     * \return the number of prefixes refused so far because their length is above 32
     * (SetPrefix, RemovePrefix, ApplyAdvertisement)
     */
    uint64_t GetInvalidPrefixCount() const;

    /// Called when a prefix of a router comes into conflict with an overlapping private
    /// prefix of another router: (the router's home address, its conflicting prefix).
    using ConflictCallback = RocClaimTable::ConflictCallback;
    /// \param callback called for each claim that comes into conflict (RFC 6521 3.3.2)
    void SetConflictCallback(ConflictCallback callback);
    /**
     * \param p a prefix (host bits ignored)
     * \return true if it is a valid private prefix of some router that overlaps a valid
     * private prefix of another router (never routed while so)
     */
    bool IsConflicting(const MipPrefix& p) const;
    /// \return the number of prefixes in conflict now
    size_t GetConflictingPrefixCount() const;
    /// \return how often a claim came into conflict so far (each owner of a prefix once)
    uint64_t GetPrefixConflictCount() const;
    /**
     * \param p a prefix (host bits ignored; a length above 32 is not private)
     * \return true if it lies entirely inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16
     * (RFC 1918 private address space)
     */
    static bool IsPrivate(const MipPrefix& p);
    /// \param p a normalized prefix \return true if it can be in conflict: private and
    /// shorter than /32 (host prefixes, i.e. home addresses, follow the longest match)
    static bool InConflictScope(const MipPrefix& p);

    /**
     * \brief Calls f(RocEntry&) on every entry, in increasing home-address order. f may
     * remove the entry it is given (with Remove()), but no other entry.
     * \tparam F callable void(RocEntry&)
     * \param f the function
     */
    template <class F>
    void ForEach(F f)
    {
        m_slots.Flush();
        for (size_t i = 0; i < m_slots.Flat().size();)
        {
            uint32_t key = m_slots.Flat()[i].key;
            bool wasKnown = !IsFull(m_slots.Flat()[i]);
            f(Materialize(m_slots.Flat()[i]));
            // f may have removed its entry (or inserted one): continue after its key
            m_slots.Flush();
            i = m_slots.LowerBoundIndex(key);
            if (i < m_slots.Flat().size() && m_slots.Flat()[i].key == key)
            {
                if (wasKnown)
                {
                    Dematerialize(m_slots.Flat()[i]);
                }
                ++i;
            }
        }
    }

    /**
     * \brief Calls f(const RocEntry&) on every entry, in increasing home-address order.
     * \tparam F callable void(const RocEntry&)
     * \param f the function
     */
    template <class F>
    void ForEach(F f) const
    {
        m_slots.Flush();
        RocEntry view; // a not materialized entry is shown through this copy of its content
        for (const Slot& s : m_slots.Flat())
        {
            if (IsFull(s))
            {
                f(static_cast<const RocEntry&>(*m_full[s.ref & ~FULL_REF]));
                continue;
            }
            const RocKnownRouter& known = m_pool->Get(s.ref);
            view.crHomeAddress = Ipv4Address(s.key);
            view.prefixes = known.prefixes;
            view.outboundOnly = known.outboundOnly;
            f(static_cast<const RocEntry&>(view));
        }
    }

    /**
     * \brief Sets the pool that holds the content of the entries only advertisements have
     * shaped (by default RocContentPool::GetDefault()). Only while the cache is empty.
     * \param pool the pool (not null)
     */
    void SetContentPool(std::shared_ptr<RocContentPool> pool);
    /// \return the number of entries held as a full RocEntry (the rest point to content)
    size_t GetMaterializedCount() const;

  private:
    /**
     * \brief Sets one normalized prefix of an entry (SetPrefix without the search).
     * \param owner the entry's home address \param prefixes its prefix list
     * \param m normalized prefix \param existing its element in prefixes, or nullptr if
     * not listed \param realm realm \param valid Prefix_Valid
     */
    void Update(Ipv4Address owner,
                std::vector<RocPrefix>& prefixes,
                const MipPrefix& m,
                RocPrefix* existing,
                const std::string& realm,
                bool valid);
    /// \param p a refused prefix (length above 32): counted and logged
    void CountInvalidPrefix(const MipPrefix& p);

    /// Slot::ref of a materialized entry: this bit set, the index in m_full below it.
    static constexpr uint32_t FULL_REF = 0x80000000u;

    /// One entry, 8 octets: its home address and either the id of its interned content in
    /// m_pool (an entry that only advertisements have shaped) or its full RocEntry.
    struct Slot
    {
        uint32_t key; //!< home address (Ipv4Address::Get())
        uint32_t ref; //!< id in m_pool, or FULL_REF | index in m_full
    };

    // doc/haaro.rst ("Memory of the Mobile Routers' caches") counts 8 octets per entry.
    static_assert(sizeof(Slot) == 8, "a cache entry's slot grew: update the memory figures");

    /// Key of a slot.
    struct SlotKey
    {
        /// \param s slot \return its home address
        uint32_t operator()(const Slot& s) const
        {
            return s.key;
        }
    };

    /// The entries' home addresses, as m_claims asks about them.
    class SlotSet final : public RocClaimTable::EntrySet
    {
      public:
        /// \param slots the entries
        explicit SlotSet(const RocFlatTable<Slot, uint32_t, SlotKey>& slots)
            : m_entries(slots)
        {
        }

        /// \param homeAddress an address \return true if an entry has it
        bool Contains(uint32_t homeAddress) const override
        {
            return m_entries.Find(homeAddress) != nullptr;
        }

      private:
        const RocFlatTable<Slot, uint32_t, SlotKey>& m_entries; //!< the entries
    };

    /// \return the entries, as m_claims asks about them
    SlotSet Entries() const
    {
        return SlotSet(m_slots);
    }

    /// \param s a slot \return true if it holds a full RocEntry
    static bool IsFull(const Slot& s)
    {
        return (s.ref & FULL_REF) != 0;
    }

    /// \param key home address \return its slot, or nullptr
    Slot* FindSlot(uint32_t key) const;
    /// \param s a slot \return the prefixes of its entry
    const std::vector<RocPrefix>& PrefixesOf(const Slot& s) const;
    /// \param s a slot \return its entry, made a full RocEntry if it was not one
    RocEntry& Materialize(Slot& s) const;
    /// \param entry a new full entry \return its Slot::ref
    uint32_t AddFull(std::unique_ptr<RocEntry> entry) const;
    /// \param s a slot materialized by ForEach: back to interned content if its entry
    /// holds nothing but prefixes and the Info bit
    void Dematerialize(Slot& s);
    /// \param content a content \return its id in the pool, as a Slot::ref
    uint32_t InternRef(const RocKnownRouter& content);
    /// \param e an entry \return true if it holds nothing but prefixes and the Info bit
    static bool IsPlain(const RocEntry& e);
    /// \param destination an address \return what Lookup() returns, without the memo
    RocEntry* FindRoute(Ipv4Address destination);

    /// \brief Forgets the last look-up: an entry or a materialized entry changes.
    void ForgetLookup() const
    {
        m_lastLookup.valid = false;
    }

    /// The last Lookup() and its answer: the next datagram usually goes where the last
    /// one went. Kept until a route (RocClaimTable::GetRouteVersion()) or an entry changes
    /// (ForgetLookup()).
    struct LastLookup
    {
        uint32_t destination{0};  //!< the address looked up
        RocEntry* entry{nullptr}; //!< its answer (a materialized entry, or none)
        uint64_t routes{0};       //!< RocClaimTable::GetRouteVersion() of the routes it used
        bool valid{false};        //!< no entry changed since
    };

    /// the entries by home address (materialized on demand)
    mutable RocFlatTable<Slot, uint32_t, SlotKey> m_slots;
    mutable std::vector<std::unique_ptr<RocEntry>> m_full; //!< materialized entries
    mutable std::vector<uint32_t> m_freeFull;              //!< free indices of m_full
    /// interned contents (by default the process-wide pool)
    std::shared_ptr<RocContentPool> m_pool{RocContentPool::GetDefault()};
    /// the valid claims of the entries' prefixes and their routes
    RocClaimTable m_claims;
    uint64_t m_invalidPrefixes{0};   //!< prefixes refused (length above 32)
    mutable LastLookup m_lastLookup; //!< the last look-up and its answer
};

} // namespace ns3

#endif /* ROUTE_OPTIMIZATION_CACHE_H */
