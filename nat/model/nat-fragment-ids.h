/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NAT_FRAGMENT_IDS_H
#define NAT_FRAGMENT_IDS_H

#include "ns3/ipv4-header.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <unordered_map>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The IP identification translation of outbound UDP fragments. After the NAT
 * rewrote their source to the public address, fragments of different inside hosts that
 * used the same identification towards the same destination would be reassembled together
 * (RFC 791: fragments belong together by source, destination, protocol and
 * identification), so every (inside source, destination, protocol, identification) gets
 * its own identification, drawn from one counter, for as long as its fragments keep coming.
 */
class NatFragmentIds
{
  public:
    /**
     * \brief The identification to use for an outbound fragment.
     * \param header the fragment's IP header as received
     * \param now current time
     * \param isNew [out] true if a new translation was created
     * \return the translated identification
     */
    uint16_t Translate(const Ipv4Header& header, Time now, bool& isNew);

    /**
     * \brief Forgets the translations whose last fragment is \p timeout old or older.
     * \param now current time \param timeout lifetime of a translation
     */
    void Expire(Time now, Time timeout);

    /// \return true if no translation is stored
    bool IsEmpty() const;

    /// \brief forgets every translation (the counter goes on)
    void Clear();

  private:
    /// one translation
    struct Entry
    {
        uint16_t id;   //!< translated identification
        Time lastSeen; //!< last fragment seen
    };

    /// (source << 32 | destination) -> (protocol << 16 | identification) -> entry
    std::unordered_map<uint64_t, std::unordered_map<uint32_t, Entry>> m_ids;
    uint16_t m_nextId{0}; //!< next translated identification
};

} // namespace ns3

#endif /* NAT_FRAGMENT_IDS_H */
