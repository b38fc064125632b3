/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MIP_WIRE_H
#define MIP_WIRE_H

#include "ns3/buffer.h"
#include "ns3/ipv4-address.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/// Octets of a Mobile IP message or extension as they are on the wire.
using MipBytes = std::vector<uint8_t>;

/**
 * \ingroup haaro
 * \brief Bounds-checked reader over a byte range in network byte order.
 *
 * Every read checks the remaining length first. A read past the end never touches
 * memory outside the range: it returns zero and marks the reader as failed, so a parser
 * can read a whole structure and check IsOk() once at the end.
 */
class MipWireReader
{
  public:
    /**
     * \param data first octet
     * \param size number of octets that may be read
     */
    MipWireReader(const uint8_t* data, size_t size);

    /// \param bytes the octets to read (must outlive the reader)
    explicit MipWireReader(const MipBytes& bytes);

    /// \return the next octet
    uint8_t ReadU8();
    /// \return the next two octets as a host-order integer
    uint16_t ReadU16();
    /// \return the next four octets as a host-order integer
    uint32_t ReadU32();
    /// \return the next eight octets as a host-order integer
    uint64_t ReadU64();
    /// \return the next four octets as an IPv4 address
    Ipv4Address ReadIpv4();
    /**
     * \param n number of octets
     * \return the next n octets (empty, and the reader failed, if fewer remain)
     */
    MipBytes ReadBytes(size_t n);
    /// \param n number of octets to skip
    void Skip(size_t n);

    /// \return number of octets not yet read
    size_t GetRemaining() const;
    /// \return number of octets read so far
    size_t GetOffset() const;
    /// \return false once any read went past the end
    bool IsOk() const;
    /// \return pointer to the next unread octet
    const uint8_t* Current() const;

  private:
    /// \param n octets wanted \return true if they are there (else marks failure)
    bool Take(size_t n);

    const uint8_t* m_data; //!< start of the range
    size_t m_size;         //!< size of the range
    size_t m_offset{0};    //!< next octet to read
    bool m_ok{true};       //!< no read went past the end
};

/**
 * \ingroup haaro
 * \brief Appends fields in network byte order to a byte vector.
 */
class MipWireWriter
{
  public:
    /// \param out vector the fields are appended to
    explicit MipWireWriter(MipBytes& out);

    /// \param v octet to append
    void WriteU8(uint8_t v);
    /// \param v value written as two octets, most significant first
    void WriteU16(uint16_t v);
    /// \param v value written as four octets, most significant first
    void WriteU32(uint32_t v);
    /// \param v value written as eight octets, most significant first
    void WriteU64(uint64_t v);
    /// \param a address written as four octets
    void WriteIpv4(Ipv4Address a);
    /// \param bytes octets to append
    void WriteBytes(const MipBytes& bytes);
    /// \param data octets to append \param size number of octets
    void WriteBytes(const uint8_t* data, size_t size);

  private:
    MipBytes& m_out; //!< destination
};

/**
 * \ingroup haaro
 * \brief Copies the octets between two buffer iterators into a vector.
 * \param start first octet
 * \param size number of octets (must be available)
 * \return the octets
 */
MipBytes MipReadBuffer(Buffer::Iterator start, uint32_t size);

/**
 * \ingroup haaro
 * \brief Formats octets as lower-case hex separated by spaces ("c0 00 02 00").
 * \param bytes the octets
 * \return the text
 */
std::string MipToHex(const MipBytes& bytes);

/**
 * \ingroup haaro
 * \brief Parses hex text ("c0 00 02 00", spaces optional) into octets.
 * \param hex the text
 * \return the octets (empty when the text is not well-formed hex)
 */
MipBytes MipFromHex(const std::string& hex);

} // namespace ns3

#endif /* MIP_WIRE_H */
