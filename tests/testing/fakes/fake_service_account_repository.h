#pragma once

// Service accounts in memory with the ServiceAccountRepository contract (tests/integration/
// identity_repository_contract_test.cc runs against it): the etag is the row version, starting
// at "1". No audit events.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "db/identity/identity_repository.h"

namespace escala::testing {

class FakeServiceAccountRepository : public db::ServiceAccountRepository {
 public:
  // Stores `account` as given (etag "1" when it has none), bypassing the audit stamp.
  void Add(const v1::ServiceAccount& account);

  absl::StatusOr<v1::ServiceAccount> Create(const v1::ServiceAccount& account,
                                            const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::ServiceAccount> Get(const std::string& account_id) override;
  absl::StatusOr<std::vector<v1::ServiceAccount>> List(const std::string& after_account_id,
                                                       int limit) override;
  absl::StatusOr<v1::ServiceAccount> Update(const v1::ServiceAccount& account,
                                            int64_t expected_version, const db::AuditStamp& stamp,
                                            absl::Time now) override;

  // When not OK, what every call answers.
  absl::Status failure = absl::OkStatus();
  int create_calls = 0;
  int update_calls = 0;

 private:
  std::map<std::string, v1::ServiceAccount> accounts_;
};

// A service account with a display name derived from the id, for handler tests.
v1::ServiceAccount MakeServiceAccount(const std::string& account_id, v1::Role role,
                                      const std::string& client_certificate_cn = "",
                                      bool active = true);

}  // namespace escala::testing
