/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NAT_PORT_ALLOCATOR_H
#define NAT_PORT_ALLOCATOR_H

#include "nat-mapping-table.h"
#include "nat-types.h"

#include "ns3/ipv4-address.h"
#include "ns3/ipv4.h"
#include "ns3/random-variable-stream.h"

#include <array>
#include <cstdint>
#include <functional>
#include <optional>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Chooses the external port (ICMP: echo identifier) of a new NAT mapping (RFC 4787
 * section 4.2.1, "Port Assignment"). Each protocol has its own port space; a port is never
 * given to two mappings of the same protocol (no "port overloading", RFC 4787 REQ-3).
 *
 * - PORT_PRESERVING: the inside port if free ("port preservation"), else the next free one
 *   of the 16 ports after it, else the next free port after the last one allocated.
 * - PORT_SEQUENTIAL: the next free port after the last one allocated in the range.
 * - PORT_RANDOM: a random start in the range (one draw per allocation), then the next free
 *   port.
 *
 * The random variable stays the owner's (Ipv4Nat::AssignStreams reaches it); the
 * allocator keeps only the sequential cursors.
 */
class NatPortAllocator
{
  public:
    /// external port choice for a new mapping
    using Mode = NatTypes::PortAllocation;

    /// PORT_PRESERVING: ports after a taken inside port tried before the sequential cursor
    static constexpr uint32_t PRESERVING_NEAR_PROBES = 16;

    /**
     * \brief Chooses a port that no mapping of \p protocol in \p table uses.
     * \param table the mappings
     * \param mode the allocation mode
     * \param rangeStart first port of the range \param rangeEnd last port (either order)
     * \param protocol IP protocol
     * \param insidePort the inside port (ICMP: identifier)
     * \param localUse extra "in use" test (the NAT node's own sockets), may be empty
     * \param rng the random variable of PORT_RANDOM (drawn once per call in that mode only)
     * \return the port, or nothing when the range is exhausted
     */
    std::optional<uint16_t> Allocate(const NatMappingTable& table,
                                     Mode mode,
                                     uint16_t rangeStart,
                                     uint16_t rangeEnd,
                                     uint8_t protocol,
                                     uint16_t insidePort,
                                     const std::function<bool(uint16_t)>& localUse,
                                     Ptr<UniformRandomVariable> rng);

    /// \brief forgets the sequential cursors (a NAT reboot)
    void Reset();

    /**
     * \brief Whether the NAT node has its own UDP or TCP socket bound to \p port on the
     * public address or the wildcard address (such ports are not given to mappings).
     * \param ipv4 the node's IPv4 (may be null) \param publicAddress the public address
     * \param protocol IP protocol (anything but UDP and TCP: false)
     * \param port the port
     * \return true if the port is in use on the node
     */
    static bool NodePortInUse(Ptr<Ipv4> ipv4,
                              Ipv4Address publicAddress,
                              uint8_t protocol,
                              uint16_t port);

  private:
    std::array<uint32_t, 256> m_nextPort{}; //!< PORT_SEQUENTIAL cursor per protocol
};

} // namespace ns3

#endif /* NAT_PORT_ALLOCATOR_H */
