/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "prefix-advertisement-extension.h"

#include "prefix-advertisement-encoder.h"
#include "prefix-delta-codec.h"
#include "realm-codec.h"

#include "ns3/abort.h"

#include <algorithm>

namespace ns3
{

namespace
{

bool
IsWellFormed(const MipExtension& e)
{
    return PrefixAdvertisementExtension::Validate(e) == PrefixAdvertisementError::NONE;
}

const MipExtensionRegistration g_prefixAdvertisement(
    PrefixAdvertisementExtension::TYPE,
    PrefixAdvertisementExtension::SUBTYPE,
    &IsWellFormed,
    &MipPrintExtension<PrefixAdvertisementExtension>);

PrefixAdvertisementError
FromRealmError(RealmDecodeError e)
{
    switch (e)
    {
    case RealmDecodeError::MISSING_END_MARK:
        return PrefixAdvertisementError::REALM_MISSING_END_MARK;
    case RealmDecodeError::LABEL_PAST_END:
        return PrefixAdvertisementError::REALM_LABEL_PAST_END;
    case RealmDecodeError::UNDEFINED_INDEX:
        return PrefixAdvertisementError::REALM_UNDEFINED_INDEX;
    case RealmDecodeError::BAD_LABEL:
        return PrefixAdvertisementError::REALM_BAD_LABEL;
    case RealmDecodeError::TOO_LONG:
    case RealmDecodeError::NONE: // not reached: Decode() failed
        break;
    }
    return PrefixAdvertisementError::REALM_TOO_LONG;
}

} // namespace

bool
AdvertisedPrefix::operator==(const AdvertisedPrefix& o) const
{
    return prefix == o.prefix && prefixLength == o.prefixLength && realm == o.realm;
}

bool
AdvertisedPrefix::operator!=(const AdvertisedPrefix& o) const
{
    return !(*this == o);
}

bool
AdvertisedMobileRouter::operator==(const AdvertisedMobileRouter& o) const
{
    return homeAddress == o.homeAddress && info == o.info && prefixes == o.prefixes;
}

bool
AdvertisedMobileRouter::operator!=(const AdvertisedMobileRouter& o) const
{
    return !(*this == o);
}

std::ostream&
operator<<(std::ostream& os, PrefixAdvertisementError e)
{
    switch (e)
    {
    case PrefixAdvertisementError::NONE:
        return os << "none";
    case PrefixAdvertisementError::WRONG_EXTENSION:
        return os << "not a 50/1 long-format extension";
    case PrefixAdvertisementError::TRUNCATED:
        return os << "truncated structure";
    case PrefixAdvertisementError::FIRST_NOT_MOBILE_ROUTER:
        return os << "first structure is not a Mobile Router HoA";
    case PrefixAdvertisementError::BAD_PREFIX_LENGTH:
        return os << "prefix length above 32";
    case PrefixAdvertisementError::DELTA_WITHOUT_MASTER:
        return os << "delta prefix before any full prefix";
    case PrefixAdvertisementError::DELTA_TOO_SHORT:
        return os << "delta prefix shorter than 8 bits";
    case PrefixAdvertisementError::REALM_MISSING_END_MARK:
        return os << "realm without end mark";
    case PrefixAdvertisementError::REALM_LABEL_PAST_END:
        return os << "realm label runs past the end";
    case PrefixAdvertisementError::REALM_UNDEFINED_INDEX:
        return os << "realm index of an undefined entry";
    case PrefixAdvertisementError::REALM_BAD_LABEL:
        return os << "realm label containing '.' or 0x00";
    case PrefixAdvertisementError::REALM_TOO_LONG:
        return os << "realm longer than 255 octets";
    }
    return os << "unknown (" << static_cast<int>(e) << ")";
}

PrefixAdvertisementExtension::PrefixAdvertisementExtension(
    std::vector<AdvertisedMobileRouter> entries)
    : m_entries(std::move(entries))
{
}

const std::vector<AdvertisedMobileRouter>&
PrefixAdvertisementExtension::GetEntries() const
{
    return m_entries;
}

void
PrefixAdvertisementExtension::SetEntries(std::vector<AdvertisedMobileRouter> entries)
{
    m_entries = std::move(entries);
}

void
PrefixAdvertisementExtension::AddEntry(const AdvertisedMobileRouter& entry)
{
    m_entries.push_back(entry);
}

void
PrefixAdvertisementExtension::AddMobileRouter(Ipv4Address homeAddress, uint8_t info)
{
    AdvertisedMobileRouter entry;
    entry.homeAddress = homeAddress;
    entry.info = info;
    m_entries.push_back(entry);
}

void
PrefixAdvertisementExtension::AddPrefix(Ipv4Address prefix, uint8_t plen, const std::string& realm)
{
    NS_ABORT_MSG_IF(m_entries.empty(), "AddPrefix before any AddMobileRouter");
    m_entries.back().prefixes.push_back(
        AdvertisedPrefix{PrefixDeltaCodec::Truncate(prefix, plen), plen, realm});
}

size_t
PrefixAdvertisementExtension::GetEntryCount() const
{
    return m_entries.size();
}

size_t
PrefixAdvertisementExtension::GetPrefixCount() const
{
    size_t n = 0;
    for (const auto& entry : m_entries)
    {
        n += entry.prefixes.size();
    }
    return n;
}

PrefixAdvertisementEncodeResult
PrefixAdvertisementExtension::Encode(const PrefixAdvertisementEncodeOptions& options) const
{
    PrefixAdvertisementEncodeResult result;
    for (const auto& entry : m_entries)
    {
        if (std::optional<std::string> error = PrefixAdvertisementEncoder::Check(entry))
        {
            result.error = *error;
            return result;
        }
    }
    PrefixAdvertisementEncoder encoder(options);
    for (const auto& entry : m_entries)
    {
        if (encoder.Add(entry) != PrefixAdvertisementEncoder::Status::ADDED)
        {
            break;
        }
    }
    result.ok = true;
    result.entriesIncluded = encoder.GetEntryCount();
    result.extension = encoder.Finish();
    return result;
}

MipExtension
PrefixAdvertisementExtension::ToExtension() const
{
    PrefixAdvertisementEncodeResult result = Encode();
    NS_ABORT_MSG_UNLESS(result.ok, "Prefix Advertisement not encodable: " << result.error);
    NS_ABORT_MSG_UNLESS(result.entriesIncluded == m_entries.size(),
                        "Prefix Advertisement does not fit in one extension");
    return result.extension;
}

PrefixAdvertisementDecodeResult
PrefixAdvertisementExtension::Decode(const MipExtension& e)
{
    std::vector<AdvertisedMobileRouter> entries;
    PrefixAdvertisementDecodeResult result = DecodeInto(e, &entries);
    if (result.error == PrefixAdvertisementError::NONE)
    {
        result.extension = PrefixAdvertisementExtension(std::move(entries));
    }
    return result;
}

PrefixAdvertisementError
PrefixAdvertisementExtension::Validate(const MipExtension& e)
{
    return DecodeInto(e, nullptr).error;
}

PrefixAdvertisementDecodeResult
PrefixAdvertisementExtension::DecodeInto(const MipExtension& e,
                                         std::vector<AdvertisedMobileRouter>* entries)
{
    PrefixAdvertisementDecodeResult result;
    auto fail = [&result](PrefixAdvertisementError error, size_t offset) {
        result.error = error;
        result.errorOffset = offset;
        return result;
    };
    if (e.type != TYPE || e.subtype != SUBTYPE || e.format != MipExtensionFormat::LONG)
    {
        return fail(PrefixAdvertisementError::WRONG_EXTENSION, 0);
    }

    MipWireReader r(e.data);
    PrefixDeltaCodec prefixCodec;
    RealmDecompressor realms;
    bool haveRouter = false; // a Mobile Router structure came first
    while (r.GetRemaining() > 0)
    {
        size_t offset = r.GetOffset();
        uint8_t head = r.ReadU8();
        uint8_t value = head & VALUE_MASK;
        if (head & FLAG_M)
        {
            AdvertisedMobileRouter entry; // D is ignored when M=1
            entry.homeAddress = r.ReadIpv4();
            entry.info = value;
            if (!r.IsOk())
            {
                return fail(PrefixAdvertisementError::TRUNCATED, offset);
            }
            haveRouter = true;
            if (entries != nullptr)
            {
                entries->push_back(entry);
            }
            continue;
        }
        if (!haveRouter)
        {
            return fail(PrefixAdvertisementError::FIRST_NOT_MOBILE_ROUTER, offset);
        }
        if (value > PrefixDeltaCodec::MAX_PREFIX_LENGTH)
        {
            return fail(PrefixAdvertisementError::BAD_PREFIX_LENGTH, offset);
        }
        AdvertisedPrefix p;
        p.prefixLength = value;
        if (head & FLAG_D)
        {
            if (!prefixCodec.HasMaster())
            {
                return fail(PrefixAdvertisementError::DELTA_WITHOUT_MASTER, offset);
            }
            if (value < PrefixDeltaCodec::DELTA_BITS)
            {
                return fail(PrefixAdvertisementError::DELTA_TOO_SHORT, offset);
            }
            uint8_t delta = r.ReadU8();
            if (!r.IsOk())
            {
                return fail(PrefixAdvertisementError::TRUNCATED, offset);
            }
            std::optional<Ipv4Address> prefix = prefixCodec.DecodeDelta(delta, value);
            if (!prefix)
            {
                return fail(PrefixAdvertisementError::DELTA_TOO_SHORT, offset); // not reached
            }
            p.prefix = *prefix;
        }
        else
        {
            std::optional<Ipv4Address> prefix = PrefixDeltaCodec::ReadFull(r, value);
            if (!prefix)
            {
                return fail(PrefixAdvertisementError::TRUNCATED, offset);
            }
            p.prefix = *prefix;
            prefixCodec.SetMaster(*prefix);
        }
        std::optional<std::string> realm = realms.Decode(r);
        if (!realm)
        {
            return fail(FromRealmError(realms.GetError()), offset);
        }
        if (entries != nullptr)
        {
            p.realm = std::move(*realm);
            entries->back().prefixes.push_back(std::move(p));
        }
    }
    return result;
}

std::optional<PrefixAdvertisementExtension>
PrefixAdvertisementExtension::FromExtension(const MipExtension& e)
{
    return Decode(e).extension;
}

std::optional<PrefixAdvertisementExtension>
PrefixAdvertisementExtension::Find(const MipMessage& msg)
{
    std::optional<size_t> index = msg.GetExtensions().FindIndex(TYPE, SUBTYPE);
    if (!index)
    {
        return std::nullopt;
    }
    return FromExtension(msg.GetExtensions().Get(*index));
}

void
PrefixAdvertisementExtension::Print(std::ostream& os) const
{
    os << "PrefixAdvertisement(";
    for (size_t i = 0; i < m_entries.size(); ++i)
    {
        const AdvertisedMobileRouter& entry = m_entries[i];
        os << (i ? "; " : "") << "MR " << entry.homeAddress;
        if (entry.info == AdvertisedMobileRouter::INFO_OUTBOUND_ONLY)
        {
            os << " outbound-only";
        }
        else if (entry.info != AdvertisedMobileRouter::INFO_NORMAL)
        {
            os << " info=" << static_cast<int>(entry.info);
        }
        for (size_t j = 0; j < entry.prefixes.size(); ++j)
        {
            const AdvertisedPrefix& p = entry.prefixes[j];
            os << (j ? ", " : ": ") << p.prefix << "/" << static_cast<int>(p.prefixLength);
            if (!p.realm.empty())
            {
                os << " realm " << p.realm;
            }
        }
    }
    os << ")";
}

bool
PrefixAdvertisementExtension::operator==(const PrefixAdvertisementExtension& o) const
{
    return m_entries == o.m_entries;
}

bool
PrefixAdvertisementExtension::operator!=(const PrefixAdvertisementExtension& o) const
{
    return !(*this == o);
}

std::ostream&
operator<<(std::ostream& os, const PrefixAdvertisementExtension& e)
{
    e.Print(os);
    return os;
}

} // namespace ns3
