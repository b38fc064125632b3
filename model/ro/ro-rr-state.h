/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef RO_RR_STATE_H
#define RO_RR_STATE_H

#include "route-optimization-cache.h"

#include "ns3/nstime.h"

#include <cstdint>
#include <iosfwd>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Which keygen tokens a Mobile Router must (re)obtain before it registers with a
 * correspondent router from one care-of address (RFC 6521 section 3.2).
 */
enum class RrNeed : uint8_t
{
    NONE,    //!< RRSTATE ACTIVE, both tokens valid: reuse KRm, no return routability
    CARE_OF, //!< only a CoTI (partial return routability, e.g. after a handover, 3.3.6)
    HOME,    //!< only a HoTI (the home token expired, the care-of token is still valid)
    BOTH,    //!< HoTI and CoTI (RRSTATE INACTIVE, nothing valid)
};

/**
 * \param os stream \param n need
 * \return os
 */
std::ostream& operator<<(std::ostream& os, RrNeed n);

/**
 * \ingroup haaro
 * \brief The Mobile Router's RRSTATE rules for one (CR-HoA, MR-CoA) record (RFC 6521
 * section 3.2): "The RR procedure SHOULD be initiated when the Route Optimization Cache's
 * RRSTATE field for the desired CoA with the target CR is INACTIVE"; tokens stay usable
 * for MAX_TOKEN_LIFETIME (section 9: 210 s; the CR accepts them from 210 to 240 s after it
 * made them, section 3.2.3), after a handover only the care-of token is obtained again
 * (sections 3.2 and 3.3.6), and a refusal with code 201-203 sets RRSTATE INACTIVE (section
 * 3.3.3).
 *
 * A token's age counts from the moment the Test Init that obtained it was first sent
 * (RrRecord::homeTokenTime / careOfTokenTime): the CR made the token after that, so the
 * MR never overestimates the time the CR still accepts it.
 *
 * Plain functions on an RrRecord, no state of their own (unit-testable).
 */
class RoRrState
{
  public:
    /**
     * \param rr the record of our care-of address with the CR (nullptr: none yet)
     * \param now current time
     * \param lifetime MAX_TOKEN_LIFETIME (RouteOptimizer attribute MaxTokenLifetime; 0:
     * tokens are never reused, return routability before every registration)
     * \return which tokens to obtain before the next registration
     */
    static RrNeed Need(const RrRecord* rr, Time now, Time lifetime);
    /**
     * \param token a keygen token (empty: none) \param obtained its age's origin
     * \param now current time \param lifetime MAX_TOKEN_LIFETIME
     * \return true if it may still be used
     */
    static bool TokenValid(const MipBytes& token, Time obtained, Time now, Time lifetime);
    /**
     * \brief Prepares the record for a new round of return routability: the tokens the
     * round obtains are forgotten (the others kept), KRm too; RRSTATE becomes IN PROGRESS.
     * \param rr the record \param need what the round obtains (not NONE)
     */
    static void Begin(RrRecord& rr, RrNeed need);
    /**
     * \brief Both tokens are there: KRm = SHA1(home token | care-of token), RRSTATE ACTIVE.
     * \param rr the record (both tokens present)
     */
    static void Complete(RrRecord& rr);
    /**
     * \brief The CR refused a registration with 201 (home nonce expired), 202 (care-of) or
     * 203 (both): RRSTATE INACTIVE and the token(s) it named forgotten (section 3.3.3).
     * \param rr the record \param code the reply code (201-203)
     */
    static void Refused(RrRecord& rr, uint8_t code);
    /// \param rr the record: RRSTATE INACTIVE, both tokens and KRm forgotten
    static void Invalidate(RrRecord& rr);
};

} // namespace ns3

#endif /* RO_RR_STATE_H */
