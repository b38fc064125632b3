/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mobile-router-helper.h"

#include "ns3/ipv4-address.h"

namespace ns3
{

MobileRouterHelper::MobileRouterHelper(Ipv4Address homeAgent)
{
    m_factory.SetTypeId(MobileRouter::GetTypeId());
    m_factory.Set("HomeAgent", Ipv4AddressValue(homeAgent));
    m_uplinkFactory.SetTypeId(MrUplink::GetTypeId());
    m_optimizerFactory.SetTypeId(RouteOptimizer::GetTypeId());
}

void
MobileRouterHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

void
MobileRouterHelper::SetUplinkAttribute(const std::string& name, const AttributeValue& value)
{
    m_uplinkFactory.Set(name, value);
}

void
MobileRouterHelper::SetRouteOptimizerAttribute(const std::string& name, const AttributeValue& value)
{
    m_optimizerFactory.Set(name, value);
}

Ptr<MobileRouter>
MobileRouterHelper::Install(Ptr<Node> node,
                            Ipv4Address homeAddress,
                            const MipSecurityAssociation& sa,
                            const std::vector<MobileRouterUplink>& uplinks,
                            const std::vector<MipPrefix>& networks) const
{
    Ptr<MobileRouter> mr = m_factory.Create<MobileRouter>();
    mr->SetUplinkFactory(m_uplinkFactory);
    mr->SetRouteOptimizerFactory(m_optimizerFactory);
    mr->SetAttribute("HomeAddress", Ipv4AddressValue(homeAddress));
    mr->SetSecurityAssociation(sa);
    for (const auto& uplink : uplinks)
    {
        mr->AddUplink(uplink.device, uplink.gateway);
    }
    for (const auto& p : networks)
    {
        mr->AddMobileNetwork(p.network, p.length);
    }
    node->AddApplication(mr);
    return mr;
}

} // namespace ns3
