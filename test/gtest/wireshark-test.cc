/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Wireshark check: every standard message (types 1, 3, 4 with extensions 32, 44, 144, 148)
 * is written in UDP/434 over IPv4 with valid checksums into a pcap, and tshark (when
 * installed) must decode the expected field values with no malformed-packet or checksum
 * warnings. tshark does not know RFC 6521: the module's dissector wireshark/haaro.lua
 * must decode Prefix Advertisements that the module's encoder wrote (the RFC's compression
 * examples, every prefix length, a wrapping realm dictionary, compression on and off) back
 * to exactly the advertised entries.
 */
#include "fuzz-util.h"
#include "wire-test-util.h"

#include "ns3/icmpv4.h"
#include "ns3/ipv4-header.h"
#include "ns3/mip-auth-extension.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/mip-registration-request.h"
#include "ns3/mip-tunnel-data-header.h"
#include "ns3/nemo-extensions.h"
#include "ns3/packet.h"
#include "ns3/pcap-file.h"
#include "ns3/prefix-advertisement-extension.h"
#include "ns3/return-routability-messages.h"
#include "ns3/trace-helper.h"
#include "ns3/udp-header.h"
#include "ns3/udp-tunnel-extensions.h"

#include <array>
#include <cstdio>
#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <unistd.h>

using namespace ns3;

namespace
{

const Ipv4Address MR_COA("192.0.2.7");
const Ipv4Address HA("198.51.100.1");
const Ipv4Address HOA("10.0.0.1");
const MipBytes KEY(16, 0x42);
constexpr uint8_t UDP_PROTOCOL = 17;

/// 2026-01-01T00:00:00Z as a 64-bit NTP timestamp (RFC 5944 timestamp Identification).
constexpr uint64_t NTP_2026 = (static_cast<uint64_t>(1767225600ULL + 2208988800ULL) << 32);

/// One frame of the capture and what tshark must show for it.
struct Frame
{
    std::string name;                          //!< for messages
    Ipv4Address src;                           //!< IP source
    Ipv4Address dst;                           //!< IP destination
    uint16_t srcPort;                          //!< UDP source port
    uint16_t dstPort;                          //!< UDP destination port
    MipBytes payload;                          //!< UDP payload
    std::string protocols;                     //!< frame.protocols tshark must show
    std::map<std::string, std::string> expect; //!< tshark field -> value (all occurrences, ',')
};

/// \return true if a program is on PATH
bool
HaveProgram(const std::string& name)
{
    return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

/// \return what a shell command printed on stdout
std::string
Capture(const std::string& command)
{
    std::string out;
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe)
    {
        return out;
    }
    std::array<char, 4096> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe.get())) > 0)
    {
        out.append(buf.data(), n);
    }
    return out;
}

/// \return true if every occurrence of a checksum status field is 1 ("good")
bool
AllGood(const std::string& statuses)
{
    if (statuses.empty())
    {
        return false;
    }
    std::istringstream cells(statuses);
    std::string cell;
    while (std::getline(cells, cell, ','))
    {
        if (cell != "1")
        {
            return false;
        }
    }
    return true;
}

/// Wraps a UDP payload in UDP and IPv4 headers with valid checksums.
MipBytes
ToIpPacket(const Frame& f)
{
    Ptr<Packet> p = Create<Packet>(f.payload.data(), f.payload.size());
    UdpHeader udp;
    udp.SetSourcePort(f.srcPort);
    udp.SetDestinationPort(f.dstPort);
    udp.EnableChecksums();
    udp.InitializeChecksum(f.src, f.dst, UDP_PROTOCOL);
    p->AddHeader(udp);
    Ipv4Header ip;
    ip.SetSource(f.src);
    ip.SetDestination(f.dst);
    ip.SetProtocol(UDP_PROTOCOL);
    ip.SetPayloadSize(p->GetSize());
    ip.SetTtl(64);
    ip.SetIdentification(1);
    ip.EnableChecksum();
    p->AddHeader(ip);
    return haaro_test::PacketBytes(p);
}

