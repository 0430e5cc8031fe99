#pragma once

// API tokens in memory with the TokenRepository contract (tests/integration/
// identity_repository_contract_test.cc runs against it), plus what handler and authenticator
// tests inspect: call counts, the last filter, the uses recorded, and injected failures.
// No audit events.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/identity/identity_repository.h"

namespace escala::testing {

class FakeTokenRepository : public db::TokenRepository {
 public:
  struct StoredToken {
    v1::ApiToken token;
    std::string secret_hash;
  };
  struct Use {
    std::string token_id;
    absl::Time time;
  };

  // Stores a token as if created at `created`, bypassing the checks and the audit stamp.
  void Add(const v1::ApiToken& token, const std::string& secret_hash, absl::Time created);

  absl::StatusOr<v1::ApiToken> Create(const v1::ApiToken& token, const std::string& secret_hash,
                                      const db::CreateRequest& request, const db::AuditStamp& stamp,
                                      absl::Time now) override;
  absl::StatusOr<std::optional<db::CreatedByRequest<v1::ApiToken>>> FindByRequestId(
      const std::string& request_id) override;
  absl::StatusOr<v1::ApiToken> FindBySecretHash(const std::string& secret_hash) override;
  absl::StatusOr<v1::ApiToken> Get(const std::string& token_id) override;
  absl::StatusOr<std::vector<v1::ApiToken>> List(const db::TokenFilter& filter,
                                                 const std::optional<db::TokenCursor>& after,
                                                 int limit) override;
  absl::StatusOr<v1::ApiToken> Revoke(const std::string& token_id, const db::AuditStamp& stamp,
                                      absl::Time now) override;
  absl::Status RecordUse(const std::string& token_id, absl::Time now) override;

  const StoredToken* Find(const std::string& token_id) const;

  // request_id → (token_id, request hash).
  std::map<std::string, std::pair<std::string, std::string>> requests_;

  // When not OK, what every call but RecordUse answers.
  absl::Status failure = absl::OkStatus();
  // When not OK, what RecordUse answers (the use is still listed in `uses`).
  absl::Status record_use_failure = absl::OkStatus();
  // Runs inside FindBySecretHash after the answer is read and before it is returned: what
  // another call does while this lookup is in flight.
  std::function<void()> while_finding;
  int find_by_hash_calls = 0;
  int create_calls = 0;
  int list_calls = 0;
  int revoke_calls = 0;
  std::optional<db::TokenFilter> last_list_filter;
  std::vector<Use> uses;

 private:
  StoredToken* FindMutable(const std::string& token_id);

  std::vector<StoredToken> tokens_;
};

}  // namespace escala::testing
