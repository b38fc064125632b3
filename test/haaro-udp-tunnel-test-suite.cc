/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * RFC 3519 UDP tunnelling between mobile routers and their Home Agent: the UDP Tunnel
 * Request / Reply decision (assent, decline 64, refusals 129, 134, 142; a NAT without a
 * request: 129; Reserved 3 != 0: skipped), IP-in-UDP data both ways, port-pinned tunnels
 * (two peers behind one address), the lifetime cap of UDP-tunnelled bindings, keepalives
 * and their timing (also while the path probes run), and the reaction to unanswered
 * keepalives. Everything with real packets.
 */
#include "haaro-test-fixture.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/ns3-compat.h"
#include "ns3/test.h"

#include <map>

using namespace ns3;

namespace
{

/**
 * \ingroup haaro-tests
 * A NEMO deployment (one uplink per site) with UDP flows between site hosts and every
 * request, reply and RFC 3519 event recorded.
 */
class UdpScenario : public HaaroTestScenario
{
  public:
    /// A message seen by a trace source.
    template <class M>
    struct Seen
    {
        Time at;        //!< when
        Ipv4Address by; //!< peer or uplink
        M message;      //!< the message
    };

    /// \param sites number of sites (one uplink each)
    explicit UdpScenario(uint32_t sites = 2)
    {
        topologyHelper.SetNumIsps(2);
        topologyHelper.AddSites(sites, 1);
    }

    /**
     * \brief Builds the topology, installs the applications and connects the traces.
     * \param starts start time of each mobile router (missing ones start at 0)
     */
    void Build(const std::vector<Time>& starts = {})
    {
        HaaroTestScenario::Build();
        Ptr<HomeAgent> ha = network.homeAgent;
        SetStartTimes(starts);
        ha->TraceConnectWithoutContext("ReplySent", MakeCallback(&UdpScenario::OnReply, this));
        ha->TraceConnectWithoutContext("NatDetected", MakeCallback(&UdpScenario::OnNat, this));
        ha->TraceConnectWithoutContext("KeepaliveAnswered",
                                       MakeCallback(&UdpScenario::OnHaKeepalive, this));
        for (uint32_t i = 0; i < network.mobileRouters.size(); ++i)
        {
            network.mobileRouters[i]->TraceConnectWithoutContext(
                "RequestSent",
                MakeCallback(&UdpScenario::OnRequest, this));
        }
    }

    /**
     * \brief Installs a NAT on every middlebox of the built topology.
     * \param helper the NAT configuration
     */
    void InstallNats(const NatHelper& helper)
    {
        for (const auto& mb : topology.middleboxes)
        {
            Ptr<Ipv4Nat> nat = helper.Install(mb.node, mb.insideInterfaces, mb.outsideInterface);
            nat->AssignStreams(1000 + natBoxes.size());
            natBoxes.push_back(nat);
        }
    }

    /// Connects the keepalive traces of every uplink (after the routers started).
    void ConnectUplinks()
    {
        for (const auto& mr : network.mobileRouters)
        {
            for (size_t u = 0; u < mr->GetNUplinks(); ++u)
            {
                Ptr<MrUplink> uplink = mr->GetUplink(u);
                uplink->TraceConnectWithoutContext(
                    "KeepaliveSent",
                    MakeCallback(&UdpScenario::OnKeepaliveSent, this));
                uplink->TraceConnectWithoutContext(
                    "KeepaliveAnswered",
                    MakeCallback(&UdpScenario::OnKeepaliveAnswered, this));
                uplink->TraceConnectWithoutContext("NatMappingLost",
                                                   MakeCallback(&UdpScenario::OnLost, this));
            }
        }
    }

    /**
     * \brief A UDP flow host(from) -> host(to), one 100-octet datagram every interval, to
     * port 9000 + its index.
     * \param from sending site \param to receiving site \param start first packet
     * \param stop end \param interval spacing
     * \return index of the flow (for Arrivals() and Gaps())
     */
    size_t AddFlow(uint32_t from, uint32_t to, Time start, Time stop, Time interval)
    {
        size_t index = m_nFlows++;
        HaaroTestScenario::AddFlow(from, to, start, stop, interval, PortOf(index));
        return index;
    }

    /// \param flow a flow index \return what its sink received
    std::vector<Arrival> Arrivals(size_t flow) const
    {
        return flows[PortOf(flow)];
    }

    /**
     * \param flow a flow index \param from start of the window \param to its end
     * \param threshold shortest gap reported
     * \return HaaroTestScenario::Gaps() of the flow
     */
    std::vector<std::pair<Time, Time>> Gaps(size_t flow, Time from, Time to, Time threshold) const
    {
        return HaaroTestScenario::Gaps(PortOf(flow), from, to, threshold);
    }

    /// \param site a site index \return the replies sent to its home address, in order
    std::vector<MipRegistrationReply> RepliesTo(uint32_t site) const
    {
        std::vector<MipRegistrationReply> out;
        for (const auto& r : replies)
        {
            if (r.message.GetHomeAddress() == Hoa(site))
            {
                out.push_back(r.message);
            }
        }
        return out;
    }

    /// \param site a site index \return times of the requests its router sent
    std::vector<Time> RequestTimes(uint32_t site) const
    {
        std::vector<Time> out;
        for (const auto& r : requests)
        {
            if (r.message.GetHomeAddress() == Hoa(site))
            {
                out.push_back(r.at);
            }
        }
        return out;
    }

    std::vector<Seen<MipRegistrationReply>> replies;           //!< HA replies (to = by)
    std::vector<Seen<MipRegistrationRequest>> requests;        //!< MR requests (by = CoA)
    std::vector<std::pair<Time, uint16_t>> keepalivesSent;     //!< (time, sequence)
    std::vector<std::pair<Time, uint16_t>> keepalivesAnswered; //!< at the MR
    std::vector<std::pair<Time, Time>> mappingLosses;          //!< (time, new interval)
    std::vector<std::tuple<Ipv4Address, Ipv4Address, uint16_t, bool>> natEvents; //!< NatDetected
    std::vector<Ptr<Ipv4Nat>> natBoxes;                                          //!< InstallNats()
    uint32_t haKeepalives{0}; //!< answered by the HA

  private:
    void OnReply(const MipRegistrationReply& reply, Ipv4Address to)
    {
        replies.push_back({Simulator::Now(), to, reply});
    }

    void OnRequest(const MipRegistrationRequest& rrq, Ipv4Address careOf)
    {
        requests.push_back({Simulator::Now(), careOf, rrq});
    }

    void OnNat(Ipv4Address hoa, Ipv4Address coa, Ipv4Address source, uint16_t port, bool requested)
    {
        natEvents.emplace_back(hoa, source, port, requested);
    }

    void OnHaKeepalive(Ipv4Address hoa, Ipv4Address address, uint16_t port)
    {
        haKeepalives++;
    }

    void OnKeepaliveSent(Ipv4Address careOf, uint16_t seq)
    {
        keepalivesSent.emplace_back(Simulator::Now(), seq);
    }

    void OnKeepaliveAnswered(Ipv4Address careOf, uint16_t seq)
    {
        keepalivesAnswered.emplace_back(Simulator::Now(), seq);
    }

    void OnLost(Ipv4Address careOf, Time interval)
    {
        mappingLosses.emplace_back(Simulator::Now(), interval);
    }

    /// \param flow a flow index \return its destination port
    static uint16_t PortOf(size_t flow)
    {
        return static_cast<uint16_t>(9000 + flow);
    }

    size_t m_nFlows{0}; //!< flows added
};

/// \param rrq a request \return index of its first 144/0 extension, if any
std::optional<size_t>
UdpRequestIndex(const MipRegistrationRequest& rrq)
{
    return rrq.GetExtensions().FindIndex(UdpTunnelRequestExtension::TYPE,
                                         UdpTunnelRequestExtension::SUBTYPE);
}

/**
 * \ingroup haaro-tests
 * A hand-made mobile node: a UDP socket on some node that sends crafted Registration
 * Requests (and RFC 3519 Tunnel Data) to the Home Agent and records what comes back.
 */
class Crafter
{
  public:
    /**
     * \param node where the socket lives \param local address to bind (0.0.0.0: any)
     * \param ha the Home Agent address
     */
    Crafter(Ptr<Node> node, Ipv4Address local, Ipv4Address ha)
        : m_ha(ha)
    {
        m_socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        m_socket->Bind(InetSocketAddress(local, 0));
        m_socket->SetRecvCallback(MakeCallback(&Crafter::Receive, this));
        Address name;
        m_socket->GetSockName(name);
        port = InetSocketAddress::ConvertFrom(name).GetPort();
    }

    /**
     * \param site site index (home address, security association)
     * \param hoa home address \param coa Care-of Address field \param lifetime lifetime
     * \param udp the 144 extension to carry, if any \param d the D flag \param g the G flag
     */
    void SendRequest(uint32_t site,
                     Ipv4Address hoa,
                     Ipv4Address coa,
                     uint16_t lifetime,
                     std::optional<MipExtension> udp,
                     bool d = true,
                     bool g = false)
    {
        MipRegistrationRequest rrq;
        rrq.SetFlag(MipRegistrationRequest::FLAG_D, d);
        rrq.SetFlag(MipRegistrationRequest::FLAG_T, true);
        rrq.SetFlag(MipRegistrationRequest::FLAG_G, g);
        rrq.SetLifetime(lifetime);
        rrq.SetHomeAddress(hoa);
        rrq.SetHomeAgent(m_ha);
        rrq.SetCareOfAddress(coa);
        // Strictly increasing timestamps (one request per simulated second at most here).
        rrq.SetIdentification(MipNtpTime::ToNtp(Simulator::Now()) + (++m_count));
        if (udp)
        {
            rrq.AddExtension(*udp);
        }
        MipSecurityAssociation sa = NemoNetworkHelper::MakeSecurityAssociation(site, hoa);
        MipAuthExtension::Append(rrq, MipAuthExtension::TYPE_MOBILE_HOME, sa.GetSpi(), sa.GetKey());
        Ptr<Packet> p = Create<Packet>();
        p->AddHeader(rrq);
        m_socket->SendTo(p, 0, InetSocketAddress(m_ha, MIP_UDP_PORT));
    }

    /**
     * \brief Sends an inner IPv4 datagram as RFC 3519 Tunnel Data to the Home Agent.
     * \param inner the inner datagram, with its IPv4 header
     */
    void SendData(Ptr<Packet> inner)
    {
        inner->AddHeader(MipTunnelDataHeader(MipTunnelDataHeader::NEXT_HEADER_IP_IN_IP));
        m_socket->SendTo(inner, 0, InetSocketAddress(m_ha, MIP_UDP_PORT));
    }

