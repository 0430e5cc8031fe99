#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "db/common/create_request.h"
#include "escala/v1/identity.pb.h"

namespace escala::db {

// Storage of service accounts; create_time, update_time and etag are set by the repository.
// Every change writes its audit event (see AppendAuditEvent) in the same transaction.
class ServiceAccountRepository {
 public:
  virtual ~ServiceAccountRepository() = default;

  // ALREADY_EXISTS for a taken account_id.
  virtual absl::StatusOr<v1::ServiceAccount> Create(const v1::ServiceAccount& account,
                                                    const AuditStamp& stamp, absl::Time now) = 0;
  // NOT_FOUND when there is no such account.
  virtual absl::StatusOr<v1::ServiceAccount> Get(const std::string& account_id) = 0;
  // At most `limit` accounts ordered by account_id, after `after_account_id` (exclusive).
  virtual absl::StatusOr<std::vector<v1::ServiceAccount>> List(const std::string& after_account_id,
                                                               int limit) = 0;
  // Replaces the stored account if its version is still `expected_version`: ABORTED when it
  // changed meanwhile, NOT_FOUND when there is none.
  virtual absl::StatusOr<v1::ServiceAccount> Update(const v1::ServiceAccount& account,
                                                    int64_t expected_version,
                                                    const AuditStamp& stamp, absl::Time now) = 0;
};

// Which tokens ListTokens returns.
struct TokenFilter {
  // Only tokens of this principal ("people/E1", "serviceAccounts/x"); empty: everyone's.
  std::string principal;
  // Whether revoked tokens and tokens expired at `now` are included.
  bool include_inactive = false;
  absl::Time now;
};

// Keyset position in the newest-first order: (create_ms, token_id), both descending.
struct TokenCursor {
  int64_t create_ms = 0;
  std::string token_id;
};

// Storage of API tokens. Only the hash of a token's secret is stored, never the secret.
class TokenRepository {
 public:
  virtual ~TokenRepository() = default;

  // Stores `token` (token_id, principal, description, expire_time, created_by set by the
  // caller) with the hash of its secret; writes the audit event in the same transaction. The
  // audit record never holds the hash. ALREADY_EXISTS for a taken token_id or hash, or naming
  // request_id when `request.request_id` is stored already.
  virtual absl::StatusOr<v1::ApiToken> Create(const v1::ApiToken& token,
                                              const std::string& secret_hash,
                                              const CreateRequest& request, const AuditStamp& stamp,
                                              absl::Time now) = 0;
  // The token created with `request_id`, and its request's fingerprint; nullopt when none.
  virtual absl::StatusOr<std::optional<CreatedByRequest<v1::ApiToken>>> FindByRequestId(
      const std::string& request_id) = 0;
  // The token whose secret hashes to `secret_hash`, revoked or not; NOT_FOUND when none.
  virtual absl::StatusOr<v1::ApiToken> FindBySecretHash(const std::string& secret_hash) = 0;
  // NOT_FOUND when there is no such token.
  virtual absl::StatusOr<v1::ApiToken> Get(const std::string& token_id) = 0;
  // At most `limit` tokens, newest first, strictly after `after` when given.
  virtual absl::StatusOr<std::vector<v1::ApiToken>> List(const TokenFilter& filter,
                                                         const std::optional<TokenCursor>& after,
                                                         int limit) = 0;
  // Sets revoke_time to `now` and writes the audit event, in one transaction. NOT_FOUND when
  // there is no such token; FAILED_PRECONDITION when it is revoked already.
  virtual absl::StatusOr<v1::ApiToken> Revoke(const std::string& token_id, const AuditStamp& stamp,
                                              absl::Time now) = 0;
  // Sets last_use_time to `now`. Not audited: it records use, not a change.
  virtual absl::Status RecordUse(const std::string& token_id, absl::Time now) = 0;
};

}  // namespace escala::db
