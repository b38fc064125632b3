/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "return-routability-messages.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <algorithm>
#include <iomanip>
#include <optional>
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

/**
 * \param name the TypeId name
 * \return the TypeId of a return routability message class T (a Header of group Haaro)
 */
template <typename T>
TypeId
MakeTypeId(const std::string& name)
{
    return TypeId(name.c_str()).SetParent<Header>().SetGroupName("Haaro").AddConstructor<T>();
}

/**
 * Reads what the two message classes have in common at their start: checks that at
 * least size octets remain and that the type is one of the pair, and skips Reserved.
 * \param r reader at the start of the message
 * \param size octets of the message
 * \param isType tells the pair's types from others
 * \param name the pair's names for the log ("HoTI/CoTI", "HoT/CoT")
 * \return the message type, or nothing (logged) if the message is to be dropped
 */
std::optional<uint8_t>
ReadTypeAndReserved(MipWireReader& r, uint32_t size, bool (*isType)(uint8_t), const char* name)
{
    if (r.GetRemaining() < size)
    {
        NS_LOG_LOGIC("dropping " << name << " of " << r.GetRemaining() << " octets: truncated");
        return std::nullopt;
    }
    uint8_t type = r.ReadU8();
    if (!isType(type))
    {
        NS_LOG_LOGIC("dropping message of type " << unsigned(type) << ": not " << name);
        return std::nullopt;
    }
    r.Skip(1); // Reserved, ignored on receipt
    return type;
}

/**
 * \param start where the message starts in an ns-3 buffer
 * \param size octets of the message
 * \return the size octets at start, or all that remain if fewer (FromBytes() rejects
 * those as truncated)
 */
MipBytes
ReadUpTo(Buffer::Iterator start, uint32_t size)
{
    return MipReadBuffer(start, std::min(start.GetRemainingSize(), size));
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
    static TypeId tid = MakeTypeId<ReturnRoutabilityInit>("ns3::ReturnRoutabilityInit");
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
    MipWireReader r(bytes);
    std::optional<uint8_t> type = ReadTypeAndReserved(r, SERIALIZED_SIZE, &IsInitType, "HoTI/CoTI");
    if (!type)
    {
        return 0;
    }
    uint64_t cookie = r.ReadU64();
    if (!r.IsOk())
    {
        return 0;
    }
    m_type = *type;
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
    return FromBytes(ReadUpTo(start, SERIALIZED_SIZE));
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
    static TypeId tid = MakeTypeId<ReturnRoutabilityTest>("ns3::ReturnRoutabilityTest");
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
    MipWireReader r(bytes);
    std::optional<uint8_t> type = ReadTypeAndReserved(r, SERIALIZED_SIZE, &IsTestType, "HoT/CoT");
    if (!type)
    {
        return 0;
    }
    uint16_t nonceIndex = r.ReadU16();
    uint64_t cookie = r.ReadU64();
    uint64_t token = r.ReadU64();
    if (!r.IsOk())
    {
        return 0;
    }
    m_type = *type;
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
    return FromBytes(ReadUpTo(start, SERIALIZED_SIZE));
}

void
ReturnRoutabilityTest::Print(std::ostream& os) const
{
    os << (IsHomeTest() ? "HoT" : "CoT") << " nonce-index=" << m_nonceIndex
       << " cookie=" << Hex64(m_cookie) << " keygen-token=" << Hex64(m_keygenToken);
}

} // namespace ns3
