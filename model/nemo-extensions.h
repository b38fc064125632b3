/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NEMO_EXTENSIONS_H
#define NEMO_EXTENSIONS_H

namespace ns3
{
} // namespace ns3

#endif /* NEMO_EXTENSIONS_H */
