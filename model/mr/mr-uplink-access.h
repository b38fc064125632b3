/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MR_UPLINK_ACCESS_H
#define MR_UPLINK_ACCESS_H

#include "mr-handover-phase.h"

#include "ns3/callback.h"
#include "ns3/ipv4-address.h"
#include "ns3/mip-tunnel.h"
#include "ns3/net-device.h"
#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"
#include "ns3/traced-callback.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief How one uplink of a mobile router is attached (a part of MrUplink, which decides
 * what a change means for its registration): the device and its link state, the care-of
 * address with its next hop and tunnel, and the phases of a handover.
 *
 * <b>Link state.</b> WatchLink() listens to the device's link changes
 * (NetDevice::AddLinkChangeCallback(); a Wi-Fi station reports the loss and the completion
 * of its association). Devices that never report one (ns-3's LteNetDevice is always up)
 * are driven from outside with SetLinkUp() (e.g. from LTE RRC traces, LteUplinkTrigger):
 * from its first call the device's own link state is ignored. Either way the owner's link
 * callback is told of each change.
 *
 * <b>Handover phases</b> (MrHandoverPhase, traced with the care-of address in use): a link
 * or address change starts a handover; REGISTRATION_SENT and REGISTERED are traced once per
 * handover, and only within one.
 */
class MrUplinkAccess : public SimpleRefCount<MrUplinkAccess>
{
  public:
    /// The owner's HandoverPhase trace source.
    using PhaseTrace = TracedCallback<Ipv4Address, MrHandoverPhase>;
    /// Told of each link change (up).
    using LinkCallback = Callback<void, bool>;

    /// \param trace the owner's HandoverPhase trace (must outlive this object)
    explicit MrUplinkAccess(PhaseTrace& trace);

    /// \param device the uplink device
    void SetDevice(Ptr<NetDevice> device);
    /**
     * \brief Takes a care-of address (0.0.0.0: none yet).
     * \param careOf care-of address \param gateway next hop \param tunnel its tunnel
     */
    void SetAddress(Ipv4Address careOf, Ipv4Address gateway, Ptr<MipTunnel> tunnel);
    /**
     * \brief Forgets the care-of address, its next hop and its tunnel (whose intercept
     * callback is cleared).
     * \return the tunnel the address used (nullptr if none)
     */
    Ptr<MipTunnel> ClearAddress();
    /**
     * \brief Listens to the device's link changes from now on (once; not for a link driven
     * with SetLinkUp()) and takes its current state.
     * \param changed told of each change
     */
    void WatchLink(LinkCallback changed);
    /**
     * \brief A link-layer trigger from outside the device: the link is up or down.
     * \param up the new state
     */
    void SetLinkUp(bool up);
    /// \return the link state (up unless a trigger said otherwise)
    bool IsLinkUp() const;
    /// \param phase reached \brief traces it (REGISTRATION_SENT and REGISTERED once per
    /// handover)
    void NotifyPhase(MrHandoverPhase phase);

    /// \return the device
    Ptr<NetDevice> GetDevice() const;
    /// \return the care-of address (0.0.0.0: none)
    Ipv4Address GetCareOf() const;
    /// \return true if there is a care-of address
    bool HasCareOf() const;
    /// \return the next hop
    Ipv4Address GetGateway() const;
    /// \return the IP-in-IP or GRE tunnel of the care-of address
    Ptr<MipTunnel> GetIpTunnel() const;
    /// Drops the device, the tunnel and the callback (the device may still call us).
    void Dispose();

  private:
    /// Link change callback of the device.
    void OnDeviceLinkChange();
    /// \param up the link state now \brief traces and reports a change
    void Update(bool up);

    PhaseTrace& m_phaseTrace;          //!< the owner's HandoverPhase trace
    LinkCallback m_changed;            //!< the owner's link callback
    Ptr<NetDevice> m_device;           //!< uplink device
    Ipv4Address m_careOf;              //!< care-of address
    Ipv4Address m_gateway;             //!< next hop
    Ptr<MipTunnel> m_ipTunnel;         //!< the IP-in-IP or GRE tunnel
    bool m_linkUp{true};               //!< link state
    bool m_linkWatched{false};         //!< device link change callback added
    bool m_external{false};            //!< driven by SetLinkUp()
    bool m_inHandover{false};          //!< between a trigger and REGISTERED
    bool m_handoverRequestSent{false}; //!< REGISTRATION_SENT traced
};

} // namespace ns3

#endif /* MR_UPLINK_ACCESS_H */
