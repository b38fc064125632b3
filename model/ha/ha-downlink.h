/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef HA_DOWNLINK_H
#define HA_DOWNLINK_H

#include "ha-binding-table.h"
#include "ha-downlink-probe.h"

#include "ns3/ipv4-header.h"
#include "ns3/mip-tunnel-manager.h"
#include "ns3/traced-callback.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief How the Home Agent spreads traffic for a mobile node over its simultaneous
 * bindings (one per uplink of a multihomed mobile router).
 */
enum HaDownlinkPolicy
{
    HA_DOWNLINK_LAST_ACTIVE, //!< to the care-of address the mobile router uses: the
                             //!< first binding's, then the one that answered the HA's
                             //!< reachability probe (HaDownlinkProbe)
    HA_DOWNLINK_PER_FLOW,    //!< one binding per flow (MipFlowHash: symmetric, rendezvous
                             //!< over the bindings' care-of addresses)
    HA_DOWNLINK_DUPLICATE,   //!< a copy to every binding (RFC 5944 section 4.2.3; default)
};

/**
 * \ingroup haaro
 * \brief The Home Agent's downlink: which binding's tunnel carries a packet for a mobile
 * node (Forward(), RFC 5944 section 4.2.3 for simultaneous bindings), and with policy
 * LastActive the return-reachability probes that alone move it (issue 10, A11): a
 * reverse-tunnelled packet through another binding only starts a probe (Probe(),
 * HaDownlinkProbe), and the downlink moves when its answer comes back through that
 * binding's tunnel (CheckAnswer()).
 *
 * The DownlinkMoved trace source is the Home Agent's; this object fires it.
 */
class HaDownlink
{
  public:
    /// downlink moved: home address, old care-of address, new one
    using MoveTrace = TracedCallback<Ipv4Address, Ipv4Address, Ipv4Address>;

    /// \param moveTrace fired on each move (the owner's member; must outlive this object)
    explicit HaDownlink(const MoveTrace& moveTrace);

    /**
     * \param tunnels the Home Agent's tunnel layer
     * \param homeAgent the Home Agent address (source of the probes)
     */
    void Install(Ptr<MipTunnelManager> tunnels, Ipv4Address homeAgent);
    /// \brief Drops the reference to the tunnel layer.
    void Dispose();
    /**
     * \param stream first stream index for the probe nonces
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Sends a packet for a mobile node through its binding(s) as the policy says.
     * \param record the mobile node's record (at least one binding)
     * \param packet the packet \param header its IPv4 header
     * \param policy the DownlinkPolicy
     * \return true if sent
     */
    bool Forward(HaMobileNodeRecord& record,
                 Ptr<Packet> packet,
                 const Ipv4Header& header,
                 HaDownlinkPolicy policy);
    /**
     * \brief A reverse-tunnelled packet of a mobile node was accepted. With policy
     * LastActive, a packet through a binding that is not the downlink's only makes the Home
     * Agent probe that binding's reachability (at most once per interval): its outer source
     * is unauthenticated, so it never moves the downlink by itself (issue 10, A11).
     * \param record the mobile node's record
     * \param tunnel the tunnel it came through
     * \param policy the DownlinkPolicy \param interval the DownlinkProbeInterval
     */
    void OnReverseTunnelled(HaMobileNodeRecord& record,
                            Ptr<const MipTunnel> tunnel,
                            HaDownlinkPolicy policy,
                            Time interval);
    /**
     * \brief Checks a datagram received through a binding's tunnel against the binding's
     * probe; an answer moves the downlink to the binding.
     * \param homeAddress the owner \param record its record
     * \param binding the binding of the tunnel
     * \param packet the inner datagram \param inner its IPv4 header
     * \return what the datagram was to the probe
     */
    HaDownlinkProbe::Match CheckAnswer(Ipv4Address homeAddress,
                                       HaMobileNodeRecord& record,
                                       HaBinding& binding,
                                       Ptr<const Packet> packet,
                                       const Ipv4Header& inner);

    /// \return probes sent
    uint64_t GetProbeCount() const;
    /// \return times a downlink moved after an answered probe
    uint64_t GetMoveCount() const;

  private:
    /**
     * \brief Policy PerFlow: the binding of a packet's flow (MipFlowHash).
     * \param record the mobile node's record (at least one binding)
     * \param packet the packet \param header its IPv4 header
     * \return the index of the binding in record.bindings
     */
    static size_t ChooseForFlow(const HaMobileNodeRecord& record,
                                Ptr<const Packet> packet,
                                const Ipv4Header& header);
    /**
     * \brief Probes a binding's reachability (at most once per interval).
     * \param homeAddress owner \param binding the binding to probe
     * \param interval the DownlinkProbeInterval
     */
    void Probe(Ipv4Address homeAddress, HaBinding& binding, Time interval);
    const MoveTrace& m_moveTrace;    //!< the owner's DownlinkMoved
    Ptr<MipTunnelManager> m_tunnels; //!< tunnel layer
    Ipv4Address m_homeAgent;         //!< the Home Agent address
    HaDownlinkProbe m_probe;         //!< nonces for probes
    uint64_t m_probes{0};            //!< probes sent
    uint64_t m_moves{0};             //!< moves after answered probes
};

} // namespace ns3

#endif /* HA_DOWNLINK_H */
