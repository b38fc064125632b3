/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "packet-buffer-recycling.h"

#include "ns3/buffer.h"

namespace ns3
{

namespace
{
/// The largest limit applied in this process (ns-3's own limit is a process-wide static).
uint32_t g_limit = 0;
} // namespace

void
PacketBufferRecycling::Limit(uint32_t octets)
{
    if (octets <= g_limit)
    {
        return; // another block would only add one more to the free list
    }
    g_limit = octets;
    // A buffer of that size (AddAtStart on an empty Buffer allocates its data block; ns-3
    // returns the smaller blocks it pops from its free list on the way to the heap), freed
    // at the end of this scope: Buffer::Recycle raises the smallest recycled size to it.
    Buffer block;
    block.AddAtStart(octets);
}

} // namespace ns3
