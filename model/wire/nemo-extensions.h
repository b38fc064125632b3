/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NEMO_EXTENSIONS_H
#define NEMO_EXTENSIONS_H

#include "mip-message.h"

#include "ns3/ipv4-address.h"

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Codes of the Mobile Network Acknowledgement Extension (RFC 5177 section 4.2).
 */
enum MobileNetworkAckCode : uint8_t
{
    MOBNET_SUCCESS = 0,             //!< the prefix is registered
    MOBNET_INVALID_PREFIX_LEN = 1,  //!< prefix length 0 or greater than 32
    MOBNET_UNAUTHORIZED = 2,        //!< the MR may not register this prefix
    MOBNET_FWDING_SETUP_FAILED = 3, //!< the HA could not set up forwarding for it
};

/**
 * \ingroup haaro
 * \param code a Mobile Network Acknowledgement code
 * \return its name ("success", "MOBNET_INVALID_PREFIX_LEN", ...), or "unassigned (N)"
 */
std::string MobileNetworkAckCodeName(uint8_t code);

/**
 * \ingroup haaro
 * \brief Mobile Network Request Extension (RFC 5177 section 4.1): type 148, sub-type 0,
 * short format; one per mobile network prefix in a Registration Request (explicit mode).
 *
 * \verbatim
     0                   1                   2                   3
     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |  Type = 148   |  Length = 6   | Sub-Type = 0  | Prefix Length |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |                             Prefix                            |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 *
 * Any Prefix Length value (0-255) is well-formed on the wire: the HA answers a length of 0
 * or above 32 with MOBNET_INVALID_PREFIX_LEN (IsPrefixLengthValid()), so neither the
 * message parser nor FromExtension() rejects it. Only a wrong Length makes the extension
 * malformed (and the whole message rejected). Host bits set in Prefix beyond Prefix
 * Length are kept as received (RFC 5177 does not say what to do with them).
 */
class MobileNetworkRequestExtension
{
  public:
    static constexpr uint8_t TYPE = 148;   //!< extension type (skippable)
    static constexpr uint8_t SUBTYPE = 0;  //!< Mobile Network Request
    static constexpr size_t DATA_SIZE = 5; //!< octets after Sub-Type
    static constexpr uint8_t LENGTH = 6;   //!< the Length octet (Sub-Type + data)

    MobileNetworkRequestExtension() = default;

    /**
     * \param prefix the mobile network prefix
     * \param prefixLength its length in bits
     */
    MobileNetworkRequestExtension(Ipv4Address prefix, uint8_t prefixLength);

    /// \return the prefix
    Ipv4Address GetPrefix() const;
    /// \param prefix the prefix
    void SetPrefix(Ipv4Address prefix);
    /// \return the prefix length as received (may be invalid, see IsPrefixLengthValid())
    uint8_t GetPrefixLength() const;
    /// \param prefixLength the prefix length in bits
    void SetPrefixLength(uint8_t prefixLength);
    /// \return true for a prefix length of 1-32 (else the HA answers MOBNET_INVALID_PREFIX_LEN)
    bool IsPrefixLengthValid() const;
    /// \return the network mask for the prefix length (all ones above 32, zero for 0)
    Ipv4Mask GetMask() const;

    /**
     * \param e raw extension
     * \return the typed extension, or nothing if e is not a well-formed 148/0 extension
     */
    static std::optional<MobileNetworkRequestExtension> FromExtension(const MipExtension& e);
    /// \return the raw extension
    MipExtension ToExtension() const;

    /**
     * \param msg a message (normally a Registration Request)
     * \return every Mobile Network Request it carries, in wire order
     */
    static std::vector<MobileNetworkRequestExtension> FindAll(const MipMessage& msg);

    /// \param os destination ("MobileNetworkRequest 10.1.0.0/16")
    void Print(std::ostream& os) const;

    /// \param o other \return true if every field is equal
    bool operator==(const MobileNetworkRequestExtension& o) const;

  private:
    Ipv4Address m_prefix{Ipv4Address::GetAny()}; //!< Prefix
    uint8_t m_prefixLength{0};                   //!< Prefix Length
};

/**
 * \param os output stream \param e extension
 * \return os
 */
std::ostream& operator<<(std::ostream& os, const MobileNetworkRequestExtension& e);