/// Writes the frames to a raw-IPv4 pcap (LINKTYPE_RAW).
void
WritePcap(const std::string& file, const std::vector<Frame>& frames)
{
    PcapFile pcap;
    pcap.Open(file, std::ios::out);
    pcap.Init(PcapHelper::DLT_RAW, 65535);
    uint32_t second = 1;
    for (const auto& f : frames)
    {
        MipBytes bytes = ToIpPacket(f);
        pcap.Write(second++, 0, bytes.data(), bytes.size());
    }
    pcap.Close();
}

/// Field values per frame: result[frame][field] (occurrences joined with ',').
using Decoded = std::vector<std::map<std::string, std::string>>;

/// Runs tshark once over the capture and returns the requested fields of every frame.
/// \param lua a Lua dissector to load, or empty
Decoded
Tshark(const std::string& file, const std::vector<std::string>& fields, const std::string& lua = "")
{
    std::ostringstream cmd;
    cmd << "tshark -n -r " << file << " -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE"
        << (lua.empty() ? "" : " -X lua_script:" + lua)
        << " -T fields -E separator=/t -E occurrence=a -E aggregator=,";
    for (const auto& f : fields)
    {
        cmd << " -e " << f;
    }
    cmd << " 2>/dev/null";
    Decoded decoded;
    std::istringstream lines(Capture(cmd.str()));
    std::string line;
    while (std::getline(lines, line))
    {
        std::map<std::string, std::string> values;
        std::istringstream cells(line);
        std::string cell;
        for (const auto& f : fields)
        {
            if (!std::getline(cells, cell, '\t'))
            {
                cell.clear();
            }
            values[f] = cell;
        }
        decoded.push_back(values);
    }
    return decoded;
}

/// \return the request of the MR at MR_COA to its HA (no extensions)
MipRegistrationRequest
BaseRequest()
{
    return haaro_test::MakeRequest(HOA, HA, MR_COA, NTP_2026);
}

/// \return the HA's reply with the given code (lifetime 600, no extensions)
MipRegistrationReply
BaseReply(uint8_t code)
{
    return haaro_test::MakeReply(code, 600, HOA, HA, NTP_2026);
}

