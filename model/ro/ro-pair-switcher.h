/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef RO_PAIR_SWITCHER_H
#define RO_PAIR_SWITCHER_H

#include "care-of-pair-selector.h"
#include "ro-context.h"
#include "ro-direct-tunnel-set.h"
#include "ro-initiator.h"

#include <optional>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Carries out the (MR care-of address, CR care-of address) pair choices of one
 * RouteOptimizer: which uplink a CR is reached from, moving bindings when the active uplink
 * changes or an uplink is lost (RFC 6521 section 3.3.6: partial return routability and a new
 * registration), and the next pair after a direct tunnel failed (section 3.3 R19, section
 * 6.1).
 *
 * The choices themselves are CareOfPairSelector's (plain functions over the cache entry);
 * this class applies them to the RoInitiator (new registrations) and the RoDirectTunnelSet
 * (probes, correspondent tunnels).
 */
class RoPairSwitcher
{
  public:
    /// \param context shared state \param initiator the MR role \param tunnels the tunnels
    RoPairSwitcher(RoContext& context, RoInitiator& initiator, RoDirectTunnelSet& tunnels);

    /// \param peer a CR \return the uplink (our care-of address) to use with it
    std::optional<RoUplink> ChooseUplink(Ipv4Address peer) const;
    /// \param oldCareOf previous active care-of address \param newCareOf new one
    void OnActiveUplinkChanged(Ipv4Address oldCareOf, Ipv4Address newCareOf);
    /// \param careOf an uplink that stopped being usable (matters with spreadPeers)
    void OnUplinkLost(Ipv4Address careOf);
    /**
     * \brief MeasuredRtt: a care-of address of ours has registered with the Home Agent (it
     * was not usable before): the pairs from it to the addresses each peer we choose the
     * pair with listed get alternate tunnels and are probed from now on, not only after the
     * next registration with the peer rebuilds its alternates.
     * \param careOf the address
     */
    void OnUplinkRegistered(Ipv4Address careOf);
    /**
     * \brief The pair of the direct tunnel failed: try the next (MR CoA, CR CoA) pair
     * (RFC 6521 section 3.3 R19, section 6.1) before falling back to the HA path.
     * \param peer the correspondent router
     * \return false when no untried pair is left
     */
    bool TryNextPair(Ipv4Address peer);
    /**
     * \brief The MeasuredRtt policy found a faster pair (RoPairProber): move the tunnel
     * there the way a move after a failure goes (a keepalive through it, proven by the CR
     * before it follows; from another care-of address of ours, partial return routability
     * and a registration first), without recording the pair left as failed.
     * \param peer the correspondent router \param next the pair to move to
     * \return false if the pair cannot be used (our end not usable, or not listed by the CR)
     */
    bool MoveToMeasuredPair(Ipv4Address peer, const CareOfPair& next);

  private:
    /// \param oldCareOf redo route optimization from another care-of address for every CR
    /// registered through this one
    void MovePeers(Ipv4Address oldCareOf);
    /**
     * \brief Moves a binding with a CR to another care-of address of ours: partial return
     * routability (CoTI only) and a new registration (RFC 6521 section 3.3.6).
     * \param entry the CR's entry \param oldCareOf the CoA in use \param newCareOf the new one
     */
    void HandOver(RocEntry& entry, Ipv4Address oldCareOf, Ipv4Address newCareOf);
    /**
     * \brief Puts a pair on trial: a keepalive through its tunnel, or a handover first when
     * our end changes.
     * \param entry the CR's entry \param from the pair in use \param next the pair to try
     * \param pinCr after a handover, the CR care-of address to use (zero: the first that
     * is not known to fail)
     */
    void MoveTo(RocEntry& entry, const CareOfPair& from, const CareOfPair& next, Ipv4Address pinCr);

    RoContext& m_ctx;                                       //!< shared state
    RoInitiator& m_initiator;                               //!< new registrations
    RoDirectTunnelSet& m_tunnels;                           //!< probes, CR tunnels
    Ipv4Address m_lastActiveCareOf{Ipv4Address::GetZero()}; //!< last non-zero active CoA
};

} // namespace ns3

#endif /* RO_PAIR_SWITCHER_H */
