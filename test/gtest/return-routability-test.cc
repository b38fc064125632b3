/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * RFC 6521 return routability: HoTI/CoTI (types 24/25), HoT/CoT (26/27), the keygen
 * tokens and KRm (section 3.2). Byte vectors are hand-derived from the RFC drawings; the
 * token and key vectors were computed independently with Python's hmac/hashlib modules:
 *
 *   kcr = bytes(range(0x10, 0x20))
 *   ht  = hmac.new(kcr, inet_aton("10.0.0.1") + pack(">Q", 0x0123456789abcdef) + b"\0",
 *                  sha1).digest()[:8]
 *   ct  = hmac.new(kcr, inet_aton("192.0.2.7") + pack(">Q", 0xfedcba9876543210) + b"\1",
 *                  sha1).digest()[:8]
 *   krm = sha1(ht + ct).digest();  dereg = sha1(ht).digest()
 */
#include "fuzz-util.h"
#include "wire-test-util.h"

#include "ns3/mip-registration-reply.h"
#include "ns3/mip-registration-request.h"
#include "ns3/packet.h"
#include "ns3/return-routability-keys.h"
#include "ns3/return-routability-messages.h"
#include "ns3/ro-extensions.h"

#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;
using haaro_test::KRM_HEX;

namespace
{

const MipBytes KCR = MipFromHex("10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f");
const Ipv4Address HOA("10.0.0.1");
const Ipv4Address COA("192.0.2.7");
constexpr uint64_t HOME_NONCE = 0x0123456789abcdefULL;
constexpr uint64_t CARE_OF_NONCE = 0xfedcba9876543210ULL;
const char* HOME_TOKEN = "e1 d0 3f f4 f3 15 a4 5b";
const char* CARE_OF_TOKEN = "22 8a 6d a7 f6 65 44 c7";
const char* DEREG_KRM = "1c c6 9e 31 6d 5b ed de 73 5d af 9b 72 9f af 3c 03 61 6d 10";

/// \return a buffer holding exactly the given octets
Buffer
BufferOf(const MipBytes& bytes)
{
    Buffer b;
    b.AddAtStart(bytes.size());
    b.Begin().Write(bytes.data(), bytes.size());
    return b;
}

/**
 * Parses octets with FromBytes() and again through an ns-3 buffer with Deserialize().
 * \param msg the message to parse into
 * \param bytes the octets
 * \param expected what both must return
 */
template <typename T>
void
ExpectBothParsersReturn(T& msg, const MipBytes& bytes, uint32_t expected)
{
    EXPECT_EQ(msg.FromBytes(bytes), expected);
    Buffer b = BufferOf(bytes);
    EXPECT_EQ(msg.Deserialize(b.Begin()), expected);
}

/// Checks that every strict prefix of a valid message is rejected by both parsers.
template <typename T>
void
ExpectPrefixesRejected(const MipBytes& bytes)
{
    for (size_t len = 0; len < bytes.size(); ++len)
    {
        SCOPED_TRACE("prefix of " + std::to_string(len) + " octets");
        T msg;
        ExpectBothParsersReturn(msg, MipBytes(bytes.begin(), bytes.begin() + len), 0u);
    }
}

/// Checks the TypeId of a return routability message class.
template <typename T>
void
ExpectTypeId(const std::string& name)
{
    TypeId tid = T::GetTypeId();
    EXPECT_EQ(tid.GetName(), name);
    EXPECT_EQ(tid.GetParent(), Header::GetTypeId());
    EXPECT_EQ(tid.GetGroupName(), "Haaro");
    EXPECT_TRUE(tid.HasConstructor());
    EXPECT_EQ(T().GetInstanceTypeId(), tid);
}

/**
 * Fuzzes a fixed-size return routability message: an accepted input must give size octets
 * that re-serialize as received with Reserved zeroed, and Deserialize() must agree.
 */
template <typename T>
void
FuzzFixedSizeMessage(uint32_t size, const std::vector<MipBytes>& samples)
{
    haaro_test::FuzzParser(
        [size](const MipBytes& in) {
            T m;
            uint32_t n = m.FromBytes(in);
            if (n != 0)
            {
                EXPECT_EQ(n, size);
                MipBytes expected(in.begin(), in.begin() + size);
                expected[1] = 0;
                EXPECT_EQ(m.ToBytes(), expected);
                Buffer b = BufferOf(in);
                EXPECT_EQ(m.Deserialize(b.Begin()), n);
            }
            return n != 0;
        },
        samples);
}

} // namespace

