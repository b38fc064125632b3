/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The Home Agent's part of HAARO (RFC 6521): Route Optimization Reply (49/1) and Prefix
 * Advertisement (50/1) in Registration Replies, with real packets on the virtual-operator
 * topology (checklist H1-H10 of the protocol notes, section 9.2).
 */
#include "haaro-test-fixture.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/haaro-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/ns3-compat.h"
#include "ns3/test.h"

#include <algorithm>
#include <optional>
#include <vector>

using namespace ns3;

namespace
{

/**
 * \ingroup haaro-tests
 * A NEMO deployment whose mobile routers take part in HAARO (RouteOptimization=true), with
 * every Registration Reply of the Home Agent recorded.
 */
class HaaroScenario : public HaaroTestScenario
{
  public:
    /// A reply as the Home Agent sent it (MN-HA authenticator included).
    struct SentReply
    {
        Time at;                    //!< when
        Ipv4Address to;             //!< IP destination
        MipRegistrationReply reply; //!< the reply
    };

    /// An AdvertisementSent trace event.
    struct AdvertisementEvent
    {
        Ipv4Address requester; //!< home address of the requester
        uint32_t routers;      //!< Mobile Router entries
        uint32_t prefixes;     //!< prefixes
        uint32_t octets;       //!< octets of the extension
    };

    /// \param sites number of sites (one uplink each)
    explicit HaaroScenario(uint32_t sites)
    {
        topologyHelper.SetNumIsps(2);
        topologyHelper.AddSites(sites, 1);
        nemo.SetMobileRouterAttribute("RouteOptimization", BooleanValue(true));
    }

    /**
     * \brief Builds the topology, installs the applications and records the replies.
     * \param starts start time of each mobile router (missing ones start at 0)
     */
    void Build(const std::vector<Time>& starts = {})
    {
        HaaroTestScenario::Build();
        SetStartTimes(starts);
        network.homeAgent->TraceConnectWithoutContext("ReplySent",
                                                      MakeCallback(&HaaroScenario::OnReply, this));
        network.homeAgent->TraceConnectWithoutContext(
            "AdvertisementSent",
            MakeCallback(&HaaroScenario::OnAdvertisement, this));
    }

    /// \param site a site index \return the replies sent to its home address, in order
    std::vector<MipRegistrationReply> RepliesTo(uint32_t site) const
    {
        std::vector<MipRegistrationReply> out;
        for (const auto& r : replies)
        {
            if (r.reply.GetHomeAddress() == Hoa(site))
            {
                out.push_back(r.reply);
            }
        }
        return out;
    }

    /**
     * \param site a site index \param after a time
     * \return the first reply to the site sent at or after that time, if any
     */
    std::optional<MipRegistrationReply> FirstReplyTo(uint32_t site, Time after = Time(0)) const
    {
        for (const auto& r : replies)
        {
            if (r.reply.GetHomeAddress() == Hoa(site) && r.at >= after)
            {
                return r.reply;
            }
        }
        return std::nullopt;
    }

    std::vector<SentReply> replies;                 //!< every reply of the Home Agent
    std::vector<AdvertisementEvent> advertisements; //!< AdvertisementSent events

  private:
    /// \param reply reply \param to destination
    void OnReply(const MipRegistrationReply& reply, Ipv4Address to)
    {
        replies.push_back({Simulator::Now(), to, reply});
    }

    /// \param hoa requester \param routers entries \param prefixes prefixes \param octets size
    void OnAdvertisement(Ipv4Address hoa, uint32_t routers, uint32_t prefixes, uint32_t octets)
    {
        advertisements.push_back({hoa, routers, prefixes, octets});
    }
};

/// \param reply a reply \return the first 50/1 extension in it, raw
std::optional<MipExtension>
FindRawAdvertisement(const MipRegistrationReply& reply)
{
    for (const MipExtension& e : reply.GetExtensions().GetAll())
    {
        if (e.Is(PrefixAdvertisementExtension::TYPE, PrefixAdvertisementExtension::SUBTYPE))
        {
            return e;
        }
    }
    return std::nullopt;
}

/// \param e an extension \return its octets on the wire
MipBytes
WireOctets(const MipExtension& e)
{
    MipBytes out;
    MipWireWriter w(out);
    e.Serialize(w);
    return out;
}

/// \param reply a reply \return the home addresses listed by its advertisement, in order
std::vector<Ipv4Address>
ListedRouters(const MipRegistrationReply& reply)
{
    std::vector<Ipv4Address> out;
    std::optional<PrefixAdvertisementExtension> adv = PrefixAdvertisementExtension::Find(reply);
    if (adv)
    {
        for (const auto& entry : adv->GetEntries())
        {
            out.push_back(entry.homeAddress);
        }
    }
    return out;
}

/// \param reply a reply \return number of 50/1 extensions in it
size_t
CountAdvertisements(const MipRegistrationReply& reply)
{
    size_t n = 0;
    for (const MipExtension& e : reply.GetExtensions().GetAll())
    {
        n += e.Is(PrefixAdvertisementExtension::TYPE, PrefixAdvertisementExtension::SUBTYPE);
    }
    return n;
}

/**
 * \ingroup haaro-tests
 * RFC 6521 section 8.1 (figure F14): MR A, B and C register one after the other; A learns
 * nothing, B learns A, C learns A then B with B's prefix delta-compressed. The octets of
 * C's advertisement are checked against a hand derivation.
 */
class RegistrationSequenceTestCase : public TestCase
{
  public:
    RegistrationSequenceTestCase()
        : TestCase("F14: A learns nothing, B learns A, C learns A then B (exact octets)")
    {
    }

