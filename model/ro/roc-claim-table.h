/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef ROC_CLAIM_TABLE_H
#define ROC_CLAIM_TABLE_H

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-prefix-table.h"
#include "ns3/mip-prefix.h"
#include "ns3/roc-flat-table.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The valid claims of the Route Optimization Cache's prefixes and their routes: the
 * longest-prefix-match table of RouteOptimizationCache, with the later-claim and overlap
 * rules of RFC 6521 section 3.3.2.
 *
 * A router *claims* a prefix when its entry lists it with valid=true. The table keeps, per
 * claimed prefix, who claims it (oldest claim first) and its route:
 * - a *public* prefix (or a host prefix) is routed to its latest claim; when that claim goes
 *   away, the most recent remaining claim takes over;
 * - a *private* prefix (InConflictScope()) that two routers claim, or that overlaps
 *   (equal, containing or contained) a private prefix another router claims, is *in
 *   conflict*: routed to CONFLICT_OWNER (no entry), reported once when the conflict arises
 *   (SetConflictCallback(), GetConflictCount()); otherwise it is routed to its claim.
 *
 * The claim of a router's home address /32 by that router alone is implicit (no record:
 * the cache routes it through the entry itself). Whether an address is the home address of
 * an entry is a question for the cache: the operations that need it take an EntrySet.
 *
 * Storage (issue 14): one vector of 16-octet records sorted by (network, length) (a
 * RocFlatTable), the claimants of the prefixes claimed by two routers or more in a hash
 * map. LongestMatch() is one binary search per prefix length in use (at most 33).
 */
class RocClaimTable
{
  public:
    /// Route of a prefix in conflict: no entry (never a home address).
    static constexpr uint32_t CONFLICT_OWNER = 0xffffffffu;

    /**
     * \ingroup haaro
     * \brief The home addresses of the cache's entries, as the claim table asks about them.
     */
    class EntrySet
    {
      public:
        /**
         * \param homeAddress an address (Ipv4Address::Get())
         * \return true if the cache has an entry with this home address
         */
        virtual bool Contains(uint32_t homeAddress) const = 0;

      protected:
        /// Not deleted through this interface.
        ~EntrySet() = default;
    };

    /// Called when a prefix of a router comes into conflict with an overlapping private
    /// prefix of another router: (the router's home address, its conflicting prefix).
    using ConflictCallback = std::function<void(Ipv4Address owner, const MipPrefix& prefix)>;

    /**
     * \param p prefix
     * \return p with the host bits cleared, or nothing for a length above 32 (such a prefix
     * may come from the wire: it is refused, never an abort; issue 10, A7)
     */
    static std::optional<MipPrefix> Normalize(const MipPrefix& p);
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
     * \brief Records a valid claim and re-decides the route of p (and, for a private
     * prefix, of every claimed private prefix overlapping it).
     * \param p normalized prefix
     * \param owner home address now claiming it (a new claim when it claimed p already)
     * \param entries the cache's entries
     */
    void Claim(const MipPrefix& p, uint32_t owner, const EntrySet& entries);
    /**
     * \brief Forgets a claim (nothing for an unknown one) and re-decides the routes as
     * Claim() does.
     * \param p normalized prefix
     * \param owner home address no longer claiming it
     * \param entries the cache's entries
     */
    void Unclaim(const MipPrefix& p, uint32_t owner, const EntrySet& entries);

    /**
     * \brief Claims the home address /32 of an entry just added to the cache.
     * \param homeAddress its home address (entries contains it already)
     * \param entries the cache's entries
     */
    void ClaimEntryHost(uint32_t homeAddress, const EntrySet& entries);
    /**
     * \brief Accounts for an entry about to leave the cache, its valid prefixes unclaimed.
     * \param homeAddress its home address
     */
    void ForgetEntryHost(uint32_t homeAddress);

    /**
     * \param p normalized prefix
     * \return the routers claiming it, oldest first (empty: none; the implicit claim of a
     * home address by its router alone is not listed)
     */
    std::vector<uint32_t> ClaimsOf(const MipPrefix& p) const;
    /**
     * \param p normalized prefix
     * \return true if some router claims it explicitly (it has a record)
     */
    bool IsClaimed(const MipPrefix& p) const;
    /**
     * \param p normalized prefix
     * \return true if it is claimed and in conflict
     */
    bool IsConflicting(const MipPrefix& p) const;
    /**
     * \param destination an address (Ipv4Address::Get())
     * \param length receives the length of the matching prefix
     * \return the route of the longest routed prefix containing it (an owner or
     * CONFLICT_OWNER), or nullptr
     */
    const uint32_t* LongestMatch(uint32_t destination, uint8_t& length) const;

    /**
     * \param entries the number of entries of the cache
     * \return the number of routed prefixes, each once: the routed records not in
     * conflict, plus the entries' home addresses claimed implicitly
     */
    size_t GetRoutedCount(size_t entries) const;
    /// \return the number of prefixes in conflict now
    size_t GetConflictingCount() const;
    /// \return how often a claim came into conflict so far (each owner of a prefix once)
    uint64_t GetConflictCount() const;
    /// \param callback called for each claim that comes into conflict (RFC 6521 3.3.2)
    void SetConflictCallback(ConflictCallback callback);

