/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "scenario-results-writer.h"

#include "ns3/channel.h"
#include "ns3/csma-helper.h"
#include "ns3/csma-net-device.h"
#include "ns3/data-rate.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/rng-seed-manager.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#ifndef HAARO_VERSION
#define HAARO_VERSION "unknown"
#endif

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ScenarioResultsWriter");

namespace
{

/// \param kind a node kind \return its rank for ordering link ends
int
KindRank(const std::string& kind)
{
    static const char* order[] = {"mr", "host", "nat", "ha", "router"};
    for (int i = 0; i < 5; ++i)
    {
        if (kind == order[i])
        {
            return i;
        }
    }
    return 5;
}

/// \param a kind of one end \param b kind of the other \return the link kind
/// \param a kind of one end \param b kind of the other \return the link kind
std::string
LinkKind(const std::string& a, const std::string& b)
{
    auto has = [&](const char* k) { return a == k || b == k; };
    if (has("nat"))
    {
        return "nat";
    }
    if (has("ha"))
    {
        return "backend";
    }
    if (has("mr") && has("router"))
    {
        return "uplink";
    }
    if (a == "router" && b == "router")
    {
        return "core";
    }
    return "link";
}

} // namespace

ScenarioResultsWriter::ScenarioResultsWriter(const std::string& scenario,
                                             const std::string& outDir,
                                             const ScenarioNodeNames& names,
                                             const ScenarioEventLog& log)
    : m_scenario(scenario),
      m_outDir(outDir),
      m_names(names),
      m_log(log)
{
}

const std::string&
ScenarioResultsWriter::GetOutDir() const
{
    return m_outDir;
}

void
ScenarioResultsWriter::SetParam(const std::string& key, const ScenarioValue& value)
{
    m_params.insert_or_assign(key, value);
}

void
ScenarioResultsWriter::SetMetric(const std::string& key, const ScenarioValue& value)
{
    m_metrics.insert_or_assign(key, value);
}

void
ScenarioResultsWriter::AddProbe(Ptr<ProbeFlow> flow)
{
    m_probes.push_back(flow);
    AddSamples(flow->GetName(), flow->GetSamples());
}

void
ScenarioResultsWriter::AddSamples(const std::string& flow, const std::vector<ProbeSample>& samples)
{
    m_flows.emplace_back(flow, &samples);
}

void
ScenarioResultsWriter::AddTable(const std::string& file, const std::vector<std::string>& header)
{
    if (m_tableHeaders.find(file) == m_tableHeaders.end())
    {
        m_tableOrder.push_back(file);
    }
    m_tableHeaders[file] = header;
    m_tableRows[file];
}

void
ScenarioResultsWriter::AddRow(const std::string& file, const std::vector<ScenarioValue>& row)
{
    NS_ABORT_MSG_IF(m_tableHeaders.find(file) == m_tableHeaders.end(),
                    "ScenarioResultsWriter: table " << file << " was not declared");
    NS_ABORT_MSG_IF(row.size() != m_tableHeaders[file].size(),
                    "ScenarioResultsWriter: row of " << row.size() << " values for the "
                                                     << m_tableHeaders[file].size()
                                                     << " columns of " << file);
    m_tableRows[file].push_back(row);
}

std::string
ScenarioResultsWriter::EnablePcap(Ptr<NetDevice> device)
{
    std::filesystem::create_directories(m_outDir);
    std::string file =
        m_names.NameOf(device->GetNode()) + "-" + std::to_string(device->GetIfIndex()) + ".pcap";
    std::string path = m_outDir + "/" + file;
    if (DynamicCast<PointToPointNetDevice>(device))
    {
        PointToPointHelper().EnablePcap(path, device, true, true);
    }
    else if (DynamicCast<CsmaNetDevice>(device))
    {
        CsmaHelper().EnablePcap(path, device, true, true);
    }
    else
    {
        NS_LOG_WARN("ScenarioResultsWriter: no pcap for device "
                    << device->GetInstanceTypeId().GetName());
        return "";
    }
    return file;
}

