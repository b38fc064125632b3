# Stand-ins for ns-3's build_lib() and build_lib_example() when haaro is built on its own
# against an installed ns-3.37 (Debian 12: libns3-dev). Inside an ns-3 source tree these
# functions come from ns-3 itself and this file is not used.

set(HAARO_STANDALONE ON)
set(CMAKE_CXX_STANDARD 17)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE RelWithDebInfo)
endif()

# The debug information of RelWithDebInfo: "lines" (-g1, the default) keeps what profiling
# and backtraces need (function names, line tables, inlined calls: perf report and
# perf annotate, gdb bt) without -g's types and local variables, which cost a third of the
# compile time (test/nemo-test-suite.cc: 20.3 s with -O2 -g, 13.9 s with -O2 -g1) and of
# a CI run's builds; "full" keeps CMake's -g for debugging with gdb. GCC emits the same code
# either way (debug information never changes code generation), so outputs do not move.
set(HAARO_DEBUG_INFO lines CACHE STRING "Debug information of RelWithDebInfo: lines (-g1) or full (-g)")
set_property(CACHE HAARO_DEBUG_INFO PROPERTY STRINGS lines full)
if(HAARO_DEBUG_INFO STREQUAL "lines")
  add_compile_options($<$<CONFIG:RelWithDebInfo>:-g1>)
elseif(NOT HAARO_DEBUG_INFO STREQUAL "full")
  message(FATAL_ERROR "HAARO_DEBUG_INFO must be lines or full, not '${HAARO_DEBUG_INFO}'")
endif()

find_package(ns3 3.37 EXACT REQUIRED)

# ns-3's library variables, as ns-3's own build defines them (libcore -> ns3::libcore).
foreach(
  module
  core
  network
  internet
  point-to-point
  csma
  applications
  virtual-net-device
  flow-monitor
  stats
  bridge
  mobility
  wifi
  internet-apps
  lte
)
  set(lib${module} ns3::lib${module})
endforeach()

# NS_LOG and NS_ASSERT compile to nothing without these (the installed ns-3 is a release
# build, but the module's own logging and assertions must work).
add_compile_definitions(NS3_LOG_ENABLE NS3_ASSERT_ENABLE)

