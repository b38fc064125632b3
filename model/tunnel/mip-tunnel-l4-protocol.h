/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MIP_TUNNEL_L4_PROTOCOL_H
#define MIP_TUNNEL_L4_PROTOCOL_H

#include "ns3/callback.h"
#include "ns3/mip-l4-protocol-base.h"
#include "ns3/packet.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Receives the IPv4 packets of one tunnelling protocol (4 = IP in IP, 47 = GRE)
 * addressed to this node and hands them, with their outer header, to a callback (the
 * node's MipTunnelManager, which demultiplexes on the outer addresses); ICMP errors about
 * the outer packets it sent (RFC 2003 section 4) go to a second callback.
 */
class MipTunnelL4Protocol : public MipL4ProtocolBase
{
  public:
    /// Called with the payload after the outer IPv4 header, and that header.
    using ReceiveCallback = Callback<void, Ptr<Packet>, const Ipv4Header&>;

    /**
     * Called with an ICMP error about an outer packet: ICMP type, code, info (the next-hop
     * MTU of a Fragmentation Needed), outer source and destination of the quoted packet,
     * and the first 8 octets after its outer header.
     */
    using IcmpCallback = MipL4ProtocolBase::IcmpCallback;

    /// \return the TypeId
    static TypeId GetTypeId();

    /// \param protocol 4 or 47 \param cb where received packets go
    /// \param icmp where ICMP errors about sent packets go (may be null)
    MipTunnelL4Protocol(uint8_t protocol, ReceiveCallback cb, IcmpCallback icmp = IcmpCallback());
    MipTunnelL4Protocol();

    RxStatus Receive(Ptr<Packet> p,
                     const Ipv4Header& header,
                     Ptr<Ipv4Interface> incomingInterface) override;
    using MipL4ProtocolBase::Receive; // IPv6: refused (the base's)

  protected:
    void DoDispose() override;

  private:
    ReceiveCallback m_receive; //!< where packets go
};

} // namespace ns3

#endif /* MIP_TUNNEL_L4_PROTOCOL_H */
