/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PREFIX_DELTA_CODEC_H
#define PREFIX_DELTA_CODEC_H

#include "ns3/ipv4-address.h"
#include "ns3/mip-wire.h"

#include <cstdint>
#include <optional>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Prefix (delta) compression of RFC 6521 section 4.1, both directions.
 *
 * A prefix sent with D=0 is a "master" and travels in full: its first PLen bits rounded
 * up to whole octets (/0 takes no octet, /1-/8 one, ..., /25-/32 four). A later prefix may
 * travel with D=1 as a single octet when it agrees with the master on every bit before its
 * last eight: the octet carries the eight bits that end at bit PLen, the bits before them
 * are copied from the master.
 *
 * \verbatim
   D=0, PLen 28, 192.0.2.0/28:      D=1, PLen 26, 192.0.2.64/26 against that master:
   +--------+--------+--------+--------+      +--------+
   |  c0    |  00    |  02    |  00    |      |  09    |  = bits 18-25 of 192.0.2.64
   +--------+--------+--------+--------+      +--------+
   bits (0-based) of the decoded prefix:
          0 ...... 17 | 18 ....... 25 | 26 .. 31
          from master | delta octet   | zero (beyond PLen)
   \endverbatim
 *
 * One object holds the master of one extension on one side: the encoder calls CanDelta()
 * and EncodeDelta(), or WriteFull() followed by SetMaster(); the decoder calls
 * DecodeDelta(), or ReadFull() followed by SetMaster(). The master persists across the
 * Mobile Router entries of one Prefix Advertisement extension (notes 1.4.1).
 *
 * Readings where RFC 6521 is silent:
 *  - D=1 with PLen < 8 (there are not eight bits to carry): rejected, DecodeDelta() returns
 *    nothing and CanDelta() is false.
 *  - Bits beyond PLen in a D=0 prefix ("padding"): the encoder sends them as zero, the
 *    decoder masks them off (it keeps the PLen bits the sender meant, never rejects).
 */
class PrefixDeltaCodec
{
  public:
    /// Largest IPv4 prefix length.
    static constexpr uint8_t MAX_PREFIX_LENGTH = 32;
    /// Bits a delta octet carries.
    static constexpr uint8_t DELTA_BITS = 8;

    /// \return true once a master was set
    bool HasMaster() const;
    /// \return the master (0.0.0.0 when none was set)
    Ipv4Address GetMaster() const;
    /**
     * \brief Records the prefix just sent or received with D=0 as the new master.
     * \param prefix the prefix, already masked to its length
     */
    void SetMaster(Ipv4Address prefix);
    /// Forgets the master (start of a new extension).
    void Reset();

    /**
     * \param prefix prefix to send
     * \param plen its length (0-32)
     * \return true if it can be sent with D=1: a master exists, plen >= 8 and the prefix
     * agrees with the master on bits [0, plen-8)
     */
    bool CanDelta(Ipv4Address prefix, uint8_t plen) const;

    /**
     * \param prefix prefix to send
     * \param plen its length (8-32)
     * \return the delta octet: the eight bits of the prefix that end at bit plen
     */
    static uint8_t EncodeDelta(Ipv4Address prefix, uint8_t plen);

    /**
     * \param delta the received octet
     * \param plen the received PLen
     * \return (master & mask(plen-8)) | (delta << (32-plen)), masked to plen; nothing when
     * no master exists or plen is outside 8-32
     */
    std::optional<Ipv4Address> DecodeDelta(uint8_t delta, uint8_t plen) const;

    /**
     * \param plen prefix length (0-32)
     * \return octets of a D=0 prefix: ceil(plen/8)
     */
    static uint8_t GetFullOctets(uint8_t plen);

    /**
     * \param plen prefix length (values above 32 count as 32)
     * \return the netmask with plen leading one bits, as a host-order integer
     */
    static uint32_t GetMask(uint8_t plen);

    /**
     * \param prefix an address
     * \param plen prefix length (0-32)
     * \return the address with every bit beyond plen cleared
     */
    static Ipv4Address Truncate(Ipv4Address prefix, uint8_t plen);

    /**
     * \brief Writes a D=0 prefix: its first ceil(plen/8) octets, bits beyond plen zero.
     * \param w destination
     * \param prefix the prefix
     * \param plen its length (0-32)
     */
    static void WriteFull(MipWireWriter& w, Ipv4Address prefix, uint8_t plen);

    /**
     * \brief Reads a D=0 prefix of ceil(plen/8) octets; bits beyond plen are masked off.
     * \param r reader
     * \param plen the received PLen (0-32)
     * \return the prefix, or nothing when plen > 32 or the octets are not there
     */
    static std::optional<Ipv4Address> ReadFull(MipWireReader& r, uint8_t plen);

  private:
    bool m_hasMaster{false}; //!< a D=0 prefix was sent or received
    uint32_t m_master{0};    //!< the master, host order
};

} // namespace ns3

#endif /* PREFIX_DELTA_CODEC_H */
