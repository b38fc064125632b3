/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IP_IN_IP_ENCAPSULATION_H
#define IP_IN_IP_ENCAPSULATION_H

namespace ns3
{
} // namespace ns3

#endif /* IP_IN_IP_ENCAPSULATION_H */
