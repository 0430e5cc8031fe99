# The memory allocator escala-server is linked with. After bursts of calls glibc's malloc keeps
# what it took (per-thread arenas that are not given back), jemalloc returns idle memory to the
# system on its own; tools/bench/memory_bursts.sh measures the choices. The runtime library comes
# from a Debian package (libjemalloc2, libtcmalloc-minimal4) without its -dev package, so it is
# looked up by its full name. When it is missing the server is linked with glibc's malloc, with a
# warning.
set(ESCALA_MALLOC "jemalloc" CACHE STRING "Allocator of escala-server: jemalloc, tcmalloc or glibc")
set_property(CACHE ESCALA_MALLOC PROPERTY STRINGS jemalloc tcmalloc glibc)

# escala_link_malloc(TARGET): link TARGET with the allocator ESCALA_MALLOC names.
function(escala_link_malloc target)
  if(ESCALA_SANITIZE)
    # The sanitizers replace malloc themselves: another allocator would hide every heap error.
    message(STATUS "${target} allocator: the sanitizers' (ESCALA_SANITIZE=${ESCALA_SANITIZE})")
    return()
  elseif(ESCALA_MALLOC STREQUAL "glibc")
    return()
  elseif(ESCALA_MALLOC STREQUAL "jemalloc")
    find_library(ESCALA_MALLOC_LIBRARY NAMES jemalloc libjemalloc.so.2)
  elseif(ESCALA_MALLOC STREQUAL "tcmalloc")
    find_library(ESCALA_MALLOC_LIBRARY NAMES tcmalloc_minimal libtcmalloc_minimal.so.4)
  else()
    message(FATAL_ERROR "ESCALA_MALLOC must be jemalloc, tcmalloc or glibc, not '${ESCALA_MALLOC}'")
  endif()
  if(NOT ESCALA_MALLOC_LIBRARY)
    message(WARNING "${ESCALA_MALLOC} not found: ${target} uses glibc's malloc")
    return()
  endif()
  # A toolchain that links --as-needed by default could drop it: malloc is found in libc too.
  target_link_options(${target} PRIVATE -Wl,--no-as-needed)
  target_link_libraries(${target} PRIVATE ${ESCALA_MALLOC_LIBRARY})
  message(STATUS "${target} allocator: ${ESCALA_MALLOC_LIBRARY}")
endfunction()
