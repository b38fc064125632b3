/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "attacker.h"

#include "ns3/boolean.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-list-routing-helper.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/mip-message.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/mip-registration-request.h"
#include "ns3/nemo-extensions.h"
#include "ns3/node.h"
#include "ns3/ns3-compat.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/return-routability-keys.h"
#include "ns3/return-routability-messages.h"
#include "ns3/ro-extensions.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Attacker");
NS_OBJECT_ENSURE_REGISTERED(Attacker);

TypeId
Attacker::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::Attacker")
            .SetParent<Application>()
            .SetGroupName("Haaro")
            .AddConstructor<Attacker>()
            .AddAttribute("CapturePort",
                          "UDP port (source or destination) of the datagrams captured "
                          "(434: Mobile IP, RFC 5944 section 3.1)",
                          UintegerValue(434),
                          MakeUintegerAccessor(&Attacker::m_capturePort),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("CaptureTunnelData",
                          "Also keep RFC 3519 type-4 tunnel data (every data packet of a UDP "
                          "tunnel on port 434)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&Attacker::m_captureTunnelData),
                          MakeBooleanChecker())
            .AddAttribute("MaxCaptures",
                          "Captured datagrams kept (the oldest are forgotten beyond it)",
                          UintegerValue(100000),
                          MakeUintegerAccessor(&Attacker::m_maxCaptures),
                          MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("Sent",
                            "A packet the attacker sent: a label and the IPv4 packet",
                            MakeTraceSourceAccessor(&Attacker::m_sentTrace),
                            "ns3::Attacker::SentTracedCallback");
    return tid;
}

Attacker::Attacker() = default;

Attacker::~Attacker() = default;

void
Attacker::StartApplication()
{
    // Every device of the node, promiscuously: what the node forwards or drops is seen too.
    GetNode()->RegisterProtocolHandler(MakeCallback(&Attacker::Sniff, this),
                                       Ipv4L3Protocol::PROT_NUMBER,
                                       nullptr,
                                       true);
}

void
Attacker::StopApplication()
{
    GetNode()->UnregisterProtocolHandler(MakeCallback(&Attacker::Sniff, this));
}

bool
Attacker::Inject(Ptr<const Packet> ipPacket, const std::string& what)
{
    Ptr<Packet> p = ipPacket->Copy();
    Ipv4Header header;
    p->PeekHeader(header);
    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    Socket::SocketErrno err;
    Ptr<Ipv4Route> route = ipv4->GetRoutingProtocol()->RouteOutput(p, header, nullptr, err);
    if (!route || !route->GetOutputDevice())
    {
        NS_LOG_WARN("no route to " << header.GetDestination());
        return false;
    }
    Ptr<NetDevice> device = route->GetOutputDevice();
    m_sentTrace(what, p);
    ++m_sent;
    m_sentBytes += p->GetSize();
    ++m_sentByLabel[what];
    return device->Send(p, device->GetBroadcast(), Ipv4L3Protocol::PROT_NUMBER);
}

void
Attacker::InjectAt(Time at, Ptr<const Packet> ipPacket, const std::string& what)
{
    HaaroSchedule(at - Simulator::Now(), [this, ipPacket, what]() { Inject(ipPacket, what); });
}

const std::deque<AttackerCapture>&
Attacker::GetCaptured() const
{
    return m_captured;
}

std::optional<AttackerCapture>
Attacker::FindLatest(uint8_t type, Ipv4Address dst) const
{
    for (auto it = m_captured.rbegin(); it != m_captured.rend(); ++it)
    {
        if (it->type == type && (dst == Ipv4Address::GetAny() || it->ip.GetDestination() == dst))
        {
            return *it;
        }
    }
    return std::nullopt;
}

bool
Attacker::Replay(const AttackerCapture& capture,
                 const MipBytes& appended,
                 std::optional<Ipv4Address> src,
                 std::optional<uint16_t> srcPort)
{
    MipBytes payload = AttackerPacketBuilder::Append(capture.payload, appended);
    return Inject(AttackerPacketBuilder::BuildUdp(src.value_or(capture.ip.GetSource()),
                                                  srcPort.value_or(capture.udp.GetSourcePort()),
                                                  capture.ip.GetDestination(),
                                                  capture.udp.GetDestinationPort(),
                                                  payload),
                  "replay");
}

void
Attacker::ReplayLatestEvery(uint8_t type,
                            Ipv4Address dst,
                            Time start,
                            Time interval,
                            uint32_t count,
                            const MipBytes& appended,
                            std::optional<Ipv4Address> src,
                            std::optional<uint16_t> srcPort)
{
    for (uint32_t i = 0; i < count; ++i)
    {
        HaaroSchedule(start + interval * i - Simulator::Now(), [=]() {
            if (std::optional<AttackerCapture> c = FindLatest(type, dst))
            {
                Replay(*c, appended, src, srcPort);
            }
        });
    }
}

bool
Attacker::SendUdp(Ipv4Address src,
                  uint16_t srcPort,
                  Ipv4Address dst,
                  uint16_t dstPort,
                  const MipBytes& payload)
{
    return Inject(AttackerPacketBuilder::BuildUdp(src, srcPort, dst, dstPort, payload), "udp");
}

void
Attacker::Flood(Ipv4Address firstSource,
                uint16_t srcPort,
                Ipv4Address dst,
                uint16_t dstPort,
                const MipBytes& payload,
                Time start,
                Time interval,
                uint32_t count)
{
    // One event at a time (not `count` events up front): the scheduler's own memory must
    // not hide the victim's.
    m_floods.push_back({firstSource, srcPort, dst, dstPort, payload, interval, count, 0});
    Simulator::Schedule(start - Simulator::Now(), &Attacker::FloodStep, this, m_floods.size() - 1);
}

void
Attacker::FloodStep(size_t job)
{
    FloodJob& f = m_floods[job];
    Inject(AttackerPacketBuilder::BuildUdp(Ipv4Address(f.firstSource.Get() + f.sent),
                                           f.srcPort,
                                           f.dst,
                                           f.dstPort,
                                           f.payload),
           "flood");
    if (++f.sent < f.count)
    {
        Simulator::Schedule(f.interval, &Attacker::FloodStep, this, job);
    }
}

void
Attacker::SendTunnelled(Ipv4Address outerSrc,
                        uint16_t srcPort,
                        Ipv4Address outerDst,
                        uint16_t dstPort,
                        Ptr<const Packet> inner,
                        Time start,
                        Time interval,
                        uint32_t count)
{
    for (uint32_t i = 0; i < count; ++i)
    {
        HaaroSchedule(start + interval * i - Simulator::Now(), [=]() {
            if (srcPort == 0)
            {
                Inject(AttackerPacketBuilder::BuildIpInIp(outerSrc, outerDst, inner), "ipip");
            }
            else
            {
                Inject(AttackerPacketBuilder::BuildUdpTunnelData(outerSrc,
                                                                 srcPort,
                                                                 outerDst,
                                                                 dstPort,
                                                                 inner),
                       "udp-tunnel");
            }
        });
    }
}

void
Attacker::Sniff(Ptr<NetDevice> device,
                Ptr<const Packet> packet,
                uint16_t protocol,
                const Address& from,
                const Address& to,
                NetDevice::PacketType type)
{
    if (protocol != Ipv4L3Protocol::PROT_NUMBER)
    {
        return;
    }
    Ptr<Packet> p = packet->Copy();
    AttackerCapture c;
    if (p->GetSize() < 20 || p->RemoveHeader(c.ip) == 0 || c.ip.GetProtocol() != 17 ||
        c.ip.GetFragmentOffset() != 0 || p->GetSize() < 8)
    {
        return;
    }
    p->RemoveHeader(c.udp);
    if (c.udp.GetSourcePort() != m_capturePort && c.udp.GetDestinationPort() != m_capturePort)
    {
        return;
    }
    c.at = Simulator::Now();
    uint32_t udpPayload = c.ip.GetPayloadSize() >= 8 ? c.ip.GetPayloadSize() - 8 : 0;
    uint32_t size = std::min<uint32_t>(p->GetSize(), udpPayload);
    c.payload.resize(size);
    p->CopyData(c.payload.data(), size);
    c.type = size > 0 ? c.payload[0] : 0;
    c.device = device->GetIfIndex();
    if (c.type == MIP_TUNNEL_DATA && !m_captureTunnelData)
    {
        return;
    }
    if (m_captured.size() >= m_maxCaptures)
    {
        m_captured.pop_front();
    }
    m_captured.push_back(c);
    OnCorrespondentMessage(m_captured.back());
}

// ---------------------------------------------------------------- fake correspondent

size_t
Attacker::RegisterAsCorrespondent(Ipv4Address peer,
                                  Ipv4Address homeAddress,
                                  Ipv4Address careOfAddress,
                                  const std::vector<MipPrefix>& prefixes,
                                  uint16_t lifetime,
                                  Time at)
{
    AttackerCorrespondentRun run;
    run.peer = peer;
    run.homeAddress = homeAddress;
    run.careOfAddress = careOfAddress;
    run.prefixes = prefixes;
    run.lifetime = lifetime;
    run.homeCookie = m_nextCookie++;
    run.careOfCookie = m_nextCookie++;
    m_runs.push_back(run);
    size_t i = m_runs.size() - 1;
    Simulator::Schedule(at - Simulator::Now(), &Attacker::SendTestInits, this, i);
    return i;
}

const AttackerCorrespondentRun&
Attacker::GetCorrespondentRun(size_t i) const
{
    return m_runs.at(i);
}

size_t
Attacker::GetCorrespondentRunCount() const
{
    return m_runs.size();
}

void
Attacker::SendTestInits(size_t i)
{
    const AttackerCorrespondentRun& run = m_runs[i];
    // RFC 6521 sections 5.6, 5.7: HoTI from the home address, CoTI from the care-of
    // address, both to the correspondent's home address.
    Inject(AttackerPacketBuilder::BuildUdp(
               run.homeAddress,
               MIP_UDP_PORT,
               run.peer,
               MIP_UDP_PORT,
               ReturnRoutabilityInit(MIP_HOME_TEST_INIT, run.homeCookie).ToBytes()),
           "HoTI");
    Inject(AttackerPacketBuilder::BuildUdp(
               run.careOfAddress,
               MIP_UDP_PORT,
               run.peer,
               MIP_UDP_PORT,
               ReturnRoutabilityInit(MIP_CARE_OF_TEST_INIT, run.careOfCookie).ToBytes()),
           "CoTI");
}

void
Attacker::OnCorrespondentMessage(const AttackerCapture& c)
{
    if (m_runs.empty() || c.udp.GetDestinationPort() != MIP_UDP_PORT)
    {
        return;
    }
    if (ReturnRoutabilityTest::IsTestType(c.type))
    {
        ReturnRoutabilityTest test;
        if (test.FromBytes(c.payload) == 0)
        {
            return;
        }
        for (size_t i = 0; i < m_runs.size(); ++i)
        {
            AttackerCorrespondentRun& run = m_runs[i];
            bool home = test.IsHomeTest();
            if ((home ? run.homeCookie : run.careOfCookie) != test.GetCookie() ||
                c.ip.GetDestination() != (home ? run.homeAddress : run.careOfAddress))
            {
                continue;
            }
            if (home && !run.homeToken)
            {
                run.homeToken = test.GetKeygenToken();
                run.homeNonceIndex = test.GetNonceIndex();
            }
            else if (!home && !run.careOfToken)
            {
                run.careOfToken = test.GetKeygenToken();
                run.careOfNonceIndex = test.GetNonceIndex();
            }
            if (run.homeToken && run.careOfToken && !run.requestSent)
            {
                SendCorrespondentRequest(i);
            }
        }
        return;
    }
    if (c.type == MIP_REGISTRATION_REPLY)
    {
        MipRegistrationReply reply;
        if (reply.FromBytes(c.payload) == 0)
        {
            return;
        }
        for (AttackerCorrespondentRun& run : m_runs)
        {
            if (run.requestSent && !run.replyCode && run.peer == c.ip.GetSource() &&
                run.careOfAddress == c.ip.GetDestination() &&
                run.homeAddress == reply.GetHomeAddress())
            {
                run.replyCode = reply.GetCode();
                for (const auto& ack : MobileNetworkAckExtension::FindAll(reply))
                {
                    run.ackCodes.push_back(ack.GetCode());
                }
            }
        }
    }
}

void
Attacker::SendCorrespondentRequest(size_t i)
{
    AttackerCorrespondentRun& run = m_runs[i];
    run.requestSent = true;
    // KRm = SHA1(home keygen token | care-of keygen token) (RFC 6521 section 3.2).
    MipBytes krm = ReturnRoutabilityKeys::RegistrationKey(*run.homeToken, *run.careOfToken);
    using R = MipRegistrationRequest;
    MipRegistrationRequest rrq;
    rrq.SetFlag(R::FLAG_D, true);
    rrq.SetFlag(R::FLAG_T, true);
    rrq.SetLifetime(run.lifetime);
    rrq.SetHomeAddress(run.homeAddress);
    rrq.SetHomeAgent(Ipv4Address::GetAny());
    rrq.SetCareOfAddress(run.careOfAddress);
    // Seconds since the NTP epoch of "now" (any value not seen before will do).
    uint64_t seconds = 3976214400ULL + static_cast<uint64_t>(Simulator::Now().GetSeconds());
    rrq.SetIdentification((seconds << 32) | m_nextId++);
    for (const MipPrefix& p : run.prefixes)
    {
        rrq.AddExtension(MobileNetworkRequestExtension(p.network, p.length).ToExtension());
    }
    McAuthExtension::Append(rrq, run.homeNonceIndex, run.careOfNonceIndex, krm);
    Inject(AttackerPacketBuilder::BuildUdp(run.careOfAddress,
                                           MIP_UDP_PORT,
                                           run.peer,
                                           MIP_UDP_PORT,
                                           rrq.ToBytes()),
           "CR-RRQ");
}

uint64_t
Attacker::GetSent() const
{
    return m_sent;
}

uint64_t
Attacker::GetSentBytes() const
{
    return m_sentBytes;
}

uint64_t
Attacker::GetSent(const std::string& what) const
{
    auto it = m_sentByLabel.find(what);
    return it == m_sentByLabel.end() ? 0 : it->second;
}

// ---------------------------------------------------------------- AttackerHelper

Ptr<Attacker>
AttackerHelper::Install(Ptr<Node> node)
{
    Ptr<Attacker> attacker = CreateObject<Attacker>();
    node->AddApplication(attacker);
    return attacker;
}

Ptr<Attacker>
AttackerHelper::AttachToIsp(const VirtualOperatorTopology& topology,
                            uint32_t isp,
                            Ipv4Address subnet)
{
    Ptr<Node> router = topology.ispRouters.Get(isp);
    Ptr<Node> node = CreateObject<Node>();
    Ipv4StaticRoutingHelper staticHelper;
    Ipv4ListRoutingHelper list;
    list.Add(staticHelper, 0);
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.SetRoutingHelper(list);
    stack.Install(node);

    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    p2p.SetChannelAttribute("Delay", StringValue("1ms"));
    NetDeviceContainer link = p2p.Install(router, node);
    Ipv4Mask mask("255.255.255.0");
    Ipv4Address routerSide(subnet.Get() + 1);
    Ipv4Address attackerSide(subnet.Get() + 2);

    Ptr<Ipv4> routerIpv4 = router->GetObject<Ipv4>();
    int32_t routerIf = routerIpv4->AddInterface(link.Get(0));
    routerIpv4->AddAddress(routerIf, Ipv4InterfaceAddress(routerSide, mask));
    routerIpv4->SetUp(routerIf);
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    int32_t nodeIf = ipv4->AddInterface(link.Get(1));
    ipv4->AddAddress(nodeIf, Ipv4InterfaceAddress(attackerSide, mask));
    ipv4->SetUp(nodeIf);
    // What is sent to the /24 is captured, never forwarded back.
    ipv4->SetAttribute("IpForward", BooleanValue(false));
    staticHelper.GetStaticRouting(ipv4)->SetDefaultRoute(routerSide, nodeIf);
    // The router's connected route for the /24 (PrefixTableRouting and Ipv4StaticRouting
    // both add one) takes everything for it to this node.
    return Install(node);
}

} // namespace ns3
