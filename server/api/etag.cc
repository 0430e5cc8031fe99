#include "server/api/etag.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "server/api/violations.h"

namespace escala::server {

absl::Status CheckEtag(const std::string& field, const std::string& sent,
                       const std::string& current, const std::string& resource) {
  if (sent.empty() || sent == current) return absl::OkStatus();
  return db::WithErrorInfo(
      absl::AbortedError(absl::StrCat(field, ": '", sent, "' is stale (current '", current,
                                      "'); re-read and retry")),
      db::kReasonEtagMismatch, {{"resource", resource}});
}

absl::Status RequireEtag(const std::string& field, const std::string& sent) {
  if (!sent.empty()) return absl::OkStatus();
  return InvalidField(field, "is required (the etag as read)");
}

absl::StatusOr<SentEtag> ResolveSentEtag(const std::string& resource_field,
                                         const std::string& on_resource,
                                         const std::string& on_request) {
  if (!on_resource.empty() && !on_request.empty() && on_resource != on_request) {
    return InvalidField(
        "etag", absl::StrCat("'", on_request, "' differs from ", resource_field, " '", on_resource,
                             "': send the etag once, as ", resource_field,
                             " (the request-level etag is deprecated)"));
  }
  if (on_resource.empty() && !on_request.empty()) return SentEtag{"etag", on_request};
  return SentEtag{resource_field, on_resource};
}

int64_t VersionFromEtag(const std::string& etag) {
  int64_t version = 0;
  // An etag the repository did not issue cannot match a version: 0 never does.
  (void)absl::SimpleAtoi(etag, &version);
  return version;
}

}  // namespace escala::server
