/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MR_REQUEST_PACER_H
#define MR_REQUEST_PACER_H

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <deque>
#include <optional>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The registration requests one uplink of a mobile router owes, and when the next
 * one may leave (a part of MrUplink).
 *
 * RFC 5944 section 3.6: "In the absence of link-layer indications, a mobile node MUST NOT
 * attempt to register more often than once per second" (and section 2.4.2: "MUST NOT
 * register more frequently than once per second on average"). Section 3.6.3's "The minimum
 * time between Registration Requests MUST NOT be less than 1 second" stands in the rules
 * for retransmissions; this class reads the two together: with a link-layer indication a
 * mobile node registers at once (the reading of doc/haaro.rst), otherwise at most once
 * per second. The rule applies per uplink: each has its own point of attachment and
 * binding. A registration that an event
 * other than the link layer starts (a solicitation, a prefix change, an answered or an
 * unanswered path probe, the retry after an Identification mismatch, a lost NAT mapping,
 * the outbound-only update after a reply) leaves at once only if the uplink's last request
 * left at least the minimum interval ago; otherwise Defer() holds it until then, and
 * registrations started meanwhile join it (one request). A registration the link layer
 * starts (the link or interface up, a new care-of address) is not held back. The
 * retransmissions are not held either: their timeout is at least 1 s
 * (InitialRetransmissionTimeout) after the request before.
 *
 * The mobile routers whose prefixes the uplink solicits (RFC 6521 sections 3.3.3 and 5.1:
 * one per request, the S flag with its home address) wait in a bounded queue: each request
 * carries the first, until a successful reply to a request that carried it.
 */
class MrRequestPacer
{
  public:
    /**
     * \param interval the owner's MinRegistrationInterval attribute (must outlive this)
     * \param maxSolicitations the owner's MaxQueuedSolicitations attribute (idem)
     */
    MrRequestPacer(const Time& interval, const uint32_t& maxSolicitations);

    /// The uplink sent a request now (any request, de-registrations included).
    void NotifySent();
    /**
     * \brief Holds an event-started request until the minimum interval after the last one.
     * \param send what sends it (called then, once, however many were deferred meanwhile)
     * \return true if it is held (or joined one held already): the caller sends nothing now
     */
    bool Defer(Callback<void> send);
    /// \return the time until a request may leave (zero: now)
    Time GetDelay() const;
    /// Drops a held request (the uplink went down, or a request left meanwhile).
    void Cancel();
    /// \return true while a request is held
    bool IsHolding() const;
    /// \return the requests held so far (each counted once, however many joined it)
    uint64_t GetHeld() const;

    /**
     * \param homeAddress a mobile router whose prefixes to solicit
     * \return false if the queue was full (the solicitation is dropped and counted)
     */
    bool AddSolicitation(Ipv4Address homeAddress);
    /// \return the home address the next request solicits, if any; it is remembered as the
    /// one that request carried
    std::optional<Ipv4Address> TakeSolicitationForRequest();
    /// A successful reply to the last request: its solicitation (if any) is done.
    /// \return true if solicitations are still waiting
    bool OnSuccessfulReply();
    /// Forgets every solicitation (the uplink stops).
    void ClearSolicitations();
    /// \return the solicitations dropped because the queue was full
    uint64_t GetSolicitationsDropped() const;

  private:
    const Time& m_interval;                 //!< minimum interval between requests
    const uint32_t& m_maxSolicitations;     //!< queue bound
    std::optional<Time> m_lastSent;         //!< when the last request left
    EventId m_held;                         //!< the held request
    uint64_t m_heldCount{0};                //!< requests held
    std::deque<Ipv4Address> m_solicit;      //!< solicitations waiting, first = next
    std::optional<Ipv4Address> m_lastCarry; //!< the solicitation the last request carried
    uint64_t m_solicitDropped{0};           //!< dropped: the queue was full
};

} // namespace ns3

#endif /* MR_REQUEST_PACER_H */
