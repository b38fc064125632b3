/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "scenario-recorder.h"

#include "ns3/csma-channel.h"
#include "ns3/csma-helper.h"
#include "ns3/csma-net-device.h"
#include "ns3/data-rate.h"
#include "ns3/gre-header.h"
#include "ns3/haaro-extensions.h"
#include "ns3/ipv4-interface-container.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/mip-message.h"
#include "ns3/mip-tunnel-data-header.h"
#include "ns3/neighbor-cache-helper.h"
#include "ns3/point-to-point-channel.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/prefix-advertisement-extension.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/udp-header.h"
#include "ns3/virtual-net-device.h"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#ifndef HAARO_VERSION
#define HAARO_VERSION "unknown"
#endif

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ScenarioRecorder");

namespace
{

/// A Mobile IP message found in a packet on the wire.
struct WireMessage
{
    std::string name;      //!< RRQ, RRP, HoTI, CoTI, HoT, CoT, MIP-<type>
    Ipv4Address src;       //!< (inner) IP source
    Ipv4Address dst;       //!< (inner) IP destination
    bool tunnelled{false}; //!< inside an IP-in-IP, GRE or UDP tunnel
    Ipv4Address outerSrc;  //!< outer source when tunnelled
    Ipv4Address outerDst;  //!< outer destination when tunnelled
};

/// \param type a Mobile IP message type \return its short name
std::string
MessageName(uint8_t type)
{
    switch (type)
    {
    case MIP_REGISTRATION_REQUEST:
        return "RRQ";
    case MIP_REGISTRATION_REPLY:
        return "RRP";
    case MIP_HOME_TEST_INIT:
        return "HoTI";
    case MIP_CARE_OF_TEST_INIT:
        return "CoTI";
    case MIP_HOME_TEST:
        return "HoT";
    case MIP_CARE_OF_TEST:
        return "CoT";
    default:
        return "MIP-" + std::to_string(type);
    }
}

/**
 * \brief Removes a tunnel's encapsulation header(s) that follow the outer IPv4 header
 * (GRE, or UDP + Tunnel Data header).
 * \param p the packet, modified \param encapsulation the tunnel's
 * \return false if the packet is malformed
 */
bool
StripEncapsulation(Ptr<Packet> p, MipEncapsulation encapsulation)
{
    if (encapsulation == MipEncapsulation::GRE)
    {
        GreHeader gre;
        if (p->GetSize() < GreHeader::BASE_SIZE || p->PeekHeader(gre) == 0)
        {
            return false;
        }
        p->RemoveHeader(gre);
    }
    else if (encapsulation == MipEncapsulation::UDP)
    {
        UdpHeader udp;
        MipTunnelDataHeader data;
        if (p->GetSize() < 8 + MipTunnelDataHeader::SIZE)
        {
            return false;
        }
        p->RemoveHeader(udp);
        if (p->PeekHeader(data) == 0)
        {
            return false;
        }
        p->RemoveHeader(data);
    }
    return true;
}

/**
 * \brief Finds a Mobile IP message (UDP port 434, not tunnel data) at the start of an
 * IPv4 packet.
 * \param p the packet (consumed) \param ip receives its IPv4 header
 * \param tunnelProtocol receives 4 or 47 (or 17 for UDP tunnel data) when the packet is
 * a tunnel packet instead; p then starts with the inner IPv4 header
 * \return the message type, if it is a Mobile IP message
 */
std::optional<uint8_t>
ParseIp(Ptr<Packet> p, Ipv4Header& ip, uint8_t& tunnelProtocol)
{
    tunnelProtocol = 0;
    if (!MipTunnelManager::PeekIpv4Header(p, ip) || ip.GetFragmentOffset() != 0 ||
        !ip.IsLastFragment())
    {
        return std::nullopt;
    }
    p->RemoveHeader(ip);
    uint8_t protocol = ip.GetProtocol();
    if (protocol == 4)
    {
        tunnelProtocol = 4;
        return std::nullopt;
    }
    if (protocol == GreHeader::IP_PROTOCOL)
    {
        if (StripEncapsulation(p, MipEncapsulation::GRE))
        {
            tunnelProtocol = GreHeader::IP_PROTOCOL;
        }
        return std::nullopt;
    }
    if (protocol != 17 || p->GetSize() < 9)
    {
        return std::nullopt;
    }
    UdpHeader udp;
    p->RemoveHeader(udp);
    if (udp.GetDestinationPort() != MIP_UDP_PORT && udp.GetSourcePort() != MIP_UDP_PORT)
    {
        return std::nullopt;
    }
    uint8_t type = 0;
    p->CopyData(&type, 1);
    if (type == MipTunnelDataHeader::TYPE)
    {
        MipTunnelDataHeader data;
        if (p->PeekHeader(data) != 0)
        {
            p->RemoveHeader(data);
            tunnelProtocol = 17;
        }
        return std::nullopt;
    }
    return type;
}

/**
 * \param packet an IPv4 packet (with its header)
 * \return the Mobile IP message in it, directly or inside one tunnel
 */
std::optional<WireMessage>
DecodeWire(Ptr<const Packet> packet)
{
    Ptr<Packet> p = packet->Copy();
    Ipv4Header outer;
    uint8_t tunnel = 0;
    std::optional<uint8_t> type = ParseIp(p, outer, tunnel);
    WireMessage m;
    if (type)
    {
        m.name = MessageName(*type);
        m.src = outer.GetSource();
        m.dst = outer.GetDestination();
        return m;
    }
    if (tunnel == 0)
    {
        return std::nullopt;
    }
    Ipv4Header inner;
    uint8_t innerTunnel = 0;
    type = ParseIp(p, inner, innerTunnel);
    if (!type)
    {
        return std::nullopt;
    }
    m.name = MessageName(*type);
    m.src = inner.GetSource();
    m.dst = inner.GetDestination();
    m.tunnelled = true;
    m.outerSrc = outer.GetSource();
    m.outerDst = outer.GetDestination();
    return m;
}

/// \param a an address \return it dotted
std::string
Dotted(Ipv4Address a)
{
    std::ostringstream os;
    os << a;
    return os.str();
}

/// \param s a JSON string value \return it quoted and escaped
std::string
JsonString(const std::string& s)
{
    std::string out = "\"";
    for (char c : s)
    {
        switch (c)
        {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
            {
                char buf[8];
                std::snprintf(buf, sizeof(buf), "\\u%04x", static_cast<unsigned>(c));
                out += buf;
            }
            else
            {
                out += c;
            }
        }
    }
    return out + "\"";
}

/// \param s a state \return it in lower case
std::string
StateName(MrUplinkState s)
{
    std::ostringstream os;
    os << s;
    std::string name = os.str();
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return name;
}

/// \param s state \return true for DOWN and FAILED (the uplink carries nothing)
bool
IsDownState(MrUplinkState s)
{
    return s == MrUplinkState::DOWN || s == MrUplinkState::FAILED;
}

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

// ---------------------------------------------------------------- ScenarioValue

ScenarioValue::ScenarioValue(const std::string& v)
    : m_kind(STRING),
      m_string(v)
{
}

ScenarioValue::ScenarioValue(const char* v)
    : m_kind(STRING),
      m_string(v ? v : "")
{
}

ScenarioValue::ScenarioValue(double v)
    : m_kind(DOUBLE),
      m_double(v)
{
}

ScenarioValue::ScenarioValue(bool v)
    : m_kind(BOOL),
      m_bool(v)
{
}

ScenarioValue::Kind
ScenarioValue::GetKind() const
{
    return m_kind;
}

std::string
ScenarioValue::FormatDouble(double v)
{
    if (std::isnan(v))
    {
        return "NaN";
    }
    if (std::isinf(v))
    {
        return v > 0 ? "Infinity" : "-Infinity";
    }
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.9g", v);
    return buf;
}

std::string
ScenarioValue::ToJson() const
{
    switch (m_kind)
    {
    case STRING:
        return JsonString(m_string);
    case DOUBLE:
        return FormatDouble(m_double);
    case INT:
        return std::to_string(m_int);
    case BOOL:
        return m_bool ? "true" : "false";
    }
    return "null";
}

std::string
ScenarioValue::ToCsv() const
{
    if (m_kind == STRING)
    {
        std::string s = m_string;
        std::replace_if(
            s.begin(),
            s.end(),
            [](char c) { return c == ',' || c == '"' || c == '\n' || c == '\r'; },
            ' ');
        return s;
    }
    return ToJson();
}

// ---------------------------------------------------------------- ScenarioRecorder

ScenarioRecorder::ScenarioRecorder(const std::string& scenario, const std::string& outDir)
    : m_scenario(scenario),
      m_outDir(outDir)
{
}

ScenarioRecorder::~ScenarioRecorder() = default;

const std::string&
ScenarioRecorder::GetOutDir() const
{
    return m_outDir;
}

void
ScenarioRecorder::SetParam(const std::string& key, const ScenarioValue& value)
{
    m_params.insert_or_assign(key, value);
}

void
ScenarioRecorder::SetMetric(const std::string& key, const ScenarioValue& value)
{
    m_metrics.insert_or_assign(key, value);
}

void
ScenarioRecorder::AddNode(Ptr<Node> node, const std::string& name, const std::string& kind)
{
    auto it = m_nodeIndex.find(node->GetId());
    if (it != m_nodeIndex.end())
    {
        m_nodes[it->second].name = name;
        m_nodes[it->second].kind = kind;
    }
    else
    {
        m_nodeIndex[node->GetId()] = m_nodes.size();
        m_nodes.push_back({node, name, kind});
    }
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    if (!ipv4)
    {
        return;
    }
    for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
    {
        for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
        {
            Ipv4Address a = ipv4->GetAddress(i, j).GetLocal();
            if (!a.IsLocalhost())
            {
                m_addressNames[a.Get()] = name;
                m_addressKinds[a.Get()] = kind;
            }
        }
    }
}

void
ScenarioRecorder::AddAddress(Ipv4Address address, const std::string& name)
{
    m_addressNames[address.Get()] = name;
    for (const NamedNode& n : m_nodes)
    {
        if (n.name == name)
        {
            m_addressKinds[address.Get()] = n.kind;
        }
    }
}

void
ScenarioRecorder::AddTopology(const VirtualOperatorTopology& t)
{
    AddNode(t.homeAgent, "HA", "ha");
    AddNode(t.peering, "PEERING", "router");
    for (uint32_t k = 0; k < t.ispRouters.GetN(); ++k)
    {
        AddNode(t.ispRouters.Get(k), "ISP-" + std::to_string(k + 1), "router");
    }
    for (uint32_t i = 0; i < t.sites.size(); ++i)
    {
        const VirtualOperatorSite& site = t.sites[i];
        AddNode(site.mobileRouter, MobileRouterName(i), "mr");
        AddAddress(site.homeAddress, MobileRouterName(i));
        for (uint32_t h = 0; h < site.hosts.GetN(); ++h)
        {
            AddNode(site.hosts.Get(h), HostName(i, h), "host");
        }
    }
}

std::string
ScenarioRecorder::NameOf(Ipv4Address address) const
{
    auto it = m_addressNames.find(address.Get());
    return it != m_addressNames.end() ? it->second : Dotted(address);
}

std::string
ScenarioRecorder::NameOf(Ptr<Node> node) const
{
    auto it = m_nodeIndex.find(node->GetId());
    return it != m_nodeIndex.end() ? m_nodes[it->second].name
                                   : "node-" + std::to_string(node->GetId());
}

std::string
ScenarioRecorder::KindOf(Ipv4Address address) const
{
    auto it = m_addressKinds.find(address.Get());
    return it != m_addressKinds.end() ? it->second : "";
}

std::string
ScenarioRecorder::SiteLetter(uint32_t site)
{
    std::string letters;
    uint64_t n = site + 1ULL;
    while (n > 0)
    {
        n--;
        letters.insert(letters.begin(), static_cast<char>('A' + n % 26));
        n /= 26;
    }
    return letters;
}

std::string
ScenarioRecorder::MobileRouterName(uint32_t site)
{
    return "MR-" + SiteLetter(site);
}

std::string
ScenarioRecorder::HostName(uint32_t site, uint32_t host)
{
    return "NODE-" + SiteLetter(site) + (host == 0 ? "" : std::to_string(host + 1));
}

std::string
ScenarioRecorder::Clean(const std::string& text)
{
    std::string s = text;
    std::replace_if(
        s.begin(),
        s.end(),
        [](char c) { return c == ',' || c == '\n' || c == '\r' || c == '"'; },
        ' ');
    return s;
}

std::string
ScenarioRecorder::FormatTime(Time t)
{
    int64_t ns = t.GetNanoSeconds();
    bool negative = ns < 0;
    uint64_t abs = negative ? static_cast<uint64_t>(-(ns + 1)) + 1 : static_cast<uint64_t>(ns);
    char buf[48];
    std::snprintf(buf,
                  sizeof(buf),
                  "%s%" PRIu64 ".%09" PRIu64,
                  negative ? "-" : "",
                  abs / UINT64_C(1000000000),
                  abs % UINT64_C(1000000000));
    return buf;
}

void
ScenarioRecorder::Event(const std::string& node,
                        const std::string& event,
                        const std::string& message,
                        const std::string& src,
                        const std::string& dst,
                        const std::string& detail)
{
    m_events.push_back({Simulator::Now(),
                        Clean(node),
                        Clean(event),
                        Clean(message),
                        Clean(src),
                        Clean(dst),
                        Clean(detail)});
}

void
ScenarioRecorder::WhenStarted(Ptr<Application> app, std::function<bool()> connect, int attempts)
{
    TimeValue start;
    app->GetAttribute("StartTime", start);
    Time at = start.Get() - Simulator::Now();
    auto retry = [this, app, connect, attempts]() {
        if (!connect() && attempts > 0)
        {
            WhenStarted(app, connect, attempts - 1);
        }
        else if (attempts <= 0)
        {
            NS_LOG_WARN("ScenarioRecorder: application never started; traces not connected");
        }
    };
    // An event at the start time itself may run before the application's start event
    // (scheduled later, at time 0): then the retry runs right after it.
    if (at.IsStrictlyPositive())
    {
        Simulator::Schedule(at, retry);
    }
    else
    {
        Simulator::ScheduleNow(retry);
    }
}

// ---------------------------------------------------------------- Home Agent

void
ScenarioRecorder::Watch(Ptr<HomeAgent> ha, const std::string& name)
{
    ha->TraceConnectWithoutContext("RequestReceived",
                                   MakeCallback(&ScenarioRecorder::OnHaRequest, this, name));
    ha->TraceConnectWithoutContext("ReplySent",
                                   MakeCallback(&ScenarioRecorder::OnHaReply, this, name));
    ha->TraceConnectWithoutContext("Drop", MakeCallback(&ScenarioRecorder::OnHaDrop, this, name));
    Ptr<HaBindingTable> table = ha->GetBindingTable();
    for (const char* source :
         {"BindingAdded", "BindingDeregistered", "BindingExpired", "BindingReplaced"})
    {
        std::string what = source + 7; // after "Binding"
        std::transform(what.begin(), what.end(), what.begin(), [](unsigned char c) {
            return static_cast<char>(std::tolower(c));
        });
        table->TraceConnectWithoutContext(
            source,
            MakeCallback(&ScenarioRecorder::OnHaBinding, this, name, what));
    }
    Ptr<Ipv4L3Protocol> ipv4 = ha->GetNode()->GetObject<Ipv4L3Protocol>();
    HomeAgent* agent = PeekPointer(ha);
    ipv4->TraceConnectWithoutContext(
        "Tx",
        MakeCallback(&ScenarioRecorder::OnHaWire, this, name, agent, true));
    ipv4->TraceConnectWithoutContext(
        "Rx",
        MakeCallback(&ScenarioRecorder::OnHaWire, this, name, agent, false));
    WhenStarted(ha, [this, agent, name]() {
        Ptr<MipTunnelManager> tunnels = agent->GetTunnelManager();
        if (!tunnels)
        {
            return false;
        }
        tunnels->TraceConnectWithoutContext(
            "Tx",
            MakeCallback(&ScenarioRecorder::OnHaTunnelTx, this, name));
        return true;
    });
}

void
ScenarioRecorder::OnHaRequest(std::string ha, const MipRegistrationRequest& rrq, Ipv4Address from)
{
    std::ostringstream detail;
    detail << "leg=direct;coa=" << rrq.GetCareOfAddress() << ";lifetime=" << rrq.GetLifetime();
    if (std::optional<RoCapabilityExtension> cap = RoCapabilityExtension::Find(rrq))
    {
        if (std::optional<Ipv4Address> solicited = cap->GetSolicitedHomeAddress())
        {
            detail << ";solicit=" << NameOf(*solicited);
        }
    }
    Event(ha, "rx", "RRQ", NameOf(from), ha, detail.str());
}

void
ScenarioRecorder::OnHaReply(std::string ha, const MipRegistrationReply& reply, Ipv4Address to)
{
    std::ostringstream detail;
    detail << "leg=direct;code=" << unsigned(reply.GetCode())
           << ";lifetime=" << reply.GetLifetime();
    if (std::optional<RoReplyExtension> ro = RoReplyExtension::Find(reply))
    {
        detail << ";nat=" << (ro->GetFlag(RoReplyExtension::FLAG_N) ? 1 : 0);
    }
    if (std::optional<PrefixAdvertisementExtension> adv = PrefixAdvertisementExtension::Find(reply))
    {
        detail << ";advertised=";
        bool first = true;
        for (const AdvertisedMobileRouter& e : adv->GetEntries())
        {
            detail << (first ? "" : " ") << NameOf(e.homeAddress);
            first = false;
        }
    }
    Event(ha, "tx", "RRP", ha, NameOf(to), detail.str());
}

void
ScenarioRecorder::OnHaDrop(std::string ha, Ptr<const Packet> p, Ipv4Address from)
{
    Event(ha, "drop", "", NameOf(from), ha, "size=" + std::to_string(p->GetSize()));
}

void
ScenarioRecorder::OnHaBinding(std::string ha,
                              std::string what,
                              Ipv4Address homeAddress,
                              Ipv4Address careOf,
                              uint16_t lifetime)
{
    std::ostringstream detail;
    detail << "coa=" << careOf;
    if (what == "added")
    {
        detail << ";lifetime=" << lifetime;
        Event(ha, "tunnel-up", "", ha, NameOf(homeAddress), detail.str());
    }
    else
    {
        detail << ";reason=" << what;
        Event(ha, "tunnel-down", "", ha, NameOf(homeAddress), detail.str());
    }
}

void
ScenarioRecorder::OnHaWire(std::string ha,
                           HomeAgent* agent,
                           bool tx,
                           Ptr<const Packet> p,
                           Ptr<Ipv4> ipv4,
                           uint32_t interface)
{
    if (interface == 0 || DynamicCast<VirtualNetDevice>(ipv4->GetNetDevice(interface)))
    {
        return; // loopback, or the inner packet on the tunnel interface
    }
    std::optional<WireMessage> m = DecodeWire(p);
    if (!m)
    {
        return;
    }
    Ipv4Address self = agent->GetAddress();
    if (!m->tunnelled && (tx ? m->src == self : m->dst == self))
    {
        return; // the Home Agent's own registrations: OnHaRequest, OnHaReply
    }
    std::string detail = "leg=direct";
    if (m->tunnelled)
    {
        detail =
            tx ? "leg=tunnel;to=" + NameOf(m->outerDst) : "leg=tunnel;from=" + NameOf(m->outerSrc);
    }
    Event(ha, tx ? "tx" : "rx", m->name, NameOf(m->src), NameOf(m->dst), detail);
}

void
ScenarioRecorder::OnHaTunnelTx(std::string ha, Ptr<const Packet> p, Ptr<const MipTunnel> tunnel)
{
    Ptr<Packet> inner = p->Copy();
    Ipv4Header ip;
    if (!StripEncapsulation(inner, tunnel->GetEncapsulation()) ||
        !MipTunnelManager::PeekIpv4Header(inner, ip))
    {
        return;
    }
    if (KindOf(ip.GetSource()) != "host" && KindOf(ip.GetDestination()) != "host")
    {
        return; // not data between sites
    }
    m_haLoad[NameOf(ip.GetSource()) + "|" + NameOf(ip.GetDestination())].emplace_back(
        Simulator::Now(),
        p->GetSize() + 20);
}

// ---------------------------------------------------------------- mobile routers

void
ScenarioRecorder::Watch(Ptr<MobileRouter> mr, const std::string& name)
{
    m_learned[name];
    mr->TraceConnectWithoutContext("RequestSent",
                                   MakeCallback(&ScenarioRecorder::OnMrRequest, this, name));
    mr->TraceConnectWithoutContext("ReplyReceived",
                                   MakeCallback(&ScenarioRecorder::OnMrReply, this, name));
    mr->TraceConnectWithoutContext("UplinkState",
                                   MakeCallback(&ScenarioRecorder::OnMrUplinkState, this, name));
    mr->TraceConnectWithoutContext("Failover",
                                   MakeCallback(&ScenarioRecorder::OnMrFailover, this, name));
    MobileRouter* router = PeekPointer(mr);
    WhenStarted(mr, [this, router, name]() {
        if (!router->GetTunnelManager())
        {
            return false; // not started yet
        }
        if (Ptr<RouteOptimizer> ro = router->GetRouteOptimizer())
        {
            Ipv4Address home = router->GetHomeAddress();
            ro->TraceConnectWithoutContext(
                "Message",
                MakeCallback(&ScenarioRecorder::OnRoMessage, this, name, home));
            ro->TraceConnectWithoutContext("PeerEvent",
                                           MakeCallback(&ScenarioRecorder::OnRoPeer, this, name));
            ro->TraceConnectWithoutContext("Setup",
                                           MakeCallback(&ScenarioRecorder::OnRoSetup, this, name));
        }
        return true;
    });
}

void
ScenarioRecorder::OnMrRequest(std::string mr, const MipRegistrationRequest& rrq, Ipv4Address careOf)
{
    std::ostringstream detail;
    detail << "leg=direct;coa=" << careOf << ";lifetime=" << rrq.GetLifetime();
    if (std::optional<RoCapabilityExtension> cap = RoCapabilityExtension::Find(rrq))
    {
        if (std::optional<Ipv4Address> solicited = cap->GetSolicitedHomeAddress())
        {
            detail << ";solicit=" << NameOf(*solicited);
        }
    }
    Event(mr, "tx", "RRQ", mr, NameOf(rrq.GetHomeAgent()), detail.str());
}

void
ScenarioRecorder::OnMrReply(std::string mr, const MipRegistrationReply& reply, Ipv4Address careOf)
{
    std::ostringstream detail;
    detail << "leg=direct;coa=" << careOf << ";code=" << unsigned(reply.GetCode());
    std::string ha = NameOf(reply.GetHomeAgent());
    Event(mr, "rx", "RRP", ha, mr, detail.str());
    if (!MipReplyCodeIsSuccess(reply.GetCode()))
    {
        return;
    }
    Learned& learned = m_learned[mr];
    bool firstReply = !learned.registered;
    learned.registered = true;
    std::optional<PrefixAdvertisementExtension> adv = PrefixAdvertisementExtension::Find(reply);
    if (!adv)
    {
        return;
    }
    std::vector<std::string> routers;
    uint32_t prefixes = 0;
    for (const AdvertisedMobileRouter& e : adv->GetEntries())
    {
        std::string name = NameOf(e.homeAddress);
        routers.push_back(name);
        if (std::find(learned.routers.begin(), learned.routers.end(), name) ==
            learned.routers.end())
        {
            learned.routers.push_back(name);
        }
        for (const AdvertisedPrefix& p : e.prefixes)
        {
            std::ostringstream os;
            os << p.prefix << "/" << unsigned(p.prefixLength);
            learned.prefixes.insert(os.str());
            prefixes++;
        }
    }
    if (firstReply)
    {
        learned.firstRouters = routers;
        learned.firstPrefixes = prefixes;
    }
    std::ostringstream row;
    row << "routers=" << routers.size() << ";prefixes=" << prefixes << ";learned=";
    for (size_t i = 0; i < routers.size(); ++i)
    {
        row << (i ? " " : "") << routers[i];
    }
    Event(mr, "advertisement", "", ha, mr, row.str());
}

void
ScenarioRecorder::OnMrUplinkState(std::string mr,
                                  Ipv4Address careOf,
                                  MrUplinkState oldState,
                                  MrUplinkState newState,
                                  const std::string& reason)
{
    std::string key = mr + "|" + Dotted(careOf);
    bool first = m_uplinkStates.find(key) == m_uplinkStates.end();
    m_uplinkStates[key] = StateName(newState);
    std::string coa = "coa=" + Dotted(careOf);
    if (IsDownState(oldState) && !IsDownState(newState) && !first)
    {
        Event(mr, "uplink-up", "", "", "", coa + ";state=" + StateName(newState));
    }
    if (IsDownState(newState) && !IsDownState(oldState))
    {
        Event(mr,
              "uplink-down",
              "",
              "",
              "",
              coa + ";state=" + StateName(newState) + ";reason=" + reason);
    }
    if (newState == MrUplinkState::REGISTERED && oldState != MrUplinkState::REGISTERED)
    {
        Event(mr, "registered", "", "", "", coa);
    }
    if (newState == MrUplinkState::DENIED)
    {
        Event(mr, "registration-denied", "", "", "", coa + ";reason=" + reason);
    }
}

void
ScenarioRecorder::OnMrFailover(std::string mr, Ipv4Address from, Ipv4Address to)
{
    bool hadActive = m_activeUplink.find(mr) != m_activeUplink.end();
    m_activeUplink[mr] = to;
    if (!hadActive && from == Ipv4Address::GetZero())
    {
        return; // the first uplink to register: not a failover
    }
    auto text = [](Ipv4Address a) {
        return a == Ipv4Address::GetZero() ? std::string("none") : Dotted(a);
    };
    Event(mr, "failover", "", "", "", "from=" + text(from) + ";to=" + text(to));
}

void
ScenarioRecorder::OnRoMessage(std::string mr,
                              Ipv4Address homeAddress,
                              const std::string& direction,
                              const std::string& message,
                              Ipv4Address src,
                              Ipv4Address dst)
{
    // What is sent from or to the home address crosses the MR-HA tunnel; CoA-addressed
    // legs are native; keepalives use the direct MR-MR tunnel.
    bool tunnel =
        message != "KEEPALIVE" && (direction == "tx" ? src == homeAddress : dst == homeAddress);
    Event(mr, direction, message, NameOf(src), NameOf(dst), tunnel ? "leg=tunnel" : "leg=direct");
}

void
ScenarioRecorder::OnRoPeer(std::string mr, const RoPeerEventInfo& info)
{
    auto clean = [](std::string r) {
        // "(reason)" -> "reason", without the separators of the detail column
        std::replace(r.begin(), r.end(), ';', ' ');
        if (!r.empty() && r.front() == '(')
        {
            r.erase(0, 1);
        }
        if (!r.empty() && r.back() == ')')
        {
            r.pop_back();
        }
        return r;
    };
    auto text = [](Ipv4Address a) {
        std::ostringstream os;
        os << a;
        return os.str();
    };
    std::string name = NameOf(info.peer);
    switch (info.event)
    {
    case RoPeerEvent::ADVERTISEMENT:
    case RoPeerEvent::REGISTRATION_SENT:
    case RoPeerEvent::DEREGISTRATION_SENT:
        return; // the advertisement row and the tx RRQ rows say it
    case RoPeerEvent::RR_STARTED:
        Event(mr, "rr-started", "", mr, name, info.partial ? "partial=1" : "partial=0");
        break;
    case RoPeerEvent::KRM_ESTABLISHED:
        Event(mr, "rr-done", "", mr, name);
        break;
    case RoPeerEvent::REGISTRATION_ACCEPTED:
        Event(mr, "ro-accepted", "", mr, name, "role=mr;code=0");
        break;
    case RoPeerEvent::REGISTRATION_PRE_ACCEPTED:
        Event(mr, "ro-accepted", "", mr, name, "role=mr;code=2");
        break;
    case RoPeerEvent::REGISTRATION_REJECTED:
        Event(mr, "ro-rejected", "", mr, name, "reason=" + MipReplyCodeName(info.code));
        break;
    case RoPeerEvent::PEER_REGISTERED:
        Event(mr, "ro-accepted", "", mr, name, "role=cr");
        break;
    case RoPeerEvent::TUNNEL_UP:
        Event(mr,
              "tunnel-up",
              "",
              mr,
              name,
              "local=" + text(info.local) + ";remote=" + text(info.remote));
        break;
    case RoPeerEvent::FALLBACK: {
        std::string reason = RoFallbackReasonText(info.reason);
        std::replace(reason.begin(), reason.end(), ';', ' ');
        Event(mr, "fallback", "", mr, name, "reason=" + reason);
        break;
    }
    case RoPeerEvent::HANDOVER:
        Event(mr, "coa-change", "", mr, name);
        break;
    case RoPeerEvent::UDP_TUNNEL_VERIFIED:
        Event(mr, "tunnel-verified", "", mr, name);
        break;
    default: {
        std::string detail = info.Detail();
        Event(mr,
              RoPeerEventName(info.event),
              "",
              mr,
              name,
              detail.empty() ? "" : "info=" + clean(detail));
        break;
    }
    }
}

void
ScenarioRecorder::OnRoSetup(std::string mr, Ipv4Address peer, Time latency)
{
    m_setups.push_back({Simulator::Now(), mr, NameOf(peer), latency});
    Event(mr,
          "ro-setup",
          "",
          mr,
          NameOf(peer),
          "latency_ms=" + ScenarioValue::FormatDouble(latency.GetSeconds() * 1e3));
}

// ---------------------------------------------------------------- data path

void
ScenarioRecorder::Watch(const NemoNetwork& network)
{
    Watch(network.homeAgent, "HA");
    for (uint32_t site = 0; site < network.mobileRouters.size(); ++site)
    {
        Watch(network.mobileRouters[site], MobileRouterName(site));
        WatchDataPath(network.mobileRouters[site], MobileRouterName(site));
    }
}

void
ScenarioRecorder::WatchDataPath(Ptr<MobileRouter> mr, const std::string& name)
{
    MobileRouter* router = PeekPointer(mr);
    WhenStarted(mr, [this, router, name]() {
        Ptr<MipTunnelManager> tunnels = router->GetTunnelManager();
        if (!tunnels)
        {
            return false;
        }
        Ipv4AddressValue ha;
        router->GetAttribute("HomeAgent", ha);
        Ipv4Address home = router->GetHomeAddress();
        tunnels->TraceConnectWithoutContext(
            "Tx",
            MakeCallback(&ScenarioRecorder::OnDataPath, this, name, ha.Get(), home, true));
        tunnels->TraceConnectWithoutContext(
            "Rx",
            MakeCallback(&ScenarioRecorder::OnDataPath, this, name, ha.Get(), home, false));
        return true;
    });
}

void
ScenarioRecorder::OnDataPath(std::string mr,
                             Ipv4Address homeAgent,
                             Ipv4Address homeAddress,
                             bool tx,
                             Ptr<const Packet> p,
                             Ptr<const MipTunnel> tunnel)
{
    Ptr<Packet> inner = p->Copy();
    Ipv4Header ip;
    if ((tx && !StripEncapsulation(inner, tunnel->GetEncapsulation())) ||
        !MipTunnelManager::PeekIpv4Header(inner, ip))
    {
        return;
    }
    Ipv4Address src = ip.GetSource();
    Ipv4Address dst = ip.GetDestination();
    std::string srcKind = KindOf(src);
    std::string dstKind = KindOf(dst);
    if (src == homeAddress || dst == homeAddress || srcKind == "mr" || srcKind == "ha" ||
        dstKind == "mr" || dstKind == "ha")
    {
        return; // signalling, keepalives, announcements
    }
    // A path is one tunnel (its two ends): a retargeted direct tunnel, or the HA tunnel of
    // another uplink, is a new path too.
    std::string path = tunnel->GetRemote() == homeAgent ? "via-ha" : "direct";
    std::string id = Dotted(tunnel->GetLocal()) + ">" + Dotted(tunnel->GetRemote());
    std::string key = "data|" + mr + (tx ? "|tx|" : "|rx|") + Dotted(src) + "|" + Dotted(dst);
    auto it = m_lastDataPath.find(key);
    if (it != m_lastDataPath.end() && it->second == id)
    {
        return;
    }
    m_lastDataPath[key] = id;
    Event(mr, tx ? "tx" : "rx", "DATA", NameOf(src), NameOf(dst), path);
}

void
ScenarioRecorder::AddProbe(Ptr<ProbeFlow> flow)
{
    m_probes.push_back(flow);
}

// ---------------------------------------------------------------- queries

const std::vector<ScenarioEvent>&
ScenarioRecorder::GetEvents() const
{
    return m_events;
}

std::optional<ScenarioEvent>
ScenarioRecorder::FindFirst(const std::string& node,
                            const std::string& event,
                            const std::string& message,
                            const std::string& detail,
                            Time after,
                            const std::string& dst) const
{
    for (const ScenarioEvent& e : m_events)
    {
        if (e.at >= after && (node.empty() || e.node == node) &&
            (event.empty() || e.event == event) && (message.empty() || e.message == message) &&
            (detail.empty() || e.detail.find(detail) != std::string::npos) &&
            (dst.empty() || e.dst == dst))
        {
            return e;
        }
    }
    return std::nullopt;
}

uint64_t
ScenarioRecorder::Count(const std::string& node,
                        const std::string& event,
                        const std::string& message,
                        const std::string& detail,
                        Time after,
                        const std::string& dst) const
{
    uint64_t n = 0;
    for (const ScenarioEvent& e : m_events)
    {
        n += e.at >= after && (node.empty() || e.node == node) &&
             (event.empty() || e.event == event) && (message.empty() || e.message == message) &&
             (detail.empty() || e.detail.find(detail) != std::string::npos) &&
             (dst.empty() || e.dst == dst);
    }
    return n;
}

ScenarioRecorder::HaLoad
ScenarioRecorder::GetHaLoad(const std::string& src,
                            const std::string& dst,
                            Time from,
                            Time to) const
{
    HaLoad load;
    auto it = m_haLoad.find(src + "|" + dst);
    if (it == m_haLoad.end())
    {
        return load;
    }
    for (const auto& [at, bytes] : it->second)
    {
        if (at >= from && at < to)
        {
            load.packets++;
            load.bytes += bytes;
        }
    }
    return load;
}

const std::vector<ScenarioRecorder::SetupRecord>&
ScenarioRecorder::GetSetups() const
{
    return m_setups;
}

std::pair<std::vector<std::string>, uint32_t>
ScenarioRecorder::GetLearned(const std::string& mr) const
{
    auto it = m_learned.find(mr);
    if (it == m_learned.end())
    {
        return {};
    }
    return {it->second.routers, static_cast<uint32_t>(it->second.prefixes.size())};
}

std::pair<std::vector<std::string>, uint32_t>
ScenarioRecorder::GetFirstLearned(const std::string& mr) const
{
    auto it = m_learned.find(mr);
    if (it == m_learned.end())
    {
        return {};
    }
    return {it->second.firstRouters, it->second.firstPrefixes};
}

// ---------------------------------------------------------------- output

void
ScenarioRecorder::AddTable(const std::string& file, const std::vector<std::string>& header)
{
    if (m_tableHeaders.find(file) == m_tableHeaders.end())
    {
        m_tableOrder.push_back(file);
    }
    m_tableHeaders[file] = header;
    m_tableRows[file];
}

void
ScenarioRecorder::AddRow(const std::string& file, const std::vector<ScenarioValue>& row)
{
    NS_ABORT_MSG_IF(m_tableHeaders.find(file) == m_tableHeaders.end(),
                    "ScenarioRecorder: table " << file << " was not declared");
    NS_ABORT_MSG_IF(row.size() != m_tableHeaders[file].size(),
                    "ScenarioRecorder: row of " << row.size() << " values for the "
                                                << m_tableHeaders[file].size() << " columns of "
                                                << file);
    m_tableRows[file].push_back(row);
}

void
ScenarioRecorder::EnablePcap(Ptr<NetDevice> device)
{
    std::filesystem::create_directories(m_outDir);
    std::string path = m_outDir + "/" + NameOf(device->GetNode()) + "-" +
                       std::to_string(device->GetIfIndex()) + ".pcap";
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
        NS_LOG_WARN("ScenarioRecorder: no pcap for device "
                    << device->GetInstanceTypeId().GetName());
    }
}