  private:
    void DoRun() override
    {
        HaaroScenario s(3);
        s.Build({Seconds(1), Seconds(2), Seconds(3)});
        s.Run(Seconds(4));
        Ptr<HomeAgent> ha = s.network.homeAgent;

        // A: RRP with a Route Optimization Reply, "no networks known yet".
        std::optional<MipRegistrationReply> a = s.FirstReplyTo(0);
        NS_TEST_ASSERT_MSG_EQ(a.has_value(), true, "A got a reply");
        NS_TEST_ASSERT_MSG_EQ(unsigned(a->GetCode()), unsigned(MIP_REPLY_ACCEPTED), "A accepted");
        std::optional<RoReplyExtension> roA = RoReplyExtension::Find(*a);
        NS_TEST_ASSERT_MSG_EQ(roA.has_value(), true, "A: 49/1 present");
        NS_TEST_ASSERT_MSG_EQ(unsigned(roA->GetCode()), 0u, "A: code 0");
        NS_TEST_ASSERT_MSG_EQ(roA->GetFlag(RoReplyExtension::FLAG_N), false, "A: no NAT");
        NS_TEST_ASSERT_MSG_EQ(roA->GetFlag(RoReplyExtension::FLAG_O), false, "A: O echo 0");
        NS_TEST_ASSERT_MSG_EQ(roA->GetFlag(RoReplyExtension::FLAG_S), false, "A: S echo 0");
        NS_TEST_ASSERT_MSG_EQ(CountAdvertisements(*a), 0, "A: no 50/1");

        // B: exactly A, with its prefix and realm.
        std::optional<MipRegistrationReply> b = s.FirstReplyTo(1);
        NS_TEST_ASSERT_MSG_EQ(b.has_value(), true, "B got a reply");
        NS_TEST_ASSERT_MSG_EQ(RoReplyExtension::Find(*b).has_value(), true, "B: 49/1");
        NS_TEST_ASSERT_MSG_EQ(CountAdvertisements(*b), 1, "B: one 50/1");
        std::optional<PrefixAdvertisementExtension> advB = PrefixAdvertisementExtension::Find(*b);
        NS_TEST_ASSERT_MSG_EQ(advB.has_value(), true, "B: 50/1 decodes");
        AdvertisedMobileRouter expectedA;
        expectedA.homeAddress = Ipv4Address("10.0.0.1");
        expectedA.info = AdvertisedMobileRouter::INFO_NORMAL;
        expectedA.prefixes = {{Ipv4Address("10.128.0.0"), 24, "site-0.example.com"}};
        NS_TEST_ASSERT_MSG_EQ(advB->GetEntryCount(), 1, "B: one router");
        NS_TEST_ASSERT_MSG_EQ((advB->GetEntries()[0] == expectedA), true, "B: A, its MNP, realm");

        // C: A then B. Hand derivation (address plan: site i has HoA 10.0.0.0+i+1 and MNP
        // 10.(128+i/256).(i%256).0/24; NemoNetworkHelper gives it realm site-<i>.example.com):
        //   32 01 00 2d             Type 50, Sub-Type 1, Length 45 (data octets)
        //   40 0a 00 00 01          D=0 M=1 Info=0, HoA 10.0.0.1 (A)
        //   18 0a 80 00             D=0 M=0 PLen=24, prefix 10.128.0 (3 octets); new master
        //   06 's' 'i' 't' 'e' '-' '0' 07 'e' 'x' 'a' 'm' 'p' 'l' 'e' 03 'c' 'o' 'm' 00
        //                           realm, empty dictionary: three literal labels, end mark;
        //                           dictionary: 0 site-0, 1 example, 2 com,
        //                           3 site-0.example.com, 4 example.com
        //   40 0a 00 00 02          D=0 M=1 Info=0, HoA 10.0.0.2 (B)
        //   98 01                   D=1 M=0 PLen=24: 10.128.1.0 differs from the master
        //                           10.128.0.0 first at bit 24 (1-based), 24-24 <= 8, so one
        //                           octet: bits 17..24 = 0x01 (RFC 6521 section 4.1)
        //   06 's' 'i' 't' 'e' '-' '1' 84 00
        //                           realm: "site-1" is unknown -> literal (entry 5); the rest
        //                           "example.com" is entry 4 -> 0x84; end mark
        //   data = (5 + 4 + 20) + (5 + 2 + 9) = 45 octets, 49 with the header.
        std::optional<MipRegistrationReply> c = s.FirstReplyTo(2);
        NS_TEST_ASSERT_MSG_EQ(c.has_value(), true, "C got a reply");
        std::optional<MipExtension> rawC = FindRawAdvertisement(*c);
        NS_TEST_ASSERT_MSG_EQ(rawC.has_value(), true, "C: 50/1 present");
        MipBytes expected = {0x32, 0x01, 0x00, 0x2d, 0x40, 0x0a, 0x00, 0x00, 0x01, 0x18,
                             0x0a, 0x80, 0x00, 0x06, 's',  'i',  't',  'e',  '-',  '0',
                             0x07, 'e',  'x',  'a',  'm',  'p',  'l',  'e',  0x03, 'c',
                             'o',  'm',  0x00, 0x40, 0x0a, 0x00, 0x00, 0x02, 0x98, 0x01,
                             0x06, 's',  'i',  't',  'e',  '-',  '1',  0x84, 0x00};
        MipBytes actual = WireOctets(*rawC);
        NS_TEST_ASSERT_MSG_EQ(actual.size(), expected.size(), "C: 49 octets");
        NS_TEST_ASSERT_MSG_EQ((actual == expected), true, "C: exact octets");
        std::vector<Ipv4Address> listed = ListedRouters(*c);
        NS_TEST_ASSERT_MSG_EQ(listed.size(), 2, "C: two routers");
        NS_TEST_ASSERT_MSG_EQ(listed[0], Ipv4Address("10.0.0.1"), "C: A first");
        NS_TEST_ASSERT_MSG_EQ(listed[1], Ipv4Address("10.0.0.2"), "C: then B");

        // Extension order of C's reply: ... 49/1, 50/1, MN-HA authenticator last.
        const std::vector<MipExtension>& ext = c->GetExtensions().GetAll();
        size_t n = ext.size();
        NS_TEST_ASSERT_MSG_GT_OR_EQ(n, 3, "at least 49/1, 50/1 and the authenticator");
        NS_TEST_ASSERT_MSG_EQ(unsigned(ext[n - 1].type),
                              unsigned(MipAuthExtension::TYPE_MOBILE_HOME),
                              "authenticator last");
        NS_TEST_ASSERT_MSG_EQ(ext[n - 2].Is(50, 1), true, "50/1 before it");
        NS_TEST_ASSERT_MSG_EQ(ext[n - 3].Is(49, 1), true, "49/1 before that");

        // Trace sources and counters.
        NS_TEST_ASSERT_MSG_EQ(ha->GetRoReplyCount(), 3, "three 49/1");
        NS_TEST_ASSERT_MSG_EQ(ha->GetAdvertisementCount(), 2, "two 50/1");
        NS_TEST_ASSERT_MSG_EQ(ha->GetAdvertisementOctets(), 33u + 49u, "B's 33 + C's 49 octets");
        NS_TEST_ASSERT_MSG_EQ(s.advertisements.size(), 2, "AdvertisementSent twice");
        NS_TEST_ASSERT_MSG_EQ(s.advertisements[1].requester, s.Hoa(2), "to C");
        NS_TEST_ASSERT_MSG_EQ(s.advertisements[1].routers, 2, "two routers");
        NS_TEST_ASSERT_MSG_EQ(s.advertisements[1].prefixes, 2, "two prefixes");
        NS_TEST_ASSERT_MSG_EQ(s.advertisements[1].octets, 49, "49 octets");
        std::vector<Ipv4Address> advertisable = ha->GetAdvertisableMobileRouters();
        NS_TEST_ASSERT_MSG_EQ(advertisable.size(), 3, "all three advertisable");
        NS_TEST_ASSERT_MSG_EQ(advertisable[2], s.Hoa(2), "in registration order");
    }
};

/**
 * \ingroup haaro-tests
 * H8, RFC 6521 section 3.1: "There are no "routing updates" from the HA except during
 * re-registrations". Three routers register, refresh every 16 s (Lifetime 20 s) and route
 * optimize a flow for 60 s: every UDP datagram the Home Agent originates from port 434 is a
 * Registration Reply or RFC 3519 tunnel data, and every reply answers a request that
 * arrived at that instant.
 */
class NoRoutingUpdatesTestCase : public TestCase
{
  public:
    NoRoutingUpdatesTestCase()
        : TestCase("H8: the HA sends Registration Replies only, each answering a request "
                   "(no routing updates)")
    {
    }

