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

#include <utility>

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

void
RoInitiator::SetInsideOpening(RoInsideOpening* opening)
{
    m_opening = opening;
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
RoInitiator::SetPairCareOf(Ipv4Address peer, Ipv4Address careOf, Ipv4Address crCareOf)
{
    Get(peer).pairCareOf = careOf;
    Get(peer).pairCrCareOf = crCareOf;
}

bool
RoInitiator::TakeSetupPending(Ipv4Address peer)
{
    auto it = m_sessions.find(peer.Get());
    bool pending = it != m_sessions.end() && it->second.setupPending;
    if (pending)
    {
        it->second.setupPending = false;
    }
    return pending;
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
    if (s.awaitingPeerRegistration && !entry->peerRegistered)
    {
        // Code 2: registered, but the CR's own registration with us is still to come (RFC
        // 6521 section 3.3.3); traffic still goes via the HA meanwhile, and that is no
        // trigger for another registration.
        return;
    }
    if (entry->outboundOnly && !MayInitiateTowardsOutboundOnly(peer, uplink->careOf))
    {
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
    // RFC 6521 section 3.2: return routability only when RRSTATE is INACTIVE, i.e. for the
    // tokens that are missing or older than MAX_TOKEN_LIFETIME; a care-of address we have
    // no token for (after a handover) needs a CoTI only (section 3.3.6).
    RrNeed need = RoRrState::Need(rr, Simulator::Now(), m_ctx.config.maxTokenLifetime);
    if (need == RrNeed::NONE)
    {
        RoRrState::Complete(entry->GetRr(entry->mrCareOf)); // KRm of the valid tokens
        SendRegistration(peer, static_cast<uint16_t>(m_ctx.config.bindingLifetime.GetSeconds()));
        return;
    }
    StartReturnRoutability(peer, need);
}

bool
RoInitiator::MayInitiateTowardsOutboundOnly(Ipv4Address peer, Ipv4Address careOf)
{
    Session& s = Get(peer);
    bool bothBehindNats = m_ctx.IsNatted(careOf);
    // Public: "Signaling can still be initiated from outside!" (HAARO slides; section 3.2:
    // the CR receives it through its HA). Both behind NATs: once per care-of address of
    // ours, probing the CR's listed care-of addresses (only the same NAT lets it through).
    bool may =
        m_ctx.config.initiateTowardsOutboundOnly &&
        (!bothBehindNats || (m_ctx.config.natPairProbing && s.natProbeFailedCareOf != careOf));
    if (!may && !s.outboundOnlyNoted)
    {
        s.outboundOnlyNoted = true;
        RoPeerEventInfo e(peer, RoPeerEvent::NO_RO);
        e.bothBehindNats = bothBehindNats;
        m_ctx.peerEvent(e);
    }
    return may;
}

void
RoInitiator::Refresh(Ipv4Address peer)
{
    Get(peer).awaitingPeerRegistration = false;
    StartRouteOptimization(peer);
}

void
RoInitiator::StartReturnRoutability(Ipv4Address peer, RrNeed need)
{
    RocEntry& entry = *m_ctx.cache.Find(peer);
    RrRecord& rr = entry.GetRr(entry.mrCareOf);
    Session& s = Get(peer);
    RoRrState::Begin(rr, need);
    // A fresh cookie replaces the record's old one in the index that HoT/CoT are matched by.
    auto renew = [this, peer, coa = entry.mrCareOf](uint64_t& cookie) {
        m_cookies.erase(cookie);
        cookie = (static_cast<uint64_t>(m_ctx.random->GetInteger(0, UINT32_MAX)) << 32) |
                 m_ctx.random->GetInteger(0, UINT32_MAX);
        m_cookies[cookie] = {peer, coa};
    };
    if (rr.homeToken.empty())
    {
        renew(rr.homeCookie);
    }
    if (rr.careOfToken.empty())
    {
        renew(rr.careOfCookie);
    }
    s.partial = need != RrNeed::BOTH;
    s.rrAttempts = 0;
    s.rrTimeout = m_ctx.config.retransmission;
    s.rrRoundStarted = Simulator::Now();
    RoPeerEventInfo started(peer, RoPeerEvent::RR_STARTED);
    started.partial = s.partial;
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
        // Its age counts from the HoTI: the CR made the token after we sent it.
        record->homeTokenTime = Get(match->crHomeAddress).rrRoundStarted;
    }
    else
    {
        record->careOfToken = token;
        record->careOfNonceIndex = msg.GetNonceIndex();
        record->careOfTokenTime = Get(match->crHomeAddress).rrRoundStarted;
    }
    if (record->homeToken.empty() || record->careOfToken.empty())
    {
        return;
    }
    Ipv4Address peer = match->crHomeAddress;
    Get(peer).rrTimer.Cancel();
    RoRrState::Complete(*record);
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
    MipEncapsulation encapsulation = RequestedEncapsulation(entry);
    rrq.SetFlag(R::FLAG_G, encapsulation == MipEncapsulation::GRE);
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
    if (lifetime > 0 && encapsulation == MipEncapsulation::UDP)
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
        // Whether our tokens were the problem is unknown (a CR that cannot verify the
        // authenticator sends nothing; a NAT may have changed the address the care-of token
        // is bound to): the next attempt runs return routability again.
        if (RocEntry* entry = m_ctx.cache.Find(peer))
        {
            RoRrState::Invalidate(entry->GetRr(entry->mrCareOf));
        }
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
        // RFC 6521 sections 3.2, 3.3.3: the tokens the code names expired: RRSTATE
        // INACTIVE, return routability again for those (a token we still hold as valid
        // by MAX_TOKEN_LIFETIME is kept).
        RrRecord& rr = entry->GetRr(entry->mrCareOf);
        RoRrState::Refused(rr, code);
        RoPeerEventInfo rejected(peer, RoPeerEvent::REGISTRATION_REJECTED);
        rejected.code = code;
        rejected.authenticated = authentic;
        m_ctx.peerEvent(rejected);
        RrNeed need = RoRrState::Need(&rr, Simulator::Now(), m_ctx.config.maxTokenLifetime);
        StartReturnRoutability(peer, need == RrNeed::NONE ? RrNeed::BOTH : need);
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
    s.setupPending = true;
    s.refreshTimer.Cancel();
    s.refreshTimer =
        Simulator::Schedule(Seconds(reply.GetLifetime() * m_ctx.config.renewalFraction),
                            &RoInitiator::Refresh,
                            this,
                            peer);
    // Code 2 (RFC 6521 section 3.3.3): "consider the registration a success but only act on
    // it once the peer has completed its own registration", whatever the encapsulation: no
    // tunnel, no keepalive until the CR's request is accepted here (RoResponder), after
    // which the CR's first keepalive activates the tunnel it set up.
    s.awaitingPeerRegistration =
        code == MIP_REPLY_CONCURRENT_REGISTRATION && !entry->peerRegistered;
    if (s.awaitingPeerRegistration)
    {
        return;
    }
    MipEncapsulation encapsulation = RequestedEncapsulation(*entry);
    if (encapsulation == MipEncapsulation::UDP)
    {
        std::optional<UdpTunnelReplyExtension> udp = UdpTunnelReplyExtension::Find(reply);
        encapsulation = udp && udp->IsAssent() ? MipEncapsulation::UDP : MipEncapsulation::IP_IN_IP;
    }
    bool peerOpens = m_opening && m_opening->PeerOpens(*entry);
    bool keepOpened = peerOpens && (entry->tunnelActive || entry->peerRegistered) &&
                      entry->tunnel && entry->tunnel->GetLocal() == entry->mrCareOf;
    if (!keepOpened)
    {
        Ipv4Address crCareOf =
            CareOfPairSelector::CorrespondentCareOf(*entry, entry->mrCareOf, s.pairCrCareOf)
                .value_or(entry->crCareOfAddresses.front());
        if (entry->peerRegistered && entry->tunnelActive && entry->tunnel &&
            entry->tunnel->GetLocal() == entry->mrCareOf)
        {
            // The CR registered with us first and its keepalives proved the tunnel it set up
            // (possibly to a translated address): our own registration keeps that tunnel.
            crCareOf = entry->tunnel->GetRemote();
        }
        entry->tunnel = m_tunnels.MakeTunnel(peer, entry->mrCareOf, crCareOf, encapsulation);
        // The CR's other addresses: it may send from one of them after it moved. Registered
        // with each other, either may probe a pair: from each of our usable addresses.
        m_tunnels.MakeAlternateTunnels(peer,
                                       entry->peerRegistered
                                           ? m_ctx.UsableCareOfs()
                                           : std::vector<Ipv4Address>{entry->mrCareOf},
                                       entry->crCareOfAddresses,
                                       encapsulation);
    }
    bool awaitPeer = encapsulation == MipEncapsulation::UDP && !entry->tunnelActive && peerOpens;
    if (awaitPeer && keepOpened)
    {
        // The CR registered with us too (concurrently): the tunnel of that registration,
        // to its translated address, is verified by its own first keepalive (OnVerified).
    }
    else if (awaitPeer)
    {
        // An outbound-only CR opens the tunnel from inside its NAT (RFC 6521 section 6.1):
        // its care-of addresses are unreachable, its translated end is learnt by proof.
        m_opening->Await(peer);
    }
    else if ((encapsulation == MipEncapsulation::UDP || m_tunnels.IsProbing(peer)) &&
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
        // Active now: a first keepalive the CR role still waited for verifies nothing more
        // (and traces no second Setup).
        m_tunnels.SetAwaitingFirstKeepalive(peer, false);
        // The tunnel may already be active because the peer registered with us (CR role,
        // e.g. concurrent establishment): our own route optimization completes now anyway.
        if (!wasActive || !wasRegistered)
        {
            m_ctx.setup(peer, Simulator::Now() - s.rrStarted);
        }
        s.setupPending = false;
        if (!m_ctx.config.keepaliveInterval.IsZero())
        {
            // The first keepalive at once: it tells the CR that our end exists.
            m_tunnels.KeepaliveNow(peer);
        }
    }
}

MipEncapsulation
RoInitiator::RequestedEncapsulation(const RocEntry& entry) const
{
    // RFC 6521 section 3.3 (R13): UDP is mandatory from a care-of address behind a NAT (or
    // towards an outbound-only CR), whatever tunnel the CR's own registration set up: after
    // a move to a NATed uplink (section 3.3.6) the CR's tunnel still has the encapsulation
    // of our previous, public, care-of address (mutual registration, section 3.3.3), and IP
    // in IP does not cross the NAT.
    if (m_ctx.IsNatted(entry.mrCareOf) || entry.outboundOnly)
    {
        return MipEncapsulation::UDP;
    }
    // One tunnel per pair: the encapsulation of the one the CR set up with us when it
    // registered with us, if it ends at the care-of address we register from.
    if (entry.peerRegistered && entry.tunnel && entry.tunnel->GetLocal() == entry.mrCareOf)
    {
        return entry.tunnel->GetEncapsulation();
    }
    return m_ctx.UseUdp(entry) ? MipEncapsulation::UDP : m_ctx.config.encapsulation;
}

void
RoInitiator::OnPeerVerified(Ipv4Address peer)
{
    RocEntry* entry = m_ctx.cache.Find(peer);
    if (!m_ctx.config.mutualRegistration || !entry || !entry->peerRegistered ||
        entry->registeredWithPeer || IsPending(peer) || entry->outboundOnly || m_ctx.behindNat)
    {
        return;
    }
    Simulator::ScheduleNow(&RoInitiator::StartRouteOptimization, this, peer);
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

void
RoInitiator::ReregisterAll()
{
    std::vector<Ipv4Address> peers;
    std::as_const(m_ctx.cache).ForEach([&peers](const RocEntry& entry) {
        if (entry.registeredWithPeer)
        {
            peers.push_back(entry.crHomeAddress);
        }
    });
    for (Ipv4Address peer : peers)
    {
        Simulator::ScheduleNow(&RoInitiator::Refresh, this, peer);
    }
}

// ---------------------------------------------------------------- coordination

void
RoInitiator::OnFallBack(Ipv4Address peer)
{
    Session& s = Get(peer);
    const RocEntry* entry = m_ctx.cache.Find(peer);
    if (entry && entry->outboundOnly && m_ctx.IsNatted(entry->mrCareOf) && !entry->tunnelActive &&
        entry->registeredWithPeer)
    {
        // Both behind NATs and no pair of ours with the CR's listed addresses answered: not
        // the same NAT (RFC 6521 section 6.1: recorded; section 3.3.4: no RO).
        s.natProbeFailedCareOf = entry->mrCareOf;
    }
    s.refreshTimer.Cancel();
    s.rrTimer.Cancel();
    s.awaitingPeerRegistration = false;
    s.holdDownUntil = Simulator::Now() + m_ctx.config.holdDown;
    s.pairCareOf = Ipv4Address::GetZero();
    s.pairCrCareOf = Ipv4Address::GetZero();
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
