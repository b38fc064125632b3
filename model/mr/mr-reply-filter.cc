/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mr-reply-filter.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/mip-auth-extension.h"
#include "ns3/mip-message.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MrReplyFilter");

MrReplyFilter::MrReplyFilter(const ProtocolDropTrace& trace)
    : m_trace(trace)
{
}

void
MrReplyFilter::Setup(Ipv4Address careOf,
                     Ipv4Address homeAddress,
                     Ipv4Address homeAgent,
                     const MipSecurityAssociation* sa)
{
    m_careOf = careOf;
    m_homeAddress = homeAddress;
    m_homeAgent = homeAgent;
    m_sa = sa;
}

void
MrReplyFilter::Expect(uint64_t identification)
{
    m_identification = identification;
    m_outstanding = true;
}

bool
MrReplyFilter::IsOutstanding() const
{
    return m_outstanding;
}

std::optional<MipRegistrationReply>
MrReplyFilter::Check(const MipBytes& bytes, const Address& from)
{
    MipRegistrationReply reply;
    if (reply.FromBytes(bytes) == 0 || reply.GetHomeAddress() != m_homeAddress)
    {
        m_ignored++;
        Drop(ProtocolDrop::MALFORMED, 1, InetSocketAddress::ConvertFrom(from).GetIpv4());
        return std::nullopt;
    }
    InetSocketAddress sender = InetSocketAddress::ConvertFrom(from);
    Ipv4Address source = sender.GetIpv4();
    if (source != m_homeAgent || sender.GetPort() != MIP_UDP_PORT)
    {
        // RFC 5944 section 3.6.2.1: a reply answers the request "sent to the replying
        // agent"; ours went to the Home Agent's port 434, and its reply comes from there
        // (through a NAT too: the NAT rewrites the destination only).
        NS_LOG_WARN(m_careOf << ": reply from " << source << ":" << sender.GetPort()
                             << ", not from the Home Agent, ignored");
        m_ignored++;
        Drop(ProtocolDrop::UNEXPECTED_SOURCE, 1, source);
        return std::nullopt;
    }
    // From here on reply holds only what the MN-HA authenticator covers (RFC 5944 section
    // 3.5.2): an extension appended after it is neither searched nor obeyed.
    size_t unauthenticated = 0;
    if (MipAuthExtension::Authenticate(reply,
                                       MipAuthExtension::TYPE_MOBILE_HOME,
                                       m_sa->GetSpi(),
                                       m_sa->GetKey(),
                                       &unauthenticated) != MipAuthResult::OK)
    {
        NS_LOG_WARN(m_careOf << ": reply fails MN-HA authentication, ignored");
        m_ignored++;
        Drop(ProtocolDrop::AUTHENTICATION_FAILED, 1, source);
        return std::nullopt;
    }
    if (unauthenticated > 0)
    {
        Drop(ProtocolDrop::UNAUTHENTICATED_EXTENSIONS, unauthenticated, source);
    }
    if (!Accept(reply, source))
    {
        m_ignored++;
        return std::nullopt;
    }
    return reply;
}

bool
MrReplyFilter::Accept(const MipRegistrationReply& reply, Ipv4Address source)
{
    if (!m_outstanding)
    {
        // Already answered (a duplicate, or a replay of a captured reply): acting on it
        // would reschedule the renewal from now while the binding ages at the Home Agent.
        NS_LOG_WARN(m_careOf << ": reply with no request outstanding, ignored");
        Drop(ProtocolDrop::UNSOLICITED_REPLY, 1, source);
        return false;
    }
    // RFC 5944 section 3.6.2.1: the low-order 32 bits must be those of the most recent
    // request; section 5.7.1: the Home Agent copies the whole field unless it refuses the
    // timestamp (133, its own time in the high-order bits).
    uint64_t id = reply.GetIdentification();
    if (!reply.AnswersRequest(m_identification))
    {
        NS_LOG_WARN(m_careOf << ": reply for another request (id 0x" << std::hex << id
                             << ", expected 0x" << m_identification << std::dec << "), ignored");
        Drop(ProtocolDrop::IDENTIFICATION_MISMATCH, 1, source);
        return false;
    }
    m_outstanding = false; // the first matching reply closes the request
    return true;
}

uint32_t
MrReplyFilter::GetIgnored() const
{
    return m_ignored;
}

uint64_t
MrReplyFilter::GetDropCount(ProtocolDrop reason) const
{
    return m_drops.Get(reason);
}

void
MrReplyFilter::Drop(ProtocolDrop reason, uint64_t count, Ipv4Address source)
{
    m_drops.Count(reason, count, source, m_trace);
}

} // namespace ns3
