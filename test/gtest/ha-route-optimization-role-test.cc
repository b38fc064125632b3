/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Issue 11: the Home Agent role of RFC 6521 (HaRouteOptimizationRole) without a
 * simulation: the flags it records (section 3.1.1), the advertisable set (A, a binding, not
 * declined), the Route Optimization Reply (section 5.2: O echoed, N from the NAT test, S
 * echoed, code 0 or 16) and when a Prefix Advertisement follows it (R, not declined, not a
 * de-registration, not a duplicate). The simulator is only used for the expiry events of
 * the bindings put into the table.
 */
#include "wire-test-util.h"

#include "ns3/ha-binding-table.h"
#include "ns3/ha-route-optimization-role.h"
#include "ns3/prefix-advertisement-extension.h"
#include "ns3/ro-extensions.h"
#include "ns3/simulator.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace haaro_test;

namespace
{

const Ipv4Address HA("10.0.0.254");
const Ipv4Address MR1("10.0.0.1");
const Ipv4Address MR2("10.0.0.2");
const Ipv4Address COA1("192.168.1.10");
const Ipv4Address COA2("192.168.2.10");
const Ipv4Address NAT("198.51.100.7");

using C = RoCapabilityExtension;

class HaRouteOptimizationRoleTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        m_bindings = CreateObject<HaBindingTable>();
        m_role.Install(m_bindings);
        m_nodes[MR1.Get()].prefixes = {{Ipv4Address("10.1.0.0"), 16}};
        m_nodes[MR2.Get()].prefixes = {{Ipv4Address("10.2.0.0"), 16}};
        m_nodes[MR2.Get()].realm = "mr2.example";
    }

    void TearDown() override
    {
        m_role.Dispose();
        m_bindings->Dispose();
        Simulator::Destroy();
    }

    /**
     * \param hoa the router \param coa its care-of address
     * \param flags the 153/1 flags to send (none: no 153/1)
     * \param lifetime the requested lifetime
     * \return its request
     */
    static MipRegistrationRequest Request(Ipv4Address hoa,
                                          Ipv4Address coa,
                                          std::optional<uint8_t> flags,
                                          uint16_t lifetime = 600)
    {
        MipRegistrationRequest rrq = MakeRequest(hoa, HA, coa, 1);
        rrq.SetLifetime(lifetime);
        if (flags)
        {
            C capability;
            for (auto flag : {C::FLAG_A, C::FLAG_R, C::FLAG_O})
            {
                capability.SetFlag(flag, (*flags & flag) != 0);
            }
            rrq.AddExtension(capability.ToExtension());
        }
        return rrq;
    }

    /**
     * \brief Accepts a registration as the Home Agent does: flags first, then the binding
     * and its prefixes, then the advertisable set.
     * \param rrq the request
     */
    void Register(const MipRegistrationRequest& rrq)
    {
        m_role.RecordCapability(rrq, m_settings);
        HaBinding binding;
        binding.careOfAddress = rrq.GetCareOfAddress();
        binding.lifetime = rrq.GetLifetime();
        m_bindings->Update(rrq.GetHomeAddress(), binding, false);
        m_bindings->SetPrefixes(rrq.GetHomeAddress(), m_nodes[rrq.GetHomeAddress().Get()].prefixes);
        m_role.UpdateAdvertisable(rrq.GetHomeAddress(), m_settings);
    }

    /**
     * \param rrq the request \param from its source \param advertise false for a duplicate
     * \return the reply's extensions as the role added them
     */
    MipRegistrationReply Reply(const MipRegistrationRequest& rrq,
                               Ipv4Address from,
                               bool advertise = true)
    {
        MipRegistrationReply reply = MakeReply(0, rrq.GetLifetime(), rrq.GetHomeAddress(), HA, 1);
        m_role.AddToReply(rrq, from, reply, advertise, m_settings);
        return reply;
    }

    HaMobileNodes m_nodes;                                            //!< configuration
    HaRouteOptimizationRole::RoReplyTrace m_roReplyTrace;             //!< unused trace
    HaRouteOptimizationRole::AdvertisementTrace m_advertisementTrace; //!< unused trace
    HaRouteOptimizationRole m_role{m_nodes, m_roReplyTrace, m_advertisementTrace}; //!< tested
    Ptr<HaBindingTable> m_bindings;         //!< binding table
    HaRouteOptimizationSettings m_settings; //!< the Home Agent's policy
};