/* ---------------------------------------------------------------------------------------
 * HoTI / CoTI
 */

TEST(ReturnRoutabilityInit, ByteVectors)
{
    ReturnRoutabilityInit hoti(MIP_HOME_TEST_INIT, 0x0102030405060708ULL);
    EXPECT_EQ(MipToHex(hoti.ToBytes()), "18 00 01 02 03 04 05 06 07 08");
    EXPECT_EQ(hoti.GetSerializedSize(), 10u);
    EXPECT_TRUE(hoti.IsHomeTestInit());
    ReturnRoutabilityInit coti(MIP_CARE_OF_TEST_INIT, 0xf0e0d0c0b0a09080ULL);
    EXPECT_EQ(MipToHex(coti.ToBytes()), "19 00 f0 e0 d0 c0 b0 a0 90 80");
    EXPECT_FALSE(coti.IsHomeTestInit());
    ReturnRoutabilityInit def;
    EXPECT_EQ(MipToHex(def.ToBytes()), "18 00 00 00 00 00 00 00 00 00");
    def.SetMessageType(MIP_CARE_OF_TEST_INIT);
    def.SetCookie(0xff);
    EXPECT_EQ(MipToHex(def.ToBytes()), "19 00 00 00 00 00 00 00 00 ff");
    std::ostringstream os;
    hoti.Print(os);
    EXPECT_EQ(os.str(), "HoTI cookie=0x0102030405060708");
}

TEST(ReturnRoutabilityInit, RoundTripThroughAnNs3Packet)
{
    for (uint8_t type : {MIP_HOME_TEST_INIT, MIP_CARE_OF_TEST_INIT})
    {
        ReturnRoutabilityInit init(type, 0x8877665544332211ULL);
        Ptr<Packet> p = Create<Packet>(7); // something after the message
        p->AddHeader(init);
        EXPECT_EQ(p->GetSize(), 17u);
        ReturnRoutabilityInit back(MIP_HOME_TEST_INIT);
        ASSERT_EQ(p->RemoveHeader(back), 10u);
        EXPECT_EQ(back.GetMessageType(), type); // the received type is adopted
        EXPECT_EQ(back.GetCookie(), 0x8877665544332211ULL);
        EXPECT_EQ(back.ToBytes(), init.ToBytes());
        EXPECT_EQ(p->GetSize(), 7u);
    }
}

TEST(ReturnRoutabilityInit, ReservedIsIgnoredOnReceipt)
{
    ReturnRoutabilityInit init;
    ASSERT_EQ(init.FromBytes(MipFromHex("19 a5 00 00 00 00 00 00 00 2a")), 10u);
    EXPECT_EQ(init.GetMessageType(), MIP_CARE_OF_TEST_INIT);
    EXPECT_EQ(init.GetCookie(), 42u);
    EXPECT_EQ(MipToHex(init.ToBytes()), "19 00 00 00 00 00 00 00 00 2a");
}

