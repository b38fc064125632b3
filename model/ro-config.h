/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef RO_CONFIG_H
#define RO_CONFIG_H

#include "mip-tunnel.h"

#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief One uplink as the route optimizer sees it: care-of address, device, next hop and
 * whether it is registered with the Home Agent (usable).
 */
struct RoUplink
{
    Ipv4Address careOf;    //!< the uplink's address
    Ptr<NetDevice> device; //!< its device
    Ipv4Address gateway;   //!< its next hop
    bool usable{false};    //!< registered with the Home Agent
};

/**
 * \ingroup haaro
 * \brief Timers and choices of route optimization (Attributes of MobileRouter).
 *
 * RFC 6521 leaves the MR-CR binding lifetime, its refresh and the return routability
 * retransmission unspecified (ambiguity A8); these are this model's readings.
 */
struct RoConfig
{
    Time bindingLifetime{Seconds(120)}; //!< lifetime requested from correspondent routers
    double renewalFraction{0.8};        //!< refresh after this part of it
    Time retransmission{Seconds(1)};    //!< first RR/registration retransmission (doubling)
    uint32_t maxRetransmissions{3};     //!< then give up and fall back to the HA path
    Time keepaliveInterval{Seconds(1)}; //!< ICMP echo in the direct tunnel (<= 5 per second)
    uint32_t keepaliveMisses{3};        //!< unanswered keepalives before falling back
    Time holdDown{Seconds(10)};         //!< wait after a failure before trying again
    Time grace{Seconds(10)};            //!< old tunnel kept after a change or de-registration
    Time solicitationWait{Seconds(2)};  //!< how long a CR waits for the HA's answer
    /// solicitations for home addresses the HA never advertised to us: at most this many at
    /// once (a burst), refilled one per solicitationWait (A8: an attacker's requests cannot
    /// make the CR re-register at its HA more often)
    uint32_t unknownPeerSolicitations{8};
    MipEncapsulation encapsulation{MipEncapsulation::IP_IN_IP}; //!< direct tunnels
    bool fullMesh{false};     //!< start with every advertised router at once
    bool spreadPeers{false};  //!< a care-of address per CR (the least loaded uplink)
    bool tryOtherPairs{true}; //!< when a (MR CoA, CR CoA) pair fails, probe the others first
};

} // namespace ns3

#endif /* RO_CONFIG_H */
