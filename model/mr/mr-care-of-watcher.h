/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MR_CARE_OF_WATCHER_H
#define MR_CARE_OF_WATCHER_H

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4-interface-address.h"
#include "ns3/ipv4.h"
#include "ns3/ptr.h"

#include <map>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Learns the care-of addresses of a mobile router's uplinks at run time from the
 * addresses on their Ipv4 interfaces (RFC 5944 section 3.6: a co-located care-of address
 * "acquired by the mobile node", e.g. from ns-3's DhcpClient, or assigned by the EPC on
 * LTE).
 *
 * It is told of every address added to or removed from an interface (MrRouting, an
 * Ipv4RoutingProtocol, receives Ipv4's NotifyAddAddress / NotifyRemoveAddress): no polling.
 * The removal of the address in use is reported at once (Lost). An added address is looked
 * at a moment later in the same simulated instant (Simulator::ScheduleNow): DhcpClient adds
 * the address first and the default route via the DHCP router option afterwards, and that
 * route's gateway is the uplink's next hop (Ipv4StaticRouting's default route through the
 * interface; 0.0.0.0, on-link, if there is none, e.g. on a point-to-point LTE device). The
 * first address of the interface that is not 0.0.0.0 (DhcpClient puts 0.0.0.0/0 on the
 * interface while it has no lease) is the care-of address; another address replacing it
 * is reported as Lost and Acquired.
 */
class MrCareOfWatcher
{
  public:
    /// Told of a care-of address (interface, care-of address, gateway).
    using AcquiredCallback = Callback<void, uint32_t, Ipv4Address, Ipv4Address>;
    /// Told that the care-of address in use left the interface (interface).
    using LostCallback = Callback<void, uint32_t>;

    MrCareOfWatcher() = default;
    ~MrCareOfWatcher();

    /**
     * \param ipv4 the router's Ipv4 \param acquired told of each new care-of address
     * \param lost told when the one in use goes
     */
    void Setup(Ptr<Ipv4> ipv4, AcquiredCallback acquired, LostCallback lost);
    /**
     * \brief Watches an interface; its address, if it has one already, is reported in the
     * same simulated instant.
     * \param interface an uplink interface index
     */
    void Watch(uint32_t interface);
    /// \return true if some interface is watched
    bool IsWatching() const;
    /**
     * \brief An address was added to or removed from an interface (MrRouting's address
     * callback).
     * \param interface the interface \param address the address \param added added or removed
     */
    void OnAddress(uint32_t interface, Ipv4InterfaceAddress address, bool added);
    /// Cancels the pending checks and drops the callbacks.
    void Dispose();

    /**
     * \param ipv4 an Ipv4 \param interface one of its interfaces
     * \return the gateway of Ipv4StaticRouting's default route through the interface, or
     * 0.0.0.0
     */
    static Ipv4Address FindGateway(Ptr<Ipv4> ipv4, uint32_t interface);

  private:
    /// \param interface compares its address with the one in use and reports a change
    void Check(uint32_t interface);

    Ptr<Ipv4> m_ipv4;                        //!< the router's Ipv4
    AcquiredCallback m_acquired;             //!< told of new care-of addresses
    LostCallback m_lost;                     //!< told of lost ones
    std::map<uint32_t, Ipv4Address> m_inUse; //!< watched interface -> care-of (0.0.0.0: none)
    std::map<uint32_t, EventId> m_checks;    //!< pending checks
};

} // namespace ns3

#endif /* MR_CARE_OF_WATCHER_H */
