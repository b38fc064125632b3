/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mip-security-association.h"

#include "ns3/log.h"
#include "ns3/mip-auth-extension.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MipSecurityAssociation");

static_assert(MipSecurityAssociation::FIRST_USABLE_SPI == MipAuthExtension::FIRST_USABLE_SPI,
              "one reserved SPI range");

MipSecurityAssociation::MipSecurityAssociation()
    : m_replayTolerance(Seconds(7))
{
}

MipSecurityAssociation::MipSecurityAssociation(uint32_t spi,
                                               MipBytes key,
                                               MipReplayMode mode,
                                               Time replayTolerance)
    : m_spi(spi),
      m_key(std::move(key)),
      m_replayMode(mode),
      m_replayTolerance(replayTolerance)
{
}

uint32_t
MipSecurityAssociation::GetSpi() const
{
    return m_spi;
}

void
MipSecurityAssociation::SetSpi(uint32_t spi)
{
    m_spi = spi;
}

const MipBytes&
MipSecurityAssociation::GetKey() const
{
    return m_key;
}

void
MipSecurityAssociation::SetKey(MipBytes key)
{
    m_key = std::move(key);
}

MipReplayMode
MipSecurityAssociation::GetReplayMode() const
{
    return m_replayMode;
}

void
MipSecurityAssociation::SetReplayMode(MipReplayMode mode)
{
    m_replayMode = mode;
}

Time
MipSecurityAssociation::GetReplayTolerance() const
{
    return m_replayTolerance;
}

void
MipSecurityAssociation::SetReplayTolerance(Time tolerance)
{
    m_replayTolerance = tolerance;
}

std::string
MipSecurityAssociation::Validate() const
{
    if (m_spi < FIRST_USABLE_SPI)
    {
        std::ostringstream os;
        os << "SPI " << m_spi << " is reserved (0-" << FIRST_USABLE_SPI - 1 << ")";
        return os.str();
    }
    if (m_key.empty())
    {
        return "empty key";
    }
    if (m_replayMode != MipReplayMode::TIMESTAMP)
    {
        return "nonce-based replay protection is not supported";
    }
    if (m_replayTolerance.IsStrictlyNegative())
    {
        return "negative replay tolerance";
    }
    return "";
}

bool
MipSecurityAssociation::IsValid() const
{
    return Validate().empty();
}

bool
MipSecurityAssociationTable::Add(Ipv4Address homeAddress, const MipSecurityAssociation& sa)
{
    std::string error = sa.Validate();
    if (!error.empty())
    {
        NS_LOG_WARN("security association for " << homeAddress << " rejected: " << error);
        return false;
    }
    return m_entries.emplace(homeAddress, sa).second;
}

const MipSecurityAssociation*
MipSecurityAssociationTable::Find(Ipv4Address homeAddress) const
{
    auto it = m_entries.find(homeAddress);
    return it == m_entries.end() ? nullptr : &it->second;
}

bool
MipSecurityAssociationTable::Remove(Ipv4Address homeAddress)
{
    return m_entries.erase(homeAddress) > 0;
}

size_t
MipSecurityAssociationTable::GetN() const
{
    return m_entries.size();
}

void
MipSecurityAssociationTable::Clear()
{
    m_entries.clear();
}

} // namespace ns3
