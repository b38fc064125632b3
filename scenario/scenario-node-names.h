/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef SCENARIO_NODE_NAMES_H
#define SCENARIO_NODE_NAMES_H

#include "ns3/ipv4-address.h"
#include "ns3/node.h"
#include "ns3/virtual-operator-topology-helper.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The scenario names of nodes and addresses (HA, MR-A, NODE-A, ISP-1, ...) and the
 * kind of each node (ha, mr, host, router, nat): every IPv4 address of a named node (and
 * any address added with AddAddress(), e.g. home addresses) prints as the node's name.
 */
class ScenarioNodeNames
{
  public:
    /// A named node.
    struct NamedNode
    {
        Ptr<Node> node;   //!< the node
        std::string name; //!< its name
        std::string kind; //!< ha, mr, host, router, nat
    };

    /**
     * \brief Names a node and all its current IPv4 addresses.
     * \param node the node \param name its scenario name
     * \param kind ha, mr, host, router or nat
     */
    void AddNode(Ptr<Node> node, const std::string& name, const std::string& kind);
    /// \param address an address (e.g. a home address) \param name the name to print
    void AddAddress(Ipv4Address address, const std::string& name);
    /**
     * \brief Names every node and address of a virtual-operator topology: HA, PEERING,
     * ISP-1..ISP-K, MR-A, MR-B, ... (home addresses too), NODE-A, NODE-A2, ... (hosts).
     * \param topology the built topology
     */
    void AddTopology(const VirtualOperatorTopology& topology);
    /// \param address an address \return its name, or the dotted address
    std::string NameOf(Ipv4Address address) const;
    /// \param node a node \return its name, or "node-<id>"
    std::string NameOf(Ptr<Node> node) const;
    /// \param address an address \return the kind of the node owning it ("" if unknown)
    std::string KindOf(Ipv4Address address) const;
    /// \return the named nodes, in naming order
    const std::vector<NamedNode>& GetNodes() const;
    /// \param nodeId a node id \return the named node, or nullptr
    const NamedNode* Find(uint32_t nodeId) const;

    /// \param site a site index \return its letter(s): A..Z, AA, AB, ...
    static std::string SiteLetter(uint32_t site);
    /// \param site a site index \return "MR-" + SiteLetter(site)
    static std::string MobileRouterName(uint32_t site);
    /// \param site a site index \param host host index \return NODE-A, NODE-A2, NODE-A3...
    static std::string HostName(uint32_t site, uint32_t host = 0);
    /// \param a an address \return it dotted
    static std::string Dotted(Ipv4Address a);

  private:
    std::vector<NamedNode> m_nodes;                 //!< in naming order
    std::map<uint32_t, size_t> m_nodeIndex;         //!< node id -> m_nodes index
    std::map<uint32_t, std::string> m_addressNames; //!< address -> name
    std::map<uint32_t, std::string> m_addressKinds; //!< address -> kind
};

} // namespace ns3

#endif /* SCENARIO_NODE_NAMES_H */
