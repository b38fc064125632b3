/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MIP_PREFIX_H
#define MIP_PREFIX_H

#include "ns3/ipv4-address.h"

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief A mobile network prefix (RFC 5177): network address and length.
 */
struct MipPrefix
{
    Ipv4Address network; //!< network address (host bits zero)
    uint8_t length{0};   //!< prefix length 0-32

    /// Longest prefix length (RFC 5177 section 3.1: 1-32 on the wire; 0 only locally).
    static constexpr uint8_t MAX_LENGTH = 32;

    /**
     * \param length a prefix length
     * \return its network mask, host byte order: 0 for 0, all ones for 32 and above (never
     * a shift by 32 or more, whatever arrives in a packet)
     */
    static uint32_t MaskOf(uint8_t length);
    /// \return true if the length is at most 32
    bool IsValid() const;
    /// \param a address \return true if a lies inside this prefix (false if it is invalid)
    bool Contains(Ipv4Address a) const;
    /**
     * \param o another prefix
     * \return true if the two share an address (one contains the other); false if either
     * is invalid
     */
    bool Overlaps(const MipPrefix& o) const;
    /// \param o other \return true if equal
    bool operator==(const MipPrefix& o) const;
};

/**
 * \param os stream \param p prefix
 * \return os
 */
std::ostream& operator<<(std::ostream& os, const MipPrefix& p);

} // namespace ns3

#endif /* MIP_PREFIX_H */
