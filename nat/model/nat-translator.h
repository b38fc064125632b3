/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NAT_TRANSLATOR_H
#define NAT_TRANSLATOR_H

#include "nat-flow.h"
#include "nat-mapping-lifecycle.h"
#include "nat-types.h"

#include "ns3/callback.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The translation decisions of Ipv4Nat: which mapping a packet uses, whether the
 * filter lets it in, and its rewritten form.
 *
 * - Outbound (inside -> outside): a mapping is found or created, the session refreshed, the
 *   source rewritten to the public address and the external port; non-first UDP fragments
 *   only get the public source and a translated identification; TCP and ICMP fragments,
 *   other protocols and ICMP types are dropped; an ICMP error about a translated flow is
 *   translated (RFC 5508 section 4.2).
 * - To the public address (inbound, or hairpinned from the inside, RFC 4787 REQ-9: "A NAT
 *   MUST support 'Hairpinning'"): the mapping of the external port, the filter, the
 *   destination rewritten to the inside endpoint; echo replies and ICMP errors about
 *   translated packets (RFC 5508 REQ-4: "If a NAT device receives an ICMP Error packet from
 *   an external realm, and the NAT device does not have an active mapping for the embedded
 *   payload, the NAT SHOULD silently drop the ICMP Error packet").
 *
 * What happens next is the owner's, through callbacks set with SetCallbacks(): drops and
 * filter drops (counted, logged, traced), the Translate trace, the inward sending, the
 * NAT node's own ports and the fragment identifications.
 */
class NatTranslator
{
  public:
    /// a packet is dropped: header, packet, reason, log text
    typedef Callback<void, const Ipv4Header&, Ptr<const Packet>, NatTypes::DropReason, const char*>
        DropCallback;
    /// an inbound packet is filtered: header, packet, mapping (or null), the endpoint it was
    /// sent to, its source port, log text
    typedef Callback<void,
                     const Ipv4Header&,
                     Ptr<const Packet>,
                     const NatMapping*,
                     const InetSocketAddress&,
                     uint16_t,
                     const char*>
        FilterDropCallback;
    /// a packet is translated: mapping, remote address, remote port, outbound
    typedef Callback<void, const NatMapping&, Ipv4Address, uint16_t, bool> TranslatedCallback;
    /// a translated packet goes inward: packet, header, original header, original packet
    typedef Callback<void, Ptr<Packet>, Ipv4Header, const Ipv4Header&, Ptr<const Packet>>
        ForwardCallback;
    /// the identification of an outbound fragment: its header as received
    typedef Callback<uint16_t, const Ipv4Header&> FragmentIdCallback;

    /**
     * \brief Sets what happens to the results.
     * \param drop drops \param filterDrop filtered inbound packets
     * \param translated translations (the Translate trace)
     * \param forward sends a translated packet inward
     * \param fragmentId translated identification of an outbound fragment
     * \param localUse whether the NAT node has its own socket on a port
     */
    void SetCallbacks(DropCallback drop,
                      FilterDropCallback filterDrop,
                      TranslatedCallback translated,
                      ForwardCallback forward,
                      FragmentIdCallback fragmentId,
                      NatMappingLifecycle::PortInUseCallback localUse);

    /// \param mappings the mappings (owned by Ipv4Nat, which outlives this)
    void SetMappings(NatMappingLifecycle* mappings);

    /**
     * \brief Outbound translation of a packet that leaves through the outside interface.
     * \param config settings \param publicAddress the public address \param now current time
     * \param p the packet \param header its IP header
     * \param out [out] translated packet \param outHeader [out] translated IP header
     * \return true if \p out/\p outHeader were produced (else the packet was dropped)
     */
    bool TranslateOutbound(const NatConfig& config,
                           Ipv4Address publicAddress,
                           Time now,
                           Ptr<const Packet> p,
                           const Ipv4Header& header,
                           Ptr<Packet>& out,
                           Ipv4Header& outHeader);

    /**
     * \brief A UDP, TCP or ICMP packet addressed to the public address (reassembled).
     * \param config settings \param publicAddress the public address \param now current time
     * \param p the packet \param header its IP header
     * \param fromInside true if it came in on an inside interface (hairpinning)
     * \return true if consumed (translated and sent inward, or dropped), false if it is for
     *         the NAT node itself
     */
    bool TranslateToPublic(const NatConfig& config,
                           Ipv4Address publicAddress,
                           Time now,
                           Ptr<const Packet> p,
                           const Ipv4Header& header,
                           bool fromInside);

  private:
    /// Outbound ICMP error from the inside about a translated flow (RFC 5508 section 4.2).
    /// \copydetails TranslateOutbound \param flow the parsed error
    bool TranslateOutboundIcmpError(const NatConfig& config,
                                    Ipv4Address publicAddress,
                                    Time now,
                                    Ptr<const Packet> p,
                                    const Ipv4Header& header,
                                    const NatFlow& flow,
                                    Ptr<Packet>& out,
                                    Ipv4Header& outHeader);

    /**
     * \brief Inbound ICMP echo reply or error to the public address.
     * \param config settings \param publicAddress public address \param now current time
     * \param p the packet \param header its IP header \param flow its parsed view
     * \return true if consumed
     */
    bool TranslateInboundIcmp(const NatConfig& config,
                              Ipv4Address publicAddress,
                              Time now,
                              Ptr<const Packet> p,
                              const Ipv4Header& header,
                              const NatFlow& flow);

    /**
     * \brief Reports an inbound translation and sends the translated packet inward.
     * \param m the mapping \param out translated packet \param outHeader its IP header
     * \param header the IP header as received \param p the packet as received
     * \param remote remote address \param remotePort remote port (Translate trace)
     */
    void Deliver(const NatMapping& m,
                 Ptr<Packet> out,
                 const Ipv4Header& outHeader,
                 const Ipv4Header& header,
                 Ptr<const Packet> p,
                 Ipv4Address remote,
                 uint16_t remotePort);

    NatMappingLifecycle* m_mappings{nullptr};          //!< the mappings
    DropCallback m_drop;                               //!< drops
    FilterDropCallback m_filterDrop;                   //!< filtered inbound packets
    TranslatedCallback m_translated;                   //!< translations
    ForwardCallback m_forward;                         //!< inward sending
    FragmentIdCallback m_fragmentId;                   //!< fragment identifications
    NatMappingLifecycle::PortInUseCallback m_localUse; //!< the NAT node's own ports
};

} // namespace ns3

#endif /* NAT_TRANSLATOR_H */