std::string
ScenarioResultsWriter::SummaryJson() const
{
    std::map<std::string, ScenarioValue> params = m_params;
    params.insert_or_assign("RngRun", static_cast<uint64_t>(RngSeedManager::GetRun()));
    params.insert_or_assign("RngSeed", static_cast<uint64_t>(RngSeedManager::GetSeed()));
    std::ostringstream os;
    os << "{\n  \"scenario\": " << ScenarioValue::JsonString(m_scenario)
       << ",\n  \"version\": " << ScenarioValue::JsonString(HAARO_VERSION) << ",\n  \"params\": {";
    bool first = true;
    for (const auto& [key, value] : params)
    {
        os << (first ? "\n" : ",\n") << "    " << ScenarioValue::JsonString(key) << ": "
           << value.ToJson();
        first = false;
    }
    os << (first ? "},\n" : "\n  },\n") << "  \"metrics\": {";
    first = true;
    for (const auto& [key, value] : m_metrics)
    {
        os << (first ? "\n" : ",\n") << "    " << ScenarioValue::JsonString(key) << ": "
           << value.ToJson();
        first = false;
    }
    os << (first ? "}\n" : "\n  }\n") << "}\n";
    return os.str();
}

std::string
ScenarioResultsWriter::EventsCsv() const
{
    std::ostringstream os;
    os << "time_s,node,event,message,src,dst,detail\n";
    for (const ScenarioEvent& e : m_log.GetEvents())
    {
        os << ScenarioValue::FormatTime(e.at) << "," << e.node << "," << e.event << "," << e.message
           << "," << e.src << "," << e.dst << "," << e.detail << "\n";
    }
    return os.str();
}

std::string
ScenarioResultsWriter::TopologyJson() const
{
    const std::vector<NamedNode>& nodes = m_names.GetNodes();
    std::ostringstream os;
    os << "{\n  \"nodes\": [";
    for (size_t i = 0; i < nodes.size(); ++i)
    {
        const NamedNode& n = nodes[i];
        os << (i ? ",\n" : "\n") << "    {\"name\": " << ScenarioValue::JsonString(n.name)
           << ", \"kind\": " << ScenarioValue::JsonString(n.kind) << ", \"addresses\": [";
        bool first = true;
        if (Ptr<Ipv4> ipv4 = n.node->GetObject<Ipv4>())
        {
            for (uint32_t k = 1; k < ipv4->GetNInterfaces(); ++k)
            {
                for (uint32_t j = 0; j < ipv4->GetNAddresses(k); ++j)
                {
                    os << (first ? "" : ", ")
                       << ScenarioValue::JsonString(
                              ScenarioNodeNames::Dotted(ipv4->GetAddress(k, j).GetLocal()));
                    first = false;
                }
            }
        }
        os << "]}";
    }
    os << "\n  ],\n  \"links\": [";
    std::set<uint32_t> seen;
    bool firstLink = true;
    auto link = [&](const NamedNode& a,
                    const NamedNode& b,
                    Time delay,
                    DataRate rate,
                    const std::string& kind) {
        const NamedNode* x = &a;
        const NamedNode* y = &b;
        if (KindRank(y->kind) < KindRank(x->kind))
        {
            std::swap(x, y);
        }
        os << (firstLink ? "\n" : ",\n") << "    {\"a\": " << ScenarioValue::JsonString(x->name)
           << ", \"b\": " << ScenarioValue::JsonString(y->name)
           << ", \"delay_ms\": " << ScenarioValue::FormatDouble(delay.GetSeconds() * 1e3)
           << ", \"rate_mbps\": "
           << ScenarioValue::FormatDouble(static_cast<double>(rate.GetBitRate()) / 1e6)
           << ", \"kind\": " << ScenarioValue::JsonString(kind) << "}";
        firstLink = false;
    };
    for (const NamedNode& n : nodes)
    {
        for (uint32_t d = 0; d < n.node->GetNDevices(); ++d)
        {
            Ptr<NetDevice> device = n.node->GetDevice(d);
            Ptr<Channel> channel = device->GetChannel();
            if (!channel || !seen.insert(channel->GetId()).second)
            {
                continue;
            }
            TimeValue delay;
            DataRateValue rate;
            if (DynamicCast<PointToPointNetDevice>(device) && channel->GetNDevices() == 2)
            {
                Ptr<NetDevice> other =
                    channel->GetDevice(0) == device ? channel->GetDevice(1) : channel->GetDevice(0);
                const NamedNode* peer = m_names.Find(other->GetNode()->GetId());
                if (!peer)
                {
                    continue;
                }
                channel->GetAttributeFailSafe("Delay", delay);
                device->GetAttributeFailSafe("DataRate", rate);
                link(n, *peer, delay.Get(), rate.Get(), LinkKind(n.kind, peer->kind));
            }
            else if (DynamicCast<CsmaNetDevice>(device))
            {
                channel->GetAttributeFailSafe("Delay", delay);
                channel->GetAttributeFailSafe("DataRate", rate);
                for (size_t k = 0; k < channel->GetNDevices(); ++k)
                {
                    Ptr<NetDevice> other = channel->GetDevice(k);
                    const NamedNode* peer = m_names.Find(other->GetNode()->GetId());
                    if (other == device || !peer)
                    {
                        continue;
                    }
                    link(n, *peer, delay.Get(), rate.Get(), "lan");
                }
            }
        }
    }
    os << (firstLink ? "]\n" : "\n  ]\n") << "}\n";
    return os.str();
}

