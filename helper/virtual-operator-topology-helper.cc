/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "virtual-operator-topology-helper.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/csma-helper.h"
#include "ns3/error-model.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-list-routing-helper.h"
#include "ns3/ipv4-routing-table-entry.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/pointer.h"
#include "ns3/prefix-table-routing.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/traffic-control-layer.h"
#include "ns3/virtual-operator-partition.h"

#include <memory>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("VirtualOperatorTopologyHelper");

/**
 * \ingroup haaro
 * \brief Receive error model that loses every packet: the "path dead" failure of
 * VirtualOperatorTopologyHelper::ScheduleUplinkFailure() (deterministic, draws no
 * random numbers, so it does not disturb random stream assignment).
 */
class VirtualOperatorDropAllErrorModel : public ErrorModel
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::VirtualOperatorDropAllErrorModel")
                                .SetParent<ErrorModel>()
                                .SetGroupName("Haaro")
                                .AddConstructor<VirtualOperatorDropAllErrorModel>();
        return tid;
    }

  private:
    bool DoCorrupt(Ptr<Packet>) override
    {
        return true;
    }

    void DoReset() override
    {
    }
};

NS_OBJECT_ENSURE_REGISTERED(VirtualOperatorDropAllErrorModel);

namespace
{

/// 172.16.0.0, base of the backend and core links.
constexpr uint32_t INFRA_BASE = 0xac100000;
/// 10.0.0.0/16, home addresses.
constexpr uint32_t HOME_PREFIX = 0x0a000000;
/// 10.128.0.0/9, mobile network prefixes.
constexpr uint32_t MNP_AGGREGATE = 0x0a800000;
/// 100.64.0.0, ISP 0's customer aggregate.
constexpr uint32_t ISP_BASE = 0x64400000;
/// Largest K.
constexpr uint32_t MAX_ISPS = 64;
/// Largest N (MNP /24s in the /9).
constexpr uint32_t MAX_SITES = 1u << 15;
/// Customer /30 links per ISP /16.
constexpr uint32_t MAX_LINKS_PER_ISP = 1u << 14;
/// Hosts .10 to .254.
constexpr uint32_t MAX_HOSTS = 245;
/// 192.168.0.0/16, inside links of middleboxes.
constexpr uint32_t PRIVATE_BASE = 0xc0a80000;
/// Inside /30 links in 192.168.0.0/16.
constexpr uint32_t MAX_INSIDE_LINKS = 1u << 14;

/**
 * Delivers an IPv4 packet from a device straight to Ipv4L3Protocol::Receive, what
 * Node::ReceiveFromDevice and TrafficControlLayer::Receive would find after scanning
 * their handler lists (two entries per device of the node).
 * \param ipv4 the node's IPv4 (not owned: the node keeps it alive)
 * \param device the receiving device
 * \param packet the packet
 * \param protocol the EtherType
 * \param from the sender's link address
 * \return true if the packet was taken
 */
bool
DirectIpv4Receive(Ipv4L3Protocol* ipv4,
                  Ptr<NetDevice> device,
                  Ptr<const Packet> packet,
                  uint16_t protocol,
                  const Address& from)
{
    if (protocol != Ipv4L3Protocol::PROT_NUMBER)
    {
        return false;
    }
    ipv4->Receive(device, packet, protocol, from, device->GetAddress(), NetDevice::PACKET_HOST);
    return true;
}

/// Builds the links and addresses; one per Build() call.
class Builder
{
  public:
    /**
     * \param queueDiscs install the default root queue disc on each device
     */
    explicit Builder(bool queueDiscs)
        : m_queueDiscs(queueDiscs),
          m_tc(TrafficControlHelper::Default(1))
    {
    }

