/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef REALM_CODEC_H
#define REALM_CODEC_H

namespace ns3
{
} // namespace ns3

#endif /* REALM_CODEC_H */
