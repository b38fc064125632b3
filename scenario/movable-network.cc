/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "movable-network.h"

#include "ns3/abort.h"
#include "ns3/arp-cache.h"
#include "ns3/csma-helper.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MovableNetwork");

namespace
{

/**
 * \param node a node \param interface its interface \param neighbor an address on the same
 * LAN \param mac the neighbor's MAC address: a permanent ARP entry (replacing any)
 */
void
SetArpEntry(Ptr<Node> node, uint32_t interface, Ipv4Address neighbor, Address mac)
{
    Ptr<ArpCache> cache = node->GetObject<Ipv4L3Protocol>()->GetInterface(interface)->GetArpCache();
    if (ArpCache::Entry* old = cache->Lookup(neighbor))
    {
        cache->Remove(old);
    }
    ArpCache::Entry* entry = cache->Add(neighbor);
    entry->SetMacAddress(mac);
    entry->MarkPermanent();
}

} // namespace

void
MovableNetwork::Build(const VirtualOperatorTopology& topology,
                      const NemoNetwork& network,
                      const MipPrefix& prefix,
                      const std::vector<uint32_t>& candidates,
                      uint32_t hosts)
{
    NS_ABORT_MSG_IF(prefix.length < 8 || prefix.length > 30,
                    "MovableNetwork: prefix length " << unsigned(prefix.length));
    NS_ABORT_MSG_IF(candidates.empty() || hosts == 0, "MovableNetwork: no router or no host");
    m_prefix = MipPrefix{Ipv4Address(prefix.network.Get() & MipPrefix::MaskOf(prefix.length)),
                         prefix.length};
    m_gateway = Ipv4Address(m_prefix.network.Get() + 1);
    Ipv4Mask mask(MipPrefix::MaskOf(prefix.length));

    m_hosts.Create(hosts);
    InternetStackHelper stack;
    stack.Install(m_hosts);
    NodeContainer lanNodes;
    for (uint32_t site : candidates)
    {
        lanNodes.Add(topology.sites.at(site).mobileRouter);
    }
    lanNodes.Add(m_hosts);
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
    csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(1)));
    NetDeviceContainer lan = csma.Install(lanNodes);

    Ipv4StaticRoutingHelper staticHelper;
    auto addInterface = [&mask](Ptr<NetDevice> device, Ipv4Address address) {
        Ptr<Ipv4> ipv4 = device->GetNode()->GetObject<Ipv4>();
        uint32_t interface = ipv4->AddInterface(device);
        ipv4->AddAddress(interface, Ipv4InterfaceAddress(address, mask));
        ipv4->SetUp(interface);
        return interface;
    };
    for (size_t i = 0; i < candidates.size(); ++i)
    {
        Attachment a;
        a.site = candidates[i];
        a.device = lan.Get(i);
        a.interface = addInterface(a.device, m_gateway);
        a.router = network.mobileRouters.at(a.site);
        a.device->GetNode()->GetObject<Ipv4>()->SetDown(a.interface);
        network.homeAgent->AuthorizeMobileNetwork(topology.sites.at(a.site).homeAddress, m_prefix);
        m_attachments.push_back(a);
    }
    for (uint32_t h = 0; h < hosts; ++h)
    {
        Ipv4Address address(m_prefix.network.Get() + 10 + h);
        Ptr<NetDevice> device = lan.Get(candidates.size() + h);
        uint32_t interface = addInterface(device, address);
        staticHelper.GetStaticRouting(m_hosts.Get(h)->GetObject<Ipv4>())
            ->SetDefaultRoute(m_gateway, interface);
        m_hostAddress.push_back(address);
        m_hostDevice.push_back(device);
    }
}

void
MovableNetwork::SetAttached(const Attachment& a, bool up)
{
    Ptr<Ipv4> ipv4 = a.device->GetNode()->GetObject<Ipv4>();
    if (!up)
    {
        ipv4->SetDown(a.interface);
        a.router->RemoveMobileNetwork(m_prefix.network, m_prefix.length);
        return;
    }
    ipv4->SetUp(a.interface);
    for (size_t h = 0; h < m_hosts.GetN(); ++h)
    {
        uint32_t hostIf =
            m_hostDevice[h]->GetNode()->GetObject<Ipv4>()->GetInterfaceForDevice(m_hostDevice[h]);
        SetArpEntry(m_hosts.Get(h), hostIf, m_gateway, a.device->GetAddress());
        SetArpEntry(a.device->GetNode(),
                    a.interface,
                    m_hostAddress[h],
                    m_hostDevice[h]->GetAddress());
    }
    a.router->AddMobileNetwork(m_prefix.network, m_prefix.length);
}

void
MovableNetwork::AttachTo(uint32_t site)
{
    std::optional<size_t> next;
    for (size_t i = 0; i < m_attachments.size(); ++i)
    {
        if (m_attachments[i].site == site)
        {
            next = i;
        }
    }
    NS_ABORT_MSG_IF(!next, "MovableNetwork: site " << site << " is not a candidate");
    if (m_owner == next)
    {
        return;
    }
    NS_LOG_INFO(Simulator::Now().As(Time::S)
                << " network " << m_prefix << " moves to the router of site " << site);
    Detach();
    SetAttached(m_attachments[*next], true);
    m_owner = next;
}

void
MovableNetwork::Detach()
{
    if (m_owner)
    {
        SetAttached(m_attachments[*m_owner], false);
        m_owner.reset();
    }
}

std::optional<uint32_t>
MovableNetwork::GetOwner() const
{
    if (!m_owner)
    {
        return std::nullopt;
    }
    return m_attachments[*m_owner].site;
}

const MipPrefix&
MovableNetwork::GetPrefix() const
{
    return m_prefix;
}

Ptr<Node>
MovableNetwork::GetHost(uint32_t i) const
{
    return m_hosts.Get(i);
}

Ipv4Address
MovableNetwork::GetHostAddress(uint32_t i) const
{
    return m_hostAddress.at(i);
}

} // namespace ns3
