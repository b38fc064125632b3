/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ro-inside-opening.h"

#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/log.h"
#include "ns3/mip-icmp-echo.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RoInsideOpening");

RoInsideOpening::RoInsideOpening(RoContext& context, RoDirectTunnelSet& tunnels)
    : m_ctx(context),
      m_tunnels(tunnels)
{
}

void
RoInsideOpening::SetSendHome(SendHomeCallback sendHome)
{
    m_sendHome = sendHome;
}

void
RoInsideOpening::SetRandom(Ptr<UniformRandomVariable> random)
{
    m_prover.SetRandom(random);
}

bool
RoInsideOpening::CorrespondentOpens(const RoContext& context,
                                    Ipv4Address local,
                                    Ipv4Address from,
                                    Ipv4Address requestedCareOf,
                                    bool udp)
{
    // Behind a NAT ourselves, the MR not (its request was not translated): nothing the MR
    // sends to our care-of addresses gets in, so the first keepalive is ours (RFC 6521
    // section 6.1 and the HAARO slides: "UDP tunnel is initiated from inside"). A translated
    // MR opens its own NAT, as section 3.3.4 has it (the MR sends the first keepalive);
    // two routers behind separate NATs get no route optimization (section 3.3.4).
    return udp && context.IsNatted(local) && from == requestedCareOf;
}

Ipv4Address
RoInsideOpening::TunnelBackTo(const RoContext& context,
                              Ipv4Address local,
                              Ipv4Address from,
                              Ipv4Address requestedCareOf)
{
    bool translated = requestedCareOf != from && requestedCareOf != Ipv4Address::GetZero();
    return context.IsNatted(local) && translated ? requestedCareOf : from;
}

bool
RoInsideOpening::PeerOpens(const RocEntry& entry) const
{
    return entry.outboundOnly && !m_ctx.IsNatted(entry.mrCareOf);
}

bool
RoInsideOpening::MayOpen(const RocEntry& entry, Ipv4Address local) const
{
    // Only a CR we registered with (our request was authenticated by KRm and accepted),
    // whose UDP tunnel from this care-of address is not verified yet: an outbound-only CR,
    // or one behind a NAT that did not say so (no O flag) but opens from inside anyway.
    // Never behind a NAT ourselves: two routers behind separate NATs get no route
    // optimization (RFC 6521 section 3.3.4; hole punching is out of its scope, section 6.1),
    // even where a full-cone NAT would let the CR's keepalive in.
    bool awaited = m_waiting.count(entry.crHomeAddress.Get()) > 0;
    return !m_ctx.IsNatted(local) && (entry.registeredWithPeer || awaited) && !entry.tunnelActive &&
           entry.tunnel && entry.tunnel->GetEncapsulation() == MipEncapsulation::UDP &&
           entry.tunnel->GetLocal() == local;
}

void
RoInsideOpening::Await(Ipv4Address peer)
{
    m_tunnels.StopKeepalives(peer);
    m_tunnels.SetAwaitingFirstKeepalive(peer, true);
    EventId& timer = m_waiting[peer.Get()];
    timer.Cancel();
    timer = Simulator::Schedule(m_ctx.config.keepaliveInterval * (m_ctx.config.keepaliveMisses + 1),
                                &RoInsideOpening::OnTimeout,
                                this,
                                peer);
    m_ctx.Trace(peer, RoPeerEvent::INSIDE_OPENING_AWAITED);
    Challenge(peer);
}

void
RoInsideOpening::Forget(Ipv4Address peer)
{
    auto it = m_waiting.find(peer.Get());
    if (it != m_waiting.end())
    {
        it->second.Cancel();
        m_waiting.erase(it);
    }
}

void
RoInsideOpening::OnTimeout(Ipv4Address peer)
{
    m_waiting.erase(peer.Get());
    RocEntry* entry = m_ctx.cache.Find(peer);
    if (m_ctx.running && entry && !entry->tunnelActive)
    {
        m_tunnels.FallBack(peer, RoFallbackReason::NO_INSIDE_OPENING);
    }
}

void
RoInsideOpening::Challenge(Ipv4Address peer)
{
    RocEntry* entry = m_ctx.cache.Find(peer);
    if (!entry || !entry->tunnel || !m_sendHome)
    {
        return;
    }
    // The nonce is bound to the tunnel we hold for the peer (port 0: "its end behind the
    // NAT, wherever that is"); one challenge per peer per MAX_UPDATE_RATE interval.
    std::optional<uint64_t> nonce = m_prover.Challenge(entry->tunnel, 0, Simulator::Now());
    if (!nonce)
    {
        return;
    }
    m_sendHome(MipIcmpEcho::MakeRequest(static_cast<uint16_t>(peer.Get()), ++m_sequence, *nonce),
               peer);
    m_ctx.message("tx", "KEEPALIVE", m_ctx.homeAddress, peer);
    RoPeerEventInfo e(peer, RoPeerEvent::ENDPOINT_CHALLENGED);
    e.local = m_ctx.homeAddress;
    e.remote = peer;
    m_ctx.peerEvent(e);
}

bool
RoInsideOpening::OnUnknownSource(Ipv4Address local, Ipv4Address from, uint16_t port, Ptr<Packet> p)
{
    Ipv4Header inner;
    if (!m_ctx.running || !MipTunnelManager::PeekIpv4Header(p, inner) ||
        inner.GetDestination() != m_ctx.homeAddress ||
        inner.GetProtocol() != Icmpv4L4Protocol::PROT_NUMBER)
    {
        return false;
    }
    Ipv4Address peer = inner.GetSource();
    RocEntry* entry = m_ctx.cache.Find(peer);
    if (!entry || !MayOpen(*entry, local))
    {
        return false;
    }
    std::optional<MipIcmpEcho::Parsed> echo = MipIcmpEcho::Parse(p);
    if (echo && echo->reply && m_prover.Answer(entry->tunnel, 0, echo->nonce, Simulator::Now()))
    {
        // The CR received what we sent to its home address and answered from (from, port):
        // its end of the tunnel, opened from inside its NAT.
        Forget(peer);
        RoPeerEventInfo e(peer, RoPeerEvent::INSIDE_OPENING_PROVEN);
        e.local = local;
        e.remote = from;
        e.port = port;
        m_ctx.peerEvent(e);
        entry->tunnel = m_tunnels.MakeTunnel(peer, local, from, MipEncapsulation::UDP);
        entry->tunnel->SetRemotePort(port);
        m_tunnels.SetAwaitingFirstKeepalive(peer, true);
        // Our first keepalive through it: answered, it activates both ends (section 3.3.4).
        m_tunnels.KeepaliveNow(peer);
        return true;
    }
    // Anything else from an unknown source is unauthenticated: it moves nothing, it only
    // makes us challenge the CR's home address (rate-limited).
    m_ctx.drop(ProtocolDrop::UNAUTHENTICATED_ENDPOINT, 1, from);
    Challenge(peer);
    return true;
}

void
RoInsideOpening::Stop()
{
    for (auto& [key, timer] : m_waiting)
    {
        timer.Cancel();
    }
}

void
RoInsideOpening::Clear()
{
    m_waiting.clear();
}

} // namespace ns3
