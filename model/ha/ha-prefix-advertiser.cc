/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ha-prefix-advertiser.h"

#include "ns3/log.h"

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
HaPrefixAdvertiser::Update(Ipv4Address homeAddress, bool advertisable)
{
    if (advertisable)
    {
        m_byRank[RankOf(homeAddress)] = homeAddress.Get();
        m_byAddress.insert(homeAddress.Get());
    }
    else if (m_byAddress.erase(homeAddress.Get()) > 0)
    {
        m_byRank.erase(RankOf(homeAddress));
    }
}

bool
HaPrefixAdvertiser::IsAdvertisable(Ipv4Address homeAddress) const
{
    return m_byAddress.count(homeAddress.Get()) > 0;
}

std::vector<Ipv4Address>
HaPrefixAdvertiser::GetAdvertisable(HaAdvertisementOrder order) const
{
    std::vector<Ipv4Address> result;
    result.reserve(m_byAddress.size());
    if (order == HA_ADVERTISE_HOME_ADDRESS_ORDER)
    {
        for (uint32_t a : m_byAddress)
        {
            result.emplace_back(a);
        }
    }
    else
    {
        for (const auto& [rank, a] : m_byRank)
        {
            result.emplace_back(a);
        }
    }
    return result;
}

void
HaPrefixAdvertiser::Reset()
{
    m_ranks.clear();
    m_byRank.clear();
    m_byAddress.clear();
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
HaPrefixAdvertiser::Build(Ipv4Address requester,
                          std::optional<Ipv4Address> solicited,
                          size_t replySize,
                          const HaAdvertisementOptions& options,
                          const EntryMaker& makeEntry) const
{
    size_t limit = GetSizeLimit(replySize, options.maxSize);

    // Collect entries in priority order, stopping once even the smallest encoding of the
    // next router (5 octets for M=1 + HoA, at least 2 per prefix) cannot fit: the cost is
    // O(routers advertised), never a scan of the binding table.
    std::vector<AdvertisedMobileRouter> entries;
    size_t lowerBound = PrefixAdvertisementExtension::HEADER_SIZE;
    auto add = [&](uint32_t address) {
        Ipv4Address a(address);
        if (a == requester)
        {
            return true; // never advertise a router to itself
        }
        AdvertisedMobileRouter entry = makeEntry(a);
        lowerBound += 5 + 2 * entry.prefixes.size();
        if (lowerBound > limit)
        {
            return false;
        }
        entries.push_back(std::move(entry));
        return true;
    };
    if (solicited)
    {
        // Our reading of S (unconfirmed, RFC 6521 is silent): only the solicited router.
        if (IsAdvertisable(*solicited))
        {
            add(solicited->Get());
        }
    }
    else if (options.order == HA_ADVERTISE_HOME_ADDRESS_ORDER)
    {
        for (uint32_t a : m_byAddress)
        {
            if (!add(a))
            {
                break;
            }
        }
    }
    else
    {
        for (const auto& [rank, a] : m_byRank)
        {
            if (!add(a))
            {
                break;
            }
        }
    }
    if (entries.empty())
    {
        return std::nullopt; // "RRP, no networks known yet" (RFC 6521 section 8.1)
    }

    PrefixAdvertisementExtension advertisement(std::move(entries));
    PrefixAdvertisementEncodeOptions encodeOptions;
    encodeOptions.prefixCompression = options.prefixCompression;
    encodeOptions.realmCompression = options.realmCompression;
    encodeOptions.maxSize = limit;
    PrefixAdvertisementEncodeResult encoded = advertisement.Encode(encodeOptions);
    if (!encoded.ok)
    {
        NS_LOG_WARN("Prefix Advertisement for " << requester
                                                << " not encodable: " << encoded.error);
        return std::nullopt;
    }
    if (encoded.entriesIncluded == 0)
    {
        return std::nullopt; // not even the first router fits
    }
    HaAdvertisement result;
    for (size_t i = 0; i < encoded.entriesIncluded; ++i)
    {
        result.prefixes += advertisement.GetEntries()[i].prefixes.size();
    }
    result.mobileRouters = static_cast<uint32_t>(encoded.entriesIncluded);
    result.octets = static_cast<uint32_t>(encoded.extension.GetSerializedSize());
    result.extension = std::move(encoded.extension);
    return result;
}

} // namespace ns3
