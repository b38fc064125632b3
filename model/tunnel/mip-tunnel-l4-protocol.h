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
 * node's MipTunnelManager, which demultiplexes on the outer addresses); ICMP errors about
 * the outer packets it sent (RFC 2003 section 4) go to a second callback.
 */
class MipTunnelL4Protocol : public IpL4Protocol
{
  public:
    /// Called with the payload after the outer IPv4 header, and that header.
    using ReceiveCallback = Callback<void, Ptr<Packet>, const Ipv4Header&>;

    /**
     * Called with an ICMP error about an outer packet: ICMP type, code, info (the next-hop
     * MTU of a Fragmentation Needed), outer source and destination of the quoted packet,
     * and the first 8 octets after its outer header.
     */
    using IcmpCallback =
        Callback<void, uint8_t, uint8_t, uint32_t, Ipv4Address, Ipv4Address, const uint8_t*>;

    /// \return the TypeId
    static TypeId GetTypeId();

    /// \param protocol 4 or 47 \param cb where received packets go
    /// \param icmp where ICMP errors about sent packets go (may be null)
    MipTunnelL4Protocol(uint8_t protocol, ReceiveCallback cb, IcmpCallback icmp = IcmpCallback());
    MipTunnelL4Protocol();

    int GetProtocolNumber() const override;
    RxStatus Receive(Ptr<Packet> p,
                     const Ipv4Header& header,
                     Ptr<Ipv4Interface> incomingInterface) override;
    RxStatus Receive(Ptr<Packet> p,
                     const Ipv6Header& header,
                     Ptr<Ipv6Interface> incomingInterface) override;
    void ReceiveIcmp(Ipv4Address icmpSource,
                     uint8_t icmpTtl,
                     uint8_t icmpType,
                     uint8_t icmpCode,
                     uint32_t icmpInfo,
                     Ipv4Address payloadSource,
                     Ipv4Address payloadDestination,
                     const uint8_t payload[8]) override;
    void SetDownTarget(DownTargetCallback cb) override;
    void SetDownTarget6(DownTargetCallback6 cb) override;
    DownTargetCallback GetDownTarget() const override;
    DownTargetCallback6 GetDownTarget6() const override;

  protected:
    void DoDispose() override;

  private:
    uint8_t m_protocol{4};             //!< IP protocol number
    ReceiveCallback m_receive;         //!< where packets go
    IcmpCallback m_icmp;               //!< where ICMP errors go
    DownTargetCallback m_downTarget;   //!< unused: tunnels send with SendWithHeader
    DownTargetCallback6 m_downTarget6; //!< unused
};

} // namespace ns3

#endif /* MIP_TUNNEL_L4_PROTOCOL_H */
