#include "db/identity/soci_token_repository.h"

#include <soci/soci.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/audit_diff.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/core/audit_log.h"
#include "db/core/bound_query.h"
#include "db/core/transaction.h"
#include "db/core/with_session.h"

namespace escala::db {
namespace {

// secret_hash is deliberately not selected: an ApiToken has no field for it, and keeping it out
// of every read keeps it out of replies and audit records alike.
constexpr char kSelectToken[] =
    "SELECT token_id, principal, description, create_ms, expire_ms, last_use_ms, revoke_ms,"
    " created_by FROM api_tokens";
constexpr char kTokenResourceType[] = "token";

// The unique keys besides token_id (db/migrations/*/0006_create_api_tokens.sql and
// 0011_add_create_request_ids.sql).
constexpr Constraint kSecretHashKey{"ux_api_tokens_secret_hash", "api_tokens.secret_hash"};
constexpr Constraint kRequestIdKey{"ux_api_tokens_request", "api_tokens.request_id"};

std::string TokenResourceName(const std::string& token_id) {
  return absl::StrCat("tokens/", token_id);
}

std::vector<v1::ApiToken> FetchTokens(soci::session& session, BoundQuery& query) {
  std::string token_id, principal, description, created_by;
  long long create_ms = 0, expire_ms = 0, last_use_ms = 0, revoke_ms = 0;
  soci::indicator last_use_indicator = soci::i_null, revoke_indicator = soci::i_null;
  soci::statement statement(session);
  statement.exchange(soci::into(token_id));
  statement.exchange(soci::into(principal));
  statement.exchange(soci::into(description));
  statement.exchange(soci::into(create_ms));
  statement.exchange(soci::into(expire_ms));
  statement.exchange(soci::into(last_use_ms, last_use_indicator));
  statement.exchange(soci::into(revoke_ms, revoke_indicator));
  statement.exchange(soci::into(created_by));
  PrepareAndExecute(session, statement, query);
  std::vector<v1::ApiToken> tokens;
  while (statement.fetch()) {
    v1::ApiToken& token = tokens.emplace_back();
    token.set_token_id(token_id);
    token.set_principal(principal);
    token.set_description(description);
    *token.mutable_create_time() = MillisToTimestamp(create_ms);
    *token.mutable_expire_time() = MillisToTimestamp(expire_ms);
    if (last_use_indicator == soci::i_ok) {
      *token.mutable_last_use_time() = MillisToTimestamp(last_use_ms);
    }
    if (revoke_indicator == soci::i_ok) *token.mutable_revoke_time() = MillisToTimestamp(revoke_ms);
    token.set_created_by(created_by);
  }
  return tokens;
}

absl::StatusOr<v1::ApiToken> GetToken(soci::session& session, const std::string& token_id) {
  BoundQuery query;
  query.Sql(kSelectToken).Sql(" WHERE token_id = ").Value(token_id);
  std::vector<v1::ApiToken> tokens = FetchTokens(session, query);
  if (tokens.empty()) return absl::NotFoundError(absl::StrCat("token '", token_id, "' not found"));
  return tokens.front();
}

void AppendTokenAudit(soci::session& session, const AuditStamp& stamp, const v1::ApiToken* before,
                      const v1::ApiToken& after, absl::Time now) {
  ChangedFields diff = DiffForAudit(before, after);
  AppendAuditEvent(session, stamp,
                   AuditChange{kTokenResourceType, TokenResourceName(after.token_id()),
                               std::move(diff.before_json), std::move(diff.after_json)},
                   now);
}

}  // namespace

absl::StatusOr<v1::ApiToken> SociTokenRepository::Create(const v1::ApiToken& token,
                                                         const std::string& secret_hash,
                                                         const CreateRequest& request,
                                                         const AuditStamp& stamp, absl::Time now) {
  absl::StatusOr<v1::ApiToken> created = WithSession(
      pool_, "CreateToken", [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::ApiToken> {
        soci::session& session = lease.session();
        Transaction transaction(session, lease.dialect());
        BoundQuery query;
        query
            .Sql(
                "INSERT INTO api_tokens (token_id, secret_hash, principal, description, create_ms,"
                " expire_ms, last_use_ms, revoke_ms, created_by, request_id, request_hash) VALUES "
                "(")
            .Value(token.token_id())
            .Sql(", ")
            .Value(secret_hash)
            .Sql(", ")
            .Value(token.principal())
            .Sql(", ")
            .Value(token.description())
            .Sql(", ")
            .Value(static_cast<long long>(absl::ToUnixMillis(now)))
            .Sql(", ")
            .Value(static_cast<long long>(TimestampToMillis(token.expire_time())))
            .Sql(", NULL, NULL, ")
            .Value(token.created_by())
            .Sql(", ")
            .Value(NullIfEmpty(request.request_id))
            .Sql(", ")
            .Value(NullIfEmpty(request.request_hash))
            .Sql(")");
        query.Execute(session);
        absl::StatusOr<v1::ApiToken> stored = GetToken(session, token.token_id());
        if (!stored.ok()) return stored.status();
        AppendTokenAudit(session, stamp, nullptr, *stored, now);
        transaction.Commit();
        return stored;
      });
  // Three unique keys can collide; name the one that did, as the database reported it. The hash
  // itself is never echoed.
  if (Broke(created.status(), kRequestIdKey)) {
    return WithErrorInfo(absl::AlreadyExistsError(absl::StrCat("request_id: '", request.request_id,
                                                               "' was already used")),
                         kReasonRequestIdReused);
  }
  if (Broke(created.status(), kSecretHashKey)) {
    return absl::AlreadyExistsError("secret_hash: another token has the same secret hash");
  }
  if (absl::IsAlreadyExists(created.status())) {
    return WithErrorInfo(absl::AlreadyExistsError(absl::StrCat(
                             "token_id: token '", token.token_id(), "' already exists")),
                         kReasonDuplicateId, {{"resource", TokenResourceName(token.token_id())}});
  }
  return created;
}

absl::StatusOr<std::optional<CreatedByRequest<v1::ApiToken>>> SociTokenRepository::FindByRequestId(
    const std::string& request_id) {
  using Found = std::optional<CreatedByRequest<v1::ApiToken>>;
  return WithSession(
      pool_, "FindTokenByRequestId", [&](SessionPool::Lease& lease) -> absl::StatusOr<Found> {
        BoundQuery query;
        query.Sql("SELECT token_id, request_hash FROM api_tokens WHERE request_id = ")
            .Value(request_id);
        std::string token_id, hash;
        soci::indicator hash_indicator = soci::i_null;
        soci::statement statement(lease.session());
        statement.exchange(soci::into(token_id));
        statement.exchange(soci::into(hash, hash_indicator));
        PrepareAndExecute(lease.session(), statement, query);
        if (!statement.fetch()) return Found();
        absl::StatusOr<v1::ApiToken> token = GetToken(lease.session(), token_id);
        if (!token.ok()) return token.status();
        return Found(CreatedByRequest<v1::ApiToken>{
            *std::move(token), hash_indicator == soci::i_ok ? hash : std::string()});
      });
}

absl::StatusOr<v1::ApiToken> SociTokenRepository::FindBySecretHash(const std::string& secret_hash) {
  return WithSession(pool_, "FindTokenBySecretHash",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::ApiToken> {
                       BoundQuery query;
                       query.Sql(kSelectToken).Sql(" WHERE secret_hash = ").Value(secret_hash);
                       std::vector<v1::ApiToken> tokens = FetchTokens(lease.session(), query);
                       // The message does not repeat the hash: it is a credential in all but name.
                       if (tokens.empty())
                         return absl::NotFoundError("no token has this secret hash");
                       return tokens.front();
                     });
}

absl::StatusOr<v1::ApiToken> SociTokenRepository::Get(const std::string& token_id) {
  return WithSession(pool_, "GetToken", [&](SessionPool::Lease& lease) {
    return GetToken(lease.session(), token_id);
  });
}

absl::StatusOr<std::vector<v1::ApiToken>> SociTokenRepository::List(
    const TokenFilter& filter, const std::optional<TokenCursor>& after, int limit) {
  return WithSession(pool_, "ListTokens",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::ApiToken>> {
                       BoundQuery query;
                       query.Sql(kSelectToken).Sql(" WHERE 1 = 1");
                       if (!filter.principal.empty())
                         query.Sql(" AND principal = ").Value(filter.principal);
                       if (!filter.include_inactive) {
                         query.Sql(" AND revoke_ms IS NULL AND expire_ms > ")
                             .Value(static_cast<long long>(absl::ToUnixMillis(filter.now)));
                       }
                       if (after.has_value()) {
                         // Strictly after the cursor in (create_ms DESC, token_id DESC) order.
                         const long long create_ms = after->create_ms;
                         query.Sql(" AND (create_ms < ")
                             .Value(create_ms)
                             .Sql(" OR (create_ms = ")
                             .Value(create_ms)
                             .Sql(" AND token_id < ")
                             .Value(after->token_id)
                             .Sql("))");
                       }
                       query.Sql(" ORDER BY create_ms DESC, token_id DESC LIMIT ")
                           .Value(static_cast<long long>(limit));
                       return FetchTokens(lease.session(), query);
                     });
}

absl::StatusOr<v1::ApiToken> SociTokenRepository::Revoke(const std::string& token_id,
                                                         const AuditStamp& stamp, absl::Time now) {
  return WithSession(pool_, "RevokeToken",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::ApiToken> {
                       soci::session& session = lease.session();
                       Transaction transaction(session, lease.dialect());
                       const absl::Status revoked_already = absl::FailedPreconditionError(
                           absl::StrCat("token '", token_id, "' is revoked already"));
                       absl::StatusOr<v1::ApiToken> before = GetToken(session, token_id);
                       if (!before.ok()) return before.status();
                       if (before->has_revoke_time()) return revoked_already;

                       // "revoke_ms IS NULL" makes the read above exact: a revocation committed in
                       // between leaves this UPDATE with no row, and the first revocation stays the
                       // one on record.
                       BoundQuery query;
                       query.Sql("UPDATE api_tokens SET revoke_ms = ")
                           .Value(static_cast<long long>(absl::ToUnixMillis(now)))
                           .Sql(" WHERE token_id = ")
                           .Value(token_id)
                           .Sql(" AND revoke_ms IS NULL");
                       if (query.Execute(session) == 0) return revoked_already;

                       absl::StatusOr<v1::ApiToken> after = GetToken(session, token_id);
                       if (!after.ok()) return after.status();
                       AppendTokenAudit(session, stamp, &*before, *after, now);
                       transaction.Commit();
                       return after;
                     });
}

absl::Status SociTokenRepository::RecordUse(const std::string& token_id, absl::Time now) {
  return WithSession(pool_, "RecordTokenUse", [&](SessionPool::Lease& lease) -> absl::Status {
    BoundQuery query;
    query.Sql("UPDATE api_tokens SET last_use_ms = ")
        .Value(static_cast<long long>(absl::ToUnixMillis(now)))
        .Sql(" WHERE token_id = ")
        .Value(token_id);
    if (query.Execute(lease.session()) > 0) return absl::OkStatus();
    // MariaDB counts changed rows, not matched ones: a use at the same millisecond as the last
    // also reports 0, so only a missing row is NOT_FOUND.
    absl::StatusOr<v1::ApiToken> existing = GetToken(lease.session(), token_id);
    return existing.ok() ? absl::OkStatus() : existing.status();
  });
}

}  // namespace escala::db