    /// Closes the socket (a later Crafter gets another port).
    void Close()
    {
        m_socket->Close();
    }

    std::vector<MipRegistrationReply> replies; //!< replies received
    std::vector<Ptr<Packet>> data;             //!< Tunnel Data received (inner datagrams)
    uint16_t port{0};                          //!< our UDP port

  private:
    void Receive(Ptr<Socket> socket)
    {
        Ptr<Packet> p;
        while ((p = socket->Recv()))
        {
            MipBytes bytes(p->GetSize());
            p->CopyData(bytes.data(), bytes.size());
            if (MipPeekMessageType(bytes) == MIP_TUNNEL_DATA)
            {
                MipTunnelDataHeader h;
                p->RemoveHeader(h);
                data.push_back(p);
                continue;
            }
            MipRegistrationReply reply;
            if (reply.FromBytes(bytes) != 0)
            {
                replies.push_back(reply);
            }
        }
    }

    Ptr<Socket> m_socket; //!< the socket
    Ipv4Address m_ha;     //!< Home Agent address
    uint64_t m_count{0};  //!< requests sent
};

/**
 * \param force F \param encapsulation Encapsulation octet \param reserved3 Reserved 3
 * \return a raw 144/0 extension (Reserved 3 as given, which the typed class never writes)
 */
MipExtension
RawUdpRequest(bool force, uint8_t encapsulation, uint16_t reserved3 = 0)
{
    MipBytes data = {0,
                     static_cast<uint8_t>(force ? 0x80 : 0),
                     encapsulation,
                     static_cast<uint8_t>(reserved3 >> 8),
                     static_cast<uint8_t>(reserved3 & 0xff)};
    return MipExtension::Short(UdpTunnelRequestExtension::TYPE,
                               UdpTunnelRequestExtension::SUBTYPE,
                               data);
}

/// \param ip source \param dst destination \param id identifier \param seq sequence
/// \return an ICMP echo request datagram
Ptr<Packet>
Echo(Ipv4Address src, Ipv4Address dst, uint16_t id, uint16_t seq)
{
    return MipIcmpEcho::MakeDatagram(src, dst, id, seq);
}

/// \param src source \param dst destination
/// \return an ICMP echo reply datagram: data that makes no node answer
Ptr<Packet>
Data(Ipv4Address src, Ipv4Address dst)
{
    Icmpv4Echo echo;
    echo.SetIdentifier(1);
    echo.SetSequenceNumber(1);
    echo.SetData(Create<Packet>(8));
    Icmpv4Header icmp;
    icmp.SetType(Icmpv4Header::ICMPV4_ECHO_REPLY);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(echo);
    p->AddHeader(icmp);
    Ipv4Header ip;
    ip.SetSource(src);
    ip.SetDestination(dst);
    ip.SetProtocol(Icmpv4L4Protocol::PROT_NUMBER);
    ip.SetTtl(64);
    ip.SetPayloadSize(p->GetSize());
    p->AddHeader(ip);
    return p;
}

/**
 * \ingroup haaro-tests
 * UdpTunnelling=Force without any NAT: the Home Agent assents (F echoed), both bindings are
 * IP in UDP to the routers' registration ports, and site-to-site traffic flows both ways
 * through the two UDP tunnels; no IP-in-IP tunnel exists at the Home Agent.
 */
class ForcedUdpTestCase : public TestCase
{
  public:
    ForcedUdpTestCase()
        : TestCase("F forces IP-in-UDP without a NAT; data both ways through the HA")
    {
    }

  private:
    void DoRun() override
    {
        UdpScenario s;
        s.nemo.SetUplinkAttribute("UdpTunnelling", EnumValue(MR_UDP_FORCE));
        s.Build();
        size_t up = s.AddFlow(0, 1, Seconds(2), Seconds(4), MilliSeconds(20));
        size_t down = s.AddFlow(1, 0, Seconds(2), Seconds(4), MilliSeconds(20));
        s.Run(Seconds(5));

        Ptr<HomeAgent> ha = s.network.homeAgent;
        for (uint32_t i = 0; i < 2; ++i)
        {
            const HaBinding* b = s.Binding(i);
            NS_TEST_ASSERT_MSG_NE(b, nullptr, "binding of site " << i);
            NS_TEST_ASSERT_MSG_EQ((b->encapsulation == MipEncapsulation::UDP), true, "IP in UDP");
            NS_TEST_ASSERT_MSG_EQ(b->natDetected, false, "no NAT here");
            NS_TEST_ASSERT_MSG_EQ(b->tunnel->IsRemotePortPinned(), true, "port-pinned");
            NS_TEST_ASSERT_MSG_EQ(b->tunnel->GetRemote(), s.Coa(i), "to the care-of address");
            NS_TEST_ASSERT_MSG_EQ(b->tunnel->GetRemotePort(),
                                  s.Uplink(i)->GetLocalPort(),
                                  "to the port the requests came from");
            NS_TEST_ASSERT_MSG_EQ(b->tunnel->GetLocalPort(), MIP_UDP_PORT, "from port 434");
            NS_TEST_ASSERT_MSG_EQ(s.Uplink(i)->IsUdpTunnelActive(), true, "MR uses UDP");
            NS_TEST_ASSERT_MSG_EQ(
                (s.Uplink(i)->GetTunnel()->GetEncapsulation() == MipEncapsulation::UDP),
                true,
                "MR's uplink tunnel");
            NS_TEST_ASSERT_MSG_EQ(ha->GetTunnelManager()->FindTunnel(ha->GetAddress(),
                                                                     s.Coa(i),
                                                                     MipEncapsulation::IP_IN_IP),
                                  nullptr,
                                  "no IP-in-IP tunnel");
            NS_TEST_ASSERT_MSG_GT_OR_EQ(b->tunnel->GetRxPackets(), 100, "decapsulated 100");
            NS_TEST_ASSERT_MSG_GT_OR_EQ(b->tunnel->GetTxPackets(), 100, "encapsulated 100");
            NS_TEST_ASSERT_MSG_GT_OR_EQ(s.Uplink(i)->GetTunnel()->GetTxPackets(), 100, "MR sent");
            std::vector<MipRegistrationReply> replies = s.RepliesTo(i);
            NS_TEST_ASSERT_MSG_EQ(replies.empty(), false, "answered");
            std::optional<UdpTunnelReplyExtension> udp =
                UdpTunnelReplyExtension::Find(replies.front());
            NS_TEST_ASSERT_MSG_EQ(udp.has_value(), true, "Tunnel Reply present");
            NS_TEST_ASSERT_MSG_EQ(unsigned(udp->GetReplyCode()), 0u, "assent");
            NS_TEST_ASSERT_MSG_EQ(udp->GetForce(), true, "F echoed");
            NS_TEST_ASSERT_MSG_EQ(udp->GetKeepaliveInterval(), 0, "MN default interval");
        }
        NS_TEST_ASSERT_MSG_EQ(ha->GetUdpTunnelReplyCount(0), 2, "two assents");
        NS_TEST_ASSERT_MSG_EQ(ha->GetNatDetectedCount(), 0, "no NAT");
        NS_TEST_ASSERT_MSG_EQ(s.Arrivals(up).size(), 100, "every datagram 0 -> 1");
        NS_TEST_ASSERT_MSG_EQ(s.Arrivals(down).size(), 100, "every datagram 1 -> 0");
        NS_TEST_ASSERT_MSG_EQ(unsigned(s.Arrivals(up).front().ttl), 61u, "three router hops");
        NS_TEST_ASSERT_MSG_EQ(ha->GetTunnelManager()->GetDropCount(MipTunnelDrop::NO_TUNNEL),
                              0,
                              "nothing unmatched at the HA");
        for (uint32_t i = 0; i < 2; ++i)
        {
            Ptr<MipTunnelManager> t = s.network.mobileRouters[i]->GetTunnelManager();
            NS_TEST_ASSERT_MSG_EQ(t->GetDropCount(MipTunnelDrop::NO_TUNNEL), 0, "MR " << i);
            NS_TEST_ASSERT_MSG_EQ(t->GetDropCount(MipTunnelDrop::MALFORMED), 0, "MR " << i);
        }
    }
};

/**
 * \ingroup haaro-tests
 * UdpTunnelling=Auto (the default) without a NAT: every request carries the UDP Tunnel
 * Request (F clear, Encapsulation 4, before the MN-HA authenticator, D and T set); the
 * Home Agent declines it with code 64 and the binding stays IP in IP. With Never the
 * request carries no 144 and the reply no 44.
 */
class DeclineTestCase : public TestCase
{
  public:
    /// \param never UdpTunnelling=Never instead of the default
    explicit DeclineTestCase(bool never)
        : TestCase(never ? "UdpTunnelling=Never: no Tunnel Request, no Tunnel Reply"
                         : "Auto without a NAT: Tunnel Request declined with 64, IP in IP"),
          m_never(never)
    {
    }

