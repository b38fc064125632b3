/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MR_HANDOVER_PHASE_H
#define MR_HANDOVER_PHASE_H

#include "ns3/ipv4-address.h"

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The phases of a handover of one uplink of a mobile router, in the order they
 * normally happen (MrUplink trace source HandoverPhase).
 *
 * A handover starts with LINK_DOWN (the device reported the loss of its link, e.g. a Wi-Fi
 * station lost its association) or ADDRESS_LOST (the care-of address left the interface,
 * e.g. DhcpClient dropped its lease), goes on with LINK_UP (the device is attached again:
 * associated), ADDRESS_ACQUIRED (a care-of address is on the interface: a DHCP lease, RFC
 * 5944 section 3.6 co-located care-of address) and REGISTRATION_SENT (the first Registration
 * Request from that address), and ends with REGISTERED (the Home Agent accepted it). An
 * uplink that never had a link or address starts at LINK_UP or ADDRESS_ACQUIRED.
 */
enum class MrHandoverPhase : uint8_t
{
    LINK_DOWN,         //!< the device reported link down (L2 trigger)
    LINK_UP,           //!< the device reported link up (e.g. associated)
    ADDRESS_LOST,      //!< the care-of address was removed from the interface
    ADDRESS_ACQUIRED,  //!< a care-of address was added to the interface
    REGISTRATION_SENT, //!< the first Registration Request of this handover was sent
    REGISTERED,        //!< the Home Agent accepted the registration: the handover is over
};

/**
 * \param os stream \param phase phase
 * \return os
 */
std::ostream& operator<<(std::ostream& os, MrHandoverPhase phase);

} // namespace ns3

#endif /* MR_HANDOVER_PHASE_H */
