/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "scenario-node-names.h"

#include "ns3/ipv4.h"

#include <sstream>

namespace ns3
{

void
ScenarioNodeNames::AddNode(Ptr<Node> node, const std::string& name, const std::string& kind)
{
    auto it = m_nodeIndex.find(node->GetId());
    if (it != m_nodeIndex.end())
    {
        m_nodes[it->second].name = name;
        m_nodes[it->second].kind = kind;
    }
    else
    {
        m_nodeIndex[node->GetId()] = m_nodes.size();
        m_nodes.push_back({node, name, kind});
    }
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    if (!ipv4)
    {
        return;
    }
    for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
    {
        for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
        {
            Ipv4Address a = ipv4->GetAddress(i, j).GetLocal();
            if (!a.IsLocalhost())
            {
                m_addressNames[a.Get()] = name;
                m_addressKinds[a.Get()] = kind;
            }
        }
    }
}

void
ScenarioNodeNames::AddAddress(Ipv4Address address, const std::string& name)
{
    m_addressNames[address.Get()] = name;
    for (const NamedNode& n : m_nodes)
    {
        if (n.name == name)
        {
            m_addressKinds[address.Get()] = n.kind;
        }
    }
}

void
ScenarioNodeNames::AddTopology(const VirtualOperatorTopology& t)
{
    AddNode(t.homeAgent, "HA", "ha");
    AddNode(t.peering, "PEERING", "router");
    for (uint32_t k = 0; k < t.ispRouters.GetN(); ++k)
    {
        AddNode(t.ispRouters.Get(k), "ISP-" + std::to_string(k + 1), "router");
    }
    for (uint32_t i = 0; i < t.sites.size(); ++i)
    {
        const VirtualOperatorSite& site = t.sites[i];
        AddNode(site.mobileRouter, MobileRouterName(i), "mr");
        AddAddress(site.homeAddress, MobileRouterName(i));
        for (uint32_t h = 0; h < site.hosts.GetN(); ++h)
        {
            AddNode(site.hosts.Get(h), HostName(i, h), "host");
        }
    }
}

std::string
ScenarioNodeNames::NameOf(Ipv4Address address) const
{
    auto it = m_addressNames.find(address.Get());
    return it != m_addressNames.end() ? it->second : Dotted(address);
}

std::string
ScenarioNodeNames::NameOf(Ptr<Node> node) const
{
    auto it = m_nodeIndex.find(node->GetId());
    return it != m_nodeIndex.end() ? m_nodes[it->second].name
                                   : "node-" + std::to_string(node->GetId());
}

std::string
ScenarioNodeNames::KindOf(Ipv4Address address) const
{
    auto it = m_addressKinds.find(address.Get());
    return it != m_addressKinds.end() ? it->second : "";
}

const std::vector<ScenarioNodeNames::NamedNode>&
ScenarioNodeNames::GetNodes() const
{
    return m_nodes;
}

const ScenarioNodeNames::NamedNode*
ScenarioNodeNames::Find(uint32_t nodeId) const
{
    auto it = m_nodeIndex.find(nodeId);
    return it != m_nodeIndex.end() ? &m_nodes[it->second] : nullptr;
}

std::string
ScenarioNodeNames::SiteLetter(uint32_t site)
{
    std::string letters;
    uint64_t n = site + 1ULL;
    while (n > 0)
    {
        n--;
        letters.insert(letters.begin(), static_cast<char>('A' + n % 26));
        n /= 26;
    }
    return letters;
}

std::string
ScenarioNodeNames::MobileRouterName(uint32_t site)
{
    return "MR-" + SiteLetter(site);
}

std::string
ScenarioNodeNames::HostName(uint32_t site, uint32_t host)
{
    return "NODE-" + SiteLetter(site) + (host == 0 ? "" : std::to_string(host + 1));
}

std::string
ScenarioNodeNames::Dotted(Ipv4Address a)
{
    std::ostringstream os;
    os << a;
    return os.str();
}

} // namespace ns3
