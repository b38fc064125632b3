/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef FATAL_RANGE_CHECKER_H
#define FATAL_RANGE_CHECKER_H

#include "ns3/attribute.h"

#include <string>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Wraps an attribute checker so that a value of the right type but out of range is
 * a configuration error that names the attribute and the value (NS_FATAL_ERROR), instead
 * of ns-3's generic "could not be set" (or, without a bound, a silent wrap when the value
 * is later put into a 16-bit protocol field).
 *
 * Values of another type (e.g. the StringValue of Config::SetDefault or the command line)
 * are passed on unchanged: ns-3 converts them and checks again.
 *
 * \param inner the checker with the bounds (e.g. MakeUintegerChecker<uint16_t>(1))
 * \param attribute the attribute's full name, for the message (e.g.
 * "ns3::RouteOptimizer::BindingLifetime")
 * \param bound what the bound is, for the message (e.g. "1 to 65535 s: a 16-bit Lifetime")
 * \return the checker
 */
Ptr<const AttributeChecker> MakeFatalRangeChecker(Ptr<const AttributeChecker> inner,
                                                  const std::string& attribute,
                                                  const std::string& bound);

} // namespace ns3

#endif /* FATAL_RANGE_CHECKER_H */
