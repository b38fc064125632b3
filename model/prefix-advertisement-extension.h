/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PREFIX_ADVERTISEMENT_EXTENSION_H
#define PREFIX_ADVERTISEMENT_EXTENSION_H

namespace ns3
{
} // namespace ns3

#endif /* PREFIX_ADVERTISEMENT_EXTENSION_H */