  private:
    void DoRun() override
    {
        UdpScenario s;
        if (m_never)
        {
            s.nemo.SetUplinkAttribute("UdpTunnelling", EnumValue(MR_UDP_NEVER));
        }
        s.Build();
        size_t flow = s.AddFlow(0, 1, Seconds(2), Seconds(4), MilliSeconds(20));
        s.Run(Seconds(5));

        Ptr<HomeAgent> ha = s.network.homeAgent;
        NS_TEST_ASSERT_MSG_EQ(s.requests.empty(), false, "requests sent");
        for (const auto& r : s.requests)
        {
            std::optional<size_t> index = UdpRequestIndex(r.message);
            if (m_never)
            {
                NS_TEST_ASSERT_MSG_EQ(index.has_value(), false, "no 144 with Never");
                continue;
            }
            NS_TEST_ASSERT_MSG_EQ(index.has_value(), true, "144 in every registration");
            std::optional<size_t> auth =
                r.message.GetExtensions().FindIndex(MipAuthExtension::TYPE_MOBILE_HOME, 0);
            NS_TEST_ASSERT_MSG_EQ(auth.has_value(), true, "MN-HA authenticator");
            NS_TEST_ASSERT_MSG_LT(*index, *auth, "144 before the authenticator");
            std::optional<UdpTunnelRequestExtension> udp =
                UdpTunnelRequestExtension::Find(r.message);
            NS_TEST_ASSERT_MSG_EQ(udp->GetForce(), false, "F clear");
            NS_TEST_ASSERT_MSG_EQ(unsigned(udp->GetEncapsulation()), 4u, "IP in UDP");
            NS_TEST_ASSERT_MSG_EQ(r.message.GetFlag(MipRegistrationRequest::FLAG_D), true, "D");
            NS_TEST_ASSERT_MSG_EQ(r.message.GetFlag(MipRegistrationRequest::FLAG_T), true, "T");
        }
        for (uint32_t i = 0; i < 2; ++i)
        {
            const HaBinding* b = s.Binding(i);
            NS_TEST_ASSERT_MSG_NE(b, nullptr, "binding of site " << i);
            NS_TEST_ASSERT_MSG_EQ((b->encapsulation == MipEncapsulation::IP_IN_IP),
                                  true,
                                  "IP in IP");
            NS_TEST_ASSERT_MSG_EQ(s.Uplink(i)->IsUdpTunnelActive(), false, "MR: no UDP");
            for (const auto& reply : s.RepliesTo(i))
            {
                NS_TEST_ASSERT_MSG_EQ(unsigned(reply.GetCode()), 0u, "accepted");
                std::optional<UdpTunnelReplyExtension> udp = UdpTunnelReplyExtension::Find(reply);
                NS_TEST_ASSERT_MSG_EQ(udp.has_value(), !m_never, "Tunnel Reply iff requested");
                if (udp)
                {
                    NS_TEST_ASSERT_MSG_EQ(unsigned(udp->GetReplyCode()), 64u, "declined");
                }
            }
        }
        NS_TEST_ASSERT_MSG_EQ(ha->GetUdpTunnelReplyCount(64), (m_never ? 0 : 2), "declines");
        NS_TEST_ASSERT_MSG_EQ(ha->GetUdpTunnelReplyCount(0), 0, "no assent");
        NS_TEST_ASSERT_MSG_EQ(s.Arrivals(flow).size(), 100, "data flows in IP in IP");
    }

    bool m_never; //!< UdpTunnelling=Never
};

/**
 * \ingroup haaro-tests
 * Hand-made requests for site 0 (whose router never runs), sent from its care-of address
 * (no NAT) or from the peering point (a NAT: source != care-of address); the reply code,
 * the Tunnel Reply and the binding are checked.
 */
class CraftedRequestTestCase : public TestCase
{
  public:
    /// One case.
    struct Params
    {
        std::string name;                //!< test name
        std::optional<MipExtension> udp; //!< the 144 extension
        bool nat{false};                 //!< send from the peering point
        bool d{true};                    //!< D flag
        bool g{false};                   //!< G flag
        bool haUdp{true};                //!< HA UdpTunnelling
        bool haForce{true};              //!< HA AllowForcedUdp
        bool haReserved3Refused{false};  //!< HA UdpReserved3Refused
        uint8_t code{0};                 //!< expected reply code
        std::optional<uint8_t> udpCode;  //!< expected Tunnel Reply code (none: absent)
        MipEncapsulation encapsulation{MipEncapsulation::IP_IN_IP}; //!< expected binding
        uint16_t lifetime{1800}; //!< expected granted lifetime (on success)
    };

    /// \param p the case
    explicit CraftedRequestTestCase(Params p)
        : TestCase(p.name),
          m_p(std::move(p))
    {
    }

  private:
    void DoRun() override
    {
        UdpScenario s;
        s.nemo.SetHomeAgentAttribute("UdpTunnelling", BooleanValue(m_p.haUdp));
        s.nemo.SetHomeAgentAttribute("AllowForcedUdp", BooleanValue(m_p.haForce));
        s.nemo.SetHomeAgentAttribute("UdpReserved3Refused", BooleanValue(m_p.haReserved3Refused));
        s.nemo.SetHomeAgentAttribute("UdpKeepaliveInterval", UintegerValue(25));
        s.Build({Seconds(1000)});
        Ptr<Node> node = m_p.nat ? s.topology.peering : s.topology.sites[0].mobileRouter;
        Ipv4Address local = m_p.nat ? s.topology.peeringBackendAddress : s.Coa(0);
        Crafter crafter(node, local, s.topology.homeAgentAddress);
        HaaroSchedule(Seconds(1), [&]() {
            crafter.SendRequest(0, s.Hoa(0), s.Coa(0), 1800, m_p.udp, m_p.d, m_p.g);
        });
        s.Run(Seconds(2));

        NS_TEST_ASSERT_MSG_EQ(crafter.replies.size(), 1, "one reply");
        const MipRegistrationReply& reply = crafter.replies.front();
        NS_TEST_ASSERT_MSG_EQ(unsigned(reply.GetCode()), unsigned(m_p.code), "reply code");
        std::optional<UdpTunnelReplyExtension> udp = UdpTunnelReplyExtension::Find(reply);
        NS_TEST_ASSERT_MSG_EQ(udp.has_value(), m_p.udpCode.has_value(), "Tunnel Reply");
        if (udp && m_p.udpCode)
        {
            NS_TEST_ASSERT_MSG_EQ(unsigned(udp->GetReplyCode()), unsigned(*m_p.udpCode), "code");
            if (udp->IsAssent())
            {
                NS_TEST_ASSERT_MSG_EQ(udp->GetKeepaliveInterval(), 25, "HA's interval");
            }
        }
        const HaBinding* b = s.Binding(0);
        if (!MipReplyCodeIsSuccess(m_p.code))
        {
            NS_TEST_ASSERT_MSG_EQ(b, nullptr, "no binding");
            NS_TEST_ASSERT_MSG_EQ(reply.GetLifetime(), 0, "lifetime 0 in a refusal");
            return;
        }
        NS_TEST_ASSERT_MSG_NE(b, nullptr, "binding");
        NS_TEST_ASSERT_MSG_EQ(reply.GetLifetime(), m_p.lifetime, "granted lifetime");
        NS_TEST_ASSERT_MSG_EQ((b->encapsulation == m_p.encapsulation), true, "encapsulation");
        NS_TEST_ASSERT_MSG_EQ(b->natDetected, m_p.nat, "NAT detection");
        NS_TEST_ASSERT_MSG_EQ(s.natEvents.size(), (m_p.nat ? 1 : 0), "NatDetected trace");
        if (m_p.nat)
        {
            NS_TEST_ASSERT_MSG_EQ(std::get<1>(s.natEvents.front()), local, "source");
            NS_TEST_ASSERT_MSG_EQ(std::get<2>(s.natEvents.front()), crafter.port, "source port");
            NS_TEST_ASSERT_MSG_EQ(std::get<3>(s.natEvents.front()),
                                  m_p.udp.has_value(),
                                  "requested");
        }
        if (m_p.encapsulation == MipEncapsulation::UDP)
        {
            NS_TEST_ASSERT_MSG_EQ(b->tunnel->GetRemote(), local, "effective care-of address");
            NS_TEST_ASSERT_MSG_EQ(b->tunnel->GetRemotePort(), crafter.port, "and port");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(b->tunnel->GetRemote(), s.Coa(0), "the Care-of Address field");
        }
    }

    Params m_p; //!< the case
};

/**
 * \ingroup haaro-tests
 * Two mobile routers behind one translated address (two hand-made peers on the peering
 * point, two ports): two port-pinned tunnels that never mix. Keepalives are answered to
 * the right port, inner packets are accepted only through the right tunnel, Tunnel Data
 * from a port with no binding is dropped, and a new authenticated request from another
 * port moves the tunnel (the old port no longer matches).
 */
class SameAddressTestCase : public TestCase
{
  public:
    SameAddressTestCase()
        : TestCase("two peers behind one address: two port-keyed UDP tunnels, moved only by "
                   "authenticated requests")
    {
    }

