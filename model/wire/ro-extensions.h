/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef RO_EXTENSIONS_H
#define RO_EXTENSIONS_H

#include "mip-message.h"

#include "ns3/ipv4-address.h"

#include <optional>
#include <ostream>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Mobile Router Route Optimization Capability Extension (RFC 6521 section 5.1),
 * type 153 (skippable), sub-type 1, short format; sent by a Mobile Router to its Home
 * Agent in a Registration Request.
 *
 * \verbatim
     0                   1                   2                   3
     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |  Type = 153   |    Length     |  Sub-Type = 1 |A|R|S|O| Rsvd  |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |       Optional Mobile Router Home Address (only when S = 1)   |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 *
 * Length is 2 without and 6 with the optional address (RFC 5944 short-format rule:
 * Length counts the Sub-Type and the data). The four Reserved bits are sent as zero and
 * ignored on receipt (FromExtension drops them).
 *
 * Strict reading (ours; the RFC only says the address is present "if S is set"): an
 * extension is well-formed only if it carries the address exactly when S = 1, i.e. Length
 * 2 with S = 0 or Length 6 with S = 1. Anything else is malformed; since type 153 is
 * skippable an HA that does not know it would skip it, but this module rejects the
 * Registration Request that carries a malformed one (MipParseError::MALFORMED_EXTENSION).
 *
 * The S flag is not set on its own: it follows SetSolicitedHomeAddress() and
 * ClearSolicitation(), so the class can never produce a malformed extension.
 */
class RoCapabilityExtension
{
  public:
    static constexpr uint8_t TYPE = 153;        //!< extension type (skippable)
    static constexpr uint8_t SUBTYPE = 1;       //!< sub-type
    static constexpr uint8_t FLAGS_MASK = 0xf0; //!< the A, R, S and O bits of the flag octet

    /**
     * \brief Flag bits of the first data octet.
     */
    enum Flag : uint8_t
    {
        FLAG_A = 0x80, //!< advertise my networks to other MRs; I accept RO registrations
        FLAG_R = 0x40, //!< request mobile network information (Prefix Advertisement)
        FLAG_S = 0x20, //!< solicit the prefixes of the MR named by the optional HoA
        FLAG_O = 0x10, //!< outbound connections only (behind NAT / stateful firewall)
    };

    RoCapabilityExtension() = default;

    /**
     * \brief Sets or clears one flag.
     *
     * FLAG_S cannot be set here (use SetSolicitedHomeAddress(), which sets it together with
     * the address it needs); clearing FLAG_S is the same as ClearSolicitation().
     * \param flag one of Flag \param on set or clear
     */
    void SetFlag(Flag flag, bool on);
    /// \param flag one of Flag \return true if set
    bool GetFlag(Flag flag) const;
    /// \return the flag octet as it goes on the wire (Reserved bits zero)
    uint8_t GetFlags() const;

    /**
     * \brief Solicits the prefixes of one Mobile Router: sets S and the optional HoA.
     * \param homeAddress HoA of the Mobile Router whose prefixes are solicited
     */
    void SetSolicitedHomeAddress(Ipv4Address homeAddress);
    /// \brief Clears S and removes the optional HoA.
    void ClearSolicitation();
    /// \return the solicited Mobile Router HoA, present iff S is set
    std::optional<Ipv4Address> GetSolicitedHomeAddress() const;

    /**
     * \param e raw extension
     * \return the typed extension, or nothing if e is not a well-formed 153/1 extension
     */
    static std::optional<RoCapabilityExtension> FromExtension(const MipExtension& e);
    /// \return the raw extension
    MipExtension ToExtension() const;

    /**
     * \param msg message
     * \return the first 153/1 extension of msg, if any
     */
    static std::optional<RoCapabilityExtension> Find(const MipMessage& msg);

    /// \param os destination
    void Print(std::ostream& os) const;

  private:
    uint8_t m_flags{0};                     //!< A, R and O (S is m_solicited.has_value())
    std::optional<Ipv4Address> m_solicited; //!< optional Mobile Router HoA
};

/**
 * \param os output stream \param e extension
 * \return os
 */
std::ostream& operator<<(std::ostream& os, const RoCapabilityExtension& e);

