/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "correspondent-keys.h"

#include "return-routability-keys.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CorrespondentKeys");

CorrespondentKeys::CorrespondentKeys()
    : m_interval(Seconds(DEFAULT_NONCE_INTERVAL_S))
{
}

void
CorrespondentKeys::SetRandomStream(Ptr<UniformRandomVariable> rng)
{
    m_rng = rng;
}

void
CorrespondentKeys::SetNonceInterval(Time t)
{
    NS_ABORT_MSG_IF(!t.IsStrictlyPositive(), "CorrespondentKeys: nonce interval must be > 0");
    NS_ABORT_MSG_IF(t > Seconds(ReturnRoutabilityKeys::MAX_NONCE_LIFETIME -
                                ReturnRoutabilityKeys::MAX_TOKEN_LIFETIME),
                    "CorrespondentKeys: a nonce interval above 30 s would not keep tokens "
                    "valid for MAX_TOKEN_LIFETIME");
    m_interval = t;
}

Time
CorrespondentKeys::GetNonceInterval() const
{
    return m_interval;
}

Ptr<UniformRandomVariable>
CorrespondentKeys::Rng()
{
    if (!m_rng)
    {
        m_rng = CreateObject<UniformRandomVariable>();
    }
    return m_rng;
}

const MipBytes&
CorrespondentKeys::GetKcr()
{
    if (m_kcr.empty())
    {
        Ptr<UniformRandomVariable> rng = Rng();
        m_kcr.resize(ReturnRoutabilityKeys::KCR_SIZE);
        for (auto& octet : m_kcr)
        {
            octet = static_cast<uint8_t>(rng->GetInteger(0, 0xff));
        }
        NS_LOG_LOGIC("Kcr created");
    }
    return m_kcr;
}

bool
CorrespondentKeys::Acceptable(const Nonce& n, Time now)
{
    return now <= n.firstUse + Seconds(ReturnRoutabilityKeys::MAX_NONCE_LIFETIME);
}

const CorrespondentKeys::Nonce&
CorrespondentKeys::CurrentNonce(Time now)
{
    GetKcr(); // Kcr first, then the nonce: a fixed order of random draws
    if (!m_nonces.empty() && now < m_nonces.back().firstUse + m_interval)
    {
        return m_nonces.back();
    }
    // Forget what can no longer be accepted.
    while (!m_nonces.empty() && !Acceptable(m_nonces.front(), now))
    {
        m_nonces.pop_front();
    }
    Ptr<UniformRandomVariable> rng = Rng();
    uint64_t value = 0;
    for (int i = 0; i < 4; ++i)
    {
        value = (value << 16) | rng->GetInteger(0, 0xffff);
    }
    m_lastIndex = static_cast<uint16_t>(m_lastIndex + 1);
    if (m_lastIndex == 0)
    {
        m_lastIndex = 1; // 0 is reserved for a pre-shared KRm
    }
    // An index still kept after a wrap-around (needs > 65535 nonces in 240 s) is dropped.
    m_nonces.erase(std::remove_if(m_nonces.begin(),
                                  m_nonces.end(),
                                  [this](const Nonce& n) { return n.index == m_lastIndex; }),
                   m_nonces.end());
    m_nonces.push_back(Nonce{m_lastIndex, value, now});
    NS_LOG_LOGIC("nonce " << m_lastIndex << " first used at " << now.As(Time::S));
    return m_nonces.back();
}

CorrespondentKeys::Token
CorrespondentKeys::MakeHomeToken(Ipv4Address mrHomeAddress, Time now)
{
    NS_LOG_FUNCTION(this << mrHomeAddress << now);
    const Nonce& n = CurrentNonce(now);
    return Token{n.index, ReturnRoutabilityKeys::HomeKeygenToken(m_kcr, mrHomeAddress, n.value)};
}

CorrespondentKeys::Token
CorrespondentKeys::MakeCareOfToken(Ipv4Address careOf, Time now)
{
    NS_LOG_FUNCTION(this << careOf << now);
    const Nonce& n = CurrentNonce(now);
    return Token{n.index, ReturnRoutabilityKeys::CareOfKeygenToken(m_kcr, careOf, n.value)};
}

const CorrespondentKeys::Nonce*
CorrespondentKeys::FindNonce(uint16_t index) const
{
    if (index == 0)
    {
        return nullptr;
    }
    auto it = std::find_if(m_nonces.begin(), m_nonces.end(), [index](const Nonce& n) {
        return n.index == index;
    });
    return it == m_nonces.end() ? nullptr : &*it;
}

CorrespondentKeys::NonceStatus
CorrespondentKeys::CheckNonce(uint16_t index, Time now) const
{
    const Nonce* n = FindNonce(index);
    return n != nullptr && Acceptable(*n, now) ? NonceStatus::VALID : NonceStatus::EXPIRED;
}

std::optional<MipBytes>
CorrespondentKeys::HomeToken(uint16_t index, Ipv4Address mrHomeAddress, Time now) const
{
    const Nonce* n = FindNonce(index);
    if (n == nullptr || !Acceptable(*n, now))
    {
        return std::nullopt;
    }
    return ReturnRoutabilityKeys::HomeKeygenToken(m_kcr, mrHomeAddress, n->value);
}

std::optional<MipBytes>
CorrespondentKeys::CareOfToken(uint16_t index, Ipv4Address careOf, Time now) const
{
    const Nonce* n = FindNonce(index);
    if (n == nullptr || !Acceptable(*n, now))
    {
        return std::nullopt;
    }
    return ReturnRoutabilityKeys::CareOfKeygenToken(m_kcr, careOf, n->value);
}

std::optional<uint64_t>
CorrespondentKeys::GetNonce(uint16_t index) const
{
    const Nonce* n = FindNonce(index);
    return n == nullptr ? std::nullopt : std::optional<uint64_t>(n->value);
}

std::optional<Time>
CorrespondentKeys::GetNonceFirstUse(uint16_t index) const
{
    const Nonce* n = FindNonce(index);
    return n == nullptr ? std::nullopt : std::optional<Time>(n->firstUse);
}

std::optional<uint16_t>
CorrespondentKeys::GetCurrentNonceIndex() const
{
    if (m_nonces.empty())
    {
        return std::nullopt;
    }
    return m_nonces.back().index;
}

size_t
CorrespondentKeys::GetNonceCount() const
{
    return m_nonces.size();
}

} // namespace ns3
