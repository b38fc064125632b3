/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MIP_SECURITY_ASSOCIATION_H
#define MIP_SECURITY_ASSOCIATION_H

#include "ns3/ipv4-address.h"
#include "ns3/mip-wire.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <map>
#include <string>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Replay protection style of a mobility security association (RFC 5944 section 5.7).
 */
enum class MipReplayMode : uint8_t
{
    TIMESTAMP, //!< NTP timestamp Identification (mandatory to implement; supported)
    NONCE,     //!< nonces (optional in RFC 5944; not supported by this module)
};

/**
 * \ingroup haaro
 * \brief One mobility security association between a mobile node (router) and its home
 * agent (RFC 5944 sections 1.6 and 3.5): SPI, HMAC-MD5 key, replay protection mode and the
 * home agent's timestamp tolerance.
 */
class MipSecurityAssociation
{
  public:
    /// SPIs 0-255 are reserved (RFC 5944 section 1.6).
    static constexpr uint32_t FIRST_USABLE_SPI = 256;
    /// Key length of the default algorithm, HMAC-MD5 (RFC 5944 section 5.1).
    static constexpr size_t HMAC_MD5_KEY_LENGTH = 16;

    /// An association with SPI 0 (invalid until SetSpi()), an empty key, timestamps and 7 s.
    MipSecurityAssociation();

    /**
     * \param spi Security Parameter Index (256 or more)
     * \param key secret key (16 octets for HMAC-MD5; any non-empty length is accepted)
     * \param mode replay protection mode
     * \param replayTolerance tolerance of the home agent's timestamp check
     */
    MipSecurityAssociation(uint32_t spi,
                           MipBytes key,
                           MipReplayMode mode = MipReplayMode::TIMESTAMP,
                           Time replayTolerance = Seconds(7));

    /// \return SPI
    uint32_t GetSpi() const;
    /// \param spi Security Parameter Index
    void SetSpi(uint32_t spi);
    /// \return the key
    const MipBytes& GetKey() const;
    /// \param key secret key
    void SetKey(MipBytes key);
    /// \return replay protection mode
    MipReplayMode GetReplayMode() const;
    /// \param mode replay protection mode
    void SetReplayMode(MipReplayMode mode);
    /// \return tolerance of the home agent's timestamp check
    Time GetReplayTolerance() const;
    /// \param tolerance tolerance of the home agent's timestamp check
    void SetReplayTolerance(Time tolerance);

    /**
     * \brief Checks that the association can be used.
     * \return an empty string if it can, otherwise why not (reserved SPI, empty key,
     *         unsupported nonce mode, negative tolerance)
     */
    std::string Validate() const;
    /// \return true if Validate() returns an empty string
    bool IsValid() const;

  private:
    uint32_t m_spi{0};                                    //!< Security Parameter Index
    MipBytes m_key;                                       //!< secret key
    MipReplayMode m_replayMode{MipReplayMode::TIMESTAMP}; //!< replay protection mode
    Time m_replayTolerance;                               //!< home agent's timestamp tolerance
};

/**
 * \ingroup haaro
 * \brief Mobility security associations keyed by home address (O(log n) operations).
 */
class MipSecurityAssociationTable
{
  public:
    /**
     * \param homeAddress home address of the mobile node (router)
     * \param sa its security association
     * \return false (and the table is unchanged) if the address already has one or sa is
     *         not valid (see MipSecurityAssociation::Validate())
     */
    bool Add(Ipv4Address homeAddress, const MipSecurityAssociation& sa);

    /**
     * \param homeAddress home address
     * \return the association, or nullptr; valid until that entry is removed
     */
    const MipSecurityAssociation* Find(Ipv4Address homeAddress) const;

    /**
     * \param homeAddress home address
     * \return true if an association was removed
     */
    bool Remove(Ipv4Address homeAddress);

    /// \return number of associations
    size_t GetN() const;
    /// \brief Removes every association.
    void Clear();

  private:
    std::map<Ipv4Address, MipSecurityAssociation> m_entries; //!< by home address
};

} // namespace ns3

#endif /* MIP_SECURITY_ASSOCIATION_H */