  private:
    void DoRun() override
    {
        UdpScenario s;
        s.Build({Seconds(1000), Seconds(1000)});
        Ptr<Node> nat = s.topology.peering;
        Ipv4Address public_ = s.topology.peeringBackendAddress;
        Ipv4Address haAddress = s.topology.homeAgentAddress;
        Crafter a(nat, public_, haAddress);
        Crafter b(nat, public_, haAddress);
        Crafter a2(nat, public_, haAddress);
        Ptr<HomeAgent> ha = s.network.homeAgent;
        Ptr<MipTunnelManager> tunnels;
        uint64_t rxA = 0;
        uint64_t rxB = 0;
        uint64_t ingressBefore = 0;
        uint64_t noTunnelBefore = 0;
        HaaroSchedule(Seconds(1), [&]() {
            a.SendRequest(0, s.Hoa(0), s.Coa(0), 1800, RawUdpRequest(false, 4));
            b.SendRequest(1, s.Hoa(1), s.Coa(1), 1800, RawUdpRequest(false, 4));
        });
        HaaroSchedule(Seconds(2), [&]() {
            // Keepalives from both (inner source = the care-of address field).
            a.SendData(Echo(s.Coa(0), haAddress, 7, 1));
            b.SendData(Echo(s.Coa(1), haAddress, 8, 1));
            // Data from site 0's network through a's tunnel: accepted.
            a.SendData(Data(s.Hoa(0), haAddress));
        });
        HaaroSchedule(Seconds(3), [&]() {
            tunnels = ha->GetTunnelManager();
            rxA = s.Binding(0)->tunnel->GetRxPackets();
            rxB = s.Binding(1)->tunnel->GetRxPackets();
            ingressBefore = tunnels->GetDropCount(MipTunnelDrop::INGRESS_FILTER);
            // Site 0's home address through b's tunnel: refused by the ingress filter.
            b.SendData(Data(s.Hoa(0), haAddress));
        });
        HaaroSchedule(Seconds(4), [&]() {
            // The mapping of site 0 moves to another port (authenticated request).
            a2.SendRequest(0, s.Hoa(0), s.Coa(0), 1800, RawUdpRequest(false, 4));
        });
        HaaroSchedule(Seconds(5), [&]() {
            noTunnelBefore = tunnels->GetDropCount(MipTunnelDrop::NO_TUNNEL);
            a.SendData(Echo(s.Coa(0), haAddress, 7, 2));  // old port: no tunnel any more
            a2.SendData(Echo(s.Coa(0), haAddress, 7, 3)); // new port: answered
        });
        s.Run(Seconds(6));

        NS_TEST_ASSERT_MSG_EQ((a.port != b.port), true, "two ports");
        const HaBinding* ba = s.Binding(0);
        const HaBinding* bb = s.Binding(1);
        NS_TEST_ASSERT_MSG_NE(ba, nullptr, "binding a");
        NS_TEST_ASSERT_MSG_NE(bb, nullptr, "binding b");
        NS_TEST_ASSERT_MSG_NE(ba->tunnel, bb->tunnel, "two tunnels");
        NS_TEST_ASSERT_MSG_EQ(ba->tunnel->GetRemote(), bb->tunnel->GetRemote(), "one address");
        NS_TEST_ASSERT_MSG_EQ(bb->tunnel->GetRemotePort(), b.port, "b's port");
        NS_TEST_ASSERT_MSG_EQ(ba->tunnel->GetRemotePort(), a2.port, "moved to a2's port");
        NS_TEST_ASSERT_MSG_EQ(tunnels->FindUdpTunnel(haAddress, public_, a.port),
                              nullptr,
                              "old key gone");
        NS_TEST_ASSERT_MSG_EQ(tunnels->FindUdpTunnel(haAddress, public_, a2.port),
                              ba->tunnel,
                              "new key");
        NS_TEST_ASSERT_MSG_EQ(a.data.size(), 1, "a: one keepalive answer");
        NS_TEST_ASSERT_MSG_EQ(b.data.size(), 1, "b: one keepalive answer");
        NS_TEST_ASSERT_MSG_EQ(a2.data.size(), 1, "a2: the answer after the move");
        NS_TEST_ASSERT_MSG_EQ(ha->GetKeepalivesAnswered(), 3, "three keepalives answered");
        NS_TEST_ASSERT_MSG_EQ(s.haKeepalives, 3, "KeepaliveAnswered trace");
        NS_TEST_ASSERT_MSG_EQ(rxA, 1, "data accepted through a's tunnel");
        NS_TEST_ASSERT_MSG_EQ(rxB, 0, "nothing but the keepalive through b's");
        NS_TEST_ASSERT_MSG_EQ(tunnels->GetDropCount(MipTunnelDrop::INGRESS_FILTER),
                              ingressBefore + 1,
                              "site 0's packet through b's tunnel refused");
        NS_TEST_ASSERT_MSG_EQ(tunnels->GetDropCount(MipTunnelDrop::NO_TUNNEL),
                              noTunnelBefore + 1,
                              "Tunnel Data from the old port dropped");
        // The answers are real echo replies through the right tunnel.
        Ipv4Header ip;
        a.data.front()->RemoveHeader(ip);
        NS_TEST_ASSERT_MSG_EQ(ip.GetSource(), haAddress, "from the HA");
        NS_TEST_ASSERT_MSG_EQ(ip.GetDestination(), s.Coa(0), "to a's care-of address");
        Icmpv4Header icmp;
        a.data.front()->RemoveHeader(icmp);
        NS_TEST_ASSERT_MSG_EQ(unsigned(icmp.GetType()),
                              unsigned(Icmpv4Header::ICMPV4_ECHO_REPLY),
                              "echo reply");
        Icmpv4Echo echo;
        a.data.front()->RemoveHeader(echo);
        NS_TEST_ASSERT_MSG_EQ(echo.GetIdentifier(), 7, "same identifier");
    }
};

/**
 * \ingroup haaro-tests
 * Keepalive timing (RFC 3519 section 4.9), with the path probes running (every 5 s, the
 * default; they do not reset the keepalive timer): the first keepalive K after the last
 * request, then one every K while nothing else is sent; all answered by the Home Agent
 * through the tunnel; none while the router sends data; the Home Agent's interval (reply's
 * Keepalive Interval) wins over the router's own.
 */
class KeepaliveTimingTestCase : public TestCase
{
  public:
    /// \param haInterval the HA's UdpKeepaliveInterval (0: the router's 20 s)
    explicit KeepaliveTimingTestCase(uint16_t haInterval)
        : TestCase(haInterval ? "keepalives every K assigned by the HA, none while sending"
                              : "keepalives: first K after the request, then every K when idle"),
          m_haInterval(haInterval)
    {
    }

  private:
    void DoRun() override
    {
        UdpScenario s(1);
        s.nemo.SetUplinkAttribute("UdpTunnelling", EnumValue(MR_UDP_FORCE));
        s.nemo.SetUplinkAttribute("UdpKeepaliveInterval", TimeValue(Seconds(20)));
        s.nemo.SetHomeAgentAttribute("UdpKeepaliveInterval", UintegerValue(m_haInterval));
        // A re-registration is a packet to the Home Agent and restarts the keepalive timer
        // (section 4.9): without the 60 s cap of UDP-tunnelled bindings (section 5.2) the
        // binding lives 1800 s and the keepalive rhythm is seen alone.
        s.nemo.SetHomeAgentAttribute("NatMaxLifetime", UintegerValue(0));
        s.Build();
        Time k = m_haInterval ? Seconds(m_haInterval) : Seconds(20);
        // With data: site 0's host sends to the HA side (to its own router's home network
        // is not routable), so a flow to site 0 itself is impossible; data from the site to
        // the HA address goes through the tunnel and suppresses keepalives.
        Time quietEnd = Seconds(100);
        Time busyEnd = Seconds(160);
        if (m_haInterval)
        {
            Ptr<Socket> sender = Socket::CreateSocket(s.topology.sites[0].hosts.Get(0),
                                                      UdpSocketFactory::GetTypeId());
            sender->Bind();
            for (Time t = quietEnd; t < busyEnd; t += Seconds(1))
            {
                HaaroSchedule(t, [sender, &s]() {
                    sender->SendTo(Create<Packet>(50),
                                   0,
                                   InetSocketAddress(s.topology.homeAgentAddress, 9));
                });
            }
        }
        Simulator::Schedule(Seconds(0.5), &UdpScenario::ConnectUplinks, &s);
        s.Run(Seconds(200));

        std::vector<Time> requests = s.RequestTimes(0);
        NS_TEST_ASSERT_MSG_EQ(requests.size(), 1, "one request (lifetime 1800 s)");
        NS_TEST_ASSERT_MSG_EQ(s.Uplink(0)->GetUdpKeepaliveInterval(), k, "interval in use");
        NS_TEST_ASSERT_MSG_GT(s.keepalivesSent.size(), 3, "keepalives sent");
        if (s.keepalivesSent.empty())
        {
            return; // (before issue 12, with the path probes on: none)
        }
        // The first keepalive comes K after the last thing sent to the Home Agent: the
        // router's uplink announcement (an echo from its home address through the new
        // tunnel, sent when the reply arrives), so never earlier than K after the request.
        NS_TEST_ASSERT_MSG_GT_OR_EQ(s.keepalivesSent.front().first,
                                    requests.front() + k,
                                    "first not before K after the request");
        NS_TEST_ASSERT_MSG_LT(s.keepalivesSent.front().first,
                              requests.front() + k + MilliSeconds(100),
                              "first K after the announcement");
        Time previous = s.keepalivesSent.front().first;
        for (size_t i = 1; i < s.keepalivesSent.size(); ++i)
        {
            Time at = s.keepalivesSent[i].first;
            Time gap = at - previous;
            previous = at;
            if (m_haInterval && at > quietEnd && at <= busyEnd + k)
            {
                // The first one after the data: K after the last datagram.
                NS_TEST_ASSERT_MSG_GT_OR_EQ(at, busyEnd - Seconds(1) + k, "none while sending");
                continue;
            }
            NS_TEST_ASSERT_MSG_EQ(gap, k, "every K when idle");
        }
        NS_TEST_ASSERT_MSG_EQ(s.keepalivesAnswered.size(), s.keepalivesSent.size(), "answered");
        NS_TEST_ASSERT_MSG_EQ(s.Uplink(0)->GetNatMappingLosses(), 0, "no loss");
        // The Home Agent answers the keepalives and the path probes alike (echo requests
        // from the care-of address through the binding's tunnel): 40 probes in 200 s.
        NS_TEST_ASSERT_MSG_EQ(s.network.homeAgent->GetKeepalivesAnswered(),
                              s.haKeepalives,
                              "KeepaliveAnswered trace");
        NS_TEST_ASSERT_MSG_GT(s.haKeepalives,
                              s.keepalivesSent.size() + 30,
                              "the path probes ran beside the keepalives");
        // Keepalives are not traffic: the binding's data counter only saw the announcement
        // and the data.
        NS_TEST_ASSERT_MSG_EQ(s.Binding(0)->tunnel->GetRxPackets(),
                              (m_haInterval ? 61 : 1),
                              "only the announcement and the data were delivered");
    }

    uint16_t m_haInterval; //!< the HA's UdpKeepaliveInterval
};

/**
 * \ingroup haaro-tests
 * Unanswered keepalives (the path is dead for a while, as a lost NAT mapping looks to the
 * router): after the retries the router takes the mapping as lost, registers again at
 * once, halves its interval but not below UdpKeepaliveMinimum; after the interface went
 * down and up it uses the assigned interval again.
 */
class KeepaliveFailureTestCase : public TestCase
{
  public:
    KeepaliveFailureTestCase()
        : TestCase("unanswered keepalives: re-registration, interval halved not below 10 s")
    {
    }

