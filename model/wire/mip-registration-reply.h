/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MIP_REGISTRATION_REPLY_H
#define MIP_REGISTRATION_REPLY_H

#include "mip-message.h"

#include <string>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Registration Reply codes: RFC 5944 section 3.4, plus RFC 3024 (137-139),
 * RFC 3519 (142), RFC 5177 (147, 148), RFC 6521 (2, 201-203) and RFC 7629 (152, 153).
 */
enum MipReplyCode : uint8_t
{
    MIP_REPLY_ACCEPTED = 0,                   //!< registration accepted
    MIP_REPLY_ACCEPTED_NO_SIMULTANEOUS = 1,   //!< accepted, simultaneous bindings unsupported
    MIP_REPLY_CONCURRENT_REGISTRATION = 2,    //!< RFC 6521: concurrent registration (pre-accept)
    MIP_REPLY_FA_UNSPECIFIED = 64,            //!< FA: reason unspecified
    MIP_REPLY_FA_PROHIBITED = 65,             //!< FA: administratively prohibited
    MIP_REPLY_FA_INSUFFICIENT_RESOURCES = 66, //!< FA: insufficient resources
    MIP_REPLY_FA_MN_AUTH_FAILED = 67,         //!< FA: mobile node failed authentication
    MIP_REPLY_FA_HA_AUTH_FAILED = 68,         //!< FA: home agent failed authentication
    MIP_REPLY_FA_LIFETIME_TOO_LONG = 69,      //!< FA: requested Lifetime too long
    MIP_REPLY_FA_POORLY_FORMED_REQUEST = 70,  //!< FA: poorly formed Request
    MIP_REPLY_FA_POORLY_FORMED_REPLY = 71,    //!< FA: poorly formed Reply
    MIP_REPLY_FA_ENCAP_UNAVAILABLE = 72,      //!< FA: requested encapsulation unavailable
    MIP_REPLY_FA_RESERVED_UNAVAILABLE = 73,   //!< FA: reserved and unavailable
    MIP_REPLY_FA_REVERSE_TUNNEL_UNAVAILABLE = 74, //!< RFC 3024: reverse tunnel unavailable
    MIP_REPLY_FA_REVERSE_TUNNEL_MANDATORY = 75,   //!< RFC 3024: reverse tunnel mandatory
    MIP_REPLY_FA_MN_TOO_DISTANT = 76,             //!< RFC 3024: mobile node too distant
    MIP_REPLY_FA_INVALID_COA = 77,                //!< FA: invalid care-of address
    MIP_REPLY_FA_REGISTRATION_TIMEOUT = 78,       //!< FA: registration timeout
    MIP_REPLY_FA_DELIVERY_STYLE_UNSUPPORTED = 79, //!< RFC 3024: delivery style not supported
    MIP_REPLY_FA_HOME_NETWORK_UNREACHABLE = 80,   //!< FA: home network unreachable (ICMP)
    MIP_REPLY_FA_HA_HOST_UNREACHABLE = 81,        //!< FA: home agent host unreachable (ICMP)
    MIP_REPLY_FA_HA_PORT_UNREACHABLE = 82,        //!< FA: home agent port unreachable (ICMP)
    MIP_REPLY_FA_HA_UNREACHABLE = 88,             //!< FA: home agent unreachable (other ICMP)
    MIP_REPLY_HA_UNSPECIFIED = 128,               //!< HA: reason unspecified
    MIP_REPLY_HA_PROHIBITED = 129,                //!< HA: administratively prohibited
    MIP_REPLY_HA_INSUFFICIENT_RESOURCES = 130,    //!< HA: insufficient resources
    MIP_REPLY_HA_MN_AUTH_FAILED = 131,            //!< HA: mobile node failed authentication
    MIP_REPLY_HA_FA_AUTH_FAILED = 132,            //!< HA: foreign agent failed authentication
    MIP_REPLY_HA_ID_MISMATCH = 133,               //!< HA: registration Identification mismatch
    MIP_REPLY_HA_POORLY_FORMED_REQUEST = 134,     //!< HA: poorly formed Request
    MIP_REPLY_HA_TOO_MANY_BINDINGS = 135,         //!< HA: too many simultaneous mobility bindings
    MIP_REPLY_HA_UNKNOWN_HA_ADDRESS = 136,        //!< HA: unknown home agent address
    MIP_REPLY_HA_REVERSE_TUNNEL_UNAVAILABLE =
        137,                                     //!< RFC 3024: requested reverse tunnel unavailable
    MIP_REPLY_HA_REVERSE_TUNNEL_MANDATORY = 138, //!< RFC 3024: reverse tunnel mandatory, T not set
    MIP_REPLY_HA_ENCAP_UNAVAILABLE = 139,        //!< RFC 3024: requested encapsulation unavailable
    MIP_REPLY_HA_UDP_ENCAP_UNAVAILABLE = 142,    //!< RFC 3519: ERROR_HA_UDP_ENCAP_UNAVAIL
    MIP_REPLY_HA_MOBNET_ERROR = 147,             //!< RFC 5177: HA_MOBNET_ERROR
    MIP_REPLY_HA_MOBNET_DISALLOWED = 148,        //!< RFC 5177: HA_MOBNET_DISALLOWED
    MIP_REPLY_HA_MULTIPATH_NOT_ALLOWED = 152,    //!< RFC 7629: MULTIPATH_NOT_ALLOWED
    MIP_REPLY_HA_INVALID_FB_IDENTIFIER = 153,    //!< RFC 7629: INVALID_FB_IDENTIFIER
    MIP_REPLY_GFA_INVALID_HA_ADDRESS = 194,      //!< invalid Home Agent Address
    MIP_REPLY_CR_EXPIRED_HOME_NONCE = 201,       //!< RFC 6521: expired Home nonce index
    MIP_REPLY_CR_EXPIRED_CARE_OF_NONCE = 202,    //!< RFC 6521: expired Care-of nonce index
    MIP_REPLY_CR_EXPIRED_NONCES = 203,           //!< RFC 6521: expired nonces
};

