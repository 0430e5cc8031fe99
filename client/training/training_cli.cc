#include "client/training/training_cli.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"

namespace escala::client {

absl::StatusOr<int64_t> ParsePositiveId(const std::string& text, const std::string& name) {
  int64_t id = 0;
  if (!absl::SimpleAtoi(text, &id) || id <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, " must be a positive number, got '", text, "'"));
  }
  return id;
}

std::optional<int64_t> ParseSpanSeconds(const std::string& text) {
  int64_t days = 0;
  if (absl::SimpleAtoi(absl::StripSuffix(text, "d"), &days)) return days * 86400;
  absl::Duration parsed;
  if (absl::ParseDuration(text, &parsed)) return absl::ToInt64Seconds(parsed);
  return std::nullopt;
}

}  // namespace escala::client
