/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * RFC 6521 section 4 (prefix delta and realm compression) and section 5.5 (Route
 * Optimization Prefix Advertisement Extension, 50/1). Every byte vector below was derived
 * by hand from the RFC layouts (label octets are the ASCII codes of the letters).
 */
#include "fuzz-util.h"
#include "wire-test-util.h"

#include "ns3/mip-registration-reply.h"
#include "ns3/packet.h"
#include "ns3/prefix-advertisement-extension.h"
#include "ns3/prefix-delta-codec.h"
#include "ns3/realm-codec.h"

#include <gtest/gtest.h>
#include <random>
#include <sstream>

using namespace ns3;

namespace
{

// Realm encodings of RFC 6521 section 4.2.3.
const char* FOO_EXAMPLE_COM = "03 66 6f 6f 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00";
const char* BAR_FOO_EXAMPLE_COM = "03 62 61 72 83 00";
const char* BUZ_FOO_EXAMPLE_ORG = "03 62 75 7a 80 81 03 6f 72 67 00";
const char* EXAMPLE_COM = "84 00";
const char* BAR_EXAMPLE_COM_ORG = "85 84 87 00";

const std::vector<std::string> FIVE_REALMS = {"foo.example.com",
                                              "bar.foo.example.com",
                                              "buz.foo.example.org",
                                              "example.com",
                                              "bar.example.com.org"};

MipBytes
Hex(const std::string& s)
{
    return MipFromHex(s);
}

MipBytes
Concat(std::initializer_list<const char*> parts)
{
    std::string s;
    for (const char* p : parts)
    {
        s += p;
        s += ' ';
    }
    return MipFromHex(s);
}

/// \return a Registration Reply to MR C (code 0, lifetime 60, HoA 10.0.0.3, HA 10.0.0.254, id 1)
MipRegistrationReply
ReplyToMrC()
{
    return haaro_test::SampleReply(Ipv4Address("10.0.0.3"));
}

PrefixAdvertisementDecodeResult
DecodeData(const MipBytes& data)
{
    return PrefixAdvertisementExtension::Decode(
        MipExtension::Long(PrefixAdvertisementExtension::TYPE,
                           PrefixAdvertisementExtension::SUBTYPE,
                           data));
}

/// \return an advertisement of MR A (HoA 10.0.0.1) with the given prefixes, without realms
PrefixAdvertisementExtension
MrAWithPrefixes(std::initializer_list<std::pair<const char*, uint8_t>> prefixes)
{
    PrefixAdvertisementExtension adv;
    adv.AddMobileRouter(Ipv4Address("10.0.0.1"));
    for (const auto& [prefix, length] : prefixes)
    {
        adv.AddPrefix(Ipv4Address(prefix), length);
    }
    return adv;
}

/// The F14 advertisement sent to MR C: network A (MR A) first, then network B (MR B).
PrefixAdvertisementExtension
F14AdvertisementToMrC()
{
    PrefixAdvertisementExtension adv;
    adv.AddMobileRouter(Ipv4Address("10.0.0.1"));
    adv.AddPrefix(Ipv4Address("192.0.2.0"), 26, "neta.example.com");
    adv.AddMobileRouter(Ipv4Address("10.0.0.2"));
    adv.AddPrefix(Ipv4Address("192.0.2.64"), 26, "netb.example.com");
    return adv;
}

// MR A: 40 | HoA 0a 00 00 01 | PLen 26 (D=0) 1a | c0 00 02 00 | 04 neta 07 example 03 com 00
const char* F14_NETWORK_A = "40 0a 00 00 01 1a c0 00 02 00 "
                            "04 6e 65 74 61 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00";
// MR B: 40 | HoA 0a 00 00 02 | D=1 PLen 26 9a | delta 09 | 04 netb, then index 4 =
// "example.com" (0 neta, 1 example, 2 com, 3 neta.example.com, 4 example.com) 84 | 00
const char* F14_NETWORK_B = "40 0a 00 00 02 9a 09 04 6e 65 74 62 84 00";

} // namespace

// ---------------------------------------------------------------------------------------
// Prefix delta codec (RFC 6521 section 4.1)
// ---------------------------------------------------------------------------------------

TEST(PrefixDeltaCodec, RfcFigure1Encoding)
{
    PrefixDeltaCodec enc;
    EXPECT_FALSE(enc.CanDelta(Ipv4Address("192.0.2.0"), 28)); // no master yet
    MipBytes full;
    MipWireWriter w(full);
    PrefixDeltaCodec::WriteFull(w, Ipv4Address("192.0.2.0"), 28);
    EXPECT_EQ(MipToHex(full), "c0 00 02 00");
    enc.SetMaster(Ipv4Address("192.0.2.0"));

    ASSERT_TRUE(enc.CanDelta(Ipv4Address("192.0.2.64"), 26));
    EXPECT_EQ(PrefixDeltaCodec::EncodeDelta(Ipv4Address("192.0.2.64"), 26), 0x09);
    ASSERT_TRUE(enc.CanDelta(Ipv4Address("192.0.2.128"), 25));
    EXPECT_EQ(PrefixDeltaCodec::EncodeDelta(Ipv4Address("192.0.2.128"), 25), 0x05);
    // 3 prefixes: 6 octets instead of 12.
}

TEST(PrefixDeltaCodec, RfcFigure1Decoding)
{
    PrefixDeltaCodec dec;
    EXPECT_EQ(dec.DecodeDelta(0x09, 26), std::nullopt); // no master yet
    MipBytes full = Hex("c0 00 02 00");
    MipWireReader r(full);
    std::optional<Ipv4Address> master = PrefixDeltaCodec::ReadFull(r, 28);
    ASSERT_TRUE(master);
    EXPECT_EQ(*master, Ipv4Address("192.0.2.0"));
    EXPECT_EQ(r.GetRemaining(), 0u);
    dec.SetMaster(*master);
    EXPECT_EQ(dec.DecodeDelta(0x09, 26), std::optional<Ipv4Address>(Ipv4Address("192.0.2.64")));
    EXPECT_EQ(dec.DecodeDelta(0x05, 25), std::optional<Ipv4Address>(Ipv4Address("192.0.2.128")));
    // A D=1 prefix does not replace the master.
    EXPECT_EQ(dec.GetMaster(), Ipv4Address("192.0.2.0"));
}

TEST(PrefixDeltaCodec, FullPrefixOctets)
{
    const std::pair<uint8_t, uint8_t> octets[] =
        {{0, 0}, {1, 1}, {8, 1}, {9, 2}, {16, 2}, {17, 3}, {24, 3}, {25, 4}, {32, 4}};
    for (auto [plen, n] : octets)
    {
        EXPECT_EQ(PrefixDeltaCodec::GetFullOctets(plen), n) << "/" << int(plen);
    }
    MipBytes out;
    MipWireWriter w(out);
    PrefixDeltaCodec::WriteFull(w, Ipv4Address("0.0.0.0"), 0);
    EXPECT_TRUE(out.empty());
    PrefixDeltaCodec::WriteFull(w, Ipv4Address("10.129.2.3"), 9); // host bits not sent
    EXPECT_EQ(MipToHex(out), "0a 80");

    MipBytes none;
    MipWireReader r(none);
    EXPECT_EQ(PrefixDeltaCodec::ReadFull(r, 0), std::optional<Ipv4Address>(Ipv4Address("0.0.0.0")));
    EXPECT_TRUE(r.IsOk());
}

