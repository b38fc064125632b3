/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nat-translator.h"

#include "nat-packet-rewriter.h"

#include "ns3/node.h"

namespace ns3
{

void
NatTranslator::SetCallbacks(DropCallback drop,
                            FilterDropCallback filterDrop,
                            TranslatedCallback translated,
                            ForwardCallback forward,
                            FragmentIdCallback fragmentId,
                            NatMappingLifecycle::PortInUseCallback localUse)
{
    m_drop = drop;
    m_filterDrop = filterDrop;
    m_translated = translated;
    m_forward = forward;
    m_fragmentId = fragmentId;
    m_localUse = localUse;
}

void
NatTranslator::SetMappings(NatMappingLifecycle* mappings)
{
    m_mappings = mappings;
}

bool
NatTranslator::TranslateOutbound(const NatConfig& config,
                                 Ipv4Address publicAddress,
                                 Time now,
                                 Ptr<const Packet> p,
                                 const Ipv4Header& header,
                                 Ptr<Packet>& out,
                                 Ipv4Header& outHeader)
{
    uint8_t protocol = header.GetProtocol();
    if (protocol != NatFlow::PROTO_UDP && protocol != NatFlow::PROTO_TCP &&
        protocol != NatFlow::PROTO_ICMP)
    {
        m_drop(header, p, NatTypes::DROP_UNTRANSLATABLE, "protocol without ports");
        return false;
    }
    bool firstFragment = header.GetFragmentOffset() == 0;
    bool moreFragments = !header.IsLastFragment();
    if (!firstFragment || moreFragments)
    {
        if (protocol != NatFlow::PROTO_UDP)
        {
            m_drop(header, p, NatTypes::DROP_FRAGMENT, "fragmented TCP/ICMP");
            return false;
        }
        if (!firstFragment)
        {
            // no transport header: only the source address and the identification change
            outHeader = header;
            outHeader.SetSource(publicAddress);
            outHeader.SetIdentification(m_fragmentId(header));
            out = p->Copy();
            return true;
        }
    }
    NatFlow flow;
    if (!NatFlow::Parse(p, header, !moreFragments, flow))
    {
        m_drop(header, p, NatTypes::DROP_MALFORMED, "truncated or inconsistent transport header");
        return false;
    }
    if (protocol == NatFlow::PROTO_ICMP)
    {
        if (flow.icmpError)
        {
            return TranslateOutboundIcmpError(config,
                                              publicAddress,
                                              now,
                                              p,
                                              header,
                                              flow,
                                              out,
                                              outHeader);
        }
        if (flow.icmpType != NatFlow::ICMP_ECHO)
        {
            m_drop(header, p, NatTypes::DROP_UNTRANSLATABLE, "ICMP type not translated outbound");
            return false;
        }
    }
    Ipv4Address remote = header.GetDestination();
    uint16_t remotePort = protocol == NatFlow::PROTO_ICMP ? 0 : flow.dstPort;
    NatMapping* m = m_mappings->GetOrCreate(config,
                                            protocol,
                                            header.GetSource(),
                                            flow.srcPort,
                                            remote,
                                            remotePort,
                                            publicAddress,
                                            now);
    if (!m)
    {
        m_drop(header, p, NatTypes::DROP_REFUSED, "no mapping could be created");
        return false;
    }
    config.policy.RefreshOutbound(*m, remote, remotePort, flow.tcpFlags, now);
    outHeader = header;
    outHeader.SetSource(publicAddress);
    if (moreFragments)
    {
        outHeader.SetIdentification(m_fragmentId(header));
    }
    switch (protocol)
    {
    case NatFlow::PROTO_UDP:
        out = NatPacketRewriter::RewriteUdp(p, header, outHeader, m->externalPort, flow.dstPort);
        break;
    case NatFlow::PROTO_TCP:
        out = NatPacketRewriter::RewriteTcp(p,
                                            outHeader,
                                            m->externalPort,
                                            flow.dstPort,
                                            Node::ChecksumEnabled());
        break;
    default:
        out = NatPacketRewriter::RewriteIcmpQuery(p, m->externalPort, Node::ChecksumEnabled());
        break;
    }
    m_translated(*m, remote, remotePort, true);
    return true;
}

bool
NatTranslator::TranslateOutboundIcmpError(const NatConfig& config,
                                          Ipv4Address publicAddress,
                                          Time now,
                                          Ptr<const Packet> p,
                                          const Ipv4Header& header,
                                          const NatFlow& flow,
                                          Ptr<Packet>& out,
                                          Ipv4Header& outHeader)
{
    // The embedded packet went from a remote endpoint to an inside endpoint.
    if (!flow.innerTranslatable)
    {
        m_drop(header,
               p,
               NatTypes::DROP_UNTRANSLATABLE,
               "ICMP error about an untranslatable packet");
        return false;
    }
    uint16_t insidePort = flow.innerDstPort;
    uint16_t remotePort = flow.innerQuery ? 0 : flow.innerSrcPort;
    NatMapping* m = m_mappings->FindLiveByInside(config.policy.MakeKey(flow.innerProtocol,
                                                                       flow.innerDst,
                                                                       insidePort,
                                                                       flow.innerSrc,
                                                                       remotePort),
                                                 now);
    if (!m)
    {
        m_drop(header, p, NatTypes::DROP_NO_MAPPING, "outbound ICMP error without mapping");
        return false;
    }
    outHeader = header;
    outHeader.SetSource(publicAddress);
    out = NatPacketRewriter::RewriteIcmpError(p,
                                              flow,
                                              flow.innerSrc,
                                              flow.innerSrcPort,
                                              publicAddress,
                                              m->externalPort,
                                              Node::ChecksumEnabled());
    m_translated(*m, flow.innerSrc, remotePort, true);
    return true;
}

bool
NatTranslator::TranslateToPublic(const NatConfig& config,
                                 Ipv4Address publicAddress,
                                 Time now,
                                 Ptr<const Packet> p,
                                 const Ipv4Header& header,
                                 bool fromInside)
{
    uint8_t protocol = header.GetProtocol();
    if (fromInside && protocol == NatFlow::PROTO_ICMP)
    {
        return false; // ICMP from the inside to the public address is for the NAT itself
    }
    NatFlow flow;
    if (!NatFlow::Parse(p, header, true, flow))
    {
        m_drop(header, p, NatTypes::DROP_MALFORMED, "truncated or inconsistent transport header");
        return true;
    }
    if (protocol == NatFlow::PROTO_ICMP)
    {
        return TranslateInboundIcmp(config, publicAddress, now, p, header, flow);
    }

    // UDP and TCP
    Ipv4Address remote = header.GetSource();
    NatMapping* m = m_mappings->FindLiveByExternal(protocol, flow.dstPort, now);
    if (!m)
    {
        if (m_localUse(protocol, flow.dstPort))
        {
            return false; // the NAT node's own socket
        }
        m_filterDrop(header,
                     p,
                     nullptr,
                     InetSocketAddress(publicAddress, flow.dstPort),
                     flow.srcPort,
                     "no mapping for the external port");
        return true;
    }
    Ipv4Header outHeader = header;
    outHeader.SetDestination(m->GetInsideAddress());
    uint16_t srcPort = flow.srcPort;
    if (fromInside)
    {
        if (!config.hairpinning)
        {
            m_drop(header, p, NatTypes::DROP_HAIRPIN, "hairpinning is off");
            return true;
        }
        // outbound half: the sender's own mapping towards public:port (RFC 4787 REQ-9)
        NatMapping* a = m_mappings->GetOrCreate(config,
                                                protocol,
                                                remote,
                                                flow.srcPort,
                                                publicAddress,
                                                flow.dstPort,
                                                publicAddress,
                                                now);
        if (!a)
        {
            m_drop(header, p, NatTypes::DROP_REFUSED, "no mapping could be created (hairpin)");
            return true;
        }
        config.policy.RefreshOutbound(*a, publicAddress, flow.dstPort, flow.tcpFlags, now);
        remote = publicAddress;
        srcPort = a->externalPort;
        outHeader.SetSource(publicAddress);
        m_translated(*a, publicAddress, flow.dstPort, true);
    }
    if (!config.policy.FilterAllows(*m, remote, srcPort))
    {
        m_filterDrop(header,
                     p,
                     m,
                     InetSocketAddress(publicAddress, flow.dstPort),
                     srcPort,
                     "not allowed by the filter");
        return true;
    }
    config.policy.RefreshInbound(*m, remote, srcPort, flow.tcpFlags, now);
    Ptr<Packet> out =
        protocol == NatFlow::PROTO_UDP
            ? NatPacketRewriter::RewriteUdp(p, header, outHeader, srcPort, m->key.insidePort)
            : NatPacketRewriter::RewriteTcp(p,
                                            outHeader,
                                            srcPort,
                                            m->key.insidePort,
                                            Node::ChecksumEnabled());
    Deliver(*m, out, outHeader, header, p, remote, srcPort);
    return true;
}

bool
NatTranslator::TranslateInboundIcmp(const NatConfig& config,
                                    Ipv4Address publicAddress,
                                    Time now,
                                    Ptr<const Packet> p,
                                    const Ipv4Header& header,
                                    const NatFlow& flow)
{
    Ipv4Address remote = header.GetSource();
    if (flow.icmpQuery && flow.icmpType == NatFlow::ICMP_ECHO_REPLY)
    {
        NatMapping* m = m_mappings->FindLiveByExternal(NatFlow::PROTO_ICMP, flow.srcPort, now);
        if (!m)
        {
            return false; // a reply to the NAT node's own ping
        }
        if (!config.policy.FilterAllows(*m, remote, 0))
        {
            m_filterDrop(header,
                         p,
                         m,
                         InetSocketAddress(publicAddress, flow.srcPort),
                         0,
                         "echo reply not allowed by the filter");
            return true;
        }
        Ipv4Header outHeader = header;
        outHeader.SetDestination(m->GetInsideAddress());
        Ptr<Packet> out =
            NatPacketRewriter::RewriteIcmpQuery(p, m->key.insidePort, Node::ChecksumEnabled());
        Deliver(*m, out, outHeader, header, p, remote, 0);
        return true;
    }
    if (!flow.icmpError)
    {
        return false; // echo requests and other ICMP: for the NAT node itself
    }
    // The embedded packet is one the NAT sent out: source = public address.
    if (!flow.innerTranslatable || flow.innerSrc != publicAddress)
    {
        return false;
    }
    NatMapping* m = m_mappings->FindLiveByExternal(flow.innerProtocol, flow.innerSrcPort, now);
    if (!m)
    {
        return false; // about the NAT node's own traffic
    }
    // RFC 5508 REQ-4: only errors about traffic the mapping sent to that destination
    if (m->remoteAddresses.find(flow.innerDst.Get()) == m->remoteAddresses.end())
    {
        m_filterDrop(header,
                     p,
                     m,
                     InetSocketAddress(publicAddress, flow.innerSrcPort),
                     0,
                     "ICMP error about a destination the mapping never sent to");
        return true;
    }
    Ipv4Header outHeader = header;
    outHeader.SetDestination(m->GetInsideAddress());
    uint16_t innerDstPort = flow.innerQuery ? m->key.insidePort : flow.innerDstPort;
    Ptr<Packet> out = NatPacketRewriter::RewriteIcmpError(p,
                                                          flow,
                                                          m->GetInsideAddress(),
                                                          m->key.insidePort,
                                                          flow.innerDst,
                                                          innerDstPort,
                                                          Node::ChecksumEnabled());
    Deliver(*m, out, outHeader, header, p, flow.innerDst, flow.innerQuery ? 0 : flow.innerDstPort);
    return true;
}

void
NatTranslator::Deliver(const NatMapping& m,
                       Ptr<Packet> out,
                       const Ipv4Header& outHeader,
                       const Ipv4Header& header,
                       Ptr<const Packet> p,
                       Ipv4Address remote,
                       uint16_t remotePort)
{
    m_translated(m, remote, remotePort, false);
    m_forward(out, outHeader, header, p);
}

} // namespace ns3
