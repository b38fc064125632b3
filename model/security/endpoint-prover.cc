/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "endpoint-prover.h"

namespace ns3
{

void
EndpointProver::SetRandom(Ptr<UniformRandomVariable> random)
{
    m_random = random;
}

void
EndpointProver::SetTimes(Time retry, Time lifetime)
{
    m_retry = retry;
    m_lifetime = lifetime;
}

std::optional<uint64_t>
EndpointProver::Challenge(Ptr<MipTunnel> tunnel, uint16_t port, Time now)
{
    if (!m_random || !tunnel)
    {
        return std::nullopt;
    }
    Slot* chosen = nullptr;
    for (Slot& s : m_slots)
    {
        if (s.nonce != 0 && s.tunnel == tunnel && s.port == port)
        {
            if (now - s.sent < m_retry)
            {
                return std::nullopt; // this end was challenged a moment ago
            }
            chosen = &s;
            break;
        }
    }
    if (!chosen)
    {
        // A free or expired slot, else the oldest one if it is older than the retry interval.
        for (Slot& s : m_slots)
        {
            if (s.nonce == 0 || now - s.sent >= m_lifetime)
            {
                chosen = &s;
                break;
            }
            if (!chosen || s.sent < chosen->sent)
            {
                chosen = &s;
            }
        }
        if (chosen->nonce != 0 && now - chosen->sent < m_lifetime && now - chosen->sent < m_retry)
        {
            return std::nullopt; // every slot is recent: rate-limited
        }
    }
    uint64_t nonce = 0;
    while (nonce == 0)
    {
        nonce = (static_cast<uint64_t>(m_random->GetInteger(0, UINT32_MAX)) << 32) |
                m_random->GetInteger(0, UINT32_MAX);
    }
    *chosen = Slot{tunnel, port, nonce, now};
    return nonce;
}

bool
EndpointProver::Answer(Ptr<MipTunnel> tunnel, uint16_t port, uint64_t nonce, Time now)
{
    if (nonce == 0)
    {
        return false;
    }
    for (Slot& s : m_slots)
    {
        if (s.nonce == nonce && s.tunnel == tunnel && s.port == port && now - s.sent < m_lifetime)
        {
            s = Slot{};
            return true;
        }
    }
    return false;
}

void
EndpointProver::Forget(Ptr<MipTunnel> tunnel)
{
    for (Slot& s : m_slots)
    {
        if (s.tunnel == tunnel)
        {
            s = Slot{};
        }
    }
}

size_t
EndpointProver::GetOutstanding(Time now) const
{
    size_t n = 0;
    for (const Slot& s : m_slots)
    {
        n += s.nonce != 0 && now - s.sent < m_lifetime;
    }
    return n;
}

} // namespace ns3
