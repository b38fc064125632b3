/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The chain shared by the haaro-tunnel-mtu and haaro-tunnel-soft-state suites:
 *
 *   S (source) --- A (tunnel entry) --- R (router) --- B (tunnel exit) --- D (sink)
 *
 * A tunnels everything for D's network to B (IP in IP, GRE or UDP); the wire between A
 * and R is watched (PhyTxBegin), D counts what arrives (reassembled), S sees the ICMP.
 */
#ifndef HAARO_TUNNEL_CHAIN_H
#define HAARO_TUNNEL_CHAIN_H

#include "ns3/haaro-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/ns3-compat.h"
#include "ns3/point-to-point-module.h"
#include "ns3/string.h"
#include "ns3/test.h"

#include <functional>
#include <map>
#include <sstream>

namespace ns3
{
namespace haaro_tunnel_test
{

/**
 * \ingroup haaro-tests
 * A test case run with one encapsulation (most cases of both suites): its name and the
 * encapsulation, set up once here.
 */
class EncapsulationTestCase : public TestCase
{
  protected:
    /// \param name the case's name \param e the encapsulation it runs with
    EncapsulationTestCase(const std::string& name, MipEncapsulation e)
        : TestCase(name),
          m_e(e)
    {
    }

    MipEncapsulation m_e; //!< encapsulation
};

/// One outer packet on the wire from A to R.
struct WirePacket
{
    uint32_t outerSize;   //!< outer IPv4 datagram, header included
    bool outerMf;         //!< outer MF
    uint16_t outerOffset; //!< outer fragment offset
    bool hasInner;        //!< the inner header could be read (first outer fragment)
    uint32_t innerSize;   //!< inner datagram (or inner fragment), header included
    bool innerMf;         //!< inner MF
    uint16_t innerOffset; //!< inner fragment offset
};

/// An ICMP Destination Unreachable received by S.
struct IcmpSeen
{
    uint8_t code;    //!< ICMP code
    uint16_t mtu;    //!< next-hop MTU
    uint32_t quoted; //!< quoted datagram's Total Length
};

/**
 * \ingroup haaro-tests
 * The chain S - A - R - B - D with a tunnel from A to B.
 */
class TunnelChain
{
  public:
    /**
     * \param encapsulation the tunnel's encapsulation
     * \param linkMtu MTU of the A-R link (the tunnel entry's care-of link)
     * \param configure sets attributes of A's tunnel layer before it is installed
     */
    TunnelChain(MipEncapsulation encapsulation,
                uint16_t linkMtu,
                std::function<void(Ptr<MipTunnelManager>)> configure = {})
    {
        nodes.Create(5); // S A R B D
        InternetStackHelper internet;
        internet.Install(nodes);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        const char* networks[] = {"10.1.1.0", "10.2.2.0", "10.3.3.0", "10.4.4.0"};
        for (uint32_t i = 0; i < 4; i++)
        {
            NetDeviceContainer d = p2p.Install(nodes.Get(i), nodes.Get(i + 1));
            if (i == 1)
            {
                d.Get(0)->SetMtu(linkMtu);
                d.Get(1)->SetMtu(linkMtu);
                wireDevice = d.Get(0);
            }
            Ipv4AddressHelper a(networks[i], "255.255.255.0");
            links.push_back(a.Assign(d));
        }
        encap = CreateObject<MipTunnelManager>();
        if (configure)
        {
            configure(encap);
        }
        encap->Install(NodeAt(A), Ipv4Address("192.168.100.1"), Ipv4Mask("255.255.255.255"));
        decap = CreateObject<MipTunnelManager>();
        decap->Install(NodeAt(B), Ipv4Address("192.168.100.2"), Ipv4Mask("255.255.255.255"));
        tunnel = encap->AddTunnel(EntryAddress(), ExitAddress(), encapsulation);
        exitTunnel = decap->AddTunnel(ExitAddress(), EntryAddress(), encapsulation);
        encap->SetForwardCallback(MakeCallback(&TunnelChain::Forward, this));

        Ipv4StaticRoutingHelper routing;
        auto table = [&](uint32_t n) { return routing.GetStaticRouting(Ipv4Of(n)); };
        table(S)->SetDefaultRoute(links[0].GetAddress(1), 1);
        table(D)->SetDefaultRoute(links[3].GetAddress(0), 1);
        table(A)->AddNetworkRouteTo("10.4.4.0", "255.255.255.0", encap->GetInterface());
        table(A)->AddNetworkRouteTo("10.3.3.0", "255.255.255.0", links[1].GetAddress(1), 2);
        table(R)->AddNetworkRouteTo("10.1.1.0", "255.255.255.0", links[1].GetAddress(0), 1);
        table(R)->AddNetworkRouteTo("10.4.4.0", "255.255.255.0", links[2].GetAddress(1), 2);
        table(B)->AddNetworkRouteTo("10.2.2.0", "255.255.255.0", links[2].GetAddress(0), 1);
        table(B)->AddNetworkRouteTo("10.1.1.0", "255.255.255.0", links[2].GetAddress(0), 1);

        if (encapsulation == MipEncapsulation::UDP)
        {
            Ptr<Socket> socket = Socket::CreateSocket(NodeAt(B), UdpSocketFactory::GetTypeId());
            socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), MIP_UDP_PORT));
            socket->SetRecvCallback(MakeCallback(&TunnelChain::ReceiveUdp, this));
            sockets.push_back(socket);
        }
        Ptr<Socket> sink = Socket::CreateSocket(NodeAt(D), UdpSocketFactory::GetTypeId());
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        sink->SetRecvCallback(MakeCallback(&TunnelChain::Sink, this));
        sockets.push_back(sink);

