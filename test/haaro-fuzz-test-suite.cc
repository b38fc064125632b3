/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Fuzzing of every application entry point after authentication (issue 10, items 6 and 9):
 * a fuzzer that holds valid keys sends real UDP packets with mutated, correctly signed
 * extension chains to a Home Agent (port 434), a Mobile Router (its registration port) and
 * a Correspondent Router (its home address and care-of address, port 434), plus return
 * routability messages with random fields and RFC 3519 type-4 tunnel data with random
 * inner packets. Nothing may crash, abort or assert, the simulation completes, the drop
 * counters stay below what was sent, and a genuine route-optimized flow between two other
 * sites keeps being delivered (compared with a control run without the fuzzer).
 *
 * Short in CI (a few thousand packets). HAARO_FUZZ_INPUTS=N and HAARO_FUZZ_SEED=S (what
 * `./haaro fuzz N --seed S` sets) make it N packets per entry point with seed S.
 */
#include "gtest/fuzz-mutator.h"
#include "haaro-test-fixture.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/ns3-compat.h"
#include "ns3/test.h"

#include <array>
#include <cstdio>
#include <set>
#include <sstream>

using namespace ns3;
using haaro_test::FuzzRng;
using haaro_test::FuzzSettings;

namespace
{

/// The entry points the fuzzer feeds.
enum Entry : uint32_t
{
    HA_REQUEST,  //!< MN-HA signed Registration Request to the HA (site B's key)
    HA_TUNNEL,   //!< type-4 tunnel data to the HA's port 434
    MR_REPLY,    //!< MN-HA signed Registration Reply to MR B's registration port
    MR_TUNNEL,   //!< type-4 tunnel data to MR B's registration port
    CR_REQUEST,  //!< MC-auth signed Registration Request to CR C's home address
    CR_REPLY,    //!< MC-auth signed Registration Reply to CR C's care-of address
    CR_RR,       //!< HoTI / CoTI / HoT / CoT with random fields to CR C
    CR_TUNNEL,   //!< type-4 tunnel data to CR C's care-of address
    ENTRY_COUNT, //!< number of entry points
};

/// \return the name of an entry point
const char*
EntryName(uint32_t e)
{
    static const char* names[] = {"ha-request",
                                  "ha-tunnel",
                                  "mr-reply",
                                  "mr-tunnel",
                                  "cr-request",
                                  "cr-reply",
                                  "cr-rr",
                                  "cr-tunnel"};
    return e < ENTRY_COUNT ? names[e] : "?";
}

/// KRm the test provisions at CR C for MR B (RouteOptimizer::AddStaticKey).
const MipBytes FUZZ_KRM = MipFromHex("f0 f1 f2 f3 f4 f5 f6 f7 f8 f9 fa fb fc fd fe ff 00 01 02 03");

/**
 * \ingroup haaro-tests
 * Three sites A, B, C (MR 0, 1, 2) with route optimization; a flow A <-> C (the control);
 * the fuzzer holds B's MN-HA key and a KRm for B at C, and sends from B's care-of address,
 * from the peering router and, forged, from the HA's address and port 434 (replies and
 * tunnel data to B).
 */
class FuzzScenario : public HaaroTestScenario
{
  public:
    /**
     * \param fuzz send fuzz packets (false: the control run)
     * \param perEntry packets per entry point
     * \param seed the fuzzer's seed
     */
    FuzzScenario(bool fuzz, uint64_t perEntry, uint64_t seed)
        : m_fuzz(fuzz),
          m_perEntry(perEntry),
          m_rng(seed),
          m_seed(seed)
    {
        topologyHelper.SetNumIsps(2);
        topologyHelper.SetDefaultUplink(DataRate("100Mbps"), MilliSeconds(5));
        topologyHelper.AddSites(3, 1);
        nemo.SetMobileRouterAttribute("RouteOptimization", BooleanValue(true));
    }

    /// When fuzzing starts and how long it lasts (at least 10 s, 2,000 packets/s per entry).
    Time FuzzStart() const
    {
        return Seconds(6);
    }

    /// \return the fuzzing duration
    Time FuzzDuration() const
    {
        return Seconds(std::max<double>(10.0, m_perEntry / 2000.0));
    }

