/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mr-registration-config.h"

#include "ns3/mip-auth-extension.h"
#include "ns3/nemo-extensions.h"
#include "ns3/ro-extensions.h"
#include "ns3/simulator.h"

namespace ns3
{

MipRegistrationRequest
MrRegistrationConfig::MakeRequest(Ipv4Address careOf,
                                  uint16_t lifetime,
                                  std::optional<Ipv4Address> solicit) const
{
    using R = MipRegistrationRequest;
    MipRegistrationRequest rrq;
    rrq.SetFlag(R::FLAG_S, simultaneous);
    rrq.SetFlag(R::FLAG_D, true); // co-located care-of address
    rrq.SetFlag(R::FLAG_T, reverseTunnel);
    rrq.SetFlag(R::FLAG_G, encapsulation == MipEncapsulation::GRE);
    rrq.SetLifetime(lifetime);
    rrq.SetHomeAddress(homeAddress);
    rrq.SetHomeAgent(homeAgent);
    rrq.SetCareOfAddress(careOf);
    rrq.SetIdentification(identification->Next(Simulator::Now()));
    if (explicitMode && lifetime > 0)
    {
        // RFC 5177 section 4.1: "For Explicit Mode, the Mobile Router informs the Home Agent
        // about the Mobile Network Prefixes during registration", one extension each.
        for (const MipPrefix& p : prefixes)
        {
            rrq.AddExtension(MobileNetworkRequestExtension(p.network, p.length).ToExtension());
        }
    }
    if (routeOptimization && lifetime > 0)
    {
        // RFC 6521 section 5.1, before the MN-HA authentication extension so it is covered.
        RoCapabilityExtension capability;
        capability.SetFlag(RoCapabilityExtension::FLAG_A, advertise);
        capability.SetFlag(RoCapabilityExtension::FLAG_R, requestPrefixes);
        capability.SetFlag(RoCapabilityExtension::FLAG_O, outboundOnly);
        if (solicit)
        {
            capability.SetSolicitedHomeAddress(*solicit);
        }
        rrq.AddExtension(capability.ToExtension());
    }
    return rrq;
}

void
MrRegistrationConfig::Authenticate(MipRegistrationRequest& rrq) const
{
    MipAuthExtension::Append(rrq, MipAuthExtension::TYPE_MOBILE_HOME, sa.GetSpi(), sa.GetKey());
}

} // namespace ns3
