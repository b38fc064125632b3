/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NAT_MAPPING_TABLE_H
#define NAT_MAPPING_TABLE_H

#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The part of a NAT mapping's key that identifies it on the inside: protocol, inside
 * endpoint and (depending on the NAT's mapping behaviour, RFC 4787 section 4.1) the remote
 * address or the remote address and port. Fields that the behaviour ignores are zero.
 */
struct NatInsideKey
{
    uint8_t protocol{0};    //!< IP protocol number (1, 6 or 17)
    uint32_t inside{0};     //!< inside host address (host order)
    uint16_t insidePort{0}; //!< inside port (ICMP: echo identifier)
    uint32_t remote{0};     //!< remote address (0 unless address-dependent mapping)
    uint16_t remotePort{0}; //!< remote port (0 unless address-and-port-dependent mapping)

    /// \param o other key \return true if all fields are equal
    bool operator==(const NatInsideKey& o) const
    {
        return protocol == o.protocol && inside == o.inside && insidePort == o.insidePort &&
               remote == o.remote && remotePort == o.remotePort;
    }
};

/// Hash of a NatInsideKey.
struct NatInsideKeyHash
{
    /// \param k key \return hash value
    size_t operator()(const NatInsideKey& k) const
    {
        uint64_t a = (uint64_t(k.inside) << 32) | (uint64_t(k.insidePort) << 16) | k.protocol;
        uint64_t b = (uint64_t(k.remote) << 16) | k.remotePort;
        // splitmix64-style mixing of the two words
        uint64_t h = a * 0x9E3779B97F4A7C15ULL ^ (b + 0x632BE59BD9B4E5D9ULL + (a << 6) + (a >> 2));
        h ^= h >> 31;
        h *= 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 29;
        return static_cast<size_t>(h);
    }
};

/**
 * \ingroup haaro
 * \brief State of one session of a mapping: the traffic between the mapped inside endpoint
 * and one remote endpoint (address and port; port 0 for ICMP).
 */
struct NatSession
{
    Time lastActivity;        //!< last packet that refreshed the session
    bool seenOutbound{false}; //!< an outbound packet was seen
    bool seenInbound{false};  //!< an inbound packet was seen (TCP state)
    bool finOutbound{false};  //!< TCP FIN seen outbound
    bool finInbound{false};   //!< TCP FIN seen inbound
    bool reset{false};        //!< TCP RST seen (either direction)

    /// \return true for a TCP session in the established phase (RFC 5382 section 5):
    /// packets seen both ways and neither a RST nor FINs in both directions
    bool IsTcpEstablished() const
    {
        return seenOutbound && seenInbound && !reset && !(finOutbound && finInbound);
    }
};

/**
 * \ingroup haaro
 * \brief One NAT mapping (RFC 4787 section 4.1): an inside endpoint bound to an external
 * port of the NAT's public address, with the sessions that use it.
 */
struct NatMapping
{
    NatInsideKey key;            //!< inside key (protocol, inside endpoint, remote part)
    uint16_t externalPort{0};    //!< external port (ICMP: external echo identifier)
    Ipv4Address firstRemote;     //!< remote address of the packet that created it
    uint16_t firstRemotePort{0}; //!< remote port of the packet that created it
    Time created;                //!< creation time
    Time expires;                //!< the mapping is gone at or after this time
    /// sessions keyed by (remote address << 16 | remote port)
    std::unordered_map<uint64_t, NatSession> sessions;
    /// number of sessions per remote address (address-dependent filtering)
    std::unordered_map<uint32_t, uint32_t> remoteAddresses;

    /// \return the inside address
    Ipv4Address GetInsideAddress() const
    {
        return Ipv4Address(key.inside);
    }

    /// \param remote remote address \param port remote port \return the session key
    static uint64_t SessionKey(Ipv4Address remote, uint16_t port)
    {
        return (uint64_t(remote.Get()) << 16) | port;
    }
};

/**
 * \ingroup haaro
 * \brief The mapping table of Ipv4Nat: two hash indexes over the same mappings, one by
 * inside key (outbound look-up) and one by protocol and external port (inbound look-up),
 * so that each packet costs O(1). External ports are never shared between mappings of the
 * same protocol (no port overloading, RFC 4787 REQ-4 discussion), so the inbound index is
 * unique. Expiry policy and timeouts are the owner's: the table only stores the times.
 */
class NatMappingTable
{
  public:
    /**
     * \param protocol IP protocol \param externalPort external port
     * \return the mapping, or nullptr (expired mappings included: the caller checks)
     */
    NatMapping* FindByExternal(uint8_t protocol, uint16_t externalPort);

    /// \param key inside key \return the mapping, or nullptr
    NatMapping* FindByInside(const NatInsideKey& key);

    /**
     * \brief Adds a mapping. Its inside key and external port must both be unused.
     * \param mapping the mapping
     * \return the stored mapping (valid until it is removed)
     */
    NatMapping* Insert(const NatMapping& mapping);

    /// \param protocol IP protocol \param externalPort external port \brief removes a mapping
    void Remove(uint8_t protocol, uint16_t externalPort);

    /// \param protocol IP protocol \param port external port \return true if a mapping uses it
    bool IsExternalPortUsed(uint8_t protocol, uint16_t port) const;

    /**
     * \brief First port of [first, last] (cyclic, starting at \p from) that no mapping of
     * \p protocol uses and that \p alsoUsed (if set) does not report as used.
     * \param protocol IP protocol
     * \param from where the search starts (clamped into the range)
     * \param first first port of the range
     * \param last last port of the range
     * \param alsoUsed extra "in use" test (e.g. the NAT node's own sockets), may be empty
     * \param maxProbes give up after that many ports (0: the whole range)
     * \return the port, or nothing when the ports probed are all used
     */
    std::optional<uint16_t> FindFreePort(uint8_t protocol,
                                         uint32_t from,
                                         uint16_t first,
                                         uint16_t last,
                                         const std::function<bool(uint16_t)>& alsoUsed,
                                         uint32_t maxProbes = 0) const;

    /// \return number of stored mappings (expired ones not yet removed included)
    uint32_t GetSize() const;

    /// \param now current time \return number of mappings that have not expired at \p now
    uint32_t CountLive(Time now) const;

    /**
     * \param now current time
     * \return the (protocol, external port) of every mapping expired at \p now, sorted
     */
    std::vector<std::pair<uint8_t, uint16_t>> CollectExpired(Time now) const;

    /// \return all mappings sorted by (protocol, external port)
    std::vector<const NatMapping*> GetAll() const;

    /// \brief removes every mapping
    void Clear();

    /**
     * \brief Prints one line per mapping, sorted by (protocol, external port), after a
     * column header (Ipv4Nat::PrintRoutingTable).
     * \param os where \param unit unit of the expiry times
     */
    void Print(std::ostream& os, Time::Unit unit) const;

  private:
    /// \param protocol IP protocol \param port port \return the external index key
    static uint32_t ExternalKey(uint8_t protocol, uint16_t port)
    {
        return (uint32_t(protocol) << 16) | port;
    }

    std::unordered_map<uint32_t, NatMapping> m_byExternal; //!< (protocol, ext port) -> mapping
    /// inside key -> external index key
    std::unordered_map<NatInsideKey, uint32_t, NatInsideKeyHash> m_byInside;
};

} // namespace ns3

#endif /* NAT_MAPPING_TABLE_H */
