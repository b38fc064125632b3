/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PACKET_BUFFER_RECYCLING_H
#define PACKET_BUFFER_RECYCLING_H

#include <cstdint>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Keeps ns-3's packet buffer free list from giving large buffers to small packets.
 *
 * ns-3.37's Buffer (src/network/model/buffer.cc, BUFFER_FREE_LIST) keeps up to 1,000
 * freed data blocks whose size is at least the largest block freed so far
 * (Buffer::g_maxSize) and hands the last one to the next buffer that is created, whatever
 * that buffer needs: an empty Packet, a 100-octet datagram, an IP fragment that gets its
 * header. Once a 65,535-octet Registration Reply (a Prefix Advertisement of some 3,500
 * routers in 45 IP fragments) has been freed, every freed 65 KB block is kept and reused
 * by small packets, so each packet that lives long - a fragment held 30 s for reassembly,
 * a packet in a queue - pins 65 KB instead of its own octets (issue 14: most of the
 * 8.2 GiB of the 10,000-router storm).
 *
 * Limit() frees one block of the given size once, so that only blocks at least that
 * large are recycled from then on: one such block circulates, every other block is
 * returned to the heap when its packet is freed. Which block holds a packet's octets is
 * invisible to the simulation (the octets, packet uids, events and their order are the
 * same); only the memory and the time of the allocations change.
 */
class PacketBufferRecycling
{
  public:
    /// Default for Limit(): larger than any ns-3 packet (IPv4 datagrams are at most 65,535).
    static constexpr uint32_t DEFAULT_OCTETS = 16u << 20;

    /**
     * Stops ns-3's Buffer from recycling data blocks smaller than \p octets for the rest of
     * the process (ns-3 keeps no way to undo it: the limit only grows). Call it before
     * the simulation; calling it again with the same or a smaller size does nothing.
     * \param octets the smallest block that is still recycled
     */
    static void Limit(uint32_t octets = DEFAULT_OCTETS);
};

} // namespace ns3

#endif /* PACKET_BUFFER_RECYCLING_H */
