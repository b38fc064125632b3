/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "scenario-trace-connector.h"

#include "mip-wire-decoder.h"
#include "scenario-value.h"

#include "ns3/ipv4-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/mip-tunnel-manager.h"
#include "ns3/ns3-compat.h"
#include "ns3/prefix-advertisement-extension.h"
#include "ns3/ro-extensions.h"
#include "ns3/route-optimizer.h"
#include "ns3/simulator.h"
#include "ns3/virtual-net-device.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ScenarioTraceConnector");

namespace
{

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
/// \param s state \return true for DOWN and FAILED (the uplink carries nothing)
bool
IsDownState(MrUplinkState s)
{
    return s == MrUplinkState::DOWN || s == MrUplinkState::FAILED;
}

} // namespace

ScenarioTraceConnector::ScenarioTraceConnector(const ScenarioNodeNames& names,
                                               ScenarioEventLog& log)
    : m_names(names),
      m_log(log)
{
}

void
ScenarioTraceConnector::Event(const std::string& node,
                              const std::string& event,
                              const std::string& message,
                              const std::string& src,
                              const std::string& dst,
                              const std::string& detail)
{
    m_log.Event(node, event, message, src, dst, detail);
}

std::string
ScenarioTraceConnector::NameOf(Ipv4Address address) const
{
    return m_names.NameOf(address);
}

std::string
ScenarioTraceConnector::KindOf(Ipv4Address address) const
{
    return m_names.KindOf(address);
}

void
ScenarioWhenStarted(Ptr<Application> app, std::function<bool()> connect, int attempts)
{
    TimeValue start;
    app->GetAttribute("StartTime", start);
    Time at = start.Get() - Simulator::Now();
    auto retry = [app, connect, attempts]() {
        if (!connect() && attempts > 0)
        {
            ScenarioWhenStarted(app, connect, attempts - 1);
        }
        else if (attempts <= 0)
        {
            NS_LOG_WARN("ScenarioWhenStarted: application never started; traces not connected");
        }
    };
    // An event at the start time itself may run before the application's start event
    // (scheduled later, at time 0): then the retry runs right after it.
    if (at.IsStrictlyPositive())
    {
        HaaroSchedule(at, retry);
    }
    else
    {
        HaaroScheduleNow(retry);
    }
}

// ---------------------------------------------------------------- Home Agent

void
ScenarioTraceConnector::Watch(Ptr<HomeAgent> ha, const std::string& name)
{
    ha->TraceConnectWithoutContext(
        "RequestReceived",
        MakeCallback(&ScenarioTraceConnector::OnHaRequest, this).Bind(name));
    ha->TraceConnectWithoutContext(
        "ReplySent",
        MakeCallback(&ScenarioTraceConnector::OnHaReply, this).Bind(name));
    ha->TraceConnectWithoutContext(
        "Drop",
        MakeCallback(&ScenarioTraceConnector::OnHaDrop, this).Bind(name));
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
            MakeCallback(&ScenarioTraceConnector::OnHaBinding, this).Bind(name).Bind(what));
    }
    Ptr<Ipv4L3Protocol> ipv4 = ha->GetNode()->GetObject<Ipv4L3Protocol>();
    HomeAgent* agent = PeekPointer(ha);
    ipv4->TraceConnectWithoutContext(
        "Tx",
        MakeCallback(&ScenarioTraceConnector::OnHaWire, this).Bind(name).Bind(agent).Bind(true));
    ipv4->TraceConnectWithoutContext(
        "Rx",
        MakeCallback(&ScenarioTraceConnector::OnHaWire, this).Bind(name).Bind(agent).Bind(false));
    ScenarioWhenStarted(ha, [this, agent, name]() {
        Ptr<MipTunnelManager> tunnels = agent->GetTunnelManager();
        if (!tunnels)
        {
            return false;
        }
        tunnels->TraceConnectWithoutContext(
            "Tx",
            MakeCallback(&ScenarioTraceConnector::OnHaTunnelTx, this).Bind(name));
        return true;
    });
}

