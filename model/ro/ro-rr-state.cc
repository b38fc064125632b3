/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ro-rr-state.h"

#include "ns3/mip-registration-reply.h"
#include "ns3/return-routability-keys.h"

#include <ostream>

namespace ns3
{

std::ostream&
operator<<(std::ostream& os, RrNeed n)
{
    switch (n)
    {
    case RrNeed::NONE:
        return os << "none";
    case RrNeed::CARE_OF:
        return os << "care-of";
    case RrNeed::HOME:
        return os << "home";
    case RrNeed::BOTH:
        return os << "both";
    }
    return os << "?";
}

bool
RoRrState::TokenValid(const MipBytes& token, Time obtained, Time now, Time lifetime)
{
    return !token.empty() && now - obtained < lifetime;
}

RrNeed
RoRrState::Need(const RrRecord* rr, Time now, Time lifetime)
{
    if (!rr)
    {
        return RrNeed::BOTH;
    }
    bool home = TokenValid(rr->homeToken, rr->homeTokenTime, now, lifetime) &&
                rr->homeNonceIndex.has_value();
    bool careOf = TokenValid(rr->careOfToken, rr->careOfTokenTime, now, lifetime) &&
                  rr->careOfNonceIndex.has_value();
    if (home && careOf)
    {
        // Reuse KRm (Complete() recomputes it: after a handover the home token may come
        // from the record of the previous care-of address). A refusal forgets the tokens
        // it names, so RRSTATE INACTIVE with both tokens valid does not happen.
        return RrNeed::NONE;
    }
    return home ? RrNeed::CARE_OF : careOf ? RrNeed::HOME : RrNeed::BOTH;
}

void
RoRrState::Begin(RrRecord& rr, RrNeed need)
{
    if (need == RrNeed::HOME || need == RrNeed::BOTH)
    {
        rr.homeToken.clear();
        rr.homeNonceIndex.reset();
    }
    if (need == RrNeed::CARE_OF || need == RrNeed::BOTH)
    {
        rr.careOfToken.clear();
        rr.careOfNonceIndex.reset();
    }
    rr.krm.clear();
    // "If the state was INACTIVE, the state MUST be set to IN PROGRESS when the RR
    // procedure is initiated" (section 3.2).
    rr.state = RrState::IN_PROGRESS;
}

void
RoRrState::Complete(RrRecord& rr)
{
    rr.krm = ReturnRoutabilityKeys::RegistrationKey(rr.homeToken, rr.careOfToken);
    rr.state = RrState::ACTIVE;
}

void
RoRrState::Refused(RrRecord& rr, uint8_t code)
{
    // "If the reply to a registration indicates that one or both of the tokens have
    // expired, the RRSTATE MUST be set to INACTIVE" (section 3.2).
    if (code == MIP_REPLY_CR_EXPIRED_HOME_NONCE || code == MIP_REPLY_CR_EXPIRED_NONCES)
    {
        rr.homeToken.clear();
        rr.homeNonceIndex.reset();
    }
    if (code == MIP_REPLY_CR_EXPIRED_CARE_OF_NONCE || code == MIP_REPLY_CR_EXPIRED_NONCES)
    {
        rr.careOfToken.clear();
        rr.careOfNonceIndex.reset();
    }
    rr.krm.clear();
    rr.state = RrState::INACTIVE;
}

void
RoRrState::Invalidate(RrRecord& rr)
{
    Refused(rr, MIP_REPLY_CR_EXPIRED_NONCES);
}

} // namespace ns3
