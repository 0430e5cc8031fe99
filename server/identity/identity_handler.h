#pragma once

#include "absl/status/statusor.h"
#include "db/common/request_log.h"
#include "db/directory/people_repository.h"
#include "db/identity/identity_repository.h"
#include "escala/v1/identity.pb.h"
#include "server/platform/authenticator.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"

namespace escala::server {

// Mints a token for `token.principal` (description and expiry as given, the default lifetime
// when unset), stores its hash and returns it with the secret, the only time the secret is
// seen. Used by CreateToken and by the administrator bootstrap. `request` is the create's
// idempotency key (empty for none).
absl::StatusOr<v1::CreateTokenResponse> IssueToken(db::TokenRepository& tokens, v1::ApiToken token,
                                                   const db::CreateRequest& request,
                                                   const db::AuditStamp& stamp, absl::Time now);

// The logic of IdentityService, free of gRPC: the caller's identity, tokens and service
// accounts. Own-scoped callers work with their own tokens and account only.
class IdentityHandler {
 public:
  // `requests` is the audit log, where RevokeToken looks a request_id up before applying it.
  IdentityHandler(db::TokenRepository& tokens, db::ServiceAccountRepository& accounts,
                  db::PeopleRepository& people, Authenticator& authenticator,
                  db::RequestLog& requests, Clock clock)
      : tokens_(tokens),
        accounts_(accounts),
        people_(people),
        authenticator_(authenticator),
        requests_(requests),
        clock_(std::move(clock)) {}

  absl::StatusOr<v1::Principal> WhoAmI(const CallContext& call, const v1::WhoAmIRequest& request);
  absl::StatusOr<v1::CreateTokenResponse> CreateToken(const CallContext& call,
                                                      const v1::CreateTokenRequest& request);
  absl::StatusOr<v1::ListTokensResponse> ListTokens(const CallContext& call,
                                                    const v1::ListTokensRequest& request);
  absl::StatusOr<v1::ApiToken> RevokeToken(const CallContext& call,
                                           const v1::RevokeTokenRequest& request);
  absl::StatusOr<v1::ServiceAccount> CreateServiceAccount(
      const CallContext& call, const v1::CreateServiceAccountRequest& request);
  absl::StatusOr<v1::ServiceAccount> GetServiceAccount(const CallContext& call,
                                                       const v1::GetServiceAccountRequest& request);
  absl::StatusOr<v1::ListServiceAccountsResponse> ListServiceAccounts(
      const CallContext& call, const v1::ListServiceAccountsRequest& request);
  absl::StatusOr<v1::ServiceAccount> UpdateServiceAccount(
      const CallContext& call, const v1::UpdateServiceAccountRequest& request);

 private:
  // FAILED_PRECONDITION unless `principal` names an active person or service account.
  absl::Status CheckPrincipalActive(const std::string& principal);

  db::TokenRepository& tokens_;
  db::ServiceAccountRepository& accounts_;
  db::PeopleRepository& people_;
  Authenticator& authenticator_;
  db::RequestLog& requests_;
  Clock clock_;
};

}  // namespace escala::server