/// The frames of the capture: one of every standard message and extension.
std::vector<Frame>
StandardFrames()
{
    std::vector<Frame> frames;

    MipRegistrationRequest rrq = BaseRequest();
    MipAuthExtension::Append(rrq, MipAuthExtension::TYPE_MOBILE_HOME, 256, KEY);
    frames.push_back({"RRQ with MN-HA authentication",
                      MR_COA,
                      HA,
                      49152,
                      434,
                      rrq.ToBytes(),
                      "raw:ip:udp:mip",
                      {{"mip.type", "1"},
                       {"mip.d", "1"},
                       {"mip.t", "1"},
                       {"mip.s", "0"},
                       {"mip.life", "1800"},
                       {"mip.homeaddr", "10.0.0.1"},
                       {"mip.haaddr", "198.51.100.1"},
                       {"mip.coa", "192.0.2.7"},
                       {"mip.ext.type", "32"},
                       {"mip.auth.spi", "0x00000100"}}});

    MipRegistrationReply rrp = BaseReply(MIP_REPLY_HA_MN_AUTH_FAILED);
    MipAuthExtension::Append(rrp, MipAuthExtension::TYPE_MOBILE_HOME, 256, KEY);
    frames.push_back({"RRP code 131",
                      HA,
                      MR_COA,
                      434,
                      49152,
                      rrp.ToBytes(),
                      "raw:ip:udp:mip",
                      {{"mip.type", "3"},
                       {"mip.code", "131"},
                       {"mip.life", "600"},
                       {"mip.homeaddr", "10.0.0.1"},
                       {"mip.haaddr", "198.51.100.1"},
                       {"mip.auth.spi", "0x00000100"}}});

    // NEMO explicit mode plus RFC 3519 UDP tunnelling, as an MR behind a NAT sends it.
    MipRegistrationRequest nemo = BaseRequest();
    nemo.AddExtension(MobileNetworkRequestExtension(Ipv4Address("10.1.0.0"), 16).ToExtension());
    nemo.AddExtension(MobileNetworkRequestExtension(Ipv4Address("10.2.3.0"), 24).ToExtension());
    nemo.AddExtension(UdpTunnelRequestExtension(true, 4).ToExtension());
    MipAuthExtension::Append(nemo, MipAuthExtension::TYPE_MOBILE_HOME, 0x1234, KEY);
    frames.push_back({"RRQ with Mobile Network Requests and UDP Tunnel Request",
                      MR_COA,
                      HA,
                      49153,
                      434,
                      nemo.ToBytes(),
                      "raw:ip:udp:mip",
                      {{"mip.type", "1"},
                       {"mip.ext.type", "148,148,144,32"},
                       {"mip.ext.mne.subtype", "0,0"},
                       {"mip.ext.mne.prefix_length", "16,24"},
                       {"mip.ext.mne.prefix", "10.1.0.0,10.2.3.0"},
                       {"mip.ext.utrq.f", "1"},
                       {"mip.ext.utrq.encaptype", "4"},
                       {"mip.ext.utrq.reserved3", "0x0000"},
                       {"mip.auth.spi", "0x00001234"}}});

    MipRegistrationReply ack = BaseReply(MIP_REPLY_ACCEPTED);
    ack.AddExtension(MobileNetworkAckExtension(MobileNetworkAckExtension::SUBTYPE_EXPLICIT,
                                               MOBNET_SUCCESS,
                                               Ipv4Address("10.1.0.0"),
                                               16)
                         .ToExtension());
    ack.AddExtension(MobileNetworkAckExtension(MobileNetworkAckExtension::SUBTYPE_EXPLICIT,
                                               MOBNET_UNAUTHORIZED,
                                               Ipv4Address("10.2.3.0"),
                                               24)
                         .ToExtension());
    ack.AddExtension(MobileNetworkAckExtension(MobileNetworkAckExtension::SUBTYPE_IMPLICIT,
                                               MOBNET_SUCCESS,
                                               Ipv4Address("10.9.0.0"),
                                               16)
                         .ToExtension());
    ack.AddExtension(UdpTunnelReplyExtension(0, true, 110).ToExtension());
    MipAuthExtension::Append(ack, MipAuthExtension::TYPE_MOBILE_HOME, 0x1234, KEY);
    frames.push_back({"RRP with Mobile Network Acknowledgements and UDP Tunnel Reply",
                      HA,
                      MR_COA,
                      434,
                      49153,
                      ack.ToBytes(),
                      "raw:ip:udp:mip",
                      {{"mip.type", "3"},
                       {"mip.code", "0"},
                       {"mip.ext.type", "148,148,148,44,32"},
                       {"mip.ext.mne.subtype", "1,1,2"},
                       {"mip.ext.mne.code", "0,2,0"},
                       {"mip.ext.mne.prefix", "10.1.0.0,10.2.3.0,10.9.0.0"},
                       {"mip.ext.utrp.code", "0"},
                       {"mip.ext.utrp.f", "1"},
                       {"mip.ext.utrp.keepalive", "110"},
                       {"mip.auth.spi", "0x00001234"}}});

    // RFC 3519 tunnel data: type 4, Next Header 4, then the inner packet (an ICMP echo
    // request from a host of the mobile network).
    Ptr<Packet> inner = Create<Packet>(16);
    Icmpv4Echo echo;
    echo.SetIdentifier(7);
    echo.SetSequenceNumber(1);
    echo.SetData(inner);
    Icmpv4Header icmp;
    icmp.SetType(Icmpv4Header::ICMPV4_ECHO);
    icmp.EnableChecksum();
    Ptr<Packet> innerPacket = Create<Packet>();
    innerPacket->AddHeader(echo);
    innerPacket->AddHeader(icmp);
    Ipv4Header innerIp;
    innerIp.SetSource(Ipv4Address("10.1.0.10"));
    innerIp.SetDestination(Ipv4Address("203.0.113.5"));
    innerIp.SetProtocol(1);
    innerIp.SetTtl(63);
    innerIp.SetPayloadSize(innerPacket->GetSize());
    innerIp.EnableChecksum();
    innerPacket->AddHeader(innerIp);
    innerPacket->AddHeader(MipTunnelDataHeader(MipTunnelDataHeader::NEXT_HEADER_IP_IN_IP));
    MipBytes tunnelled = haaro_test::PacketBytes(innerPacket);
    frames.push_back({"RFC 3519 tunnel data",
                      MR_COA,
                      HA,
                      49153,
                      434,
                      tunnelled,
                      "raw:ip:udp:mip:ip:icmp:data",
                      {{"mip.type", "4"},
                       {"mip.nattt.nexthdr", "4"},
                       {"mip.nattt.reserved", "0x0000"},
                       {"ip.src", "192.0.2.7,10.1.0.10"},
                       {"ip.dst", "198.51.100.1,203.0.113.5"},
                       {"icmp.type", "8"},
                       {"icmp.ident", "7"}}});
    return frames;
}

} // namespace

