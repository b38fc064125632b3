/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "prefix-delta-codec.h"

namespace ns3
{

bool
PrefixDeltaCodec::HasMaster() const
{
    return m_hasMaster;
}

Ipv4Address
PrefixDeltaCodec::GetMaster() const
{
    return Ipv4Address(m_master);
}

void
PrefixDeltaCodec::SetMaster(Ipv4Address prefix)
{
    m_hasMaster = true;
    m_master = prefix.Get();
}

void
PrefixDeltaCodec::Reset()
{
    m_hasMaster = false;
    m_master = 0;
}

uint32_t
PrefixDeltaCodec::GetMask(uint8_t plen)
{
    if (plen == 0)
    {
        return 0; // a shift by 32 would be undefined
    }
    if (plen >= MAX_PREFIX_LENGTH)
    {
        return 0xffffffffU;
    }
    return 0xffffffffU << (MAX_PREFIX_LENGTH - plen);
}

Ipv4Address
PrefixDeltaCodec::Truncate(Ipv4Address prefix, uint8_t plen)
{
    return Ipv4Address(prefix.Get() & GetMask(plen));
}

bool
PrefixDeltaCodec::CanDelta(Ipv4Address prefix, uint8_t plen) const
{
    if (!m_hasMaster || plen < DELTA_BITS || plen > MAX_PREFIX_LENGTH)
    {
        return false;
    }
    uint32_t fixed = GetMask(plen - DELTA_BITS);
    return (prefix.Get() & fixed) == (m_master & fixed);
}

uint8_t
PrefixDeltaCodec::EncodeDelta(Ipv4Address prefix, uint8_t plen)
{
    if (plen < DELTA_BITS || plen > MAX_PREFIX_LENGTH)
    {
        return 0;
    }
    return static_cast<uint8_t>((prefix.Get() >> (MAX_PREFIX_LENGTH - plen)) & 0xff);
}

std::optional<Ipv4Address>
PrefixDeltaCodec::DecodeDelta(uint8_t delta, uint8_t plen) const
{
    if (!m_hasMaster || plen < DELTA_BITS || plen > MAX_PREFIX_LENGTH)
    {
        return std::nullopt;
    }
    uint32_t value = (m_master & GetMask(plen - DELTA_BITS)) |
                     (static_cast<uint32_t>(delta) << (MAX_PREFIX_LENGTH - plen));
    return Ipv4Address(value & GetMask(plen));
}

uint8_t
PrefixDeltaCodec::GetFullOctets(uint8_t plen)
{
    if (plen > MAX_PREFIX_LENGTH)
    {
        plen = MAX_PREFIX_LENGTH;
    }
    return static_cast<uint8_t>((plen + 7) / 8);
}

void
PrefixDeltaCodec::WriteFull(MipWireWriter& w, Ipv4Address prefix, uint8_t plen)
{
    uint32_t value = prefix.Get() & GetMask(plen);
    uint8_t octets = GetFullOctets(plen);
    for (uint8_t i = 0; i < octets; ++i)
    {
        w.WriteU8(static_cast<uint8_t>(value >> (24 - 8 * i)));
    }
}

std::optional<Ipv4Address>
PrefixDeltaCodec::ReadFull(MipWireReader& r, uint8_t plen)
{
    if (plen > MAX_PREFIX_LENGTH)
    {
        return std::nullopt;
    }
    uint8_t octets = GetFullOctets(plen);
    uint32_t value = 0;
    for (uint8_t i = 0; i < octets; ++i)
    {
        value |= static_cast<uint32_t>(r.ReadU8()) << (24 - 8 * i);
    }
    if (!r.IsOk())
    {
        return std::nullopt;
    }
    return Ipv4Address(value & GetMask(plen));
}

} // namespace ns3