  private:
    void DoRun() override
    {
        HaaroScenario s(3);
        s.nemo.SetMobileRouterAttribute("Lifetime", UintegerValue(20));
        s.Build({Seconds(1), Seconds(2), Seconds(3)});
        s.AddFlow(0, 2, Seconds(5), Seconds(59), MilliSeconds(100), 9000);
        std::vector<Time> requests;
        std::vector<Time> replies;
        uint32_t tunnelData = 0;
        uint32_t other = 0;
        s.network.homeAgent->TraceConnectWithoutContext(
            "RequestReceived",
            MakeFunctorCallback<void, const MipRegistrationRequest&, Ipv4Address>(
                [&requests](const MipRegistrationRequest&, Ipv4Address) {
                    requests.push_back(Simulator::Now());
                }));
        s.topology.homeAgent->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
            "SendOutgoing",
            MakeFunctorCallback<void, const Ipv4Header&, Ptr<const Packet>, uint32_t>(
                [&](const Ipv4Header& ip, Ptr<const Packet> p, uint32_t) {
                    UdpHeader udp;
                    if (ip.GetProtocol() != UdpL4Protocol::PROT_NUMBER ||
                        p->GetSize() < udp.GetSerializedSize() + 1)
                    {
                        return;
                    }
                    Ptr<Packet> copy = p->Copy();
                    copy->RemoveHeader(udp);
                    if (udp.GetSourcePort() != 434)
                    {
                        return;
                    }
                    uint8_t type = 0;
                    copy->CopyData(&type, 1);
                    if (type == 3)
                    {
                        replies.push_back(Simulator::Now());
                    }
                    else if (type == 4)
                    {
                        tunnelData++;
                    }
                    else
                    {
                        other++;
                    }
                }));
        s.Run(Seconds(60));
        NS_TEST_EXPECT_MSG_EQ(other, 0u, "nothing but replies and tunnel data from port 434");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(replies.size(), 9u, "registrations and refreshes answered");
        NS_TEST_EXPECT_MSG_GT(s.advertisements.size(), 0u, "advertisements were sent");
        for (Time at : replies)
        {
            bool answered = std::find(requests.begin(), requests.end(), at) != requests.end();
            NS_TEST_EXPECT_MSG_EQ(answered, true, "the reply at " << at << " answers a request");
        }
        std::cout << "    H8: " << requests.size() << " requests, " << replies.size()
                  << " replies, " << s.advertisements.size() << " advertisements, " << tunnelData
                  << " tunnel data, " << other << " other" << std::endl;
    }
};

/**
 * \ingroup haaro-tests
 * Without compression the advertisement carries the same content in more octets.
 */
class NoCompressionTestCase : public TestCase
{
  public:
    NoCompressionTestCase()
        : TestCase("PrefixCompression and RealmCompression off: same content, 62 octets")
    {
    }

  private:
    void DoRun() override
    {
        HaaroScenario s(3);
        s.nemo.SetHomeAgentAttribute("PrefixCompression", BooleanValue(false));
        s.nemo.SetHomeAgentAttribute("RealmCompression", BooleanValue(false));
        s.Build({Seconds(1), Seconds(2), Seconds(3)});
        s.Run(Seconds(4));
        std::optional<MipRegistrationReply> c = s.FirstReplyTo(2);
        NS_TEST_ASSERT_MSG_EQ(c.has_value(), true, "C got a reply");
        std::optional<MipExtension> raw = FindRawAdvertisement(*c);
        NS_TEST_ASSERT_MSG_EQ(raw.has_value(), true, "50/1 present");
        // Header 4 + per router: M=1 structure 5, full prefix 1 + 3, literal realm 20.
        NS_TEST_ASSERT_MSG_EQ(WireOctets(*raw).size(), 4u + 2 * (5 + 4 + 20), "62 octets");
        MipBytes data = raw->data;
        NS_TEST_ASSERT_MSG_EQ(unsigned(data[29]), 0x40u, "B's M=1 structure at offset 29");
        NS_TEST_ASSERT_MSG_EQ(unsigned(data[34]), 0x18u, "B's prefix with D=0");
        std::vector<Ipv4Address> listed = ListedRouters(*c);
        NS_TEST_ASSERT_MSG_EQ(listed.size(), 2, "A and B");
    }
};

/**
 * \ingroup haaro-tests
 * A=0: never advertised (but still told about others); O=1: advertised with Info=1 and O
 * echoed; a router that de-registers is no longer advertised.
 */
class FlagsTestCase : public TestCase
{
  public:
    FlagsTestCase()
        : TestCase("A=0 never advertised, O=1 advertised with Info=1, gone after de-registration")
    {
    }

  private:
    void DoRun() override
    {
        HaaroScenario s(3);
        // Site 1 (starts at 1 s) sets A=0, site 2 (2 s) sets O, site 0 (3 s) is plain.
        s.Build({Seconds(3), Seconds(1), Seconds(2)});
        s.network.mobileRouters[1]->SetAttribute("AdvertiseNetworks", BooleanValue(false));
        s.network.mobileRouters[2]->SetAttribute("OutboundOnly", BooleanValue(true));
        s.network.mobileRouters[2]->SetStopTime(Seconds(5)); // de-registers
        Ptr<MobileRouter> mr1 = s.network.mobileRouters[1];
        HaaroSchedule(Seconds(4), [mr1]() { mr1->GetUplink(0)->Register(); });
        HaaroSchedule(Seconds(6), [mr1]() { mr1->GetUplink(0)->Register(); });
        bool advertisableAt45 = false;
        Ptr<HomeAgent> ha = s.network.homeAgent;
        Ipv4Address hoa2 = s.Hoa(2);
        HaaroSchedule(Seconds(4.5), [&]() { advertisableAt45 = ha->IsAdvertisable(hoa2); });
        s.Run(Seconds(7));

        std::optional<RoCapabilityExtension> cap1 = ha->GetRoCapability(s.Hoa(1));
        NS_TEST_ASSERT_MSG_EQ(cap1.has_value(), true, "site 1 sent 153/1");
        NS_TEST_ASSERT_MSG_EQ(cap1->GetFlag(RoCapabilityExtension::FLAG_A), false, "with A=0");
        NS_TEST_ASSERT_MSG_EQ(ha->IsAdvertisable(s.Hoa(1)), false, "A=0: not advertisable");

        // Site 2 registers after site 1 only: nothing to advertise (A=0 router hidden).
        std::optional<MipRegistrationReply> r2 = s.FirstReplyTo(2);
        NS_TEST_ASSERT_MSG_EQ(r2.has_value(), true, "site 2 got a reply");
        NS_TEST_ASSERT_MSG_EQ(CountAdvertisements(*r2), 0, "A=0 router not advertised to 2");
        std::optional<RoReplyExtension> ro2 = RoReplyExtension::Find(*r2);
        NS_TEST_ASSERT_MSG_EQ(ro2.has_value(), true, "site 2: 49/1");
        NS_TEST_ASSERT_MSG_EQ(ro2->GetFlag(RoReplyExtension::FLAG_O), true, "O echoed");

        // Site 0: only site 2, with Info=1.
        std::optional<MipRegistrationReply> r0 = s.FirstReplyTo(0);
        NS_TEST_ASSERT_MSG_EQ(r0.has_value(), true, "site 0 got a reply");
        std::optional<PrefixAdvertisementExtension> adv0 = PrefixAdvertisementExtension::Find(*r0);
        NS_TEST_ASSERT_MSG_EQ(adv0.has_value(), true, "site 0: 50/1");
        NS_TEST_ASSERT_MSG_EQ(adv0->GetEntryCount(), 1, "only site 2");
        NS_TEST_ASSERT_MSG_EQ(adv0->GetEntries()[0].homeAddress, s.Hoa(2), "site 2");
        NS_TEST_ASSERT_MSG_EQ(unsigned(adv0->GetEntries()[0].info),
                              unsigned(AdvertisedMobileRouter::INFO_OUTBOUND_ONLY),
                              "Info=1 for the O router");
        NS_TEST_ASSERT_MSG_EQ(RoReplyExtension::Find(*r0)->GetFlag(RoReplyExtension::FLAG_O),
                              false,
                              "site 0: O echo 0");

        // Site 1 (A=0, R=1) is still told about the others: at 4 s site 2 then site 0.
        std::optional<MipRegistrationReply> r1at4 = s.FirstReplyTo(1, Seconds(4));
        NS_TEST_ASSERT_MSG_EQ(r1at4.has_value(), true, "site 1 re-registered at 4 s");
        std::vector<Ipv4Address> listed = ListedRouters(*r1at4);
        NS_TEST_ASSERT_MSG_EQ(listed.size(), 2, "site 1 learns two routers");
        NS_TEST_ASSERT_MSG_EQ(listed[0], s.Hoa(2), "site 2 first (registered first with A=1)");
        NS_TEST_ASSERT_MSG_EQ(listed[1], s.Hoa(0), "then site 0");

        // Site 2 de-registered at 5 s: no longer advertised at 6 s.
        NS_TEST_ASSERT_MSG_EQ(advertisableAt45, true, "site 2 advertisable before it leaves");
        NS_TEST_ASSERT_MSG_EQ(ha->IsAdvertisable(s.Hoa(2)), false, "not after de-registering");
        std::optional<MipRegistrationReply> r1at6 = s.FirstReplyTo(1, Seconds(6));
        NS_TEST_ASSERT_MSG_EQ(r1at6.has_value(), true, "site 1 re-registered at 6 s");
        listed = ListedRouters(*r1at6);
        NS_TEST_ASSERT_MSG_EQ(listed.size(), 1, "only site 0 left");
        NS_TEST_ASSERT_MSG_EQ(listed[0], s.Hoa(0), "site 0");
    }
};

