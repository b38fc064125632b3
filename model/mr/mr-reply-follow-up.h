/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MR_REPLY_FOLLOW_UP_H
#define MR_REPLY_FOLLOW_UP_H

#include "mr-registration-config.h"
#include "mr-uplink.h"

#include "ns3/event-id.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/nstime.h"

#include <map>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief What an accepted Home Agent reply makes a MobileRouter do next, besides applying
 * it: ask again for a prefix the Home Agent could not set up (RFC 5177 section 6.6,
 * MOBNET_FWDING_SETUP_FAILED), and set or clear the O flag when the Home Agent's N flag
 * says every uplink is behind a NAT (OutboundOnlyWhenNatted), registering the change.
 *
 * It keeps the N flag per care-of address and the retry count; the settings are the
 * router's attributes, read when a reply comes.
 */
class MrReplyFollowUp
{
  public:
    /// The router's attributes that apply (read at each reply).
    struct Settings
    {
        const Time& prefixRetryInterval;    //!< PrefixRetryInterval attribute
        const uint32_t& prefixRetries;      //!< PrefixRetries attribute
        const bool& outboundOnly;           //!< OutboundOnly attribute
        const bool& outboundOnlyWhenNatted; //!< OutboundOnlyWhenNatted attribute
    };

    /**
     * \param settings the router's attributes
     * \param config what the uplinks share (its prefixes; its O flag is updated)
     * \param uplinks the router's uplinks
     */
    MrReplyFollowUp(Settings settings,
                    MrRegistrationConfig& config,
                    const std::vector<Ptr<MrUplink>>& uplinks);

    /**
     * \brief A prefix we serve was answered MOBNET_FWDING_SETUP_FAILED (another router has
     * it registered): re-register on that uplink after PrefixRetryInterval, doubling, at
     * most PrefixRetries times in a row.
     * \param reply an authenticated Home Agent reply \param careOf the uplink it came on
     */
    void RetryRefusedPrefixes(const MipRegistrationReply& reply, Ipv4Address careOf);
    /**
     * \brief OutboundOnlyWhenNatted: the O flag follows the Home Agent's N flag (every
     * uplink behind a NAT), and a change is registered at once.
     * \param reply an authenticated Home Agent reply \param careOf the uplink it came on
     */
    void UpdateOutboundOnly(const MipRegistrationReply& reply, Ipv4Address careOf);
    /// \param careOf a care-of address that left its uplink: its N flag is forgotten
    void ForgetCareOf(Ipv4Address careOf);
    /// Cancels a pending retry.
    void Stop();

  private:
    Settings m_settings;                         //!< the router's attributes
    MrRegistrationConfig& m_config;              //!< what the uplinks share
    const std::vector<Ptr<MrUplink>>& m_uplinks; //!< the router's uplinks
    std::map<uint32_t, bool> m_natted;           //!< N flag of the last reply, per care-of
    uint32_t m_prefixRetry{0};                   //!< retries since the last reply without a refusal
    EventId m_prefixRetryEvent;                  //!< the pending retry
};

} // namespace ns3

#endif /* MR_REPLY_FOLLOW_UP_H */
