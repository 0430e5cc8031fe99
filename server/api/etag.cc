#include "server/api/etag.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace escala::server {

absl::Status CheckEtag(const std::string& field, const std::string& sent, const std::string& current) {
  if (sent.empty() || sent == current) return absl::OkStatus();
  return absl::AbortedError(
      absl::StrCat(field, ": '", sent, "' is stale (current '", current, "'); re-read and retry"));
}

int64_t VersionFromEtag(const std::string& etag) {
  int64_t version = 0;
  // An etag the repository did not issue cannot match a version: 0 never does.
  (void)absl::SimpleAtoi(etag, &version);
  return version;
}

}  // namespace escala::server
