#include "db/common/error_details.h"

#include "absl/strings/cord.h"

namespace escala::db {
namespace {

template <typename Message>
std::optional<Message> PayloadOf(const absl::Status& status, absl::string_view type_url) {
  const auto payload = status.GetPayload(type_url);  // absl::optional on this Abseil
  if (!payload.has_value()) return std::nullopt;
  Message message;
  // The payloads are written by this file only, so a parse failure means a foreign payload
  // under our type URL: treated as absent.
  if (!message.ParseFromString(std::string(*payload))) return std::nullopt;
  return message;
}

}  // namespace

absl::Status WithErrorInfo(absl::Status status, absl::string_view reason,
                           const std::map<std::string, std::string>& metadata) {
  if (status.ok()) return status;
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain(kErrorDomain);
  for (const auto& [key, value] : metadata) (*info.mutable_metadata())[key] = value;
  status.SetPayload(kErrorInfoTypeUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

std::optional<google::rpc::ErrorInfo> ErrorInfoOf(const absl::Status& status) {
  return PayloadOf<google::rpc::ErrorInfo>(status, kErrorInfoTypeUrl);
}

std::string ErrorReason(const absl::Status& status) {
  std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(status);
  return info.has_value() ? info->reason() : std::string();
}

absl::Status WithBadRequest(absl::Status status, const google::rpc::BadRequest& bad_request) {
  if (status.ok()) return status;
  status.SetPayload(kBadRequestTypeUrl, absl::Cord(bad_request.SerializeAsString()));
  return status;
}

absl::Status WithFieldViolation(absl::Status status, absl::string_view field,
                                absl::string_view description) {
  google::rpc::BadRequest bad_request = BadRequestOf(status);
  google::rpc::BadRequest::FieldViolation* violation = bad_request.add_field_violations();
  violation->set_field(std::string(field));
  violation->set_description(std::string(description));
  return WithBadRequest(std::move(status), bad_request);
}

google::rpc::BadRequest BadRequestOf(const absl::Status& status) {
  return PayloadOf<google::rpc::BadRequest>(status, kBadRequestTypeUrl)
      .value_or(google::rpc::BadRequest());
}

std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> fields;
  const google::rpc::BadRequest bad_request = BadRequestOf(status);
  for (const auto& violation : bad_request.field_violations()) {
    fields.push_back(violation.field());
  }
  return fields;
}

}  // namespace escala::db
