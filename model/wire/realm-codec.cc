/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "realm-codec.h"

namespace ns3
{

void
RealmDictionary::Clear()
{
    m_entries.clear();
    m_added = 0;
}

uint8_t
RealmDictionary::Add(const std::string& s)
{
    auto index = static_cast<uint8_t>(m_added % CAPACITY);
    if (m_entries.size() < CAPACITY)
    {
        m_entries.push_back(s);
    }
    else
    {
        m_entries[index] = s; // wrap: the 129th string overwrites entry 0, ...
    }
    ++m_added;
    return index;
}

std::optional<uint8_t>
RealmDictionary::Find(const std::string& s) const
{
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
RealmCodec::IsValidRealm(const std::string& realm)
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
    : m_compress(compress)
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

void
RealmCompressor::Reset()
{
    m_dictionary.Clear();
}

std::optional<MipBytes>
RealmCompressor::Encode(const std::string& realm)
{
    if (!RealmCodec::IsValidRealm(realm))
    {
        return std::nullopt;
    }
    std::vector<std::string> labels = RealmCodec::SplitLabels(realm);
    std::vector<std::string> lnms; // longest non-matching string, as labels
    MipBytes out;
    MipWireWriter w(out);
    size_t i = 0;
    while (i < labels.size())
    {
        bool matched = false;
        if (m_compress)
        {
            // Longest run of leading labels of the rest that is an entry.
            for (size_t j = labels.size(); j > i && !matched; --j)
            {
                std::optional<uint8_t> index =
                    m_dictionary.Find(RealmCodec::JoinLabels(labels, i, j));
                if (index)
                {
                    w.WriteU8(RealmCodec::INDEX_FLAG | *index);
                    lnms.clear();
                    i = j;
                    matched = true;
                }
            }
        }
        if (!matched)
        {
            const std::string& label = labels[i];
            w.WriteU8(static_cast<uint8_t>(label.size()));
            w.WriteBytes(reinterpret_cast<const uint8_t*>(label.data()), label.size());
            m_dictionary.Add(label);
            lnms.push_back(label);
            ++i;
        }
    }
    w.WriteU8(RealmCodec::END_MARK);
    RealmCodec::AddSuffixes(lnms, m_dictionary);
    return out;
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
