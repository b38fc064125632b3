/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ro-direct-tunnel-set.h"

#include "care-of-pair-selector.h"

#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/log.h"
#include "ns3/mip-icmp-echo.h"
#include "ns3/ns3-compat.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RoDirectTunnelSet");

RoDirectTunnelSet::RoDirectTunnelSet(RoContext& context)
    : m_ctx(context),
      m_pairProber(context)
{
    m_pairProber.SetCallbacks([this](Ipv4Address peer) { return PairCandidates(peer); },
                              [this](Ipv4Address peer) { return CurrentPair(peer); });
}

void
RoDirectTunnelSet::SetCallbacks(TryNextPairCallback tryNextPair,
                                FallingBackCallback fallingBack,
                                VerifiedCallback verified)
{
    m_tryNextPair = tryNextPair;
    m_fallingBack = fallingBack;
    m_verified = verified;
}

void
RoDirectTunnelSet::SetMovePairCallback(MovePairCallback movePair)
{
    m_pairProber.SetMovePairCallback(movePair);
}

void
RoDirectTunnelSet::SetRandom(Ptr<UniformRandomVariable> random)
{
    m_prover.SetRandom(random);
    m_pairProber.SetRandom(random);
}

RoPairProber&
RoDirectTunnelSet::GetPairProber()
{
    return m_pairProber;
}

RoDirectTunnelSet::Session&
RoDirectTunnelSet::Get(Ipv4Address peer)
{
    return m_sessions[peer.Get()];
}

const RoDirectTunnelSet::Session*
RoDirectTunnelSet::Find(Ipv4Address peer) const
{
    auto it = m_sessions.find(peer.Get());
    return it == m_sessions.end() ? nullptr : &it->second;
}

bool
RoDirectTunnelSet::HasSession(Ipv4Address peer) const
{
    return Find(peer) != nullptr;
}

bool
RoDirectTunnelSet::IsAlternate(const Session& s, Ptr<MipTunnel> tunnel)
{
    return std::find(s.alternates.begin(), s.alternates.end(), tunnel) != s.alternates.end();
}

// ---------------------------------------------------------------- tunnels

Ptr<MipTunnel>
RoDirectTunnelSet::MakeTunnel(Ipv4Address peer,
                              Ipv4Address local,
                              Ipv4Address remote,
                              MipEncapsulation encapsulation)
{
    RocEntry& entry = *m_ctx.cache.Find(peer);
    Ptr<MipTunnel> tunnel = m_ctx.tunnels->AddTunnel(local, remote, encapsulation);
    if (std::optional<RoUplink> uplink = m_ctx.UplinkOf(local))
    {
        tunnel->SetEgress(uplink->device, uplink->gateway);
    }
    tunnel->SetHomeAddress(peer);
    HookTunnel(tunnel);
    if (entry.tunnel && entry.tunnel != tunnel)
    {
        RetireTunnel(peer, entry.tunnel);
    }
    if (entry.tunnel != tunnel)
    {
        ResetRtt(Get(peer)); // another path
        RoPeerEventInfo up(peer, RoPeerEvent::TUNNEL_UP);
        up.local = local;
        up.remote = remote;
        m_ctx.peerEvent(up);
    }
    return tunnel;
}

void
RoDirectTunnelSet::RetireTunnel(Ipv4Address peer, Ptr<MipTunnel> tunnel)
{
    Session& s = Get(peer);
    s.oldTunnel = tunnel;
    s.graceTimers.erase(std::remove_if(s.graceTimers.begin(),
                                       s.graceTimers.end(),
                                       [](const EventId& e) { return !e.IsRunning(); }),
                        s.graceTimers.end());
    s.graceTimers.push_back(HaaroSchedule(m_ctx.config.grace, [this, peer, tunnel]() {
        RocEntry* entry = m_ctx.cache.Find(peer);
        if (!entry || (entry->tunnel != tunnel && !IsAlternate(Get(peer), tunnel)))
        {
            m_ctx.tunnels->RemoveTunnel(tunnel);
            m_prover.Forget(tunnel);
        }
        if (Get(peer).oldTunnel == tunnel)
        {
            Get(peer).oldTunnel = nullptr;
        }
    }));
}

