/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef HA_REGISTRATION_DECIDER_H
#define HA_REGISTRATION_DECIDER_H

#include "ha-binding-table.h"
#include "ha-routing.h"
#include "ha-udp-tunnelling.h"

#include "ns3/mip-identification.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/mip-registration-request.h"
#include "ns3/mip-security-association.h"
#include "ns3/ro-extensions.h"

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief What the Home Agent keeps for one mobile node it serves: its configuration
 * (HomeAgent::AddMobileNode()) and its replay state.
 */
struct HaMobileNodeConfig
{
    MipSecurityAssociation sa;       //!< security association
    std::vector<MipPrefix> prefixes; //!< authorised prefixes
    bool mobileRouter{true};         //!< may register prefixes
    MipReplayProtector replay;       //!< timestamp check
    std::string realm;               //!< realm advertised with its prefixes
};

/// \ingroup haaro
/// The mobile nodes a Home Agent serves, by home address (Ipv4Address::Get()).
using HaMobileNodes = std::unordered_map<uint32_t, HaMobileNodeConfig>;

/**
 * \ingroup haaro
 * \brief The Home Agent's registration policy (its attributes HomeAgentAddress,
 * MaxLifetime, MaxBindings, SimultaneousBindings, GreSupported, ReverseTunnelRequired and
 * the RFC 3519 ones).
 */
struct HaRegistrationPolicy
{
    Ipv4Address homeAgent;             //!< what the Home Agent field must say
    uint16_t maxLifetime{1800};        //!< longest lifetime granted (s)
    uint32_t maxBindings{8};           //!< most simultaneous bindings per mobile node
    bool simultaneousBindings{true};   //!< honour S
    bool greSupported{true};           //!< offer GRE when G is set
    bool reverseTunnelRequired{false}; //!< refuse requests without T
    HaUdpTunnellingSettings udp;       //!< RFC 3519 policy
};

/**
 * \ingroup haaro
 * \brief What HaRegistrationDecider::Decide() concluded about a request, besides the reply
 * it filled.
 */
struct HaRegistrationDecision
{
    std::vector<MipPrefix> prefixes; //!< the prefixes to register when accepted
    MipEncapsulation encapsulation{MipEncapsulation::IP_IN_IP}; //!< chosen encapsulation
    HaUdpDecision udp; //!< the NAT test and the UDP Tunnel Reply to add on success
    /// The request duplicates the accepted current registration and comes from the
    /// binding's own source (RFC 5944 section 3.8.2.2): answered, but changes nothing.
    bool duplicate{false};
    /// Refused with 133 by the replay check (RFC 5944 section 5.7.1), or a duplicate from
    /// another source: the caller counts ProtocolDrop::IDENTIFICATION_MISMATCH.
    bool replayed{false};
};

/**
 * \ingroup haaro
 * \brief The Home Agent's decision on an authenticated Registration Request (RFC 5944
 * section 3.8.2, RFC 3024, RFC 5177 section 6.1, RFC 3519 section 4.6): the reply code
 * and lifetime, the Mobile Network Acknowledgements, the encapsulation and the prefixes to
 * register. It reads the binding table and the routes and changes nothing: the Home Agent
 * applies the decision.
 *
 * Checks in this order: reserved bits and D (134), the Home Agent field (136), duplicates
 * and the timestamp replay check (133, with the HA's time for resynchronisation), T when
 * reverse tunnelling is required (138), the UDP Tunnel Request (HaUdpTunnelling::Decide():
 * 129, also for a NAT without a UDP Tunnel Request, 134 on request, 142), the
 * encapsulation (139), then for a non-zero lifetime the number of simultaneous bindings
 * (135) and the NEMO prefixes (147, 148); granted lifetime = min(requested, MaxLifetime),
 * capped for a UDP-tunnelled binding (NatMaxLifetime, RFC 3519 section 5.2), and for a
 * duplicate the remaining lifetime (RFC 5944 section 3.8.2.2).
 */
class HaRegistrationDecider
{
  public:
    /**
     * \param bindings the Home Agent's binding table
     * \param routing its routes (which router owns a prefix)
     */
    void Install(Ptr<const HaBindingTable> bindings, Ptr<const HaRouting> routing);
    /// \brief Drops the references to the binding table and the routes.
    void Dispose();

    /**
     * \brief Checks an authenticated request and fills the reply (code, lifetime,
     * acknowledgements).
     * \param rrq the request \param from its IP source \param port its UDP source port
     * \param policy the Home Agent's policy \param config the node's configuration
     * \param reply the reply to fill
     * \return the decision: prefixes, encapsulation, UDP tunnelling, duplicate, replay
     */
    HaRegistrationDecision Decide(const MipRegistrationRequest& rrq,
                                  Ipv4Address from,
                                  uint16_t port,
                                  const HaRegistrationPolicy& policy,
                                  const HaMobileNodeConfig& config,
                                  MipRegistrationReply& reply) const;

  private:
    /**
     * \brief Evaluates the NEMO part of a request (RFC 5177 section 6.1).
     * \param rrq the request \param config configuration \param reply gets the acks
     * \param prefixes receives the accepted prefixes
     * \return the reply code: 0, 147 or 148
     */
    uint8_t DecidePrefixes(const MipRegistrationRequest& rrq,
                           const HaMobileNodeConfig& config,
                           MipRegistrationReply& reply,
                           std::vector<MipPrefix>& prefixes) const;

    Ptr<const HaBindingTable> m_bindings; //!< binding table
    Ptr<const HaRouting> m_routing;       //!< routes into tunnels
};

} // namespace ns3

#endif /* HA_REGISTRATION_DECIDER_H */
