#include "server/api/request_id.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "server/api/page_token.h"

namespace escala::server {

db::CreateRequest CreateRequestOf(const google::protobuf::Message& request) {
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr) return {};
  db::CreateRequest key;
  key.request_id = request.GetReflection()->GetString(request, field);
  if (key.request_id.empty()) return key;
  std::unique_ptr<google::protobuf::Message> payload(request.New());
  payload->CopyFrom(request);
  payload->GetReflection()->ClearField(payload.get(), field);
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    payload->SerializeToCodedStream(&coded);
  }
  key.request_hash = absl::StrCat(Fingerprint({request.GetDescriptor()->full_name(), bytes}));
  return key;
}

absl::Status RequestIdReused(const std::string& request_id) {
  return db::WithErrorInfo(
      absl::AlreadyExistsError(absl::StrCat(
          "request_id: '", request_id,
          "' was already used for a different request; use a new request_id for a new request")),
      db::kReasonRequestIdReused);
}

absl::StatusOr<std::optional<db::LoggedRequest>> FindApplied(db::RequestLog& log,
                                                             const std::string& principal,
                                                             const std::string& method,
                                                             const db::CreateRequest& key) {
  if (key.request_id.empty()) return std::nullopt;
  absl::StatusOr<std::optional<db::LoggedRequest>> logged =
      log.Find(principal, method, key.request_id);
  if (!logged.ok() || !logged->has_value()) return logged;
  if ((*logged)->request_hash != key.request_hash) return RequestIdReused(key.request_id);
  return logged;
}

}  // namespace escala::server