/**
 * \ingroup haaro-tests
 * HaaroEnabled=false: a legacy NEMOv4 Home Agent skips 153/1; registration succeeds and the
 * replies carry neither 49/1 nor 50/1.
 */
class DisabledTestCase : public TestCase
{
  public:
    DisabledTestCase()
        : TestCase("HaaroEnabled=false: capability skipped, no RO Reply or advertisement, "
                   "registration succeeds")
    {
    }

  private:
    void DoRun() override
    {
        HaaroScenario s(3);
        s.nemo.SetHomeAgentAttribute("HaaroEnabled", BooleanValue(false));
        s.Build({Seconds(1), Seconds(2), Seconds(3)});
        s.Run(Seconds(4));
        Ptr<HomeAgent> ha = s.network.homeAgent;
        NS_TEST_ASSERT_MSG_EQ(s.replies.size(), 3, "three replies");
        for (const auto& r : s.replies)
        {
            NS_TEST_ASSERT_MSG_EQ(unsigned(r.reply.GetCode()),
                                  unsigned(MIP_REPLY_ACCEPTED),
                                  "registration succeeds");
            NS_TEST_ASSERT_MSG_EQ(RoReplyExtension::Find(r.reply).has_value(), false, "no 49/1");
            NS_TEST_ASSERT_MSG_EQ(CountAdvertisements(r.reply), 0, "no 50/1");
        }
        for (uint32_t i = 0; i < 3; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(
                (s.network.mobileRouters[i]->GetUplink(0)->GetState() == MrUplinkState::REGISTERED),
                true,
                "router " << i << " registered");
            NS_TEST_ASSERT_MSG_EQ(ha->GetRoCapability(s.Hoa(i)).has_value(),
                                  false,
                                  "flags not recorded");
        }
        NS_TEST_ASSERT_MSG_EQ(ha->GetRoReplyCount(), 0, "counter");
        NS_TEST_ASSERT_MSG_EQ(ha->GetAdvertisementCount(), 0, "counter");
        NS_TEST_ASSERT_MSG_EQ(ha->GetAdvertisableMobileRouters().size(), 0, "none advertisable");
    }
};

/**
 * \ingroup haaro-tests
 * Solicitation (S=1 with a home address): the reply has S=1 in 49/1 and advertises only the
 * solicited router; an unknown router gives no advertisement; the next plain registration
 * is back to the full list with S=0.
 */
class SolicitationTestCase : public TestCase
{
  public:
    SolicitationTestCase()
        : TestCase("solicitation: S=1 echoed, only the solicited router advertised")
    {
    }

  private:
    void DoRun() override
    {
        HaaroScenario s(3);
        s.Build({Seconds(0.5), Seconds(1), Seconds(1.5)});
        Ptr<MobileRouter> mr0 = s.network.mobileRouters[0];
        Ipv4Address hoa2 = s.Hoa(2);
        HaaroSchedule(Seconds(2), [mr0, hoa2]() { mr0->GetUplink(0)->Solicit(hoa2); });
        HaaroSchedule(Seconds(3),
                      [mr0]() { mr0->GetUplink(0)->Solicit(Ipv4Address("10.0.0.99")); });
        HaaroSchedule(Seconds(4), [mr0]() { mr0->GetUplink(0)->Register(); });
        s.Run(Seconds(5));

        std::optional<MipRegistrationReply> solicited = s.FirstReplyTo(0, Seconds(2));
        NS_TEST_ASSERT_MSG_EQ(solicited.has_value(), true, "reply to the solicitation");
        std::optional<RoReplyExtension> ro = RoReplyExtension::Find(*solicited);
        NS_TEST_ASSERT_MSG_EQ(ro.has_value(), true, "49/1");
        NS_TEST_ASSERT_MSG_EQ(ro->GetFlag(RoReplyExtension::FLAG_S), true, "S=1");
        std::optional<PrefixAdvertisementExtension> adv =
            PrefixAdvertisementExtension::Find(*solicited);
        NS_TEST_ASSERT_MSG_EQ(adv.has_value(), true, "50/1");
        NS_TEST_ASSERT_MSG_EQ(adv->GetEntryCount(), 1, "only the solicited router");
        NS_TEST_ASSERT_MSG_EQ(adv->GetEntries()[0].homeAddress, hoa2, "site 2");
        NS_TEST_ASSERT_MSG_EQ(adv->GetEntries()[0].prefixes.size(), 1, "with its prefix");
        NS_TEST_ASSERT_MSG_EQ(adv->GetEntries()[0].prefixes[0].prefix,
                              s.topology.sites[2].mnpAddress,
                              "site 2's MNP");

        std::optional<MipRegistrationReply> unknown = s.FirstReplyTo(0, Seconds(3));
        NS_TEST_ASSERT_MSG_EQ(unknown.has_value(), true, "reply to the second solicitation");
        NS_TEST_ASSERT_MSG_EQ(RoReplyExtension::Find(*unknown)->GetFlag(RoReplyExtension::FLAG_S),
                              true,
                              "S=1");
        NS_TEST_ASSERT_MSG_EQ(CountAdvertisements(*unknown), 0, "unknown router: no 50/1");

        std::optional<MipRegistrationReply> plain = s.FirstReplyTo(0, Seconds(4));
        NS_TEST_ASSERT_MSG_EQ(plain.has_value(), true, "reply to the plain registration");
        NS_TEST_ASSERT_MSG_EQ(RoReplyExtension::Find(*plain)->GetFlag(RoReplyExtension::FLAG_S),
                              false,
                              "S=0 again");
        NS_TEST_ASSERT_MSG_EQ(ListedRouters(*plain).size(), 2, "full list: sites 1 and 2");
    }
};

