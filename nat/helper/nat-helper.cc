/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nat-helper.h"

#include "ns3/abort.h"
#include "ns3/enum.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"

#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NatHelper");

NatHelper::NatHelper()
{
    m_factory.SetTypeId(Ipv4Nat::GetTypeId());
}

void
NatHelper::SetAttribute(std::string name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

Ptr<Ipv4Nat>
NatHelper::Install(Ptr<Node> node,
                   std::vector<uint32_t> insideInterfaces,
                   uint32_t outsideInterface) const
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    NS_ABORT_MSG_UNLESS(ipv4, "NatHelper: node " << node->GetId() << " has no Internet stack");
    Ptr<Ipv4ListRouting> list = DynamicCast<Ipv4ListRouting>(ipv4->GetRoutingProtocol());
    NS_ABORT_MSG_UNLESS(list,
                        "NatHelper: node " << node->GetId()
                                           << " must use an Ipv4ListRouting (InternetStackHelper's "
                                              "default)");
    NS_ABORT_MSG_IF(outsideInterface >= ipv4->GetNInterfaces(),
                    "NatHelper: no outside interface " << outsideInterface);
    NS_ABORT_MSG_IF(insideInterfaces.empty(), "NatHelper: no inside interface");

    // top priority: above every protocol already in the list
    int32_t priority = 0;
    for (uint32_t i = 0; i < list->GetNRoutingProtocols(); ++i)
    {
        int16_t p = 0;
        list->GetRoutingProtocol(i, p);
        priority = std::max<int32_t>(priority, int32_t(p) + 1);
    }
    priority = std::min<int32_t>(priority, std::numeric_limits<int16_t>::max());

    Ptr<Ipv4Nat> nat = m_factory.Create<Ipv4Nat>();
    list->AddRoutingProtocol(nat, static_cast<int16_t>(priority)); // calls nat->SetIpv4()
    for (uint32_t i : insideInterfaces)
    {
        NS_ABORT_MSG_IF(i >= ipv4->GetNInterfaces(), "NatHelper: no inside interface " << i);
        nat->SetInsideInterface(i);
        ipv4->SetForwarding(i, true);
    }
    nat->SetOutsideInterface(outsideInterface);
    ipv4->SetForwarding(outsideInterface, true);
    NS_LOG_INFO("NAT on node " << node->GetId() << ", public address " << nat->GetPublicAddress()
                               << ", priority " << priority);
    return nat;
}

Ptr<Ipv4Nat>
NatHelper::Install(Ptr<Node> node, uint32_t insideInterface, uint32_t outsideInterface) const
{
    return Install(node, std::vector<uint32_t>{insideInterface}, outsideInterface);
}

bool
NatHelper::SetType(const std::string& name)
{
    Ipv4Nat::Behavior mapping = Ipv4Nat::ENDPOINT_INDEPENDENT;
    Ipv4Nat::Behavior filtering = Ipv4Nat::ADDRESS_AND_PORT_DEPENDENT;
    if (name == "full-cone")
    {
        filtering = Ipv4Nat::ENDPOINT_INDEPENDENT;
    }
    else if (name == "restricted")
    {
        filtering = Ipv4Nat::ADDRESS_DEPENDENT;
    }
    else if (name == "symmetric")
    {
        mapping = Ipv4Nat::ADDRESS_AND_PORT_DEPENDENT;
    }
    else if (name != "port-restricted")
    {
        return false;
    }
    SetAttribute("Mapping", EnumValue(mapping));
    SetAttribute("Filtering", EnumValue(filtering));
    return true;
}

const std::vector<std::string>&
NatHelper::GetTypeNames()
{
    static const std::vector<std::string> names = {"full-cone",
                                                   "restricted",
                                                   "port-restricted",
                                                   "symmetric"};
    return names;
}

} // namespace ns3