    /**
     * Adds an Ipv4 interface for a device, with one address, and sets it up (what
     * Ipv4AddressHelper::Assign does, without its global address registry).
     * \param device the device
     * \param address the address
     * \param length the prefix length
     * \return the interface index
     */
    uint32_t AddInterface(Ptr<NetDevice> device, Ipv4Address address, uint8_t length)
    {
        Ptr<Ipv4> ipv4 = device->GetNode()->GetObject<Ipv4>();
        int32_t interface = ipv4->AddInterface(device);
        ipv4->AddAddress(
            interface,
            Ipv4InterfaceAddress(address, Ipv4Mask(Ipv4PrefixTable<int>::MaskOf(length))));
        ipv4->SetMetric(interface, 1);
        ipv4->SetUp(interface);
        if (m_queueDiscs)
        {
            Ptr<TrafficControlLayer> tc = device->GetNode()->GetObject<TrafficControlLayer>();
            if (tc && !tc->GetRootQueueDiscOnDevice(device) &&
                device->GetObject<NetDeviceQueueInterface>())
            {
                m_tc.Install(device);
            }
        }
        return static_cast<uint32_t>(interface);
    }

    /**
     * Creates a point-to-point link.
     * \param a first node
     * \param b second node
     * \param rate data rate
     * \param delay one-way delay
     * \return the devices (a's first)
     */
    NetDeviceContainer Link(Ptr<Node> a, Ptr<Node> b, DataRate rate, Time delay)
    {
        m_p2p.SetDeviceAttribute("DataRate", DataRateValue(rate));
        m_p2p.SetChannelAttribute("Delay", TimeValue(delay));
        return m_p2p.Install(a, b);
    }

  private:
    bool m_queueDiscs;         //!< install queue discs
    TrafficControlHelper m_tc; //!< ns-3's default root queue disc
    PointToPointHelper m_p2p;  //!< point-to-point links
};

/**
 * Sets both ends of an uplink down or up; on up, re-adds the MR's default route via the
 * uplink that Ipv4StaticRouting deleted when the interface went down.
 * \param uplink the uplink
 * \param mr the mobile router
 * \param metric the default route's metric (the uplink index)
 * \param up new state
 */
void
SetUplinkState(VirtualOperatorUplink uplink, Ptr<Node> mr, uint32_t metric, bool up)
{
    NS_LOG_INFO("uplink " << uplink.careOfAddress << " <-> " << uplink.gateway
                          << (up ? " up" : " down"));
    Ptr<Ipv4> mrIpv4 = mr->GetObject<Ipv4>();
    // The far end of the router's link: the ISP router, or a middlebox.
    Ptr<Ipv4> ispIpv4 = uplink.ispDevice->GetNode()->GetObject<Ipv4>();
    if (!up)
    {
        mrIpv4->SetDown(uplink.mrInterface);
        ispIpv4->SetDown(uplink.ispInterface);
        return;
    }
    mrIpv4->SetUp(uplink.mrInterface);
    ispIpv4->SetUp(uplink.ispInterface);
    Ptr<Ipv4StaticRouting> routing = Ipv4StaticRoutingHelper().GetStaticRouting(mrIpv4);
    if (!routing)
    {
        return;
    }
    for (uint32_t i = 0; i < routing->GetNRoutes(); ++i)
    {
        Ipv4RoutingTableEntry route = routing->GetRoute(i);
        if (route.IsDefault() && route.GetInterface() == uplink.mrInterface &&
            route.GetGateway() == uplink.gateway)
        {
            return;
        }
    }
    routing->AddNetworkRouteTo(Ipv4Address::GetZero(),
                               Ipv4Mask::GetZero(),
                               uplink.gateway,
                               uplink.mrInterface,
                               metric);
}

/**
 * Starts or ends a PATH_DEAD failure on one device.
 * \param device the point-to-point device
 * \param dead start (true) or end (false)
 * \param saved where the previous receive error model is kept
 */
void
SetPathDead(Ptr<PointToPointNetDevice> device, bool dead, std::shared_ptr<Ptr<ErrorModel>> saved)
{
    PointerValue current;
    device->GetAttribute("ReceiveErrorModel", current);
    if (dead)
    {
        *saved = current.Get<ErrorModel>();
        device->SetReceiveErrorModel(CreateObject<VirtualOperatorDropAllErrorModel>());
    }
    else if (DynamicCast<VirtualOperatorDropAllErrorModel>(current.Get<ErrorModel>()))
    {
        device->SetReceiveErrorModel(*saved);
    }
}

} // namespace

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
    NS_ABORT_MSG_IF(k == 0 || k > MAX_ISPS,
                    "VirtualOperatorTopologyHelper: number of ISPs must be 1 to " << MAX_ISPS);
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
    NS_ABORT_MSG_IF(n > MAX_HOSTS,
                    "VirtualOperatorTopologyHelper: at most " << MAX_HOSTS << " hosts per site");
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
    return Ipv4Address(HOME_PREFIX + site + 1);
}