/**
 * \ingroup haaro-tests
 * AdvertisementOrder: Registration lists in order of first registration, HomeAddress by
 * ascending address.
 */
class OrderTestCase : public TestCase
{
  public:
    /// \param byAddress HomeAddress order (else Registration)
    explicit OrderTestCase(bool byAddress)
        : TestCase(byAddress ? "AdvertisementOrder=HomeAddress lists by ascending address"
                             : "AdvertisementOrder=Registration lists by first registration"),
          m_byAddress(byAddress)
    {
    }

  private:
    void DoRun() override
    {
        HaaroScenario s(4);
        s.nemo.SetHomeAgentAttribute("AdvertisementOrder",
                                     StringValue(m_byAddress ? "HomeAddress" : "Registration"));
        // Registration in reverse address order: site 3, 2, 1, then 0.
        s.Build({Seconds(2.5), Seconds(2), Seconds(1.5), Seconds(1)});
        s.Run(Seconds(3.5));
        std::optional<MipRegistrationReply> r0 = s.FirstReplyTo(0);
        NS_TEST_ASSERT_MSG_EQ(r0.has_value(), true, "site 0 got a reply");
        std::vector<Ipv4Address> listed = ListedRouters(*r0);
        NS_TEST_ASSERT_MSG_EQ(listed.size(), 3, "three routers");
        std::vector<uint32_t> order =
            m_byAddress ? std::vector<uint32_t>{1, 2, 3} : std::vector<uint32_t>{3, 2, 1};
        for (size_t k = 0; k < 3; ++k)
        {
            NS_TEST_ASSERT_MSG_EQ(listed[k], s.Hoa(order[k]), "position " << k);
        }
        std::vector<Ipv4Address> all = s.network.homeAgent->GetAdvertisableMobileRouters();
        NS_TEST_ASSERT_MSG_EQ(all.size(), 4, "four advertisable");
        NS_TEST_ASSERT_MSG_EQ(all.front(), s.Hoa(m_byAddress ? 0 : 3), "first of the order");
    }

    bool m_byAddress; //!< HomeAddress order
};

/**
 * \ingroup haaro-tests
 * MaxAdvertisementSize: the list stops at a router boundary; if not even the first router
 * fits there is no advertisement.
 */
class MaxSizeTestCase : public TestCase
{
  public:
    /// \param maxSize the attribute \param routers routers expected in D's advertisement
    MaxSizeTestCase(uint32_t maxSize, uint32_t routers)
        : TestCase("MaxAdvertisementSize=" + std::to_string(maxSize) + ": " +
                   std::to_string(routers) + " routers for the fourth"),
          m_maxSize(maxSize),
          m_routers(routers)
    {
    }

  private:
    void DoRun() override
    {
        HaaroScenario s(4);
        s.nemo.SetHomeAgentAttribute("MaxAdvertisementSize", UintegerValue(m_maxSize));
        s.Build({Seconds(1), Seconds(2), Seconds(3), Seconds(4)});
        s.Run(Seconds(5));
        // D's full list (A, B, C): header 4 + A 29 + B 16 + C 16 = 65 octets (C: 40 0a 00 00
        // 03, 98 02, 06 "site-2" 84 00 - delta against the master 10.128.0.0).
        std::optional<MipRegistrationReply> d = s.FirstReplyTo(3);
        NS_TEST_ASSERT_MSG_EQ(d.has_value(), true, "D got a reply");
        NS_TEST_ASSERT_MSG_EQ(unsigned(d->GetCode()), unsigned(MIP_REPLY_ACCEPTED), "accepted");
        NS_TEST_ASSERT_MSG_EQ(RoReplyExtension::Find(*d).has_value(), true, "49/1 anyway");
        std::vector<Ipv4Address> listed = ListedRouters(*d);
        NS_TEST_ASSERT_MSG_EQ(listed.size(), m_routers, "routers that fit");
        for (size_t k = 0; k < listed.size(); ++k)
        {
            NS_TEST_ASSERT_MSG_EQ(listed[k], s.Hoa(k), "in order, whole routers");
        }
        std::optional<MipExtension> raw = FindRawAdvertisement(*d);
        NS_TEST_ASSERT_MSG_EQ(raw.has_value(), (m_routers > 0), "50/1 present iff a router fits");
        if (raw)
        {
            size_t size = WireOctets(*raw).size();
            NS_TEST_ASSERT_MSG_LT_OR_EQ(size, m_maxSize, "within the limit");
            const size_t sizes[] = {0, 33, 49, 65};
            NS_TEST_ASSERT_MSG_EQ(size, sizes[m_routers], "size of the routers that fit");
            PrefixAdvertisementExtension adv = *PrefixAdvertisementExtension::Find(*d);
            NS_TEST_ASSERT_MSG_EQ(adv.GetEntries().back().prefixes.size(), 1, "complete entry");
        }
    }

    uint32_t m_maxSize; //!< MaxAdvertisementSize
    uint32_t m_routers; //!< expected routers
};

/**
 * \ingroup haaro-tests
 * NAT detection (RFC 3519 test): a request whose IP source differs from its Care-of Address
 * field gets N=1; a request sent from the care-of address gets N=0. The crafted request
 * carries a UDP Tunnel Request, as a router behind a NAT must (without one it is refused
 * with 129, RFC 3519 section 4.6.1).
 */
class NatDetectionTestCase : public TestCase
{
  public:
    NatDetectionTestCase()
        : TestCase("N=1 when the request's IP source differs from its care-of address")
    {
    }

