/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "prefix-advertisement-encoder.h"

#include <algorithm>

namespace ns3
{

PrefixAdvertisementEncoder::PrefixAdvertisementEncoder(
    const PrefixAdvertisementEncodeOptions& options)
    : m_prefixCompression(options.prefixCompression),
      m_limit(GetDataLimit(options)),
      m_realms(options.realmCompression)
{
}

size_t
PrefixAdvertisementEncoder::GetDataLimit(const PrefixAdvertisementEncodeOptions& options)
{
    size_t limit = PrefixAdvertisementExtension::MAX_DATA_SIZE;
    if (options.maxSize)
    {
        size_t header = PrefixAdvertisementExtension::HEADER_SIZE;
        limit = std::min(limit, *options.maxSize > header ? *options.maxSize - header : 0);
    }
    return limit;
}

std::optional<std::string>
PrefixAdvertisementEncoder::Check(const AdvertisedMobileRouter& entry)
{
    if (entry.info > AdvertisedMobileRouter::INFO_MAX)
    {
        return "Info above 63";
    }
    for (const auto& p : entry.prefixes)
    {
        if (p.prefixLength > PrefixDeltaCodec::MAX_PREFIX_LENGTH)
        {
            return "prefix length above 32";
        }
        if (!RealmCodec::IsValidRealm(p.realm))
        {
            return "realm not encodable: \"" + p.realm + "\"";
        }
    }
    return std::nullopt;
}

PrefixAdvertisementEncoder::Status
PrefixAdvertisementEncoder::Add(const AdvertisedMobileRouter& entry)
{
    if (m_full)
    {
        return Status::FULL;
    }
    if (Check(entry))
    {
        return Status::NOT_ENCODABLE;
    }
    size_t before = m_data.size();
    Append(entry, m_data);
    if (m_data.size() > m_limit)
    {
        // The codec states now reflect an entry not sent, but nothing follows.
        m_data.resize(before);
        m_full = true;
        return Status::FULL;
    }
    ++m_entries;
    return Status::ADDED;
}

void
PrefixAdvertisementEncoder::Append(const AdvertisedMobileRouter& entry, MipBytes& out)
{
    MipWireWriter w(out);
    w.WriteU8(PrefixAdvertisementExtension::FLAG_M | entry.info);
    w.WriteIpv4(entry.homeAddress);
    for (const auto& p : entry.prefixes)
    {
        Ipv4Address prefix = PrefixDeltaCodec::Truncate(p.prefix, p.prefixLength);
        // D=1 only where it saves octets: for /8 and shorter the full form is no longer
        // and also refreshes the master.
        if (m_prefixCompression && m_prefixes.CanDelta(prefix, p.prefixLength) &&
            PrefixDeltaCodec::GetFullOctets(p.prefixLength) > 1)
        {
            w.WriteU8(PrefixAdvertisementExtension::FLAG_D | p.prefixLength);
            w.WriteU8(PrefixDeltaCodec::EncodeDelta(prefix, p.prefixLength));
        }
        else
        {
            w.WriteU8(p.prefixLength);
            PrefixDeltaCodec::WriteFull(w, prefix, p.prefixLength);
            m_prefixes.SetMaster(prefix);
        }
        m_realms.EncodeTo(p.realm, w); // checked by the caller (Check())
    }
}

void
PrefixAdvertisementEncoder::Rebase(size_t dataLimit)
{
    m_data.clear();
    m_entries = 0;
    m_full = false;
    m_limit = dataLimit;
}

bool
PrefixAdvertisementEncoder::HasSameState(const PrefixAdvertisementEncoder& other) const
{
    return m_prefixCompression == other.m_prefixCompression &&
           m_prefixes.HasMaster() == other.m_prefixes.HasMaster() &&
           m_prefixes.GetMaster() == other.m_prefixes.GetMaster() && m_realms == other.m_realms;
}

bool
PrefixAdvertisementEncoder::HasEquivalentState(
    const PrefixAdvertisementEncoder& other,
    const std::function<bool(std::string_view)>& mayBeLookedUp) const
{
    return m_prefixCompression == other.m_prefixCompression &&
           m_prefixes.HasMaster() == other.m_prefixes.HasMaster() &&
           m_prefixes.GetMaster() == other.m_prefixes.GetMaster() &&
           m_realms.IsEquivalentFor(other.m_realms, mayBeLookedUp);
}

size_t
PrefixAdvertisementEncoder::GetEntryCount() const
{
    return m_entries;
}

const MipBytes&
PrefixAdvertisementEncoder::GetData() const
{
    return m_data;
}

MipExtension
PrefixAdvertisementEncoder::Finish()
{
    return MipExtension::Long(PrefixAdvertisementExtension::TYPE,
                              PrefixAdvertisementExtension::SUBTYPE,
                              std::move(m_data));
}

} // namespace ns3
