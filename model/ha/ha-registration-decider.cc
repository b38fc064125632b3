/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ha-registration-decider.h"

#include "ns3/log.h"
#include "ns3/nemo-extensions.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HaRegistrationDecider");

void
HaRegistrationDecider::Install(Ptr<const HaBindingTable> bindings, Ptr<const HaRouting> routing)
{
    m_bindings = bindings;
    m_routing = routing;
}

void
HaRegistrationDecider::Dispose()
{
    m_bindings = nullptr;
    m_routing = nullptr;
}

HaRegistrationDecision
HaRegistrationDecider::Decide(const MipRegistrationRequest& rrq,
                              Ipv4Address from,
                              uint16_t port,
                              const HaRegistrationPolicy& policy,
                              const HaMobileNodeConfig& config,
                              MipRegistrationReply& reply) const
{
    using R = MipRegistrationRequest;
    HaRegistrationDecision d;
    std::vector<MipPrefix>& prefixes = d.prefixes;
    MipEncapsulation& encapsulation = d.encapsulation;
    HaUdpDecision& udp = d.udp;
    auto refuse = [&reply, &d](uint8_t code) {
        reply.SetCode(code);
        reply.SetLifetime(0);
        return d;
    };
    // rrq was authenticated by the Home Agent (MipAuthExtension::Authenticate).
    // RFC 3519 section 4.6: the request crossed a NAT if its IP source is not its care-of
    // address (co-located care-of addresses only here). Not for a de-registration: RFC 5944
    // section 3.8.2.2 lets a mobile node delete one binding from anywhere (a multihomed
    // router de-registers a failed care-of address through a working uplink), and nothing
    // is tunnelled for it.
    udp.nat = rrq.GetLifetime() != 0 && HaUdpTunnelling::IsNatDetected(rrq, from);
    if (rrq.GetFlag(R::FLAG_R) || rrq.GetFlag(R::FLAG_X) || !rrq.GetFlag(R::FLAG_D))
    {
        // Reserved bits set, or not a co-located care-of address (no foreign agents here).
        return refuse(MIP_REPLY_HA_POORLY_FORMED_REQUEST);
    }
    if (rrq.GetHomeAgent() != policy.homeAgent)
    {
        return refuse(MIP_REPLY_HA_UNKNOWN_HA_ADDRESS);
    }
    const HaBinding* existing =
        m_bindings->FindBinding(rrq.GetHomeAddress(), rrq.GetCareOfAddress());
    // RFC 5944 section 3.8.2.2: "A Registration Request is a duplicate if the home address,
    // care-of address, and Identification fields all equal those of an accepted current
    // registration". With timestamps a retransmission carries a new Identification (section
    // 3.6.3), so a duplicate is a copy of the very datagram: from the binding's own source
    // address and port (a network duplicate) it is answered again and changes nothing; from
    // anywhere else it is a replay, since a timestamp "MUST be greater than all previously
    // accepted timestamps" (section 5.7.1), and is refused with 133 (issue 10, A3: a copy
    // from another address is no NAT and gets no advertisement).
    bool duplicate = config.replay.IsDuplicateOfLastAccepted(rrq.GetIdentification()) && existing &&
                     existing->identification == rrq.GetIdentification();
    bool sameSource =
        existing && from == existing->requestSource && port == existing->requestSourcePort;
    if ((duplicate && !sameSource) ||
        (!duplicate &&
         config.replay.Check(rrq.GetIdentification(), Simulator::Now()) != MipReplayResult::ACCEPT))
    {
        NS_LOG_WARN("Identification of "
                    << rrq.GetHomeAddress() << " from " << from << ":" << port << " refused ("
                    << (duplicate ? "replayed duplicate" : "replay check") << ")");
        d.replayed = true;
        udp.nat = false; // a replay says nothing about the path
        refuse(MIP_REPLY_HA_ID_MISMATCH);
        reply.SetIdentification(
            config.replay.MakeMismatchIdentification(rrq.GetIdentification(), Simulator::Now()));
        return d;
    }
    if (policy.reverseTunnelRequired && !rrq.GetFlag(R::FLAG_T))
    {
        return refuse(MIP_REPLY_HA_REVERSE_TUNNEL_MANDATORY);
    }
    if (uint8_t code = HaUdpTunnelling::Decide(rrq, from, policy.udp, udp, encapsulation);
        code != MIP_REPLY_ACCEPTED)
    {
        return refuse(code); // RFC 3519 section 4.6.1
    }
    // IP in UDP, once assented, replaces the encapsulation the M and G flags would choose.
    bool udpTunnel = encapsulation == MipEncapsulation::UDP;
    if (!udpTunnel && rrq.GetFlag(R::FLAG_G) && policy.greSupported)
    {
        encapsulation = MipEncapsulation::GRE;
    }
    else if (!udpTunnel && (rrq.GetFlag(R::FLAG_G) || rrq.GetFlag(R::FLAG_M)))
    {
        return refuse(MIP_REPLY_HA_ENCAP_UNAVAILABLE); // GRE off, or minimal encapsulation
    }
    if (rrq.GetLifetime() == 0)
    {
        reply.SetCode(MIP_REPLY_ACCEPTED); // de-registration
        reply.SetLifetime(0);
        return d;
    }
    const HaMobileNodeRecord* record = m_bindings->Find(rrq.GetHomeAddress());
    if (rrq.GetFlag(R::FLAG_S) && policy.simultaneousBindings && record && !existing &&
        record->bindings.size() >= policy.maxBindings)
    {
        return refuse(MIP_REPLY_HA_TOO_MANY_BINDINGS);
    }
    uint8_t code = DecidePrefixes(rrq, config, reply, prefixes);
    if (code != MIP_REPLY_ACCEPTED)
    {
        return refuse(code);
    }
    uint16_t granted = HaUdpTunnelling::CapLifetime(std::min(rrq.GetLifetime(), policy.maxLifetime),
                                                    encapsulation,
                                                    policy.udp);
    if (duplicate)
    {
        // A duplicate must not extend the lifetime (RFC 5944 section 3.8.2.2).
        Time left = existing->expiresAt - Simulator::Now();
        granted = static_cast<uint16_t>(std::max<int64_t>(0, left.GetSeconds()));
    }
    reply.SetCode(rrq.GetFlag(R::FLAG_S) && !policy.simultaneousBindings
                      ? MIP_REPLY_ACCEPTED_NO_SIMULTANEOUS
                      : MIP_REPLY_ACCEPTED);
    reply.SetLifetime(granted);
    d.duplicate = duplicate;
    return d;
}

