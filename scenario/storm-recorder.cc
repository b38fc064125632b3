/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "storm-recorder.h"

#include "scenario-node-names.h"

#include "ns3/internet-module.h"
#include "ns3/ip-in-ip-encapsulation.h"
#include "ns3/seq-ts-header.h"
#include "ns3/socket.h"
#include "ns3/traffic-control-module.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

namespace ns3
{

namespace
{
constexpr uint32_t INITIAL_TTL = 64; //!< the senders' TTL (ns-3's default Ipv4 TTL)
constexpr uint32_t HA_PATH_HOPS = 3; //!< inner hops via the HA: both routers and the HA
} // namespace

StormRecorder::StormRecorder(const StormNetwork& storm)
    : m_storm(storm),
      m_params(storm.GetParams()),
      m_bins(1),
      m_firstReply(m_params.n, -1),
      m_careOfs(m_params.n),
      m_knowsAll(m_params.n, -1),
      m_delivered(m_params.n, 0),
      m_viaHa(m_params.n, 0),
      m_seen(m_params.n)
{
    for (uint32_t i = 0; i < m_params.n; ++i)
    {
        m_siteOfHost[storm.GetTopology().sites[i].hostAddresses[0].Get()] = i;
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
    const VirtualOperatorTopology& topo = m_storm.GetTopology();
    Ptr<HomeAgent> ha = m_storm.GetNetwork().homeAgent;
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
    Ptr<Ipv4L3Protocol> ip = topo.homeAgent->GetObject<Ipv4L3Protocol>();
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
    Ptr<Channel> channel = topo.homeAgentDevice->GetChannel();
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
    for (uint32_t i = 0; i < m_params.n; ++i)
    {
        Ptr<MobileRouter> mr = m_storm.GetNetwork().mobileRouters[i];
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
    // Bins of --bin seconds; the last one ends with the run (shorter if --duration is not
    // a multiple of --bin), so that every second of the run is in storm.csv.
    for (uint64_t k = 1; true; ++k)
    {
        double end = k * m_params.bin;
        if (end >= m_params.duration - 1e-9)
        {
            Simulator::Schedule(Seconds(m_params.duration), &StormRecorder::CloseBin, this);
            break;
        }
        Simulator::Schedule(Seconds(end), &StormRecorder::CloseBin, this);
    }
}

void
StormRecorder::OnIp(bool out, Ptr<const Packet> packet, uint32_t interface)
{
    if (interface != m_storm.GetTopology().homeAgentInterface)
    {
        return;
    }
    Ptr<Packet> p = packet->Copy();
    Ipv4Header outer;
    p->RemoveHeader(outer);
    uint32_t octets = packet->GetSize();
    StormBin& bin = Current();
    bool fragment = outer.IsLastFragment() == false || outer.GetFragmentOffset() > 0;
    Ipv4Address ha = m_storm.GetTopology().homeAgentAddress;
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
    else if (!out && udp.GetDestinationPort() == StormNetwork::SINK_PORT)
    {
        auto it = m_siteOfHost.find(inner.GetSource().Get());
        if (it != m_siteOfHost.end())
        {
            bin.haTunnelled++;
        }
    }
}

void
StormRecorder::OnReceive(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        m_totalDelivered++;
        auto it = m_siteOfHost.find(InetSocketAddress::ConvertFrom(from).GetIpv4().Get());
        if (it == m_siteOfHost.end())
        {
            continue;
        }
        uint32_t site = it->second;
        m_delivered[site]++;
        // Its sequence number and path, as a probe flow reads them (every sink reads the
        // TTL): through the HA at least HA_PATH_HOPS (both routers and the HA), judged at
        // the receiver, so that a datagram counts in the bin in which it arrived.
        std::optional<ProbeSample> s = ProbeFlow::SampleOf(p, INITIAL_TTL, HA_PATH_HOPS);
        if (!s)
        {
            continue;
        }
        if (!s->direct)
        {
            m_viaHa[site]++;
        }
        // Copies (the HA tunnels one to each care-of address of a router registered with
        // S) count once here.
        std::vector<bool>& seen = m_seen[site];
        if (s->seq >= seen.size())
        {
            seen.resize(s->seq + 1, false);
        }
        if (!seen[s->seq])
        {
            seen[s->seq] = true;
            m_uniqueDelivered++;
        }
        if (auto watched = m_watched.find(site); watched != m_watched.end())
        {
            m_samples[watched->second].push_back(*s);
        }
    }
}

void
StormRecorder::WatchFlow(uint32_t source)
{
    uint32_t peer = m_storm.GetPeer(source);
    std::string name =
        ScenarioNodeNames::HostName(source) + "->" + ScenarioNodeNames::HostName(peer);
    m_watched[source] = name;
    m_samples[name];
}

void
StormRecorder::SetBinEndCallback(std::function<void()> callback)
{
    m_binEnd = std::move(callback);
}

const std::map<std::string, std::vector<ProbeSample>>&
StormRecorder::GetFlowSamples() const
{
    return m_samples;
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
        m_storm.GetNetwork().mobileRouters[router]->GetRouteOptimizer()->GetCache();
    for (uint32_t j = 0; j < m_params.n; ++j)
    {
        if (j == router)
        {
            continue;
        }
        const RocEntry* e = cache.Lookup(m_storm.GetTopology().sites[j].hostAddresses[0]);
        if (!e || e->crHomeAddress != m_storm.GetTopology().sites[j].homeAddress)
        {
            return false;
        }
    }
    return true;
}

void
StormRecorder::CloseBin()
{
    uint32_t n = m_params.n;
    uint32_t knowing = 0;
    uint64_t prefixes = 0;
    for (uint32_t i = 0; i < n; ++i)
    {
        Ptr<RouteOptimizer> ro = m_storm.GetNetwork().mobileRouters[i]->GetRouteOptimizer();
        if (!ro)
        {
            continue;
        }
        // Routed prefixes without the /32 of each entry's home address: cheap, so the full
        // check (a look-up of every other site) runs only once it can succeed.
        const RouteOptimizationCache& cache = ro->GetCache();
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
    if (m_binEnd)
    {
        m_binEnd();
    }
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

/// \param v values \param q quantile in [0, 1] \return nearest-rank quantile (NaN if empty)
double
Quantile(std::vector<uint32_t> v, double q)
{
    if (v.empty())
    {
        return std::numeric_limits<double>::quiet_NaN();
    }
    std::sort(v.begin(), v.end());
    std::size_t rank = static_cast<std::size_t>(std::ceil(q * v.size()));
    return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

/// \param times per router (<0: never) \return NaN if one is never, else the latest
double
LatestOrNever(const std::vector<double>& times)
{
    double latest = 0;
    for (double t : times)
    {
        if (t < 0)
        {
            return std::numeric_limits<double>::quiet_NaN();
        }
        latest = std::max(latest, t);
    }
    return latest;
}

} // namespace

std::string
StormRecorder::StormCsv() const
{
    std::ostringstream storm;
    storm << "bin_end_s,reg_octets_in,reg_octets_out,reg_octets_per_s,requests,replies,"
             "reply_fragments,retransmissions,advertisements,adv_octets,adv_max_octets,"
             "ro_signalling_octets,backend_drops,routers_registered,bindings_registered,"
             "routers_knowing_all,cache_prefixes,flows_delivered,flows_direct,flows_via_ha,"
             "ha_tunnelled_datagrams\n";
    double start = 0;
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
    }
    return storm.str();
}

std::vector<std::pair<std::string, ScenarioValue>>
StormRecorder::Metrics() const
{
    uint32_t n = m_params.n;
    double allFlowsDirect = std::numeric_limits<double>::quiet_NaN();
    double peakRate = 0;
    double start = 0;
    for (std::size_t k = 0; k < m_binEnds.size(); ++k)
    {
        if (std::isnan(allFlowsDirect) && m_flows[k][1] == n)
        {
            allFlowsDirect = m_binEnds[k];
        }
        double width = m_binEnds[k] - start;
        start = m_binEnds[k];
        if (width > 0)
        {
            peakRate = std::max(peakRate, (m_bins[k].regOctetsIn + m_bins[k].regOctetsOut) / width);
        }
    }
    StormBin t = GetTotal();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    bool advertised = !m_advSizes.empty();
    return {
        {"simulator_events", Simulator::GetEventCount()},
        {"requests", t.requests},
        {"replies", t.replies},
        {"reply_fragments", t.replyFragments},
        {"retransmissions", t.retransmissions},
        {"registration_bytes", t.regOctetsIn + t.regOctetsOut},
        {"registration_peak_bytes_per_s", peakRate},
        {"ro_signalling_bytes", t.roSignallingOctets},
        {"backend_drops", t.drops},
        {"advertisements", t.advertisements},
        {"advertisement_bytes", t.advOctets},
        {"advertisement_min_bytes", Quantile(m_advSizes, 0)},
        {"advertisement_median_bytes", Quantile(m_advSizes, 0.5)},
        {"advertisement_p90_bytes", Quantile(m_advSizes, 0.9)},
        {"advertisement_max_bytes", advertised ? double(m_largest) : nan},
        {"advertisement_max_routers", advertised ? double(m_largestRouters) : nan},
        {"all_registered_s", LatestOrNever(m_firstReply)},
        {"all_bindings_registered_s", LatestOrNever({m_allBindings})},
        {"all_know_all_s", LatestOrNever(m_knowsAll)},
        {"all_flows_direct_s", allFlowsDirect},
        {"ro_fraction_last_bin", m_flows.empty() ? nan : double(m_flows.back()[1]) / n},
        {"sent_packets", m_storm.GetSentDatagrams()},
        {"delivered_packets", m_totalDelivered},
        {"delivered_unique_packets", m_uniqueDelivered},
        {"ha_tunnelled_packets", t.haTunnelled},
    };
}

} // namespace ns3