std::string
ScenarioRecorder::SummaryJson() const
{
    std::map<std::string, ScenarioValue> params = m_params;
    params.insert_or_assign("RngRun", static_cast<uint64_t>(RngSeedManager::GetRun()));
    params.insert_or_assign("RngSeed", static_cast<uint64_t>(RngSeedManager::GetSeed()));
    std::ostringstream os;
    os << "{\n  \"scenario\": " << JsonString(m_scenario)
       << ",\n  \"version\": " << JsonString(HAARO_VERSION) << ",\n  \"params\": {";
    bool first = true;
    for (const auto& [key, value] : params)
    {
        os << (first ? "\n" : ",\n") << "    " << JsonString(key) << ": " << value.ToJson();
        first = false;
    }
    os << (first ? "},\n" : "\n  },\n") << "  \"metrics\": {";
    first = true;
    for (const auto& [key, value] : m_metrics)
    {
        os << (first ? "\n" : ",\n") << "    " << JsonString(key) << ": " << value.ToJson();
        first = false;
    }
    os << (first ? "}\n" : "\n  }\n") << "}\n";
    return os.str();
}

std::string
ScenarioRecorder::EventsCsv() const
{
    std::ostringstream os;
    os << "time_s,node,event,message,src,dst,detail\n";
    for (const ScenarioEvent& e : m_events)
    {
        os << FormatTime(e.at) << "," << e.node << "," << e.event << "," << e.message << ","
           << e.src << "," << e.dst << "," << e.detail << "\n";
    }
    return os.str();
}

