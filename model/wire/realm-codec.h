/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef REALM_CODEC_H
#define REALM_CODEC_H

#include "ns3/mip-wire.h"

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The dictionary of RFC 6521 section 4.2: at most 128 strings, addressed by a
 * 7-bit index.
 *
 * Strings are added in order to entries 0, 1, ..., 127; the 129th string wraps and
 * overwrites entry 0, the 130th entry 1, and so on (RFC 6521 section 4.2.2; draft -04's
 * "reset on overflow" is not used). Entries are never de-duplicated, so that the encoder
 * and the decoder, which add the same strings in the same order, always hold the same
 * table. It is emptied at the start of each Prefix Advertisement extension.
 *
 * An encoder's dictionary is indexed (the constructor's argument): Find() is then a
 * look-up in an ordered index of the distinct strings instead of a scan of the 128
 * entries (issue 14); a decoder's needs only Get().
 *
 * \verbatim
   index:  0     1        2     3                 4            ...  127
         +-----+---------+-----+-----------------+------------+-...-+
         | foo | example | com | foo.example.com | example.com | ... |
         +-----+---------+-----+-----------------+------------+-...-+
   \endverbatim
 */
class RealmDictionary
{
  public:
    /// Number of entries a 7-bit index can address.
    static constexpr size_t CAPACITY = 128;

    /// \param indexed keep an index of the strings for Find() (an encoder's dictionary)
    explicit RealmDictionary(bool indexed = false);

    /// Empties the dictionary; the next string goes to entry 0.
    void Clear();

    /**
     * \param s string to store
     * \return the index it was stored at (wrapping after entry 127)
     */
    uint8_t Add(std::string_view s);

    /**
     * \param s string to look for
     * \return the lowest index holding exactly s, if any
     */
    std::optional<uint8_t> Find(std::string_view s) const;

    /**
     * \param index an index
     * \return the entry, or nothing if it was not defined yet in this extension
     */
    std::optional<std::string> Get(uint8_t index) const;

    /// \return number of defined entries (at most CAPACITY)
    size_t GetSize() const;
    /// \return number of strings added since the last Clear() (wrapped ones included)
    size_t GetTotalAdded() const;

    /**
     * \param o another dictionary
     * \return true if both hold the same entries and add the next string at the same
     * place (so that an encoder writes every following realm alike with either)
     */
    bool operator==(const RealmDictionary& o) const;

    /**
     * \brief Equality for a known future (issue 14): the strings that differ are never
     * looked up again.
     * \param o another dictionary
     * \param mayBeLookedUp true for a string that a later Find() may ask for
     * \return true if both have as many entries, add the next string at the same index,
     * and every index where they differ holds, in both, a string mayBeLookedUp() rejects:
     * then every Find() of a string it accepts has the same answer in both, now and after
     * the same strings are added to both
     */
    bool IsEquivalentFor(const RealmDictionary& o,
                         const std::function<bool(std::string_view)>& mayBeLookedUp) const;

  private:
    /// The indices (bit i: entry i) holding one string.
    using IndexMask = std::array<uint64_t, 2>;

    std::vector<std::string> m_entries; //!< defined entries, index order
    size_t m_added{0};                  //!< strings added since Clear()
    bool m_indexed;                     //!< m_index is kept
    /// string -> the entries holding it (when m_indexed)
    std::map<std::string, IndexMask, std::less<>> m_index;
};

/**
 * \ingroup haaro
 * \brief Limits and label helpers shared by the realm encoder and decoder.
 *
 * A realm is a dot-separated domain name ("organization.example.com"); the empty string
 * is the empty realm. On the wire each token starts with one tag octet:
 *
 * \verbatim
    0 1 2 3 4 5 6 7
   +-+-+-+-+-+-+-+-+------------------+
   |0|   LENGTH    |  LENGTH octets   |   literal label, LENGTH 1-127
   +-+-+-+-+-+-+-+-+------------------+
   |1|    INDEX    |                      dictionary entry INDEX (one or more labels)
   +-+-+-+-+-+-+-+-+
   |0 0 0 0 0 0 0 0|                      end mark: the realm ends here
   +-+-+-+-+-+-+-+-+
   \endverbatim
 */
class RealmCodec
{
  public:
    /// Longest realm, in octets (dots included), that we encode or accept.
    static constexpr size_t MAX_REALM_LENGTH = 255;
    /// Longest label a literal tag can carry.
    static constexpr size_t MAX_LABEL_LENGTH = 127;
    /// The end mark octet.
    static constexpr uint8_t END_MARK = 0x00;
    /// Tag bit of an index token.
    static constexpr uint8_t INDEX_FLAG = 0x80;

    /**
     * \param realm a realm
     * \return true if it is empty, or at most 255 octets of non-empty labels of at most
     * 127 octets each, separated by single dots and free of 0x00 octets
     */
    static bool IsValidRealm(std::string_view realm);

    /**
     * \param realm a realm (the empty realm has no labels)
     * \return its labels, in order
     */
    static std::vector<std::string> SplitLabels(const std::string& realm);

    /**
     * \param labels labels \param from first label \param to one past the last label
     * \return labels[from, to) joined with dots
     */
    static std::string JoinLabels(const std::vector<std::string>& labels, size_t from, size_t to);