/**
 * \ingroup haaro
 * \param code a reply code
 * \return its name ("accepted", "HA: mobile node failed authentication", ...), or
 * "unassigned (N)" for a code no RFC we implement defines
 */
std::string MipReplyCodeName(uint8_t code);

/**
 * \ingroup haaro
 * \param code a reply code
 * \return true for the success range 0-8 (RFC 5944 section 3.4)
 */
bool MipReplyCodeIsSuccess(uint8_t code);

/**
 * \ingroup haaro
 * \brief Mobile IPv4 Registration Reply (RFC 5944 section 3.4), message type 3.
 *
 * \verbatim
     0                   1                   2                   3
     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |     Type      |     Code      |           Lifetime            |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |                          Home Address                         |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |                           Home Agent                          |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |                                                               |
    +                         Identification                        +
    |                                                               |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    | Extensions ...
    +-+-+-+-+-+-+-+-
   \endverbatim
 */
class MipRegistrationReply : public MipMessage
{
  public:
    /// Octets of the fixed part.
    static constexpr size_t FIXED_SIZE = 20;

    MipRegistrationReply();

    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;

    /// \param code one of MipReplyCode
    void SetCode(uint8_t code);
    /// \return the code
    uint8_t GetCode() const;
    /// \param seconds granted lifetime
    void SetLifetime(uint16_t seconds);
    /// \return granted lifetime in seconds
    uint16_t GetLifetime() const;
    /// \param a home address
    void SetHomeAddress(Ipv4Address a);
    /// \return home address
    Ipv4Address GetHomeAddress() const;
    /// \param a home agent address
    void SetHomeAgent(Ipv4Address a);
    /// \return home agent address
    Ipv4Address GetHomeAgent() const;
    /// \param id 64-bit Identification
    void SetIdentification(uint64_t id);
    /// \return 64-bit Identification
    uint64_t GetIdentification() const;
    /**
     * \brief Whether this reply answers the request with the given Identification (RFC 5944
     * sections 3.6.2.1 and 5.7.1): the whole field is copied, except in a 133 (timestamp
     * refused), whose high-order 32 bits carry the responder's time and only the low-order
     * 32 bits must match.
     * \param requestId Identification of the outstanding request
     * \return true if it answers that request
     */
    bool AnswersRequest(uint64_t requestId) const;

  protected:
    uint8_t GetMessageType() const override;
    size_t GetFixedSize() const override;
    void SerializeFixed(MipWireWriter& w) const override;
    bool DeserializeFixed(MipWireReader& r) override;
    void PrintFixed(std::ostream& os) const override;

  private:
    uint8_t m_code{0};                                //!< reply code
    uint16_t m_lifetime{0};                           //!< seconds
    Ipv4Address m_homeAddress{Ipv4Address::GetAny()}; //!< HoA
    Ipv4Address m_homeAgent{Ipv4Address::GetAny()};   //!< HA
    uint64_t m_identification{0};                     //!< Identification
};

} // namespace ns3

#endif /* MIP_REGISTRATION_REPLY_H */
