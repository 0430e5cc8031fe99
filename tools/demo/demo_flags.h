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
  // --seed, --days, --per-day, --end YYYY-MM-DD (UTC midnight; default: today).
  DemoOptions demo;
  // --dry-run: generate and describe the data, contact no server.
  bool dry_run = false;
  // --help or -h.
  bool help = false;
};

// Parses the arguments after the program name. Flags take their value as the next argument or
// after '=' (--days 7, --days=7). INVALID_ARGUMENT names the flag at fault.
absl::StatusOr<DemoFlags> ParseDemoFlags(const std::vector<std::string>& args);

// The text printed by --help.
std::string DemoUsage();

}  // namespace escala::demo
