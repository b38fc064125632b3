/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mr-reply-follow-up.h"

#include "ns3/log.h"
#include "ns3/nemo-extensions.h"
#include "ns3/ro-extensions.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MrReplyFollowUp");

MrReplyFollowUp::MrReplyFollowUp(Settings settings,
                                 MrRegistrationConfig& config,
                                 const std::vector<Ptr<MrUplink>>& uplinks)
    : m_settings(settings),
      m_config(config),
      m_uplinks(uplinks)
{
}

void
MrReplyFollowUp::RetryRefusedPrefixes(const MipRegistrationReply& reply, Ipv4Address careOf)
{
    if (reply.GetLifetime() == 0)
    {
        return;
    }
    // RFC 5177 section 6.6: MOBNET_FWDING_SETUP_FAILED: the Home Agent could not set up
    // forwarding, here because another router still has the prefix registered (a network
    // that moves here before the old router's re-registration without it arrived): ask
    // again, with a doubling wait, a bounded number of times.
    bool refused = false;
    for (const MobileNetworkAckExtension& ack : MobileNetworkAckExtension::FindAll(reply))
    {
        MipPrefix p{ack.GetPrefix(), ack.GetPrefixLength()};
        refused |= ack.GetCode() == MOBNET_FWDING_SETUP_FAILED &&
                   std::find(m_config.prefixes.begin(), m_config.prefixes.end(), p) !=
                       m_config.prefixes.end();
    }
    if (!refused)
    {
        m_prefixRetry = 0;
        return;
    }
    if (m_settings.prefixRetryInterval.IsZero() || m_prefixRetry >= m_settings.prefixRetries ||
        m_prefixRetryEvent.IsRunning())
    {
        return;
    }
    Time wait = m_settings.prefixRetryInterval * static_cast<int64_t>(1U << m_prefixRetry);
    m_prefixRetry++;
    for (const auto& uplink : m_uplinks)
    {
        if (uplink->GetCareOfAddress() == careOf)
        {
            NS_LOG_INFO(m_config.homeAddress << ": a prefix is still registered by another "
                                             << "router; asking again in " << wait.As(Time::S));
            m_prefixRetryEvent = Simulator::Schedule(wait, &MrUplink::Register, uplink);
        }
    }
}

void
MrReplyFollowUp::UpdateOutboundOnly(const MipRegistrationReply& reply, Ipv4Address careOf)
{
    std::optional<RoReplyExtension> ro = RoReplyExtension::Find(reply);
    if (!ro || reply.GetLifetime() == 0)
    {
        return;
    }
    m_natted[careOf.Get()] = ro->GetFlag(RoReplyExtension::FLAG_N);
    bool everyUplinkNatted = !m_natted.empty();
    for (const auto& [coa, natted] : m_natted)
    {
        everyUplinkNatted = everyUplinkNatted && natted;
    }
    bool outboundOnly =
        m_settings.outboundOnly || (m_settings.outboundOnlyWhenNatted && everyUplinkNatted);
    if (outboundOnly == m_config.outboundOnly)
    {
        return;
    }
    NS_LOG_INFO(m_config.homeAddress << ": O flag " << (outboundOnly ? "set" : "cleared")
                                     << " (NAT reported by the Home Agent via " << careOf << ")");
    m_config.outboundOnly = outboundOnly;
    for (const auto& uplink : m_uplinks)
    {
        if (uplink->GetCareOfAddress() == careOf)
        {
            // The Home Agent advertises the O flag it last saw: tell it now.
            Simulator::ScheduleNow(&MrUplink::Register, uplink);
        }
    }
}

void
MrReplyFollowUp::ForgetCareOf(Ipv4Address careOf)
{
    m_natted.erase(careOf.Get());
}

void
MrReplyFollowUp::Stop()
{
    m_prefixRetryEvent.Cancel();
}

} // namespace ns3
