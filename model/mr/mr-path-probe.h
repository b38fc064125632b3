/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MR_PATH_PROBE_H
#define MR_PATH_PROBE_H

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/mip-tunnel.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"

#include <optional>

namespace ns3
{

class MipTunnelManager;

/**
 * \ingroup haaro
 * \brief The path probes of one uplink of a mobile router (a part of MrUplink, which
 * decides what an unanswered probe means for its registration).
 *
 * Every KeepaliveInterval (an MrUplink attribute, read when used; 0 disables) the probe
 * sends an ICMP echo request from the care-of address to the Home Agent address inside the
 * uplink's tunnel (IP in IP, GRE or UDP: a NAT may not translate bare ICMP), with its own
 * echo identifier. The Home Agent answers it only through the tunnel of an existing
 * binding: a Home Agent that lost its bindings, e.g. after a restart, has no tunnel and
 * drops it (RFC 2003 section 3: a decapsulator accepts only from tunnels it has). So an
 * answer proves both the path and the binding.
 *
 * Each tick first re-arms the timer (one chain of probes), then tells the owner how many
 * probes went unanswered since the last answer (its tick callback, which may register again
 * or declare the uplink FAILED), and then sends the next probe through the owner's current
 * tunnel. A probe counts as unanswered once a whole interval passed without an answer: the
 * count is the probes sent since the last answer, taken before the next one is sent (0 on a
 * healthy path). An answer (OnEchoReply()) resets the count and tells the owner how many
 * probes went unanswered before it.
 */
class MrPathProbe
{
  public:
    /// Told at each tick, before the next probe is sent: the probes sent since the last
    /// answer, each unanswered for at least a whole interval (0 on a healthy path).
    using TickCallback = Callback<void, uint32_t>;
    /// Told when a probe is answered: the probes sent since the previous answer, less the
    /// answered one (0 when no probe went unanswered for a whole interval).
    using AnsweredCallback = Callback<void, uint32_t>;

    /**
     * \param interval the owner's KeepaliveInterval attribute (must outlive this object)
     */
    explicit MrPathProbe(const Time& interval);

    /**
     * \param careOf the uplink's care-of address (probe source)
     * \param homeAgent the Home Agent (probe destination)
     */
    void Setup(Ipv4Address careOf, Ipv4Address homeAgent);
    /**
     * \param usable true while the uplink runs and its interface is up
     * \param tunnel the uplink's tunnel in use (the probes go through it)
     * \param tick told at each tick (see TickCallback)
     * \param answered told when a probe is answered (see AnsweredCallback)
     */
    void SetCallbacks(Callback<bool> usable,
                      Callback<Ptr<MipTunnel>> tunnel,
                      TickCallback tick,
                      AnsweredCallback answered);
    /// \param tunnels the router's tunnel layer (nullptr: no probes)
    void SetTunnelManager(Ptr<MipTunnelManager> tunnels);
    /// \brief Drops the references and callbacks.
    void Dispose();

    /// \return the ICMP echo identifier of the probes (derived from the care-of address)
    uint16_t GetIdentifier() const;
    /// \brief Arms the probe timer unless the interval is 0 or it is armed already.
    void Schedule();
    /// \brief Cancels the probe timer.
    void Cancel();
    /// \brief The Home Agent accepted a registration: no probe counts as unanswered.
    void ResetUnanswered();
    /**
     * \param identifier the identifier of an ICMP echo reply from the Home Agent, received
     * through the uplink's tunnel
     * \return true if it answers a probe (consumed)
     */
    bool OnEchoReply(uint16_t identifier);

    /**
     * \brief Reads an ICMP echo reply from the Home Agent to the care-of address, as the
     * tunnel's intercept callback receives it (no checksum check: it came through the
     * tunnel).
     * \param packet the inner datagram (IPv4 header first) \param inner its IPv4 header
     * \param homeAgent expected source \param careOf expected destination
     * \return its identifier and sequence number, or nullopt if it is not such a reply
     */
    static std::optional<std::pair<uint16_t, uint16_t>> ReadEchoReply(Ptr<Packet> packet,
                                                                      const Ipv4Header& inner,
                                                                      Ipv4Address homeAgent,
                                                                      Ipv4Address careOf);

  private:
    /// \brief Re-arms the timer, counts, tells the owner and sends the next probe.
    void Tick();

    const Time& m_interval;            //!< the owner's KeepaliveInterval attribute
    Ipv4Address m_careOf;              //!< care-of address
    Ipv4Address m_homeAgent;           //!< the Home Agent
    Ptr<MipTunnelManager> m_tunnels;   //!< the router's tunnel layer
    Callback<bool> m_usable;           //!< the uplink runs and its interface is up
    Callback<Ptr<MipTunnel>> m_tunnel; //!< the uplink's tunnel in use
    TickCallback m_tick;               //!< the owner's decision at each tick
    AnsweredCallback m_answered;       //!< the owner's hook for an answer
    EventId m_event;                   //!< probe timer
    uint16_t m_id{0};                  //!< ICMP echo identifier
    uint16_t m_sequence{0};            //!< last ICMP echo sequence number sent
    uint32_t m_unanswered{0};          //!< probes sent since the last answer
};

} // namespace ns3

#endif /* MR_PATH_PROBE_H */
