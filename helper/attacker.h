/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * An attacker in the model: an ns-3 Application on an ordinary node that sniffs the Mobile
 * IP traffic its devices see, replays it (optionally with extensions appended), forges
 * packets from any source address and port, floods, sends tunnelled data and plays a
 * fake correspondent router (return routability, then a CR registration).
 */
#ifndef ATTACKER_H
#define ATTACKER_H

#include "attacker-packet-builder.h"
#include "virtual-operator-topology-helper.h"

#include "ns3/application.h"
#include "ns3/ipv4-header.h"
#include "ns3/mip-prefix.h"
#include "ns3/mip-wire.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"
#include "ns3/udp-header.h"

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief A UDP datagram the Attacker saw on one of its devices.
 */
struct AttackerCapture
{
    Time at;            //!< when it was seen
    Ipv4Header ip;      //!< its IPv4 header, as received (TTL not yet decremented)
    UdpHeader udp;      //!< its UDP header
    MipBytes payload;   //!< the UDP payload (a Mobile IP message on port 434)
    uint8_t type{0};    //!< first payload octet (the Mobile IP message type), 0 if empty
    uint32_t device{0}; //!< index of the node device it was seen on
};

/**
 * \ingroup haaro
 * \brief What the fake correspondent router obtained from one run (RegisterAsCorrespondent).
 */
struct AttackerCorrespondentRun
{
    Ipv4Address peer;                    //!< the victim CR's home address
    Ipv4Address homeAddress;             //!< the home address the attacker claimed
    Ipv4Address careOfAddress;           //!< the care-of address it used
    std::vector<MipPrefix> prefixes;     //!< the Mobile Network Requests it sent
    uint16_t lifetime{0};                //!< requested lifetime
    uint64_t homeCookie{0};              //!< HoTI cookie
    uint64_t careOfCookie{0};            //!< CoTI cookie
    std::optional<uint64_t> homeToken;   //!< home keygen token from the HoT
    std::optional<uint64_t> careOfToken; //!< care-of keygen token from the CoT
    uint16_t homeNonceIndex{0};          //!< from the HoT
    uint16_t careOfNonceIndex{0};        //!< from the CoT
    bool requestSent{false};             //!< the CR registration went out
    std::optional<uint8_t> replyCode;    //!< the CR's Registration Reply code, if any came
    std::vector<uint8_t> ackCodes;       //!< its Mobile Network Acknowledgement codes
};

/**
 * \ingroup haaro
 * \brief An on-path or off-path attacker for security studies (issue 10).
 *
 * Install it on any node with an IPv4 stack: an ISP router (on path: it sees every packet
 * its devices receive) or a node of its own (AttackerHelper::AttachToIsp: off path, owning
 * a /24 of the ISP's space, so that answers to forged sources in it come back to it).
 *
 * - Capture: a promiscuous protocol handler on the node's devices records every UDP
 *   datagram to or from port CapturePort (434), whatever its destination (type-4 tunnel
 *   data only with CaptureTunnelData; the latest MaxCaptures are kept).
 * - Forging: Inject() sends a complete IPv4 packet (AttackerPacketBuilder: any source
 *   address and port) on the device the node's routing chooses for its destination; the
 *   device is addressed at its broadcast address (right for point-to-point links; on a
 *   CSMA segment every station receives the frame, and a forwarding station may forward a
 *   copy: use it on point-to-point links).
 * - Replay, append, flood, tunnel data and the fake correspondent are built on those two.
 *
 * Every packet sent goes through the "Sent" trace and the counters.
 */
