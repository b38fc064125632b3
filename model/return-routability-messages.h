/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef RETURN_ROUTABILITY_MESSAGES_H
#define RETURN_ROUTABILITY_MESSAGES_H

namespace ns3
{
} // namespace ns3

#endif /* RETURN_ROUTABILITY_MESSAGES_H */
