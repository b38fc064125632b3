/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef RO_CONTEXT_H
#define RO_CONTEXT_H

#include "ro-config.h"
#include "ro-peer-event.h"
#include "route-optimization-cache.h"

#include "ns3/header.h"
#include "ns3/mip-identification.h"
#include "ns3/mip-tunnel-manager.h"
#include "ns3/nemo-extensions.h"
#include "ns3/protocol-drop.h"
#include "ns3/random-variable-stream.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief What the parts of one RouteOptimizer (RoInitiator, RoResponder, RoDirectTunnelSet)
 * share: the router's identity and settings, the Route Optimization Cache, and the outputs
 * (signalling, traces, drop counters) that the RouteOptimizer facade wires to its sockets
 * and trace sources.
 */
struct RoContext
{
    /// Sends a signalling message (header) from a local address (the home address or a
    /// care-of address) to a destination and port; name is for the Message trace.
    using SendCallback = std::function<void(Ipv4Address local,
                                            const Header& message,
                                            Ipv4Address to,
                                            uint16_t port,
                                            const std::string& name)>;
    /// Message trace: direction ("tx"/"rx"), message name, source, destination.
    using MessageCallback = std::function<
        void(const std::string& direction, const std::string& name, Ipv4Address, Ipv4Address)>;

    Ipv4Address homeAddress;                             //!< the router's home address
    Ipv4Address homeAgent;                               //!< its Home Agent
    std::vector<MipPrefix> networks;                     //!< its mobile networks
    Ptr<MipTunnelManager> tunnels;                       //!< its tunnel layer
    MipIdentificationGenerator* identification{nullptr}; //!< its timestamps
    RoConfig config;                                     //!< timers and choices
    Ptr<UniformRandomVariable> random;                   //!< cookies, Kcr, nonces
    RouteOptimizationCache cache;                        //!< the ROC
    bool running{false};                                 //!< between Start and Stop
    /// N flag of the Home Agent's last reply, per care-of address (RFC 6521 section 3.1.2
    /// keeps NAT state per care-of address pair): picks UDP per uplink
    std::map<uint32_t, bool> natByCareOf;
    bool behindNat{false}; //!< some uplink is behind a NAT (RouteOptimizer::IsBehindNat)
    bool declined{false};  //!< the Home Agent declined (code 16)

    std::function<std::vector<RoUplink>()> uplinks;                //!< the current uplinks
    SendCallback send;                                             //!< signalling out
    MessageCallback message;                                       //!< Message trace
    std::function<void(const RoPeerEventInfo&)> peerEvent;         //!< PeerEvent trace
    std::function<void(Ipv4Address, Time)> setup;                  //!< Setup trace
    std::function<void(ProtocolDrop, uint64_t, Ipv4Address)> drop; //!< ProtocolDrop counter

    /// \param careOf a care-of address \return its uplink, if any
    std::optional<RoUplink> UplinkOf(Ipv4Address careOf) const;
    /// \return the uplink to use for route optimization now (the first usable), if any
    std::optional<RoUplink> ActiveUplink() const;
    /// \return our usable care-of addresses, in uplink order
    std::vector<Ipv4Address> UsableCareOfs() const;
    /// \param careOf one of our care-of addresses \return whether the Home Agent reported a
    /// NAT (N) for it
    bool IsNatted(Ipv4Address careOf) const;
    /**
     * \return our usable care-of addresses, those without a NAT first (uplink order within
     * each group): RFC 6521 section 3.1.2, the NAT state decides "which CoAs to include in
     * the Care-of Address Extension"; a translated (private) address is reached only from
     * behind the same NAT (section 6.1), so it comes last
     */
    std::vector<Ipv4Address> CareOfsPublicFirst() const;
    /// \param address an address \return true if it is our home address or in our networks
    bool IsOurs(Ipv4Address address) const;
    /// \param entry a peer's entry \return true if the direct tunnel must use UDP (RFC 6521
    /// section 3.3, R13)
    bool UseUdp(const RocEntry& entry) const;
    /**
     * \param entry a peer's cache entry
     * \return true if this end chooses the pair (the MR of the binding; of two routers
     * registered with each other, the one with the larger home address)
     */
    bool ChoosesPair(const RocEntry& entry) const;
    /// \param peer a peer \param event what happened: traces it (no details)
    void Trace(Ipv4Address peer, RoPeerEvent event) const;
};

} // namespace ns3

#endif /* RO_CONTEXT_H */
