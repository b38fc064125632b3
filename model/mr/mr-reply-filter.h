/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MR_REPLY_FILTER_H
#define MR_REPLY_FILTER_H

#include "ns3/address.h"
#include "ns3/ipv4-address.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/mip-security-association.h"
#include "ns3/mip-wire.h"
#include "ns3/protocol-drop.h"

#include <optional>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Which datagrams on a mobile router uplink's registration socket answer its
 * outstanding Registration Request: one reply per request (RFC 5944 sections 3.5.2,
 * 3.6.2.1 and 5.7; a part of MrUplink, which acts on the replies that pass).
 *
 * A Registration Reply passes only if it is well formed and for the router's home address,
 * comes from the Home Agent's address and port 434 (where the request went; also true
 * through a NAT), authenticates with the MN-HA security association, answers a request that
 * is still outstanding, and carries that request's Identification: the low-order 32 bits
 * always, all 64 unless the code is 133 (RFC 5944 section 5.7.1: the Home Agent copies the
 * whole field except when it refuses the timestamp). The first such reply closes the
 * request; replies to earlier (retransmitted) requests, duplicates and replays are counted
 * (ProtocolDrop MALFORMED, UNEXPECTED_SOURCE, AUTHENTICATION_FAILED, UNSOLICITED_REPLY,
 * IDENTIFICATION_MISMATCH) and dropped, so a replayed reply never reschedules the renewal.
 * Extensions after the MN-HA authenticator are counted (UNAUTHENTICATED_EXTENSIONS) and
 * removed: a reply that passes holds only what the authenticator covers.
 *
 * The ProtocolDrop trace source is MrUplink's; this object fires it.
 */
class MrReplyFilter
{
  public:
    /**
     * \param trace the owner's ProtocolDrop trace source (must outlive this object)
     */
    explicit MrReplyFilter(const ProtocolDropTrace& trace);

    /**
     * \param careOf the uplink's care-of address (for the log)
     * \param homeAddress the router's home address \param homeAgent its Home Agent
     * \param sa the MN-HA security association (read at each reply; must outlive this)
     */
    void Setup(Ipv4Address careOf,
               Ipv4Address homeAddress,
               Ipv4Address homeAgent,
               const MipSecurityAssociation* sa);

    /**
     * \brief A request was sent: its reply is awaited (replacing any earlier request).
     * \param identification the request's Identification
     */
    void Expect(uint64_t identification);
    /// \return true while a request awaits its reply
    bool IsOutstanding() const;

    /**
     * \brief Checks a datagram received on the registration socket (not Tunnel Data).
     * \param bytes its UDP payload \param from its source address and port
     * \return the reply (without unauthenticated extensions) if it answers the outstanding
     * request, which it closes; nullopt if it was dropped (counted)
     */
    std::optional<MipRegistrationReply> Check(const MipBytes& bytes, const Address& from);

    /// \return replies ignored (bad authenticator, wrong Identification or source,
    /// unsolicited or duplicate, malformed)
    uint32_t GetIgnored() const;
    /// \param reason why (part of) a reply was not acted on \return how often
    uint64_t GetDropCount(ProtocolDrop reason) const;

  private:
    /**
     * \param reply an authenticated reply from the Home Agent
     * \param source its IP source, for the drop trace
     * \return true if it answers the outstanding request (then it closes it)
     */
    bool Accept(const MipRegistrationReply& reply, Ipv4Address source);
    /// \param reason why \param count how many items \param source sender
    void Drop(ProtocolDrop reason, uint64_t count, Ipv4Address source);

    const ProtocolDropTrace& m_trace;            //!< the owner's ProtocolDrop
    Ipv4Address m_careOf;                        //!< care-of address
    Ipv4Address m_homeAddress;                   //!< the router's home address
    Ipv4Address m_homeAgent;                     //!< the Home Agent
    const MipSecurityAssociation* m_sa{nullptr}; //!< MN-HA security association
    uint64_t m_identification{0};                //!< of the outstanding request
    bool m_outstanding{false};                   //!< a request awaits its reply
    uint32_t m_ignored{0};                       //!< counter
    ProtocolDropCounters m_drops;                //!< not acted on, per reason
};

} // namespace ns3

#endif /* MR_REPLY_FILTER_H */
