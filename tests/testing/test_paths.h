#pragma once

#include <string>
#include <string_view>

// Where the tests find this build's programs and the files of the source tree. The paths come
// from one file CMake generates in the build directory (tests/testing/CMakeLists.txt), not
// from -D definitions on the tests' command lines: those would differ from one clone to the
// next, and a compiler cache could then not share the tests' objects between clones.
namespace escala::testing {

// The programs of this build.
const char* ServerBinary();  // escala-server
const char* CliBinary();     // escala
const char* DemoBinary();    // escala-demo

// The root of the source tree the build was configured from.
const char* SourceRoot();

// A file or folder of the source tree, from its path below the root
// ("tools/demo/scorecards/customer-contact.json").
inline std::string SourcePath(std::string_view relative) {
  return std::string(SourceRoot()) + "/" + std::string(relative);
}

}  // namespace escala::testing
