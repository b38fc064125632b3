/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef HA_PREFIX_ADVERTISER_H
#define HA_PREFIX_ADVERTISER_H

#include "ha-advertisement-cache.h"
#include "ha-binding-table.h"

#include "ns3/ipv4-address.h"
#include "ns3/mip-extension.h"
#include "ns3/prefix-advertisement-extension.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief In which order the Home Agent lists Mobile Routers in a Route Optimization Prefix
 * Advertisement (RFC 6521 section 5.5: the order is the priority; the policy is the HA's).
 */
enum HaAdvertisementOrder
{
    HA_ADVERTISE_REGISTRATION_ORDER, //!< in the order the routers first registered with A=1
                                     //!< (default; reproduces RFC 6521 section 8.1)
    HA_ADVERTISE_HOME_ADDRESS_ORDER, //!< by ascending home address
};

/**
 * \ingroup haaro
 * \brief The Home Agent's advertisement policy (its attributes AdvertisementOrder,
 * PrefixCompression, RealmCompression and MaxAdvertisementSize).
 */
struct HaAdvertisementOptions
{
    HaAdvertisementOrder order{HA_ADVERTISE_REGISTRATION_ORDER}; //!< priority order
    bool prefixCompression{true}; //!< delta-compressed prefixes (RFC 6521 section 4.1)
    bool realmCompression{true};  //!< realm dictionary (RFC 6521 section 4.2)
    /// largest extension in octets, 4-octet header included
    uint32_t maxSize{PrefixAdvertisementExtension::HEADER_SIZE +
                     PrefixAdvertisementExtension::MAX_DATA_SIZE};
};

/**
 * \ingroup haaro
 * \brief A Route Optimization Prefix Advertisement (50/1) ready to be added to a reply.
 */
struct HaAdvertisement
{
    MipExtension extension;    //!< the encoded extension
    uint32_t mobileRouters{0}; //!< Mobile Router entries in it
    uint32_t prefixes{0};      //!< prefixes in it (over all entries)
    uint32_t octets{0};        //!< its size on the wire (header included)
};

/**
 * \ingroup haaro
 * \brief Which Mobile Routers, with which prefixes, the Home Agent puts into the Route
 * Optimization Prefix Advertisement extension of a Registration Reply (RFC 6521, HA role).
 *
 * It keeps the advertisable set: a Mobile Router is advertisable while the Home Agent says
 * so (Update() with its entry: it has a binding, its last registration carried 153/1 with
 * A=1, "the Mobile Router permits the Home Agent to advertise its prefixes" (RFC 6521
 * section 3.1), and route optimization is not declined for it). The set is kept in two
 * orders, by registration rank (the first registration with A=1, Permit()) and by home
 * address, each router with its entry (home address, Info, prefixes with their realm).
 *
 * Build() applies the advertisement rules of RFC 6521 sections 3.1.1 and 5.5: the order is
 * the priority; the requester is never listed; with a solicitation (S=1 naming a home
 * address; our reading, the RFC leaves it open) only that router, if advertisable; the
 * list stops before the first router that cannot fit entirely in the size limit; nothing
 * at all when nobody is left (RFC 6521 section 8.1, "no networks known yet").
 *
 * The encoded advertisement is kept between replies (HaAdvertisementCache, issue 14): a
 * reply costs the entries around the requester and a copy of octets, and a change costs
 * the entries after the changed router when the next reply needs them. The octets are
 * those of encoding the entries one by one (the unit test keeps that as its reference).
 *
 * Plain and deterministic: no simulator, no random draws, no traces. Not copyable (the
 * orders point to the entries it holds); movable.
 */
class HaPrefixAdvertiser
{
  public:
    /// UDP payload of one datagram at most (65535 - 8 - 20 octets).
    static constexpr size_t MAX_UDP_PAYLOAD = 65507;
    /// Room kept for the MN-HA authentication extension that follows the advertisement
    /// (22 octets with HMAC-MD5).
    static constexpr size_t AUTH_RESERVE = 64;

    HaPrefixAdvertiser() = default;
    HaPrefixAdvertiser(const HaPrefixAdvertiser&) = delete;
    HaPrefixAdvertiser& operator=(const HaPrefixAdvertiser&) = delete;
    /// Moves the set, the order and the kept advertisement.
    HaPrefixAdvertiser(HaPrefixAdvertiser&&) = default;
    /// \return this
    HaPrefixAdvertiser& operator=(HaPrefixAdvertiser&&) = default;
    ~HaPrefixAdvertiser() = default;

    /**
     * \brief A registration with A=1 was accepted: the router gets its place in the
     * registration order unless it already has one (RFC 6521 section 5.5, the HA's
     * priority policy). Calls Update() are still needed to make it advertisable.
     * \param homeAddress the router's home address
     */
    void Permit(Ipv4Address homeAddress);
    /**
     * \brief Puts a router into the advertisable set with its entry (or gives it a new
     * entry), or takes it out. A router never permitted gets its place now. Call it
     * whenever the entry's content changes (binding, prefixes, realm, O flag): Build()
     * uses the entries given here. O(log n), nothing when nothing changed.
     * \param homeAddress its home address
     * \param entry its advertisement entry (see MakeEntry()), or nothing: not advertisable
     */
    void Update(Ipv4Address homeAddress, std::optional<AdvertisedMobileRouter> entry);
    /// \param homeAddress a home address \return true if it is in the advertisable set
    bool IsAdvertisable(Ipv4Address homeAddress) const;
    /**
     * \param order the order to list them in
     * \return the advertisable home addresses in that order; O(number advertisable)
     */
    std::vector<Ipv4Address> GetAdvertisable(HaAdvertisementOrder order) const;
    /// \brief Forgets the advertisable set and the registration order (a Home Agent
    /// restart).
    void Reset();

    /**
     * \param homeAddress a Mobile Router's home address
     * \param outboundOnly its last registration set O (Info 1, RFC 6521 section 3.3)
     * \param prefixes its registered mobile network prefixes
     * \param realm its realm (RFC 6521 section 5.5), empty for none
     * \return its advertisement entry: HoA, Info and each prefix with the realm
     */
    static AdvertisedMobileRouter MakeEntry(Ipv4Address homeAddress,
                                            bool outboundOnly,
                                            const std::vector<MipPrefix>& prefixes,
                                            const std::string& realm);
    /**
     * \param replySize octets of the reply so far (before the advertisement)
     * \param maxSize the MaxAdvertisementSize policy
     * \return the size limit of the advertisement: the policy, and what still fits in one
     * UDP datagram with the reply and its MN-HA authenticator
     */
    static size_t GetSizeLimit(size_t replySize, uint32_t maxSize);

    /**
     * \brief The Prefix Advertisement for one reply (RFC 6521 sections 3.1.1 and 5.5).
     * \param requester the requesting router's home address (never listed)
     * \param solicited the home address the request solicited (153/1 with S=1), if any
     * \param replySize octets of the reply so far
     * \param options order, compression and MaxAdvertisementSize
     * \return the encoded extension, or nothing when no router is left or fits
     */
    std::optional<HaAdvertisement> Build(Ipv4Address requester,
                                         std::optional<Ipv4Address> solicited,
                                         size_t replySize,
                                         const HaAdvertisementOptions& options);

  private:
    /// An advertisable router.
    struct Advertisable
    {
        uint64_t rank{0};             //!< its registration rank
        AdvertisedMobileRouter entry; //!< its entry
    };

    /// \param homeAddress a home address \return its registration rank (0: none)
    uint64_t RankOf(Ipv4Address homeAddress) const;
    /**
     * \param homeAddress a home address \param rank its rank
     * \brief Tells the kept advertisement that the router's place changed.
     */
    void Invalidate(Ipv4Address homeAddress, uint64_t rank);
    /**
     * \param entries the entries to list \param dataLimit most data octets
     * \param options compression choices
     * \return them encoded as an advertisement, or nothing (see Build())
     */
    static std::optional<HaAdvertisement> Encode(const std::vector<AdvertisedMobileRouter>& entries,
                                                 size_t dataLimit,
                                                 const HaAdvertisementOptions& options);

    uint64_t m_nextRank{1};               //!< next registration-order rank
    std::map<uint32_t, uint64_t> m_ranks; //!< home address -> registration rank
    /// the advertisable routers by home address (node-based: the orders point into it)
    std::unordered_map<uint32_t, Advertisable> m_advertisable;
    HaAdvertisementCache::Order m_byRank;    //!< advertisable: rank -> entry
    HaAdvertisementCache::Order m_byAddress; //!< advertisable: home address -> entry
    HaAdvertisementOrder m_cacheOrder{HA_ADVERTISE_REGISTRATION_ORDER}; //!< m_cache's order
    std::optional<HaAdvertisementCache> m_cache; //!< the kept advertisement, if any
};

} // namespace ns3

#endif /* HA_PREFIX_ADVERTISER_H */