TEST(Wireshark, StandardMessagesDecodeWithoutWarnings)
{
    std::vector<Frame> frames = StandardFrames();
    std::string file = "haaro-wireshark-test-" + std::to_string(getpid()) + ".pcap";
    WritePcap(file, frames);
    if (!HaveProgram("tshark"))
    {
        std::remove(file.c_str());
        GTEST_SKIP() << "tshark is not installed (./haaro installs it): decode check skipped";
    }
    std::vector<std::string> fields = {"frame.protocols",
                                       "ip.checksum.status",
                                       "udp.checksum.status",
                                       "_ws.malformed",
                                       "_ws.expert.severity",
                                       "mip.ident"};
    for (const auto& f : frames)
    {
        for (const auto& [field, value] : f.expect)
        {
            fields.push_back(field);
        }
    }
    Decoded decoded = Tshark(file, fields);
    ASSERT_EQ(decoded.size(), frames.size()) << "tshark did not list every frame";
    for (size_t i = 0; i < frames.size(); ++i)
    {
        SCOPED_TRACE(frames[i].name);
        auto& got = decoded[i];
        EXPECT_EQ(got["frame.protocols"], frames[i].protocols);
        EXPECT_TRUE(AllGood(got["ip.checksum.status"])) << got["ip.checksum.status"];
        EXPECT_TRUE(AllGood(got["udp.checksum.status"])) << got["udp.checksum.status"];
        EXPECT_EQ(got["_ws.malformed"], "") << "tshark reports a malformed packet";
        EXPECT_EQ(got["_ws.expert.severity"], "") << "tshark reports expert warnings";
        for (const auto& [field, value] : frames[i].expect)
        {
            EXPECT_EQ(got[field], value) << "field " << field;
        }
        if (frames[i].expect.count("mip.homeaddr"))
        {
            // The Identification is an NTP timestamp: tshark shows it as a date.
            EXPECT_NE(got["mip.ident"].find("2026"), std::string::npos) << got["mip.ident"];
        }
    }
    std::remove(file.c_str());
}

namespace
{

/// Prefix Advertisements whose decoding exercises the compressions.
std::vector<PrefixAdvertisementExtension>
Advertisements()
{
    std::vector<PrefixAdvertisementExtension> result;
    // RFC 6521 section 4.1 (prefixes) and 4.2.3 (realms), a router without prefixes, the
    // shortest and longest prefixes and the empty realm.
    PrefixAdvertisementExtension rfc;
    rfc.AddMobileRouter(Ipv4Address("10.0.0.9"));
    rfc.AddPrefix(Ipv4Address("192.0.2.0"), 28, "foo.example.com");
    rfc.AddPrefix(Ipv4Address("192.0.2.64"), 26, "bar.foo.example.com");
    rfc.AddPrefix(Ipv4Address("192.0.2.128"), 25, "buz.foo.example.org");
    rfc.AddPrefix(Ipv4Address("198.51.100.0"), 24, "example.com");
    rfc.AddPrefix(Ipv4Address("198.51.100.0"), 24, "bar.example.com.org");
    rfc.AddMobileRouter(Ipv4Address("10.0.0.10"), AdvertisedMobileRouter::INFO_OUTBOUND_ONLY);
    rfc.AddMobileRouter(Ipv4Address("10.0.0.11"));
    for (uint8_t plen = 0; plen <= 32; ++plen)
    {
        rfc.AddPrefix(Ipv4Address(0xc6336400u + plen), plen, plen % 2 ? "" : "site.example");
    }
    result.push_back(rfc);
    // 140 one-label realms: the dictionary wraps after 128 strings.
    PrefixAdvertisementExtension wrap;
    for (uint32_t i = 0; i < 140; ++i)
    {
        wrap.AddMobileRouter(Ipv4Address(0x0a000000u + i));
        wrap.AddPrefix(Ipv4Address(0x0a010000u + (i << 8)), 24, "r" + std::to_string(i % 70));
        wrap.AddPrefix(Ipv4Address(0x0a010080u + (i << 8)), 25, "x.r" + std::to_string(i % 70));
    }
    result.push_back(wrap);
    return result;
}

/// \return the path of wireshark/haaro.lua in the source tree
std::string
LuaDissector()
{
#ifdef HAARO_SOURCE_DIR
    return std::string(HAARO_SOURCE_DIR) + "/wireshark/haaro.lua";
#else
    return "wireshark/haaro.lua";
#endif
}

} // namespace

