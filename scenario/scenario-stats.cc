/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "scenario-stats.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ns3
{
namespace scenariostats
{

double
Mean(const std::vector<double>& values)
{
    double sum = 0;
    uint64_t n = 0;
    for (double v : values)
    {
        if (!std::isnan(v))
        {
            sum += v;
            n++;
        }
    }
    return n ? sum / n : NOT_A_NUMBER;
}

double
Quantile(std::vector<double> values, double q)
{
    values.erase(
        std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
        values.end());
    if (values.empty())
    {
        return NOT_A_NUMBER;
    }
    std::sort(values.begin(), values.end());
    double pos = q * (values.size() - 1);
    size_t lo = static_cast<size_t>(std::floor(pos));
    size_t hi = std::min(lo + 1, values.size() - 1);
    return values[lo] + (pos - lo) * (values[hi] - values[lo]);
}

double
Max(const std::vector<double>& values)
{
    double m = NOT_A_NUMBER;
    for (double v : values)
    {
        if (!std::isnan(v) && (std::isnan(m) || v > m))
        {
            m = v;
        }
    }
    return m;
}

uint32_t
CountNaN(const std::vector<double>& values)
{
    return std::count_if(values.begin(), values.end(), [](double v) { return std::isnan(v); });
}

} // namespace scenariostats
} // namespace ns3
