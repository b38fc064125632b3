/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MOBILE_ROUTER_HELPER_H
#define MOBILE_ROUTER_HELPER_H

#include "ns3/application-container.h"
#include "ns3/mobile-router.h"
#include "ns3/object-factory.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief One uplink of a mobile router for MobileRouterHelper: its device and the ISP's
 * next hop on it (the device's first IPv4 address becomes the care-of address).
 */
struct MobileRouterUplink
{
    Ptr<NetDevice> device; //!< uplink device
    Ipv4Address gateway;   //!< next hop
};

/**
 * \ingroup haaro
 * \brief Installs MobileRouter applications, in the style of DhcpHelper: the uplink
 * devices are given per router.
 *
 * Each setting is an attribute of the object that uses it: SetAttribute() for the router
 * (ns3::MobileRouter: identity and what its registrations ask for), SetUplinkAttribute()
 * for each of its uplinks (ns3::MrUplink: registration timers, path probes, RFC 3519 NAT
 * traversal), SetRouteOptimizerAttribute() for its route optimizer (ns3::RouteOptimizer,
 * used when RouteOptimization is true). After Install() and before Simulator::Run they
 * can still be changed through the router (GetUplink(i), GetRouteOptimizer()) or the
 * Config paths `/NodeList/<n>/ApplicationList/<a>/$ns3::MobileRouter/Uplinks/<i>/<Attribute>`
 * and `/NodeList/<n>/ApplicationList/<a>/$ns3::MobileRouter/RouteOptimizer/<Attribute>`.
 *
 * \code
 *   MobileRouterHelper mrHelper(haAddress);
 *   mrHelper.SetAttribute("UseGre", BooleanValue(true));
 *   mrHelper.SetAttribute("RouteOptimization", BooleanValue(true));
 *   mrHelper.SetUplinkAttribute("KeepaliveInterval", TimeValue(Seconds(2)));
 *   mrHelper.SetRouteOptimizerAttribute("Encapsulation", StringValue("IpInIp"));
 *   Ptr<MobileRouter> mr = mrHelper.Install(node, homeAddress, sa,
 *                                           {{isp0Device, isp0Gateway}, {isp1Device, isp1Gateway}},
 *                                           {{Ipv4Address("10.128.0.0"), 24}});
 * \endcode
 */
class MobileRouterHelper
{
  public:
    /// \param homeAgent address of the Home Agent
    explicit MobileRouterHelper(Ipv4Address homeAgent);

    /**
     * \param name attribute of ns3::MobileRouter \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \param name attribute of ns3::MrUplink (every uplink of the routers installed)
     * \param value its value
     */
    void SetUplinkAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \param name attribute of ns3::RouteOptimizer (of the routers installed with
     * RouteOptimization true) \param value its value
     */
    void SetRouteOptimizerAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param node the router's node (with the Internet stack and addressed uplinks)
     * \param homeAddress its home address
     * \param sa the MN-HA security association it shares with the Home Agent
     * \param uplinks its uplinks, in primary/backup preference order
     * \param networks its mobile network prefixes
     * \return the application (already added to the node)
     */
    Ptr<MobileRouter> Install(Ptr<Node> node,
                              Ipv4Address homeAddress,
                              const MipSecurityAssociation& sa,
                              const std::vector<MobileRouterUplink>& uplinks,
                              const std::vector<MipPrefix>& networks) const;

  private:
    ObjectFactory m_factory;          //!< creates MobileRouter applications
    ObjectFactory m_uplinkFactory;    //!< creates their uplinks (MrUplink)
    ObjectFactory m_optimizerFactory; //!< creates their route optimizers (RouteOptimizer)
};

} // namespace ns3

#endif /* MOBILE_ROUTER_HELPER_H */
