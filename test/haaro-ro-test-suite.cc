/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * RFC 6521 route optimization between mobile routers, with real packets on the
 * virtual-operator topology: return routability through the HA, the registration with
 * the correspondent router, the direct tunnel, fallback. The test cases are in
 * haaro-ro-test-suite-*.cc by topic; this file registers them, in their order.
 */
#include "haaro-ro-test-suite.h"

using namespace ns3;
using namespace ns3::haarotest;

namespace
{

/**
 * \ingroup haaro-tests
 * The route optimization suite.
 */
class RoTestSuite : public TestSuite
{
  public:
    RoTestSuite()
        : TestSuite("haaro-ro", UNIT)
    {
        for (const auto& part :
             {&RoBasicsTestCases, &RoPeersTestCases, &RoTunnelsTestCases, &RoAttacksTestCases})
        {
            for (TestCase* c : part())
            {
                AddTestCase(c, TestCase::QUICK);
            }
        }
    }
};

RoTestSuite g_roTestSuite;

} // namespace
