# Sanitized builds for tools/test.sh --sanitize: ESCALA_SANITIZE=address,undefined or thread
# instruments every target of the project (generated protobuf code included) and links the
# sanitizer runtimes. The libraries from Debian packages (gRPC, protobuf, Abseil, SOCI,
# libmariadb) stay uninstrumented; tools/sanitizers/ holds the suppressions for them.
set(ESCALA_SANITIZE "" CACHE STRING
  "Sanitizers to build with: a comma-separated subset of address,undefined,leak, or thread; empty for none")

if(ESCALA_SANITIZE)
  string(REPLACE "," ";" escala_sanitizers "${ESCALA_SANITIZE}")
  foreach(sanitizer IN LISTS escala_sanitizers)
    if(NOT sanitizer MATCHES "^(address|undefined|leak|thread)$")
      message(FATAL_ERROR "ESCALA_SANITIZE: unknown sanitizer '${sanitizer}' "
        "(address, undefined, leak or thread)")
    endif()
  endforeach()
  if("thread" IN_LIST escala_sanitizers AND NOT escala_sanitizers STREQUAL "thread")
    message(FATAL_ERROR "ESCALA_SANITIZE: thread cannot be combined with another sanitizer")
  endif()
  # -O1: fast enough to run the whole suite, compiles faster than -O2 and keeps stack traces
  # close to the source; it comes after the build type's -O on the command line, so it wins.
  # Frame pointers give the sanitizers' fast unwinder complete stacks.
  add_compile_options(-fsanitize=${ESCALA_SANITIZE} -O1 -g -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${ESCALA_SANITIZE})
  if("undefined" IN_LIST escala_sanitizers)
    # Undefined behaviour ends the process, so the test that caused it fails instead of
    # printing a line nobody reads.
    add_compile_options(-fno-sanitize-recover=undefined)
    # The vptr check reads the type information of every polymorphic class a file uses, and
    # Debian's SOCI libraries do not export theirs (soci::mysql_session_backend,
    # soci::details::ref_counted_statement): with it on, nothing that uses SOCI links.
    add_compile_options(-fno-sanitize=vptr)
  endif()
  message(STATUS "Sanitizers: ${ESCALA_SANITIZE}")
endif()

# escala_sanitize_executables(): under ThreadSanitizer, link every executable of the project
# with tools/sanitizers/tsan_absl_sync.cc, which shows ThreadSanitizer the locks of the
# uninstrumented absl::Mutex (the file says how). Called once, after every target exists.
function(escala_sanitize_executables)
  if(NOT ESCALA_SANITIZE STREQUAL "thread")
    return()
  endif()
  add_library(escala_tsan_absl_sync OBJECT ${PROJECT_SOURCE_DIR}/tools/sanitizers/tsan_absl_sync.cc)
  target_link_libraries(escala_tsan_absl_sync PUBLIC absl::synchronization ${CMAKE_DL_LIBS}
    PRIVATE escala_warnings)
  set(dirs ${PROJECT_SOURCE_DIR})
  while(dirs)
    list(POP_FRONT dirs dir)
    get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
    foreach(target IN LISTS targets)
      get_target_property(type ${target} TYPE)
      if(type STREQUAL "EXECUTABLE")
        target_link_libraries(${target} PRIVATE escala_tsan_absl_sync)
      endif()
    endforeach()
    get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
    list(APPEND dirs ${subdirs})
  endwhile()
endfunction()
