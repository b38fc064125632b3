/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "virtual-operator-topology-helper.h"

#include "virtual-operator-address-plan.h"
#include "virtual-operator-link-builder.h"
#include "virtual-operator-uplink-faults.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/csma-helper.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/prefix-table-routing.h"
#include "ns3/random-variable-stream.h"
#include "ns3/virtual-operator-partition.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("VirtualOperatorTopologyHelper");

NodeContainer
VirtualOperatorTopology::GetAllNodes() const
{
    NodeContainer all;
    all.Add(homeAgent);
    all.Add(peering);
    all.Add(ispRouters);
    for (const auto& site : sites)
    {
        all.Add(site.mobileRouter);
        all.Add(site.hosts);
    }
    for (const auto& middlebox : middleboxes)
    {
        all.Add(middlebox.node);
    }
    return all;
}

VirtualOperatorTopologyHelper::VirtualOperatorTopologyHelper() = default;

VirtualOperatorTopologyHelper::~VirtualOperatorTopologyHelper() = default;

void
VirtualOperatorTopologyHelper::SetNumIsps(uint32_t k)
{
    NS_ABORT_MSG_IF(k == 0 || k > VirtualOperatorAddressPlan::MAX_ISPS,
                    "VirtualOperatorTopologyHelper: number of ISPs must be 1 to "
                        << VirtualOperatorAddressPlan::MAX_ISPS);
    m_numIsps = k;
}

uint32_t
VirtualOperatorTopologyHelper::GetNumIsps() const
{
    return m_numIsps;
}

uint32_t
VirtualOperatorTopologyHelper::AddSite(const std::vector<UplinkConfig>& uplinks)
{
    NS_ABORT_MSG_IF(uplinks.empty(), "VirtualOperatorTopologyHelper: a site needs an uplink");
    SiteConfig config;
    config.uplinks = uplinks;
    m_sites.push_back(config);
    return static_cast<uint32_t>(m_sites.size() - 1);
}

void
VirtualOperatorTopologyHelper::AddSites(uint32_t n, uint32_t m, AttachmentPolicy policy)
{
    NS_ABORT_MSG_IF(m == 0, "VirtualOperatorTopologyHelper: a site needs an uplink");
    SiteConfig config;
    config.autoUplinks = m;
    config.policy = policy;
    m_sites.insert(m_sites.end(), n, config);
}

uint32_t
VirtualOperatorTopologyHelper::GetNumSites() const
{
    return static_cast<uint32_t>(m_sites.size());
}

void
VirtualOperatorTopologyHelper::ClearSites()
{
    m_sites.clear();
}

void
VirtualOperatorTopologyHelper::SetUplinkMiddlebox(uint32_t site,
                                                  uint32_t uplink,
                                                  uint32_t middlebox)
{
    m_middleboxes[{site, uplink}] = middlebox;
}

void
VirtualOperatorTopologyHelper::SetDefaultUplink(DataRate dataRate, Time delay)
{
    m_uplinkRate = dataRate;
    m_uplinkDelay = delay;
}

void
VirtualOperatorTopologyHelper::SetHostsPerSite(uint32_t n)
{
    NS_ABORT_MSG_IF(n > VirtualOperatorAddressPlan::MAX_HOSTS,
                    "VirtualOperatorTopologyHelper: at most "
                        << VirtualOperatorAddressPlan::MAX_HOSTS << " hosts per site");
    m_hostsPerSite = n;
}

void
VirtualOperatorTopologyHelper::SetIspCoreLink(DataRate dataRate, Time delay)
{
    m_coreRate = dataRate;
    m_coreDelay = delay;
}

void
VirtualOperatorTopologyHelper::SetBackendLink(DataRate dataRate, Time delay)
{
    m_backendRate = dataRate;
    m_backendDelay = delay;
}

void
VirtualOperatorTopologyHelper::SetSiteLan(DataRate dataRate, Time delay)
{
    m_lanRate = dataRate;
    m_lanDelay = delay;
}

