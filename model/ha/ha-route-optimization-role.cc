/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ha-route-optimization-role.h"

#include "ha-udp-tunnelling.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HaRouteOptimizationRole");

HaRouteOptimizationRole::HaRouteOptimizationRole(const HaMobileNodes& mobileNodes,
                                                 const RoReplyTrace& roReplyTrace,
                                                 const AdvertisementTrace& advertisementTrace)
    : m_mobileNodes(mobileNodes),
      m_roReplyTrace(roReplyTrace),
      m_advertisementTrace(advertisementTrace)
{
}

void
HaRouteOptimizationRole::Install(Ptr<const HaBindingTable> bindings)
{
    m_bindings = bindings;
}

void
HaRouteOptimizationRole::Dispose()
{
    m_bindings = nullptr;
    Restart();
}

void
HaRouteOptimizationRole::Restart()
{
    // What a rebooted Home Agent loses: the HAARO flags and the advertisement order.
    m_capabilities.clear();
    m_advertiser.Reset();
}

void
HaRouteOptimizationRole::RecordCapability(const MipRegistrationRequest& rrq,
                                          const HaRouteOptimizationSettings& settings)
{
    if (rrq.GetLifetime() == 0)
    {
        // A de-registration says nothing about route optimization (the router sends no
        // 153/1 in it); the remaining bindings, if any, keep the flags they were made with.
        return;
    }
    std::optional<RoCapabilityExtension> capability;
    if (settings.enabled)
    {
        capability = RoCapabilityExtension::Find(rrq);
    }
    uint32_t key = rrq.GetHomeAddress().Get();
    if (!capability)
    {
        m_capabilities.erase(key);
        RefreshEntry(rrq.GetHomeAddress());
        return;
    }
    capability->ClearSolicitation(); // S concerns this one request only
    if (capability->GetFlag(RoCapabilityExtension::FLAG_A))
    {
        // RFC 6521 section 5.1, A: the Mobile Router permits the Home Agent to advertise
        // its networks; the first such registration fixes its place in the order.
        m_advertiser.Permit(rrq.GetHomeAddress());
    }
    m_capabilities.insert_or_assign(key, *capability);
    RefreshEntry(rrq.GetHomeAddress()); // O may have changed
}

void
HaRouteOptimizationRole::RefreshEntry(Ipv4Address homeAddress)
{
    if (m_advertiser.IsAdvertisable(homeAddress))
    {
        m_advertiser.Update(homeAddress, MakeEntry(homeAddress));
    }
}

void
HaRouteOptimizationRole::UpdateAdvertisable(Ipv4Address homeAddress,
                                            const HaRouteOptimizationSettings& settings)
{
    if (m_mobileNodes.count(homeAddress.Get()) == 0)
    {
        return;
    }
    auto capability = m_capabilities.find(homeAddress.Get());
    const HaMobileNodeRecord* record = m_bindings->Find(homeAddress);
    bool advertisable = capability != m_capabilities.end() &&
                        capability->second.GetFlag(RoCapabilityExtension::FLAG_A) && record &&
                        !record->bindings.empty() && !IsDeclined(homeAddress, settings);
    // The entry is made here, when the binding, the prefixes, the realm or the flags may
    // have changed, and kept (with its encoding) until the next change.
    m_advertiser.Update(homeAddress,
                        advertisable ? std::optional(MakeEntry(homeAddress)) : std::nullopt);
}

AdvertisedMobileRouter
HaRouteOptimizationRole::MakeEntry(Ipv4Address homeAddress) const
{
    const HaMobileNodeConfig& config = m_mobileNodes.at(homeAddress.Get());
    auto capability = m_capabilities.find(homeAddress.Get());
    // RFC 6521 section 3.3: a router that set O accepts outbound connections only (Info 1).
    bool outboundOnly = capability != m_capabilities.end() &&
                        capability->second.GetFlag(RoCapabilityExtension::FLAG_O);
    const HaMobileNodeRecord* record = m_bindings->Find(homeAddress);
    return HaPrefixAdvertiser::MakeEntry(homeAddress,
                                         outboundOnly,
                                         record ? record->prefixes : std::vector<MipPrefix>(),
                                         config.realm);
}

