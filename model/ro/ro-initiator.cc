/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ro-initiator.h"

#include "care-of-pair-selector.h"

#include "ns3/log.h"
#include "ns3/mip-auth-extension.h"
#include "ns3/mip-registration-request.h"
#include "ns3/nemo-extensions.h"
#include "ns3/return-routability-keys.h"
#include "ns3/ro-extensions.h"
#include "ns3/simulator.h"
#include "ns3/udp-tunnel-extensions.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RoInitiator");

RoInitiator::RoInitiator(RoContext& context, RoDirectTunnelSet& tunnels)
    : m_ctx(context),
      m_tunnels(tunnels)
{
}

void
RoInitiator::SetCallbacks(ChooseUplinkCallback chooseUplink, HasSessionCallback hasSession)
{
    m_chooseUplink = chooseUplink;
    m_hasSession = hasSession;
}

RoInitiator::Session&
RoInitiator::Get(Ipv4Address peer)
{
    return m_sessions[peer.Get()];
}

const RoInitiator::Session*
RoInitiator::Find(Ipv4Address peer) const
{
    auto it = m_sessions.find(peer.Get());
    return it == m_sessions.end() ? nullptr : &it->second;
}

bool
RoInitiator::HasSession(Ipv4Address peer) const
{
    return Find(peer) != nullptr;
}

bool
RoInitiator::IsPending(Ipv4Address peer) const
{
    const Session* s = Find(peer);
    return s && s->pending;
}

Ipv4Address
RoInitiator::GetPairCareOf(Ipv4Address peer) const
{
    const Session* s = Find(peer);
    return s ? s->pairCareOf : Ipv4Address::GetZero();
}

void
RoInitiator::SetPairCareOf(Ipv4Address peer, Ipv4Address careOf)
{
    Get(peer).pairCareOf = careOf;
}

Time
RoInitiator::GetStarted(Ipv4Address peer) const
{
    const Session* s = Find(peer);
    return s ? s->rrStarted : Time();
}

// ---------------------------------------------------------------- return routability

void
RoInitiator::StartRouteOptimization(Ipv4Address peer)
{
    RocEntry* entry = m_ctx.cache.Find(peer);
    Session& s = Get(peer);
    std::optional<RoUplink> uplink = m_chooseUplink(peer);
    if (!m_ctx.running || !entry || !uplink || s.pending ||
        m_tunnels.IsAwaitingFirstKeepalive(peer) || Simulator::Now() < s.holdDownUntil ||
        m_ctx.declined)
    {
        return;
    }
    if (entry->outboundOnly)
    {
        // Behind a NAT or stateful firewall (Info=1): a tunnel we open towards it cannot get
        // in; that router initiates route optimization itself when it forwards to us
        // (RFC 6521 section 6.1, notes 1.7.11). Two such routers: no route optimization.
        if (!s.outboundOnlyNoted)
        {
            s.outboundOnlyNoted = true;
            RoPeerEventInfo e(peer, RoPeerEvent::NO_RO);
            e.bothBehindNats = m_ctx.behindNat;
            m_ctx.peerEvent(e);
        }
        return;
    }
    const RrRecord* rr = entry->FindRr(uplink->careOf);
    if (rr && rr->state == RrState::IN_PROGRESS)
    {
        return;
    }
    entry->mrCareOf = uplink->careOf;
    s.rrStarted = Simulator::Now();
    if (entry->staticKrm)
    {
        SendRegistration(peer, static_cast<uint16_t>(m_ctx.config.bindingLifetime.GetSeconds()));
        return;
    }
    // Tokens are accepted at least MAX_TOKEN_LIFETIME after they were made: reuse a
    // home token younger than that (partial RR after a move, RFC 6521 section 3.2).
    bool homeValid = rr && !rr->homeToken.empty() &&
                     Simulator::Now() - rr->homeTokenTime <
                         Seconds(ReturnRoutabilityKeys::MAX_TOKEN_LIFETIME - 30);
    StartReturnRoutability(peer, homeValid);
}

