/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VIRTUAL_OPERATOR_ADDRESS_PLAN_H
#define VIRTUAL_OPERATOR_ADDRESS_PLAN_H

#include "ns3/ipv4-address.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The address plan of VirtualOperatorTopologyHelper: which address each link,
 * site and ISP gets, and the limits that the plan puts on the topology's size.
 *
 * - 172.16.0.0/30: the backend link (peering point .1, Home Agent .2);
 * - 172.16.1.(4k)/30: ISP k's core link (peering point .4k+1, ISP router .4k+2);
 * - 10.0.0.0/16: home addresses, site i at 10.0.0.0 + i + 1;
 * - 10.128.0.0/9: mobile network prefixes, one /24 per site;
 * - 100.(64 + k).0.0/16: ISP k's customer aggregate, one /30 per customer link j
 *   (ISP router .4j+1, customer .4j+2);
 * - 192.168.0.0/16: the inside links of middleboxes, one /30 each (middlebox .1,
 *   router .2).
 * Pure functions of the indices: no state, no random numbers.
 */
class VirtualOperatorAddressPlan
{
  public:
    static constexpr uint32_t MAX_ISPS = 64;                //!< largest K
    static constexpr uint32_t MAX_SITES = 1u << 15;         //!< largest N (MNP /24s in the /9)
    static constexpr uint32_t MAX_LINKS_PER_ISP = 1u << 14; //!< customer /30s per ISP /16
    static constexpr uint32_t MAX_HOSTS = 245;              //!< hosts .10 to .254 of a site LAN
    static constexpr uint32_t MAX_INSIDE_LINKS = 1u << 14;  //!< inside /30s in 192.168.0.0/16
    static constexpr uint8_t HOME_PREFIX_LENGTH = 16;       //!< of GetHomePrefix()
    static constexpr uint8_t MNP_AGGREGATE_LENGTH = 9;      //!< of GetMnpAggregate()
    static constexpr uint8_t MNP_LENGTH = 24;               //!< of GetMnp()
    static constexpr uint8_t ISP_AGGREGATE_LENGTH = 16;     //!< of GetIspAggregate()
    static constexpr uint8_t LINK_LENGTH = 30;              //!< of every point-to-point link

    /// \return the home network 10.0.0.0 (/16)
    static Ipv4Address GetHomePrefix();
    /// \return the aggregate of the mobile network prefixes 10.128.0.0 (/9)
    static Ipv4Address GetMnpAggregate();
    /// \param site a site index \return its home address, 10.0.0.0 + site + 1
    static Ipv4Address GetHomeAddress(uint32_t site);
    /// \param site a site index \return its MNP network, 10.(128 + site/256).(site%256).0
    static Ipv4Address GetMnp(uint32_t site);
    /// \param isp an ISP index \return its customer aggregate 100.(64 + isp).0.0 (/16)
    static Ipv4Address GetIspAggregate(uint32_t isp);
    /// \return the peering point's end of the backend link, 172.16.0.1
    static Ipv4Address GetPeeringBackendAddress();
    /// \return the Home Agent's end of the backend link, 172.16.0.2
    static Ipv4Address GetHomeAgentAddress();
    /// \param isp an ISP index \return the peering point's end of its core link
    static Ipv4Address GetPeeringCoreAddress(uint32_t isp);
    /// \param isp an ISP index \return the ISP router's end of its core link
    static Ipv4Address GetIspCoreAddress(uint32_t isp);
    /**
     * \param isp an ISP index \param link the customer link's index on that ISP
     * \return the link's /30 network (ISP router .1, customer .2); aborts beyond
     * MAX_LINKS_PER_ISP
     */
    static Ipv4Address GetCustomerLink(uint32_t isp, uint32_t link);
    /**
     * \param link the index of a middlebox inside link in the whole topology
     * \return the link's /30 network (middlebox .1, router .2); aborts beyond
     * MAX_INSIDE_LINKS
     */
    static Ipv4Address GetInsideLink(uint32_t link);
};

} // namespace ns3

#endif /* VIRTUAL_OPERATOR_ADDRESS_PLAN_H */
