# The generated part of the model documentation and its checks (included by CMakeLists.txt
# after build_lib(), in both builds: standalone and inside an ns-3 tree).
#  - haaro-print-introspection (utils/): prints every attribute and trace source of the
#    module's TypeIds as reStructuredText; doc/haaro-attributes.rst is its output.
#  - target haaro-doc (./haaro doc): rewrites doc/haaro-attributes.rst.
#  - ctest doc/attributes-up-to-date: regenerates it into the build tree and fails with a
#    diff while the checked-in file differs, or while a TypeId of the sources is missing
#    from it (a TypeId without .SetGroupName("Haaro")).
#  - ctest doc/doxygen-groups: every \ingroup of the sources is defined in doc/haaro.h.
#  - ctest doc/conformance-tests-exist (standalone builds): every test and attribute that
#    doc/conformance.rst, the RFC conformance matrix, names exists (doc/check-conformance.py:
#    ctest and GoogleTest names from this build's ctest entries, ns-3 TestCase names from a
#    verbose run of the suites it names, attributes from doc/haaro-attributes.rst).
add_executable(haaro-print-introspection ${CMAKE_CURRENT_SOURCE_DIR}/utils/haaro-print-introspection.cc)
target_link_libraries(haaro-print-introspection PRIVATE ${libhaaro})
set_target_properties(haaro-print-introspection PROPERTIES RUNTIME_OUTPUT_DIRECTORY
                                                           ${CMAKE_CURRENT_BINARY_DIR}/utils)

add_custom_target(
  haaro-doc
  COMMAND haaro-print-introspection --output=${CMAKE_CURRENT_SOURCE_DIR}/doc/haaro-attributes.rst
  DEPENDS haaro-print-introspection
  COMMENT "Writing doc/haaro-attributes.rst from the TypeIds"
  VERBATIM
)

if(ENABLE_TESTS)
  add_test(NAME doc/attributes-up-to-date
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/doc/check-attributes.sh
                   $<TARGET_FILE:haaro-print-introspection> ${CMAKE_CURRENT_SOURCE_DIR}
                   ${CMAKE_CURRENT_BINARY_DIR}/doc)
  add_test(NAME doc/doxygen-groups COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/doc/check-doxygen-groups.sh
                                           ${CMAKE_CURRENT_SOURCE_DIR})
  # The include graph of the source folders (doc/haaro.rst, "Source layout"): no include
  # upward through the layers, no cycle.
  find_program(HAARO_LAYERING_PYTHON3 python3)
  if(HAARO_LAYERING_PYTHON3)
    add_test(NAME doc/layering COMMAND ${HAARO_LAYERING_PYTHON3}
                                       ${CMAKE_CURRENT_SOURCE_DIR}/test/check-layering.py
                                       ${CMAKE_CURRENT_SOURCE_DIR})
    # The waf build (wscript) builds what this one does: files, ns-3 modules, programs.
    add_test(NAME doc/wscript-matches-cmake
             COMMAND ${HAARO_LAYERING_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/test/check-wscript.py
                     ${CMAKE_CURRENT_SOURCE_DIR} --build-dir ${CMAKE_BINARY_DIR})
    # The TestCases of the runner's suites (the standalone runner; in an ns-3 tree the suites
    # run through test.py and have no ctest entries to check against).
    if(TARGET haaro-test-runner)
      add_test(NAME doc/conformance-tests-exist
               COMMAND ${HAARO_LAYERING_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/doc/check-conformance.py
                       --build-dir ${CMAKE_BINARY_DIR} --source-dir ${CMAKE_CURRENT_SOURCE_DIR}
                       --ctest ${CMAKE_CTEST_COMMAND} --runner $<TARGET_FILE:haaro-test-runner>
               WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR})
      set_tests_properties(doc/conformance-tests-exist PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
    endif()
    # Its --help: purpose line and units (test/check-help-units.py; the examples' help/*).
    add_test(NAME help/haaro-print-introspection
             COMMAND ${HAARO_LAYERING_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/test/check-help-units.py
                     $<TARGET_FILE:haaro-print-introspection>)
  endif()
endif()