std::string
ScenarioRecorder::TopologyJson() const
{
    std::ostringstream os;
    os << "{\n  \"nodes\": [";
    for (size_t i = 0; i < m_nodes.size(); ++i)
    {
        const NamedNode& n = m_nodes[i];
        os << (i ? ",\n" : "\n") << "    {\"name\": " << JsonString(n.name)
           << ", \"kind\": " << JsonString(n.kind) << ", \"addresses\": [";
        bool first = true;
        if (Ptr<Ipv4> ipv4 = n.node->GetObject<Ipv4>())
        {
            for (uint32_t k = 1; k < ipv4->GetNInterfaces(); ++k)
            {
                for (uint32_t j = 0; j < ipv4->GetNAddresses(k); ++j)
                {
                    os << (first ? "" : ", ")
                       << JsonString(Dotted(ipv4->GetAddress(k, j).GetLocal()));
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
        os << (firstLink ? "\n" : ",\n") << "    {\"a\": " << JsonString(x->name)
           << ", \"b\": " << JsonString(y->name)
           << ", \"delay_ms\": " << ScenarioValue::FormatDouble(delay.GetSeconds() * 1e3)
           << ", \"rate_mbps\": "
           << ScenarioValue::FormatDouble(static_cast<double>(rate.GetBitRate()) / 1e6)
           << ", \"kind\": " << JsonString(kind) << "}";
        firstLink = false;
    };
    for (const NamedNode& n : m_nodes)
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
                auto it = m_nodeIndex.find(other->GetNode()->GetId());
                if (it == m_nodeIndex.end())
                {
                    continue;
                }
                channel->GetAttributeFailSafe("Delay", delay);
                device->GetAttributeFailSafe("DataRate", rate);
                const NamedNode& peer = m_nodes[it->second];
                link(n, peer, delay.Get(), rate.Get(), LinkKind(n.kind, peer.kind));
            }
            else if (DynamicCast<CsmaNetDevice>(device))
            {
                channel->GetAttributeFailSafe("Delay", delay);
                channel->GetAttributeFailSafe("DataRate", rate);
                for (size_t k = 0; k < channel->GetNDevices(); ++k)
                {
                    Ptr<NetDevice> other = channel->GetDevice(k);
                    auto it = m_nodeIndex.find(other->GetNode()->GetId());
                    if (other == device || it == m_nodeIndex.end())
                    {
                        continue;
                    }
                    link(n, m_nodes[it->second], delay.Get(), rate.Get(), "lan");
                }
            }
        }
    }
    os << (firstLink ? "]\n" : "\n  ]\n") << "}\n";
    return os.str();
}

