#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "escala/v1/scorecards.pb.h"

namespace escala::db {

// Storage of scorecard versions (table scorecard_versions). A Scorecard message is one version;
// version, state, created_by, the times and the etag are set by the repository. Every change
// writes its audit event in the same transaction.
class ScorecardRepository {
 public:
  virtual ~ScorecardRepository() = default;

  // Stores version 1 of a new scorecard as a draft. ALREADY_EXISTS for a taken scorecard_id.
  virtual absl::StatusOr<v1::Scorecard> Create(const v1::Scorecard& scorecard,
                                               const AuditStamp& stamp, absl::Time now) = 0;
  // One version; version 0 = the newest. NOT_FOUND when there is none.
  virtual absl::StatusOr<v1::Scorecard> Get(const std::string& scorecard_id, int32_t version) = 0;
  // The newest published version (state PUBLISHED); FAILED_PRECONDITION naming the scorecard when
  // it has none or is retired, NOT_FOUND when the scorecard does not exist. A published version
  // never changes, so callers may cache it by (scorecard_id, version).
  virtual absl::StatusOr<v1::Scorecard> GetPublished(const std::string& scorecard_id) = 0;
  // The newest version of each scorecard ordered by scorecard_id, after `after_scorecard_id`
  // (exclusive), at most `limit`; `state` (0 = any) filters on the newest version's state.
  virtual absl::StatusOr<std::vector<v1::Scorecard>> List(const std::string& after_scorecard_id,
                                                          v1::ScorecardState state, int limit) = 0;
  // Every version of one scorecard, newest first, below `before_version` (0 = from the newest).
  virtual absl::StatusOr<std::vector<v1::Scorecard>> ListVersions(const std::string& scorecard_id,
                                                                  int32_t before_version,
                                                                  int limit) = 0;
  // Replaces the content of the newest version if its row version is still `expected_version`
  // (ABORTED otherwise): a draft in place; a published one gets a new draft version. A retired
  // scorecard is FAILED_PRECONDITION.
  virtual absl::StatusOr<v1::Scorecard> Update(const v1::Scorecard& scorecard,
                                               int64_t expected_version, const AuditStamp& stamp,
                                               absl::Time now) = 0;
  // Publishes the newest version, which must be a draft (FAILED_PRECONDITION otherwise) at
  // `expected_version` (ABORTED otherwise); the previously published version becomes SUPERSEDED.
  virtual absl::StatusOr<v1::Scorecard> Publish(const std::string& scorecard_id,
                                                int64_t expected_version, const AuditStamp& stamp,
                                                absl::Time now) = 0;
  // Retires every version; FAILED_PRECONDITION when retired already. The reason goes to the audit
  // event.
  virtual absl::StatusOr<v1::Scorecard> Retire(const std::string& scorecard_id,
                                               const std::string& reason, const AuditStamp& stamp,
                                               absl::Time now) = 0;
};

}  // namespace escala::db