TEST(PrefixDeltaCodec, ReadFullMasksBitsBeyondPlen)
{
    MipBytes a = Hex("c0 00 02 ff");
    MipWireReader ra(a);
    EXPECT_EQ(PrefixDeltaCodec::ReadFull(ra, 28),
              std::optional<Ipv4Address>(Ipv4Address("192.0.2.240")));
    MipBytes b = Hex("0a ff");
    MipWireReader rb(b);
    EXPECT_EQ(PrefixDeltaCodec::ReadFull(rb, 9),
              std::optional<Ipv4Address>(Ipv4Address("10.128.0.0")));
}

TEST(PrefixDeltaCodec, ReadFullRejectsTruncationAndLongPlen)
{
    MipBytes three = Hex("c0 00 02");
    MipWireReader r1(three);
    EXPECT_EQ(PrefixDeltaCodec::ReadFull(r1, 25), std::nullopt);
    MipWireReader r2(three);
    EXPECT_EQ(PrefixDeltaCodec::ReadFull(r2, 33), std::nullopt);
    MipWireReader r3(three);
    EXPECT_EQ(PrefixDeltaCodec::ReadFull(r3, 24),
              std::optional<Ipv4Address>(Ipv4Address("192.0.2.0")));
}

TEST(PrefixDeltaCodec, CanDeltaConditions)
{
    PrefixDeltaCodec c;
    c.SetMaster(Ipv4Address("10.1.0.0"));
    EXPECT_TRUE(c.CanDelta(Ipv4Address("10.1.2.0"), 24));    // agrees on bits 0-15
    EXPECT_FALSE(c.CanDelta(Ipv4Address("10.2.2.0"), 24));   // differs at bit 14
    EXPECT_TRUE(c.CanDelta(Ipv4Address("10.1.2.128"), 25));  // bit 16 is 0 in both
    EXPECT_FALSE(c.CanDelta(Ipv4Address("10.1.130.0"), 25)); // bit 16 differs
    EXPECT_TRUE(c.CanDelta(Ipv4Address("192.0.0.0"), 8));    // no bit has to agree
    EXPECT_FALSE(c.CanDelta(Ipv4Address("10.0.0.0"), 7));    // fewer than 8 bits
    EXPECT_FALSE(c.CanDelta(Ipv4Address("10.1.0.0"), 33));
    EXPECT_TRUE(c.CanDelta(Ipv4Address("10.1.0.77"), 32));
    EXPECT_EQ(PrefixDeltaCodec::EncodeDelta(Ipv4Address("10.1.0.77"), 32), 0x4d);
    EXPECT_EQ(PrefixDeltaCodec::EncodeDelta(Ipv4Address("10.1.2.0"), 24), 0x02);
    c.Reset();
    EXPECT_FALSE(c.HasMaster());
    EXPECT_FALSE(c.CanDelta(Ipv4Address("10.1.2.0"), 24));
}

TEST(PrefixDeltaCodec, DecodeDeltaEdges)
{
    PrefixDeltaCodec c;
    c.SetMaster(Ipv4Address("10.1.2.3"));
    // /8: nothing from the master.
    EXPECT_EQ(c.DecodeDelta(0xc0, 8), std::optional<Ipv4Address>(Ipv4Address("192.0.0.0")));
    // /32: last octet replaced.
    EXPECT_EQ(c.DecodeDelta(0x4d, 32), std::optional<Ipv4Address>(Ipv4Address("10.1.2.77")));
    // /20: bits 0-11 from the master (10.0), delta in bits 12-19: 0xab -> 10.10.176.0
    EXPECT_EQ(c.DecodeDelta(0xab, 20), std::optional<Ipv4Address>(Ipv4Address("10.10.176.0")));
    // Our reading of the unspecified D=1 with PLen < 8: rejected.
    for (uint8_t plen = 0; plen < 8; ++plen)
    {
        EXPECT_EQ(c.DecodeDelta(0xff, plen), std::nullopt);
    }
    EXPECT_EQ(c.DecodeDelta(0x01, 33), std::nullopt);
}

TEST(PrefixDeltaCodec, EncodeDecodeAgreeOnRandomPrefixes)
{
    std::mt19937 rng(6521);
    int deltas = 0;
    for (int n = 0; n < 20000; ++n)
    {
        uint32_t masterBits = rng();
        uint8_t masterLen = rng() % 33;
        Ipv4Address master = PrefixDeltaCodec::Truncate(Ipv4Address(masterBits), masterLen);
        // Often a prefix near the master, sometimes a random one.
        uint32_t bits = (n % 3) ? (masterBits ^ (rng() & 0x3ff)) : rng();
        uint8_t plen = rng() % 33;
        Ipv4Address prefix = PrefixDeltaCodec::Truncate(Ipv4Address(bits), plen);
        PrefixDeltaCodec enc;
        PrefixDeltaCodec dec;
        enc.SetMaster(master);
        dec.SetMaster(master);
        if (enc.CanDelta(prefix, plen))
        {
            ++deltas;
            std::optional<Ipv4Address> back =
                dec.DecodeDelta(PrefixDeltaCodec::EncodeDelta(prefix, plen), plen);
            ASSERT_TRUE(back);
            ASSERT_EQ(*back, prefix) << master << " " << prefix << "/" << int(plen);
        }
        MipBytes out;
        MipWireWriter w(out);
        PrefixDeltaCodec::WriteFull(w, prefix, plen);
        ASSERT_EQ(out.size(), PrefixDeltaCodec::GetFullOctets(plen));
        MipWireReader r(out);
        ASSERT_EQ(PrefixDeltaCodec::ReadFull(r, plen), std::optional<Ipv4Address>(prefix));
    }
    EXPECT_GT(deltas, 5000);
}

// ---------------------------------------------------------------------------------------
// Realm compression (RFC 6521 section 4.2)
// ---------------------------------------------------------------------------------------

TEST(RealmCodec, RfcFiveRealmExample)
{
    RealmCompressor comp;
    const char* expected[] = {FOO_EXAMPLE_COM,
                              BAR_FOO_EXAMPLE_COM,
                              BUZ_FOO_EXAMPLE_ORG,
                              EXAMPLE_COM,
                              BAR_EXAMPLE_COM_ORG};
    size_t total = 0;
    for (size_t i = 0; i < FIVE_REALMS.size(); ++i)
    {
        std::optional<MipBytes> out = comp.Encode(FIVE_REALMS[i]);
        ASSERT_TRUE(out);
        EXPECT_EQ(MipToHex(*out), MipToHex(Hex(expected[i]))) << FIVE_REALMS[i];
        total += out->size();
    }
    EXPECT_EQ(total, 40u);     // with the five end marks
    EXPECT_EQ(total - 5, 35u); // the RFC's count, without end marks

    const std::vector<std::string> dictionary =
        {"foo", "example", "com", "foo.example.com", "example.com", "bar", "buz", "org"};
    ASSERT_EQ(comp.GetDictionary().GetSize(), dictionary.size());
    for (size_t i = 0; i < dictionary.size(); ++i)
    {
        EXPECT_EQ(comp.GetDictionary().Get(i), std::optional<std::string>(dictionary[i]));
    }
    EXPECT_EQ(comp.GetDictionary().Get(8), std::nullopt);
}

