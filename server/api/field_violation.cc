#include "server/api/field_violation.h"

#include "absl/strings/str_cat.h"

namespace escala::server {

absl::Status ViolationToStatus(const FieldViolation& violation, std::string_view prefix) {
  return absl::InvalidArgumentError(absl::StrCat(std::string(prefix), violation.field, ": ",
                                                 violation.reason));
}

}  // namespace escala::server