    /// Builds, installs, runs; returns when the simulation completed.
    void Run()
    {
        Build();
        for (uint32_t i = 0; i < 3; ++i)
        {
            network.mobileRouters[i]->SetStartTime(Seconds(1 + 0.5 * i));
            network.mobileRouters[i]->AssignStreams(200 + 10 * i); // two streams each
        }
        // What B sends and gets (the fuzzer sniffs B's link: it replays B's real messages,
        // mutated, and answers B's outstanding Identification).
        network.mobileRouters[1]->TraceConnectWithoutContext(
            "RequestSent",
            MakeCallback(&FuzzScenario::OnRequestB, this));
        network.mobileRouters[1]->TraceConnectWithoutContext(
            "ReplyReceived",
            MakeCallback(&FuzzScenario::OnReplyB, this));
        // The KRm for B at C (C's route optimizer exists once C started).
        HaaroSchedule(Seconds(2.5), [this]() {
            Ptr<RouteOptimizer> c = network.mobileRouters[2]->GetRouteOptimizer();
            NS_ABORT_MSG_IF(!c, "MR C has no route optimizer");
            c->AddStaticKey(topology.sites[1].homeAddress, FUZZ_KRM);
            c->TraceConnectWithoutContext("Message",
                                          MakeCallback(&FuzzScenario::OnCrMessage, this));
        });
        network.homeAgent->TraceConnectWithoutContext("ReplySent",
                                                      MakeCallback(&FuzzScenario::OnHaReply, this));
        Time stop = FuzzStart() + FuzzDuration() + Seconds(2);
        AddFlow(0, 2, Seconds(4), stop - Seconds(1), MilliSeconds(20), 9000);
        AddFlow(2, 0, Seconds(4), stop - Seconds(1), MilliSeconds(20), 9001);
        if (m_fuzz)
        {
            Simulator::Schedule(FuzzStart(), &FuzzScenario::StartFuzzing, this);
        }
        if (sendA7)
        {
            Simulator::Schedule(FuzzStart(), &FuzzScenario::SendA7, this);
        }
        HaaroTestScenario::Run(stop);
        completed = true;
    }

    /// \return datagrams sent and received per flow port (9000: A to C, 9001: C to A)
    std::map<uint16_t, std::pair<uint64_t, uint64_t>> FlowCounts() const
    {
        std::map<uint16_t, std::pair<uint64_t, uint64_t>> out;
        for (uint16_t port : {9000, 9001})
        {
            Ptr<ProbeFlow> flow = GetFlow(port);
            out[port] = {flow->GetSent(), flow->GetReceived()};
        }
        return out;
    }

    std::array<uint64_t, ENTRY_COUNT> sent{}; //!< fuzz packets sent per entry point
    bool sendA7{false}; //!< send the A7 request (a signed /33 at the CR) at FuzzStart()
    /// Acknowledgement codes C sent back for prefix lengths above 32 (A7), in order.
    std::vector<uint8_t> a7Codes;
    uint64_t a7Replies{0}; //!< Registration Replies C sent back to the A7 socket
    /// How far the fuzz packets got (after authentication), by what the receivers traced.
    std::map<std::string, uint64_t> reached;
    bool completed{false}; //!< Simulator::Run returned

  private:
    /// \param socket a fuzzer socket: answers are read and ignored
    static void Drain(Ptr<Socket> socket)
    {
        while (socket->Recv())
        {
        }
    }

    /// \param rrq a request B sent \param coa its care-of address
    void OnRequestB(const MipRegistrationRequest& rrq, Ipv4Address coa)
    {
        m_lastRequestB = rrq;
        m_haveRequestB = true;
        m_outstandingB = true;
        m_requestIdsB.insert(static_cast<uint32_t>(rrq.GetIdentification()));
        if (Simulator::Now() >= FuzzStart())
        {
            ++reached["MR B: requests sent"];
        }
    }

    /// \param rrp a reply B accepted (and hands to ProcessReply) \param coa its care-of address
    void OnReplyB(const MipRegistrationReply& rrp, Ipv4Address coa)
    {
        m_outstandingB = false; // the uplink takes one reply per request
        if (Simulator::Now() >= FuzzStart())
        {
            // The HA's genuine answer to B's request, or one of the fuzzer's (it won the
            // race): the genuine one went out with exactly these octets.
            auto genuine = m_haRepliesToB.find(rrp.GetIdentification());
            bool fromHa = genuine != m_haRepliesToB.end() && genuine->second == rrp.ToBytes();
            ++reached[fromHa ? "MR B: genuine HA replies processed"
                             : "MR B: authenticated replies processed"];
        }
        if (!m_haveReplyB)
        {
            m_lastReplyB = rrp; // the HA's genuine first reply is the fuzzer's template
        }
        m_haveReplyB = true;
    }

