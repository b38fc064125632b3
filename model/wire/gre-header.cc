/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "gre-header.h"

#include "ns3/buffer.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(GreHeader);

namespace
{

constexpr uint16_t FLAG_C = 0x8000;         //!< bit 0: Checksum present
constexpr uint16_t FLAG_K = 0x2000;         //!< bit 2: Key present (RFC 2890)
constexpr uint16_t FLAG_S = 0x1000;         //!< bit 3: Sequence Number present (RFC 2890)
constexpr uint16_t DISCARD_BITS = 0x4c00;   //!< bits 1, 4, 5: RFC 1701 features, discard
constexpr uint16_t RESERVED0_BITS = 0x03f8; //!< bits 6-12: ignored on receipt
constexpr int RESERVED0_SHIFT = 3;          //!< position of bit 12
constexpr uint16_t VERSION_BITS = 0x0007;   //!< bits 13-15: Ver, must be 0
constexpr uint32_t CHECKSUM_OFFSET = 4;     //!< octets before the Checksum field

/**
 * \brief One's complement checksum of size octets from i (RFC 1071), in the byte order
 * of Buffer::Iterator::CalculateIpChecksum (write it back with WriteU16).
 *
 * CalculateIpChecksum takes a 16-bit size, so longer ranges are summed in chunks of an
 * even number of octets, each chunk's folded sum carried into the next.
 */
uint16_t
ChecksumOver(Buffer::Iterator i, uint32_t size)
{
    constexpr uint16_t CHUNK = 0xfffe;
    uint32_t partial = 0;
    while (size > CHUNK)
    {
        partial = static_cast<uint16_t>(~i.CalculateIpChecksum(CHUNK, partial));
        size -= CHUNK;
    }
    return i.CalculateIpChecksum(static_cast<uint16_t>(size), partial);
}

} // namespace

GreHeader::GreHeader() = default;

GreHeader::GreHeader(uint16_t protocolType)
    : m_protocolType(protocolType)
{
}

TypeId
GreHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::GreHeader")
                            .SetParent<Header>()
                            .SetGroupName("Haaro")
                            .AddConstructor<GreHeader>();
    return tid;
}

TypeId
GreHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint16_t
GreHeader::GetProtocolType() const
{
    return m_protocolType;
}

void
GreHeader::SetProtocolType(uint16_t protocolType)
{
    m_protocolType = protocolType;
}

void
GreHeader::EnableChecksum()
{
    m_checksumPresent = true;
}

void
GreHeader::DisableChecksum()
{
    m_checksumPresent = false;
    m_checksumOk = true;
}

bool
GreHeader::IsChecksumPresent() const
{
    return m_checksumPresent;
}

uint16_t
GreHeader::GetChecksum() const
{
    return m_checksum;
}

bool
GreHeader::IsChecksumOk() const
{
    return m_checksumOk;
}

uint16_t
GreHeader::GetReserved1() const
{
    return m_reserved1;
}

void
GreHeader::SetKey(uint32_t key)
{
    m_keyPresent = true;
    m_key = key;
}

void
GreHeader::RemoveKey()
{
    m_keyPresent = false;
    m_key = 0;
}

bool
GreHeader::IsKeyPresent() const
{
    return m_keyPresent;
}

uint32_t
GreHeader::GetKey() const
{
    return m_key;
}

void
GreHeader::SetSequenceNumber(uint32_t sequence)
{
    m_sequencePresent = true;
    m_sequence = sequence;
}

void
GreHeader::RemoveSequenceNumber()
{
    m_sequencePresent = false;
    m_sequence = 0;
}

bool
GreHeader::IsSequenceNumberPresent() const
{
    return m_sequencePresent;
}

uint32_t
GreHeader::GetSequenceNumber() const
{
    return m_sequence;
}

uint8_t
GreHeader::GetReserved0() const
{
    return m_reserved0;
}

bool
GreHeader::IsInSequence(uint32_t received, uint32_t last)
{
    uint32_t ahead = received - last; // modulo 2^32
    return ahead >= 1 && ahead <= 0x80000000u;
}

