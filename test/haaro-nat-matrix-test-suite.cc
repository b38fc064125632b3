/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The NAT matrix of RFC 6521 route optimization: NAT types in front of MR C and MR A
 * (none, full cone, restricted, port-restricted, symmetric), traffic in each direction and
 * both ways, both join orders, beside its control run.
 */
#include "haaro-nat-ro-scenario.h"

#include "ns3/test.h"

using namespace ns3;
using namespace ns3::haarotest;

namespace
{

/// Which way the traffic of a matrix run goes (Node A is behind MR A, site 0; Node C
/// behind MR C, site 2).
enum FlowDirection
{
    A_TO_C, //!< Node A -> Node C only (port 9001)
    C_TO_A, //!< Node C -> Node A only (port 9002)
    BOTH,   //!< both ways
};

/**
 * \ingroup haaro-tests
 * The NAT matrix: MR C (site 2) behind `mrNat`, MR A (site 0) behind `crNat`, each of the
 * 5 x 5 NAT types, with the traffic in each direction separately and both ways, and both
 * join orders (MR A first / MR C first): 150 runs of 21 s in one test case. Every router
 * requests a 10 s lifetime, so that each knows the other from the Home Agent's
 * advertisement when the flows start at 10 s, whatever the join order.
 *
 * Predicted before running (RFC 6521 sections 3.2, 3.3, 3.3.4, 6.1; HAARO slides):
 * - neither NATed: RO, IP in IP, set up by the router that has traffic;
 * - one NATed: RO, UDP, set up by the router that has traffic. A NATed sender initiates as
 *   any MR (the CoTI, RRQ and first keepalive leave through its NAT). A public sender
 *   initiates too ("Signaling can still be initiated from outside!"): the NATed CR, which
 *   is advertised outbound-only (Info=1), opens the tunnel from inside with its first
 *   keepalive, and the public MR moves its tunnel to the CR's translated end only after
 *   the CR returned a nonce sent to its home address (inside-opening-proven);
 * - both NATed (separate NATs): no RO (section 3.3.4), every datagram via the HA; the NATed
 *   sender probes the outbound-only CR's listed (private) care-of address once (section
 *   6.1, NatPairProbing) and records the failure: at most one return routability per
 *   router.
 * The control run (InitiateTowardsOutboundOnly and NatPairProbing false: the model before
 * issue 12) must differ exactly where the sender is public and the receiver NATed.
 */
class NatMatrixTestCase : public TestCase
{
  public:
    /// \param legacy the control run: no route optimization initiated towards Info=1
    explicit NatMatrixTestCase(bool legacy)
        : TestCase(legacy ? "NAT matrix, control: nobody initiates towards outbound-only "
                            "routers (InitiateTowardsOutboundOnly false)"
                          : "NAT matrix: 5 x 5 NAT types, each direction and both ways, both "
                            "join orders"),
          m_legacy(legacy)
    {
    }

