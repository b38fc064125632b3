/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef HAARO_EXTENSIONS_H
#define HAARO_EXTENSIONS_H

namespace ns3
{
} // namespace ns3

#endif /* HAARO_EXTENSIONS_H */