class Attacker : public Application
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    Attacker();
    ~Attacker() override;

    /**
     * \brief Sends a complete IPv4 packet now, on the device the node's routing protocol
     * chooses for its destination (the source is not looked at).
     * \param ipPacket the packet, IPv4 header included
     * \param what label for the Sent trace
     * \return false if no route or no device
     */
    bool Inject(Ptr<const Packet> ipPacket, const std::string& what = "raw");
    /**
     * \param at absolute simulation time \param ipPacket the packet \param what label
     */
    void InjectAt(Time at, Ptr<const Packet> ipPacket, const std::string& what = "raw");

    /// \return the datagrams captured so far (at most MaxCaptures, the latest), in order
    const std::deque<AttackerCapture>& GetCaptured() const;
    /**
     * \param type Mobile IP message type \param dst destination (Any: every destination)
     * \return the most recent captured datagram of that type to dst
     */
    std::optional<AttackerCapture> FindLatest(uint8_t type,
                                              Ipv4Address dst = Ipv4Address::GetAny()) const;

    /**
     * \brief Replays a captured datagram: same addresses, ports and payload unless told
     * otherwise, with octets appended to the payload.
     * \param capture what to replay \param appended octets appended (e.g. an extension
     * after the authenticator) \param src forged source (default: the captured one)
     * \param srcPort forged source port (default: the captured one)
     * \return Inject()'s result
     */
    bool Replay(const AttackerCapture& capture,
                const MipBytes& appended = {},
                std::optional<Ipv4Address> src = std::nullopt,
                std::optional<uint16_t> srcPort = std::nullopt);

    /**
     * \brief Replays, every `interval` from `start` on, `count` times, the latest captured
     * datagram of `type` to `dst` (e.g. "a Registration Reply before each renewal"); a
     * turn with nothing captured yet sends nothing.
     * \param type message type \param dst its destination \param start first replay
     * \param interval spacing \param count replays \param appended octets appended
     * \param src forged source (default: captured) \param srcPort forged port
     */
    void ReplayLatestEvery(uint8_t type,
                           Ipv4Address dst,
                           Time start,
                           Time interval,
                           uint32_t count,
                           const MipBytes& appended = {},
                           std::optional<Ipv4Address> src = std::nullopt,
                           std::optional<uint16_t> srcPort = std::nullopt);

    /**
     * \brief Sends one UDP datagram from any address and port.
     * \param src source \param srcPort source port \param dst destination
     * \param dstPort destination port \param payload the payload
     * \return Inject()'s result
     */
    bool SendUdp(Ipv4Address src,
                 uint16_t srcPort,
                 Ipv4Address dst,
                 uint16_t dstPort,
                 const MipBytes& payload);

    /**
     * \brief Floods: `count` UDP datagrams, one every `interval` from `start`, the i-th
     * from source firstSource + i (distinct spoofed sources) and port srcPort.
     * \param firstSource first source address \param srcPort source port
     * \param dst destination \param dstPort destination port \param payload payload
     * \param start first datagram \param interval spacing \param count datagrams
     */
    void Flood(Ipv4Address firstSource,
               uint16_t srcPort,
               Ipv4Address dst,
               uint16_t dstPort,
               const MipBytes& payload,
               Time start,
               Time interval,
               uint32_t count);

    /**
     * \brief Sends tunnelled data every `interval` from `start`, `count` times: IP in IP
     * (protocol 4) when srcPort is 0, else RFC 3519 type-4 UDP tunnel data from srcPort to
     * dstPort.
     * \param outerSrc outer source \param srcPort outer UDP source port (0: IP in IP)
     * \param outerDst outer destination \param dstPort outer UDP destination port
     * \param inner the inner IPv4 packet \param start first \param interval spacing
     * \param count packets
     */
    void SendTunnelled(Ipv4Address outerSrc,
                       uint16_t srcPort,
                       Ipv4Address outerDst,
                       uint16_t dstPort,
                       Ptr<const Packet> inner,
                       Time start,
                       Time interval,
                       uint32_t count);

    /**
     * \brief Plays a correspondent router against `peer` (a route-optimizing MR's home
     * address) at `at`: HoTI from homeAddress and CoTI from careOfAddress (both to peer,
     * port 434), and, once the HoT and CoT come back (to addresses this node receives),
     * a CR Registration Request for `prefixes` signed with the KRm they give (RFC 6521
     * sections 3.2, 5.3), sent from careOfAddress.
     * \param peer victim CR \param homeAddress claimed home address
     * \param careOfAddress care-of address \param prefixes Mobile Network Requests (any
     * length, even invalid ones) \param lifetime requested lifetime \param at when
     * \return index of the run (GetCorrespondentRun)
     */
    size_t RegisterAsCorrespondent(Ipv4Address peer,
                                   Ipv4Address homeAddress,
                                   Ipv4Address careOfAddress,
                                   const std::vector<MipPrefix>& prefixes,
                                   uint16_t lifetime,
                                   Time at);
    /// \param i index \return that run's state
    const AttackerCorrespondentRun& GetCorrespondentRun(size_t i) const;
    /// \return number of runs
    size_t GetCorrespondentRunCount() const;

    /// \return packets sent
    uint64_t GetSent() const;
    /// \return octets sent (IPv4 packets, headers included)
    uint64_t GetSentBytes() const;
    /// \param what Sent-trace label \return packets sent with that label
    uint64_t GetSent(const std::string& what) const;

    /**
     * TracedCallback signature for Sent.
     * \param what label ("replay", "udp", "flood", "ipip", "udp-tunnel", "HoTI", ...)
     * \param packet the IPv4 packet sent
     */
    typedef void (*SentTracedCallback)(const std::string& what, Ptr<const Packet> packet);

  private:
    void StartApplication() override;
    void StopApplication() override;

    /**
     * \brief Promiscuous protocol handler: records UDP datagrams on CapturePort and feeds
     * the fake correspondent.
     * \param device device \param packet packet \param protocol EtherType
     * \param from sender \param to receiver \param type packet type
     */
    void Sniff(Ptr<NetDevice> device,
               Ptr<const Packet> packet,
               uint16_t protocol,
               const Address& from,
               const Address& to,
               NetDevice::PacketType type);
    /// \param c a captured datagram: a HoT, CoT or reply of a correspondent run?
    void OnCorrespondentMessage(const AttackerCapture& c);
    /// \param job index in m_floods: sends its next datagram
    void FloodStep(size_t job);
    /// \param i run index: sends its HoTI and CoTI
    void SendTestInits(size_t i);
    /// \param i run index: sends its signed CR registration
    void SendCorrespondentRequest(size_t i);

    /// A flood in progress (Flood()).
    struct FloodJob
    {
        Ipv4Address firstSource; //!< first spoofed source
        uint16_t srcPort;        //!< source port
        Ipv4Address dst;         //!< destination
        uint16_t dstPort;        //!< destination port
        MipBytes payload;        //!< payload
        Time interval;           //!< spacing
        uint32_t count;          //!< datagrams in all
        uint32_t sent;           //!< datagrams sent so far
    };

    uint16_t m_capturePort{434};                                       //!< port captured
    bool m_captureTunnelData{false};                                   //!< CaptureTunnelData
    uint32_t m_maxCaptures{100000};                                    //!< MaxCaptures
    std::deque<AttackerCapture> m_captured;                            //!< captures
    std::vector<AttackerCorrespondentRun> m_runs;                      //!< fake-CR runs
    std::vector<FloodJob> m_floods;                                    //!< floods
    uint64_t m_sent{0};                                                //!< packets sent
    uint64_t m_sentBytes{0};                                           //!< octets sent
    std::map<std::string, uint64_t> m_sentByLabel;                     //!< packets by label
    uint64_t m_nextCookie{0x6174'6b00'0000'0001ULL};                   //!< cookie counter
    uint32_t m_nextId{1};                                              //!< Identification counter
    TracedCallback<const std::string&, Ptr<const Packet>> m_sentTrace; //!< Sent
};

/**
 * \ingroup haaro
 * \brief Puts an Attacker on a node.
 */
class AttackerHelper
{
  public:
    /**
     * \brief On path: an Attacker on an existing node (e.g. an ISP router), capturing on
     * all its devices.
     * \param node the node \return the application (starts at 0)
     */
    static Ptr<Attacker> Install(Ptr<Node> node);

    /**
     * \brief Off path: a new node with an IPv4 stack, a point-to-point link (1 Gbps, 1 ms)
     * to ISP `isp` of a built virtual-operator topology and the /24 `subnet` (inside that
     * ISP's aggregate 100.(64+isp)/16) routed to it by the ISP router; the ISP side is
     * subnet .1, the node .2. The node does not forward, and it receives (by capture)
     * what is sent to any address of the /24, so forged sources in it get their answers.
     * \param topology the topology \param isp ISP index \param subnet network address of
     * a /24 not used by the topology (e.g. 100.64.200.0)
     * \return the application (starts at 0)
     */
    static Ptr<Attacker> AttachToIsp(const VirtualOperatorTopology& topology,
                                     uint32_t isp,
                                     Ipv4Address subnet);
};

} // namespace ns3

#endif /* ATTACKER_H */
