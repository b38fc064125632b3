/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MIP_MESSAGE_H
#define MIP_MESSAGE_H

#include "mip-extension.h"

#include "ns3/header.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Mobile IP message types carried in UDP/434 (RFC 5944, RFC 3519, RFC 6521).
 */
enum MipMessageType : uint8_t
{
    MIP_REGISTRATION_REQUEST = 1, //!< RFC 5944 section 3.3
    MIP_REGISTRATION_REPLY = 3,   //!< RFC 5944 section 3.4
    MIP_TUNNEL_DATA = 4,          //!< RFC 3519 section 3.3
    MIP_HOME_TEST_INIT = 24,      //!< HoTI, RFC 6521 section 5.6
    MIP_CARE_OF_TEST_INIT = 25,   //!< CoTI, RFC 6521 section 5.7
    MIP_HOME_TEST = 26,           //!< HoT, RFC 6521 section 5.8
    MIP_CARE_OF_TEST = 27,        //!< CoT, RFC 6521 section 5.9
};

/// The Mobile IP control port (RFC 5944 section 3.1).
constexpr uint16_t MIP_UDP_PORT = 434;

/**
 * \ingroup haaro
 * \brief A Mobile IP message with a fixed part followed by extensions (Registration
 * Request and Reply).
 *
 * The message is the whole UDP payload: Deserialize() reads to the end of the buffer it
 * is given and reports the octets consumed, or 0 (with GetParseError()) when the message
 * must be dropped. A received message serializes back to exactly the received octets, so
 * authenticators can be checked over the octets the RFC names (GetAuthenticatedData).
 */
class MipMessage : public Header
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();

    /// \return the extensions, in wire order
    const MipExtensionList& GetExtensions() const;
    /// \return the extensions, mutable
    MipExtensionList& GetExtensions();
    /// \param e extension to append
    void AddExtension(const MipExtension& e);

    /**
     * \brief The octets an authentication extension protects (RFC 5944 section 3.5.1,
     * RFC 6521 section 5.3): the fixed part, every extension before index, and the first
     * coveredHeader octets of the extension at index.
     * \param index index of the authentication extension
     * \param coveredHeader octets of that extension included (6 for Type, Length, SPI)
     * \return the protected octets
     */
    MipBytes GetAuthenticatedData(size_t index, size_t coveredHeader) const;

    /**
     * \brief Reduces the message to what the authenticator at index protects.
     *
     * RFC 5944 section 3.5.2: "The location of the authorization-enabling extension marks
     * the end of the data to be authenticated." Extensions after a verified authenticator
     * (MN-HA 32, MC 49/2) were not covered by it, so a receiver must not act on them.
     * MipAuthExtension::Authenticate and McAuthExtension::Authenticate call this after a
     * successful check; every receive path acts only on the message they return, so no
     * typed Find() can reach an unauthenticated extension.
     *
     * \param index index of the verified authentication extension (kept)
     * \return number of extensions removed (unauthenticated ones)
     */
    size_t KeepAuthenticatedExtensions(size_t index);

    /// \return the message as octets
    MipBytes ToBytes() const;
    /**
     * \param data octets \param size number of octets (the whole UDP payload)
     * \return octets consumed (size), or 0 if the message must be dropped
     */
    uint32_t FromBytes(const uint8_t* data, size_t size);
    /// \param bytes the whole UDP payload \return octets consumed, or 0
    uint32_t FromBytes(const MipBytes& bytes);
    /// \return why the last Deserialize failed (NONE after success)
    MipParseError GetParseError() const;

    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    uint32_t Deserialize(Buffer::Iterator start, Buffer::Iterator end) override;
    void Print(std::ostream& os) const override;

  protected:
    /// \return the message type octet this class reads and writes
    virtual uint8_t GetMessageType() const = 0;
    /// \return octets of the fixed part, type octet included
    virtual size_t GetFixedSize() const = 0;
    /// \param w destination, for the fixed part after the type octet
    virtual void SerializeFixed(MipWireWriter& w) const = 0;
    /// \param r reader after the type octet \return false if the fixed part is malformed
    virtual bool DeserializeFixed(MipWireReader& r) = 0;
    /// \param os destination for the fixed fields
    virtual void PrintFixed(std::ostream& os) const = 0;

  private:
    MipExtensionList m_extensions;                   //!< extensions in wire order
    MipParseError m_parseError{MipParseError::NONE}; //!< result of the last Deserialize
};

/**
 * \ingroup haaro
 * \brief Reads the type octet of a Mobile IP message.
 * \param bytes UDP payload
 * \return the type, or nothing if empty
 */
std::optional<uint8_t> MipPeekMessageType(const MipBytes& bytes);

} // namespace ns3

#endif /* MIP_MESSAGE_H */
