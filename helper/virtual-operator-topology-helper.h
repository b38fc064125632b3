/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VIRTUAL_OPERATOR_TOPOLOGY_HELPER_H
#define VIRTUAL_OPERATOR_TOPOLOGY_HELPER_H

#include "ns3/data-rate.h"
#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace ns3
{

class UniformRandomVariable;

/**
 * \ingroup haaro
 * \brief One uplink of a site: the point-to-point link between a mobile router and an ISP.
 *
 * Behind a middlebox (VirtualOperatorTopologyHelper::SetUplinkMiddlebox()) the router's
 * link ends at the middlebox instead: careOfAddress and gateway are then the private
 * addresses of that link, and ispDevice / ispInterface its middlebox end; isp, ispRouter,
 * dataRate and delay still describe the ISP attachment (the middlebox's outside link).
 */
struct VirtualOperatorUplink
{
    uint32_t isp{0};           //!< index of the ISP (0 to K-1)
    Ptr<NetDevice> mrDevice;   //!< the MR's point-to-point device
    uint32_t mrInterface{0};   //!< the MR's Ipv4 interface index of this uplink
    Ipv4Address careOfAddress; //!< MR side of the /30 (the care-of address)
    Ipv4Address gateway;       //!< ISP side of the /30 (the MR's next hop)
    uint8_t prefixLength{30};  //!< length of the link prefix
    Ptr<NetDevice> ispDevice;  //!< the ISP router's point-to-point device
    uint32_t ispInterface{0};  //!< the ISP router's Ipv4 interface index of this link
    Ptr<Node> ispRouter;       //!< the ISP router
    DataRate dataRate;         //!< configured rate (both directions)
    Time delay;                //!< configured one-way propagation delay
    int32_t middlebox{-1};     //!< index in VirtualOperatorTopology::middleboxes, or -1
};

/**
 * \ingroup haaro
 * \brief A node between one or more mobile router uplinks and an ISP (a NAT, once the
 * caller installs one with NatHelper on its inside and outside interfaces).
 */
struct VirtualOperatorMiddlebox
{
    Ptr<Node> node;                         //!< the middlebox
    std::vector<uint32_t> insideInterfaces; //!< its Ipv4 interfaces towards the routers
    uint32_t outsideInterface{0};           //!< its Ipv4 interface towards the ISP
    Ipv4Address publicAddress;              //!< its outside address (ISP side /30, .2)
    Ipv4Address gateway;                    //!< the ISP router's address on that link (.1)
    uint32_t isp{0};                        //!< the ISP
    Ptr<NetDevice> outsideDevice;           //!< its device on the ISP link
    Ptr<NetDevice> ispDevice;               //!< the ISP router's device on that link
    uint32_t ispInterface{0};               //!< the ISP router's Ipv4 interface of it
    std::vector<std::pair<uint32_t, uint32_t>> uplinks; //!< (site, uplink) behind it
};

/**
 * \ingroup haaro
 * \brief One customer site: a mobile router, its LAN with hosts, and its uplinks.
 */
struct VirtualOperatorSite
{
    Ptr<Node> mobileRouter;                     //!< the MR
    Ptr<NetDevice> lanDevice;                   //!< the MR's CSMA device on the site LAN
    uint32_t lanInterface{0};                   //!< the MR's Ipv4 interface index of the LAN
    Ipv4Address lanAddress;                     //!< the MR's LAN address (MNP .1)
    Ipv4Address mnpAddress;                     //!< mobile network prefix (network address)
    uint8_t mnpLength{24};                      //!< mobile network prefix length
    Ipv4Address homeAddress;                    //!< the MR's home address (not configured)
    NodeContainer hosts;                        //!< hosts on the LAN
    std::vector<Ipv4Address> hostAddresses;     //!< their addresses (MNP .10, .11, ...)
    std::vector<VirtualOperatorUplink> uplinks; //!< uplinks, in configuration order
};

/**
 * \ingroup haaro
 * \brief What VirtualOperatorTopologyHelper::Build() returns.
 */
struct VirtualOperatorTopology
{
    Ptr<Node> homeAgent;                           //!< the HA node
    Ptr<NetDevice> homeAgentDevice;                //!< the HA's device on the backend link
    uint32_t homeAgentInterface{0};                //!< the HA's Ipv4 interface of that link
    Ipv4Address homeAgentAddress;                  //!< the HA's address (172.16.0.2)
    Ipv4Address homePrefix;                        //!< home address prefix (10.0.0.0)
    uint8_t homePrefixLength{16};                  //!< its length (16)
    Ipv4Address mnpAggregate;                      //!< aggregate of all MNPs (10.128.0.0)
    uint8_t mnpAggregateLength{9};                 //!< its length (9)
    Ptr<Node> peering;                             //!< the peering point router
    Ipv4Address peeringBackendAddress;             //!< peering side of the backend (172.16.0.1)
    NodeContainer ispRouters;                      //!< ISP routers, index = ISP index
    std::vector<Ipv4Address> ispAggregates;        //!< ISP k's customer prefix 100.(64+k)/16
    std::vector<Ipv4Address> ispCoreAddresses;     //!< ISP router k's core link address
    std::vector<Ipv4Address> peeringCoreAddresses; //!< peering side of core link k
    NodeContainer mobileRouters;                   //!< all MRs, index = site index
    NodeContainer hosts;                           //!< all hosts, site by site
    std::vector<VirtualOperatorSite> sites;        //!< the sites, index = site index

    std::vector<VirtualOperatorMiddlebox> middleboxes; //!< SetUplinkMiddlebox() nodes

    /// \return every node of the topology (HA, peering point, ISPs, MRs, hosts, middleboxes)
    NodeContainer GetAllNodes() const;
};

/**
 * \ingroup haaro
 * \brief Builds the "virtual operator" network of RFC 6521 figure F1 at any scale.
 *
 * \verbatim
                         HA (backend)
                          |  backend link
                     peering point
                    /      |       \        ISP core links
                ISP 0    ISP 1 ... ISP K-1
                 |   \    /  |
                 |    \  /   |              customer links (point-to-point,
                MR 0   MR 1 ... MR N-1      own rate and delay each)
                 |      |        |
               LAN 0  LAN 1 ... LAN N-1     site LANs (CSMA) with hosts
   \endverbatim
 *
 * <b>Address plan</b> (every address is computed from indices, O(1) per site):
 * - backend link 172.16.0.0/30: peering point .1, HA .2 (the HA address);
 * - ISP core link k: 172.16.1.(4k)/30: peering point .4k+1, ISP router k .4k+2;
 * - ISP k's customer links: /30s from 100.(64+k).0.0/16, the j-th link attached to
 *   ISP k (in site order) is 100.(64+k).0.0 + 4j: ISP side +1 (the gateway), MR side
 *   +2 (the care-of address);
 * - home addresses 10.0.0.0/16: site i has HoA 10.0.0.0 + i + 1 (10.0.0.1 for site 0,
 *   10.0.1.0 for site 255). The HoA is only reported: no interface carries it;
 * - mobile network prefixes, aggregate 10.128.0.0/9: site i has
 *   10.(128 + i/256).(i%256).0/24; the MR's LAN address is .1, hosts .10, .11, ...
 *
 * Limits that follow: K <= 64, N <= 32768, at most 16384 customer links per ISP,
 * at most 245 hosts per site (configuration beyond them aborts).
 *
 * <b>Interfaces</b>: on an MR, interface 1 is the LAN and interfaces 2.. the uplinks in
 * order; the result struct reports every index.
 *
 * <b>Routing</b>, static and O(N) in total (Ipv4GlobalRoutingHelper is neither used nor
 * installed: it grows faster than N^2). Every node gets an Ipv4ListRouting (IPv6 is not
 * installed); on hosts, MRs and the HA it holds Ipv4StaticRouting at priority 0:
 * - hosts: default via the MR's LAN address;
 * - MR: a default route via each uplink's gateway, metric = uplink index (the MR
 *   application adds its own protocol at a higher priority);
 * - HA: default via the peering point;
 * - peering point and ISP routers: only a PrefixTableRouting, at priority 10
 *   (constant-time longest-prefix match; connected routes automatic; no
 *   Ipv4StaticRouting, whose duplicate check makes adding D routes cost O(D^2)), and
 *   Ipv4L3Protocol WeakEsModel = false;
 * - peering point: 100.(64+k).0.0/16 -> ISP router k; 10.0.0.0/16 and 10.128.0.0/9 -> HA;
 * - ISP router k: default -> peering point, customer links on-link, its own aggregate
 *   100.(64+k).0.0/16 blackholed (packets for a customer link that is down are dropped
 *   at the ISP instead of looping via the peering point).
 *
 * <b>Per-packet cost at the ISP routers.</b> ns-3.37's Node and TrafficControlLayer
 * find a received packet's protocol handler by scanning lists with two entries per
 * device, so an ISP router with D customer links pays O(D) per packet. With
 * SetDirectReceive(true) (the default) the ISP-side device of each customer link and of
 * the core link hands IPv4 packets straight to Ipv4L3Protocol::Receive (what the scan,
 * which reads every entry, not up to the first match, would find); packet
 * sockets or other protocol handlers registered on those devices then see nothing.
 *
 * <b>Queues</b>: with SetQueueDiscs(true) (the default) each device gets ns-3's
 * default root queue disc, as Ipv4AddressHelper would install it.
 *
 * <b>Ranks</b> (ns-3's distributed simulator, issue 14): with SetSystemCount(R) the nodes
 * are created with the SystemId of VirtualOperatorPartition (backbone on rank 0, each
 * ISP with the sites whose primary uplink is on it on another rank; only point-to-point
 * links cross ranks). With R = 1 (the default) every node has SystemId 0, as without MPI.
 */
class VirtualOperatorTopologyHelper
{
  public:
    /// How ScheduleUplinkFailure() breaks a link.
    enum FailureMode
    {
        INTERFACE_DOWN, //!< both Ipv4 interfaces go down (the MR can notice)
        PATH_DEAD,      //!< interfaces stay up, every packet is lost in both directions
    };

    /// How AddSites() chooses the ISPs of a site.
    enum AttachmentPolicy
    {
        ROUND_ROBIN, //!< site i attaches to ISPs (i + j) mod K, j = 0..m-1
        RANDOM,      //!< m distinct ISPs drawn uniformly (seeded, see AssignStreams())
    };

    /// One uplink of a site, as configured.
    struct UplinkConfig
    {
        uint32_t isp{0};                       //!< ISP index, 0 to K-1
        DataRate dataRate{DataRate("10Mbps")}; //!< link rate
        Time delay{MilliSeconds(10)};          //!< one-way propagation delay
    };

    VirtualOperatorTopologyHelper();
    ~VirtualOperatorTopologyHelper();

    /// \param k number of ISPs, 1 to 64 (default 3)
    void SetNumIsps(uint32_t k);
    /// \return the number of ISPs
    uint32_t GetNumIsps() const;

    /**
     * \brief Adds a site with explicitly configured uplinks.
     * \param uplinks the uplinks (at least one; ISP indices are checked by Build())
     * \return the index of the new site
     */
    uint32_t AddSite(const std::vector<UplinkConfig>& uplinks);

    /**
     * \brief Adds sites, each attached to m ISPs with the default uplink rate and delay.
     * \param n number of sites to add
     * \param m uplinks per site (1 to K, checked by Build())
     * \param policy how the ISPs are chosen (ISP indices are resolved by Build())
     */
    void AddSites(uint32_t n, uint32_t m, AttachmentPolicy policy = ROUND_ROBIN);

    /// \return the number of sites configured so far
    uint32_t GetNumSites() const;
    /// \brief Forgets every configured site.
    void ClearSites();

    /**
     * \brief Rate and delay of the uplinks created by AddSites().
     * \param dataRate rate (default 10 Mb/s)
     * \param delay one-way delay (default 10 ms)
     */
    void SetDefaultUplink(DataRate dataRate, Time delay);

    /// \param n hosts on each site LAN, 0 to 245 (default 1)
    void SetHostsPerSite(uint32_t n);

    /**
     * \brief Puts a middlebox node between a site's mobile router and its ISP on one uplink
     * (e.g. a NAT: install it with NatHelper on the middlebox's inside and outside
     * interfaces, reported in VirtualOperatorTopology::middleboxes).
     *
     * Uplinks given the same middlebox id share one middlebox: it gets one outside link to
     * the ISP of the first of them (in site order), with that uplink's rate and delay and
     * the customer /30 that the uplink would have had (the middlebox is .2, the public
     * address; the ISP router .1), and a default route via the ISP. Each router behind it
     * gets its own inside link (point-to-point, the site LAN's rate and delay) from
     * 192.168.0.0/16, one /30 per inside link of the whole topology in order of creation:
     * middlebox .1 (the router's gateway), router .2 (its care-of address, private). Those
     * addresses are routed nowhere else: without a NAT on the middlebox nothing from
     * outside reaches the router. ScheduleUplinkFailure() acts on the router's inside link.
     * Build() aborts if the site or uplink does not exist or beyond 16384 inside links.
     * \param site site index \param uplink uplink index within the site
     * \param middlebox any id; equal ids share a middlebox
     */
    void SetUplinkMiddlebox(uint32_t site, uint32_t uplink, uint32_t middlebox);

    /**
     * \param dataRate ISP router <-> peering point rate (default 1 Gb/s)
     * \param delay its one-way delay (default 5 ms)
     */
    void SetIspCoreLink(DataRate dataRate, Time delay);

    /**
     * \param dataRate HA <-> peering point rate (default 1 Gb/s)
     * \param delay its one-way delay (default 2 ms)
     */
    void SetBackendLink(DataRate dataRate, Time delay);

    /**
     * \param dataRate site LAN (CSMA) rate (default 100 Mb/s)
     * \param delay its propagation delay (default 1 us)
     */
    void SetSiteLan(DataRate dataRate, Time delay);

    /// \param enable install ns-3's default root queue disc on each device (default true)
    void SetQueueDiscs(bool enable);

    /// \param enable ISP-side customer and core devices bypass the handler scans (default true)
    void SetDirectReceive(bool enable);

    /**
     * \brief Splits the nodes over ranks of ns-3's MPI simulator (VirtualOperatorPartition:
     * the SystemId each node is created with). Without MPI keep the default.
     * \param ranks the number of ranks, at least 1 (default 1: every node on rank 0)
     */
    void SetSystemCount(uint32_t ranks);
    /// \return the number of ranks the nodes are split over
    uint32_t GetSystemCount() const;

    /**
     * \brief Fixes the random stream used by the RANDOM attachment policy.
     * \param stream first stream number
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Creates the nodes, links, addresses and routes.
     *
     * Each call creates a new, independent set of nodes (two topologies built in one
     * simulation would use the same addresses, though). Aborts on an invalid
     * configuration (no site, ISP index out of range, limits of the address plan).
     * \return the topology
     */
    VirtualOperatorTopology Build();

    /**
     * \brief Schedules the failure of one uplink.
     * \param topology the topology
     * \param site site index
     * \param uplink uplink index within the site
     * \param at when the failure starts, relative to now (absolute before Simulator::Run)
     * \param duration how long it lasts; zero or negative: the link never recovers
     * \param mode INTERFACE_DOWN: both Ipv4 interfaces are set down, and up again after
     *        the duration (the MR's default route via that uplink, which
     *        Ipv4StaticRouting deletes when the interface goes down, is re-added);
     *        PATH_DEAD: the interfaces stay up but both devices drop every packet they
     *        receive (a receive error model), until the previous models are restored
     */
    static void ScheduleUplinkFailure(const VirtualOperatorTopology& topology,
                                      uint32_t site,
                                      uint32_t uplink,
                                      Time at,
                                      Time duration,
                                      FailureMode mode);

    /**
     * \brief Schedules a change of one uplink's one-way propagation delay (both directions):
     * the "Delay" attribute of its point-to-point channel, which applies to every packet
     * sent from then on (packets on the wire keep theirs). Behind a middlebox it is the
     * router's inside link. E.g. an ISP's access network gets slower mid-run.
     * \param topology the topology \param site site index \param uplink uplink index
     * \param at when, relative to now (absolute before Simulator::Run)
     * \param delay the new one-way delay
     */
    static void ScheduleUplinkDelay(const VirtualOperatorTopology& topology,
                                    uint32_t site,
                                    uint32_t uplink,
                                    Time at,
                                    Time delay);

    /**
     * \brief Names the nodes with Names::Add: "HA", "PEERING", "ISP-k", "MR-i",
     * "HOST-i-h" (host h of site i) and "MIDDLEBOX-m". Names are global: call it for one
     * topology per simulation (a duplicate name aborts) and Names::Clear() between
     * simulations.
     * \param topology the topology
     */
    static void AssignNames(const VirtualOperatorTopology& topology);

    /// \param site a site index \return its home address, 10.0.0.0 + site + 1
    static Ipv4Address GetHomeAddress(uint32_t site);
    /// \param site a site index \return its MNP network, 10.(128 + site/256).(site%256).0
    static Ipv4Address GetMnp(uint32_t site);
    /// \param isp an ISP index \return its customer aggregate 100.(64 + isp).0.0 (/16)
    static Ipv4Address GetIspAggregate(uint32_t isp);

  private:
    /// A configured site.
    struct SiteConfig
    {
        std::vector<UplinkConfig> uplinks;    //!< explicit uplinks (empty: automatic)
        uint32_t autoUplinks{0};              //!< number of automatic uplinks
        AttachmentPolicy policy{ROUND_ROBIN}; //!< policy of the automatic uplinks
    };

    /**
     * \param index site index
     * \param config its configuration
     * \return its uplinks with ISP indices resolved
     */
    std::vector<UplinkConfig> ResolveUplinks(uint32_t index, const SiteConfig& config);

    uint32_t m_numIsps{3};                     //!< K
    std::vector<SiteConfig> m_sites;           //!< configured sites
    DataRate m_uplinkRate{DataRate("10Mbps")}; //!< default uplink rate
    Time m_uplinkDelay{MilliSeconds(10)};      //!< default uplink delay
    uint32_t m_hostsPerSite{1};                //!< hosts per site
    DataRate m_coreRate{DataRate("1Gbps")};    //!< ISP core link rate
    Time m_coreDelay{MilliSeconds(5)};         //!< ISP core link delay
    DataRate m_backendRate{DataRate("1Gbps")}; //!< backend link rate
    Time m_backendDelay{MilliSeconds(2)};      //!< backend link delay
    DataRate m_lanRate{DataRate("100Mbps")};   //!< site LAN rate
    Time m_lanDelay{MicroSeconds(1)};          //!< site LAN delay
    bool m_queueDiscs{true};                   //!< install default queue discs
    bool m_directReceive{true};                //!< bypass the handler scans
    uint32_t m_systemCount{1};                 //!< MPI ranks the nodes are split over
    int64_t m_stream{-1};                      //!< assigned stream, -1 = automatic
    Ptr<UniformRandomVariable> m_random;       //!< for RANDOM attachments
    /// middlebox id of (site, uplink), for SetUplinkMiddlebox()
    std::map<std::pair<uint32_t, uint32_t>, uint32_t> m_middleboxes;
};

} // namespace ns3

#endif /* VIRTUAL_OPERATOR_TOPOLOGY_HELPER_H */
