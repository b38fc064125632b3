/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "realm-codec.h"

namespace ns3
{

RealmDictionary::RealmDictionary(bool indexed)
    : m_indexed(indexed)
{
}

void
RealmDictionary::Clear()
{
    m_entries.clear();
    m_index.clear();
    m_added = 0;
}

uint8_t
RealmDictionary::Add(std::string_view s)
{
    auto index = static_cast<uint8_t>(m_added % CAPACITY);
    if (m_entries.size() < CAPACITY)
    {
        m_entries.emplace_back(s);
    }
    else
    {
        if (m_indexed)
        {
            auto old = m_index.find(m_entries[index]);
            old->second[index / 64] &= ~(uint64_t{1} << (index % 64));
            if (old->second[0] == 0 && old->second[1] == 0)
            {
                m_index.erase(old);
            }
        }
        m_entries[index] = s; // wrap: the 129th string overwrites entry 0, ...
    }
    if (m_indexed)
    {
        auto it = m_index.find(s);
        if (it == m_index.end())
        {
            it = m_index.emplace(std::string(s), IndexMask{0, 0}).first;
        }
        it->second[index / 64] |= uint64_t{1} << (index % 64);
    }
    ++m_added;
    return index;
}

std::optional<uint8_t>
RealmDictionary::Find(std::string_view s) const
{
    if (m_indexed)
    {
        auto it = m_index.find(s);
        if (it == m_index.end())
        {
            return std::nullopt;
        }
        const IndexMask& mask = it->second;
        return static_cast<uint8_t>(mask[0] != 0 ? __builtin_ctzll(mask[0])
                                                 : 64 + __builtin_ctzll(mask[1]));
    }
    for (size_t i = 0; i < m_entries.size(); ++i)
    {
        if (m_entries[i] == s)
        {
            return static_cast<uint8_t>(i);
        }
    }
    return std::nullopt;
}

std::optional<std::string>
RealmDictionary::Get(uint8_t index) const
{
    if (index >= m_entries.size())
    {
        return std::nullopt;
    }
    return m_entries[index];
}

size_t
RealmDictionary::GetSize() const
{
    return m_entries.size();
}

size_t
RealmDictionary::GetTotalAdded() const
{
    return m_added;
}

bool
RealmDictionary::operator==(const RealmDictionary& o) const
{
    // The index (when kept) follows from the entries.
    return m_added == o.m_added && m_entries == o.m_entries;
}

bool
RealmDictionary::IsEquivalentFor(const RealmDictionary& o,
                                 const std::function<bool(std::string_view)>& mayBeLookedUp) const
{
    if (m_entries.size() != o.m_entries.size() || m_added % CAPACITY != o.m_added % CAPACITY)
    {
        return false; // the next string would go to another index, or extend only one
    }
    for (size_t i = 0; i < m_entries.size(); ++i)
    {
        if (m_entries[i] != o.m_entries[i] &&
            (mayBeLookedUp(m_entries[i]) || mayBeLookedUp(o.m_entries[i])))
        {
            return false;
        }
    }
    return true;
}

bool
RealmCodec::IsValidRealm(std::string_view realm)
{
    if (realm.empty())
    {
        return true;
    }
    if (realm.size() > MAX_REALM_LENGTH)
    {
        return false;
    }
    size_t labelLength = 0;
    for (char c : realm)
    {
        if (c == '\0')
        {
            return false;
        }
        if (c == '.')
        {
            if (labelLength == 0)
            {
                return false; // leading dot or empty label
            }
            labelLength = 0;
            continue;
        }
        if (++labelLength > MAX_LABEL_LENGTH)
        {
            return false;
        }
    }
    return labelLength > 0; // no trailing dot
}

std::vector<std::string>
RealmCodec::SplitLabels(const std::string& realm)
{
    std::vector<std::string> labels;
    if (realm.empty())
    {
        return labels;
    }
    size_t start = 0;
    while (true)
    {
        size_t dot = realm.find('.', start);
        if (dot == std::string::npos)
        {
            labels.push_back(realm.substr(start));
            return labels;
        }
        labels.push_back(realm.substr(start, dot - start));
        start = dot + 1;
    }
}

std::string
RealmCodec::JoinLabels(const std::vector<std::string>& labels, size_t from, size_t to)
{
    std::string s;
    for (size_t i = from; i < to && i < labels.size(); ++i)
    {
        if (i != from)
        {
            s += '.';
        }
        s += labels[i];
    }
    return s;
}

void
RealmCodec::AddSuffixes(const std::vector<std::string>& labels, RealmDictionary& dictionary)
{
    for (size_t k = 0; k + 2 <= labels.size(); ++k)
    {
        dictionary.Add(JoinLabels(labels, k, labels.size()));
    }
}

RealmCompressor::RealmCompressor(bool compress)
    : m_dictionary(true),
      m_compress(compress)
{
}

void
RealmCompressor::SetCompression(bool compress)
{
    m_compress = compress;
}

bool
RealmCompressor::GetCompression() const
{
    return m_compress;
}

bool
RealmCompressor::operator==(const RealmCompressor& o) const
{
    return m_compress == o.m_compress && m_dictionary == o.m_dictionary;
}

bool
RealmCompressor::IsEquivalentFor(const RealmCompressor& o,
                                 const std::function<bool(std::string_view)>& mayBeLookedUp) const
{
    return m_compress == o.m_compress &&
           m_dictionary.IsEquivalentFor(o.m_dictionary, mayBeLookedUp);
}

void
RealmCompressor::Reset()
{
    m_dictionary.Clear();
}

std::optional<MipBytes>
RealmCompressor::Encode(const std::string& realm)
{
    MipBytes out;
    MipWireWriter w(out);
    if (!EncodeTo(realm, w))
    {
        return std::nullopt;
    }
    return out;
}

bool
RealmCompressor::EncodeTo(std::string_view realm, MipWireWriter& w)
{
    if (realm.empty())
    {
        w.WriteU8(RealmCodec::END_MARK); // no label: the dictionary is unchanged
        return true;
    }
    if (!RealmCodec::IsValidRealm(realm))
    {
        return false;
    }
    // The labels as views into the realm: labels i..j-1 joined with their dots are the
    // realm's octets from the start of label i to the end of label j-1.
    m_labels.clear();
    for (size_t start = 0;;)
    {
        size_t dot = realm.find('.', start);
        m_labels.push_back(realm.substr(start, dot == std::string_view::npos ? dot : dot - start));
        if (dot == std::string_view::npos)
        {
            break;
        }
        start = dot + 1;
    }
    auto join = [this](size_t from, size_t to) {
        const char* begin = m_labels[from].data();
        const char* end = m_labels[to - 1].data() + m_labels[to - 1].size();
        return std::string_view(begin, end - begin);
    };
    size_t lnmsFrom = 0; // the longest non-matching string: labels lnmsFrom..i-1
    size_t i = 0;
    while (i < m_labels.size())
    {
        bool matched = false;
        if (m_compress)
        {
            // Longest run of leading labels of the rest that is an entry.
            for (size_t j = m_labels.size(); j > i && !matched; --j)
            {
                std::optional<uint8_t> index = m_dictionary.Find(join(i, j));
                if (index)
                {
                    w.WriteU8(RealmCodec::INDEX_FLAG | *index);
                    i = j;
                    lnmsFrom = i;
                    matched = true;
                }
            }
        }
        if (!matched)
        {
            std::string_view label = m_labels[i];
            w.WriteU8(static_cast<uint8_t>(label.size()));
            w.WriteBytes(reinterpret_cast<const uint8_t*>(label.data()), label.size());
            m_dictionary.Add(label);
            ++i;
        }
    }
    w.WriteU8(RealmCodec::END_MARK);
    // Every suffix of at least two labels of the lnms, longest first (AddSuffixes()).
    for (size_t k = lnmsFrom; k + 2 <= i; ++k)
    {
        m_dictionary.Add(join(k, i));
    }
    return true;
}

const RealmDictionary&
RealmCompressor::GetDictionary() const
{
    return m_dictionary;
}

std::ostream&
operator<<(std::ostream& os, RealmDecodeError e)
{
    switch (e)
    {
    case RealmDecodeError::NONE:
        return os << "none";
    case RealmDecodeError::MISSING_END_MARK:
        return os << "missing end mark";
    case RealmDecodeError::LABEL_PAST_END:
        return os << "label runs past the end";
    case RealmDecodeError::UNDEFINED_INDEX:
        return os << "index of an undefined dictionary entry";
    case RealmDecodeError::BAD_LABEL:
        return os << "label empty or containing '.' or 0x00";
    case RealmDecodeError::TOO_LONG:
        return os << "realm longer than 255 octets";
    }
    return os << "unknown (" << static_cast<int>(e) << ")";
}

void
RealmDecompressor::Reset()
{
    m_dictionary.Clear();
    m_error = RealmDecodeError::NONE;
}

std::optional<std::string>
RealmDecompressor::Fail(RealmDecodeError e)
{
    m_error = e;
    return std::nullopt;
}

std::optional<std::string>
RealmDecompressor::Decode(MipWireReader& r)
{
    m_error = RealmDecodeError::NONE;
    std::vector<std::string> lnms;
    std::string realm;
    while (true)
    {
        if (r.GetRemaining() == 0)
        {
            return Fail(RealmDecodeError::MISSING_END_MARK);
        }
        uint8_t tag = r.ReadU8();
        if (tag == RealmCodec::END_MARK)
        {
            break;
        }
        std::string part;
        if (tag & RealmCodec::INDEX_FLAG)
        {
            std::optional<std::string> entry =
                m_dictionary.Get(static_cast<uint8_t>(tag & ~RealmCodec::INDEX_FLAG));
            if (!entry)
            {
                return Fail(RealmDecodeError::UNDEFINED_INDEX);
            }
            part = *entry;
            lnms.clear();
        }
        else
        {
            size_t length = tag;
            if (length > r.GetRemaining())
            {
                return Fail(RealmDecodeError::LABEL_PAST_END);
            }
            const uint8_t* p = r.Current();
            part.assign(reinterpret_cast<const char*>(p), length);
            r.Skip(length);
            if (part.find('.') != std::string::npos || part.find('\0') != std::string::npos)
            {
                return Fail(RealmDecodeError::BAD_LABEL);
            }
        }
        if (part.empty())
        {
            return Fail(RealmDecodeError::BAD_LABEL); // cannot happen with our own entries
        }
        size_t newLength = realm.size() + (realm.empty() ? 0 : 1) + part.size();
        if (newLength > RealmCodec::MAX_REALM_LENGTH)
        {
            return Fail(RealmDecodeError::TOO_LONG);
        }
        if (!realm.empty())
        {
            realm += '.';
        }
        realm += part;
        if (!(tag & RealmCodec::INDEX_FLAG))
        {
            m_dictionary.Add(part);
            lnms.push_back(part);
        }
    }
    RealmCodec::AddSuffixes(lnms, m_dictionary);
    return realm;
}

RealmDecodeError
RealmDecompressor::GetError() const
{
    return m_error;
}

const RealmDictionary&
RealmDecompressor::GetDictionary() const
{
    return m_dictionary;
}

} // namespace ns3
