/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef HA_BINDING_TABLE_H
#define HA_BINDING_TABLE_H

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/mip-prefix.h"
#include "ns3/mip-tunnel.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <map>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The mobile network prefixes configured at one Home Agent, by owner, to find
 * overlaps between two owners (issue 10, item 8) in O(log n) per prefix plus the owner's
 * own prefixes inside it.
 */
class HaPrefixOwners
{
  public:
    /**
     * \param prefix a valid prefix (length <= 32) \param owner its owner
     * \return a prefix of another owner that overlaps it (contains it, equals it or lies
     * inside it) and that owner, if any
     */
    std::optional<std::pair<MipPrefix, Ipv4Address>> FindOverlap(const MipPrefix& prefix,
                                                                 Ipv4Address owner) const;
    /// \param prefix a valid prefix \param owner its owner (replaces a previous owner)
    void Add(const MipPrefix& prefix, Ipv4Address owner);
    /// \param owner forget every prefix of this owner
    void RemoveOwner(Ipv4Address owner);
    /**
     * \brief HomeAgent::AddMobileNode(): the owner's configured prefixes replace its
     * previous ones. Aborts (NS_FATAL_ERROR naming the values) on a prefix longer than 32
     * or one that overlaps a prefix of another owner (RFC 5177: each mobile network has
     * one mobile router; the Home Agent could not route both).
     * \param owner the mobile node being declared \param prefixes its prefixes
     */
    void Declare(Ipv4Address owner, const std::vector<MipPrefix>& prefixes);

  private:
    /// (network, length) -> owner, ordered by network then length
    std::map<std::pair<uint32_t, uint8_t>, uint32_t> m_prefixes;
};

/**
 * \ingroup haaro
 * \brief One mobility binding at the Home Agent (RFC 5944 section 3.8.1): home address,
 * care-of address, Identification and remaining lifetime, plus the tunnel serving it.
 *
 * A binding is identified by the registered Care-of Address field. With RFC 3519 UDP
 * tunnelling the effective care-of address is the request's IP source address and UDP
 * source port (the NAT's translation), kept in requestSource / requestSourcePort and in
 * the tunnel's remote address and port.
 */
struct HaBinding
{
    Ipv4Address careOfAddress;     //!< the registered care-of address
    Ipv4Address requestSource;     //!< IP source of the Registration Request
    uint16_t requestSourcePort{0}; //!< UDP source port of the Registration Request
    /// the request's IP source was not its care-of address (RFC 3519 NAT test); with
    /// UDP encapsulation the tunnel then goes to requestSource:requestSourcePort
    bool natDetected{false};
    uint64_t identification{0}; //!< Identification of the accepted request
    uint16_t lifetime{0};       //!< granted lifetime (s)
    Time registeredAt;          //!< when it was (last) accepted
    Time expiresAt;             //!< when it expires
    MipEncapsulation encapsulation{MipEncapsulation::IP_IN_IP}; //!< negotiated encapsulation
    Ptr<MipTunnel> tunnel;                                      //!< HA <-> care-of address tunnel
    EventId expiry;                                             //!< the expiry event
    /// Downlink return-reachability probe (HomeAgent, policy LastActive): sequence number
    /// and nonce of the outstanding echo request sent through this binding's tunnel, and
    /// when it was sent (negative: none yet). Kept across refreshes.
    uint16_t probeSequence{0};
    uint64_t probeNonce{0};        //!< nonce of the outstanding probe
    bool probePending{false};      //!< a probe is outstanding
    Time probeSentAt{Seconds(-1)}; //!< when the last probe was sent
};

/**
 * \ingroup haaro
 * \brief Everything the Home Agent keeps for one mobile node / mobile router.
 */
struct HaMobileNodeRecord
{
    Ipv4Address homeAddress;         //!< the home address
    std::vector<HaBinding> bindings; //!< in order of first registration
    std::vector<MipPrefix> prefixes; //!< registered mobile network prefixes
    /// care-of address the downlink uses with policy LastActive: the first binding's, then
    /// the one whose care-of address last answered the Home Agent's reachability probe
    /// (moved only by authenticated signalling or that exchange, never by a data packet)
    Ipv4Address lastActiveCareOf;

    /**
     * \param source the inner source of a reverse-tunnelled packet
     * \return true if it is the home address or inside a registered mobile network prefix
     * (RFC 5177 section 6.5, RFC 3024 section 4.3.2: the Home Agent's ingress check)
     */
    bool IsFromMobileNetwork(Ipv4Address source) const;
};

/**
 * \ingroup haaro
 * \brief Why a binding went away.
 */
enum class HaBindingRemoval : uint8_t
{
    DEREGISTERED, //!< lifetime-0 request for that care-of address (or all of them)
    EXPIRED,      //!< its lifetime ran out (silently, RFC 5944 section 3.8)
    REPLACED,     //!< a request without S replaced it
};

/**
 * \param os stream \param r reason
 * \return os
 */
std::ostream& operator<<(std::ostream& os, HaBindingRemoval r);

