/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * HaPrefixAdvertiser: what the Home Agent puts into the Route Optimization Prefix
 * Advertisement (50/1) of a reply (RFC 6521 sections 3.1.1, 5.5 and 8.1): the order (first
 * registration with A=1, or home address), the routers left out (the requester, the
 * non-advertisable ones, those after the size limit) and the solicitation.
 */
#include "ns3/ha-prefix-advertiser.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

const Ipv4Address MR1("192.168.0.3");
const Ipv4Address MR2("192.168.0.1");
const Ipv4Address MR3("192.168.0.2");

/// \param a a home address \return its entry: one /24 per router, realm "example.net"
AdvertisedMobileRouter
Entry(Ipv4Address a)
{
    MipPrefix p{Ipv4Address((a.Get() & 0xff) << 16 | 0x0a000000), 24};
    return HaPrefixAdvertiser::MakeEntry(a, false, {p}, "example.net");
}

/// \return an advertiser where MR1, MR2 and MR3 registered (A=1) in that order
HaPrefixAdvertiser
ThreeRouters()
{
    HaPrefixAdvertiser advertiser;
    for (Ipv4Address a : {MR1, MR2, MR3})
    {
        advertiser.Permit(a);
        advertiser.Update(a, Entry(a));
    }
    return advertiser;
}

/// \param ad an advertisement \return the home addresses it lists, in order
std::vector<Ipv4Address>
Listed(const HaAdvertisement& ad)
{
    PrefixAdvertisementDecodeResult decoded = PrefixAdvertisementExtension::Decode(ad.extension);
    EXPECT_TRUE(decoded.extension.has_value());
    std::vector<Ipv4Address> result;
    if (decoded.extension)
    {
        for (const AdvertisedMobileRouter& e : decoded.extension->GetEntries())
        {
            result.push_back(e.homeAddress);
        }
    }
    return result;
}

const Ipv4Address OTHER("192.168.0.99"); //!< a requester that is not advertised

} // namespace

TEST(HaPrefixAdvertiserTest, RegistrationOrderIsTheOrderOfTheFirstPermit)
{
    HaPrefixAdvertiser advertiser = ThreeRouters();
    EXPECT_EQ(advertiser.GetAdvertisable(HA_ADVERTISE_REGISTRATION_ORDER),
              (std::vector<Ipv4Address>{MR1, MR2, MR3}));
    EXPECT_EQ(advertiser.GetAdvertisable(HA_ADVERTISE_HOME_ADDRESS_ORDER),
              (std::vector<Ipv4Address>{MR2, MR3, MR1}));

    // Leaving the set and coming back (a binding lost, A=0 for a while) keeps the place;
    // a second A=1 registration does not move it.
    advertiser.Update(MR1, std::nullopt);
    EXPECT_FALSE(advertiser.IsAdvertisable(MR1));
    EXPECT_EQ(advertiser.GetAdvertisable(HA_ADVERTISE_REGISTRATION_ORDER),
              (std::vector<Ipv4Address>{MR2, MR3}));
    advertiser.Permit(MR1);
    advertiser.Update(MR1, Entry(MR1));
    EXPECT_EQ(advertiser.GetAdvertisable(HA_ADVERTISE_REGISTRATION_ORDER),
              (std::vector<Ipv4Address>{MR1, MR2, MR3}));
}

TEST(HaPrefixAdvertiserTest, BuildListsOthersInPriorityOrder)
{
    HaPrefixAdvertiser advertiser = ThreeRouters();
    HaAdvertisementOptions options;
    std::optional<HaAdvertisement> ad = advertiser.Build(MR2, std::nullopt, 40, options);
    ASSERT_TRUE(ad.has_value());
    // Never the requester itself (RFC 6521 section 3.1.1 lists the other routers).
    EXPECT_EQ(Listed(*ad), (std::vector<Ipv4Address>{MR1, MR3}));
    EXPECT_EQ(ad->mobileRouters, 2u);
    EXPECT_EQ(ad->prefixes, 2u);
    EXPECT_EQ(ad->octets, ad->extension.GetSerializedSize());

    options.order = HA_ADVERTISE_HOME_ADDRESS_ORDER;
    ad = advertiser.Build(OTHER, std::nullopt, 40, options);
    ASSERT_TRUE(ad.has_value());
    EXPECT_EQ(Listed(*ad), (std::vector<Ipv4Address>{MR2, MR3, MR1}));
}

TEST(HaPrefixAdvertiserTest, OnlyAdvertisableRoutersAreListed)
{
    HaPrefixAdvertiser advertiser;
    HaAdvertisementOptions options;
    advertiser.Permit(MR1); // A=1 but not made advertisable (e.g. no binding yet)
    EXPECT_FALSE(advertiser.IsAdvertisable(MR1));
    // "RRP, no networks known yet" (RFC 6521 section 8.1): no extension at all.
    EXPECT_FALSE(advertiser.Build(OTHER, std::nullopt, 40, options).has_value());
    advertiser.Update(MR1, Entry(MR1));
    // Alone, the requester has nobody to be told about.
    EXPECT_FALSE(advertiser.Build(MR1, std::nullopt, 40, options).has_value());
    EXPECT_TRUE(advertiser.Build(OTHER, std::nullopt, 40, options).has_value());
}

