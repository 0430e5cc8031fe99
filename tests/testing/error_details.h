#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "db/common/error_details.h"

namespace escala::testing {

// "field: description" of each google.rpc.BadRequest field violation a status carries, in
// order, to compare with ElementsAre(…).
inline std::vector<std::string> FieldViolations(const absl::Status& status) {
  std::vector<std::string> lines;
  const google::rpc::BadRequest bad_request = db::BadRequestOf(status);
  for (const auto& violation : bad_request.field_violations()) {
    lines.push_back(violation.field() + ": " + violation.description());
  }
  return lines;
}

template <typename T>
std::vector<std::string> FieldViolations(const absl::StatusOr<T>& status_or) {
  return FieldViolations(status_or.status());
}

// One field violation, for tests of validators fed a single broken field.
struct FieldViolationText {
  std::string field;
  std::string reason;
};

// The one field violation of a validator's result: nullopt for OK. Fails the test when the status
// is not INVALID_ARGUMENT or carries more than one violation, so that a test that breaks one
// field also proves nothing else was reported.
inline std::optional<FieldViolationText> OnlyViolation(const absl::Status& status) {
  if (status.ok()) return std::nullopt;
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  const google::rpc::BadRequest bad_request = db::BadRequestOf(status);
  EXPECT_EQ(bad_request.field_violations_size(), 1) << status;
  if (bad_request.field_violations().empty())
    return FieldViolationText{"", std::string(status.message())};
  return FieldViolationText{bad_request.field_violations(0).field(),
                            bad_request.field_violations(0).description()};
}

// The google.rpc.ErrorInfo reason a status carries, or "".
inline std::string Reason(const absl::Status& status) { return db::ErrorReason(status); }

template <typename T>
std::string Reason(const absl::StatusOr<T>& status_or) {
  return Reason(status_or.status());
}

}  // namespace escala::testing
