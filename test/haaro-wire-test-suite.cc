/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ns-3 TestSuite for the wire formats, so that ns-3's test.py covers them in an ns-3
 * tree: a Registration Request carried in a real UDP packet between two nodes arrives
 * byte-identical and authenticates.
 */
#include "ns3/haaro-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/ns3-compat.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"

using namespace ns3;

namespace
{

/**
 * \ingroup haaro-tests
 * Sends an authenticated Registration Request over a point-to-point link to UDP/434.
 */
class RegistrationOverUdpTestCase : public TestCase
{
  public:
    RegistrationOverUdpTestCase()
        : TestCase("Registration Request crosses a simulated link byte-exactly")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes;
        nodes.Create(2);
        PointToPointHelper p2p;
        NetDeviceContainer devices = p2p.Install(nodes);
        InternetStackHelper internet;
        internet.Install(nodes);
        Ipv4AddressHelper addresses("192.0.2.0", "255.255.255.0");
        Ipv4InterfaceContainer ifs = addresses.Assign(devices);

        MipBytes key(16, 0x5a);
        MipRegistrationRequest rrq;
        rrq.SetFlag(MipRegistrationRequest::FLAG_D, true);
        rrq.SetFlag(MipRegistrationRequest::FLAG_T, true);
        rrq.SetLifetime(60);
        rrq.SetHomeAddress(Ipv4Address("10.0.0.1"));
        rrq.SetHomeAgent(ifs.GetAddress(1));
        rrq.SetCareOfAddress(ifs.GetAddress(0));
        rrq.SetIdentification(42);
        MipAuthExtension::Append(rrq, MipAuthExtension::TYPE_MOBILE_HOME, 1000, key);
        MipBytes sent = rrq.ToBytes();

        MipBytes received;
        Ptr<Socket> server = Socket::CreateSocket(nodes.Get(1), UdpSocketFactory::GetTypeId());
        server->Bind(InetSocketAddress(Ipv4Address::GetAny(), MIP_UDP_PORT));
        server->SetRecvCallback(MakeFunctorCallback<void, Ptr<Socket>>([&received](Ptr<Socket> s) {
            Ptr<Packet> p = s->Recv();
            received.resize(p->GetSize());
            p->CopyData(received.data(), received.size());
        }));
        Ptr<Socket> client = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        HaaroSchedule(Seconds(1), [&]() {
            Ptr<Packet> p = Create<Packet>();
            p->AddHeader(rrq);
            client->SendTo(p, 0, InetSocketAddress(ifs.GetAddress(1), MIP_UDP_PORT));
        });
        Simulator::Run();
        Simulator::Destroy();

        NS_TEST_ASSERT_MSG_EQ(received.size(), sent.size(), "size changed on the way");
        NS_TEST_ASSERT_MSG_EQ((received == sent), true, "octets changed on the way");
        MipRegistrationRequest back;
        NS_TEST_ASSERT_MSG_EQ(back.FromBytes(received), sent.size(), "not parsed");
        NS_TEST_ASSERT_MSG_EQ((MipAuthExtension::Verify(back, 32, 1000, key) == MipAuthResult::OK),
                              true,
                              "authenticator did not verify at the receiver");
    }
};

/**
 * \ingroup haaro-tests
 * The haaro wire-format suite.
 */
class HaaroWireTestSuite : public TestSuite
{
  public:
    HaaroWireTestSuite()
        : TestSuite("haaro-wire", UNIT)
    {
        AddTestCase(new RegistrationOverUdpTestCase, TestCase::QUICK);
    }
};

HaaroWireTestSuite g_haaroWireTestSuite;

} // namespace
