/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MIP_AUTH_EXTENSION_H
#define MIP_AUTH_EXTENSION_H

#include "mip-message.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Outcome of checking an authentication extension.
 */
enum class MipAuthResult : uint8_t
{
    OK,       //!< authenticator matches
    MISSING,  //!< no such extension in the message
    BAD_SPI,  //!< SPI is not the one of the security association
    MISMATCH, //!< authenticator does not match
};

/**
 * \ingroup haaro
 * \brief Mobile IPv4 authentication extensions (RFC 5944 section 3.5): Mobile-Home (type
 * 32), Mobile-Foreign (33) and Foreign-Home (34), all in the TLV format.
 *
 * \verbatim
     0                   1                   2                   3
     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |     Type      |     Length    |          SPI ....
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
           ... SPI (cont.)          |       Authenticator ...
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 *
 * The default algorithm is HMAC-MD5 (RFC 2104) with a 128-bit authenticator, computed
 * over the UDP payload up to and including this extension's Type, Length and SPI
 * (RFC 5944 section 3.5.1).
 */
class MipAuthExtension
{
  public:
    static constexpr uint8_t TYPE_MOBILE_HOME = 32;    //!< MN-HA
    static constexpr uint8_t TYPE_MOBILE_FOREIGN = 33; //!< MN-FA
    static constexpr uint8_t TYPE_FOREIGN_HOME = 34;   //!< FA-HA
    /// Octets of the extension that the authenticator covers (Type, Length, SPI).
    static constexpr size_t COVERED_HEADER = 6;
    /// SPIs 0-255 are reserved (RFC 5944 section 1.6).
    static constexpr uint32_t FIRST_USABLE_SPI = 256;

    MipAuthExtension() = default;

    /**
     * \param type 32, 33 or 34 \param spi Security Parameter Index
     * \param authenticator the authenticator octets
     */
    MipAuthExtension(uint8_t type, uint32_t spi, MipBytes authenticator);

    /// \return extension type
    uint8_t GetType() const;
    /// \return SPI
    uint32_t GetSpi() const;
    /// \return the authenticator octets
    const MipBytes& GetAuthenticator() const;

    /**
     * \param e raw extension
     * \return the typed extension, or nothing if e is not a well-formed one
     */
    static std::optional<MipAuthExtension> FromExtension(const MipExtension& e);
    /// \return the raw extension
    MipExtension ToExtension() const;

    /**
     * \brief Appends an authentication extension computed with HMAC-MD5 over the message
     * as it stands (so it must be the last extension the sender adds before sending).
     * \param msg message to sign
     * \param type 32 (Mobile-Home), 33 or 34
     * \param spi SPI of the security association
     * \param key the association's key
     */
    static void Append(MipMessage& msg, uint8_t type, uint32_t spi, const MipBytes& key);

    /**
     * \brief Checks the first extension of the given type with HMAC-MD5.
     * \param msg received message
     * \param type 32, 33 or 34
     * \param spi expected SPI
     * \param key the association's key
     * \return the outcome; the comparison takes constant time
     */
    static MipAuthResult Verify(const MipMessage& msg,
                                uint8_t type,
                                uint32_t spi,
                                const MipBytes& key);

    /**
     * \brief Verifies the first extension of the given type (the authorization-enabling
     * extension) and, when it verifies, removes every extension after it from msg
     * (MipMessage::KeepAuthenticatedExtensions, RFC 5944 section 3.5.2). The one way a
     * receive path authenticates a Registration Request or Reply: whatever it then finds in
     * msg was covered by the authenticator.
     * \param msg received message; trimmed to its authenticated extensions on OK
     * \param type 32, 33 or 34
     * \param spi expected SPI
     * \param key the association's key
     * \param unauthenticated if not null, receives the number of extensions removed
     * \return the outcome of Verify; msg is unchanged unless it is OK
     */
    static MipAuthResult Authenticate(MipMessage& msg,
                                      uint8_t type,
                                      uint32_t spi,
                                      const MipBytes& key,
                                      size_t* unauthenticated = nullptr);

    /**
     * \param msg message
     * \param type extension type
     * \return the first extension of that type, if any
     */
    static std::optional<MipAuthExtension> Find(const MipMessage& msg, uint8_t type);

    /// \param os destination for a one-line description
    void Print(std::ostream& os) const;

  private:
    uint8_t m_type{TYPE_MOBILE_HOME}; //!< 32, 33 or 34
    uint32_t m_spi{0};                //!< SPI
    MipBytes m_authenticator;         //!< authenticator octets
};

} // namespace ns3

#endif /* MIP_AUTH_EXTENSION_H */
