/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ro-responder.h"

#include "ro-inside-opening.h"

#include "ns3/log.h"
#include "ns3/mip-auth-extension.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/mip-registration-request.h"
#include "ns3/nemo-extensions.h"
#include "ns3/ns3-compat.h"
#include "ns3/return-routability-keys.h"
#include "ns3/ro-extensions.h"
#include "ns3/simulator.h"
#include "ns3/udp-tunnel-extensions.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RoResponder");

RoResponder::RoResponder(RoContext& context, RoDirectTunnelSet& tunnels)
    : m_ctx(context),
      m_tunnels(tunnels)
{
}

void
RoResponder::SetCallbacks(IsPendingCallback isPending, SolicitCallback solicit)
{
    m_isPending = isPending;
    m_solicit = solicit;
}

void
RoResponder::SetRandom(Ptr<UniformRandomVariable> random)
{
    m_keys.SetRandomStream(random);
}

RoResponder::Session&
RoResponder::Get(Ipv4Address peer)
{
    return m_sessions[peer.Get()];
}

bool
RoResponder::HasSession(Ipv4Address peer) const
{
    return m_sessions.count(peer.Get()) > 0;
}

size_t
RoResponder::GetDeferredUnknownCount() const
{
    return m_deferredUnknown.size();
}

void
RoResponder::AnswerTestInit(const ReturnRoutabilityInit& msg, Ipv4Address from, uint16_t port)
{
    // Stateless (RFC 6521 section 3.2): the token is bound to the address the init came
    // from, as seen here (the home address for HoTI, the possibly translated care-of
    // address for CoTI).
    Time now = Simulator::Now();
    bool home = msg.IsHomeTestInit();
    CorrespondentKeys::Token token =
        home ? m_keys.MakeHomeToken(from, now) : m_keys.MakeCareOfToken(from, now);
    ReturnRoutabilityTest reply(home ? MIP_HOME_TEST : MIP_CARE_OF_TEST,
                                token.nonceIndex,
                                msg.GetCookie(),
                                ReturnRoutabilityKeys::TokenToU64(token.token));
    m_ctx.send(m_ctx.homeAddress, reply, from, port, home ? "HoT" : "CoT");
}