    /**
     * \param labels the "longest non-matching string" of a realm just finished
     * \param dictionary where every suffix of at least two labels is added, longest first
     */
    static void AddSuffixes(const std::vector<std::string>& labels, RealmDictionary& dictionary);
};

/**
 * \ingroup haaro
 * \brief Encodes realms one after another, sharing one dictionary (RFC 6521 section 4.2.2).
 *
 * For each realm: look up the longest run of leading labels that is a dictionary entry;
 * if there is one, emit 0x80|index and clear the "longest non-matching string" (lnms);
 * otherwise emit the first label literally, add it to the dictionary and append it to
 * lnms. Repeat until no label is left, emit the end mark, then add every suffix of lnms
 * with at least two labels, longest first.
 *
 * \verbatim
   foo.example.com      -> 03 'foo' 07 'example' 03 'com' 00
   bar.foo.example.com  -> 03 'bar' 83 00
   buz.foo.example.org  -> 03 'buz' 80 81 03 'org' 00
   example.com          -> 84 00
   bar.example.com.org  -> 85 84 87 00
   \endverbatim
 *
 * Compression is optional for the sender (RFC 6521 section 4.2.1): without it every label
 * is sent literally. The dictionary is still updated, so the object is always in the
 * state a receiver is in.
 */
class RealmCompressor
{
  public:
    /// \param compress false to send every label literally
    explicit RealmCompressor(bool compress = true);

    /// \param compress false to send every label literally
    void SetCompression(bool compress);
    /// \return true if dictionary references are used
    bool GetCompression() const;
    /// Empties the dictionary (start of an extension).
    void Reset();

    /**
     * \brief Encodes one realm, end mark included.
     * \param realm the realm
     * \return its octets, or nothing (state unchanged) if RealmCodec::IsValidRealm() is false
     */
    std::optional<MipBytes> Encode(const std::string& realm);
    /**
     * \brief Encodes one realm, end mark included, at the end of a writer's octets.
     * \param realm the realm \param w destination
     * \return false (nothing written, state unchanged) if RealmCodec::IsValidRealm() is false
     */
    bool EncodeTo(std::string_view realm, MipWireWriter& w);

    /// \return the dictionary as a receiver would have it now
    const RealmDictionary& GetDictionary() const;

    /**
     * \param o another compressor
     * \return true if both encode every following realm alike (same compression choice
     * and dictionary)
     */
    bool operator==(const RealmCompressor& o) const;

    /**
     * \param o another compressor
     * \param mayBeLookedUp true for a string that a later realm may ask the dictionary for
     * \return true if both encode alike every following realm whose look-ups are all
     * accepted by mayBeLookedUp (same compression choice, RealmDictionary::IsEquivalentFor)
     */
    bool IsEquivalentFor(const RealmCompressor& o,
                         const std::function<bool(std::string_view)>& mayBeLookedUp) const;

  private:
    RealmDictionary m_dictionary;           //!< shared by every realm of the extension
    bool m_compress;                        //!< use index tokens
    std::vector<std::string_view> m_labels; //!< scratch: the labels of the realm encoded
};

/**
 * \ingroup haaro
 * \brief Why a realm could not be decoded.
 */
enum class RealmDecodeError : uint8_t
{
    NONE,             //!< decoded
    MISSING_END_MARK, //!< the octets ended before the 0x00 end mark
    LABEL_PAST_END,   //!< a label length runs past the end of the octets
    UNDEFINED_INDEX,  //!< an index names an entry not defined yet in this extension
    BAD_LABEL,        //!< a label is empty or contains '.' or 0x00
    TOO_LONG,         //!< the decoded realm would exceed 255 octets
};

/**
 * \param os output stream \param e error
 * \return os
 */
std::ostream& operator<<(std::ostream& os, RealmDecodeError e);

/**
 * \ingroup haaro
 * \brief Decodes realms one after another, replaying exactly the dictionary updates of
 * RealmCompressor (RFC 6521 section 4.2; the receiver MUST be able to decode).
 *
 * Every token consumes at least one octet and an index expands to one stored string (no
 * recursion), so decoding always terminates, in time linear in the input.
 * After a failure the dictionary is in an unspecified state: the caller rejects the whole
 * extension.
 */
class RealmDecompressor
{
  public:
    /// Empties the dictionary (start of an extension).
    void Reset();

    /**
     * \param r reader positioned at the first tag octet of a realm
     * \return the realm (labels joined with '.'), or nothing (see GetError())
     */
    std::optional<std::string> Decode(MipWireReader& r);

    /// \return why the last Decode() failed (NONE after success)
    RealmDecodeError GetError() const;
    /// \return the dictionary
    const RealmDictionary& GetDictionary() const;

  private:
    /**
     * \param e error to record
     * \return nothing
     */
    std::optional<std::string> Fail(RealmDecodeError e);

    RealmDictionary m_dictionary;                     //!< mirror of the sender's
    RealmDecodeError m_error{RealmDecodeError::NONE}; //!< result of the last Decode()
};

} // namespace ns3

#endif /* REALM_CODEC_H */
