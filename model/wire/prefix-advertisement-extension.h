/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PREFIX_ADVERTISEMENT_EXTENSION_H
#define PREFIX_ADVERTISEMENT_EXTENSION_H

#include "mip-message.h"

#include "ns3/ipv4-address.h"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief One prefix an advertised Mobile Router owns, with its realm.
 */
struct AdvertisedPrefix
{
    Ipv4Address prefix{Ipv4Address::GetZero()}; //!< network prefix (bits beyond the length zero)
    uint8_t prefixLength{0};                    //!< 0-32
    std::string realm;                          //!< NAI-style realm; empty = no realm

    /// \param o other \return true if all fields are equal
    bool operator==(const AdvertisedPrefix& o) const;
    /// \param o other \return true if some field differs
    bool operator!=(const AdvertisedPrefix& o) const;
};

/**
 * \ingroup haaro
 * \brief One advertised Mobile Router: its home address, Info and the prefixes it owns.
 */
struct AdvertisedMobileRouter
{
    /// Info value: nothing special.
    static constexpr uint8_t INFO_NORMAL = 0;
    /// Info value: the Mobile Router accepts outbound connections only (it set O).
    static constexpr uint8_t INFO_OUTBOUND_ONLY = 1;
    /// Largest value the 6-bit Info field holds.
    static constexpr uint8_t INFO_MAX = 63;

    Ipv4Address homeAddress{Ipv4Address::GetZero()}; //!< Mobile Router HoA
    uint8_t info{INFO_NORMAL};                       //!< 6-bit Info (0 or 1 defined)
    std::vector<AdvertisedPrefix> prefixes;          //!< may be empty (HoA-only entry)

    /// \param o other \return true if all fields are equal
    bool operator==(const AdvertisedMobileRouter& o) const;
    /// \param o other \return true if some field differs
    bool operator!=(const AdvertisedMobileRouter& o) const;
};

/**
 * \ingroup haaro
 * \brief Why a Prefix Advertisement extension could not be read.
 */
enum class PrefixAdvertisementError : uint8_t
{
    NONE,                    //!< read completely
    WRONG_EXTENSION,         //!< not type 50, sub-type 1, long format
    TRUNCATED,               //!< a structure's HoA, prefix or delta octet is cut off
    FIRST_NOT_MOBILE_ROUTER, //!< the first structure has M=0
    BAD_PREFIX_LENGTH,       //!< M=0 with PLen 33-63
    DELTA_WITHOUT_MASTER,    //!< D=1 before any prefix was sent with D=0
    DELTA_TOO_SHORT,         //!< D=1 with PLen < 8 (our reading: rejected)
    REALM_MISSING_END_MARK,  //!< realm octets end before the 0x00 end mark
    REALM_LABEL_PAST_END,    //!< a realm label length runs past the end
    REALM_UNDEFINED_INDEX,   //!< a realm index names an undefined dictionary entry
    REALM_BAD_LABEL,         //!< a realm label contains '.' or 0x00
    REALM_TOO_LONG,          //!< a decoded realm exceeds 255 octets
};

/**
 * \param os output stream \param e error
 * \return os
 */
std::ostream& operator<<(std::ostream& os, PrefixAdvertisementError e);

/**
 * \ingroup haaro
 * \brief Encoder choices for a Prefix Advertisement extension.
 */
struct PrefixAdvertisementEncodeOptions
{
    bool prefixCompression{true}; //!< send prefixes with D=1 where that saves octets
    bool realmCompression{true};  //!< use realm dictionary references
    /**
     * Largest extension, in octets on the wire (4-octet header included). The encoder
     * stops before the first Mobile Router entry that would not fit entirely ("MAY stop
     * at some entry", RFC 6521 section 3.1.1). Without it the limit is what the 16-bit
     * Length allows.
     */
    std::optional<size_t> maxSize;
};

/**
 * \ingroup haaro
 * \brief What PrefixAdvertisementExtension::Encode produced.
 */
struct PrefixAdvertisementEncodeResult
{
    bool ok{false};            //!< false if the content cannot be encoded (see error)
    std::string error;         //!< why not (empty when ok)
    MipExtension extension;    //!< the raw extension (entries [0, entriesIncluded))
    size_t entriesIncluded{0}; //!< Mobile Router entries that fitted
};

struct PrefixAdvertisementDecodeResult;

/**
 * \ingroup haaro
 * \brief Route Optimization Prefix Advertisement Extension (RFC 6521 section 5.5), type
 * 50 (non-skippable), sub-type 1, long format; sent by the Home Agent in a Registration
 * Reply to a Mobile Router that set R, listing other Mobile Routers and their prefixes in
 * priority order.
 *
 * \verbatim
     0                   1                   2                   3
     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |  Type = 50    | Sub-Type = 1  |            Length             |
    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    |D|M| PLen/Info | then a sequence of such structures:
    +-+-+-+-+-+-+-+-+
     M=1: |0|1|  Info     |  Mobile Router Home Address (4 octets)
     M=0: |D|0|  PLen     |  Prefix (D=0: ceil(PLen/8) octets, D=1: 1 octet)
                             Realm (RealmCompressor encoding, ends with 0x00)
   \endverbatim
 *
 * Length counts the structures only, as for every long-format extension (RFC 5944;
 * reading A1 of the notes). Each M=1 structure starts a Mobile Router entry; the M=0
 * structures after it are that router's prefixes. The prefix master (PrefixDeltaCodec)
 * persists across entries of one extension; the realm dictionary is emptied at its start.
 *
 * Decoding rejects: a first structure with M=0, D=1 before any D=0 prefix or with
 * PLen < 8, PLen 33-63 with M=0, any truncated field, any realm RealmDecompressor
 * rejects. D is ignored when M=1; Info values other than 0 and 1 are kept as received;
 * bits beyond PLen of a D=0 prefix are masked off. An extension with no structure at all
 * is accepted as advertising nothing (our reading).
 */
