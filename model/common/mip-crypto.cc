/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mip-crypto.h"

#include "ns3/abort.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace ns3
{

namespace
{

MipBytes
Hmac(const EVP_MD* md, const MipBytes& key, const MipBytes& data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int outLen = 0;
    // OpenSSL wants a non-null key pointer even for an empty key.
    static const unsigned char emptyKey = 0;
    const unsigned char* k = key.empty() ? &emptyKey : key.data();
    unsigned char* r =
        HMAC(md, k, static_cast<int>(key.size()), data.data(), data.size(), out, &outLen);
    NS_ABORT_MSG_IF(r == nullptr, "OpenSSL HMAC failed");
    return MipBytes(out, out + outLen);
}

} // namespace

MipBytes
MipCrypto::HmacMd5(const MipBytes& key, const MipBytes& data)
{
    return Hmac(EVP_md5(), key, data);
}

MipBytes
MipCrypto::HmacSha1(const MipBytes& key, const MipBytes& data)
{
    return Hmac(EVP_sha1(), key, data);
}

MipBytes
MipCrypto::Sha1(const MipBytes& data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int outLen = 0;
    int ok = EVP_Digest(data.data(), data.size(), out, &outLen, EVP_sha1(), nullptr);
    NS_ABORT_MSG_IF(ok != 1, "OpenSSL SHA-1 failed");
    return MipBytes(out, out + outLen);
}

MipBytes
MipCrypto::First(size_t octets, const MipBytes& bytes)
{
    return MipBytes(bytes.begin(), bytes.begin() + std::min(octets, bytes.size()));
}

bool
MipCrypto::ConstantTimeEqual(const MipBytes& a, const MipBytes& b)
{
    if (a.size() != b.size())
    {
        return false;
    }
    return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace ns3