TEST(ReturnRoutabilityInit, RejectsOtherTypesAndTruncation)
{
    MipBytes bytes = MipFromHex("18 00 01 02 03 04 05 06 07 08");
    for (unsigned type = 0; type < 256; ++type)
    {
        bytes[0] = static_cast<uint8_t>(type);
        SCOPED_TRACE("type " + std::to_string(type));
        ReturnRoutabilityInit init(MIP_CARE_OF_TEST_INIT, 99);
        bool expected = type == 24 || type == 25;
        ExpectBothParsersReturn(init, bytes, expected ? 10u : 0u);
        if (!expected)
        {
            EXPECT_EQ(init.GetCookie(), 99u); // left untouched
        }
    }
    bytes[0] = 24;
    ExpectPrefixesRejected<ReturnRoutabilityInit>(bytes);
    // Through a packet: a 9-octet payload is not removed.
    Ptr<Packet> p = Create<Packet>(bytes.data(), 9);
    ReturnRoutabilityInit init;
    EXPECT_EQ(p->RemoveHeader(init), 0u);
    EXPECT_EQ(p->GetSize(), 9u);
}

TEST(ReturnRoutabilityInitDeathTest, OnlyTypes24And25)
{
    EXPECT_DEATH({ ReturnRoutabilityInit bad(MIP_HOME_TEST); }, "not a HoTI/CoTI");
    ReturnRoutabilityInit init;
    EXPECT_DEATH(init.SetMessageType(MIP_REGISTRATION_REQUEST), "not a HoTI/CoTI");
}

TEST(ReturnRoutabilityInit, TypeId)
{
    ExpectTypeId<ReturnRoutabilityInit>("ns3::ReturnRoutabilityInit");
}

TEST(ReturnRoutabilityInit, MalformedInputNeverCrashes)
{
    FuzzFixedSizeMessage<ReturnRoutabilityInit>(
        10u,
        {ReturnRoutabilityInit(24, 0x0102030405060708ULL).ToBytes(),
         ReturnRoutabilityInit(25, 0xffffffffffffffffULL).ToBytes()});
}

/* ---------------------------------------------------------------------------------------
 * HoT / CoT
 */

