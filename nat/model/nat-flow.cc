/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nat-flow.h"

#include "ns3/tcp-header.h"

#include <algorithm>

namespace ns3
{

namespace
{

/// \param b four octets in network order \return the IPv4 address they hold
Ipv4Address
ReadAddress(const uint8_t* b)
{
    return Ipv4Address((uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16) | (uint32_t(b[2]) << 8) |
                       b[3]);
}

} // namespace

bool
NatFlow::TcpOptionsValid(const uint8_t* opt, uint32_t len)
{
    uint32_t i = 0;
    while (i < len)
    {
        uint8_t kind = opt[i];
        if (kind == 0)
        {
            return true; // END: the rest is padding
        }
        if (kind == 1)
        {
            ++i;
            continue;
        }
        if (i + 1 >= len)
        {
            return false;
        }
        uint8_t size = opt[i + 1];
        if (size < 2 || i + size > len)
        {
            return false;
        }
        switch (kind)
        {
        case 2: // MSS
            if (size != 4)
            {
                return false;
            }
            break;
        case 3: // window scale
            if (size != 3)
            {
                return false;
            }
            break;
        case 4: // SACK permitted
            if (size != 2)
            {
                return false;
            }
            break;
        case 5: // SACK
            if ((size - 2) % 8 != 0)
            {
                return false;
            }
            break;
        case 8: // timestamp
            if (size != 10)
            {
                return false;
            }
            break;
        default:
            break;
        }
        i += size;
    }
    return true;
}

bool
NatFlow::Parse(Ptr<const Packet> p, const Ipv4Header& header, bool whole, NatFlow& flow)
{
    flow = NatFlow();
    flow.protocol = header.GetProtocol();
    uint32_t size = p->GetSize();
    uint8_t buf[60];
    uint32_t n = p->CopyData(buf, std::min<uint32_t>(size, sizeof(buf)));
    switch (flow.protocol)
    {
    case PROTO_UDP: {
        if (n < 8)
        {
            return false;
        }
        uint16_t len = NatReadBe16(buf + 4);
        if (len < 8 || (whole && len > size) || (!whole && len <= size))
        {
            return false;
        }
        flow.srcPort = NatReadBe16(buf);
        flow.dstPort = NatReadBe16(buf + 2);
        return true;
    }
    case PROTO_TCP: {
        if (n < 20)
        {
            return false;
        }
        uint32_t headerLength = (buf[12] >> 4) * 4;
        if (headerLength < 20 || headerLength > size || headerLength > n)
        {
            return false;
        }
        if (!TcpOptionsValid(buf + 20, headerLength - 20))
        {
            return false;
        }
        TcpHeader tcp;
        p->PeekHeader(tcp);
        if (tcp.GetSerializedSize() != headerLength)
        {
            return false; // ns-3 would not write these options back unchanged
        }
        flow.srcPort = NatReadBe16(buf);
        flow.dstPort = NatReadBe16(buf + 2);
        flow.tcpFlags = buf[13];
        return true;
    }
    case PROTO_ICMP: {
        if (n < 8)
        {
            return false;
        }
        flow.icmpType = buf[0];
        if (flow.icmpType == ICMP_ECHO || flow.icmpType == ICMP_ECHO_REPLY)
        {
            flow.icmpQuery = true;
            flow.srcPort = NatReadBe16(buf + 4);
            flow.dstPort = flow.srcPort;
            return true;
        }
        if (flow.icmpType == ICMP_DEST_UNREACH || flow.icmpType == ICMP_TIME_EXCEEDED)
        {
            flow.icmpError = true;
            // 8 octets of ICMP header + embedded IPv4 header (no options) + 8 octets
            if (n < 36)
            {
                return false;
            }
            const uint8_t* ip = buf + 8;
            if ((ip[0] >> 4) != 4 || (ip[0] & 0x0f) != 5)
            {
                return false;
            }
            flow.innerProtocol = ip[9];
            flow.innerSrc = ReadAddress(ip + 12);
            flow.innerDst = ReadAddress(ip + 16);
            uint16_t fragmentOffset = NatReadBe16(ip + 6) & 0x1fff;
            const uint8_t* l4 = buf + 28;
            if (fragmentOffset == 0)
            {
                if (flow.innerProtocol == PROTO_UDP || flow.innerProtocol == PROTO_TCP)
                {
                    flow.innerSrcPort = NatReadBe16(l4);
                    flow.innerDstPort = NatReadBe16(l4 + 2);
                    flow.innerTranslatable = true;
                }
                else if (flow.innerProtocol == PROTO_ICMP &&
                         (l4[0] == ICMP_ECHO || l4[0] == ICMP_ECHO_REPLY))
                {
                    flow.innerQuery = true;
                    flow.innerSrcPort = NatReadBe16(l4 + 4);
                    flow.innerDstPort = flow.innerSrcPort;
                    flow.innerTranslatable = true;
                }
            }
        }
        return true;
    }
    default:
        return true;
    }
}

} // namespace ns3