uint32_t
GreHeader::FromBytes(const MipBytes& packet)
{
    if (packet.empty())
    {
        return 0;
    }
    Buffer buffer;
    buffer.AddAtStart(static_cast<uint32_t>(packet.size()));
    buffer.Begin().Write(packet.data(), static_cast<uint32_t>(packet.size()));
    return Deserialize(buffer.Begin());
}

MipBytes
GreHeader::ToBytes(const MipBytes& payload) const
{
    Buffer buffer;
    if (!payload.empty())
    {
        buffer.AddAtStart(static_cast<uint32_t>(payload.size()));
        buffer.Begin().Write(payload.data(), static_cast<uint32_t>(payload.size()));
    }
    buffer.AddAtStart(GetSerializedSize());
    Serialize(buffer.Begin());
    return MipReadBuffer(buffer.Begin(), buffer.GetSize());
}

uint32_t
GreHeader::GetSerializedSize() const
{
    return BASE_SIZE + (m_checksumPresent ? 4 : 0) + (m_keyPresent ? 4 : 0) +
           (m_sequencePresent ? 4 : 0);
}

void
GreHeader::Serialize(Buffer::Iterator start) const
{
    Buffer::Iterator i = start;
    uint16_t word = (m_checksumPresent ? FLAG_C : 0) | (m_keyPresent ? FLAG_K : 0) |
                    (m_sequencePresent ? FLAG_S : 0) |
                    ((m_reserved0 << RESERVED0_SHIFT) & RESERVED0_BITS);
    i.WriteHtonU16(word);
    i.WriteHtonU16(m_protocolType);
    if (m_checksumPresent)
    {
        i.WriteHtonU16(0); // zero while the checksum is computed
        i.WriteHtonU16(m_reserved1);
    }
    if (m_keyPresent)
    {
        i.WriteHtonU32(m_key);
    }
    if (m_sequencePresent)
    {
        i.WriteHtonU32(m_sequence);
    }
    if (m_checksumPresent)
    {
        // Header and the payload after it: everything to the end of the buffer.
        uint16_t checksum = ChecksumOver(start, start.GetRemainingSize());
        i = start;
        i.Next(CHECKSUM_OFFSET);
        i.WriteU16(checksum); // same byte order as CalculateIpChecksum's result
    }
}

uint32_t
GreHeader::Deserialize(Buffer::Iterator start)
{
    uint32_t remaining = start.GetRemainingSize();
    if (remaining < BASE_SIZE)
    {
        return 0;
    }
    Buffer::Iterator i = start;
    uint16_t word = i.ReadNtohU16();
    uint16_t protocolType = i.ReadNtohU16();
    if ((word & VERSION_BITS) != 0 || (word & DISCARD_BITS) != 0)
    {
        return 0;
    }
    bool c = (word & FLAG_C) != 0;
    bool k = (word & FLAG_K) != 0;
    bool s = (word & FLAG_S) != 0;
    uint32_t size = BASE_SIZE + (c ? 4 : 0) + (k ? 4 : 0) + (s ? 4 : 0);
    if (remaining < size)
    {
        return 0;
    }
    m_protocolType = protocolType;
    m_checksumPresent = c;
    m_keyPresent = k;
    m_sequencePresent = s;
    m_reserved0 = static_cast<uint8_t>((word & RESERVED0_BITS) >> RESERVED0_SHIFT);
    m_checksum = c ? i.ReadNtohU16() : 0;
    m_reserved1 = c ? i.ReadNtohU16() : 0;
    m_key = k ? i.ReadNtohU32() : 0;
    m_sequence = s ? i.ReadNtohU32() : 0;
    // The sum over header (checksum included) and payload is 0xffff when it is right.
    m_checksumOk = !c || ChecksumOver(start, remaining) == 0;
    return size;
}

void
GreHeader::Print(std::ostream& os) const
{
    os << "GRE protocol=0x" << std::hex << m_protocolType << std::dec;
    if (m_checksumPresent)
    {
        os << " checksum=0x" << std::hex << m_checksum << std::dec
           << (m_checksumOk ? "" : " (bad)");
    }
    if (m_keyPresent)
    {
        os << " key=" << m_key;
    }
    if (m_sequencePresent)
    {
        os << " seq=" << m_sequence;
    }
}

} // namespace ns3
