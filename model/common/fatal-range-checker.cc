/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "fatal-range-checker.h"

#include "ns3/fatal-error.h"
#include "ns3/nstime.h"

#include <sstream>
#include <typeinfo>

namespace ns3
{

namespace
{

/// The checker behind MakeFatalRangeChecker(): delegates everything to the inner checker.
class FatalRangeChecker : public AttributeChecker
{
  public:
    /// \param inner bounds \param attribute name \param bound description
    FatalRangeChecker(Ptr<const AttributeChecker> inner, std::string attribute, std::string bound)
        : m_inner(inner),
          m_attribute(std::move(attribute)),
          m_bound(std::move(bound))
    {
    }

    bool Check(const AttributeValue& value) const override
    {
        if (m_inner->Check(value))
        {
            return true;
        }
        Ptr<AttributeValue> sample = m_inner->Create();
        if (typeid(value) == typeid(*PeekPointer(sample)))
        {
            std::ostringstream text;
            if (const auto* time = dynamic_cast<const TimeValue*>(&value))
            {
                text << time->Get().As(Time::S);
            }
            else
            {
                text << value.SerializeToString(m_inner);
            }
            NS_FATAL_ERROR(m_attribute << " = " << text.str() << " is out of range (" << m_bound
                                       << ")");
        }
        return false; // another type: ns-3 converts it and asks again
    }

    std::string GetValueTypeName() const override
    {
        return m_inner->GetValueTypeName();
    }

    bool HasUnderlyingTypeInformation() const override
    {
        return m_inner->HasUnderlyingTypeInformation();
    }

    std::string GetUnderlyingTypeInformation() const override
    {
        return m_inner->GetUnderlyingTypeInformation();
    }

    Ptr<AttributeValue> Create() const override
    {
        return m_inner->Create();
    }

    bool Copy(const AttributeValue& source, AttributeValue& destination) const override
    {
        return m_inner->Copy(source, destination);
    }

  private:
    Ptr<const AttributeChecker> m_inner; //!< the bounds
    std::string m_attribute;             //!< attribute name
    std::string m_bound;                 //!< bound description
};

} // namespace

Ptr<const AttributeChecker>
MakeFatalRangeChecker(Ptr<const AttributeChecker> inner,
                      const std::string& attribute,
                      const std::string& bound)
{
    return Create<FatalRangeChecker>(inner, attribute, bound);
}

} // namespace ns3
