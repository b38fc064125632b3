/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * RFC 6521 extensions (section 5.1-5.4): Route Optimization Capability (153/1), Route
 * Optimization Reply (49/1), Mobile-Correspondent Authentication (49/2) and Care-of
 * Address (49/3). Byte vectors were derived by hand from the RFC drawings; the HMAC
 * vectors were computed independently with Python's hmac/hashlib modules.
 */
#include "fuzz-util.h"
#include "wire-test-util.h"

#include "ns3/mip-auth-extension.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/mip-registration-request.h"
#include "ns3/packet.h"
#include "ns3/ro-extensions.h"

#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;
using namespace haaro_test;

namespace
{

/// KRm of the return routability vectors.
const MipBytes KRM = MipFromHex(KRM_HEX);

/**
 * Fuzzes FromExtension of a typed class with arbitrary data octets; an accepted input must
 * give an extension that converts to a raw form which parses back to the same raw form.
 */
template <typename T>
int
FuzzTyped(const std::vector<MipBytes>& samples, bool rejectPrefixes)
{
    return haaro_test::FuzzParser(
        [](const MipBytes& in) {
            std::optional<T> t = T::FromExtension(MipExtension::Short(T::TYPE, T::SUBTYPE, in));
            if (t)
            {
                MipExtension raw = t->ToExtension();
                EXPECT_EQ(raw.data.size(), in.size());
                std::optional<T> again = T::FromExtension(raw);
                EXPECT_TRUE(again.has_value());
                if (again)
                {
                    EXPECT_EQ(again->ToExtension(), raw);
                }
            }
            return t.has_value();
        },
        samples,
        rejectPrefixes);
}

} // namespace

/* ---------------------------------------------------------------------------------------
 * 153/1 Route Optimization Capability
 */

TEST(RoCapabilityExtension, ByteVectorWithoutAddress)
{
    RoCapabilityExtension cap;
    EXPECT_EQ(MipToHex(Serialize(cap.ToExtension())), "99 02 01 00");
    EXPECT_EQ(cap.GetFlags(), 0);
    EXPECT_FALSE(cap.GetSolicitedHomeAddress().has_value());
}

TEST(RoCapabilityExtension, EveryFlagHasItsBit)
{
    using C = RoCapabilityExtension;
    const std::pair<C::Flag, const char*> bits[] = {{C::FLAG_A, "99 02 01 80"},
                                                    {C::FLAG_R, "99 02 01 40"},
                                                    {C::FLAG_O, "99 02 01 10"}};
    for (auto [flag, wire] : bits)
    {
        C cap;
        cap.SetFlag(flag, true);
        EXPECT_EQ(MipToHex(Serialize(cap.ToExtension())), wire);
        std::optional<C> back = C::FromExtension(cap.ToExtension());
        ASSERT_TRUE(back.has_value());
        for (C::Flag f : {C::FLAG_A, C::FLAG_R, C::FLAG_S, C::FLAG_O})
        {
            EXPECT_EQ(back->GetFlag(f), f == flag) << "flag " << unsigned(f);
        }
        cap.SetFlag(flag, false);
        EXPECT_EQ(MipToHex(Serialize(cap.ToExtension())), "99 02 01 00");
    }

    // S goes with the optional HoA: bit 0x20 and Length 6.
    C cap;
    cap.SetSolicitedHomeAddress(Ipv4Address("10.0.0.9"));
    EXPECT_TRUE(cap.GetFlag(C::FLAG_S));
    EXPECT_EQ(MipToHex(Serialize(cap.ToExtension())), "99 06 01 20 0a 00 00 09");
    std::optional<C> back = C::FromExtension(cap.ToExtension());
    ASSERT_TRUE(back.has_value());
    EXPECT_TRUE(back->GetFlag(C::FLAG_S));
    EXPECT_FALSE(back->GetFlag(C::FLAG_A));
    EXPECT_FALSE(back->GetFlag(C::FLAG_R));
    EXPECT_FALSE(back->GetFlag(C::FLAG_O));
    EXPECT_EQ(back->GetSolicitedHomeAddress(), std::optional<Ipv4Address>("10.0.0.9"));
    cap.SetFlag(C::FLAG_S, false); // clearing S drops the address
    EXPECT_EQ(MipToHex(Serialize(cap.ToExtension())), "99 02 01 00");
}