TEST(RealmCodec, RfcFiveRealmExampleDecodes)
{
    MipBytes stream = Concat({FOO_EXAMPLE_COM,
                              BAR_FOO_EXAMPLE_COM,
                              BUZ_FOO_EXAMPLE_ORG,
                              EXAMPLE_COM,
                              BAR_EXAMPLE_COM_ORG});
    RealmDecompressor dec;
    MipWireReader r(stream);
    for (const auto& realm : FIVE_REALMS)
    {
        EXPECT_EQ(dec.Decode(r), std::optional<std::string>(realm));
        EXPECT_EQ(dec.GetError(), RealmDecodeError::NONE);
    }
    EXPECT_EQ(r.GetRemaining(), 0u);
    EXPECT_EQ(dec.GetDictionary().GetSize(), 8u);
    EXPECT_EQ(dec.GetDictionary().Get(3), std::optional<std::string>("foo.example.com"));
    EXPECT_EQ(dec.GetDictionary().Get(7), std::optional<std::string>("org"));
}

TEST(RealmCodec, DictionaryUpdatesAfterEachRealm)
{
    RealmCompressor comp;
    comp.Encode("foo.example.com");
    EXPECT_EQ(comp.GetDictionary().GetSize(), 5u); // foo example com + 2 suffixes
    comp.Encode("bar.foo.example.com");
    EXPECT_EQ(comp.GetDictionary().GetSize(), 6u); // bar (lnms cleared by the index)
    comp.Encode("buz.foo.example.org");
    EXPECT_EQ(comp.GetDictionary().GetSize(), 8u); // buz, org (lnms "org": no suffix)
    comp.Encode("example.com");
    comp.Encode("bar.example.com.org");
    EXPECT_EQ(comp.GetDictionary().GetSize(), 8u);
}

TEST(RealmCodec, LiteralRunsAddAllMultiLabelSuffixes)
{
    // a.b.c.d: literals a b c d (0-3), then suffixes a.b.c.d, b.c.d, c.d (4-6).
    RealmCompressor comp;
    EXPECT_EQ(MipToHex(*comp.Encode("a.b.c.d")), "01 61 01 62 01 63 01 64 00");
    EXPECT_EQ(comp.GetDictionary().Get(4), std::optional<std::string>("a.b.c.d"));
    EXPECT_EQ(comp.GetDictionary().Get(5), std::optional<std::string>("b.c.d"));
    EXPECT_EQ(comp.GetDictionary().Get(6), std::optional<std::string>("c.d"));
    // x.b.c.d: x literal (7), then b.c.d = 5.
    EXPECT_EQ(MipToHex(*comp.Encode("x.b.c.d")), "01 78 85 00");
    // A label may refer to one added earlier in the same realm: e.e -> 01 'e' 88.
    EXPECT_EQ(MipToHex(*comp.Encode("e.e")), "01 65 88 00");
    // "c.d" is one index; nothing new is added.
    EXPECT_EQ(MipToHex(*comp.Encode("c.d")), "86 00");
    EXPECT_EQ(comp.GetDictionary().GetSize(), 9u);
}

TEST(RealmCodec, EmptyRealmIsOneEndMark)
{
    RealmCompressor comp;
    EXPECT_EQ(MipToHex(*comp.Encode("")), "00");
    RealmDecompressor dec;
    MipBytes in = Hex("00");
    MipWireReader r(in);
    EXPECT_EQ(dec.Decode(r), std::optional<std::string>(""));
}

TEST(RealmCodec, UncompressedModeSendsLiterals)
{
    RealmCompressor comp(false);
    EXPECT_FALSE(comp.GetCompression());
    MipBytes a = *comp.Encode("foo.example.com");
    MipBytes b = *comp.Encode("bar.foo.example.com");
    EXPECT_EQ(MipToHex(a), MipToHex(Hex(FOO_EXAMPLE_COM)));
    EXPECT_EQ(MipToHex(b), "03 62 61 72 03 66 6f 6f 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00");
    // The receiver decodes it the same way (and keeps its dictionary in step).
    MipBytes stream = a;
    stream.insert(stream.end(), b.begin(), b.end());
    RealmDecompressor dec;
    MipWireReader r(stream);
    EXPECT_EQ(dec.Decode(r), std::optional<std::string>("foo.example.com"));
    EXPECT_EQ(dec.Decode(r), std::optional<std::string>("bar.foo.example.com"));
    EXPECT_EQ(dec.GetDictionary().GetSize(), comp.GetDictionary().GetSize());
}

TEST(RealmCodec, DictionaryWrapsAfter128Strings)
{
    RealmDictionary d;
    for (int i = 0; i < 128; ++i)
    {
        EXPECT_EQ(d.Add("s" + std::to_string(i)), i);
    }
    EXPECT_EQ(d.GetSize(), 128u);
    EXPECT_EQ(d.Add("s128"), 0);
    EXPECT_EQ(d.Get(0), std::optional<std::string>("s128"));
    EXPECT_EQ(d.Get(1), std::optional<std::string>("s1"));
    EXPECT_EQ(d.Find("s0"), std::nullopt);
    EXPECT_EQ(d.Add("s129"), 1);
    EXPECT_EQ(d.GetSize(), 128u);
    EXPECT_EQ(d.GetTotalAdded(), 130u);
    d.Clear();
    EXPECT_EQ(d.GetSize(), 0u);
    EXPECT_EQ(d.Get(0), std::nullopt);
}

TEST(RealmCodec, WrapThroughTheCodec)
{
    // 129 distinct one-label realms l0..l128, then index 0 must mean l128.
    RealmCompressor comp;
    MipBytes stream;
    for (int i = 0; i <= 128; ++i)
    {
        std::string label = "l" + std::to_string(i);
        MipBytes expected{static_cast<uint8_t>(label.size())};
        expected.insert(expected.end(), label.begin(), label.end());
        expected.push_back(0);
        MipBytes out = *comp.Encode(label);
        ASSERT_EQ(out, expected) << label;
        stream.insert(stream.end(), out.begin(), out.end());
    }
    EXPECT_EQ(MipToHex(*comp.Encode("l128")), "80 00");
    EXPECT_EQ(MipToHex(*comp.Encode("l1")), "81 00");
    // l0 was overwritten: sent literally again, it goes to entry 1.
    EXPECT_EQ(MipToHex(*comp.Encode("l0")), "02 6c 30 00");
    EXPECT_EQ(comp.GetDictionary().Get(1), std::optional<std::string>("l0"));

    MipBytes tail = Hex("80 00 81 00 02 6c 30 00 81 00");
    stream.insert(stream.end(), tail.begin(), tail.end());
    RealmDecompressor dec;
    MipWireReader r(stream);
    for (int i = 0; i <= 128; ++i)
    {
        ASSERT_EQ(dec.Decode(r), std::optional<std::string>("l" + std::to_string(i)));
    }
    EXPECT_EQ(dec.Decode(r), std::optional<std::string>("l128"));
    EXPECT_EQ(dec.Decode(r), std::optional<std::string>("l1"));
    EXPECT_EQ(dec.Decode(r), std::optional<std::string>("l0"));
    EXPECT_EQ(dec.Decode(r), std::optional<std::string>("l0")); // entry 1 now
    EXPECT_EQ(r.GetRemaining(), 0u);
}