TEST(Wireshark, LuaDissectorExpandsPrefixAdvertisements)
{
    std::vector<Frame> frames;
    std::vector<std::map<std::string, std::string>> expected;
    for (const auto& pa : Advertisements())
    {
        for (bool compress : {true, false})
        {
            PrefixAdvertisementEncodeOptions options;
            options.prefixCompression = compress;
            options.realmCompression = compress;
            PrefixAdvertisementEncodeResult encoded = pa.Encode(options);
            ASSERT_TRUE(encoded.ok) << encoded.error;
            ASSERT_EQ(encoded.entriesIncluded, pa.GetEntryCount());
            MipRegistrationReply rrp = BaseReply(MIP_REPLY_ACCEPTED);
            rrp.AddExtension(encoded.extension);
            MipAuthExtension::Append(rrp, MipAuthExtension::TYPE_MOBILE_HOME, 256, KEY);
            frames.push_back(
                {"Prefix Advertisement", HA, MR_COA, 434, 49152, rrp.ToBytes(), "", {}});
            std::ostringstream routers;
            std::ostringstream infos;
            std::ostringstream prefixes;
            std::ostringstream lengths;
            std::ostringstream realms;
            std::string sep;
            std::string entrySep;
            for (const auto& entry : pa.GetEntries())
            {
                routers << entrySep << entry.homeAddress;
                infos << entrySep << unsigned(entry.info);
                entrySep = ",";
                for (const auto& p : entry.prefixes)
                {
                    prefixes << sep << p.prefix;
                    lengths << sep << unsigned(p.prefixLength);
                    realms << sep << p.realm;
                    sep = ",";
                }
            }
            expected.push_back({{"haaro.pa.router", routers.str()},
                                {"haaro.pa.info", infos.str()},
                                {"haaro.pa.prefix", prefixes.str()},
                                {"haaro.pa.prefix_len", lengths.str()},
                                {"haaro.pa.realm", realms.str()},
                                {"haaro.pa.routers", std::to_string(pa.GetEntryCount())},
                                {"haaro.pa.prefixes", std::to_string(pa.GetPrefixCount())},
                                {"haaro.ext.type", "50,32"},
                                {"haaro.auth.spi", "0x00000100"},
                                {"mip.type", "3"}});
        }
    }
    std::string file = "haaro-wireshark-lua-test-" + std::to_string(getpid()) + ".pcap";
    WritePcap(file, frames);
    if (!HaveProgram("tshark"))
    {
        std::remove(file.c_str());
        GTEST_SKIP() << "tshark is not installed: Lua dissector check skipped";
    }
    std::vector<std::string> fields = {"_ws.malformed", "_ws.expert.severity"};
    for (const auto& [field, value] : expected[0])
    {
        fields.push_back(field);
    }
    Decoded decoded = Tshark(file, fields, LuaDissector());
    ASSERT_EQ(decoded.size(), frames.size()) << "tshark did not list every frame";
    for (size_t i = 0; i < frames.size(); ++i)
    {
        SCOPED_TRACE("advertisement " + std::to_string(i / 2) +
                     (i % 2 ? ", no compression" : ", compressed"));
        auto& got = decoded[i];
        EXPECT_EQ(got["_ws.malformed"], "");
        EXPECT_EQ(got["_ws.expert.severity"], "") << "expert info on a valid advertisement";
        for (const auto& [field, value] : expected[i])
        {
            EXPECT_EQ(got[field], value) << "field " << field;
        }
    }
    std::remove(file.c_str());
}

