/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPV4_NAT_H
#define IPV4_NAT_H

#include "nat-fragment-ids.h"
#include "nat-mapping-lifecycle.h"
#include "nat-translator.h"
#include "nat-types.h"

#include "ns3/attribute-accessor-helper.h"
#include "ns3/event-id.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <array>
#include <set>

namespace ns3
{

class Ipv4Interface;

/**
 * \ingroup haaro
 * \brief A NAPT middlebox (RFC 4787 UDP, RFC 5382 TCP, RFC 5508 ICMP) for unmodified ns-3.
 *
 * Installed on a node with one or more inside interfaces and one outside interface (its
 * first address is the public address), normally with NatHelper. It rewrites real packets:
 * IPv4 addresses, UDP/TCP ports and ICMP echo identifiers, the headers embedded in ICMP
 * errors, and the checksums.
 *
 * How it hooks into ns-3.37 without patches:
 * - Outbound (inside -> outside): Ipv4Nat is an Ipv4RoutingProtocol added at top priority to
 *   the node's Ipv4ListRouting. Its RouteInput() sees every packet that the node forwards;
 *   it looks the route up through the node's routing (RouteOutput of the list), and when the
 *   packet leaves through the outside interface it translates a copy and hands it to the
 *   unicast-forward callback (which decrements the TTL and sends it) with the rewritten
 *   header.
 * - Inbound (to the public address) and hairpinning: Ipv4ListRouting delivers packets for
 *   the node's own addresses locally before any routing protocol sees them, so Ipv4Nat also
 *   registers interface-specific layer-4 protocols (Ipv4::Insert(protocol, interface)) for
 *   UDP, TCP and ICMP on its interfaces. They receive the (reassembled) packets that are
 *   delivered locally on those interfaces: a packet to the public address that matches a
 *   mapping and passes the filter is translated and sent inward (Ipv4::SendWithHeader, TTL
 *   decremented by the NAT); anything else goes to the node's own UDP/TCP/ICMP, so the NAT
 *   node keeps answering pings and its own sockets keep working. UDP/TCP packets to an
 *   external port that has no mapping and no local socket are dropped (FilterDrop).
 *
 * Behaviour:
 * - Mapping (attribute Mapping): endpoint-independent (key: inside address and port),
 *   address-dependent (+ remote address) or address-and-port-dependent (+ remote port).
 * - Filtering (attribute Filtering): endpoint-independent (any remote may send to a mapped
 *   port), address-dependent (only remote addresses the inside endpoint sent to through
 *   this mapping), address-and-port-dependent (only those remote address:port pairs).
 * - Timeouts: a mapping lives until its last session times out. UDP (UdpTimeout) and ICMP
 *   (IcmpTimeout) sessions are refreshed by outbound packets only (RFC 4787 REQ-6: inbound
 *   refresh is optional and not done). TCP sessions are refreshed by packets in both
 *   directions; a session is "established" once packets were seen both ways and until a
 *   RST or FINs in both directions, and then uses TcpEstablishedTimeout, otherwise
 *   TcpTransitoryTimeout (RFC 5382 REQ-5). Expiry is checked on every look-up and by a
 *   periodic sweep (SweepInterval) that fires MappingExpired. The sweep is a simulator
 *   event that recurs while mappings exist: a run without Simulator::Stop() ends only when
 *   the last mapping has expired (up to TcpEstablishedTimeout after the last TCP segment).
 * - Port allocation (PortAllocation): preserving (the inside port if free, else the next
 *   free one of the 16 ports after it, else the next free port after the last one allocated
 *   in [PortRangeStart, PortRangeEnd]), sequential (the next free port after the last one
 *   allocated), or random (a random start, then the next free port; RandomVariableStream,
 *   AssignStreams). Ports used by the NAT node's own UDP/TCP sockets on the public address
 *   are avoided. Each protocol has its own port space; ICMP echo identifiers use the same
 *   rules.
 * - Hairpinning (attribute Hairpinning, RFC 4787 REQ-9): an inside host that sends to the
 *   public address and a mapped port reaches the inside endpoint of that mapping, with its
 *   own external address:port as source; when off, such packets are dropped.
 * - MaxMappings: when that many mappings exist a new one is refused (counted, traced, the
 *   packet dropped).
 * - Only UDP, TCP and ICMP can be translated. Other protocols (IP-in-IP 4, GRE 47, ...)
 *   leaving through the outside interface are dropped and counted, which is why RFC 3519
 *   UDP encapsulation exists. TCP and ICMP packets that arrive fragmented at the NAT are
 *   dropped (counted); fragmented UDP is translated fragment by fragment (the first
 *   fragment's checksum is updated incrementally, RFC 1624, and the IP identification of
 *   fragments is rewritten so that fragments of different inside hosts cannot collide).
 * - ICMP errors (destination unreachable, time exceeded) are translated both ways: the
 *   outer address and the embedded IP header and its first 8 octets (RFC 5508).
 * - Traffic that does not cross from inside to outside (between inside interfaces, to or
 *   from the NAT node itself) is not touched. Packets from outside to an inside address
 *   (not the public address) are dropped unless FilterInboundToInside is false.
 *
 * Checksums: UDP checksums are updated incrementally (RFC 1624), so a correct checksum
 * stays correct and a zero (absent) one stays zero; TCP and ICMP checksums are recomputed
 * when ns-3's ChecksumEnabled is on (otherwise ns-3 writes zero, as its own stacks do). The
 * IP header checksum is computed by ns-3 when the packet is sent.
 *
 * Every dropped packet is logged (NS_LOG_WARN), counted per DropReason and reported by the
 * "Drop" trace source. Per-packet cost is O(1): hash look-ups in NatMappingTable.
 *
 * Parts: Ipv4Nat is the routing protocol (attributes, trace sources, interception,
 * RouteInput, inward sending, drop accounting, the expiry sweep). The work is done by
 * NatTranslator (translation decisions), NatFlow (parsing), NatPacketRewriter (rewriting and
 * checksums), NatMappingLifecycle (look-up, creation, expiry) with NatSessionPolicy
 * (mapping key, filter, timeouts) and NatPortAllocator (port choice), NatMappingTable (the
 * indexes), NatFragmentIds (fragment identifications) and Ipv4NatInterceptor.
 */
class Ipv4Nat : public Ipv4RoutingProtocol, public NatTypes
{
  public:
    /**
     * TracedCallback signature of MappingCreated, MappingExpired, MappingRefused and
     * FilterDrop.
     * \param protocol IP protocol number
     * \param inside inside endpoint (0.0.0.0:0 for a FilterDrop without mapping)
     * \param outside external endpoint (public address and external port)
     * \param remote remote endpoint (the mapping's first remote, or the packet's)
     */
    typedef void (*MappingTracedCallback)(uint8_t protocol,
                                          const InetSocketAddress& inside,
                                          const InetSocketAddress& outside,
                                          const InetSocketAddress& remote);

