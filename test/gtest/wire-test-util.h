/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef HAARO_WIRE_TEST_UTIL_H
#define HAARO_WIRE_TEST_UTIL_H

#include "fuzz-util.h"

#include "ns3/ipv4-address.h"
#include "ns3/mip-extension.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/mip-registration-request.h"
#include "ns3/mip-wire.h"
#include "ns3/packet.h"

#include <cstdint>
#include <functional>
#include <gtest/gtest.h>
#include <optional>
#include <string>
#include <vector>

namespace haaro_test
{

/// MN-HA key of the registration tests: the octets 00 to 0f.
inline const ns3::MipBytes MN_HA_KEY =
    ns3::MipFromHex("00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f");

/// Fixed part of SampleRequest(): D and T set, lifetime 1800, HoA 10.0.0.1,
/// HA 10.0.0.254, CoA 192.0.2.7, Identification 0x0102030405060708.
constexpr const char* REQUEST_FIXED =
    "01 22 07 08 0a 00 00 01 0a 00 00 fe c0 00 02 07 01 02 03 04 05 06 07 08";

/// Fixed part of SampleReply(): code 0, lifetime 60, HoA 10.0.0.1, HA 10.0.0.254, id 1.
constexpr const char* REPLY_FIXED = "03 00 00 3c 0a 00 00 01 0a 00 00 fe 00 00 00 00 00 00 00 01";

/// KRm = SHA1(home token | care-of token) of the return routability vectors in
/// return-routability-test.cc (Kcr 10..1f, HoA 10.0.0.1, CoA 192.0.2.7, nonces
/// 0123456789abcdef / fedcba9876543210), computed independently with Python.
constexpr const char* KRM_HEX = "ab f1 da d8 a5 0f 00 1e 99 32 77 de f9 8c 3c 47 04 e1 f5 de";

/**
 * \param homeAddress Home Address
 * \param homeAgent Home Agent
 * \param careOfAddress Care-of Address
 * \param identification Identification
 * \return a Registration Request with D and T set and lifetime 1800, without extensions
 */
inline ns3::MipRegistrationRequest
MakeRequest(ns3::Ipv4Address homeAddress,
            ns3::Ipv4Address homeAgent,
            ns3::Ipv4Address careOfAddress,
            uint64_t identification)
{
    ns3::MipRegistrationRequest rrq;
    rrq.SetFlag(ns3::MipRegistrationRequest::FLAG_D, true);
    rrq.SetFlag(ns3::MipRegistrationRequest::FLAG_T, true);
    rrq.SetLifetime(1800);
    rrq.SetHomeAddress(homeAddress);
    rrq.SetHomeAgent(homeAgent);
    rrq.SetCareOfAddress(careOfAddress);
    rrq.SetIdentification(identification);
    return rrq;
}

/// \return the request whose octets are REQUEST_FIXED
inline ns3::MipRegistrationRequest
SampleRequest()
{
    return MakeRequest(ns3::Ipv4Address("10.0.0.1"),
                       ns3::Ipv4Address("10.0.0.254"),
                       ns3::Ipv4Address("192.0.2.7"),
                       0x0102030405060708ULL);
}

/**
 * \param code reply code
 * \param lifetime Lifetime
 * \param homeAddress Home Address
 * \param homeAgent Home Agent
 * \param identification Identification
 * \return a Registration Reply without extensions
 */
inline ns3::MipRegistrationReply
MakeReply(uint8_t code,
          uint16_t lifetime,
          ns3::Ipv4Address homeAddress,
          ns3::Ipv4Address homeAgent,
          uint64_t identification)
{
    ns3::MipRegistrationReply rrp;
    rrp.SetCode(code);
    rrp.SetLifetime(lifetime);
    rrp.SetHomeAddress(homeAddress);
    rrp.SetHomeAgent(homeAgent);
    rrp.SetIdentification(identification);
    return rrp;
}

/**
 * \param homeAddress Home Address (10.0.0.1 gives the octets REPLY_FIXED)
 * \return an accepting reply: code 0, lifetime 60, HA 10.0.0.254, Identification 1
 */
inline ns3::MipRegistrationReply
SampleReply(ns3::Ipv4Address homeAddress = ns3::Ipv4Address("10.0.0.1"))
{
    return MakeReply(ns3::MIP_REPLY_ACCEPTED, 60, homeAddress, ns3::Ipv4Address("10.0.0.254"), 1);
}

/// \return the octets of REQUEST_FIXED followed by the extensions given in hex
inline ns3::MipBytes
RequestWith(const std::string& extensionsHex)
{
    return ns3::MipFromHex(std::string(REQUEST_FIXED) + " " + extensionsHex);
}

/// \return the octets of REPLY_FIXED followed by the extensions given in hex
inline ns3::MipBytes
ReplyWith(const std::string& extensionsHex)
{
    return ns3::MipFromHex(std::string(REPLY_FIXED) + " " + extensionsHex);
}

/// \return the octets of one extension as it goes on the wire
inline ns3::MipBytes
Serialize(const ns3::MipExtension& e)
{
    ns3::MipBytes out;
    ns3::MipWireWriter w(out);
    e.Serialize(w);
    return out;
}

/// \return the one extension the octets frame, or nothing if they are not exactly one
inline std::optional<ns3::MipExtension>
ParseOne(const ns3::MipBytes& in)
{
    ns3::MipExtensionList list;
    ns3::MipWireReader r(in);
    if (list.Parse(r) != ns3::MipParseError::NONE || list.GetCount() != 1)
    {
        return std::nullopt;
    }
    return list.Get(0);
}

/// \return a packet holding exactly the given octets
inline ns3::Ptr<ns3::Packet>
MakePacket(const ns3::MipBytes& bytes)
{
    return bytes.empty() ? ns3::Create<ns3::Packet>()
                         : ns3::Create<ns3::Packet>(bytes.data(), bytes.size());
}

/// \return the octets of a packet
inline ns3::MipBytes
PacketBytes(ns3::Ptr<const ns3::Packet> p)
{
    ns3::MipBytes out(p->GetSize());
    p->CopyData(out.data(), out.size());
    return out;
}

/**
 * Sends a message through an ns-3 packet (AddHeader, then RemoveHeader), checking that
 * the whole message is read back.
 * \param msg the message to send
 * \return the message read back
 */
template <typename Message>
Message
ThroughPacket(const Message& msg)
{
    ns3::Ptr<ns3::Packet> p = ns3::Create<ns3::Packet>();
    p->AddHeader(msg);
    Message back;
    EXPECT_EQ(p->RemoveHeader(back), msg.GetSerializedSize());
    return back;
}

/**
 * Checks that a message parser rejects octets as a whole: FromBytes() returns 0 and
 * GetParseError() gives the expected error.
 * \param msg the message to parse into
 * \param bytes the octets
 * \param error the expected parse error
 */
template <typename Message>
void
ExpectRejected(Message& msg, const ns3::MipBytes& bytes, ns3::MipParseError error)
{
    EXPECT_EQ(msg.FromBytes(bytes), 0u) << ns3::MipToHex(bytes);
    EXPECT_EQ(msg.GetParseError(), error) << ns3::MipToHex(bytes);
}

/**
 * Fuzzes a typed extension class T (with FromExtension() and ToExtension()) through the
 * generic extension parser: an input is accepted when it frames exactly one extension that
 * T accepts, and then T must re-serialize it to the same octets. Strict prefixes of the
 * samples must be rejected.
 * \return the number of inputs that were accepted
 */
template <typename T>
int
FuzzExtensionParser(const std::vector<ns3::MipBytes>& samples)
{
    return FuzzParser(
        [](const ns3::MipBytes& in) {
            std::optional<ns3::MipExtension> e = ParseOne(in);
            std::optional<T> typed = e ? T::FromExtension(*e) : std::nullopt;
            if (typed)
            {
                EXPECT_EQ(Serialize(typed->ToExtension()), in);
            }
            return typed.has_value();
        },
        samples,
        /* rejectPrefixes= */ true,
        /* seed= */ 6521,
        /* chainOffset= */ 0);
}

/**
 * Fuzzes the parser of a registration message class (MipRegistrationRequest or
 * MipRegistrationReply): an accepted input must be consumed whole and re-serialize to the
 * same octets, and is then handed to inspect (if given). Prefixes are not required to be
 * rejected: a cut between extensions leaves a valid message. The extension chains of the
 * samples are also mutated structure-aware (MutateStructured).
 * \return the number of inputs that were accepted
 */
template <typename Message>
int
FuzzMessageParser(const std::vector<ns3::MipBytes>& samples,
                  const std::function<void(const Message&)>& inspect = nullptr)
{
    return FuzzParser(
        [&inspect](const ns3::MipBytes& in) {
            Message m;
            uint32_t n = m.FromBytes(in);
            if (n != 0)
            {
                EXPECT_EQ(n, in.size());
                EXPECT_EQ(m.ToBytes(), in) << "accepted input does not re-serialize exactly";
                if (inspect)
                {
                    inspect(m);
                }
            }
            return n != 0;
        },
        samples,
        /* rejectPrefixes= */ false,
        /* seed= */ 6521,
        /* chainOffset= */ Message().ToBytes().size()); // the fixed part
}

} // namespace haaro_test

#endif /* HAARO_WIRE_TEST_UTIL_H */