TEST(RoCapabilityExtension, AllFlagsAndAddress)
{
    RoCapabilityExtension cap;
    cap.SetFlag(RoCapabilityExtension::FLAG_A, true);
    cap.SetFlag(RoCapabilityExtension::FLAG_R, true);
    cap.SetFlag(RoCapabilityExtension::FLAG_O, true);
    cap.SetSolicitedHomeAddress(Ipv4Address("198.51.100.200"));
    EXPECT_EQ(MipToHex(Serialize(cap.ToExtension())), "99 06 01 f0 c6 33 64 c8");
    cap.ClearSolicitation();
    EXPECT_EQ(MipToHex(Serialize(cap.ToExtension())), "99 02 01 d0");
    std::ostringstream os;
    os << cap;
    EXPECT_EQ(os.str(), "RO capability (153/1) flags=ARO");
}

TEST(RoCapabilityExtension, ReservedBitsAreIgnoredOnReceipt)
{
    std::optional<RoCapabilityExtension> cap =
        RoCapabilityExtension::FromExtension(MipExtension::Short(153, 1, MipFromHex("8f")));
    ASSERT_TRUE(cap.has_value());
    EXPECT_EQ(cap->GetFlags(), 0x80);
    EXPECT_EQ(MipToHex(Serialize(cap->ToExtension())), "99 02 01 80");
}

TEST(RoCapabilityExtension, MalformedIsRejected)
{
    using C = RoCapabilityExtension;
    // Wrong lengths.
    for (const char* data : {"", "00 00", "00 00 00", "20 0a 00 00", "20 0a 00 00 09 00"})
    {
        EXPECT_FALSE(C::FromExtension(MipExtension::Short(153, 1, MipFromHex(data))))
            << "data " << data;
    }
    // S without the address, and the address without S (our strict reading).
    EXPECT_FALSE(C::FromExtension(MipExtension::Short(153, 1, MipFromHex("20"))));
    EXPECT_FALSE(C::FromExtension(MipExtension::Short(153, 1, MipFromHex("c0 0a 00 00 09"))));
    // Not a 153/1 extension at all.
    EXPECT_FALSE(C::FromExtension(MipExtension::Short(153, 2, MipFromHex("80"))));
    EXPECT_FALSE(C::FromExtension(MipExtension::Short(49, 1, MipFromHex("80"))));
    EXPECT_FALSE(C::FromExtension(MipExtension::Tlv(153, MipFromHex("80"))));
}

TEST(RoCapabilityExtension, InRequestBeforeMobileHomeAuthentication)
{
    // Vector computed independently with Python's hmac module:
    // HMAC-MD5(00..0f, fixed part | 99 06 01 e0 0a 00 00 09 | 20 14 00 00 01 00).
    MipRegistrationRequest rrq = SampleRequest();
    RoCapabilityExtension cap;
    cap.SetFlag(RoCapabilityExtension::FLAG_A, true);
    cap.SetFlag(RoCapabilityExtension::FLAG_R, true);
    cap.SetSolicitedHomeAddress(Ipv4Address("10.0.0.9"));
    rrq.AddExtension(cap.ToExtension());
    MipAuthExtension::Append(rrq, MipAuthExtension::TYPE_MOBILE_HOME, 256, MN_HA_KEY);
    MipBytes expected = RequestWith("99 06 01 e0 0a 00 00 09 "
                                    "20 14 00 00 01 00 aa 16 f5 09 e0 8d 83 e4 d7 e8 7a 7a 62 57 "
                                    "a4 9e");
    EXPECT_EQ(MipToHex(rrq.ToBytes()), MipToHex(expected));

    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(rrq);
    MipRegistrationRequest back;
    ASSERT_EQ(p->RemoveHeader(back), expected.size());
    EXPECT_EQ(back.ToBytes(), expected);
    EXPECT_EQ(MipAuthExtension::Verify(back, 32, 256, MN_HA_KEY), MipAuthResult::OK);
    std::optional<RoCapabilityExtension> found = RoCapabilityExtension::Find(back);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->GetFlags(), 0xe0);
    EXPECT_EQ(found->GetSolicitedHomeAddress(), std::optional<Ipv4Address>("10.0.0.9"));
    EXPECT_FALSE(McAuthExtension::IsCorrespondentRegistration(back)); // aimed at the HA
}

