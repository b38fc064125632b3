/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mip-extension.h"

#include "ns3/abort.h"

#include <map>

namespace ns3
{

std::ostream&
operator<<(std::ostream& os, MipParseError e)
{
    switch (e)
    {
    case MipParseError::NONE:
        return os << "none";
    case MipParseError::TRUNCATED:
        return os << "truncated";
    case MipParseError::BAD_TYPE:
        return os << "bad message type";
    case MipParseError::UNKNOWN_EXTENSION:
        return os << "unknown non-skippable extension";
    case MipParseError::MALFORMED_EXTENSION:
        return os << "malformed extension";
    case MipParseError::MALFORMED_FIXED_PART:
        return os << "malformed fixed part";
    }
    return os << "?";
}

MipExtension
MipExtension::Pad()
{
    return MipExtension{};
}

MipExtension
MipExtension::Tlv(uint8_t type, MipBytes data)
{
    return MipExtension{type, 0, MipExtensionFormat::TLV, std::move(data)};
}

MipExtension
MipExtension::Short(uint8_t type, uint8_t subtype, MipBytes data)
{
    return MipExtension{type, subtype, MipExtensionFormat::SHORT, std::move(data)};
}

MipExtension
MipExtension::Long(uint8_t type, uint8_t subtype, MipBytes data)
{
    return MipExtension{type, subtype, MipExtensionFormat::LONG, std::move(data)};
}

size_t
MipExtension::GetHeaderSize() const
{
    switch (format)
    {
    case MipExtensionFormat::PAD:
        return 1;
    case MipExtensionFormat::TLV:
        return 2;
    case MipExtensionFormat::SHORT:
        return 3;
    case MipExtensionFormat::LONG:
        return 4;
    }
    return 0;
}

size_t
MipExtension::GetSerializedSize() const
{
    return GetHeaderSize() + (format == MipExtensionFormat::PAD ? 0 : data.size());
}

void
MipExtension::Serialize(MipWireWriter& w) const
{
    w.WriteU8(type);
    switch (format)
    {
    case MipExtensionFormat::PAD:
        return;
    case MipExtensionFormat::TLV:
        NS_ABORT_MSG_IF(data.size() > 255, "TLV extension data longer than 255 octets");
        w.WriteU8(static_cast<uint8_t>(data.size()));
        break;
    case MipExtensionFormat::SHORT:
        NS_ABORT_MSG_IF(data.size() > 254, "short extension data longer than 254 octets");
        w.WriteU8(static_cast<uint8_t>(data.size() + 1));
        w.WriteU8(subtype);
        break;
    case MipExtensionFormat::LONG:
        NS_ABORT_MSG_IF(data.size() > 65535, "long extension data longer than 65535 octets");
        w.WriteU8(subtype);
        w.WriteU16(static_cast<uint16_t>(data.size()));
        break;
    }
    w.WriteBytes(data);
}

bool
MipExtension::IsSkippable() const
{
    return type >= 128;
}

bool
MipExtension::Is(uint8_t t, uint8_t st) const
{
    if (type != t)
    {
        return false;
    }
    return format == MipExtensionFormat::TLV || format == MipExtensionFormat::PAD || subtype == st;
}

bool
MipExtension::operator==(const MipExtension& o) const
{
    return type == o.type && subtype == o.subtype && format == o.format && data == o.data;
}

std::ostream&
operator<<(std::ostream& os, const MipExtension& e)
{
    if (MipExtensionPrinter printer = MipExtensionRegistry::FindPrinter(e))
    {
        printer(os, e);
        return os;
    }
    os << "ext " << unsigned(e.type);
    if (e.format == MipExtensionFormat::SHORT || e.format == MipExtensionFormat::LONG)
    {
        os << "/" << unsigned(e.subtype);
    }
    return os << " [" << e.data.size() << " octets]";
}

std::optional<MipExtensionFormat>
MipExtensionRegistry::GetFormat(uint8_t type)
{
    switch (type)
    {
    case 0: // padding (RFC 5944 section 1.9)
        return MipExtensionFormat::PAD;
    case 32:  // Mobile-Home Authentication (RFC 5944)
    case 33:  // Mobile-Foreign Authentication
    case 34:  // Foreign-Home Authentication
    case 130: // Encapsulating Delivery Style (RFC 3024)
        return MipExtensionFormat::TLV;
    case 44:  // UDP Tunnel Reply (RFC 3519)
    case 49:  // Route Optimization Extensions (RFC 6521)
    case 144: // UDP Tunnel Request (RFC 3519)
    case 148: // Mobile Network Extensions (RFC 5177)
    case 153: // Mobile Router Route Optimization Indication (RFC 6521)
        return MipExtensionFormat::SHORT;
    case 48: // GRE Key (RFC 6245)
    case 50: // Route Optimization Data (RFC 6521)
        return MipExtensionFormat::LONG;
    default:
        return std::nullopt;
    }
}

namespace
{

/// What the registry holds for one (type, sub-type).
struct Entry
{
    MipExtensionValidator validator{nullptr}; //!< content check
    MipExtensionPrinter printer{nullptr};     //!< one-line description
};

std::map<uint16_t, Entry>&
Entries()
{
    static std::map<uint16_t, Entry> entries;
    return entries;
}

const Entry*
FindEntry(const MipExtension& e)
{
    uint8_t st = (e.format == MipExtensionFormat::SHORT || e.format == MipExtensionFormat::LONG)
                     ? e.subtype
                     : 0;
    auto it = Entries().find(static_cast<uint16_t>((e.type << 8) | st));
    return it == Entries().end() ? nullptr : &it->second;
}

} // namespace

void
MipExtensionRegistry::Register(uint8_t type,
                               uint8_t subtype,
                               MipExtensionValidator validator,
                               MipExtensionPrinter printer)
{
    Entries()[static_cast<uint16_t>((type << 8) | subtype)] = Entry{validator, printer};
}

MipExtensionValidator
MipExtensionRegistry::Find(const MipExtension& e)
{
    const Entry* entry = FindEntry(e);
    return entry ? entry->validator : nullptr;
}

MipExtensionPrinter
MipExtensionRegistry::FindPrinter(const MipExtension& e)
{
    const Entry* entry = FindEntry(e);
    return entry ? entry->printer : nullptr;
}

MipExtensionRegistration::MipExtensionRegistration(uint8_t type,
                                                   uint8_t subtype,
                                                   MipExtensionValidator validator,
                                                   MipExtensionPrinter printer)
{
    MipExtensionRegistry::Register(type, subtype, validator, printer);
}

MipParseError
MipExtensionList::Parse(MipWireReader& r)
{
    m_extensions.clear();
    while (r.GetRemaining() > 0)
    {
        MipExtension e;
        e.type = r.ReadU8();
        std::optional<MipExtensionFormat> known = MipExtensionRegistry::GetFormat(e.type);
        if (!known && e.type < 128)
        {
            return MipParseError::UNKNOWN_EXTENSION;
        }
        // An unknown skippable type is read with its Length in the second octet (TLV and
        // short format agree there), and kept as TLV so that it serializes unchanged.
        e.format = known.value_or(MipExtensionFormat::TLV);
        size_t length = 0;
        switch (e.format)
        {
        case MipExtensionFormat::PAD:
            m_extensions.push_back(e);
            continue;
        case MipExtensionFormat::TLV:
            length = r.ReadU8();
            break;
        case MipExtensionFormat::SHORT:
            length = r.ReadU8();
            if (r.IsOk() && length == 0)
            {
                return MipParseError::MALFORMED_EXTENSION; // no room for the Sub-Type
            }
            e.subtype = r.ReadU8();
            length -= 1;
            break;
        case MipExtensionFormat::LONG:
            e.subtype = r.ReadU8();
            length = r.ReadU16();
            break;
        }
        e.data = r.ReadBytes(length);
        if (!r.IsOk())
        {
            return MipParseError::TRUNCATED;
        }
        MipExtensionValidator validate = MipExtensionRegistry::Find(e);
        if (validate && !validate(e))
        {
            return MipParseError::MALFORMED_EXTENSION;
        }
        if (!validate && known && !e.IsSkippable() && e.format != MipExtensionFormat::TLV)
        {
            // A non-skippable type we know, with a sub-type we do not: not understood.
            return MipParseError::UNKNOWN_EXTENSION;
        }
        m_extensions.push_back(std::move(e));
    }
    return MipParseError::NONE;
}

void
MipExtensionList::Serialize(MipWireWriter& w) const
{
    for (const auto& e : m_extensions)
    {
        e.Serialize(w);
    }
}

size_t
MipExtensionList::GetSerializedSize() const
{
    return GetOffsetOf(m_extensions.size());
}

void
MipExtensionList::Add(const MipExtension& e)
{
    m_extensions.push_back(e);
}

void
MipExtensionList::Clear()
{
    m_extensions.clear();
}

const std::vector<MipExtension>&
MipExtensionList::GetAll() const
{
    return m_extensions;
}

size_t
MipExtensionList::GetCount() const
{
    return m_extensions.size();
}

const MipExtension&
MipExtensionList::Get(size_t i) const
{
    return m_extensions.at(i);
}

MipExtension&
MipExtensionList::GetMutable(size_t i)
{
    return m_extensions.at(i);
}

std::optional<size_t>
MipExtensionList::FindIndex(uint8_t type, uint8_t subtype, size_t from) const
{
    for (size_t i = from; i < m_extensions.size(); ++i)
    {
        if (m_extensions[i].Is(type, subtype))
        {
            return i;
        }
    }
    return std::nullopt;
}

std::vector<const MipExtension*>
MipExtensionList::FindAll(uint8_t type, uint8_t subtype) const
{
    std::vector<const MipExtension*> out;
    for (const auto& e : m_extensions)
    {
        if (e.Is(type, subtype))
        {
            out.push_back(&e);
        }
    }
    return out;
}

size_t
MipExtensionList::KeepThrough(size_t last)
{
    if (last + 1 >= m_extensions.size())
    {
        return 0;
    }
    size_t removed = m_extensions.size() - (last + 1);
    m_extensions.resize(last + 1);
    return removed;
}

size_t
MipExtensionList::GetOffsetOf(size_t i) const
{
    size_t offset = 0;
    for (size_t k = 0; k < i && k < m_extensions.size(); ++k)
    {
        offset += m_extensions[k].GetSerializedSize();
    }
    return offset;
}

} // namespace ns3
