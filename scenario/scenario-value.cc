/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "scenario-value.h"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>

namespace ns3
{

ScenarioValue::ScenarioValue(const std::string& v)
    : m_kind(STRING),
      m_string(v)
{
}

ScenarioValue::ScenarioValue(const char* v)
    : m_kind(STRING),
      m_string(v ? v : "")
{
}

ScenarioValue::ScenarioValue(double v)
    : m_kind(DOUBLE),
      m_double(v)
{
}

ScenarioValue::ScenarioValue(bool v)
    : m_kind(BOOL),
      m_bool(v)
{
}

ScenarioValue::Kind
ScenarioValue::GetKind() const
{
    return m_kind;
}

std::string
ScenarioValue::FormatDouble(double v)
{
    if (std::isnan(v))
    {
        return "NaN";
    }
    if (std::isinf(v))
    {
        return v > 0 ? "Infinity" : "-Infinity";
    }
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.9g", v);
    return buf;
}

std::string
ScenarioValue::ToJson() const
{
    switch (m_kind)
    {
    case STRING:
        return JsonString(m_string);
    case DOUBLE:
        return FormatDouble(m_double);
    case INT:
        return std::to_string(m_int);
    case BOOL:
        return m_bool ? "true" : "false";
    }
    return "null";
}

std::string
ScenarioValue::ToCsv() const
{
    if (m_kind == STRING)
    {
        std::string s = m_string;
        std::replace_if(
            s.begin(),
            s.end(),
            [](char c) { return c == ',' || c == '"' || c == '\n' || c == '\r'; },
            ' ');
        return s;
    }
    return ToJson();
}

std::string
ScenarioValue::JsonString(const std::string& s)
{
    std::string out = "\"";
    for (char c : s)
    {
        switch (c)
        {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
            {
                char buf[8];
                std::snprintf(buf, sizeof(buf), "\\u%04x", static_cast<unsigned>(c));
                out += buf;
            }
            else
            {
                out += c;
            }
        }
    }
    return out + "\"";
}

std::string
ScenarioValue::FormatTime(Time t)
{
    int64_t ns = t.GetNanoSeconds();
    bool negative = ns < 0;
    uint64_t abs = negative ? static_cast<uint64_t>(-(ns + 1)) + 1 : static_cast<uint64_t>(ns);
    char buf[48];
    std::snprintf(buf,
                  sizeof(buf),
                  "%s%" PRIu64 ".%09" PRIu64,
                  negative ? "-" : "",
                  abs / UINT64_C(1000000000),
                  abs % UINT64_C(1000000000));
    return buf;
}

} // namespace ns3