  private:
    void DoRun() override
    {
        UdpScenario s(1);
        s.nemo.SetUplinkAttribute("UdpTunnelling", EnumValue(MR_UDP_FORCE));
        // No path probes: they would declare the uplink FAILED while the path is dead (3
        // misses); this test is about the keepalives' own loss detection (section 4.10).
        s.nemo.SetUplinkAttribute("KeepaliveInterval", TimeValue(Seconds(0)));
        s.nemo.SetUplinkAttribute("UdpKeepaliveInterval", TimeValue(Seconds(15)));
        // No 60 s cap (section 5.2): re-registrations every 48 s would restart the keepalive
        // timer and hide the 10 s rhythm checked after the recovery.
        s.nemo.SetHomeAgentAttribute("NatMaxLifetime", UintegerValue(0));
        s.Build();
        // The path dies at 14 s for 20 s: keepalive at about 15 s, retries at 16, 18 and 22 s,
        // mapping declared lost at 30 s; the re-registration succeeds once the path is back.
        VirtualOperatorTopologyHelper::ScheduleUplinkFailure(
            s.topology,
            0,
            0,
            Seconds(14),
            Seconds(20),
            VirtualOperatorTopologyHelper::PATH_DEAD);
        // Later the link goes down and up: the interval returns to 15 s.
        VirtualOperatorTopologyHelper::ScheduleUplinkFailure(
            s.topology,
            0,
            0,
            Seconds(100),
            Seconds(2),
            VirtualOperatorTopologyHelper::INTERFACE_DOWN);
        Simulator::Schedule(Seconds(0.5), &UdpScenario::ConnectUplinks, &s);
        Time intervalBeforeDown;
        HaaroSchedule(Seconds(99),
                      [&]() { intervalBeforeDown = s.Uplink(0)->GetUdpKeepaliveInterval(); });
        s.Run(Seconds(150));

        NS_TEST_ASSERT_MSG_EQ(s.mappingLosses.size(), 1, "one loss");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(s.keepalivesSent.size(), 4, "keepalive and 3 retries");
        // 15 s after the last thing sent (the uplink announcement, one round trip after the
        // request at 0 s), then retries after 1, 2 and 4 s, and the loss 8 s later.
        Time t0 = s.keepalivesSent[0].first;
        NS_TEST_ASSERT_MSG_GT_OR_EQ(t0, Seconds(15), "keepalive");
        NS_TEST_ASSERT_MSG_LT(t0, Seconds(15.1), "keepalive");
        NS_TEST_ASSERT_MSG_EQ(s.keepalivesSent[1].first, t0 + Seconds(1), "retry 1");
        NS_TEST_ASSERT_MSG_EQ(s.keepalivesSent[2].first, t0 + Seconds(3), "retry 2");
        NS_TEST_ASSERT_MSG_EQ(s.keepalivesSent[3].first, t0 + Seconds(7), "retry 3");
        NS_TEST_ASSERT_MSG_EQ(s.mappingLosses.front().first, t0 + Seconds(15), "after the retries");
        NS_TEST_ASSERT_MSG_EQ(s.mappingLosses.front().second,
                              Seconds(10),
                              "15 s halved, floored at 10 s");
        std::vector<Time> requests = s.RequestTimes(0);
        bool reregistered = false;
        for (Time t : requests)
        {
            reregistered = reregistered || t == t0 + Seconds(15);
        }
        NS_TEST_ASSERT_MSG_EQ(reregistered, true, "a request at once");
        NS_TEST_ASSERT_MSG_EQ(intervalBeforeDown, Seconds(10), "shortened interval kept");
        // After the recovery the keepalives come every 10 s and are answered.
        Time recovered;
        for (const auto& r : s.replies)
        {
            if (r.at > Seconds(30) && recovered.IsZero())
            {
                recovered = r.at;
            }
        }
        NS_TEST_ASSERT_MSG_GT(recovered, Seconds(34), "re-registered after the path is back");
        std::vector<Time> after;
        for (const auto& k : s.keepalivesSent)
        {
            if (k.first > recovered && k.first < Seconds(100))
            {
                after.push_back(k.first);
            }
        }
        NS_TEST_ASSERT_MSG_GT(after.size(), 3, "keepalives after the recovery");
        for (size_t i = 1; i < after.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(after[i] - after[i - 1], Seconds(10), "every 10 s");
        }
        NS_TEST_ASSERT_MSG_EQ(s.Uplink(0)->GetUdpKeepaliveInterval(),
                              Seconds(15),
                              "assigned interval after the link went down and up");
        NS_TEST_ASSERT_MSG_EQ((s.Uplink(0)->GetState() == MrUplinkState::REGISTERED),
                              true,
                              "registered at the end");
        NS_TEST_ASSERT_MSG_EQ(s.mappingLosses.size(), 1, "no further loss");
    }
};

/**
 * \ingroup haaro-tests
 * Issue 12 item 10: RFC 3519 keepalives with the default timers behind a real NAT, while
 * the mobile router's path probes run every 5 s (its default KeepaliveInterval) through the
 * same UDP tunnel and no data flows. Section 4.9: the router "MUST send a keepalive packet
 * if no other packet to the HA has been sent in K seconds", K = 110 s by default, the first
 * "at the earliest K seconds after the registration request was sent". Before, the probes
 * counted as such packets and no keepalive was ever sent.
 *
 * - uncapped: the Home Agent's NatMaxLifetime is 0 (the one non-default), so the binding
 *   lives 1800 s and K can elapse: a keepalive every 110 s, each answered;
 * - defaults: a UDP-tunnelled binding lives 60 s (section 5.2), the router re-registers
 *   every 48 s from the same port, and each request is a packet to the Home Agent: no
 *   keepalive is due, the requests keep the NAT mapping (what the defaults give).
 */
class KeepaliveWithProbesTestCase : public TestCase
{
  public:
    /// \param capped the Home Agent's default NatMaxLifetime (60 s) instead of 0
    explicit KeepaliveWithProbesTestCase(bool capped)
        : TestCase(capped ? "defaults behind a NAT: 60 s UDP binding, re-registration every "
                            "48 s, no keepalive due (RFC 3519 sections 4.9, 5.2)"
                          : "defaults behind a NAT, binding uncapped: a keepalive every 110 s "
                            "while the 5 s path probes run (RFC 3519 section 4.9)"),
          m_capped(capped)
    {
    }

  private:
    void DoRun() override
    {
        UdpScenario s(1);
        s.topologyHelper.SetUplinkMiddlebox(0, 0, 0);
        if (!m_capped)
        {
            s.nemo.SetHomeAgentAttribute("NatMaxLifetime", UintegerValue(0));
        }
        s.Build();
        NatHelper natHelper;
        s.InstallNats(natHelper);
        Simulator::Schedule(Seconds(0.5), &UdpScenario::ConnectUplinks, &s);
        Time end = Seconds(400);
        s.Run(end);

        const HaBinding* b = s.Binding(0);
        NS_TEST_ASSERT_MSG_NE(b, nullptr, "registered from behind the NAT");
        if (!b)
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ((b->encapsulation == MipEncapsulation::UDP), true, "IP in UDP");
        NS_TEST_ASSERT_MSG_EQ(s.Uplink(0)->GetUdpKeepaliveInterval(), Seconds(110), "K default");
        std::vector<Time> requests = s.RequestTimes(0);
        // The Home Agent answers the path probes (and the keepalives) through the tunnel.
        uint32_t probes = s.haKeepalives - s.keepalivesSent.size();
        std::cout << "    " << (m_capped ? "capped" : "uncapped") << ": lifetime " << b->lifetime
                  << " s, " << requests.size() << " requests, " << s.keepalivesSent.size()
                  << " keepalives, " << probes << " path probes answered in " << end.GetSeconds()
                  << " s" << std::endl;
        NS_TEST_ASSERT_MSG_GT(probes, 70, "the path probes ran (every 5 s)");
        if (m_capped)
        {
            NS_TEST_ASSERT_MSG_EQ(b->lifetime, 60, "UDP binding capped at 60 s");
            NS_TEST_ASSERT_MSG_GT_OR_EQ(requests.size(), 8, "a request every 48 s");
            for (size_t i = 1; i < requests.size(); ++i)
            {
                NS_TEST_ASSERT_MSG_LT(requests[i] - requests[i - 1],
                                      Seconds(110),
                                      "never K without a request");
            }
            NS_TEST_ASSERT_MSG_EQ(s.keepalivesSent.size(), 0, "no keepalive due");
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(b->lifetime, 1800, "uncapped");
        NS_TEST_ASSERT_MSG_EQ(requests.size(), 1, "one request");
        NS_TEST_ASSERT_MSG_EQ(s.keepalivesSent.size(), 3, "at about 110, 220 and 330 s");
        if (s.keepalivesSent.size() != 3)
        {
            return; // (before issue 12: none, the probes reset the timer)
        }
        // The first K after the last packet the timer counts: the uplink announcement, one
        // round trip after the request (never earlier than K after the request).
        NS_TEST_ASSERT_MSG_GT_OR_EQ(s.keepalivesSent.front().first,
                                    requests.front() + Seconds(110),
                                    "first not before K after the request");
        NS_TEST_ASSERT_MSG_LT(s.keepalivesSent.front().first,
                              requests.front() + Seconds(110.2),
                              "first K after the announcement");
        for (size_t i = 1; i < s.keepalivesSent.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(s.keepalivesSent[i].first - s.keepalivesSent[i - 1].first,
                                  Seconds(110),
                                  "every K, whatever the probes");
        }
        NS_TEST_ASSERT_MSG_EQ(s.keepalivesAnswered.size(), 3, "each answered");
        NS_TEST_ASSERT_MSG_EQ(s.Uplink(0)->GetNatMappingLosses(), 0, "no loss");
    }

    bool m_capped; //!< default NatMaxLifetime
};

/**
 * \ingroup haaro-tests
 * Registration-level outcomes with real mobile routers: Force with a Home Agent that
 * disallows UDP tunnelling or forcing is refused with 129 and the uplink is DENIED.
 */
class RefusedTestCase : public TestCase
{
  public:
    /// \param haUdp HA UdpTunnelling \param haForce HA AllowForcedUdp
    RefusedTestCase(bool haUdp, bool haForce)
        : TestCase(std::string("F with ") +
                   (haUdp ? "AllowForcedUdp=false" : "UdpTunnelling=false") + ": 129, DENIED"),
          m_haUdp(haUdp),
          m_haForce(haForce)
    {
    }

  private:
    void DoRun() override
    {
        UdpScenario s(1);
        s.nemo.SetUplinkAttribute("UdpTunnelling", EnumValue(MR_UDP_FORCE));
        s.nemo.SetHomeAgentAttribute("UdpTunnelling", BooleanValue(m_haUdp));
        s.nemo.SetHomeAgentAttribute("AllowForcedUdp", BooleanValue(m_haForce));
        s.Build();
        s.Run(Seconds(3));
        std::vector<MipRegistrationReply> replies = s.RepliesTo(0);
        // The first refusal and its retry after DenialRetryDelay (1 s), refused again.
        NS_TEST_ASSERT_MSG_EQ(replies.size(), 2, "two replies");
        NS_TEST_ASSERT_MSG_EQ(unsigned(replies.front().GetCode()), 129u, "prohibited");
        NS_TEST_ASSERT_MSG_EQ(unsigned(replies.back().GetCode()), 129u, "prohibited again");
        NS_TEST_ASSERT_MSG_EQ(UdpTunnelReplyExtension::Find(replies.front()).has_value(),
                              false,
                              "no Tunnel Reply in a refusal");
        NS_TEST_ASSERT_MSG_EQ((s.Uplink(0)->GetState() == MrUplinkState::DENIED), true, "DENIED");
        NS_TEST_ASSERT_MSG_EQ(s.Uplink(0)->IsUdpTunnelActive(), false, "no UDP");
        NS_TEST_ASSERT_MSG_EQ(s.Binding(0), nullptr, "no binding");
    }

    bool m_haUdp;   //!< HA UdpTunnelling
    bool m_haForce; //!< HA AllowForcedUdp
};

/**
 * \ingroup haaro-tests
 * A real NAT (Ipv4Nat on a middlebox) between site 0's router and its ISP, the router in
 * its default UdpTunnelling=Auto: the Home Agent detects the NAT, assents, and tunnels to the
 * NAT's public address and the external port of the router's mapping; data flows both ways
 * through the translated UDP tunnel; the lifetime is capped at NatMaxLifetime, and the
 * re-registrations keep working.
 */
class NatTraversalTestCase : public TestCase
{
  public:
    NatTraversalTestCase()
        : TestCase("behind a real NAT: registration via UDP tunnelling, data both ways")
    {
    }

