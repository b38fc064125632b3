/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef HANDOVER_BREAKDOWN_H
#define HANDOVER_BREAKDOWN_H

#include "probe-flow.h"
#include "scenario-recorder.h"

#include "ns3/ipv4-address.h"
#include "ns3/mac48-address.h"
#include "ns3/mobile-router.h"
#include "ns3/mr-handover-phase.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/sta-wifi-mac.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Breaks each handover of a mobile router's Wi-Fi uplink into its phases, measured
 * from trace sources, and the traffic of probe flows through the router around it
 * (RFC 6521 section 8.3, figure F16, over a real access network).
 *
 * A handover starts with the uplink's LINK_DOWN (MrUplink trace source HandoverPhase: the
 * station lost its association after missing beacons). Its milestones:
 * - onset: the last beacon the station received from the access point it loses
 *   (StaWifiMac ReceivedBeaconInfo, from its BSSID), so L2 detection = onset to LINK_DOWN;
 * - LINK_UP (associated with the next AP: scan and association), ADDRESS_ACQUIRED (the
 *   DHCP lease: address acquisition), REGISTRATION_SENT and REGISTERED (the Home Agent);
 * - from the recorder's events of the router's route optimizer with the peer, after the
 *   address is acquired: return routability (first HoTI/CoTI sent to rr-done; partial when
 *   only a CoTI is sent), the registration with the correspondent router (RRQ sent to it
 *   to ro-accepted);
 * - per flow, from the router's tunnel layer (MipTunnelManager Tx and Rx): the first
 *   datagram on a direct tunnel again (any uplink but the lost care-of address) and the
 *   first on the direct tunnel of the new Wi-Fi care-of address, which uplinks carried
 *   the flow (via the Home Agent or directly) from the link down to then, and how many
 *   datagrams each carried between the onset and the next one; the outage (longest
 *   silence at the receiver) and the datagrams sent in that window that never arrived
 *   (ProbeFlow::GetLostSentIn()).
 * A phase that did not happen before the next handover is absent (NaN), not invented.
 *
 * Connect before Simulator::Run(); Write() afterwards: the table handovers.csv (one row per
 * handover and flow) and summary metrics.
 */
class HandoverBreakdown
{
  public:
    /// One handover's milestones (NaN-free: absent ones are std::nullopt).
    struct Handover
    {
        std::optional<Time> onset;      //!< last beacon from the old AP
        Time linkDown;                  //!< LINK_DOWN
        std::optional<Time> linkUp;     //!< LINK_UP (associated)
        std::optional<Time> address;    //!< ADDRESS_ACQUIRED
        std::optional<Time> sent;       //!< REGISTRATION_SENT
        std::optional<Time> registered; //!< REGISTERED
        std::optional<Time> rrStart;    //!< first HoTI or CoTI to the peer
        std::optional<Time> rrDone;     //!< rr-done with the peer
        bool homeTest{false};           //!< a HoTI was sent (full return routability)
        std::optional<Time> crSent;     //!< RRQ to the peer
        std::optional<Time> crAccepted; //!< ro-accepted (role=mr) from the peer
        Time windowEnd;                 //!< the next handover's start, or the end
        std::string fromAp;             //!< the AP left
        std::string toAp;               //!< the AP joined (empty: none)
        Ipv4Address oldCareOf;          //!< the care-of address lost
        Ipv4Address careOf;             //!< the new care-of address
    };

    /**
     * \param rec the recorder that watches the router (its events are queried)
     * \param mr the mobile router \param name its name in the recorder
     * \param uplink index of its Wi-Fi uplink \param peer name of the correspondent router
     */
    HandoverBreakdown(ScenarioRecorder& rec,
                      Ptr<MobileRouter> mr,
                      const std::string& name,
                      uint32_t uplink,
                      const std::string& peer);

    HandoverBreakdown(const HandoverBreakdown&) = delete;
    HandoverBreakdown& operator=(const HandoverBreakdown&) = delete;

    /**
     * \param station the router's Wi-Fi station (a WifiNetDevice with a StaWifiMac)
     * \param aps the access points' devices, named "AP-1", "AP-2", ... in this order
     */
    void WatchStation(Ptr<NetDevice> station, const std::vector<Ptr<NetDevice>>& aps);
    /**
     * \param flow a probe flow through the router
     * \param key its name in the table and metrics (e.g. "a_to_b")
     * \param source its sending host's address \param sink its receiving host's address
     */
    void AddFlow(Ptr<ProbeFlow> flow, const std::string& key, Ipv4Address source, Ipv4Address sink);

    /// \param names the uplinks' names in the table (default uplink0, uplink1, ...)
    void SetUplinkNames(const std::vector<std::string>& names);

    /// \param end end of the last window (the senders stop) \return the handovers
    std::vector<Handover> GetHandovers(Time end) const;
    /**
     * \brief Adds the table handovers.csv and metrics (handovers, per-phase means,
     * per-flow outage and losses) to the recorder.
     * \param end the senders stop here
     */
    void Write(Time end);

  private:
    /// A datagram of a flow at the router's tunnel layer.
    struct Passage
    {
        Time at;            //!< when
        uint32_t flow;      //!< flow index
        int32_t uplink;     //!< index of the uplink with the tunnel's local address (-1: none)
        Ipv4Address careOf; //!< the tunnel's local address
        bool direct{false}; //!< a direct tunnel (not the HA's)
    };

    /// A flow.
    struct Flow
    {
        Ptr<ProbeFlow> probe; //!< the probe flow
        std::string key;      //!< its name
        Ipv4Address source;   //!< sending host
        Ipv4Address sink;     //!< receiving host
    };

    /// Connects the tunnel layer once the router started. \return whether it could
    bool ConnectTunnels();
    /// HandoverPhase of the uplink.
    void OnPhase(Ipv4Address careOf, MrHandoverPhase phase);
    /// StaWifiMac ReceivedBeaconInfo.
    void OnBeacon(StaWifiMac::ApInfo info);
    /// StaWifiMac Assoc.
    void OnAssoc(Mac48Address bssid);
    /// MipTunnelManager Tx (tx) and Rx.
    void OnTunnel(bool tx, Ptr<const Packet> p, Ptr<const MipTunnel> tunnel);
    /// \param h a handover (milestones up to REGISTERED filled) \return with the RO part
    void FindRouteOptimization(Handover& h) const;

    ScenarioRecorder& m_rec;                   //!< the recorder
    Ptr<MobileRouter> m_mr;                    //!< the router
    std::string m_name;                        //!< its name
    uint32_t m_uplink;                         //!< its Wi-Fi uplink
    std::string m_peer;                        //!< the correspondent router
    Ipv4Address m_homeAgent;                   //!< the router's Home Agent
    std::vector<Flow> m_flows;                 //!< flows through the router
    std::vector<Passage> m_passages;           //!< their datagrams at the tunnel layer
    std::map<Mac48Address, std::string> m_aps; //!< BSSID -> AP name
    Mac48Address m_bssid;                      //!< current association
    std::optional<Time> m_lastBeacon;          //!< last beacon from it
    /// (time, care-of address, phase) of the uplink
    std::vector<std::tuple<Time, Ipv4Address, MrHandoverPhase>> m_phases;
    /// per LINK_DOWN: (onset, AP left); per LINK_UP: AP joined
    std::vector<std::pair<std::optional<Time>, std::string>> m_losses;
    std::vector<std::pair<Time, std::string>> m_joins; //!< (time, AP) of associations
    std::vector<std::string> m_uplinkNames;            //!< names of the uplinks
};

} // namespace ns3

#endif /* HANDOVER_BREAKDOWN_H */
