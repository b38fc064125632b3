/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PREFIX_ADVERTISEMENT_ENCODER_H
#define PREFIX_ADVERTISEMENT_ENCODER_H

#include "prefix-advertisement-extension.h"
#include "prefix-delta-codec.h"
#include "realm-codec.h"

#include <cstdint>
#include <optional>
#include <string>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Writes a Route Optimization Prefix Advertisement extension (RFC 6521 section
 * 5.5) one Mobile Router entry at a time, so that a sender stops at the first entry that
 * does not fit without making the entries that would follow (issue 14: the Home Agent's
 * cost per reply is the entries it sends, not the entries it has).
 *
 * The octets are those PrefixAdvertisementExtension::Encode() writes for the same entries
 * (Encode() uses it): the prefix master and the realm dictionary run across entries; an
 * entry that does not fit entirely is not written, and nothing is written after it.
 */
class PrefixAdvertisementEncoder
{
  public:
    /// What Add() did.
    enum class Status : uint8_t
    {
        ADDED,         //!< the entry is in the extension
        FULL,          //!< it does not fit: it and every later entry are left out
        NOT_ENCODABLE, //!< its content cannot be encoded (see Check()); nothing written
    };

    /// \param options compression choices and size limit
    explicit PrefixAdvertisementEncoder(const PrefixAdvertisementEncodeOptions& options);

    /**
     * \param options compression choices and size limit
     * \return the most data octets (header excluded) an extension with these options holds
     */
    static size_t GetDataLimit(const PrefixAdvertisementEncodeOptions& options);

    /**
     * \param entry a Mobile Router entry
     * \return why it cannot be encoded (Info above 63, a prefix length above 32, a realm
     * not valid), or nothing when it can
     */
    static std::optional<std::string> Check(const AdvertisedMobileRouter& entry);

    /// \param entry the next entry (lower priority than those added) \return what happened
    Status Add(const AdvertisedMobileRouter& entry);
    /**
     * \brief Writes an entry at the end of out with no size limit and advances the
     * compression state as Add() does: the octets are those Add() writes for it.
     * \param entry an entry that Check() accepts
     * \param out destination
     */
    void Append(const AdvertisedMobileRouter& entry, MipBytes& out);
    /**
     * \brief Drops the octets and entries written so far but keeps the compression state
     * (prefix master, realm dictionary): the entries added next are written as they would
     * be after those before, into at most dataLimit octets. A sender that saved the state
     * can so continue an extension from the middle (HaAdvertisementCache).
     * \param dataLimit most data octets from now on
     */
    void Rebase(size_t dataLimit);
    /**
     * \param other another encoder
     * \return true if both write every following entry alike: same compression choices,
     * prefix master and realm dictionary (the octets written so far do not matter)
     */
    bool HasSameState(const PrefixAdvertisementEncoder& other) const;
    /**
     * \brief HasSameState() for a known future: the realm dictionaries may differ in
     * strings that the entries to come never look up (RealmCompressor::IsEquivalentFor).
     * \param other another encoder
     * \param mayBeLookedUp true for a string that a realm of the entries to come may ask
     * the dictionary for (every string that begins with one of their labels, at least)
     * \return true if both write those entries alike
     */
    bool HasEquivalentState(const PrefixAdvertisementEncoder& other,
                            const std::function<bool(std::string_view)>& mayBeLookedUp) const;
    /// \return the entries added
    size_t GetEntryCount() const;
    /// \return the data octets written (header excluded)
    const MipBytes& GetData() const;
    /// \return the extension with the entries added so far (the encoder is then empty)
    MipExtension Finish();

  private:
    bool m_prefixCompression;    //!< send prefixes with D=1 where that saves octets
    size_t m_limit;              //!< most data octets
    PrefixDeltaCodec m_prefixes; //!< the prefix master
    RealmCompressor m_realms;    //!< the realm dictionary
    MipBytes m_data;             //!< the structures so far
    size_t m_entries{0};         //!< entries added
    bool m_full{false};          //!< an entry did not fit
};

} // namespace ns3

#endif /* PREFIX_ADVERTISEMENT_ENCODER_H */
