/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef DROP_COUNTERS_H
#define DROP_COUNTERS_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <sstream>
#include <string>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief One counter per reason of a drop-reason enumeration, and their total.
 *
 * \tparam Enum the reasons: an enumeration whose values run from 0 to N - 1 (an `enum class`
 * with a last value COUNT gets N from it) and that has an `operator<<` printing a reason's
 * name (used by ToString()).
 * \tparam N the number of reasons
 *
 * A reason out of range (COUNT or beyond) is not counted and counts 0.
 */
template <typename Enum, std::size_t N = static_cast<std::size_t>(Enum::COUNT)>
class DropCounters
{
  public:
    /// \param reason why \param n how many were dropped for it
    void Add(Enum reason, uint64_t n = 1)
    {
        if (InRange(reason))
        {
            m_counts[static_cast<std::size_t>(reason)] += n;
        }
    }

    /// \param reason why \return how many were dropped for it
    uint64_t Get(Enum reason) const
    {
        return InRange(reason) ? m_counts[static_cast<std::size_t>(reason)] : 0;
    }

    /// \return the sum over every reason
    uint64_t GetTotal() const
    {
        return std::accumulate(m_counts.begin(), m_counts.end(), uint64_t{0});
    }

    /// \return "name=count" for every reason with a non-zero count, in enumeration order,
    /// separated by a space ("" when nothing was dropped)
    std::string ToString() const
    {
        std::ostringstream os;
        for (std::size_t i = 0; i < N; ++i)
        {
            if (m_counts[i] != 0)
            {
                os << (os.tellp() > 0 ? " " : "") << static_cast<Enum>(i) << "=" << m_counts[i];
            }
        }
        return os.str();
    }

  private:
    /// \param reason a reason \return true if it has a counter
    static bool InRange(Enum reason)
    {
        return static_cast<std::size_t>(reason) < N;
    }

    std::array<uint64_t, N> m_counts{}; //!< per reason
};

} // namespace ns3

#endif /* DROP_COUNTERS_H */
