// Fuzzes the access-policy table parser (server/platform/access_policy): the input is table
// text. Every row it accepts names a method.

#include "server/platform/access_policy.h"

#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  absl::StatusOr<std::vector<escala::server::PolicyRow>> rows =
      escala::server::ParsePolicyTable(input.Rest());
  if (rows.ok()) {
    for (const escala::server::PolicyRow& row : *rows) {
      escala::fuzz::Check(!row.method.empty(), "an accepted row names a method");
    }
  }
  return 0;
}
