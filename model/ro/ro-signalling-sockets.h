/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef RO_SIGNALLING_SOCKETS_H
#define RO_SIGNALLING_SOCKETS_H

#include "ro-context.h"

#include "ns3/header.h"
#include "ns3/mip-wire.h"
#include "ns3/node.h"
#include "ns3/socket.h"

#include <functional>
#include <map>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The UDP sockets of one router's route optimization on port 434 (RFC 6521 section
 * 3.3): one bound to the home address (HoTI/CoTI and registration requests of peers), one
 * bound to each care-of address and its uplink's device (care-of tests, registration
 * replies, RFC 3519 tunnel data), the latter made when first needed.
 *
 * A datagram received whose first octet is the RFC 3519 tunnel data type goes to the
 * tunnel layer (MipTunnelManager::ReceiveUdp); any other is handed as octets to the
 * receive callback with its source and the local address it came to.
 */
class RoSignallingSockets
{
  public:
    /// A signalling message: its octets, source address and port, the local address.
    using ReceiveCallback =
        std::function<void(const MipBytes& bytes, Ipv4Address from, uint16_t port, Ipv4Address to)>;

    /// \param context what the parts of the optimizer share (addresses, uplinks, tunnels)
    explicit RoSignallingSockets(RoContext& context);

    /// \param receive called for every signalling message received
    void SetReceiveCallback(ReceiveCallback receive);

    /// \param node the router: opens the home address's socket
    void OpenHome(Ptr<Node> node);
    /// \param careOf an uplink address \return the socket bound to it (opened if needed)
    Ptr<Socket> CareOf(Ipv4Address careOf);

    /**
     * \param local our address (home or care-of) \param h the message
     * \param to destination \param port its port
     * \return the address the socket sending it is bound to
     */
    Ipv4Address Send(Ipv4Address local, const Header& h, Ipv4Address to, uint16_t port);

    /// Closes nothing but forgets every socket and the node (disposal).
    void Clear();

  private:
    /// \param local the address the socket is bound to \param socket a signalling socket
    void HandleRead(Ipv4Address local, Ptr<Socket> socket);

    RoContext& m_ctx;                                //!< shared with the other parts
    Ptr<Node> m_node;                                //!< the router
    ReceiveCallback m_receive;                       //!< signalling messages
    Ptr<Socket> m_homeSocket;                        //!< bound to the home address
    std::map<uint32_t, Ptr<Socket>> m_careOfSockets; //!< bound to each care-of address
};

} // namespace ns3

#endif /* RO_SIGNALLING_SOCKETS_H */
