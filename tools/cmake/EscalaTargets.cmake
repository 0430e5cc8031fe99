# The two functions every CMakeLists.txt below the top level uses, so that a domain folder needs
# a few lines of CMake and a new source file none: each target takes every *.cc of its folder(s),
# re-globbed when a file is added or removed (CONFIGURE_DEPENDS).

# Include root for all of the project's own targets: every include is path-qualified from the
# repository root ("server/qa/scoring/scoring.h").
add_library(escala_include INTERFACE)
target_include_directories(escala_include INTERFACE ${PROJECT_SOURCE_DIR})

# Unity builds: each target compiles its sources in batches, one translation unit per batch, so
# the gRPC, protobuf, Abseil and GoogleTest headers every file includes are parsed once per batch
# instead of once per file; that is most of the compile time of a cold build. The cost is that
# editing one file recompiles its whole batch. File-local names (anonymous namespaces, static
# functions) must therefore be unique within a target.
option(ESCALA_UNITY_BUILD "Compile each target's sources in batches (unity build)" ON)
set(ESCALA_UNITY_BATCH_SIZE 8 CACHE STRING "Source files per unity batch")

# escala_unity(<target>): the unity build settings of one target.
function(escala_unity target)
  set_target_properties(${target} PROPERTIES
    UNITY_BUILD ${ESCALA_UNITY_BUILD}
    UNITY_BUILD_BATCH_SIZE ${ESCALA_UNITY_BATCH_SIZE})
endfunction()

# escala_library(<name> [SOURCES extra...] [PUBLIC targets...] [PRIVATE targets...])
#   A static library of the current folder's *.cc files (not its subfolders), plus SOURCES.
function(escala_library name)
  cmake_parse_arguments(L "" "" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  add_library(${name} STATIC ${sources} ${L_SOURCES})
  target_link_libraries(${name} PUBLIC escala_include ${L_PUBLIC}
    PRIVATE escala_warnings escala_instrumentation ${L_PRIVATE})
  escala_unity(${name})
endfunction()

# escala_test(<name> LABEL <label> DIRS <folders...> [SOURCES extra...] LIBS <targets...>)
#   One GoogleTest executable from every *.cc of DIRS (relative to the current folder), registered
#   with ctest under LABEL. Tests are compiled at -O1: they gain nothing from -O3, which costs
#   most in gmock-heavy code. Discovery runs before the tests, not after each link.
function(escala_test name)
  cmake_parse_arguments(T "" "LABEL" "DIRS;SOURCES;LIBS" ${ARGN})
  set(sources ${T_SOURCES})
  foreach(dir IN LISTS T_DIRS)
    file(GLOB dir_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/*.cc)
    list(APPEND sources ${dir_sources})
  endforeach()
  add_executable(${name} ${sources})
  target_link_libraries(${name} PRIVATE escala_include ${T_LIBS} GTest::gmock GTest::gtest_main
    escala_warnings)
  escala_test_options(${name})
  escala_unity(${name})
  gtest_discover_tests(${name}
    PROPERTIES LABELS ${T_LABEL}
    DISCOVERY_TIMEOUT 60
    DISCOVERY_MODE PRE_TEST)
endfunction()

# escala_test_options(<target>): the optimisation level of test code (executables and the test
# support libraries alike).
function(escala_test_options target)
  target_compile_options(${target} PRIVATE -O1)
endfunction()