void
RoResponder::ProcessRequest(const MipBytes& bytes, Ipv4Address from, uint16_t port, bool mayDefer)
{
    MipRegistrationRequest rrq;
    std::optional<McAuthExtension> auth;
    if (rrq.FromBytes(bytes) == 0 || !(auth = McAuthExtension::Find(rrq)))
    {
        NS_LOG_WARN(m_ctx.homeAddress << ": dropping malformed or non-RO request from " << from);
        return;
    }
    Ipv4Address peer = rrq.GetHomeAddress();
    // RFC 5944 section 3.6.1.2: "IP explicitly allows duplication of datagrams" (a Home Agent
    // with simultaneous bindings tunnels a copy to each care-of address): a copy of a
    // request that waits for the HA's answer is answered once, with the waiting one.
    auto unknown = m_deferredUnknown.find(peer.Get());
    auto waiting = m_sessions.find(peer.Get());
    if (mayDefer && ((unknown != m_deferredUnknown.end() && unknown->second.request == bytes) ||
                     (waiting != m_sessions.end() && waiting->second.awaitingSolicitation &&
                      waiting->second.deferredRequest == bytes)))
    {
        NS_LOG_INFO(m_ctx.homeAddress << ": copy of the deferred RO request of " << peer);
        return;
    }
    bool deregistration = rrq.GetLifetime() == 0;
    Time now = Simulator::Now();
    MipRegistrationReply reply;
    reply.SetHomeAddress(peer);
    reply.SetHomeAgent(rrq.GetHomeAgent());
    reply.SetIdentification(rrq.GetIdentification());
    auto send = [&](uint8_t code, const MipBytes& key) {
        reply.SetCode(code);
        if (!key.empty())
        {
            McAuthExtension::Append(reply,
                                    auth->GetHomeNonceIndex(),
                                    auth->GetCareOfNonceIndex(),
                                    key);
        }
        m_ctx.send(m_ctx.homeAddress, reply, from, port, "RRP");
    };

    // The key: statically provisioned, or rebuilt from Kcr, the nonce indices, the home
    // address and the address the request came from (RFC 6521 sections 3.2, 3.3.3).
    MipBytes key;
    RocEntry* known = m_ctx.cache.Find(peer);
    if (known && known->staticKrm)
    {
        key = *known->staticKrm;
    }
    else
    {
        bool homeOk = m_keys.CheckNonce(auth->GetHomeNonceIndex(), now) ==
                      CorrespondentKeys::NonceStatus::VALID;
        bool careOfOk = deregistration || m_keys.CheckNonce(auth->GetCareOfNonceIndex(), now) ==
                                              CorrespondentKeys::NonceStatus::VALID;
        if (!homeOk || !careOfOk)
        {
            reply.SetCode(!homeOk && !careOfOk ? MIP_REPLY_CR_EXPIRED_NONCES
                          : !homeOk            ? MIP_REPLY_CR_EXPIRED_HOME_NONCE
                                               : MIP_REPLY_CR_EXPIRED_CARE_OF_NONCE);
            return SendErrorReply(reply, from, port);
        }
        MipBytes homeToken = *m_keys.HomeToken(auth->GetHomeNonceIndex(), peer, now);
        key = deregistration ? ReturnRoutabilityKeys::DeregistrationKey(homeToken)
                             : ReturnRoutabilityKeys::RegistrationKey(
                                   homeToken,
                                   *m_keys.CareOfToken(auth->GetCareOfNonceIndex(), from, now));
    }
    // On success rrq holds only what the MC authenticator covers (RFC 5944 section 3.5.2,
    // RFC 6521 section 5.3): Mobile Network Requests appended after it are not seen.
    size_t unauthenticated = 0;
    if (McAuthExtension::Authenticate(rrq, key, &unauthenticated) != McAuthResult::OK)
    {
        m_ctx.drop(ProtocolDrop::AUTHENTICATION_FAILED, 1, from);
        NS_LOG_WARN(m_ctx.homeAddress << ": RO request of " << peer << " from " << from
                                      << " fails authentication (nonce indices "
                                      << auth->GetHomeNonceIndex() << ", "
                                      << auth->GetCareOfNonceIndex() << ")");
        m_ctx.peerEvent(RoPeerEventInfo(peer, RoPeerEvent::REQUEST_UNAUTHENTICATED));
        // RFC 6521 section 3.3.3: "If the check fails, an appropriate Registration Reply
        // code is sent": 131 (RFC 5944's "mobile node failed authentication"; section 10
        // defines CR codes only for expired nonces). Unsigned: the key we computed is not
        // the sender's, so it could not verify a signature anyway (RFC 5944 section
        // 3.6.2.1: with an authentication failure "it is quite possible that any
        // authenticators in the Registration Reply will also be in error").
        reply.SetCode(MIP_REPLY_HA_MN_AUTH_FAILED);
        return SendErrorReply(reply, from, port);
    }
    if (unauthenticated > 0)
    {
        m_ctx.drop(ProtocolDrop::UNAUTHENTICATED_EXTENSIONS, unauthenticated, from);
    }
    std::vector<MobileNetworkRequestExtension> requests =
        MobileNetworkRequestExtension::FindAll(rrq);
    // One acknowledgement per requested prefix (RFC 5177 section 3.2): a length of 0 or
    // more than 32 gets MOBNET_INVALID_PREFIX_LEN and is never looked up (A7); the others
    // MOBNET_SUCCESS when confirmed for the peer by the HA, else MOBNET_UNAUTHORIZED.
    auto acknowledge = [&](const RocEntry* confirmedBy) {
        for (const auto& r : requests)
        {
            uint8_t status = MOBNET_UNAUTHORIZED;
            if (!r.IsPrefixLengthValid())
            {
                status = MOBNET_INVALID_PREFIX_LEN;
                m_ctx.drop(ProtocolDrop::INVALID_PREFIX, 1, from);
            }
            else if (confirmedBy &&
                     confirmedBy->IsConfirmed(MipPrefix{r.GetPrefix(), r.GetPrefixLength()}))
            {
                status = MOBNET_SUCCESS;
            }
            reply.AddExtension(
                MobileNetworkAckExtension(MobileNetworkAckExtension::SUBTYPE_EXPLICIT,
                                          status,
                                          r.GetPrefix(),
                                          r.GetPrefixLength())
                    .ToExtension());
        }
    };
    if (!known)
    {
        // RFC 6521 section 3.3.3: the CR checks that the MR exists in its cache; a home
        // address its HA never advertised may be solicited (a bounded number of times, A8),
        // otherwise the registration is "rejected completely" (administratively prohibited,
        // every prefix MOBNET_UNAUTHORIZED): no cache entry, session or tunnel for it.
        if (deregistration)
        {
            return send(MIP_REPLY_ACCEPTED, key); // nothing bound, nothing to remove
        }
        if (mayDefer && m_solicit && m_deferredUnknown.count(peer.Get()) == 0 &&
            TakeUnknownSolicitation(peer))
        {
            m_deferredUnknown[peer.Get()] = DeferredUnknown{bytes, from, port};
            m_ctx.Trace(peer, RoPeerEvent::SOLICIT);
            m_solicit(peer);
            if (!m_deferredUnknownTimer.IsRunning())
            {
                m_deferredUnknownTimer = Simulator::Schedule(m_ctx.config.solicitationWait,
                                                             &RoResponder::ProcessDeferredUnknown,
                                                             this);
            }
            return;
        }
        m_ctx.drop(ProtocolDrop::UNKNOWN_PEER, 1, from);
        NS_LOG_WARN(m_ctx.homeAddress << ": RO request of " << peer
                                      << ", a home address our HA never advertised, refused");
        acknowledge(nullptr);
        return send(MIP_REPLY_HA_PROHIBITED, key);
    }
    Session& s = Get(peer);
    if (s.replay.Check(rrq.GetIdentification(), now) != MipReplayResult::ACCEPT)
    {
        reply.SetIdentification(s.replay.MakeMismatchIdentification(rrq.GetIdentification(), now));
        m_ctx.peerEvent(RoPeerEventInfo(peer, RoPeerEvent::REQUEST_REPLAYED));
        return send(MIP_REPLY_HA_ID_MISMATCH, key);
    }
    RocEntry& entry = *known;
    if (deregistration)
    {
        s.replay.Accept(rrq.GetIdentification());
        entry.peerRegistered = false;
        s.bindingExpiry.Cancel();
        m_ctx.peerEvent(RoPeerEventInfo(peer, RoPeerEvent::PEER_DEREGISTERED));
        m_tunnels.FallBack(peer, RoFallbackReason::PEER_DEREGISTERED);
        return send(MIP_REPLY_ACCEPTED, key);
    }
    // Prefixes must have been confirmed by the HA (RFC 6521 section 3.3.3); if not, ask
    // the HA once (S flag) and decide when its answer is in.
    bool unconfirmed = false;
    for (const auto& r : requests)
    {
        unconfirmed |= r.IsPrefixLengthValid() &&
                       !entry.IsConfirmed(MipPrefix{r.GetPrefix(), r.GetPrefixLength()});
    }
    if (unconfirmed && mayDefer && !s.awaitingSolicitation && s.deferredRequest.empty() &&
        m_solicit)
    {
        s.awaitingSolicitation = true;
        s.deferredRequest = bytes;
        s.deferredSource = from;
        s.deferredPort = port;
        m_ctx.peerEvent(RoPeerEventInfo(peer, RoPeerEvent::SOLICIT));
        m_solicit(peer);
        s.deferredTimer = HaaroSchedule(m_ctx.config.solicitationWait, [this, peer]() {
            Session& session = Get(peer);
            session.awaitingSolicitation = false;
            MipBytes request = session.deferredRequest;
            session.deferredRequest.clear();
            ProcessRequest(request, session.deferredSource, session.deferredPort, false);
        });
        return;
    }
    s.replay.Accept(rrq.GetIdentification());
    std::optional<RoUplink> uplink = m_ctx.ActiveUplink();
    if (!uplink)
    {
        return send(MIP_REPLY_HA_INSUFFICIENT_RESOURCES, key);
    }
    acknowledge(&entry);
    if (!requests.empty())
    {
        // The request lists the MR's networks "as if registering in explicit mode" (RFC 6521
        // section 3.3.3), so a refresh that leaves one out withdraws it (RFC 5177 section
        // 6.3: "delete those prefixes ... and disable forwarding"): we stop routing it into
        // the tunnel; the prefix is back only when the HA confirms it again.
        std::vector<MipPrefix> withdrawn;
        for (const RocPrefix& r : entry.prefixes)
        {
            bool listed = r.prefix == MipPrefix{peer, MipPrefix::MAX_LENGTH};
            for (const auto& q : requests)
            {
                listed |= q.IsPrefixLengthValid() &&
                          r.prefix == MipPrefix{q.GetPrefix().CombineMask(q.GetMask()),
                                                q.GetPrefixLength()};
            }
            if (!listed)
            {
                withdrawn.push_back(r.prefix);
            }
        }
        for (const MipPrefix& w : withdrawn)
        {
            NS_LOG_INFO(m_ctx.homeAddress << ": " << peer << " no longer registers " << w);
            m_ctx.cache.RemovePrefix(peer, w);
        }
    }
    // Concurrent establishment: the smaller home address pre-accepts with code 2.
    uint8_t code = m_isPending(peer) && m_ctx.homeAddress.Get() < peer.Get()
                       ? MIP_REPLY_CONCURRENT_REGISTRATION
                       : MIP_REPLY_ACCEPTED;
    if (entry.mrCareOf == Ipv4Address() || !m_ctx.UplinkOf(entry.mrCareOf))
    {
        // Our end: an uplink without a NAT if we have one (RFC 6521 section 3.1.2).
        entry.mrCareOf = m_ctx.CareOfsPublicFirst().front();
    }
    // Tunnel back to the address the request came from (RFC 6521 section 6.1); both
    // behind NATs, to the MR's own care-of address (only the same NAT joins us).
    Ipv4Address back =
        RoInsideOpening::TunnelBackTo(m_ctx, entry.mrCareOf, from, rrq.GetCareOfAddress());
    // When we are registered with it too (mutual registration, RFC 6521 section 3.3.3), the
    // addresses its reply listed stay known for pair probing, behind this one.
    std::vector<Ipv4Address> peerCareOfs = {back};
    if (entry.registeredWithPeer)
    {
        for (Ipv4Address a : entry.crCareOfAddresses)
        {
            if (a != back)
            {
                peerCareOfs.push_back(a);
            }
        }
    }
    entry.crCareOfAddresses = peerCareOfs;
    // The MR chose the encapsulation (G flag, RFC 5944 section 3.1): use the same one, or
    // each end would drop what the other sends.
    std::optional<UdpTunnelRequestExtension> udp = UdpTunnelRequestExtension::Find(rrq);
    MipEncapsulation encapsulation = udp ? MipEncapsulation::UDP
                                     : rrq.GetFlag(MipRegistrationRequest::FLAG_G)
                                         ? MipEncapsulation::GRE
                                         : MipEncapsulation::IP_IN_IP;
    Ptr<MipTunnel> previous = entry.tunnel;
    entry.tunnel = m_tunnels.MakeTunnel(peer, entry.mrCareOf, back, encapsulation);
    if (encapsulation == MipEncapsulation::UDP && entry.tunnel != previous &&
        entry.tunnel->GetRxPackets() == 0 && back == from)
    {
        // A new UDP tunnel starts at the port the authenticated request came from (the MR's
        // NAT mapping towards our home address); a mapping-dependent NAT gives the tunnel
        // another port, which the MR's keepalive shows and our challenge proves.
        entry.tunnel->SetRemotePort(port);
    }
    std::vector<Ipv4Address> remotes = peerCareOfs;
    if (rrq.GetCareOfAddress() != from && rrq.GetCareOfAddress() != Ipv4Address::GetZero())
    {
        // Translated on the way (a NAT): the MR may reach us directly from its own care-of
        // address, e.g. both of us behind the same NAT (RFC 6521 section 6.1, notes 1.7.11);
        // its probe there is accepted and followed (Accept).
        remotes.push_back(rrq.GetCareOfAddress());
    }
    m_tunnels.MakeAlternateTunnels(peer, m_ctx.UsableCareOfs(), remotes, encapsulation);
    if (udp)
    {
        reply.AddExtension(UdpTunnelReplyExtension(0, udp->GetForce(), 0).ToExtension());
    }
    // The tunnel carries our traffic once the MR's first keepalive (sent when it gets the
    // reply) arrived through it: with UDP because the path may cross a NAT (the MR
    // initiates, RFC 6521 section 3.3.4), otherwise so that nothing reaches the MR before
    // its end of the tunnel exists.
    if (entry.tunnel != previous)
    {
        entry.tunnelActive = false;
    }
    m_tunnels.SetAwaitingFirstKeepalive(peer, !entry.tunnelActive);
    bool first = !entry.peerRegistered;
    entry.peerRegistered = true;
    if (first)
    {
        m_ctx.peerEvent(RoPeerEventInfo(peer, RoPeerEvent::PEER_REGISTERED));
    }
    uint16_t granted =
        std::min<uint16_t>(rrq.GetLifetime(),
                           static_cast<uint16_t>(m_ctx.config.bindingLifetime.GetSeconds()));
    reply.SetLifetime(granted);
    s.bindingExpiry.Cancel();
    s.bindingExpiry =
        Simulator::Schedule(Seconds(granted), &RoResponder::OnPeerBindingExpired, this, peer);
    // Our end first, then the addresses without a NAT, then the translated ones (RFC 6521
    // section 3.1.2: the NAT state decides which CoAs the extension lists).
    std::vector<Ipv4Address> coas = {entry.mrCareOf};
    for (Ipv4Address coa : m_ctx.CareOfsPublicFirst())
    {
        if (coa != entry.mrCareOf)
        {
            coas.push_back(coa);
        }
    }
    reply.AddExtension(CareOfAddressExtension(coas).ToExtension());
    m_tunnels.EnsureKeepalives(peer);
    send(code, key);
    if (!entry.tunnelActive && RoInsideOpening::CorrespondentOpens(m_ctx,
                                                                   entry.mrCareOf,
                                                                   from,
                                                                   rrq.GetCareOfAddress(),
                                                                   udp.has_value()))
    {
        // Behind a NAT, the MR public: the first keepalive is ours, from inside (RFC 6521
        // section 6.1); the MR learns our translated end by proof (RoInsideOpening).
        m_tunnels.StartFirstKeepalive(peer);
    }
}