TEST(ReturnRoutabilityTest, ByteVectors)
{
    ReturnRoutabilityTest hot(MIP_HOME_TEST, 0x1234, 0x0102030405060708ULL, 0xe1d03ff4f315a45bULL);
    EXPECT_EQ(MipToHex(hot.ToBytes()),
              "1a 00 12 34 01 02 03 04 05 06 07 08 e1 d0 3f f4 f3 15 a4 5b");
    EXPECT_EQ(hot.GetSerializedSize(), 20u);
    EXPECT_TRUE(hot.IsHomeTest());
    ReturnRoutabilityTest cot(MIP_CARE_OF_TEST, 0xfffe, 0x1112131415161718ULL, 0x228a6da7f66544c7);
    EXPECT_EQ(MipToHex(cot.ToBytes()),
              "1b 00 ff fe 11 12 13 14 15 16 17 18 22 8a 6d a7 f6 65 44 c7");
    EXPECT_FALSE(cot.IsHomeTest());
    ReturnRoutabilityTest def;
    EXPECT_EQ(MipToHex(def.ToBytes()),
              "1a 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
    def.SetMessageType(MIP_CARE_OF_TEST);
    def.SetNonceIndex(3);
    def.SetCookie(4);
    def.SetKeygenToken(5);
    EXPECT_EQ(MipToHex(def.ToBytes()),
              "1b 00 00 03 00 00 00 00 00 00 00 04 00 00 00 00 00 00 00 05");
    std::ostringstream os;
    cot.Print(os);
    EXPECT_EQ(os.str(),
              "CoT nonce-index=65534 cookie=0x1112131415161718 keygen-token=0x228a6da7f66544c7");
}

TEST(ReturnRoutabilityTest, RoundTripThroughAnNs3Packet)
{
    for (uint8_t type : {MIP_HOME_TEST, MIP_CARE_OF_TEST})
    {
        ReturnRoutabilityTest msg(type, 0xabcd, 0x0102030405060708ULL, 0x1122334455667788ULL);
        Ptr<Packet> p = Create<Packet>(3);
        p->AddHeader(msg);
        ReturnRoutabilityTest back;
        ASSERT_EQ(p->RemoveHeader(back), 20u);
        EXPECT_EQ(back.GetMessageType(), type);
        EXPECT_EQ(back.GetNonceIndex(), 0xabcd);
        EXPECT_EQ(back.GetCookie(), 0x0102030405060708ULL);
        EXPECT_EQ(back.GetKeygenToken(), 0x1122334455667788ULL);
        EXPECT_EQ(back.ToBytes(), msg.ToBytes());
        EXPECT_EQ(p->GetSize(), 3u);
    }
}

TEST(ReturnRoutabilityTest, RejectsOtherTypesAndTruncation)
{
    MipBytes bytes = MipFromHex("1a ff 12 34 01 02 03 04 05 06 07 08 e1 d0 3f f4 f3 15 a4 5b");
    for (unsigned type = 0; type < 256; ++type)
    {
        bytes[0] = static_cast<uint8_t>(type);
        SCOPED_TRACE("type " + std::to_string(type));
        ReturnRoutabilityTest msg;
        bool expected = type == 26 || type == 27;
        ExpectBothParsersReturn(msg, bytes, expected ? 20u : 0u);
        if (expected)
        {
            EXPECT_EQ(msg.GetNonceIndex(), 0x1234); // Reserved 0xff was ignored
            EXPECT_EQ(msg.ToBytes()[1], 0);
        }
    }
    bytes[0] = 27;
    ExpectPrefixesRejected<ReturnRoutabilityTest>(bytes);
    // A HoTI is not a HoT.
    ReturnRoutabilityTest msg;
    MipBytes hoti = ReturnRoutabilityInit(24, 1).ToBytes();
    hoti.resize(20, 0);
    EXPECT_EQ(msg.FromBytes(hoti), 0u);
}

TEST(ReturnRoutabilityTestDeathTest, OnlyTypes26And27)
{
    EXPECT_DEATH(ReturnRoutabilityTest(MIP_CARE_OF_TEST_INIT, 0, 0, 0), "not a HoT/CoT");
}

TEST(ReturnRoutabilityTest, TypeId)
{
    ExpectTypeId<ReturnRoutabilityTest>("ns3::ReturnRoutabilityTest");
}

TEST(ReturnRoutabilityTest, MalformedInputNeverCrashes)
{
    FuzzFixedSizeMessage<ReturnRoutabilityTest>(
        20u,
        {ReturnRoutabilityTest(26, 1, 2, 3).ToBytes(),
         ReturnRoutabilityTest(27, 0xffff, 0x0102030405060708ULL, 0xe1d03ff4f315a45bULL)
             .ToBytes()});
}

/* ---------------------------------------------------------------------------------------
 * Keygen tokens and KRm
 */

TEST(ReturnRoutabilityKeys, TokenAndKeyVectors)
{
    MipBytes home = ReturnRoutabilityKeys::HomeKeygenToken(KCR, HOA, HOME_NONCE);
    MipBytes careOf = ReturnRoutabilityKeys::CareOfKeygenToken(KCR, COA, CARE_OF_NONCE);
    EXPECT_EQ(MipToHex(home), HOME_TOKEN);
    EXPECT_EQ(MipToHex(careOf), CARE_OF_TOKEN);
    EXPECT_EQ(MipToHex(ReturnRoutabilityKeys::RegistrationKey(home, careOf)), KRM_HEX);
    EXPECT_EQ(MipToHex(ReturnRoutabilityKeys::DeregistrationKey(home)), DEREG_KRM);

    // The 64-bit form carried in HoT / CoT, and the key computed from it.
    EXPECT_EQ(ReturnRoutabilityKeys::TokenToU64(home), 0xe1d03ff4f315a45bULL);
    EXPECT_EQ(ReturnRoutabilityKeys::TokenToU64(careOf), 0x228a6da7f66544c7ULL);
    EXPECT_EQ(ReturnRoutabilityKeys::TokenFromU64(0xe1d03ff4f315a45bULL), home);
    EXPECT_EQ(MipToHex(ReturnRoutabilityKeys::RegistrationKey(0xe1d03ff4f315a45bULL,
                                                              0x228a6da7f66544c7ULL)),
              KRM_HEX);
    EXPECT_EQ(MipToHex(ReturnRoutabilityKeys::DeregistrationKey(0xe1d03ff4f315a45bULL)), DEREG_KRM);
    EXPECT_EQ(ReturnRoutabilityKeys::RegistrationKey(home, careOf).size(),
              ReturnRoutabilityKeys::KRM_SIZE);
}

TEST(ReturnRoutabilityKeys, EveryInputMatters)
{
    using K = ReturnRoutabilityKeys;
    MipBytes base = K::HomeKeygenToken(KCR, HOA, HOME_NONCE);
    EXPECT_EQ(base.size(), K::TOKEN_SIZE);
    // The trailing 0x00 / 0x01 separates the two tokens for the same address and nonce.
    EXPECT_NE(K::CareOfKeygenToken(KCR, HOA, HOME_NONCE), base);
    EXPECT_NE(K::HomeKeygenToken(KCR, Ipv4Address("10.0.0.2"), HOME_NONCE), base);
    EXPECT_NE(K::HomeKeygenToken(KCR, HOA, HOME_NONCE ^ 1), base);
    MipBytes otherKcr = KCR;
    otherKcr[15] ^= 1;
    EXPECT_NE(K::HomeKeygenToken(otherKcr, HOA, HOME_NONCE), base);
    // Token order matters in KRm.
    MipBytes careOf = K::CareOfKeygenToken(KCR, COA, CARE_OF_NONCE);
    EXPECT_NE(K::RegistrationKey(base, careOf), K::RegistrationKey(careOf, base));
}

TEST(ReturnRoutabilityKeys, Constants)
{
    EXPECT_EQ(ReturnRoutabilityKeys::KCR_SIZE, 16u);
    EXPECT_EQ(ReturnRoutabilityKeys::NONCE_SIZE, 8u);
    EXPECT_EQ(ReturnRoutabilityKeys::TOKEN_SIZE, 8u);
    EXPECT_EQ(ReturnRoutabilityKeys::KRM_SIZE, 20u);
    EXPECT_EQ(ReturnRoutabilityKeys::MAX_NONCE_LIFETIME, 240u);
    EXPECT_EQ(ReturnRoutabilityKeys::MAX_TOKEN_LIFETIME, 210u);
    EXPECT_EQ(ReturnRoutabilityKeys::MAX_UPDATE_RATE, 5u);
}

TEST(ReturnRoutabilityKeysDeathTest, WrongSizes)
{
    EXPECT_DEATH(ReturnRoutabilityKeys::HomeKeygenToken(MipBytes(12, 0), HOA, 1), "Kcr");
    EXPECT_DEATH(ReturnRoutabilityKeys::DeregistrationKey(MipBytes(7, 0)), "keygen token");
}

TEST(ReturnRoutabilityKeys, EndToEndThroughMessages)
{
    // CR side: answer a HoTI and a CoTI without keeping state.
    ReturnRoutabilityInit hoti(MIP_HOME_TEST_INIT, 0xaaaaaaaaaaaaaaaaULL);
    ReturnRoutabilityInit coti(MIP_CARE_OF_TEST_INIT, 0xbbbbbbbbbbbbbbbbULL);
    Ptr<Packet> hotPacket = Create<Packet>();
    Ptr<Packet> cotPacket = Create<Packet>();
    {
        ReturnRoutabilityInit rxHoti;
        ReturnRoutabilityInit rxCoti;
        Ptr<Packet> a = Create<Packet>();
        a->AddHeader(hoti);
        Ptr<Packet> b = Create<Packet>();
        b->AddHeader(coti);
        ASSERT_EQ(a->RemoveHeader(rxHoti), 10u);
        ASSERT_EQ(b->RemoveHeader(rxCoti), 10u);
        ASSERT_TRUE(rxHoti.IsHomeTestInit());
        ASSERT_FALSE(rxCoti.IsHomeTestInit());
        uint64_t ht = ReturnRoutabilityKeys::TokenToU64(
            ReturnRoutabilityKeys::HomeKeygenToken(KCR, HOA, HOME_NONCE));
        uint64_t ct = ReturnRoutabilityKeys::TokenToU64(
            ReturnRoutabilityKeys::CareOfKeygenToken(KCR, COA, CARE_OF_NONCE));
        hotPacket->AddHeader(ReturnRoutabilityTest(MIP_HOME_TEST, 7, rxHoti.GetCookie(), ht));
        cotPacket->AddHeader(ReturnRoutabilityTest(MIP_CARE_OF_TEST, 8, rxCoti.GetCookie(), ct));
    }

    // MR side: check the cookies, build KRm, sign a registration to the CR.
    ReturnRoutabilityTest hot;
    ReturnRoutabilityTest cot;
    ASSERT_EQ(hotPacket->RemoveHeader(hot), 20u);
    ASSERT_EQ(cotPacket->RemoveHeader(cot), 20u);
    EXPECT_EQ(hot.GetCookie(), hoti.GetCookie());
    EXPECT_EQ(cot.GetCookie(), coti.GetCookie());
    MipBytes krm =
        ReturnRoutabilityKeys::RegistrationKey(hot.GetKeygenToken(), cot.GetKeygenToken());
    EXPECT_EQ(MipToHex(krm), KRM_HEX);
    MipRegistrationRequest rrq;
    rrq.SetLifetime(60);
    rrq.SetHomeAddress(HOA);
    rrq.SetHomeAgent(Ipv4Address("203.0.113.1")); // the CR
    rrq.SetCareOfAddress(COA);
    McAuthExtension::Append(rrq, hot.GetNonceIndex(), cot.GetNonceIndex(), krm);

    // CR side again: recompute KRm from the nonce indices and the addresses, and verify.
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(rrq);
    MipRegistrationRequest rx;
    ASSERT_EQ(p->RemoveHeader(rx), rrq.GetSerializedSize());
    ASSERT_TRUE(McAuthExtension::IsCorrespondentRegistration(rx));
    std::optional<McAuthExtension> mc = McAuthExtension::Find(rx);
    ASSERT_TRUE(mc.has_value());
    EXPECT_EQ(mc->GetHomeNonceIndex(), 7);
    EXPECT_EQ(mc->GetCareOfNonceIndex(), 8);
    MipBytes crKrm = ReturnRoutabilityKeys::RegistrationKey(
        ReturnRoutabilityKeys::HomeKeygenToken(KCR, rx.GetHomeAddress(), HOME_NONCE),
        ReturnRoutabilityKeys::CareOfKeygenToken(KCR, COA, CARE_OF_NONCE));
    EXPECT_EQ(McAuthExtension::Verify(rx, crKrm), McAuthResult::OK);
    // A CoA the CR did not test gives another key.
    MipBytes otherKrm = ReturnRoutabilityKeys::RegistrationKey(
        ReturnRoutabilityKeys::HomeKeygenToken(KCR, HOA, HOME_NONCE),
        ReturnRoutabilityKeys::CareOfKeygenToken(KCR, Ipv4Address("192.0.2.8"), CARE_OF_NONCE));
    EXPECT_EQ(McAuthExtension::Verify(rx, otherKrm), McAuthResult::MISMATCH);

    // De-registration (Lifetime 0) is keyed with SHA1(home token) only.
    MipRegistrationRequest dereg;
    dereg.SetLifetime(0);
    dereg.SetHomeAddress(HOA);
    McAuthExtension::Append(dereg,
                            hot.GetNonceIndex(),
                            0,
                            ReturnRoutabilityKeys::DeregistrationKey(hot.GetKeygenToken()));
    EXPECT_EQ(McAuthExtension::Verify(dereg, MipFromHex(DEREG_KRM)), McAuthResult::OK);
    EXPECT_EQ(McAuthExtension::Verify(dereg, krm), McAuthResult::MISMATCH);
}