/*
 * The module's own fuzz inputs, as a capture: the inputs that the unit tests' FuzzParser()
 * feeds the parsers (truncations, octet mutations, random and long inputs, structure-aware
 * mutations of the extension chains), generated from every standard message, a Prefix
 * Advertisement reply and the four return routability messages, are written as UDP/434
 * datagrams both ways; tshark with the plugin must read all of them, exit 0 within the
 * timeout and report no Lua error, dissector bug or internal error of the plugin
 * (malformed frames and expert errors are expected for mutated inputs).
 * HAARO_FUZZ_INPUTS / HAARO_FUZZ_SEED (./haaro fuzz) change the inputs as for the parsers.
 */
TEST(Wireshark, LuaDissectorSurvivesTheFuzzInputs)
{
    std::vector<MipBytes> samples;
    for (const auto& f : StandardFrames())
    {
        samples.push_back(f.payload);
    }
    PrefixAdvertisementEncodeResult pa = Advertisements().front().Encode({});
    ASSERT_TRUE(pa.ok) << pa.error;
    MipRegistrationReply rrp = BaseReply(MIP_REPLY_ACCEPTED);
    rrp.AddExtension(pa.extension);
    MipAuthExtension::Append(rrp, MipAuthExtension::TYPE_MOBILE_HOME, 256, KEY);
    samples.push_back(rrp.ToBytes());
    for (uint8_t type : {MIP_HOME_TEST_INIT, MIP_CARE_OF_TEST_INIT})
    {
        samples.push_back(ReturnRoutabilityInit(type, 0x0123456789abcdefULL).ToBytes());
    }
    for (uint8_t type : {MIP_HOME_TEST, MIP_CARE_OF_TEST})
    {
        samples.push_back(
            ReturnRoutabilityTest(type, 7, 0x0123456789abcdefULL, 0xfedcba9876543210ULL).ToBytes());
    }
    std::vector<MipBytes> inputs;
    std::set<MipBytes> valid(samples.begin(), samples.end());
    haaro_test::FuzzParser(
        [&inputs, &valid](const MipBytes& in) {
            inputs.push_back(in);
            return valid.count(in) > 0; // FuzzParser checks that the samples are accepted
        },
        samples,
        false);
    // At most 6,000 frames in CI (about 10 s of tshark), evenly over what was generated.
    const size_t limit = std::getenv("HAARO_FUZZ_INPUTS") ? inputs.size() : 6000;
    std::vector<Frame> frames;
    size_t step = std::max<size_t>(1, inputs.size() / limit);
    for (size_t i = 0; i < inputs.size() && frames.size() < limit; i += step)
    {
        MipBytes payload(inputs[i].begin(),
                         inputs[i].begin() + std::min<size_t>(inputs[i].size(), 1400));
        bool fromHa = (i / step) % 2 == 1; // replies come from port 434 to any port
        frames.push_back({"fuzz",
                          fromHa ? HA : MR_COA,
                          fromHa ? MR_COA : HA,
                          static_cast<uint16_t>(fromHa ? 434 : 49152),
                          static_cast<uint16_t>(fromHa ? 49152 : 434),
                          payload,
                          "",
                          {}});
    }
    ASSERT_GT(frames.size(), 1000u) << "the fuzz generator gave too few inputs";
    std::string file = "haaro-wireshark-fuzz-test-" + std::to_string(getpid()) + ".pcap";
    WritePcap(file, frames);
    if (!HaveProgram("tshark"))
    {
        std::remove(file.c_str());
        GTEST_SKIP() << "tshark is not installed: Lua dissector fuzz check skipped";
    }
    // The whole -V text is searched: the plugin reports its own internal errors in the tree.
    std::string text = file + ".txt";
    std::string out = Capture("timeout 300 tshark -n -X lua_script:" + LuaDissector() + " -r " +
                              file + " -V > " + text + " 2>&1; echo \"exit=$?\"; grep -m 5 -E " +
                              "'Lua Error|Lua: Error|[Dd]issector bug|internal error' " + text +
                              "; rm -f " + text);
    std::remove(file.c_str());
    EXPECT_NE(out.find("exit=0"), std::string::npos)
        << "tshark failed or timed out (124) on " << frames.size() << " frames: " << out;
    for (const char* needle :
         {"Lua Error", "Lua: Error", "dissector bug", "Dissector bug", "internal error"})
    {
        EXPECT_EQ(out.find(needle), std::string::npos) << needle << " in: " << out.substr(0, 2000);
    }
}