void
RoDirectTunnelSet::MakeAlternateTunnels(Ipv4Address peer,
                                        const std::vector<Ipv4Address>& locals,
                                        const std::vector<Ipv4Address>& remotes,
                                        MipEncapsulation encapsulation)
{
    RemoveAlternateTunnels(peer);
    if (!m_ctx.config.tryOtherPairs)
    {
        return;
    }
    RocEntry& entry = *m_ctx.cache.Find(peer);
    for (Ipv4Address local : locals)
    {
        std::optional<RoUplink> uplink = m_ctx.UplinkOf(local);
        for (Ipv4Address remote : remotes)
        {
            if (uplink && !(entry.tunnel && entry.tunnel->GetLocal() == local &&
                            entry.tunnel->GetRemote() == remote))
            {
                AddAlternate(peer, local, remote, encapsulation);
            }
        }
    }
}

void
RoDirectTunnelSet::AddAlternate(Ipv4Address peer,
                                Ipv4Address local,
                                Ipv4Address remote,
                                MipEncapsulation encapsulation)
{
    std::optional<RoUplink> uplink = m_ctx.UplinkOf(local);
    Ptr<MipTunnel> tunnel = m_ctx.tunnels->AddTunnel(local, remote, encapsulation);
    tunnel->SetEgress(uplink->device, uplink->gateway);
    tunnel->SetHomeAddress(peer);
    HookTunnel(tunnel);
    Get(peer).alternates.push_back(tunnel);
}

void
RoDirectTunnelSet::KeepAsAlternate(Ipv4Address peer, Ptr<MipTunnel> tunnel)
{
    Session& s = Get(peer);
    if (tunnel && !IsAlternate(s, tunnel))
    {
        s.alternates.push_back(tunnel);
    }
}

void
RoDirectTunnelSet::RemoveAlternateTunnels(Ipv4Address peer)
{
    RocEntry* entry = m_ctx.cache.Find(peer);
    Session& s = Get(peer);
    for (const Ptr<MipTunnel>& tunnel : s.alternates)
    {
        if ((!entry || tunnel != entry->tunnel) && tunnel != s.oldTunnel)
        {
            m_ctx.tunnels->RemoveTunnel(tunnel);
            m_prover.Forget(tunnel);
        }
    }
    s.alternates.clear();
}

void
RoDirectTunnelSet::HookTunnel(Ptr<MipTunnel> tunnel)
{
    tunnel->SetInterceptCallback(MakeCallback(&RoDirectTunnelSet::InterceptKeepalive, this));
}

void
RoDirectTunnelSet::FallBack(Ipv4Address peer, RoFallbackReason reason)
{
    RocEntry* entry = m_ctx.cache.Find(peer);
    m_fallingBack(peer); // the MR role's timers and hold-down
    Session& s = Get(peer);
    s.keepaliveTimer.Cancel();
    s.awaitingFirstKeepalive = false;
    s.probing = false;
    m_pairProber.StopProbing(peer);
    ResetRtt(s);
    m_pairProber.Forget(peer);
    if (!entry)
    {
        return;
    }
    CareOfPairSelector::ForgetFailures(*entry);
    if (!entry->peerRegistered)
    {
        RemoveAlternateTunnels(peer);
    }
    for (auto& [coa, rr] : entry->rr)
    {
        if (rr.state == RrState::IN_PROGRESS)
        {
            rr.state = RrState::INACTIVE;
        }
    }
    bool wasActive = entry->tunnelActive;
    entry->tunnelActive = false;
    entry->registeredWithPeer = false;
    if (entry->tunnel)
    {
        RetireTunnel(peer, entry->tunnel);
        entry->tunnel = nullptr;
    }
    NS_LOG_INFO(m_ctx.homeAddress << ": back to the HA path for " << peer << " (" << reason << ")");
    if (wasActive || RoFallbackReasonIsFailure(reason))
    {
        RoPeerEventInfo e(peer, RoPeerEvent::FALLBACK);
        e.reason = reason;
        m_ctx.peerEvent(e);
    }
}

