#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace escala::client {

// One command-line flag that a command accepts.
struct FlagSpec {
  // Canonical name without the leading "--", e.g. "page-size".
  std::string name;
  // Placeholder shown in help, e.g. "N". Empty for a switch, which takes no value.
  std::string value_name;
  // One-line description for --help.
  std::string help;
  // Other names for the same flag, e.g. "team-id" for "team".
  std::vector<std::string> aliases;
  // Dotted path of the request or resource field the flag sets, e.g. "team_id" or
  // "recording.uri"; empty when the command handles the flag itself.
  std::string field_path;
  // Whether the command cannot run without it.
  bool required = false;
  // Whether it may be given more than once (read with ParsedArgs::Values); any other flag given
  // twice is refused, since a second value silently replacing the first hides a typing error.
  bool repeatable = false;
};

// A flag that sets the request or resource field at `field_path`.
FlagSpec FieldFlag(std::string name, std::string value_name, std::string field_path,
                   std::string help);
// A flag with a value that the command reads itself.
FlagSpec ValueFlag(std::string name, std::string value_name, std::string help);
// A flag without a value.
FlagSpec SwitchFlag(std::string name, std::string help);
// `spec`, without which the command does not run.
FlagSpec Required(FlagSpec spec);
// `spec`, allowed more than once on one command line.
FlagSpec Repeatable(FlagSpec spec);

// A flag as given on the command line.
struct GivenFlag {
  const FlagSpec* spec = nullptr;
  // The value; empty for a switch.
  std::string value;
};

// The result of parsing one level of the command line.
struct ParsedArgs {
  // Arguments that are not flags, in order. When parsing stopped at the first positional
  // argument, it and everything after it are here unparsed.
  std::vector<std::string> positional;
  // Flags in the order given; each at most once unless its spec is repeatable.
  std::vector<GivenFlag> flags;
  // --help or -h was given.
  bool help = false;

  bool Has(absl::string_view name) const;
  // The value of flag `name`, or nullopt when it was not given. For a repeatable flag given
  // several times, the first value.
  std::optional<std::string> Value(absl::string_view name) const;
  // Every value of flag `name` in the order given; empty when it was not given.
  std::vector<std::string> Values(absl::string_view name) const;
  // How many times flag `name` was given.
  size_t Count(absl::string_view name) const;
};

// The items of a list flag's value, split at ',' or ';' ("E1, E2;E3"), trimmed, empty ones
// dropped.
std::vector<std::string> SplitList(absl::string_view text);

// Parses args against flag specs. Accepts "--flag value" and "--flag=value"; "--" ends the flags.
// With stop_at_positional, parsing ends at the first argument that is not a flag (used for the
// global flags, which come before the command). Returns INVALID_ARGUMENT with a one-line reason
// for an unknown flag, a missing or unexpected value, or a flag that is not repeatable given twice.
absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                                     const std::vector<FlagSpec>& specs,
                                     bool stop_at_positional = false);

// A help section headed `title` ("Flags:"): one aligned entry per flag plus --help, with long
// descriptions wrapped to fit 100 columns.
std::string FormatFlagHelp(const std::vector<FlagSpec>& specs, absl::string_view title = "Flags:");

}  // namespace escala::client
