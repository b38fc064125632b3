/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef GRE_HEADER_H
#define GRE_HEADER_H

namespace ns3
{
} // namespace ns3

#endif /* GRE_HEADER_H */