void
HaRouteOptimizationRole::AddToReply(const MipRegistrationRequest& rrq,
                                    Ipv4Address from,
                                    MipRegistrationReply& reply,
                                    bool advertise,
                                    const HaRouteOptimizationSettings& settings)
{
    if (!settings.enabled)
    {
        return; // legacy Home Agent: 153/1 is skippable and skipped
    }
    std::optional<RoCapabilityExtension> capability = RoCapabilityExtension::Find(rrq);
    if (!capability)
    {
        return;
    }
    Ipv4Address requester = rrq.GetHomeAddress();
    std::optional<Ipv4Address> solicited = capability->GetSolicitedHomeAddress();

    // RFC 6521 section 5.2: MUST when 153/1 was present and the registration succeeded.
    RoReplyExtension roReply;
    roReply.SetFlag(RoReplyExtension::FLAG_O, capability->GetFlag(RoCapabilityExtension::FLAG_O));
    // RFC 3519 section 4.6 NAT test: the request's IP source is not its care-of address.
    roReply.SetFlag(RoReplyExtension::FLAG_N, HaUdpTunnelling::IsNatDetected(rrq, from));
    roReply.SetFlag(RoReplyExtension::FLAG_S, solicited.has_value());
    bool declined = IsDeclined(requester, settings);
    roReply.SetCode(declined ? RoReplyExtension::CODE_DECLINED_UNSPECIFIED
                             : RoReplyExtension::CODE_ROUTE_OPTIMIZATION);
    reply.AddExtension(roReply.ToExtension());
    m_roReplies++;
    m_roReplyTrace(requester, roReply);

    if (declined || !capability->GetFlag(RoCapabilityExtension::FLAG_R) || rrq.GetLifetime() == 0 ||
        !advertise)
    {
        // Only on request (R), pointless in the answer to a de-registration, and never in
        // the answer to a duplicate (no amplification by repeating a request).
        return;
    }

    std::optional<HaAdvertisement> advertisement =
        m_advertiser.Build(requester, solicited, reply.GetSerializedSize(), settings.advertisement);
    if (!advertisement)
    {
        return;
    }
    reply.AddExtension(advertisement->extension);
    m_advertisements++;
    m_advertisementOctets += advertisement->octets;
    NS_LOG_INFO("Prefix Advertisement to " << requester << ": " << advertisement->mobileRouters
                                           << " routers, " << advertisement->prefixes
                                           << " prefixes, " << advertisement->octets << " octets");
    m_advertisementTrace(requester,
                         advertisement->mobileRouters,
                         advertisement->prefixes,
                         advertisement->octets);
}

void
HaRouteOptimizationRole::SetDeclined(Ipv4Address homeAddress,
                                     bool declined,
                                     const HaRouteOptimizationSettings& settings)
{
    if (declined)
    {
        m_declined.insert(homeAddress.Get());
    }
    else
    {
        m_declined.erase(homeAddress.Get());
    }
    UpdateAdvertisable(homeAddress, settings);
}

bool
HaRouteOptimizationRole::IsDeclined(Ipv4Address homeAddress,
                                    const HaRouteOptimizationSettings& settings) const
{
    return settings.declineAll || m_declined.count(homeAddress.Get()) > 0;
}

bool
HaRouteOptimizationRole::IsAdvertisable(Ipv4Address homeAddress) const
{
    return m_advertiser.IsAdvertisable(homeAddress);
}

std::vector<Ipv4Address>
HaRouteOptimizationRole::GetAdvertisable(HaAdvertisementOrder order) const
{
    return m_advertiser.GetAdvertisable(order);
}

std::optional<RoCapabilityExtension>
HaRouteOptimizationRole::GetCapability(Ipv4Address homeAddress) const
{
    auto it = m_capabilities.find(homeAddress.Get());
    if (it == m_capabilities.end())
    {
        return std::nullopt;
    }
    return it->second;
}

uint64_t
HaRouteOptimizationRole::GetRoReplyCount() const
{
    return m_roReplies;
}

uint64_t
HaRouteOptimizationRole::GetAdvertisementCount() const
{
    return m_advertisements;
}

uint64_t
HaRouteOptimizationRole::GetAdvertisementOctets() const
{
    return m_advertisementOctets;
}

} // namespace ns3