/**
 * \ingroup haaro
 * \brief Route Optimization Reply extension (RFC 6521 section 5.2), type 49 (not
 * skippable), sub-type 1, short format; sent by the Home Agent in the Registration Reply
 * to a Mobile Router that sent the RoCapabilityExtension.
 *
 * \verbatim
     0                   1                   2                   3
     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |   Type = 49   |  Length = 2   |  Sub-Type = 1 |O|N|S|  Code   |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 *
 * O echoes the Mobile Router's O flag, N says the HA saw a NAT, S says this reply answers
 * a solicitation. Code 0-15 means the HA will do route optimization, 16 and above that it
 * declines. RFC 6521 gives the decline range as 16-63, but draws Code as 5 bits (ambiguity
 * A2), so only 0-31 can be sent; SetCode() refuses larger values. Only 0 and 16 are
 * defined. A well-formed extension has exactly one data octet (Length 2).
 */
class RoReplyExtension
{
  public:
    static constexpr uint8_t TYPE = 49;        //!< extension type (not skippable)
    static constexpr uint8_t SUBTYPE = 1;      //!< sub-type
    static constexpr uint8_t CODE_MASK = 0x1f; //!< the 5-bit Code field
    /// Code: the Home Agent will do route optimization.
    static constexpr uint8_t CODE_ROUTE_OPTIMIZATION = 0;
    /// Code: declined, reason unspecified.
    static constexpr uint8_t CODE_DECLINED_UNSPECIFIED = 16;
    /// Codes from this value on decline route optimization.
    static constexpr uint8_t FIRST_DECLINE_CODE = 16;
    /// Largest code that fits the 5-bit field (ambiguity A2).
    static constexpr uint8_t MAX_CODE = 31;

    /**
     * \brief Flag bits of the data octet.
     */
    enum Flag : uint8_t
    {
        FLAG_O = 0x80, //!< echo of the Mobile Router's O (outbound only) flag
        FLAG_N = 0x40, //!< the HA detected a NAT between itself and the Mobile Router
        FLAG_S = 0x20, //!< this reply answers a solicitation (the request had S set)
    };

    RoReplyExtension() = default;

    /// \param flag one of Flag \param on set or clear
    void SetFlag(Flag flag, bool on);
    /// \param flag one of Flag \return true if set
    bool GetFlag(Flag flag) const;
    /// \param code 0-31 (aborts on a larger value, which the field cannot hold)
    void SetCode(uint8_t code);
    /// \return the 5-bit code
    uint8_t GetCode() const;
    /// \return true if the code says the HA will do route optimization (0-15)
    bool IsAccepted() const;

    /**
     * \param e raw extension
     * \return the typed extension, or nothing if e is not a well-formed 49/1 extension
     */
    static std::optional<RoReplyExtension> FromExtension(const MipExtension& e);
    /// \return the raw extension
    MipExtension ToExtension() const;

    /**
     * \param msg message
     * \return the first 49/1 extension of msg, if any
     */
    static std::optional<RoReplyExtension> Find(const MipMessage& msg);

    /// \param os destination
    void Print(std::ostream& os) const;

  private:
    uint8_t m_flags{0}; //!< O, N and S bits
    uint8_t m_code{0};  //!< 5-bit code
};

/**
 * \param os output stream \param e extension
 * \return os
 */
std::ostream& operator<<(std::ostream& os, const RoReplyExtension& e);

/**
 * \ingroup haaro
 * \brief Outcome of checking a Mobile-Correspondent Authentication Extension.
 */
enum class McAuthResult : uint8_t
{
    OK,       //!< authenticator matches
    MISSING,  //!< the message carries no (well-formed) 49/2 extension
    MISMATCH, //!< authenticator does not match (wrong KRm, altered octets, other length)
};

/**
 * \param os output stream \param r result
 * \return os
 */
std::ostream& operator<<(std::ostream& os, McAuthResult r);

