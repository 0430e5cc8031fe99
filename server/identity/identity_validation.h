#pragma once

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "escala/v1/identity.pb.h"

namespace escala::server {

// How long a token lives when its creator does not say, and the longest it may live.
inline constexpr absl::Duration kDefaultTokenLifetime = absl::Hours(24 * 90);
inline constexpr absl::Duration kMaxTokenLifetime = absl::Hours(24 * 400);

// A service account as it may be stored: id, display name, one of the machine roles
// (HR system, integration, administrator), certificate common name. Like every validator:
// INVALID_ARGUMENT with every violation (server/api/violations.h).
absl::Status ValidateServiceAccount(const v1::ServiceAccount& account);

// The caller-set fields of a new token: principal as a resource name, description, expiry
// after `now` and within kMaxTokenLifetime.
absl::Status ValidateNewToken(const v1::ApiToken& token, absl::Time now);

}  // namespace escala::server
