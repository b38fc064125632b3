/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * NEMOv4 over the virtual-operator topology: registration (RFC 5944), mobile network
 * prefixes (RFC 5177), tunnels, multihoming and failover, all with real packets.
 */
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/test.h"

#include <map>

using namespace ns3;

namespace
{

/**
 * \ingroup haaro-tests
 * A NEMO deployment on a small virtual-operator topology with one measured UDP flow from a
 * host of site 0 to a host of site 1.
 */
class NemoScenario
{
  public:
    /// A received datagram.
    struct Arrival
    {
        Time at;       //!< reception time
        uint32_t seq;  //!< sequence number
        uint8_t ttl;   //!< IP TTL at reception
    };

    /**
     * \param sites number of sites \param uplinksPerSite uplinks each (ISPs = max(2, this))
     */
    NemoScenario(uint32_t sites = 2, uint32_t uplinksPerSite = 1)
    {
        topologyHelper.SetNumIsps(std::max(2u, uplinksPerSite));
        topologyHelper.AddSites(sites, uplinksPerSite);
    }

    /// Builds the topology and installs the Home Agent and the mobile routers.
    void Build()
    {
        topology = topologyHelper.Build();
        network = nemo.Install(topology);
    }

    /**
     * \brief A UDP flow host(site 0) -> host(site 1), one packet every interval.
     * \param start first packet \param stop last \param interval spacing
     */
    void AddFlow(Time start, Time stop, Time interval)
    {
        Ptr<Node> receiver = topology.sites[1].hosts.Get(0);
        Ptr<Socket> sink = Socket::CreateSocket(receiver, UdpSocketFactory::GetTypeId());
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9000));
        sink->SetIpRecvTtl(true);
        sink->SetRecvCallback(MakeCallback(&NemoScenario::Receive, this));
        m_sink = sink;
        UdpClientHelper client(topology.sites[1].hostAddresses[0], 9000);
        client.SetAttribute("Interval", TimeValue(interval));
        client.SetAttribute("MaxPackets", UintegerValue(1000000));
        client.SetAttribute("PacketSize", UintegerValue(100));
        ApplicationContainer apps = client.Install(topology.sites[0].hosts.Get(0));
        apps.Start(start);
        apps.Stop(stop);
        m_sent = apps.Get(0);
    }

    /// \param socket the sink
    void Receive(Ptr<Socket> socket)
    {
        Ptr<Packet> p;
        while ((p = socket->Recv()))
        {
            SeqTsHeader seqTs;
            p->RemoveHeader(seqTs);
            SocketIpTtlTag ttl;
            p->RemovePacketTag(ttl);
            arrivals.push_back({Simulator::Now(), seqTs.GetSeq(), ttl.GetTtl()});
        }
    }

    /// \return the longest gap between consecutive arrivals within [from, to]
    Time LongestGap(Time from, Time to) const
    {
        Time gap(0);
        Time last = from;
        for (const auto& a : arrivals)
        {
            if (a.at < from || a.at > to)
            {
                continue;
            }
            gap = std::max(gap, a.at - last);
            last = a.at;
        }
        return std::max(gap, to - last);
    }

    /// \param t until \return arrivals before t
    size_t ArrivalsBefore(Time t) const
    {
        size_t n = 0;
        for (const auto& a : arrivals)
        {
            n += a.at < t;
        }
        return n;
    }

    /// Runs until stop, then destroys the simulation.
    void Run(Time stop)
    {
        Simulator::Stop(stop);
        Simulator::Run();
    }

    ~NemoScenario()
    {
        Simulator::Destroy();
    }

    VirtualOperatorTopologyHelper topologyHelper; //!< topology configuration
    NemoNetworkHelper nemo;                        //!< NEMO configuration
    VirtualOperatorTopology topology;              //!< built topology
    NemoNetwork network;                           //!< installed applications
    std::vector<Arrival> arrivals;                 //!< what the sink received

  private:
    Ptr<Socket> m_sink;           //!< receiving socket
    Ptr<Application> m_sent;      //!< sending application
};

/**
 * \ingroup haaro-tests
 * Host behind MR A reaches host behind MR B, and the packets demonstrably cross the HA.
 */
class ThroughHomeAgentTestCase : public TestCase
{
  public:
    /// \param gre use GRE instead of IP in IP
    explicit ThroughHomeAgentTestCase(bool gre)
        : TestCase(gre ? "site-to-site traffic crosses the HA in GRE tunnels"
                       : "site-to-site traffic crosses the HA in IP-in-IP tunnels"),
          m_gre(gre)
    {
    }

  private:
    void DoRun() override
    {
        NemoScenario s;
        s.nemo.SetMobileRouterAttribute("UseGre", BooleanValue(m_gre));
        s.Build();
        s.AddFlow(Seconds(2), Seconds(4), MilliSeconds(20));
        s.Run(Seconds(5));

        Ptr<HomeAgent> ha = s.network.homeAgent;
        NS_TEST_ASSERT_MSG_EQ(ha->GetBindingTable()->GetMobileNodeCount(), 2, "both MRs bound");
        for (uint32_t i = 0; i < 2; ++i)
        {
            const HaBinding* b = ha->GetBindingTable()->FindBinding(
                s.topology.sites[i].homeAddress,
                s.topology.sites[i].uplinks[0].careOfAddress);
            NS_TEST_ASSERT_MSG_NE(b, nullptr, "binding of site " << i);
            NS_TEST_ASSERT_MSG_EQ((b->encapsulation == (m_gre ? MipEncapsulation::GRE
                                                              : MipEncapsulation::IP_IN_IP)),
                                  true,
                                  "negotiated encapsulation");
        }
        NS_TEST_ASSERT_MSG_EQ(s.arrivals.size(), 100, "every datagram arrives (2 s at 50/s)");
        // The path: host -> MR A -> (tunnel) -> HA -> (tunnel) -> MR B -> host: three
        // forwarding hops decrement the TTL (MR A, HA, MR B).
        NS_TEST_ASSERT_MSG_EQ(unsigned(s.arrivals.front().ttl), 61u, "three router hops");
        const HaBinding* a = ha->GetBindingTable()->FindBinding(
            s.topology.sites[0].homeAddress,
            s.topology.sites[0].uplinks[0].careOfAddress);
        const HaBinding* b = ha->GetBindingTable()->FindBinding(
            s.topology.sites[1].homeAddress,
            s.topology.sites[1].uplinks[0].careOfAddress);
        NS_TEST_ASSERT_MSG_GT_OR_EQ(a->tunnel->GetRxPackets(), 100, "HA decapsulated them");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(b->tunnel->GetTxPackets(), 100, "HA re-encapsulated them");
    }

    bool m_gre; //!< GRE or IP in IP
};

/**
 * \ingroup haaro-tests
 * The NEMO suite.
 */
class NemoTestSuite : public TestSuite
{
  public:
    NemoTestSuite()
        : TestSuite("haaro-nemo", UNIT)
    {
        AddTestCase(new ThroughHomeAgentTestCase(false), TestCase::QUICK);
        AddTestCase(new ThroughHomeAgentTestCase(true), TestCase::QUICK);
    }
};

NemoTestSuite g_nemoTestSuite;

} // namespace
