/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lte-access-helper.h"

#include "ns3/abort.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/lte-ue-net-device.h"
#include "ns3/mobility-helper.h"
#include "ns3/mobility-model.h"
#include "ns3/nat-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/prefix-table-routing.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("LteAccessHelper");

NS_OBJECT_ENSURE_REGISTERED(LteUplinkTrigger);

namespace
{

/// The third octet of the SGi /30 in the ISP's aggregate (below the Wi-Fi access blocks).
constexpr uint32_t SGI_BLOCK = 191;
/// The UE pool of PointToPointEpcHelper (NoBackhaulEpcHelper, ns-3.37).
const Ipv4Address UE_POOL("7.0.0.0");
/// Its length.
constexpr uint8_t UE_POOL_LENGTH = 8;
/// The PGW <-> CGN link.
const Ipv4Address CGN_INSIDE_LINK("192.168.255.0");

/// \param node a router of the topology \return its PrefixTableRouting
Ptr<PrefixTableRouting>
PrefixTable(Ptr<Node> node)
{
    auto table = Ipv4RoutingHelper::GetRouting<PrefixTableRouting>(
        node->GetObject<Ipv4>()->GetRoutingProtocol());
    NS_ABORT_MSG_IF(!table, "LteAccessHelper: node " << node->GetId() << " has no prefix table");
    return table;
}

/// \param node a node \return its Ipv4StaticRouting
Ptr<Ipv4StaticRouting>
StaticRouting(Ptr<Node> node)
{
    return Ipv4StaticRoutingHelper().GetStaticRouting(node->GetObject<Ipv4>());
}

} // namespace

TypeId
LteUplinkTrigger::GetTypeId()
{
    static TypeId tid = TypeId("ns3::LteUplinkTrigger")
                            .SetParent<Object>()
                            .SetGroupName("Haaro")
                            .AddConstructor<LteUplinkTrigger>();
    return tid;
}

void
LteUplinkTrigger::Connect(Ptr<NetDevice> ueDevice, Ptr<MrUplink> uplink)
{
    Ptr<LteUeNetDevice> ue = DynamicCast<LteUeNetDevice>(ueDevice);
    NS_ABORT_MSG_IF(!ue, "LteUplinkTrigger: not an LteUeNetDevice");
    m_rrc = ue->GetRrc();
    m_uplink = uplink;
    m_rrc->TraceConnectWithoutContext("DrbCreated",
                                      MakeCallback(&LteUplinkTrigger::OnDrbCreated, this));
    m_rrc->TraceConnectWithoutContext("RadioLinkFailure",
                                      MakeCallback(&LteUplinkTrigger::OnRadioLinkFailure, this));
    m_rrc->TraceConnectWithoutContext("ConnectionTimeout",
                                      MakeCallback(&LteUplinkTrigger::OnConnectionTimeout, this));
    m_rrc->TraceConnectWithoutContext("HandoverEndError",
                                      MakeCallback(&LteUplinkTrigger::OnHandoverEndError, this));
    m_rrc->TraceConnectWithoutContext("StateTransition",
                                      MakeCallback(&LteUplinkTrigger::OnStateTransition, this));
    m_up = m_rrc->GetState() == LteUeRrc::CONNECTED_NORMALLY;
    m_uplink->SetLinkUp(m_up);
}

void
LteUplinkTrigger::Set(bool up)
{
    if (up == m_up || !m_uplink)
    {
        return;
    }
    m_up = up;
    (up ? m_ups : m_downs)++;
    NS_LOG_INFO("UE " << m_rrc->GetImsi() << " cell " << m_rrc->GetCellId() << ": link "
                      << (up ? "up" : "down"));
    m_uplink->SetLinkUp(up);
}

void
LteUplinkTrigger::OnDrbCreated(uint64_t imsi, uint16_t cellId, uint16_t rnti, uint8_t lcid)
{
    // The RRC fires DrbCreated before it maps the EPS bearer to the new DRB (ns-3.37
    // LteUeRrc::ApplyRadioResourceConfigDedicated), so a packet sent from within the trace
    // would be dropped: the link is up once the RRC has finished, in the same instant.
    if (!m_pending.IsRunning())
    {
        m_pending = Simulator::ScheduleNow(&LteUplinkTrigger::OnBearerReady, this);
    }
}

void
LteUplinkTrigger::OnBearerReady()
{
    if (m_rrc && m_rrc->GetState() == LteUeRrc::CONNECTED_NORMALLY)
    {
        Set(true);
    }
}

void
LteUplinkTrigger::OnRadioLinkFailure(uint64_t imsi, uint16_t cellId, uint16_t rnti)
{
    m_failures++;
    Set(false);
}

