/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MIP_TUNNEL_MANAGER_H
#define MIP_TUNNEL_MANAGER_H

#include "mip-tunnel.h"

#include "ns3/ipv4-header.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"
#include "ns3/virtual-net-device.h"

#include <array>
#include <unordered_map>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Why the tunnel layer dropped a packet.
 */
enum class MipTunnelDrop : uint8_t
{
    NO_TUNNEL,      //!< outer addresses match no tunnel of this node
    MALFORMED,      //!< GRE header or inner IPv4 header not well-formed, or bad GRE checksum
    INGRESS_FILTER, //!< the owner refused the inner packet (e.g. inner source not allowed)
    TTL_EXPIRED,    //!< inner TTL 0: never encapsulated (RFC 2003 section 3.1)
    NO_ROUTE,       //!< no route to the tunnel's remote end
    NOT_FORWARDED,  //!< routed into the tunnel interface but the owner had no tunnel for it
    COUNT,          //!< number of reasons
};

/**
 * \param os stream \param d reason
 * \return os
 */
std::ostream& operator<<(std::ostream& os, MipTunnelDrop d);

/**
 * \ingroup haaro
 * \brief The tunnel layer of one node: IP-in-IP and GRE tunnels carrying real packets
 * through ns-3's IPv4 stack.
 *
 * It adds one VirtualNetDevice (the tunnel interface, with an IPv4 address of its own) and
 * registers itself for IP protocols 4 and 47:
 * - Sending: packets that the node's routing sends to the tunnel interface are handed to
 *   the owner's forward callback (the Home Agent or Mobile Router decides which tunnel);
 *   Send() puts the RFC 2003 outer header (TOS and DF copied from the inner header) and,
 *   for GRE, a GRE header in front of the very same packet (packet tags survive, so
 *   FlowMonitor follows the inner flow) and sends it with Ipv4L3Protocol::SendWithHeader,
 *   out of the tunnel's pinned egress or wherever routing says.
 * - Receiving: an IP-in-IP or GRE packet addressed to the node is matched to a tunnel by
 *   (outer destination, outer source, protocol) in one hash look-up, offered to the
 *   tunnel's intercept callback (if any: keepalives), then to the owner's accept callback
 *   (ingress filtering), and re-injected on the tunnel interface, so that the node's
 *   routing forwards or delivers the inner packet.
 * - UDP (RFC 3519): the owner of the UDP socket that received a type-4 Tunnel Data message
 *   hands it to ReceiveUdp(). Port-pinned tunnels (AddUdpTunnel()) are found by (local
 *   address, remote address, remote port) in one hash look-up, so that two peers behind
 *   the same NAT (one public address, two ports) stay distinct; port-learning tunnels
 *   (AddTunnel() with MipEncapsulation::UDP) by the two addresses, their remote port
 *   following the sender's.
 * Every drop is counted per reason and reported on the Drop trace source.
 */
class MipTunnelManager : public Object
{
  public:
    /// Decides how a packet routed to the tunnel interface is tunnelled; returns false if
    /// it could not be (the packet is then dropped and counted).
    using ForwardCallback = Callback<bool, Ptr<Packet>, const Ipv4Header&>;
    /// Ingress filter: tunnel, inner header, outer header; false refuses the packet.
    using AcceptCallback = Callback<bool, Ptr<MipTunnel>, const Ipv4Header&, const Ipv4Header&>;
    /**
     * A datagram arrived on a port-learning UDP tunnel from another port than the tunnel's
     * remote port: tunnel, that source port, the inner datagram. The owner decides whether
     * the new port is proven (it then calls MipTunnel::SetRemotePort); true: consumed, false:
     * deliver it (ingress filtered as usual) without moving the tunnel.
     */
    using EndpointCallback = Callback<bool, Ptr<MipTunnel>, uint16_t, Ptr<Packet>>;

    /// \return the TypeId
    static TypeId GetTypeId();

    MipTunnelManager();
    ~MipTunnelManager() override;

    /**
     * \brief Sets up the tunnel layer on a node (needs the Internet stack).
     * \param node the node
     * \param address address of the tunnel interface (e.g. the mobile router's home address)
     * \param mask its mask (a /32 adds no connected route)
     */
    void Install(Ptr<Node> node, Ipv4Address address, Ipv4Mask mask);