void
RoDirectTunnelSet::MoveCorrespondentTunnels(Ipv4Address oldCareOf, Ipv4Address newCareOf)
{
    // As CR we hold no binding at the MR: move our end of the tunnel ourselves and tell the
    // MR with a keepalive from the new address (the MR keeps tunnels to every address our
    // Care-of Address extension listed, and follows, see Accept).
    m_ctx.cache.ForEach([&](RocEntry& entry) {
        Ipv4Address peer = entry.crHomeAddress;
        std::optional<RoUplink> uplink = m_ctx.UplinkOf(newCareOf);
        if (!entry.peerRegistered || m_ctx.ChoosesPair(entry) || !entry.tunnel || !uplink ||
            entry.tunnel->GetLocal() != oldCareOf)
        {
            return;
        }
        Session& s = Get(peer);
        Ptr<MipTunnel> tunnel = m_ctx.tunnels->AddTunnel(newCareOf,
                                                         entry.tunnel->GetRemote(),
                                                         entry.tunnel->GetEncapsulation());
        tunnel->SetEgress(uplink->device, uplink->gateway);
        tunnel->SetHomeAddress(peer);
        HookTunnel(tunnel);
        std::replace(s.alternates.begin(), s.alternates.end(), tunnel, entry.tunnel);
        entry.tunnel = tunnel;
        entry.mrCareOf = newCareOf;
        entry.tunnelActive = false;
        s.awaitingFirstKeepalive = true;
        s.keepaliveTimer.Cancel();
        s.keepaliveUnanswered = 0;
        ResetRtt(s);
        RoPeerEventInfo e(peer, RoPeerEvent::CR_MOVED);
        e.local = oldCareOf;
        e.nextLocal = newCareOf;
        m_ctx.peerEvent(e);
        SendKeepalive(peer);
    });
}

// ---------------------------------------------------------------- keepalives

void
RoDirectTunnelSet::SendKeepalive(Ipv4Address peer)
{
    RocEntry* entry = m_ctx.cache.Find(peer);
    Session& s = Get(peer);
    if (!m_ctx.running || !entry || !entry->tunnel ||
        (!entry->tunnelActive && !s.awaitingFirstKeepalive))
    {
        return;
    }
    if (s.keepaliveUnanswered >= m_ctx.config.keepaliveMisses)
    {
        if (m_ctx.ChoosesPair(*entry))
        {
            if (!m_tryNextPair(peer))
            {
                FallBack(peer, RoFallbackReason::KEEPALIVE_TIMEOUT);
            }
            return;
        }
        if (m_ctx.config.tryOtherPairs && entry->peerRegistered)
        {
            // The MR of this binding chooses the pair: send via the HA meanwhile and take
            // the pair of the next keepalive it sends us (Accept).
            entry->tunnelActive = false;
            s.awaitingFirstKeepalive = true;
            RoPeerEventInfo e(peer, RoPeerEvent::FALLBACK);
            e.reason = RoFallbackReason::AWAITING_PEER_PROBES;
            m_ctx.peerEvent(e);
            return;
        }
        FallBack(peer, RoFallbackReason::KEEPALIVE_TIMEOUT);
        return;
    }
    // ICMP echo from home address to home address inside the direct tunnel; the peer's
    // reply comes back through its direct tunnel too (RouteOptimizer::SelectTunnel).
    Ptr<Packet> p = MipIcmpEcho::MakeDatagram(m_ctx.homeAddress,
                                              peer,
                                              static_cast<uint16_t>(peer.Get()),
                                              ++s.keepaliveSequence);
    CheckNatMapping(peer);
    s.keepaliveUnanswered++;
    s.sent[s.keepaliveSequence % s.sent.size()] = {s.keepaliveSequence, Simulator::Now()};
    m_ctx.tunnels->Send(entry->tunnel, p);
    m_ctx.message("tx", "KEEPALIVE", m_ctx.homeAddress, peer);
    s.keepaliveTimer =
        Simulator::Schedule(KeepaliveInterval(peer), &RoDirectTunnelSet::SendKeepalive, this, peer);
    m_pairProber.ProbeOtherPairs(peer);
}