void
LteUplinkTrigger::OnConnectionTimeout(uint64_t imsi,
                                      uint16_t cellId,
                                      uint16_t rnti,
                                      uint8_t counter)
{
    Set(false);
}

void
LteUplinkTrigger::OnHandoverEndError(uint64_t imsi, uint16_t cellId, uint16_t rnti)
{
    Set(false);
}

void
LteUplinkTrigger::OnStateTransition(uint64_t imsi,
                                    uint16_t cellId,
                                    uint16_t rnti,
                                    LteUeRrc::State from,
                                    LteUeRrc::State to)
{
    if (to < LteUeRrc::CONNECTED_NORMALLY)
    {
        Set(false); // idle: no bearer
    }
}

uint32_t
LteUplinkTrigger::GetLinkUps() const
{
    return m_ups;
}

uint32_t
LteUplinkTrigger::GetLinkDowns() const
{
    return m_downs;
}

uint32_t
LteUplinkTrigger::GetRadioLinkFailures() const
{
    return m_failures;
}

void
LteUplinkTrigger::DoDispose()
{
    m_pending.Cancel();
    m_rrc = nullptr;
    m_uplink = nullptr;
    Object::DoDispose();
}

LteAccessHelper::LteAccessHelper()
    : m_lte(CreateObject<LteHelper>()),
      m_epc(CreateObject<PointToPointEpcHelper>())
{
    m_lte->SetEpcHelper(m_epc);
}

uint32_t
LteAccessHelper::AddEnb(const Vector& position)
{
    m_enbs.push_back(position);
    return static_cast<uint32_t>(m_enbs.size() - 1);
}

void
LteAccessHelper::SetIsp(uint32_t isp)
{
    m_isp = isp;
}

void
LteAccessHelper::SetCarrierGradeNat(bool enable)
{
    m_cgn = enable;
}

void
LteAccessHelper::SetNatType(const std::string& type)
{
    m_natType = type;
}

void
LteAccessHelper::SetBackhaul(DataRate dataRate, Time delay)
{
    m_backhaulRate = dataRate;
    m_backhaulDelay = delay;
}

void
LteAccessHelper::SetUePosition(const Vector& position)
{
    m_uePosition = position;
}

void
LteAccessHelper::SetUeRouteMetric(uint32_t metric)
{
    m_ueMetric = metric;
}

Ptr<LteHelper>
LteAccessHelper::GetLteHelper() const
{
    return m_lte;
}

Ptr<PointToPointEpcHelper>
LteAccessHelper::GetEpcHelper() const
{
    return m_epc;
}

