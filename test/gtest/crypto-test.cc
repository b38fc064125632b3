/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * HMAC-MD5 and HMAC-SHA1 against the RFC 2202 test vectors, SHA-1 against FIPS 180.
 */
#include "ns3/mip-crypto.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

MipBytes
Repeat(uint8_t v, size_t n)
{
    return MipBytes(n, v);
}

MipBytes
Text(const std::string& s)
{
    return MipBytes(s.begin(), s.end());
}

MipBytes
Counting(size_t n)
{
    MipBytes b(n);
    for (size_t i = 0; i < n; ++i)
    {
        b[i] = static_cast<uint8_t>(i + 1);
    }
    return b;
}

struct Vector
{
    MipBytes key;
    MipBytes data;
    const char* md5;
    const char* sha1;
};

std::vector<Vector>
Rfc2202Vectors()
{
    const std::string big = "Test Using Larger Than Block-Size Key - Hash Key First";
    const std::string big2 = "Test Using Larger Than Block-Size Key and Larger Than One "
                             "Block-Size Data";
    return {
        {Repeat(0x0b, 16), Text("Hi There"), "9294727a3638bb1c13f48ef8158bfc9d", nullptr},
        {Repeat(0x0b, 20), Text("Hi There"), nullptr, "b617318655057264e28bc0b6fb378c8ef146be00"},
        {Text("Jefe"),
         Text("what do ya want for nothing?"),
         "750c783e6ab0b503eaa86e310a5db738",
         "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
        {Repeat(0xaa, 16), Repeat(0xdd, 50), "56be34521d144c88dbb8c733f0e8b3f6", nullptr},
        {Repeat(0xaa, 20), Repeat(0xdd, 50), nullptr, "125d7342b9ac11cd91a39af48aa17b4f63f175d3"},
        {Counting(25),
         Repeat(0xcd, 50),
         "697eaf0aca3a3aea3a75164746ffaa79",
         "4c9007f4026250c6bc8414f9bf50c86c2d7235da"},
        {Repeat(0xaa, 80),
         Text(big),
         "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd",
         "aa4ae5e15272d00e95705637ce8a3b55ed402112"},
        {Repeat(0xaa, 80),
         Text(big2),
         "6f630fad67cda0ee1fb1f562db3aa53e",
         "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"},
    };
}

} // namespace

TEST(MipCrypto, HmacMd5Rfc2202)
{
    for (const auto& v : Rfc2202Vectors())
    {
        if (v.md5)
        {
            EXPECT_EQ(MipCrypto::HmacMd5(v.key, v.data), MipFromHex(v.md5));
        }
    }
}

TEST(MipCrypto, HmacSha1Rfc2202)
{
    for (const auto& v : Rfc2202Vectors())
    {
        if (v.sha1)
        {
            EXPECT_EQ(MipCrypto::HmacSha1(v.key, v.data), MipFromHex(v.sha1));
        }
    }
}

TEST(MipCrypto, Sha1Fips180)
{
    EXPECT_EQ(MipCrypto::Sha1(Text("abc")), MipFromHex("a9993e364706816aba3e25717850c26c9cd0d89d"));
    EXPECT_EQ(MipCrypto::Sha1({}), MipFromHex("da39a3ee5e6b4b0d3255bfef95601890afd80709"));
}

TEST(MipCrypto, FirstAndConstantTimeEqual)
{
    MipBytes mac = MipCrypto::HmacSha1(Text("k"), Text("m"));
    EXPECT_EQ(MipCrypto::First(16, mac).size(), 16u);
    EXPECT_EQ(MipCrypto::First(64, mac).size(), 20u);
    EXPECT_TRUE(MipCrypto::ConstantTimeEqual(mac, mac));
    MipBytes other = mac;
    other.back() ^= 1;
    EXPECT_FALSE(MipCrypto::ConstantTimeEqual(mac, other));
    EXPECT_FALSE(MipCrypto::ConstantTimeEqual(mac, MipCrypto::First(16, mac)));
    EXPECT_TRUE(MipCrypto::ConstantTimeEqual({}, {}));
}

TEST(MipWire, HexRoundTripAndReaderBounds)
{
    EXPECT_EQ(MipToHex(MipFromHex("C0 00 02 00")), "c0 00 02 00");
    EXPECT_TRUE(MipFromHex("c0 0").empty());
    EXPECT_TRUE(MipFromHex("zz").empty());
    MipBytes b = MipFromHex("01 02 03");
    MipWireReader r(b);
    EXPECT_EQ(r.ReadU16(), 0x0102);
    EXPECT_TRUE(r.IsOk());
    EXPECT_EQ(r.ReadU16(), 0); // only one octet left
    EXPECT_FALSE(r.IsOk());
    EXPECT_EQ(r.ReadU8(), 0); // stays failed
    EXPECT_TRUE(r.ReadBytes(1).empty());
    MipWireReader empty(nullptr, 5);
    EXPECT_EQ(empty.GetRemaining(), 0u);
    EXPECT_EQ(empty.ReadU32(), 0u);
    EXPECT_FALSE(empty.IsOk());
}
