/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MIP_TUNNEL_DATA_HEADER_H
#define MIP_TUNNEL_DATA_HEADER_H

#include "ns3/header.h"
#include "ns3/mip-wire.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief MIP Tunnel Data message header (RFC 3519 section 3.3), Mobile IP message type 4.
 *
 * It follows the UDP header (port 434) of an IP-in-UDP tunnelled datagram and says what
 * comes after it:
 *
 * \verbatim
     0                   1                   2                   3
     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |   Type = 4    |  Next Header  |           Reserved            |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 *
 * Next Header is the IP protocol number of the tunnelled packet: 4 (IP-in-IP), 47 (GRE)
 * or 55 (minimal encapsulation). Any value is accepted here; the decapsulator must drop
 * a packet whose Next Header is not the mode negotiated for the binding. Reserved is sent
 * as 0 and ignored on receipt (kept as received, so the header re-serializes unchanged).
 * Deserialize() returns 0 (drop) when fewer than 4 octets remain or Type is not 4.
 */
class MipTunnelDataHeader : public Header
{
  public:
    static constexpr uint8_t TYPE = 4;                 //!< Mobile IP message type
    static constexpr uint32_t SIZE = 4;                //!< octets on the wire
    static constexpr uint8_t NEXT_HEADER_IP_IN_IP = 4; //!< IP-in-IP (RFC 2003)
    static constexpr uint8_t NEXT_HEADER_GRE = 47;     //!< GRE (RFC 2784)
    static constexpr uint8_t NEXT_HEADER_MINIMAL = 55; //!< minimal encapsulation (RFC 2004)

    MipTunnelDataHeader();

    /// \param nextHeader IP protocol number of the tunnelled packet
    explicit MipTunnelDataHeader(uint8_t nextHeader);

    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;

    /// \return the Next Header octet
    uint8_t GetNextHeader() const;
    /// \param nextHeader IP protocol number of the tunnelled packet
    void SetNextHeader(uint8_t nextHeader);
    /// \return the Reserved field as received (0 when built locally)
    uint16_t GetReserved() const;

    /**
     * \brief Reads the header from the first octets of a byte vector (for fuzzing and tools).
     * \param bytes octets; anything after the first four is the tunnelled packet
     * \return octets consumed (4), or 0 if too short or the type is not 4
     */
    uint32_t FromBytes(const MipBytes& bytes);
    /// \return the header as its four octets
    MipBytes ToBytes() const;

    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

  private:
    uint8_t m_nextHeader{NEXT_HEADER_IP_IN_IP}; //!< Next Header
    uint16_t m_reserved{0};                     //!< Reserved, as received
};

} // namespace ns3

#endif /* MIP_TUNNEL_DATA_HEADER_H */
