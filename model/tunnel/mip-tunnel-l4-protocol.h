/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MIP_TUNNEL_L4_PROTOCOL_H
#define MIP_TUNNEL_L4_PROTOCOL_H

#include "ns3/callback.h"
#include "ns3/ip-l4-protocol.h"
#include "ns3/packet.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Receives the IPv4 packets of one tunnelling protocol (4 = IP in IP, 47 = GRE)
 * addressed to this node and hands them, with their outer header, to a callback (the
 * node's MipTunnelManager, which demultiplexes on the outer addresses).
 */
class MipTunnelL4Protocol : public IpL4Protocol
{
  public:
    /// Called with the payload after the outer IPv4 header, and that header.
    using ReceiveCallback = Callback<void, Ptr<Packet>, const Ipv4Header&>;

    /// \return the TypeId
    static TypeId GetTypeId();

    /// \param protocol 4 or 47 \param cb where received packets go
    MipTunnelL4Protocol(uint8_t protocol, ReceiveCallback cb);
    MipTunnelL4Protocol();

    int GetProtocolNumber() const override;
    RxStatus Receive(Ptr<Packet> p,
                     const Ipv4Header& header,
                     Ptr<Ipv4Interface> incomingInterface) override;
    RxStatus Receive(Ptr<Packet> p,
                     const Ipv6Header& header,
                     Ptr<Ipv6Interface> incomingInterface) override;
    void SetDownTarget(DownTargetCallback cb) override;
    void SetDownTarget6(DownTargetCallback6 cb) override;
    DownTargetCallback GetDownTarget() const override;
    DownTargetCallback6 GetDownTarget6() const override;

  protected:
    void DoDispose() override;

  private:
    uint8_t m_protocol{4};             //!< IP protocol number
    ReceiveCallback m_receive;         //!< where packets go
    DownTargetCallback m_downTarget;   //!< unused: tunnels send with SendWithHeader
    DownTargetCallback6 m_downTarget6; //!< unused
};

} // namespace ns3

#endif /* MIP_TUNNEL_L4_PROTOCOL_H */