    /// \return the tunnel interface
    Ptr<VirtualNetDevice> GetDevice() const;
    /// \return the tunnel interface's IPv4 interface index
    uint32_t GetInterface() const;

    /**
     * \brief Finds or creates the tunnel between two addresses (for UDP: a port-learning
     * tunnel, see MipTunnel).
     * \param local local endpoint \param remote remote endpoint
     * \param encapsulation IP in IP, GRE or UDP
     * \return the tunnel
     */
    Ptr<MipTunnel> AddTunnel(Ipv4Address local, Ipv4Address remote, MipEncapsulation encapsulation);
    /**
     * \brief Finds or creates a port-pinned UDP tunnel (RFC 3519), keyed by (local, remote,
     * remote port); data packets never change its remote port.
     * \param local local endpoint \param remote remote endpoint
     * \param remotePort the peer's UDP port \param localPort our UDP port (the source port
     * of what we send; received data must be addressed to it)
     * \return the tunnel (an existing one keeps its local port)
     */
    Ptr<MipTunnel> AddUdpTunnel(Ipv4Address local,
                                Ipv4Address remote,
                                uint16_t remotePort,
                                uint16_t localPort);
    /**
     * \param local local endpoint \param remote remote endpoint \param remotePort port
     * \return the port-pinned UDP tunnel with that key, or nullptr
     */
    Ptr<MipTunnel> FindUdpTunnel(Ipv4Address local, Ipv4Address remote, uint16_t remotePort) const;
    /**
     * \brief Gives a port-pinned UDP tunnel a new remote address and port (the peer's NAT
     * mapping changed, learned from an authenticated registration), keeping the tunnel and
     * its counters. A tunnel that held the new key before loses it (it can still send but
     * receives nothing until moved again or removed): the newest authenticated owner of a
     * translated address and port wins.
     * \param tunnel a port-pinned UDP tunnel of this layer (any other is left unchanged)
     * \param remote new remote address \param remotePort new remote port
     */
    void MoveUdpTunnel(Ptr<MipTunnel> tunnel, Ipv4Address remote, uint16_t remotePort);
    /// \param tunnel tunnel to forget (later packets for it are dropped as NO_TUNNEL)
    void RemoveTunnel(Ptr<MipTunnel> tunnel);
    /**
     * \param local local endpoint \param remote remote endpoint
     * \param encapsulation encapsulation
     * \return the tunnel, or nullptr
     */
    Ptr<MipTunnel> FindTunnel(Ipv4Address local,
                              Ipv4Address remote,
                              MipEncapsulation encapsulation) const;
    /// \return number of tunnels
    size_t GetTunnelCount() const;

    /**
     * \brief Encapsulates a packet and sends it through a tunnel.
     * \param tunnel the tunnel
     * \param packet the inner packet, starting with its IPv4 header
     * \return true if it was handed to IPv4
     */
    bool Send(Ptr<MipTunnel> tunnel, Ptr<Packet> packet);
    /**
     * \brief Sends through a UDP tunnel to another remote port than its own (a return
     * reachability challenge of a port the peer seems to use now); the tunnel is unchanged.
     * \param tunnel a UDP tunnel \param packet the inner packet \param remotePort the port
     * \return true if it was handed to IPv4
     */
    bool SendToPort(Ptr<MipTunnel> tunnel, Ptr<Packet> packet, uint16_t remotePort);

    /**
     * \brief Receives the payload of a UDP datagram that starts with an RFC 3519 Tunnel Data
     * header (message type 4); the owner of the socket hands it over.
     *
     * A port-pinned tunnel (to, from, fromPort) is looked up first; if there is none, the
     * port-learning tunnel between the two addresses. A datagram from another port than that
     * tunnel's remote port moves nothing here (an off-path node can send one): it goes to the
     * endpoint callback, whose owner follows the port only after a return reachability proof
     * (a NAT may have changed it, RFC 6521 section 6.1); without a callback it is delivered
     * and the port stays. Next Header
     * must be 4 (IP in UDP, the only mode negotiated here) and, for a pinned tunnel and a
     * known toPort, the destination port must be the tunnel's local port (RFC 3519 section
     * 4.3); otherwise the datagram is dropped (MALFORMED, NO_TUNNEL).
     * \param payload the UDP payload \param from source address \param fromPort source port
     * \param to destination (local) address
     * \param toPort destination (local) port; 0 when unknown (not checked)
     */
    void ReceiveUdp(Ptr<Packet> payload,
                    Ipv4Address from,
                    uint16_t fromPort,
                    Ipv4Address to,
                    uint16_t toPort = 0);

