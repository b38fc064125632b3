/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MIP_FLOW_HASH_H
#define MIP_FLOW_HASH_H

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/packet.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The per-flow path choice that the Home Agent's downlink (DownlinkPolicy PerFlow)
 * and a mobile router's uplink choice (UplinkPolicy PerFlow) share, so that both
 * directions of a flow take the same uplink and a failure moves only the flows of the
 * failed uplink.
 *
 * - <b>Symmetric</b>: the flow key is the unordered pair of endpoints (address, port) and
 *   the protocol, so A:a -> B:b and B:b -> A:a have the same hash (the ports count for TCP
 *   and UDP datagrams that are not fragments; a fragment is hashed on addresses and
 *   protocol only, so that all fragments of a datagram take one path).
 * - <b>Stable</b> (rendezvous or highest-random-weight hashing, Thaler and Ravishankar
 *   1998): each candidate path is named by its care-of address; a flow goes to the candidate
 *   with the highest weight(flow, care-of address). Removing a candidate moves only the
 *   flows that were on it; the others keep theirs, whatever the candidates' order.
 * - <b>Deterministic</b>: a fixed mixing function, no random draw; the Home Agent and the
 *   router compute the same weights from the same care-of addresses (the Care-of Address
 *   field of the registration, also behind a NAT).
 */
class MipFlowHash
{
  public:
    /**
     * \param packet the packet, starting with its IPv4 header
     * \param header that header
     * \return the symmetric hash of its flow
     */
    static uint64_t Symmetric(Ptr<const Packet> packet, const Ipv4Header& header);

    /**
     * \param flow a flow hash (Symmetric())
     * \param candidate a path, named by its care-of address
     * \return the flow's weight on that path
     */
    static uint64_t Weight(uint64_t flow, Ipv4Address candidate);

    /**
     * \param flow a flow hash (Symmetric())
     * \param candidates the usable paths (at least one), named by their care-of addresses
     * \return the index of the candidate with the highest weight (ties: the lowest address)
     */
    static size_t Choose(uint64_t flow, const std::vector<Ipv4Address>& candidates);
};

} // namespace ns3

#endif /* MIP_FLOW_HASH_H */
