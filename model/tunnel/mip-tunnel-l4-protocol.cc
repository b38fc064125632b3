/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mip-tunnel-l4-protocol.h"

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
        TypeId("ns3::MipTunnelL4Protocol").SetParent<IpL4Protocol>().SetGroupName("Haaro");
    return tid;
}

MipTunnelL4Protocol::MipTunnelL4Protocol() = default;

MipTunnelL4Protocol::MipTunnelL4Protocol(uint8_t protocol, ReceiveCallback cb, IcmpCallback icmp)
    : m_protocol(protocol),
      m_receive(cb),
      m_icmp(icmp)
{
}

int
MipTunnelL4Protocol::GetProtocolNumber() const
{
    return m_protocol;
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

IpL4Protocol::RxStatus
MipTunnelL4Protocol::Receive(Ptr<Packet> p,
                             const Ipv6Header& header,
                             Ptr<Ipv6Interface> incomingInterface)
{
    return RX_ENDPOINT_UNREACH; // IPv4 tunnels only
}

void
MipTunnelL4Protocol::ReceiveIcmp(Ipv4Address icmpSource,
                                 uint8_t icmpTtl,
                                 uint8_t icmpType,
                                 uint8_t icmpCode,
                                 uint32_t icmpInfo,
                                 Ipv4Address payloadSource,
                                 Ipv4Address payloadDestination,
                                 const uint8_t payload[8])
{
    NS_LOG_FUNCTION(this << icmpSource << +icmpType << +icmpCode << icmpInfo);
    if (!m_icmp.IsNull())
    {
        m_icmp(icmpType, icmpCode, icmpInfo, payloadSource, payloadDestination, payload);
    }
}

void
MipTunnelL4Protocol::SetDownTarget(DownTargetCallback cb)
{
    m_downTarget = cb;
}

void
MipTunnelL4Protocol::SetDownTarget6(DownTargetCallback6 cb)
{
    m_downTarget6 = cb;
}

IpL4Protocol::DownTargetCallback
MipTunnelL4Protocol::GetDownTarget() const
{
    return m_downTarget;
}

IpL4Protocol::DownTargetCallback6
MipTunnelL4Protocol::GetDownTarget6() const
{
    return m_downTarget6;
}

void
MipTunnelL4Protocol::DoDispose()
{
    m_receive = MakeNullCallback<void, Ptr<Packet>, const Ipv4Header&>();
    m_icmp = IcmpCallback();
    IpL4Protocol::DoDispose();
}

} // namespace ns3