TEST(RoCapabilityExtension, UnknownSubtypeIsSkippedButMalformedRejectsTheRequest)
{
    // 153/2 is not defined; 153 is skippable, so the request stands and keeps the octets.
    MipBytes bytes = RequestWith("99 03 02 aa bb 99 02 01 40");
    MipRegistrationRequest rrq;
    ASSERT_EQ(rrq.FromBytes(bytes), bytes.size());
    EXPECT_EQ(rrq.ToBytes(), bytes);
    std::optional<RoCapabilityExtension> cap = RoCapabilityExtension::Find(rrq);
    ASSERT_TRUE(cap.has_value());
    EXPECT_TRUE(cap->GetFlag(RoCapabilityExtension::FLAG_R));

    // A malformed 153/1 rejects the whole request.
    for (const char* ext : {"99 02 01 20", "99 06 01 00 0a 00 00 09", "99 03 01 00 00"})
    {
        ExpectRejected(rrq, RequestWith(ext), MipParseError::MALFORMED_EXTENSION);
    }
}

TEST(RoCapabilityExtension, MalformedInputNeverCrashes)
{
    FuzzTyped<RoCapabilityExtension>({MipFromHex("d0"), MipFromHex("f0 c6 33 64 c8")}, true);
}

/* ---------------------------------------------------------------------------------------
 * 49/1 Route Optimization Reply
 */

TEST(RoReplyExtension, EveryFlagHasItsBit)
{
    using R = RoReplyExtension;
    EXPECT_EQ(MipToHex(Serialize(R().ToExtension())), "31 02 01 00");
    const std::pair<R::Flag, const char*> bits[] = {{R::FLAG_O, "31 02 01 80"},
                                                    {R::FLAG_N, "31 02 01 40"},
                                                    {R::FLAG_S, "31 02 01 20"}};
    for (auto [flag, wire] : bits)
    {
        R reply;
        reply.SetFlag(flag, true);
        EXPECT_EQ(MipToHex(Serialize(reply.ToExtension())), wire);
        std::optional<R> back = R::FromExtension(reply.ToExtension());
        ASSERT_TRUE(back.has_value());
        for (R::Flag f : {R::FLAG_O, R::FLAG_N, R::FLAG_S})
        {
            EXPECT_EQ(back->GetFlag(f), f == flag);
        }
        EXPECT_EQ(back->GetCode(), 0);
        reply.SetFlag(flag, false);
        EXPECT_EQ(MipToHex(Serialize(reply.ToExtension())), "31 02 01 00");
    }
}

TEST(RoReplyExtension, CodesOccupyTheLowFiveBits)
{
    using R = RoReplyExtension;
    R reply;
    reply.SetCode(R::CODE_DECLINED_UNSPECIFIED);
    EXPECT_EQ(MipToHex(Serialize(reply.ToExtension())), "31 02 01 10");
    EXPECT_FALSE(reply.IsAccepted());
    reply.SetCode(1);
    EXPECT_EQ(MipToHex(Serialize(reply.ToExtension())), "31 02 01 01");
    reply.SetCode(R::MAX_CODE);
    reply.SetFlag(R::FLAG_O, true);
    reply.SetFlag(R::FLAG_N, true);
    reply.SetFlag(R::FLAG_S, true);
    EXPECT_EQ(MipToHex(Serialize(reply.ToExtension())), "31 02 01 ff");
    std::optional<R> back = R::FromExtension(MipExtension::Short(49, 1, MipFromHex("a5")));
    ASSERT_TRUE(back.has_value());
    EXPECT_TRUE(back->GetFlag(R::FLAG_O));
    EXPECT_FALSE(back->GetFlag(R::FLAG_N));
    EXPECT_TRUE(back->GetFlag(R::FLAG_S));
    EXPECT_EQ(back->GetCode(), 5);
    for (unsigned code = 0; code <= R::MAX_CODE; ++code)
    {
        R r;
        r.SetCode(code);
        EXPECT_EQ(r.IsAccepted(), code < 16) << code;
        EXPECT_EQ(R::FromExtension(r.ToExtension())->GetCode(), code);
    }
    EXPECT_EQ(R::CODE_ROUTE_OPTIMIZATION, 0);
    EXPECT_EQ(R::CODE_DECLINED_UNSPECIFIED, 16);
}

