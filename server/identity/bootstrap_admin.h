#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/identity/identity_repository.h"
#include "escala/v1/identity.pb.h"

namespace escala::server {

// The way into a fresh installation, and back in when every administrator token is lost:
// whoever may run escala-server against the database may do this. Creates the service account
// `account_id` as an administrator unless it exists, then issues a token for it. An existing
// account must be an active administrator (FAILED_PRECONDITION otherwise). Both changes are
// audited as made by "system/bootstrap".
absl::StatusOr<v1::CreateTokenResponse> BootstrapAdministrator(
    db::ServiceAccountRepository& accounts, db::TokenRepository& tokens,
    const std::string& account_id, absl::Time now);

}  // namespace escala::server
