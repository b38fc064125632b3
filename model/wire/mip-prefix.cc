/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mip-prefix.h"

#include <algorithm>

namespace ns3
{

uint32_t
MipPrefix::MaskOf(uint8_t length)
{
    if (length == 0)
    {
        return 0u;
    }
    if (length >= MAX_LENGTH)
    {
        return 0xffffffffu;
    }
    return 0xffffffffu << (MAX_LENGTH - length);
}

bool
MipPrefix::IsValid() const
{
    return length <= MAX_LENGTH;
}

bool
MipPrefix::Contains(Ipv4Address a) const
{
    return IsValid() && ((a.Get() ^ network.Get()) & MaskOf(length)) == 0;
}

bool
MipPrefix::Overlaps(const MipPrefix& o) const
{
    if (!IsValid() || !o.IsValid())
    {
        return false;
    }
    uint32_t mask = MaskOf(std::min(length, o.length));
    return ((network.Get() ^ o.network.Get()) & mask) == 0;
}

bool
MipPrefix::operator==(const MipPrefix& o) const
{
    return network == o.network && length == o.length;
}

std::ostream&
operator<<(std::ostream& os, const MipPrefix& p)
{
    return os << p.network << "/" << unsigned(p.length);
}

} // namespace ns3