class PrefixAdvertisementExtension
{
  public:
    static constexpr uint8_t TYPE = 50;         //!< Route Optimization Data (long format)
    static constexpr uint8_t SUBTYPE = 1;       //!< Prefix Advertisement
    static constexpr uint8_t FLAG_D = 0x80;     //!< delta-compressed prefix
    static constexpr uint8_t FLAG_M = 0x40;     //!< structure carries a Mobile Router HoA
    static constexpr uint8_t VALUE_MASK = 0x3f; //!< PLen / Info bits
    /// Octets of the long-format header.
    static constexpr size_t HEADER_SIZE = 4;
    /// Most data octets the 16-bit Length can count.
    static constexpr size_t MAX_DATA_SIZE = 0xffff;

    PrefixAdvertisementExtension() = default;

    /// \param entries Mobile Router entries, highest priority first
    explicit PrefixAdvertisementExtension(std::vector<AdvertisedMobileRouter> entries);

    /// \return the entries, in order
    const std::vector<AdvertisedMobileRouter>& GetEntries() const;
    /// \param entries Mobile Router entries, highest priority first
    void SetEntries(std::vector<AdvertisedMobileRouter> entries);
    /// \param entry entry appended (lowest priority so far)
    void AddEntry(const AdvertisedMobileRouter& entry);
    /**
     * \brief Appends a Mobile Router entry without prefixes.
     * \param homeAddress its HoA \param info its Info value
     */
    void AddMobileRouter(Ipv4Address homeAddress,
                         uint8_t info = AdvertisedMobileRouter::INFO_NORMAL);
    /**
     * \brief Appends a prefix to the last entry (which must exist); bits beyond plen are
     * cleared.
     * \param prefix prefix \param plen its length \param realm its realm
     */
    void AddPrefix(Ipv4Address prefix, uint8_t plen, const std::string& realm = "");
    /// \return number of Mobile Router entries
    size_t GetEntryCount() const;
    /// \return number of prefixes over all entries
    size_t GetPrefixCount() const;

    /**
     * \param options compression choices and size limit
     * \return the raw extension and how many entries it holds; not ok when an Info is
     * above 63, a prefix length above 32 or a realm not valid (RealmCodec::IsValidRealm)
     */
    PrefixAdvertisementEncodeResult Encode(
        const PrefixAdvertisementEncodeOptions& options = PrefixAdvertisementEncodeOptions()) const;

    /**
     * \brief Encodes every entry with both compressions on; aborts if the content is not
     * encodable or does not fit in one extension (use Encode() to handle that).
     * \return the raw extension
     */
    MipExtension ToExtension() const;

    /**
     * \param e raw extension
     * \return the decoded extension, or the reason it is not well-formed
     */
    static PrefixAdvertisementDecodeResult Decode(const MipExtension& e);

    /**
     * \brief Checks e as Decode() does, without building the decoded entries (the
     * well-formedness check of message parsing: the receiver then decodes the extension
     * once, issue 14).
     * \param e raw extension
     * \return NONE if Decode() would succeed, otherwise the error Decode() would report
     */
    static PrefixAdvertisementError Validate(const MipExtension& e);

    /**
     * \param e raw extension
     * \return the typed extension, or nothing if e is not a well-formed one
     */
    static std::optional<PrefixAdvertisementExtension> FromExtension(const MipExtension& e);

    /**
     * \param msg a message (normally a Registration Reply)
     * \return the first Prefix Advertisement extension in it, if any is well-formed
     */
    static std::optional<PrefixAdvertisementExtension> Find(const MipMessage& msg);

    /// \param os destination: one line listing every entry and prefix
    void Print(std::ostream& os) const;

    /// \param o other \return true if the entries are equal
    bool operator==(const PrefixAdvertisementExtension& o) const;
    /// \param o other \return true if the entries differ
    bool operator!=(const PrefixAdvertisementExtension& o) const;

  private:
    /**
     * \brief The decoder behind Decode() and Validate().
     * \param e raw extension
     * \param entries where to put the decoded entries (nullptr: only check)
     * \return the result, without the extension
     */
    static PrefixAdvertisementDecodeResult DecodeInto(const MipExtension& e,
                                                      std::vector<AdvertisedMobileRouter>* entries);

    std::vector<AdvertisedMobileRouter> m_entries; //!< highest priority first
};

/**
 * \ingroup haaro
 * \brief What PrefixAdvertisementExtension::Decode found.
 */
struct PrefixAdvertisementDecodeResult
{
    /// The decoded extension (when error is NONE).
    std::optional<PrefixAdvertisementExtension> extension;
    PrefixAdvertisementError error{PrefixAdvertisementError::NONE}; //!< why not
    size_t errorOffset{0}; //!< offset in the data of the structure that failed
};

/**
 * \param os output stream \param e extension
 * \return os
 */
std::ostream& operator<<(std::ostream& os, const PrefixAdvertisementExtension& e);

} // namespace ns3

#endif /* PREFIX_ADVERTISEMENT_EXTENSION_H */
