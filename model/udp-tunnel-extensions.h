/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef UDP_TUNNEL_EXTENSIONS_H
#define UDP_TUNNEL_EXTENSIONS_H

namespace ns3
{
} // namespace ns3

#endif /* UDP_TUNNEL_EXTENSIONS_H */