/**
 * \ingroup haaro
 * \brief Mobile-Correspondent Authentication Extension (RFC 6521 section 5.3), type 49,
 * sub-type 2, short format; authenticates Registration Requests and Replies between a
 * Mobile Router and a Correspondent Router.
 *
 * \verbatim
     0                   1                   2                   3
     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |   Type = 49   |    Length     |  Sub-Type = 2 |   Reserved    |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |       Home Nonce Index        |     Care-of Nonce Index       |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |                 Authenticator (default 128 bits) ...
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 *
 * Length is 22 with the default 16-octet authenticator. Its presence marks a
 * Registration Request as directed to a Correspondent Router rather than to the Home
 * Agent (IsCorrespondentRegistration()). The nonce indices name the CR nonces that built
 * the home and care-of keygen tokens (0 when KRm is provisioned statically; the care-of
 * index is ignored in de-registrations).
 *
 * Authenticator = First(128, HMAC_SHA1(KRm, protected data)), where the protected data is
 * the message's fixed part, every extension before this one, and the 8 contiguous octets
 * Type, Length, Sub-Type, Reserved, Home Nonce Index, Care-of Nonce Index of this
 * extension (our reading A3: the RFC lists Type, Length and the indices only, but the
 * Sub-Type and Reserved octets sit between them). Reserved is sent as zero and ignored on
 * receipt, but, being covered, must arrive unchanged for the check to pass.
 *
 * A well-formed extension has at least the Reserved octet and both indices (5 data
 * octets); the authenticator length is not checked when parsing (as for RFC 5944
 * authentication extensions), but Verify() only accepts a 16-octet one.
 */
class McAuthExtension
{
  public:
    static constexpr uint8_t TYPE = 49;   //!< extension type (not skippable)
    static constexpr uint8_t SUBTYPE = 2; //!< sub-type
    /// Octets of the extension the authenticator covers (Type ... Care-of Nonce Index).
    static constexpr size_t COVERED_HEADER = 8;
    /// Data octets before the authenticator (Reserved and both indices).
    static constexpr size_t FIXED_DATA_SIZE = 5;
    /// Octets of the default authenticator, First(128 bits, HMAC-SHA1).
    static constexpr size_t AUTHENTICATOR_SIZE = 16;

    McAuthExtension() = default;

    /**
     * \param homeNonceIndex Home Nonce Index
     * \param careOfNonceIndex Care-of Nonce Index
     * \param authenticator the authenticator octets
     */
    McAuthExtension(uint16_t homeNonceIndex, uint16_t careOfNonceIndex, MipBytes authenticator);

    /// \return Home Nonce Index
    uint16_t GetHomeNonceIndex() const;
    /// \return Care-of Nonce Index
    uint16_t GetCareOfNonceIndex() const;
    /// \return the authenticator octets
    const MipBytes& GetAuthenticator() const;

    /**
     * \param e raw extension
     * \return the typed extension, or nothing if e is not a well-formed 49/2 extension
     */
    static std::optional<McAuthExtension> FromExtension(const MipExtension& e);
    /// \return the raw extension (Reserved sent as zero)
    MipExtension ToExtension() const;

    /**
     * \param krm the Mobile Router - Correspondent Router key KRm
     * \param protectedData the octets the authenticator covers
     * \return First(128 bits, HMAC_SHA1(krm, protectedData))
     */
    static MipBytes ComputeAuthenticator(const MipBytes& krm, const MipBytes& protectedData);

    /**
     * \brief Appends a Mobile-Correspondent Authentication Extension computed over the
     * message as it stands (so it must be the last extension the sender adds).
     * \param msg message to sign
     * \param homeNonceIndex Home Nonce Index (0 when KRm is provisioned statically)
     * \param careOfNonceIndex Care-of Nonce Index (0 when KRm is provisioned statically)
     * \param krm the key KRm (ReturnRoutabilityKeys::RegistrationKey())
     */
    static void Append(MipMessage& msg,
                       uint16_t homeNonceIndex,
                       uint16_t careOfNonceIndex,
                       const MipBytes& krm);

    /**
     * \brief Checks the first 49/2 extension of a message. Extensions after it are not
     * covered; the caller decides what to do with them.
     * \param msg received message
     * \param krm the key KRm
     * \return the outcome; the comparison takes constant time
     */
    static McAuthResult Verify(const MipMessage& msg, const MipBytes& krm);

