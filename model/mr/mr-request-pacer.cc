/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mr-request-pacer.h"

#include "ns3/ns3-compat.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

MrRequestPacer::MrRequestPacer(const Time& interval, const uint32_t& maxSolicitations)
    : m_interval(interval),
      m_maxSolicitations(maxSolicitations)
{
}

void
MrRequestPacer::NotifySent()
{
    m_lastSent = Simulator::Now();
    m_held.Cancel(); // a request left: it is the one that was held
}

Time
MrRequestPacer::GetDelay() const
{
    if (!m_lastSent)
    {
        return Time(0);
    }
    Time earliest = *m_lastSent + m_interval;
    return earliest > Simulator::Now() ? earliest - Simulator::Now() : Time(0);
}

bool
MrRequestPacer::Defer(Callback<void> send)
{
    if (m_held.IsRunning())
    {
        return true; // it joins the request held already
    }
    Time delay = GetDelay();
    if (delay.IsZero())
    {
        return false;
    }
    m_heldCount++;
    m_held = HaaroSchedule(delay, [send]() { send(); });
    return true;
}

void
MrRequestPacer::Cancel()
{
    m_held.Cancel();
}

bool
MrRequestPacer::IsHolding() const
{
    return m_held.IsRunning();
}

uint64_t
MrRequestPacer::GetHeld() const
{
    return m_heldCount;
}

bool
MrRequestPacer::AddSolicitation(Ipv4Address homeAddress)
{
    if (std::find(m_solicit.begin(), m_solicit.end(), homeAddress) != m_solicit.end())
    {
        return true;
    }
    if (m_solicit.size() >= m_maxSolicitations)
    {
        m_solicitDropped++;
        return false;
    }
    m_solicit.push_back(homeAddress);
    return true;
}

std::optional<Ipv4Address>
MrRequestPacer::TakeSolicitationForRequest()
{
    m_lastCarry = m_solicit.empty() ? std::nullopt : std::optional<Ipv4Address>(m_solicit.front());
    return m_lastCarry;
}

bool
MrRequestPacer::OnSuccessfulReply()
{
    if (m_lastCarry && !m_solicit.empty() && m_solicit.front() == *m_lastCarry)
    {
        m_solicit.pop_front();
    }
    m_lastCarry.reset();
    return !m_solicit.empty();
}

void
MrRequestPacer::ClearSolicitations()
{
    m_solicit.clear();
    m_lastCarry.reset();
}

uint64_t
MrRequestPacer::GetSolicitationsDropped() const
{
    return m_solicitDropped;
}

} // namespace ns3
