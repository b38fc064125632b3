/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * haaro-print-introspection: the attributes and trace sources of every TypeId of the haaro
 * module (group name "Haaro"), read from the TypeIds themselves and printed as
 * reStructuredText. doc/haaro-attributes.rst is this program's output (the model
 * documentation includes it); the ctest doc/attributes-up-to-date regenerates it and fails
 * when the checked-in file differs, so the list cannot drift from the code.
 *
 *   haaro-print-introspection [--output=FILE]      (default: standard output)
 *   ./haaro doc                                    (rewrites doc/haaro-attributes.rst)
 *
 * Per TypeId: its parent, the Config paths at which ns-3's introspection finds it (walking
 * the Pointer and ObjectPtrContainer attributes from /NodeList/[i] and /ChannelList/[i];
 * aggregated objects are invisible to it and are documented by hand in doc/haaro.rst),
 * its attributes (name, value type, underlying type, initial value, flags, help) and its
 * trace sources (name, callback signature, help). Everything is sorted by name and no
 * address is printed, so the output depends only on the code.
 */
#include "ns3/command-line.h"
#include "ns3/home-agent.h"
#include "ns3/nstime.h"
#include "ns3/object-ptr-container.h"
#include "ns3/pointer.h"
#include "ns3/type-id.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// The group name that every TypeId of the module sets (TypeId::SetGroupName).
const std::string HAARO_GROUP = "Haaro";

/// \return every registered TypeId, sorted by name
std::vector<TypeId>
AllTypeIds()
{
    std::vector<TypeId> all;
    for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
    {
        all.push_back(TypeId::GetRegistered(i));
    }
    std::sort(all.begin(), all.end(), [](const TypeId& a, const TypeId& b) {
        return a.GetName() < b.GetName();
    });
    return all;
}

/**
 * Where objects of a TypeId are reachable by ns-3's Config paths, as far as introspection
 * knows: from the root namespaces, through every attribute whose value is a Pointer or an
 * ObjectPtrContainer (ObjectVector, ObjectMap), to the declared type and, with
 * "/$<name>", to each of its registered subclasses. Objects aggregated to another object
 * (Object::AggregateObject) cannot be found this way.
 */
class ConfigPaths
{
  public:
    /// Walks the attribute graph of every registered TypeId once (breadth first).
    ConfigPaths();

    /**
     * \param tid a TypeId
     * \return the Config paths that reach objects of it, sorted
     */
    std::set<std::string> Get(TypeId tid) const;

  private:
    /**
     * Records that objects of tid (or of one of its subclasses) are at path.
     * \param path the Config path of the attribute (or root namespace)
     * \param tid the declared TypeId of what the attribute holds
     */
    void Reach(const std::string& path, TypeId tid);

    std::vector<TypeId> m_all;                                 //!< every TypeId, by name
    std::map<std::string, std::set<std::string>> m_paths;      //!< TypeId name -> paths
    std::vector<std::pair<std::string, TypeId>> m_queue;       //!< paths still to expand
    std::set<std::string> m_expanded;                          //!< TypeIds already expanded
    static constexpr std::size_t MAX_PATHS_PER_TYPE_ID = 1000; //!< a bound for odd graphs
};

ConfigPaths::ConfigPaths()
    : m_all(AllTypeIds())
{
    // ns-3's root namespaces (Config::RegisterRootNamespaceObject by NodeList and
    // ChannelList), whose objects are Nodes and Channels.
    Reach("/ChannelList/[i]", TypeId::LookupByName("ns3::Channel"));
    Reach("/NodeList/[i]", TypeId::LookupByName("ns3::Node"));
    for (std::size_t next = 0; next < m_queue.size(); ++next)
    {
        const std::string path = m_queue[next].first;
        const TypeId tid = m_queue[next].second;
        if (!m_expanded.insert(tid.GetName()).second)
        {
            continue; // the shortest paths to a TypeId's attributes are enough
        }
        std::map<std::string, TypeId> children; // attribute path -> declared TypeId
        for (TypeId t = tid;; t = t.GetParent())
        {
            for (std::size_t i = 0; i < t.GetAttributeN(); ++i)
            {
                const TypeId::AttributeInformation info = t.GetAttribute(i);
                if (auto pointer = DynamicCast<const PointerChecker>(info.checker))
                {
                    children.emplace(path + "/" + info.name, pointer->GetPointeeTypeId());
                }
                else if (auto container =
                             DynamicCast<const ObjectPtrContainerChecker>(info.checker))
                {
                    children.emplace(path + "/" + info.name + "/[i]", container->GetItemTypeId());
                }
            }
            if (!t.HasParent() || t.GetParent() == t)
            {
                break;
            }
        }
        for (const auto& [childPath, childTid] : children)
        {
            Reach(childPath, childTid);
        }
    }
}

void
ConfigPaths::Reach(const std::string& path, TypeId tid)
{
    for (const TypeId& t : m_all)
    {
        if (t != tid && !t.IsChildOf(tid))
        {
            continue;
        }
        const std::string at = (t == tid) ? path : path + "/$" + t.GetName();
        std::set<std::string>& paths = m_paths[t.GetName()];
        if (paths.size() < MAX_PATHS_PER_TYPE_ID && paths.insert(at).second)
        {
            m_queue.emplace_back(at, t);
        }
    }
}

