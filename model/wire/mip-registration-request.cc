/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mip-registration-request.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(MipRegistrationRequest);

MipRegistrationRequest::MipRegistrationRequest() = default;

TypeId
MipRegistrationRequest::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MipRegistrationRequest")
                            .SetParent<MipMessage>()
                            .SetGroupName("Haaro")
                            .AddConstructor<MipRegistrationRequest>();
    return tid;
}

TypeId
MipRegistrationRequest::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
MipRegistrationRequest::SetFlag(Flag flag, bool on)
{
    m_flags = on ? (m_flags | flag) : (m_flags & ~flag);
}

bool
MipRegistrationRequest::GetFlag(Flag flag) const
{
    return (m_flags & flag) != 0;
}

void
MipRegistrationRequest::SetFlags(uint8_t flags)
{
    m_flags = flags;
}

uint8_t
MipRegistrationRequest::GetFlags() const
{
    return m_flags;
}

void
MipRegistrationRequest::SetLifetime(uint16_t seconds)
{
    m_lifetime = seconds;
}

uint16_t
MipRegistrationRequest::GetLifetime() const
{
    return m_lifetime;
}

void
MipRegistrationRequest::SetHomeAddress(Ipv4Address a)
{
    m_homeAddress = a;
}

Ipv4Address
MipRegistrationRequest::GetHomeAddress() const
{
    return m_homeAddress;
}

void
MipRegistrationRequest::SetHomeAgent(Ipv4Address a)
{
    m_homeAgent = a;
}

Ipv4Address
MipRegistrationRequest::GetHomeAgent() const
{
    return m_homeAgent;
}

void
MipRegistrationRequest::SetCareOfAddress(Ipv4Address a)
{
    m_careOf = a;
}

Ipv4Address
MipRegistrationRequest::GetCareOfAddress() const
{
    return m_careOf;
}

void
MipRegistrationRequest::SetIdentification(uint64_t id)
{
    m_identification = id;
}

uint64_t
MipRegistrationRequest::GetIdentification() const
{
    return m_identification;
}

uint8_t
MipRegistrationRequest::GetMessageType() const
{
    return MIP_REGISTRATION_REQUEST;
}

size_t
MipRegistrationRequest::GetFixedSize() const
{
    return FIXED_SIZE;
}

void
MipRegistrationRequest::SerializeFixed(MipWireWriter& w) const
{
    w.WriteU8(m_flags);
    w.WriteU16(m_lifetime);
    w.WriteIpv4(m_homeAddress);
    w.WriteIpv4(m_homeAgent);
    w.WriteIpv4(m_careOf);
    w.WriteU64(m_identification);
}

bool
MipRegistrationRequest::DeserializeFixed(MipWireReader& r)
{
    m_flags = r.ReadU8();
    m_lifetime = r.ReadU16();
    m_homeAddress = r.ReadIpv4();
    m_homeAgent = r.ReadIpv4();
    m_careOf = r.ReadIpv4();
    m_identification = r.ReadU64();
    return r.IsOk();
}

void
MipRegistrationRequest::PrintFixed(std::ostream& os) const
{
    static const char names[] = "SBDMGrTx";
    os << "RRQ flags=";
    for (int bit = 0; bit < 8; ++bit)
    {
        os << ((m_flags & (0x80 >> bit)) ? names[bit] : '-');
    }
    os << " lifetime=" << m_lifetime << " hoa=" << m_homeAddress << " ha=" << m_homeAgent
       << " coa=" << m_careOf << " id=0x" << std::hex << m_identification << std::dec;
}

} // namespace ns3
