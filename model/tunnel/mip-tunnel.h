/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MIP_TUNNEL_H
#define MIP_TUNNEL_H

#include "ns3/callback.h"
#include "ns3/gre-header.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-route.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/ro-token-bucket.h"
#include "ns3/simple-ref-count.h"
#include "ns3/simulator.h"

#include <optional>
#include <ostream>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief How a tunnel encapsulates: IP in IP (RFC 2003, protocol 4), GRE (RFC 2784,
 * protocol 47; the G bit of the registration) or UDP (RFC 3519, requested with the UDP
 * Tunnel Request extension).
 */
enum class MipEncapsulation : uint8_t
{
    IP_IN_IP, //!< RFC 2003, IP protocol 4
    GRE,      //!< RFC 2784, IP protocol 47
    UDP,      //!< RFC 3519: IP in UDP with the type-4 Tunnel Data header, port 434
};

/**
 * \param os stream \param e encapsulation
 * \return os
 */
std::ostream& operator<<(std::ostream& os, MipEncapsulation e);

/**
 * \param e encapsulation
 * \return the outer IP protocol number (4 or 47)
 */
uint8_t MipEncapsulationProtocol(MipEncapsulation e);

class MipTunnel;

/**
 * \ingroup haaro
 * \brief Offered every decapsulated inner packet of one tunnel before the owner's ingress
 * filter (tunnel, inner packet starting with its IPv4 header, that header); returning true
 * consumes the packet (e.g. an RFC 3519 keepalive or its answer), false lets it continue.
 */
using MipTunnelInterceptCallback = Callback<bool, Ptr<MipTunnel>, Ptr<Packet>, const Ipv4Header&>;

/**
 * \ingroup haaro
 * \brief One tunnel between a local and a remote address (e.g. HA address and an MR's
 * care-of address), with its encapsulation and counters.
 *
 * UDP tunnels (RFC 3519) come in two kinds, chosen when the tunnel layer creates them:
 * - <b>port-learning</b> (MipTunnelManager::AddTunnel()): identified by the two addresses
 *   only; the remote port follows the source port of every accepted data packet. Only safe
 *   where something else proves the path before data is trusted (route optimization
 *   tunnels, active only after the first keepalive is answered, RFC 6521 section 3.3.4);
 * - <b>port-pinned</b> (MipTunnelManager::AddUdpTunnel()): identified by (local address,
 *   remote address, remote port); data packets never change the port. The Home Agent's
 *   RFC 3519 bindings are of this kind: the mobile node's translated address and port are
 *   learned from authenticated Registration Requests only (RFC 3519 sections 4.6 and 6.1),
 *   and two mobile routers behind the same NAT (same remote address, different ports) get
 *   distinct tunnels.
 *
 * A tunnel may be pinned to an egress: then its outer packets leave through that device
 * to that gateway whatever the routing table says (a multihomed mobile router sends each
 * tunnel out of the uplink that owns its care-of address, never another one). Otherwise
 * the node's routing decides.
 */
class MipTunnel : public SimpleRefCount<MipTunnel>
{
  public:
    /**
     * \param local local endpoint (outer source)
     * \param remote remote endpoint (outer destination)
     * \param encapsulation IP in IP, GRE or UDP
     */
    MipTunnel(Ipv4Address local, Ipv4Address remote, MipEncapsulation encapsulation);

    /// \return local endpoint
    Ipv4Address GetLocal() const;
    /// \return remote endpoint
    Ipv4Address GetRemote() const;
    /// \return encapsulation
    MipEncapsulation GetEncapsulation() const;
    /// \return outer IP protocol number
    uint8_t GetProtocol() const;