    /// \param rrp a reply the HA sent \param to its destination
    void OnHaReply(const MipRegistrationReply& rrp, Ipv4Address to)
    {
        if (rrp.GetHomeAddress() != topology.sites[1].homeAddress)
        {
            return;
        }
        if (m_requestIdsB.count(static_cast<uint32_t>(rrp.GetIdentification())))
        {
            m_haRepliesToB[rrp.GetIdentification()] = rrp.ToBytes(); // B's own request
        }
        else if (Simulator::Now() >= FuzzStart())
        {
            ++reached[rrp.GetCode() < 2 ? "HA: B's requests accepted" : "HA: B's requests denied"];
        }
    }

    /// C's route optimizer saw a message (direction, name, source, destination)
    void OnCrMessage(const std::string& dir,
                     const std::string& what,
                     Ipv4Address src,
                     Ipv4Address dst)
    {
        if (Simulator::Now() >= FuzzStart() && dir == "rx" && what != "KEEPALIVE")
        {
            ++reached["CR C: rx " + what];
        }
    }

    /// \param node where \param local address to bind (any: 0.0.0.0) \return a UDP socket
    Ptr<Socket> MakeSocket(Ptr<Node> node, Ipv4Address local)
    {
        Ptr<Socket> s = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        s->Bind(InetSocketAddress(local, 0));
        s->SetRecvCallback(MakeCallback(&FuzzScenario::Drain));
        m_sockets.push_back(s);
        return s;
    }

    /// \param socket the A7 socket: C's replies
    void OnA7Reply(Ptr<Socket> socket)
    {
        Ptr<Packet> p;
        while ((p = socket->Recv()))
        {
            MipBytes bytes(p->GetSize());
            p->CopyData(bytes.data(), bytes.size());
            MipRegistrationReply rrp;
            if (rrp.FromBytes(bytes) == 0)
            {
                continue;
            }
            ++a7Replies;
            for (const auto& ack : MobileNetworkAckExtension::FindAll(rrp))
            {
                if (ack.GetPrefixLength() > 32)
                {
                    a7Codes.push_back(ack.GetCode());
                }
            }
        }
    }

    /**
     * A7 (issue 10): a Registration Request at CR C, correctly MC-signed with the KRm C holds
     * for B, asking for B's /24 and for a /33. It used to abort the simulation
     * (route-optimization-cache.cc: prefix length 33 > 32).
     */
    void SendA7()
    {
        Ipv4Address coaB = network.mobileRouters[1]->GetUplink(0)->GetCareOfAddress();
        Ptr<Socket> socket =
            Socket::CreateSocket(topology.mobileRouters.Get(1), UdpSocketFactory::GetTypeId());
        socket->Bind(InetSocketAddress(coaB, 0));
        socket->SetRecvCallback(MakeCallback(&FuzzScenario::OnA7Reply, this));
        m_sockets.push_back(socket);
        MipRegistrationRequest rrq;
        rrq.SetFlag(MipRegistrationRequest::FLAG_T, true);
        rrq.SetLifetime(60);
        rrq.SetHomeAddress(topology.sites[1].homeAddress);
        rrq.SetHomeAgent(topology.homeAgentAddress);
        rrq.SetCareOfAddress(coaB);
        rrq.SetIdentification(m_ids.Next(Simulator::Now()));
        rrq.AddExtension(
            MobileNetworkRequestExtension(topology.sites[1].mnpAddress, 24).ToExtension());
        uint32_t net = topology.sites[1].mnpAddress.Get();
        rrq.AddExtension(MipExtension::Short(
            MobileNetworkRequestExtension::TYPE,
            MobileNetworkRequestExtension::SUBTYPE,
            {33, uint8_t(net >> 24), uint8_t(net >> 16), uint8_t(net >> 8), uint8_t(net)}));
        McAuthExtension::Append(rrq, 0, 0, FUZZ_KRM);
        SendBytes(socket, rrq.ToBytes(), topology.sites[2].homeAddress, MIP_UDP_PORT);
    }

    /// Creates the fuzzer's sockets and starts one sender per entry point.
    void StartFuzzing()
    {
        m_coaB = network.mobileRouters[1]->GetUplink(0)->GetCareOfAddress();
        m_coaC = network.mobileRouters[2]->GetUplink(0)->GetCareOfAddress();
        m_portB = network.mobileRouters[1]->GetUplink(0)->GetLocalPort();
        m_fromB = MakeSocket(topology.mobileRouters.Get(1), m_coaB);
        m_fromPeering = MakeSocket(topology.peering, Ipv4Address::GetAny());
        Time interval = FuzzDuration() / static_cast<double>(std::max<uint64_t>(1, m_perEntry));
        for (uint32_t e = 0; e < ENTRY_COUNT; ++e)
        {
            // Staggered so that the entry points interleave.
            Simulator::Schedule(interval * (e / double(ENTRY_COUNT)),
                                &FuzzScenario::SendNext,
                                this,
                                e,
                                interval);
        }
    }

