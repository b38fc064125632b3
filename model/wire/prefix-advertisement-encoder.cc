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
      m_limit(PrefixAdvertisementExtension::MAX_DATA_SIZE),
      m_realms(options.realmCompression)
{
    if (options.maxSize)
    {
        size_t header = PrefixAdvertisementExtension::HEADER_SIZE;
        m_limit = std::min(m_limit, *options.maxSize > header ? *options.maxSize - header : 0);
    }
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
    MipWireWriter w(m_data);
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
        m_realms.EncodeTo(p.realm, w); // checked above
    }
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

size_t
PrefixAdvertisementEncoder::GetEntryCount() const
{
    return m_entries;
}

MipExtension
PrefixAdvertisementEncoder::Finish()
{
    return MipExtension::Long(PrefixAdvertisementExtension::TYPE,
                              PrefixAdvertisementExtension::SUBTYPE,
                              std::move(m_data));
}

} // namespace ns3
