/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "handover-breakdown.h"

#include "mip-wire-decoder.h"
#include "scenario-stats.h"

#include "ns3/ipv4-header.h"
#include "ns3/mip-tunnel-manager.h"
#include "ns3/simulator.h"
#include "ns3/wifi-net-device.h"

#include <algorithm>

namespace ns3
{

namespace
{

using scenariostats::NOT_A_NUMBER;

/// \param t a time or nothing \return seconds, NaN for nothing
double
SecondsOf(const std::optional<Time>& t)
{
    return t ? t->GetSeconds() : NOT_A_NUMBER;
}

/// \param from a time or nothing \param to a time or nothing \return to - from in ms, or NaN
double
Ms(const std::optional<Time>& from, const std::optional<Time>& to)
{
    return from && to ? (*to - *from).GetSeconds() * 1e3 : NOT_A_NUMBER;
}

/// \param e a row or nothing \param limit exclusive \return its time if before limit
std::optional<Time>
Before(const std::optional<ScenarioEvent>& e, Time limit)
{
    if (e && e->at < limit)
    {
        return e->at;
    }
    return std::nullopt;
}

} // namespace

HandoverBreakdown::HandoverBreakdown(ScenarioRecorder& rec,
                                     Ptr<MobileRouter> mr,
                                     const std::string& name,
                                     uint32_t uplink,
                                     const std::string& peer)
    : m_rec(rec),
      m_mr(mr),
      m_name(name),
      m_uplink(uplink),
      m_peer(peer)
{
    Ipv4AddressValue ha;
    mr->GetAttribute("HomeAgent", ha);
    m_homeAgent = ha.Get();
    mr->GetUplink(uplink)->TraceConnectWithoutContext(
        "HandoverPhase",
        MakeCallback(&HandoverBreakdown::OnPhase, this));
    ScenarioWhenStarted(mr, [this]() { return ConnectTunnels(); });
}

void
HandoverBreakdown::WatchStation(Ptr<NetDevice> station, const std::vector<Ptr<NetDevice>>& aps)
{
    for (uint32_t i = 0; i < aps.size(); ++i)
    {
        m_aps[Mac48Address::ConvertFrom(aps[i]->GetAddress())] = "AP-" + std::to_string(i + 1);
    }
    Ptr<StaWifiMac> mac = DynamicCast<StaWifiMac>(DynamicCast<WifiNetDevice>(station)->GetMac());
    NS_ABORT_MSG_IF(!mac, "HandoverBreakdown: not a Wi-Fi station");
    mac->TraceConnectWithoutContext("ReceivedBeaconInfo",
                                    MakeCallback(&HandoverBreakdown::OnBeacon, this));
    mac->TraceConnectWithoutContext("Assoc", MakeCallback(&HandoverBreakdown::OnAssoc, this));
}

void
HandoverBreakdown::SetUplinkNames(const std::vector<std::string>& names)
{
    m_uplinkNames = names;
}

void
HandoverBreakdown::AddFlow(Ptr<ProbeFlow> flow,
                           const std::string& key,
                           Ipv4Address source,
                           Ipv4Address sink)
{
    m_flows.push_back({flow, key, source, sink});
}

bool
HandoverBreakdown::ConnectTunnels()
{
    Ptr<MipTunnelManager> tunnels = m_mr->GetTunnelManager();
    if (!tunnels)
    {
        return false;
    }
    tunnels->TraceConnectWithoutContext(
        "Tx",
        MakeCallback(&HandoverBreakdown::OnTunnel, this).Bind(true));
    tunnels->TraceConnectWithoutContext(
        "Rx",
        MakeCallback(&HandoverBreakdown::OnTunnel, this).Bind(false));
    return true;
}

void
HandoverBreakdown::OnPhase(Ipv4Address careOf, MrHandoverPhase phase)
{
    m_phases.emplace_back(Simulator::Now(), careOf, phase);
    if (phase == MrHandoverPhase::ADDRESS_ACQUIRED)
    {
        m_rec.AddAddress(careOf, m_name); // the rows name the new care-of address
    }
    if (phase == MrHandoverPhase::LINK_DOWN)
    {
        auto it = m_aps.find(m_bssid);
        m_losses.emplace_back(m_lastBeacon, it == m_aps.end() ? "" : it->second);
        m_lastBeacon.reset();
    }
}

void
HandoverBreakdown::OnBeacon(StaWifiMac::ApInfo info)
{
    if (info.m_bssid == m_bssid)
    {
        m_lastBeacon = Simulator::Now();
    }
}

void
HandoverBreakdown::OnAssoc(Mac48Address bssid)
{
    m_bssid = bssid;
    auto it = m_aps.find(bssid);
    m_joins.emplace_back(Simulator::Now(), it == m_aps.end() ? "" : it->second);
}

void
HandoverBreakdown::OnTunnel(bool tx, Ptr<const Packet> p, Ptr<const MipTunnel> tunnel)
{
    Ptr<Packet> inner = p->Copy();
    Ipv4Header ip;
    if ((tx && !MipWireDecoder::StripEncapsulation(inner, tunnel->GetEncapsulation())) ||
        !MipTunnelManager::PeekIpv4Header(inner, ip))
    {
        return;
    }
    for (uint32_t f = 0; f < m_flows.size(); ++f)
    {
        if (ip.GetSource() != m_flows[f].source || ip.GetDestination() != m_flows[f].sink)
        {
            continue;
        }
        int32_t uplink = -1;
        for (uint32_t i = 0; i < m_mr->GetNUplinks(); ++i)
        {
            if (m_mr->GetUplink(i)->GetCareOfAddress() == tunnel->GetLocal())
            {
                uplink = static_cast<int32_t>(i);
            }
        }
        m_passages.push_back(
            {Simulator::Now(), f, uplink, tunnel->GetLocal(), tunnel->GetRemote() != m_homeAgent});
    }
}

void
HandoverBreakdown::FindRouteOptimization(Handover& h) const
{
    if (!h.address)
    {
        return;
    }
    Time after = *h.address;
    Time limit = h.windowEnd;
    auto hoti = Before(m_rec.FindFirst(m_name, "tx", "HoTI", "", after, m_peer), limit);
    auto coti = Before(m_rec.FindFirst(m_name, "tx", "CoTI", "", after, m_peer), limit);
    h.homeTest = hoti.has_value();
    if (hoti || coti)
    {
        h.rrStart = hoti && coti ? std::min(*hoti, *coti) : hoti ? hoti : coti;
        h.rrDone = Before(m_rec.FindFirst(m_name, "rr-done", "", "", *h.rrStart, m_peer), limit);
    }
    h.crSent = Before(m_rec.FindFirst(m_name, "tx", "RRQ", "", after, m_peer), limit);
    if (h.crSent)
    {
        h.crAccepted =
            Before(m_rec.FindFirst(m_name, "ro-accepted", "", "role=mr", *h.crSent, m_peer), limit);
    }
}

std::vector<HandoverBreakdown::Handover>
HandoverBreakdown::GetHandovers(Time end) const
{
    std::vector<Handover> out;
    for (const auto& [t, coa, phase] : m_phases)
    {
        if (phase == MrHandoverPhase::LINK_DOWN)
        {
            Handover h;
            h.linkDown = t;
            h.oldCareOf = coa;
            h.onset = m_losses[out.size()].first;
            h.fromAp = m_losses[out.size()].second;
            out.push_back(h);
            continue;
        }
        if (out.empty())
        {
            continue; // the first attachment is no handover
        }
        Handover& h = out.back();
        if (phase == MrHandoverPhase::LINK_UP && !h.linkUp)
        {
            h.linkUp = t;
        }
        else if (phase == MrHandoverPhase::ADDRESS_ACQUIRED && h.linkUp && !h.address)
        {
            h.address = t;
            h.careOf = coa;
        }
        else if (phase == MrHandoverPhase::REGISTRATION_SENT && h.address && !h.sent)
        {
            h.sent = t;
        }
        else if (phase == MrHandoverPhase::REGISTERED && h.sent && !h.registered)
        {
            h.registered = t;
        }
    }
    for (uint32_t k = 0; k < out.size(); ++k)
    {
        Handover& h = out[k];
        h.windowEnd = end;
        if (k + 1 < out.size())
        {
            h.windowEnd = out[k + 1].onset.value_or(out[k + 1].linkDown);
        }
        for (const auto& [t, ap] : m_joins)
        {
            if (t > h.linkDown && t < h.windowEnd)
            {
                h.toAp = ap;
                break;
            }
        }
        FindRouteOptimization(h);
    }
    return out;
}

void
HandoverBreakdown::Write(Time end)
{
    std::vector<Handover> handovers = GetHandovers(end);
    std::vector<std::string> header = {"handover",
                                       "flow",
                                       "from_ap",
                                       "to_ap",
                                       "care_of",
                                       "onset_s",
                                       "link_down_s",
                                       "link_up_s",
                                       "address_s",
                                       "registered_s",
                                       "rr_start_s",
                                       "rr_done_s",
                                       "cr_sent_s",
                                       "cr_accepted_s",
                                       "direct_again_s",
                                       "new_direct_s",
                                       "window_end_s",
                                       "l2_detection_ms",
                                       "association_ms",
                                       "dhcp_ms",
                                       "ha_registration_ms",
                                       "rr",
                                       "rr_ms",
                                       "cr_registration_ms",
                                       "direct_again_ms",
                                       "direct_again_on",
                                       "new_direct_ms",
                                       "outage_ms",
                                       "lost_packets",
                                       "meanwhile"};
    const uint32_t nUplinks = m_mr->GetNUplinks();
    auto uplinkName = [this](int32_t i) {
        if (i < 0)
        {
            return std::string("none");
        }
        return static_cast<uint32_t>(i) < m_uplinkNames.size() ? m_uplinkNames[i]
                                                               : "uplink" + std::to_string(i);
    };
    for (uint32_t i = 0; i < nUplinks; ++i)
    {
        header.push_back(uplinkName(i) + "_via_ha_packets");
        header.push_back(uplinkName(i) + "_direct_packets");
    }
    m_rec.AddTable("handovers.csv", header);

    std::map<std::string, std::vector<double>> columns; // for the mean metrics
    uint32_t complete = 0;
    for (uint32_t k = 0; k < handovers.size(); ++k)
    {
        const Handover& h = handovers[k];
        bool done = h.registered.has_value();
        for (uint32_t f = 0; f < m_flows.size(); ++f)
        {
            const Flow& flow = m_flows[f];
            Time from = h.onset.value_or(h.linkDown);
            std::optional<Time> newDirect; // on the new care-of address
            std::optional<Passage> again;  // direct again, on any other address
            std::vector<uint64_t> counts(2 * nUplinks, 0);
            std::vector<std::string> meanwhile;
            for (const Passage& p : m_passages)
            {
                if (p.flow != f || p.at < from || p.at >= h.windowEnd)
                {
                    continue;
                }
                if (p.uplink >= 0)
                {
                    counts[2 * p.uplink + (p.direct ? 1 : 0)]++;
                }
                if (!newDirect && h.address && p.at >= *h.address && p.direct &&
                    p.careOf == h.careOf)
                {
                    newDirect = p.at;
                }
                if (p.at < h.linkDown || again)
                {
                    continue;
                }
                if (p.direct && p.careOf != h.oldCareOf)
                {
                    again = p;
                }
                std::string what = uplinkName(p.uplink) + (p.direct ? "/direct" : "/via-ha");
                if (std::find(meanwhile.begin(), meanwhile.end(), what) == meanwhile.end())
                {
                    meanwhile.push_back(what);
                }
            }
            std::optional<Time> directAgain;
            if (again)
            {
                directAgain = again->at;
            }
            std::string carriers;
            for (const std::string& m : meanwhile)
            {
                carriers += (carriers.empty() ? "" : "+") + m;
            }
            double outage = flow.probe->GetLongestGap(from, h.windowEnd).GetSeconds() * 1e3;
            double lost = static_cast<double>(flow.probe->GetLostSentIn(from, h.windowEnd));
            std::vector<ScenarioValue> row = {k + 1,
                                              flow.key,
                                              h.fromAp,
                                              h.toAp,
                                              h.address ? ScenarioNodeNames::Dotted(h.careOf)
                                                        : std::string(),
                                              SecondsOf(h.onset),
                                              h.linkDown.GetSeconds(),
                                              SecondsOf(h.linkUp),
                                              SecondsOf(h.address),
                                              SecondsOf(h.registered),
                                              SecondsOf(h.rrStart),
                                              SecondsOf(h.rrDone),
                                              SecondsOf(h.crSent),
                                              SecondsOf(h.crAccepted),
                                              SecondsOf(directAgain),
                                              SecondsOf(newDirect),
                                              h.windowEnd.GetSeconds(),
                                              Ms(h.onset, h.linkDown),
                                              Ms(h.linkDown, h.linkUp),
                                              Ms(h.linkUp, h.address),
                                              Ms(h.sent, h.registered),
                                              std::string(!h.rrStart   ? "absent"
                                                          : h.homeTest ? "full"
                                                                       : "partial"),
                                              Ms(h.rrStart, h.rrDone),
                                              Ms(h.crSent, h.crAccepted),
                                              Ms(h.linkDown, directAgain),
                                              again ? uplinkName(again->uplink) : std::string(),
                                              Ms(h.linkDown, newDirect),
                                              outage,
                                              lost,
                                              carriers};
            for (uint64_t c : counts)
            {
                row.emplace_back(c);
            }
            m_rec.AddRow("handovers.csv", row);
            columns[flow.key + "_outage_ms"].push_back(outage);
            columns[flow.key + "_lost_packets"].push_back(lost);
            columns[flow.key + "_direct_again_ms"].push_back(Ms(h.linkDown, directAgain));
            done = done && directAgain;
        }
        complete += done ? 1 : 0;
        columns["l2_detection_ms"].push_back(Ms(h.onset, h.linkDown));
        columns["association_ms"].push_back(Ms(h.linkDown, h.linkUp));
        columns["dhcp_ms"].push_back(Ms(h.linkUp, h.address));
        columns["ha_registration_ms"].push_back(Ms(h.sent, h.registered));
        columns["ha_handover_ms"].push_back(Ms(h.linkDown, h.registered));
        columns["rr_ms"].push_back(Ms(h.rrStart, h.rrDone));
        columns["cr_registration_ms"].push_back(Ms(h.crSent, h.crAccepted));
    }
    m_rec.SetMetric("handovers", static_cast<uint64_t>(handovers.size()));
    m_rec.SetMetric("handovers_complete", static_cast<uint64_t>(complete));
    for (const auto& [key, values] : columns)
    {
        m_rec.SetMetric("mean_" + key, scenariostats::Mean(values));
    }
}

} // namespace ns3