std::vector<Ptr<MipTunnel>>
RoDirectTunnelSet::PairCandidates(Ipv4Address peer) const
{
    RocEntry* entry = m_ctx.cache.Find(peer);
    const Session* s = Find(peer);
    std::vector<Ptr<MipTunnel>> candidates;
    if (m_ctx.config.pairPolicy != RoPairPolicy::MEASURED_RTT || !entry || !entry->tunnel ||
        !entry->tunnelActive || !s || s->awaitingFirstKeepalive || s->probing ||
        !m_ctx.ChoosesPair(*entry))
    {
        return candidates;
    }
    // The other pairs: alternates from a usable care-of address of ours to an address the
    // peer's authenticated Care-of Address extension listed.
    for (const Ptr<MipTunnel>& t : s->alternates)
    {
        std::optional<RoUplink> uplink = m_ctx.UplinkOf(t->GetLocal());
        if (t != entry->tunnel && uplink && uplink->usable &&
            std::find(entry->crCareOfAddresses.begin(),
                      entry->crCareOfAddresses.end(),
                      t->GetRemote()) != entry->crCareOfAddresses.end())
        {
            candidates.push_back(t);
        }
    }
    return candidates;
}

CareOfPairRtt
RoDirectTunnelSet::CurrentPair(Ipv4Address peer)
{
    RocEntry* entry = m_ctx.cache.Find(peer);
    const Session& s = Get(peer);
    return {{entry->tunnel->GetLocal(), entry->tunnel->GetRemote()},
            s.rtt.GetSrtt(),
            s.rtt.GetSamples()};
}

void
RoDirectTunnelSet::StartFirstKeepalive(Ipv4Address peer)
{
    Session& s = Get(peer);
    s.awaitingFirstKeepalive = true;
    s.keepaliveUnanswered = 0;
    s.keepaliveTimer.Cancel();
    SendKeepalive(peer);
}

void
RoDirectTunnelSet::KeepaliveNow(Ipv4Address peer)
{
    StopKeepalives(peer);
    SendKeepalive(peer);
}

void
RoDirectTunnelSet::EnsureKeepalives(Ipv4Address peer)
{
    Session& s = Get(peer);
    if (!s.keepaliveTimer.IsRunning() && !m_ctx.config.keepaliveInterval.IsZero())
    {
        s.keepaliveUnanswered = 0;
        s.keepaliveTimer = Simulator::Schedule(KeepaliveInterval(peer),
                                               &RoDirectTunnelSet::SendKeepalive,
                                               this,
                                               peer);
    }
}

void
RoDirectTunnelSet::StopKeepalives(Ipv4Address peer)
{
    Session& s = Get(peer);
    s.keepaliveTimer.Cancel();
    s.keepaliveUnanswered = 0;
}

void
RoDirectTunnelSet::SetAwaitingFirstKeepalive(Ipv4Address peer, bool awaiting)
{
    Get(peer).awaitingFirstKeepalive = awaiting;
}

bool
RoDirectTunnelSet::IsAwaitingFirstKeepalive(Ipv4Address peer) const
{
    const Session* s = Find(peer);
    return s && s->awaitingFirstKeepalive;
}

void
RoDirectTunnelSet::SetProbing(Ipv4Address peer, bool probing)
{
    Get(peer).probing = probing;
}

bool
RoDirectTunnelSet::IsProbing(Ipv4Address peer) const
{
    const Session* s = Find(peer);
    return s && s->probing;
}

void
RoDirectTunnelSet::NotePeerKeepalive(Ipv4Address peer)
{
    Get(peer).lastPeerKeepalive = Simulator::Now();
}

Time
RoDirectTunnelSet::BaseKeepaliveInterval(const Session& s) const
{
    return s.rtt.GetKeepaliveInterval(m_ctx.config);
}

Time
RoDirectTunnelSet::KeepaliveInterval(Ipv4Address peer)
{
    Get(peer);
    return GetKeepaliveInterval(peer);
}

Time
RoDirectTunnelSet::GetKeepaliveInterval(Ipv4Address peer) const
{
    const Session* s = Find(peer);
    if (!s)
    {
        return m_ctx.config.keepaliveInterval;
    }
    Time base = BaseKeepaliveInterval(*s);
    Time interval = s->keepaliveInterval.IsZero() ? base : std::min(base, s->keepaliveInterval);
    // While other pairs are probed, the keepalives leave room for the probes within
    // MAX_UPDATE_RATE (RFC 6521 section 3.3.4).
    return PairCandidates(peer).empty() ? interval
                                        : std::max(interval, m_pairProber.KeepaliveFloor());
}

