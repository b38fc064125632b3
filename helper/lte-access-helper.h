/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LTE_ACCESS_HELPER_H
#define LTE_ACCESS_HELPER_H

#include "virtual-operator-topology-helper.h"

#include "ns3/data-rate.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4-nat.h"
#include "ns3/lte-helper.h"
#include "ns3/lte-ue-rrc.h"
#include "ns3/mr-uplink.h"
#include "ns3/net-device-container.h"
#include "ns3/net-device.h"
#include "ns3/node-container.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/point-to-point-epc-helper.h"
#include "ns3/vector.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Drives an uplink's link state (MrUplink::SetLinkUp()) from the RRC of an LTE UE,
 * whose LteNetDevice reports no link changes: the link is up while the UE is RRC-connected
 * with its default data radio bearer, down from a radio link failure, a connection timeout
 * or a failed handover until the bearer is set up again.
 *
 * Traces used (LteUeRrc, ns-3.37): DrbCreated in CONNECTED_NORMALLY -> up;
 * RadioLinkFailure, ConnectionTimeout, HandoverEndError and any transition to an IDLE_*
 * state -> down. An X2 handover (CONNECTED_HANDOVER) keeps the link up.
 *
 * Use it (or MrUplink LinkLayerTriggers false) for every uplink over an LteUeNetDevice:
 * ns-3.37's LteNetDevice never reports a link change and does not initialise the link
 * state that IsLinkUp() returns, so the device's own link state means nothing.
 */
class LteUplinkTrigger : public Object
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();

    /**
     * \brief Connects to the UE's RRC and sets the uplink's link state from it (down unless
     * the UE is connected now).
     * \param ueDevice an LteUeNetDevice \param uplink the uplink over it (e.g.
     * MobileRouter::GetUplink() after AddDynamicUplink())
     */
    void Connect(Ptr<NetDevice> ueDevice, Ptr<MrUplink> uplink);
    /// \return link-up notifications given (bearer set up)
    uint32_t GetLinkUps() const;
    /// \return link-down notifications given (RLF, timeout, left connected mode)
    uint32_t GetLinkDowns() const;
    /// \return radio link failures seen
    uint32_t GetRadioLinkFailures() const;

  protected:
    void DoDispose() override;

  private:
    /// \param up the link state to give the uplink
    void Set(bool up);
    /// DrbCreated trace \param imsi \param cellId \param rnti \param lcid
    void OnDrbCreated(uint64_t imsi, uint16_t cellId, uint16_t rnti, uint8_t lcid);
    /// The RRC has finished setting up a DRB: up if connected.
    void OnBearerReady();
    /// RadioLinkFailure trace \param imsi \param cellId \param rnti
    void OnRadioLinkFailure(uint64_t imsi, uint16_t cellId, uint16_t rnti);
    /// ConnectionTimeout trace \param imsi \param cellId \param rnti \param counter
    void OnConnectionTimeout(uint64_t imsi, uint16_t cellId, uint16_t rnti, uint8_t counter);
    /// HandoverEndError trace \param imsi \param cellId \param rnti
    void OnHandoverEndError(uint64_t imsi, uint16_t cellId, uint16_t rnti);
    /// StateTransition trace \param imsi \param cellId \param rnti \param from \param to
    void OnStateTransition(uint64_t imsi,
                           uint16_t cellId,
                           uint16_t rnti,
                           LteUeRrc::State from,
                           LteUeRrc::State to);

    EventId m_pending;      //!< OnBearerReady() scheduled
    Ptr<LteUeRrc> m_rrc;    //!< the UE's RRC
    Ptr<MrUplink> m_uplink; //!< the uplink driven
    bool m_up{false};       //!< link state given
    uint32_t m_ups{0};      //!< counter
    uint32_t m_downs{0};    //!< counter
    uint32_t m_failures{0}; //!< counter
};

/**
 * \ingroup haaro
 * \brief What LteAccessHelper::Install() returns.
 */
struct LteAccess
{
    uint32_t isp{0};                //!< the ISP the PGW is attached to
    NodeContainer enbNodes;         //!< the eNBs, in AddEnb() order
    NetDeviceContainer enbDevices;  //!< their LteEnbNetDevices
    Ptr<NetDevice> ueDevice;        //!< the mobile router's LteUeNetDevice
    uint32_t ueInterface{0};        //!< its Ipv4 interface on the router
    Ipv4Address ueAddress;          //!< its address from the EPC (the care-of address)
    Ipv4Address ueGateway;          //!< the EPC's default gateway for UEs (the PGW, 7.0.0.1)
    Ptr<Node> pgw;                  //!< the PGW (also SGW and MME: PointToPointEpcHelper)
    Ptr<NetDevice> pgwDevice;       //!< the PGW's SGi device (towards the ISP or the CGN)
    Ptr<NetDevice> ispDevice;       //!< the ISP router's device towards the PGW or the CGN
    Ipv4Address publicAddress;      //!< what the ISP sees: the UE pool's or the CGN's address
    Ptr<Node> cgn;                  //!< the carrier-grade NAT (nullptr without)
    Ptr<Ipv4Nat> nat;               //!< its Ipv4Nat (nullptr without)
    Ptr<LteHelper> lteHelper;       //!< the LteHelper used
    Ptr<PointToPointEpcHelper> epc; //!< the EPC helper used
};

