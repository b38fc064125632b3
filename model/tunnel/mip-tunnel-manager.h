/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MIP_TUNNEL_MANAGER_H
#define MIP_TUNNEL_MANAGER_H

#include "mip-tunnel.h"
#include "mip-udp-tunnel-l4-protocol.h"
#include "tunnel-soft-state.h"

#include "ns3/drop-counters.h"
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
    TOO_BIG,        //!< inner DF set and larger than the tunnel MTU: ICMP Fragmentation Needed
                    //!< sent to the inner source (RFC 2003 sections 4.1 and 5.1)
    OWN_SOURCE,     //!< forwarded datagram whose source is one of the node's own addresses:
                    //!< MUST NOT be tunnelled (RFC 2003 section 3.2)
    EXIT_SOURCE,    //!< forwarded datagram whose source is the tunnel exit: MUST NOT be
                    //!< tunnelled (RFC 2003 section 3.2)
    TUNNEL_LOOP,    //!< the datagram is an outer packet of the tunnel it was routed into
                    //!< (RFC 2003 section 3.2, routing loop within the tunnel)
    ICMP_IGNORED,   //!< an ICMP error about an outer packet of a tunnel that changes no
                    //!< soft state (the ICMP's 8 quoted octets are reported)
    ICMP_NO_TUNNEL, //!< an ICMP error whose quoted outer header (addresses, protocol, for
                    //!< UDP the ports) matches no tunnel of this node
    ICMP_PORT_UNREACHABLE,    //!< Port Unreachable about an outer packet: never relayed
                              //!< (RFC 2003 section 4.1)
    ICMP_SOURCE_ROUTE_FAILED, //!< Source Route Failed: never relayed (section 4.1)
    ICMP_REDIRECT,            //!< Redirect: never relayed (section 4.3)
    ICMP_SOURCE_QUENCH,       //!< Source Quench: not relayed (section 4.2)
    COUNT,                    //!< number of reasons
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
 * - MTU (RFC 2003 section 5.1, RFC 3519 section 4.8): each tunnel has its own MTU,
 *   GetTunnelMtu(): the MTU of the link its outer packets leave on (the care-of
 *   interface), or the smaller path MTU learned from an ICMP Datagram Too Big about an
 *   outer packet (tunnel soft state, forgotten after PathMtuTimeout), less the octets its
 *   encapsulation adds (MipTunnel::GetOverhead(): IP in IP 20, GRE 24 or more, UDP 32), so
 *   1480, 1476 and 1468 on a 1500-octet link. The tunnel interface accepts any size
 *   (InterfaceMtu); Send() then fragments a larger inner datagram with DF clear before
 *   encapsulating it (every outer packet fits, none is fragmented), and answers one with DF
 *   set with an ICMP Destination Unreachable / Fragmentation Needed carrying the tunnel MTU
 *   to the inner source (RFC 2003 sections 4.1 and 5.1: the encapsulator relays Datagram
 *   Too Big; ns-3 quotes only 8 octets of the outer packet, so it is relayed through the
 *   soft state, as section 5 describes).
 * - Soft state (RFC 2003 section 5): an ICMP error about an outer packet whose quoted header
 *   matches a tunnel (addresses, protocol, and for UDP both ports) updates that tunnel's
 *   path MTU, TTL (Time Exceeded) or reachability (Destination Unreachable codes 0-2); every
 *   later datagram routed into a tunnel whose soft state it violates earns its source an
 *   ICMP Destination Unreachable (Host Unreachable for Time Exceeded, section 4.4; code 0 or
 *   1 as section 4.1 says) and is tunnelled all the same. These errors are rate-limited per
 *   tunnel (IcmpErrorBurst, IcmpErrorInterval); the state ages out (SoftStateTimeout). Port
 *   Unreachable, Source Route Failed, Redirect and Source Quench are counted, never
 *   relayed. ICMP errors about IP-in-IP and GRE packets come through the protocol handlers;
 *   those about outer UDP packets (which ns-3 hands to UDP sockets with neither the quoted
 *   header nor the ports) are read from the node's IPv4 LocalDeliver trace.
 * - RFC 2003 section 3.2: a datagram routed into the tunnel interface is not tunnelled
 *   when it was forwarded and its source is one of the node's addresses (OWN_SOURCE) or
 *   the tunnel exit (EXIT_SOURCE; for a UDP tunnel, whose exit is an address and a port
 *   because peers behind one NAT share the address: a UDP datagram from that address and
 *   port), nor when it is an outer packet of the very tunnel it would enter (TUNNEL_LOOP).
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
    /**
     * A type-4 Tunnel Data datagram for which no tunnel exists (local address, source
     * address, source port, inner datagram): e.g. the first keepalive of a peer behind a NAT
     * that opens the tunnel from inside (RFC 6521 section 6.1), from a translated address
     * nobody told us. The owner may consume it (true; it never creates a tunnel from such a
     * datagram before a proof); false: dropped as NO_TUNNEL.
     */
    using UnknownSourceCallback = Callback<bool, Ipv4Address, Ipv4Address, uint16_t, Ptr<Packet>>;

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
     * \brief Send() of a datagram whose IPv4 header the caller has read (the forward
     * callback's): it is not read from the packet again.
     * \param tunnel the tunnel
     * \param packet the inner packet, starting with its IPv4 header
     * \param inner that header
     * \return true if it was handed to IPv4
     */
    bool Send(Ptr<MipTunnel> tunnel, Ptr<Packet> packet, const Ipv4Header& inner);
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
    /**
     * \brief Receives the RFC 3519 tunnel data of a UDP socket's address and port in front
     * of UDP (MipUdpTunnelL4Protocol), as ReceiveUdp() would from the socket: for the owner of
     * a socket bound to that address and port whose receive callback hands every type-4
     * message to ReceiveUdp(payload, from, fromPort, local, toPort), and only to it.
     * \param local the socket's address \param port its port
     * \param device the device it is bound to (nullptr: none)
     * \param toPort the toPort the owner passes to ReceiveUdp() (0: none)
     */
    void AddUdpEndpoint(Ipv4Address local, uint16_t port, Ptr<NetDevice> device, uint16_t toPort);
    /// \param local local address \param port port: its tunnel data goes the socket way again
    void RemoveUdpEndpoint(Ipv4Address local, uint16_t port);

    /// \param cb ingress filter for decapsulated packets
    void SetAcceptCallback(AcceptCallback cb);
    /// \param cb decides about datagrams from an unproven port (see EndpointCallback)
    void SetEndpointCallback(EndpointCallback cb);
    /// \param cb decides about tunnel data from an unknown source (see UnknownSourceCallback)
    void SetUnknownSourceCallback(UnknownSourceCallback cb);

    /// \param reason a drop reason \return packets dropped for it
    uint64_t GetDropCount(MipTunnelDrop reason) const;

    /**
     * \brief The MTU of a tunnel (RFC 2003 section 5.1): the largest inner datagram sent
     * whole, i.e. the MTU of the link the outer packets leave on (or the smaller learned
     * path MTU) less the encapsulation overhead.
     * \param tunnel a tunnel of this layer
     * \return the tunnel MTU, or 0 when there is no route to the tunnel's remote end
     */
    uint32_t GetTunnelMtu(Ptr<const MipTunnel> tunnel) const;

    /**
     * \brief An ICMP error about an outer packet this node sent (the IP-in-IP and GRE
     * protocol handlers call it; for UDP the LocalDeliver trace does). The quoted header
     * must match a tunnel (for UDP also the quoted source port = the tunnel's local port,
     * destination port = its remote port), else ICMP_NO_TUNNEL. A Datagram Too Big (type 3
     * code 4) with a next-hop MTU below the tunnel's current path MTU and not below 68 (RFC
     * 1191 section 6.1) becomes the tunnel's path MTU soft state (RFC 2003 section 5.1);
     * Destination Unreachable codes 0-2 and Time Exceeded (code 0) its reachability and TTL
     * soft state (section 5). Port Unreachable, Source Route Failed, Redirect and Source
     * Quench are counted under their own reasons; anything else as ICMP_IGNORED. Nothing
     * is relayed at once (the 8 quoted octets do not name the inner source): later
     * datagrams are answered from the soft state.
     * \param protocol outer protocol (4, 47 or 17) \param type ICMP type \param code code
     * \param info next-hop MTU (type 3 code 4) \param outerSource quoted outer source
     * \param outerDestination quoted outer destination \param payload the 8 quoted octets
     * after the outer header
     */
    void ReceiveIcmp(uint8_t protocol,
                     uint8_t type,
                     uint8_t code,
                     uint32_t info,
                     Ipv4Address outerSource,
                     Ipv4Address outerDestination,
                     const uint8_t* payload);

    /**
     * \brief Reads the IPv4 header at the start of a packet without trusting it.
     * \param p the packet \param header where to put it
     * \return false if the packet does not start with a well-formed IPv4 header
     */
    static bool PeekIpv4Header(Ptr<const Packet> p, Ipv4Header& header);

    /// \param kind a soft-state event kind \return how often it happened
    uint64_t GetSoftStateCount(TunnelSoftStateKind kind) const;

    /// Traced when a tunnel's path MTU soft state changes: tunnel, new outer path MTU.
    using PathMtuTracedCallback = void (*)(Ptr<const MipTunnel>, uint16_t);
    /// Traced on every soft-state event: tunnel, the event.
    using SoftStateTracedCallback = void (*)(Ptr<const MipTunnel>, const TunnelSoftStateEvent&);

  protected:
    void DoDispose() override;

  private:
    /// How the datagram being sent reached Send().
    enum class Origin : uint8_t
    {
        DIRECT,    //!< the owner sends it (keepalives, probes, its own choice)
        ROUTED,    //!< the node's own datagram routed into the tunnel interface
        FORWARDED, //!< a forwarded datagram routed into the tunnel interface
    };

    /// \param tunnel the tunnel \return a route for its outer packets, or nullptr
    Ptr<Ipv4Route> RouteTo(Ptr<const MipTunnel> tunnel) const;
    /// \param tunnel the tunnel \param packet one inner datagram that fits
    /// \param inner its header \param route outer route \return true if handed to IPv4
    bool Encapsulate(Ptr<MipTunnel> tunnel,
                     Ptr<Packet> packet,
                     const Ipv4Header& inner,
                     Ptr<Ipv4Route> route);
    /// \param packet a datagram \param inner its header \param tunnel the tunnel it would
    /// enter \return the RFC 2003 section 3.2 reason not to tunnel it, or COUNT if none
    MipTunnelDrop MustNotTunnel(Ptr<const Packet> packet,
                                const Ipv4Header& inner,
                                Ptr<const MipTunnel> tunnel) const;
    /// Ipv4L3Protocol UnicastForward trace: remembers which packet is being forwarded.
    void NoteForwarded(const Ipv4Header& header, Ptr<const Packet> p, uint32_t interface);
    /// \param protocol outer protocol \param source quoted outer source
    /// \param destination quoted outer destination \param quoted the 8 octets after it
    /// \return the tunnel the quoted outer header belongs to, or nullptr
    Ptr<MipTunnel> FindQuotedTunnel(uint8_t protocol,
                                    Ipv4Address source,
                                    Ipv4Address destination,
                                    const uint8_t* quoted) const;
    /// Ipv4L3Protocol LocalDeliver trace: ICMP errors that ns-3 does not hand to the
    /// tunnel's protocol handler (about outer UDP packets; Redirect, Source Quench).
    void NoteLocalDelivery(const Ipv4Header& header, Ptr<const Packet> p, uint32_t interface);
    /// \param tunnel a tunnel \param inner a datagram about to enter it \param packet the
    /// datagram: answers it from the tunnel's soft state (RFC 2003 section 5)
    void CheckSoftState(Ptr<MipTunnel> tunnel, const Ipv4Header& inner, Ptr<const Packet> packet);
    /// \param tunnel the tunnel \param event a soft-state event: counted and traced
    void NoteSoftState(Ptr<const MipTunnel> tunnel, const TunnelSoftStateEvent& event);
    /// \return the number of drops over all reasons
    uint64_t TotalDrops() const;
    /// \param protocol 4 or 47 \param p payload after the outer header \param outer header
    void Receive(uint8_t protocol, Ptr<Packet> p, const Ipv4Header& outer);
    /// ReceiveUdp() after the Tunnel Data header: \param inner the inner datagram
    /// \param from source \param fromPort source port \param to destination \param toPort
    /// destination port (0: not checked)
    void ReceiveUdpData(Ptr<Packet> inner,
                        Ipv4Address from,
                        uint16_t fromPort,
                        Ipv4Address to,
                        uint16_t toPort);
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

    Ptr<Node> m_node;                          //!< the node
    Ptr<Ipv4L3Protocol> m_ipv4;                //!< its IPv4
    Ptr<VirtualNetDevice> m_device;            //!< the tunnel interface
    Ptr<MipUdpTunnelL4Protocol> m_udpReceiver; //!< AddUdpEndpoint(), made on first use
    uint32_t m_interface{0};                   //!< its IPv4 interface index
    uint8_t m_outerTtl{64};                    //!< outer TTL (attribute)
    uint16_t m_mtu{65535};                     //!< tunnel interface MTU (attribute)
    bool m_fragmentAfter{false};      //!< IP in IP/GRE: fragment after encapsulating (attribute)
    bool m_pathMtuDiscovery{true};    //!< learn path MTU soft state from ICMP (attribute)
    Time m_pathMtuTimeout;            //!< how long it is kept (attribute)
    bool m_icmpSoftState{true};       //!< learn TTL and reachability soft state (attribute)
    Time m_softStateTimeout;          //!< how long that is kept (attribute)
    uint32_t m_icmpErrorBurst{6};     //!< soft-state ICMP errors per tunnel: burst (attribute)
    Time m_icmpErrorInterval;         //!< one more per this interval (attribute)
    Origin m_origin{Origin::DIRECT};  //!< how the datagram being sent reached Send()
    uint64_t m_forwardedUid{0};       //!< uid of the datagram Ipv4 is forwarding
    bool m_forwarding{false};         //!< m_forwardedUid is valid
    uint16_t m_nextIdentification{0}; //!< outer IPv4 Identification
    ForwardCallback m_forward;        //!< owner's tunnel choice
    AcceptCallback m_accept;          //!< owner's ingress filter
    EndpointCallback m_endpoint;      //!< owner's decision on unproven ports
    UnknownSourceCallback m_unknownSource; //!< owner's look at data from unknown sources
    /// tunnels by (local, remote), one slot per encapsulation
    std::unordered_map<uint64_t, std::array<Ptr<MipTunnel>, 3>> m_tunnels;
    /// port-pinned UDP tunnels by (local, remote, remote port)
    std::unordered_map<UdpKey, Ptr<MipTunnel>, UdpKeyHash> m_udpTunnels;
    size_t m_tunnelCount{0};                       //!< number of tunnels
    DropCounters<MipTunnelDrop> m_drops;           //!< per reason
    DropCounters<TunnelSoftStateKind> m_softState; //!< soft-state events per kind

    TracedCallback<Ptr<const Packet>, Ptr<const MipTunnel>> m_txTrace; //!< outer packet sent
    TracedCallback<Ptr<const Packet>, Ptr<const MipTunnel>> m_rxTrace; //!< inner packet accepted
    TracedCallback<Ptr<const Packet>, MipTunnelDrop> m_dropTrace;      //!< packet dropped
    TracedCallback<Ptr<const MipTunnel>, uint16_t> m_pathMtuTrace;     //!< path MTU learned
    /// soft-state events
    TracedCallback<Ptr<const MipTunnel>, const TunnelSoftStateEvent&> m_softStateTrace;
};

} // namespace ns3

#endif /* MIP_TUNNEL_MANAGER_H */