/**
 * \ingroup haaro
 * \brief Mobile Network Acknowledgement Extension (RFC 5177 section 4.2): type 148,
 * sub-type 1 (explicit mode) or 2 (implicit mode), short format, in a Registration Reply.
 *
 * \verbatim
     0                   1                   2                   3
     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |  Type = 148   |  Length = 8   | Sub-Type 1/2  |     Code      |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    | Prefix Length |   Reserved    |            Prefix ...         |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |       ... Prefix (cont.)      |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 *
 * Any Code and Prefix Length value is well-formed (codes other than 0-3 are simply not
 * named); Reserved is sent as 0 and kept as received so that a received extension
 * serializes back unchanged. Only a wrong Length makes the extension malformed.
 */
class MobileNetworkAckExtension
{
  public:
    static constexpr uint8_t TYPE = 148;           //!< extension type (skippable)
    static constexpr uint8_t SUBTYPE_EXPLICIT = 1; //!< Explicit Mode Acknowledgement
    static constexpr uint8_t SUBTYPE_IMPLICIT = 2; //!< Implicit Mode Acknowledgement
    static constexpr size_t DATA_SIZE = 7;         //!< octets after Sub-Type
    static constexpr uint8_t LENGTH = 8;           //!< the Length octet (Sub-Type + data)

    MobileNetworkAckExtension() = default;

    /**
     * \param subtype SUBTYPE_EXPLICIT or SUBTYPE_IMPLICIT
     * \param code a MobileNetworkAckCode
     * \param prefix the prefix acknowledged
     * \param prefixLength its length (echoed as requested)
     */
    MobileNetworkAckExtension(uint8_t subtype,
                              uint8_t code,
                              Ipv4Address prefix,
                              uint8_t prefixLength);

    /// \return SUBTYPE_EXPLICIT or SUBTYPE_IMPLICIT
    uint8_t GetSubtype() const;
    /// \param subtype SUBTYPE_EXPLICIT or SUBTYPE_IMPLICIT (other values abort)
    void SetSubtype(uint8_t subtype);
    /// \return true for an explicit mode acknowledgement (sub-type 1)
    bool IsExplicitMode() const;
    /// \return the code (see MobileNetworkAckCode)
    uint8_t GetCode() const;
    /// \param code the code
    void SetCode(uint8_t code);
    /// \return the prefix length
    uint8_t GetPrefixLength() const;
    /// \param prefixLength the prefix length
    void SetPrefixLength(uint8_t prefixLength);
    /// \return the Reserved octet as received (0 when built locally)
    uint8_t GetReserved() const;
    /// \return the prefix
    Ipv4Address GetPrefix() const;
    /// \param prefix the prefix
    void SetPrefix(Ipv4Address prefix);
    /// \return true if the code is MOBNET_SUCCESS
    bool IsSuccess() const;

    /**
     * \param e raw extension
     * \return the typed extension, or nothing if e is not a well-formed 148/1 or 148/2
     */
    static std::optional<MobileNetworkAckExtension> FromExtension(const MipExtension& e);
    /// \return the raw extension
    MipExtension ToExtension() const;

    /**
     * \param msg a message (normally a Registration Reply)
     * \return every acknowledgement of either mode it carries, in wire order
     */
    static std::vector<MobileNetworkAckExtension> FindAll(const MipMessage& msg);

    /// \param os destination ("MobileNetworkAck explicit 10.1.0.0/16 success")
    void Print(std::ostream& os) const;

    /// \param o other \return true if every field is equal
    bool operator==(const MobileNetworkAckExtension& o) const;

  private:
    uint8_t m_subtype{SUBTYPE_EXPLICIT};         //!< Sub-Type
    uint8_t m_code{MOBNET_SUCCESS};              //!< Code
    uint8_t m_prefixLength{0};                   //!< Prefix Length
    uint8_t m_reserved{0};                       //!< Reserved, as received
    Ipv4Address m_prefix{Ipv4Address::GetAny()}; //!< Prefix
};

/**
 * \param os output stream \param e extension
 * \return os
 */
std::ostream& operator<<(std::ostream& os, const MobileNetworkAckExtension& e);

} // namespace ns3

#endif /* NEMO_EXTENSIONS_H */
