/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NAT_HELPER_H
#define NAT_HELPER_H

#include "ns3/ipv4-nat.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Installs an Ipv4Nat on a node that already has the Internet stack.
 *
 * The node's routing protocol must be an Ipv4ListRouting (InternetStackHelper's default:
 * static + global routing); the NAT is added to it above every protocol it holds, and IP
 * forwarding is enabled on the NAT's interfaces. The node's other routing (e.g. a static
 * default route towards the outside) still chooses the routes.
 *
 * \code
 *   NatHelper natHelper;
 *   natHelper.SetAttribute("Filtering", EnumValue(Ipv4Nat::ENDPOINT_INDEPENDENT));
 *   Ptr<Ipv4Nat> nat = natHelper.Install(natNode, insideIf, outsideIf);
 * \endcode
 */
class NatHelper
{
  public:
    NatHelper();

    /// \param name attribute of ns3::Ipv4Nat \param value its value
    void SetAttribute(std::string name, const AttributeValue& value);

    /**
     * \brief Sets Mapping and Filtering by the classic NAT names: "full-cone" (endpoint-
     * independent mapping and filtering), "restricted" (EIM, address-dependent filtering),
     * "port-restricted" (EIM, address-and-port-dependent filtering), "symmetric"
     * (address-and-port-dependent mapping and filtering).
     * \param name one of GetTypeNames() \return false (nothing set) for another name
     */
    bool SetType(const std::string& name);
    /// \return the names SetType() knows, from the most to the least permissive
    static const std::vector<std::string>& GetTypeNames();

    /**
     * \param node the NAT node (Internet stack installed, addresses assigned)
     * \param insideInterfaces IPv4 interface indices on the inside
     * \param outsideInterface IPv4 interface index on the outside (first address = public)
     * \return the NAT
     */
    Ptr<Ipv4Nat> Install(Ptr<Node> node,
                         std::vector<uint32_t> insideInterfaces,
                         uint32_t outsideInterface) const;

    /**
     * \param node the NAT node \param insideInterface the inside interface index
     * \param outsideInterface the outside interface index
     * \return the NAT
     */
    Ptr<Ipv4Nat> Install(Ptr<Node> node, uint32_t insideInterface, uint32_t outsideInterface) const;

  private:
    ObjectFactory m_factory; //!< creates Ipv4Nat objects
};

} // namespace ns3

#endif /* NAT_HELPER_H */
