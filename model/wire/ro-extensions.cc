/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ro-extensions.h"

#include "ns3/abort.h"
#include "ns3/mip-crypto.h"

namespace ns3
{

namespace
{

/// Checks the shape of a 153/1 extension: flags alone, or flags with S and the HoA.
bool
ValidateRoCapability(const MipExtension& e)
{
    if (e.data.size() == 1)
    {
        return (e.data[0] & RoCapabilityExtension::FLAG_S) == 0;
    }
    if (e.data.size() == 5)
    {
        return (e.data[0] & RoCapabilityExtension::FLAG_S) != 0;
    }
    return false;
}

/// Checks the shape of a 49/1 extension: exactly one octet.
bool
ValidateRoReply(const MipExtension& e)
{
    return e.data.size() == 1;
}

/// Checks the shape of a 49/2 extension: Reserved and both indices, then the authenticator.
bool
ValidateMcAuth(const MipExtension& e)
{
    return e.data.size() >= McAuthExtension::FIXED_DATA_SIZE;
}

/// Checks the shape of a 49/3 extension: Reserved, then one or more addresses.
bool
ValidateCareOfAddress(const MipExtension& e)
{
    return e.data.size() >= 5 && (e.data.size() - 1) % 4 == 0;
}

/// True if e is a short-format extension of the given type and sub-type that validates.
bool
IsWellFormed(const MipExtension& e,
             uint8_t type,
             uint8_t subtype,
             bool (*validate)(const MipExtension&))
{
    return e.type == type && e.subtype == subtype && e.format == MipExtensionFormat::SHORT &&
           validate(e);
}

const MipExtensionRegistration g_roCapability(RoCapabilityExtension::TYPE,
                                              RoCapabilityExtension::SUBTYPE,
                                              &ValidateRoCapability,
                                              &MipPrintExtension<RoCapabilityExtension>);
const MipExtensionRegistration g_roReply(RoReplyExtension::TYPE,
                                         RoReplyExtension::SUBTYPE,
                                         &ValidateRoReply,
                                         &MipPrintExtension<RoReplyExtension>);
const MipExtensionRegistration g_mcAuth(McAuthExtension::TYPE,
                                        McAuthExtension::SUBTYPE,
                                        &ValidateMcAuth,
                                        &MipPrintExtension<McAuthExtension>);
const MipExtensionRegistration g_careOfAddress(CareOfAddressExtension::TYPE,
                                               CareOfAddressExtension::SUBTYPE,
                                               &ValidateCareOfAddress,
                                               &MipPrintExtension<CareOfAddressExtension>);

/// \return the first extension of msg that parses as T, looking at (TYPE, SUBTYPE) matches
template <typename T>
std::optional<T>
FindTyped(const MipMessage& msg)
{
    std::optional<size_t> index = msg.GetExtensions().FindIndex(T::TYPE, T::SUBTYPE);
    if (!index)
    {
        return std::nullopt;
    }
    return T::FromExtension(msg.GetExtensions().Get(*index));
}

} // namespace

/* ---------------------------------------------------------------------------------------
 * RoCapabilityExtension (153/1)
 */

void
RoCapabilityExtension::SetFlag(Flag flag, bool on)
{
    if (flag == FLAG_S)
    {
        NS_ABORT_MSG_IF(on, "set S with SetSolicitedHomeAddress(), which also sets the HoA");
        ClearSolicitation();
        return;
    }
    m_flags = on ? (m_flags | flag) : (m_flags & ~flag);
}

bool
RoCapabilityExtension::GetFlag(Flag flag) const
{
    return (GetFlags() & flag) != 0;
}

uint8_t
RoCapabilityExtension::GetFlags() const
{
    return static_cast<uint8_t>((m_flags & FLAGS_MASK & ~FLAG_S) | (m_solicited ? FLAG_S : 0));
}

void
RoCapabilityExtension::SetSolicitedHomeAddress(Ipv4Address homeAddress)
{
    m_solicited = homeAddress;
}

void
RoCapabilityExtension::ClearSolicitation()
{
    m_solicited.reset();
}

std::optional<Ipv4Address>
RoCapabilityExtension::GetSolicitedHomeAddress() const
{
    return m_solicited;
}

std::optional<RoCapabilityExtension>
RoCapabilityExtension::FromExtension(const MipExtension& e)
{
    if (!IsWellFormed(e, TYPE, SUBTYPE, &ValidateRoCapability))
    {
        return std::nullopt;
    }
    MipWireReader r(e.data);
    RoCapabilityExtension ext;
    uint8_t flags = r.ReadU8();
    ext.m_flags = flags & FLAGS_MASK & ~FLAG_S; // Reserved bits ignored on receipt
    if (flags & FLAG_S)
    {
        ext.m_solicited = r.ReadIpv4();
    }
    return ext;
}

MipExtension
RoCapabilityExtension::ToExtension() const
{
    MipBytes data;
    MipWireWriter w(data);
    w.WriteU8(GetFlags());
    if (m_solicited)
    {
        w.WriteIpv4(*m_solicited);
    }
    return MipExtension::Short(TYPE, SUBTYPE, data);
}

std::optional<RoCapabilityExtension>
RoCapabilityExtension::Find(const MipMessage& msg)
{
    return FindTyped<RoCapabilityExtension>(msg);
}

void
RoCapabilityExtension::Print(std::ostream& os) const
{
    os << "RO capability (153/1) flags=" << (GetFlag(FLAG_A) ? "A" : "")
       << (GetFlag(FLAG_R) ? "R" : "") << (GetFlag(FLAG_S) ? "S" : "")
       << (GetFlag(FLAG_O) ? "O" : "") << (GetFlags() == 0 ? "-" : "");
    if (m_solicited)
    {
        os << " solicited=" << *m_solicited;
    }
}

std::ostream&
operator<<(std::ostream& os, const RoCapabilityExtension& e)
{
    e.Print(os);
    return os;
}

/* ---------------------------------------------------------------------------------------
 * RoReplyExtension (49/1)
 */

void
RoReplyExtension::SetFlag(Flag flag, bool on)
{
    m_flags = on ? (m_flags | flag) : (m_flags & ~flag);
}

bool
RoReplyExtension::GetFlag(Flag flag) const
{
    return (m_flags & flag) != 0;
}

void
RoReplyExtension::SetCode(uint8_t code)
{
    NS_ABORT_MSG_IF(code > MAX_CODE,
                    "RO Reply code " << unsigned(code) << " does not fit the 5-bit field");
    m_code = code;
}

uint8_t
RoReplyExtension::GetCode() const
{
    return m_code;
}

bool
RoReplyExtension::IsAccepted() const
{
    return m_code < FIRST_DECLINE_CODE;
}

std::optional<RoReplyExtension>
RoReplyExtension::FromExtension(const MipExtension& e)
{
    if (!IsWellFormed(e, TYPE, SUBTYPE, &ValidateRoReply))
    {
        return std::nullopt;
    }
    RoReplyExtension ext;
    ext.m_flags = e.data[0] & static_cast<uint8_t>(~CODE_MASK);
    ext.m_code = e.data[0] & CODE_MASK;
    return ext;
}

MipExtension
RoReplyExtension::ToExtension() const
{
    return MipExtension::Short(TYPE,
                               SUBTYPE,
                               MipBytes{static_cast<uint8_t>(m_flags | (m_code & CODE_MASK))});
}

std::optional<RoReplyExtension>
RoReplyExtension::Find(const MipMessage& msg)
{
    return FindTyped<RoReplyExtension>(msg);
}

void
RoReplyExtension::Print(std::ostream& os) const
{
    os << "RO reply (49/1) flags=" << (GetFlag(FLAG_O) ? "O" : "") << (GetFlag(FLAG_N) ? "N" : "")
       << (GetFlag(FLAG_S) ? "S" : "") << (m_flags == 0 ? "-" : "") << " code=" << unsigned(m_code)
       << (IsAccepted() ? " (will do RO)" : " (declined)");
}

std::ostream&
operator<<(std::ostream& os, const RoReplyExtension& e)
{
    e.Print(os);
    return os;
}

/* ---------------------------------------------------------------------------------------
 * McAuthExtension (49/2)
 */

std::ostream&
operator<<(std::ostream& os, McAuthResult r)
{
    switch (r)
    {
    case McAuthResult::OK:
        return os << "ok";
    case McAuthResult::MISSING:
        return os << "missing";
    case McAuthResult::MISMATCH:
        return os << "mismatch";
    }
    return os << "?";
}

McAuthExtension::McAuthExtension(uint16_t homeNonceIndex,
                                 uint16_t careOfNonceIndex,
                                 MipBytes authenticator)
    : m_homeNonceIndex(homeNonceIndex),
      m_careOfNonceIndex(careOfNonceIndex),
      m_authenticator(std::move(authenticator))
{
}

uint16_t
McAuthExtension::GetHomeNonceIndex() const
{
    return m_homeNonceIndex;
}

uint16_t
McAuthExtension::GetCareOfNonceIndex() const
{
    return m_careOfNonceIndex;
}

const MipBytes&
McAuthExtension::GetAuthenticator() const
{
    return m_authenticator;
}

std::optional<McAuthExtension>
McAuthExtension::FromExtension(const MipExtension& e)
{
    if (!IsWellFormed(e, TYPE, SUBTYPE, &ValidateMcAuth))
    {
        return std::nullopt;
    }
    MipWireReader r(e.data);
    r.Skip(1); // Reserved, ignored on receipt
    uint16_t home = r.ReadU16();
    uint16_t careOf = r.ReadU16();
    return McAuthExtension(home, careOf, r.ReadBytes(r.GetRemaining()));
}

MipExtension
McAuthExtension::ToExtension() const
{
    MipBytes data;
    MipWireWriter w(data);
    w.WriteU8(0); // Reserved
    w.WriteU16(m_homeNonceIndex);
    w.WriteU16(m_careOfNonceIndex);
    w.WriteBytes(m_authenticator);
    return MipExtension::Short(TYPE, SUBTYPE, data);
}

MipBytes
McAuthExtension::ComputeAuthenticator(const MipBytes& krm, const MipBytes& protectedData)
{
    return MipCrypto::First(AUTHENTICATOR_SIZE, MipCrypto::HmacSha1(krm, protectedData));
}

void
McAuthExtension::Append(MipMessage& msg,
                        uint16_t homeNonceIndex,
                        uint16_t careOfNonceIndex,
                        const MipBytes& krm)
{
    // Length must already count the 16-octet authenticator when the MAC is computed.
    McAuthExtension ext(homeNonceIndex, careOfNonceIndex, MipBytes(AUTHENTICATOR_SIZE, 0));
    msg.AddExtension(ext.ToExtension());
    size_t index = msg.GetExtensions().GetCount() - 1;
    ext.m_authenticator =
        ComputeAuthenticator(krm, msg.GetAuthenticatedData(index, COVERED_HEADER));
    msg.GetExtensions().GetMutable(index) = ext.ToExtension();
}

McAuthResult
McAuthExtension::Verify(const MipMessage& msg, const MipBytes& krm)
{
    if (krm.empty())
    {
        return McAuthResult::MISMATCH; // no key: nothing can authenticate (HMAC("") would)
    }
    std::optional<size_t> index = FindIndex(msg);
    if (!index)
    {
        return McAuthResult::MISSING;
    }
    std::optional<McAuthExtension> ext = FromExtension(msg.GetExtensions().Get(*index));
    if (!ext)
    {
        return McAuthResult::MISSING;
    }
    MipBytes expected = ComputeAuthenticator(krm, msg.GetAuthenticatedData(*index, COVERED_HEADER));
    return MipCrypto::ConstantTimeEqual(expected, ext->GetAuthenticator()) ? McAuthResult::OK
                                                                           : McAuthResult::MISMATCH;
}

McAuthResult
McAuthExtension::Authenticate(MipMessage& msg, const MipBytes& krm, size_t* unauthenticated)
{
    McAuthResult result = Verify(msg, krm);
    size_t removed = 0;
    if (result == McAuthResult::OK)
    {
        removed = msg.KeepAuthenticatedExtensions(*FindIndex(msg));
    }
    if (unauthenticated)
    {
        *unauthenticated = removed;
    }
    return result;
}

std::optional<McAuthExtension>
McAuthExtension::Find(const MipMessage& msg)
{
    return FindTyped<McAuthExtension>(msg);
}

std::optional<size_t>
McAuthExtension::FindIndex(const MipMessage& msg)
{
    return msg.GetExtensions().FindIndex(TYPE, SUBTYPE);
}

bool
McAuthExtension::IsCorrespondentRegistration(const MipMessage& msg)
{
    return FindIndex(msg).has_value();
}

void
McAuthExtension::Print(std::ostream& os) const
{
    os << "MC auth (49/2) home-nonce=" << m_homeNonceIndex
       << " care-of-nonce=" << m_careOfNonceIndex << " auth=" << MipToHex(m_authenticator);
}

std::ostream&
operator<<(std::ostream& os, const McAuthExtension& e)
{
    e.Print(os);
    return os;
}

/* ---------------------------------------------------------------------------------------
 * CareOfAddressExtension (49/3)
 */

CareOfAddressExtension::CareOfAddressExtension(std::vector<Ipv4Address> addresses)
    : m_addresses(std::move(addresses))
{
    NS_ABORT_MSG_IF(m_addresses.size() > MAX_ADDRESSES,
                    "at most " << MAX_ADDRESSES << " care-of addresses fit one extension");
}

void
CareOfAddressExtension::AddCareOfAddress(Ipv4Address a)
{
    NS_ABORT_MSG_IF(m_addresses.size() >= MAX_ADDRESSES,
                    "at most " << MAX_ADDRESSES << " care-of addresses fit one extension");
    m_addresses.push_back(a);
}

const std::vector<Ipv4Address>&
CareOfAddressExtension::GetCareOfAddresses() const
{
    return m_addresses;
}

std::optional<CareOfAddressExtension>
CareOfAddressExtension::FromExtension(const MipExtension& e)
{
    if (!IsWellFormed(e, TYPE, SUBTYPE, &ValidateCareOfAddress))
    {
        return std::nullopt;
    }
    MipWireReader r(e.data);
    r.Skip(1); // Reserved, ignored on receipt
    CareOfAddressExtension ext;
    while (r.GetRemaining() >= 4)
    {
        ext.m_addresses.push_back(r.ReadIpv4());
    }
    return ext;
}

MipExtension
CareOfAddressExtension::ToExtension() const
{
    NS_ABORT_MSG_IF(m_addresses.empty(), "a Care-of Address Extension needs an address");
    MipBytes data;
    MipWireWriter w(data);
    w.WriteU8(0); // Reserved
    for (const auto& a : m_addresses)
    {
        w.WriteIpv4(a);
    }
    return MipExtension::Short(TYPE, SUBTYPE, data);
}

std::optional<CareOfAddressExtension>
CareOfAddressExtension::Find(const MipMessage& msg)
{
    return FindTyped<CareOfAddressExtension>(msg);
}

void
CareOfAddressExtension::Print(std::ostream& os) const
{
    os << "care-of addresses (49/3)";
    for (const auto& a : m_addresses)
    {
        os << " " << a;
    }
}

std::ostream&
operator<<(std::ostream& os, const CareOfAddressExtension& e)
{
    e.Print(os);
    return os;
}

} // namespace ns3
