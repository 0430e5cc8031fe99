#include "server/identity/identity_handler.h"

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "server/api/etag.h"
#include "server/api/field_mask.h"
#include "server/api/list_page.h"
#include "server/api/request_id.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/identity/identity_validation.h"
#include "server/platform/record_scope.h"
#include "server/platform/token_secret.h"

namespace escala::server {
namespace {

constexpr char kAccountPrefix[] = "serviceAccounts/";

std::string AccountPrincipal(const std::string& account_id) {
  return absl::StrCat(kAccountPrefix, account_id);
}

absl::Status TokenNotFound(const std::string& token_id) {
  return absl::NotFoundError(absl::StrCat("token '", token_id, "' not found"));
}

absl::Status AccountNotFound(const std::string& account_id) {
  return absl::NotFoundError(absl::StrCat("service account '", account_id, "' not found"));
}

}  // namespace

absl::StatusOr<v1::CreateTokenResponse> IssueToken(db::TokenRepository& tokens, v1::ApiToken token,
                                                   const db::CreateRequest& request,
                                                   const db::AuditStamp& stamp, absl::Time now) {
  const MintedToken minted = MintToken();
  token.set_token_id(minted.token_id);
  token.set_created_by(stamp.principal);
  if (!token.has_expire_time())
    *token.mutable_expire_time() = db::TimeToTimestamp(now + kDefaultTokenLifetime);
  absl::StatusOr<v1::ApiToken> stored =
      tokens.Create(token, HashTokenSecret(minted.secret), request, stamp, now);
  if (!stored.ok()) return stored.status();
  v1::CreateTokenResponse response;
  *response.mutable_token() = *std::move(stored);
  response.set_secret(minted.secret);
  return response;
}

absl::StatusOr<v1::Principal> IdentityHandler::WhoAmI(const CallContext& call,
                                                      const v1::WhoAmIRequest&) {
  v1::Principal principal;
  principal.set_name(call.caller.principal);
  principal.set_role(call.caller.role);
  principal.set_display_name(call.caller.display_name);
  principal.set_team_id(call.caller.team_id);
  return principal;
}

absl::Status IdentityHandler::CheckPrincipalActive(const std::string& principal) {
  const absl::string_view name = principal;
  bool active = false;
  if (absl::StartsWith(name, "people/")) {
    absl::StatusOr<v1::Person> person = people_.Get(std::string(name.substr(7)));
    if (!person.ok() && !absl::IsNotFound(person.status())) return person.status();
    active = person.ok() && person->active();
  } else {
    absl::StatusOr<v1::ServiceAccount> account = accounts_.Get(std::string(name.substr(16)));
    if (!account.ok() && !absl::IsNotFound(account.status())) return account.status();
    active = account.ok() && account->active();
  }
  if (!active) {
    return FieldPreconditionFailed(
        "token.principal",
        absl::StrCat("'", principal, "' is not an active person or service account"));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::CreateTokenResponse> IdentityHandler::CreateToken(
    const CallContext& call, const v1::CreateTokenRequest& request) {
  if (absl::Status s = CheckRequestId("request_id", request.request_id()); !s.ok()) return s;
  const db::CreateRequest key = CreateRequestOf(request);
  // A replay returns the original token without its secret: only the secret's hash is stored.
  // A caller that lost the first response revokes that token and asks with a new request_id.
  auto replay = [&]() -> std::optional<absl::StatusOr<v1::CreateTokenResponse>> {
    using Answer = absl::StatusOr<v1::CreateTokenResponse>;
    absl::StatusOr<std::optional<db::CreatedByRequest<v1::ApiToken>>> original =
        tokens_.FindByRequestId(key.request_id);
    if (!original.ok()) return Answer(original.status());
    if (!original->has_value()) return std::nullopt;
    absl::StatusOr<v1::ApiToken> token =
        Replay(**original, (*original)->resource.created_by(), key, call.caller.principal);
    if (!token.ok()) return Answer(token.status());
    v1::CreateTokenResponse response;
    *response.mutable_token() = *std::move(token);
    return Answer(std::move(response));
  };
  if (!key.request_id.empty()) {
    if (auto replayed = replay()) return *replayed;
  }
  v1::ApiToken token;
  token.set_principal(request.token().principal().empty() ? call.caller.principal
                                                          : request.token().principal());
  token.set_description(request.token().description());
  if (request.token().has_expire_time())
    *token.mutable_expire_time() = request.token().expire_time();
  const absl::Time now = clock_();
  if (absl::Status s = Nested("token.", ValidateNewToken(token, now)); !s.ok()) return s;
  if (call.scope != Scope::kAll && token.principal() != call.caller.principal) {
    // Others are outside an own-scoped caller's reach: answered as if they did not exist.
    return absl::NotFoundError(
        absl::StrCat("token.principal: '", token.principal(), "' not found"));
  }
  if (absl::Status s = CheckPrincipalActive(token.principal()); !s.ok()) return s;
  absl::StatusOr<v1::CreateTokenResponse> issued =
      IssueToken(tokens_, std::move(token), key, call.Stamp(key.request_id), now);
  if (absl::IsAlreadyExists(issued.status()) && !key.request_id.empty()) {
    // A concurrent retry with the same request_id won the insert: answer as a replay.
    if (auto replayed = replay()) return *replayed;
  }
  return issued;
}

absl::StatusOr<v1::ListTokensResponse> IdentityHandler::ListTokens(
    const CallContext& call, const v1::ListTokensRequest& request) {
  absl::StatusOr<ListPage> page = ListPage::Start(request, "tokens", call.PageScope(), 2);
  if (!page.ok()) return page.status();
  if (absl::Status s = LimitText("principal", request.principal(), 80); !s.ok()) return s;
  db::TokenFilter filter;
  filter.principal = request.principal();
  filter.include_inactive = request.include_inactive();
  filter.now = clock_();
  if (call.scope != Scope::kAll && !NarrowFilter(call.caller.principal, &filter.principal))
    return v1::ListTokensResponse();
  std::optional<db::TokenCursor> after;
  if (page->continues()) {
    absl::StatusOr<int64_t> create_ms = page->after_int(0);
    if (!create_ms.ok()) return create_ms.status();
    after = db::TokenCursor{.create_ms = *create_ms, .token_id = page->after_key(1)};
  }
  absl::StatusOr<std::vector<v1::ApiToken>> rows = tokens_.List(filter, after, page->fetch_limit());
  if (!rows.ok()) return rows.status();
  v1::ListTokensResponse response;
  response.set_next_page_token(page->Finish(*rows, [](const v1::ApiToken& last) {
    return std::vector<std::string>{absl::StrCat(db::TimestampToMillis(last.create_time())),
                                    last.token_id()};
  }));
  for (v1::ApiToken& row : *rows) *response.add_tokens() = std::move(row);
  return response;
}

absl::StatusOr<v1::ApiToken> IdentityHandler::RevokeToken(const CallContext& call,
                                                          const v1::RevokeTokenRequest& request) {
  if (absl::Status s = CheckRequestId("request_id", request.request_id()); !s.ok()) return s;
  const db::CreateRequest key = CreateRequestOf(request);
  // The token as the caller may see it: within their own scope, only their own tokens.
  auto visible = [&]() -> absl::StatusOr<v1::ApiToken> {
    absl::StatusOr<v1::ApiToken> token = tokens_.Get(request.token_id());
    if (!token.ok()) return token.status();
    if (call.scope != Scope::kAll && token->principal() != call.caller.principal) {
      return TokenNotFound(request.token_id());
    }
    return token;
  };
  return ApplyOnce<v1::ApiToken>(
      requests_, call.caller.principal, call.method, key,
      [&]() -> absl::StatusOr<v1::ApiToken> {
        if (absl::Status s = RequireIdentifier("token_id", request.token_id(), 32); !s.ok()) {
          return s;
        }
        if (call.scope != Scope::kAll) {
          if (absl::StatusOr<v1::ApiToken> token = visible(); !token.ok()) return token.status();
        }
        absl::StatusOr<v1::ApiToken> revoked =
            tokens_.Revoke(request.token_id(), call.Stamp(key), clock_());
        if (revoked.ok()) authenticator_.Forget(revoked->token_id());
        return revoked;
      },
      // A replay answers the token as it is now.
      [&](const db::LoggedRequest&) { return visible(); });
}

absl::StatusOr<v1::ServiceAccount> IdentityHandler::CreateServiceAccount(
    const CallContext& call, const v1::CreateServiceAccountRequest& request) {
  v1::ServiceAccount account = request.service_account();
  if (absl::Status s = Nested("service_account.", ValidateServiceAccount(account)); !s.ok()) {
    return s;
  }
  // Like people, an account is active unless created otherwise on purpose; proto3 cannot tell
  // "false" from "unset", so a new account always starts active and is deactivated by update.
  account.set_active(true);
  return accounts_.Create(account, call.Stamp(), clock_());
}

absl::StatusOr<v1::ServiceAccount> IdentityHandler::GetServiceAccount(
    const CallContext& call, const v1::GetServiceAccountRequest& request) {
  if (absl::Status s = RequireIdentifier("account_id", request.account_id(), 64); !s.ok()) return s;
  if (call.scope != Scope::kAll &&
      call.caller.principal != AccountPrincipal(request.account_id())) {
    return AccountNotFound(request.account_id());
  }
  return accounts_.Get(request.account_id());
}

absl::StatusOr<v1::ListServiceAccountsResponse> IdentityHandler::ListServiceAccounts(
    const CallContext& call, const v1::ListServiceAccountsRequest& request) {
  absl::StatusOr<ListPage> page = ListPage::Start(request, "serviceAccounts", call.PageScope());
  if (!page.ok()) return page.status();
  absl::StatusOr<std::vector<v1::ServiceAccount>> rows =
      accounts_.List(page->after_key(), page->fetch_limit());
  if (!rows.ok()) return rows.status();
  v1::ListServiceAccountsResponse response;
  response.set_next_page_token(
      page->Finish(*rows, [](const v1::ServiceAccount& row) { return row.account_id(); }));
  for (v1::ServiceAccount& row : *rows) *response.add_service_accounts() = std::move(row);
  return response;
}

absl::StatusOr<v1::ServiceAccount> IdentityHandler::UpdateServiceAccount(
    const CallContext& call, const v1::UpdateServiceAccountRequest& request) {
  static const std::set<std::string> kUpdatable = {"display_name", "role", "client_certificate_cn",
                                                   "active"};
  const std::string& account_id = request.service_account().account_id();
  if (absl::Status s = RequireIdentifier("service_account.account_id", account_id, 64); !s.ok()) {
    return s;
  }
  absl::StatusOr<v1::ServiceAccount> current = accounts_.Get(account_id);
  if (!current.ok()) return current.status();
  if (absl::Status s = CheckEtag("service_account.etag", request.service_account().etag(),
                                 current->etag(), AccountPrincipal(account_id));
      !s.ok()) {
    return s;
  }
  v1::ServiceAccount merged = *current;
  if (absl::Status s =
          ApplyFieldMask(request.update_mask(), kUpdatable, request.service_account(), &merged);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = Nested("service_account.", ValidateServiceAccount(merged)); !s.ok())
    return s;
  absl::StatusOr<v1::ServiceAccount> updated =
      accounts_.Update(merged, VersionFromEtag(current->etag()), call.Stamp(), clock_());
  // A deactivated account, another role or a new certificate binding applies from the next call.
  if (updated.ok()) authenticator_.ForgetPrincipal(AccountPrincipal(account_id));
  return updated;
}

}  // namespace escala::server