TEST(RealmCodec, InvalidRealmsAreNotEncoded)
{
    const std::string bad[] = {".a",
                               "a.",
                               "a..b",
                               ".",
                               std::string(128, 'x'),
                               std::string(100, 'x') + "." + std::string(100, 'y') + "." +
                                   std::string(54, 'z'), // 256 octets
                               std::string("a\0b", 3)};
    for (const auto& realm : bad)
    {
        RealmCompressor comp;
        EXPECT_FALSE(RealmCodec::IsValidRealm(realm)) << realm;
        EXPECT_EQ(comp.Encode(realm), std::nullopt) << realm;
        EXPECT_EQ(comp.GetDictionary().GetSize(), 0u); // state unchanged
    }
    EXPECT_TRUE(RealmCodec::IsValidRealm(""));
    EXPECT_TRUE(RealmCodec::IsValidRealm(std::string(127, 'x')));
    EXPECT_TRUE(RealmCodec::IsValidRealm(std::string(127, 'x') + "." + std::string(127, 'y')));
    EXPECT_TRUE(RealmCodec::IsValidRealm(std::string(100, 'x') + "." + std::string(100, 'y') + "." +
                                         std::string(53, 'z'))); // 255 octets
}

TEST(RealmCodec, MalformedRealmsAreRejected)
{
    struct Case
    {
        const char* hex;
        RealmDecodeError error;
    };

    const Case cases[] = {
        {"", RealmDecodeError::MISSING_END_MARK},
        {"80 00", RealmDecodeError::UNDEFINED_INDEX},       // empty dictionary
        {"01 61 81 00", RealmDecodeError::UNDEFINED_INDEX}, // only entry 0 exists
        {"ff 00", RealmDecodeError::UNDEFINED_INDEX},
        {"05 61 62 63", RealmDecodeError::LABEL_PAST_END}, // over-long label
        {"03 66 6f 6f 04 61 62", RealmDecodeError::LABEL_PAST_END},
        {"03 66 6f 6f", RealmDecodeError::MISSING_END_MARK},
        {"03 66 6f 6f 80", RealmDecodeError::MISSING_END_MARK},
        {"03 61 2e 62 00", RealmDecodeError::BAD_LABEL}, // "a.b" as one label
        {"03 61 00 62 00", RealmDecodeError::BAD_LABEL}, // 0x00 inside a label
    };
    for (const auto& c : cases)
    {
        RealmDecompressor dec;
        MipBytes in = Hex(c.hex);
        MipWireReader r(in);
        EXPECT_EQ(dec.Decode(r), std::nullopt) << c.hex;
        EXPECT_EQ(dec.GetError(), c.error) << c.hex;
    }
}

TEST(RealmCodec, DecodedRealmIsAtMost255Octets)
{
    std::string label127 = "7f " + MipToHex(MipBytes(127, 0x61));
    {
        RealmDecompressor dec;
        MipBytes in = Hex(label127 + " 80 00"); // 127 + '.' + 127 = 255
        MipWireReader r(in);
        std::optional<std::string> realm = dec.Decode(r);
        ASSERT_TRUE(realm);
        EXPECT_EQ(realm->size(), 255u);
    }
    {
        RealmDecompressor dec;
        MipBytes in = Hex(label127 + " 80 80 00"); // 383
        MipWireReader r(in);
        EXPECT_EQ(dec.Decode(r), std::nullopt);
        EXPECT_EQ(dec.GetError(), RealmDecodeError::TOO_LONG);
    }
    {
        // A long run of references to a one-octet entry stops at 255 octets.
        RealmDecompressor dec;
        MipBytes in = Hex("01 61");
        in.insert(in.end(), 100000, 0x80);
        MipWireReader r(in);
        EXPECT_EQ(dec.Decode(r), std::nullopt);
        EXPECT_EQ(dec.GetError(), RealmDecodeError::TOO_LONG);
        EXPECT_LT(r.GetOffset(), 200u);
    }
}

TEST(RealmCodec, RandomStreamsRoundTripWithMirroredDictionaries)
{
    const std::vector<std::string> vocabulary =
        {"a", "bb", "example", "com", "org", "net", "x1", "site-7", "zz"};
    std::mt19937 rng(4242);
    for (int run = 0; run < 200; ++run)
    {
        bool compress = run % 4 != 0;
        RealmCompressor comp(compress);
        RealmDecompressor dec;
        int realms = 1 + rng() % 80; // often enough to wrap the dictionary
        for (int k = 0; k < realms; ++k)
        {
            std::string realm;
            int labels = rng() % 6;
            for (int l = 0; l < labels; ++l)
            {
                realm += (l ? "." : "") + vocabulary[rng() % vocabulary.size()];
            }
            if (rng() % 8 == 0 && !realm.empty())
            {
                realm += ".u" + std::to_string(rng() % 1000); // fresh labels too
            }
            std::optional<MipBytes> out = comp.Encode(realm);
            ASSERT_TRUE(out) << realm;
            MipWireReader r(*out);
            ASSERT_EQ(dec.Decode(r), std::optional<std::string>(realm)) << MipToHex(*out);
            ASSERT_EQ(r.GetRemaining(), 0u);
            ASSERT_EQ(comp.GetDictionary().GetTotalAdded(), dec.GetDictionary().GetTotalAdded());
            for (size_t i = 0; i < RealmDictionary::CAPACITY; ++i)
            {
                ASSERT_EQ(comp.GetDictionary().Get(i), dec.GetDictionary().Get(i));
            }
        }
    }
}

TEST(RealmCodec, MalformedInputNeverCrashes)
{
    haaro_test::FuzzParser(
        [](const MipBytes& in) {
            RealmDecompressor dec;
            MipWireReader r(in);
            while (r.GetRemaining() > 0)
            {
                std::optional<std::string> realm = dec.Decode(r);
                if (!realm)
                {
                    return false;
                }
                EXPECT_TRUE(RealmCodec::IsValidRealm(*realm));
            }
            return true;
        },
        {Concat({FOO_EXAMPLE_COM,
                 BAR_FOO_EXAMPLE_COM,
                 BUZ_FOO_EXAMPLE_ORG,
                 EXAMPLE_COM,
                 BAR_EXAMPLE_COM_ORG})},
        /* rejectPrefixes= */ false); // a cut between realms is a valid stream
}

// ---------------------------------------------------------------------------------------
// Prefix Advertisement extension (RFC 6521 section 5.5)
// ---------------------------------------------------------------------------------------

TEST(PrefixAdvertisement, RfcPrefixExampleInsideTheExtension)
{
    PrefixAdvertisementExtension adv =
        MrAWithPrefixes({{"192.0.2.0", 28}, {"192.0.2.64", 26}, {"192.0.2.128", 25}});
    MipExtension e = adv.ToExtension();
    // 40 HoA | 1c (D=0 /28) c0 00 02 00, realm 00 | 9a (D=1 /26) 09 00 | 99 (D=1 /25) 05 00
    EXPECT_EQ(MipToHex(e.data), "40 0a 00 00 01 1c c0 00 02 00 00 9a 09 00 99 05 00");
    EXPECT_EQ(MipToHex(haaro_test::Serialize(e)),
              "32 01 00 11 40 0a 00 00 01 1c c0 00 02 00 00 9a 09 00 99 05 00");
    EXPECT_EQ(PrefixAdvertisementExtension::FromExtension(e),
              std::optional<PrefixAdvertisementExtension>(adv));

    // Without prefix compression every prefix is sent in full.
    PrefixAdvertisementEncodeOptions plain;
    plain.prefixCompression = false;
    PrefixAdvertisementEncodeResult r = adv.Encode(plain);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(MipToHex(r.extension.data),
              "40 0a 00 00 01 1c c0 00 02 00 00 1a c0 00 02 40 00 19 c0 00 02 80 00");
    EXPECT_EQ(PrefixAdvertisementExtension::FromExtension(r.extension),
              std::optional<PrefixAdvertisementExtension>(adv));
}