  private:
    void DoRun() override
    {
        HaaroScenario s(2);
        // Site 0's router never runs: its registration is crafted and sent from the peering
        // point, as if a NAT had rewritten the source of a request from its care-of address.
        s.Build({Seconds(100), Seconds(0)});
        const VirtualOperatorSite& site0 = s.topology.sites[0];
        MipSecurityAssociation sa =
            NemoNetworkHelper::MakeSecurityAssociation(0, site0.homeAddress);
        Ptr<Socket> socket =
            Socket::CreateSocket(s.topology.peering, UdpSocketFactory::GetTypeId());
        socket->Bind();
        Ipv4Address ha = s.topology.homeAgentAddress;
        HaaroSchedule(Seconds(1), [&]() {
            MipRegistrationRequest rrq;
            rrq.SetFlag(MipRegistrationRequest::FLAG_D, true);
            rrq.SetFlag(MipRegistrationRequest::FLAG_T, true);
            rrq.SetLifetime(60);
            rrq.SetHomeAddress(site0.homeAddress);
            rrq.SetHomeAgent(ha);
            rrq.SetCareOfAddress(site0.uplinks[0].careOfAddress);
            rrq.SetIdentification(MipNtpTime::ToNtp(Simulator::Now()));
            RoCapabilityExtension capability;
            capability.SetFlag(RoCapabilityExtension::FLAG_A, true);
            capability.SetFlag(RoCapabilityExtension::FLAG_R, true);
            rrq.AddExtension(capability.ToExtension());
            rrq.AddExtension(
                UdpTunnelRequestExtension(false, UdpTunnelRequestExtension::ENCAP_IP_IN_IP)
                    .ToExtension());
            MipAuthExtension::Append(rrq,
                                     MipAuthExtension::TYPE_MOBILE_HOME,
                                     sa.GetSpi(),
                                     sa.GetKey());
            Ptr<Packet> p = Create<Packet>();
            p->AddHeader(rrq);
            socket->SendTo(p, 0, InetSocketAddress(ha, MIP_UDP_PORT));
        });
        s.Run(Seconds(2));

        std::optional<MipRegistrationReply> crafted = s.FirstReplyTo(0);
        NS_TEST_ASSERT_MSG_EQ(crafted.has_value(), true, "the HA answered");
        NS_TEST_ASSERT_MSG_EQ(unsigned(crafted->GetCode()),
                              unsigned(MIP_REPLY_ACCEPTED),
                              "accepted");
        std::optional<RoReplyExtension> ro = RoReplyExtension::Find(*crafted);
        NS_TEST_ASSERT_MSG_EQ(ro.has_value(), true, "49/1");
        NS_TEST_ASSERT_MSG_EQ(ro->GetFlag(RoReplyExtension::FLAG_N), true, "NAT detected");
        std::vector<Ipv4Address> listed = ListedRouters(*crafted);
        NS_TEST_ASSERT_MSG_EQ(listed.size(), 1, "told about site 1");
        for (const auto& r : s.replies)
        {
            if (r.reply.GetHomeAddress() == site0.homeAddress)
            {
                NS_TEST_ASSERT_MSG_EQ(r.to,
                                      s.topology.peeringBackendAddress,
                                      "the reply goes to the request's source");
            }
        }

        std::optional<MipRegistrationReply> direct = s.FirstReplyTo(1);
        NS_TEST_ASSERT_MSG_EQ(direct.has_value(), true, "site 1 registered");
        NS_TEST_ASSERT_MSG_EQ(RoReplyExtension::Find(*direct)->GetFlag(RoReplyExtension::FLAG_N),
                              false,
                              "no NAT for site 1");
    }
};

/**
 * \ingroup haaro-tests
 * Issue 12 item 10: RFC 5944 section 3.2 indexes a Mobility Security Association "by
 * their SPI and IP address"; a request for a known home address with an SPI the Home Agent
 * has no association for is one "from a mobile node with which it does not have any
 * security association", which the home agent "MUST silently discard" (section 3.8.2.1):
 * no reply, counted as ProtocolDrop UNKNOWN_PEER (before: a 131). Control (wrongKey): the
 * right SPI with a wrong key is an invalid authenticator, which the Home Agent MAY answer
 * with a 131 signed with the association it has (same section); it does.
 */
class UnknownSpiTestCase : public TestCase
{
  public:
    /// \param wrongKey the control: the right SPI, a wrong key
    explicit UnknownSpiTestCase(bool wrongKey)
        : TestCase(wrongKey ? "control: the right SPI with a wrong key gets a signed 131"
                            : "a request with an SPI without security association is discarded "
                              "silently (RFC 5944 section 3.8.2.1)"),
          m_wrongKey(wrongKey)
    {
    }

  private:
    void DoRun() override
    {
        HaaroScenario s(2);
        // Site 0's router never runs; its requests are crafted on its own router node, from
        // its care-of address.
        s.Build({Seconds(100), Seconds(0)});
        const VirtualOperatorSite& site0 = s.topology.sites[0];
        MipSecurityAssociation sa =
            NemoNetworkHelper::MakeSecurityAssociation(0, site0.homeAddress);
        uint32_t spi = m_wrongKey ? sa.GetSpi() : sa.GetSpi() + 1;
        MipBytes key = sa.GetKey();
        if (m_wrongKey)
        {
            key[0] ^= 0xff;
        }
        Ptr<Socket> socket =
            Socket::CreateSocket(site0.mobileRouter, UdpSocketFactory::GetTypeId());
        socket->Bind(InetSocketAddress(site0.uplinks[0].careOfAddress, 0));
        std::vector<MipRegistrationReply> received;
        socket->SetRecvCallback(MakeBoundCallback(&UnknownSpiTestCase::Receive, &received));
        Ipv4Address ha = s.topology.homeAgentAddress;
        Ptr<HomeAgent> agent = s.network.homeAgent;
        uint64_t unknownBefore = 0;
        uint64_t authBefore = 0;
        for (uint32_t i = 0; i < 5; ++i)
        {
            HaaroSchedule(Seconds(1) + MilliSeconds(100 * i), [&, i]() {
                if (i == 0)
                {
                    unknownBefore = agent->GetProtocolDropCount(ProtocolDrop::UNKNOWN_PEER);
                    authBefore = agent->GetProtocolDropCount(ProtocolDrop::AUTHENTICATION_FAILED);
                }
                MipRegistrationRequest rrq;
                rrq.SetFlag(MipRegistrationRequest::FLAG_D, true);
                rrq.SetFlag(MipRegistrationRequest::FLAG_T, true);
                rrq.SetLifetime(60);
                rrq.SetHomeAddress(site0.homeAddress);
                rrq.SetHomeAgent(ha);
                rrq.SetCareOfAddress(site0.uplinks[0].careOfAddress);
                rrq.SetIdentification(MipNtpTime::ToNtp(Simulator::Now()));
                MipAuthExtension::Append(rrq, MipAuthExtension::TYPE_MOBILE_HOME, spi, key);
                Ptr<Packet> p = Create<Packet>();
                p->AddHeader(rrq);
                socket->SendTo(p, 0, InetSocketAddress(ha, MIP_UDP_PORT));
            });
        }
        s.Run(Seconds(2));

        uint64_t unknown = agent->GetProtocolDropCount(ProtocolDrop::UNKNOWN_PEER) - unknownBefore;
        uint64_t auth =
            agent->GetProtocolDropCount(ProtocolDrop::AUTHENTICATION_FAILED) - authBefore;
        std::cout << "    " << GetName() << ": " << received.size() << " replies, UNKNOWN_PEER "
                  << unknown << ", AUTHENTICATION_FAILED " << auth << std::endl;
        NS_TEST_ASSERT_MSG_EQ(agent->GetBindingTable()->Find(site0.homeAddress),
                              nullptr,
                              "no binding");
        NS_TEST_ASSERT_MSG_NE(agent->GetBindingTable()->Find(s.Hoa(1)),
                              nullptr,
                              "the honest router is bound");
        if (!m_wrongKey)
        {
            NS_TEST_ASSERT_MSG_EQ(received.size(), 0, "silently discarded: no reply");
            NS_TEST_ASSERT_MSG_EQ(s.RepliesTo(0).size(), 0, "the HA sent none");
            NS_TEST_ASSERT_MSG_EQ(unknown, 5, "each one counted");
            NS_TEST_ASSERT_MSG_EQ(auth, 0, "not an authentication failure");
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(received.size(), 5, "a 131 for each");
        for (const MipRegistrationReply& r : received)
        {
            NS_TEST_ASSERT_MSG_EQ(unsigned(r.GetCode()), 131u, "MN failed authentication");
            MipRegistrationReply copy = r;
            NS_TEST_ASSERT_MSG_EQ((MipAuthExtension::Verify(copy,
                                                            MipAuthExtension::TYPE_MOBILE_HOME,
                                                            sa.GetSpi(),
                                                            sa.GetKey()) == MipAuthResult::OK),
                                  true,
                                  "signed with the Home Agent's association");
        }
        NS_TEST_ASSERT_MSG_EQ(auth, 5, "counted as authentication failures");
        NS_TEST_ASSERT_MSG_EQ(unknown, 0, "the association exists");
    }

    /// \param out replies \param socket the crafted router's socket
    static void Receive(std::vector<MipRegistrationReply>* out, Ptr<Socket> socket)
    {
        Ptr<Packet> p;
        while ((p = socket->Recv()))
        {
            MipBytes bytes(p->GetSize());
            p->CopyData(bytes.data(), bytes.size());
            MipRegistrationReply reply;
            if (reply.FromBytes(bytes) != 0)
            {
                out->push_back(reply);
            }
        }
    }

    bool m_wrongKey; //!< control run
};

/**
 * \ingroup haaro-tests
 * Issue 10, A3: a captured Registration Request of a router that opted out of
 * advertisement (A=0) is replayed 10 times from another address (the peering point), with a
 * 153/1 (A=1, R=1) appended after its MN-HA authenticator. A copy that repeats the accepted
 * current Identification is a duplicate (RFC 5944 section 3.8.2.2), and from an address other
 * than the binding's a replay (section 5.7.1): it gets 133, is no NAT, changes no flag, gets
 * no advertisement and no reply larger than itself. Control (attack=false): the genuine
 * request is accepted, the router is not advertisable, no NAT is seen, while site 1 is
 * advertisable (so that the check could fail).
 */
class DuplicateFromElsewhereTestCase : public TestCase
{
  public:
    /// \param attack replay the request from the peering point
    explicit DuplicateFromElsewhereTestCase(bool attack)
        : TestCase(attack ? "A3: a duplicate request from another address is no NAT and gets no "
                            "advertisement"
                          : "A3 control: the genuine request of an opted-out router"),
          m_attack(attack)
    {
    }