    /// \param e entry point \param interval spacing
    void SendNext(uint32_t e, Time interval)
    {
        if (sent[e] >= m_perEntry)
        {
            return;
        }
        Send(static_cast<Entry>(e));
        ++sent[e];
        Simulator::Schedule(interval, &FuzzScenario::SendNext, this, e, interval);
    }

    /**
     * A forged IPv4/UDP datagram from the Home Agent's address and port 434 to B's
     * registration port: the only source B's uplink takes replies (and tunnel data) from
     * (RFC 5944 section 3.6.2.1). A socket cannot be bound there (it would take the HA's
     * requests), so the complete packet is built (AttackerPacketBuilder) and handed to the
     * HA node's output device towards B, as Attacker::Inject does.
     * \param bytes the UDP payload
     */
    void SendFromHa(const MipBytes& bytes)
    {
        Ptr<Packet> p = AttackerPacketBuilder::BuildUdp(topology.homeAgentAddress,
                                                        MIP_UDP_PORT,
                                                        m_coaB,
                                                        m_portB,
                                                        bytes);
        Ipv4Header header;
        p->PeekHeader(header);
        Ptr<Ipv4> ipv4 = topology.homeAgent->GetObject<Ipv4>();
        Socket::SocketErrno err;
        Ptr<Ipv4Route> route = ipv4->GetRoutingProtocol()->RouteOutput(p, header, nullptr, err);
        NS_ABORT_MSG_IF(!route || !route->GetOutputDevice(), "the HA has no route to B");
        Ptr<NetDevice> device = route->GetOutputDevice();
        device->Send(p, device->GetBroadcast(), Ipv4L3Protocol::PROT_NUMBER);
    }

    /// \param socket from \param bytes payload \param to destination \param port its port
    void SendBytes(Ptr<Socket> socket, const MipBytes& bytes, Ipv4Address to, uint16_t port)
    {
        Ptr<Packet> p =
            bytes.empty() ? Create<Packet>() : Create<Packet>(bytes.data(), bytes.size());
        socket->SendTo(p, 0, InetSocketAddress(to, port));
    }

    /// \return a budget for a mutated chain: mostly small, sometimes up to ~60 KB
    size_t Budget()
    {
        return m_rng() % 16 == 0 ? 60000 : 1400;
    }

    /// \param exts chain to mutate in place, keeping framing \param budget octets
    void Mutate(std::vector<MipExtension>& exts, size_t budget)
    {
        haaro_test::MutateExtensions(m_rng, exts, budget);
    }

    /// \param msg a signed message \return its octets, one in eight with broken framing
    template <class Message>
    MipBytes MaybeBreak(const Message& msg)
    {
        MipBytes bytes = msg.ToBytes();
        if (m_rng() % 8 == 0 && !bytes.empty())
        {
            switch (m_rng() % 3)
            {
            case 0:
                bytes.resize(m_rng() % bytes.size());
                break;
            case 1:
                bytes[m_rng() % bytes.size()] ^= static_cast<uint8_t>(1 + m_rng() % 255);
                break;
            default: {
                MipBytes tail = haaro_test::RandomBytes(m_rng, 1 + m_rng() % 64);
                bytes.insert(bytes.end(), tail.begin(), tail.end());
            }
            }
        }
        return bytes;
    }

    /// \param msg message \return its extensions up to (not including) the first of type t
    static std::vector<MipExtension> ExtensionsBefore(const MipMessage& msg, uint8_t t)
    {
        std::vector<MipExtension> out;
        for (const MipExtension& x : msg.GetExtensions().GetAll())
        {
            if (x.type == t)
            {
                break;
            }
            out.push_back(x);
        }
        return out;
    }