  private:
    void DoRun() override
    {
        UdpScenario s;
        s.topologyHelper.SetUplinkMiddlebox(0, 0, 0);
        s.Build();
        NatHelper natHelper;
        s.InstallNats(natHelper);
        size_t up = s.AddFlow(0, 1, Seconds(2), Seconds(100), MilliSeconds(100));
        size_t down = s.AddFlow(1, 0, Seconds(2), Seconds(100), MilliSeconds(100));
        s.Run(Seconds(101));

        Ptr<Ipv4Nat> nat = s.natBoxes.front();
        const VirtualOperatorMiddlebox& mb = s.topology.middleboxes.front();
        const HaBinding* b = s.Binding(0);
        NS_TEST_ASSERT_MSG_NE(b, nullptr, "site 0 registered from behind the NAT");
        NS_TEST_ASSERT_MSG_EQ(b->natDetected, true, "NAT detected");
        NS_TEST_ASSERT_MSG_EQ((b->encapsulation == MipEncapsulation::UDP), true, "IP in UDP");
        NS_TEST_ASSERT_MSG_EQ(b->careOfAddress, s.Coa(0), "the private care-of address");
        NS_TEST_ASSERT_MSG_EQ(b->tunnel->GetRemote(), mb.publicAddress, "NAT's public address");
        int32_t external = nat->LookupExternalPort(17, s.Coa(0), s.Uplink(0)->GetLocalPort());
        NS_TEST_ASSERT_MSG_GT(external, 0, "the router's mapping exists");
        NS_TEST_ASSERT_MSG_EQ(b->tunnel->GetRemotePort(),
                              static_cast<uint16_t>(external),
                              "the mapping's external port");
        NS_TEST_ASSERT_MSG_EQ(b->lifetime, 60, "NatMaxLifetime");
        NS_TEST_ASSERT_MSG_EQ(s.Uplink(0)->IsUdpTunnelActive(), true, "MR uses UDP");
        NS_TEST_ASSERT_MSG_EQ((s.Uplink(0)->GetState() == MrUplinkState::REGISTERED),
                              true,
                              "registered");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(s.RequestTimes(0).size(), 3, "re-registered every 48 s");
        NS_TEST_ASSERT_MSG_EQ(s.Arrivals(up).size(), 980, "every datagram 0 -> 1");
        NS_TEST_ASSERT_MSG_EQ(s.Arrivals(down).size(), 980, "every datagram 1 -> 0");
        NS_TEST_ASSERT_MSG_EQ(nat->GetUntranslatableDrops(), 0, "nothing but UDP and ICMP");
        NS_TEST_ASSERT_MSG_GT(nat->GetTranslatedPackets(), 2 * 980, "all of it translated");
        const HaBinding* pub = s.Binding(1);
        NS_TEST_ASSERT_MSG_EQ((pub->encapsulation == MipEncapsulation::IP_IN_IP),
                              true,
                              "site 1 (no NAT) keeps IP in IP");
        NS_TEST_ASSERT_MSG_EQ(s.network.homeAgent->GetNatDetectedCount(),
                              s.RequestTimes(0).size(),
                              "every request of site 0 crossed the NAT");
    }
};

/**
 * \ingroup haaro-tests
 * Issue 12 item 8, RFC 3519 section 4.6.1: behind a real NAT, a router that sends no UDP
 * Tunnel Request (UdpTunnelling=Never) is refused with 129: accepting it would be the
 * mistake the section describes ("the mobile node will not be able to receive forward
 * tunnelled data if it is behind a NAT"; before this change: code 0, an IP-in-IP binding
 * to the private care-of address, and every packet of the site lost without a sign). The
 * router's uplink is DENIED, so the failure is visible to it; the Home Agent keeps no
 * binding and sends nothing into the void. Control (the same topology, the router in its
 * default UdpTunnelling=Auto): accepted with UDP tunnelling, the data flows.
 */
class NatWithoutUdpTestCase : public TestCase
{
  public:
    NatWithoutUdpTestCase()
        : TestCase("behind a real NAT without a UDP Tunnel Request: 129, uplink DENIED, no "
                   "binding (control: Auto is accepted and data flows)")
    {
    }

  private:
    /// Outcome of one run.
    struct Result
    {
        std::vector<uint8_t> codes; //!< reply codes to site 0
        bool bound{false};          //!< the HA has a binding for site 0
        bool denied{false};         //!< site 0's uplink is DENIED at the end
        size_t up{0};               //!< datagrams 0 -> 1 delivered
        size_t down{0};             //!< datagrams 1 -> 0 delivered
        uint64_t haTx{0};           //!< packets the HA tunnelled towards site 0
        uint64_t prohibited{0};     //!< 129 replies of the HA
    };

    /// \param never UdpTunnelling=Never at the routers \return the outcome
    Result RunOnce(bool never)
    {
        UdpScenario s;
        s.topologyHelper.SetUplinkMiddlebox(0, 0, 0);
        if (never)
        {
            s.nemo.SetUplinkAttribute("UdpTunnelling", EnumValue(MR_UDP_NEVER));
        }
        s.Build();
        NatHelper natHelper;
        s.InstallNats(natHelper);
        size_t up = s.AddFlow(0, 1, Seconds(2), Seconds(4), MilliSeconds(20));
        size_t down = s.AddFlow(1, 0, Seconds(2), Seconds(4), MilliSeconds(20));
        s.Run(Seconds(5));
        Result r;
        for (const auto& reply : s.RepliesTo(0))
        {
            r.codes.push_back(reply.GetCode());
        }
        const HaBinding* b = s.Binding(0);
        r.bound = b != nullptr;
        r.haTx = b ? b->tunnel->GetTxPackets() : 0;
        r.denied = s.Uplink(0)->GetState() == MrUplinkState::DENIED;
        r.up = s.Arrivals(up).size();
        r.down = s.Arrivals(down).size();
        r.prohibited = s.network.homeAgent->GetReplyCount(MIP_REPLY_HA_PROHIBITED);
        NS_TEST_EXPECT_MSG_EQ(s.natEvents.empty(), false, "NatDetected");
        if (!s.natEvents.empty())
        {
            NS_TEST_EXPECT_MSG_EQ(std::get<3>(s.natEvents.front()), !never, "UDP requested");
        }
        return r;
    }

    void DoRun() override
    {
        Result control = RunOnce(false);
        Result never = RunOnce(true);
        NS_TEST_ASSERT_MSG_EQ(control.codes.empty() || never.codes.empty(), false, "answered");
        if (control.codes.empty() || never.codes.empty())
        {
            return;
        }
        std::cout << "    NAT without a UDP Tunnel Request: " << never.codes.size()
                  << " replies, first code " << unsigned(never.codes.at(0)) << ", delivered "
                  << never.up << "/" << never.down << " (control: code "
                  << unsigned(control.codes.at(0)) << ", delivered " << control.up << "/"
                  << control.down << ")" << std::endl;
        NS_TEST_ASSERT_MSG_EQ(unsigned(control.codes.front()), 0u, "control: accepted");
        NS_TEST_ASSERT_MSG_EQ(control.bound, true, "control: binding");
        NS_TEST_ASSERT_MSG_EQ(control.up, 100, "control: every datagram 0 -> 1");
        NS_TEST_ASSERT_MSG_EQ(control.down, 100, "control: every datagram 1 -> 0");
        NS_TEST_ASSERT_MSG_EQ(control.prohibited, 0, "control: no 129");

        NS_TEST_ASSERT_MSG_GT_OR_EQ(never.codes.size(), 2, "refused, retried, refused again");
        for (uint8_t code : never.codes)
        {
            NS_TEST_ASSERT_MSG_EQ(unsigned(code), 129u, "administratively prohibited");
        }
        NS_TEST_ASSERT_MSG_EQ(never.prohibited, never.codes.size(), "counted");
        NS_TEST_ASSERT_MSG_EQ(never.bound, false, "no binding to the private address");
        NS_TEST_ASSERT_MSG_EQ(never.denied, true, "the router knows: DENIED");
        NS_TEST_ASSERT_MSG_EQ(never.haTx, 0, "nothing tunnelled into the void");
        NS_TEST_ASSERT_MSG_EQ(never.up, 0, "nothing 0 -> 1 (no binding)");
        NS_TEST_ASSERT_MSG_EQ(never.down, 0, "nothing 1 -> 0 (no binding)");
    }
};

/**
 * \ingroup haaro-tests
 * The NAT forgets idle UDP mappings after 30 s, the router's keepalive interval is 50 s and
 * only downlink traffic flows (nothing refreshes the mapping): the mapping expires, the
 * Home Agent's packets are filtered by the NAT, the next keepalive makes a new mapping
 * (another external port: sequential allocation) that the Home Agent does not know, its
 * retries go unanswered, the router registers again from the new mapping, the Home Agent
 * moves the tunnel and the traffic recovers; the halved interval (25 s) is below the NAT
 * timeout, so it never happens again. The outage is measured.
 */
class NatTimeoutTestCase : public TestCase
{
  public:
    NatTimeoutTestCase()
        : TestCase("NAT timeout < keepalive interval: keepalives fail, re-registration, "
                   "traffic recovers")
    {
    }

