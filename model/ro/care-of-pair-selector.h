/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef CARE_OF_PAIR_SELECTOR_H
#define CARE_OF_PAIR_SELECTOR_H

#include "ro-config.h"
#include "route-optimization-cache.h"

#include "ns3/ipv4-address.h"

#include <functional>
#include <optional>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The two ends of a direct tunnel between multihomed routers: one of our care-of
 * addresses and one of the correspondent router's.
 */
struct CareOfPair
{
    Ipv4Address mrCareOf; //!< ours
    Ipv4Address crCareOf; //!< the correspondent router's

    /// \param o another pair \return true if both ends are the same
    bool operator==(const CareOfPair& o) const
    {
        return mrCareOf == o.mrCareOf && crCareOf == o.crCareOf;
    }
};

/**
 * \ingroup haaro
 * \brief What is measured of one pair: its smoothed round-trip time (RFC 6298 SRTT) and
 * the number of samples behind it.
 */
struct CareOfPairRtt
{
    CareOfPair pair;     //!< the pair
    Time srtt;           //!< its SRTT
    uint32_t samples{0}; //!< RTT samples taken on it
};

/**
 * \ingroup haaro
 * \brief Chooses the (MR CoA, CR CoA) pair of a direct tunnel from the Route Optimization
 * Cache (RFC 6521 section 3.3 R19 and section 6.1: "the MR MAY probe every CoA listed in
 * the Care-of Address extension ... and record the working pairs").
 *
 * Results of probing are kept in RocEntry::natStates: true = the pair carried an answered
 * keepalive, false = it failed. Candidates are visited in preference order: our care-of
 * addresses in the order given (the one in use first), for each the CR's addresses in the
 * priority order of its Care-of Address extension; pairs known to fail are skipped.
 */
class CareOfPairSelector
{
  public:
    /**
     * \param entry the correspondent router's cache entry (its CoAs and pair states)
     * \param ownCareOfs our usable care-of addresses, most preferred first
     * \return the first pair not known to fail, if any
     */
    static std::optional<CareOfPair> Next(const RocEntry& entry,
                                          const std::vector<Ipv4Address>& ownCareOfs);
    /**
     * \param entry the correspondent router's cache entry
     * \param mrCareOf our care-of address
     * \param preferred a CR care-of address chosen by measurement (zero: none): taken if
     * the CR lists it and it is not known to fail with mrCareOf
     * \return its first CR care-of address not known to fail with it, if any
     */
    static std::optional<Ipv4Address> CorrespondentCareOf(
        const RocEntry& entry,
        Ipv4Address mrCareOf,
        Ipv4Address preferred = Ipv4Address::GetZero());
    /**
     * \brief The MeasuredRtt policy's choice (RFC 6521 section 3.3.4 adapts to "the
     * perceived latency"; the choice among working pairs is this model's): the candidate
     * of lowest SRTT, if both it and the current pair have config.pairProbeSamples samples
     * and its SRTT is lower than the current one by config.pairSwitchMargin (a fraction)
     * and by config.pairSwitchMinGain (hysteresis: pairs within the margin never flap).
     * \param current the pair in use \param candidates the other pairs
     * \param config the margins
     * \return the pair to move to, if any
     */
    static std::optional<CareOfPair> MeasuredBest(const CareOfPairRtt& current,
                                                  const std::vector<CareOfPairRtt>& candidates,
                                                  const RoConfig& config);
    /// \param entry cache entry \param pair pair \param works what probing found
    static void Record(RocEntry& entry, const CareOfPair& pair, bool works);
    /// \param entry cache entry: forgets the failed pairs (all of them may be tried again)
    static void ForgetFailures(RocEntry& entry);

    /// \param peer a correspondent router \return true if our binding with it is being set up
    using IsPendingFunction = std::function<bool(Ipv4Address peer)>;
    /**
     * \brief The uplink (our care-of address) to use with a correspondent router: the one
     * chosen by pair probing while it is usable; else the active uplink (the first usable);
     * with spreadPeers a care-of address per CR (RFC 6521 section 3.3, R19): the one in use
     * while it works, otherwise the usable uplink serving the fewest CRs (ties: uplink order).
     * \param cache the Route Optimization Cache \param peer the CR's home address
     * \param uplinks our uplinks, active first \param spreadPeers RoConfig::spreadPeers
     * \param pinned our CoA chosen by pair probing (zero: none)
     * \param pending whether a registration with a CR is outstanding (counts as load)
     * \return the uplink, if any is usable
     */
    static std::optional<RoUplink> ChooseUplink(const RouteOptimizationCache& cache,
                                                Ipv4Address peer,
                                                const std::vector<RoUplink>& uplinks,
                                                bool spreadPeers,
                                                Ipv4Address pinned,
                                                const IsPendingFunction& pending);
    /**
     * \param current our care-of address of the failed pair
     * \param uplinks our uplinks
     * \return our usable care-of addresses to probe from: the current one first (if still
     * usable), then the other usable ones in uplink order
     */
    static std::vector<Ipv4Address> OwnCareOfs(Ipv4Address current,
                                               const std::vector<RoUplink>& uplinks);
    /**
     * \brief Moves a binding to another care-of address of ours (RFC 6521 section 3.3.6):
     * the entry uses the new one, whose return routability record inherits the home token
     * (and its nonce index, time and cookie) so that only the care-of test runs again.
     * \param entry the CR's entry \param oldCareOf the CoA in use \param newCareOf the new one
     */
    static void MoveBinding(RocEntry& entry, Ipv4Address oldCareOf, Ipv4Address newCareOf);
};

} // namespace ns3

#endif /* CARE_OF_PAIR_SELECTOR_H */