std::string
ScenarioResultsWriter::SamplesCsv() const
{
    struct Row
    {
        const ProbeSample* sample;
        const std::string* flow;
    };

    std::vector<Row> rows;
    for (const auto& [name, samples] : m_flows)
    {
        for (const ProbeSample& s : *samples)
        {
            rows.push_back({&s, &name});
        }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return a.sample->at < b.sample->at;
    });
    std::ostringstream os;
    os << "time_s,flow,seq,delay_ms,hops,path\n";
    for (const Row& r : rows)
    {
        os << ScenarioValue::FormatTime(r.sample->at) << "," << ScenarioEventLog::Clean(*r.flow)
           << "," << r.sample->seq << ","
           << ScenarioValue::FormatDouble(r.sample->delay.GetSeconds() * 1e3) << ","
           << r.sample->hops << "," << (r.sample->direct ? "direct" : "via-ha") << "\n";
    }
    return os.str();
}

void
ScenarioResultsWriter::Write() const
{
    std::filesystem::create_directories(m_outDir);
    auto write = [this](const std::string& file, const std::string& text) {
        std::string path = m_outDir + "/" + file;
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        NS_ABORT_MSG_IF(!out, "ScenarioResultsWriter: cannot write " << path);
        out << text;
    };
    write("summary.json", SummaryJson());
    write("events.csv", EventsCsv());
    write("topology.json", TopologyJson());
    if (!m_flows.empty())
    {
        write("samples.csv", SamplesCsv());
    }
    for (const std::string& file : m_tableOrder)
    {
        std::ostringstream os;
        const std::vector<std::string>& header = m_tableHeaders.at(file);
        for (size_t i = 0; i < header.size(); ++i)
        {
            os << (i ? "," : "") << header[i];
        }
        os << "\n";
        for (const auto& row : m_tableRows.at(file))
        {
            for (size_t i = 0; i < row.size(); ++i)
            {
                os << (i ? "," : "") << row[i].ToCsv();
            }
            os << "\n";
        }
        write(file, os.str());
    }
}

} // namespace ns3