void
RoInitiator::StartReturnRoutability(Ipv4Address peer, bool partial)
{
    RocEntry& entry = *m_ctx.cache.Find(peer);
    RrRecord& rr = entry.GetRr(entry.mrCareOf);
    Session& s = Get(peer);
    rr.state = RrState::IN_PROGRESS;
    // A fresh cookie replaces the record's old one in the index that HoT/CoT are matched by.
    auto renew = [this, peer, coa = entry.mrCareOf](uint64_t& cookie) {
        m_cookies.erase(cookie);
        cookie = (static_cast<uint64_t>(m_ctx.random->GetInteger(0, UINT32_MAX)) << 32) |
                 m_ctx.random->GetInteger(0, UINT32_MAX);
        m_cookies[cookie] = {peer, coa};
    };
    if (!partial)
    {
        rr.homeToken.clear();
        rr.homeNonceIndex.reset();
        renew(rr.homeCookie);
    }
    rr.careOfToken.clear();
    rr.careOfNonceIndex.reset();
    renew(rr.careOfCookie);
    rr.krm.clear();
    s.partial = partial;
    s.rrAttempts = 0;
    s.rrTimeout = m_ctx.config.retransmission;
    RoPeerEventInfo started(peer, RoPeerEvent::RR_STARTED);
    started.partial = partial;
    m_ctx.peerEvent(started);
    SendTestInits(peer);
}

void
RoInitiator::SendTestInits(Ipv4Address peer)
{
    RocEntry& entry = *m_ctx.cache.Find(peer);
    RrRecord& rr = entry.GetRr(entry.mrCareOf);
    Session& s = Get(peer);
    if (rr.homeToken.empty())
    {
        // HoTI from the home address: through the reverse tunnel, the HA, the CR's tunnel.
        m_ctx.send(m_ctx.homeAddress,
                   ReturnRoutabilityInit(MIP_HOME_TEST_INIT, rr.homeCookie),
                   peer,
                   MIP_UDP_PORT,
                   "HoTI");
    }
    if (rr.careOfToken.empty())
    {
        // CoTI from the care-of address: natively to the CR's home address (via the HA).
        m_ctx.send(entry.mrCareOf,
                   ReturnRoutabilityInit(MIP_CARE_OF_TEST_INIT, rr.careOfCookie),
                   peer,
                   MIP_UDP_PORT,
                   "CoTI");
    }
    s.rrTimer =
        Simulator::Schedule(s.rrTimeout, &RoInitiator::OnReturnRoutabilityTimeout, this, peer);
}

void
RoInitiator::OnReturnRoutabilityTimeout(Ipv4Address peer)
{
    Session& s = Get(peer);
    if (++s.rrAttempts > m_ctx.config.maxRetransmissions)
    {
        RocEntry& entry = *m_ctx.cache.Find(peer);
        entry.GetRr(entry.mrCareOf).state = RrState::INACTIVE;
        m_tunnels.FallBack(peer, RoFallbackReason::RR_TIMEOUT);
        return;
    }
    s.rrTimeout = s.rrTimeout * 2;
    SendTestInits(peer);
}

