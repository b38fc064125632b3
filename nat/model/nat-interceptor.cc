/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nat-interceptor.h"

#include "ns3/ipv4-interface.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(Ipv4NatInterceptor);

TypeId
Ipv4NatInterceptor::GetTypeId()
{
    static TypeId tid = TypeId("ns3::Ipv4NatInterceptor")
                            .SetParent<IpL4Protocol>()
                            .SetGroupName("Haaro")
                            .AddConstructor<Ipv4NatInterceptor>();
    return tid;
}

void
Ipv4NatInterceptor::Setup(ReceiveCallback receive, Ptr<Ipv4> ipv4, int protocol)
{
    m_receive = receive;
    m_ipv4 = ipv4;
    m_protocol = protocol;
}

int
Ipv4NatInterceptor::GetProtocolNumber() const
{
    return m_protocol;
}

IpL4Protocol::RxStatus
Ipv4NatInterceptor::Receive(Ptr<Packet> p,
                            const Ipv4Header& header,
                            Ptr<Ipv4Interface> incomingInterface)
{
    if (!m_ipv4)
    {
        return RX_ENDPOINT_CLOSED;
    }
    int32_t iif =
        incomingInterface ? m_ipv4->GetInterfaceForDevice(incomingInterface->GetDevice()) : -1;
    if (!m_receive.IsNull() && iif >= 0 && m_receive(p, header, static_cast<uint32_t>(iif)))
    {
        return RX_OK;
    }
    Ptr<IpL4Protocol> own = m_ipv4->GetProtocol(m_protocol);
    if (!own || own == this)
    {
        return RX_ENDPOINT_CLOSED;
    }
    return own->Receive(p, header, incomingInterface);
}

IpL4Protocol::RxStatus
Ipv4NatInterceptor::Receive(Ptr<Packet> p,
                            const Ipv6Header& header,
                            Ptr<Ipv6Interface> incomingInterface)
{
    return RX_ENDPOINT_CLOSED;
}

void
Ipv4NatInterceptor::SetDownTarget(DownTargetCallback cb)
{
    m_downTarget = cb;
}

void
Ipv4NatInterceptor::SetDownTarget6(DownTargetCallback6 cb)
{
    m_downTarget6 = cb;
}

IpL4Protocol::DownTargetCallback
Ipv4NatInterceptor::GetDownTarget() const
{
    return m_downTarget;
}

IpL4Protocol::DownTargetCallback6
Ipv4NatInterceptor::GetDownTarget6() const
{
    return m_downTarget6;
}

void
Ipv4NatInterceptor::DoDispose()
{
    m_receive = ReceiveCallback();
    m_ipv4 = nullptr;
    IpL4Protocol::DoDispose();
}

} // namespace ns3