    /**
     * \brief Pins the outer packets to an egress device and next hop.
     * \param device output device \param gateway next hop (on-link when 0.0.0.0)
     */
    void SetEgress(Ptr<NetDevice> device, Ipv4Address gateway);
    /// \return the pinned output device (nullptr: routing decides)
    Ptr<NetDevice> GetEgressDevice() const;
    /// \return the pinned next hop
    Ipv4Address GetEgressGateway() const;
    /**
     * \return the route of the outer packets through the pinned egress (source: the local
     * end, destination: the remote end), or nullptr when no egress is pinned. Built once and
     * kept until the egress or the remote end changes: IPv4 only reads a route, so every
     * outer packet can share it.
     */
    Ptr<Ipv4Route> GetEgressRoute() const;

    /**
     * \param port remote UDP port (UDP tunnels; default 434). For a port-pinned tunnel
     * registered with a tunnel layer, use MipTunnelManager::MoveUdpTunnel() instead (the
     * port is part of its key).
     */
    void SetRemotePort(uint16_t port);
    /// \return remote UDP port
    uint16_t GetRemotePort() const;
    /// \param port local UDP port (UDP tunnels; default 434)
    void SetLocalPort(uint16_t port);
    /// \return local UDP port
    uint16_t GetLocalPort() const;

    /**
     * \brief GRE options (RFC 2890 section 2.1 Key, RFC 2784 section 2.5 Checksum) of a GRE
     * tunnel: every option makes the GRE header, and so the encapsulation overhead, 4 octets
     * longer (the tunnel MTU 4 octets smaller). Both ends must agree on the key.
     * \param key the Key (sent in every packet; received packets must carry it), or nothing
     * \param checksum true: send the Checksum (RFC 2784 section 2.5)
     */
    void SetGreOptions(std::optional<uint32_t> key, bool checksum);
    /// \return the Key of a GRE tunnel, if any
    std::optional<uint32_t> GetGreKey() const;
    /// \return the GRE header this tunnel puts in front of an inner datagram
    GreHeader MakeGreHeader() const;

    /**
     * \return octets the encapsulation adds to an inner datagram: 20 for IP in IP
     * (RFC 2003), 20 plus the GRE header (4, plus 4 per option) for GRE (RFC 2784/2890),
     * 20 + 8 + 4 for UDP (outer IP, UDP and the MIP Tunnel Data header, RFC 3519)
     */
    uint32_t GetOverhead() const;

    /**
     * \brief Path MTU soft state of the tunnel (RFC 2003 section 5.1), learned from an ICMP
     * Datagram Too Big about an outer packet; forgotten at `expires` (RFC 1191 section 6.3).
     * \param mtu the outer path MTU \param expires when it is forgotten
     */
    void SetPathMtu(uint16_t mtu, Time expires);
    /// \return the learned outer path MTU, or 0 if none is known (or it expired)
    uint16_t GetPathMtu() const;

    /**
     * \brief TTL (path length) soft state of the tunnel (RFC 2003 section 5), learned from
     * an ICMP Time Exceeded about an outer packet: the path is longer than the outer TTL.
     * \param ttl the smallest TTL that would cross the tunnel \param expires when it is
     * forgotten
     */
    void SetSoftTtl(uint16_t ttl, Time expires);
    /// \return the TTL soft state (0 if none is known or it expired)
    uint16_t GetSoftTtl() const;

    /**
     * \brief Reachability soft state of the tunnel's end (RFC 2003 section 5), learned from
     * an ICMP Destination Unreachable code 0, 1 or 2 about an outer packet.
     * \param code the ICMP code received \param expires when it is forgotten
     */
    void SetUnreachable(uint8_t code, Time expires);
    /// \return the ICMP code that made the tunnel's end unreachable, if that is still known
    std::optional<uint8_t> GetUnreachable() const;

    /**
     * \brief Takes a token of the tunnel's ICMP error budget (RoTokenBucket): bounds the
     * ICMP errors its soft state makes the encapsulator send.
     * \param burst bucket size \param interval one token more per interval
     * \return true if an ICMP error may be sent now
     */
    bool TakeIcmpErrorToken(uint32_t burst, Time interval);

    /// \return true for a port-pinned UDP tunnel (keyed by the remote port too, which data
    /// packets never change), false for a port-learning one and for IP in IP and GRE
    bool IsRemotePortPinned() const;

