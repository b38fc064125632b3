/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "udp-tunnel-extensions.h"

namespace ns3
{

namespace
{

/// Framing only: Length 6. Reserved 3 != 0 is "not understood", not malformed.
bool
IsWellFormedRequest(const MipExtension& e)
{
    return e.format == MipExtensionFormat::SHORT &&
           e.data.size() == UdpTunnelRequestExtension::DATA_SIZE;
}

bool
IsWellFormedReply(const MipExtension& e)
{
    return e.format == MipExtensionFormat::SHORT &&
           e.data.size() == UdpTunnelReplyExtension::DATA_SIZE;
}

const MipExtensionRegistration g_request(UdpTunnelRequestExtension::TYPE,
                                         UdpTunnelRequestExtension::SUBTYPE,
                                         &IsWellFormedRequest,
                                         &MipPrintExtension<UdpTunnelRequestExtension>);
const MipExtensionRegistration g_reply(UdpTunnelReplyExtension::TYPE,
                                       UdpTunnelReplyExtension::SUBTYPE,
                                       &IsWellFormedReply,
                                       &MipPrintExtension<UdpTunnelReplyExtension>);

constexpr uint8_t REQUEST_FLAG_F = 0x80;    //!< F in the flags octet of the request
constexpr uint8_t REQUEST_FLAG_R = 0x40;    //!< R in the flags octet of the request
constexpr uint8_t REQUEST_RESERVED2 = 0x3f; //!< Reserved 2 in the flags octet
constexpr uint16_t REPLY_FLAG_F = 0x8000;   //!< F in the 16-bit word of the reply
constexpr uint16_t REPLY_RESERVED = 0x7fff; //!< Reserved in the 16-bit word of the reply

} // namespace

// ---------------------------------------------------------------------------------------
// UdpTunnelRequestExtension

UdpTunnelRequestExtension::UdpTunnelRequestExtension(bool force, uint8_t encapsulation)
    : m_force(force),
      m_encapsulation(encapsulation)
{
}

bool
UdpTunnelRequestExtension::GetForce() const
{
    return m_force;
}

void
UdpTunnelRequestExtension::SetForce(bool force)
{
    m_force = force;
}

bool
UdpTunnelRequestExtension::GetRegisteredThroughFa() const
{
    return m_registeredThroughFa;
}

void
UdpTunnelRequestExtension::SetRegisteredThroughFa(bool r)
{
    m_registeredThroughFa = r;
}

uint8_t
UdpTunnelRequestExtension::GetEncapsulation() const
{
    return m_encapsulation;
}

void
UdpTunnelRequestExtension::SetEncapsulation(uint8_t encapsulation)
{
    m_encapsulation = encapsulation;
}

uint8_t
UdpTunnelRequestExtension::GetReserved1() const
{
    return m_reserved1;
}

uint8_t
UdpTunnelRequestExtension::GetReserved2() const
{
    return m_reserved2;
}

std::optional<UdpTunnelRequestExtension>
UdpTunnelRequestExtension::FromExtension(const MipExtension& e)
{
    if (e.type != TYPE || e.subtype != SUBTYPE || !IsWellFormedRequest(e))
    {
        return std::nullopt;
    }
    MipWireReader r(e.data);
    UdpTunnelRequestExtension ext;
    ext.m_reserved1 = r.ReadU8();
    uint8_t flags = r.ReadU8();
    ext.m_force = (flags & REQUEST_FLAG_F) != 0;
    ext.m_registeredThroughFa = (flags & REQUEST_FLAG_R) != 0;
    ext.m_reserved2 = flags & REQUEST_RESERVED2;
    ext.m_encapsulation = r.ReadU8();
    uint16_t reserved3 = r.ReadU16();
    if (!r.IsOk() || reserved3 != 0)
    {
        return std::nullopt; // RFC 3519 section 3.1: not understood
    }
    return ext;
}

MipExtension
UdpTunnelRequestExtension::ToExtension() const
{
    MipBytes data;
    MipWireWriter w(data);
    w.WriteU8(m_reserved1);
    w.WriteU8((m_force ? REQUEST_FLAG_F : 0) | (m_registeredThroughFa ? REQUEST_FLAG_R : 0) |
              (m_reserved2 & REQUEST_RESERVED2));
    w.WriteU8(m_encapsulation);
    w.WriteU16(0);
    return MipExtension::Short(TYPE, SUBTYPE, data);
}

std::optional<UdpTunnelRequestExtension>
UdpTunnelRequestExtension::Find(const MipMessage& msg)
{
    for (const MipExtension* e : msg.GetExtensions().FindAll(TYPE, SUBTYPE))
    {
        if (auto ext = FromExtension(*e))
        {
            return ext;
        }
    }
    return std::nullopt;
}

bool
UdpTunnelRequestExtension::HasNotUnderstood(const MipMessage& msg)
{
    for (const MipExtension* e : msg.GetExtensions().FindAll(TYPE, SUBTYPE))
    {
        if (!FromExtension(*e))
        {
            return true;
        }
    }
    return false;
}

void
UdpTunnelRequestExtension::Print(std::ostream& os) const
{
    os << "UdpTunnelRequest F=" << m_force << " R=" << m_registeredThroughFa
       << " encapsulation=" << unsigned(m_encapsulation);
}

bool
UdpTunnelRequestExtension::operator==(const UdpTunnelRequestExtension& o) const
{
    return m_reserved1 == o.m_reserved1 && m_force == o.m_force &&
           m_registeredThroughFa == o.m_registeredThroughFa && m_reserved2 == o.m_reserved2 &&
           m_encapsulation == o.m_encapsulation;
}

std::ostream&
operator<<(std::ostream& os, const UdpTunnelRequestExtension& e)
{
    e.Print(os);
    return os;
}

// ---------------------------------------------------------------------------------------
// UdpTunnelReplyExtension

UdpTunnelReplyExtension::UdpTunnelReplyExtension(uint8_t replyCode,
                                                 bool force,
                                                 uint16_t keepaliveInterval)
    : m_replyCode(replyCode),
      m_force(force),
      m_keepalive(keepaliveInterval)
{
}

uint8_t
UdpTunnelReplyExtension::GetReplyCode() const
{
    return m_replyCode;
}

void
UdpTunnelReplyExtension::SetReplyCode(uint8_t code)
{
    m_replyCode = code;
}

bool
UdpTunnelReplyExtension::IsAssent() const
{
    return m_replyCode < FIRST_DECLINE;
}

bool
UdpTunnelReplyExtension::GetForce() const
{
    return m_force;
}

void
UdpTunnelReplyExtension::SetForce(bool force)
{
    m_force = force;
}

uint16_t
UdpTunnelReplyExtension::GetKeepaliveInterval() const
{
    return m_keepalive;
}

void
UdpTunnelReplyExtension::SetKeepaliveInterval(uint16_t seconds)
{
    m_keepalive = seconds;
}

uint16_t
UdpTunnelReplyExtension::GetReserved() const
{
    return m_reserved;
}

std::optional<UdpTunnelReplyExtension>
UdpTunnelReplyExtension::FromExtension(const MipExtension& e)
{
    if (e.type != TYPE || e.subtype != SUBTYPE || !IsWellFormedReply(e))
    {
        return std::nullopt;
    }
    MipWireReader r(e.data);
    UdpTunnelReplyExtension ext;
    ext.m_replyCode = r.ReadU8();
    uint16_t word = r.ReadU16();
    ext.m_force = (word & REPLY_FLAG_F) != 0;
    ext.m_reserved = word & REPLY_RESERVED;
    ext.m_keepalive = r.ReadU16();
    if (!r.IsOk())
    {
        return std::nullopt;
    }
    return ext;
}

MipExtension
UdpTunnelReplyExtension::ToExtension() const
{
    MipBytes data;
    MipWireWriter w(data);
    w.WriteU8(m_replyCode);
    w.WriteU16((m_force ? REPLY_FLAG_F : 0) | (m_reserved & REPLY_RESERVED));
    w.WriteU16(m_keepalive);
    return MipExtension::Short(TYPE, SUBTYPE, data);
}

std::optional<UdpTunnelReplyExtension>
UdpTunnelReplyExtension::Find(const MipMessage& msg)
{
    std::optional<size_t> index = msg.GetExtensions().FindIndex(TYPE, SUBTYPE);
    if (!index)
    {
        return std::nullopt;
    }
    return FromExtension(msg.GetExtensions().Get(*index));
}

void
UdpTunnelReplyExtension::Print(std::ostream& os) const
{
    os << "UdpTunnelReply code=" << unsigned(m_replyCode)
       << (IsAssent() ? " (assent)" : " (decline)") << " F=" << m_force
       << " keepalive=" << m_keepalive << "s";
}

bool
UdpTunnelReplyExtension::operator==(const UdpTunnelReplyExtension& o) const
{
    return m_replyCode == o.m_replyCode && m_force == o.m_force && m_reserved == o.m_reserved &&
           m_keepalive == o.m_keepalive;
}

std::ostream&
operator<<(std::ostream& os, const UdpTunnelReplyExtension& e)
{
    e.Print(os);
    return os;
}

} // namespace ns3