void
RoInitiator::ProcessTest(const ReturnRoutabilityTest& msg, Ipv4Address to)
{
    bool home = msg.IsHomeTest();
    // One hash look-up by cookie, whatever the number of routers in the cache.
    RocEntry* match = nullptr;
    RrRecord* record = nullptr;
    auto it = m_cookies.find(msg.GetCookie());
    if (it != m_cookies.end())
    {
        auto [peerHoa, coa] = it->second;
        RocEntry* entry = m_ctx.cache.Find(peerHoa);
        RrRecord* rr = entry ? &entry->GetRr(coa) : nullptr;
        if (rr && rr->state == RrState::IN_PROGRESS &&
            (home ? rr->homeCookie : rr->careOfCookie) == msg.GetCookie() &&
            (home ? to == m_ctx.homeAddress : coa == to))
        {
            match = entry;
            record = rr;
            m_cookies.erase(it); // each cookie answers one test
        }
    }
    if (!match)
    {
        NS_LOG_WARN(m_ctx.homeAddress << ": " << (home ? "HoT" : "CoT") << " matches no cookie");
        return;
    }
    MipBytes token = ReturnRoutabilityKeys::TokenFromU64(msg.GetKeygenToken());
    if (home)
    {
        record->homeToken = token;
        record->homeNonceIndex = msg.GetNonceIndex();
        record->homeTokenTime = Simulator::Now();
    }
    else
    {
        record->careOfToken = token;
        record->careOfNonceIndex = msg.GetNonceIndex();
        record->careOfTokenTime = Simulator::Now();
    }
    if (record->homeToken.empty() || record->careOfToken.empty())
    {
        return;
    }
    Ipv4Address peer = match->crHomeAddress;
    Get(peer).rrTimer.Cancel();
    record->krm = ReturnRoutabilityKeys::RegistrationKey(record->homeToken, record->careOfToken);
    record->state = RrState::ACTIVE;
    m_ctx.Trace(peer, RoPeerEvent::KRM_ESTABLISHED);
    SendRegistration(peer, static_cast<uint16_t>(m_ctx.config.bindingLifetime.GetSeconds()));
}

// ---------------------------------------------------------------- registration

MipBytes
RoInitiator::KeyFor(Ipv4Address peer, Ipv4Address careOf, bool deregistration) const
{
    const RocEntry* entry = m_ctx.cache.Find(peer);
    if (entry->staticKrm)
    {
        return *entry->staticKrm;
    }
    const RrRecord* rr = entry->FindRr(careOf);
    if (!rr || (deregistration && rr->homeToken.empty()))
    {
        return {}; // no key yet (e.g. the Home Test has not arrived)
    }
    return deregistration ? ReturnRoutabilityKeys::DeregistrationKey(rr->homeToken) : rr->krm;
}

void
RoInitiator::SendRegistration(Ipv4Address peer, uint16_t lifetime)
{
    RocEntry& entry = *m_ctx.cache.Find(peer);
    Session& s = Get(peer);
    const RrRecord* rr = entry.FindRr(entry.mrCareOf);
    MipBytes key = KeyFor(peer, entry.mrCareOf, lifetime == 0);
    if (key.empty())
    {
        return;
    }
    using R = MipRegistrationRequest;
    MipRegistrationRequest rrq;
    rrq.SetFlag(R::FLAG_D, true);
    rrq.SetFlag(R::FLAG_T, true);
    rrq.SetFlag(R::FLAG_G, m_ctx.config.encapsulation == MipEncapsulation::GRE);
    rrq.SetLifetime(lifetime);
    rrq.SetHomeAddress(m_ctx.homeAddress);
    rrq.SetHomeAgent(m_ctx.homeAgent);
    rrq.SetCareOfAddress(entry.mrCareOf);
    rrq.SetIdentification(m_ctx.identification->Next(Simulator::Now()));
    if (lifetime > 0)
    {
        for (const MipPrefix& p : m_ctx.networks)
        {
            rrq.AddExtension(MobileNetworkRequestExtension(p.network, p.length).ToExtension());
        }
    }
    if (lifetime > 0 && m_ctx.UseUdp(entry))
    {
        // How a CR-directed request asks for UDP is not stated (A7): the RFC 3519 UDP Tunnel
        // Request, forced, IP in UDP.
        rrq.AddExtension(UdpTunnelRequestExtension(true, 4).ToExtension());
    }
    uint16_t homeIndex = entry.staticKrm ? 0 : rr->homeNonceIndex.value_or(0);
    uint16_t careOfIndex = entry.staticKrm || lifetime == 0 ? 0 : rr->careOfNonceIndex.value_or(0);
    McAuthExtension::Append(rrq, homeIndex, careOfIndex, key);
    s.pending = lifetime > 0;
    s.pendingId = rrq.GetIdentification();
    s.pendingLifetime = lifetime;
    s.pendingKey = key; // the reply is checked with this key, whatever changes meanwhile
    s.awaitingReply = true;
    if (s.regAttempts == 0)
    {
        s.regTimeout = m_ctx.config.retransmission;
    }
    m_ctx.send(entry.mrCareOf, rrq, peer, MIP_UDP_PORT, "RRQ");
    m_ctx.Trace(peer,
                lifetime > 0 ? RoPeerEvent::REGISTRATION_SENT : RoPeerEvent::DEREGISTRATION_SENT);
    if (lifetime > 0)
    {
        s.regTimer =
            Simulator::Schedule(s.regTimeout, &RoInitiator::OnRegistrationTimeout, this, peer);
    }
}