        wireDevice->TraceConnectWithoutContext("PhyTxBegin",
                                               MakeCallback(&TunnelChain::OnWire, this));
        Ipv4Of(S)->TraceConnectWithoutContext("LocalDeliver",
                                              MakeCallback(&TunnelChain::OnSourceDeliver, this));
        encap->TraceConnectWithoutContext("Drop", MakeCallback(&TunnelChain::OnDrop, this));
        encap->TraceConnectWithoutContext("SoftState",
                                          MakeCallback(&TunnelChain::OnSoftState, this));
    }

    ~TunnelChain()
    {
        Simulator::Destroy();
    }

    TunnelChain(const TunnelChain&) = delete;
    TunnelChain& operator=(const TunnelChain&) = delete;

    static constexpr uint32_t S = 0; //!< source
    static constexpr uint32_t A = 1; //!< tunnel entry
    static constexpr uint32_t R = 2; //!< router inside the tunnel
    static constexpr uint32_t B = 3; //!< tunnel exit
    static constexpr uint32_t D = 4; //!< sink

    /// \param n node index \return the node
    Ptr<Node> NodeAt(uint32_t n) const
    {
        return nodes.Get(n);
    }

    /// \param n node index \return its IPv4
    Ptr<Ipv4L3Protocol> Ipv4Of(uint32_t n) const
    {
        return nodes.Get(n)->GetObject<Ipv4L3Protocol>();
    }

    /// \return the tunnel entry (A on the A-R link)
    Ipv4Address EntryAddress() const
    {
        return links[1].GetAddress(0);
    }

    /// \return the tunnel exit (B on the R-B link)
    Ipv4Address ExitAddress() const
    {
        return links[2].GetAddress(1);
    }

    /// \return S's address
    Ipv4Address SourceAddress() const
    {
        return links[0].GetAddress(0);
    }

    /// \return D's address
    Ipv4Address SinkAddress() const
    {
        return links[3].GetAddress(1);
    }

    /**
     * \brief Node `from` sends one UDP datagram to D's port 9 through its own IP.
     * \param at when \param size IPv4 datagram size, header included \param df DF bit
     * \param source IP source (a spoofed one when not the node's address)
     * \param from sending node (S unless told) \param port UDP source port
     */
    void SendDatagram(Time at,
                      uint32_t size,
                      bool df,
                      Ipv4Address source,
                      uint32_t from = S,
                      uint16_t port = 5000)
    {
        HaaroSchedule(at, [this, size, df, source, from, port]() {
            Ptr<Packet> p = Create<Packet>(size - 28);
            UdpHeader udp;
            udp.SetSourcePort(port);
            udp.SetDestinationPort(9);
            p->AddHeader(udp);
            Ipv4Header h;
            h.SetSource(source);
            h.SetDestination(SinkAddress());
            h.SetProtocol(17);
            h.SetTtl(64);
            h.SetIdentification(m_nextId++);
            h.SetPayloadSize(p->GetSize());
            if (df)
            {
                h.SetDontFragment();
            }
            else
            {
                h.SetMayFragment();
            }
            Socket::SocketErrno err;
            Ptr<Ipv4L3Protocol> ipv4 = Ipv4Of(from);
            Ptr<Ipv4Route> route = ipv4->GetRoutingProtocol()->RouteOutput(p, h, nullptr, err);
            ipv4->SendWithHeader(p, h, route);
        });
    }

    /// \param at when \param size datagram size \param df DF bit (from S's own address)
    void SendDatagram(Time at, uint32_t size, bool df)
    {
        SendDatagram(at, size, df, SourceAddress());
    }

    /// \brief R answers every outer packet with DF set larger than `mtu` with an ICMP
    /// Fragmentation Needed (a router inside the tunnel with a smaller next hop).
    /// \param mtu the next-hop MTU it reports
    void EnforceDf(uint16_t mtu)
    {
        m_enforcedMtu = mtu;
        Ipv4Of(R)->TraceConnectWithoutContext("UnicastForward",
                                              MakeCallback(&TunnelChain::OnRouterForward, this));
    }

    /**
     * \brief Node `from` sends A an ICMP error with the octets given (a forged one, or one
     * that plays a router's).
     * \param at when \param from sending node \param type ICMP type \param code code
     * \param mtu next-hop MTU field \param quotedHeader the quoted outer header
     * \param quoted the 8 octets after it
     */
    void SendIcmp(Time at,
                  uint32_t from,
                  uint8_t type,
                  uint8_t code,
                  uint16_t mtu,
                  const Ipv4Header& quotedHeader,
                  std::array<uint8_t, 8> quoted)
    {
        HaaroSchedule(at, [this, from, type, code, mtu, quotedHeader, quoted]() {
            Ptr<Packet> body = Create<Packet>(quoted.data(), quoted.size());
            body->AddHeader(quotedHeader);
            std::vector<uint8_t> octets{type,
                                        code,
                                        0,
                                        0,
                                        0,
                                        0,
                                        static_cast<uint8_t>(mtu >> 8),
                                        static_cast<uint8_t>(mtu & 0xff)};
            octets.resize(8 + body->GetSize());
            body->CopyData(octets.data() + 8, body->GetSize());
            Ptr<Packet> p = Create<Packet>(octets.data(), octets.size());
            Ipv4Header h;
            h.SetDestination(EntryAddress());
            h.SetProtocol(Icmpv4L4Protocol::PROT_NUMBER);
            Socket::SocketErrno err;
            Ptr<Ipv4L3Protocol> ipv4 = Ipv4Of(from);
            Ptr<Ipv4Route> route = ipv4->GetRoutingProtocol()->RouteOutput(p, h, nullptr, err);
            ipv4->Send(p, route->GetSource(), EntryAddress(), Icmpv4L4Protocol::PROT_NUMBER, route);
        });
    }

    /**
     * \param protocol outer protocol \param destination outer destination
     * \return an outer header from A as a router inside the tunnel would quote it
     */
    Ipv4Header QuotedOuter(uint8_t protocol, Ipv4Address destination) const
    {
        Ipv4Header h;
        h.SetSource(EntryAddress());
        h.SetDestination(destination);
        h.SetProtocol(protocol);
        h.SetTtl(1);
        h.SetPayloadSize(200);
        return h;
    }

    /// \brief R answers every packet it cannot route with an ICMP Destination Unreachable
    /// with this code (ns-3's IPv4 drops them silently). \param code the code
    void AnswerRouteErrors(uint8_t code)
    {
        m_routeErrorCode = code;
        Ipv4Of(R)->TraceConnectWithoutContext("Drop",
                                              MakeCallback(&TunnelChain::OnRouterDrop, this));
    }

    NodeContainer nodes;                         //!< S A R B D
    std::vector<Ipv4InterfaceContainer> links;   //!< addresses of the four links
    Ptr<NetDevice> wireDevice;                   //!< A's device on the A-R link
    Ptr<MipTunnelManager> encap;                 //!< A's tunnel layer
    Ptr<MipTunnelManager> decap;                 //!< B's tunnel layer
    Ptr<MipTunnel> tunnel;                       //!< A's tunnel to B
    Ptr<MipTunnel> exitTunnel;                   //!< B's tunnel to A
    std::vector<Ptr<Socket>> sockets;            //!< B's port 434 and D's sink
    uint32_t socketReads{0};                     //!< datagrams B's port 434 socket read
    std::vector<WirePacket> wire;                //!< outer packets A sent to R
    std::vector<uint32_t> received;              //!< datagram sizes D received (reassembled)
    std::vector<IcmpSeen> icmp;                  //!< ICMP Destination Unreachable at S
    std::map<MipTunnelDrop, uint32_t> drops;     //!< A's tunnel drops, from the trace
    std::vector<TunnelSoftStateEvent> softState; //!< A's soft-state events, from the trace

  private:
    /// A's tunnel choice: everything routed to the tunnel interface goes to B.
    bool Forward(Ptr<Packet> p, const Ipv4Header& header)
    {
        return encap->Send(tunnel, p);
    }

    /// B's port 434.
    void ReceiveUdp(Ptr<Socket> socket)
    {
        Address from;
        while (Ptr<Packet> p = socket->RecvFrom(from))
        {
            socketReads++;
            InetSocketAddress f = InetSocketAddress::ConvertFrom(from);
            decap->ReceiveUdp(p, f.GetIpv4(), f.GetPort(), ExitAddress(), MIP_UDP_PORT);
        }
    }

    /// D's port 9.
    void Sink(Ptr<Socket> socket)
    {
        while (Ptr<Packet> p = socket->Recv())
        {
            received.push_back(p->GetSize() + 28);
        }
    }

    /// The A-R wire.
    void OnWire(Ptr<const Packet> packet)
    {
        Ptr<Packet> p = packet->Copy();
        PppHeader ppp;
        p->RemoveHeader(ppp);
        Ipv4Header outer;
        p->RemoveHeader(outer);
        WirePacket w{};
        w.outerSize = p->GetSize() + outer.GetSerializedSize();
        w.outerMf = !outer.IsLastFragment();
        w.outerOffset = outer.GetFragmentOffset();
        if (w.outerOffset == 0)
        {
            if (outer.GetProtocol() == 47)
            {
                GreHeader gre;
                p->RemoveHeader(gre);
            }
            else if (outer.GetProtocol() == 17)
            {
                UdpHeader udp;
                p->RemoveHeader(udp);
                MipTunnelDataHeader data;
                p->RemoveHeader(data);
            }
            Ipv4Header inner;
            if (p->GetSize() >= 20 && p->PeekHeader(inner) == 20)
            {
                w.hasInner = true;
                w.innerSize = inner.GetPayloadSize() + 20;
                w.innerMf = !inner.IsLastFragment();
                w.innerOffset = inner.GetFragmentOffset();
            }
        }
        wire.push_back(w);
    }

    /// S's local delivery: ICMP Destination Unreachable.
    void OnSourceDeliver(const Ipv4Header& header, Ptr<const Packet> packet, uint32_t)
    {
        if (header.GetProtocol() != Icmpv4L4Protocol::PROT_NUMBER)
        {
            return;
        }
        Ptr<Packet> p = packet->Copy();
        Icmpv4Header h;
        p->RemoveHeader(h);
        if (h.GetType() != Icmpv4Header::ICMPV4_DEST_UNREACH)
        {
            return;
        }
        Icmpv4DestinationUnreachable unreach;
        p->RemoveHeader(unreach);
        icmp.push_back(IcmpSeen{h.GetCode(),
                                unreach.GetNextHopMtu(),
                                unreach.GetHeader().GetPayloadSize() + 20u});
    }

    /// R forwards: plays a router whose next hop has a smaller MTU and enforces DF.
    void OnRouterForward(const Ipv4Header& header, Ptr<const Packet> p, uint32_t interface)
    {
        if (header.IsDontFragment() && p->GetSize() + 20 > m_enforcedMtu &&
            header.GetSource() == EntryAddress())
        {
            Ptr<Icmpv4L4Protocol> icmp = NodeAt(R)->GetObject<Icmpv4L4Protocol>();
            Ptr<Packet> copy = p->Copy();
            Simulator::ScheduleNow(&Icmpv4L4Protocol::SendDestUnreachFragNeeded,
                                   icmp,
                                   header,
                                   copy,
                                   m_enforcedMtu);
        }
    }

    /// A's tunnel drops.
    void OnDrop(Ptr<const Packet>, MipTunnelDrop reason)
    {
        drops[reason]++;
    }

    /// A's soft-state events.
    void OnSoftState(Ptr<const MipTunnel>, const TunnelSoftStateEvent& event)
    {
        softState.push_back(event);
    }

    /// R's IPv4 drops: a packet it could not route is answered (see AnswerRouteErrors).
    void OnRouterDrop(const Ipv4Header& header,
                      Ptr<const Packet> p,
                      Ipv4L3Protocol::DropReason reason,
                      Ptr<Ipv4> ipv4,
                      uint32_t)
    {
        if (reason != Ipv4L3Protocol::DROP_ROUTE_ERROR && reason != Ipv4L3Protocol::DROP_NO_ROUTE)
        {
            return;
        }
        Ptr<Packet> datagram = p->Copy();
        datagram->AddHeader(header);
        uint8_t code = m_routeErrorCode;
        HaaroScheduleNow([ipv4, header, datagram, code]() {
            TunnelSoftState::SendUnreachable(ipv4, header, datagram, code);
        });
    }

    uint16_t m_nextId{1};         //!< IPv4 Identification of S's datagrams
    uint16_t m_enforcedMtu{1500}; //!< see EnforceDf
    uint8_t m_routeErrorCode{0};  //!< see AnswerRouteErrors
};

/// \param e encapsulation \return its name
inline std::string
Name(MipEncapsulation e)
{
    std::ostringstream os;
    os << e;
    return os.str();
}

} // namespace haaro_tunnel_test
} // namespace ns3

#endif /* HAARO_TUNNEL_CHAIN_H */
