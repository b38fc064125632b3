/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mr-binding-revoker.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MrBindingRevoker");

std::ostream&
operator<<(std::ostream& os, MrRevocationEvent e)
{
    switch (e)
    {
    case MrRevocationEvent::SENT:
        return os << "SENT";
    case MrRevocationEvent::ACCEPTED:
        return os << "ACCEPTED";
    case MrRevocationEvent::REFUSED:
        return os << "REFUSED";
    case MrRevocationEvent::ABANDONED:
        return os << "ABANDONED";
    }
    return os << "?";
}

MrBindingRevoker::Revocation::Revocation(const ProtocolDropTrace& drops)
    : filter(drops)
{
}

MrBindingRevoker::MrBindingRevoker(const Trace& trace)
    : m_trace(trace)
{
}

MrBindingRevoker::~MrBindingRevoker() = default;

void
MrBindingRevoker::Setup(Ptr<Node> node,
                        const MrRegistrationConfig* config,
                        const std::vector<Ptr<MrUplink>>* uplinks,
                        RequestHook request,
                        ReplyHook reply)
{
    m_running = true;
    m_node = node;
    m_config = config;
    m_uplinks = uplinks;
    m_requestHook = request;
    m_replyHook = reply;
}

void
MrBindingRevoker::OnUplinkState(Ptr<MrUplink> uplink,
                                MrUplinkState oldState,
                                MrUplinkState newState)
{
    if (!m_running)
    {
        return;
    }
    Ipv4Address careOf = uplink->GetCareOfAddress();
    auto it = m_revocations.find(careOf);
    if (oldState == MrUplinkState::REGISTERED &&
        (newState == MrUplinkState::FAILED || newState == MrUplinkState::DOWN) &&
        m_uplinks->size() > 1 && uplink->GetDeregisterOnFailure())
    {
        if (it == m_revocations.end())
        {
            it = m_revocations.emplace(careOf, std::make_unique<Revocation>(m_dropTrace)).first;
            it->second->failed = uplink;
            it->second->careOf = careOf;
        }
        Revocation& r = *it->second;
        r.wanted = true;
        r.retransmissions = 0;
        TimeValue initial;
        uplink->GetAttribute("InitialRetransmissionTimeout", initial);
        r.timeout = initial.Get();
        NS_LOG_INFO(m_config->homeAddress << ": uplink " << careOf << " " << newState
                                          << ", its binding to be de-registered");
    }
    else if (newState == MrUplinkState::REGISTERED && it != m_revocations.end())
    {
        // Registered again: no more retransmissions; a late answer is still read (Revoke).
        it->second->wanted = false;
        it->second->timer.Cancel();
    }
    for (auto& [coa, r] : m_revocations)
    {
        if (r->via == uplink && newState != MrUplinkState::REGISTERED && r->timer.IsRunning())
        {
            // The uplink the request went through failed too: send through another one now
            // (its socket is closed: an answer there can no longer arrive).
            r->timer.Cancel();
            CloseSocket(*r);
            r->via = nullptr;
        }
    }
    Flush();
}

Ptr<MrUplink>
MrBindingRevoker::FindWorking(Ptr<MrUplink> except) const
{
    for (const Ptr<MrUplink>& u : *m_uplinks)
    {
        if (u != except && u->GetState() == MrUplinkState::REGISTERED)
        {
            return u;
        }
    }
    return nullptr;
}

void
MrBindingRevoker::Flush()
{
    for (auto& [coa, r] : m_revocations)
    {
        if (r->wanted && !r->timer.IsRunning())
        {
            Transmit(*r);
        }
    }
}

void
MrBindingRevoker::Transmit(Revocation& r)
{
    Ptr<MrUplink> via = FindWorking(r.failed);
    if (!via)
    {
        return; // waits until an uplink is registered (Flush)
    }
    if (via != r.via)
    {
        CloseSocket(r);
        r.via = via;
        r.socket = Socket::CreateSocket(m_node, UdpSocketFactory::GetTypeId());
        r.socket->Bind(InetSocketAddress(via->GetCareOfAddress(), 0));
        r.socket->BindToNetDevice(via->GetDevice());
        r.socket->SetRecvCallback(MakeCallback(&MrBindingRevoker::HandleRead, this));
        r.filter.Setup(via->GetCareOfAddress(),
                       m_config->homeAddress,
                       m_config->homeAgent,
                       &m_config->sa);
    }
    Ipv4Address failed = r.careOf;
    // RFC 5944 section 3.6.1.2: Lifetime 0 and "the care-of address for this binding"; S
    // as in every request of a multihomed router (the other bindings stay).
    MipRegistrationRequest rrq = m_config->MakeRequest(failed, 0, std::nullopt);
    m_config->Authenticate(rrq);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(rrq);
    NS_LOG_INFO(m_config->homeAddress << ": de-registering " << failed << " via "
                                      << via->GetCareOfAddress() << ", id 0x" << std::hex
                                      << rrq.GetIdentification() << std::dec);
    r.socket->SendTo(p, 0, InetSocketAddress(m_config->homeAgent, MIP_UDP_PORT));
    r.filter.Expect(rrq.GetIdentification());
    m_requestsSent++;
    if (!m_requestHook.IsNull())
    {
        m_requestHook(rrq, via->GetCareOfAddress());
    }
    m_trace(failed, via->GetCareOfAddress(), MrRevocationEvent::SENT, 0);
    r.timer = Simulator::Schedule(r.timeout, &MrBindingRevoker::OnTimeout, this, failed);
}