option(HAARO_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(HAARO_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
add_compile_options(-Wall -Wextra -Wno-unused-parameter)

# The simulation programs (examples, scenario programs, the time and scale benchmarks) use
# tcmalloc (Debian: libtcmalloc-minimal4) when it is installed: ns-3 allocates and frees
# packets, header buffers and events at every hop, and glibc's malloc takes about 10 % of a
# large run's samples. Which allocator hands out the memory is invisible to the simulation
# (the outputs are byte-identical; ctest script/allocator-same-outputs checks it); the
# scale benchmark at N = 1,000 needs about 14 % less CPU time with it (doc: Performance).
# HAARO_ALLOCATOR=system keeps glibc's; jemalloc (libjemalloc2) is the other choice. The
# sanitizer build, the test programs and haaro-roc-bench (glibc's mallinfo2 counts its
# heap) always use glibc's.
set(HAARO_ALLOCATOR tcmalloc CACHE STRING "Allocator of the simulation programs: tcmalloc, jemalloc or system")
set_property(CACHE HAARO_ALLOCATOR PROPERTY STRINGS tcmalloc jemalloc system)
set(HAARO_ALLOCATOR_LIBRARY "")
if(NOT HAARO_SANITIZE AND NOT HAARO_ALLOCATOR STREQUAL "system")
  if(HAARO_ALLOCATOR STREQUAL "jemalloc")
    find_library(HAARO_JEMALLOC_LIBRARY NAMES jemalloc libjemalloc.so.2)
    set(HAARO_ALLOCATOR_LIBRARY ${HAARO_JEMALLOC_LIBRARY})
  else()
    find_library(HAARO_TCMALLOC_LIBRARY NAMES tcmalloc_minimal libtcmalloc_minimal.so.4)
    set(HAARO_ALLOCATOR_LIBRARY ${HAARO_TCMALLOC_LIBRARY})
  endif()
  if(HAARO_ALLOCATOR_LIBRARY)
    message(STATUS "haaro: simulation programs use ${HAARO_ALLOCATOR_LIBRARY}")
  else()
    message(STATUS "haaro: ${HAARO_ALLOCATOR} not found; the programs use glibc's malloc")
    set(HAARO_ALLOCATOR_LIBRARY "")
  endif()
endif()

# Links a simulation program with the allocator chosen above (nothing if none).
function(haaro_use_allocator target)
  if(HAARO_ALLOCATOR_LIBRARY)
    target_link_libraries(${target} PRIVATE -Wl,--push-state,--no-as-needed
                                            ${HAARO_ALLOCATOR_LIBRARY} -Wl,--pop-state)
  endif()
endfunction()

option(HAARO_ENABLE_EXAMPLES "Build the examples" ON)
option(HAARO_ENABLE_TESTS "Build the tests" ON)
set(ENABLE_EXAMPLES ${HAARO_ENABLE_EXAMPLES})
set(ENABLE_TESTS ${HAARO_ENABLE_TESTS})
enable_testing()

# Headers are included as "ns3/<file>.h", as in an ns-3 tree.
set(HAARO_INCLUDE_DIR ${CMAKE_BINARY_DIR}/include)
file(MAKE_DIRECTORY ${HAARO_INCLUDE_DIR}/ns3)

# ns-3 names the library target of module <name> lib<name>; here ns3-<name>.
macro(library_target_name libname targetname)
  set(${targetname} ns3-${libname})
endmacro()

# Each call builds one library (haaro, then haaro-scenario from scenario/). The TestSuites
# of every call go into one runner, test/haaro-test-runner.
function(build_lib)
  cmake_parse_arguments(BLIB "" "LIBNAME" "SOURCE_FILES;HEADER_FILES;LIBRARIES_TO_LINK;TEST_SOURCES"
                        ${ARGN})
  set(target ns3-${BLIB_LIBNAME})
  add_library(${target} SHARED ${BLIB_SOURCE_FILES})
  target_link_libraries(${target} PUBLIC ${BLIB_LIBRARIES_TO_LINK})
  target_include_directories(${target} PUBLIC ${HAARO_INCLUDE_DIR})
  set(lib${BLIB_LIBNAME} ${target} PARENT_SCOPE)
  set(lib${BLIB_LIBNAME} ${target})

  # Copy the public headers to include/ns3 and write the <module>-module.h umbrella header.
  string(TOUPPER "NS3_MODULE_${BLIB_LIBNAME}" guard)
  string(REPLACE "-" "_" guard ${guard})
  set(module_header "// Generated by haaro's CMakeLists.txt\n#ifndef ${guard}\n")
  string(APPEND module_header "#define ${guard}\n")
  foreach(header ${BLIB_HEADER_FILES})
    get_filename_component(name ${header} NAME)
    configure_file(${CMAKE_CURRENT_SOURCE_DIR}/${header} ${HAARO_INCLUDE_DIR}/ns3/${name} COPYONLY)
    string(APPEND module_header "#include \"${name}\"\n")
  endforeach()
  string(APPEND module_header "#endif\n")
  file(WRITE ${HAARO_INCLUDE_DIR}/ns3/${BLIB_LIBNAME}-module.h.tmp "${module_header}")
  configure_file(${HAARO_INCLUDE_DIR}/ns3/${BLIB_LIBNAME}-module.h.tmp
                 ${HAARO_INCLUDE_DIR}/ns3/${BLIB_LIBNAME}-module.h COPYONLY)

  if(ENABLE_TESTS AND BLIB_TEST_SOURCES)
    # ns-3 TestSuites, run through a runner of our own (Debian ships no test-runner).
    set(runner haaro-test-runner)
    if(NOT TARGET ${runner})
      add_executable(${runner} ${PROJECT_SOURCE_DIR}/test/test-runner.cc)
      set_target_properties(${runner} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/test)
    endif()
    target_link_libraries(${runner} PRIVATE ${target})
    # One ctest entry per TestSuite: the suite names are found in the sources.
    foreach(source ${BLIB_TEST_SOURCES})
      get_filename_component(source ${source} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
      target_sources(${runner} PRIVATE ${source})
      file(STRINGS ${source} lines REGEX "TestSuite\\(\"[^\"]+\"")
      foreach(line ${lines})
        string(REGEX MATCH "TestSuite\\(\"([^\"]+)\"" _ "${line}")
        add_test(NAME ns3-suite/${CMAKE_MATCH_1} COMMAND ${runner} --suite=${CMAKE_MATCH_1}
                 WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
      endforeach()
    endforeach()
  endif()

  if(ENABLE_EXAMPLES AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/examples/CMakeLists.txt)
    add_subdirectory(examples)
  endif()
endfunction()

function(build_lib_example)
  cmake_parse_arguments(BLIB_EXAMPLE "" "NAME" "SOURCE_FILES;HEADER_FILES;LIBRARIES_TO_LINK"
                        ${ARGN})
  add_executable(${BLIB_EXAMPLE_NAME} ${BLIB_EXAMPLE_SOURCE_FILES})
  target_link_libraries(${BLIB_EXAMPLE_NAME} PRIVATE ${BLIB_EXAMPLE_LIBRARIES_TO_LINK})
  set_target_properties(${BLIB_EXAMPLE_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY
                                                        ${CMAKE_BINARY_DIR}/examples)
  haaro_use_allocator(${BLIB_EXAMPLE_NAME})
endfunction()

# Runs an example as a ctest smoke test (from a scratch directory, with the given arguments);
# the example's exit code decides. Called from examples/CMakeLists.txt when it exists.
function(haaro_example_test name)
  if(NOT ENABLE_TESTS)
    return()
  endif()
  set(dir ${CMAKE_BINARY_DIR}/example-runs/${name})
  file(MAKE_DIRECTORY ${dir})
  add_test(NAME example/${name} COMMAND ${name} ${ARGN} WORKING_DIRECTORY ${dir})
endfunction()

# Runs a shell script as a ctest test (its exit code decides).
function(haaro_script_test name script)
  if(NOT ENABLE_TESTS)
    return()
  endif()
  add_test(NAME script/${name} COMMAND bash ${script} ${ARGN})
endfunction()
