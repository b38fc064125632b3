/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MOVABLE_NETWORK_H
#define MOVABLE_NETWORK_H

#include "ns3/ipv4-address.h"
#include "ns3/mip-prefix.h"
#include "ns3/nemo-network-helper.h"
#include "ns3/net-device.h"
#include "ns3/node-container.h"
#include "ns3/virtual-operator-topology-helper.h"

#include <optional>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief A mobile network that can be added to a running mobile router, taken away from it,
 * or moved to another one (issue 16 part 4): a CSMA LAN with its own prefix and hosts,
 * cabled to the LAN side of several site routers, of which at most one (the owner) has
 * its interface up and the prefix among its mobile networks.
 *
 * Every candidate router's interface on the LAN has the same address (the prefix's .1,
 * the hosts' default gateway), so a move is: the old owner's interface goes down and it
 * removes the prefix (MobileRouter::RemoveMobileNetwork(): it re-registers without it),
 * the new owner's interface comes up and it adds the prefix (it re-registers with it), and
 * the hosts' ARP entry for the gateway points at the new owner (permanent entries both
 * ways, as PopulateSiteArpCaches() does for the site LANs). The Home Agent is told that
 * each candidate may register the prefix (HomeAgent::AuthorizeMobileNetwork()).
 */
class MovableNetwork
{
  public:
    /**
     * \brief Builds the LAN (before the simulation runs).
     * \param topology the built topology \param network the installed NEMO network
     * \param prefix the network's prefix (length 8 to 30) \param candidates the sites whose
     * routers may own it \param hosts number of hosts (addresses .10, .11, ...)
     */
    void Build(const VirtualOperatorTopology& topology,
               const NemoNetwork& network,
               const MipPrefix& prefix,
               const std::vector<uint32_t>& candidates,
               uint32_t hosts = 1);
    /**
     * \brief The network is (now) behind the router of this site: before the simulation it
     * is its initial owner, while it runs the change happens at once (old owner first).
     * \param site one of the candidates
     */
    void AttachTo(uint32_t site);
    /// \brief The network leaves its owner (no new owner).
    void Detach();
    /// \return the site owning it now, if any
    std::optional<uint32_t> GetOwner() const;
    /// \return the prefix
    const MipPrefix& GetPrefix() const;
    /// \param i a host \return its node
    Ptr<Node> GetHost(uint32_t i) const;
    /// \param i a host \return its address
    Ipv4Address GetHostAddress(uint32_t i) const;

  private:
    /// One candidate router's end of the LAN.
    struct Attachment
    {
        uint32_t site{0};      //!< the site
        Ptr<NetDevice> device; //!< its device on the LAN
        uint32_t interface {
            0
        };                        //!< its IPv4 interface index
        Ptr<MobileRouter> router; //!< the router application
    };

    /// \param a an attachment \param up its interface state and the static ARP entries
    void SetAttached(const Attachment& a, bool up);

    MipPrefix m_prefix;                       //!< the prefix
    Ipv4Address m_gateway;                    //!< every candidate's LAN address (.1)
    NodeContainer m_hosts;                    //!< the hosts
    std::vector<Ipv4Address> m_hostAddress;   //!< their addresses
    std::vector<Ptr<NetDevice>> m_hostDevice; //!< their LAN devices
    std::vector<Attachment> m_attachments;    //!< one per candidate
    std::optional<size_t> m_owner;            //!< index into m_attachments
};

} // namespace ns3

#endif /* MOVABLE_NETWORK_H */