  private:
    void DoRun() override
    {
        UdpScenario s;
        s.topologyHelper.SetUplinkMiddlebox(0, 0, 0);
        // No path probes and no 60 s cap of the UDP binding (RFC 3519 section 5.2): both
        // would send packets through the NAT more often than its 30 s timeout and keep the
        // mapping alive, which this test lets expire.
        s.nemo.SetUplinkAttribute("KeepaliveInterval", TimeValue(Seconds(0)));
        s.nemo.SetUplinkAttribute("UdpKeepaliveInterval", TimeValue(Seconds(50)));
        s.nemo.SetHomeAgentAttribute("NatMaxLifetime", UintegerValue(0));
        s.Build();
        NatHelper natHelper;
        natHelper.SetAttribute("UdpTimeout", TimeValue(Seconds(30)));
        natHelper.SetAttribute("PortAllocation", EnumValue(Ipv4Nat::PORT_SEQUENTIAL));
        s.InstallNats(natHelper);
        size_t down = s.AddFlow(1, 0, Seconds(2), Seconds(300), MilliSeconds(100));
        Simulator::Schedule(Seconds(0.5), &UdpScenario::ConnectUplinks, &s);
        s.Run(Seconds(301));

        Ptr<Ipv4Nat> nat = s.natBoxes.front();
        std::vector<std::pair<Time, Time>> gaps =
            s.Gaps(down, Seconds(2.5), Seconds(300), MilliSeconds(500));
        NS_TEST_ASSERT_MSG_EQ(gaps.size(), 1, "one outage");
        Time start = gaps.front().first;
        Time end = gaps.front().second;
        // The mapping was last refreshed by the uplink announcement at about 0.07 s.
        NS_TEST_ASSERT_MSG_GT_OR_EQ(start, Seconds(29.5), "outage starts at the NAT timeout");
        NS_TEST_ASSERT_MSG_LT(start, Seconds(31.5), "outage starts at the NAT timeout");
        NS_TEST_ASSERT_MSG_EQ(s.mappingLosses.size(), 1, "one mapping loss");
        Time lost = s.mappingLosses.front().first;
        NS_TEST_ASSERT_MSG_EQ(s.mappingLosses.front().second, Seconds(25), "50 s halved");
        // The keepalive 50 s after the last thing sent, 1 + 2 + 4 + 8 s of retries.
        NS_TEST_ASSERT_MSG_GT_OR_EQ(lost, Seconds(65), "loss after the retries");
        NS_TEST_ASSERT_MSG_LT(lost, Seconds(65.2), "loss after the retries");
        NS_TEST_ASSERT_MSG_GT(end, lost, "recovers after the re-registration");
        NS_TEST_ASSERT_MSG_LT(end, lost + Seconds(0.2), "one round trip later");
        NS_TEST_ASSERT_MSG_EQ(s.keepalivesSent.size() - s.keepalivesAnswered.size(),
                              4,
                              "the keepalive and its three retries were lost");
        NS_TEST_ASSERT_MSG_GT(s.keepalivesAnswered.size(), 8, "then every 25 s, answered");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(nat->GetMappingsExpired(), 1, "the mapping expired");
        NS_TEST_ASSERT_MSG_GT(nat->GetFilteredDrops(), 300, "the HA's packets were filtered");
        const HaBinding* b = s.Binding(0);
        int32_t external = nat->LookupExternalPort(17, s.Coa(0), s.Uplink(0)->GetLocalPort());
        NS_TEST_ASSERT_MSG_EQ(b->tunnel->GetRemotePort(),
                              static_cast<uint16_t>(external),
                              "the tunnel follows the new mapping");
        NS_TEST_ASSERT_MSG_EQ(s.Uplink(0)->GetUdpKeepaliveInterval(), Seconds(25), "shorter K");
        m_outage = end - start;
    }

  public:
    Time m_outage; //!< measured outage
};

/**
 * \ingroup haaro-tests
 * The NAT reboots (every mapping lost) while traffic flows both ways; it allocates random
 * external ports, so the router's packets leave from a new port that the Home Agent does
 * not know: they are dropped there (data never moves a tunnel) while the router keeps
 * sending data, so no keepalive is due; its path probes through the tunnel go unanswered,
 * the uplink is declared FAILED and registers again, the Home Agent moves the tunnel and
 * the traffic recovers in both directions.
 */
class NatRebootTestCase : public TestCase
{
  public:
    NatRebootTestCase()
        : TestCase("NAT reboot: new external port, probes fail, re-registration, recovery")
    {
    }

  private:
    void DoRun() override
    {
        UdpScenario s;
        s.topologyHelper.SetUplinkMiddlebox(0, 0, 0);
        s.Build();
        NatHelper natHelper;
        natHelper.SetAttribute("PortAllocation", EnumValue(Ipv4Nat::PORT_RANDOM));
        s.InstallNats(natHelper);
        size_t up = s.AddFlow(0, 1, Seconds(2), Seconds(60), MilliSeconds(100));
        size_t down = s.AddFlow(1, 0, Seconds(2), Seconds(60), MilliSeconds(100));
        Ptr<Ipv4Nat> nat = s.natBoxes.front();
        uint16_t portBefore = 0;
        uint64_t noTunnelBefore = 0;
        HaaroSchedule(Seconds(19.99), [&]() {
            portBefore = s.Binding(0)->tunnel->GetRemotePort();
            noTunnelBefore =
                s.network.homeAgent->GetTunnelManager()->GetDropCount(MipTunnelDrop::NO_TUNNEL);
        });
        Simulator::Schedule(Seconds(20), &Ipv4Nat::Reboot, nat);
        s.Run(Seconds(61));

        std::vector<std::pair<Time, Time>> upGaps =
            s.Gaps(up, Seconds(2.5), Seconds(60), MilliSeconds(500));
        std::vector<std::pair<Time, Time>> downGaps =
            s.Gaps(down, Seconds(2.5), Seconds(60), MilliSeconds(500));
        NS_TEST_ASSERT_MSG_EQ(upGaps.size(), 1, "one outage 0 -> 1");
        NS_TEST_ASSERT_MSG_EQ(downGaps.size(), 1, "one outage 1 -> 0");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(upGaps.front().first, Seconds(19.9), "from the reboot");
        NS_TEST_ASSERT_MSG_LT(upGaps.front().first, Seconds(20.1), "from the reboot");
        // Three unanswered 5 s probes, then a request: recovered within about 15-20 s.
        NS_TEST_ASSERT_MSG_LT(upGaps.front().second, Seconds(40), "recovered 0 -> 1");
        NS_TEST_ASSERT_MSG_LT(downGaps.front().second, Seconds(40), "recovered 1 -> 0");
        const HaBinding* b = s.Binding(0);
        NS_TEST_ASSERT_MSG_NE(b->tunnel->GetRemotePort(), portBefore, "a new external port");
        int32_t external = nat->LookupExternalPort(17, s.Coa(0), s.Uplink(0)->GetLocalPort());
        NS_TEST_ASSERT_MSG_EQ(b->tunnel->GetRemotePort(),
                              static_cast<uint16_t>(external),
                              "the tunnel follows it");
        NS_TEST_ASSERT_MSG_GT(
            s.network.homeAgent->GetTunnelManager()->GetDropCount(MipTunnelDrop::NO_TUNNEL),
            noTunnelBefore + 10,
            "data from the unknown port was dropped, not trusted");
        NS_TEST_ASSERT_MSG_EQ((s.Uplink(0)->GetState() == MrUplinkState::REGISTERED),
                              true,
                              "registered again");
        m_outage = upGaps.front().second - upGaps.front().first;
    }

  public:
    Time m_outage; //!< measured outage
};

/**
 * \ingroup haaro-tests
 * Two mobile routers behind the same NAT (one public address) and a third on the public
 * Internet: the Home Agent keeps two UDP tunnels to the same address with different ports,
 * and all four flows (each NATed site to and from the public one) arrive completely.
 */
class TwoBehindOneNatTestCase : public TestCase
{
  public:
    TwoBehindOneNatTestCase()
        : TestCase("two routers behind one NAT: two tunnels to one address, all data arrives")
    {
    }

  private:
    void DoRun() override
    {
        UdpScenario s(3);
        s.topologyHelper.SetUplinkMiddlebox(0, 0, 7);
        s.topologyHelper.SetUplinkMiddlebox(1, 0, 7);
        s.Build();
        NatHelper natHelper;
        s.InstallNats(natHelper);
        std::vector<size_t> flows = {s.AddFlow(0, 2, Seconds(2), Seconds(12), MilliSeconds(50)),
                                     s.AddFlow(1, 2, Seconds(2), Seconds(12), MilliSeconds(50)),
                                     s.AddFlow(2, 0, Seconds(2), Seconds(12), MilliSeconds(50)),
                                     s.AddFlow(2, 1, Seconds(2), Seconds(12), MilliSeconds(50))};
        s.Run(Seconds(13));

        NS_TEST_ASSERT_MSG_EQ(s.topology.middleboxes.size(), 1, "one NAT");
        NS_TEST_ASSERT_MSG_EQ(s.topology.middleboxes.front().insideInterfaces.size(),
                              2,
                              "two routers behind it");
        const HaBinding* a = s.Binding(0);
        const HaBinding* b = s.Binding(1);
        NS_TEST_ASSERT_MSG_NE(a, nullptr, "site 0 registered");
        NS_TEST_ASSERT_MSG_NE(b, nullptr, "site 1 registered");
        NS_TEST_ASSERT_MSG_EQ(a->tunnel->GetRemote(), b->tunnel->GetRemote(), "one address");
        NS_TEST_ASSERT_MSG_NE(a->tunnel->GetRemotePort(), b->tunnel->GetRemotePort(), "two ports");
        NS_TEST_ASSERT_MSG_NE(a->tunnel, b->tunnel, "two tunnels");
        for (size_t f : flows)
        {
            NS_TEST_ASSERT_MSG_EQ(s.Arrivals(f).size(), 200, "flow " << f << " complete");
        }
        NS_TEST_ASSERT_MSG_GT_OR_EQ(a->tunnel->GetRxPackets(), 200, "site 0's data");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(b->tunnel->GetRxPackets(), 200, "site 1's data");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(a->tunnel->GetTxPackets(), 200, "to site 0");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(b->tunnel->GetTxPackets(), 200, "to site 1");
        NS_TEST_ASSERT_MSG_EQ(
            s.network.homeAgent->GetTunnelManager()->GetDropCount(MipTunnelDrop::INGRESS_FILTER),
            0,
            "nothing crossed over");
    }
};

/**
 * \ingroup haaro-tests
 * Issue 12 item 11 at the third receiver, a correspondent router (RFC 6521): router C holds
 * a KRm for router B (RouteOptimizer::AddStaticKey) and gets from B's care-of address a
 * Registration Request to its home address, MC-signed with that KRm, carrying a UDP Tunnel
 * Request with F set. With Reserved 3 != 0 the extension is "handled as not understood and
 * silently skipped" (RFC 3519 sections 3.1, 3.1.3): the registration is accepted without a
 * UDP Tunnel Reply and C's tunnel to B is IP in IP. Control (Reserved 3 = 0): the same
 * request gets a UDP Tunnel Reply and a UDP tunnel, so the check could fail.
 */
class CrReserved3TestCase : public TestCase
{
  public:
    /// \param reserved3 the Reserved 3 field of the UDP Tunnel Request
    explicit CrReserved3TestCase(uint16_t reserved3)
        : TestCase(reserved3 ? "correspondent router: Reserved 3 != 0 skipped, accepted without "
                               "a Tunnel Reply, IP in IP (RFC 3519 sections 3.1, 3.1.3)"
                             : "correspondent router control: Reserved 3 = 0, UDP Tunnel Reply "
                               "and UDP tunnel"),
          m_reserved3(reserved3)
    {
    }

