/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ro-rtt-estimator.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

Time
RoRttEstimator::Granularity()
{
    return MilliSeconds(1);
}

void
RoRttEstimator::AddSample(Time rtt)
{
    double r = std::max(0.0, rtt.GetSeconds());
    m_samples++;
    if (!m_hasSample)
    {
        // RFC 6298 section 2.2: SRTT <- R, RTTVAR <- R/2.
        m_srtt = r;
        m_rttvar = r / 2;
        m_hasSample = true;
        return;
    }
    // RFC 6298 section 2.3 (RTTVAR first, with the old SRTT).
    m_rttvar = (1 - BETA) * m_rttvar + BETA * std::fabs(m_srtt - r);
    m_srtt = (1 - ALPHA) * m_srtt + ALPHA * r;
}

void
RoRttEstimator::Reset()
{
    m_hasSample = false;
    m_samples = 0;
    m_srtt = 0;
    m_rttvar = 0;
}

bool
RoRttEstimator::HasSample() const
{
    return m_hasSample;
}

uint32_t
RoRttEstimator::GetSamples() const
{
    return m_samples;
}

Time
RoRttEstimator::GetSrtt() const
{
    return Seconds(m_srtt);
}

Time
RoRttEstimator::GetRttvar() const
{
    return Seconds(m_rttvar);
}

Time
RoRttEstimator::GetRto() const
{
    if (!m_hasSample)
    {
        return Time(0);
    }
    return Seconds(m_srtt + std::max(Granularity().GetSeconds(), K * m_rttvar));
}

Time
RoRttEstimator::GetKeepaliveInterval(const RoConfig& config) const
{
    if (!config.keepaliveAdaptive || !m_hasSample)
    {
        return config.keepaliveInterval;
    }
    // Whole microseconds: the schedule does not depend on floating-point noise below that.
    Time interval = MicroSeconds(static_cast<int64_t>(
        std::llround(GetRto().GetSeconds() * config.keepaliveRtoMultiple * 1e6)));
    return std::clamp(interval, config.keepaliveMinInterval, config.keepaliveMaxInterval);
}

} // namespace ns3