TEST(PrefixAdvertisement, RfcRealmExampleInsideTheExtension)
{
    // Five prefixes, all 198.51.100.0/24: the first in full (18 c6 33 64), the others as
    // D=1 deltas (98 64): identical prefixes still cost one octet.
    PrefixAdvertisementExtension adv;
    adv.AddMobileRouter(Ipv4Address("10.0.0.1"));
    for (const auto& realm : FIVE_REALMS)
    {
        adv.AddPrefix(Ipv4Address("198.51.100.0"), 24, realm);
    }
    MipExtension e = adv.ToExtension();
    MipBytes expected = Concat({"40 0a 00 00 01",
                                "18 c6 33 64",
                                FOO_EXAMPLE_COM,
                                "98 64",
                                BAR_FOO_EXAMPLE_COM,
                                "98 64",
                                BUZ_FOO_EXAMPLE_ORG,
                                "98 64",
                                EXAMPLE_COM,
                                "98 64",
                                BAR_EXAMPLE_COM_ORG});
    EXPECT_EQ(MipToHex(e.data), MipToHex(expected));
    EXPECT_EQ(e.GetSerializedSize(), 4u + 57u);
    EXPECT_EQ(PrefixAdvertisementExtension::FromExtension(e),
              std::optional<PrefixAdvertisementExtension>(adv));
}

TEST(PrefixAdvertisement, F14AdvertisementToMrB)
{
    // Step 4: the reply to MR B lists network A only.
    PrefixAdvertisementExtension adv;
    adv.AddMobileRouter(Ipv4Address("10.0.0.1"));
    adv.AddPrefix(Ipv4Address("192.0.2.0"), 26, "neta.example.com");
    EXPECT_EQ(MipToHex(haaro_test::Serialize(adv.ToExtension())),
              MipToHex(Concat({"32 01 00 1c", F14_NETWORK_A})));
}

TEST(PrefixAdvertisement, F14AdvertisementToMrCDeltaCodesNetworkB)
{
    // Step 6: networks A and B; B's prefix is a delta against A's (the master persists
    // across Mobile Router entries), and B's realm reuses A's dictionary entries.
    PrefixAdvertisementExtension adv = F14AdvertisementToMrC();
    MipExtension e = adv.ToExtension();
    EXPECT_EQ(MipToHex(e.data), MipToHex(Concat({F14_NETWORK_A, F14_NETWORK_B})));
    EXPECT_EQ(e.data.size(), 42u);

    // B's prefix costs one octet: sent in full it would take four.
    PrefixAdvertisementEncodeOptions plain;
    plain.prefixCompression = false;
    PrefixAdvertisementEncodeResult full = adv.Encode(plain);
    ASSERT_TRUE(full.ok);
    EXPECT_EQ(
        MipToHex(full.extension.data),
        MipToHex(Concat({F14_NETWORK_A, "40 0a 00 00 02 1a c0 00 02 40 04 6e 65 74 62 84 00"})));
    EXPECT_EQ(full.extension.data.size(), e.data.size() + 3);

    // Neither compression: B's realm is sent literally too.
    plain.realmCompression = false;
    PrefixAdvertisementEncodeResult none = adv.Encode(plain);
    ASSERT_TRUE(none.ok);
    EXPECT_EQ(MipToHex(none.extension.data),
              MipToHex(Concat({F14_NETWORK_A,
                               "40 0a 00 00 02 1a c0 00 02 40 "
                               "04 6e 65 74 62 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00"})));

    for (const auto& ext : {e, full.extension, none.extension})
    {
        std::optional<PrefixAdvertisementExtension> back =
            PrefixAdvertisementExtension::FromExtension(ext);
        ASSERT_TRUE(back);
        EXPECT_EQ(*back, adv);
        ASSERT_EQ(back->GetEntryCount(), 2u);
        EXPECT_EQ(back->GetEntries()[1].prefixes[0].prefix, Ipv4Address("192.0.2.64"));
        EXPECT_EQ(back->GetEntries()[1].prefixes[0].realm, "netb.example.com");
    }
}

TEST(PrefixAdvertisement, F14InARegistrationReply)
{
    MipRegistrationReply rrp = ReplyToMrC();
    rrp.AddExtension(F14AdvertisementToMrC().ToExtension());
    MipBytes expected =
        Concat({"03 00 00 3c 0a 00 00 03 0a 00 00 fe 00 00 00 00 00 00 00 01 32 01 00 2a",
                F14_NETWORK_A,
                F14_NETWORK_B});
    EXPECT_EQ(MipToHex(rrp.ToBytes()), MipToHex(expected));

    MipRegistrationReply back;
    ASSERT_EQ(back.FromBytes(expected), expected.size());
    EXPECT_EQ(PrefixAdvertisementExtension::Find(back),
              std::optional<PrefixAdvertisementExtension>(F14AdvertisementToMrC()));

    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(rrp);
    EXPECT_EQ(p->GetSize(), expected.size());
    MipRegistrationReply fromPacket;
    EXPECT_EQ(p->RemoveHeader(fromPacket), expected.size());
    EXPECT_EQ(fromPacket.ToBytes(), expected);
    EXPECT_EQ(PrefixAdvertisementExtension::Find(fromPacket),
              std::optional<PrefixAdvertisementExtension>(F14AdvertisementToMrC()));
    EXPECT_EQ(PrefixAdvertisementExtension::Find(ReplyToMrC()), std::nullopt);
}

TEST(PrefixAdvertisement, MalformedAdvertisementRejectsTheWholeReply)
{
    const char* badData[] = {
        "18 c6 33 64 00",                   // first structure is not an MR
        "40 0a 00 00 01 9a 09 00",          // D=1 without master
        "40 0a 00 00 01 18 c6 33 64 80 00", // realm index to an undefined entry
        "40 0a 00 00",                      // truncated HoA
        "40 0a 00 00 01 21 00",             // PLen 33
    };
    for (const char* data : badData)
    {
        MipBytes bytes = ReplyToMrC().ToBytes();
        MipBytes ext = Hex(data);
        bytes.push_back(50);
        bytes.push_back(1);
        bytes.push_back(0);
        bytes.push_back(static_cast<uint8_t>(ext.size()));
        bytes.insert(bytes.end(), ext.begin(), ext.end());
        MipRegistrationReply rrp;
        haaro_test::ExpectRejected(rrp, bytes, MipParseError::MALFORMED_EXTENSION);
    }
}

