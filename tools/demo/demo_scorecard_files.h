#pragma once

#include <string>
#include <vector>

namespace escala::demo {

// A scorecard file of tools/demo/scorecards, compiled in so that escala-demo needs no data
// directory (see tools/demo/CMakeLists.txt).
struct DemoScorecardFile {
  std::string name;  // "customer-contact.json"
  std::string json;
};

const std::vector<DemoScorecardFile>& DemoScorecardFiles();

}  // namespace escala::demo