void
RoInitiator::OnRegistrationTimeout(Ipv4Address peer)
{
    Session& s = Get(peer);
    if (++s.regAttempts > m_ctx.config.maxRetransmissions)
    {
        s.pending = false;
        s.regAttempts = 0;
        // RFC 6521 section 3.3.6: no reply from the CR: delete the routes to its networks.
        m_tunnels.FallBack(peer, RoFallbackReason::NO_REPLY);
        return;
    }
    s.regTimeout = s.regTimeout * 2;
    SendRegistration(peer, s.pendingLifetime);
}

void
RoInitiator::ProcessReply(MipRegistrationReply& reply, Ipv4Address from)
{
    Ipv4Address peer = from;
    // Nothing is allocated for a source we sent no request to (A5): look up, never create.
    RocEntry* entry = m_ctx.cache.Find(peer);
    if (!entry || !m_hasSession(peer) || reply.GetHomeAddress() != m_ctx.homeAddress)
    {
        NS_LOG_WARN(m_ctx.homeAddress << ": reply from " << from << " matches no request");
        m_ctx.drop(ProtocolDrop::UNSOLICITED_REPLY, 1, from);
        return;
    }
    auto session = m_sessions.find(peer.Get());
    if (session == m_sessions.end() || !session->second.awaitingReply)
    {
        // No request outstanding (never sent, or already answered): a copy or a forgery.
        m_ctx.drop(ProtocolDrop::UNSOLICITED_REPLY, 1, from);
        return;
    }
    Session& s = session->second;
    uint8_t code = reply.GetCode();
    if (!reply.AnswersRequest(s.pendingId)) // RFC 5944 sections 3.6.2.1, 5.7.1
    {
        NS_LOG_WARN(m_ctx.homeAddress << ": reply from " << from << " matches no request");
        m_ctx.drop(ProtocolDrop::IDENTIFICATION_MISMATCH, 1, from);
        return;
    }
    bool nonceError =
        code >= MIP_REPLY_CR_EXPIRED_HOME_NONCE && code <= MIP_REPLY_CR_EXPIRED_NONCES;
    // A CR that cannot verify our authenticator answers 131 unsigned (RoResponder).
    bool authFailure = code == MIP_REPLY_HA_MN_AUTH_FAILED;
    // On success reply holds only what the MC authenticator covers (RFC 5944 section
    // 3.5.2): a Care-of Address or UDP Tunnel Reply extension appended after it is ignored.
    // The key the request was signed with: recomputing it now could give another (the
    // active uplink may have changed) or none (no tokens), and an empty key is no key.
    size_t unauthenticated = 0;
    bool authentic =
        !s.pendingKey.empty() &&
        McAuthExtension::Authenticate(reply, s.pendingKey, &unauthenticated) == McAuthResult::OK;
    // An unauthenticated 131 is believed only while no binding with the CR exists (see
    // AcceptsUnauthenticatedRefusal): it stops a doomed request; it never ends a binding.
    if (!authentic && !nonceError && !(authFailure && AcceptsUnauthenticatedRefusal(*entry)))
    {
        NS_LOG_WARN(m_ctx.homeAddress << ": reply from " << from << " fails authentication");
        m_ctx.drop(ProtocolDrop::AUTHENTICATION_FAILED, 1, from);
        return;
    }
    if (!authentic)
    {
        // RFC 6521 section 3.3.3: a CR whose nonces expired cannot compute KRm, so 201-203
        // come unauthenticated, and so does its 131; only the code is used (RR runs again,
        // or we give up the attempt), nothing else.
        reply.GetExtensions().Clear();
        m_ctx.drop(ProtocolDrop::UNAUTHENTICATED_REFUSAL, 1, from);
    }
    if (unauthenticated > 0)
    {
        m_ctx.drop(ProtocolDrop::UNAUTHENTICATED_EXTENSIONS, unauthenticated, from);
    }
    s.awaitingReply = false; // the first matching reply closes the request
    s.regTimer.Cancel();
    s.regAttempts = 0;
    bool wasPending = s.pending;
    s.pending = false;
    if (!wasPending)
    {
        return; // the answer to a de-registration
    }
    if (nonceError)
    {
        // RFC 6521 section 3.2: the tokens expired: RRSTATE INACTIVE, run RR again.
        RrRecord& rr = entry->GetRr(entry->mrCareOf);
        rr.state = RrState::INACTIVE;
        bool homeExpired = code != MIP_REPLY_CR_EXPIRED_CARE_OF_NONCE;
        RoPeerEventInfo rejected(peer, RoPeerEvent::REGISTRATION_REJECTED);
        rejected.code = code;
        rejected.authenticated = authentic;
        m_ctx.peerEvent(rejected);
        StartReturnRoutability(peer, !homeExpired);
        return;
    }
    if (!MipReplyCodeIsSuccess(code))
    {
        RoPeerEventInfo rejected(peer, RoPeerEvent::REGISTRATION_REJECTED);
        rejected.code = code;
        rejected.authenticated = authentic;
        m_ctx.peerEvent(rejected);
        if (authFailure && !entry->staticKrm)
        {
            // Our KRm is not the CR's (e.g. its Kcr changed): the next attempt, after the
            // hold-down, runs return routability again (RFC 6521 section 3.2, RRSTATE).
            entry->GetRr(entry->mrCareOf).state = RrState::INACTIVE;
        }
        m_tunnels.FallBack(peer, RoFallbackReason::REGISTRATION_REFUSED);
        return;
    }
    RoPeerEventInfo accepted(peer,
                             code == MIP_REPLY_CONCURRENT_REGISTRATION
                                 ? RoPeerEvent::REGISTRATION_PRE_ACCEPTED
                                 : RoPeerEvent::REGISTRATION_ACCEPTED);
    accepted.code = code;
    m_ctx.peerEvent(accepted);
    OnAccepted(peer, reply, code);
}

