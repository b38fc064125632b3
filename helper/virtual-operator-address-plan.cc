/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "virtual-operator-address-plan.h"

#include "ns3/abort.h"

namespace ns3
{

namespace
{

/// 172.16.0.0, base of the backend and core links.
constexpr uint32_t INFRA_BASE = 0xac100000;
/// 10.0.0.0/16, home addresses.
constexpr uint32_t HOME_PREFIX = 0x0a000000;
/// 10.128.0.0/9, mobile network prefixes.
constexpr uint32_t MNP_AGGREGATE = 0x0a800000;
/// 100.64.0.0, ISP 0's customer aggregate.
constexpr uint32_t ISP_BASE = 0x64400000;
/// 192.168.0.0/16, inside links of middleboxes.
constexpr uint32_t PRIVATE_BASE = 0xc0a80000;

} // namespace

Ipv4Address
VirtualOperatorAddressPlan::GetHomePrefix()
{
    return Ipv4Address(HOME_PREFIX);
}

Ipv4Address
VirtualOperatorAddressPlan::GetMnpAggregate()
{
    return Ipv4Address(MNP_AGGREGATE);
}

Ipv4Address
VirtualOperatorAddressPlan::GetHomeAddress(uint32_t site)
{
    return Ipv4Address(HOME_PREFIX + site + 1);
}

Ipv4Address
VirtualOperatorAddressPlan::GetMnp(uint32_t site)
{
    return Ipv4Address(MNP_AGGREGATE + (site << 8));
}

Ipv4Address
VirtualOperatorAddressPlan::GetIspAggregate(uint32_t isp)
{
    return Ipv4Address(ISP_BASE + (isp << 16));
}

Ipv4Address
VirtualOperatorAddressPlan::GetPeeringBackendAddress()
{
    return Ipv4Address(INFRA_BASE + 1);
}

Ipv4Address
VirtualOperatorAddressPlan::GetHomeAgentAddress()
{
    return Ipv4Address(INFRA_BASE + 2);
}

Ipv4Address
VirtualOperatorAddressPlan::GetPeeringCoreAddress(uint32_t isp)
{
    return Ipv4Address(INFRA_BASE + 0x100 + 4 * isp + 1);
}

Ipv4Address
VirtualOperatorAddressPlan::GetIspCoreAddress(uint32_t isp)
{
    return Ipv4Address(INFRA_BASE + 0x100 + 4 * isp + 2);
}

Ipv4Address
VirtualOperatorAddressPlan::GetCustomerLink(uint32_t isp, uint32_t link)
{
    NS_ABORT_MSG_IF(link >= MAX_LINKS_PER_ISP,
                    "VirtualOperatorTopologyHelper: more than "
                        << MAX_LINKS_PER_ISP << " customer links on ISP " << isp);
    return Ipv4Address(GetIspAggregate(isp).Get() + 4 * link);
}

Ipv4Address
VirtualOperatorAddressPlan::GetInsideLink(uint32_t link)
{
    NS_ABORT_MSG_IF(link >= MAX_INSIDE_LINKS,
                    "VirtualOperatorTopologyHelper: more than " << MAX_INSIDE_LINKS
                                                                << " middlebox inside links");
    return Ipv4Address(PRIVATE_BASE + 4 * link);
}

} // namespace ns3
