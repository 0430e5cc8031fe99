# Finds SOCI 4 (core, sqlite3 and mysql backends) as installed by Debian's libsoci-dev, which ships
# neither a CMake config nor a pkg-config file.
# Provides SOCI::core, SOCI::sqlite3 and SOCI::mysql.
find_package(PkgConfig REQUIRED)
pkg_check_modules(MARIADB REQUIRED IMPORTED_TARGET libmariadb)
find_package(Boost REQUIRED)  # Debian's SOCI headers include Boost.

find_path(SOCI_INCLUDE_DIR soci/soci.h)
find_library(SOCI_CORE_LIBRARY soci_core)
find_library(SOCI_SQLITE3_LIBRARY soci_sqlite3)
find_library(SOCI_MYSQL_LIBRARY soci_mysql)
find_library(SQLITE3_LIBRARY sqlite3)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(SOCI
  REQUIRED_VARS SOCI_INCLUDE_DIR SOCI_CORE_LIBRARY SOCI_SQLITE3_LIBRARY SOCI_MYSQL_LIBRARY
                SQLITE3_LIBRARY)

if(SOCI_FOUND AND NOT TARGET SOCI::core)
  add_library(SOCI::core UNKNOWN IMPORTED)
  set_target_properties(SOCI::core PROPERTIES
    IMPORTED_LOCATION "${SOCI_CORE_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${SOCI_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "Boost::headers;${CMAKE_DL_LIBS}")
  add_library(SOCI::sqlite3 UNKNOWN IMPORTED)
  set_target_properties(SOCI::sqlite3 PROPERTIES
    IMPORTED_LOCATION "${SOCI_SQLITE3_LIBRARY}"
    INTERFACE_LINK_LIBRARIES "SOCI::core;${SQLITE3_LIBRARY}")
  add_library(SOCI::mysql UNKNOWN IMPORTED)
  set_target_properties(SOCI::mysql PROPERTIES
    IMPORTED_LOCATION "${SOCI_MYSQL_LIBRARY}"
    INTERFACE_LINK_LIBRARIES "SOCI::core;PkgConfig::MARIADB")
endif()
