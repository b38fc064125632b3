/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mip-udp-tunnel-l4-protocol.h"

#include "ns3/ipv4-header.h"
#include "ns3/ipv4-interface.h"
#include "ns3/mip-message.h"
#include "ns3/mip-tunnel-data-header.h"
#include "ns3/node.h"
#include "ns3/socket.h"
#include "ns3/udp-header.h"
#include "ns3/udp-l4-protocol.h"

#include <algorithm>
#include <array>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(MipUdpTunnelL4Protocol);

TypeId
MipUdpTunnelL4Protocol::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MipUdpTunnelL4Protocol").SetParent<MipL4ProtocolBase>().SetGroupName("Haaro");
    return tid;
}

MipUdpTunnelL4Protocol::MipUdpTunnelL4Protocol()
    : MipL4ProtocolBase(UdpL4Protocol::PROT_NUMBER, nullptr, IcmpCallback())
{
}

MipUdpTunnelL4Protocol::MipUdpTunnelL4Protocol(Ptr<IpL4Protocol> udp, ReceiveCallback cb)
    : MipL4ProtocolBase(UdpL4Protocol::PROT_NUMBER, udp, IcmpCallback()),
      m_receive(cb)
{
}

void
MipUdpTunnelL4Protocol::AddEndpoint(Ipv4Address local,
                                    uint16_t port,
                                    Ptr<NetDevice> device,
                                    uint16_t reportedPort)
{
    RemoveEndpoint(local, port);
    m_endpoints.push_back({local, port, device, reportedPort});
}

void
MipUdpTunnelL4Protocol::RemoveEndpoint(Ipv4Address local, uint16_t port)
{
    m_endpoints.erase(std::remove_if(m_endpoints.begin(),
                                     m_endpoints.end(),
                                     [local, port](const Endpoint& e) {
                                         return e.local == local && e.port == port;
                                     }),
                      m_endpoints.end());
}

bool
MipUdpTunnelL4Protocol::ReceiveTunnelData(Ptr<Packet> p,
                                          const Ipv4Header& header,
                                          Ptr<Ipv4Interface> incomingInterface)
{
    // The UDP header (RFC 768) and the Tunnel Data header (RFC 3519 section 3.3).
    constexpr uint32_t UDP_SIZE = 8;
    std::array<uint8_t, UDP_SIZE + MipTunnelDataHeader::SIZE> head;
    if (m_endpoints.empty() || p->CopyData(head.data(), head.size()) != head.size() ||
        head[UDP_SIZE] != MIP_TUNNEL_DATA ||
        head[UDP_SIZE + 1] != MipTunnelDataHeader::NEXT_HEADER_IP_IN_IP)
    {
        return false;
    }
    uint16_t destinationPort = static_cast<uint16_t>(head[2] << 8 | head[3]);
    auto endpoint = std::find_if(m_endpoints.begin(), m_endpoints.end(), [&](const Endpoint& e) {
        return e.port == destinationPort && e.local == header.GetDestination() &&
               (!e.device || e.device == incomingInterface->GetDevice());
    });
    if (endpoint == m_endpoints.end())
    {
        return false;
    }
    if (Node::ChecksumEnabled())
    {
        // UdpL4Protocol::Receive()'s check; a bad checksum goes there to be refused.
        UdpHeader udp;
        udp.EnableChecksums();
        udp.InitializeChecksum(header.GetSource(),
                               header.GetDestination(),
                               UdpL4Protocol::PROT_NUMBER);
        p->PeekHeader(udp);
        if (!udp.IsChecksumOk())
        {
            return false;
        }
    }
    // What UdpSocketImpl::ForwardUp() does to a datagram for a socket without options.
    SocketPriorityTag priority;
    p->RemovePacketTag(priority);
    p->RemoveAtStart(head.size());
    m_receive(p,
              header.GetSource(),
              static_cast<uint16_t>(head[0] << 8 | head[1]),
              header.GetDestination(),
              endpoint->reportedPort);
    return true;
}

IpL4Protocol::RxStatus
MipUdpTunnelL4Protocol::Receive(Ptr<Packet> p,
                                const Ipv4Header& header,
                                Ptr<Ipv4Interface> incomingInterface)
{
    if (ReceiveTunnelData(p, header, incomingInterface))
    {
        return RX_OK;
    }
    return GetNext()->Receive(p, header, incomingInterface);
}

void
MipUdpTunnelL4Protocol::DoDispose()
{
    // Stays a plain pass-through to UDP for as long as IPv4 holds it.
    m_receive = ReceiveCallback();
    m_endpoints.clear();
    MipL4ProtocolBase::DoDispose();
}

} // namespace ns3