TEST_F(HaRouteOptimizationRoleTest, RecordsFlagsWithoutTheSolicitation)
{
    MipRegistrationRequest rrq = MakeRequest(MR1, HA, COA1, 1);
    C capability;
    capability.SetFlag(C::FLAG_A, true);
    capability.SetSolicitedHomeAddress(MR2);
    rrq.AddExtension(capability.ToExtension());
    m_role.RecordCapability(rrq, m_settings);
    auto recorded = m_role.GetCapability(MR1);
    ASSERT_TRUE(recorded.has_value());
    EXPECT_TRUE(recorded->GetFlag(C::FLAG_A));
    EXPECT_FALSE(recorded->GetSolicitedHomeAddress().has_value()); // one request only

    // A de-registration keeps them; a registration without 153/1 clears them.
    m_role.RecordCapability(Request(MR1, COA1, std::nullopt, 0), m_settings);
    EXPECT_TRUE(m_role.GetCapability(MR1).has_value());
    m_role.RecordCapability(Request(MR1, COA1, std::nullopt), m_settings);
    EXPECT_FALSE(m_role.GetCapability(MR1).has_value());
}

TEST_F(HaRouteOptimizationRoleTest, AdvertisableWithAAndABindingUnlessDeclined)
{
    m_role.RecordCapability(Request(MR1, COA1, C::FLAG_A), m_settings);
    m_role.UpdateAdvertisable(MR1, m_settings);
    EXPECT_FALSE(m_role.IsAdvertisable(MR1)); // no binding yet
    Register(Request(MR1, COA1, C::FLAG_A));
    EXPECT_TRUE(m_role.IsAdvertisable(MR1));
    Register(Request(MR2, COA2, C::FLAG_R)); // A=0: never listed
    EXPECT_FALSE(m_role.IsAdvertisable(MR2));

    m_role.SetDeclined(MR1, true, m_settings);
    EXPECT_TRUE(m_role.IsDeclined(MR1, m_settings));
    EXPECT_FALSE(m_role.IsAdvertisable(MR1));
    m_role.SetDeclined(MR1, false, m_settings);
    EXPECT_TRUE(m_role.IsAdvertisable(MR1));
    m_settings.declineAll = true;
    EXPECT_TRUE(m_role.IsDeclined(MR1, m_settings));
    m_role.UpdateAdvertisable(MR1, m_settings);
    EXPECT_FALSE(m_role.IsAdvertisable(MR1));

    // Not a configured mobile node: never advertisable.
    m_settings.declineAll = false;
    m_role.UpdateAdvertisable(Ipv4Address("10.0.0.99"), m_settings);
    EXPECT_FALSE(m_role.IsAdvertisable(Ipv4Address("10.0.0.99")));
}

TEST_F(HaRouteOptimizationRoleTest, RoReplyEchoesOAndSAndReportsTheNat)
{
    MipRegistrationReply plain = Reply(Request(MR1, COA1, C::FLAG_O), COA1);
    auto ro = RoReplyExtension::Find(plain);
    ASSERT_TRUE(ro.has_value());
    EXPECT_TRUE(ro->GetFlag(RoReplyExtension::FLAG_O));
    EXPECT_FALSE(ro->GetFlag(RoReplyExtension::FLAG_N));
    EXPECT_FALSE(ro->GetFlag(RoReplyExtension::FLAG_S));
    EXPECT_EQ(ro->GetCode(), RoReplyExtension::CODE_ROUTE_OPTIMIZATION);

    MipRegistrationRequest solicit = MakeRequest(MR1, HA, COA1, 1);
    C capability;
    capability.SetSolicitedHomeAddress(MR2);
    solicit.AddExtension(capability.ToExtension());
    auto natRo = RoReplyExtension::Find(Reply(solicit, NAT));
    ASSERT_TRUE(natRo.has_value());
    EXPECT_FALSE(natRo->GetFlag(RoReplyExtension::FLAG_O));
    EXPECT_TRUE(natRo->GetFlag(RoReplyExtension::FLAG_N)); // RFC 3519 NAT test
    EXPECT_TRUE(natRo->GetFlag(RoReplyExtension::FLAG_S));
    EXPECT_EQ(m_role.GetRoReplyCount(), 2u);
    EXPECT_EQ(m_role.GetAdvertisementCount(), 0u); // R was never set

    // No 153/1, or HAARO disabled: nothing is added.
    EXPECT_FALSE(RoReplyExtension::Find(Reply(Request(MR1, COA1, std::nullopt), COA1)));
    m_settings.enabled = false;
    EXPECT_FALSE(RoReplyExtension::Find(Reply(Request(MR1, COA1, C::FLAG_O), COA1)));
    EXPECT_EQ(m_role.GetRoReplyCount(), 2u);
}

