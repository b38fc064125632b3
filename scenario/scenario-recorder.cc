/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "scenario-recorder.h"

#include "ns3/ipv4-interface-container.h"
#include "ns3/ipv4.h"
#ifdef HAARO_NS3_WAF_TREE
#include "ns3/arp-cache.h"
#include "ns3/channel.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#else
#include "ns3/neighbor-cache-helper.h"
#endif

namespace ns3
{

ScenarioRecorder::ScenarioRecorder(const std::string& scenario, const std::string& outDir)
    : m_traces(m_names, m_log),
      m_writer(scenario, outDir, m_names, m_log)
{
}

ScenarioRecorder::~ScenarioRecorder() = default;

const std::string&
ScenarioRecorder::GetOutDir() const
{
    return m_writer.GetOutDir();
}

void
ScenarioRecorder::SetParam(const std::string& key, const ScenarioValue& value)
{
    m_writer.SetParam(key, value);
}

void
ScenarioRecorder::SetMetric(const std::string& key, const ScenarioValue& value)
{
    m_writer.SetMetric(key, value);
}

// ---------------------------------------------------------------- names

void
ScenarioRecorder::AddNode(Ptr<Node> node, const std::string& name, const std::string& kind)
{
    m_names.AddNode(node, name, kind);
}

void
ScenarioRecorder::AddAddress(Ipv4Address address, const std::string& name)
{
    m_names.AddAddress(address, name);
}

void
ScenarioRecorder::AddTopology(const VirtualOperatorTopology& topology)
{
    m_names.AddTopology(topology);
}

std::string
ScenarioRecorder::NameOf(Ipv4Address address) const
{
    return m_names.NameOf(address);
}

std::string
ScenarioRecorder::NameOf(Ptr<Node> node) const
{
    return m_names.NameOf(node);
}

std::string
ScenarioRecorder::SiteLetter(uint32_t site)
{
    return ScenarioNodeNames::SiteLetter(site);
}

std::string
ScenarioRecorder::MobileRouterName(uint32_t site)
{
    return ScenarioNodeNames::MobileRouterName(site);
}

std::string
ScenarioRecorder::HostName(uint32_t site, uint32_t host)
{
    return ScenarioNodeNames::HostName(site, host);
}

// ---------------------------------------------------------------- events

void
ScenarioRecorder::Event(const std::string& node,
                        const std::string& event,
                        const std::string& message,
                        const std::string& src,
                        const std::string& dst,
                        const std::string& detail)
{
    m_log.Event(node, event, message, src, dst, detail);
}

void
ScenarioRecorder::Watch(Ptr<HomeAgent> ha, const std::string& name)
{
    m_traces.Watch(ha, name);
    m_capture.WatchAdvertisements(ha);
}

void
ScenarioRecorder::Watch(Ptr<MobileRouter> mr, const std::string& name)
{
    m_traces.Watch(mr, name);
}

void
ScenarioRecorder::WatchDataPath(Ptr<MobileRouter> mr, const std::string& name)
{
    m_traces.WatchDataPath(mr, name);
}

void
ScenarioRecorder::Watch(const NemoNetwork& network)
{
    m_traces.Watch(network);
    m_capture.WatchAdvertisements(network.homeAgent);
}

void
ScenarioRecorder::AddProbe(Ptr<ProbeFlow> flow)
{
    m_writer.AddProbe(flow);
}

void
ScenarioRecorder::AddSamples(const std::string& flow, const std::vector<ProbeSample>& samples)
{
    m_writer.AddSamples(flow, samples);
}

// ---------------------------------------------------------------- queries

const std::vector<ScenarioEvent>&
ScenarioRecorder::GetEvents() const
{
    return m_log.GetEvents();
}

std::optional<ScenarioEvent>
ScenarioRecorder::FindFirst(const std::string& node,
                            const std::string& event,
                            const std::string& message,
                            const std::string& detail,
                            Time after,
                            const std::string& dst) const
{
    return m_log.FindFirst(node, event, message, detail, after, dst);
}

uint64_t
ScenarioRecorder::Count(const std::string& node,
                        const std::string& event,
                        const std::string& message,
                        const std::string& detail,
                        Time after,
                        const std::string& dst) const
{
    return m_log.Count(node, event, message, detail, after, dst);
}

ScenarioRecorder::HaLoad
ScenarioRecorder::GetHaLoad(const std::string& src,
                            const std::string& dst,
                            Time from,
                            Time to) const
{
    return m_traces.GetHaLoad(src, dst, from, to);
}

const std::vector<ScenarioRecorder::SetupRecord>&
ScenarioRecorder::GetSetups() const
{
    return m_traces.GetSetups();
}

std::pair<std::vector<std::string>, uint32_t>
ScenarioRecorder::GetLearned(const std::string& mr) const
{
    return m_traces.GetLearned(mr);
}

std::pair<std::vector<std::string>, uint32_t>
ScenarioRecorder::GetFirstLearned(const std::string& mr) const
{
    return m_traces.GetFirstLearned(mr);
}

// ---------------------------------------------------------------- output

void
ScenarioRecorder::AddTable(const std::string& file, const std::vector<std::string>& header)
{
    m_writer.AddTable(file, header);
}

void
ScenarioRecorder::AddRow(const std::string& file, const std::vector<ScenarioValue>& row)
{
    m_writer.AddRow(file, row);
}

void
ScenarioRecorder::EnablePcap(Ptr<NetDevice> device)
{
    std::string file = m_writer.EnablePcap(device);
    if (!file.empty())
    {
        m_capture.WatchDevice(device, NameOf(device->GetNode()), file);
    }
}

void
ScenarioRecorder::EnablePcap(const VirtualOperatorTopology& topology)
{
    EnablePcap(topology.homeAgentDevice);
    for (const VirtualOperatorSite& site : topology.sites)
    {
        for (const VirtualOperatorUplink& uplink : site.uplinks)
        {
            EnablePcap(uplink.mrDevice);
        }
    }
    for (const VirtualOperatorMiddlebox& middlebox : topology.middleboxes)
    {
        EnablePcap(middlebox.outsideDevice);
    }
}

void
ScenarioRecorder::Write() const
{
    m_writer.Write();
    m_capture.Write(GetOutDir());
}

std::string
ScenarioRecorder::SummaryJson() const
{
    return m_writer.SummaryJson();
}

std::string
ScenarioRecorder::EventsCsv() const
{
    return m_writer.EventsCsv();
}

std::string
ScenarioRecorder::TopologyJson() const
{
    return m_writer.TopologyJson();
}

std::string
ScenarioRecorder::SamplesCsv() const
{
    return m_writer.SamplesCsv();
}

void
PopulateSiteArpCaches(const VirtualOperatorTopology& topology)
{
    Ipv4InterfaceContainer lans;
    for (const VirtualOperatorSite& site : topology.sites)
    {
        lans.Add(site.mobileRouter->GetObject<Ipv4>(), site.lanInterface);
        for (uint32_t h = 0; h < site.hosts.GetN(); ++h)
        {
            Ptr<Ipv4> ipv4 = site.hosts.Get(h)->GetObject<Ipv4>();
            int32_t interface = ipv4->GetInterfaceForAddress(site.hostAddresses[h]);
            if (interface >= 0)
            {
                lans.Add(ipv4, static_cast<uint32_t>(interface));
            }
        }
    }
#ifdef HAARO_NS3_WAF_TREE
    // ns-3.35 has no NeighborCacheHelper (ns-3.36 added it): what its
    // PopulateNeighborCache(lans) does, with permanent instead of auto-generated entries.
    for (uint32_t i = 0; i < lans.GetN(); ++i)
    {
        Ptr<Ipv4Interface> own =
            DynamicCast<Ipv4L3Protocol>(lans.Get(i).first)->GetInterface(lans.Get(i).second);
        Ptr<Channel> channel = own->GetDevice()->GetChannel();
        for (std::size_t j = 0; j < channel->GetNDevices(); ++j)
        {
            Ptr<NetDevice> device = channel->GetDevice(j);
            Ptr<Ipv4L3Protocol> ipv4 = device->GetNode()->GetObject<Ipv4L3Protocol>();
            int32_t index = ipv4 ? ipv4->GetInterfaceForDevice(device) : -1;
            if (device == own->GetDevice() || index < 0 || !own->GetArpCache())
            {
                continue;
            }
            Ptr<Ipv4Interface> neighbor = ipv4->GetInterface(index);
            for (uint32_t n = 0; n < own->GetNAddresses(); ++n)
            {
                for (uint32_t m = 0; m < neighbor->GetNAddresses(); ++m)
                {
                    Ipv4Address address = neighbor->GetAddress(m).GetAddress();
                    if (own->GetAddress(n).IsInSameSubnet(address))
                    {
                        ArpCache::Entry* entry = own->GetArpCache()->Lookup(address);
                        entry = entry ? entry : own->GetArpCache()->Add(address);
                        entry->SetMacAddress(device->GetAddress());
                        entry->MarkPermanent();
                    }
                }
            }
        }
    }
#else
    NeighborCacheHelper().PopulateNeighborCache(lans);
#endif
}

} // namespace ns3