void
VirtualOperatorTopologyHelper::SetQueueDiscs(bool enable)
{
    m_queueDiscs = enable;
}

void
VirtualOperatorTopologyHelper::SetDirectReceive(bool enable)
{
    m_directReceive = enable;
}

void
VirtualOperatorTopologyHelper::SetSystemCount(uint32_t ranks)
{
    NS_ABORT_MSG_IF(ranks == 0, "VirtualOperatorTopologyHelper: at least one rank");
    m_systemCount = ranks;
}

uint32_t
VirtualOperatorTopologyHelper::GetSystemCount() const
{
    return m_systemCount;
}

int64_t
VirtualOperatorTopologyHelper::AssignStreams(int64_t stream)
{
    m_stream = stream;
    if (m_random)
    {
        m_random->SetStream(stream);
    }
    return 1;
}

Ipv4Address
VirtualOperatorTopologyHelper::GetHomeAddress(uint32_t site)
{
    return VirtualOperatorAddressPlan::GetHomeAddress(site);
}

Ipv4Address
VirtualOperatorTopologyHelper::GetMnp(uint32_t site)
{
    return VirtualOperatorAddressPlan::GetMnp(site);
}

Ipv4Address
VirtualOperatorTopologyHelper::GetIspAggregate(uint32_t isp)
{
    return VirtualOperatorAddressPlan::GetIspAggregate(isp);
}

std::vector<VirtualOperatorTopologyHelper::UplinkConfig>
VirtualOperatorTopologyHelper::ResolveUplinks(uint32_t index, const SiteConfig& config)
{
    if (config.autoUplinks == 0)
    {
        for (const auto& uplink : config.uplinks)
        {
            NS_ABORT_MSG_IF(uplink.isp >= m_numIsps,
                            "VirtualOperatorTopologyHelper: site "
                                << index << " uses ISP " << uplink.isp << " of " << m_numIsps);
        }
        return config.uplinks;
    }
    uint32_t m = config.autoUplinks;
    NS_ABORT_MSG_IF(m > m_numIsps,
                    "VirtualOperatorTopologyHelper: site " << index << " wants " << m
                                                           << " distinct ISPs of " << m_numIsps);
    std::vector<UplinkConfig> uplinks(m);
    if (config.policy == ROUND_ROBIN)
    {
        for (uint32_t j = 0; j < m; ++j)
        {
            uplinks[j].isp = (index + j) % m_numIsps;
        }
    }
    else
    {
        if (!m_random)
        {
            m_random = CreateObject<UniformRandomVariable>();
            if (m_stream >= 0)
            {
                m_random->SetStream(m_stream);
            }
        }
        // Partial Fisher-Yates shuffle of 0..K-1: m distinct ISPs, uniformly.
        std::vector<uint32_t> isps(m_numIsps);
        for (uint32_t k = 0; k < m_numIsps; ++k)
        {
            isps[k] = k;
        }
        for (uint32_t j = 0; j < m; ++j)
        {
            uint32_t pick = m_random->GetInteger(j, m_numIsps - 1);
            std::swap(isps[j], isps[pick]);
            uplinks[j].isp = isps[j];
        }
    }
    for (auto& uplink : uplinks)
    {
        uplink.dataRate = m_uplinkRate;
        uplink.delay = m_uplinkDelay;
    }
    return uplinks;
}

