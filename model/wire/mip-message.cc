/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mip-message.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MipMessage");

NS_OBJECT_ENSURE_REGISTERED(MipMessage);

TypeId
MipMessage::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MipMessage").SetParent<Header>().SetGroupName("Haaro");
    return tid;
}

const MipExtensionList&
MipMessage::GetExtensions() const
{
    return m_extensions;
}

MipExtensionList&
MipMessage::GetExtensions()
{
    return m_extensions;
}

void
MipMessage::AddExtension(const MipExtension& e)
{
    m_extensions.Add(e);
}

size_t
MipMessage::KeepAuthenticatedExtensions(size_t index)
{
    return m_extensions.KeepThrough(index);
}

MipBytes
MipMessage::GetAuthenticatedData(size_t index, size_t coveredHeader) const
{
    MipBytes out = ToBytes();
    size_t end = GetFixedSize() + m_extensions.GetOffsetOf(index) + coveredHeader;
    out.resize(std::min(end, out.size()));
    return out;
}

MipBytes
MipMessage::ToBytes() const
{
    MipBytes out;
    out.reserve(GetFixedSize() + m_extensions.GetSerializedSize());
    MipWireWriter w(out);
    w.WriteU8(GetMessageType());
    SerializeFixed(w);
    m_extensions.Serialize(w);
    return out;
}

uint32_t
MipMessage::FromBytes(const uint8_t* data, size_t size)
{
    MipWireReader r(data, size);
    m_extensions.Clear();
    if (size < GetFixedSize())
    {
        m_parseError = MipParseError::TRUNCATED;
    }
    else if (r.ReadU8() != GetMessageType())
    {
        m_parseError = MipParseError::BAD_TYPE;
    }
    else if (!DeserializeFixed(r) || !r.IsOk())
    {
        m_parseError = MipParseError::MALFORMED_FIXED_PART;
    }
    else
    {
        m_parseError = m_extensions.Parse(r);
    }
    if (m_parseError != MipParseError::NONE)
    {
        NS_LOG_LOGIC("dropping type " << (size ? unsigned(data[0]) : 0u) << " message of " << size
                                      << " octets: " << m_parseError);
        m_extensions.Clear();
        return 0;
    }
    return static_cast<uint32_t>(size);
}

uint32_t
MipMessage::FromBytes(const MipBytes& bytes)
{
    return FromBytes(bytes.data(), bytes.size());
}

MipParseError
MipMessage::GetParseError() const
{
    return m_parseError;
}

uint32_t
MipMessage::GetSerializedSize() const
{
    return static_cast<uint32_t>(GetFixedSize() + m_extensions.GetSerializedSize());
}

void
MipMessage::Serialize(Buffer::Iterator start) const
{
    MipBytes bytes = ToBytes();
    start.Write(bytes.data(), bytes.size());
}

uint32_t
MipMessage::Deserialize(Buffer::Iterator start)
{
    uint32_t size = start.GetRemainingSize();
    return FromBytes(MipReadBuffer(start, size));
}

uint32_t
MipMessage::Deserialize(Buffer::Iterator start, Buffer::Iterator end)
{
    uint32_t size = end.GetDistanceFrom(start);
    return FromBytes(MipReadBuffer(start, size));
}

void
MipMessage::Print(std::ostream& os) const
{
    PrintFixed(os);
    for (const auto& e : m_extensions.GetAll())
    {
        os << " | " << e;
    }
}

std::optional<uint8_t>
MipPeekMessageType(const MipBytes& bytes)
{
    if (bytes.empty())
    {
        return std::nullopt;
    }
    return bytes[0];
}

} // namespace ns3