const RoRttEstimator*
RoDirectTunnelSet::GetKeepaliveRtt(Ipv4Address peer) const
{
    const Session* s = Find(peer);
    return s ? &s->rtt : nullptr;
}

void
RoDirectTunnelSet::ResetRtt(Session& s)
{
    s.rtt.Reset();
    s.sent.fill({0, Time(0)});
    s.tracedInterval = Time(0);
}

void
RoDirectTunnelSet::OnKeepaliveAnswered(Ipv4Address peer, uint16_t sequence)
{
    Session& s = Get(peer);
    std::pair<uint16_t, Time>& sent = s.sent[sequence % s.sent.size()];
    if (sent.first != sequence || !sent.second.IsStrictlyPositive())
    {
        return; // not one of our last keepalives, or already answered
    }
    s.rtt.AddSample(Simulator::Now() - sent.second);
    sent.second = Time(0);
    if (!m_ctx.config.keepaliveAdaptive)
    {
        return;
    }
    // Reported when it first adapts and whenever it moved by a quarter since the last
    // report (a typed event, not one per sample).
    Time interval = BaseKeepaliveInterval(s);
    if (s.tracedInterval.IsZero() || interval * 4 >= s.tracedInterval * 5 ||
        interval * 4 <= s.tracedInterval * 3)
    {
        s.tracedInterval = interval;
        RoPeerEventInfo e(peer, RoPeerEvent::KEEPALIVE_ADAPTED);
        e.interval = interval;
        e.rtt = s.rtt.GetSrtt();
        m_ctx.peerEvent(e);
    }
}

void
RoDirectTunnelSet::CheckNatMapping(Ipv4Address peer)
{
    RocEntry* entry = m_ctx.cache.Find(peer);
    Session& s = Get(peer);
    if (!entry || !entry->tunnel || !m_ctx.IsNatted(entry->tunnel->GetLocal()) ||
        !entry->tunnelActive || entry->tunnel->GetEncapsulation() != MipEncapsulation::UDP ||
        s.keepaliveUnanswered > 0)
    {
        return;
    }
    Time interval = KeepaliveInterval(peer);
    Time minimum = MilliSeconds(200);
    if (interval <= minimum ||
        Simulator::Now() - s.lastPeerKeepalive <= BaseKeepaliveInterval(s) * 2 + interval)
    {
        return;
    }
    s.keepaliveInterval = std::max(minimum, interval / 2);
    s.lastPeerKeepalive = Simulator::Now();
    RoPeerEventInfo e(peer, RoPeerEvent::NAT_KEEPALIVE_SHORTENED);
    e.interval = s.keepaliveInterval;
    m_ctx.peerEvent(e);
}

// ---------------------------------------------------------------- receive side

bool
RoDirectTunnelSet::Accept(Ptr<MipTunnel> tunnel, const Ipv4Header& inner)
{
    Ipv4Address peer = tunnel->GetHomeAddress();
    RocEntry* entry = m_ctx.cache.Find(peer);
    if (!entry)
    {
        return false;
    }
    Session& session = Get(peer);
    bool isAlternate = IsAlternate(session, tunnel) && entry->tunnel != tunnel;
    if (entry->tunnel != tunnel && session.oldTunnel != tunnel && !isAlternate)
    {
        return false;
    }
    Ipv4Address dst = inner.GetDestination();
    if (!m_ctx.IsOurs(dst))
    {
        return false;
    }
    // Ingress filtering on direct tunnels (A6): the inner source is the peer's home address
    // or in a prefix the HA confirmed for it (the only ones it may register with us or we
    // route to it); anything else through this tunnel is spoofed.
    if (!SourceAllowed(*entry, inner.GetSource()))
    {
        m_ctx.drop(ProtocolDrop::SPOOFED_INNER_SOURCE, 1, inner.GetSource());
        return false;
    }
    if (dst == m_ctx.homeAddress && inner.GetSource() == peer && !isAlternate)
    {
        // A keepalive or its answer from the peer on the tunnel in use: the direct path
        // works. (On an alternate pair nothing changes before a proof: InterceptKeepalive.)
        OnPeerKeepalive(peer, tunnel);
    }
    return true;
}

