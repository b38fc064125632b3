/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * haaro-wire-gallery: one of every message format haaro implements, sent as real packets
 * across a simulated point-to-point link, with pcap capture on both ends.
 *
 *   MR (192.0.2.1) ------ 10 Mb/s, 2 ms ------ HA (192.0.2.2)
 *
 * The MR side sends the messages a mobile router sends, the HA side those a home agent
 * or correspondent router sends (the RFC 6521 messages between two mobile routers are
 * sent over the same link for the gallery's sake). Each receiver parses what arrives with
 * haaro's decoders and prints it; the program exits non-zero if anything fails to parse.
 *
 *   ./haaro run haaro-wire-gallery [--prefix=haaro-wire-gallery] [--verbose=true]
 *        [--pcap=true] [--outDir=]
 *
 * writes <prefix>-0-0.pcap (MR) and <prefix>-1-0.pcap (HA), for Wireshark or tshark, and
 * the record of what was sent into them, <prefix>-pcap-sent.csv and
 * <prefix>-pcap-advertised.csv (CaptureRecord), into outDir (default: the current
 * directory); --pcap=false writes nothing.
 */
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/haaro-scenario-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/ns3-compat.h"
#include "ns3/point-to-point-module.h"

#include <filesystem>
#include <functional>
#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("HaaroWireGallery");

namespace
{

const Ipv4Address MR_HOA("10.0.0.1");                 //!< the mobile router's home address
const Ipv4Address PEER_HOA("10.0.0.2");               //!< a second mobile router (the CR)
const MipBytes MN_HA_KEY(16, 0x42);                   //!< MN-HA security association key
const uint32_t MN_HA_SPI = 0x1000;                    //!< its SPI
const MipBytes KCR(16, 0x17);                         //!< the CR's secret Kcr
const uint64_t HOME_NONCE = 0x1111111111111111ULL;    //!< CR nonce used for the home token
const uint64_t CARE_OF_NONCE = 0x2222222222222222ULL; //!< CR nonce used for the care-of token

/// Counts what was sent and what arrived and parsed.
struct Tally
{
    uint32_t sent{0};     //!< messages sent
    uint32_t received{0}; //!< messages received
    uint32_t parsed{0};   //!< messages that haaro's decoders accepted
    bool verbose{false};  //!< print every message
};

Tally g_tally;

/// \return the packet's octets
MipBytes
Octets(Ptr<const Packet> p)
{
    MipBytes bytes(p->GetSize());
    p->CopyData(bytes.data(), bytes.size());
    return bytes;
}

/// Parses a UDP/434 payload with the decoder its type octet names and prints it.
void
ParseMobileIp(const std::string& where, const MipBytes& bytes)
{
    g_tally.received++;
    std::optional<uint8_t> type = MipPeekMessageType(bytes);
    std::ostringstream text;
    bool ok = false;
    if (type == MIP_REGISTRATION_REQUEST)
    {
        MipRegistrationRequest m;
        ok = m.FromBytes(bytes) != 0;
        m.Print(text);
    }
    else if (type == MIP_REGISTRATION_REPLY)
    {
        MipRegistrationReply m;
        ok = m.FromBytes(bytes) != 0;
        m.Print(text);
    }
    else if (type == MIP_TUNNEL_DATA)
    {
        MipTunnelDataHeader m;
        ok = m.FromBytes(bytes) != 0;
        m.Print(text);
        text << " + " << bytes.size() - MipTunnelDataHeader::SIZE << " octets of inner packet";
    }
    else if (type && ReturnRoutabilityInit::IsInitType(*type))
    {
        ReturnRoutabilityInit m;
        ok = m.FromBytes(bytes) != 0;
        m.Print(text);
    }
    else if (type && ReturnRoutabilityTest::IsTestType(*type))
    {
        ReturnRoutabilityTest m;
        ok = m.FromBytes(bytes) != 0;
        m.Print(text);
    }
    g_tally.parsed += ok;
    if (g_tally.verbose || !ok)
    {
        std::cout << Simulator::Now().As(Time::MS) << " " << where << " received "
                  << (ok ? "" : "UNPARSABLE ") << text.str() << std::endl;
    }
}

/// Receives on a UDP/434 socket.
void
ReceiveUdp(std::string where, Ptr<Socket> socket)
{
    Ptr<Packet> p;
    while ((p = socket->Recv()))
    {
        ParseMobileIp(where, Octets(p));
    }
}

/// Receives IP-in-IP (protocol 4) or GRE (47) on a raw socket (the IPv4 header included).
void
ReceiveRaw(std::string where, Ptr<Socket> socket)
{
    Ptr<Packet> p;
    while ((p = socket->Recv()))
    {
        g_tally.received++;
        Ipv4Header outer;
        p->RemoveHeader(outer);
        std::ostringstream text;
        bool ok = false;
        if (outer.GetProtocol() == IpInIpEncapsulation::GRE_PROTOCOL)
        {
            GreHeader gre;
            ok = p->PeekHeader(gre) != 0 && gre.IsChecksumOk();
            gre.Print(text);
            p->RemoveHeader(gre);
        }
        else
        {
            ok = true;
            text << "IP-in-IP";
        }
        Ipv4Header inner;
        ok = ok && p->PeekHeader(inner) != 0;
        text << " outer " << outer.GetSource() << " > " << outer.GetDestination() << " inner "
             << inner.GetSource() << " > " << inner.GetDestination();
        g_tally.parsed += ok;
        if (g_tally.verbose || !ok)
        {
            std::cout << Simulator::Now().As(Time::MS) << " " << where << " received "
                      << (ok ? "" : "UNPARSABLE ") << text.str() << std::endl;
        }
    }
}

/// A small inner packet: an ICMP echo request from a host of the mobile network.
Ptr<Packet>
InnerPacket()
{
    Icmpv4Echo echo;
    echo.SetIdentifier(1);
    echo.SetSequenceNumber(1);
    echo.SetData(Create<Packet>(32));
    Icmpv4Header icmp;
    icmp.SetType(Icmpv4Header::ICMPV4_ECHO);
    icmp.EnableChecksum();
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(echo);
    p->AddHeader(icmp);
    Ipv4Header ip;
    ip.SetSource(Ipv4Address("10.1.0.10"));
    ip.SetDestination(Ipv4Address("10.2.0.20"));
    ip.SetProtocol(Icmpv4L4Protocol::PROT_NUMBER);
    ip.SetTtl(63);
    ip.SetPayloadSize(p->GetSize());
    ip.EnableChecksum();
    p->AddHeader(ip);
    return p;
}

/// The Registration Request of a HAARO-capable mobile router behind a NAT (explicit mode).
MipRegistrationRequest
HomeRegistrationRequest(Ipv4Address coa, Ipv4Address ha, bool solicit)
{
    MipRegistrationRequest rrq;
    rrq.SetFlag(MipRegistrationRequest::FLAG_S, true);
    rrq.SetFlag(MipRegistrationRequest::FLAG_D, true);
    rrq.SetFlag(MipRegistrationRequest::FLAG_T, true);
    rrq.SetLifetime(1800);
    rrq.SetHomeAddress(MR_HOA);
    rrq.SetHomeAgent(ha);
    rrq.SetCareOfAddress(coa);
    rrq.SetIdentification(0xed00e38000000001ULL);
    rrq.AddExtension(MobileNetworkRequestExtension(Ipv4Address("10.1.0.0"), 16).ToExtension());
    rrq.AddExtension(MobileNetworkRequestExtension(Ipv4Address("10.1.8.0"), 24).ToExtension());
    RoCapabilityExtension capability;
    capability.SetFlag(RoCapabilityExtension::FLAG_A, true);
    capability.SetFlag(RoCapabilityExtension::FLAG_R, true);
    if (solicit)
    {
        capability.SetSolicitedHomeAddress(PEER_HOA);
    }
    rrq.AddExtension(capability.ToExtension());
    rrq.AddExtension(UdpTunnelRequestExtension(false, 4).ToExtension());
    MipAuthExtension::Append(rrq, MipAuthExtension::TYPE_MOBILE_HOME, MN_HA_SPI, MN_HA_KEY);
    return rrq;
}

/// The HA's reply: acknowledgements, UDP tunnel reply, RO reply and a prefix advertisement.
MipRegistrationReply
HomeRegistrationReply(Ipv4Address ha)
{
    MipRegistrationReply rrp;
    rrp.SetCode(MIP_REPLY_ACCEPTED);
    rrp.SetLifetime(600);
    rrp.SetHomeAddress(MR_HOA);
    rrp.SetHomeAgent(ha);
    rrp.SetIdentification(0xed00e38000000001ULL);
    for (auto [prefix, length] : {std::pair{"10.1.0.0", 16}, std::pair{"10.1.8.0", 24}})
    {
        rrp.AddExtension(MobileNetworkAckExtension(MobileNetworkAckExtension::SUBTYPE_EXPLICIT,
                                                   MOBNET_SUCCESS,
                                                   Ipv4Address(prefix),
                                                   length)
                             .ToExtension());
    }
    rrp.AddExtension(UdpTunnelReplyExtension(0, false, 110).ToExtension());
    RoReplyExtension roReply;
    roReply.SetFlag(RoReplyExtension::FLAG_N, true);
    roReply.SetCode(RoReplyExtension::CODE_ROUTE_OPTIMIZATION);
    rrp.AddExtension(roReply.ToExtension());
    PrefixAdvertisementExtension advertisement;
    advertisement.AddMobileRouter(PEER_HOA);
    advertisement.AddPrefix(Ipv4Address("10.2.0.0"), 16, "site-b.example.com");
    advertisement.AddPrefix(Ipv4Address("10.2.64.0"), 18, "site-b.example.com");
    advertisement.AddMobileRouter(Ipv4Address("10.0.0.3"),
                                  AdvertisedMobileRouter::INFO_OUTBOUND_ONLY);
    advertisement.AddPrefix(Ipv4Address("10.3.0.0"), 16, "site-c.example.com");
    rrp.AddExtension(advertisement.ToExtension());
    MipAuthExtension::Append(rrp, MipAuthExtension::TYPE_MOBILE_HOME, MN_HA_SPI, MN_HA_KEY);
    return rrp;
}

/// KRm as return routability derives it for the MR at (MR_HOA, coa).
MipBytes
Krm(Ipv4Address coa)
{
    return ReturnRoutabilityKeys::RegistrationKey(
        ReturnRoutabilityKeys::HomeKeygenToken(KCR, MR_HOA, HOME_NONCE),
        ReturnRoutabilityKeys::CareOfKeygenToken(KCR, coa, CARE_OF_NONCE));
}

/// The registration an MR sends to a correspondent router after return routability.
MipRegistrationRequest
CorrespondentRegistrationRequest(Ipv4Address coa, Ipv4Address ha)
{
    MipRegistrationRequest rrq;
    rrq.SetFlag(MipRegistrationRequest::FLAG_D, true);
    rrq.SetFlag(MipRegistrationRequest::FLAG_T, true);
    rrq.SetLifetime(240);
    rrq.SetHomeAddress(MR_HOA);
    rrq.SetHomeAgent(ha);
    rrq.SetCareOfAddress(coa);
    rrq.SetIdentification(0xed00e38100000002ULL);
    rrq.AddExtension(MobileNetworkRequestExtension(Ipv4Address("10.1.0.0"), 16).ToExtension());
    rrq.AddExtension(UdpTunnelRequestExtension(true, 4).ToExtension());
    McAuthExtension::Append(rrq, 3, 4, Krm(coa));
    return rrq;
}

/// The correspondent router's reply, listing its care-of addresses.
MipRegistrationReply
CorrespondentRegistrationReply(Ipv4Address coa, Ipv4Address ha, Ipv4Address peerCoa)
{
    MipRegistrationReply rrp;
    rrp.SetCode(MIP_REPLY_ACCEPTED);
    rrp.SetLifetime(240);
    rrp.SetHomeAddress(MR_HOA);
    rrp.SetHomeAgent(ha);
    rrp.SetIdentification(0xed00e38100000002ULL);
    rrp.AddExtension(MobileNetworkAckExtension(MobileNetworkAckExtension::SUBTYPE_EXPLICIT,
                                               MOBNET_SUCCESS,
                                               Ipv4Address("10.1.0.0"),
                                               16)
                         .ToExtension());
    rrp.AddExtension(CareOfAddressExtension({peerCoa, Ipv4Address("198.51.100.9")}).ToExtension());
    McAuthExtension::Append(rrp, 3, 4, Krm(coa));
    return rrp;
}

/// Sends a header as the whole payload of a UDP datagram.
void
SendUdp(Ptr<Socket> socket, Ipv4Address to, uint16_t port, const Header& h)
{
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    socket->SendTo(p, 0, InetSocketAddress(to, port));
    g_tally.sent++;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string prefix = "haaro-wire-gallery";
    bool pcap = true;
    std::string outDir;
    CommandLine cmd(__FILE__);
    cmd.Usage("One of every message format haaro implements (RFC 5944, 5177, 3519, 6521, GRE, "
              "IP in IP) sent as real packets over a point-to-point link, captured at both "
              "ends.");
    cmd.AddValue("prefix", "file name prefix of the pcap files", prefix);
    cmd.AddValue("pcap", "write the pcap files (the gallery's purpose)", pcap);
    cmd.AddValue("outDir", "directory of the pcap files (default: the current one)", outDir);
    cmd.AddValue("verbose", "print every message as it is received", g_tally.verbose);
    cmd.Parse(argc, argv);

    // Valid IPv4/UDP/ICMP checksums, so that Wireshark accepts the capture.
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    NodeContainer nodes;
    nodes.Create(2);
    Ptr<Node> mr = nodes.Get(0);
    Ptr<Node> ha = nodes.Get(1);
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    link.SetChannelAttribute("Delay", StringValue("2ms"));
    NetDeviceContainer devices = link.Install(nodes);
    InternetStackHelper internet;
    internet.Install(nodes);
    Ipv4AddressHelper addressing("192.0.2.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = addressing.Assign(devices);
    Ipv4Address mrAddress = ifs.GetAddress(0);
    Ipv4Address haAddress = ifs.GetAddress(1);

    auto udpSocket = [](Ptr<Node> node, std::string name) {
        Ptr<Socket> s = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        s->Bind(InetSocketAddress(Ipv4Address::GetAny(), MIP_UDP_PORT));
        s->SetRecvCallback(MakeBoundCallback(&ReceiveUdp, name));
        return s;
    };
    Ptr<Socket> mrSocket = udpSocket(mr, "MR");
    Ptr<Socket> haSocket = udpSocket(ha, "HA");

    std::vector<std::pair<uint8_t, Ptr<Socket>>> raw;
    for (uint8_t protocol : {IpInIpEncapsulation::IPIP_PROTOCOL, IpInIpEncapsulation::GRE_PROTOCOL})
    {
        Ptr<Socket> tx = Socket::CreateSocket(mr, Ipv4RawSocketFactory::GetTypeId());
        tx->SetAttribute("Protocol", UintegerValue(protocol));
        Ptr<Socket> rx = Socket::CreateSocket(ha, Ipv4RawSocketFactory::GetTypeId());
        rx->SetAttribute("Protocol", UintegerValue(protocol));
        rx->SetRecvCallback(MakeBoundCallback(&ReceiveRaw, std::string("HA")));
        raw.emplace_back(protocol, tx);
    }

    CaptureRecord record; // what is sent into the captures
    // The gallery, one message every 50 ms.
    std::vector<std::function<void()>> gallery = {
        [&]() {
            SendUdp(mrSocket,
                    haAddress,
                    MIP_UDP_PORT,
                    HomeRegistrationRequest(mrAddress, haAddress, false));
        },
        [&]() {
            MipRegistrationReply rrp = HomeRegistrationReply(haAddress);
            record.AddAdvertisement(rrp, mrAddress);
            SendUdp(haSocket, mrAddress, MIP_UDP_PORT, rrp);
        },
        [&]() {
            SendUdp(mrSocket,
                    haAddress,
                    MIP_UDP_PORT,
                    HomeRegistrationRequest(mrAddress, haAddress, true));
        },
        [&]() {
            SendUdp(mrSocket,
                    haAddress,
                    MIP_UDP_PORT,
                    ReturnRoutabilityInit(MIP_HOME_TEST_INIT, 0xa1a1a1a1a1a1a1a1ULL));
        },
        [&]() {
            SendUdp(mrSocket,
                    haAddress,
                    MIP_UDP_PORT,
                    ReturnRoutabilityInit(MIP_CARE_OF_TEST_INIT, 0xc0c0c0c0c0c0c0c0ULL));
        },
        [&]() {
            uint64_t token = ReturnRoutabilityKeys::TokenToU64(
                ReturnRoutabilityKeys::HomeKeygenToken(KCR, MR_HOA, HOME_NONCE));
            SendUdp(haSocket,
                    mrAddress,
                    MIP_UDP_PORT,
                    ReturnRoutabilityTest(MIP_HOME_TEST, 3, 0xa1a1a1a1a1a1a1a1ULL, token));
        },
        [&]() {
            uint64_t token = ReturnRoutabilityKeys::TokenToU64(
                ReturnRoutabilityKeys::CareOfKeygenToken(KCR, mrAddress, CARE_OF_NONCE));
            SendUdp(haSocket,
                    mrAddress,
                    MIP_UDP_PORT,
                    ReturnRoutabilityTest(MIP_CARE_OF_TEST, 4, 0xc0c0c0c0c0c0c0c0ULL, token));
        },
        [&]() {
            SendUdp(mrSocket,
                    haAddress,
                    MIP_UDP_PORT,
                    CorrespondentRegistrationRequest(mrAddress, haAddress));
        },
        [&]() {
            SendUdp(haSocket,
                    mrAddress,
                    MIP_UDP_PORT,
                    CorrespondentRegistrationReply(mrAddress, haAddress, haAddress));
        },
        [&]() {
            // RFC 3519 tunnel data: UDP to port 434, type 4 header, inner IP packet.
            Ptr<Packet> p = InnerPacket();
            p->AddHeader(MipTunnelDataHeader(MipTunnelDataHeader::NEXT_HEADER_IP_IN_IP));
            mrSocket->SendTo(p, 0, InetSocketAddress(haAddress, MIP_UDP_PORT));
            g_tally.sent++;
        },
        [&]() {
            // RFC 2003 IP-in-IP: the raw socket adds the outer header with protocol 4.
            raw[0].second->SendTo(InnerPacket(), 0, InetSocketAddress(haAddress, 0));
            g_tally.sent++;
        },
        [&]() {
            // RFC 2784/2890 GRE with checksum, key and sequence number.
            Ptr<Packet> p = InnerPacket();
            GreHeader gre(0x0800);
            gre.EnableChecksum();
            gre.SetKey(0x00010203);
            gre.SetSequenceNumber(0);
            p->AddHeader(gre);
            raw[1].second->SendTo(p, 0, InetSocketAddress(haAddress, 0));
            g_tally.sent++;
        },
    };
    for (size_t i = 0; i < gallery.size(); ++i)
    {
        HaaroSchedule(MilliSeconds(100 + 50 * i), gallery[i]);
    }

    std::string path = outDir.empty() ? prefix : outDir + "/" + prefix;
    auto pcapName = [](const std::string& base, Ptr<NetDevice> d) {
        return base + "-" + std::to_string(d->GetNode()->GetId()) + "-" +
               std::to_string(d->GetIfIndex()) + ".pcap";
    };
    std::string mrPcap = pcapName(path, devices.Get(0));
    std::string haPcap = pcapName(path, devices.Get(1));
    if (pcap)
    {
        if (!outDir.empty())
        {
            std::filesystem::create_directories(outDir);
        }
        link.EnablePcapAll(path);
        record.WatchDevice(devices.Get(0), "MR", pcapName(prefix, devices.Get(0)));
        record.WatchDevice(devices.Get(1), "HA", pcapName(prefix, devices.Get(1)));
    }
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    Simulator::Destroy();
    record.Write(outDir, prefix + "-");

    std::cout << "haaro-wire-gallery: " << g_tally.sent << " messages sent, " << g_tally.received
              << " received, " << g_tally.parsed << " parsed; ";
    if (pcap)
    {
        std::cout << "capture in " << mrPcap << " (MR side) and " << haPcap << " (HA side)"
                  << std::endl;
    }
    else
    {
        std::cout << "no capture" << std::endl;
    }
    bool ok = g_tally.sent == g_tally.received && g_tally.received == g_tally.parsed;
    return ok ? 0 : 1;
}
