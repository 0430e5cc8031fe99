#include "server/api/violations.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace escala::server {

void Violations::Add(std::string field, std::string rule) {
  google::rpc::BadRequest::FieldViolation* violation = bad_request_.add_field_violations();
  violation->set_field(std::move(field));
  violation->set_description(std::move(rule));
}

void Violations::AddNested(const std::string& prefix, const absl::Status& status) {
  if (status.ok()) return;
  if (!absl::IsInvalidArgument(status)) {
    if (other_.ok()) other_ = status;
    return;
  }
  google::rpc::BadRequest carried = db::BadRequestOf(status);
  if (carried.field_violations().empty()) {
    // "evaluation." names the message "evaluation" itself.
    Add(std::string(absl::StripSuffix(prefix, ".")), std::string(status.message()));
    return;
  }
  for (google::rpc::BadRequest::FieldViolation& violation : *carried.mutable_field_violations()) {
    Add(violation.field().empty() ? std::string(absl::StripSuffix(prefix, "."))
                                  : absl::StrCat(prefix, violation.field()),
        std::move(*violation.mutable_description()));
  }
}

absl::Status Violations::ToStatus() const {
  if (!other_.ok()) return other_;
  if (bad_request_.field_violations().empty()) return absl::OkStatus();
  std::string message;
  for (const google::rpc::BadRequest::FieldViolation& violation : bad_request_.field_violations()) {
    if (!message.empty()) message.append("; ");
    if (!violation.field().empty()) absl::StrAppend(&message, violation.field(), ": ");
    message.append(violation.description());
  }
  return db::WithBadRequest(absl::InvalidArgumentError(message), bad_request_);
}

absl::Status InvalidField(const std::string& field, const std::string& rule) {
  Violations violations;
  violations.Add(field, rule);
  return violations.ToStatus();
}

absl::Status FieldPreconditionFailed(const std::string& field, const std::string& rule) {
  return db::WithFieldViolation(absl::FailedPreconditionError(absl::StrCat(field, ": ", rule)),
                                field, rule);
}

absl::Status Nested(const std::string& prefix, const absl::Status& status) {
  if (status.ok()) return status;
  Violations violations;
  violations.AddNested(prefix, status);
  return violations.ToStatus();
}

}  // namespace escala::server
