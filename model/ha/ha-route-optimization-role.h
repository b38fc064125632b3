/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef HA_ROUTE_OPTIMIZATION_ROLE_H
#define HA_ROUTE_OPTIMIZATION_ROLE_H

#include "ha-binding-table.h"
#include "ha-prefix-advertiser.h"
#include "ha-registration-decider.h"

#include "ns3/ipv4-address.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/mip-registration-request.h"
#include "ns3/ro-extensions.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The Home Agent's RFC 6521 policy (its attributes HaaroEnabled,
 * DeclineRouteOptimization, AdvertisementOrder, PrefixCompression, RealmCompression and
 * MaxAdvertisementSize).
 */
struct HaRouteOptimizationSettings
{
    bool enabled{true};     //!< answer 153/1 at all (false: a legacy NEMOv4 Home Agent)
    bool declineAll{false}; //!< answer every 153/1 with RO Reply code 16
    HaAdvertisementOptions advertisement; //!< order, compression and size limit of 50/1
};

/**
 * \ingroup haaro
 * \brief The Home Agent role of Home Agent-assisted Route Optimization (RFC 6521 sections
 * 3.1 and 3.3): what the Home Agent learns from a Mobile Router's Route Optimization
 * Capability extension (153/1) and what it adds to the Registration Reply.
 *
 * - RecordCapability() keeps the A, R and O flags of a Mobile Router's last accepted
 *   registration with a non-zero lifetime that carried 153/1 (S and its home address are
 *   never kept: a solicitation concerns one request only). A=1 gives the router its place
 *   in the advertisement order (HaPrefixAdvertiser::Permit()).
 * - UpdateAdvertisable() keeps the advertisable set of the HaPrefixAdvertiser: a router
 *   is advertisable while it has a binding, its flags say A=1 ("the MR MAY also allow
 *   redistribution of information on its managed network prefixes", RFC 6521 section
 *   3.1) and route optimization is not declined for it. It also makes the router's
 *   entry (prefixes from the binding table, realm, Info from O), which the advertiser
 *   keeps with its encoding: call it after every change of a router's binding,
 *   prefixes or realm (the Home Agent does); RecordCapability() refreshes the entry
 *   itself when the flags change.
 * - The decline set (SetDeclined(), and the DeclineRouteOptimization attribute for all):
 *   operator policy, answered with RO Reply code 16 (RFC 6521 section 5.2: "values
 *   16..63 indicate that route optimization is not done").
 * - AddToReply(): RFC 6521 section 3.1.1, "If registration is successful and the Route
 *   Optimization Capability Extension was present in the Registration Request, the reply
 *   message MUST include the Route Optimization Reply Extension (Section 5.2)" (O echoed,
 *   N from the RFC 3519 NAT test, S echoed), and "MAY also include one Route Optimization
 *   Prefix Advertisement Extension" (only when R is set; for a solicitation only the
 *   solicited router; see HaPrefixAdvertiser::Build()).
 *
 * Nothing is ever sent outside Registration Replies (RFC 6521 section 3.1: "the
 * redistribution of network prefix information from the HA happens only during the
 * registration signaling"). The trace sources are the Home Agent's (RoReplySent,
 * AdvertisementSent); this object fires them. No simulator events, no random draws.
 */
class HaRouteOptimizationRole
{
  public:
    /// 49/1 sent: the Mobile Router's home address, the extension
    using RoReplyTrace = TracedCallback<Ipv4Address, const RoReplyExtension&>;
    /// 50/1 sent: requester, Mobile Router entries, prefixes, octets
    using AdvertisementTrace = TracedCallback<Ipv4Address, uint32_t, uint32_t, uint32_t>;

    /**
     * \param mobileNodes the Home Agent's configured mobile nodes (realms; a home address
     * that is not configured is never advertisable)
     * \param roReplyTrace fired for each Route Optimization Reply added
     * \param advertisementTrace fired for each Prefix Advertisement added
     *
     * The three must outlive this object (they are the owner's members).
     */
    HaRouteOptimizationRole(const HaMobileNodes& mobileNodes,
                            const RoReplyTrace& roReplyTrace,
                            const AdvertisementTrace& advertisementTrace);

    /// \param bindings the Home Agent's binding table (who has a binding, which prefixes)
    void Install(Ptr<const HaBindingTable> bindings);
    /// \brief Drops the binding table and forgets all flags and the advertisement order.
    void Dispose();
    /**
     * \brief A Home Agent restart: forgets the flags and the advertisement order (the
     * decline set is operator policy and stays).
     */
    void Restart();

