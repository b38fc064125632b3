/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ro-token-bucket.h"

#include <algorithm>

namespace ns3
{

bool
RoTokenBucket::Take(uint32_t capacity, Time refill, Time now)
{
    double full = capacity;
    if (m_tokens < 0)
    {
        m_tokens = full;
        m_at = now;
    }
    if (refill.IsStrictlyPositive())
    {
        m_tokens = std::min(full, m_tokens + (now - m_at).GetSeconds() / refill.GetSeconds());
    }
    m_at = now;
    if (m_tokens < 1)
    {
        return false;
    }
    m_tokens -= 1;
    return true;
}

} // namespace ns3
