/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "return-routability-messages.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <iomanip>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ReturnRoutabilityMessages");

NS_OBJECT_ENSURE_REGISTERED(ReturnRoutabilityInit);
NS_OBJECT_ENSURE_REGISTERED(ReturnRoutabilityTest);

namespace
{

/// Prints a 64-bit value as 16 hex digits.
std::string
Hex64(uint64_t v)
{
    std::ostringstream os;
    os << "0x" << std::hex << std::setw(16) << std::setfill('0') << v;
    return os.str();
}

} // namespace

/* ---------------------------------------------------------------------------------------
 * ReturnRoutabilityInit (HoTI / CoTI)
 */

ReturnRoutabilityInit::ReturnRoutabilityInit() = default;

ReturnRoutabilityInit::ReturnRoutabilityInit(uint8_t type, uint64_t cookie)
    : m_cookie(cookie)
{
    SetMessageType(type);
}

TypeId
ReturnRoutabilityInit::GetTypeId()
{
    static TypeId tid = TypeId("ns3::ReturnRoutabilityInit")
                            .SetParent<Header>()
                            .SetGroupName("Haaro")
                            .AddConstructor<ReturnRoutabilityInit>();
    return tid;
}

TypeId
ReturnRoutabilityInit::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
ReturnRoutabilityInit::SetMessageType(uint8_t type)
{
    NS_ABORT_MSG_UNLESS(IsInitType(type), "not a HoTI/CoTI message type: " << unsigned(type));
    m_type = type;
}

uint8_t
ReturnRoutabilityInit::GetMessageType() const
{
    return m_type;
}

bool
ReturnRoutabilityInit::IsHomeTestInit() const
{
    return m_type == MIP_HOME_TEST_INIT;
}

void
ReturnRoutabilityInit::SetCookie(uint64_t cookie)
{
    m_cookie = cookie;
}

uint64_t
ReturnRoutabilityInit::GetCookie() const
{
    return m_cookie;
}

bool
ReturnRoutabilityInit::IsInitType(uint8_t type)
{
    return type == MIP_HOME_TEST_INIT || type == MIP_CARE_OF_TEST_INIT;
}

MipBytes
ReturnRoutabilityInit::ToBytes() const
{
    MipBytes out;
    MipWireWriter w(out);
    w.WriteU8(m_type);
    w.WriteU8(0); // Reserved
    w.WriteU64(m_cookie);
    return out;
}

uint32_t
ReturnRoutabilityInit::FromBytes(const MipBytes& bytes)
{
    if (bytes.size() < SERIALIZED_SIZE)
    {
        NS_LOG_LOGIC("dropping HoTI/CoTI of " << bytes.size() << " octets: truncated");
        return 0;
    }
    MipWireReader r(bytes);
    uint8_t type = r.ReadU8();
    if (!IsInitType(type))
    {
        NS_LOG_LOGIC("dropping message of type " << unsigned(type) << ": not HoTI/CoTI");
        return 0;
    }
    r.Skip(1); // Reserved, ignored on receipt
    uint64_t cookie = r.ReadU64();
    if (!r.IsOk())
    {
        return 0;
    }
    m_type = type;
    m_cookie = cookie;
    return SERIALIZED_SIZE;
}

uint32_t
ReturnRoutabilityInit::GetSerializedSize() const
{
    return SERIALIZED_SIZE;
}

void
ReturnRoutabilityInit::Serialize(Buffer::Iterator start) const
{
    MipBytes bytes = ToBytes();
    start.Write(bytes.data(), bytes.size());
}

uint32_t
ReturnRoutabilityInit::Deserialize(Buffer::Iterator start)
{
    if (start.GetRemainingSize() < SERIALIZED_SIZE)
    {
        NS_LOG_LOGIC("dropping HoTI/CoTI of " << start.GetRemainingSize() << " octets: truncated");
        return 0;
    }
    return FromBytes(MipReadBuffer(start, SERIALIZED_SIZE));
}

void
ReturnRoutabilityInit::Print(std::ostream& os) const
{
    os << (IsHomeTestInit() ? "HoTI" : "CoTI") << " cookie=" << Hex64(m_cookie);
}

/* ---------------------------------------------------------------------------------------
 * ReturnRoutabilityTest (HoT / CoT)
 */

ReturnRoutabilityTest::ReturnRoutabilityTest() = default;

