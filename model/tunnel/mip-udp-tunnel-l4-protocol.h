/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MIP_UDP_TUNNEL_L4_PROTOCOL_H
#define MIP_UDP_TUNNEL_L4_PROTOCOL_H

#include "ns3/callback.h"
#include "ns3/mip-l4-protocol-base.h"
#include "ns3/net-device.h"
#include "ns3/packet.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The receive side of RFC 3519 tunnel data without a detour through a socket:
 * registered for IP protocol 17 in front of the node's UdpL4Protocol, it hands the inner
 * datagram of every type-4 Tunnel Data message (Next Header 4) addressed to a registered
 * endpoint (local address and UDP port, optionally a device) straight to the tunnel layer,
 * and every other datagram to the real UdpL4Protocol, unchanged (ICMP errors included).
 *
 * An endpoint is registered by the owner of the UDP socket bound to that address and port
 * whose receive callback passes type-4 messages to MipTunnelManager::ReceiveUdp(): the
 * result is what the socket path would give (the same checksum check, the same drops and
 * the inner datagram delivered in the same event), without ns-3's end-point
 * demultiplexer, the socket's receive queue and address objects, and the copies of the
 * packet and of the Tunnel Data header. It relies on what ns-3's demultiplexer would do
 * for a socket bound to one address and port (optionally one device): it is the only
 * end point of that address and port on that device, unless another socket connected to
 * the sender's address and port uses the same local port (no socket of this module does).
 * A malformed Tunnel Data message (shorter than its header, other Next Header) goes the
 * socket way, so it is dropped and counted where it always was.
 */
class MipUdpTunnelL4Protocol : public MipL4ProtocolBase
{
  public:
    /**
     * Called with the inner datagram of a Tunnel Data message (the payload after its UDP
     * and Tunnel Data headers): source address, source port, destination address, the
     * destination port as the endpoint reports it (0: not checked).
     */
    using ReceiveCallback =
        Callback<void, Ptr<Packet>, Ipv4Address, uint16_t, Ipv4Address, uint16_t>;

    /// \return the TypeId
    static TypeId GetTypeId();

    /// \param udp the node's UdpL4Protocol (everything else goes there)
    /// \param cb where inner datagrams of registered endpoints go
    MipUdpTunnelL4Protocol(Ptr<IpL4Protocol> udp, ReceiveCallback cb);
    MipUdpTunnelL4Protocol();

    /**
     * \brief Receives the tunnel data of a socket's address and port from now on.
     * \param local the socket's local address \param port its local port
     * \param device the device the socket is bound to (nullptr: any)
     * \param reportedPort the destination port given to the callback (what the socket's
     * owner passes to MipTunnelManager::ReceiveUdp(); 0 when it passes none)
     */
    void AddEndpoint(Ipv4Address local,
                     uint16_t port,
                     Ptr<NetDevice> device,
                     uint16_t reportedPort);
    /// \param local local address \param port local port: no longer received here
    void RemoveEndpoint(Ipv4Address local, uint16_t port);

    RxStatus Receive(Ptr<Packet> p,
                     const Ipv4Header& header,
                     Ptr<Ipv4Interface> incomingInterface) override;
    using MipL4ProtocolBase::Receive; // IPv6: to UDP (the base's)

  protected:
    void DoDispose() override;

  private:
    /// One registered endpoint.
    struct Endpoint
    {
        Ipv4Address local;     //!< local address
        uint16_t port;         //!< local port
        Ptr<NetDevice> device; //!< bound device (nullptr: any)
        uint16_t reportedPort; //!< the port given to the callback
    };

    /**
     * \param p a UDP datagram addressed to this node \param header its IPv4 header
     * \param incomingInterface where it arrived
     * \return true if it was tunnel data of an endpoint and went to the callback
     */
    bool ReceiveTunnelData(Ptr<Packet> p,
                           const Ipv4Header& header,
                           Ptr<Ipv4Interface> incomingInterface);

    ReceiveCallback m_receive;         //!< the tunnel layer
    std::vector<Endpoint> m_endpoints; //!< registered endpoints (a few per node)
};

} // namespace ns3

#endif /* MIP_UDP_TUNNEL_L4_PROTOCOL_H */
