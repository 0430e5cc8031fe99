// Fuzzes the --db URL parser (db/core/database_url): the input is a password (one length byte)
// and the URL. The URL shown in logs does not depend on the password: parsed with another one,
// it reads the same. (Looking for the password's text in it would also flag a password such as
// "d" that the display's own words, "sqlite3://db=", happen to contain.)

#include "db/core/database_url.h"

#include <cstddef>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  const std::string password = input.ShortPart();
  const std::string url = input.Rest();
  absl::StatusOr<escala::db::DatabaseConfig> config = escala::db::ParseDatabaseUrl(url, password);
  if (config.ok() && !password.empty()) {
    absl::StatusOr<escala::db::DatabaseConfig> other =
        escala::db::ParseDatabaseUrl(url, absl::StrCat(password, "#"));
    escala::fuzz::Check(other.ok() && other->display == config->display,
                        "the displayed URL does not depend on the password");
  }
  return 0;
}