    /**
     * TracedCallback signature of Translate.
     * \param protocol IP protocol number
     * \param inside inside endpoint
     * \param outside external endpoint
     * \param remote remote endpoint
     * \param outbound true for inside -> outside
     */
    typedef void (*TranslateTracedCallback)(uint8_t protocol,
                                            const InetSocketAddress& inside,
                                            const InetSocketAddress& outside,
                                            const InetSocketAddress& remote,
                                            bool outbound);

    /**
     * TracedCallback signature of Drop.
     * \param header IP header of the dropped packet
     * \param packet the packet (transport header first)
     * \param reason why
     */
    typedef void (*DropTracedCallback)(const Ipv4Header& header,
                                       Ptr<const Packet> packet,
                                       DropReason reason);

    /// \return the TypeId
    static TypeId GetTypeId();

    Ipv4Nat();
    ~Ipv4Nat() override;

    /// \param ifIndex an IPv4 interface index on the inside (may be called several times)
    void SetInsideInterface(uint32_t ifIndex);

    /// \param ifIndex the IPv4 interface index on the outside; its first address is public
    void SetOutsideInterface(uint32_t ifIndex);

    /// \return the public address (first address of the outside interface), or 0.0.0.0
    Ipv4Address GetPublicAddress() const;

    /// \brief drops all mappings (a NAT reboot); schedulable from a scenario
    void Reboot();

    /// \return number of live (not expired) mappings
    uint32_t GetMappingCount() const;

