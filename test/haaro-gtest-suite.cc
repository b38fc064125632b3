/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ns-3 TestSuite "haaro-gtest": the GoogleTest unit tests of test/gtest/, run in-process, so
 * that ns-3's test.py runs them in an ns-3 source tree (./test.py -s haaro-gtest). Built
 * only there (cmake/gtest.cmake, wscript); the standalone build runs the same tests one by
 * one from ctest (haaro-unit-tests). GTEST_FILTER and the other GTEST_* environment
 * variables apply.
 */
#include "ns3/test.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

/**
 * \ingroup haaro-tests
 * Runs every registered GoogleTest test; fails unless all of them pass.
 */
class GoogleTestUnitTestsTestCase : public TestCase
{
  public:
    GoogleTestUnitTestsTestCase()
        : TestCase("every GoogleTest unit test passes")
    {
    }

  private:
    void DoRun() override
    {
        int argc = 1;
        char name[] = "haaro-gtest";
        char* argv[] = {name, nullptr};
        testing::InitGoogleTest(&argc, argv);
        // The death tests fork without re-executing this program (argv[0] is not theirs).
        GTEST_FLAG_SET(death_test_style, "fast");
        int failed = RUN_ALL_TESTS();
        NS_TEST_ASSERT_MSG_EQ(failed, 0, "GoogleTest unit tests failed (see the output above)");
    }
};

/**
 * \ingroup haaro-tests
 * The GoogleTest unit tests as one ns-3 TestSuite.
 */
class GoogleTestUnitTestsTestSuite : public TestSuite
{
  public:
    GoogleTestUnitTestsTestSuite()
        : TestSuite("haaro-gtest", UNIT)
    {
        AddTestCase(new GoogleTestUnitTestsTestCase, TestCase::QUICK);
    }
};

GoogleTestUnitTestsTestSuite g_googleTestUnitTestsTestSuite; //!< registers the suite

} // namespace
