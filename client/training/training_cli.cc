#include "client/training/training_cli.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace escala::client {

absl::StatusOr<int64_t> ParsePositiveId(const std::string& text, const std::string& name) {
  int64_t id = 0;
  if (!absl::SimpleAtoi(text, &id) || id <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, " must be a positive number, got '", text, "'"));
  }
  return id;
}

}  // namespace escala::client