void
RoResponder::OnPeerBindingExpired(Ipv4Address peer)
{
    RocEntry* entry = m_ctx.cache.Find(peer);
    if (!entry)
    {
        return;
    }
    entry->peerRegistered = false;
    if (!entry->registeredWithPeer)
    {
        m_tunnels.FallBack(peer, RoFallbackReason::PEER_BINDING_EXPIRED);
    }
}

bool
RoResponder::TakeUnknownSolicitation(Ipv4Address peer)
{
    // A burst of unknownPeerSolicitations, one more per solicitationWait.
    if (m_deferredUnknown.size() >= m_ctx.config.unknownPeerSolicitations)
    {
        return false;
    }
    return m_unknownTokens.Take(m_ctx.config.unknownPeerSolicitations,
                                m_ctx.config.solicitationWait,
                                Simulator::Now());
}

void
RoResponder::SendErrorReply(const MipRegistrationReply& reply, Ipv4Address to, uint16_t port)
{
    if (!m_errorTokens.Take(m_ctx.config.crErrorReplies,
                            m_ctx.config.crErrorReplyInterval,
                            Simulator::Now()))
    {
        NS_LOG_WARN(m_ctx.homeAddress << ": error reply " << +reply.GetCode() << " to " << to
                                      << " suppressed (rate limit)");
        return;
    }
    m_ctx.send(m_ctx.homeAddress, reply, to, port, "RRP");
}