  private:
    void DoRun() override
    {
        HaaroScenario s(3);
        s.Build();
        Ptr<MobileRouter> mr0 = s.network.mobileRouters[0];
        mr0->SetAttribute("AdvertiseNetworks", BooleanValue(false));
        Ptr<HomeAgent> ha = s.network.homeAgent;
        std::optional<MipRegistrationRequest> captured;
        mr0->TraceConnectWithoutContext("RequestSent",
                                        MakeBoundCallback(
                                            +[](std::optional<MipRegistrationRequest>* out,
                                                const MipRegistrationRequest& r,
                                                Ipv4Address) {
                                                if (!out->has_value())
                                                {
                                                    *out = r;
                                                }
                                            },
                                            &captured));
        Ptr<Socket> socket =
            Socket::CreateSocket(s.topology.peering, UdpSocketFactory::GetTypeId());
        socket->Bind();
        uint32_t requestOctets = 0;
        uint64_t natBefore = 0;
        for (uint32_t i = 0; m_attack && i < 10; ++i)
        {
            HaaroSchedule(Seconds(4) + MilliSeconds(10 * i), [&, i]() {
                if (i == 0)
                {
                    natBefore = ha->GetNatDetectedCount();
                }
                MipRegistrationRequest copy = *captured;
                RoCapabilityExtension forged;
                forged.SetFlag(RoCapabilityExtension::FLAG_A, true);
                forged.SetFlag(RoCapabilityExtension::FLAG_R, true);
                copy.AddExtension(forged.ToExtension()); // after the authenticator
                Ptr<Packet> p = Create<Packet>();
                p->AddHeader(copy);
                requestOctets = p->GetSize();
                socket->SendTo(p, 0, InetSocketAddress(s.topology.homeAgentAddress, MIP_UDP_PORT));
            });
        }
        s.Run(Seconds(5));

        Ipv4Address hoa = s.Hoa(0);
        Ipv4Address careOf = s.topology.sites[0].uplinks[0].careOfAddress;
        NS_TEST_ASSERT_MSG_EQ(captured.has_value(), true, "the router sent a request");
        std::optional<MipRegistrationReply> first = s.FirstReplyTo(0);
        NS_TEST_ASSERT_MSG_EQ(first.has_value(), true, "the HA answered the router");
        NS_TEST_ASSERT_MSG_EQ(unsigned(first->GetCode()), 0u, "the genuine request is accepted");
        NS_TEST_ASSERT_MSG_EQ(ha->IsAdvertisable(s.Hoa(1)), true, "site 1 (A=1) is advertisable");
        NS_TEST_ASSERT_MSG_EQ(ha->IsAdvertisable(hoa), false, "the opted-out router is not");
        NS_TEST_ASSERT_MSG_EQ(ha->GetRoCapability(hoa).has_value(), true, "153/1 recorded");
        NS_TEST_ASSERT_MSG_EQ(ha->GetRoCapability(hoa)->GetFlag(RoCapabilityExtension::FLAG_A),
                              false,
                              "A=0 stays");
        const HaBinding* b = ha->GetBindingTable()->FindBinding(hoa, careOf);
        NS_TEST_ASSERT_MSG_NE(b, nullptr, "the binding");
        NS_TEST_ASSERT_MSG_EQ(b->requestSource, careOf, "request source unchanged");
        NS_TEST_ASSERT_MSG_EQ(b->natDetected, false, "no NAT in the binding");
        NS_TEST_ASSERT_MSG_EQ(ha->GetNatDetectedCount(), 0, "NatDetected stays 0");

        uint32_t toAttacker = 0;
        uint32_t largest = 0;
        uint32_t advertisements = 0;
        for (const auto& r : s.replies)
        {
            if (r.to == s.topology.peeringBackendAddress)
            {
                toAttacker++;
                largest = std::max(largest, r.reply.GetSerializedSize());
                advertisements += CountAdvertisements(r.reply);
                if (m_attack)
                {
                    NS_TEST_EXPECT_MSG_EQ(unsigned(r.reply.GetCode()),
                                          unsigned(MIP_REPLY_HA_ID_MISMATCH),
                                          "a replay: 133");
                }
            }
        }
        std::cout << "    " << GetName() << ": NatDetected " << natBefore << " -> "
                  << ha->GetNatDetectedCount() << ", " << toAttacker << " replies to the copies, "
                  << "largest " << largest << " octets for " << requestOctets
                  << "-octet requests, advertisements " << advertisements << std::endl;
        if (m_attack)
        {
            NS_TEST_ASSERT_MSG_EQ(toAttacker, 10, "each copy answered (RFC 5944: to its source)");
            NS_TEST_ASSERT_MSG_EQ(advertisements, 0, "no advertisement");
            NS_TEST_ASSERT_MSG_LT_OR_EQ(largest, requestOctets, "no amplification");
            NS_TEST_ASSERT_MSG_EQ(
                ha->GetProtocolDropCount(ProtocolDrop::UNAUTHENTICATED_EXTENSIONS),
                10,
                "the appended 153/1 counted, never obeyed");
            NS_TEST_ASSERT_MSG_GT_OR_EQ(
                ha->GetProtocolDropCount(ProtocolDrop::IDENTIFICATION_MISMATCH),
                10,
                "the replays counted");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(toAttacker, 0, "nothing sent to the peering point");
        }
    }

