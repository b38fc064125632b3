/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef HOME_AGENT_HELPER_H
#define HOME_AGENT_HELPER_H

#include "ns3/application-container.h"
#include "ns3/home-agent.h"
#include "ns3/object-factory.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Installs a HomeAgent application and declares the mobile routers it serves.
 *
 * \code
 *   HomeAgentHelper haHelper;
 *   haHelper.SetAttribute("MaxLifetime", UintegerValue(600));
 *   Ptr<HomeAgent> ha = haHelper.Install(haNode, haAddress);
 *   HomeAgentHelper::AddMobileRouter(ha, homeAddress, sa, {{Ipv4Address("10.128.0.0"), 24}});
 * \endcode
 */
class HomeAgentHelper
{
  public:
    HomeAgentHelper();

    /**
     * \param name attribute of ns3::HomeAgent \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param node the Home Agent's node (with the Internet stack)
     * \param address the Home Agent address (one of the node's addresses)
     * \return the application (already added to the node)
     */
    Ptr<HomeAgent> Install(Ptr<Node> node, Ipv4Address address) const;

    /**
     * \brief Declares a mobile router: its security association and the prefixes it may
     * register (explicit mode) or that are registered for it (implicit mode).
     * \param ha the Home Agent \param homeAddress the router's home address
     * \param sa the MN-HA security association \param prefixes its mobile network prefixes
     * \param realm realm advertised with its prefixes in Route Optimization Prefix
     * Advertisements (RFC 6521); empty (the default) for none
     */
    static void AddMobileRouter(Ptr<HomeAgent> ha,
                                Ipv4Address homeAddress,
                                const MipSecurityAssociation& sa,
                                const std::vector<MipPrefix>& prefixes,
                                const std::string& realm = "");

  private:
    ObjectFactory m_factory; //!< creates HomeAgent applications
};

} // namespace ns3

#endif /* HOME_AGENT_HELPER_H */
