/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ro-pair-prober.h"

#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

RoPairProber::RoPairProber(RoContext& context)
    : m_ctx(context)
{
}

void
RoPairProber::SetRandom(Ptr<UniformRandomVariable> random)
{
    m_random = random;
}

void
RoPairProber::SetTrace(TraceCallback trace)
{
    m_trace = trace;
}

void
RoPairProber::SetCallbacks(CandidatesCallback candidates, CurrentPairCallback current)
{
    m_candidates = candidates;
    m_current = current;
}

void
RoPairProber::SetMovePairCallback(MovePairCallback movePair)
{
    m_movePair = movePair;
}

uint16_t
RoPairProber::ProbeIdentifier(Ipv4Address receiver)
{
    return static_cast<uint16_t>(~receiver.Get());
}

Time
RoPairProber::KeepaliveFloor() const
{
    int64_t second = Seconds(1).GetNanoSeconds();
    int64_t interval = std::max<int64_t>(1, m_ctx.config.pairProbeInterval.GetNanoSeconds());
    int64_t probes = (second + interval - 1) / interval; // in any second (half-open)
    int64_t keepalives = std::max<int64_t>(1, MAX_UPDATE_RATE - probes);
    return NanoSeconds((second + keepalives - 1) / keepalives);
}

void
RoPairProber::Send(Ptr<MipTunnel> tunnel, Ptr<Packet> p, Ipv4Address peer, bool answer)
{
    uint32_t octets = p->GetSize() + tunnel->GetOverhead();
    m_ctx.tunnels->Send(tunnel, p);
    if (m_trace)
    {
        m_trace(peer, tunnel->GetLocal(), tunnel->GetRemote(), octets, answer);
    }
}

Time
RoPairProber::NextProbeAt(Ipv4Address peer) const
{
    auto ps = m_peers.find(peer.Get());
    if (ps == m_peers.end() || ps->second.lastProbe == Time::Min())
    {
        return Time(0);
    }
    return ps->second.lastProbe + m_ctx.config.pairProbeInterval;
}

void
RoPairProber::Probe(Ipv4Address peer, const std::vector<Ptr<MipTunnel>>& candidates)
{
    PeerState& ps = m_peers[peer.Get()];
    if (candidates.empty() || !m_random)
    {
        return;
    }
    Time now = Simulator::Now();
    Ptr<MipTunnel> tunnel = candidates[ps.next++ % candidates.size()];
    PairState& pair = ps.pairs[{tunnel->GetLocal().Get(), tunnel->GetRemote().Get()}];
    pair.pair = {tunnel->GetLocal(), tunnel->GetRemote()};
    if (pair.nonce != 0 && ++pair.unanswered >= m_ctx.config.keepaliveMisses)
    {
        pair.rtt.Reset(); // the pair stopped answering: not a candidate until it does again
    }
    pair.nonce = (static_cast<uint64_t>(m_random->GetInteger(0, UINT32_MAX)) << 32) |
                 m_random->GetInteger(1, UINT32_MAX); // never 0 (a keepalive's)
    pair.sequence = ++ps.sequence;
    pair.sent = now;
    ps.lastProbe = now;
    Send(tunnel,
         MipIcmpEcho::MakeDatagram(m_ctx.homeAddress,
                                   peer,
                                   ProbeIdentifier(peer),
                                   pair.sequence,
                                   pair.nonce),
         peer,
         false);
}

void
RoPairProber::ProbeOtherPairs(Ipv4Address peer)
{
    EventId& timer = m_timers[peer.Get()];
    std::vector<Ptr<MipTunnel>> candidates = m_candidates(peer);
    if (timer.IsRunning() || candidates.empty() || !m_ctx.running)
    {
        return; // the timer stops while there is nothing to probe (a keepalive restarts it)
    }
    Time next = NextProbeAt(peer);
    if (next <= Simulator::Now())
    {
        Probe(peer, candidates);
        next = Simulator::Now() + m_ctx.config.pairProbeInterval;
    }
    timer =
        Simulator::Schedule(next - Simulator::Now(), &RoPairProber::ProbeOtherPairs, this, peer);
}

void
RoPairProber::EvaluatePairs(Ipv4Address peer)
{
    // Only once every other pair has been measured (or stopped answering): the first
    // faster pair found is not necessarily the fastest, and the hold-down follows a move.
    std::vector<Ptr<MipTunnel>> candidates = m_candidates(peer);
    if (candidates.empty() || !MayMove(peer) || !m_movePair || !Complete(peer, candidates))
    {
        return;
    }
    CareOfPairRtt current = m_current(peer);
    std::optional<CareOfPair> next =
        CareOfPairSelector::MeasuredBest(current, Measured(peer), m_ctx.config);
    if (next && m_movePair(peer, *next))
    {
        OnMoved(peer, current);
    }
}

