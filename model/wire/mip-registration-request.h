/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MIP_REGISTRATION_REQUEST_H
#define MIP_REGISTRATION_REQUEST_H

#include "mip-message.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Mobile IPv4 Registration Request (RFC 5944 section 3.3), message type 1.
 *
 * \verbatim
     0                   1                   2                   3
     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |     Type      |S|B|D|M|G|r|T|x|          Lifetime             |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |                          Home Address                         |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |                           Home Agent                          |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |                        Care-of Address                        |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |                                                               |
    +                         Identification                        +
    |                                                               |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    | Extensions ...
    +-+-+-+-+-+-+-+-
   \endverbatim
 *
 * The reserved bits r and x are kept as received (the HA rejects non-zero ones with
 * code 134, RFC 5944 section 3.8.2.3).
 */
class MipRegistrationRequest : public MipMessage
{
  public:
    /// Flag bits of the second octet.
    enum Flag : uint8_t
    {
        FLAG_S = 0x80, //!< simultaneous bindings
        FLAG_B = 0x40, //!< broadcast datagrams
        FLAG_D = 0x20, //!< decapsulation by the mobile node (co-located care-of address)
        FLAG_M = 0x10, //!< minimal encapsulation
        FLAG_G = 0x08, //!< GRE encapsulation
        FLAG_R = 0x04, //!< reserved ("r"), sent as zero
        FLAG_T = 0x02, //!< reverse tunnelling requested (RFC 3024)
        FLAG_X = 0x01, //!< reserved ("x"), sent as zero
    };

    /// Octets of the fixed part.
    static constexpr size_t FIXED_SIZE = 24;
    /// Lifetime value meaning "infinity".
    static constexpr uint16_t INFINITE_LIFETIME = 0xffff;

    MipRegistrationRequest();

    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;

    /// \param flag one of Flag \param on set or clear
    void SetFlag(Flag flag, bool on);
    /// \param flag one of Flag \return true if set
    bool GetFlag(Flag flag) const;
    /// \param flags the whole flags octet
    void SetFlags(uint8_t flags);
    /// \return the whole flags octet
    uint8_t GetFlags() const;
    /// \param seconds requested lifetime (0 = de-register)
    void SetLifetime(uint16_t seconds);
    /// \return requested lifetime in seconds
    uint16_t GetLifetime() const;
    /// \param a home address
    void SetHomeAddress(Ipv4Address a);
    /// \return home address
    Ipv4Address GetHomeAddress() const;
    /// \param a home agent address
    void SetHomeAgent(Ipv4Address a);
    /// \return home agent address
    Ipv4Address GetHomeAgent() const;
    /// \param a care-of address
    void SetCareOfAddress(Ipv4Address a);
    /// \return care-of address
    Ipv4Address GetCareOfAddress() const;
    /// \param id 64-bit Identification
    void SetIdentification(uint64_t id);
    /// \return 64-bit Identification
    uint64_t GetIdentification() const;

  protected:
    uint8_t GetMessageType() const override;
    size_t GetFixedSize() const override;
    void SerializeFixed(MipWireWriter& w) const override;
    bool DeserializeFixed(MipWireReader& r) override;
    void PrintFixed(std::ostream& os) const override;

  private:
    uint8_t m_flags{0};                               //!< S B D M G r T x
    uint16_t m_lifetime{0};                           //!< seconds
    Ipv4Address m_homeAddress{Ipv4Address::GetAny()}; //!< HoA
    Ipv4Address m_homeAgent{Ipv4Address::GetAny()};   //!< HA
    Ipv4Address m_careOf{Ipv4Address::GetAny()};      //!< CoA
    uint64_t m_identification{0};                     //!< Identification
};

} // namespace ns3

#endif /* MIP_REGISTRATION_REQUEST_H */
