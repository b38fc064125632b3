/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nat-mapping-lifecycle.h"

#include "nat-flow.h"

#include "ns3/log.h"

#include <functional>
#include <optional>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NatMappingLifecycle");

void
NatMappingLifecycle::SetCallbacks(MappingCallback created,
                                  MappingCallback expired,
                                  RefusedCallback refused)
{
    m_created = created;
    m_expired = expired;
    m_refusedCallback = refused;
}

void
NatMappingLifecycle::SetPortInUseCallback(PortInUseCallback localUse)
{
    m_localUse = localUse;
}

void
NatMappingLifecycle::SetRandomVariable(Ptr<UniformRandomVariable> rng)
{
    m_rng = rng;
}

NatMapping*
NatMappingLifecycle::FindLiveByExternal(uint8_t protocol, uint16_t externalPort, Time now)
{
    NatMapping* m = m_table.FindByExternal(protocol, externalPort);
    if (m && m->expires <= now)
    {
        Expire(protocol, externalPort);
        return nullptr;
    }
    return m;
}

NatMapping*
NatMappingLifecycle::FindLiveByInside(const NatInsideKey& key, Time now)
{
    NatMapping* m = m_table.FindByInside(key);
    if (m && m->expires <= now)
    {
        Expire(m->key.protocol, m->externalPort);
        return nullptr;
    }
    return m;
}

NatMapping*
NatMappingLifecycle::GetOrCreate(const NatConfig& config,
                                 uint8_t protocol,
                                 Ipv4Address inside,
                                 uint16_t insidePort,
                                 Ipv4Address remote,
                                 uint16_t remotePort,
                                 Ipv4Address publicAddress,
                                 Time now)
{
    NatInsideKey key = config.policy.MakeKey(protocol, inside, insidePort, remote, remotePort);
    NatMapping* m = FindLiveByInside(key, now);
    if (m)
    {
        return m;
    }
    if (config.maxMappings != 0 && m_table.GetSize() >= config.maxMappings)
    {
        ExpireAll(now);
    }
    std::optional<uint16_t> port;
    if (config.maxMappings == 0 || m_table.GetSize() < config.maxMappings)
    {
        std::function<bool(uint16_t)> localUse;
        if (protocol != NatFlow::PROTO_ICMP && !m_localUse.IsNull())
        {
            localUse = [this, protocol](uint16_t p) { return m_localUse(protocol, p); };
        }
        port = m_allocator.Allocate(m_table,
                                    config.portAllocation,
                                    config.portRangeStart,
                                    config.portRangeEnd,
                                    protocol,
                                    insidePort,
                                    localUse,
                                    m_rng);
    }
    if (!port)
    {
        ++m_refusedCount;
        NS_LOG_WARN("Ipv4Nat: mapping refused for "
                    << unsigned(protocol) << " " << inside << ":" << insidePort << " -> " << remote
                    << ":" << remotePort << " (" << m_table.GetSize() << " mappings)");
        if (!m_refusedCallback.IsNull())
        {
            m_refusedCallback(protocol, inside, insidePort, remote, remotePort);
        }
        return nullptr;
    }
    NatMapping mapping;
    mapping.key = key;
    mapping.externalPort = *port;
    mapping.firstRemote = remote;
    mapping.firstRemotePort = remotePort;
    mapping.created = now;
    mapping.expires = now;
    m = m_table.Insert(mapping);
    ++m_createdCount;
    NS_LOG_INFO("Ipv4Nat: new mapping " << unsigned(protocol) << " " << inside << ":" << insidePort
                                        << " <-> " << publicAddress << ":" << *port);
    if (!m_created.IsNull())
    {
        m_created(*m);
    }
    return m;
}

void
NatMappingLifecycle::Expire(uint8_t protocol, uint16_t externalPort)
{
    NatMapping* m = m_table.FindByExternal(protocol, externalPort);
    if (!m)
    {
        return;
    }
    ++m_expiredCount;
    NS_LOG_INFO("Ipv4Nat: mapping expired " << unsigned(protocol) << " " << m->GetInsideAddress()
                                            << ":" << m->key.insidePort << " <-> " << externalPort);
    if (!m_expired.IsNull())
    {
        m_expired(*m);
    }
    m_table.Remove(protocol, externalPort);
}

void
NatMappingLifecycle::ExpireAll(Time now)
{
    for (const auto& [protocol, port] : m_table.CollectExpired(now))
    {
        Expire(protocol, port);
    }
}

void
NatMappingLifecycle::Clear()
{
    m_table.Clear();
    m_allocator.Reset();
}

const NatMappingTable&
NatMappingLifecycle::GetTable() const
{
    return m_table;
}

uint64_t
NatMappingLifecycle::GetCreated() const
{
    return m_createdCount;
}

uint64_t
NatMappingLifecycle::GetExpired() const
{
    return m_expiredCount;
}

uint64_t
NatMappingLifecycle::GetRefused() const
{
    return m_refusedCount;
}

} // namespace ns3
