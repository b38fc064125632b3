/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * haaro-scenario-nat-traversal (scenario "nat-traversal"): RFC 6521 route optimization
 * through NATs (Ipv4Nat, RFC 4787 behaviours), written in the results format of
 * doc/results-format.md.
 *
 * Three mobile routers MR-A, MR-B, MR-C register at 1, 2, 3 s; MR-C (the initiator) sits
 * behind the NAT --mrNat, MR-A (the correspondent router) behind --crNat (none,
 * full-cone = EIM/EIF, restricted = EIM/ADF, port-restricted = EIM/APDF, symmetric =
 * APDM/APDF). From 10 s NODE-A and NODE-C exchange probe datagrams (NODE-C -> NODE-A until
 * --upStop when given, to leave MR-C's NAT mapping to the keepalives). Direct tunnels use
 * IP in IP unless UDP is mandatory (a NAT on either side, RFC 6521 R13), so the tunnel
 * column shows R13 at work. The Home Agent runs with its defaults: a NATed router's
 * binding is UDP-tunnelled and lives NatMaxLifetime = 60 s (RFC 3519 section 5.2), a public
 * router's MaxLifetime = 1800 s (--natMaxLifetime sets the cap, e.g. 10 for the 10 s of
 * earlier versions of this scenario). A router learns the routers registered after it at
 * its first refresh: MR-A, registered first, learns MR-C at about 49 s when it is behind a
 * NAT (48 s after its registration), so when MR-C is public and MR-A NATed (MR-A must
 * initiate) route optimization starts then; hence the default --duration of 60 s (20 s
 * with the 10 s lifetime of earlier versions).
 *
 *   ./haaro run haaro-scenario-nat-traversal [--mrNat=port-restricted] [--crNat=none]
 *        [--natTimeout=120] [--roKeepaliveInterval=1] [--duration=60] [--upStop=0]
 *        [--flows=both] [--cFirst=false] [--lifetime=1800] [--natMaxLifetime=-1]
 *        [--matrix=false] [--fullMatrix=false] [--pcap=false]
 *        [--outDir=results/nat-traversal] [--RngRun=1]
 *
 * Writes summary.json, events.csv (with nat-mapping rows), topology.json, samples.csv,
 * ha-load.csv (the Home Agent's registration load per router class, see below) and
 * nat-matrix.csv (mr_nat,cr_nat,ro,tunnel,setup_ms,keepalive_bytes,lost_packets,flows,
 * join_order). With --matrix=true it runs all 25 cells (Simulator::Destroy() between), each
 * into outDir/cells/<mrNat>--<crNat>/, and writes the whole matrix into
 * outDir/nat-matrix.csv and a summary.json of the matrix; --fullMatrix=true runs the 25
 * cells with traffic only A->C, only C->A and both ways, each with MR-A or MR-C joining
 * first (cells/<mrNat>--<crNat>--<flows>--<order>/); use a short --lifetime (e.g. 10) so
 * that the first router to join learns the other before the flows start. Predicted:
 * route optimization unless both routers are behind (separate) NATs, RFC 6521 section
 * 3.3.4, whichever router has the traffic: a public router initiates towards a NATed one,
 * which opens the tunnel from inside (sections 3.2, 6.1).
 *
 * Metrics: ro (both ends use the direct tunnel at the end), tunnel (udp, ipip or -),
 * initiator, setup_ms (RouteOptimizer Setup trace: trigger to usable tunnel),
 * keepalive_bytes (direct-tunnel keepalive packets on the wire, outer IPv4 header
 * included, both routers, counted at the tunnel layer), lost_packets (both probe flows),
 * nat_filtered_drops, nat_mappings, keepalive_shortenings (MR-C halved its keepalive
 * interval because its NAT mapping timed out between keepalives).
 *
 * The Home Agent's load per router class (public: no NAT in front of it, MR-B always;
 * natted), counted from the Registration Replies it sent (ReplySent, AdvertisementSent;
 * reply octets measured at the HA's IP layer):
 * ha-load.csv (class,routers,registrations,lifetime_s,reply_octets,advertisements,
 * advertisement_octets,registrations_per_router_hour,advertisement_octets_per_router_hour)
 * and the metrics ha_<class>_registrations_per_router_hour and
 * ha_<class>_advertisement_octets_per_router_hour. Registrations are accepted ones with a
 * non-zero lifetime; reply octets are the IPv4 packets of the replies as the HA's IP layer
 * sent them (Ipv4L3Protocol Tx: IPv4 and UDP headers, each fragment with its own IPv4
 * header if a reply is fragmented); the rates are over the
 * whole run, so they describe the steady state only for a --duration much longer than the
 * lifetimes (e.g. 3600).
 */
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/haaro-scenario-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/ns3-compat.h"

#include <cmath>
#include <iostream>
#include <limits>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("HaaroScenarioNatTraversal");

namespace
{

constexpr uint32_t A = 0; //!< site of MR-A (the correspondent router)
constexpr uint32_t C = 2; //!< site of MR-C (the initiator)

using scenariostats::NOT_A_NUMBER; //!< "never", "no value"

/// The NAT types, in matrix order.
const std::vector<std::string> NAT_TYPES = {"none",
                                            "full-cone",
                                            "restricted",
                                            "port-restricted",
                                            "symmetric"};

/// The Home Agent's registration load towards one router, from its replies.
struct HaRouterLoad
{
    uint64_t registrations{0};       //!< accepted, non-zero lifetime
    uint64_t replyOctets{0};         //!< every reply's IPv4 packets (HaReplyOctetMeter)
    uint64_t advertisements{0};      //!< Prefix Advertisements (50/1)
    uint64_t advertisementOctets{0}; //!< their octets
    uint16_t lifetime{0};            //!< last granted lifetime
};

/// One run's parameters.
struct CellParams
{
    std::string mrNat{"port-restricted"}; //!< NAT of MR-C
    std::string crNat{"none"};            //!< NAT of MR-A
    double natTimeout{120};               //!< NAT UDP mapping timeout (s)
    double roKeepaliveInterval{1};        //!< RO keepalive interval (s)
    double duration{60};                  //!< simulated time (s)
    double upStop{0};                     //!< NODE-C -> NODE-A stops here (0: at the end)
    std::string flows{"both"};            //!< both, a-to-c or c-to-a
    bool cFirst{false};                   //!< MR-C registers first (1 s), MR-A last (3 s)
    uint16_t lifetime{1800};              //!< MobileRouter Lifetime (s)
    double natMaxLifetime{-1};            //!< HA NatMaxLifetime (s; < 0: its default)
    bool pcap{false};                     //!< write pcaps
    std::string outDir;                   //!< output directory
};

/// The columns of nat-matrix.csv.
const std::vector<std::string> MATRIX_COLUMNS = {"mr_nat",
                                                 "cr_nat",
                                                 "ro",
                                                 "tunnel",
                                                 "setup_ms",
                                                 "keepalive_bytes",
                                                 "lost_packets",
                                                 "flows",
                                                 "join_order"};

/// One run's outcome (a row of nat-matrix.csv).
struct CellResult
{
    bool ro{false};               //!< route optimized at the end
    std::string tunnel{"-"};      //!< udp, ipip, gre or -
    double setupMs{NOT_A_NUMBER}; //!< setup latency
    uint64_t keepaliveBytes{0};   //!< keepalive octets on the wire
    uint64_t lost{0};             //!< lost probe datagrams
};

/// Counts the direct-tunnel keepalives (ICMP between home addresses) a router sends.
struct KeepaliveMeter
{
    Ipv4Address home;  //!< the router's home address
    Ipv4Address ha;    //!< its Home Agent (announcements to it are no keepalives)
    uint64_t bytes{0}; //!< octets on the wire
    uint64_t count{0}; //!< packets

    /// MipTunnelManager Tx sink. \param m meter \param p outer packet \param t tunnel
    static void OnTx(KeepaliveMeter* m, Ptr<const Packet> p, Ptr<const MipTunnel> t)
    {
        uint32_t offset = 0;
        if (t->GetEncapsulation() == MipEncapsulation::UDP)
        {
            offset = 8 + MipTunnelDataHeader::SIZE;
        }
        else if (t->GetEncapsulation() == MipEncapsulation::GRE)
        {
            offset = 4;
        }
        Ptr<Packet> inner = p->CreateFragment(offset, p->GetSize() - offset);
        Ipv4Header ip;
        if (!MipTunnelManager::PeekIpv4Header(inner, ip))
        {
            return;
        }
        if (ip.GetProtocol() == 1 && ip.GetSource() == m->home && ip.GetDestination() != m->home &&
            ip.GetDestination() != m->ha)
        {
            m->bytes += p->GetSize() + 20; // + outer IPv4 header
            m->count++;
        }
    }
};

/**
 * Measures the octets of the Registration Replies a Home Agent sends, per home address:
 * the IPv4 packets its IP layer transmits (Ipv4L3Protocol Tx, after fragmentation) from its
 * address and UDP port 434 whose message is a Registration Reply, each fragment with its
 * IPv4 header (the fragments after the first are matched by destination and IP
 * identification).
 */
struct HaReplyOctetMeter
{
    Ipv4Address ha;                      //!< the Home Agent's address
    std::map<uint32_t, uint64_t> octets; //!< by home address
    /// (destination, IP identification) of a fragmented reply -> its home address
    std::map<std::pair<uint32_t, uint16_t>, uint32_t> fragmented;

    /// Ipv4L3Protocol Tx sink. \param m meter \param packet the IPv4 packet or fragment
    static void OnTx(HaReplyOctetMeter* m, Ptr<const Packet> packet, Ptr<Ipv4>, uint32_t)
    {
        Ptr<Packet> p = packet->Copy();
        Ipv4Header ip;
        p->RemoveHeader(ip);
        if (ip.GetSource() != m->ha || ip.GetProtocol() != UdpL4Protocol::PROT_NUMBER)
        {
            return;
        }
        std::pair<uint32_t, uint16_t> key(ip.GetDestination().Get(), ip.GetIdentification());
        if (ip.GetFragmentOffset() != 0)
        {
            auto it = m->fragmented.find(key);
            if (it != m->fragmented.end())
            {
                m->octets[it->second] += packet->GetSize();
                if (ip.IsLastFragment())
                {
                    m->fragmented.erase(it);
                }
            }
            return;
        }
        UdpHeader udp;
        const uint32_t homeAddressEnd = 8; // type, code, lifetime, home address
        if (p->GetSize() < udp.GetSerializedSize() + homeAddressEnd)
        {
            return;
        }
        p->RemoveHeader(udp);
        uint8_t reply[homeAddressEnd];
        p->CopyData(reply, homeAddressEnd);
        if (udp.GetSourcePort() != MIP_UDP_PORT || reply[0] != MIP_REGISTRATION_REPLY)
        {
            return;
        }
        uint32_t home = Ipv4Address::Deserialize(reply + 4).Get();
        m->octets[home] += packet->GetSize();
        if (!ip.IsLastFragment())
        {
            m->fragmented[key] = home;
        }
    }
};

/**
 * \param p parameters \param matrix part of a --matrix run (parameter recorded)
 * \return the outcome; writes the run's files into p.outDir
 */
CellResult
RunCell(const CellParams& p, bool matrix)
{
    CellResult result;
    {
        ScenarioRecorder rec("nat-traversal", p.outDir);
        rec.SetParam("mrNat", p.mrNat);
        rec.SetParam("crNat", p.crNat);
        rec.SetParam("natTimeout", p.natTimeout);
        rec.SetParam("roKeepaliveInterval", p.roKeepaliveInterval);
        rec.SetParam("duration", p.duration);
        rec.SetParam("upStop", p.upStop);
        rec.SetParam("flows", p.flows);
        rec.SetParam("cFirst", p.cFirst);
        rec.SetParam("lifetime", p.lifetime);
        rec.SetParam("natMaxLifetime", p.natMaxLifetime);
        rec.SetParam("matrix", matrix);
        rec.SetParam("pcap", p.pcap);
        rec.SetParam("outDir", p.outDir);

        VirtualOperatorTopologyHelper topologyHelper;
        topologyHelper.SetNumIsps(2);
        topologyHelper.SetDefaultUplink(DataRate("10Mbps"), MilliSeconds(10));
        topologyHelper.SetIspCoreLink(DataRate("1Gbps"), MilliSeconds(5));
        topologyHelper.SetBackendLink(DataRate("1Gbps"), MilliSeconds(2));
        topologyHelper.AddSites(3, 1);
        std::map<uint32_t, std::string> natOfSite;
        if (p.mrNat != "none")
        {
            topologyHelper.SetUplinkMiddlebox(C, 0, C);
            natOfSite[C] = p.mrNat;
        }
        if (p.crNat != "none")
        {
            topologyHelper.SetUplinkMiddlebox(A, 0, A);
            natOfSite[A] = p.crNat;
        }
        VirtualOperatorTopology topology = topologyHelper.Build();
        rec.AddTopology(topology);
        PopulateSiteArpCaches(topology); // the first datagrams do not wait for ARP's jitter
        std::vector<Ptr<Ipv4Nat>> nats;
        for (const auto& mb : topology.middleboxes)
        {
            uint32_t site = mb.uplinks.front().first;
            NatHelper helper;
            helper.SetType(natOfSite[site]);
            helper.SetAttribute("UdpTimeout", TimeValue(Seconds(p.natTimeout)));
            helper.SetAttribute("SweepInterval", TimeValue(MilliSeconds(100)));
            Ptr<Ipv4Nat> nat = helper.Install(mb.node, mb.insideInterfaces, mb.outsideInterface);
            nat->AssignStreams(1000 + site);
            std::string name = "NAT-" + ScenarioRecorder::SiteLetter(site);
            rec.AddNode(mb.node, name, "nat");
            nat->TraceConnectWithoutContext("MappingCreated",
                                            MakeFunctorCallback<void,
                                                                uint8_t,
                                                                const InetSocketAddress&,
                                                                const InetSocketAddress&,
                                                                const InetSocketAddress&>(
                                                [&rec, name](uint8_t protocol,
                                                             const InetSocketAddress& inside,
                                                             const InetSocketAddress& outside,
                                                             const InetSocketAddress& remote) {
                                                    if (protocol != 17)
                                                    {
                                                        return; // UDP: what the tunnels use
                                                    }
                                                    std::ostringstream detail;
                                                    detail << "inside=" << inside.GetIpv4() << ":"
                                                           << inside.GetPort()
                                                           << ";outside=" << outside.GetIpv4()
                                                           << ":" << outside.GetPort()
                                                           << ";remote=" << remote.GetIpv4() << ":"
                                                           << remote.GetPort();
                                                    rec.Event(name,
                                                              "nat-mapping",
                                                              "",
                                                              rec.NameOf(inside.GetIpv4()),
                                                              rec.NameOf(remote.GetIpv4()),
                                                              detail.str());
                                                }));
            nats.push_back(nat);
        }

        NemoNetworkHelper nemo;
        nemo.SetMobileRouterAttribute("RouteOptimization", BooleanValue(true));
        nemo.SetRouteOptimizerAttribute("Encapsulation", StringValue("IpInIp"));
        nemo.SetRouteOptimizerAttribute("KeepaliveInterval",
                                        TimeValue(Seconds(p.roKeepaliveInterval)));
        if (p.natMaxLifetime >= 0)
        {
            nemo.SetHomeAgentAttribute("NatMaxLifetime",
                                       UintegerValue(static_cast<uint16_t>(p.natMaxLifetime)));
        }
        nemo.SetMobileRouterAttribute("Lifetime", UintegerValue(p.lifetime));
        NemoNetwork network = nemo.Install(topology);
        rec.Watch(network.homeAgent, "HA");
        std::map<uint32_t, HaRouterLoad> haLoad; // by home address
        network.homeAgent->TraceConnectWithoutContext(
            "ReplySent",
            MakeFunctorCallback<void, const MipRegistrationReply&, Ipv4Address>(
                [&haLoad](const MipRegistrationReply& reply, Ipv4Address) {
                    HaRouterLoad& l = haLoad[reply.GetHomeAddress().Get()];
                    if (MipReplyCodeIsSuccess(reply.GetCode()) && reply.GetLifetime() > 0)
                    {
                        l.registrations++;
                        l.lifetime = reply.GetLifetime();
                    }
                }));
        network.homeAgent->TraceConnectWithoutContext(
            "AdvertisementSent",
            MakeFunctorCallback<void, Ipv4Address, uint32_t, uint32_t, uint32_t>(
                [&haLoad](Ipv4Address home, uint32_t, uint32_t, uint32_t octets) {
                    HaRouterLoad& l = haLoad[home.Get()];
                    l.advertisements++;
                    l.advertisementOctets += octets;
                }));
        HaReplyOctetMeter replyMeter;
        replyMeter.ha = topology.homeAgentAddress;
        topology.homeAgent->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
            "Tx",
            MakeBoundCallback(&HaReplyOctetMeter::OnTx, &replyMeter));
        std::vector<KeepaliveMeter> meters(3);
        for (uint32_t i = 0; i < 3; ++i)
        {
            Ptr<MobileRouter> mr = network.mobileRouters[i];
            Time joins = Seconds(1 + (p.cFirst ? 2 - i : i));
            mr->SetStartTime(joins);
            mr->AssignStreams(10 * i);
            rec.Watch(mr, ScenarioRecorder::MobileRouterName(i));
            rec.WatchDataPath(mr, ScenarioRecorder::MobileRouterName(i));
            meters[i].home = topology.sites[i].homeAddress;
            meters[i].ha = topology.homeAgentAddress;
            HaaroSchedule(joins + MicroSeconds(1), [mr, &meters, i]() {
                mr->GetTunnelManager()->TraceConnectWithoutContext(
                    "Tx",
                    MakeBoundCallback(&KeepaliveMeter::OnTx, &meters[i]));
            });
        }

        Time start = Seconds(10);
        Time stop = Seconds(p.duration - 0.5);
        Ptr<ProbeFlow> aToC = Create<ProbeFlow>("A->C",
                                                topology.sites[A].hosts.Get(0),
                                                topology.sites[C].hosts.Get(0),
                                                topology.sites[C].hostAddresses[0],
                                                9001);
        Ptr<ProbeFlow> cToA = Create<ProbeFlow>("C->A",
                                                topology.sites[C].hosts.Get(0),
                                                topology.sites[A].hosts.Get(0),
                                                topology.sites[A].hostAddresses[0],
                                                9002);
        for (const Ptr<ProbeFlow>& f : {aToC, cToA})
        {
            f->SetInterval(MilliSeconds(100));
            f->SetPacketSize(100);
            f->SetHaPathHops(3);
            rec.AddProbe(f);
        }
        if (p.flows != "c-to-a")
        {
            aToC->Install(start, stop);
        }
        if (p.flows != "a-to-c")
        {
            cToA->Install(start + MilliSeconds(50), p.upStop > 0 ? Seconds(p.upStop) : stop);
        }

        if (p.pcap)
        {
            rec.EnablePcap(topology);
        }

        Simulator::Stop(Seconds(p.duration));
        Simulator::Run();

        const std::string mrA = ScenarioRecorder::MobileRouterName(A);
        const std::string mrC = ScenarioRecorder::MobileRouterName(C);
        RocEntry* a = network.mobileRouters[A]->GetRouteOptimizer()->GetCache().Find(
            topology.sites[C].homeAddress);
        RocEntry* c = network.mobileRouters[C]->GetRouteOptimizer()->GetCache().Find(
            topology.sites[A].homeAddress);
        result.ro = a && c && a->tunnelActive && c->tunnelActive;
        if (result.ro)
        {
            MipEncapsulation e = c->tunnel->GetEncapsulation();
            result.tunnel = e == MipEncapsulation::UDP   ? "udp"
                            : e == MipEncapsulation::GRE ? "gre"
                                                         : "ipip";
        }
        std::string initiator = "-";
        for (const auto& s : rec.GetSetups())
        {
            if ((s.node == mrA && s.peer == mrC) || (s.node == mrC && s.peer == mrA))
            {
                result.setupMs = s.latency.GetSeconds() * 1e3;
                initiator = s.node;
                break;
            }
        }
        result.keepaliveBytes = meters[A].bytes + meters[C].bytes;
        result.lost = aToC->GetLost() + cToA->GetLost();
        uint64_t filtered = 0;
        uint64_t mappings = 0;
        for (const auto& nat : nats)
        {
            filtered += nat->GetFilteredDrops();
            mappings += nat->GetMappingsCreated();
        }
        rec.SetMetric("ro", result.ro);
        rec.SetMetric("tunnel", result.tunnel);
        rec.SetMetric("initiator", initiator);
        rec.SetMetric("setup_ms", result.setupMs);
        rec.SetMetric("keepalive_bytes", result.keepaliveBytes);
        rec.SetMetric("keepalive_packets", meters[A].count + meters[C].count);
        rec.SetMetric("lost_packets", result.lost);
        rec.SetMetric("a_to_c_lost_packets", aToC->GetLost());
        rec.SetMetric("c_to_a_lost_packets", cToA->GetLost());
        rec.SetMetric("a_to_c_direct_packets", aToC->GetPathStats(true).packets);
        rec.SetMetric("c_to_a_direct_packets", cToA->GetPathStats(true).packets);
        rec.SetMetric("nat_filtered_drops", filtered);
        rec.SetMetric("nat_mappings", mappings);
        rec.SetMetric("keepalive_shortenings",
                      rec.Count(mrA, "nat-keepalive-shortened") +
                          rec.Count(mrC, "nat-keepalive-shortened"));
        rec.SetMetric("no_ro_events", rec.Count(mrA, "no-ro") + rec.Count(mrC, "no-ro"));
        rec.AddTable("ha-load.csv",
                     {"class",
                      "routers",
                      "registrations",
                      "lifetime_s",
                      "reply_octets",
                      "advertisements",
                      "advertisement_octets",
                      "registrations_per_router_hour",
                      "advertisement_octets_per_router_hour"});
        for (bool natted : {false, true})
        {
            HaRouterLoad sum;
            uint32_t routers = 0;
            for (uint32_t i = 0; i < 3; ++i)
            {
                if ((natOfSite.count(i) > 0) != natted)
                {
                    continue;
                }
                const HaRouterLoad& l = haLoad[topology.sites[i].homeAddress.Get()];
                routers++;
                sum.registrations += l.registrations;
                sum.replyOctets += replyMeter.octets[topology.sites[i].homeAddress.Get()];
                sum.advertisements += l.advertisements;
                sum.advertisementOctets += l.advertisementOctets;
                sum.lifetime = std::max(sum.lifetime, l.lifetime);
            }
            std::string name = natted ? "natted" : "public";
            double perRouterHour = routers ? 3600.0 / (routers * p.duration) : NOT_A_NUMBER;
            double registrationRate = sum.registrations * perRouterHour;
            double advertisementRate = sum.advertisementOctets * perRouterHour;
            rec.AddRow("ha-load.csv",
                       {name,
                        routers,
                        sum.registrations,
                        sum.lifetime,
                        sum.replyOctets,
                        sum.advertisements,
                        sum.advertisementOctets,
                        registrationRate,
                        advertisementRate});
            rec.SetMetric("ha_" + name + "_routers", routers);
            rec.SetMetric("ha_" + name + "_registrations_per_router_hour", registrationRate);
            rec.SetMetric("ha_" + name + "_advertisement_octets_per_router_hour",
                          advertisementRate);
        }
        rec.AddTable("nat-matrix.csv", MATRIX_COLUMNS);
        rec.AddRow("nat-matrix.csv",
                   {p.mrNat,
                    p.crNat,
                    result.ro,
                    result.tunnel,
                    result.setupMs,
                    result.keepaliveBytes,
                    result.lost,
                    p.flows,
                    p.cFirst ? "c-first" : "a-first"});
        rec.Write();
        std::cout << "nat-traversal " << p.mrNat << " / " << p.crNat << ": ro=" << result.ro
                  << " tunnel=" << result.tunnel << " initiator=" << initiator
                  << " setup_ms=" << result.setupMs << " keepalive_bytes=" << result.keepaliveBytes
                  << " lost=" << result.lost << " filtered=" << filtered << std::endl;
    }
    Simulator::Destroy();
    return result;
}

} // namespace

