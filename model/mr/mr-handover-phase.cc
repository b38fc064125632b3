/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mr-handover-phase.h"

namespace ns3
{

std::ostream&
operator<<(std::ostream& os, MrHandoverPhase phase)
{
    switch (phase)
    {
    case MrHandoverPhase::LINK_DOWN:
        return os << "link-down";
    case MrHandoverPhase::LINK_UP:
        return os << "link-up";
    case MrHandoverPhase::ADDRESS_LOST:
        return os << "address-lost";
    case MrHandoverPhase::ADDRESS_ACQUIRED:
        return os << "address-acquired";
    case MrHandoverPhase::REGISTRATION_SENT:
        return os << "registration-sent";
    case MrHandoverPhase::REGISTERED:
        return os << "registered";
    }
    return os << "?";
}

} // namespace ns3
