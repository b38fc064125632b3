/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef RO_RESPONDER_H
#define RO_RESPONDER_H

#include "ro-context.h"
#include "ro-direct-tunnel-set.h"

#include "ns3/correspondent-keys.h"
#include "ns3/event-id.h"
#include "ns3/mip-identification.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/return-routability-messages.h"
#include "ns3/ro-token-bucket.h"

#include <functional>
#include <map>
#include <set>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The CR role of RFC 6521 route optimization: answers HoTI/CoTI statelessly
 * (section 3.2), checks registration requests of mobile routers (section 3.3.3: key from
 * Kcr and the nonce indices, replay, prefixes confirmed by our Home Agent, soliciting it
 * when they are not, a bounded number of times for unknown home addresses), accepts them
 * with a tunnel back (section 6.1) through the RoDirectTunnelSet, and lets the bindings
 * expire.
 */
class RoResponder
{
  public:
    /// Whether the MR role has a registration with the peer outstanding (concurrent case).
    using IsPendingCallback = std::function<bool(Ipv4Address peer)>;
    /// Asks the Home Agent for one router's prefixes (a registration with S).
    using SolicitCallback = std::function<void(Ipv4Address peer)>;

    /// \param context shared state \param tunnels the direct tunnels
    RoResponder(RoContext& context, RoDirectTunnelSet& tunnels);

    /// \param isPending the MR role's outstanding requests \param solicit asks the HA
    void SetCallbacks(IsPendingCallback isPending, SolicitCallback solicit);
    /// \param random the stream of Kcr and the nonces
    void SetRandom(Ptr<UniformRandomVariable> random);

    /// \param msg HoTI or CoTI \param from source \param port source port
    void AnswerTestInit(const ReturnRoutabilityInit& msg, Ipv4Address from, uint16_t port);
    /**
     * \param bytes request \param from source \param port source port
     * \param mayDefer false when re-processing a request that already waited for the HA
     */
    void ProcessRequest(const MipBytes& bytes,
                        Ipv4Address from,
                        uint16_t port,
                        bool mayDefer = true);
    /// The Home Agent answered (its advertisement is applied): re-processes, at once, the
    /// requests that waited for its confirmation of their prefixes.
    void OnHomeReply();

    /// \return number of requests of unknown peers waiting for the HA's answer (bounded)
    size_t GetDeferredUnknownCount() const;
    /// \param peer an MR \return true if a session is held for it
    bool HasSession(Ipv4Address peer) const;
    /// \param peers adds the home addresses of the peers a session is held for
    void AddPeers(std::set<uint32_t>& peers) const;
    /// Cancels every timer.
    void Stop();
    /// Forgets every session.
    void Clear();

  private:
    /// What the CR role keeps per MR besides the cache entry.
    struct Session
    {
        MipReplayProtector replay;        //!< timestamps of this peer's requests
        EventId bindingExpiry;            //!< this peer's registration with us
        bool awaitingSolicitation{false}; //!< a request waits for the HA's prefixes
        MipBytes deferredRequest;         //!< that request
        Ipv4Address deferredSource;       //!< its source
        uint16_t deferredPort{0};         //!< its source port
        EventId deferredTimer;            //!< gives up waiting
    };

    /// A registration of a home address the HA never advertised, waiting for its answer.
    struct DeferredUnknown
    {
        MipBytes request; //!< the request
        Ipv4Address from; //!< its source
        uint16_t port{0}; //!< its source port
    };

    /// \param peer an MR \return its session (created when absent: only for known peers)
    Session& Get(Ipv4Address peer);
    /// \param peer a home address the HA never advertised \return true if a solicitation
    /// may be sent for it now (token bucket, RoConfig::unknownPeerSolicitations)
    bool TakeUnknownSolicitation(Ipv4Address peer);
    /**
     * \brief Sends an unauthenticated error reply (131 for a request that fails
     * authentication, 201-203 for expired nonces: RFC 6521 section 3.3.3, "an appropriate
     * Registration Reply code is sent"), at most RoConfig::crErrorReplies at once and one
     * more per crErrorReplyInterval, so that forged requests cannot make us a reflector.
     * \param reply the reply (code set, no authenticator: we share no key with the sender)
     * \param to the request's source \param port its source port
     */
    void SendErrorReply(const MipRegistrationReply& reply, Ipv4Address to, uint16_t port);
    /// Re-processes the requests of unknown peers that waited for the HA (answer or timeout).
    void ProcessDeferredUnknown();
    /// \param peer MR whose binding with us expired
    void OnPeerBindingExpired(Ipv4Address peer);

    RoContext& m_ctx;                       //!< shared with the other parts
    RoDirectTunnelSet& m_tunnels;           //!< the direct tunnels
    CorrespondentKeys m_keys;               //!< Kcr and nonces
    std::map<uint32_t, Session> m_sessions; //!< by MR home address
    /// at most RoConfig::unknownPeerSolicitations, by peer home address
    std::map<uint32_t, DeferredUnknown> m_deferredUnknown;
    EventId m_deferredUnknownTimer; //!< gives up waiting for the HA
    RoTokenBucket m_unknownTokens;  //!< unknown-peer solicitations
    RoTokenBucket m_errorTokens;    //!< unauthenticated error replies
    IsPendingCallback m_isPending;  //!< the MR role's outstanding requests
    SolicitCallback m_solicit;      //!< asks the HA
};

} // namespace ns3

#endif /* RO_RESPONDER_H */
