/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef HA_REQUEST_GATE_H
#define HA_REQUEST_GATE_H

#include "ha-registration-decider.h"

#include "ns3/mip-registration-request.h"
#include "ns3/protocol-drop.h"

#include <cstddef>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Which Registration Requests the Home Agent goes on to decide: those of a mobile
 * node it serves, with a valid MN-HA authenticator for its security association (RFC 5944
 * sections 3.2, 3.5.2 and 3.8.2.1). A request of an unknown home address, without the
 * extension or with an unknown SPI is silently discarded; an invalid authenticator is
 * answered with code 131. On acceptance the request keeps only the extensions the
 * authenticator covers.
 */
class HaRequestGate
{
  public:
    /// What happens to a request.
    enum class Verdict
    {
        DISCARD,           //!< silently discarded
        REPLY_AUTH_FAILED, //!< answered with code 131 (MIP_REPLY_HA_MN_AUTH_FAILED)
        ACCEPT,            //!< authenticated: on to the decision
    };

    /// The gate's answer.
    struct Result
    {
        Verdict verdict{Verdict::DISCARD};             //!< what happens
        ProtocolDrop drop{ProtocolDrop::UNKNOWN_PEER}; //!< why, unless accepted
        HaMobileNodeConfig* config{nullptr};           //!< the mobile node (none when unknown)
        size_t unauthenticated{0};                     //!< extensions after the authenticator
    };

    /**
     * \param rrq a parsed request; on acceptance, cut to what the authenticator covers
     * \param mobileNodes the mobile nodes the Home Agent serves
     * \return the verdict
     */
    static Result Check(MipRegistrationRequest& rrq, HaMobileNodes& mobileNodes);
};

} // namespace ns3

#endif /* HA_REQUEST_GATE_H */
