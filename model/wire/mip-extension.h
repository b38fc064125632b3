/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MIP_EXTENSION_H
#define MIP_EXTENSION_H

#include "ns3/mip-wire.h"

#include <optional>
#include <ostream>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The four extension layouts of RFC 5944 sections 1.9-1.11.
 */
enum class MipExtensionFormat : uint8_t
{
    PAD,   //!< type 0: one octet, no Length and no data
    TLV,   //!< Type(8) Length(8) Data; Length counts the data
    SHORT, //!< Type(8) Length(8) Sub-Type(8) Data; Length = 1 + data octets
    LONG,  //!< Type(8) Sub-Type(8) Length(16) Data; Length counts the data
};

/**
 * \ingroup haaro
 * \brief Why a Mobile IP message or extension chain could not be read.
 */
enum class MipParseError : uint8_t
{
    NONE,                 //!< read completely
    TRUNCATED,            //!< a field or extension runs past the end of the message
    BAD_TYPE,             //!< the message type octet is not the one expected
    UNKNOWN_EXTENSION,    //!< unknown non-skippable extension (type 0-127): drop the message
    MALFORMED_EXTENSION,  //!< a known extension whose content is not well-formed
    MALFORMED_FIXED_PART, //!< the fixed part of the message is not well-formed
};

/**
 * \param os output stream \param e error
 * \return os
 */
std::ostream& operator<<(std::ostream& os, MipParseError e);

/**
 * \ingroup haaro
 * \brief One Mobile IP extension as it is on the wire: type, sub-type and data octets.
 *
 * "Data" is everything after the extension's header: after Length (TLV), after Sub-Type
 * (short format) or after the 16-bit Length (long format). The typed extension classes
 * (e.g. MobileNetworkRequestExtension) convert from and to this raw form, so a message
 * keeps the octets it was received with and serializes back to exactly them.
 */
struct MipExtension
{
    uint8_t type{0};                                    //!< extension type
    uint8_t subtype{0};                                 //!< sub-type (short and long format)
    MipExtensionFormat format{MipExtensionFormat::PAD}; //!< layout
    MipBytes data;                                      //!< octets after the header

    /// \return a type-0 padding octet
    static MipExtension Pad();
    /// \param type type \param data data \return a TLV extension
    static MipExtension Tlv(uint8_t type, MipBytes data);
    /// \param type type \param subtype sub-type \param data data \return a short-format one
    static MipExtension Short(uint8_t type, uint8_t subtype, MipBytes data);
    /// \param type type \param subtype sub-type \param data data \return a long-format one
    static MipExtension Long(uint8_t type, uint8_t subtype, MipBytes data);

    /// \return octets of header (Type, Length, Sub-Type as the format has them)
    size_t GetHeaderSize() const;
    /// \return octets on the wire
    size_t GetSerializedSize() const;
    /// \param w destination (aborts if the data is too long for the format's Length)
    void Serialize(MipWireWriter& w) const;
    /// \return true for types 128-255, which a receiver that does not know them skips
    bool IsSkippable() const;
    /// \return true if this is the given type and, for short/long formats, sub-type
    bool Is(uint8_t t, uint8_t st) const;

    /// \param o other \return true if identical
    bool operator==(const MipExtension& o) const;
};

/**
 * \param os output stream \param e extension
 * \return os
 */
std::ostream& operator<<(std::ostream& os, const MipExtension& e);

/**
 * \ingroup haaro
 * \brief Checks the content of a known (type, sub-type); registered by each typed extension.
 */
using MipExtensionValidator = bool (*)(const MipExtension&);

/**
 * \ingroup haaro
 * \brief Describes a known (type, sub-type) in one line; registered by each typed extension.
 */
using MipExtensionPrinter = void (*)(std::ostream&, const MipExtension&);

/**
 * \ingroup haaro
 * \brief A MipExtensionPrinter for any typed extension class T with FromExtension and Print.
 * \param os destination \param e the raw extension
 */
