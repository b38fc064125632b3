/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "return-routability-keys.h"

#include "ns3/abort.h"
#include "ns3/mip-crypto.h"

namespace ns3
{

namespace
{

/// First(64, HMAC_SHA1(kcr, address | nonce | suffix)).
MipBytes
KeygenToken(const MipBytes& kcr, Ipv4Address address, uint64_t nonce, uint8_t suffix)
{
    NS_ABORT_MSG_IF(kcr.size() != ReturnRoutabilityKeys::KCR_SIZE,
                    "Kcr must be " << ReturnRoutabilityKeys::KCR_SIZE << " octets, not "
                                   << kcr.size());
    MipBytes input;
    MipWireWriter w(input);
    w.WriteIpv4(address);
    w.WriteU64(nonce);
    w.WriteU8(suffix);
    return MipCrypto::First(ReturnRoutabilityKeys::TOKEN_SIZE, MipCrypto::HmacSha1(kcr, input));
}

/// Aborts unless token has TOKEN_SIZE octets.
void
CheckToken(const MipBytes& token)
{
    NS_ABORT_MSG_IF(token.size() != ReturnRoutabilityKeys::TOKEN_SIZE,
                    "a keygen token is " << ReturnRoutabilityKeys::TOKEN_SIZE << " octets, not "
                                         << token.size());
}

} // namespace

MipBytes
ReturnRoutabilityKeys::HomeKeygenToken(const MipBytes& kcr, Ipv4Address homeAddress, uint64_t nonce)
{
    return KeygenToken(kcr, homeAddress, nonce, HOME_TOKEN_SUFFIX);
}

MipBytes
ReturnRoutabilityKeys::CareOfKeygenToken(const MipBytes& kcr,
                                         Ipv4Address careOfAddress,
                                         uint64_t nonce)
{
    return KeygenToken(kcr, careOfAddress, nonce, CARE_OF_TOKEN_SUFFIX);
}

MipBytes
ReturnRoutabilityKeys::RegistrationKey(const MipBytes& homeToken, const MipBytes& careOfToken)
{
    CheckToken(homeToken);
    CheckToken(careOfToken);
    MipBytes input = homeToken;
    input.insert(input.end(), careOfToken.begin(), careOfToken.end());
    return MipCrypto::Sha1(input);
}

MipBytes
ReturnRoutabilityKeys::RegistrationKey(uint64_t homeToken, uint64_t careOfToken)
{
    return RegistrationKey(TokenFromU64(homeToken), TokenFromU64(careOfToken));
}

MipBytes
ReturnRoutabilityKeys::DeregistrationKey(const MipBytes& homeToken)
{
    CheckToken(homeToken);
    return MipCrypto::Sha1(homeToken);
}

MipBytes
ReturnRoutabilityKeys::DeregistrationKey(uint64_t homeToken)
{
    return DeregistrationKey(TokenFromU64(homeToken));
}

uint64_t
ReturnRoutabilityKeys::TokenToU64(const MipBytes& token)
{
    CheckToken(token);
    MipWireReader r(token);
    return r.ReadU64();
}

MipBytes
ReturnRoutabilityKeys::TokenFromU64(uint64_t token)
{
    MipBytes out;
    MipWireWriter w(out);
    w.WriteU64(token);
    return out;
}

} // namespace ns3
