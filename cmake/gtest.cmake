# GoogleTest unit tests. Standalone: one executable, each test registered with ctest.
# In an ns-3 tree they are also reachable through ns-3's test.py, see
# test/haaro-gtest-suite.cc.
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
    test/gtest/crypto-test.cc
    test/gtest/extension-chain-test.cc
    test/gtest/registration-test.cc
    test/gtest/nemo-extensions-test.cc
    test/gtest/udp-tunnel-test.cc
    test/gtest/haaro-extensions-test.cc
    test/gtest/prefix-advertisement-test.cc
    test/gtest/return-routability-test.cc
    test/gtest/encapsulation-test.cc
    test/gtest/wireshark-test.cc
    test/gtest/identification-test.cc
    test/gtest/prefix-table-test.cc
    test/gtest/route-optimization-cache-test.cc
    test/gtest/correspondent-keys-test.cc
    test/gtest/care-of-pair-selector-test.cc
    test/gtest/ha-config-test.cc
)

add_executable(haaro-unit-tests ${haaro_gtest_sources})
target_link_libraries(haaro-unit-tests PRIVATE ${libhaaro} GTest::gtest GTest::gtest_main)
target_include_directories(haaro-unit-tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/test)
set_target_properties(haaro-unit-tests PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/test)
gtest_discover_tests(haaro-unit-tests WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} DISCOVERY_TIMEOUT 60)