    /// \param e the entry point to send one packet to
    void Send(Entry e)
    {
        const MipSecurityAssociation saB =
            NemoNetworkHelper::MakeSecurityAssociation(1, topology.sites[1].homeAddress);
        switch (e)
        {
        case HA_REQUEST: {
            MipRegistrationRequest rrq;
            if (m_haveRequestB)
            {
                rrq = m_lastRequestB;
            }
            std::vector<MipExtension> exts =
                ExtensionsBefore(rrq, MipAuthExtension::TYPE_MOBILE_HOME);
            Mutate(exts, Budget());
            rrq.GetExtensions().Clear();
            for (const auto& x : exts)
            {
                rrq.AddExtension(x);
            }
            rrq.SetHomeAddress(topology.sites[1].homeAddress);
            rrq.SetHomeAgent(topology.homeAgentAddress);
            if (m_rng() % 4 == 0)
            {
                rrq.SetFlags(static_cast<uint8_t>(m_rng()));
            }
            if (m_rng() % 4 == 0)
            {
                rrq.SetLifetime(static_cast<uint16_t>(m_rng()));
            }
            if (m_rng() % 8 == 0)
            {
                rrq.SetCareOfAddress(Ipv4Address(static_cast<uint32_t>(m_rng())));
            }
            // Fresh: later than the fuzzer's clock and than B's last request (whose random
            // low-order bits put it up to a second ahead), else the HA refuses it with 133.
            uint64_t fresh = m_ids.Next(Simulator::Now());
            if (m_haveRequestB &&
                MipNtpTime::IsLater(m_lastRequestB.GetIdentification() + 1, fresh))
            {
                fresh = m_lastRequestB.GetIdentification() + 1 + m_rng() % 1024;
            }
            rrq.SetIdentification(m_rng() % 8 == 0 ? m_rng() : fresh);
            MipAuthExtension::Append(rrq,
                                     MipAuthExtension::TYPE_MOBILE_HOME,
                                     saB.GetSpi(),
                                     saB.GetKey());
            SendBytes(m_fromB, MaybeBreak(rrq), topology.homeAgentAddress, MIP_UDP_PORT);
            break;
        }
        case MR_REPLY: {
            // B's uplink takes one reply per request, from HA:434, with that request's
            // Identification (RFC 5944 section 3.6.2.1) and only while it is outstanding.
            // On its own B renews every 24 minutes, so the harness has it register again
            // (3 times in 4) when nothing is outstanding; the fuzzer sees the request on B's
            // link and answers at once, a link ahead of the HA's own reply (which wins when
            // the fuzzed one does not parse). The rest exercise the drops.
            if (!m_outstandingB && m_rng() % 4 != 0)
            {
                network.mobileRouters[1]->GetUplink(0)->Register();
            }
            MipRegistrationReply rrp;
            if (m_haveReplyB)
            {
                rrp = m_lastReplyB;
            }
            std::vector<MipExtension> exts =
                ExtensionsBefore(rrp, MipAuthExtension::TYPE_MOBILE_HOME);
            Mutate(exts, Budget());
            rrp.GetExtensions().Clear();
            for (const auto& x : exts)
            {
                rrp.AddExtension(x);
            }
            rrp.SetHomeAddress(topology.sites[1].homeAddress);
            rrp.SetHomeAgent(topology.homeAgentAddress);
            if (m_rng() % 4 == 0)
            {
                rrp.SetCode(static_cast<uint8_t>(m_rng()));
            }
            if (m_rng() % 4 == 0)
            {
                rrp.SetLifetime(static_cast<uint16_t>(m_rng()));
            }
            // Mostly the Identification of B's outstanding request, so that the reply gets
            // past the matching check into ProcessReply.
            if (m_haveRequestB && m_rng() % 8 != 0)
            {
                rrp.SetIdentification(m_lastRequestB.GetIdentification());
            }
            else
            {
                rrp.SetIdentification(m_rng());
            }
            MipAuthExtension::Append(rrp,
                                     MipAuthExtension::TYPE_MOBILE_HOME,
                                     saB.GetSpi(),
                                     saB.GetKey());
            SendFromHa(MaybeBreak(rrp));
            break;
        }
        case CR_REQUEST: {
            MipRegistrationRequest rrq;
            rrq.SetFlag(MipRegistrationRequest::FLAG_T, m_rng() % 2);
            rrq.SetLifetime(m_rng() % 4 == 0 ? static_cast<uint16_t>(m_rng()) : 60);
            rrq.SetHomeAddress(topology.sites[1].homeAddress);
            rrq.SetHomeAgent(topology.homeAgentAddress);
            rrq.SetCareOfAddress(m_coaB);
            rrq.SetIdentification(m_rng() % 8 == 0 ? m_rng() : m_ids.Next(Simulator::Now()));
            std::vector<MipExtension> exts = {
                MobileNetworkRequestExtension(topology.sites[1].mnpAddress, 24).ToExtension()};
            Mutate(exts, Budget());
            for (const auto& x : exts)
            {
                rrq.AddExtension(x);
            }
            McAuthExtension::Append(rrq, 0, 0, FUZZ_KRM);
            SendBytes(m_fromB, MaybeBreak(rrq), topology.sites[2].homeAddress, MIP_UDP_PORT);
            break;
        }
        case CR_REPLY: {
            MipRegistrationReply rrp;
            rrp.SetCode(m_rng() % 2 ? 0 : static_cast<uint8_t>(m_rng()));
            rrp.SetLifetime(static_cast<uint16_t>(m_rng()));
            rrp.SetHomeAddress(topology.sites[2].homeAddress);
            rrp.SetHomeAgent(topology.sites[1].homeAddress);
            rrp.SetIdentification(m_rng());
            std::vector<MipExtension> exts = {
                MobileNetworkAckExtension(MobileNetworkAckExtension::SUBTYPE_EXPLICIT,
                                          MOBNET_SUCCESS,
                                          topology.sites[1].mnpAddress,
                                          24)
                    .ToExtension()};
            Mutate(exts, Budget());
            for (const auto& x : exts)
            {
                rrp.AddExtension(x);
            }
            McAuthExtension::Append(rrp, 0, 0, FUZZ_KRM);
            SendBytes(m_fromB, MaybeBreak(rrp), m_coaC, MIP_UDP_PORT);
            break;
        }
        case CR_RR: {
            uint8_t type = static_cast<uint8_t>(24 + m_rng() % 4);
            size_t size = type < 26 ? 10 : 20;
            if (m_rng() % 8 == 0)
            {
                size = m_rng() % 64;
            }
            MipBytes bytes = haaro_test::RandomBytes(m_rng, size);
            if (!bytes.empty())
            {
                bytes[0] = type;
            }
            Ipv4Address to =
                (type == 25 || type == 27) && m_rng() % 2 ? m_coaC : topology.sites[2].homeAddress;
            SendBytes(m_rng() % 2 ? m_fromB : m_fromPeering, bytes, to, MIP_UDP_PORT);
            break;
        }
        case HA_TUNNEL:
        case MR_TUNNEL:
        case CR_TUNNEL: {
            // RFC 3519 section 3.2: Type 4, Next Header, Reserved, then the inner packet:
            // random octets, or an IPv4 header (random fields) with a random payload.
            static const uint8_t next[] = {4, 47, 55, 0, 255};
            MipBytes bytes = {4, next[m_rng() % 5], 0, 0};
            size_t n =
                m_rng() % 16 == 0 ? haaro_test::SpreadLength(m_rng, 1, 60000) : m_rng() % 200;
            MipBytes inner = haaro_test::RandomBytes(m_rng, n);
            if (n >= 20 && m_rng() % 2)
            {
                inner[0] = 0x45;
                inner[2] = static_cast<uint8_t>(n >> 8);
                inner[3] = static_cast<uint8_t>(n);
                inner[8] = 64;
                if (m_rng() % 2)
                {
                    // An inner destination in A's network: what an attacker would aim at.
                    uint32_t dst = topology.sites[0].hostAddresses[0].Get();
                    inner[16] = dst >> 24;
                    inner[17] = dst >> 16;
                    inner[18] = dst >> 8;
                    inner[19] = dst;
                }
            }
            bytes.insert(bytes.end(), inner.begin(), inner.end());
            if (e == HA_TUNNEL)
            {
                SendBytes(m_fromB, bytes, topology.homeAgentAddress, MIP_UDP_PORT);
            }
            else if (e == MR_TUNNEL)
            {
                SendFromHa(bytes);
            }
            else
            {
                SendBytes(m_fromB, bytes, m_coaC, MIP_UDP_PORT);
            }
            break;
        }
        case ENTRY_COUNT:
            break;
        }
    }

