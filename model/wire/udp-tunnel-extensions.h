/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef UDP_TUNNEL_EXTENSIONS_H
#define UDP_TUNNEL_EXTENSIONS_H

#include "mip-message.h"

#include <optional>
#include <ostream>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief UDP Tunnel Request Extension (RFC 3519 section 3.1): type 144, sub-type 0, short
 * format, sent by a mobile node in a Registration Request to ask for IP-in-UDP tunnelling.
 *
 * \verbatim
     0                   1                   2                   3
     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |  Type = 144   |  Length = 6   | Sub-Type = 0  |  Reserved 1   |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |F|R| Reserved 2|     Encaps    |          Reserved 3           |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 *
 * F forces UDP tunnelling even when no NAT is detected; R says the mobile node has a
 * co-located care-of address but registers through a foreign agent. Encapsulation is the
 * IP protocol number of what follows the MIP Tunnel Data header (4 IP-in-IP, 47 GRE,
 * 55 minimal); 0 means "as the M and G flags of the request say".
 *
 * Reserved 1 and Reserved 2 are sent as 0 and ignored (kept as received). Reserved 3 MUST
 * be 0 on receipt, "otherwise the extension must be handled as not understood and silently
 * skipped" (RFC 3519 section 3.1; section 3.1.3 repeats it as a MUST). Type 144 is
 * skippable, so a request carrying such an extension is NOT rejected: the registered
 * validator only checks the Length (Length != 6 is malformed and rejects the message),
 * and FromExtension() returns nothing for a non-zero Reserved 3, i.e. the extension is "not
 * understood" and is skipped like any unknown skippable extension. This is the module's
 * one reading for every receiver (this parser, the Home Agent and a correspondent
 * router). Section 4.6.1 lists Registration Reply code 134 (poorly formed request) for
 * the same case as a SHOULD; a Home Agent asked to answer so (HomeAgent attribute
 * UdpReserved3Refused) detects it with HasNotUnderstood().
 */
class UdpTunnelRequestExtension
{
  public:
    static constexpr uint8_t TYPE = 144;   //!< extension type (skippable)
    static constexpr uint8_t SUBTYPE = 0;  //!< the only sub-type
    static constexpr size_t DATA_SIZE = 5; //!< octets after Sub-Type
    static constexpr uint8_t LENGTH = 6;   //!< the Length octet (Sub-Type + data)

    /// Encapsulation: derive it from the M and G flags of the Registration Request.
    static constexpr uint8_t ENCAP_FROM_FLAGS = 0;
    /// Encapsulation: IP-in-IP inside UDP (RFC 2003).
    static constexpr uint8_t ENCAP_IP_IN_IP = 4;
    /// Encapsulation: GRE inside UDP (RFC 2784).
    static constexpr uint8_t ENCAP_GRE = 47;
    /// Encapsulation: minimal encapsulation inside UDP (RFC 2004).
    static constexpr uint8_t ENCAP_MINIMAL = 55;

    UdpTunnelRequestExtension() = default;

    /**
     * \param force the F flag
     * \param encapsulation one of the ENCAP_ constants
     */
    UdpTunnelRequestExtension(bool force, uint8_t encapsulation);

    /// \return the F (force) flag
    bool GetForce() const;
    /// \param force the F (force) flag
    void SetForce(bool force);
    /// \return the R flag (co-located care-of address registered through an FA)
    bool GetRegisteredThroughFa() const;
    /// \param r the R flag
    void SetRegisteredThroughFa(bool r);
    /// \return the Encapsulation octet
    uint8_t GetEncapsulation() const;
    /// \param encapsulation one of the ENCAP_ constants
    void SetEncapsulation(uint8_t encapsulation);
    /// \return Reserved 1 as received (0 when built locally)
    uint8_t GetReserved1() const;
    /// \return the 6 bits of Reserved 2 as received (0 when built locally)
    uint8_t GetReserved2() const;

    /**
     * \param e raw extension
     * \return the typed extension; nothing if e is not a well-formed 144/0 extension or
     * if its Reserved 3 is not zero (the extension is then "not understood")
     */
    static std::optional<UdpTunnelRequestExtension> FromExtension(const MipExtension& e);
    /// \return the raw extension (Reserved 3 is always 0)
    MipExtension ToExtension() const;

    /**
     * \param msg a message (normally a Registration Request)
     * \return the first understood UDP Tunnel Request Extension it carries, if any
     */
    static std::optional<UdpTunnelRequestExtension> Find(const MipMessage& msg);

    /**
     * \param msg a message (normally a Registration Request)
     * \return true if it carries a 144/0 extension that FromExtension() does not
     * understand (non-zero Reserved 3)
     */
    static bool HasNotUnderstood(const MipMessage& msg);