/**
 * \ingroup haaro
 * \brief The Home Agent's binding table: per home address, its bindings (one per care-of
 * address; several with simultaneous bindings) and its registered prefixes.
 *
 * Look-ups are hash-map look-ups by home address; no operation scans other mobile nodes.
 * Expiry is scheduled per binding and removes it silently. Every change fires a trace
 * source, and the owner (the Home Agent) is told through callbacks so that it can set up
 * and tear down tunnels and routes.
 */
class HaBindingTable : public Object
{
  public:
    /// Told when a binding is added (home address, binding).
    using AddedCallback = Callback<void, Ipv4Address, const HaBinding&>;
    /// Told when a binding is removed (home address, binding, reason); the record may be
    /// left without bindings.
    using RemovedCallback = Callback<void, Ipv4Address, const HaBinding&, HaBindingRemoval>;

    /// \return the TypeId
    static TypeId GetTypeId();

    HaBindingTable();
    ~HaBindingTable() override;

    /// \param added called after a binding is added \param removed called after removal
    void SetCallbacks(AddedCallback added, RemovedCallback removed);

    /**
     * \param homeAddress home address
     * \return its record, or nullptr
     */
    HaMobileNodeRecord* Find(Ipv4Address homeAddress);
    /// \param homeAddress home address \return its record, or nullptr
    const HaMobileNodeRecord* Find(Ipv4Address homeAddress) const;
    /**
     * \param homeAddress home address \param careOf care-of address
     * \return the binding, or nullptr
     */
    const HaBinding* FindBinding(Ipv4Address homeAddress, Ipv4Address careOf) const;
    /**
     * \param homeAddress home address \param tunnel a tunnel
     * \return the (first) binding of that home address served by the tunnel, or nullptr
     */
    HaBinding* FindBinding(Ipv4Address homeAddress, Ptr<const MipTunnel> tunnel);

    /**
     * \brief Adds or refreshes the binding for (home address, care-of address) and
     * (re)schedules its expiry; without simultaneous bindings every other binding of the
     * home address is removed (REPLACED).
     * \param homeAddress home address
     * \param binding the new binding (its tunnel, if set, is kept)
     * \param simultaneous true to keep the other bindings (S bit honoured)
     * \return true if the binding is new, false if it refreshed an existing one
     */
    bool Update(Ipv4Address homeAddress, HaBinding binding, bool simultaneous);

    /**
     * \brief Sets the tunnel of an existing binding.
     * \param homeAddress home address \param careOf care-of address \param tunnel tunnel
     */
    void SetTunnel(Ipv4Address homeAddress, Ipv4Address careOf, Ptr<MipTunnel> tunnel);

    /**
     * \param homeAddress home address \param prefixes registered prefixes (replace the old
     * set; the caller removes the routes of the prefixes no longer present)
     */
    void SetPrefixes(Ipv4Address homeAddress, std::vector<MipPrefix> prefixes);

    /**
     * \param homeAddress home address \param careOf care-of address
     * \param reason why
     * \return true if a binding was removed
     */
    bool Remove(Ipv4Address homeAddress, Ipv4Address careOf, HaBindingRemoval reason);
    /**
     * \param homeAddress home address \param reason why
     * \return number of bindings removed
     */
    size_t RemoveAll(Ipv4Address homeAddress, HaBindingRemoval reason);

    /// \return number of mobile nodes with at least one binding
    size_t GetMobileNodeCount() const;
    /// \return number of bindings
    size_t GetBindingCount() const;

    /**
     * TracedCallback signature for binding changes.
     * \param homeAddress home address \param careOf care-of address
     * \param lifetime granted lifetime (s), 0 on removal
     */
    typedef void (*BindingTracedCallback)(Ipv4Address homeAddress,
                                          Ipv4Address careOf,
                                          uint16_t lifetime);

  protected:
    void DoDispose() override;

  private:
    /// \param homeAddress home address \param careOf care-of address
    void Expire(Ipv4Address homeAddress, Ipv4Address careOf);
    /// \param record record \param index binding index \param reason why
    void RemoveAt(HaMobileNodeRecord& record, size_t index, HaBindingRemoval reason);

    std::unordered_map<uint32_t, HaMobileNodeRecord> m_records; //!< by home address
    size_t m_bindingCount{0};                                   //!< bindings in all records
    AddedCallback m_added;                                      //!< owner's hook
    RemovedCallback m_removed;                                  //!< owner's hook

    TracedCallback<Ipv4Address, Ipv4Address, uint16_t> m_addedTrace;        //!< new binding
    TracedCallback<Ipv4Address, Ipv4Address, uint16_t> m_refreshedTrace;    //!< refreshed
    TracedCallback<Ipv4Address, Ipv4Address, uint16_t> m_deregisteredTrace; //!< deregistered
    TracedCallback<Ipv4Address, Ipv4Address, uint16_t> m_expiredTrace;      //!< expired
    TracedCallback<Ipv4Address, Ipv4Address, uint16_t> m_replacedTrace;     //!< replaced
};

} // namespace ns3

#endif /* HA_BINDING_TABLE_H */