    /**
     * \return a number that changes whenever a route is added, changed or removed (a
     * look-up remembered under one value is still right while it stays the same)
     */
    uint64_t GetRouteVersion() const
    {
        return m_routeVersion;
    }

    /// \brief Merges the records added since the last merge into the sorted table.
    void Flush();

  private:
    /// Key of a prefix in m_claims: masked network << 8 | length.
    using PrefixKey = uint64_t;

    /// The explicit valid claims of one prefix and its route (what a longest-prefix-match
    /// table of the valid prefixes would hold for it), 16 octets.
    struct ClaimRecord
    {
        uint32_t network; //!< masked network
        uint32_t owner;   //!< the one router claiming it (unless MULTI)
        uint32_t routed;  //!< its route when ROUTED: an owner or CONFLICT_OWNER
        uint8_t length;   //!< prefix length
        uint8_t flags;    //!< MULTI, ROUTED
    };

    // doc/haaro.rst ("Memory of the Mobile Routers' caches") counts 16 octets per record.
    static_assert(sizeof(ClaimRecord) == 16, "a claim record grew: update the memory figures");

    /// ClaimRecord::flags: two routers or more claim it (oldest first in m_multiClaims).
    static constexpr uint8_t MULTI = 1;
    /// ClaimRecord::flags: it is routed (to ClaimRecord::routed).
    static constexpr uint8_t ROUTED = 2;

    /// Key of a claim record.
    struct ClaimKey
    {
        /// \param r record \return its PrefixKey
        PrefixKey operator()(const ClaimRecord& r) const
        {
            return (static_cast<PrefixKey>(r.network) << 8) | r.length;
        }
    };

    /// \param p normalized prefix \return its key
    static PrefixKey KeyOf(const MipPrefix& p);
    /// \param p normalized prefix \param owner a home address \return true if p is
    /// owner/32 (claimed implicitly while no other router claims it)
    static bool IsOwnHost(const MipPrefix& p, uint32_t owner);
    /// \param key prefix key \return the routers claiming it, oldest first (empty: none)
    std::vector<uint32_t> ClaimsOf(PrefixKey key) const;
    /// \param p normalized prefix, not claimed yet \param owner its one claim
    /// \param flags its flags \return its new record
    ClaimRecord& AddClaim(const MipPrefix& p, uint32_t owner, uint8_t flags);
    /// \param key a claimed prefix: removes its record and its route
    void EraseClaim(PrefixKey key);
    /// \param r a claim record \param value its route from now on (an owner or
    /// CONFLICT_OWNER)
    void Route(ClaimRecord& r, uint32_t value);
    /// \param r a claim record \return true if it is routed to CONFLICT_OWNER
    static bool IsConflictRoute(const ClaimRecord& r);
    /// \param p normalized prefix, private, just claimed or unclaimed: re-decides the
    /// conflict state of p and of every claimed private prefix overlapping it
    void RecheckConflicts(const MipPrefix& p);
    /// \param p normalized prefix: sets its conflict state and its route from its claims
    /// and the overlapping private claims of other routers
    void RefreshPrefix(const MipPrefix& p);
    /// \param p normalized private prefix \return the claimed private prefixes that
    /// overlap it (p itself included when claimed): a binary search per shorter length
    /// in use for the containing ones plus a range of the sorted claims for the contained
    /// ones
    std::vector<MipPrefix> OverlappingPrivateClaims(const MipPrefix& p) const;

    /// The explicit valid claims by prefix, sorted by (network, length): the routes of the
    /// valid prefixes (longest match: one binary search per length in use), the claims, and
    /// the private ones in order for the overlap check. The claim of a home address /32 by
    /// its own router alone is implicit (no record): it is routed through the entry.
    RocFlatTable<ClaimRecord, PrefixKey, ClaimKey> m_claims;
    /// Claims of the prefixes claimed by two routers or more, oldest first (the last one
    /// is the route of a public prefix). Hashed: only looked up, never iterated.
    std::unordered_map<PrefixKey, std::vector<uint32_t>> m_multiClaims;
    /// Claim records per prefix length (bit L of m_claimLengths: some record has length L).
    std::array<uint32_t, Ipv4PrefixTable<uint32_t>::MAX_LENGTH + 1> m_claimsPerLength{};
    uint64_t m_claimLengths{0}; //!< lengths of the claim records
    size_t m_routed{0};         //!< claim records that are ROUTED
    size_t m_conflicting{0};    //!< of them, those in conflict (routed to no entry)
    /// entries whose home address /32 is claimed explicitly (has a claim record); the
    /// others' are routed implicitly (GetRoutedCount)
    size_t m_claimedHosts{0};
    uint64_t m_conflicts{0};             //!< claims that came into conflict
    uint64_t m_routeVersion{0};          //!< changes with every route (GetRouteVersion)
    ConflictCallback m_conflictCallback; //!< reports them
};

} // namespace ns3

#endif /* ROC_CLAIM_TABLE_H */
