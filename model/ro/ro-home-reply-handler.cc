/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ro-home-reply-handler.h"

#include "ns3/log.h"
#include "ns3/ro-extensions.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RoHomeReplyHandler");

RoHomeReplyHandler::RoHomeReplyHandler(RoContext& context,
                                       RoInitiator& initiator,
                                       RoResponder& responder,
                                       RoPairSwitcher& pairSwitcher)
    : m_ctx(context),
      m_initiator(initiator),
      m_responder(responder),
      m_pairSwitcher(pairSwitcher)
{
}

void
RoHomeReplyHandler::OnHomeReply(const MipRegistrationReply& reply, Ipv4Address careOf)
{
    if (std::optional<RoReplyExtension> ro = RoReplyExtension::Find(reply))
    {
        // NAT state per care-of address (RFC 6521 section 3.1.2): the encapsulation and the
        // Care-of Address extension follow each uplink's N, not the last reply's.
        m_ctx.natByCareOf[careOf.Get()] = ro->GetFlag(RoReplyExtension::FLAG_N);
        m_ctx.behindNat = false;
        for (const auto& [coa, natted] : m_ctx.natByCareOf)
        {
            m_ctx.behindNat = m_ctx.behindNat || natted;
        }
        // Codes 16-31 decline (RFC 6521 section 5.2): no route optimization started by us.
        bool declined = ro->GetCode() >= RoReplyExtension::CODE_DECLINED_UNSPECIFIED;
        if (declined != m_ctx.declined)
        {
            m_ctx.declined = declined;
            m_ctx.peerEvent(RoPeerEventInfo(m_ctx.homeAgent,
                                            declined ? RoPeerEvent::RO_DECLINED_BY_HA
                                                     : RoPeerEvent::RO_ALLOWED_BY_HA));
        }
    }
    if (std::optional<PrefixAdvertisementExtension> adv = PrefixAdvertisementExtension::Find(reply))
    {
        RetractUnlisted(*adv);
        std::vector<Ipv4Address> listed = m_ctx.cache.ApplyAdvertisement(*adv);
        for (Ipv4Address peer : listed)
        {
            m_ctx.peerEvent(RoPeerEventInfo(peer, RoPeerEvent::ADVERTISEMENT));
            if (m_ctx.config.fullMesh)
            {
                Simulator::ScheduleNow(&RoInitiator::StartRouteOptimization, &m_initiator, peer);
            }
        }
    }
    // Requests that waited for the HA's confirmation of their prefixes.
    m_responder.OnHomeReply();
    // MeasuredRtt: a care-of address registering anew has its pairs probed from now on, once
    // its uplink has taken the reply (this callback comes first).
    std::optional<RoUplink> uplink = m_ctx.UplinkOf(careOf);
    if (m_ctx.config.pairPolicy == RoPairPolicy::MEASURED_RTT && uplink && !uplink->usable &&
        reply.GetLifetime() > 0)
    {
        Simulator::ScheduleNow(&RoPairSwitcher::OnUplinkRegistered, &m_pairSwitcher, careOf);
    }
}

void
RoHomeReplyHandler::RetractUnlisted(const PrefixAdvertisementExtension& adv)
{
    // Our reading of RFC 6521 section 3.1.2 ("Information that is no longer valid due to
    // ... topology changes MAY be removed"): the HA lists a router with all the prefixes it
    // registered (it cuts an advertisement between routers, never inside one), so a
    // confirmed prefix of a listed router that the list lacks has left that router.
    for (const AdvertisedMobileRouter& router : adv.GetEntries())
    {
        if (router.homeAddress == m_ctx.homeAddress)
        {
            continue;
        }
        for (const RocPrefix& held : m_ctx.cache.GetPrefixes(router.homeAddress))
        {
            bool listed = held.prefix == MipPrefix{router.homeAddress, MipPrefix::MAX_LENGTH};
            for (const AdvertisedPrefix& a : router.prefixes)
            {
                listed |= held.prefix == MipPrefix{a.prefix, a.prefixLength};
            }
            if (held.valid && !listed)
            {
                NS_LOG_INFO(m_ctx.homeAddress << ": the HA no longer lists " << held.prefix
                                              << " for " << router.homeAddress);
                m_ctx.cache.RemovePrefix(router.homeAddress, held.prefix);
            }
        }
        // The HA routes a prefix to one router at a time (HomeAgent::AuthorizeMobileNetwork):
        // a prefix it lists for this router now is no longer another router's (a network
        // that moved; a solicited reply lists only the new owner, not the old one).
        for (const AdvertisedPrefix& a : router.prefixes)
        {
            MipPrefix q{a.prefix, a.prefixLength};
            if (q.length == MipPrefix::MAX_LENGTH)
            {
                continue; // a home address: each router's own /32 follows the longest match
            }
            for (Ipv4Address other : m_ctx.cache.GetClaimants(q))
            {
                if (other != router.homeAddress)
                {
                    NS_LOG_INFO(m_ctx.homeAddress << ": the HA lists " << q << " for "
                                                  << router.homeAddress << ", no longer " << other);
                    m_ctx.cache.RemovePrefix(other, q);
                }
            }
        }
    }
}

} // namespace ns3
