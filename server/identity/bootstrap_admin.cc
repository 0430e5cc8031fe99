#include "server/identity/bootstrap_admin.h"

#include "absl/strings/str_cat.h"
#include "server/identity/identity_handler.h"
#include "server/identity/identity_validation.h"

namespace escala::server {

absl::StatusOr<v1::CreateTokenResponse> BootstrapAdministrator(
    db::ServiceAccountRepository& accounts, db::TokenRepository& tokens,
    const std::string& account_id, absl::Time now) {
  const db::AuditStamp stamp{"system/bootstrap", v1::ROLE_ADMINISTRATOR,
                             "escala-server --bootstrap_admin", ""};
  absl::StatusOr<v1::ServiceAccount> account = accounts.Get(account_id);
  if (absl::IsNotFound(account.status())) {
    v1::ServiceAccount created;
    created.set_account_id(account_id);
    created.set_display_name("Administrator");
    created.set_role(v1::ROLE_ADMINISTRATOR);
    created.set_active(true);
    if (absl::Status s = ValidateServiceAccount(created); !s.ok()) {
      return absl::Status(s.code(), absl::StrCat("bootstrap_admin: ", s.message()));
    }
    account = accounts.Create(created, stamp, now);
  }
  if (!account.ok()) return account.status();
  if (account->role() != v1::ROLE_ADMINISTRATOR || !account->active()) {
    return absl::FailedPreconditionError(
        absl::StrCat("bootstrap_admin: service account '", account_id,
                     "' exists but is not an active administrator"));
  }
  v1::ApiToken token;
  token.set_principal(absl::StrCat("serviceAccounts/", account_id));
  token.set_description("created by escala-server --bootstrap_admin");
  return IssueToken(tokens, std::move(token), db::CreateRequest(), stamp, now);
}

}  // namespace escala::server
