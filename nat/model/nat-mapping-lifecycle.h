/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NAT_MAPPING_LIFECYCLE_H
#define NAT_MAPPING_LIFECYCLE_H

#include "nat-mapping-table.h"
#include "nat-port-allocator.h"
#include "nat-session-policy.h"
#include "nat-types.h"

#include "ns3/callback.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The attribute values of Ipv4Nat that the translation uses, read when a packet is
 * handled (so that a change of an attribute during a run takes effect at once).
 */
struct NatConfig
{
    NatSessionPolicy policy; //!< mapping, filtering, timeouts
    NatTypes::PortAllocation portAllocation{NatTypes::PORT_PRESERVING}; //!< port choice
    uint16_t portRangeStart{1024};                                      //!< first external port
    uint16_t portRangeEnd{65535};                                       //!< last external port
    uint32_t maxMappings{0};                                            //!< 0 = unlimited
    bool hairpinning{true};                                             //!< RFC 4787 REQ-9
};

/**
 * \ingroup haaro
 * \brief The life of NAT mappings: look-up of live mappings (an expired one found on the way
 * is removed), creation with a new external port (refused beyond MaxMappings or when no
 * port is free), expiry, and the counters of all three. Reports each creation, expiry and
 * refusal through a callback (Ipv4Nat's trace sources); deterministic: the current time is
 * a parameter and the only random draw is the port allocator's.
 */
class NatMappingLifecycle
{
  public:
    /// a mapping was created or expired
    typedef Callback<void, const NatMapping&> MappingCallback;
    /// a mapping was refused: protocol, inside address and port, remote address and port
    typedef Callback<void, uint8_t, Ipv4Address, uint16_t, Ipv4Address, uint16_t> RefusedCallback;
    /// whether the NAT node itself uses a port: protocol, port
    typedef Callback<bool, uint8_t, uint16_t> PortInUseCallback;

    /**
     * \param created called after a mapping was created
     * \param expired called before an expired mapping is removed
     * \param refused called when a mapping was refused
     */
    void SetCallbacks(MappingCallback created, MappingCallback expired, RefusedCallback refused);

    /// \param localUse the NAT node's own use of UDP/TCP ports (not asked for ICMP)
    void SetPortInUseCallback(PortInUseCallback localUse);

    /// \param rng the random variable of PORT_RANDOM (owned by Ipv4Nat for AssignStreams)
    void SetRandomVariable(Ptr<UniformRandomVariable> rng);

    /**
     * \param protocol IP protocol \param externalPort external port \param now current time
     * \return the live mapping, or nullptr (an expired one is removed and reported)
     */
    NatMapping* FindLiveByExternal(uint8_t protocol, uint16_t externalPort, Time now);

    /**
     * \param key inside key \param now current time
     * \return the live mapping, or nullptr (an expired one is removed and reported)
     */
    NatMapping* FindLiveByInside(const NatInsideKey& key, Time now);

    /**
     * \brief Finds the live mapping of an outbound flow under the mapping behaviour, or
     * creates it (RFC 4787 section 4.1).
     * \param config the NAT's settings
     * \param protocol IP protocol
     * \param inside inside address \param insidePort inside port (ICMP: identifier)
     * \param remote remote address \param remotePort remote port (ICMP: 0)
     * \param publicAddress the NAT's public address (for the log)
     * \param now current time
     * \return the mapping, or nullptr if refused (counted and reported)
     */
    NatMapping* GetOrCreate(const NatConfig& config,
                            uint8_t protocol,
                            Ipv4Address inside,
                            uint16_t insidePort,
                            Ipv4Address remote,
                            uint16_t remotePort,
                            Ipv4Address publicAddress,
                            Time now);

    /**
     * \brief Removes a mapping and reports its expiry (nothing if there is none).
     * \param protocol IP protocol \param externalPort external port
     */
    void Expire(uint8_t protocol, uint16_t externalPort);

    /// \param now current time \brief expires every mapping that has expired at \p now
    void ExpireAll(Time now);

    /// \brief drops every mapping without reporting it and resets the port cursors (reboot)
    void Clear();

    /// \return the mappings
    const NatMappingTable& GetTable() const;

    /// \return mappings created so far
    uint64_t GetCreated() const;
    /// \return mappings expired so far (Clear() does not count)
    uint64_t GetExpired() const;
    /// \return mappings refused so far
    uint64_t GetRefused() const;

  private:
    NatMappingTable m_table;           //!< the mappings
    NatPortAllocator m_allocator;      //!< external port choice
    Ptr<UniformRandomVariable> m_rng;  //!< for PORT_RANDOM (owned by Ipv4Nat)
    MappingCallback m_created;         //!< creation report
    MappingCallback m_expired;         //!< expiry report
    RefusedCallback m_refusedCallback; //!< refusal report
    PortInUseCallback m_localUse;      //!< the NAT node's own ports
    uint64_t m_createdCount{0};        //!< mappings created
    uint64_t m_expiredCount{0};        //!< mappings expired
    uint64_t m_refusedCount{0};        //!< mappings refused
};

} // namespace ns3

#endif /* NAT_MAPPING_LIFECYCLE_H */
