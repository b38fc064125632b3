/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "storm-network.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/udp-client-server-helper.h"
#include "ns3/udp-client.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

void
StormParams::Check() const
{
    NS_ABORT_MSG_IF(duration < 1, "--duration must be at least 1 s");
    NS_ABORT_MSG_IF(n < 2, "--n must be at least 2");
    NS_ABORT_MSG_IF(bin <= 0, "--bin must be positive");
    NS_ABORT_MSG_IF(spread < 0, "--spread must not be negative");
    NS_ABORT_MSG_IF(lifetime < 1 || lifetime > 65535, "--lifetime: 1 to 65535 s");
}

StormNetwork::StormNetwork(const StormParams& params)
    : m_params(params)
{
    VirtualOperatorTopologyHelper topologyHelper;
    topologyHelper.SetNumIsps(3);
    topologyHelper.SetDirectReceive(params.directReceive);
    topologyHelper.AddSites(params.n, 2);
    m_topology = topologyHelper.Build();
    NemoNetworkHelper nemo;
    nemo.SetHomeAgentAttribute("HaaroEnabled", BooleanValue(true));
    nemo.SetHomeAgentAttribute("MaxAdvertisementSize", UintegerValue(params.maxAdvertisement));
    nemo.SetHomeAgentAttribute("MaxLifetime", UintegerValue(params.lifetime));
    nemo.SetMobileRouterAttribute("Lifetime", UintegerValue(params.lifetime));
    nemo.SetMobileRouterAttribute("RouteOptimization", BooleanValue(true));
    m_network = nemo.Install(m_topology);
}

void
StormNetwork::InstallTraffic(Callback<void, Ptr<Socket>> receive)
{
    uint32_t n = m_params.n;
    Ptr<UniformRandomVariable> peers = CreateObject<UniformRandomVariable>();
    peers->SetStream(14);
    m_peers.assign(n, 0);
    m_sinks.assign(n, nullptr);
    for (uint32_t i = 0; i < n; ++i)
    {
        // Registrations spread over [0, spread).
        m_network.mobileRouters[i]->SetStartTime(
            MicroSeconds(uint64_t(m_params.spread * 1e6) * i / n));
        Ptr<Socket> sink =
            Socket::CreateSocket(m_topology.sites[i].hosts.Get(0), UdpSocketFactory::GetTypeId());
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), SINK_PORT));
        sink->SetIpRecvTtl(true);
        sink->SetRecvCallback(receive);
        m_sinks[i] = sink;
        // One fixed random other site.
        uint32_t peer = (i + 1 + peers->GetInteger(0, n - 2)) % n;
        m_peers[i] = peer;
        UdpClientHelper client(m_topology.sites[peer].hostAddresses[0], SINK_PORT);
        client.SetAttribute("Interval", TimeValue(Seconds(1)));
        client.SetAttribute("MaxPackets", UintegerValue(1000000));
        client.SetAttribute("PacketSize", UintegerValue(DATAGRAM_SIZE));
        ApplicationContainer app = client.Install(m_topology.sites[i].hosts.Get(0));
        m_clients.Add(app);
        app.Start(Seconds(m_params.trafficStart) + MicroSeconds(1000000ull * i / n));
        app.Stop(Seconds(m_params.duration));
    }
}

void
StormNetwork::Run(const std::function<void()>& phaseEnd) const
{
    double phase = std::min(std::max(m_params.spread, 0.0), m_params.duration);
    Simulator::Stop(Seconds(phase));
    Simulator::Run();
    if (phaseEnd)
    {
        phaseEnd();
    }
    Simulator::Stop(Seconds(m_params.duration - phase));
    Simulator::Run();
}

const StormParams&
StormNetwork::GetParams() const
{
    return m_params;
}

const VirtualOperatorTopology&
StormNetwork::GetTopology() const
{
    return m_topology;
}

const NemoNetwork&
StormNetwork::GetNetwork() const
{
    return m_network;
}

uint32_t
StormNetwork::GetPeer(uint32_t site) const
{
    return m_peers.at(site);
}

uint64_t
StormNetwork::GetSentDatagrams() const
{
    uint64_t octets = 0;
    for (auto app = m_clients.Begin(); app != m_clients.End(); ++app)
    {
        octets += DynamicCast<UdpClient>(*app)->GetTotalTx();
    }
    return octets / DATAGRAM_SIZE;
}

Ptr<Socket>
StormNetwork::GetSink(uint32_t site) const
{
    return m_sinks.at(site);
}

} // namespace ns3