  private:
    void DoRun() override
    {
        UdpScenario s(3);
        s.nemo.SetMobileRouterAttribute("RouteOptimization", BooleanValue(true));
        s.Build({Seconds(1), Seconds(1.5), Seconds(2)});
        const MipBytes krm =
            MipFromHex("f0 f1 f2 f3 f4 f5 f6 f7 f8 f9 fa fb fc fd fe ff 00 01 02 03");
        Ipv4Address hoaB = s.Hoa(1);
        Ipv4Address hoaC = s.Hoa(2);
        Ipv4Address coaB = s.Coa(1);
        HaaroSchedule(Seconds(2.5), [&]() {
            s.network.mobileRouters[2]->GetRouteOptimizer()->AddStaticKey(hoaB, krm);
        });
        Ptr<Socket> socket =
            Socket::CreateSocket(s.topology.mobileRouters.Get(1), UdpSocketFactory::GetTypeId());
        socket->Bind(InetSocketAddress(coaB, 0));
        std::vector<MipRegistrationReply> replies;
        socket->SetRecvCallback(MakeBoundCallback(&CrReserved3TestCase::Receive, &replies));
        HaaroSchedule(Seconds(4), [&]() {
            MipRegistrationRequest rrq;
            rrq.SetFlag(MipRegistrationRequest::FLAG_T, true);
            rrq.SetLifetime(60);
            rrq.SetHomeAddress(hoaB);
            rrq.SetHomeAgent(s.topology.homeAgentAddress);
            rrq.SetCareOfAddress(coaB);
            rrq.SetIdentification(MipNtpTime::ToNtp(Simulator::Now()));
            rrq.AddExtension(RawUdpRequest(true, 4, m_reserved3));
            McAuthExtension::Append(rrq, 0, 0, krm);
            Ptr<Packet> p = Create<Packet>();
            p->AddHeader(rrq);
            socket->SendTo(p, 0, InetSocketAddress(hoaC, MIP_UDP_PORT));
        });
        s.Run(Seconds(5));

        NS_TEST_ASSERT_MSG_EQ(replies.size(), 1, "C answered");
        if (replies.empty())
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(unsigned(replies.front().GetCode()), 0u, "accepted");
        std::optional<UdpTunnelReplyExtension> udp = UdpTunnelReplyExtension::Find(replies.front());
        RocEntry* entry = s.network.mobileRouters[2]->GetRouteOptimizer()->GetCache().Find(hoaB);
        NS_TEST_ASSERT_MSG_EQ(entry && entry->tunnel, true, "C keeps B, with a tunnel");
        if (!entry || !entry->tunnel)
        {
            return;
        }
        bool udpTunnel = entry->tunnel->GetEncapsulation() == MipEncapsulation::UDP;
        if (m_reserved3)
        {
            NS_TEST_ASSERT_MSG_EQ(udp.has_value(), false, "no UDP Tunnel Reply: skipped");
            NS_TEST_ASSERT_MSG_EQ(udpTunnel, false, "IP in IP");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(udp.has_value(), true, "UDP Tunnel Reply");
            NS_TEST_ASSERT_MSG_EQ(udpTunnel, true, "UDP tunnel");
        }
    }

    /// \param out replies \param socket B's crafted socket
    static void Receive(std::vector<MipRegistrationReply>* out, Ptr<Socket> socket)
    {
        Ptr<Packet> p;
        while ((p = socket->Recv()))
        {
            MipBytes bytes(p->GetSize());
            p->CopyData(bytes.data(), bytes.size());
            MipRegistrationReply reply;
            if (reply.FromBytes(bytes) != 0)
            {
                out->push_back(reply);
            }
        }
    }

    uint16_t m_reserved3; //!< Reserved 3 of the request
};

/**
 * \ingroup haaro-tests
 * The RFC 3519 UDP tunnelling suite.
 */
class HaaroUdpTunnelTestSuite : public TestSuite
{
  public:
    HaaroUdpTunnelTestSuite()
        : TestSuite("haaro-udp-tunnel", UNIT)
    {
        using P = CraftedRequestTestCase::Params;
        AddTestCase(new ForcedUdpTestCase, TestCase::QUICK);
        AddTestCase(new DeclineTestCase(false), TestCase::QUICK);
        AddTestCase(new DeclineTestCase(true), TestCase::QUICK);
        auto add = [this](P p) { AddTestCase(new CraftedRequestTestCase(std::move(p)), QUICK); };
        {
            P p;
            p.name = "crafted: F, no NAT: assent 0, UDP binding, HA's keepalive interval, "
                     "lifetime capped at 60 s (UDP tunnelling, RFC 3519 section 5.2)";
            p.udp = RawUdpRequest(true, 4);
            p.udpCode = 0;
            p.encapsulation = MipEncapsulation::UDP;
            p.lifetime = 60;
            add(p);
        }
        {
            P p;
            p.name = "crafted: Encapsulation 0 and neither M nor G means IP in UDP: assent";
            p.udp = RawUdpRequest(true, 0);
            p.udpCode = 0;
            p.encapsulation = MipEncapsulation::UDP;
            p.lifetime = 60;
            add(p);
        }
        {
            P p;
            p.name = "crafted: no F, no NAT: declined 64, IP in IP, lifetime not capped";
            p.udp = RawUdpRequest(false, 4);
            p.udpCode = 64;
            add(p);
        }
        {
            P p;
            p.name = "crafted: NAT and a request: assent, tunnel to source address and port, "
                     "lifetime capped at 60 s";
            p.udp = RawUdpRequest(false, 4);
            p.nat = true;
            p.udpCode = 0;
            p.encapsulation = MipEncapsulation::UDP;
            p.lifetime = 60;
            add(p);
        }
        {
            P p;
            // Issue 12 item 8 (before: accepted, an IP-in-IP binding to the private care-of
            // address that no data could reach).
            p.name = "crafted: NAT without a request: 129 (RFC 3519 section 4.6.1)";
            p.nat = true;
            p.code = MIP_REPLY_HA_PROHIBITED;
            add(p);
        }
        {
            P p;
            p.name = "crafted: Encapsulation 47 (GRE in UDP): 142";
            p.udp = RawUdpRequest(true, 47);
            p.code = MIP_REPLY_HA_UDP_ENCAP_UNAVAILABLE;
            add(p);
        }
        {
            P p;
            p.name = "crafted: Encapsulation 0 with G (GRE in UDP): 142";
            p.udp = RawUdpRequest(true, 0);
            p.g = true;
            p.code = MIP_REPLY_HA_UDP_ENCAP_UNAVAILABLE;
            add(p);
        }
        {
            P p;
            p.name = "crafted: NAT, Encapsulation 55 (minimal in UDP): 142";
            p.udp = RawUdpRequest(false, 55);
            p.nat = true;
            p.code = MIP_REPLY_HA_UDP_ENCAP_UNAVAILABLE;
            add(p);
        }
        {
            P p;
            // Issue 12 item 11 (before: 134). F is set: understood, it would be assented.
            p.name = "crafted: Reserved 3 != 0, no NAT: extension skipped (RFC 3519 sections "
                     "3.1, 3.1.3), accepted without a Tunnel Reply, IP in IP";
            p.udp = RawUdpRequest(true, 4, 0x0100);
            add(p);
        }
        {
            P p;
            p.name = "crafted: Reserved 3 != 0 behind a NAT: skipped, so a NAT without a "
                     "request: 129";
            p.udp = RawUdpRequest(false, 4, 0x0001);
            p.nat = true;
            p.code = MIP_REPLY_HA_PROHIBITED;
            add(p);
        }
        {
            P p;
            p.name = "crafted: Reserved 3 != 0 with UdpReserved3Refused: 134 (RFC 3519 section "
                     "4.6.1)";
            p.udp = RawUdpRequest(true, 4, 0x0100);
            p.haReserved3Refused = true;
            p.code = MIP_REPLY_HA_POORLY_FORMED_REQUEST;
            add(p);
        }
        {
            P p;
            p.name = "crafted: D clear with a request: 134";
            p.udp = RawUdpRequest(true, 4);
            p.d = false;
            p.code = MIP_REPLY_HA_POORLY_FORMED_REQUEST;
            add(p);
        }
        {
            P p;
            p.name = "crafted: NAT with UdpTunnelling=false: 129";
            p.udp = RawUdpRequest(false, 4);
            p.nat = true;
            p.haUdp = false;
            p.code = MIP_REPLY_HA_PROHIBITED;
            add(p);
        }
        {
            P p;
            p.name = "crafted: F with AllowForcedUdp=false: 129";
            p.udp = RawUdpRequest(true, 4);
            p.haForce = false;
            p.code = MIP_REPLY_HA_PROHIBITED;
            add(p);
        }
        {
            P p;
            p.name = "crafted: NAT and F with AllowForcedUdp=false: assent (a NAT needs no F)";
            p.udp = RawUdpRequest(true, 4);
            p.nat = true;
            p.haForce = false;
            p.udpCode = 0;
            p.encapsulation = MipEncapsulation::UDP;
            p.lifetime = 60;
            add(p);
        }
        AddTestCase(new RefusedTestCase(false, true), TestCase::QUICK);
        AddTestCase(new RefusedTestCase(true, false), TestCase::QUICK);
        AddTestCase(new SameAddressTestCase, TestCase::QUICK);
        AddTestCase(new KeepaliveTimingTestCase(0), TestCase::QUICK);
        AddTestCase(new KeepaliveTimingTestCase(15), TestCase::QUICK);
        AddTestCase(new KeepaliveFailureTestCase, TestCase::QUICK);
        AddTestCase(new KeepaliveWithProbesTestCase(false), TestCase::QUICK);
        AddTestCase(new KeepaliveWithProbesTestCase(true), TestCase::QUICK);
        AddTestCase(new NatTraversalTestCase, TestCase::QUICK);
        AddTestCase(new NatWithoutUdpTestCase, TestCase::QUICK);
        AddTestCase(new NatTimeoutTestCase, TestCase::QUICK);
        AddTestCase(new NatRebootTestCase, TestCase::QUICK);
        AddTestCase(new TwoBehindOneNatTestCase, TestCase::QUICK);
        AddTestCase(new CrReserved3TestCase(1), TestCase::QUICK);
        AddTestCase(new CrReserved3TestCase(0), TestCase::QUICK);
    }
};

HaaroUdpTunnelTestSuite g_haaroUdpTunnelTestSuite;

} // namespace
