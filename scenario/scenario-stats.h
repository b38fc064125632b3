/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef SCENARIO_STATS_H
#define SCENARIO_STATS_H

#include <cstdint>
#include <limits>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Summary statistics of scenario measurements. NaN stands for "no value" (never
 * happened, nothing measured): it is ignored, and NaN is returned when nothing is left.
 */
namespace scenariostats
{

/// "No value": an event that never happened, a quantity not measured.
inline constexpr double NOT_A_NUMBER = std::numeric_limits<double>::quiet_NaN();

/// \param values some values (NaN ignored) \return their mean, NaN if empty
double Mean(const std::vector<double>& values);

/// \param values some values (NaN ignored) \param q quantile in [0, 1]
/// \return the quantile, linear between order statistics (numpy's default), NaN if empty
double Quantile(std::vector<double> values, double q);

/// \param values some values (NaN ignored) \return the largest, NaN if none
double Max(const std::vector<double>& values);

/// \param values some values \return how many are NaN
uint32_t CountNaN(const std::vector<double>& values);

} // namespace scenariostats
} // namespace ns3

#endif /* SCENARIO_STATS_H */
