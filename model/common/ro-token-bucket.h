/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef RO_TOKEN_BUCKET_H
#define RO_TOKEN_BUCKET_H

#include "ns3/nstime.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief A token bucket without per-source state: a burst of capacity tokens, one more
 * per refill interval. Bounds what unauthenticated packets can make a router send (the
 * CR's solicitations for unknown home addresses, its unauthenticated error replies, the
 * ICMP errors a tunnel's soft state makes the encapsulator send). Named for its first user;
 * it lives in model/common so that the tunnel layer can use it too.
 */
class RoTokenBucket
{
  public:
    /**
     * \param capacity the burst (0: never a token) \param refill one token per this
     * interval (zero: no refill) \param now the current time
     * \return true if a token was taken
     */
    bool Take(uint32_t capacity, Time refill, Time now);

  private:
    double m_tokens{-1}; //!< tokens left (-1: full, not used yet)
    Time m_at;           //!< when it was last refilled
};

} // namespace ns3

#endif /* RO_TOKEN_BUCKET_H */
