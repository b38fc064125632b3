/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "home-agent-helper.h"

#include "ns3/ipv4-address.h"

namespace ns3
{

HomeAgentHelper::HomeAgentHelper()
{
    m_factory.SetTypeId(HomeAgent::GetTypeId());
}

void
HomeAgentHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

Ptr<HomeAgent>
HomeAgentHelper::Install(Ptr<Node> node, Ipv4Address address) const
{
    Ptr<HomeAgent> ha = m_factory.Create<HomeAgent>();
    ha->SetAttribute("HomeAgentAddress", Ipv4AddressValue(address));
    node->AddApplication(ha);
    return ha;
}

void
HomeAgentHelper::AddMobileRouter(Ptr<HomeAgent> ha,
                                 Ipv4Address homeAddress,
                                 const MipSecurityAssociation& sa,
                                 const std::vector<MipPrefix>& prefixes,
                                 const std::string& realm)
{
    ha->AddMobileNode(homeAddress, sa, prefixes, true, realm);
}

} // namespace ns3
