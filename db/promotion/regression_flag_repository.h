#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "escala/v1/promotion_regressions.pb.h"

namespace escala::db {

// Which flags List returns; empty/zero fields do not filter.
struct RegressionFlagFilter {
  v1::RegressionFlagState state = v1::REGRESSION_FLAG_STATE_UNSPECIFIED;
  std::string team_id;
  std::string employee_id;
};

// What Raise did: the flag it stored, or the case's flag that was already open.
struct RaisedFlag {
  v1::RegressionFlag flag;
  bool raised = false;
};

// Whether a flag in `state` is open: it holds its case until it is closed.
inline bool IsOpenFlagState(v1::RegressionFlagState state) {
  return state == v1::REGRESSION_FLAG_STATE_OPEN || state == v1::REGRESSION_FLAG_STATE_ACKNOWLEDGED;
}

// Storage of regression flags (table regression_flags). A RegressionFlag message is one flag;
// id, raise_time, update_time and etag (the row version) are set here, everything else is
// stored as given. Every change writes its audit event ("regression_flag",
// "regressionFlags/<id>", before and after) and its feed event
// (db/promotion/regression_flag_events.h) in the transaction of the change; a failed change
// writes neither.
class RegressionFlagRepository {
 public:
  virtual ~RegressionFlagRepository() = default;

  // Stores `flag` (its state should be OPEN) unless its case already has an open flag, which
  // is then answered with raised = false and nothing written: raising is idempotent per case.
  // FAILED_PRECONDITION when the person or the case does not exist.
  virtual absl::StatusOr<RaisedFlag> Raise(const v1::RegressionFlag& flag, const AuditStamp& stamp,
                                           absl::Time now) = 0;
  // NOT_FOUND when there is no such flag.
  virtual absl::StatusOr<v1::RegressionFlag> Get(int64_t id) = 0;
  // Every flag of a promotion case, oldest first.
  virtual absl::StatusOr<std::vector<v1::RegressionFlag>> ListOfCase(int64_t promotion_case_id) = 0;
  // At most `limit` flags newest first (id descending), with ids below `before_id` (0: from the
  // newest).
  virtual absl::StatusOr<std::vector<v1::RegressionFlag>> List(const RegressionFlagFilter& filter,
                                                               int64_t before_id, int limit) = 0;
  // Replaces the stored flag by `after` (same id) if its row version is still
  // `expected_version`: ABORTED (ETAG_MISMATCH) when it moved, NOT_FOUND when it is gone. The
  // open-case guard follows after's state.
  virtual absl::StatusOr<v1::RegressionFlag> Update(const v1::RegressionFlag& after,
                                                    int64_t expected_version,
                                                    const AuditStamp& stamp, absl::Time now) = 0;
};

}  // namespace escala::db