std::string
ScenarioRecorder::SamplesCsv() const
{
    struct Row
    {
        const ProbeSample* sample;
        const std::string* flow;
    };

    std::vector<Row> rows;
    for (const Ptr<ProbeFlow>& flow : m_probes)
    {
        for (const ProbeSample& s : flow->GetSamples())
        {
            rows.push_back({&s, &flow->GetName()});
        }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return a.sample->at < b.sample->at;
    });
    std::ostringstream os;
    os << "time_s,flow,seq,delay_ms,hops,path\n";
    for (const Row& r : rows)
    {
        os << FormatTime(r.sample->at) << "," << Clean(*r.flow) << "," << r.sample->seq << ","
           << ScenarioValue::FormatDouble(r.sample->delay.GetSeconds() * 1e3) << ","
           << r.sample->hops << "," << (r.sample->direct ? "direct" : "via-ha") << "\n";
    }
    return os.str();
}

void
ScenarioRecorder::Write() const
{
    std::filesystem::create_directories(m_outDir);
    auto write = [this](const std::string& file, const std::string& text) {
        std::string path = m_outDir + "/" + file;
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        NS_ABORT_MSG_IF(!out, "ScenarioRecorder: cannot write " << path);
        out << text;
    };
    write("summary.json", SummaryJson());
    write("events.csv", EventsCsv());
    write("topology.json", TopologyJson());
    if (!m_probes.empty())
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
    NeighborCacheHelper().PopulateNeighborCache(lans);
}

} // namespace ns3