    bool m_fuzz;                                 //!< fuzzing on
    uint64_t m_perEntry;                         //!< packets per entry point
    FuzzRng m_rng;                               //!< the fuzzer's randomness
    uint64_t m_seed;                             //!< its seed
    MipIdentificationGenerator m_ids;            //!< fresh timestamp Identifications
    MipRegistrationRequest m_lastRequestB;       //!< B's last request
    bool m_haveRequestB{false};                  //!< one was seen
    MipRegistrationReply m_lastReplyB;           //!< B's last accepted reply
    bool m_haveReplyB{false};                    //!< one was seen
    bool m_outstandingB{false};                  //!< B's last request is not answered yet
    std::set<uint32_t> m_requestIdsB;            //!< low-order Identification bits B sent
    std::map<uint64_t, MipBytes> m_haRepliesToB; //!< the HA's replies to B's own requests
    Ipv4Address m_coaB;                          //!< B's care-of address
    Ipv4Address m_coaC;                          //!< C's care-of address
    uint16_t m_portB{0};                         //!< B's registration port
    Ptr<Socket> m_fromB;                         //!< fuzzer socket at B's care-of address
    Ptr<Socket> m_fromPeering;                   //!< fuzzer socket at the peering router
    std::vector<Ptr<Socket>> m_sockets;          //!< all sockets
};

/// \return packets per entry point: HAARO_FUZZ_INPUTS, or the CI default
uint64_t
PerEntry()
{
    uint64_t n = FuzzSettings::Get().inputs;
    return n > 0 ? n : 1000;
}

/**
 * \ingroup haaro-tests
 * The fuzz run beside a control run with the same seed and topology.
 */
class FuzzEntryPointsTestCase : public TestCase
{
  public:
    FuzzEntryPointsTestCase()
        : TestCase("signed mutated registrations, RR messages and tunnel data to HA, MR and "
                   "CR: no abort, counters bounded, the A<->C flow keeps being delivered")
    {
    }