TEST(PrefixAdvertisement, InfoAndHomeAddressOnlyEntries)
{
    PrefixAdvertisementExtension adv;
    adv.AddMobileRouter(Ipv4Address("10.0.0.1"), AdvertisedMobileRouter::INFO_OUTBOUND_ONLY);
    adv.AddMobileRouter(Ipv4Address("10.0.0.2"));
    adv.AddMobileRouter(Ipv4Address("10.0.0.4"), AdvertisedMobileRouter::INFO_OUTBOUND_ONLY);
    adv.AddPrefix(Ipv4Address("10.4.0.0"), 16, "");
    MipExtension e = adv.ToExtension();
    // 41 = M, Info 1; 40 = M, Info 0; 10 = /16 D=0 then 0a 04 and an empty realm.
    EXPECT_EQ(MipToHex(e.data), "41 0a 00 00 01 40 0a 00 00 02 41 0a 00 00 04 10 0a 04 00");
    std::optional<PrefixAdvertisementExtension> back =
        PrefixAdvertisementExtension::FromExtension(e);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, adv);
    EXPECT_EQ(back->GetEntries()[0].info, AdvertisedMobileRouter::INFO_OUTBOUND_ONLY);
    EXPECT_TRUE(back->GetEntries()[0].prefixes.empty());
    EXPECT_EQ(back->GetPrefixCount(), 1u);
}

TEST(PrefixAdvertisement, UndefinedInfoValuesAreKeptAndDIsIgnoredWithM)
{
    PrefixAdvertisementDecodeResult r =
        DecodeData(Hex("7f 0a 00 00 01 c1 0a 00 00 02 c0 0a 00 00 03"));
    ASSERT_EQ(r.error, PrefixAdvertisementError::NONE);
    ASSERT_EQ(r.extension->GetEntryCount(), 3u);
    EXPECT_EQ(r.extension->GetEntries()[0].info, 63);
    EXPECT_EQ(r.extension->GetEntries()[1].info, 1);
    EXPECT_EQ(r.extension->GetEntries()[2].info, 0);
    // Re-encoded with D=0 and the Info kept.
    EXPECT_EQ(MipToHex(r.extension->ToExtension().data),
              "7f 0a 00 00 01 41 0a 00 00 02 40 0a 00 00 03");
}

TEST(PrefixAdvertisement, DefaultRouteHasNoPrefixOctets)
{
    PrefixAdvertisementExtension adv;
    adv.AddMobileRouter(Ipv4Address("10.0.0.9"));
    adv.AddPrefix(Ipv4Address("0.0.0.0"), 0, "");
    adv.AddPrefix(Ipv4Address("0.0.0.0"), 0, "gw");
    MipExtension e = adv.ToExtension();
    // 00 = D=0 /0, no prefix octet, empty realm 00; then 00, realm 02 'gw' 00.
    EXPECT_EQ(MipToHex(e.data), "40 0a 00 00 09 00 00 00 02 67 77 00");
    EXPECT_EQ(PrefixAdvertisementExtension::FromExtension(e),
              std::optional<PrefixAdvertisementExtension>(adv));
}

TEST(PrefixAdvertisement, ShortPrefixesAreSentInFull)
{
    // A /8 costs one octet either way: sent with D=0 (it also refreshes the master).
    PrefixAdvertisementExtension adv =
        MrAWithPrefixes({{"10.0.0.0", 8}, {"11.0.0.0", 8}, {"11.5.0.0", 16}});
    EXPECT_EQ(MipToHex(adv.ToExtension().data), "40 0a 00 00 01 08 0a 00 08 0b 00 90 05 00");
}

TEST(PrefixAdvertisement, HostBitsAreDroppedByTheEncoderAndMaskedByTheDecoder)
{
    PrefixAdvertisementExtension adv;
    adv.AddEntry(AdvertisedMobileRouter{Ipv4Address("10.0.0.1"),
                                        0,
                                        {AdvertisedPrefix{Ipv4Address("192.0.2.77"), 26, ""}}});
    EXPECT_EQ(MipToHex(adv.ToExtension().data), "40 0a 00 00 01 1a c0 00 02 40 00");
    PrefixAdvertisementDecodeResult r = DecodeData(Hex("40 0a 00 00 01 1a c0 00 02 7f 00"));
    ASSERT_EQ(r.error, PrefixAdvertisementError::NONE);
    EXPECT_EQ(r.extension->GetEntries()[0].prefixes[0].prefix, Ipv4Address("192.0.2.64"));
    // AddPrefix clears them at once.
    PrefixAdvertisementExtension viaAdd = MrAWithPrefixes({{"192.0.2.77", 26}});
    EXPECT_EQ(viaAdd.GetEntries()[0].prefixes[0].prefix, Ipv4Address("192.0.2.64"));
}

TEST(PrefixAdvertisement, EmptyAdvertisementIsAccepted)
{
    PrefixAdvertisementExtension adv;
    MipExtension e = adv.ToExtension();
    EXPECT_TRUE(e.data.empty());
    PrefixAdvertisementDecodeResult r = PrefixAdvertisementExtension::Decode(e);
    ASSERT_EQ(r.error, PrefixAdvertisementError::NONE);
    EXPECT_EQ(r.extension->GetEntryCount(), 0u);
}

TEST(PrefixAdvertisement, MalformedStructuresAreRejected)
{
    using E = PrefixAdvertisementError;
    const std::string mr = "40 0a 00 00 01 ";
    const std::string pfx = "18 c6 33 64 "; // D=0 /24 198.51.100

    struct Case
    {
        std::string hex;
        E error;
        size_t offset;
    };

    const Case cases[] = {
        {"18 c6 33 64 00", E::FIRST_NOT_MOBILE_ROUTER, 0},
        {"00 00", E::FIRST_NOT_MOBILE_ROUTER, 0},
        {mr + "9a 09 00", E::DELTA_WITHOUT_MASTER, 5},
        {mr + "21 00 00 00 00 00", E::BAD_PREFIX_LENGTH, 5}, // PLen 33
        {mr + "3f 00 00 00 00 00", E::BAD_PREFIX_LENGTH, 5}, // PLen 63
        {mr + "a1 00 00", E::BAD_PREFIX_LENGTH, 5},          // D=1 PLen 33
        {mr + "08 0a 00 87 05 00", E::DELTA_TOO_SHORT, 8},   // D=1 /7 after a master
        {mr + "08 0a 00 80 05 00", E::DELTA_TOO_SHORT, 8},   // D=1 /0
        {"40", E::TRUNCATED, 0},
        {"40 0a 00 00", E::TRUNCATED, 0},
        {mr + "18 c6 33", E::TRUNCATED, 5},
        {mr + "20", E::TRUNCATED, 5},
        {mr + pfx + "00 98", E::TRUNCATED, 10},
        {mr + "18 c6 33 64", E::REALM_MISSING_END_MARK, 5},
        {mr + pfx + "03 66 6f 6f", E::REALM_MISSING_END_MARK, 5},
        {mr + pfx + "80 00", E::REALM_UNDEFINED_INDEX, 5},
        {mr + pfx + "05 61 62 63", E::REALM_LABEL_PAST_END, 5},
        {mr + pfx + "03 61 2e 62 00", E::REALM_BAD_LABEL, 5},
        {mr + pfx + "7f " + MipToHex(MipBytes(127, 0x61)) + " 80 80 00", E::REALM_TOO_LONG, 5},
        // A realm index into a dictionary that only the previous extension filled.
        {mr + pfx + "87 00", E::REALM_UNDEFINED_INDEX, 5},
    };
    for (const auto& c : cases)
    {
        PrefixAdvertisementDecodeResult r = DecodeData(Hex(c.hex));
        EXPECT_EQ(r.error, c.error) << c.hex;
        EXPECT_EQ(r.errorOffset, c.offset) << c.hex;
        EXPECT_FALSE(r.extension) << c.hex;
        EXPECT_EQ(
            PrefixAdvertisementExtension::FromExtension(MipExtension::Long(50, 1, Hex(c.hex))),
            std::nullopt);
    }
    // Wrong type, sub-type or format.
    MipBytes ok = Hex(mr);
    EXPECT_EQ(PrefixAdvertisementExtension::Decode(MipExtension::Long(50, 2, ok)).error,
              E::WRONG_EXTENSION);
    EXPECT_EQ(PrefixAdvertisementExtension::Decode(MipExtension::Long(48, 1, ok)).error,
              E::WRONG_EXTENSION);
    EXPECT_EQ(PrefixAdvertisementExtension::Decode(MipExtension::Short(50, 1, ok)).error,
              E::WRONG_EXTENSION);
    EXPECT_EQ(PrefixAdvertisementExtension::Decode(MipExtension::Long(50, 1, ok)).error, E::NONE);
}

