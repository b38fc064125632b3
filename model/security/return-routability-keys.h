/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef RETURN_ROUTABILITY_KEYS_H
#define RETURN_ROUTABILITY_KEYS_H

#include "ns3/ipv4-address.h"
#include "ns3/mip-wire.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Keygen tokens and the Mobile Router - Correspondent Router key KRm of the return
 * routability procedure (RFC 6521 sections 3.2 and 9, after RFC 6275 section 5.2.5).
 *
 * \verbatim
    home keygen token    = First(64, HMAC_SHA1(Kcr, HoA     | nonce | 0x00))
    care-of keygen token = First(64, HMAC_SHA1(Kcr, CoA     | nonce | 0x01))
    KRm (registration)   = SHA1(home keygen token | care-of keygen token)   20 octets
    KRm (de-registration, Lifetime 0) = SHA1(home keygen token)            20 octets

    HMAC input:  +--------+--------+--------+--------+
                 | address (4 octets, network order) |
                 +--------+--------+--------+--------+
                 |                                   |
                 +   nonce (8 octets, network order) +
                 |                                   |
                 +--------+--------+--------+--------+
                 |00 / 01 |
                 +--------+
   \endverbatim
 *
 * "|" is octet concatenation. The trailing 0x00 / 0x01 are single octets (taken from RFC
 * 6275; RFC 6521 only says the Mobile IPv6 principles apply). Kcr is the Correspondent
 * Router's 16-octet secret; nonces are 64 bits. A token is 8 octets; the HoT / CoT carry
 * it as a 64-bit field, TokenToU64() / TokenFromU64() convert between the two forms
 * (big-endian). The care-of address is the one the CR sees (the CoTI's, and later the
 * Registration Request's, IP source address, possibly NAT-translated).
 */
class ReturnRoutabilityKeys
{
  public:
    /// Octets of the Correspondent Router secret Kcr.
    static constexpr size_t KCR_SIZE = 16;
    /// Octets of a nonce (64 bits, RECOMMENDED by RFC 6521 section 3.2).
    static constexpr size_t NONCE_SIZE = 8;
    /// Octets of a keygen token (First(64 bits, ...)).
    static constexpr size_t TOKEN_SIZE = 8;
    /// Octets of KRm (a SHA-1 output).
    static constexpr size_t KRM_SIZE = 20;
    /// Octet appended to the home keygen token's HMAC input.
    static constexpr uint8_t HOME_TOKEN_SUFFIX = 0x00;
    /// Octet appended to the care-of keygen token's HMAC input.
    static constexpr uint8_t CARE_OF_TOKEN_SUFFIX = 0x01;
    /// Seconds after its first use beyond which a nonce MUST NOT be accepted (section 9).
    static constexpr uint32_t MAX_NONCE_LIFETIME = 240;
    /// Seconds a keygen token remains valid after it was sent (section 9).
    static constexpr uint32_t MAX_TOKEN_LIFETIME = 210;
    /// Upper bound on keepalives per second (section 9).
    static constexpr uint32_t MAX_UPDATE_RATE = 5;

    /**
     * \param kcr the Correspondent Router secret (KCR_SIZE octets; aborts otherwise)
     * \param homeAddress the Mobile Router's home address
     * \param nonce the nonce
     * \return the home keygen token, TOKEN_SIZE octets
     */
    static MipBytes HomeKeygenToken(const MipBytes& kcr, Ipv4Address homeAddress, uint64_t nonce);

    /**
     * \param kcr the Correspondent Router secret (KCR_SIZE octets; aborts otherwise)
     * \param careOfAddress the care-of address as the CR sees it
     * \param nonce the nonce
     * \return the care-of keygen token, TOKEN_SIZE octets
     */
    static MipBytes CareOfKeygenToken(const MipBytes& kcr,
                                      Ipv4Address careOfAddress,
                                      uint64_t nonce);

    /**
     * \param homeToken home keygen token (TOKEN_SIZE octets; aborts otherwise)
     * \param careOfToken care-of keygen token (TOKEN_SIZE octets; aborts otherwise)
     * \return KRm = SHA1(homeToken | careOfToken), KRM_SIZE octets
     */
    static MipBytes RegistrationKey(const MipBytes& homeToken, const MipBytes& careOfToken);

    /**
     * \param homeToken home keygen token as carried in a HoT
     * \param careOfToken care-of keygen token as carried in a CoT
     * \return KRm = SHA1(homeToken | careOfToken), KRM_SIZE octets
     */
    static MipBytes RegistrationKey(uint64_t homeToken, uint64_t careOfToken);

    /**
     * \param homeToken home keygen token (TOKEN_SIZE octets; aborts otherwise)
     * \return the de-registration KRm = SHA1(homeToken), KRM_SIZE octets
     */
    static MipBytes DeregistrationKey(const MipBytes& homeToken);

    /**
     * \param homeToken home keygen token as carried in a HoT
     * \return the de-registration KRm = SHA1(homeToken), KRM_SIZE octets
     */
    static MipBytes DeregistrationKey(uint64_t homeToken);

    /**
     * \param token a keygen token (TOKEN_SIZE octets; aborts otherwise)
     * \return its octets read as a big-endian integer, for the HoT / CoT token field
     */
    static uint64_t TokenToU64(const MipBytes& token);

    /**
     * \param token a keygen token as carried in a HoT / CoT
     * \return its TOKEN_SIZE octets, most significant first
     */
    static MipBytes TokenFromU64(uint64_t token);
};

} // namespace ns3

#endif /* RETURN_ROUTABILITY_KEYS_H */