    /// \param cb offered every decapsulated inner packet first (null: none)
    void SetInterceptCallback(MipTunnelInterceptCallback cb);
    /// \return the intercept callback (null if none)
    MipTunnelInterceptCallback GetInterceptCallback() const;

    /// \param a address of the mobile node this tunnel serves (for the owner's use)
    void SetHomeAddress(Ipv4Address a);
    /// \return address of the mobile node this tunnel serves
    Ipv4Address GetHomeAddress() const;

    /// \param octets size of an outer packet sent
    void CountTx(uint32_t octets);
    /// \param octets size of an inner packet received
    void CountRx(uint32_t octets);
    /// \return outer packets sent
    uint64_t GetTxPackets() const;
    /// \return outer octets sent
    uint64_t GetTxBytes() const;
    /// \return inner packets accepted
    uint64_t GetRxPackets() const;
    /// \return inner octets accepted
    uint64_t GetRxBytes() const;
    /// \return when the last outer packet was sent (Time(-1) if never)
    Time GetLastTx() const;
    /// \return when the last inner packet was accepted (Time(-1) if never; intercepted
    /// packets do not count)
    Time GetLastRx() const;

  private:
    friend class MipTunnelManager;

    /// \param remote new remote endpoint (MipTunnelManager::MoveUdpTunnel() only)
    void SetRemote(Ipv4Address remote);
    /// \param pinned see IsRemotePortPinned() (set by MipTunnelManager only)
    void SetRemotePortPinned(bool pinned);

    Ipv4Address m_local;                  //!< outer source
    Ipv4Address m_remote;                 //!< outer destination
    MipEncapsulation m_encapsulation;     //!< IP in IP or GRE
    Ptr<NetDevice> m_egressDevice;        //!< pinned output device, if any
    Ipv4Address m_egressGateway;          //!< pinned next hop
    mutable Ptr<Ipv4Route> m_egressRoute; //!< GetEgressRoute(), built on first use
    Ipv4Address m_homeAddress;            //!< the mobile node it serves
    uint16_t m_remotePort{434};           //!< UDP tunnels: remote port
    uint16_t m_localPort{434};            //!< UDP tunnels: local port
    bool m_portPinned{false};             //!< UDP tunnels: keyed by the remote port too
    std::optional<uint32_t> m_greKey;     //!< GRE tunnels: the Key, if any
    bool m_greChecksum{false};            //!< GRE tunnels: send the Checksum

    /**
     * One item of RFC 2003 section 5 soft state: a value and when it is forgotten.
     */
    template <typename T>
    struct SoftValue
    {
        T value{};    //!< the value learned
        Time expires; //!< when it is forgotten (zero: never set)

        /// \return the value while it holds, nothing after it expired (or was never set)
        std::optional<T> Get() const
        {
            return Simulator::Now() < expires ? std::optional<T>(value) : std::nullopt;
        }
    };

    SoftValue<uint16_t> m_pathMtu;          //!< learned outer path MTU (0: none)
    SoftValue<uint16_t> m_softTtl;          //!< TTL soft state (0: none)
    SoftValue<uint8_t> m_unreachableCode;   //!< ICMP code of the reachability soft state
    RoTokenBucket m_icmpErrors;             //!< budget of soft-state ICMP errors
    MipTunnelInterceptCallback m_intercept; //!< owner's hook on decapsulated packets
    Time m_lastTx{-1};                      //!< when the last outer packet was sent
    Time m_lastRx{-1};                      //!< when the last inner packet was received
    uint64_t m_txPackets{0};                //!< outer packets sent
    uint64_t m_txBytes{0};                  //!< outer octets sent
    uint64_t m_rxPackets{0};                //!< inner packets accepted
    uint64_t m_rxBytes{0};                  //!< inner octets accepted
};

/**
 * \param os stream \param t tunnel
 * \return os
 */
std::ostream& operator<<(std::ostream& os, const MipTunnel& t);

} // namespace ns3

#endif /* MIP_TUNNEL_H */