TEST(RoReplyExtensionDeathTest, CodeAboveThirtyOneDoesNotFit)
{
    RoReplyExtension reply;
    EXPECT_DEATH(reply.SetCode(32), "5-bit");
}

TEST(RoReplyExtension, MalformedIsRejected)
{
    using R = RoReplyExtension;
    EXPECT_FALSE(R::FromExtension(MipExtension::Short(49, 1, {})));
    EXPECT_FALSE(R::FromExtension(MipExtension::Short(49, 1, MipFromHex("00 00"))));
    EXPECT_FALSE(R::FromExtension(MipExtension::Short(49, 2, MipFromHex("00"))));
    EXPECT_FALSE(R::FromExtension(MipExtension::Short(153, 1, MipFromHex("00"))));
    MipRegistrationReply rrp;
    for (const char* ext : {"31 01 01", "31 03 01 00 00"})
    {
        ExpectRejected(rrp, ReplyWith(ext), MipParseError::MALFORMED_EXTENSION);
    }
}

TEST(RoReplyExtension, MalformedInputNeverCrashes)
{
    FuzzTyped<RoReplyExtension>({MipFromHex("80"), MipFromHex("70")}, true);
}

/* ---------------------------------------------------------------------------------------
 * 49/2 Mobile-Correspondent Authentication
 */

TEST(McAuthExtension, ByteVectorAndRoundTrip)
{
    McAuthExtension mc(0x0102, 0x0304, MipBytes(16, 0xaa));
    EXPECT_EQ(MipToHex(Serialize(mc.ToExtension())),
              "31 16 02 00 01 02 03 04 aa aa aa aa aa aa aa aa aa aa aa aa aa aa aa aa");
    std::optional<McAuthExtension> back = McAuthExtension::FromExtension(mc.ToExtension());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->GetHomeNonceIndex(), 0x0102);
    EXPECT_EQ(back->GetCareOfNonceIndex(), 0x0304);
    EXPECT_EQ(back->GetAuthenticator(), MipBytes(16, 0xaa));

    // Reserved is ignored on receipt and sent as zero.
    back = McAuthExtension::FromExtension(MipExtension::Short(49, 2, MipFromHex("ff 00 07 00 08")));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->GetHomeNonceIndex(), 7);
    EXPECT_EQ(back->GetCareOfNonceIndex(), 8);
    EXPECT_TRUE(back->GetAuthenticator().empty());
    EXPECT_EQ(MipToHex(Serialize(back->ToExtension())), "31 06 02 00 00 07 00 08");
}

TEST(McAuthExtension, MalformedIsRejected)
{
    for (const char* data : {"", "00", "00 00 00", "00 00 00 00"})
    {
        EXPECT_FALSE(McAuthExtension::FromExtension(MipExtension::Short(49, 2, MipFromHex(data))))
            << data;
    }
    EXPECT_FALSE(McAuthExtension::FromExtension(MipExtension::Short(49, 3, MipBytes(21, 0))));
    EXPECT_FALSE(McAuthExtension::FromExtension(MipExtension::Long(49, 2, MipBytes(21, 0))));
    MipRegistrationRequest rrq;
    ExpectRejected(rrq, RequestWith("31 05 02 00 00 01 00"), MipParseError::MALFORMED_EXTENSION);
}

