/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef RO_HOME_REPLY_HANDLER_H
#define RO_HOME_REPLY_HANDLER_H

#include "ro-context.h"
#include "ro-initiator.h"
#include "ro-pair-switcher.h"
#include "ro-responder.h"

#include "ns3/mip-registration-reply.h"
#include "ns3/prefix-advertisement-extension.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief What an authenticated Registration Reply of our Home Agent tells one
 * RouteOptimizer (RFC 6521 section 3.1.2): the NAT state of the care-of address it answered
 * (the Route Optimization Reply's N flag), whether the HA declines route optimization
 * (codes 16-31, section 5.2), the Prefix Advertisement (routers and prefixes learnt,
 * retracted or moved to another router), the requests that waited for the HA's confirmation
 * of their prefixes, and a care-of address of ours registered anew (MeasuredRtt: its pairs
 * are probed from then on).
 */
class RoHomeReplyHandler
{
  public:
    /**
     * \param context shared state \param initiator the MR role (full mesh)
     * \param responder the CR role (requests waiting for the HA)
     * \param pairSwitcher care-of address pairs (an uplink registered anew)
     */
    RoHomeReplyHandler(RoContext& context,
                       RoInitiator& initiator,
                       RoResponder& responder,
                       RoPairSwitcher& pairSwitcher);

    /**
     * \param reply an authenticated reply of the Home Agent
     * \param careOf the care-of address it answered
     */
    void OnHomeReply(const MipRegistrationReply& reply, Ipv4Address careOf);

  private:
    /// \param adv a Prefix Advertisement from our HA: removes the confirmed prefixes of
    /// each router it lists that it no longer lists for it (the prefix left that router),
    /// and the claims of other routers on a prefix it lists (the prefix moved)
    void RetractUnlisted(const PrefixAdvertisementExtension& adv);

    RoContext& m_ctx;               //!< shared state
    RoInitiator& m_initiator;       //!< MR role
    RoResponder& m_responder;       //!< CR role
    RoPairSwitcher& m_pairSwitcher; //!< care-of address pair moves
};

} // namespace ns3

#endif /* RO_HOME_REPLY_HANDLER_H */
