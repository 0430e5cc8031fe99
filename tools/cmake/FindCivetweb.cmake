# Finds civetweb's C library as installed by Debian's libcivetweb-dev. Its own CMake config cannot
# be used: it also declares the `civetweb` program, which that package does not install, and fails.
# Provides Civetweb::civetweb.
find_path(CIVETWEB_INCLUDE_DIR civetweb.h)
find_library(CIVETWEB_LIBRARY civetweb)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Civetweb REQUIRED_VARS CIVETWEB_INCLUDE_DIR CIVETWEB_LIBRARY)

if(Civetweb_FOUND AND NOT TARGET Civetweb::civetweb)
  add_library(Civetweb::civetweb UNKNOWN IMPORTED)
  set_target_properties(Civetweb::civetweb PROPERTIES
    IMPORTED_LOCATION "${CIVETWEB_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${CIVETWEB_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "Threads::Threads;${CMAKE_DL_LIBS}")
endif()