  private:
    void DoRun() override
    {
        const uint64_t seed = FuzzSettings::Get().Mix(6521);
        const uint64_t perEntry = PerEntry();
        std::printf("haaro-fuzz: %llu packets per entry point, seed %llu (HAARO_FUZZ_SEED=%llu)\n",
                    static_cast<unsigned long long>(perEntry),
                    static_cast<unsigned long long>(seed),
                    static_cast<unsigned long long>(FuzzSettings::Get().seed));
        std::fflush(stdout);

        std::map<uint16_t, std::pair<uint64_t, uint64_t>> control;
        {
            FuzzScenario s(false, perEntry, seed);
            s.Run();
            control = s.FlowCounts();
        }
        FuzzScenario s(true, perEntry, seed);
        s.Run();
        std::map<uint16_t, std::pair<uint64_t, uint64_t>> flows = s.FlowCounts();
        NS_TEST_ASSERT_MSG_EQ(s.completed, true, "the simulation completed");
        uint64_t total = 0;
        for (uint32_t e = 0; e < ENTRY_COUNT; ++e)
        {
            NS_TEST_ASSERT_MSG_EQ(s.sent[e], perEntry, "every packet sent to " << EntryName(e));
            total += s.sent[e];
        }
        // Control: the genuine flows are delivered as well as without the fuzzer.
        for (const auto& [port, counts] : flows)
        {
            uint64_t base = control[port].second;
            NS_TEST_ASSERT_MSG_GT(base, control[port].first * 9 / 10, "control run delivers");
            NS_TEST_ASSERT_MSG_GT_OR_EQ(counts.second + counts.first / 50,
                                        base,
                                        "flow to port " << port << " delivered " << counts.second
                                                        << " of " << counts.first << " (control "
                                                        << base << ")");
        }
        // Counters sane: no receiver counts more drops than packets were sent to it.
        auto sum = [](auto get) {
            uint64_t n = 0;
            for (uint32_t r = 0; r < static_cast<uint32_t>(ProtocolDrop::COUNT); ++r)
            {
                n += get(static_cast<ProtocolDrop>(r));
            }
            return n;
        };
        Ptr<HomeAgent> ha = s.network.homeAgent;
        uint64_t haDrops = sum([&ha](ProtocolDrop r) { return ha->GetProtocolDropCount(r); });
        Ptr<MrUplink> uplinkB = s.network.mobileRouters[1]->GetUplink(0);
        uint64_t mrDrops =
            sum([&uplinkB](ProtocolDrop r) { return uplinkB->GetProtocolDropCount(r); });
        Ptr<RouteOptimizer> cr = s.network.mobileRouters[2]->GetRouteOptimizer();
        NS_TEST_ASSERT_MSG_EQ(bool(cr), true, "C has a route optimizer");
        uint64_t crDrops = sum([&cr](ProtocolDrop r) { return cr->GetProtocolDropCount(r); });
        // Extension counts (UNAUTHENTICATED_EXTENSIONS counts extensions, not packets) may
        // reach the octets sent, never more.
        NS_TEST_ASSERT_MSG_LT_OR_EQ(haDrops,
                                    (s.sent[HA_REQUEST] + s.sent[HA_TUNNEL]) * 65535,
                                    "HA drop counters bounded");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(mrDrops,
                                    (s.sent[MR_REPLY] + s.sent[MR_TUNNEL]) * 65535,
                                    "MR drop counters bounded");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(crDrops, total * 65535, "CR drop counters bounded");
        // No unbounded state: the HA knows the three routers only; C's cache holds A, B
        // and whatever the HA advertised, not one entry per fuzz packet.
        NS_TEST_ASSERT_MSG_EQ(ha->GetBindingTable()->GetMobileNodeCount(), 3, "HA mobile nodes");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(ha->GetBindingTable()->GetBindingCount(),
                                    3 * 8,
                                    "HA bindings bounded");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(cr->GetCache().GetSize(), 8, "C's cache bounded");
        // The fuzzer got past authentication at every receiver (else it tests nothing).
        for (const std::string& key : {std::string("HA: B's requests accepted"),
                                       std::string("HA: B's requests denied"),
                                       std::string("CR C: rx RRQ"),
                                       std::string("CR C: rx HoTI"),
                                       std::string("MR B: authenticated replies processed")})
        {
            NS_TEST_ASSERT_MSG_GT(s.reached[key], 0, key);
        }
        for (const auto& [what, n] : s.reached)
        {
            std::printf("haaro-fuzz:   %s: %llu\n",
                        what.c_str(),
                        static_cast<unsigned long long>(n));
        }
        for (uint32_t r = 0; r < static_cast<uint32_t>(ProtocolDrop::COUNT); ++r)
        {
            if (uint64_t n = uplinkB->GetProtocolDropCount(static_cast<ProtocolDrop>(r)))
            {
                std::ostringstream name;
                name << static_cast<ProtocolDrop>(r);
                std::printf("haaro-fuzz:   MR B dropped (%s): %llu\n",
                            name.str().c_str(),
                            static_cast<unsigned long long>(n));
            }
        }
        std::printf("haaro-fuzz: %llu packets; drops counted HA %llu, MR B %llu, CR C %llu; flows "
                    "%llu/%llu and %llu/%llu (control %llu, %llu)\n",
                    static_cast<unsigned long long>(total),
                    static_cast<unsigned long long>(haDrops),
                    static_cast<unsigned long long>(mrDrops),
                    static_cast<unsigned long long>(crDrops),
                    static_cast<unsigned long long>(flows[9000].second),
                    static_cast<unsigned long long>(flows[9000].first),
                    static_cast<unsigned long long>(flows[9001].second),
                    static_cast<unsigned long long>(flows[9001].first),
                    static_cast<unsigned long long>(control[9000].second),
                    static_cast<unsigned long long>(control[9001].second));
    }
};

/**
 * \ingroup haaro-tests
 * A7 as a fixed input: a signed /33 in a Mobile Network Request at a CR. No abort; the
 * request is answered; the /33 is not acknowledged as a success; the A<->C flow is
 * delivered as in the control run.
 */
class PrefixLengthAbove32AtCrTestCase : public TestCase
{
  public:
    PrefixLengthAbove32AtCrTestCase()
        : TestCase(
              "A7: a correctly signed prefix length 33 in a request at a CR neither aborts nor is "
              "acknowledged, the flow A<->C continues")
    {
    }

