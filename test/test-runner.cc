/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Runs haaro's ns-3 TestSuites: Debian's ns-3 ships no test-runner, so the standalone
 * build links this main() with the suites. Takes ns-3's test-runner options
 * (--suite=NAME, --list, --verbose, ...).
 */
#include "ns3/test.h"

int
main(int argc, char** argv)
{
    return ns3::TestRunner::Run(argc, argv);
}