    /**
     * \brief Verifies the first 49/2 extension and, when it verifies, removes every
     * extension after it (MipMessage::KeepAuthenticatedExtensions; RFC 5944 section 3.5.2,
     * which RFC 6521 section 5.3 applies to the MC authenticator). The one way a
     * correspondent registration is authenticated: whatever the caller then finds in msg was
     * covered by the authenticator.
     * \param msg received message; trimmed to its authenticated extensions on OK
     * \param krm the key KRm
     * \param unauthenticated if not null, receives the number of extensions removed
     * \return the outcome of Verify; msg is unchanged unless it is OK
     */
    static McAuthResult Authenticate(MipMessage& msg,
                                     const MipBytes& krm,
                                     size_t* unauthenticated = nullptr);

    /**
     * \param msg message
     * \return the first 49/2 extension of msg, if any
     */
    static std::optional<McAuthExtension> Find(const MipMessage& msg);

    /**
     * \param msg message
     * \return index of the first 49/2 extension of msg, if any
     */
    static std::optional<size_t> FindIndex(const MipMessage& msg);

    /**
     * \param msg a Registration Request
     * \return true if it carries this extension, i.e. is directed to a Correspondent
     * Router rather than to the Home Agent
     */
    static bool IsCorrespondentRegistration(const MipMessage& msg);

    /// \param os destination
    void Print(std::ostream& os) const;

  private:
    uint16_t m_homeNonceIndex{0};   //!< Home Nonce Index
    uint16_t m_careOfNonceIndex{0}; //!< Care-of Nonce Index
    MipBytes m_authenticator;       //!< authenticator octets
};

/**
 * \param os output stream \param e extension
 * \return os
 */
std::ostream& operator<<(std::ostream& os, const McAuthExtension& e);

/**
 * \ingroup haaro
 * \brief Care-of Address Extension (RFC 6521 section 5.4), type 49, sub-type 3, short
 * format; a Correspondent Router lists in its Registration Reply the care-of addresses the
 * Mobile Router may use as far tunnel endpoint, highest priority first.
 *
 * \verbatim
     0                   1                   2                   3
     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |   Type = 49   |    Length     |  Sub-Type = 3 |   Reserved    |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |                      Care-of Address #1                       |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    ~                              ...                              ~
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |                      Care-of Address #n                       |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 *
 * Length = 2 + 4n under the RFC 5944 short-format rule (reading A1: RFC 6521 calls it
 * "total length"). A well-formed extension carries 1 + 4n data octets with n >= 1.
 * Reserved is sent as zero and ignored on receipt. At most MAX_ADDRESSES fit.
 */
class CareOfAddressExtension
{
  public:
    static constexpr uint8_t TYPE = 49;   //!< extension type (not skippable)
    static constexpr uint8_t SUBTYPE = 3; //!< sub-type
    /// Most addresses that fit: Length is one octet, (255 - 2) / 4.
    static constexpr size_t MAX_ADDRESSES = 63;

    CareOfAddressExtension() = default;

    /// \param addresses care-of addresses, highest priority first (1..MAX_ADDRESSES)
    explicit CareOfAddressExtension(std::vector<Ipv4Address> addresses);

    /// \param a care-of address appended with the lowest priority so far
    void AddCareOfAddress(Ipv4Address a);
    /// \return the care-of addresses, highest priority first
    const std::vector<Ipv4Address>& GetCareOfAddresses() const;

    /**
     * \param e raw extension
     * \return the typed extension, or nothing if e is not a well-formed 49/3 extension
     */
    static std::optional<CareOfAddressExtension> FromExtension(const MipExtension& e);
    /// \return the raw extension (aborts if there are no addresses or too many)
    MipExtension ToExtension() const;

    /**
     * \param msg message
     * \return the first 49/3 extension of msg, if any
     */
    static std::optional<CareOfAddressExtension> Find(const MipMessage& msg);

    /// \param os destination
    void Print(std::ostream& os) const;

  private:
    std::vector<Ipv4Address> m_addresses; //!< highest priority first
};

/**
 * \param os output stream \param e extension
 * \return os
 */
std::ostream& operator<<(std::ostream& os, const CareOfAddressExtension& e);

} // namespace ns3

#endif /* RO_EXTENSIONS_H */
