/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * MipTunnelManager, part 3: RFC 3519 tunnel data from a UDP socket's owner (ReceiveUdp) or
 * in front of UDP (MipUdpTunnelL4Protocol endpoints). Part 1, mip-tunnel-manager.cc, finds
 * the tunnel and delivers the inner datagram (ReceiveUdpData).
 */
#include "mip-tunnel-manager.h"

#include "ns3/mip-tunnel-data-header.h"
#include "ns3/udp-l4-protocol.h"

namespace ns3
{

void
MipTunnelManager::ReceiveUdp(Ptr<Packet> payload,
                             Ipv4Address from,
                             uint16_t fromPort,
                             Ipv4Address to,
                             uint16_t toPort)
{
    MipTunnelDataHeader data;
    if (payload->GetSize() < MipTunnelDataHeader::SIZE || payload->PeekHeader(data) == 0 ||
        data.GetNextHeader() != MipTunnelDataHeader::NEXT_HEADER_IP_IN_IP)
    {
        Drop(MipTunnelDrop::MALFORMED, payload); // only IP in UDP is negotiated here
        return;
    }
    payload->RemoveHeader(data);
    ReceiveUdpData(payload, from, fromPort, to, toPort);
}

void
MipTunnelManager::AddUdpEndpoint(Ipv4Address local,
                                 uint16_t port,
                                 Ptr<NetDevice> device,
                                 uint16_t toPort)
{
    if (!m_udpReceiver)
    {
        // In front of UDP for the whole node; everything but the endpoints' tunnel data
        // goes on to UdpL4Protocol unchanged.
        m_udpReceiver =
            Create<MipUdpTunnelL4Protocol>(m_ipv4->GetProtocol(UdpL4Protocol::PROT_NUMBER),
                                           MakeCallback(&MipTunnelManager::ReceiveUdpData, this));
        m_ipv4->Insert(m_udpReceiver);
    }
    m_udpReceiver->AddEndpoint(local, port, device, toPort);
}

void
MipTunnelManager::RemoveUdpEndpoint(Ipv4Address local, uint16_t port)
{
    if (m_udpReceiver)
    {
        m_udpReceiver->RemoveEndpoint(local, port);
    }
}

} // namespace ns3
