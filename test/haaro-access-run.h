/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * What the haaro-access (Wi-Fi) and haaro-lte suites share: the Home Agent and the routers
 * of a two-site virtual-operator topology (site 0's router gets the access uplink first and
 * optionally its point-to-point uplink as the backup; site 1 is a fixed correspondent), UDP
 * echoes from a host of site 0 to one of site 1, and the record of the access uplink's
 * handover phases, the router's failovers and the echo replies.
 */
#ifndef HAARO_ACCESS_RUN_H
#define HAARO_ACCESS_RUN_H

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/home-agent-helper.h"
#include "ns3/internet-module.h"
#include "ns3/mobile-router-helper.h"
#include "ns3/nemo-network-helper.h"
#include "ns3/network-module.h"
#include "ns3/virtual-operator-topology-helper.h"

#include <functional>
#include <sstream>
#include <tuple>
#include <vector>

namespace ns3
{
namespace haaro_access_test
{

/// UDP port of the echo server on the correspondent site's host.
constexpr uint16_t ECHO_PORT = 9;

/**
 * \ingroup haaro-tests
 * The network and the record of one run.
 */
struct AccessRecord
{
    /// (time, care-of address, phase) of the access uplink
    std::vector<std::tuple<Time, Ipv4Address, MrHandoverPhase>> phases;
    /// (time, from, to) of the router's active uplink changes
    std::vector<std::tuple<Time, Ipv4Address, Ipv4Address>> failovers;
    std::vector<Time> echoes;               //!< when echo replies came back
    Ipv4Address backupCareOf;               //!< the point-to-point uplink's care-of address
    Ptr<HomeAgent> ha;                      //!< the Home Agent
    std::vector<Ptr<MobileRouter>> routers; //!< one per site

    /// \return a topology of two sites on two ISPs (site 0's own uplink on ISP 1)
    static VirtualOperatorTopology BuildTopology()
    {
        VirtualOperatorTopologyHelper topologyHelper;
        topologyHelper.SetNumIsps(2);
        VirtualOperatorTopologyHelper::UplinkConfig isp1;
        isp1.isp = 1;
        VirtualOperatorTopologyHelper::UplinkConfig isp0;
        isp0.isp = 0;
        topologyHelper.AddSite({isp1}); // site 0: the moving router (backup on ISP 1)
        topologyHelper.AddSite({isp0}); // site 1: the correspondent
        return topologyHelper.Build();
    }

    /**
     * \brief Installs the Home Agent and the routers, fixes the streams, connects the
     * traces of site 0's first uplink and router, and starts the echoes.
     * \param t the topology \param mrHelper the routers' helper
     * \param addAccess adds site 0's access uplink (the first one) to its router
     * \param backup site 0's point-to-point uplink as the second uplink
     * \param interval echo interval
     */
    void Install(const VirtualOperatorTopology& t,
                 MobileRouterHelper& mrHelper,
                 std::function<void(Ptr<MobileRouter>)> addAccess,
                 bool backup,
                 Time interval)
    {
        HomeAgentHelper haHelper;
        ha = haHelper.Install(t.homeAgent, t.homeAgentAddress);
        for (uint32_t i = 0; i < t.sites.size(); ++i)
        {
            const VirtualOperatorSite& site = t.sites[i];
            MipSecurityAssociation sa =
                NemoNetworkHelper::MakeSecurityAssociation(i, site.homeAddress);
            std::vector<MipPrefix> networks = {{site.mnpAddress, site.mnpLength}};
            HomeAgentHelper::AddMobileRouter(ha,
                                             site.homeAddress,
                                             sa,
                                             networks,
                                             NemoNetworkHelper::GetSiteRealm(i));
            std::vector<MobileRouterUplink> uplinks;
            if (i == 1)
            {
                uplinks.push_back({site.uplinks[0].mrDevice, site.uplinks[0].gateway});
            }
            Ptr<MobileRouter> mr =
                mrHelper.Install(site.mobileRouter, site.homeAddress, sa, uplinks, networks);
            if (i == 0)
            {
                // The access uplink first: the primary; the point-to-point one the backup.
                addAccess(mr);
                if (backup)
                {
                    mr->AddUplink(site.uplinks[0].mrDevice, site.uplinks[0].gateway);
                    backupCareOf = site.uplinks[0].careOfAddress;
                }
            }
            mr->AssignStreams(10 * i);
            routers.push_back(mr);
        }
        // Every random variable gets a fixed stream (ARP's request jitter among them), so
        // that two runs in one process are identical too.
        InternetStackHelper().AssignStreams(NodeContainer::GetGlobal(), 5000);
        ha->AssignStreams(6000);
        routers[0]->GetUplink(0)->TraceConnectWithoutContext(
            "HandoverPhase",
            MakeCallback(+[](AccessRecord* r, Ipv4Address coa, MrHandoverPhase phase) {
                r->phases.emplace_back(Simulator::Now(), coa, phase);
            }).Bind(this));
        routers[0]->TraceConnectWithoutContext(
            "Failover",
            MakeCallback(+[](AccessRecord* r, Ipv4Address from, Ipv4Address to) {
                r->failovers.emplace_back(Simulator::Now(), from, to);
            }).Bind(this));

        UdpEchoServerHelper server(ECHO_PORT);
        server.Install(t.sites[1].hosts.Get(0)).Start(Seconds(0));
        UdpEchoClientHelper client(t.sites[1].hostAddresses[0], ECHO_PORT);
        client.SetAttribute("MaxPackets", UintegerValue(1000000));
        client.SetAttribute("Interval", TimeValue(interval));
        client.SetAttribute("PacketSize", UintegerValue(100));
        ApplicationContainer clientApp = client.Install(t.sites[0].hosts.Get(0));
        clientApp.Start(Seconds(1));
        clientApp.Get(0)->TraceConnectWithoutContext(
            "Rx",
            MakeCallback(+[](AccessRecord* r, Ptr<const Packet>) {
                r->echoes.push_back(Simulator::Now());
            }).Bind(this));
    }

    /**
     * \param phase a phase \param after not before this time
     * \return the first time the phase was reached at or after `after` (-1 s: never)
     */
    Time FirstPhase(MrHandoverPhase phase, Time after = Time(0)) const
    {
        for (const auto& [t, coa, p] : phases)
        {
            if (p == phase && t >= after)
            {
                return t;
            }
        }
        return Seconds(-1);
    }

    /// \param after a time \return echo replies received after it
    size_t EchoesAfter(Time after) const
    {
        size_t n = 0;
        for (const Time& t : echoes)
        {
            n += t > after ? 1 : 0;
        }
        return n;
    }

    /**
     * \param after a time \return the delay from it to the first failover to the backup at
     * or after it (-1 s: none)
     */
    Time FailoverToBackup(Time after) const
    {
        for (const auto& [t, from, to] : failovers)
        {
            if (t >= after && to == backupCareOf)
            {
                return t - after;
            }
        }
        return Seconds(-1);
    }

    /// \return the phases and failovers as text, one per line
    std::string Timeline() const
    {
        std::ostringstream os;
        for (const auto& [t, coa, p] : phases)
        {
            os << t.As(Time::MS) << " " << coa << " " << p << "\n";
        }
        for (const auto& [t, from, to] : failovers)
        {
            os << t.As(Time::MS) << " failover " << from << " -> " << to << "\n";
        }
        return os.str();
    }
};

} // namespace haaro_access_test
} // namespace ns3

#endif /* HAARO_ACCESS_RUN_H */