void
MrBindingRevoker::OnTimeout(Ipv4Address careOf)
{
    auto it = m_revocations.find(careOf);
    if (it == m_revocations.end())
    {
        return;
    }
    Revocation& r = *it->second;
    UintegerValue max;
    r.failed->GetAttribute("MaxRetransmissions", max);
    if (++r.retransmissions > max.Get())
    {
        NS_LOG_INFO(m_config->homeAddress << ": de-registration of " << careOf << " unanswered");
        m_trace(careOf,
                r.via ? r.via->GetCareOfAddress() : Ipv4Address::GetZero(),
                MrRevocationEvent::ABANDONED,
                0);
        Erase(careOf);
        return;
    }
    // RFC 5944 section 3.6.3: doubling, at most the cap.
    TimeValue cap;
    r.failed->GetAttribute("MaxRetransmissionTimeout", cap);
    r.timeout = std::min(r.timeout * 2, cap.Get());
    Transmit(r);
}

void
MrBindingRevoker::HandleRead(Ptr<Socket> socket)
{
    auto it = m_revocations.begin();
    while (it != m_revocations.end() && it->second->socket != socket)
    {
        ++it;
    }
    Ptr<Packet> packet;
    Address from;
    while ((packet = socket->RecvFrom(from)))
    {
        if (it == m_revocations.end())
        {
            continue;
        }
        Revocation& r = *it->second;
        MipBytes bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        std::optional<MipRegistrationReply> reply = r.filter.Check(bytes, from);
        if (!reply)
        {
            continue; // not the answer to the outstanding request (counted)
        }
        Ipv4Address careOf = it->first;
        Ipv4Address via = r.via->GetCareOfAddress();
        if (!m_replyHook.IsNull())
        {
            m_replyHook(*reply, via);
        }
        uint8_t code = reply->GetCode();
        if (code == MIP_REPLY_HA_ID_MISMATCH)
        {
            // RFC 5944 section 5.7: take the Home Agent's time; the timer sends again.
            m_config->identification->Resynchronize(reply->GetIdentification(), Simulator::Now());
            continue;
        }
        bool accepted = MipReplyCodeIsSuccess(code);
        m_accepted += accepted ? 1 : 0;
        m_trace(careOf,
                via,
                accepted ? MrRevocationEvent::ACCEPTED : MrRevocationEvent::REFUSED,
                code);
        Ptr<MrUplink> failed = r.failed;
        bool stale = !r.wanted;
        Erase(careOf);
        it = m_revocations.end();
        if (accepted && !stale)
        {
            failed->NotifyBindingRevoked();
        }
        if (accepted && stale && failed->GetState() == MrUplinkState::REGISTERED)
        {
            // The request may have reached the Home Agent after the uplink's new
            // registration and deleted it: register once more.
            NS_LOG_INFO(m_config->homeAddress << ": " << careOf
                                              << " registered again meanwhile: refreshing");
            failed->Register();
        }
    }
}

void
MrBindingRevoker::CloseSocket(Revocation& r)
{
    if (r.socket)
    {
        r.socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        r.socket->Close();
        r.socket = nullptr;
    }
}

void
MrBindingRevoker::Erase(Ipv4Address careOf)
{
    auto it = m_revocations.find(careOf);
    if (it == m_revocations.end())
    {
        return;
    }
    Revocation& r = *it->second;
    r.timer.Cancel();
    for (size_t i = 0; i < static_cast<size_t>(ProtocolDrop::COUNT); ++i)
    {
        auto reason = static_cast<ProtocolDrop>(i);
        m_drops.Add(reason, r.filter.GetDropCount(reason));
    }
    CloseSocket(r);
    m_revocations.erase(it);
}

void
MrBindingRevoker::Stop()
{
    m_running = false;
    while (!m_revocations.empty())
    {
        Erase(m_revocations.begin()->first);
    }
}

void
MrBindingRevoker::Dispose()
{
    Stop();
    m_node = nullptr;
    m_config = nullptr;
    m_uplinks = nullptr;
    m_requestHook = RequestHook();
    m_replyHook = ReplyHook();
}

uint32_t
MrBindingRevoker::GetRequestsSent() const
{
    return m_requestsSent;
}

uint32_t
MrBindingRevoker::GetAccepted() const
{
    return m_accepted;
}

uint64_t
MrBindingRevoker::GetProtocolDropCount(ProtocolDrop reason) const
{
    uint64_t n = m_drops.Get(reason);
    for (const auto& [coa, r] : m_revocations)
    {
        n += r->filter.GetDropCount(reason);
    }
    return n;
}

} // namespace ns3
