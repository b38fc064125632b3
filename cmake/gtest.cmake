# GoogleTest unit tests (test/gtest/).
#  - Standalone (cmake/standalone.cmake): one executable, haaro-unit-tests, each test
#    registered with ctest.
#  - In an ns-3 source tree (ns-3's build_lib(), ENABLE_TESTS from --enable-tests): ns-3's
#    test.py runs only the TestSuites of the test libraries, so the tests are compiled into
#    the module's test library (libhaaro-test) with test/haaro-gtest-suite.cc, the ns-3
#    TestSuite "haaro-gtest" that runs all of them in-process: ./test.py -s haaro-gtest.
if(NOT ENABLE_TESTS)
  return()
endif()
find_package(GTest)
if(NOT GTest_FOUND)
  message(WARNING "GoogleTest not found (Debian: libgtest-dev); unit tests are not built")
  return()
endif()
include(GoogleTest)

set(haaro_gtest_sources
    test/gtest/care-of-pair-selector-test.cc
    test/gtest/correspondent-keys-test.cc
    test/gtest/crypto-test.cc
    test/gtest/drop-counters-test.cc
    test/gtest/encapsulation-test.cc
    test/gtest/extension-chain-test.cc
    test/gtest/flow-hash-test.cc
    test/gtest/ha-advertisement-cache-test.cc
    test/gtest/ha-config-test.cc
    test/gtest/ha-prefix-advertiser-test.cc
    test/gtest/ha-registration-decider-test.cc
    test/gtest/ha-route-optimization-role-test.cc
    test/gtest/ha-udp-tunnelling-test.cc
    test/gtest/identification-test.cc
    test/gtest/nat-packet-rewriter-test.cc
    test/gtest/nat-session-policy-test.cc
    test/gtest/nemo-extensions-test.cc
    test/gtest/packet-buffer-recycling-test.cc
    test/gtest/prefix-advertisement-test.cc
    test/gtest/prefix-table-test.cc
    test/gtest/realm-dictionary-index-test.cc
    test/gtest/registration-test.cc
    test/gtest/return-routability-test.cc
    test/gtest/ro-extensions-test.cc
    test/gtest/ro-peer-event-test.cc
    test/gtest/ro-rr-state-test.cc
    test/gtest/mr-request-pacer-test.cc
    test/gtest/ro-rtt-estimator-test.cc
    test/gtest/roc-claim-table-test.cc
    test/gtest/roc-content-pool-test.cc
    test/gtest/roc-flat-table-test.cc
    test/gtest/route-optimization-cache-test.cc
    test/gtest/tunnel-mtu-test.cc
    test/gtest/udp-tunnel-test.cc
    test/gtest/wireshark-test.cc
)
set(haaro_gtest_suite test/haaro-gtest-suite.cc)
# wireshark-test.cc loads the Lua dissector wireshark/haaro.lua from the source tree.
set_source_files_properties(test/gtest/wireshark-test.cc PROPERTIES COMPILE_DEFINITIONS
                            HAARO_SOURCE_DIR="${CMAKE_CURRENT_SOURCE_DIR}")

if(NOT HAARO_STANDALONE)
  # ns-3 names the test library lib<module>-test (${testhaaro}) and links it with
  # target_link_libraries' plain signature, which this call must use too.
  if(DEFINED testhaaro AND TARGET ${testhaaro})
    target_sources(${testhaaro} PRIVATE ${haaro_gtest_sources} ${haaro_gtest_suite})
    target_include_directories(${testhaaro} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/test)
    target_link_libraries(${testhaaro} GTest::gtest)
  endif()
  return()
endif()

add_executable(haaro-unit-tests ${haaro_gtest_sources})
target_link_libraries(haaro-unit-tests PRIVATE ${libhaaro} GTest::gtest GTest::gtest_main)
target_include_directories(haaro-unit-tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/test)
set_target_properties(haaro-unit-tests PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/test)
gtest_discover_tests(haaro-unit-tests WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} DISCOVERY_TIMEOUT 60)
