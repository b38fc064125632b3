/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef RO_RTT_ESTIMATOR_H
#define RO_RTT_ESTIMATOR_H

#include "ro-config.h"

#include "ns3/nstime.h"

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The round-trip time of the keepalives of one direct tunnel, smoothed as RFC 6298
 * section 2 smooths TCP's (SRTT, RTTVAR, alpha 1/8, beta 1/4, K 4), and the keepalive
 * interval that follows from it.
 *
 * RFC 6521 section 3.3.4: "it is RECOMMENDED, if power and other constraints allow, that
 * considerably shorter periods be used, adapting to the perceived latency as needed.
 * However, the maximum amount of keepalives SHOULD at no point exceed MAX_UPDATE_RATE
 * times per second." The interval is RoConfig::keepaliveRtoMultiple times the RFC 6298
 * RTO (SRTT + max(G, K * RTTVAR)), clamped to [keepaliveMinInterval,
 * keepaliveMaxInterval]; before the first sample, or when keepaliveAdaptive is false, it
 * is the fixed keepaliveInterval. Each keepalive is an ICMP echo with its own sequence
 * number, so a sample is never ambiguous (no Karn's rule needed).
 */
class RoRttEstimator
{
  public:
    static constexpr double ALPHA = 1.0 / 8; //!< RFC 6298 section 2: SRTT gain
    static constexpr double BETA = 1.0 / 4;  //!< RFC 6298 section 2: RTTVAR gain
    static constexpr int K = 4;              //!< RFC 6298 section 2: variance factor
    /// RFC 6298's clock granularity G: ns-3's clock has none, so 1 ms (a floor of the
    /// variance term, so that a constant-delay path does not get RTO = SRTT exactly).
    static Time Granularity();

    /// \param rtt a measured round-trip time (RFC 6298 sections 2.2 and 2.3)
    void AddSample(Time rtt);
    /// Forgets every sample (the path changed).
    void Reset();
    /// \return whether a sample was taken since the last Reset()
    bool HasSample() const;
    /// \return the samples taken since the last Reset()
    uint32_t GetSamples() const;
    /// \return SRTT (zero without a sample)
    Time GetSrtt() const;
    /// \return RTTVAR (zero without a sample)
    Time GetRttvar() const;
    /// \return RTO = SRTT + max(G, K * RTTVAR), without RFC 6298's 1 s floor (2.4), which
    /// is for TCP retransmissions (zero without a sample)
    Time GetRto() const;
    /**
     * \param config the keepalive settings
     * \return the keepalive interval: config.keepaliveInterval before the first sample or
     * when config.keepaliveAdaptive is false, else keepaliveRtoMultiple * RTO within
     * [keepaliveMinInterval, keepaliveMaxInterval]
     */
    Time GetKeepaliveInterval(const RoConfig& config) const;

  private:
    bool m_hasSample{false}; //!< a sample was taken
    uint32_t m_samples{0};   //!< samples since the last Reset()
    double m_srtt{0};        //!< SRTT, seconds
    double m_rttvar{0};      //!< RTTVAR, seconds
};

} // namespace ns3

#endif /* RO_RTT_ESTIMATOR_H */