TEST(McAuthExtension, AuthenticatedRequestByteVector)
{
    // Vector computed independently with Python's hmac module:
    // First(16, HMAC-SHA1(KRm, fixed part | 31 16 02 00 01 02 03 04)).
    MipRegistrationRequest rrq = SampleRequest();
    McAuthExtension::Append(rrq, 0x0102, 0x0304, KRM);
    MipBytes expected = RequestWith("31 16 02 00 01 02 03 04 "
                                    "75 70 da 77 73 17 86 4d a0 e5 45 e8 ba 45 68 ae");
    EXPECT_EQ(MipToHex(rrq.ToBytes()), MipToHex(expected));
    EXPECT_EQ(
        MipToHex(
            McAuthExtension::ComputeAuthenticator(KRM, RequestWith("31 16 02 00 01 02 03 04"))),
        "75 70 da 77 73 17 86 4d a0 e5 45 e8 ba 45 68 ae");
    EXPECT_EQ(McAuthExtension::Verify(rrq, KRM), McAuthResult::OK);
    EXPECT_TRUE(McAuthExtension::IsCorrespondentRegistration(rrq));
    EXPECT_EQ(McAuthExtension::FindIndex(rrq), std::optional<size_t>(0));

    MipRegistrationRequest back;
    ASSERT_EQ(back.FromBytes(expected), expected.size());
    EXPECT_EQ(McAuthExtension::Verify(back, KRM), McAuthResult::OK);
    std::optional<McAuthExtension> mc = McAuthExtension::Find(back);
    ASSERT_TRUE(mc.has_value());
    EXPECT_EQ(mc->GetHomeNonceIndex(), 0x0102);
    EXPECT_EQ(mc->GetCareOfNonceIndex(), 0x0304);
    EXPECT_TRUE(McAuthExtension::IsCorrespondentRegistration(back));
}

TEST(McAuthExtension, VerificationFailures)
{
    MipRegistrationRequest rrq = SampleRequest();
    EXPECT_EQ(McAuthExtension::Verify(rrq, KRM), McAuthResult::MISSING);
    EXPECT_FALSE(McAuthExtension::IsCorrespondentRegistration(rrq));
    rrq.AddExtension(MipExtension::Short(153, 1, MipFromHex("80"))); // a preceding extension
    McAuthExtension::Append(rrq, 9, 10, KRM);
    ASSERT_EQ(McAuthExtension::Verify(rrq, KRM), McAuthResult::OK);

    MipBytes wrongKey = KRM;
    wrongKey[19] ^= 0x80;
    EXPECT_EQ(McAuthExtension::Verify(rrq, wrongKey), McAuthResult::MISMATCH);
    EXPECT_EQ(McAuthExtension::Verify(rrq, MipBytes{}), McAuthResult::MISMATCH);

    // Every octet is covered: the fixed part, the preceding extension, the eight header
    // octets of 49/2 (Reserved included, reading A3), and the compared authenticator.
    MipBytes bytes = rrq.ToBytes();
    size_t verified = 0;
    for (size_t i = 0; i < bytes.size(); ++i)
    {
        for (uint8_t mask : {0x01, 0x80})
        {
            MipBytes tampered = bytes;
            tampered[i] ^= mask;
            MipRegistrationRequest back;
            if (back.FromBytes(tampered) == 0)
            {
                continue; // e.g. a type or Length octet: not even parsed
            }
            ++verified;
            EXPECT_NE(McAuthExtension::Verify(back, KRM), McAuthResult::OK)
                << "flipping octet " << i << " went unnoticed";
        }
    }
    EXPECT_GT(verified, bytes.size()); // most flips did parse and were caught

    // The Reserved octet of 49/2 specifically (offset 24 + 4 + 3).
    MipBytes reserved = bytes;
    reserved[31] = 0x01;
    MipRegistrationRequest back;
    ASSERT_EQ(back.FromBytes(reserved), reserved.size());
    EXPECT_EQ(McAuthExtension::Verify(back, KRM), McAuthResult::MISMATCH);

    // A shorter authenticator never matches.
    MipRegistrationRequest shortAuth = SampleRequest();
    MipBytes auth = McAuthExtension::Find(rrq)->GetAuthenticator();
    auth.pop_back();
    shortAuth.AddExtension(McAuthExtension(9, 10, auth).ToExtension());
    EXPECT_EQ(McAuthExtension::Verify(shortAuth, KRM), McAuthResult::MISMATCH);
}