std::set<std::string>
ConfigPaths::Get(TypeId tid) const
{
    auto it = m_paths.find(tid.GetName());
    return it == m_paths.end() ? std::set<std::string>() : it->second;
}

/**
 * \param text free text (a help string)
 * \return text with the characters that reStructuredText would take for markup escaped
 */
std::string
EscapeRst(const std::string& text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        const char c = text[i];
        const bool endOfWord = i + 1 == text.size() || !std::isalnum(text[i + 1]);
        if (c == '\\' || c == '*' || c == '`' || c == '|' || (c == '_' && endOfWord))
        {
            out += '\\';
        }
        out += (c == '\n') ? ' ' : c;
    }
    return out;
}

/**
 * \param text text for an inline literal
 * \return ``text``, or a description when text is empty
 */
std::string
Literal(const std::string& text)
{
    return text.empty() ? std::string("(empty)") : "``" + text + "``";
}

/**
 * \param ns a time in nanoseconds
 * \return it in the largest of s, ms, us and ns that shows it as an integer (e.g. "120s"),
 *         as Config::SetDefault takes it
 */
std::string
TimeString(int64_t ns)
{
    for (const auto& [unit, factor] :
         {std::pair<const char*, int64_t>{"s", 1000000000}, {"ms", 1000000}, {"us", 1000}})
    {
        if (ns % factor == 0)
        {
            return std::to_string(ns / factor) + unit;
        }
    }
    return std::to_string(ns) + "ns";
}

/**
 * \param info an attribute of value type TimeValue
 * \return its range in words (ns-3 prints the bounds of a TimeChecker in scientific
 *         notation and Time::Min() like Time::Max()), or "" when it is unbounded
 */
std::string
TimeRange(const TypeId::AttributeInformation& info)
{
    std::smatch m;
    const std::string text = info.checker->GetUnderlyingTypeInformation();
    if (!std::regex_match(text, m, std::regex("Time ([-+0-9.e]+)ns:([-+0-9.e]+)ns")))
    {
        return text;
    }
    const double limit = 9.2e18; // Time::Min() and Time::Max() in ns, approximately
    const double min = std::stod(m[1]);
    const double max = std::stod(m[2]);
    const bool hasMin = std::fabs(min) < limit;
    const bool hasMax = std::fabs(max) < limit;
    const std::string from = TimeString(static_cast<int64_t>(std::llround(min)));
    const std::string to = TimeString(static_cast<int64_t>(std::llround(max)));
    if (hasMin && hasMax)
    {
        return "Time " + from + " to " + to;
    }
    return hasMin ? "Time >= " + from : hasMax ? "Time <= " + to : "Time";
}

/**
 * \param info an attribute
 * \return its initial value (the one the TypeId registered) as Config::SetDefault takes
 *         it; never an address
 */
std::string
InitialValue(const TypeId::AttributeInformation& info)
{
    if (DynamicCast<const PointerChecker>(info.checker))
    {
        const auto pointer = DynamicCast<const PointerValue>(info.originalInitialValue);
        return (pointer && !pointer->GetObject()) ? "null" : "an object";
    }
    if (DynamicCast<const ObjectPtrContainerChecker>(info.checker))
    {
        return "empty";
    }
    if (const auto time = DynamicCast<const TimeValue>(info.originalInitialValue))
    {
        return Literal(TimeString(time->Get().GetNanoSeconds()));
    }
    const std::string value = info.originalInitialValue->SerializeToString(info.checker);
    return Literal(std::regex_replace(value, std::regex("0x[0-9a-fA-F]+"), "(address)"));
}

/**
 * \param flags TypeId::AttributeFlag bits
 * \return what can be done with the attribute, in words
 */
std::string
Flags(uint32_t flags)
{
    std::vector<std::string> words;
    if (flags & TypeId::ATTR_CONSTRUCT)
    {
        words.emplace_back("construct");
    }
    if (flags & TypeId::ATTR_SET)
    {
        words.emplace_back("set");
    }
    if (flags & TypeId::ATTR_GET)
    {
        words.emplace_back("get");
    }
    std::string out;
    for (const std::string& w : words)
    {
        out += (out.empty() ? "" : ", ") + w;
    }
    return out.empty() ? "none" : out;
}

/**
 * \param level a support level
 * \param message its message
 * \return a sentence for deprecated and obsolete attributes and trace sources, else ""
 */
std::string
Support(TypeId::SupportLevel level, const std::string& message)
{
    switch (level)
    {
    case TypeId::SUPPORTED:
        return "";
    case TypeId::DEPRECATED:
        return " Deprecated: " + EscapeRst(message);
    case TypeId::OBSOLETE:
        return " Obsolete: " + EscapeRst(message);
    }
    return "";
}

/**
 * Prints a heading.
 * \param os the output
 * \param title its text
 * \param underline the adornment character
 */
