#pragma once

// In-memory stand-ins for the identity and people repositories, and a clock tests move by hand,
// for the unit tests of the authenticator, the access gate and the identity handler.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/identity/identity_repository.h"
#include "db/directory/people_repository.h"
#include "server/platform/clock.h"

namespace escala::server::testing {

// A clock that stands still until the test moves it.
class ManualClock {
 public:
  explicit ManualClock(absl::Time start = absl::FromCivil(absl::CivilSecond(2024, 3, 1, 9, 0, 0),
                                                          absl::UTCTimeZone()))
      : now_(start) {}

  absl::Time Now() const { return now_; }
  void Advance(absl::Duration by) { now_ += by; }
  // A Clock reading this one; the ManualClock must outlive it.
  Clock AsClock() { return [this] { return now_; }; }

 private:
  absl::Time now_;
};

// Tokens by id with the hash of their secret. `failure`, when not OK, is what every read answers.
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

  // Stores a token as if created at `created`, bypassing the audit stamp.
  void Add(const v1::ApiToken& token, const std::string& secret_hash, absl::Time created);

  absl::StatusOr<v1::ApiToken> Create(const v1::ApiToken& token, const std::string& secret_hash,
                                      const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::ApiToken> FindBySecretHash(const std::string& secret_hash) override;
  absl::StatusOr<v1::ApiToken> Get(const std::string& token_id) override;
  absl::StatusOr<std::vector<v1::ApiToken>> List(const db::TokenFilter& filter,
                                                 const std::optional<db::TokenCursor>& after,
                                                 int limit) override;
  absl::StatusOr<v1::ApiToken> Revoke(const std::string& token_id, const db::AuditStamp& stamp,
                                      absl::Time now) override;
  absl::Status RecordUse(const std::string& token_id, absl::Time now) override;

  const StoredToken* Find(const std::string& token_id) const;

  absl::Status failure = absl::OkStatus();
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
  std::vector<StoredToken> tokens_;
};

// People by employee id. `failure`, when not OK, is what every call answers.
class FakePeopleRepository : public db::PeopleRepository {
 public:
  void Add(const v1::Person& person);

  absl::StatusOr<v1::Person> Create(const v1::Person& person, const db::AuditStamp& stamp,
                                    absl::Time now) override;
  absl::StatusOr<v1::Person> Get(const std::string& employee_id) override;
  absl::StatusOr<std::vector<v1::Person>> List(const db::PeopleFilter& filter,
                                               const std::string& after_employee_id,
                                               int limit) override;
  absl::StatusOr<v1::Person> Update(const v1::Person& person, int64_t expected_version,
                                    const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<db::UpsertCounts> Upsert(const std::vector<v1::Person>& people,
                                          const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<std::vector<std::string>> FindExisting(
      const std::vector<std::string>& employee_ids) override;

  absl::Status failure = absl::OkStatus();
  int get_calls = 0;

 private:
  absl::flat_hash_map<std::string, v1::Person> people_;
};

// Service accounts by id; the etag is the row version, starting at "1".
class FakeServiceAccountRepository : public db::ServiceAccountRepository {
 public:
  void Add(const v1::ServiceAccount& account);

  absl::StatusOr<v1::ServiceAccount> Create(const v1::ServiceAccount& account, const db::AuditStamp& stamp,
                                            absl::Time now) override;
  absl::StatusOr<v1::ServiceAccount> Get(const std::string& account_id) override;
  absl::StatusOr<std::vector<v1::ServiceAccount>> List(const std::string& after_account_id,
                                                       int limit) override;
  absl::StatusOr<v1::ServiceAccount> Update(const v1::ServiceAccount& account, int64_t expected_version,
                                            const db::AuditStamp& stamp, absl::Time now) override;

  absl::Status failure = absl::OkStatus();
  int create_calls = 0;
  int update_calls = 0;

 private:
  absl::flat_hash_map<std::string, v1::ServiceAccount> accounts_;
};

// Builders for the records the tests seed.
v1::Person MakePerson(const std::string& employee_id, v1::Role role, const std::string& team_id,
                      bool active = true);
v1::ServiceAccount MakeServiceAccount(const std::string& account_id, v1::Role role,
                                      const std::string& client_certificate_cn = "", bool active = true);

// Stores a token of `principal` with id `token_id`, created at `created` and expiring at
// `expires`, and returns its secret.
std::string AddToken(FakeTokenRepository& tokens, const std::string& token_id, const std::string& principal,
                     absl::Time created, absl::Time expires);

}  // namespace escala::server::testing