TEST_F(HaRouteOptimizationRoleTest, AdvertisementOnRequestListsTheOthers)
{
    Register(Request(MR1, COA1, C::FLAG_A | C::FLAG_O));
    Register(Request(MR2, COA2, C::FLAG_A | C::FLAG_R));
    // MR2 asks (R): it gets MR1 (Info 1: MR1 set O), never itself.
    MipRegistrationReply reply = Reply(Request(MR2, COA2, C::FLAG_A | C::FLAG_R), COA2);
    auto ad = PrefixAdvertisementExtension::Find(reply);
    ASSERT_TRUE(ad.has_value());
    ASSERT_EQ(ad->GetEntryCount(), 1u);
    EXPECT_EQ(ad->GetEntries()[0].homeAddress, MR1);
    EXPECT_EQ(ad->GetEntries()[0].info, AdvertisedMobileRouter::INFO_OUTBOUND_ONLY);
    EXPECT_EQ(ad->GetPrefixCount(), 1u);
    EXPECT_EQ(m_role.GetAdvertisementCount(), 1u);
    EXPECT_GT(m_role.GetAdvertisementOctets(), 0u);
    EXPECT_EQ(m_role.GetAdvertisable(HA_ADVERTISE_REGISTRATION_ORDER),
              (std::vector<Ipv4Address>{MR1, MR2}));

    // MR1 asks: MR2's entry carries its realm.
    auto toMr1 = PrefixAdvertisementExtension::Find(Reply(Request(MR1, COA1, C::FLAG_R), COA1));
    ASSERT_TRUE(toMr1.has_value());
    ASSERT_EQ(toMr1->GetEntryCount(), 1u);
    EXPECT_EQ(toMr1->GetEntries()[0].homeAddress, MR2);
    ASSERT_EQ(toMr1->GetEntries()[0].prefixes.size(), 1u);
}

TEST_F(HaRouteOptimizationRoleTest, NoAdvertisementWhenDeclinedDuplicateOrDeregistration)
{
    Register(Request(MR1, COA1, C::FLAG_A));
    MipRegistrationRequest ask = Request(MR2, COA2, C::FLAG_R);
    // A duplicate gets the RO Reply only; a de-registration too.
    EXPECT_FALSE(PrefixAdvertisementExtension::Find(Reply(ask, COA2, false)));
    EXPECT_FALSE(PrefixAdvertisementExtension::Find(Reply(Request(MR2, COA2, C::FLAG_R, 0), COA2)));
    // Declined for the requester (RFC 6521 section 5.2, code 16): no advertisement.
    m_role.SetDeclined(MR2, true, m_settings);
    MipRegistrationReply declined = Reply(ask, COA2);
    ASSERT_TRUE(RoReplyExtension::Find(declined).has_value());
    EXPECT_EQ(RoReplyExtension::Find(declined)->GetCode(),
              RoReplyExtension::CODE_DECLINED_UNSPECIFIED);
    EXPECT_FALSE(PrefixAdvertisementExtension::Find(declined));
    EXPECT_EQ(m_role.GetRoReplyCount(), 3u);
    EXPECT_EQ(m_role.GetAdvertisementCount(), 0u);
    // Allowed again: the advertisement comes.
    m_role.SetDeclined(MR2, false, m_settings);
    EXPECT_TRUE(PrefixAdvertisementExtension::Find(Reply(ask, COA2)).has_value());
}

TEST_F(HaRouteOptimizationRoleTest, RestartForgetsFlagsButNotTheDeclineSet)
{
    Register(Request(MR1, COA1, C::FLAG_A));
    m_role.SetDeclined(MR2, true, m_settings);
    m_role.Restart();
    EXPECT_FALSE(m_role.GetCapability(MR1).has_value());
    EXPECT_FALSE(m_role.IsAdvertisable(MR1));
    EXPECT_TRUE(m_role.GetAdvertisable(HA_ADVERTISE_HOME_ADDRESS_ORDER).empty());
    EXPECT_TRUE(m_role.IsDeclined(MR2, m_settings));
}

} // namespace