TEST(PrefixAdvertisement, TheMasterAndDictionaryDoNotOutliveTheExtension)
{
    // Each extension starts without a master and with an empty dictionary.
    MipExtension first = F14AdvertisementToMrC().ToExtension();
    ASSERT_TRUE(PrefixAdvertisementExtension::FromExtension(first));
    EXPECT_EQ(DecodeData(Hex(F14_NETWORK_B)).error, PrefixAdvertisementError::DELTA_WITHOUT_MASTER);
    EXPECT_EQ(DecodeData(Hex("40 0a 00 00 02 1a c0 00 02 40 04 6e 65 74 62 84 00")).error,
              PrefixAdvertisementError::REALM_UNDEFINED_INDEX);
}

TEST(PrefixAdvertisement, EncodeRejectsContentThatHasNoEncoding)
{
    PrefixAdvertisementExtension a;
    a.AddMobileRouter(Ipv4Address("10.0.0.1"), 64);
    EXPECT_FALSE(a.Encode().ok);
    PrefixAdvertisementExtension b;
    b.AddEntry(AdvertisedMobileRouter{Ipv4Address("10.0.0.1"),
                                      0,
                                      {AdvertisedPrefix{Ipv4Address("10.0.0.0"), 33, ""}}});
    EXPECT_FALSE(b.Encode().ok);
    PrefixAdvertisementExtension c;
    c.AddMobileRouter(Ipv4Address("10.0.0.1"));
    c.AddPrefix(Ipv4Address("10.0.0.0"), 8, "a..b");
    PrefixAdvertisementEncodeResult r = c.Encode();
    EXPECT_FALSE(r.ok);
    EXPECT_FALSE(r.error.empty());
}

TEST(PrefixAdvertisement, MaxSizeStopsAtAnEntryBoundary)
{
    PrefixAdvertisementExtension adv = F14AdvertisementToMrC(); // entries of 28 and 14 octets
    adv.AddMobileRouter(Ipv4Address("10.0.0.5"), 1);            // 5 octets

    struct Case
    {
        size_t maxSize;
        size_t included;
        size_t dataSize;
    };

    const Case cases[] = {{0, 0, 0},
                          {4, 0, 0},
                          {4 + 27, 0, 0},
                          {4 + 28, 1, 28},
                          {4 + 41, 1, 28},
                          {4 + 42, 2, 42},
                          {4 + 46, 2, 42},
                          {4 + 47, 3, 47},
                          {1000, 3, 47}};
    for (const auto& c : cases)
    {
        PrefixAdvertisementEncodeOptions options;
        options.maxSize = c.maxSize;
        PrefixAdvertisementEncodeResult r = adv.Encode(options);
        ASSERT_TRUE(r.ok);
        EXPECT_EQ(r.entriesIncluded, c.included) << c.maxSize;
        EXPECT_EQ(r.extension.data.size(), c.dataSize) << c.maxSize;
        std::optional<PrefixAdvertisementExtension> back =
            PrefixAdvertisementExtension::FromExtension(r.extension);
        ASSERT_TRUE(back);
        ASSERT_EQ(back->GetEntryCount(), c.included);
        for (size_t i = 0; i < c.included; ++i)
        {
            EXPECT_EQ(back->GetEntries()[i], adv.GetEntries()[i]);
        }
    }
    // Truncated output is a prefix of the full encoding: the delta for B is still there.
    PrefixAdvertisementEncodeOptions two;
    two.maxSize = 4 + 42;
    EXPECT_EQ(MipToHex(adv.Encode(two).extension.data),
              MipToHex(Concat({F14_NETWORK_A, F14_NETWORK_B})));
}

TEST(PrefixAdvertisement, TheSixteenBitLengthLimitsTheEntries)
{
    PrefixAdvertisementExtension adv;
    for (uint32_t i = 0; i < 14000; ++i)
    {
        adv.AddMobileRouter(Ipv4Address(0x0a000000 + i)); // 5 octets each
    }
    PrefixAdvertisementEncodeResult r = adv.Encode();
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.entriesIncluded, 65535u / 5);
    EXPECT_EQ(r.extension.data.size(), 65535u);
}

TEST(PrefixAdvertisement, RandomAdvertisementsRoundTrip)
{
    const std::vector<std::string> vocabulary =
        {"a", "example", "com", "org", "net", "mr", "site", "corp", "x9"};
    std::mt19937 rng(6521);
    for (int n = 0; n < 400; ++n)
    {
        PrefixAdvertisementExtension adv;
        int routers = rng() % 6;
        uint32_t base = rng();
        for (int m = 0; m < routers; ++m)
        {
            uint8_t info = (rng() % 8 == 0) ? rng() % 64 : rng() % 2;
            adv.AddMobileRouter(Ipv4Address(rng()), info);
            int prefixes = rng() % 5;
            for (int k = 0; k < prefixes; ++k)
            {
                uint8_t plen = (rng() % 4 == 0) ? rng() % 33 : 16 + rng() % 17;
                // Near a common base most of the time, so deltas happen.
                uint32_t bits = (rng() % 3) ? (base ^ (rng() & 0xffff)) : rng();
                std::string realm;
                int labels = rng() % 5;
                for (int l = 0; l < labels; ++l)
                {
                    realm += (l ? "." : "") + vocabulary[rng() % vocabulary.size()];
                }
                adv.AddPrefix(Ipv4Address(bits), plen, realm);
            }
        }
        size_t sizes[4] = {};
        for (int mode = 0; mode < 4; ++mode)
        {
            PrefixAdvertisementEncodeOptions options;
            options.prefixCompression = (mode & 1) != 0;
            options.realmCompression = (mode & 2) != 0;
            PrefixAdvertisementEncodeResult r = adv.Encode(options);
            ASSERT_TRUE(r.ok);
            ASSERT_EQ(r.entriesIncluded, adv.GetEntryCount());
            sizes[mode] = r.extension.data.size();
            PrefixAdvertisementDecodeResult d = PrefixAdvertisementExtension::Decode(r.extension);
            ASSERT_EQ(d.error, PrefixAdvertisementError::NONE) << MipToHex(r.extension.data);
            ASSERT_EQ(*d.extension, adv) << adv << " vs " << *d.extension;
        }
        // Compression never costs octets.
        EXPECT_LE(sizes[1], sizes[0]);
        EXPECT_LE(sizes[2], sizes[0]);
        EXPECT_LE(sizes[3], sizes[1]);
        EXPECT_LE(sizes[3], sizes[2]);
    }
}

