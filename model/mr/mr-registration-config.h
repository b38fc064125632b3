/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MR_REGISTRATION_CONFIG_H
#define MR_REGISTRATION_CONFIG_H

#include "ns3/ipv4-address.h"
#include "ns3/mip-identification.h"
#include "ns3/mip-prefix.h"
#include "ns3/mip-registration-request.h"
#include "ns3/mip-security-association.h"
#include "ns3/mip-tunnel.h"

#include <optional>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief What all uplinks of one mobile router share for registration: who it is, where
 * its Home Agent is, and what its requests ask for (filled by MobileRouter at start from
 * its attributes; no defaults of its own beyond "unset").
 *
 * The rule between MobileRouter and MrUplink attributes: what the Home Agent must see the
 * same on every uplink of one router (identity, security association, prefixes, the flags
 * and extensions of the request, the requested lifetime) belongs to the router and is
 * here; how one uplink runs its registration and watches its path (retransmission,
 * renewal, denial back-off, path probes, RFC 3519 NAT traversal and keepalives) is an
 * attribute of MrUplink.
 */
struct MrRegistrationConfig
{
    Ipv4Address homeAddress;                             //!< the router's home address
    Ipv4Address homeAgent;                               //!< its Home Agent
    MipSecurityAssociation sa;                           //!< MN-HA security association
    MipIdentificationGenerator* identification{nullptr}; //!< shared timestamp source
    std::vector<MipPrefix> prefixes;                     //!< mobile network prefixes
    bool explicitMode{};                                 //!< list prefixes in requests (RFC 5177)
    bool simultaneous{};                                 //!< set S (more than one uplink)
    bool reverseTunnel{};                                //!< set T
    MipEncapsulation encapsulation{};                    //!< G when GRE
    uint16_t lifetime{};                                 //!< requested lifetime (s)
    bool routeOptimization{};                            //!< send the RFC 6521 capability extension
    bool advertise{};                                    //!< its A flag: let the HA advertise us
    bool requestPrefixes{}; //!< its R flag: ask for prefix advertisements
    bool outboundOnly{};    //!< its O flag: behind NAT or stateful firewall

    /**
     * \brief Builds a Registration Request of one uplink, up to (not including) its MN-HA
     * authenticator: RFC 5944 co-located care-of address (D set; S, T and G as configured),
     * a fresh Identification (the shared timestamp source), the Mobile Network Request
     * extensions in explicit mode (RFC 5177 section 4.1) and the RFC 6521 capability
     * extension (section 5.1), neither in a de-registration.
     * \param careOf the uplink's care-of address \param lifetime requested lifetime (0
     * de-registers) \param solicit the mobile router whose prefixes are solicited (RFC 6521
     * section 3.1), if any
     * \return the request; the caller may add extensions, then calls Authenticate()
     */
    MipRegistrationRequest MakeRequest(Ipv4Address careOf,
                                       uint16_t lifetime,
                                       std::optional<Ipv4Address> solicit) const;
    /**
     * \brief Appends the MN-HA authentication extension (RFC 5944 section 3.5.2), which
     * covers everything before it.
     * \param rrq the complete request
     */
    void Authenticate(MipRegistrationRequest& rrq) const;
};

} // namespace ns3

#endif /* MR_REGISTRATION_CONFIG_H */