int
main(int argc, char* argv[])
{
    CellParams p;
    p.outDir = "results/nat-traversal";
    bool matrix = false;
    bool fullMatrix = false;
    CommandLine cmd(__FILE__);
    cmd.Usage("RFC 6521 route optimization through NATs in front of the initiating (MR-C) and "
              "the correspondent router (MR-A): one cell, or the whole matrix with "
              "--matrix.\n\nWrites its results into --outDir (doc/results-format.md).");
    cmd.AddValue("mrNat",
                 "NAT of MR-C (the initiator): none, full-cone, restricted, port-restricted, "
                 "symmetric",
                 p.mrNat);
    cmd.AddValue("crNat", "NAT of MR-A (the correspondent router), same choices", p.crNat);
    cmd.AddValue("natTimeout", "NAT UDP mapping timeout [s]", p.natTimeout);
    cmd.AddValue("roKeepaliveInterval",
                 "direct-tunnel keepalive interval [s]",
                 p.roKeepaliveInterval);
    cmd.AddValue("duration", "simulated time [s] (at least 12)", p.duration);
    cmd.AddValue("upStop", "NODE-C -> NODE-A stops at this time [s] (0: at the end)", p.upStop);
    cmd.AddValue("flows", "traffic: both, a-to-c (NODE-A -> NODE-C only), c-to-a", p.flows);
    cmd.AddValue("cFirst", "MR-C registers first (1 s) and MR-A last (3 s)", p.cFirst);
    cmd.AddValue("lifetime",
                 "registration lifetime the routers request [s]: the first to join learns "
                 "the later ones only when it re-registers",
                 p.lifetime);
    cmd.AddValue("natMaxLifetime",
                 "the Home Agent's NatMaxLifetime [s] (< 0: its default, 60 s)",
                 p.natMaxLifetime);
    cmd.AddValue("matrix", "run every (mrNat, crNat) cell", matrix);
    cmd.AddValue("fullMatrix",
                 "with --matrix: every cell with each --flows and both join orders (150 runs)",
                 fullMatrix);
    cmd.AddValue("pcap", "write <node>-<device>.pcap files into outDir", p.pcap);
    cmd.AddValue("outDir", "output directory", p.outDir);
    cmd.Parse(argc, argv);
    NS_ABORT_MSG_IF(p.duration < 12, "--duration must be at least 12 s (the flows start at 10 s)");
    NS_ABORT_MSG_IF(p.natTimeout <= 0 || p.roKeepaliveInterval < 0.2,
                    "--natTimeout must be > 0 and --roKeepaliveInterval >= 0.2");
    NS_ABORT_MSG_IF(p.flows != "both" && p.flows != "a-to-c" && p.flows != "c-to-a",
                    "--flows must be both, a-to-c or c-to-a");
    NatHelper check;
    for (const std::string& n : {p.mrNat, p.crNat})
    {
        NS_ABORT_MSG_IF(n != "none" && !check.SetType(n), "unknown NAT type " << n);
    }
    if (p.pcap)
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    }
    if (!matrix)
    {
        CellResult r = RunCell(p, false);
        bool expected = p.mrNat == "none" || p.crNat == "none";
        return r.ro == expected ? 0 : 1;
    }

    std::vector<std::vector<ScenarioValue>> rows;
    uint32_t roCells = 0;
    uint32_t asPredicted = 0;
    uint64_t lostWithoutRo = 0;
    // RFC 6521: RO unless both are behind (separate) NATs (section 3.3.4), whichever
    // router has the traffic (section 3.2, 6.1: signalling may come from outside).
    std::vector<std::string> flowChoices = {p.flows};
    std::vector<bool> orders = {p.cFirst};
    if (fullMatrix)
    {
        flowChoices = {"a-to-c", "c-to-a", "both"};
        orders = {false, true};
    }
    for (const std::string& flows : flowChoices)
    {
        for (bool cFirst : orders)
        {
            for (const std::string& mr : NAT_TYPES)
            {
                for (const std::string& cr : NAT_TYPES)
                {
                    CellParams cell = p;
                    cell.mrNat = mr;
                    cell.crNat = cr;
                    cell.flows = flows;
                    cell.cFirst = cFirst;
                    cell.outDir = p.outDir + "/cells/" + mr + "--" + cr;
                    if (fullMatrix)
                    {
                        cell.outDir += "--" + flows + (cFirst ? "--c-first" : "--a-first");
                    }
                    CellResult r = RunCell(cell, true);
                    rows.push_back({mr,
                                    cr,
                                    r.ro,
                                    r.tunnel,
                                    r.setupMs,
                                    r.keepaliveBytes,
                                    r.lost,
                                    flows,
                                    cFirst ? "c-first" : "a-first"});
                    roCells += r.ro;
                    asPredicted += r.ro == (mr == "none" || cr == "none");
                    lostWithoutRo += r.ro ? 0 : r.lost;
                }
            }
        }
    }
    ScenarioRecorder rec("nat-traversal", p.outDir);
    rec.SetParam("mrNat", "all");
    rec.SetParam("crNat", "all");
    rec.SetParam("natTimeout", p.natTimeout);
    rec.SetParam("roKeepaliveInterval", p.roKeepaliveInterval);
    rec.SetParam("duration", p.duration);
    rec.SetParam("upStop", p.upStop);
    rec.SetParam("flows", fullMatrix ? "all" : p.flows);
    rec.SetParam("cFirst", p.cFirst);
    rec.SetParam("lifetime", p.lifetime);
    rec.SetParam("natMaxLifetime", p.natMaxLifetime);
    rec.SetParam("matrix", true);
    rec.SetParam("pcap", p.pcap);
    rec.SetParam("outDir", p.outDir);
    rec.SetMetric("cells", rows.size());
    rec.SetMetric("ro_cells", roCells);
    rec.SetMetric("cells_as_predicted", asPredicted);
    rec.SetMetric("lost_packets_without_ro", lostWithoutRo);
    rec.AddTable("nat-matrix.csv", MATRIX_COLUMNS);
    for (const auto& row : rows)
    {
        rec.AddRow("nat-matrix.csv", row);
    }
    rec.Write();
    std::cout << "nat-traversal matrix: " << roCells << " of " << rows.size()
              << " cells route optimized, " << asPredicted << " as predicted; results in "
              << p.outDir << "/" << std::endl;
    return asPredicted == rows.size() ? 0 : 1;
}
