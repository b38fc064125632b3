/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VIRTUAL_OPERATOR_LINK_BUILDER_H
#define VIRTUAL_OPERATOR_LINK_BUILDER_H

#include "virtual-operator-topology-helper.h"

#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/traffic-control-helper.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Installs the IPv4 stacks, links, interfaces and uplinks of one
 * VirtualOperatorTopologyHelper::Build() call, at addresses the caller takes from
 * VirtualOperatorAddressPlan.
 *
 * Interfaces are added as Ipv4AddressHelper::Assign would add them, without its global
 * address registry; each device gets ns-3's default root queue disc unless disabled.
 */
class VirtualOperatorLinkBuilder
{
  public:
    /**
     * \param queueDiscs install the default root queue disc on each device
     * \param directReceive ISP-side customer devices hand IPv4 packets straight to
     *        Ipv4L3Protocol::Receive (ReceiveDirectly())
     */
    VirtualOperatorLinkBuilder(bool queueDiscs, bool directReceive);

    /**
     * \brief IPv4 only, an Ipv4ListRouting with Ipv4StaticRouting at priority 0 (hosts,
     * mobile routers, the Home Agent, middleboxes).
     * \param nodes the nodes
     */
    void InstallHostStack(NodeContainer nodes);

    /**
     * \brief IPv4 only, an empty Ipv4ListRouting (the peering point and the ISP routers,
     * which get a PrefixTableRouting: Ipv4StaticRouting checks each new route against all
     * others, so its connected routes alone would cost O(D^2) on a router with D customer
     * links).
     * \param nodes the nodes
     */
    void InstallRouterStack(NodeContainer nodes);

    /**
     * \brief Adds an Ipv4 interface for a device, with one address, and sets it up.
     * \param device the device
     * \param address the address
     * \param length the prefix length
     * \return the interface index
     */
    uint32_t AddInterface(Ptr<NetDevice> device, Ipv4Address address, uint8_t length);

    /**
     * \brief Creates a point-to-point link.
     * \param a first node
     * \param b second node
     * \param rate data rate
     * \param delay one-way delay
     * \return the devices (a's first)
     */
    NetDeviceContainer Link(Ptr<Node> a, Ptr<Node> b, DataRate rate, Time delay);

    /**
     * \brief Connects a mobile router to the far end of one uplink (an ISP router or a
     * middlebox) with a point-to-point /30: far end .1 (the gateway), router .2 (the
     * care-of address), and adds the router's default route via the gateway.
     * \param uplink where the devices, addresses and interfaces are written
     * \param mr the mobile router
     * \param far the far end
     * \param network the /30 network
     * \param rate the link's rate
     * \param delay the link's one-way delay
     * \param metric the default route's metric (the uplink index)
     */
    void ConnectUplink(VirtualOperatorUplink& uplink,
                       Ptr<Node> mr,
                       Ptr<Node> far,
                       Ipv4Address network,
                       DataRate rate,
                       Time delay,
                       uint32_t metric);

    /**
     * \brief Creates a middlebox on its own customer /30 of an ISP: ISP router .1 (the
     * middlebox's gateway and default route), middlebox .2 (its public address).
     * \param isp the ISP index
     * \param ispRouter the ISP router
     * \param network the customer /30
     * \param rate the link's rate
     * \param delay the link's one-way delay
     * \param systemId the middlebox node's rank
     * \return the middlebox, without inside links
     */
    VirtualOperatorMiddlebox AddMiddlebox(uint32_t isp,
                                          Ptr<Node> ispRouter,
                                          Ipv4Address network,
                                          DataRate rate,
                                          Time delay,
                                          uint32_t systemId);

    /**
     * \brief With direct receive on, makes an ISP router's customer or core device hand IPv4
     * packets straight to Ipv4L3Protocol::Receive, what Node::ReceiveFromDevice and
     * TrafficControlLayer::Receive would find after scanning their handler lists (two
     * entries per device of the router); packet sockets or other protocol handlers on that
     * device then see nothing.
     * \param device the ISP router's device
     * \param router the ISP router
     */
    void ReceiveDirectly(Ptr<NetDevice> device, Ptr<Node> router);

  private:
    bool m_queueDiscs;                 //!< install queue discs
    bool m_directReceive;              //!< bypass the handler scans
    TrafficControlHelper m_tc;         //!< ns-3's default root queue disc
    PointToPointHelper m_p2p;          //!< point-to-point links
    Ipv4StaticRoutingHelper m_static;  //!< static routing of hosts and routers
    InternetStackHelper m_hostStack;   //!< stack with static routing
    InternetStackHelper m_routerStack; //!< stack with an empty list routing
};

} // namespace ns3

#endif /* VIRTUAL_OPERATOR_LINK_BUILDER_H */