TEST(PrefixAdvertisement, PrintListsTheEntries)
{
    PrefixAdvertisementExtension adv = F14AdvertisementToMrC();
    adv.AddMobileRouter(Ipv4Address("10.0.0.5"), 1);
    adv.AddMobileRouter(Ipv4Address("10.0.0.6"), 9);
    adv.AddPrefix(Ipv4Address("0.0.0.0"), 0);
    std::ostringstream os;
    os << adv;
    EXPECT_EQ(os.str(),
              "PrefixAdvertisement(MR 10.0.0.1: 192.0.2.0/26 realm neta.example.com; "
              "MR 10.0.0.2: 192.0.2.64/26 realm netb.example.com; MR 10.0.0.5 outbound-only; "
              "MR 10.0.0.6 info=9: 0.0.0.0/0)");
    std::ostringstream err;
    err << PrefixAdvertisementError::DELTA_WITHOUT_MASTER << "|" << RealmDecodeError::TOO_LONG;
    EXPECT_EQ(err.str(), "delta prefix before any full prefix|realm longer than 255 octets");
}

TEST(PrefixAdvertisement, ExtensionParserNeverCrashes)
{
    std::vector<MipBytes> samples;
    for (const auto& adv : {F14AdvertisementToMrC(), PrefixAdvertisementExtension()})
    {
        samples.push_back(adv.ToExtension().data);
    }
    samples.push_back(Concat({"40 0a 00 00 01 18 c6 33 64",
                              FOO_EXAMPLE_COM,
                              "98 64",
                              BAR_FOO_EXAMPLE_COM,
                              "98 64",
                              BUZ_FOO_EXAMPLE_ORG,
                              "41 0a 00 00 02 00 00"}));
    haaro_test::FuzzParser(
        [](const MipBytes& in) {
            std::optional<PrefixAdvertisementExtension> adv =
                PrefixAdvertisementExtension::FromExtension(MipExtension::Long(50, 1, in));
            if (!adv)
            {
                return false;
            }
            // Whatever was accepted re-encodes, and decodes to the same content.
            PrefixAdvertisementEncodeResult r = adv->Encode();
            EXPECT_TRUE(r.ok);
            EXPECT_EQ(r.entriesIncluded, adv->GetEntryCount());
            EXPECT_EQ(PrefixAdvertisementExtension::FromExtension(r.extension), adv);
            return true;
        },
        samples,
        /* rejectPrefixes= */ false); // a cut between Mobile Router entries is valid
}

TEST(PrefixAdvertisement, ReplyParserNeverCrashes)
{
    MipRegistrationReply rrp = ReplyToMrC();
    rrp.AddExtension(F14AdvertisementToMrC().ToExtension());
    // The 20-octet fixed part alone is a valid reply. An accepted reply never holds a 50/1
    // extension that does not decode.
    haaro_test::FuzzMessageParser<MipRegistrationReply>(
        {rrp.ToBytes()},
        [](const MipRegistrationReply& m) {
            for (const MipExtension* e : m.GetExtensions().FindAll(50, 1))
            {
                EXPECT_TRUE(PrefixAdvertisementExtension::FromExtension(*e));
            }
        });
}

namespace
{

/**
 * \param rng engine \param maxOctets largest encoding \param compress prefix and realm
 * compression
 * \return a valid long-format extension 50/1 of up to maxOctets octets: many Mobile
 * Routers, many prefixes, long realms (up to 255 octets, labels up to 127)
 */
MipExtension
LargeAdvertisement(haaro_test::FuzzRng& rng, size_t maxOctets, bool compress)
{
    PrefixAdvertisementExtension adv;
    std::vector<std::string> realms = {""};
    for (int i = 0; i < 8; ++i)
    {
        std::string realm;
        while (realm.size() < 200)
        {
            std::string label(1 + rng() % 60, static_cast<char>('a' + rng() % 26));
            realm += (realm.empty() ? "" : ".") + label;
        }
        realms.push_back(realm.substr(0, 255));
        if (!RealmCodec::IsValidRealm(realms.back()))
        {
            realms.back() = "fallback.example";
        }
    }
    uint32_t routers = 1 + rng() % 400;
    for (uint32_t r = 0; r < routers; ++r)
    {
        adv.AddMobileRouter(Ipv4Address(0x0a000001u + r * 7), static_cast<uint8_t>(rng() % 2));
        uint32_t prefixes = rng() % 2 ? rng() % 4 : rng() % 200;
        for (uint32_t p = 0; p < prefixes; ++p)
        {
            adv.AddPrefix(Ipv4Address(static_cast<uint32_t>(rng())),
                          static_cast<uint8_t>(8 + rng() % 25),
                          realms[rng() % realms.size()]);
        }
    }
    PrefixAdvertisementEncodeOptions options;
    options.prefixCompression = compress;
    options.realmCompression = compress;
    options.maxSize = maxOctets;
    PrefixAdvertisementEncodeResult r = adv.Encode(options);
    EXPECT_TRUE(r.ok) << r.error;
    return r.extension;
}

} // namespace

TEST(PrefixAdvertisement, LargeAdvertisementsNeverCrash)
{
    // Issue 10, item 9: valid extension-50 chains near the 16-bit Length limit (hundreds of
    // routers, thousands of prefixes, long realms), mutated octet-wise and structure-aware
    // (inside a reply: retyped, inflated, duplicated extensions, corrupted Length fields).
    haaro_test::FuzzRng rng(50);
    std::vector<MipBytes> data;
    std::vector<MipBytes> replies;
    for (auto [limit, compress] : {std::make_pair(size_t(300), true),
                                   std::make_pair(size_t(4096), false),
                                   std::make_pair(size_t(30000), true),
                                   std::make_pair(size_t(65000), false)})
    {
        {
            MipExtension e = LargeAdvertisement(rng, limit, compress);
            ASSERT_LE(e.GetSerializedSize(), limit);
            data.push_back(e.data);
            MipRegistrationReply rrp = ReplyToMrC();
            rrp.AddExtension(e);
            replies.push_back(rrp.ToBytes());
        }
    }
    haaro_test::FuzzParser(
        [](const MipBytes& in) {
            std::optional<PrefixAdvertisementExtension> adv =
                PrefixAdvertisementExtension::FromExtension(MipExtension::Long(50, 1, in));
            if (adv)
            {
                PrefixAdvertisementEncodeResult r = adv->Encode();
                EXPECT_TRUE(r.ok);
                EXPECT_EQ(PrefixAdvertisementExtension::FromExtension(r.extension), adv);
            }
            return adv.has_value();
        },
        data,
        /* rejectPrefixes= */ false,
        /* seed= */ 5050);
    haaro_test::FuzzMessageParser<MipRegistrationReply>(replies, [](const MipRegistrationReply& m) {
        for (const MipExtension* e : m.GetExtensions().FindAll(50, 1))
        {
            EXPECT_TRUE(PrefixAdvertisementExtension::FromExtension(*e));
        }
    });
}