TEST(McAuthExtension, ExtensionsAfterItAreNotCovered)
{
    MipRegistrationReply rrp = SampleReply();
    McAuthExtension::Append(rrp, 1, 2, KRM);
    rrp.AddExtension(MipExtension::Tlv(200, MipFromHex("01 02")));
    EXPECT_EQ(McAuthExtension::Verify(rrp, KRM), McAuthResult::OK);
}

TEST(McAuthExtension, AuthenticateKeepsOnlyTheCoveredExtensions)
{
    MipRegistrationReply rrp = SampleReply();
    rrp.AddExtension(CareOfAddressExtension({Ipv4Address("192.0.2.7")}).ToExtension());
    McAuthExtension::Append(rrp, 1, 2, KRM);
    rrp.AddExtension(CareOfAddressExtension({Ipv4Address("203.0.113.9")}).ToExtension());
    size_t removed = 0;
    MipRegistrationReply forged = rrp;
    EXPECT_EQ(McAuthExtension::Authenticate(forged, MipBytes(KRM.size(), 0), &removed),
              McAuthResult::MISMATCH);
    EXPECT_EQ(forged.GetExtensions().GetCount(), 3u);
    EXPECT_EQ(McAuthExtension::Authenticate(rrp, KRM, &removed), McAuthResult::OK);
    EXPECT_EQ(removed, 1u);
    std::optional<CareOfAddressExtension> coa = CareOfAddressExtension::Find(rrp);
    ASSERT_TRUE(coa.has_value());
    ASSERT_EQ(coa->GetCareOfAddresses().size(), 1u);
    EXPECT_EQ(coa->GetCareOfAddresses()[0], Ipv4Address("192.0.2.7"));
}

TEST(McAuthExtension, MalformedInputNeverCrashes)
{
    FuzzTyped<McAuthExtension>(
        {MipFromHex("00 01 02 03 04 75 70 da 77 73 17 86 4d a0 e5 45 e8 ba 45 68 ae")},
        false); // every prefix of 5 or more octets is well-formed
}

/* ---------------------------------------------------------------------------------------
 * 49/3 Care-of Address
 */

TEST(CareOfAddressExtension, ByteVectors)
{
    CareOfAddressExtension one({Ipv4Address("192.0.2.7")});
    EXPECT_EQ(MipToHex(Serialize(one.ToExtension())), "31 06 03 00 c0 00 02 07");
    CareOfAddressExtension two;
    two.AddCareOfAddress(Ipv4Address("192.0.2.7"));
    two.AddCareOfAddress(Ipv4Address("198.51.100.9"));
    EXPECT_EQ(MipToHex(Serialize(two.ToExtension())), "31 0a 03 00 c0 00 02 07 c6 33 64 09");
    std::optional<CareOfAddressExtension> back =
        CareOfAddressExtension::FromExtension(two.ToExtension());
    ASSERT_TRUE(back.has_value());
    ASSERT_EQ(back->GetCareOfAddresses().size(), 2u);
    EXPECT_EQ(back->GetCareOfAddresses()[0], Ipv4Address("192.0.2.7")); // priority order
    EXPECT_EQ(back->GetCareOfAddresses()[1], Ipv4Address("198.51.100.9"));
    std::ostringstream os;
    os << *back;
    EXPECT_EQ(os.str(), "care-of addresses (49/3) 192.0.2.7 198.51.100.9");
}

TEST(CareOfAddressExtension, ReservedIgnoredAndSizes)
{
    std::optional<CareOfAddressExtension> ext = CareOfAddressExtension::FromExtension(
        MipExtension::Short(49, 3, MipFromHex("ff 0a 00 00 01")));
    ASSERT_TRUE(ext.has_value());
    EXPECT_EQ(MipToHex(Serialize(ext->ToExtension())), "31 06 03 00 0a 00 00 01");
    for (size_t n = 0; n < 14; ++n)
    {
        bool ok = CareOfAddressExtension::FromExtension(MipExtension::Short(49, 3, MipBytes(n, 1)))
                      .has_value();
        EXPECT_EQ(ok, n >= 5 && (n - 1) % 4 == 0) << n << " data octets";
    }
    EXPECT_FALSE(CareOfAddressExtension::FromExtension(MipExtension::Short(49, 1, MipBytes(5, 0))));

    // The most that fit: 63 addresses, Length 254.
    CareOfAddressExtension full;
    for (uint32_t i = 0; i < CareOfAddressExtension::MAX_ADDRESSES; ++i)
    {
        full.AddCareOfAddress(Ipv4Address(0xc0000200 + i));
    }
    MipBytes wire = Serialize(full.ToExtension());
    EXPECT_EQ(wire.size(), 256u);
    EXPECT_EQ(wire[1], 254);
    MipRegistrationReply rrp = SampleReply();
    rrp.AddExtension(full.ToExtension());
    MipRegistrationReply back;
    ASSERT_EQ(back.FromBytes(rrp.ToBytes()), rrp.GetSerializedSize());
    EXPECT_EQ(CareOfAddressExtension::Find(back)->GetCareOfAddresses(), full.GetCareOfAddresses());
}

