/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The RFC 5944 section 1.8-1.11 extension rules: TLV, short and long formats, padding,
 * unknown types 0-127 reject the message, 128-255 are skipped (and kept byte-exact).
 */
#include "wire-test-util.h"

#include "ns3/mip-extension.h"
#include "ns3/mip-registration-reply.h"

#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;
using haaro_test::ExpectRejected;
using haaro_test::ReplyWith;

TEST(MipExtensionChain, FormatsSerializeAsTheRfcDrawsThem)
{
    MipBytes out;
    MipWireWriter w(out);
    MipExtension::Pad().Serialize(w);
    MipExtension::Tlv(32, MipFromHex("00 00 01 00")).Serialize(w);
    MipExtension::Short(148, 0, MipFromHex("10 0a 01 00 00")).Serialize(w);
    MipExtension::Long(50, 1, MipFromHex("aa bb")).Serialize(w);
    EXPECT_EQ(MipToHex(out),
              "00 "                      // pad
              "20 04 00 00 01 00 "       // TLV: Length counts data
              "94 06 00 10 0a 01 00 00 " // short: Length = 1 + data
              "32 01 00 02 aa bb");      // long: Sub-Type then 16-bit Length of data
}

TEST(MipExtensionChain, UnknownSkippableIsKeptAndReserializedExactly)
{
    MipRegistrationReply rrp;
    MipBytes bytes = ReplyWith("c8 03 01 02 03 00 00 a0 00");
    ASSERT_EQ(rrp.FromBytes(bytes), bytes.size());
    ASSERT_EQ(rrp.GetExtensions().GetCount(), 4u); // 200, pad, pad, 160
    EXPECT_EQ(rrp.GetExtensions().Get(0).type, 200);
    EXPECT_EQ(rrp.GetExtensions().Get(1).format, MipExtensionFormat::PAD);
    EXPECT_EQ(rrp.GetExtensions().Get(3).type, 160);
    EXPECT_EQ(rrp.ToBytes(), bytes);
}

TEST(MipExtensionChain, UnknownNonSkippableRejectsTheMessage)
{
    for (int type = 1; type < 128; ++type)
    {
        if (MipExtensionRegistry::GetFormat(type))
        {
            continue;
        }
        MipRegistrationReply rrp;
        char ext[16];
        snprintf(ext, sizeof(ext), "%02x 00", type);
        ExpectRejected(rrp, ReplyWith(ext), MipParseError::UNKNOWN_EXTENSION);
        EXPECT_EQ(rrp.GetExtensions().GetCount(), 0u);
    }
}

TEST(MipExtensionChain, KnownNonSkippableWithUnknownSubtypeRejects)
{
    MipRegistrationReply rrp;
    ExpectRejected(rrp, ReplyWith("31 02 7f 00"), MipParseError::UNKNOWN_EXTENSION); // 49/127
    ExpectRejected(rrp, ReplyWith("32 7f 00 00"), MipParseError::UNKNOWN_EXTENSION); // 50/127
}

TEST(MipExtensionChain, SkippableKnownTypeWithUnknownSubtypeIsSkipped)
{
    MipRegistrationReply rrp;
    MipBytes bytes = ReplyWith("94 03 09 aa bb"); // 148/9: not defined, skippable
    EXPECT_EQ(rrp.FromBytes(bytes), bytes.size());
    EXPECT_EQ(rrp.ToBytes(), bytes);
}

TEST(MipExtensionChain, WrongLengthsAreTruncationOrMalformed)
{
    MipRegistrationReply rrp;
    ExpectRejected(rrp,
                   ReplyWith("20 10 00 00"),
                   MipParseError::TRUNCATED);                       // TLV claims 16 octets, has 2
    ExpectRejected(rrp, ReplyWith("94"), MipParseError::TRUNCATED); // short: no Length
    ExpectRejected(rrp,
                   ReplyWith("94 00"),
                   MipParseError::MALFORMED_EXTENSION); // short: Length 0 leaves no Sub-Type
    ExpectRejected(rrp,
                   ReplyWith("32 01 ff ff 00"),
                   MipParseError::TRUNCATED); // long: 65535 claimed
    ExpectRejected(rrp,
                   ReplyWith("20 02 00 00"),
                   MipParseError::MALFORMED_EXTENSION); // auth ext shorter than its SPI
}

TEST(MipExtensionChain, FindAndOffsets)
{
    MipExtensionList list;
    list.Add(MipExtension::Pad());
    list.Add(MipExtension::Short(148, 0, MipFromHex("10 0a 01 00 00")));
    list.Add(MipExtension::Short(148, 0, MipFromHex("18 0a 02 00 00")));
    list.Add(MipExtension::Tlv(32, MipBytes(20, 0)));
    EXPECT_EQ(list.FindIndex(148, 0), std::optional<size_t>(1));
    EXPECT_EQ(list.FindIndex(148, 0, 2), std::optional<size_t>(2));
    EXPECT_EQ(list.FindIndex(148, 1), std::nullopt);
    EXPECT_EQ(list.FindIndex(32, 99), std::optional<size_t>(3)); // TLV: sub-type ignored
    EXPECT_EQ(list.FindAll(148, 0).size(), 2u);
    EXPECT_EQ(list.GetOffsetOf(0), 0u);
    EXPECT_EQ(list.GetOffsetOf(3), 1u + 8 + 8);
    EXPECT_EQ(list.GetSerializedSize(), 1u + 8 + 8 + 22);
}

TEST(MipExtensionChain, PrintUsesTheTypedDescription)
{
    MipRegistrationReply rrp;
    MipBytes bytes = ReplyWith("94 08 01 00 10 00 0a 01 00 00 c8 01 ff");
    ASSERT_EQ(rrp.FromBytes(bytes), bytes.size());
    std::ostringstream os;
    rrp.Print(os);
    EXPECT_NE(os.str().find("RRP code=0 (accepted)"), std::string::npos) << os.str();
    EXPECT_NE(os.str().find("MobileNetworkAck explicit 10.1.0.0/16 success"), std::string::npos)
        << os.str();
    EXPECT_NE(os.str().find("ext 200 [1 octets]"), std::string::npos) << os.str();
}
