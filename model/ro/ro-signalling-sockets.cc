/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ro-signalling-sockets.h"

#include "ns3/inet-socket-address.h"
#include "ns3/mip-message.h"
#include "ns3/udp-socket-factory.h"

namespace ns3
{

RoSignallingSockets::RoSignallingSockets(RoContext& context)
    : m_ctx(context)
{
}

void
RoSignallingSockets::SetReceiveCallback(ReceiveCallback receive)
{
    m_receive = receive;
}

void
RoSignallingSockets::OpenHome(Ptr<Node> node)
{
    m_node = node;
    m_homeSocket = Socket::CreateSocket(m_node, UdpSocketFactory::GetTypeId());
    m_homeSocket->Bind(InetSocketAddress(m_ctx.homeAddress, MIP_UDP_PORT));
    m_homeSocket->SetRecvCallback(
        MakeCallback(&RoSignallingSockets::HandleRead, this).Bind(m_ctx.homeAddress));
    // HandleRead() hands tunnel data to the tunnel layer: it may take it in front of UDP.
    m_ctx.tunnels->AddUdpEndpoint(m_ctx.homeAddress, MIP_UDP_PORT, nullptr, 0);
}

Ptr<Socket>
RoSignallingSockets::CareOf(Ipv4Address careOf)
{
    Ptr<Socket>& socket = m_careOfSockets[careOf.Get()];
    if (!socket)
    {
        socket = Socket::CreateSocket(m_node, UdpSocketFactory::GetTypeId());
        socket->Bind(InetSocketAddress(careOf, MIP_UDP_PORT));
        std::optional<RoUplink> uplink = m_ctx.UplinkOf(careOf);
        if (uplink)
        {
            socket->BindToNetDevice(uplink->device);
        }
        socket->SetRecvCallback(MakeCallback(&RoSignallingSockets::HandleRead, this).Bind(careOf));
        m_ctx.tunnels->AddUdpEndpoint(careOf, MIP_UDP_PORT, uplink ? uplink->device : nullptr, 0);
    }
    return socket;
}

Ipv4Address
RoSignallingSockets::Send(Ipv4Address local, const Header& h, Ipv4Address to, uint16_t port)
{
    Ptr<Socket> socket = local == m_ctx.homeAddress ? m_homeSocket : CareOf(local);
    Address bound;
    socket->GetSockName(bound);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    socket->SendTo(p, 0, InetSocketAddress(to, port));
    return InetSocketAddress::ConvertFrom(bound).GetIpv4();
}

void
RoSignallingSockets::Clear()
{
    if (m_ctx.tunnels && m_homeSocket)
    {
        m_ctx.tunnels->RemoveUdpEndpoint(m_ctx.homeAddress, MIP_UDP_PORT);
    }
    for (const auto& [careOf, socket] : m_careOfSockets)
    {
        if (m_ctx.tunnels)
        {
            m_ctx.tunnels->RemoveUdpEndpoint(Ipv4Address(careOf), MIP_UDP_PORT);
        }
    }
    m_homeSocket = nullptr;
    m_careOfSockets.clear();
    m_node = nullptr;
}

void
RoSignallingSockets::HandleRead(Ipv4Address local, Ptr<Socket> socket)
{
    Address from;
    Ptr<Packet> packet;
    while ((packet = socket->RecvFrom(from)))
    {
        InetSocketAddress source = InetSocketAddress::ConvertFrom(from);
        uint8_t type = 0;
        if (packet->GetSize() > 0)
        {
            packet->CopyData(&type, 1);
        }
        if (type == MIP_TUNNEL_DATA)
        {
            // RFC 3519 tunnel data on port 434: for the tunnel layer.
            m_ctx.tunnels->ReceiveUdp(packet, source.GetIpv4(), source.GetPort(), local);
            continue;
        }
        MipBytes bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        m_receive(bytes, source.GetIpv4(), source.GetPort(), local);
    }
}

} // namespace ns3