template <class T>
void
MipPrintExtension(std::ostream& os, const MipExtension& e)
{
    std::optional<T> typed = T::FromExtension(e);
    if (typed)
    {
        typed->Print(os);
    }
    else
    {
        os << "(not understood) ext " << unsigned(e.type) << "/" << unsigned(e.subtype);
    }
}

/**
 * \ingroup haaro
 * \brief What the parser knows about extension types: their format and content checks.
 *
 * Types it knows (RFC 5944, 5177, 3519, 6245, 6521) have a fixed format. A typed
 * extension class registers a validator for its (type, sub-type), so that a message
 * whose known extension is malformed is rejected as a whole.
 */
class MipExtensionRegistry
{
  public:
    /**
     * \param type extension type
     * \return its format, or nothing for a type this module does not know
     */
    static std::optional<MipExtensionFormat> GetFormat(uint8_t type);

    /**
     * \param type type \param subtype sub-type (ignored for TLV types)
     * \param validator content check
     * \param printer one-line description for Print() and ASCII traces (may be null)
     */
    static void Register(uint8_t type,
                         uint8_t subtype,
                         MipExtensionValidator validator,
                         MipExtensionPrinter printer = nullptr);

    /**
     * \param e extension
     * \return the validator for its (type, sub-type), or nullptr if none is registered
     */
    static MipExtensionValidator Find(const MipExtension& e);

    /**
     * \param e extension
     * \return the printer for its (type, sub-type), or nullptr if none is registered
     */
    static MipExtensionPrinter FindPrinter(const MipExtension& e);
};

/**
 * \ingroup haaro
 * \brief Registers a validator at library load time (one static object per typed class).
 */
struct MipExtensionRegistration
{
    /**
     * \param type type \param subtype sub-type \param validator content check
     * \param printer one-line description (may be null)
     */
    MipExtensionRegistration(uint8_t type,
                             uint8_t subtype,
                             MipExtensionValidator validator,
                             MipExtensionPrinter printer = nullptr);
};

/**
 * \ingroup haaro
 * \brief The ordered extensions that follow the fixed part of a Mobile IP message.
 *
 * Parsing follows RFC 5944 section 1.8: extensions run to the end of the message; an
 * unknown type 0-127 rejects the whole message, an unknown type 128-255 is kept (so the
 * octets still authenticate) but is not interpreted; type 0 is one octet of padding.
 */
class MipExtensionList
{
  public:
    /**
     * \brief Reads extensions until the reader is exhausted.
     * \param r reader positioned after the fixed part
     * \return NONE on success, otherwise why the chain is rejected
     */
    MipParseError Parse(MipWireReader& r);

    /// \param w destination
    void Serialize(MipWireWriter& w) const;
    /// \return octets on the wire
    size_t GetSerializedSize() const;

    /// \param e extension to append
    void Add(const MipExtension& e);
    /// Removes every extension.
    void Clear();
    /// \return the extensions in order
    const std::vector<MipExtension>& GetAll() const;
    /// \return number of extensions (padding included)
    size_t GetCount() const;
    /// \param i index \return the extension at i
    const MipExtension& Get(size_t i) const;
    /// \param i index \return the extension at i, mutable
    MipExtension& GetMutable(size_t i);

    /**
     * \param type type \param subtype sub-type (ignored for TLV types)
     * \param from first index to look at
     * \return index of the first match at or after from
     */
    std::optional<size_t> FindIndex(uint8_t type, uint8_t subtype, size_t from = 0) const;

    /**
     * \param type type \param subtype sub-type
     * \return every matching extension, in order
     */
    std::vector<const MipExtension*> FindAll(uint8_t type, uint8_t subtype) const;

    /// \param i index \return octets of all extensions before index i
    size_t GetOffsetOf(size_t i) const;

    /**
     * \brief Keeps the extensions at indices 0..last and removes every later one.
     * \param last index of the last extension to keep
     * \return number of extensions removed
     */
    size_t KeepThrough(size_t last);

  private:
    std::vector<MipExtension> m_extensions; //!< in wire order
};

} // namespace ns3

#endif /* MIP_EXTENSION_H */
