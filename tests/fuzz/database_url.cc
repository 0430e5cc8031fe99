// Fuzzes the --db URL parser (db/core/database_url): the input is a password (one length byte)
// and the URL. The URL shown in logs never holds the password the URL itself did not.

#include "db/core/database_url.h"

#include <cstddef>
#include <cstdint>

#include "absl/strings/match.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  const std::string password = input.ShortPart();
  const std::string url = input.Rest();
  absl::StatusOr<escala::db::DatabaseConfig> config = escala::db::ParseDatabaseUrl(url, password);
  if (config.ok() && !password.empty() && !absl::StrContains(url, password)) {
    escala::fuzz::Check(!absl::StrContains(config->display, password),
                        "the displayed URL holds no password");
  }
  return 0;
}
