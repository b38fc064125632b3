/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mip-l4-protocol-base.h"

#include "ns3/ipv6-interface.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MipL4ProtocolBase");

NS_OBJECT_ENSURE_REGISTERED(MipL4ProtocolBase);

TypeId
MipL4ProtocolBase::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MipL4ProtocolBase").SetParent<IpL4Protocol>().SetGroupName("Haaro");
    return tid;
}

MipL4ProtocolBase::MipL4ProtocolBase() = default;

MipL4ProtocolBase::MipL4ProtocolBase(uint8_t protocol, Ptr<IpL4Protocol> next, IcmpCallback icmp)
    : m_protocol(protocol),
      m_next(next),
      m_icmp(icmp)
{
}

int
MipL4ProtocolBase::GetProtocolNumber() const
{
    return m_protocol;
}

IpL4Protocol::RxStatus
MipL4ProtocolBase::Receive(Ptr<Packet> p,
                           const Ipv6Header& header,
                           Ptr<Ipv6Interface> incomingInterface)
{
    if (m_next)
    {
        return m_next->Receive(p, header, incomingInterface);
    }
    return RX_ENDPOINT_UNREACH; // IPv4 tunnels only
}

void
MipL4ProtocolBase::ReceiveIcmp(Ipv4Address icmpSource,
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
    else if (m_next)
    {
        m_next->ReceiveIcmp(icmpSource,
                            icmpTtl,
                            icmpType,
                            icmpCode,
                            icmpInfo,
                            payloadSource,
                            payloadDestination,
                            payload);
    }
}

void
MipL4ProtocolBase::SetDownTarget(DownTargetCallback cb)
{
    if (m_next)
    {
        m_next->SetDownTarget(cb);
        return;
    }
    m_downTarget = cb;
}

void
MipL4ProtocolBase::SetDownTarget6(DownTargetCallback6 cb)
{
    if (m_next)
    {
        m_next->SetDownTarget6(cb);
        return;
    }
    m_downTarget6 = cb;
}

IpL4Protocol::DownTargetCallback
MipL4ProtocolBase::GetDownTarget() const
{
    return m_next ? m_next->GetDownTarget() : m_downTarget;
}

IpL4Protocol::DownTargetCallback6
MipL4ProtocolBase::GetDownTarget6() const
{
    return m_next ? m_next->GetDownTarget6() : m_downTarget6;
}

void
MipL4ProtocolBase::DoDispose()
{
    m_icmp = IcmpCallback();
    IpL4Protocol::DoDispose();
}

} // namespace ns3