/**
 * \ingroup haaro
 * \brief Gives a site of VirtualOperatorTopologyHelper an LTE uplink: eNBs where the caller
 * says, an EPC whose PGW is attached to one ISP router (optionally behind a carrier-grade
 * NAT), and an LTE UE device on the site's mobile router with the co-located care-of
 * address the EPC assigns (RFC 5944 section 3.6).
 *
 * \verbatim
     ISP k router --p2p-- [CGN (Ipv4Nat)] --p2p-- PGW == EPC (S5/S1-U, p2p) == eNBs ))) ((( UE (MR)
   \endverbatim
 *
 * <b>Models</b> (ns-3.37, unmodified): LteHelper with its defaults (FriisPropagationLossModel
 * on the spectrum channels, PfFfMacScheduler, NoOpHandoverAlgorithm, ideal RRC, RLF
 * detection of LteUePhy) and PointToPointEpcHelper (PGW/SGW/MME nodes, S1-U and X2 over
 * point-to-point links; UE pool 7.0.0.0/8, gateway 7.0.0.1). Change them through
 * GetLteHelper() / GetEpcHelper() before Install() (e.g. a handover algorithm for X2
 * handovers; Install() adds X2 interfaces between all eNBs). The eNBs stand still
 * (ConstantPositionMobilityModel); the UE shares the router's MobilityModel (with a Wi-Fi
 * station, if any); a router without one gets a ConstantPositionMobilityModel at
 * SetUePosition(). The UE attaches to the nearest eNB (LteHelper::AttachToClosestEnb) and
 * its default EPS bearer carries everything.
 *
 * <b>Addresses and routing</b>. Without the CGN: the PGW's SGi link is 100.(64+k).191.0/30
 * (ISP router .1, PGW .2); ISP k routes the UE pool 7.0.0.0/8 to the PGW and the peering
 * point routes it to ISP k (PrefixTableRouting), so the UE's 7.x address is public: one LTE
 * access per topology. With the CGN (SetCarrierGradeNat(true)): the CGN's outside link is
 * that /30 (CGN .2, its public address), PGW and CGN share 192.168.255.0/30 (CGN .1, PGW
 * .2), the CGN (NatHelper, port-restricted cone by default: SetNatType()) rewrites the UE's
 * packets to its public address, and nothing outside routes the UE pool: the router
 * registers through the NAT with RFC 3519 UDP tunnelling (MrUplink UdpTunnelling Auto).
 *
 * <b>The mobile router</b> gets a default route through the LTE interface (metric
 * SetUeRouteMetric(), 100 by default: after the topology's point-to-point uplinks) so that
 * MobileRouter::AddDynamicUplink(access.ueDevice) finds the EPC's gateway. Then call
 * HookUplink() with the uplink: it must not register before the UE is RRC-connected with
 * its default bearer (LteUplinkTrigger).
 */
class LteAccessHelper
{
  public:
    LteAccessHelper();

    /// \param position where an eNB stands \return its index
    uint32_t AddEnb(const Vector& position);
    /// \param isp the ISP whose router the PGW (or CGN) is attached to (default 0)
    void SetIsp(uint32_t isp);
    /// \param enable a carrier-grade NAT between the PGW and the ISP router (default false)
    void SetCarrierGradeNat(bool enable);
    /// \param type NatHelper::SetType() name of the CGN (default "port-restricted")
    void SetNatType(const std::string& type);
    /**
     * \param dataRate PGW (or CGN) <-> ISP router rate, also PGW <-> CGN (default 1 Gb/s)
     * \param delay one-way delay of each such link (default 2 ms)
     */
    void SetBackhaul(DataRate dataRate, Time delay);
    /// \param position the UE's position if the router has no MobilityModel (default 0,0,0)
    void SetUePosition(const Vector& position);
    /// \param metric of the router's default route through the LTE interface (default 100)
    void SetUeRouteMetric(uint32_t metric);
    /// \return the LteHelper Install() uses (to change its models before Install())
    Ptr<LteHelper> GetLteHelper() const;
    /// \return the EPC helper Install() uses
    Ptr<PointToPointEpcHelper> GetEpcHelper() const;

    /**
     * \brief Builds the EPC, the eNBs and the UE on one site's mobile router.
     * \param topology a built topology \param site the site whose mobile router gets the UE
     * \return what was built
     */
    LteAccess Install(const VirtualOperatorTopology& topology, uint32_t site);

    /**
     * \brief Drives an uplink over the UE from the UE's RRC (LteUplinkTrigger).
     * \param access what Install() returned \param uplink the uplink over access.ueDevice
     * \return the trigger
     */
    static Ptr<LteUplinkTrigger> HookUplink(const LteAccess& access, Ptr<MrUplink> uplink);

    /**
     * \brief Fixes the random streams of the LTE devices, the EPC and the CGN.
     * \param access what Install() returned \param stream first stream
     * \return the number of streams used
     */
    static int64_t AssignStreams(const LteAccess& access, int64_t stream);

  private:
    std::vector<Vector> m_enbs;                 //!< eNB positions
    uint32_t m_isp{0};                          //!< the ISP
    bool m_cgn{false};                          //!< carrier-grade NAT
    std::string m_natType{"port-restricted"};   //!< its type
    DataRate m_backhaulRate{DataRate("1Gbps")}; //!< SGi rate
    Time m_backhaulDelay{MilliSeconds(2)};      //!< SGi delay
    Vector m_uePosition;                        //!< UE position without a MobilityModel
    uint32_t m_ueMetric{100};                   //!< the router's LTE default route metric
    Ptr<LteHelper> m_lte;                       //!< the LteHelper
    Ptr<PointToPointEpcHelper> m_epc;           //!< the EPC helper
};

} // namespace ns3

#endif /* LTE_ACCESS_HELPER_H */
