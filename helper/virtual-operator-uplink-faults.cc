/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "virtual-operator-uplink-faults.h"

#include "ns3/channel.h"
#include "ns3/error-model.h"
#include "ns3/ipv4-routing-table-entry.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/log.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"

#include <memory>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("VirtualOperatorUplinkFaults");

/**
 * \ingroup haaro
 * \brief Receive error model that loses every packet: the "path dead" failure of
 * VirtualOperatorUplinkFaults::ScheduleFailure() (deterministic, draws no
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
VirtualOperatorUplinkFaults::ScheduleDelay(const VirtualOperatorTopology& topology,
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
VirtualOperatorUplinkFaults::ScheduleFailure(const VirtualOperatorTopology& topology,
                                             uint32_t site,
                                             uint32_t uplink,
                                             Time at,
                                             Time duration,
                                             VirtualOperatorTopologyHelper::FailureMode mode)
{
    const VirtualOperatorSite& s = SiteWithUplink(topology, site, uplink, "ScheduleUplinkFailure");
    const VirtualOperatorUplink& u = s.uplinks[uplink];
    uint32_t context = s.mobileRouter->GetId();
    if (mode == VirtualOperatorTopologyHelper::INTERFACE_DOWN)
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

} // namespace ns3
