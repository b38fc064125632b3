/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ha-request-gate.h"

#include "ns3/log.h"
#include "ns3/mip-auth-extension.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HaRequestGate");

HaRequestGate::Result
HaRequestGate::Check(MipRegistrationRequest& rrq, HaMobileNodes& mobileNodes)
{
    Result result;
    auto it = mobileNodes.find(rrq.GetHomeAddress().Get());
    if (it == mobileNodes.end())
    {
        // RFC 5944 section 3.8.2.1: "If the home agent receives a Registration Request from
        // a mobile node with which it does not have any security association, the home
        // agent MUST silently discard the Registration Request."
        NS_LOG_WARN("no security association for " << rrq.GetHomeAddress() << ": discarded");
        return result;
    }
    result.config = &it->second;
    // From here on rrq holds only what the MN-HA authenticator covers (RFC 5944 section
    // 3.5.2): an extension appended after it is neither searched nor obeyed.
    MipAuthResult auth = MipAuthExtension::Authenticate(rrq,
                                                        MipAuthExtension::TYPE_MOBILE_HOME,
                                                        result.config->sa.GetSpi(),
                                                        result.config->sa.GetKey(),
                                                        &result.unauthenticated);
    if (auth == MipAuthResult::MISSING)
    {
        // RFC 5944 section 3.8.2.1: "If the home agent receives a Registration Request
        // without any authorization-enabling extension, the home agent MUST silently
        // discard the Registration Request."
        NS_LOG_WARN("request of " << rrq.GetHomeAddress() << " without MN-HA extension: discarded");
        result.drop = ProtocolDrop::AUTHENTICATION_FAILED;
        return result;
    }
    if (auth == MipAuthResult::BAD_SPI)
    {
        // RFC 5944 section 3.2: the Mobility Security Association is "indexed by their SPI
        // and IP address"; none exists for this home address and SPI, so the request is one
        // "from a mobile node with which it does not have any security association": the
        // home agent "MUST silently discard the Registration Request" (section 3.8.2.1).
        NS_LOG_WARN("no security association for " << rrq.GetHomeAddress() << " with the SPI "
                                                   << "of its request: discarded");
        result.drop = ProtocolDrop::UNKNOWN_PEER;
        return result;
    }
    if (auth != MipAuthResult::OK)
    {
        // An invalid authenticator: the HA "MAY send a Registration Reply with Code 131",
        // which "MUST contain a valid Mobile-Home Authentication Extension" (same section).
        NS_LOG_WARN("authentication of " << rrq.GetHomeAddress() << " failed");
        result.verdict = Verdict::REPLY_AUTH_FAILED;
        result.drop = ProtocolDrop::AUTHENTICATION_FAILED;
        return result;
    }
    result.verdict = Verdict::ACCEPT;
    return result;
}

} // namespace ns3