void
Heading(std::ostream& os, const std::string& title, char underline)
{
    os << title << "\n" << std::string(title.size(), underline) << "\n\n";
}

/**
 * Prints one TypeId: parent, Config paths, attributes and trace sources.
 * \param os the output
 * \param tid the TypeId
 * \param paths where introspection reaches it
 */
void
PrintTypeId(std::ostream& os, TypeId tid, const ConfigPaths& paths)
{
    Heading(os, tid.GetName(), '~');
    os << "Parent: " << Literal(tid.GetParent().GetName()) << ".";
    if (tid.GetAttributeN() == 0 && tid.GetTraceSourceN() == 0)
    {
        os << " No attributes, no trace sources.\n\n";
        return;
    }
    os << "\n\n";

    const std::set<std::string> reach = paths.Get(tid);
    if (reach.empty())
    {
        os << "Config paths: none through attributes (see :ref:`haaro-config-paths`).\n\n";
    }
    else
    {
        os << "Config paths:\n\n";
        for (const std::string& p : reach)
        {
            os << "* ``" << p << "``\n";
        }
        os << "\n";
    }

    std::map<std::string, TypeId::AttributeInformation> attributes;
    for (std::size_t i = 0; i < tid.GetAttributeN(); ++i)
    {
        attributes.emplace(tid.GetAttribute(i).name, tid.GetAttribute(i));
    }
    if (attributes.empty())
    {
        os << "Attributes: none.\n\n";
    }
    else
    {
        os << "Attributes:\n\n";
        for (const auto& [name, info] : attributes)
        {
            os << "``" << name << "``\n";
            os << "  " << EscapeRst(info.help) << Support(info.supportLevel, info.supportMsg)
               << "\n\n";
            os << "  Value type " << Literal(info.checker->GetValueTypeName());
            if (DynamicCast<const TimeValue>(info.originalInitialValue))
            {
                os << " (" << Literal(TimeRange(info)) << ")";
            }
            else if (info.checker->HasUnderlyingTypeInformation())
            {
                os << " (" << Literal(info.checker->GetUnderlyingTypeInformation()) << ")";
            }
            os << "; initial value " << InitialValue(info) << "; flags: " << Flags(info.flags)
               << ".\n\n";
        }
    }

    std::map<std::string, TypeId::TraceSourceInformation> traces;
    for (std::size_t i = 0; i < tid.GetTraceSourceN(); ++i)
    {
        traces.emplace(tid.GetTraceSource(i).name, tid.GetTraceSource(i));
    }
    if (traces.empty())
    {
        os << "Trace sources: none.\n\n";
    }
    else
    {
        os << "Trace sources:\n\n";
        for (const auto& [name, info] : traces)
        {
            os << "``" << name << "``\n";
            os << "  " << EscapeRst(info.help) << Support(info.supportLevel, info.supportMsg)
               << "\n\n";
            os << "  Callback signature " << Literal(info.callback) << ".\n\n";
        }
    }
}

/**
 * Prints the whole document.
 * \param os the output
 */
void
PrintAll(std::ostream& os)
{
    std::vector<TypeId> haaro;
    for (const TypeId& tid : AllTypeIds())
    {
        if (tid.GetGroupName() == HAARO_GROUP)
        {
            haaro.push_back(tid);
        }
    }
    const ConfigPaths paths;

    os << ".. This file is generated by haaro-print-introspection (utils/) from the TypeIds of\n"
          "   the module: do not edit it. Regenerate it with ./haaro doc; the ctest\n"
          "   doc/attributes-up-to-date fails while it differs from the code.\n\n";
    os << "Every TypeId of group ``" << HAARO_GROUP
       << "``, sorted by name, with its own attributes and trace sources (inherited ones are "
          "listed under the parent). Value types and initial values are as "
          "``Config::SetDefault`` and ``--ns3::Type::Attribute=value`` take them.\n\n";
    os << ".. list-table::\n   :header-rows: 1\n\n"
       << "   * - TypeId\n     - Parent\n     - Attributes\n     - Trace sources\n";
    for (const TypeId& tid : haaro)
    {
        os << "   * - ``" << tid.GetName() << "``\n     - ``" << tid.GetParent().GetName()
           << "``\n     - " << tid.GetAttributeN() << "\n     - " << tid.GetTraceSourceN() << "\n";
    }
    os << "\n";
    for (const TypeId& tid : haaro)
    {
        PrintTypeId(os, tid, paths);
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string output;
    CommandLine cmd(__FILE__);
    cmd.Usage("Prints every attribute and trace source of the haaro TypeIds as "
              "reStructuredText (doc/haaro-attributes.rst is its output; ./haaro doc).");
    cmd.AddValue("output", "file to write (default: standard output)", output);
    cmd.Parse(argc, argv);

    // Makes sure that libhaaro is loaded (and its TypeIds registered) even when the linker
    // drops libraries whose symbols are not used.
    HomeAgent::GetTypeId();

    std::ostringstream text;
    PrintAll(text);
    if (output.empty())
    {
        std::cout << text.str();
        return 0;
    }
    std::ofstream file(output, std::ios::binary);
    file << text.str();
    return file.good() ? 0 : 1;
}
