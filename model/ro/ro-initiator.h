/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef RO_INITIATOR_H
#define RO_INITIATOR_H

#include "ro-context.h"
#include "ro-direct-tunnel-set.h"
#include "ro-inside-opening.h"
#include "ro-rr-state.h"

#include "ns3/event-id.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/return-routability-messages.h"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The MR role of RFC 6521 route optimization: return routability towards a
 * correspondent router (HoTI through the Home Agent, CoTI from the care-of address, section
 * 3.2), the registration with it (section 3.3.2) and its retransmissions, the CR's replies
 * (section 3.3.3) and the binding refresh; it opens the direct tunnel through the
 * RoDirectTunnelSet when the CR accepted.
 */
class RoInitiator
{
  public:
    /// The uplink (our care-of address) to use with a CR (CareOfPairSelector).
    using ChooseUplinkCallback = std::function<std::optional<RoUplink>(Ipv4Address peer)>;
    /// Whether any part of the optimizer holds a session for a peer.
    using HasSessionCallback = std::function<bool(Ipv4Address peer)>;

    /// \param context shared state \param tunnels the direct tunnels
    RoInitiator(RoContext& context, RoDirectTunnelSet& tunnels);

    /// \param chooseUplink uplink choice \param hasSession any session for the peer
    void SetCallbacks(ChooseUplinkCallback chooseUplink, HasSessionCallback hasSession);
    /// \param opening the tunnels opened from inside a NAT by outbound-only CRs
    void SetInsideOpening(RoInsideOpening* opening);

    /// \param peer start (or refresh) route optimization with this CR now (RFC 6521 3.3.1)
    void StartRouteOptimization(Ipv4Address peer);
    /// \param msg HoT or CoT \param to where it arrived
    void ProcessTest(const ReturnRoutabilityTest& msg, Ipv4Address to);
    /// \param reply the CR's reply \param from its source
    void ProcessReply(MipRegistrationReply& reply, Ipv4Address from);
    /// Sends a lifetime-0 request (KRm = SHA1(home token)) to every CR registered with.
    void DeregisterAll();
    /// Registers again with every CR we are registered with (our networks changed).
    void ReregisterAll();

    /**
     * \brief CR role: the first keepalive of an MR registered with us came through the
     * direct tunnel. Unless we are registered with it already, perform our own, explicit
     * registration with it (RFC 6521 section 3.3.3, figure F15 step 12), if the
     * MutualRegistration attribute allows and no NAT is between us.
     * \param peer the MR
     */
    void OnPeerVerified(Ipv4Address peer);
    /// \param peer the route optimization with it fell back: stop its timers, hold down
    void OnFallBack(Ipv4Address peer);
    /// \param peer the binding moves to another care-of address (RFC 6521 section 3.3.6):
    /// forget the outstanding request and start again at once
    void Restart(Ipv4Address peer);
    /// \param peer a CR \return whether a registration with it is outstanding
    bool IsPending(Ipv4Address peer) const;
    /// \param peer a CR \return our CoA chosen by pair probing (zero if none)
    Ipv4Address GetPairCareOf(Ipv4Address peer) const;
    /// \param peer a CR \param careOf our CoA chosen by pair probing \param crCareOf the
    /// CR's CoA chosen with it by measurement (zero: the first not known to fail)
    void SetPairCareOf(Ipv4Address peer,
                       Ipv4Address careOf,
                       Ipv4Address crCareOf = Ipv4Address::GetZero());
    /// \param peer a CR \return when the route optimization with it started
    Time GetStarted(Ipv4Address peer) const;
    /**
     * \param peer a CR whose direct tunnel was just verified
     * \return true (once) if our accepted registration still waited for that to be usable:
     * the Setup trace is due (not when the CR's own move or registration re-verified it)
     */
    bool TakeSetupPending(Ipv4Address peer);
    /// \param peer a CR \return true if a session is held for it
    bool HasSession(Ipv4Address peer) const;
    /// \param peers adds the home addresses of the peers a session is held for
    void AddPeers(std::set<uint32_t>& peers) const;
    /// Cancels every timer.
    void Stop();
    /// Forgets every session.
    void Clear();