void
ScenarioTraceConnector::OnHaRequest(std::string ha,
                                    const MipRegistrationRequest& rrq,
                                    Ipv4Address from)
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
ScenarioTraceConnector::OnHaReply(std::string ha, const MipRegistrationReply& reply, Ipv4Address to)
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
ScenarioTraceConnector::OnHaDrop(std::string ha, Ptr<const Packet> p, Ipv4Address from)
{
    Event(ha, "drop", "", NameOf(from), ha, "size=" + std::to_string(p->GetSize()));
}

void
ScenarioTraceConnector::OnHaBinding(std::string ha,
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
ScenarioTraceConnector::OnHaWire(std::string ha,
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
    std::optional<MipWireMessage> m = MipWireDecoder::Decode(p);
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
ScenarioTraceConnector::OnHaTunnelTx(std::string ha,
                                     Ptr<const Packet> p,
                                     Ptr<const MipTunnel> tunnel)
{
    Ptr<Packet> inner = p->Copy();
    Ipv4Header ip;
    if (!MipWireDecoder::StripEncapsulation(inner, tunnel->GetEncapsulation()) ||
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
ScenarioTraceConnector::Watch(Ptr<MobileRouter> mr, const std::string& name)
{
    m_learned[name];
    mr->TraceConnectWithoutContext(
        "RequestSent",
        MakeCallback(&ScenarioTraceConnector::OnMrRequest, this).Bind(name));
    mr->TraceConnectWithoutContext(
        "ReplyReceived",
        MakeCallback(&ScenarioTraceConnector::OnMrReply, this).Bind(name));
    mr->TraceConnectWithoutContext(
        "UplinkState",
        MakeCallback(&ScenarioTraceConnector::OnMrUplinkState, this).Bind(name));
    mr->TraceConnectWithoutContext(
        "Failover",
        MakeCallback(&ScenarioTraceConnector::OnMrFailover, this).Bind(name));
    MobileRouter* router = PeekPointer(mr);
    ScenarioWhenStarted(mr, [this, router, name]() {
        if (!router->GetTunnelManager())
        {
            return false; // not started yet
        }
        if (Ptr<RouteOptimizer> ro = router->GetRouteOptimizer())
        {
            Ipv4Address home = router->GetHomeAddress();
            ro->TraceConnectWithoutContext(
                "Message",
                MakeCallback(&ScenarioTraceConnector::OnRoMessage, this).Bind(name).Bind(home));
            ro->TraceConnectWithoutContext(
                "PeerEvent",
                MakeCallback(&ScenarioTraceConnector::OnRoPeer, this).Bind(name));
            ro->TraceConnectWithoutContext(
                "Setup",
                MakeCallback(&ScenarioTraceConnector::OnRoSetup, this).Bind(name));
        }
        return true;
    });
}

void
ScenarioTraceConnector::OnMrRequest(std::string mr,
                                    const MipRegistrationRequest& rrq,
                                    Ipv4Address careOf)
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
ScenarioTraceConnector::OnMrReply(std::string mr,
                                  const MipRegistrationReply& reply,
                                  Ipv4Address careOf)
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
ScenarioTraceConnector::OnMrUplinkState(std::string mr,
                                        Ipv4Address careOf,
                                        MrUplinkState oldState,
                                        MrUplinkState newState,
                                        const std::string& reason)
{
    std::string key = mr + "|" + ScenarioNodeNames::Dotted(careOf);
    bool first = m_uplinkStates.find(key) == m_uplinkStates.end();
    m_uplinkStates[key] = StateName(newState);
    std::string coa = "coa=" + ScenarioNodeNames::Dotted(careOf);
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
ScenarioTraceConnector::OnMrFailover(std::string mr, Ipv4Address from, Ipv4Address to)
{
    bool hadActive = m_activeUplink.find(mr) != m_activeUplink.end();
    m_activeUplink[mr] = to;
    if (!hadActive && from == Ipv4Address::GetZero())
    {
        return; // the first uplink to register: not a failover
    }
    auto text = [](Ipv4Address a) {
        return a == Ipv4Address::GetZero() ? std::string("none") : ScenarioNodeNames::Dotted(a);
    };
    Event(mr, "failover", "", "", "", "from=" + text(from) + ";to=" + text(to));
}

void
ScenarioTraceConnector::OnRoMessage(std::string mr,
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
ScenarioTraceConnector::OnRoPeer(std::string mr, const RoPeerEventInfo& info)
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
ScenarioTraceConnector::OnRoSetup(std::string mr, Ipv4Address peer, Time latency)
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
ScenarioTraceConnector::Watch(const NemoNetwork& network)
{
    Watch(network.homeAgent, "HA");
    for (uint32_t site = 0; site < network.mobileRouters.size(); ++site)
    {
        Watch(network.mobileRouters[site], ScenarioNodeNames::MobileRouterName(site));
        WatchDataPath(network.mobileRouters[site], ScenarioNodeNames::MobileRouterName(site));
    }
}

void
ScenarioTraceConnector::WatchDataPath(Ptr<MobileRouter> mr, const std::string& name)
{
    MobileRouter* router = PeekPointer(mr);
    ScenarioWhenStarted(mr, [this, router, name]() {
        Ptr<MipTunnelManager> tunnels = router->GetTunnelManager();
        if (!tunnels)
        {
            return false;
        }
        Ipv4AddressValue ha;
        router->GetAttribute("HomeAgent", ha);
        Ipv4Address home = router->GetHomeAddress();
        tunnels->TraceConnectWithoutContext("Tx",
                                            MakeCallback(&ScenarioTraceConnector::OnDataPath, this)
                                                .Bind(name)
                                                .Bind(ha.Get())
                                                .Bind(home)
                                                .Bind(true));
        tunnels->TraceConnectWithoutContext("Rx",
                                            MakeCallback(&ScenarioTraceConnector::OnDataPath, this)
                                                .Bind(name)
                                                .Bind(ha.Get())
                                                .Bind(home)
                                                .Bind(false));
        return true;
    });
}

void
ScenarioTraceConnector::OnDataPath(std::string mr,
                                   Ipv4Address homeAgent,
                                   Ipv4Address homeAddress,
                                   bool tx,
                                   Ptr<const Packet> p,
                                   Ptr<const MipTunnel> tunnel)
{
    Ptr<Packet> inner = p->Copy();
    Ipv4Header ip;
    if ((tx && !MipWireDecoder::StripEncapsulation(inner, tunnel->GetEncapsulation())) ||
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
    std::string id = ScenarioNodeNames::Dotted(tunnel->GetLocal()) + ">" +
                     ScenarioNodeNames::Dotted(tunnel->GetRemote());
    std::string key = "data|" + mr + (tx ? "|tx|" : "|rx|") + ScenarioNodeNames::Dotted(src) + "|" +
                      ScenarioNodeNames::Dotted(dst);
    auto it = m_lastDataPath.find(key);
    if (it != m_lastDataPath.end() && it->second == id)
    {
        return;
    }
    m_lastDataPath[key] = id;
    Event(mr, tx ? "tx" : "rx", "DATA", NameOf(src), NameOf(dst), path);
}

// ---------------------------------------------------------------- queries

ScenarioTraceConnector::HaLoad
ScenarioTraceConnector::GetHaLoad(const std::string& src,
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

const std::vector<ScenarioTraceConnector::SetupRecord>&
ScenarioTraceConnector::GetSetups() const
{
    return m_setups;
}

std::pair<std::vector<std::string>, uint32_t>
ScenarioTraceConnector::GetLearned(const std::string& mr) const
{
    auto it = m_learned.find(mr);
    if (it == m_learned.end())
    {
        return {};
    }
    return {it->second.routers, static_cast<uint32_t>(it->second.prefixes.size())};
}

std::pair<std::vector<std::string>, uint32_t>
ScenarioTraceConnector::GetFirstLearned(const std::string& mr) const
{
    auto it = m_learned.find(mr);
    if (it == m_learned.end())
    {
        return {};
    }
    return {it->second.firstRouters, it->second.firstPrefixes};
}

} // namespace ns3
