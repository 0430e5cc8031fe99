#include "server/api/request_id.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <memory>

#include "absl/strings/numbers.h"
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
  // The request's own etag is left out too. It is a precondition (the version the caller read),
  // not what the request asks for: once the first attempt has applied the change the etag moves,
  // so a retry carries either the stale one or, from a client that reads the etag afresh before
  // sending (the CLI without --etag), the new one. Both are retries of the same transition and
  // must be answered with the original, which ApplyOnce does before any etag is compared; a
  // fingerprint that counted the etag would refuse the second kind as REQUEST_ID_REUSED. Only
  // the top-level field named etag is left out: an etag inside the resource (evaluation.etag)
  // belongs to an Update, which takes no request_id, and every other field still counts, so the
  // same request_id for another target or another change is still a reuse.
  if (const google::protobuf::FieldDescriptor* etag =
          request.GetDescriptor()->FindFieldByName("etag");
      etag != nullptr) {
    payload->GetReflection()->ClearField(payload.get(), etag);
  }
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

int32_t VersionOfEvent(const db::LoggedRequest& logged) {
  const std::string::size_type slash = logged.resource_name.rfind("/versions/");
  int32_t version = 0;
  if (slash == std::string::npos ||
      !absl::SimpleAtoi(logged.resource_name.substr(slash + 10), &version)) {
    return 0;
  }
  return version;
}

}  // namespace escala::server
