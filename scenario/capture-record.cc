/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "capture-record.h"

#include "mip-wire-decoder.h"
#include "scenario-event-log.h"
#include "scenario-value.h"

#include "ns3/ipv4-l3-protocol.h"
#include "ns3/mip-registration-request.h"
#include "ns3/node.h"
#include "ns3/prefix-advertisement-extension.h"
#include "ns3/simulator.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

namespace ns3
{

namespace
{

/**
 * \param m a Registration Request or Reply (other messages have no extensions)
 * \return its extensions, `type/subtype` or `type`, space separated; `?` if it does not parse
 */
std::string
ExtensionList(const MipWireMessage& m)
{
    std::unique_ptr<MipMessage> msg;
    if (m.type == MIP_REGISTRATION_REQUEST)
    {
        msg = std::make_unique<MipRegistrationRequest>();
    }
    else if (m.type == MIP_REGISTRATION_REPLY)
    {
        msg = std::make_unique<MipRegistrationReply>();
    }
    else
    {
        return "";
    }
    MipBytes bytes(m.message->GetSize());
    m.message->CopyData(bytes.data(), bytes.size());
    if (msg->FromBytes(bytes) == 0)
    {
        return "?";
    }
    std::ostringstream os;
    for (const MipExtension& e : msg->GetExtensions().GetAll())
    {
        if (e.format == MipExtensionFormat::PAD)
        {
            continue;
        }
        os << (os.tellp() > 0 ? " " : "") << unsigned(e.type);
        if (e.format != MipExtensionFormat::TLV)
        {
            os << "/" << unsigned(e.subtype);
        }
    }
    return os.str();
}

/// \param path file \param header first line \param rows the other lines
void
WriteCsv(const std::string& path, const std::string& header, const std::vector<std::string>& rows)
{
    std::ofstream f(path);
    f << header << "\n";
    for (const std::string& row : rows)
    {
        f << row << "\n";
    }
}

} // namespace

void
CaptureRecord::WatchDevice(Ptr<NetDevice> device, const std::string& node, const std::string& pcap)
{
    m_active = true;
    Ptr<Ipv4L3Protocol> ipv4 = device->GetNode()->GetObject<Ipv4L3Protocol>();
    if (!ipv4 || ipv4->GetInterfaceForDevice(device) < 0)
    {
        return;
    }
    uint32_t interface = ipv4->GetInterfaceForDevice(device);
    ipv4->TraceConnectWithoutContext(
        "Tx",
        MakeCallback(&CaptureRecord::OnTx, this).Bind(node).Bind(pcap).Bind(interface));
}

void
CaptureRecord::WatchAdvertisements(Ptr<HomeAgent> ha)
{
    ha->TraceConnectWithoutContext("ReplySent",
                                   MakeCallback(&CaptureRecord::AddAdvertisement, this));
}

void
CaptureRecord::AddAdvertisement(const MipRegistrationReply& reply, Ipv4Address to)
{
    std::optional<PrefixAdvertisementExtension> adv;
    if (!m_active || !(adv = PrefixAdvertisementExtension::Find(reply)))
    {
        return;
    }
    m_replies++;
    std::ostringstream head;
    head << ScenarioValue::FormatTime(Simulator::Now()) << "," << m_replies << "," << to << ",";
    for (const AdvertisedMobileRouter& e : adv->GetEntries())
    {
        std::ostringstream router;
        router << head.str() << e.homeAddress << ",";
        if (e.prefixes.empty())
        {
            m_advertised.push_back(router.str() + ",,");
        }
        for (const AdvertisedPrefix& p : e.prefixes)
        {
            std::ostringstream row;
            row << router.str() << p.prefix << "," << unsigned(p.prefixLength) << ","
                << ScenarioEventLog::Clean(p.realm);
            m_advertised.push_back(row.str());
        }
    }
}

bool
CaptureRecord::IsActive() const
{
    return m_active;
}

void
CaptureRecord::Write(const std::string& dir, const std::string& prefix) const
{
    if (!m_active)
    {
        return;
    }
    std::string base = dir.empty() ? prefix : dir + "/" + prefix;
    if (!dir.empty())
    {
        std::filesystem::create_directories(dir);
    }
    WriteCsv(base + "pcap-sent.csv", "time_s,node,pcap,type,message,tunnelled,extensions", m_sent);
    WriteCsv(base + "pcap-advertised.csv",
             "time_s,reply,to,router,prefix,prefix_len,realm",
             m_advertised);
}

void
CaptureRecord::OnTx(std::string node,
                    std::string pcap,
                    uint32_t interface,
                    Ptr<const Packet> p,
                    Ptr<Ipv4> ipv4,
                    uint32_t i)
{
    if (i != interface)
    {
        return;
    }
    std::optional<MipWireMessage> m = MipWireDecoder::Decode(p);
    if (!m)
    {
        return;
    }
    std::ostringstream row;
    row << ScenarioValue::FormatTime(Simulator::Now()) << "," << node << "," << pcap << ","
        << unsigned(m->type) << "," << m->name << "," << (m->tunnelled ? 1 : 0) << ","
        << ExtensionList(*m);
    m_sent.push_back(row.str());
}

} // namespace ns3