Ipv4Address
VirtualOperatorTopologyHelper::GetMnp(uint32_t site)
{
    return Ipv4Address(MNP_AGGREGATE + (site << 8));
}

Ipv4Address
VirtualOperatorTopologyHelper::GetIspAggregate(uint32_t isp)
{
    return Ipv4Address(ISP_BASE + (isp << 16));
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
    const uint32_t n = static_cast<uint32_t>(m_sites.size());
    const uint32_t k = m_numIsps;
    NS_ABORT_MSG_IF(n == 0, "VirtualOperatorTopologyHelper: no site configured");
    NS_ABORT_MSG_IF(n > MAX_SITES,
                    "VirtualOperatorTopologyHelper: at most " << MAX_SITES << " sites");

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
    t.homePrefix = Ipv4Address(HOME_PREFIX);
    t.homePrefixLength = 16;
    t.mnpAggregate = Ipv4Address(MNP_AGGREGATE);
    t.mnpAggregateLength = 9;

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

    // Internet stacks: IPv4 only, Ipv4ListRouting with static routing at priority 0.
    Ipv4StaticRoutingHelper staticHelper;
    Ipv4ListRoutingHelper listHelper;
    listHelper.Add(staticHelper, 0);
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.SetRoutingHelper(listHelper);
    stack.Install(t.homeAgent);
    stack.Install(t.mobileRouters);
    stack.Install(t.hosts);
    // The peering point and the ISP routers get an Ipv4ListRouting with PrefixTableRouting
    // only: Ipv4StaticRouting checks each new route against all others (its connected
    // routes alone would cost O(D^2) on a router with D customer links).
    Ipv4ListRoutingHelper emptyList;
    InternetStackHelper routerStack;
    routerStack.SetIpv6StackInstall(false);
    routerStack.SetRoutingHelper(emptyList);
    routerStack.Install(t.peering);
    routerStack.Install(t.ispRouters);

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

    Builder b(m_queueDiscs);

    // Backend link 172.16.0.0/30: peering .1, HA .2.
    NetDeviceContainer backend = b.Link(t.peering, t.homeAgent, m_backendRate, m_backendDelay);
    t.peeringBackendAddress = Ipv4Address(INFRA_BASE + 1);
    t.homeAgentAddress = Ipv4Address(INFRA_BASE + 2);
    uint32_t peeringBackendIf = b.AddInterface(backend.Get(0), t.peeringBackendAddress, 30);
    t.homeAgentDevice = backend.Get(1);
    t.homeAgentInterface = b.AddInterface(t.homeAgentDevice, t.homeAgentAddress, 30);
    staticHelper.GetStaticRouting(t.homeAgent->GetObject<Ipv4>())
        ->SetDefaultRoute(t.peeringBackendAddress, t.homeAgentInterface);
    peeringRouting->AddRoute(t.homePrefix, 16, t.homeAgentAddress, peeringBackendIf);
    peeringRouting->AddRoute(t.mnpAggregate, 9, t.homeAgentAddress, peeringBackendIf);

    // ISP core links 172.16.1.(4k)/30: peering .4k+1, ISP router .4k+2.
    for (uint32_t isp = 0; isp < k; ++isp)
    {
        Ptr<Node> router = t.ispRouters.Get(isp);
        NetDeviceContainer core = b.Link(t.peering, router, m_coreRate, m_coreDelay);
        Ipv4Address peeringSide(INFRA_BASE + 0x100 + 4 * isp + 1);
        Ipv4Address ispSide(INFRA_BASE + 0x100 + 4 * isp + 2);
        uint32_t peeringIf = b.AddInterface(core.Get(0), peeringSide, 30);
        uint32_t ispIf = b.AddInterface(core.Get(1), ispSide, 30);
        t.ispAggregates.push_back(GetIspAggregate(isp));
        t.ispCoreAddresses.push_back(ispSide);
        t.peeringCoreAddresses.push_back(peeringSide);
        peeringRouting->AddRoute(GetIspAggregate(isp), 16, ispSide, peeringIf);
        if (m_directReceive)
        {
            // The scans read every entry, not up to the first match: the core side too.
            core.Get(1)->SetReceiveCallback(
                MakeBoundCallback(&DirectIpv4Receive,
                                  PeekPointer(router->GetObject<Ipv4L3Protocol>())));
        }
        ispRouting[isp]->SetDefaultRoute(peeringSide, ispIf);
        // Null-route the own aggregate: traffic for a customer link that is down is
        // dropped here instead of bouncing between the ISP and the peering point.
        ispRouting[isp]->AddBlackholeRoute(GetIspAggregate(isp), 16);
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
        Ptr<Ipv4StaticRouting> mrRouting = staticHelper.GetStaticRouting(mr->GetObject<Ipv4>());
        site.homeAddress = GetHomeAddress(i);
        site.mnpAddress = GetMnp(i);
        site.mnpLength = 24;

        // LAN: MR .1, hosts .10, .11, ...
        NodeContainer lanNodes(mr);
        lanNodes.Add(site.hosts);
        NetDeviceContainer lan = csma.Install(lanNodes);
        site.lanDevice = lan.Get(0);
        site.lanAddress = Ipv4Address(site.mnpAddress.Get() + 1);
        site.lanInterface = b.AddInterface(site.lanDevice, site.lanAddress, 24);
        for (uint32_t h = 0; h < site.hosts.GetN(); ++h)
        {
            Ipv4Address address(site.mnpAddress.Get() + 10 + h);
            uint32_t hostIf = b.AddInterface(lan.Get(h + 1), address, 24);
            site.hostAddresses.push_back(address);
            staticHelper.GetStaticRouting(site.hosts.Get(h)->GetObject<Ipv4>())
                ->SetDefaultRoute(site.lanAddress, hostIf);
        }

        // Uplinks: ISP side .4j+1 (gateway), MR side .4j+2 (CoA).
        for (uint32_t u = 0; u < attachments[i].size(); ++u)
        {
            const UplinkConfig& config = attachments[i][u];
            auto middlebox = m_middleboxes.find({i, u});
            if (middlebox != m_middleboxes.end())
            {
                // Router -> (private inside link) -> middlebox -> (customer link) -> ISP.
                auto [slot, isNew] =
                    middleboxIndex.emplace(middlebox->second, t.middleboxes.size());
                if (isNew)
                {
                    uint32_t j = linksPerIsp[config.isp]++;
                    NS_ABORT_MSG_IF(j >= MAX_LINKS_PER_ISP,
                                    "VirtualOperatorTopologyHelper: more than "
                                        << MAX_LINKS_PER_ISP << " customer links on ISP "
                                        << config.isp);
                    VirtualOperatorMiddlebox mb;
                    mb.node = CreateObject<Node>(ispRank(config.isp));
                    stack.Install(mb.node);
                    mb.isp = config.isp;
                    Ptr<Node> ispRouter = t.ispRouters.Get(config.isp);
                    NetDeviceContainer link =
                        b.Link(mb.node, ispRouter, config.dataRate, config.delay);
                    uint32_t base = GetIspAggregate(config.isp).Get() + 4 * j;
                    mb.gateway = Ipv4Address(base + 1);
                    mb.publicAddress = Ipv4Address(base + 2);
                    mb.outsideDevice = link.Get(0);
                    mb.ispDevice = link.Get(1);
                    mb.outsideInterface = b.AddInterface(mb.outsideDevice, mb.publicAddress, 30);
                    mb.ispInterface = b.AddInterface(mb.ispDevice, mb.gateway, 30);
                    staticHelper.GetStaticRouting(mb.node->GetObject<Ipv4>())
                        ->SetDefaultRoute(mb.gateway, mb.outsideInterface);
                    if (m_directReceive)
                    {
                        mb.ispDevice->SetReceiveCallback(
                            MakeBoundCallback(&DirectIpv4Receive,
                                              PeekPointer(ispRouter->GetObject<Ipv4L3Protocol>())));
                    }
                    t.middleboxes.push_back(mb);
                }
                VirtualOperatorMiddlebox& mb = t.middleboxes[slot->second];
                NS_ABORT_MSG_IF(insideLinks >= MAX_INSIDE_LINKS,
                                "VirtualOperatorTopologyHelper: more than "
                                    << MAX_INSIDE_LINKS << " middlebox inside links");
                uint32_t base = PRIVATE_BASE + 4 * insideLinks++;
                VirtualOperatorUplink uplink;
                uplink.isp = mb.isp;
                uplink.ispRouter = t.ispRouters.Get(mb.isp);
                uplink.dataRate = config.dataRate;
                uplink.delay = config.delay;
                uplink.middlebox = static_cast<int32_t>(slot->second);
                NetDeviceContainer link = b.Link(mr, mb.node, m_lanRate, m_lanDelay);
                uplink.gateway = Ipv4Address(base + 1);
                uplink.careOfAddress = Ipv4Address(base + 2);
                uplink.prefixLength = 30;
                uplink.mrDevice = link.Get(0);
                uplink.ispDevice = link.Get(1);
                uplink.mrInterface = b.AddInterface(uplink.mrDevice, uplink.careOfAddress, 30);
                uplink.ispInterface = b.AddInterface(uplink.ispDevice, uplink.gateway, 30);
                mb.insideInterfaces.push_back(uplink.ispInterface);
                mb.uplinks.emplace_back(i, u);
                mrRouting->AddNetworkRouteTo(Ipv4Address::GetZero(),
                                             Ipv4Mask::GetZero(),
                                             uplink.gateway,
                                             uplink.mrInterface,
                                             u);
                site.uplinks.push_back(uplink);
                continue;
            }
            uint32_t j = linksPerIsp[config.isp]++;
            NS_ABORT_MSG_IF(j >= MAX_LINKS_PER_ISP,
                            "VirtualOperatorTopologyHelper: more than "
                                << MAX_LINKS_PER_ISP << " customer links on ISP " << config.isp);
            VirtualOperatorUplink uplink;
            uplink.isp = config.isp;
            uplink.ispRouter = t.ispRouters.Get(config.isp);
            uplink.dataRate = config.dataRate;
            uplink.delay = config.delay;
            NetDeviceContainer link = b.Link(mr, uplink.ispRouter, config.dataRate, config.delay);
            uint32_t base = GetIspAggregate(config.isp).Get() + 4 * j;
            uplink.gateway = Ipv4Address(base + 1);
            uplink.careOfAddress = Ipv4Address(base + 2);
            uplink.prefixLength = 30;
            uplink.mrDevice = link.Get(0);
            uplink.ispDevice = link.Get(1);
            uplink.mrInterface = b.AddInterface(uplink.mrDevice, uplink.careOfAddress, 30);
            uplink.ispInterface = b.AddInterface(uplink.ispDevice, uplink.gateway, 30);
            mrRouting->AddNetworkRouteTo(Ipv4Address::GetZero(),
                                         Ipv4Mask::GetZero(),
                                         uplink.gateway,
                                         uplink.mrInterface,
                                         u);
            if (m_directReceive)
            {
                uplink.ispDevice->SetReceiveCallback(
                    MakeBoundCallback(&DirectIpv4Receive,
                                      PeekPointer(uplink.ispRouter->GetObject<Ipv4L3Protocol>())));
            }
            site.uplinks.push_back(uplink);
        }
    }
    NS_LOG_INFO("built " << n << " sites, " << k << " ISPs, " << t.GetAllNodes().GetN()
                         << " nodes");
    return t;
}