    /// \param cb decides the tunnel for packets routed to the tunnel interface
    void SetForwardCallback(ForwardCallback cb);
    /// \param cb ingress filter for decapsulated packets
    void SetAcceptCallback(AcceptCallback cb);
    /// \param cb decides about datagrams from an unproven port (see EndpointCallback)
    void SetEndpointCallback(EndpointCallback cb);

    /// \param reason a drop reason \return packets dropped for it
    uint64_t GetDropCount(MipTunnelDrop reason) const;

    /**
     * \brief Reads the IPv4 header at the start of a packet without trusting it.
     * \param p the packet \param header where to put it
     * \return false if the packet does not start with a well-formed IPv4 header
     */
    static bool PeekIpv4Header(Ptr<const Packet> p, Ipv4Header& header);

  protected:
    void DoDispose() override;

  private:
    /// \param protocol 4 or 47 \param p payload after the outer header \param outer header
    void Receive(uint8_t protocol, Ptr<Packet> p, const Ipv4Header& outer);
    /// \param tunnel found tunnel \param p the inner packet \param outer outer header
    void Deliver(Ptr<MipTunnel> tunnel, Ptr<Packet> p, const Ipv4Header& outer);
    /// VirtualNetDevice send callback.
    bool DeviceSend(Ptr<Packet> packet, const Address& src, const Address& dst, uint16_t proto);
    /// \param reason why \param p the packet
    void Drop(MipTunnelDrop reason, Ptr<const Packet> p);
    /// \param local local \param remote remote \return hash key
    static uint64_t Key(Ipv4Address local, Ipv4Address remote);

    /// Key of a port-pinned UDP tunnel.
    struct UdpKey
    {
        uint64_t addresses; //!< Key(local, remote)
        uint16_t port;      //!< remote port

        /// \param o other \return true if equal
        bool operator==(const UdpKey& o) const
        {
            return addresses == o.addresses && port == o.port;
        }
    };

    /// Hash of a UdpKey.
    struct UdpKeyHash
    {
        /// \param k key \return its hash
        size_t operator()(const UdpKey& k) const;
    };

    Ptr<Node> m_node;                 //!< the node
    Ptr<Ipv4L3Protocol> m_ipv4;       //!< its IPv4
    Ptr<VirtualNetDevice> m_device;   //!< the tunnel interface
    uint32_t m_interface{0};          //!< its IPv4 interface index
    uint8_t m_outerTtl{64};           //!< outer TTL (attribute)
    uint16_t m_mtu{1476};             //!< tunnel interface MTU (attribute)
    uint16_t m_nextIdentification{0}; //!< outer IPv4 Identification
    ForwardCallback m_forward;        //!< owner's tunnel choice
    AcceptCallback m_accept;          //!< owner's ingress filter
    EndpointCallback m_endpoint;      //!< owner's decision on unproven ports
    /// tunnels by (local, remote), one slot per encapsulation
    std::unordered_map<uint64_t, std::array<Ptr<MipTunnel>, 3>> m_tunnels;
    /// port-pinned UDP tunnels by (local, remote, remote port)
    std::unordered_map<UdpKey, Ptr<MipTunnel>, UdpKeyHash> m_udpTunnels;
    size_t m_tunnelCount{0}; //!< number of tunnels
    std::array<uint64_t, static_cast<size_t>(MipTunnelDrop::COUNT)> m_drops{}; //!< per reason

    TracedCallback<Ptr<const Packet>, Ptr<const MipTunnel>> m_txTrace; //!< outer packet sent
    TracedCallback<Ptr<const Packet>, Ptr<const MipTunnel>> m_rxTrace; //!< inner packet accepted
    TracedCallback<Ptr<const Packet>, MipTunnelDrop> m_dropTrace;      //!< packet dropped
};

} // namespace ns3

#endif /* MIP_TUNNEL_MANAGER_H */