void
RoPairProber::StopProbing(Ipv4Address peer)
{
    auto timer = m_timers.find(peer.Get());
    if (timer != m_timers.end())
    {
        timer->second.Cancel();
    }
}

void
RoPairProber::Stop()
{
    for (auto& [key, timer] : m_timers)
    {
        timer.Cancel();
    }
}

RoPairProber::Outcome
RoPairProber::Intercept(Ptr<MipTunnel> tunnel, const MipIcmpEcho::Parsed& echo)
{
    Ipv4Address peer = tunnel->GetHomeAddress();
    if (!echo.reply && echo.identifier == ProbeIdentifier(m_ctx.homeAddress) && echo.nonce != 0)
    {
        // The peer measures this pair: answer through the tunnel it came by. Same size as
        // the probe, to an address of the peer's authenticated registration (the tunnel's
        // remote end): nothing to reflect or amplify; no state changes here.
        Send(tunnel,
             MipIcmpEcho::MakeReplyDatagram(m_ctx.homeAddress,
                                            peer,
                                            echo.identifier,
                                            echo.sequence,
                                            echo.nonce),
             peer,
             true);
        return Outcome::ANSWERED;
    }
    if (!echo.reply || echo.identifier != ProbeIdentifier(peer))
    {
        return Outcome::NOT_A_PROBE;
    }
    auto ps = m_peers.find(peer.Get());
    if (ps == m_peers.end())
    {
        return Outcome::IGNORED;
    }
    auto it = ps->second.pairs.find({tunnel->GetLocal().Get(), tunnel->GetRemote().Get()});
    if (it == ps->second.pairs.end() || it->second.nonce == 0 || it->second.nonce != echo.nonce ||
        it->second.sequence != echo.sequence)
    {
        return Outcome::IGNORED; // not the answer to our last probe on this pair
    }
    PairState& pair = it->second;
    pair.rtt.AddSample(Simulator::Now() - pair.sent);
    pair.nonce = 0;
    pair.unanswered = 0;
    return Outcome::SAMPLED;
}

std::vector<CareOfPairRtt>
RoPairProber::Measured(Ipv4Address peer) const
{
    std::vector<CareOfPairRtt> measured;
    auto ps = m_peers.find(peer.Get());
    if (ps != m_peers.end())
    {
        for (const auto& [key, pair] : ps->second.pairs)
        {
            measured.push_back({pair.pair, pair.rtt.GetSrtt(), pair.rtt.GetSamples()});
        }
    }
    return measured;
}

bool
RoPairProber::Complete(Ipv4Address peer, const std::vector<Ptr<MipTunnel>>& candidates) const
{
    auto ps = m_peers.find(peer.Get());
    if (ps == m_peers.end())
    {
        return false;
    }
    for (const Ptr<MipTunnel>& t : candidates)
    {
        auto it = ps->second.pairs.find({t->GetLocal().Get(), t->GetRemote().Get()});
        if (it == ps->second.pairs.end() ||
            (it->second.rtt.GetSamples() < m_ctx.config.pairProbeSamples &&
             it->second.unanswered < m_ctx.config.keepaliveMisses))
        {
            return false;
        }
    }
    return true;
}

bool
RoPairProber::MayMove(Ipv4Address peer) const
{
    auto ps = m_peers.find(peer.Get());
    return ps == m_peers.end() || ps->second.lastMove == Time::Min() ||
           Simulator::Now() - ps->second.lastMove >= m_ctx.config.pairHoldDown;
}

void
RoPairProber::OnMoved(Ipv4Address peer, const CareOfPairRtt& left)
{
    PeerState& ps = m_peers[peer.Get()];
    ps.lastMove = Simulator::Now();
    PairState& pair = ps.pairs[{left.pair.mrCareOf.Get(), left.pair.crCareOf.Get()}];
    pair.pair = left.pair;
    pair.rtt.Reset();
    for (uint32_t i = 0;
         i < std::min(left.samples, std::max<uint32_t>(1, m_ctx.config.pairProbeSamples));
         ++i)
    {
        pair.rtt.AddSample(left.srtt); // what its keepalives measured, as so many samples
    }
    pair.nonce = 0;
    pair.unanswered = 0;
}

void
RoPairProber::Forget(Ipv4Address peer)
{
    auto ps = m_peers.find(peer.Get());
    if (ps != m_peers.end())
    {
        ps->second.pairs.clear(); // the hold-down is kept
    }
}

void
RoPairProber::Clear()
{
    m_peers.clear();
    m_timers.clear();
}

} // namespace ns3