    /// \param os destination
    void Print(std::ostream& os) const;

    /// \param o other \return true if every field is equal
    bool operator==(const UdpTunnelRequestExtension& o) const;

  private:
    uint8_t m_reserved1{0};                  //!< Reserved 1
    bool m_force{false};                     //!< F
    bool m_registeredThroughFa{false};       //!< R
    uint8_t m_reserved2{0};                  //!< Reserved 2 (6 bits)
    uint8_t m_encapsulation{ENCAP_IP_IN_IP}; //!< Encapsulation
};

/**
 * \param os output stream \param e extension
 * \return os
 */
std::ostream& operator<<(std::ostream& os, const UdpTunnelRequestExtension& e);

/**
 * \ingroup haaro
 * \brief UDP Tunnel Reply Extension (RFC 3519 section 3.2): type 44, sub-type 0, short
 * format, sent by the home agent in a Registration Reply to a UDP Tunnel Request.
 *
 * \verbatim
     0                   1                   2                   3
     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |   Type = 44   |  Length = 6   | Sub-Type = 0  |  Reply Code   |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |F|        Reserved             |     Keepalive Interval        |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 *
 * Reply Code 0-63 assents (0: will do tunnelling), 64-255 declines (64: declined, reason
 * unspecified). F says tunnelling is used because the request forced it. Keepalive
 * Interval is in seconds; 0 means "use the mobile node's configured default". Type 44 is
 * not skippable; a Length other than 6 is malformed and rejects the message. The 15
 * Reserved bits are sent as 0 and ignored on receipt (kept as received).
 */
class UdpTunnelReplyExtension
{
  public:
    static constexpr uint8_t TYPE = 44;    //!< extension type (not skippable)
    static constexpr uint8_t SUBTYPE = 0;  //!< the only sub-type
    static constexpr size_t DATA_SIZE = 5; //!< octets after Sub-Type
    static constexpr uint8_t LENGTH = 6;   //!< the Length octet (Sub-Type + data)

    static constexpr uint8_t ACCEPTED = 0;       //!< Reply Code: will do tunnelling
    static constexpr uint8_t DECLINED = 64;      //!< Reply Code: declined, unspecified
    static constexpr uint8_t FIRST_DECLINE = 64; //!< Reply Codes from here decline
    /// Keepalive Interval 0: the mobile node uses its configured default.
    static constexpr uint16_t KEEPALIVE_DEFAULT = 0;

    UdpTunnelReplyExtension() = default;

    /**
     * \param replyCode Reply Code
     * \param force the F flag
     * \param keepaliveInterval seconds, 0 = the mobile node's default
     */
    UdpTunnelReplyExtension(uint8_t replyCode, bool force, uint16_t keepaliveInterval);

    /// \return the Reply Code
    uint8_t GetReplyCode() const;
    /// \param code the Reply Code
    void SetReplyCode(uint8_t code);
    /// \return true for a Reply Code 0-63 (the home agent will tunnel)
    bool IsAssent() const;
    /// \return the F flag
    bool GetForce() const;
    /// \param force the F flag
    void SetForce(bool force);
    /// \return the Keepalive Interval in seconds
    uint16_t GetKeepaliveInterval() const;
    /// \param seconds the Keepalive Interval (0 = the mobile node's default)
    void SetKeepaliveInterval(uint16_t seconds);
    /// \return the 15 Reserved bits as received (0 when built locally)
    uint16_t GetReserved() const;

    /**
     * \param e raw extension
     * \return the typed extension, or nothing if e is not a well-formed 44/0 extension
     */
    static std::optional<UdpTunnelReplyExtension> FromExtension(const MipExtension& e);
    /// \return the raw extension
    MipExtension ToExtension() const;

    /**
     * \param msg a message (normally a Registration Reply)
     * \return the first UDP Tunnel Reply Extension it carries, if any
     */
    static std::optional<UdpTunnelReplyExtension> Find(const MipMessage& msg);

    /// \param os destination
    void Print(std::ostream& os) const;

    /// \param o other \return true if every field is equal
    bool operator==(const UdpTunnelReplyExtension& o) const;

  private:
    uint8_t m_replyCode{ACCEPTED};           //!< Reply Code
    bool m_force{false};                     //!< F
    uint16_t m_reserved{0};                  //!< Reserved (15 bits)
    uint16_t m_keepalive{KEEPALIVE_DEFAULT}; //!< Keepalive Interval
};

/**
 * \param os output stream \param e extension
 * \return os
 */
std::ostream& operator<<(std::ostream& os, const UdpTunnelReplyExtension& e);

} // namespace ns3

#endif /* UDP_TUNNEL_EXTENSIONS_H */