TEST(HaPrefixAdvertiserTest, SizeLimitStopsBeforeTheFirstRouterThatDoesNotFit)
{
    HaPrefixAdvertiser advertiser = ThreeRouters();
    HaAdvertisementOptions options;
    options.prefixCompression = false;
    options.realmCompression = false;
    std::optional<HaAdvertisement> all = advertiser.Build(OTHER, std::nullopt, 40, options);
    ASSERT_TRUE(all.has_value());
    ASSERT_EQ(all->mobileRouters, 3u);

    // Room for exactly the first router's entries: the list stops there, whole routers only.
    HaPrefixAdvertiser firstOnly;
    firstOnly.Permit(MR1);
    firstOnly.Update(MR1, Entry(MR1));
    std::optional<HaAdvertisement> one = firstOnly.Build(OTHER, std::nullopt, 40, options);
    ASSERT_TRUE(one.has_value());
    options.maxSize = one->octets;
    std::optional<HaAdvertisement> limited = advertiser.Build(OTHER, std::nullopt, 40, options);
    ASSERT_TRUE(limited.has_value());
    EXPECT_EQ(Listed(*limited), (std::vector<Ipv4Address>{MR1}));
    EXPECT_LE(limited->octets, options.maxSize);

    // Not even the first router fits: no extension.
    options.maxSize = one->octets - 1;
    EXPECT_FALSE(advertiser.Build(OTHER, std::nullopt, 40, options).has_value());

    // The UDP datagram bounds it too: a reply that fills the datagram leaves no room.
    options.maxSize = 65535;
    EXPECT_FALSE(advertiser
                     .Build(OTHER,
                            std::nullopt,
                            HaPrefixAdvertiser::MAX_UDP_PAYLOAD - HaPrefixAdvertiser::AUTH_RESERVE,
                            options)
                     .has_value());
}

TEST(HaPrefixAdvertiserTest, SizeLimitIsThePolicyAndWhatFitsInTheDatagram)
{
    EXPECT_EQ(HaPrefixAdvertiser::GetSizeLimit(100, 1000), 1000u);
    EXPECT_EQ(HaPrefixAdvertiser::GetSizeLimit(100, 65535),
              HaPrefixAdvertiser::MAX_UDP_PAYLOAD - 100 - HaPrefixAdvertiser::AUTH_RESERVE);
    EXPECT_EQ(HaPrefixAdvertiser::GetSizeLimit(70000, 65535), 0u);
}

TEST(HaPrefixAdvertiserTest, SolicitationListsOnlyTheSolicitedRouter)
{
    HaPrefixAdvertiser advertiser = ThreeRouters();
    HaAdvertisementOptions options;
    std::optional<HaAdvertisement> ad = advertiser.Build(MR1, MR3, 40, options);
    ASSERT_TRUE(ad.has_value());
    EXPECT_EQ(Listed(*ad), (std::vector<Ipv4Address>{MR3}));
    // A solicited router that is not advertisable, or the requester itself: nothing.
    advertiser.Update(MR3, std::nullopt);
    EXPECT_FALSE(advertiser.Build(MR1, MR3, 40, options).has_value());
    EXPECT_FALSE(advertiser.Build(MR1, MR1, 40, options).has_value());
}

TEST(HaPrefixAdvertiserTest, ResetForgetsTheSetAndTheOrder)
{
    HaPrefixAdvertiser advertiser = ThreeRouters();
    advertiser.Reset();
    EXPECT_TRUE(advertiser.GetAdvertisable(HA_ADVERTISE_REGISTRATION_ORDER).empty());
    EXPECT_FALSE(advertiser.IsAdvertisable(MR1));
    for (Ipv4Address a : {MR3, MR1})
    {
        advertiser.Permit(a);
        advertiser.Update(a, Entry(a));
    }
    EXPECT_EQ(advertiser.GetAdvertisable(HA_ADVERTISE_REGISTRATION_ORDER),
              (std::vector<Ipv4Address>{MR3, MR1}));
}

TEST(HaPrefixAdvertiserTest, EntryCarriesInfoAndTheRealmOfEveryPrefix)
{
    std::vector<MipPrefix> prefixes = {{Ipv4Address("10.1.0.0"), 16},
                                       {Ipv4Address("10.2.1.0"), 24}};
    AdvertisedMobileRouter e = HaPrefixAdvertiser::MakeEntry(MR1, true, prefixes, "a.example");
    EXPECT_EQ(e.homeAddress, MR1);
    EXPECT_EQ(e.info, AdvertisedMobileRouter::INFO_OUTBOUND_ONLY);
    ASSERT_EQ(e.prefixes.size(), 2u);
    EXPECT_EQ(e.prefixes[1].prefix, Ipv4Address("10.2.1.0"));
    EXPECT_EQ(e.prefixes[1].prefixLength, 24);
    EXPECT_EQ(e.prefixes[0].realm, "a.example");
    EXPECT_EQ(e.prefixes[1].realm, "a.example");
    EXPECT_EQ(HaPrefixAdvertiser::MakeEntry(MR1, false, {}, "").info,
              AdvertisedMobileRouter::INFO_NORMAL);
}