  private:
    /// What the MR role keeps per CR besides the cache entry.
    struct Session
    {
        EventId rrTimer;             //!< return routability retransmission
        uint32_t rrAttempts{0};      //!< RR tries
        Time rrTimeout;              //!< current RR timeout
        Time rrStarted;              //!< when RR (or the whole RO) started
        Time rrRoundStarted;         //!< when the current RR round sent its first Test Init
        bool partial{false};         //!< only one of HoTI and CoTI this time
        EventId regTimer;            //!< registration retransmission
        uint32_t regAttempts{0};     //!< registration tries
        Time regTimeout;             //!< current registration timeout
        uint64_t pendingId{0};       //!< Identification of the outstanding request
        bool pending{false};         //!< a request to this CR is outstanding
        uint16_t pendingLifetime{0}; //!< its lifetime
        MipBytes pendingKey;         //!< the key it was signed with (its reply's)
        bool awaitingReply{false};   //!< a request is outstanding (one reply each)
        EventId refreshTimer;        //!< binding refresh
        Time holdDownUntil;          //!< no new attempt before
        Ipv4Address pairCareOf{Ipv4Address::GetZero()};   //!< our CoA chosen by pair probing
        Ipv4Address pairCrCareOf{Ipv4Address::GetZero()}; //!< the CR's, chosen by measurement
        bool outboundOnlyNoted{false};                    //!< "no-ro" traced once
        /// Code 2 received: the tunnel is not used before the CR's own registration with
        /// us completed (RFC 6521 section 3.3.3)
        bool awaitingPeerRegistration{false};
        bool setupPending{false}; //!< accepted, the tunnel not usable yet (Setup not traced)
        /// both behind NATs: our care-of address from which probing the outbound-only CR's
        /// pairs found none eligible (RFC 6521 section 6.1: recorded, not tried again)
        Ipv4Address natProbeFailedCareOf{Ipv4Address::GetZero()};
    };

    /// \param peer a CR \return its session (created when absent)
    Session& Get(Ipv4Address peer);
    /// \param peer a CR \return its session, or nullptr
    const Session* Find(Ipv4Address peer) const;
    /// \param peer CR \param need the tokens to obtain (not RrNeed::NONE)
    void StartReturnRoutability(Ipv4Address peer, RrNeed need);
    /// \param peer CR: the binding refresh timer (RenewalFraction of the granted lifetime)
    void Refresh(Ipv4Address peer);
    /// \param entry a CR's entry \return the encapsulation to ask it for: UDP where RFC
    /// 6521 section 3.3 requires it (our care-of address behind a NAT, an outbound-only
    /// CR); otherwise that of the direct tunnel the CR already set up with us when it
    /// registered with us, if it ends at our care-of address (one tunnel per pair); otherwise
    /// the configured one
    MipEncapsulation RequestedEncapsulation(const RocEntry& entry) const;
    /**
     * \brief Route optimization towards an outbound-only CR (Info=1): signalling may be
     * initiated from outside, the CR opens the tunnel from inside (RFC 6521 sections 3.2,
     * 6.1); behind a NAT ourselves we may only probe its listed care-of addresses (same NAT,
     * section 6.1; separate NATs get no route optimization, section 3.3.4).
     * \param peer CR \param careOf our care-of address \return true if we may initiate
     */
    bool MayInitiateTowardsOutboundOnly(Ipv4Address peer, Ipv4Address careOf);
    /// \param peer CR: (re)sends HoTI and/or CoTI
    void SendTestInits(Ipv4Address peer);
    /// \param peer CR
    void OnReturnRoutabilityTimeout(Ipv4Address peer);
    /// \param peer CR \param lifetime requested lifetime (0: de-register)
    void SendRegistration(Ipv4Address peer, uint16_t lifetime);
    /// \param peer CR
    void OnRegistrationTimeout(Ipv4Address peer);
    /// \param peer CR \param careOf our CoA \param deregistration the key of a lifetime-0
    /// request \return the key to use (empty: none yet)
    MipBytes KeyFor(Ipv4Address peer, Ipv4Address careOf, bool deregistration) const;
    /**
     * \brief Whether an unauthenticated refusal (131: the CR could not verify our
     * authenticator, RFC 6521 section 3.3.3) that matches our outstanding request is acted
     * on: only for a registration not yet established (no binding with the CR, no direct
     * tunnel in use, the CR not registered with us). RFC 5944 section 3.6.2.1 expects the
     * authenticators of such a reply to be "in error" too.
     * \param entry the CR's entry \return true if the refusal may end the attempt
     */
    static bool AcceptsUnauthenticatedRefusal(const RocEntry& entry);
    /// \param peer CR \param reply its accepting reply \param code its code: opens the
    /// direct tunnel and schedules the refresh
    void OnAccepted(Ipv4Address peer, const MipRegistrationReply& reply, uint8_t code);

    RoContext& m_ctx;                       //!< shared with the other parts
    RoDirectTunnelSet& m_tunnels;           //!< the direct tunnels
    std::map<uint32_t, Session> m_sessions; //!< by CR home address
    /// outstanding HoTI/CoTI cookies -> (peer home address, our care-of address)
    std::unordered_map<uint64_t, std::pair<Ipv4Address, Ipv4Address>> m_cookies;
    ChooseUplinkCallback m_chooseUplink; //!< uplink choice
    HasSessionCallback m_hasSession;     //!< any session for a peer
    RoInsideOpening* m_opening{nullptr}; //!< tunnels opened from inside by NATed CRs
};

} // namespace ns3

#endif /* RO_INITIATOR_H */