VirtualOperatorTopology
VirtualOperatorTopologyHelper::Build()
{
    NS_LOG_FUNCTION(this);
    using Plan = VirtualOperatorAddressPlan;
    const uint32_t n = static_cast<uint32_t>(m_sites.size());
    const uint32_t k = m_numIsps;
    NS_ABORT_MSG_IF(n == 0, "VirtualOperatorTopologyHelper: no site configured");
    NS_ABORT_MSG_IF(n > Plan::MAX_SITES,
                    "VirtualOperatorTopologyHelper: at most " << Plan::MAX_SITES << " sites");

    std::vector<std::vector<UplinkConfig>> attachments(n);
    for (uint32_t i = 0; i < n; ++i)
    {
        attachments[i] = ResolveUplinks(i, m_sites[i]);
    }
    for (const auto& [where, id] : m_middleboxes)
    {
        NS_ABORT_MSG_IF(where.first >= n || where.second >= attachments[where.first].size(),
                        "VirtualOperatorTopologyHelper: no uplink "
                            << where.second << " at site " << where.first << " for a middlebox");
    }

    VirtualOperatorTopology t;
    t.homePrefix = Plan::GetHomePrefix();
    t.homePrefixLength = Plan::HOME_PREFIX_LENGTH;
    t.mnpAggregate = Plan::GetMnpAggregate();
    t.mnpAggregateLength = Plan::MNP_AGGREGATE_LENGTH;

    // Nodes, each created with its rank (SystemId; all 0 without SetSystemCount()).
    auto ispRank = [this](uint32_t isp) {
        return VirtualOperatorPartition::GetIspRank(isp, m_systemCount);
    };
    t.homeAgent = CreateObject<Node>(VirtualOperatorPartition::GetBackboneRank());
    t.peering = CreateObject<Node>(VirtualOperatorPartition::GetBackboneRank());
    for (uint32_t isp = 0; isp < k; ++isp)
    {
        t.ispRouters.Add(CreateObject<Node>(ispRank(isp)));
    }
    for (uint32_t i = 0; i < n; ++i)
    {
        t.mobileRouters.Add(
            CreateObject<Node>(ispRank(attachments[i].empty() ? 0 : attachments[i][0].isp)));
    }
    t.sites.resize(n);
    for (uint32_t i = 0; i < n; ++i)
    {
        VirtualOperatorSite& site = t.sites[i];
        site.mobileRouter = t.mobileRouters.Get(i);
        site.hosts.Create(m_hostsPerSite, site.mobileRouter->GetSystemId());
        t.hosts.Add(site.hosts);
    }

    // Internet stacks: IPv4 only; static routing at priority 0 on the hosts, the MRs and
    // the HA; the peering point and the ISP routers only get a PrefixTableRouting.
    VirtualOperatorLinkBuilder b(m_queueDiscs, m_directReceive);
    Ipv4StaticRoutingHelper staticHelper;
    b.InstallHostStack(NodeContainer(t.homeAgent));
    b.InstallHostStack(t.mobileRouters);
    b.InstallHostStack(t.hosts);
    b.InstallRouterStack(NodeContainer(t.peering));
    b.InstallRouterStack(t.ispRouters);

    // Routers whose per-packet cost must not grow with N.
    Ptr<PrefixTableRouting> peeringRouting = PrefixTableRouting::Install(t.peering, 10);
    t.peering->GetObject<Ipv4L3Protocol>()->SetAttribute("WeakEsModel", BooleanValue(false));
    std::vector<Ptr<PrefixTableRouting>> ispRouting(k);
    for (uint32_t isp = 0; isp < k; ++isp)
    {
        Ptr<Node> router = t.ispRouters.Get(isp);
        ispRouting[isp] = PrefixTableRouting::Install(router, 10);
        router->GetObject<Ipv4L3Protocol>()->SetAttribute("WeakEsModel", BooleanValue(false));
    }

    // Backend link: peering .1, HA .2.
    NetDeviceContainer backend = b.Link(t.peering, t.homeAgent, m_backendRate, m_backendDelay);
    t.peeringBackendAddress = Plan::GetPeeringBackendAddress();
    t.homeAgentAddress = Plan::GetHomeAgentAddress();
    uint32_t peeringBackendIf =
        b.AddInterface(backend.Get(0), t.peeringBackendAddress, Plan::LINK_LENGTH);
    t.homeAgentDevice = backend.Get(1);
    t.homeAgentInterface = b.AddInterface(t.homeAgentDevice, t.homeAgentAddress, Plan::LINK_LENGTH);
    staticHelper.GetStaticRouting(t.homeAgent->GetObject<Ipv4>())
        ->SetDefaultRoute(t.peeringBackendAddress, t.homeAgentInterface);
    peeringRouting->AddRoute(t.homePrefix,
                             t.homePrefixLength,
                             t.homeAgentAddress,
                             peeringBackendIf);
    peeringRouting->AddRoute(t.mnpAggregate,
                             t.mnpAggregateLength,
                             t.homeAgentAddress,
                             peeringBackendIf);

    // ISP core links: peering .4k+1, ISP router .4k+2.
    for (uint32_t isp = 0; isp < k; ++isp)
    {
        Ptr<Node> router = t.ispRouters.Get(isp);
        NetDeviceContainer core = b.Link(t.peering, router, m_coreRate, m_coreDelay);
        Ipv4Address peeringSide = Plan::GetPeeringCoreAddress(isp);
        Ipv4Address ispSide = Plan::GetIspCoreAddress(isp);
        uint32_t peeringIf = b.AddInterface(core.Get(0), peeringSide, Plan::LINK_LENGTH);
        uint32_t ispIf = b.AddInterface(core.Get(1), ispSide, Plan::LINK_LENGTH);
        Ipv4Address aggregate = Plan::GetIspAggregate(isp);
        t.ispAggregates.push_back(aggregate);
        t.ispCoreAddresses.push_back(ispSide);
        t.peeringCoreAddresses.push_back(peeringSide);
        peeringRouting->AddRoute(aggregate, Plan::ISP_AGGREGATE_LENGTH, ispSide, peeringIf);
        // The scans read every entry, not up to the first match: the core side too.
        b.ReceiveDirectly(core.Get(1), router);
        ispRouting[isp]->SetDefaultRoute(peeringSide, ispIf);
        // Null-route the own aggregate: traffic for a customer link that is down is
        // dropped here instead of bouncing between the ISP and the peering point.
        ispRouting[isp]->AddBlackholeRoute(aggregate, Plan::ISP_AGGREGATE_LENGTH);
    }

    // Sites.
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(m_lanRate));
    csma.SetChannelAttribute("Delay", TimeValue(m_lanDelay));
    std::vector<uint32_t> linksPerIsp(k, 0);
    std::map<uint32_t, size_t> middleboxIndex; // id -> index in t.middleboxes
    uint32_t insideLinks = 0;
    for (uint32_t i = 0; i < n; ++i)
    {
        VirtualOperatorSite& site = t.sites[i];
        Ptr<Node> mr = site.mobileRouter;
        site.homeAddress = Plan::GetHomeAddress(i);
        site.mnpAddress = Plan::GetMnp(i);
        site.mnpLength = Plan::MNP_LENGTH;

        // LAN: MR .1, hosts .10, .11, ...
        NodeContainer lanNodes(mr);
        lanNodes.Add(site.hosts);
        NetDeviceContainer lan = csma.Install(lanNodes);
        site.lanDevice = lan.Get(0);
        site.lanAddress = Ipv4Address(site.mnpAddress.Get() + 1);
        site.lanInterface = b.AddInterface(site.lanDevice, site.lanAddress, site.mnpLength);
        for (uint32_t h = 0; h < site.hosts.GetN(); ++h)
        {
            Ipv4Address address(site.mnpAddress.Get() + 10 + h);
            uint32_t hostIf = b.AddInterface(lan.Get(h + 1), address, site.mnpLength);
            site.hostAddresses.push_back(address);
            staticHelper.GetStaticRouting(site.hosts.Get(h)->GetObject<Ipv4>())
                ->SetDefaultRoute(site.lanAddress, hostIf);
        }

        // Uplinks: ISP side .4j+1 (gateway), MR side .4j+2 (CoA).
        for (uint32_t u = 0; u < attachments[i].size(); ++u)
        {
            const UplinkConfig& config = attachments[i][u];
            VirtualOperatorUplink uplink;
            uplink.isp = config.isp;
            uplink.ispRouter = t.ispRouters.Get(config.isp);
            uplink.dataRate = config.dataRate;
            uplink.delay = config.delay;
            auto middlebox = m_middleboxes.find({i, u});
            if (middlebox == m_middleboxes.end())
            {
                Ipv4Address network = Plan::GetCustomerLink(config.isp, linksPerIsp[config.isp]++);
                b.ConnectUplink(uplink,
                                mr,
                                uplink.ispRouter,
                                network,
                                config.dataRate,
                                config.delay,
                                u);
                b.ReceiveDirectly(uplink.ispDevice, uplink.ispRouter);
                site.uplinks.push_back(uplink);
                continue;
            }
            // Router -> (private inside link) -> middlebox -> (customer link) -> ISP.
            auto [slot, isNew] = middleboxIndex.emplace(middlebox->second, t.middleboxes.size());
            if (isNew)
            {
                Ipv4Address network = Plan::GetCustomerLink(config.isp, linksPerIsp[config.isp]++);
                t.middleboxes.push_back(b.AddMiddlebox(config.isp,
                                                       uplink.ispRouter,
                                                       network,
                                                       config.dataRate,
                                                       config.delay,
                                                       ispRank(config.isp)));
            }
            VirtualOperatorMiddlebox& mb = t.middleboxes[slot->second];
            // The ISP attachment is the middlebox's (the first uplink behind it).
            uplink.isp = mb.isp;
            uplink.ispRouter = t.ispRouters.Get(mb.isp);
            uplink.middlebox = static_cast<int32_t>(slot->second);
            b.ConnectUplink(uplink,
                            mr,
                            mb.node,
                            Plan::GetInsideLink(insideLinks++),
                            m_lanRate,
                            m_lanDelay,
                            u);
            mb.insideInterfaces.push_back(uplink.ispInterface);
            mb.uplinks.emplace_back(i, u);
            site.uplinks.push_back(uplink);
        }
    }
    NS_LOG_INFO("built " << n << " sites, " << k << " ISPs, " << t.GetAllNodes().GetN()
                         << " nodes");
    return t;
}