bool
RoInitiator::AcceptsUnauthenticatedRefusal(const RocEntry& entry)
{
    // Only a first registration: no accepted binding with the CR and no direct tunnel in
    // use (in either role). A forged refusal then costs at most what dropping the request
    // costs (a fallback and a new attempt after HoldDown); it cannot end a working binding.
    return !entry.registeredWithPeer && !entry.tunnelActive && !entry.peerRegistered;
}

void
RoInitiator::OnAccepted(Ipv4Address peer, const MipRegistrationReply& reply, uint8_t code)
{
    RocEntry* entry = m_ctx.cache.Find(peer);
    Session& s = Get(peer);
    std::optional<CareOfAddressExtension> coas = CareOfAddressExtension::Find(reply);
    if (coas && !coas->GetCareOfAddresses().empty())
    {
        entry->crCareOfAddresses = coas->GetCareOfAddresses();
    }
    if (entry->crCareOfAddresses.empty())
    {
        m_tunnels.FallBack(peer, RoFallbackReason::NO_CARE_OF_ADDRESS);
        return;
    }
    bool wasRegistered = entry->registeredWithPeer;
    entry->registeredWithPeer = true;
    MipEncapsulation encapsulation =
        m_ctx.UseUdp(*entry) ? MipEncapsulation::UDP : m_ctx.config.encapsulation;
    if (encapsulation == MipEncapsulation::UDP)
    {
        std::optional<UdpTunnelReplyExtension> udp = UdpTunnelReplyExtension::Find(reply);
        encapsulation = udp && udp->IsAssent() ? MipEncapsulation::UDP : MipEncapsulation::IP_IN_IP;
    }
    Ipv4Address crCareOf = CareOfPairSelector::CorrespondentCareOf(*entry, entry->mrCareOf)
                               .value_or(entry->crCareOfAddresses.front());
    entry->tunnel = m_tunnels.MakeTunnel(peer, entry->mrCareOf, crCareOf, encapsulation);
    // The CR's other addresses: it may send from one of them after it moved.
    m_tunnels.MakeAlternateTunnels(peer,
                                   {entry->mrCareOf},
                                   entry->crCareOfAddresses,
                                   encapsulation);
    if ((encapsulation == MipEncapsulation::UDP || m_tunnels.IsProbing(peer)) &&
        !entry->tunnelActive)
    {
        // RFC 6521 section 3.3.4: send the first keepalive now; the UDP tunnel carries no
        // traffic until it is answered (Accept activates it). The same for a pair on trial
        // after another pair failed (section 6.1).
        m_tunnels.StartFirstKeepalive(peer);
    }
    // Code 2: success, but wait for the peer's own registration (RFC 6521 section 3.3.3).
    else if (code == MIP_REPLY_ACCEPTED || entry->peerRegistered)
    {
        bool wasActive = entry->tunnelActive;
        entry->tunnelActive = true;
        // The tunnel may already be active because the peer registered with us (CR role,
        // e.g. concurrent establishment): our own route optimization completes now anyway.
        if (!wasActive || !wasRegistered)
        {
            m_ctx.setup(peer, Simulator::Now() - s.rrStarted);
        }
        if (!m_ctx.config.keepaliveInterval.IsZero())
        {
            // The first keepalive at once: it tells the CR that our end exists.
            m_tunnels.KeepaliveNow(peer);
        }
    }
    s.refreshTimer.Cancel();
    s.refreshTimer =
        Simulator::Schedule(Seconds(reply.GetLifetime() * m_ctx.config.renewalFraction),
                            &RoInitiator::StartRouteOptimization,
                            this,
                            peer);
}