    /// \return mappings created so far
    uint64_t GetMappingsCreated() const;
    /// \return mappings expired so far (Reboot() does not count)
    uint64_t GetMappingsExpired() const;
    /// \return mappings refused so far
    uint64_t GetMappingsRefused() const;
    /// \return inbound packets dropped for lack of an allowed mapping
    uint64_t GetFilteredDrops() const;
    /// \return packets translated and forwarded
    uint64_t GetTranslatedPackets() const;
    /// \return packets dropped because their protocol cannot be translated
    uint64_t GetUntranslatableDrops() const;
    /// \return packets dropped because of a truncated or bad transport header
    uint64_t GetMalformedDrops() const;
    /// \param reason a reason \return packets dropped for it
    uint64_t GetDrops(DropReason reason) const;
    /// \return packets dropped for any reason
    uint64_t GetTotalDrops() const;

    /**
     * \brief Looks up the live mapping of an inside endpoint (test and scenario helper).
     * \param protocol IP protocol
     * \param inside inside address \param insidePort inside port (ICMP: identifier)
     * \param remote remote address \param remotePort remote port (as the mapping key uses them)
     * \return the external port, or -1 if there is no live mapping
     */
    int32_t LookupExternalPort(uint8_t protocol,
                               Ipv4Address inside,
                               uint16_t insidePort,
                               Ipv4Address remote = Ipv4Address::GetZero(),
                               uint16_t remotePort = 0);

    /**
     * \brief Assigns a fixed random variable stream number to the random variables used.
     * \param stream first stream index to use
     * \return the number of stream indices assigned (1)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Inbound entry point used by the interface-specific layer-4 protocols (public
     * so that tests can feed it directly).
     * \param packet packet without IP header (reassembled)
     * \param header its IP header
     * \param iif incoming interface
     * \return true if the NAT consumed the packet (translated or dropped), false if the node
     *         should deliver it to its own layer 4
     */
    bool ReceiveLocal(Ptr<Packet> packet, const Ipv4Header& header, uint32_t iif);

    // Ipv4RoutingProtocol
    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb,
                    MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb,
                    ErrorCallback ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

  protected:
    void DoDispose() override;

  private:
    /// the mapping trace sources' type
    typedef TracedCallback<uint8_t,
                           const InetSocketAddress&,
                           const InetSocketAddress&,
                           const InetSocketAddress&>
        MappingTrace;

    /// Reads the public address (first address of the outside interface) into the cache.
    void UpdatePublicAddress();
    /// Registers the interface-specific layer-4 protocols on an interface.
    void InstallInterceptors(uint32_t ifIndex);
    /// \param iif interface \return true if it is an inside interface
    bool IsInside(uint32_t iif) const;
    /// \param iif interface \return true if it is the outside interface
    bool IsOutside(uint32_t iif) const;
    /// \return the attribute values the translation uses (rebuilt when one changes)
    const NatConfig& GetConfig() const;
    /// Rebuilds the NatConfig of GetConfig() from the attributes.
    void UpdateConfig();

    /**
     * \brief Setter of an attribute that NatConfig holds: stores it and rebuilds NatConfig,
     * so that a change during a run takes effect at the next packet.
     * \tparam T the attribute's type \tparam Field the member that holds it
     * \param value the new value
     */
    template <typename T, T Ipv4Nat::*Field>
    void SetConfigField(T value)
    {
        this->*Field = value;
        UpdateConfig();
    }

    /// \tparam T the attribute's type \tparam Field its member \return its value
    template <typename T, T Ipv4Nat::*Field>
    T GetConfigField() const
    {
        return this->*Field;
    }

    /**
     * \tparam V the attribute value class (EnumValue, TimeValue, ...)
     * \tparam T the attribute's type \tparam Field the member that holds it
     * \return the accessor of an attribute that NatConfig holds
     */
    template <typename V, typename T, T Ipv4Nat::*Field>
    static Ptr<const AttributeAccessor> ConfigAccessor()
    {
        return MakeAccessorHelper<V>(&Ipv4Nat::GetConfigField<T, Field>,
                                     &Ipv4Nat::SetConfigField<T, Field>);
    }

    /**
     * \brief Sends a translated packet inward (TTL check and decrement, route look-up).
     * \param p translated packet \param header translated header
     * \param original the header as received \param originalPacket the packet as received
     */
    void ForwardInward(Ptr<Packet> p,
                       Ipv4Header header,
                       const Ipv4Header& original,
                       Ptr<const Packet> originalPacket);

    /// \return true if the NAT node has its own socket on the public address and port
    bool LocalPortInUse(uint8_t protocol, uint16_t port) const;

    /// Periodic sweep of expired mappings and fragment-id entries.
    void Sweep();
    /// Schedules the sweep if it is not running.
    void ScheduleSweep();

