/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mip-registration-reply.h"

#include "mip-identification.h"

#include <map>

namespace ns3
{

std::string
MipReplyCodeName(uint8_t code)
{
    static const std::map<uint8_t, const char*> names = {
        {0, "accepted"},
        {1, "accepted, simultaneous mobility bindings unsupported"},
        {2, "concurrent registration (pre-accept)"},
        {64, "FA: reason unspecified"},
        {65, "FA: administratively prohibited"},
        {66, "FA: insufficient resources"},
        {67, "FA: mobile node failed authentication"},
        {68, "FA: home agent failed authentication"},
        {69, "FA: requested Lifetime too long"},
        {70, "FA: poorly formed Request"},
        {71, "FA: poorly formed Reply"},
        {72, "FA: requested encapsulation unavailable"},
        {73, "FA: reserved and unavailable"},
        {74, "FA: requested reverse tunnel unavailable"},
        {75, "FA: reverse tunnel is mandatory and 'T' bit not set"},
        {76, "FA: mobile node too distant"},
        {77, "FA: invalid care-of address"},
        {78, "FA: registration timeout"},
        {79, "FA: delivery style not supported"},
        {80, "FA: home network unreachable (ICMP error received)"},
        {81, "FA: home agent host unreachable (ICMP error received)"},
        {82, "FA: home agent port unreachable (ICMP error received)"},
        {88, "FA: home agent unreachable (other ICMP error received)"},
        {128, "HA: reason unspecified"},
        {129, "HA: administratively prohibited"},
        {130, "HA: insufficient resources"},
        {131, "HA: mobile node failed authentication"},
        {132, "HA: foreign agent failed authentication"},
        {133, "HA: registration Identification mismatch"},
        {134, "HA: poorly formed Request"},
        {135, "HA: too many simultaneous mobility bindings"},
        {136, "HA: unknown home agent address"},
        {137, "HA: requested reverse tunnel unavailable"},
        {138, "HA: reverse tunnel is mandatory and 'T' bit not set"},
        {139, "HA: requested encapsulation unavailable"},
        {142, "HA: UDP encapsulation unavailable (ERROR_HA_UDP_ENCAP_UNAVAIL)"},
        {147, "HA: HA_MOBNET_ERROR"},
        {148, "HA: HA_MOBNET_DISALLOWED"},
        {152, "HA: MULTIPATH_NOT_ALLOWED"},
        {153, "HA: INVALID_FB_IDENTIFIER"},
        {194, "invalid Home Agent Address"},
        {201, "CR: expired Home nonce index"},
        {202, "CR: expired Care-of nonce index"},
        {203, "CR: expired nonces"},
    };
    auto it = names.find(code);
    if (it == names.end())
    {
        return "unassigned (" + std::to_string(code) + ")";
    }
    return it->second;
}

bool
MipReplyCodeIsSuccess(uint8_t code)
{
    return code <= 8;
}

NS_OBJECT_ENSURE_REGISTERED(MipRegistrationReply);

MipRegistrationReply::MipRegistrationReply() = default;

TypeId
MipRegistrationReply::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MipRegistrationReply")
                            .SetParent<MipMessage>()
                            .SetGroupName("Haaro")
                            .AddConstructor<MipRegistrationReply>();
    return tid;
}

TypeId
MipRegistrationReply::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
MipRegistrationReply::SetCode(uint8_t code)
{
    m_code = code;
}

bool
MipRegistrationReply::AnswersRequest(uint64_t requestId) const
{
    return m_code == MIP_REPLY_HA_ID_MISMATCH
               ? MipIdentificationGenerator::MatchesRequest(m_identification, requestId)
               : m_identification == requestId;
}

uint8_t
MipRegistrationReply::GetCode() const
{
    return m_code;
}

void
MipRegistrationReply::SetLifetime(uint16_t seconds)
{
    m_lifetime = seconds;
}

uint16_t
MipRegistrationReply::GetLifetime() const
{
    return m_lifetime;
}

void
MipRegistrationReply::SetHomeAddress(Ipv4Address a)
{
    m_homeAddress = a;
}

Ipv4Address
MipRegistrationReply::GetHomeAddress() const
{
    return m_homeAddress;
}

void
MipRegistrationReply::SetHomeAgent(Ipv4Address a)
{
    m_homeAgent = a;
}

Ipv4Address
MipRegistrationReply::GetHomeAgent() const
{
    return m_homeAgent;
}

void
MipRegistrationReply::SetIdentification(uint64_t id)
{
    m_identification = id;
}

uint64_t
MipRegistrationReply::GetIdentification() const
{
    return m_identification;
}

uint8_t
MipRegistrationReply::GetMessageType() const
{
    return MIP_REGISTRATION_REPLY;
}

size_t
MipRegistrationReply::GetFixedSize() const
{
    return FIXED_SIZE;
}

void
MipRegistrationReply::SerializeFixed(MipWireWriter& w) const
{
    w.WriteU8(m_code);
    w.WriteU16(m_lifetime);
    w.WriteIpv4(m_homeAddress);
    w.WriteIpv4(m_homeAgent);
    w.WriteU64(m_identification);
}

bool
MipRegistrationReply::DeserializeFixed(MipWireReader& r)
{
    m_code = r.ReadU8();
    m_lifetime = r.ReadU16();
    m_homeAddress = r.ReadIpv4();
    m_homeAgent = r.ReadIpv4();
    m_identification = r.ReadU64();
    return r.IsOk();
}

void
MipRegistrationReply::PrintFixed(std::ostream& os) const
{
    os << "RRP code=" << unsigned(m_code) << " (" << MipReplyCodeName(m_code)
       << ") lifetime=" << m_lifetime << " hoa=" << m_homeAddress << " ha=" << m_homeAgent
       << " id=0x" << std::hex << m_identification << std::dec;
}

} // namespace ns3
