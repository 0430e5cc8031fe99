// Fuzzes the scorecard file reader of `escala scorecards create/update` (client/qa/scorecard_file
// and the YAML subset of client/core/yaml_subset). The first byte picks YAML or JSON; the rest is
// the file. YAML is converted to JSON first, as for a file named *.yaml.

#include "client/qa/scorecard_file.h"

#include <cstddef>
#include <cstdint>

#include "client/core/yaml_subset.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  const bool yaml = input.Byte() & 1;
  std::string text = input.Rest();
  if (yaml) {
    absl::StatusOr<std::string> json = escala::client::YamlSubsetToJson(text);
    if (!json.ok()) return 0;
    text = *std::move(json);
  }
  (void)escala::client::ParseScorecardJson(text, yaml ? "fuzz.yaml" : "fuzz.json");
  return 0;
}