  private:
    /// \param mrNat NAT of MR C \param crNat NAT of MR A \param dir traffic
    /// \param cFirst join order \return whether route optimization was up at the end
    bool RunCell(NatKind mrNat, NatKind crNat, FlowDirection dir, bool cFirst)
    {
        NatRoScenario s;
        s.cFirst = cFirst;
        s.nemo.SetMobileRouterAttribute("Lifetime", UintegerValue(10));
        if (m_legacy)
        {
            s.nemo.SetRouteOptimizerAttribute("InitiateTowardsOutboundOnly", BooleanValue(false));
            s.nemo.SetRouteOptimizerAttribute("NatPairProbing", BooleanValue(false));
        }
        s.SetNat(2, mrNat, 2);
        s.SetNat(0, crNat, 0);
        s.Build();
        std::vector<uint16_t> ports;
        if (dir != C_TO_A)
        {
            s.AddFlow(0, 2, Seconds(10), Seconds(19.95), 9001);
            ports.push_back(9001);
        }
        if (dir != A_TO_C)
        {
            s.AddFlow(2, 0, Seconds(10.05), Seconds(20), 9002);
            ports.push_back(9002);
        }
        Simulator::Stop(Seconds(21));
        Simulator::Run();

        std::map<uint32_t, bool> natted = {{0, crNat != NAT_NONE}, {2, mrNat != NAT_NONE}};
        bool bothNatted = natted[0] && natted[2];
        // The routers with traffic to send, and whether one may start RO: the control run
        // starts none from a public router towards a NATed one.
        std::vector<uint32_t> senders;
        bool mayStart = false;
        for (uint32_t r : {0u, 2u})
        {
            if ((r == 0 && dir != C_TO_A) || (r == 2 && dir != A_TO_C))
            {
                senders.push_back(r);
                mayStart |= !m_legacy || natted[r] || !natted[2 - r];
            }
        }
        bool expectRo = !bothNatted && mayStart;
        std::string cell = NatName(mrNat) + " / " + NatName(crNat) + ", " +
                           (dir == A_TO_C   ? "A->C"
                            : dir == C_TO_A ? "C->A"
                                            : "both") +
                           (cFirst ? ", C first" : ", A first");
        RocEntry* a = s.Entry(0, 2);
        RocEntry* c = s.Entry(2, 0);
        NS_TEST_EXPECT_MSG_EQ((a && c), true, cell << ": both know each other");
        if (!a || !c)
        {
            return false;
        }
        bool ro = a->tunnelActive && c->tunnelActive && a->tunnel && c->tunnel;
        NS_TEST_EXPECT_MSG_EQ(ro, expectRo, cell << ": route optimization as predicted");
        if (ro && expectRo)
        {
            std::string tunnel =
                c->tunnel->GetEncapsulation() == MipEncapsulation::UDP ? "udp" : "ipip";
            NS_TEST_EXPECT_MSG_EQ(tunnel,
                                  (natted[0] || natted[2] ? "udp" : "ipip"),
                                  cell << ": tunnel type (R13)");
            NS_TEST_EXPECT_MSG_EQ((a->tunnel->GetEncapsulation() == c->tunnel->GetEncapsulation()),
                                  true,
                                  cell << ": both ends agree");
            if (senders.size() == 1)
            {
                uint32_t sender = senders.front();
                // Without a NAT the CR registers with the MR too (mutual registration, RFC
                // 6521 section 3.3.3); not through a NAT (the tunnel was opened from inside).
                NS_TEST_EXPECT_MSG_EQ(s.setups.size(),
                                      (natted[0] || natted[2] ? 1u : 2u),
                                      cell << ": set up once (twice without a NAT)");
                NS_TEST_EXPECT_MSG_EQ((!s.setups.empty() && s.setups.front().first == sender),
                                      true,
                                      cell << ": by the router that has traffic");
                if (!natted[sender] && natted[2 - sender])
                {
                    // Towards the CR's translated end, learnt by proof, not its care-of address.
                    RocEntry* e = sender == 0 ? a : c;
                    NS_TEST_EXPECT_MSG_EQ(s.Count(sender, RoPeerEvent::INSIDE_OPENING_PROVEN),
                                          1u,
                                          cell << ": the CR's end proven once");
                    NS_TEST_EXPECT_MSG_NE(e->tunnel->GetRemote(),
                                          s.topology.sites[2 - sender].uplinks[0].careOfAddress,
                                          cell << ": not to the CR's private care-of address");
                }
                if (natted[2 - sender])
                {
                    NS_TEST_EXPECT_MSG_EQ(s.Count(2 - sender, RoPeerEvent::INSIDE_OPENING_PROVEN),
                                          0u,
                                          cell << ": the NATed router proves nothing");
                }
            }
            else
            {
                NS_TEST_EXPECT_MSG_GT_OR_EQ(s.setups.size(), 1u, cell << ": set up");
                NS_TEST_EXPECT_MSG_LT_OR_EQ(s.setups.size(), 2u, cell << ": at most by each");
            }
            for (uint16_t port : ports)
            {
                NS_TEST_EXPECT_MSG_GT_OR_EQ(s.Distinct(port), 99u, cell << ": no loss, " << port);
                NS_TEST_EXPECT_MSG_EQ(unsigned(s.flows[port].back().ttl),
                                      62u,
                                      cell << ": direct (2 router hops), " << port);
            }
        }
        if (!expectRo)
        {
            NS_TEST_EXPECT_MSG_EQ(s.setups.size(), 0u, cell << ": no route optimization");
            for (uint16_t port : ports)
            {
                NS_TEST_EXPECT_MSG_EQ(s.Distinct(port), 100u, cell << ": no loss via the HA");
                NS_TEST_EXPECT_MSG_EQ(unsigned(s.flows[port].back().ttl),
                                      61u,
                                      cell << ": via the HA, " << port);
            }
        }
        if (bothNatted)
        {
            for (uint32_t r : {0u, 2u})
            {
                NS_TEST_EXPECT_MSG_LT_OR_EQ(s.Count(r, RoPeerEvent::RR_STARTED),
                                            (m_legacy ? 0u : 1u),
                                            cell << ": separate NATs probed at most once");
            }
        }
        if (senders.size() == 1 && mrNat == NAT_SYMMETRIC && !natted[0] && senders[0] == 2)
        {
            // C12: the RRQ went to MR A's home address, the tunnel to its care-of address:
            // an APDM NAT gave them different external ports, and MR A's tunnel follows the
            // keepalive's port.
            Ipv4Address home = s.topology.sites[0].homeAddress;
            Ipv4Address coa = s.topology.sites[0].uplinks[0].careOfAddress;
            const std::set<uint16_t>& rrqPorts = s.externalPorts[home.Get()];
            const std::set<uint16_t>& tunnelPorts = s.externalPorts[coa.Get()];
            NS_TEST_EXPECT_MSG_EQ(rrqPorts.size(), 1u, cell << ": one mapping towards A's home");
            NS_TEST_EXPECT_MSG_EQ(tunnelPorts.size(), 1u, cell << ": one towards A's CoA");
            if (rrqPorts.size() == 1 && tunnelPorts.size() == 1)
            {
                NS_TEST_EXPECT_MSG_NE(*rrqPorts.begin(),
                                      *tunnelPorts.begin(),
                                      cell << ": the tunnel's source port differs");
                NS_TEST_EXPECT_MSG_EQ(a->tunnel->GetRemotePort(),
                                      *tunnelPorts.begin(),
                                      cell << ": MR A sends to the tunnel's port (C12)");
            }
        }
        return ro;
    }