uint8_t
HaRegistrationDecider::DecidePrefixes(const MipRegistrationRequest& rrq,
                                      const HaMobileNodeConfig& config,
                                      MipRegistrationReply& reply,
                                      std::vector<MipPrefix>& prefixes) const
{
    std::vector<MobileNetworkRequestExtension> requests =
        MobileNetworkRequestExtension::FindAll(rrq);
    if (!requests.empty() && !config.mobileRouter)
    {
        return MIP_REPLY_HA_MOBNET_DISALLOWED;
    }
    auto ownedByOther = [this, &rrq](const MipPrefix& p) {
        std::optional<Ipv4Address> owner = m_routing->GetOwner(p.network, p.length);
        return owner && *owner != rrq.GetHomeAddress();
    };
    if (requests.empty())
    {
        // Implicit mode: the prefixes configured for this mobile router.
        for (const MipPrefix& p : config.prefixes)
        {
            uint8_t code = ownedByOther(p) ? MOBNET_FWDING_SETUP_FAILED : MOBNET_SUCCESS;
            reply.AddExtension(
                MobileNetworkAckExtension(MobileNetworkAckExtension::SUBTYPE_IMPLICIT,
                                          code,
                                          p.network,
                                          p.length)
                    .ToExtension());
            if (code == MOBNET_SUCCESS)
            {
                prefixes.push_back(p);
            }
        }
        return MIP_REPLY_ACCEPTED;
    }
    for (const auto& request : requests)
    {
        uint8_t code = MOBNET_SUCCESS;
        MipPrefix p{request.GetPrefix(), request.GetPrefixLength()};
        if (!request.IsPrefixLengthValid())
        {
            code = MOBNET_INVALID_PREFIX_LEN;
        }
        else
        {
            p.network = p.network.CombineMask(request.GetMask());
            bool authorised = false;
            for (const MipPrefix& allowed : config.prefixes)
            {
                authorised |= allowed.length <= p.length && allowed.Contains(p.network);
            }
            code = !authorised       ? MOBNET_UNAUTHORIZED
                   : ownedByOther(p) ? MOBNET_FWDING_SETUP_FAILED
                                     : MOBNET_SUCCESS;
        }
        reply.AddExtension(MobileNetworkAckExtension(MobileNetworkAckExtension::SUBTYPE_EXPLICIT,
                                                     code,
                                                     request.GetPrefix(),
                                                     request.GetPrefixLength())
                               .ToExtension());
        if (code == MOBNET_SUCCESS)
        {
            prefixes.push_back(p);
        }
    }
    // At least one prefix must be set up, otherwise the whole registration is denied.
    return prefixes.empty() ? MIP_REPLY_HA_MOBNET_ERROR : MIP_REPLY_ACCEPTED;
}

} // namespace ns3
