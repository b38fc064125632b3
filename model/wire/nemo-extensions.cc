/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nemo-extensions.h"

#include "ns3/abort.h"

namespace ns3
{

namespace
{

bool
IsWellFormedRequest(const MipExtension& e)
{
    // Only the Length is checked: any Prefix Length is answered by the HA, not dropped.
    return e.format == MipExtensionFormat::SHORT &&
           e.data.size() == MobileNetworkRequestExtension::DATA_SIZE;
}

bool
IsWellFormedAck(const MipExtension& e)
{
    return e.format == MipExtensionFormat::SHORT &&
           e.data.size() == MobileNetworkAckExtension::DATA_SIZE;
}

const MipExtensionRegistration g_request(MobileNetworkRequestExtension::TYPE,
                                         MobileNetworkRequestExtension::SUBTYPE,
                                         &IsWellFormedRequest,
                                         &MipPrintExtension<MobileNetworkRequestExtension>);
const MipExtensionRegistration g_explicitAck(MobileNetworkAckExtension::TYPE,
                                             MobileNetworkAckExtension::SUBTYPE_EXPLICIT,
                                             &IsWellFormedAck,
                                             &MipPrintExtension<MobileNetworkAckExtension>);
const MipExtensionRegistration g_implicitAck(MobileNetworkAckExtension::TYPE,
                                             MobileNetworkAckExtension::SUBTYPE_IMPLICIT,
                                             &IsWellFormedAck,
                                             &MipPrintExtension<MobileNetworkAckExtension>);

} // namespace

std::string
MobileNetworkAckCodeName(uint8_t code)
{
    switch (code)
    {
    case MOBNET_SUCCESS:
        return "success";
    case MOBNET_INVALID_PREFIX_LEN:
        return "MOBNET_INVALID_PREFIX_LEN";
    case MOBNET_UNAUTHORIZED:
        return "MOBNET_UNAUTHORIZED";
    case MOBNET_FWDING_SETUP_FAILED:
        return "MOBNET_FWDING_SETUP_FAILED";
    default:
        return "unassigned (" + std::to_string(code) + ")";
    }
}

// ---------------------------------------------------------------------------------------
// MobileNetworkRequestExtension

MobileNetworkRequestExtension::MobileNetworkRequestExtension(Ipv4Address prefix,
                                                             uint8_t prefixLength)
    : m_prefix(prefix),
      m_prefixLength(prefixLength)
{
}

Ipv4Address
MobileNetworkRequestExtension::GetPrefix() const
{
    return m_prefix;
}

void
MobileNetworkRequestExtension::SetPrefix(Ipv4Address prefix)
{
    m_prefix = prefix;
}

uint8_t
MobileNetworkRequestExtension::GetPrefixLength() const
{
    return m_prefixLength;
}

void
MobileNetworkRequestExtension::SetPrefixLength(uint8_t prefixLength)
{
    m_prefixLength = prefixLength;
}

bool
MobileNetworkRequestExtension::IsPrefixLengthValid() const
{
    return m_prefixLength >= 1 && m_prefixLength <= 32;
}

Ipv4Mask
MobileNetworkRequestExtension::GetMask() const
{
    if (m_prefixLength == 0)
    {
        return Ipv4Mask(0u);
    }
    if (m_prefixLength >= 32)
    {
        return Ipv4Mask(0xffffffffu);
    }
    return Ipv4Mask(0xffffffffu << (32 - m_prefixLength));
}

std::optional<MobileNetworkRequestExtension>
MobileNetworkRequestExtension::FromExtension(const MipExtension& e)
{
    if (e.type != TYPE || e.subtype != SUBTYPE || !IsWellFormedRequest(e))
    {
        return std::nullopt;
    }
    MipWireReader r(e.data);
    MobileNetworkRequestExtension ext;
    ext.m_prefixLength = r.ReadU8();
    ext.m_prefix = r.ReadIpv4();
    if (!r.IsOk())
    {
        return std::nullopt;
    }
    return ext;
}

MipExtension
MobileNetworkRequestExtension::ToExtension() const
{
    MipBytes data;
    MipWireWriter w(data);
    w.WriteU8(m_prefixLength);
    w.WriteIpv4(m_prefix);
    return MipExtension::Short(TYPE, SUBTYPE, data);
}

std::vector<MobileNetworkRequestExtension>
MobileNetworkRequestExtension::FindAll(const MipMessage& msg)
{
    std::vector<MobileNetworkRequestExtension> out;
    for (const MipExtension* e : msg.GetExtensions().FindAll(TYPE, SUBTYPE))
    {
        if (auto ext = FromExtension(*e))
        {
            out.push_back(*ext);
        }
    }
    return out;
}

void
MobileNetworkRequestExtension::Print(std::ostream& os) const
{
    os << "MobileNetworkRequest " << m_prefix << "/" << unsigned(m_prefixLength);
}

bool
MobileNetworkRequestExtension::operator==(const MobileNetworkRequestExtension& o) const
{
    return m_prefix == o.m_prefix && m_prefixLength == o.m_prefixLength;
}

std::ostream&
operator<<(std::ostream& os, const MobileNetworkRequestExtension& e)
{
    e.Print(os);
    return os;
}

// ---------------------------------------------------------------------------------------
// MobileNetworkAckExtension

MobileNetworkAckExtension::MobileNetworkAckExtension(uint8_t subtype,
                                                     uint8_t code,
                                                     Ipv4Address prefix,
                                                     uint8_t prefixLength)
    : m_code(code),
      m_prefixLength(prefixLength),
      m_prefix(prefix)
{
    SetSubtype(subtype);
}

uint8_t
MobileNetworkAckExtension::GetSubtype() const
{
    return m_subtype;
}

void
MobileNetworkAckExtension::SetSubtype(uint8_t subtype)
{
    NS_ABORT_MSG_IF(subtype != SUBTYPE_EXPLICIT && subtype != SUBTYPE_IMPLICIT,
                    "Mobile Network Acknowledgement sub-type must be 1 or 2");
    m_subtype = subtype;
}

bool
MobileNetworkAckExtension::IsExplicitMode() const
{
    return m_subtype == SUBTYPE_EXPLICIT;
}

uint8_t
MobileNetworkAckExtension::GetCode() const
{
    return m_code;
}

void
MobileNetworkAckExtension::SetCode(uint8_t code)
{
    m_code = code;
}

uint8_t
MobileNetworkAckExtension::GetPrefixLength() const
{
    return m_prefixLength;
}

void
MobileNetworkAckExtension::SetPrefixLength(uint8_t prefixLength)
{
    m_prefixLength = prefixLength;
}

uint8_t
MobileNetworkAckExtension::GetReserved() const
{
    return m_reserved;
}

Ipv4Address
MobileNetworkAckExtension::GetPrefix() const
{
    return m_prefix;
}

void
MobileNetworkAckExtension::SetPrefix(Ipv4Address prefix)
{
    m_prefix = prefix;
}

bool
MobileNetworkAckExtension::IsSuccess() const
{
    return m_code == MOBNET_SUCCESS;
}

std::optional<MobileNetworkAckExtension>
MobileNetworkAckExtension::FromExtension(const MipExtension& e)
{
    if (e.type != TYPE || (e.subtype != SUBTYPE_EXPLICIT && e.subtype != SUBTYPE_IMPLICIT) ||
        !IsWellFormedAck(e))
    {
        return std::nullopt;
    }
    MipWireReader r(e.data);
    MobileNetworkAckExtension ext;
    ext.m_subtype = e.subtype;
    ext.m_code = r.ReadU8();
    ext.m_prefixLength = r.ReadU8();
    ext.m_reserved = r.ReadU8();
    ext.m_prefix = r.ReadIpv4();
    if (!r.IsOk())
    {
        return std::nullopt;
    }
    return ext;
}

MipExtension
MobileNetworkAckExtension::ToExtension() const
{
    MipBytes data;
    MipWireWriter w(data);
    w.WriteU8(m_code);
    w.WriteU8(m_prefixLength);
    w.WriteU8(m_reserved);
    w.WriteIpv4(m_prefix);
    return MipExtension::Short(TYPE, m_subtype, data);
}

std::vector<MobileNetworkAckExtension>
MobileNetworkAckExtension::FindAll(const MipMessage& msg)
{
    std::vector<MobileNetworkAckExtension> out;
    for (const MipExtension& e : msg.GetExtensions().GetAll())
    {
        if (e.type != TYPE || e.format != MipExtensionFormat::SHORT)
        {
            continue;
        }
        if (auto ext = FromExtension(e))
        {
            out.push_back(*ext);
        }
    }
    return out;
}

void
MobileNetworkAckExtension::Print(std::ostream& os) const
{
    os << "MobileNetworkAck " << (IsExplicitMode() ? "explicit " : "implicit ") << m_prefix << "/"
       << unsigned(m_prefixLength) << " " << MobileNetworkAckCodeName(m_code);
}

bool
MobileNetworkAckExtension::operator==(const MobileNetworkAckExtension& o) const
{
    return m_subtype == o.m_subtype && m_code == o.m_code && m_prefixLength == o.m_prefixLength &&
           m_reserved == o.m_reserved && m_prefix == o.m_prefix;
}

std::ostream&
operator<<(std::ostream& os, const MobileNetworkAckExtension& e)
{
    e.Print(os);
    return os;
}

} // namespace ns3
