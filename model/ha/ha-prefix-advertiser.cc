/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ha-prefix-advertiser.h"

#include "ns3/log.h"
#include "ns3/prefix-advertisement-encoder.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HaPrefixAdvertiser");

void
HaPrefixAdvertiser::Permit(Ipv4Address homeAddress)
{
    // The first registration with A=1 fixes the router's place (RFC 6521 section 8.1
    // lists the routers in the order they registered).
    if (m_ranks.emplace(homeAddress.Get(), m_nextRank).second)
    {
        m_nextRank++;
    }
}

uint64_t
HaPrefixAdvertiser::RankOf(Ipv4Address homeAddress) const
{
    auto it = m_ranks.find(homeAddress.Get());
    return it == m_ranks.end() ? 0 : it->second;
}

void
HaPrefixAdvertiser::Invalidate(Ipv4Address homeAddress, uint64_t rank)
{
    if (m_cache)
    {
        m_cache->Invalidate(m_cacheOrder == HA_ADVERTISE_HOME_ADDRESS_ORDER ? homeAddress.Get()
                                                                            : rank);
    }
}

void
HaPrefixAdvertiser::Update(Ipv4Address homeAddress, std::optional<AdvertisedMobileRouter> entry)
{
    uint32_t key = homeAddress.Get();
    auto it = m_advertisable.find(key);
    if (!entry)
    {
        if (it != m_advertisable.end())
        {
            Invalidate(homeAddress, it->second.rank);
            m_byRank.erase(it->second.rank);
            m_byAddress.erase(key);
            m_advertisable.erase(it);
        }
        return;
    }
    Permit(homeAddress); // a router listed has a place in the order
    uint64_t rank = RankOf(homeAddress);
    if (it == m_advertisable.end())
    {
        it = m_advertisable.emplace(key, Advertisable{rank, std::move(*entry)}).first;
        m_byRank[rank] = &it->second.entry;
        m_byAddress[key] = &it->second.entry;
    }
    else if (it->second.entry != *entry)
    {
        it->second.entry = std::move(*entry); // same rank: Permit() keeps the first
    }
    else
    {
        return; // nothing changed: the kept advertisement stays
    }
    Invalidate(homeAddress, rank);
}

bool
HaPrefixAdvertiser::IsAdvertisable(Ipv4Address homeAddress) const
{
    return m_advertisable.count(homeAddress.Get()) > 0;
}

std::vector<Ipv4Address>
HaPrefixAdvertiser::GetAdvertisable(HaAdvertisementOrder order) const
{
    const HaAdvertisementCache::Order& byOrder =
        order == HA_ADVERTISE_HOME_ADDRESS_ORDER ? m_byAddress : m_byRank;
    std::vector<Ipv4Address> result;
    result.reserve(byOrder.size());
    for (const auto& [key, entry] : byOrder)
    {
        result.push_back(entry->homeAddress);
    }
    return result;
}

void
HaPrefixAdvertiser::Reset()
{
    m_cache.reset();
    m_byRank.clear();
    m_byAddress.clear();
    m_advertisable.clear();
    m_ranks.clear();
    m_nextRank = 1;
}

AdvertisedMobileRouter
HaPrefixAdvertiser::MakeEntry(Ipv4Address homeAddress,
                              bool outboundOnly,
                              const std::vector<MipPrefix>& prefixes,
                              const std::string& realm)
{
    AdvertisedMobileRouter entry;
    entry.homeAddress = homeAddress;
    entry.info = outboundOnly ? AdvertisedMobileRouter::INFO_OUTBOUND_ONLY
                              : AdvertisedMobileRouter::INFO_NORMAL;
    for (const MipPrefix& p : prefixes)
    {
        entry.prefixes.push_back({p.network, p.length, realm});
    }
    return entry;
}

size_t
HaPrefixAdvertiser::GetSizeLimit(size_t replySize, uint32_t maxSize)
{
    // The reply, the advertisement and the MN-HA authenticator (appended last) must fit in
    // one UDP datagram.
    size_t room = MAX_UDP_PAYLOAD - std::min<size_t>(MAX_UDP_PAYLOAD, replySize + AUTH_RESERVE);
    return std::min<size_t>(maxSize, room);
}

