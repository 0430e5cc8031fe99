#pragma once

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace escala::server {

// AIP-154: a caller that sends an etag wants the change only if nothing changed since it read.
// ABORTED naming `field` ("person.etag") when `sent` is given and is not `current`, with an
// ErrorInfo ETAG_MISMATCH whose metadata names the `resource` ("people/E1001").
absl::Status CheckEtag(const std::string& field, const std::string& sent,
                       const std::string& current, const std::string& resource);

// For the methods whose etag is required: INVALID_ARGUMENT naming `field` when `sent` is empty.
absl::Status RequireEtag(const std::string& field, const std::string& sent);

// The etag an Update was sent with, and the field that carried it.
struct SentEtag {
  std::string field;  // "evaluation.etag", or "etag" for the deprecated request-level field
  std::string value;  // empty when neither carried one
};

// For the Updates whose etag moved from the request onto the resource (AIP-154): the resource's
// etag (`resource_field`, e.g. "evaluation.etag"), else the deprecated request-level `etag` when
// the resource's is empty. Both given and different is INVALID_ARGUMENT naming `etag`: the server
// cannot tell which read the caller meant.
absl::StatusOr<SentEtag> ResolveSentEtag(const std::string& resource_field,
                                         const std::string& on_resource,
                                         const std::string& on_request);

// The row version an etag stands for: repositories issue the version number as the etag.
int64_t VersionFromEtag(const std::string& etag);

}  // namespace escala::server
