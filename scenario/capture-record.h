/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef CAPTURE_RECORD_H
#define CAPTURE_RECORD_H

#include "ns3/home-agent.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4.h"
#include "ns3/mip-registration-reply.h"
#include "ns3/net-device.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The run's own record of what went into its captures (--pcap), written next to
 * the pcaps, so that a decode of the captures (test/check-pcaps.py: tshark with
 * wireshark/haaro.lua) can be checked against what the run sent:
 *
 * - `<prefix>pcap-sent.csv`, `time_s,node,pcap,type,message,tunnelled,extensions`: one row
 *   per Mobile IP message (UDP port 434, not tunnel data) that a watched node's IPv4 layer
 *   sent out of a captured device (its Ipv4L3Protocol Tx trace: what it originated and what
 *   it forwarded), directly or inside one tunnel (MipWireDecoder); `pcap` names the device's
 *   capture file; `extensions` lists a Registration Request's or Reply's extensions in wire
 *   order, `type/subtype` for the short and long formats and `type` for TLVs, space
 *   separated, without padding (`?` if the message does not parse).
 * - `<prefix>pcap-advertised.csv`, `time_s,reply,to,router,prefix,prefix_len,realm`: every
 *   Prefix Advertisement (50/1) a Home Agent sent, expanded, from its ReplySent trace (the
 *   reply as the Home Agent built it): one row per advertised prefix, one row with empty
 *   prefix fields for a router advertised without prefixes; `reply` numbers the replies
 *   that carried one, from 1.
 *
 * Nothing is recorded or written until a device is watched, so that a run without
 * captures writes nothing more. The record must outlive Simulator::Run().
 */
class CaptureRecord
{
  public:
    /**
     * \brief Records the Mobile IP messages the device's node sends out of it.
     * \param device a captured device (nothing is recorded if its node has no IPv4)
     * \param node the node's name \param pcap the file name of the device's capture
     */
    void WatchDevice(Ptr<NetDevice> device, const std::string& node, const std::string& pcap);
    /// \param ha a Home Agent: the Prefix Advertisements in its replies are recorded
    void WatchAdvertisements(Ptr<HomeAgent> ha);
    /**
     * \brief Records the Prefix Advertisement of a reply that was sent, if it has one
     * (for programs that send replies without a HomeAgent).
     * \param reply the Registration Reply \param to its destination
     */
    void AddAdvertisement(const MipRegistrationReply& reply, Ipv4Address to);
    /// \return true once a device is watched
    bool IsActive() const;
    /**
     * \brief Writes the two files, if a device is watched.
     * \param dir directory ("" for the current one) \param prefix file name prefix
     */
    void Write(const std::string& dir, const std::string& prefix = "") const;

  private:
    /// Ipv4L3Protocol Tx of a watched node \param node its name \param pcap capture file
    /// \param interface the captured interface \param p the packet \param ipv4 the stack
    /// \param i the interface it leaves by
    void OnTx(std::string node,
              std::string pcap,
              uint32_t interface,
              Ptr<const Packet> p,
              Ptr<Ipv4> ipv4,
              uint32_t i);

    std::vector<std::string> m_sent;       //!< rows of pcap-sent.csv
    std::vector<std::string> m_advertised; //!< rows of pcap-advertised.csv
    uint32_t m_replies{0};                 //!< replies with an advertisement so far
    bool m_active{false};                  //!< a device is watched
};

} // namespace ns3

#endif /* CAPTURE_RECORD_H */
