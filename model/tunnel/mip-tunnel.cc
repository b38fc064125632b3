/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mip-tunnel.h"

#include "ip-in-ip-encapsulation.h"

#include "ns3/mip-tunnel-data-header.h"
#include "ns3/simulator.h"
#include "ns3/udp-header.h"

namespace ns3
{

std::ostream&
operator<<(std::ostream& os, MipEncapsulation e)
{
    switch (e)
    {
    case MipEncapsulation::IP_IN_IP:
        return os << "IP-in-IP";
    case MipEncapsulation::GRE:
        return os << "GRE";
    case MipEncapsulation::UDP:
        return os << "UDP";
    }
    return os << "?";
}

uint8_t
MipEncapsulationProtocol(MipEncapsulation e)
{
    switch (e)
    {
    case MipEncapsulation::GRE:
        return IpInIpEncapsulation::GRE_PROTOCOL;
    case MipEncapsulation::UDP:
        return 17;
    case MipEncapsulation::IP_IN_IP:
        break;
    }
    return IpInIpEncapsulation::IPIP_PROTOCOL;
}

MipTunnel::MipTunnel(Ipv4Address local, Ipv4Address remote, MipEncapsulation encapsulation)
    : m_local(local),
      m_remote(remote),
      m_encapsulation(encapsulation),
      m_egressGateway(Ipv4Address::GetZero()),
      m_homeAddress(Ipv4Address::GetZero())
{
}

Ipv4Address
MipTunnel::GetLocal() const
{
    return m_local;
}

Ipv4Address
MipTunnel::GetRemote() const
{
    return m_remote;
}

MipEncapsulation
MipTunnel::GetEncapsulation() const
{
    return m_encapsulation;
}

uint8_t
MipTunnel::GetProtocol() const
{
    return MipEncapsulationProtocol(m_encapsulation);
}

void
MipTunnel::SetEgress(Ptr<NetDevice> device, Ipv4Address gateway)
{
    m_egressDevice = device;
    m_egressGateway = gateway;
    m_egressRoute = nullptr;
}

Ptr<NetDevice>
MipTunnel::GetEgressDevice() const
{
    return m_egressDevice;
}

Ipv4Address
MipTunnel::GetEgressGateway() const
{
    return m_egressGateway;
}

Ptr<Ipv4Route>
MipTunnel::GetEgressRoute() const
{
    if (!m_egressRoute && m_egressDevice)
    {
        m_egressRoute = Create<Ipv4Route>();
        m_egressRoute->SetDestination(m_remote);
        m_egressRoute->SetSource(m_local);
        m_egressRoute->SetGateway(m_egressGateway);
        m_egressRoute->SetOutputDevice(m_egressDevice);
    }
    return m_egressRoute;
}

void
MipTunnel::SetRemotePort(uint16_t port)
{
    m_remotePort = port;
}

uint16_t
MipTunnel::GetRemotePort() const
{
    return m_remotePort;
}

void
MipTunnel::SetLocalPort(uint16_t port)
{
    m_localPort = port;
}

uint16_t
MipTunnel::GetLocalPort() const
{
    return m_localPort;
}

void
MipTunnel::SetRemote(Ipv4Address remote)
{
    m_remote = remote;
    m_egressRoute = nullptr;
}

void
MipTunnel::SetRemotePortPinned(bool pinned)
{
    m_portPinned = pinned;
}

void
MipTunnel::SetGreOptions(std::optional<uint32_t> key, bool checksum)
{
    m_greKey = key;
    m_greChecksum = checksum;
}

std::optional<uint32_t>
MipTunnel::GetGreKey() const
{
    return m_greKey;
}

GreHeader
MipTunnel::MakeGreHeader() const
{
    GreHeader gre(GreHeader::PROTOCOL_IPV4);
    if (m_greKey)
    {
        gre.SetKey(*m_greKey);
    }
    if (m_greChecksum)
    {
        gre.EnableChecksum();
    }
    return gre;
}

uint32_t
MipTunnel::GetOverhead() const
{
    uint32_t overhead = IpInIpEncapsulation::OUTER_HEADER_SIZE;
    switch (m_encapsulation)
    {
    case MipEncapsulation::GRE:
        return overhead + MakeGreHeader().GetSerializedSize();
    case MipEncapsulation::UDP:
        return overhead + UdpHeader().GetSerializedSize() + MipTunnelDataHeader::SIZE;
    case MipEncapsulation::IP_IN_IP:
        break;
    }
    return overhead;
}

void
MipTunnel::SetPathMtu(uint16_t mtu, Time expires)
{
    m_pathMtu = {mtu, expires};
}

uint16_t
MipTunnel::GetPathMtu() const
{
    return m_pathMtu.Get().value_or(0);
}

void
MipTunnel::SetSoftTtl(uint16_t ttl, Time expires)
{
    m_softTtl = {ttl, expires};
}

uint16_t
MipTunnel::GetSoftTtl() const
{
    return m_softTtl.Get().value_or(0);
}

void
MipTunnel::SetUnreachable(uint8_t code, Time expires)
{
    m_unreachableCode = {code, expires};
}

std::optional<uint8_t>
MipTunnel::GetUnreachable() const
{
    return m_unreachableCode.Get();
}

bool
MipTunnel::TakeIcmpErrorToken(uint32_t burst, Time interval)
{
    return m_icmpErrors.Take(burst, interval, Simulator::Now());
}

bool
MipTunnel::IsRemotePortPinned() const
{
    return m_portPinned;
}

void
MipTunnel::SetInterceptCallback(MipTunnelInterceptCallback cb)
{
    m_intercept = cb;
}

MipTunnelInterceptCallback
MipTunnel::GetInterceptCallback() const
{
    return m_intercept;
}

void
MipTunnel::SetHomeAddress(Ipv4Address a)
{
    m_homeAddress = a;
}

Ipv4Address
MipTunnel::GetHomeAddress() const
{
    return m_homeAddress;
}

void
MipTunnel::CountTx(uint32_t octets)
{
    m_txPackets++;
    m_txBytes += octets;
    m_lastTx = Simulator::Now();
}

void
MipTunnel::CountRx(uint32_t octets)
{
    m_rxPackets++;
    m_rxBytes += octets;
    m_lastRx = Simulator::Now();
}

uint64_t
MipTunnel::GetTxPackets() const
{
    return m_txPackets;
}

uint64_t
MipTunnel::GetTxBytes() const
{
    return m_txBytes;
}

uint64_t
MipTunnel::GetRxPackets() const
{
    return m_rxPackets;
}

uint64_t
MipTunnel::GetRxBytes() const
{
    return m_rxBytes;
}

Time
MipTunnel::GetLastTx() const
{
    return m_lastTx;
}

Time
MipTunnel::GetLastRx() const
{
    return m_lastRx;
}

std::ostream&
operator<<(std::ostream& os, const MipTunnel& t)
{
    os << t.GetEncapsulation() << " " << t.GetLocal();
    if (t.GetEncapsulation() == MipEncapsulation::UDP)
    {
        os << ":" << t.GetLocalPort();
    }
    os << " <-> " << t.GetRemote();
    if (t.GetEncapsulation() == MipEncapsulation::UDP)
    {
        os << ":" << t.GetRemotePort();
    }
    return os;
}

} // namespace ns3
