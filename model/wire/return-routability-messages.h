/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef RETURN_ROUTABILITY_MESSAGES_H
#define RETURN_ROUTABILITY_MESSAGES_H

#include "mip-message.h"

#include "ns3/header.h"
#include "ns3/mip-wire.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Home Test Init (HoTI, type 24) and Care-of Test Init (CoTI, type 25) messages of
 * the return routability procedure (RFC 6521 sections 5.6 and 5.7), sent by a Mobile
 * Router to a Correspondent Router on UDP port 434.
 *
 * \verbatim
     0                   1                   2                   3
     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |  Type 24/25   |   Reserved    |                               |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
    |             Home / Care-of Init Cookie (64 bits)              |
    +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |                               |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 *
 * 10 octets. Reserved is sent as zero and ignored on receipt. Deserialize() accepts
 * either type of the pair (24 or 25) and adopts it, so a receiver must look at
 * GetMessageType() (or IsHomeTestInit()) to tell HoTI from CoTI; any other type, or fewer
 * than 10 octets, is rejected (returns 0). Octets after the 10 are not part of the
 * message and are not consumed.
 */
class ReturnRoutabilityInit : public Header
{
  public:
    /// Octets on the wire.
    static constexpr uint32_t SERIALIZED_SIZE = 10;

    /// Makes a HoTI with cookie 0.
    ReturnRoutabilityInit();

    /**
     * \param type MIP_HOME_TEST_INIT (24) or MIP_CARE_OF_TEST_INIT (25); aborts otherwise
     * \param cookie Init Cookie
     */
    explicit ReturnRoutabilityInit(uint8_t type, uint64_t cookie = 0);

    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;

    /// \param type MIP_HOME_TEST_INIT (24) or MIP_CARE_OF_TEST_INIT (25); aborts otherwise
    void SetMessageType(uint8_t type);
    /// \return 24 (HoTI) or 25 (CoTI)
    uint8_t GetMessageType() const;
    /// \return true for a HoTI, false for a CoTI
    bool IsHomeTestInit() const;
    /// \param cookie the 64-bit Home / Care-of Init Cookie
    void SetCookie(uint64_t cookie);
    /// \return the 64-bit Init Cookie
    uint64_t GetCookie() const;

    /// \param type a message type \return true for 24 and 25
    static bool IsInitType(uint8_t type);

    /// \return the message as octets
    MipBytes ToBytes() const;
    /**
     * \param bytes received octets (a UDP payload)
     * \return octets consumed (10), or 0 if they do not start with a HoTI or CoTI
     */
    uint32_t FromBytes(const MipBytes& bytes);

    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

  private:
    uint8_t m_type{MIP_HOME_TEST_INIT}; //!< 24 or 25
    uint64_t m_cookie{0};               //!< Init Cookie
};

/**
 * \ingroup haaro
 * \brief Home Test (HoT, type 26) and Care-of Test (CoT, type 27) messages of the return
 * routability procedure (RFC 6521 sections 5.8 and 5.9), sent by a Correspondent Router
 * in reply to a HoTI / CoTI.
 *
 * \verbatim
     0                   1                   2                   3
     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |  Type 26/27   |   Reserved    |          Nonce Index          |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |                                                               |
    +              Home / Care-of Init Cookie (64 bits)             +
    |                                                               |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |                                                               |
    +             Home / Care-of Keygen Token (64 bits)             +
    |                                                               |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 *
 * 20 octets. The CoT's nonce field is the same "Nonce Index" field (RFC 6521 calls it
 * "Care-of Nonce Index" in the text, ambiguity A9). The keygen token is the 8 octets of
 * ReturnRoutabilityKeys::HomeKeygenToken() / CareOfKeygenToken() read as a big-endian
 * integer (ReturnRoutabilityKeys::TokenToU64()). Reserved is sent as zero and ignored on
 * receipt. Deserialize() accepts either type of the pair (26 or 27) and adopts it; any
 * other type, or fewer than 20 octets, is rejected (returns 0). Octets after the 20 are
 * not consumed.
 */
class ReturnRoutabilityTest : public Header
{
  public:
    /// Octets on the wire.
    static constexpr uint32_t SERIALIZED_SIZE = 20;

    /// Makes a HoT with all fields 0.
    ReturnRoutabilityTest();

    /**
     * \param type MIP_HOME_TEST (26) or MIP_CARE_OF_TEST (27); aborts otherwise
     * \param nonceIndex Nonce Index
     * \param cookie Init Cookie echoed from the HoTI / CoTI
     * \param keygenToken keygen token
     */
    ReturnRoutabilityTest(uint8_t type, uint16_t nonceIndex, uint64_t cookie, uint64_t keygenToken);

    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;

    /// \param type MIP_HOME_TEST (26) or MIP_CARE_OF_TEST (27); aborts otherwise
    void SetMessageType(uint8_t type);
    /// \return 26 (HoT) or 27 (CoT)
    uint8_t GetMessageType() const;
    /// \return true for a HoT, false for a CoT
    bool IsHomeTest() const;
    /// \param index the Nonce Index
    void SetNonceIndex(uint16_t index);
    /// \return the Nonce Index
    uint16_t GetNonceIndex() const;
    /// \param cookie the Init Cookie echoed from the HoTI / CoTI
    void SetCookie(uint64_t cookie);
    /// \return the Init Cookie
    uint64_t GetCookie() const;
    /// \param token the 64-bit keygen token
    void SetKeygenToken(uint64_t token);
    /// \return the 64-bit keygen token
    uint64_t GetKeygenToken() const;

    /// \param type a message type \return true for 26 and 27
    static bool IsTestType(uint8_t type);

    /// \return the message as octets
    MipBytes ToBytes() const;
    /**
     * \param bytes received octets (a UDP payload)
     * \return octets consumed (20), or 0 if they do not start with a HoT or CoT
     */
    uint32_t FromBytes(const MipBytes& bytes);

    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

  private:
    uint8_t m_type{MIP_HOME_TEST}; //!< 26 or 27
    uint16_t m_nonceIndex{0};      //!< Nonce Index
    uint64_t m_cookie{0};          //!< Init Cookie
    uint64_t m_keygenToken{0};     //!< keygen token
};

} // namespace ns3

#endif /* RETURN_ROUTABILITY_MESSAGES_H */