TEST(CareOfAddressExtensionDeathTest, EmptyCannotBeSent)
{
    CareOfAddressExtension empty;
    EXPECT_DEATH(empty.ToExtension(), "needs an address");
}

TEST(CareOfAddressExtension, MalformedInputNeverCrashes)
{
    FuzzTyped<CareOfAddressExtension>({MipFromHex("00 c0 00 02 07 c6 33 64 09")}, false);
}

/* ---------------------------------------------------------------------------------------
 * Whole messages
 */

TEST(HaaroExtensions, ReplyWithRoReplyCareOfAddressAndMcAuth)
{
    // First(16, HMAC-SHA1(KRm, fixed | 31 02 01 80 | 31 0a 03 00 c0 00 02 07 c6 33 64 09 |
    // 31 16 02 00 00 05 00 06)), computed independently with Python.
    MipRegistrationReply rrp = SampleReply();
    RoReplyExtension reply;
    reply.SetFlag(RoReplyExtension::FLAG_O, true);
    rrp.AddExtension(reply.ToExtension());
    rrp.AddExtension(CareOfAddressExtension({Ipv4Address("192.0.2.7"), Ipv4Address("198.51.100.9")})
                         .ToExtension());
    McAuthExtension::Append(rrp, 5, 6, KRM);
    MipBytes expected = ReplyWith("31 02 01 80 "
                                  "31 0a 03 00 c0 00 02 07 c6 33 64 09 "
                                  "31 16 02 00 00 05 00 06 "
                                  "38 0e 32 a2 f6 5e 92 13 6b ce 51 50 37 1a d2 6d");
    EXPECT_EQ(MipToHex(rrp.ToBytes()), MipToHex(expected));

    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(rrp);
    MipRegistrationReply back;
    ASSERT_EQ(p->RemoveHeader(back), expected.size());
    EXPECT_EQ(back.ToBytes(), expected);
    EXPECT_EQ(McAuthExtension::Verify(back, KRM), McAuthResult::OK);
    std::optional<RoReplyExtension> r = RoReplyExtension::Find(back);
    ASSERT_TRUE(r.has_value());
    EXPECT_TRUE(r->GetFlag(RoReplyExtension::FLAG_O));
    EXPECT_TRUE(r->IsAccepted());
    std::optional<CareOfAddressExtension> coa = CareOfAddressExtension::Find(back);
    ASSERT_TRUE(coa.has_value());
    EXPECT_EQ(coa->GetCareOfAddresses().size(), 2u);
    std::optional<McAuthExtension> mc = McAuthExtension::Find(back);
    ASSERT_TRUE(mc.has_value());
    EXPECT_EQ(mc->GetHomeNonceIndex(), 5);
    EXPECT_EQ(mc->GetCareOfNonceIndex(), 6);
    EXPECT_FALSE(RoCapabilityExtension::Find(back).has_value());
}

