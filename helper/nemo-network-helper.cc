/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nemo-network-helper.h"

#include "ns3/mip-crypto.h"

namespace ns3
{

NemoNetworkHelper::NemoNetworkHelper() = default;

void
NemoNetworkHelper::SetHomeAgentAttribute(const std::string& name, const AttributeValue& value)
{
    m_haAttributes.emplace_back(name, value.Copy());
}

void
NemoNetworkHelper::SetMobileRouterAttribute(const std::string& name, const AttributeValue& value)
{
    m_mrAttributes.emplace_back(name, value.Copy());
}

void
NemoNetworkHelper::SetUplinkAttribute(const std::string& name, const AttributeValue& value)
{
    m_uplinkAttributes.emplace_back(name, value.Copy());
}

void
NemoNetworkHelper::SetRouteOptimizerAttribute(const std::string& name, const AttributeValue& value)
{
    m_optimizerAttributes.emplace_back(name, value.Copy());
}

void
NemoNetworkHelper::AddDynamicUplink(uint32_t site, Ptr<NetDevice> device)
{
    m_dynamicUplinks.emplace_back(site, device);
}

void
NemoNetworkHelper::SkipTopologyUplinks(uint32_t site)
{
    m_skipTopologyUplinks.insert(site);
}

MipSecurityAssociation
NemoNetworkHelper::MakeSecurityAssociation(uint32_t site, Ipv4Address homeAddress)
{
    std::string seed = "haaro-mn-ha";
    MipBytes input(seed.begin(), seed.end());
    MipWireWriter(input).WriteIpv4(homeAddress);
    MipBytes key = MipCrypto::First(16, MipCrypto::Sha1(input));
    return MipSecurityAssociation(MipSecurityAssociation::FIRST_USABLE_SPI + site, key);
}

std::string
NemoNetworkHelper::GetSiteRealm(uint32_t site)
{
    return "site-" + std::to_string(site) + ".example.com";
}

NemoNetwork
NemoNetworkHelper::Install(const VirtualOperatorTopology& topology) const
{
    HomeAgentHelper haHelper;
    for (const auto& [name, value] : m_haAttributes)
    {
        haHelper.SetAttribute(name, *value);
    }
    MobileRouterHelper mrHelper(topology.homeAgentAddress);
    for (const auto& [name, value] : m_mrAttributes)
    {
        mrHelper.SetAttribute(name, *value);
    }
    for (const auto& [name, value] : m_uplinkAttributes)
    {
        mrHelper.SetUplinkAttribute(name, *value);
    }
    for (const auto& [name, value] : m_optimizerAttributes)
    {
        mrHelper.SetRouteOptimizerAttribute(name, *value);
    }
    NemoNetwork network;
    network.homeAgent = haHelper.Install(topology.homeAgent, topology.homeAgentAddress);
    for (uint32_t i = 0; i < topology.sites.size(); ++i)
    {
        const VirtualOperatorSite& site = topology.sites[i];
        MipSecurityAssociation sa = MakeSecurityAssociation(i, site.homeAddress);
        std::vector<MipPrefix> networks = {{site.mnpAddress, site.mnpLength}};
        HomeAgentHelper::AddMobileRouter(network.homeAgent,
                                         site.homeAddress,
                                         sa,
                                         networks,
                                         GetSiteRealm(i));
        Ptr<MobileRouter> mr =
            mrHelper.Install(site.mobileRouter, site.homeAddress, sa, {}, networks);
        for (const auto& [s, device] : m_dynamicUplinks)
        {
            if (s == i)
            {
                mr->AddDynamicUplink(device);
            }
        }
        for (const auto& u : site.uplinks)
        {
            if (m_skipTopologyUplinks.count(i) == 0)
            {
                mr->AddUplink(u.mrDevice, u.gateway);
            }
        }
        network.mobileRouters.push_back(mr);
    }
    return network;
}

} // namespace ns3
