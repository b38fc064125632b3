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
    PrefixAdvertisementEncodeOptions encodeOptions;
    encodeOptions.prefixCompression = options.prefixCompression;
    encodeOptions.realmCompression = options.realmCompression;
    encodeOptions.maxSize = GetSizeLimit(replySize, options.maxSize);

    // Encode entries in priority order, stopping before the first router that cannot fit
    // entirely (its real encoded size, issue 14): the cost is O(routers advertised), never
    // a scan of the binding table, and no entry is made that is not sent.
    PrefixAdvertisementEncoder encoder(encodeOptions);
    HaAdvertisement result;
    bool encodable = true;
    auto add = [&](uint32_t address) {
        Ipv4Address a(address);
        if (a == requester)
        {
            return true; // never advertise a router to itself
        }
        AdvertisedMobileRouter entry = makeEntry(a);
        switch (encoder.Add(entry))
        {
        case PrefixAdvertisementEncoder::Status::ADDED:
            result.prefixes += entry.prefixes.size();
            return true;
        case PrefixAdvertisementEncoder::Status::NOT_ENCODABLE:
            NS_LOG_WARN("Prefix Advertisement for "
                        << requester << " not encodable: "
                        << PrefixAdvertisementEncoder::Check(entry).value_or(""));
            encodable = false;
            return false;
        case PrefixAdvertisementEncoder::Status::FULL:
            break;
        }
        return false;
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
    if (!encodable || encoder.GetEntryCount() == 0)
    {
        // "RRP, no networks known yet" (RFC 6521 section 8.1), or not even the first
        // router fits
        return std::nullopt;
    }
    result.mobileRouters = static_cast<uint32_t>(encoder.GetEntryCount());
    result.extension = encoder.Finish();
    result.octets = static_cast<uint32_t>(result.extension.GetSerializedSize());
    return result;
}

} // namespace ns3
