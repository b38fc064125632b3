/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef CARE_OF_PAIR_SELECTOR_H
#define CARE_OF_PAIR_SELECTOR_H

#include "route-optimization-cache.h"

#include "ns3/ipv4-address.h"

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
     * \return its first CR care-of address not known to fail with it, if any
     */
    static std::optional<Ipv4Address> CorrespondentCareOf(const RocEntry& entry,
                                                          Ipv4Address mrCareOf);
    /// \param entry cache entry \param pair pair \param works what probing found
    static void Record(RocEntry& entry, const CareOfPair& pair, bool works);
    /// \param entry cache entry: forgets the failed pairs (all of them may be tried again)
    static void ForgetFailures(RocEntry& entry);
};

} // namespace ns3

#endif /* CARE_OF_PAIR_SELECTOR_H */
