/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mip-auth-extension.h"

#include "ns3/mip-crypto.h"

namespace ns3
{

namespace
{

bool
IsWellFormed(const MipExtension& e)
{
    return e.data.size() >= 4; // SPI; the authenticator length depends on the algorithm
}

const MipExtensionRegistration g_mobileHome(MipAuthExtension::TYPE_MOBILE_HOME,
                                            0,
                                            &IsWellFormed,
                                            &MipPrintExtension<MipAuthExtension>);
const MipExtensionRegistration g_mobileForeign(MipAuthExtension::TYPE_MOBILE_FOREIGN,
                                               0,
                                               &IsWellFormed,
                                               &MipPrintExtension<MipAuthExtension>);
const MipExtensionRegistration g_foreignHome(MipAuthExtension::TYPE_FOREIGN_HOME,
                                             0,
                                             &IsWellFormed,
                                             &MipPrintExtension<MipAuthExtension>);

} // namespace

MipAuthExtension::MipAuthExtension(uint8_t type, uint32_t spi, MipBytes authenticator)
    : m_type(type),
      m_spi(spi),
      m_authenticator(std::move(authenticator))
{
}

uint8_t
MipAuthExtension::GetType() const
{
    return m_type;
}

uint32_t
MipAuthExtension::GetSpi() const
{
    return m_spi;
}

const MipBytes&
MipAuthExtension::GetAuthenticator() const
{
    return m_authenticator;
}

std::optional<MipAuthExtension>
MipAuthExtension::FromExtension(const MipExtension& e)
{
    if ((e.type != TYPE_MOBILE_HOME && e.type != TYPE_MOBILE_FOREIGN &&
         e.type != TYPE_FOREIGN_HOME) ||
        e.format != MipExtensionFormat::TLV || !IsWellFormed(e))
    {
        return std::nullopt;
    }
    MipWireReader r(e.data);
    uint32_t spi = r.ReadU32();
    return MipAuthExtension(e.type, spi, r.ReadBytes(r.GetRemaining()));
}

MipExtension
MipAuthExtension::ToExtension() const
{
    MipBytes data;
    MipWireWriter w(data);
    w.WriteU32(m_spi);
    w.WriteBytes(m_authenticator);
    return MipExtension::Tlv(m_type, data);
}

void
MipAuthExtension::Append(MipMessage& msg, uint8_t type, uint32_t spi, const MipBytes& key)
{
    // Length must already count the 16-octet authenticator when the MAC is computed.
    MipAuthExtension ext(type, spi, MipBytes(MipCrypto::MD5_SIZE, 0));
    msg.AddExtension(ext.ToExtension());
    size_t index = msg.GetExtensions().GetCount() - 1;
    ext.m_authenticator = MipCrypto::HmacMd5(key, msg.GetAuthenticatedData(index, COVERED_HEADER));
    msg.GetExtensions().GetMutable(index) = ext.ToExtension();
}

MipAuthResult
MipAuthExtension::Verify(const MipMessage& msg, uint8_t type, uint32_t spi, const MipBytes& key)
{
    if (key.empty())
    {
        return MipAuthResult::MISMATCH; // no key: nothing can authenticate (HMAC("") would)
    }
    std::optional<size_t> index = msg.GetExtensions().FindIndex(type, 0);
    if (!index)
    {
        return MipAuthResult::MISSING;
    }
    std::optional<MipAuthExtension> ext = FromExtension(msg.GetExtensions().Get(*index));
    if (!ext)
    {
        return MipAuthResult::MISSING;
    }
    if (ext->GetSpi() != spi)
    {
        return MipAuthResult::BAD_SPI;
    }
    MipBytes expected = MipCrypto::HmacMd5(key, msg.GetAuthenticatedData(*index, COVERED_HEADER));
    return MipCrypto::ConstantTimeEqual(expected, ext->GetAuthenticator())
               ? MipAuthResult::OK
               : MipAuthResult::MISMATCH;
}

MipAuthResult
MipAuthExtension::Authenticate(MipMessage& msg,
                               uint8_t type,
                               uint32_t spi,
                               const MipBytes& key,
                               size_t* unauthenticated)
{
    MipAuthResult result = Verify(msg, type, spi, key);
    size_t removed = 0;
    if (result == MipAuthResult::OK)
    {
        removed = msg.KeepAuthenticatedExtensions(*msg.GetExtensions().FindIndex(type, 0));
    }
    if (unauthenticated)
    {
        *unauthenticated = removed;
    }
    return result;
}

void
MipAuthExtension::Print(std::ostream& os) const
{
    os << (m_type == TYPE_MOBILE_HOME      ? "MN-HA"
           : m_type == TYPE_MOBILE_FOREIGN ? "MN-FA"
                                           : "FA-HA")
       << "-auth spi=" << m_spi << " authenticator=" << MipToHex(m_authenticator);
}

std::optional<MipAuthExtension>
MipAuthExtension::Find(const MipMessage& msg, uint8_t type)
{
    std::optional<size_t> index = msg.GetExtensions().FindIndex(type, 0);
    if (!index)
    {
        return std::nullopt;
    }
    return FromExtension(msg.GetExtensions().Get(*index));
}

} // namespace ns3
