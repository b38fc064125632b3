/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mip-wire.h"

#include <cctype>
#include <cstring>
#include <iomanip>
#include <sstream>

namespace ns3
{

MipWireReader::MipWireReader(const uint8_t* data, size_t size)
    : m_data(data),
      m_size(data ? size : 0)
{
}

MipWireReader::MipWireReader(const MipBytes& bytes)
    : MipWireReader(bytes.data(), bytes.size())
{
}

bool
MipWireReader::Take(size_t n)
{
    if (!m_ok || n > m_size - m_offset)
    {
        m_ok = false;
        return false;
    }
    return true;
}

uint8_t
MipWireReader::ReadU8()
{
    if (!Take(1))
    {
        return 0;
    }
    return m_data[m_offset++];
}

uint16_t
MipWireReader::ReadU16()
{
    if (!Take(2))
    {
        return 0;
    }
    uint16_t hi = ReadU8();
    uint16_t lo = ReadU8();
    return static_cast<uint16_t>((hi << 8) | lo);
}

uint32_t
MipWireReader::ReadU32()
{
    if (!Take(4))
    {
        return 0;
    }
    uint32_t hi = ReadU16();
    uint32_t lo = ReadU16();
    return (hi << 16) | lo;
}

uint64_t
MipWireReader::ReadU64()
{
    if (!Take(8))
    {
        return 0;
    }
    uint64_t hi = ReadU32();
    uint64_t lo = ReadU32();
    return (hi << 32) | lo;
}

Ipv4Address
MipWireReader::ReadIpv4()
{
    return Ipv4Address(ReadU32());
}

MipBytes
MipWireReader::ReadBytes(size_t n)
{
    if (!Take(n))
    {
        return {};
    }
    MipBytes out(m_data + m_offset, m_data + m_offset + n);
    m_offset += n;
    return out;
}

void
MipWireReader::Skip(size_t n)
{
    if (Take(n))
    {
        m_offset += n;
    }
}

size_t
MipWireReader::GetRemaining() const
{
    return m_size - m_offset;
}

size_t
MipWireReader::GetOffset() const
{
    return m_offset;
}

bool
MipWireReader::IsOk() const
{
    return m_ok;
}

const uint8_t*
MipWireReader::Current() const
{
    return m_data + m_offset;
}

MipWireWriter::MipWireWriter(MipBytes& out)
    : m_out(out)
{
}

void
MipWireWriter::WriteU8(uint8_t v)
{
    m_out.push_back(v);
}

void
MipWireWriter::WriteU16(uint16_t v)
{
    WriteU8(static_cast<uint8_t>(v >> 8));
    WriteU8(static_cast<uint8_t>(v));
}

void
MipWireWriter::WriteU32(uint32_t v)
{
    WriteU16(static_cast<uint16_t>(v >> 16));
    WriteU16(static_cast<uint16_t>(v));
}

void
MipWireWriter::WriteU64(uint64_t v)
{
    WriteU32(static_cast<uint32_t>(v >> 32));
    WriteU32(static_cast<uint32_t>(v));
}

void
MipWireWriter::WriteIpv4(Ipv4Address a)
{
    WriteU32(a.Get());
}

void
MipWireWriter::WriteBytes(const MipBytes& bytes)
{
    m_out.insert(m_out.end(), bytes.begin(), bytes.end());
}

void
MipWireWriter::WriteBytes(const uint8_t* data, size_t size)
{
    m_out.insert(m_out.end(), data, data + size);
}

MipBytes
MipReadBuffer(Buffer::Iterator start, uint32_t size)
{
    MipBytes out(size);
    if (size > 0)
    {
        start.Read(out.data(), size);
    }
    return out;
}

std::string
MipToHex(const MipBytes& bytes)
{
    std::ostringstream os;
    for (size_t i = 0; i < bytes.size(); ++i)
    {
        os << (i ? " " : "") << std::hex << std::setw(2) << std::setfill('0')
           << static_cast<unsigned>(bytes[i]);
    }
    return os.str();
}

MipBytes
MipFromHex(const std::string& hex)
{
    MipBytes out;
    int nibbles = 0;
    uint8_t cur = 0;
    for (char c : hex)
    {
        if (std::isspace(static_cast<unsigned char>(c)))
        {
            continue;
        }
        if (!std::isxdigit(static_cast<unsigned char>(c)))
        {
            return {};
        }
        uint8_t v = std::isdigit(static_cast<unsigned char>(c))
                        ? c - '0'
                        : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
        cur = static_cast<uint8_t>((cur << 4) | v);
        if (++nibbles == 2)
        {
            out.push_back(cur);
            nibbles = 0;
            cur = 0;
        }
    }
    return nibbles == 0 ? out : MipBytes{};
}

} // namespace ns3
