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
  endif()
  message(STATUS "Sanitizers: ${ESCALA_SANITIZE}")
endif()