void
VirtualOperatorTopologyHelper::ScheduleUplinkDelay(const VirtualOperatorTopology& topology,
                                                   uint32_t site,
                                                   uint32_t uplink,
                                                   Time at,
                                                   Time delay)
{
    VirtualOperatorUplinkFaults::ScheduleDelay(topology, site, uplink, at, delay);
}

void
VirtualOperatorTopologyHelper::ScheduleUplinkFailure(const VirtualOperatorTopology& topology,
                                                     uint32_t site,
                                                     uint32_t uplink,
                                                     Time at,
                                                     Time duration,
                                                     FailureMode mode)
{
    VirtualOperatorUplinkFaults::ScheduleFailure(topology, site, uplink, at, duration, mode);
}

void
VirtualOperatorTopologyHelper::AssignNames(const VirtualOperatorTopology& topology)
{
    Names::Add("HA", topology.homeAgent);
    Names::Add("PEERING", topology.peering);
    for (uint32_t k = 0; k < topology.ispRouters.GetN(); ++k)
    {
        Names::Add("ISP-" + std::to_string(k), topology.ispRouters.Get(k));
    }
    for (uint32_t i = 0; i < topology.sites.size(); ++i)
    {
        const VirtualOperatorSite& site = topology.sites[i];
        Names::Add("MR-" + std::to_string(i), site.mobileRouter);
        for (uint32_t h = 0; h < site.hosts.GetN(); ++h)
        {
            Names::Add("HOST-" + std::to_string(i) + "-" + std::to_string(h), site.hosts.Get(h));
        }
    }
    for (uint32_t m = 0; m < topology.middleboxes.size(); ++m)
    {
        Names::Add("MIDDLEBOX-" + std::to_string(m), topology.middleboxes[m].node);
    }
}

} // namespace ns3
