#include "tools/demo/demo_flags.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"

namespace escala::demo {
namespace {

absl::Status IntInRange(absl::string_view flag, absl::string_view text, int lo, int hi, int& out) {
  if (!absl::SimpleAtoi(text, &out) || out < lo || out > hi) {
    return absl::InvalidArgumentError(absl::StrCat(flag, " must be an integer between ", lo,
                                                   " and ", hi, ", got \"", text, "\""));
  }
  return absl::OkStatus();
}

}  // namespace

std::string DemoUsage() {
  return absl::StrCat(
      "Usage: escala-demo [flags]\n"
      "\n"
      "Generates a demo support department (5 teams, about 60 people, days x per-day\n"
      "contacts) and loads it into an Escala server: teams, people, team leads, interactions,\n"
      "the demo scorecards, and the QA work done with them (evaluations, acknowledgements and\n"
      "disputes, a sampling plan and its assignments, calibration sessions).\n"
      "The same flags always give the same records; loading them again changes nothing.\n"
      "\n"
      "Flags:\n"
      "  --server HOST:PORT   server address, plaintext (default 127.0.0.1:50051)\n"
      "  --token TOKEN        API token of an administrator, sent with every call\n"
      "                       (default: $ESCALA_TOKEN; escala-server --bootstrap_admin=admin\n"
      "                       prints one for a fresh database)\n"
      "  --seed N             names the data set (default 1)\n"
      "  --days N             days of contacts, 0-",
      kMaxDemoDays,
      " (default 30)\n"
      "  --per-day N          average contacts per day, 0-",
      kMaxDemoPerDay,
      " (default 500)\n"
      "  --end YYYY-MM-DD     contacts start before this UTC midnight (default: today)\n"
      "  --demo-tokens-file PATH\n"
      "                       after loading, create tokens for an L1 agent, that agent's team\n"
      "                       lead, a QA analyst and a manager, and write them to PATH (mode\n"
      "                       0600) as lines: role employee_id display_name token. Each run\n"
      "                       creates new tokens; the earlier ones stay valid until they expire\n"
      "  --demo-promotions-file PATH\n"
      "                       after loading, write the L1 agents of the promotion story to\n"
      "                       PATH as lines: role employee_id, where role is ready,\n"
      "                       nearly_ready or regressing (then also the day its promotion\n"
      "                       took effect)\n"
      "  --dry-run            describe the data instead of loading it\n"
      "  --help               this text\n"
      "\n"
      "Exit status: 0 when every record was stored or already present; 1 when the server\n"
      "rejected records or a call failed (printed as CODE: message); 2 for bad flags.\n");
}

absl::StatusOr<DemoFlags> ParseDemoFlags(const std::vector<std::string>& args) {
  DemoFlags flags;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      flags.help = true;
      continue;
    }
    if (!absl::StartsWith(arg, "--")) {
      return absl::InvalidArgumentError(absl::StrCat("unexpected argument \"", arg, "\""));
    }
    std::string name = arg;
    std::string value;
    const size_t eq = arg.find('=');
    if (eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    }
    // escala-server spells its flags with underscores and tools/run.sh passes ours the same way.
    std::replace(name.begin(), name.end(), '_', '-');
    if (eq == std::string::npos &&
        (name == "--server" || name == "--seed" || name == "--days" || name == "--per-day" ||
         name == "--end" || name == "--token" || name == "--demo-tokens-file" ||
         name == "--demo-promotions-file")) {
      if (i + 1 >= args.size()) {
        return absl::InvalidArgumentError(absl::StrCat(name, " needs a value"));
      }
      value = args[++i];
    }

    if (name == "--dry-run") {
      if (eq != std::string::npos) return absl::InvalidArgumentError("--dry-run takes no value");
      flags.dry_run = true;
    } else if (name == "--server") {
      if (value.empty() || value.find(':') == std::string::npos) {
        return absl::InvalidArgumentError(
            absl::StrCat("--server must be HOST:PORT, got \"", value, "\""));
      }
      flags.server = value;
    } else if (name == "--token") {
      // A token is one word of printable ASCII, as the server issues it; anything else is a
      // copy-and-paste slip that would only come back as UNAUTHENTICATED.
      if (value.empty() ||
          std::any_of(value.begin(), value.end(), [](char c) { return c <= ' ' || c > '~'; })) {
        return absl::InvalidArgumentError(
            "--token must be one word of printable characters without blanks");
      }
      flags.token = value;
    } else if (name == "--demo-tokens-file") {
      if (value.empty()) return absl::InvalidArgumentError("--demo-tokens-file must not be empty");
      flags.demo_tokens_file = value;
    } else if (name == "--demo-promotions-file") {
      if (value.empty()) {
        return absl::InvalidArgumentError("--demo-promotions-file must not be empty");
      }
      flags.demo_promotions_file = value;
    } else if (name == "--seed") {
      uint64_t seed = 0;
      if (!absl::SimpleAtoi(value, &seed)) {
        return absl::InvalidArgumentError(
            absl::StrCat("--seed must be an unsigned 64-bit integer, got \"", value, "\""));
      }
      flags.demo.seed = seed;
    } else if (name == "--days") {
      if (absl::Status s = IntInRange(name, value, 0, kMaxDemoDays, flags.demo.days); !s.ok()) {
        return s;
      }
    } else if (name == "--per-day") {
      if (absl::Status s =
              IntInRange(name, value, 0, kMaxDemoPerDay, flags.demo.interactions_per_day);
          !s.ok()) {
        return s;
      }
    } else if (name == "--end") {
      absl::CivilDay day;
      if (!absl::ParseCivilTime(value, &day)) {
        return absl::InvalidArgumentError(
            absl::StrCat("--end must be a date YYYY-MM-DD, got \"", value, "\""));
      }
      flags.demo.end = absl::FromCivil(day, absl::UTCTimeZone());
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag ", name));
    }
  }
  // The remaining limits (the range of --end) are the generator's own.
  if (absl::Status s = ValidateDemoOptions(flags.demo); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--end: ", s.message()));
  }
  return flags;
}

}  // namespace escala::demo