void
RoDirectTunnelSet::OnPeerKeepalive(Ipv4Address peer, Ptr<MipTunnel> tunnel)
{
    RocEntry* entry = m_ctx.cache.Find(peer);
    if (!entry)
    {
        return;
    }
    Session& s = Get(peer);
    s.keepaliveUnanswered = 0;
    if (s.awaitingFirstKeepalive && entry->tunnel == tunnel)
    {
        bool probed = s.probing;
        s.awaitingFirstKeepalive = false;
        s.probing = false;
        entry->tunnelActive = true;
        s.lastPeerKeepalive = Simulator::Now();
        CareOfPairSelector::Record(*entry, {tunnel->GetLocal(), tunnel->GetRemote()}, true);
        m_ctx.Trace(peer,
                    probed || tunnel->GetEncapsulation() != MipEncapsulation::UDP
                        ? RoPeerEvent::PAIR_VERIFIED
                        : RoPeerEvent::UDP_TUNNEL_VERIFIED);
        m_verified(peer, probed);
        EnsureKeepalives(peer);
    }
}

bool
RoDirectTunnelSet::SourceAllowed(const RocEntry& entry, Ipv4Address source) const
{
    if (source == entry.crHomeAddress)
    {
        return true;
    }
    const RouteOptimizationCache& cache = m_ctx.cache;
    return std::any_of(entry.prefixes.begin(),
                       entry.prefixes.end(),
                       [source, &cache](const RocPrefix& p) {
                           return p.valid && p.prefix.Contains(source) &&
                                  !cache.IsConflicting(p.prefix);
                       });
}

void
RoDirectTunnelSet::Challenge(Ptr<MipTunnel> tunnel, uint16_t port)
{
    Ipv4Address peer = tunnel->GetHomeAddress();
    std::optional<uint64_t> nonce = m_prover.Challenge(tunnel, port, Simulator::Now());
    if (!nonce || !m_ctx.cache.Find(peer))
    {
        return;
    }
    Session& s = Get(peer);
    Ptr<Packet> p = MipIcmpEcho::MakeDatagram(m_ctx.homeAddress,
                                              peer,
                                              static_cast<uint16_t>(peer.Get()),
                                              ++s.keepaliveSequence,
                                              *nonce);
    m_ctx.tunnels->SendToPort(tunnel, p, port);
    m_ctx.message("tx", "KEEPALIVE", m_ctx.homeAddress, peer);
    RoPeerEventInfo e(peer, RoPeerEvent::ENDPOINT_CHALLENGED);
    e.local = tunnel->GetLocal();
    e.remote = tunnel->GetRemote();
    e.port = port;
    m_ctx.peerEvent(e);
}

void
RoDirectTunnelSet::OnProven(Ptr<MipTunnel> tunnel)
{
    Ipv4Address peer = tunnel->GetHomeAddress();
    RocEntry* entry = m_ctx.cache.Find(peer);
    if (!entry)
    {
        return;
    }
    Session& s = Get(peer);
    auto alternate = std::find(s.alternates.begin(), s.alternates.end(), tunnel);
    if (alternate != s.alternates.end() && entry->tunnel != tunnel)
    {
        // The peer probes another pair (RFC 6521 section 6.1) or moved its end, and it
        // answered our nonce there: send on that pair from now on.
        RoPeerEventInfo e(peer, RoPeerEvent::PAIR_SWITCHED);
        e.local = tunnel->GetLocal();
        e.remote = tunnel->GetRemote();
        m_ctx.peerEvent(e);
        if (entry->tunnel)
        {
            *alternate = entry->tunnel; // the pair in use so far becomes an alternate
        }
        else
        {
            // We had fallen back (our own route optimization towards the peer failed, but
            // its binding with us stands, so its alternates were kept): no pair in use to
            // keep. Alternates never hold a null tunnel (found in the N = 10,000 storm,
            // where rebuilding the alternates on the peer's next registration dereferenced
            // it).
            s.alternates.erase(alternate);
        }
        entry->tunnel = tunnel;
        s.awaitingFirstKeepalive = s.awaitingFirstKeepalive || !entry->tunnelActive;
        ResetRtt(s); // another path
    }
    if (entry->tunnel == tunnel)
    {
        OnPeerKeepalive(peer, tunnel);
    }
}

