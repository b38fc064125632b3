/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef WIFI_ACCESS_HELPER_H
#define WIFI_ACCESS_HELPER_H

#include "virtual-operator-topology-helper.h"

#include "ns3/application-container.h"
#include "ns3/attribute.h"
#include "ns3/data-rate.h"
#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"
#include "ns3/vector.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief One Wi-Fi access point that WifiAccessHelper attached to an ISP.
 */
struct WifiAccessPoint
{
    uint32_t isp{0};               //!< the ISP (index in VirtualOperatorTopology::ispRouters)
    Ptr<Node> node;                //!< the access point, a router
    Ptr<NetDevice> apDevice;       //!< its Wi-Fi device (ApWifiMac)
    Ptr<NetDevice> backhaulDevice; //!< its point-to-point device towards the ISP router
    Ptr<NetDevice> ispDevice;      //!< the ISP router's end of that link
    Ipv4Address subnet;            //!< the Wi-Fi subnet (a /25 of the ISP's aggregate)
    Ipv4Address address;           //!< the AP's address on it: gateway and DHCP server
    Ipv4Address poolMin;           //!< first address the DHCP server leases
    Ipv4Address poolMax;           //!< last one
    Vector position;               //!< where it stands
};

/**
 * \ingroup haaro
 * \brief What WifiAccessHelper::Install() returns.
 */
struct WifiAccess
{
    std::vector<WifiAccessPoint> accessPoints; //!< in AddAccessPoint() order
    Ptr<NetDevice> stationDevice;              //!< the mobile router's Wi-Fi device (StaWifiMac)
    ApplicationContainer dhcpServers;          //!< one DhcpServer per access point
};

/**
 * \ingroup haaro
 * \brief Gives a site of VirtualOperatorTopologyHelper Wi-Fi access points on different
 * ISPs, each its own subnet with a DhcpServer, and the site's mobile router a Wi-Fi station
 * with a DhcpClient: the uplink whose care-of address is learned at run time
 * (MobileRouter::AddDynamicUplink()).
 *
 * \verbatim
        ISP k router ---- p2p backhaul ---- AP (router, DhcpServer) ))) ((( MR station
   \endverbatim
 *
 * <b>Models</b> (ns-3.37, unmodified): one YansWifiChannel (YansWifiChannelHelper::Default:
 * log-distance loss, constant-speed delay) shared by every AP and the station, WifiHelper
 * with the configured standard (802.11a by default) and its default rate manager, ApWifiMac
 * on the APs and StaWifiMac on the station with one SSID (so the station associates with
 * whichever AP it hears best after losing the last one: break-before-make, as a plain
 * station roams), ConstantPositionMobilityModel on the APs; the station's mobility is the
 * caller's (it must have a MobilityModel before Simulator::Run, e.g. a
 * ConstantVelocityMobilityModel). DHCP: ns-3's DhcpServer on each AP device and DhcpClient
 * on the station (DhcpHelper), whose link-state handling removes the lease when the
 * association is lost and asks again when it is back. The station's Ipv4 interface exists
 * after Install(); its DhcpClient is added to the node at the first association (started
 * earlier, ns-3.37's client leaves a stray DISCOVER retransmission behind that aborts the
 * run after a later link down), so connect to its traces (NewLease, ExpireLease) through a
 * Config path once it exists, or use MrUplink's HandoverPhase.
 *
 * <b>Address plan</b>: access point a (in AddAccessPoint() order) on ISP k uses
 * 100.(64+k).(255-a).0/24 of the ISP's aggregate: the backhaul /30 at .0 (ISP router .1,
 * AP .2) and the Wi-Fi subnet .128/25 (AP .129, the gateway and DHCP server; leases .130 to
 * .254; SetStationDhcp(false) leaves the pool to the caller). The ISP router (PrefixTableRouting)
 routes the /25 to the AP; the AP has a default
 * route to the ISP router. Install() aborts if an ISP's customer links reach into these
 * blocks (more than about 16,000 links on one ISP) or beyond 64 access points.
 */
class WifiAccessHelper
{
  public:
    WifiAccessHelper();

    /**
     * \param isp the ISP index \param position where the AP stands
     * \return the AP's index
     */
    uint32_t AddAccessPoint(uint32_t isp, const Vector& position);
    /// \param ssid the one SSID of every AP (default "haaro")
    void SetSsid(const std::string& ssid);
    /**
     * \param dataRate AP <-> ISP router rate (default 100 Mb/s)
     * \param delay its one-way delay (default 2 ms)
     */
    void SetBackhaul(DataRate dataRate, Time delay);
    /**
     * \brief Sets an attribute of the station's DhcpClient. By default Collect (how long
     * it gathers offers before it requests one; ns-3's default 5 s) is 10 ms, as a client
     * that takes the first offer.
     * \param name attribute name \param value its value
     */
    void SetClientAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \param name an attribute of the APs' DhcpServer (e.g. LeaseTime) \param value its value
     */
    void SetServerAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \param enable install a DhcpClient on the station (default true); without it the
     * station's device gets no Ipv4 interface and the caller configures it (e.g. a static
     * address of an AP's subnet: nobody else asks that AP's DhcpServer for a lease)
     */
    void SetStationDhcp(bool enable);

    /**
     * \brief Builds the access points and the station on one site's mobile router.
     * \param topology a built topology \param site the site whose mobile router gets the
     * station \return what was built
     */
    WifiAccess Install(const VirtualOperatorTopology& topology, uint32_t site);

    /**
     * \brief Fixes the random streams of the Wi-Fi devices (the DhcpClient, created during
     * the run, draws only its transaction ids, from the stream ns-3 gives it).
     * \param access what Install() returned \param stream first stream
     * \return the number of streams used
     */
    static int64_t AssignStreams(const WifiAccess& access, int64_t stream);

  private:
    /// A configured access point.
    struct ApConfig
    {
        uint32_t isp;    //!< the ISP
        Vector position; //!< where
    };

    std::vector<ApConfig> m_aps;                  //!< configured APs
    std::string m_ssid{"haaro"};                  //!< SSID
    bool m_stationDhcp{true};                     //!< install a DhcpClient on the station
    DataRate m_backhaulRate{DataRate("100Mbps")}; //!< backhaul rate
    Time m_backhaulDelay{MilliSeconds(2)};        //!< backhaul delay
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_clientAttributes; //!< DhcpClient
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_serverAttributes; //!< DhcpServer
};

} // namespace ns3

#endif /* WIFI_ACCESS_HELPER_H */