namespace
{

/// \param channel a point-to-point channel \param delay its new one-way delay
void
SetChannelDelay(Ptr<Channel> channel, Time delay)
{
    channel->SetAttribute("Delay", TimeValue(delay));
}

/**
 * \param topology a topology \param site a site index \param uplink an uplink index
 * \param caller the scheduling function, for the abort message
 * \return the site; aborts when the site or its uplink does not exist
 */
const VirtualOperatorSite&
SiteWithUplink(const VirtualOperatorTopology& topology,
               uint32_t site,
               uint32_t uplink,
               const char* caller)
{
    NS_ABORT_MSG_IF(site >= topology.sites.size(), caller << ": no site " << site);
    const VirtualOperatorSite& s = topology.sites[site];
    NS_ABORT_MSG_IF(uplink >= s.uplinks.size(),
                    caller << ": site " << site << " has no uplink " << uplink);
    return s;
}

} // namespace

void
VirtualOperatorTopologyHelper::ScheduleUplinkDelay(const VirtualOperatorTopology& topology,
                                                   uint32_t site,
                                                   uint32_t uplink,
                                                   Time at,
                                                   Time delay)
{
    const VirtualOperatorSite& s = SiteWithUplink(topology, site, uplink, "ScheduleUplinkDelay");
    Ptr<Channel> channel = s.uplinks[uplink].mrDevice->GetChannel();
    Simulator::ScheduleWithContext(s.mobileRouter->GetId(), at, &SetChannelDelay, channel, delay);
}

