/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MIP_TUNNEL_DATA_HEADER_H
#define MIP_TUNNEL_DATA_HEADER_H

namespace ns3
{
} // namespace ns3

#endif /* MIP_TUNNEL_DATA_HEADER_H */
