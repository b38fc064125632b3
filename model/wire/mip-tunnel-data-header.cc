/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mip-tunnel-data-header.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(MipTunnelDataHeader);

MipTunnelDataHeader::MipTunnelDataHeader() = default;

MipTunnelDataHeader::MipTunnelDataHeader(uint8_t nextHeader)
    : m_nextHeader(nextHeader)
{
}

TypeId
MipTunnelDataHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MipTunnelDataHeader")
                            .SetParent<Header>()
                            .SetGroupName("Haaro")
                            .AddConstructor<MipTunnelDataHeader>();
    return tid;
}

TypeId
MipTunnelDataHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint8_t
MipTunnelDataHeader::GetNextHeader() const
{
    return m_nextHeader;
}

void
MipTunnelDataHeader::SetNextHeader(uint8_t nextHeader)
{
    m_nextHeader = nextHeader;
}

uint16_t
MipTunnelDataHeader::GetReserved() const
{
    return m_reserved;
}

uint32_t
MipTunnelDataHeader::FromBytes(const MipBytes& bytes)
{
    MipWireReader r(bytes);
    uint8_t type = r.ReadU8();
    uint8_t nextHeader = r.ReadU8();
    uint16_t reserved = r.ReadU16();
    if (!r.IsOk() || type != TYPE)
    {
        return 0;
    }
    m_nextHeader = nextHeader;
    m_reserved = reserved;
    return SIZE;
}

MipBytes
MipTunnelDataHeader::ToBytes() const
{
    MipBytes out;
    MipWireWriter w(out);
    w.WriteU8(TYPE);
    w.WriteU8(m_nextHeader);
    w.WriteU16(m_reserved);
    return out;
}

uint32_t
MipTunnelDataHeader::GetSerializedSize() const
{
    return SIZE;
}

void
MipTunnelDataHeader::Serialize(Buffer::Iterator start) const
{
    // ToBytes() without its vector: this runs for every tunnelled datagram.
    start.WriteU8(TYPE);
    start.WriteU8(m_nextHeader);
    start.WriteHtonU16(m_reserved);
}

uint32_t
MipTunnelDataHeader::Deserialize(Buffer::Iterator start)
{
    // FromBytes() without its vector: this runs for every tunnelled datagram.
    if (start.GetRemainingSize() < SIZE || start.ReadU8() != TYPE)
    {
        return 0;
    }
    m_nextHeader = start.ReadU8();
    m_reserved = start.ReadNtohU16();
    return SIZE;
}

void
MipTunnelDataHeader::Print(std::ostream& os) const
{
    os << "MipTunnelData next-header=" << unsigned(m_nextHeader);
}

} // namespace ns3
