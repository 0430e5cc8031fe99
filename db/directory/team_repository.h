#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "escala/v1/people.pb.h"

namespace escala::db {

// Storage of teams; create_time, update_time and etag are set by the repository. Every
// mutation writes one audit event ("team", "teams/{team_id}", stamped with `stamp`) in the
// transaction of the change; a failed mutation writes none.
class TeamRepository {
 public:
  virtual ~TeamRepository() = default;

  // ALREADY_EXISTS for a taken team_id.
  virtual absl::StatusOr<v1::Team> Create(const v1::Team& team, const AuditStamp& stamp,
                                          absl::Time now) = 0;
  // NOT_FOUND when there is no such team.
  virtual absl::StatusOr<v1::Team> Get(const std::string& team_id) = 0;
  // At most `limit` teams ordered by team_id, after `after_team_id` (exclusive).
  virtual absl::StatusOr<std::vector<v1::Team>> List(const std::string& after_team_id,
                                                     int limit) = 0;
  // Replaces the stored team if its version is still `expected_version` (else ABORTED;
  // NOT_FOUND when it is gone). The version moves and an event is written even when no field
  // changes.
  virtual absl::StatusOr<v1::Team> Update(const v1::Team& team, int64_t expected_version,
                                          const AuditStamp& stamp, absl::Time now) = 0;
};

}  // namespace escala::db
