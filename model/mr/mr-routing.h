/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MR_ROUTING_H
#define MR_ROUTING_H

#include "ns3/drop-counters.h"
#include "ns3/mip-prefix.h"
#include "ns3/traced-callback.h"
#include "ns3/tunnel-routing-base.h"

#include <map>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Why the mobile router's routing dropped a packet.
 */
enum class MrRoutingDrop : uint8_t
{
    SPOOFED_SOURCE, //!< from the site network but not from one of its prefixes (RFC 5177 6.5)
    NO_BINDING,     //!< no registered uplink: nothing can be tunnelled
    NOT_FOR_SITE,   //!< decapsulated packet for an address outside the mobile networks
    COUNT,          //!< number of reasons
};

/**
 * \param os stream \param d reason
 * \return os
 */
std::ostream& operator<<(std::ostream& os, MrRoutingDrop d);

/**
 * \ingroup haaro
 * \brief The mobile router's route table: what goes native out of which uplink, and what
 * goes into the tunnel interface.
 *
 * - Packets the router sends from a care-of address, or through a socket bound to an
 *   uplink device, leave natively through that uplink to its gateway (registration
 *   signalling and keepalives), never through another uplink.
 * - Packets from the site (received on a LAN interface) must come from one of the mobile
 *   network prefixes (else dropped and counted); those for the site itself are left to
 *   static routing, everything else goes to the tunnel interface (reverse tunnelling to
 *   the Home Agent, RFC 3024), where the mobile router picks the uplink.
 * - Packets decapsulated from the tunnel interface are delivered only into the mobile
 *   networks (or to the router's home address).
 * - The router's own packets from its home address (or unbound) go into the tunnel too.
 * Interface up/down events are reported through a callback (uplink failure detection).
 */
class MrRouting : public TunnelRoutingBase
{
  public:
    /// Told of uplink interface changes (interface index, up).
    using InterfaceCallback = Callback<void, uint32_t, bool>;
    /// Says whether the tunnel can carry traffic now (some uplink is registered).
    using TunnelUsableCallback = Callback<bool>;
    /// Told of addresses added (true) to or removed (false) from any interface.
    using AddressCallback = Callback<void, uint32_t, Ipv4InterfaceAddress, bool>;

    /// \return the TypeId
    static TypeId GetTypeId();

    MrRouting();
    ~MrRouting() override;

    /**
     * \param interface uplink interface index \param careOf its address (care-of address)
     * \param gateway its next hop (the ISP's router)
     *
     * Called again for the same interface, it replaces the addresses (a care-of address
     * learned at run time). With careOf 0.0.0.0 the interface is an uplink without an
     * address: packets from it are native ISP traffic, and nothing is routed through it.
     */
    void AddUplink(uint32_t interface, Ipv4Address careOf, Ipv4Address gateway);
    /// \param prefix a mobile network prefix served on the router's LAN interfaces
    void AddMobileNetwork(const MipPrefix& prefix);
    /// \param prefix a mobile network prefix no longer served (nothing if not listed)
    void RemoveMobileNetwork(const MipPrefix& prefix);
    /// \return the mobile network prefixes
    const std::vector<MipPrefix>& GetMobileNetworks() const;
    /// \param cb told of uplink interface up/down
    void SetInterfaceCallback(InterfaceCallback cb);
    /// \param cb says whether the tunnel is usable
    void SetTunnelUsableCallback(TunnelUsableCallback cb);
    /// \param cb told of every address added to or removed from an interface
    void SetAddressCallback(AddressCallback cb);
    /// \param reason drop reason \return packets dropped for it
    uint64_t GetDropCount(MrRoutingDrop reason) const;

    /**
     * \param a an address
     * \return true if a lies in one of the mobile network prefixes
     */
    bool IsInMobileNetworks(Ipv4Address a) const;

    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb,
                    MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb,
                    ErrorCallback ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

    /**
     * TracedCallback signature for drops.
     * \param packet the packet (without IPv4 header) \param header its IPv4 header
     * \param reason why
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet,
                                       const Ipv4Header& header,
                                       MrRoutingDrop reason);

  protected:
    void DoDispose() override;

  private:
    /// An uplink: its care-of address and gateway.
    struct Uplink
    {
        Ipv4Address careOf;  //!< the interface's address
        Ipv4Address gateway; //!< next hop
    };

    /// \param interface uplink \param destination destination \return native route
    Ptr<Ipv4Route> UplinkRoute(uint32_t interface, Ipv4Address destination) const;
    /// \param p packet \param header header \param reason why
    void Drop(Ptr<const Packet> p, const Ipv4Header& header, MrRoutingDrop reason);

    std::map<uint32_t, Uplink> m_uplinks;  //!< by interface index
    std::vector<MipPrefix> m_networks;     //!< mobile network prefixes
    InterfaceCallback m_interfaceCallback; //!< uplink up/down
    TunnelUsableCallback m_tunnelUsable;   //!< is some uplink registered
    AddressCallback m_addressCallback;     //!< addresses added and removed
    DropCounters<MrRoutingDrop> m_drops;   //!< per reason
    TracedCallback<Ptr<const Packet>, const Ipv4Header&, MrRoutingDrop> m_dropTrace; //!< drops
};

} // namespace ns3

#endif /* MR_ROUTING_H */
