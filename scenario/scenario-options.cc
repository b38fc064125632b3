/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "scenario-options.h"

#include "ns3/boolean.h"
#include "ns3/global-value.h"
#include "ns3/log.h"
#include "ns3/string.h"

#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ScenarioOptions");

ScenarioOptions::ScenarioOptions(const std::string& file)
    : m_cmd(file)
{
}

void
ScenarioOptions::AddPcap(const std::string& help, bool& pcap)
{
    Add("pcap", help, pcap);
    m_pcap = &pcap;
}

void
ScenarioOptions::Usage(const std::string& usage)
{
    m_cmd.Usage(usage);
}

void
ScenarioOptions::Parse(int argc, char* argv[])
{
    m_cmd.Parse(argc, argv);
    if (m_pcap && *m_pcap)
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    }
}

void
ScenarioOptions::Record(ScenarioRecorder& rec) const
{
    for (const auto& record : m_record)
    {
        record(rec);
    }
}

void
ScenarioCommonParams::Declare(ScenarioOptions& options)
{
    options.Add("duration", "simulated time [s]", duration);
    options.Add("uplinkDelay", "one-way delay of every MR uplink [ms]", uplinkDelay);
    options.Add("coreDelay", "one-way delay ISP router <-> peering point [ms]", coreDelay);
    options.Add("backendDelay", "one-way delay peering point <-> HA [ms]", backendDelay);
    options.Add("interval", "probe datagram interval, each direction [ms]", interval);
    options.Add("packetSize", "probe datagram UDP payload [octets] (>= 12)", packetSize);
    options.Add("gre", "GRE instead of IP in IP for all tunnels", gre);
    options.Add("udp", "UDP (RFC 3519) direct tunnels with keepalive verification", udp);
    options.Add("staticArp",
                "pre-filled ARP caches (else the first datagram on each LAN waits for ARP)",
                staticArp);
    options.AddPcap("write <node>-<device>.pcap files into outDir", pcap);
    options.Add("outDir", "output directory", outDir);
}

void
ScenarioCommonParams::Configure(VirtualOperatorTopologyHelper& helper) const
{
    helper.SetDefaultUplink(DataRate("10Mbps"), ScenarioMs(uplinkDelay));
    helper.SetIspCoreLink(DataRate("1Gbps"), ScenarioMs(coreDelay));
    helper.SetBackendLink(DataRate("1Gbps"), ScenarioMs(backendDelay));
}

VirtualOperatorTopologyHelper::UplinkConfig
ScenarioCommonParams::Uplink(uint32_t isp) const
{
    return {isp, DataRate("10Mbps"), ScenarioMs(uplinkDelay)};
}

void
ScenarioCommonParams::Configure(NemoNetworkHelper& nemo) const
{
    nemo.SetMobileRouterAttribute("RouteOptimization", BooleanValue(true));
    nemo.SetMobileRouterAttribute("UseGre", BooleanValue(gre));
    nemo.SetRouteOptimizerAttribute("Encapsulation",
                                    StringValue(gre   ? "Gre"
                                                : udp ? "Udp"
                                                      : "IpInIp"));
}

void
ScenarioCommonParams::Prepare(const VirtualOperatorTopology& topology) const
{
    if (staticArp)
    {
        PopulateSiteArpCaches(topology); // see there: ARP's random jitter
    }
}

void
ScenarioCommonParams::StartRouters(const NemoNetwork& network, ScenarioRecorder& rec) const
{
    for (uint32_t i = 0; i < network.mobileRouters.size(); ++i)
    {
        network.mobileRouters[i]->SetStartTime(Seconds(1 + i));
        network.mobileRouters[i]->AssignStreams(10 * i);
    }
    // The HA's downlink-probe nonces: a stream of their own, after every router's.
    network.homeAgent->AssignStreams(10 * network.mobileRouters.size());
    rec.Watch(network);
}

Ptr<ProbeFlow>
ScenarioCommonParams::CreateProbe(ScenarioRecorder& rec,
                                  const VirtualOperatorTopology& topology,
                                  const std::string& name,
                                  uint32_t from,
                                  uint32_t to,
                                  uint16_t port) const
{
    Ptr<ProbeFlow> f = Create<ProbeFlow>(name,
                                         topology.sites[from].hosts.Get(0),
                                         topology.sites[to].hosts.Get(0),
                                         topology.sites[to].hostAddresses[0],
                                         port);
    f->SetInterval(ScenarioMs(interval));
    f->SetPacketSize(packetSize);
    f->SetHaPathHops(3); // MR, HA, MR decrement the inner TTL via the HA; MR, MR direct
    rec.AddProbe(f);
    return f;
}

Time
ScenarioMs(double ms)
{
    return MicroSeconds(std::llround(ms * 1e3));
}

} // namespace ns3
