/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NEMO_NETWORK_HELPER_H
#define NEMO_NETWORK_HELPER_H

#include "home-agent-helper.h"
#include "mobile-router-helper.h"
#include "virtual-operator-topology-helper.h"

#include <set>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief What NemoNetworkHelper::Install() returns: the Home Agent and one mobile router
 * per site (index = site index).
 */
struct NemoNetwork
{
    Ptr<HomeAgent> homeAgent;                     //!< the Home Agent
    std::vector<Ptr<MobileRouter>> mobileRouters; //!< one per site
};

/**
 * \ingroup haaro
 * \brief Deploys NEMOv4 on a virtual-operator topology: a Home Agent on the HA node and a
 * mobile router on every site, each with all its uplinks (in the site's order, the first
 * being the primary), its home address and its mobile network prefix, and a security
 * association shared with the Home Agent (MakeSecurityAssociation()). The Home Agent
 * knows site i's router with the realm GetSiteRealm(i), which only appears in HAARO Prefix
 * Advertisements (RFC 6521).
 */
class NemoNetworkHelper
{
  public:
    NemoNetworkHelper();

    /// \param name attribute of ns3::HomeAgent \param value its value
    void SetHomeAgentAttribute(const std::string& name, const AttributeValue& value);
    /// \param name attribute of ns3::MobileRouter \param value its value
    void SetMobileRouterAttribute(const std::string& name, const AttributeValue& value);
    /// \param name attribute of ns3::MrUplink (every uplink) \param value its value
    void SetUplinkAttribute(const std::string& name, const AttributeValue& value);
    /// \param name attribute of ns3::RouteOptimizer \param value its value
    void SetRouteOptimizerAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \brief Gives a site's mobile router an uplink whose care-of address is learned at run
     * time (MobileRouter::AddDynamicUplink(), e.g. a Wi-Fi station of WifiAccessHelper).
     * A site's dynamic uplinks come first, in the order of these calls (the primary), then
     * its topology uplinks (the backups).
     * \param site site index \param device the uplink device (it has an Ipv4 interface)
     */
    void AddDynamicUplink(uint32_t site, Ptr<NetDevice> device);
    /**
     * \brief The site's topology uplinks are not given to its router: a site whose uplinks
     * are all access networks (AddDynamicUplink()), as VirtualOperatorTopologyHelper needs
     * one per site; its link stays cabled but unused.
     * \param site site index
     */
    void SkipTopologyUplinks(uint32_t site);

    /**
     * \param topology a built virtual-operator topology
     * \return the applications (added to the nodes; they start at time 0 unless the caller
     * sets start times)
     */
    NemoNetwork Install(const VirtualOperatorTopology& topology) const;

    /**
     * \brief The security association of site i: SPI 256 + i and a 16-octet key derived
     * from the home address (the first 16 octets of SHA-1 over "haaro-mn-ha" and it), so
     * that runs are reproducible.
     * \param site site index \param homeAddress its home address
     * \return the association
     */
    static MipSecurityAssociation MakeSecurityAssociation(uint32_t site, Ipv4Address homeAddress);

    /**
     * \param site site index
     * \return the realm the Home Agent advertises with site i's prefixes:
     * "site-<i>.example.com"
     */
    static std::string GetSiteRealm(uint32_t site);

  private:
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_haAttributes; //!< for the HA
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_mrAttributes; //!< for the MRs
    /// for the MRs' uplinks
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_uplinkAttributes;
    /// for the MRs' route optimizers
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_optimizerAttributes;
    /// (site, device) of the dynamic uplinks, in AddDynamicUplink() order
    std::vector<std::pair<uint32_t, Ptr<NetDevice>>> m_dynamicUplinks;
    std::set<uint32_t> m_skipTopologyUplinks; //!< sites without their topology uplinks
};

} // namespace ns3

#endif /* NEMO_NETWORK_HELPER_H */