    bool m_attack; //!< replay the request
};

/**
 * \ingroup haaro-tests
 * The Home Agent declines route optimization (RO Reply code 16, RFC 6521 section 5.2): by
 * policy for one router (site 2), or for all (DeclineRouteOptimization). A declined router
 * gets code 16 and no advertisement, is not advertised to others, and starts no route
 * optimization: its traffic to site 0 stays on the HA path.
 */
class DeclineTestCase : public TestCase
{
  public:
    /// \param all decline for every router (the attribute), otherwise for site 2 only
    explicit DeclineTestCase(bool all)
        : TestCase(all ? "HA declines route optimization for all routers (code 16)"
                       : "HA declines route optimization for one router (code 16)"),
          m_all(all)
    {
    }

  private:
    void DoRun() override
    {
        HaaroScenario s(3);
        s.Build({Seconds(1), Seconds(2), Seconds(3)});
        Ptr<HomeAgent> ha = s.network.homeAgent;
        if (m_all)
        {
            ha->SetAttribute("DeclineRouteOptimization", BooleanValue(true));
        }
        else
        {
            ha->SetRouteOptimizationDeclined(s.Hoa(2), true);
        }
        // Site 2 sends to site 0 from 4 s; a direct path would arrive with TTL 62.
        Ptr<Socket> sink =
            Socket::CreateSocket(s.topology.sites[0].hosts.Get(0), UdpSocketFactory::GetTypeId());
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9000));
        sink->SetIpRecvTtl(true);
        std::vector<uint8_t> ttls;
        sink->SetRecvCallback(MakeBoundCallback(&DeclineTestCase::Receive, &ttls));
        UdpClientHelper client(s.topology.sites[0].hostAddresses[0], 9000);
        client.SetAttribute("Interval", TimeValue(MilliSeconds(100)));
        client.SetAttribute("MaxPackets", UintegerValue(1000));
        ApplicationContainer app = client.Install(s.topology.sites[2].hosts.Get(0));
        app.Start(Seconds(4));
        app.Stop(Seconds(7));
        s.Run(Seconds(7));

        std::optional<MipRegistrationReply> r2 = s.FirstReplyTo(2);
        NS_TEST_ASSERT_MSG_EQ(r2.has_value(), true, "site 2 got a reply");
        NS_TEST_ASSERT_MSG_EQ(unsigned(RoReplyExtension::Find(*r2)->GetCode()),
                              unsigned(RoReplyExtension::CODE_DECLINED_UNSPECIFIED),
                              "code 16");
        NS_TEST_ASSERT_MSG_EQ(CountAdvertisements(*r2), 0, "no 50/1 for a declined router");
        Ptr<RouteOptimizer> ro2 = s.network.mobileRouters[2]->GetRouteOptimizer();
        NS_TEST_ASSERT_MSG_EQ(ro2->IsDeclined(), true, "MR C knows");
        NS_TEST_ASSERT_MSG_EQ(ha->IsAdvertisable(s.Hoa(2)), false, "not advertised");
        std::optional<MipRegistrationReply> r1 = s.FirstReplyTo(1);
        NS_TEST_ASSERT_MSG_EQ(unsigned(RoReplyExtension::Find(*r1)->GetCode()),
                              unsigned(m_all ? RoReplyExtension::CODE_DECLINED_UNSPECIFIED
                                             : RoReplyExtension::CODE_ROUTE_OPTIMIZATION),
                              "site 1's code");
        NS_TEST_ASSERT_MSG_EQ(CountAdvertisements(*r1),
                              (m_all ? 0 : 1),
                              "site 1 learns site 0 only");
        NS_TEST_ASSERT_MSG_GT(ttls.size(), 25u, "traffic flows (30 sent)");
        for (uint8_t ttl : ttls)
        {
            NS_TEST_ASSERT_MSG_EQ(unsigned(ttl), 61u, "via the HA, never direct");
        }
        RocEntry* a = ro2->GetCache().Find(s.Hoa(0));
        NS_TEST_ASSERT_MSG_EQ(a && a->registeredWithPeer, false, "no registration with site 0");
    }

    /// \param out TTLs \param socket sink
    static void Receive(std::vector<uint8_t>* out, Ptr<Socket> socket)
    {
        Ptr<Packet> p;
        while ((p = socket->Recv()))
        {
            SocketIpTtlTag ttl;
            p->RemovePacketTag(ttl);
            out->push_back(ttl.GetTtl());
        }
    }

    bool m_all; //!< decline for all
};

/**
 * \ingroup haaro-tests
 * The HAARO Home Agent suite.
 */
class HaaroHaTestSuite : public TestSuite
{
  public:
    HaaroHaTestSuite()
        : TestSuite("haaro-ha-ro", UNIT)
    {
        AddTestCase(new RegistrationSequenceTestCase, TestCase::QUICK);
        AddTestCase(new NoRoutingUpdatesTestCase, TestCase::QUICK);
        AddTestCase(new NoCompressionTestCase, TestCase::QUICK);
        AddTestCase(new FlagsTestCase, TestCase::QUICK);
        AddTestCase(new DisabledTestCase, TestCase::QUICK);
        AddTestCase(new SolicitationTestCase, TestCase::QUICK);
        AddTestCase(new OrderTestCase(false), TestCase::QUICK);
        AddTestCase(new OrderTestCase(true), TestCase::QUICK);
        AddTestCase(new MaxSizeTestCase(64, 2), TestCase::QUICK);
        AddTestCase(new MaxSizeTestCase(65, 3), TestCase::QUICK);
        AddTestCase(new MaxSizeTestCase(32, 0), TestCase::QUICK);
        AddTestCase(new NatDetectionTestCase, TestCase::QUICK);
        AddTestCase(new UnknownSpiTestCase(false), TestCase::QUICK);
        AddTestCase(new UnknownSpiTestCase(true), TestCase::QUICK);
        AddTestCase(new DeclineTestCase(false), TestCase::QUICK);
        AddTestCase(new DeclineTestCase(true), TestCase::QUICK);
        AddTestCase(new DuplicateFromElsewhereTestCase(false), TestCase::QUICK);
        AddTestCase(new DuplicateFromElsewhereTestCase(true), TestCase::QUICK);
    }
};

HaaroHaTestSuite g_haaroHaTestSuite;

} // namespace
