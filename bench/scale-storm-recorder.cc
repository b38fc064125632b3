/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "scale-storm-recorder.h"

#include "bench-process.h"

#include "ns3/internet-module.h"
#include "ns3/ip-in-ip-encapsulation.h"
#include "ns3/traffic-control-module.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

namespace haarobench
{

StormRecorder::StormRecorder(const StormOptions& options,
                             const VirtualOperatorTopology& topology,
                             const NemoNetwork& network)
    : m_options(options),
      m_topo(topology),
      m_network(network),
      m_bins(1),
      m_firstReply(options.n, -1),
      m_careOfs(options.n),
      m_knowsAll(options.n, -1),
      m_delivered(options.n, 0),
      m_viaHa(options.n, 0)
{
    for (uint32_t i = 0; i < options.n; ++i)
    {
        m_siteOfHost[topology.sites[i].hostAddresses[0].Get()] = i;
    }
}

StormBin&
StormRecorder::Current()
{
    return m_bins.back();
}

void
StormRecorder::Start()
{
    Ptr<HomeAgent> ha = m_network.homeAgent;
    ha->TraceConnectWithoutContext(
        "RequestReceived",
        MakeBoundCallback(&Count<&StormBin::requests, const MipRegistrationRequest&, Ipv4Address>,
                          this));
    ha->TraceConnectWithoutContext(
        "ReplySent",
        MakeBoundCallback(&Count<&StormBin::replies, const MipRegistrationReply&, Ipv4Address>,
                          this));
    ha->TraceConnectWithoutContext(
        "AdvertisementSent",
        MakeBoundCallback(
            +[](StormRecorder* r, Ipv4Address, uint32_t routers, uint32_t, uint32_t octets) {
                StormBin& b = r->Current();
                b.advertisements++;
                b.advOctets += octets;
                b.advMax = std::max(b.advMax, octets);
                if (octets > r->m_largest)
                {
                    r->m_largest = octets;
                    r->m_largestRouters = routers;
                }
                r->m_advSizes.push_back(octets);
            },
            this));
    Ptr<Ipv4L3Protocol> ip = m_topo.homeAgent->GetObject<Ipv4L3Protocol>();
    ip->TraceConnectWithoutContext(
        "Tx",
        MakeBoundCallback(
            +[](StormRecorder* r, Ptr<const Packet> p, Ptr<Ipv4>, uint32_t i) {
                r->OnIp(true, p, i);
            },
            this));
    ip->TraceConnectWithoutContext(
        "Rx",
        MakeBoundCallback(
            +[](StormRecorder* r, Ptr<const Packet> p, Ptr<Ipv4>, uint32_t i) {
                r->OnIp(false, p, i);
            },
            this));
    // Drops on the backend link: both devices and their root queue discs.
    Ptr<Channel> channel = m_topo.homeAgentDevice->GetChannel();
    auto drop = MakeBoundCallback(&Count<&StormBin::drops, Ptr<const Packet>>, this);
    for (std::size_t d = 0; d < channel->GetNDevices(); ++d)
    {
        Ptr<NetDevice> device = channel->GetDevice(d);
        for (const char* name : {"MacTxDrop", "PhyTxDrop", "PhyRxDrop"})
        {
            device->TraceConnectWithoutContext(name, drop);
        }
        Ptr<TrafficControlLayer> tc = device->GetNode()->GetObject<TrafficControlLayer>();
        Ptr<QueueDisc> qd = tc ? tc->GetRootQueueDiscOnDevice(device) : nullptr;
        if (qd)
        {
            qd->TraceConnectWithoutContext(
                "Drop",
                MakeBoundCallback(&Count<&StormBin::drops, Ptr<const QueueDiscItem>>, this));
        }
    }
    for (NodeList::Iterator node = NodeList::Begin(); node != NodeList::End(); ++node)
    {
        Ptr<TrafficControlLayer> tc = (*node)->GetObject<TrafficControlLayer>();
        for (uint32_t d = 0; tc && d < (*node)->GetNDevices(); ++d)
        {
            if (Ptr<QueueDisc> qd = tc->GetRootQueueDiscOnDevice((*node)->GetDevice(d)))
            {
                m_queueDiscs.push_back(qd);
            }
        }
    }
    for (uint32_t i = 0; i < m_options.n; ++i)
    {
        Ptr<MobileRouter> mr = m_network.mobileRouters[i];
        mr->TraceConnectWithoutContext("ReplyReceived",
                                       MakeBoundCallback(
                                           +[](StormRecorder* r,
                                               uint32_t k,
                                               const MipRegistrationReply& reply,
                                               Ipv4Address c) { r->OnMrReply(k, reply, c); },
                                           this,
                                           i));
        m_uplinkCount += mr->GetNUplinks();
        for (std::size_t u = 0; u < mr->GetNUplinks(); ++u)
        {
            mr->GetUplink(u)->TraceConnectWithoutContext(
                "Retransmission",
                MakeBoundCallback(&Count<&StormBin::retransmissions, Ipv4Address, uint32_t, Time>,
                                  this));
        }
    }
    for (double end = m_options.bin; end < m_options.duration + m_options.bin / 2;
         end += m_options.bin)
    {
        Simulator::Schedule(Seconds(std::min(end, m_options.duration)),
                            &StormRecorder::CloseBin,
                            this);
    }
}

void
StormRecorder::OnIp(bool out, Ptr<const Packet> packet, uint32_t interface)
{
    if (interface != m_topo.homeAgentInterface)
    {
        return;
    }
    Ptr<Packet> p = packet->Copy();
    Ipv4Header outer;
    p->RemoveHeader(outer);
    uint32_t octets = packet->GetSize();
    StormBin& bin = Current();
    bool fragment = outer.IsLastFragment() == false || outer.GetFragmentOffset() > 0;
    Ipv4Address ha = m_topo.homeAgentAddress;
    if (outer.GetProtocol() == UdpL4Protocol::PROT_NUMBER &&
        (out ? outer.GetSource() : outer.GetDestination()) == ha)
    {
        // Registration signalling: UDP port 434 to or from the HA, every fragment of it.
        auto key = std::make_tuple(outer.GetSource().Get(),
                                   outer.GetDestination().Get(),
                                   outer.GetIdentification());
        bool signalling = false;
        if (outer.GetFragmentOffset() == 0)
        {
            UdpHeader udp;
            p->RemoveHeader(udp);
            uint8_t type = 0;
            signalling =
                (udp.GetSourcePort() == MIP_UDP_PORT || udp.GetDestinationPort() == MIP_UDP_PORT) &&
                p->CopyData(&type, 1) == 1 && (type == 1 || type == 3);
            if (signalling && fragment)
            {
                m_fragmented.insert(key);
            }
        }
        else if (m_fragmented.count(key) > 0)
        {
            signalling = true;
            if (outer.IsLastFragment())
            {
                m_fragmented.erase(key);
            }
        }
        if (signalling)
        {
            (out ? bin.regOctetsOut : bin.regOctetsIn) += octets;
            bin.replyFragments += out && fragment ? 1 : 0;
        }
        return;
    }
    if (outer.GetProtocol() != IpInIpEncapsulation::IPIP_PROTOCOL || outer.GetFragmentOffset() > 0)
    {
        return; // the module's default tunnels are IP in IP (no GRE in this benchmark)
    }
    Ipv4Header inner;
    UdpHeader udp;
    p->RemoveHeader(inner);
    if (inner.GetProtocol() != UdpL4Protocol::PROT_NUMBER || inner.GetFragmentOffset() > 0 ||
        p->GetSize() < udp.GetSerializedSize())
    {
        return;
    }
    p->RemoveHeader(udp);
    if (udp.GetSourcePort() == MIP_UDP_PORT || udp.GetDestinationPort() == MIP_UDP_PORT)
    {
        bin.roSignallingOctets += octets; // HoTI, HoT, requests and replies between routers
    }
    else if (!out && udp.GetDestinationPort() == SINK_PORT)
    {
        auto it = m_siteOfHost.find(inner.GetSource().Get());
        if (it != m_siteOfHost.end())
        {
            m_viaHa[it->second]++;
            bin.haTunnelled++;
        }
    }
}

void
StormRecorder::OnReceive(Ptr<Socket> socket)
{
    Address from;
    while (socket->RecvFrom(from))
    {
        m_totalDelivered++;
        auto it = m_siteOfHost.find(InetSocketAddress::ConvertFrom(from).GetIpv4().Get());
        if (it != m_siteOfHost.end())
        {
            m_delivered[it->second]++;
        }
    }
}

void
StormRecorder::OnMrReply(uint32_t router, const MipRegistrationReply& reply, Ipv4Address careOf)
{
    if (!MipReplyCodeIsSuccess(reply.GetCode()) || reply.GetLifetime() == 0)
    {
        return;
    }
    if (m_firstReply[router] < 0)
    {
        m_firstReply[router] = Simulator::Now().GetSeconds();
        m_routerCount++;
    }
    std::vector<uint32_t>& careOfs = m_careOfs[router];
    if (std::find(careOfs.begin(), careOfs.end(), careOf.Get()) == careOfs.end())
    {
        careOfs.push_back(careOf.Get());
        m_bindingCount++;
        if (m_bindingCount == m_uplinkCount)
        {
            m_allBindings = Simulator::Now().GetSeconds();
        }
    }
}

bool
StormRecorder::KnowsEverySite(uint32_t router)
{
    RouteOptimizationCache& cache =
        m_network.mobileRouters[router]->GetRouteOptimizer()->GetCache();
    for (uint32_t j = 0; j < m_options.n; ++j)
    {
        if (j == router)
        {
            continue;
        }
        const RocEntry* e = cache.Lookup(m_topo.sites[j].hostAddresses[0]);
        if (!e || e->crHomeAddress != m_topo.sites[j].homeAddress)
        {
            return false;
        }
    }
    return true;
}

void
StormRecorder::CloseBin()
{
    uint32_t n = m_options.n;
    uint32_t knowing = 0;
    uint64_t prefixes = 0;
    StateCensus state;
    for (uint32_t i = 0; i < n; ++i)
    {
        Ptr<RouteOptimizer> ro = m_network.mobileRouters[i]->GetRouteOptimizer();
        if (!ro)
        {
            continue;
        }
        // Routed prefixes without the /32 of each entry's home address: cheap, so the full
        // check (a look-up of every other site) runs only once it can succeed.
        const RouteOptimizationCache& cache = ro->GetCache();
        state.rocEntries += cache.GetSize();
        uint64_t routed = cache.GetRoutedPrefixCount() - cache.GetSize();
        prefixes += routed;
        if (m_knowsAll[i] < 0 && routed + 1 >= n && KnowsEverySite(i))
        {
            m_knowsAll[i] = Simulator::Now().GetSeconds();
        }
        knowing += m_knowsAll[i] >= 0 ? 1 : 0;
    }
    std::array<uint32_t, 3> flows{0, 0, 0};
    for (uint32_t i = 0; i < n; ++i)
    {
        flows[0] += m_delivered[i] > 0 ? 1 : 0;
        flows[1] += m_delivered[i] > 0 && m_viaHa[i] == 0 ? 1 : 0;
        flows[2] += m_viaHa[i] > 0 ? 1 : 0;
        m_delivered[i] = 0;
        m_viaHa[i] = 0;
    }
    m_binEnds.push_back(Simulator::Now().GetSeconds());
    m_registered.push_back(m_routerCount);
    m_bindings.push_back(m_bindingCount);
    m_knowing.push_back(knowing);
    m_cachePrefixes.push_back(prefixes);
    m_flows.push_back(flows);
    m_bins.emplace_back();
    // The simulator's own work, read without scheduling anything (not in storm.csv).
    m_cpu.push_back(CpuSeconds());
    m_events.push_back(Simulator::GetEventCount());
    m_deliveredSoFar.push_back(m_totalDelivered);
    for (const Ptr<QueueDisc>& qd : m_queueDiscs)
    {
        state.queueDiscFlows += qd->GetNQueueDiscClasses();
        state.queuedPackets += qd->GetNPackets();
    }
    state.rssMiB = CurrentRssMiB();
    m_state.push_back(state);
}

StormRecorder::Work
StormRecorder::GetWork(double from) const
{
    Work w;
    auto first = std::lower_bound(m_binEnds.begin(), m_binEnds.end(), from - 1e-9);
    if (m_binEnds.end() - first < 2)
    {
        return w;
    }
    std::size_t a = first - m_binEnds.begin();
    std::size_t b = m_binEnds.size() - 1;
    w.from = m_binEnds[a];
    w.to = m_binEnds[b];
    w.cpu = m_cpu[b] - m_cpu[a];
    w.events = m_events[b] - m_events[a];
    w.datagrams = m_deliveredSoFar[b] - m_deliveredSoFar[a];
    return w;
}

void
StormRecorder::WriteCpu(const std::string& dir) const
{
    std::ofstream cpu(dir + "/cpu.csv");
    cpu << "bin_end_s,cpu_s,events,delivered,rss_mib,roc_entries,queue_disc_flows,"
           "queued_packets\n";
    for (std::size_t k = 0; k < m_binEnds.size(); ++k)
    {
        const StateCensus& state = m_state[k];
        char line[192];
        std::snprintf(line,
                      sizeof(line),
                      "%.3f,%.3f,%lu,%lu,%.1f,%lu,%lu,%lu\n",
                      m_binEnds[k],
                      m_cpu[k],
                      static_cast<unsigned long>(m_events[k]),
                      static_cast<unsigned long>(m_deliveredSoFar[k]),
                      state.rssMiB,
                      static_cast<unsigned long>(state.rocEntries),
                      static_cast<unsigned long>(state.queueDiscFlows),
                      static_cast<unsigned long>(state.queuedPackets));
        cpu << line;
    }
}

std::pair<double, StateCensus>
StormRecorder::GetLargestState() const
{
    auto largest = std::max_element(
        m_state.begin(),
        m_state.end(),
        [](const StateCensus& a, const StateCensus& b) { return a.rssMiB < b.rssMiB; });
    if (largest == m_state.end())
    {
        return {0, StateCensus()};
    }
    return {m_binEnds[largest - m_state.begin()], *largest};
}

uint64_t
StormRecorder::GetDelivered() const
{
    return m_totalDelivered;
}

StormBin
StormRecorder::GetTotal() const
{
    StormBin t;
    for (const StormBin& b : m_bins)
    {
        t.regOctetsIn += b.regOctetsIn;
        t.regOctetsOut += b.regOctetsOut;
        t.requests += b.requests;
        t.replies += b.replies;
        t.replyFragments += b.replyFragments;
        t.retransmissions += b.retransmissions;
        t.advertisements += b.advertisements;
        t.advOctets += b.advOctets;
        t.advMax = std::max(t.advMax, b.advMax);
        t.roSignallingOctets += b.roSignallingOctets;
        t.drops += b.drops;
        t.haTunnelled += b.haTunnelled;
    }
    return t;
}

std::pair<uint32_t, uint32_t>
StormRecorder::GetLargest() const
{
    return {m_largest, m_largestRouters};
}

namespace
{

/// \param v values \param q quantile in [0, 1] \return nearest-rank quantile (0 if empty)
uint32_t
Quantile(std::vector<uint32_t> v, double q)
{
    if (v.empty())
    {
        return 0;
    }
    std::sort(v.begin(), v.end());
    std::size_t rank = static_cast<std::size_t>(std::ceil(q * v.size()));
    return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

/// \param times per router (<0: never) \return "" if one is never, else the latest, "%.6f"
std::string
LatestOrNever(const std::vector<double>& times)
{
    double latest = 0;
    for (double t : times)
    {
        if (t < 0)
        {
            return "";
        }
        latest = std::max(latest, t);
    }
    char text[32];
    std::snprintf(text, sizeof(text), "%.6f", latest);
    return text;
}

} // namespace

void
StormRecorder::Write(const std::string& dir) const
{
    uint32_t n = m_options.n;
    std::ofstream storm(dir + "/storm.csv");
    storm << "bin_end_s,reg_octets_in,reg_octets_out,reg_octets_per_s,requests,replies,"
             "reply_fragments,retransmissions,advertisements,adv_octets,adv_max_octets,"
             "ro_signalling_octets,backend_drops,routers_registered,bindings_registered,"
             "routers_knowing_all,cache_prefixes,flows_delivered,flows_direct,flows_via_ha,"
             "ha_tunnelled_datagrams\n";
    double start = 0;
    double allFlowsDirect = -1;
    for (std::size_t k = 0; k < m_binEnds.size(); ++k)
    {
        const StormBin& b = m_bins[k];
        double width = m_binEnds[k] - start;
        start = m_binEnds[k];
        char line[512];
        std::snprintf(line,
                      sizeof(line),
                      "%.3f,%lu,%lu,%.1f,%lu,%lu,%lu,%lu,%lu,%lu,%u,%lu,%lu,%u,%u,%u,%lu,%u,%u,%u,"
                      "%lu\n",
                      m_binEnds[k],
                      static_cast<unsigned long>(b.regOctetsIn),
                      static_cast<unsigned long>(b.regOctetsOut),
                      width > 0 ? (b.regOctetsIn + b.regOctetsOut) / width : 0.0,
                      static_cast<unsigned long>(b.requests),
                      static_cast<unsigned long>(b.replies),
                      static_cast<unsigned long>(b.replyFragments),
                      static_cast<unsigned long>(b.retransmissions),
                      static_cast<unsigned long>(b.advertisements),
                      static_cast<unsigned long>(b.advOctets),
                      b.advMax,
                      static_cast<unsigned long>(b.roSignallingOctets),
                      static_cast<unsigned long>(b.drops),
                      m_registered[k],
                      m_bindings[k],
                      m_knowing[k],
                      static_cast<unsigned long>(m_cachePrefixes[k]),
                      m_flows[k][0],
                      m_flows[k][1],
                      m_flows[k][2],
                      static_cast<unsigned long>(b.haTunnelled));
        storm << line;
        if (allFlowsDirect < 0 && m_flows[k][1] == n)
        {
            allFlowsDirect = m_binEnds[k];
        }
    }
    StormBin t = GetTotal();
    double roFraction = m_flows.empty() ? 0 : double(m_flows.back()[1]) / n;
    std::ofstream summary(dir + "/summary.csv");
    summary << "n,duration_s,spread_s,traffic_start_s,lifetime_s,max_advertisement_octets,bin_s,"
               "rng_run,events,requests,replies,reply_fragments,retransmissions,reg_octets,"
               "backend_drops,advertisements,adv_octets,adv_min_octets,adv_median_octets,"
               "adv_p90_octets,adv_max_octets,adv_max_routers,all_registered_s,"
               "all_bindings_registered_s,all_know_all_s,all_flows_direct_s,"
               "ro_fraction_last_bin,delivered\n";
    UintegerValue run;
    GlobalValue::GetValueByName("RngRun", run);
    char line[1024];
    std::snprintf(line,
                  sizeof(line),
                  "%u,%g,%g,%g,%u,%u,%g,%lu,%lu,%lu,%lu,%lu,%lu,%lu,%lu,%lu,%lu,%u,%u,%u,%u,%u,%s,"
                  "%s,%s,%s,%.4f,%lu\n",
                  n,
                  m_options.duration,
                  m_options.spread,
                  m_options.trafficStart,
                  m_options.lifetime,
                  m_options.maxAdvertisement,
                  m_options.bin,
                  static_cast<unsigned long>(run.Get()),
                  static_cast<unsigned long>(Simulator::GetEventCount()),
                  static_cast<unsigned long>(t.requests),
                  static_cast<unsigned long>(t.replies),
                  static_cast<unsigned long>(t.replyFragments),
                  static_cast<unsigned long>(t.retransmissions),
                  static_cast<unsigned long>(t.regOctetsIn + t.regOctetsOut),
                  static_cast<unsigned long>(t.drops),
                  static_cast<unsigned long>(t.advertisements),
                  static_cast<unsigned long>(t.advOctets),
                  Quantile(m_advSizes, 0),
                  Quantile(m_advSizes, 0.5),
                  Quantile(m_advSizes, 0.9),
                  GetLargest().first,
                  m_largestRouters,
                  LatestOrNever(m_firstReply).c_str(),
                  LatestOrNever({m_allBindings}).c_str(),
                  LatestOrNever(m_knowsAll).c_str(),
                  allFlowsDirect < 0 ? "" : std::to_string(allFlowsDirect).c_str(),
                  roFraction,
                  static_cast<unsigned long>(m_totalDelivered));
    summary << line;
}

} // namespace haarobench
