/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MIP_CRYPTO_H
#define MIP_CRYPTO_H

#include "mip-wire.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The hash and MAC primitives that Mobile IPv4 and RFC 6521 name, computed by OpenSSL.
 */
class MipCrypto
{
  public:
    /// Octets in an HMAC-MD5 output (RFC 2104 with MD5).
    static constexpr size_t MD5_SIZE = 16;
    /// Octets in a SHA-1 or HMAC-SHA1 output.
    static constexpr size_t SHA1_SIZE = 20;

    /**
     * \param key the key \param data the message
     * \return HMAC-MD5(key, data), 16 octets (RFC 5944 section 3.5.1 default algorithm)
     */
    static MipBytes HmacMd5(const MipBytes& key, const MipBytes& data);

    /**
     * \param key the key \param data the message
     * \return HMAC-SHA1(key, data), 20 octets (RFC 6521 section 3.2)
     */
    static MipBytes HmacSha1(const MipBytes& key, const MipBytes& data);

    /**
     * \param data the message
     * \return SHA1(data), 20 octets
     */
    static MipBytes Sha1(const MipBytes& data);

    /**
     * \brief First(n, bytes): the leftmost n octets (RFC 6275 notation, in octets here).
     * \param octets how many \param bytes source
     * \return the first min(octets, size) octets
     */
    static MipBytes First(size_t octets, const MipBytes& bytes);

    /**
     * \brief Compares two octet strings in time that depends only on their length.
     * \param a first \param b second
     * \return true if equal (strings of different length are never equal)
     */
    static bool ConstantTimeEqual(const MipBytes& a, const MipBytes& b);
};

} // namespace ns3

#endif /* MIP_CRYPTO_H */
