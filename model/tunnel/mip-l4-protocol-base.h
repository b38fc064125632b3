/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MIP_L4_PROTOCOL_BASE_H
#define MIP_L4_PROTOCOL_BASE_H

#include "ns3/callback.h"
#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv4-address.h"
#include "ns3/packet.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief What the module's IPv4 L4 protocols share (MipTunnelL4Protocol,
 * MipUdpTunnelL4Protocol): registered with Ipv4L3Protocol for one protocol number, they
 * receive IPv4 packets (Receive() of IPv4, the subclass's part) and nothing else of their
 * own. Either a protocol stands alone (IP in IP, GRE: no next protocol) or it stands in
 * front of ns-3's protocol for that number (UDP), the *next* protocol, to which the rest
 * passes unchanged:
 * - IPv6 packets go to the next protocol (alone: refused, RX_ENDPOINT_UNREACH);
 * - ICMP errors about the packets sent go to the ICMP callback when there is one, else to
 *   the next protocol (alone and without a callback: dropped);
 * - the down targets are the next protocol's (alone: kept, unused: the module sends with
 *   Ipv4::SendWithHeader).
 */
class MipL4ProtocolBase : public IpL4Protocol
{
  public:
    /**
     * Called with an ICMP error about a sent packet: ICMP type, code, info (the next-hop
     * MTU of a Fragmentation Needed), source and destination of the quoted packet, and the
     * first 8 octets after its IPv4 header.
     */
    using IcmpCallback =
        Callback<void, uint8_t, uint8_t, uint32_t, Ipv4Address, Ipv4Address, const uint8_t*>;

    /// \return the TypeId
    static TypeId GetTypeId();

    MipL4ProtocolBase();
    /**
     * \param protocol the IP protocol number
     * \param next the protocol it stands in front of (nullptr: none, it stands alone)
     * \param icmp where ICMP errors about sent packets go (null: to next, if any)
     */
    MipL4ProtocolBase(uint8_t protocol, Ptr<IpL4Protocol> next, IcmpCallback icmp);

    int GetProtocolNumber() const override;
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

    using IpL4Protocol::Receive; // of IPv4: the subclass's part

  protected:
    /// Forgets the ICMP callback; the next protocol stays (a pass-through for as long as
    /// IPv4 holds this one).
    void DoDispose() override;

    /// \return the protocol it stands in front of (nullptr: none)
    const Ptr<IpL4Protocol>& GetNext() const
    {
        return m_next;
    }

  private:
    uint8_t m_protocol{0};             //!< IP protocol number
    Ptr<IpL4Protocol> m_next;          //!< the protocol it stands in front of, or nullptr
    IcmpCallback m_icmp;               //!< where ICMP errors go (null: to m_next)
    DownTargetCallback m_downTarget;   //!< without m_next: kept, unused
    DownTargetCallback6 m_downTarget6; //!< without m_next: kept, unused
};

} // namespace ns3

#endif /* MIP_L4_PROTOCOL_BASE_H */