ReturnRoutabilityTest::ReturnRoutabilityTest(uint8_t type,
                                             uint16_t nonceIndex,
                                             uint64_t cookie,
                                             uint64_t keygenToken)
    : m_nonceIndex(nonceIndex),
      m_cookie(cookie),
      m_keygenToken(keygenToken)
{
    SetMessageType(type);
}

TypeId
ReturnRoutabilityTest::GetTypeId()
{
    static TypeId tid = TypeId("ns3::ReturnRoutabilityTest")
                            .SetParent<Header>()
                            .SetGroupName("Haaro")
                            .AddConstructor<ReturnRoutabilityTest>();
    return tid;
}

TypeId
ReturnRoutabilityTest::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
ReturnRoutabilityTest::SetMessageType(uint8_t type)
{
    NS_ABORT_MSG_UNLESS(IsTestType(type), "not a HoT/CoT message type: " << unsigned(type));
    m_type = type;
}

uint8_t
ReturnRoutabilityTest::GetMessageType() const
{
    return m_type;
}

bool
ReturnRoutabilityTest::IsHomeTest() const
{
    return m_type == MIP_HOME_TEST;
}

void
ReturnRoutabilityTest::SetNonceIndex(uint16_t index)
{
    m_nonceIndex = index;
}

uint16_t
ReturnRoutabilityTest::GetNonceIndex() const
{
    return m_nonceIndex;
}

void
ReturnRoutabilityTest::SetCookie(uint64_t cookie)
{
    m_cookie = cookie;
}

uint64_t
ReturnRoutabilityTest::GetCookie() const
{
    return m_cookie;
}

void
ReturnRoutabilityTest::SetKeygenToken(uint64_t token)
{
    m_keygenToken = token;
}

uint64_t
ReturnRoutabilityTest::GetKeygenToken() const
{
    return m_keygenToken;
}

bool
ReturnRoutabilityTest::IsTestType(uint8_t type)
{
    return type == MIP_HOME_TEST || type == MIP_CARE_OF_TEST;
}

MipBytes
ReturnRoutabilityTest::ToBytes() const
{
    MipBytes out;
    MipWireWriter w(out);
    w.WriteU8(m_type);
    w.WriteU8(0); // Reserved
    w.WriteU16(m_nonceIndex);
    w.WriteU64(m_cookie);
    w.WriteU64(m_keygenToken);
    return out;
}

uint32_t
ReturnRoutabilityTest::FromBytes(const MipBytes& bytes)
{
    if (bytes.size() < SERIALIZED_SIZE)
    {
        NS_LOG_LOGIC("dropping HoT/CoT of " << bytes.size() << " octets: truncated");
        return 0;
    }
    MipWireReader r(bytes);
    uint8_t type = r.ReadU8();
    if (!IsTestType(type))
    {
        NS_LOG_LOGIC("dropping message of type " << unsigned(type) << ": not HoT/CoT");
        return 0;
    }
    r.Skip(1); // Reserved, ignored on receipt
    uint16_t nonceIndex = r.ReadU16();
    uint64_t cookie = r.ReadU64();
    uint64_t token = r.ReadU64();
    if (!r.IsOk())
    {
        return 0;
    }
    m_type = type;
    m_nonceIndex = nonceIndex;
    m_cookie = cookie;
    m_keygenToken = token;
    return SERIALIZED_SIZE;
}

uint32_t
ReturnRoutabilityTest::GetSerializedSize() const
{
    return SERIALIZED_SIZE;
}

void
ReturnRoutabilityTest::Serialize(Buffer::Iterator start) const
{
    MipBytes bytes = ToBytes();
    start.Write(bytes.data(), bytes.size());
}

uint32_t
ReturnRoutabilityTest::Deserialize(Buffer::Iterator start)
{
    if (start.GetRemainingSize() < SERIALIZED_SIZE)
    {
        NS_LOG_LOGIC("dropping HoT/CoT of " << start.GetRemainingSize() << " octets: truncated");
        return 0;
    }
    return FromBytes(MipReadBuffer(start, SERIALIZED_SIZE));
}

void
ReturnRoutabilityTest::Print(std::ostream& os) const
{
    os << (IsHomeTest() ? "HoT" : "CoT") << " nonce-index=" << m_nonceIndex
       << " cookie=" << Hex64(m_cookie) << " keygen-token=" << Hex64(m_keygenToken);
}

} // namespace ns3