    /// \return the IP identification to use for an outbound fragment
    uint16_t FragmentId(const Ipv4Header& header);

    /// Counts, logs and traces a drop.
    void Drop(const Ipv4Header& header, Ptr<const Packet> p, DropReason reason, const char* why);
    /**
     * \brief Counts, logs and traces a filtered inbound packet.
     * \param header IP header \param p packet \param m the mapping, if any
     * \param outside the endpoint the packet was sent to \param remotePort its source port
     * \param why log text
     */
    void FilterDrop(const Ipv4Header& header,
                    Ptr<const Packet> p,
                    const NatMapping* m,
                    const InetSocketAddress& outside,
                    uint16_t remotePort,
                    const char* why);

    /// Fires a mapping trace with the endpoints of \p m.
    void TraceMapping(MappingTrace& trace, const NatMapping& m);
    /// A mapping was created: MappingCreated, and the sweep runs.
    void MappingCreated(const NatMapping& m);
    /// A mapping expired: MappingExpired.
    void MappingExpired(const NatMapping& m);
    /// A mapping was refused: MappingRefused.
    void MappingRefused(uint8_t protocol,
                        Ipv4Address inside,
                        uint16_t insidePort,
                        Ipv4Address remote,
                        uint16_t remotePort);
    /// Fires the Translate trace.
    void TraceTranslate(const NatMapping& m,
                        Ipv4Address remote,
                        uint16_t remotePort,
                        bool outbound);

    Ptr<Ipv4> m_ipv4;            //!< the node's IPv4
    std::set<uint32_t> m_inside; //!< inside interfaces
    uint32_t m_outside{0};       //!< outside interface
    bool m_hasOutside{false};    //!< SetOutsideInterface was called
    Ipv4Address m_publicAddress{
        Ipv4Address::GetZero()};      //!< cached first address of the outside interface
    std::set<uint32_t> m_intercepted; //!< interfaces with interceptors installed
    NatMappingLifecycle m_mappings;   //!< the mappings
    NatTranslator m_translator;       //!< translation decisions
    NatFragmentIds m_fragmentIds;     //!< identification translation of outbound fragments

    // The attributes that NatConfig holds (initialised: each setter rebuilds NatConfig from
    // all of them while the attributes are being constructed).
    Behavior m_mapping{ENDPOINT_INDEPENDENT};         //!< mapping behaviour
    Behavior m_filtering{ADDRESS_AND_PORT_DEPENDENT}; //!< filtering behaviour
    Time m_udpTimeout;                                //!< UDP mapping timeout
    Time m_tcpEstablishedTimeout;                     //!< TCP established idle timeout
    Time m_tcpTransitoryTimeout;                      //!< TCP transitory idle timeout
    Time m_icmpTimeout;                               //!< ICMP query timeout
    PortAllocation m_portAllocation{PORT_PRESERVING}; //!< port allocation mode
    uint16_t m_portRangeStart{1024};                  //!< first external port
    uint16_t m_portRangeEnd{65535};                   //!< last external port
    bool m_hairpinning{true};                         //!< hairpinning on
    uint32_t m_maxMappings{0};                        //!< 0 = unlimited
    NatConfig m_config;                               //!< built from the attributes above
    bool m_filterInboundToInside;                     //!< drop outside -> inside-address packets
    Time m_sweepInterval;                             //!< expiry sweep period
    Time m_fragmentTimeout;                           //!< lifetime of a fragment-id translation

    Ptr<UniformRandomVariable> m_rng; //!< for PORT_RANDOM
    EventId m_sweepEvent;             //!< the sweep

    uint64_t m_translated{0};                          //!< packets translated
    std::array<uint64_t, DROP_REASON_COUNT> m_drops{}; //!< drops per reason

    MappingTrace m_mappingCreatedTrace; //!< mapping created
    MappingTrace m_mappingExpiredTrace; //!< mapping expired
    MappingTrace m_mappingRefusedTrace; //!< mapping refused
    MappingTrace m_filterDropTrace;     //!< inbound packet filtered
    /// packet translated
    TracedCallback<uint8_t,
                   const InetSocketAddress&,
                   const InetSocketAddress&,
                   const InetSocketAddress&,
                   bool>
        m_translateTrace;
    /// packet dropped
    TracedCallback<const Ipv4Header&, Ptr<const Packet>, DropReason> m_dropTrace;
};

} // namespace ns3

#endif /* IPV4_NAT_H */
