#pragma once

#include <cstdint>
#include <string>

#include "absl/status/status.h"

namespace escala::server {

// AIP-154: a caller that sends an etag wants the change only if nothing changed since it read.
// ABORTED naming `field` ("person.etag") when `sent` is given and is not `current`, with an
// ErrorInfo ETAG_MISMATCH whose metadata names the `resource` ("people/E1001").
absl::Status CheckEtag(const std::string& field, const std::string& sent,
                       const std::string& current, const std::string& resource);

// For the methods whose etag is required: INVALID_ARGUMENT naming `field` when `sent` is empty.
absl::Status RequireEtag(const std::string& field, const std::string& sent);

// The row version an etag stands for: repositories issue the version number as the etag.
int64_t VersionFromEtag(const std::string& etag);

}  // namespace escala::server
