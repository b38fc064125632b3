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
 * \code
 *   MobileRouterHelper mrHelper(haAddress);
 *   mrHelper.SetAttribute("UseGre", BooleanValue(true));
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
    ObjectFactory m_factory; //!< creates MobileRouter applications
};

} // namespace ns3

#endif /* MOBILE_ROUTER_HELPER_H */