void
RoInitiator::DeregisterAll()
{
    m_ctx.cache.ForEach([this](RocEntry& entry) {
        if (entry.registeredWithPeer)
        {
            SendRegistration(entry.crHomeAddress, 0);
        }
    });
}

// ---------------------------------------------------------------- coordination

void
RoInitiator::OnFallBack(Ipv4Address peer)
{
    Session& s = Get(peer);
    s.refreshTimer.Cancel();
    s.rrTimer.Cancel();
    s.holdDownUntil = Simulator::Now() + m_ctx.config.holdDown;
    s.pairCareOf = Ipv4Address::GetZero();
}

void
RoInitiator::Restart(Ipv4Address peer)
{
    Session& s = Get(peer);
    s.pending = false;
    s.regTimer.Cancel();
    s.holdDownUntil = Time(0);
    Simulator::ScheduleNow(&RoInitiator::StartRouteOptimization, this, peer);
}

void
RoInitiator::Stop()
{
    for (auto& [key, s] : m_sessions)
    {
        for (EventId* e : {&s.rrTimer, &s.regTimer, &s.refreshTimer})
        {
            e->Cancel();
        }
    }
}

void
RoInitiator::Clear()
{
    m_sessions.clear();
}

void
RoInitiator::AddPeers(std::set<uint32_t>& peers) const
{
    for (const auto& [key, s] : m_sessions)
    {
        peers.insert(key);
    }
}

} // namespace ns3
