/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PREFIX_DELTA_CODEC_H
#define PREFIX_DELTA_CODEC_H

namespace ns3
{
} // namespace ns3

#endif /* PREFIX_DELTA_CODEC_H */
