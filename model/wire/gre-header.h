/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef GRE_HEADER_H
#define GRE_HEADER_H

#include "ns3/header.h"
#include "ns3/mip-wire.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Generic Routing Encapsulation header (RFC 2784) with the Key and Sequence Number
 * extensions of RFC 2890; IP protocol 47.
 *
 * \verbatim
     0                   1                   2                   3
     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |C| |K|S| Reserved0       | Ver |         Protocol Type         |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |      Checksum (optional)      |       Reserved1 (optional)    |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |                         Key (optional)                        |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |                 Sequence Number (optional)                    |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 *
 * C (bit 0) = Checksum and Reserved1 present, K (bit 2) = Key present, S (bit 3) =
 * Sequence Number present; the optional words appear in that order. Ver (bits 13-15)
 * must be 0 and Protocol Type is the EtherType of the payload (0x0800 for IPv4).
 *
 * The Checksum is the IP (one's complement) checksum of the GRE header and the payload
 * that follows it, computed with the Checksum field taken as zero. Serialize() computes
 * it over everything from the header to the end of the buffer, so the payload must be in
 * the packet before the header is added (Packet::AddHeader does exactly that).
 * Deserialize() verifies it the same way and records the result (IsChecksumOk()); a
 * header with a bad checksum is still returned so the caller decides (RFC 2784 leaves
 * the action to the decapsulator; drop it).
 *
 * Deserialize() returns 0 (drop the packet) when fewer octets remain than the flags
 * require, Ver is not 0, or any of bits 1, 4 and 5 is set (RFC 2784 section 2.3: a
 * receiver not implementing RFC 1701 discards packets with any of bits 1-5 set; RFC 2890
 * gives bits 2 and 3 their meaning). Bits 6-12 and Reserved1 are ignored on receipt;
 * they are kept as received so the header re-serializes unchanged.
 */
class GreHeader : public Header
{
  public:
    static constexpr uint8_t IP_PROTOCOL = 47;        //!< IP protocol number of GRE
    static constexpr uint16_t PROTOCOL_IPV4 = 0x0800; //!< Protocol Type for IPv4 payloads
    static constexpr uint32_t BASE_SIZE = 4;          //!< octets without optional fields
    /// Value the receiver's "last sequence number" starts at (RFC 2890 section 2.2).
    static constexpr uint32_t INITIAL_LAST_SEQUENCE = 0xffffffff;

    GreHeader();

    /// \param protocolType EtherType of the payload
    explicit GreHeader(uint16_t protocolType);

    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;

    /// \return the Protocol Type (EtherType of the payload)
    uint16_t GetProtocolType() const;
    /// \param protocolType EtherType of the payload
    void SetProtocolType(uint16_t protocolType);

    /// \brief Sets C: Serialize() adds Checksum and Reserved1 and computes the checksum.
    void EnableChecksum();
    /// \brief Clears C: no Checksum field.
    void DisableChecksum();
    /// \return true if C is set
    bool IsChecksumPresent() const;
    /// \return the Checksum field as received (0 when built locally)
    uint16_t GetChecksum() const;
    /**
     * \return false only after Deserialize() read a Checksum that does not match the
     * header and payload; true when C is clear or the checksum is correct
     */
    bool IsChecksumOk() const;
    /// \return Reserved1 as received (0 when built locally)
    uint16_t GetReserved1() const;

    /// \param key the Key (sets K)
    void SetKey(uint32_t key);
    /// \brief Clears K: no Key field.
    void RemoveKey();
    /// \return true if K is set
    bool IsKeyPresent() const;
    /// \return the Key (0 when K is clear)
    uint32_t GetKey() const;

    /// \param sequence the Sequence Number (sets S)
    void SetSequenceNumber(uint32_t sequence);
    /// \brief Clears S: no Sequence Number field.
    void RemoveSequenceNumber();
    /// \return true if S is set
    bool IsSequenceNumberPresent() const;
    /// \return the Sequence Number (0 when S is clear)
    uint32_t GetSequenceNumber() const;

    /// \return bits 6-12 of the first word as received (7 bits; 0 when built locally)
    uint8_t GetReserved0() const;

    /**
     * \brief RFC 2890 section 2.2 ordering: a packet is out of sequence when its number
     * lies in the 2^31 values ending at (and including) the last one decapsulated.
     * \param received sequence number of the received packet
     * \param last sequence number of the last packet decapsulated (initially
     * INITIAL_LAST_SEQUENCE)
     * \return true if the packet is in sequence (may be decapsulated)
     */
    static bool IsInSequence(uint32_t received, uint32_t last);

    /**
     * \brief Parses a GRE packet held in a byte vector (for fuzzing and tools), with the
     * same rules as Deserialize(); the checksum, if present, is checked over all octets.
     * \param packet the GRE header followed by its payload
     * \return octets of header consumed, or 0 if the packet must be dropped
     */
    uint32_t FromBytes(const MipBytes& packet);
    /**
     * \param payload the octets that follow the header
     * \return header and payload as octets, with the checksum computed if C is set
     */
    MipBytes ToBytes(const MipBytes& payload) const;

    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

  private:
    uint16_t m_protocolType{PROTOCOL_IPV4}; //!< Protocol Type
    bool m_checksumPresent{false};          //!< C
    bool m_keyPresent{false};               //!< K
    bool m_sequencePresent{false};          //!< S
    uint8_t m_reserved0{0};                 //!< bits 6-12, as received
    uint16_t m_checksum{0};                 //!< Checksum, as received
    uint16_t m_reserved1{0};                //!< Reserved1, as received
    uint32_t m_key{0};                      //!< Key
    uint32_t m_sequence{0};                 //!< Sequence Number
    bool m_checksumOk{true};                //!< result of the last checksum check
};

} // namespace ns3

#endif /* GRE_HEADER_H */