    /**
     * \brief Records the HAARO flags of an accepted, non-duplicate request (RFC 6521
     * section 3.1.1). A de-registration changes nothing (the router sends no 153/1 in
     * it); a request without 153/1, or any request while HAARO is disabled, clears them.
     * \param rrq the accepted request \param settings the policy (enabled)
     */
    void RecordCapability(const MipRegistrationRequest& rrq,
                          const HaRouteOptimizationSettings& settings);
    /**
     * \brief Puts a home address into, or takes it out of, the advertisable set according
     * to its flags, its bindings and the decline policy. O(log n).
     * \param homeAddress the home address \param settings the policy (declineAll)
     */
    void UpdateAdvertisable(Ipv4Address homeAddress, const HaRouteOptimizationSettings& settings);
    /**
     * \brief Adds the Route Optimization Reply and, if asked for, the Prefix Advertisement
     * to the reply of a successful registration (RFC 6521 sections 3.1.1, 5.2, 5.5). Both
     * go before the MN-HA authenticator, which the caller appends afterwards.
     * \param rrq the request \param from its IP source \param reply the reply
     * \param advertise false for a duplicate: the RO Reply only, never an advertisement
     * \param settings the policy
     */
    void AddToReply(const MipRegistrationRequest& rrq,
                    Ipv4Address from,
                    MipRegistrationReply& reply,
                    bool advertise,
                    const HaRouteOptimizationSettings& settings);

    /**
     * \brief Operator policy: decline route optimization for one router (RFC 6521 section
     * 5.2, RO Reply code 16); updates its advertisability.
     * \param homeAddress the router \param declined decline (or allow again)
     * \param settings the policy
     */
    void SetDeclined(Ipv4Address homeAddress,
                     bool declined,
                     const HaRouteOptimizationSettings& settings);
    /**
     * \param homeAddress a home address \param settings the policy (declineAll)
     * \return true if route optimization is declined for it
     */
    bool IsDeclined(Ipv4Address homeAddress, const HaRouteOptimizationSettings& settings) const;
    /// \param homeAddress a home address \return true if it is in the advertisable set
    bool IsAdvertisable(Ipv4Address homeAddress) const;
    /**
     * \param order the order to list them in
     * \return the advertisable home addresses in that order; O(number advertisable)
     */
    std::vector<Ipv4Address> GetAdvertisable(HaAdvertisementOrder order) const;
    /**
     * \param homeAddress a home address
     * \return the A, R and O flags recorded for it (RecordCapability()), if any
     */
    std::optional<RoCapabilityExtension> GetCapability(Ipv4Address homeAddress) const;

    /// \return Route Optimization Reply extensions (49/1) added
    uint64_t GetRoReplyCount() const;
    /// \return Route Optimization Prefix Advertisement extensions (50/1) added
    uint64_t GetAdvertisementCount() const;
    /// \return octets of all Prefix Advertisement extensions added (headers included)
    uint64_t GetAdvertisementOctets() const;

  private:
    /**
     * \param homeAddress an advertisable home address
     * \return its advertisement entry: HoA, Info (1 if its flags say O, RFC 6521 section
     * 3.3) and its registered prefixes with its realm
     */
    AdvertisedMobileRouter MakeEntry(Ipv4Address homeAddress) const;
    /// \param homeAddress a router: if advertisable, its entry is made again (its flags
    /// changed)
    void RefreshEntry(Ipv4Address homeAddress);

    const HaMobileNodes& m_mobileNodes;             //!< the owner's configuration
    const RoReplyTrace& m_roReplyTrace;             //!< the owner's RoReplySent
    const AdvertisementTrace& m_advertisementTrace; //!< the owner's AdvertisementSent
    Ptr<const HaBindingTable> m_bindings;           //!< binding table
    /// A, R, O of the last accepted registration (non-zero lifetime) that carried 153/1
    /// while HAARO was enabled (S cleared), by home address
    std::unordered_map<uint32_t, RoCapabilityExtension> m_capabilities;
    std::set<uint32_t> m_declined;     //!< routers declined by SetDeclined()
    HaPrefixAdvertiser m_advertiser;   //!< advertisable routers, Prefix Advertisements
    uint64_t m_roReplies{0};           //!< 49/1 extensions added
    uint64_t m_advertisements{0};      //!< 50/1 extensions added
    uint64_t m_advertisementOctets{0}; //!< their octets
};

} // namespace ns3

#endif /* HA_ROUTE_OPTIMIZATION_ROLE_H */
