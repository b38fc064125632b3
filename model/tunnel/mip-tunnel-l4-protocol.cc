/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mip-tunnel-l4-protocol.h"

#include "ns3/ip-in-ip-encapsulation.h"
#include "ns3/ipv4-header.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MipTunnelL4Protocol");

NS_OBJECT_ENSURE_REGISTERED(MipTunnelL4Protocol);

TypeId
MipTunnelL4Protocol::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MipTunnelL4Protocol").SetParent<MipL4ProtocolBase>().SetGroupName("Haaro");
    return tid;
}

MipTunnelL4Protocol::MipTunnelL4Protocol()
    : MipL4ProtocolBase(IpInIpEncapsulation::IPIP_PROTOCOL, nullptr, IcmpCallback())
{
}

MipTunnelL4Protocol::MipTunnelL4Protocol(uint8_t protocol, ReceiveCallback cb, IcmpCallback icmp)
    : MipL4ProtocolBase(protocol, nullptr, icmp),
      m_receive(cb)
{
}

IpL4Protocol::RxStatus
MipTunnelL4Protocol::Receive(Ptr<Packet> p,
                             const Ipv4Header& header,
                             Ptr<Ipv4Interface> incomingInterface)
{
    NS_LOG_FUNCTION(this << p << header);
    if (!m_receive.IsNull())
    {
        m_receive(p, header);
    }
    return RX_OK;
}

void
MipTunnelL4Protocol::DoDispose()
{
    m_receive = MakeNullCallback<void, Ptr<Packet>, const Ipv4Header&>();
    MipL4ProtocolBase::DoDispose();
}

} // namespace ns3
