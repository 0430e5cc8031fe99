#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/demo/demo_data.h"

namespace escala::demo {

// The command line of escala-demo.
struct DemoFlags {
  // --server HOST:PORT
  std::string server = "127.0.0.1:50051";
  // --token TOKEN: sent as "authorization: Bearer TOKEN" on every call. Empty when not given;
  // main() then falls back to $ESCALA_TOKEN, so that parsing stays free of the environment.
  std::string token;
  // --demo-tokens-file PATH: after loading, create tokens for a few demo people and write them
  // there. Empty: no tokens are created.
  std::string demo_tokens_file;
  // --demo-promotions-file PATH: after loading, write who the promotion story is about
  // (DemoData::promotion) there, one "role employee_id" line each. Empty: not written.
  std::string demo_promotions_file;
  // --seed, --days, --per-day, --end YYYY-MM-DD (UTC midnight; default: today).
  DemoOptions demo;
  // --dry-run: generate and describe the data, contact no server.
  bool dry_run = false;
  // --help or -h.
  bool help = false;
};

// Parses the arguments after the program name. Flags take their value as the next argument or
// after '=' (--days 7, --days=7); dashes and underscores in a flag name are the same
// (--per-day = --per_day), as for escala-server. INVALID_ARGUMENT names the flag at fault.
absl::StatusOr<DemoFlags> ParseDemoFlags(const std::vector<std::string>& args);

// The text printed by --help.
std::string DemoUsage();

}  // namespace escala::demo
