#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace escala::server {

// A broken validation rule: the field at fault (a path such as "recording.sha256") and the rule.
struct FieldViolation {
  std::string field;
  std::string reason;
};

using Violation = std::optional<FieldViolation>;

// INVALID_ARGUMENT "<prefix><field>: <reason>", e.g. "interaction.end_time: must not be before
// start_time" or "people[3].email: must contain one '@'".
absl::Status ViolationToStatus(const FieldViolation& violation, std::string_view prefix);

}  // namespace escala::server