bool
RoDirectTunnelSet::InterceptKeepalive(Ptr<MipTunnel> tunnel, Ptr<Packet> p, const Ipv4Header& inner)
{
    Ipv4Address peer = tunnel->GetHomeAddress();
    if (!m_ctx.running || inner.GetSource() != peer ||
        inner.GetDestination() != m_ctx.homeAddress ||
        inner.GetProtocol() != Icmpv4L4Protocol::PROT_NUMBER)
    {
        return false;
    }
    RocEntry* entry = m_ctx.cache.Find(peer);
    std::optional<MipIcmpEcho::Parsed> echo = MipIcmpEcho::Parse(p);
    if (!entry || !echo)
    {
        return false;
    }
    RoPairProber::Outcome probe = m_pairProber.Intercept(tunnel, *echo);
    if (probe == RoPairProber::Outcome::SAMPLED)
    {
        m_pairProber.EvaluatePairs(peer);
    }
    if (probe != RoPairProber::Outcome::NOT_A_PROBE)
    {
        return true; // a pair probe or its answer: nothing for the keepalive logic
    }
    if (echo->reply &&
        m_prover.Answer(tunnel, tunnel->GetRemotePort(), echo->nonce, Simulator::Now()))
    {
        OnProven(tunnel);
        return true; // the answer to our own challenge
    }
    Session& s = Get(peer);
    if (echo->reply && echo->nonce == 0 && entry->tunnel == tunnel &&
        echo->identifier == static_cast<uint16_t>(peer.Get()))
    {
        OnKeepaliveAnswered(peer, echo->sequence); // still delivered (liveness: Accept)
    }
    if (entry->tunnel != tunnel && IsAlternate(s, tunnel))
    {
        // The peer seems to use another pair: prove that end before following it.
        Challenge(tunnel, tunnel->GetRemotePort());
    }
    return false;
}

bool
RoDirectTunnelSet::OnUnprovenPort(Ptr<MipTunnel> tunnel, uint16_t port, Ptr<Packet> p)
{
    Ipv4Address peer = tunnel->GetHomeAddress();
    RocEntry* entry = m_ctx.running ? m_ctx.cache.Find(peer) : nullptr;
    Ipv4Header inner;
    bool keepalive = entry && MipTunnelManager::PeekIpv4Header(p, inner) &&
                     inner.GetSource() == peer && inner.GetDestination() == m_ctx.homeAddress &&
                     inner.GetProtocol() == Icmpv4L4Protocol::PROT_NUMBER;
    if (keepalive)
    {
        std::optional<MipIcmpEcho::Parsed> echo = MipIcmpEcho::Parse(p);
        if (echo && echo->reply && m_prover.Answer(tunnel, port, echo->nonce, Simulator::Now()))
        {
            // Return reachability of the new port is proven (the peer's NAT mapping changed,
            // RFC 6521 section 6.1): the tunnel follows.
            RoPeerEventInfo e(peer, RoPeerEvent::PORT_PROVEN);
            e.remote = tunnel->GetRemote();
            e.previousPort = tunnel->GetRemotePort();
            e.port = port;
            m_ctx.peerEvent(e);
            tunnel->SetRemotePort(port);
            OnProven(tunnel);
            return true;
        }
    }
    m_ctx.drop(ProtocolDrop::UNAUTHENTICATED_ENDPOINT, 1, tunnel->GetRemote());
    if (entry)
    {
        Challenge(tunnel, port);
    }
    return keepalive;
}

// ---------------------------------------------------------------- life cycle

void
RoDirectTunnelSet::Stop()
{
    for (auto& [key, s] : m_sessions)
    {
        s.keepaliveTimer.Cancel();
        for (EventId& e : s.graceTimers)
        {
            e.Cancel(); // nothing runs on a stopped (or disposed) optimizer
        }
        s.graceTimers.clear();
    }
    m_pairProber.Stop();
}

void
RoDirectTunnelSet::Clear()
{
    m_sessions.clear();
    m_pairProber.Clear();
}

void
RoDirectTunnelSet::AddPeers(std::set<uint32_t>& peers) const
{
    for (const auto& [key, s] : m_sessions)
    {
        peers.insert(key);
    }
}

} // namespace ns3
