/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mr-uplink-access.h"

namespace ns3
{

MrUplinkAccess::MrUplinkAccess(PhaseTrace& trace)
    : m_phaseTrace(trace)
{
}

void
MrUplinkAccess::SetDevice(Ptr<NetDevice> device)
{
    m_device = device;
}

void
MrUplinkAccess::SetAddress(Ipv4Address careOf, Ipv4Address gateway, Ptr<MipTunnel> tunnel)
{
    m_careOf = careOf;
    m_gateway = gateway;
    m_ipTunnel = tunnel;
}

Ptr<MipTunnel>
MrUplinkAccess::ClearAddress()
{
    Ptr<MipTunnel> old = m_ipTunnel;
    if (old)
    {
        old->SetInterceptCallback(MipTunnelInterceptCallback());
    }
    m_ipTunnel = nullptr;
    m_careOf = Ipv4Address::GetZero();
    m_gateway = Ipv4Address::GetZero();
    return old;
}

void
MrUplinkAccess::WatchLink(LinkCallback changed)
{
    m_changed = changed;
    if (m_linkWatched || m_external)
    {
        return;
    }
    // ns-3 has no way to remove it: the callback holds a reference, and
    // OnDeviceLinkChange() does nothing once this part is disposed.
    m_device->AddLinkChangeCallback(
        MakeCallback(&MrUplinkAccess::OnDeviceLinkChange, Ptr<MrUplinkAccess>(this)));
    m_linkWatched = true;
    m_linkUp = m_device->IsLinkUp();
}

void
MrUplinkAccess::OnDeviceLinkChange()
{
    if (!m_device || m_external)
    {
        return; // disposed, or driven from outside
    }
    Update(m_device->IsLinkUp());
}

void
MrUplinkAccess::SetLinkUp(bool up)
{
    m_external = true;
    Update(up);
}

void
MrUplinkAccess::Update(bool up)
{
    if (up == m_linkUp)
    {
        return;
    }
    m_linkUp = up;
    NotifyPhase(up ? MrHandoverPhase::LINK_UP : MrHandoverPhase::LINK_DOWN);
    if (!m_changed.IsNull())
    {
        m_changed(up);
    }
}

bool
MrUplinkAccess::IsLinkUp() const
{
    return m_linkUp;
}

void
MrUplinkAccess::NotifyPhase(MrHandoverPhase phase)
{
    switch (phase)
    {
    case MrHandoverPhase::REGISTRATION_SENT:
        if (!m_inHandover || m_handoverRequestSent)
        {
            return;
        }
        m_handoverRequestSent = true;
        break;
    case MrHandoverPhase::REGISTERED:
        if (!m_inHandover)
        {
            return;
        }
        m_inHandover = false;
        break;
    default:
        m_inHandover = true;
        m_handoverRequestSent = false;
        break;
    }
    m_phaseTrace(m_careOf, phase);
}

Ptr<NetDevice>
MrUplinkAccess::GetDevice() const
{
    return m_device;
}

Ipv4Address
MrUplinkAccess::GetCareOf() const
{
    return m_careOf;
}

bool
MrUplinkAccess::HasCareOf() const
{
    return m_careOf != Ipv4Address::GetZero();
}

Ipv4Address
MrUplinkAccess::GetGateway() const
{
    return m_gateway;
}

Ptr<MipTunnel>
MrUplinkAccess::GetIpTunnel() const
{
    return m_ipTunnel;
}

void
MrUplinkAccess::Dispose()
{
    if (m_ipTunnel)
    {
        m_ipTunnel->SetInterceptCallback(MipTunnelInterceptCallback());
    }
    m_ipTunnel = nullptr;
    m_device = nullptr;
    m_changed = LinkCallback();
}

} // namespace ns3