void
RoResponder::ProcessDeferredUnknown()
{
    m_deferredUnknownTimer.Cancel();
    std::map<uint32_t, DeferredUnknown> waiting;
    waiting.swap(m_deferredUnknown);
    for (const auto& [key, d] : waiting)
    {
        // Known now if the HA's answer advertised it; otherwise refused (no re-solicitation).
        ProcessRequest(d.request, d.from, d.port, false);
    }
}

void
RoResponder::OnHomeReply()
{
    // Requests that waited for the HA's confirmation of their prefixes.
    for (auto& [key, s] : m_sessions)
    {
        if (s.awaitingSolicitation && !s.deferredRequest.empty())
        {
            s.deferredTimer.Cancel();
            s.awaitingSolicitation = false;
            MipBytes request = s.deferredRequest;
            Ipv4Address source = s.deferredSource;
            uint16_t port = s.deferredPort;
            s.deferredRequest.clear();
            Simulator::ScheduleNow(&RoResponder::ProcessRequest,
                                   this,
                                   request,
                                   source,
                                   port,
                                   false);
        }
    }
    if (!m_deferredUnknown.empty())
    {
        Simulator::ScheduleNow(&RoResponder::ProcessDeferredUnknown, this);
    }
}

void
RoResponder::Stop()
{
    m_deferredUnknownTimer.Cancel();
    for (auto& [key, s] : m_sessions)
    {
        s.bindingExpiry.Cancel();
        s.deferredTimer.Cancel();
    }
}

void
RoResponder::Clear()
{
    m_sessions.clear();
}

void
RoResponder::AddPeers(std::set<uint32_t>& peers) const
{
    for (const auto& [key, s] : m_sessions)
    {
        peers.insert(key);
    }
}

} // namespace ns3