std::optional<HaAdvertisement>
HaPrefixAdvertiser::Encode(const std::vector<AdvertisedMobileRouter>& entries,
                           size_t dataLimit,
                           const HaAdvertisementOptions& options)
{
    PrefixAdvertisementEncodeOptions encodeOptions;
    encodeOptions.prefixCompression = options.prefixCompression;
    encodeOptions.realmCompression = options.realmCompression;
    PrefixAdvertisementEncoder encoder(encodeOptions);
    encoder.Rebase(dataLimit);
    HaAdvertisement result;
    for (const AdvertisedMobileRouter& entry : entries)
    {
        PrefixAdvertisementEncoder::Status status = encoder.Add(entry);
        if (status == PrefixAdvertisementEncoder::Status::NOT_ENCODABLE)
        {
            NS_LOG_WARN("Prefix Advertisement not encodable: "
                        << PrefixAdvertisementEncoder::Check(entry).value_or(""));
            return std::nullopt;
        }
        if (status == PrefixAdvertisementEncoder::Status::FULL)
        {
            break;
        }
        result.prefixes += entry.prefixes.size();
    }
    if (encoder.GetEntryCount() == 0)
    {
        return std::nullopt;
    }
    result.mobileRouters = static_cast<uint32_t>(encoder.GetEntryCount());
    result.extension = encoder.Finish();
    result.octets = static_cast<uint32_t>(result.extension.GetSerializedSize());
    return result;
}

std::optional<HaAdvertisement>
HaPrefixAdvertiser::Build(Ipv4Address requester,
                          std::optional<Ipv4Address> solicited,
                          size_t replySize,
                          const HaAdvertisementOptions& options)
{
    PrefixAdvertisementEncodeOptions limitOptions;
    limitOptions.maxSize = GetSizeLimit(replySize, options.maxSize);
    size_t dataLimit = PrefixAdvertisementEncoder::GetDataLimit(limitOptions);
    if (solicited)
    {
        // Our reading of S (unconfirmed, RFC 6521 is silent): only the solicited router.
        auto it = m_advertisable.find(solicited->Get());
        if (it == m_advertisable.end() || *solicited == requester)
        {
            return std::nullopt;
        }
        return Encode({it->second.entry}, dataLimit, options);
    }

    // The kept advertisement of this order and these compression choices, cut for this
    // requester: never the requester itself, then up to the first router that does not
    // fit (issue 14: the cost is not one encoding per router and reply).
    if (!m_cache || m_cacheOrder != options.order ||
        !m_cache->Uses(options.prefixCompression, options.realmCompression))
    {
        m_cache.emplace(options.prefixCompression, options.realmCompression);
        m_cacheOrder = options.order;
    }
    bool byAddress = options.order == HA_ADVERTISE_HOME_ADDRESS_ORDER;
    std::optional<uint64_t> skip;
    auto it = m_advertisable.find(requester.Get());
    if (it != m_advertisable.end())
    {
        skip = byAddress ? requester.Get() : it->second.rank;
    }
    HaAdvertisementCache::Cut cut =
        m_cache->Build(byAddress ? m_byAddress : m_byRank, skip, dataLimit);
    if (!cut.encodable)
    {
        NS_LOG_WARN("Prefix Advertisement for " << requester << " not encodable");
        return std::nullopt;
    }
    if (cut.entries == 0)
    {
        // "RRP, no networks known yet" (RFC 6521 section 8.1), or not even the first
        // router fits
        return std::nullopt;
    }
    HaAdvertisement result;
    result.mobileRouters = cut.entries;
    result.prefixes = cut.prefixes;
    result.extension = MipExtension::Long(PrefixAdvertisementExtension::TYPE,
                                          PrefixAdvertisementExtension::SUBTYPE,
                                          std::move(cut.data));
    result.octets = static_cast<uint32_t>(result.extension.GetSerializedSize());
    return result;
}

} // namespace ns3