  private:
    void DoRun() override
    {
        FuzzScenario s(false, 0, 1);
        s.sendA7 = true;
        s.Run();
        NS_TEST_ASSERT_MSG_EQ(s.completed, true, "the simulation completed");
        NS_TEST_ASSERT_MSG_EQ(s.reached["CR C: rx RRQ"], 1, "C received the request");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(s.a7Replies, 1, "C answered it");
        NS_TEST_ASSERT_MSG_EQ(s.a7Codes.size(), 1, "the /33 got its acknowledgement");
        for (uint8_t code : s.a7Codes)
        {
            NS_TEST_ASSERT_MSG_NE(int(code), int(MOBNET_SUCCESS), "the /33 is not acknowledged");
        }
        for (const auto& [port, counts] : s.FlowCounts())
        {
            NS_TEST_ASSERT_MSG_EQ(counts.second, counts.first, "flow to port " << port);
        }
    }
};

/**
 * \ingroup haaro-tests
 * The haaro-fuzz suite.
 */
class HaaroFuzzTestSuite : public TestSuite
{
  public:
    HaaroFuzzTestSuite()
        : TestSuite("haaro-fuzz", UNIT)
    {
        AddTestCase(new PrefixLengthAbove32AtCrTestCase(), TestCase::QUICK);
        AddTestCase(new FuzzEntryPointsTestCase(), TestCase::QUICK);
    }
};

/// Registers the suite.
static HaaroFuzzTestSuite g_haaroFuzzTestSuite;

} // namespace
