/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MR_BINDING_REVOKER_H
#define MR_BINDING_REVOKER_H

#include "mr-registration-config.h"
#include "mr-reply-filter.h"
#include "mr-uplink.h"

#include "ns3/event-id.h"
#include "ns3/node.h"
#include "ns3/protocol-drop.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <map>
#include <memory>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief What happened to the de-registration of a failed uplink's binding.
 */
enum class MrRevocationEvent : uint8_t
{
    SENT,      //!< a lifetime-0 request for the failed care-of address left (retries too)
    ACCEPTED,  //!< the Home Agent answered with a success code: the binding is gone
    REFUSED,   //!< the Home Agent answered with a denial (given up)
    ABANDONED, //!< no answer after the retransmissions (the binding expires by itself)
};

/**
 * \param os stream \param e event
 * \return os
 */
std::ostream& operator<<(std::ostream& os, MrRevocationEvent e);

/**
 * \ingroup haaro
 * \brief De-registers the binding of a failed uplink of a multihomed mobile router through
 * a working uplink (a part of MobileRouter).
 *
 * RFC 5944 section 3.6.1.2: "The mobile node MAY ask a home agent to delete a particular
 * mobility binding, by sending a Registration Request with the care-of address for this
 * binding, with the Lifetime field set to zero"; section 3.8.2.2: the Home Agent "deletes
 * only the entry containing the specified Care-of Address ... Any other active entries ...
 * will remain active", and it "MUST send a Registration Reply to the source of the
 * Registration Request". A failed uplink (FAILED: its path is dead; DOWN: its interface)
 * cannot reach the Home Agent itself, so without this its binding would live until it
 * expires and the Home Agent would keep tunnelling to it (a copy with DownlinkPolicy
 * Duplicate, every flow hashed onto it with PerFlow).
 *
 * When an uplink leaves REGISTERED for FAILED or DOWN (and its DeregisterOnFailure
 * attribute is true), a request with Lifetime 0, the S bit and Care-of Address = the failed
 * care-of address, authenticated with the MN-HA security association and a fresh
 * timestamp Identification, is sent from the care-of address of the first registered uplink
 * (in configuration order) through that uplink, on a socket of its own; the reply passes
 * an MrReplyFilter like any registration reply. It is retransmitted as the failed uplink's
 * registrations are (InitialRetransmissionTimeout doubling up to MaxRetransmissionTimeout,
 * at most MaxRetransmissions times), through whichever uplink is registered at the time;
 * with none registered it waits for one. When the failed uplink registers again the
 * de-registration is no longer wanted: it is not retransmitted, and if its answer still
 * comes and says the binding was deleted (the request may have reached the Home Agent after
 * the new registration), the uplink registers once more.
 *
 * The Home Agent detects no NAT from such a request (its source is not its Care-of Address
 * field, but nothing is tunnelled for a de-registration).
 */
class MrBindingRevoker
{
  public:
    /// failed care-of address, care-of address of the uplink used, event, reply code (0
    /// unless ACCEPTED or REFUSED)
    using Trace = TracedCallback<Ipv4Address, Ipv4Address, MrRevocationEvent, uint8_t>;
    /// told of each request sent, with the care-of address of the uplink used
    using RequestHook = Callback<void, const MipRegistrationRequest&, Ipv4Address>;
    /// told of each reply that passed the filter, with the care-of address of the uplink
    using ReplyHook = Callback<void, const MipRegistrationReply&, Ipv4Address>;

    /// \param trace fired on each event (the owner's member; must outlive this object)
    explicit MrBindingRevoker(const Trace& trace);
    ~MrBindingRevoker();

    MrBindingRevoker(const MrBindingRevoker&) = delete;
    MrBindingRevoker& operator=(const MrBindingRevoker&) = delete;

    /**
     * \param node the router
     * \param config what the registrations share (must outlive this object)
     * \param uplinks the router's uplinks in preference order (must outlive this object)
     * \param request told of each request sent \param reply told of each reply accepted
     */
    void Setup(Ptr<Node> node,
               const MrRegistrationConfig* config,
               const std::vector<Ptr<MrUplink>>* uplinks,
               RequestHook request,
               ReplyHook reply);
    /**
     * \brief An uplink changed state: starts, redirects or drops de-registrations.
     * \param uplink the uplink \param oldState its state before \param newState now
     */
    void OnUplinkState(Ptr<MrUplink> uplink, MrUplinkState oldState, MrUplinkState newState);
    /// \brief The router stops: cancels everything, closes the sockets, sends nothing more
    /// until Setup() is called again.
    void Stop();
    /// \brief Stops and drops the references.
    void Dispose();

    /// \return de-registration requests sent (retransmissions included)
    uint32_t GetRequestsSent() const;
    /// \return de-registrations the Home Agent accepted
    uint32_t GetAccepted() const;
    /// \param reason why (part of) a reply was not acted on \return how often
    uint64_t GetProtocolDropCount(ProtocolDrop reason) const;

  private:
    /// One failed uplink's binding to remove.
    struct Revocation
    {
        /// \param drops the revoker's ProtocolDrop trace
        explicit Revocation(const ProtocolDropTrace& drops);

        Ptr<MrUplink> failed;        //!< the failed uplink
        Ipv4Address careOf;          //!< its care-of address when it failed (it may change)
        Ptr<MrUplink> via;           //!< the uplink of the outstanding request
        Ptr<Socket> socket;          //!< bound to via's care-of address
        MrReplyFilter filter;        //!< one reply per request
        EventId timer;               //!< retransmission timer
        Time timeout;                //!< current retransmission timeout
        uint32_t retransmissions{0}; //!< so far
        bool wanted{true};           //!< false once the failed uplink registered again
    };

    /// \brief Sends every wanted de-registration that has no request outstanding.
    void Flush();
    /// \param r a wanted revocation \brief sends its request through a registered uplink
    void Transmit(Revocation& r);
    /// \param careOf the failed care-of address \brief retransmission timeout
    void OnTimeout(Ipv4Address careOf);
    /// \param socket a revocation socket \brief reads replies
    void HandleRead(Ptr<Socket> socket);
    /// \param careOf the failed care-of address \brief forgets it and closes its socket
    void Erase(Ipv4Address careOf);
    /// \param r a revocation \brief closes its socket
    static void CloseSocket(Revocation& r);
    /// \param except an uplink \return the first registered uplink other than it, or null
    Ptr<MrUplink> FindWorking(Ptr<MrUplink> except) const;

    const Trace& m_trace;                                             //!< the owner's trace
    bool m_running{false};                                            //!< Setup() to Stop()
    Ptr<Node> m_node;                                                 //!< the router
    const MrRegistrationConfig* m_config{nullptr};                    //!< shared configuration
    const std::vector<Ptr<MrUplink>>* m_uplinks{nullptr};             //!< the router's uplinks
    RequestHook m_requestHook;                                        //!< requests sent
    ReplyHook m_replyHook;                                            //!< replies accepted
    std::map<Ipv4Address, std::unique_ptr<Revocation>> m_revocations; //!< by failed care-of
    ProtocolDropTrace m_dropTrace;                                    //!< for the reply filters
    ProtocolDropCounters m_drops;                                     //!< filters' drops, summed
    uint32_t m_requestsSent{0};                                       //!< counter
    uint32_t m_accepted{0};                                           //!< counter
};

} // namespace ns3

#endif /* MR_BINDING_REVOKER_H */