void
VirtualOperatorTopologyHelper::ScheduleUplinkFailure(const VirtualOperatorTopology& topology,
                                                     uint32_t site,
                                                     uint32_t uplink,
                                                     Time at,
                                                     Time duration,
                                                     FailureMode mode)
{
    const VirtualOperatorSite& s = SiteWithUplink(topology, site, uplink, "ScheduleUplinkFailure");
    const VirtualOperatorUplink& u = s.uplinks[uplink];
    uint32_t context = s.mobileRouter->GetId();
    if (mode == INTERFACE_DOWN)
    {
        Simulator::ScheduleWithContext(context,
                                       at,
                                       &SetUplinkState,
                                       u,
                                       s.mobileRouter,
                                       uplink,
                                       false);
        if (duration.IsStrictlyPositive())
        {
            Simulator::ScheduleWithContext(context,
                                           at + duration,
                                           &SetUplinkState,
                                           u,
                                           s.mobileRouter,
                                           uplink,
                                           true);
        }
        return;
    }
    Ptr<PointToPointNetDevice> mrDevice = DynamicCast<PointToPointNetDevice>(u.mrDevice);
    Ptr<PointToPointNetDevice> ispDevice = DynamicCast<PointToPointNetDevice>(u.ispDevice);
    NS_ABORT_MSG_IF(!mrDevice || !ispDevice,
                    "ScheduleUplinkFailure: uplink devices are not point-to-point devices");
    auto mrSaved = std::make_shared<Ptr<ErrorModel>>();
    auto ispSaved = std::make_shared<Ptr<ErrorModel>>();
    Simulator::ScheduleWithContext(context, at, &SetPathDead, mrDevice, true, mrSaved);
    Simulator::ScheduleWithContext(context, at, &SetPathDead, ispDevice, true, ispSaved);
    if (duration.IsStrictlyPositive())
    {
        Simulator::ScheduleWithContext(context,
                                       at + duration,
                                       &SetPathDead,
                                       mrDevice,
                                       false,
                                       mrSaved);
        Simulator::ScheduleWithContext(context,
                                       at + duration,
                                       &SetPathDead,
                                       ispDevice,
                                       false,
                                       ispSaved);
    }
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