TEST(HaaroExtensions, MalformedType49RejectsTheWholeRequest)
{
    MipRegistrationRequest rrq;
    for (const char* ext : {"31 01 01",                    // 49/1 without its octet
                            "31 03 01 00 00",              // 49/1 too long
                            "31 05 02 00 00 00 00",        // 49/2 without Care-of Nonce Index
                            "31 02 03 00",                 // 49/3 without an address
                            "31 05 03 00 c0 00 02",        // 49/3 with 3 octets of address
                            "31 07 03 00 c0 00 02 07 01"}) // 49/3 with a stray octet
    {
        ExpectRejected(rrq, RequestWith(ext), MipParseError::MALFORMED_EXTENSION);
        EXPECT_EQ(rrq.GetExtensions().GetCount(), 0u);
    }
    // The same message with the malformed one after a valid MC auth extension.
    MipRegistrationRequest signedRrq = SampleRequest();
    McAuthExtension::Append(signedRrq, 1, 2, KRM);
    MipBytes bytes = signedRrq.ToBytes();
    MipBytes bad = MipFromHex("31 01 01");
    bytes.insert(bytes.end(), bad.begin(), bad.end());
    ExpectRejected(rrq, bytes, MipParseError::MALFORMED_EXTENSION);
}

TEST(HaaroExtensions, UnknownType49SubtypeRejectsButUnknownType153SubtypeIsSkipped)
{
    MipRegistrationRequest rrq;
    for (const char* ext : {"31 02 00 00", "31 02 04 00", "31 01 ff"}) // 49/0, 49/4, 49/255
    {
        ExpectRejected(rrq, RequestWith(ext), MipParseError::UNKNOWN_EXTENSION);
    }
    for (const char* ext : {"99 01 00", "99 03 02 01 02", "99 01 ff"}) // 153/0, /2, /255
    {
        MipBytes bytes = RequestWith(ext);
        ASSERT_EQ(rrq.FromBytes(bytes), bytes.size()) << ext;
        EXPECT_EQ(rrq.ToBytes(), bytes);
        EXPECT_FALSE(RoCapabilityExtension::Find(rrq).has_value());
    }
    // The skipped extension still counts towards the MC-auth protected data.
    MipRegistrationRequest signedRrq = SampleRequest();
    signedRrq.AddExtension(MipExtension::Short(153, 2, MipFromHex("01 02")));
    McAuthExtension::Append(signedRrq, 3, 4, KRM);
    MipRegistrationRequest back;
    ASSERT_EQ(back.FromBytes(signedRrq.ToBytes()), signedRrq.GetSerializedSize());
    EXPECT_EQ(McAuthExtension::Verify(back, KRM), McAuthResult::OK);
}

TEST(HaaroExtensions, MessagesCarryingThemNeverCrash)
{
    // Whatever a message parser accepts, every RFC 6521 extension in it must be well-formed
    // for its typed class (the registered validators and FromExtension agree).
    MipRegistrationReply rrp = SampleReply();
    RoReplyExtension reply;
    reply.SetCode(16);
    rrp.AddExtension(reply.ToExtension());
    rrp.AddExtension(CareOfAddressExtension({Ipv4Address("192.0.2.7")}).ToExtension());
    McAuthExtension::Append(rrp, 5, 6, KRM);
    MipRegistrationRequest rrq = SampleRequest();
    RoCapabilityExtension cap;
    cap.SetSolicitedHomeAddress(Ipv4Address("10.0.0.9"));
    rrq.AddExtension(cap.ToExtension());
    McAuthExtension::Append(rrq, 1, 2, KRM);

    auto checkTyped = [](const MipMessage& m) {
        for (const auto& e : m.GetExtensions().GetAll())
        {
            if (e.Is(153, 1))
            {
                EXPECT_TRUE(RoCapabilityExtension::FromExtension(e).has_value());
            }
            else if (e.Is(49, 1))
            {
                EXPECT_TRUE(RoReplyExtension::FromExtension(e).has_value());
            }
            else if (e.Is(49, 2))
            {
                EXPECT_TRUE(McAuthExtension::FromExtension(e).has_value());
            }
            else if (e.Is(49, 3))
            {
                EXPECT_TRUE(CareOfAddressExtension::FromExtension(e).has_value());
            }
            else
            {
                EXPECT_FALSE(e.type == 49) << "unknown 49 sub-type accepted";
            }
        }
        McAuthExtension::Verify(m, KRM); // must not crash either
    };
    FuzzMessageParser<MipRegistrationReply>({rrp.ToBytes()}, checkTyped);
    FuzzMessageParser<MipRegistrationRequest>({rrq.ToBytes()}, checkTyped);
}