    void DoRun() override
    {
        const NatKind kinds[] = {NAT_NONE,
                                 NAT_FULL_CONE,
                                 NAT_RESTRICTED,
                                 NAT_PORT_RESTRICTED,
                                 NAT_SYMMETRIC};
        std::cout << "    NAT matrix" << (m_legacy ? " (control)" : "")
                  << ": rows MR C's NAT, columns MR A's NAT (none, full-cone, restricted, "
                     "port-restricted, symmetric); R = route optimized, - = HA path"
                  << std::endl;
        for (FlowDirection dir : {A_TO_C, C_TO_A, BOTH})
        {
            for (bool cFirst : {false, true})
            {
                std::cout << "    "
                          << (dir == A_TO_C   ? "A->C"
                              : dir == C_TO_A ? "C->A"
                                              : "both")
                          << (cFirst ? ", C first:" : ", A first:");
                for (NatKind mr : kinds)
                {
                    std::cout << " ";
                    for (NatKind cr : kinds)
                    {
                        std::cout << (RunCell(mr, cr, dir, cFirst) ? "R" : "-");
                    }
                }
                std::cout << std::endl;
            }
        }
    }

    bool m_legacy; //!< the control run
};

/**
 * \ingroup haaro-tests
 * The haaro-nat-matrix suite.
 */
class NatMatrixTestSuite : public TestSuite
{
  public:
    NatMatrixTestSuite()
        : TestSuite("haaro-nat-matrix", UNIT)
    {
        AddTestCase(new NatMatrixTestCase(false), TestCase::QUICK);
        AddTestCase(new NatMatrixTestCase(true), TestCase::QUICK);
    }
};

/// The suite's instance.
NatMatrixTestSuite g_natMatrixTestSuite;

} // namespace
