/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "wifi-access-helper.h"

#include "ns3/abort.h"
#include "ns3/dhcp-helper.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/mobility-helper.h"
#include "ns3/mobility-model.h"
#include "ns3/nstime.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/prefix-table-routing.h"
#include "ns3/ssid.h"
#include "ns3/string.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/wifi-helper.h"
#include "ns3/wifi-mac-helper.h"
#include "ns3/yans-wifi-helper.h"

#include <memory>

namespace ns3
{

namespace
{

/// Access points a helper places at most (one /24 each at the top of an ISP's /16).
constexpr uint32_t MAX_ACCESS_POINTS = 64;

/// \param node an ISP router \return its PrefixTableRouting (VirtualOperatorTopologyHelper)
Ptr<PrefixTableRouting>
FindPrefixTable(Ptr<Node> node)
{
    Ptr<Ipv4ListRouting> list =
        DynamicCast<Ipv4ListRouting>(node->GetObject<Ipv4>()->GetRoutingProtocol());
    for (uint32_t i = 0; list && i < list->GetNRoutingProtocols(); ++i)
    {
        int16_t priority;
        if (auto table = DynamicCast<PrefixTableRouting>(list->GetRoutingProtocol(i, priority)))
        {
            return table;
        }
    }
    NS_FATAL_ERROR("WifiAccessHelper: ISP router " << node->GetId()
                                                   << " has no PrefixTableRouting");
    return nullptr; // not reached
}

/// \param isp ISP index \param ap AP index \param offset host part \return its address
Ipv4Address
ApBlockAddress(uint32_t isp, uint32_t ap, uint32_t offset)
{
    return Ipv4Address(VirtualOperatorTopologyHelper::GetIspAggregate(isp).Get() +
                       ((255 - ap) << 8) + offset);
}

} // namespace

WifiAccessHelper::WifiAccessHelper()
{
    SetClientAttribute("Collect", TimeValue(MilliSeconds(10)));
}

uint32_t
WifiAccessHelper::AddAccessPoint(uint32_t isp, const Vector& position)
{
    m_aps.push_back({isp, position});
    return static_cast<uint32_t>(m_aps.size() - 1);
}

void
WifiAccessHelper::SetSsid(const std::string& ssid)
{
    m_ssid = ssid;
}

void
WifiAccessHelper::SetBackhaul(DataRate dataRate, Time delay)
{
    m_backhaulRate = dataRate;
    m_backhaulDelay = delay;
}

void
WifiAccessHelper::SetClientAttribute(const std::string& name, const AttributeValue& value)
{
    m_clientAttributes.emplace_back(name, value.Copy());
}

void
WifiAccessHelper::SetServerAttribute(const std::string& name, const AttributeValue& value)
{
    m_serverAttributes.emplace_back(name, value.Copy());
}

void
WifiAccessHelper::SetStationDhcp(bool enable)
{
    m_stationDhcp = enable;
}

WifiAccess
WifiAccessHelper::Install(const VirtualOperatorTopology& topology, uint32_t site)
{
    NS_ABORT_MSG_IF(site >= topology.sites.size(), "WifiAccessHelper: no site " << site);
    NS_ABORT_MSG_IF(m_aps.empty() || m_aps.size() > MAX_ACCESS_POINTS,
                    "WifiAccessHelper: 1 to " << MAX_ACCESS_POINTS << " access points");
    // The customer /30s of ISP k grow upwards from 100.(64+k).0.0; the AP blocks downwards
    // from 100.(64+k).255.0.
    std::vector<uint32_t> customerLinks(topology.ispRouters.GetN(), 0);
    for (const VirtualOperatorSite& s : topology.sites)
    {
        for (const VirtualOperatorUplink& u : s.uplinks)
        {
            customerLinks[u.isp]++;
        }
    }
    for (const VirtualOperatorMiddlebox& m : topology.middleboxes)
    {
        customerLinks[m.isp]++;
    }
    for (uint32_t a = 0; a < m_aps.size(); ++a)
    {
        uint32_t isp = m_aps[a].isp;
        NS_ABORT_MSG_IF(isp >= topology.ispRouters.GetN(), "WifiAccessHelper: no ISP " << isp);
        NS_ABORT_MSG_IF(customerLinks[isp] * 4 >= (255 - MAX_ACCESS_POINTS) << 8,
                        "WifiAccessHelper: ISP " << isp << " has too many customer links");
    }

    WifiAccess out;
    Ptr<Node> station = topology.sites[site].mobileRouter;
    NodeContainer apNodes;
    apNodes.Create(m_aps.size());
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.SetRoutingHelper(Ipv4StaticRoutingHelper());
    stack.Install(apNodes);

    YansWifiChannelHelper channel = YansWifiChannelHelper::Default();
    YansWifiPhyHelper phy;
    phy.SetChannel(channel.Create());
    WifiHelper wifi;
    wifi.SetStandard(WIFI_STANDARD_80211a);
    WifiMacHelper mac;
    Ssid ssid(m_ssid);
    mac.SetType("ns3::StaWifiMac", "Ssid", SsidValue(ssid));
    out.stationDevice = wifi.Install(phy, mac, station).Get(0);
    mac.SetType("ns3::ApWifiMac", "Ssid", SsidValue(ssid));
    NetDeviceContainer apDevices = wifi.Install(phy, mac, apNodes);

    MobilityHelper mobility;
    Ptr<ListPositionAllocator> positions = CreateObject<ListPositionAllocator>();
    for (const ApConfig& ap : m_aps)
    {
        positions->Add(ap.position);
    }
    mobility.SetPositionAllocator(positions);
    mobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
    mobility.Install(apNodes);

    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(m_backhaulRate));
    p2p.SetChannelAttribute("Delay", TimeValue(m_backhaulDelay));
    DhcpHelper dhcp;
    for (const auto& [name, value] : m_clientAttributes)
    {
        dhcp.SetClientAttribute(name, *value);
    }
    for (const auto& [name, value] : m_serverAttributes)
    {
        dhcp.SetServerAttribute(name, *value);
    }
    Ipv4StaticRoutingHelper staticRouting;
    for (uint32_t a = 0; a < m_aps.size(); ++a)
    {
        WifiAccessPoint ap;
        ap.isp = m_aps[a].isp;
        ap.node = apNodes.Get(a);
        ap.apDevice = apDevices.Get(a);
        ap.position = m_aps[a].position;
        Ptr<Node> router = topology.ispRouters.Get(ap.isp);
        NetDeviceContainer link = p2p.Install(router, ap.node);
        ap.ispDevice = link.Get(0);
        ap.backhaulDevice = link.Get(1);
        Ipv4AddressHelper addresses(ApBlockAddress(ap.isp, a, 0), "255.255.255.252");
        Ipv4InterfaceContainer linkInterfaces = addresses.Assign(link);
        Ipv4Address ispAddress = linkInterfaces.GetAddress(0);
        Ipv4Address apBackhaul = linkInterfaces.GetAddress(1);
        ap.subnet = ApBlockAddress(ap.isp, a, 128);
        ap.address = ApBlockAddress(ap.isp, a, 129);
        ap.poolMin = ApBlockAddress(ap.isp, a, 130);
        ap.poolMax = ApBlockAddress(ap.isp, a, 254);
        out.dhcpServers.Add(dhcp.InstallDhcpServer(ap.apDevice,
                                                   ap.address,
                                                   ap.subnet,
                                                   Ipv4Mask("255.255.255.128"),
                                                   ap.poolMin,
                                                   ap.poolMax,
                                                   ap.address));
        staticRouting.GetStaticRouting(ap.node->GetObject<Ipv4>())
            ->SetDefaultRoute(ispAddress, linkInterfaces.Get(1).second);
        FindPrefixTable(router)->AddRoute(ap.subnet, 25, apBackhaul, linkInterfaces.Get(0).second);
        out.accessPoints.push_back(ap);
    }
    if (m_stationDhcp)
    {
        // The interface exists from now on (MobileRouter::AddDynamicUplink needs it), as
        // DhcpHelper would add it. The DhcpClient itself starts at the first association:
        // ns-3.37's DhcpClient started before the link is up restarts on link up without
        // cancelling its first DISCOVER retransmission, which later broadcasts while a link
        // down has left the interface without any address (an abort in Ipv4Interface).
        Ptr<Ipv4> ipv4 = station->GetObject<Ipv4>();
        int32_t interface = ipv4->AddInterface(out.stationDevice);
        ipv4->SetMetric(interface, 1);
        ipv4->SetUp(interface);
        TrafficControlHelper::Default().Install(out.stationDevice); // before the run starts
        NetDevice* device = PeekPointer(out.stationDevice);         // the callback's owner
        auto started = std::make_shared<bool>(false);
        out.stationDevice->AddLinkChangeCallback(Callback<void>([dhcp, device, started]() {
            if (!*started && device->IsLinkUp())
            {
                *started = true;
                dhcp.InstallDhcpClient(device);
            }
        }));
    }
    return out;
}

int64_t
WifiAccessHelper::AssignStreams(const WifiAccess& access, int64_t stream)
{
    NetDeviceContainer devices(access.stationDevice);
    for (const WifiAccessPoint& ap : access.accessPoints)
    {
        devices.Add(ap.apDevice);
    }
    return WifiHelper().AssignStreams(devices, stream);
}

} // namespace ns3
