/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef HA_BINDING_APPLIER_H
#define HA_BINDING_APPLIER_H

#include "ha-binding-table.h"
#include "ha-routing.h"
#include "ha-udp-tunnelling.h"

#include "ns3/ipv4-address.h"
#include "ns3/mip-registration-request.h"
#include "ns3/mip-tunnel-manager.h"
#include "ns3/mip-tunnel.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Applies the Home Agent's accepted registrations to its data plane: the binding
 * table, the binding tunnels (MipTunnelManager, HaUdpTunnelling) and the routes into them
 * (HaRouting).
 *
 * - Apply(): an accepted registration adds or refreshes a binding (one per care-of
 *   address when S is honoured), or a de-registration removes one or all of them (RFC
 *   5177 section 6.7: the Home Agent "MUST delete the entry (or entries) from its
 *   Registration Table"); the registered mobile network prefixes replace those of the
 *   previous registration (RFC 5177 section 6.1: "If there are any subnet routes via the
 *   tunnel to the Mobile Router that are not specified in the Mobile Network extensions,
 *   these routes are removed"). A duplicate changes nothing.
 * - A binding's tunnel follows its encapsulation: a new one when the encapsulation
 *   changes; an IP-in-UDP tunnel is port-pinned and moved only by an authenticated
 *   request (RFC 3519 section 4.6).
 * - OnBindingAdded() / OnBindingRemoved(), the binding table's callbacks: a binding gets
 *   its tunnel (with the Home Agent's intercept callback) and the home address route; the
 *   last binding gone takes the home address and prefix routes with it.
 *
 * It draws no random numbers and schedules nothing itself (HaBindingTable schedules the
 * expiries).
 */
class HaBindingApplier
{
  public:
    /**
     * \param udp the Home Agent's RFC 3519 part (makes and moves the UDP tunnels); it must
     * outlive this object (it is the owner's member)
     */
    explicit HaBindingApplier(HaUdpTunnelling& udp);

    /**
     * \param bindings the binding table \param tunnels the tunnel layer
     * \param routing the routes into the tunnel interface
     * \param homeAgent the Home Agent address (local tunnel endpoint)
     * \param intercept set on every binding tunnel: answers to the Home Agent's downlink
     * probes, path probes and keepalives arrive through it
     */
    void Install(Ptr<HaBindingTable> bindings,
                 Ptr<MipTunnelManager> tunnels,
                 Ptr<HaRouting> routing,
                 Ipv4Address homeAgent,
                 MipTunnelInterceptCallback intercept);
    /// \brief Drops the references to the binding table, the tunnels and the routes.
    void Dispose();

    /**
     * \brief Applies an accepted, non-duplicate registration to the bindings, tunnels and
     * routes.
     * \param rrq the request \param from its IP source \param port its UDP source port
     * \param granted the granted lifetime \param prefixes the prefixes to register
     * \param encapsulation the chosen encapsulation
     * \param simultaneousBindings the SimultaneousBindings policy (S honoured)
     */
    void Apply(const MipRegistrationRequest& rrq,
               Ipv4Address from,
               uint16_t port,
               uint16_t granted,
               const std::vector<MipPrefix>& prefixes,
               MipEncapsulation encapsulation,
               bool simultaneousBindings);

    /**
     * \brief A binding appeared: gives it a tunnel (unless it kept its old one) and routes
     * the home address into the tunnel interface.
     * \param homeAddress owner \param binding the new binding
     */
    void OnBindingAdded(Ipv4Address homeAddress, const HaBinding& binding);
    /**
     * \brief A binding disappeared: removes its tunnel and, with the last binding, the
     * home address and prefix routes.
     * \param homeAddress owner \param binding the removed binding
     */
    void OnBindingRemoved(Ipv4Address homeAddress, const HaBinding& binding);

  private:
    /**
     * \param homeAddress owner \param binding the binding (care-of address, request source
     * and port, encapsulation)
     * \return a tunnel for it: UDP tunnels are port-pinned to the request's source address
     * and port
     */
    Ptr<MipTunnel> MakeTunnel(Ipv4Address homeAddress, const HaBinding& binding);
    /// \param homeAddress owner \param prefixes new set (routes updated accordingly)
    void UpdatePrefixRoutes(Ipv4Address homeAddress, const std::vector<MipPrefix>& prefixes);

    HaUdpTunnelling& m_udp;                 //!< RFC 3519 tunnels
    Ptr<HaBindingTable> m_bindings;         //!< binding table
    Ptr<MipTunnelManager> m_tunnels;        //!< tunnel layer
    Ptr<HaRouting> m_routing;               //!< routes into tunnels
    Ipv4Address m_homeAgent;                //!< local tunnel endpoint
    MipTunnelInterceptCallback m_intercept; //!< set on every binding tunnel
};

} // namespace ns3

#endif /* HA_BINDING_APPLIER_H */
