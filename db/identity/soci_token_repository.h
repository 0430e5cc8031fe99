#pragma once

#include "db/core/session_pool.h"
#include "db/identity/identity_repository.h"

namespace escala::db {

// TokenRepository on SOCI (MySQL/MariaDB or SQLite). Creation and revocation are written in one
// transaction with their audit events; recording use is a single unaudited UPDATE.
class SociTokenRepository : public TokenRepository {
 public:
  explicit SociTokenRepository(SessionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::ApiToken> Create(const v1::ApiToken& token, const std::string& secret_hash,
                                      const CreateRequest& request, const AuditStamp& stamp,
                                      absl::Time now) override;
  absl::StatusOr<std::optional<CreatedByRequest<v1::ApiToken>>> FindByRequestId(
      const std::string& request_id) override;
  absl::StatusOr<v1::ApiToken> FindBySecretHash(const std::string& secret_hash) override;
  absl::StatusOr<v1::ApiToken> Get(const std::string& token_id) override;
  absl::StatusOr<std::vector<v1::ApiToken>> List(const TokenFilter& filter,
                                                 const std::optional<TokenCursor>& after,
                                                 int limit) override;
  absl::StatusOr<v1::ApiToken> Revoke(const std::string& token_id, const AuditStamp& stamp,
                                      absl::Time now) override;
  absl::Status RecordUse(const std::string& token_id, absl::Time now) override;

 private:
  SessionPool& pool_;
};

}  // namespace escala::db
