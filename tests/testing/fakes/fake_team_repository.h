#pragma once

// Teams in memory with the TeamRepository contract (tests/integration/
// team_repository_contract_test.cc runs against it): ids compared byte for byte, the etag is
// the row version, create/update times are the `now` of the change. No audit events.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "db/directory/team_repository.h"

namespace escala::testing {

class FakeTeamRepository : public db::TeamRepository {
 public:
  // Stores `team` as given (etag "1" when it has none), bypassing the audit stamp.
  void Add(const v1::Team& team);
  bool Contains(const std::string& team_id) const { return teams_.contains(team_id); }

  absl::StatusOr<v1::Team> Create(const v1::Team& team, const db::AuditStamp& stamp,
                                  absl::Time now) override;
  absl::StatusOr<v1::Team> Get(const std::string& team_id) override;
  absl::StatusOr<std::vector<v1::Team>> List(const std::string& after_team_id, int limit) override;
  absl::StatusOr<v1::Team> Update(const v1::Team& team, int64_t expected_version,
                                  const db::AuditStamp& stamp, absl::Time now) override;

  // When not OK, what every call answers.
  absl::Status failure = absl::OkStatus();

 private:
  std::map<std::string, v1::Team> teams_;
};

}  // namespace escala::testing
