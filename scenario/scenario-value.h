/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef SCENARIO_VALUE_H
#define SCENARIO_VALUE_H

#include "ns3/nstime.h"

#include <cstdint>
#include <string>
#include <type_traits>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief A typed value of summary.json or of a scenario table: string, double, integer or
 * boolean. Doubles print with %.9g (NaN and infinities as NaN, Infinity, -Infinity, which
 * Python's json and csv modules read), so two runs compare byte for byte.
 */
class ScenarioValue
{
  public:
    /// Kind of value.
    enum Kind
    {
        STRING, //!< a string
        DOUBLE, //!< a double
        INT,    //!< a 64-bit integer
        BOOL,   //!< a boolean
    };

    /// \param v a string
    ScenarioValue(const std::string& v);
    /// \param v a string
    ScenarioValue(const char* v);
    /// \param v a double
    ScenarioValue(double v);
    /// \param v a boolean
    ScenarioValue(bool v);

    /// \param v an integer (any integral type but bool)
    template <typename T,
              typename = std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>>
    ScenarioValue(T v)
        : m_kind(INT),
          m_int(static_cast<int64_t>(v))
    {
    }

    /// \return the kind
    Kind GetKind() const;
    /// \return the value as a JSON token (strings quoted and escaped)
    std::string ToJson() const;
    /// \return the value as a CSV field (strings without commas, quotes or newlines)
    std::string ToCsv() const;

    /// \param v a double \return it printed with %.9g (NaN, Infinity, -Infinity)
    static std::string FormatDouble(double v);
    /// \param s a string \return it as a JSON string token (quoted and escaped)
    static std::string JsonString(const std::string& s);
    /// \param t a time \return seconds with 9 decimals, from integer nanoseconds
    static std::string FormatTime(Time t);

  private:
    Kind m_kind{STRING};  //!< kind
    std::string m_string; //!< STRING value
    double m_double{0};   //!< DOUBLE value
    int64_t m_int{0};     //!< INT value
    bool m_bool{false};   //!< BOOL value
};

} // namespace ns3

#endif /* SCENARIO_VALUE_H */
