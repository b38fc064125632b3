/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NAT_INTERCEPTOR_H
#define NAT_INTERCEPTOR_H

#include "ns3/callback.h"
#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4.h"
#include "ns3/packet.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Interface-specific layer-4 protocol that Ipv4Nat registers for UDP, TCP and ICMP
 * on its interfaces (Ipv4::Insert(protocol, interface)): it offers each packet delivered
 * locally on that interface to the NAT, and passes what the NAT does not take to the
 * node's own protocol of the same number.
 *
 * This is how the NAT sees inbound and hairpinned packets without patching ns-3.37:
 * Ipv4ListRouting delivers packets for the node's own addresses locally before any routing
 * protocol sees them.
 */
class Ipv4NatInterceptor : public IpL4Protocol
{
  public:
    /// the NAT's entry point: packet (reassembled), IP header, incoming interface; returns
    /// true if the NAT consumed the packet
    typedef Callback<bool, Ptr<Packet>, const Ipv4Header&, uint32_t> ReceiveCallback;

    /// \return the TypeId
    static TypeId GetTypeId();

    /**
     * \param receive the NAT's entry point \param ipv4 the node's IPv4
     * \param protocol IP protocol number
     */
    void Setup(ReceiveCallback receive, Ptr<Ipv4> ipv4, int protocol);

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
    ReceiveCallback m_receive;         //!< the NAT's entry point
    Ptr<Ipv4> m_ipv4;                  //!< the node's IPv4
    int m_protocol{0};                 //!< protocol number
    DownTargetCallback m_downTarget;   //!< unused
    DownTargetCallback6 m_downTarget6; //!< unused
};

} // namespace ns3

#endif /* NAT_INTERCEPTOR_H */
