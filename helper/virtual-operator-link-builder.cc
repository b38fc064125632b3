/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "virtual-operator-link-builder.h"

#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-list-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/prefix-table-routing.h"
#include "ns3/traffic-control-layer.h"

namespace ns3
{

namespace
{

/**
 * Delivers an IPv4 packet from a device straight to Ipv4L3Protocol::Receive.
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

} // namespace

VirtualOperatorLinkBuilder::VirtualOperatorLinkBuilder(bool queueDiscs, bool directReceive)
    : m_queueDiscs(queueDiscs),
      m_directReceive(directReceive),
      m_tc(TrafficControlHelper::Default(1))
{
    Ipv4ListRoutingHelper listHelper;
    listHelper.Add(m_static, 0);
    m_hostStack.SetIpv6StackInstall(false);
    m_hostStack.SetRoutingHelper(listHelper);
    Ipv4ListRoutingHelper emptyList;
    m_routerStack.SetIpv6StackInstall(false);
    m_routerStack.SetRoutingHelper(emptyList);
}

void
VirtualOperatorLinkBuilder::InstallHostStack(NodeContainer nodes)
{
    m_hostStack.Install(nodes);
}

void
VirtualOperatorLinkBuilder::InstallRouterStack(NodeContainer nodes)
{
    m_routerStack.Install(nodes);
}

uint32_t
VirtualOperatorLinkBuilder::AddInterface(Ptr<NetDevice> device, Ipv4Address address, uint8_t length)
{
    Ptr<Ipv4> ipv4 = device->GetNode()->GetObject<Ipv4>();
    int32_t interface = ipv4->AddInterface(device);
    ipv4->AddAddress(interface,
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

NetDeviceContainer
VirtualOperatorLinkBuilder::Link(Ptr<Node> a, Ptr<Node> b, DataRate rate, Time delay)
{
    m_p2p.SetDeviceAttribute("DataRate", DataRateValue(rate));
    m_p2p.SetChannelAttribute("Delay", TimeValue(delay));
    return m_p2p.Install(a, b);
}

void
VirtualOperatorLinkBuilder::ConnectUplink(VirtualOperatorUplink& uplink,
                                          Ptr<Node> mr,
                                          Ptr<Node> far,
                                          Ipv4Address network,
                                          DataRate rate,
                                          Time delay,
                                          uint32_t metric)
{
    NetDeviceContainer link = Link(mr, far, rate, delay);
    uplink.gateway = Ipv4Address(network.Get() + 1);
    uplink.careOfAddress = Ipv4Address(network.Get() + 2);
    uplink.prefixLength = 30;
    uplink.mrDevice = link.Get(0);
    uplink.ispDevice = link.Get(1);
    uplink.mrInterface = AddInterface(uplink.mrDevice, uplink.careOfAddress, 30);
    uplink.ispInterface = AddInterface(uplink.ispDevice, uplink.gateway, 30);
    m_static.GetStaticRouting(mr->GetObject<Ipv4>())
        ->AddNetworkRouteTo(Ipv4Address::GetZero(),
                            Ipv4Mask::GetZero(),
                            uplink.gateway,
                            uplink.mrInterface,
                            metric);
}

VirtualOperatorMiddlebox
VirtualOperatorLinkBuilder::AddMiddlebox(uint32_t isp,
                                         Ptr<Node> ispRouter,
                                         Ipv4Address network,
                                         DataRate rate,
                                         Time delay,
                                         uint32_t systemId)
{
    VirtualOperatorMiddlebox mb;
    mb.node = CreateObject<Node>(systemId);
    m_hostStack.Install(mb.node);
    mb.isp = isp;
    NetDeviceContainer link = Link(mb.node, ispRouter, rate, delay);
    mb.gateway = Ipv4Address(network.Get() + 1);
    mb.publicAddress = Ipv4Address(network.Get() + 2);
    mb.outsideDevice = link.Get(0);
    mb.ispDevice = link.Get(1);
    mb.outsideInterface = AddInterface(mb.outsideDevice, mb.publicAddress, 30);
    mb.ispInterface = AddInterface(mb.ispDevice, mb.gateway, 30);
    m_static.GetStaticRouting(mb.node->GetObject<Ipv4>())
        ->SetDefaultRoute(mb.gateway, mb.outsideInterface);
    ReceiveDirectly(mb.ispDevice, ispRouter);
    return mb;
}

void
VirtualOperatorLinkBuilder::ReceiveDirectly(Ptr<NetDevice> device, Ptr<Node> router)
{
    if (m_directReceive)
    {
        device->SetReceiveCallback(
            MakeBoundCallback(&DirectIpv4Receive,
                              PeekPointer(router->GetObject<Ipv4L3Protocol>())));
    }
}

} // namespace ns3