LteAccess
LteAccessHelper::Install(const VirtualOperatorTopology& topology, uint32_t site)
{
    NS_ABORT_MSG_IF(site >= topology.sites.size(), "LteAccessHelper: no site " << site);
    NS_ABORT_MSG_IF(m_isp >= topology.ispRouters.GetN(), "LteAccessHelper: no ISP " << m_isp);
    NS_ABORT_MSG_IF(m_enbs.empty(), "LteAccessHelper: no eNB (AddEnb())");
    uint32_t ispLinks = 0; // customer /30s grow upwards from 100.(64+k).0.0
    for (const VirtualOperatorSite& s : topology.sites)
    {
        for (const VirtualOperatorUplink& u : s.uplinks)
        {
            ispLinks += u.isp == m_isp ? 1 : 0;
        }
    }
    NS_ABORT_MSG_IF((ispLinks + topology.middleboxes.size()) * 4 >= SGI_BLOCK << 8,
                    "LteAccessHelper: ISP " << m_isp << " has too many customer links");

    LteAccess out;
    out.isp = m_isp;
    out.lteHelper = m_lte;
    out.epc = m_epc;
    out.pgw = m_epc->GetPgwNode();
    Ptr<Node> router = topology.sites[site].mobileRouter;

    out.enbNodes.Create(m_enbs.size());
    MobilityHelper mobility;
    Ptr<ListPositionAllocator> positions = CreateObject<ListPositionAllocator>();
    for (const Vector& position : m_enbs)
    {
        positions->Add(position);
    }
    mobility.SetPositionAllocator(positions);
    mobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
    mobility.Install(out.enbNodes);
    if (!router->GetObject<MobilityModel>())
    {
        Ptr<ConstantPositionMobilityModel> ueMobility =
            CreateObject<ConstantPositionMobilityModel>();
        ueMobility->SetPosition(m_uePosition);
        router->AggregateObject(ueMobility);
    }

    out.enbDevices = m_lte->InstallEnbDevice(out.enbNodes);
    NetDeviceContainer ue = m_lte->InstallUeDevice(NodeContainer(router));
    out.ueDevice = ue.Get(0);
    Ipv4InterfaceContainer ueInterfaces = m_epc->AssignUeIpv4Address(ue);
    out.ueInterface = ueInterfaces.Get(0).second;
    out.ueAddress = ueInterfaces.GetAddress(0);
    out.ueGateway = m_epc->GetUeDefaultGatewayAddress();
    StaticRouting(router)->AddNetworkRouteTo(Ipv4Address::GetZero(),
                                             Ipv4Mask::GetZero(),
                                             out.ueGateway,
                                             out.ueInterface,
                                             m_ueMetric);
    m_lte->AttachToClosestEnb(out.ueDevice, out.enbDevices);
    if (out.enbNodes.GetN() > 1)
    {
        m_lte->AddX2Interface(out.enbNodes);
    }

    // SGi: the PGW (or the CGN in front of it) on a /30 of the ISP's aggregate.
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(m_backhaulRate));
    p2p.SetChannelAttribute("Delay", TimeValue(m_backhaulDelay));
    Ptr<Node> ispRouter = topology.ispRouters.Get(m_isp);
    Ipv4Address sgi(VirtualOperatorTopologyHelper::GetIspAggregate(m_isp).Get() + (SGI_BLOCK << 8));
    Ptr<Node> outside = out.pgw;
    if (m_cgn)
    {
        out.cgn = CreateObject<Node>();
        InternetStackHelper stack;
        stack.SetIpv6StackInstall(false);
        stack.Install(out.cgn); // Ipv4ListRouting with Ipv4StaticRouting (NatHelper)
        outside = out.cgn;
    }
    NetDeviceContainer sgiLink = p2p.Install(ispRouter, outside);
    out.ispDevice = sgiLink.Get(0);
    Ipv4InterfaceContainer sgiInterfaces =
        Ipv4AddressHelper(sgi, "255.255.255.252").Assign(sgiLink);
    Ipv4Address ispAddress = sgiInterfaces.GetAddress(0);
    out.publicAddress = sgiInterfaces.GetAddress(1);
    StaticRouting(outside)->SetDefaultRoute(ispAddress, sgiInterfaces.Get(1).second);
    if (m_cgn)
    {
        NetDeviceContainer inside = p2p.Install(out.cgn, out.pgw);
        out.pgwDevice = inside.Get(1);
        Ipv4InterfaceContainer insideInterfaces =
            Ipv4AddressHelper(CGN_INSIDE_LINK, "255.255.255.252").Assign(inside);
        Ipv4Address pgwAddress = insideInterfaces.GetAddress(1);
        StaticRouting(out.pgw)->SetDefaultRoute(insideInterfaces.GetAddress(0),
                                                insideInterfaces.Get(1).second);
        StaticRouting(out.cgn)->AddNetworkRouteTo(UE_POOL,
                                                  Ipv4Mask("255.0.0.0"),
                                                  pgwAddress,
                                                  insideInterfaces.Get(0).second);
        NatHelper nat;
        NS_ABORT_MSG_IF(!nat.SetType(m_natType), "LteAccessHelper: no NAT type " << m_natType);
        out.nat = nat.Install(out.cgn, insideInterfaces.Get(0).second, sgiInterfaces.Get(1).second);
    }
    else
    {
        // The UE pool is public: ISP k routes it to the PGW, the peering point to ISP k.
        out.pgwDevice = sgiLink.Get(1);
        PrefixTable(ispRouter)->AddRoute(UE_POOL,
                                         UE_POOL_LENGTH,
                                         out.publicAddress,
                                         sgiInterfaces.Get(0).second);
        Ptr<Ipv4> peering = topology.peering->GetObject<Ipv4>();
        int32_t core = peering->GetInterfaceForAddress(topology.peeringCoreAddresses[m_isp]);
        NS_ABORT_MSG_IF(core < 0, "LteAccessHelper: no core link to ISP " << m_isp);
        PrefixTable(topology.peering)
            ->AddRoute(UE_POOL, UE_POOL_LENGTH, topology.ispCoreAddresses[m_isp], core);
        out.publicAddress = out.ueAddress;
    }
    return out;
}

Ptr<LteUplinkTrigger>
LteAccessHelper::HookUplink(const LteAccess& access, Ptr<MrUplink> uplink)
{
    Ptr<LteUplinkTrigger> trigger = CreateObject<LteUplinkTrigger>();
    trigger->Connect(access.ueDevice, uplink);
    return trigger;
}

int64_t
LteAccessHelper::AssignStreams(const LteAccess& access, int64_t stream)
{
    NetDeviceContainer devices(access.enbDevices);
    devices.Add(access.ueDevice);
    int64_t n = access.lteHelper->AssignStreams(devices, stream);
    n += access.epc->AssignStreams(stream + n);
    if (access.nat)
    {
        n += access.nat->AssignStreams(stream + n);
    }
    return n;
}

} // namespace ns3
